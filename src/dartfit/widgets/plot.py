"""PlotView: a plotext chart on Textual's line API, rebuilt only when its data change.

The only module that imports plotext (lazily: the game starts without it). A screen hands
down a `Figure`, a frozen, hashable description of the series; the widget builds it with
plotext in its 'clear' theme (no colours but the series'), so an unchanged figure costs
nothing and a changed one costs one plotext build. Each series is drawn in a private
256-colour number that stands for its role; the ANSI output is split on those codes
straight into segments styled by component classes in the .tcss (``plot--line`` …),
so Textual's themes and NO_COLOR apply, and only rows that changed are repainted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from types import ModuleType
from typing import Literal

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

ROLES = ("point", "line", "path", "current", "optimum", "ring", "loss", "best")
"""What a series is; each role is styled by the component class ``plot--<role>``."""

_CODE = {role: 16 + i for i, role in enumerate(ROLES)}  # private 256-colour numbers
_ROLE_OF = {f"38;5;{code}": role for role, code in _CODE.items()}
_ESCAPE = re.compile(r"\x1b\[([0-9;]*)m")


@dataclass(frozen=True)
class Series:
    """Points (scatter) or a polyline (line) in one role, with an optional marker."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    role: str = "line"
    kind: Literal["scatter", "line"] = "line"
    marker: str = "hd"
    """plotext's marker: "hd" (2×2 block quadrants) draws smooth lines in any font."""


@dataclass(frozen=True)
class Figure:
    """A whole chart: its series, fixed axis limits (or None: fit the data) and labels."""

    series: tuple[Series, ...]
    xlim: tuple[float, float] | None = None
    ylim: tuple[float, float] | None = None
    ylog: bool = False
    title: str = ""
    xlabel: str = ""


@cache
def _plotext() -> ModuleType:
    """plotext, imported on first use (about 40 ms)."""
    import plotext  # type: ignore[import-untyped]

    module: ModuleType = plotext
    return module


def build(figure: Figure, width: int, height: int) -> list[str]:
    """Return the figure drawn by plotext at width × height, one ANSI string per row."""
    plt = _plotext()
    plt.clf()
    plt.plotsize(width, height)
    plt.theme("clear")
    box = None if figure.xlim is None or figure.ylim is None else (*figure.xlim, *figure.ylim)
    for s in figure.series:
        draw = plt.scatter if s.kind == "scatter" else plt.plot
        # plotext steps along a line cell by cell, even far outside the axes: a line that
        # blew up (a diverging descent) would take it minutes, so clip lines to the view
        runs = _clipped(s.xs, s.ys, box) if s.kind == "line" and box else [(s.xs, s.ys)]
        for xs, ys in runs:
            draw(list(xs), list(ys), color=_CODE[s.role], marker=s.marker)
    if figure.xlim is not None:
        plt.xlim(*figure.xlim)
    if figure.ylim is not None:
        plt.ylim(*figure.ylim)
    if figure.ylog:
        plt.yscale("log")
    if figure.title:
        plt.title(figure.title)
    if figure.xlabel:
        plt.xlabel(figure.xlabel)
    text: str = plt.build()
    return text.splitlines()[:height]


Run = tuple[tuple[float, ...], tuple[float, ...]]
CLIP_MARGIN = 2  # lines are cut two view sizes beyond the axes: plotext steps along
# every cell of a line, and one that blew up (10⁸ views long) would take it minutes


def _clipped(xs: tuple[float, ...], ys: tuple[float, ...], box: tuple[float, ...]) -> list[Run]:
    """The polyline cut to the view widened CLIP_MARGIN times its size on every side
    (Liang–Barsky), as runs of connected points; segments wholly outside, or not finite,
    are dropped. A polyline inside the widened view is returned as it is."""
    x0, x1, y0, y1 = box
    wx, wy = CLIP_MARGIN * ((x1 - x0) or 1.0), CLIP_MARGIN * ((y1 - y0) or 1.0)
    lo_x, hi_x, lo_y, hi_y = x0 - wx, x1 + wx, y0 - wy, y1 + wy
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


def _visible(figure: Figure, width: int, height: int) -> object:
    """What decides the picture: with fixed linear axes, the data snapped to a quarter cell.

    A line that moved less than a quarter of a character cell draws the same characters,
    so the figure is not built again while descent creeps along the bottom of the bowl.
    """
    if figure.xlim is None or figure.ylim is None or figure.ylog:
        return figure
    (x0, x1), (y0, y1) = figure.xlim, figure.ylim
    sx, sy = 4 * width / ((x1 - x0) or 1.0), 4 * height / ((y1 - y0) or 1.0)
    with np.errstate(over="ignore", invalid="ignore"):
        series = tuple(
            (
                s.role,
                s.kind,
                s.marker,
                np.clip(np.round((np.array(s.xs) - x0) * sx), -1e6, 1e6).tobytes(),
                np.clip(np.round((np.array(s.ys) - y0) * sy), -1e6, 1e6).tobytes(),
            )
            for s in figure.series
        )
    return (series, figure.xlim, figure.ylim, figure.title, figure.xlabel)


class PlotView(Widget):
    """Shows a Figure; rebuilds it only when the figure or the size changed."""

    COMPONENT_CLASSES = {"plot--axis"} | {f"plot--{role}" for role in ROLES}

    DEFAULT_CSS = """
    PlotView { height: 1fr; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._figure: Figure | None = None
        self._rows: list[str] = []
        self._strips: dict[int, Strip] = {}
        self._styles: dict[str | None, Style] = {}
        self._built_for: tuple[object, Size] | None = None
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

    def on_resize(self) -> None:
        self._rebuild()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def _rebuild(self) -> None:
        width, height = self.size
        if self._figure is None or width < 10 or height < 4:
            return
        key = (_visible(self._figure, width, height), self.size)
        if key == self._built_for:
            return
        self._built_for = key
        rows = build(self._figure, width, height)
        self.builds += 1
        old, self._rows = self._rows, rows
        if len(old) != len(rows):
            self._strips.clear()
            self.refresh()
            return
        for y, (row, was) in enumerate(zip(rows, old, strict=True)):
            if row != was:
                self._strips.pop(y, None)
                self.refresh(Region(0, y, width, 1))

    def _style(self, role: str | None) -> Style:
        if role not in self._styles:
            name = f"plot--{role or 'axis'}"
            self._styles[role] = self.rich_style + self.get_component_rich_style(name, partial=True)
        return self._styles[role]

    def render_line(self, y: int) -> Strip:
        """One row of the chart: plotext's text, split on its colour codes into segments."""
        width = self.size.width
        if y >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        strip = self._strips.get(y)
        if strip is None:
            parts = _ESCAPE.split(self._rows[y])
            segments = [Segment(parts[0], self._style(None))] if parts[0] else []
            for i in range(1, len(parts), 2):
                if parts[i + 1]:
                    role = _ROLE_OF.get(parts[i])
                    segments.append(Segment(parts[i + 1], self._style(role)))
            strip = Strip(segments).adjust_cell_length(width, self.rich_style)
            self._strips[y] = strip
        return strip

    def text(self) -> str:
        """The chart as plain text (for tests and debugging)."""
        return "\n".join(_ESCAPE.sub("", row) for row in self._rows)
