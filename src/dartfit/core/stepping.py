"""One step of gradient descent on a line's MSE, as a pure function on frozen state.

An animation drives descent by holding a `DescentState` and replacing it with
`descent_step(problem, state)` on every tick; `walk.walk` runs the same step in a loop. Both
take their steps in `steps_from`, the one loop of descent.

The MSE and gradient after each step come from the MSE's exact quadratic (`quadratic`), a
few float operations; a line given from outside (`start_state`, `mse_at`) is summed over the
points by numpy, as before. `pointwise` gives the same problem summed over the points at
every step too, as descent was before, kept as the oracle the quadratic's steps are checked
against.

Methods, for a gradient g and learning rate η:
- "gd": θ ← θ − η·g. Converges exactly when η < 2/λ_max (λ_max: the Hessian's top eigenvalue).
- "momentum" (heavy ball, β = 0.9): v ← β·v − η·g; θ ← θ + v. Converges when η < 2(1 + β)/λ_max.
- "adam" (β1 = 0.9, β2 = 0.999, ε = 1e-8): θ ← θ − η·m̂/(√v̂ + ε) with bias-corrected moment
  averages m̂ and v̂. Plain Adam, with no learning-rate decay: on this quadratic bowl it
  reached the convergence test below on every dataset tried, so no decay was needed.

Convergence test. MSE(m, b) is exactly quadratic with constant Hessian H, so with g = H(θ − θ*)
the Newton decrement ½·gᵀH⁻¹g = ½(θ − θ*)ᵀH(θ − θ*) equals MSE − MSE* exactly: it measures the
improvement still available in the same units as the MSE, whatever the scale of x. A state is
converged when that gap ≤ 1e-10·MSE + the rounding floor: the relative part is far below
anything a player could see yet well above rounding error, and the floor (`rounding_gap`: what
rounding alone can show of the gap at the best line) lets a perfect fit (MSE* = 0) converge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray
from dartfit.core.curvature import largest_curvature, mse_hessian
from dartfit.core.line import best_line, round_off_mse
from dartfit.core.quadratic import Quadratic
from dartfit.core.stats import BIG, CHUNK, LineStats
from dartfit.core.validation import (
    finite_scalar,
    line_data,
    method_name,
    positive,
)

MOMENTUM_BETA = 0.9
ADAM_BETA1 = 0.9
ADAM_BETA2 = 0.999
ADAM_EPSILON = 1e-8
RELATIVE_GAP = 1e-10
ROUNDING_SLACK = 1e4
TINY_GAP = 1e-300
"""Above 0: data the line fits exactly, to the last bit, converges too."""

RATE_RANGE = (1e-100, 1e100)
"""The learning rates a player can reach: far past divergence, never 0 or infinity."""

Pair = tuple[float, float]
Row = tuple[float, float, float, float, float, int, float, float, float, float]
"""A `DescentState` as plain numbers, its fields in order: m, b, mse, ∂m, ∂b, t, velocity
(two) and second moment (two)."""


@dataclass(frozen=True, slots=True)
class DescentProblem:
    """The fixed part of a descent: data, method, learning rate and the bowl's curvature."""

    x: FloatArray
    y: FloatArray
    method: str
    learning_rate: float
    hessian: FloatArray
    largest_curvature: float
    gap_floor: float
    y_variance: float
    """var(y), for the blow-up limit: computed once, as the data never changes."""
    round_off: float
    """The MSE that is round-off on this data (`round_off_mse`): read as 0 where 0 agrees
    with numpy's (`rules.linear.zero_if_round_off`)."""
    inverse: tuple[float, float, float, float]
    """H⁻¹ by rows (the pseudo-inverse when H is singular in float64), for the rounding
    floor of data whose var x is 0 in float64."""
    centre: tuple[float, float]
    """x̄ and var x (from centred x), for the gap: ((∂m − x̄·∂b)²/var x + ∂b²)/4 is ½·gᵀH⁻¹g
    without the cancellation H⁻¹ by rows suffers where x̄²/var x is past 1e15 (H singular
    in float64: the gap read negative, and descent said "converged" above the best MSE)."""
    stats: LineStats | None = None
    """Running sums, on big data: a line's MSE then costs O(1) instead of O(n)."""
    quadratic: Quadratic | None = None
    """The MSE's exact quadratic, which every step reads (a few float operations); None on
    the point-by-point path (`pointwise`), whose steps sum over the points."""


@dataclass(frozen=True, slots=True)
class DescentState:
    """Where descent stands: the line, its MSE and gradient, and the method's memory."""

    m: float
    b: float
    mse: float
    gradient: Pair
    t: int = 0
    velocity: Pair = (0.0, 0.0)
    """Momentum's velocity, or Adam's running mean of gradients."""
    second_moment: Pair = (0.0, 0.0)
    """Adam's running mean of squared gradients (unused by the other methods)."""


def stable_rate_limit(method: str, curvature: float) -> float | None:
    """Return the largest stable learning rate for a method, or None when there is no formula."""
    if method == "gd":
        return 2.0 / curvature
    if method == "momentum":
        return 2.0 * (1.0 + MOMENTUM_BETA) / curvature
    return None


def scaled_rate(rate: float, factor: float) -> float:
    """Return rate·factor, kept within RATE_RANGE."""
    return min(max(rate * factor, RATE_RANGE[0]), RATE_RANGE[1])


def default_learning_rate(
    x: FloatArray, y: FloatArray, method: str, curvature: float | None = None
) -> float:
    """Return a safe default rate: half the stable limit (gd, momentum) or data-scaled (adam)
    (`curvature`: the bowl's largest, when it is known already)."""
    if method == "adam":
        # Adam moves each coordinate about η per step, so η is a tenth of the parameters' scale:
        # the slope's (std y / std x) or the intercept's (|mean y| + std y), whichever is
        # smaller (the larger, on y far from 0, threw the slope a million at the first step)
        scale = min(float(np.std(y) / np.std(x)), abs(float(np.mean(y))) + float(np.std(y)))
        return 0.1 * scale if scale > 0 else 0.1
    curvature = largest_curvature(x) if curvature is None else curvature
    return 0.5 * (stable_rate_limit(method, curvature) or 0.0)


def default_rate(problem: DescentProblem, method: str | None = None) -> float:
    """The default rate of `method` (the problem's own if None) on the problem's data."""
    name = problem.method if method is None else method_name(method)
    return default_learning_rate(problem.x, problem.y, name, problem.largest_curvature)


def for_method(problem: DescentProblem, method: str) -> DescentProblem:
    """The same data under another method, at its default rate (the data, already checked,
    not checked again, nor its bowl worked out again: a million points took 0.1 s)."""
    name = method_name(method)
    return replace(problem, method=name, learning_rate=default_rate(problem, name))


def make_problem(
    x: npt.ArrayLike, y: npt.ArrayLike, method: str = "gd", learning_rate: float | None = None
) -> DescentProblem:
    """Return a validated DescentProblem, choosing the method's default rate when none is given."""
    xs, ys = line_data(x, y)
    name = method_name(method)
    rate = (
        default_learning_rate(xs, ys, name)
        if learning_rate is None
        else positive("learning_rate", learning_rate)
    )
    hessian = mse_hessian(xs)
    inverse = _inverse(hessian)
    best = best_line(xs, ys)  # once: the rounding floors are both worked out at it
    quadratic = Quadratic.of(xs, ys, best)
    return DescentProblem(
        x=xs,
        y=ys,
        method=name,
        learning_rate=rate,
        hessian=hessian,
        largest_curvature=largest_curvature(xs),
        gap_floor=rounding_gap(xs, ys, inverse, best),
        y_variance=float(np.var(ys)),
        round_off=round_off_mse(xs, ys, best),
        stats=LineStats.of(xs, ys) if xs.shape[0] > BIG else None,
        inverse=inverse,
        centre=(quadratic.x_mean, quadratic.x_spread),
        quadratic=quadratic,
    )


def pointwise(problem: DescentProblem) -> DescentProblem:
    """The same problem with every step's MSE and gradient summed over the points, as
    descent was before it read the quadratic (numpy's misses, or the running sums above BIG
    points): the oracle `tests/core/test_quadratic_path.py` checks the quadratic's steps
    against."""
    return replace(problem, quadratic=None)


def rounding_gap(
    x: FloatArray,
    y: FloatArray,
    inverse: tuple[float, float, float, float],
    best: tuple[float, float] | None = None,
) -> float:
    """The gap to the best MSE that rounding alone can show at the best line: the floor of
    the convergence test, for a fit so good (MSE* near 0) that the relative part is nothing.

    At the best line (m*, b*) each miss is worked out to within e = ε·(|y| + |m*·x| + |b*|)
    (ε: float64's), and the gap is ½·gᵀH⁻¹g = (g_m − x̄·g_b)²/(4·var x) + g_b²/4. Its two
    parts are bounded apart: g_b to within 2·mean(e); g_m − x̄·g_b, the slope's pull about
    the centre, to within 2·mean(|x − x̄|·e), plus what summing x·r rounds (n·ε·mean|x·r|).
    ROUNDING_SLACK times that covers the sums' own rounding. It grows with the data's size,
    not with how far y or x sit from 0: a floor of 1e-14·mean(y²) had passed a line twice
    the best MSE as converged on y near 10⁷, and a bound that took |H⁻¹| entry by entry (so
    lost the cancellation of g_m against x̄·g_b) passed 1.6× the best MSE on x near 10⁸."""
    eps = float(np.finfo(np.float64).eps)
    m, b = best_line(x, y) if best is None else best  # (the best line, if known)
    x_mean, spread = float(np.mean(x)), float(np.var(x))
    if not spread > 0.0:
        # x so far from zero for its spread that var x is 0 in float64: only the entry-wise
        # bound on the pseudo-inverse applies
        e = eps * (np.abs(y) + np.abs(m * x) + abs(b))
        g0, g1 = 2.0 * float(np.mean(np.abs(x) * e)), 2.0 * float(np.mean(e))
        a, c, d, f = (abs(v) for v in inverse)
        return ROUNDING_SLACK * 0.5 * (g0 * (a * g0 + c * g1) + g1 * (d * g0 + f * g1)) + TINY_GAP
    e = eps * (np.abs(y) + np.abs(m * x) + abs(b))
    n, offset = x.shape[0], np.abs(x - x_mean)
    pull = 2.0 * float(np.mean(offset * e))
    if n > BIG:  # the pull comes from running sums of the centred data, in chunks
        spread_y = np.abs(y - float(np.mean(y)))
        pull += 2.0 * CHUNK * eps * float(np.mean(offset * (spread_y + abs(m) * offset)))
    else:  # the pull comes from one sum of x·r
        pull += 2.0 * n * eps * float(np.mean(np.abs(x) * (np.abs(y - (m * x + b)) + e)))
    level = 2.0 * float(np.mean(e))
    return ROUNDING_SLACK * (pull * pull / (4.0 * spread) + level * level / 4.0) + TINY_GAP


def _inverse(hessian: FloatArray) -> tuple[float, float, float, float]:
    """H⁻¹ by rows, or its pseudo-inverse when x lies so far from zero for its spread that
    H is singular in float64: worked out once, the gap at every step is then plain floats."""
    try:
        inverse = np.linalg.inv(hessian)
    except np.linalg.LinAlgError:
        inverse = np.linalg.pinv(hessian)
    a, b, c, d = (float(v) for v in inverse.ravel())
    return a, b, c, d


def _evaluate(problem: DescentProblem, m: float, b: float) -> tuple[float, Pair]:
    """Return the MSE and its gradient at (m, b), summed over the points, without
    re-validating the data.

    On big data, from the running sums: MSE = syy − 2m·sxy + m²·sxx + c² with
    c = b + m·x̄ − ȳ, so ∂MSE/∂m = 2(m·sxx − sxy + c·x̄) and ∂MSE/∂b = 2c.
    """
    s = problem.stats
    if s is not None:
        c = b + m * s.x_mean - s.y_mean
        return s.near_mse(m, b), (2.0 * (m * s.sxx - s.sxy + c * s.x_mean), 2.0 * c)
    r = problem.y - (m * problem.x + b)
    n = problem.x.shape[0]
    mse = float(r.dot(r)) / n
    # the array's own methods: numpy's module functions add a Python call each (a third of
    # a step on small data), for the same sums to the bit
    return mse, (-2.0 / n * float(problem.x.dot(r)), -2.0 / n * float(r.sum()))


def mse_at(problem: DescentProblem, m: float, b: float) -> float:
    """The MSE of the line (m, b) on the problem's data (from the running sums on big data)."""
    return _evaluate(problem, m, b)[0]


def start_state(problem: DescentProblem, m0: float, b0: float) -> DescentState:
    """Return the state at the starting line (m0, b0), before any step."""
    m, b = finite_scalar("m0", m0), finite_scalar("b0", b0)
    mse, gradient = _evaluate(problem, m, b)
    return DescentState(m=m, b=b, mse=mse, gradient=gradient)


def descent_step(problem: DescentProblem, state: DescentState) -> DescentState:
    """Return the state after one step of the problem's method (the input is left unchanged),
    finite or not."""
    rows, stop, _ = steps_from(problem, state, 1)
    row = rows[0] if rows else stop
    assert row is not None  # a step is kept, or stopped for not being finite
    return state_of(row)


def row_of(state: DescentState) -> Row:
    """The state as plain numbers."""
    (g0, g1), (v0, v1), (s0, s1) = state.gradient, state.velocity, state.second_moment
    return (state.m, state.b, state.mse, g0, g1, state.t, v0, v1, s0, s1)


def state_of(row: Row) -> DescentState:
    """The state a row of plain numbers holds."""
    return DescentState(
        row[0], row[1], row[2], (row[3], row[4]), row[5], (row[6], row[7]), (row[8], row[9])
    )


def steps_from(
    problem: DescentProblem,
    state: DescentState,
    most: int,
    limit: float = math.inf,
    until_converged: bool = False,
    until_mse: float | None = None,
) -> tuple[list[Row], Row | None, bool]:
    """Up to `most` steps from `state`, as rows. It stops at a step whose numbers are not all
    finite or whose MSE passes `limit`; with `until_converged`, at the first state (`state`
    itself included) that passes `is_converged`; with `until_mse`, just after the first step
    whose MSE is at or below it. Returns the steps kept, the step that stopped it by not
    being finite or by passing `limit` (None if none did), and whether it stopped converged.

    The one loop of descent, in plain floats and in the order numpy's element-wise arrays of
    two once took them (the same results to the bit). On the quadratic a step makes no call
    and no object but its row: a call to evaluate, a frozen state and the tests' calls were
    most of a step's time (13 µs a step had been 4 numpy calls, 3 objects and 4 calls).
    """
    if until_converged and is_converged(problem, state):
        return [], None, True
    rate, quadratic = problem.learning_rate, problem.quadratic
    gd, heavy = problem.method == "gd", problem.method == "momentum"
    if quadratic is not None:
        best_m, best_b, best_mse = quadratic.m, quadratic.b, quadratic.mse
    x_mean, spread = problem.centre  # the quadratic's own, on its path
    over_spread = _quarter_over(spread)
    floor, goal = problem.gap_floor, -math.inf if until_mse is None else until_mse
    isfinite, sqrt, beta = math.isfinite, math.sqrt, MOMENTUM_BETA
    beta1, beta2, epsilon = ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON
    rest1, rest2 = 1.0 - ADAM_BETA1, 1.0 - ADAM_BETA2
    m, b, t = state.m, state.b, state.t
    (g0, g1), (v0, v1), (s0, s1) = state.gradient, state.velocity, state.second_moment
    rows: list[Row] = []
    keep = rows.append
    end = t + most
    with np.errstate(over="ignore", invalid="ignore"):
        while t < end:
            t += 1
            if gd:
                move0, move1 = -rate * g0, -rate * g1
            elif heavy:
                v0, v1 = beta * v0 - rate * g0, beta * v1 - rate * g1
                move0, move1 = v0, v1
            else:
                v0 = beta1 * v0 + rest1 * g0
                v1 = beta1 * v1 + rest1 * g1
                s0 = beta2 * s0 + rest2 * g0 * g0
                s1 = beta2 * s1 + rest2 * g1 * g1
                first_fix, second_fix = 1.0 - beta1**t, 1.0 - beta2**t
                move0 = -rate * (v0 / first_fix) / (sqrt(s0 / second_fix) + epsilon)
                move1 = -rate * (v1 / first_fix) / (sqrt(s1 / second_fix) + epsilon)
            m = m + move0
            b = b + move1
            if quadratic is None:
                mse, (g0, g1) = _evaluate(problem, m, b)
            else:  # Quadratic.at, written out
                dm = m - best_m
                c = (b - best_b) + x_mean * dm
                mse = best_mse + (spread * dm * dm + c * c)
                g0, g1 = 2.0 * (spread * dm + x_mean * c), 2.0 * c
            row = (m, b, mse, g0, g1, t, v0, v1, s0, s1)
            finite = isfinite(m) and isfinite(b) and isfinite(mse)
            if not (finite and isfinite(g0) and isfinite(g1)) or mse > limit:
                return rows, row, False
            keep(row)
            pull = g0 - x_mean * g1
            if until_converged and (  # is_converged, written out
                pull * pull * over_spread + 0.25 * g1 * g1 <= RELATIVE_GAP * mse + floor
            ):
                return rows, None, True
            if mse <= goal:
                break
    return rows, None, False


def optimality_gap(problem: DescentProblem, state: DescentState) -> float:
    """Return MSE − MSE*, computed exactly as the Newton decrement ½·gᵀH⁻¹g, in its centred
    form ((∂m − x̄·∂b)²/var x + ∂b²)/4: never below 0."""
    g0, g1 = state.gradient
    centre, spread = problem.centre
    pull = g0 - centre * g1
    return pull * pull * _quarter_over(spread) + 0.25 * g1 * g1


def _quarter_over(spread: float) -> float:
    """1/(4·var x), the gap's weight on the slope's pull about the centre; 0 where var x is
    0 in float64 (x's differences squared below its range), where only ∂b is left to read."""
    return 0.25 / spread if spread > 0.0 else 0.0


def is_converged(problem: DescentProblem, state: DescentState) -> bool:
    """Return True when the gap to the best MSE is ≤ 1e-10·MSE + the rounding floor."""
    return optimality_gap(problem, state) <= RELATIVE_GAP * state.mse + problem.gap_floor
