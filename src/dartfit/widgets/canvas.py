"""CanvasView: shows a Raster on Textual's line API and repaints only the rows that changed.

A scene function (size → Raster) is handed down by the screen; every time the picture
changes, the widget redraws the raster, compares it row by row with the last one and
marks just the changed rows dirty. Styles come from component classes in the .tcss, so
themes, NO_COLOR and 16-colour terminals all work, and runs of one style become one
segment, which keeps the bytes per redraw low.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from dartfit.raster import Raster, Row

Scene = Callable[[int, int], Raster]

STYLE_NAMES = (
    "axis",
    "point",
    "point-selected",
    "line",
    "ghost-0",
    "ghost-1",
    "residual",
    "residual-selected",
    "square",
    "square-selected",
    "ring-0",
    "ring-1",
    "ring-0-axis",
    "ring-1-axis",
    "bull",
    "dart",
    "aim",
    "fit",
    "density",
    "band-0",
    "band-1",
)


class CanvasView(Widget):
    """A widget that paints whatever its scene function draws, row-diffed."""

    COMPONENT_CLASSES = {f"canvas--{name}" for name in STYLE_NAMES}

    DEFAULT_CSS = """
    CanvasView { height: 1fr; width: 1fr; }
    """

    @dataclass
    class Clicked(Message):
        """A cell of the picture was clicked (column, row inside the widget)."""

        col: int
        row: int

    def __init__(self, scene: Scene | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._scene = scene
        self._rows: list[Row] = []
        self._strips: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._size = Size(0, 0)

    def show(self, scene: Scene) -> None:
        """Draw a new picture; only rows that differ from the last one are repainted."""
        self._scene = scene
        self._redraw()

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Clicked(event.x, event.y))

    def on_resize(self) -> None:
        self._redraw(full=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def _redraw(self, full: bool = False) -> None:
        width, height = self.size
        if self._scene is None or width == 0 or height == 0:
            return
        rows = self._scene(width, height).rows()
        same_shape = len(rows) == len(self._rows) and all(
            len(row[0]) == len(old[0]) for row, old in zip(rows, self._rows, strict=True)
        )
        if full or self._size != self.size or not same_shape:
            self._rows, self._strips, self._size = rows, {}, Size(width, height)
            self.refresh()
            return
        old_rows, self._rows = self._rows, rows
        for y, (row, old) in enumerate(zip(rows, old_rows, strict=True)):
            if row != old:
                self._strips.pop(y, None)
                first, last = _changed_span(row, old)
                self.refresh(Region(first, y, last - first + 1, 1))

    def _style(self, name: str) -> Style:
        if name not in self._styles:
            base = self.rich_style
            extra = self.get_component_rich_style(f"canvas--{name}", partial=True) if name else None
            self._styles[name] = base + extra if extra else base
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        """One row of the picture as a strip of same-style runs."""
        if y >= len(self._rows):
            return Strip.blank(self.size.width, self.rich_style)
        strip = self._strips.get(y)
        if strip is None:
            text, names = self._rows[y]
            segments: list[Segment] = []
            start = 0
            # group by the resolved style, so names that look alike share one segment
            for style, run in groupby(map(self._style, names)):
                width = sum(1 for _ in run)
                segments.append(Segment(text[start : start + width], style))
                start += width
            strip = Strip(segments, len(text))
            self._strips[y] = strip
        return strip

    def count(self, style: str) -> int:
        """How many cells of the picture have a style (for tests and debugging)."""
        return sum(styles.count(style) for _, styles in self._rows)

    def text(self) -> str:
        """The picture as plain text (for tests and debugging)."""
        return "\n".join(text for text, _ in self._rows)


def _changed_span(row: Row, old: Row) -> tuple[int, int]:
    """The first and last column where two rows of the same width differ."""
    (text, styles), (old_text, old_styles) = row, old
    cells = list(zip(text, styles, strict=True))
    old_cells = list(zip(old_text, old_styles, strict=True))
    first = next(i for i, (a, b) in enumerate(zip(cells, old_cells, strict=True)) if a != b)
    last = len(cells) - 1
    while cells[last] == old_cells[last]:
        last -= 1
    return first, last
