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
    "ghost",
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
        if full or self._size != self.size or len(rows) != len(self._rows):
            self._rows, self._strips, self._size = rows, {}, Size(width, height)
            self.refresh()
            return
        changed = [y for y, row in enumerate(rows) if row != self._rows[y]]
        self._rows = rows
        for y in changed:
            self._strips.pop(y, None)
            self.refresh(Region(0, y, width, 1))

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
            segments: list[Segment] = []
            run, run_style = [], None
            for char, style in self._rows[y]:
                if style != run_style and run:
                    segments.append(Segment("".join(run), self._style(run_style or "")))
                    run = []
                run.append(char)
                run_style = style
            if run:
                segments.append(Segment("".join(run), self._style(run_style or "")))
            strip = Strip(segments, len(self._rows[y]))
            self._strips[y] = strip
        return strip

    def text(self) -> str:
        """The picture as plain text (for tests and debugging)."""
        return "\n".join("".join(c for c, _ in row) for row in self._rows)
