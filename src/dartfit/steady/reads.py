"""Textual's input thread made to read the terminal without waiting: a read takes what is
there, or nothing, and an empty one (the terminal gone) pauses before the next look."""

from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
from collections.abc import Iterator
from types import ModuleType
from typing import Any

EMPTY_PAUSE = 0.1
"""Seconds an input thread waits after a read that found nothing, as long as Textual's
input loop waits for input at most: a terminal that has gone is always ready to read, at
its end, and the loop read that end over and over at a full core while the game ended."""

_here = threading.local()  # the input thread's terminal: (its fd, the fd read instead)


class _ReadsWithoutWaiting:
    """The `os` module, but a read of the terminal an input thread reads (`reading`) never
    waits. Textual's input loop takes `os.read` from its module's `os`, and is given this."""

    def __init__(self, real: ModuleType) -> None:
        self._os = real

    def read(self, fd: int, size: int) -> bytes:
        """What the terminal has for the input thread now: nothing if it has nothing, and
        nothing after `EMPTY_PAUSE` at its end (it has gone)."""
        terminal = getattr(_here, "terminal", None)
        if terminal is None or terminal[0] != fd:
            data: bytes = self._os.read(fd, size)
            return data
        try:
            data = self._os.read(terminal[1], size)
        except BlockingIOError:  # nothing there now
            return b""
        except OSError as error:  # no terminal to read (gone, or a read it refuses)
            if error.errno != errno.EIO:
                raise
            data = b""
        if not data:
            _pause()
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._os, name)


def _pause() -> None:
    time.sleep(EMPTY_PAUSE)


def read_without_waiting(module: ModuleType | None) -> None:
    """Give `module` (one of Textual's drivers) a stand-in for `os` whose reads of the
    terminal its input thread reads (`reading`) never wait."""
    if module is not None and getattr(module, "os", None) is os:
        module.os = _ReadsWithoutWaiting(os)  # type: ignore[attr-defined]


@contextlib.contextmanager
def reading(fd: int | None) -> Iterator[None]:
    """While it lasts, this thread's reads of the terminal on `fd` (through a module given
    `read_without_waiting`) go to a twin of it that never waits: the terminal opened again,
    non-blocking for this reader alone (a shell shares `fd`'s own flags).

    A read waited on `fd` for a key that never came: in the background, a read of keys
    typed at the shell stopped the game (SIGTTIN) before it took them; the shell took
    them; and at `fg` the read went on, with nothing left to read. The input thread then
    waited for one more key, and the game with it as it took the terminal back (that joins
    the input thread), deaf to all but that key."""
    twin = _twin(fd)
    _here.terminal = None if fd is None else (fd, fd if twin is None else twin)
    try:
        yield
    finally:
        _here.terminal = None
        if twin is not None:
            os.close(twin)


def _twin(fd: int | None) -> int | None:
    """The terminal on `fd` opened again, non-blocking; None where it cannot be (no terminal,
    one that has gone, or no such calls)."""
    if fd is None or not hasattr(os, "ttyname") or not hasattr(os, "O_NONBLOCK"):
        return None
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    try:
        return os.open(os.ttyname(fd), flags)
    except OSError:
        return None
