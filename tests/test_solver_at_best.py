"""The auto-solver started at the best line: its charts keep a view around it with short,
round ticks (its bowl's rings, through a line whose gap was 1e−29, were 3e−15 across, on
axes that read 7.46289477729815e−1 … 7.46289477729835e−1)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dartfit.kinds import kind_of
from dartfit.levels import find_level, load_levels
from dartfit.pictures.solver import SolverCharts
from dartfit.pictures.ticks import y_axis
from dartfit.rules import solver
from dartfit.screens.solver import SolverScreen
from dartfit.widgets.plot import PlotView, build
from tests.conftest import SHIPPED
from tests.test_plot_ticks import significant

LEVELS = [lv for lv in load_levels(SHIPPED) if kind_of(lv.spec).solver]
LABEL = re.compile(r"[−-]?(?:\d+\.?\d*|\.\d+)(?:e[−-]?\d+)?")


def labels(rows: list[str]) -> list[str]:
    """Every tick label of a chart drawn by plotext: the y labels left of ┤, and the x labels
    under the frame."""
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]
    ys = [m[1] for row in plain if (m := re.match(r"^\s*(\S+)┤", row))]
    foot = next(i for i, row in enumerate(plain) if "└" in row)
    return ys + LABEL.findall(plain[foot + 1])


def at_best(level) -> solver.SolverState:
    """The solver from numpy's best line through the level's points (the least-MSE line to
    the last bits of a float)."""
    m, b = np.polyfit(level.x, level.y, 1)
    return solver.start(level.x, level.y, float(m), float(b))


# the charts' sizes at 80×24 (fit and bowl, then the MSE) and at 120×40
SIZES = [(40, 8), (80, 9), (60, 16), (120, 17)]


@pytest.mark.parametrize("level", LEVELS, ids=lambda lv: lv.spec.id)
def test_every_chart_of_a_run_started_at_the_best_line_has_short_round_ticks(level) -> None:
    first = at_best(level)
    assert first.converged
    charts = SolverCharts.of(level.x, level.y, first)
    (x0, x1), (y0, y1) = charts.bowl_box
    m_best, b_best, _ = charts.best
    # a view around the best line, at the scale of the data, not of a float's last bits
    assert x0 < m_best < x1 and y0 < b_best < y1
    assert x1 - x0 > 1e-6 * max(abs(x0), abs(x1)) and y1 - y0 > 1e-6 * max(abs(y0), abs(y1))
    for width, height in SIZES:
        for figure in (
            charts.fit(first),
            charts.bowl(first, width),
            charts.loss(first, width, False),
            charts.loss(first, width, True),
        ):
            shown = labels(build(figure, width, height))
            assert shown and all(significant(label) <= 6 for label in shown), (
                figure.title,
                (width, height),
                shown,
            )


@pytest.mark.parametrize("rows", range(3, 8))
def test_a_held_range_one_value_to_a_floats_last_bits_is_ticked_as_that_value(rows) -> None:
    """A short chart puts a tick on every row's middle holding the data: data of no width but
    the last bits of a float were ticked a step of 5e−15 apart."""
    value = 0.7462894777298228
    axis = y_axis(0.6, 0.9, rows, hold=(value - 7e-15, value + 7e-15))
    assert axis.lo <= value <= axis.hi
    assert all(significant(label) <= 3 for label in axis.labels), axis.labels


async def test_the_solver_opened_at_the_best_line_draws_a_bowl_with_round_ticks(tmp_path) -> None:
    from dartfit.app import make_app

    level = find_level(load_levels(SHIPPED), "first-line")
    m, b = np.polyfit(level.x, level.y, 1)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SolverScreen(level, start=(float(m), float(b))))
        await pilot.pause()
        for chart in app.screen.query(PlotView):
            shown = labels(chart.text().splitlines())
            assert shown and all(significant(label) <= 6 for label in shown), (chart.id, shown)


def test_a_flat_run_is_not_drawn_on_a_range_of_a_billionth() -> None:
    """The MSE by step of a run that starts at the best line: a flat line at the best, on a
    range a thousandth of it tall (it was a billionth: 6.87276443e−1 … 6.87276445e−1)."""
    level = find_level(load_levels(SHIPPED), "first-line")
    first = at_best(level)
    figure = SolverCharts.of(level.x, level.y, first).loss(first, 80, False)
    best = first.current.mse
    assert figure.ylim is not None and figure.ylim[0] <= best
    assert figure.ylim[1] - best >= 1e-3 * best
