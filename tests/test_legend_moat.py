"""A legend blanks the ground's characters in the cells round its box (a bowl's bands, a
density's shades), their colours kept, and nothing else: checked cell by cell against the
rule written out one cell at a time, for boxes inside the raster and against its edges."""

from __future__ import annotations

import numpy as np
import pytest

from dartfit.pictures.common import GROUNDS, _moat
from dartfit.pictures.raster import Raster

STYLES = ("band-0", "shade-2", "axis", "point", "", "band-1-under", "legend")


def _raster(seed: int) -> Raster:
    rng = np.random.default_rng(seed)
    raster = Raster(30, 12)
    for row in range(raster.height):
        for col in range(raster.width):
            raster.put(col, row, str(rng.integers(0, 10)), STYLES[rng.integers(0, len(STYLES))])
    return raster


def _moat_cell_by_cell(raster: Raster, box: tuple[int, int, int, int]) -> None:
    c0, r0, box_w, box_h = box
    for row in range(r0 - 1, r0 + box_h + 1):
        for col in range(c0 - 1, c0 + box_w + 1):
            if raster.inside(col, row) and raster.styles[row][col].startswith(GROUNDS):
                raster.chars[row][col] = " "


@pytest.mark.parametrize(
    "box", [(5, 3, 10, 4), (0, 0, 8, 3), (22, 9, 8, 3), (-2, -1, 6, 4), (25, 10, 9, 5)]
)
@pytest.mark.parametrize("seed", range(3))
def test_the_moat_blanks_the_grounds_round_the_box_and_nothing_else(
    box: tuple[int, int, int, int], seed: int
) -> None:
    drawn, expected = _raster(seed), _raster(seed)
    _moat(drawn, box)
    _moat_cell_by_cell(expected, box)
    assert drawn.chars == expected.chars and drawn.styles == expected.styles
    assert drawn.chars != _raster(seed).chars  # some ground round each box was blanked
