"""A store that stops answering (a folder on a dead network mount: writes, reads, fsyncs and
locks that never return) never holds the game: the game plays on with the change on screen,
says once that saving is slow, keeps its saves in order, and saves when the disk answers.
Its end waits a bounded time, and a read that stalls as it starts ends it with a line."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from dartfit import app as app_module
from dartfit import keeping
from dartfit.app import DartfitApp, make_app
from dartfit.dialogs.win import WinScreen
from dartfit.levels import load_levels
from dartfit.progress import THEME, Change, LoadResult, Progress, ProgressStore, SaveResult
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.typing import panel_shown, settled

FIRST = load_levels(SHIPPED)[0]
GIVE_UP = 10.0
"""Seconds a stalled call waits before it answers by itself: only a game that waits for it
on its own thread (the old one) ever gets there, and then `gave_up` fails the test."""


class Stalling(ProgressStore):
    """progress.json on a disk that stops answering when told (`stalling`): each save, or
    read, then waits for `released`. Notes the themes it saved, in order, and how many
    saves ran at once at most."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder / "progress.json")
        self.stalling = False
        self.released = threading.Event()
        self.gave_up = False
        self.themes: list[object] = []
        self._running = 0
        self.most_at_once = 0

    def _stall(self) -> None:
        if self.stalling and not self.released.wait(GIVE_UP):
            self.gave_up = True

    def update(self, current: Progress, change: Change) -> SaveResult:
        self._running += 1
        self.most_at_once = max(self.most_at_once, self._running)
        try:
            self._stall()
            done = super().update(current, change)
        finally:
            self._running -= 1
        self.themes.append(done.progress.settings.get(THEME))
        return done


class StallingRead(Stalling):
    def load(self) -> LoadResult:
        self._stall()
        return super().load()


def _saved(folder: Path) -> dict:
    return json.loads((folder / "progress.json").read_text(encoding="utf-8"))


def _at_the_first_level(tmp_path: Path) -> tuple[Stalling, DartfitApp]:
    made_predictions(tmp_path)
    store = Stalling(tmp_path)
    return store, make_app(SHIPPED, store=store, start=FIRST.id)


async def _won_on_a_dead_disk(pilot: Pilot[None], store: Stalling) -> None:
    """The disk stops answering, then the first level is won."""
    store.stalling = True
    await pilot.press(*winning_keys(FIRST))
    await panel_shown(pilot)


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the game notifies, in order (its notify replaced); a save is waited for 0.05 s,
    and said to be slow 0.1 s after it was made."""
    told: list[str] = []
    monkeypatch.setattr(keeping, "SAVE_WAIT", 0.05)
    monkeypatch.setattr(keeping, "SLOW_AFTER", 0.1)
    monkeypatch.setattr(
        app_module.DartfitApp, "notify", lambda self, message, **_: told.append(str(message))
    )
    return told


async def test_a_win_whose_save_stalls_plays_on_and_is_saved_once_the_disk_answers(
    tmp_path: Path, said: list[str]
) -> None:
    """The win froze the game at its last key, for ever: no panel, no key taken. The win is
    on screen at once, slowness said once, the next level opens, and the save finishes."""
    store, app = _at_the_first_level(tmp_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _won_on_a_dead_disk(pilot, store)
            assert app.progress.get(FIRST.id).completed  # on screen, not yet on disk
            assert FIRST.id not in _saved(tmp_path)["levels"]
            await settled(pilot, lambda: said == [keeping.SLOW], seen=lambda: said)
            await pilot.press("enter")  # on to the next level while the save stalls
            await settled(pilot, lambda: not isinstance(app.screen, WinScreen))
            assert said == [keeping.SLOW]  # once while it lasts
            store.released.set()
            await settled(pilot, lambda: keeping.SAVED_AFTER_ALL in said, seen=lambda: said)
            assert _saved(tmp_path)["levels"][FIRST.id]["completed"] is True
            assert app.progress.get(FIRST.id).completed
    finally:
        store.released.set()
    assert not store.gave_up


async def test_a_save_late_for_a_moment_is_kept_unsaid(
    tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A class database held a moment by a teacher's sqlite3 shell answers within its own
    busy wait (2 s): the game plays on past SAVE_WAIT, and says nothing of it, where it
    said "saving is taking long", then "saved after all", for each such moment."""
    monkeypatch.setattr(keeping, "SLOW_AFTER", 30.0)
    store, app = _at_the_first_level(tmp_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _won_on_a_dead_disk(pilot, store)
            store.released.set()
            await settled(pilot, lambda: FIRST.id in _saved(tmp_path)["levels"])
            await settled(pilot, lambda: not app._asked)
            await pilot.press("enter")  # the next level: the game went on
            await settled(pilot, lambda: not isinstance(app.screen, WinScreen))
    finally:
        store.released.set()
    assert said == [] and not store.gave_up


async def test_changes_made_while_a_save_stalls_are_saved_after_it_in_order(
    tmp_path: Path, said: list[str]
) -> None:
    """Two themes chosen while the first one's save stalls: both show at once, and they are
    saved one at a time in the order chosen, so the last one chosen is the one kept."""
    store = Stalling(tmp_path)
    app = make_app(SHIPPED, store=store)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            first, second = [t for t in sorted(app.available_themes) if t != app.theme][:2]
            store.stalling = True
            app.theme = first
            app.theme = second
            assert app.progress.settings[THEME] == second and store.themes == []
            await settled(pilot, lambda: said == [keeping.SLOW], seen=lambda: said)
            store.released.set()
            await settled(pilot, lambda: len(store.themes) == 2, seen=lambda: store.themes)
            await settled(pilot, lambda: keeping.SAVED_AFTER_ALL in said, seen=lambda: said)
            assert app.progress.settings[THEME] == second
    finally:
        store.released.set()
    assert store.themes == [first, second] and store.most_at_once == 1
    assert _saved(tmp_path)["settings"][THEME] == second
    assert not store.gave_up


async def test_quitting_while_a_save_stalls_ends_within_the_wait_and_keeps_the_win_elsewhere(
    tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+q after a win whose save stalls: the end waits LAST_SAVE_WAIT for it in all,
    then keeps the progress in the cache folder and says where (it ended with status 3,
    saying the progress was not saved: the win was lost)."""
    from dartfit.cache import CACHE_ENV

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(app_module, "LAST_SAVE_WAIT", 0.05)
    store, app = _at_the_first_level(tmp_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _won_on_a_dead_disk(pilot, store)
            await pilot.press("ctrl+q")
            await settled(pilot, lambda: not app.is_running)
        assert app.return_code == 0 and app.not_saved is None
        (kept,) = (tmp_path / "cache").rglob("*.json")
        assert "did not finish within 0.05 s" in (app.kept_elsewhere or "")
        assert json.loads(kept.read_text())["levels"]  # the win
    finally:
        store.released.set()
    assert not store.gave_up


async def test_a_read_that_stalls_as_the_game_starts_ends_it_with_a_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """progress.json on a dead mount left the screen blank for ever as the game started."""
    monkeypatch.setattr(app_module, "LOAD_WAIT", 0.05)
    store = StallingRead(tmp_path)
    store.stalling = True
    app = make_app(SHIPPED, store=store)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(pilot, lambda: not app.is_running)
        assert app.return_code == 2
        assert app.not_read is not None and "did not finish within 0.05 s" in app.not_read
        assert app.not_read.startswith("dartfit: your progress could not be read")
    finally:
        store.released.set()
    assert not store.gave_up


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("name", ["progress.json", "progress.json.lock"])
async def test_a_pipe_where_progress_or_its_lock_goes_is_said_in_a_line_naming_it(
    tmp_path: Path, said: list[str], name: str
) -> None:
    """Opened to be read, a pipe waits for a writer for ever: it is never read but named,
    and the game starts (and saves). A pipe for the lock opened and locked unsaid."""
    os.mkfifo(tmp_path / name)
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)):
        app.toggle_squares()  # a save (and, away from a level, its own line: not a warning)
    said = [line for line in said if not line.startswith("Penalty squares:")]
    assert len(said) == 1 and said[0].startswith(f"{name} "), said
    assert "\n" not in said[0] and ("pipe" in said[0] or "not a file" in said[0])
    assert _saved(tmp_path)["settings"]
