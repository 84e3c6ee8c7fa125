"""Words and numbers for the screens: formulas with the level's numbers filled in.

Plain strings only (no user interface), so every sentence a player reads can be tested.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:  # numpy is not needed to put numbers into words (nor to start the title)
    from typing import TypeAlias

    from dartfit.core.arrays import FloatArray

    Numbers: TypeAlias = Sequence[float] | FloatArray


MINUS = "\u2212"
"""The minus sign every number on screen is typeset with (not the hyphen '-')."""

NBSP = "\u00a0"
"""A space no row ends at (in `widgets.prose.Prose` and the HUD): between a name and its
value, "m = 1.981", so the number is never on the row after its name."""


FIGURE_SPACE = "\u2007"
"""A space as wide as a digit: what a number is padded with to keep its width (`in_width`).
(Rich wraps at it as at any space: a padded number is kept on a row of its own or in a
field as wide as it is.)"""


def in_width(shown: str, width: int) -> str:
    """A shown number right-aligned in `width` cells with figure spaces, so its digits keep
    their columns while its sign comes and goes and it grows ("  8.19", "−16.38")."""
    return shown.rjust(width, FIGURE_SPACE)


def kept(text: str) -> str:
    """`text` with each space a no-break one: wrapped as one word."""
    return text.replace(" ", NBSP)


NUMBER_AFTER = re.compile(f"(?<![0-9][,;])(?<=[^0-9\\s]) (?=[{MINUS}+-]?[0-9])")
"""A space between a word and a number: no row starts with a number, which there reads as a
line of its own ("aiming at the bull:" above "0.402", "(par" above "20)"). Between two
numbers ("3 4", "3, 4") a row may still break, so a list of them wraps."""


FORMULA = re.compile(r"(?:[^\s]+ [=−+·×≤≥±≈<>] )+[^\s]+")
"""Terms joined by operators that stand alone between spaces ("e = y − ŷ,"): one formula,
never broken at a row's end (a check's question read "With e = y −" above "ŷ, what is the
error?": a student's check)."""


GROUP = re.compile(r"\((?:[^()\s]+ ){1,3}[^()\s]+\)")
"""A short group in brackets, two to four words or numbers: a pair "(0, 1)", a formula
"(mean − c)", never broken inside at a row's end (a lesson read "(0," above "1)")."""

BOUND = "\ue000"
"""A space bound by `wrap_at_spaces` itself (a formula's, a group's, a number's), loosened
before the no-break spaces its text was written with where a bound run is wider than a row."""


def _groups_bound(line: str, room: int) -> str:
    """`line` with the spaces of each short `GROUP` bound where it fits in `room` cells."""

    def bind(match: re.Match[str]) -> str:
        group = match.group()
        return group.replace(" ", BOUND) if cell_len(group) <= room else group

    return GROUP.sub(bind, line)


def _formulas_bound(line: str, room: int) -> str:
    """`line` with the spaces of each `FORMULA` made no-break ones where it fits in `room`
    cells (a longer one still breaks at its spaces, never mid-term)."""

    def bind(match: re.Match[str]) -> str:
        formula = match.group()
        return formula.replace(" ", BOUND) if cell_len(formula) <= room else formula

    return FORMULA.sub(bind, line)


def _numbers_bound(line: str, room: int) -> str:
    """`line` with each `NUMBER_AFTER` space made a no-break one where the word and the
    number it joins fit in `room` cells (wider, they would be split mid-word instead)."""
    return _spaces_bound(NUMBER_AFTER, line, room)


UNIT_AFTER = re.compile("(?<=[0-9]) (?=(?:σ|%|°F|°C|cm|mm|kg|km)(?:[),.;:]|$| ))")
"""A space between a number and its unit ("20 cm", "3 σ)"): kept, as a word and its number."""


def _units_bound(line: str, room: int) -> str:
    """`line` with each `UNIT_AFTER` space bound where the number and its unit fit `room`."""
    return _spaces_bound(UNIT_AFTER, line, room)


def _spaces_bound(spaces: re.Pattern[str], line: str, room: int) -> str:
    """`line` with each space `spaces` finds made `BOUND` where the words it joins (up to
    the plain spaces either side) fit in `room` cells."""

    def bind(match: re.Match[str]) -> str:
        start = line.rfind(" ", 0, match.start()) + 1
        end = line.find(" ", match.end())
        chunk = line[start : len(line) if end < 0 else end]
        return BOUND if cell_len(chunk) <= room else " "

    return spaces.sub(bind, line)


def wrap_at_spaces(line: str, width: int, indent: str = "") -> list[str]:
    """The rows that show one line at `width` cells: the line itself if it fits (or there is
    no room), else wrapped at plain spaces (a word wider than that is split), the later rows
    starting with `indent`; never at a no-break space, then shown as a plain one, nor just
    before a number (`NUMBER_AFTER`), nor inside a formula (`FORMULA`)."""
    if width <= len(indent) or cell_len(line) <= width:
        return [line.replace(NBSP, " ")]
    room = width - len(indent)
    bound = kept_runs(line, room)
    # a bound run wider than a row breaks at its own spaces, never mid-number: first at
    # those bound here, then at the no-break spaces it was written with (the sandbox's
    # "(x̄, ȳ) = (−21.5, −290.8)", its pair kept and bound to the formula before it, read
    # "(−21.5," above "−290.8)" in a HUD 24 cells wide, where "(x̄, ȳ) =" above the pair fits)
    bound = " ".join(_loosened(word, room) for word in bound.split(" "))
    # a word that fits a row but not an indented one starts its rows at the edge, whole: the
    # HUD's "m = −6,809,999,999,999.975" (an MSE of 150.5 near 1e16 asks for each digit)
    # read "−6,809,999,999,999.97" above "5" at 80 columns
    widest = max(cell_len(word) for word in bound.split(" "))
    after = indent if not room < widest <= width else ""
    wrapper = _CellWrapper(width, subsequent_indent=after, break_on_hyphens=False)
    rows = [row.replace(_HALF, "") for row in wrapper.wrap(_halved(bound))]
    return [row.replace(NBSP, " ").replace(BOUND, " ") for row in rows or [line]]


_HALF = "\ue001"
"""Written after each wide character (CJK, an emoji) while `wrap_at_spaces` wraps, so that
textwrap, which counts characters, counts its two cells (a goal naming the columns 身長 and
体重 at 80×24 took a row more than it was measured for, its target hidden)."""


def _halved(text: str) -> str:
    """`text` with `_HALF` after each wide character."""
    if text.isascii():
        return text
    return "".join(f"{char}{_HALF}" if cell_len(char) == 2 else char for char in text)


class _CellWrapper(textwrap.TextWrapper):
    """A TextWrapper that never parts a wide character from its `_HALF` as it splits a word
    wider than a row."""

    def _handle_long_word(
        self, reversed_chunks: list[str], cur_line: list[str], cur_len: int, width: int
    ) -> None:
        cut, chunk = width - cur_len, reversed_chunks[-1]
        if 0 < cut < len(chunk) and chunk[cut] == _HALF:
            width += 1 if cut == 1 and not cur_line else -1  # (a row of one cell: all of it)
        super()._handle_long_word(reversed_chunks, cur_line, cur_len, width)


def kept_runs(line: str, room: int) -> str:
    """`line` with the spaces no row may end at made `BOUND` (short groups, formulas, a number
    and its unit, a word and the number after it: `GROUP`, `FORMULA`, `UNIT_AFTER`,
    `NUMBER_AFTER`) where the run fits `room` cells: for a wrapper that breaks at every
    space but `BOUND` (`wrap_at_spaces`, a lesson's paragraphs), which shows `BOUND` as a
    space."""
    bound = _formulas_bound(_groups_bound(line, room), room)
    return _numbers_bound(_units_bound(bound, room), room)


def _loosened(word: str, room: int) -> str:
    """A bound run (`wrap_at_spaces`) that fits `room` cells as it is; else free to break at
    the spaces bound here, and any part still wider at its no-break spaces too, but for a
    number's: a number stays with the word or sign before it and the unit after it where
    they fit (a kept "(target MSE ≤ 0.8664)" wider than its row read "(target MSE ≤" above
    "0.8664)"; now "(target MSE" above "≤ 0.8664)")."""
    if cell_len(word) <= room:
        return word
    parts = word.replace(BOUND, " ").split(" ")
    loose = " ".join(p if cell_len(p) <= room else p.replace(NBSP, " ") for p in parts)
    return _numbers_bound(_units_bound(loose, room), room)


RATE_SAID = "η: learning rate"
"""What η is, on the HUD of every level that shows it (the bowl, the first, came before the
lesson that names it)."""

ROUND_OFF = 1e-9
"""A number this small beside its scale is round-off, shown as 0."""


def num(value: float, digits: int = 4, scale: float = 0.0) -> str:
    """A number for people: `digits` significant digits, the minus sign U+2212, never 'nan'
    or 'inf', and 0 for round-off (|value| ≤ ROUND_OFF · |scale|)."""
    if not math.isfinite(value):
        return "too large to show" if value > 0 else "too small to show"
    if value == 0 or abs(value) <= ROUND_OFF * abs(scale):
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        if 1 <= abs(value) < 10.0 ** max(digits + 2, 6):  # whole numbers: digits grouped
            # from five digits, as at every precision: 1488 beside 1488 (not 1,488), 2005;
            # beyond, 1.572e13 (its 17 digits made a diverged line's m and b show 14)
            text = f"{value:,.0f}" if abs(round(value)) >= 10_000 else f"{value:.0f}"
        else:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}e{int(exponent)}"
    elif abs(value) >= 10_000:  # 40,296.236 as 40,296 is (the auto-solver's many digits)
        text = _grouped(text)
    return text.replace("-", MINUS)


def echoed(value: float) -> str:
    """A number from a file said back in a message, as `num` writes it (1e300, −2.5e−7,
    1.15e13, not Python's 1e+300, -2.5e-07, 11500000000000.0), to as many digits as it was
    written with, so a value just past a limit never reads as the limit (1,000,000,000.5,
    not 1e9); a whole number exactly, as `count` writes it (2,000,000). One longer than a
    float keeps is said in six digits (1e23 for 99999999999999999999999); nan and the
    infinities as TOML writes them."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value).replace("-", MINUS)
    if isinstance(value, int) and abs(value) < 10**17:  # a whole number, exact: 2,000,000
        return count(value).replace("-", MINUS)
    if isinstance(value, int) and abs(value) > 1e300:  # a float can't hold it: in brief
        mantissa, _, power = f"{Decimal(value):.5e}".partition("e")
        return f"{mantissa.rstrip('0').rstrip('.')}e{int(power)}".replace("-", MINUS)
    written = repr(abs(value))
    digits = len(written.split("e")[0].replace(".", "").strip("0")) or 1  # 1.15e13: 3
    return num(value, digits if digits <= 17 else 6)


def num_beside(value: float, other: str, digits: int = 4, most: int = 12) -> str:
    """`value` as `num` shows it, with more digits (up to `most`) where it would read the
    same as `other`, a number shown beside it, and is not: "your guess −12.4, the mean ȳ
    −12.4 (score 99.8)" read as a right answer scored wrong; the mean was −12.404."""
    text = num(value, digits)
    while text == other and digits < most:  # the same to the last digit: the same text
        digits += 1
        text = num(value, digits)
    return text


def told_apart(
    value: float, other: float | None, digits: int = 4, most: int = 12
) -> tuple[str, str]:
    """`value` as `steady` writes it (a number that changes as the player plays) and `other`
    as `num` does, each to as many more digits (up to `most`) as make them read apart where
    they differ: "MSE = 1.375" over "target 1.375" read as the target met, and it was not
    (1.37457 against 1.37455). Two that read alike even to `most` digits differ by
    round-off alone, and read as one number to `digits` ("Your MSE: 0.689357400495"
    over "best possible: 0.689357400495" on A stretched bowl's win). No `other` (a level
    without a target): "" for it."""
    if other is None:
        return steady(value, digits), ""
    shown = steady(value, digits), num(other, digits)
    if abs(value - other) > 10.0**-most * max(abs(value), abs(other)):
        # (else apart in their last digits, 0.68935740049 against 0.68935740050)
        while value != other and digits < most and reads_alike(*shown):
            digits += 1
            shown = steady(value, digits), num(other, digits)
    # read together, so grouped alike: "MSE = 12,345" over "target 9876" read as two kinds
    value_shown, other_shown = grouped_alike(shown)
    return value_shown, other_shown


def reads_alike(one: str, other: str) -> bool:
    """Whether two shown numbers read as one value (1.3750 and 1.375 do; words only as
    the same words)."""
    return one == other or shown_value(one) == shown_value(other)


def apart(a: float, b: float, digits: int = 4) -> tuple[str, str]:
    """Two numbers as `num` writes them to `digits` significant digits, or as many more as
    they need to read differently when they differ ("MSE ≤ 1 is below the best achievable
    1.0004", never "… 1")."""
    for places in range(digits, 18):
        shown = num(a, places), num(b, places)
        if shown[0] != shown[1] or a == b:
            return shown
    return num(a, 17), num(b, 17)


def significant_digits(shown: str) -> int:
    """How many significant digits a shown number has: its mantissa's digits from the first
    that is not 0 (0.0150 and 1.5e−2: 3; 827,334.1: 7; 0: 1)."""
    mantissa = shown.split("e")[0]
    return len("".join(ch for ch in mantissa if ch.isdigit()).lstrip("0")) or 1


def e_notation(value: float, decimals: int) -> str:
    """`value` in e-notation, `decimals` decimals in its mantissa, as the game writes one:
    6.701401e7, −3e5, 1.0e−6 (not 6.701401e+07)."""
    mantissa, exponent = f"{value:.{decimals}e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", MINUS)


def _grouped(text: str) -> str:
    """A number written with a point (or none), its whole part grouped in thousands."""
    whole, point, decimals = text.partition(".")
    return f"{int(whole):,}{point}{decimals}"


_E_LARGE = re.compile(r"\de\d")
"""A large number in e-notation (3.58e6; not 1e−5, nor the words "too large to show")."""
_E_NUMBER = re.compile(f"\\de[{MINUS}-]?\\d")
"""A number in e-notation, large or small (3.58e6, 1e−5)."""


def alike(
    values: Sequence[float],
    shown: Sequence[str],
    digits: int | Sequence[int] = 4,
    *,
    grouped: bool = True,
) -> list[str]:
    """Numbers read together (a line's m and b, a formula's terms), as `shown` but written
    alike: once one is large in e-notation, each from 10,000 on is too, to `digits` significant
    digits (or each to its own, given one for each), trailing zeros kept (9.47e5 beside
    3.58e6, not 947,239; −2.960e14 beside −6.977e8, not −2.96e14); else once one is grouped,
    each from 1000 on is too (−13,429.377·x − 2,064.7468, not 2064.7468), unless not
    `grouped`: numbers of two quantities, each grouped as its own (a year's x̄ of 2005 beside
    a ȳ of 18,348)."""
    each = [digits] * len(values) if isinstance(digits, int) else list(digits)
    if any(_E_LARGE.search(text) for text in shown):
        return [
            ("+" if text.startswith("+") else "") + e_notation(value, places - 1)
            if _e_large_too(value, text)
            else text
            for value, text, places in zip(values, shown, each, strict=True)
        ]
    return grouped_alike(shown) if grouped else list(shown)


def _e_large_too(value: float, shown: str) -> bool:
    """Whether a number `alike` writes in e-notation beside one large in it: from 10,000 on
    (a slope of 1,304.4, grouped beside its intercept, is not: it read 1.3044e3)."""
    large = abs(value) >= 10_000 and "," in shown
    return (large or bool(_E_LARGE.search(shown))) and math.isfinite(value)


def each_alike(values: Sequence[float], shown: Sequence[str]) -> list[str]:
    """Numbers of one quantity read together (the best lines' slopes, one under the other),
    as `shown`, but written `alike` to the digits each has, then grouped alike: "b = −2.509e6"
    over "b = −2,451,903", and "m = 1266.24" over "m = 1,237.8824", had read as two kinds."""
    digits = [significant_digits(text) for text in shown]
    return grouped_alike(alike(values, shown, digits))


def grouped_alike(shown: Sequence[str]) -> list[str]:
    """Numbers read together, as `shown`, but once one is grouped in thousands (`num` and
    `fixed_decimals` group from five digits), each from 1000 on is too: the bowl's walk
    read −12,634 over −2670 in one column, and ∂MSE/∂m = +21,071 beside ∂MSE/∂b = +4460."""
    if any("," in text for text in shown):
        return [_signed_grouped(text) for text in shown]
    return list(shown)


def _signed_grouped(shown: str) -> str:
    """A shown number, grouped in thousands if it is plain digits, with its sign if any
    (−2064.7 → −2,064.7, +4460 → +4,460)."""
    digits = shown.removeprefix(MINUS).removeprefix("+")
    if not plain_digits(digits):
        return shown
    return shown[: len(shown) - len(digits)] + _grouped(digits)


def pair(m: float, b: float, digits: int = 4, scale: float = 0.0) -> tuple[str, str]:
    """A line's m and b as `num` writes them, written `alike`."""
    slope, height = alike((m, b), (num(m, digits, scale), num(b, digits, scale)), digits)
    return slope, height


FIELDS_APART = "   "
"""What stands between the fields of a status line (see `pack_fields`)."""


def pack_fields(line: str, width: int, between: str = FIELDS_APART) -> list[str]:
    """A line of fields (`between` apart) packed into rows of at most `width` cells, each
    field whole on its row ("optimum" no longer ended a row with its number on the next);
    a field wider than the row has a row of its own."""
    rows: list[str] = []
    for field in line.split(between):
        if rows and cell_len(rows[-1] + between + field) <= width:
            rows[-1] += between + field
        else:
            rows.append(field)
    return rows or [line]


def count(n: int) -> str:
    """A count, exact: its digits grouped from five (1488, 12,000, 1,000,000)."""
    return f"{n:,}" if abs(n) >= 10_000 else str(n)


def steady(value: float, digits: int = 4) -> str:
    """A number that changes as the player plays (the MSE beside the line): as `num`, with
    its trailing zeros kept, so it holds its width from press to press (0.7100 after
    0.4433, not 0.71; 366.0 beside 369.3)."""
    text = num(value, digits)
    if _E_NUMBER.search(text):  # 3.000e6, not 3e6: the MSE of 2,999,523 read as one digit
        return e_notation(value, digits - 1)
    if text == "0" or "e" in text or "," in text or " " in text:
        return text
    return f"{value:#.{digits}g}".rstrip(".").replace("-", MINUS)


def column(values: Sequence[float], digits: int = 3, scale: float | None = None) -> list[str]:
    """Numbers read together (a sum and its parts, a table's column), to one number of
    decimals: `scale` (else the largest) to `digits` significant digits, the others to the
    same place (0.079 0.000 0.120, not 0.079 1.21e−5 0.12). From FIXED_MOST on, and below
    FIXED_LEAST (where `num` writes e-notation too): `num`. Written `alike`."""
    finite = [abs(v) for v in values if math.isfinite(v)]
    largest = max(finite, default=0.0) if scale is None else abs(scale)
    if not (FIXED_LEAST <= largest < FIXED_MOST and max(finite, default=0.0) < FIXED_MOST):
        return alike(values, [num(v, digits) for v in values], digits)
    decimals = max(0, digits - 1 - math.floor(math.log10(largest)))
    return grouped_alike([fixed_decimals(v, decimals) if math.isfinite(v) else num(v)
                          for v in values])  # fmt: skip


def line_numbers(
    m: float,
    b: float,
    loss: Callable[[float, float], float],
    digits: int = 4,
    scale: tuple[float, float] = (0.0, 0.0),
    least: tuple[int, int] = (0, 0),
    within: float = 0.0,
) -> tuple[str, str]:
    """m and b for people, with as many significant digits (at least 4) as it takes for the
    line as shown to have the loss shown beside it (to `digits`): on a steep or
    near-singular bowl, 4 digits of m can move the MSE in its third. (`within` > 0: for its
    loss to be within that share of the last digit shown, so a loss on a rounding edge
    does not ask for ever more digits.)

    Given the keys' steps (`scale`), each is shown to the fixed decimals of its finest
    step (shift: a tenth), so the numbers keep their width as the line moves (1.20, 1.25,
    1.30, not 1.2, 1.25, 1.3), with more decimals only where the loss asks for them, and
    never fewer than `least` (what a screen showed before: see `decimals_of`). With no
    steps, `least` (if any) are the fixed decimals (the auto-solver's, for a whole run).
    The two are written `alike`."""
    if scale == (0.0, 0.0):
        decimals = None if least == (0, 0) else least
    else:
        dm = 0 if scale[0] == 0 == m else grid_decimals(scale[0] / 10)  # a constant: no m
        db = grid_decimals(scale[1] / 10)
        decimals = None if dm is None or db is None else (max(dm, least[0]), max(db, least[1]))
    true = loss(m, b)
    agrees = _agreement(true, digits, within)
    # the line as shown is the line itself, mostly (a key's line on its grid): its loss is
    # not worked out again (O(n) on small data, a nudge's every key)
    shown_loss = partial(_known_loss, loss, (m, b), true)
    fixed = None if decimals is None else _fixed_line_numbers(m, b, shown_loss, agrees, decimals)
    if fixed is not None:
        return fixed
    dm = db = 4
    if math.isfinite(m) and math.isfinite(b):
        # each to the digits it needs: on x near 1e15, b took nine for the MSE, and m with
        # it (m = −1.74305172e−16, where −1.743e−16 gives the same MSE)
        found = fewest_each(lambda i, j: agrees(loss(_to(m, i), _to(b, j))), 4, 16)
        dm, db = found or (17, 17)
    shown = (num(m, dm, scale[0]), num(b, db, scale[1]))
    slope, height = alike((m, b), shown, (dm, db))
    return slope, height


def fewest_each(
    agrees: Callable[[int, int], bool], least: int, most: int
) -> tuple[int, int] | None:
    """The fewest digits (from `least` up to `most`) of each of two numbers, m and b, at which
    `agrees(digits of m, digits of b)`: as many for both as it takes, then each back to the
    fewest it needs, m first; None where no number of digits up to `most` will do."""
    both = next((d for d in range(least, most + 1) if agrees(d, d)), None)
    if both is None:
        return None
    if both == least:  # the usual case (each back to the fewest is this already): once asked
        return both, both
    first = next(k for k in range(least, both + 1) if agrees(k, both))
    return first, next(k for k in range(least, both + 1) if agrees(first, k))


def _to(value: float, digits: int) -> float:
    """`value` to `digits` significant digits."""
    return float(f"{value:.{digits}g}")


def shown_value(text: str) -> float:
    """The value a number as shown reads as (−1,234.5, 6.7e−10); NaN for words such as
    "too large to show"."""
    try:
        return float(text.replace(MINUS, "-").replace(",", ""))
    except ValueError:
        return math.nan


def loss_as_shown(
    loss: Callable[[float, float], float], line: tuple[str, str], true: float
) -> float:
    """The loss of the line as `line_numbers` showed it (`line`): what a reader works out
    from the m and b on screen, so the loss shown beside them is theirs to its last digit
    (`within` lets it be up to half a digit from `true`, the line's own; shown to the
    digits of `true`, the two halves made 0.97 of a digit). `true` where they are not
    numbers or their loss is not finite."""
    m, b = shown_value(line[0]), shown_value(line[1])
    if not (math.isfinite(m) and math.isfinite(b)):
        return true
    value = loss(m, b)
    return value if math.isfinite(value) else true


FIXED_MOST = 1e12
"""Numbers from this size on are shown by significant digits, never fixed decimals."""
FIXED_LEAST = 1e-4
"""A `column` whose largest number is below this is shown by significant digits (a points
level 1e−10 tall showed its x as 0.000000000115, three times as wide as its column)."""


@lru_cache(maxsize=64)  # a level's few steps, asked of at every key (the HUD's m and b)
def grid_decimals(step: float) -> int | None:
    """The decimals that show every multiple of `step` exactly (0.05: 2, 2: 0), or None for
    a step finer than 10 decimals (or not a step at all)."""
    if not (math.isfinite(step) and step > 0):
        return None
    return next((d for d in range(11) if abs(round(step, d) - step) <= 1e-9 * step), None)


def fixed_decimals(value: float, decimals: int) -> str:
    """`value` to `decimals` places, with the minus sign U+2212 and no −0.00; its whole part
    grouped from five digits, as `num` groups it (30,471.5 beside ȳ = 32,819)."""
    text = f"{value:.{decimals}f}"
    if float(text) == 0:
        return text.lstrip("-")
    if abs(value) >= 10_000:
        text = _grouped(text)
    return text.replace("-", MINUS)


def reads_plain(value: float, decimals: int) -> bool:
    """Whether `value` to `decimals` places is in the notation `num` writes it in, plain
    digits: from FIXED_LEAST up to FIXED_MOST, or 0 at those places. Smaller, `num` writes
    it in e-notation (the sandbox on data near 1e−8 read "b = 0.0000000355440" beside an
    MSE of 3.29e−18 and a goal, ticks and steps all in e-notation: an independent check)."""
    return FIXED_LEAST <= abs(value) < FIXED_MOST or round(value, decimals) == 0


def fixed_or_num(value: float, decimals: int | None, digits: int = 4) -> str:
    """`value` to `decimals` places where that `reads_plain`; else (or with no decimals)
    as `num` writes it, to `digits` significant digits."""
    if decimals is not None and math.isfinite(value) and reads_plain(value, decimals):
        return fixed_decimals(value, decimals)
    return num(value, digits)


def _agreement(true: float, digits: int, within: float) -> Callable[[float], bool]:
    """Whether a loss reads as `true` does to `digits` significant digits, or differs from it
    by round-off alone (ROUND_OFF of it: a loss on a rounding edge, 7.8505 that read 7.851
    or 7.850 by its last bit, asked for every digit of a key lattice's m, and a 4-row CSV's
    HUD read "m = −0.3600000000000003"); `within` > 0: whether it is within that share of a
    unit in the last of them."""
    if within <= 0 or not (math.isfinite(true) and true):
        shown = num(true, digits)
        noise = ROUND_OFF * abs(true) if math.isfinite(true) else 0.0
        return lambda value: num(value, digits) == shown or abs(value - true) <= noise
    unit = 10.0 ** (math.floor(math.log10(abs(true))) - digits + 1)
    return lambda value: abs(value - true) <= within * unit


def _known_loss(
    loss: Callable[[float, float], float],
    known: tuple[float, float],
    value: float,
    m: float,
    b: float,
) -> float:
    """`loss(m, b)`, `value` where (m, b) is the line `known` (its loss already)."""
    return value if (m, b) == known else loss(m, b)


def _fixed_line_numbers(
    m: float,
    b: float,
    loss: Callable[[float, float], float],
    agrees: Callable[[float], bool],
    decimals: tuple[int, int],
) -> tuple[str, str] | None:
    """m and b to fixed `decimals`, and more where the loss of the line as shown needs them
    (to the one of the two that needs them first: a line turned about x̄ moves b off its
    grid, not m); None where fixed decimals do not serve (numbers too large or not
    finite, or the loss asks for more than 7 more)."""
    if not (abs(m) < FIXED_MOST and abs(b) < FIXED_MOST):
        return None
    dm, db = decimals
    for more in range(8):
        for em, eb in ((0, more), (more, 0), (more, more)):
            if agrees(loss(round(m, dm + em), round(b, db + eb))):
                if not (reads_plain(m, dm + em) and reads_plain(b, db + eb)):
                    return None  # by significant digits, in e-notation, as `num` writes it
                shown_pair = (fixed_decimals(m, dm + em), fixed_decimals(b, db + eb))
                slope, height = alike((m, b), shown_pair)
                return slope, height
    return None


def with_decimals(shown: str, decimals: int) -> str:
    """A shown number with zeros added up to `decimals` decimals (−1.08 → −1.0800); one in
    e-notation, grouped, or with as many already, as it was."""
    if "e" in shown or "," in shown or not plain_digits(shown.lstrip(MINUS)):
        return shown
    have = decimals_of(shown)[0]
    if have >= decimals:
        return shown
    return shown + ("" if have else ".") + "0" * (decimals - have)


def beside(value: float, shown: str) -> str:
    """`value` to the decimals of a number already `shown` beside it (a win's best MSE
    0.8600 under "Your MSE: 1.130" read 0.86), in e-notation to its mantissa's beside one
    in e-notation; as `num` where that cannot hold it: `shown` not plain decimals, `value`
    too large, or a value other than 0 that would read 0."""
    mantissa, e, _ = shown.partition("e")
    if e and plain_digits(mantissa.lstrip(MINUS)) and value and math.isfinite(value):
        # beside "Your MSE: 1.450e18", the best 1.45e18 (not 1.450e18) read as less
        return e_notation(value, decimals_of(mantissa)[0])
    if not plain_digits(shown.lstrip(MINUS)) or not abs(value) < FIXED_MOST:
        return num(value)
    decimals = decimals_of(shown)[0]
    if value != 0 and round(value, decimals) == 0:
        return num(value)
    return fixed_or_num(value, decimals)


def shown_beside(
    value: float, others: Sequence[float], shown: str | None = None
) -> tuple[str, list[str]]:
    """`value` as shown (`steady`, unless `shown`), to as many more digits as tell it from
    each of `others` it differs from, and each of `others` to its decimals (`beside`): "Your
    MSE: 0.6873" over "best possible: 0.6873" had read as the best, and earned two stars."""
    yours = steady(value) if shown is None else shown
    for other in others:
        if other != value and reads_alike(beside(other, yours), yours):
            yours = max(yours, told_apart(value, other)[0], key=len)
    return yours, [beside(other, yours) for other in others]


def sum_of_two(total: float, part: float, digits: int = 4) -> tuple[str, str, str]:
    """A sum of two parts, one part, and the other written as the rest, so the parts as
    shown add up to the sum as shown, to its last digit (MSE = bias² + variance exactly:
    rounded apart they missed by one, "51,835 = 25,362 + 26,474"): in one number of
    decimals, the sum's to `digits` significant digits (a part larger than the sum, of
    the other sign, to the same decimals), as `column` writes them; in e-notation (below
    FIXED_LEAST, from FIXED_MOST), each to the sum's power of ten ("2.763e−24 = 0.399e−24
    + 2.364e−24")."""
    shown = column((total, part), digits, scale=total)
    if all(math.isfinite(v) for v in (total, part)) and not any("e" in s for s in shown):
        decimals = decimals_of(shown[0])[0]
        rest = _exact(shown[0]) - _exact(shown[1])
        return shown[0], shown[1], fixed_decimals(float(rest), decimals)
    if not (math.isfinite(total) and math.isfinite(part)) or total == 0:
        return num(total, digits), num(part, digits), num(total - part, digits)
    sum_text = e_notation(total, digits - 1)
    power = int(sum_text.split("e")[1].replace(MINUS, "-"))
    scaled = Decimal(part).scaleb(-power).quantize(Decimal(1).scaleb(1 - digits))
    rest = _exact(sum_text.split("e")[0]) - scaled
    return (
        sum_text,
        f"{scaled}e{power}".replace("-", MINUS),
        f"{rest}e{power}".replace("-", MINUS),
    )


def likelihood_formula(n: int, sse: float, sigma: float, sigma_shown: str) -> list[str]:
    """−log L with a line's numbers filled in, in two rows: its constant and fit terms add
    up to the sum as shown, to the last digit (`sum_of_two`; rounded apart they missed by
    one), and σ as the HUD beside it shows it (`sigma_shown`)."""
    from dartfit.core.likelihood import neg_log_likelihood_terms  # (numpy only when drawn)

    const, fit_term = neg_log_likelihood_terms(n, sse, sigma)
    total, const_shown, fit_shown = sum_of_two(const + fit_term, const)
    return [
        "−log L = (n/2)·log(2πσ²) + SSE/(2σ²)",
        f"       = ({count(n)}/2)·log(2π·{sigma_shown}²) + {num(sse)}/(2·{sigma_shown}²)"
        f" = {const_shown} + {_bracketed(fit_shown)} = {total}",
    ]


def _exact(shown: str) -> Decimal:
    """A number as shown (grouped digits, the minus sign U+2212), as a Decimal."""
    return Decimal(shown.replace(",", "").replace(MINUS, "-"))


def plain_digits(*shown: str) -> bool:
    """Whether each shown number is plain digits, a point at most (0.213, 12: not −1,
    1.2e13, 12,000 or "too large to show"), so it reads back as the float it shows."""
    return all(text.replace(".", "", 1).isdigit() for text in shown)


def decimals_of(*shown: str) -> tuple[int, ...]:
    """How many decimals each number shows ("1.250": 3, "−4": 0)."""
    return tuple(len(text.partition(".")[2]) if "e" not in text else 0 for text in shown)


def step_sizes(m: float | None, b: float) -> str:
    """What one arrow press moves: "steps m ±0.2 b ±2" (a constant's: "step b ±2")."""
    return f"step b ±{num(b)}" if m is None else f"steps m ±{num(m)} b ±{num(b)}"


def operand(value: float, digits: int = 4, scale: float = 0.0) -> str:
    """A number that follows an operator: in brackets when negative, so `a − (−5)`."""
    return _bracketed(num(value, digits, scale))


def mse_formula(y: Numbers, y_pred: Numbers, value: float, terms: int = 2, n: int = 0) -> str:
    """``MSE = (1/n)·[(y₁ − ŷ₁)² + (y₂ − ŷ₂)² + …] = value`` with the numbers filled in.

    Only the first `terms` points are needed; `n` is the count of all of them."""
    n = n or len(y)
    shown = [f"({a} − {_bracketed(b)})²" for a, b in _terms(y, y_pred, terms)]
    body = " + ".join(shown) + (" + …" if n > terms else "")
    return f"MSE = (1/{count(n)})·[{body}] = {steady(value)}"  # as in the HUD beside it


TERM_DIGITS = (3, 4, 5)
"""Significant digits a formula's data may take: the fewest that show each y as it is."""


def _terms(y: Numbers, y_pred: Numbers, terms: int) -> list[tuple[str, str]]:
    """The first `terms` pairs (y, ŷ) as a formula shows them: each to three significant
    digits, or up to five where the data have them (a player's 14.035 read 14.0), or more
    where a y and its ŷ differ past them (`_apart_digits`), and all to the decimals the one
    with most has ((0.95 − 0.90)², not (0.95 − 0.9)²; 88.6 − 85.0), written `alike` (9.47e5
    − 3.58e6, not 947,239 − 3.58e6)."""
    values = [float(v) for pair in list(zip(y, y_pred, strict=False))[:terms] for v in pair]
    data = values[::2]
    digits = next((d for d in TERM_DIGITS if all(_reads_back(v, d) for v in data)), TERM_DIGITS[0])
    digits = _apart_digits(list(zip(data, values[1::2], strict=True)), digits)
    shown = [num(v, digits) for v in values]
    decimals = max(decimals_of(*shown), default=0)
    # each to those decimals from its value, not its three digits padded: ŷ = 2569.81
    # beside y = 44.5 read 2570.0, a tenth it does not have
    shown = [
        fixed_decimals(v, decimals) if plain_digits(text.lstrip(MINUS)) else text
        for v, text in zip(values, shown, strict=True)
    ]
    shown = alike(values, shown, digits)
    return list(zip(shown[::2], shown[1::2], strict=True))


TERM_MOST = 10
"""The most significant digits a formula's y and ŷ take to read apart (`_apart_digits`)."""


def _apart_digits(pairs: Sequence[tuple[float, float]], digits: int) -> int:
    """`digits`, or as many more (up to TERM_MOST) as each pair (y, ŷ) that differs by more
    than round-off needs to read apart, as `apart` writes a pair: on data near 1e15 the
    formula read (1.00e15 − 1.00e15)², a miss of 1e10 shown as none."""
    differ = [
        (a, b)
        for a, b in pairs
        if math.isfinite(a - b) and abs(a - b) > ROUND_OFF * max(abs(a), abs(b))
    ]
    return max((_digits_apart(a, b, digits) for a, b in differ), default=digits)


def _digits_apart(a: float, b: float, digits: int, most: int = TERM_MOST) -> int:
    """The fewest significant digits, from `digits` up to `most`, at which `num` writes `a`
    and `b` apart (`most` if none)."""
    return next((d for d in range(digits, most + 1) if num(a, d) != num(b, d)), most)


def _reads_back(value: float, digits: int) -> bool:
    """Whether `value` to `digits` significant digits is the value itself."""
    return float(f"{value:.{digits}g}") == value


def _bracketed(text: str) -> str:
    """A shown number that follows an operator: in brackets when negative, so `a − (−5)`."""
    return f"({text})" if text.startswith(MINUS) else text


def mae_formula(
    y: Numbers, y_pred: Numbers, value: float | None, terms: int = 2, n: int = 0
) -> str:
    """``MAE = (1/n)·[|y₁ − ŷ₁| + …] = value`` with the numbers filled in (… while unknown)."""
    n = n or len(y)
    shown = [f"|{a} − {_bracketed(b)}|" for a, b in _terms(y, y_pred, terms)]
    body = " + ".join(shown) + (" + …" if n > terms else "")
    shown_value = "…" if value is None else steady(value)
    return f"MAE = (1/{count(n)})·[{body}] = {shown_value}"


def line_equation(
    m: float, b: float, scale: float = 0.0, shown: tuple[str, str] | None = None
) -> str:
    """``ŷ = m·x + b`` with the numbers in, the intercept's sign as the operator: ŷ = 2·x − 3
    (`shown`: m and b as `line_numbers` typeset them)."""
    return typeset_line(*(shown or pair(m, b, scale=scale)))


def typeset_line(slope: str, intercept: str) -> str:
    """``ŷ = m·x + b`` of m and b as typeset, the intercept's sign as the operator."""
    term = {"0": "", "1": "x", f"{MINUS}1": f"{MINUS}x"}.get(slope, f"{slope}·x")
    if not term:  # as written by hand: ŷ = 3, ŷ = x + 1, ŷ = 2·x, never 1·x or 0·x
        return f"ŷ = {intercept}"
    if intercept == "0":
        return f"ŷ = {term}"
    if intercept.startswith(MINUS):
        return f"ŷ = {term} − {intercept[1:]}"
    return f"ŷ = {term} + {intercept}"


def stars_text(stars: int) -> str:
    """Three star slots: ★ earned, ☆ not."""
    return "★" * stars + "☆" * (3 - stars)


def whole_percents(shares: Sequence[float]) -> list[int]:
    """Shares (summing to 1) as whole percents that add up to 100: each rounded down, and
    the points left given to the largest remainders (0, 5, 39, … summed to 101)."""
    raw = [100.0 * max(share, 0.0) for share in shares]
    if not raw or not math.isfinite(sum(raw)) or sum(raw) <= 0:
        return [round(value) if math.isfinite(value) else 0 for value in raw]
    raw = [value * 100.0 / sum(raw) for value in raw]
    whole = [math.floor(value) for value in raw]
    left = 100 - sum(whole)
    for i in sorted(range(len(raw)), key=lambda i: whole[i] - raw[i])[:left]:
        whole[i] += 1
    return whole


_PLAIN_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?!\w|\.\d)")


def typeset_numbers(sentence: str) -> str:
    """A sentence whose numbers Python wrote (f"{mse:.6g}": "9.75244e+15", "-6.47e-08") with
    them written as `num` writes its own: "9.75244e15", "−6.47e−8". The solver's reasons,
    printed beside numbers `num` wrote, mixed the two on one screen."""

    def typeset(found: re.Match[str]) -> str:
        mantissa, _, power = found.group().lower().partition("e")
        if abs(float(mantissa)) >= 10_000 and not power:
            mantissa = _grouped(mantissa)  # 123,457, as num groups from five digits
        if power:
            sign, digits = ("−", power[1:]) if power[0] == "-" else ("", power.lstrip("+"))
            mantissa += f"e{sign}{digits.lstrip('0') or '0'}"
        return mantissa.replace("-", MINUS)

    return _PLAIN_NUMBER.sub(typeset, sentence)


def with_sign(shown: str) -> str:
    """A shown number with its sign always: +1.20, −0.40; one that reads 0 (0.00) as is."""
    if shown.startswith(MINUS) or not any(c in "123456789" for c in shown.split("e")[0]):
        return shown
    return "+" + shown


def signed(value: float, digits: int = 3, scale: float = 0.0) -> str:
    """A number that always shows its sign: +1.2, −0.4, 0 (round-off too, as in `num`)."""
    return with_sign(num(value, digits, scale))


def signed_alike(values: Sequence[float], digits: int = 3, scale: float = 0.0) -> list[str]:
    """Numbers read together, each with its sign (`signed`), written `alike` (the bowl's
    ∂MSE/∂m = +21,071 beside ∂MSE/∂b = +4460)."""
    return alike(values, [signed(value, digits, scale) for value in values], digits)


def bar(value: float, scale: float, width: int) -> str:
    """A horizontal bar in eighths of a cell, `width` cells for `scale`; ▶ when it runs over."""
    if scale <= 0 or not math.isfinite(value):
        return ""
    eighths = round(max(value, 0.0) / scale * width * 8)
    if eighths > width * 8:
        return "█" * (width - 1) + "▶"
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


def predict_choice(number: int, choice: str, mark: str = NBSP) -> str:
    """A prediction's choice as the question lists it: its mark (▸ on the one picked), its
    number (from 1) and its words."""
    return f"{mark} {number}. {choice}"


def hint_line(hints: tuple[str, ...] | list[str], k: int) -> str:
    """The k-th hint (from 1) as a level shows it."""
    return f"Hint {k}/{len(hints)}: {hints[k - 1]}"


def shown_score(score: float) -> str:
    """A score (0 to 100) as the player reads it, on the HUD, the win panel and the level
    list alike: to a tenth, rounded down (49.96 is 49.9, so a score shown as the target's
    number has met it), a whole one whole (100, not 100.0). Whole points rounded down
    read 93 beside the working 100 × (1 − 0.0607), and 66 on the HUD for 66.67 on the
    win panel."""
    tenths = score_tenths(score)
    text = str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"
    return text.replace("-", MINUS)


def as_typed(typed: str) -> str:
    """A number as the player types it (a guess, a check's answer), its hyphen key shown as
    the minus sign every shown number has: −4, not -4."""
    return typed.replace("-", MINUS)


def shown_result(metric: str, value: float) -> str:
    """A level's result as the player read it while playing, on the win panel and in the
    level list alike: a score as `shown_score`, an MSE or MAE as the HUD's `steady` (the
    list read "MSE 9" for the 8.998 the HUD and the win panel showed)."""
    return shown_score(value) if metric == "score" else steady(value)


def score_tenths(score: float) -> int:
    """A score in whole tenths as `shown_score` shows it, and as the target is judged on,
    so a score that reads 60 has met a target of 60 (60 − 1e-10 read 60 and fell short).
    The 1e-9 keeps a score worked out as 70 (69.99999999999999) at 70."""
    return math.floor(score * 10 + 1e-9)
