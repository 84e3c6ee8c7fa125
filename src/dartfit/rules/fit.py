"""The player's line (or constant) on line and mae levels, what it scores, and the sandbox.

The line moves on a lattice: m = m0 + i·(fine m step), b = b0 + j·(fine b step), computed
afresh from whole steps on every key, so that the lines a player can reach are exactly
the lines `linear.best_on_key_grid` (the rule of `dartfit check`) tries. A slope key may
turn the line about a centre other than x = 0: the sandbox turns it about the data's
centre x̄, so that on data far from zero (years, heights) the slope key doesn't swing the
line off the points, and the lift key moves its height there. Its lattice is laid through
the least-squares line, which passes through (x̄, ȳ), so the keys reach that line.

The mouse moves the line too (`place`, `shift`, `turn`): a drag lands on the nearest
lattice line and counts as one press. In the sandbox it moves a point of the data as well
(`drag_point`): the state then carries the moved data as a new level (`with_point`), whose
target and best line follow the data, on the same key lattice. Every move keeps the state
it came from, so `undo` steps back, data and all.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import ClassVar

import msgspec
import numpy as np
from rich.cells import cell_len

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.core.numbers import nice, nice_step
from dartfit.core.validation import finite_scalar
from dartfit.levels import Controls, Level, Start, Target
from dartfit.levels.sandbox import TASK, against
from dartfit.rules import linear, scoring
from dartfit.rules.linear import LineRules
from dartfit.rules.moved import refused
from dartfit.wording import decimals_of, line_numbers, num

SANDBOX = linear.SANDBOX
CLOSE = 1.01  # the sandbox's target: within 1 % of the best MSE ...
FLOOR = 1e-6  # ... and never below this fraction of y's variance (exact data: RMSE 0.1 % of σ)
MARGIN = 1e-6  # a target this far above the best reachable line stays reachable after rounding
FLOOR_SAW = (
    "Your own data, fitted by hand: its points lie so near a line that the target was set at"
    " a millionth of the variance of y, far above the best line's MSE."
)
TILT_HINT = "← → turn the line about your data's centre x̄, ↑ ↓ lift it; shift: ten times finer."
REACH = 1_000_000  # fine steps of tilt or lift, at most: the line can't run off to overflow


@dataclass(frozen=True)
class FitState:
    """The player's current line, its place on the key lattice, and how they got there."""

    m: float
    b: float
    presses: int = 0
    revealed: bool = False
    tilt: int = 0  # fine slope steps from the start
    lift: int = 0  # fine b steps of the line's height at `linear.centre`, from the start
    data: Level | None = None
    """The data played on once the player has moved a point (the sandbox): a level made by
    `with_point`. None: the level's own data (see `data_of`)."""
    previous: FitState | None = field(default=None, compare=False, repr=False)
    """The state before the last move (None at the start): what `undo` goes back to."""
    KEPT_BY_UNDO: ClassVar[tuple[str, ...]] = ("presses", "revealed")


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


def shaded(level: Level) -> bool:
    """Whether the chart shades cells by how many points fall in them rather than drawing
    each point: big data, or data whose points mostly lie on one another (binned, as
    Galton's heights: 928 children on 102 spots), where a point or a square would hide
    how many it stands for."""
    if is_big(level):
        return True
    n = level.x.size
    if n < 100:
        return False
    return _spots(level.x, level.y) * 4 < n


def _spots(x: FloatArray, y: FloatArray) -> int:
    """How many distinct (x, y) points there are: sorted, then counted where either
    changes (np.unique would import numpy.ma, a megabyte more of every game)."""
    order = np.lexsort((y, x))
    xs, ys = x[order], y[order]
    return 1 + int(np.count_nonzero((xs[1:] != xs[:-1]) | (ys[1:] != ys[:-1])))


def start(level: Level) -> FitState:
    """The state a level begins in."""
    return FitState(*linear.start_line(level))


def _moved(level: Level, state: FitState, i: int, lift: int) -> FitState:
    """The lattice line i fine slope steps and `lift` fine height steps (at the centre) from
    the start, one press after `state`; a constant can't tilt."""
    i = 0 if level.spec.model.shape == "constant" else min(max(i, -REACH), REACH)
    lift = min(max(lift, -REACH), REACH)
    if (i, lift) == (state.tilt, state.lift):
        return state  # nothing moves (a constant's slope keys, the end of the reach): no press
    m, b = linear.lattice_line(level, i, lift)
    return replace(state, m=m, b=b, tilt=i, lift=lift, presses=state.presses + 1, previous=state)


NEAR = (-10, -2, -1, 0, 1, 2, 10)
"""Whole fine steps from the start and from the best reachable line that `shown_decimals`
tries: a press or two, of each size, in each direction."""
MOSTLY = 0.9
"""`shown_decimals` gives m and b the decimals this share of the lines tried need."""


def shown_decimals(level: Level) -> tuple[int, int]:
    """The decimals m and b show from the first frame (see `wording.line_numbers`): those
    that most lines a few presses from the start or from the best line need. A line turned
    about x̄ moves b by a slope step times x̄, off b's grid: b gained a decimal in the first
    presses (71.7, 70.84, 79.435); now it has them from the start. (A line whose MSE sits
    on a rounding edge may still need one more: see `FitScreen.line_shown`.)"""
    steps, c = linear.steps(level), linear.centre(level)
    if c == 0 or level.spec.model.shape != "line":  # b stays on its own grid
        return (0, 0)
    (m0, b0), fine = linear.start_line(level), (steps.m / 10, steps.b / 10)
    m1, b1 = linear.best_fit(level)
    i1 = round((m1 - m0) / fine[0])
    j1 = round((m1 * c + b1 - (m0 * c + b0)) / fine[1])
    needs = [
        decimals_of(*line_numbers(m, b, partial_mse(level), 4, (steps.m, steps.b)))
        for i0, j0 in ((0, 0), (i1, j1))
        for di in NEAR
        for dj in NEAR
        for m, b in [linear.lattice_line(level, i0 + di, j0 + dj)]
    ]
    dm, db = np.quantile(np.array(needs), MOSTLY, axis=0, method="higher")
    return int(dm), int(db)


def partial_mse(level: Level) -> Callable[[float, float], float]:
    """The level's MSE of a line (m, b), as the HUD shows it beside m and b."""
    return lambda m, b: linear.line_mse(level, m, b)


def nudge(level: Level, state: FitState, tilt: int, lift: int) -> FitState:
    """Tilt and lift the line by whole fine steps (a coarse step is ten)."""
    return _moved(level, state, state.tilt + tilt, state.lift + lift)


def slope_on_lattice(level: Level, m: float) -> float:
    """The slope the keys reach nearest m."""
    (m0, _), fine = linear.start_line(level), linear.steps(level).m / 10
    return m0 + min(max(round((m - m0) / fine), -REACH), REACH) * fine


def place(level: Level, state: FitState, m: float, b: float) -> FitState:
    """The lattice line nearest ŷ = m·x + b, one press after `state` (where a drag began)."""
    (m0, b0), steps = linear.start_line(level), linear.steps(level)
    i = round((slope_on_lattice(level, m) - m0) / (steps.m / 10))
    c = linear.centre(level)
    lift = round((m * c + b - (m0 * c + b0)) / (steps.b / 10))  # its height at the centre
    return _moved(level, state, i, lift)


def shift(level: Level, state: FitState, dy: float) -> FitState:
    """The line moved up by dy (a drag by its middle), one press after `state`."""
    return place(level, state, state.m, state.b + dy)


def turn(level: Level, state: FitState, x: float, y: float) -> FitState:
    """The line turned about its point over the data's centre x̄ (the sandbox's pivot, its
    x̄ as opened) until it passes (x, y) (a drag by one end), one press after `state`; at
    that x itself (to a trillionth of the data's x, not of 1: data 1e−30 wide only ever
    shifted) it doesn't turn."""
    x_bar = linear.mean_point(level)[0] if level.pivot is None else level.pivot
    lo, hi = linear.x_range(level)
    at_centre = abs(x - x_bar) <= 1e-12 * (abs(x_bar) + hi - lo)
    if level.spec.model.shape == "constant" or at_centre:
        return shift(level, state, y - (state.m * x + state.b))
    height = state.m * x_bar + state.b
    m = slope_on_lattice(level, (y - height) / (x - x_bar))
    return place(level, state, m, height - m * x_bar)


def score(level: Level, state: FitState) -> FitScore:
    """Residuals, SSE, MSE, MAE and the level's metric for the current line.

    On big data (and an MSE target) this is O(1): the MSE comes from the level's sums
    and the MAE is left for `exact_mae`, which the screen runs once the line stops moving.
    """
    if is_big(level) and level.spec.target.metric == "mse":
        mse = linear.numpys_mse(level, state.m, state.b)
        sse = linear.exact_or_zero(level, mse * level.x.size, "sse")
        mse = linear.exact_or_zero(level, mse)
        return FitScore(None, sse, mse, None, mse)
    # the level's points were checked as it loaded (finite, paired): `core.residuals` and
    # `core.line_predict` checked them again at every key, half the numpy calls of a score
    m, b = finite_scalar("m", state.m), finite_scalar("b", state.b)
    res = level.y - (m * level.x + b)
    # each numpy's, or 0 where round-off (an exact fit) and 0 agrees with it: the MAE had
    # read 0 wherever the MSE did, though it is up to √MSE
    # numpy's means, bit for bit: a mean is numpy's sum over n (one reduction, not two)
    total = float(np.sum(res**2))
    sse, mse, mae = (
        linear.exact_or_zero(level, value, metric)
        for value, metric in (
            (total, "sse"),
            (total / res.size, "mse"),
            (float(np.sum(np.abs(res))) / res.size, "mae"),
        )
    )
    value = mae if level.spec.target.metric == "mae" else mse
    return FitScore(res, sse, mse, mae, value)


def known_mse(
    loss: Callable[[float, float], float], state: FitState, score: FitScore, m: float, b: float
) -> float:
    """`loss(m, b)` (`linear.line_mse` of the level's data), the MSE of `score` where (m, b)
    is its line, `state`'s: on data of up to BIG points the two are one number, numpy's sum
    of the same squares over n, made 0 by the same round-off rule (`linear.exact_or_zero`)."""
    return score.mse if (m, b) == (state.m, state.b) else loss(m, b)


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
    m0 = m_best - _with_fine(round(m_best / fm)) * fm
    c = linear.centre(level)  # the keys turn the line about x̄, so the lattice is of heights there
    height = m_best * c + b_best  # the best line's height at the centre (ȳ, up to round-off)
    above = float(np.mean(y)) + 0.75 * sd_y  # the start's height there
    b0 = height + _with_fine(math.ceil((above - height) / fb)) * fb - m0 * c
    spec = msgspec.structs.replace(
        level.spec,
        controls=Controls(m_step=10 * fm, b_step=10 * fb, point_step=nice_step(float(np.ptp(y)))),
        start=Start(m=m0, b=b0),
        hints=(TILT_HINT, *level.spec.hints[1:]),
    )
    return _aimed(replace(level, spec=spec))


def _with_fine(steps: int) -> int:
    """Fine steps from the start to the best line, some of them left to the fine keys: a
    whole number of big steps (or one fine step off it) is moved on by four. Two presses of
    each big key had reached the best line exactly from the start, a win without a search."""
    return steps + (4 if steps >= 0 else -4) if steps % 10 in (0, 1, 9) else steps


def _aimed(level: Level) -> Level:
    """The sandbox with its target and goal worked out from its data, on its key lattice:
    1 % above the best MSE, never below FLOOR of y's variance, nor below the lattice line
    nearest the best line."""
    x, y = level.x, level.y
    m_best, b_best = linear.best_fit(level)
    best = core.stats.exact_mse(x, y, m_best, b_best)
    reached = core.stats.exact_mse(
        x, y, *linear.lattice_line(level, *linear.optimum_on_lattice(level))
    )
    target = max(CLOSE * best, reached * (1 + MARGIN), FLOOR * float(np.std(y)) ** 2)
    task = level.spec.goal.rpartition(":")[0]  # "Fit a line to y against x"
    # near the best, unless the floor set the target far above it (y of ±1e9 with misses of
    # 0.4: "get near the best line's MSE, 0.15" with a target of 2.977e11, a hostile pass)
    near = target <= 2 * CLOSE * best
    goal = (
        f": get near the best line's MSE, {num(best)}."
        if near
        else f": get the MSE to {num(target)} or below (the best line's is {num(best)})."
    )
    saw = {} if near else {"what_you_saw": FLOOR_SAW}  # not "a whisker of least squares"
    spec = msgspec.structs.replace(
        level.spec,
        **saw,
        goal=task + goal,
        target=Target(metric="mse", value=target),
    )
    return _goal_fitted(replace(level, spec=spec))


def _goal_fitted(level: Level) -> Level:
    """The sandbox with the column names of its goal cut (each with one "…") as little as
    lets the goal, with its target, fit its rows at 80 columns: long names had pushed the
    "(target MSE ≤ 44.61)" onto a third row, and out of sight."""
    if level.columns is None or scoring.goal_rows(level) <= scoring.GOAL_ROWS:
        return level
    task, _, asked = level.spec.goal.rpartition(":")  # "Fit a line to y against x", the rest
    names = task.removeprefix(TASK)

    def cut_to(most: int) -> Level:
        assert level.columns is not None
        said = against(*level.columns, most=most)
        spec = msgspec.structs.replace(level.spec, goal=f"{TASK}{said}:{asked}")
        return replace(level, spec=spec)

    # the most cells the names may take that fit: halving
    lo, hi = cell_len(against("?", "?")), cell_len(names) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if scoring.goal_rows(cut_to(mid)) <= scoring.GOAL_ROWS else (lo, mid - 1)
    return cut_to(lo)


def points_move(level: Level) -> bool:
    """Whether the player may drag the data's points: only their own (the sandbox), and only
    up to BIG points (each move copies the data and sums it again)."""
    return level.id == SANDBOX and not is_big(level)


def with_point(
    level: Level,
    k: int,
    y: float,
    x: float | None = None,
    steps: tuple[float, float] | None = None,
) -> Level:
    """The sandbox with point k moved to height y (and to x, if given), in whole fine steps
    from where it was: `steps` (across, up: a tenth of the step up is the fine one), by
    default the steps of `level`'s own data (see `point_steps`). Its target, goal and best
    line follow the moved data; the line stays, and the centre the slope keys turn about
    (the level's pivot)."""
    xs, ys = _moved_points(level, k, y, x, steps)
    return _aimed(replace(level, points=lambda: (xs, ys)))


def _moved_points(
    level: Level,
    k: int,
    y: float,
    x: float | None,
    steps: tuple[float, float] | None,
    origin: Level | None = None,
) -> tuple[FloatArray, FloatArray]:
    """The data's x and y with point k moved as `with_point` moves it: to whole fine steps
    from where it is in `origin` (the data as opened; by default `level`). From where it
    was after each press, the steps added up float64's errors: x = 8.999999999999984 after
    ten presses of 0.1 (a hostile pass)."""
    across, up = steps if steps is not None else point_steps(level)
    fine = up / 10
    start = origin if origin is not None else level
    home_x, home_y = float(start.x[k]), float(start.y[k])
    xs, ys = level.x, level.y.copy()
    ys[k] = home_y + round((y - home_y) / fine) * fine
    if x is not None:
        xs = xs.copy()
        xs[k] = home_x + round((x - home_x) / across) * across
    return xs, ys


def data_of(level: Level, state: FitState) -> Level:
    """The level the state's line is played on: its moved data, or the level's own."""
    return level if state.data is None else state.data


def drag_point(level: Level, state: FitState, k: int, y: float, x: float | None = None) -> FitState:
    """The line on the data with point k dragged to height y (and to x, if given), one press
    after `state` (where the drag began, on `level`); undoing it brings the point back. A
    move to data the CSV loader would refuse is no move (see `refused`)."""
    xs, ys = _dragged_points(level, state, k, y, x)
    if refused(xs, ys):
        return state  # the point stays: no press
    moved = _aimed(replace(data_of(level, state), points=lambda: (xs, ys)))
    return replace(state, data=moved, presses=state.presses + 1, previous=state)


def _dragged_points(
    level: Level, state: FitState, k: int, y: float, x: float | None
) -> tuple[FloatArray, FloatArray]:
    """The data's x and y with point k dragged as `drag_point` drags it."""
    # the steps of the data as it was opened: moving a point widens the moved data's span,
    # and its steps grew (a point moved far, shift+↑ then moved it by nothing)
    return _moved_points(data_of(level, state), k, y, x, point_steps(level), origin=level)


def move_point(level: Level, state: FitState, k: int, across: float, up: float) -> FitState:
    """Point k moved by keys, one press after `state`: `up` of a key's point steps (0.1 with
    shift), and `across` (its sign) a step across of the grid a dragged point keeps to (a
    tenth of the data's x span's round step); undoing it brings the point back."""
    return drag_point(level, state, k, *_keyed_to(level, state, k, across, up))


def why_it_stays(level: Level, state: FitState, k: int, across: float, up: float) -> str | None:
    """Why `move_point` with these keys leaves point k where it is (`refused`), or None."""
    return why_drag_stays(level, state, k, *_keyed_to(level, state, k, across, up))


def why_drag_stays(
    level: Level, state: FitState, k: int, y: float, x: float | None = None
) -> str | None:
    """Why `drag_point` to (x, y) leaves point k where it is (`refused`), or None."""
    return refused(*_dragged_points(level, state, k, y, x))


def _keyed_to(
    level: Level, state: FitState, k: int, across: float, up: float
) -> tuple[float, float]:
    """Where the keys `move_point` is given send point k: (y, x)."""
    data = data_of(level, state)
    step_x, step_y = point_steps(level)
    x = float(data.x[k]) + (math.copysign(step_x, across) if across else 0.0)
    return float(data.y[k]) + up * step_y, x


def point_steps(level: Level) -> tuple[float, float]:
    """What one arrow press moves a picked point of the data `level` opened with by, across
    and up (shift: a tenth up): the data's own, however its points have moved since (the
    step across was a tenth of the moved data's span's round step: 0.5, then 0.2 once the
    first point had moved in from an end)."""
    return nice_step(float(np.ptp(level.x)) or 1.0) / 10, linear.steps(level).point


class MaeRules(LineRules):
    """A line (or constant) scored by MSE or MAE, with the other shown beside it."""

    shows_mae = True


LINE = LineRules()  # also the mle kind's: the same line, read as the likeliest one
MAE = MaeRules()
