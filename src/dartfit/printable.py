"""Text that is safe to show: no character a terminal would act on instead of printing.

Control characters (C0, DEL, C1) can move the cursor, recolour or retitle a terminal;
format characters (bidi overrides, zero-width spaces, soft hyphens) reorder or hide text.
`shown` drops them from text a player reads; `escaped` spells them out in a message.
"""

from __future__ import annotations

import unicodedata

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
"""Control, format, surrogate, private-use, unassigned, line and paragraph separator: none
of them prints as itself everywhere."""

BLANK_LETTERS = frozenset("\u034f\u115f\u1160\u3164\uffa0")
"""Letters and marks that print as nothing (a grapheme joiner, the Hangul fillers)."""


def hidden(char: str) -> bool:
    """Whether a character is not printed but acted on or invisible (a newline counts)."""
    return unicodedata.category(char) in HIDDEN_CATEGORIES or char in BLANK_LETTERS


MARKS = frozenset({"Mn", "Me"})
"""Marks that print on the character before them (accents, enclosing circles), none alone."""


def blank(text: str) -> bool:
    """Whether the text shows a reader nothing: spaces, hidden characters and marks with no
    character to sit on (a title of five accents, U+0301, passed as a title)."""
    return all(
        char.isspace() or hidden(char) or unicodedata.category(char) in MARKS for char in text
    )


def first_hidden(text: str, keep_newlines: bool = False) -> int | None:
    """The index of the first hidden character (a newline kept if asked), or None."""
    plain = text.replace("\n", "") if keep_newlines else text
    if plain.isprintable() and BLANK_LETTERS.isdisjoint(plain):  # the common case, in C
        return None  # (isprintable is stricter: it refuses spaces other than " " too)
    for i, char in enumerate(text):
        if hidden(char) and not (keep_newlines and char == "\n"):
            return i
    return None


def shown(text: str, keep_newlines: bool = False) -> str:
    """The text without hidden characters; a tab, and a newline not kept, become a space."""
    if first_hidden(text, keep_newlines) is None:
        return text
    spaced = {"\t", "\n"} - ({"\n"} if keep_newlines else set())
    return "".join(
        " " if char in spaced else char
        for char in text
        if not hidden(char) or char in spaced or (keep_newlines and char == "\n")
    )


def escaped(text: str) -> str:
    """The text with every hidden character written as an escape: ``\\x1b``, ``\\u202e``."""
    if first_hidden(text) is None:
        return text
    return "".join(_escape(char) if hidden(char) else char for char in text)


def _escape(char: str) -> str:
    """C0 controls and DEL as \\x1b; a byte of a file name that is not UTF-8 as \\xff, as
    stdio writes it; anything else (C1 controls too, so U+0085 and the byte 0x85 differ) as
    \\u0085 or \\U000e0041."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def brief(text: str, most: int = 80) -> str:
    """The text, or when longer than `most` characters its start and end around "…" and
    how long it was: a value echoed in a message stays one readable line."""
    if len(text) <= most:
        return text
    keep = max(most - 24, 2)
    head, tail = keep * 2 // 3, keep - keep * 2 // 3
    return f"{text[:head]}…{text[len(text) - tail :]} ({len(text):,} characters)"


def quoted(text: str) -> str:
    """A value the player gave, as a message quotes it: in double quotes, hidden characters
    escaped, a long one cut. Python's repr, used for this by some messages, spelt a byte of a
    name that is not UTF-8 '\\udcff' where every other message writes \\xff, and one value
    two ways ("no dataset 'x'" on the command line, 'no dataset "x"' in a level file)."""
    return f'"{brief(escaped(text))}"'


ELLIPSIS = "…"
ZWJ = "\u200d"
JOINERS = ZWJ + "\ufe0f"
"""The zero-width joiner and the emoji selector: a text is not cut just before either (nor
just after a joiner), but before the character they go with."""


def fitted(text: str, cells: int, ending: str = ELLIPSIS) -> str:
    """The text in at most `cells` terminal cells, ending in "…" where it was cut (or in
    `ending`: "..." where "…" can't be printed). Cells, not characters: a wide character (中,
    an emoji) takes two and is never cut in half (the level list cut a title of 60 of them
    at 28 cells with no "…", and `dartfit levels` gave it 120 columns)."""
    from rich.cells import cell_len  # 15 ms: not for every start

    if cell_len(text) <= cells:
        return text
    room = cells - cell_len(ending)
    # the longest start that fits, measured whole as the text is: a character's own width
    # undercounts "☀" + U+FE0F (two cells, one by characters), and 20 of them in a title
    # found no place to cut at 28 cells (StopIteration through the level list)
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if cell_len(text[:mid]) <= room else (lo, mid - 1)
    while lo > 0 and (text[lo] in JOINERS or text[lo - 1] == ZWJ):
        lo -= 1  # not between a character and the selector or joiner that goes with it
    return text[:lo] + ending
