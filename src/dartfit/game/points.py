"""Points levels: select a point, move it, and watch each point's share of the error."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from dartfit import core, goals
from dartfit.core.arrays import FloatArray
from dartfit.levels import Level


@dataclass(frozen=True)
class PointsState:
    """The points' current y values, which one is selected, and the picks made."""

    y: tuple[float, ...]
    selected: int = 0
    moved: int | None = None
    presses: int = 0
    hints: int = 0
    wrong_picks: int = 0
    picked: int | None = None


@dataclass(frozen=True)
class PointsScore:
    """The drawn line, residuals, each point's share of the squared error, and the metric."""

    m: float
    b: float
    residuals: FloatArray
    shares: FloatArray
    mse: float
    value: float


def start(level: Level) -> PointsState:
    """All points where the level put them."""
    return PointsState(tuple(float(v) for v in level.y))


def select(level: Level, state: PointsState, step: int) -> PointsState:
    """Select the next (+1) or previous (−1) point, wrapping around."""
    n = len(state.y)
    return replace(state, selected=(state.selected + step) % n, presses=state.presses + 1)


def move(level: Level, state: PointsState, dy: float) -> PointsState:
    """Move the selected point in y. Only one point may be moved: the last one moved
    before snaps back to where it was."""
    y = list(state.y)
    k = state.selected
    if state.moved is not None and state.moved != k:
        y[state.moved] = float(level.y[state.moved])
    lo, hi = goals.point_limits(level)
    y[k] = float(np.clip(np.round(y[k] + dy, 10), lo, hi))
    return replace(state, y=tuple(y), moved=k, presses=state.presses + 1)


def score(level: Level, state: PointsState) -> PointsScore:
    """The line the level draws for these points and what each point costs."""
    y = np.array(state.y)
    m, b = goals.fitted_line(level, y)
    res = core.residuals(y, core.line_predict(level.x, m, b))
    sq = res**2
    total = float(np.sum(sq))
    shares = sq / total if total > 0 else np.zeros_like(sq)
    return PointsScore(m, b, res, shares, float(np.mean(sq)), goals.loss(level, y, y - res))


def costliest(level: Level) -> int:
    """The point with the largest squared error on the level's own data."""
    return int(np.argmax(score(level, start(level)).shares))


def pick(level: Level, state: PointsState) -> PointsState:
    """Pick the selected point as the costliest; a wrong pick is counted."""
    wrong = state.wrong_picks + (state.selected != costliest(level))
    return replace(state, picked=state.selected, wrong_picks=wrong, presses=state.presses + 1)
