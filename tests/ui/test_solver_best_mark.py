"""The auto-solver's bowl, run to the end: where descent reaches the best's cell, one ⊗ in
that very cell, named in the legend (issue 10: the × set beside the ● made the best read a
cell off, 0.2 left of m = 1.999, in docs/solver.png)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from dartfit.app import make_app
from dartfit.widgets.plot import PlotView, build
from tests.conftest import SHIPPED
from tests.ui.typing import settled, solver_opened

WORDS = ("⊗ now near the best", "⊗ near best")


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
        await solver_opened(pilot)
        screen = pilot.app.screen
        while not screen.state.finished:
            screen.tick()
        bowl = screen.query_one("#solver-bowl", PlotView)
        await settled(pilot, lambda: "⊗" in bowl.text(), seen=bowl.text)
        text = bowl.text()
        plot = "\n".join(_plot(text))
        title = text[: text.index("┌")]
        said = [words for words in WORDS if words in " ".join(title.split())]
        assert said and "×" not in title and "● now" not in title, title
        assert plot.count("⊗") == 1 and "×" not in plot and "●" not in plot, text
        # the same chart without the ⊗: the ● where descent is, over the × in its cell
        assert bowl.figure is not None
        apart = replace(bowl.figure.met(said[0]), over=None, together=None)
        alone = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in build(apart, *bowl.size)]
        assert "×" not in "".join(_plot("\n".join(alone)))
        assert [row.find("●") for row in _plot("\n".join(alone))] == [
            row.find("⊗") for row in _plot(text)
        ]
