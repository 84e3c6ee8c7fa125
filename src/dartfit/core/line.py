"""A straight line ŷ = m·x + b: its predictions, its MSE gradient and its least-squares fit."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray
from dartfit.core.validation import (
    finite_scalar,
    finite_vector,
    line_data,
    paired_vectors,
)


def line_predict(x: npt.ArrayLike, m: float, b: float) -> FloatArray:
    """Return the line's predictions m·x + b."""
    xs = finite_vector("x", x)
    return finite_scalar("m", m) * xs + finite_scalar("b", b)


def line_gradient(x: npt.ArrayLike, y: npt.ArrayLike, m: float, b: float) -> tuple[float, float]:
    """Return (∂MSE/∂m, ∂MSE/∂b) = (−(2/n)Σxᵢrᵢ, −(2/n)Σrᵢ) with rᵢ = yᵢ − (m·xᵢ + b)."""
    xs, ys = paired_vectors(x, y)
    r = ys - (finite_scalar("m", m) * xs + finite_scalar("b", b))
    n = xs.shape[0]
    return (-2.0 / n * float(np.dot(xs, r)), -2.0 / n * float(np.sum(r)))


def best_line(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[float, float]:
    """Return the least-squares line (m, b), computed on centred x for numerical stability."""
    xs, ys = line_data(x, y)
    x_mean = float(np.mean(xs))
    y_mean = float(np.mean(ys))
    dx = xs - x_mean
    m = float(np.dot(dx, ys - y_mean) / np.dot(dx, dx))
    return (m, y_mean - m * x_mean)
