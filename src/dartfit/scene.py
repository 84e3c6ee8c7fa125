"""Scenes: pure functions that draw the game's pictures into a Raster.

The fit scene shows the points, the player's line, each residual and its penalty
square; the board scene shows the dart board, the crosshair and the darts thrown.
Terminal cells are about twice as tall as wide, so a square of h rows is 2·h columns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dartfit.raster import Raster, View

FloatArray = NDArray[np.float64]
AXIS_WIDTH = 7  # columns for the y tick labels and the axis line


class Density:
    """Many points binned into chart cells: counted once per chart size, never per frame."""

    SHADES = " ·░▒▓█"

    def __init__(self, x: FloatArray, y: FloatArray) -> None:
        self.x, self.y = x, y
        self._counts: dict[tuple[float, ...], NDArray[np.int64]] = {}

    def counts(self, view: View) -> NDArray[np.int64]:
        """Points per cell, shape (height, width), row 0 at the top."""
        key = (view.x_lo, view.x_hi, view.y_lo, view.y_hi, view.width, view.height)
        if key not in self._counts:
            col_edges = np.linspace(view.x_lo, view.x_hi, view.width + 1)
            row_edges = np.linspace(view.y_lo, view.y_hi, view.height + 1)
            grid, _, _ = np.histogram2d(self.y, self.x, bins=(row_edges, col_edges))
            self._counts = {key: grid[::-1].astype(np.int64)}  # keep one size only
        return self._counts[key]

    def shade_rows(self, view: View) -> list[str]:
        """Each row of cells as shade characters, darker where more points fall (log scale)."""
        counts = self.counts(view)
        top = max(int(counts.max()), 1)
        level = np.where(counts > 0, 1 + np.log1p(counts) / np.log1p(top) * 4, 0)
        index = np.clip(np.round(level), 0, 5).astype(int)
        shades = np.array(list(self.SHADES))
        return ["".join(row) for row in shades[index]]


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
    ghosts: tuple[tuple[float, float], ...] = ()  # reference lines (m, b), drawn dotted
    density: Density | None = None  # big data: shaded cells instead of points


def _tick(value: float) -> str:
    return f"{value:>6.3g}"[:6]


def _axes(raster: Raster, view: View, x_label: str | None) -> None:
    """The y axis with its end values at the left, the x axis (and its ends) at the bottom."""
    left, plot_h, width = AXIS_WIDTH, view.height, raster.width
    for row in range(plot_h):
        raster.put(left - 1, row, "│", "axis")
    raster.text(0, 0, _tick(view.y_hi), "axis")
    raster.text(0, plot_h - 1, _tick(view.y_lo), "axis")
    raster.put(left - 1, plot_h, "└", "axis")
    for col in range(left, width):
        raster.put(col, plot_h, "─", "axis")
    if x_label is not None:
        raster.text(left, plot_h, x_label, "axis")
        hi_label = f"{view.x_hi:.3g}"
        raster.text(width - len(hi_label), plot_h, hi_label, "axis")


def fit_bounds(x: FloatArray, y: FloatArray, extra: Sequence[float] = ()) -> tuple[float, ...]:
    """A padded world rectangle around the points (and any extra y values to keep in view)."""
    ys = np.concatenate([y, np.asarray(extra, dtype=float)]) if len(extra) else y
    x_lo, x_hi = float(np.min(x)), float(np.max(x))
    y_lo, y_hi = float(np.min(ys)), float(np.max(ys))
    x_pad = max((x_hi - x_lo) * 0.04, 0.25)
    y_pad = max((y_hi - y_lo) * 0.08, 0.5)
    return (*_round_out(x_lo - x_pad, x_hi + x_pad), *_round_out(y_lo - y_pad, y_hi + y_pad))


def _round_out(lo: float, hi: float) -> tuple[float, float]:
    """Widen [lo, hi] to multiples of a round step, so the axis labels read cleanly."""
    step = 10 ** math.floor(math.log10(max(hi - lo, 1e-9))) / 10
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def _plot_view(pic: FitPicture, width: int, height: int) -> View:
    return View(*pic.bounds, width=width - AXIS_WIDTH, height=height - 1)


def nearest_point(pic: FitPicture, width: int, height: int, col: int, row: int) -> int | None:
    """The point drawn nearest a clicked cell (within a few cells), for mouse selection."""
    view = _plot_view(pic, width, height)
    dc = np.array([view.col(float(v)) + AXIS_WIDTH for v in pic.x]) - col
    dr = (np.array([view.row(float(v)) for v in pic.y]) - row) * 2  # rows are twice as tall
    distance = np.hypot(dc, dr)
    k = int(np.argmin(distance))
    return k if distance[k] <= 4 else None


def draw_fit(pic: FitPicture, width: int, height: int) -> Raster:
    """Draw the fit chart into a raster of the given size."""
    raster = Raster(width, height)
    plot_w, plot_h = width - AXIS_WIDTH, height - 1
    if plot_w < 4 or plot_h < 3:
        return raster
    view = _plot_view(pic, width, height)
    left = AXIS_WIDTH

    _axes(raster, view, f"{view.x_lo:.3g}")

    if pic.density is not None:
        for row, shades in enumerate(pic.density.shade_rows(view)):
            raster.text(left, row, shades, "density")
        for k, (m, b) in enumerate(pic.ghosts):
            _draw_line(raster, view, left, m, b, f"ghost-{k % 2}")
        _draw_line(raster, view, left, pic.m, pic.b, "line")
        return raster
    y_pred = pic.m * pic.x + pic.b
    cols = [round(view.col(float(v))) + left for v in pic.x]
    rows = [view.row(float(v)) for v in pic.y]
    line_rows = [view.row(float(v)) for v in y_pred]

    if pic.squares:
        _draw_squares(raster, pic, view, cols, rows, line_rows, left)
    if pic.residuals:
        for i, col in enumerate(cols):
            r0, r1 = sorted((rows[i], line_rows[i]))
            for row in range(max(math.ceil(r0), 0), min(math.floor(r1), plot_h - 1) + 1):
                style = "residual-selected" if i == pic.selected else "residual"
                if raster.styles[row][col].startswith("square"):
                    style = raster.styles[row][col]  # drawn in the square's own colours
                raster.put(col, row, "┊", style)
    for k, (m, b) in enumerate(pic.ghosts):
        _draw_line(raster, view, left, m, b, f"ghost-{k % 2}")
    _draw_line(raster, view, left, pic.m, pic.b, "line")
    for i, col in enumerate(cols):
        row = round(rows[i])
        if 0 <= row < plot_h:
            if i == pic.selected:
                raster.put(col, row, "◉", "point-selected")
            else:
                raster.put(col, row, "●", "point")
        else:  # off the chart: an arrow on the edge says where it went
            raster.put(col, 0 if row < 0 else plot_h - 1, "▲" if row < 0 else "▼", "point")
    return raster


def _draw_squares(
    raster: Raster,
    pic: FitPicture,
    view: View,
    cols: list[int],
    rows: list[float],
    line_rows: list[float],
    left: int,
) -> None:
    """Penalty squares: side = the miss, h rows tall and 2·h columns wide on screen.

    Drawn first, onto the empty plot; the selected point's square goes on top.
    """
    plot_h = view.height
    order = sorted(range(len(cols)), key=lambda i: i == pic.selected)
    for i in order:
        col = cols[i]
        h = abs(rows[i] - line_rows[i])
        if h < 0.5:
            continue
        w = max(round(2 * h), 1)
        right = col + w <= raster.width - 1 or col - w < left
        c0, c1 = (col, col + w - 1) if right else (col - w + 1, col)
        r0, r1 = sorted((round(rows[i]), round(line_rows[i])))
        r0, r1 = max(r0, 0), min(r1, plot_h - 1)
        style = "square-selected" if i == pic.selected else "square"
        raster.fill(max(c0, left), r0, c1, r1, style, " ")


def _draw_line(raster: Raster, view: View, left: int, m: float, b: float, style: str) -> None:
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
    raster.segment(c0 + left, r0, c1 + left, r1, style)


@dataclass(frozen=True)
class BoardPicture:
    """The dart board: its radius, the crosshair, the darts thrown, and how many axes."""

    radius: float
    aim: tuple[float, float]
    darts: tuple[tuple[float, float], ...]
    axes: int = 2
    wind: tuple[float, float] = (0.0, 0.0)


def draw_board(pic: BoardPicture, width: int, height: int) -> Raster:
    """Draw rings (round on screen), the crosshair and numbered darts."""
    raster = Raster(width, height)
    if width < 5 or height < 3:
        return raster
    half_rows = (height - 1) / 2
    half_cols = min((width - 1) / 2, 2 * half_rows)
    cx, cy = (width - 1) / 2, half_rows
    unit_rows = half_rows / pic.radius
    unit_cols = 2 * unit_rows if half_cols >= 2 * half_rows else half_cols / pic.radius
    ring_width = pic.radius / 5
    for row in range(height):
        dy = (row - cy) / unit_rows
        for col in range(width):
            dx = (col - cx) / unit_cols
            ring = int(math.hypot(dx, dy) / ring_width)
            if ring < 5:
                raster.put(col, row, " ", f"ring-{ring % 2}")
    if pic.axes == 1:
        for col in range(width):
            if raster.styles[round(cy)][col].startswith("ring"):
                raster.put(col, round(cy), "─", raster.styles[round(cy)][col] + "-axis")
    raster.put(round(cx), round(cy), "◎", "bull")

    def cell(x: float, y: float) -> tuple[int, int]:
        return round(cx + x * unit_cols), round(cy - y * unit_rows)

    for n, (x, y) in enumerate(pic.darts, start=1):
        col, row = cell(x, y)
        col, row = min(max(col, 0), width - 1), min(max(row, 0), height - 1)
        raster.put(col, row, str(n % 10), "dart")
    col, row = cell(*pic.aim)
    for dc, dr, char in ((-1, 0, "─"), (1, 0, "─"), (0, -1, "│"), (0, 1, "│")):
        if raster.inside(col + dc, row + dr) and raster.styles[row + dr][col + dc] not in (
            "dart",
            "bull",
        ):
            raster.put(col + dc, row + dr, char, "aim")
    if raster.inside(col, row) and raster.styles[row][col] != "dart":
        raster.put(col, row, "┼", "aim")
    return raster


@dataclass(frozen=True)
class BellPicture:
    """The residuals under the Gaussian bell N(0, σ²): each bar's height is its likelihood."""

    residuals: FloatArray
    sigma: float


def draw_bell(pic: BellPicture, width: int, height: int) -> Raster:
    """The bell curve across ±4σ (or the widest residual) with a bar at every residual."""
    raster = Raster(width, height)
    if width < 10 or height < 3:
        return raster
    plot_h = height - 1
    finite = pic.residuals[np.isfinite(pic.residuals)]
    reach = max(4 * pic.sigma, float(np.max(np.abs(finite))) * 1.05 if finite.size else 0.0)
    view = View(-reach, reach, 0.0, 1.0, width=width, height=plot_h)

    def density(r: float) -> float:  # scaled so the peak touches the top
        return math.exp(-0.5 * (r / pic.sigma) ** 2)

    for col in range(width):
        raster.put(col, plot_h, "─", "axis")
    for label, r in (("−3σ", -3 * pic.sigma), ("0", 0.0), ("+3σ", 3 * pic.sigma)):
        c = round(view.col(r)) - len(label) // 2
        if 0 <= c <= width - len(label):
            raster.text(c, plot_h, label, "axis")
    for r in finite:
        col = round(view.col(float(r)))
        top = view.row(density(float(r)))
        for row in range(max(math.ceil(top), 0), plot_h):
            raster.put(col, row, "│", "residual")
    previous: tuple[float, float] | None = None
    for i in range(2 * width):
        r = view.x_lo + (view.x_hi - view.x_lo) * i / (2 * width - 1)
        point = (view.col(r), view.row(density(r)))
        if previous is not None:
            raster.segment(*previous, *point, "line")
        previous = point
    return raster


@dataclass(frozen=True)
class BowlPicture:
    """The MSE bowl over (m, b) as contours, with the optimum and the player's path."""

    x: FloatArray
    y: FloatArray
    optimum: tuple[float, float]
    path: tuple[tuple[float, float], ...]
    bounds: tuple[float, float, float, float]  # m_lo, m_hi, b_lo, b_hi


def bowl_bounds(
    optimum: tuple[float, float], points: Sequence[tuple[float, float]]
) -> tuple[float, float, float, float]:
    """A view of (m, b) centred on the optimum that holds the given points with a margin."""
    m0, b0 = optimum
    dm = max([abs(m - m0) for m, _ in points] + [1e-3]) * 1.3
    db = max([abs(b - b0) for _, b in points] + [1e-3]) * 1.3
    return m0 - dm, m0 + dm, b0 - db, b0 + db


def draw_bowl(pic: BowlPicture, width: int, height: int) -> Raster:
    """Contour rings of MSE(m, b) (m across, b up), the bottom ✚ and the path to ●."""
    raster = Raster(width, height)
    plot_w, plot_h = width - AXIS_WIDTH, height - 1
    if plot_w < 6 or plot_h < 4:
        return raster
    view = View(*pic.bounds, width=plot_w, height=plot_h)
    left = AXIS_WIDTH
    # MSE(m, b) from the data's means: a quadratic in (m, b), evaluated on the whole grid
    sxx, sx, sxy = float(np.mean(pic.x**2)), float(np.mean(pic.x)), float(np.mean(pic.x * pic.y))
    sy, syy = float(np.mean(pic.y)), float(np.mean(pic.y**2))
    ms = np.linspace(view.x_lo, view.x_hi, plot_w)[None, :]
    bs = np.linspace(view.y_hi, view.y_lo, plot_h)[:, None]
    mse = syy - 2 * ms * sxy - 2 * bs * sy + ms**2 * sxx + 2 * ms * bs * sx + bs**2
    floor = float(np.min(mse))
    excess = np.sqrt(np.maximum(mse - floor, 0.0))  # ∝ an ellipse's "radius" on a quadratic
    rings = np.floor(excess / (float(np.max(excess)) / 9 + 1e-300)).astype(int)
    for row in range(plot_h):  # alternate shading from ring to ring, like a relief map
        styles = raster.styles[row]
        for col, ring in enumerate(rings[row]):
            styles[left + col] = f"band-{ring % 2}"
    _axes(raster, view, f"m {view.x_lo:.3g}")
    raster.text(0, plot_h // 2, "     b", "axis")

    def cell(m: float, b: float) -> tuple[float, float]:
        return view.col(m) + left, view.row(b)

    limit = 4 * (width + height)
    for (m0, b0), (m1, b1) in zip(pic.path, pic.path[1:], strict=False):
        (c0, r0), (c1, r1) = cell(m0, b0), cell(m1, b1)
        if max(abs(c0), abs(c1), abs(r0), abs(r1)) < limit:
            raster.segment(c0, r0, c1, r1, "line", first_col=left)
    oc, orow = cell(*pic.optimum)
    raster.put(round(oc), round(orow), "✚", "bull")
    if pic.path:
        c, r = cell(*pic.path[-1])
        col, row = round(c), round(r)
        if raster.inside(col, row):
            raster.put(col, row, "●", "aim")
        else:  # off the map: an arrow on the edge points the way it went
            arrow = "◀" if col < left else "▶" if col >= width else "▲" if row < 0 else "▼"
            raster.put(min(max(col, left), width - 1), min(max(row, 0), plot_h - 1), arrow, "aim")
    return raster


@dataclass(frozen=True)
class CurvesPicture:
    """Many fitted curves of one degree, their average, and the true curve."""

    x: FloatArray
    fits: FloatArray  # (sets, len(x)); only the first few dozen are drawn
    mean_fit: FloatArray
    truth: FloatArray
    shown: int = 30


def _polyline(
    raster: Raster, view: View, left: int, x: FloatArray, y: FloatArray, style: str
) -> None:
    limit = 3 * view.height
    cols = [view.col(float(v)) + left for v in x]
    rows = [view.row(float(v)) for v in y]
    for i in range(len(cols) - 1):
        r0, r1 = rows[i], rows[i + 1]
        if math.isfinite(r0) and math.isfinite(r1) and max(abs(r0), abs(r1)) < limit:
            raster.segment(
                cols[i],
                min(max(r0, -1), view.height),
                cols[i + 1],
                min(max(r1, -1), view.height),
                style,
                first_col=left,
            )


def draw_curves(pic: CurvesPicture, width: int, height: int) -> Raster:
    """The fits in a thin style, their mean in bold and the truth dotted, clipped to view."""
    raster = Raster(width, height)
    plot_w, plot_h = width - AXIS_WIDTH, height - 1
    if plot_w < 6 or plot_h < 4:
        return raster
    lo, hi = float(np.min(pic.truth)), float(np.max(pic.truth))
    pad = max(hi - lo, 1e-9) * 0.6
    view = View(float(pic.x[0]), float(pic.x[-1]), lo - pad, hi + pad, plot_w, plot_h)
    left = AXIS_WIDTH
    _axes(raster, view, None)
    for fit in pic.fits[: pic.shown]:
        _polyline(raster, view, left, pic.x, fit, "fit")
    mean_raster = Raster(width, height)  # the mean and the truth go over the thin fits
    _polyline(mean_raster, view, left, pic.x, pic.truth, "ghost-0")
    _polyline(mean_raster, view, left, pic.x, pic.mean_fit, "line")
    for row, (text, styles) in enumerate(mean_raster.rows()):
        for col, (char, style) in enumerate(zip(text, styles, strict=True)):
            if char != " ":
                raster.put(col, row, char, style)
    raster.text(left + 1, 0, "thin: fits · bold: their mean · green: the truth", "axis")
    return raster
