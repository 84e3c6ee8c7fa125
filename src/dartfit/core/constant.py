"""The best single-number prediction: the mean under MSE, the median under MAE."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from dartfit.core.validation import finite_vector


def best_constant_mse(y: npt.ArrayLike) -> float:
    """Return the constant c minimising Σ(y − c)²: the mean of y."""
    return float(np.mean(finite_vector("y", y)))


def best_constant_mae(y: npt.ArrayLike) -> float:
    """Return a constant c minimising Σ|y − c|: the median of y."""
    return float(np.median(finite_vector("y", y)))
