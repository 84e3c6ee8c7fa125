"""The least-absolute-deviations line against a brute-force search over lines through two points."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings

from dartfit.core import best_line_mae, line_predict, mae
from dartfit.core.lad import lad_by_bisection, lad_objective
from tests.core.strategies import datasets


def brute_force_mae(x: np.ndarray, y: np.ndarray) -> float:
    """Return the smallest MAE of any line through two of the points (an optimum is one)."""
    best = np.inf
    for i, j in itertools.combinations(range(x.shape[0]), 2):
        if x[i] != x[j]:
            m = (y[j] - y[i]) / (x[j] - x[i])
            best = min(best, float(np.mean(np.abs(y - (m * (x - x[i]) + y[i])))))
    return best


def assert_optimal(x: np.ndarray, y: np.ndarray, m: float, b: float) -> None:
    """The line (m, b) has the brute-force optimal MAE, up to rounding."""
    best = brute_force_mae(x, y)
    assert mae(y, line_predict(x, m, b)) <= best + 1e-9 * (1 + best)


@pytest.mark.parametrize("seed", range(40))
def test_the_mae_line_is_as_good_as_the_best_line_through_two_points(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 13))
    x = rng.integers(0, 6, n).astype(float)  # repeated x values and tied slopes on purpose
    x[:2] = [0.0, 1.0]
    y = rng.normal(0, 3, n).round(1)
    assert_optimal(x, y, *best_line_mae(x, y))


@settings(max_examples=150)
@given(datasets(max_size=12))
def test_the_mae_line_is_optimal_for_any_small_dataset(data: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = data
    assert_optimal(x, y, *best_line_mae(x, y))


@settings(max_examples=150)
@given(datasets(max_size=12))
def test_bisection_on_the_subgradient_finds_the_same_optimum(
    data: tuple[np.ndarray, np.ndarray],
) -> None:
    x, y = data
    best = brute_force_mae(x, y)
    m = lad_by_bisection(x, y)
    assert lad_objective(x, y, m) / x.shape[0] <= best + 1e-9 * (1 + best)


def test_bisection_keeps_both_middle_points_of_an_even_count() -> None:
    """Four points, two middle values far apart for the bracket's margin: the upper one was
    folded away as "above the median", and the median of an even count lost its second
    value (numpy: kth out of bounds)."""
    x, y = np.array([0.0, 0.0, -0.002, 0.001]), np.array([0.0, 0.001, 0.001, 0.002])
    m = lad_by_bisection(x, y)
    assert lad_objective(x, y, m) / 4 <= brute_force_mae(x, y) + 1e-12


def test_the_mae_line_ignores_an_outlier_that_drags_the_mse_line() -> None:
    x = np.arange(10.0)
    y = 2 * x + 1
    y[9] = 500.0
    assert best_line_mae(x, y) == pytest.approx((2.0, 1.0), abs=1e-12)


def test_a_large_dataset_uses_bisection_and_still_passes_through_two_points() -> None:
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 10, 2100)  # 2100·2099/2 pairs: above the 2e6 candidate limit
    y = 2 * x + rng.standard_t(2, 2100)
    m, b = best_line_mae(x, y)
    on_line = np.abs(y - (m * x + b)) < 1e-9 * (1 + np.abs(y))
    assert on_line.sum() >= 2
    for shift in (-1e-6, 1e-6):
        assert lad_objective(x, y, m) <= lad_objective(x, y, m + shift)


def plain_bisection_objective(x: np.ndarray, y: np.ndarray) -> float:
    """The smallest g found by halving ±(slope bound) on the sign of the full subgradient."""
    lo, hi = -1e6, 1e6
    while lo < 0.5 * (lo + hi) < hi:
        mid = 0.5 * (lo + hi)
        z = y - mid * x
        slope = -float(np.dot(np.sign(z - np.median(z)), x))
        if slope > 0:
            hi = mid
        elif slope < 0:
            lo = mid
        else:
            lo = hi = mid
    return lad_objective(x, y, 0.5 * (lo + hi))


@pytest.mark.parametrize(
    "make",
    [
        lambda r, n: (r.uniform(0, 10, n), 3 * r.uniform(0, 10, n)),  # no relation at all
        lambda r, n: (r.integers(0, 4, n).astype(float), r.integers(0, 9, n).astype(float)),
        lambda r, n: (r.uniform(1000, 1001, n), r.standard_t(1, n) * 1e3),  # far from 0, wild
        lambda r, n: (np.arange(n) % 7 - 3.0, np.round(np.arange(n) % 7 * 0.5, 1)),  # collinear
        # rows repeating in step with the sample (every 6th is x = 0): the sample had one x,
        # and the exact MAE line of a CSV of many duplicate rows ended the game
        lambda r, n: (np.arange(n) % 2.0, np.arange(n) % 2.0),
        lambda r, n: (np.arange(n) % 3.0, np.arange(n) % 3.0 + r.normal(0, 0.1, n)),
    ],
    ids=["unrelated", "few-values", "far-and-wild", "collinear", "in-step", "in-step-noisy"],
)
def test_bisection_on_big_data_starting_from_a_sample_finds_the_optimum(make) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(11)
    x, y = make(rng, 60_000)  # above 4 × SAMPLE_SIZE: the bracket starts from a sample
    found = lad_objective(x, y, lad_by_bisection(x, y))
    assert found <= plain_bisection_objective(x, y) * (1 + 1e-12) + 1e-9
