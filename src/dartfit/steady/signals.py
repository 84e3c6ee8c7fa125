"""The signals that end the game: noted from before the terminal is taken, held back on
every thread but the main one, and a watchdog that ends the process if the app cannot."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

from dartfit.ending import LAST_WORDS_WAIT, SHUTDOWN_GRACE

# a terminal closed, an SSH drop, `kill` and `kill -INT`: each ends the game as ctrl+q does
# (wins are already saved) and restores the terminal; the exit status is 128 + the signal.
# So does every other signal whose own action ends a process and that comes from outside it:
# SIGXCPU is what a class host's CPU limit sends, and it left a student's terminal in the
# game's screen (its mouse reports on) where SIGQUIT did not (a hostile pass). Not the faults
# a process makes itself (SIGSEGV, SIGFPE, SIGBUS, SIGILL, SIGABRT), a debugger's SIGTRAP, a
# sandbox's SIGSYS, nor SIGXFSZ, which Python ignores (a write too big fails instead). The
# real-time signals end a process too (`kill -s RTMIN+3`): they left the terminal in the
# game's screen, its mouse reports on (a hostile pass).
ENDING_SIGNALS = tuple(
    getattr(signal, name)
    for name in (
        "SIGHUP",
        "SIGTERM",
        "SIGINT",
        "SIGQUIT",
        "SIGUSR2",  # (SIGUSR1 brings a notice: see dartfit.notice)
        "SIGALRM",
        "SIGXCPU",
        "SIGVTALRM",
        "SIGPROF",
        "SIGPWR",
        "SIGSTKFLT",
    )
    if hasattr(signal, name)
) + tuple(range(signal.SIGRTMIN, signal.SIGRTMAX + 1) if hasattr(signal, "SIGRTMIN") else ())
WATCH_STEP = 0.1  # seconds between the watchdog's looks at the clock (for 3 s, as it ends)
WATCH_SLACK = 0.05  # seconds a look may come late by, uncounted, and still count whole
SCHEDSTAT = "/proc/thread-self/schedstat"  # Linux: a thread's time run, and waited to run

noted: list[int] = []
"""Ending signals that came: while no event loop listened for them (see `SteadyApp.run`),
or while one did, noted at once where the loop's handler runs later (`keep_noting`)."""


def note(signum: int, frame: object) -> None:
    """An ending signal that came before the game listened, or after it stopped: noted (the
    game ends on it once it listens; one that comes as it ends changes nothing). While the
    loop listens, one noted as it comes (`keep_noting`)."""
    noted.append(signum)


def keep_noting(sig: int) -> None:
    """Note an ending signal the event loop listens for at once, as well as on the loop (it
    still wakes the loop: Python's own handler writes every signal to the loop's wake-up
    socket): the loop's handler runs only once what runs now is over, and a continue that
    came with it (`kill %1` of a stopped game) took the terminal back first, from the
    background, which stopped the game again for good (SIGTTOU). See `ending`."""
    if not hasattr(signal, "siginterrupt"):  # Windows: no loop listens, no job control
        return
    with contextlib.suppress(ValueError, OSError, RuntimeError):  # not the main thread
        signal.signal(sig, note)
        signal.siginterrupt(sig, False)  # as the loop's own: system calls go on


def ending() -> bool:
    """Whether an ending signal has come since the game started listening."""
    return bool(noted)


def take_ending_signals(handler: Any = note) -> None:
    """Note the ending signals from now on, or ignore them (on the main thread; elsewhere
    nothing)."""
    noted.clear()
    with contextlib.suppress(ValueError):  # not the main thread: signals are not ours
        for sig in ENDING_SIGNALS:
            signal.signal(sig, handler)


def quiet_when_full() -> None:
    """Signals coming faster than the loop reads them (a storm of kills as the game ends)
    fill its wake-up socket: Python printed "Exception ignored when trying to write to the
    signal wakeup fd" and a traceback over the terminal for each one more. The signals
    already in it end the game all the same."""
    with contextlib.suppress(ValueError):
        fd = signal.set_wakeup_fd(-1)
        if fd != -1:
            signal.set_wakeup_fd(fd, warn_on_full_buffer=False)


def hold_ending_signals_here() -> None:
    """Hold the ending signals back on this thread, if it is not the main one: the kernel
    gives a signal to any thread that does not hold it back, and while the main thread
    holds them (`on_unmount` giving the handlers back), one given to another thread took
    the default action there (a review: a storm of kills as the game ended, with Textual's
    writer, the watchdog or a worker alive, ended the process by SIGTERM's default, or
    raised KeyboardInterrupt). Held back everywhere else, they wait for the main thread."""
    if threading.current_thread() is not threading.main_thread():
        hold_all(set(ENDING_SIGNALS))


def watchdog(status: int, last_words: Callable[[], None] | None = None) -> None:
    """End the process with `status` once the app has had `SHUTDOWN_GRACE` seconds to end,
    counting only time it could run: stopped (kill -STOP, a stop as it ended) for longer
    than that, the clock ran on, and at the continue the process ended at once, before the
    terminal's last writes (the alternate screen left on).

    A look that comes late because the machine is busy counts whole: the time this thread
    waited for a core says so. Counted as a stop (two steps a look at most, as it still is
    where that time can't be read), a loaded class host stretched the grace of 3 s to 15.
    Time it waited for the interpreter's lock, not for a core, still counts as stopped:
    the grace stretches by that, never shrinks.

    Before it ends the process, `last_words` (putting the terminal back) are given at most
    LAST_WORDS_WAIT s on a thread of their own: an app stuck (a screen that never mounted)
    had left the terminal in the game's screen, its mouse reports on; and a terminal that
    has gone may block a write for ever."""
    hold_ending_signals_here()
    left, last, waited = SHUTDOWN_GRACE, time.monotonic(), _waited_to_run()
    while left > 0:
        time.sleep(min(WATCH_STEP, left))
        now, waited_now = time.monotonic(), _waited_to_run()
        late = None if waited is None or waited_now is None else waited_now - waited
        left -= _could_run(now - last, late)
        last, waited = now, waited_now
    if last_words is not None:
        said = threading.Event()
        threading.Thread(target=_say, args=(last_words, said), daemon=True).start()
        said.wait(LAST_WORDS_WAIT)
    os._exit(status)


def _say(last_words: Callable[[], None], said: threading.Event) -> None:
    """Run `last_words`, whatever they raise, then say so."""
    try:
        last_words()
    except BaseException:  # the process ends next: nothing is left to tell
        pass
    finally:
        said.set()


def _could_run(elapsed: float, waited: float | None) -> float:
    """Of `elapsed` seconds over one look's sleep, those the process could run: the step,
    and the time it waited for a core after it (`waited`; None where the system does not
    say: then at most one more step). The rest it was stopped."""
    if waited is None:
        return min(elapsed, 2 * WATCH_STEP)
    return min(elapsed, WATCH_STEP + max(waited, 0.0) + WATCH_SLACK)


def _waited_to_run() -> float | None:
    """Seconds this thread has waited, runnable, for a core (Linux's schedstat); None where
    it can't be read, or says nothing (a kernel without the counts writes "0 0 0"). Never
    raises: the watchdog must outlive anything odd here."""
    try:
        with open(SCHEDSTAT, encoding="ascii") as stat:
            ran, waited = (int(field) for field in stat.read().split()[:2])
    except Exception:
        return None
    return waited / 1e9 if ran > 0 else None


def hold(signum: int) -> set[int] | None:
    """Hold `signum` back on this thread; the mask before (None where there are no masks).
    Python runs the handlers of signals already taken as it changes the mask."""
    return hold_all({signum})


def hold_all(signums: set[int]) -> set[int] | None:
    """Hold `signums` back on this thread; the mask before (None where there are no masks)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, signums))


def pending(signum: int) -> bool:
    """Whether `signum` waits, held back, to be taken."""
    return hasattr(signal, "sigpending") and signum in signal.sigpending()


def let_through(mask: set[int] | None) -> None:
    """Put back the mask `hold` found."""
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
