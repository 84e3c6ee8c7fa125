"""Points levels: select a point, move it, and watch each point's share of the error.

A point moves by keys (`move`) or by the mouse (`drag`), on the same lattice: its level's
y plus whole fine steps, worked out afresh on every move (as a line's are), so the steps
keep their size at any scale of data. Each move keeps the state it came from, for
`attempt.undo`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.levels import Level
from dartfit.rules.base import too_close_to_call
from dartfit.rules.linear import (
    LineRules,
    best_fit,
    fitted_line,
    line_loss,
    loss,
    lost_keys,
    round_off_of,
    steps,
)
from dartfit.rules.moved import refused
from dartfit.wording import apart


@dataclass(frozen=True)
class PointsState:
    """The points' current y values, which one is selected, and the picks made."""

    y: tuple[float, ...]
    selected: int = 0
    moved: int | None = None
    presses: int = 0
    wrong_picks: int = 0
    picked: int | None = None
    previous: PointsState | None = field(default=None, compare=False, repr=False)
    """The state before the last move (None before any): what `attempt.undo` goes back to."""
    KEPT_BY_UNDO: ClassVar[tuple[str, ...]] = ("presses", "wrong_picks", "picked")


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
    return _placed(level, state, state.selected, state.y[state.selected] + dy, state)


def drag(level: Level, state: PointsState, k: int, y: float) -> PointsState:
    """Point k dragged to height y (to the nearest fine step, see `_placed`): one press
    after `state` (where the drag began), however far the mouse went."""
    return _placed(level, state, k, y, state)


def why_it_stays(level: Level, state: PointsState, dy: float) -> str | None:
    """Why `move` by dy leaves the points where they are (`moved.refused`), or None."""
    return why_drag_stays(level, state, state.selected, state.y[state.selected] + dy)


def why_drag_stays(level: Level, state: PointsState, k: int, y: float) -> str | None:
    """Why `drag` of point k to height y leaves the points where they are, or None."""
    return refused(level.x, np.array(_placed_y(level, state, k, y)))


def _placed_y(level: Level, state: PointsState, k: int, y_k: float) -> tuple[float, ...]:
    """Every point's y with point k at the whole fine step from where the level put it
    nearest y_k (within its limits), and a point moved before back where it was. (Rounded
    to ten decimals, as it was, a point of data 1e−10 tall could not move at all.)"""
    y = list(state.y)
    if state.moved is not None and state.moved != k:
        y[state.moved] = float(level.y[state.moved])
    lo, hi = point_limits(level)
    fine, home = steps(level).point / 10, float(level.y[k])
    y[k] = float(np.clip(home + round((y_k - home) / fine) * fine, lo, hi))
    return tuple(y)


def _placed(
    level: Level, state: PointsState, k: int, y_k: float, before: PointsState
) -> PointsState:
    """Point k placed near y_k (`_placed_y`), one press after `before`; a point moved before
    snaps back. Points the CSV loader would refuse (all on one height, past ±1e50: see
    `moved.refused`) are no move: a level of y 1, 1, 1, 2 let the last go down onto the
    others, and its refitted line's MSE was 0 from then on."""
    y = _placed_y(level, state, k, y_k)
    if refused(level.x, np.array(y)) is not None:
        return state  # the points stay: no press
    if (y, k, k) == (state.y, state.selected, state.moved) and before is state:
        return state  # nothing moves (a point at its limit): no press, as for a line
    return replace(state, y=y, selected=k, moved=k, presses=before.presses + 1, previous=before)


def score(level: Level, state: PointsState) -> PointsScore:
    """The line the level draws for these points and what each point costs."""
    y = np.array(state.y)
    m, b = fitted_line(level, y)
    res = core.residuals(y, core.line_predict(level.x, m, b))
    sq = res**2
    total = float(np.sum(sq))
    shares = sq / total if total > 0 else np.zeros_like(sq)
    return PointsScore(m, b, res, shares, float(np.mean(sq)), loss(level, y, y - res))


def costliest(level: Level) -> int:
    """The point with the largest squared error on the level's own data."""
    return int(np.argmax(score(level, start(level)).shares))


def pick(level: Level, state: PointsState) -> PointsState:
    """Pick the selected point as the costliest; a wrong pick is counted."""
    wrong = state.wrong_picks + (state.selected != costliest(level))
    return replace(state, picked=state.selected, wrong_picks=wrong, presses=state.presses + 1)


def point_limits(level: Level) -> tuple[float, float]:
    """How far a points level lets a point be moved in y: one span of its y beyond them (1
    where every y is equal). Never less than 1, points 1e−10 apart could be moved 1e10
    spans away, and the chart, made to show the limits, drew them all on one row."""
    span = float(np.ptp(level.y)) or 1.0
    return float(level.y.min()) - span, float(level.y.max()) + span


def points_loss(level: Level, y: FloatArray) -> float:
    """A points level's metric with these y values and the line it draws for them."""
    m, b = fitted_line(level, y)
    return loss(level, y, core.line_predict(level.x, m, b))


def _most_after_moving_one(level: Level) -> float:
    """The largest metric reachable by moving one point to an end of its range (convex in y)."""
    best = 0.0
    for k in range(level.y.size):
        for end in point_limits(level):
            y = level.y.copy()
            y[k] = end
            best = max(best, points_loss(level, y))
    return best


class PointsRules(LineRules):
    """Points the player moves (or picks) under a line that is fitted to them or fixed."""

    def optimum(self, level: Level) -> float | None:
        t = level.spec.target.type
        if t.startswith("pick"):
            return None
        if t == "at_least":
            return _most_after_moving_one(level)
        return line_loss(level, *best_fit(level))

    def start_value(self, level: Level) -> float | None:
        if level.spec.target.type.startswith("pick"):
            return None
        return points_loss(level, np.array(level.y))

    def key_problems(self, level: Level) -> list[str]:
        """A point's step, next to every point (none where points are only picked)."""
        if level.spec.target.type.startswith("pick"):
            return []
        moved = {"point": (steps(level).point, [float(v) for v in level.y])}
        return lost_keys(moved)

    def target_problems(self, level: Level, goal: float | None) -> list[str]:
        t = level.spec.target
        if t.type == "pick_costliest":
            m, b = fitted_line(level, level.y)
            sq = np.sort(core.residuals(level.y, core.line_predict(level.x, m, b)) ** 2)
            # a square is round-off up to the SSE's (all of it one point's): on points on
            # their refitted line, 3.2e−30 against 7.9e−31 passed as the costliest
            floor = round_off_of(level, "sse")
            return too_close_to_call("data: the two largest squares", sq[-1], sq[-2], floor)
        if level.spec.model.fit == "least-squares" and level.y.size < 3:
            # the line through two points misses neither: its MSE is round-off (3e−30), and
            # check spoke of reaching "MSE 3.155e-30 … (at most 1.676e-30)"
            return [
                f"data: a line refitted to {level.y.size} points passes through them whatever"
                " moves (its MSE stays 0): give at least 3 points"
            ]
        best = self.optimum(level)
        if t.type == "at_least" and goal is not None and best is not None and best < goal:
            target, best_text = apart(goal, best)
            return [
                f"target: {t.metric.upper()} ≥ {target} can't be reached by moving one point"
                f" (at most {best_text})"
            ]
        return super().target_problems(level, goal)

    def reach_problems(self, level: Level, goal: float) -> list[str]:
        return []


POINTS = PointsRules()
