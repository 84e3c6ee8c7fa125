"""A darts level standing still draws nothing: arranging its board and numbers again in the
room they already have asks for no layout. That arranging runs after every layout, and it
set the throws' height or the numbers' width to None each time, which Textual answers with
a layout even over None: each darts level drew an empty frame 50 times a second, a fifth
of a core, for as long as the player thought."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widget import Widget

from dartfit.levels import Level
from dartfit.screens.darts import DartsScreen
from tests.ui.keys import winning_keys
from tests.ui.test_darts_boards import DARTS, opened, unread
from tests.ui.typing import panel_shown, settled


def layouts_asked(widgets: list[Widget], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of `widgets` that ask for a layout from now on (the list grows as they do)."""
    asked: list[str] = []
    for widget in widgets:

        def asking(*args: Any, _widget: Widget = widget, **kwargs: Any) -> Any:
            if kwargs.get("layout"):
                asked.append(str(_widget.id))
            return type(_widget).refresh(_widget, *args, **kwargs)

        monkeypatch.setattr(widget, "refresh", asking)
    return asked


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("level", DARTS, ids=[lv.id for lv in DARTS])
async def test_a_darts_level_arranged_again_in_the_same_room_asks_for_no_layout(
    level: Level, size: tuple[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with opened(level, size, tmp_path) as (pilot, screen):
        assert isinstance(screen, DartsScreen)
        for won in (False, True):
            if won:
                await pilot.press(*winning_keys(level))
                await panel_shown(pilot)
            await settled(pilot, lambda: not unread(screen), seen=lambda: unread(screen))
            parts = [screen.query_one("#throws"), screen.query_one("#darts-side")]
            asked = layouts_asked(parts, monkeypatch)
            screen._arrange()
            assert asked == [], f"{'beside the win' if won else 'before it'}: {asked}"
            monkeypatch.undo()
