"""Waits that had no end: a game whose terminal hung up in a key storm ran on for an hour
at 73 % of a core, orphaned. The palette's pgdn waited for its list on every refresh (the
list never laid out), and the game's ending waited for every screen to mount. Both waits
are bounded now."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.command import CommandPalette
from textual.screen import Screen

from dartfit import palette
from dartfit.app import make_app
from dartfit.steady.app import END_WAIT, SteadyApp
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


async def test_keys_queued_when_the_game_is_asked_to_end_are_not_acted_on(
    tmp_path: Path,
) -> None:
    """A terminal that hung up in a key storm (or ctrl+q in one) asked the game to end, but
    the keys queued ahead of the ending were each acted on first: the bowl took over four
    minutes of a core, orphaned, its deleted terminal's last storm still being played, while
    the ending waited behind them for a screen to mount (a hostile pass). Once the game is
    asked to end, queued keys are dropped."""
    from dartfit.screens.level_base import LevelScreen

    app = make_app(data_dir=tmp_path, start="first-throw")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen) and app.screen.is_mounted)
        screen = app.screen
        assert isinstance(screen, LevelScreen)
        before = screen.state  # type: ignore[attr-defined]
        app.settled = lambda: False  # type: ignore[method-assign]  # a screen still mounting
        for _ in range(3):  # three throws at the bull, queued, not yet taken
            key = events.Key("space", " ")
            key.set_sender(app)
            app.post_message(key)
        app.end(129)  # a hangup, as they wait
        for _ in range(int(END_WAIT * 40)):
            if not app.is_running:
                break
            await pilot.pause(0.05)
    assert app.return_code == 129
    assert screen.state == before  # type: ignore[attr-defined]  # no dart was thrown
    assert not (tmp_path / "progress.json").exists() or "first-throw" not in (
        tmp_path / "progress.json"
    ).read_text(encoding="utf-8")


@asynccontextmanager
async def _a_screen_stuck_mounting(tmp_path: Path) -> AsyncIterator[App[None]]:
    """A game with a screen pushed on top whose mount never ends, while the body runs; then
    the game asked to exit within END_WAIT (and a few seconds more), or the test fails."""
    never = asyncio.Event()

    class Stuck(Screen[None]):
        async def on_mount(self) -> None:
            await never.wait()

    app = make_app(data_dir=tmp_path, start="first-throw")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def push() -> None:  # as a key's action does: pushed, not waited for
            app.push_screen(Stuck())

        app.call_later(push)
        await asyncio.sleep(0.2)  # (the Pilot's pause would wait for the stuck screen)
        assert not app.settled()
        try:
            yield app
            # asked to exit (its status set at once; the game's watchdog then ends the
            # process), while the app itself still waits for the screen
            async with asyncio.timeout(END_WAIT + 3):
                while app.return_code is None:
                    await asyncio.sleep(0.05)
        finally:
            never.set()  # let the stuck mount go, whatever happened


async def test_an_ending_is_not_held_by_a_screen_whose_mount_never_ends(tmp_path: Path) -> None:
    """A screen stuck in its mount is never idle, and the ending had waited for that screen's
    next refresh to look again: a game whose terminal died in a storm of keys and resizes
    ran on for half an hour, orphaned, deaf to SIGTERM (a hostile pass). Nothing here
    refreshes a screen by hand: the ending must come by itself, within its bound."""
    async with _a_screen_stuck_mounting(tmp_path) as app:
        app.end(143)  # SIGTERM's ending, as the loop's signal handler calls it
    assert app.return_code == 143


async def test_a_storm_of_endings_asked_while_a_screen_mounts_looks_once_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each ending signal asks to end: every ask made a look of its own at the screens every
    END_LOOK s, so a storm of 1,000 kills as a screen mounted looked 50,000 times a second,
    on the loop the mount needed. The first ask's looks are enough (and its status stays)."""
    looks = 0
    settled_before = SteadyApp.settled

    def counted(self: SteadyApp) -> bool:
        nonlocal looks
        looks += 1
        return settled_before(self)

    async with _a_screen_stuck_mounting(tmp_path) as app:
        monkeypatch.setattr(SteadyApp, "settled", counted)
        for status in [143] * 500 + [129] * 500:
            app.end(status)
        await asyncio.sleep(0.3)
        seen = looks
    assert seen < 100
    assert app.return_code == 143
