"""Ticks for every chart, in one place: round values (1, 2 or 5 times a power of ten),
evenly spaced, at least four, labelled alike (one minus sign, round-off as 0, the shorter of
fixed and scientific). `nice_axis` may widen a plot's limits to fit them (the plotext
charts); `inside_ticks` keeps to a fixed view (the character charts)."""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dartfit.core.numbers import nice_ceiling
from dartfit.wording import MINUS, significant_digits

FEWEST_TICKS = 4


@dataclass(frozen=True)
class Axis:
    """One axis as drawn: its limits (widened if four ticks needed it) and its ticks."""

    lo: float
    hi: float
    ticks: tuple[float, ...]
    labels: tuple[str, ...]
    offset: float = 0.0
    """What every label leaves out (`label_offset`): a tick's value is its label plus this."""

    @property
    def note(self) -> str:
        """The offset as the chart shows it once beside the labels (`offset_note`)."""
        return offset_note(self.offset)


def _steps(span: float, most: int) -> list[float]:
    """Round steps (1, 2 or 5 times a power of ten) that give from about `most` ticks
    across `span` down to about two, smallest first."""
    step = nice_ceiling(span / (most + 1))
    steps = [step]
    while steps[-1] < span:
        steps.append(nice_ceiling(steps[-1] * 1.01))
    return steps


def _is_two(step: float) -> bool:
    """Whether a round step is 2 times a power of ten."""
    return math.isclose(step / 10 ** math.floor(math.log10(step) + 1e-9), 2.0)


def _inside(lo: float, hi: float, step: float) -> tuple[int, int]:
    """The first and last whole step k with lo ≤ k·step ≤ hi (snapped: no flip on the last
    bit of a float)."""
    return math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)


def _around(lo: float, hi: float, step: float) -> tuple[int, int]:
    """The whole steps k just at or outside lo and hi."""
    return math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)


def _spread(lo: float, hi: float, powers: bool) -> tuple[float, float]:
    """The range to tick: a range of no width (one value) opened around it, and one not
    finite made 0 to 1."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if _one_value(lo, hi):
        half = max(abs(lo) * 0.1, 0.5 if powers else 1e-9)
        lo, hi = lo - half, hi + half
    return lo, hi


def _one_value(lo: float, hi: float) -> bool:
    """Whether lo to hi is one value to the last bits of a float (no round step fits it)."""
    return hi - lo <= 1e-9 * max(abs(lo), abs(hi)) or hi - lo < 1e-300


def nice_axis(
    lo: float,
    hi: float,
    most: int,
    powers: bool = False,
    cover: bool = False,
    whole: bool = False,
) -> Axis:
    """Round, evenly spaced ticks from lo to hi: at least four, at most `most` when it can.

    The limits are widened only when four ticks do not fit inside them, and then as little
    as they can; with `cover` they are widened to the ticks around them, so the end ticks are
    the limits. `powers`: the values are exponents, ticked at whole powers of ten. `whole`:
    the values are counts (steps), ticked at whole numbers only.
    """
    lo, hi = _spread(lo, hi, powers)
    most = max(most, FEWEST_TICKS)
    best: tuple[float, float, int, int] | None = None  # (widening, step, k0, k1)
    for step in _steps(hi - lo, most):
        if (powers or whole) and not _whole_step(step):  # no 2.5 decades
            continue
        k0, k1 = _around(lo, hi, step) if cover else _inside(lo, hi, step)
        if k1 - k0 + 1 > most:
            continue
        widening, a, b = _least_widened(lo, hi, step, k0, k1)
        if best is None or widening < best[0] - 1e-9:
            best = (widening, step, a, b)
    if best is None:  # no round step fits `most` ticks: four, widened
        step = nice_ceiling((hi - lo) / 3)
        if powers or whole:  # whole decades, or whole steps, however short the range
            step = max(1.0, float(math.ceil(step)))
        k0, _ = _inside(lo, hi, step)
        best = (0.0, step, k0 - 1, k0 + 2)
    return _made(lo, hi, *best[1:], powers)


def _least_widened(lo: float, hi: float, step: float, k0: int, k1: int) -> tuple[float, int, int]:
    """Whole steps k0 to k1 with as many more at either end as make FEWEST_TICKS, added where
    they widen lo to hi least: how many times lo to hi the ticks then take, and the first
    and last k."""
    missing = max(FEWEST_TICKS - (k1 - k0 + 1), 0)
    widest: tuple[float, int, int] | None = None
    for below in range(missing + 1):  # widen at the end (or ends) where it costs least
        a, b = k0 - below, k1 + missing - below
        widening = (max(hi, b * step) - min(lo, a * step)) / (hi - lo)
        if widest is None or widening < widest[0] - 1e-9:
            widest = (widening, a, b)
    assert widest is not None
    return widest


def coarser(axis: Axis, lo: float, hi: float, whole: bool = False) -> Axis | None:
    """An axis holding lo to hi at the next round step past `axis`'s, with at least
    FEWEST_TICKS ticks; None where they would take more than COARSEST times lo to hi. (Labels
    too wide for four ticks of a narrow chart fit four of a larger step: the auto-solver's
    bowl at 80×24, −1625 to 875 over 21 columns, read "−500 0 500", and reads −2000 −1000
    0 1000.)"""
    lo, hi = _spread(lo, hi, False)
    if len(axis.ticks) < 2:
        return None
    step = nice_ceiling((axis.ticks[1] - axis.ticks[0]) * 1.01)
    if whole and not _whole_step(step):
        step = max(1.0, float(math.ceil(step)))
    widening, a, b = _least_widened(lo, hi, step, *_inside(lo, hi, step))
    return _made(lo, hi, step, a, b, False) if widening <= COARSEST * (1 + 1e-9) else None


COARSEST = 2.0
"""An x axis too narrow for four labels of its step may take up to this many times its data's
range for four of a larger step (`coarser`): fine-tune's bowl at 80×24, −14351 to 5382 over
20 columns, has no room for −10000 −5000 0 5000, and −20000 −10000 0 10000 take 1.52 times
it (under WIDEST's 1.5, it read "−5000 0 5000")."""


def _made(lo: float, hi: float, step: float, k0: int, k1: int, powers: bool) -> Axis:
    """The axis ticked at k·step for k from k0 to k1, its limits widened to them."""
    ticks = tuple(k * step for k in range(k0, k1 + 1))
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    if powers:
        return Axis(lo, hi, ticks, power_labels([round(t) for t in ticks]))
    return Axis(lo, hi, ticks, *offset_labels(ticks, step))


SIGNIFICANT = 6  # the most digits a tick label shows
WRITTEN_OUT = 5
"""Tick labels of up to this many characters, less the sign, are written out (−15000 still
fits a chart's margin: `common.AXIS_WIDTH` less its axis line)."""


def _whole(value: float) -> bool:
    return abs(value - round(value)) <= 1e-6 * abs(value)


def _whole_step(step: float) -> bool:
    """A step an axis of powers of ten (or of counts) may take: one or more whole units."""
    return step >= 1.0 and _whole(step)


def tick_labels(ticks: tuple[float, ...], step: float, width: int | None = None) -> tuple[str, ...]:
    """The ticks' labels in one form, the shorter of fixed (0.25, −3) and scientific (3.4e10),
    with as many digits as tell them apart, and 0 as 0; where that is wider than `width`
    (a chart's margin), another of the forms that fits: −115e3 for −115000, whose −1.15e5
    is as wide."""
    labels = _tick_labels(ticks, step)
    if width is None or _widest(labels) <= width:
        return labels
    others = (_wholes(ticks, step), _bare_decimals(labels))
    fitting = next((f for f in others if _widest(f) <= width), None)
    # none fits (the chart's margin grows to the narrowest): written out where that is as
    # narrow, −123455600 rather than −1234556e2
    return fitting or min(_written_out(ticks, step), labels, *others, key=_widest)


def _widest(labels: tuple[str, ...]) -> int:
    return max(map(len, labels))


def _wholes(ticks: tuple[float, ...], step: float) -> tuple[str, ...]:
    """Each tick as a whole number times the step's power of ten (a step of 2.5 at a power
    below): −115e3, −110e3, −105e3; 0 as 0."""
    power = math.floor(math.log10(step) + 1e-9)
    power -= 0 if _whole(step / 10.0**power) else 1
    return tuple(
        "0" if abs(t) < step * 1e-6 else f"{round(t / 10.0**power)}e{power}".replace("-", MINUS)
        for t in ticks
    )


def _bare_decimals(labels: tuple[str, ...]) -> tuple[str, ...]:
    """Labels under 1 without their leading zero: −.0155 for −0.0155 (whose −155e−4 and
    −1.55e−2 are as wide or wider)."""
    return tuple(re.sub(r"^([−-]?)0\.", r"\1.", label) for label in labels)


def _decimals(step: float) -> tuple[int, int, int]:
    """A step's power of ten, the digits it needs beyond it and the decimals it is written
    out with: a step of 2.5 (or 0.25, 2.5e10) needs a digit more than its power of ten:
    2.5 5.0 7.5, never 2 5 8 (each label the tick it stands at)."""
    power = math.floor(math.log10(step) + 1e-9)
    more = next((d for d in range(SIGNIFICANT) if _whole(step / 10.0 ** (power - d))), 0)
    return power, more, max(0, more - power)


def _written_out(ticks: tuple[float, ...], step: float) -> tuple[str, ...]:
    """Each tick written out, as many decimals as its step needs: −123455600; 0 as 0."""
    decimals = _decimals(step)[2]
    return tuple(
        f"{0.0 if abs(t) < step * 1e-6 else t:.{decimals}f}".replace("-", MINUS) for t in ticks
    )


def _tick_labels(ticks: tuple[float, ...], step: float) -> tuple[str, ...]:
    """The ticks' labels in the shorter of the fixed and scientific forms (`tick_labels`)."""
    largest = max(abs(ticks[0]), abs(ticks[-1]))
    power, more, decimals = _decimals(step)
    digits = max(0, math.floor(math.log10(largest)) - power) + more
    fixed = [f"{t:.{decimals}f}" for t in ticks]
    short = _one_precision([f"{t:.{digits}e}" for t in ticks])
    readable = max(map(significant_digits, fixed)) <= SIGNIFICANT  # 1000000 reads better as 1e6
    # up to WRITTEN_OUT characters (less the sign) written out, else the shorter: −1000 and
    # −10000 as 15000 on the other axis or chart is (−1e4 was beside 10000), with or without
    # their sign alike
    wide, brief = (max(len(label.lstrip("-")) for label in form) for form in (fixed, short))
    written = readable and wide <= max(WRITTEN_OUT, brief)
    chosen = fixed if written else short
    # 0 in the form of its neighbours: 0.0 beside 0.5, 0 beside 5e3
    zero = f"{0:.{decimals}f}" if written else "0"
    return tuple(
        zero if abs(t) < step * 1e-6 else label.replace("-", MINUS)
        for t, label in zip(ticks, chosen, strict=True)
    )


def _one_precision(written: list[str]) -> list[str]:
    """Numbers Python wrote in e-notation ("3.00e+12") as the game writes them, less the
    trailing zeros of their mantissas that all those other than 0 share, so one axis's labels
    have one precision: 3.0e12 2.8e12 2.6e12 (not 3e12 beside 2.8e12), 1e12 2e12 3e12."""
    parts = [text.split("e") for text in written]
    shared = min(
        (len(m) - len(m.rstrip("0")) for m, _ in parts if "." in m and float(m)), default=0
    )
    cut = [(m[: len(m) - shared] if shared else m).rstrip(".") for m, _ in parts]
    return [f"{m}e{int(e)}" for m, (_, e) in zip(cut, parts, strict=True)]


OFFSET_DIGITS = 2
"""The most significant digits a tick label shows past its step's on an axis given an offset
(`label_offset`): 0 1e9 … 5e9 beside 1e15, 3400 3600 … beside −123460000."""


OFFSET_PAST = 8
"""Tick labels wider than this many characters are given an offset where one makes them
shorter (`label_offset`): −1.00002e15 and on, 11 characters, left the auto-solver's bowl
at 80×24 a plot 14 columns wide and three m labels."""


def label_offset(ticks: Sequence[float], step: float) -> float:
    """The value an axis's tick labels leave out, shown once beside them (matplotlib's offset
    text): 0 where the ticks read in SIGNIFICANT digits and OFFSET_PAST characters, or lie
    either side of 0; else the roundest number, a whole number of steps, from which every
    tick is a label of at most OFFSET_DIGITS digits of the step's (at or below the ticks
    where that is as round: labels from 0 up). The x of 1e15 + 0 … 5e9 was labelled 1e15
    1.000002e15 1.000004e15 (three in 80 columns) and its y 1000002e9 …: now 0 1e9 … 5e9,
    and +1e15 once."""
    if len(ticks) < 2 or not (step > 0 and math.isfinite(step)):
        return 0.0
    lo, hi = min(ticks), max(ticks)
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo <= 0 <= hi:
        return 0.0
    power, more, _ = _decimals(step)
    largest = max(abs(lo), abs(hi))
    digits = math.floor(math.log10(largest)) - power + more + 1
    if digits <= SIGNIFICANT and _widest(_tick_labels(tuple(ticks), step)) <= OFFSET_PAST:
        return 0.0
    room = 10.0 ** (power + OFFSET_DIGITS - more)  # the largest label left, exclusive
    for k in range(math.floor(math.log10(largest)) + 1, power, -1):
        unit = 10.0**k
        for offset in (math.floor(lo / unit) * unit, round((lo + hi) / 2 / unit) * unit):
            if offset != 0 and max(abs(lo - offset), abs(hi - offset)) < room * (1 - 1e-9):
                return float(offset)
    return 0.0


def offset_labels(ticks: Sequence[float], step: float) -> tuple[tuple[str, ...], float]:
    """The ticks' labels (`tick_labels`) less their offset (`label_offset`), and the offset."""
    offset = label_offset(ticks, step)
    return tick_labels(shifted(ticks, offset), step), offset


def shifted(ticks: Sequence[float], offset: float) -> tuple[float, ...]:
    """The ticks less an axis's offset: the values their labels show."""
    return tuple(t - offset for t in ticks) if offset else tuple(ticks)


def offset_note(offset: float) -> str:
    """An axis's offset as shown once beside its labels, its sign always written: +1e15,
    −3e12; "" for none."""
    if not offset:
        return ""
    power = math.floor(math.log10(abs(offset)) + 1e-9)
    unit = next((10.0**k for k in range(power, power - 17, -1) if _whole(offset / 10.0**k)), 1.0)
    (label,) = _tick_labels((offset,), unit)
    return label if offset < 0 else f"+{label}"


def offset_words(name: str, offset: float) -> str:
    """What an axis given an offset shows, in words: "x = label + 1e15"; the name alone for
    none."""
    if not offset:
        return name
    note = offset_note(offset)
    return f"{name} = label {note[0]} {note[1:]}"


PLAIN_POWERS = range(2 - WRITTEN_OUT, WRITTEN_OUT)
"""Powers of ten an axis writes out (0.001 to 10000) when all of its ticks are among them:
those of up to WRITTEN_OUT characters, as `tick_labels` writes out (a log axis read 1e4
beside another chart's 10000)."""


def power_labels(exponents: list[int]) -> tuple[str, ...]:
    """Powers of ten in one notation along an axis: 100, 10, 1, 0.1 when all are written
    out easily (100, 10, 1, 1e−1 mixed two), else each in e-notation, 1 and 10 too: 1e1,
    1e0, 1e−5 (the kink's 10 beside 1e−4 mixed two: an independent check)."""
    if all(e in PLAIN_POWERS for e in exponents):
        return tuple(f"{10.0**e:.{max(-e, 0)}f}" for e in exponents)
    return tuple(f"1e{e}".replace("-", MINUS) for e in exponents)


SYMLOG_PLAIN = range(-2, 3)
"""Powers of ten a symmetric-log axis writes out (0.01 to 100) when all of its ticks are
among them; else each as 1e3, 1e0, at most four characters wide: a log axis holds many
decades in few columns."""


def symlog_labels(axis: Axis, power: int) -> Axis:
    """An axis of symmetric-log units (`figure.symlog`) labelled with the values its whole
    ticks stand for: 0, and ±10^(power + |t| − 1) a decade a tick out from it."""
    ks = [round(t) for t in axis.ticks]
    exponents = [power + abs(k) - 1 for k in ks]
    plain = all(e in SYMLOG_PLAIN for e, k in zip(exponents, ks, strict=True) if k)  # one
    labels = []  # notation along the axis: the solver's log bowl read 1e4, 100, 0, −100, −1e4
    for k, e in zip(ks, exponents, strict=True):
        word = f"{10.0**e:.{max(-e, 0)}f}" if plain else f"1e{e}"
        labels.append("0" if k == 0 else f"{MINUS if k < 0 else ''}{word}".replace("-", MINUS))
    return replace(axis, labels=tuple(labels), offset=0.0)


def x_axis(lo: float, hi: float, width: int, whole: bool = False) -> Axis:
    """An x axis across `width` columns: as many ticks as their labels leave room for (at
    whole numbers only, for an axis of counts)."""
    if whole and math.isfinite(lo) and math.isfinite(hi) and hi - lo < FEWEST_TICKS - 1:
        return _counts(lo, hi)
    most = width // 4
    while True:
        axis = nice_axis(lo, hi, most, whole=whole)
        room = _widest(axis.labels) + 2
        if len(axis.ticks) * room <= width or most <= FEWEST_TICKS:
            return _tighter(axis, lo, hi, width, whole)
        most = min(most - 1, width // room)


TIGHT = 1.25
"""An x axis whose ticks widen its range past this many times the data's takes more ticks,
their labels a cell apart rather than two, where they keep it tighter."""


def _tighter(axis: Axis, lo: float, hi: float, width: int, whole: bool) -> Axis:
    """`axis`, or where it widens lo to hi past TIGHT, the first axis of more ticks that
    widens it less, its labels at least a cell apart across `width`: likely-line's auto-solver
    at 80×24 read 0 5 10 15 under points from 0.15 to 9.98, a third of its fit chart empty
    (the four ticks two cells apart that fit were 5 apart); now 0 2 4 6 8 10, as at 120×40."""
    if not axis.hi - axis.lo > TIGHT * (hi - lo):
        return axis
    for most in range(len(axis.ticks) + 1, width // 2 + 1):
        more = nice_axis(lo, hi, most, whole=whole)
        if len(more.ticks) * (_widest(more.labels) + 1) > width:
            break
        if more.hi - more.lo < axis.hi - axis.lo:
            return more
    return axis


def _counts(lo: float, hi: float) -> Axis:
    """An axis of counts too short for four whole ticks (steps 0 to 2, degrees 0 to 1):
    every whole number in it, and one either side of a single one, never half a step."""
    first, last = math.floor(lo), math.ceil(hi)
    if last - first < 1:
        first, last = first - 1, last + 1
    ticks = tuple(float(k) for k in range(first, last + 1))
    return Axis(min(lo, ticks[0]), max(hi, ticks[-1]), ticks, tick_labels(ticks, 1.0))


WIDEST = 1.5
"""A short chart's axis may grow to this many times the data's span to fit four ticks; past
it, fewer ticks (a 4-row chart of 39 to 91 was drawn from 0 to 150, its points in one row)."""


@functools.lru_cache(maxsize=256)  # a chart's y axis is asked for by its title's layout, the
# ⊕ legend's and the build, at every frame of the auto-solver: made once (an Axis is frozen)
def y_axis(
    lo: float,
    hi: float,
    rows: int,
    powers: bool = False,
    hold: tuple[float, float] | None = None,
) -> Axis:
    """A y axis over `rows` rows: a tick every other row at most, and never two on a row;
    a short chart takes fewer ticks rather than a range far wider than its data; its ticks
    the same number of rows apart wherever its limits can be moved to make them so. A
    short chart (under TALL rows) has a tick on the middle of every row where that holds
    `hold` (the data, within lo to hi) on a range at most WIDEST times lo to hi."""
    lo, hi = _spread(lo, hi, powers)
    held = _held(lo, hi, hold)
    if rows < TALL:
        every = _mid_every_row(lo, hi, held, rows, powers)
        if every is not None:
            return every
    axis = evened(_y_ticks(lo, hi, rows, powers), lo, hi, rows, powers=powers)
    return _covering(axis, (lo, hi), held, rows, powers)


def _covering(
    axis: Axis, limits: tuple[float, float], held: tuple[float, float], rows: int, powers: bool
) -> Axis:
    """`axis`, or where it would draw a value it holds (`held`) on a row past an end tick's
    (the kink's c 11 a row above its top label 10 at 80×24, a row that read 12), an axis of
    the same step whose end ticks are on or past the data's rows: its ticks carried on over
    rows it has already (the next label, 12, on the value's own row), else moved half a step
    (5 7 9 11) or to the round steps around the data, its limits moved to put them on rows
    evenly apart; the one drawn largest. None spans more than `axis` or WIDEST times lo to
    hi, or has wider labels: a chart is never drawn smaller for it (a tick added past the
    end of every chart had drawn tall ones in half their height)."""
    if len(axis.ticks) < 2 or not _past_ends(axis, held, rows):
        return axis
    lo, hi = limits
    step = (axis.ticks[-1] - axis.ticks[0]) / (len(axis.ticks) - 1)
    made = [_carried_on(axis, step, held, rows, powers)]
    if not powers:  # (half a decade is no power of ten)
        for shift, inward_lo, inward_hi in itertools.product((1, 0), (1, 0), (1, 0)):
            # ticks at (k + shift/2)·step around the data, or a tick in at an end (5 for 4.95)
            first = math.floor(held[0] / step - shift / 2 + 1e-9) + inward_lo
            last = math.ceil(held[1] / step - shift / 2 - 1e-9) - inward_hi
            ks = [2 * k + shift for k in range(first, last + 1)]
            if len(ks) >= 2:
                moved = on_cells(_ticked(lo, hi, step / 2, ks, False), lo, hi, rows, True)
                # on their rows' middles; exactly, if its range is wider than the data's
                off = OFF_CENTRE if lo <= moved.lo and moved.hi <= hi else 1e-6
                made.append(moved if _on_centres(moved, rows, off) else None)
    widest = max(WIDEST * (hi - lo), axis.hi - axis.lo) * (1 + 1e-9)
    fitting = [
        (made.hi - made.lo, order, made)
        for order, made in enumerate(made)
        if made is not None
        and made.hi - made.lo <= widest
        and _widest(made.labels) <= _widest(axis.labels)  # (a wider margin narrows the plot)
        and evenly_apart(_rows_of(made, rows))
        and not _past_ends(made, held, rows)
    ]
    return min(fitting)[2] if fitting else axis


def _past_ends(axis: Axis, held: tuple[float, float], rows: int) -> bool:
    """Whether the values `held` are drawn on a row below the first tick's or above the last's."""
    first, last, low, high = _rows_of(
        replace(axis, ticks=(axis.ticks[0], axis.ticks[-1], *held)), rows
    )
    return low < first or high > last


def _carried_on(
    axis: Axis, step: float, held: tuple[float, float], rows: int, powers: bool
) -> Axis | None:
    """`axis` with ticks a `step` apart added past its ends, on rows it has (its limits as
    they were), as far as the values `held` are drawn; None where they are drawn past its
    last row's tick."""
    grid = step if _whole(axis.ticks[0] / step) else step / 2  # a halfway axis's (65 75 85)
    every, ks = round(step / grid), [round(t / grid) for t in axis.ticks]
    low, high = _rows_of(replace(axis, ticks=held), rows)
    while True:
        first, last = _rows_of(replace(axis, ticks=(ks[0] * grid, ks[-1] * grid)), rows)
        if low >= first and high <= last:
            return _ticked(axis.lo, axis.hi, grid, ks, powers)
        ks = [ks[0] - every] * (low < first) + ks + [ks[-1] + every] * (high > last)
        if not axis.lo - 1e-9 * step <= ks[0] * grid <= ks[-1] * grid <= axis.hi + 1e-9 * step:
            return None


def _ticked(lo: float, hi: float, grid: float, ks: Sequence[int], powers: bool) -> Axis:
    """The axis from lo to hi (widened to its ticks) ticked at k·grid for each k of `ks`."""
    ticks = tuple(k * grid for k in ks)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    if powers:
        return Axis(lo, hi, ticks, power_labels([round(t) for t in ticks]))
    return Axis(lo, hi, ticks, *offset_labels(ticks, grid))


def _held(lo: float, hi: float, hold: tuple[float, float] | None) -> tuple[float, float]:
    """The part of lo to hi an axis must hold: `hold` within it (all of it if none); one
    value where it is one to the last bits of a float (the bowl of a run started at the best
    line held 0.74628947772981 … 0.7462894777298299, and its 5-row axis read
    7.46289477729815e−1 … 7.46289477729835e−1, a step of 5e−15)."""
    if hold is None or not all(map(math.isfinite, hold)):
        return lo, hi
    inside = max(lo, min(hold)), min(hi, max(hold))
    if inside[0] > inside[1]:
        return lo, hi
    if _one_value(*inside):  # one value (y all 7) held too
        middle = (inside[0] + inside[1]) / 2
        return middle, middle
    return inside


def _mid_every_row(
    lo: float,
    hi: float,
    held: tuple[float, float],
    rows: int,
    powers: bool,
    widest: float = WIDEST,
) -> Axis | None:
    """A tick on the middle of each of `rows` rows, a round step apart, holding `held`: on
    whole steps, else halfway between them (65 75 85 95), the data centred among them.
    Crickets' 4-row chart read 70 80 90 100 on rows whose middles were 65.8, 77.2, 88.6 and
    100: 83.3 °F was drawn on the row labelled 90. None where no step holds the data on a
    range at most `widest` times lo to hi. (A chart of two or three rows has a tick on each
    too: it never has room for four.)"""
    if rows < 2:
        return None
    h_lo, h_hi = held
    step = _steps((h_hi - h_lo) or (hi - lo), rows)[0]
    for _ in range(64):  # the smallest step first (one past the span can be needed: 222.2 …
        # 225.5 on two rows is 220 230)
        if (rows - 1) * step > widest * (hi - lo) * (1 + 1e-9):
            return None
        for grid in (step,) if powers else (step, step / 2):
            if powers and not _whole_step(step):  # whole decades only
                break
            last = math.floor(h_lo / grid + 1e-9)  # the first tick's k: at most h_lo …
            first = math.ceil((h_hi - (rows - 1) * step) / grid - 1e-9)  # … holding h_hi
            if first > last:
                continue
            centre = (h_lo + h_hi - (rows - 1) * step) / 2
            k = min(range(first, last + 1), key=lambda k: abs(k * grid - centre))
            every = round(step / grid)  # grid steps from one tick to the next: 1 or 2
            ticks = tuple((k + i * every) * grid for i in range(rows))
            if powers:
                return Axis(ticks[0], ticks[-1], ticks, power_labels([round(t) for t in ticks]))
            return Axis(ticks[0], ticks[-1], ticks, *offset_labels(ticks, grid))
        step = nice_ceiling(step * 1.01)
    return None


def evened(
    axis: Axis, lo: float, hi: float, cells: int, powers: bool = False, whole: bool = False
) -> Axis:
    """`axis` over `cells` rows (or columns) with its ticks the same number of cells apart
    (`on_cells`); where that takes a range more than WIDEST times lo to hi, fewer ticks
    evenly apart on a range within it, where there are such, else the least widened. (The
    auto-solver's bowl, −22 … 24 in 18 rows, was ticked −20 … 20 every 5, a row apart, on
    −40 … 45: the bowl drawn in the middle half of its chart.)"""
    made = on_cells(axis, lo, hi, cells)
    if made.hi - made.lo <= WIDEST * (hi - lo):
        return made
    tried = [made]
    for most in range(len(axis.ticks) - 1, FEWEST_TICKS - 1, -1):
        fewer = on_cells(nice_axis(lo, hi, most, powers, whole=whole), lo, hi, cells)
        if fewer.hi - fewer.lo <= WIDEST * (hi - lo) and evenly_apart(_rows_of(fewer, cells)):
            return fewer
        tried.append(fewer)
    return min(tried, key=lambda a: a.hi - a.lo)


def evenly_apart(cells: Sequence[int]) -> bool:
    """Whether ticks on these rows (or columns) are the same number of cells apart."""
    return len({b - a for a, b in itertools.pairwise(cells)}) <= 1


FLOOR_RAISED = 2
"""How many decades a log axis may raise its floor (`floored`): the kink's 1e−12 to 10, 13
decades, puts no power of ten a whole number of rows from the next on many a chart's rows
(13 or 15 of them), and 1e−11 to 10 puts one every other row on 13."""
OFF_MIDDLE = 0.25
"""How far from its row's middle (in rows) a power of ten on a log axis with a floor may sit."""
SPARSE = 5
"""The most rows apart a log axis with a floor puts its powers where it can put them nearer:
200×50's 19 rows read 10, 1e−4, 1e−9 (7 apart), and ≤1e−11 to 10 puts them 3 apart."""


@functools.lru_cache(maxsize=64)  # as `y_axis`
def floored(hi: float, rows: int, zero: float) -> Axis:
    """A log y axis over `rows` rows whose values of 0 are drawn at `zero` (the log of the
    floor they are raised to), from the power of ten at or above the largest value `hi`, on
    its top row, down to a floor on its bottom row, labelled "≤" it (≤1e−12: a log axis has
    no 0); the powers counted down from the top a whole number of decades apart, each on a
    row of its own, the same number of rows apart, within OFF_MIDDLE of their rows' middles.
    Where that takes it, the floor is raised by up to FLOOR_RAISED decades (≤1e−11; what is
    under it is drawn on it: `widgets.plot`). Chosen: three powers or more, at most SPARSE
    rows apart, then the floor raised least, a row between powers on a chart of TALL rows,
    the most powers, the nearest their rows' middles. (The kink's axis stopped at 1: its
    first step, 4.8, was drawn a row above the top label at 120×40, on the row of 1 at
    80×24.)"""
    top = max(math.ceil(hi - 1e-9) if math.isfinite(hi) else 0, math.floor(zero) + 1)
    chosen: tuple[tuple[bool, bool, int, bool, int, float], Axis] | None = None
    for raised in range(FLOOR_RAISED + 1):
        for axis, gap, off in _counted_down(zero + raised, top, rows):
            powers = len(axis.ticks) - 1
            rank = (powers < 3, gap > SPARSE, raised, rows >= TALL and gap < 2, -powers, off)
            if chosen is None or rank < chosen[0]:
                chosen = rank, axis
    if chosen is None:  # too few rows for a power between: the top and the floor
        return Axis(zero, top, (zero, top), (_floor_label(zero, [top]), *power_labels([top])))
    return chosen[1]


SLACK = (0.0, 0.125, 0.25)
"""How far (in rows) a log axis with a floor may hold its top power, or its floor, in from
its row's middle (`floored`): 13 decades then fit more charts' rows evenly."""


def _counted_down(floor: float, top: int, rows: int) -> list[tuple[Axis, int, float]]:
    """The log axes from `floor` (their first tick) to the power `top` over `rows` rows, with
    two powers or more a whole number of decades apart, counted down from `top`, on rows
    above the floor's, evenly apart, within OFF_MIDDLE of their rows' middles (the two ends
    held in from their rows' middles by SLACK where that helps); each with the rows from one
    power to the next and how far the farthest is from its row's middle."""
    axes = []
    for above, below in itertools.product(SLACK, SLACK):
        if rows - 1 - above - below <= 0:
            continue
        per_row = (top - floor) / (rows - 1 - above - below)  # decades a row
        lo = floor - below * per_row
        for apart in range(1, math.ceil(top - floor)):
            places = [(p - lo) / per_row for p in range(top, math.floor(floor), -apart)]
            places = [place for place in places if place >= 0.5]  # above the floor's row
            cells = [math.floor(place + 0.5) for place in places]
            off = max((abs(p - c) for p, c in zip(places, cells, strict=True)), default=1.0)
            if len(cells) < 2 or not evenly_apart(cells) or off > OFF_MIDDLE:
                continue
            powers = [top - k * apart for k in reversed(range(len(cells)))]
            labels = (_floor_label(floor, [float(p) for p in powers]), *power_labels(powers))
            ticks = (floor, *map(float, powers))
            axes.append((Axis(lo, top + above * per_row, ticks, labels), cells[0] - cells[1], off))
    return axes


def _floor_label(zero: float, powers: list[float]) -> str:
    """The label of a log axis's floor row, `zero` the log of the floor, in the form of the
    powers of ten above it: ≤1e−12."""
    if _whole(zero) and all(_whole(p) for p in powers):
        return "≤" + power_labels([round(zero), *(round(p) for p in powers)])[0]
    return "≤" + f"{10.0**zero:.2g}".replace("-", MINUS)


def _rows_of(axis: Axis, rows: int) -> list[int]:
    """The row (from the bottom, of `rows`) each tick falls on, as plotext places it."""
    return [math.floor((t - axis.lo) / (axis.hi - axis.lo) * (rows - 1) + 0.5) for t in axis.ticks]


OFF_CENTRE = 0.05
"""How far from its row's middle (in rows) a tick may sit and still be on it."""
TALL = 2 * FEWEST_TICKS
"""Rows from which even ticks are moved onto their rows' middles: on a shorter chart a row
is too large a share of it to give up (its ticks fill most rows, a row apart)."""


def _on_centres(axis: Axis, rows: int, off: float = OFF_CENTRE) -> bool:
    """Whether each tick's value is the value of its row's (or column's) middle: a tick
    evenly apart from the next may still sit up to half a row off it (its label then names
    a value up to half a row from the points drawn on its row)."""
    span = axis.hi - axis.lo
    places = ((t - axis.lo) / span * (rows - 1) for t in axis.ticks)
    return span > 0 and all(abs(place - round(place)) <= off for place in places)


def on_cells(axis: Axis, lo: float, hi: float, rows: int, centred: bool = False) -> Axis:
    """`axis` with its limits moved so that each tick falls on a cell of its own (of `rows`
    rows, or columns), the same number of cells from the next (a log chart's ticks sat 3, 3
    and 2 rows apart): as many cells apart as still hold lo to hi, the cells left over
    shared between the two ends; as it was if no spacing does, or they are even already
    and on their rows' middles (or on a chart of fewer than TALL rows, unless `centred`)."""
    n = len(axis.ticks) - 1
    at = _rows_of(axis, rows)
    even = n >= 2 and evenly_apart(at)
    if n < 2 or (even and ((rows < TALL and not centred) or _on_centres(axis, rows))):
        return axis  # even already: each tick on the middle of its row, or a short chart's
    step = (axis.ticks[-1] - axis.ticks[0]) / n
    # even ticks off their rows' middles keep their spacing, moved by a part of a row (or
    # stay): fewer rows apart would leave a band of the chart empty (0 … 17.8 in 8 rows was
    # drawn on −5 … 30, the data in its lower half)
    for gap in [at[1] - at[0]] if even else range((rows - 1) // n, 0, -1):
        if gap < 1:
            break
        per_row = step / gap
        below = max(0, math.ceil((axis.ticks[0] - lo) / per_row - 1e-6))
        above = max(0, math.ceil((hi - axis.ticks[-1]) / per_row - 1e-6))
        spare = rows - 1 - n * gap - below - above
        if spare >= 0:
            below += spare // 2
            above += spare - spare // 2
            return replace(
                axis, lo=axis.ticks[0] - below * per_row, hi=axis.ticks[-1] + above * per_row
            )
    return axis


def _y_ticks(lo: float, hi: float, rows: int, powers: bool) -> Axis:
    """The ticks `y_axis` takes, before they are put on rows."""

    def apart(axis: Axis) -> bool:
        return (rows - 1) * (axis.ticks[1] - axis.ticks[0]) >= axis.hi - axis.lo

    def rows_of(axis: Axis) -> list[int]:
        return _rows_of(axis, rows)

    def even(at: list[int]) -> bool:
        return len(at) > 1 and evenly_apart(at)

    axis = nice_axis(lo, hi, max(rows // 2 + 1, FEWEST_TICKS), powers)
    if apart(axis):
        return axis
    covered = nice_axis(lo, hi, max(rows, FEWEST_TICKS), powers, cover=True)
    narrow = covered.hi - covered.lo <= WIDEST * (hi - lo)
    if rows >= 2 * FEWEST_TICKS or (narrow and even(rows_of(covered))):
        return covered
    # a short chart: four ticks, each on a row of its own, on a range at most WIDEST times
    # the data's (evenly apart, then the least widened, when there is a choice)
    # (a round step, else 2.5 times a power of ten, as 0 250 500 750, else every other
    # round step, as −8 −4 0 4)
    four: list[tuple[float, bool, float, int, Axis]] = []
    for every, step in ((e, s * e) for e in (1, 1.25, 2) for s in _steps(hi - lo, rows)):
        # powers of ten: whole decades only (2.5 decades would read 1 1e2 1e5 1e8)
        if (powers and not _whole_step(step)) or (every == 1.25 and not _is_two(step / every)):
            continue
        first, last = _inside(lo, hi, step)
        for k0 in range(last - FEWEST_TICKS + 1, first + 1):
            made = _made(lo, hi, step, k0, max(k0 + FEWEST_TICKS - 1, last), powers)
            at = rows_of(made)
            widening = (made.hi - made.lo) / (hi - lo)
            if widening <= WIDEST and len(set(at)) == len(at):
                four.append((every, not even(at), widening, len(four), made))
    if four:
        return min(four)[4]
    # else fewer ticks in the data's range; else a tick on every row, however far that
    # widens it (a 3-row bowl had four ticks on three rows, and read 0 on the row of 25)
    return (
        _fewer(lo, hi, rows, powers)
        or _mid_every_row(lo, hi, (lo, hi), rows, powers, math.inf)
        or covered
    )


def _fewer(lo: float, hi: float, rows: int, powers: bool) -> Axis | None:
    """Two ticks or more (every round step, or every other one) in lo to hi, each on a row
    of its own of `rows`, evenly apart if they can be; None where none are."""
    fewer: list[tuple[bool, int, Axis]] = []
    for step in (s * every for s in _steps(hi - lo, rows) for every in (1, 2)):
        k0, k1 = _inside(lo, hi, step)
        if k1 > k0 and (_whole_step(step) or not powers):
            made = _made(lo, hi, step, k0, k1, powers)
            at = _rows_of(made, rows)
            if len(set(at)) == len(at):
                fewer.append((not evenly_apart(at), len(fewer), made))
    return min(fewer)[2] if fewer else None


def inside_ticks(lo: float, hi: float, most: int) -> tuple[tuple[float, ...], float]:
    """Ticks inside a fixed [lo, hi] and their step: at least four and, when that is
    possible, at most `most` (else the fewest above it); nothing when the range is empty."""
    if not (math.isfinite(lo) and math.isfinite(hi) and hi > lo):
        return (), 0.0
    chosen: tuple[tuple[float, ...], float] | None = None
    for step in _steps(hi - lo, max(most, 20)):  # densest first, then wider
        k0, k1 = _inside(lo, hi, step)
        digits = _digits(max(abs(lo), abs(hi)), step)
        values = tuple(float(f"{k * step:.{digits}g}") for k in range(k0, k1 + 1))
        if len(values) < FEWEST_TICKS and chosen is not None:
            break  # one step wider leaves too few: keep the denser one
        chosen = values, step
        if len(values) <= max(most, FEWEST_TICKS):
            break
    assert chosen is not None
    return chosen


def _digits(largest: float, step: float) -> int:
    """The significant digits a tick is rounded to (round-off gone: 0.30000000000000004 is
    0.3): 12, or as many more as a step this small beside the largest value needs, up to a
    float's 17 (at 12, data of 1e15 ticked 20 apart drew every tick at 1e15)."""
    return min(17, max(12, math.ceil(math.log10(largest / step)) + 3)) if largest > 0 else 12
