"""Many fitted curves of one degree, their average and the truth (bias and variance).

A pure `Figure`: each series is told apart by its glyphs (thin braille fits, a thick block
mean, a dotted truth), the legend is the title row above the plot where no curve can reach,
and the view holds what is drawn, at most a little past the truth: fits that swing out
of that are cut at the frame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.pictures.figure import Figure, Series

LEGEND = "⠒⠒ {shown} fits · ▀▀ their mean · •• the truth"
TINY = 1e-12  # an MSE drawn on a log scale is at least this
TRAIN = "■"
"""The training MSE's mark at each degree, on the U."""


@dataclass(frozen=True)
class CurvesPicture:
    """Many fitted curves of one degree, their average, and the true curve."""

    x: FloatArray
    fits: FloatArray  # (sets, len(x)); only the first few dozen are drawn
    mean_fit: FloatArray
    truth: FloatArray
    shown: int = 30


REACH = 0.6
"""The farthest the y axis reaches past the truth, as a share of the truth's range: fits
that swing out further (degree 8's, to ±40) are cut at the frame."""
MARGIN = 0.05
"""The y axis's margin around what is drawn, as a share of its range."""


def view(pic: CurvesPicture) -> tuple[tuple[float, float], tuple[float, float]]:
    """The axes: the x range, and the y range of what is drawn (the fits shown, their mean
    and the truth) with a margin, at most REACH past the truth (it was always that: at
    degree 3, whose fits stay within −1.2..1.3, the chart ran −2.5..2.5, half of it empty)."""
    lo, hi = float(np.min(pic.truth)), float(np.max(pic.truth))
    reach = max(hi - lo, 1e-9) * REACH
    drawn = np.concatenate([pic.fits[: pic.shown].ravel(), pic.mean_fit, pic.truth])
    drawn = drawn[np.isfinite(drawn)]
    low = max(float(np.min(drawn)), lo - reach)
    high = min(float(np.max(drawn)), hi + reach)
    pad = (high - low) * MARGIN
    y_lim = (max(low - pad, lo - reach), min(high + pad, hi + reach))
    return (float(pic.x[0]), float(pic.x[-1])), y_lim


def curves_figure(pic: CurvesPicture) -> Figure:
    """The fits thin, their mean thick and the truth dotted, under a legend that says so."""
    xs = tuple(pic.x.tolist())
    shown = min(pic.shown, len(pic.fits))
    xlim, ylim = view(pic)
    return Figure(
        (
            *(Series(xs, tuple(fit.tolist()), "fit", marker="braille") for fit in pic.fits[:shown]),
            Series(xs, tuple(pic.mean_fit.tolist()), "line", marker="hd"),
            Series(xs, tuple(pic.truth.tolist()), "truth", "line", "•"),
        ),
        xlim=xlim,
        ylim=ylim,
        title=LEGEND.format(shown=shown),
        keys=((f"⠒⠒ {shown} fits", "fit"), ("▀▀ their mean", "line"), ("•• the truth", "truth")),
        xlabel="x",
    )


def u_figure(sweep: Sequence[core.BiasVariance], shown: int) -> Figure:
    """Train and test MSE by degree on a log scale: the training MSE falls with every degree,
    the test MSE falls and then turns back up (the U); the degree on show is marked.

    The training MSE is a mark at each degree (■), on its degree's column, drawn in its own
    colour over the test MSE's braille line, which runs on either side of it: a ■ on the
    curve reads as both, in any colours or none (drawn on the line's colour, it took the
    test's). Only where the ● of the degree shown would hide it is it set beside it in its
    row (`Figure.over`). At low degrees the two are a tenth of a decade apart, in one row
    of the chart: drawn as two lines, the one drawn last took their cells and the other was
    not there (at 80×24 the training MSE showed only at degrees 7 and 8)."""
    degrees = tuple(float(d) for d in range(len(sweep)))
    train = tuple(math.log10(max(bv.train_mse, TINY)) for bv in sweep)
    test = tuple(math.log10(max(bv.expected_test_mse, TINY)) for bv in sweep)
    here = f"● degree {shown}"
    return Figure(
        (
            # a braille line: four dots a row, so degrees whose test MSEs share a decade's
            # row still show the U (at 80×24 degrees 1 to 5 were • • • on one row)
            Series(degrees, test, "loss", marker="braille"),
            Series(degrees, train, "path", "scatter", TRAIN),
            Series((float(shown),), (test[shown],), "current", "scatter", "●", "braille"),
        ),
        xlim=(0.0, degrees[-1]),
        ylog=True,
        # one row at 33 columns (the U above the numbers at 80×24): the MSE and its log
        # scale said under the degrees
        title=f"{TRAIN} train · ⠒⠒ test · {here}",
        keys=((f"{TRAIN} train", "path"), ("⠒⠒ test", "loss"), (here, "current")),
        xlabel="degree · MSE on a log scale",
        x_whole=True,
        over=(1, 0),
    )
