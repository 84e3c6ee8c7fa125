"""Textual's progress bar, with no clock ticking for an ETA it never shows."""

from __future__ import annotations

from typing import Any

from textual.timer import Timer, TimerCallback
from textual.widgets import ProgressBar


class QuietProgressBar(ProgressBar):
    """A progress bar that shows no ETA (`show_eta=False`) starts no clock. Textual's
    ticks every second to count an ETA down whether or not it shows one: the level list's
    ticked in every game from the list on, under every level opened from it, for as long
    as the game ran (a class's thirty idle games woke thirty times a second for nothing)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clocks: list[Timer] = []

    def set_interval(
        self,
        interval: float,
        callback: TimerCallback | None = None,
        *,
        name: str | None = None,
        repeat: int = 0,
        pause: bool = False,
    ) -> Timer:
        """Textual's, its timers made paused while no ETA is shown (the bar's only timer is
        the ETA's clock: the bar itself draws on each update), and held until the bar is
        unmounted. Textual keeps a widget's timers only weakly, and its bar drops its own:
        a paused one, waiting on nothing that runs, was garbage, its task destroyed while
        pending ("Task was destroyed but it is pending!" before every class host's banner,
        from the warm process's first steps)."""
        pause = pause or not self.show_eta
        timer = super().set_interval(interval, callback, name=name, repeat=repeat, pause=pause)
        self._clocks.append(timer)
        return timer

    def on_unmount(self) -> None:
        """Stop the bar's timers while the loop still runs to end their tasks."""
        for timer in self._clocks:
            timer.stop()
        self._clocks.clear()
