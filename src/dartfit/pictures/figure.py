"""Figure: a frozen, hashable description of a chart, and the geometry plotting it needs.

A picture module builds a `Figure` (its series, fixed axes, labels); `PlotView` draws it
with plotext. Pure: the clipping of lines to the view, the key that says whether two
figures draw the same characters, and the axes' round ticks and short labels (chosen here,
not by plotext, whose ticks were uneven and whose labels ran to 13 digits) live here,
beside the data they work on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import numpy as np

from dartfit.core.numbers import nice_ceiling
from dartfit.wording import MINUS

ROLES = ("point", "line", "path", "current", "optimum", "ring", "loss", "best", "fit", "truth")
"""What a series is; each role is styled by the component class ``plot--<role>``."""


@dataclass(frozen=True)
class Series:
    """Points (scatter) or a polyline (line) in one role, with an optional marker."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    role: str = "line"
    kind: Literal["scatter", "line"] = "line"
    marker: str = "hd"
    """plotext's marker: "hd" (2×2 block quadrants) draws smooth lines in any font."""


@dataclass(frozen=True)
class Figure:
    """A whole chart: its series, fixed axis limits (or None: fit the data) and labels."""

    series: tuple[Series, ...]
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    ylog: bool = False
    """The ys are already log10 of the values: the y ticks read as powers of ten."""
    title: str = ""
    xlabel: str = ""

    def x_range(self) -> tuple[float, float]:
        """The x limits: fixed, or the data's."""
        return self.xlim or _extent(x for s in self.series for x in s.xs)

    def y_range(self) -> tuple[float, float]:
        """The y limits: fixed, or the data's."""
        return self.ylim or _extent(y for s in self.series for y in s.ys)


def _extent(values: Iterable[float]) -> tuple[float, float]:
    """The smallest and largest finite value (0 to 1 when there is none)."""
    finite = [v for v in values if math.isfinite(v)]
    return (min(finite), max(finite)) if finite else (0.0, 1.0)


def fitted(text: str, width: int) -> str:
    """The text cut to `width` characters, with … where it was cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


Run = tuple[tuple[float, ...], tuple[float, ...]]
CLIP_MARGIN = 2  # lines are cut two view sizes beyond the axes: plotext steps along
# every cell of a line, and one that blew up (10⁸ views long) would take it minutes


def clipped(xs: tuple[float, ...], ys: tuple[float, ...], box: tuple[float, ...]) -> list[Run]:
    """The polyline cut to the view widened CLIP_MARGIN times its size on every side
    (Liang–Barsky), as runs of connected points; segments wholly outside, or not finite,
    are dropped. A polyline inside the widened view is returned as it is."""
    x0, x1, y0, y1 = box
    wx, wy = CLIP_MARGIN * ((x1 - x0) or 1.0), CLIP_MARGIN * ((y1 - y0) or 1.0)
    lo_x, hi_x, lo_y, hi_y = x0 - wx, x1 + wx, y0 - wy, y1 + wy
    if all(lo_x <= x <= hi_x for x in xs) and all(lo_y <= y <= hi_y for y in ys):
        return [(xs, ys)]
    runs: list[tuple[list[float], list[float]]] = []
    for (ax, ay), (bx, by) in pairwise(zip(xs, ys, strict=True)):
        if not all(map(np.isfinite, (ax, ay, bx, by))):
            continue
        dx, dy, t0, t1 = bx - ax, by - ay, 0.0, 1.0
        for p, q in ((-dx, ax - lo_x), (dx, hi_x - ax), (-dy, ay - lo_y), (dy, hi_y - ay)):
            if p == 0:
                t0, t1 = (t0, t1) if q >= 0 else (1.0, 0.0)
            elif p < 0:
                t0 = max(t0, q / p)
            else:
                t1 = min(t1, q / p)
        if t0 > t1:
            continue
        start = (ax, ay) if t0 == 0.0 else (ax + t0 * dx, ay + t0 * dy)
        end = (bx, by) if t1 == 1.0 else (ax + t1 * dx, ay + t1 * dy)
        if runs and t0 == 0.0 and (runs[-1][0][-1], runs[-1][1][-1]) == (ax, ay):
            runs[-1][0].append(end[0])
            runs[-1][1].append(end[1])
        else:
            runs.append(([start[0], end[0]], [start[1], end[1]]))
    return [(tuple(rx), tuple(ry)) for rx, ry in runs]


def visible(figure: Figure, width: int, height: int) -> object:
    """What decides the picture: with fixed linear axes, the data snapped to a quarter cell.

    A line that moved less than a quarter of a character cell draws the same characters,
    so the figure is not built again while descent creeps along the bottom of the bowl.
    """
    if figure.xlim is None or figure.ylim is None or figure.ylog:
        return figure
    (x0, x1), (y0, y1) = figure.xlim, figure.ylim
    sx, sy = 4 * width / ((x1 - x0) or 1.0), 4 * height / ((y1 - y0) or 1.0)
    with np.errstate(over="ignore", invalid="ignore"):
        series = tuple(
            (
                s.role,
                s.kind,
                s.marker,
                np.clip(np.round((np.array(s.xs) - x0) * sx), -1e6, 1e6).tobytes(),
                np.clip(np.round((np.array(s.ys) - y0) * sy), -1e6, 1e6).tobytes(),
            )
            for s in figure.series
        )
    return (series, figure.xlim, figure.ylim, figure.title, figure.xlabel)


FEWEST_TICKS = 4


@dataclass(frozen=True)
class Axis:
    """One axis as drawn: its limits (widened if four ticks needed it) and its ticks."""

    lo: float
    hi: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]


def _steps(span: float, most: int) -> list[float]:
    """Round steps (1, 2 or 5 times a power of ten) that give from about `most` ticks
    across `span` down to about two, smallest first."""
    step = nice_ceiling(span / (most + 1))
    steps = [step]
    while steps[-1] < span:
        steps.append(nice_ceiling(steps[-1] * 1.01))
    return steps


def _inside(lo: float, hi: float, step: float) -> tuple[int, int]:
    """The first and last whole step k with lo ≤ k·step ≤ hi (snapped: no flip on the last
    bit of a float)."""
    return math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)


def _around(lo: float, hi: float, step: float) -> tuple[int, int]:
    """The whole steps k just at or outside lo and hi."""
    return math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)


def nice_axis(lo: float, hi: float, most: int, powers: bool = False, cover: bool = False) -> Axis:
    """Round, evenly spaced ticks from lo to hi: at least four, at most `most` when it can.

    The limits are widened only when four ticks do not fit inside them, and then as little
    as they can; with `cover` they are widened to the ticks around them, so the end ticks are
    the limits. `powers`: the values are exponents, ticked at whole powers of ten.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi - lo <= 1e-9 * max(abs(lo), abs(hi)) or hi - lo < 1e-300:
        half = max(abs(lo) * 0.1, 0.5 if powers else 1e-9)
        lo, hi = lo - half, hi + half
    most = max(most, FEWEST_TICKS)
    best: tuple[float, float, int, int] | None = None  # (widening, step, k0, k1)
    for step in _steps(hi - lo, most):
        if powers and step < 1.0:
            continue
        k0, k1 = _around(lo, hi, step) if cover else _inside(lo, hi, step)
        if k1 - k0 + 1 > most:
            continue
        missing = max(FEWEST_TICKS - (k1 - k0 + 1), 0)
        for below in range(missing + 1):  # widen at the end (or ends) where it costs least
            a, b = k0 - below, k1 + missing - below
            widening = (max(hi, b * step) - min(lo, a * step)) / (hi - lo)
            if best is None or widening < best[0] - 1e-9:
                best = (widening, step, a, b)
    if best is None:  # no round step fits `most` ticks: four, widened
        step = nice_ceiling((hi - lo) / 3)
        k0, _ = _inside(lo, hi, step)
        best = (0.0, step, k0 - 1, k0 + 2)
    _, step, k0, k1 = best
    ticks = tuple(k * step for k in range(k0, k1 + 1))
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    labels = tuple(power_label(round(t)) for t in ticks) if powers else tick_labels(ticks, step)
    return Axis(lo, hi, ticks, labels)


SIGNIFICANT = 6  # the most digits a tick label shows


def _digits(label: str) -> int:
    """How many significant digits a label shows (0.0150 and 1.5e−2: 3; 1000000: 7)."""
    return len(label.split("e")[0].replace("-", "").replace(".", "").lstrip("0")) or 1


def tick_labels(ticks: tuple[float, ...], step: float) -> tuple[str, ...]:
    """The ticks' labels in one form, the shorter of fixed (0.25, −3) and scientific (3.4e10),
    with as many digits as tell them apart, and 0 as 0."""
    largest = max(abs(ticks[0]), abs(ticks[-1]))
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    digits = max(0, math.floor(math.log10(largest)) - math.floor(math.log10(step) + 1e-9))
    fixed = [f"{t:.{decimals}f}" for t in ticks]
    short = []
    for t in ticks:
        mantissa, exponent = f"{t:.{digits}e}".split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        short.append(f"{mantissa}e{int(exponent)}")
    readable = max(map(_digits, fixed)) <= SIGNIFICANT  # 1000000 reads better as 1e6
    chosen = fixed if readable and max(map(len, fixed)) <= max(4, max(map(len, short))) else short
    return tuple(
        "0" if abs(t) < step * 1e-6 else label.replace("-", MINUS)
        for t, label in zip(ticks, chosen, strict=True)
    )


def power_label(exponent: int) -> str:
    """A power of ten: 1, 10, 100, else 1e−6, 1e3."""
    if 0 <= exponent <= 2:
        return str(10**exponent)
    return f"1e{exponent}".replace("-", MINUS)


def x_axis(lo: float, hi: float, width: int) -> Axis:
    """An x axis across `width` columns: as many ticks as their labels leave room for."""
    most = width // 4
    while True:
        axis = nice_axis(lo, hi, most)
        room = max(len(label) for label in axis.labels) + 2
        if len(axis.ticks) * room <= width or most <= FEWEST_TICKS:
            return axis
        most = min(most - 1, width // room)


def y_axis(lo: float, hi: float, rows: int, powers: bool = False) -> Axis:
    """A y axis over `rows` rows: a tick every other row at most, and never two on a row."""
    axis = nice_axis(lo, hi, max(rows // 2 + 1, FEWEST_TICKS), powers)
    step = axis.ticks[1] - axis.ticks[0]
    if (rows - 1) * step >= axis.hi - axis.lo:
        return axis
    return nice_axis(lo, hi, max(rows, FEWEST_TICKS), powers, cover=True)
