"""Progress kept elsewhere while the player's folder can't be written.

A folder that stops being usable during play (made read-only, its disk unmounted, removed
and replaced by a file, its permissions taken away, a full disk) lost every win at the end
(status 3, with a true reason). What can't be saved there is kept in a file of the user's
cache folder (else of the temporary folder, in a folder of the player's alone), named after
what it is added to (the player's folder; a class database, resolved, and the student); the
next save that reaches the player's folder, in this game or the
next, adds it in by the merge two windows use (the best of each level, a newer reset whole),
and removes it. One game at a time reads and writes them (a lock on their folders): two wins
kept at one moment had each been read before the other was written, and the later write lost
the earlier win. Never raises.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from dartfit.cache import cache_dir
from dartfit.digest import sha256_hex
from dartfit.files import is_file, replace_atomically
from dartfit.progress.codec import MAX_FILE_BYTES, Newer, Salvaged, Unreadable, decode, encode
from dartfit.progress.disk import Folder, locked, read_capped
from dartfit.progress.model import Progress

KEPT_FOLDER = "progress-kept-elsewhere"
"""The folder, in the cache folder (or the player's own in the temporary one), of progress
kept while the player's folder can't be written."""
_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
LOCK_TIMEOUT = 2.0
"""Seconds to wait for another game that keeps or adds in progress here (it holds the lock
for milliseconds) before going on without it."""


@dataclass(frozen=True)
class Found:
    """What the files kept elsewhere hold, and each file as it was read (so a file written
    again since, by another window, is not removed with it)."""

    progress: Progress
    files: tuple[tuple[Path, tuple[int, int, int]], ...]

    @property
    def shown(self) -> Path:
        """The file to name to the player."""
        return self.files[0][0]


class Elsewhere:
    """The files that keep one player's progress while where it belongs can't be written."""

    def __init__(
        self, home: Path, cache: Path | None = None, *, student: str | None = None
    ) -> None:
        self.home = home
        """What the progress kept is added to: the player's folder (of its progress.json),
        or, for a `student`, their class database."""
        self.student = student
        self.cache = cache
        """The cache folder of the player's game, when not this process's own (a class
        host looks for what a student's game kept: `player_cache`)."""

    @cached_property
    def places(self) -> tuple[Path, ...]:
        """Where the progress of this home may be kept, the first that can be written
        first: the cache folder, then the player's own folder in the temporary one."""
        return _own_places(KEPT_FOLDER, _named_after(self.home, self.student), self.cache)

    def held(self) -> Path | None:
        """The first file that keeps progress for this folder, unread; None when none does."""
        return next((place for place in self.places if is_file(place)), None)

    def read(self) -> Found | None:
        """What is kept for this folder, all its files merged; None when nothing is (a file
        that can't be read is left as it is, for a dartfit that can: `look`)."""
        return self.look()[0]

    def look(self) -> tuple[Found | None, tuple[Path, str] | None]:
        """Each file kept for this folder read once: what they keep, merged (`read`), and
        the first that can't be read and why, None when none is (one garbled, or a newer
        dartfit's, was passed over unsaid, then written over)."""
        found: list[tuple[Path, tuple[int, int, int]]] = []
        progress: Progress | None = None
        damaged: tuple[Path, str] | None = None
        for place in self.places:
            read = _read(place)
            if isinstance(read, str):
                damaged = damaged or (place, read)
            elif read is not None:
                kept, seen = read
                found.append((place, seen))
                progress = kept if progress is None else progress.merge(kept)
        return (None if progress is None else Found(progress, tuple(found))), damaged

    def keep(self, progress: Progress) -> Path | None:
        """Keep progress (with whatever is kept already) in the first place that takes it,
        never over a file that can't be read; the file it is in, or None when none could."""
        with contextlib.suppress(OSError):  # its folder, for the lock (else the next place's)
            _made_for(self.places[0])
        with self._guarded():
            return self._keep(progress)

    def _keep(self, progress: Progress) -> Path | None:
        """`keep`, under the lock."""
        before = self.read()
        whole = progress if before is None else progress.merge(before.progress)
        data = encode(whole)
        if len(data) > MAX_FILE_BYTES:
            return None
        for place in self.places:
            try:
                if isinstance(_read(place), str) or not _made_for(place):
                    continue
                replace_atomically(place, data, remove_stale=False)
            except OSError:
                continue
            if before is not None:  # now in this one: the others are not needed
                self._forget(Found(whole, tuple(f for f in before.files if f[0] != place)))
            return place
        return None

    def forget(self, found: Found) -> None:
        """Remove the files read into `found`, each unless written again since."""
        with self._guarded():
            self._forget(found)

    def _forget(self, found: Found) -> None:
        """`forget`, under the lock (another game's keep between the look and the removal
        was removed with it)."""
        for place, seen in found.files:
            with contextlib.suppress(OSError):
                if _stamp(place) == seen:
                    place.unlink()

    @contextlib.contextmanager
    def _guarded(self) -> Iterator[None]:
        """Hold the lock of every folder of kept files there is (each folder itself, so no
        lock file of ours lies among the kept ones), for up to LOCK_TIMEOUT seconds."""
        # (os.path.isdir: a folder that can't be looked into is none, where Path.is_dir
        # raised PermissionError, and a keep never raises)
        there = [place for place in self.places if os.path.isdir(place.parent) and _trusted(place)]
        folders = [Folder(place.parent) for place in there]
        if not folders:
            yield
            return
        with locked(folders[0], LOCK_TIMEOUT, *folders[1:]):
            yield


def _named_after(home: Path, student: str | None) -> str:
    """A file name of one's own for what `home` keeps: a player's folder's name, made safe,
    and a digest of its path whole; a student's, and a digest of their class database's
    path resolved, and their name. The students of two class databases in one folder share
    their folders (players/bob): named after the folder, one class's bob's win was taken in
    by the other's, and lost to him who won it; and two hosts of one class, one given its
    folder through a link, did not find each other's."""
    if student is None:
        absolute = os.path.abspath(os.path.expanduser(home))
        whole, stem = os.fsencode(absolute), os.path.basename(absolute)
    else:
        resolved = os.path.realpath(os.path.expanduser(home))
        whole = os.fsencode(resolved) + b"\0" + os.fsencode(student)
        stem = student
    digest = sha256_hex(whole)[:12]
    stem = _NAME_CHARACTERS.sub("-", stem).strip("-.")[:40]
    return f"{stem or 'progress'}-{digest}.json"


def _own_places(kind: str, name: str, cache: Path | None = None) -> tuple[Path, ...]:
    """The file `name` in the folder `kind` of the cache folder (`cache`, else this
    process's), then of the player's own in the temporary one."""
    folders = [cache or cache_dir(), _temporary_folder()]
    return tuple(folder / kind / name for folder in folders if folder is not None)


def _read(place: Path) -> tuple[Progress, tuple[int, int, int]] | str | None:
    """The progress kept in `place` and its stamp; why it can't be read (as it came: not yet
    one printable line); or None when no file is there (or it is not to be trusted)."""
    if not _trusted(place):
        return None
    try:
        seen = _stamp(place)
        return decode(read_capped(place)), seen
    except FileNotFoundError:
        return None
    except Salvaged as salvaged:
        return salvaged.progress, seen
    except Newer as newer:
        return f"saved by a newer dartfit (schema {newer.schema})"
    except OSError as error:
        return error.strerror or str(error)
    except (Unreadable, ValueError) as error:
        return str(error)


def _stamp(place: Path) -> tuple[int, int, int]:
    """What tells a file written again (a save replaces it: a new inode) from the same."""
    info = os.stat(place)
    return info.st_ino, info.st_mtime_ns, info.st_size


def _temporary_folder() -> Path | None:
    """The player's own folder in the temporary one (None where users have no number)."""
    if not hasattr(os, "getuid"):
        return None
    return Path(tempfile.gettempdir()) / f"dartfit-{os.getuid()}"


def _shared(place: Path) -> Path | None:
    """The player's own folder in the temporary folder, when `place` is in it."""
    own = _temporary_folder()
    return own if own is not None and own in place.parents else None


def _made_for(place: Path) -> bool:
    """Make the folder `place` goes in (the player's own in the temporary folder for them
    alone, and the folder of kept files in it, or in the cache folder, theirs alone too);
    False when it is not to be written in."""
    own = _shared(place)
    if own is not None:
        with contextlib.suppress(FileExistsError):
            own.mkdir(mode=0o700)
        if not _trusted(place):
            return False
    place.parent.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        place.parent.mkdir(mode=0o700)
    return _trusted(place)


def _trusted(place: Path) -> bool:
    """Whether `place` may be read and written: in the temporary folder, only in a folder
    that is the player's alone (another user's of that name, or a link, is not); anywhere,
    only a file, in a folder of kept files, that are the player's and that no one else may
    write: a cache folder that users share (DARTFIT_CACHE_DIR) let another plant a file
    that the player's next save added to their progress, or change the one kept there."""
    if not hasattr(os, "getuid"):  # no users with numbers (Windows): the cache is one's own
        return True
    own = _shared(place)
    if own is not None and not _alone(own, 0o077):
        return False
    for path, kind in ((place.parent, stat.S_ISDIR), (place, stat.S_ISREG)):
        try:
            os.lstat(path)
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if not _alone(path, 0o022, kind):
            return False
    return True


def _alone(path: Path, others: int, kind: Callable[[int], bool] = stat.S_ISDIR) -> bool:
    """Whether `path` is of this `kind` (a folder; never a link), the player's, and none of
    the permission bits `others` is set."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    mine = info.st_uid == os.getuid()  # type: ignore[attr-defined,unused-ignore]
    return kind(info.st_mode) and mine and not info.st_mode & others
