"""The one descent loop: where it stops, what it keeps, and that it can be taken in pieces."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit import core
from dartfit.core.validation import METHODS


def noisy_line(seed: int = 4, n: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """n points near y = 2x + 1 with x in [0, 10] and unit Gaussian noise."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    return x, 2 * x + 1 + rng.normal(0, 1, n)


def begin(method: str, rate: float | None = None) -> tuple[core.DescentProblem, core.DescentState]:
    x, y = noisy_line()
    problem = core.make_problem(x, y, method, rate)
    return problem, core.start_state(problem, 0.0, 1.0)


@pytest.mark.parametrize("method", METHODS)
def test_a_converged_walk_ends_at_numpys_least_squares_line(method: str) -> None:
    problem, first = begin(method)
    run = core.walk(problem, first, core.blow_up_limit(problem, first), core.STEP_CAP)
    assert run.converged and not run.diverged and run.overshoot is None
    end = run.steps[-1]
    offset = np.array([end.m, end.b]) - np.polyfit(problem.x, problem.y, 1)
    # MSE − MSE* is ½·offsetᵀ·H·offset: within the convergence test's bound of the oracle's line
    assert 0.5 * offset @ problem.hessian @ offset <= 2e-10 * end.mse + problem.gap_floor


@settings(max_examples=30, deadline=None)
@given(
    method=st.sampled_from(METHODS),
    rate_share=st.sampled_from([0.5, 1.5]),
    chunks=st.lists(st.integers(0, 40), min_size=1, max_size=8),
)
def test_a_walk_in_pieces_takes_the_same_steps_as_one_walk(
    method: str, rate_share: float, chunks: list[int]
) -> None:
    problem, first = begin(method, rate_share * core.max_stable_learning_rate(noisy_line()[0]))
    limit = core.blow_up_limit(problem, first)
    whole = core.walk(problem, first, limit, sum(chunks))
    here, steps, last = first, [], None
    for size in chunks:
        last = core.walk(problem, here, limit, size)
        steps += last.steps
        here = steps[-1] if steps else first
        if last.diverged or last.converged:
            break
    assert last is not None
    assert tuple(steps) == whole.steps
    assert (last.overshoot, last.diverged) == (whole.overshoot, whole.diverged)


def test_a_walk_that_blows_up_keeps_the_steps_within_the_limit_and_stops() -> None:
    x, _ = noisy_line()
    problem, first = begin("gd", 1.5 * core.max_stable_learning_rate(x))
    limit = core.blow_up_limit(problem, first)
    run = core.walk(problem, first, limit, core.STEP_CAP)
    assert run.diverged and not run.converged
    assert all(s.mse <= limit and core.is_finite_state(s) for s in run.steps)
    assert run.overshoot is not None and run.overshoot.mse > limit
    assert run.overshoot == core.descent_step(problem, run.steps[-1])
    assert run.reached == (*run.steps, run.overshoot)


@pytest.mark.parametrize("method", METHODS)
def test_a_step_beyond_float64_is_never_returned(method: str) -> None:
    problem, first = begin(method, 1e300)
    run = core.walk(problem, first, math.inf, 50)  # no limit: only overflow stops it
    assert run.diverged
    assert all(core.is_finite_state(s) for s in run.reached)


def test_a_walk_told_not_to_stop_at_the_bottom_uses_its_whole_budget() -> None:
    problem, first = begin("gd")
    limit = core.blow_up_limit(problem, first)
    until = core.walk(problem, first, limit, core.STEP_CAP)
    assert until.converged and len(until.steps) < core.STEP_CAP
    on = core.walk(problem, first, limit, len(until.steps) + 25, until_converged=False)
    assert len(on.steps) == len(until.steps) + 25 and not on.converged
    assert on.steps[: len(until.steps)] == until.steps
