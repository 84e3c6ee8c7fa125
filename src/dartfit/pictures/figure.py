"""Figure: a frozen, hashable description of a chart, and the geometry plotting it needs.

A picture module builds a `Figure` (its series, fixed axes, labels); `PlotView` draws it
with plotext. Pure: the clipping of lines to the view, the key that says whether two
figures draw the same characters, and the axes' round ticks and short labels (chosen here,
not by plotext, whose ticks were uneven and whose labels ran to 13 digits) live here,
beside the data they work on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

import numpy as np

ROLES = (
    "point",
    "line",
    "path",
    "current",
    "optimum",
    "ring",
    "loss",
    "best",
    "fit",
    "truth",
    "grid",
)
"""What a series is; each role is styled by the component class ``plot--<role>`` (``grid``:
the faint dotted gridlines each chart draws beneath its series)."""


@dataclass(frozen=True)
class Series:
    """Points (scatter) or a polyline (line) in one role, with an optional marker."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    role: str = "line"
    kind: Literal["scatter", "line"] = "line"
    marker: str = "hd"
    """plotext's marker: "hd" (2×2 block quadrants) draws smooth lines in any font. A
    scatter's number (a step's) is written a digit a cell, rightwards from its point."""
    rows_of: str = ""
    """A scatter of whole-cell marks drawn in the cells (rows and columns) a finer marker
    ("braille", "hd") draws the same points in: the degree chart's ● sat a row above the
    point of its braille curve it marks, the solver's a column past its path's end
    (plotext rounds the two differently)."""
    level: tuple[int, int] | None = None
    """A level line (its ys one value) drawn at its `marker`'s resolution, on the fine row that
    marker draws its value on: in braille dots a quarter of a row apart, or in half-block
    quadrants ("hd") half a row apart; dashed as the fit charts' reference lines
    (`common.DOTTED`, `DASHED`; `pictures.level_dots`): the kink's mean and median beside its
    braille path, the auto-solver's best MSE under its half-block MSE, which a whole-cell
    rule drew up to half a row from their values."""


@dataclass(frozen=True)
class Figure:
    """A whole chart: its series, fixed axis limits (or None: fit the data) and labels."""

    series: tuple[Series, ...]
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    yhold: tuple[float, float] | None = None
    """The part of `ylim` the y axis must hold (the data: the rest is a margin). A short
    chart may give up its margin to put a tick on the middle of every row."""
    ylog: bool = False
    """The ys are already log10 of the values: the y ticks read as powers of ten."""
    yzero: float | None = None
    """On a log axis, where values of 0 are drawn (the log of the floor they are raised
    to): the axis runs from a floor on its bottom row, labelled "≤" it (≤1e−12), up to the
    power of ten at or above the largest value (`ticks.floored`)."""
    title: str = ""
    xlabel: str = ""
    x_whole: bool = False
    """The xs are counts (descent's steps): the x ticks fall on whole numbers only."""
    symlog: tuple[int, int] | None = None
    """Both axes are symmetric-log (`symlog`), about 0, linear out to a power of ten, then a
    decade a unit: (that power for x, for y). Their ticks fall on whole units, labelled with
    the values they stand for (a diverging descent's swings, 14, −100, 700, −4900, 34000,
    each in view)."""
    keys: tuple[tuple[str, str], ...] = ()
    """The title's legend entries, each (words of the title, the role it names): drawn in
    the role's colour, so "•• the truth" reads as the dotted series (it was drawn plain)."""

    spare: tuple[tuple[str, str], ...] = ()
    """Legend entries, as `keys`, added to the title where its row has room for them (the
    bowl's "rings: equal MSE"): a short chart gives no row of its plot to them."""
    title_rows: int = 0
    """The least rows the title takes (blank ones under it): charts side by side are given
    the same, so that their frames line up (a title wrapped to two rows set one a row low)."""
    beside: bool = False
    """Drawn beside another chart: a title row of its own keeps a column clear at either end
    (one that filled its width read on into the next's: "· × best MSE by step ·")."""

    xname: str = ""
    """The x axis's name (the bowl's m), written at the end of its tick labels' row where it
    is clear of them, else on its axis line by a corner (`widgets.plot._named`): it takes no
    row of the plot."""
    yname: str = ""
    """The y axis's name (the bowl's b), written above its tick labels, beside the frame's
    top corner."""
    apart: tuple[int, int] | None = None
    """Two series (by index) of one level each, kept on rows of their own where the chart
    rounds both onto one (`widgets.plot._rows_apart`): the kink's mean and median."""
    over: tuple[int, int] | None = None
    """Two series (by index): the first's whole-cell marks drawn over the second's ink, each
    in its own on its own point; one that lies in the cell of a whole-cell mark drawn after
    it set beside it in its row (`widgets.plot._marks_over`): the degree chart's ■ over its
    braille test curve, which runs on either side of each, and beside the ● it was under."""
    both: str = ""
    """With `over`, the mark of a cell where a mark of the first lies on a point of the
    second, drawn in the second's role, its words in the legend (`keys`): the kink's ◘, a
    step of each, where the MAE's • on the MSE's block had left only the • without colour."""

    together: tuple[int, str, tuple[str, ...]] | None = None
    """With `over`: a series (by index) of whole-cell marks drawn after the first's, the mark
    of a cell the two share and its legend's words, longest first (the auto-solver's ● now
    in the cell of its ✚ best: "⊕", ("⊕ now near the best", "⊕ near best")). That cell is
    drawn once, with this mark in that series' role (`widgets.plot._marks_over`), where the
    first's mark was set a cell or more beside it in its row (a converged run's best read
    0.2 left of its m = 1.999); the title then names it in place of the two (`met`)."""

    empty: str = ""
    """What the chart says in its middle while no series has a point (the kink's "no step
    yet"): its axes and ticks are drawn all the same (`widgets.plot`)."""
    fixed: int = 0
    """How many of the first series stay put from one frame to the next (the auto-solver's
    rings): drawn beneath the rest once for a chart's canvas and kept (`widgets.plot`)."""

    def with_spare(self, fits: Callable[[str, tuple[tuple[str, str], ...]], bool]) -> Figure:
        """The figure with its spare legend entries in its title, in order, while the title
        with its keys still `fits`."""
        title, keys = self.title, self.keys
        for words, role in self.spare:
            longer, more = f"{title} · {words}", (*keys, (words, role))
            if not fits(longer, more):
                break
            title, keys = longer, more
        return replace(self, title=title, keys=keys, spare=())

    def met(self, words: str) -> Figure:
        """The figure as drawn where its `together` mark shows: that mark's `words` in its
        legend in place of the first `over` series' entry, and the entry of the series it
        marks left out (neither mark is drawn alone: "✚ best · ● now" over a ⊕)."""
        if self.over is None or self.together is None:
            return self
        alone, met = (self.series[k].role for k in (self.over[0], self.together[0]))
        title, entries = self.title, []
        for listed in (self.keys, self.spare):
            kept: list[tuple[str, str]] = []
            for said, role in listed:
                if role == alone:
                    title = title.replace(said, words)
                    kept.append((words, met))
                elif role == met:
                    title = title.replace(f" · {said}", "")
                else:
                    kept.append((said, role))
            entries.append(tuple(kept))
        return replace(self, title=title, keys=entries[0], spare=entries[1])

    def __post_init__(self) -> None:
        missing = [words for words, _ in self.keys if words not in self.title]
        if missing:  # a key's words drifted from the title's: its colour would go unseen
            raise ValueError(f"legend keys {missing} are not in the title {self.title!r}")

    def x_range(self) -> tuple[float, float]:
        """The x limits: fixed, or the data's."""
        return self.xlim or _extent(x for s in self.series for x in s.xs)

    def y_range(self) -> tuple[float, float]:
        """The y limits: fixed, or the data's."""
        return self.ylim or _extent(y for s in self.series for y in s.ys)


def _extent(values: Iterable[float]) -> tuple[float, float]:
    """The smallest and largest finite value (0 to 1 when there is none)."""
    finite = [v for v in values if math.isfinite(v)]
    return (min(finite), max(finite)) if finite else (0.0, 1.0)


Run = tuple[tuple[float, ...], tuple[float, ...]]


def clipped(xs: tuple[float, ...], ys: tuple[float, ...], box: tuple[float, ...]) -> list[Run]:
    """The polyline cut to the view (Liang–Barsky), as runs of connected points; segments
    wholly outside, or not finite, are dropped. A polyline inside the view is returned as it
    is. plotext draws the part of a line just past the axes along their edge (a flat run at
    the chart's foot that was not there), and steps along every cell of a line however far
    it goes (one that blew up, 10⁸ views long, took it minutes)."""
    lo_x, hi_x, lo_y, hi_y = box
    if all(lo_x <= x <= hi_x for x in xs) and all(lo_y <= y <= hi_y for y in ys):
        return [(xs, ys)]
    runs: list[tuple[list[float], list[float]]] = []
    for (ax, ay), (bx, by) in pairwise(zip(xs, ys, strict=True)):
        if not all(map(np.isfinite, (ax, ay, bx, by))):
            continue
        dx, dy, t0, t1 = bx - ax, by - ay, 0.0, 1.0
        for p, q in ((-dx, ax - lo_x), (dx, hi_x - ax), (-dy, ay - lo_y), (dy, hi_y - ay)):
            if p == 0:
                t0, t1 = (t0, t1) if q >= 0 else (1.0, 0.0)
            elif p < 0:
                t0 = max(t0, q / p)
            else:
                t1 = min(t1, q / p)
        if t0 > t1:
            continue
        start = (ax, ay) if t0 == 0.0 else (ax + t0 * dx, ay + t0 * dy)
        end = (bx, by) if t1 == 1.0 else (ax + t1 * dx, ay + t1 * dy)
        if runs and t0 == 0.0 and (runs[-1][0][-1], runs[-1][1][-1]) == (ax, ay):
            runs[-1][0].append(end[0])
            runs[-1][1].append(end[1])
        else:
            runs.append(([start[0], end[0]], [start[1], end[1]]))
    return [(tuple(rx), tuple(ry)) for rx, ry in runs]


def visible(figure: Figure, width: int, height: int) -> object:
    """What decides the picture: with fixed linear axes, the data snapped to a quarter cell.

    A line that moved less than a quarter of a character cell draws the same characters,
    so the figure is not built again while descent creeps along the bottom of the bowl.
    """
    if figure.xlim is None or figure.ylim is None or figure.ylog or figure.symlog:
        return figure
    (x0, x1), (y0, y1) = figure.xlim, figure.ylim
    sx, sy = 4 * width / ((x1 - x0) or 1.0), 4 * height / ((y1 - y0) or 1.0)
    with np.errstate(over="ignore", invalid="ignore"):
        series = tuple(
            (
                s.role,
                s.kind,
                s.marker,
                s.level,
                np.clip(np.round((np.array(s.xs) - x0) * sx), -1e6, 1e6).tobytes(),
                np.clip(np.round((np.array(s.ys) - y0) * sy), -1e6, 1e6).tobytes(),
            )
            for s in figure.series
        )
    return (
        series,
        figure.xlim,
        figure.ylim,
        figure.title,
        figure.keys,
        figure.spare,
        figure.xlabel,
        figure.title_rows,  # the rows a title takes anyway draw alike (plot._drawn_alike)
        figure.beside,
        figure.xname,
        figure.yname,
        figure.apart,
        figure.over,
        figure.both,
        figure.together,
        figure.empty,
    )
