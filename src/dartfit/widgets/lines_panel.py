"""LinesPanel: a column of one-line readouts that repaints only the lines that changed.

A HUD changes a few numbers per key press; giving each row its own widget means a nudge
re-sends those rows and not the whole panel (cheap over SSH). No line is ever cut: a line
wider than the panel wraps onto indented rows, and when the rows are more than the panel
is tall, the blank lines between groups go first.
"""

from __future__ import annotations

import textwrap

from rich.cells import cell_len
from textual import events
from textual.widget import Widget
from textual.widgets import Static

INDENT = "  "
"""How a wrapped line's later rows start, so they read as one line."""


def wrap(line: str, width: int) -> list[str]:
    """The rows that show `line` at `width` cells: itself if it fits, else wrapped at
    spaces (a word wider than the panel is split), the later rows indented."""
    if width <= len(INDENT) or cell_len(line) <= width:
        return [line]
    rows = textwrap.wrap(line, width, subsequent_indent=INDENT, break_on_hyphens=False)
    return rows or [line]


def fit_rows(lines: list[str], width: int, height: int) -> list[str]:
    """The rows that show `lines` in a panel `width` × `height` (0: not laid out yet):
    each line wrapped to the width, and the blank lines dropped when they don't all fit."""
    rows = [row for line in lines for row in wrap(line, width)]
    if height and len(rows) > height:
        rows = [row for row in rows if row.strip()]
    return rows


class LinesPanel(Widget):
    """Shows a list of text lines; ``show`` updates only rows whose text changed."""

    DEFAULT_CSS = """
    LinesPanel { layout: vertical; height: auto; }
    LinesPanel > Static { height: 1; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[str] = []  # what the screen asked to show
        self._rows: list[str] = []  # what the rows show: the lines wrapped and fitted

    def show(self, lines: list[str]) -> None:
        """Display these lines, touching only the rows that differ from what is shown."""
        self._lines = list(lines)
        self._lay_out()

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        size = self.content_size
        fitted = fit_rows(self._lines, size.width, size.height)
        widgets = list(self.query_children(Static))
        for i, text in enumerate(fitted):
            if i < len(widgets):
                if i >= len(self._rows) or self._rows[i] != text or not widgets[i].display:
                    widgets[i].update(text, layout=False)
                    widgets[i].display = True
            else:
                self.mount(Static(text, markup=False))
        for widget in widgets[len(fitted) :]:
            widget.display = False
        self._rows = fitted

    @property
    def text(self) -> str:
        """Everything asked to be shown, one line per line (for tests)."""
        return "\n".join(self._lines)
