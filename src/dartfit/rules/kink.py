"""Why differentiability matters: descent on one number under the MSE and under the MAE.

From the same start with the same rate, the MSE's gradient, 2(c − ȳ), shrinks as c nears the
mean, so its steps shrink and it settles; the MAE's subgradient is the share of points below
less the share above, ±1 of the same size however near the median c is (|e| has a kink at 0,
no slope that shrinks), so its steps keep their size and it steps across the median and back
for ever. The player predicts which settles before the run is shown.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from dartfit import core
from dartfit.levels import Descent, Level, per_level
from dartfit.rules.base import KindRules
from dartfit.wording import num

CHOICES = {1: "only the MSE's", 2: "only the MAE's", 3: "both"}
"""The predictions: which descent settles at its best."""
RIGHT = 1
SETTLED = 1e-6
"""A descent whose last steps are all this small (relative to the data's spread) settled."""
LAST = 5
"""How many of the last steps decide whether a descent settled."""


@dataclass(frozen=True)
class KinkState:
    """The prediction (None before it), and how many steps of the run are shown."""

    prediction: int | None = None
    steps: int = 0


def tuning(level: Level) -> Descent:
    """The level's [descent] table (its defaults when absent)."""
    return level.spec.descent or Descent()


def rate(level: Level) -> float:
    """The learning rate both descents use."""
    return tuning(level).learning_rate or 0.5


@per_level
def paths(level: Level) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The MSE's and the MAE's descent on one number, from the level's start b."""
    t = tuning(level)
    start = level.spec.start.b if level.spec.start.b is not None else float(level.y.max())
    return (
        core.constant_descent(level.y, start, rate(level), t.max_steps, "mse"),
        core.constant_descent(level.y, start, rate(level), t.max_steps, "mae"),
    )


def step_sizes(path: tuple[float, ...]) -> list[float]:
    """|Δc| of each step."""
    return [abs(b - a) for a, b in itertools.pairwise(path)]


def settled(level: Level, path: tuple[float, ...]) -> bool:
    """Whether a descent's last LAST steps are all below SETTLED of the data's spread."""
    spread = float(level.y.max() - level.y.min()) or 1.0
    return all(size <= SETTLED * spread for size in step_sizes(path)[-LAST:])


def answer(level: Level) -> int:
    """Which descent settles: 1 the MSE's only, 2 the MAE's only, 3 both (0: neither)."""
    mse, mae = (settled(level, path) for path in paths(level))
    return (1 if mse else 0) + (2 if mae else 0)


def predict(state: KinkState, choice: int) -> KinkState:
    """The prediction, once, before the run."""
    if state.prediction is not None or choice not in CHOICES:
        return state
    return replace(state, prediction=choice)


def step(level: Level, state: KinkState, count: int = 1) -> KinkState:
    """Show `count` more steps of both descents (only after the prediction)."""
    if state.prediction is None:
        return state
    return replace(state, steps=min(state.steps + count, tuning(level).max_steps))


def finished(level: Level, state: KinkState) -> bool:
    """Whether the whole run is shown."""
    return state.steps >= tuning(level).max_steps


class KinkRules(KindRules):
    """Predict which descent settles: the MSE's (smooth) or the MAE's (kinked)."""

    def target_problems(self, level: Level, goal: float | None) -> list[str]:
        """The level's own run must show the lesson: the MSE's descent settles and the
        MAE's never does (else the prediction it asks for would teach the wrong thing)."""
        if answer(level) != RIGHT:
            return [
                "descent: with this start, rate and steps the MSE's descent must settle and"
                " the MAE's must not (a rate below 1 and enough max_steps for the first; an"
                " odd number of points and a start off the median for the second: with an"
                " even number the MAE's bottom is flat, and it may settle there)"
            ]
        # The MAE's steps near its bottom are the rate over n, whatever the data's size: on
        # y 1e30 times smaller than the shipped level's, c stepped 0.05 across points 1e-29
        # apart (a hostile pass), and its chart showed none of them.
        spread, step = float(level.y.max() - level.y.min()), rate(level) / level.y.size
        if step > spread:
            return [
                f"descent.learning_rate: the MAE's steps near its bottom are the rate over the"
                f" {level.y.size} points, {num(step)}, wider than all the data (y spans"
                f" {num(spread)}): c would jump past every point; choose a rate below"
                f" {num(spread * level.y.size)}"
            ]
        return []

    def why_not_solvable(self, level: Level) -> str | None:
        return "its goal is to predict which descent settles, not a fit"


KINK = KinkRules()
