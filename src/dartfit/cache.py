"""The user's cache folder: where dartfit keeps files of its own, apart from the player's
folder (a big level's figures, progress kept while the player's folder can't be written).
$DARTFIT_CACHE_DIR if set, else the system's. No user-interface imports."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
from pathlib import Path

from dartfit.digest import sha256_hex

CACHE_ENV = "DARTFIT_CACHE_DIR"


def cache_dir() -> Path | None:
    """$DARTFIT_CACHE_DIR if set, else the user cache folder; None when there is none to be
    had (no home folder: `env -i`, a user missing from the password file, ~nobody/x)."""
    try:
        override = os.environ.get(CACHE_ENV)
        if override:
            return Path(override).expanduser()
        import platformdirs

        folder = Path(platformdirs.user_cache_dir("dartfit"))
    except (RuntimeError, OSError, KeyError, ValueError):
        return None
    # older platformdirs, with no home, answered "~/.cache/dartfit" (and XDG_CACHE_HOME=rel,
    # "rel/dartfit"): a folder made in whatever directory dartfit was started from
    return folder if folder.is_absolute() else None


MOST_FILES = 400
"""Files a subfolder of `read_kept` and `keep` holds by default (the oldest go first)."""


ANSWER_WAIT = 1.0
"""Seconds the cache folder is given to answer the first look of a process (`_answers`)."""

_answered: dict[Path, bool] = {}


def _answers(home: Path) -> bool:
    """Whether the cache folder answered a first look within ANSWER_WAIT s (asked once a
    process, on a thread): every start reads its CSS and levels as kept there, and a folder
    on a disk that stopped answering (a dead network mount) would hold the start for ever."""
    known = _answered.get(home)
    if known is None:
        from dartfit.steady.in_turn import within

        try:
            known = within(ANSWER_WAIT, lambda: os.path.exists(home) or True, False)
        except (RuntimeError, MemoryError):  # no thread to ask on (`ulimit -v`): no cache
            known = False
        _answered[home] = known
    return known


def live_cache_dir() -> Path | None:
    """The cache folder (`cache_dir`) if it answered this process's first look (`_answers`);
    None if it did not, or there is none. A level's points and figures kept there were read
    from the folder of a dead mount with no such look, and opening the level hung."""
    home = cache_dir()
    if home is None or not _answers(home):
        return None
    if home not in _retired:
        _retired.add(home)
        _retire(home)
    return home


RETIRED = "figures.json"
"""A file older dartfits kept in the cache folder itself, a big level's figures by their
digests, which none reads now (they are kept through `keep`): left there for good."""
_RETIRED_WRITES = re.compile(r"\.figures\.json\..+\.tmp")
"""What its writers killed between writing and renaming left beside it."""
_RETIRED_MOST = 1 << 20  # bytes: it kept at most 256 figures
_retired: set[Path] = set()
"""Cache folders this process has looked in for `RETIRED` (once each)."""


def _retire(home: Path) -> None:
    """Remove `RETIRED` (and what its writers left, once STALE) from the cache folder: only a
    regular file of the user's, holding what it held (digests and numbers), looked at and
    removed through the folder opened without following a link, where it is the user's own.
    A link planted in a shared cache folder, there or as the folder, removes nothing; nor
    does a system where a folder can't be opened so (the file is then left, as before)."""
    no_follow = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_DIRECTORY", 0)
    if not no_follow or not {os.open, os.stat, os.unlink} <= os.supports_dir_fd:
        return
    with contextlib.suppress(OSError):
        fd = os.open(home, os.O_RDONLY | no_follow)
        try:
            if os.fstat(fd).st_uid != os.getuid():
                return
            too_old = time.time() - STALE
            for name in os.listdir(fd):
                info = os.stat(name, dir_fd=fd, follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                    continue
                written = _RETIRED_WRITES.fullmatch(name) and info.st_mtime < too_old
                if written or (name == RETIRED and _was_figures(name, fd)):
                    os.unlink(name, dir_fd=fd)
        finally:
            os.close(fd)


def _was_figures(name: str, folder: int) -> bool:
    """Whether the file `name` in the open folder holds what `RETIRED` held: an object of
    digests (64 hexadecimal digits) and numbers; read without following a link or waiting."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(name, flags, dir_fd=folder)
    with os.fdopen(fd, "rb") as file:
        data = file.read(_RETIRED_MOST + 1)
    try:
        figures = json.loads(data) if len(data) <= _RETIRED_MOST else None
    except (ValueError, RecursionError):
        return False
    return isinstance(figures, dict) and all(
        _DIGEST.fullmatch(key) and type(value) in (int, float) for key, value in figures.items()
    )


_DIGEST = re.compile(r"[0-9a-f]{64}", re.ASCII)


def _kept_path(folder: str, stamp: str) -> Path | None:
    """The file kept for `stamp` (all that what it holds was made from) in the cache folder's
    subfolder `folder`, named by the stamp's digest; None with no cache folder (or one that
    does not answer)."""
    home = live_cache_dir()
    if home is None:
        return None
    return home / folder / sha256_hex(stamp.encode())


def read_kept(folder: str, stamp: str, most: int) -> bytes | None:
    """What `keep` kept for `stamp` (at most `most` bytes; None, never an error, when there
    is nothing, or too much). Its reader checks it: a crash may have left it damaged."""
    from dartfit.files import NotRegular, read_regular

    path = _kept_path(folder, stamp)
    if path is None:
        return None
    try:  # never blocks: a FIFO there is not read
        data = read_regular(path, most, mine=True)
    except (OSError, NotRegular):
        return None
    return data if len(data) <= most else None


def keep(folder: str, stamp: str, data: bytes, most_files: int | None = None) -> None:
    """Keep `data` for `stamp` in the subfolder `folder`, for the starts after this one
    (whole or not at all; not written to the disk at once: a cache); give up quietly. The
    subfolder holds at most `most_files` files (MOST_FILES if None; the oldest go first)."""
    from dartfit.files import replace_atomically

    path = _kept_path(folder, stamp)
    if path is None:
        return
    most_files = MOST_FILES if most_files is None else most_files
    room = max(1, most_files // 8)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _own_folder(path.parent):
            return
        since = _kept_since_pruned.get(path.parent, room)
        if since >= room:
            _prune(path.parent, most_files, room)
            since = 0
        replace_atomically(path, data, remove_stale=False, durable=False, keep_mode=False)
    except OSError:
        return
    _kept_since_pruned[path.parent] = since + 1


def _own_folder(folder: Path) -> bool:
    """Whether a subfolder of the cache folder is the user's own folder: not a link (another
    user of a shared cache folder could plant one to a folder of the player's, or of their
    own, and have the game write its files there), and the user's where users have numbers."""
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        return False
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


_kept_since_pruned: dict[Path, int] = {}
"""Files this process has kept in each subfolder since it last pruned it (`keep`)."""


STALE = 600.0
"""Seconds after which a half-written file of another start (killed mid-write) is removed."""


_KEPT_NAME = re.compile(r"[0-9a-f]{64}(\.npy)?|\.[0-9a-f]{64}(\.npy)?\..+\.tmp", re.ASCII)
"""The names `keep` gives its files (a stamp's digest; "<digest>.npy", points kept before
they were kept here), and their writers' half-written files (".<name>.<random>.tmp",
`replace_atomically`). A prune removes no other file: a subfolder planted in a shared cache
folder as a link to a folder of the player's own had its oldest files removed, whatever
they were."""


def _prune(folder: Path, most_files: int, room: int) -> None:
    """Leave room for `room` more files: the oldest files beyond `most_files` - `room` go,
    and what a writer killed between writing and renaming left behind once it is STALE (no
    lock is held, so a newer one may be another start's at work). Not before each file kept:
    a look at every file's time, it made `dartfit check` of 800 files 2 s slower."""
    files = []
    too_old = (time.time() - STALE) * 1e9
    with os.scandir(folder) as found:
        for entry in found:
            with contextlib.suppress(OSError):  # gone: renamed or pruned by another start
                if _KEPT_NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                    files.append((entry.stat(follow_symlinks=False).st_mtime_ns, entry.path))
    excess = len(files) - (most_files - room)
    for i, (when, old) in enumerate(sorted(files)):
        half_written = os.path.basename(old).startswith(".")
        if i < excess or (half_written and when < too_old):
            with contextlib.suppress(OSError):
                os.unlink(old)
