"""A game left alone burns no CPU: nothing on its screens ticks while nothing changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.message_pump import MessagePump
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
        await pilot.pause()
        for _ in range(2):  # the level list, then its first level
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, LevelScreen)
        assert list(running.values()) == []
