"""The player's saved progress: typed records, best-result-wins merging, safe load and save.

Pure data layer: never imports textual. `Progress` values are immutable; every change
returns a new one, and every one that can be built saves as JSON that reads back unchanged.
`ProgressStore` reads and writes `progress.json` and never raises on a bad file: one that
breaks the reader (deep nesting, huge numbers, NaN, lone surrogates, a FIFO, a folder, too
many bytes) is moved aside with a message. `ProgressStore.update` applies one change to the
freshest state under a lock (bounded: another dartfit holding it never freezes the game),
so two windows never lose each other's stars or resets. A symlinked file is written through.
"""

from __future__ import annotations

import contextlib
import enum
import json
import math
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import msgspec
import platformdirs

try:
    import fcntl
except ImportError:  # Windows: saves stay atomic, only the cross-process merge is unguarded.
    fcntl = None  # type: ignore[assignment]

SCHEMA = 1
PROGRESS_FILE = "progress.json"
DATA_DIR_ENV = "DARTFIT_DATA_DIR"
MAX_FILE_BYTES = 4 * 2**20  # ~20,000 levels; a bigger file is refused unread
_MIB = MAX_FILE_BYTES // 2**20
MAX_INT = 2**53 - 1  # the largest whole number every JSON reader keeps exact
MAX_SETTING_DEPTH = 32
MAX_SETTING_VALUES = 10_000  # a handful of toggles in practice; keeps every check quick
LOCK_TIMEOUT = 2.0  # seconds to wait for another dartfit's save before going on without it
_LOCK_POLL = 0.05
_REASON_LIMIT = 200
_MIN_LEVEL_BYTES = 180  # the least one level's record takes in progress.json

AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]


def default_data_dir(env: Mapping[str, str] = os.environ) -> Path:
    """Return the folder for saved progress: $DARTFIT_DATA_DIR if set, else the user data dir."""
    override = env.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("dartfit"))


def _min(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else min(a, b)


def _max(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else max(a, b)


def _check_count(name: str, value: int | None) -> None:
    if value is not None and not 0 <= value <= MAX_INT:
        raise ValueError(f"{name} must be a whole number 0..2**53-1, got {value}")


def _bump(count: int) -> int:
    """Return count + 1, stopping at MAX_INT so the result can always be saved."""
    return min(count + 1, MAX_INT)


def _check_stars(stars: int) -> None:
    if not 0 <= stars <= 3:
        raise ValueError(f"stars must be 0..3, got {stars}")


def _check_mse(value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise ValueError(f"an MSE must be a finite number >= 0, got {value}")


def _check_score(value: float | None) -> None:
    if value is not None and not math.isfinite(value):
        raise ValueError(f"a score must be a finite number, got {value}")


def _check_text(what: str, text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} is not valid text (a lone surrogate)") from None


def _check_settings(settings: Mapping[str, Any]) -> None:
    """Raise unless settings read back from JSON exactly as they are: the JSON types only,
    whole numbers within ±MAX_INT, finite floats, valid text, at most MAX_SETTING_DEPTH deep
    and MAX_SETTING_VALUES values in all.
    """
    stack: list[tuple[Any, int]] = [(settings, 0)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        seen += 1
        if seen > MAX_SETTING_VALUES:
            raise ValueError(f"settings hold more than {MAX_SETTING_VALUES} values")
        if depth > MAX_SETTING_DEPTH:
            raise ValueError(f"a setting is nested more than {MAX_SETTING_DEPTH} deep")
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, str):
            _check_text("a setting", value)
        elif isinstance(value, int):
            if not -MAX_INT <= value <= MAX_INT:
                raise ValueError("settings hold whole numbers within ±(2**53-1) only")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError(f"settings hold finite numbers only, got {value}")
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise TypeError(f"setting names and keys are strings, got {type(key).__name__}")
                _check_text("a setting name", key)
                stack.append((item, depth + 1))
        else:
            raise TypeError(f"settings hold JSON values only, got {type(value).__name__}")


def _check_time(name: str, value: datetime | None) -> None:
    if value is None:
        return
    if value.tzinfo is None:
        raise ValueError(f"{name} must carry a timezone")
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise ValueError("a time must be within the years 1..9999 in UTC") from None


def _utc_now() -> datetime:
    return datetime.now(UTC)


class LevelResult(msgspec.Struct, frozen=True, kw_only=True):
    """The outcome of one play of a level, as a finished screen reports it."""

    completed: bool
    stars: int = 0
    mse: float | None = None
    score: float | None = None
    presses: int | None = None
    hints_used: int = 0
    finished_at: AwareDatetime = msgspec.field(default_factory=_utc_now)

    def __post_init__(self) -> None:
        _check_stars(self.stars)
        _check_mse(self.mse)
        _check_score(self.score)
        _check_count("presses", self.presses)
        _check_count("hints_used", self.hints_used)
        _check_time("finished_at", self.finished_at)


class LevelRecord(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The best the player has done on one level; each field is the best of any run.

    `presses` and `hints_used` count only winning runs (fewest is best); `completed_at`
    is the first completion. `resets` counts resets of this level, so a reset made in one
    window is not undone when another window merges its older record back in.
    """

    completed: bool = False
    stars: int = 0
    best_mse: float | None = None
    best_score: float | None = None
    presses: int | None = None
    hints_used: int | None = None
    completed_at: AwareDatetime | None = None
    resets: int = 0

    def __post_init__(self) -> None:
        _check_stars(self.stars)
        _check_mse(self.best_mse)
        _check_score(self.best_score)
        _check_count("presses", self.presses)
        _check_count("hints_used", self.hints_used)
        _check_count("resets", self.resets)
        _check_time("completed_at", self.completed_at)

    @classmethod
    def from_result(cls, result: LevelResult, resets: int = 0) -> LevelRecord:
        """Return the record of a single run."""
        won = result.completed
        return cls(
            completed=won,
            stars=result.stars,
            best_mse=result.mse,
            best_score=result.score,
            presses=result.presses if won else None,
            hints_used=result.hints_used if won else None,
            completed_at=result.finished_at if won else None,
            resets=resets,
        )

    def best_of(self, other: LevelRecord) -> LevelRecord:
        """Return the field-wise best of two records; the more recently reset one wins whole."""
        if self.resets != other.resets:
            return self if self.resets > other.resets else other
        return LevelRecord(
            completed=self.completed or other.completed,
            stars=max(self.stars, other.stars),
            best_mse=_min(self.best_mse, other.best_mse),
            best_score=_max(self.best_score, other.best_score),
            presses=_min(self.presses, other.presses),
            hints_used=_min(self.hints_used, other.hints_used),
            completed_at=_min(self.completed_at, other.completed_at),
            resets=self.resets,
        )


_EMPTY_RECORD = LevelRecord()


class Progress(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """All of one player's progress, keyed by level id, plus app settings.

    Treat the dicts as read-only: every method returns a new `Progress`. Level ids this
    game does not know are kept, since they may belong to another level set.
    """

    levels: dict[str, LevelRecord] = msgspec.field(default_factory=dict)
    settings: dict[str, Any] = msgspec.field(default_factory=dict)
    resets: int = 0

    def __post_init__(self) -> None:
        _check_count("resets", self.resets)
        for level_id in self.levels:
            _check_text("a level id", level_id)
        _check_settings(self.settings)

    def get(self, level_id: str) -> LevelRecord:
        """Return the record for a level, or an empty one if it was never played."""
        return self.levels.get(level_id, _EMPTY_RECORD)

    def record(self, level_id: str, result: LevelResult) -> Progress:
        """Return progress with one more run of a level folded in; the best result wins."""
        old = self.get(level_id)
        new = old.best_of(LevelRecord.from_result(result, resets=old.resets))
        return msgspec.structs.replace(self, levels={**self.levels, level_id: new})

    def reset_level(self, level_id: str) -> Progress:
        """Return progress with one level forgotten."""
        fresh = LevelRecord(resets=_bump(self.get(level_id).resets))
        return msgspec.structs.replace(self, levels={**self.levels, level_id: fresh})

    def reset_all(self) -> Progress:
        """Return progress with every level forgotten; settings are kept."""
        return Progress(settings=dict(self.settings), resets=_bump(self.resets))

    def with_setting(self, key: str, value: Any) -> Progress:
        """Return progress with one setting changed; TypeError or ValueError unless the
        value is plain JSON that reads back unchanged (see `_check_settings`)."""
        return msgspec.structs.replace(self, settings={**self.settings, key: value})

    def merge(self, other: Progress) -> Progress:
        """Return the level-wise best of two progresses; on a shared setting, self wins.

        Commutative and idempotent on levels. A side reset with `reset_all` more recently
        (higher `resets`) replaces the other's levels instead of merging with them.
        """
        settings = {**other.settings, **self.settings}
        if self.resets != other.resets:
            newer = self if self.resets > other.resets else other
            return Progress(levels=dict(newer.levels), settings=settings, resets=newer.resets)
        levels = dict(other.levels)
        for level_id, mine in self.levels.items():
            theirs = levels.get(level_id)
            levels[level_id] = mine if theirs is None else mine.best_of(theirs)
        return Progress(levels=levels, settings=settings, resets=self.resets)


@dataclass(frozen=True)
class LoadResult:
    """What `ProgressStore.load` found: the progress to play with and any problem to show."""

    progress: Progress
    warning: str | None = None


@dataclass(frozen=True)
class SaveResult:
    """What `ProgressStore.update` did: the progress to play with from now on, whether the
    file holds it (`saved`), and any problem to show (set even when saved, e.g. a damaged
    file was moved aside first)."""

    progress: Progress
    saved: bool
    warning: str | None = None


class _Unreadable(Exception):
    """The file cannot be used as progress; the message says why, for the player."""


class _Newer(Exception):
    """The file was written by a newer dartfit."""

    def __init__(self, schema: int) -> None:
        super().__init__(schema)
        self.schema = schema


class _NotSaved(Exception):
    """The progress could not be written; the message says why, for the player."""


class _Lock(enum.Enum):
    HELD = enum.auto()
    UNAVAILABLE = enum.auto()  # no flock here: go on unguarded, as on Windows
    BUSY = enum.auto()  # another process held it for the whole timeout


def _plain(text: str) -> str:
    """Return text fit for a one-line message: unprintable characters escaped, cut short."""
    clean = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return clean if len(clean) <= _REASON_LIMIT else clean[: _REASON_LIMIT - 1] + "…"


def _join(*warnings: str | None) -> str | None:
    return "; ".join(w for w in warnings if w) or None


def _encode(progress: Progress) -> bytes:
    """Return the JSON bytes of progress as saved in progress.json."""
    document = {"schema": SCHEMA, **msgspec.to_builtins(progress)}
    return msgspec.json.format(msgspec.json.encode(document), indent=2) + b"\n"


def _refuse_constant(name: str) -> Any:
    raise _Unreadable(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unreadable(f"the number {_plain(text[:20])} is out of range")
    return value


def _parse(raw: bytes) -> Any:
    """Return the JSON document in raw (UTF-8, -16 or -32, as JSON allows); strict about text."""
    encoding = json.detect_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        at = len(raw) - len(error.object) + error.start  # counts a skipped BOM too
        raise _Unreadable(f"not {error.encoding.upper()} text at byte {at}") from None
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise _Unreadable(f"line {error.lineno}: {error.msg}") from None
    except RecursionError:
        raise _Unreadable("nested too deeply") from None
    except (ValueError, OverflowError, MemoryError) as error:  # e.g. a 5000-digit number
        raise _Unreadable(_plain(str(error)) or type(error).__name__) from None


def _decode(raw: bytes) -> Progress:
    """Parse progress.json bytes; raise _Unreadable or _Newer when they can't be used."""
    document = _parse(raw)
    if not isinstance(document, dict):
        raise _Unreadable(f"expected a JSON object, found {type(document).__name__}")
    schema = document.pop("schema", None)
    if type(schema) is not int:
        raise _Unreadable('not a dartfit progress file: no integer "schema"')
    if schema > SCHEMA:
        raise _Newer(schema)
    if schema < SCHEMA:
        raise _Unreadable(f"unknown schema {_plain(str(schema))}")
    try:
        progress = msgspec.convert(document, Progress)
    except (msgspec.MsgspecError, RecursionError) as error:
        raise _Unreadable(_plain(str(error)) or type(error).__name__) from None
    _check_round_trip(progress)
    return progress


def _check_round_trip(progress: Progress) -> None:
    """Raise _Unreadable unless progress saves, with room to grow, and reads back unchanged.

    `Progress` checks the values as it is built; this is the last line of defence.
    """
    room = MAX_FILE_BYTES // 2  # what was loaded can gain thousands of levels and still save
    if len(progress.levels) * _MIN_LEVEL_BYTES > room:  # without encoding 100 MB to see it
        raise _Unreadable(f"{len(progress.levels)} levels are too many to save")
    try:
        size = len(_encode(progress))
        same = msgspec.json.decode(msgspec.json.encode(progress), type=Progress) == progress
    except (msgspec.MsgspecError, ValueError, TypeError, OverflowError, RecursionError):
        same = False
    if not same:
        raise _Unreadable("it would not save back unchanged")
    if size > room:
        raise _Unreadable(f"over {room // 2**20} MiB once saved")


def _read_capped(path: Path) -> bytes:
    """Return the bytes of a regular file of at most MAX_FILE_BYTES, without blocking.

    Raises FileNotFoundError if there is none, _Unreadable for anything else in its place.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))  # O_NONBLOCK: a FIFO can't hang us
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a device, FIFO or socket"
            raise _Unreadable(f"not a regular file but {kind}")
        data = bytearray()
        while len(data) <= MAX_FILE_BYTES:  # never more, whatever the size claims
            chunk = os.read(fd, MAX_FILE_BYTES + 1 - len(data))
            if not chunk:
                break
            data += chunk
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise _Unreadable(f"larger than {_MIB} MiB")
    return bytes(data)


class ProgressStore:
    """Loads and saves one player's progress.json; never raises on a bad or foreign file.

    Change progress through `update`, which applies the change to the freshest state on disk.
    After `load` meets a file from a newer dartfit, or one it could not move aside, the
    store is `read_only` and saves are refused rather than overwrite it. Waiting for another
    dartfit's lock is bounded by `lock_timeout` seconds.
    """

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], datetime] = datetime.now,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.read_only = False
        self.last_warning: str | None = None
        self.lock_timeout = lock_timeout
        self._clock = clock
        self._unsaved: list[Callable[[Progress], Progress]] = []

    @classmethod
    def in_folder(cls, folder: Path) -> ProgressStore:
        """Return the store for progress.json in a data folder."""
        return cls(Path(folder) / PROGRESS_FILE)

    def load(self) -> LoadResult:
        """Return the saved progress, or empty progress and a warning if the file is bad.

        If another dartfit holds the lock past the timeout, reads anyway (a save replaces
        the file whole, so a read is never torn) but leaves a bad file where it is.
        """
        with self._locked() as lock:
            if lock is _Lock.BUSY:
                found = self._read(may_move_aside=False)
                busy = self._busy(f"read {self.path.name} without it")
                result = LoadResult(found.progress, _join(busy, found.warning))
            else:
                result = self._read(may_move_aside=True)
        self.last_warning = result.warning
        return result

    def update(self, current: Progress, change: Callable[[Progress], Progress]) -> SaveResult:
        """Apply change to the freshest progress and save it; never raises on OS trouble.

        Under the lock: reads the file, merges `current` into it (the file's settings win,
        as they are the newer), replays any earlier changes that could not be saved, applies
        `change`, and writes the result atomically. If it can't be saved (read-only store,
        lock held by another dartfit, OS error), returns `change(current)` with
        `saved=False` and a warning, and retries the change on the next update.
        """
        changes = [*self._unsaved, change]
        try:
            fresh, warning = self._write(lambda on_disk: _apply(changes, on_disk.merge(current)))
        except _NotSaved as error:
            self._unsaved = [] if self.read_only else changes
            result = SaveResult(change(current), saved=False, warning=str(error))
        else:
            self._unsaved = []
            result = SaveResult(fresh, saved=True, warning=warning)
        self.last_warning = result.warning
        return result

    def save(self, progress: Progress) -> bool:
        """Merge progress with the file on disk (its own settings win), write it; False if not.

        When False, `last_warning` says why. Prefer `update`: a whole snapshot can carry
        settings older than the file's.
        """
        return self.update(progress, progress.merge).saved

    def _write(self, make: Callable[[Progress], Progress]) -> tuple[Progress, str | None]:
        """Under the lock, write make(progress on disk); return it and any warning on reading.

        Raises _NotSaved with the reason when nothing was written.
        """
        name = self.path.name
        if self.read_only:
            raise _NotSaved(f"{name} is read-only this session; progress not saved")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked() as lock:
                if lock is _Lock.BUSY:
                    raise _NotSaved(f"{name} not saved: {self._busy('will try again next save')}")
                on_disk = self._read(may_move_aside=True)
                if self.read_only:
                    raise _NotSaved(on_disk.warning or f"{name} is read-only; progress not saved")
                new = make(on_disk.progress)
                data = _encode(new)
                if len(data) > MAX_FILE_BYTES:
                    raise _NotSaved(f"{name} not saved: it would be over {_MIB} MiB")
                self._write_atomically(data, remove_stale=lock is _Lock.HELD)
        except OSError as error:
            raise _NotSaved(
                f"could not save {name}: {_plain(error.strerror or str(error))}"
            ) from None
        return new, on_disk.warning

    def _busy(self, then: str) -> str:
        return (
            f"another dartfit seems to hold the save lock ({self.lock_path.name}) "
            f"for over {self.lock_timeout:g} s; {then}"
        )

    def _read(self, *, may_move_aside: bool) -> LoadResult:
        """Return the progress in the file; a bad file is moved aside only if allowed."""
        name = self.path.name
        try:
            progress = _decode(_read_capped(self.path))
        except FileNotFoundError:
            return LoadResult(Progress())
        except _Newer as newer:
            self.read_only = True
            return LoadResult(
                Progress(),
                f"{name} was saved by a newer dartfit (schema {_plain(str(newer.schema))}, "
                f"this one reads {SCHEMA}); playing without saving so it is not overwritten",
            )
        except OSError as error:
            return self._unreadable(error.strerror or str(error), may_move_aside)
        except _Unreadable as error:
            return self._unreadable(str(error), may_move_aside)
        return LoadResult(progress)

    def _unreadable(self, reason: str, may_move_aside: bool) -> LoadResult:
        if may_move_aside:
            return self._move_aside(_plain(reason))
        return LoadResult(
            Progress(),
            f"{self.path.name} is unreadable ({_plain(reason)}); playing without it for now",
        )

    def _move_aside(self, reason: str) -> LoadResult:
        # Renames the name itself: a symlink is moved, never what it points at.
        name = self.path.name
        try:
            aside = self._aside_path()
            os.rename(self.path, aside)
        except OSError as error:
            self.read_only = True
            return LoadResult(
                Progress(),
                f"{name} was unreadable ({reason}) and could not be moved aside "
                f"({error.strerror or error}); playing without saving",
            )
        return LoadResult(
            Progress(),
            f"{name} was unreadable ({reason}); moved it to {aside.name} and started fresh",
        )

    def _aside_path(self) -> Path:
        stem = f"{self.path.name}.corrupt-{self._clock():%Y%m%d-%H%M%S}"
        candidate = self.path.with_name(stem)
        n = 1
        while candidate.exists() or candidate.is_symlink():
            n += 1
            candidate = self.path.with_name(f"{stem}-{n}")
        return candidate

    @contextlib.contextmanager
    def _locked(self) -> Iterator[_Lock]:
        """Try for the exclusive lock on progress.json.lock for up to `lock_timeout` seconds."""
        if fcntl is None:
            yield _Lock.UNAVAILABLE
            return
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        try:
            fd = os.open(self.lock_path, flags, 0o644)
        except OSError:  # missing or read-only folder: nothing to guard yet
            yield _Lock.UNAVAILABLE
            return
        try:
            yield self._acquire(fd)
        finally:
            os.close(fd)  # closing releases the lock

    def _acquire(self, fd: int) -> _Lock:
        assert fcntl is not None
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    return _Lock.BUSY
                time.sleep(min(_LOCK_POLL, left))
            except OSError:  # e.g. a filesystem without flock
                return _Lock.UNAVAILABLE
            else:
                return _Lock.HELD

    def _target(self) -> Path:
        """Return the file to replace: what progress.json links to, if it is a link."""
        target = Path(os.path.realpath(self.path))
        if not target.parent.is_dir():
            raise _NotSaved(
                f"{self.path.name} not saved: it links to {_plain(str(target))}, "
                "whose folder does not exist"
            )
        return target

    def _write_atomically(self, data: bytes, *, remove_stale: bool) -> None:
        target = self._target()
        folder, prefix = target.parent, f".{target.name}."
        if remove_stale:  # under the lock no save is in flight: any temp file is from a crash
            for stale in folder.glob(f"{prefix}*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as temp:
                temp.write(data)
                temp.flush()
                os.fsync(temp.fileno())
            os.replace(temp_name, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
        _fsync_folder(folder)


def _apply(changes: list[Callable[[Progress], Progress]], progress: Progress) -> Progress:
    """Return progress after each change in turn."""
    for change in changes:
        progress = change(progress)
    return progress


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; a no-op where folders can't be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
