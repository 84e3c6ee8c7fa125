"""Numbers written on a chart (the bowl's step numbers) kept apart from its marks and from
each other, in the character cells plotext draws them in.

A number is read as text along its row: a step's number in the cell beside the best's ×
read as arithmetic ("4×5", "2▄×1"). Each number keeps its place where it is clear, else
moves to a free side of its point, else to the nearest free place near it (`NEAR`), and
only where none is near is it left out. Pure: cells worked out as plotext places a
whole-cell mark.
"""

from __future__ import annotations

import math
from dataclasses import replace

from dartfit.pictures.figure import Series
from dartfit.pictures.ticks import Axis

Cell = tuple[int, int]
"""A character cell of the canvas: its column from the left, its row from the foot."""

ALONG = 2
"""Clear cells a number keeps from another mark or number along its row (one, "2▄×",
still read as a sum); `AROUND` in the rows above and below."""
AROUND = 1

NEAR = 4.0
"""How far from its point a number may move, in columns (a row counts as two: a cell is
about twice as tall as it is wide), from the point to the number's nearest digit. Only the
sides next to the point were tried: a number whose point lay on the × or beside it, where
each of them is within `ALONG`/`AROUND` of the ×, was left out with free cells two rows
up or three columns along."""


def sides(n: int) -> tuple[Cell, ...]:
    """Where a number of n digits may start, from its point's cell, in order: on it, a
    cell past it, ending just before it; above or below it; and a cell to either side;
    then every other start within NEAR of the point, the nearest first (above before
    below, right before left)."""
    first = ((0, 0), (1, 0), (-n, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-n, 1), (-n, -1))
    rows, cols = int(NEAR // 2), int(NEAR)
    farther = [
        (dc, dr)
        for dr in range(-rows, rows + 1)
        for dc in range(-n + 1 - cols, cols + 1)
        if (dc, dr) not in first and _distance(dc, dr, n) <= NEAR
    ]
    farther.sort(key=lambda at: (_distance(at[0], at[1], n), -at[1], -at[0]))
    return (*first, *farther)


def _distance(dc: int, dr: int, n: int) -> float:
    """How far a number of n digits starting `dc` columns and `dr` rows from its point is
    from it, in columns (a row as two), to its nearest digit."""
    along = dc if dc > 0 else max(-(dc + n - 1), 0)
    return math.hypot(along, 2 * dr)


def cell_of(value: float, axis: Axis, cells: int, fine: int = 1) -> int:
    """The cell (column, or row from the foot) of `cells` in which plotext draws `value`
    with a marker `fine` times finer than a cell along the axis: it puts it at fine cell
    ⌊½ + (f·cells − 1)·t⌋, t how far along the axis it is."""
    span = axis.hi - axis.lo
    t = (value - axis.lo) / span if span else 0.0
    return math.floor(round(0.5 + (fine * cells - 1) * t, 8)) // fine


def centre_of(cell: int, axis: Axis, cells: int) -> float:
    """The value at the middle of a cell, where a whole-cell mark is drawn in it."""
    return axis.lo + cell / max(cells - 1, 1) * (axis.hi - axis.lo)


def is_number(series: Series) -> bool:
    """Whether a series is a number written at its point (a step's)."""
    return series.kind == "scatter" and series.marker.isdigit()


def is_mark(series: Series) -> bool:
    """Whether a series is a whole-cell mark a number keeps clear of (the × and the ●)."""
    return series.kind == "scatter" and len(series.marker) == 1 and not is_number(series)


def numbers_apart(
    series: tuple[Series, ...], across: tuple[Axis, int], up: tuple[Axis, int]
) -> tuple[Series, ...]:
    """The series with each number moved where none of its cells is near a mark's or another
    number's (ALONG cells along the row, AROUND above and below), on the canvas of
    `across` × `up` (each an axis and its cells); the latest number first, each at its point
    where it can be, else beside it on a free side, else at the nearest free place within
    NEAR of it (`sides`); one with none is left out.
    Marks and numbers must already be in the cells they are drawn in (`rows_of` done)."""
    if not any(is_number(s) for s in series):  # (the kink chart's • marks: nothing to do)
        return series
    (x_axis, cols), (y_axis, rows) = across, up

    def at(x: float, y: float) -> Cell:
        return cell_of(x, x_axis, cols), cell_of(y, y_axis, rows)

    taken = {at(x, y) for s in series if is_mark(s) for x, y in zip(s.xs, s.ys, strict=True)}
    moved: dict[int, Series | None] = {}
    for i in reversed(range(len(series))):  # the latest swing keeps its place first
        number = series[i]
        if not is_number(number) or not number.xs:
            continue
        col, row = at(number.xs[0], number.ys[0])
        n = len(number.marker)
        moved[i] = None
        for dc, dr in sides(n):
            cells = [(col + dc + k, row + dr) for k in range(n)]
            if all(0 <= c < cols and 0 <= r < rows for c, r in cells) and _clear(cells, taken):
                taken.update(cells)
                x, y = centre_of(col + dc, x_axis, cols), centre_of(row + dr, y_axis, rows)
                moved[i] = replace(number, xs=(x,), ys=(y,), rows_of="")
                break
    kept = (moved.get(i, s) for i, s in enumerate(series))
    return tuple(s for s in kept if s is not None)


def _clear(cells: list[Cell], taken: set[Cell]) -> bool:
    """Whether no cell taken is within ALONG columns of the cells along their row, or
    AROUND of them above and below."""
    return not any(
        (c + dc, r + dr) in taken
        for c, r in cells
        for dr in range(-AROUND, AROUND + 1)
        for dc in range(-(ALONG if dr == 0 else AROUND), (ALONG if dr == 0 else AROUND) + 1)
    )
