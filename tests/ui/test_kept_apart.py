"""A nudge's frame renders what it changes, not the level's title, goal, hint and keys:
Textual renders every widget whose parent's region meets a frame's changes, so these sit
in containers of their own (`widgets.plain.Apart`)."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget

from dartfit.app import make_app
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.widgets.title_bar import TitleBar
from tests.conftest import SHIPPED


async def test_a_nudge_renders_the_chart_and_not_the_title_goal_hint_or_keys(
    tmp_path: Path,
) -> None:
    app = make_app(SHIPPED, tmp_path, seed=3, start="first-line")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key in ("right", "up", "shift+left"):  # the footer's keys change at the first moves
            await pilot.press(key)
            await pilot.pause()
        screen = app.screen
        watched: list[Widget] = [
            screen.query_one(TitleBar),
            screen.query_one("#goal"),
            screen.query_one("#hint"),
            screen.query_one(KeyFooter),
            screen.query_one(CanvasView),
        ]
        rendered: list[str] = []
        for widget in watched:
            render = widget.render_lines
            name = type(widget).__name__ + (f"#{widget.id}" if widget.id else "")

            def counted(crop, render=render, name=name):  # type: ignore[no-untyped-def]
                rendered.append(name)
                return render(crop)

            widget.render_lines = counted  # type: ignore[method-assign]
        for key in ("right", "up", "shift+left"):
            await pilot.press(key)
            await pilot.pause()
        assert rendered and set(rendered) == {"CanvasView#chart"}
        assert screen.query_one("#goal").region.height >= 1  # still laid out as before
        assert screen.query_one(TitleBar).region.y == 0
        assert screen.query_one(KeyFooter).region.y == 39


async def test_a_nudge_draws_the_panels_around_its_numbers_and_the_key_from_kept_lines(
    tmp_path: Path, monkeypatch
) -> None:
    """The HUD's panel (a border, padding), the formula's (padding) and the key strip under
    the chart are rendered in every nudge's frame, their rows meeting its changes, though a
    nudge changes only the numbers inside them (and here names the same marks in the key):
    their lines are handed over as they were, not drawn again through Textual's styles
    (some 50 µs each a key)."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="first-line")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key in ("right", "left", "right", "left"):
            await pilot.press(key)
            await pilot.pause()
        screen = app.screen
        watched = {screen.query_one(f"#{name}") for name in ("hud", "formula", "key")}
        key_text = screen.query_one("#key", CanvasView).text()
        drawn: list[str] = []
        render_lines = Widget.render_lines

        def counted(widget: Widget, crop):  # type: ignore[no-untyped-def]
            if widget in watched:
                drawn.append(f"#{widget.id}")
            return render_lines(widget, crop)

        monkeypatch.setattr(Widget, "render_lines", counted)
        hud = screen.query_one("#hud", LinesPanel).text
        for key in ("right", "left", "right"):
            await pilot.press(key)
            await pilot.pause()
        assert screen.query_one("#hud", LinesPanel).text != hud  # the numbers moved
        assert screen.query_one("#key", CanvasView).text() == key_text
        assert drawn == []
