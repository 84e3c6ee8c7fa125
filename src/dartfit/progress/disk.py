"""The file system under the progress file: a read that can't hang, a write that can't tear,
and a lock that can't freeze the game.

Knows nothing of progress but how big its file may be. `read_capped` refuses
anything but a regular file of at most `MAX_FILE_BYTES` without blocking on a FIFO;
`replace_atomically` (from `dartfit.files`) writes a temporary file, syncs it and renames
it over the target;
`locked` waits a bounded time for an advisory lock, and says so when it could not get one;
a lock is a lock file, or a `Folder` itself.
"""

from __future__ import annotations

import contextlib
import enum
import os
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dartfit.files import NotRegular, TooBig, read_at_most, wrong_kind
from dartfit.progress.codec import MAX_FILE_BYTES, MAX_FILE_MIB, Unreadable

try:
    import fcntl
except ImportError:  # Windows: saves stay atomic, only the cross-process merge is unguarded.
    fcntl = None  # type: ignore[assignment]

_LOCK_POLL = 0.05


class Lock(enum.Enum):
    """What came of trying for the lock."""

    HELD = enum.auto()
    UNAVAILABLE = enum.auto()  # no flock here: go on unguarded, as on Windows
    BUSY = enum.auto()  # another process held it for the whole timeout
    TAKEN = enum.auto()  # its name is a folder, not a file, or unreadable: go on unguarded


@dataclass(frozen=True)
class Folder:
    """A folder locked itself, not a lock file in it: every process that replaces a file in
    it takes this one lock, wherever its own files are (a lock file of ours in it is not
    wanted), and it stays the same folder while the file in it is replaced."""

    path: Path


@contextlib.contextmanager
def locked(lock_path: Path | Folder, timeout: float, *also: Path | Folder) -> Iterator[Lock]:
    """Try for the exclusive lock on lock_path, then on each of `also` in turn, for up to
    `timeout` seconds in all: BUSY if any is held that long; HELD only if every one is had
    (else what lock_path gave, or UNAVAILABLE: unguarded by one of them)."""
    deadline = time.monotonic() + timeout
    with contextlib.ExitStack() as held:
        lock = held.enter_context(_locked_one(lock_path, timeout))
        for path in also:
            if lock is Lock.BUSY:
                break
            more = held.enter_context(_locked_one(path, max(0.0, deadline - time.monotonic())))
            if more is Lock.BUSY:
                lock = more
            elif lock is Lock.HELD and more is not Lock.HELD:  # unguarded by that one
                lock = Lock.UNAVAILABLE
        yield lock


@contextlib.contextmanager
def _locked_one(lock: Path | Folder, timeout: float) -> Iterator[Lock]:
    if fcntl is None:
        yield Lock.UNAVAILABLE
        return
    folder = isinstance(lock, Folder)  # opened to read, never made
    path = lock.path if isinstance(lock, Folder) else lock
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if folder else os.O_RDWR | os.O_CREAT
    fd = _open(path, flags)
    if fd is None and not folder:  # a lock file the player may only read (`sudo dartfit`
        # made it): flock needs no more, and without it each save went on unguarded, unsaid
        fd = _open(path, os.O_RDONLY)
    if fd is None:  # missing or read-only folder: nothing to guard yet
        yield Lock.TAKEN if not folder and _taken(path) else Lock.UNAVAILABLE
        return
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode):
            yield _acquire(fd, timeout)
        else:  # a pipe or a device opens (a pipe even locks, on Linux): not a lock file, said
            yield Lock.UNAVAILABLE if folder else Lock.TAKEN
    finally:
        os.close(fd)  # closing releases the lock


def _open(path: Path, flags: int) -> int | None:
    """A descriptor of path, opened without blocking (a FIFO) or taking a terminal as this
    process's; None when it can't be opened so."""
    flags |= getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        return os.open(path, flags, 0o644)
    except OSError:
        return None


def _taken(lock_path: Path) -> bool:
    """Whether something stands in the lock file's place that could not be opened as one:
    a folder, a link that leads nowhere (to a folder that is gone, or round to itself), a
    file the player may not read (another user's). Saves then went on without the lock,
    unsaid, as if no lock file could be made there yet."""
    return os.path.lexists(lock_path)


def _acquire(fd: int, timeout: float) -> Lock:
    assert fcntl is not None
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            left = deadline - time.monotonic()
            if left <= 0:
                return Lock.BUSY
            time.sleep(min(_LOCK_POLL, left))
        except OSError:  # e.g. a filesystem without flock
            return Lock.UNAVAILABLE
        else:
            return Lock.HELD


def read_capped(path: Path) -> bytes:
    """Return the bytes of a regular file of at most MAX_FILE_BYTES, without blocking.

    Raises FileNotFoundError if there is none, Unreadable for anything else in its place.
    """
    try:
        return read_at_most(path, MAX_FILE_BYTES)
    except NotRegular as e:
        raise Unreadable(wrong_kind(e.kind, "a file")) from None
    except TooBig:
        raise Unreadable(f"larger than {MAX_FILE_MIB} MiB") from None
