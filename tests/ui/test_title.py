"""The title screen's footer offers one way to quit, not two."""

from __future__ import annotations

from pathlib import Path

from dartfit.app import make_app
from dartfit.screens.title import TitleScreen
from tests.conftest import SHIPPED


async def test_the_title_footer_offers_one_way_to_quit(tmp_path: Path) -> None:
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        shown = [b.binding for b in app.screen.active_bindings.values() if b.binding.show]
        quits = {b.key for b in shown if b.action.endswith("quit")}
        assert len(quits) == 1, quits
        await pilot.press("escape")  # escape still quits, unlisted
        await pilot.pause()
        assert not app.is_running
