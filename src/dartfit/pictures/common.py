"""What every chart shares: the axis margin, tick labels, the axes and a clipped line."""

from __future__ import annotations

import math

from dartfit.pictures.raster import Raster, View

AXIS_WIDTH = 7  # columns for the y tick labels and the axis line


def tick(value: float) -> str:
    return f"{value:>6.3g}"[:6]


def axes(raster: Raster, view: View, x_label: str | None) -> None:
    """The y axis with its end values at the left, the x axis (and its ends) at the bottom."""
    left, plot_h, width = AXIS_WIDTH, view.height, raster.width
    for row in range(plot_h):
        raster.put(left - 1, row, "│", "axis")
    raster.text(0, 0, tick(view.y_hi), "axis")
    raster.text(0, plot_h - 1, tick(view.y_lo), "axis")
    raster.put(left - 1, plot_h, "└", "axis")
    for col in range(left, width):
        raster.put(col, plot_h, "─", "axis")
    if x_label is not None:
        raster.text(left, plot_h, x_label, "axis")
        hi_label = f"{view.x_hi:.3g}"
        raster.text(width - len(hi_label), plot_h, hi_label, "axis")


def draw_line(raster: Raster, view: View, left: int, m: float, b: float, style: str) -> None:
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
