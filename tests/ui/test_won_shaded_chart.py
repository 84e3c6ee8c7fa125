"""Galton's chart beside the win panel: the legend hides none of the shaded cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.dialogs.win import WinScreen
from dartfit.levels import find_level, load_levels
from dartfit.pictures.common import AXIS_WIDTH
from dartfit.pictures.fit import _draw_fit, draw_fit
from dartfit.screens.fit import FitScreen
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.typing import settled


def _plot_top(rows: list[str]) -> int:
    """The first row of the plot: the first with the y axis beside it."""
    return next(r for r, row in enumerate(rows) if row[AXIS_WIDTH - 1] in "│┤")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_won_galton_charts_legend_hides_no_shaded_cell(
    size: tuple[int, int], tmp_path: Path
) -> None:
    """Beside the win panel at 80×24 Galton's chart has 9 rows to plot in, shaded in every
    corner: the legend lay over 6 cells of children, names and lines in a box. Every shaded
    cell of the chart drawn without a legend is shaded where the legend is drawn (in rows
    of its own over the plot there), and the legend still names every line."""
    level = find_level(load_levels(SHIPPED), "galton")
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="galton")
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        playing = app.screen.query_one(CanvasView).size
        await pilot.press(*winning_keys(level))
        await settled(pilot, lambda: isinstance(app.screen, WinScreen))
        screen = app.screen_stack[-2]
        assert isinstance(screen, FitScreen) and screen.state is not None
        canvas = screen.query_one(CanvasView)
        await settled(pilot, lambda: canvas.size != playing)  # beside the win panel
        width, height = canvas.size
        picture = screen._picture(screen.state)
    drawn = draw_fit(picture, width, height).rows()
    top = _plot_top([chars for chars, _ in drawn])
    bare = _draw_fit(picture, width, height - top, keyed=False).rows()
    shaded = [
        (r, c)
        for r, (chars, styles) in enumerate(bare)
        for c, (char, style) in enumerate(zip(chars, styles, strict=True))
        if (style == "density" and char != " ") or "+shade" in style
    ]
    assert shaded
    hidden = [(r, c) for r, c in shaded if drawn[top + r][1][c] != bare[r][1][c]]
    assert hidden == [], f"{len(hidden)} shaded cells under the legend"
    text = "\n".join(chars for chars, _ in drawn)
    assert "your line" in text and "best MSE line" in text and "ŷ = x" in text
