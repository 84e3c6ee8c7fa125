"""Prose: a Static whose text is wrapped by dartfit, never inside a number and its name.

Textual wraps a Static's text at any space, U+00A0 (no-break space) included, so "(target
MSE ≤ 1.378)" could end a row at "≤" and put the number on the next. Prose wraps its text
itself, at the width it is given, breaking only at plain spaces: a label and its value
written with `wording.NBSP` between them stay on one row.
"""

from __future__ import annotations

from rich.style import Style
from textual.widgets import Static

from dartfit.wording import pack_fields, wrap_at_spaces


def wrapped(text: str, width: int, apart: str | None = None) -> str:
    """`text` wrapped to `width` cells at plain spaces only (its own line breaks kept), its
    no-break spaces then shown as plain ones (a row that fits is not wrapped again). Given
    `apart`, what stands between fields run together along a row: each field that would
    break across two rows starts a row of its own instead, where that takes no more rows
    (the win panel along the bottom ran "…MSE 12.1590  The MSE best line: m = 3.22," into
    "b = 25.68…", three lines read as one)."""
    rows = [row for line in text.split("\n") for row in _rows(line, width, apart)]
    return "\n".join(rows)


def _rows(line: str, width: int, apart: str | None) -> list[str]:
    """One line's rows at `width` (see `wrapped`)."""
    run_on = wrap_at_spaces(line, width)
    if apart is None or len(run_on) < 2:
        return run_on
    packed = [
        row for fields in pack_fields(line, width, apart) for row in wrap_at_spaces(fields, width)
    ]
    return packed if len(packed) <= len(run_on) else run_on


class Prose(Static):
    """A Static of plain text (no markup) wrapped at plain spaces, again at each new width."""

    def __init__(
        self,
        text: str = "",
        *,
        id: str | None = None,
        classes: str | None = None,
        apart: str | None = None,
    ):
        super().__init__(text, id=id, classes=classes, markup=False)
        self._text = text
        self._apart = apart

    def set_text(self, text: str, apart: str | None = None) -> None:
        """Show new text, wrapped to the width the widget has (`apart`: see `wrapped`)."""
        self._text, self._apart = text, apart
        self.on_resize()

    def on_resize(self) -> None:
        self.update(wrapped(self._text, self.content_size.width, self._apart))


def clicks(action: str) -> Style:
    """A style that makes text run `action` when clicked (a choice a click answers, as its
    number does: the mouse did nothing on a question's choices)."""
    return Style(meta={"@click": action})
