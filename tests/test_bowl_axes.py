"""The bowl names its axes, m across and b up, without a row of its own at 80×24, and its
legend names the ● (where descent is now) where its title's rows have room (pure: Figures
and the text plotext draws from them)."""

from __future__ import annotations

import re

import pytest

from dartfit.levels import find_level, load_levels
from dartfit.pictures.figure import Figure, Series
from dartfit.pictures.solver import TOGETHER_KEYS, SolverCharts
from dartfit.rules import linear, solver
from dartfit.widgets.plot import aligned, build
from tests.conftest import SHIPPED

LEVEL = find_level(load_levels(SHIPPED), "first-line")
SIZES = [(27, 15), (33, 22), (60, 16)]  # the bowl at 80×24, 100×30 and 120×40


def plain(rows: list[str]) -> list[str]:
    return [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("factor", "steps"), [(1.0, 0), (1.0, 3), (4.0, 7), (4.0, 30)])
def test_the_bowl_names_m_across_and_b_up(size, factor, steps) -> None:
    first = solver.start(LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))
    charts = SolverCharts.of(LEVEL.x, LEVEL.y, first)
    state = solver.advance(solver.with_rate(first, factor), steps)
    bowl = charts.bowl(state, size[0])
    figure, _ = aligned([(bowl, size), (bowl, size)])  # beside another, as on the screen
    rows = plain(build(figure, *size))
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    foot = next(i for i, row in enumerate(rows) if "└" in row)
    assert re.search(r"b┌", rows[top]), rows[top]  # Δb on log axes
    # at the end of the labels' row, clear of them, else on the axis line: by a corner, else
    # (four labels wide as −20000 0 20000 40000 take the row) between its last two ticks
    named = re.search(r"\S\s{2,}Δ?m\s*$", rows[foot + 1]) or re.search(
        r"─Δ?m┘|└Δ?m─|─Δ?m─", rows[foot]
    )
    assert named, rows[foot : foot + 2]
    assert not re.match(r"Δ?m\s", rows[foot + 1])  # never first: "15 m" beside another chart
    assert foot == len(rows) - 2  # no row of its own: the plot keeps its rows
    title = "".join(rows[:top])  # the ● named, or the ⊕ where it is drawn in the best's cell
    assert "● now" in title or any(words in title for words in TOGETHER_KEYS), rows[:top]


def test_an_axis_name_never_covers_a_tick_label() -> None:
    """Where the labels' row has no clear end, the x axis's name is left out."""
    wide = Figure(
        (Series((0.0, 1.0), (0.0, 1.0)),),
        xlim=(-123456.0, 123456.0),
        ylim=(0.0, 1.0),
        xname="m",
    )
    for width in range(20, 40):
        rows = plain(build(wide, width, 10))
        bare = plain(build(Figure(wide.series, wide.xlim, wide.ylim), width, 10))
        labels = rows[-1]
        assert re.sub(r"m", " ", labels).rstrip() == bare[-1].rstrip() or labels == bare[-1]
