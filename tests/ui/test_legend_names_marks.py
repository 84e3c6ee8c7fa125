"""Every mark a played chart draws is named in its legend at 80×24 and 120×40: where the
line or its squares crowd the corner, the legend lies over them, clear of the points."""

from __future__ import annotations

import pytest

from dartfit.app import make_app
from dartfit.screens.fit import FitScreen
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED, made_predictions
from tests.test_chart_pictures import _marks_named
from tests.ui.typing import settled

MOVES = [("up", "up", "up"), ("right", "right", "up"), ("s",), ("s", "left")]
"""Keys from the start of first-line: nudges up, more, the squares off, and a nudge more. (At
the start line and a nudge from it the largest squares crowd every corner at 80×24: there the
legend lets entries go rather than hide its edges, `test_a_nudge_never_moves_the_plot`.)"""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_first_lines_legend_names_each_mark_its_chart_draws(size, tmp_path) -> None:
    """First-line at 80×24 drew ◍ (points in one cell) and ┊ (misses) and named neither: the
    corner over its plot had room for "□ MSE = mean area of the squares" alone."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start="first-line")
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        chart = app.screen.query_one("#chart", CanvasView)
        await settled(pilot, lambda: "●" in chart.text())
        seen: set[str] = set()
        for keys in MOVES:
            await pilot.press(*keys)
            await pilot.pause()
            plotted, named = _marks_named(chart._rows)
            assert plotted <= named, (keys, plotted - named, chart.text())
            seen |= plotted
        assert {"┊", "◍", "□"} <= seen  # each kind of mark was drawn, and named
