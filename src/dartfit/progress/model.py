"""The progress model: what the player has done, and the rule that the best result wins.

Pure: no files, no clock but the one a `LevelResult` stamps itself with, never textual.
`Progress` values are immutable; every change returns a new one, and each is checked as it
is built so that every one that can be made saves as JSON and reads back unchanged. Merging
is level-wise best-of, and a more recent reset (of one level or of all) wins whole, so two
windows never lose each other's stars or resets. Every store of progress shares these rules.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec

from dartfit.progress.answers import MOST, AnswerRecord, Moment

MAX_INT = MOST  # the largest whole number every JSON reader keeps exact
MAX_SETTING_DEPTH = 32
MAX_SETTING_VALUES = 10_000  # a handful of toggles in practice; keeps every check quick

AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]


def _min(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else min(a, b)


def _max(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else max(a, b)


def _check_count(name: str, value: int | None) -> None:
    if value is not None and not 0 <= value <= MAX_INT:
        raise ValueError(f"{name} must be a whole number 0..2**53-1, got {value}")


def _bump(count: int) -> int:
    """Return the count of resets after one more: count + 1, and 1 after MAX_INT, so it can
    always be saved and is still `later` than count."""
    return count % MAX_INT + 1


def later(count: int, other: int) -> bool:
    """Whether a count of resets is later than another. 0 (never reset) is before every
    other; the rest go round, 1 after 2**53 - 1, and the nearer way round from one to the
    other decides (as a network's sequence numbers do, RFC 1982). A count stopped at the
    most made a reset there no later than the stale window it was to win over, which merged
    every star back (a save edited by hand to the most). Two windows' counts differ by the
    few resets between them; counts far apart (edited by hand) still compare one way."""
    if count == 0 or other == 0:
        return other == 0 < count
    return 0 < (count - other) % MAX_INT <= MAX_INT // 2


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


SHOW_SQUARES = "show_squares"
"""The setting that shows the penalty squares (on unless set off)."""

THEME = "theme"
"""The Textual theme the player last chose (ctrl+p → theme); one not known is passed over."""

_YES = frozenset({"true", "yes", "on", "1"})
_NO = frozenset({"false", "no", "off", "0"})


def flag(settings: Mapping[str, Any], key: str, default: bool) -> bool:
    """A yes-or-no setting as a person editing the save would mean it: true or false,
    1 or 0, or one of yes/no, on/off, true/false (any case); anything else is the default.
    """
    value = settings.get(key, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
    return default


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
        if self.stars and not self.completed:
            raise ValueError(f"stars come only with a win, got {self.stars} for a run not won")
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
        if self.stars and not self.completed:  # stars are only earned by a win: a record
            # edited to hold them without it stands for that win (else a level would show
            # stars, count them, and stay locked)
            msgspec.structs.force_setattr(self, "completed", True)
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
            return self if later(self.resets, other.resets) else other
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
    answers: dict[str, AnswerRecord] = msgspec.field(default_factory=dict)
    """The checks' questions answered, by ``<check id>/<question id>``."""

    def __post_init__(self) -> None:
        _check_count("resets", self.resets)
        for level_id in [*self.levels, *self.answers]:
            _check_text("a level or question id", level_id)
        _check_settings(self.settings)

    def get(self, level_id: str) -> LevelRecord:
        """Return the record for a level, or an empty one if it was never played."""
        return self.levels.get(level_id, _EMPTY_RECORD)

    def record(self, level_id: str, result: LevelResult) -> Progress:
        """Return progress with one more run of a level folded in; the best result wins."""
        old = self.get(level_id)
        new = old.best_of(LevelRecord.from_result(result, resets=old.resets))
        return msgspec.structs.replace(self, levels={**self.levels, level_id: new})

    def won(self) -> int:
        """How many levels the player has won (the clock of the review schedule)."""
        return sum(record.completed for record in self.levels.values())

    def answered(
        self, question: str, right: bool, moment: Moment, won: int | None = None
    ) -> Progress:
        """Return progress with one more answer to a check's question folded in; `won` is
        the review schedule's clock, the campaign's levels won (default: every level)."""
        old = self.answers.get(question, AnswerRecord())
        new = old.answered(right, moment, self.won() if won is None else won)
        return msgspec.structs.replace(self, answers={**self.answers, question: new})

    def reset_level(self, level_id: str) -> Progress:
        """Return progress with one level forgotten."""
        fresh = LevelRecord(resets=_bump(self.get(level_id).resets))
        return msgspec.structs.replace(self, levels={**self.levels, level_id: fresh})

    def reset_all(self) -> Progress:
        """Return progress with every level and answer forgotten; settings are kept."""
        return Progress(settings=dict(self.settings), resets=_bump(self.resets))

    def with_setting(self, key: str, value: Any) -> Progress:
        """Return progress with one setting changed; TypeError or ValueError unless the
        value is plain JSON that reads back unchanged (see `_check_settings`)."""
        return msgspec.structs.replace(self, settings={**self.settings, key: value})

    def merge(self, other: Progress) -> Progress:
        """Return the level-wise best of two progresses; on a shared setting, self wins.

        Commutative and idempotent on levels. A side reset with `reset_all` more recently
        (a `later` count of `resets`) replaces the other's levels instead of merging with them.
        """
        settings = {**other.settings, **self.settings}
        if self.resets != other.resets:
            newer = self if later(self.resets, other.resets) else other
            return Progress(
                levels=dict(newer.levels),
                settings=settings,
                resets=newer.resets,
                answers=dict(newer.answers),
            )
        levels = dict(other.levels)
        for level_id, mine in self.levels.items():
            theirs = levels.get(level_id)
            levels[level_id] = mine if theirs is None else mine.best_of(theirs)
        answers = dict(other.answers)
        for question, said in self.answers.items():
            theirs_said = answers.get(question)
            answers[question] = said if theirs_said is None else said.best_of(theirs_said)
        return Progress(levels=levels, settings=settings, resets=self.resets, answers=answers)
