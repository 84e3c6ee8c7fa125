"""A game left alone burns no CPU: nothing on its screens ticks while nothing changes."""

from __future__ import annotations

import asyncio
import gc
import logging
from pathlib import Path

import pytest
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.timer import Timer

from dartfit.app import make_app
from dartfit.screens.level_base import LevelScreen
from tests.conftest import SHIPPED


async def test_the_level_list_and_a_level_opened_from_it_leave_no_interval_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's progress bar ticked every second for an ETA the level list never shows:
    in every game from the list on, under every level opened from it, as long as it ran."""
    running: dict[Timer, str] = {}
    set_interval, stop, pause = MessagePump.set_interval, Timer.stop, Timer.pause

    def started(self: MessagePump, interval: float, *args: object, **kwargs: object) -> Timer:
        timer = set_interval(self, interval, *args, **kwargs)  # type: ignore[arg-type]
        if not kwargs.get("pause", False):
            running[timer] = f"{type(self).__name__} every {interval:g} s"
        return timer

    def stopped(self: Timer) -> None:
        running.pop(self, None)
        stop(self)

    def paused(self: Timer) -> None:
        running.pop(self, None)
        pause(self)

    monkeypatch.setattr(MessagePump, "set_interval", started)
    monkeypatch.setattr(Timer, "stop", stopped)
    monkeypatch.setattr(Timer, "pause", paused)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_the_first_level(pilot)
        assert list(running.values()) == []


async def _to_the_first_level(pilot: Pilot[None]) -> None:
    """From the title to the level list, then its first level (a student's first steps)."""
    await pilot.pause()
    for _ in range(2):
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(pilot.app.screen, LevelScreen)


async def test_a_game_run_headless_and_closed_leaves_no_task_destroyed_pending(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The class host's warm process takes a student's first steps headless (the title,
    the level list, its first level) and closes the app: the level list's progress bar's
    paused clock, held by nothing (Textual holds a widget's timers weakly), was collected
    as garbage with its task pending ("Task was destroyed but it is pending!" before every
    `dartfit host` and `dartfit serve` banner). A game collects garbage at any time."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        async with app.run_test(size=(80, 24)) as pilot:
            await _to_the_first_level(pilot)
            gc.collect()
        gc.collect()
        left = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    assert [task.get_name() for task in left] == []
    assert "Task was destroyed" not in caplog.text
