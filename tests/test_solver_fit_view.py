"""The auto-solver's fit chart holds the line its run starts from, as a line level's chart
holds its start line: opened from fine-tune, the run began with its line just below the
chart's y range, under a title saying "line below every point" (a student's pass)."""

from __future__ import annotations

import pytest

from dartfit.kinds import kind_of
from dartfit.levels import load_levels
from dartfit.pictures.fit import level_bounds
from dartfit.pictures.solver import SolverCharts
from dartfit.rules import linear, solver
from tests.conftest import SHIPPED

LEVELS = [
    level
    for level in load_levels(SHIPPED)
    if kind_of(level.spec).solver and level.spec.model.shape == "line"
]


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.spec.id)
def test_the_solvers_first_line_is_on_its_fit_chart(level) -> None:
    first = solver.start(level.x, level.y, *linear.start_line(level))
    charts = SolverCharts.of(level.x, level.y, first)
    _, (y_lo, y_hi) = charts.fit_box
    m, b = first.current.m, first.current.b
    ends = [m * float(x) + b for x in (level.x.min(), level.x.max())]
    assert all(y_lo <= end <= y_hi for end in ends), (level.spec.id, ends, (y_lo, y_hi))
    # the level's own chart holds it the same way: one rule for both
    assert (y_lo, y_hi) == level_bounds(level)[2:]
