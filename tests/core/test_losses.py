"""Losses: residuals, SSE, MSE, RMSE and MAE against sums written out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dartfit.core import mae, mse, residuals, rmse, sse


def test_a_residual_is_the_observed_value_minus_the_prediction() -> None:
    assert residuals([3.0, 1.0], [1.0, 4.0]).tolist() == [2.0, -3.0]


def test_a_single_prediction_is_used_for_every_value() -> None:
    assert residuals([3.0, 1.0], 2.0).tolist() == [1.0, -1.0]


def test_losses_of_a_small_example_match_hand_arithmetic() -> None:
    y, y_pred = [1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 1.0, 4.0]  # misses −1, 0, 2, 0
    assert sse(y, y_pred) == 5.0
    assert mse(y, y_pred) == 1.25
    assert rmse(y, y_pred) == math.sqrt(1.25)
    assert mae(y, y_pred) == 0.75


@given(miss=st.floats(min_value=-1e3, max_value=1e3), factor=st.floats(min_value=0, max_value=10))
def test_squares_grow_with_the_square_of_the_miss(miss: float, factor: float) -> None:
    assert mse([0.0], [factor * miss]) == pytest.approx(factor**2 * mse([0.0], [miss]), rel=1e-12)
    assert mae([0.0], [factor * miss]) == pytest.approx(factor * mae([0.0], [miss]), rel=1e-12)


@given(st.lists(st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)), min_size=1, max_size=40))
def test_losses_agree_with_their_definitions(pairs: list[tuple[float, float]]) -> None:
    y = np.array([p[0] for p in pairs])
    y_pred = np.array([p[1] for p in pairs])
    squares = [(a - b) ** 2 for a, b in pairs]
    assert sse(y, y_pred) == pytest.approx(sum(squares), rel=1e-12, abs=1e-12)
    assert mse(y, y_pred) == pytest.approx(sum(squares) / len(pairs), rel=1e-12, abs=1e-12)
    assert rmse(y, y_pred) ** 2 == pytest.approx(mse(y, y_pred), rel=1e-9, abs=1e-12)
    assert mae(y, y_pred) == pytest.approx(
        sum(abs(a - b) for a, b in pairs) / len(pairs), rel=1e-12, abs=1e-12
    )
    assert mae(y, y_pred) <= rmse(y, y_pred) * (1 + 1e-12) + 1e-12


@given(
    size=st.sampled_from([1, 2, 7, 1000, 100_000]),
    scale=st.sampled_from([1e-150, 1e-6, 1.0, 1e6, 1e100]),
    seed=st.integers(0, 2**32 - 1),
)
def test_numpys_sums_agree_with_fsum_to_1e_12(size: int, scale: float, seed: int) -> None:
    """MSE, SSE and MAE sum by numpy's pairwise rule: the oracle is math.fsum, correctly
    rounded; terms ≥ 0 never cancel, so the two agree far inside 1e-12 relative."""
    rng = np.random.default_rng(seed)
    y = rng.standard_cauchy(size) * scale  # heavy tails: a few terms dwarf the rest
    y_pred = rng.normal(size=size) * scale
    r = y - y_pred
    assert mse(y, y_pred) == pytest.approx(math.fsum(r * r) / size, rel=1e-12)
    assert sse(y, y_pred) == pytest.approx(math.fsum(r * r), rel=1e-12)
    assert mae(y, y_pred) == pytest.approx(math.fsum(np.abs(r)) / size, rel=1e-12)


def test_a_sum_beyond_float64_raises_as_fsum_does() -> None:
    with pytest.raises(OverflowError):
        sse([6e153, 6e153, 6e153], [-6e153, -6e153, -6e153])  # each square 1.44e308


@pytest.mark.parametrize("loss", ["mse", "mae", "sse"])
def test_a_loss_over_a_million_points_holds_one_array_of_misses(loss: str) -> None:
    """The exact MAE of a million points (a thread, as the line rests) held the misses and
    their absolute values at once: 8 MB more at the million-point level's peak."""
    import tracemalloc

    from dartfit.core import losses

    y = np.random.default_rng(2).standard_normal(1_000_000)
    y_pred = np.full(y.size, 0.25)
    tracemalloc.start()
    try:
        value = getattr(losses, loss)(y, y_pred)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    r = y - y_pred
    want = {"mse": np.mean(r * r), "mae": np.mean(np.abs(r)), "sse": np.sum(r * r)}[loss]
    assert value == pytest.approx(float(want), rel=1e-12)
    assert peak <= 1.3 * y.nbytes
