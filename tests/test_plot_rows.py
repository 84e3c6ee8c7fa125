"""Each value a plotext chart draws sits on the row whose label's span holds it, whatever
its marker: the hd and braille markers place a value on rows of their own, a quarter row
off the labels' at a chart's ends (pure: Figures and the text plotext draws from them)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dartfit.levels import find_level, load_levels
from dartfit.pictures.figure import Figure, Series
from dartfit.pictures.solver import BEST, SolverCharts
from dartfit.rules import linear, solver
from dartfit.widgets.plot import _y_ticks, build
from tests.conftest import SHIPPED

# the hd marker's quadrants, fhd's sextants and braille's dots; the best MSE's dotted line
INK = set("▘▝▀▖▌▞▛▗▚▐▜▄▙▟█") | {chr(c) for c in (*range(0x1FB00, 0x1FB3C), *range(0x2801, 0x2900))}
INK |= {BEST}


def plot_rows(rows: list[str]) -> list[str]:
    """The rows of the plot, top first, each without its labels, frame and colours."""
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]
    top = next(i for i, row in enumerate(plain) if "┌" in row)
    bottom = next(i for i, row in enumerate(plain) if "└" in row)
    return [re.split(r"[┤│]", row, maxsplit=1)[1] for row in plain[top + 1 : bottom]]


def drawn_row(figure: Figure, value: float, marker: str, width: int, height: int) -> int:
    """The row (from the bottom) on which plotext draws `value` alone, with `marker`, on the
    axes of `figure` (its limits and the part held, so its ticks are the same)."""
    (x0, x1) = figure.x_range()
    probe = Series(((x0 + x1) / 2,), (value,), "loss", "scatter", marker)
    alone = replace(figure, series=(probe,), xlim=(x0, x1), ylim=figure.y_range())
    shown = plot_rows(build(alone, width, height))
    inked = [i for i, row in enumerate(shown) if INK & set(row)]
    assert len(inked) == 1, (value, shown)
    return len(shown) - 1 - inked[0]


def assert_on_their_labels_rows(
    figure: Figure, marked: Iterable[tuple[float, str]], size: tuple[int, int]
) -> None:
    """Each value of `marked` (value, marker) is drawn on the row whose span (half a row
    either side of its middle, where the labels sit) holds it. The figure is drawn once for
    its rows, not again for each value (a diverging run's charts drew it 1,369 times)."""
    rows = len(plot_rows(build(figure, *size)))
    axis = _y_ticks(figure, rows)
    for value, marker in marked:
        place = (value - axis.lo) / (axis.hi - axis.lo) * (rows - 1)
        if not -0.5 < place < rows - 0.5 or abs(place % 1 - 0.5) < 1e-6:
            continue  # off the chart, or on the edge between two rows
        row = drawn_row(figure, value, marker, *size)
        labelled = dict(zip((round(p) for p in place_of(axis, rows)), axis.labels, strict=True))
        assert row == round(place), (value, marker, labelled.get(row), labelled.get(round(place)))


def place_of(axis, rows: int) -> list[float]:
    return [(t - axis.lo) / (axis.hi - axis.lo) * (rows - 1) for t in axis.ticks]


def test_a_value_is_drawn_on_the_row_of_the_label_nearest_it() -> None:
    """A 5-row MSE chart labelled 6e16 7e16 8e16 9e16 1e17 drew 6.545e16 (and a line through
    it) on the row of 6e16, whose span is 5.5e16 to 6.5e16."""
    figure = Figure(
        (Series((0.0, 10.0), (6.545e16, 6.545e16), "loss"),),
        xlim=(0.0, 10.0),
        ylim=(6e16, 1e17),
        yhold=(6e16, 1e17),
        title="MSE by step",
    )
    rows = plot_rows(build(figure, 60, 9))
    assert len(rows) == 5 and _y_ticks(figure, 5).labels == ("6e16", "7e16", "8e16", "9e16", "1e17")
    assert [i for i, row in enumerate(rows) if INK & set(row)] == [3]  # 7e16's, from the top
    assert drawn_row(figure, 6.545e16, "hd", 60, 9) == 1


def diverging_run() -> tuple[SolverCharts, list[solver.SolverState]]:
    """first-line's solver, the rate doubled twice (past the stable rate), step by step."""
    level = find_level(load_levels(SHIPPED), "first-line")
    first = solver.start(level.x, level.y, *linear.start_line(level))
    state = solver.with_rate(solver.with_rate(first, 2.0), 2.0)
    states = [state]
    while not states[-1].finished:
        states.append(solver.step(states[-1]))
    return SolverCharts.of(level.x, level.y, first), states


# the MSE chart's size at 80×24, 100×30 and 120×40, and short charts of 3 to 8 rows
SIZES = [(80, 8), (100, 11), (120, 16), *((80, h) for h in range(7, 13))]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("log_scale", [False, True])
def test_every_point_of_a_diverging_runs_mse_chart_is_on_its_labels_row(size, log_scale) -> None:
    charts, states = diverging_run()
    assert states[-1].diverged
    width, _ = size
    for state in states[:: max(len(states) // 6, 1)] + states[-1:]:
        figure = charts.loss(state, width, log_scale)
        marked = [(value, s.marker) for s in figure.series for value in set(s.ys)]
        assert_on_their_labels_rows(figure, marked, size)


@given(
    st.floats(min_value=-1e6, max_value=1e6),
    st.floats(min_value=1e-3, max_value=1e6),
    st.floats(min_value=0.0, max_value=1.0),
    st.integers(min_value=3, max_value=12),
    st.sampled_from(["hd", "braille", "fhd"]),
)
def test_a_fine_marker_draws_a_value_on_the_row_whose_label_span_holds_it(
    lo, span, where, rows, marker
) -> None:
    height = rows + 4  # the frame, the x labels and the title
    figure = Figure(
        (Series((0.0, 1.0), (lo, lo + span)),), xlim=(0.0, 1.0), ylim=(lo, lo + span), title="t"
    )
    axis = _y_ticks(figure, rows)
    value = axis.lo + where * (axis.hi - axis.lo)
    if math.isfinite(value):
        assert_on_their_labels_rows(figure, [(value, marker)], (40, height))


def test_a_chart_is_written_out_a_run_of_cells_at_a_time_as_plotext_writes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """plotext wrote its figure out a cell at a time, looking up each cell's colours three
    times: a fifth of a chart's build. dartfit writes it a run of cells alike at a time, the
    same text as plotext's own, colours and all."""
    from plotext import _matrix

    from dartfit.widgets.plot import load_plotext

    plotexts = _matrix.matrix_class.__dict__["get_colors"]
    looked_up = []
    load_plotext()
    written = _matrix.matrix_class.set_canvas
    matrices = []
    xs = tuple(x / 4 for x in range(41))
    figure = Figure(
        (Series(xs, tuple(math.sin(x) for x in xs)), Series(xs, xs, "best", "scatter", "dot")),
        title="a line and points",
    )

    def kept(m: object) -> str:
        matrices.append(m)
        return written(m)

    monkeypatch.setattr(_matrix.matrix_class, "set_canvas", kept)
    monkeypatch.setattr(
        _matrix.matrix_class, "get_colors", lambda *a: looked_up.append(a) or plotexts(*a)
    )
    rows = build(figure, 70, 22)
    assert looked_up == [] and matrices  # (plotext writes it out twice)
    m = matrices[-1]
    text = ""  # plotext's own writing, a cell at a time
    for row in reversed(m.Rows):
        for col in m.Cols:
            colours = plotexts(m, col, row)
            if col == 0 or colours != plotexts(m, col - 1, row):
                text += _matrix.ut.colors_to_ansi(*colours)
            text += m.marker[row][col]
            if col == m.cols - 1 or colours != plotexts(m, col + 1, row):
                text += _matrix.ut.ansi_end
        text += "\n"
    assert m.canvas == text and "\x1b[" in text and rows
