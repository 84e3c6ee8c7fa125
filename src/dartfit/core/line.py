"""A straight line ŷ = m·x + b: its predictions, its MSE gradient and its least-squares fit."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray
from dartfit.core.numbers import without_round_off
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
    return (-2.0 / n * dot(xs, r), -2.0 / n * float(np.sum(r)))


BLOCK = 1 << 16
"""Points whose centred y `best_line` works out at a time: a million points' centred y
whole was 8 MB more at the million-point level's peak (up to BLOCK points, one block: the
same bits as in one go)."""


def dot(a: FloatArray, b: FloatArray) -> float:
    """Σ aᵢ·bᵢ, the same bits on every machine: numpy's pairwise sums of a block of products
    at a time (BLOCK: up to BLOCK points, one temporary of a block), added exactly. `np.dot`
    goes to the BLAS, whose kernel is the CPU's: on a machine with AVX-512 the checker's
    three points' best line came out b = 0 where it is b = −1.332e−15 on others, and the
    round-off bound of a line's MSE (tuned on one machine) fell short on another."""
    return math.fsum(
        float(np.sum(a[i : i + BLOCK] * b[i : i + BLOCK])) for i in range(0, a.size, BLOCK)
    )


def best_line(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[float, float]:
    """Return the least-squares line (m, b), computed on centred x for numerical stability."""
    xs, ys = line_data(x, y)
    x_mean = float(np.mean(xs))
    y_mean = float(np.mean(ys))
    dx = xs - x_mean
    across = math.fsum(
        dot(dx[i : i + BLOCK], ys[i : i + BLOCK] - y_mean) for i in range(0, xs.size, BLOCK)
    )
    m = across / dot(dx, dx)
    return (m, y_mean - m * x_mean)


@dataclass(frozen=True)
class FitScale:
    """The size of the numbers a line fitted to data is worked out from, against which its
    m and b are round-off (`core.numbers.without_round_off`): one rule for the HUD, the
    win, `dartfit solve` and every screen that shows a fitted line."""

    y: float
    """The largest |y|."""
    x: float
    """The largest |x|."""
    spread: float
    """The standard deviation of x (0 for one x)."""
    centre: float
    """The mean of x, x̄."""

    @classmethod
    def of(cls, x: npt.ArrayLike, y: npt.ArrayLike) -> FitScale:
        """The scale of the data (x, y)."""
        xs, ys = (np.asarray(v, dtype=np.float64) for v in (x, y))
        if xs.size == 0 or ys.size == 0:
            return cls(0.0, 0.0, 0.0, 0.0)
        with np.errstate(over="ignore", invalid="ignore"):
            sizes = (np.max(np.abs(ys)), np.max(np.abs(xs)), np.std(xs), np.mean(xs))
            return cls(*(float(v) for v in sizes))

    def line(self, m: float, b: float) -> tuple[float, float]:
        """The line (m, b) with each of m and b that is round-off as 0: m beside the largest
        |y| over the spread of x (how far a miss of round-off in y tilts a line); b beside
        |y| and |m·x| (the terms of b = ȳ − m·x̄), and, where the line has a slope, as many
        times more as x̄ lies spreads from 0 (the slope's own round-off, carried to x = 0).
        A slope of round-off is turned to 0 about x̄, as the line was fitted: on x near 1e6,
        b read 2.1e−11, the residue of m = −2e−17."""
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            far = self.x / self.spread if self.spread > 0 else 0.0
            if m and not without_round_off(m, self.y / self.spread if self.spread else 0.0):
                m, b = 0.0, b + m * self.centre
            return m, without_round_off(b, (self.y + abs(m) * self.x) * (1 + far * bool(m)))


def fitted_values(x: npt.ArrayLike, m: float, b: float) -> list[float]:
    """The line's ŷ = m·x + b at each x as shown: 0 where round-off beside the terms m·x and
    b it is summed from (a line through the origin read ŷ = 5.55e−17 at x = 0.3), by the rule
    of `FitScale`."""
    xs = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        terms = np.abs(m * xs) + abs(b)
        return [
            without_round_off(float(v), float(t)) for v, t in zip(m * xs + b, terms, strict=True)
        ]


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
        # e = ROUND_OFF_ULPS·ε·(|y| + |m|·|x| + |b|) and its square, worked in one array (the
        # same bits: |m|·|x| + |y| is |y| + |m|·|x|, each element alone): as one expression
        # it held three arrays of n at once
        e = np.abs(xs)
        e *= abs(m)
        for i in range(0, e.size, BLOCK):
            e[i : i + BLOCK] += np.abs(ys[i : i + BLOCK])
        e += abs(b)
        e *= ROUND_OFF_ULPS * eps
        e *= e
        value = float(np.mean(e))
        del e  # before _off_a_line's own arrays
        if _off_a_line(xs, ys, (m, b), value):
            return 0.0
    # finite: an MSE of inf (numbers near 1e308) is no round-off, and reads inf
    return value if value <= largest else largest


def variance_in_place(values: FloatArray) -> float:
    """numpy's `np.var(values)` to the last bit (its steps: the mean, the deviations, their
    squares, their mean), worked in `values` itself instead of a copy as long: `values` is
    left holding the squared deviations."""
    n = values.size
    values -= np.mean(values)
    np.multiply(values, values, out=values)
    return float(np.sum(values) / n)


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
    misses = m * xs  # ys − (m·xs + b), in place (the same bits; one array of n, not three)
    misses += b
    np.subtract(ys, misses, out=misses)
    if variance_in_place(misses) > 100 * floor:
        return True
    eps = float(np.finfo(np.float64).eps)
    storing = float(np.mean((eps * (np.abs(ys) + abs(m) * np.abs(xs))) ** 2))
    x, y = xs.astype(np.longdouble), ys.astype(np.longdouble)
    dx, dy = x - np.mean(x), y - np.mean(y)
    return float(np.var(dy - np.dot(dx, dy) / np.dot(dx, dx) * dx)) > ROUND_OFF_ULPS**2 * storing
