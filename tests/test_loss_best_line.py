"""The MSE chart's flat line at the best MSE is told from the MSE by its characters, not its
colour alone: both were drawn in half blocks, and under NO_COLOR a run blowing up read
`0┤▀▀▀▀▀▀▀▀▘▀▀▀▀▀▀`, as if the MSE fell back to the best (pure: Figures and plotext's text)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from dartfit.levels import find_level, load_levels
from dartfit.pictures.solver import SolverCharts
from dartfit.rules import linear, solver
from dartfit.widgets.plot import build
from tests.conftest import SHIPPED

LEVEL = find_level(load_levels(SHIPPED), "first-line")


def plain(rows: list[str]) -> list[str]:
    return [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]


@pytest.mark.parametrize("size", [(27, 15), (34, 22), (120, 16)])
@pytest.mark.parametrize("steps", [3, 7])  # climbing: its MSE still on a linear axis
def test_the_best_mse_line_is_drawn_in_its_own_characters_and_named_by_them(size, steps) -> None:
    first = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    charts = SolverCharts.of(LEVEL.x, LEVEL.y, first)
    state = solver.advance(solver.with_rate(first, 4.0), steps)
    figure = charts.loss(state, size[0], False)
    assert not figure.ylog
    best, loss = (next(s for s in figure.series if s.role == role) for role in ("best", "loss"))
    assert best.marker != loss.marker and len(best.marker) == 1
    rows = plain(build(figure, *size))
    foot = next(i for i, row in enumerate(rows) if "└" in row)
    plot = "".join(rows[:foot])
    assert best.marker * 3 in plot, rows  # the flat line, past where the MSE climbed off it
    (words,) = (w for w, role in figure.keys if role == "best")
    assert words.startswith(best.marker * 2), words  # its legend shows the line's look
    assert words in "".join(rows), rows


def test_a_blown_up_runs_log_chart_draws_the_best_line_apart_too() -> None:
    first = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    charts = SolverCharts.of(LEVEL.x, LEVEL.y, first)
    state = solver.with_rate(first, 4.0)
    while not state.finished:
        state = solver.advance(state, 20)
    assert state.diverged
    figure = charts.loss(state, 120, False)
    best, loss = (next(s for s in figure.series if s.role == role) for role in ("best", "loss"))
    assert best.marker != loss.marker
    rows = plain(build(figure, 120, 16))
    assert best.marker * 3 in "".join(rows)
    assert f"{best.marker * 2} the best MSE" in rows[0]  # named where its title has room


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
