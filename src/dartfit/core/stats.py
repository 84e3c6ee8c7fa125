"""A line's MSE from five running sums: O(1) per line, however many points there are.

With centred data (x̄, ȳ and the centred means sxx, sxy, syy), the residual of a line is
yc − m·xc − c with c = b + m·x̄ − ȳ, so MSE(m, b) = syy − 2m·sxy + m²·sxx + c²: the cross
terms vanish because centred values average to zero. Centring first keeps it accurate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dartfit.core.validation import paired_vectors

BIG = 2_000  # above this many points, descent and the game use running sums, not each point


@dataclass(frozen=True, slots=True)
class LineStats:
    """The sufficient statistics of (x, y) for any line's MSE."""

    n: int
    x_mean: float
    y_mean: float
    sxx: float
    sxy: float
    syy: float

    @classmethod
    def of(cls, x: npt.ArrayLike, y: npt.ArrayLike) -> LineStats:
        """Compute the statistics once (O(n))."""
        xs, ys = paired_vectors(x, y)
        x_mean, y_mean = float(np.mean(xs)), float(np.mean(ys))
        xc, yc = xs - x_mean, ys - y_mean
        return cls(
            n=int(xs.size),
            x_mean=x_mean,
            y_mean=y_mean,
            sxx=float(np.mean(xc * xc)),
            sxy=float(np.mean(xc * yc)),
            syy=float(np.mean(yc * yc)),
        )

    def mse(self, m: float, b: float) -> float:
        """The MSE of the line ŷ = m·x + b (O(1)); never below zero from rounding."""
        c = b + m * self.x_mean - self.y_mean
        return max(self.syy - 2 * m * self.sxy + m * m * self.sxx + c * c, 0.0)
