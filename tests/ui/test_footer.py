"""The footer of a level at 80×24 shows the keys that level depends on: its kind's own keys
come first, and every level's keys (back, hint, reset, lesson, help) after them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Footer

from dartfit.app import make_app
from dartfit.levels import Level, load_levels
from dartfit.screens.level_base import LevelScreen
from tests.conftest import SHIPPED
from tests.ui.typing import settled

LEVELS = load_levels(SHIPPED)
EVERY_LEVEL = {b.action for b in LevelScreen.BINDINGS if not isinstance(b, tuple)}


def own_actions(screen: LevelScreen) -> set[str]:
    """The actions of the keys the screen's kind binds and shows in a footer."""
    return {
        active.binding.action
        for active in screen.active_bindings.values()
        if active.node is screen
        and active.binding.show
        and active.binding.action not in EVERY_LEVEL
    }


@pytest.mark.parametrize("level", LEVELS, ids=[lv.id for lv in LEVELS])
async def test_the_footer_at_80_by_24_shows_the_kinds_own_keys(
    level: Level, tmp_path: Path
) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        assert isinstance(screen, LevelScreen)
        footer = screen.query_one(Footer)
        await settled(pilot, lambda: bool(footer.query("FooterKey")))  # by name: not exported
        await pilot.pause()
        keys = list(footer.query("FooterKey"))
        palette = next(k for k in keys if k.action == "command_palette")
        room = footer.region.intersection(footer.region.crop_size((palette.region.x, 1)))
        shown = {k.action for k in keys if room.contains_region(k.region)}
        wanted = own_actions(screen)
        assert wanted, "a level kind with no keys of its own in the footer"
        assert wanted <= shown, f"cut off: {sorted(wanted - shown)}"
