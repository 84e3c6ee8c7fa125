"""A RowView hands Textual its rows' strips straight from its own cache (RowView.render_lines):
cell for cell what Textual's style cache would have drawn, cropped or whole, filtered
(NO_COLOR) or not, on every chart and number panel of a level, the solver and a lesson."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.filter import Monochrome
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from dartfit.app import make_app
from dartfit.widgets.rows import RowView
from tests.conftest import SHIPPED


def cells(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    """Each line as its cells: a character and its style."""
    return [
        [(char, segment.style) for segment in strip for char in segment.text] for strip in strips
    ]


def crops(widget: Widget) -> list[Region]:
    width, height = widget.size
    return [
        Region(0, 0, width, height),
        Region(3, 1, max(1, width - 7), max(1, height - 2)),
        Region(width // 2, height // 3, 1, 1),
    ]


@pytest.mark.parametrize("filtered", [False, True], ids=["colour", "no-color"])
@pytest.mark.parametrize("level", ["first-line", "first-throw", "bowl"])
async def test_a_row_view_draws_what_textual_would(tmp_path: Path, level: str, filtered) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level)
    async with app.run_test(size=(120, 40)) as pilot:
        if filtered:
            app._filters.append(Monochrome())  # what NO_COLOR sets
        for key in ("s", "right", "up", "a"):  # squares, a nudge, the auto-solver
            await pilot.press(key)
        await pilot.pause()
        views = [w for w in app.screen.query(RowView) if w.size.area]
        assert views, level
        for view in views:
            assert view._is_plain(), view
            for crop in crops(view):
                fast = view.render_lines(crop)
                slow = Widget.render_lines(view, crop)
                assert cells(fast) == cells(slow), (view, crop)
