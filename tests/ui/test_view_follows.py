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
        await pilot.press(*["up"] * 15, *["right"] * 10)  # back where it started
        await pilot.pause()
        assert screen.bounds == level_bounds(level)  # the view comes back to the data
        await pilot.press(*["left"] * 10, *["down"] * 15)
        await pilot.pause()
        screen.start_over()
        await pilot.pause()
        assert screen.bounds == level_bounds(level)


async def test_a_line_dragged_to_the_edge_grows_the_view_once_not_on_every_move(
    tmp_path: Path,
) -> None:
    from tests.ui.test_mouse import cell_of, drag

    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, FitScreen)
        await pilot.press("left", "left", "left")  # a falling line: its right end leads
        x_mid = float(sum(screen.bounds[:2]) / 2)  # grab the middle: a shift
        col, row = cell_of(screen, x_mid, screen.state.m * x_mid + screen.state.b)
        bottom = screen.query_one(CanvasView).size.height - 2
        before = screen.bounds
        await drag(pilot, (col, row), *[(col + k % 2, bottom) for k in range(8)])
        grown = screen.bounds
        span = before[3] - before[2]
        assert grown[2] >= before[2] - 2 * span  # one generous step, not one per move
