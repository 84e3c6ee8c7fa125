"""Round numbers for steps and axes (powers of ten, and 1, 2 or 5 times them), and two
numbers written so that they read as different as they are."""

from __future__ import annotations

import math
from collections.abc import Callable


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


def apart(
    a: float, b: float, digits: int = 4, form: Callable[[float, int], str] | None = None
) -> tuple[str, str]:
    """Two numbers to `digits` significant digits, or as many more as they need to read
    differently when they differ ("MSE ≤ 1 is below the best achievable 1.0004", never
    "… 1"); written by `form` (value, digits), `written` by default."""
    form = form or written
    for places in range(digits, 18):
        shown = form(a, places), form(b, places)
        if shown[0] != shown[1] or a == b:
            return shown
    return form(a, 17), form(b, 17)


def written(value: float, places: int = 4) -> str:
    """A number in a message (`dartfit check`, a CSV's error) to `places` significant
    digits, its exponent as the game writes one: 1e9 and 2.5e−7 read 1e9 and 2.5e-7, not
    1e+09 and 2.5e-07. Without numpy, so a check of a level loads none."""
    text = f"{value + 0.0:.{places}g}"  # + 0.0: −0 (a column of -0.0) is written 0
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa}e{int(exponent)}"
