"""Textual's terminal driver made to keep going: its output survives a terminal that has
gone, its input thread reads on past what it cannot read, and stops and continues never
leave the game stopped or frozen."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

try:
    import termios
except ImportError:  # Windows: no terminal to hang up
    termios = None  # type: ignore[assignment]

from textual._xterm_parser import XTermParser
from textual.driver import Driver

from dartfit import stdio
from dartfit.steady.keys import UNREADABLE_INPUT, SteadyParser, lenient
from dartfit.steady.reads import read_without_waiting, reading
from dartfit.steady.signals import (
    ENDING_SIGNALS,
    ending,
    hold,
    hold_all,
    let_through,
    pending,
)


def terminal_gone(fd: int) -> bool:
    """Whether the terminal on `fd` has been hung up (closed by its other side)."""
    if termios is None:
        return False
    try:
        termios.tcgetattr(fd)
    except termios.error as error:
        return bool(error.args[0] == errno.EIO)
    except OSError as error:
        return error.errno == errno.EIO
    return False


class _Unbroken:
    """The terminal's output stream, where a write or a flush to a terminal that has gone is
    dropped: Textual's writer thread died on the first one, its queue of 30 writes filled,
    and the app hung for good as it closed (the teacher's board, its terminal closed)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            written: int = self._stream.write(text)
        except (OSError, ValueError):  # ValueError: the stream is closed
            return len(text)
        return written

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def keeps_writing(driver: type[Driver]) -> type[Driver]:
    """The terminal driver whose output survives the terminal going (see `_Unbroken`), and
    its output thread stopping: what is written while none runs is dropped (the terminal
    is drawn whole when it is taken again). A game continued in the background, where it
    took the terminal again and was stopped (SIGTTOU) before it had a new output thread,
    put the terminal back through the one it had stopped each time: its queue of 30 writes
    filled, and the game hung for good, deaf to `fg`, ctrl+q and every signal but SIGKILL."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        driver.__init__(self, *args, **kwargs)
        stream = getattr(self, "_file", None)
        if stream is not None:
            self._file = _Unbroken(stream)

    def write(self: Any, data: str) -> None:
        if not _stopped_writing(self):
            driver.write(self, data)

    def close(self: Any) -> None:
        if not _stopped_writing(self):  # stopped once: each stop queued one more end
            driver.close(self)

    return type(
        f"KeepsWriting{driver.__name__}",
        (driver,),
        {"__init__": __init__, "write": write, "close": close},
    )


def _stopped_writing(driver: Any) -> bool:
    """Whether the driver's output thread (Textual's) has been stopped."""
    writer = getattr(driver, "_writer_thread", None)
    return isinstance(writer, threading.Thread) and not writer.is_alive()


def keeps_reading(driver: type[Driver]) -> type[Driver]:
    """The terminal driver whose input thread drops what it cannot read and reads on (the
    thread died on it, and the game with it); drivers without that thread as they are.

    Bytes that are no UTF-8 (a Latin-1 terminal, an 8-bit meta key, an old mouse report)
    are read as U+FFFD, so the keys read with them are kept; a key code the parser cannot
    take (ESC [ 1114112 u) is dropped alone (`SteadyParser`). Textual's input loops take
    their decoder and parser from their modules, and are given these; and their `os`, whose
    reads of the terminal never wait for keys (see `reading`)."""
    if not hasattr(driver, "run_input_thread"):
        return driver
    module = sys.modules.get(driver.run_input_thread.__module__)
    if module is not None and getattr(module, "getincrementaldecoder", None) is not None:
        module.getincrementaldecoder = lenient  # type: ignore[attr-defined]
    if module is not None and getattr(module, "XTermParser", None) is XTermParser:
        module.XTermParser = SteadyParser  # type: ignore[attr-defined]
    read_without_waiting(module)

    def run_input_thread(self: Any) -> None:
        with reading(getattr(self, "fileno", None)):
            while True:  # a backstop: a parser of another Textual that raises all the same
                try:
                    driver.run_input_thread(self)
                except UNREADABLE_INPUT:
                    continue  # the chunk is dropped, and a parser made afresh reads on
                return

    return type(f"KeepsReading{driver.__name__}", (driver,), {"run_input_thread": run_input_thread})


def says_when_put_back(driver: type[Driver]) -> type[Driver]:
    """The terminal driver that says whether the terminal is put back now (`put_back`: out
    of the game's screen, its modes as they were), as its application mode stops (the app
    ended, or a stop: ctrl+z), and not once it starts again: the watchdog of a game that
    lingered after its ending put the terminal back a second time, and leaving the game's
    screen again moves the cursor to where the game began, under the shell's lines since."""
    if not hasattr(driver, "stop_application_mode"):
        return driver

    def start_application_mode(self: Any) -> None:
        self.put_back = False
        driver.start_application_mode(self)

    def stop_application_mode(self: Any) -> None:
        driver.stop_application_mode(self)
        self.put_back = True

    return type(
        f"SaysWhenPutBack{driver.__name__}",
        (driver,),
        {
            "start_application_mode": start_application_mode,
            "stop_application_mode": stop_application_mode,
        },
    )


EARLY_CONTINUE = 0.25
"""Seconds within which a continue taken before a stop's handler undoes that stop (when no
event loop runs to say that the round of signal handlers is over)."""


def _modes(driver: Any) -> list[Any] | None:
    """The modes of the driver's terminal now; None when it has none (gone, or no terminal)."""
    fd = getattr(driver, "fileno", None)
    if termios is None or fd is None:
        return None
    try:
        return termios.tcgetattr(fd)
    except (termios.error, OSError, ValueError):
        return None


def _modes_lost(driver: Any) -> bool:
    """Whether the terminal's modes are no longer those the game set (a shell's, after a
    stop from outside). Not only line mode: bash's line editor leaves it off, with flow
    control on, and a game continued under its modes took them for its own, its ctrl+q
    taken by the terminal (XON).

    Where the driver says which flags it clears (Textual's `_patch_lflag`, `_patch_iflag`),
    lost means one of them is set again: the modes read back once set were no proof, as a
    stop from outside that came between Textual setting them and their reading back (the
    shell's modes set meanwhile) made the shell's the game's own, and the game played on
    in line mode. Elsewhere, modes other than those read back once set."""
    now = _modes(driver)
    if now is None:
        return False
    patch_lflag = getattr(driver, "_patch_lflag", None)
    patch_iflag = getattr(driver, "_patch_iflag", None)
    if patch_lflag is not None and patch_iflag is not None:
        iflag, lflag = now[0], now[3]
        return bool(patch_lflag(lflag) != lflag or patch_iflag(iflag) != iflag)
    own = driver._dartfit_modes
    return own is not None and now != own


def _restart(driver: Any) -> None:
    """Put the terminal in the game's modes again (after a stop from outside), unless the
    game has given the terminal back as it ends, or is to end (see `ending`). From the
    background, the game waits stopped for the shell's `fg` instead. The modes are looked
    at again once this is over if a continue came meanwhile: the continue that ends a wait,
    or one after a stop (SIGTTOU) as the terminal is taken, finds this under way, and
    Textual gives up taking it after such a stop."""
    if ending() or not (driver._dartfit_in_app_mode and _modes_lost(driver)):
        return
    continues = driver._dartfit_continues
    driver._dartfit_in_stop = True  # a stop, or a continue, meanwhile is part of this
    try:
        if not _waited_for_the_foreground(driver, continues):
            driver.suspend_application_mode()
            driver.resume_application_mode()
    finally:
        driver._dartfit_in_stop = False
    if driver._dartfit_continues != continues:  # only then: a terminal that keeps its
        _after_this(driver, _restart)  # modes whatever it is asked is asked once a continue


def _in_the_background(driver: Any) -> bool:
    """Whether the driver's terminal has another process group in its foreground."""
    fd = getattr(driver, "fileno", None)
    return fd is not None and not stdio.in_foreground(fd)


def _waited_for_the_foreground(driver: Any, continues: int) -> bool:
    """Whether the game is in the background, where the shell has the terminal: if so, it
    stops until continued (the shell's `fg`), as a program that draws on the terminal does
    there, unless a continue has come since `continues` were counted (then the terminal is
    looked at again). A game continued there (`bg`, or a script's `kill -CONT`) put the
    terminal back and took it again, which dropped the keys typed at the shell (Textual's
    tcflush), and was stopped (SIGTTOU) half-way, each time.

    Where it is, and whether a continue came, are asked with continues held back, last
    before the stop: the shell's `fg` gives the game the terminal, then continues it, and
    one that came between a look that found the game in the background and the stop (its
    handler run, nothing pending) was taken for none: the game stopped itself in the
    foreground, and the shell said "Stopped" again."""
    me = os.getpid()  # before: a pending handler runs after a call, as getpid is one
    held = hold(signal.SIGCONT)  # one that comes from here on wakes the stop, or stops it
    try:
        if not _in_the_background(driver):
            return False
        if not ending() and not pending(signal.SIGCONT) and driver._dartfit_continues == continues:
            os.kill(me, signal.SIGSTOP)
        return True
    finally:
        let_through(held)


def _from_the_background(driver: Any) -> bool:
    """Whether the game gives its terminal back from the background, where the shell has it
    (a game stopped by kill -STOP, then told to end with `kill %1`); if so, job control no
    longer stops the game for touching the terminal (SIGTTOU ignored from now on): setting
    its modes, or dropping keys typed ahead (Textual's), stopped the game again for good,
    its ending never run. Its screen is still given back, written even under `stty tostop`."""
    if not _in_the_background(driver):
        return False
    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    return True


def _after_this(driver: Any, then: Callable[[Any], None]) -> None:
    """Run `then(driver)` on the event loop once the signal handler running now is over; at
    once where no loop runs here (as Textual would)."""
    try:
        asyncio.get_running_loop().call_soon_threadsafe(then, driver)
    except RuntimeError:
        then(driver)


def _forget_early(driver: Any) -> None:
    driver._dartfit_early = None


def wakes_after_stop(driver: type[Driver]) -> type[Driver]:
    """The terminal driver that is never left stopped, nor frozen, by stops and continues.

    Python runs a signal's handler on the main thread some time after the signal came, the
    handlers of signals that came together in the order of their numbers (SIGCONT's, 18,
    before SIGTSTP's, 20), one signal's handler inside another's, and two of one signal as
    one. Textual's stop handler made the stop whatever came meanwhile, and the game stayed
    stopped for good:
    - `kill -TSTP; kill -CONT` at once (a job control script, a multiplexer, a class host
      waking its games): the continue's handler ran first, the stop was made after it;
    - a continue that came while the terminal was put back: its handler ran inside the
      stop's, which went on to stop;
    - pairs sent one after another: the next pair's stop ran inside the first's handler.
    And it put the terminal back inside the handler: a stop that came while the main thread
    queued a frame for the terminal waited for ever on the lock that thread held.
    Here the stop's handler only asks: the event loop makes the stop (`_stop`), unless a
    continue came first (in the same round of handlers) or since; a stop that comes while
    one is asked or under way is part of it. When the order cannot be known, the game runs:
    a stop not made can be sent again, a stop made for ever costs the game.
    Drivers without these handlers (Windows, the web, the tests' headless) are as they are."""
    stop = getattr(driver, "_sigtstp_application", None)
    resume = getattr(driver, "_sigcont_application", None)
    if stop is None or resume is None or not hasattr(driver, "suspend_application_mode"):
        return driver

    def _sigcont_application(self: Any, *args: Any) -> None:
        # Counted: a stop asked before it is not made. Taken as early by a stop still to
        # come in this round of handlers (not made); the round over, it undoes nothing.
        self._dartfit_continues += 1
        self._dartfit_early = time.monotonic()
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_soon_threadsafe(_forget_early, self)
        if self._dartfit_in_stop or self._dartfit_asked is not None:
            return  # the stop reads it (and looks at the terminal's modes once over)
        if not getattr(self, "_auto_restart", False):
            return
        # A stop from outside (kill -STOP, then the shell's fg) gave the terminal to the
        # shell, which set its own modes: the game's are put back, as after a stop of ours
        # (starting application mode twice, without this suspend, left two input threads
        # and the next stop waited for ever on them). Only then: a continue with the game's
        # modes in place changes nothing, and one that comes with a hang-up (the kernel
        # sends both) must not hold up the game's ending on a terminal that is gone.
        if _modes_lost(self):
            # on the event loop, after this handler: inside it, the terminal's threads were
            # stopped and started wherever the main thread had been interrupted
            _after_this(self, _restart)

    def _sigtstp_application(self: Any, *args: Any) -> None:
        # plain attributes and no call before the stop is asked: Python runs a pending
        # handler after a call, and a continue's there went unread
        if self._dartfit_in_stop or self._dartfit_asked is not None:
            return  # part of the stop asked or under way
        early, self._dartfit_early = self._dartfit_early, None
        self._dartfit_asked = self._dartfit_continues
        if early is not None and time.monotonic() - early < EARLY_CONTINUE:
            self._dartfit_asked = None
            return  # this stop's continue was taken already: stopping now would be for ever
        _after_this(self, _stop)

    def start_application_mode(self: Any) -> None:
        self._dartfit_in_app_mode = True
        writer = getattr(self, "_writer_thread", None)
        held = hold_all(set(ENDING_SIGNALS))  # its reader and writer threads are born
        try:  # with the ending signals held back, so they come to the main thread alone
            driver.start_application_mode(self)
        finally:
            let_through(held)
        # the game's own modes, once set: Textual gives up before it sets them where it is
        # stopped from the background meanwhile (a new writer thread: it went on)
        if getattr(self, "_writer_thread", None) is not writer:
            self._dartfit_modes = _modes(self)

    def stop_application_mode(self: Any) -> None:
        # given back once: a game stopped (its terminal given back then) and told to end
        # (`kill %1`) gave it back again as it ended, over the shell's
        if not self._dartfit_in_app_mode:
            return
        if _from_the_background(self):
            self.attrs_before = None  # the terminal's modes are the shell's now
        try:
            driver.stop_application_mode(self)
        finally:
            self._dartfit_in_app_mode = False

    def disable_input(self: Any) -> None:
        if not self._dartfit_in_app_mode:
            return  # disabled with the rest as the terminal was given back
        _from_the_background(self)
        driver.disable_input(self)

    return type(
        f"WakesAfterStop{driver.__name__}",
        (driver,),
        {
            "_sigtstp_application": _sigtstp_application,
            "_sigcont_application": _sigcont_application,
            "start_application_mode": start_application_mode,
            "stop_application_mode": stop_application_mode,
            "disable_input": disable_input,
            "_dartfit_in_app_mode": False,
            "_dartfit_modes": None,
            "_dartfit_in_stop": False,
            "_dartfit_asked": None,
            "_dartfit_continues": 0,
            "_dartfit_early": None,
        },
    )


def _stop(driver: Any) -> None:
    """Make the stop a SIGTSTP asked for (on the event loop, not inside a signal handler):
    the terminal put back, the process stopped, and at the continue the game's terminal
    again; nothing of it when a continue came since it was asked, or comes meanwhile."""
    asked, driver._dartfit_asked = driver._dartfit_asked, None
    driver._dartfit_in_stop = True
    if asked is None or driver._dartfit_continues != asked:
        driver._dartfit_in_stop = False
        # a continue came after it: not made; that continue left the terminal's modes to
        # this stop (after kill -STOP, the shell's modes set, then a stop and `fg`, the
        # game played on in line mode), so they are looked at now
        _after_this(driver, _restart)
        return
    # the terminal is put back and taken again only while the game has it: a stop asked
    # as the game ends, after it gave the terminal back, put it back a second time (one
    # pop too many of the keyboard modes, which pops an outer program's) and took it again
    # at the continue, with the game gone
    restart = getattr(driver, "_auto_restart", False) and driver._dartfit_in_app_mode
    if not driver._dartfit_in_app_mode:
        driver.close()  # the terminal's last writes out before the stop: the shell's again
    # a continue that comes from here on waits, on this thread, until the stop is made or
    # given up: one still pending (taken by no thread yet) when the stop is made is dropped
    # by the kernel, and the game stayed stopped
    held = hold(signal.SIGCONT)
    try:
        if restart:
            driver.suspend_application_mode()
            driver._must_signal_resume = True
        hold(signal.SIGCONT)  # runs the handlers of signals taken on other threads
        if driver._dartfit_continues == asked and not pending(signal.SIGCONT):
            os.kill(os.getpid(), signal.SIGSTOP)  # the continue that wakes it is let through
    finally:
        let_through(held)  # a continue held back runs its handler now
    restart = restart and not ending()  # told to end while stopped (`kill %1`): the
    # terminal stays given back; taken again from the background, where the shell has it,
    # the game was stopped again (SIGTTOU) for good, its ending never run
    try:
        driver._dartfit_early = None
        if restart:
            driver.resume_application_mode()
    finally:
        driver._dartfit_in_stop = False
    if restart:  # a stop from outside while the terminal was put back (the shell's fg, then
        # kill -STOP at once): its continue found the stop under way, and the shell's modes
        # stayed; they are looked at again once this is over
        _after_this(driver, _restart)
