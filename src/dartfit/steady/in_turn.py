"""`InTurn`: calls that may block for ever (a save into a folder on a disk that stopped
answering) run one at a time, in the order given, on a thread of their own, and the caller
decides how long to wait for each one's answer."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, wait
from typing import Any, TypeVar

from dartfit.steady.signals import hold_ending_signals_here

T = TypeVar("T")


class InTurn:
    """Runs calls one at a time in the order they are given, each on the one thread of its
    own that runs while calls wait (it holds the ending signals back, and ends once none
    is left): a later call never starts before an earlier one has returned. A daemon, not
    `concurrent.futures`' pool: Python joins the pool's threads as it exits, so a call
    stuck on a dead disk would hold the process's end for ever."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._lock = threading.Lock()
        self._waiting: deque[tuple[Future[Any], Callable[[], Any]]] = deque()
        self._running = False  # a thread runs the calls waiting (checked under the lock)

    def submit(self, call: Callable[[], T]) -> Future[T]:
        """Run `call` after every call given before it; its answer, or what it raised, in
        the future returned."""
        future: Future[T] = Future()
        with self._lock:
            self._waiting.append((future, call))
            if self._running:
                return future
            self._running = True
        try:
            threading.Thread(target=self._run, name=self._name, daemon=True).start()
        except BaseException:  # no thread to be had now: the next call tries again
            with self._lock:
                self._running = False
            raise
        return future

    def answer(self, call: Callable[[], T], seconds: float, late: T) -> T:
        """`call()`'s answer, run in turn after the calls given before it, if it comes
        within `seconds`; `late` if not (the call is left to finish, or not); what it
        raised, raised here."""
        future = self.submit(call)
        wait([future], seconds)
        return future.result() if future.done() else late

    def _run(self) -> None:
        hold_ending_signals_here()
        while True:
            with self._lock:
                if not self._waiting:
                    self._running = False
                    return
                future, call = self._waiting.popleft()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                answer = call()
            except BaseException as error:  # raised where the answer is taken, not lost here
                future.set_exception(error)
            else:
                future.set_result(answer)


def within(seconds: float, call: Callable[[], T], late: T) -> T:
    """`call()`, given `seconds` to return (on a thread of its own, which holds the ending
    signals back); `late` if it has not by then; what it raises, raised here. The call is
    left to finish, or not: a look at a folder on a disk that stopped answering (a dead
    network mount) held dartfit's start for ever."""
    return InTurn("dartfit-within").answer(call, seconds, late)
