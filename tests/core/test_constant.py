"""The best constant guess: the mean minimises MSE, the median minimises MAE."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dartfit.core import best_constant_mae, best_constant_mse, mae, mse

samples = st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=30)
others = st.floats(-2e3, 2e3)


@given(samples, others)
def test_no_constant_beats_the_mean_under_mse(y: list[float], c: float) -> None:
    best = best_constant_mse(y)
    assert best == np.mean(y)
    assert mse(y, best) <= mse(y, c) * (1 + 1e-12) + 1e-9


@given(samples, others)
def test_no_constant_beats_the_median_under_mae(y: list[float], c: float) -> None:
    best = best_constant_mae(y)
    assert best == np.median(y)
    assert mae(y, best) <= mae(y, c) * (1 + 1e-12) + 1e-9


def test_an_outlier_drags_the_mean_but_not_the_median() -> None:
    y = [1.0, 2.0, 3.0, 4.0, 1000.0]
    assert best_constant_mse(y) == 202.0
    assert best_constant_mae(y) == 3.0
