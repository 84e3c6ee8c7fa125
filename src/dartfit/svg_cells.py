"""Screenshots whose braille and block characters stay in their cells in any SVG renderer.

Textual writes a screenshot's text in runs, one <text> per run of one style, each stretched
to its cells by `textLength`. Braille (a chart's lines, a legend's dotted sample) and block
characters (shades, fills) come from a fallback font whose glyphs are wider than a cell, and
a renderer that ignores `textLength` (rsvg-convert) draws such a run past its end: Galton's
dotted legend sample ran into "your" at 120×40 (and rsvg-convert drops a run's leading
blanks, so the words began on the blank cell that parts them from the sample). Each such
character gets a <text> of its own at its cell's place, and a run starts at its first
character that is not blank.
"""

from __future__ import annotations

import html
import itertools
import re

from rich.cells import cell_len

DRIFTING = re.compile("[\u2580-\u259f\u2800-\u28ff]")
"""Block elements and braille: the characters a monospace font lacks."""
RUN = re.compile(
    r'<text(?P<a>[^>]*?) x="(?P<x>[\d.]+)"(?P<b>[^>]*?) textLength="(?P<len>[\d.]+)"'
    r"(?P<c>[^>]*)>(?P<text>[^<]*)</text>"
)
CHAR = re.compile(r"&[^;]+;|.", re.DOTALL)
BLANK = "&#160;"  # a blank cell, as Rich writes it


def pinned(svg: str) -> str:
    """`svg` with each run holding a braille or block character split into one <text> per
    character, each at its own cells (the rest of the picture as it was)."""
    return RUN.sub(_split, svg)


def _split(run: re.Match[str]) -> str:
    chars = CHAR.findall(run["text"])
    blanks = len(chars) - len(list(itertools.dropwhile(BLANK.__eq__, chars)))
    drifting = len(chars) > 1 and DRIFTING.search(html.unescape(run["text"]))
    if not (drifting or 0 < blanks < len(chars)):
        return run[0]
    widths = [max(cell_len(html.unescape(char)), 1) for char in chars]
    cell = float(run["len"]) / sum(widths)
    x = float(run["x"]) + cell * blanks  # a run's leading blanks, which rsvg-convert drops:
    # the words after a legend's sample began on the blank cell that parts them from it
    chars, widths = chars[blanks:], widths[blanks:]
    pieces = zip(chars, widths, strict=True) if drifting else [("".join(chars), sum(widths))]
    parts = []
    for text, width in pieces:
        parts.append(
            f'<text{run["a"]} x="{x:.4g}"{run["b"]} textLength="{cell * width:.4g}"'
            f"{run['c']}>{text}</text>"
        )
        x += cell * width
    return "".join(parts)
