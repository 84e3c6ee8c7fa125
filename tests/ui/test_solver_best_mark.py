"""The auto-solver's bowl, run to the end: where descent reaches the best's cell, one ⊕ in
that very cell, named in the legend (issue 10: the best's mark set beside the ● made the
best read a cell off, 0.2 left of m = 1.999, in docs/solver.png). Its marks are the descent
levels' bowl's: ✚ the best, ⊕ the line now in its cell."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from dartfit.app import make_app
from dartfit.rules import solver
from dartfit.screens.solver import SPEEDS
from dartfit.widgets.plot import PlotView, build
from tests.conftest import SHIPPED
from tests.ui.typing import settled, solver_opened

WORDS = ("⊕ now near the best", "⊕ near best")


def _plot(text: str) -> list[str]:
    """A chart's rows from its frame's top on (its title left out)."""
    rows = text.splitlines()
    return rows[next(i for i, row in enumerate(rows) if "┌" in row) :]


@pytest.mark.parametrize("size", [(80, 24), (120, 24), (120, 40), (200, 50)])
async def test_a_converged_run_marks_the_best_in_its_own_cell_with_descent_on_it(
    tmp_path, size
) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=size) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        # the run to its end as its ticks take it (each tick's state drawn in turn cost 90 %
        # of the test: the bowl drawn is its last state's alone, SolverCharts.bowl), shown
        state = screen.state
        while not state.finished:
            state = solver.advance(state, SPEEDS[screen.speed])
        screen.state = state
        bowl = screen.query_one("#solver-bowl", PlotView)
        await settled(pilot, lambda: "⊕" in bowl.text(), seen=bowl.text)
        text = bowl.text()
        plot = "\n".join(_plot(text))
        title = text[: text.index("┌")]
        said = [words for words in WORDS if words in " ".join(title.split())]
        assert said and "✚" not in title and "● now" not in title, title
        assert plot.count("⊕") == 1 and "✚" not in plot and "●" not in plot, text
        # the same chart without the ⊕: the ● where descent is, over the ✚ in its cell
        assert bowl.figure is not None
        apart = replace(bowl.figure.met(said[0]), over=None, together=None)
        alone = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in build(apart, *bowl.size)]
        assert "✚" not in "".join(_plot("\n".join(alone)))
        assert [row.find("●") for row in _plot("\n".join(alone))] == [
            row.find("⊕") for row in _plot(text)
        ]


async def test_the_solver_and_the_descent_levels_mark_the_best_alike(tmp_path) -> None:
    """The descent levels' bowl marked the best ✚ and you in its cell ⊕; the auto-solver's
    bowl, on the same lesson's screens, × and ⊗: two marks of the best, two of being there.
    Now one each, named in each legend: the level's won walk and the solver's converged run
    both show ⊕, and neither ⊗ nor ×."""
    from dartfit.pictures.bowl import LEGEND, ON_IT
    from dartfit.pictures.solver import TOGETHER

    assert LEGEND[0][0] == "✚" and ON_IT[0][0] == TOGETHER == "⊕"
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        bowl = screen.query_one("#solver-bowl", PlotView)
        await settled(pilot, lambda: "●" in bowl.text(), seen=bowl.text)
        assert "✚ best" in " ".join(bowl.text().split()) and "×" not in bowl.text()
        while not screen.state.finished:
            screen.tick()
        await settled(pilot, lambda: "⊕" in bowl.text(), seen=bowl.text)
        assert "⊗" not in bowl.text()
