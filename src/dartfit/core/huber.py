"""Huber's loss: the MSE's square near zero, the MAE's straight line far out.

huber_δ(e) = e²/2 for |e| ≤ δ, and δ·(|e| − δ/2) beyond: smooth (its slope, clip(e, −δ, δ),
is continuous), a bowl near the bottom like the MSE, and a far-off point pulls only with the
constant force δ, like the MAE's. As δ grows the best Huber line becomes the least-squares
line; as δ shrinks it nears the least-absolute-deviations line.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray
from dartfit.core.validation import line_data

ROUNDS = 500
"""The most reweighting rounds `best_line_huber` takes."""
TOLERANCE = 1e-13
"""Rounds stop once the line moves less than this, relative to its size."""


def huber_terms(errors: npt.ArrayLike, delta: float) -> FloatArray:
    """Huber's loss of each error: e²/2 within δ of 0, δ·(|e| − δ/2) beyond."""
    e = np.abs(np.asarray(errors, dtype=float))
    out: FloatArray = np.where(e <= delta, 0.5 * e * e, delta * (e - 0.5 * delta))
    return out


def huber_loss(y: npt.ArrayLike, y_pred: npt.ArrayLike, delta: float) -> float:
    """The mean Huber loss of a prediction."""
    errors = np.asarray(y, dtype=float) - np.asarray(y_pred, dtype=float)
    return float(np.mean(huber_terms(errors, delta)))


def best_line_huber(x: npt.ArrayLike, y: npt.ArrayLike, delta: float) -> tuple[float, float]:
    """The line (m, b) with the least mean Huber loss, by iteratively reweighted least
    squares: each round solves least squares with weights 1 within δ and δ/|r| beyond (a
    majorise-minimise step: the loss never rises), from the least-squares line."""
    xs, ys = line_data(x, y)
    # on x and y centred and scaled to a spread of 1 (δ with y): lstsq drops a column that
    # is small beside the other, and x of 1e−20 beside the intercept's ones read m = 5e−39
    # (level data vary by 1e−50 at least); the loss is the same up to the scale of y
    (x_mid, x_scale), (y_mid, y_scale) = (_centre(v) for v in (xs, ys))
    u, v, d = (xs - x_mid) / x_scale, (ys - y_mid) / y_scale, delta / y_scale
    design = np.column_stack([u, np.ones_like(u)])
    theta = np.linalg.lstsq(design, v, rcond=None)[0]
    for _ in range(ROUNDS):
        r = np.abs(v - design @ theta)
        w = np.where(r <= d, 1.0, d / np.maximum(r, 1e-300))
        root = np.sqrt(w)
        new = np.linalg.lstsq(design * root[:, None], v * root, rcond=None)[0]
        moved = float(np.max(np.abs(new - theta)))
        theta = new
        if moved <= TOLERANCE * (1.0 + float(np.max(np.abs(theta)))):
            break
    m = float(theta[0]) * y_scale / x_scale
    return m, y_mid + float(theta[1]) * y_scale - m * x_mid


def _centre(values: FloatArray) -> tuple[float, float]:
    """The values' mean and spread (1 where they do not vary)."""
    mid = float(np.mean(values))
    scale = float(np.max(np.abs(values - mid)))
    return mid, scale if scale > 0 else 1.0
