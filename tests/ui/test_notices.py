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
