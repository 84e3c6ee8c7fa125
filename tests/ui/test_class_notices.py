"""A game in a class: the teacher's message pops up, a pause covers the game until the
class plays on (a student who joins during it waits too), and the levels the teacher opens
are the ones open."""

from __future__ import annotations

import asyncio
import html
import sqlite3
import threading
from pathlib import Path

import pytest

from dartfit import app as app_module
from dartfit import campaign
from dartfit.app import make_app
from dartfit.dialogs.paused import PausedScreen
from dartfit.levels import load_levels
from dartfit.notice import SCREENSHOT, Notice, write_notice
from dartfit.progress import Progress
from dartfit.progress.class_store import ClassStore, connect, set_class_setting
from dartfit.screens.level_select import LevelSelectScreen
from tests.conftest import SHIPPED
from tests.ui.typing import settled

LEVELS = load_levels(SHIPPED)


def _store(tmp_path: Path) -> ClassStore:
    return ClassStore(tmp_path / "class.db", "amy")


def _teacher(tmp_path: Path, key: str, value: object) -> None:
    db = connect(tmp_path / "class.db")
    set_class_setting(db, key, value)
    db.close()


def test_the_teacher_opens_exactly_the_levels_of_the_window() -> None:
    paced = Progress().with_setting(campaign.CLASS, {"levels": [3, 5]})
    assert campaign.unlocked(LEVELS, paced) == {lv.id for lv in LEVELS[2:5]}
    assert campaign.why_locked(LEVELS, paced, LEVELS[0].id) == "your teacher opens it later"
    assert campaign.unlocked(LEVELS, Progress()) == {LEVELS[0].id}


def test_the_class_settings_are_laid_over_progress_and_never_saved_in_it(tmp_path: Path) -> None:
    _teacher(tmp_path, "levels", [2, 4])
    store = _store(tmp_path)
    assert campaign.class_window(store.load().progress) == (2, 4)
    store.update(store.load().progress, lambda p: p.with_setting("theme", "dark"))
    document = sqlite3.connect(tmp_path / "class.db").execute("SELECT document FROM progress")
    assert b'"class"' not in document.fetchone()[0]
    _teacher(tmp_path, "levels", None)
    assert campaign.class_window(store.load().progress) is None


async def test_a_pause_covers_the_game_and_playing_on_uncovers_it(tmp_path: Path) -> None:
    store = _store(tmp_path)
    app = make_app(SHIPPED, tmp_path, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        write_notice(app._notices(), Notice(pause=True))
        app.show_notice()
        await settled(pilot, lambda: isinstance(app.screen, PausedScreen))
        await pilot.press("escape", "enter", "q", "ctrl+p", "question_mark")  # nothing opens
        assert isinstance(app.screen, PausedScreen) and len(app.screen_stack) == 4
        write_notice(app._notices(), Notice("From your teacher", "Play on", pause=False))
        app.show_notice()
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))


async def test_a_student_joining_a_paused_class_waits_too(tmp_path: Path) -> None:
    _teacher(tmp_path, "paused", True)
    app = make_app(SHIPPED, tmp_path, store=_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PausedScreen)


async def test_the_game_shows_through_the_pause_from_the_start(tmp_path: Path) -> None:
    # the pause lets the game show, dimmed, under its box (ModalScreen's see-through
    # background): it had hidden the game, and one who joined during it saw the box alone
    _teacher(tmp_path, "paused", True)
    app = make_app(SHIPPED, tmp_path, store=_store(tmp_path), start="first-line")
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PausedScreen))
        assert app.screen.styles.background.a < 1
        shown = html.unescape(app.export_screenshot()).replace("\xa0", " ")
        assert "Your first line" in shown  # the level's title, above the box


async def test_the_level_list_follows_the_teachers_pace(tmp_path: Path) -> None:
    store = _store(tmp_path)
    app = make_app(SHIPPED, tmp_path, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert campaign.unlocked(app.levels, app.progress) == {LEVELS[0].id}
        _teacher(tmp_path, "levels", [4, 6])
        write_notice(app._notices(), Notice("From your teacher", "Levels 4 to 6", reload=True))
        app.show_notice()

        def opened() -> bool:
            screen = app.screen
            assert isinstance(screen, LevelSelectScreen)
            return campaign.unlocked(app.levels, screen.progress) == {lv.id for lv in LEVELS[3:6]}

        await settled(pilot, opened)


def test_a_class_setting_no_progress_can_hold_is_ignored_not_fatal(tmp_path: Path) -> None:
    _teacher(tmp_path, "levels", [1, 2**60])
    store = _store(tmp_path)
    assert campaign.class_window(store.load().progress) is None
    assert store.update(Progress(), lambda p: p.with_setting("theme", "dark")).saved


async def test_notices_on_a_disk_that_stopped_answering_never_hold_the_game(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The notices are read, and the teacher's picture written, off the game's thread: a
    folder on a dead network mount held the game for ever. Once the disk answers, the
    notice comes, and the picture is written after it."""
    answers = threading.Event()
    real_take = app_module.take_notices

    def take(folder: Path) -> list[Notice]:
        answers.wait(30)
        return real_take(folder)

    monkeypatch.setattr(app_module, "take_notices", take)
    app = make_app(SHIPPED, tmp_path, store=_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        write_notice(app._notices(), Notice("From your teacher", "Eyes up", screenshot=True))
        app.show_notice()
        await pilot.press("enter")  # the game plays on while the disk is silent
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        assert not app._notifications
        answers.set()
        await settled(pilot, lambda: any("Eyes up" in n.message for n in app._notifications))
        await settled(pilot, (app._notices() / SCREENSHOT).is_file)
        assert "Levels" in (app._notices() / SCREENSHOT).read_text(encoding="utf-8")


async def test_words_from_a_thread_after_the_game_has_closed_are_dropped_quietly(
    tmp_path: Path,
) -> None:
    """A thread of the game's own (notices read, a screenshot written, a level checked) that
    answers after the game's loop has closed: posting raised in the future's callback, and
    concurrent.futures printed its traceback over the shell."""
    from textual.message import Message

    from dartfit.messages import post_from_thread

    app = make_app(SHIPPED, tmp_path, store=_store(tmp_path))
    async with app.run_test(size=(80, 24)):
        pass
    closed = asyncio.new_event_loop()
    closed.close()
    app._closing = app._closed = False  # the moment between the loop's end and the app's
    app._loop = closed
    raised: list[BaseException] = []

    def post() -> None:
        try:
            post_from_thread(app, Message())
        except BaseException as error:  # "Event loop is closed"
            raised.append(error)

    thread = threading.Thread(target=post)
    thread.start()
    thread.join()
    assert raised == []


def test_another_error_posting_from_a_thread_is_not_hidden() -> None:
    """Only the closed loop is quiet: a post that fails for another reason (a message
    missing its attributes, say) still raises."""
    from textual.message import Message

    from dartfit.messages import post_from_thread

    class Failing:
        def post_message(self, message: Message) -> bool:
            raise RuntimeError("Message is missing attributes")

    with pytest.raises(RuntimeError, match="missing attributes"):
        post_from_thread(Failing(), Message())  # type: ignore[arg-type]


@pytest.mark.parametrize("third_won", [False, True], ids=["opens-it", "says-why-not"])
async def test_continue_opens_the_first_level_the_teacher_opened_never_a_locked_one(
    tmp_path: Path, third_won: bool
) -> None:
    """With levels 3 to 6 opened to the class, `c` opened level 1, shown locked beside it;
    once the open levels are won, `c` says why the next is locked."""
    from dartfit.progress import LevelResult
    from dartfit.screens.level_base import LevelScreen

    _teacher(tmp_path, "levels", [3, 3])
    store = _store(tmp_path)
    if third_won:
        won = LevelResult(completed=True, stars=1)
        store.update(Progress(), lambda p: campaign.record(p, LEVELS[2], won))
    app = make_app(SHIPPED, tmp_path, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        await pilot.press("c")
        if not third_won:
            await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
            assert app.screen.level.id == LEVELS[2].id  # type: ignore[attr-defined]
            return
        locked = "locked: your teacher opens it later"
        await settled(pilot, lambda: any(locked in str(n.message) for n in app._notifications))
        assert isinstance(app.screen, LevelSelectScreen)
