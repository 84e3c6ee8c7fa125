"""The plotext charts' axes: round, evenly spaced ticks chosen by dartfit, short labels, and a
diverging descent kept in view (pure: Figures and the text plotext draws from them)."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from dartfit import core
from dartfit.levels import find_level, load_levels, sandbox_level
from dartfit.pictures.figure import Figure, Series, clipped
from dartfit.pictures.log_axes import symlog
from dartfit.pictures.solver import TOGETHER, TOGETHER_KEYS, SolverCharts
from dartfit.pictures.solver_status import status_text
from dartfit.pictures.ticks import (
    FEWEST_TICKS,
    OFF_CENTRE,
    WIDEST,
    _rows_of,
    evened,
    nice_axis,
    x_axis,
    y_axis,
)
from dartfit.rules import fit, linear, solver
from dartfit.widgets.plot import aligned, build, labels_apart, title_lines
from dartfit.wording import MINUS, num
from tests.conftest import SHIPPED, drawn_both_ways
from tests.test_labelled_ticks import AWKWARD

LEVEL = find_level(load_levels(SHIPPED), "first-line")
TICK_ROW = re.compile(r"^\s*(\S+)┤")

finite = st.floats(min_value=-1e12, max_value=1e12).filter(lambda v: v == 0 or abs(v) >= 1e-9)


def significant(label: str) -> int:
    """How many significant digits a label shows (0.0150 and 1.5e−2: 3)."""
    mantissa = label.split("e")[0].replace("−", "").replace(".", "")
    return len(mantissa.lstrip("0")) or 1


def assert_even(ticks: tuple[float, ...]) -> None:
    gaps = np.diff(ticks)
    assert gaps == pytest.approx(np.full(len(gaps), gaps[0]), rel=1e-9)


@given(finite, finite, st.integers(min_value=4, max_value=12))
def test_an_axis_has_at_least_four_round_evenly_spaced_ticks_inside_it(
    a: float, b: float, most: int
) -> None:
    lo, hi = min(a, b), max(a, b)
    axis = nice_axis(lo, hi, most)
    assert FEWEST_TICKS <= len(axis.ticks) <= max(most, FEWEST_TICKS)
    assert_even(axis.ticks)
    step = axis.ticks[1] - axis.ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mantissa - f) for f in (1, 2, 5, 10)) < 1e-6  # 1, 2 or 5 times 10^k
    assert axis.lo <= min(lo, axis.ticks[0]) and axis.hi >= max(hi, axis.ticks[-1])
    assert len(set(axis.labels)) == len(axis.labels)


@given(finite, finite)
def test_tick_labels_stay_short_whatever_the_range(a: float, b: float) -> None:
    lo, hi = min(a, b), max(a, b)
    # a chart's range is at least a thousandth of its size (a flat loss is not drawn so)
    hi = max(hi, lo + 1e-3 * max(abs(lo), abs(hi)))
    axis = nice_axis(lo, hi, 6)
    assert all(significant(label) <= 6 and len(label) <= 10 for label in axis.labels), axis.labels


def test_the_solvers_old_uneven_ticks_and_diverged_labels_are_round_now() -> None:
    near = nice_axis(12.54, 13.63, 6)  # plotext chose 13.63, 13.45, 13.09, 12.91, 12.54
    assert near.labels[:3] == ("12.6", "12.8", "13.0")
    blown = nice_axis(12.5, 33531429526.2, 6)  # plotext wrote 33531429526.2
    assert "3.0e10" in blown.labels and max(map(len, blown.labels)) <= 6


@pytest.mark.parametrize(
    ("lo", "hi"),
    [(2.35e12, 3.05e12), (12.5, 33531429526.2), (1.2e-7, 2.6e-7), (-3.3e15, -2.1e15), (0, 1e11)],
)
@pytest.mark.parametrize("rows", [4, 6, 9])
def test_the_labels_of_one_axis_share_one_precision(lo: float, hi: float, rows: int) -> None:
    """huge.csv's y (near 3e12) read 3e12 2.8e12 2.6e12 2.4e12 (an independent check): each
    label in e-notation has as many decimals in its mantissa as the others (3.0e12)."""
    labels = nice_axis(lo, hi, rows).labels
    mantissas = [label.split("e")[0] for label in labels if "e" in label]
    assert mantissas, labels
    assert len({len(m.lstrip(MINUS).partition(".")[2]) for m in mantissas}) == 1, labels


def test_x_ticks_leave_room_between_their_labels() -> None:
    axis = x_axis(0.0, 1e-5, 30)
    assert len(axis.ticks) >= FEWEST_TICKS
    assert len(axis.ticks) * (max(map(len, axis.labels)) + 1) <= 30


def _plain(row: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", row)


def y_labels(rows: list[str]) -> list[str]:
    return [m[1] for row in map(_plain, rows) if (m := TICK_ROW.match(row))]


def run(rate_factor: float = 1.0, steps: int = 60) -> tuple[SolverCharts, solver.SolverState]:
    first = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    state = solver.with_rate(first, rate_factor) if rate_factor != 1.0 else first
    return SolverCharts.of(LEVEL.x, LEVEL.y, first), solver.advance(state, steps)


@pytest.mark.parametrize("size", [(40, 8), (40, 10), (60, 17), (100, 22)])
@pytest.mark.parametrize("factor", [1.0, 4.0])
@pytest.mark.parametrize("log_scale", [False, True])
def test_every_solver_chart_shows_four_short_even_y_ticks(size, factor, log_scale) -> None:
    charts, state = run(factor)
    width, height = size
    for figure in (
        charts.fit(state),
        charts.bowl(state, width),
        charts.loss(state, width, log_scale),
    ):
        labels = y_labels(build(figure, width, height))
        # four rows of plot hold four labels (round steps, or every other one), except on a
        # log axis, whose labels are whole powers of ten: there two decades get two or three
        short_log = height <= 8 and figure.ylog
        fewest = 2 if short_log else SYMLOG_FEWEST if figure.symlog else FEWEST_TICKS
        assert len(labels) >= fewest, (figure.title, labels)
        assert all(significant(label) <= 6 for label in labels), labels
        assert not any(re.fullmatch(r"−?0\.0+", label) for label in labels)


NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?")


def x_labels(rows: list[str]) -> list[tuple[int, str]]:
    """Each tick (┬) under a plotext chart and the label whose cells are over its column on
    the row under it ("" where none is)."""
    rows = [_plain(row) for row in rows]
    foot = max(k for k, row in enumerate(rows) if "└" in row)
    words = [(m.start(), m.end(), m[0]) for m in re.finditer(r"\S+", rows[foot + 1])]
    return [
        (col, next((word for a, b, word in words if a <= col < b), ""))
        for col, mark in enumerate(rows[foot])
        if mark == "┬"
    ]


SYMLOG_FEWEST = 3
"""The fewest labels on a symmetric-log axis: 0 and a power of ten either side of it."""


def assert_four_even_x_labels(rows: list[str], symlog: bool = False) -> None:
    """Four ticks or more under a chart, each with its number over it, the same number of
    columns apart and the same step apart, a blank cell between labels, and none in the
    row's last cell (the chart beside it starts there). On a symmetric-log axis, three or
    more, the same decades apart either side of 0."""
    ticks = x_labels(rows)
    seen = "\n".join(_plain(row) for row in rows[-3:])
    assert len(ticks) >= (SYMLOG_FEWEST if symlog else FEWEST_TICKS), seen
    labels = [label.replace("−", "-") for _, label in ticks]
    assert all(NUMBER.fullmatch(label) for label in labels), seen
    assert len(set(labels)) == len(labels), seen  # two ticks under one label read as one
    assert len({b - a for (a, _), (b, _) in itertools.pairwise(ticks)}) == 1, seen
    values = [float(label) for label in labels]
    if symlog:
        assert values == [-v for v in reversed(values)] and 0.0 in values, seen
        decades = tuple(math.log10(v) for v in values if v > 0)
        if len(decades) > 1:
            assert_even(decades)
    else:
        assert_even(tuple(values))
    foot = max(k for k, row in enumerate(rows) if "└" in _plain(row))
    under = _plain(rows[foot + 1])
    assert all(under.rindex(label) < len(under) - len(label) for _, label in ticks), seen


SCREEN_CHARTS = {  # the auto-solver's fit, bowl and MSE charts, as each terminal size lays them
    (80, 24): ((26, 17), (27, 17), (27, 17)),
    (120, 40): ((60, 17), (60, 17), (120, 17)),
    (200, 50): ((100, 22), (100, 22), (200, 22)),
}


def solver_figures(
    charts: SolverCharts, state: solver.SolverState, terminal: tuple[int, int], log: bool
) -> list[tuple[Figure, tuple[int, int]]]:
    """The solver's three charts of a state and their sizes, as its screen lays them out: in
    one row at 80×24, their titles given rows alike (`aligned`); else the fit and the bowl in
    one, the MSE chart under them."""
    sizes = SCREEN_CHARTS[terminal]
    figures = [
        charts.fit(state),
        charts.bowl(state, sizes[1][0]),
        charts.loss(state, sizes[2][0], log),
    ]
    rows = [[0, 1, 2]] if terminal == (80, 24) else [[0, 1], [2]]
    for row in rows:
        for k, figure in zip(row, aligned([(figures[k], sizes[k]) for k in row]), strict=True):
            figures[k] = figure
    return list(zip(figures, sizes, strict=True))


@pytest.mark.parametrize("terminal", list(SCREEN_CHARTS))
@pytest.mark.parametrize("data", ["first-line", *AWKWARD], ids=str)
def test_every_solver_chart_labels_both_axes_with_four_even_ticks_to_the_end_of_a_blow_up(
    terminal, data
) -> None:
    """From the player's line to a run at twice the stable rate blown up, on the first line's
    points and on awkward data, every axis of the solver's charts has four labels or more
    (two on a log axis), evenly apart. At 80×24 the bowl of a blown-up run read "−20000 0
    20000" (−20000 too wide for four in its 20 columns), and the fit chart of the years 1990
    to 2020 read "1990 2000 2010" (plotext left 2020 out beside the frame's corner)."""
    if data == "first-line":
        x, y, line = LEVEL.x, LEVEL.y, linear.start_line(LEVEL)
    else:
        x, y = AWKWARD[data]
        line = linear.start_line(fit.playable(sandbox_level(Path("mine.csv"), x, y, "x", "y")))
    first = solver.start(x, y, *line)
    charts, state = SolverCharts.of(x, y, first), solver.with_rate(first, 4.0)
    states = [first, state]
    while not states[-1].finished:
        states.append(solver.step(states[-1]))
    assert states[-1].diverged
    for state in states:
        for log in (False, True) if state is states[-1] else (False,):
            for figure, size in solver_figures(charts, state, terminal, log):
                rows = build(figure, *size)
                assert_four_even_x_labels(rows, figure.symlog is not None)
                fewest = 2 if figure.ylog else SYMLOG_FEWEST if figure.symlog else FEWEST_TICKS
                assert len(y_labels(rows)) >= fewest, (state.steps, figure.title, rows)


def test_the_log_chart_labels_powers_of_ten_not_zeros() -> None:
    charts, state = run(1.0, 2000)
    assert state.converged
    labels = y_labels(build(charts.loss(state, 80, True), 80, 12))
    assert all(re.fullmatch(r"1e−?\d+|1|10|100", label) for label in labels), labels


def steep_side(state: solver.SolverState, best: solver.Point, m: float, b: float) -> float:
    """Where (m, b) is from the best along the bowl's steep direction, which descent
    overshoots along, from side to side."""
    steep = np.linalg.eigh(state.problem.hessian)[1][:, -1]
    return float(np.dot((m - best[0], b - best[1]), steep))


@pytest.mark.parametrize("factor", [4.0, 8.0, 16.0])  # the rate 2, 4 and 8 times the stable
def test_a_diverging_path_is_followed_to_where_it_is_its_last_swings_numbered(factor) -> None:
    """The bowl's view held a diverging path's first four steps; after them the path left
    it and only an arrow at its edge was left. Now every step is in view, ● where descent
    is, the step before it numbered on the other side of the best: the zig-zag is seen
    (at 8 times the stable rate each step lands 15 times as far as the one before, which
    is then in the best's cell, a view's width from the best being too far for both)."""
    first = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    charts, state = SolverCharts.of(LEVEL.x, LEVEL.y, first), solver.with_rate(first, factor)
    while not state.finished:
        state = solver.step(state)
        figure = charts.bowl(state, 40)
        placed = _placed(figure, charts.best)
        assert figure.xlim is not None and figure.ylim is not None
        (x0, x1), (y0, y1) = figure.xlim, figure.ylim
        steps = [placed(m, b) for m, b, _ in state.history]
        assert all(x0 <= m <= x1 and y0 <= b <= y1 for m, b in steps if math.isfinite(m + b))
        (mark,) = (s for s in figure.series if s.role == "current")
        at = placed(state.current.m, state.current.b)
        assert (mark.marker, mark.xs, mark.ys) == ("●", (at[0],), (at[1],))
        assert "●" in "".join(plain(build(figure, 40, 12)))
        if state.steps >= 2 and factor < 16:
            numbered = {int(s.marker): s for s in figure.series if s.marker.isdigit()}
            before = numbered[state.steps - 1]  # the swing before, numbered where it landed
            if figure.symlog:  # at its distance from the best: the other side of it
                assert before.xs[0] * at[0] < 0 and before.ys[0] * at[1] < 0, state.steps
                continue
            here = steep_side(state, charts.best, state.current.m, state.current.b)
            there = steep_side(state, charts.best, before.xs[0], before.ys[0])
            assert here * there < 0, (state.steps, here, there)
    assert state.diverged
    labels = y_labels(build(figure, 40, 12))  # the view as wide as the path: short labels
    assert labels and all(len(label) <= 6 for label in labels), labels


def _placed(figure: Figure, best: solver.Point) -> Callable[[float, float], tuple[float, float]]:
    """Where the bowl draws a point (m, b): as it is, or on log axes at its distance from
    the best."""
    if figure.symlog is None:
        return lambda m, b: (m, b)
    p_m, p_b = figure.symlog
    return lambda m, b: (symlog(m - best[0], p_m), symlog(b - best[1], p_b))


def test_a_followed_path_crosses_rings_at_its_own_scale() -> None:
    """A followed path's view is many times its first rings' size: they were a cell at the
    best. Rings a quarter as far above the best as the next one out are drawn at its scale:
    the outer one as far above it as the path has been, or up to four times nearer. (Until
    it is FAR out: then on log axes, `test_a_diverging_path_zig_zags_in_view_on_log_axes`.)"""
    charts, state = run(4.0, 0)
    while True:
        state = solver.step(state)
        figure = charts.bowl(state, 40)
        assert figure.symlog is None, "no followed view before the log axes"
        if any(
            max(r.xs) - min(r.xs) > max(o.xs) - min(o.xs)
            for r, o in zip(
                (s for s in figure.series if s.role == "ring"), charts.rings, strict=False
            )
        ):
            break
    assert figure.xlim is not None and figure.ylim is not None
    (x0, x1), (y0, y1) = figure.xlim, figure.ylim
    rings = [s for s in figure.series if s.role == "ring"]
    widths = [max(r.xs) - min(r.xs) for r in rings]
    assert widths == pytest.approx([widths[0], widths[0] / 2, widths[0] / 4])
    outer = rings[0]
    runs = clipped(outer.xs, outer.ys, (x0, x1, y0, y1))  # as much as is drawn of it
    ms, bs = [m for xs, _ in runs for m in xs], [b for _, ys in runs for b in ys]
    seen = max((max(ms) - min(ms)) / (x1 - x0), (max(bs) - min(bs)) / (y1 - y0))
    assert seen >= 0.5  # across half the view at least: not a cell at the best
    farthest = max(mse for _, _, mse in state.history) - charts.best[2]
    ring_mse = core.mse_at(state.problem, outer.xs[0], outer.ys[0]) - charts.best[2]
    assert farthest / 4 < ring_mse <= farthest * (1 + 1e-9)


@pytest.mark.parametrize("log_scale", [False, True])
def test_the_loss_chart_of_a_blown_up_run_climbs_to_its_largest_mse(log_scale) -> None:
    charts, state = run(4.0, 200)
    assert state.diverged
    worst = max(p[2] for p in state.history if math.isfinite(p[2]))
    figure = charts.loss(state, 80, log_scale)
    (loss,) = (s for s in figure.series if s.role == "loss")
    assert len(loss.xs) == state.steps + 1  # every finite step is drawn, the last too
    top = figure.y_range()[1]  # on a log axis either way: the MSE, or its gap to the best
    assert figure.ylog and top >= math.log10(worst - charts.best[2] if log_scale else worst)
    labels = y_labels(build(figure, 80, 12))
    assert all(len(label) <= 5 for label in labels), labels  # 3e10, 1e10: compact


def test_a_title_wider_than_the_canvas_keeps_its_own_row() -> None:
    title = "the bowl: path of (m, b) · ✚ best"
    figure = Figure((Series((0.0, 1.0), (-2e10, 3e10)),), (0.0, 1.0), (-2e10, 3e10), title=title)
    rows = build(figure, 38, 10)
    assert re.sub(r"\x1b\[[0-9;]*m", "", rows[0]).strip() == title
    assert len(rows) == 10


def test_a_legend_wider_than_its_chart_wraps_between_entries_instead_of_being_cut() -> None:
    """The degree chart's legend at 110 columns beside the win panel ended "· the t…"."""
    legend = "···· 30 fits · ▀▀ their mean · •• the truth"
    figure = Figure((Series((0.0, 1.0), (-2.0, 2.0)),), (0.0, 1.0), (-2.0, 2.0), title=legend)
    rows = [re.sub(r"\x1b\[[0-9;]*m", "", row).strip() for row in build(figure, 36, 20)]
    assert rows[:2] == ["···· 30 fits · ▀▀ their mean", "•• the truth"]
    assert len(rows) == 20 and "…" not in "".join(rows)


@pytest.mark.parametrize(
    ("title", "keys", "rows"),
    [
        (
            "the fit: points, line below every point",
            (),
            ["the fit: points,", "line below every point"],
        ),
        ("MSE − best MSE by step (log scale)", (), ["MSE − best MSE by step", "(log scale)"]),
        ("MSE by step, log scale: it blew up", (), ["MSE by step, log scale:", "it blew up"]),
        (
            "the fit: points, a moving line",
            (("a moving line", "line"),),
            ["the fit: points,", "a moving line"],
        ),
        (
            "the points and the moving line",
            (("the moving line", "line"),),
            ["the points and", "the moving line"],
        ),
    ],
)
def test_a_title_wider_than_a_third_of_80_columns_breaks_between_words(title, keys, rows) -> None:
    """At 80×24 the solver's charts are a third of it wide: "the fit: points, line below
    every point" was cut to "the fit: points, line bel…". A title breaks after a comma or a
    colon, or before a bracket, else between words, never inside a key's words."""
    assert title_lines(title, 26, keys) == rows


def test_the_stable_rate_is_warned_about_before_the_run_diverges() -> None:
    first = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    hot = solver.with_rate(solver.with_rate(first, 2), 2)
    text = status_text(hot, False, 5, 0.0)
    assert not hot.diverged and "past the largest stable rate" in text
    assert "largest stable rate" not in status_text(first, False, 5, 0.0).split("\n", 1)[1]


@pytest.mark.long
def test_the_solver_and_the_command_line_explain_a_crawl_in_the_same_words(monkeypatch) -> None:
    import dartfit.core.descent

    monkeypatch.setattr(dartfit.core.descent, "STEP_CAP", 2_000)  # a crawl shows in 2,000 steps
    far = find_level(load_levels(SHIPPED), "scaling")
    state = solver.start(far.x, far.y, *linear.start_line(far))
    note = core.crawl_reason(state.problem)
    assert "centring x would help" in note and note in status_text(state, False, 5, 0.0)
    cli = core.descend(far.x, far.y, *linear.start_line(far)).reason
    assert note in cli
    near = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    assert "centring" not in status_text(near, False, 5, 0.0)


def test_the_learning_rate_stops_at_a_thousand_times_the_stable_rate() -> None:
    state = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    for _ in range(40):
        state = solver.with_rate(state, 2)
    limit = solver.stable_rate(state)
    assert limit is not None and state.learning_rate == pytest.approx(1000 * limit)
    assert solver.with_rate(state, 2) is state


def test_the_diverged_message_typesets_every_number() -> None:
    state = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    for _ in range(40):
        state = solver.with_rate(state, 2)
    state = solver.advance(state, 100)
    text = status_text(state, False, 5, 0.0)
    assert state.diverged and "Diverged" in text
    assert not re.search(r"\d[eE][+-]|\d-|-\d", text), text
    assert num(state.learning_rate) in text.split("Diverged", 1)[1]


def test_a_chart_fills_its_widget_however_wide_not_the_terminal_plotext_sees() -> None:
    charts, state = run()
    rows = build(charts.loss(state, 200, False), 200, 20)
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]
    assert max(len(row.rstrip()) for row in plain) > 190


def test_the_bowl_tells_its_rings_path_optimum_and_position_apart_by_glyph() -> None:
    charts, state = run()
    markers = {s.role: s.marker for s in charts.bowl(state, 40).series}
    assert len(set(markers.values())) == len(markers) == 4  # NO_COLOR leaves only shapes


@given(finite, finite, st.integers(min_value=2, max_value=7))
def test_a_short_chart_takes_fewer_ticks_rather_than_a_range_far_wider_than_its_data(
    a: float, b: float, rows: int
) -> None:
    """A 4-row chart of 39 to 91 was drawn from 0 to 150: its points all in one row. Too
    short for two ticks on rows of their own in its range, a chart has one on every row,
    exactly (a 3-row chart had four ticks on three rows: 0 read on the row of 25)."""
    lo, hi = min(a, b), max(a, b)
    hi = max(hi, lo + 1e-3 * max(abs(lo), abs(hi), 1.0))
    axis = y_axis(lo, hi, rows)
    assert len(axis.ticks) >= 2
    assert_even(axis.ticks)
    exact = [(t - axis.lo) / (axis.hi - axis.lo) * (rows - 1) for t in axis.ticks]
    at = [round(row) for row in exact]
    assert len(set(at)) == len(at), (lo, hi, rows, axis)  # never two ticks on a row
    widened = axis.lo < lo - 1e-8 * (hi - lo) or axis.hi > hi + 1e-8 * (hi - lo)
    if len(axis.ticks) < FEWEST_TICKS and widened:  # every row, each on its row exactly
        assert len(axis.ticks) == rows
        assert exact == pytest.approx(list(range(rows)), abs=1e-6), (lo, hi, rows, axis)
    elif len(axis.ticks) < FEWEST_TICKS:  # fewer: in the data's own range, each on its own row
        assert (axis.lo, axis.hi) == pytest.approx((lo, hi), rel=1e-8, abs=1e-8 * (hi - lo)), (
            lo,
            hi,
            rows,
            axis,
        )
        assert len(set(at)) == len(at), (lo, hi, rows, axis)


def test_the_heights_sandbox_keeps_its_points_apart_on_a_short_chart() -> None:
    """Four labels on four rows, and the lightest and heaviest on the first and last row."""
    axis = y_axis(39.0, 91.0, 4)
    assert axis.labels == ("40", "60", "80", "100")
    assert axis.hi - axis.lo <= WIDEST * (91.0 - 39.0)
    assert [round((v - axis.lo) / (axis.hi - axis.lo) * 3) for v in (39.0, 91.0)] == [0, 3]


@pytest.mark.parametrize("rows", [4, 5, 6, 7])
def test_short_charts_mostly_show_four_labels(rows: int) -> None:
    """Four ticks on their own rows, within WIDEST, for nearly every range a chart meets."""
    rng = np.random.default_rng(rows)
    four = 0
    for _ in range(500):
        lo = rng.uniform(-100, 100)
        axis = y_axis(lo, lo + 10 ** rng.uniform(-2, 3), rows)
        four += len(axis.ticks) >= FEWEST_TICKS
    assert four >= {4: 0.92}.get(rows, 1.0) * 500


@pytest.mark.parametrize("size", [(40, 3), (40, 4), (11, 12), (0, 0), (60, 5)])
def test_a_chart_given_too_little_room_is_blank_not_a_crash(size) -> None:
    """The kink level's charts at 40×13 divided by zero choosing ticks for −1 rows."""
    figure = Figure((Series((0.0, 1.0), (0.0, 1.0)),), title="a title", xlabel="x")
    rows = build(figure, *size)
    assert len(rows) == size[1] and all(len(row) <= max(size[0], 1) or not row for row in rows)


@pytest.mark.parametrize("width", [40, 80, 120, 200])
def test_an_axis_of_steps_is_ticked_at_whole_steps_only(width) -> None:
    """The MSE-by-step chart at 200 columns was ticked 0 0.5 1 1.5 …: half a step."""
    charts, state = run(1.0, 8)
    for log_scale in (False, True):
        figure = charts.loss(state, width, log_scale)
        assert figure.x_whole
        axis = x_axis(*figure.x_range(), width, figure.x_whole)
        assert all(float(t).is_integer() for t in axis.ticks), axis.labels
        assert len(axis.ticks) >= 4
    assert any(not float(t).is_integer() for t in x_axis(0.0, 10.0, 200).ticks)  # else halves


@pytest.mark.parametrize(
    ("lo", "hi", "ticks"),
    [(0, 1, (0, 1)), (0, 2, (0, 1, 2)), (0, 0, (-1, 0, 1)), (1, 3.5, (1, 2, 3, 4))],
)
def test_a_short_axis_of_counts_ticks_every_whole_number_in_it_and_no_more(lo, hi, ticks) -> None:
    """A degree level of degree 1 at most drew its U from 0 to 3 (ticks for degrees that
    can't be picked); a run of no steps ticked −2e−9 … 1e−9."""
    axis = x_axis(lo, hi, 70, whole=True)
    assert axis.ticks == tuple(float(t) for t in ticks)
    assert (axis.lo, axis.hi) == (min(lo, ticks[0]), max(hi, ticks[-1]))


@pytest.mark.parametrize("powers", [True, False])
@pytest.mark.parametrize("value", [0.0, 1.0, 11.0, 20.0, 35.0, -3.0, 5e10])
def test_an_axis_of_one_value_is_opened_around_it(value: float, powers: bool) -> None:
    """A log chart of one point (the auto-solver's MSE on data one point decides) asked for
    the ticks of a range of no width, and `g` ended the game: math domain error."""
    from dartfit.pictures.ticks import y_axis

    for rows in range(1, 9):
        axis = y_axis(value, value, rows, powers)
        assert axis.lo < axis.hi and len(axis.ticks) >= 2 and axis.lo <= value <= axis.hi


def _read(label: str) -> float:
    return float(label.replace("−", "-").replace(",", ""))


@given(
    lo=st.floats(-1e12, 1e12, allow_nan=False),
    span=st.floats(1e-6, 1e12),
    rows=st.integers(3, 40),
    powers=st.booleans(),
)
def test_every_y_label_reads_the_value_its_tick_stands_at(lo, span, rows, powers) -> None:
    """A tick every 2.5 was labelled 2 5 8 (and on a log axis every 2.5 decades 1 1e2 1e5
    1e8): each label, read back, is its tick, to the last digit the label shows (with the
    axis's offset: 99999 … 100000 reads −1.0 −0.5 0.0, +1e5 once)."""
    if powers:
        lo, span = max(min(lo, 150.0), -150.0), min(span, 150.0)  # 1e−150 to 1e300
    axis = y_axis(lo, lo + span, rows, powers)
    for tick, label in zip(axis.ticks, axis.labels, strict=True):
        if powers:
            assert tick == round(tick), (axis.ticks, axis.labels)  # whole powers of ten
            assert _read(label) == pytest.approx(10.0**tick, rel=1e-9), (axis.ticks, axis.labels)
            continue
        mantissa, _, exponent = label.partition("e")
        shown = len(mantissa.partition(".")[2])  # the label's last digit's place
        place = 10.0 ** (-shown + (int(exponent.replace("−", "-")) if exponent else 0))
        read = _read(label) + axis.offset
        assert abs(read - tick) <= 0.5 * place + 1e-9 * abs(tick), (axis.ticks, axis.labels)


def test_thousands_are_written_out_as_on_the_axis_beside_them() -> None:
    """The sandbox solver's bowl read −15000 −10000 along x and −1e3 up y."""
    from dartfit.pictures.ticks import tick_labels

    assert tick_labels((-2000.0, -1000.0, 0.0, 1000.0), 1000.0) == ("−2000", "−1000", "0", "1000")
    assert tick_labels((0.0, 2e10, 4e10), 2e10) == ("0", "2e10", "4e10")  # and big ones short


def test_the_crawl_says_how_stretched_the_bowl_is_in_three_digits(monkeypatch) -> None:
    """On years it read "202,015,653,138 times more curved"."""
    import dartfit.core.descent as descent

    for ratio, said in ((2.02015653138e11, "2.02e11"), (6206548.0, "6.21e6"), (12345.0, "12,345")):
        monkeypatch.setattr(descent, "stretch", lambda _problem, r=ratio: r)
        assert f"the bowl is {said} times more curved" in descent.crawl_reason(None)  # type: ignore[arg-type]


@given(lo=st.floats(-1e12, 1e12, allow_nan=False), span=st.floats(1e-6, 1e12))
def test_a_label_and_its_negative_are_written_alike(lo: float, span: float) -> None:
    """One bowl read −1e4 −5e3 and the chart beside it 10000: a label's notation (and its
    digits) never depends on its sign, and 0 takes its neighbours' form (0.0 beside 0.5)."""
    from dartfit.pictures.ticks import inside_ticks, tick_labels

    ticks, step = inside_ticks(lo, lo + span, 6)
    assume(ticks)  # a span below the last bits of lo has none
    labels = tick_labels(ticks, step)
    mirrored = tick_labels(tuple(-t for t in reversed(ticks)), step)
    assert [label.lstrip("−") for label in labels] == [m.lstrip("−") for m in reversed(mirrored)]
    plain = [label for label in labels if "e" not in label and "." in label]
    for label in labels:
        if _read(label) == 0 and plain:
            assert label == "0." + "0" * len(plain[0].partition(".")[2]), labels


def test_ten_thousands_are_written_out_whatever_their_sign() -> None:
    from dartfit.pictures.ticks import tick_labels

    assert tick_labels((-10000.0, -5000.0, 0.0, 5000.0), 5000.0) == (
        "−10000",
        "−5000",
        "0",
        "5000",
    )
    assert tick_labels((-0.5, 0.0, 0.5), 0.5) == ("−0.5", "0.0", "0.5")


@given(
    lo=st.floats(-1e9, 1e9, allow_nan=False),
    span=st.floats(1e-3, 1e9),
    rows=st.integers(10, 45),
    powers=st.booleans(),
)
def test_the_ticks_of_a_chart_are_the_same_number_of_rows_apart(lo, span, rows, powers) -> None:
    """The diverged run's log chart at 120×40 had its ticks 3, 3 and 2 rows apart: on a
    chart of ten rows and more they are evenly apart, on the rows plotext puts them, and
    the data stays inside the limits."""
    if powers:
        lo, span = max(min(lo, 150.0), -150.0), min(span, 150.0)
    axis = y_axis(lo, lo + span, rows, powers)
    at = [math.floor((t - axis.lo) / (axis.hi - axis.lo) * (rows - 1) + 0.5) for t in axis.ticks]
    assert len({b - a for a, b in itertools.pairwise(at)}) == 1, (axis, at)
    # (within a billionth of the span: data at −5e−182 sits on an axis from 0.0 to 2.25)
    near = 1e-9 * max(abs(lo), abs(lo + span), span)
    assert axis.lo <= lo + near and axis.hi >= lo + span - near


@pytest.mark.parametrize("width", [40, 61, 80, 97, 120])
@pytest.mark.parametrize("factor", [1.0, 4.0])
def test_the_x_ticks_of_a_chart_are_the_same_number_of_columns_apart(width, factor) -> None:
    """The degree chart's x ticks were 8, 8, 9, 8, 8 columns apart, the auto-solver's 7 and 8
    mixed: the axis's limits move so that the ticks on the frame are evenly apart."""
    charts, state = run(factor, 30)
    for figure in (charts.fit(state), charts.bowl(state, width), charts.loss(state, width, False)):
        frame = [row for row in map(_plain, build(figure, width, 16)) if "└" in row][-1]
        cols = [i for i, c in enumerate(frame) if c == "┬"]
        assert len(cols) >= FEWEST_TICKS - 1 and len(set(np.diff(cols))) == 1, frame


@pytest.mark.parametrize("exponent", range(-6, 9))
def test_a_power_of_ten_reads_as_a_linear_axis_writes_it(exponent: int) -> None:
    """The auto-solver's log chart read 1e4 beside a bowl whose linear axis read 10000: a
    power of ten on a log axis is written as a linear axis writes that tick."""
    from dartfit.pictures.ticks import power_labels, tick_labels

    value = 10.0**exponent
    assert power_labels([exponent]) == tick_labels((value,), value)
    assert power_labels([0, 4]) == ("1", "10000") and power_labels([0, 5]) == ("1e0", "1e5")


@pytest.mark.parametrize("exponents", [[1, -4, -9], [0, 5], [1, 0, -1, -2, -3, -4, -5], [-3, 8]])
def test_the_powers_of_one_log_axis_are_in_one_notation(exponents: list[int]) -> None:
    """The kink's step chart read 10 beside 1e−4 (an independent check): once one power is
    in e-notation, each is."""
    from dartfit.pictures.ticks import power_labels

    labels = power_labels(exponents)
    assert all("e" in label for label in labels), labels


@pytest.mark.parametrize("power", range(-3, 4))
def test_a_symmetric_log_axis_writes_its_values_in_one_notation(power: int) -> None:
    """The auto-solver's diverged log bowl read 1e4, 100, 0, −100, −1e4 up its Δb axis: once
    one of a symmetric-log axis's values is in e-notation, each is; else all are plain."""
    from dartfit.pictures.ticks import Axis, symlog_labels

    for top in range(1, 6):
        ticks = tuple(float(k) for k in range(-top, top + 1))
        labels = symlog_labels(Axis(ticks[0], ticks[-1], ticks, ("",) * len(ticks)), power).labels
        powers = [label.lstrip(MINUS) for label in labels if label != "0"]
        assert all("e" in p for p in powers) or not any("e" in p for p in powers), labels
        for label, k in zip(labels, ticks, strict=True):  # each still the value it stands for
            read = 0.0 if k == 0 else math.copysign(10.0 ** (power + abs(k) - 1), k)
            assert _read(label) == pytest.approx(read, rel=1e-9), labels


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(1e-3, 1e6),
    st.integers(15, 60),
)
def test_a_y_axis_of_15_rows_or_more_is_never_made_even_on_a_range_far_wider_than_its_data(
    lo: float, span: float, rows: int
) -> None:
    """The auto-solver's bowl at 200×50 ticked −20 … 20 every 5 on −40 … 45 (its data −22
    … 24): a tick a row, the bowl drawn in the middle half of its chart. Fewer ticks now,
    still evenly apart, on a range at most WIDEST times the data's."""
    from dartfit.pictures.ticks import WIDEST, _rows_of, evenly_apart

    axis = y_axis(lo, lo + span, rows)
    assert axis.hi - axis.lo <= WIDEST * span * (1 + 1e-9), axis
    assert len(axis.ticks) >= FEWEST_TICKS and evenly_apart(_rows_of(axis, rows)), axis


@pytest.mark.parametrize("size", [(60, 17), (100, 22), (30, 12)])
@pytest.mark.parametrize("factor", [1.0, 4.0])
def test_each_legend_entry_in_a_title_is_drawn_in_its_series_colour(size, factor) -> None:
    """The plotext charts' legends were all grey: "•• the truth" did not say which series was
    the dotted one by its colour. Each entry is drawn in its role's own colour code, the
    code its series is drawn in, wherever the title is shown whole."""
    from dartfit.widgets.plot import _CODE
    from tests.test_degree_chart import SWEEP, u_figure

    charts, state = run(factor)
    width, height = size
    figures = [
        charts.fit(state),
        charts.bowl(state, width),
        charts.loss(state, width, False),
        charts.loss(state, width, True),
        u_figure(SWEEP, 2),
    ]
    for figure in figures:
        assert all(words in figure.title for words, _ in figure.keys)
        assert figure.keys or "off the chart" in figure.title
        rows = build(figure, width, height)
        plain = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]
        for words, role in figure.keys:
            shown = any(words in row for row in plain[:2])
            coloured = any(f"\x1b[38;5;{_CODE[role]}m{words}\x1b[0m" in row for row in rows[:2])
            assert shown == coloured, (figure.title, words, rows[:2])
        assert "".join(plain) == "".join(re.sub(r"\x1b\[[0-9;]*m", "", r) for r in rows)


@pytest.mark.parametrize("width", [27, 33, 38, 50, 57, 60, 70, 96])
@pytest.mark.parametrize("factor", [1.0, 4.0])
def test_the_bowl_names_its_rings_at_every_width(width, factor) -> None:
    """The bowl's rings were named only where the title's row had room after "● now", which
    it had not at 80×24 (27 wide) nor 120×40 (60): its legend names them by their mark, in
    the rings' colour, at every width, "● now" after them where the title's rows have room
    (on log axes too: factor 4 runs away)."""
    from dartfit.pictures.solver import RING_KEY
    from dartfit.widgets.plot import _CODE

    charts, state = run(factor)
    figure = replace(charts.bowl(state, width), title_rows=2)  # as beside two-row titles
    rows = build(figure, width, 15)
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    legend = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows[:top])
    assert RING_KEY in legend, (width, legend)
    assert any(f"\x1b[38;5;{_CODE['ring']}m{RING_KEY}\x1b[0m" in row for row in rows[:top])
    said = [words for words in TOGETHER_KEYS if words in legend]  # the ● in the ✚'s cell: ⊕
    assert said or "● now" in legend, (width, legend)


def test_a_spare_legend_entry_takes_a_title_row_given_beside_a_taller_title() -> None:
    """At 120×24 the bowl's title took one row of the two given it beside the fit's two-row
    title and left the second blank: "● now" was dropped for want of a row it had."""
    charts, state = run(1.0, steps=0)  # descent at its start, away from the best
    for width in (38, 40, 44):
        figure = replace(charts.bowl(state, width), title_rows=2, beside=True)
        rows = plain(build(figure, width, 13))
        top = next(i for i, row in enumerate(rows) if "┌" in row)
        assert top == 2 and "● now" in " ".join(rows[:top]), (width, rows[:top])


@pytest.mark.parametrize("level", ["first-line", "slope", "noisy", "outlier-line"])
def test_a_converged_bowl_marks_the_best_where_it_is_with_descent_on_it(level) -> None:
    """Run to the end (first-line: step 918, converged), the bowl drew the ● in the cell of
    the ✚, and no ✚ showed under a legend saying "✚ best"; then the ✚ was set beside the ●,
    and the best read a cell off (0.2 left of m = 1.999). At the bowl's sizes (80×24, 120×24,
    120×40, 200×50) both are in one cell, drawn once as a ⊕, named in the legend in place
    of both; where no words for it fit the title's rows (37×8: it would take a row of the
    plot), the ✚ is beside the ● in its row, as before."""
    found = find_level(load_levels(SHIPPED), level)
    first = solver.start(found.x, found.y, *linear.start_line(found))
    charts = SolverCharts.of(found.x, found.y, first)
    state = solver.advance(first, 100_000)
    assert state.finished
    for size in ((27, 17), (38, 16), (37, 8), (38, 34), (64, 44)):
        figure = charts.bowl(state, size[0])
        rows = plain(build(figure, *size))
        title = " ".join(rows[: next(i for i, row in enumerate(rows) if "┌" in row)])
        said = [words for words in TOGETHER_KEYS if words in title]
        now = _marks_at(rows, "✚●⊕")
        apart = _marks_at(plain(build(replace(figure, over=None, together=None), *size)), "✚●")
        if "✚" in apart:  # in cells of their own (slope at 200×50): each in its own
            assert now == apart and not said, (level, size, title)
            continue
        if size == (37, 8):
            assert not said and "✚ best" in title, (level, title)
            assert now["✚"][0] == now["●"][0] and 1 <= abs(now["✚"][1] - now["●"][1]) <= 3
            continue
        assert said and "✚" not in title and "●" not in title, (level, size, title)
        # drawn without `over`, with the same legend: the ● drawn over the ✚ in its cell
        alone = plain(build(replace(figure.met(said[0]), over=None, together=None), *size))
        assert now == {"⊕": _marks_at(alone, "✚●⊕")["●"]}, (level, size, "\n".join(rows))
        assert "✚" not in "".join(_plot_rows(alone))


def _plot_rows(rows: list[str]) -> list[str]:
    """A chart's rows from its frame's top on (its title left out)."""
    return rows[next(i for i, row in enumerate(rows) if "┌" in row) :]


def _marks_at(rows: list[str], marks: str) -> dict[str, tuple[int, int]]:
    """Where on a chart's plot each of `marks` is drawn (one of each at most)."""
    found = [(char, (r, c)) for r, row in enumerate(_plot_rows(rows)) for c, char in enumerate(row)]
    at = [(char, cell) for char, cell in found if char in marks]
    assert len({char for char, _ in at}) == len(at), rows
    return dict(at)


@pytest.mark.parametrize("level", ["first-line", "slope", "noisy", "outlier-line"])
def test_the_bowls_marks_sit_on_the_path_they_mark(level) -> None:
    """At 80×24 a step's number, the ● or the × could sit a row (or a column) from the path
    it marks: plotext puts a whole-cell mark and the path's hd line through the same point
    in different cells. Each mark is now drawn in a cell the path itself inks."""
    found = find_level(load_levels(SHIPPED), level)
    first = solver.start(found.x, found.y, *linear.start_line(found))
    seen: dict[Figure, list[str]] = {}  # a run that has ended: the same figures again

    def drawn_at_80x24(figure: Figure) -> list[str]:
        if figure not in seen:
            seen[figure] = plain(build(figure, 37, 8))
        return seen[figure]

    for state in (first, solver.with_rate(first, 4)):
        charts = SolverCharts.of(found.x, found.y, state)
        for _ in range(8):
            state = solver.advance(state, 2)
            figure = charts.bowl(state, 37)
            path = tuple(s for s in figure.series if s.role == "path" and s.kind == "line")
            bare = drawn_at_80x24(replace(figure, series=path, over=None))
            for mark in (s for s in figure.series if s.kind == "scatter"):
                if mark.role == "optimum":
                    continue  # the best is where the path heads
                drawn = drawn_at_80x24(replace(figure, series=(*path, mark), over=None))
                cells = [
                    bare[r][c]
                    for r, (a, b) in enumerate(zip(drawn, bare, strict=True))
                    for c, (x, y) in enumerate(zip(a, b, strict=True))
                    if x != y
                ]
                assert cells and any(cell != " " for cell in cells), (level, mark, drawn)


@pytest.mark.parametrize("level", ["likely-line", "first-line", "crickets", "outlier-line"])
def test_the_bowl_always_draws_where_descent_is(level) -> None:
    """With the bowl's margin given up for ticks on its rows' middles, the arrow of a run
    that left the view (drawn inside its edge, in the margin) fell off the axis: likely-line
    at 80×24, twice past the stable rate, nine steps in, showed no mark at all. The ● or
    arrow is drawn at every step, at 80×24's sizes and 120×40's."""
    found = find_level(load_levels(SHIPPED), level)
    first = solver.start(found.x, found.y, *linear.start_line(found))
    drawn: dict[tuple[Figure, int, int], str] = {}  # a run that has ended: the same figure
    for factor in (1.0, 4.0, 8.0):
        state = first if factor == 1.0 else solver.with_rate(first, factor)
        charts = SolverCharts.of(found.x, found.y, state)
        for _ in range(14):
            state = solver.advance(state, 1)
            for width, height in ((37, 8), (40, 9), (37, 7), (57, 16)):
                figure = charts.bowl(state, width)
                (mark,) = (s for s in figure.series if s.role == "current")
                if (figure, width, height) not in drawn:
                    rows = plain(build(figure, width, height))
                    drawn[figure, width, height] = "".join(_plot_rows(rows))
                shown = drawn[figure, width, height]
                # (or in the best's cell, the ⊕ of both)
                assert {mark.marker, TOGETHER} & set(shown), (level, factor, state.steps)


@pytest.mark.parametrize("marker", ["hd", "braille", "fhd"])
def test_a_mark_is_drawn_in_the_cell_its_finer_markers_dot_is(marker) -> None:
    """A whole-cell mark (the degree chart's ●, on a braille curve) is drawn in the cell a
    finer marker puts the same point in, row and column: across, plotext's braille and fhd
    put two dots to a cell, not four or three (the ● was a column off one time in eight)."""
    rng = np.random.default_rng(7)
    for _ in range(150):
        x, y = float(rng.uniform(0, 10)), float(rng.uniform(-3, 3))
        box = {"xlim": (0.0, 10.0), "ylim": (-3.0, 3.0)}
        dot = build(Figure((Series((x,), (y,), "path", "scatter", marker),), **box), 40, 12)
        mark = Series((x,), (y,), "current", "scatter", "●", rows_of=marker)
        marked = {
            (r, c)
            for r, row in enumerate(plain(build(Figure((mark,), **box), 40, 12)))
            for c, ch in enumerate(row)
            if ch == "●"
        }
        dotted = {  # the cells the finer marker inks: braille, quadrants or sextants
            (r, c)
            for r, row in enumerate(plain(dot))
            for c, ch in enumerate(row)
            if "\u2800" < ch <= "\u28ff" or ch in "▘▝▀▖▌▞▛▗▚▐▜▄▙▟█" or ord(ch) >= 0x1FB00
        }
        assert marked and marked <= dotted, (marker, x, y)


@pytest.mark.parametrize("rows", [3, 4, 5, 6, 7])
def test_a_short_chart_holding_one_value_puts_a_tick_on_it(rows) -> None:
    """y all 7 on a 4-row fit chart read 7.15 7.05 6.95 6.85: the value sat on the edge
    between two rows, and the points and the line through them could be drawn on either.
    A short chart holding one value has a tick on it, on a row's middle."""
    x = np.arange(1.0, 6.0)
    y = np.full(5, 7.0)
    first = solver.start(x, y, 0.0, 7.0)
    figure = SolverCharts.of(x, y, first).fit(first)
    axis = y_axis(*figure.y_range(), rows, hold=figure.yhold)
    assert axis.ticks[0] == axis.lo and axis.ticks[-1] == axis.hi and len(axis.ticks) == rows
    assert any(math.isclose(t, 7.0) for t in axis.ticks), axis


def plain(rows: list[str]) -> list[str]:
    return [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]


def test_a_figure_refuses_legend_keys_its_title_does_not_hold() -> None:
    """A key whose words drifted from the title would colour nothing, unseen."""
    with pytest.raises(ValueError, match="not in the title"):
        Figure((), title="MSE by step", keys=(("▀▀ train", "loss"),))
    assert Figure((), title="▀▀ train · •• test", keys=(("▀▀ train", "loss"),)).keys


@pytest.mark.parametrize("rows", range(3, 41))
@pytest.mark.parametrize("largest", [0.5, 1.0, 3.0, math.log10(4.8), -2.5])
def test_a_log_axis_with_a_floor_holds_every_value_between_its_floor_and_its_top_label(
    rows, largest
) -> None:
    """The kink's step sizes, 1e−12 (steps of 0) to 4.8: its axis stopped at 1, and 4.8 was
    drawn a row above the top label (120×40, 200×50) or on the row of 1 (80×24). The top
    label is the power of ten at or above the largest value, on the top row; the floor,
    1e−12 or raised by at most FLOOR_RAISED decades, on the bottom row, labelled "≤" it; the
    powers between evenly apart, each on a row of its own near its middle, three or more
    (but on a chart too short for them), with no row left empty above or below."""
    from dartfit.pictures.ticks import FLOOR_RAISED, OFF_MIDDLE, evenly_apart, floored

    axis = floored(largest, rows, -12.0)
    at = _rows_of(axis, rows)
    top = math.ceil(largest)
    assert axis.ticks[-1] == top >= largest and at[-1] == rows - 1, (axis, at)
    assert axis.labels[-1] == f"1e{top}".replace("-", "−"), axis
    floor = axis.ticks[0]
    assert -12.0 <= floor <= -12.0 + FLOOR_RAISED and at[0] == 0, (axis, at)
    assert axis.labels[0] == f"≤1e−{-round(floor)}", axis
    assert all(row > 0 for row in at[1:]) and evenly_apart(at[1:]), (axis, at)
    places = [(t - axis.lo) / (axis.hi - axis.lo) * (rows - 1) for t in axis.ticks[1:]]
    assert all(abs(p - round(p)) <= OFF_MIDDLE for p in places), (axis, places)
    # three powers (four labels) on the charts the game draws (up to 20 rows at 200×50)
    assert len(axis.ticks) - 1 >= (min(3, rows - 1) if rows <= 20 else 2), (axis, at)


@pytest.mark.parametrize("rows", [5, 6])
def test_a_short_log_chart_with_a_floor_is_drawn_over_its_data_not_decades_past_it(rows) -> None:
    """The kink's step sizes, from its floor of 1e−12 to 4.8, on six rows: four powers of
    ten (1e−15 … 1) spread over 1e−15 to 1e10, its bottom row and two top ones empty. Drawn
    from the floor, on its bottom row, to 10, on its top row, three powers or more evenly
    apart: 1e1, 1e−4, 1e−9, ≤1e−12 on six rows (one notation: 10 beside 1e−4 mixed two)."""
    from dartfit.pictures.ticks import evenly_apart, floored

    axis = floored(math.log10(4.8), rows, -12.0)
    at = _rows_of(axis, rows)
    assert at[0] == 0 and at[-1] == rows - 1 and len(at) >= 4 and evenly_apart(at[1:]), (axis, at)
    assert axis.labels[0] == "≤1e−12" and axis.labels[-1] == "1e1", axis
    if rows == 6:
        assert axis.labels == ("≤1e−12", "1e−9", "1e−4", "1e1"), axis


@pytest.mark.parametrize(("steps", "numbered"), [(3, range(1, 3)), (9, range(5, 9))])
def test_a_run_past_the_stable_rate_numbers_its_swings_even_in_a_short_bowl(
    steps, numbered
) -> None:
    """At 80×24 the bowl had three rows: crickets' swings in m ran as one flat line along a
    row, the zig-zag unseen. The first steps are numbered where they land, left to right in
    the order of their m; once the view follows the path past its rings, the last four
    before the ● (the first were numbered still, in the best's cell)."""
    crickets = find_level(load_levels(SHIPPED), "crickets")
    first = solver.start(crickets.x, crickets.y, *linear.start_line(crickets))
    charts = SolverCharts.of(crickets.x, crickets.y, first)
    state = solver.advance(solver.with_rate(first, 4.0), steps)
    figure = charts.bowl(state, 36)
    placed = _placed(figure, charts.best)
    marks = {s.marker: (s.xs[0], s.ys[0]) for s in figure.series if s.marker.isdigit()}
    assert marks == {str(k): placed(*state.history[k][:2]) for k in numbered}
    rows = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in build(figure, 36, 7)]
    # the plot's rows, right of the axis: not the tick labels
    plots = [re.split("[┤│]", row, maxsplit=1)[-1] for row in rows[1:] if re.search("[┤│]", row)]
    shown = {ch: (row.index(ch), y) for y, row in enumerate(plots) for ch in marks if ch in row}
    assert len(shown) >= 2, rows  # two steps may share a cell: the later one is drawn
    by_m = sorted(shown, key=lambda k: marks[k][0])
    assert by_m == sorted(shown, key=lambda k: shown[k][0]), rows
    settling = charts.bowl(solver.advance(solver.with_rate(first, 0.5), 7), 36)
    assert not [s for s in settling.series if s.marker.isdigit()]


@given(
    st.floats(min_value=-1e6, max_value=1e6),
    st.floats(min_value=-3, max_value=5),
    st.integers(min_value=8, max_value=60),
    st.booleans(),
)
def test_a_tall_charts_ticks_each_sit_on_the_middle_of_their_row(lo, decades, rows, powers) -> None:
    """A tick evenly apart from the next could still sit up to half a row off the value of
    its row (a sixth of 50,000 random axes of 8 rows or more were off by more than
    OFF_CENTRE). Each tick's value is its row's now, within OFF_CENTRE, unless that
    spacing moved by part of a row would not hold the data (fewer rows apart would leave a
    band of the chart empty); and the data stays inside."""
    if powers:
        lo, decades = round(lo / 1e5), min(decades, 1.2)  # a log axis: up to 16 decades
    hi = lo + 10**decades
    axis = y_axis(lo, hi, rows, powers)
    per_row = (axis.hi - axis.lo) / (rows - 1)
    places = [(t - axis.lo) / per_row for t in axis.ticks]
    span = hi - lo
    assert axis.lo <= lo + 1e-9 * span and axis.hi >= hi - 1e-9 * span
    if all(abs(p - round(p)) <= OFF_CENTRE for p in places):
        return
    gap = round(places[1]) - round(places[0])  # rows apart, as drawn
    step = axis.ticks[1] - axis.ticks[0]
    below = math.ceil((axis.ticks[0] - lo) / (step / gap) - 1e-6)
    above = math.ceil((hi - axis.ticks[-1]) / (step / gap) - 1e-6)
    assert below + (len(axis.ticks) - 1) * gap + above + 1 > rows, (axis, places)


def nice_steps(lo: float, hi: float) -> list[float]:
    """Every round step (1, 2 or 5 times a power of ten) from a thousandth of lo to hi to
    ten times it."""
    top = math.floor(math.log10(hi - lo))
    return [f * 10.0**p for p in range(top - 4, top + 2) for f in (1, 2, 5)]


@given(
    st.floats(min_value=-1e6, max_value=1e6),
    st.floats(min_value=-3, max_value=5),
    st.floats(min_value=0.0, max_value=0.3),
    st.floats(min_value=0.0, max_value=0.3),
    st.integers(min_value=FEWEST_TICKS, max_value=7),
)
def test_a_short_chart_has_a_tick_on_every_rows_middle_where_a_round_step_can(
    lo, decades, below, above, rows
) -> None:
    """Crickets' fit at 80×24 read 70 80 90 100 on rows whose middles were 65.8, 77.2, 88.6
    and 100: a point of 83.3 °F was drawn on the row labelled 90. Wherever some round step,
    on ticks at its multiples or halfway between them, holds the data (`hold`, within the
    chart's margin) on a range at most WIDEST times the chart's, every row has a tick on its
    middle. Checked against every round step and placement, by brute force."""
    hi = lo + 10**decades
    span = hi - lo
    held = (lo + below * span, hi - above * span)
    axis = y_axis(lo, hi, rows, hold=held)
    assert axis.lo <= held[0] + 1e-9 * span and axis.hi >= held[1] - 1e-9 * span
    possible = any(
        math.floor(held[0] / grid + 1e-9) * grid + (rows - 1) * step >= held[1] - 1e-9 * span
        for step in nice_steps(*held)
        if (rows - 1) * step <= WIDEST * span
        for grid in (step, step / 2)
    )
    centred = len(axis.ticks) == rows and axis.ticks[0] == axis.lo and axis.ticks[-1] == axis.hi
    assert centred or not possible, (held, rows, axis)
    if possible:
        gaps = np.diff(axis.ticks)  # the same, to the last bits of the ticks' size
        assert np.ptp(gaps) <= 1e-9 * gaps[0] + 1e-15 * max(map(abs, axis.ticks)), axis
        assert axis.hi - axis.lo <= WIDEST * span * (1 + 1e-9)
        assert len(set(axis.labels)) == rows


def test_crickets_points_are_drawn_on_the_rows_whose_labels_they_read() -> None:
    """Each point of crickets' fit at 80×24 (four rows) lies within half a row of the label
    of the row plotext draws it on."""
    crickets = find_level(load_levels(SHIPPED), "crickets")
    first = solver.start(crickets.x, crickets.y, *linear.start_line(crickets))
    figure = SolverCharts.of(crickets.x, crickets.y, first).fit(first)
    rows = 4
    axis = y_axis(*figure.y_range(), rows, hold=figure.yhold)
    per_row = (axis.hi - axis.lo) / (rows - 1)
    for y in crickets.y:
        row = math.floor((y - axis.lo) / per_row + 0.5)  # as plotext places a whole-cell mark
        label = float(
            axis.labels[
                axis.ticks.index(min(axis.ticks, key=lambda t: abs(t - (axis.lo + row * per_row))))
            ].replace("−", "-")
        )
        assert abs(label - y) <= per_row / 2 + 1e-9, (y, label, axis)


def test_a_run_past_its_rings_has_its_dot_where_it_is_not_an_arrow() -> None:
    """Crickets at 80×24, twice the rate, seven steps: the path left the view along its top
    row (b about 84), an arrow on its edge. The view follows it now: ● where descent is."""
    crickets = find_level(load_levels(SHIPPED), "crickets")
    first = solver.start(crickets.x, crickets.y, *linear.start_line(crickets))
    charts = SolverCharts.of(crickets.x, crickets.y, first)
    state = solver.advance(solver.with_rate(first, 4.0), 7)
    figure = charts.bowl(state, 36)
    m, b = _placed(figure, charts.best)(state.current.m, state.current.b)
    assert figure.ylim is not None and figure.ylim[0] <= b <= figure.ylim[1]
    (mark,) = (s for s in figure.series if s.role == "current")
    assert mark.marker == "●" and mark.ys == (b,)
    assert figure.xlim is not None and figure.xlim[0] <= m <= figure.xlim[1]
    assert "●" in "".join(plain(build(figure, 36, 7)))


@given(
    lo=st.floats(-1e5, 1e5),
    span=st.floats(1e-2, 1e6),
    width=st.integers(20, 60),
)
@example(lo=-16115.657620198997, span=59098.17438277924, width=27)  # the bowl of a blow-up
def test_an_x_axis_is_labelled_the_same_whatever_order_plotext_takes_its_labels_in(
    lo: float, span: float, width: int
) -> None:
    """plotext takes the tick labels in a set's order, which the hash seed sets: where two
    labels crowd each other, the one taken first stays. The auto-solver's bowl at 80×24
    read "−20000 0 20000 40000" in one run and "−20000 0   20000" in the next."""
    figure = Figure(
        series=(Series((lo, lo + span), (0.0, 1.0)),),
        xlim=(lo, lo + span),
        ylim=(0.0, 1.0),
        title="bowl",
    )
    one, other = drawn_both_ways(figure, width, 12)
    assert one == other


@given(
    lo=st.floats(-1e5, 1e5),
    span=st.floats(1e-2, 1e6),
    width=st.integers(14, 60),
)
@example(lo=-13429.376966436304, span=22000.0, width=27)  # the bowl at step 8: −10000 0 5000
def test_the_x_labels_kept_apart_stay_evenly_spaced(lo: float, span: float, width: int) -> None:
    """Where labels crowd each other, whole ticks go in a pattern (every second, third, …),
    never one here and there: dropping only the crowded one read "−10000 0 5000"."""
    axis = evened(x_axis(lo, lo + span, width - 9), lo, lo + span, width - 8)
    kept = labels_apart(axis, width - 8, 7, width)
    assert set(kept.ticks) <= set(axis.ticks)
    steps = {round(b - a, 9) for a, b in itertools.pairwise(kept.ticks)}
    assert len(steps) <= 1, (axis.labels, kept.labels)
    if 0.0 in axis.ticks and kept.ticks:
        assert 0.0 in kept.ticks


@pytest.mark.parametrize("width", range(12, 40))
def test_a_title_cut_short_never_shows_a_break_inside_one_entry_as_two(width: int) -> None:
    """A title's rows past the last were joined by " · ", the entries' separator, even where
    they were one phrase broken between words: "points, · lin…" (a review)."""
    title = "the fit: points, line below every point"  # one entry
    rows = title_lines(title, width)
    assert all(" · " not in row for row in rows), rows


def test_a_chart_whose_title_leaves_its_plot_too_few_rows_is_left_blank() -> None:
    """The room for a plot was checked before the title took rows of its own: a chart 12
    columns wide and 6 rows tall was drawn with a plot one row tall (a review)."""
    figure = Figure(
        (Series((0.0, 1.0), (0.0, 1.0)),),
        xlim=(0.0, 1.0),
        ylim=(0.0, 1.0),
        title="the fit: points, line below every point",
        title_rows=2,
    )
    assert all(not row.strip() for row in build(figure, 12, 6))
    assert any("┤" in row for row in build(figure, 12, 7))


KINK_C = (4.95, 11.0)  # the kink's c by step: the MAE's steps about the median 5, from 11


@pytest.mark.parametrize("rows", range(2, 41))
def test_a_value_is_drawn_on_or_between_its_axis_end_labels_rows(rows) -> None:
    """The kink's c by step at 80×24 beside the win (7 rows) read 4 6 8 10 with the start,
    11, drawn a row above 10 (6 to 12 rows did). Its labels now reach the rows of its
    values: 5 7 9 11 there, or 12 on a row the chart had already."""
    from dartfit.pictures.ticks import _past_ends

    axis = y_axis(*KINK_C, rows)
    assert not _past_ends(axis, KINK_C, rows), (rows, axis)
    assert axis.hi - axis.lo <= max(WIDEST * (KINK_C[1] - KINK_C[0]), 10.0) * (1 + 1e-9), axis


@given(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.floats(1e-3, 1e6),
    st.integers(2, 60),
)
def test_an_axis_moved_to_hold_its_values_is_never_wider_nor_its_labels(lo, span, rows) -> None:
    """A tick added past an end of every chart had drawn tall charts in half their height
    (a 15-row chart spanning 2.1 times its data): an axis moved to label the rows of its
    values spans no more than it did, or WIDEST times the data, its labels no wider, its
    ticks evenly apart; and where it was moved, its values are within its end labels' rows."""
    from dartfit.pictures.ticks import _held, _past_ends, _spread, _y_ticks, evenly_apart

    hi = lo + span
    axis = y_axis(lo, hi, rows)
    a, b = _spread(lo, hi, False)
    before = evened(_y_ticks(a, b, rows, False), a, b, rows)
    if rows < 2 * FEWEST_TICKS or axis == before:
        return  # (a short chart's tick on every row's middle is its own rule)
    assert axis.hi - axis.lo <= max(WIDEST * (b - a), before.hi - before.lo) * (1 + 1e-9)
    assert max(map(len, axis.labels)) <= max(map(len, before.labels))
    assert evenly_apart(_rows_of(axis, rows))
    assert not _past_ends(axis, _held(a, b, None), rows)
