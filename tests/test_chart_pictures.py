"""The character charts can be read: nice ticks, the line in view, countable squares, a round
scaled bowl, a board with a scale, and shapes that carry without colour."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from dartfit.levels import Level, load_levels, sandbox_level
from dartfit.pictures import fit as fit_picture
from dartfit.pictures import marks
from dartfit.pictures.board import BoardPicture, dart_clusters, draw_board, stack_mark
from dartfit.pictures.bowl import BowlPicture, bowl_bounds, draw_bowl
from dartfit.pictures.common import AXIS_WIDTH, axes, even_rows, nearest_cell
from dartfit.pictures.fit import (
    CAPTION,
    MAE_CAPTION,
    FitPicture,
    Placed,
    draw_fit,
    fit_bounds,
    level_bounds,
)
from dartfit.pictures.raster import Raster, Row, View
from dartfit.pictures.ticks import inside_ticks as ticks
from dartfit.pictures.ticks import label_offset, offset_note, shifted, tick_labels
from dartfit.rules import bowl, fit, guess, linear, points
from dartfit.screens.fit_chart import chart_picture
from dartfit.wording import MINUS, num
from tests.conftest import SHIPPED, inked
from tests.test_fit_drawing import JOINED, shown_ways
from tests.test_labelled_ticks import AWKWARD, without_note

LEVELS = {lv.id: lv for lv in load_levels(SHIPPED)}
LINE_LEVELS = [lv for lv in LEVELS.values() if lv.spec.kind in ("line", "mae") and lv.x.size < 1000]
POINTS_LEVELS = [lv for lv in LEVELS.values() if lv.spec.kind == "points"]
SIZES = [(56, 16), (96, 34), (180, 44)]  # the chart at 80×24, 120×40 and 200×50


def _sandbox() -> Level:
    rng = np.random.default_rng(3)
    x = rng.uniform(150, 190, 30)  # heights: far from x = 0, as real data is
    return fit.playable(
        sandbox_level(Path("mine.csv"), x, 0.9 * x - 90 + rng.normal(0, 4, 30), "x", "y")
    )


def under_legend(pic: FitPicture, width: int, height: int) -> tuple[list[Row], int]:
    """A drawn chart's rows under its legend's own rows, where it has any (`_legend_above`:
    where no corner holds the legend whole), and how many they are: the chart as drawn in
    that height, for a test to find its marks where that height's view puts them."""
    above = len(fit_picture._legend_above(pic, width, height))
    return draw_fit(pic, width, height).rows()[above:], height - above


def _is_nice(step: float) -> bool:
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    return any(math.isclose(mantissa, f) for f in (1.0, 2.0, 5.0))


NUMBER = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"


def _y_labels(rows: list[Row]) -> list[float]:
    labels = [
        text[: text.index("┤")].strip().replace(MINUS, "-") for text, _ in rows if "┤" in text
    ]
    return [float(t) for t in labels if re.fullmatch(NUMBER, t)]


def _x_labels(rows: list[Row]) -> list[float]:
    axis = without_note(rows[-1][0])
    axis = axis[axis.index("└") :].replace(MINUS, "-")
    return [float(t) for t in re.findall(NUMBER, axis)]


@pytest.mark.parametrize(
    ("lo", "hi", "most"),
    [(0, 10, 5), (-3.7, 12.9, 6), (0.001, 0.0042, 4), (40, 60, 9), (-1e5, 3e5, 7)],
)
def test_ticks_are_at_least_four_evenly_spaced_round_values_inside_the_range(
    lo: float, hi: float, most: int
) -> None:
    values, step = ticks(lo, hi, most)
    assert len(values) >= 4
    assert _is_nice(step)
    assert all(lo - 1e-9 * step <= v <= hi + 1e-9 * step for v in values)
    assert np.allclose(np.diff(values), step)
    assert all(math.isclose(v / step, round(v / step), abs_tol=1e-9) for v in values)


def test_ticks_do_not_flip_on_the_last_bit_of_a_float() -> None:
    exact = ticks(0.0, 10.0, 6)
    for lo, hi in [(np.nextafter(0.0, -1), 10.0), (0.0, np.nextafter(10.0, 0)), (1e-17, 10.0)]:
        assert ticks(float(lo), float(hi), 6) == exact


def test_tick_labels_use_the_minus_sign_and_show_round_off_as_zero() -> None:
    """The character charts label their ticks as the plotext charts do: one function."""
    assert tick_labels((-2.5, -2.0), 0.5) == (f"{MINUS}2.5", f"{MINUS}2.0")
    assert tick_labels((-0.1, 1e-17, 0.1), 0.1) == (f"{MINUS}0.1", "0.0", "0.1")
    assert tick_labels((0.30000000000000004, 0.4), 0.1) == ("0.3", "0.4")


AWKWARD_LEVELS = [
    fit.playable(sandbox_level(Path("mine.csv"), x, y, "x", "y")) for x, y in AWKWARD.values()
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "level", [*LINE_LEVELS, *AWKWARD_LEVELS], ids=[*(lv.id for lv in LINE_LEVELS), *AWKWARD]
)
def test_the_fit_chart_labels_each_axis_with_at_least_four_ticks(
    level: Level, size: tuple[int, int]
) -> None:
    """On every line level and on awkward data of a student's own (the sandbox): at 80×24
    the chart of x from −2e4 to 2e4 read "−10000 0 10000", and of x up to 3e−6 "0 1e−6
    2e−6": a label its end cut (−20000, 20000, 3e−6) was left out, not moved in."""
    m, b = linear.start_line(level)
    rows = draw_fit(FitPicture(level.x, level.y, m, b, level_bounds(level)), *size).rows()
    _assert_nice_labels(rows)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("level", POINTS_LEVELS, ids=[lv.id for lv in POINTS_LEVELS])
def test_the_points_chart_labels_each_axis_with_at_least_four_ticks(
    level: Level, size: tuple[int, int]
) -> None:
    bounds = fit_bounds(level.x, level.y, points.point_limits(level))
    m, b = linear.best_fit(level, "mse")
    _assert_nice_labels(draw_fit(FitPicture(level.x, level.y, m, b, bounds), *size).rows())


def _assert_nice_labels(rows: list[Row]) -> None:
    for labels in (_y_labels(rows), _x_labels(rows)):
        assert len(labels) >= 4, rows
        steps = np.diff(labels)
        assert np.allclose(steps, steps[0], rtol=1e-6, atol=0) and _is_nice(abs(float(steps[0])))
    assert_labels_on_their_ticks(rows[-1][0])


@pytest.mark.parametrize(
    "level", [*LINE_LEVELS, _sandbox()], ids=[*(lv.id for lv in LINE_LEVELS), "sandbox"]
)
def test_the_start_line_and_the_best_line_lie_inside_the_plot(level: Level) -> None:
    x_lo, x_hi, y_lo, y_hi = level_bounds(level)
    for m, b in (linear.start_line(level), linear.best_fit(level, "mse")):
        for x in (float(np.min(level.x)), float(np.max(level.x))):
            assert y_lo <= m * x + b <= y_hi
    m, b = linear.start_line(level)
    raster = draw_fit(FitPicture(level.x, level.y, m, b, (x_lo, x_hi, y_lo, y_hi)), 96, 34)
    line_cells = [  # the line's own cells and those over a square (its fill kept)
        col
        for _, styles in raster.rows()[:-1]
        for col, s in enumerate(styles)
        if s in ("line", "line-square")
    ]
    assert min(line_cells) <= AXIS_WIDTH + 2 and max(line_cells) >= 96 - 3  # across the plot


def test_a_line_that_leaves_the_view_gets_an_arrow_at_the_edge() -> None:
    x, y = np.array([0.0, 5.0, 10.0]), np.array([1.0, 2.0, 3.0])
    rows = draw_fit(FitPicture(x, y, 0.0, 50.0, fit_bounds(x, y)), 60, 20).rows()
    assert rows[0][0][AXIS_WIDTH] == "▲" and rows[0][1][AXIS_WIDTH] == "line"


def _one_square(point_x: float) -> tuple[list[Row], View]:
    x, y = np.array([point_x, 9.0]), np.array([6.0, 0.0])
    bounds = (0.0, 10.0, -1.0, 9.0)
    pic = FitPicture(x, y, 0.0, 0.0, bounds)
    return draw_fit(pic, 80, 21).rows(), fit_picture._plot_view(pic, 80, 21)  # the chart's view


@pytest.mark.parametrize("point_x", [1.0, 9.5])
def test_a_square_is_outlined_on_all_sides_and_lies_wholly_inside_the_plot(point_x: float) -> None:
    rows, view = _one_square(point_x)
    col = round(view.col(point_x)) + AXIS_WIDTH
    top, bottom = round(view.row(6.0)), round(view.row(0.0))
    assert rows[top][0][col] == "●"  # the point sits on the square's corner
    top_text = rows[top][0]
    right = "┐" in top_text[col:]
    far = top_text.index("┐", col) if right else top_text.rindex("┌", 0, col)
    assert right == (point_x < 5)  # flipped to the left at the right edge, never cut off
    side = abs(view.row(6.0) - view.row(0.0))
    assert abs(far - col) == round(2 * side)  # 2 columns a row: a square on screen
    lo, hi = sorted((col, far))
    assert set(top_text[lo + 1 : hi]) <= set("─e²=0123456789.")
    assert {rows[r][0][far] for r in range(top + 1, bottom)} == {"|"}
    assert {rows[r][1][far] for r in range(top, bottom)} == {"square"}
    braille = "".join(map(chr, range(0x2800, 0x2900)))
    assert rows[bottom][0][far] in ("┘" if right else "└") + braille  # or the line over it


def test_overlapping_squares_keep_both_outlines() -> None:
    x, y = np.array([4.0, 5.0]), np.array([6.0, 5.0])
    rows = draw_fit(FitPicture(x, y, 0.0, 0.0, (0.0, 10.0, -1.0, 9.0)), 80, 21).rows()
    verticals = [text.count("|") + text.count("┐") + text.count("┘") for text, _ in rows[:-1]]
    assert max(verticals) >= 2  # both right edges on one row


BRAILLE = "".join(map(chr, range(0x2800, 0x2900)))


@pytest.mark.parametrize("size", [(54, 17), (87, 33), (156, 44)])  # at 80×24, 120×40, 200×50
@pytest.mark.parametrize("level_id", ["fine-tune", "noisy", "outlier-line"])
def test_every_squares_outline_is_drawn_in_the_squares_own_glyphs(
    level_id: str, size: tuple[int, int]
) -> None:
    """A player's check: on a poorly fitting line, the squares' sides mixed "|" with the
    misses' "┊" (a miss runs along its own square's side, and others cross), so one square's
    outline read as two kinds of line. Every cell of a shown square's outline is an edge
    glyph, or a point, the line or the label over it: never a miss's ┊ (with no colour to
    tell them apart, NO_COLOR's, the glyph is all there is): but where a smaller square lies
    in front of it."""
    level = LEVELS[level_id]
    m, b = linear.start_line(level)
    pic = FitPicture(level.x, level.y, m, b, level_bounds(level))
    raster = draw_fit(pic, *size)
    plot_h = size[1] - 1
    view = fit_picture._plot_view(pic, *size)
    cols, rows, _ = fit_picture.Placed(level.x, level.y).at(view, size[0])
    boxes = marks.square_boxes(
        cols, rows, view.row(m * level.x + b), size[0] - view.width, size[0], plot_h
    )
    over = marks.EDGES | set("●◉◍e²=.0123456789") | set(BRAILLE)
    checked = 0
    for i in np.flatnonzero(boxes.shown()):
        c0, r0, c1, r1 = boxes.box(int(i))
        outline = [(c, r) for r in (r0, r1) for c in range(c0, c1 + 1)]
        outline += [(c, r) for c in (c0, c1) for r in range(r0 + 1, r1)]
        for c, r in outline:
            if 0 <= r < plot_h and shown_ways(boxes, int(i), c, r):
                assert raster.chars[r][c] in over, (i, c, r, raster.chars[r][c])
                checked += 1
    assert checked > 100  # the start lines fit poorly: big squares


STROKES = {
    glyph: set().union(*(ways for ways, drawn in JOINED.items() if drawn == glyph))
    for glyph in set(JOINED.values())
}
"""The ways each glyph of an outline's strokes leave its cell: up, down, left, right."""


@pytest.mark.parametrize("size", [(54, 17), (87, 33), (156, 44)])  # at 80×24, 120×40, 200×50
@pytest.mark.parametrize("level_id", ["first-line", "fine-tune", "noisy", "outlier-line"])
def test_every_square_can_be_followed_round_its_four_sides_where_others_cross_it(
    level_id: str, size: tuple[int, int]
) -> None:
    """Issue 10: at a start line far from the points the squares merged into one block,
    "||| ||||" fence posts inside it (fine-tune at 80×24): where one square's side crossed
    another's top edge, the later one's stroke alone was drawn, and no square could be
    followed round. Every cell of every square's outline now carries the strokes of that
    square's own edges there (┼ where a side crosses a top, ┴ where a corner meets an edge),
    wherever the outline shows (not under a point, the line or the label), but the strokes
    into a smaller square in front of it (the largest square's aside: it is framed whole)."""
    level = LEVELS[level_id]
    m, b = linear.start_line(level)
    pic = FitPicture(level.x, level.y, m, b, level_bounds(level))
    rows, height = under_legend(pic, *size)
    plot_h = height - 1
    view = fit_picture._plot_view(pic, size[0], height)
    cols, ys, _ = fit_picture.Placed(level.x, level.y).at(view, size[0])
    boxes = marks.square_boxes(
        cols, ys, view.row(m * level.x + b), size[0] - view.width, size[0], plot_h
    )
    broken, checked = [], 0
    for i in np.flatnonzero(boxes.shown()):
        c0, r0, c1, r1 = boxes.box(int(i))
        for r in range(max(r0, 0), min(r1, plot_h - 1) + 1):
            for c in range(c0, c1 + 1):
                own = shown_ways(boxes, int(i), c, r)
                char = rows[r][0][c]
                if own and char in STROKES:
                    checked += 1
                    if not own <= set(STROKES[char]):
                        broken.append((int(i), c, r, char))
    assert checked > 90 and not broken, broken[
        :8
    ]  # (first-line at 56×16: 99, its legend in rows of its own)


def test_the_largest_square_is_labelled_with_its_area_as_numpy_gives_it() -> None:
    level = LEVELS["outlier-line"]
    m, b = linear.best_fit(level, "mse")
    text = "\n".join(
        t
        for t, _ in draw_fit(FitPicture(level.x, level.y, m, b, level_bounds(level)), 96, 34).rows()
    )
    area = float(np.max((level.y - (m * level.x + b)) ** 2))
    assert f"e²={num(area, 3)}" in text
    assert CAPTION in text


def _labelled(pic: FitPicture, width: int, height: int) -> tuple[int, int, int] | None:
    """Where the chart wrote its largest square's label (row, first and last column)."""
    areas = (pic.y - (pic.m * pic.x + pic.b)) ** 2
    text = f"e²={num(float(areas.max()), 3)}"
    found = [
        (r, c, c + len(text) - 1)
        for r, (row, _) in enumerate(draw_fit(pic, width, height).rows())
        for c in [row.find(text)]
        if c >= 0
    ]
    assert len(found) <= 1
    return found[0] if found else None


def _guess_rounds() -> Iterator[FitPicture]:
    """Guess the MSE's rounds as revealed: the squares drawn, the largest labelled."""
    for shown in guess.rounds(LEVELS["guess-mse"]):
        bounds = fit_bounds(shown.x, shown.y, lines=[(shown.m, shown.b)])
        yield FitPicture(shown.x, shown.y, shown.m, shown.b, bounds)


@pytest.mark.parametrize("size", [(54, 18), (87, 36), (156, 46)])  # at 80×24, 120×40, 200×50
def test_a_squares_label_touches_its_square_or_is_left_out(size: tuple[int, int]) -> None:
    """A player's check: round 5 of Guess the MSE at 80×24 wrote "e²=2.9" on the row over
    its square and wholly left of it, a corner's touch away, which read as 7 columns off
    the square (its corner a point, its edges under the line). A label is on the square's
    top or bottom edge, on the row over or under it across some of its columns, or beside
    it on its top or bottom row; else it is not written."""
    pictures = [*_guess_rounds()]
    for level_id in ("fine-tune", "noisy", "outlier-line"):
        level = LEVELS[level_id]
        pictures.append(
            FitPicture(level.x, level.y, *linear.start_line(level), level_bounds(level))
        )
    for pic in pictures:
        labelled = _labelled(pic, *size)
        if labelled is None:
            continue
        view = fit_picture._plot_view(pic, *size)
        cols, rows, _ = fit_picture.Placed(pic.x, pic.y).at(view, size[0])
        line_rows = view.row(pic.m * pic.x + pic.b)
        boxes = marks.square_boxes(
            cols, rows, line_rows, size[0] - view.width, size[0], size[1] - 1
        )
        c0, r0, c1, r1 = boxes.box(int(np.argmax((pic.y - (pic.m * pic.x + pic.b)) ** 2)))
        row, first, last = labelled
        over_or_under = row in (r0 - 1, r0, r1, r1 + 1) and first <= c1 and last >= c0
        beside = r0 <= row <= r1 and (last == c0 - 1 or first == c1 + 1)
        assert over_or_under or beside, ((row, first, last), (c0, r0, c1, r1))


@pytest.mark.parametrize("level_id", ["median-guess", "outlier-mae"])
def test_a_level_scored_by_mae_says_what_the_misses_lengths_add_up_to(level_id: str) -> None:
    """A player's review: the MAE levels' legend spoke only of MSE and its squares. Scored by
    MAE, it says what the dotted misses make; other levels keep the one caption."""
    level = LEVELS[level_id]

    def text(mae: bool) -> str:  # at 120×40 (where 80×21's corners all cut the largest
        # square, whose edges the captions now keep clear of)
        pic = FitPicture(level.x, level.y, 0.0, 2.0, level_bounds(level), mae=mae)
        return "\n".join(t for t, _ in draw_fit(pic, 96, 34).rows())

    assert MAE_CAPTION in text(True) and CAPTION in text(True)
    assert MAE_CAPTION not in text(False)


@pytest.mark.parametrize("size", [(46, 16), (56, 16), (96, 34)])
def test_the_mae_caption_reads_the_same_at_every_width(size: tuple[int, int]) -> None:
    """The MAE's caption read "the average length of the misses" on wide charts and "mean
    length of misses" on narrow ones: one wording now, in the squares' caption's style."""
    level = LEVELS["median-guess"]
    pic = FitPicture(level.x, level.y, 0.0, 2.0, level_bounds(level), mae=True, squares=False)
    text = "\n".join(t for t, _ in draw_fit(pic, *size).rows())
    assert "┊ MAE = mean length of the misses" in text, text
    assert MAE_CAPTION == "MAE = mean length of the misses"


def test_a_legend_names_every_line_when_the_best_line_is_shown() -> None:
    level = LEVELS["fine-tune"]
    best = linear.best_fit(level, "mse")
    pic = FitPicture(
        level.x,
        level.y,
        0.0,
        0.0,
        level_bounds(level),
        ghosts=(best,),
        ghost_names=("best MSE line",),
    )
    text = "\n".join(t for t, _ in draw_fit(pic, 96, 34).rows())
    assert "your line" in text and "best MSE line" in text


def _bowl(scaled: bool, size: tuple[int, int]) -> tuple[list[Row], tuple[int, int]]:
    level = LEVELS["scaling"]
    optimum = bowl.to_bowl(level, scaled, *linear.best_fit(level, "mse"))
    first = bowl.start(level, scaled).path[0]
    pic = BowlPicture(
        bowl.xs(level, scaled),
        level.y,
        optimum,
        (first[:2],),
        bowl_bounds(optimum, [first[:2]]),
        round=scaled,
    )
    rows = draw_bowl(pic, *size).rows()
    bottom = re.compile("✚(?! least)")  # the bowl's bottom, not its sample in the legend
    row = next(r for r, (text, _) in enumerate(rows) if bottom.search(text))
    match = bottom.search(rows[row][0])
    assert match is not None
    return rows, (match.start(), row)


def _reach(rows: list[Row], start: tuple[int, int], step: tuple[int, int], edges: int) -> int:
    """Cells from the start until the band style has changed `edges` times."""
    (col, row), n, changes = start, 0, 0
    style = "band-0"  # the bottom of the bowl is in the innermost ring
    while changes < edges:
        col, row, n = col + step[0], row + step[1], n + 1
        if rows[row][1][col] != style and rows[row][1][col].startswith("band"):
            style, changes = rows[row][1][col], changes + 1
    return n


@pytest.mark.parametrize("size", [(96, 34), (180, 44)])
def test_the_scaled_bowl_is_drawn_round(size: tuple[int, int]) -> None:
    rows, centre = _bowl(True, size)
    across = _reach(rows, centre, (1, 0), 2) + _reach(rows, centre, (-1, 0), 2)
    up = _reach(rows, centre, (0, -1), 2) + _reach(rows, centre, (0, 1), 2)
    assert across == pytest.approx(2 * up, rel=0.15)  # a cell is twice as tall as wide


def test_the_scaled_bowl_ticks_both_axes_evenly_and_stays_round() -> None:
    """The round bowl (scaling) kept its units equal and so never evened its ticks: y read
    30, 25, 20 … on rows 3, 8, 12, 17 at 120×40 and 2, 2, 3 rows apart over the win panel.
    Both ranges now widen by one factor, so its units stay equal and its ticks even."""
    for width in (40, 61, 96, 150, 180):
        for height in (11, 16, 23, 34, 44):
            rows, _ = _bowl(True, (width, height))
            at = [r for r, (text, _) in enumerate(rows[:-1]) if "┤" in text[:AXIS_WIDTH]]
            assert len(at) >= 4 and len({b - a for a, b in itertools.pairwise(at)}) == 1, (
                width,
                height,
                at,
            )
            assert_labels_on_their_ticks(rows[-1][0])


def assert_labels_on_their_ticks(axis: str) -> None:
    """Each x label on a character chart's axis row centred on its tick, the ticks the same
    columns apart; but one at either end of the axis, which may be moved in from it, still
    over its tick (rather than left out: 3e−6 under points up to 3e−6, a review); before an
    offset's note, the end is the axis line's cell before it."""
    noted = without_note(axis)
    axis = noted[:-1] if noted != axis.rstrip() else axis
    spans = [(m.start(), m.end()) for m in re.finditer(r"(?<=[─└])[−\d.e]+", axis)]
    moved = (spans[0][0] == axis.index("└") + 1, spans[-1][1] == len(axis))
    inner = spans[moved[0] : len(spans) - moved[1]]
    centres = [a + b - 1 for a, b in inner]  # in half columns: a centre may fall between two
    gaps = [b - a for a, b in itertools.pairwise(centres)]
    assert len(gaps) >= 1 and max(gaps) - min(gaps) <= 2, axis
    gap = (centres[-1] - centres[0]) / len(gaps)
    for end, (a, b), tick in ((0, spans[0], centres[0] - gap), (1, spans[-1], centres[-1] + gap)):
        assert not moved[end] or 2 * a - 2 <= tick <= 2 * b, axis  # over its tick's column


@pytest.mark.parametrize("size", [(80, 11), (80, 16), (116, 34), (157, 44)])
def test_descent_that_reached_the_bottom_is_drawn_on_the_bowls_cross(size) -> None:
    """Scaling won at 80×24 drew ● a row under ✚ at the very optimum: the two sat half a
    row between cells, 4.500000000000002 and 4.5, and round() took them apart."""
    level = LEVELS["scaling"]
    optimum = bowl.to_bowl(level, True, *linear.best_fit(level, "mse"))
    reached = (optimum[0] * (1 + 1e-15), optimum[1] * (1 - 1e-15))  # its last bits aside
    first = bowl.start(level, True).path[0][:2]
    bounds = bowl_bounds(optimum, [first])
    pic = BowlPicture(bowl.xs(level, True), level.y, optimum, (first, reached), bounds, True)
    text = [t for t, _ in draw_bowl(pic, *size).rows()]
    legend = ("least MSE", "path", "near ✚")
    chart = "\n".join(t[AXIS_WIDTH:] for t in text if not any(w in t for w in legend))
    assert chart.count("⊕") == 1 and not {"✚", "●"} & set(chart), text  # one mark: both


def test_the_bowl_has_ticks_on_both_axes_and_its_rings_show_without_colour() -> None:
    rows, _ = _bowl(False, (96, 34))
    assert len(_y_labels(rows)) >= 4 and len(_x_labels(rows)) >= 4
    assert any("░" in text for text, _ in rows)


def test_two_darts_in_one_cell_show_a_stack_mark_and_each_lone_dart_its_number() -> None:
    pic = BoardPicture(5.0, (0.0, 0.0), ((2.2, 2.0), (2.21, 2.0), (-3.0, -1.0)))
    rows = inked(draw_board(pic, 60, 21))
    cells = {(text[c], styles[c]) for text, styles in rows for c in range(len(text))}
    assert (stack_mark(0), "dart-stack") in cells and ("3", "dart") in cells
    assert not any(style == "dart" and char in "12" for char, style in cells)


@given(st.integers(5, 200), st.integers(5, 60), st.floats(1e-3, 0.2), st.booleans())
def test_a_tiny_miss_is_drawn_on_the_bulls_cell_never_a_column_off(
    width: int, height: int, miss: float, left: bool
) -> None:
    """Level 1 drew a dart 0.021 left of the bull a column to the bull's right: on a board
    an even number of columns wide the bull sat between two cells. It sits on one now, and
    a miss a third of a cell or less is drawn on it (the dart's number over the bull)."""
    radius = 5.0
    x = -miss if left else miss
    aim = (4.0, 0.0)  # (its crosshair would cover the bull)
    rows = inked(draw_board(BoardPicture(radius, aim, ((x, 0.0),), axes=1), width, height))
    empty = inked(draw_board(BoardPicture(radius, aim, (), axes=1), width, height))
    bull = next(((r, t.index("◎")) for r, (t, _) in enumerate(empty) if "◎" in t), None)
    dart = next(((r, t.index("1")) for r, (t, s) in enumerate(rows) if "dart" in s), None)
    if bull is None or dart is None:  # too small a board to draw
        return
    rows = height - 1  # the ruler's row aside
    cx, cy = (width - 1) // 2, (rows - 1) // 2
    half_cols = min(cx, width - 1 - cx, 2 * min(cy, rows - 1 - cy))
    cells = abs(x) * half_cols / radius  # at most this many columns off (a ruler's shrink less)
    assert dart == bull or cells > 1 / 3, (bull, dart, cells)


def ruler_row(rows: list[tuple[str, list[str]]]) -> int:
    """The row of the board's x ruler: the lowest with a 0 on a rule (not a y mark's ┤)."""
    return max(r for r, (text, _) in enumerate(rows) if "─0" in text and "┤" not in text)


def test_the_board_carries_a_scale_of_distances_and_its_rings_without_colour() -> None:
    rows = inked(draw_board(BoardPicture(5.0, (0.0, 0.0), ()), 60, 21))
    ruler = rows[ruler_row(rows)][0]  # under the board: no dart ever covers it
    # 0 1 2 3 4 5 four columns apart, and as far the other way, where the aim reads −2 and −4
    assert re.findall(r"−?\d", ruler) == [
        "−5",
        "−4",
        "−3",
        "−2",
        "−1",
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
    ]
    # the board fills the rows above the ruler, its rim (no ring's) a row past the top one
    radius_rows = (21 - 1) / 2
    right = ruler.rindex("5") - ruler.index("0")
    assert right == pytest.approx(2 * radius_rows, abs=1)
    assert ruler.index("0") - ruler.index("5") == ruler.rindex("5") - ruler.index("0")
    assert any("░" in text for text, _ in rows)
    # each mark where the rings (1 apart) say that distance is, along the bull's row
    _, styles = next(row for row in rows if "┼" in row[0])
    edges = [c for c in range(ruler.index("0") + 1, 60) if styles[c] != styles[c - 1]]
    for mark in "24":
        assert min(abs(ruler.rindex(mark) - edge) for edge in edges) <= 1, (edges, ruler)


@pytest.mark.parametrize("scale", [1e-6, 1e-4, 1.0, 30.0, 1e6])
@pytest.mark.parametrize("two", [True, False])
def test_the_throws_table_fits_its_panel_however_small_or_large_the_misses(
    scale: float, two: bool
) -> None:
    from dartfit.core import score_round
    from dartfit.screens.darts import HEAD_ROWS, TABLE_WIDTH, throws_table

    rng = np.random.default_rng(7)
    landings = rng.normal(0, scale, (8, 2)) * np.array([1.0, 1.0 if two else 0.0])
    score = score_round(np.zeros(2), landings) if two else score_round(0.0, landings[:, 0])
    lines = throws_table(score, two).splitlines()
    assert len(lines) == HEAD_ROWS + 8 and max(map(len, lines)) <= TABLE_WIDTH
    assert MINUS in "".join(lines[HEAD_ROWS:]) and "-" not in "".join(lines)
    squares = np.sum(landings**2, axis=1) if two else landings[:, 0] ** 2
    shown = float(lines[-1].split()[-1].replace(MINUS, "-"))  # the MSE after the last dart
    assert shown == pytest.approx(float(np.mean(squares)), rel=0.05, abs=5e-4 * min(scale, 1))
    # every miss e = y − ŷ (the bull less the dart) keeps its sign, however small (a level
    # of tiny misses read +0.000)
    for line, landed in zip(lines[HEAD_ROWS:], landings, strict=True):
        written = line.split()[1].split(",")
        for text, value in zip(written, landed if two else landed[:1], strict=False):
            assert text[0] == ("+" if -value > 0 else MINUS), (text, value)


def test_two_shared_cells_carry_marks_of_their_own_each_named_by_dart_clusters() -> None:
    darts = ((2.2, 2.0), (-3.2, -2.0), (-3.21, -2.0), (2.21, 2.0))  # darts 1, 4 and 2, 3
    pic = BoardPicture(5.0, (0.0, 0.0), darts)
    rows = inked(draw_board(pic, 60, 21))
    # in the order they came to be: 2 and 3 were a cluster before dart 4 joined dart 1
    assert dart_clusters(pic, 60, 21) == [[2, 3], [1, 4]]
    for mark in (stack_mark(0), stack_mark(1)):  # each shared cell its own mark, drawn once
        # (on the board: the words under its ruler name each mark too)
        cells = [(c, s) for text, styles in rows for c, s in zip(text, styles, strict=True)]
        assert cells.count((mark, "dart-stack")) == 1


@settings(max_examples=300, deadline=None)
@given(
    centre=st.floats(-2e9, 2e9),
    span=st.floats(1e-6, 1e7),
    height=st.integers(8, 40),
)
def test_every_y_label_shown_is_a_whole_tick_label_never_a_cut_one(centre, span, height) -> None:
    """The axis cut a label to its last six characters: −123400 read 123400 (the sign
    gone) and 1.23452e6 read 3452e6. A label shown is the whole label of a tick (less the
    axis's offset, or the offset's note: 99998 … 100000 reads −2.0 … 0.0 and +1e5)."""
    view = View(0.0, 1.0, centre - span / 2, centre + span / 2, width=40, height=height)
    raster = Raster(AXIS_WIDTH + 40, height + 1)
    axes(raster, view, "x", "")
    every = set()
    for tick_count in range(2, 10):
        found, step = ticks(view.y_lo, view.y_hi, tick_count)
        offset = label_offset(found, step)
        every |= set(tick_labels(shifted(found, offset), step, AXIS_WIDTH - 1)) if found else set()
        every.add(offset_note(offset))
    for row in range(height):
        shown = "".join(raster.chars[row][: AXIS_WIDTH - 1]).strip()
        if shown and shown != "y":
            assert shown in every, (shown, sorted(every))
            assert re.fullmatch(r"[+−]?[\d.]+(e[−]?\d+)?", shown), shown


@pytest.mark.parametrize("lo", [-0.0155, 0.0150, -0.155])
def test_small_negative_y_labels_drop_their_leading_zero_rather_than_vanish(lo: float) -> None:
    """y from −0.0155 to −0.0150 ticked −0.0155 …, 7 characters (−155e−4 and −1.55e−2 no
    shorter): every label was left out. Written −.0155 …, each fits and reads its tick.
    (−0.00155 … needs 7 characters in every form: it is still left out.)"""
    from dartfit.pictures.common import _y_axis

    span = abs(lo) / 30
    view = View(0.0, 1.0, lo, lo + span, width=40, height=15)
    raster = Raster(AXIS_WIDTH + 40, 16)
    axes(raster, view, "x", "")
    found, labels, rows = _y_axis(view)
    assert len(found) >= 4
    for tick, label, row in zip(found, labels, rows, strict=True):
        shown = "".join(raster.chars[row][: AXIS_WIDTH - 1]).strip()
        assert shown == label and float(shown.replace(MINUS, "-")) == pytest.approx(tick)


@given(
    centre=st.floats(-2e9, 2e9).filter(lambda c: abs(c) >= 1),
    fraction=st.floats(0.05, 10.0),
    height=st.integers(8, 40),
)
def test_every_y_tick_with_a_label_shows_it_whole_in_the_margin(centre, fraction, height) -> None:
    """−123,456 … −100,000 wrote −120000 (7 characters, one more than the margin): every
    label was left out and the axis had none. Where the fixed and e-forms are both too wide
    a label is written as a whole number of the step's power (−120e3); each reads its tick.
    (Labels of four digits and more, −0.0155 or −1.23e12, may need more than the margin.)"""
    from dartfit.pictures.common import _y_axis

    span = max(abs(centre) * fraction, 1e-6)
    view = View(0.0, 1.0, centre - span / 2, centre + span / 2, width=40, height=height)
    raster = Raster(AXIS_WIDTH + 40, height + 1)
    axes(raster, view, "x", "")
    found, labels, rows = _y_axis(view)
    step = (found[-1] - found[0]) / max(len(found) - 1, 1)
    for tick, label, row in zip(found, labels, rows, strict=True):
        shown = "".join(raster.chars[row][: AXIS_WIDTH - 1]).strip()
        assert shown == label, (shown, label, ["".join(r) for r in raster.chars])
        assert abs(float(shown.replace(MINUS, "-")) - tick) <= step * 1e-6, (shown, tick)


@pytest.mark.parametrize(
    "name",
    ["Cafe\u0301 re\u0301sume\u0301", "a" + "\u0301" * 59, "身長 cm", "🙂 smile", "👩‍👩‍👧 family"],
    ids=["nfd-accents", "lone-marks", "cjk", "emoji", "zwj-emoji"],
)
def test_a_legend_name_of_any_script_keeps_every_row_as_wide_as_the_chart(name: str) -> None:
    """A reference line's name written with separate accents (NFD, as macOS editors save)
    or in wide characters moved the chart's right edge on its row: a row's text must take
    as many cells on the terminal as the row has (a wide character takes two, its second
    "" in the raster: shown, not "?")."""
    bounds = (0.0, 10.0, 0.0, 10.0)
    pic = FitPicture(
        np.array([1.0, 5.0, 9.0]),
        np.array([2.0, 5.0, 8.0]),
        1.0,
        0.0,
        bounds,
        ghosts=((0.8, 1.0),),
        ghost_names=(name,),
    )
    rows = draw_fit(pic, 60, 16).rows()
    for text, styles in rows:
        assert cell_len(text) == 60 == len(styles), text
    if name.startswith("Cafe"):
        assert any("Café résumé" in text for text, _ in rows)  # accents joined, kept
    if name in ("身長 cm", "🙂 smile"):
        assert any(name in text for text, _ in rows), rows


def test_the_legend_keeps_clear_of_the_line_where_no_point_says_otherwise() -> None:
    """A player's review at 80×24: the legend sat on the player's line while another corner
    was free. Among the corners hiding the fewest points, it takes the one hiding the least
    line: here the line runs along the top, so the legend goes below, and the whole line
    shows."""
    x, y = np.linspace(3.0, 7.0, 9), np.full(9, 5.0)
    pic = FitPicture(x, y, 0.0, 9.6, (0.0, 10.0, 0.0, 10.0), squares=False, ghosts=((0.0, 5.0),))
    rows = draw_fit(pic, 46, 22).rows()  # (21 rows of plot: ticks every 4, so no widening)
    line_row = next(i for i, (_, names) in enumerate(rows) if names.count("line") > 20)
    legend_rows = [i for i, (_, names) in enumerate(rows) if "legend" in names]
    assert legend_rows and line_row not in legend_rows, "\n".join(t for t, _ in rows)
    assert max(legend_rows) > 10  # below the ghost in the middle: the bottom corners are free


def test_real_data_says_what_its_axes_are() -> None:
    """A player's review: the crickets' and Galton's charts said only "y↑ x →", with no
    units. A shipped dataset's columns (and the player's own, in the sandbox) are in the
    legend; made-up data has none."""
    for level_id, names in (("crickets", ("chirps/s", "temp (°F)")), ("first-line", None)):
        level = LEVELS[level_id]
        assert level.names == names
        pic = FitPicture(level.x, level.y, 0.0, 0.0, level_bounds(level), names=level.names)
        text = "\n".join(t for t, _ in draw_fit(pic, 46, 19).rows())
        # in one entry in a corner, or two in the legend's own rows over the plot
        said = "x→ chirps/s · y↑ temp (°F)" in text or re.search(
            r"x→ chirps/s +y↑ temp \(°F\)", text
        )
        assert bool(said) is (names is not None), text


@given(st.lists(st.floats(0.0, 10.0), min_size=1, max_size=30), st.floats(-2.0, 2.0))
def test_a_press_on_a_drawn_point_finds_that_point(ys: list[float], m: float) -> None:
    """A point half a row off its cell's middle was more than a cell from a press on it:
    the sandbox grabbed the line through it instead. Every point's drawn cell, pressed,
    finds a point drawn there (the one on top)."""
    from dartfit.pictures.fit import nearest_point

    x = np.linspace(0.0, 10.0, len(ys))
    y = np.array(ys)
    pic = FitPicture(x, y, m, 5.0 - 5.0 * m, (0.0, 10.0, 0.0, 10.0))
    raster = draw_fit(pic, 60, 20)
    for col, row in {
        (c, r) for r, line in enumerate(raster.chars) for c, ch in enumerate(line) if ch in "●◉◍"
    }:
        k = nearest_point(pic, 60, 20, col, row, reach=1)
        assert k is not None, (col, row)


@pytest.mark.parametrize("two", [True, False])
def test_the_throws_tables_columns_of_squares_share_their_decimals(two: bool) -> None:
    """The e² column read 2.3 above 5.98 and 0.025 above 0.0276; the MSE column 11 above
    14.5: each column now has one number of decimals, and each entry is its value."""
    from dartfit.core import score_round
    from dartfit.screens.darts import HEAD_ROWS, throws_table

    rng = np.random.default_rng(3)
    landings = rng.normal(0, 1.5, (8, 2)) * np.array([1.0, 1.0 if two else 0.0])
    score = score_round(np.zeros(2), landings) if two else score_round(0.0, landings[:, 0])
    rows = [line.split() for line in throws_table(score, two).splitlines()[HEAD_ROWS:]]
    for column, truth in ((-3, score.squared), (-1, score.running_mse)):
        shown = [row[column] for row in rows]
        (places,) = {len(text.partition(".")[2]) for text in shown}
        half = 0.5 * 10.0**-places + 1e-9
        assert [float(t) for t in shown] == pytest.approx(list(truth), abs=half), shown


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("two", [True, False])
def test_a_throws_row_keeps_its_look_as_throws_are_added(seed: int, two: bool) -> None:
    """The e² and MSE columns took the decimals of their largest value so far, so a row
    read 0.640, then 0.64, then 0.6 as bigger throws came. A row once shown now keeps its
    look, unless a later value no longer fits the column, or the first was a near bull's-eye
    too small for it (9e−6, then 0.0000 beside a bigger one): then it changes once."""
    from dartfit.core import score_round
    from dartfit.screens.darts import HEAD_ROWS, throws_table

    rng = np.random.default_rng(seed)
    landings = rng.normal(0, 2.5, (8, 2)) * np.array([1.0, 1.0 if two else 0.0])

    def table(k: int) -> list[str]:
        shot = landings[:k]
        score = score_round(np.zeros(2), shot) if two else score_round(0.0, shot[:, 0])
        return throws_table(score, two).splitlines()[HEAD_ROWS:]

    tables = [table(k) for k in range(1, len(landings) + 1)]
    squares = np.sum(landings**2, axis=1)
    steady = squares.max() < 10 and squares[0] >= 1e-4
    for i in range(len(landings)):
        looks = [rows[i] for rows in tables[i:]]
        changes = sum(a != b for a, b in itertools.pairwise(looks))
        assert changes <= (0 if steady else 1), (i, looks)


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(1e-3, 1e6),
    st.integers(8, 45),
)
def test_a_view_made_even_still_shows_all_it_showed(lo: float, span: float, h: int) -> None:
    from dartfit.pictures.common import EVEN_WIDEST
    from dartfit.pictures.raster import View

    view = View(0.0, 1.0, lo, lo + span, width=60, height=h)
    even = even_rows(view)
    assert even.y_lo <= view.y_lo and even.y_hi >= view.y_hi  # all that was in view still is
    assert even.y_hi - even.y_lo <= EVEN_WIDEST * span * (1 + 1e-9)
    assert (even.x_lo, even.x_hi, even.width, even.height) == (0.0, 1.0, 60, h)


def test_a_charts_y_ticks_are_the_same_number_of_rows_apart() -> None:
    """The character charts' ticks sat 2, 3, 2, 3 rows apart (crickets at 80×24), 4, 3, 4 (the
    bowl): the view is widened about its middle, at most EVEN_WIDEST, until they are even.
    Of the charts where a whole number of rows between ticks is within that reach, nearly
    all are made even (a wider view may tick otherwise, and that too uneven)."""
    from dartfit.pictures.common import EVEN_WIDEST, _y_axis
    from dartfit.pictures.raster import View

    rng = np.random.default_rng(2)
    within = even = 0
    for _ in range(2000):
        lo, span, h = rng.uniform(-100, 100), 10 ** rng.uniform(-1, 3), int(rng.integers(8, 45))
        view = View(0.0, 1.0, lo, lo + span, width=60, height=h)
        ticks = _y_axis(view)[0]
        apart = (ticks[1] - ticks[0]) * (h - 1) / span if len(ticks) >= 3 else 0.0
        if apart >= 1 and apart / math.floor(apart) <= EVEN_WIDEST * 0.999:
            within += 1
            at = _y_axis(even_rows(view))[2]
            even += len({b - a for a, b in itertools.pairwise(at)}) == 1
    assert within > 1500 and even >= 0.97 * within, (within, even)


@given(
    st.floats(-1e5, 1e5, allow_nan=False),
    st.floats(1e-2, 1e5),
    st.floats(0.0, 0.2),
    st.floats(0.0, 0.2),
    st.integers(5, 14),
)
def test_a_short_chart_narrowed_to_even_rows_keeps_what_must_be_seen(
    lo: float, span: float, below: float, above: float, h: int
) -> None:
    """The short chart above a win panel (8 rows for 18 of y) ticked 14, 10, 6, 2, −2 on
    rows 2, 2, 1, 2 apart: made even it needed 1.9 times its range. Where widening cannot
    make the ticks even, the view narrows, never past what must be seen (`keep`), to four
    or more labels evenly apart; else it is left as it was."""
    from dartfit.pictures.common import FEWEST_TICKS, _y_axis
    from dartfit.pictures.raster import View
    from dartfit.pictures.ticks import evenly_apart

    view = View(0.0, 1.0, lo, lo + span, width=60, height=h)
    keep = (lo + below * span, lo + (1 - above) * span)
    made = even_rows(view, keep)
    if made.y_hi - made.y_lo < span * (1 - 1e-9):  # narrowed (not widened, or as it was)
        assert made.y_lo <= keep[0] and made.y_hi >= keep[1]
        assert view.y_lo <= made.y_lo and made.y_hi <= view.y_hi
        ticks, _, rows = _y_axis(made)
        assert len(ticks) >= FEWEST_TICKS and evenly_apart(rows)
    assert (made.x_lo, made.x_hi, made.width, made.height) == (0.0, 1.0, 60, h)


@pytest.mark.parametrize("size", [(56, 16), (96, 34), (180, 44)])
def test_nudging_the_line_near_the_points_leaves_a_playing_charts_view_where_it_is(size) -> None:
    """A view narrowed about the line as well as the points moves with the line: only a
    short chart (a won panel's, a preview: the line still) may narrow; the chart a player
    nudges in, at 80×24 and up, keeps its view while the line stays near the points."""
    for level in LINE_LEVELS:
        m, b = linear.best_fit(level)
        bounds = level_bounds(level)
        nudges = np.linspace(-0.05, 0.05, 13) * (bounds[3] - bounds[2])
        views = {
            fit_picture._plot_view(FitPicture(level.x, level.y, m, b + d, bounds), *size)
            for d in nudges
        }
        assert len(views) == 1, (level.id, size, views)


def test_the_short_chart_beside_a_won_panel_ticks_evenly() -> None:
    """Likely-line won at 80×24: the chart over the panel has 8 rows; its y labels were 2,
    2, 1 and 2 rows apart. Four or more labels now sit evenly apart, every point in view."""
    from dartfit.pictures.common import _y_axis
    from dartfit.pictures.fit import _plot_view
    from dartfit.pictures.ticks import evenly_apart

    level = LEVELS["likely-line"]
    m, b = linear.best_fit(level)
    pic = FitPicture(level.x, level.y, m, b, level_bounds(level), ghosts=((m, b),))
    view = _plot_view(pic, 48, 9)
    ticks, _, rows = _y_axis(view)
    assert len(ticks) >= 4 and evenly_apart(rows), (ticks, rows)
    assert view.y_lo <= level.y.min() and level.y.max() <= view.y_hi


def test_every_line_levels_chart_ticks_evenly_at_every_height() -> None:
    """Galton's question at 80×24 drew its points on 6 rows for 60 … 75, labelled 60 65 70
    75 on rows 2, 1 and 2 apart: neither widened within EVEN_WIDEST nor narrowed about the
    points could they be even. There the chart takes the range the plotext charts' axis
    takes (`ticks.y_axis`: a round step a row, 55 … 80). Every line level's chart, as it
    starts, at every height from 5 to 24 rows, has its labels evenly apart, and
    its points and line in view (40 of 880 were uneven)."""
    from dartfit.pictures.common import _y_axis
    from dartfit.pictures.ticks import evenly_apart

    for level in LINE_LEVELS:
        pic = _line_chart(level, fit.start(level), {})
        for width, height in itertools.product((56, 66), range(5, 25)):
            view = fit_picture._axes_view(pic, width, height)
            ticks, _, rows = _y_axis(view)
            assert len(ticks) >= 2 and evenly_apart(rows), (level.id, width, height, rows)
            assert view.y_lo <= level.y.min() and level.y.max() <= view.y_hi, level.id


@given(
    st.floats(-1e5, 1e5, allow_nan=False),
    st.floats(1e-2, 1e5),
    st.floats(0.0, 0.2),
    st.integers(30, 190),
)
def test_a_view_made_even_across_keeps_the_points_in_sight(
    lo: float, span: float, margin: float, width: int
) -> None:
    """x ticks read 8, 9, 8, 8, 9 columns apart on most line levels: the x range narrows
    about the points until they are a whole number of columns apart, never past a point;
    where the points fill it, it widens about its middle, by EVEN_X_WIDEST at most."""
    from dartfit.pictures.common import EVEN_X_WIDEST, even_cols, nearest_cell, x_tick_count
    from dartfit.pictures.raster import View
    from dartfit.pictures.ticks import evenly_apart

    view = View(lo, lo + span, 0.0, 1.0, width, 20)
    keep = (lo + margin * span, lo + (1 - margin) * span)
    made = even_cols(view, keep)
    made_span = made.x_hi - made.x_lo
    if made_span > span:  # widened about the middle
        assert made_span <= EVEN_X_WIDEST * span * (1 + 1e-9)
        assert made.x_lo + made.x_hi == pytest.approx(2 * lo + span, rel=1e-9, abs=1e-9 * span)
    else:  # narrowed inside, never past a point or the column beside it
        assert view.x_lo <= made.x_lo and made.x_hi <= view.x_hi
        column = span / (width - 1)
        assert made.x_lo <= keep[0] - column * 0.999 or made == view
        assert made.x_hi >= keep[1] + column * 0.999 or made == view
    ticks, _ = ticks_of(made, x_tick_count(width))
    cols = [nearest_cell(made.col(t)) for t in ticks]
    assert made == view or len(ticks) < 3 or evenly_apart(cols)


def ticks_of(view: "View", most: int) -> tuple[tuple[float, ...], float]:  # noqa: UP037
    return ticks(view.x_lo, view.x_hi, most)


def test_most_line_charts_tick_x_the_same_number_of_columns_apart() -> None:
    """The line levels' charts ticked x 8, 9, 8 or 11, 12, 11 columns apart at three widths
    in four: now every shipped line level's start view over chart widths of 40 to 127
    ticks evenly (the range narrowed about the points, or where they fill it widened)."""
    from dartfit.pictures.common import nearest_cell, x_tick_count
    from dartfit.pictures.ticks import evenly_apart

    charts = [lv for lv in load_levels(SHIPPED) if lv.spec.kind == "line" and lv.x.size]
    even = tried = 0
    for width in range(40, 130, 3):
        for level in charts:
            m, b = linear.start_line(level)
            picture = FitPicture(level.x, level.y, m, b, level_bounds(level))
            view = fit_picture._plot_view(picture, width, 20)
            marks, _ = ticks(view.x_lo, view.x_hi, x_tick_count(view.width))
            even += evenly_apart([nearest_cell(view.col(t)) for t in marks])
            tried += 1
    assert even == tried, (even, tried)


def without_legend(rows: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, tuple[str, ...]]]:
    """A drawing's rows with its legend box blanked: its text and, before it, each sample."""
    blank = []
    for text, styles in rows:
        hidden = {i for i, style in enumerate(styles) if style == "legend"}
        hidden |= {i - 1 for i in hidden if i > 0 and styles[i - 1] != "legend"}
        chars = "".join(" " if i in hidden else c for i, c in enumerate(text))
        blank.append((chars, tuple("" if i in hidden else s for i, s in enumerate(styles))))
    return blank


@pytest.mark.parametrize("height", range(4, 48))
def test_the_bell_has_a_y_axis_that_reads_each_bar_as_a_share_of_the_most_likely(height) -> None:
    """The bell had no y axis: a bar's height, the point's likelihood over that of a point on
    the line, could not be read. Its labels go 100 % … 0 % on whole rows evenly apart, at
    most a fifth of the plot left above 100 % (two rows of short ones), and every bar's top,
    read on the axis, is its share to within half a row (rounded up, 99 % read 75 %)."""
    from dartfit.pictures.bell import BellPicture, draw_bell

    sigma, width = 1.5, 60
    for r in np.linspace(0.0, 3.2 * sigma, 23):
        drawn = draw_bell(BellPicture(np.array([r]), sigma), width, height).rows()
        rows = [t for t, _ in without_legend(drawn)]
        labels = {
            i: int(m.group(1)) / 100
            for i, row in enumerate(rows)
            if (m := re.match(r" *(\d+)%┤", row))
        }
        at = sorted(labels)
        assert labels[at[0]] == 1.0 and labels[at[-1]] == 0.0 and at[-1] == height - 2, rows
        assert len({b - a for a, b in itertools.pairwise(at)}) == 1, rows  # evenly apart
        # 0 … 100 % rows apart: at most a fifth of them above 100 % from 8 on (7 rows: two)
        assert len(at) >= (4 if height >= 6 else 3) and at[0] <= max((height - 2) / 5, 2), rows
        per_row = (labels[at[0]] - labels[at[-1]]) / (at[-1] - at[0])  # share per row
        top = min(i for i, row in enumerate(rows[:-1]) if "│" in row[AXIS_WIDTH:])
        read = labels[at[-1]] + (at[-1] - top) * per_row
        share = math.exp(-0.5 * (r / sigma) ** 2)
        if share >= per_row / 2:  # a bar shorter than half a row is not drawn at all
            assert abs(read - share) <= per_row / 2 + 1e-9, (r, read, share, rows)


@pytest.mark.parametrize("size", [*SIZES, (116, 34), (236, 44)])
@pytest.mark.parametrize("level", LINE_LEVELS, ids=[lv.id for lv in LINE_LEVELS])
def test_the_gridline_dots_are_evenly_apart_and_on_every_x_tick(
    level: Level, size: tuple[int, int]
) -> None:
    """A dot every 4 columns from the edge, moved onto the x ticks near it, went 4, 4, 3, 5 …
    apart along each labelled row at 120x40 and up; now through every x tick's column, and
    between ticks the same gap all along, or gaps a column apart where the ticks' spacing
    has no whole share near 4 (13: 4 5 4), never sparse (on the ticks alone: 13 to 43)."""
    m, b = linear.start_line(level)
    picture = FitPicture(level.x, level.y, m, b, level_bounds(level))
    view = fit_picture._plot_view(picture, *size)
    raster = Raster(*size)
    axes(raster, view, "x", "y")
    rows = raster.rows()
    axis = rows[-1][0]
    ticks = [m.start() + len(m[0]) // 2 for m in re.finditer(r"(?<=[─└])[−\d.]+", axis)]
    for text, styles in rows[:-1]:
        dots = [c for c, (ch, st) in enumerate(zip(text, styles, strict=True)) if ch == "·"]
        if "┤" in text and dots:  # a labelled row
            gaps = {b - a for a, b in itertools.pairwise(dots)}
            assert max(gaps) - min(gaps) <= 1 and 3 <= min(gaps) <= max(gaps) <= 6, (gaps, text)
            assert all(t in dots for t in ticks if t > AXIS_WIDTH), (ticks, text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(-50, 400), max_size=12),
    st.integers(0, 20),
    st.integers(0, 300),
)
def test_gridline_columns_are_sorted_inside_and_on_every_tick_whatever_the_ticks(
    ticks: list[int], first: int, span: int
) -> None:
    """Ticks on one column, out of order, off the plot or none: never a crash (two ticks on
    one column divided by zero), every dot inside the plot, one on every tick in it."""
    from dartfit.pictures.common import grid_cols

    end = first + span
    cols = grid_cols(ticks, first, end)
    assert cols == sorted(set(cols)) and all(first <= c < end for c in cols)
    assert {t for t in ticks if first <= t < end} <= set(cols)
    spaced = sorted(set(ticks))
    gaps = {b - a for a, b in itertools.pairwise(spaced)}
    if len(gaps) == 1 and min(gaps) >= 3 and len(cols) > 1:  # evenly apart ticks
        dots = {b - a for a, b in itertools.pairwise(cols)}
        assert max(dots) - min(dots) <= 1 and max(dots) <= 2 * 4, (spaced, cols)


@pytest.mark.parametrize("size", [(73, 10), (46, 9), (56, 16), (96, 34)])  # the win's, play's
@pytest.mark.parametrize("level", LINE_LEVELS, ids=[lv.id for lv in LINE_LEVELS])
def test_no_point_is_hidden_under_the_legend(level: Level, size: tuple[int, int]) -> None:
    """Beside a win panel (a chart 9 or 10 rows high) one of outlier-mae's eleven points lay
    under '□ MSE = the average area of the squares': a short chart lets its captions go,
    the last first, rather than hide a point."""
    m, b = linear.best_fit(level, "mse")
    picture = FitPicture(level.x, level.y, m, b, level_bounds(level), mae=True)
    drawn, height = under_legend(picture, *size)
    view = fit_picture._plot_view(picture, size[0], height)
    cols = np.round(view.col(level.x)).astype(int) + AXIS_WIDTH
    rows = np.round(view.row(level.y)).astype(int)
    inside = (cols >= AXIS_WIDTH) & (cols < size[0]) & (rows >= 0) & (rows < height - 1)
    cells = set(zip(cols[inside].tolist(), rows[inside].tolist(), strict=True))
    text = [t for t, _ in drawn]
    assert all(text[r][c] in "●◉◍" or text[r][c].isdigit() for c, r in cells), "\n".join(text)


def test_a_levels_reference_line_keeps_its_own_look_when_the_best_line_joins_it() -> None:
    """Galton's ŷ = x was drawn dotted (⠂⠂⠂) until the best line was shown, which took the
    dots and left ŷ = x dashed: the same line changed its look, and its legend sample,
    mid-level. The reference line is long-dashed in a style of its own, before and after."""
    x, y = np.linspace(1.0, 9.0, 9), np.linspace(2.0, 8.0, 9)
    bounds = (0.0, 10.0, 0.0, 10.0)
    looks = []
    for ghosts, names in (
        (((1.0, 0.0),), ("ŷ = x",)),
        (((0.75, 1.25), (1.0, 0.0)), ("best MSE line", "ŷ = x")),
    ):
        pic = FitPicture(
            x, y, 0.5, 3.0, bounds, squares=False, ghosts=ghosts, ghost_names=names, reference=True
        )
        rows = draw_fit(pic, 60, 20).rows()
        legend = next(text for text, _ in rows if "ŷ = x" in text)
        assert "⠒⠒ ⠒⠒ ŷ = x" in legend, legend
        looks.append(sum(styles.count("reference") for _, styles in rows))
    assert looks[0] > 20 and looks[1] > 20, looks


@pytest.mark.parametrize("two", [True, False])
def test_the_running_sum_has_the_misses_decimals_and_a_sum_that_cancels_reads_0(two) -> None:
    """Σe read −1.02 beside a miss of −1.021 (and −1.1,−0.3 beside −1.13,−0.33), and misses
    that cancelled to round-off read Σe +0.00: a sum of no size has no sign."""
    from dartfit.core import score_round
    from dartfit.screens.darts import HEAD_ROWS, throws_table
    from dartfit.wording import decimals_of

    landings = np.array([[1.021, -0.33], [-1.021, 0.33], [0.5, 0.25]])
    if not two:
        landings[:, 1] = 0.0
    score = score_round(np.zeros(2), landings) if two else score_round(0.0, landings[:, 0])
    rows = [line.split() for line in throws_table(score, two).splitlines()[HEAD_ROWS:]]
    for row in rows:
        misses, sums = row[1].split(","), row[3].split(",")
        assert decimals_of(*sums) == decimals_of(*misses), row
    assert set(rows[1][3].split(",")) == {"0.00" if two else "0.000"}, rows[1]


@pytest.mark.parametrize("size", [(46, 16), (56, 16), (73, 10), (96, 34)])
@pytest.mark.parametrize("level", LINE_LEVELS, ids=[lv.id for lv in LINE_LEVELS])
def test_the_legends_captions_never_hide_the_largest_square(
    level: Level, size: tuple[int, int]
) -> None:
    """A player's check: outlier-mae at its start line, the best lines shown (o), had its
    e²=246 square's corner and top edge under the legend's captions at 80×24. Captions go,
    the last first, rather than hide the largest square's edges (the lines' names stay: in
    a short chart three of them may still cover a corner of a square as big as the plot)."""
    mse_best, mae_best = linear.best_fit(level, "mse"), linear.best_fit(level, "mae")
    start = linear.start_line(level)
    picture = FitPicture(
        level.x,
        level.y,
        *start,
        level_bounds(level),
        mae=True,
        ghosts=(mse_best, mae_best),
        ghost_names=("MSE best line", "MAE best line"),
    )
    rows, height = under_legend(picture, *size)
    view = fit_picture._plot_view(picture, size[0], height)
    plot_h = height - 1
    cols = np.round(view.col(level.x)).astype(np.int64) + AXIS_WIDTH
    boxes = marks.square_boxes(
        cols,
        view.row(level.y),
        view.row(start[0] * level.x + start[1]),
        AXIS_WIDTH,
        size[0],
        plot_h,
    )
    areas = (level.y - (start[0] * level.x + start[1])) ** 2
    largest = int(np.argmax(areas))
    if not boxes.drawn[largest]:
        return
    c0, r0, c1, r1 = boxes.box(largest)
    edges = {(c, r) for c in range(c0, c1 + 1) for r in (r0, r1)}
    edges |= {(c, r) for r in range(r0, r1 + 1) for c in (c0, c1)}
    under = [
        (c, r)
        for c, r in edges
        if 0 <= r < plot_h and 0 <= c < size[0] and rows[r][1][c] == "legend"
    ]
    shown = "\n".join(text for text, _ in rows)
    assert not under or ("MSE = " not in shown and "MAE = " not in shown), shown


@pytest.mark.parametrize("spread", [0.5, 2.0, 5.0, 15.0, 40.0])
@pytest.mark.parametrize(("width", "height"), [(50, 8), (46, 7), (86, 12), (30, 6)])
def test_the_bells_x_axis_reads_in_steps_of_3_sigma_both_ways(
    spread: float, width: int, height: int
) -> None:
    """A player's check: the likelihood bell read −3σ 0 +3σ alone, three labels where the
    residuals ran to ±20σ. Every 3σ each way while a pair fits: symmetric, never touching."""
    from dartfit.pictures.bell import BellPicture, draw_bell

    residuals = np.linspace(-spread, spread, 9)
    rows = [t for t, _ in draw_bell(BellPicture(residuals, 1.0), width, height).rows()]
    axis = rows[-1]
    labels = re.findall(r"[−+]?\d+σ|(?<![\dσ])0(?![\dσ])", axis)
    values = [int(label.replace("σ", "").replace("−", "-")) for label in labels]
    assert 0 in values and values == sorted(values) and values == [-v for v in reversed(values)]
    assert all(v % 3 == 0 for v in values)
    steps = {b - a for a, b in itertools.pairwise(values)}
    assert len(steps) <= 1  # one step throughout
    spans = [m.span() for m in re.finditer(r"[−+]?\d+σ|(?<![\dσ])0(?![\dσ])", axis)]
    assert all(b[0] > a[1] for a, b in itertools.pairwise(spans))  # never touching
    if spread >= 15 and width >= 46:
        assert len(values) >= 5, axis  # two pairs where the residuals reach that far


@pytest.mark.parametrize("spread", [0.5, 2.0, 5.0, 9.0, 15.0, 40.0, 90.0])
@pytest.mark.parametrize("sigma", [0.3, 1.0])
def test_the_bells_sigma_labels_are_evenly_apart_at_every_width(
    spread: float, sigma: float
) -> None:
    """A checker's look at level 23 at 120×40 and 200×50: the bell's −12σ −9σ … +12σ stood 5
    or 6 columns apart (3σ took 5.5 columns, and columns round off). x is now narrowed or
    widened a little so that the step takes whole columns: at every width each label is
    centred the same number of columns from the next (from 0 too)."""
    from dartfit.pictures.bell import BellPicture, draw_bell

    uneven = []
    for width in range(30, 200):
        residuals = np.linspace(-spread, spread, 9) * sigma
        axis = draw_bell(BellPicture(residuals, sigma), width, 12).rows()[-1][0]
        found = re.finditer(r"[−+]?\d+σ|(?<![\dσ])0(?![\dσ])", axis)
        centres = [m.start() + len(m.group()) // 2 for m in found]  # on its tick, as placed
        if len({b - a for a, b in itertools.pairwise(centres)}) > 1:
            uneven.append(axis)
    assert uneven == []


@pytest.mark.parametrize("size", [(54, 17), (47, 12), (90, 33)], ids=["80x24", "win", "120x40"])
@pytest.mark.parametrize("level", LINE_LEVELS, ids=lambda lv: lv.id)
def test_every_point_is_drawn_on_the_row_its_labels_say(level: Level, size) -> None:
    """A player's check: on level 5 at 80×24, y = 3.96 was drawn on the row labelled 5,
    though read between the labels 5 and 0 (three rows apart) it lies 0.62 of a row below
    it: a point's row and each label's were rounded apart. Each point is now on the row
    nearest its value as the labels' rows say it."""
    from dartfit.pictures.common import _y_axis

    m, b = linear.start_line(level)
    pic = FitPicture(level.x, level.y, m, b, fit_picture.level_bounds(level))
    width, height = size
    framed = fit_picture._axes_view(pic, width, height)
    ticks, _, rows = _y_axis(framed)
    if len(ticks) < 2 or len({b - a for a, b in itertools.pairwise(rows)}) != 1:
        pytest.skip("labels unevenly apart: no one scale to read between them")
    per_unit = (rows[1] - rows[0]) / (ticks[1] - ticks[0])
    said = rows[0] + (np.asarray(level.y) - ticks[0]) * per_unit  # as the labels read it
    drawn = np.round(fit_picture._plot_view(pic, width, height).row(level.y))
    inside = (said > -0.5) & (said < framed.height - 0.5)
    assert np.all(np.abs(drawn - said)[inside] <= 0.5 + 1e-9)


def test_a_chart_whose_points_do_not_move_keeps_no_room_to_move_them() -> None:
    """A player's check: the costliest point's chart ran from −5 to 15 for points from 2.4 to
    9.6 (room to drag points up and down, on a level where nothing moves): they filled 4 of
    its 13 rows. Its view is now the points and their line, padded."""
    from dartfit.screens.points import PointsScreen

    for level in POINTS_LEVELS:
        *_, y_lo, y_hi = PointsScreen(level).bounds
        line = linear.fitted_line(level, level.y)
        ys = [*level.y, *(line[0] * x + line[1] for x in (level.x.min(), level.x.max()))]
        span = max(ys) - min(ys)
        moves = level.spec.target.type != "pick_costliest"
        assert y_lo <= min(ys) and y_hi >= max(ys)
        assert (y_hi - y_lo <= 1.6 * span) != moves, (level.id, y_lo, y_hi, span)


def test_two_points_in_one_cell_are_drawn_as_two() -> None:
    """A player's check: on level 5 at 80×24, (0.45, 0.95) and (0.54, 2.28) lay in one cell,
    and one ● stood for both: 11 dots for 12 points. A cell two or more points lie in shows
    ◍, and the legend says what it is; a chart with no such cell says nothing of it."""
    bounds = (0.0, 10.0, 0.0, 10.0)
    shared = FitPicture(np.array([2.0, 2.01, 6.0]), np.array([5.3, 5.31, 8.0]), 0.0, 1.0, bounds)
    text = "\n".join(t for t, _ in draw_fit(shared, 60, 21).rows())
    assert text.count("◍") == 2 and text.count("●") == 1, text  # the cell, the legend
    assert "two or more points in a cell" in text, text
    apart = FitPicture(np.array([2.0, 6.0]), np.array([5.0, 8.0]), 0.0, 1.0, bounds)
    text = "\n".join(t for t, _ in draw_fit(apart, 60, 21).rows())
    assert "◍" not in text and text.count("●") == 2, text


def test_every_label_is_within_half_a_row_of_where_marks_put_its_value() -> None:
    """A review: the marks' view had been set by the first and the last label alone, and
    where labels lie unevenly apart (a short chart keeps four) a middle one was up to 0.8 of
    a row from where a mark of its value went. The view is now the labels' least squares: a
    labelled value is within half a row of its label, evenly apart or not."""
    from dartfit.pictures.common import _y_axis, on_label_rows

    rng = np.random.default_rng(11)
    uneven = 0
    for _ in range(600):
        lo = float(rng.uniform(-1e3, 1e3)) * 10.0 ** int(rng.integers(-6, 6))
        span = abs(lo) * float(rng.uniform(1e-3, 3)) + 1e-9
        view = View(0.0, 1.0, lo, lo + span, width=40, height=int(rng.integers(6, 40)))
        ticks, _, rows = _y_axis(view)
        if len(ticks) < 2:
            continue
        uneven += len({b - a for a, b in itertools.pairwise(rows)}) > 1
        marks = on_label_rows(view)
        worst = max(abs(float(marks.row(t)) - r) for t, r in zip(ticks, rows, strict=True))
        assert worst <= 0.5 + 1e-9, (view, ticks, rows, worst)
    assert uneven > 0  # the case the review found is among them


@pytest.mark.parametrize("size", [(46, 6), (60, 12), (84, 17), (120, 20)])
def test_the_bell_says_what_it_draws_and_its_legend_hides_not_its_top(size) -> None:
    """The likelihood level's bell under the chart of points had no word of its own (a
    student's check: "what is this?"). Its legend names the curve and the bars, and keeps
    clear of the bell's top, as the first, wider wording did not at 80×24."""
    from dartfit.pictures.bell import BellPicture, bell_view, draw_bell

    residuals = np.array([-2.0, -0.5, 0.3, 1.1, 2.6, 4.0])
    picture = BellPicture(residuals, 1.5)
    rows = draw_bell(picture, *size).rows()
    text = "\n".join(t for t, _ in rows)
    assert "⠒ noise, σ wide" in text and "│ each miss" in text, text
    left, view = bell_view(picture, *size)
    top = nearest_cell(view.row(1.0))
    peak = left + nearest_cell(view.col(0.0))
    assert rows[top][1][peak] == "line" and rows[top][0][peak] != " ", text


CORNERS = frozenset("┌┐└┘")


def _says_squares(rows: Sequence[Row]) -> bool:
    """Whether a chart's legend says what the squares are."""
    return any(fit_picture.CAPTION in t for t, _ in rows)


def _a_square_shows(rows: Sequence[Row]) -> bool:
    """Whether a square's corner is on the chart: a square drawn as a box."""
    return any(
        char in CORNERS and style.startswith("square")
        for text, styles in rows
        for char, style in zip(text, styles, strict=True)
    )


def _guess_pictures() -> Iterator[FitPicture]:
    """Each round of the guess-the-MSE levels as its reveal draws it: the squares on."""
    from dartfit.rules import guess

    for level in LEVELS.values():
        if level.spec.kind != "guess" or guess.spec(level).asks != "mse":
            continue
        for shown in guess.rounds(level):
            bounds = fit_bounds(shown.x, shown.y, lines=[(shown.m, shown.b)])
            yield FitPicture(shown.x, shown.y, shown.m, shown.b, bounds, label_largest=True)


def _line_pictures() -> Iterator[FitPicture]:
    """Each small line level's points under its start line, its best line, and a line a
    little off the best (a few misses under half a row at a small size)."""
    for level in LINE_LEVELS:
        start = linear.start_line(level)
        m, b = linear.best_fit(level, "mse")
        for line in (start, (m, b), (m, b + 0.1 * float(np.std(level.y)))):
            yield FitPicture(level.x, level.y, *line, level_bounds(level))


@pytest.mark.parametrize("size", [(76, 13), (76, 20), (46, 16), (96, 34)])
def test_the_legend_says_what_the_squares_are_only_where_a_square_shows(size) -> None:
    """guess-mse's won chart at 80×24 said "□ MSE = the average area of the squares" where
    every miss was under half a row and no square was drawn. Wherever the legend names the
    squares, a square's corner is on the chart; where none shows, the legend is silent."""
    said = bare = 0
    for pic in [*_guess_pictures(), *_line_pictures()]:
        rows = draw_fit(pic, *size).rows()
        shows = _a_square_shows(rows)
        if _says_squares(rows):
            assert shows, "\n".join(t for t, _ in rows)
        said, bare = said + _says_squares(rows), bare + (not shows)
    assert said and bare  # both kinds of chart were drawn


def _marks_named(rows: Sequence[Row]) -> tuple[set[str], set[str]]:
    """The marks a chart draws on its plot that a legend names (┊ a miss, ◍ points in one
    cell, □ a square, seen by its corner), and those its legend names."""
    plotted, named = set(), set()
    for text, styles in rows:
        for char, style in zip(text, styles, strict=True):
            if char in ("┊", marks.SHARED, "□"):
                (named if "legend" in style else plotted).add(char)
    return plotted | ({"□"} if _a_square_shows(rows) else set()), named


@pytest.mark.parametrize("size", [(54, 19), (80, 12), (76, 13), (96, 34)])
def test_every_mark_a_chart_draws_its_legend_names(size) -> None:
    """guess-mse's chart before each reveal drew a ┊ from each point to the line and never
    said what one was, nor any line level's with its squares off (s); first-line's at 80×24
    let "◍ points sharing a cell" go for want of room in a corner. On a chart of 80×24
    (playing, or beside a win panel) or 120×40 with a legend, each mark it draws is named.
    Not at a start line with its squares: there the largest square may crowd every corner
    clear of the points, and entries go rather than hide its edges (the legend takes no rows
    of its own for what the line shows: `test_a_nudge_never_moves_the_plot`)."""
    named = bare = 0
    pictures = [*_guess_pictures(), *_line_pictures()]
    for pic in [*pictures, *(dataclasses.replace(p, squares=False) for p in pictures)]:
        rows = draw_fit(pic, *size).rows()
        plotted, keyed = _marks_named(rows)
        crowded = pic.squares and _at_a_start_line(pic)  # see the docstring's last sentence
        if (keyed or any("legend" in style for _, styles in rows for style in styles)) and not (
            crowded
        ):
            assert plotted <= keyed, (plotted - keyed, "\n".join(t for t, _ in rows))
        named, bare = named + ("┊" in keyed), bare + ("┊" not in plotted)
    assert named and bare  # charts with misses seen and without were drawn


def _at_a_start_line(pic: FitPicture) -> bool:
    """Whether the picture's line is the start line of the line level of its points."""
    return any(
        pic.x is level.x and (pic.m, pic.b) == linear.start_line(level) for level in LINE_LEVELS
    )


@pytest.mark.parametrize("size", [(47, 19), (54, 19), (96, 34)])
@pytest.mark.parametrize("level", LINE_LEVELS, ids=[lv.id for lv in LINE_LEVELS])
def test_a_nudge_never_moves_the_plot(level: Level, size: tuple[int, int]) -> None:
    """Whether the legend took rows of its own over the plot hung on what the line showed
    (a corner crowded by the squares, a ┊ seen or not): first-line at 80×24 gave its plot two
    rows back at the first nudge, its ticks jumping from 25 to 20, and took them again
    further on; naming the arrows of a line run off the plot did too (a review). Along a
    play path, from far past the start line to far past the best line, the plot keeps its
    place: the same rows under the legend, and the x axis on the same row."""
    start, best = linear.start_line(level), linear.best_fit(level, "mse")
    bounds = level_bounds(level)
    places = set()
    for t in np.linspace(-10.0, 15.0, 51):  # off the plot too, where its arrows are named
        m, b = (start[i] + t * (best[i] - start[i]) for i in range(2))
        rows = [
            text for text, _ in draw_fit(FitPicture(level.x, level.y, m, b, bounds), *size).rows()
        ]
        top = next(r for r, text in enumerate(rows) if text[AXIS_WIDTH - 1] in "│┤")
        places.add((top, next(r for r, text in enumerate(rows) if text[AXIS_WIDTH - 1] == "└")))
    assert len(places) == 1, places


@pytest.mark.parametrize("width", range(36, 60))
def test_a_small_charts_legend_keeps_what_a_shared_cell_is_on_one_row(width: int) -> None:
    """Anscombe's fourth set beside the others (d on the win panel at 80×24) wrapped "◍ two
    or more points in a cell" onto a second row, "cell" beside the 14┤ tick label: a chart
    narrower than NARROW says it shorter, whole on one row."""
    x, y = np.array([2.0, 2.0, 6.0]), np.array([5.3, 5.3, 8.0])
    shared = FitPicture(x, y, 0.0, 1.0, (0.0, 10.0, 0.0, 10.0), squares=False, residuals=False)
    rows = [t for t, _ in draw_fit(shared, width, 10).rows()]
    said = [row for row in rows if "sharing" in row or "cell" in row]
    assert len(said) == 1 and "◍ points sharing a cell" in said[0], "\n".join(rows)


def _line_chart(level: Level, state: fit.FitState, best: dict) -> FitPicture:
    """The line screen's chart of `state`, the best lines `best` drawn (`chart_picture`)."""
    return chart_picture(
        level,
        state,
        level_bounds(level),
        best=best,
        squares=True,
        density=None,
        placed=Placed(level.x, level.y),
        names=level.names,
        selected=None,
    )


def test_a_line_the_players_line_lies_on_is_named_in_its_legend_entry() -> None:
    """Galton's start line is ŷ = x, the level's reference: the legend named "your line" and
    "ŷ = x" with one line seen (a player's check of issue 10). A reference line the player's
    lies on is named in the player's line's entry ("your line, on ŷ = x"), and still a fine
    step away (0.4 of a dot row at 96×34: drawn on the same dots); a coarse step away, each
    has its own again."""
    level = next(lv for lv in LINE_LEVELS if lv.id == "galton")
    state = fit.start(level)
    picture = _line_chart(level, state, {})
    assert picture.ghosts and picture.ghosts[-1] == (state.m, state.b)  # on ŷ = x
    text = "\n".join(row[0] for row in draw_fit(picture, 96, 34).rows())
    assert "your line, on ŷ = x" in text and text.count("ŷ = x") == 1  # one entry
    fine = _line_chart(level, fit.nudge(level, state, 0, 1), {})
    text = "\n".join(row[0] for row in draw_fit(fine, 96, 34).rows())
    assert "your line, on ŷ = x" in text and text.count("ŷ = x") == 1
    moved = _line_chart(level, fit.nudge(level, state, 0, 10), {})
    text = "\n".join(row[0] for row in draw_fit(moved, 96, 34).rows())
    assert "your line, on" not in text and "ŷ = x" in text


@pytest.mark.parametrize(
    ("dot_rows", "apart"), [(0.2, False), (0.9, False), (1.0, True), (3, True)]
)
def test_a_line_on_the_players_dots_is_named_in_its_entry_and_one_a_dot_row_off_apart(
    dot_rows: float, apart: bool
) -> None:
    """Galton's won chart at 80×24 drew its best line 0.2 of a dot row under the player's,
    wholly hidden, yet named it apart in the legend ("⠂⠂⠂⠂⠂ best MSE line"): lines within
    1/400 of the view's height were one line, others not. A line less than a braille dot
    row from the player's across the plot lands on its dots: named in its entry; a dot row
    or more off, it is drawn apart and keeps its own."""
    x, y = np.array([1.0, 2.0, 8.0, 9.0]), np.array([1.0, 1.5, 1.0, 1.5])
    bounds = (0.0, 10.0, 0.0, 10.0)
    bare = FitPicture(x, y, 0.3, 4.0, bounds, squares=False, residuals=False)
    view = fit_picture._plot_view(bare, 60, 20)
    dot_row = (view.y_hi - view.y_lo) / (view.height - 1) / 4  # in y
    ghost = (0.3, 4.0 - dot_rows * dot_row)
    pic = FitPicture(
        x, y, 0.3, 4.0, bounds, squares=False, residuals=False, ghosts=(ghost,),
        ghost_names=("best MSE line",),
    )  # fmt: skip
    rows = [t for t, _ in draw_fit(pic, 60, 20).rows()]
    assert rows[0][AXIS_WIDTH - 1] in "│┤"  # the legend in a corner: the plot is `view`
    text = "\n".join(rows)
    assert ("your line, on best MSE line" not in text) == apart, text
    assert text.count("best MSE line") == 1, text


@pytest.mark.parametrize("slope", [0.0, 0.3])
@pytest.mark.parametrize("start", [0, 1, 2, 3])
@pytest.mark.parametrize("apart", [0, 1, 2])
def test_a_line_seen_nowhere_in_its_colour_has_no_entry_of_its_own(
    apart: int, start: int, slope: float
) -> None:
    """Won at 80×24, median-guess's mean lay a free dot row over the player's line in its
    cells, drawn in the player's line's colour, yet its legend entry showed a colour seen
    nowhere on the chart; a line one dot row off the player's, left out where their dots
    touch, had an entry too. A line 0, 1 or 2 dot rows from the player's (from each dot row
    of a cell, flat and sloped): where a cell of the plot shows its colour, its entry is its
    own; where none does, the player's entry names it ("your line, on …") or its own says
    where its dots are, its sample in the colour they are drawn in. (Its own entry may say
    that it is mostly hidden, as a line seen in few of its cells: `mostly_hidden_said`.)"""
    x, y = np.array([1.0, 2.0, 8.0, 9.0]), np.array([1.0, 1.5, 1.0, 1.5])
    bounds = (0.0, 10.0, 0.0, 10.0)
    bare = FitPicture(x, y, slope, 4.0, bounds, squares=False, residuals=False)
    view = fit_picture._plot_view(bare, 60, 20)
    dot_row = (view.y_hi - view.y_lo) / (view.height - 1) / 4  # in y
    # the player's line through the middle of dot row `start` of a cell at x = 0
    b = view.y_hi - (4 * round(view.row(4.0)) + start - 1.5) / 4 * (view.y_hi - view.y_lo) / (
        view.height - 1
    )
    pic = FitPicture(
        x, y, slope, b, bounds, squares=False, residuals=False,
        ghosts=((slope, b + apart * dot_row),), ghost_names=("best MSE line",),
    )  # fmt: skip
    rows = draw_fit(pic, 60, 20).rows()
    text = "\n".join(chars for chars, _ in rows)
    assert rows[0][0][AXIS_WIDTH - 1] in "│┤" and text.count("best MSE line") == 1, text
    seen = any(style == "ghost-0" for _, styles in rows for style in styles)
    entry = next(row for row in text.splitlines() if "best MSE line" in row)
    assert bool(re.search(r"⠂ best MSE line(?!, (?!mostly hidden))", entry)) == seen, text
    if "just above" in entry or "just below" in entry:  # its sample in the player's colour
        (chars, styles) = next(row for row in rows if "best MSE line" in row[0])
        assert styles[chars.index("⠂")] == "line+legend", text
    if apart == 0:
        assert "your line, on best MSE line" in entry, text


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (78, 11), (96, 34)])
@pytest.mark.parametrize("slope", [0.0, 0.05, 0.3, 1.0, -1.6])
@pytest.mark.parametrize("start", [0, 1, 2, 3])
def test_a_line_seen_in_few_of_its_cells_is_said_mostly_hidden(
    start: int, slope: float, size: tuple[int, int]
) -> None:
    """Won at 80×24, first-line's best MSE line lay a dot row from the player's, under it in
    55 of its 73 cells, and the key named it "⠂⠂⠂⠂⠂ best MSE line", as if it were seen: a
    student looked for a dotted line and found a few dots. A line a dot row from the
    player's (their dots touch: the later line's alone are drawn), from each dot row of a
    cell, flat and sloped: its key says it is mostly hidden, and by which line, exactly
    where its ink shows in fewer than half the cells it is drawn in (counted on the chart
    drawn without the player's line), its sample in its own ink."""
    x, y = np.array([1.0, 2.0, 8.0, 9.0]), np.array([1.0, 1.5, 1.0, 1.5])
    bounds = (0.0, 10.0, 0.0, 10.0)
    bare = FitPicture(x, y, slope, 4.0, bounds, squares=False, residuals=False)
    view = fit_picture._plot_view(bare, *size)
    dot_row = (view.y_hi - view.y_lo) / (view.height - 1) / 4  # in y
    b = view.y_hi - (4 * round(view.row(4.0)) + start - 1.5) / 4 * (view.y_hi - view.y_lo) / (
        view.height - 1
    )
    pic = FitPicture(
        x, y, slope, b, bounds, squares=False, residuals=False, key_below=True,
        ghosts=((slope, b + dot_row),), ghost_names=("best MSE line",),
    )  # fmt: skip
    raster, entries = fit_picture.draw_fit_keyed(pic, *size)
    alone, _ = fit_picture.draw_fit_keyed(dataclasses.replace(pic, line=False), *size)
    seen, cells = (sum(s == "ghost-0" for _, row in r.rows() for s in row) for r in (raster, alone))
    text = "\n".join(chars for chars, _ in raster.rows())
    (words,) = [words for _, style, words in entries if style == "ghost-0"] or [("",)]
    if not seen:  # seen nowhere: its dots in the player's cells (`Raster.hidden`)
        assert "mostly" not in words[0], (words, text)
        return
    mostly = words[0] == "best MSE line, mostly hidden by your line"
    assert mostly == (2 * seen < cells), (seen, cells, words, text)


def named_on_but_seen(rows: list[Row], styles: dict[str, str]) -> list[str]:
    """The lines (by name → style) that a chart's legend names only as on another's line
    ("your line, on best MSE line") but whose colour some cell of the plot shows."""
    text = "\n".join(chars for chars, _ in rows)
    seen = {style for _, row in rows for style in row}
    return [
        name
        for name, style in styles.items()
        if re.search(rf", on [^\n]*{re.escape(name)}", text)
        and not re.search(rf"[⠂⠄⠤⠒] {re.escape(name)}", text)  # no entry of its own
        and style in seen
    ]


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (74, 14), (96, 34)])
@pytest.mark.parametrize("slope", [0.0, 0.3, -1.6])
@pytest.mark.parametrize("dot_rows", [0.3, 0.6, 0.9])
def test_a_line_named_on_the_players_shows_no_cell_of_its_own(
    dot_rows: float, slope: float, size: tuple[int, int]
) -> None:
    """Slope, crickets and steep, won at 80×24, said "your line, on best MSE line" (less
    than a dot row from it all along), yet 3 to 12 dotted cells of the best line showed at
    the ends of the player's runs of dots, where rounding put the two a dot row apart in
    cells of their own. A line the legend names only as on another is drawn on its dots:
    no cell shows its colour."""
    x, y = np.array([1.0, 2.0, 8.0, 9.0]), np.array([1.0, 1.5, 1.0, 1.5])
    bounds = (0.0, 10.0, 0.0, 10.0)
    bare = FitPicture(x, y, slope, 4.0, bounds, squares=False, residuals=False)
    view = fit_picture._plot_view(bare, *size)
    dot_row = (view.y_hi - view.y_lo) / (view.height - 1) / 4  # in y
    pic = FitPicture(
        x, y, slope, 4.0 + 0.37 * dot_row, bounds, squares=False, residuals=False,
        ghosts=((slope * (1 + 0.002 * dot_rows), 4.0 + (0.37 - dot_rows) * dot_row),),
        ghost_names=("best MSE line",),
    )  # fmt: skip
    rows = draw_fit(pic, *size).rows()
    assert not named_on_but_seen(rows, {"best MSE line": "ghost-0"}), "\n".join(
        chars for chars, _ in rows
    )


def test_a_reference_line_on_another_is_named_in_its_entry() -> None:
    """Two best lines on one another's dots (the MSE and the MAE best of symmetric data),
    the player's line apart: the one drawn later names the other ("MAE best, on MSE best"),
    which has no entry of its own."""
    x, y = np.array([1.0, 2.0, 8.0, 9.0]), np.array([1.0, 1.5, 1.0, 1.5])
    pic = FitPicture(
        x, y, 0.0, 8.0, (0.0, 10.0, 0.0, 10.0), squares=False, residuals=False,
        ghosts=((0.1, 3.0), (0.1, 3.0)), ghost_names=("MSE best", "MAE best"),
    )  # fmt: skip
    text = "\n".join(chars for chars, _ in draw_fit(pic, 60, 20).rows())
    assert "MAE best, on MSE best" in text and text.count("MSE best") == 1, text


@pytest.mark.parametrize("width", [40, 44, 60, 96])
def test_a_line_hidden_on_the_players_dots_is_never_named_with_an_ink_not_drawn(
    width: int,
) -> None:
    """Likely-line won at 80×24 (a plot 33 columns wide) drew its best line 0.3 of a dot row
    from the player's, wholly under it, and as "your line, on best MSE line" was too wide
    for the plot, named it apart: "⠂⠂⠂⠂⠂ best MSE line", with no dotted cell on the chart.
    Every line the legend gives a sample of has cells of that ink on the chart."""
    x, y = np.array([1.0, 2.0, 8.0, 9.0]), np.array([1.0, 1.5, 1.0, 1.5])
    bounds = (0.0, 10.0, 0.0, 10.0)
    bare = FitPicture(x, y, 0.3, 4.0, bounds, squares=False, residuals=False)
    view = fit_picture._plot_view(bare, width, 12)
    dot_row = (view.y_hi - view.y_lo) / (view.height - 1) / 4  # in y
    pic = FitPicture(
        x, y, 0.3, 4.0, bounds, squares=False, residuals=False,
        ghosts=((0.3, 4.0 - 0.2 * dot_row),), ghost_names=("best MSE line",),
    )  # fmt: skip
    rows = draw_fit(pic, width, 12).rows()
    styles = [style for _, row in rows for style in row]
    assert "your" in "\n".join(text for text, _ in rows)  # the legend is drawn ("yours, on")
    assert "ghost-0+legend" not in styles or "ghost-0" in styles, width


@pytest.mark.parametrize("level", LINE_LEVELS, ids=lambda lv: lv.id)
def test_a_best_line_the_win_says_your_line_is_on_is_named_in_its_entry(level) -> None:
    """At the won line nearest the best MSE line, the win panel said "the best MSE line, …
    (your line, on it)" while the legend beside it named the best line apart, as a
    line of its own (slope, fine-tune, outlier-line): one rule says it in both places."""
    from dartfit.screens.fit_hud import best_said

    m, b = linear.best_fit(level, "mse")
    won = fit.place(level, fit.start(level), m, b)
    best = {"best MSE line": (m, b)}
    said = " ".join(best_said(level, won, linear.steps(level), best, True))
    text = " ".join(row[0] for row in draw_fit(_line_chart(level, won, best), 96, 34).rows())
    on_it = "your line, on it" in said.replace("\u00a0", " ")
    assert on_it == ("your line, on best MSE line" in text), said


FIT_LEVELS = [
    lv
    for lv in LEVELS.values()
    if lv.spec.kind in ("line", "mae", "mle", "huber") and lv.x.size < 1000
]
LINE_INKS = ("line", "ghost-0", "ghost-1", "reference")


def unnamed(rows: list[Row]) -> list[str]:
    """What a fit chart draws and its legend does not name: a line's ink (the player's, a
    best line's, the reference's) where two or more show, and arrows where the player's
    line runs past the plot's edge."""
    shown, named, arrows = set(), set(), False
    for text, styles in rows:
        for char, style in zip(text, styles, strict=True):
            base = style.split("+")[0]
            ink = "line" if base.startswith("line-") else base
            if ink not in LINE_INKS:
                continue
            if style.endswith("+legend"):
                named.add(ink)
            else:
                shown.add(ink)
                arrows |= char in "▲▼"
    found = sorted(shown - named) if len(shown) > 1 else []
    said = "\n".join(text for text, _ in rows)
    return found + (["the arrows"] if arrows and "runs on" not in said else [])


@pytest.mark.parametrize("level", FIT_LEVELS, ids=lambda lv: lv.id)
def test_every_fit_chart_of_six_rows_and_more_names_its_lines(level: Level) -> None:
    """Fit charts of 7 rows and fewer went without a legend where a corner one would hide a
    point and no row over the plot could be spared (Galton's, won, at 80×8: the player's
    line, the best line and ŷ = x unnamed), and a one-row legend over the plot let the
    arrows' word go, a ▲ at the plot's edge unexplained (likely-line won at 80×24, after
    the best line shown first). The player's line near the best (on it, and three ways
    off), with the best line drawn, at 40 to 100 columns and 6 to 12 rows: each line drawn
    is named, and the arrows said, or none drawn."""
    m, b = linear.best_fit(level, "mse")
    found = []
    for dm, db in [(0.0, 0.0), (0.05, 0.3), (-0.1, 0.5), (0.2, -1.0)]:
        state = fit.place(level, fit.start(level), m + dm * abs(m or 1), b + db)
        picture = _line_chart(level, state, {"best MSE line": (m, b)})
        for width, height in itertools.product((40, 50, 80, 100), range(6, 13)):
            rows = draw_fit(picture, width, height).rows()
            if lost := unnamed(rows):
                found.append(f"{dm, db} at {width}×{height}: {lost}")
    assert not found, found


@pytest.mark.parametrize("size", [(54, 17), (46, 16), (76, 20)])
def test_a_square_seen_by_its_corner_alone_is_said_and_the_largest_labelled(size) -> None:
    """ "One point's pull" at 80×24 (its chart 54×17): the squares under a row tall drawn as
    "●┘", the corner beside its point, but the legend said nothing of squares and the
    largest went unlabelled (both there at 120×40): only a square drawn as a box counted.
    A square seen by a corner is seen: said, and the largest labelled with its e²."""
    level = LEVELS["pull"]
    m, b = linear.fitted_line(level, level.y)
    bounds = fit_bounds(level.x, level.y, points.point_limits(level))
    rows = draw_fit(FitPicture(level.x, level.y, m, b, bounds), *size).rows()
    chart = "\n".join(text for text, _ in rows)
    assert _a_square_shows(rows), chart
    assert _says_squares(rows) and "e²=" in chart, chart
