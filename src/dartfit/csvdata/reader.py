"""Data rows to numbers: each block parsed by numpy's C reader when it can be trusted (the
csv module's C reader, over the whole block, when it holds a quote), else by the csv module
line by line.

The careful pass is the one that decides, so the first bad line is named exactly. The rows
fill two arrays sized from the first block, never a list of rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import numpy as np

from dartfit.core.arrays import FloatArray
from dartfit.csvdata.blocks import Block
from dartfit.csvdata.checks import all_in_range, checked_value
from dartfit.csvdata.columns import Layout
from dartfit.csvdata.errors import CsvError
from dartfit.csvdata.fields import NEAR_ZERO, NUMBER, holds_point_or_grouped, split_fields
from dartfit.csvdata.looks import unseen

MAX_ROWS = 50_000_000
_NUMBERS = re.compile(rf"{NUMBER.pattern}(?:\n{NUMBER.pattern})*")
"""A column's fields, one a line, each a number written in decimal (`parse_number`'s)."""


def collect(blocks: Iterator[Block], layout: Layout, size: int) -> tuple[FloatArray, FloatArray]:
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


def _parse(block: Block, layout: Layout) -> tuple[FloatArray, FloatArray]:
    """A block's x and y: numpy's C reader when it can be trusted, the csv module's over the
    whole block where quotes are, else line by line. A block of blank lines holds no row:
    read as lines, 100 MB of them took 10 s."""
    if block.text.isspace():
        return np.zeros(0), np.zeros(0)
    if NEAR_ZERO.search(block.text):  # 1e−400 reads as 0: said at its line, as 1e400 is
        return _careful(block, layout)
    fast = _quoted(block, layout) if '"' in block.text else _fast(block, layout)
    return fast if fast is not None else _careful(block, layout)


def _quoted(block: Block, layout: Layout) -> tuple[FloatArray, FloatArray] | None:
    """A block with quotes read by the csv module's C reader whole, as `split_fields` reads
    each line (a million rows of "1","2" took 8.5 s line by line, and showed no progress);
    None for the careful pass to decide (and name the line).

    Each line must be one row of the header's number of fields (or empty), and the two
    columns' fields numbers as `parse_number` reads them, within the sandbox's range."""
    lines = block.text.split("\n")
    try:
        rows = list(
            csv.reader(lines, delimiter=layout.delimiter, skipinitialspace=True, strict=True)
        )
    except csv.Error:
        return None
    width = len(layout.names)
    if len(rows) != len(lines) or any(len(row) != width for row in rows if row):
        return None  # a field ran over its line's end, or fields too many or too few
    columns = []
    for index in (layout.ix, layout.iy):
        fields = [row[index].strip() for row in rows if row]
        text = "\n".join(fields)
        if layout.delimiter == ";":
            if holds_point_or_grouped(text):
                return None
            text = text.replace(",", ".")
        if fields and not _NUMBERS.fullmatch(text):
            return None  # an empty field among them, too
        columns.append(np.array(text.split("\n") if fields else [], dtype=np.float64))
    x, y = columns
    if not (all_in_range(x) and all_in_range(y)):
        return None
    return x, y


def _fast(block: Block, layout: Layout) -> tuple[FloatArray, FloatArray] | None:
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
    rows = int(np.count_nonzero(lengths))
    marks = raw == ord(layout.delimiter)
    if np.count_nonzero(marks) != rows * (len(layout.names) - 1):
        return None  # fields too many or too few somewhere (15 million commas in a row made
        # an index of 120 MB): the careful pass names the line
    counts = np.diff(np.searchsorted(np.flatnonzero(marks), ends), prepend=0)
    if not ((counts == len(layout.names) - 1) | (lengths == 0)).all():
        return None
    if rows == 0:
        return np.zeros(0), np.zeros(0)
    if layout.delimiter == ";" and holds_point_or_grouped(block.text):
        return None  # 1.000: a thousand or one? said at its line
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
    if data.shape[0] != rows or not all_in_range(data):
        return None
    return data[:, 0], data[:, 1]


def _careful(block: Block, layout: Layout) -> tuple[FloatArray, FloatArray]:
    """Line by line with the csv module: the first bad line is named with its problem."""
    xs: list[float] = []
    ys: list[float] = []
    width = len(layout.names)
    for offset, line in enumerate(block.text.split("\n")):
        if not line.strip():
            continue
        number = block.line + offset
        # counted before it is split where no quote can hide a delimiter: a row of 15
        # million commas was split into as many strings to be refused (1.4 s, 330 MB)
        found = line.count(layout.delimiter) + 1 if '"' not in line else None
        fields = (
            split_fields(line, layout.delimiter, layout.file, number)
            if found in (None, width)
            else []
        )
        found = len(fields) if fields else found
        if found != width:  # a DOS end-of-file (^Z) or NULs left by a crash: said, unseen
            held = unseen(line)
            why = "" if held is None else f" (it holds {held}: delete it)"
            raise CsvError(
                f"{layout.file}: line {number}: expected {width} fields, found {found}{why}"
            )
        xs.append(checked_value(fields, layout.ix, layout, number))
        ys.append(checked_value(fields, layout.iy, layout, number))
    return np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64)
