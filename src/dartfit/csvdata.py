"""The player's own data: a CSV file read into x and y, or one line that says what is wrong.

A header row is detected (any field that isn't a number), the delimiter is detected
(comma, semicolon or tab), a UTF-8 byte-order mark is skipped, and columns are chosen by
name or by number (1 is the first). Every error names the file and, where it applies, the
line and the column. Big files take numpy's fast reader; only when it fails does a slow
pass run, to find the exact line to blame.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}


class CsvError(ValueError):
    """A CSV file can't be used; str() is one line naming the file (and line)."""


@dataclass(frozen=True)
class Dataset:
    """Two columns of numbers from a file, with their names."""

    path: Path
    x: FloatArray
    y: FloatArray
    x_name: str
    y_name: str


@dataclass(frozen=True)
class _Layout:
    """Where the data rows start and how to split and read them."""

    file: Path
    start: int
    delimiter: str
    decimal_comma: bool
    ix: int
    iy: int
    names: list[str]


def _number(text: str, decimal_comma: bool) -> float:
    text = text.strip()
    if decimal_comma:
        text = text.replace(",", ".")
    return float(text)


def _is_number(text: str, decimal_comma: bool = False) -> bool:
    try:
        _number(text, decimal_comma)
    except ValueError:
        return False
    return True


def _delimiter(line: str) -> str:
    """The delimiter of the first row: tab or semicolon when present, else comma."""
    for candidate in ("\t", ";"):
        if candidate in line:
            return candidate
    return ","


def _pick(choice: str | None, default: int, names: list[str], file: Path, axis: str) -> int:
    """A column index from a name or a 1-based number."""
    if choice is None:
        if default >= len(names):
            raise CsvError(f"{file}: needs at least two columns, found {len(names)}")
        return default
    if choice in names:
        return names.index(choice)
    if choice.strip().isdigit():
        number = int(choice)
        if 1 <= number <= len(names):
            return number - 1
        raise CsvError(f"{file}: --{axis} {choice}: there are columns 1 to {len(names)}")
    listed = ", ".join(f'"{n}"' for n in names)
    raise CsvError(f'{file}: --{axis}: no column "{choice}" (columns: {listed})')


def load_csv(path: Path | str, x: str | None = None, y: str | None = None) -> Dataset:
    """Read two numeric columns (x, y) from a CSV file; raise CsvError on any problem."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as e:
        raise CsvError(f"{file}: can't read: {e.strerror or e}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise CsvError(f"{file}: line {line}: not UTF-8 text (byte {e.start})") from None
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise CsvError(f"{file}: the file is empty")
    delimiter = _delimiter(lines[first])
    decimal_comma = delimiter == ";" and "," in text
    head = [f.strip().strip('"') for f in lines[first].split(delimiter)]
    header = not all(_is_number(f, decimal_comma) for f in head)
    names = head if header else [f"column {i + 1}" for i in range(len(head))]
    ix = _pick(x, 0, names, file, "x")
    iy = _pick(y, 1, names, file, "y")
    start = first + 1 if header else first
    xs, ys = _read(lines, _Layout(file, start, delimiter, decimal_comma, ix, iy, names))
    if xs.size == 0:
        raise CsvError(f"{file}: no data rows after the header")
    if xs.size == 1:
        raise CsvError(f"{file}: only one data row: a line needs at least two points")
    if np.all(xs == xs[0]):
        raise CsvError(f'{file}: all values of "{names[ix]}" are equal ({xs[0]:g}): no line fits')
    return Dataset(file, xs, ys, names[ix], names[iy])


def _read(lines: list[str], layout: _Layout) -> tuple[FloatArray, FloatArray]:
    """Parse the data rows: numpy's C reader first, a careful line-by-line pass on failure."""
    body = "\n".join(lines[layout.start :])
    if not body.strip():
        return np.zeros(0), np.zeros(0)
    if not layout.decimal_comma:
        try:
            data = np.loadtxt(
                io.StringIO(body),
                delimiter=layout.delimiter,
                usecols=(layout.ix, layout.iy),
                dtype=np.float64,
                ndmin=2,
                comments=None,
                quotechar='"',
            )
        except (ValueError, IndexError):
            pass
        else:
            if np.all(np.isfinite(data)):
                return data[:, 0].copy(), data[:, 1].copy()
    return _careful(lines, layout)


def _careful(lines: list[str], layout: _Layout) -> tuple[FloatArray, FloatArray]:
    """Line by line, so the first bad value is reported with its line and column."""
    xs: list[float] = []
    ys: list[float] = []
    file, names, width = layout.file, layout.names, len(layout.names)
    for number, line in enumerate(lines[layout.start :], start=layout.start + 1):
        if not line.strip():
            continue
        fields = [field.strip().strip('"') for field in line.split(layout.delimiter)]
        if len(fields) != width:
            plural = "s" if len(fields) != 1 else ""
            raise CsvError(
                f"{file}: line {number}: {len(fields)} field{plural}, expected {width}"
                f" (delimiter: {DELIMITERS[layout.delimiter]})"
            )
        row = []
        for index in (layout.ix, layout.iy):
            value = fields[index]
            try:
                parsed = _number(value, layout.decimal_comma)
            except ValueError:
                raise CsvError(
                    f'{file}: line {number}: column "{names[index]}": "{value}" is not a number'
                ) from None
            if not math.isfinite(parsed):
                raise CsvError(
                    f'{file}: line {number}: column "{names[index]}": {value} is not a finite'
                    " number"
                )
            row.append(parsed)
        xs.append(row[0])
        ys.append(row[1])
    return np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64)
