"""The rules every kind played with a line shares: key steps, the start line, the lattice
of lines the keys reach, the line's loss, the best fit, and keys that would move nothing.

A Level never changes, so the numbers derived from it are computed once and kept on it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.core.numbers import nice_step
from dartfit.core.stats import ABSOLUTE
from dartfit.levels import Level, per_level
from dartfit.rules.base import KindRules
from dartfit.wording import apart, num


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
        m=c.m_step or nice_step(y_span / (x_span or 1.0)),  # x all alike: a constant's
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
def fit_scale(level: Level) -> core.FitScale:
    """The size of the level's data, against which a fitted line's m and b are round-off."""
    return core.FitScale.of(level.x, level.y)


def shown_fit(level: Level, line: tuple[float, float]) -> tuple[float, float]:
    """A line fitted to the level's data as it is shown: round-off in m or b as 0."""
    return fit_scale(level).line(*line)


SANDBOX = "your-data"  # the id levels.sandbox_level gives the player's own data


@per_level
def mean_point(level: Level) -> tuple[float, float]:
    """The data's centre (x̄, ȳ): the least-squares line passes through it."""
    return float(np.mean(level.x)), float(np.mean(level.y))


@per_level
def x_range(level: Level) -> tuple[float, float]:
    """The points' x range, over which the line is kept in view."""
    return float(np.min(level.x)), float(np.max(level.x))


@per_level
def y_range(level: Level) -> tuple[float, float]:
    """The points' y range (kept in view with a point moved far: see `pictures.fit.holding`)."""
    return float(np.min(level.y)), float(np.max(level.y))


def centre(level: Level) -> float:
    """The x the slope keys turn the line about: the level's pivot, the data's centre x̄ in
    the sandbox (its data may sit far from x = 0: years, heights; a dragged point keeps it)
    and on levels that ask for it (`[controls] turn = "centre"`), x = 0 (the intercept) on
    every other level."""
    if level.spec.model.shape != "line":
        return 0.0
    if level.pivot is not None:
        return level.pivot
    return mean_point(level)[0] if level.spec.controls.turn == "centre" else 0.0


@per_level
def _stats(level: Level) -> core.LineStats:
    return core.LineStats.of(level.x, level.y)


def line_mse(level: Level, m: float, b: float) -> float:
    """The MSE of the line (m, b) on the level's data, in O(1) from running sums; 0 where
    it is round-off (see `zero_if_round_off`)."""
    return exact_or_zero(level, numpys_mse(level, m, b))


def numpys_mses(level: Level, m: Sequence[float], b: Sequence[float]) -> list[float]:
    """numpy's MSE of each line (m[k], b[k]) on the level's data to 1e-12 relative, 0 where
    it is round-off (`solve --json`'s path: descent's own are its bowl's closed form)."""
    slopes, heights = np.asarray(m, dtype=np.float64), np.asarray(b, dtype=np.float64)
    mses = _stats(level).mses(slopes, heights, relative=1e-12, absolute=0.0)
    cut = round_off_of(level)
    return [zero_if_round_off(mse, cut) for mse in mses.tolist()]


def numpys_mse(level: Level, m: float, b: float) -> float:
    """numpy's MSE of the line (m, b) on the level's data: from running sums (O(1)) where
    they agree with it, else point by point."""
    return _stats(level).mse(m, b)


@per_level
def round_off_mse(level: Level) -> float:
    """The MSE that is round-off on the level's data (`core.round_off_mse`: about
    a rounding and a half of each miss's terms at the best line). Not the solver's floor for
    convergence (`core.rounding_gap`), which bounds a gap, not an MSE.

    Points on one line, nudged onto it by keys that turn it about x̄, left the line at
    b = 0.999999999999998 for 1: the HUD read "MSE = 3.155e−30", and b to fifteen
    decimals, which the MSE as shown asked for. Read as 0 only where 0 agrees with numpy's
    (`zero_if_round_off`)."""
    return core.round_off_mse(level.x, level.y)


def exact_or_zero(level: Level, loss: float, metric: str = "mse") -> float:
    """`loss` (an MSE, an MAE or an SSE, as `metric` says), or 0 where it is round-off on
    the level's data and 0 agrees with it (see `zero_if_round_off`)."""
    return zero_if_round_off(loss, round_off_of(level, metric))


def round_off_of(level: Level, metric: str = "mse") -> float:
    """What round-off makes of the metric on the level's data: `round_off_mse`, its root for
    an MAE (each miss's round-off, on average), n times it for an SSE."""
    mse = round_off_mse(level)
    return {"mae": math.sqrt(mse), "sse": level.x.size * mse}.get(metric, mse)


def zero_if_round_off(loss: float, round_off: float) -> float:
    """`loss` (numpy's), or 0 where it is round-off (no more than `round_off`, in its own
    units: see `round_off_mse`) and 0 agrees with it as every shown loss agrees with numpy's
    (to ABSOLUTE, 1e-12). Round-off alone had been read as 0: data near 1e16 with misses of
    float64's own size (its round-off MSE 2,078) read "MSE = 0" at its best line, "best
    possible: 0", where numpy's MSE was 150.5 (an independent check)."""
    return 0.0 if 0.0 < loss <= min(round_off, ABSOLUTE) else loss


def line_loss(level: Level, m: float, b: float) -> float:
    """The level's metric for the line (m, b) on its own data; MSE in O(1) from running sums."""
    if level.spec.target.metric == "mse":
        return line_mse(level, m, b)
    return exact_or_zero(level, core.mae(level.y, core.line_predict(level.x, m, b)), "mae")


def loss(level: Level, y: FloatArray, y_pred: FloatArray) -> float:
    """The level's target metric (MSE or MAE) of a prediction."""
    return core.mae(y, y_pred) if level.spec.target.metric == "mae" else core.mse(y, y_pred)


def fitted_line(level: Level, y: FloatArray) -> tuple[float, float]:
    """The line a points level draws for these y: refitted by least squares, or fixed."""
    if level.spec.model.fit == "least-squares":
        return core.best_line(level.x, y)
    return start_line(level)


def best_fit(level: Level, metric: str | None = None) -> tuple[float, float]:
    """The (m, b) that minimises the level's metric (or the one named) for its model."""
    return _best_fit(level, metric or level.spec.target.metric)


@per_level
def _best_fit(level: Level, metric: str) -> tuple[float, float]:
    """`best_fit`, remembered by the metric it is of: the level's metric named or left out
    is one fit (on a 20,000-point MAE level the fit of the least absolute line, 0.1 s,
    was worked out once for `best_fit(level)` and again for `best_fit(level, "mae")`)."""
    shape = level.spec.model.shape
    if shape == "constant":
        y = level.y
        return 0.0, core.best_constant_mae(y) if metric == "mae" else core.best_constant_mse(y)
    return (
        core.best_line_mae(level.x, level.y)
        if metric == "mae"
        else core.best_line(level.x, level.y)
    )


def optimum_on_lattice(level: Level) -> tuple[int, int]:
    """The whole fine steps of slope and of height at the `centre` from the start to the
    level's best line (rounded: the lattice line nearest it)."""
    m_opt, b_opt = best_fit(level)
    (m0, b0), s, c = start_line(level), steps(level), centre(level)
    i0 = round((m_opt - m0) / (s.m / 10))
    return i0, round(((m_opt - m0) * c + b_opt - b0) / (s.b / 10))


@per_level
def best_on_key_grid(level: Level) -> float:
    """The lowest metric on the grid of lines the fine keys can reach near the optimum."""
    i0, j0 = optimum_on_lattice(level)
    constant = level.spec.model.shape == "constant"
    best = math.inf
    for i in [0] if constant else range(i0 - 3, i0 + 4):
        for j in range(j0 - 3, j0 + 4):
            best = min(best, line_loss(level, *lattice_line(level, i, j)))
    return best


MAX_PRESSES = 400
"""The most key presses a level may ask for between its start and its target."""


def _presses(n: int) -> int:
    """Presses to move n fine steps with coarse keys of ten and fine keys of one."""
    tens, ones = divmod(abs(n), 10)
    return min(tens + ones, tens + 1 + 10 - ones)


def presses_to(level: Level, goal: float) -> int:
    """Key presses from the start to the first lattice line that meets `goal` on the way
    straight to the optimum's lattice line: the loss is convex along that way, so halving
    finds where it first meets the goal (an upper bound on the presses a player needs)."""
    i0, j0 = optimum_on_lattice(level)
    i0 = 0 if level.spec.model.shape == "constant" else i0

    def meets(t: float) -> bool:
        return line_loss(level, *lattice_line(level, round(t * i0), round(t * j0))) <= goal

    lo, hi = 0.0, 1.0
    if meets(lo):
        return 0
    if not meets(hi):  # the goal is met beside the optimum's lattice line, not on it
        return _presses(i0) + _presses(j0) + 6
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if meets(mid) else (mid, hi)
    return _presses(round(hi * i0)) + _presses(round(hi * j0))


def lattice_line(level: Level, i: int, j: int) -> tuple[float, float]:
    """The line i fine slope steps and j fine steps of height at the `centre` from the start:
    the keys reach exactly these lines, and `best_on_key_grid` tries exactly these."""
    (m0, b0), s = start_line(level), steps(level)
    tilt = i * (s.m / 10)
    return m0 + tilt, b0 + j * (s.b / 10) - tilt * centre(level)


def _least_step(value: float) -> float:
    """The smallest power of ten a coarse step can be for its fine tenth to move `value`."""
    return 10.0 ** math.ceil(math.log10(40 * math.ulp(value)))


def lost_keys(moved: dict[str, tuple[float, list[float]]]) -> list[str]:
    """Keys that would move nothing: for each named step, whether its fine tenth is lost in
    float64 next to any of the values it moves."""
    found = []
    for name, (step, values) in moved.items():
        fine = step / 10
        stuck = [v for v in values if v + fine == v or v - fine == v]
        if stuck:
            v = max(stuck, key=abs)
            found.append(
                f"controls.{name}_step: the fine step {num(fine, 3)} is lost next to {name} ="
                f" {num(v, 6)} (the key would do nothing); give controls.{name}_step"
                f" of at least {num(_least_step(v), 1)}"
            )
    return found


class LineRules(KindRules):
    """A line (or a constant) the player moves with the keys, scored by the level's metric."""

    shows_mae = False
    """Whether the screen shows the MAE (and its best line) beside the MSE."""

    def optimum(self, level: Level) -> float | None:
        return line_loss(level, *best_fit(level))

    def start_value(self, level: Level) -> float | None:
        return line_loss(level, *start_line(level))

    def key_problems(self, level: Level) -> list[str]:
        """The slope and intercept steps, at the start and at the best line."""
        s = steps(level)
        (m0, b0), (m1, b1) = start_line(level), best_fit(level)
        moved = {"b": (s.b, [b0, b1])}
        if level.spec.model.shape == "line":
            moved["m"] = (s.m, [m0, m1])
        return lost_keys(moved)

    def reach_problems(self, level: Level, goal: float) -> list[str]:
        """The fine keys reach only a lattice of lines: one of them must beat the target,
        and a player must be able to get there in a game's worth of presses."""
        reached = best_on_key_grid(level)
        name = level.spec.target.metric.upper()
        if reached > goal:
            target, reached_text = apart(goal, reached)
            return [
                f"target: {name} ≤ {target} is tighter than the fine keys can reach"
                f" ({reached_text}); loosen it or make controls finer"
            ]
        needed = presses_to(level, goal)
        if needed <= MAX_PRESSES:
            return []
        return [
            f"target: {name} ≤ {num(goal)} is {needed:,} key presses from the start (at most"
            f" {MAX_PRESSES}); start the line nearer the best line or make controls coarser"
        ]
