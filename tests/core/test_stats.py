"""A line's MSE from running sums equals the MSE computed point by point."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dartfit.core import LineStats
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
