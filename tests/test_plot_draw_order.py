"""Every chart the game draws with plotext reads the same whatever order plotext takes its
points and labels in: it drops repeats through a set (`no_duplicates`), whose order the hash
seed sets, and where two things land in one cell the one taken last stays (pure: Figures and
the text plotext draws from them)."""

from __future__ import annotations

import pytest

from dartfit.levels import find_level, load_levels
from dartfit.pictures.curves import CurvesPicture, curves_figure, u_figure
from dartfit.pictures.figure import Figure
from dartfit.pictures.solver import SolverCharts
from dartfit.rules import degree, linear, solver
from tests.conftest import SHIPPED, drawn_both_ways

LEVELS = load_levels(SHIPPED)
SIZES = [(27, 16), (60, 17)]  # a chart of the solver's at 80×24, and at 120×40


def _solver_figures(rate_factor: float, steps: int, width: int) -> list[tuple[str, Figure]]:
    level = find_level(LEVELS, "first-line")
    first = solver.start(level.x, level.y, *linear.start_line(level))
    charts = SolverCharts.of(level.x, level.y, first)
    state = solver.advance(solver.with_rate(first, rate_factor), steps)
    return [
        ("fit", charts.fit(state)),
        ("bowl", charts.bowl(state, width)),
        ("loss", charts.loss(state, width, False)),
        ("log loss", charts.loss(state, width, True)),
    ]


def _figures(width: int) -> list[tuple[str, Figure]]:
    """The solver's charts stepping, settled and blown up (its path's steps numbered, a
    digit a series), and the degree level's fits and U."""
    sweep = degree.sweep(find_level(LEVELS, "degree"))
    found = [
        *((f"solver stepping {name}", f) for name, f in _solver_figures(1.0, 3, width)),
        *((f"solver settled {name}", f) for name, f in _solver_figures(1.0, 2000, width)),
        *((f"solver blown up {name}", f) for name, f in _solver_figures(4.0, 1000, width)),
        ("degree U", u_figure(sweep, 3)),
    ]
    for deg in (0, 3, 8):
        bv = sweep[deg]
        picture = CurvesPicture(bv.x_test, bv.fits, bv.mean_fit, bv.truth)
        found.append((f"degree {deg} fits", curves_figure(picture)))
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_chart_reads_the_same_whatever_order_plotext_drops_repeats_in(size) -> None:
    width, height = size
    for name, figure in _figures(width):
        one, other = drawn_both_ways(figure, width, height)
        assert one == other, name
