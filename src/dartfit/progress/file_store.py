"""`ProgressStore`: one player's progress kept in `progress.json`, safe from other windows,
crashes and hostile disks.

Never raises on a bad file: one that breaks the reader (see `codec`), is a FIFO, a folder,
too many bytes, a file the player may not read or a link into a folder that is gone, is
moved aside with a message, and saving goes on. `ProgressStore.update` applies one change
to the freshest state under a lock (bounded: another dartfit holding it never freezes the
game), so two windows never lose each other's stars or resets. A symlinked file is written
through, under the lock of the folder of the file it leads to as well; a file from a newer
dartfit is never overwritten.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from pathlib import Path

import platformdirs

from dartfit.files import folder_not_there, home_expanded, no_folder, replace_atomically
from dartfit.progress.codec import (
    MAX_FILE_BYTES,
    MAX_FILE_MIB,
    SCHEMA,
    Newer,
    Salvaged,
    Unreadable,
    decode,
    encode,
    plain,
)
from dartfit.progress.disk import Folder, Lock, locked, read_capped
from dartfit.progress.elsewhere import Elsewhere
from dartfit.progress.model import Progress
from dartfit.progress.obstacles import dead_end, folder_in_the_way, named
from dartfit.progress.store import Change, KeepsChanges, LoadResult, NotSaved, Store, joined

PROGRESS_FILE = "progress.json"
DATA_DIR_ENV = "DARTFIT_DATA_DIR"
SAVED_IN_ITS_PLACE = "saved your progress in its place"
"""Said of a bad file met by a save, moved aside: "started fresh" said so of a win saved
with every star of the game."""
LOCK_TIMEOUT = 0.5
"""Seconds to wait for another dartfit's save (which holds the lock for milliseconds)
before going on without it; once it was not given, the next saves only try for it, so the
game never stops for it again (each save froze the game for 2 s while a lock was held)."""
LOCK_TIMEOUT_AT_END = 3.0
"""Seconds the last try as the game ends waits for that lock: it holds up nothing then (within
the game's 5 s for its last saves; a class database waits 2 s). With the half second of play,
a win kept from disk by a lock given back a second later was lost at ctrl+q (a hostile pass)."""


def default_data_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Return the folder for saved progress: $DARTFIT_DATA_DIR if set, else the user data dir.
    Blank, it is unset, as empty (a folder named by its spaces was made in the current one)."""
    override = env.get(DATA_DIR_ENV, "")
    if override.strip():
        try:
            return home_expanded(override)
        except ValueError as e:
            raise ValueError(f"{DATA_DIR_ENV}: {e}") from None
    return Path(platformdirs.user_data_dir("dartfit"))


class Blocked(OSError):
    """The folder stands in the way of setting a bad file aside: why, beginning with it."""


class ProgressStore(KeepsChanges, Store):
    """Loads and saves one player's progress.json; never raises on a bad or foreign file.

    Change progress through `update`, which applies the change to the freshest state on disk.
    After `load` meets a file from a newer dartfit, or one it could not move aside, the
    store is `read_only` and saves are refused rather than overwrite it. Waiting for another
    dartfit's lock is bounded by `lock_timeout` seconds, and after a wait in vain, saves only
    try for it until it is given again.
    """

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], datetime] = datetime.now,
        lock_timeout: float = LOCK_TIMEOUT,
        own_levels: Collection[str] = (),
    ) -> None:
        super().__init__()
        self.own_levels = frozenset(own_levels)
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self._clock = clock
        self._lock_given = True  # the last try for the lock had it: the next may wait
        self._taken_said = False  # the lock's name taken by a folder was said
        self.elsewhere = Elsewhere(self.folder)  # kept while the folder can't be written

    @property
    def folder(self) -> Path:
        """The folder that holds progress.json: the player's folder."""
        return self.path.parent

    @classmethod
    def in_folder(cls, folder: Path, own_levels: Collection[str] = ()) -> ProgressStore:
        """Return the store for progress.json in a data folder (`own_levels`: the ids of the
        game's levels, whose records are kept first where not all can be)."""
        return cls(Path(folder) / PROGRESS_FILE, own_levels=own_levels)

    def load(self) -> LoadResult:
        """Return the saved progress, or empty progress and a warning if the file is bad.

        If another dartfit holds the lock past the timeout, reads anyway (a save replaces
        the file whole, so a read is never torn) but leaves a bad file where it is.
        """
        with locked(self.lock_path, self.lock_timeout, *self._locks_of_the_link()) as lock:
            self._lock_given = lock is not Lock.BUSY  # a wait in vain is not made twice
            if lock is Lock.BUSY:
                found = self._read(may_move_aside=False)
                busy = self._busy(f"read {self.path.name} without it")
                result = LoadResult(found.progress, joined(busy, found.warning))
            else:
                try:
                    result = self._read(may_move_aside=True)
                except Blocked as blocked:  # saves are kept elsewhere until it is not
                    why = f"{plain(str(self.path))} can't be read: {blocked}"
                    result = LoadResult(Progress(), why)
                if lock is Lock.TAKEN:
                    result = LoadResult(result.progress, joined(self._taken(), result.warning))
        result = self._look_elsewhere(result)
        self.last_warning = result.warning
        return result

    def _write(self, make: Change) -> tuple[Progress, str | None]:
        """Under the lock, write make(progress on disk); return it and any warning on reading.

        Raises NotSaved with the reason when nothing was written.
        """
        name = self.path.name
        if self.read_only:
            raise NotSaved(f"{name} is read-only this session")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            wait = self.lock_timeout if self._lock_given else 0.0
            with locked(self.lock_path, wait, *self._locks_of_the_link()) as lock:
                self._lock_given = lock is not Lock.BUSY
                if lock is Lock.BUSY:
                    raise NotSaved(f"{name} not saved: {self._busy()}", passing=True)
                on_disk = self._read(may_move_aside=True, then=SAVED_IN_ITS_PLACE)
                if self.read_only:
                    raise NotSaved(on_disk.warning or f"{name} is read-only")
                make, kept = self._with_kept(make)  # and what a save that could not be made kept
                new = make(on_disk.progress)
                data = encode(new)
                if len(data) > MAX_FILE_BYTES:
                    raise NotSaved(f"{name} not saved: it would be over {MAX_FILE_MIB} MiB")
                replace_atomically(self._target(), data, remove_stale=lock is Lock.HELD)
                if kept is not None:
                    taken = self._taken_back(kept)
                    on_disk = LoadResult(on_disk.progress, joined(on_disk.warning, taken))
                if lock is Lock.TAKEN and not self._taken_said:
                    self._taken_said = True
                    on_disk = LoadResult(on_disk.progress, joined(self._taken(), on_disk.warning))
        except OSError as error:
            # the whole path: the folder is what the player must look at (DARTFIT_DATA_DIR);
            # and what is wrong with it, where that is found (a link to a folder that is gone
            # was said as "File exists")
            why = (
                folder_in_the_way(self.folder)
                or folder_in_the_way(Path(os.path.realpath(self.path)).parent)  # a link's
                or plain(error.strerror or str(error))
            )
            raise NotSaved(f"{plain(str(self.path))} not saved: {why}") from None
        return new, on_disk.warning

    def _homes(self) -> tuple[str, str]:
        return self.path.name, named(self.folder)

    def _locks_of_the_link(self) -> tuple[Path | Folder, ...]:
        """The locks, beyond the one beside it, of the file a linked progress.json leads to:
        the folder that file is in, locked itself, and the lock beside that file where a
        game played in its folder made one. Two folders linking to one file each took only
        the lock beside its link, and wrote the file at once (a win lost); a lock kept in
        each game's cache folder was two locks for one file where two games' cache folders
        differ. The folder is every game's whatever its own folders (a lock on the file
        itself was not: each save puts a new file in its place), and it gets no file of
        ours (a dotfiles folder)."""
        if not self.path.is_symlink():
            return ()
        real = Path(os.path.realpath(self.path))
        beside = real.with_name(real.name + ".lock")
        return (Folder(real.parent), *((beside,) if beside.is_file() else ()))

    def _last_try(self) -> None:
        """As the game ends, a wait no longer holds anything up: the lock is waited for, and
        longer than during play."""
        self._lock_given = True
        self.lock_timeout = max(self.lock_timeout, LOCK_TIMEOUT_AT_END)

    def _taken(self) -> str:
        self._taken_said = True  # said once a session: each save would say it again
        return (
            f"{self.lock_path.name} can't be dartfit's lock file (a folder, not a file, or one"
            " you may not read): "
            "saving without the lock, so two dartfits at once could overwrite each other's "
            "stars; remove it"
        )

    def _busy(self, then: str | None = None) -> str:
        whose = f"of {plain(os.path.realpath(self.path))}" if self.path.is_symlink() else ""
        busy = (
            f"another dartfit seems to hold the save lock {whose or f'({self.lock_path.name})'}"
            f" for over {self.lock_timeout:g} s"
        )
        return busy if then is None else f"{busy}; {then}"

    def _read(self, *, may_move_aside: bool, then: str = "started fresh") -> LoadResult:
        """Return the progress in the file; a bad file is moved aside only if allowed, and
        `then` says what came after."""
        name = self.path.name
        try:
            progress = decode(read_capped(self.path), self.own_levels)
        except (FileNotFoundError, NotADirectoryError) as error:
            target = dead_end(self.path)
            if target is None and isinstance(error, FileNotFoundError):
                return LoadResult(Progress())
            # a link into a folder that is gone (a disk unplugged during play) or into a
            # file's: set aside, as any thing in the file's place, and saved in its place
            # (each win was lost)
            why = error.strerror or str(error)
            if target is not None:
                why = f"it links to {target}, whose folder {folder_not_there(target.parent)}"
            return self._unreadable(why, may_move_aside, then)
        except Newer as newer:
            self.read_only = True
            return LoadResult(
                Progress(),
                f"{name} was saved by a newer dartfit (schema {plain(str(newer.schema))}, "
                f"this one reads {SCHEMA})",
            )
        except OSError as error:
            # one this game may not read (another user's, say) too: kept whole under another
            # name, as `dartfit` refuses to start on one (its stars may be the player's),
            # where it played on without saving and each win was lost at the end
            return self._unreadable(error.strerror or str(error), may_move_aside, then)
        except Unreadable as error:
            return self._unreadable(str(error), may_move_aside, then)
        except Salvaged as salvaged:
            if not may_move_aside:
                return LoadResult(salvaged.progress, f"{name}: {salvaged.reason}; for now")
            return self._move_aside(plain(salvaged.reason), salvaged.progress)
        return LoadResult(progress)

    def _unreadable(self, reason: str, may_move_aside: bool, then: str) -> LoadResult:
        if may_move_aside:
            return self._move_aside(plain(reason), then=then)
        return LoadResult(
            Progress(),
            f"{self.path.name} is unreadable ({plain(reason)}); playing without it for now",
        )

    def _move_aside(
        self, reason: str, kept: Progress | None = None, then: str = "started fresh"
    ) -> LoadResult:
        """Keep the bad file as it is under another name; start fresh, or, when some of it
        could be `kept`, save that at once in its place (the caller holds the lock)."""
        # Renames the name itself: a symlink is moved, never what it points at.
        name = self.path.name
        try:
            aside = self._aside_path()
            os.rename(self.path, aside)
        except OSError as error:
            blocked = folder_in_the_way(self.folder)
            if blocked is not None:  # the folder, not the file: not to be played read-only
                raise Blocked(blocked) from None  # (its permissions taken away in play)
            self.read_only = True
            return LoadResult(
                kept or Progress(),
                f"{name} was {'damaged' if kept else 'unreadable'} ({reason}) and could not"
                f" be moved aside ({error.strerror or error})",
            )
        if kept is None:
            return LoadResult(
                Progress(),
                f"{name} was unreadable ({reason}); moved it to {aside.name} and {then}",
            )
        with contextlib.suppress(OSError, NotSaved):  # else the next change saves it
            replace_atomically(self._target(), encode(kept), remove_stale=False)
        return LoadResult(
            kept, f"{name} was damaged: {reason}; kept the rest, the whole file in {aside.name}"
        )

    def _aside_path(self) -> Path:
        stem = f"{self.path.name}.corrupt-{self._clock():%Y%m%d-%H%M%S}"
        candidate = self.path.with_name(stem)
        n = 1
        while candidate.exists() or candidate.is_symlink():
            n += 1
            candidate = self.path.with_name(f"{stem}-{n}")
        return candidate

    def _target(self) -> Path:
        """Return the file to replace: what progress.json links to, if it is a link."""
        target = Path(os.path.realpath(self.path))
        if no_folder(target.parent):
            raise NotSaved(
                f"{self.path.name} not saved: it links to {plain(str(target))}, "
                f"whose folder {plain(folder_not_there(target.parent))}"
            )
        return target
