"""How much values must vary for float64 to draw lines through them: the one rule that the
sandbox's CSV columns and a level file's points share (here, beside the levels: numpy
is not loaded to check a level file).

A column's standard deviation must be at least SMALLEST_SPREAD and at least NARROWEST of its
largest |value|, and no value beyond ±LIMIT. Inside that range every key step, every squared
miss and the auto-solver's bowl stay representable (tests/ui/test_own_data.py plays data at
its edges with every key; 1e-300 apart, the best line's slope was NaN).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from dartfit.wording import num

if TYPE_CHECKING:  # numpy stays unloaded for a level file's check (the game starts without it)
    from dartfit.core.arrays import FloatArray

LIMIT = 1e50  # the largest |value|
SMALLEST_SPREAD = 1e-50  # a column's standard deviation, at least
NARROWEST = 1e-6  # a column's standard deviation, at least this fraction of its largest |value|


NO_LINE = "no line fits"
"""What x values all equal mean, said after them (a CSV's column, a level file's list)."""
FLAT = "the best line is flat through them"
"""What y values all equal mean: the best line's MSE is 0 from the start, nothing to fit."""


DIGITS_KEPT = 1e15
"""From this size on, numbers written apart can read as one: a float keeps 15 to 17
significant digits (timestamps in nanoseconds, long ids)."""


def all_equal(value: float) -> str:
    """What to say of values that all read as `value`, to follow "all values of x": "are
    equal (5)", and from DIGITS_KEPT on, where values written apart may read as one, that
    they read as one and why (1e20 + 1 and 1e20 + 5 were said to be equal)."""
    if abs(value) < DIGITS_KEPT:
        return f"are equal ({num(value)})"
    return (
        f"read as one number ({num(value)}: a number keeps 15 to 17 significant digits;"
        " subtract a constant from them first)"
    )


def all_in_range(values: FloatArray) -> bool:
    """Whether every value is within ±LIMIT (NaN is not)."""
    import numpy as np

    return bool(np.all(np.abs(values) <= LIMIT))


def too_narrow(values: FloatArray | Sequence[float]) -> str | None:
    """None when values that are not all equal vary enough for lines; else why not, worded to
    follow the column's name ("varies by only …"). An array (a CSV's column, millions of
    rows) is summed with numpy; a level file's list in plain Python."""
    if isinstance(values, Sequence):
        lo, hi = float(min(values)), float(max(values))
    else:
        lo, hi = float(values.min()), float(values.max())
    size = max(abs(lo), abs(hi))
    if lo == hi or not math.isfinite(size):
        return None  # the callers say what equal values mean to them; ±inf is refused earlier
    spread = _listed(values, size) if isinstance(values, Sequence) else deviation(values, size)
    if spread < SMALLEST_SPREAD:
        return (
            f"varies by only {num(spread, 3)} (standard deviation): lines need"
            f" {num(SMALLEST_SPREAD)} or more (scale it up)"
        )
    if spread < NARROWEST * size:
        return (
            f"varies by only {num(spread, 3)} (standard deviation) at values near {num(hi, 3)}:"
            f" under {num(NARROWEST)} of its size; subtract a constant from it first"
        )
    return None


def deviation(values: FloatArray, size: float) -> float:
    """The standard deviation, summed a block at a time (no copy of the column), over
    values scaled by their size so that tiny ones don't underflow when squared."""
    mean = float(values.mean()) / size
    total = 0.0
    for first in range(0, values.size, 1 << 20):
        scaled = values[first : first + (1 << 20)] / size - mean
        total += float(scaled.dot(scaled))
    return size * math.sqrt(total / values.size)


def _listed(values: Sequence[float], size: float) -> float:
    """The standard deviation of a short list, scaled as `deviation` does."""
    scaled = [v / size for v in values]
    mean = math.fsum(scaled) / len(scaled)
    return size * math.sqrt(math.fsum((v - mean) ** 2 for v in scaled) / len(scaled))
