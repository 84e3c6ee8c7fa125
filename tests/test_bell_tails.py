"""The likelihood bell's tails lie level to its edges: far out the curve is all but 0, and it
is drawn on one dot row there, not a dot lower where the density is lost against 1."""

from __future__ import annotations

import numpy as np
import pytest

from dartfit.pictures.bell import BellPicture, bell_view, draw_bell
from dartfit.pictures.common import nearest_cell


@pytest.mark.parametrize("size", [(46, 6), (50, 6), (84, 11), (120, 20)])
def test_the_bells_far_tails_are_drawn_on_one_dot_row(size: tuple[int, int]) -> None:
    """A student's check at 80×24 on level 23 with the line at its start: the bell's 0 % row
    read "⠤⠤⠤⠤⠤⠤⠤⠴⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠋": a step in the tail at −8.5σ, as if the noise had a
    shoulder there. The 0 % level lies between two dot rows, and a density below the last
    bit of 1 went to the lower one, a density just above it to the upper."""
    picture = BellPicture(np.array([-11.5, 11.5]), 1.0)  # misses out to ±12σ
    width, height = size
    text, styles = draw_bell(picture, width, height).rows()[height - 2]  # the 0 % row
    left, view = bell_view(picture, width, height)
    near = {left + round(view.col(r)) for r in np.linspace(-4.0, 4.0, 81)}
    tails = {
        _dot_rows(ch) for col, ch in enumerate(text) if styles[col] == "line" and col not in near
    }
    assert len(tails) == 1, text


def _dot_rows(char: str) -> frozenset[int]:
    """The dot rows (0 at the top … 3) a braille character has dots on."""
    bits = ord(char) - 0x2800
    return frozenset(row for row, mask in enumerate((0x09, 0x12, 0x24, 0xC0)) if bits & mask)


@pytest.mark.parametrize("sigma", [0.001, 0.01, 0.1, 0.3, 1.0])
@pytest.mark.parametrize("size", [(46, 6), (50, 7), (84, 11), (120, 20)])
def test_the_bells_peak_reaches_100_percent_however_narrow_it_is(
    sigma: float, size: tuple[int, int]
) -> None:
    """A checker's σ = 0.1 on level 23 at 80×24, the misses out to ±90σ: the curve, sampled
    at its dots alone, came no nearer its peak than ±1.7σ, and the peak was drawn at 25 % on
    an axis up to 100 %. Its top is on the 100 % row, at every width and σ."""
    picture = BellPicture(np.array([-10.0, 0.37, 10.0]), sigma)
    rows = draw_bell(picture, *size).rows()
    top = min(row for row, (_, styles) in enumerate(rows) if "line" in styles)
    _, view = bell_view(picture, *size)
    assert top == nearest_cell(view.row(1.0)), "\n".join(text for text, _ in rows)
