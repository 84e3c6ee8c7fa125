"""RowView: a picture shown on Textual's line API, repainting only the rows that changed.

A subclass hands `show_rows` its picture as a list of rows (any comparable value) and
says how one row becomes a strip; this base keeps the rows, caches each row's strip and
each style, and on a new picture refreshes just the rows (or the spans of a row) that
differ. A picture of another size or shape (other row count or row widths) is repainted
whole. Styles come from the component classes ``<STYLE_PREFIX>--<name>`` in the .tcss,
so themes, NO_COLOR and 16-colour terminals all apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import ClassVar, Generic, TypeVar

from rich.style import Style
from textual.filter import ANSIToTruecolor
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.style import Style as Background

from dartfit.widgets.kept import KeptLines


def changed_cells(differs: list[bool]) -> tuple[int, int]:
    """The first and last cell marked as differing (all of them when none is)."""
    if True not in differs:
        return 0, len(differs) - 1
    return differs.index(True), len(differs) - 1 - differs[::-1].index(True)


@cache
def _own_palette(style: Style) -> bool:
    """Whether Textual's ANSIToTruecolor filter would change a style: a colour that is a
    number in the terminal's own palette, or dim text (blended into its background).
    Cached: a widget has a few dozen styles, and each new strip asks it of every style it
    holds (the chart's 27 new strips a nudge: 2.1 µs a strip cached, 4.4 µs not)."""
    color, bgcolor = style.color, style.bgcolor
    return bool(style.dim) or any(c is not None and c.triplet is None for c in (color, bgcolor))


class RowStrip(Strip):
    """A row's strip, as a `RowView` makes them: one that Textual's compositor cuts into a
    single piece, itself, is not kept in its own cache of pieces. Kept there, every strip a
    widget showed was in a reference cycle once it was shown: freed by the garbage
    collector, not when the row changed (a nudge's 27 changed rows of the chart left some
    800 objects a key to it, and its passes over them were 1 ms every fifth key and 6 ms
    every fiftieth)."""

    __slots__ = ()

    def divide(self, cuts: Iterable[int]) -> Sequence[Strip]:
        length = self.cell_length
        kept = [cut for cut in cuts if cut <= length]
        if kept == [length]:
            return [self]
        return super().divide(kept)


R = TypeVar("R")
MAX_STYLES = 256
"""Styles a `RowView` remembers whether they are of the terminal's palette, at most."""


class RowView(KeptLines, Generic[R]):
    """A widget that shows rows of type R, caching strips and styles, row-diffed."""

    STYLE_PREFIX: ClassVar[str] = ""
    """Component classes of the styles are named ``<STYLE_PREFIX>--<style name>``."""
    ALLOW_SELECT = False
    """Textual's text selection can't read rows drawn here (it takes the widget's name,
    "CanvasView#chart", for its text) nor draw itself on them: a drag on a chart began
    one, and ctrl+c then copied the names in silence instead of saying how to quit."""

    DEFAULT_CSS = """
    RowView { height: 1fr; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[R] = []
        self._strips: dict[int, Strip] = {}
        self._in_palette: dict[int, bool] = {}  # by row: its strip has an _own_palette style
        self._palettes: dict[int, tuple[Style, bool]] = {}  # by id: a style, _own_palette of it
        self._styles: dict[str, Style] = {}
        self._shown_size = Size(0, 0)

    def row_strip(self, row: R) -> Strip:
        """One row as a strip (a subclass styles its cells with `style_of`)."""
        raise NotImplementedError

    def row_width(self, row: R) -> int | None:
        """How many cells a row paints, or None: the widget's width, the same for every row
        (a subclass that knows better says so; the widget's size is not asked per row)."""
        return None

    def changed_span(self, row: R, old: R) -> tuple[int, int]:
        """The first and last column where two rows of one width differ: all by default."""
        return 0, self.shown_width() - 1

    def shown_width(self) -> int:
        """The widget's width as `show_rows` found it (asked as it compares rows: the size
        is looked up through the screen's compositor, some 6 µs a time)."""
        return self._shown_size.width

    def show_rows(self, rows: list[R], full: bool = False) -> None:
        """Show new rows; only rows that differ from the last ones are repainted."""
        size = self.size
        same_shape = len(rows) == len(self._rows) and all(
            self.row_width(row) == self.row_width(old)
            for row, old in zip(rows, self._rows, strict=True)
        )
        if full or self._shown_size != size or not same_shape:
            self._rows, self._strips, self._shown_size = rows, {}, size
            self._in_palette = {}
            self.refresh()
            return
        old_rows, self._rows = self._rows, rows
        changed: list[Region] = []
        for y, (row, old) in enumerate(zip(rows, old_rows, strict=True)):
            if row != old:
                self._strips.pop(y, None)
                self._in_palette.pop(y, None)
                first, last = self.changed_span(row, old)
                region = Region(first, y, last - first + 1, 1)
                above = changed[-1] if changed else None
                if (
                    above is not None
                    and above.bottom == y
                    and above.column_span == region.column_span
                ):
                    # under a changed row of the same span: one region for both (Textual
                    # handles each region; a nudge's 27 changed rows of the chart are a few)
                    changed[-1] = Region(first, above.y, region.width, above.height + 1)
                else:
                    changed.append(region)
        if changed:  # one refresh for them all, not one call per row
            self.refresh(*changed)

    def style_of(self, name: str) -> Style:
        """The widget's style with the component class of `name` on top ("" for none)."""
        if name not in self._styles:
            style = self.rich_style
            ink, _, under = name.partition("+")
            if under:  # "line+shade-3": the line's style on the shade's background, where
                # it has no fill of its own (a legend's □ keeps its square's)
                own = self.style_of(ink)
                filled = own.reverse or own.bgcolor != style.bgcolor
                below = f"{under}-under"  # a ground's own fill under ink, where it has one
                if f"{self.STYLE_PREFIX}--{below}" not in self.COMPONENT_CLASSES:
                    below = under
                ground = own.bgcolor if filled else self.style_of(below).bgcolor
                self._styles[name] = own + Style(bgcolor=ground)
                return self._styles[name]
            if name:
                # whole, not partial: a partial style drops what a colour is blended with, so
                # $text-muted (the foreground at some alpha) came out pure white on any theme
                style += self.get_component_rich_style(
                    f"{self.STYLE_PREFIX}--{name}", partial=False
                )
            self._styles[name] = style
        return self._styles[name]

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()
        self._in_palette.clear()
        self._palettes.clear()

    def _is_plain(self) -> bool:
        """Whether the widget's styles add nothing to its rows: no border, outline, padding,
        tint, hatch or faded text (then its rows are its lines, as Textual would draw them).
        Asked at each drawing: a style set in code (`styles.border = …`) is no style update."""
        styles = self.styles
        return (
            not any(edge for edge, _ in styles.border)
            and not any(edge for edge, _ in styles.outline)
            and not any(styles.padding)
            and not styles.tint.a
            and styles.text_opacity == 1.0
            and not (styles.has_rule("hatch") and styles.hatch != "none")
        )

    def draw_lines(self, crop: Region) -> list[Strip]:
        """The rows in `crop`, straight from the strip cache.

        Textual draws each changed line of a widget again through its style cache, which
        for a plain widget (`_is_plain`) gives back the row's strip as it was, after some
        30 style lookups and a new strip a line (about 6 µs: 0.2 ms of the chart's 34 rows
        drawn anew, 1.05–1.2 ms against 0.86–1.05 ms here; a nudge's whole CPU does not
        move measurably). Anything else goes that way still; the app's line filters
        (NO_COLOR's) and a crop are applied as Textual applies them."""
        if not self._is_plain() or self.opacity != 1.0:
            return super().draw_lines(crop)
        width = self.size.width
        lines = crop.line_range
        strips = [self.render_line(y) for y in lines]
        # the widget's colours only where a row needs them (asking walks every ancestor):
        # to pad a short row, and to filter a row
        padded = False  # whether the padding has a colour of the terminal's own palette
        if any(strip.cell_length != width for strip in strips):
            base_background, background = self.background_colors
            pad = Background(background=base_background + background).rich_style  # as Textual
            strips = [strip.adjust_cell_length(width, pad) for strip in strips]
            padded = _own_palette(pad)  # a short row's blanks: the widget's background
        for line_filter in self.get_line_filters():
            if isinstance(line_filter, ANSIToTruecolor):
                # it rebuilds every segment of a new strip (5 % of a nudge's CPU, profiled) to
                # give the same styles back when they are all truecolor, as the theme's are
                palette = self._in_palette
                wanted = [padded or palette.get(y, True) for y in lines]
                if any(wanted):
                    background = self.background_colors[1]
                    strips = [
                        strip.apply_filter(line_filter, background) if want else strip
                        for want, strip in zip(wanted, strips, strict=True)
                    ]
            else:
                background = self.background_colors[1]
                strips = [strip.apply_filter(line_filter, background) for strip in strips]
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def render_line(self, y: int) -> Strip:
        """One row of the picture, from the strip cache when it has not changed."""
        if y >= len(self._rows):
            return Strip.blank(self.size.width, self.rich_style)
        strip = self._strips.get(y)
        if strip is None:
            strip = self._strips[y] = self.row_strip(self._rows[y])
            self._in_palette[y] = self._strip_in_palette(strip)
        return strip

    def _strip_in_palette(self, strip: Strip) -> bool:
        """Whether a strip has a style of the terminal's own palette (`_own_palette`), each
        style asked once by identity: the strips' styles are the widget's own few (hashing
        them anew for a set of each new strip's was a tenth of a chart row's cost)."""
        known = self._palettes
        for segment in strip:
            style = segment.style
            if style is None:
                return True
            seen = known.get(id(style))
            if seen is None:
                if len(known) >= MAX_STYLES:  # styles made anew (a size's pad): start again
                    known.clear()
                seen = known[id(style)] = (style, _own_palette(style))  # kept: its id stays its own
            if seen[1]:
                return True
        return False
