"""The player's line (or constant) on line and mae levels, and what it scores."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np
from numpy.typing import NDArray

from dartfit import core, goals
from dartfit.levels import Level

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class FitState:
    """The player's current line and how they got there."""

    m: float
    b: float
    presses: int = 0
    hints: int = 0
    revealed: bool = False


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


@cache
def stats(level: Level) -> core.LineStats:
    """The level's running sums, computed once."""
    return core.LineStats.of(level.x, level.y)


def start(level: Level) -> FitState:
    """The state a level begins in."""
    m, b = goals.start_line(level)
    return FitState(m, b)


def nudge(level: Level, state: FitState, dm: float, db: float) -> FitState:
    """Move the line by (dm, db); a constant model ignores dm. Counts one key press."""
    dm = 0.0 if level.spec.model.shape == "constant" else dm
    m, b = _tidy(state.m + dm), _tidy(state.b + db)
    return replace(state, m=m, b=b, presses=state.presses + 1)


def _tidy(value: float) -> float:
    """Round away float dust from repeated steps (0.1 + 0.2 → 0.3), keeping 10 decimals."""
    return float(np.round(value, 10))


def score(level: Level, state: FitState) -> FitScore:
    """Residuals, SSE, MSE, MAE and the level's metric for the current line.

    On big data (and an MSE target) this is O(1): the MSE comes from running sums and
    the MAE is left for `exact_mae`, which the screen runs once the line stops moving.
    """
    if is_big(level) and level.spec.target.metric == "mse":
        mse = stats(level).mse(state.m, state.b)
        return FitScore(None, mse * level.x.size, mse, None, mse)
    pred = core.line_predict(level.x, state.m, state.b)
    res = core.residuals(level.y, pred)
    mse = float(np.mean(res**2))
    mae = float(np.mean(np.abs(res)))
    value = mae if level.spec.target.metric == "mae" else mse
    return FitScore(res, float(np.sum(res**2)), mse, mae, value)


def exact_mae(level: Level, state: FitState) -> float:
    """The MAE of the current line, point by point (O(n))."""
    return core.mae(level.y, core.line_predict(level.x, state.m, state.b))


def reveal(level: Level, state: FitState) -> FitState:
    """Show the best line: it costs stars (at most one can be earned afterwards)."""
    return replace(state, revealed=True)


def next_hint(level: Level, state: FitState) -> FitState:
    """One more hint from the ladder (stops at the last)."""
    return replace(state, hints=min(state.hints + 1, len(level.spec.hints)))
