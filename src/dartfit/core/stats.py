"""A line's MSE from a few sums over the data: O(1) per line, however many points there are.

Around the least-squares slope m* the MSE is a quadratic, written about the data's means so
that nothing large is subtracted from anything large. With xc = x − x̄, yc = y − ȳ, the
best line's misses r = yc − m*·xc, dm = m − m* and c = b + m·x̄ − ȳ (the line's height
above ȳ at x̄), the miss of the line (m, b) at each point is r − dm·xc − c, so

    MSE(m, b) = mean(r²) + dm²·mean(xc²) + c² − 2·dm·mean(r·xc) − 2c·(mean(r) − dm·mean(xc))

exactly, where mean(r²) and the small means are summed once, by numpy, over the data. The
rounding of this form and of numpy's own `mean((y − (m·x + b))²)` are both bounded; when the
bounds can't promise agreement to 1e-9 (relative) or 1e-12 (absolute), the MSE is summed
point by point instead (O(n), in chunks).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray
from dartfit.core.validation import paired_vectors

BIG = 2_000  # above this many points, descent and the game use running sums, not each point
CHUNK = 1 << 16  # points summed at a time: bounded memory, and a bounded rounding error
RELATIVE, ABSOLUTE = 1e-9, 1e-12  # how closely every MSE agrees with numpy's
_U = 2.0**-53  # the unit roundoff of float64

Grid = TypeVar("Grid", float, FloatArray)
"""One line's (m, b) as floats, or a grid of them as arrays."""


def _chunks(*arrays: FloatArray) -> Iterator[tuple[FloatArray, ...]]:
    for start in range(0, arrays[0].shape[0], CHUNK):
        yield tuple(a[start : start + CHUNK] for a in arrays)


def _dot(a: FloatArray, b: FloatArray) -> float:
    """Σ a·b by numpy's pairwise sum (within `_pairwise(CHUNK)` roundoffs of Σ|a·b|), without
    BLAS, whose threads cost milliseconds a call when the cores are busy; einsum's running
    sum could be CHUNK roundoffs off, too far for `solve`'s 1e-12."""
    return float(np.sum(a * b))


def _pairwise(n: int) -> int:
    """The roundoffs of numpy's pairwise sum of n terms, relative to the sum of their sizes:
    blocks of 128 summed by 8 running sums of 16 (and a tail of 7), halved log2(n/128) times."""
    return 26 + max(0, math.ceil(math.log2(max(n, 1) / 128)))


def _total(parts: list[float]) -> float:
    """The correctly rounded sum of the chunks' sums (±inf when it overflows)."""
    try:
        return math.fsum(parts)
    except (OverflowError, ValueError):  # a sum beyond float64, or inf − inf
        return float(np.sum(parts))


@dataclass(frozen=True, slots=True)
class LineStats:
    """The sums about the means that give any line's MSE, and the data for the exact sum."""

    n: int
    x_mean: float
    y_mean: float
    sxx: float  # mean(xc²)
    sxy: float  # mean(xc·yc)
    syy: float  # mean(yc²)
    m_best: float  # the least-squares slope sxy / sxx
    mse_best: float  # mean(r²), the best line's MSE
    r_mean: float  # mean(r), zero but for rounding
    rx_mean: float  # mean(r·xc), zero but for rounding
    xc_mean: float  # mean(xc), zero but for rounding
    x_size: float  # max |x|
    y_size: float  # max |y|
    spread: float  # max |xc|·|m*| + max |yc| + max |r|: the size of what was centred
    xc_size: float  # max |xc|
    x: FloatArray = field(repr=False, compare=False)
    y: FloatArray = field(repr=False, compare=False)

    @classmethod
    def of(cls, x: npt.ArrayLike, y: npt.ArrayLike) -> LineStats:
        """Compute the sums once (O(n), a chunk at a time)."""
        xs, ys = paired_vectors(x, y)
        n = int(xs.shape[0])
        x_mean, y_mean = float(np.mean(xs)), float(np.mean(ys))  # any centre will do
        parts: list[list[float]] = [[], [], [], []]  # xc², xc·yc, yc², xc
        xc_size = yc_size = 0.0
        for xa, ya in _chunks(xs, ys):
            xc, yc = xa - x_mean, ya - y_mean
            for k, value in enumerate((_dot(xc, xc), _dot(xc, yc), _dot(yc, yc), np.sum(xc))):
                parts[k].append(float(value))
            xc_size = max(xc_size, float(np.max(xc)), -float(np.min(xc)))
            yc_size = max(yc_size, float(np.max(yc)), -float(np.min(yc)))
        sxx, sxy, syy, xc_sum = (_total(p) / n for p in parts)
        m_best = sxy / sxx if sxx > 0 else 0.0
        rr: list[float] = []
        rs: list[float] = []
        rx: list[float] = []
        r_size = 0.0
        for xa, ya in _chunks(xs, ys):
            xc = xa - x_mean
            r = (ya - y_mean) - m_best * xc
            rr.append(_dot(r, r))
            rs.append(float(np.sum(r)))
            rx.append(_dot(r, xc))
            r_size = max(r_size, float(np.max(r)), -float(np.min(r)))
        return cls(
            n=n,
            x_mean=x_mean,
            y_mean=y_mean,
            sxx=sxx,
            sxy=sxy,
            syy=syy,
            m_best=m_best,
            mse_best=_total(rr) / n,
            r_mean=_total(rs) / n,
            rx_mean=_total(rx) / n,
            xc_mean=xc_sum,
            x_size=max(float(np.max(xs)), -float(np.min(xs))),
            y_size=max(float(np.max(ys)), -float(np.min(ys))),
            spread=abs(m_best) * xc_size + yc_size + r_size,
            xc_size=xc_size,
            x=xs,
            y=ys,
        )

    def mse(
        self, m: float, b: float, relative: float = RELATIVE, absolute: float = ABSOLUTE
    ) -> float:
        """The MSE of the line ŷ = m·x + b: O(1) when that agrees with numpy's sum to
        `relative` (or `absolute`), else O(n)."""
        if self.n <= BIG:
            return self.exact(m, b)
        with np.errstate(over="ignore", invalid="ignore"):
            value, bound = self._quadratic(m, b)
        if _close(value, bound, relative, absolute):
            return max(value, 0.0)
        return self.exact(m, b)

    def mses(
        self, m: FloatArray, b: FloatArray, relative: float = RELATIVE, absolute: float = ABSOLUTE
    ) -> FloatArray:
        """`mse` of each line (m[k], b[k]); on small data numpy's sums, a block of lines at a
        time (a crawl's 200,000 lines in a few numpy calls)."""
        if self.n <= BIG:
            return exact_mses(self.x, self.y, m, b)
        with np.errstate(over="ignore", invalid="ignore"):
            values, bounds = self._quadratic(m, b)
        found = np.maximum(values, 0.0)
        for k in np.flatnonzero(~_close(values, bounds, relative, absolute)).tolist():
            found[k] = self.exact(float(m[k]), float(b[k]))
        return found

    def near_mse(self, m: float, b: float) -> float:
        """The MSE from the sums alone, always O(1), for descent's thousands of steps: it
        rounds about as far from the exact value as numpy's own sum does (c = b + m·x̄ − ȳ is
        rounded by ε·|m·x̄|, as each of numpy's misses is by ε·|m·x|), but on data far from 0
        not always as close to numpy's as `mse`, which pays O(n) for that, promises."""
        if self.n <= BIG:
            return self.exact(m, b)
        with np.errstate(over="ignore", invalid="ignore"):
            value = self.mse_best + self.rise(m, b)
        return max(value, 0.0) if value == value else value

    def rise(self, m: Grid, b: Grid) -> Grid:
        """MSE(m, b) − the best line's MSE from the sums, for one line or a grid of lines: the
        bowl above its bottom, with nothing large subtracted from anything large."""
        slope, lift, cross = self._terms(m, b)
        return slope + lift + cross

    def _terms(self, m: Grid, b: Grid) -> tuple[Grid, Grid, Grid]:
        """The rise's terms: dm²·mean(xc²), c², and the cross terms (zero but for rounding)."""
        dm = m - self.m_best
        c = b + m * self.x_mean - self.y_mean
        scaled = dm * math.sqrt(self.sxx)
        slope = scaled * scaled  # inf past float64's range, as numpy's is (** raised)
        cross = -2.0 * dm * self.rx_mean - 2.0 * c * (self.r_mean - dm * self.xc_mean)
        return slope, c * c, cross

    def _quadratic(self, m: Grid, b: Grid) -> tuple[Grid, Grid]:
        """The MSE from the sums, and a bound on its distance from numpy's point-by-point sum."""
        slope, lift, cross = self._terms(m, b)
        value = self.mse_best + slope + lift + cross
        terms = self.mse_best + slope + lift + abs(cross)
        # Each miss is off by at most `per_point`: from centring, from rounding c, and from
        # numpy's own m·x + b and y − ŷ; each sum by its pairwise roundoffs (ours of a chunk
        # and numpy's of all n, each product and the totals'), and the terms' own few.
        centring = self.spread + (abs(m) + abs(self.m_best)) * self.xc_size
        offset = abs(b) + abs(m * self.x_mean) + abs(self.y_mean)
        numpy_side = 3 * abs(m) * self.x_size + 2 * abs(b) + self.y_size
        per_point = 4 * _U * (centring + offset + numpy_side)
        rms = np.sqrt(np.maximum(value, 0.0))
        roundoffs = _pairwise(CHUNK) + _pairwise(self.n) + 40
        bound = 2 * (rms + per_point) * per_point + roundoffs * _U * (terms + abs(value))
        return value, bound

    def exact(self, m: float, b: float) -> float:
        """The MSE point by point, as numpy's mean((y − (m·x + b))²) (O(n), in chunks)."""
        return exact_mse(self.x, self.y, m, b)


def _close(value: Grid, bound: Grid, relative: float, absolute: float) -> npt.NDArray[np.bool_]:
    """Whether the sums' MSE `value` is within `relative` (or `absolute`) of numpy's, by its
    `bound`, for each line: False for inf and NaN."""
    return np.asarray(bound <= 0.25 * np.maximum(relative * value, absolute))


def exact_mse(x: FloatArray, y: FloatArray, m: float, b: float) -> float:
    """numpy's mean((y − (m·x + b))²), a chunk at a time: no temporary as big as the data."""
    with np.errstate(over="ignore", invalid="ignore"):
        parts = [float(np.sum((ya - (m * xa + b)) ** 2)) for xa, ya in _chunks(x, y)]
    return _total(parts) / int(x.shape[0])


def exact_mses(x: FloatArray, y: FloatArray, m: FloatArray, b: FloatArray) -> FloatArray:
    """numpy's mean((y − (m·x + b))²) of each line (m[k], b[k]), for as many lines at a time
    as make a chunk of misses (O(n) a line)."""
    n, lines = int(x.shape[0]), int(m.shape[0])
    block = max(1, CHUNK // max(n, 1))
    found = np.empty(lines)
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, lines, block):
            slopes, heights = m[start : start + block, None], b[start : start + block, None]
            miss = y - (slopes * x + heights)
            found[start : start + block] = np.sum(miss * miss, axis=1) / n
    return found
