"""The fit chart: points, the player's line, each residual and its penalty square.

Terminal cells are about twice as tall as wide, so a square of h rows is 2·h columns.
With many points, the points are binned into shaded cells once per chart size.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray
from rich.cells import cell_len

from dartfit.core.arrays import FloatArray
from dartfit.core.numbers import decade
from dartfit.levels import Level
from dartfit.pictures import key_strip, marks
from dartfit.pictures.common import (
    AXIS_WIDTH,
    DASHED,
    DOTTED,
    LONG_DASHED,
    NO_CELLS,
    SAMPLES,
    SHORT_SAMPLES,
    SHORTEST_SAMPLES,
    SOLID,
    CellCount,
    LegendEntry,
    axes,
    draw_line,
    even_cols,
    even_rows,
    hidden_under,
    laid_out,
    legend,
    legend_box,
    line_cells,
    offsets,
    on_label_rows,
)
from dartfit.pictures.key_strip import KeyEntry
from dartfit.pictures.raster import IntArray, Raster, View, on_ground
from dartfit.pictures.ticks import offset_words
from dartfit.rules import linear
from dartfit.wording import num


class Density:
    """Many points binned into chart cells: counted once per chart size, never per frame."""

    SHADES = " ·░▒▓█"
    BLOCK = 1 << 16
    """Points counted at a time: a block's few working arrays stay small (a block of 2**20
    held 27 MB over a million points' 16 MB, the million-point level's peak; and ran slower)."""

    def __init__(self, x: FloatArray, y: FloatArray) -> None:
        self.x, self.y = x, y
        self.x_range = (float(np.min(x)), float(np.max(x))) if x.size else (0.0, 0.0)
        self.y_range = (float(np.min(y)), float(np.max(y))) if y.size else (0.0, 0.0)
        self._binned: dict[tuple[float, ...], tuple[NDArray[np.int64], dict[int, CellCount]]]
        self._binned = {}
        self._columns: tuple[tuple[float, float, int], NDArray[np.int16], NDArray[np.bool_]]
        self._columns = ((math.nan, math.nan, 0), np.zeros(0, np.int16), np.zeros(0, bool))

    def counts(self, view: View) -> NDArray[np.int64]:
        """Points per cell, shape (height, width), row 0 at the top."""
        return self._at(view)[0]

    def shaded(self, view: View, width: int) -> CellCount:
        """The cells (column, row, the axis's margin counted in) that points fall in on a
        chart `width` wide, counted once a chart size as the counts are, for a legend box to
        ask how many it hides in four look-ups a frame."""
        counts, shaded = self._at(view)
        if width not in shaded:
            rows, cols = np.nonzero(counts)
            cells = np.stack([cols + width - view.width, rows], axis=1).astype(np.int64)
            shaded[width] = CellCount(cells, width, view.height)
        return shaded[width]

    def _at(self, view: View) -> tuple[NDArray[np.int64], dict[int, CellCount]]:
        key = (view.x_lo, view.x_hi, view.y_lo, view.y_hi, view.width, view.height)
        if key not in self._binned:
            # two sizes at most: a chart asks where its legend would hide shaded cells at
            # its whole height, then draws them under the legend's own rows
            self._binned = {**dict(list(self._binned.items())[-1:]), key: (self._bin(view), {})}
        return self._binned[key]

    def _bin(self, view: View) -> NDArray[np.int64]:
        """Count the points per cell a block at a time (np.histogram2d holds several
        copies of all the data at once: 390 MB more at 10^7 points)."""
        w, h = view.width, view.height
        cols, x_inside = self._cols(view)
        counts = np.zeros(w * h, dtype=np.int64)
        for start in range(0, self.x.size, self.BLOCK):
            y = self.y[start : start + self.BLOCK]
            inside = x_inside[start : start + self.BLOCK] & (y >= view.y_lo) & (y <= view.y_hi)
            col = cols[start : start + self.BLOCK][inside].astype(np.int64)
            row = np.minimum(
                ((y[inside] - view.y_lo) / (view.y_hi - view.y_lo) * h).astype(np.int64), h - 1
            )
            counts += np.bincount((h - 1 - row) * w + col, minlength=w * h)
        return counts.reshape(h, w)  # row 0 at the top

    def _cols(self, view: View) -> tuple[NDArray[np.int16], NDArray[np.bool_]]:
        """Each point's column of the view, and whether it is inside the view's x range:
        found once for the x range and width, which a nudge keeps. A view moved in y (the
        line kept in sight) counted a million points into cells twice (at the chart's whole
        height, for the legend's rows, and under them), each in full; now each counts rows."""
        key = (view.x_lo, view.x_hi, view.width)
        if self._columns[0] != key:
            w, cols = view.width, np.zeros(self.x.size, np.int16)  # a terminal's 400 at most
            inside = np.zeros(self.x.size, bool)
            for start in range(0, self.x.size, self.BLOCK):
                x = self.x[start : start + self.BLOCK]
                here = (x >= view.x_lo) & (x <= view.x_hi)
                col = np.minimum(
                    ((x[here] - view.x_lo) / (view.x_hi - view.x_lo) * w).astype(np.int64), w - 1
                )
                cols[start : start + self.BLOCK][here] = col
                inside[start : start + self.BLOCK] = here
            self._columns = (key, cols, inside)
        return self._columns[1], self._columns[2]

    def shade_rows(self, view: View) -> list[str]:
        """Each row of cells as shade characters, darker where more points fall (log scale)."""
        counts = self.counts(view)
        top = max(int(counts.max()), 1)
        level = np.where(counts > 0, 1 + np.log1p(counts) / np.log1p(top) * 4, 0)
        index = np.clip(np.round(level), 0, 5).astype(int)
        shades = np.array(list(self.SHADES))
        return ["".join(row) for row in shades[index]]


class Laid(NamedTuple):
    """Where a chart puts the points: what is the same for every line through them."""

    cols: IntArray  # each point's column, the axis's width counted in
    rows: FloatArray  # each point's row, fractional (row 0 at the top)
    cells: CellCount  # the cells they are drawn in, counted (for the legend and a label)


class Placed:
    """Points as the fit chart places them: their ranges found once, their columns, rows and
    cells once per chart size and view. A nudge moves the line, never the points: at 2,000
    points, working them out again came to a tenth of a nudge's drawing."""

    LOST_KEPT = 64
    """Legends `lost` remembers the answer for, at most (a line's entries, which name where
    it lies beside the best lines, come and go as the player nudges once those are shown)."""

    def __init__(self, x: FloatArray, y: FloatArray) -> None:
        self.x, self.y = x, y
        self._laid: dict[tuple[View, int], Laid] = {}
        self._lost: dict[tuple[View, int, int, int, tuple[LegendEntry, ...]], int] = {}

    @cached_property
    def x_range(self) -> tuple[float, float]:
        """The points' least and greatest x."""
        return (float(np.min(self.x)), float(np.max(self.x))) if self.x.size else (0.0, 0.0)

    @cached_property
    def y_range(self) -> tuple[float, float]:
        """The points' least and greatest y."""
        return (float(np.min(self.y)), float(np.max(self.y))) if self.y.size else (0.0, 0.0)

    def holds(self, x: FloatArray, y: FloatArray) -> bool:
        """Whether these are the points placed (the very arrays: a level's are read-only)."""
        return x is self.x and y is self.y

    def at(self, view: View, width: int) -> Laid:
        """The points laid out in a view, on a chart `width` columns wide (its margin the
        columns the view leaves)."""
        key = (view, width)
        if key not in self._laid:
            cols = np.round(view.col(self.x)).astype(np.int64) + width - view.width
            rows = view.row(self.y)
            cells = np.stack([cols, np.round(rows).astype(np.int64)], axis=1)
            for shared in (cols, rows):  # handed to every frame's drawing: none may change them
                shared.setflags(write=False)
            self._laid = {key: Laid(cols, rows, CellCount(cells, width, view.height))}  # one
        return self._laid[key]

    def lost(
        self, view: View, width: int, left: int, plot_h: int, entries: list[LegendEntry]
    ) -> int:
        """How many of a legend's `entries` no corner of the plot `view` holds clear of the
        points (`_fitting` with the points alone): asked every frame, and the same for every
        line while the view and the entries are (a second search of the corners a nudge)."""
        key = (view, width, left, plot_h, tuple(entries))
        if key not in self._lost:
            if len(self._lost) >= self.LOST_KEPT:
                self._lost.clear()
            points = self.at(view, width).cells
            kept, clear = _fitting(entries, width, left, plot_h, points, None)
            self._lost[key] = len(entries) - (len(kept) if clear is not None else 0)
        return self._lost[key]


def _placed(pic: FitPicture) -> Placed:
    """The picture's points placed: as its screen keeps them, else afresh (a one-off chart)."""
    if pic.placed is not None and pic.placed.holds(pic.x, pic.y):
        return pic.placed
    return Placed(pic.x, pic.y)


SELECTED_SAID = ("the point the arrows move", "picked point", "picked")
"""What ◉ is, in the key under the chart: the longest wording the strip has room for."""
PICKED_SAID = ("the point enter picks", "selected point", "selected")
"""What ◉ is on a "which point" level, where the arrows move nothing (costliest's key said
"the point the arrows move", and they did nothing there)."""


@dataclass(frozen=True)
class FitPicture:
    """What the fit chart shows: points, a line (or none), and what to draw around them."""

    x: FloatArray
    y: FloatArray
    m: float
    b: float
    bounds: tuple[float, float, float, float]
    squares: bool = True
    residuals: bool = True
    selected: int | None = None
    selected_said: tuple[str, ...] = SELECTED_SAID  # what ◉ is, for the key
    ghosts: tuple[tuple[float, float], ...] = ()  # reference lines (m, b), drawn dotted
    density: Density | None = None  # big data: shaded cells instead of points
    placed: Placed | None = None  # the points laid out once, by the screen that keeps them
    ghost_names: tuple[str, ...] = ()  # what each ghost line is, for the legend
    label_largest: bool = True  # the largest square's e² (off where it is the answer)
    line: bool = True  # draw the line (m, b) (off where where it lies is the answer)
    line_name: str = "your line"  # what the line is, for the legend beside other lines
    name_line: bool = False  # name the line in the legend even alone (a line the player
    # did not draw: guess-mse's "the line to judge" had no name at all)
    miss_name: str = "miss: point to line"  # what a ┊ is, where misses show as ┊
    mae: bool = False  # scored by MAE: the legend says what the misses' lengths add up to
    names: tuple[str, str] | None = None  # what x and y are (real data): said in the legend
    caption: bool = True  # say what the squares (misses) are: off in small charts that say it once
    reference: bool = False  # the last ghost is the level's own reference line (Galton's
    # ŷ = x): drawn long-dashed in a style of its own, before and after the best lines join
    # it (it was dotted, then dashed once the best line took the dots)
    on_yours: frozenset[int] = frozenset()  # the ghosts (by index) the player's line is on
    # as near as the keys go, as the win panel says it ("your line, on it"): named in its entry
    key_below: bool = False  # its legend in a strip of its own under the chart (`draw_fit_keyed`),
    # none on the plot: a play's chart, whose corners a line far off crowded
    namings: dict[View, Naming] = field(default_factory=dict, init=False, compare=False, repr=False)
    """How the legend names the lines in each view the frame asks about (`_naming`), found
    once: a frame drew the ghosts and wrote the legend from it, each asking (3 times a
    frame for a shaded chart, whose legend is tried over the plot first)."""


CAPTION = "MSE = mean area of the squares"
"""What the squares are, in one wording at every width: a level at 80×24 said "mean area"
while played and "the average area" once won, beside a wider chart."""
MAE_CAPTION = "MAE = mean length of the misses"
"""What the misses' lengths make, in the squares' caption's words, at every width: it read
"the average length of the misses" on wide charts and "mean length of misses" on narrow."""
NARROW = 60
"""Charts narrower than this (80×24's) say it shorter, so the legend hides less of the plot."""
SHARED_CAPTION = "two or more points in a cell"
SHORT = {
    SHARED_CAPTION: "points sharing a cell",  # whole in a small chart of the sets (anscombe's
    # at 80×24 wrapped "cell" onto its own row, beside the 14┤ tick label)
}
OVERLAP = (
    " Where squares overlap, the smaller one lies in front of the larger, as cards in a pile"
    " (the larger's edge stops at the smaller's outline, ┴ or ┤), the largest framed whole"
    " over them all, and the overlap is filled a shade deeper where the terminal has the"
    " colours for it, so each square can be told by its outline and counted."
)
LINES_REACH = 2.0  # a line is kept in view up to this many spans of y beyond the points


def fit_bounds(
    x: FloatArray,
    y: FloatArray,
    extra: Sequence[float] = (),
    lines: Sequence[tuple[float, float]] = (),
) -> tuple[float, float, float, float]:
    """A padded world rectangle around the points, any extra y values to keep in view, and
    the given lines (m, b) over the points' x range (within reason: a line far off is kept
    in view only up to LINES_REACH spans of y beyond the points)."""
    ys = np.concatenate([y, np.asarray(extra, dtype=float)]) if len(extra) else y
    x_lo, x_hi = float(np.min(x)), float(np.max(x))
    y_lo, y_hi = float(np.min(ys)), float(np.max(ys))
    reach = LINES_REACH * max(y_hi - y_lo, _at_least(y_hi - y_lo, 1.0))
    ends = [m * v + b for m, b in lines for v in (x_lo, x_hi)]
    ends = [min(max(e, y_lo - reach), y_hi + reach) for e in ends if math.isfinite(e)]
    y_lo, y_hi = min([y_lo, *ends]), max([y_hi, *ends])
    x_pad = max((x_hi - x_lo) * 0.04, _at_least(x_hi - x_lo, 0.25))
    y_pad = max((y_hi - y_lo) * 0.08, _at_least(y_hi - y_lo, 0.5))
    return (*_round_out(x_lo - x_pad, x_hi + x_pad), *_round_out(y_lo - y_pad, y_hi + y_pad))


def _at_least(span: float, least: float) -> float:
    """A floor for a margin beside a span: `least` from a span of 1 on (or none at all),
    shrinking faster than the span below it (least·span²), so tiny data gets the margins
    large data does: x from 1e−5 to 3e−4 had a margin of 0.25 on each side, and every point
    was drawn in one column."""
    return least if not 0 < span < 1 else least * span * span


def level_bounds(level: Level) -> tuple[float, float, float, float]:
    """The fit chart's view of a line level: its points, its start line and its best line,
    so the player's line is on the chart from the first frame to the win."""
    lines = [linear.start_line(level), linear.best_fit(level, "mse")]
    return fit_bounds(level.x, level.y, lines=lines)


FOLLOW_STEP = 0.5  # a line that leaves the view widens it by its overshoot and half a span more
SHRINK = 1.5  # a grown view this many times the span the line needs shrinks back to that
HOME_INSIDE = 0.05  # a grown view goes home once the line is this share of its height inside
# (less than the 8 % the level's own view leaves about its lines: at its start line it is home)


Bounds = tuple[float, float, float, float]


def holding(bounds: Bounds, x_range: tuple[float, float], y_range: tuple[float, float]) -> Bounds:
    """`bounds`, grown (as a line that leaves grows it: by half a span more) to hold the
    points' ranges, if they reach outside: a point moved up the sandbox went off the chart,
    only the edge of its square in sight (a hostile pass)."""
    x_lo, x_hi, y_lo, y_hi = bounds
    (px_lo, px_hi), (py_lo, py_hi) = x_range, y_range
    if x_lo <= px_lo and px_hi <= x_hi and y_lo <= py_lo and py_hi <= y_hi:
        return bounds
    more_x, more_y = FOLLOW_STEP * (x_hi - x_lo), FOLLOW_STEP * (y_hi - y_lo)
    return (
        px_lo - more_x if px_lo < x_lo else x_lo,
        px_hi + more_x if px_hi > x_hi else x_hi,
        py_lo - more_y if py_lo < y_lo else y_lo,
        py_hi + more_y if py_hi > y_hi else y_hi,
    )


def _ends(bounds: Bounds, m: float, b: float, over: tuple[float, float] | None) -> list[float]:
    """The line's heights at the ends of `over` (the points' x range), else of the view."""
    x_lo, x_hi = over if over is not None else bounds[:2]
    return [m * x_lo + b, m * x_hi + b]


def _holds(bounds: Bounds, m: float, b: float, over: tuple[float, float] | None = None) -> bool:
    """Whether both ends of the line (over `over`, else the view's width) are in view."""
    return all(math.isfinite(e) and bounds[2] <= e <= bounds[3] for e in _ends(bounds, m, b, over))


def follow_bounds(
    bounds: Bounds,
    m: float,
    b: float,
    home: Bounds | None = None,
    over: tuple[float, float] | None = None,
) -> Bounds:
    """The view after the line (m, b) moved: back to `home` (the level's own view) once the
    line is well inside it again (HOME_INSIDE of its height from its top and bottom: a line
    nudged out past its edge and back by one step had rescaled the chart both ways, every
    square with it); else the same bounds while both of the line's ends are inside the y
    range, else the y range grown by a generous step past the end that left, so a nudge
    rarely re-bounds. A view grown more than SHRINK times what the line needs now (it went
    far and came back part of the way) shrinks to the level's view grown just for it; one
    grown SHRINK² times the level's own shrinks to it once the line is inside it at all.

    The line's ends are taken over `over`, the points' x range, when given: a line that
    leaves only in the margin beside the points (where no point or square is) moves no
    view (level 14's winning nudge left by 0.15 at x = −1 and grew −9…40 to −50…70)."""
    if home is not None and bounds != home:
        inset = HOME_INSIDE * (home[3] - home[2])
        if _holds((*home[:2], home[2] + inset, home[3] - inset), m, b, over):
            return home
        needed = follow_bounds(home, m, b, over=over)
        # inside home but near its edge: home only from a view grown far more than by a step
        limit = SHRINK if needed != home else SHRINK * SHRINK
        if limit * (needed[3] - needed[2]) < bounds[3] - bounds[2]:
            return needed
    x_lo, x_hi, y_lo, y_hi = bounds
    ends = _ends(bounds, m, b, over)
    if not all(math.isfinite(e) for e in ends) or all(y_lo <= e <= y_hi for e in ends):
        return bounds
    step = FOLLOW_STEP * (y_hi - y_lo)
    lo, hi = min([y_lo, *ends]), max([y_hi, *ends])
    lo, hi = (lo - step if lo < y_lo else y_lo), (hi + step if hi > y_hi else y_hi)
    new_lo, new_hi = _round_out(lo, hi)
    return x_lo, x_hi, min(new_lo, y_lo), max(new_hi, y_hi)


def _round_out(lo: float, hi: float) -> tuple[float, float]:
    """Widen [lo, hi] to multiples of a round step (a tenth of its span's decade), so the
    axis labels read cleanly. The step is the span's own however small: one of at least
    1e−10 made x from 1e−45 to 3e−44 (a CSV the sandbox takes) ±1e−10 wide, every point
    drawn in one column."""
    span = hi - lo
    step = decade(span if span > 0 else 1e-9) / 10
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def _plot_view(pic: FitPicture, width: int, height: int) -> View:
    """The view the chart's marks are drawn in: its axes' (`_axes_view`), with each
    labelled y tick on its label's row (`on_label_rows`)."""
    return on_label_rows(_axes_view(pic, width, height))


def _axes_view(pic: FitPicture, width: int, height: int) -> View:
    """The chart's view of the picture's bounds, its x and y ticks evenly apart (`even_cols`
    about the points; `even_rows`, narrowing a short chart about the points and the lines
    over them where widening cannot), across the chart's width less the margin its y labels
    take (`laid_out`): `width - view.width` columns."""
    return laid_out(partial(_view_across, pic, height), width)[1]


def _view_across(pic: FitPicture, height: int, columns: int) -> View:
    """`_axes_view` for a plot `columns` wide."""
    view = View(*pic.bounds, width=columns, height=height - 1)
    if pic.density is not None:  # millions of points: their ranges found once
        (x_lo, x_hi), ys = pic.density.x_range, list(pic.density.y_range)
    elif not pic.x.size:
        return even_rows(view)
    else:
        placed = _placed(pic)
        (x_lo, x_hi), ys = placed.x_range, list(placed.y_range)
    lines = [*pic.ghosts, *([(pic.m, pic.b)] if pic.line else [])]
    ys += [m * x + b for m, b in lines for x in (x_lo, x_hi)]
    keep = (max(min(ys), pic.bounds[2]), min(max(ys), pic.bounds[3]))  # what is in sight
    return even_rows(even_cols(view, (x_lo, x_hi)), keep)


def nearest_point(
    pic: FitPicture, width: int, height: int, col: int, row: int, reach: float = 4
) -> int | None:
    """The point drawn in a clicked cell (the one on top), else the one nearest it within
    `reach` cells, for mouse selection. A point half a row off its cell's middle was more
    than a cell away: a press on it grabbed the line through it."""
    view, row = _under_legend(pic, width, height, row)
    left, cols, rows = width - view.width, view.col(pic.x), view.row(pic.y)
    # rounded as `draw_fit` rounds them, before the margin is added: a point at column 13.5
    # of the plot is drawn at 14 + 7, and round(20.5) is 20 (to even)
    here = np.flatnonzero((np.round(cols) + left == col) & (np.round(rows) == row))
    if here.size:
        return int(here[-1])  # drawn last, on top
    dc, dr = cols + left - col, (rows - row) * 2  # rows are twice as tall
    distance = np.hypot(dc, dr)
    k = int(np.argmin(distance))
    return k if distance[k] <= reach else None


SHORT_PLOT = 12
"""Plot rows below which a shaded chart (a win panel's) lets the shades' key go rather than
hide a shaded cell under it; taller, the key stays (the shades can't be read without it)."""
CAPTIONS = ("┊", "□", "·░▒▓█", marks.SHARED)  # the last but one: SHADES
"""The samples of the legend's captions (what the misses, the squares and the shades mean),
which a short chart lets go rather than hide a point; the lines' names stay."""


def _fitting(
    entries: list[LegendEntry],
    width: int,
    left: int,
    plot_h: int,
    avoid: IntArray | CellCount,
    lines: IntArray | None,
    square: IntArray | None = None,
    each_line: Sequence[IntArray] = (),
    squares: CellCount | None = None,
) -> tuple[list[LegendEntry], tuple[int, int, int, int] | None]:
    """The legend's entries, less its captions where every corner would hide a point under
    them (a short chart, beside a win panel), the largest square's edges (`square`), or
    most of a line (`each_line`: each line's cells): the last goes first. A point under
    "□ MSE = the average area …" was one of outlier-mae's eleven; Galton's shaded cells lay
    under the shades' key; outlier-mae's e²=246 square had its corner and edge under the
    captions; median-guess's won panel named the dotted mean, which the captions hid for
    more than half its length; then the cells of any square (`squares`). With them, where
    `legend_box` puts them (found once a frame, not again)."""

    def cost(box: tuple[int, int, int, int] | None) -> tuple[float, float, float, float]:
        if box is None:  # no room for it: no legend at all is the last resort
            return math.inf, math.inf, math.inf, math.inf
        edges = hidden_under(box, square) if square is not None else 0
        lost = sum(2 * hidden_under(box, cells) > len(cells) for cells in each_line)
        boxed = hidden_under(box, squares) if squares is not None else 0
        return hidden_under(box, avoid), edges, lost, boxed

    box = legend_box(width, left, plot_h, entries, avoid, lines, squares)
    if box is not None and cost(box) == (0, 0, 0, 0):
        return entries, box
    # else the fewest captions let go that hide the fewest points, then square edges: none
    # where letting them go clears nothing (Galton's shades' key went, beside a win panel,
    # and the names left in the box hid the same shaded cells); then the same with the
    # lines' short samples, where two columns more hid more (outlier-line at 46×16)
    best = (cost(box), entries, box)
    for trial in _trials(entries):
        found = legend_box(width, left, plot_h, trial, avoid, lines, squares)
        hides = cost(found)
        if hides < best[0]:
            best = (hides, trial, found)
    if best[2] is None and _unnamed(entries) != entries:  # no room even so: the axes' names
        # go, the lines' stay (Galton's won chart at 80×8 went without a legend, its three
        # lines unnamed)
        return _fitting(
            _unnamed(entries), width, left, plot_h, avoid, lines, square, each_line, squares
        )
    _, entries, box = best
    return entries, box


_SHORTER = [
    {SAMPLES[dash]: shorter[dash] for dash in SAMPLES}
    for shorter in (SHORT_SAMPLES, SHORTEST_SAMPLES)
]
_LINE_SAMPLES = frozenset(
    sample for samples in (SAMPLES, SHORT_SAMPLES, SHORTEST_SAMPLES) for sample in samples.values()
)


def _trials(entries: list[LegendEntry]) -> Iterator[list[LegendEntry]]:
    """The legends `_fitting` tries after `entries`, the one it prefers first: its captions
    let go, the last first; then all that again with the lines' short samples (and the
    arrows' shorter word), then with their shortest (and the lines' names before ": ")."""
    tiers = [entries]
    for shortest, shorter in enumerate(_SHORTER):
        short = [
            (shorter.get(sample, sample), style, _shorter_text(sample, text, bool(shortest)))
            for sample, style, text in entries
        ]
        if short != entries:
            tiers.append(short)
    for first in tiers:
        for trial in _letting_go(first):
            if trial is not entries:
                yield trial


def _shorter_text(sample: str, text: str, shortest: bool) -> str:
    """An entry's words in a legend of shorter samples: the arrows' in fewer (first-line won
    at 40×6 had no room for "your line runs on past the edge" wrapped onto two rows); with
    the shortest samples, a line's name before its ": " ("ŷ = x", as `_said_on` cuts it)."""
    if text == EXITS:
        return EXITS_SHORT
    if MOSTLY_SAID in text and sample in _LINE_SAMPLES:  # "…, mostly behind yours" (on the
        # plot of first-line won at 40×6 "…, mostly hidden by your line" left no legend)
        return _mostly_shorter(text)[-1 if shortest else 0]
    if shortest and sample in _LINE_SAMPLES:
        return text.split(": ", 1)[0]
    return text


def _letting_go(entries: list[LegendEntry]) -> Iterator[list[LegendEntry]]:
    """`entries`, then with its captions let go one at a time, the last first (one before
    the arrows' word too)."""
    trial = entries
    yield trial
    while captions := [i for i, (sample, _, _) in enumerate(trial) if sample in CAPTIONS]:
        trial = trial[: captions[-1]] + trial[captions[-1] + 1 :]
        yield trial


def _unnamed(entries: list[LegendEntry]) -> list[LegendEntry]:
    """The entries less the axes' names: the last resort before a legend goes, the lines'
    names stay (the axes' corner still reads y↑ x →)."""
    return [entry for entry in entries if entry[0] != NAMES_SAMPLE]


NAMES_SAMPLE = "x→"
"""The sample of the legend's entry that names the axes."""
NAMES_JOIN = " · y↑ "
"""Between the x axis's name and the y axis's in one entry of the legend."""


def _legend_entries(
    pic: FitPicture, view: View, squares: bool = False, misses: bool = False
) -> list[LegendEntry]:
    """The legend's entries on a chart whose plot is `view`: the axes' names, the lines'
    (those drawn on the player's line's dots named in its entry) and what the misses and
    shades are; what the squares are only where a square shows on the chart (`squares`):
    guess-mse's won chart at 80×24, its misses under half a row, said "□ MSE = the average
    area of the squares" over none; what a ┊ is where one shows (`misses`: guess-mse's
    and which-line's misses were never named). An axis whose labels leave out an offset is
    named with it in words: "x = label + 1e15"."""
    entries: list[LegendEntry] = []
    if pic.names is not None:  # the axes' own corner has room for a letter each
        x, y = (offset_words(name, o) for name, o in zip(pic.names, offsets(view), strict=True))
        entries.append((NAMES_SAMPLE, "axis", f"{x}{NAMES_JOIN}{y}"))
    if (pic.ghosts or pic.name_line) and pic.line:
        entries += _line_entries(pic, view)
    # the squares' caption before the misses': a short chart lets the last caption go first,
    # and where a square shows its caption says what it is (outlier-mae's won chart at 80×24
    # kept "┊ MAE = …" and let "□ MSE = …" go beside its outlier's e²=132 square)
    if squares and pic.squares and pic.density is None and pic.caption:
        entries.append(("□", "square", CAPTION))
    if pic.residuals and pic.density is None and pic.caption and (pic.mae or misses):
        # what the score reads (the MAE's misses, always), or what a ┊ seen is
        entries.append(("┊", "residual", MAE_CAPTION if pic.mae else pic.miss_name))
    if pic.density is not None:  # shaded cells: say what the shades count
        entries.append((SHADES, "density", "points in a cell: few → many"))
    return entries


SHADES = "·░▒▓█"
"""The sample of the shades' key: few points in a cell → many."""


YOURS = -1
"""The player's line among the chart's lines (the reference lines by index from 0)."""
SHORT_YOURS = "yours"
"""The player's line's name in an entry that names the lines on it, where its own is too long."""
WHERE = {"above": "just above", "below": "just below", "beside": "beside"}
"""How a legend entry says where a line drawn in another's cells is (`Raster.hidden`)."""
MOSTLY = "mostly"
"""Where a line is that shows in cells of its own, but is hidden under a later line in most
of the cells it is drawn in (`Raster.mostly_hidden`)."""
MOSTLY_SAID = ", mostly hidden by "
"""How a legend entry says its line is mostly hidden, before the name of the line over it
("best MSE line, mostly hidden by your line"): first-line's won chart at 80×24 showed 18
of its best line's 73 cells, and "⠂⠂⠂⠂⠂ best MSE line" named a line the student could
barely find. Words, not a colour: they read under NO_COLOR too."""


def _line_entries(pic: FitPicture, view: View) -> list[LegendEntry]:
    """The lines' legend entries on a chart whose plot is `view`: the player's, then each
    reference line's, as the chart shows them (`_lines_hidden`). A line seen nowhere is named
    in the entry of the line drawn on its dots ("your line, on ŷ = x"), or where its dots
    show in that line's colour, its entry says where they are, its sample in that colour
    ("MSE best (mean), just above your line"): each entry names a line the chart shows. A
    line seen in few of its cells says what hides the rest ("best MSE line, mostly hidden by
    your line")."""
    naming = _naming(pic, view)
    label, said, hidden, gone = naming.label, naming.said, naming.hidden, naming.gone
    entries: list[LegendEntry] = []
    for k in (YOURS, *range(len(pic.ghosts))):
        style, dash = ("line", SOLID) if k == YOURS else _ghost_style(pic, k)
        text = f"{label[k]}, on {said[k]}" if said.get(k) else label[k]
        if k in gone:
            continue
        if k in hidden and hidden[k][1] == MOSTLY:  # its own cells are few: its sample
            text = f"{text}{MOSTLY_SAID}{label[hidden[k][0]]}"  # its own, and the words say so
        elif k in hidden and hidden[k][1] != "on":  # its dots in another line's cells
            cover, where = hidden[k]
            style = "line" if cover == YOURS else _ghost_style(pic, cover)[0]
            text = f"{text}, {WHERE[where]} {label[cover]}"
        entries.append((SAMPLES[dash], style, text))
    return entries


@dataclass(frozen=True)
class Naming:
    """How the legend names the chart's lines (`_naming`): each line's name (`label`), what
    the entry of a line says is on it (`said`), the lines not seen as lines of their own,
    with the line over each and where (`hidden`, as `_lines_hidden`), and those named only
    in the entry of the line they are on (`gone`, each with that line)."""

    label: dict[int, str]
    said: dict[int, str]
    hidden: dict[int, tuple[int, str]]
    gone: dict[int, int]


def _naming(pic: FitPicture, view: View) -> Naming:
    """How the legend of a chart whose plot is `view` names its lines (`Naming`): worked
    out once for the picture and view (`FitPicture.namings`)."""
    known = pic.namings.get(view)
    if known is None:
        known = pic.namings[view] = _named(pic, view)
    return known


def _ghost_labels(pic: FitPicture) -> list[str]:
    """Each reference line's name (a best line's, where it has none)."""
    return [
        pic.ghost_names[k] if k < len(pic.ghost_names) else "best line"
        for k in range(len(pic.ghosts))
    ]


def _named(pic: FitPicture, view: View) -> Naming:
    """`_naming`, worked out."""
    names = _ghost_labels(pic)
    label = {YOURS: pic.line_name, **dict(enumerate(names))}
    # the lines the win panel says the player's is on, as near as the keys go, named as
    # one with it as there (slope's best line, won, had an entry of its own beside "your
    # line, on it")
    seen = _lines_hidden(pic, view)
    hidden = seen | {k: (YOURS, "on") for k in pic.on_yours}
    on: dict[int, list[int]] = {}  # the lines drawn on each line's dots
    for k, (cover, where) in sorted(hidden.items()):
        while cover in hidden and hidden[cover][1] == "on":  # on a line itself on another
            cover = hidden[cover][0]  # (each drawn later: no loop)
        if where == "on":
            on.setdefault(cover, []).append(k)
    said = {cover: _said_on(view, label[cover], [names[k] for k in ks]) for cover, ks in on.items()}
    if on.get(YOURS) and not said[YOURS]:  # "yours, on best MSE line" where "your line, on
        # best MSE line" is too wide (likely-line won at 80×24: a plot of 33 columns)
        said[YOURS] = _said_on(view, SHORT_YOURS, [names[k] for k in on[YOURS]])
        label[YOURS] = SHORT_YOURS if said[YOURS] else label[YOURS]
    # drawn wholly on another's dots, a line has no entry of its own even where the joint
    # entry is too wide (likely-line won at 80×24 named "⠂⠂⠂⠂⠂ best MSE line" with no
    # dotted cell on the chart); one on it by the keys' rule alone keeps its own (it shows)
    gone = {
        k: cover
        for cover, ks in on.items()
        for k in ks
        if said[cover] or seen.get(k, (0, ""))[1] == "on"
    }
    return Naming(label, said, hidden, gone)


def _said_on(view: View, name: str, under: list[str]) -> str:
    """What the entry of a line named `name` says of the lines drawn on its dots (`under`,
    by name): their names, or where that entry would be wider than the plot, each name
    before its ": " (Galton's "ŷ = x: as tall as their parents" at 80×24); "" where even
    that is too wide (each then has its entry, as any line). `view`: the plot's."""
    room = view.width - 2 - len(SAMPLES[SOLID]) - 1 - cell_len(f"{name}, on ")
    for cut in (False, True):
        said = " and ".join(text.split(": ", 1)[0] if cut else text for text in under)
        if cell_len(said) <= room:
            return said
    return ""


def _lines_hidden(pic: FitPicture, view: View) -> dict[int, tuple[int, str]]:
    """The chart's lines (the reference lines by index, the player's as YOURS) that the plot
    `view` does not show as lines of their own, each with the line over it and where its
    dots are: drawn in its colour in no cell (`Raster.hidden`: the lines drawn alone, as
    `_fit_chart` draws them, in its order), or on a later line's dots all along
    (`_on_its_dots`: a cell or two of it at a text row's edge are that line's, read as one).
    Galton's best line, won at 80×24, lay 0.2 of a dot row under the player's line, drawn
    wholly under it; median-guess's mean, won at 80×24, a free dot row over the player's in
    its cells, in its colour: each had an entry of its own, as a line the chart showed."""
    order = tuple(
        (k, m, b, _ghost_style(pic, k)[1]) for k, (m, b) in _ghosts_in_order(pic, view)
    ) + (((YOURS, pic.m, pic.b, SOLID),) if pic.line else ())
    return _hidden_among(view, order)


@lru_cache(maxsize=64)
def _hidden_among(
    view: View, order: tuple[tuple[int, float, float, tuple[int, int]], ...]
) -> dict[int, tuple[int, str]]:
    """`_lines_hidden` of the lines (k, m, b, dash) drawn in `order` in `view`: worked out
    once for a view and lines (a legend laid over the plot asks at each height it tries,
    and a frame that moves a point keeps them), and drawn only where two lines come near
    enough to share a cell."""
    if not _near(view, [(m, b) for _, m, b, _ in order]):
        return {}
    lines = Raster(view.width, view.height)
    for k, m, b, dash in order:
        draw_line(lines, view, 0, m, b, str(k), dash)
    hidden = {int(k): (int(cover), where) for k, (cover, where) in lines.hidden().items()}
    for i, (k, m, b, _) in enumerate(order):
        later = reversed(order[i + 1 :])
        cover = next((j for j, mj, bj, _ in later if _on_its_dots(view, (mj, bj), (m, b))), None)
        if k not in hidden and cover is not None:
            hidden[k] = cover, "on"
    for style, over in lines.mostly_hidden().items():  # seen, but in few of its cells
        hidden.setdefault(int(style), (int(over), MOSTLY))
    return hidden


def _near(view: View, lines: list[tuple[float, float]]) -> bool:
    """Whether two of the lines come within a text row and a quarter of each other in some
    column of the plot, each over the rows it crosses in that column (only there can one be
    drawn in the other's cells: a steep line crosses many in one column)."""
    if len(lines) < 2:
        return False
    edges = np.arange(view.width + 1) - 0.5  # the columns' edges
    xs = view.x_lo + (view.x_hi - view.x_lo) * edges / max(view.width - 1, 1)
    with np.errstate(all="ignore"):
        rows = np.array([view.row(m * xs + b) for m, b in lines])
        lo, hi = np.minimum(rows[:, :-1], rows[:, 1:]), np.maximum(rows[:, :-1], rows[:, 1:])
        meet = (lo[:, None, :] < hi[None, :, :] + 1.25) & (lo[None, :, :] < hi[:, None, :] + 1.25)
    return bool(meet[~np.eye(len(lines), dtype=bool)].any())


def _on_its_dots(view: View, over: tuple[float, float], line: tuple[float, float]) -> bool:
    """Whether `line` lands on the dots of the line `over` in `view`: less than a braille dot
    row from it in every half column of the plot where either is drawn, so each of its dots
    is on one of that line's or touches it, never a free dot row apart. Lines within 1/400
    of the view's height were one line, and others not: Galton's best line, won at 80×24,
    lay 0.2 of a dot row under the player's line, drawn wholly under it, yet had an entry of
    its own in the legend."""
    sub_cols = np.arange(2 * view.width)
    xs = view.x_lo + (view.x_hi - view.x_lo) * (sub_cols - 0.5) / 2 / max(view.width - 1, 1)
    with np.errstate(all="ignore"):
        dot_rows = [4 * view.row(m * xs + b) + 1.5 for m, b in (over, line)]  # `_sub_row`'s
    drawn = np.zeros(xs.shape, bool)
    for rows in dot_rows:
        drawn |= (rows > -0.5) & (rows < 4 * view.height - 0.5)
    apart = np.abs(dot_rows[0] - dot_rows[1])[drawn]
    return bool(apart.size) and bool(np.all(apart < 1))


def _ghost_dash(k: int) -> tuple[int, int]:
    """The first reference line is dotted, the second dashed: told apart without colour."""
    return DOTTED if k % 2 == 0 else DASHED


def _ghost_style(pic: FitPicture, k: int) -> tuple[str, tuple[int, int]]:
    """The style and dash of the k-th ghost line: the level's reference line its own."""
    if pic.reference and k == len(pic.ghosts) - 1:
        return "reference", LONG_DASHED
    return f"ghost-{k % 2}", _ghost_dash(k)


def _draw_ghosts(raster: Raster, view: View, left: int, pic: FitPicture) -> None:
    """The reference lines, each in its style, where `_levels_apart` draws them: the level's
    own (long-dashed) first, then the best lines (dotted, a dot in every cell), so where
    lines meet the one drawn later, with fewer gaps, keeps the cells (`Raster.segment`), and
    the player's line, drawn after them all, keeps its own. A line the legend names only as
    on another ("your line, on best MSE line") is drawn on that line's dots, under it: one
    within a dot row of the player's all along, so named, showed 3 to 12 dotted cells of
    its own at the ends of the player's runs of dots (slope, crickets and steep, won at
    80×24), a line the legend did not name."""
    ghosts = _ghosts_in_order(pic, view)
    gone = _naming(pic, view).gone if pic.ghosts and pic.line else {}
    at = {YOURS: (pic.m, pic.b), **dict(ghosts)}
    for k, _ in ghosts:
        draw_line(raster, view, left, *at[gone.get(k, k)], *_ghost_style(pic, k))


def _ghosts_in_order(pic: FitPicture, view: View) -> list[tuple[int, tuple[float, float]]]:
    """The reference lines by index, where `_levels_apart` draws them, in the order drawn."""
    lines = list(enumerate(_levels_apart(pic, view)))
    if pic.reference and lines:
        lines.insert(0, lines.pop())
    return lines


def _sub_row(view: View, y: float) -> int:
    """The braille dot row (four to a text row) `Raster.segment` draws a level line y on."""
    return round(4 * view.row(y) + 1.5)


def _levels_apart(pic: FitPicture, view: View) -> tuple[tuple[float, float], ...]:
    """The reference lines as drawn: where two levels of flat lines (the player's among
    them) fall on one text row, the reference lines (never the player's) drawn at the edge
    of that row's cells away from the other level: each line in the text row of its value,
    as far apart in its cells as they go. Won at 80×24, median-guess's and mean-guess's best
    lines (the median 5 and the mean 6) were drawn in one row, their dots and the player's
    in the same cells ("⠉⠭⠉⠭"); then, moved to the next row, the median's dashed line lay a
    row low, at about 3.4 under points at 4, and the mean's at 6.6: a line is drawn in
    its value's text row or not at all."""
    flat = [b for m, b in pic.ghosts if m == 0]
    if pic.line and pic.m == 0:
        flat.append(pic.b)
    levels = sorted({_sub_row(view, b) for b in flat})
    if len(levels) != 2 or levels[0] // 4 != levels[1] // 4:
        return pic.ghosts
    yours = _sub_row(view, pic.b) if pic.line and pic.m == 0 else None
    row = 4 * (levels[0] // 4)
    to = {level: row if level == levels[0] else row + 3 for level in levels if level != yours}

    def at(sub_row: int) -> float:  # the y `_sub_row` puts on that dot row
        return view.y_hi - (sub_row - 1.5) / 4 / (view.height - 1) * (view.y_hi - view.y_lo)

    return tuple(
        (m, at(to[_sub_row(view, b)])) if m == 0 and _sub_row(view, b) in to else (m, b)
        for m, b in pic.ghosts
    )


def _under_legend(pic: FitPicture, width: int, height: int, row: int) -> tuple[View, int]:
    """The plot's view, and a row of the chart as a row of that plot: under the rows of a
    legend laid out over it (`_legend_above`), where there are any."""
    above = len(_legend_above(pic, width, height))
    return _plot_view(pic, width, height - above), row - above


def world_at(pic: FitPicture, width: int, height: int, col: int, row: int) -> tuple[float, float]:
    """The world point (x, y) under a cell of the chart: where the mouse points."""
    view, row = _under_legend(pic, width, height, row)
    left = width - view.width
    x = view.x_lo + (col - left) / max(view.width - 1, 1) * (view.x_hi - view.x_lo)
    y = view.y_hi - row / max(view.height - 1, 1) * (view.y_hi - view.y_lo)
    return x, y


def line_grip(
    pic: FitPicture, width: int, height: int, col: int, row: int, centre: float
) -> str | None:
    """Which part of the player's line a press grabs: "middle" (within a sixth of the chart's
    width of the data's `centre`), "end" (farther out: far enough to turn the line about the
    centre steadily), or None when the press is not near the line."""
    x, _ = world_at(pic, width, height, col, row)
    view, row = _under_legend(pic, width, height, row)
    line_row = view.row(pic.m * x + pic.b)
    # the distance to the line on screen, rows counted twice (a cell is twice as tall as wide)
    rows_per_x = view.row(pic.m * (x + 1) + pic.b) - line_row
    slope = 2 * rows_per_x * (view.x_hi - view.x_lo) / max(view.width - 1, 1)  # per column
    if abs(2 * (row - line_row)) / math.hypot(1, slope) > 3:
        return None
    return "middle" if abs(x - centre) < (view.x_hi - view.x_lo) / 6 else "end"


LEGEND_GAP = "  "
"""Between two entries of a legend laid out in rows over the plot."""


def _legend_above(
    pic: FitPicture, width: int, height: int, drawn: Drawn | None = None
) -> list[list[LegendEntry]]:
    """The rows of a chart's legend where no corner of its plot holds it without hiding
    shaded cells or points (`drawn`: the chart with its corner legend, where known), laid
    out over the plot, in rows of its own: at any size, playing or won (while playing at
    80×24 Galton's legend hid 10 shaded cells, 11 children of 69.5-inch parents in one;
    beside the win panel, 9 at 80×24 and 2 at 100×30; likely-line's, 5 of its 14 points).

    None where a corner holds it clear, or where the plot would keep fewer than
    SHORT_PLOT // 2 rows. A row given to the legend bins the points a little more coarsely;
    a cell under it is data gone from sight, so rows are given down to that floor (17 rows
    to plot while playing at 80×24 keep 13, the shades' key among the rows). Below it a
    plot reads as a tick or two: a shaded chart's legend stays in a corner, as before, and
    a chart of points goes without one (`draw_fit`)."""
    plot_h = height - 1
    if pic.key_below or width - AXIS_WIDTH < 4 or plot_h < 3:
        return []
    view = _plot_view(pic, width, height)
    left = width - view.width
    if pic.density is None:
        drawn = _fit_chart(pic, width, height) if drawn is None else drawn
        if drawn.hidden == 0 and drawn.lost == 0:
            return []
        # no corner clear of the points holds all the chart may show (`_fit_chart`'s `lost`):
        # rows over the plot only where they hold them all
        return _rows_above(pic, width, height, drawn, whole=drawn.hidden == 0)
    shaded = pic.density.shaded(view, width)
    entries = _legend_entries(pic, view) + _exits_entry(_exits(view, pic.m, pic.b))
    # where it goes is where it hides fewest shaded cells, whatever lines it crosses: they
    # are not asked, and a nudge does not move it (the line's arrows aside)
    if plot_h < SHORT_PLOT:  # a short chart's legend may let its captions go to fit
        _, box = _fitting(entries, width, left, plot_h, shaded, None)
    else:
        box = legend_box(width, left, plot_h, entries, shaded)
    if box is not None and hidden_under(box, shaded) == 0:
        return []
    rows = _flowed(_names_apart(entries), view.width)
    return rows if 0 < len(rows) <= plot_h - SHORT_PLOT // 2 else []


def _names_apart(entries: Sequence[LegendEntry]) -> list[LegendEntry]:
    """The axes' names as two entries, x's and y's, which rows of a legend flow apart: one
    row fewer over Galton's plot while playing at 80×24 (13 rows left to plot, not 12)."""
    apart: list[LegendEntry] = []
    for sample, style, text in entries:
        if sample == NAMES_SAMPLE and NAMES_JOIN in text:
            x, y = text.split(NAMES_JOIN, 1)
            apart += [(sample, style, x), ("y↑", style, y)]
        else:
            apart.append((sample, style, text))
    return apart


def _flowed(entries: Sequence[LegendEntry], room: int) -> list[list[LegendEntry]]:
    """The entries in rows `room` wide, in order, as many to a row as fit (none where one
    alone is wider): as the key under a chart flows its entries (`key_strip.flowed`)."""
    return key_strip.flowed(entries, room) or []


def _rows_above(
    pic: FitPicture, width: int, height: int, drawn: Drawn, whole: bool = False
) -> list[list[LegendEntry]]:
    """The rows over a plot of points of its legend, which every corner would hide points
    under, as many as the plot under them takes (what they say of its arrows and shared
    cells is what that plot shows), down to SHORT_PLOT // 2 rows left to plot: the whole
    legend where it fits, else as `_fitting` lets it go (captions, then longer samples),
    else that again without what the arrows at the plot's edge are; none where nothing
    fits. (Likely-line won at 80×24, beside a win panel a row taller, had one row for its
    legend: its lines' names fitted it, but not with "▲ your line runs on past the edge",
    and the chart went without a legend.)"""
    shared = (marks.SHARED, "point", SHORT[SHARED_CAPTION] if width < NARROW else SHARED_CAPTION)
    tried: dict[int, tuple[list[list[LegendEntry]], int]] = {}

    def trials(taken: int) -> tuple[list[list[LegendEntry]], int]:
        """The legends tried with `taken` rows over the plot, and the plot's width: worked
        out as first asked (each asks where the lines lie at that height)."""
        if taken not in tried:
            view = _plot_view(pic, width, height - taken)
            entries = _legend_entries(pic, view, drawn.squares, drawn.misses)
            # a row kept for the arrows wherever there is a line: it runs off the plot and
            # back as the player nudges, and the plot must not move with it (a review: noisy
            # at 80×24 had 3 rows of legend, then 4); left blank where none is drawn
            entries += _exits_entry(_exits(view, pic.m, pic.b) or ("▲" if pic.line else ""))
            if bool((_placed(pic).at(view, width)[2].counts > 1).any()):
                entries.append(shared)
            legends = [entries, *_trials(entries)]
            # the last resorts, before the whole legend goes: the arrows' word let go (and
            # `draw_fit` draws no arrows), then the axes' names, then both
            named = [entry for entry in entries if entry[2] != EXITS]
            for fewer in (named, _unnamed(entries), _unnamed(named)):
                if fewer not in legends:
                    legends += [fewer, *_trials(fewer)]
            tried[taken] = legends, view.width
        return tried[taken]

    heights = range(1, height - 1 - SHORT_PLOT // 2 + 1)
    for k in itertools.count():
        more = False
        for taken in heights:
            legends, room = trials(taken)
            more |= k + 1 < len(legends) and not whole
            rows = _flowed(_names_apart(legends[k]), room) if k < len(legends) else []
            if len(rows) == taken:
                return rows
        if not more:
            return []
    return []


def draw_fit(pic: FitPicture, width: int, height: int) -> Raster:
    """Draw the fit chart into a raster of the given size: its legend in a corner of the
    plot, or where every corner would hide shaded cells or points, in rows over it; where
    the plot has no rows to spare for them, a chart of points goes without its legend,
    unless it has lines to name (two or more, or arrows where the player's runs past its
    edge): then in the corner that hides the fewest points. (Charts of 7 rows and fewer
    went without one, Galton's best line and ŷ = x unnamed beside the player's line.)"""
    if pic.key_below:
        return draw_fit_keyed(pic, width, height)[0]
    drawn = None
    if pic.density is None:
        drawn = _fit_chart(pic, width, height)
        chart = drawn.raster
        if not drawn.hidden and not drawn.lost:
            return chart
    above = _legend_above(pic, width, height, drawn)
    if not above:
        if drawn is not None and (
            not drawn.hidden or _lines_to_name(pic, _plot_view(pic, width, height))
        ):
            return chart  # its legend in the corner that hides the fewest points
        if pic.density is not None and (over := _key_over(pic, width, height)):
            chart = _draw_fit(pic, width, height, keyed=False)
            view = _plot_view(pic, width, height)  # a column clear of the axis, as in a corner
            _legend_rows_over(chart, width - view.width + 1, over, _exits(view, pic.m, pic.b))
            return chart
        keyed = pic.density is not None  # a shaded chart's key stays, in a corner
        return _draw_fit(pic, width, height, keyed=keyed)
    raster = Raster(width, height)
    under = _plot_view(pic, width, height - len(above))
    arrows = _exits(under, pic.m, pic.b)
    said = any(text in EXITS_WORDS for row in above for _, _, text in row)
    # no arrows where the legend has no room to say what they are (likely-line won at
    # 80×24: a one-row legend, and a ▲ at the plot's top edge unexplained)
    chart = _draw_fit(pic, width, height - len(above), keyed=False, arrows=said)
    raster.paste(chart, len(above))
    for r in range(len(above)):
        raster.fill(width - under.width, r, width - 1, r, "legend", " ")
    _legend_rows_over(raster, width - under.width, list(enumerate(above)), arrows)
    return raster


def draw_fit_keyed(pic: FitPicture, width: int, height: int) -> tuple[Raster, list[KeyEntry]]:
    """The chart with no legend on its plot, and its key: what each mark it shows is, for a
    strip under it (`key_strip.draw_key`). The plot keeps every row, and a line far off
    crowds no corner of it: nothing is laid over the points, the squares or the lines."""
    drawn = _fit_chart(pic, width, height, keyed=False)
    if drawn.shown is None:  # too small for a plot
        return drawn.raster, []
    return drawn.raster, key_entries(pic, drawn.shown)


SQUARES_SAID = (
    "area = miss², MSE = their mean area",
    "area = miss², MSE = mean area",
    "area = miss²",
    "miss²",  # a square, □, of the miss: where even "area = miss²" leaves no room
)
"""What a square is, in the key under the chart: the longest wording the strip has room for."""
MISSES_SAID = ("miss: point to line", "miss")
MAE_SAID = (MAE_CAPTION, "miss: MAE = mean length", "miss")
SHARED_SAID = (SHARED_CAPTION, SHORT[SHARED_CAPTION], "2+ points")
SHADES_SAID = ("points in a cell: few → many", "points in a cell")


def key_entries(pic: FitPicture, shown: Shown | None) -> list[KeyEntry]:
    """The key of a chart that shows `shown` (None: every mark it may show, for the rows
    its strip keeps whatever the line does): the points (or the shades), the lines, the
    arrows, the misses, the squares, shared cells and what the axes are."""
    every = shown is None
    entries: list[KeyEntry] = []
    if pic.density is not None:
        entries.append(((SHADES,), "density", SHADES_SAID))
    elif pic.x.size:
        entries.append((("●",), "point", ("points",)))
    if pic.selected is not None:
        entries.append((("◉",), "point-selected", pic.selected_said))
    if pic.line:
        entries += _key_lines(pic, None if shown is None else shown.view)
    if pic.line and (every or (shown is not None and shown.arrows)):  # no line, no arrows
        arrows = "▲▼" if shown is None else shown.arrows
        entries.append(((arrows,), "line", EXITS_SAID))
    if pic.density is None and pic.residuals and (every or (shown is not None and shown.misses)):
        entries.append((("┊",), "residual", MAE_SAID if pic.mae else MISSES_SAID))
    if pic.density is None and pic.squares and (every or (shown is not None and shown.squares)):
        entries.append((("□",), "square", SQUARES_SAID))
    if pic.density is None and (every or (shown is not None and shown.shared)):
        entries.append(((marks.SHARED,), "point", SHARED_SAID))
    if pic.names is not None:
        view = shown.view if shown is not None else None
        named = (
            pic.names
            if view is None
            else [offset_words(name, o) for name, o in zip(pic.names, offsets(view), strict=True)]
        )
        entries.append(((NAMES_SAMPLE,), "axis", (f"{named[0]}{NAMES_JOIN}{named[1]}",)))
    return entries


def _key_lines(pic: FitPicture, view: View | None) -> list[KeyEntry]:
    """The lines' entries in the key: as the legend names them on a plot `view` (which
    lies on which, `_line_entries`), or each by its own name (None: every line apart)."""
    if view is not None and (pic.ghosts or pic.name_line):
        named = _line_entries(pic, view)
    else:
        named = [(SAMPLES[SOLID], "line", pic.line_name)]
        if not pic.ghosts:  # the one line: "line" says which, where the strip is narrow
            return [(_samples_of(SAMPLES[SOLID]), "line", (pic.line_name, "line"))]
        named += [
            (SAMPLES[_ghost_style(pic, k)[1]], _ghost_style(pic, k)[0], name)
            for k, name in enumerate(_ghost_labels(pic))
        ]
    return [
        (_samples_of(sample), style, _shortened(text, _shorter_text(sample, text, True)))
        for sample, style, text in named
    ]


def _shortened(text: str, short: str) -> tuple[str, ...]:
    """A line's words in the key, ever shorter: its name, before its ": ", then a name alone
    without " line" ("best MSE line", "best MSE"; "your line", "yours"), but not words that
    say where it lies ("just below your line")."""
    if MOSTLY_SAID in text:
        return tuple(dict.fromkeys((text, *_mostly_shorter(text))))
    shortest = short if ", " in short else short.removesuffix(" line") or short
    shortest = "yours" if shortest == "your" else shortest
    return tuple(dict.fromkeys((text, short, shortest)))


def _mostly_shorter(text: str) -> tuple[str, ...]:
    """A mostly hidden line's words (`MOSTLY_SAID`) ever shorter: "best MSE line, mostly
    hidden by your line", then "… mostly behind yours", "best MSE line, mostly hidden"
    (first-line won at 80×24 has a row of 78 columns for five entries), "best MSE, mostly
    hidden"; never without "mostly hidden" or "behind" (the line is seen in few cells). A
    name's words after its ": " go before the line's own ("ŷ = x, mostly hidden")."""
    name, cover = text.split(MOSTLY_SAID, 1)
    cover = cover.split(": ", 1)[0]  # "ŷ = x", as `_said_on` cuts a name
    cover = SHORT_YOURS if cover == "your line" else cover
    short = name.split(": ", 1)[0]
    least = short if ", " in short else short.removesuffix(" line") or short
    hidden = f", {MOSTLY} hidden"
    return f"{name}, {MOSTLY} behind {cover}", f"{short}{hidden}", f"{least}{hidden}"


def _samples_of(sample: str) -> tuple[str, ...]:
    """A line's sample, then its shorter ones (`SHORT_SAMPLES`, `SHORTEST_SAMPLES`)."""
    return (sample, *(shorter[sample] for shorter in _SHORTER if sample in shorter))


def key_rows(pic: FitPicture, width: int) -> int:
    """The rows the key under a chart keeps, `width` wide: one where every mark the chart
    may show is named in one (in the shortest words), else two; the same for every line,
    so a nudge never moves the plot."""
    return _key_rows(tuple(key_entries(pic, None)), width)


@lru_cache(maxsize=64)
def _key_rows(entries: tuple[KeyEntry, ...], width: int) -> int:
    """`key_rows` of every entry a chart may show: worked out once, where a nudge asks again
    of the same entries (the wordings tried were a third of the key strip's work a key).
    Keyed on words and a width, not on a picture: no level's data is kept by it."""
    return min(key_strip.rows_needed(entries, width), 2)


def _legend_rows_over(
    raster: Raster, left: int, rows: list[tuple[int, list[LegendEntry]]], arrows: str
) -> None:
    """A legend's rows, each on its row of the chart from column `left`, each entry's sample
    and words on the legend's ground; the arrows' entry with `arrows` for its sample (left
    out where the line runs past no edge)."""
    for r, row in rows:
        col = left
        for sample, style, text in row:
            if text in EXITS_WORDS and not arrows:
                continue  # the line runs past no edge of the shorter plot (one that does
                # there and not at the whole height goes unsaid: no row was kept for it)
            sample = arrows if text in EXITS_WORDS else sample
            raster.fill(col, r, col + _entry_width(sample, text) - 1, r, "legend", " ")
            raster.text(col, r, sample, on_ground(style, "legend"))
            raster.text(col + cell_len(sample) + 1, r, text, "legend")
            col += _entry_width(sample, text) + len(LEGEND_GAP)


def _entry_width(sample: str, text: str) -> int:
    """The columns an entry takes in a row of a legend: its sample, a space and its words
    (in cells: a wide character takes two)."""
    return cell_len(sample) + 1 + cell_len(text)


def _key_over(pic: FitPicture, width: int, height: int) -> list[tuple[int, list[LegendEntry]]]:
    """The rows of a short shaded chart's legend laid over its plot, each as wide as its own
    entries and on a row of the plot (the first at its top, the last at its bottom) where it
    hides no shaded cell and no line: where no corner holds the shades' key clear of them
    and the plot has no rows to give the legend (Galton's question at 80×24, six rows to
    plot: "x→ parents (in)  y↑ child (in)  ⠒⠒⠒ your line, on ŷ = x" over its empty top row
    and the key over its empty bottom one; the corner had let the key go, and the shades
    were read with nothing to say what they count). None where a corner keeps the key, or
    no such rows are found."""
    plot_h = height - 1
    if pic.density is None or plot_h >= SHORT_PLOT or width - AXIS_WIDTH < 4 or plot_h < 3:
        return []
    view = _plot_view(pic, width, height)
    left = width - view.width
    shaded = pic.density.shaded(view, width)
    crossed = line_cells(view, left, [(pic.m, pic.b), *pic.ghosts])
    entries = _legend_entries(pic, view) + _exits_entry(_exits(view, pic.m, pic.b))
    kept, _ = _fitting(entries, width, left, plot_h, shaded, crossed)
    if any(sample == SHADES for sample, _, _ in kept):
        return []
    for trial in [entries, *_trials(entries)]:
        if not any(sample == SHADES for sample, _, _ in trial):
            continue  # the key is what these rows are for
        rows = _flowed(_names_apart(trial), view.width - 1)  # a column clear of the axis
        if not rows or len(rows) > plot_h - 2:
            continue
        for top in range(len(rows), -1, -1):  # as many rows at the top as hide nothing
            placed = [*enumerate(rows[:top]), *enumerate(rows[top:], plot_h - len(rows) + top)]
            if all(
                hidden_under((left + 1, r, _row_width(row), 1), cells) == 0
                for r, row in placed
                for cells in (shaded, crossed)
            ):
                return placed
    return []


def _row_width(row: list[LegendEntry]) -> int:
    """The columns a row of a legend takes, its entries `LEGEND_GAP` apart."""
    return sum(_entry_width(sample, text) for sample, _, text in row) + len(LEGEND_GAP) * (
        len(row) - 1
    )


def _lines_to_name(pic: FitPicture, view: View) -> bool:
    """Whether a chart whose plot is `view` has lines its legend must name: the player's
    and another, or arrows where the player's runs past the plot's edge."""
    return pic.line and (pic.name_line or bool(pic.ghosts) or bool(_exits(view, pic.m, pic.b)))


def _draw_fit(
    pic: FitPicture, width: int, height: int, keyed: bool = True, arrows: bool = True
) -> Raster:
    """The fit chart in a raster of the given size, its legend in a corner (left out where
    not `keyed`: `draw_fit` lays it out over the plot, or goes without), and arrows where
    the player's line runs past the plot's edge (but where not `arrows`)."""
    return _fit_chart(pic, width, height, keyed, exits=arrows).raster


class Drawn(NamedTuple):
    """A fit chart with its legend in a corner (`_fit_chart`)."""

    raster: Raster
    hidden: int = 0  # cells of points the legend hides
    lost: int = 0  # the legend's entries let go for want of room
    squares: bool = False  # a square may be seen (a legend in rows says what the squares are)
    misses: bool = False  # a miss's ┊ may be seen (a legend in rows says what one is)
    shown: Shown | None = None  # what the chart shows, for its key (a `key_below` picture's)


class Shown(NamedTuple):
    """What a chart drawn with no legend on it shows, for the key under it to name
    (`key_entries`): its plot's view, the arrows where the player's line runs off, and
    whether a square, a miss's ┊ and a cell of two or more points are seen."""

    view: View
    arrows: str = ""
    squares: bool = False
    misses: bool = False
    shared: bool = False


def _fit_chart(
    pic: FitPicture, width: int, height: int, keyed: bool = True, exits: bool = True
) -> Drawn:
    """The fit chart of `_draw_fit`, how many cells of points its legend hides (a chart of
    points: one in no corner clear of them; a shaded chart's, 0), and how many of the
    legend's entries it let go (a chart of points; a shaded chart's, 0)."""
    raster = Raster(width, height)
    plot_h = height - 1
    if width - AXIS_WIDTH < 4 or plot_h < 3:
        return Drawn(raster)
    framed = _axes_view(pic, width, height)
    view = on_label_rows(framed)
    left = width - framed.width

    axes(raster, framed, "x", "y", left=left)

    if pic.density is not None:
        for row, shades in enumerate(pic.density.shade_rows(view)):
            raster.text(left, row, shades, "density")
        _draw_ghosts(raster, view, left, pic)
        arrows = ""
        if pic.line:  # as on a chart of points: a question's chart went on drawing the flat
            # line the level starts from (million's, at y = 0), unasked and named nowhere
            draw_line(raster, view, left, pic.m, pic.b, "line")
            arrows = _line_exits(raster, view, left, pic.m, pic.b) if exits else ""
        if pic.selected is not None:  # the point being moved, over the shades: it was not
            k = pic.selected  # drawn at all, and a player moved a point they could not see
            cols = np.rint(view.col(pic.x[k : k + 1])).astype(np.int64) + left
            marks.draw_points(raster, cols, view.row(pic.y[k : k + 1]), plot_h, 0)
        if not keyed:
            return Drawn(raster, shown=Shown(view, arrows))
        avoid = pic.density.shaded(view, width)  # for the legend to keep clear of
        crossed = line_cells(view, left, [(pic.m, pic.b), *pic.ghosts])
        keys = _legend_entries(pic, view) + _exits_entry(arrows)
        found = None
        if plot_h < SHORT_PLOT:  # a shade's cell under the key matters less than reading the shades
            keys, found = _fitting(keys, raster.width, left, plot_h, avoid, crossed)
        legend(raster, left, plot_h, keys, avoid, crossed, found)
        return Drawn(raster)
    # whole arrays at once: the same float operations as one point at a time
    cols, rows, points = _placed(pic).at(view, raster.width)
    line_rows = view.row(pic.m * pic.x + pic.b)

    boxes = None  # where the squares are, found once: drawn, and said in the legend where shown
    if pic.squares:
        boxes = marks.square_boxes(cols, rows, line_rows, left, raster.width, plot_h)
    label = None
    if boxes is not None:
        label = _draw_squares(raster, pic, view, cols, rows, line_rows, left, boxes)
    if pic.residuals:
        _draw_residuals(raster, pic, cols, rows, line_rows, plot_h)
    _draw_ghosts(raster, view, left, pic)
    arrows = ""
    if pic.line:
        draw_line(raster, view, left, pic.m, pic.b, "line")
        arrows = _line_exits(raster, view, left, pic.m, pic.b) if exits else ""
    _draw_points(raster, pic, cols, rows, plot_h)
    # the largest square labelled only where it is seen, as a box or by a corner: one lost
    # under its point and the line across its corners had its label float alone ("e²=2.9"
    # on guess-mse's win at 80×24); one a row tall, "●┘", is seen, and was unlabelled
    if label is not None and not marks.square_seen(raster, label[0][:4], plot_h):
        label = None
    if not keyed:  # `draw_fit` lays the legend out over the plot, or goes without
        shown = None
        if pic.key_below:  # what the key under the chart names, seen before the label
            seen = boxes is not None and marks.squares_seen(raster, boxes, plot_h)
            in_one = bool((points.counts > 1).any())  # two or more points in a cell
            shown = Shown(view, arrows, seen, pic.residuals and _misses_shown(raster), in_one)
        if label is not None:
            _label(raster, label, plot_h, left, points.counts > 0)
        return Drawn(raster, shown=shown)
    # for the legend to clear: the lines where they are drawn
    drawn = [*([(pic.m, pic.b)] if pic.line else []), *_levels_apart(pic, view)]
    seen = boxes is not None and marks.squares_seen(raster, boxes, plot_h)
    misses = _misses_shown(raster)
    shared = SHORT[SHARED_CAPTION] if width < NARROW else SHARED_CAPTION  # said last: let go
    sharing = [(marks.SHARED, "point", shared)] if bool((points.counts > 1).any()) else []
    entries = _legend_entries(pic, view, seen, misses) + _exits_entry(arrows) + sharing
    each = [line_cells(view, left, [line]) for line in drawn] if entries else []  # each line's
    lines = np.concatenate([*each, NO_CELLS]) if entries else None  # all of them, found once
    square = _outline(*label[0][:4]) if label is not None else None
    if lines is not None and square is not None:  # and the largest square's edges and label
        lines = np.concatenate([lines, square])
    squares = None
    if boxes is not None and entries:  # every square's cells, for the legend to keep clear of
        squares = CellCount.of_grid(marks.square_cells(boxes, plot_h, raster.width))
    wanted = entries
    entries, box = _fitting(
        entries, raster.width, left, plot_h, points, lines, square, each, squares
    )
    # Whether the legend takes rows of its own is decided by the points alone: where no
    # corner clear of them holds all the chart may show (a square, a miss's ┊, seen now or
    # not; not the arrows, which come and go with the line). Decided by what was seen,
    # clear of the line and the squares too, the legend took rows and gave them back as the
    # player nudged, the plot two rows taller or shorter from one key to the next
    # (first-line at 80×24).
    can_square, can_miss = boxes is not None, pic.residuals
    every = _legend_entries(pic, view, can_square, can_miss) + sharing  # (the arrows: the line's)
    lost = _placed(pic).lost(view, raster.width, left, plot_h, every)
    if not lost and (box is None or len(entries) < len(wanted)):
        # the line or the squares crowd every corner now: the legend over them, clear of the
        # points and the largest square's edges, whole where it can be (it let entries go:
        # ◍ and ┊ unnamed on first-line at 80×24)
        entries, box = _fitting(wanted, raster.width, left, plot_h, points, None, square)
    if label is not None:  # after the points, where it hides none and the legend hides it not
        taken = points.counts > 0  # a grid: 2,000 points made a set of 2,000 tuples a nudge
        if box is not None:  # where _fitting put the legend (the square among its lines)
            c0, r0, w, h = box
            taken[max(r0, 0) : r0 + h, max(c0, 0) : c0 + w] = True
        _label(raster, label, plot_h, left, taken)
    legend(raster, left, plot_h, entries, points, lines, box)
    hidden = hidden_under(box, points) if box is not None and entries else 0
    return Drawn(raster, hidden, lost, can_square, can_miss)


def _misses_shown(raster: Raster) -> bool:
    """Whether a miss's ┊ is seen on a drawn chart (before its legend is laid over it)."""
    return any("┊" in row for row in raster.chars)


def _draw_residuals(
    raster: Raster,
    pic: FitPicture,
    cols: IntArray,
    rows: FloatArray,
    line_rows: FloatArray,
    plot_h: int,
) -> None:
    """Each miss as a dotted column from the point to the line, in a square's own colours
    where it crosses one; a square's edge kept, but where the chart is scored by MAE (there
    the misses are the score, and the legend names them ┊)."""
    marks.draw_residuals(raster, cols, rows, line_rows, plot_h, pic.selected, pic.mae)


def _draw_points(
    raster: Raster, pic: FitPicture, cols: IntArray, rows: FloatArray, plot_h: int
) -> None:
    """The points, over their squares and misses (see marks.py)."""
    marks.draw_points(raster, cols, rows, plot_h, pic.selected)


def _exit(view: View, y: float) -> str:
    """▲ where a height is above the plot, ▼ where it is below, else ""."""
    row = view.row(y)
    if not math.isfinite(row):
        return ""
    return "▲" if row < -0.5 else "▼" if row > view.height - 0.5 else ""


def _exits(view: View, m: float, b: float) -> str:
    """The arrows at the line ŷ = m·x + b's ends where it runs off the top or the bottom."""
    return "".join(_exit(view, m * x + b) for x in (view.x_lo, view.x_hi))


def _line_exits(raster: Raster, view: View, left: int, m: float, b: float) -> str:
    """Where the player's line runs off the top or the bottom, an arrow at that end says so;
    returns the arrows drawn, for the legend to name ("" for none)."""
    drawn = ""
    for x, col in ((view.x_lo, left), (view.x_hi, raster.width - 1)):
        arrow = _exit(view, m * x + b)
        if arrow:
            raster.put(col, 0 if arrow == "▲" else view.height - 1, arrow, "line")
            drawn += arrow
    return drawn


EXITS = "your line runs on past the edge"
EXITS_SHORT = "your line runs on"
"""The arrows' word where the legend has room for no more (`_trials`)."""
EXITS_WORDS = (EXITS, EXITS_SHORT)
EXITS_SAID = (EXITS, EXITS_SHORT, "runs on")
"""The arrows' words in the key under the chart, the longest the strip has room for."""


def _exits_entry(arrows: str) -> list[LegendEntry]:
    """The legend's word for the arrows at the chart's edge (a player asked what ▲ was)."""
    return [(arrows, "line", EXITS)] if arrows else []


def _draw_squares(
    raster: Raster,
    pic: FitPicture,
    view: View,
    cols: IntArray,
    rows: FloatArray,
    line_rows: FloatArray,
    left: int,
    boxes: marks.Boxes | None = None,
) -> SquareLabel | None:
    """Penalty squares, outlined so overlapping ones stay countable (see marks.py): `boxes`,
    the squares of the points at (`cols`, `rows`) from the line at `line_rows`, where the
    chart has found them already (a test draws them one point at a time from those). The
    largest is labelled with its area, the squared miss: its box, text and point are
    returned, to go on after the points (where its box, or a corner of it, is seen:
    `_fit_chart`)."""
    if boxes is None:
        boxes = marks.square_boxes(cols, rows, line_rows, left, raster.width, view.height)
    marks.draw_squares(raster, boxes, view.height, pic.selected)
    areas = (pic.y - (pic.m * pic.x + pic.b)) ** 2
    largest = int(np.argmax(areas)) if areas.size else -1
    if pic.label_largest and largest >= 0 and bool(boxes.drawn[largest]):
        style = "square-selected" if largest == pic.selected else "square"
        row = min(max(int(np.round(rows[largest])), 0), view.height - 1)  # as points are
        text = f"e²={num(float(areas[largest]), 3)}"
        return SquareLabel((*boxes.box(largest), style), text, (int(cols[largest]), row))
    return None


class SquareLabel(NamedTuple):
    """The largest square's label: the square (first column and row, last column and row,
    its style), the text, and the cell of the square's point."""

    box: tuple[int, int, int, int, str]
    text: str
    point: tuple[int, int]


def _outline(c0: int, r0: int, c1: int, r1: int) -> IntArray:
    """The cells (column, row) of a square's edges, and of the row above it, where its label
    goes when it does not fit on the edge: for the legend to keep clear of (it hid the
    largest square's corner, and the label with it)."""
    cols, rows = np.arange(c0, c1 + 1), np.arange(r0, r1 + 1)
    return np.concatenate(
        [np.stack([cols, np.full_like(cols, r)], axis=1) for r in (r0 - 1, r0, r1)]
        + [np.stack([np.full_like(rows, c), rows], axis=1) for c in (c0, c1)]
    ).astype(np.int64)


def _label(
    raster: Raster,
    label: SquareLabel,
    plot_h: int,
    left: int,
    taken: NDArray[np.bool_],
) -> None:
    """A square's label on its top or bottom edge when it fits inside, else just above or
    below it across some of its columns, else beside its top or bottom corner, else on a
    row inside it against a side; wholly on the plot, and never on a cell of the player's
    line (the line is always on the chart: "⣀⣀⡀e²=54.1──┐" had cut the sandbox's line at its
    left end; a label with no place off the line is left out). Of those places, the first
    that covers no `taken` cell (a point's, the legend's; a grid of the plot's rows by the
    raster's columns), lies next to a cell of the square seen on the chart or its point,
    and has no other point at either end; else the one that fails the fewest of these, in
    that order. Every place touches the square: one on the row over it but wholly left of
    it, a corner's touch away, read as a label 7 columns off its square (guess-mse's round
    5 at 80×24); and one over a top edge the line hid, two rows off the row of it seen and
    against another point, "●e²=8.37" above "◉─┘", read as that point's (pull's win at
    80×24)."""
    (c0, r0, c1, r1, style), text, point = label
    n = len(text)
    if raster.width - left < n:
        return
    inside = c1 - c0 - 1 >= n
    edges = (r0, r1) if inside else ()
    across = range(c0 + 1, max(c1 - n, c0 + 1) + 1)
    places = itertools.chain(
        ((r, c0 + 1 + k, style) for r in edges for k in range(c1 - c0 - n)),
        ((r, c, "label") for r in (r0 - 1, r1 + 1) for c in across),
        ((r, c, "label") for r in (r0, r1) for c in (c0 - n, c1 + 1)),
        ((r, c, style) for r in range(r0 + 1, r1) if inside for c in (c0 + 1, c1 - n)),
    )
    best: tuple[tuple[bool, ...], int, int, str] | None = None
    for r, c, look in places:
        start = min(max(c, left), raster.width - n)
        if not 0 <= r < plot_h or (r in (r0, r1) and look == "label" and start != c):
            continue  # beside the square, but pushed onto it by the plot's edge
        if any(raster.dots_at(col, r) == "line" for col in range(start, start + n)):
            continue  # the line wins its cells
        ends = [col for col in (start - 1, start + n) if 0 <= col < raster.width]
        faults = (
            bool(taken[r, start : start + n].any()),
            not _beside_seen(raster, (c0, r0, c1, r1), point, plot_h, (r, start, start + n - 1)),
            any(raster.chars[r][col] in marks.POINT_GLYPHS and (col, r) != point for col in ends),
        )
        if best is None or faults < best[0]:
            best = (faults, r, start, look)
            if not any(faults):
                break
    if best is not None:
        _write_label(raster, best[2], best[1], text, best[3])


def _beside_seen(
    raster: Raster,
    box: tuple[int, int, int, int],
    point: tuple[int, int],
    plot_h: int,
    cells: tuple[int, int, int],
) -> bool:
    """Whether a cell of `cells` (a row, its first and last column) is next to (or on) a cell
    of the square `box`'s edges that shows on the chart as drawn so far (`marks.bare_square`:
    one went above the square's top edge, which the line hid, two rows off the one row of
    it seen), or its point. Only the edge cells within a cell of them are looked at: a grid
    of every cell next to one seen, made for each label, was a tenth of a nudge's chart."""
    row, first, last = cells
    col, at = point
    if abs(at - row) <= 1 and first - 1 <= col <= last + 1:
        return True
    c0, r0, c1, r1 = box
    lo, hi = max(first - 1, c0, 0), min(last + 1, c1, raster.width - 1)
    rows = range(max(row - 1, 0), min(row + 1, plot_h - 1) + 1)
    across = [(c, r) for r in rows if r in (r0, r1) for c in range(lo, hi + 1)]
    down = [(c, r) for c in {c0, c1} if lo <= c <= hi for r in rows if r0 < r < r1]
    return any(marks.bare_square(raster, c, r) for c, r in across + down)


def _write_label(raster: Raster, col: int, row: int, text: str, look: str) -> None:
    """A label in `look`; on a square's edge, each letter on the fill of its own cell (where
    the edge crosses an overlap, the deeper fill, not a patch of one square's)."""
    if look == "label":
        raster.text(col, row, text, look)
        return
    for i, char in enumerate(text):
        under = raster.styles[row][col + i] if raster.inside(col + i, row) else look
        raster.put(col + i, row, char, under if under in marks.FILLED else look)
