"""Many fitted curves of one degree, their average and the truth (bias and variance)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dartfit.core.arrays import FloatArray
from dartfit.pictures.common import AXIS_WIDTH, axes
from dartfit.pictures.raster import Raster, View


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
    axes(raster, view, None)
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
