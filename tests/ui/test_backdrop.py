"""The screen at the bottom of the stack (`Backdrop`) is laid out only once it shows: laid out
unseen under the first screen as the game started, it had that screen drawn again whole, a
third frame of a level's start that changed no cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.screen import Screen

from dartfit.app import make_app
from dartfit.screens.level_base import LevelScreen
from dartfit.screens.title import TitleScreen
from dartfit.steady.app import Backdrop
from tests.conftest import SHIPPED
from tests.ui.typing import settled


@pytest.mark.parametrize("start", ["first-line", None], ids=["a level", "the title"])
async def test_the_first_screen_is_not_drawn_again_for_the_hidden_one_under_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str | None
) -> None:
    asked: list[tuple[Screen[Any], tuple[Region, ...]]] = []
    refresh = Screen.refresh

    def spy(self: Screen[Any], *regions: Region, **kwargs: Any) -> Screen[Any]:
        if regions:  # the regions a screen under it found changed
            asked.append((self, regions))
        return refresh(self, *regions, **kwargs)

    monkeypatch.setattr(Screen, "refresh", spy)
    app = make_app(SHIPPED, tmp_path, start=start)
    first = LevelScreen if start else TitleScreen
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, first))
        for _ in range(5):
            await pilot.pause(0.05)
        assert isinstance(app.screen_stack[0], Backdrop)
        assert [screen for screen, _ in asked if screen is app.screen] == []


async def test_the_backdrop_shows_once_it_is_on_top(tmp_path: Path) -> None:
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, TitleScreen))
        backdrop = app.screen_stack[0]
        assert not backdrop.is_current
        app.pop_screen()
        await settled(pilot, lambda: app.screen is backdrop)
        assert backdrop.is_current
        assert backdrop.size == (80, 24)
