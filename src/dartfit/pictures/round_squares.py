"""A round's penalty squares: each miss's square, side |e| and area e², on one scale for
every round compared, its area under it, and what the squares make (the round's MSE)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dartfit.pictures import marks
from dartfit.pictures.common import legend, legend_width
from dartfit.pictures.fit import CAPTION
from dartfit.pictures.raster import Raster
from dartfit.wording import num

TALLEST = 10
"""Rows the largest square takes at most (at 200×50 a square of 30 rows said no more)."""
GAP = 1
"""Blank columns between two misses' squares."""
ZERO = "·"
"""A miss of 0: a square of no area, where its square would stand."""


def _sides(misses: Sequence[float], rows_per_unit: float) -> list[int]:
    """Each miss's square's side in rows (0: drawn as ZERO), its top to its bottom row."""
    return [round(abs(e) * rows_per_unit) if e else 0 for e in misses]


def _slots(misses: Sequence[float], rows_per_unit: float) -> list[int]:
    """The columns each miss takes: its square (2 columns a row of side, with both edges),
    or its area's label where that is wider."""
    return [
        max(2 * side + 1 if side else 1, len(num(e * e)))
        for e, side in zip(misses, _sides(misses, rows_per_unit), strict=True)
    ]


def squares_scale(rounds: Sequence[Sequence[float]], width: int, height: int) -> float:
    """Rows of a square's side per unit of miss, one for every round, for each round's
    squares to fit `width` × `height` beside their labels and caption (0: they do not)."""
    largest = max((abs(e) for misses in rounds for e in misses), default=0.0)
    rows = min(height - 4, TALLEST)  # a blank row, the squares, their areas and the caption
    if largest <= 0 or rows < 1:
        return 0.0
    scale = rows / largest
    while scale * largest >= 1:  # narrower until each round's row of squares fits
        if all(sum(_slots(m, scale)) + GAP * (len(m) - 1) <= width for m in rounds):
            return scale
        scale *= 0.9
    return 0.0


def draw_round_squares(
    misses: Sequence[float], rows_per_unit: float, width: int, height: int
) -> Raster:
    """A round's squares left to right in throw order, standing on one row, each miss's area
    e² under it, then the caption: MSE = the mean area of the squares (a miss of 0 counts,
    its square none). Nothing where `rows_per_unit` is 0 (`squares_scale`)."""
    raster = Raster(width, height)
    if rows_per_unit <= 0:
        return raster
    bottom, labels = height - 3, height - 2
    sides, slots = _sides(misses, rows_per_unit), _slots(misses, rows_per_unit)
    starts = np.cumsum([0, *[s + GAP for s in slots[:-1]]])
    c0 = starts + (np.array(slots) - [2 * s + 1 for s in sides]) // 2
    drawn = np.array(sides) > 0
    boxes = marks.Boxes(
        drawn,
        c0,
        bottom - np.array(sides),
        c0 + 2 * np.array(sides),
        np.full(len(misses), bottom),
        np.array(sides, dtype=np.float64),
    )
    marks.draw_squares(raster, boxes, bottom + 1, None)
    for e, side, start, slot, col in zip(misses, sides, starts, slots, c0, strict=True):
        if not side:
            raster.put(int(col), bottom, ZERO, "axis")
        area = num(e * e)
        raster.text(int(start) + (slot - len(area)) // 2, labels, area, "axis")
    entries = [("□", "square", CAPTION)]  # as the fit chart's legend says it
    legend(raster, 0, height, entries, box=(0, height - 1, min(legend_width(entries), width), 1))
    return raster
