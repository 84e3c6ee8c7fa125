"""The residuals under the Gaussian bell: each bar's height is that point's likelihood."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dartfit.core.arrays import FloatArray
from dartfit.pictures.common import AXIS_WIDTH, nearest_cell
from dartfit.pictures.raster import Raster, View


@dataclass(frozen=True)
class BellPicture:
    """The residuals under the Gaussian bell N(0, σ²): each bar's height is its likelihood."""

    residuals: FloatArray
    sigma: float


SHARES = (1.0, 0.75, 0.5, 0.25, 0.0)
"""The y axis's ticks: a point's likelihood as a share of the most likely (one on the line)."""


def bell_view(pic: BellPicture, width: int, height: int) -> tuple[int, View]:
    """The bell's first column (right of the y axis's labels, as on the chart above it, where
    there is room) and its view: x across ±4σ (or the widest residual), y from 0 up to a
    little over 1 where that puts the ticks of SHARES a whole number of rows apart."""
    left = AXIS_WIDTH if width >= AXIS_WIDTH + 20 else 0
    plot_h = height - 1
    finite = pic.residuals[np.isfinite(pic.residuals)]
    reach = max(4 * pic.sigma, float(np.max(np.abs(finite))) * 1.05 if finite.size else 0.0)
    # rows a quarter apart: (plot_h - 1) / 4 rows over 1 when that is whole, else a whole
    # number of rows over a little more than 1 (9 rows: 2 a quarter, over 1.125)
    apart = max((plot_h - 1) // 4, 1)
    top = max((plot_h - 1) / (4 * apart), 1.0)
    return left, View(-reach, reach, 0.0, top, width=width - left, height=plot_h)


def _y_axis(raster: Raster, view: View, left: int) -> None:
    """The likelihood's shares (100 % … 0 %) on the rows they fall on, and the axis line."""
    plot_h = view.height
    for row in range(plot_h):
        raster.put(left - 1, row, "│", "axis")
    raster.put(left - 1, plot_h, "└", "axis")
    for share in SHARES:
        at = view.row(share)
        if abs(at - round(at)) < 1e-6:  # a quarter between rows goes unlabelled
            raster.text(0, round(at), f"{share:.0%}".rjust(left - 1) + "┤", "axis")


def draw_bell(pic: BellPicture, width: int, height: int) -> Raster:
    """The bell curve across ±4σ (or the widest residual) with a bar at every residual, each
    as tall as that point's likelihood over the most likely's, read on the y axis in %."""
    raster = Raster(width, height)
    if width < 10 or height < 3:
        return raster
    left, view = bell_view(pic, width, height)
    plot_h = view.height
    finite = pic.residuals[np.isfinite(pic.residuals)]

    def density(r: float) -> float:  # 1 at r = 0: the likelihood over the most likely's
        return math.exp(-0.5 * (r / pic.sigma) ** 2)

    for col in range(left, width):
        raster.put(col, plot_h, "─", "axis")
    if left:
        _y_axis(raster, view, left)
    for label, r in (("−3σ", -3 * pic.sigma), ("0", 0.0), ("+3σ", 3 * pic.sigma)):
        c = left + nearest_cell(view.col(r)) - len(label) // 2
        if left <= c <= width - len(label):
            raster.text(c, plot_h, label, "axis")
    # bars in one column overlap, so only the tallest (the smallest |r|) is drawn: one bar
    # a column whatever the number of points, found without a Python loop over them
    cols = np.rint(view.col(finite)).astype(np.int64)
    nearest = np.full(view.width, np.inf)
    np.minimum.at(nearest, np.clip(cols, 0, view.width - 1), np.abs(finite))
    for bar in np.flatnonzero(np.isfinite(nearest)).tolist():
        top = view.row(density(float(nearest[bar])))
        for row in range(max(math.ceil(top), 0), plot_h):
            raster.put(left + bar, row, "│", "residual")
    previous: tuple[float, float] | None = None
    for i in range(2 * view.width):
        r = view.x_lo + (view.x_hi - view.x_lo) * i / (2 * view.width - 1)
        point = (left + view.col(r), view.row(density(r)))
        if previous is not None:
            raster.segment(*previous, *point, "line")
        previous = point
    return raster
