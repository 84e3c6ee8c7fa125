"""Level lines (a mean, a median, the best MSE) drawn at the resolution of the path they are
compared with: in braille dots a quarter of a row apart, or in half-block quadrants half a
row apart, on the fine row that marker draws their value on.

A level line drawn as a whole-cell rule ("─") stood on its value's text row, up to half a
row from it, while the braille path beside it settled a dot row above or below the rule:
on the kink's c chart at 80×24 (two units a row) the median 5 was drawn on the row of 4,
the mean 5.667 on the row of 6, two values 0.67 apart read as 2 apart. The auto-solver's
best MSE (a dotted ┈ in the middle of its row) was half a row off the half-block MSE that
had reached it. Here a level is drawn on the fine row its marker (`Series.marker`: braille
or hd) draws its value on (`dot_row`), dashed as the fit charts' reference lines
(`common.sample`). Pure: cells worked out as plotext places its marks.
"""

from __future__ import annotations

import math
from dataclasses import replace

from dartfit.pictures.figure import Series
from dartfit.pictures.numbers_apart import cell_of, centre_of
from dartfit.pictures.ticks import Axis

DOTS = 4
"""Braille dot rows to a text row."""
FINE = {"braille": DOTS, "hd": 2}
"""Fine rows to a text row of each marker a level line may be drawn at."""
_LEFT, _RIGHT = (0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80)
"""A braille cell's dots in its left and right columns, by dot row from its top."""
BRAILLE = 0x2800
QUADRANTS = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"
"""The half-block quadrant characters by their quadrants' bits: 1 upper left, 2 upper
right, 4 lower left, 8 lower right (plotext's hd marker draws these)."""


def dots_up(value: float, axis: Axis, rows: int, fine: int = DOTS) -> float:
    """Where a marker `fine` rows to a text row puts `value`, in its fine rows from the foot,
    before it rounds: at fine row ⌊½ + this⌋, in the text row a whole-cell mark takes
    (`plot._on_label_rows`)."""
    span = axis.hi - axis.lo
    t = (value - axis.lo) / span if span else 0.0
    return fine * (rows - 1) * t + (fine - 1) / 2


def dot_row(value: float, axis: Axis, rows: int, fine: int = DOTS) -> int:
    """The fine row (from the foot, `fine` to a text row) its marker draws `value` on."""
    return math.floor(round(0.5 + dots_up(value, axis, rows, fine), 8))


def glyph(dot: int, halves: tuple[bool, bool], fine: int = DOTS) -> str:
    """The character of one fine row (0: a cell's top) in the halves of a cell: braille
    dots, or half-block quadrants (`fine` 2)."""
    left, right = halves
    if fine == FINE["hd"]:
        return QUADRANTS[(left * 1 + right * 2) << (2 * dot)]
    return chr(BRAILLE | (_LEFT[dot] if left else 0) | (_RIGHT[dot] if right else 0))


def joined(one: str, other: str) -> str:
    """Two braille characters' dots, or two quadrant characters' quadrants, in one cell (a
    character of neither kind, or of one of each: `one`)."""
    if all(BRAILLE <= ord(ch) <= BRAILLE + 0xFF for ch in (one, other)):
        return chr(ord(one) | ord(other))
    if one in QUADRANTS and other in QUADRANTS:
        return QUADRANTS[QUADRANTS.index(one) | QUADRANTS.index(other)]
    return one


def in_dots(
    series: tuple[Series, ...], across: tuple[Axis, int], up: tuple[Axis, int]
) -> tuple[Series, ...]:
    """The series with each level line (`Series.level`) as whole-cell marks on the fine row
    its marker draws its value on, in each cell of its span its dash inks (any other as it
    is): a mark on the cells of an earlier level line in its text row joined with that
    line's dots there (the median's dashes on the mean's row show both)."""
    (x_axis, cols), (y_axis, rows) = across, up
    inked: dict[tuple[int, int], str] = {}
    out = []
    for s in series:
        if s.level is None or not s.ys:
            out.append(s)
            continue
        fine = FINE.get(s.marker, DOTS)
        dot = dot_row(s.ys[0], y_axis, rows, fine)
        row, up_in_row = divmod(dot, fine)
        on, period = s.level
        first, last = (cell_of(x, x_axis, cols) for x in (min(s.xs), max(s.xs)))
        cells, inks = [], set()
        for k, col in enumerate(range(max(first, 0), min(last, cols - 1) + 1)):
            halves = ((2 * k) % period < on, (2 * k + 1) % period < on)
            if any(halves):
                cells.append(col)
                inks.add(halves)
        # one mark a series: the dashes used (solid, dotted, dashed) ink their cells alike
        mark = glyph(fine - 1 - up_in_row, min(inks, default=(True, True)), fine)
        under = {inked[col, row] for col in cells if (col, row) in inked}
        if len(under) == 1 and all((col, row) in inked for col in cells):
            mark = joined(mark, under.pop())
        inked.update({(col, row): mark for col in cells})
        y = centre_of(row, y_axis, rows)
        xs = tuple(centre_of(col, x_axis, cols) for col in cells)
        out.append(replace(s, xs=xs, ys=(y,) * len(xs), kind="scatter", marker=mark, level=None))
    return tuple(out)
