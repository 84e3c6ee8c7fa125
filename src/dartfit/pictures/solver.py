"""What the auto-solver shows of a state: three charts (the fit, the path across the MSE
bowl, the MSE by step); its status lines are `dartfit.pictures.solver_status`.

Pure: `SolverCharts.of` fixes once per run what does not move (the points shown, the
axes, the bowl's contour rings in closed form, the optimum); each chart is then a
`Figure` of the current state, which `PlotView` draws with plotext.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.core.numbers import nice_ceiling
from dartfit.pictures.common import DOTTED
from dartfit.pictures.figure import Figure, Series
from dartfit.pictures.fit import fit_bounds
from dartfit.pictures.level_dots import FINE, glyph
from dartfit.pictures.log_axes import (
    AT_BEST,
    RUNAWAY,
    Box,
    Placed,
    as_is,
    box_powers,
    from_best,
    log_box,
)
from dartfit.pictures.log_axes import BEST as BOTTOM
from dartfit.pictures.solver_status import Decimals, run_decimals, unstable
from dartfit.rules import solver
from dartfit.rules.solver import SolverState

SHOWN = 400  # points drawn on the fit chart


@dataclass(frozen=True)
class SolverCharts:
    """What the three charts keep for a whole run, and each chart of a state."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    fit_box: Box
    bowl_box: Box
    rings: tuple[Series, ...]
    ring_gap: float
    """How far the outer ring is above the best MSE (see `ring_scale`)."""
    best: solver.Point
    decimals: Decimals
    """The fixed decimals of m and b in the readout for the whole run (see `run_decimals`)."""

    @classmethod
    def of(cls, x: FloatArray, y: FloatArray, first: SolverState) -> SolverCharts:
        """The charts of a run over the points (x, y) that starts at `first`."""
        # the chart shows at most SHOWN points, evenly through the data (a million would
        # cost plotext seconds per frame); descent itself always uses every point
        shown = np.unique(np.linspace(0, x.size - 1, min(x.size, SHOWN)).astype(int))
        bowl_box, rings, ring_gap = bowl_rings(first)
        best = solver.optimum(first)
        return cls(
            tuple(x[shown].tolist()),
            tuple(y[shown].tolist()),
            fit_box(x, y, [(first.current.m, first.current.b), (best[0], best[1])]),
            bowl_box,
            rings,
            ring_gap,
            best,
            run_decimals(first, best),
        )

    def fit(self, state: SolverState) -> Figure:
        """The points and the current line."""
        (x_lo, x_hi), ylim = self.fit_box
        m, b = state.current.m, state.current.b
        ends = (m * x_lo + b, m * x_hi + b)
        held = (min(self.ys), max(self.ys))
        finite = all(math.isfinite(end) for end in ends)
        # drawn wherever the axes show it (the plot cuts it at their edge); the title says
        # where it is against the points, true whatever the axes show
        line = (Series((x_lo, x_hi), ends, "line"),) if finite else ()
        where = _where_the_line_is(ends, held)
        named = "moving line" if "moving line" in where else "line"
        return Figure(
            (*line, Series(self.xs, self.ys, "point", "scatter", "dot")),
            xlim=(x_lo, x_hi),
            ylim=ylim,
            yhold=held,
            title=f"the fit: {where}",
            keys=(("points", "point"), *(((named, "line"),) if finite else ())),
        )

    def bowl(self, state: SolverState, width: int) -> Figure:
        """The path of (m, b) across the contour rings, the optimum and where descent is.

        A run that will not settle, once it is RUNAWAY times out, is drawn on symmetric-log axes of
        its distance from the best (`log_view`): on linear axes that follow it, its last
        swing alone was seen (level 5 at η ×8: one leg from step 4 to the ●, on 0 … 3e4,
        for swings of 16, −98, 705, −4916, 34435); on these, each swing lands a decade
        further out than the one before, on the other side of the ✚.
        """
        path = thin(state.history, 2 * width)
        m_best, b_best, mse_best = self.best
        view = path_view(self.bowl_box, state.reach)
        powers = log_view(self.bowl_box, view) if unstable(state) else None
        if powers is None:
            scale = ring_scale(self.ring_gap, mse_best, state.reach)
            rings = tuple(widened(ring, (m_best, b_best), scale) for ring in self.rings)
            to: Placed = as_is
        else:
            scale, rings = 1.0, self.rings
            to = partial(from_best, (m_best, b_best), powers)
            # the path's reach is its farthest out either way: `to` grows with the distance
            # from the best along each axis alone (mapping every step of a long run, 100,000
            # at the stable rate, took 30 ms a frame)
            lo_m, hi_m, lo_b, hi_b, _ = state.reach
            view = log_box(self.bowl_box, [(m, b) for m in (lo_m, hi_m) for b in (lo_b, hi_b)], to)
        placed = [to(p[0], p[1]) for _, p in path]
        optimum, current = to(m_best, b_best), to(state.current.m, state.current.b)
        series = (
            *(_mapped(ring, to) for ring in rings),
            Series(tuple(m for m, _ in placed), tuple(b for _, b in placed), "path"),
            *step_numbers(state, view, to, scale > 1 or powers is not None),
            # over a step's number; each mark in the row the path's hd line draws it in
            Series((optimum[0],), (optimum[1],), "optimum", "scatter", BOTTOM, rows_of="hd"),
            Series((current[0],), (current[1],), "current", "scatter", "●", rows_of="hd"),
        )
        (_, _), (y0, y1) = view
        # what is drawn in the view, which its margins are around
        held = [y for s in series for y in s.ys if y0 <= y <= y1]
        return Figure(
            series,
            *view,
            yhold=(min(held), max(held)) if held else None,
            title=f"{LOG_TITLE if powers else TITLE} · {RING_KEY}",
            keys=((PATH_KEY, "path"), (f"{BOTTOM} best", "optimum"), (RING_KEY, "ring")),
            spare=((NOW_KEY, "current"),),
            xname="Δm" if powers else "m",
            yname="Δb" if powers else "b",
            # the ✚ over the path, and a ⊕ where descent reaches its cell: the ● drawn on it,
            # a converged run showed no best under a legend saying "best"; the best set beside
            # it, the best read a cell off (0.2 left of m = 1.999)
            over=(len(series) - 2, len(rings)),
            together=(len(series) - 1, TOGETHER, TOGETHER_KEYS),
            symlog=powers,
            fixed=len(rings),  # drawn once for the axes: 3.8 ms of a 7.6 ms build
        )

    def loss(self, state: SolverState, width: int, log_scale: bool) -> Figure:
        """The MSE by step beside the best, or on a log scale its gap to the best.

        A run that blows up is shown to its last finite MSE: the y range grows with it, so
        the climb is seen (the tick labels stay short: 2e10, not 20000000000).
        """
        history = state.history  # to its last finite MSE (read again only if one is not)
        if not state.reach[4] <= sys.float_info.max:
            history = history[: _within(tuple(p[2] for p in history), sys.float_info.max)]
        finite = len(history)
        path = thin(history, 2 * width)
        xs = tuple(float(i) for i, _ in path)
        last = nice_ceiling(max(finite - 1 if state.diverged else state.steps, 10))
        best = self.best[2]
        floor = 1e-16 * (best + 1.0)
        if log_scale:
            # on a log scale the gap to the best MSE shows the steady, geometric convergence
            gaps = tuple(math.log10(max(p[2] - best, floor)) for _, p in path)
            return Figure(
                (Series(xs, gaps, "loss"),),
                xlim=(0.0, last),
                ylog=True,
                title=f"{LINE} MSE − best MSE by step (log scale)",
                keys=((f"{LINE} MSE − best MSE by step", "loss"),),
                x_whole=True,
            )
        losses = tuple(p[2] for _, p in path)
        if state.diverged:
            # the climb spans powers of ten: on a linear axis its start lies flat along the
            # bottom and a short chart has room for two labels (0 and 1e11); on a log axis
            # every power of ten has its row, and the best MSE its flat line below the climb
            low = math.log10(max(best, floor))
            return Figure(
                (
                    Series((0.0, last), (low, low), "best", level=DOTTED),
                    Series(xs, tuple(math.log10(max(v, floor)) for v in losses), "loss"),
                ),
                xlim=(0.0, last),
                ylog=True,
                title=f"{LOSS_KEY}, log scale: it blew up",
                keys=((LOSS_KEY, "loss"),),
                spare=((BEST_KEY, "best"),),
                x_whole=True,
                fixed=1,  # the best MSE's line, drawn once for the axes
            )
        # a run that starts at the best line is flat: a range a thousandth of the best
        # MSE tall, whose ticks read in at most six digits (it was a billionth: 6.87276443e−1 …
        # 6.87276445e−1, with the line along the foot)
        top = max(max(losses), best + FLAT * (abs(best) or 1.0))
        return Figure(
            (
                Series((0.0, last), (best, best), "best", level=DOTTED),
                Series(xs, losses, "loss"),
            ),
            xlim=(0.0, last),
            ylim=(max(best - 0.05 * (top - best), 0.0), top),
            yhold=(best, top),
            title=f"{LOSS_KEY} · {BEST_KEY}",
            keys=((LOSS_KEY, "loss"), (BEST_KEY, "best")),
            x_whole=True,
            fixed=1,  # the best MSE's line, drawn once for the axes
        )


LINE = "▀"
"""The legend's sample of a line drawn in half blocks (the bowl's path, the MSE by step):
each entry whose words do not say its shape shows its mark, as "✚ best" does (under
NO_COLOR "path" was told from the rings only by elimination). The fit's "points" and
"line" say theirs."""
PATH_KEY = f"{LINE} path"
LOSS_KEY = f"{LINE} MSE by step"
NOW_KEY = "● now"
"""The ●'s legend entry: spare, in the title where its rows have room, or may be given one
more (`widgets.plot._titled`)."""
BEST = glyph(0, (True, False), FINE["hd"])
"""The legend's sample of the best MSE's flat line: dotted, in the half-block quadrants the
MSE is drawn in, on the half row the MSE's own marker draws the best MSE on (▘ in a row's
upper half, ▖ in its lower; `Series.level`), so that an MSE that has reached the best sits
on it. It was a whole-cell ┈ in the middle of its row, up to half a row off the MSE at the
best; drawn solid in the MSE's own half blocks, under NO_COLOR a climb back down to it
read as a fall (`0┤▀▀▀▀▀▀▀▀▘▀▀▀▀▀▀`)."""
BEST_KEY = f"{BEST * 2} the best MSE"
FLAT = 1e-3
"""The MSE chart's least height, as a share of the best MSE (a run flat at the best)."""
SWINGS = 4
"""The bowl numbers at most SWINGS steps of a run that will not settle."""
APART = 0.05
"""A step is numbered when it lands at least this share of the view's half-width (or
half-height) from the best: a growing zig-zag's early steps crowd the best's cell."""


TOGETHER = AT_BEST
"""The bowl's mark where descent is in the cell of the best: the ✚ and the ● in one."""
TOGETHER_KEYS = (f"{TOGETHER} now near the best", f"{TOGETHER} near best")
"""Its legend's words, the short ones where the long would take a row of the plot. Near,
not on: its cell is the best's from step 3 at 80×24, 0.06 above the best MSE (the descent
bowl's ⊕ says "you, near ✚" for the same reason)."""
RING = "◦"
"""The mark the bowl's contour rings are drawn with, in every cell they cross: a chain of
small circles, told from the path's solid half blocks without colour. They were braille
dots, which on uncentred data (crickets) drew one thin dotted line from the ● through
the ✚, read under NO_COLOR as the path, under a legend that did not name them."""
RING_KEY = f"{RING} equal MSE"
"""The rings' legend entry, in the title whatever its room, as the ✚'s is: "rings: equal
MSE" was a spare entry after "● now", dropped at both 80×24 and 120×40."""
TITLE = f"bowl: {PATH_KEY} · {BOTTOM} best"
"""The bowl's title before the rings' entry: short ("path", not "path of (m, b)": its axes
are named m and b), so that with the rings' and "● now" it goes into two rows 25 wide
(80×24) and one of 54 (120×40)."""
LOG_TITLE = f"log bowl: {PATH_KEY} · {BOTTOM} best"
"""The bowl's title on log axes, whose labels and names (Δm, Δb) read the distance from
the best: as short as the linear one, so that its legend goes into the same rows."""


def _mapped(series: Series, to: Placed) -> Series:
    """A series with each of its points placed by `to`."""
    if to is as_is:
        return series
    points = [to(m, b) for m, b in zip(series.xs, series.ys, strict=True)]
    return replace(series, xs=tuple(m for m, _ in points), ys=tuple(b for _, b in points))


def log_view(box: Box, view: Box) -> tuple[int, int] | None:
    """The powers of ten that the bowl's log axes are linear to (the rings' box's half-width
    and half-height, rounded down to one), where `view` is RUNAWAY times the box's size or
    more (its first swings shrunk to less than a tenth of the chart, its zig-zag no longer
    seen); None where a linear view keeps the path's swings in sight."""
    sizes = [(hi - lo, v_hi - v_lo) for (lo, hi), (v_lo, v_hi) in zip(box, view, strict=True)]
    if not any(wide >= RUNAWAY * narrow > 0 for narrow, wide in sizes):
        return None
    return box_powers(box)


def _within(values: tuple[float, ...], most: float) -> int:
    """How many values from the first stay at or below `most` (all of them if none pass)."""
    for i, value in enumerate(values):
        if not value <= most:
            return max(i, 1)
    return len(values)


def path_view(box: Box, reach: solver.Reach) -> Box:
    """The bowl's view: the rings' box widened to hold every step of the path, so that a
    diverging path is followed to where it is, its zig-zag in view at every step, across
    rings at its scale (the view stopped widening after four steps, and the rest of the run
    was an arrow at its edge)."""
    (x0, x1), (y0, y1) = box
    lo_m, hi_m, lo_b, hi_b, _ = reach
    lo_x, hi_x, lo_y, hi_y = min(x0, lo_m), max(x1, hi_m), min(y0, lo_b), max(y1, hi_b)
    if (lo_x, hi_x, lo_y, hi_y) == (x0, x1, y0, y1):
        return box
    pad_x, pad_y = 0.05 * (hi_x - lo_x), 0.05 * (hi_y - lo_y)
    return (lo_x - pad_x, hi_x + pad_x), (lo_y - pad_y, hi_y + pad_y)


def ring_scale(gap: float, best: float, reach: solver.Reach) -> float:
    """How many times wider than at the start the bowl's rings are drawn: 2^k, for the
    largest k ≥ 0 whose ring 4^k times as far above the best MSE as the outer one the path
    has reached. Each ring is still a quarter as far above the best as the next one out, and
    a path followed far out has rings at its own scale (the first were one cell across)."""
    farthest = reach[4] - best
    if not farthest >= 4 * gap > 0:
        return 1.0
    return 2.0 ** math.floor(round(math.log(farthest / gap, 4), 9))


def widened(ring: Series, centre: tuple[float, float], scale: float) -> Series:
    """A ring drawn `scale` times as wide about the best, a 4^k gap further out for 2^k."""
    if scale == 1.0:
        return ring
    (cm, cb) = centre
    return replace(
        ring,
        xs=tuple(cm + scale * (m - cm) for m in ring.xs),
        ys=tuple(cb + scale * (b - cb) for b in ring.ys),
    )


def step_numbers(state: SolverState, view: Box, to: Placed, followed: bool) -> tuple[Series, ...]:
    """On a run whose rate is at or past the stable one, steps numbered where they land:
    they swing from side to side of the bowl's valley, past the stable rate farther each
    time. Its first SWINGS; once the view follows the path past the rings it started on,
    its last SWINGS before the ● that stand APART from the best (its first steps have shrunk
    into the best's cell: 7 and 8 beside the ● of step 9). A short bowl (three rows at
    80×24) drew crickets' swings in m as one flat line along a row; the numbers read
    "4 … 2 1 3" along it. Each is drawn over the path, where the chart has room for it clear
    of the × and the ● and of each other (`numbers_apart`: "4×5" read as a sum). `to`:
    where a point (m, b) is drawn (on log axes, as its distance from the best)."""
    if not unstable(state):
        return ()
    history = state.history  # only the steps numbered are placed (`to`), not the whole run
    if followed:
        m_best, b_best, _ = solver.optimum(state)
        picked = _apart(history, view, to, to(m_best, b_best))
    else:
        picked = [(k, *to(m, b)) for k, (m, b, _) in enumerate(history[1 : SWINGS + 1], start=1)]
    return tuple(Series((m,), (b,), "path", "scatter", str(k), rows_of="hd") for k, m, b in picked)


def _apart(
    history: tuple[solver.Point, ...], view: Box, to: Placed, best: tuple[float, float]
) -> list[tuple[int, float, float]]:
    """The last SWINGS steps before the last one that stand APART from the best in the view,
    each where `to` places it, in order: walked back from it to the first that does not (not
    the whole run)."""
    (x0, x1), (y0, y1) = view
    hx, hy = (x1 - x0) / 2, (y1 - y0) / 2
    m_best, b_best = best
    picked: list[tuple[int, float, float]] = []
    for k in range(len(history) - 2, max(len(history) - 2 - SWINGS, 0), -1):
        m, b = to(*history[k][:2])
        if max(abs(m - m_best) / hx, abs(b - b_best) / hy) < APART:
            break
        picked.append((k, m, b))
    return picked[::-1]


def thin(history: tuple[solver.Point, ...], most: int) -> list[tuple[int, solver.Point]]:
    """At most `most` points of the path, evenly spread, always keeping the first and last."""
    n = len(history)
    if n <= most:
        return list(enumerate(history))
    picks = np.unique(np.linspace(0, n - 1, most).round().astype(int))
    return [(int(i), history[i]) for i in picks]


def fit_box(x: FloatArray, y: FloatArray, lines: Sequence[tuple[float, float]] = ()) -> Box:
    """Fixed axes for the fit chart: the data with a margin in x, and in y the points and
    the given lines (m, b) across them, as a line level's chart holds its start line and
    best line (`fit_bounds`): the run's first line is on the chart from its first frame
    (fine-tune's started just below the chart's y range, under a title saying "line below
    every point"); a diverging line leaves it. (x as the points alone: rounded out, it had
    ticked a step past likely-line's points.)"""
    x_lo, x_hi = float(np.min(x)), float(np.max(x))
    pad_x = 0.05 * (x_hi - x_lo or 1.0)
    _, _, y_lo, y_hi = fit_bounds(x, y, lines=lines)
    return (x_lo - pad_x, x_hi + pad_x), (y_lo, y_hi)


def bowl_rings(state: SolverState) -> tuple[Box, tuple[Series, ...], float]:
    """Fixed axes and contour rings of the bowl, in closed form, and the outer ring's gap.

    MSE(θ) = MSE* + ½·(θ − θ*)ᵀH(θ − θ*), so the ring at gap c is θ* + V·diag(√(2c/λ))·u
    for unit vectors u (H = V·diag(λ)·Vᵀ). The outer ring passes through the player's line;
    from a line that is the best already, to the solver's own test of convergence (its gap,
    1.2e−29 on first-line from numpy's best line, drew rings 3e−15 across, on axes of 15
    digits), at a gap of a thousandth of var(y) + 1.
    """
    m_best, b_best, _ = solver.optimum(state)
    centre = np.array([m_best, b_best])
    lam, vecs = np.linalg.eigh(state.problem.hessian)
    at_best = core.is_converged(state.problem, state.current)
    gap = 1e-3 * (state.problem.y_variance + 1.0) if at_best else state.gap
    angles = np.linspace(0.0, 2 * np.pi, 41)
    unit = np.stack([np.cos(angles), np.sin(angles)])
    rings = []
    for c in (gap, gap / 4, gap / 16):
        pts = centre[:, None] + vecs @ (np.sqrt(2 * c / lam)[:, None] * unit)
        # whole-cell rings under the path's half blocks: told apart without colour
        rings.append(Series(tuple(pts[0].tolist()), tuple(pts[1].tolist()), "ring", marker=RING))
    outer = centre[:, None] + vecs @ (np.sqrt(2 * gap / lam)[:, None] * unit)
    lo, hi = outer.min(axis=1), outer.max(axis=1)
    pad = 0.1 * (hi - lo)
    box = (
        (float(lo[0] - pad[0]), float(hi[0] + pad[0])),
        (float(lo[1] - pad[1]), float(hi[1] + pad[1])),
    )
    return box, tuple(rings), float(gap)


def _where_the_line_is(ends: tuple[float, float], points: tuple[float, float]) -> str:
    """The fit chart's title: the points and the moving line, and where it is past them (a
    run blowing up takes it off the chart in a few steps, and the chart went blank without
    a word). Said against the points, not the axes: at 80×24 an axis widened to show 0
    drew the line on its bottom row under a title saying it was off the chart. No arrow:
    "line below them ↓" over that bottom row pointed off the chart, as if it were gone."""
    low, high = points
    if not all(math.isfinite(end) for end in ends):
        return "points, line blew up"
    if min(ends) > high:
        return "points, line above every point"
    if max(ends) < low:
        return "points, line below every point"
    return "points, moving line"
