"""What the sandbox takes: values up to ±LIMIT, and columns that vary enough to fit a line
(the rule of `dartfit.core.spread`, which level files share). A refused value is named by
its line and column.
"""

from __future__ import annotations

from pathlib import Path

from dartfit.core.arrays import FloatArray
from dartfit.csvdata.columns import Layout
from dartfit.csvdata.errors import CsvError, one_line
from dartfit.csvdata.fields import is_not_finite, parse_number, reads_as_zero
from dartfit.csvdata.looks import FILL_IN, hint
from dartfit.levels.spread import (
    FLAT,
    LIMIT,
    NARROWEST,
    NO_LINE,
    SMALLEST_SPREAD,
    all_equal,
    all_in_range,
    too_narrow,
)
from dartfit.wording import num

__all__ = ["LIMIT", "NARROWEST", "SMALLEST_SPREAD", "all_in_range", "check_columns"]


def checked_value(fields: list[str], index: int, layout: Layout, number: int) -> float:
    """One field as a number in the sandbox's range, or a CsvError naming line and column."""
    text = fields[index]
    where = f'{layout.file}: line {number}: column "{one_line(layout.names[index])}"'
    try:
        value = parse_number(text, layout.delimiter)
    except ValueError:
        if not text.strip():
            raise CsvError(f"{where}: the field is empty ({FILL_IN})") from None
        raise CsvError(
            f'{where}: "{one_line(text)}" is not a number{hint(text, layout.delimiter)}'
        ) from None
    if is_not_finite(text):
        raise CsvError(f"{where}: {one_line(text)} is not a finite number")
    if not abs(value) <= LIMIT:
        raise CsvError(
            f"{where}: {one_line(text)} is out of range: the sandbox takes ±{num(LIMIT)}"
        )
    if reads_as_zero(text, value):  # it read 0, and a column of them was "all equal (0)"
        raise CsvError(
            f"{where}: {one_line(text)} is too close to 0 for a number: it would read as 0"
            " (write 0, or scale the column up)"
        )
    return value


def check_columns(xs: FloatArray, ys: FloatArray, layout: Layout) -> None:
    """At least two rows, and x and y each varying enough to draw lines through them."""
    file, names = layout.file, layout.names
    if xs.size == 0:
        raise CsvError(f"{file}: no data rows after the header")
    if xs.size == 1:
        raise CsvError(f"{file}: only one data row: a line needs at least two points")
    _check_spread(xs, names[layout.ix], file, NO_LINE)
    _check_spread(ys, names[layout.iy], file, FLAT)


def _check_spread(values: FloatArray, name: str, file: Path, flat: str) -> None:
    """A column must vary, and by enough for float64 to draw lines through it."""
    lo, hi = float(values.min()), float(values.max())
    if lo == hi:
        raise CsvError(f'{file}: all values of "{one_line(name)}" {all_equal(lo)}: {flat}')
    narrow = too_narrow(values)
    if narrow is not None:
        raise CsvError(f'{file}: column "{one_line(name)}" {narrow}')
