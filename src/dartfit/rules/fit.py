"""The player's line (or constant) on line and mae levels, what it scores, and the sandbox.

The line moves on a lattice: m = m0 + i·(fine m step), b = b0 + j·(fine b step), computed
afresh from whole steps on every key, so that the lines a player can reach are exactly
the lines `linear.best_on_key_grid` (the rule of `dartfit check`) tries. A slope key may
tilt the line about a pivot other than x = 0: the sandbox tilts it about the middle of
the data, so that data far from zero doesn't need a million intercept presses. The pivot
is a whole number of b steps per m step, so every tilt stays on the lattice.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import msgspec
import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.core.numbers import nice
from dartfit.levels import Controls, Level, Start, Target
from dartfit.rules import linear
from dartfit.rules.linear import LineRules
from dartfit.wording import num

SANDBOX = "your-data"  # the id levels.sandbox_level gives the player's own data
CLOSE = 1.01  # the sandbox's target: within 1 % of the best MSE ...
FLOOR = 1e-6  # ... and never below this fraction of y's variance (exact data: RMSE 0.1 % of σ)
MARGIN = 1e-6  # a target this far above the best reachable line stays reachable after rounding
TILT_HINT = "← → tilt the line about the middle of your data, ↑ ↓ lift it; shift: ten times finer."
REACH = 1_000_000  # fine steps of tilt or lift, at most: the line can't run off to overflow


@dataclass(frozen=True)
class FitState:
    """The player's current line, its place on the key lattice, and how they got there."""

    m: float
    b: float
    presses: int = 0
    revealed: bool = False
    tilt: int = 0  # fine slope steps from the start
    lift: int = 0  # fine steps of the line's height at the pivot
    pivot: int = 0  # fine b steps the intercept loses per fine slope step (0: tilt about x = 0)


BIG = core.stats.BIG  # above this: running sums, shaded cells, and MAE once the line rests


@dataclass(frozen=True)
class FitScore:
    """The numbers the HUD shows for a line (on big data: no residuals, MAE not yet known)."""

    residuals: FloatArray | None
    sse: float
    mse: float
    mae: float | None
    value: float  # the level's own metric (MSE or MAE)


def is_big(level: Level) -> bool:
    """Whether the level has so many points that a nudge must not touch each one."""
    return level.x.size > BIG


def start(level: Level) -> FitState:
    """The state a level begins in (the sandbox's slope keys tilt about its data's middle)."""
    m, b = linear.start_line(level)
    pivot = 0
    if level.id == SANDBOX and level.spec.model.shape == "line":
        steps = linear.steps(level)
        pivot = round(float(np.mean(level.x)) * steps.m / steps.b)
    return FitState(m, b, pivot=pivot)


def nudge(level: Level, state: FitState, tilt: int, lift: int) -> FitState:
    """Tilt and lift the line by whole fine steps (a coarse step is ten); a constant can't tilt."""
    tilt = 0 if level.spec.model.shape == "constant" else tilt
    i = min(max(state.tilt + tilt, -REACH), REACH)
    lift = min(max(state.lift + lift, -REACH), REACH)
    j = lift - i * state.pivot
    m, b = linear.lattice_line(level, i, j)
    return replace(state, m=m, b=b, tilt=i, lift=lift, presses=state.presses + 1)


def score(level: Level, state: FitState) -> FitScore:
    """Residuals, SSE, MSE, MAE and the level's metric for the current line.

    On big data (and an MSE target) this is O(1): the MSE comes from the level's sums
    and the MAE is left for `exact_mae`, which the screen runs once the line stops moving.
    """
    if is_big(level) and level.spec.target.metric == "mse":
        mse = linear.line_loss(level, state.m, state.b)
        return FitScore(None, mse * level.x.size, mse, None, mse)
    pred = core.line_predict(level.x, state.m, state.b)
    res = core.residuals(level.y, pred)
    mse = float(np.mean(res**2))
    mae = float(np.mean(np.abs(res)))
    value = mae if level.spec.target.metric == "mae" else mse
    return FitScore(res, float(np.sum(res**2)), mse, mae, value)


def exact_mae(
    level: Level, state: FitState, stop: Callable[[], bool] = lambda: False
) -> float | None:
    """The MAE of the current line, point by point (O(n)); None if `stop` says so midway."""
    parts = []
    for first in range(0, level.x.size, core.stats.CHUNK):
        if stop():
            return None
        x, y = level.x[first : first + core.stats.CHUNK], level.y[first : first + core.stats.CHUNK]
        parts.append(float(np.sum(np.abs(y - (state.m * x + state.b)))))
    return math.fsum(parts) / level.x.size


def reveal(level: Level, state: FitState) -> FitState:
    """Show the best line: it costs stars (at most one can be earned afterwards)."""
    return replace(state, revealed=True)


def playable(level: Level) -> Level:
    """The player's own data with keys, start and target made for it; other levels as they are.

    The key lattice is laid through the least-squares line, so the fine keys can reach it
    exactly; the line starts nearly flat and a little above the data, so it never starts
    as a winner. The target is 1 % above the best MSE, and never below FLOOR of y's
    variance (exact data gets a target above zero), nor below the best line on the
    lattice: the rule of `dartfit check` (check.problems) finds nothing to object to.
    """
    if level.id != SANDBOX or level.spec.target.value is not None:
        return level
    x, y = level.x, level.y
    sd_x, sd_y = float(np.std(x)), float(np.std(y))
    fm, fb = nice(0.4 * sd_y / sd_x) / 10, nice(0.4 * sd_y) / 10
    m_best, b_best = core.best_line(x, y)  # what linear.best_fit finds, so i0, j0 land here
    slopes = round(m_best / fm)
    m0 = m_best - slopes * fm
    above = float(np.mean(y)) + 0.75 * sd_y - m0 * float(np.mean(x))  # the start's height
    b0 = b_best - math.floor((b_best - above) / fb) * fb
    best = core.stats.exact_mse(x, y, m_best, b_best)
    reached = core.stats.exact_mse(x, y, m0 + slopes * fm, b0 + round((b_best - b0) / fb) * fb)
    target = max(CLOSE * best, reached * (1 + MARGIN), FLOOR * sd_y**2)
    spec = msgspec.structs.replace(
        level.spec,
        controls=Controls(m_step=10 * fm, b_step=10 * fb),
        start=Start(m=m0, b=b0),
        goal=level.spec.goal.split(":")[0] + f": get near the best line's MSE, {num(best)}.",
        hints=(TILT_HINT, *level.spec.hints[1:]),
        target=Target(metric="mse", value=target),
    )
    return replace(level, spec=spec)


class MaeRules(LineRules):
    """A line (or constant) scored by MSE or MAE, with the other shown beside it."""

    shows_mae = True


LINE = LineRules()  # also the mle kind's: the same line, read as the likeliest one
MAE = MaeRules()
