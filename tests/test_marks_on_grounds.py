"""A mark drawn on a filled ground keeps the ground's fill: the bowl's ✚, ●, path and step
numbers on its contour bands, the board's bull, darts and crosshair on its rings. Drawn on
the chart's ground they punched a dark hole in the band or ring under each (an independent
check of issue 10: a black cell round the least MSE, a black trail along the walk)."""

from __future__ import annotations

import pytest

from dartfit.levels import load_levels
from dartfit.pictures.board import BoardPicture, draw_board
from dartfit.pictures.bowl import BowlPicture, bowl_bounds, draw_bowl
from dartfit.rules import bowl, linear
from tests.conftest import SHIPPED

DESCENT = [lv for lv in load_levels(SHIPPED) if lv.spec.kind == "descent"]
BANDS = ("band-0", "band-1")
RINGS = ("ring-0", "ring-1")


def holes(rows: list[tuple[str, tuple[str, ...]]], grounds: tuple[str, ...]) -> list[str]:
    """The cells inside a run of ground (a ground cell on each side in its row) drawn with
    no ground: the style of each, and where."""
    found = []
    for r, (text, styles) in enumerate(rows):
        for c in range(1, len(styles) - 1):
            style = styles[c]
            if style in grounds or "+" in style or style in ("legend", "axis", ""):
                continue
            left = next((s for s in reversed(styles[:c]) if s in grounds or "+" in s), None)
            right = next((s for s in styles[c + 1 :] if s in grounds or "+" in s), None)
            if left is not None and right is not None and left in grounds:
                found.append(f"{text[c]!r} {style} at ({c}, {r})")
    return found


@pytest.mark.parametrize("size", [(60, 20), (96, 34)])
@pytest.mark.parametrize("level", DESCENT, ids=[lv.id for lv in DESCENT])
def test_the_bowl_s_marks_and_path_keep_the_band_under_them(level, size) -> None:  # type: ignore[no-untyped-def]
    optimum = bowl.to_bowl(level, False, *linear.best_fit(level, "mse"))
    walk = bowl.advance(level, bowl.start(level, False), 4)
    path = tuple(p[:2] for p in walk.path)
    picture = BowlPicture(bowl.xs(level, False), level.y, optimum, path, bowl_bounds(optimum, path))
    rows = draw_bowl(picture, *size).rows()
    assert not holes(rows, BANDS)
    styles = [s for _, row in rows for s in row]
    assert any(s.startswith("bull+band-") for s in styles)  # the ✚ on its band
    assert any(s.startswith("line+band-") for s in styles)  # the path on its bands


@pytest.mark.parametrize("size", [(60, 20), (96, 34)])
def test_the_board_s_bull_darts_and_crosshair_keep_the_ring_under_them(size) -> None:  # type: ignore[no-untyped-def]
    darts = ((0.4, 0.3), (1.6, -0.9), (-2.2, 1.1), (2.9, 2.4), (-0.5, -1.8))
    picture = BoardPicture(5.0, (-1.0, 0.5), darts)
    rows = draw_board(picture, *size).rows()
    assert not holes(rows, RINGS)
    styles = {s for _, row in rows for s in row}
    assert {"bull+ring-0", "aim+ring-0"} <= styles or {"bull+ring-0", "aim+ring-1"} <= styles
    assert any(s.startswith("dart+ring-") for s in styles)
