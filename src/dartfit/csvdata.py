"""The player's own data: a CSV file read into x and y, or one line that says what is wrong.

Fields are read as the csv module reads them: comma, semicolon or tab between them (taken
from the first row, outside quotes), double quotes around a field that holds a delimiter
(`"x, cm"` is one field), any line ending; a UTF-8 byte-order mark is skipped. A field may
not run over the end of its line. A header row is detected (any field that isn't a number);
semicolon files may write decimals with a comma. Columns are chosen by name or by number (1
is the first), and every row must have as many fields as the first.

The file is read in blocks, never whole: numpy's C reader parses a block when it has no
quote; the csv module reads it line by line when it has one, or when the C reader objects.
The careful pass is the one that decides, so the first bad line is named exactly.

The sandbox's range, refused at load: values up to ±LIMIT, and each column's standard
deviation at least SMALLEST_SPREAD and at least NARROWEST of its largest value. Inside it
every key step, every squared miss and the auto-solver's bowl stay representable in float64
(tests/ui/test_own_data.py plays data at its edges with every key).
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from dartfit.core.arrays import FloatArray

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}

LIMIT = 1e50  # the largest |value|
SMALLEST_SPREAD = 1e-50  # a column's standard deviation, at least
NARROWEST = 1e-6  # a column's standard deviation, at least this fraction of its largest |value|
MAX_BYTES = 2 << 30
MAX_ROWS = 50_000_000
BLOCK = 1 << 22  # bytes read at a time
LONGEST_LINE = 1 << 24
QUIET_BELOW = 16 << 20  # smaller files load too fast to need a progress line

_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"')


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
    """How to split the data rows and which fields to read."""

    file: Path
    delimiter: str
    ix: int
    iy: int
    names: list[str]


@dataclass(frozen=True)
class _Block:
    """Whole lines of the file, joined by newlines, and the number of the first one."""

    line: int
    text: str


def load_csv(
    path: Path | str,
    x: str | None = None,
    y: str | None = None,
    progress: Callable[[float], None] | None = None,
) -> Dataset:
    """Read two numeric columns (x, y) from a CSV file; raise CsvError on any problem.

    `progress` is told the fraction read so far; by default a big file shows a percentage
    on stderr when that is a terminal.
    """
    file = Path(path)
    size = _regular_size(file)
    report = progress or _StderrProgress(file, size)
    try:
        with _opened(file) as handle:
            blocks = _blocks(handle, file, lambda done: report(min(done / max(size, 1), 1.0)))
            layout, rest = _header(blocks, file, x, y)
            xs, ys = _collect(rest, layout, size)
    finally:
        if isinstance(report, _StderrProgress):
            report.close()
    names = layout.names
    if xs.size == 0:
        raise CsvError(f"{file}: no data rows after the header")
    if xs.size == 1:
        raise CsvError(f"{file}: only one data row: a line needs at least two points")
    _check_spread(xs, names[layout.ix], file, "no line fits")
    _check_spread(ys, names[layout.iy], file, "the best line is flat through them")
    return Dataset(file, xs, ys, names[layout.ix], names[layout.iy])


def _regular_size(file: Path) -> int:
    """The size of a regular file; anything else (a folder, a pipe, a device) is refused."""
    try:
        info = os.stat(file)
    except OSError as e:
        raise CsvError(f"{file}: can't read: {e.strerror or e}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a folder"
            if stat.S_ISDIR(info.st_mode)
            else "a pipe"
            if stat.S_ISFIFO(info.st_mode)
            else "a socket"
            if stat.S_ISSOCK(info.st_mode)
            else "a device"
        )
        raise CsvError(f"{file}: not a regular file ({kind}): give the path of a CSV file")
    if info.st_size > MAX_BYTES:
        raise CsvError(f"{file}: {_megabytes(info.st_size)}: the sandbox reads files up to 2 GB")
    return info.st_size


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def _opened(file: Path) -> BinaryIO:
    try:
        return open(file, "rb")
    except OSError as e:
        raise CsvError(f"{file}: can't read: {e.strerror or e}") from None


def _blocks(handle: BinaryIO, file: Path, report: Callable[[int], None]) -> Iterator[_Block]:
    """The file as blocks of whole lines, decoded, every line ending made a newline."""
    line, carry, done = 1, b"", 0
    while True:
        try:
            chunk = handle.read(BLOCK)
        except OSError as e:
            raise CsvError(f"{file}: can't read: {e.strerror or e}") from None
        if done == 0 and chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]
        done += len(chunk)
        if done > MAX_BYTES:
            raise CsvError(f"{file}: over 2 GB: the sandbox reads files up to 2 GB")
        report(done)
        data = carry + chunk
        if not data:
            return
        # A \r as the very last byte may be half of a \r\n: it waits for the next block.
        cut = (
            max(data.rfind(b"\n"), data.rfind(b"\r", 0, len(data) - 1)) + 1 if chunk else len(data)
        )
        if cut == 0:
            if len(data) > LONGEST_LINE:
                raise CsvError(f"{file}: line {line}: longer than 16 MB: not a CSV of numbers")
            carry = data
            continue
        body, carry = data[:cut], data[cut:]
        if b"\r" in body:
            body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as e:
            where = line + body.count(b"\n", 0, e.start)
            raise CsvError(f"{file}: line {where}: not UTF-8 text") from None
        if text:
            yield _Block(line, text)
        line += body.count(b"\n")
        if not chunk:
            return


def _header(
    blocks: Iterator[_Block], file: Path, x: str | None, y: str | None
) -> tuple[_Layout, Iterator[_Block]]:
    """The layout from the first non-blank line, and the blocks of data rows after it."""
    for block in blocks:
        start = 0
        while start < len(block.text):
            end = block.text.find("\n", start)
            end = len(block.text) if end < 0 else end
            first = block.text[start:end]
            if first.strip():
                number = block.line + block.text.count("\n", 0, start)
                layout, header = _layout(first, number, file, x, y)
                skip = end + 1 if header else start
                rest = _Block(number + int(header), block.text[skip:])
                return layout, _chain(rest, blocks)
            start = end + 1
    raise CsvError(f"{file}: the file is empty")


def _chain(first: _Block, blocks: Iterator[_Block]) -> Iterator[_Block]:
    yield first
    yield from blocks


def _layout(
    first: str, number: int, file: Path, x: str | None, y: str | None
) -> tuple[_Layout, bool]:
    """Delimiter, column names and chosen columns from the first row; and if it is a header."""
    delimiter = _delimiter(first)
    head = _fields(first, delimiter, file, number)
    header = not all(_is_number(f, delimiter) for f in head)
    names = [f or f"column {i + 1}" for i, f in enumerate(head)] if header else []
    names = names or [f"column {i + 1}" for i in range(len(head))]
    ix = _pick(x, 0, names, file, "x")
    iy = _pick(y, 1, names, file, "y")
    return _Layout(file, delimiter, ix, iy, names), header


def _delimiter(line: str) -> str:
    """The first row's delimiter outside quotes: tab or semicolon when present, else comma."""
    bare = _QUOTED.sub("", line)
    for candidate in ("\t", ";"):
        if candidate in bare:
            return candidate
    return ","


def _fields(line: str, delimiter: str, file: Path, number: int) -> list[str]:
    """One line split as the csv module splits it, each field stripped of spaces."""
    try:
        row = next(csv.reader([line], delimiter=delimiter, skipinitialspace=True, strict=True))
    except csv.Error as e:
        problem = (
            "a quoted field is not closed on its line"
            if "unexpected end" in str(e)
            else f"text after a closing quote ({e})"
            if "expected after" in str(e)
            else f"can't split the line ({e})"
        )
        raise CsvError(f"{file}: line {number}: {problem}") from None
    return [field.strip() for field in row]


def _number(text: str, delimiter: str) -> float:
    """A field as a number (a decimal comma in semicolon files); ValueError if it is none."""
    text = text.strip()
    if delimiter == ";":
        text = text.replace(",", ".")
    if not (_NUMBER.fullmatch(text) or _NOT_FINITE.fullmatch(text)):
        raise ValueError(text)
    return float(text)


def _is_number(text: str, delimiter: str) -> bool:
    try:
        _number(text, delimiter)
    except ValueError:
        return False
    return True


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
    listed = ", ".join(f'"{_shown(n)}"' for n in names)
    raise CsvError(f'{file}: --{axis}: no column "{_shown(choice)}" (columns: {listed})')


def _shown(text: str, longest: int = 40) -> str:
    """Text for a one-line message: control characters escaped, long text cut."""
    cut = text[:longest] + ("…" if len(text) > longest else "")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in cut)


def _parse(block: _Block, layout: _Layout) -> tuple[FloatArray, FloatArray]:
    """A block's x and y: numpy's C reader when it can be trusted, else line by line."""
    fast = None if '"' in block.text else _fast(block, layout)
    return fast if fast is not None else _careful(block, layout)


def _fast(block: _Block, layout: _Layout) -> tuple[FloatArray, FloatArray] | None:
    """The C reader's answer, or None for the careful pass to decide (and name the line).

    Without quotes a field is the text between delimiters, as the csv module splits it;
    every line must have the header's number of delimiters (or be empty), and every value
    must be a number within the sandbox's range.
    """
    raw = np.frombuffer(block.text.encode(), dtype=np.uint8)
    ends = np.flatnonzero(raw == ord("\n"))
    if raw.size and raw[-1] != ord("\n"):
        ends = np.append(ends, raw.size)
    lengths = np.diff(ends, prepend=-1) - 1
    delimiters = np.flatnonzero(raw == ord(layout.delimiter))
    counts = np.diff(np.searchsorted(delimiters, ends), prepend=0)
    ok = (counts == len(layout.names) - 1) | (lengths == 0)
    rows = int(np.count_nonzero(lengths))
    if not ok.all():
        return None
    if rows == 0:
        return np.zeros(0), np.zeros(0)
    text = block.text.replace(",", ".") if layout.delimiter == ";" else block.text
    try:
        data = np.loadtxt(
            io.StringIO(text),
            delimiter=layout.delimiter,
            usecols=(layout.ix, layout.iy),
            dtype=np.float64,
            ndmin=2,
            comments=None,
            quotechar=None,
        )
    except ValueError:
        return None
    if data.shape[0] != rows or not np.all(np.abs(data) <= LIMIT):  # NaN fails this too
        return None
    return data[:, 0], data[:, 1]


def _careful(block: _Block, layout: _Layout) -> tuple[FloatArray, FloatArray]:
    """Line by line with the csv module: the first bad line is named with its problem."""
    xs: list[float] = []
    ys: list[float] = []
    width = len(layout.names)
    for offset, line in enumerate(block.text.split("\n")):
        if not line.strip():
            continue
        number = block.line + offset
        fields = _fields(line, layout.delimiter, layout.file, number)
        if len(fields) != width:
            raise CsvError(
                f"{layout.file}: line {number}: expected {width} fields, found {len(fields)}"
            )
        xs.append(_value(fields, layout.ix, layout, number))
        ys.append(_value(fields, layout.iy, layout, number))
    return np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64)


def _value(fields: list[str], index: int, layout: _Layout, number: int) -> float:
    """One field as a number in the sandbox's range, or a CsvError naming line and column."""
    text = fields[index]
    where = f'{layout.file}: line {number}: column "{_shown(layout.names[index])}"'
    try:
        value = _number(text, layout.delimiter)
    except ValueError:
        hint = " (write decimals with a point)" if "," in text else ""
        raise CsvError(f'{where}: "{_shown(text)}" is not a number{hint}') from None
    if _NOT_FINITE.fullmatch(text.strip()):
        raise CsvError(f"{where}: {_shown(text)} is not a finite number")
    if not abs(value) <= LIMIT:
        raise CsvError(f"{where}: {_shown(text)} is out of range: the sandbox takes ±{_sci(LIMIT)}")
    return value


def _collect(blocks: Iterator[_Block], layout: _Layout, size: int) -> tuple[FloatArray, FloatArray]:
    """Parse the blocks into two arrays sized from the first one (never a list of rows)."""
    xs, ys, n = np.zeros(0), np.zeros(0), 0
    for block in blocks:
        bx, by = _parse(block, layout)
        k = bx.size
        if n + k > MAX_ROWS:
            raise CsvError(f"{layout.file}: over {MAX_ROWS:,} data rows: too many for the sandbox")
        if n + k > xs.size:
            per_byte = k / max(len(block.text), 1)
            guess = int(size * per_byte * 1.05) if n == 0 else int(xs.size * 1.5)
            capacity = min(max(n + k, guess, 1024), MAX_ROWS)
            xs, ys = _grown(xs, n, capacity), _grown(ys, n, capacity)
        xs[n : n + k], ys[n : n + k] = bx, by
        n += k
    return xs[:n], ys[:n]


def _grown(values: FloatArray, used: int, capacity: int) -> FloatArray:
    bigger = np.empty(capacity, dtype=np.float64)
    bigger[:used] = values[:used]
    return bigger


def _check_spread(values: FloatArray, name: str, file: Path, flat: str) -> None:
    """A column must vary, and by enough for float64 to draw lines through it."""
    lo, hi = float(values.min()), float(values.max())
    column = f'{file}: column "{_shown(name)}"'
    if lo == hi:
        raise CsvError(f'{file}: all values of "{_shown(name)}" are equal ({lo:g}): {flat}')
    size = max(abs(lo), abs(hi))
    spread = _deviation(values, size)
    if spread < SMALLEST_SPREAD:
        raise CsvError(
            f"{column} varies by only {_sci(spread)} (standard deviation): the sandbox needs"
            f" {_sci(SMALLEST_SPREAD)} or more (scale the column up)"
        )
    if spread < NARROWEST * size:
        raise CsvError(
            f"{column} varies by only {_sci(spread)} (standard deviation) at values near"
            f" {_sci(hi)}: under {_sci(NARROWEST)} of its size; subtract a constant from it first"
        )


def _deviation(values: FloatArray, size: float) -> float:
    """The standard deviation, summed a block at a time (no copy of the column), over
    values scaled by their size so that tiny ones don't underflow when squared."""
    mean = float(np.mean(values)) / size
    total = 0.0
    for first in range(0, values.size, 1 << 20):
        scaled = values[first : first + (1 << 20)] / size - mean
        total += float(np.dot(scaled, scaled))
    return size * math.sqrt(total / values.size)


def _sci(value: float) -> str:
    """A number in three digits, its exponent without padding: 1e100, 2e-9, 1.5."""
    text = f"{value:.3g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


class _StderrProgress:
    """A percentage on stderr while a big file loads, on a terminal only; erased at the end."""

    def __init__(self, file: Path, size: int) -> None:
        self.name = _shown(file.name)
        self.shown = -1
        self.on = size >= QUIET_BELOW and sys.stderr.isatty()

    def __call__(self, fraction: float) -> None:
        percent = int(100 * fraction)
        if self.on and percent != self.shown:
            self.shown = percent
            sys.stderr.write(f"\rdartfit: reading {self.name}: {percent:3d} %")
            sys.stderr.flush()

    def close(self) -> None:
        if self.on and self.shown >= 0:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
