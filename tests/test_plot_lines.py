"""A line plotext draws passes through the cells its values name: at each of the marker's
fine columns, the fine row the line's value falls in there (two where it crosses from one
to the next), never another (pure: Figures and the text plotext draws from them).

Between two points plotext stepped with int(), rounding down: crickets' fit at 80×24
(ŷ 79.6 to 82.7 on rows labelled 65, 75, 85, 95) ran along the row of 75 and climbed to 85's
at its last column, where the line crosses 80 a sixth of the way along."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from dartfit.pictures.figure import Figure, Series
from dartfit.pictures.ticks import evened, x_axis
from dartfit.widgets.plot import _y_ticks, build
from tests.test_plot_rows import plot_rows

# hd's quadrants: which of (upper left, upper right, lower left, lower right) each inks
QUADRANTS = {
    "▘": "1000",
    "▝": "0100",
    "▀": "1100",
    "▖": "0010",
    "▌": "1010",
    "▞": "0110",
    "▛": "1110",
    "▗": "0001",
    "▚": "1001",
    "▐": "0101",
    "▜": "1101",
    "▄": "0011",
    "▙": "1011",
    "▟": "0111",
    "█": "1111",
}


CORNERS = ((0, 1), (1, 1), (0, 0), (1, 0))
"""Each quadrant's fine cell within its cell: (right of its left, above its foot)."""


def inked(rows: list[str]) -> set[tuple[int, int]]:
    """The fine cells (column from the left, row from the bottom) hd inks in plot rows."""
    cells = set()
    for i, row in enumerate(rows):
        bottom = 2 * (len(rows) - 1 - i)  # the fine row of this row's lower half
        for j, char in enumerate(row):
            quadrants = zip(QUADRANTS.get(char, "0000"), CORNERS, strict=True)
            for bit, (dx, dy) in quadrants:
                if bit == "1":
                    cells.add((2 * j + dx, bottom + dy))
    return cells


@given(
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.sampled_from([(40, 8), (60, 11), (39, 7), (100, 20)]),
)
def test_a_gentle_line_is_drawn_in_the_fine_row_of_its_value_at_every_column(a, b, size) -> None:
    width, height = size
    lo, hi = 65.0, 95.0
    ya, yb = lo + a * (hi - lo), lo + b * (hi - lo)
    line = Series((0.0, 10.0), (ya, yb), "line", "line", "hd")
    figure = Figure((line,), xlim=(0.0, 10.0), ylim=(lo, hi))
    rows = plot_rows(build(figure, width, height))
    canvas = [row.rstrip("│") for row in rows]
    axis = _y_ticks(figure, len(canvas))
    label_w = max(len(label) for label in axis.labels)
    x_ticks = x_axis(0.0, 10.0, width - label_w - 3, False)
    x_ticks = evened(x_ticks, 0.0, 10.0, width - label_w - 2, whole=False)
    fine_cols = 2 * len(canvas[0])
    per_row = (axis.hi - axis.lo) / (len(canvas) - 1)  # a row's height, labels apart
    if abs(yb - ya) / per_row * 2 > (x_ticks.hi - x_ticks.lo) / 10 * fine_cols:
        return  # steeper than a fine row a column: not a gentle line
    drawn = inked(canvas)
    # the value anywhere in the fine column: half a column either side of its middle
    slack = abs(yb - ya) / per_row * (x_ticks.hi - x_ticks.lo) / 10.0 / (fine_cols - 1)
    for column in range(fine_cols):
        x = x_ticks.lo + column / (fine_cols - 1) * (x_ticks.hi - x_ticks.lo)
        if not 0.0 <= x <= 10.0:
            continue
        value = ya + (yb - ya) * x / 10.0
        place = 2 * ((value - axis.lo) / per_row + 0.5)  # in fine rows, from the bottom
        if not slack < place < 2 * len(canvas) - slack:
            continue  # off the chart, or at its edge
        ink = {r for c, r in drawn if c == column}
        held = range(math.floor(place - slack), math.floor(place + slack) + 1)
        assert ink and all(row in held for row in ink), (column, value, sorted(ink), place)
