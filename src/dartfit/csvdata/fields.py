"""One line's fields, split as the csv module splits them, and one field read as a number.

The delimiter is the first row's, outside quotes: the first of tab, semicolon and comma that
splits the first two rows alike (else tab or semicolon when present, else comma).
A field may be quoted (`"x, cm"` is one field) but may not run over the end of its line: only
a header's may (`columns`: a name typed on two lines in a spreadsheet).
A number is written in decimal (a decimal comma in semicolon files); nan and inf read as
numbers, so that the message can say they are not finite.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from dartfit.csvdata.errors import CsvError

NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
"""A number in decimal, each digit matched one way only: digits, a point or none, then
digits split a run of digits every way before it failed (a 40 kB field of digits and a
letter took 100 s to refuse)."""
NEAR_ZERO = re.compile(r"[eE]-0*(?:[1-9][0-9]{2}|[0-9]{4,})|[.,]0{20}")
"""An exponent of −100 or less, or twenty zeros after a point: what a number that reads as 0
though written otherwise needs (1e−400; 0.000…1 with 330 zeros, which no exponent told;
0.(200 zeros)1e−150, neither alone). A block that holds one is read field by field, and
each such field is asked whether it reads as 0 (`reads_as_zero`)."""


def reads_as_zero(text: str, value: float) -> bool:
    """Whether a number written with a digit other than 0 reads as 0 (1e−400: too close to
    0 for a float)."""
    mantissa = text.strip().lower().partition("e")[0]
    return value == 0 and any(c in "123456789" for c in mantissa)


_NOT_FINITE = re.compile(r"[+-]?(?:inf|infinity|nan)", re.IGNORECASE)
POINT_OR_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")
"""A number that a semicolon file, whose decimal mark is the comma, may mean two ways: 1.000
is a thousand with its digits grouped (as a German spreadsheet writes it), or one with a
decimal point. It was read as one, silently: a column of thousands shrank a thousandfold."""
_POINT_OR_GROUPED_FIELD = re.compile(rf"(?<![\w.,]){POINT_OR_GROUPED.pattern}(?![\w.,])")
_POINT_THREE = re.compile(r"\.\d{3}(?![\w.,])")
"""Where such a field may end: found by its point first, five times as fast as the whole."""
QUOTED = re.compile(r'"[^"]*"')


DELIMITERS = ("\t", ";", ",")
"""The delimiters a CSV may use, in the order they are tried."""


def find_delimiter(line: str, second: str | None = None) -> str:
    """The first row's delimiter outside quotes: of tab, semicolon and comma, the first that
    splits the first row and the `second` alike into two fields or more; without a second
    row that agrees, tab or semicolon when present, else comma. A header that named a unit
    "dist (m; approx)", or ended in a tab, had its file read as semicolon- or tab-separated
    and refused as "line 2: expected 2 fields, found 1"."""
    bare = QUOTED.sub("", line)
    present = [candidate for candidate in DELIMITERS if candidate in bare]
    if second is not None:
        for candidate in present:
            count = _count(line, candidate)
            if count >= 2 and count == _count(second, candidate):
                return candidate
    return next((c for c in present if c != ","), ",")


def most_fields(line: str) -> int:
    """The most fields the line could split into with any delimiter (quoted text aside),
    counted without splitting it."""
    bare = QUOTED.sub("", line)
    return 1 + max(bare.count(candidate) for candidate in DELIMITERS)


def _count(line: str, delimiter: str) -> int:
    """How many fields the line splits into (−1 when it does not split)."""
    try:
        return len(next(csv.reader([line], delimiter=delimiter, skipinitialspace=True)))
    except (csv.Error, StopIteration):
        return -1


def split_fields(line: str, delimiter: str, file: Path, number: int) -> list[str]:
    """One line split as the csv module splits it, each field stripped of spaces."""
    try:
        row = next(csv.reader([line], delimiter=delimiter, skipinitialspace=True, strict=True))
    except csv.Error as e:
        problem = (
            "a quoted field is not closed on its line"
            if "unexpected end" in str(e)
            else f"text after a closing quote ({e})"
            if "expected after" in str(e)
            else f"a field of more than {csv.field_size_limit():,} characters: no number is so long"
            if "field limit" in str(e)
            else f"can't split the line ({e})"
        )
        raise CsvError(f"{file}: line {number}: {problem}") from None
    return [field.strip() for field in row]


def parse_number(text: str, delimiter: str) -> float:
    """A field as a number (a decimal comma in semicolon files, where 1.000 is none: it may
    be a thousand, `POINT_OR_GROUPED`); ValueError if it is none."""
    text = text.strip()
    if delimiter == ";":
        if POINT_OR_GROUPED.fullmatch(text):
            raise ValueError(text)
        text = text.replace(",", ".")
    if not (NUMBER.fullmatch(text) or _NOT_FINITE.fullmatch(text)):
        raise ValueError(text)
    return float(text)


def holds_point_or_grouped(text: str) -> bool:
    """Whether a semicolon file's text holds a field that `POINT_OR_GROUPED` reads two ways:
    a block that does is read field by field, each refused where it stands."""
    if "." not in text:  # a file of decimal commas: the search cost 20 MB 0.4 s of its 0.5
        return False
    return any(
        _POINT_OR_GROUPED_FIELD.search(text, max(found.start() - 5, 0), found.end() + 1)
        for found in _POINT_THREE.finditer(text)
    )


IN_ASCII = str.maketrans(
    {"\u066b": ".", "\u2212": "-", "\u2013": "-", "\u2012": "-", "\u2010": "-"}
)
"""What NFKC leaves alone in a number: the Arabic decimal point ٫, the minus sign − (the
one the game writes its numbers with) and the dashes a word processor writes for it (–5)."""

_SIGNS = frozenset("+-.,%$'()/:eE<>~")
"""The signs a number's look-alike is written with, fullwidth (％, ＄, －) as in ASCII."""


def in_ascii(text: str) -> str | None:
    """A field's digits in ASCII (Arabic-Indic ٣, fullwidth ３) and the signs written with
    them (−, fullwidth ％ ＄ ＋ －), anything else as it is; None when it holds a digit that
    is no decimal one: a power or an index (5² was "write it as 52"), a circled ①."""
    out = []
    for c in text:
        if c.isdecimal():
            out.append(str(unicodedata.decimal(c)))
        elif c.isdigit() or c.isnumeric():
            return None
        else:
            folded = unicodedata.normalize("NFKC", c).translate(IN_ASCII)
            out.append(folded if folded in _SIGNS else c)
    return "".join(out)


def in_ascii_digits(text: str, delimiter: str) -> str | None:
    """A field that is a number written in other characters (Arabic-Indic ٣, fullwidth ３,
    with fullwidth signs and points, the minus sign −2 the game writes), written in ASCII
    as the game reads numbers; None for any other field (a number in ASCII too)."""
    if text.isascii():
        return None
    plain = in_ascii(text.strip())
    return plain if plain is not None and plain.isascii() and is_number(plain, delimiter) else None


def is_number(text: str, delimiter: str) -> bool:
    """Whether a field reads as a number (nan and inf included)."""
    try:
        parse_number(text, delimiter)
    except ValueError:
        return False
    return True


def is_not_finite(text: str) -> bool:
    """Whether a field is written as nan or an infinity."""
    return _NOT_FINITE.fullmatch(text.strip()) is not None
