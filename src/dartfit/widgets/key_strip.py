"""KeyStrip: a chart's key in a strip of its own under the chart (`pictures.key_strip`).

The chart hands it the key of each picture it draws, as it draws it, so the key names what
that very frame shows (a square seen, the arrows where the line runs off); the strip keeps
its rows for every line (`rows_for`: from its width and what the chart may show), so a
nudge never moves the plot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from textual.app import ComposeResult
from textual.geometry import Size

from dartfit.pictures.key_strip import KeyEntry, draw_key
from dartfit.widgets.canvas import CanvasView, Drawing
from dartfit.widgets.plain import PlainVertical


class KeyStrip(CanvasView):
    """The key under a chart, drawn in the chart's styles (each mark as on the chart)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows_for: Callable[[int], int] | None = None
        self._entries: tuple[KeyEntry, ...] = ()  # what it names
        self._drawn: tuple[tuple[KeyEntry, ...], Size] | None = None  # and at what size, drawn
        self._rows_set: int | None = None  # the height it last gave itself (`_keep_rows`)

    def show_key(self, entries: Sequence[KeyEntry], rows_for: Callable[[int], int]) -> None:
        """Name these entries, in the rows `rows_for` keeps at the strip's width: drawn at
        once, in the chart's frame (the chart has already waited out a burst of keys).
        The same entries at the same size are not drawn again: the strip is a picture of
        them alone, and most nudges name what the last one did (drawing and comparing its
        rows again was a twentieth of a nudge's work, to find nothing changed)."""
        self._rows_for = rows_for
        size = self.size  # asked once: through the screen's compositor, some µs a time
        self._keep_rows(size.width)
        self._entries = tuple(entries)
        self._drawing = partial(draw_key, self._entries)
        if (self._entries, size) != self._drawn:
            self._redraw()

    def on_resize(self) -> None:
        self._keep_rows(self.size.width)
        super().on_resize()

    def _redraw(self, full: bool = False) -> None:
        super()._redraw(full)
        self._drawn = (self._entries, self.size)

    def _keep_rows(self, width: int) -> None:
        """The rows the strip keeps at its width, set where they changed (a new width, the
        squares or the best lines turned on or off), never by a nudge. Its height is looked
        up only where the rows differ from those it last set (its own style, which the
        .tcss does not undo)."""
        if self._rows_for is None or not width:
            return
        rows = self._rows_for(width)
        if rows == self._rows_set:
            return
        height = self.styles.height
        if height is None or not height.is_cells or height.value != rows:
            self.styles.height = rows
        self._rows_set = rows


class KeyRow(PlainVertical):
    """The row the key stands in, under the play area, as tall as the key: a level deeper
    than the play area, so a query for a screen's first CanvasView (breadth first) still
    finds its chart."""

    def compose(self) -> ComposeResult:
        yield KeyStrip(id="key")


KeyedDrawing = Callable[[KeyStrip], Drawing]
"""A chart's drawing that names what each frame shows in the key strip it is given (a
dialog's chart: the dialog makes the strip, the level the drawing)."""
