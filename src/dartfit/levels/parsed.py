"""Level files parsed before, kept between runs.

Reading a level file (TOML, mended, converted, its meaning checked) took 26 ms for the
campaign's 32 at every start, a sixth of the title's time to its first frame. A file whose
bytes were read before, by the same dartfit code, is taken from the user's cache folder
(`figures.cache_dir`) as its finished spec instead. Only files that play without a problem
are kept, and `dartfit check` always reads them afresh. A missing, damaged or unwritable
cache only means reading the files again; it is never an error.
"""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec

from dartfit.files import NotRegular, read_regular, replace_atomically
from dartfit.levels.figures import cache_dir, code_stamp
from dartfit.levels.spec import LevelSpec

FILE = "levels.msgpack"
MOST = 512
"""Level files the cache keeps (the oldest go first)."""
LARGEST = 8 << 20  # bytes of cache file read at most

_entries: dict[str, bytes] | None = None  # the cache file's, read once a process
_unsaved = False


def kept(content: bytes) -> LevelSpec | None:
    """The spec of a level file whose bytes are `content`, as read before; else None."""
    data = _all().get(_key(content))
    if data is None:
        return None
    try:
        return msgspec.msgpack.decode(data, type=LevelSpec)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def keep(content: bytes, spec: LevelSpec) -> None:
    """Keep the spec read from a file's `content` (written to disk by `save`)."""
    global _unsaved
    entries = _all()
    key = _key(content)
    if key not in entries:
        try:  # a number past 64 bits (a seed of 200 digits) is not kept: read afresh
            entries[key] = msgspec.msgpack.encode(spec)
        except (OverflowError, TypeError, msgspec.EncodeError):
            return
        _unsaved = True


def save() -> None:
    """Write what `keep` kept, whole (a reader never sees half of it); give up quietly."""
    global _unsaved
    folder = cache_dir()
    if not _unsaved or folder is None or _entries is None:
        return
    _unsaved = False
    newest = dict(list(_entries.items())[-MOST:])
    try:
        folder.mkdir(parents=True, exist_ok=True)
        replace_atomically(folder / FILE, msgspec.msgpack.encode(newest), remove_stale=False)
    except OSError:
        return


def forget() -> None:
    """Read the cache file again when next asked (a test's, or another folder's)."""
    global _entries, _unsaved
    _entries, _unsaved = None, False


def _key(content: bytes) -> str:
    stamp = f"{code_stamp()} msgspec {msgspec.__version__}".encode()
    return hashlib.sha256(stamp + b"\0" + content).hexdigest()


def _all() -> dict[str, bytes]:
    global _entries
    if _entries is None:
        _entries = _read()
    return _entries


def _read() -> dict[str, bytes]:
    """The kept specs by key; nothing (never an error) for a missing or damaged file."""
    folder = cache_dir()
    if folder is None:
        return {}
    try:  # never blocks: a FIFO or a device there is not read
        raw: Any = msgspec.msgpack.decode(read_regular(folder / FILE, LARGEST))
    except (OSError, NotRegular, msgspec.DecodeError, RecursionError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, bytes)}
