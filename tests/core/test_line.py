"""A line's predictions, its MSE gradient (vs finite differences) and its fit (vs polyfit)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit.core import best_line, line_gradient, line_predict, mse
from tests.core.strategies import datasets, values


def test_a_line_predicts_slope_times_x_plus_intercept() -> None:
    assert line_predict([0.0, 1.0, 2.0], 2.0, 1.0).tolist() == [1.0, 3.0, 5.0]


@settings(max_examples=200)
@given(datasets(), values, values)
def test_the_gradient_matches_central_finite_differences(
    data: tuple[np.ndarray, np.ndarray], m: float, b: float
) -> None:
    x, y = data

    def loss(m_: float, b_: float) -> float:
        return mse(y, line_predict(x, m_, b_))

    h_m = 1e-3 * (1 + abs(m))
    h_b = 1e-3 * (1 + abs(b))
    fd_m = (loss(m + h_m, b) - loss(m - h_m, b)) / (2 * h_m)
    fd_b = (loss(m, b + h_b) - loss(m, b - h_b)) / (2 * h_b)
    dm, db = line_gradient(x, y, m, b)
    # MSE is quadratic, so central differences are exact up to rounding of the loss itself.
    noise = 1e-12 * (loss(m, b) + 1) * (1 + abs(m) + abs(b))
    assert dm == pytest.approx(fd_m, rel=1e-6, abs=noise / h_m + 1e-9)
    assert db == pytest.approx(fd_b, rel=1e-6, abs=noise / h_b + 1e-9)


def test_the_gradient_vanishes_at_the_best_line() -> None:
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.array([1.0, 2.9, 5.2, 7.0])
    dm, db = line_gradient(x, y, *best_line(x, y))
    assert abs(dm) < 1e-12 and abs(db) < 1e-12


@settings(max_examples=200)
@given(datasets())
def test_the_best_line_matches_numpy_polyfit(data: tuple[np.ndarray, np.ndarray]) -> None:
    x, y = data
    m, b = best_line(x, y)
    m_ref, b_ref = np.polyfit(x, y, 1)
    # Compare the fits by their MSE (well conditioned) and the coefficients loosely.
    assert mse(y, line_predict(x, m, b)) == pytest.approx(
        mse(y, line_predict(x, m_ref, b_ref)), rel=1e-9, abs=1e-9
    )
    scale = np.ptp(y) / np.ptp(x) + 1
    assert m == pytest.approx(m_ref, abs=1e-6 * scale)


def test_the_best_line_is_stable_far_from_the_origin() -> None:
    x = 1e6 + np.arange(10.0)
    y = 3.0 * np.arange(10.0) + 2.0
    m, b = best_line(x, y)
    assert m == pytest.approx(3.0, rel=1e-12)
    assert m * x[0] + b == pytest.approx(2.0, abs=1e-6)


@given(st.floats(-50, 50), st.floats(-50, 50))
def test_the_best_line_recovers_points_already_on_a_line(m: float, b: float) -> None:
    x = np.linspace(-3, 7, 9)
    assert best_line(x, m * x + b) == pytest.approx((m, b), abs=1e-9)


def test_the_best_line_of_a_million_points_holds_one_array_besides_them() -> None:
    """The million-point level works its best line out as it opens: centred x and centred y
    whole were 8 MB more than it needs at that level's peak. Up to a block of points it is
    the one-go formula's to the last bit; beyond, polyfit's to within rounding."""
    import tracemalloc

    from dartfit.core.line import BLOCK

    rng = np.random.default_rng(4)
    x = rng.uniform(0, 50, 1_000_000)
    y = 0.8 * x + 5 + 3 * rng.standard_normal(x.size)
    tracemalloc.start()
    try:
        m, b = best_line(x, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 0.6 * (x.nbytes + y.nbytes)
    assert (m, b) == pytest.approx(tuple(np.polyfit(x, y, 1)), rel=1e-12)
    few, dx = x[:BLOCK], x[:BLOCK] - float(np.mean(x[:BLOCK]))
    one_go = float(np.sum(dx * (y[:BLOCK] - float(np.mean(y[:BLOCK])))) / np.sum(dx * dx))
    assert best_line(few, y[:BLOCK])[0] == one_go
