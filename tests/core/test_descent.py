"""Gradient descent, with momentum and Adam, against the closed-form least-squares line."""

from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest

from dartfit.core import (
    best_line,
    descend,
    descent_step,
    line_predict,
    make_problem,
    max_stable_learning_rate,
    mse,
    start_state,
)
from dartfit.core.descent import CRAWL_STRETCH, stretch

METHODS = ["gd", "momentum", "adam"]


def noisy_line(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return n points near y = 2x + 1 with x in [0, 10] and unit Gaussian noise."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    return x, 2 * x + 1 + rng.normal(0, 1, n)


DATASETS = [noisy_line(0, 20), noisy_line(1, 35), noisy_line(2, 50)]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("data", DATASETS, ids=["n20", "n35", "n50"])
def test_every_method_reaches_the_least_squares_mse_with_its_default_rate(
    method: str, data: tuple[np.ndarray, np.ndarray]
) -> None:
    x, y = data
    result = descend(x, y, 0.0, 0.0, method=method)
    best = mse(y, line_predict(x, *best_line(x, y)))
    assert result.converged and not result.diverged
    assert (result.steps[-1].mse - best) / best < 1e-6
    assert result.steps[-1].mse >= best * (1 - 1e-12)
    assert len(result.steps) - 1 < 200_000  # stopped early, well before the cap


def test_the_path_starts_at_the_starting_line() -> None:
    x, y = DATASETS[0]
    first = descend(x, y, 0.5, -1.0, steps=3).steps[0]
    assert (first.m, first.b) == (0.5, -1.0)
    assert first.mse == pytest.approx(mse(y, line_predict(x, 0.5, -1.0)))


def test_a_rate_just_below_the_stable_limit_converges() -> None:
    x, y = DATASETS[1]
    result = descend(x, y, 0.0, 0.0, learning_rate=0.99 * max_stable_learning_rate(x))
    assert result.converged and not result.diverged


def test_a_rate_just_above_the_stable_limit_diverges_and_says_why() -> None:
    x, y = DATASETS[1]
    limit = max_stable_learning_rate(x)
    result = descend(x, y, 0.0, 0.0, learning_rate=1.01 * limit)
    assert result.diverged and not result.converged
    numbers = [float(v) for v in re.findall(r"\d+\.\d+(?:e[-+]?\d+)?", result.reason)]
    assert any(v == pytest.approx(1.01 * limit, rel=1e-3) for v in numbers), result.reason
    assert any(v == pytest.approx(limit, rel=1e-3) for v in numbers), result.reason
    assert "above the largest stable rate" in result.reason


@pytest.mark.parametrize("method", METHODS)
def test_a_wild_rate_is_reported_without_nan_or_infinity(method: str) -> None:
    x, y = DATASETS[0]
    result = descend(x, y, 0.0, 0.0, learning_rate=1e150, method=method)
    assert result.diverged
    assert result.reason
    for step in result.steps:
        assert all(math.isfinite(v) for v in (step.m, step.b, step.mse, *step.gradient))


@pytest.mark.parametrize("method", METHODS)
def test_a_step_budget_stops_after_exactly_that_many_steps(method: str) -> None:
    x, y = DATASETS[2]
    result = descend(x, y, 0.0, 0.0, steps=7, method=method)
    assert len(result.steps) - 1 == 7
    assert not result.converged and not result.diverged
    assert "7 steps" in result.reason


def test_zero_steps_returns_only_the_start() -> None:
    x, y = DATASETS[0]
    assert len(descend(x, y, 1.0, 1.0, steps=0).steps) == 1


def test_starting_at_the_best_line_is_already_converged() -> None:
    x, y = DATASETS[0]
    result = descend(x, y, *best_line(x, y))
    assert result.converged and len(result.steps) == 1


def test_a_perfect_fit_converges_to_zero_error() -> None:
    x = np.linspace(0, 10, 25)
    y = 3 * x - 2
    result = descend(x, y, 0.0, 0.0, method="momentum")
    assert result.converged
    assert result.steps[-1].mse < 1e-12 * np.mean(y**2)  # zero, up to the size of the data


def test_the_result_reports_the_method_and_rate_used() -> None:
    x, y = DATASETS[0]
    result = descend(x, y, 0.0, 0.0, steps=1)
    assert result.method == "gd"
    assert result.learning_rate == pytest.approx(max_stable_learning_rate(x) / 2)


def test_mse_falls_every_step_with_the_default_gd_rate() -> None:
    x, y = DATASETS[0]
    losses = [s.mse for s in descend(x, y, 0.0, 0.0, steps=200).steps]
    assert all(b <= a for a, b in itertools.pairwise(losses))


@pytest.mark.parametrize("method", METHODS)
def test_descend_walks_the_same_path_as_repeated_single_steps(method: str) -> None:
    x, y = DATASETS[0]
    problem = make_problem(x, y, method)
    state = start_state(problem, 0.0, 0.0)
    path = [(state.m, state.b)]
    for _ in range(10):
        before = state
        state = descent_step(problem, state)
        assert before.t == state.t - 1  # the old state is untouched
        path.append((state.m, state.b))
    assert [(s.m, s.b) for s in descend(x, y, 0.0, 0.0, steps=10, method=method).steps] == path


def test_a_single_step_is_pure() -> None:
    x, y = DATASETS[1]
    problem = make_problem(x, y, "adam")
    state = descent_step(problem, start_state(problem, 1.0, 2.0))
    assert descent_step(problem, state) == descent_step(problem, state)


@pytest.mark.long
def test_big_data_steps_match_point_by_point_steps() -> None:
    """Above stepping.BIG points a line's MSE comes from running sums, and a step's from the
    MSE's quadratic; both must agree with the sums over every point, computed here with numpy."""
    from dartfit.core import stepping

    rng = np.random.default_rng(3)
    x = rng.uniform(0, 50, 50_000)
    y = 0.8 * x + 5 + rng.normal(0, 3, x.size)
    problem = stepping.make_problem(x, y, "gd")
    assert problem.stats is not None and problem.quadratic is not None
    state = stepping.start_state(problem, 0.3, -1.0)
    r = y - (0.3 * x - 1.0)
    assert state.mse == pytest.approx(np.mean(r**2), rel=1e-12)
    assert state.gradient[0] == pytest.approx(-2 * np.mean(x * r), rel=1e-9)
    assert state.gradient[1] == pytest.approx(-2 * np.mean(r), rel=1e-9)
    step = stepping.descent_step(problem, state)
    r = y - (step.m * x + step.b)
    assert step.mse == pytest.approx(np.mean(r**2), rel=1e-12)
    assert step.gradient[0] == pytest.approx(-2 * np.mean(x * r), rel=1e-9)
    assert step.gradient[1] == pytest.approx(-2 * np.mean(r), rel=1e-9)
    result = descend(x, y, 0.0, 0.0)
    m, b = np.polyfit(x, y, 1)
    best = float(np.mean((y - (m * x + b)) ** 2))
    assert result.converged and (result.steps[-1].mse - best) / best < 1e-6


@pytest.mark.parametrize("offset", [1e3, 1e5, 1e7, 1e9])
@pytest.mark.parametrize("method", METHODS)
def test_converged_means_the_best_mse_however_far_y_sits_from_zero(
    method: str, offset: float
) -> None:
    """On y near 10⁷, descent stopped at twice the best MSE and called it converged: the
    convergence test's floor grew with mean(y²), not with what rounding can hide. And
    Adam's default rate, a tenth of the intercept's scale there, threw the slope a million
    at its first step: it is now the smaller of the two parameters' scales."""
    x, y = noisy_line(5, 12)
    y = y + offset
    design = np.column_stack([x, np.ones_like(x)])
    best = float(np.mean((y - design @ np.linalg.lstsq(design, y, rcond=None)[0]) ** 2))
    result = descend(x, y, 0.0, offset, method=method)
    assert result.converged and not result.diverged
    assert (result.steps[-1].mse - best) / best < 1e-6, (result.steps[-1].mse, best)


@pytest.mark.parametrize(
    ("method", "rate", "said"),
    [
        ("adam", 1e-300, "too small"),
        ("adam", 1e-6, "too small"),
        ("momentum", 1e-320, "too small"),
        ("gd", 1e-6, "too small"),
        ("gd", None, "bounces across the bowl"),  # just below the largest stable rate
    ],
)
def test_a_descent_stopped_short_on_a_round_bowl_is_said_to_stop_for_its_rate(
    method: str, rate: float | None, said: str
) -> None:
    """`solve --method adam --lr 1e-300` never moved the line, and was said to crawl because
    "the bowl is 89.4 times more curved one way than the other" (a bowl too round to make
    descent crawl): a rate too small, or at the edge of the stable ones, is what it was."""
    x, y = DATASETS[0]
    assert stretch(make_problem(x, y, "gd", None)) < CRAWL_STRETCH
    lr = rate if rate is not None else max_stable_learning_rate(x) * (1 - 1e-6)
    result = descend(x, y, 0.0, 0.0, learning_rate=lr, method=method)
    assert not result.converged and not result.diverged
    assert said in result.reason and "the bowl is" not in result.reason
