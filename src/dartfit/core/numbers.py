"""Round numbers for steps and axes: powers of ten, and 1, 2 or 5 times them."""

from __future__ import annotations

import math


def decade(value: float) -> float:
    """Return the power of ten at or below a positive value (0.01, 1, 1000, …)."""
    return 10.0 ** math.floor(math.log10(value))


def nice(value: float) -> float:
    """Return the round number (1, 2 or 5 times a power of ten) nearest to a positive value."""
    power = decade(value)
    return min((f * power for f in (1.0, 2.0, 5.0, 10.0)), key=lambda c: abs(math.log(c / value)))


def nice_ceiling(value: float) -> float:
    """Return the smallest of 1, 2 or 5 times a power of ten that is at least a positive value."""
    power = decade(value)
    return next(f * power for f in (1.0, 2.0, 5.0, 10.0) if f * power >= value)


def nice_step(span: float) -> float:
    """Return a round step (1, 2 or 5 times a power of ten) close to span / 10 (1e−10 for a
    span of 0). However small the span: a step of 1e−10 at least threw a point of the
    sandbox's y ≈ 1e−44 (it takes spreads down to 1e−50) 1e33 spans off at one press."""
    return nice((abs(span) or 1e-9) / 10)


FIT_ROUND_OFF = 1e-13
"""How small beside the numbers it is worked out from a fitted number (a best line's m or b,
a fitted ŷ) is round-off, shown as 0: float64 holds them to 2.2e−16 of their size, and a sum
over a million points loses some tens of times that (450 times: room to spare). Data that are
themselves small (y near 1e−7) keep their small numbers: the rule is relative to the data,
not to 1."""


def without_round_off(value: float, scale: float) -> float:
    """`value`, or 0 where it is round-off beside `scale`, the size of the numbers it was
    worked out from (FIT_ROUND_OFF of it): the best line of (1, 2), (2, 1), (4, 5) has b = 0,
    worked out as −1.332e−15 and shown so. A scale that is not finite zeroes nothing."""
    if not math.isfinite(scale):
        return value
    return 0.0 if abs(value) <= FIT_ROUND_OFF * abs(scale) else value
