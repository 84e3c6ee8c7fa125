"""The fit chart's squares and misses, drawn for all points at once, agree cell for cell
with drawing them one point at a time (the first version's loops, kept here as the oracle),
for any points, any line, any selected point and any chart size.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit.pictures import fit, marks
from dartfit.pictures.common import AXIS_WIDTH
from dartfit.pictures.fit import FitPicture, draw_fit, fit_bounds
from dartfit.pictures.raster import Raster, Row, View
from dartfit.wording import num


def _loops(pic: FitPicture, width: int, height: int) -> list[tuple[str, tuple[str, ...]]]:
    """The chart drawn by the oracle: each square and miss painted one point at a time."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fit, "_draw_squares", _draw_squares)
        patch.setattr(fit, "_draw_residuals", _draw_residuals)
        patch.setattr(fit, "_draw_points", _draw_points)
        return draw_fit(pic, width, height).rows()


def _lists(*arrays: object) -> list[list]:  # type: ignore[type-arg]
    return [a.tolist() if isinstance(a, np.ndarray) else list(a) for a in arrays]  # type: ignore[call-overload]


def _draw_points(
    raster: Raster, pic: FitPicture, cols: list[int], rows: list[float], plot_h: int
) -> None:
    cols, rows = _lists(cols, rows)
    on = [
        (col, round(row)) for col, row in zip(cols, rows, strict=True) if 0 <= round(row) < plot_h
    ]
    for i, col in enumerate(cols):
        row = round(rows[i])
        if 0 <= row < plot_h:
            glyph = "◍" if on.count((col, row)) > 1 else "●"  # a cell two points lie in
            if i == pic.selected:
                raster.put(col, row, "◉", "point-selected")
            elif raster.styles[row][col] in ("square", "square-flat", "square-overlap"):
                raster.put(col, row, glyph, raster.styles[row][col])
            else:
                raster.put(col, row, glyph, "point")
        else:  # off the chart: an arrow on the edge says where it went
            raster.put(col, 0 if row < 0 else plot_h - 1, "▲" if row < 0 else "▼", "point")


def _draw_residuals(
    raster: Raster,
    pic: FitPicture,
    cols: list[int],
    rows: list[float],
    line_rows: list[float],
    plot_h: int,
) -> None:
    """Each miss as a dotted column from the point to the line, in a square's own colours
    where it crosses one; a square's edge left as it is (but on a chart scored by MAE)."""
    cols, rows, line_rows = _lists(cols, rows, line_rows)
    for i, col in enumerate(cols):
        if not 0 <= col < raster.width:
            continue
        own = "residual-selected" if i == pic.selected else "residual"
        r0, r1 = sorted((rows[i], line_rows[i]))
        for row in range(max(math.ceil(r0), 0), min(math.floor(r1), plot_h - 1) + 1):
            styles, chars = raster.styles[row], raster.chars[row]
            on_square = styles[col].startswith("square")
            if on_square and chars[col] in "".join(JOINED.values()) and not pic.mae:
                continue
            if not on_square:
                styles[col] = own
            chars[col] = "┊"


def _draw_squares(
    raster: Raster,
    pic: FitPicture,
    view: View,
    cols: list[int],
    rows: list[float],
    line_rows: list[float],
    left: int,
    _found: object = None,  # the chart's own boxes, not read: this draws them afresh
) -> fit.SquareLabel | None:
    """Penalty squares: side = the miss, h rows tall and 2·h columns wide on screen.

    Each is painted whole, opaque, its inside blank and its outline over it, the largest
    first and each smaller one over it (of two alike, the later point's), the selected
    square last: a square painted over a cell keeps only the ways its edges leave the cell
    that were there before and lead out of it, so an edge behind meets it in a join. A
    square goes to the right of its point, or to the left where the right edge would cut
    it (or touch the chart's last column), or, where both would, shifted sideways to lie
    wholly inside the plot. The largest
    is labelled with its area, the squared miss: its box, text and point are returned, to
    go on after the points."""
    cols, rows, line_rows = _lists(cols, rows, line_rows)
    plot_h = view.height
    boxes: dict[int, tuple[int, int, int, int, str]] = {}
    tallest = 2.0 * (raster.width + plot_h)
    sides = [min(abs(row - at), tallest) for row, at in zip(rows, line_rows, strict=True)]
    order = sorted(range(len(cols)), key=lambda i: (i == pic.selected, -sides[i], i))
    for i in order:
        col = cols[i]
        h = sides[i]
        if h < 0.5:
            continue
        w = max(round(2 * h), 1)
        # the chart's last column kept clear, where the plot holds the square without it
        bound = raster.width - 2 if w <= raster.width - 2 - left else raster.width - 1
        fits_right, fits_left = col + w <= bound, col - w >= left
        right = fits_right or (not fits_left and bound - col >= col - left)
        c0, c1 = (col, col + w) if right else (col - w, col)
        if not (fits_right or fits_left):  # shifted sideways, wholly inside the plot
            c0 = max(left, min(c0, bound - w))
            c1 = c0 + w
        r0, r1 = sorted((round(rows[i]), round(line_rows[i])))
        flat = max(r0, 0) == min(r1, plot_h - 1)  # one row tall on screen
        style = ("square-selected" if i == pic.selected else "square") + ("-flat" if flat else "")
        boxes[i] = (max(c0, left), r0, min(c1, raster.width - 1), r1, style)
    for c0, r0, c1, r1, style in boxes.values():
        _paint_box(raster, c0, r0, c1, r1, style, plot_h)
    if boxes:  # the largest, painted first, framed whole over the others
        big = min(boxes, key=lambda i: (-sides[i], i))
        c0, r0, c1, r1, _ = boxes[big]
        for row in range(max(r0, 0), min(r1, plot_h - 1) + 1):
            for col in range(c0, c1 + 1):
                mine = outline_ways((c0, r0, c1, r1), col, row)
                if mine:
                    ways = raster.__dict__["ways"][col, row]
                    ways |= mine
                    raster.chars[row][col] = JOINED[frozenset(ways)]
    for row in range(plot_h):  # under two squares or more: the deeper fill (not the selected)
        for col in range(raster.width):
            depth = sum(c0 <= col <= c1 and r0 <= row <= r1 for c0, r0, c1, r1, _ in boxes.values())
            if depth > 1 and raster.styles[row][col] in ("square", "square-flat"):
                raster.styles[row][col] = "square-overlap"
    areas = (pic.y - (pic.m * pic.x + pic.b)) ** 2
    largest = int(np.argmax(areas)) if areas.size else -1
    if pic.label_largest and largest in boxes:
        point = (cols[largest], min(max(round(rows[largest]), 0), view.height - 1))
        return fit.SquareLabel(boxes[largest], f"e²={num(float(areas[largest]), 3)}", point)
    return None


JOINED = {
    frozenset("u"): "|",
    frozenset("d"): "|",
    frozenset("ud"): "|",
    frozenset("l"): "─",
    frozenset("r"): "─",
    frozenset("lr"): "─",
    frozenset("rd"): "┌",
    frozenset("ld"): "┐",
    frozenset("ru"): "└",
    frozenset("lu"): "┘",
    frozenset("udr"): "├",
    frozenset("udl"): "┤",
    frozenset("lrd"): "┬",
    frozenset("lru"): "┴",
    frozenset("udlr"): "┼",
}
"""A cell of the outlines by the ways (up, down, left, right) edges leave it."""


def outline_ways(box: tuple[int, int, int, int], col: int, row: int) -> set[str]:
    """The ways (up, down, left, right) a box's own edges leave a cell of it (none inside)."""
    c0, r0, c1, r1 = box
    ways = set()
    if row in (r0, r1):
        ways |= {"r"} if col < c1 else set()
        ways |= {"l"} if col > c0 else set()
    if col in (c0, c1):
        ways |= {"d"} if row < r1 or r0 == r1 else set()  # a box a row tall: ┌─┐
        ways |= {"u"} if row > r0 else set()
    return ways


STEPS = {"u": (0, -1), "d": (0, 1), "l": (-1, 0), "r": (1, 0)}
"""Each way out of a cell: the step (column, row) to the next cell."""


def _paint_box(raster: Raster, c0: int, r0: int, c1: int, r1: int, style: str, plot_h: int) -> None:
    """A box, opaque, over the boxes painted before it, in its style (its rows beyond the
    plot left out): each cell of it joins the ways its own edges leave the cell to the ways
    there before that lead out of the box (kept in `raster.ways`, a test's own attribute)."""
    ways: dict[tuple[int, int], set[str]] = raster.__dict__.setdefault("ways", {})
    for row in range(max(r0, 0), min(r1, plot_h - 1) + 1):
        for col in range(c0, c1 + 1):
            kept = {
                way
                for way in ways.get((col, row), set())
                if not (c0 <= col + STEPS[way][0] <= c1 and r0 <= row + STEPS[way][1] <= r1)
            }
            ways[col, row] = kept | outline_ways((c0, r0, c1, r1), col, row)
            glyph = JOINED[frozenset(ways[col, row])] if ways[col, row] else " "
            raster.put(col, row, glyph, style)


def shown_ways(boxes: marks.Boxes, i: int, col: int, row: int) -> set[str]:
    """The ways square i's own edges leave a cell that show on the chart: all of them for the
    largest square (framed whole), else those whose step to the next cell no square drawn
    over it (a smaller one, or a later one alike) holds both cells of."""
    drawn = np.flatnonzero(boxes.drawn).tolist()
    own = outline_ways(boxes.box(i), col, row)
    if i == min(drawn, key=lambda j: (-boxes.sides[j], j)):
        return own

    def holds(box: tuple[int, int, int, int], c: int, r: int) -> bool:
        return box[0] <= c <= box[2] and box[1] <= r <= box[3]

    front = [boxes.box(j) for j in drawn if (boxes.sides[j], -j) < (boxes.sides[i], -i)]
    return {
        way
        for way in own
        if not any(
            holds(f, col, row) and holds(f, col + STEPS[way][0], row + STEPS[way][1]) for f in front
        )
    }


coords = st.integers(min_value=-2_000, max_value=2_000).map(lambda v: v / 100)


@settings(max_examples=60, deadline=None)
@given(
    points=st.lists(st.tuples(coords, coords), min_size=1, max_size=60),
    line=st.tuples(coords, coords),
    selected=st.none() | st.integers(min_value=0, max_value=59),
    size=st.sampled_from([(40, 12), (80, 24), (96, 34), (150, 45)]),
    squares=st.booleans(),
    narrow=st.booleans(),
    mae=st.booleans(),
)
def test_all_at_once_agrees_with_one_point_at_a_time(
    points: list[tuple[float, float]],
    line: tuple[float, float],
    selected: int | None,
    size: tuple[int, int],
    squares: bool,
    narrow: bool,
    mae: bool,
) -> None:
    x, y = np.array(points).T
    bounds = fit_bounds(x, y, lines=[line]) if np.ptp(x) > 0 else (-25.0, 25.0, -25.0, 25.0)
    if narrow:  # points above and below the chart: arrows on its edges (and no squares,
        # which the loops painted onto the edge rows even when wholly off the chart)
        x_lo, x_hi, y_lo, y_hi = bounds
        bounds, squares = (x_lo, x_hi, y_lo + (y_hi - y_lo) / 3, y_hi - (y_hi - y_lo) / 3), False
    pic = FitPicture(x, y, *line, bounds, squares=squares, selected=selected, mae=mae)
    assert draw_fit(pic, *size).rows() == _loops(pic, *size)


def test_two_thousand_points_agree_too() -> None:
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 10, 2_000)
    y = 2 * x + 1 + rng.normal(0, 1.5, 2_000)
    for m, b in ((0.0, 1.0), (2.0, 1.0), (4.0, -3.0)):
        pic = FitPicture(x, y, m, b, fit_bounds(x, y, lines=[(m, b)]), selected=17)
        assert draw_fit(pic, 87, 34).rows() == _loops(pic, 87, 34)


def _marks(pic: FitPicture, width: int, height: int, oracle: bool) -> list[Row]:
    """The squares, misses and points alone (no line drawn over them), by either painter."""
    raster = Raster(width, height)
    view = View(*pic.bounds, width=width - AXIS_WIDTH, height=height - 1)
    cols = np.round(view.col(pic.x)).astype(np.int64) + AXIS_WIDTH
    rows, line_rows = view.row(pic.y), view.row(pic.m * pic.x + pic.b)
    squares, residuals, points = (
        (_draw_squares, _draw_residuals, _draw_points)
        if oracle
        else (fit._draw_squares, fit._draw_residuals, fit._draw_points)
    )
    squares(raster, pic, view, cols, rows, line_rows, AXIS_WIDTH)
    residuals(raster, pic, cols, rows, line_rows, view.height)
    points(raster, pic, cols, rows, view.height)
    return raster.rows()


@settings(max_examples=60, deadline=None)
@given(
    points=st.lists(st.tuples(coords, coords), min_size=1, max_size=40),
    line=st.tuples(coords, coords),
    selected=st.none() | st.integers(min_value=0, max_value=39),
)
def test_the_marks_alone_agree_under_no_line(
    points: list[tuple[float, float]], line: tuple[float, float], selected: int | None
) -> None:
    x, y = np.array(points).T
    bounds = fit_bounds(x, y, lines=[line]) if np.ptp(x) > 0 else (-25.0, 25.0, -25.0, 25.0)
    pic = FitPicture(x, y, *line, bounds, selected=selected)
    assert _marks(pic, 80, 24, oracle=False) == _marks(pic, 80, 24, oracle=True)


@pytest.mark.parametrize("selected", [None, 0, 1])
def test_a_square_one_row_tall_agrees_too(selected: int | None) -> None:
    # rows 4.4 and 3.5 both round to row 4: a miss of 0.9 rows, a square of one row
    x, y = np.array([2.0, 8.0, 5.0]), np.array([5.6, 1.0, 6.2])
    pic = FitPicture(x, y, 0.0, 6.5, (0.0, 10.0, 0.0, 10.0), selected=selected)
    assert _marks(pic, 60, 12, oracle=False) == _marks(pic, 60, 12, oracle=True)


@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=1, max_size=60))
def test_the_count_of_distinct_points_agrees_with_numpys_unique(pairs) -> None:
    """How many spots the points lie on (which decides shading), counted without np.unique."""
    from dartfit.rules.fit import _spots

    xy = np.array(pairs, dtype=float)
    assert _spots(xy[:, 0], xy[:, 1]) == np.unique(xy, axis=0).shape[0]


TINY = [(scale, offset * scale) for scale in (1e-12, 1e-20, 1e-44, 1e-49) for offset in (0, -1e5)]
"""Scales down to the sandbox's smallest spread (1e−50), each at 0 and off it."""


@pytest.mark.parametrize(
    ("scale", "offset"),
    [*itertools.product([1e-9, 1e-5, 1e-2, 0.3, 1.0, 1e3, 1e7], [0.0, 1.0, -2005.0]), *TINY],
)
def test_points_spread_across_the_chart_at_any_scale(scale: float, offset: float) -> None:
    """x = 1e−5…3e−4 had a margin of 0.25 on each side of it, and all 30 points were drawn
    in one column: at any scale the points fill most of the chart's width and height.
    Below 1e−10 the view was rounded out to a step of 1e−10 at least: x from 1e−45 to
    3e−44 (a CSV the sandbox takes) was drawn ±1e−10 wide, in one column."""
    i = np.arange(1.0, 31.0)
    x, y = offset + scale * i, 2 * scale * i + scale * (i % 3)
    bounds = fit_bounds(x, y)
    x_lo, x_hi, y_lo, y_hi = bounds
    assert np.ptp(x) >= 0.5 * (x_hi - x_lo) and np.ptp(y) >= 0.5 * (y_hi - y_lo), bounds
    width, height = 80, 21
    pic = FitPicture(x, y, 0.0, float(np.mean(y)), bounds, squares=False, residuals=False)
    view = fit._plot_view(pic, width, height)
    assert len(np.unique(np.round(view.col(x)))) >= 20  # of 30 points, in 73 columns


@settings(max_examples=80, deadline=None)
@given(
    ranges=st.lists(
        st.tuples(st.integers(-2, 8), st.integers(-5, 30), st.integers(-5, 30)), max_size=40
    ),
    width=st.integers(1, 25),
)
def test_the_largest_range_over_each_cell_agrees_with_a_loop(
    ranges: list[tuple[int, int, int]], width: int
) -> None:
    # few cells covered take one path, many the other (a table a power of two): both agree
    shape = (6, width)
    want = np.full(shape, -1)
    for who, (line, first, last) in enumerate(ranges):
        for cell in range(max(first, 0), min(last, width - 1) + 1):
            if 0 <= line < shape[0]:
                want[line, cell] = max(want[line, cell], who)
    lines, firsts, lasts = (
        (np.array(part, dtype=np.int64) for part in zip(*ranges, strict=True))
        if ranges
        else (np.zeros(0, dtype=np.int64),) * 3
    )
    got = marks.range_max(lines, firsts, lasts, np.arange(len(ranges)), shape)
    assert got.tolist() == want.tolist()


@settings(max_examples=80, deadline=None)
@given(
    sets=st.lists(
        st.lists(st.tuples(*(st.integers(-4, 22) for _ in range(4))), min_size=3, max_size=3),
        max_size=30,
    ),
    shape=st.tuples(st.integers(1, 18), st.integers(1, 20)),
    high=st.booleans(),
)
def test_the_front_box_over_each_cell_agrees_with_a_loop(
    sets: list[list[tuple[int, int, int, int]]], shape: tuple[int, int], high: bool
) -> None:
    # three sets of boxes, each box clipped to the grid or off it; ranks past 32,767 too
    # (the tables are of two bytes a rank below that)
    rank = np.random.default_rng(len(sets)).permutation(len(sets)) + (40_000 if high else 0)
    boxes = []
    for layer in range(3):
        corners = [[box[layer][k] for box in sets] for k in range(4)]
        boxes.append(tuple(np.array(c, dtype=np.int64) for c in corners))
    want = np.full((3, *shape), -1)
    for layer, (c0, r0, c1, r1) in enumerate(boxes):
        for i, who in enumerate(rank.tolist()):
            for row in range(max(r0[i], 0), min(r1[i], shape[0] - 1) + 1):
                for col in range(max(c0[i], 0), min(c1[i], shape[1] - 1) + 1):
                    want[layer, row, col] = max(want[layer, row, col], who)
    got = marks._fronts(boxes, rank.astype(np.int64), shape)
    assert got.tolist() == want.tolist()


def test_a_smaller_square_hides_what_of_a_larger_one_lies_inside_it() -> None:
    """Fine-tune's twenty squares at 80×24, each outline drawn whole over the others, read
    as a fence of sides ("||| ||||"): a smaller square is drawn over a larger one, opaque,
    and the larger one's edge that runs into it stops at its outline in a join. The
    largest, the one labelled, is framed whole over them all (not lost behind them)."""
    raster = Raster(32, 13)
    # the largest square around the others; a middle one; a small one across its right side
    largest, middle, small = (0, 0, 29, 11), (2, 2, 20, 10), (15, 5, 25, 10)
    boxes = marks.Boxes(
        np.array([True, True, True]),
        *(np.array(corner) for corner in zip(largest, middle, small, strict=True)),
        np.array([11.0, 8.0, 5.0]),
    )
    marks.draw_squares(raster, boxes, 13, None)
    chars = ["".join(row) for row in raster.chars]
    assert chars[5][20] == "┴"  # the middle one's side meets the small one's top
    assert chars[7][16:25] == " " * 9  # inside the small one: none of the middle one's side
    assert chars[3][20] == "|" and chars[10][25] == "┘"
    assert chars[0][:3] == "┌──" and chars[11][27:30] == "──┘" and chars[6][29] == "|"
