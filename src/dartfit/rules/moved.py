"""What a moved point may not make of its data: the rules the CSV loader holds data to
(`csvdata.checks`), kept by every kind whose points the player moves (the sandbox's and a
points level's), by key and by mouse alike."""

from __future__ import annotations

import numpy as np

from dartfit.core.arrays import FloatArray
from dartfit.levels.spread import FLAT, LIMIT, NO_LINE, all_in_range, too_narrow
from dartfit.wording import num


def refused(x: FloatArray, y: FloatArray) -> str | None:
    """What the screen says of moved data that breaks a rule the CSV loader holds data to
    (`csvdata.checks`), or None: x or y all equal or too near each other for float64 to
    draw lines through them, or a value past ±LIMIT. A point moved onto the others' x made
    data no line fits: the best line read m = 1.2e13, the MSE of a line 2 from every point 0
    with ★★★, and the auto-solver stopped the game; one moved onto the others' y, 1e−16
    from them, asked for "the MSE to 7.704e−33 or below (the best line's is 0)" (hostile
    passes)."""
    for axis, values, meaning in (("x", x, f"{NO_LINE} them"), ("y", y, FLAT)):
        if float(np.min(values)) == float(np.max(values)) or too_narrow(values) is not None:
            return (
                f"There every point would have (nearly) the same {axis}, and {meaning}: it stays."
            )
    if not (all_in_range(x) and all_in_range(y)):
        return f"There the point would be past ±{num(LIMIT)}, more than data may hold: it stays."
    return None
