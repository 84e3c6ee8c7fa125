"""The curvature of the line's MSE bowl and the largest learning rate gradient descent survives.

MSE(m, b) is quadratic, so its Hessian is constant: H = 2·[[mean x², mean x], [mean x, 1]].
Plain gradient descent multiplies the error along each eigenvector of H by (1 − rate·λ); it
shrinks for every eigenvalue exactly when rate < 2/λ_max.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray
from dartfit.core.validation import finite_vector

LAMBDA_MAX = "λ_max: the bowl's sharpest curve"
"""What λ_max is, said beside it wherever a player reads it (a student met "2/λ_max" in a
diverging walk's message with nothing to say what λ_max was)."""


def mse_hessian(x: npt.ArrayLike) -> FloatArray:
    """Return the 2×2 Hessian of MSE with respect to (m, b)."""
    xs = finite_vector("x", x)
    mean_x = float(np.mean(xs))
    mean_x2 = float(np.mean(xs * xs))
    return 2.0 * np.array([[mean_x2, mean_x], [mean_x, 1.0]], dtype=np.float64)


def largest_curvature(x: npt.ArrayLike) -> float:
    """Return λ_max, the largest eigenvalue of the MSE Hessian (the bowl's steepest curve)."""
    return float(np.linalg.eigvalsh(mse_hessian(x))[-1])


def max_stable_learning_rate(x: npt.ArrayLike) -> float:
    """Return 2/λ_max: gradient descent on the line's MSE converges for any smaller rate."""
    return 2.0 / largest_curvature(x)
