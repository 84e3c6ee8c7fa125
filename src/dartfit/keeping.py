"""The player's progress kept without ever holding the game. Every call on the store (a
save, a read, a note for a class's board) runs in turn on a thread of its own, and the game
waits for its answer about a second at most: a disk that answers keeps a win before its
panel is drawn, as ever, where one that stopped answering (a dead network mount, whose
writes, reads, fsyncs and locks never return) froze the game for ever at the first win or
setting. Past the wait the change stays on screen, the game says once that saving is slow
and plays on, and takes what the store made of it when it answers. A mixin of `DartfitApp`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent import futures
from functools import partial
from typing import TypeAlias

from textual.app import App
from textual.timer import Timer

from dartfit.messages import StoreAnswered, post_from_thread
from dartfit.progress import Change, LoadResult, Progress, SaveResult, Store
from dartfit.progress.store import applied
from dartfit.steady.in_turn import InTurn

SAVE_WAIT = 1.0
"""Seconds the game waits for the store to answer a call before it plays on without the
answer: a save takes milliseconds; one that stalls is said once and not waited for again."""
SLOW_AFTER = 3.0
"""Seconds a late call is given, from when it was made, before the game says saving is slow:
past a class database's busy wait (2 s: a teacher's sqlite3 shell holding it a moment),
which ends in a save. The game plays on meanwhile; said at the wait, it was said, then
"saved after all", for every such moment."""
SLOW = (
    "Saving is taking long (a disk that stopped answering, or a class's database kept "
    "busy). The game plays on and saves once it answers."
)
SAVED_AFTER_ALL = "Saved after all: the disk answered."
RETRY_EVERY = 1.0
"""Seconds between tries, in play, of a change the store could not keep for a moment (another
dartfit's save held the lock): without a next change it was kept only as the game ended."""

Answer: TypeAlias = SaveResult | LoadResult | None
"""What the store answers a call: a save's result, a read's, or nothing (a note)."""


class KeepsProgress(App[None]):
    """The game's calls on its store, made in turn on the store's thread and waited for
    `SAVE_WAIT` seconds at most. For `DartfitApp`, whose `store` and `progress` these are."""

    store: Store
    progress: Progress
    _ending: bool  # the game is ending (`SteadyApp`)

    def __init__(self) -> None:
        super().__init__()
        self._in_turn = InTurn("dartfit-store")
        # calls not yet taken back, oldest first, each with the change it made on screen
        self._asked: deque[tuple[futures.Future[Answer], Change | None]] = deque()
        # a call is late (none is waited for until all answer): its saying, to come (a
        # timer), or said; False while none is late
        self._slow: Timer | bool = False
        self._saved_last = True  # the last save answered kept what it was given
        self._warned: str | None = None  # the last warning a save gave (said once)
        self._loaded = False  # the saved progress is read (in on_mount)
        self._retry: Timer | None = None  # the next try of a change not kept (`_retry_soon`)

    def _first_load(self, seconds: float) -> LoadResult | None:
        """The saved progress, as the game starts; None if the store has not answered
        within `seconds`."""
        return self._in_turn.answer(self.store.load, seconds, None)

    def _change(self, change: Change) -> None:
        """Show a change to progress at once and save it: the store applies it to the
        newest kept progress (another window's too), and the progress it keeps, saved or
        not, is the one on screen from then on."""
        base = self.progress
        self.progress = change(base)
        self._call_store(partial(self.store.update, base, change), change)

    def _call_store(
        self, call: Callable[[], Answer], change: Change | None = None, wait: bool = True
    ) -> None:
        """Call the store after the calls made before; take its answer if it comes within
        `SAVE_WAIT` seconds (no wait while an earlier one is late), else say once that
        saving is slow and play on: the answer is taken when it comes. Not `wait`: taken
        when it comes, whenever that is (a try again, which nothing on screen waits for)."""
        future = self._in_turn.submit(call)
        self._asked.append((future, change))
        future.add_done_callback(self._answered)
        if not wait:
            return
        if self._slow is False:
            futures.wait([future], SAVE_WAIT)
        self._take_answers()
        if not future.done() and self._slow is False:
            self._slow = self.set_timer(max(0.0, SLOW_AFTER - SAVE_WAIT), self._say_slow)

    def _say_slow(self) -> None:
        """A call is still late `SLOW_AFTER` seconds on (the timer is stopped when all
        have answered before)."""
        self._slow = True
        self.notify(SLOW, title="Progress", severity="warning", timeout=10, markup=False)

    def _answered(self, _: futures.Future[Answer]) -> None:
        """On the store's thread: tell the game an answer has come."""
        post_from_thread(self, StoreAnswered())

    def on_store_answered(self) -> None:
        if not self._ending:  # the last saves are the ending's (see `_last_saves`)
            self._take_answers()

    def _take_answers(self) -> None:
        """Take the answers that have come, in the order asked: the progress the last one
        keeps goes on screen, with the changes still waiting applied to it; a warning is
        said once while it lasts; what a call raised is raised here."""
        last: SaveResult | LoadResult | None = None
        while self._asked and self._asked[0][0].done():
            answer = self._asked.popleft()[0].result()
            if answer is not None:
                last = answer
                self._saved_last = not isinstance(answer, SaveResult) or answer.saved
                self._warn(answer.warning)
        if last is not None:
            self.progress = applied((c for _, c in self._asked if c is not None), last.progress)
        if isinstance(last, SaveResult) and not last.saved:
            self._retry_soon()
        if self._slow is not False and not self._asked:
            if isinstance(self._slow, Timer):  # not said yet: nor is this, then
                self._slow.stop()
            elif self._saved_last and not self._warned:
                self.notify(SAVED_AFTER_ALL, title="Progress", markup=False)
            self._slow = False

    def _retry_soon(self) -> None:
        """Try again, `RETRY_EVERY` seconds on, to keep what the store could not keep."""
        if self._retry is None and not self._ending:
            self._retry = self.set_timer(RETRY_EVERY, self._try_again)

    def _try_again(self) -> None:
        """The timer's try: what is not kept, given to the store after the calls before."""
        self._retry = None
        if not self._ending:  # the ending's own last try is coming (`_last_saves`)
            self._call_store(partial(self.store.retry, self.progress), wait=False)

    def _warn(self, warning: str | None) -> None:
        # said once while it lasts: after k, every better line saved is a change, and a
        # full disk said "not saved" at each key press
        if warning and warning != self._warned:
            self.notify(warning, title="Progress", severity="warning", markup=False)
        self._warned = warning

    def _last_saves(self, seconds: float, late: SaveResult) -> SaveResult | None:
        """As the game ends: once every call made has answered, the store's last try to
        keep what it could not (None: nothing waits); `late` if that has not answered
        within `seconds`; what it raised, raised here."""
        if not self._loaded:  # nothing read, nothing changed (the read may be what stalled)
            return None
        stalled: SaveResult | None = late
        return self._in_turn.answer(
            partial(self.store.save_pending, self.progress), seconds, stalled
        )
