"""The line screen's O(n) numbers on big data, worked out in threads: the current line's
exact MAE once the line rests, and the best MAE line of the data played on. An answer about
a line or data the screen has since moved on from is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from dartfit import core
from dartfit.core.lad import Stopped
from dartfit.levels import Level
from dartfit.rules import fit
from dartfit.rules.fit import FitState
from dartfit.steady.signals import hold_ending_signals_here

MaeLine = tuple[Level, tuple[float, float] | None]
"""A search's answer: the data it is about, and its best MAE line (None: stopped)."""


def exact_mae(home: Level, state: FitState) -> tuple[FitState, float | None]:
    """A line's exact MAE (O(n)) on the data it was played on, in a worker's thread (None:
    cancelled)."""
    hold_ending_signals_here()  # a thread: the ending signals are the main thread's
    worker = get_current_worker()
    level = fit.data_of(home, state)  # the data of that line, whatever is shown now
    return state, fit.exact_mae(level, state, stop=lambda: worker.is_cancelled)


def mae_line(level: Level) -> MaeLine:
    """The best MAE line of the data, in a worker's thread (None: cancelled)."""
    hold_ending_signals_here()
    worker = get_current_worker()
    try:
        return level, core.best_line_mae(level.x, level.y, stop=lambda: worker.is_cancelled)
    except Stopped:
        return level, None


class MaeWorkers:
    """A line screen's threads for the MAE of big data, and what they have found."""

    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen  # the threads are its workers, and their answers its messages
        self._timer: Timer | None = None
        self._mae: tuple[FitState, float] | None = None  # the exact MAE of a line, once known
        self.line: tuple[float, float] | None = None  # the best MAE line, once known
        self._lad: tuple[Level, Worker[MaeLine]] | None = None  # the search, and its data

    def score(self, level: Level, state: FitState) -> fit.FitScore:
        """The line's score, with its exact MAE when a worker has found it."""
        s = fit.score(level, state)
        if s.mae is None and self._mae is not None and self._mae[0] is state:
            s = replace(s, mae=self._mae[1])
        return s

    def line_moved(self) -> None:
        """The line moved: the exact MAE being worked out is of no use now."""
        self._screen.workers.cancel_group(self._screen, "mae")

    def later(self, rest: float, start: Callable[[], None]) -> None:
        """On big data the exact MAE (O(n)) waits until the line has stopped moving: `start`
        once it has rested `rest` seconds."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._screen.set_timer(rest, start)

    def start_exact_mae(self, home: Level, state: FitState) -> None:
        """Work out the line's exact MAE (O(n)) in a thread."""
        work = partial(exact_mae, home, state)
        self._screen.run_worker(work, group="mae", exclusive=True, thread=True)

    def find_line(self, level: Level) -> None:
        """Start the search for the best MAE line of the data, if it is not being searched
        for already (a search about data since moved is cancelled)."""
        lad = self._lad
        if lad is None or lad[0] is not level or lad[1].is_finished:
            find = partial(mae_line, level)
            worker = self._screen.run_worker(find, group="lad", exclusive=True, thread=True)
            self._lad = (level, worker)

    def answer(self, event: Worker.StateChanged, state: FitState, level: Level) -> bool:
        """Keep a thread's answer if it is still about the line on screen (`state`) or the
        data played on (`level`); whether the screen has something new to show."""
        if event.state != WorkerState.SUCCESS:
            return False
        if event.worker.group == "mae":
            answer = event.worker.result
            if answer is None:
                return False
            about, value = answer
            if value is None or about is not state:
                return False
            self._mae = (about, value)
        elif event.worker.group == "lad":
            found = event.worker.result
            if found is None or found[0] is not level:  # about data since moved on
                return False
            self.line = found[1]
        return True
