"""Run gradient descent on a line's MSE to the end and report every step and how it ended.

Built on `walk.walk`; see `stepping` for the methods and the convergence test, and `walk` for
the blow-up rule. Divergence is reported in `DescentResult`, never raised, and no NaN or
infinity is returned.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dartfit.core.curvature import LAMBDA_MAX
from dartfit.core.stats import exact_mse
from dartfit.core.stepping import (
    MOMENTUM_BETA,
    DescentProblem,
    Row,
    make_problem,
    optimality_gap,
    row_of,
    stable_rate_limit,
    start_state,
)
from dartfit.core.validation import step_count
from dartfit.core.walking import STEP_CAP, Trail, blow_up_limit, walk


@dataclass(frozen=True, slots=True)
class Step:
    """One point on the descent path: the line, its MSE and the gradient (∂/∂m, ∂/∂b)."""

    m: float
    b: float
    mse: float
    gradient: tuple[float, float]


@dataclass(frozen=True, slots=True)
class DescentResult:
    """A descent's path (steps[0] is the start) and how it ended, in plain words."""

    steps: Trail[Step]
    converged: bool
    diverged: bool
    reason: str
    method: str
    learning_rate: float

    @property
    def final(self) -> Step:
        """Return the last step reached."""
        return self.steps[-1]


def _as_step(row: Row) -> Step:
    """Return the public, method-free view of a state (as a row of plain numbers)."""
    return Step(m=row[0], b=row[1], mse=row[2], gradient=(row[3], row[4]))


CRAWL_STRETCH = 1000.0
"""A bowl this many times more curved one way than the other makes plain descent crawl."""


def stretch(problem: DescentProblem) -> float:
    """How many times more curved the MSE bowl is along its steep direction than its flat
    one: high/low of H ∝ [[var x + x̄², x̄], [x̄, 1]], from its trace and its determinant
    (var x, from centred x), whose low eigenvalue H's own read 0 where x̄²/var x passes
    1e16 ("the bowl is inf times more curved")."""
    centre, spread = problem.centre
    if not spread > 0.0:
        return math.inf
    trace = spread + centre * centre + 1.0
    high = 0.5 * (trace + math.sqrt(max(trace * trace - 4.0 * spread, 0.0)))
    return high * high / spread


def crawl_reason(problem: DescentProblem) -> str:
    """Explain in plain words why descent crawls on a stretched bowl (x far from 0)."""
    ratio = stretch(problem)
    # grouped up to a million, else in three digits: 2.02e11 (it read 202,015,653,138)
    times = f"{ratio:,.0f}" if 1e3 <= ratio < 1e6 else f"{ratio:.3g}"
    if "e" in times:
        mantissa, exponent = times.split("e")
        times = f"{mantissa}e{int(exponent)}"
    return (
        f"the bowl is {times} times more curved one way than the other, so "
        "progress along its flat direction is slow (centring x would help)"
    )


def _radius(method: str, rate: float, curvature: float) -> float:
    """How much a step shrinks the miss along a direction of the bowl that curves by
    `curvature`: |1 − ηλ| for plain descent, the heavy ball's largest root for momentum."""
    if method == "gd":
        return abs(1.0 - rate * curvature)
    a = 1.0 + MOMENTUM_BETA - rate * curvature  # z² − a·z + β = 0
    disc = a * a - 4.0 * MOMENTUM_BETA
    if disc < 0.0:
        return math.sqrt(MOMENTUM_BETA)
    return max(abs(a + math.sqrt(disc)), abs(a - math.sqrt(disc))) / 2.0


def slow_reason(problem: DescentProblem, m: float, b: float, taken: int) -> str:
    """Why a descent that ended at (m, b) after `taken` steps is still short of the bottom, in
    plain words: a rate at the edge of the stable ones bounces across the bowl, a stretched
    bowl makes descent crawl along its flat direction, else the rate is too small (descent at
    η = 1e−300 never moved, and was said to crawl for the bowl's shape)."""
    rate = _g4(problem.learning_rate)
    small = (
        f"learning rate {rate} is too small for this data: each step moves the line by "
        "almost nothing; try a larger rate"
    )
    if problem.method == "adam":  # each step moves m and b by about η at most
        state = start_state(problem, m, b)
        h = problem.inverse
        (g0, g1), reach = state.gradient, problem.learning_rate * max(taken, 1)
        still = max(abs(h[0] * g0 + h[1] * g1), abs(h[2] * g0 + h[3] * g1))  # H⁻¹g, to go
        if still > reach:
            return small
        return f"Adam's steps of about {rate} keep it circling the bottom; try a smaller rate"
    low, high = (float(v) for v in np.linalg.eigvalsh(problem.hessian))
    steep, flat = (_radius(problem.method, problem.learning_rate, c) for c in (high, low))
    if steep > flat:  # equal where η·λ rounds away: both 1
        return (
            f"learning rate {rate} is at the edge of the largest stable rate: each step lands "
            "nearly as far past the bottom as it started, so it bounces across the bowl; try "
            "a smaller rate"
        )
    if stretch(problem) >= CRAWL_STRETCH:
        return crawl_reason(problem)
    return small


def _g4(value: float) -> str:
    return f"{value:.4g}"


def divergence_reason(
    problem: DescentProblem, taken: int, number: Callable[[float], str] = _g4
) -> str:
    """Explain in plain words why the misses grew, after `taken` steps; `number` typesets
    the rates (the game passes `wording.num`: the core knows no typography)."""
    plural = "" if taken == 1 else "s"
    when = f"after {taken} step{plural}" if taken else "on the first step"
    rate = number(problem.learning_rate)
    limit_value = stable_rate_limit(problem.method, problem.largest_curvature)
    if limit_value is not None and problem.learning_rate >= limit_value:
        limit = number(limit_value)
        formula = (
            "2/λ_max" if problem.method == "gd" else f"2(1 + β)/λ_max with β = {MOMENTUM_BETA}"
        )
        return (
            f"learning rate {rate} is above the largest stable rate {limit} = {formula} "
            f"({LAMBDA_MAX}): "
            "each step overshoots the bowl's steepest direction by more than it corrects, "
            f"so the misses grow (the MSE blew up {when})"
        )
    return (
        f"the MSE blew up {when} with learning rate {rate}: the steps "
        "are too large for this data, so each one lands further from the best line; "
        "try a smaller rate"
    )


def descend(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    m0: float,
    b0: float,
    learning_rate: float | None = None,
    steps: int | None = None,
    method: str = "gd",
) -> DescentResult:
    """Run descent from (m0, b0) until converged, diverged or out of steps (None: up to 200,000)."""
    budget = step_count(steps)
    problem = make_problem(x, y, method, learning_rate)
    first = start_state(problem, m0, b0)
    cap = STEP_CAP if budget is None else budget
    run = walk(problem, first, blow_up_limit(problem, first), cap)
    reached = run.reached
    state, converged, diverged = reached[-1] if reached else first, run.converged, run.diverged
    taken = len(reached)
    plural = "" if taken == 1 else "s"
    mse = exact_mse(problem.x, problem.y, state.m, state.b)  # numpy's: the state's is the bowl's
    if diverged:
        reason = divergence_reason(problem, taken)
    elif converged:
        reason = (
            f"converged after {taken} step{plural}: the MSE {mse:.6g} is within "
            f"{optimality_gap(problem, state):.2g} of the best possible"
        )
    else:
        gap = optimality_gap(problem, state)
        reason = (
            f"stopped after {taken} step{plural} before converging: the MSE "
            f"{mse:.6g} is still {gap:.3g} above the best possible"
        )
        if budget is None:
            reason += "; " + slow_reason(problem, state.m, state.b, taken)
    return DescentResult(
        steps=Trail((row_of(first), *reached.rows), _as_step),
        converged=converged,
        diverged=diverged,
        reason=reason,
        method=problem.method,
        learning_rate=problem.learning_rate,
    )


def first_step_reaching(
    problem: DescentProblem, m0: float, b0: float, goal: float, cap: int
) -> int | None:
    """Return the first step k ≤ cap at which plain descent from (m0, b0) has MSE ≤ goal, or
    None; in closed form, so asking about 100,000 steps costs no more than a few numpy calls.

    On the quadratic bowl θₖ − θ* = (I − ηH)ᵏ(θ₀ − θ*). In H's eigenbasis each coordinate zᵢ
    is multiplied by (1 − ηλᵢ) a step, so MSEₖ = MSE* + ½·Σᵢ λᵢ·zᵢ²·(1 − ηλᵢ)²ᵏ, a sum that
    may fall and then rise (a rate above the stable limit can still pass the goal on the way).
    """
    start = start_state(problem, m0, b0)
    curvatures, vectors = np.linalg.eigh(problem.hessian)
    g = vectors.T @ np.array(start.gradient)
    flat = curvatures <= 1e-12 * curvatures[-1]  # x far from 0 for its spread: H is singular
    z = np.where(flat, 0.0, g / np.where(flat, 1.0, curvatures))  # θ₀ − θ*, in H's eigenbasis
    offset = vectors @ z
    floor = start_state(problem, m0 - float(offset[0]), b0 - float(offset[1])).mse  # MSE*
    weights = 0.5 * curvatures * z * z
    shrink = (1.0 - problem.learning_rate * curvatures) ** 2
    k = np.arange(cap + 1, dtype=np.float64)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        excess = weights[0] * shrink[0] ** k + weights[1] * shrink[1] ** k
        reached = np.flatnonzero(floor + excess <= goal)
    return int(reached[0]) if reached.size else None
