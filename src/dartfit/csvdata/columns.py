"""The first row: its delimiter, whether it is a header, the columns' names and which two
are x and y (by name, or by number with 1 the first). A line before it like Excel's
`sep=;` names the delimiter and is not a row.

The first non-blank row is a header when one of its fields holds text that isn't a number
in any digits (an empty field is neither: `1,2,` is a row of data with an empty last field,
and `1,٠` one with a number in other digits, refused as data is); without one
the columns are named "column 1", "column 2", … and the first two are x and y. A header of
numbers only (`2019,2020`) can't be told from data, and is read as data, unless a column is
chosen by one of its fields that is no column's number (`--x 2019`): only a header can mean
that.

A choice may mean two columns: `--x 1` where column 2 is named "1" (a name that is another
column's number). It is refused, with a way to say each that means it alone (`--x 2`,
`--x 'column 1'`): it chose the named one without a word, where a user may mean the first.
"""

from __future__ import annotations

import csv
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dartfit.csvdata.blocks import Block
from dartfit.csvdata.errors import CsvError, one_line
from dartfit.csvdata.fields import (
    DELIMITERS,
    NUMBER,
    QUOTED,
    find_delimiter,
    in_ascii_digits,
    is_number,
    most_fields,
    split_fields,
)
from dartfit.csvdata.looks import hint, is_written_otherwise

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
        while (ink := _ink(block.text, at)) >= 0:
            start = block.text.rfind("\n", 0, ink) + 1
            end = block.text.find("\n", ink)
            end = len(block.text) if end < 0 else end
            number = block.line + block.text.count("\n", 0, start)
            if (
                named is None
                and (named := named_separator(block.text[start:end], file, number)) is not None
            ):
                at = end + 1  # the header or the data start on the next line
                continue
            end = _row_end(block.text, start, end)
            first = block.text[start:end]
            second, later = _next_row(block.text, end + 1), None
            if second is None:  # the first row after may be in a later block
                second, later = _row_from(blocks)
            layout, header = _layout(first, number, file, x, y, second, named)
            skip = end + 1 if header else start
            rest = Block(number + (first.count("\n") + 1 if header else 0), block.text[skip:])
            return layout, _chain(rest, later, blocks)
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


def _ink(text: str, start: int) -> int:
    """Where the first character from `start` on that is not blank (`str.strip`'s
    whitespace) is, or -1: found in C, not line by line (30 MB of blank lines before the
    header took 13 s; a hostile pass), and by stripping, not by a regular expression's
    search, which took 14 ns a byte (300 MB of blank lines: 6.6 s to say it was empty)."""
    blank = len(text) - start - len(text[start:].lstrip())
    return start + blank if start + blank < len(text) else -1


MOST_ROW_LINES = 10
"""The most lines a first row may run over: a header cell with line breaks in it, quoted, as
a spreadsheet writes a name typed on two lines ("Price⏎(USD)")."""


def _row_end(text: str, start: int, end: int) -> int:
    """Where the first row, from `start`, ends: at its line's `end`, or where a quoted field
    left open there closes on a later line (a header cell with a line break, which a
    spreadsheet writes: the file was refused, "a quoted field is not closed on its line").
    A row of data that runs on is read from its first line, and refused there."""
    if not _quote_open(text[start:end]):
        return end
    closed = end
    for _ in range(MOST_ROW_LINES - 1):
        if closed >= len(text):
            break
        later = text.find("\n", closed + 1)
        closed = len(text) if later < 0 else later
        if not _quote_open(text[start:closed]):
            return closed
    return end  # never closed: the first line is the row, refused as it was


def _quote_open(line: str) -> bool:
    """Whether the line ends inside a quoted field, split at any delimiter it may have (each
    one it holds outside quotes: a quote that opens a field only if split at a semicolon,
    in `a,b;"c`, is text in a comma file)."""
    bare = QUOTED.sub("", line)
    for delimiter in [d for d in DELIMITERS if d in bare] or [","]:
        try:
            next(csv.reader([line], delimiter=delimiter, skipinitialspace=True, strict=True))
        except csv.Error as error:
            if "unexpected end" in str(error):
                continue
        return False
    return True


def _next_row(text: str, start: int) -> str | None:
    """The first line from `start` on that is not blank, or None. A block holds whole lines,
    so one with no newline after it is the file's last (a second row there, as in
    "25%,50%\n1,2", was not seen)."""
    ink = _ink(text, start)
    if ink < 0:
        return None
    end = text.find("\n", ink)
    return text[text.rfind("\n", 0, ink) + 1 : end if end >= 0 else len(text)]


def _row_from(blocks: Iterator[Block]) -> tuple[str | None, Block | None]:
    """The first row in the blocks to come, and the block that holds it (to be read again);
    blank blocks before it are dropped. The header rule and the delimiter saw a second row
    only in the header's own read block: a first row of look-alikes ("25%,50%") ending one
    block was read as data, and "dist (m; approx),y" split at its semicolon."""
    for block in blocks:
        row = _next_row(block.text, 0)
        if row is not None:
            return row, block
    return None, None


def _chain(first: Block, later: Block | None, blocks: Iterator[Block]) -> Iterator[Block]:
    yield first
    if later is not None:
        yield later
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
    header = is_header(head, delimiter, _split(second, delimiter)) or _named_by_choice(head, (x, y))
    names = [_one_line(f) or f"column {i + 1}" for i, f in enumerate(head)] if header else []
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


def _one_line(name: str) -> str:
    """A header cell's name on one line, as a spreadsheet shows it: its line breaks and the
    spaces around them as one space (`--x 'Price (USD)'` chooses "Price⏎(USD)")."""
    return re.sub(r"\s*\n\s*", " ", name) if "\n" in name else name


def _split(line: str | None, delimiter: str) -> list[str] | None:
    """A row's fields, or None where there is no row or it does not split."""
    if line is None or most_fields(line) > MAX_COLUMNS:
        return None
    try:
        return split_fields(line, delimiter, Path(), 0)
    except CsvError:
        return None


def _named_by_choice(fields: list[str], choices: tuple[str | None, ...]) -> bool:
    """Whether a first row of numbers is a header after all: a column is chosen by one of
    its fields that is no column's number (--x 2019 on a first row "2019,2020"), which only
    a header can mean. A 0 is a column number counted from 0, not a name."""
    given = {field.strip() for field in fields if field.strip()}
    for choice in choices:
        if choice is None or choice.strip() not in given:
            continue
        number = _number(choice)
        if number is None or number > len(fields):
            return True
    return False


def is_header(fields: list[str], delimiter: str, below: list[str] | None = None) -> bool:
    """Whether a first row names the columns: a field holds a word, text that neither is a
    number (in any digits: a first row "1,٠" named a column "٠" and lost a row) nor looks
    like one; or every field looks like a number in a way that may name a column (25%, as
    pandas names percentiles; 2024-01; 5 cm; USD 2024; 1st) and the row `below` holds a
    number in each. Any other row of numbers and look-alikes is data, refused at its line
    with the look-alike's hint: "12%,5%" over "13%,6%" named a column "12%" and refused
    line 2 for "13%"; "12%,2" and a semicolon file's "1.234,5;2" lost their row as names;
    "N/A,3" named a column "N/A"."""
    alike = [f for f in fields if f.strip() and not _a_number(f, delimiter)]
    if any(not hint(f, delimiter) and not is_written_otherwise(f, delimiter) for f in alike):
        return True  # a word
    named = sum(1 for f in fields if f.strip())
    if not alike or len(alike) < named or below is None:
        return False  # a plain number among them: a row of data
    if any(is_written_otherwise(f, delimiter) for f in alike):
        return False
    under = [f for f, above in zip(below, fields, strict=False) if above.strip()]
    return len(under) == named and all(_a_number(f, delimiter) for f in under)


def _a_number(field: str, delimiter: str) -> bool:
    """Whether a field is a number, in any decimal digits."""
    return is_number(field, delimiter) or in_ascii_digits(field, delimiter) is not None


def _pick(choice: str | None, default: int, names: list[str], file: Path, axis: str) -> int:
    """A column index from a name, a 1-based number or "column N"; refused when the choice
    means two columns (a name that is another column's number: --x 1 where column 2 is
    named "1" chose column 2 by its name without a word)."""
    if choice is None:
        if default >= len(names):
            raise CsvError(f"{file}: needs at least two columns, found {len(names)}")
        return default
    meant = readings(choice, names)
    if len(meant) == 1:
        return meant[0]
    if len(meant) > 1:
        raise CsvError(f"{file}: {_two_readings(choice, meant, names, axis)}")
    number = _number(choice)
    wanted = choice.strip()
    if number is not None or NUMBER.fullmatch(wanted) or in_ascii_digits(wanted, ",") is not None:
        # a number of 20 digits or more is past every column: said so, not "no column" (and
        # never read, as int() refuses 4,300 digits); so are -1, 1.0 and −1, which no
        # column's name is: they were 'no column "-1" (columns: "a", "b", "c")'
        raise CsvError(f"{file}: --{axis} {one_line(choice)}: there are columns 1 to {len(names)}")
    alike = [name for name in names if name.strip().casefold() == wanted.casefold()]
    if alike:  # --x alpha for a column "Alpha": the columns listed, the one meant not said
        said = " or ".join(f'"{one_line(name)}"' for name in alike[:2])
        raise CsvError(
            f'{file}: --{axis}: no column "{one_line(choice)}": did you mean {said}? '
            "(a name is matched with its capitals)"
        )
    listed = ", ".join(f'"{one_line(n)}"' for n in names[:LISTED])
    more = f", and {len(names) - LISTED:,} more" if len(names) > LISTED else ""
    raise CsvError(f'{file}: --{axis}: no column "{one_line(choice)}" (columns: {listed}{more})')


def readings(choice: str, names: list[str]) -> list[int]:
    """Every column a choice may mean: those of that name (matched without the spaces
    either side: --x ' a ', a name copied with its spaces, found no column "a"), and the one
    of that number. "column 3", as columns without a name are called, is the third column
    alone, even where a header names another so: one way to choose each column that never
    means two."""
    wanted = choice.strip()
    number = _number(choice)
    place = [number - 1] if number is not None and 1 <= number <= len(names) else []
    if place and _COLUMN_N.fullmatch(wanted):  # a place, whatever a header is named
        return place
    return sorted({i for i, name in enumerate(names) if name.strip() == wanted}.union(place))


_COLUMN_N = re.compile(r"column\s+(\S+)", re.IGNORECASE)


def _number(choice: str) -> int | None:
    """The column number a choice gives (3, or "column 3"); None when it gives none, or one
    of 20 digits or more (past every column; int() refuses 4,300 digits). ² is a digit to
    str.isdigit, not a decimal: a name; ٣ is a 3, as int() reads it."""
    digits = choice.strip()
    said = _COLUMN_N.fullmatch(digits)
    digits = said[1] if said else digits
    if not digits.isdecimal() or len(digits.lstrip("0")) >= 20:
        return None
    return int(digits)


def _two_readings(choice: str, meant: list[int], names: list[str], axis: str) -> str:
    """Why a choice that means more than one column is refused, and what to give instead:
    for each column it may mean, a spelling that means that column alone."""
    ways = [_spelling(i, names) for i in meant]
    if all(names[i].strip() == choice.strip() for i in meant):  # one name, columns apart
        said = f'--{axis} "{one_line(choice)}": {_count(len(meant))} columns have that name'
        return f"{said}; give its number ({' or '.join(ways)})"
    each = [
        f'column {i + 1} (named "{one_line(names[i])}")'
        if names[i].strip() == choice.strip()
        else f"column {i + 1} (by its number)"
        for i in meant
    ]
    options = " or ".join(f"--{axis} {way}" for way in ways)
    return f"--{axis} {one_line(choice)} may mean {' or '.join(each)}: say which with {options}"


def _spelling(index: int, names: list[str]) -> str:
    """A way to choose the column at `index` that means it alone, quoted for a shell: its
    number, else its name, else "column N" (which always does)."""
    for way in (str(index + 1), names[index].strip()):
        if way.isprintable() and readings(way, names) == [index]:
            return shlex.quote(way)
    return shlex.quote(f"column {index + 1}")


def _count(n: int) -> str:
    return {2: "two", 3: "three"}.get(n, str(n))


LISTED = 12
"""The most column names an unknown column's message lists (a CSV may have 100,000)."""
