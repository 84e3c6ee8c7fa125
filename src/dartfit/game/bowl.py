"""Descent by hand: a point on the MSE bowl, stepped against the gradient one key at a time.

The bowl can be shown over raw x or over centred, scaled x (feature scaling); the line is
the same either way: ŷ = m'·(x − x̄)/s + b' is ŷ = (m'/s)·x + (b' − m'·x̄/s).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from dartfit import core, goals
from dartfit.levels import Descent, Level

FloatArray = NDArray[np.float64]
BLOW_UP = 1e8  # the MSE growing this many times over its start counts as diverged
RATE_RANGE = (1e-100, 1e100)  # the keys' reach: far past divergence, never 0 or infinity


@dataclass(frozen=True)
class BowlState:
    """Where the player stands on the bowl, the path so far and the rate in use."""

    scaled: bool
    learning_rate: float
    path: tuple[tuple[float, float, float], ...]  # (m, b, mse) in the bowl's coordinates
    presses: int = 0
    diverged: bool = False

    @property
    def steps(self) -> int:
        """Gradient steps taken so far."""
        return len(self.path) - 1

    @property
    def mse(self) -> float:
        """The MSE where the player stands."""
        return self.path[-1][2]


def spec(level: Level) -> Descent:
    """The level's [descent] table (defaults when absent)."""
    return level.spec.descent or Descent()


@cache
def _scale(level: Level) -> tuple[float, float]:
    return float(np.mean(level.x)), float(np.std(level.x)) or 1.0


def xs(level: Level, scaled: bool) -> FloatArray:
    """The x the bowl is drawn over: raw, or centred and scaled to unit spread."""
    if not scaled:
        return level.x
    mean, std = _scale(level)
    return (level.x - mean) / std


def to_bowl(level: Level, scaled: bool, m: float, b: float) -> tuple[float, float]:
    """A line (m, b) on raw x, in the bowl's coordinates."""
    if not scaled:
        return m, b
    mean, std = _scale(level)
    return m * std, b + m * mean


def to_line(level: Level, scaled: bool, m: float, b: float) -> tuple[float, float]:
    """The bowl's coordinates back to the line's (m, b) on raw x."""
    if not scaled:
        return m, b
    mean, std = _scale(level)
    return m / std, b - m * mean / std


def max_stable_rate(level: Level, scaled: bool) -> float:
    """The largest learning rate plain gradient descent survives on this bowl."""
    return core.max_stable_learning_rate(xs(level, scaled))


def start(
    level: Level, scaled: bool | None = None, learning_rate: float | None = None
) -> BowlState:
    """The level's starting point; the rate defaults to half the largest stable one."""
    scaled = spec(level).scaled if scaled is None else scaled
    rate = learning_rate or spec(level).learning_rate or max_stable_rate(level, scaled) / 2
    m, b = to_bowl(level, scaled, *goals.start_line(level))
    mse = core.mse(level.y, core.line_predict(xs(level, scaled), m, b))
    return BowlState(scaled, rate, ((m, b, mse),))


def gradient(level: Level, state: BowlState) -> tuple[float, float]:
    """∂MSE/∂m and ∂MSE/∂b where the player stands (in the bowl's coordinates)."""
    m, b, _ = state.path[-1]
    return core.line_gradient(xs(level, state.scaled), level.y, m, b)


def step(level: Level, state: BowlState) -> BowlState:
    """One gradient step, θ ← θ − η·∇MSE; a blow-up is recorded, never a NaN."""
    if state.diverged or state.steps >= spec(level).max_steps:
        return state
    x = xs(level, state.scaled)
    problem = core.make_problem(x, level.y, "gd", state.learning_rate)
    m, b, _ = state.path[-1]
    with np.errstate(over="ignore", invalid="ignore"):
        after = core.descent_step(problem, core.start_state(problem, m, b))
    start_mse = state.path[0][2] + float(np.var(level.y)) + 1e-12
    blown = not all(map(math.isfinite, (after.m, after.b, after.mse)))
    if blown or after.mse > BLOW_UP * start_mse:
        return replace(state, diverged=True, presses=state.presses + 1)
    path = (*state.path, (after.m, after.b, after.mse))
    return replace(state, path=path, presses=state.presses + 1)


def run_out(level: Level, state: BowlState) -> BowlState:
    """Take every step left in the budget (stops early on a blow-up)."""
    while not state.diverged and state.steps < spec(level).max_steps:
        state = step(level, state)
    return state


def with_rate(level: Level, state: BowlState, factor: float) -> BowlState:
    """Change the learning rate (allowed before the first step) and keep the start."""
    rate = min(max(state.learning_rate * factor, RATE_RANGE[0]), RATE_RANGE[1])
    return replace(state, learning_rate=rate, presses=state.presses + 1)


def toggle_scaling(level: Level, state: BowlState) -> BowlState:
    """Switch between raw and scaled x; the walk starts again at the level's start."""
    fresh = start(level, not state.scaled)
    return replace(fresh, presses=state.presses + 1)


def climbing(state: BowlState, run: int = 3) -> bool:
    """Whether the MSE rose on each of the last `run` steps: descent is diverging."""
    mses = [mse for _, _, mse in state.path[-run - 1 :]]
    return len(mses) == run + 1 and all(b > a for a, b in pairwise(mses))


def divergence_reason(level: Level, state: BowlState) -> str:
    """Why the walk blew up, in plain words, with the numbers."""
    limit = max_stable_rate(level, state.scaled)
    word = "Diverged" if state.diverged else "Diverging"
    return (
        f"{word}: η = {state.learning_rate:.3g} is above the largest stable rate "
        f"2/λ_max = {limit:.3g}. Each step overshoots the bottom of the bowl's steepest "
        "direction by more than it corrects, so the MSE grows."
    )


@cache
def steps_needed(
    level: Level, scaled: bool, rate: float | None = None, cap: int = 20_000
) -> int | None:
    """How many steps of plain descent (at `rate`, default half the stable rate) beat the
    target, or None when it takes more than `cap` or blows up."""
    goal = goals.target_value(level)
    if goal is None:
        return None
    rate = rate or max_stable_rate(level, scaled) / 2
    first = start(level, scaled, rate)
    problem = core.make_problem(xs(level, scaled), level.y, "gd", rate)
    m, b, _ = first.path[0]
    state = core.start_state(problem, m, b)
    with np.errstate(over="ignore", invalid="ignore"):
        for taken in range(cap + 1):
            if state.mse <= goal:
                return taken
            state = core.descent_step(problem, state)
            if not math.isfinite(state.mse):
                return None
    return None


def reachable(level: Level) -> bool:
    """Whether some rate the keys can choose (or the fixed one) beats the target in budget."""
    d = spec(level)
    for scaled in (False, True):
        first = start(level, scaled).learning_rate
        rates = [first] if d.lock_rate else [first * 1.25**k for k in range(-30, 31)]
        for rate in rates:
            needed = steps_needed(level, scaled, rate, cap=d.max_steps)
            if needed is not None and needed <= d.max_steps:
                return True
    return False
