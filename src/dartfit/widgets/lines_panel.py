"""LinesPanel: a column of one-line readouts that repaints only the lines that changed.

A HUD changes a few numbers per key press; giving each line its own widget means a
nudge re-sends those lines and not the whole panel (cheap over SSH).
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Static


class LinesPanel(Widget):
    """Shows a list of text lines; ``show`` updates only lines whose text changed."""

    DEFAULT_CSS = """
    LinesPanel { layout: vertical; height: auto; }
    LinesPanel > Static { height: 1; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[str] = []

    def show(self, lines: list[str]) -> None:
        """Display these lines, touching only those that differ from what is shown."""
        rows = list(self.query_children(Static))
        for i, text in enumerate(lines):
            if i < len(rows):
                if i >= len(self._lines) or self._lines[i] != text:
                    rows[i].update(text, layout=False)
                    rows[i].display = True
            else:
                self.mount(Static(text, markup=False))
        for row in rows[len(lines) :]:
            row.display = False
        self._lines = list(lines)

    @property
    def text(self) -> str:
        """Everything shown, one line per line (for tests)."""
        return "\n".join(self._lines)
