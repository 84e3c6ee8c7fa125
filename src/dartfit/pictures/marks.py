"""The fit chart's marks of every point at once: penalty squares, misses and the points.

Painting them one point at a time cost 36 ms a frame at 2,000 points; here the work grows
with the chart's cells, not with the points. The picture is the one painting point by
point gives (tests/test_fit_drawing.py keeps those loops as the oracle and compares cell
for cell): each square whole, opaque, the larger ones first and a smaller one over them
(of two alike, a later point's), the selected point's last; then each miss, the last point's where
several cross one cell; then the points, the last one's where several share a cell.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from operator import getitem, setitem
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from numpy.typing import NDArray

from dartfit.core.arrays import FloatArray
from dartfit.pictures.raster import IntArray, Raster

if TYPE_CHECKING:
    from collections.abc import Callable

Grid = NDArray[np.object_]


@dataclass(frozen=True, eq=False)
class Boxes:
    """Each point's square on screen: whether it is drawn, its corner cells, and its side (the
    miss, in rows: the larger ones are drawn first, the smaller over them)."""

    drawn: NDArray[np.bool_]
    c0: IntArray
    r0: IntArray
    c1: IntArray
    r1: IntArray
    sides: FloatArray
    _depths: dict[tuple[int, int], IntArray] = field(default_factory=dict, repr=False)

    def box(self, i: int) -> tuple[int, int, int, int]:
        """The corners of point i's square: first column and row, last column and row."""
        return int(self.c0[i]), int(self.r0[i]), int(self.c1[i]), int(self.r1[i])

    def shown(self) -> NDArray[np.bool_]:
        """Which squares show as a box: drawn, with an edge between two corners and its top
        and bottom on rows of their own (a smaller one is lost under its point and the line
        that cross its corners)."""
        return self.drawn & _a_box(self.c0, self.r0, self.c1, self.r1)

    def depth(self, plot_h: int, width: int) -> IntArray:
        """How many drawn squares each cell of a plot `plot_h` rows by `width` columns lies
        in (read only): found once for the squares' drawing and the legend's room."""
        if (plot_h, width) not in self._depths:
            k = np.flatnonzero(self.drawn)
            first, last = np.maximum(self.r0[k], 0), np.minimum(self.r1[k], plot_h - 1)
            depth = _depth((plot_h, width), self.c0[k], first, self.c1[k], last)
            depth.setflags(write=False)
            self._depths[plot_h, width] = depth
        return self._depths[plot_h, width]


def _a_box(c0: IntArray, r0: IntArray, c1: IntArray, r1: IntArray) -> NDArray[np.bool_]:
    """Whether squares with these corners show as boxes (`Boxes.shown`)."""
    return (c1 - c0 >= 2) & (r1 > r0)


def square_seen(raster: Raster, box: tuple[int, int, int, int], plot_h: int) -> bool:
    """Whether a drawn square `box` (first column and row, last column and row) is seen on
    the chart as drawn so far: it shows as a box, or a cell of it, edge or fill, is on the
    chart with no point in it and no line's dots over it. A square under a row tall is seen
    so ("●┘", its corner beside its point; a cell of fill beside it): small, but drawn,
    and said as a square (the legend, the largest one's label). One lost under its point
    and the line across it is not (its label had floated alone: "e²=2.9" on guess-mse's win
    at 80×24)."""
    c0, r0, c1, r1 = box
    if bool(_a_box(*(np.array([corner]) for corner in box))[0]):
        return True
    for row in range(max(r0, 0), min(r1, plot_h - 1) + 1):
        for col in range(max(c0, 0), min(c1, raster.width - 1) + 1):
            if bare_square(raster, col, row):
                return True
    return False


def bare_square(raster: Raster, col: int, row: int) -> bool:
    """Whether a cell shows a square: its edge or fill, with no point in it and no line's
    dots over it."""
    drawn = raster.styles[row][col].startswith("square")
    return drawn and raster.chars[row][col] not in POINT_GLYPHS and raster.dots_at(col, row) is None


def squares_seen(raster: Raster, boxes: Boxes, plot_h: int) -> bool:
    """Whether any square is seen on the chart as drawn (`square_seen`)."""
    if bool(boxes.shown().any()):
        return True
    drawn = np.flatnonzero(boxes.drawn).tolist()
    return any(square_seen(raster, boxes.box(i), plot_h) for i in drawn)


def square_boxes(
    cols: IntArray, rows: FloatArray, line_rows: FloatArray, left: int, width: int, plot_h: int
) -> Boxes:
    """Where each square goes: side = the miss, h rows tall and 2·h columns wide; to the
    right of its point, or to the left where the right edge would cut it, or, where both
    would, shifted sideways to lie wholly inside the plot. A miss under half a row has none.
    The chart's last column is kept clear where the plot holds the square without it: a
    side drawn there stood against the rule beside the chart and read as cut ("Four sets,
    one line" at 80×24)."""
    right_edge = width - 1
    # a square taller than the whole chart is the whole chart's width either way
    h = np.minimum(np.abs(rows - line_rows), 2.0 * (width + plot_h))
    w = np.maximum(np.round(2 * h), 1).astype(np.int64)
    bound = np.where(w <= right_edge - 1 - left, right_edge - 1, right_edge)  # its last column
    fits_right, fits_left = cols + w <= bound, cols - w >= left
    right = fits_right | (~fits_left & (bound - cols >= cols - left))
    c0 = np.where(right, cols, cols - w)
    squeezed = ~(fits_right | fits_left)
    c0 = np.where(squeezed, np.maximum(left, np.minimum(c0, bound - w)), c0)
    ends = np.clip(np.round(np.stack([rows, line_rows])), -1, plot_h).astype(np.int64)
    return Boxes(
        h >= 0.5,
        np.maximum(c0, left),
        ends.min(axis=0),
        np.minimum(c0 + w, right_edge),
        ends.max(axis=0),
        h,
    )


def range_max(
    lines: IntArray, first: IntArray, last: IntArray, who: IntArray, shape: tuple[int, int]
) -> IntArray:
    """A grid of `shape` (lines, cells) holding at each cell the largest `who` of the ranges
    first..last (inclusive) on its line that cover it, −1 where none does.

    Each range is covered by two blocks of a power-of-two length (they overlap, which a
    maximum does not mind); the blocks are marked at their start on their level's grid,
    and each level hands its marks down to the two halves below: O(ranges + cells · log)."""
    grid = np.full(shape, -1, dtype=np.int64)
    first, last = np.maximum(first, 0), np.minimum(last, shape[1] - 1)
    keep = (first <= last) & (lines >= 0) & (lines < shape[0])
    if not keep.all():  # (the copies cost more than the check, where all are kept)
        lines, first, last, who = lines[keep], first[keep], last[keep], who[keep]
    if not lines.size:
        return grid
    lengths = last - first + 1
    total = int(lengths.sum())
    if total <= grid.size:  # few cells covered (50 points' squares): each cell marked
        # itself, a few calls in all, not a table per level (80 µs a call, 3 a nudge)
        starts = lines * shape[1] + first
        ends = np.cumsum(lengths)
        cells = np.arange(total) + np.repeat(starts - (ends - lengths), lengths)
        np.maximum.at(grid.reshape(-1), cells, np.repeat(who, lengths))
        return grid
    level = _floor_log2(shape[1])[last - first]  # 2**level ≤ length
    levels = int(level.max()) + 1
    tables = np.full((levels, *shape), -1, dtype=np.int64)
    flat = tables.reshape(-1)
    base = (level * shape[0] + lines) * shape[1]
    np.maximum.at(flat, base + first, who)  # on flat indices: ten times faster than 2-D
    np.maximum.at(flat, base + last - (1 << level) + 1, who)
    for j in range(levels - 1, 0, -1):
        half, below = 1 << (j - 1), tables[j - 1]
        np.maximum(below, tables[j], out=below)
        np.maximum(below[:, half:], tables[j][:, :-half], out=below[:, half:])
    grid[:] = tables[0]
    return grid


@lru_cache(maxsize=8)
def _floor_log2(longest: int) -> IntArray:
    """floor(log2(length)) at index length − 1, for lengths 1 to `longest`: looked up, not
    worked out for each of 2,000 ranges a frame."""
    table = (np.frexp(np.arange(1, max(longest, 1) + 1, dtype=np.float64))[1] - 1).astype(np.int64)
    table.setflags(write=False)  # shared by every caller
    return table


def square_cells(boxes: Boxes, plot_h: int, width: int) -> IntArray:
    """The cells the drawn squares lie on, edges and insides: 1 on a grid of `plot_h` rows
    by `width` columns, 0 elsewhere (for a legend to keep clear of)."""
    return (boxes.depth(plot_h, width) > 0).astype(np.int64)


def draw_squares(raster: Raster, boxes: Boxes, plot_h: int, selected: int | None) -> None:
    """Paint every drawn square, outlined ┌─┐ | └─┘ in the style "square" ("square-selected"
    for the selected point's; "square-flat" for one a row tall, whose only row the line runs
    along: there NO_COLOR keeps the fill under the line, see dartfit.tcss), the larger
    squares first and each smaller one over them, opaque, the selected one last (`_order`):
    a square in front hides what of the squares behind lies inside it, and each edge behind
    that runs into it meets its outline in a join (├ ┤ ┬ ┴). So every square shows whole or
    as a box behind the smaller ones, its top and a corner at least, as cards in a pile.
    (Every outline drawn whole, over the others, had made the twenty squares of fine-tune's
    start at 80×24 a fence of sides, "||| ||||", each square's four sides lost among the
    others'.) A cell under two or more squares (the selected one's aside) takes the style
    "square-overlap", a deeper fill: what one square alone covers stands apart from what
    several share. Only the largest square, the one labelled, is framed whole over the others
    (painted first, it was lost behind the smaller ones: noisy's at 66×16, wholly)."""
    n = boxes.drawn.size
    k = np.flatnonzero(boxes.drawn)
    if not k.size:
        return
    c0, r0, c1, r1 = boxes.c0[k], boxes.r0[k], boxes.c1[k], boxes.r1[k]
    rank = _order(boxes, k, selected)
    shape, width = (plot_h, raster.width), raster.width
    depth = boxes.depth(plot_h, width)
    # the square in front at each cell, and at each step right from a cell, and down to
    # a row j from the row above (j = 0 the step onto the chart): the front one of the
    # squares that hold both cells of the step (-1 where none does)
    front, right, down = _fronts(
        [(c0, r0, c1, r1), (c0, r0, c1 - 1, r1), (c0, r0 + 1, c1, r1)], rank, (plot_h + 1, width)
    )
    front, right = front[:plot_h], right[:plot_h]
    by_rank = np.zeros(n + 1, dtype=np.int64)
    by_rank[rank] = np.arange(k.size)  # rank → its place among the drawn squares
    # a step is drawn where the square in front of it has an edge along it
    across = _on_edge(right, by_rank, r0, r1, np.arange(plot_h)[:, None])
    along = _on_edge(down, by_rank, c0, c1, np.arange(width)[None, :])
    joins = _RIGHT * across | _UP * along[:-1] | _DOWN * along[1:]
    joins[:, 1:] |= _LEFT * across[:, :-1]
    # a square a row tall turns down at its ends, ┌─┐, a lid on its point, where no square
    # in front holds the cell and the one under it
    lone = np.flatnonzero((r0 == r1) & (r0 >= 0) & (r0 < plot_h))
    for ends in (c0[lone], c1[lone]):
        seen = down[r0[lone] + 1, ends] < rank[lone]
        joins[r0[lone][seen], ends[seen]] |= _DOWN
    # the largest square (the one labelled) framed whole over the squares in front of it
    last = int(np.argmax(boxes.sides[k]))  # the first of the largest (drawn: none is NaN)
    frame = _frame(c0[last], r0[last], c1[last], r1[last], shape)
    joins |= frame
    # flat indices, and `take` (fancy indexing checks each index through an iterator, at
    # up to twice the cost): the look-ups below grow with the cells the squares cover
    cells = np.flatnonzero(front >= 0)
    rr, cc = np.divmod(cells, width)
    at = by_rank.take(front.take(cells))  # the square in front, among the drawn ones
    mine = k.take(at) == (-1 if selected is None else selected)
    # all its cells on screen are its one edge (a square cut by the chart's top or bottom
    # edge too, to the row it shows)
    flat = np.maximum(r0.take(at), 0) == np.minimum(r1.take(at), plot_h - 1)
    shared = depth.take(cells) > 1
    style = np.where(shared & ~mine, 4, mine.astype(np.int64) + 2 * flat)
    paint(raster, rr, cc, _JOINS.take(joins.take(cells)), _SQUARE_STYLES.take(style))


def _frame(c0: int, r0: int, c1: int, r1: int, shape: tuple[int, int]) -> IntArray:
    """A grid of `shape`: the ways one box's own edges leave each cell of its outline (none
    elsewhere), a box a row tall turning down at its ends, ┌─┐."""
    ways = np.zeros((shape[0] + 2, shape[1]), dtype=np.int64)  # a row above and below
    top, bottom = r0 + 1, r1 + 1  # rows of `ways`: the plot's row −1 is its row 0
    for row in {top, bottom}:
        ways[row, c0:c1] |= _RIGHT
        ways[row, c0 + 1 : c1 + 1] |= _LEFT
    for col in (c0, c1):
        ways[top:bottom, col] |= _DOWN
        ways[top + 1 : bottom + 1, col] |= _UP
        if top == bottom:
            ways[top, col] |= _DOWN
    return ways[1:-1]


def _order(boxes: Boxes, drawn: IntArray, selected: int | None) -> IntArray:
    """The rank each of the `drawn` squares (their indices, rising) is painted in, 0 first:
    the largest miss first, of two alike the earlier point's, the selected point's last (the
    highest rank). Only the drawn ones are sorted: a fifth of 2,000 points' are not."""
    rank = np.empty(drawn.size, dtype=np.int64)
    rank[np.argsort(-boxes.sides.take(drawn), kind="stable")] = np.arange(drawn.size)
    if selected is not None:
        rank[drawn == selected] = drawn.size
    return rank


def _fronts(
    boxes: list[tuple[IntArray, IntArray, IntArray, IntArray]],
    rank: IntArray,
    shape: tuple[int, int],
) -> IntArray:
    """For each set of boxes (first column and row, last column and row, inclusive; the
    i-th box of each set ranked `rank[i]`), a grid of `shape`: at each cell the highest rank
    of the boxes that hold it, -1 where none does.

    Each box is covered by four blocks (they overlap, which a maximum does not mind), each
    2**a rows tall and 2**b columns wide for the largest powers of two its height and width
    hold; a block is marked at its corner on the table of its (a, b), and each table hands
    its ranks down to the two halves of its blocks, 2**(b−1) wide, then, at b = 0, 2**(a−1)
    tall: the work grows with the boxes and the cells, with a few calls for each size of
    block (the sets stacked as layers of one table: the calls' cost is the same for one or
    three). At 2,000 points a range a row for each box had cost 6 ms; ranges of columns
    for two row blocks a box (a table of every width for every height), three calls, 1.1 ms;
    this, 0.6."""
    height, width = shape
    layers = len(boxes)
    c0, r0, c1, r1 = (np.concatenate(corner) for corner in zip(*boxes, strict=True))
    layer = np.arange(layers * rank.size) // max(rank.size, 1)
    # ranks in as few bytes as hold them: the tables are handed down whole
    small = np.int16 if rank.max(initial=0) < np.iinfo(np.int16).max else np.int32
    who = np.tile(rank.astype(small), layers)
    top, bottom = np.maximum(r0, 0), np.minimum(r1, height - 1)
    left, right = np.maximum(c0, 0), np.minimum(c1, width - 1)
    keep = (top <= bottom) & (left <= right)
    if not keep.all():  # (the copies cost more than the check, where all are kept)
        # taken by index: a mask copies each run of kept boxes apart (at 2,000 points, with
        # the log2 tables' `take`, 0.28 M instructions a nudge of these 3.8 M)
        kept = np.flatnonzero(keep)
        top, bottom, left, right, layer, who = (
            part.take(kept) for part in (top, bottom, left, right, layer, who)
        )
    if not who.size:
        return np.full((layers, height, width), -1, dtype=np.int64)
    tall, wide = _floor_log2(height).take(bottom - top), _floor_log2(width).take(right - left)
    # a table for each height of block and each width up to the widest block's, heights one
    # after the other: the tables of widths a height has no block of hold nothing, and cost
    # less to hand down (a grid's SIMD pass) than to leave out (the widest of each height
    # found over 6,000 boxes, a mask and a copy a height: 12 % of this at 2,000 points)
    levels, widths = int(tall.max()) + 1, int(wide.max()) + 1
    tables = np.full((levels * widths, layers * height * width), -1, dtype=small)
    rows = np.stack([top, bottom - (1 << tall) + 1])[:, None]
    cols = np.stack([left, right - (1 << wide) + 1])[None, :]
    at = ((tall * widths + wide) * layers + layer) * height
    np.maximum.at(tables.reshape(-1), ((at + rows) * width + cols).ravel(), np.tile(who, 4))
    # each table's layers and rows are handed down as one line: a block 2**b wide starts
    # 2**b columns or more before its row's end, so a shift by half of it stays in its row;
    # a block 2**a tall so stays in its layer (and -1 shifted on into the next does nothing).
    # Only the tables one block wide are handed down to a lower height, so each width is
    # handed down for every height in one call, then each height to the one below
    by_size = tables.reshape(levels, widths, -1)
    for b in range(widths - 1, 0, -1):  # 2**b wide is two blocks 2**(b−1) wide
        _hand_down(by_size[:, b], by_size[:, b - 1], 1 << (b - 1))
    for a in range(levels - 1, 0, -1):  # a column of blocks 2**a tall is two of 2**(a−1)
        _hand_down(by_size[a, 0], by_size[a - 1, 0], (1 << (a - 1)) * width)
    found: IntArray = tables[0].reshape(layers, height, width).astype(np.int64)
    return found


Ranks = NDArray[np.signedinteger]
"""A table of ranks, in as few bytes as hold them."""


def _hand_down(source: Ranks, below: Ranks, half: int) -> None:
    """Hand each block's rank in `source` down to the two halves of it in `below`: the one
    where it starts and the one `half` cells on (along the last axis: a row a table)."""
    np.maximum(below, source, out=below)
    np.maximum(below[..., half:], source[..., :-half], out=below[..., half:])


def _on_edge(
    front: IntArray, by_rank: IntArray, low: IntArray, high: IntArray, here: IntArray
) -> IntArray:
    """1 where the square in `front` (a rank, -1 for none) has `here` (each cell's row, or
    its column) as its `low` or `high` one: the step lies on its edge; else 0."""
    at = by_rank.take(np.maximum(front, 0))
    on: IntArray = ((front >= 0) & ((low.take(at) == here) | (high.take(at) == here))).astype(
        np.int64
    )
    return on


_UP, _RIGHT, _DOWN, _LEFT = 1, 2, 4, 8


def draw_residuals(
    raster: Raster,
    cols: IntArray,
    rows: FloatArray,
    line_rows: FloatArray,
    plot_h: int,
    selected: int | None,
    over_edges: bool = False,
) -> None:
    """Each miss as a dotted column ┊ from the point to the line, in the style "residual"
    ("residual-selected" for the selected point's), keeping a square's style where it
    crosses one. A square's edge stays its own (┌─┐ | └─┘) unless `over_edges`: a miss
    runs along its own square's side, and others cross it, and a side half "|" and half
    "┊" read as two kinds of line, the square's outline lost among the misses (a player's
    check; under NO_COLOR the glyph is all that tells them apart). The side is the miss."""
    lo, hi = np.minimum(rows, line_rows), np.maximum(rows, line_rows)
    finite = np.isfinite(lo) & np.isfinite(hi)
    first = np.where(finite, np.maximum(np.ceil(lo), 0), plot_h).astype(np.int64)
    last = np.where(finite, np.minimum(np.floor(hi), plot_h - 1), -1).astype(np.int64)
    owner = range_max(cols, first, last, np.arange(cols.size), (raster.width, plot_h)).T
    rr, cc = np.nonzero(owner >= 0)
    code = (owner[rr, cc] == (-2 if selected is None else selected)).astype(np.int64)
    # what each cell under a miss makes of it (its style, then, on a square, its glyph, each
    # read in C and each distinct one tested once): a fresh cell, or a square's inside (its
    # style kept), or a square's edge (left as it is, unless `over_edges`)
    under = read_cells(raster.styles, rr.tolist(), cc.tolist())
    square = np.fromiter(map(_SQUARE_STYLE.__getitem__, under), bool, len(under))
    keep = ~square
    if over_edges:
        keep[:] = True
    elif square.any():
        inside = np.flatnonzero(square)
        chars = read_cells(raster.chars, rr[inside].tolist(), cc[inside].tolist())
        keep[inside] = np.fromiter(map(_NOT_EDGE.__getitem__, chars), bool, inside.size)
    styles = np.fromiter(under, object, len(under))  # (np.array asks each if it is a list)
    styles[~square] = _RESIDUAL_STYLES[code[~square]]
    paint(raster, rr[keep], cc[keep], np.full(int(keep.sum()), "┊", dtype=object), styles[keep])


def read_cells(grid: list[list[str]], rows: list[int], cols: list[int]) -> list[str]:
    """What a raster's grid (its chars or its styles) holds at each cell (rows[i], cols[i]),
    looked up in C: no Python loop over the cells."""
    return list(map(getitem, map(grid.__getitem__, rows), cols))


def draw_points(
    raster: Raster, cols: IntArray, rows: FloatArray, plot_h: int, selected: int | None
) -> None:
    """Each point as ● ("◉" in the style "point-selected" for the selected one); on a
    square's cell a point takes the square's style (one style run fewer on each side, so
    fewer bytes per redraw); a point off the chart is an arrow ▲ ▼ on its edge."""
    col, row = np.asarray(cols, dtype=np.int64), np.asarray(rows, dtype=np.float64)
    cells = _cells_of_points(col, row, (plot_h, raster.height, raster.width, selected))
    under = read_cells(raster.styles, cells.rr.tolist(), cells.cc.tolist())
    # a look-up a cell in a set, not np.isin on objects (35 µs of a nudge's 120 here)
    square = np.fromiter(map(_FILLED.__contains__, under), bool, len(under)) & cells.may_take
    was = np.fromiter(under, object, len(under))
    paint(
        raster, cells.rr, cells.cc, cells.glyphs, np.where(square, was, _POINT_STYLES[cells.style])
    )


class PointCells(NamedTuple):
    """The cells the points are drawn in (rr, cc), the glyph of each, its style index in
    _POINT_STYLES, and whether it takes the style of a square under it."""

    rr: IntArray
    cc: IntArray
    glyphs: Grid
    style: IntArray
    may_take: NDArray[np.bool_]


_LAID: deque[tuple[IntArray, FloatArray, tuple[int, int, int, int | None], PointCells]] = deque(
    maxlen=4
)
"""The points' cells last worked out, with the very arrays they were worked out from."""


def _cells_of_points(
    cols: IntArray, rows: FloatArray, chart: tuple[int, int, int, int | None]
) -> PointCells:
    """`_point_cells` of the points at `cols` and `rows` on a chart (plot rows, height, width,
    the selected point): for the arrays a chart keeps for every nudge (read-only, owning
    their data: `fit.Placed`), found by identity; hashing 2,000 points' bytes for the key
    had cost a tenth of the points' drawing."""
    kept = not any(a.flags.writeable or a.base is not None for a in (cols, rows))
    if kept:
        for held_cols, held_rows, held_chart, cells in _LAID:
            if held_cols is cols and held_rows is rows and held_chart == chart:
                return cells
    cells = _point_cells(cols.tobytes(), rows.tobytes(), *chart)
    if kept:
        _LAID.append((cols, rows, chart, cells))
    return cells


@lru_cache(maxsize=4)
def _point_cells(
    cols: bytes, rows: bytes, plot_h: int, height: int, width: int, selected: int | None
) -> PointCells:
    """Where the points go and what is drawn there, all but what lies under them: a nudge
    moves the line, not the points, so a chart works this out once, not on every nudge
    (the points' columns and rows come as bytes, to be a key)."""
    col = np.frombuffer(cols, dtype=np.int64)
    row = np.round(np.frombuffer(rows, dtype=np.float64))
    on = (row >= 0) & (row < plot_h)
    r = np.where(on, row, np.where(row < 0, 0, plot_h - 1)).astype(np.int64)
    index = np.arange(col.size)
    is_chosen = index == (-1 if selected is None else selected)
    shape = (height, width)
    last = range_max(r, col, col, index, shape)  # a point is a range of one cell
    # a point drawn earlier in the cell that is not plain (the selected one, an arrow)
    # changed its style, so a later plain point no longer sees a square there
    plain = on & ~is_chosen
    spoiled = range_max(r[~plain], col[~plain], col[~plain], index[~plain], shape)
    rr, cc = np.nonzero(last >= 0)
    who, spoiler = last[rr, cc], spoiled[rr, cc]
    # a cell two or more points lie in shows SHARED: one ● stood for two (a player's check)
    inside = on & (col >= 0) & (col < width)
    counts = np.bincount(r[inside] * width + col[inside], minlength=height * width)
    many = counts[rr * width + cc] > 1
    plain_glyph = np.where(many, 4, 0)
    glyph = np.where(
        on[who], np.where(is_chosen[who], 1, plain_glyph), np.where(row[who] < 0, 2, 3)
    )
    style = np.where(on[who] & is_chosen[who], 1, 0)
    return PointCells(rr, cc, _POINT_GLYPHS[glyph], style, plain[who] & (spoiler < who))


def _depth(
    shape: tuple[int, int], c0: IntArray, r0: IntArray, c1: IntArray, r1: IntArray
) -> IntArray:
    """How many of the boxes each cell lies in (inclusive corners; an empty box covers
    none), by running sums over a grid of ±1 at the boxes' corners."""
    height, width = shape
    keep = (r0 <= r1) & (c0 <= c1)
    if not keep.all():  # (the copies cost more than the check, where all are kept)
        c0, r0, c1, r1 = c0[keep], r0[keep], c1[keep], r1[keep]
    c1, r1 = c1 + 1, r1 + 1
    corners = np.zeros((height + 1) * (width + 1), dtype=np.int64)
    for r, c, sign in ((r0, c0, 1), (r0, c1, -1), (r1, c0, -1), (r1, c1, 1)):
        np.add.at(corners, r * (width + 1) + c, sign)
    counts = corners.reshape(height + 1, width + 1).cumsum(axis=0).cumsum(axis=1)
    return counts[:height, :width]


def paint(raster: Raster, rr: IntArray, cc: IntArray, chars: Grid, styles: Grid) -> None:
    """Set the raster's cells (rr[i], cc[i]) to chars[i] and styles[i], in that order: each
    run of neighbouring cells on a row in one slice assignment (a square's row is one run,
    however wide), so the work grows with the runs, not the cells."""
    if not rr.size:
        return
    cuts = (np.flatnonzero((np.diff(rr) != 0) | (np.diff(cc) != 1)) + 1).tolist()
    all_chars, all_styles = chars.tolist(), styles.tolist()
    grid_chars, grid_styles = raster.chars, raster.styles
    if len(cuts) + 1 == rr.size:  # every run one cell (the points): set in C, not sliced
        rows, cols = rr.tolist(), cc.tolist()
        for grid, values in ((grid_chars, all_chars), (grid_styles, all_styles)):
            deque(map(setitem, map(grid.__getitem__, rows), cols, values), maxlen=0)
        return
    starts, ends = [0, *cuts], [*cuts, rr.size]
    for r, c, a, b in zip(rr[starts].tolist(), cc[starts].tolist(), starts, ends, strict=True):
        grid_chars[r][c : c + b - a] = all_chars[a:b]
        grid_styles[r][c : c + b - a] = all_styles[a:b]


_JOINS = np.array(list(" |─└||┌├─┘─┴┐┤┬┼"), dtype=object)
"""The outline's glyph for each set of ways its edges leave a cell (`draw_squares`): a side is the
ASCII "|" (a box drawing "│" is two bytes more a cell, and with 50 squares that tipped a
nudge's repaint over its 8 KB budget), a lone end of an edge its edge's own stroke."""
EDGES = frozenset(_JOINS[1:].tolist())
"""Every glyph of a square's outline."""
_SQUARE_STYLES = np.array(
    ["square", "square-selected", "square-flat", "square-selected-flat", "square-overlap"],
    dtype=object,
)
FILLED = ("square", "square-flat", "square-overlap")
"""The styles of a square's cells that a point on them takes (a selected square's not)."""
_FILLED = frozenset(FILLED)
_RESIDUAL_STYLES = np.array(["residual", "residual-selected"], dtype=object)


class _Found(dict[str, bool]):
    """A test of a string, each string tested once: a look-up after (`draw_residuals`)."""

    def __init__(self, test: Callable[[str], bool]) -> None:
        super().__init__()
        self._test = test

    def __missing__(self, key: str) -> bool:
        found = self[key] = self._test(key)
        return found


_SQUARE_STYLE = _Found(lambda style: style.startswith("square"))
"""Whether a style is a square's."""
_NOT_EDGE = _Found(lambda char: char not in EDGES)
"""Whether a glyph is no part of a square's outline."""
SHARED = "◍"
"""A cell that two or more points lie in."""
_POINT_GLYPHS = np.array(["●", "◉", "▲", "▼", SHARED], dtype=object)
POINT_GLYPHS = frozenset(_POINT_GLYPHS.tolist())
_POINT_STYLES = np.array(["point", "point-selected"], dtype=object)
