"""The size notice says the terminal's size beside the size the game needs."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from dartfit.app import make_app
from dartfit.dialogs.too_small import TooSmallScreen
from tests.conftest import SHIPPED
from tests.ui.typing import settled


def _notice(app) -> str:
    return str(app.screen.query_one("#too-small", Static).render())


async def test_the_size_notice_says_the_size_now_and_follows_a_resize(tmp_path: Path) -> None:
    app = make_app(SHIPPED, tmp_path, start="first-line")
    async with app.run_test(size=(60, 20)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        assert "at least 80 × 24" in _notice(app) and "This one is 60 × 20" in _notice(app)
        await pilot.resize_terminal(75, 22)
        await settled(pilot, lambda: "This one is 75 × 22" in _notice(app))
        assert "This one is 75 × 22" in _notice(app)


async def test_the_size_notice_keeps_the_way_out_on_the_smallest_screens(tmp_path: Path) -> None:
    """At 30 × 6 the notice was cut before "ctrl+q quits." (a player's check): in fewer
    words where the whole would not fit, it still says both sizes and how to quit."""
    app = make_app(SHIPPED, tmp_path, start="first-line")
    async with app.run_test(size=(30, 6)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        for width, height in ((30, 6), (40, 5), (20, 3)):
            await pilot.resize_terminal(width, height)
            await settled(pilot, lambda w=width, h=height: app.size == (w, h))
            await pilot.pause()  # the notice is set again as the screen takes the resize
            rows = [strip.text for strip in app.screen._compositor.render_strips()]
            shown = " ".join(" ".join(rows).split())
            assert "ctrl+q quit" in shown and "80 × 24" in shown, (width, height, rows)


async def test_the_size_notice_ends_with_to_go_on_whole(tmp_path: Path) -> None:
    """At 70 × 20 a row ended "…(or the font smaller) to" above "go on.": the notice keeps
    "to go on." on one row, and no group in brackets open at a row's end, at any width."""
    app = make_app(SHIPPED, tmp_path, start="first-line")
    async with app.run_test(size=(70, 20)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        for width in range(40, 80, 3):
            await pilot.resize_terminal(width, 20)
            await settled(pilot, lambda w=width: app.size == (w, 20))
            await pilot.pause()
            rows = _notice(app).split("\n")
            assert any("to go on." in row for row in rows), (width, rows)
            assert not [row for row in rows if row.count("(") > row.count(")")], (width, rows)
