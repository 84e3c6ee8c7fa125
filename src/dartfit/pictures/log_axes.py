"""A bowl drawn on symmetric-log axes of the distance from its best: a diverging walk's
swings, each a decade further out than the last, on alternate sides of the best, all in
view (on linear axes that hold the last swing, the first ones shrink into one cell)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np

from dartfit.core.arrays import FloatArray
from dartfit.pictures.ticks import FEWEST_TICKS, SYMLOG_PLAIN, Axis, symlog_labels
from dartfit.wording import MINUS

Box = tuple[tuple[float, float], tuple[float, float]]
"""(x_lo, x_hi), (y_lo, y_hi)."""
Powers = tuple[int, int]
"""The powers of ten the two axes are linear out to (`symlog`), x's and y's."""
Placed = Callable[[float, float], tuple[float, float]]
"""Where a point (m, b) is drawn on the bowl."""

BEST = "✚"
"""The mark of the best (m, b), the bowl's bottom, on every bowl: the descent levels' and
the auto-solver's (the solver's was ×, its ● there ⊗, beside the levels' ✚ and ⊕: two marks
for the best, two for being there, on the same lesson's charts)."""
AT_BEST = "⊕"
"""The mark of you (the line now) in the best's cell, ✚ and ● in one, on every bowl."""

RUNAWAY = 10.0
"""A walk has run away once it is this many times as far from ✚ as the rings' box reaches
(an order of magnitude), on either axis: then, and only then, a bowl turns to log axes (the
descent levels' map, `bowl.BowlPicture.powers`; the auto-solver's, `solver.log_view`);
nearer, its linear view widens to hold the walk."""
MARGIN = 1.08
"""The log view reaches this far past its farthest point, either side of the best."""


def symlog(value: float, power: int) -> float:
    """A value in symmetric-log units: linear to ±1 at ±10^power, then a unit a decade."""
    scaled = value / 10.0**power
    if abs(scaled) <= 1.0 or not math.isfinite(scaled):
        return scaled
    return math.copysign(1.0 + math.log10(abs(scaled)), scaled)


def unsymlog(units: FloatArray, power: int) -> FloatArray:
    """The values that symmetric-log units stand for (`symlog` undone, for an array)."""
    size = np.abs(units)
    linear = np.where(size <= 1.0, size, 10.0 ** (np.maximum(size, 1.0) - 1.0))
    return np.asarray(np.sign(units) * linear * 10.0**power, dtype=float)


def as_is(m: float, b: float) -> tuple[float, float]:
    """A point drawn where it is (linear axes)."""
    return m, b


def from_best(best: tuple[float, float], powers: Powers, m: float, b: float) -> tuple[float, float]:
    """(m, b) as its distance from the best in symmetric-log units (`symlog`)."""
    return symlog(m - best[0], powers[0]), symlog(b - best[1], powers[1])


def box_powers(box: Box) -> Powers:
    """The powers of ten the log axes of a bowl whose rings fill `box` are linear to: its
    half-width's and half-height's, rounded down."""
    m_power, b_power = (math.floor(math.log10((hi - lo) / 2)) for lo, hi in box)
    return m_power, b_power


def log_box(box: Box, points: Iterable[tuple[float, float]], to: Placed) -> Box:
    """The log axes' view: the rings' box and every point, about the best at the middle,
    with a margin (the swings to one side as far out as those to the other)."""
    (x0, x1), (y0, y1) = box
    corners = [to(m, b) for m in (x0, x1) for b in (y0, y1)]
    placed = [to(m, b) for m, b in points]
    finite = [(u, v) for u, v in corners + placed if math.isfinite(u) and math.isfinite(v)]
    half_x = max(abs(u) for u, _ in finite) * MARGIN
    half_y = max(abs(v) for _, v in finite) * MARGIN
    return (-half_x, half_x), (-half_y, half_y)


def whole_ticks(lo: float, hi: float, most: int) -> tuple[tuple[float, ...], float]:
    """Ticks of a symmetric-log axis: on whole units (decades), every `step` of them from 0
    (symmetric about it), the least step that keeps to `most` ticks. Where the whole units
    give fewer than FEWEST_TICKS, the decades the step went past, then the values 5 and
    then 2 times each decade join them, as far as `most` allows, those nearest 0 first and
    a pair at a time (`between`: level 27's log axis read only −1, 0 and 1 at 120×40)."""
    first, last = math.ceil(lo), math.floor(hi)
    if last < first:
        return (), 0.0
    step = 1
    while len(range(-(-first // step) * step, last + 1, step)) > max(most, 3):
        step += 1
    ticks = tuple(float(k) for k in range(-(-first // step) * step, last + 1, step))
    decades = [float(k) for k in range(first, last + 1)]  # the decades a step went past
    for more in (decades, between(lo, hi, FIVES), between(lo, hi, TWOS)):
        if len(ticks) >= FEWEST_TICKS:
            break
        room = max(most, FEWEST_TICKS) - len(ticks)
        extra = set(more) - set(ticks)
        taken: list[float] = []
        for size in sorted({abs(t) for t in extra}):  # nearest 0 first, a pair at a time:
            pair = [t for t in extra if abs(t) == size]  # −1 0 1 had gone without ±0.5
            if len(taken) + len(pair) > room:  # for want of room for ±5 too (too-hot's Δm)
                break
            taken += pair
        ticks = tuple(sorted({*ticks, *taken}))
    return ticks, float(step)


FIVES = (0.5, 1 + math.log10(5.0))
"""Where 5 times a decade lies in symmetric-log units: 0.5 on the linear part (½·10^power),
then log10(5) past each whole unit (5·10^power, 50·10^power …)."""
TWOS = (1 + math.log10(2.0),)
"""Where 2 times a decade lies past each whole unit (2·10^power, 20·10^power …)."""


def between(lo: float, hi: float, at: tuple[float, ...]) -> list[float]:
    """The units `at` (and each a whole decade further out), either side of 0, in lo to hi."""
    reach = max(abs(lo), abs(hi))
    found = []
    for unit in at:
        out = unit
        while out <= reach:
            found += [t for t in (out, -out) if lo <= t <= hi]
            out += 1.0 if out >= 1.0 else math.inf  # the linear part's ½ once only
    return found


def log_labels(ticks: tuple[float, ...], power: int) -> tuple[str, ...]:
    """The labels of a symmetric-log axis's ticks: the values they stand for (`symlog_labels`);
    with ticks between the decades (`whole_ticks`), each as 1, 2 or 5 times a power of ten,
    written out (0.5, 2, 50) where all are among SYMLOG_PLAIN's powers, else 5e3, 2e−4."""
    if not ticks:
        return ()
    if all(float(t).is_integer() for t in ticks):
        return symlog_labels(Axis(ticks[0], ticks[-1], ticks, ("",) * len(ticks)), power).labels
    said = [_one_two_five(t, power) for t in ticks]
    plain = all(e in SYMLOG_PLAIN for _, e in said if _)
    labels = []
    for t, (digit, e) in zip(ticks, said, strict=True):
        word = f"{digit * 10.0**e:.{max(-e, 0)}f}" if plain else f"{digit}e{e}"
        labels.append("0" if not digit else f"{MINUS if t < 0 else ''}{word}".replace("-", MINUS))
    return tuple(labels)


def _one_two_five(unit: float, power: int) -> tuple[int, int]:
    """The value a tick at `unit` stands for as (digit, exponent): digit·10^exponent, the
    digit 1, 2 or 5 (0 for the tick at 0)."""
    if unit == 0:
        return 0, 0
    value = float(abs(unsymlog(np.array([unit]), power)[0]))
    e = math.floor(math.log10(value) + 1e-9)
    return round(value / 10.0**e), e
