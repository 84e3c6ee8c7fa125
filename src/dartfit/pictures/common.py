"""What every chart shares: the axis margin, nice ticks and gridlines, a legend, a clipped line."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import compress, pairwise, repeat

import numpy as np
from rich.cells import cell_len

from dartfit.pictures import x_labels as x_labels_of
from dartfit.pictures.log_axes import log_labels, whole_ticks
from dartfit.pictures.raster import IntArray, Raster, View, on_ground
from dartfit.pictures.ticks import (
    FEWEST_TICKS,
    evenly_apart,
    inside_ticks,
    label_offset,
    offset_note,
    shifted,
    tick_labels,
    y_axis,
)
from dartfit.printable import fitted

AXIS_WIDTH = 7  # columns for the y tick labels and the axis line
GRID_GAP = 4  # a gridline is a dot every GRID_GAP columns: faint, and cheap to repaint

LegendEntry = tuple[str, str, str]  # a sample's characters, its style, and what it stands for


def nearest_cell(position: float) -> int:
    """The cell nearest a fractional position, decided with a tolerance (no last-bit flips)."""
    return math.floor(round(position, 6) + 0.5)


def axes(
    raster: Raster,
    view: View,
    x_name: str | None,
    y_name: str = "",
    grid: bool = True,
    left: int = AXIS_WIDTH,
) -> None:
    """The axes with nice tick labels (the x ones only when `x_name` is given) and faint
    dotted gridlines at the ticks, the plot `left` columns in (`margin`). Drawn first, it
    sets whole rows, so everything drawn later goes over it; the same chart size and view
    draw it once, not on every nudge."""
    layer = _axes_layer(view, raster.width, raster.height, x_name, y_name, grid, left)
    for row, (chars, styles) in enumerate(layer):
        raster.chars[row], raster.styles[row] = list(chars), list(styles)


@lru_cache(maxsize=8)
def _axes_layer(
    view: View, width: int, height: int, x_name: str | None, y_name: str, grid: bool, left: int
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The axes and gridlines alone, as each row's characters and styles."""
    raster = Raster(width, height)
    _draw_axes(raster, view, x_name, y_name, grid, left)
    return tuple((tuple(c), tuple(s)) for c, s in zip(raster.chars, raster.styles, strict=True))


def margin(view: View, width: int) -> int:
    """The columns left of a plot in a chart `width` wide: its y tick labels and the axis
    line. AXIS_WIDTH, or as many more as its widest label needs, up to half the chart (the
    ticks of −123456789 + 0 … 1000, −123456600 and on, were drawn bare in a margin of 7),
    and its offset's note (`offsets`)."""
    _, labels, _ = _y_axis(view)
    widest = max(len(offset_note(offsets(view)[1])), *map(len, labels), 0)
    return max(AXIS_WIDTH, min(widest + 1, width // 2))


def laid_out(view_for: Callable[[int], View], width: int) -> tuple[int, View]:
    """A chart's margin (`margin`) and its plot's view, `view_for(columns)` being the view of
    a plot given that many of the chart's `width` columns: the margin widened, and the view
    made again, while its labels ask for more (a narrower plot keeps its y ticks, but for a
    round bowl's, whose y range follows its width)."""
    left = AXIS_WIDTH
    view = view_for(width - left)
    for _ in range(3):
        wanted = margin(view, width)
        if wanted <= left:
            break
        left = wanted
        view = view_for(width - left)
    return left, view


def _stride(rows: list[int], gap: int) -> int:
    """Every how many ticks one is labelled so that labelled rows are `gap` or more apart."""
    k = 1
    while k < len(rows) and any(abs(a - b) < gap for a, b in pairwise(rows[::k])):
        k += 1
    return k


def _x_ticks(view: View) -> tuple[tuple[float, ...], float]:
    """The x axis's ticks and their step (on a log view's, whole units: its decades, as
    many as LOG_LABEL_COLUMNS a label allows: its labels are short, −10 or 1e3, and the
    nine columns a label `x_tick_count` gives left too-hot's Δm at 80×24 with −10 0 10)."""
    if view.symlog:
        most = min(max(view.width // LOG_LABEL_COLUMNS, 2), LOG_MOST)
        return whole_ticks(view.x_lo, view.x_hi, most)
    return inside_ticks(view.x_lo, view.x_hi, x_tick_count(view.width))


LOG_LABEL_COLUMNS = 6
"""The columns a log axis's x label takes with the blank beside it: 1e−3 or −0.5 and more."""
LOG_MOST = 7
"""The most ticks a log x axis asks for: the decades either side of 0 and 0 (nine read
−1e3 … 1e2 at 120×40, its last cut by the end: the run kept lopsided)."""


def _y_ticks(view: View) -> tuple[tuple[float, ...], float]:
    """The y axis's ticks (before a short chart labels every other one) and their step."""
    ticked = whole_ticks if view.symlog else inside_ticks
    return ticked(view.y_lo, view.y_hi, min(max((view.height - 1) // 3 + 1, 2), 9))


def _labels(view: View, ticks: tuple[float, ...], step: float, axis: int) -> tuple[str, ...]:
    """The labels of the x (`axis` 0) or the y (1) ticks, less their offset (`offsets`); on
    a log view, the values its units stand for (−1e3 −10 0 10 1e3)."""
    if view.symlog:
        return log_labels(ticks, view.symlog[axis])
    shown = shifted(ticks, offsets(view)[axis])
    return tick_labels(shown, step, AXIS_WIDTH - 1 if axis else None) if ticks else ()


@lru_cache(maxsize=32)
def offsets(view: View) -> tuple[float, float]:
    """What the x and the y tick labels of a chart whose plot is `view` leave out, each shown
    once beside them (`label_offset`; 0 for none): the x of 1e15 + 0 … 5e9 is labelled
    0 1e9 … 5e9, +1e15 at the end of its row."""
    if view.symlog:
        return 0.0, 0.0
    return label_offset(*_x_ticks(view)), label_offset(*_y_ticks(view))


@lru_cache(maxsize=16)
def _y_axis(view: View) -> tuple[tuple[float, ...], tuple[str, ...], tuple[int, ...]]:
    """The y axis's labelled ticks, their labels (less its offset) and their rows: asked for
    twice a frame (the margin its labels need, then the axes), made once a view."""
    y_ticks, y_step = _y_ticks(view)
    y_labels = _labels(view, y_ticks, y_step, 1)
    y_rows = [nearest_cell(view.row(t)) for t in y_ticks]
    # a short chart: every other tick (then every third…) until no two labels touch, so
    # the labels stay evenly spaced (two on a row left "14, 10, 2" in a 4-row chart); on
    # rows next to each other, rather than fewer than four
    k = _stride(y_rows, 2)
    if len(y_rows[::k]) < FEWEST_TICKS:
        k = _stride(y_rows, 1)
    return y_ticks[::k], y_labels[::k], tuple(y_rows[::k])


EVEN_WIDEST = 1.5
"""`even_rows` (and `even_both`) widens a view's y range by at most this factor (a tick
every 2⅔ rows made every 2: 3, 3, 2 rows apart read as a misdrawn axis; the short chart
above a win panel, ticks every 1.4 rows, every row)."""


EVEN_TRIES = 24
"""The most views `even_rows`, `even_both` and `even_cols` look at for one chart (each
wider view may tick otherwise, and offer wider ones in turn: without a bound, some never
settled)."""


def even_rows(view: View, keep: tuple[float, float] | None = None) -> View:
    """`view` with its y range widened about its middle (by at most EVEN_WIDEST) so that
    the y axis's labelled ticks are the same number of rows apart (4, 4, 4, not 4, 3, 4):
    a whole number of rows between ticks; where it cannot be widened so, narrowed about
    `keep` (the y values that must stay in sight: the points, the lines over them), never
    past it; where neither can, given the range the plotext charts' axis takes over as many
    rows (`_rows_ticked`); as it was where the ticks are already evenly apart or none of
    these makes them so."""
    widened = _rows_widened(view)
    if widened is not None or keep is None:
        return widened or view
    return _rows_narrowed(view, keep) or _rows_ticked(view, keep) or view


@lru_cache(maxsize=32)
def _rows_ticked(view: View, keep: tuple[float, float]) -> View | None:
    """`view` with the y range the plotext charts' axis takes over its rows (`y_axis`: a
    round step a whole number of rows apart, holding `keep`, widened past EVEN_WIDEST where
    a short chart has no other), where its labelled ticks are then evenly apart; else None.
    Galton's question, 6 rows for 60 … 75, was labelled 60 65 70 75 on rows 2, 1 and 2
    apart: no wider view within EVEN_WIDEST, nor narrower about its points, had them even."""
    axis = y_axis(view.y_lo, view.y_hi, view.height, hold=keep)
    seen = replace(view, y_lo=axis.lo, y_hi=axis.hi)
    ticks, _, rows = _y_axis(seen)
    held = seen.y_lo <= keep[0] and keep[1] <= seen.y_hi
    return seen if held and len(ticks) >= 3 and evenly_apart(rows) else None


@lru_cache(maxsize=32)
def on_label_rows(view: View) -> View:
    """The view the marks are drawn in beside the axes drawn in `view`: its y range set so
    that the labelled y ticks lie on the very rows their labels are on (a shift and a
    stretch of under a row), so a value is on the row its labels say. A point's row and
    each label's had been rounded apart, the labels 3 rows apart for 2.8 rows of the view:
    a point was up to a row off the value its labels said (a player's check: y = 3.96 on
    the row labelled 5, 0.62 of a row above where it lies between the labels 5 and 0).

    Where labels lie unevenly apart (a short chart keeps four), no view puts each on its
    row: of the view through the first and the last and `view` itself (each label on its
    nearest row of it), the one with the lesser worst miss (the labels' least squares moved
    a square at the chart's edge off it). The axes keep `view`: their ticks are not picked
    again."""
    ticks, _, rows = _y_axis(view)
    if len(ticks) < 2 or rows[0] == rows[-1]:
        return view
    values, at = np.asarray(ticks), np.asarray(rows, dtype=float)
    per_value = (at[-1] - at[0]) / (values[-1] - values[0])
    if not (math.isfinite(per_value) and per_value < 0):  # rows grow downwards
        return view
    y_hi = values[0] - at[0] / per_value  # the value on row 0
    ends = replace(view, y_lo=y_hi + (view.height - 1) / per_value, y_hi=y_hi)

    def worst(seen: View) -> float:
        return float(np.max(np.abs(seen.row(values) - at)))

    return ends if worst(ends) <= worst(view) else view


def even_both(view: View) -> View:
    """`view` with both ranges widened about their middles by one factor (at most
    EVEN_WIDEST), so that a unit of x and of y keep their sizes on screen (a round bowl
    stays round) and the ticks on both axes are evenly apart; as it was where they are, or
    cannot be."""
    return _rows_widened(view, both=True) or view


@lru_cache(maxsize=32)
def _rows_widened(view: View, both: bool = False) -> View | None:
    """`view` widened about its middle until its labelled y ticks (and, `both`, its x
    ticks, the x range widened by the same factor) are evenly apart, or None."""
    span, middle = view.y_hi - view.y_lo, (view.y_lo + view.y_hi) / 2
    x_span, x_middle = view.x_hi - view.x_lo, (view.x_lo + view.x_hi) / 2
    tried = [view]
    for _ in range(EVEN_TRIES):  # a wider view may tick otherwise: then it is tried in turn
        if not tried:
            break
        seen = tried.pop(0)
        ticks, _, rows = _y_axis(seen)
        if len(ticks) < 3:
            continue
        rows_even = evenly_apart(rows)
        if rows_even and (not both or _even_x(seen)[0]):
            return seen
        seen_span = seen.y_hi - seen.y_lo
        apart = (ticks[1] - ticks[0]) * (seen.height - 1) / seen_span  # rows between labels
        top = round(apart) - 1 if rows_even else math.floor(apart)  # even rows: the next
        for whole in range(top, 0, -1):
            factor = apart / whole * seen_span / span
            if factor > EVEN_WIDEST:
                break
            wider = replace(seen, y_lo=middle - span * factor / 2, y_hi=middle + span * factor / 2)
            if both:
                half = x_span * factor / 2
                wider = replace(wider, x_lo=x_middle - half, x_hi=x_middle + half)
            tried.append(wider)
    return None


@lru_cache(maxsize=32)
def _rows_narrowed(view: View, keep: tuple[float, float]) -> View | None:
    """The widest view narrower than `view` that holds `keep`, whose four or more labelled
    y ticks are evenly apart: a round step (1, 2 or 5 times a power of ten) a whole number
    of rows apart; or None. (A short chart, 8 rows for 18 of y: its ticks fell 2, 2, 1, 2
    rows apart, and evenly apart they needed 1.9 times the range.)"""
    span, gaps = view.y_hi - view.y_lo, view.height - 1
    lo_keep, hi_keep = keep
    if gaps < FEWEST_TICKS - 1 or not (math.isfinite(span) and span > 0):
        return None
    if not math.isfinite(hi_keep - lo_keep) or hi_keep < lo_keep:
        return None
    power = 10.0 ** math.floor(math.log10(span / gaps))
    steps = [f * power * 10.0**k for k in (0, 1) for f in (1.0, 2.0, 5.0)]
    spans = sorted(
        {s * gaps / g for s in steps for g in range(1, gaps // (FEWEST_TICKS - 1) + 1)},
        reverse=True,
    )
    for narrower in spans:
        if not hi_keep - lo_keep <= narrower < span:
            continue
        lo = _narrow_start(view.y_lo, view.y_hi, narrower, (lo_keep, hi_keep))
        if lo is None:
            continue
        seen = replace(view, y_lo=lo, y_hi=lo + narrower)
        ticks, _, rows = _y_axis(seen)
        if len(ticks) >= FEWEST_TICKS and evenly_apart(rows):
            return seen
    return None


def _narrow_start(lo: float, hi: float, narrower: float, keep: tuple[float, float]) -> float | None:
    """Where a range `narrower` than [lo, hi] starts: about the range's middle, moved only as
    far as `keep` needs (about keep's middle, the chart slid under the player with every
    nudge of the line), inside [lo, hi]; None where it cannot hold `keep`. One rule for x
    and y (the y one's had drifted from the x one's)."""
    start = max(min((lo + hi - narrower) / 2, keep[0]), keep[1] - narrower)
    start = min(max(start, lo), hi - narrower)
    return None if start > keep[0] or start + narrower < keep[1] else start


def x_tick_count(width: int) -> int:
    """How many x ticks a chart `width` columns wide asks for, at most."""
    return min(max(width // 9, 2), 10)


EVEN_X_WIDEST = 1.15
"""`even_cols` widens a view's x range by at most this factor where it cannot narrow it
(points fill it): a margin beside the points, where the line may leave the chart."""


@lru_cache(maxsize=32)
def even_cols(view: View, keep: tuple[float, float]) -> View:
    """`view` with its x range narrowed, never past `keep` (what must stay in sight: the
    points, and a column beside them), so that the x axis's ticks are the same number of
    columns apart (9, 9, 9, not 8, 9, 8); where it cannot be narrowed (the points fill it),
    widened about its middle by at most EVEN_X_WIDEST; as it was where the ticks are
    already evenly apart or cannot be made so.
    Narrowed first: a wider x range takes the line's ends past the y range made to hold
    them (in the margin beside the points, where a line may leave the chart)."""
    return _narrowed(view, keep) or _widened(view) or view


def _even_x(view: View) -> tuple[bool, float]:
    """Whether the x ticks are evenly apart (or too few to tell), and the columns between
    two of them."""
    ticks, step = _x_ticks(view)
    even = len(ticks) < 3 or evenly_apart([nearest_cell(view.col(t)) for t in ticks])
    return even, step * (view.width - 1) / (view.x_hi - view.x_lo)


def _narrowed(view: View, keep: tuple[float, float]) -> View | None:
    """`view` narrowed about `keep` until its x ticks are evenly apart, or None."""
    column = (view.x_hi - view.x_lo) / max(view.width - 1, 1)
    lo_keep, hi_keep = keep[0] - column, keep[1] + column
    seen = view
    for _ in range(EVEN_TRIES):
        even, apart = _even_x(seen)
        if even:
            return seen
        narrower = (seen.x_hi - seen.x_lo) * apart / math.ceil(apart)
        lo = _narrow_start(view.x_lo, view.x_hi, narrower, (lo_keep, hi_keep))
        if lo is None or narrower >= seen.x_hi - seen.x_lo:
            return None
        seen = replace(seen, x_lo=lo, x_hi=lo + narrower)
    return None


def _widened(view: View) -> View | None:
    """`view` widened about its middle until its x ticks are evenly apart, or None."""
    span, middle = view.x_hi - view.x_lo, (view.x_lo + view.x_hi) / 2
    seen = view
    for _ in range(EVEN_TRIES):
        even, apart = _even_x(seen)
        if even:
            return seen
        whole = math.floor(apart)
        wider = (seen.x_hi - seen.x_lo) * apart / whole if whole >= 1 else math.inf
        if wider > EVEN_X_WIDEST * span or wider <= seen.x_hi - seen.x_lo:
            return None
        seen = replace(seen, x_lo=middle - wider / 2, x_hi=middle + wider / 2)
    return None


def _dots_between(apart: int) -> list[int]:
    """Where a gridline's dots fall from one x tick to the next `apart` columns on: evenly
    apart where a whole share of `apart` is near GRID_GAP (15: every 5; 12: every 4), else
    as near evenly as whole columns allow (13: 0 4 9, gaps 4 5 4), the same in every gap
    between ticks (a dot every GRID_GAP from the edge, moved onto the ticks near it, went
    4, 4, 3, 5 …; on the ticks alone, 13 to 43 columns apart, the gridline all but went)."""
    exact = [k for k in range(1, apart + 1) if apart % k == 0]
    near = [k for k in exact if GRID_GAP - 1 <= apart // k <= GRID_GAP + 2]
    if near:  # the gap nearest GRID_GAP (a tie: the wider)
        k = min(near, key=lambda k: (abs(apart / k - GRID_GAP), k))
    else:
        k = max(round(apart / GRID_GAP), 1)
    return [math.floor(i * apart / k + 0.5) for i in range(k)]


def grid_cols(ticks: list[int], first: int, end: int) -> list[int]:
    """The columns of a gridline's dots from `first` up to `end`: one on every x tick's
    column and `_dots_between` each two ticks, before the first and after the last as
    between their nearest two. Without two ticks, one every GRID_GAP (from the tick)."""
    ticks = sorted(set(ticks))
    if len(ticks) < 2:
        anchor = ticks[0] if ticks else first
        return list(range(anchor - (anchor - first) // GRID_GAP * GRID_GAP, end, GRID_GAP))
    starts = list(ticks)  # each tick's span of dots, and spans copied out to either edge
    head, tail = ticks[1] - ticks[0], ticks[-1] - ticks[-2]
    while starts[0] > first:
        starts.insert(0, starts[0] - head)
    while starts[-1] < end:
        starts.append(starts[-1] + tail)
    cols: set[int] = set()
    for a, b in pairwise(starts):
        cols.update(a + d for d in _dots_between(b - a))
    return sorted(c for c in cols if first <= c < end)


SHORT_GRID = 14
"""Plots fewer rows tall than this draw a sparser grid (`grid_rows`)."""
GRID_ROWS_APART = 3
"""The fewest rows between two dotted rows of a short plot's grid."""


def grid_rows(tick_rows: Sequence[int], rows: int) -> tuple[list[int], list[int]]:
    """Where a plot `rows` tall draws its gridlines, rows counted from the foot: the y ticks'
    rows that carry a dotted row, and the rows on which each x tick's column has a dot.
    From SHORT_GRID rows up, every y tick's row, and every other row from the foot; on a
    shorter plot (the degree chart's MSE, the auto-solver's charts at 80×24: 6 to 13 rows,
    a tick every row or two) a lattice of dots two rows apart crowded the data: the ticks'
    rows kept from the foot up at least GRID_ROWS_APART apart, and none up the columns."""
    ticks = sorted(set(tick_rows))
    if rows >= SHORT_GRID:
        return ticks, list(range(1, rows, 2))
    kept: list[int] = []
    for row in ticks:
        if not kept or row - kept[-1] >= GRID_ROWS_APART:
            kept.append(row)
    return kept, []


def _draw_axes(
    raster: Raster, view: View, x_name: str | None, y_name: str, grid: bool, left: int
) -> None:
    """The gridlines first, then the axes, their tick labels and their names. A y tick is
    drawn with its label, or not at all: a cut −123400 read 123400, and a tick beside no
    number (−123456600 in a margin of 7) read as a misdrawn axis. An axis's offset
    (`offsets`) is written once: the y one's in the margin's top free row, the x one's at
    the end of the axis's row, a space before it (no tick is there)."""
    plot_h = view.height
    width = min(raster.width, left + view.width)  # a plot narrower than its chart: its own
    x_ticks, x_step = _x_ticks(view)
    x_offset, y_offset = offsets(view)
    x_labels = _labels(view, x_ticks, x_step, 0)
    x_cols = [nearest_cell(view.col(t)) + left for t in x_ticks]
    _, labels, rows = _y_axis(view)
    y_ticks = [
        (label, row)
        for label, row in zip(labels, rows, strict=True)
        if len(label) < left and 0 <= row < plot_h
    ]
    if grid:
        raster.fill(left, 0, width - 1, plot_h - 1, "grid", " ")
        tick_cols = x_cols if x_name is not None else []
        along, up = grid_rows([plot_h - 1 - row for _, row in y_ticks], plot_h)
        for row in along:  # dots evenly apart, one on each x tick's column
            for col in grid_cols(tick_cols, left + 1, width):
                raster.put(col, plot_h - 1 - row, "·", "grid")
        for col in tick_cols:  # and up each x tick's column
            for row in up:
                raster.put(col, plot_h - 1 - row, "·", "grid")
    for row in range(plot_h):
        raster.put(left - 1, row, "│", "axis")
    raster.put(left - 1, plot_h, "└", "axis")
    for col in range(left, width):
        raster.put(col, plot_h, "─", "axis")
    for label, row in y_ticks:
        raster.text(0, row, f"{label:>{left - 1}}┤", "axis")
    labelled = {row for _, row in y_ticks}
    corner = f"{y_name}↑ {x_name} →" if x_name and len(x_name) == len(y_name) == 1 else ""
    # the top row, or the first below it with no tick label: the name went to the first row
    # no label was beside, and so from the top to the bottom as a win panel made the chart
    # shorter (b′ on the scaling level); the y offset's note the next such row
    free = [row for row in range(plot_h) if row not in labelled]
    notes = [f"{y_name + ' ↑':>{left - 1}}"[: left - 1]] if y_name and not corner else []
    if y_offset and len(offset_note(y_offset)) < left:
        notes.append(f"{offset_note(y_offset):>{left - 1}}")
    for row, note in zip(free, notes, strict=False):
        raster.text(0, row, note, "axis")
    if x_name is None:
        return
    if x_name:  # in the margin left of the axis's corner, so every tick label has room; one
        # letter each: both names there, always in one place ("y↑ x →"), never crowded out
        name = corner or f"{x_name} →"
        raster.text(0, plot_h, f"{name:>{left - 1}}"[: left - 1], "axis")
    # on the axis, centred on their columns, moved in from its ends, evenly apart (one cut
    # by an end was left out: 3e−6 under the points up to 3e−6, −20000 and 20000 of ±20000)
    # clear of the offset's note at its end by a cell of the axis line and a space
    note = offset_note(x_offset)
    end = width - len(note) - 2 if note else width
    values = shifted(x_ticks, x_offset)
    own = view.symlog is not None  # a log axis's labels are not its ticks' values
    keep, shown = x_labels_of.labelled(values, x_labels, x_cols, (left, end), own)
    for k in keep:
        cells = x_labels_of.placed(x_cols[k], len(shown[k]), left, end)
        if cells is not None:
            raster.text(cells[0], plot_h, shown[k], "axis")
    if note and end > left:
        raster.text(end + 1, plot_h, f" {note}", "axis")


NO_CELLS = np.empty((0, 2), np.int64)
"""No cells of a chart (column, row pairs): what `line_cells` finds of no line."""


def legend_box(
    width: int,
    left: int,
    plot_h: int,
    entries: Sequence[LegendEntry],
    avoid: Iterable[tuple[int, int]] | IntArray | CellCount = (),
    lines: IntArray | None = None,
    squares: IntArray | CellCount | None = None,
) -> tuple[int, int, int, int] | None:
    """Where the legend goes (its first column and row, its width and height): the plot's
    corner that hides the fewest of the `avoid` cells (the points), of those the fewest of
    the `squares` cells (the penalty squares': a legend at the top hid one, where a corner
    with only a line under it was free), and then of the `lines` cells (`line_cells`);
    None when it has no room."""
    if not entries:
        return None
    box_w = min(legend_width(entries), width - left - 1)
    box_h = len(_legend_rows(entries, box_w))
    if box_w < 8 or box_h > plot_h - 2:
        return None
    cols = (left + 1, width - box_w)
    rows = (0, plot_h - box_h)
    corners = [(cols[0], rows[0]), (cols[1], rows[0]), (cols[1], rows[1]), (cols[0], rows[1])]
    points: IntArray | CellCount
    if isinstance(avoid, CellCount):
        points = avoid
    else:
        cells = avoid if isinstance(avoid, np.ndarray) else list(avoid)
        points = np.asarray(cells, dtype=np.int64)  # all at once: 2,000 points
    crossed = NO_CELLS if lines is None else lines
    boxed = NO_CELLS if squares is None else squares

    def covered(corner: tuple[int, int]) -> tuple[int, int, int]:
        box = (*corner, box_w, box_h)
        return hidden_under(box, points), hidden_under(box, boxed), hidden_under(box, crossed)

    c0, r0 = min(corners, key=covered)
    return c0, r0, box_w, box_h


class CellCount:
    """Cells (col, row pairs, a cell as often as it is listed) counted once into running sums
    over a grid of `width` × `height`, so how many lie under a box costs four look-ups
    however many there are: a legend compared 2,000 points with each corner it tried, five
    times a frame."""

    def __init__(self, cells: IntArray, width: int, height: int) -> None:
        self.width, self.height = width, height
        self._cells: IntArray | None = cells.reshape(-1, 2)
        c, r = self._cells.T
        on = (c >= 0) & (c < width) & (r >= 0) & (r < height)
        flat = np.bincount(r[on] * width + c[on], minlength=width * height)
        self._count(flat.reshape(height, width))

    @classmethod
    def of_grid(cls, counts: IntArray) -> CellCount:
        """The cells of a grid (rows × columns) each as often as the grid says, counted as
        they are (a chart's squares, a nudge: not listed to be counted again)."""
        count = cls.__new__(cls)
        count.height, count.width = counts.shape
        count._cells = None  # listed only if a box off the grid asks (`cells`)
        count._count(counts)
        return count

    @property
    def cells(self) -> IntArray:
        """The cells counted, (col, row) pairs."""
        if self._cells is None:
            rows, cols = np.nonzero(self.counts)
            pairs = np.stack([cols, rows], axis=1).astype(np.int64)
            self._cells = np.repeat(pairs, self.counts[rows, cols], axis=0)
        return self._cells

    def _count(self, counts: IntArray) -> None:
        self.counts = counts
        """How many of the cells lie on each cell of the grid (row, column)."""
        self._sums = np.zeros((self.height + 1, self.width + 1), dtype=np.int64)
        self._sums[1:, 1:] = counts.cumsum(axis=0).cumsum(axis=1)

    def under(self, box: tuple[int, int, int, int]) -> int:
        """How many of the cells a box (first column and row, width, height) covers."""
        c0, r0, w, h = box
        if c0 < 0 or r0 < 0 or c0 + w > self.width or r0 + h > self.height:
            return _count_under(box, self.cells)  # cells off the grid may lie under it
        s = self._sums
        return int(s[r0 + h, c0 + w] - s[r0, c0 + w] - s[r0 + h, c0] + s[r0, c0])


def hidden_under(box: tuple[int, int, int, int], cells: IntArray | CellCount) -> int:
    """How many of `cells` (col, row pairs) a legend box covers."""
    if isinstance(cells, CellCount):
        return cells.under(box)
    return _count_under(box, cells)


def _count_under(box: tuple[int, int, int, int], cells: IntArray) -> int:
    c0, r0, w, h = box
    c, r = cells.reshape(-1, 2).T
    return int(np.count_nonzero((c >= c0) & (c < c0 + w) & (r >= r0) & (r < r0 + h)))


def legend(
    raster: Raster,
    left: int,
    plot_h: int,
    entries: Sequence[LegendEntry],
    avoid: Iterable[tuple[int, int]] | IntArray | CellCount = (),
    lines: IntArray | None = None,
    box: tuple[int, int, int, int] | None = None,
) -> None:
    """A small legend box, in the plot's corner that hides the fewest of the `avoid`
    cells (the points), then of the `lines` cells; drawn last, and nothing draws over it.
    `box`: where `legend_box` put it, when the caller has asked already."""
    box = box or legend_box(raster.width, left, plot_h, entries, avoid, lines)
    if box is None:
        return
    c0, r0, box_w, box_h = box
    _moat(raster, box)
    raster.fill(c0, r0, c0 + box_w - 1, r0 + box_h - 1, "legend", " ")
    for i, (sample, style, text) in enumerate(_legend_rows(entries, box_w)):
        raster.text(c0 + 1, r0 + i, sample, on_ground(style, "legend"))
        raster.text(c0 + 2 + cell_len(sample), r0 + i, text, "legend")
        raster.keep(c0, r0 + i, box_w)


GROUNDS = ("band-", "shade-")
"""The styles of a chart's ground drawn in characters (a bowl's bands, a density's shades)."""


def _moat(raster: Raster, box: tuple[int, int, int, int]) -> None:
    """Blank the ground's characters in the cells round a legend's box (their colour kept):
    a bowl's band · beside the box's edge read as the legend's own (its sample ▓▒░, or a
    mark of its first entry) where no colour sets the box apart."""
    c0, r0, box_w, box_h = box
    first, end = max(c0 - 1, 0), min(c0 + box_w + 1, raster.width)
    for row in range(max(r0 - 1, 0), min(r0 + box_h + 1, raster.height)):
        # each cell's style asked in C: a chart of points has no ground, and a step of
        # Python a cell round the box was 3 % of a nudge's drawing
        styles = raster.styles[row][first:end]
        for col in compress(range(first, end), map(str.startswith, styles, repeat(GROUNDS))):
            raster.chars[row][col] = " "


def legend_width(entries: Sequence[LegendEntry]) -> int:
    """The columns a legend box of `entries` takes unwrapped: its widest entry, a sample and
    its text a space apart, and a column of margin either side (in cells: a column's name in
    Chinese takes two a character)."""
    return max(cell_len(sample) + 1 + cell_len(text) for sample, _, text in entries) + 2


def legend_height(entries: Sequence[LegendEntry], box_w: int) -> int:
    """The rows a legend of `entries` takes in a box `box_w` wide (long entries wrap)."""
    return len(_legend_rows(entries, box_w))


def _legend_rows(entries: Sequence[LegendEntry], box_w: int) -> tuple[LegendEntry, ...]:
    """The legend's rows in a box `box_w` wide: an entry too long for it goes on over more
    rows at word breaks, indented under its text; a word wider than a row (a column's name)
    ends in "…" where the row does, never broken in two ("…measured_baref" above "oot")."""
    return _wrapped_rows(tuple(entries), box_w)


@lru_cache(maxsize=64)
def _wrapped_rows(entries: tuple[LegendEntry, ...], box_w: int) -> tuple[LegendEntry, ...]:
    """`_legend_rows`, wrapped once for each legend and width (not on every nudge)."""
    rows: list[LegendEntry] = []
    for sample, style, text in entries:
        room = max(box_w - cell_len(sample) - 3, 1)
        words = [fitted(word, room) for word in text.split(" ")]
        lines = _wrapped(words, room) or [""]
        rows.append((sample, style, lines[0]))
        rows += [(" " * cell_len(sample), style, line) for line in lines[1:]]
    return tuple(rows)


def _wrapped(words: list[str], room: int) -> list[str]:
    """Words, each at most `room` cells, in lines of at most `room` cells: as textwrap
    wraps them, where each character takes a cell; else a word at a time, in cells."""
    text = " ".join(words)
    if cell_len(text) == len(text):
        return textwrap.wrap(text, room, break_long_words=False)
    lines: list[str] = []
    for word in words:
        if lines and cell_len(lines[-1]) + 1 + cell_len(word) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        elif word:
            lines.append(word)
    return lines


# How a line is drawn, so lines are told apart without colour: (on, period) in braille dots
# (see Raster.segment), and the legend's sample of it
SOLID, DOTTED, DASHED, LONG_DASHED = (1, 1), (1, 2), (2, 4), (4, 6)
_HALVES = {(True, True): "⠒", (True, False): "⠂", (False, True): "⠐", (False, False): " "}


def sample(dash: tuple[int, int], cells: int) -> str:
    """A level stretch of a line drawn with `dash`, `cells` long, as `Raster.segment` keeps
    its dots: ⠒ a cell with both dots, ⠂ or ⠐ one, a space for a gap (no dots, as on the
    chart)."""
    on, period = dash
    return "".join(_HALVES[(2 * c) % period < on, (2 * c + 1) % period < on] for c in range(cells))


DASHES = (SOLID, DOTTED, DASHED, LONG_DASHED)
SAMPLES = {dash: sample(dash, 5) for dash in DASHES}
"""Five cells: a dashed line's gap shows twice (in three, ⠒⠀⠒ had one, and beside ⠒⠒⠒
read as the same line), and every sample is as long, so the names beside them line up."""
SHORT_SAMPLES = {dash: sample(dash, 4) for dash in DASHES}
"""The samples where the long ones would make a legend hide more of a small chart: four
cells, so a dashed line's (⠒ ⠒ ) still shows two dashes and the gap after each, and reads as
no solid line (in three, ⠒ ⠒ beside ⠒⠒⠒ did: a review)."""
SHORTEST_SAMPLES = {dash: sample(dash, 3) for dash in DASHES}
"""Three cells, the last resort where even four make the legend hide more (outlier-line's
largest square at 46×16): there the dashed line's one gap tells it from the solid one."""


def line_cells(view: View, left: int, lines: Iterable[tuple[float, float]]) -> IntArray:
    """The cells (column, row) that lines ŷ = m·x + b pass through inside the plot, one a
    column: for the legend to keep clear of, after the points."""
    cols = np.arange(view.width)
    xs = view.x_lo + (view.x_hi - view.x_lo) * cols / max(view.width - 1, 1)
    found = []
    with np.errstate(all="ignore"):
        for m, b in lines:
            rows = np.round(view.row(m * xs + b))
            inside = np.isfinite(rows) & (rows >= 0) & (rows < view.height)
            found.append(np.stack([cols[inside] + left, rows[inside].astype(np.int64)], axis=1))
    return np.concatenate(found) if found else NO_CELLS


def draw_line(
    raster: Raster,
    view: View,
    left: int,
    m: float,
    b: float,
    style: str,
    dash: tuple[int, int] = SOLID,
) -> None:
    """The line ŷ = m·x + b across the plot, clipped to a band just beyond the view."""
    c0, c1 = 0.0, view.width - 1.0
    y0, y1 = m * view.x_lo + b, m * view.x_hi + b
    r0, r1 = view.row(y0), view.row(y1)
    limit = 3 * view.height
    if not (math.isfinite(r0) and math.isfinite(r1)):
        return
    if abs(r1 - r0) > 1e-12:  # clip rows to [-limit, limit] to keep the work bounded
        ts = sorted(min(max((lim - r0) / (r1 - r0), 0.0), 1.0) for lim in (-limit, limit))
        c0, c1 = ts[0] * (view.width - 1), ts[1] * (view.width - 1)
        r0, r1 = r0 + (r1 - r0) * ts[0], r0 + (r1 - r0) * ts[1]
    elif not -limit <= r0 <= limit:
        return
    clears = None if dash == SOLID else "grid"  # no grid dot in a gap of its dashes
    raster.segment(c0 + left, r0, c1 + left, r1, style, dash=dash, clears=clears)
