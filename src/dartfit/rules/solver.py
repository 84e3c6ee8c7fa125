"""The auto-solver's state: gradient descent on a line's MSE, one pure step at a time.

A `SolverState` is frozen; `step` returns the next one. The screen holds it in a reactive and
a timer calls `advance`, which takes its steps through `core.walk`, the loop `core.descend`
runs too (the same step, convergence test, blow-up rule and reason).
Changing the method or the learning rate starts again from the player's line, so the step
count and the final MSE always belong to one method and one rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy.typing as npt

from dartfit import core
from dartfit.core.stepping import default_rate, for_method, scaled_rate, stable_rate_limit
from dartfit.core.validation import METHODS
from dartfit.core.walking import STEP_CAP
from dartfit.wording import num

RATE_CAP = 1000.0
"""The learning rate goes no higher than RATE_CAP times the largest stable rate (adam's
default rate): far enough to see any run blow up, and its numbers stay readable."""

Point = tuple[float, float, float]
"""One point of the path: (m, b, mse)."""
Reach = tuple[float, float, float, float, float]
"""How far a path has gone: its least and most m, least and most b, and largest MSE."""


def reach_of(points: tuple[Point, ...], before: Reach | None = None) -> Reach:
    """The reach of a path's points (at least one), taken with the reach `before` them."""
    ms, bs, mses = zip(*points, strict=True)
    lo_m, hi_m, lo_b, hi_b, top = min(ms), max(ms), min(bs), max(bs), max(mses)
    if before is not None:
        lo_m, hi_m = min(before[0], lo_m), max(before[1], hi_m)
        lo_b, hi_b, top = min(before[2], lo_b), max(before[3], hi_b), max(before[4], top)
    return lo_m, hi_m, lo_b, hi_b, top


@dataclass(frozen=True)
class SolverState:
    """Where the auto-solver stands: problem, current state, path so far and how it ended."""

    problem: core.DescentProblem
    current: core.DescentState
    start_line: tuple[float, float]
    history: tuple[Point, ...]
    limit: float
    """The MSE above which the run counts as diverged (core's blow-up limit)."""
    reach: Reach
    """The history's reach, kept as it grows: the bowl's view and rings read it every frame,
    and reading 200,000 points of a crawl again took 50 ms a frame."""
    converged: bool = False
    diverged: bool = False
    reason: str = ""

    @property
    def method(self) -> str:
        """The descent method: gd, momentum or adam."""
        return self.problem.method

    @property
    def learning_rate(self) -> float:
        """The learning rate η."""
        return self.problem.learning_rate

    @property
    def steps(self) -> int:
        """Steps taken so far."""
        return len(self.history) - 1

    @property
    def finished(self) -> bool:
        """True once it converged, diverged or ran out of steps: stepping changes nothing."""
        return self.converged or self.diverged or self.steps >= STEP_CAP

    @property
    def gap(self) -> float:
        """MSE − best MSE, exactly (0 after a divergence, where it means nothing)."""
        return 0.0 if self.diverged else core.optimality_gap(self.problem, self.current)


def _begin(problem: core.DescentProblem, m0: float, b0: float) -> SolverState:
    """The state at the player's line under a given problem."""
    first = core.start_state(problem, m0, b0)
    state = SolverState(
        problem=problem,
        current=first,
        start_line=(first.m, first.b),
        history=((first.m, first.b, first.mse),),
        limit=core.blow_up_limit(problem, first),
        reach=reach_of(((first.m, first.b, first.mse),)),
    )
    return _settled(state)


def _settled(state: SolverState) -> SolverState:
    """Mark convergence (and its report) when the current state passes the core's test."""
    n = state.steps
    if state.diverged or state.reason:
        return state
    if not core.is_converged(state.problem, state.current):
        if n >= STEP_CAP:
            return replace(state, reason=f"stopped after {n} steps before converging")
        return state
    reason = f"converged after {n} step{'' if n == 1 else 's'}"
    return replace(state, converged=True, reason=reason)


def start(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    m0: float,
    b0: float,
    method: str = "gd",
    learning_rate: float | None = None,
) -> SolverState:
    """Return the solver at (m0, b0), with the method's safe default rate when none is given."""
    return _begin(core.make_problem(x, y, method, learning_rate), m0, b0)


def step(state: SolverState) -> SolverState:
    """Return the state after one descent step (a finished state is returned unchanged)."""
    return advance(state, 1)


def advance(state: SolverState, n: int) -> SolverState:
    """Return the state after up to n steps, stopping early once it is finished."""
    if state.finished:
        return state
    run = core.walk(state.problem, state.current, state.limit, min(n, STEP_CAP - state.steps))
    reached = run.reached  # like descend, the step that blew up is kept when it is finite
    if not reached and not run.diverged:
        return _settled(state)
    current = reached[-1] if reached else state.current
    new = reached.points
    result = replace(
        state, current=current, history=state.history + new, reach=reach_of(new, state.reach)
    )
    if run.diverged:
        reason = core.divergence_reason(state.problem, result.steps, num)
        return replace(result, diverged=True, reason=reason)
    return _settled(result)


def with_method(state: SolverState, method: str) -> SolverState:
    """Start again from the player's line with another method, its rate the same multiple
    of its default rate as the player's is of this method's: a rate doubled (or pushed past
    the stable one) stays doubled (or past it), within the new method's range (at a cap a
    multiple can be cut: adam's cap is RATE_CAP times its default, not its stable rate)."""
    problem = state.problem
    fresh = _begin(for_method(problem, method), *state.start_line)
    factor = problem.learning_rate / default_rate(problem)
    return fresh if factor == 1.0 or not math.isfinite(factor) else with_rate(fresh, factor)


def next_method(state: SolverState) -> SolverState:
    """Start again from the player's line with the next method in gd → momentum → adam."""
    return with_method(state, METHODS[(METHODS.index(state.method) + 1) % len(METHODS)])


def with_rate(state: SolverState, factor: float) -> SolverState:
    """Start again from the player's line with the learning rate multiplied by factor."""
    problem = state.problem
    rate = min(scaled_rate(problem.learning_rate, factor), largest_rate(state))
    if rate == problem.learning_rate or (factor > 1 and rate < problem.learning_rate):
        return state  # at the end of the range: nothing changes (and nothing restarts)
    return _begin(replace(problem, learning_rate=rate), *state.start_line)


def largest_rate(state: SolverState) -> float:
    """The highest learning rate the player can choose: RATE_CAP times the stable limit."""
    problem = state.problem
    base = stable_rate(state)
    if base is None:
        base = default_rate(problem)
    return RATE_CAP * base


def restart(state: SolverState) -> SolverState:
    """Start again from the player's line with the same method and rate."""
    return _begin(state.problem, *state.start_line)


def stable_rate(state: SolverState) -> float | None:
    """The largest stable learning rate for this method (None for adam: no formula)."""
    problem = state.problem
    return stable_rate_limit(problem.method, problem.largest_curvature)


def optimum(state: SolverState) -> Point:
    """The closed-form best line and its MSE: (m*, b*, MSE*), as the problem found them
    (its bowl's bottom: worked out again, it took two passes over the data per call, 25 ms
    of the auto-solver's opening on a 10⁶-row CSV), or afresh where it keeps no bowl."""
    problem = state.problem
    if problem.quadratic is not None:
        bowl = problem.quadratic
        return bowl.m, bowl.b, bowl.mse
    m, b = core.best_line(problem.x, problem.y)
    return m, b, core.mse(problem.y, core.line_predict(problem.x, m, b))
