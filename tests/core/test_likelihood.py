"""Gaussian log-likelihood: the pdf written out, and its best line is the least-squares line."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dartfit.core import best_line, gaussian_log_likelihood, line_predict

points = st.lists(st.tuples(st.floats(-100, 100), st.floats(-100, 100)), min_size=1, max_size=20)


@given(points, st.floats(min_value=0.01, max_value=100))
def test_the_log_likelihood_sums_the_log_of_the_gaussian_pdf(
    pairs: list[tuple[float, float]], sigma: float
) -> None:
    y = [p[0] for p in pairs]
    y_pred = [p[1] for p in pairs]
    direct = sum(
        math.log(math.exp(-((a - b) ** 2) / (2 * sigma**2)) / math.sqrt(2 * math.pi * sigma**2))
        if (a - b) ** 2 / (2 * sigma**2) < 700  # exp underflows beyond this: use the log form
        else -((a - b) ** 2) / (2 * sigma**2) - 0.5 * math.log(2 * math.pi * sigma**2)
        for a, b in pairs
    )
    assert gaussian_log_likelihood(y, y_pred, sigma) == pytest.approx(direct, rel=1e-9, abs=1e-9)


def test_the_most_likely_line_on_a_grid_is_the_least_squares_line() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, 30)
    y = 2 * x + 1 + rng.normal(0, 1, 30)
    slopes = np.linspace(0, 4, 201)
    intercepts = np.linspace(-3, 5, 201)
    scores = np.array(
        [
            [gaussian_log_likelihood(y, line_predict(x, m, b), 1.0) for b in intercepts]
            for m in slopes
        ]
    )
    i, j = np.unravel_index(np.argmax(scores), scores.shape)
    m, b = best_line(x, y)
    assert abs(slopes[i] - m) <= slopes[1] - slopes[0]
    assert abs(intercepts[j] - b) <= intercepts[1] - intercepts[0]
