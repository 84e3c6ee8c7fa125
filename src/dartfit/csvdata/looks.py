"""What a field that is not a number looks like, and what to write instead: a hint for the
one line that refuses it.

A spreadsheet's export holds many things that read as numbers to a person and not to the
sandbox: a percentage (12%), an amount of money ($1,234, €5), a date (2024-01-05,
05/01/2024) or a time (10:30), a number with a unit (12 cm) or with its digits grouped
(1 234, 1'234, 1,234, 1_0), a fraction (1/2, ½), a mixed number (3 1/2, 1½) or a ratio
(1:2), a height in feet and inches (5'10"), a range (5-10 kg), a value with its
uncertainty (12 ± 0.5), a negative in brackets as accountants write it ((12)), yes or no,
a missing value (N/A, -, ?, an empty field) or a spreadsheet's error (#DIV/0!). Each is
named as what it looks like, with the number to write where there is one, in the file's
own decimal mark.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import NamedTuple

from dartfit.csvdata.errors import one_line
from dartfit.csvdata.fields import (
    POINT_OR_GROUPED,
    in_ascii,
    in_ascii_digits,
    is_not_finite,
    is_number,
)
from dartfit.levels.spread import LIMIT

_SPACES = " \u00a0\u202f\u2009"
"""Spaces written between groups of digits: plain, no-break, narrow no-break, thin."""

_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d*)?")
"""A number with commas between groups of three digits (1,000 and 12,345.6), its first
group not 0 (0,125 is a decimal comma's)."""

FILL_IN = "every row needs a number in both columns; fill it in or delete the row"

_MISSING = frozenset(
    {"", "na", "n/a", "n.a.", "#n/a", "null", "none", "nil", "missing", "-", "--", "—", "–", "?"}
    | {"??", ".", "..", "...", "…", "empty", "#null!", "unknown", "nd", "n.d."}
)
"""How a missing value is written (compared in lower case)."""

_YES_NO = frozenset({"true", "false", "yes", "no", "y", "n"})

_SPREADSHEET_ERROR = re.compile(r"#(?:DIV/0!|VALUE!|REF!|NAME\?|NUM!|SPILL!|CALC!|[A-Z_]+[!?])")

_DATE = re.compile(
    r"\d{4}([-/.])\d{1,2}(?:\1\d{1,2})?"  # 2024-01-05, 2024/1/5, 2024-01 (a month)
    # 05/01/2024, 5.1.24, 05-01-2024: one mark between the parts (3-11/16 is a mixed number)
    r"|\d{1,2}([-/.])\d{1,2}\2(?:\d{4}|\d{2})"
    r"|(?=.*\d).*\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b.*",  # 5 Jan 2024
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[ap]\.?m\.?)?|\d{1,2}h\d{2}", re.IGNORECASE
)
"""A time of day: 10:30, 10:30:15, 10:30 pm, and 10h30 as French writes it (it was "a
number with a unit (h30)")."""
_CLOCK = re.compile(r"(?:[T ]" + _TIME.pattern + r")?(?:Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
"""What may follow a date: a time (2024-01-05T10:30:00Z, 2024-01-05 10:30)."""

_CODES = re.compile(r"[A-Z]{3}")
"""An ISO currency code written beside an amount (USD 5, 5 EUR)."""

_SLASHES = "/\u2044\u2215"
"""A fraction's slash: solidus, fraction slash (1⁄2), division slash."""
_FRACTION = re.compile(r"([+-]?\d{1,18})\s*[" + _SLASHES + r"]\s*(\d{1,18})")


def _vulgar(char: str) -> tuple[int, int] | None:
    """A fraction written as one character (½, ⅒) as its numerator and denominator."""
    kind, _, codes = unicodedata.decomposition(char).partition(" ")
    above, slash, below = "".join(chr(int(code, 16)) for code in codes.split()).partition("⁄")
    if kind != "<fraction>" or not (slash and above.isdigit() and below.isdigit()):
        return None  # ⅟ is a numerator alone
    return int(above), int(below)


_VULGAR = {
    c: f
    for c in map(chr, (*range(0xBC, 0xBF), *range(0x2150, 0x2160), 0x2189))
    if (f := _vulgar(c)) is not None
}
"""Each fraction written as one character (½, ⅓, ¾, ⅒, ↉): Latin-1's and the Number Forms'."""
_SIGN = r"([+\-−]?)"
_WITH_VULGAR = re.compile(
    _SIGN + r"(?:(\d{1,18})-?)?[" + _SPACES + "]*([" + "".join(_VULGAR) + "])"
)
"""A number and a fraction of one character (1½, 3 ¾, −1¼, 1-½), or the fraction alone (½)."""
_MIXED = re.compile(
    _SIGN + r"(\d{1,18})([" + _SPACES + r"]+|-)(\d{1,18})\s*[" + _SLASHES + r"]\s*(\d{1,18})"
)
"""A mixed number, its whole part and its fraction apart by a space or, as a tape measure's
are written, a hyphen (3 1/2, -2 3/4, 3-1/2)."""
_UNIT_AFTER = re.compile(
    r"(?<=[\d" + "".join(_VULGAR) + r"])[" + _SPACES + r"]*"
    r"([^\W\d_" + "".join(_VULGAR) + r"]\D{0,11}|[°µ]\D{0,11})$"
)
"""A unit after a number's last digit or fraction (3 1/2 kg, 1½cm, 1_0 m)."""
_PLUS_MINUS = re.compile(r"±|\+/-|\+-")
"""What stands between a value and its uncertainty (12 ± 0.5, 12+/-0.5). Found alone, the
blanks either side stripped after: `(.+?)\\s*(?:±|…)` tried every blank of a long run
against every start, and 10,000 blanks took a second."""
_LEADING = re.compile(r"[+-]?(?:\d[\d,.'’" + _SPACES + r"]*|[.,]\d+)(?:[eE][+-]?\d+)?")
"""A number's start, its digits grouped or not: what a unit or a currency follows."""


def unseen(text: str) -> str | None:
    """The first character of a text that no one sees, in words ("a control character,
    U+001A"); None when it holds none."""
    hidden = next((c for c in text if unicodedata.category(c) in _UNSEEN), None)
    if hidden is None:
        return None
    name = unicodedata.name(hidden, "").lower()
    return _UNSEEN[unicodedata.category(hidden)].format(name or f"U+{ord(hidden):04X}")


def hint(text: str, delimiter: str) -> str:
    """What to change in a field that is not a number, in brackets after a space, or ""."""
    held = unseen(text)
    if held is not None:  # a zero-width space, a direction mark: what a copy from a web page keeps
        bare = "".join(c for c in text if unicodedata.category(c) not in _UNSEEN)
        said = f" (it holds {held}: delete it"
        if is_number(bare, delimiter):
            return f"{said}, to read {_said(bare.strip(), delimiter)})"
        rest = _seen(bare, delimiter)  # " (it looks like …)", or "" for no number's
        return f"{said}; then {rest[2:]}" if rest else ""
    return _seen(text, delimiter)


_UNSEEN = {"Cf": "an invisible character, a {}", "Cc": "a control character, {}"}
"""What a field may hold that no one sees: a format character (a zero-width space, a
direction mark) or a control one (a NUL byte, a bell: "4\\x00" was "not a number", with
nothing said of why)."""


def _seen(text: str, delimiter: str) -> str:
    """A hint for a field with no invisible character."""
    ascii_digits = in_ascii_digits(text, delimiter)
    if ascii_digits is not None:
        return f" (write it as {_said(ascii_digits, delimiter)})"
    # named in ASCII digits and signs: −5% and １２％ were "write the number without the %
    # sign", −$5 and –5 nothing at all
    text = in_ascii(text) or text
    looks = looks_like(text.strip(), delimiter)
    if looks is not None:
        return f" (it looks like {looks})"
    return _comma_hint(text, delimiter)


def looks_like(field: str, delimiter: str) -> str | None:
    """What a field that is not a number looks like, and what to write instead; None when
    it looks like nothing we know."""
    lower = field.lower()
    if lower in _MISSING:
        return f"a missing value: {FILL_IN}"
    if _SPREADSHEET_ERROR.fullmatch(field.upper()):
        return "a spreadsheet's error: mend its formula, or delete the row"
    if field.startswith("="):
        return "a spreadsheet's formula: export the values it computes, not the formulas"
    if lower in _YES_NO:
        return "a yes or no: write 1 for yes and 0 for no"
    if field[:1] in "'’" and (kept := _kept_as_text(field[1:], delimiter)) is not None:
        return kept
    looks: tuple[Callable[[str, str], str | None], ...] = (_exponent, _percentage, _money)
    looks += (_when, _feet_inches, _point_or_grouped, _grouped, _shaped, _ratio)
    looks += (_uncertain, _qualified, _range, _scaled, _with_unit)
    for found in looks:
        said = found(field, delimiter)
        if said is not None:
            return said
    return None


def is_written_otherwise(field: str, delimiter: str) -> bool:
    """Whether a field is a number written otherwise, as no column is named: an amount with
    a currency sign ($5), digits grouped (1.234,5) or in another base (0x1F), a negative in
    brackets, a number kept as text ('12), in ASCII or other digits; or a missing value
    (N/A). Percentages (pandas names columns 25%, 50%), dates, units, codes, yes and no may
    name columns (2024-01, 1st, USD 2024, yes), and are not among them."""
    field = (in_ascii(field) or field).strip()
    if (field[:1] in "'’" and is_number(field[1:], delimiter)) or field.lower() in _MISSING - {""}:
        return True
    if field.startswith("(") and field.endswith(")") and _plain(field[1:-1], delimiter):
        return True
    signed = any(unicodedata.category(c) == "Sc" for c in field) and _money(field, delimiter)
    return bool(signed) or any(look(field, delimiter) for look in (_grouped, _exponent))


def _percentage(field: str, delimiter: str) -> str | None:
    if not field.endswith(("%", "％")) or not re.search(r"\d", field):
        return None
    plain = _plain(field[:-1].strip(), delimiter)
    if plain is None and _RANGE.fullmatch(field):
        return None  # 5-10%: a range, with its middle to write
    if plain is None or is_not_finite(plain) or not abs(float(_decimal(plain, delimiter))) <= LIMIT:
        return "a percentage: write the number without the % sign"
    hundredth = _written(_decimal(plain, delimiter) / 100, delimiter)
    return f"a percentage: write {_said(plain, delimiter)} or {_said(hundredth, delimiter)}"


def _money(field: str, delimiter: str) -> str | None:
    if not re.search(r"\d", field):
        return None
    body, sign = field, ""
    if body.startswith("(") and body.endswith(")"):  # ($5): a negative, as accountants write
        body, sign = body[1:-1].strip(), "-"
    elif body[:1] in "+-":
        sign, body = body[:1].replace("+", ""), body[1:].strip()
    found = False
    body = re.sub(r"^[A-Za-z]{1,3}(?=[^\w\s])", "", body)  # US$ 5, R$ 5, CHF
    while body and unicodedata.category(body[0]) == "Sc":
        body, found = body[1:].lstrip(_SPACES), True
    while body and unicodedata.category(body[-1]) == "Sc":
        body, found = body[:-1].rstrip(_SPACES), True
    for code in (body[:3], body[-3:]):
        if not found and len(body) > 3 and _CODES.fullmatch(code):
            body, found = body.replace(code, "", 1).strip(_SPACES), True
    if not found:
        return None
    if body[:1] == "-" and not sign:
        sign, body = "-", body[1:]
    plain = _plain(body, delimiter)
    if plain is None:
        return "an amount of money: write the number alone, with no currency sign"
    return f"an amount of money: write {_said(sign + plain, delimiter)}, with no currency sign"


def _when(field: str, delimiter: str) -> str | None:
    date = _DATE.match(field)
    if date is not None and (_CLOCK.fullmatch(field[date.end() :]) or _DATE.fullmatch(field)):
        return "a date: dartfit needs numbers, e.g. days since the first date"
    if _TIME.fullmatch(field):
        return "a time: dartfit needs numbers, e.g. minutes (or seconds) since the first"
    return None


def _point_or_grouped(field: str, delimiter: str) -> str | None:
    """A semicolon file's 1.500: 1500 with its digits grouped, or 1,5 with a decimal point
    where the file's decimal mark is the comma (`fields.POINT_OR_GROUPED`)."""
    if delimiter != ";" or not POINT_OR_GROUPED.fullmatch(field):
        return None
    grouped = _said(field.replace(".", ""), delimiter)
    decimal = _written(_decimal(field, delimiter), delimiter)
    return (
        f"{grouped} with its digits grouped, or {decimal} written with a point where this"
        f" file's decimals take a comma: write {grouped} or {decimal}"
    )


def _grouped(field: str, delimiter: str) -> str | None:
    """Digits grouped with spaces, apostrophes or underscores (1 234, 1'234, 1_000), or with
    dots in a comma or tab file (1.234.567, 1.234,5): the number written plainly. Commas
    between groups of three are `_comma_hint`'s."""
    if not re.search(r"\d[" + _SPACES + r"'’_.]\d", field):
        return None
    if delimiter != ";" and _GROUPED.fullmatch(field):
        return None  # commas between groups of three: `_comma_hint` says what they may be
    plain = _plain(field, delimiter)
    if plain is None or plain == field:
        return None
    return f"a number with its digits grouped: write it as {_said(plain, delimiter)}"


class _Shape(NamedTuple):
    """A number written in a shape the sandbox does not read, and how to write it."""

    what: str
    """What it looks like: "a fraction", "a mixed number"."""
    write: str | None
    """How to write it, after "write it" ("as a decimal, 3.5"); None when it has no value
    (a fraction over 0)."""


def _number_shape(field: str, delimiter: str) -> _Shape | None:
    """A fraction (1/4, ½), a mixed number (3 1/2, 3-1/2, 1½) or digits with underscores
    between them as Python writes numbers (1_0, 1_00_000, 1e1_0, and 1_0,5 with a decimal
    comma): the one reading of each, that the hints for a field alone, with a unit (3 1/2
    kg) or kept as text ('1/2) share. Each had no hint in one of those places."""
    if (found := _FRACTION.fullmatch(field)) is not None:
        return _over("a fraction", Decimal(found[1]), int(found[2]), delimiter)
    if (vulgar := _WITH_VULGAR.fullmatch(field)) is not None:
        sign, whole, (above, below) = vulgar[1], vulgar[2], _VULGAR[vulgar[3]]
    elif (mixed := _MIXED.fullmatch(field)) is not None:
        sign, whole, above, below = mixed[1], mixed[2], int(mixed[4]), int(mixed[5])
        if mixed[3] == "-" and not above < below < 1000:
            return None  # 05-01/2024 is no 5 and 1/2024: a tape's 3-11/16 is a proper fraction
    else:
        bare = re.sub(r"(?<=\d)_(?=\d)", "", field)
        plain = _plain(bare, delimiter) if bare != field else None
        if plain is None:
            return None
        return _Shape(
            "a number with underscores between its digits", f"as {_said(plain, delimiter)}"
        )
    total = Decimal(int(whole or 0) * below + above)
    what = "a mixed number" if whole is not None else "a fraction"
    return _over(what, -total if sign in ("-", "−") else total, below, delimiter)


def _over(what: str, above: Decimal, below: int, delimiter: str) -> _Shape:
    """A fraction (or mixed number) as a decimal; a fraction over 0 has none (3/0 had no
    hint)."""
    if below == 0:
        return _Shape("a fraction", None)
    return _Shape(what, f"as a decimal, {_said(_written(above / below, delimiter), delimiter)}")


def _shaped(field: str, delimiter: str) -> str | None:
    """The hint for a fraction, a mixed number or digits with underscores, alone."""
    shape = _number_shape(field, delimiter)
    return None if shape is None else _told(shape)


def _told(shape: _Shape, then: str = "") -> str:
    """What a number's shape looks like and what to write, `then` what else to do."""
    if shape.write is None:
        return (
            f"{shape.what} over 0, which has no value: write the value it stands for, or delete"
            " the row"
        )
    return f"{shape.what}: write it {shape.write}{then}"


def _kept_as_text(rest: str, delimiter: str) -> str | None:
    """A number after the quote a spreadsheet keeps text with ('12, '1 234, '1/2); None when
    what follows is no number ('1/2 was "not a number" alone)."""
    plain = _plain(rest, delimiter)
    if plain is not None:
        return f"a number kept as text: write it without the quote, {_said(plain, delimiter)}"
    shape = _number_shape(rest, delimiter)
    if shape is None or shape.write is None:
        return None
    return f"a number kept as text, {shape.what}: write it without the quote, {shape.write}"


_RATIO = re.compile(r"(\d+(?:[.,]\d+)?)\s*:\s*(\d+(?:[.,]\d+)?)")


def _ratio(field: str, delimiter: str) -> str | None:
    """A ratio (1:2, 3 : 4, 1:0): one number, the first part over the second. A time (10:30)
    is `_when`'s, found before."""
    found = _RATIO.fullmatch(field)
    if found is None:
        return None
    first, second = (_plain(found[i], delimiter) or found[i] for i in (1, 2))
    if not (is_number(first, delimiter) and is_number(second, delimiter)):
        return None
    below = _decimal(second, delimiter)
    if not below:
        return "a ratio to 0, which has no value as one number: write the value it stands for"
    above = _decimal(first, delimiter)
    said = _within(above / below, delimiter) if _small(above, below) else ""
    return f"a ratio: write it as one number, the first part over the second{said}"


_FEET = r"(?:'|’|′|ft\.?|feet|foot)"
_INCHES = r"(?:\"|”|″|''|’’|′′|in\.?|inch(?:es)?)"
_FEET_INCHES = re.compile(
    r"(\d{1,3})\s*" + _FEET + r"\s*(\d{1,2}(?:[.,]\d+)?)\s*" + _INCHES + "?", re.IGNORECASE
)


def _feet_inches(field: str, delimiter: str) -> str | None:
    """A length in feet and inches (5'10", 5 ft 10 in), as heights are written: one unit to
    write, the inches. It had no hint; 5'10" was "not a number"."""
    found = _FEET_INCHES.fullmatch(field)
    if found is None:
        return None
    inches = _decimal(found[2].replace(",", "."), ",")
    if inches >= 12:
        return None  # 1'234 is digits grouped, not 1 foot 234 inches
    total = _written(int(found[1]) * 12 + inches, delimiter)
    return (
        f"a length in feet and inches: write it in one unit, e.g. {_said(total, delimiter)}"
        " (inches), and the unit in the column's name"
    )


def _uncertain(field: str, delimiter: str) -> str | None:
    sign = _PLUS_MINUS.search(field, 1)
    if sign is None or not field[: sign.start()].strip() or not field[sign.end() :].strip():
        return None
    if _plain(field[sign.end() :], delimiter) is None:
        return None
    value = _plain(field[: sign.start()], delimiter)
    if value is None:
        return None
    return f"a value with its uncertainty: write the value alone, {_said(value, delimiter)}"


_BASES = {"x": ("hexadecimal", 16), "o": ("octal", 8), "b": ("binary", 2)}
_IN_BASE = re.compile(r"([+-]?)0([xob])([0-9a-f]+(?:_[0-9a-f]+)*)", re.IGNORECASE)
_HEX_FLOAT = re.compile(r"[+-]?0x(?:[0-9a-f]+\.?[0-9a-f]*|\.[0-9a-f]+)p[+-]?\d{1,6}", re.IGNORECASE)
_CUT_EXPONENT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)[eE][+-]?")
_D_EXPONENT = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)[dD][+-]?\d+")


def _exponent(field: str, delimiter: str) -> str | None:
    """A number in another base (0x1F), or its exponent written otherwise: cut short (1e,
    1e+) or with Fortran's d (1d5). Each read as a number with a unit ("write 0, and the
    unit (x1F)")."""
    if (hexadecimal := _HEX_FLOAT.fullmatch(field)) is not None:  # C's %a, Python's float.hex()
        try:  # "write 0, and the unit (x1.8p1)" before
            value = float.fromhex(hexadecimal[0])
        except OverflowError:
            value = math.inf
        # 0x1p-99999 is no 0.0, though a float rounds it to one
        rounded = not value and re.search(r"[1-9a-f]", hexadecimal[0].lower().split("p")[0][2:])
        said = f", {_said(repr(value), delimiter)}" if abs(value) <= LIMIT and not rounded else ""
        return f"a number in hexadecimal: write it in decimal{said}"
    if (based := _IN_BASE.fullmatch(field)) is not None:
        name, base = _BASES[based[2].lower()]
        digits = based[3].replace("_", "")
        try:
            value = int(digits, base)
        except ValueError:
            return None  # 0b12 is no binary number
        said = f", {based[1].replace('+', '')}{value}" if len(digits) <= 16 else ""
        return f"a number in {name}: write it in decimal{said}"
    if _CUT_EXPONENT.fullmatch(field):
        return "a number with its exponent cut short: write the exponent after the e (1e3 is 1000)"
    if _D_EXPONENT.fullmatch(field):
        written = _plain(re.sub("[dD]", "e", field), delimiter)  # 1,5d3 too, in a comma file
        if written is not None:
            said = _said(written, delimiter)
            return f"a number with a d for its exponent: write it with an e, {said}"
    return None


_NUM = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?"
"""A number as a person writes it within a longer field: a decimal point or comma, each
digit matched one way only (a long run of digits is tried once, not split every way)."""

_APPROXIMATE = re.compile(
    r"(?:~|≈|∼|≃|ca\.?|c\.|approx\.?|about|around|circa)\s*(" + _NUM + ")", re.IGNORECASE
)
_BOUND = re.compile(
    r"(?:<=|>=|=<|=>|<|>|≤|≥|⩽|⩾|under|over|below|above|at least|at most|up to)\s*("
    + _NUM
    + r")|("
    + _NUM
    + r")\s*\+",
    re.IGNORECASE,
)


def _qualified(field: str, delimiter: str) -> str | None:
    """A value with a word or sign before it: about (~5, ≈5, ca. 5) or a bound (<5, ≥5,
    5+), which is no value to fit."""
    if (about := _APPROXIMATE.fullmatch(field)) and (plain := _plain(about[1], delimiter)):
        return f"an approximate value: write the value alone, {_said(plain, delimiter)}"
    bound = _BOUND.fullmatch(field)
    if (bound and _plain(bound[1] or bound[2], delimiter) is not None) or _UNDETECTED.fullmatch(
        field
    ):
        return "a bound, not a value: write the value it stands for, or delete the row"
    if (noted := _NOTED.fullmatch(field)) and (plain := _plain(noted[1], delimiter)):
        return f"a number with a note: write the number alone, {_said(plain, delimiter)}"
    return None


_UNDETECTED = re.compile(r"(?:[<>≤≥]\s*(?:LOD|LOQ|MDL|DL|RL|LLOQ)|BDL|BLQ)", re.IGNORECASE)
"""Below (or above) the limit a lab could measure: <LOD, <LOQ, BDL."""
_NOTED = re.compile(
    r"(" + _NUM + r")\s*(?:[*†‡§¶#?!]+|\((?:est|e|p|r|prov|provisional|estimate|estimated|approx)"
    r"\.?\)|\[\w{1,3}\]|\(\d{1,2}\))",
    re.IGNORECASE,
)
"""A number with a note after it: a footnote mark (5*, 5†, 5 [1], 5 (2)) or a word
(5 (est.), 5 (p)), as statistics offices mark estimates and provisional values."""


_RANGE = re.compile(
    r"("
    + _NUM
    + r")\s*(?:-|—|\.\.\.?|…|to)\s*("
    + _NUM
    + r")(?:\s*([^\W\d_][^\d]{0,11}|[°%µ].{0,11}))?",
    re.IGNORECASE,
)


def _range(field: str, delimiter: str) -> str | None:
    """A range of values (5-10, -5--3, 5 to 10), with a unit or not (5-10 kg had no hint):
    one value, its middle, to write, and the unit in the column's name."""
    found = _RANGE.fullmatch(field)
    if found is None:
        return None
    low, high = (_plain(found[i], delimiter) for i in (1, 2))
    if low is None or high is None or is_not_finite(low) or is_not_finite(high):
        return None
    ends = [_decimal(low, delimiter), _decimal(high, delimiter)]
    said = _within((ends[0] + ends[1]) / 2, delimiter) if _small(*ends) else ""
    unit = f", and the unit ({found[3].strip()}) in the column's name" if found[3] else ""
    return f"a range: write one value in its place, e.g. its middle{said}{unit}"


_SUFFIXES = {"k": 3, "m": 6, "mm": 6, "mn": 6, "mio": 6, "bn": 9, "b": 9, "tn": 12}
_SCALES = {3: "a thousand", 6: "a million", 9: "a billion", 12: "a trillion"}
_SCALED = re.compile(r"(" + _NUM + r")(\s*)(k|M|MM|mn|Mio|bn|Bn|B|tn|K)")


def _scaled(field: str, delimiter: str) -> str | None:
    """A number with a suffix for thousands or millions (5k, 1.2M, 3 bn): written out.
    "300 K" (a space, then a capital K) and "5 B" are kelvins and bytes: a unit. "300K" and
    "5B" may be either, and are named both ways (300K was told only to write 300000)."""
    found = _SCALED.fullmatch(field)
    if found is None or (found[2] and found[3] in ("K", "B")):
        return None
    plain = _plain(found[1], delimiter)
    if plain is None or is_not_finite(plain):
        return None
    power = _SUFFIXES[found[3].lower()]
    value = _decimal(plain, delimiter)
    said = _within(value.scaleb(power), delimiter) if _small(value) else ""
    said = f"write it out{said}" if said else "write the number with its zeros"
    unit = _UNITS.get(found[3])
    if unit is not None:
        return (
            f"a number with a suffix for {_SCALES[power]} ({found[3]}), or in {unit}: {said},"
            f" or write {_said(plain, delimiter)} and the unit in the column's name"
        )
    return f"a number with a suffix for {_SCALES[power]} ({found[3]}): {said}"


_UNITS = {"K": "kelvins", "B": "bytes"}
"""The suffixes that are also a unit's symbol."""


_DIGITS = round(math.log10(LIMIT))
"""A value's digits before its point, at most: within the sandbox's range."""


def _small(*values: Decimal) -> bool:
    """Whether values are within the sandbox's range, to be added and scaled without a
    decimal.Overflow (1e999999999-1 raised one)."""
    return all(value.adjusted() < _DIGITS for value in values)


def _within(value: Decimal, delimiter: str) -> str:
    """ ", " and the value as the file writes it, or "" past the sandbox's range (1e400k was
    "write inf")."""
    return f", {_said(_written(value, delimiter), delimiter)}" if _small(value) else ""


def _with_unit(field: str, delimiter: str) -> str | None:
    """A number then a unit (12 cm, 20°C, 3.5kg), or a negative in brackets ((12))."""
    if field.startswith("(") and field.endswith(")"):
        plain = _plain(field[1:-1].strip(), delimiter)
        if plain is not None and not plain.startswith(("-", "+")):
            return (
                f"a negative number as accountants write it: write {_said('-' + plain, delimiter)}"
            )
    after = _UNIT_AFTER.search(field)
    shape = after and _number_shape(field[: after.start()].strip(_SPACES), delimiter)
    if after and shape:  # 3 1/2 kg, 1½ cm, 1_0 m: no hint, where 3.5 kg had one
        with_unit = shape._replace(what=f"{shape.what} and a unit") if shape.write else shape
        return _told(with_unit, _named(after[1]))
    start = _LEADING.match(field)
    if start is None:
        return None
    number, unit = field[: start.end()].rstrip(_SPACES + ".,'’"), field[start.end() :].strip()
    plain = _plain(number, delimiter)
    if plain is None or not unit or not (unit[0].isalpha() or unit[0] in "°µ" + _MARKS):
        return None
    if unit[0] in _MARKS and unit.strip(_MARKS):
        return None  # 2"3 is no 2 inches and a unit of "3: a mark of inches or feet is alone
    if _PART_OF_THE_NUMBER.match(unit) or _BASE_MARK.match(field):
        return None  # 1e5e5, 1D-3m, 0xG: no number and unit to name ("write 1, and the unit
        # (D-3m)" was a thousand times the value)
    return f"a number with a unit: write {_said(plain, delimiter)}{_named(unit)}"


def _named(unit: str) -> str:
    """What to do with a unit written after a number: name it in the column's name."""
    shown = unit if len(unit) <= 12 and unit.isprintable() else unit[:12] + "…"
    return f", and the unit ({shown}) in the column's name"


_MARKS = "\"'′″”’"
"""Marks of feet and inches a number may end in (2", 5′): each a unit alone."""
_PART_OF_THE_NUMBER = re.compile(r"[eEdDpP][+-]?\d")
"""What begins an exponent (1e5, Fortran's 1d5, a hexadecimal's p5): no unit's start."""
_BASE_MARK = re.compile(r"[+-]?0[xXoObB]")
"""A number in another base begins so (0x1F, 0o17, 0b101): its x, o or b is no unit."""


def _said(number: str, delimiter: str) -> str:
    """A number a hint writes, in the file's decimal mark (a semicolon file's "12.5%" was
    told to "write 12.5 or 0,125", two marks in one line), cut as the field it is made from
    is shown: a field of 10,000 digits and a unit had them all written out in its hint (10
    kB on one line, cut in the middle by the command's 1,000 characters, the unit's words
    lost)."""
    return one_line(number.replace(".", ",") if delimiter == ";" else number)


def _plain(text: str, delimiter: str) -> str | None:
    """A number written with its digits grouped, or plainly, as the sandbox reads it in
    this file; None when it is no number."""
    text = text.strip(_SPACES)
    if is_number(text, delimiter):
        return text
    bare = re.sub(r"(?<=\d)[" + _SPACES + r"'’_](?=\d{3}(?!\d))", "", text)
    if delimiter == ";":
        bare = re.sub(r"(?<=\d)\.(?=\d{3}(?!\d))", "", bare)
    elif _GROUPED.fullmatch(bare) or _LAKH.fullmatch(bare):  # 1,234 and India's 1,00,000
        bare = bare.replace(",", "")
    elif re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", bare):  # 1.234.567, 1.234,5
        bare = bare.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[+-]?\d+,\d+(?:[eE][+-]?\d+)?", bare):  # 1 234,5, 12,5 %, 1,5e3
        bare = bare.replace(",", ".")
    return bare if bare != text and is_number(bare, delimiter) else None


def _decimal(plain: str, delimiter: str) -> Decimal:
    return Decimal(plain.replace(",", ".") if delimiter == ";" else plain)


def _written(value: Decimal, delimiter: str) -> str:
    """A decimal as the file writes numbers: plainly, with its decimal mark."""
    # written out only when short: 1e999999 written out is a million digits, and 1/3 is
    # written as a float is (0.3333333333333333)
    text = format(value.normalize(), "f") if abs(value.adjusted()) <= 20 else ""
    if not text or len(text) > 20:
        as_float = float(value)
        # 1e-400% is 1e-402, not the 0.0 a float rounds it to
        text = repr(as_float) if as_float or not value else format(value.normalize(), "e")
    return text.replace(".", ",") if delimiter == ";" else text


_LAKH = re.compile(r"[+-]?[1-9]\d?(,\d{2})*,\d{2},\d{3}(\.\d*)?")
"""Digits grouped as in India (1,23,456: a lakh and thousands), commas between them."""


def _comma_hint(text: str, delimiter: str) -> str:
    """A number written with a comma: a decimal point to write (a comma file), or no
    thousands separator (a semicolon file, where the comma is the decimal one). A comma
    between groups of three digits may be either: one ("2,500") is named both ways, more
    than one or before a point ("1,234,567", "12,345.6") is a thousands separator."""
    if "," not in text:
        return ""
    if delimiter != ";":
        field = text.strip()
        if _LAKH.fullmatch(field):
            plain = _said(field.replace(",", ""), delimiter)
            return f" (write it with no thousands separator: {plain})"
        if not _GROUPED.fullmatch(field):
            # only where a point makes it a number: "1,2,3" and "x,5" are none
            pointed = field.count(",") == 1 and is_number(field.replace(",", "."), delimiter)
            return " (write decimals with a point)" if pointed else ""
        plain = field.replace(",", "")
        if field.count(",") > 1 or "." in field:
            return f" (write it with no thousands separator: {_said(plain, delimiter)})"
        grouped, decimal = _said(plain, delimiter), _said(field.replace(",", "."), delimiter)
        return f" (write {grouped} with no thousands separator, or {decimal} with a decimal point)"
    return " (write no thousands separator: 1000,5)" if "." in text else ""
