"""Every legend entry of the auto-solver's bowl and MSE charts shows a sample of the mark its
series is drawn with: under NO_COLOR the bowl's "path" (half blocks) and the "MSE by step"
had no mark of their own, beside "✚ best", "◦ equal MSE", "● now" and "┈┈ the best MSE",
and were told only by elimination. (The fit chart's "points" and "line" say their shapes.)
Pure: Figures."""

from __future__ import annotations

import pytest

from dartfit.levels import find_level, load_levels
from dartfit.pictures.figure import Figure, Series
from dartfit.pictures.numbers_apart import is_number
from dartfit.pictures.solver import SolverCharts
from dartfit.rules import linear, solver
from tests.conftest import SHIPPED

BRAILLE = "".join(chr(0x2800 + k) for k in range(1, 0x100))
QUADRANTS = "▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"
DRAWN = {"hd": QUADRANTS, "braille": BRAILLE, "dot": "•"}
"""The characters plotext draws each of its markers with."""


def _marks(series: Series) -> str:
    """The characters a series may be drawn with (a level line: its marker's fine glyphs)."""
    if series.level is not None:
        return DRAWN.get(series.marker, BRAILLE)
    return DRAWN.get(series.marker, series.marker)


def _figures(level: str, factor: float, steps: int) -> list[Figure]:
    found = find_level(load_levels(SHIPPED), level)
    first = solver.start(found.x, found.y, *linear.start_line(found))
    charts = SolverCharts.of(found.x, found.y, first)
    state = solver.advance(solver.with_rate(first, factor), steps)
    figures = [charts.bowl(state, 40), charts.loss(state, 40, False), charts.loss(state, 40, True)]
    return [*figures, *(f.with_spare(lambda *_: True) for f in figures)]  # spare ones too


@pytest.mark.parametrize(
    ("level", "factor", "steps"),
    [
        ("crickets", 1.0, 0),
        ("crickets", 1.0, 5),
        ("first-line", 1.0, 100_000),  # converged: ⊕
        ("first-line", 4.0, 3),  # climbing
        ("first-line", 4.0, 400),  # blown up: log bowl, log MSE
    ],
)
def test_every_legend_entry_of_the_bowl_and_the_mse_shows_its_series_mark(
    level: str, factor: float, steps: int
) -> None:
    for figure in _figures(level, factor, steps):
        for words, role in figure.keys:
            drawn = [s for s in figure.series if s.role == role and not is_number(s)]
            assert drawn, (figure.title, role)
            marks = "".join(_marks(s) for s in drawn)
            assert any(ch in marks for ch in words), (figure.title, words, marks)
