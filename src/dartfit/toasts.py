"""Toasts that break a long path after a "/" (or at a space), never in the middle of a name.

Textual wraps a toast's text at spaces only, and folds a word wider than the toast
wherever its row runs out: a file's path, which has no spaces, was split mid-folder
("…/dartfit-cla" above "ss/results…"). Every dartfit app says its toasts through
`BreaksPaths.notify`, which lays the text out in rows of the toast's width first.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.app import App
from textual.notifications import SeverityLevel

PIECE = re.compile(r"[/\\]*[^ /\\]+[/\\]*|[/\\]+| +")
"""What a row may end after: a name with the separators around it ("/tmp/", "dartfit/"),
a word, or a run of spaces."""
SEPARATOR = re.compile(r"[/\\]")


def toast_width(screen_width: int) -> int:
    """The cells of text a toast holds on a screen `screen_width` wide. Textual's `Toast`
    CSS: `width: 60; max-width: 50%` of its rack, which keeps 2 cells for a scrollbar, less
    a padding of 1 on each side and the 1-cell border on its left (36 at 80 columns)."""
    return max(1, min(60, (screen_width - 2) // 2) - 3)


def broken_at_separators(text: str, width: int) -> str:
    """`text` with each line that holds a path wider than `width` cells (one Textual would
    fold mid-name) laid out in rows at its spaces (then dropped) or after a "/" or "\\", as
    many pieces on a row as fit. A line without one is left to Textual, which wraps it at
    its spaces as well; a name wider than a row is left on a row of its own, to be folded:
    the one break no layout avoids."""
    return "\n".join(
        "\n".join(_rows(line, width)) if _folded(line, width) else line for line in text.split("\n")
    )


def _folded(line: str, width: int) -> bool:
    """Whether Textual would fold a path in `line`: a word wider than a row, with a "/"."""
    return any(cell_len(word) > width and SEPARATOR.search(word) for word in line.split())


def _rows(line: str, width: int) -> list[str]:
    rows: list[str] = []
    row = ""
    for piece in PIECE.findall(line):
        if not piece.isspace() and row.strip() and cell_len(row + piece) > width:
            rows.append(row.rstrip())
            row = ""
        row += piece
    return [*rows, row.rstrip()]


class BreaksPaths(App[None]):
    """An App whose toasts break a path at its separators (see the module's docstring)."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Textual's notify, the message laid out for the toast's width on this screen. A
        message read as markup (Textual's own: "Press [b]escape[/b] to quit") is left as
        written unless it holds none (no "["): a row break could fall inside a tag. Every
        toast of dartfit's that quotes anything is said with markup off
        (tests/test_toast_markup.py)."""
        if not markup or "[" not in message:
            message = broken_at_separators(message, toast_width(self.size.width))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
