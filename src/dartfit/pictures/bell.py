"""The residuals under the Gaussian bell: each bar's height is that point's likelihood."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from dartfit.core.arrays import FloatArray
from dartfit.pictures.common import AXIS_WIDTH, LegendEntry, legend, nearest_cell
from dartfit.pictures.raster import Raster, View
from dartfit.wording import MINUS


@dataclass(frozen=True)
class BellPicture:
    """The residuals under the Gaussian bell N(0, σ²): each bar's height is its likelihood."""

    residuals: FloatArray
    sigma: float


TAIL = 1e-9
"""The least density the curve is drawn at: far above the last bit of 1, far below a dot."""

SPLITS = (4, 5, 2)
"""The y axis's ticks cut 0 … 100 % into this many steps (25 %, 20 % or 50 % apart), the
first whose ticks fall on whole rows with the fewest rows left over above 100 %."""


def _split(rows: int) -> tuple[int, int]:
    """Into how many steps 0 … 100 % is cut, and how many rows each step is, on a plot whose
    0 and top rows are `rows` apart: whole rows for every tick, and of the ways to, the one
    leaving the smallest share of rows empty above 100 % (three ticks count as a fifth more:
    6 rows tick every 20 %, one over; 9 rows every 25 %, 2 apart, one over; 14 rows every
    25 %, 3 apart, 2 over, rather than 0 50 100 % alone)."""
    fits = [n for n in SPLITS if n <= rows]
    if not fits:  # a plot too short for three ticks: 0 and 100 % alone
        return 1, max(rows, 1)

    def cost(n: int) -> float:
        return (rows - n * (rows // n)) / rows + (0.2 if n == 2 else 0.0)

    steps = min(fits, key=cost)
    return steps, rows // steps


def bell_view(pic: BellPicture, width: int, height: int) -> tuple[int, View]:
    """The bell's first column (right of the y axis's labels, as on the chart above it, where
    there is room) and its view: x across ±4σ (or the widest residual), a little narrower
    or wider where that puts its labels on whole columns (`_framed`); y from 0 up to 1, or
    a little over where that puts the ticks a whole number of rows apart (`_split`)."""
    return _framed(pic, width, height)[:2]


STEPS = (3, 6, 9, 12, 15, 30, 60, 150, 300)
"""The steps of the x axis's labels, in σ, finest first."""

Label = tuple[int, str]
"""A label of the x axis: its first column and its text."""


def _framed(pic: BellPicture, width: int, height: int) -> tuple[int, View, list[Label]]:
    """`bell_view`'s first column and view, and the x axis's labels on it: of the steps
    (`STEPS`), the one that shows the most labels (of those, the finest), x narrowed (to
    ±4σ and the widest residual, without the margin beyond it) or widened as little as puts
    that step a whole number of columns apart (3σ took 5.5 columns, and its labels read 5
    and 6 apart: columns round off)."""
    left = AXIS_WIDTH if width >= AXIS_WIDTH + 20 else 0
    plot_h = height - 1
    finite = pic.residuals[np.isfinite(pic.residuals)]
    held = max(4 * pic.sigma, float(np.max(np.abs(finite))) if finite.size else 0.0)
    reach = max(4 * pic.sigma, float(np.max(np.abs(finite))) * 1.05 if finite.size else 0.0)
    steps, apart = _split(plot_h - 1)
    top = max((plot_h - 1) / (steps * apart), 1.0)
    base = View(-reach, reach, 0.0, top, width=width - left, height=plot_h)
    framed = []
    for k, step in enumerate(STEPS):
        for view in _whole_columns(base, step * pic.sigma, held):
            labels = _x_labels(view, left, width, step, pic.sigma)
            # the most labels; of those the finest step, then the view least changed
            framed.append(((len(labels), -k, -abs(math.log(view.x_hi / reach))), view, labels))
    _, view, labels = max(framed, key=lambda f: f[0])
    if len(labels) <= 1:  # 0 alone, whatever the step: x as it was
        return left, base, _x_labels(base, left, width, STEPS[0], pic.sigma)
    return left, view, labels


def _whole_columns(view: View, step: float, held: float) -> list[View]:
    """`view` (about 0) made as little narrower, still holding ±`held`, and as little wider
    as put `step` a whole number of columns apart; `view` alone where it is already, or
    where the step takes under a column."""
    cols = (view.width - 1) * step / (view.x_hi - view.x_lo)
    if cols < 1 or abs(cols - round(cols)) < 1e-9:
        return [view]
    reaches = ((view.width - 1) * step / (2 * w) for w in (math.ceil(cols), math.floor(cols)))
    return [replace(view, x_lo=-r, x_hi=r) for r in reaches if r >= held]


def _y_axis(raster: Raster, view: View, left: int) -> None:
    """The likelihood's shares (100 % … 0 %) on their rows, and the axis line."""
    plot_h = view.height
    for row in range(plot_h):
        raster.put(left - 1, row, "│", "axis")
    raster.put(left - 1, plot_h, "└", "axis")
    steps, _ = _split(plot_h - 1)
    for k in range(steps + 1):
        share = k / steps
        raster.text(0, nearest_cell(view.row(share)), f"{share:.0%}".rjust(left - 1) + "┤", "axis")


def _x_labels(view: View, left: int, width: int, step: int, sigma: float) -> list[Label]:
    """The x axis's labels in σ, across `width` columns: 0 and pairs ±step·σ, ±2·step·σ …
    while both of a pair fit on the axis, clear of the labels inside them. (It read −3σ 0
    +3σ alone, three labels where the residuals ran to ±20σ: now the step of STEPS that
    shows the most, `_framed`.)"""

    def place(k: int) -> Label:
        label = "0" if k == 0 else f"{MINUS if k < 0 else '+'}{abs(k)}σ"
        return left + nearest_cell(view.col(k * sigma)) - len(label) // 2, label

    def fits(start: int, label: str) -> bool:
        return left <= start and start + len(label) <= width

    zero, _ = place(0)
    placed: list[Label] = [(zero, "0")] if fits(zero, "0") else []
    low, high = zero, zero + 1
    for k in range(step, 100 * step, step):
        (a, under), (b, over) = place(-k), place(k)
        if not (fits(a, under) and fits(b, over)) or a + len(under) >= low or b <= high:
            break
        placed += [(a, under), (b, over)]
        low, high = a, b + len(over)
    return placed


PEAK = np.linspace(-4.0, 4.0, 33)
"""Where the curve is sampled across its peak, in σ: a quarter σ apart, 0 among them."""


def _samples(view: View, sigma: float) -> FloatArray:
    """Where the curve is sampled: at every dot across the view, and across the peak a
    quarter σ apart where dots are further apart than that. Misses out to ±100σ put the
    peak between two dots: at σ = 0.1 it was drawn at 25 % on an axis up to 100 %."""
    across = np.linspace(view.x_lo, view.x_hi, 2 * view.width)
    if across[1] - across[0] <= sigma / 4:
        return across
    peak = sigma * PEAK[(sigma * PEAK > view.x_lo) & (sigma * PEAK < view.x_hi)]
    return np.union1d(across, peak)


LEGEND: tuple[LegendEntry, ...] = (
    ("⠒", "line", "noise, σ wide"),  # short: a wider box hid the bell's top at 80×24
    ("│", "residual", "each miss"),
)
"""What the bell chart draws: it had no word of its own, under a chart of the points (a
student's check at 80×24: "what is this?")."""


def draw_bell(pic: BellPicture, width: int, height: int) -> Raster:
    """The bell curve across ±4σ (or the widest residual) with a bar at every residual, each
    as tall as that point's likelihood over the most likely's, read on the y axis in %."""
    raster = Raster(width, height)
    if width < 10 or height < 3:
        return raster
    left, view, labels = _framed(pic, width, height)
    plot_h = view.height
    finite = pic.residuals[np.isfinite(pic.residuals)]

    def density(r: float) -> float:  # 1 at r = 0: the likelihood over the most likely's
        # never below TAIL: the 0 % level lies between two dot rows, and a density lost
        # against the last bit of the top (past ±8.5σ) was drawn a dot under the rest of
        # the tail, a step in it
        return max(math.exp(-0.5 * (r / pic.sigma) ** 2), TAIL)

    for col in range(left, width):
        raster.put(col, plot_h, "─", "axis")
    if left:
        _y_axis(raster, view, left)
    for start, label in labels:
        raster.text(start, plot_h, label, "axis")
    # bars in one column overlap, so only the tallest (the smallest |r|) is drawn: one bar
    # a column whatever the number of points, found without a Python loop over them
    cols = np.rint(view.col(finite)).astype(np.int64)
    nearest = np.full(view.width, np.inf)
    np.minimum.at(nearest, np.clip(cols, 0, view.width - 1), np.abs(finite))
    drawn: set[tuple[int, int]] = set()  # what the legend keeps clear of: bars and curve
    for bar in np.flatnonzero(np.isfinite(nearest)).tolist():
        # to the row nearest its height, as the axis reads it (rounded up, 99 % read 75 %)
        top = nearest_cell(view.row(density(float(nearest[bar]))))
        for row in range(max(top, 0), plot_h):
            raster.put(left + bar, row, "│", "residual")
            drawn.add((left + bar, row))
    previous: tuple[float, float] | None = None
    for r in _samples(view, pic.sigma).tolist():
        point = (left + view.col(r), view.row(density(r)))
        if previous is not None:
            raster.segment(*previous, *point, "line")
        previous = point
        drawn.add((int(point[0]), int(point[1])))
    legend(raster, left, plot_h, LEGEND, sorted(drawn))
    return raster
