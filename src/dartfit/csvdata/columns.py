"""The first row: its delimiter, whether it is a header, the columns' names and which two
are x and y (by name, or by number with 1 the first). A line before it like Excel's
`sep=;` names the delimiter and is not a row.

The first non-blank row is a header when one of its fields holds text that isn't a number
in any digits (an empty field is neither: `1,2,` is a row of data with an empty last field,
and `1,٠` one with a number in other digits, refused as data is); without one
the columns are named "column 1", "column 2", … and the first two are x and y. A header of
numbers only (`2019,2020`) can't be told from data, and is read as data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dartfit.csvdata.blocks import Block
from dartfit.csvdata.errors import CsvError, one_line
from dartfit.csvdata.fields import (
    DELIMITERS,
    find_delimiter,
    in_ascii_digits,
    is_number,
    most_fields,
    split_fields,
)

MAX_COLUMNS = 100_000
"""The most columns a file may have (a spreadsheet has 16,384): a first row of 15 million
empty fields, split and named before a word was said, took 12 s and 1.6 GB to refuse."""


@dataclass(frozen=True)
class Layout:
    """How to split the data rows and which fields to read."""

    file: Path
    delimiter: str
    ix: int
    iy: int
    names: list[str]


def read_header(
    blocks: Iterator[Block], file: Path, x: str | None, y: str | None
) -> tuple[Layout, Iterator[Block]]:
    """The layout from the first non-blank line (after a `sep=` line, whose separator it
    takes), and the blocks of data rows after it."""
    named: str | None = None
    for block in blocks:
        at = 0
        while (ink := _INK.search(block.text, at)) is not None:
            start = block.text.rfind("\n", 0, ink.start()) + 1
            end = block.text.find("\n", ink.start())
            end = len(block.text) if end < 0 else end
            first = block.text[start:end]
            number = block.line + block.text.count("\n", 0, start)
            if named is None and (named := named_separator(first, file, number)) is not None:
                at = end + 1  # the header or the data start on the next line
                continue
            second = _next_row(block.text, end + 1)  # the first row after, in this block
            layout, header = _layout(first, number, file, x, y, second, named)
            skip = end + 1 if header else start
            rest = Block(number + int(header), block.text[skip:])
            return layout, _chain(rest, blocks)
    raise CsvError(f"{file}: " + ("nothing after its sep= line" if named else "the file is empty"))


_SEP = re.compile(r'"?sep=(.)"?\r?', re.IGNORECASE)
"""Excel's first line naming the separator (`sep=;`), as some tools write it (quoted)."""


def named_separator(line: str, file: Path, number: int) -> str | None:
    """The separator a first line like Excel's `sep=;` names (None when it is no such line);
    CsvError naming the line when it names one the sandbox does not read."""
    found = _SEP.fullmatch(line)
    if found is None:
        return None
    if found[1] not in DELIMITERS:  # a comma, a semicolon or a tab
        raise CsvError(
            f'{file}: line {number}: "sep={one_line(found[1])}" names "{one_line(found[1])}"'
            " as the separator, which dartfit does not read: save the file with commas,"
            " semicolons or tabs"
        )
    return found[1]


_INK = re.compile(r"\S")
"""A character that is not blank (`str.strip`'s whitespace): found in C, not line by line
(30 MB of blank lines before the header took 13 s; a hostile pass)."""


def _next_row(text: str, start: int) -> str | None:
    """The first line from `start` on that is not blank and ends in this block, or None."""
    ink = _INK.search(text, start)
    if ink is None:
        return None
    end = text.find("\n", ink.start())
    return None if end < 0 else text[text.rfind("\n", 0, ink.start()) + 1 : end]


def _chain(first: Block, blocks: Iterator[Block]) -> Iterator[Block]:
    yield first
    yield from blocks


def _layout(
    first: str,
    number: int,
    file: Path,
    x: str | None,
    y: str | None,
    second: str | None = None,
    named: str | None = None,
) -> tuple[Layout, bool]:
    """Delimiter, column names and chosen columns from the first row (the delimiter the one
    `named` by a `sep=` line, else the one the `second` agrees with); and if it is a header."""
    if most_fields(first) > MAX_COLUMNS:
        raise CsvError(
            f"{file}: line {number}: more than {MAX_COLUMNS:,} columns: not a table of x and y"
        )
    delimiter = named or find_delimiter(first, second)
    head = split_fields(first, delimiter, file, number)
    header = is_header(head, delimiter)
    names = [f or f"column {i + 1}" for i, f in enumerate(head)] if header else []
    names = names or [f"column {i + 1}" for i in range(len(head))]
    if len(names) < 2:  # the line named: a first line of "# temperatures" read as a header
        raise CsvError(f"{file}: line {number}: needs at least two columns, found {len(names)}")
    # a column chosen for one axis, the first other one for the other: --x 2 plots column
    # 2 against column 1, not against itself
    ix = _pick(x, 0, names, file, "x") if x is not None else None
    iy = _pick(y, 1 if ix != 1 else 0, names, file, "y")
    if ix is None:
        ix = 0 if iy != 0 else 1
    if ix == iy:
        raise CsvError(
            f'{file}: x and y are the same column ("{one_line(names[ix])}"): '
            "choose another for one of them with --x or --y"
        )
    return Layout(file, delimiter, ix, iy, names), header


def is_header(fields: list[str], delimiter: str) -> bool:
    """Whether a first row names the columns: a field holds text that isn't a number, in
    any digits (a first row "1,٠" was a header: its second column was named "٠", a column
    zero to read, its first row of data was lost, and its error named line 2)."""
    return any(
        field.strip()
        and not is_number(field, delimiter)
        and in_ascii_digits(field, delimiter) is None
        for field in fields
    )


def _pick(choice: str | None, default: int, names: list[str], file: Path, axis: str) -> int:
    """A column index from a name or a 1-based number."""
    if choice is None:
        if default >= len(names):
            raise CsvError(f"{file}: needs at least two columns, found {len(names)}")
        return default
    # matched without the spaces either side (--x ' a ', a name copied with its spaces,
    # found no column "a"), of the name given and of the header's
    matches = [i for i, n in enumerate(names) if n.strip() == choice.strip()]
    if len(matches) > 1:  # two columns of one name: which is meant is not known
        numbers = " or ".join(str(i + 1) for i in matches)
        said = f'--{axis} "{one_line(choice)}": two columns have that name'
        raise CsvError(f"{file}: {said}; give its number ({numbers})")
    if matches:
        return matches[0]
    digits = choice.strip()
    if digits.isdecimal():  # ² is a digit, not a decimal: a name; ٣ is a 3, as int() reads it
        # a number of 20 digits or more is past every column: said so, not "no column" (and
        # never read, as int() refuses 4,300 digits)
        number = int(digits) if len(digits.lstrip("0")) < 20 else None
        if number is not None and 1 <= number <= len(names):
            return number - 1
        said = one_line(choice)
        raise CsvError(f"{file}: --{axis} {said}: there are columns 1 to {len(names)}")
    listed = ", ".join(f'"{one_line(n)}"' for n in names[:LISTED])
    more = f", and {len(names) - LISTED:,} more" if len(names) > LISTED else ""
    raise CsvError(f'{file}: --{axis}: no column "{one_line(choice)}" (columns: {listed}{more})')


LISTED = 12
"""The most column names an unknown column's message lists (a CSV may have 100,000)."""
