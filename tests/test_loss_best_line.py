"""The MSE chart's flat line at the best MSE is told from the MSE by its characters, not its
colour alone: both were drawn in solid half blocks, and under NO_COLOR a run blowing up read
`0┤▀▀▀▀▀▀▀▀▘▀▀▀▀▀▀`, as if the MSE fell back to the best; and it is drawn on the half row the
MSE's half blocks draw the best MSE on (pure: Figures and plotext's text)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace

import pytest

from dartfit.levels import find_level, load_levels
from dartfit.pictures.figure import Figure
from dartfit.pictures.solver import BEST, SolverCharts
from dartfit.rules import linear, solver
from dartfit.widgets.plot import _laid_out, build
from tests.conftest import SHIPPED

LEVEL = find_level(load_levels(SHIPPED), "first-line")


def plain(rows: list[str]) -> list[str]:
    return [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]


DOTTED_HALVES = "▘▖"
"""The best line's marks: one quadrant a cell, in the upper or the lower half of its row."""


def _drawn_best(figure: Figure, size: tuple[int, int]) -> str:
    """The mark the best MSE's level line is drawn with at `size` (as the plot lays it out)."""
    laid = _laid_out(figure, *size)
    assert laid is not None
    (mark,) = {s.marker for s in laid.series if s.role == "best"}
    return mark


@pytest.mark.parametrize("size", [(27, 15), (34, 22), (120, 16)])
@pytest.mark.parametrize("steps", [3, 7])  # climbing: its MSE still on a linear axis
def test_the_best_mse_line_is_drawn_in_its_own_characters_and_named_by_them(size, steps) -> None:
    first = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    charts = SolverCharts.of(LEVEL.x, LEVEL.y, first)
    state = solver.advance(solver.with_rate(first, 4.0), steps)
    figure = charts.loss(state, size[0], False)
    assert not figure.ylog
    mark = _drawn_best(figure, (size[0], size[1] - 4))
    assert mark in DOTTED_HALVES  # dotted: no cell of the solid half-block MSE is one
    rows = plain(build(figure, *size))
    foot = next(i for i, row in enumerate(rows) if "└" in row)
    plot = "".join(rows[:foot])
    assert mark * 3 in plot, rows  # the flat line, past where the MSE climbed off it
    (words,) = (w for w, role in figure.keys if role == "best")
    assert words.startswith(BEST * 2), words  # its legend shows the line's look
    assert words in "".join(rows), rows


def test_a_blown_up_runs_log_chart_draws_the_best_line_apart_too() -> None:
    first = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    charts = SolverCharts.of(LEVEL.x, LEVEL.y, first)
    state = solver.with_rate(first, 4.0)
    while not state.finished:
        state = solver.advance(state, 20)
    assert state.diverged
    figure = charts.loss(state, 120, False)
    rows = plain(build(figure, 120, 16))
    assert _drawn_best(figure, (120, 12)) * 3 in "".join(rows)
    assert f"{BEST * 2} the best MSE" in rows[0]  # named where its title has room


HALF = {"▀": 0, "▘": 0, "▝": 0, "▄": 1, "▖": 1, "▗": 1}
"""The half of its row (0 upper, 1 lower) a flat stretch of half blocks is drawn in."""


@pytest.mark.parametrize("level", ["first-line", "slope", "noisy"])
@pytest.mark.parametrize(
    "size", [(26, 10), (27, 15), (34, 22), (38, 16), (40, 13), (60, 17), (120, 16), (58, 33)]
)
def test_an_mse_that_has_reached_the_best_is_drawn_on_the_best_line(level, size) -> None:
    """The best MSE was a whole-cell ┈ in the middle of its row, the MSE in half blocks: the
    MSE settled at the best ran half a row above or below the line that names it. Now the
    line is drawn on the half row the MSE's own marker draws the best MSE on, and the MSE,
    converged, runs on along it: in its row, in its half."""
    found = find_level(load_levels(SHIPPED), level)
    first = solver.start(found.x, found.y, *linear.start_line(found))
    charts = SolverCharts.of(found.x, found.y, first)
    state = solver.advance(first, 100_000)
    assert state.finished and not state.diverged
    figure = charts.loss(state, size[0], False)
    plot = _plot(figure, size)
    alone = _plot(replace(figure, series=figure.series[:1], fixed=0), size)  # the line alone
    (at,) = [i for i, row in enumerate(alone) if any(mark in row for mark in DOTTED_HALVES)]
    line = next(mark for mark in DOTTED_HALVES if mark in alone[at])
    end = plot[at].rstrip(" │·")[-1:]  # the MSE's last cell, at the best
    assert end in HALF and HALF[end] == HALF[line], (level, size, "\n".join(plot))


def _plot(figure: Figure, size: tuple[int, int]) -> list[str]:
    """The rows of a chart's canvas, inside its frame (its right side kept)."""
    rows = plain(build(figure, *size))
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    foot = next(i for i, row in enumerate(rows) if "└" in row)
    left = rows[top].index("┌") + 1
    return [row[left:] for row in rows[top + 1 : foot]]


@pytest.mark.parametrize("width", [32, 33, 34, 35])
def test_a_blown_up_runs_chart_beside_another_names_its_best_line_where_its_rows_hold_it(
    width: int,
) -> None:
    """Its title breaks inside "MSE by step, log scale: it blew up", and the check that the
    key fitted compared the rows joined by " · " with the title: never equal, so the key
    was left out though its two rows held it (a review)."""
    from dartfit.widgets.plot import aligned

    first = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    charts = SolverCharts.of(LEVEL.x, LEVEL.y, first)
    state = solver.with_rate(first, 4.0)
    while not state.finished:
        state = solver.advance(state, 20)
    loss = charts.loss(state, width, False)
    size = (width, 16)
    figure, _ = aligned([(loss, size), (loss, size)])  # beside another, as on the screen
    rows = plain(build(figure, *size))
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    assert top <= 2 and "the best MSE" in " ".join(rows[:top]), rows[:top]


def test_a_levels_best_fit_is_worked_out_once_whether_its_metric_is_named_or_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`solve` asks for the best line of the level's metric, the win and its checks for the
    MAE's by name: on a big MAE level the least absolute line (0.1 s) was fitted twice."""
    from dartfit import core

    fitted: list[int] = []
    fit = core.best_line_mae
    monkeypatch.setattr(core, "best_line_mae", lambda x, y: fitted.append(1) or fit(x, y))
    # a copy of its own: the shipped levels are loaded once a process, and another test
    # may have fitted this one's lines already
    level = dataclasses.replace(find_level(load_levels(SHIPPED), "outlier-mae"))
    assert level.spec.target.metric == "mae" and not level.memo
    assert linear.best_fit(level) == linear.best_fit(level, "mae") == fit(level.x, level.y)
    assert len(fitted) == 1
    assert linear.best_fit(level, "mse") == core.best_line(level.x, level.y)  # another metric
