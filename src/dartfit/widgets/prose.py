"""Prose: a Static whose text is wrapped by dartfit, never inside a number and its name.

Textual wraps a Static's text at any space, U+00A0 (no-break space) included, so "(target
MSE ≤ 1.378)" could end a row at "≤" and put the number on the next. Prose wraps its text
itself, at the width it is given, breaking only at plain spaces: a label and its value
written with `wording.NBSP` between them stay on one row.
"""

from __future__ import annotations

from rich.style import Style
from textual.widgets import Static

from dartfit.wording import wrap_at_spaces


def wrapped(text: str, width: int) -> str:
    """`text` wrapped to `width` cells at plain spaces only (its own line breaks kept), its
    no-break spaces then shown as plain ones (a row that fits is not wrapped again)."""
    return "\n".join(row for line in text.split("\n") for row in wrap_at_spaces(line, width))


class Prose(Static):
    """A Static of plain text (no markup) wrapped at plain spaces, again at each new width."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(text, id=id, classes=classes, markup=False)
        self._text = text

    def set_text(self, text: str) -> None:
        """Show new text, wrapped to the width the widget has."""
        self._text = text
        self.on_resize()

    def on_resize(self) -> None:
        self.update(wrapped(self._text, self.content_size.width))


def clicks(action: str) -> Style:
    """A style that makes text run `action` when clicked (a choice a click answers, as its
    number does: the mouse did nothing on a question's choices)."""
    return Style(meta={"@click": action})
