"""PlotView: a plotext chart as rows of a RowView, rebuilt only when its data change.

The only module that imports plotext (lazily: the game starts without it). A screen hands
down a `Figure`, a frozen, hashable description of the series; the widget builds it with
plotext in its 'clear' theme (no colours but the series') with round ticks chosen here
(`nice_axis`), not by plotext, and the x labels' row written here (`label_row`), so an
unchanged figure costs nothing and a changed one costs one plotext build. Each series is
drawn in a private 256-colour number that stands for its role; the ANSI output is split on
those codes straight into segments styled by component classes in the .tcss
(``plot--line`` …), so Textual's themes and NO_COLOR apply, and only rows that changed are
repainted.
"""

from __future__ import annotations

import math
import re
import textwrap
import threading
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache, partial
from itertools import groupby, pairwise
from operator import itemgetter
from types import ModuleType
from typing import Any

from rich.segment import Segment
from textual.strip import Strip
from textual.worker import get_current_worker

from dartfit.pictures.common import grid_cols, grid_rows
from dartfit.pictures.figure import (
    ROLES,
    Figure,
    Series,
    clipped,
    visible,
)
from dartfit.pictures.level_dots import DOTS, FINE, dots_up, in_dots, joined
from dartfit.pictures.numbers_apart import (
    Cell,
    cell_of,
    centre_of,
    is_mark,
    is_number,
    numbers_apart,
)
from dartfit.pictures.ticks import (
    FEWEST_TICKS,
    Axis,
    coarser,
    evened,
    floored,
    offset_words,
    shifted,
    symlog_labels,
    x_axis,
    y_axis,
)
from dartfit.pictures.x_labels import labelled, placed
from dartfit.printable import fitted
from dartfit.steady.signals import hold_ending_signals_here
from dartfit.widgets.rows import RowView

__all__ = ["ROLES", "Figure", "PlotView", "Series", "build"]

_CODE = {role: 16 + i for i, role in enumerate(ROLES)}  # private 256-colour numbers
_ROLE_OF = {f"38;5;{code}": role for role, code in _CODE.items()}
_ESCAPE = re.compile(r"\x1b\[([0-9;]*)m")
KEPT = 12  # charts kept drawn: the degree chart's 9 degrees (one build is ~50-100 ms)
AHEAD = 4  # charts built ahead of their showing (`PlotView.build_ahead`), waiting to be shown

Drawn = tuple[object, tuple[int, int]]
"""What a chart's rows are drawn from: its figure as seen (`visible`), and its size."""


def _drawn(figure: Figure, size: tuple[int, int]) -> Drawn:
    """What `figure` drawn at `size` is drawn from (equal for charts drawn alike)."""
    return visible(figure, *size), size


_PLOTEXT = threading.Lock()
"""plotext draws one global figure: one build at a time, on whichever thread asks."""
_AHEAD: dict[Drawn, list[str]] = {}
"""Charts built in a thread before they are shown (`PlotView.build_ahead`), taken by the
widget that shows one; the oldest goes first past AHEAD."""
_SHELF = threading.Lock()
"""Held to put a chart in `_AHEAD` or take one out (never to build): a chart built ahead is
taken while the other is being built. Taken inside `_PLOTEXT` where both are held."""


MIN_ROWS, MIN_WIDTH = 2, 12
"""The smallest plot drawn; a chart given less room is left blank."""
TITLE_ROWS = 2
"""The most rows a chart's title (its legend) may take above the plot."""


@cache
def load_plotext() -> ModuleType:
    """plotext, imported on first use (about 40 ms; the solver imports it off the loop),
    its figure written out as text by `_canvas_text`."""
    import plotext  # type: ignore[import-untyped]
    from plotext import _matrix

    _matrix.matrix_class.set_canvas = _canvas_text
    module: ModuleType = plotext
    return module


def _canvas_text(matrix: object) -> str:
    """plotext's `set_canvas`, which writes its figure's cells out as text, the same text
    written a run of cells alike at a time: each run's colours' escape code, its characters,
    then the code that ends it (plotext added a cell at a time to one string and looked up
    each cell's colours three times, a third of a chart's build)."""
    from plotext import _utility

    m: Any = matrix
    to_ansi, end = _utility.colors_to_ansi, _utility.ansi_end
    text: list[str] = []
    cols = m.cols
    for row in reversed(m.Rows):
        markers = m.marker[row]
        colours = zip(
            m.fullground[row][:cols], m.style[row][:cols], m.background[row][:cols], strict=True
        )
        at = 0
        for colour, run in groupby(colours):
            n = sum(1 for _ in run)
            text += (to_ansi(*colour), *markers[at : at + n], end)
            at += n
        text.append("\n")
    m.canvas = "".join(text)
    return str(m.canvas)


def build(figure: Figure, width: int, height: int) -> list[str]:
    """Return the figure drawn by plotext at width × height, one ANSI string per row."""
    with _PLOTEXT:
        return _build(figure, width, height)


def _taken_or_built(figure: Figure, drawn: Drawn) -> tuple[list[str], bool]:
    """The rows of a chart: built ahead (and taken), else built now; and whether they were
    built now. A build ahead of this very chart under way is waited for, not done twice."""
    with _SHELF:
        rows = _AHEAD.pop(drawn, None)
    if rows is not None:  # (taken without waiting for a build of the other ahead: 34 ms)
        return rows, False
    with _PLOTEXT:
        with _SHELF:
            rows = _AHEAD.pop(drawn, None)
        if rows is not None:  # it was the one being built ahead
            return rows, False
        return _build(figure, *drawn[1]), True


def _build_ahead(figures: tuple[Figure, ...], size: tuple[int, int]) -> None:
    """Build charts about to be shown, in a worker's thread, into `_AHEAD`: one at a time
    under the lock, the next only if the worker has not been cancelled (a newer ask)."""
    hold_ending_signals_here()
    worker = get_current_worker()
    for figure in figures:
        if worker.is_cancelled:
            return
        drawn = _drawn(figure, size)
        with _PLOTEXT:
            with _SHELF:
                if drawn in _AHEAD:
                    continue
            rows = _build(figure, *size)
            with _SHELF:
                _AHEAD[drawn] = rows
                while len(_AHEAD) > AHEAD:
                    del _AHEAD[next(iter(_AHEAD))]


def _build(figure: Figure, width: int, height: int) -> list[str]:
    """`build`, the lock held."""
    rows = height - 3 - bool(figure.title) - bool(figure.xlabel)  # frame, tick labels
    if rows < MIN_ROWS or width < MIN_WIDTH:  # no room for a plot (the terminal shrank)
        return [" " * width] * height
    laid = _laid_out(figure, width, rows)
    if laid is None:  # the title's own rows left too few (a review: a one-row plot)
        return [" " * width] * height
    figure, title_rows, own_title = laid.figure, laid.title_rows, laid.own_title
    x_ticks, y_ticks, label_w, cols, rows = laid.x, laid.y, laid.label_w, laid.cols, laid.rows
    canvas = _Canvas(
        width,
        height - len(title_rows) if own_title else height,
        "" if own_title else figure.title,
        fitted(figure.xlabel, width - label_w - 3) if figure.xlabel else "",
        (x_ticks, cols),
        (y_ticks, rows),
    )
    series = numbers_apart(laid.series, (x_ticks, cols), (y_ticks, rows))
    said = not any(s.xs for s in figure.series)
    fixed, words = series[: figure.fixed], figure.empty if said else None
    lines = _plotted(series[len(fixed) :], canvas, words)
    if fixed:  # beneath the rest, drawn once for the canvas and kept
        under = _beneath(lines, _layer(fixed, canvas), rows)
        lines = under if under is not None else _plotted(series, canvas, words)
    across, up = (x_ticks, cols), (y_ticks, rows)
    dots = clear_of_rules(gridlines(across, up), laid.series, across, up)
    lines = _dotted(lines, dots, rows, fitted(figure.empty, cols - 2) if said else "")
    if x_ticks.ticks:
        lines = _labelled(lines, label_row(x_ticks, cols, label_w + 1, width))
    drawn = [row.center(width) for row in title_rows] + lines[: height - len(title_rows)]
    titled = len(title_rows) if own_title else int(bool(figure.title))
    plot = _noted(drawn[titled:], figure, x_ticks, y_ticks)
    drawn = drawn[:titled] + _named(plot, figure.xname, figure.yname)
    return [_keyed(row, figure.keys) for row in drawn[:titled]] + drawn[titled:]


@dataclass(frozen=True)
class _Canvas:
    """What plotext is told of a chart besides its series: its size, its own title (none
    where the title has rows of its own), the x axis's label, and each axis and its cells."""

    width: int
    height: int
    title: str
    xlabel: str
    across: tuple[Axis, int]
    up: tuple[Axis, int]


def _plotted(series: Sequence[Series], canvas: _Canvas, said: str | None) -> list[str]:
    """The rows plotext draws of `series` on `canvas` (those of a chart with no point, with
    the words `said` in its middle)."""
    plt = load_plotext()
    plt.clf()
    plt.limitsize(False, False)  # the widget, not the terminal plotext sees, sets the size
    plt.plotsize(canvas.width, canvas.height)
    plt.theme("clear")
    (x_ticks, cols), (y_ticks, rows) = canvas.across, canvas.up
    box = (x_ticks.lo, x_ticks.hi, y_ticks.lo, y_ticks.hi)
    for s in series:
        draw = plt.scatter if s.kind == "scatter" else plt.plot
        # plotext steps along a line cell by cell, even far outside the axes: a line that
        # blew up (a diverging descent) would take it minutes, so clip lines to the view
        runs = clipped(s.xs, s.ys, box) if s.kind == "line" else [(s.xs, s.ys)]
        for xs, ys in runs:
            ys = _on_label_rows(ys, FINER.get(s.marker, 1), y_ticks, rows)
            if s.kind == "line" and s.marker in STEPPED:
                xs, ys = _stepped(xs, ys, s.marker, (x_ticks, cols), (y_ticks, rows))
            cell = (x_ticks.hi - x_ticks.lo) / max(cols - 1, 1)
            for i, marker in enumerate(_characters(s)):  # a number: a digit a cell
                at = list(xs) if i == 0 else [x + i * cell for x in xs]
                draw(at, list(ys), color=_CODE[s.role], marker=marker)
    if said is not None:
        _said_empty(said, box, cols)
    plt.xlim(x_ticks.lo, x_ticks.hi)
    plt.ylim(y_ticks.lo, y_ticks.hi)
    plt.xticks(list(x_ticks.ticks), [" "] * len(x_ticks.ticks))  # its ticks; the labels: ours
    plt.yticks(list(y_ticks.ticks), list(y_ticks.labels))
    if canvas.title:
        plt.title(canvas.title)
    if canvas.xlabel:
        plt.xlabel(canvas.xlabel)
    text: str = plt.build()
    return text.splitlines()


Inked = tuple[tuple[int, tuple[tuple[int, str, str], ...]], ...]
"""A layer's inked cells, row by row from the canvas's top: (row, ((column, codes, mark), ...))."""


@lru_cache(maxsize=8)
def _layer(series: tuple[Series, ...], canvas: _Canvas) -> Inked | None:
    """The cells plotext inks drawing `series` alone on `canvas` (None: its canvas not
    found): the series a figure keeps put (`Figure.fixed`, the bowl's rings, 3.8 ms of a
    7.6 ms build) drawn once for a canvas, not at every frame."""
    lines = _plotted(series, canvas, None)
    found = _canvas_at(lines, canvas.up[1])
    if found is None:
        return None
    top, bottom, start = found
    inked = []
    for row in range(top + 1, bottom):
        cells = _cells_of(lines[row])[start : start + canvas.across[1]]
        marks = tuple((c, codes, mark) for c, (codes, mark) in enumerate(cells) if mark != " ")
        if marks:
            inked.append((row - top - 1, marks))
    return tuple(inked)


def _beneath(lines: list[str], layer: Inked | None, rows: int) -> list[str] | None:
    """plotext's rows with a layer's inked cells (`_layer`) where they are blank, as if that
    layer's series had been drawn first, beneath the rest, and its braille dots (or
    half-block quadrants) joined with those of a cell of their kind drawn over them, in that
    cell's colour (the kink's dotted mean under the MSE's braille path, the solver's best MSE
    under its half-block MSE, which cross and settle on them: each keeps its dots)
    (None: the canvas not found)."""
    found = _canvas_at(lines, rows)
    if found is None or layer is None:
        return None
    top, _, start = found
    out = list(lines)
    for row, marks in layer:
        cells = _cells_of(lines[top + 1 + row])
        for c, codes, mark in marks:
            over = cells[start + c]
            if over == ("", " "):
                cells[start + c] = (codes, mark)
            else:
                cells[start + c] = (over[0], joined(over[1], mark))
        out[top + 1 + row] = "".join(
            codes + "".join(mark for _, mark in run) + RESET
            for codes, run in groupby(cells, key=itemgetter(0))
        )
    return out


_CODES = re.compile(r"(?:\x1b\[[0-9;]*m)*")


def _cells_of(line: str) -> list[tuple[str, str]]:
    """A row of plotext's as its cells: each one's colour codes and character (plotext ends
    every run of cells alike with a reset)."""
    cells: list[tuple[str, str]] = []
    for run in line.split(RESET)[:-1]:
        codes = _CODES.match(run)
        lead = codes.group() if codes else ""
        cells.extend((lead, mark) for mark in run[len(lead) :])
    return cells


def _canvas_at(lines: list[str], rows: int) -> tuple[int, int, int] | None:
    """Where plotext's canvas of `rows` rows is in its rows: the frame's top row, its bottom
    row and the canvas's first column; None where not found."""
    top = next((i for i, line in enumerate(lines) if "┌" in line), None)
    bottom = next((i for i in range(len(lines) - 1, -1, -1) if "└" in lines[i]), None)
    if top is None or bottom is None or bottom - top - 1 != rows:
        return None
    return top, bottom, lines[top].index("┌") + 1


GRID_DOT = "·"
"""A gridline's dot, as the line levels draw theirs."""


def gridlines(across: tuple[Axis, int], up: tuple[Axis, int]) -> set[Cell]:
    """The faint dotted gridlines' dots, as cells of the canvas (column, row from the foot):
    along each y tick's row, one on each x tick's column and evenly apart between
    (`grid_cols`, the line levels' rule); up each x tick's column, on every other row from
    the foot, as `grid_rows` thins them on a short chart (the auto-solver's and the degree
    charts had none, the line levels' faint dots to read a point's value by)."""
    (x_ticks, cols), (y_ticks, rows) = across, up
    tick_cols = [cell_of(t, x_ticks, cols) for t in x_ticks.ticks]
    along = grid_cols(tick_cols, 1, cols)
    tick_rows, up_rows = grid_rows([cell_of(y, y_ticks, rows) for y in y_ticks.ticks], rows)
    dots = {(col, row) for row in tick_rows for col in along}
    dots.update((col, row) for col in tick_cols for row in up_rows)
    return {(col, row) for col, row in dots if 0 <= col < cols and 0 <= row < rows}


def clear_of_rules(
    dots: set[Cell], series: tuple[Series, ...], across: tuple[Axis, int], up: tuple[Axis, int]
) -> set[Cell]:
    """The gridlines' dots less those on a level series' row within its span (the kink
    level's dashed median, "┄ ┄": a dot in each gap read "┄·┄·", a line of its own)."""
    (x_ticks, cols), (y_ticks, rows) = across, up
    level = [s for s in series if len(s.ys) > 1 and len(set(s.ys)) == 1 and not is_number(s)]
    col = partial(cell_of, axis=x_ticks, cells=cols)
    spans = [(cell_of(s.ys[0], y_ticks, rows), col(min(s.xs)), col(max(s.xs))) for s in level]
    if not spans:
        return dots
    return {(c, r) for c, r in dots if not any(r == row and lo <= c <= hi for row, lo, hi in spans)}


def _dotted(lines: list[str], dots: set[Cell], rows: int, said: str) -> list[str]:
    """plotext's rows with the gridlines' dots drawn on the canvas's blank cells, beneath
    every series as if drawn first (a plotext scatter of them cost a build about 1 ms), in
    the runs plotext writes: each cell's colour codes, its character, a reset, one run for
    cells alike side by side. A chart with no point keeps its words (`said`) clear of them."""
    found = _canvas_at(lines, rows)
    if found is None or not dots:
        return lines
    _, bottom, start = found
    by_row: dict[int, list[int]] = {}
    for c, r in dots:
        by_row.setdefault(bottom - 1 - r, []).append(start + c)
    out = list(lines)
    for i, at in by_row.items():
        plain = _ESCAPE.sub("", lines[i]) if said else ""
        if said and said in plain:  # plotext wrote its words over the dots there
            words = range(plain.index(said), plain.index(said) + len(said))
            at = [a for a in at if a not in words]
        out[i] = _dotted_row(lines[i], sorted(at))
    return out


_DOT_RUN = f"\x1b[38;5;{_CODE['grid']}m"
"""The colour codes plotext starts a run of gridline dots with."""


def _dotted_row(line: str, at: list[int]) -> str:
    """One row of plotext's with a dot on each cell of `at` (sorted) that is blank (a space
    in no colour): a blank run split around its dots, dots side by side in one run."""
    out: list[str] = []
    cell = 0
    for run in line.split(RESET)[:-1]:  # plotext ends every run with one
        if run.startswith("\x1b"):  # a series' colour: no blank cell in it
            out.append(run + RESET)
            cell += len(_ESCAPE.sub("", run))
            continue
        span = at[bisect_left(at, cell) : bisect_left(at, cell + len(run))]
        blank = [a - cell for a in span if run[a - cell] == " "]
        last = 0
        for _, side_by_side in groupby(enumerate(blank), lambda pair: pair[1] - pair[0]):
            cells = [c for _, c in side_by_side]
            if cells[0] > last:
                out.append(run[last : cells[0]] + RESET)
            out.append(_DOT_RUN + GRID_DOT * len(cells) + RESET)
            last = cells[-1] + 1
        if last < len(run):
            out.append(run[last:] + RESET)
        cell += len(run)
    return "".join(out)


@dataclass(frozen=True)
class _Laid:
    """A chart laid out: its figure with the legend its title has room for, the title's own
    rows, its axes and canvas, and its series in the cells they are drawn in."""

    figure: Figure
    title_rows: list[str]
    own_title: bool
    x: Axis
    y: Axis
    label_w: int
    cols: int
    rows: int
    series: tuple[Series, ...]
    met: bool
    """Whether a `Figure.together` mark is drawn."""


def _laid_out(figure: Figure, width: int, rows: int) -> _Laid | None:
    """The figure laid out (`_laid`); where its `together` mark is drawn, with the legend
    that names it (`Figure.met`) in the first of its words that goes whole into the rows
    its title takes without it (at least those asked beside other charts), or one more
    where the plot keeps its y ticks (`_rows_to_spare`: a short chart keeps its rows, and
    its four y ticks), the mark still drawn
    under it; else without that mark, the first `over` series' marks set beside the
    other's."""
    laid = _laid(figure, width, rows)
    if laid is None or not laid.met or figure.together is None:
        return laid
    across, most = width - 2 * figure.beside, max(len(laid.title_rows), 1)
    if most < TITLE_ROWS and _rows_to_spare(figure, laid.rows):  # as a spare entry may
        most += 1
    for words in figure.together[2]:
        again = _laid(figure.met(words), width, rows)
        if again is None or not again.met or max(len(again.title_rows), 1) > most:
            continue
        if _whole(again.figure.title, again.figure.keys, across, most):
            return again
    return _laid(replace(figure, together=None), width, rows)


def _laid(figure: Figure, width: int, rows: int) -> _Laid | None:
    """The figure laid out at `width` with `rows` for its title and plot; None where its
    title's own rows leave the plot too few."""
    figure, title_rows, rows, y_ticks = _titled(figure, width, rows)
    if rows < MIN_ROWS:
        return None
    own_title = bool(title_rows)
    label_w = max(len(label) for label in y_ticks.labels)
    cols = width - label_w - 2  # the canvas's: the y labels and the frame's two sides left out
    x_ticks = _x_ticks(figure, cols, label_w + 1, width)
    figure, title_rows = _described(figure, title_rows, (x_ticks, y_ticks), width, label_w)
    series = _on_floor(_rows_apart(figure, y_ticks, rows), figure.yzero, y_ticks)
    series = in_dots(series, (x_ticks, cols), (y_ticks, rows))
    in_cells = tuple(_in_cells(s, (x_ticks, cols), (y_ticks, rows)) for s in series)
    in_cells, met = _marks_over(in_cells, figure, (x_ticks, cols), (y_ticks, rows))
    return _Laid(
        figure,
        title_rows,
        own_title,
        x_ticks,
        y_ticks,
        label_w,
        cols,
        rows,
        in_cells,
        met,
    )


def _described(
    figure: Figure, title_rows: list[str], axes: tuple[Axis, Axis], width: int, label_w: int
) -> tuple[Figure, list[str]]:
    """The figure and its title's own rows (`_titled`) with what an axis's offset is, in
    words ("x = label + 1e15"), after the title where its rows have room for them (a title
    plotext draws: the canvas's, right of the y labels `label_w` wide), no more rows than
    before: the offset's note alone says it where they have none."""
    x, y = axes
    words = [
        offset_words(name, axis.offset)
        for name, axis in ((figure.xname or "x", x), (figure.yname or "y", y))
        if axis.offset
    ]
    if not words or not figure.title:
        return figure, title_rows
    longer = " · ".join([figure.title, *words])
    if not title_rows:
        fits = len(longer) <= width - label_w - 3
        return (replace(figure, title=longer), []) if fits else (figure, [])
    across = width - 2 * figure.beside
    rows = title_lines(longer, across, figure.keys)
    if len(rows) > len(title_rows) or not _whole(longer, figure.keys, across, len(title_rows)):
        return figure, title_rows
    return replace(figure, title=longer), rows + title_rows[len(rows) :]


def _noted(rows: list[str], figure: Figure, x: Axis, y: Axis) -> list[str]:
    """A chart's rows (its title's left out) with its axes' offsets' notes on the frame's
    top line, each after its axis's name: the y one's from its left corner, over the y
    axis, the x one's to its right corner ("┌─y +1e15────x +1e15─┐"); without the names
    where both do not fit. On no row of the plot, in no column of the labels' margin and
    on no tick's column: a margin as wide as +1e15 and the x note at the end of the labels'
    row left the auto-solver's fit of x and y at 1e15 at 80×24 room for three x labels.
    (Where not even the notes fit, the x note goes at the end of its labels' row, if blank.)"""
    top = next((i for i, row in enumerate(rows) if "┌" in row), None)
    if top is None or not (x.note or y.note):
        return rows
    row = rows[top]
    a, b = row.find("┌"), row.find("┐")
    names = (figure.yname or "y", figure.xname or "x")
    notes = (y.note, x.note)
    named = tuple(f"{name} {note}" if note else "" for name, note in zip(names, notes, strict=True))
    for left, right in (named, notes):
        taken = sum(len(text) + 1 for text in (left, right) if text)  # a rule cell at a corner
        if b - a - 1 >= taken + bool(left and right):  # and one between them
            middle = "─" * (b - a - 1 - taken)
            line = f"─{left}" if left else ""
            line += middle + (f"{right}─" if right else "")
            return [*rows[:top], row[: a + 1] + line + row[b:], *rows[top + 1 :]]
    return _x_noted_below(rows, x.note)


def _x_noted_below(rows: list[str], note: str) -> list[str]:
    """The rows with the x axis's offset's note at the end of its labels' row, a blank cell
    before it and after it, where those cells are blank."""
    at = next((i + 1 for i, row in enumerate(rows) if "└" in row), len(rows))
    if not note or at >= len(rows):
        return rows
    under = rows[at].removesuffix(RESET)
    n = len(note) + 2
    if len(under) <= n or under[-n:].strip():
        return rows
    return [*rows[:at], f"{under[:-n]} {note} {rows[at][len(under) :]}", *rows[at + 1 :]]


def _said_empty(said: str, box: tuple[float, float, float, float], cols: int) -> None:
    """A chart with no point yet: plotext draws it as a bare frame, with no axes or ticks
    (the kink's step sizes before the first step). A point with no ink, in a corner, has it
    draw them; `said` (if any) is written in the middle."""
    plt = load_plotext()
    x_lo, x_hi, y_lo, y_hi = box
    plt.scatter([x_lo], [y_lo], marker=" ")
    if said:
        middle = ((x_lo + x_hi) / 2, (y_lo + y_hi) / 2)
        plt.text(fitted(said, cols - 2), *middle, alignment="center")


def _labelled(lines: list[str], labels: str) -> list[str]:
    """plotext's rows with the x labels' row (the one under the frame's bottom) as `labels`."""
    frames = [i for i, line in enumerate(lines) if "└" in line]
    if not frames or frames[-1] + 1 >= len(lines):
        return lines
    at = frames[-1] + 1
    return [*lines[:at], labels + RESET, *lines[at + 1 :]]


def _titled(figure: Figure, width: int, rows: int) -> tuple[Figure, list[str], int, Axis]:
    """The figure with the spare legend entries its title has room for; its title's rows
    where it has rows of its own across the whole width ([] where plotext draws it over
    the canvas); and the plot's rows and y axis under it.

    A title wider than the canvas (wide tick labels: −2e10, a long legend) plotext would
    drop: it gets rows of its own (beside another chart, a column clear at either end); so
    does one given more rows than one (`Figure.title_rows`), blank ones under it."""
    y_ticks = _y_ticks(figure, rows)
    room = width - max(len(label) for label in y_ticks.labels) - 3
    across = width - 2 * figure.beside
    # spare entries where the rows the title takes, or is given beside others, have room
    # (the bowl's "● now": at 120×24 beside a two-row title it left its second row blank),
    # a row of its own across the chart's width (which costs the plot no row: plotext's
    # title over the canvas takes one too), or one more where the plot keeps its y ticks
    # (crickets' bowl at 120×24, whose title took one row over the canvas, had no "● now")
    on_plot = len(figure.title) <= room
    taken = 1 if on_plot else len(title_lines(figure.title, across, figure.keys))
    taken = max(taken, figure.title_rows)
    if taken < TITLE_ROWS and _rows_to_spare(figure, rows - taken + 1):
        taken += 1
    figure = figure.with_spare(lambda title, keys: _whole(title, keys, across, taken))
    if len(figure.title) <= room and figure.title_rows <= 1:
        return figure, [], rows, y_ticks
    title_rows = title_lines(figure.title, across, figure.keys)
    title_rows += [""] * (figure.title_rows - len(title_rows))
    if len(title_rows) > 1:
        rows = rows - len(title_rows) + 1
        y_ticks = _y_ticks(figure, rows)
    return figure, title_rows, rows, y_ticks


def _rows_to_spare(figure: Figure, rows: int) -> bool:
    """Whether a plot of `rows` may give one to its title: a row shorter, its y axis still
    has FEWEST_TICKS tick labels (a short chart keeps its rows)."""
    return rows > FEWEST_TICKS and len(_y_ticks(figure, rows - 1).ticks) >= FEWEST_TICKS


def _whole(title: str, keys: tuple[tuple[str, str], ...], width: int, most: int) -> bool:
    """Whether a title goes whole into at most `most` rows of `width`: every word of it
    there, none cut (an entry broken between words counts whole: comparing the rows joined
    by " · " with the title refused it, and the blown-up MSE chart lost its best line's key)."""
    rows = title_lines(title, width, keys)

    def words(text: str) -> list[str]:
        return [word for word in text.split() if word != "·"]

    return len(rows) <= most and words(" ".join(rows)) == words(title)


def _named(rows: list[str], xname: str, yname: str) -> list[str]:
    """A chart's rows with its axes' names where they are clear of the tick labels: the y
    axis's above its labels, beside the frame's top corner; the x axis's at the end of its
    labels' row, else on its axis line by a corner (`─m┘`, or `└m─`) where no tick is
    beside it, else between the last two ticks with room (`┬─m─┬`); where none is clear,
    left out. (At the start of the labels' row, the chart beside it on the left read
    "15 m", its last label with a unit.)"""
    named = list(rows)
    for i, whole in enumerate(rows):
        row = whole.removesuffix(RESET)  # plotext ends each row of the plot with one
        end = whole[len(row) :]
        if "\x1b" in row:
            continue
        if yname and "┌" in row:
            at = row.index("┌")
            if at >= len(yname) and not row[at - len(yname) : at].strip():
                named[i] = row[: at - len(yname)] + yname + row[at:] + end
        if xname and i and "└" in rows[i - 1]:
            n = len(xname) + 2  # two cells clear of the last label: "6 m" read as a unit
            frame = rows[i - 1].removesuffix(RESET)
            corner = frame.rfind("┘")
            if not row[-n:].strip():
                named[i] = row[: len(row) - len(xname)] + xname + end
            elif "\x1b" not in frame:
                first, k = frame.find("└"), len(xname) + 1  # a rule cell before a tick
                if corner > k and frame[corner - k : corner] == "─" * k:
                    cut = corner - len(xname)  # ─m┘
                elif first >= 0 and frame[first + 1 : first + 1 + k] == "─" * k:
                    cut = first + 1  # └m─, where a tick stands by the other corner
                elif gaps := list(re.finditer(f"─{{{k + 1},}}", frame)):
                    cut = gaps[-1].end() - k  # ┬─m─┬: four labels left it no corner
                else:
                    continue
                line = frame[:cut] + xname + frame[cut + len(xname) :]
                named[i - 1] = line + rows[i - 1][len(frame) :]
    return named


RESET = "\x1b[0m"


def title_height(figure: Figure, width: int, height: int) -> int:
    """How many rows the figure's title takes, drawn at width × height."""
    rows = height - 3 - bool(figure.title) - bool(figure.xlabel)
    if rows < MIN_ROWS or width < MIN_WIDTH or not figure.title:
        return 0
    return max(len(_title_rows(figure, width, rows)), 1)


def _title_rows(figure: Figure, width: int, rows: int) -> list[str]:
    """The rows of its own a figure's title takes over `rows` at `width` ([]: none), with
    the legend it is drawn with (`_laid_out`)."""
    laid = _laid_out(figure, width, rows) if figure.together else None  # (no other differs)
    return laid.title_rows if laid is not None else _titled(figure, width, rows)[1]


def _drawn_alike(one: Figure | None, other: Figure, width: int, height: int) -> bool:
    """Whether two figures draw the same at width × height where they differ at most in the
    title rows asked (`Figure.title_rows`) and take the same rows for their titles: a chart
    shown before it was laid out (none asked) and again for the rows its titles take beside
    another (two at 80×24) was built twice as the auto-solver opened."""
    if one is None or replace(one, title_rows=other.title_rows) != other:
        return False
    rows = height - 3 - bool(other.title) - bool(other.xlabel)
    if rows < MIN_ROWS or width < MIN_WIDTH:
        return True  # both blank
    return _title_rows(one, width, rows) == _title_rows(other, width, rows)


def aligned(charts: list[tuple[Figure, tuple[int, int]]]) -> list[Figure]:
    """Figures drawn side by side, each at its (width, height), their titles apart
    (`Figure.beside`) and given as many rows as the most any of them takes: their frames
    start on one row."""
    beside = [replace(figure, title_rows=0, beside=len(charts) > 1) for figure, _ in charts]
    most = max(
        (title_height(f, *size) for f, (_, size) in zip(beside, charts, strict=True)), default=0
    )
    return [replace(figure, title_rows=most) for figure in beside]


def _x_ticks(figure: Figure, cols: int, start: int, row: int) -> Axis:
    """The x axis of a figure over `cols` columns from `start` on its labels' row `row` wide:
    the ticks the same number of columns apart (the degree chart's were 8, 8, 9, 8, 8), and
    as many labelled as `labels_apart` keeps; where that is fewer than four, the ticks of
    the next round step up and on (`coarser`) while one keeps more (the bowl at 80×24 read
    "−500 0 500"). A tick without its label is not drawn."""
    lo, hi = figure.x_range()
    power = None if figure.symlog is None else figure.symlog[0]
    return _x_axis_of((lo, hi), figure.x_whole, power, cols, (start, row))


@lru_cache(maxsize=64)  # as `ticks.y_axis`: asked for by a chart's layouts and its
# build at every frame of the auto-solver, over a span that seldom moves
def _x_axis_of(
    span: tuple[float, float], whole: bool, power: int | None, cols: int, where: tuple[int, int]
) -> Axis:
    """`_x_ticks` of a figure over `span`, its ticks `whole` or on symmetric-log axes linear to
    10^`power`, on labels' row `where` (its start and width)."""
    lo, hi = span
    start, row = where
    if power is not None:
        return _symlog_x(power, (lo, hi), cols, (start, row))
    axis: Axis | None = x_axis(lo, hi, cols - 1, whole)
    best: Axis | None = None
    while axis is not None:
        made = evened(axis, lo, hi, cols, whole=whole)
        kept = labels_apart(made, cols, start, row)
        if best is None or len(kept.ticks) > len(best.ticks):
            best = kept
        if len(kept.ticks) >= min(FEWEST_TICKS, len(made.ticks)):
            break
        axis = coarser(axis, lo, hi, whole)
    assert best is not None
    return best


SYMLOG_NAMED = 3
"""Columns a symmetric-log x axis leaves clear at the end of its labels' row: its name, Δm."""


def _symlog_x(power: int, span: tuple[float, float], cols: int, where: tuple[int, int]) -> Axis:
    """A symmetric-log x axis (`symlog_labels`): a tick every `stride` whole units about 0,
    the least stride whose labels all fit, so that as many decades are labelled either side
    of 0 (the least-crowded run of labels took −100 … 1e4, and left out −1e3 and −1e4)."""
    lo, hi = span
    reach = max(math.floor(min(-lo, hi)), 1)
    start, row = where
    kept: Axis | None = None
    for clear in (SYMLOG_NAMED, 0):  # the row's end clear for the axis's name (Δm) if it can
        for stride in range(1, reach + 1):
            ticks = tuple(float(k) for k in range(-(reach // stride) * stride, reach + 1, stride))
            axis = evened(Axis(lo, hi, ticks, ("",) * len(ticks)), lo, hi, cols, whole=True)
            made = symlog_labels(axis, power)
            kept = labels_apart(made, cols, start, row - clear, own=True)
            if len(kept.ticks) == len(made.ticks):
                return kept
    assert kept is not None
    return kept


def labels_apart(axis: Axis, cols: int, start: int, row: int, *, own: bool = False) -> Axis:
    """The axis with only the ticks whose labels `label_row` holds (`labelled`), in the form
    that keeps most (`own`: in theirs). `cols`: the plot's columns, from `start` on a labels'
    row `row` wide."""
    columns = _columns(axis, cols, start)
    values = shifted(axis.ticks, axis.offset)
    keep, labels = labelled(values, axis.labels, columns, (0, row - 1), own=own)
    return replace(
        axis,
        ticks=tuple(axis.ticks[k] for k in keep),
        labels=tuple(labels[k] for k in keep),
    )


def label_row(axis: Axis, cols: int, start: int, row: int) -> str:
    """The row of an x axis's labels, `row` wide, each centred on its tick (`placed`), the
    last column left clear (a chart beside it starts there). Written here rather than by
    plotext, which leaves a label out where it comes near one placed before it, in an order
    of its own (a set's, hash-seeded: the same chart read "0 20000 40000" in one run and
    "0   20000" in the next): it left out the years' 2020."""
    chars = [" "] * row
    for at, label in zip(_columns(axis, cols, start), axis.labels, strict=True):
        cells = placed(at, len(label), 0, row - 1)
        if cells is not None:
            chars[cells[0] : cells[1] + 1] = label
    return "".join(chars)


def _columns(axis: Axis, cols: int, start: int) -> list[int]:
    """The columns of the axis's ticks on its label row, the plot's `cols` from `start`."""
    return [start + cell_of(t, axis, cols) for t in axis.ticks]


def _rows_apart(figure: Figure, axis: Axis, rows: int) -> tuple[Series, ...]:
    """The figure's series, its two `apart` levels on rows of their own: where the chart
    rounds both onto one row (for levels drawn in dots, `Series.level`, one dot row) and
    they are a quarter of that row apart or more, the one nearer that row's edge is drawn
    on the row beyond it, on its own side, less than a row from its value (the kink's c
    chart at 80×24, won, drew the mean 5.667 and the median 5 on one row, their two marks in
    turn along it, read as one line)."""
    series = figure.series
    span = axis.hi - axis.lo
    if figure.apart is None or rows < 2 or not span > 0:
        return series
    levels = all(series[k].level for k in figure.apart)
    fine = min(FINE.get(series[k].marker, DOTS) for k in figure.apart) if levels else 1
    # where each is drawn, in (fine) rows from the foot, before plotext rounds it
    at = [
        dots_up(series[k].ys[0], axis, rows, fine)
        if fine > 1
        else (series[k].ys[0] - axis.lo) / span * (rows - 1)
        for k in figure.apart
    ]
    if math.floor(at[0] + 0.5) != math.floor(at[1] + 0.5) or abs(at[0] - at[1]) < 0.25:
        return series
    row = math.floor(at[0] + 0.5)
    # the one nearer its row's edge first; the other where that row is off the chart
    for i in sorted((0, 1), key=lambda i: -abs(at[i] - row)):
        side = 1 if at[i] > at[1 - i] else -1
        if 0 <= row + side < fine * rows:
            k = figure.apart[i]
            moved = tuple(y + side * span / (fine * (rows - 1)) for y in series[k].ys)
            return (*series[:k], replace(series[k], ys=moved), *series[k + 1 :])
    return series


def _on_floor(series: tuple[Series, ...], zero: float | None, axis: Axis) -> tuple[Series, ...]:
    """On a log axis with a floor (`ticks.floored`), the values under its floor drawn on it:
    one raised to 1e−11 holds the steps of 0 (drawn at 1e−12) on its row."""
    if zero is None:
        return series
    floor = axis.ticks[0]
    return tuple(replace(s, ys=tuple(max(y, floor) for y in s.ys)) for s in series)


def _marks_over(
    series: tuple[Series, ...],
    figure: Figure,
    across: tuple[Axis, int],
    up: tuple[Axis, int],
) -> tuple[tuple[Series, ...], bool]:
    """The series, the whole-cell marks of `figure.over[0]` drawn right after `over[1]` (over
    its line), each in its own ink on its own point, as the legend shows it; one in the cell
    of a point of the other, where the figure names a mark for such a cell (`Figure.both`),
    as that mark in the other's role (the kink's ◘: a dot on the step's block, cut out of
    it, took the step's colour and read as a lone • in plain text; set beside the step, it
    stood a step off its own); one in the cell of a mark of the series `Figure.together`
    names, that cell drawn once with its mark; one in the cell of another whole-cell mark
    of a series drawn after it (which would hide it), set beside it in its row, in the
    nearest cell free of both (`BESIDE`): the degree chart's ■ of the degree shown, under
    its ●. A finer marker's point is drawn in the row a whole-cell mark takes
    (`_on_label_rows`), in its own column (`cell_of`). And whether a `together` mark is
    drawn."""
    if figure.over is None:
        return series, False
    top, under = figure.over
    x_axis, cols = across
    points = set(_cells(series[under], across, up, ACROSS.get(series[under].marker, 1)))
    hiding = {
        cell
        for k, s in enumerate(series)
        if k > under and k != top and is_mark(s)
        for cell in _cells(s, across, up)
    }
    marks = series[top]
    cells = _cells(marks, across, up)
    together = figure.together
    later = together[0] if together else -1
    met = set(cells).intersection(_cells(series[later], across, up)) if together else set()
    taken = points | hiding | {cell for cell in cells if cell not in hiding}
    xs = list(marks.xs)
    for k, (col, row) in enumerate(cells):
        if (col, row) not in hiding or (col, row) in met:
            continue
        near = [col + d for d in BESIDE if 0 <= col + d < cols]
        free = [c for c in near if (c, row) not in taken] or [  # else over the other's line
            c for c in near if (c, row) not in hiding and (c, row) not in cells
        ]
        if free:  # (none within reach: drawn in its cell, under the other)
            taken.add((free[0], row))
            xs[k] = centre_of(free[0], x_axis, cols)
    # those in a cell of the `together` series drawn as its mark, once (none moved into one)
    moved, _ = _split(replace(marks, xs=tuple(xs)), met, across, up)
    alone, on = _split(moved, points if figure.both else set(), across, up)
    both = replace(on, role=series[under].role, marker=figure.both)
    # the marks right after the other's line, under any series after it
    drawn: list[tuple[Series, ...]] = [
        (s,) if k != under else (s, alone, both)
        for k, s in enumerate(series)
        if k not in (top, later)
    ]
    if together:  # in its place: its marks apart, then those on the first's
        apart, on = _split(series[later], met, across, up)
        drawn.insert(later - (top < later), (apart, replace(on, marker=together[1])))
    return tuple(s for each in drawn for s in each if s.xs), bool(met)


def _cells(
    marks: Series, across: tuple[Axis, int], up: tuple[Axis, int], fine: int = 1
) -> list[tuple[int, int]]:
    """The cells (column, row from the foot) a series' points are drawn in, by a marker
    `fine` times finer than a cell across."""
    (x_axis, cols), (y_axis, rows) = across, up
    return [
        (cell_of(x, x_axis, cols, fine), cell_of(y, y_axis, rows))
        for x, y in zip(marks.xs, marks.ys, strict=True)
    ]


def _split(
    marks: Series, cells: set[tuple[int, int]], across: tuple[Axis, int], up: tuple[Axis, int]
) -> tuple[Series, Series]:
    """A series of whole-cell marks as two: those outside `cells`, and those in them."""
    inside = [cell in cells for cell in _cells(marks, across, up)]

    def part(shared: bool) -> Series:
        kept = [(x, y) for x, y, k in zip(marks.xs, marks.ys, inside, strict=True) if k is shared]
        return replace(marks, xs=tuple(x for x, _ in kept), ys=tuple(y for _, y in kept))

    return part(False), part(True)


BESIDE = (-1, 1, -2, 2, -3, 3)
"""Where a whole-cell mark that would share its cell with another series' point is set
instead, in columns from it, in order: the nearest free cell of its row."""


def _characters(series: Series) -> tuple[str, ...]:
    """The markers a series is drawn with: its own, or each digit of a number of two or more
    (plotext draws a marker's first character alone: step 10's number read 1)."""
    marker = series.marker
    return tuple(marker) if is_number(series) else (marker,)


FINER = {"braille": 4, "fhd": 3, "hd": 2}
"""How many times finer than a cell each of plotext's markers draws, up and down."""
ACROSS = {"braille": 2, "fhd": 2, "hd": 2}
"""How many times finer than a cell each of plotext's markers draws, across."""


def _in_cells(series: Series, across: tuple[Axis, int], up: tuple[Axis, int]) -> Series:
    """A whole-cell mark's series moved into the cells its `rows_of` marker draws its points
    in (any other as it is)."""
    if not series.rows_of:
        return series
    (x_ticks, cols), (y_ticks, rows) = across, up
    finer = FINER.get(series.rows_of, 1)
    return replace(
        series,
        xs=_in_cells_of(series.xs, ACROSS.get(series.rows_of, 1), x_ticks, cols),
        ys=_in_cells_of(_on_label_rows(series.ys, finer, y_ticks, rows), finer, y_ticks, rows),
        rows_of="",
    )


def _in_cells_of(values: tuple[float, ...], fine: int, axis: Axis, cells: int) -> tuple[float, ...]:
    """Values moved to the middle of the cells (rows, or columns) that a marker `fine` times
    finer than a cell along the axis draws them in.

    plotext puts a value at fine cell ⌊½ + (f·cells − 1)·t⌋ of a marker f times finer (t: how
    far along the axis it is) and in the cell of that cell's f; a whole-cell mark, at cell
    ⌊½ + (cells − 1)·t⌋: up to three quarters of a cell apart (the degree chart's ● sat a
    row above its braille curve, the solver's ● a column past its path's end)."""
    if cells < 2 or not axis.hi - axis.lo > 0:
        return values
    return tuple(centre_of(cell_of(v, axis, cells, fine), axis, cells) for v in values)


def _on_label_rows(
    values: tuple[float, ...], fine: int, axis: Axis, rows: int
) -> tuple[float, ...]:
    """Values moved so that a marker `fine` times finer than a row draws each on the row a
    whole-cell mark, and the tick labels, put it on: the row whose label's half-row either
    side holds it.

    plotext puts a whole-cell mark (and a tick) on row ⌊½ + r⌋, r = (rows − 1)·t, but a
    finer marker's value on fine row ⌊½ + (f·rows − 1)·t⌋, in the row of that row's f: its
    rows are narrower than the labels' by a quarter row and more, shifted by up to a quarter
    row at the ends (a 5-row MSE chart labelled 6e16 … 1e17 drew 6.545e16 on the row of
    6e16). Moved to t′ = (f·r + (f − 1)/2) / (f·rows − 1), a finer marker draws r on fine
    row ⌊f·(r + ½)⌋: the row ⌊½ + r⌋. The map is affine, so a line stays straight."""
    span = axis.hi - axis.lo
    if fine <= 1 or rows < 2 or not span > 0:
        return values
    scale = fine * (rows - 1) / (fine * rows - 1)
    shift = (fine - 1) / 2 / (fine * rows - 1)
    return tuple(axis.lo + ((v - axis.lo) / span * scale + shift) * span for v in values)


STEPPED = ("hd", "fhd")
"""The markers whose lines `_stepped` steps: braille's cells are a quarter row, within which
its rounding down stays; a bowl's three braille rings stepped cost 1.5 ms a frame."""
MOST_STEPPED = 1.0
"""The most points `_stepped` adds to a line, in edges of the canvas's fine cells (1: as
many as a line across it, corner to corner, crosses): plotext takes 10 µs a point, and a
bowl's rings or a diverging path, each of them many times that, cost the animation 20 ms
a frame. One that would need more is left as it is."""
NUDGE = 1e-6
"""How far (in fine cells) either side of a cell's edge `_stepped` puts its two points."""


def _stepped(
    xs: tuple[float, ...],
    ys: tuple[float, ...],
    marker: str,
    across: tuple[Axis, int],
    up: tuple[Axis, int],
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """A line's points with two more at each edge between the marker's fine cells that it
    crosses along its lesser direction, just before and just after the edge (`across` and
    `up`: each axis and its cells).

    Between two points plotext steps one fine cell at a time along the greater direction
    and works out the other with int(), which rounds down: a line rising one fine row
    stayed on the lower until its last column (crickets' fit at 80×24, ŷ 79.6 to 82.7,
    ran along the row of 75 and climbed to 85's at its very end, though it crosses 80 a
    sixth of the way along). Between the points added, the lesser direction keeps one
    cell, so nothing is left to round; at an edge, the two points a cell apart are each
    in their own cell."""
    scales = []
    for (axis, cells), fine in ((across, ACROSS.get(marker, 1)), (up, FINER.get(marker, 1))):
        span = axis.hi - axis.lo
        if not (span > 0 and math.isfinite(span)):
            return xs, ys
        scales.append((axis.lo, (fine * cells - 1) / span))  # as plotext: ½ + that·(v − lo)
    (x_lo, x_scale), (y_lo, y_scale) = scales
    most = len(xs) + MOST_STEPPED * 2 * (
        across[1] * ACROSS.get(marker, 1) + up[1] * FINER.get(marker, 1)
    )
    out_x, out_y = list(xs[:1]), list(ys[:1])
    for (x0, y0), (x1, y1) in pairwise(zip(xs, ys, strict=True)):
        u0, u1 = 0.5 + x_scale * (x0 - x_lo), 0.5 + x_scale * (x1 - x_lo)
        v0, v1 = 0.5 + y_scale * (y0 - y_lo), 0.5 + y_scale * (y1 - y_lo)
        steep = abs(math.floor(v1) - math.floor(v0)) > abs(math.floor(u1) - math.floor(u0))
        a0, a1 = (u0, u1) if steep else (v0, v1)  # the lesser direction, in fine cells
        edges = range(math.floor(min(a0, a1)) + 1, math.floor(max(a0, a1)) + 1)
        if len(out_x) + 2 * len(edges) > most:
            return xs, ys
        for edge in edges if a1 > a0 else reversed(edges):
            for side in (-NUDGE, NUDGE) if a1 > a0 else (NUDGE, -NUDGE):
                t = (edge + side - a0) / (a1 - a0)
                if 0.0 < t < 1.0:
                    out_x.append(x0 + (x1 - x0) * t)
                    out_y.append(y0 + (y1 - y0) * t)
        out_x.append(x1)
        out_y.append(y1)
    return tuple(out_x), tuple(out_y)


def _y_ticks(figure: Figure, rows: int) -> Axis:
    """The y axis of a figure over `rows` rows (its zero's row labelled, on a log axis)."""
    lo, hi = figure.y_range()
    if figure.symlog is not None:  # whole units, as a log axis's decades
        return symlog_labels(y_axis(lo, hi, rows, True, figure.yhold), figure.symlog[1])
    if figure.yzero is None:
        return y_axis(lo, hi, rows, figure.ylog, figure.yhold)
    return floored(hi, rows, figure.yzero)  # (a zero is a log axis's)


def _keyed(row: str, keys: tuple[tuple[str, str], ...]) -> str:
    """A title row with each legend entry in its series' colour (where it was not cut)."""
    for words, role in keys:
        row = row.replace(words, f"\x1b[38;5;{_CODE[role]}m{words}\x1b[0m", 1)
    return row


def title_lines(title: str, width: int, keys: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """A title (a legend: entries joined by " · ") too wide for its chart, in rows of at most
    `width`, broken between entries where it can be, else between words (never inside a
    key's words, which keep their colour), at most TITLE_ROWS of them."""
    rows: list[str] = []
    joins: list[str] = []  # what went between each row and the one before: " · " or " "
    for entry in title.split(" · "):
        if rows and len(rows[-1]) + 3 + len(entry) <= width:
            rows[-1] += " · " + entry
        else:
            parts = _words_in_rows(entry, width, keys)
            joins += [" · "] + [" "] * (len(parts) - 1)
            rows.extend(parts)
    if len(rows) > TITLE_ROWS:  # the rest on the last row, cut: a phrase broken between
        # words joined again by a space ("points, · lin…" read as two entries)
        last = rows[TITLE_ROWS - 1]
        for row, join in zip(rows[TITLE_ROWS:], joins[TITLE_ROWS:], strict=True):
            last += join + row
        rows = [*rows[: TITLE_ROWS - 1], last]
    return [fitted(row, width) for row in rows]


def _words_in_rows(entry: str, width: int, keys: tuple[tuple[str, str], ...]) -> list[str]:
    """One legend entry in rows of at most `width`, broken after a comma or a colon or
    before a bracket where it can be, else between words; never inside a key's words (a
    chart a third of 80 columns wide cut "the fit: points, line below every point")."""
    if len(entry) <= width:
        return [entry]
    for words, _ in keys:
        entry = entry.replace(words, words.replace(" ", GLUE))
    rows: list[str] = []
    for phrase in re.split(r"(?<=[,:]) | (?=\()", entry):
        if rows and len(rows[-1]) + 1 + len(phrase) <= width:
            rows[-1] += " " + phrase
        else:
            rows.extend(textwrap.wrap(phrase, width, break_long_words=False) or [phrase])
    return [row.replace(GLUE, " ") for row in rows]


GLUE = "\0"
"""Stands for a space inside a key's words while a title is broken into rows."""


class PlotView(RowView[str]):
    """Shows a Figure; rebuilds it only when the figure or the size changed."""

    STYLE_PREFIX = "plot"
    COMPONENT_CLASSES = {"plot--axis"} | {f"plot--{role}" for role in ROLES}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._figure: Figure | None = None
        self._built_for: tuple[object, tuple[int, int]] | None = None
        self._built_figure: Figure | None = None  # the figure last drawn
        self._drawn: dict[Drawn, list[str]] = {}
        """The last KEPT charts drawn: going back to one (a degree seen before) costs no build."""
        self.builds = 0
        """How many times plotext drew the figure (for tests and the benchmark)."""

    @property
    def figure(self) -> Figure | None:
        """The figure shown."""
        return self._figure

    def show(self, figure: Figure) -> None:
        """Show a figure; an equal figure at the same size is not drawn again."""
        self._figure = figure
        self._rebuild()

    def build_ahead(self, figures: Sequence[Figure]) -> None:
        """Build in a thread the charts likely shown next, at this size, so that the key
        that shows one finds it drawn: a build of the degree chart's 30 fits held the
        game's loop 60-100 ms after each change of degree. A newer ask replaces this one."""
        width, height = size = self.size
        wanted = tuple(f for f in figures if _drawn(f, size) not in self._drawn)
        if wanted and width >= 10 and height >= 4:
            work = partial(_build_ahead, wanted, size)
            self.run_worker(work, group="ahead", exclusive=True, thread=True)

    def is_drawn(self, figure: Figure) -> bool:
        """Whether showing `figure` at this size costs no build: drawn, or built ahead."""
        drawn = _drawn(figure, self.size)
        with _SHELF:
            return drawn in self._drawn or drawn in _AHEAD

    def on_resize(self) -> None:
        self._rebuild()

    def _rebuild(self) -> None:
        width, height = self.size
        if self._figure is None or width < 10 or height < 4:
            return
        key = _drawn(self._figure, (width, height))
        if key == self._built_for:
            return
        last, self._built_for = self._built_for, key
        rows = self._drawn.pop(key, None)
        if (
            rows is None
            and last is not None
            and last[1] == key[1]
            and _drawn_alike(self._built_figure, self._figure, width, height)
        ):
            rows = self._drawn.get(last)
        if rows is None:
            rows, built = _taken_or_built(self._figure, key)
            self.builds += built
        self._built_figure = self._figure
        self._drawn[key] = rows  # the newest last: the oldest goes first
        if len(self._drawn) > KEPT:
            del self._drawn[next(iter(self._drawn))]
        self.show_rows(rows)

    def row_strip(self, row: str) -> Strip:
        """One row of the chart: plotext's text, split on its colour codes into segments."""
        parts = _ESCAPE.split(row)
        segments = [Segment(parts[0], self.style_of("axis"))] if parts[0] else []
        for i in range(1, len(parts), 2):
            if parts[i + 1]:
                role = _ROLE_OF.get(parts[i], "axis")
                segments.append(Segment(parts[i + 1], self.style_of(role)))
        return Strip(segments).adjust_cell_length(self.size.width, self.rich_style)

    def text(self) -> str:
        """The chart as plain text (for tests and debugging)."""
        return "\n".join(_ESCAPE.sub("", row) for row in self._rows)
