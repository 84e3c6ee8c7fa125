"""The player's saved progress: typed records, best-result-wins merging, safe load and save.

Pure data layer: never imports textual. `Progress` values are immutable; every change
returns a new one. `ProgressStore` reads and writes `progress.json`, never raises on a bad
file, and never loses another dartfit process's stars (it merges with the file on disk
under a lock before each atomic replace).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
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
    if value is not None and value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")


def _check_stars(stars: int) -> None:
    if not 0 <= stars <= 3:
        raise ValueError(f"stars must be 0..3, got {stars}")


def _check_mse(value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and value >= 0):
        raise ValueError(f"an MSE must be a finite number >= 0, got {value}")


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
        _check_count("presses", self.presses)
        _check_count("hints_used", self.hints_used)
        if self.finished_at.tzinfo is None:
            raise ValueError("finished_at must carry a timezone")


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
        _check_count("presses", self.presses)
        _check_count("hints_used", self.hints_used)
        _check_count("resets", self.resets)
        if self.completed_at is not None and self.completed_at.tzinfo is None:
            raise ValueError("completed_at must carry a timezone")

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
        fresh = LevelRecord(resets=self.get(level_id).resets + 1)
        return msgspec.structs.replace(self, levels={**self.levels, level_id: fresh})

    def reset_all(self) -> Progress:
        """Return progress with every level forgotten; settings are kept."""
        return Progress(settings=dict(self.settings), resets=self.resets + 1)

    def with_setting(self, key: str, value: Any) -> Progress:
        """Return progress with one setting changed; the value must be JSON-encodable."""
        if not isinstance(key, str):
            raise TypeError(f"setting names are strings, got {key!r}")
        msgspec.json.encode(value)  # raises TypeError now rather than at save time
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


class _Unreadable(Exception):
    """The file cannot be used as progress; the message says why, for the player."""


class _Newer(Exception):
    """The file was written by a newer dartfit."""

    def __init__(self, schema: int) -> None:
        super().__init__(schema)
        self.schema = schema


def _encode(progress: Progress) -> bytes:
    """Return the JSON bytes of progress as saved in progress.json."""
    document = {"schema": SCHEMA, **msgspec.to_builtins(progress)}
    return msgspec.json.format(msgspec.json.encode(document), indent=2) + b"\n"


def _decode(raw: bytes) -> Progress:
    """Parse progress.json bytes; raise _Unreadable or _Newer when they can't be used."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Unreadable(f"not UTF-8 text at byte {error.start}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise _Unreadable(f"line {error.lineno}: {error.msg}") from None
    if not isinstance(document, dict):
        raise _Unreadable(f"expected a JSON object, found {type(document).__name__}")
    schema = document.pop("schema", None)
    if type(schema) is not int:
        raise _Unreadable('not a dartfit progress file: no integer "schema"')
    if schema > SCHEMA:
        raise _Newer(schema)
    if schema < SCHEMA:
        raise _Unreadable(f"unknown schema {schema}")
    try:
        return msgspec.convert(document, Progress)
    except msgspec.ValidationError as error:
        raise _Unreadable(str(error)) from None


class ProgressStore:
    """Loads and saves one player's progress.json; never raises on a bad or foreign file.

    After `load` meets a file from a newer dartfit, or one it could not move aside, the
    store is `read_only` and `save` refuses (returns False) rather than overwrite it.
    """

    def __init__(self, path: Path, *, clock: Callable[[], datetime] = datetime.now) -> None:
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.read_only = False
        self.last_warning: str | None = None
        self._clock = clock

    @classmethod
    def in_folder(cls, folder: Path) -> ProgressStore:
        """Return the store for progress.json in a data folder."""
        return cls(Path(folder) / PROGRESS_FILE)

    def load(self) -> LoadResult:
        """Return the saved progress, or empty progress and a warning if the file is bad."""
        with self._locked():
            result = self._load_locked()
        self.last_warning = result.warning
        return result

    def save(self, progress: Progress) -> bool:
        """Merge progress with the file on disk and write it atomically; False if not saved.

        When False, `last_warning` says why (read-only store or an OS error).
        """
        if self.read_only:
            self.last_warning = f"{self.path.name} is read-only this session; progress not saved"
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._locked() as locked:
                on_disk = self._load_locked()
                self.last_warning = on_disk.warning
                if self.read_only:
                    return False
                if locked:
                    self._remove_stale_temp_files()
                self._write_atomically(_encode(progress.merge(on_disk.progress)))
        except OSError as error:
            self.last_warning = f"could not save {self.path.name}: {error.strerror or error}"
            return False
        return True

    def _load_locked(self) -> LoadResult:
        name = self.path.name
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return LoadResult(Progress())
        except OSError as error:
            return self._move_aside(error.strerror or str(error))
        try:
            return LoadResult(_decode(raw))
        except _Unreadable as error:
            return self._move_aside(str(error))
        except _Newer as newer:
            self.read_only = True
            return LoadResult(
                Progress(),
                f"{name} was saved by a newer dartfit (schema {newer.schema}, this one reads "
                f"{SCHEMA}); playing without saving so it is not overwritten",
            )

    def _move_aside(self, reason: str) -> LoadResult:
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
    def _locked(self) -> Iterator[bool]:
        """Hold the exclusive lock on progress.json.lock; yield False if locking is unavailable."""
        if fcntl is None:
            yield False
            return
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:  # missing or read-only folder: nothing to guard yet
            yield False
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                locked = True
            except OSError:  # e.g. a filesystem without flock
                locked = False
            yield locked
        finally:
            os.close(fd)  # closing releases the lock

    def _temp_prefix(self) -> str:
        return f".{self.path.name}."

    def _remove_stale_temp_files(self) -> None:
        # Under the lock no save is in flight, so any temp file is left from a crash.
        for stale in self.path.parent.glob(f"{self._temp_prefix()}*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def _write_atomically(self, data: bytes) -> None:
        folder = self.path.parent
        fd, temp_name = tempfile.mkstemp(dir=folder, prefix=self._temp_prefix(), suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as temp:
                temp.write(data)
                temp.flush()
                os.fsync(temp.fileno())
            os.replace(temp_name, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
        _fsync_folder(folder)


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
