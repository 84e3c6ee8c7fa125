"""The fit screen's view follows the player's line off the chart, and a reset brings it back."""

from __future__ import annotations

from pathlib import Path

from dartfit.app import make_app
from dartfit.levels import find_level, load_levels
from dartfit.pictures.fit import level_bounds
from dartfit.screens.fit import FitScreen
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED


async def test_the_view_grows_to_keep_the_line_and_shrinks_back_on_reset(tmp_path: Path) -> None:
    level = find_level(load_levels(SHIPPED), "first-line")
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["left"] * 10, *["down"] * 15)  # far from winning
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, FitScreen)
        text = screen.query_one(CanvasView).text()
        assert "▼" not in text and "▲" not in text  # the line and the points in view
        assert screen.bounds[2] < level_bounds(level)[2]  # grown downwards
        screen.start_over()
        await pilot.pause()
        assert screen.bounds == level_bounds(level)
