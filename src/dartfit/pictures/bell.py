"""The residuals under the Gaussian bell: each bar's height is that point's likelihood."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dartfit.core.arrays import FloatArray
from dartfit.pictures.common import nearest_cell
from dartfit.pictures.raster import Raster, View


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
        c = nearest_cell(view.col(r)) - len(label) // 2
        if 0 <= c <= width - len(label):
            raster.text(c, plot_h, label, "axis")
    # bars in one column overlap, so only the tallest (the smallest |r|) is drawn: one bar
    # a column whatever the number of points, found without a Python loop over them
    cols = np.rint(view.col(finite)).astype(np.int64)
    nearest = np.full(width, np.inf)
    np.minimum.at(nearest, np.clip(cols, 0, width - 1), np.abs(finite))
    for bar in np.flatnonzero(np.isfinite(nearest)).tolist():
        top = view.row(density(float(nearest[bar])))
        for row in range(max(math.ceil(top), 0), plot_h):
            raster.put(bar, row, "│", "residual")
    previous: tuple[float, float] | None = None
    for i in range(2 * width):
        r = view.x_lo + (view.x_hi - view.x_lo) * i / (2 * width - 1)
        point = (view.col(r), view.row(density(r)))
        if previous is not None:
            raster.segment(*previous, *point, "line")
        previous = point
    return raster
