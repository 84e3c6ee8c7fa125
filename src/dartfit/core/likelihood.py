"""Gaussian log-likelihood: why minimising MSE is maximum likelihood under Gaussian noise."""

from __future__ import annotations

import math

import numpy.typing as npt

from dartfit.core.losses import nonnegative_sum, residuals
from dartfit.core.validation import positive


def gaussian_log_likelihood(y: npt.ArrayLike, y_pred: npt.ArrayLike, sigma: float) -> float:
    """Return Σ log N(yᵢ; ŷᵢ, σ²) = −(n/2)·log(2πσ²) − SSE/(2σ²)."""
    s = positive("sigma", sigma)
    r = residuals(y, y_pred)
    n = int(r.shape[0])
    return -0.5 * n * math.log(2.0 * math.pi * s * s) - nonnegative_sum(r * r) / (2.0 * s * s)


def neg_log_likelihood_terms(n: int, sse: float, sigma: float) -> tuple[float, float]:
    """The two terms of −log L = (n/2)·log(2πσ²) + SSE/(2σ²): the constant and the fit."""
    spread = positive("sigma", sigma)
    return n / 2 * math.log(2 * math.pi * spread**2), sse / (2 * spread**2)
