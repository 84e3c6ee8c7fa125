"""CanvasView: shows a Raster, repainting only the rows that changed.

A drawing function (size → Raster) is handed down by the screen; every time the picture
changes, the widget redraws the raster and hands its rows to `RowView`, which repaints
each changed row. A changed row is repainted whole, not from its first to its last
changed cell: Textual sends a dirty row from the widget's left edge whatever the span,
and a span that ended short of the row's end cost a cropped copy of the row's strip in
every frame; the app's wire (dartfit.wire) sends only the cells that changed either way.
Each cell's style name is a component class in the .tcss (``canvas--<name>``), and runs
of one style become one segment, which keeps the bytes per redraw low.

The mouse is reported up as small messages, in cells of the widget: a click (`Clicked`),
and a drag (`Pressed`, then `Dragged` for each new cell, then `Released`; the mouse is
captured meanwhile, so a drag that leaves the chart is still followed). What a drag moves
is for the screen to decide.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress, pairwise
from operator import ne

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip

from dartfit.pictures.raster import Raster, Row, cells_of
from dartfit.widgets.rows import RowStrip, RowView

Drawing = Callable[[int, int], Raster]

STYLE_NAMES = (
    "axis",
    "point",
    "point-selected",
    "line",
    "line-square",
    "line-square-flat",
    "line-square-selected",
    "line-square-selected-flat",
    "line-square-overlap",
    "ghost-0",
    "ghost-1",
    "ghost-0-fill",
    "ghost-1-fill",
    "reference-fill",
    "reference",
    "residual",
    "residual-selected",
    "square",
    "square-selected",
    "square-flat",
    "square-selected-flat",
    "square-overlap",
    "ring-0",
    "ring-1",
    "ring-0-axis",
    "ring-1-axis",
    "bull",
    "dart",
    "aim",
    "density",
    "shade-1",
    "shade-2",
    "shade-3",
    "shade-4",
    "shade-5",
    "band-0",
    "band-1",
    "band-0-under",
    "ring-0-under",
    "band-1-under",
    "ring-1-under",
    "grid",
    "legend",
    "label",
    "dart-stack",
    "dart-old",
)


SHOWN_ON_BLANKS = ("underline", "underline2", "strike", "overline", "reverse", "blink")
"""What a blank cell shows of its style besides its background."""


Look = tuple[Style, int, "tuple[Color | None] | None"]
"""A style name's look in a canvas: its style, a number shared by the names whose styles
are equal, and what a blank cell of it shows (its background), None where a blank shows
more than that (see `SHOWN_ON_BLANKS`): two runs of blanks look alike where those agree."""


class CanvasView(RowView[Row]):
    """A widget that paints whatever its drawing function draws, row-diffed."""

    STYLE_PREFIX = "canvas"
    BURST = 0.03
    """Seconds after a picture is drawn within which the next one shown waits (`show`)."""
    COMPONENT_CLASSES = {f"canvas--{name}" for name in STYLE_NAMES}

    @dataclass
    class Clicked(Message):
        """A cell of the picture was clicked (column, row inside the widget)."""

        col: int
        row: int

    @dataclass
    class Pressed(Message):
        """The left button went down on a cell: a drag may begin here."""

        col: int
        row: int

    @dataclass
    class Dragged(Message):
        """The pressed mouse moved to another cell (only the latest one waits to be read)."""

        col: int
        row: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, CanvasView.Dragged)

    @dataclass
    class Released(Message):
        """The drag ended: the button went up (or the mouse was taken away)."""

    def __init__(
        self, drawing: Drawing | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._drawing = drawing
        self._pressed_at: tuple[int, int] | None = None  # the cell the drag is over
        self._dragged = False  # the last press moved: its click is not a click
        self._pending = False  # a picture shown is waiting to be drawn (`show`)
        self._drawn_at = 0.0  # when the last picture was drawn (time.monotonic)
        self._looks: dict[str, Look] = {}  # by style name (`look_of`)
        self._kinds: dict[Style, int] = {}  # equal styles share a number (`look_of`)

    def show(self, drawing: Drawing) -> None:
        """Draw a new picture; only rows that differ from the last one are repainted.

        A picture shown within `BURST` seconds of the last one drawn waits until the messages
        before it are taken: keys typed ahead (a held arrow, a burst over a slow link) each
        moved the line and each drew the whole picture again (4 ms at 120×40), where only
        the last is ever seen. A key on its own is drawn at once, in the frame it makes."""
        self._drawing = drawing
        if self._pending:
            return
        if time.monotonic() - self._drawn_at >= self.BURST:
            self._flush()
        else:
            self._pending = True
            self.call_later(self._flush)

    def _flush(self) -> None:
        """Draw the picture last shown."""
        self._pending = False
        self._drawn_at = time.monotonic()
        self._redraw()

    def on_click(self, event: events.Click) -> None:
        if not self._dragged:
            self.post_message(self.Clicked(event.x, event.y))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        self._pressed_at, self._dragged = (event.x, event.y), False
        self.capture_mouse()
        self.post_message(self.Pressed(event.x, event.y))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._drag_to(event.x, event.y)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        self._drag_to(event.x, event.y)  # the release may come without a move before it
        self._end_drag()

    def _drag_to(self, col: int, row: int) -> None:
        if self._pressed_at is not None and self._pressed_at != (col, row):
            self._pressed_at, self._dragged = (col, row), True
            self.post_message(self.Dragged(col, row))

    def on_mouse_release(self) -> None:
        self._end_drag()

    def _end_drag(self) -> None:
        if self._pressed_at is not None:
            self._pressed_at = None
            self.release_mouse()
            self.post_message(self.Released())

    def on_resize(self) -> None:
        self._pending = False
        self._redraw(full=True)

    def _redraw(self, full: bool = False) -> None:
        width, height = self.size
        if self._drawing is not None and width and height:
            self.show_rows(self._drawing(width, height).rows(), full)

    def row_width(self, row: Row) -> int:
        return len(row[1])  # a cell a style: the text is shorter by its wide characters

    def changed_span(self, row: Row, old: Row) -> tuple[int, int]:
        """The whole row: see the module's docstring (its width is the row's own, which
        costs less than asking the widget's size for every row)."""
        return 0, len(row[1]) - 1

    def look_of(self, name: str) -> Look:
        """A style name's look (see `Look`): worked out once a name, not asked of rich's
        styles for every run of every row (their comparisons were a third of a row's cost)."""
        look = self._looks.get(name)
        if look is None:
            style = self.style_of(name)
            kind = self._kinds.setdefault(style, len(self._kinds))
            plain = not any(getattr(style, a) for a in SHOWN_ON_BLANKS)
            look = self._looks[name] = (style, kind, (style.bgcolor,) if plain else None)
        return look

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looks.clear()
        self._kinds.clear()

    def row_strip(self, row: Row) -> Strip:
        """One row of the picture as a strip of same-style runs."""
        text, names = row
        # a wide character takes two cells: each cell's own piece of the text, then, where
        # a run starts and ends (a row without one, as most are, is cut as it is)
        at = None if len(text) == len(names) else cells_of(text)
        looks = self._looks
        styles: list[Style] = []
        starts: list[int] = []
        kind: int | None = None  # the last run's: its style's number, what its blanks show
        blank: tuple[Color | None] | None = None
        end = len(names)
        # runs of one style name (where a cell's name differs from the one before it: found
        # in C, not a style lookup per cell, nor a list a run to count its cells), merged
        # where they look alike, so they share one segment (one colour code sent): a run
        # of blanks takes on its neighbour's ink, which blanks don't show
        cuts = [*compress(range(1, end), map(ne, names[1:], names)), end] if end else []
        for start, stop in pairwise([0, *cuts]):
            name = names[start]
            style, its_kind, its_blank = looks.get(name) or self.look_of(name)
            if its_kind == kind:
                continue
            if its_blank is not None and its_blank == blank:
                if not _cut(text, at, start, stop).strip(" "):
                    continue  # these blanks join the run before
                if not _cut(text, at, starts[-1], start).strip(" "):
                    styles[-1], kind = style, its_kind  # the blanks before join this run
                    continue
            styles.append(style)
            starts.append(start)
            kind, blank = its_kind, its_blank
        ends = [*starts[1:], end][: len(starts)]
        if at is not None:
            starts, ends = [at[a] for a in starts], [at[b] for b in ends]
        segments = [Segment(text[a:b], s) for s, a, b in zip(styles, starts, ends, strict=True)]
        return RowStrip(segments, len(names))

    def count(self, style: str) -> int:
        """How many cells of the picture have a style (for tests and debugging)."""
        if self._pending:
            self._flush()
        return sum(styles.count(style) for _, styles in self._rows)

    def text(self) -> str:
        """The picture as plain text (for tests and debugging)."""
        if self._pending:
            self._flush()
        return "\n".join(text for text, _ in self._rows)


def _cut(text: str, at: list[int] | None, start: int, end: int) -> str:
    """The text of a row's cells from `start` to `end`; `at`: where each cell starts in it,
    where a wide character makes them differ (`cells_of`)."""
    return text[start:end] if at is None else text[at[start] : at[end]]
