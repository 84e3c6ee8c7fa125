"""A level's generated points: the same bits as the plain formula, made with little to spare."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from dartfit.core.generate import generate_points


def _by_the_formula(
    n: int, seed: int, spacing: str, outliers: list[tuple[int, float]]
) -> tuple[np.ndarray, np.ndarray]:
    """The points as one expression makes them (the oracle: what every level was drawn with)."""
    rng = np.random.default_rng(seed)
    x = np.linspace(-3.0, 50.0, n) if spacing == "even" else np.sort(rng.uniform(-3.0, 50.0, n))
    y = -0.8 * x + 5.0 + 3.0 * rng.standard_normal(n)
    for index, shift in outliers:
        y[index] += shift
    return np.round(x, 2), np.round(y, 2)


@pytest.mark.parametrize("spacing", ["random", "even"])
@pytest.mark.parametrize("outliers", [[], [(0, 4.0), (9, -7.5)]])
def test_generated_points_are_the_formulas_to_the_last_bit(
    spacing: str, outliers: list[tuple[int, float]]
) -> None:
    x, y = generate_points(
        2_000, 99, -3.0, 50.0, -0.8, 5.0, 3.0, outliers, decimals=2, spacing=spacing
    )
    want_x, want_y = _by_the_formula(2_000, 99, spacing, outliers)
    assert x.tobytes() == want_x.tobytes() and y.tobytes() == want_y.tobytes()


@pytest.mark.parametrize("spacing", ["random", "even"])
def test_a_million_points_are_made_with_at_most_half_their_size_to_spare(spacing: str) -> None:
    """The million-point level's peak: the formula in one expression held five arrays of
    the points' length at once (2.1 × the points' size)."""
    tracemalloc.start()
    try:
        x, y = generate_points(1_000_000, 1, 0.0, 10.0, 2.0, 1.0, 1.5, spacing=spacing)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 1.6 * (x.nbytes + y.nbytes)
