"""The exact least-absolute-deviations line: the line with the smallest MAE.

Why the search below is exact. Let F(m, b) = Σ|yᵢ − m·xᵢ − b|, which is jointly convex. Then
g(m) = min_b F(m, b) is convex too (partial minimisation of a jointly convex function), and for
a fixed m its minimiser is b = median(y − m·x). Between two consecutive pairwise slopes
(yⱼ − yᵢ)/(xⱼ − xᵢ) the order of the values zᵢ = yᵢ − m·xᵢ never changes, so g is linear there:
g is piecewise linear with kinks only at pairwise slopes. It grows without bound as |m| → ∞
(x is not constant), so its minimum sits at a kink: an optimal line passes through two points.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray
from dartfit.core.validation import line_data

MAX_PAIR_SLOPES = 2_000_000
"""Above this many point pairs the candidate slopes are not listed; bisection is used instead."""

SLOPE_TOLERANCE = 1e-12
"""Neighbouring pair slopes this close, relative to their size, are one candidate."""

SNAP_POINTS = 5
"""How many best-fitting points bisection's answer is snapped among (all pairs of them)."""

SAMPLE_SIZE = 10_000
"""Bisection on more than four times this many points starts from the slope of a sample."""

FSUM_BLOCK = 1 << 16
"""Terms summed exactly at a time by lad_objective."""


class Stopped(Exception):
    """The caller asked a long search to stop (its `stop` returned True)."""


def _never() -> bool:
    return False


def lad_objective(x: FloatArray, y: FloatArray, m: float) -> float:
    """Return g(m) = min_b Σ|yᵢ − m·xᵢ − b| (b = median(y − m·x)), summed exactly a block
    of FSUM_BLOCK terms at a time: a thread summing ten million terms then lets the user
    interface run between blocks (one fsum over them all holds the GIL for half a second)."""
    z = y - m * x
    misses = np.abs(z - np.median(z))
    blocks = range(0, misses.shape[0], FSUM_BLOCK)
    return math.fsum(math.fsum(misses[k : k + FSUM_BLOCK]) for k in blocks)


def _intercept(x: FloatArray, y: FloatArray, m: float) -> float:
    """Return the best intercept for slope m: the median of y − m·x."""
    return float(np.median(y - m * x))


def pair_slopes(x: FloatArray, y: FloatArray) -> FloatArray:
    """Return the sorted distinct slopes of the lines through two points with different x.

    Neighbouring slopes within SLOPE_TOLERANCE of each other (relatively) count as one: they
    are the same kink rounded differently, and two entries for one kink would look like a flat
    stretch of g. A slope that overflows to infinity (x values a hair apart) is dropped.
    """
    i, j = np.triu_indices(x.shape[0], k=1)
    dx = x[j] - x[i]
    keep = dx != 0
    with np.errstate(over="ignore"):
        raw = np.sort((y[j] - y[i])[keep] / dx[keep])
    slopes: FloatArray = raw[np.isfinite(raw)]
    distinct = np.ones(slopes.shape[0], dtype=bool)
    size = np.maximum(np.abs(slopes[1:]), np.abs(slopes[:-1]))
    distinct[1:] = np.diff(slopes) > SLOPE_TOLERANCE * size
    result: FloatArray = slopes[distinct]
    return result


def lad_by_slope_search(x: FloatArray, y: FloatArray) -> float:
    """Return the LAD slope by binary search over the sorted pair slopes (g is convex on them)."""
    slopes = pair_slopes(x, y)
    if slopes.shape[0] == 0:  # every pair slope overflowed: x values only a hair apart
        return lad_by_bisection(x, y)
    cache: dict[int, float] = {}

    def g(k: int) -> float:
        if k not in cache:
            cache[k] = lad_objective(x, y, float(slopes[k]))
        return cache[k]

    # The sequence g(s_k) is convex, so "g(s_k) ≤ g(s_{k+1})" is false then true: find the switch.
    lo, hi = 0, slopes.shape[0] - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if g(mid) <= g(mid + 1):
            hi = mid
        else:
            lo = mid + 1
    # Rounding can tip a comparison between nearly equal values; settle it among neighbours.
    nearby = range(max(lo - 2, 0), min(lo + 3, slopes.shape[0]))
    return float(slopes[min(nearby, key=g)])


def _subgradient(x: FloatArray, y: FloatArray, m: float) -> float:
    """Return g'(m) = −Σ sign(rᵢ)·xᵢ with r = y − m·x − median(y − m·x) (exact between kinks)."""
    z = y - m * x
    return -float(np.dot(np.sign(z - np.median(z)), x))


class _Bracket:
    """The points whose side of the median line can still change while m stays in [lo, hi].

    For m in the bracket every zᵢ(m) = yᵢ − m·xᵢ moves at most w·|x|max from its value at any
    other m of the bracket (w = hi − lo), and so do the two middle values. A point further than
    2·w·|x|max below the lower one (above the upper one) at the midpoint stays on its side of
    the median for every m of the bracket: it is
    folded into fixed sums (`below`, `above`, the x sums), and only the rest, the active points,
    are looked at again. As the bracket halves the active points thin out geometrically, so the
    whole bisection costs a few passes over the data instead of one per halving. The median at
    m is the element of rank (n − 1)/2 among all, that is rank (n − 1)/2 − below among the active.
    """

    def __init__(self, x: FloatArray, y: FloatArray, lo: float, hi: float) -> None:
        self.x, self.y, self.lo, self.hi = x, y, lo, hi
        self.n = x.shape[0]
        self.below = 0
        self.fixed = 0.0  # Σ x over points above the median minus Σ x over points below
        self.reach = float(np.max(np.abs(x)))

    def middle(self, z: FloatArray) -> tuple[float, float]:
        """Return the two middle values of all n (one value twice when n is odd), given the
        active points' z."""
        k = (self.n - 1) // 2 - self.below
        if self.n % 2:
            value = float(np.partition(z, k)[k])
            return value, value
        part = np.partition(z, (k, k + 1))
        return float(part[k]), float(part[k + 1])

    def median(self, z: FloatArray) -> float:
        """Return the median of all n values, given the active points' z."""
        lower, upper = self.middle(z)
        return 0.5 * (lower + upper)

    def subgradient(self, m: float) -> float:
        """Return g'(m), as `_subgradient` does over all points, for m inside the bracket."""
        z = self.y - m * self.x
        med = self.median(z)
        return -(self.fixed + float(np.dot(np.sign(z - med), self.x)))

    def shrink(self) -> None:
        """Fold the points whose side is settled for the rest of the bracket into the sums."""
        mid = 0.5 * (self.lo + self.hi)
        z = self.y - mid * self.x
        lower, upper = self.middle(z)
        margin = 2.0 * (self.hi - self.lo) * self.reach
        # beyond the middle values, not the median: with n even both must stay active (a
        # point past the median's margin but between them was folded, and the median lost)
        low, high = z < lower - margin, z > upper + margin
        self.below += int(low.sum())
        self.fixed += math.fsum(self.x[high]) - math.fsum(self.x[low])
        keep = ~(low | high)
        self.x, self.y = self.x[keep], self.y[keep]


def _first_bracket(x: FloatArray, y: FloatArray, stop: Callable[[], bool]) -> tuple[float, float]:
    """Return (lo, hi) holding the LAD slope.

    Every pair slope lies within ±(max y − min y)/(smallest gap between distinct x). On big
    data that interval is needlessly wide: the slope of every SAMPLE_STEP-th point is found
    first, and an interval around it widened until g's subgradient changes sign across it.
    """
    gaps = np.diff(np.unique(x))
    with np.errstate(over="ignore"):
        bound = min(float(np.ptp(y) / gaps.min()), np.finfo(np.float64).max / 4)
    if x.shape[0] < 4 * SAMPLE_SIZE:
        return -bound, bound
    every = x.shape[0] // SAMPLE_SIZE
    sample_x, sample_y = x[::every], y[::every]
    if not np.ptp(sample_x) > 0:  # rows repeating in step with the sample: one x, no slope
        return -bound, bound  # (x of 0, 1, 0, 1, …: every 100th is 0, and numpy's min of
        # the gaps between none ended the game)
    guess = lad_by_bisection(sample_x, sample_y, stop)
    with np.errstate(over="ignore"):
        width = 1e-3 * (abs(guess) + float(np.ptp(y) / np.ptp(x)))
    while math.isfinite(width) and width < bound:
        if stop():
            raise Stopped
        lo, hi = guess - width, guess + width
        if _subgradient(x, y, lo) <= 0 <= _subgradient(x, y, hi):
            return lo, hi
        width *= 16
    return -bound, bound


def lad_by_bisection(x: FloatArray, y: FloatArray, stop: Callable[[], bool] = _never) -> float:
    """Return the LAD slope by bisection on the sign of g's subgradient, snapped to a pair slope.

    Every pair slope lies within ±(max y − min y)/(smallest gap between distinct x), so that
    interval brackets the minimiser. Bisection halves it until floating-point precision, looking
    only at the points whose side of the line can still change (`_Bracket`). At the true
    minimiser two points sit exactly on the line, so the SNAP_POINTS points closest to the line
    found are paired up and the pair slope with the smallest g wins. `stop` is asked before each
    pass; when it says so, Stopped is raised.
    """
    bracket = _Bracket(x, y, *_first_bracket(x, y, stop))
    slope = mid = math.nan
    for step in range(2_000):
        if stop():
            raise Stopped
        lo, hi = bracket.lo, bracket.hi
        mid = 0.5 * (lo + hi)
        if not lo < mid < hi:
            break
        if step % 4 == 0 and math.isfinite(2.0 * (hi - lo) * bracket.reach):
            bracket.shrink()
        slope = bracket.subgradient(mid)
        if slope > 0:
            bracket.hi = mid
        elif slope < 0:
            bracket.lo = mid
        else:
            break
    m = 0.5 * (bracket.lo + bracket.hi) if slope != 0 else mid
    z = y - m * x
    closest = min(SNAP_POINTS, x.shape[0]) - 1
    nearest = np.argpartition(np.abs(z - np.median(z)), closest)[: closest + 1]
    candidates = [m]
    for i, j in itertools.combinations(nearest.tolist(), 2):
        if x[i] != x[j]:
            with np.errstate(over="ignore"):
                candidate = float((y[j] - y[i]) / (x[j] - x[i]))
            if math.isfinite(candidate):
                candidates.append(candidate)
    return _least(x, y, candidates, stop)


def _least(x: FloatArray, y: FloatArray, slopes: list[float], stop: Callable[[], bool]) -> float:
    """Return the slope with the smallest g among `slopes` (the first of equals).

    g is summed by numpy's pairwise sum: its n terms are positive, so it is within
    log2(n)·ε (relatively) of the exact sum, and the slope chosen is optimal to that precision.
    """
    values = []
    for m in slopes:
        if stop():
            raise Stopped
        z = y - m * x
        values.append(float(np.sum(np.abs(z - np.median(z)))))
    return slopes[values.index(min(values))]


def best_line_mae(
    x: npt.ArrayLike, y: npt.ArrayLike, stop: Callable[[], bool] = _never
) -> tuple[float, float]:
    """Return an exact least-absolute-deviations line (m, b), minimising Σ|yᵢ − m·xᵢ − b|.

    Method (see the module docstring for why it is exact): g(m) = min_b Σ|yᵢ − m·xᵢ − b| is
    convex and piecewise linear with kinks only at the pairwise slopes, and b = median(y − m·x).
    The sorted pairwise slopes s_k are searched by binary search on the convex sequence g(s_k),
    comparing g(s_k) with g(s_{k+1}) and evaluating each exactly. When there are more than
    MAX_PAIR_SLOPES pairs, the slope is instead found by bisection on the sign of g's
    subgradient to floating-point precision and then snapped to the best nearby pair slope.
    A long search asks `stop` between passes over the data and raises Stopped when told to.
    """
    xs, ys = line_data(x, y)
    n = xs.shape[0]
    if n * (n - 1) // 2 <= MAX_PAIR_SLOPES:
        m = lad_by_slope_search(xs, ys)
    else:
        m = lad_by_bisection(xs, ys, stop)
    return (m, _intercept(xs, ys, m))
