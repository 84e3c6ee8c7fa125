"""What every kind's rules answer, with the answers most kinds share.

`dartfit.kinds` names one `KindRules` per kind; the shared scoring (`rules.scoring`) and the
level checker (`dartfit.check`) ask it, instead of branching on the kind's name.
"""

from __future__ import annotations

from dartfit.kinds import kind_of
from dartfit.levels import Level
from dartfit.rules.scoring import describe_target
from dartfit.wording import apart, num

CLEAR_MARGIN = 0.05
"""How far a pick's answer stands from the next choice: the larger value at least this
fraction past the smaller, so the answer can be seen, not guessed (or read off a float's
last bits: rounds whose MSEs both read 4.667 passed check, and the game called a pick of
the first one wrong)."""


def stands_clear(larger: float, smaller: float, round_off: float = 0.0) -> bool:
    """Whether `larger` stands clear of `smaller` by the pick's margin (`CLEAR_MARGIN`),
    each value no more than `round_off` (what float64 can't tell from 0 at the data's size)
    counted as that much: round-off is a tie, whatever its last bits say."""
    return larger > max(smaller, round_off) * (1 + CLEAR_MARGIN)


def too_close_to_call(
    what: str, larger: float, smaller: float, round_off: float = 0.0
) -> list[str]:
    """`dartfit check`'s line for a pick whose answer, `larger` (the value that wins it),
    does not stand clear of the next choice's, `smaller` (`stands_clear`, with `round_off`);
    none when it does."""
    if stands_clear(larger, smaller, round_off):
        return []
    first, second = apart(larger, smaller)
    if larger <= round_off * (1 + CLEAR_MARGIN):  # 3.47e−32 against 8.85e−32: both 0
        return [
            f"{what} ({first} and {second}) are round-off: beside the data float64 can't tell"
            f" them (or anything up to {num(round_off)}) from 0, so round-off would pick the"
            " answer and the player can only guess"
        ]
    return [
        f"{what} ({first} and {second}) are too close to call: the larger must be"
        f" {CLEAR_MARGIN * 100:g} % above the other, or the player can only guess which"
    ]


class KindRules:
    """A kind's answers about a level; the defaults suit a kind with no number to reach."""

    best_label = "best possible"
    """What the win screen calls the optimum."""

    optimum_is_least = True
    """Whether `optimum` is the least a player can reach, or (darts) a reference a player
    may beat: `dartfit levels` says which."""

    def optimum(self, level: Level) -> float | None:
        """The best value of the level's metric a player can reach (None for picks)."""
        return None

    def result_named(self, level: Level) -> str:
        """What the win calls the player's number, after "Your": the target's metric."""
        return level.spec.target.named

    def references(self, level: Level) -> list[tuple[str, float]]:
        """The numbers the win shows beside the player's, each with what it is."""
        best = self.optimum(level)
        return [] if best is None else [(self.best_label, best)]

    def start_value(self, level: Level) -> float | None:
        """The metric before the player does anything (None when there is none)."""
        return None

    def key_problems(self, level: Level) -> list[str]:
        """Keys that would move nothing (each a line for `dartfit check`)."""
        return []

    def target_problems(self, level: Level, goal: float | None) -> list[str]:
        """Why the target can't be met (`dartfit check`): for "at most", the optimum must
        reach it, and then the kind's own way of getting there (`reach_problems`); for
        either, the start must not meet it already."""
        best, kind = self.optimum(level), level.spec.target.type
        if goal is None or best is None or kind not in ("at_most", "at_least"):
            return []
        name, sign = level.spec.target.metric.upper(), "≤" if kind == "at_most" else "≥"
        if kind == "at_most" and best > goal:
            target, best_text = apart(goal, best)
            return [f"target: {name} ≤ {target} is below the best achievable {best_text}"]
        start = self.start_value(level)
        # won before the first key is pressed (a points level "at least 1 × the start")
        if start is not None and (start <= goal if kind == "at_most" else start >= goal):
            target, start_text = apart(goal, start)
            return [f"target: {name} {sign} {target} is met at the start ({name} {start_text})"]
        return self.reach_problems(level, goal) if kind == "at_most" else []

    def reach_problems(self, level: Level, goal: float) -> list[str]:
        """Why the player can't get to a target the optimum beats (empty when they can)."""
        return []

    def export_points(self, level: Level) -> tuple[list[float], list[float]]:
        """The level's data as x and y columns (`dartfit export`)."""
        return [float(v) for v in level.x], [float(v) for v in level.y]

    def why_not_exportable(self, level: Level) -> str | None:
        """Why the level has no fixed points to export (None when it has)."""
        return None

    def why_not_solvable(self, level: Level) -> str | None:
        """Why the auto-solver can't fit this level's model (None when it can)."""
        target = level.spec.target
        if target.type.startswith("pick"):
            return f"its goal is to {describe_target(level)}, not a fit"
        if target.type != "at_most" or kind_of(level.spec).refits:
            return f"its goal is {describe_target(level)} by moving points, not a fit"
        if level.x.size == 0:
            return "it has no points"
        return None
