"""The player's line (or constant) on line and mae levels, and what it scores."""

from __future__ import annotations

from dataclasses import dataclass, replace

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


@dataclass(frozen=True)
class FitScore:
    """The numbers the HUD shows for a line."""

    residuals: FloatArray
    sse: float
    mse: float
    mae: float
    value: float  # the level's own metric (MSE or MAE)


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
    """Residuals, SSE, MSE, MAE and the level's metric for the current line."""
    pred = core.line_predict(level.x, state.m, state.b)
    res = core.residuals(level.y, pred)
    mse = float(np.mean(res**2))
    mae = float(np.mean(np.abs(res)))
    value = mae if level.spec.target.metric == "mae" else mse
    return FitScore(res, float(np.sum(res**2)), mse, mae, value)


def reveal(level: Level, state: FitState) -> FitState:
    """Show the best line: it costs stars (at most one can be earned afterwards)."""
    return replace(state, revealed=True)


def next_hint(level: Level, state: FitState) -> FitState:
    """One more hint from the ladder (stops at the last)."""
    return replace(state, hints=min(state.hints + 1, len(level.spec.hints)))
