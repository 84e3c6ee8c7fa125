"""Slips of JSON syntax mended in a save that does not read: a progress.json edited by hand
or cut short put the whole file aside, every star with it, for one character.

`mended` reads past what a hand or a crash leaves: trailing commas, `//` comments, Python's
True, False and None, bytes after the first whole object (NULs from a crash, a second
object), and a file cut off mid-entry (closed without its unfinished last entry). It mends
the text only; the reader reads what it returns as strictly as ever.
"""

from __future__ import annotations

import json
import re

SLIPS = re.compile(r'"(?:[^"\\]|\\.)*"|//[^\n]*|,(?=\s*[}\]])|\b(?:True|False|None)\b', re.S)
"""A string (left as it is), a comment, a comma before a closing bracket, a Python word."""
WORDS = {"True": "true", "False": "false", "None": "null", ",": ""}
OUTSIDE_WHOLE = " \t\r\n\x00\ufeff"
"""What may come before and after the object and go unsaid."""
CUTS_TRIED = 16
"""Entries from the end a file cut off may lose, at most (each try reads the file again)."""


def mended(text: str) -> tuple[str, list[str]] | None:
    """The text with its slips mended and what was done, in words; None if it can't be."""
    said: list[str] = []
    fixed = SLIPS.sub(lambda found: _mend(found.group(), said), text).strip(OUTSIDE_WHOLE)
    decoder = json.JSONDecoder(strict=False)
    try:
        _, end = decoder.raw_decode(fixed)
    except json.JSONDecodeError:
        closed = _closed(fixed)
        if closed is None:
            return None
        return closed, [*said, "closed where it was cut off, without its unfinished last entry"]
    except (ValueError, RecursionError, OverflowError, MemoryError):
        return None  # not a slip of syntax: the reader says what it is
    if fixed[end:].strip(OUTSIDE_WHOLE) or not said:  # not said: NULs after it, say
        said.append("read the first object, left out what follows it")
    return fixed[:end], said


def _mend(slip: str, said: list[str]) -> str:
    if slip.startswith('"'):
        return slip
    what = (
        "left out a comment"
        if slip.startswith("//")
        else "left out a comma before a closing bracket"
        if slip == ","
        else f"read {slip} as JSON's {WORDS[slip]}"
    )
    if what not in said:
        said.append(what)
    return "" if slip.startswith("//") else WORDS[slip]


def _closed(text: str) -> str | None:
    """The text cut back to an entry's end and its brackets closed: at each of the last
    `CUTS_TRIED` commas outside strings, from the end, until what is left reads."""
    closers: list[str] = []
    cuts: list[tuple[int, str]] = []  # a comma's place, and the brackets open there
    for found in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{,\]}]', text, re.S):
        token = found.group()
        if token in "[{":
            closers.append("]" if token == "[" else "}")
        elif token in "]}":
            if not closers:
                return None
            closers.pop()
        elif token == ",":
            cuts.append((found.start(), "".join(reversed(closers))))
    # the whole text closed, only where it ends an entry's value: cut inside a number it
    # read as a shorter one (best_mse 0.000025 cut after 0.0000 read 0.0, kept for good)
    whole = closers and text.rstrip(OUTSIDE_WHOLE).endswith(("}", "]", '"'))
    tries = [(len(text), "".join(reversed(closers)))] if whole else []
    for at, closing in [*tries, *reversed(cuts[-CUTS_TRIED:])]:
        candidate = text[:at].rstrip(OUTSIDE_WHOLE) + closing
        try:
            json.loads(candidate, strict=False)
        except (ValueError, RecursionError, OverflowError, MemoryError):
            continue
        return candidate
    return None
