"""A win is on disk the moment it is won, on every kind of level, and a better replay
improves the saved best value even with the same stars."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from dartfit.app import make_app
from dartfit.dialogs.win import WinScreen
from dartfit.levels import load_levels
from dartfit.progress import LevelResult
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.typing import panel_shown

LEVELS = load_levels(SHIPPED)
# That every level's win is on disk while its win panel shows is checked as the campaign
# is won (tests/ui/test_campaign.py), level by level: a game of its own for one level of
# each kind and target here had won those levels a second time.


def _saved(folder: Path) -> dict:
    return json.loads((folder / "progress.json").read_text(encoding="utf-8"))["levels"]


FIRST_LINE = next(lv for lv in LEVELS if lv.id == "first-line")


def _first_line(tmp_path: Path) -> App[None]:
    made_predictions(tmp_path)
    return make_app(SHIPPED, tmp_path, seed=3, start=FIRST_LINE.id)


async def _won_short(pilot: Pilot[None]) -> tuple[LevelResult, list[str]]:
    """Press first-line's winning keys until it is won (short of its best line): the win's
    result and the keys left."""
    keys, done = winning_keys(FIRST_LINE), 0
    while not isinstance(pilot.app.screen, WinScreen):
        await pilot.press(keys[done])
        done += 1
    assert done < len(keys), "the target should be beaten before the best line"
    await panel_shown(pilot)
    return pilot.app.screen.result, keys[done:]


async def test_a_better_replay_with_the_same_stars_improves_the_saved_value(
    tmp_path: Path,
) -> None:
    """Win as soon as the target is beaten, keep improving (k) to the best line, finish:
    the saved best MSE is the better one, whatever the stars of the two wins."""
    level, app = FIRST_LINE, _first_line(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        first, rest = await _won_short(pilot)
        assert _saved(tmp_path)[level.id]["best_mse"] == pytest.approx(first.mse)
        await pilot.press("k", *rest, "enter")
        assert isinstance(app.screen, WinScreen)
        second = app.screen.result
    assert second.mse < first.mse
    saved = _saved(tmp_path)[level.id]
    assert saved["best_mse"] == pytest.approx(second.mse)
    assert saved["stars"] == max(first.stars, second.stars)


@pytest.mark.parametrize("quit_key", ["ctrl+q", "escape"])
async def test_a_win_that_could_not_be_saved_is_saved_as_the_game_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quit_key: str
) -> None:
    """The disk was full when the level was won: the win waited for the next change, and
    quitting first lost it. Freed by then, the game's end saves it."""
    from dartfit.progress import file_store
    from dartfit.progress.store import NotSaved

    full = [True]
    real = file_store.ProgressStore._write

    def write(self: file_store.ProgressStore, make):  # type: ignore[no-untyped-def]
        if full[0]:
            raise NotSaved("could not save progress.json: No space left on device")
        return real(self, make)

    monkeypatch.setattr(file_store.ProgressStore, "_write", write)
    level = LEVELS[0]
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in winning_keys(level):
            await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, WinScreen)
        await panel_shown(pilot)
        assert not (tmp_path / "progress.json").exists()
        full[0] = False  # space freed while the player reads the win
        await pilot.press(quit_key, "ctrl+q")
    assert _saved(tmp_path)[level.id]["completed"] is True


@pytest.mark.parametrize("leave", [["escape"], ["ctrl+q"]], ids=["escape", "quit"])
async def test_a_better_line_after_keep_improving_is_saved_without_finishing(
    tmp_path: Path, leave: list[str]
) -> None:
    """Won with ★ on first-line, k, then on to the best line: left with esc or ctrl+q (not
    enter), the record kept ★ and the first MSE. Each better result is saved as it is made."""
    import numpy as np

    from dartfit.rules import scoring
    from dartfit.screens.fit import FitScreen

    level, app = FIRST_LINE, _first_line(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        first, rest = await _won_short(pilot)
        await pilot.press("k", *rest)
        await pilot.pause()
        playing = app.screen
        assert isinstance(playing, FitScreen) and playing.state is not None
        m, b, presses = playing.state.m, playing.state.b, playing.state.presses
        await pilot.press(*leave)
        await pilot.pause()
    last = float(np.mean((m * level.x + b - level.y) ** 2))
    assert last < first.mse
    saved = _saved(tmp_path)[level.id]
    assert saved["best_mse"] == pytest.approx(last, rel=1e-9)
    assert saved["stars"] == scoring.stars(level, last, presses) > first.stars


async def test_a_save_that_keeps_failing_is_said_once_not_at_every_better_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After k each better line is saved as it is made: with the disk full, each of those
    key presses said "not saved" again, a notice a key."""
    from dartfit.progress import file_store
    from dartfit.progress.store import NotSaved

    real = file_store.ProgressStore._write
    full = [False]

    def write(self: file_store.ProgressStore, make):  # type: ignore[no-untyped-def]
        if full[0]:
            raise NotSaved("could not save progress.json: No space left on device")
        return real(self, make)

    monkeypatch.setattr(file_store.ProgressStore, "_write", write)
    app = _first_line(tmp_path)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        _, rest = await _won_short(pilot)
        full[0] = True
        app.notify = lambda message, **_: said.append(str(message))  # type: ignore[method-assign]
        await pilot.press("k", *rest)
        await pilot.pause()
    assert len(said) == 1 and "save" in said[0], said


@pytest.mark.parametrize("elsewhere", [True, False], ids=["kept elsewhere", "nowhere"])
async def test_a_save_that_stalls_as_the_game_ends_does_not_hold_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, elsewhere: bool
) -> None:
    """The save retried as the game ends (an earlier one failed) into a folder on a disk
    that stopped answering held ctrl+q, and SIGTERM, for ever: only SIGKILL ended it. It
    now has LAST_SAVE_WAIT seconds; then the progress is kept in the cache folder, said
    after the game, status 0; where that can't be either, the game says why and exits with
    status 3 (before, always so: the win lost)."""
    import threading

    from dartfit import app as app_module
    from dartfit import stdio
    from dartfit.cache import CACHE_ENV
    from dartfit.progress import ProgressStore

    class Stalling(ProgressStore):  # type: ignore[misc]
        released = threading.Event()

        def save_pending(self, current):  # type: ignore[no-untyped-def]
            self.released.wait()
            return None

    if not elsewhere:
        monkeypatch.setattr(Stalling, "keep_elsewhere", lambda self, progress: None)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(app_module, "LAST_SAVE_WAIT", 0.05)
    made_predictions(tmp_path)
    store = Stalling.in_folder(tmp_path)
    app = make_app(SHIPPED, store=store, start=FIRST_LINE.id)
    try:
        async with app.run_test() as pilot:
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert not app.is_running
        if elsewhere:
            (kept,) = (tmp_path / "cache").rglob("*.json")
            assert app.return_code == 0 and app.not_saved is None
            said = app.kept_elsewhere or ""
            assert said.startswith("dartfit: saving did not finish within 0.05 s"), said
            assert f"kept in {kept} meanwhile" in said and json.loads(kept.read_text())["answers"]
        else:
            assert app.return_code == stdio.NOT_SAVED
            assert app.not_saved is not None and "did not finish within 0.05 s" in app.not_saved
    finally:
        Stalling.released.set()


async def test_a_win_a_newer_dartfits_save_keeps_from_disk_is_kept_elsewhere_and_said(
    tmp_path: Path,
) -> None:
    """A newer dartfit writes progress.json while this one plays: the win can't be saved
    without overwriting it. ctrl+q then ended with status 0 and not a word, the star lost (a
    hostile pass); then with status 3 and the line why, the star still lost. Now it is kept
    elsewhere, the game ends as a won game does, and a line after it says where."""
    from dartfit.progress import ProgressStore
    from tests.ui.typing import panel_shown, settled

    app = _first_line(tmp_path)
    async with app.run_test() as pilot:
        newer = b'{"schema": 99, "levels": {}}'
        (tmp_path / "progress.json").write_bytes(newer)
        await pilot.press(*winning_keys(FIRST_LINE))
        await panel_shown(pilot)
        await pilot.press("ctrl+q")
        await settled(pilot, lambda: not app.is_running)
    assert app.return_code == 0 and app.not_saved is None, app.not_saved
    said = app.kept_elsewhere or ""
    assert "newer dartfit" in said and "kept in" in said, said
    assert (tmp_path / "progress.json").read_bytes() == newer
    (tmp_path / "progress.json").unlink()  # the newer save gone: the next game adds it in
    assert ProgressStore.in_folder(tmp_path).load().progress.get(FIRST_LINE.id).stars >= 1


@pytest.mark.parametrize("home", ["class database", "progress.json"])
async def test_a_win_kept_nowhere_is_said_not_saved_once_as_the_game_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    """A class game whose database stayed locked, and whose cache could not keep the win
    either, ended with status 3 and "your progress was not saved: progress not saved
    (database is locked)", the game's words wrapped round the store's; each store's line
    is now said as it is, once (a full disk's too)."""
    import errno

    from dartfit import stdio
    from dartfit.progress import file_store
    from dartfit.progress.class_store import ClassStore
    from dartfit.progress.store import KeepsChanges
    from tests.ui.typing import panel_shown, settled

    monkeypatch.setattr(KeepsChanges, "keep_elsewhere", lambda self, progress: None)
    made_predictions(tmp_path)
    store = None
    if home == "class database":
        store = ClassStore(tmp_path / "class.db", "amy", timeout=0.05)
    else:

        def full(*args: object, **kwargs: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(file_store, "replace_atomically", full)
    app = make_app(SHIPPED, tmp_path, seed=3, start=FIRST_LINE.id, store=store)
    async with app.run_test() as pilot:
        if store is not None:
            holder = sqlite3.connect(tmp_path / "class.db", isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")  # a teacher's sqlite3 shell, held to the end
        await pilot.press(*winning_keys(FIRST_LINE))
        await panel_shown(pilot)
        await pilot.press("ctrl+q")
        await settled(pilot, lambda: not app.is_running)
    said = app.not_saved or ""
    assert app.return_code == stdio.NOT_SAVED and said.startswith("dartfit: "), said
    assert said.count("not saved") == 1 and home in said and said.isprintable(), said


@pytest.mark.parametrize("level_id", ["signs-cancel", "windy", "kink", "guess-mse"])
async def test_the_winning_key_and_ctrl_q_in_one_read_keep_the_win(
    level_id: str, tmp_path: Path
) -> None:
    """A player's pass: the last dart's space and ctrl+q in one read (a fast typist, or SSH
    sending both at once) lost the win. ctrl+q ran as it reached the app; the space, which
    the screen binds, went by the focused widget and came back after it, and was dropped as
    the game ended. Keys typed before ctrl+q are acted on first."""
    from tests.ui.typing import send, settled

    level = next(lv for lv in LEVELS if lv.id == level_id)
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    keys = winning_keys(level)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: type(app.screen).__name__.endswith("Screen"))
        await pilot.pause()
        await pilot.press(*keys[:-1])
        assert not any(isinstance(s, WinScreen) for s in app.screen_stack)
        send(app, keys[-1])
        send(app, "ctrl+q")
        await settled(pilot, lambda: not app.is_running)
    assert _saved(tmp_path)[level.id]["completed"] is True


async def test_a_win_a_held_lock_kept_from_disk_is_saved_once_the_lock_is_given_back(
    tmp_path: Path,
) -> None:
    """Another process held the save lock as the level was won: the win waited for the next
    change, so a game killed before one (SIGKILL, a power cut), long after the lock was
    given back, lost it (a hostile pass). It is tried again on its own, every second."""
    import fcntl
    import os

    level = LEVELS[0]
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        holder = os.open(tmp_path / "progress.json.lock", os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(holder, fcntl.LOCK_EX)
            await pilot.press(*winning_keys(level))
            await panel_shown(pilot)
            assert level.id not in _saved(tmp_path)
        finally:
            os.close(holder)  # given back while the player reads the win: no key after it
        for _ in range(50):
            await pilot.pause(0.1)
            if level.id in _saved(tmp_path):
                break
        assert _saved(tmp_path)[level.id]["completed"] is True
