"""Huber's loss and its best line, against independent checks: the slope condition at the
optimum, the two limits (least squares, least absolute deviations) and nearby lines."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit import core


def test_the_loss_is_a_square_near_zero_and_a_line_far_out() -> None:
    e = np.array([-3.0, -1.0, 0.0, 0.5, 2.0])
    assert core.huber_terms(e, 1.0).tolist() == [2.5, 0.5, 0.0, 0.125, 1.5]


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.05, 20.0))
def test_at_the_best_line_the_clipped_residuals_balance(seed: int, delta: float) -> None:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, 15)
    y = 2 * x + 1 + rng.normal(0, 1, 15)
    y[rng.integers(15)] += rng.uniform(5, 40)  # an outlier
    m, b = core.best_line_huber(x, y, delta)
    psi = np.clip(y - (m * x + b), -delta, delta)
    scale = delta * 15 * (1 + np.max(np.abs(x)))
    assert abs(np.sum(psi * x)) <= 1e-7 * scale and abs(np.sum(psi)) <= 1e-7 * scale
    here = core.huber_loss(y, m * x + b, delta)
    for dm, db in rng.normal(0, 1e-3, (20, 2)):
        assert core.huber_loss(y, (m + dm) * x + (b + db), delta) >= here - 1e-12


def test_a_large_delta_gives_the_least_squares_line_a_small_one_nears_the_mae_line() -> None:
    rng = np.random.default_rng(4)
    x = np.arange(12.0)
    y = 0.5 * x + 2 + rng.normal(0, 0.3, 12)
    y[9] += 15
    assert core.best_line_huber(x, y, 1e6) == pytest.approx(tuple(np.polyfit(x, y, 1)))
    m, b = core.best_line_huber(x, y, 1e-4)
    lad = core.best_line_mae(x, y)
    mae = core.mae(y, m * x + b)
    assert mae == pytest.approx(core.mae(y, lad[0] * x + lad[1]), rel=1e-3)


@pytest.mark.parametrize("scale", [1e-45, 1e-30, 1e-20, 1e-12, 1e-3, 1e4, 1e8])
def test_the_best_line_is_the_same_line_at_any_scale_of_the_data(scale: float) -> None:
    """Level data vary by 1e−50 at least, but least squares on x of 1e−20 beside the
    intercept's ones dropped the x column: the huber level scaled by 1e−30 showed Huber's
    line flat, m = 5.4e−59, over points that rise by 0.8 a step. Data, δ and the line
    scale together; the line's slope and intercept are those of numpy's least squares at
    a δ past every miss."""
    x = np.arange(1.0, 13.0)
    y = np.array([3.02, 4.51, 3.33, 6.21, 5.97, 6.32, 7.12, 7.75, 9.07, 22.5, 11.15, 11.98])
    m, b = core.best_line_huber(x, y, 1.0)
    assert core.best_line_huber(scale * x, scale * y, scale) == pytest.approx(
        (m, scale * b), rel=1e-9
    )
    far = tuple(np.polyfit(scale * x, scale * y, 1))
    assert core.best_line_huber(scale * x, scale * y, 100 * scale) == pytest.approx(far, rel=1e-9)
