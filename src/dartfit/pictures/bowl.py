"""The MSE bowl over (m, b): shaded contour rings, the bottom, and the path down."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray
from dartfit.core.stats import LineStats
from dartfit.pictures.common import (
    AXIS_WIDTH,
    LegendEntry,
    axes,
    even_both,
    even_cols,
    even_rows,
    laid_out,
    legend,
    legend_height,
    legend_width,
    nearest_cell,
    on_label_rows,
)
from dartfit.pictures.log_axes import (
    AT_BEST,
    BEST,
    MARGIN,
    RUNAWAY,
    Placed,
    Powers,
    as_is,
    box_powers,
    from_best,
    log_box,
    unsymlog,
)
from dartfit.pictures.raster import Raster, View


@dataclass(frozen=True)
class BowlPicture:
    """The MSE bowl over (m, b) as contours, with the optimum and the player's path."""

    x: FloatArray
    y: FloatArray
    optimum: tuple[float, float]
    path: tuple[tuple[float, float], ...]
    bounds: tuple[float, float, float, float]  # m_lo, m_hi, b_lo, b_hi
    round: bool = False  # the bowl is round: one unit of m and of b look the same on screen
    names: tuple[str, str] = ("m", "b")  # its axes' ("m'", "b'" over centred, scaled x)
    steps: int = 0  # the step the path's last point is (a long walk's path skips some)
    lows: tuple[tuple[float, float], ...] = ()  # marked ◆: the least MSE along ●'s row and
    # column (step by hand's last hint asks where they lie: two shades alternating from
    # ring to ring do not say which way is down)

    @cached_property
    def stats(self) -> LineStats:
        """The data's centred sums, which give the bowl's height over any (m, b)."""
        return LineStats.of(self.x, self.y)

    @cached_property
    def zoom(self) -> float:
        """How many times the map must widen about ✚ to hold the whole walk, with a margin:
        1 while the walk is on it (inf where a step is no number)."""
        m0, b0 = self.optimum
        m_lo, m_hi, b_lo, b_hi = self.bounds
        reach = 1.0
        for m, b in self.path:
            if not (math.isfinite(m) and math.isfinite(b)):
                return math.inf
            if m_lo <= m <= m_hi and b_lo <= b <= b_hi:
                continue
            for value, lo, at, hi in ((m, m_lo, m0, m_hi), (b, b_lo, b0, b_hi)):
                side = (at - lo) if value < at else (hi - at)
                reach = max(reach, abs(value - at) / side * MARGIN if side > 0 else math.inf)
        return reach

    @cached_property
    def powers(self) -> Powers | None:
        """Once the walk has run away, the powers of ten its log axes are linear to
        (`log_axes`): the map turns to log axes of the distance from ✚, every swing of a
        walk that will not settle in view (too-hot asks the student to predict the zig-zag;
        a path off the map had been one diagonal to an arrow on its edge). None while the
        walk keeps within RUNAWAY times the map: a wrong step just off it widens the map
        (`seen`) and keeps its axes as they were (it had flipped step-by-hand's whole map to
        log axes, for one step a little off its edge)."""
        m_lo, m_hi, b_lo, b_hi = self.bounds
        return box_powers(((m_lo, m_hi), (b_lo, b_hi))) if self.zoom > RUNAWAY else None

    @cached_property
    def seen(self) -> tuple[float, float, float, float]:
        """The map's bounds on linear axes: `bounds`, widened about ✚ as far as the walk
        needs (`zoom`), alike across and up, so the rings keep their shape."""
        m0, b0 = self.optimum
        m_lo, m_hi, b_lo, b_hi = self.bounds
        z = self.zoom if self.zoom <= RUNAWAY else 1.0
        m_lo, m_hi = m0 - z * (m0 - m_lo), m0 + z * (m_hi - m0)
        return m_lo, m_hi, b0 - z * (b0 - b_lo), b0 + z * (b_hi - b0)

    @property
    def to(self) -> Placed:
        """Where a point (m, b) is drawn: as it is, or on log axes as its distance from ✚."""
        return as_is if self.powers is None else partial(from_best, self.optimum, self.powers)


def bowl_bounds(
    optimum: tuple[float, float], points: Sequence[tuple[float, float]]
) -> tuple[float, float, float, float]:
    """A view of (m, b) centred on the optimum that holds the given points with a margin."""
    m0, b0 = optimum
    dm = max([abs(m - m0) for m, _ in points] + [1e-3]) * 1.3
    db = max([abs(b - b0) for _, b in points] + [1e-3]) * 1.3
    return m0 - dm, m0 + dm, b0 - db, b0 + db


def equal_units(
    bounds: tuple[float, float, float, float], width: int, height: int
) -> tuple[float, float, float, float]:
    """Widen the narrower of the m and b ranges (about the middle) so that a unit of m across
    and a unit of b up take the same distance on screen (a cell is twice as tall as wide)."""
    m_lo, m_hi, b_lo, b_hi = bounds
    per_m = (width - 1) / (m_hi - m_lo)  # columns per unit of m
    per_b = 2 * (height - 1) / (b_hi - b_lo)  # rows per unit of b, in column widths
    if per_m > per_b:
        half = (width - 1) / per_b / 2
        mid = (m_lo + m_hi) / 2
        return mid - half, mid + half, b_lo, b_hi
    half = 2 * (height - 1) / per_m / 2
    mid = (b_lo + b_hi) / 2
    return m_lo, m_hi, mid - half, mid + half


def ring_index(excess: FloatArray, rings: int) -> npt.NDArray[np.int64]:
    """Which of `rings` equal bands (0 to rings − 1) each value falls in, decided with a
    tolerance: a value within a millionth of a band's edge lands the same way whatever its
    last bits are."""
    top = float(np.max(excess))
    if not top > 0:
        return np.zeros(excess.shape, dtype=np.int64)
    banded = np.floor(np.round(excess * (rings / top), 6)).astype(np.int64)
    return np.minimum(banded, rings - 1)


ROUND_WIDEST = 3
"""A round bowl's map is at most this many columns per row wide (a cell is twice as tall
as wide: 1.5 times as wide as tall on screen); the rest of the chart is left to the legend."""

RINGS = 9
"""The contour bands a map is cut into, from the least MSE (0) out."""
BAND_STYLES = ("band-1", "band-0")
"""Every other band filled, from the innermost, so each band's edge shows."""
DEPTH = "▓▒░·"
"""The filled bands' characters, densest at the least MSE and thinner ring by ring out (the
outermost filled bands all ·): the way down reads in every terminal, under NO_COLOR too (two
shades alternating from ring to ring had said where the rings were, not which way was
down). The bands between are blank. A line's dots are drawn over each (`raster.UNDER`)."""


def band_char(ring: int) -> str:
    """The character a band `ring` rings out from the least MSE is filled with."""
    return " " if ring % 2 else DEPTH[min(ring // 2, len(DEPTH) - 1)]


DEPTH_ENTRY: LegendEntry = (DEPTH, "band-1", "denser: lower MSE")
"""What the bands' density says, in the legend, by every band's character (the outer
bands' · had been left out of it): no colour named (NO_COLOR shows none)."""
LEGEND: tuple[LegendEntry, ...] = (
    (BEST, "bull", "least MSE"),
    ("●", "aim", "you, ⠒ your path"),
    DEPTH_ENTRY,
)
ON_IT: tuple[LegendEntry, ...] = (
    (AT_BEST, "aim", f"you, near {BEST} (in its cell)"),  # near, not on it: the MSEs differ
    ("⠒", "line", "your path"),
    DEPTH_ENTRY,
)
"""The legend once ● has reached ✚'s cell: ⊕ there (● alone hid the ✚ on every win). Near,
not at: "you, in ✚'s cell (least MSE)" read as the least MSE reached, beside "Out of steps"
at 0.1461 for a target of 0.1386 (a student's check)."""


LOW = "◆"
LOW_ENTRY: LegendEntry = (LOW, "bull", "least MSE on your row, column")
"""The marks of the least MSE along ●'s row (b held) and along its column (m held)."""


def _bowl_view(pic: BowlPicture, plot_h: int, columns: int) -> View:
    """The map's view, `columns` wide at most: its ticks evenly apart; a round bowl's no
    wider than about square (a wide, short map of one showed its rings as stripes beyond its
    height), both ranges widened alike, so its units stay equal; else the ✚ and ● kept in
    sight. On log axes (`BowlPicture.powers`), the rings' box and the whole walk about ✚."""
    if pic.powers is not None:
        m_lo, m_hi, b_lo, b_hi = pic.bounds
        (x0, x1), (y0, y1) = log_box(((m_lo, m_hi), (b_lo, b_hi)), pic.path, pic.to)
        seen = View(x0, x1, y0, y1, width=columns, height=plot_h, symlog=pic.powers)
        us, vs = zip((0.0, 0.0), *(pic.to(m, b) for m, b in pic.path), strict=True)
        return even_rows(even_cols(seen, (min(us), max(us))), (min(vs), max(vs)))
    if pic.round:
        plot_w = min(columns, ROUND_WIDEST * plot_h)
        bounds = equal_units(pic.seen, plot_w, plot_h)
        return even_both(View(*bounds, width=plot_w, height=plot_h))
    view = View(*pic.seen, width=columns, height=plot_h)
    ms, bs = zip(pic.optimum, *pic.path, strict=True)
    keep = (max(min(bs), view.y_lo), min(max(bs), view.y_hi))  # (a path gone off: its arrow)
    return even_rows(even_cols(view, (min(ms), max(ms))), keep)


SWINGS = 4
"""A walk on log axes numbers its last SWINGS steps before ●, where they landed."""
LOG_ENTRY: LegendEntry = ("1 2", "line", "steps; log axes")
"""The step numbers, and that the axes are log ones (of the distance from ✚: Δm, Δb)."""
STEPS_ENTRY: LegendEntry = ("1 2", "line", "steps")
"""The step numbers on a map widened to hold a walk off it (linear axes)."""


def _numbered(
    raster: Raster,
    pic: BowlPicture,
    cell: Placed,
    marks: list[tuple[int, int]],
    span: tuple[int, int],
) -> list[tuple[int, int]]:
    """The last SWINGS steps before ● numbered beside where each landed (after it, else
    before it, else on it), a cell clear of the marks and of each other along their row
    ("3✚4" read as a sum): on log axes a walk that will not settle swings from one side of
    ✚ to the other, each swing a decade further out, and its path alone is one line through
    ✚ (the steepest direction, both ways). The cells they take."""
    taken: list[tuple[int, int]] = []
    left, right = span
    last = len(pic.path) - 1
    for back in range(1, min(SWINGS, last) + 1):
        step = pic.steps - back
        if step < 1:
            break
        c, r = cell(*pic.path[last - back])
        col, row, word = nearest_cell(c), nearest_cell(r), str(step)
        for start in (col + 1, col - len(word), col):
            cols = range(start, start + len(word))
            clear = all(
                left <= k < right
                and 0 <= row < raster.height - 1
                and all(abs(k - mc) > 1 or row != mr for mc, mr in marks + taken)
                for k in cols
            )
            if clear:
                raster.text(start, row, word, "line")
                taken += [(k, row) for k in cols]
                break
    return taken


def _heights(pic: BowlPicture, view: View) -> FloatArray:
    """What the rings band, at each cell of the map: the square root of its MSE above the
    least (∝ an ellipse's radius), and on log axes its logarithm (the rings a decade a ring
    out, as the axes are; equal bands of the root had put every ring beyond the last swing
    but one, and the swings on one blank field). A log map's cells are its units mapped
    back to (m, b) (`unsymlog`), so the shading is of the same bowl."""
    u = np.linspace(view.x_lo, view.x_hi, view.width)[None, :]
    v = np.linspace(view.y_hi, view.y_lo, view.height)[:, None]
    if pic.powers is not None:
        u = pic.optimum[0] + unsymlog(u, pic.powers[0])
        v = pic.optimum[1] + unsymlog(v, pic.powers[1])
    rise = pic.stats.rise(u, v)  # the core's bowl, written about the data's means
    excess = np.sqrt(np.maximum(rise - float(np.min(rise)), 0.0))
    if pic.powers is None:
        return excess
    logged = np.log10(np.maximum(excess, float(np.max(excess)) * 1e-6 + 1e-300))
    return logged - float(np.min(logged))


def draw_bowl(pic: BowlPicture, width: int, height: int) -> Raster:
    """Contour rings of MSE(m, b) (m across, b up), the bottom ✚ and the path to ●."""
    raster = Raster(width, height)
    plot_h = height - 1
    if width - AXIS_WIDTH < 6 or plot_h < 4:
        return raster
    left, view = laid_out(partial(_bowl_view, pic, plot_h), width)
    if width - left < 6:
        return raster
    plot_w = view.width
    right = left + plot_w  # the map's right edge: a round map can end short of the chart's
    names = pic.names if pic.powers is None else (f"Δ{pic.names[0]}", f"Δ{pic.names[1]}")
    axes(raster, view, *names, grid=False, left=left)
    view = on_label_rows(view)  # the rings and the path on the rows their labels say
    rings = ring_index(_heights(pic, view), RINGS)
    grounds = []
    for row in range(plot_h):  # every other band filled, densest at the bottom, like a
        chars = raster.chars[row]  # relief map's sea: the marks and the path are drawn on
        for col, ring in enumerate(rings[row]):  # the bands' fills
            chars[left + col] = band_char(int(ring))
        grounds.append([*[""] * left, *(BAND_STYLES[r % 2] for r in rings[row])])
    raster.lay_ground(grounds)

    def cell(m: float, b: float) -> tuple[float, float]:
        u, v = pic.to(m, b)
        return view.col(u) + left, view.row(v)

    limit = 4 * (width + height)
    for (m0, b0), (m1, b1) in zip(pic.path, pic.path[1:], strict=False):
        (c0, r0), (c1, r1) = cell(m0, b0), cell(m1, b1)
        if max(abs(c0), abs(c1), abs(r0), abs(r1)) < limit:
            raster.segment(c0, r0, c1, r1, "line", first_col=left, end_col=right)
    oc, orow = cell(*pic.optimum)
    bottom = (nearest_cell(oc), nearest_cell(orow))
    raster.put(*bottom, BEST, "bull")
    entries = LEGEND
    marks = [bottom]
    you: list[tuple[int, int]] = []  # the cell of your mark: ● or ⊕ (on log axes once off the map)
    if pic.path:
        c, r = cell(*pic.path[-1])
        col, row = nearest_cell(c), nearest_cell(r)
        you = [(min(max(col, left), right - 1), min(max(row, 0), plot_h - 1))]
        if (col, row) == bottom:
            raster.put(col, row, AT_BEST, "aim")
            entries = ON_IT
        else:  # on the map: a walk that runs away turns it to log axes (`powers`)
            raster.put(*you[0], "●", "aim")
        marks += you
    for m_low, b_low in pic.lows:  # on the map's edge where it lies beyond: the way to it
        c, r = cell(m_low, b_low)
        spot = (
            min(max(nearest_cell(c), left), right - 1),
            min(max(nearest_cell(r), 0), plot_h - 1),
        )
        if spot not in marks:
            raster.put(*spot, LOW, "bull")
            marks.append(spot)
    if pic.lows:
        entries = (*entries, LOW_ENTRY)
    if pic.powers is not None or pic.zoom > 1:  # a walk off the map: where its steps landed
        numbered = _numbered(raster, pic, cell, marks, (left, right))
        marks += numbered
        if pic.powers is not None:
            entries = (*entries, LOG_ENTRY)
        elif numbered:
            entries = (*entries, STEPS_ENTRY)
    # the legend keeps clear of the marks, of yours first
    avoid = marks + you * len(marks)
    legend(raster, left, plot_h, entries, avoid, box=_beside(entries, right, width))
    return raster


BESIDE_NARROWEST = 12
"""The narrowest a legend beside a round map may be (its entries wrapped to fit): the strip
a wide chart leaves right of the map held nothing, with the legend in the map's corner
(scaling at 200×50, an independent check)."""


def _beside(
    entries: tuple[LegendEntry, ...], right: int, width: int
) -> tuple[int, int, int, int] | None:
    """The legend's box right of a map narrower than its chart, where it has room there,
    wrapped to the room if need be (None: in the map's corner, as `legend_box` finds it)."""
    box_w = min(legend_width(entries), width - right - 1)
    if box_w < BESIDE_NARROWEST:
        return None
    return (right + 1, 0, box_w, legend_height(entries, box_w))
