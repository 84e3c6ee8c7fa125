"""A character raster: a grid of cells, each a character and a style name.

Scenes (charts, the dart board) draw into a Raster with plain Python; a widget turns
its rows into styled strips. Keeping the picture as data makes it testable without a
terminal and lets the widget repaint only the rows that changed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, overload

import numpy as np
from numpy.typing import NDArray
from rich.cells import cell_len

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dartfit.core.arrays import FloatArray

IntArray = NDArray[np.int64]

# Braille dot bits by (sub-column, sub-row) inside one cell: 2 columns by 4 rows.
_BRAILLE = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))
_BRAILLE_BITS = np.array(_BRAILLE, dtype=np.int64)
_DOT_ROWS = tuple(
    sum(1 << r for r in range(4) if bits & (_BRAILLE[0][r] | _BRAILLE[1][r])) for bits in range(256)
)
"""The dot rows a cell's braille bits use, as a mask (bit r: dot row r)."""
LONG = 16
"""Steps along a line from which its dots are worked out with numpy (a short piece of a
curve costs less dot by dot than numpy's calls do)."""

Row = tuple[str, tuple[str, ...]]
"""A row's characters, and each cell's style name. A wide character (中, an emoji) takes two
cells, the second of them "" in the raster: the row's text is then shorter than its cells
(`cells_of` tells each cell's part)."""

# What a braille line may draw over: blank cells, gridline dots, shades, the outlines of
# squares (their joins too) and the misses' dotted columns, which end on the line (the line
# matters more than what lies under it: a miss's ┊ cut the MAE levels' line at every
# point); never the axes or a legend.
UNDER = frozenset(" ·░▒▓|─┌┐└┘├┤┬┴┼┊")  # (▒▓: the bowl's deeper bands, which hid its path)
ON_SQUARE = {
    ("line", square): f"line-{square}"
    for square in (
        "square",
        "square-flat",
        "square-selected",
        "square-selected-flat",
        "square-overlap",
    )
}
"""The style of a braille line's cell that lies on a penalty square, by (the dots' style,
the cell's): the line's ink on the square's fill (the same number of style runs as the
line's own style, so no more bytes)."""
ON_FILL = {name: f"{name}-fill" for name in ("ghost-0", "ghost-1", "reference")}
"""The ink of the other lines (the best lines, a level's own) where they cross a penalty
square, drawn on the square's fill (`on_ground`): their own ink read at 2.5:1 on an overlap
of squares, so each has one that reads there. Drawn on the chart's ground, they punched
holes in the squares (a player's check)."""
SQUARES = frozenset(square for _, square in ON_SQUARE)
SHADED = {"·": "shade-1", "░": "shade-2", "▒": "shade-3", "▓": "shade-4", "█": "shade-5"}
"""The background style under a line's cell for each shade of a big-data chart's cells."""


def ink(style: str) -> str:
    """The style a cell was drawn in, without the ground under it (`on_ground`)."""
    return style.partition("+")[0]


def on_ground(style: str, ground: str) -> str:
    """The style name of a cell in `style` drawn on `ground`'s background (a line's dots
    over a shade, a legend's sample on the legend): its ink on the ground, or its own fill
    where it has one (read by `widgets.rows.RowView.style_of`)."""
    return f"{style}+{ground}"


def _kept_lines(lines: dict[str, int]) -> list[str]:
    """The lines (by style) whose braille dots a cell shows, of those drawn in it (by style,
    the last on top): the top line, and each line under it whose dots lie a dot row or more
    from those kept (two lines read apart in one cell, ⣉); where they would touch, the line
    under is left out there, so each line keeps its own pattern where lines part (Galton's
    won chart: the player's line, the best line and ŷ = x ORed into one cell read
    "⡫⠯⠉⠭⠭", none of them)."""
    kept: list[str] = []
    kept_rows = 0
    for style, bits in reversed(lines.items()):
        rows = _DOT_ROWS[bits]
        if not kept or not kept_rows & (rows | rows << 1 | rows >> 1):
            kept.append(style)
            kept_rows |= rows
    return kept


def _seen_dots(lines: dict[str, int]) -> int:
    """A cell's braille dots from the lines drawn in it: those of the lines it shows
    (`_kept_lines`)."""
    if len(lines) == 1:  # most cells: one line's
        return next(iter(lines.values()))
    bits = 0
    for style in _kept_lines(lines):
        bits |= lines[style]
    return bits


Hidden = tuple[str, str]
"""A line whose colour no cell shows: the line over it, and where its own dots are ("on":
none shows; else "above", "below" or "beside" that line's, in its colour)."""


def _side(under: int, over: int) -> str:
    """Where dot rows `under` lie from dot rows `over` (each a mask: bit r, dot row r)."""
    if under.bit_length() < (over & -over).bit_length():
        return "above"
    return "below" if (under & -under).bit_length() > over.bit_length() else "beside"


@dataclass(frozen=True)
class View:
    """The world rectangle a raster shows, and the cells it maps onto."""

    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float
    width: int
    height: int
    symlog: tuple[int, int] | None = None
    """Its x and y are symmetric-log units (`log_axes.symlog`), linear out to these powers
    of ten: its axes are ticked on whole units, labelled with the values they stand for."""

    @overload
    def col(self, x: float) -> float: ...
    @overload
    def col(self, x: FloatArray) -> FloatArray: ...
    def col(self, x: float | FloatArray) -> float | FloatArray:
        """The (fractional) column of world x (of each x, for an array)."""
        return (x - self.x_lo) / (self.x_hi - self.x_lo) * (self.width - 1)

    @overload
    def row(self, y: float) -> float: ...
    @overload
    def row(self, y: FloatArray) -> FloatArray: ...
    def row(self, y: float | FloatArray) -> float | FloatArray:
        """The (fractional) row of world y (of each y, for an array); row 0 is the top."""
        return (self.y_hi - y) / (self.y_hi - self.y_lo) * (self.height - 1)


_ONE_CELL: set[str] = set()
"""The characters seen so far that take one cell each (`Raster.text`)."""
_TWO_CELLS: set[str] = set()
"""The characters seen so far that take two cells each (`Raster.text`)."""


def cells_of(text: str) -> list[int]:
    """Where each cell of a row's text starts in it, and its end last: a wide character's
    second cell starts where the next character does (it is "" in the raster)."""
    starts, at = [], 0
    for char in text:
        starts.append(at)
        if char in _TWO_CELLS:
            starts.append(at + 1)
        at += 1
    return [*starts, at]


class Raster:
    """A mutable drawing surface; ``rows()`` freezes it into comparable tuples."""

    def __init__(self, width: int, height: int, fill: str = " ", style: str = "") -> None:
        self.width, self.height = max(width, 0), max(height, 0)
        self.chars = [[fill] * self.width for _ in range(self.height)]
        self.styles = [[style] * self.width for _ in range(self.height)]
        self._dots: dict[tuple[int, int], dict[str, int]] = {}  # each line's dots, by style,
        # in the order the lines were drawn: the last on top
        self._kept: set[tuple[int, int]] = set()
        self._wide: set[int] = set()  # the rows a wide character was written in
        self._grounds: list[Sequence[str]] = []  # by row: the fill under each cell, or ""

    def inside(self, col: int, row: int) -> bool:
        """Whether a cell is on the raster."""
        return 0 <= col < self.width and 0 <= row < self.height

    def put(self, col: int, row: int, char: str, style: str = "") -> None:
        """Set one cell (ignored when off the raster)."""
        if self.inside(col, row):
            self.chars[row][col] = char
            self.styles[row][col] = style

    def text(self, col: int, row: int, text: str, style: str = "") -> None:
        """Write a string left to right from a cell: accents written apart (NFD, as some
        editors save) are joined to their letter first; a wide character (中, an emoji)
        takes two cells, the second "" (a column's name in a chart's legend, in Chinese,
        read "??"); what still takes no cell (a lone mark) becomes "?" rather than shift
        the rest of the row on the terminal. A string of characters seen to take one cell
        each is written as a slice (a big-data chart's shades, 3,000 cells a frame, had
        been written a cell at a time)."""
        chars = unicodedata.normalize("NFC", text)
        if _ONE_CELL.issuperset(chars):
            if 0 <= row < self.height:
                c0, c1 = max(col, 0), min(col + len(chars), self.width)
                if c0 < c1:
                    self.chars[row][c0:c1] = chars[c0 - col : c1 - col]
                    self.styles[row][c0:c1] = [style] * (c1 - c0)
            return
        for char in chars:
            cells = cell_len(char)
            if cells == 1:
                _ONE_CELL.add(char)
                self.put(col, row, char, style)
            elif cells == 2:
                _TWO_CELLS.add(char)
                if 0 <= row < self.height:
                    self._wide.add(row)
                whole = self.inside(col, row) and self.inside(col + 1, row)
                self.put(col, row, char if whole else "?", style)
                self.put(col + 1, row, "" if whole else "?", style)
            else:
                self.put(col, row, "?", style)
            col += max(cells, 1)

    def fill(self, col0: int, row0: int, col1: int, row1: int, style: str, char: str) -> None:
        """Fill a rectangle (inclusive corners, any order), over whatever is there."""
        c0, c1 = sorted((col0, col1))
        r0, r1 = sorted((row0, row1))
        c0, c1 = max(c0, 0), min(c1, self.width - 1)
        if c1 < c0:
            return
        chars, styles = [char] * (c1 - c0 + 1), [style] * (c1 - c0 + 1)
        for row in range(max(r0, 0), min(r1, self.height - 1) + 1):
            self.chars[row][c0 : c1 + 1] = chars
            self.styles[row][c0 : c1 + 1] = styles

    def column(self, col: int, row0: int, row1: int, char: str, style: str) -> None:
        """Set the cells of one column from row0 to row1 (inclusive, clipped to the raster)."""
        if 0 <= col < self.width:
            for row in range(max(row0, 0), min(row1, self.height - 1) + 1):
                self.chars[row][col] = char
                self.styles[row][col] = style

    def lay_ground(self, grounds: Sequence[Sequence[str]]) -> None:
        """Fill the rows from the top with ground styles (a bowl's bands, a board's rings),
        one per cell ("" for none): a cell drawn over later keeps its ground's fill under
        its ink (`rows`), so a mark or a line on a band is no hole in it."""
        self._grounds = [*grounds][: self.height]
        for row, styles in enumerate(self._grounds):
            cells = self.styles[row]
            for col, ground in enumerate(styles[: self.width]):
                if ground:
                    cells[col] = ground

    def keep(self, col: int, row: int, length: int) -> None:
        """Keep `length` cells from a cell rightwards clear of braille lines (a legend)."""
        self._kept.update(zip(range(col, col + length), repeat(row)))

    def dot(self, sub_col: int, sub_row: int, style: str) -> None:
        """Set one braille dot at sub-cell resolution (2 × 4 dots per cell)."""
        col, row = sub_col // 2, sub_row // 4
        if self.inside(col, row):
            self._add_dots((col, row), _BRAILLE[sub_col % 2][sub_row % 4], style)

    def _add_dots(self, cell: tuple[int, int], bits: int, style: str) -> None:
        """A line's dots added to a cell (its style's own, put on top of other lines')."""
        lines = self._dots.setdefault(cell, {})
        lines[style] = lines.pop(style, 0) | bits

    def segment(
        self,
        col0: float,
        row0: float,
        col1: float,
        row1: float,
        style: str,
        first_col: int = 0,
        dash: tuple[int, int] = (1, 1),
        end_col: int | None = None,
        clears: str | None = None,
    ) -> None:
        """Draw a straight line in braille dots between two fractional cell positions,
        leaving the columns left of `first_col` (an axis, its labels) untouched. A `dash`
        (on, period) keeps the dots whose place along the line's longer axis, modulo the
        period, is below `on`: (1, 1) solid, (1, 2) dotted, (2, 4) dashed. `end_col`: the
        columns from it on untouched too (a map narrower than its chart). `clears`: a style
        (the gridlines') whose cells the line passes through are blanked first, so its gaps
        show nothing (a grid dot in each gap of the dashed median had read "⠤ ⠤·⠤ ⠤·",
        dots between dashes, the line as a dotted one)."""
        x0, y0, x1, y1 = col0 * 2 + 0.5, row0 * 4 + 1.5, col1 * 2 + 0.5, row1 * 4 + 1.5
        n = int(max(abs(x1 - x0), abs(y1 - y0), 1)) + 1
        steps = min(n, 4 * (self.width + self.height) + 8)
        on, period = dash
        end = 2 * (self.width if end_col is None else end_col)  # in half columns
        across = abs(x1 - x0) >= abs(y1 - y0)
        if clears is not None:
            self._clear_along((x0, y0, x1, y1), steps, (2 * first_col, end), clears)
        if steps > LONG:  # a chart-wide line: its dots worked out at once, not one by one
            ts = np.arange(steps + 1) / steps  # the same float operations as the loop's
            sub_cols = np.round(x0 + (x1 - x0) * ts).astype(np.int64)
            sub_rows = np.round(y0 + (y1 - y0) * ts).astype(np.int64)
            keep = (sub_cols >= 2 * first_col) & (sub_cols < end)
            keep &= (sub_cols if across else sub_rows) % period < on
            self._dots_at_once(sub_cols[keep], sub_rows[keep], style)
            return
        for i in range(steps + 1):
            t = i / steps
            sub_col, sub_row = round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t)
            inside = 2 * first_col <= sub_col < end
            if inside and (sub_col if across else sub_row) % period < on:
                self.dot(sub_col, sub_row, style)

    def _clear_along(
        self, ends: tuple[float, float, float, float], steps: int, span: tuple[int, int], style: str
    ) -> None:
        """Blank the cells of `style` that the line between the sub-cell points `ends` passes
        through, within the half columns `span` (`segment`'s `clears`)."""
        x0, y0, x1, y1 = ends
        ts = np.arange(steps + 1) / steps
        sub_cols = np.round(x0 + (x1 - x0) * ts).astype(np.int64)
        sub_rows = np.round(y0 + (y1 - y0) * ts).astype(np.int64)
        keep = (sub_cols >= span[0]) & (sub_cols < span[1])
        cols, rows = sub_cols[keep] // 2, sub_rows[keep] // 4
        inside = (cols >= 0) & (cols < self.width) & (rows >= 0) & (rows < self.height)
        for col, row in set(zip(cols[inside].tolist(), rows[inside].tolist(), strict=True)):
            if self.styles[row][col] == style and (col, row) not in self._dots:
                self.chars[row][col] = " "

    def _dots_at_once(self, sub_cols: IntArray, sub_rows: IntArray, style: str) -> None:
        """`dot` for each (sub_cols[i], sub_rows[i]): the bits of one cell ORed together
        first, so the dictionaries are touched once a cell, not once a dot."""
        cols, rows = sub_cols // 2, sub_rows // 4
        inside = (cols >= 0) & (cols < self.width) & (rows >= 0) & (rows < self.height)
        keys = (rows * self.width + cols)[inside]
        bits = _BRAILLE_BITS[sub_cols[inside] % 2, sub_rows[inside] % 4]
        order = np.argsort(keys, kind="stable")
        cells, firsts = np.unique(keys[order], return_index=True)
        if not cells.size:
            return
        merged = np.bitwise_or.reduceat(bits[order], firsts)
        width = self.width
        for key, cell_bits in zip(cells.tolist(), merged.tolist(), strict=True):
            self._add_dots((key % width, key // width), cell_bits, style)

    def hidden(self) -> dict[str, Hidden]:
        """The lines drawn so far (by style) whose colour shows in no cell: a cell takes the
        colour of the line drawn last in it, so one drawn under another all along is seen
        nowhere, or only as dots in that line's colour. Each with the line over it in most
        of its cells, and where its dots show (`Hidden`): for a legend to say it where its
        own entry would name a line the chart does not show."""
        own: set[str] = set()
        over: dict[str, dict[str, int]] = {}
        sides: dict[str, set[str]] = {}
        for lines in self._dots.values():
            top = next(reversed(lines))
            own.add(top)
            if len(lines) == 1:  # most cells: one line's
                continue
            for style in _kept_lines(lines)[1:]:
                side = _side(_DOT_ROWS[lines[style]], _DOT_ROWS[lines[top]])
                sides.setdefault(style, set()).add(side)
            for style in lines:
                if style != top:
                    tops = over.setdefault(style, {})
                    tops[top] = tops.get(top, 0) + 1
        hidden: dict[str, Hidden] = {}
        for style, tops in over.items():
            if style not in own:
                found = sides.get(style, {"on"})
                hidden[style] = (
                    max(tops, key=tops.__getitem__),
                    (found.pop() if len(found) == 1 else "beside"),
                )
        return hidden

    def mostly_hidden(self) -> dict[str, str]:
        """The lines drawn so far (by style) that show in cells of their own, yet not in
        most of the cells they are drawn in: another line drawn later hides their dots
        there (neither their colour nor their dots show: `_kept_lines`). Each with the line
        that hides it in most of those cells. Won at 80×24, first-line's best MSE line
        showed 18 of its 73 cells, the rest under the player's line, and the legend named
        it as a line of its own, as if it were seen (`hidden` says the lines seen nowhere)."""
        shown: dict[str, int] = {}
        over: dict[str, dict[str, int]] = {}
        for lines in self._dots.values():
            kept = _kept_lines(lines) if len(lines) > 1 else list(lines)
            top = kept[0]
            for style in lines:
                if style in kept:
                    shown[style] = shown.get(style, 0) + 1
                else:
                    tops = over.setdefault(style, {})
                    tops[top] = tops.get(top, 0) + 1
        own = {next(reversed(lines)) for lines in self._dots.values()}
        return {
            style: max(tops, key=tops.__getitem__)
            for style, tops in over.items()
            if style in own and sum(tops.values()) > shown.get(style, 0)
        }

    def dots_at(self, col: int, row: int) -> str | None:
        """The style of the braille dots drawn in a cell so far (the top line's), or None."""
        lines = self._dots.get((col, row))
        return next(reversed(lines)) if lines else None

    def paste(self, other: Raster, row: int) -> None:
        """Another raster's finished picture over this one's, from a row down (a chart under
        rows of its own legend)."""
        other.rows()  # finished: its lines' dots are in its cells
        for r, (chars, styles) in enumerate(zip(other.chars, other.styles, strict=True), start=row):
            for c, (char, style) in enumerate(zip(chars, styles, strict=True)):
                self.put(c, r, char, style)
            if r - row in other._wide and 0 <= r < self.height:
                self._wide.add(r)

    def rows(self) -> list[Row]:
        """The finished picture: per row, its text and a style name per cell."""
        all_chars, all_styles, kept = self.chars, self.styles, self._kept
        for (col, row), lines in self._dots.items():  # (the grids' rows looked up once)
            chars, styles = all_chars[row], all_styles[row]
            style = styles[col]
            if style == "axis" or (col, row) in kept:
                continue
            if chars[col] in UNDER or style == "density":
                shade = SHADED.get(chars[col]) if style == "density" else None
                if len(lines) == 1:  # most cells: one line's dots (`_seen_dots`), its style
                    ((dots, bits),) = lines.items()
                else:
                    dots, bits = next(reversed(lines)), _seen_dots(lines)
                chars[col] = chr(0x2800 + bits)
                # across a penalty square the line keeps the square's fill: no hole in it;
                # across shaded cells, their shade as its background (a line through the
                # densest cells of a million points wiped them out: it seemed to hug the
                # cloud's edge)
                if shade is not None:
                    styles[col] = on_ground(dots, shade)
                elif style in SQUARES and (dots, style) not in ON_SQUARE:
                    styles[col] = on_ground(ON_FILL.get(dots, dots), style)
                else:
                    styles[col] = ON_SQUARE.get((dots, style), dots)
        self._dots.clear()
        self._on_grounds()
        for row in self._wide:
            self._mend_wide(self.chars[row])
        return [("".join(c), tuple(s)) for c, s in zip(self.chars, self.styles, strict=True)]

    def _on_grounds(self) -> None:
        """Each cell drawn over its ground (`lay_ground`) with a style of no fill of its
        own, on the ground's fill (`on_ground`)."""
        for row, grounds in enumerate(self._grounds):
            styles = self.styles[row]
            for col, ground in enumerate(grounds):
                style = styles[col]
                if ground and style and not style.startswith(ground) and "+" not in style:
                    styles[col] = on_ground(style, ground)

    @staticmethod
    def _mend_wide(chars: list[str]) -> None:
        """A row's wide characters each whole: one half drawn over since (a line's dots, a
        cell put) leaves a blank in the other half, so no row is a cell short or long."""
        for col, char in enumerate(chars):
            alone = (
                col == 0 or chars[col - 1] not in _TWO_CELLS
                if char == ""
                else char in _TWO_CELLS and (col + 1 == len(chars) or chars[col + 1] != "")
            )
            if alone:
                chars[col] = " "
