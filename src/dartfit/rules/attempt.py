"""One visit to a level as one frozen value: the hints shown, the best value, the win latch.

A level screen holds its `Attempt` in a reactive and replaces it on every change. When a
value wins (`scored`) and what a win records (`result`) are decided here and nowhere else.
So is what `undo` does to a kind's state: each move keeps the state it came from.
"""

from __future__ import annotations

from dataclasses import Field, dataclass, replace
from typing import Any, ClassVar, Protocol, Self, TypeVar

from dartfit.levels import Level
from dartfit.progress.model import LevelResult
from dartfit.rules import scoring
from dartfit.wording import shown_result


class Undoable(Protocol):
    """A kind's frozen dataclass state that remembers the state before its last move."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]
    KEPT_BY_UNDO: ClassVar[tuple[str, ...]]
    """What an undo keeps as it is: what the player has spent or seen (presses, a best
    line shown, a wrong pick). Taken back with a move, each was free to try again."""

    @property
    def presses(self) -> int: ...
    @property
    def previous(self) -> Self | None: ...


S = TypeVar("S", bound=Undoable)


def undo(state: S) -> S:
    """The state before the last move that moved something, with what the player has spent
    or seen kept (`KEPT_BY_UNDO`); the same state when there is none. An undo neither
    counts as a press nor takes one back, so trying a move then taking it back is never
    free. A press that moved nothing (a point at its limit) is taken back with the move
    before it: undone alone, it gave a state equal to the one on screen, which the screen
    did not take, and every earlier move was stuck (a review)."""
    kept = {name: getattr(state, name) for name in state.KEPT_BY_UNDO}
    before = state.previous
    while before is not None and replace(before, **kept) == state:
        before = before.previous
    return state if before is None else replace(before, **kept)


def can_undo(state: Undoable | None) -> bool:
    """Whether `undo` would take a move back."""
    return state is not None and undo(state) is not state


@dataclass(frozen=True)
class Attempt:
    """The player's visit to a level so far, whatever the kind."""

    hints: int = 0  # hints shown (a reset keeps them: they were read)
    best: float | None = None  # the best metric scored: lowest for at_most, highest for at_least
    won: bool = False  # the latch: the last value scored beats the target, and it has won
    just_won: bool = False  # the last value scored won: the screen shows the win for it
    kept: LevelResult | None = None  # the best result won since the start (or a reset)
    bettered: bool = False  # the last value scored beat the `kept` before it: kept in its place


def hint(attempt: Attempt, level: Level) -> Attempt:
    """One more hint from the level's ladder (it stops at the last)."""
    return replace(attempt, hints=min(attempt.hints + 1, len(level.spec.hints)), just_won=False)


def better(level: Level, old: float, new: float) -> bool:
    """Whether `new` is a better value of the level's metric than `old`."""
    return new > old if level.spec.target.type == "at_least" else new < old


def _better(level: Level, best: float | None, value: float) -> float:
    return value if best is None or better(level, best, value) else best


def improves(level: Level, kept: LevelResult, new: LevelResult) -> bool:
    """Whether `new` is a better result than `kept`: more stars, or as many and a better
    value as the player reads it (a value that reads the same is no better)."""
    if new.stars != kept.stars:
        return new.stars > kept.stars
    if new.score is None or kept.score is None:
        return False
    metric = level.spec.target.metric
    return better(level, kept.score, new.score) and shown_result(metric, new.score) != shown_result(
        metric, kept.score
    )


def improvable(level: Level, kept: LevelResult, revealed: bool = False) -> bool:
    """Whether playing on can better the result `kept` (`improves`): whether the best value
    the level's metric can reach, made after as many presses (playing on adds presses,
    never takes one back), would. A win at MAE 2.143 beside the best 2.143, or at MSE 0 on
    two points, offered "k keep improving" with nothing left to better (an independent
    check). True where the level has no best value to reach."""
    best = scoring.optimum(level)
    if best is None:
        return True
    reached = result(Attempt(hints=kept.hints_used), level, best, kept.presses or 0, revealed)
    return improves(level, kept, reached)


def scored(
    attempt: Attempt,
    level: Level,
    value: float,
    finish: bool = False,
    *,
    presses: int = 0,
    revealed: bool = False,
) -> Attempt:
    """The attempt once the level's metric reads `value` after `presses`, with the best
    value and the best result kept.

    A value wins the moment it beats the target. Once won, it wins again only with a result
    better than the one kept (`improves`), after falling short of the target: crossing the
    target back and forth with the same line opened the win again and again (a review).
    A better result made while the target stays beaten is kept without a win (`bettered`).
    `finish`: the player asked to finish, so a beaten value wins even if the attempt has
    won already.
    """
    beats = scoring.beaten(level, value)
    now = result(attempt, level, value, presses, revealed)
    kept = attempt.kept
    keeps = beats and (kept is None or improves(level, kept, now))
    return Attempt(
        hints=attempt.hints,
        best=_better(level, attempt.best, value),
        won=beats,
        just_won=beats and (finish or (keeps and not attempt.won)),
        kept=now if keeps else kept,
        bettered=keeps and kept is not None,
    )


def reset(attempt: Attempt) -> Attempt:
    """The level starts again: the win and its result are forgotten; the hints shown and
    the best value are not."""
    return replace(attempt, won=False, just_won=False, kept=None, bettered=False)


def result(
    attempt: Attempt, level: Level, value: float, presses: int, revealed: bool = False
) -> LevelResult:
    """What a win records: its stars, its value, its presses and the hints used."""
    return LevelResult(
        completed=True,
        stars=scoring.stars(level, value, presses, revealed),
        mse=value if level.spec.target.type == "at_most" else None,
        score=value,
        presses=presses,
        hints_used=attempt.hints,
    )
