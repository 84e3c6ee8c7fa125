"""The MSE bowl's Hessian and the largest stable rate, against a finite-difference Hessian."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from dartfit.core import line_predict, max_stable_learning_rate, mse, mse_hessian
from tests.core.strategies import datasets


def finite_difference_hessian(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Return the Hessian of MSE(m, b) by central second differences around (0.5, -0.5)."""
    h = 1e-2

    def loss(theta: np.ndarray) -> float:
        return mse(y, line_predict(x, theta[0], theta[1]))

    centre = np.array([0.5, -0.5])
    steps = np.eye(2) * h
    hessian = np.empty((2, 2))
    for i in range(2):
        for j in range(2):
            hessian[i, j] = (
                loss(centre + steps[i] + steps[j])
                - loss(centre + steps[i] - steps[j])
                - loss(centre - steps[i] + steps[j])
                + loss(centre - steps[i] - steps[j])
            ) / (4 * h * h)
    return hessian


@settings(max_examples=100)
@given(datasets())
def test_the_largest_stable_rate_is_two_over_the_steepest_curvature(
    data: tuple[np.ndarray, np.ndarray],
) -> None:
    x, y = data
    fd = finite_difference_hessian(x / 10, y / 10)  # scaled so rounding stays small
    hessian = mse_hessian(x / 10)
    tol = 1e-5 * (np.abs(fd).max() + 1)
    np.testing.assert_allclose(hessian, fd, atol=tol)
    lam_max = np.linalg.eigvalsh(fd)[-1]
    assert max_stable_learning_rate(x / 10) == pytest.approx(2 / lam_max, rel=1e-4)


def test_the_hessian_does_not_depend_on_y() -> None:
    x = np.array([1.0, 2.0, 4.0])
    assert mse_hessian(x).tolist() == [[14.0, 14 / 3], [14 / 3, 2.0]]
