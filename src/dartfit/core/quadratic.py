"""A line's MSE as the exact quadratic it is, so a descent step costs a few float operations.

For θ = (m, b) the MSE is MSE* + (θ − θ*)ᵀ·H·(θ − θ*) with H = [[mean x², x̄], [x̄, 1]]: no
term of higher order, and no approximation. Written about the centre of x, with dm = m − m*
and c = (b − b*) + x̄·dm (how far the line sits above the best one at x = x̄), it is

    MSE(m, b) = MSE* + var(x)·dm² + c²,   ∂MSE/∂m = 2·(var(x)·dm + x̄·c),   ∂MSE/∂b = 2c,

where var(x) and x̄ are worked out once from centred x. Nothing large is subtracted from
anything large: the raw sums Σx², Σxy lose the MSE to cancellation on data far from 0 or on a
tight fit (running sums once read an MSE of 0 where numpy read 1.01e-6), deviations from θ*
do not. θ* is the core's least-squares line (`best_line`, on centred x) and MSE* numpy's
own mean of the squared misses there, so at θ* the quadratic reads what numpy reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dartfit.core.arrays import FloatArray
from dartfit.core.stats import exact_mse


@dataclass(frozen=True, slots=True)
class Quadratic:
    """The MSE bowl of a line on fixed data: its bottom θ* and MSE*, and x's centre and spread."""

    m: float
    """m*, the least-squares slope."""
    b: float
    """b*, the least-squares intercept."""
    mse: float
    """MSE*, numpy's mean((y − (m*·x + b*))²)."""
    x_mean: float
    x_spread: float
    """var(x) = mean((x − x̄)²), from centred x: H's mean x² is x_spread + x̄²."""

    @classmethod
    def of(cls, x: FloatArray, y: FloatArray, best: tuple[float, float]) -> Quadratic:
        """The bowl of the line's MSE on (x, y), already checked, whose best line is `best`."""
        return cls(best[0], best[1], exact_mse(x, y, *best), float(np.mean(x)), float(np.var(x)))

    def at(self, m: float, b: float) -> tuple[float, tuple[float, float]]:
        """The MSE of the line (m, b) and its gradient (∂/∂m, ∂/∂b), from θ − θ*.

        `stepping.steps_from` takes a step with the same five operations written out, in
        this order: a call a step was a fifth of a step's time."""
        dm = m - self.m
        c = (b - self.b) + self.x_mean * dm
        return self.mse + (self.x_spread * dm * dm + c * c), (
            2.0 * (self.x_spread * dm + self.x_mean * c),
            2.0 * c,
        )
