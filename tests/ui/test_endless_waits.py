"""Waits that had no end: a game whose terminal hung up in a key storm ran on for an hour
at 73 % of a core, orphaned. The palette's pgdn waited for its list on every refresh (the
list never laid out), and the game's ending waited for every screen to mount. Both waits
are bounded now."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from dartfit import palette
from dartfit.app import make_app
from dartfit.steady.app import END_WAIT
from tests.ui.typing import settled


async def test_a_key_waiting_for_a_list_that_never_lays_out_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tries = 0

    def never(self: CommandPalette) -> None:
        nonlocal tries
        tries += 1
        raise KeyError(0)  # as the page move on a list with no lines laid out

    monkeypatch.setattr(CommandPalette, "_action_cursor_down", never)
    app = make_app(data_dir=tmp_path, start="first-throw")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await settled(pilot, lambda: isinstance(app.screen, palette.Palette))
        await pilot.press("down")
        for _ in range(3 * palette.LIST_WAITS):
            await pilot.pause()
            app.screen.refresh()
        assert tries == palette.LIST_WAITS + 1 and app.is_running


async def test_an_ending_waits_for_screens_to_mount_no_longer_than_its_bound(
    tmp_path: Path,
) -> None:
    app = make_app(data_dir=tmp_path, start="first-throw")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.settled = lambda: False  # type: ignore[method-assign]  # a screen that never mounts
        app.end(129)
        for _ in range(int(END_WAIT * 40)):
            if not app.is_running:
                break
            await pilot.pause(0.05)
            app.screen.refresh()
    assert app.return_code == 129
