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


ROUND_OFF_ULPS = 1.5
"""How many float64 roundings of a miss's terms an MSE may be and still be round-off: the
best line's own rounding came to 1.3 of one on a few datasets on one line (a review: 1 in
4,000 read "MSE = 7.643e−27"), and y near 1e15 with misses of 1 (an MSE of 0.46, the
data's own) stay above it."""


def round_off_mse(
    x: npt.ArrayLike, y: npt.ArrayLike, best: tuple[float, float] | None = None
) -> float:
    """The MSE that rounding alone makes of a line through every point: at the best line
    each miss yᵢ − (m*·xᵢ + b*) is worked out to within eᵢ = ε·(|yᵢ| + |m*·xᵢ| + |b*|) (ε:
    float64's), and (ROUND_OFF_ULPS·e)² on average is what float64 cannot tell from 0. It
    scales with the numbers' size, not their spread: a billionth of the spread of y read an
    MSE of 0.15 as 0 on y of ±1e9 (whose doubles are good to 1e-7), and let points on a
    line near 1e6 read "MSE = 4e−20"."""
    xs, ys = (np.asarray(v, dtype=np.float64) for v in (x, y))
    if ys.size == 0:
        return 0.0
    try:
        m, b = best_line(xs, ys) if best is None else best  # (the best line, if known)
    except (ValueError, ZeroDivisionError, FloatingPointError):  # one x: the mean
        m, b = 0.0, float(np.mean(ys))
    if not (np.isfinite(m) and np.isfinite(b)):
        m, b = 0.0, float(np.mean(ys))
    eps, largest = (float(v) for v in (np.finfo(np.float64).eps, np.finfo(np.float64).max))
    with np.errstate(over="ignore", invalid="ignore"):
        e = ROUND_OFF_ULPS * eps * (np.abs(ys) + abs(m) * np.abs(xs) + abs(b))
        value = float(np.mean(e * e))
        if _off_a_line(xs, ys, (m, b), value):
            return 0.0
    # finite: an MSE of inf (numbers near 1e308) is no round-off, and reads inf
    return value if value <= largest else largest


def _off_a_line(xs: FloatArray, ys: FloatArray, best: tuple[float, float], floor: float) -> bool:
    """Whether the points lie off their best line by more than storing them rounded does:
    then no MSE of theirs is round-off, though it be under the `floor` of `round_off_mse`.

    y near 1e15 that differ by 1 to 3 (a step of float64 there is 0.125) have an MSE of 0.45
    about their best line, under the 0.44 that `round_off_mse` allows each miss's terms:
    their best line read "MSE = 0". Points stored from a line are off it by half a rounding
    of |yᵢ| + |m·xᵢ| at most, and the data's own spread about its line, worked out in extended
    precision (about the means, with any shift the misses share left out), tells the two
    apart: 0.38 such roundings at most over 25,000 sets on a line, 3.0 for those y. Worked out
    in float64 it is off by a few roundings, so a spread far clear of the floor (any data
    with a spread of its own) is decided there."""
    if ys.size < 3:
        return False  # two points (or one) are always on a line
    m, b = best
    if float(np.var(ys - (m * xs + b))) > 100 * floor:
        return True
    eps = float(np.finfo(np.float64).eps)
    storing = float(np.mean((eps * (np.abs(ys) + abs(m) * np.abs(xs))) ** 2))
    x, y = xs.astype(np.longdouble), ys.astype(np.longdouble)
    dx, dy = x - np.mean(x), y - np.mean(y)
    return float(np.var(dy - np.dot(dx, dy) / np.dot(dx, dx) * dx)) > ROUND_OFF_ULPS**2 * storing
