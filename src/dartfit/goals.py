"""A level's rules as numbers: its optimum, its target, whether it can be won, and stars.

A Level never changes, so the numbers derived from it are computed once and kept on it.

Pure functions over a loaded Level and the core math; no user interface here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.core.numbers import nice as nice  # re-exported: game.fit calls goals.nice
from dartfit.core.numbers import nice_step
from dartfit.levels import Level, per_level


@dataclass(frozen=True)
class Steps:
    """Coarse key steps for slope, intercept and a moved point; fine steps are a tenth."""

    m: float
    b: float
    point: float


@per_level
def steps(level: Level) -> Steps:
    """The level's key steps, as written in [controls] or derived from its data."""
    c = level.spec.controls
    y_span = float(np.ptp(level.y)) if level.y.size else 10.0
    x_span = float(np.ptp(level.x)) if level.x.size else 1.0
    return Steps(
        m=c.m_step or nice_step(y_span / max(x_span, 1e-9)),
        b=c.b_step or nice_step(y_span),
        point=c.point_step or nice_step(y_span),
    )


@per_level
def start_line(level: Level) -> tuple[float, float]:
    """The (m, b) the player starts from; a constant model always has m = 0."""
    s = level.spec.start
    m = 0.0 if level.spec.model.shape == "constant" else s.m
    b = s.b if s.b is not None else 0.0
    return m, b


@per_level
def _stats(level: Level) -> core.LineStats:
    return core.LineStats.of(level.x, level.y)


def line_mse(level: Level, m: float, b: float) -> float:
    """The MSE of the line (m, b) on the level's data, in O(1) from running sums."""
    return _stats(level).mse(m, b)


def line_loss(level: Level, m: float, b: float) -> float:
    """The level's metric for the line (m, b) on its own data; MSE in O(1) from running sums."""
    if level.spec.target.metric == "mse":
        return line_mse(level, m, b)
    return core.mae(level.y, core.line_predict(level.x, m, b))


def loss(level: Level, y: FloatArray, y_pred: FloatArray) -> float:
    """The level's target metric (MSE or MAE) of a prediction."""
    return core.mae(y, y_pred) if level.spec.target.metric == "mae" else core.mse(y, y_pred)


def fitted_line(level: Level, y: FloatArray) -> tuple[float, float]:
    """The line a points level draws for these y: refitted by least squares, or fixed."""
    if level.spec.model.fit == "least-squares":
        return core.best_line(level.x, y)
    return start_line(level)


@per_level
def best_fit(level: Level, metric: str | None = None) -> tuple[float, float]:
    """The (m, b) that minimises the level's metric (or the one named) for its model."""
    metric, shape = metric or level.spec.target.metric, level.spec.model.shape
    if shape == "constant":
        y = level.y
        return 0.0, core.best_constant_mae(y) if metric == "mae" else core.best_constant_mse(y)
    return (
        core.best_line_mae(level.x, level.y)
        if metric == "mae"
        else core.best_line(level.x, level.y)
    )


@per_level
def darts_best_mse(level: Level) -> float:
    """The round's MSE for a perfect aimer (aim = bullseye − wind), fixed by the level's seed."""
    d = level.spec.darts
    assert d is not None
    wobble = d.wobble * level.wobble()
    return float(np.mean(np.sum(wobble**2, axis=1)))


def point_limits(level: Level) -> tuple[float, float]:
    """How far a points level lets a point be moved in y."""
    span = max(float(np.ptp(level.y)), 1.0)
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


@per_level
def optimum(level: Level) -> float | None:
    """The best value of the level's metric a player can reach (None for picks)."""
    target = level.spec.target
    if target.type.startswith("pick"):
        return None
    if level.is_darts:
        return darts_best_mse(level)
    if target.type == "at_least":
        return _most_after_moving_one(level)
    return line_loss(level, *best_fit(level))


@per_level
def start_value(level: Level) -> float | None:
    """The metric before the player does anything (None for darts and picks)."""
    if level.is_darts or level.spec.target.type.startswith("pick"):
        return None
    if level.spec.kind == "points":
        return points_loss(level, np.array(level.y))
    return line_loss(level, *start_line(level))


@per_level
def target_value(level: Level) -> float | None:
    """The number to beat: the written value, or factor × the optimum (× the start for at_least)."""
    t = level.spec.target
    if t.value is not None:
        return t.value
    if t.factor is None:
        return None
    reference = start_value(level) if t.type == "at_least" else optimum(level)
    return None if reference is None else t.factor * reference


def beaten(level: Level, value: float) -> bool:
    """Whether a metric value meets the level's target."""
    goal = target_value(level)
    if goal is None:
        return False
    return value >= goal if level.spec.target.type == "at_least" else value <= goal


@per_level
def best_on_key_grid(level: Level) -> float:
    """The lowest metric on the grid of lines the fine keys can reach near the optimum."""
    m_opt, b_opt = best_fit(level)
    m0, b0 = start_line(level)
    s = steps(level)
    i0, j0 = round((m_opt - m0) / (s.m / 10)), round((b_opt - b0) / (s.b / 10))
    constant = level.spec.model.shape == "constant"
    best = math.inf
    for i in [0] if constant else range(i0 - 3, i0 + 4):
        for j in range(j0 - 3, j0 + 4):
            best = min(best, line_loss(level, *lattice_line(level, i, j)))
    return best


def lattice_line(level: Level, i: int, j: int) -> tuple[float, float]:
    """The line i fine slope steps and j fine intercept steps from the start: the keys reach
    exactly these lines, and `best_on_key_grid` tries exactly these."""
    (m0, b0), s = start_line(level), steps(level)
    return m0 + i * (s.m / 10), b0 + j * (s.b / 10)


POINT_DECIMALS = 10  # a moved point is rounded to this many decimals (game.points.move)


def _lost(value: float, step: float, decimals: int | None) -> bool:
    """Whether moving `value` by ±step leaves it unchanged: lost next to it in float64, or
    rounded away when the game keeps only `decimals` decimals."""
    if decimals is not None and step < 0.5 * 10.0**-decimals:
        return True
    return value + step == value or value - step == value


def _least_step(value: float, decimals: int | None) -> float:
    """The smallest power of ten a coarse step can be for its fine tenth to move `value`."""
    fine = max(10.0**-decimals if decimals is not None else 0.0, 4 * math.ulp(value))
    return 10.0 ** math.ceil(math.log10(10 * fine))


def key_problems(level: Level) -> list[str]:
    """Keys that would move nothing: a step (or its fine tenth) lost next to the values it
    moves, at the start and at the best line; or a point's step lost next to the points."""
    if level.is_darts or level.spec.kind in ("descent", "bias-variance"):
        return []  # the darts board sets its own step; descent's keys change the rate
    s = steps(level)
    decimals: int | None = None
    if level.spec.kind == "points":
        moved = {"point": (s.point, [float(v) for v in level.y])}
        decimals = POINT_DECIMALS
    else:
        (m0, b0), (m1, b1) = start_line(level), best_fit(level)
        moved = {"b": (s.b, [b0, b1])}
        if level.spec.model.shape == "line":
            moved["m"] = (s.m, [m0, m1])
    found = []
    for name, (step, values) in moved.items():
        stuck = [v for v in values if _lost(v, step / 10, decimals)]
        if stuck:
            v = max(stuck, key=abs)
            found.append(
                f"controls.{name}_step: the fine step {step / 10:.3g} is lost next to"
                f" {name} = {v:.6g} (the key would do nothing); give controls.{name}_step"
                f" of at least {_least_step(v, decimals):.0e}"
            )
    return found


def problems(level: Level) -> list[str]:
    """Why a level can't be won as written (empty when it can)."""
    return key_problems(level) or _target_problems(level)  # keys that can't move can't aim


def _target_problems(level: Level) -> list[str]:
    """Why the level's target can't be met (empty when it can)."""
    t = level.spec.target
    goal = target_value(level)
    if t.type == "pick_worse":
        rounds = level.spec.darts.rounds if level.spec.darts else ()
        scores = [float(np.mean(np.square(r))) for r in rounds]
        return ["darts.rounds: both rounds have the same MSE: no round is worse"] * (
            len(set(scores)) < 2
        )
    if t.type == "pick_degree":
        from dartfit.game.degree import clear_winner  # the level's own sweep decides

        return [] if clear_winner(level) else ["models: no degree is clearly best; add n_sets"]
    if t.type == "pick_costliest":
        m, b = fitted_line(level, level.y)
        sq = np.sort(core.residuals(level.y, core.line_predict(level.x, m, b)) ** 2)
        return ["data: two points tie for the costliest"] * bool(sq[-1] == sq[-2])
    if goal is None:
        return []
    best = optimum(level)
    name = t.metric.upper()
    if best is None:
        return []
    if t.type == "at_least":
        if best < goal:
            return [
                f"target: {name} {goal:.4g} can't be reached by moving one point"
                f" (at most {best:.4g})"
            ]
        return []
    if best > goal:
        return [f"target: {name} ≤ {goal:.4g} is below the best achievable {best:.4g}"]
    if level.spec.kind == "descent":
        from dartfit.game.bowl import reachable  # the walk's own rules decide

        if not reachable(level):
            return [f"target: {name} ≤ {goal:.4g} can't be reached within descent.max_steps"]
        return []
    if not level.is_darts and best_on_key_grid(level) > goal:
        return [
            f"target: {name} ≤ {goal:.4g} is tighter than the fine keys can reach"
            f" ({best_on_key_grid(level):.4g}); loosen it or make controls finer"
        ]
    return []


def stars(level: Level, value: float, presses: int, revealed: bool = False) -> int:
    """Stars for a finished attempt: one for the target, more for closeness and for par.

    For picks, ``presses`` is the number of wrong picks before the right one.
    """
    t, s = level.spec.target, level.spec.stars
    if t.type.startswith("pick"):
        return max(1, 3 - presses)
    if not beaten(level, value):
        return 0
    if t.type == "at_least":
        earned = 1 + (s.par is None or presses <= 2 * s.par) + (s.par is None or presses <= s.par)
    else:
        best = optimum(level) or 0.0
        tol = 1e-12 * (1.0 + abs(best))

        def within(ratio: float) -> bool:
            return value <= best * ratio + tol

        earned = 1
        if within(s.close):
            earned = 2
            third = presses <= s.par if s.par is not None else within(s.exact)
            earned += third
    return min(earned, 1) if revealed else earned


def describe_target(level: Level) -> str:
    """The goal in a few characters: ``MSE ≤ 4``, ``MSE ≥ 12.5``, ``pick``."""
    t = level.spec.target
    goal = target_value(level)
    if goal is None:
        return {
            "pick_worse": "pick the worse round",
            "pick_degree": "pick the best degree",
        }.get(t.type, "pick the costliest")
    sign = "≥" if t.type == "at_least" else "≤"
    return f"{t.metric.upper()} {sign} {goal:.4g}"
