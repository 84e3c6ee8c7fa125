"""A line's MSE from running sums equals the MSE computed point by point."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit.core import LineStats
from dartfit.core.stats import BIG
from tests.core.strategies import datasets

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


@given(datasets(), finite, finite)
def test_the_mse_from_sums_matches_the_mse_point_by_point(data, m, b) -> None:
    x, y = data
    direct = float(np.mean((y - (m * x + b)) ** 2))
    fast = LineStats.of(x, y).mse(m, b)
    assert abs(fast - direct) <= 1e-9 * (1 + direct + np.mean(y**2) + m * m * np.mean(x**2))


def test_a_perfect_line_has_zero_mse_not_a_negative_one() -> None:
    x = np.linspace(1e6, 1e6 + 1, 1001)
    stats = LineStats.of(x, 3 * x - 2)
    assert stats.mse(3.0, -2.0) >= 0.0
    assert stats.mse(3.0, -2.0) < 1e-12 * np.mean((3 * x - 2) ** 2)


def numpy_mse(x: np.ndarray, y: np.ndarray, m: float, b: float) -> float:
    """The MSE exactly as numpy writes it: the oracle every shown MSE must agree with."""
    return float(np.mean((y - (m * x + b)) ** 2))


def agrees(value: float, oracle: float) -> bool:
    """Within 1e-9 relative or 1e-12 absolute of the oracle."""
    return abs(value - oracle) <= max(1e-9 * abs(oracle), 1e-12)


def test_a_tight_fit_is_not_lost_to_cancellation() -> None:
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 1, 5000)
    y = 1000 * x + 7 + rng.uniform(-1e-3, 1e-3, x.size)
    stats = LineStats.of(x, y)
    m, b = np.polyfit(x, y, 1)
    for dm, db in [(0, 0), (1e-6, 0), (0, 1e-4), (1e-3, -5e-4), (3.0, 2.0)]:
        assert agrees(stats.mse(m + dm, b + db), numpy_mse(x, y, m + dm, b + db))


def test_a_huge_offset_keeps_the_mse_of_the_best_line() -> None:
    rng = np.random.default_rng(5)
    x = 1e9 + rng.uniform(0, 1e3, 10_000)
    y = 3e6 * x + 5e10 + rng.normal(0, 1e9, x.size)
    stats = LineStats.of(x, y)
    m, b = np.polyfit(x - 1e9, y, 1)
    b -= m * 1e9
    assert agrees(stats.mse(m, b), numpy_mse(x, y, m, b))


@st.composite
def hard_data(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, float, float]:
    """Big data at any scale and offset, exact or noisy, and a line near its best or far off."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.sampled_from([BIG + 1, 3000, 20_000]))
    exponent = st.integers(-40, 40)
    x_scale, y_scale = 10.0 ** draw(exponent), 10.0 ** draw(exponent)
    x_shift = x_scale * draw(st.sampled_from([0.0, 1.0, -30.0, 1e3, 1e6, 1e8]))
    x = x_shift + x_scale * rng.uniform(-1, 1, n)
    noise = draw(st.sampled_from([0.0, 1e-12, 1e-6, 1e-3, 1.0]))
    slope = y_scale / x_scale * draw(st.floats(-5, 5))
    y = slope * x + y_scale * (draw(st.floats(-1e4, 1e4)) + noise * rng.normal(size=n))
    xc = x - x.mean()
    m = float(np.dot(xc, y - y.mean()) / np.dot(xc, xc))
    b = float(y.mean() - m * x.mean())
    nudge = draw(st.sampled_from([0.0, 1e-9, 1e-5, 1e-2, 1.0, 1e3]))
    m += nudge * draw(st.floats(-1, 1)) * y_scale / x_scale
    b += nudge * draw(st.floats(-1, 1)) * y_scale
    return x, y, m, b


@given(hard_data())
@settings(max_examples=300, deadline=None)
def test_every_mse_from_sums_agrees_with_numpy(case) -> None:
    x, y, m, b = case
    assert agrees(LineStats.of(x, y).mse(m, b), numpy_mse(x, y, m, b))


def test_ordinary_big_data_never_needs_the_point_by_point_sum(monkeypatch) -> None:
    rng = np.random.default_rng(6)
    x = rng.uniform(0, 10, 50_000)
    y = 2 * x + 1 + rng.normal(size=x.size)
    stats = LineStats.of(x, y)
    monkeypatch.setattr(LineStats, "exact", lambda *_: pytest.fail("summed point by point"))
    for m in np.linspace(-5, 5, 11):
        for b in np.linspace(-20, 20, 11):
            assert stats.mse(m, b) > 0


@settings(deadline=None)
@given(datasets(min_size=3), st.floats(-5, 5), st.floats(-50, 50))
def test_the_bowl_over_a_grid_rises_from_numpys_best_line_as_the_mse_does(data, dm, db) -> None:
    x, y = data
    best_m, best_b = np.polyfit(x, y, 1)
    m = best_m + dm * np.array([[-1.0, 0.0, 1.0]])
    b = best_b + db * np.array([[-1.0], [0.0], [1.0]])
    best = float(np.mean((y - (best_m * x + best_b)) ** 2))
    direct = np.mean((y - (m[..., None] * x + b[..., None])) ** 2, axis=-1) - best
    rise = LineStats.of(x, y).rise(m, b)
    assert rise.shape == (3, 3)
    scale = 1 + best + np.mean(y**2) + np.max(m * m) * np.mean(x**2)
    assert np.all(np.abs(rise - direct) <= 1e-9 * scale)
    assert LineStats.of(x, y).rise(float(best_m), float(best_b)) == pytest.approx(
        0, abs=1e-9 * scale
    )


@pytest.mark.parametrize("m", [1e150, 1e200, -1e300, 1e308])
def test_a_line_past_float64s_range_has_numpys_mse_not_an_error(m: float) -> None:
    """A slope so steep its squared rise passes float64's range: numpy's MSE is inf (or a
    finite number before that); the sums' square of a Python float raised OverflowError
    (`solve million --lr 1e200` on main, found by a review)."""
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 10, BIG + 10)
    y = 2 * x + 1 + rng.normal(0, 1, x.size)
    with np.errstate(over="ignore"):
        expected = float(np.mean((y - (m * x + 0.5)) ** 2))
    got = LineStats.of(x, y).mse(m, 0.5)
    assert got == pytest.approx(expected, rel=1e-9) or got == expected == np.inf
