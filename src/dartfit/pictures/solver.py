"""What the auto-solver shows of a state: three charts (the fit, the path across the MSE
bowl, the MSE by step) and the status lines under them.

Pure: `SolverCharts.of` fixes once per run what does not move (the points shown, the
axes, the bowl's contour rings in closed form, the optimum); each chart is then a
`Figure` of the current state, which `PlotView` draws with plotext.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from functools import partial

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.core.numbers import nice_ceiling
from dartfit.pictures.figure import Figure, Series
from dartfit.rules import solver
from dartfit.rules.solver import SolverState
from dartfit.wording import (
    decimals_of,
    e_notation,
    line_equation,
    line_numbers,
    num,
    significant_digits,
    steady,
)

SHOWN = 400  # points drawn on the fit chart

Box = tuple[tuple[float, float], tuple[float, float]]
"""Fixed axes of a chart: (x_lo, x_hi), (y_lo, y_hi)."""


@dataclass(frozen=True)
class SolverCharts:
    """What the three charts keep for a whole run, and each chart of a state."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    fit_box: Box
    bowl_box: Box
    rings: tuple[Series, ...]
    best: solver.Point
    decimals: tuple[int, int]
    """The fixed decimals of m and b in the readout for the whole run (see `run_decimals`)."""

    @classmethod
    def of(cls, x: FloatArray, y: FloatArray, first: SolverState) -> SolverCharts:
        """The charts of a run over the points (x, y) that starts at `first`."""
        # the chart shows at most SHOWN points, evenly through the data (a million would
        # cost plotext seconds per frame); descent itself always uses every point
        shown = np.unique(np.linspace(0, x.size - 1, min(x.size, SHOWN)).astype(int))
        bowl_box, rings = bowl_rings(first)
        best = solver.optimum(first)
        return cls(
            tuple(x[shown].tolist()),
            tuple(y[shown].tolist()),
            fit_box(x, y),
            bowl_box,
            rings,
            best,
            run_decimals(first, best),
        )

    def fit(self, state: SolverState) -> Figure:
        """The points and the current line."""
        (x_lo, x_hi), ylim = self.fit_box
        m, b = state.current.m, state.current.b
        ends = (m * x_lo + b, m * x_hi + b)
        where = _where_the_line_is(ends, ylim)
        # a line wholly off the chart is not drawn: plotext laid it along the edge, a solid
        # line under the title saying it was gone
        line = () if "off the chart" in where else (Series((x_lo, x_hi), ends, "line"),)
        return Figure(
            (*line, Series(self.xs, self.ys, "point", "scatter", "dot")),
            xlim=(x_lo, x_hi),
            ylim=ylim,
            yhold=(min(self.ys), max(self.ys)),
            title=f"the fit: {where}",
            keys=(("points", "point"), ("moving line", "line")) if line else (),
        )

    def bowl(self, state: SolverState, width: int) -> Figure:
        """The path of (m, b) across the contour rings, the optimum and where descent is."""
        path = thin(state.history, 2 * width)
        m_best, b_best, _ = self.best
        view = path_view(self.bowl_box, state.history)
        (_, _), (y0, y1) = view
        held = [y for ring in self.rings for y in ring.ys]  # what the view's margins are
        held += [b for _, (_, b, _) in path if y0 <= b <= y1]  # around: rings and path
        return Figure(
            (
                *self.rings,
                Series(tuple(p[0] for _, p in path), tuple(p[1] for _, p in path), "path"),
                *step_numbers(state),
                # over a step's number; each mark in the row the path's hd line draws it in
                Series((m_best,), (b_best,), "optimum", "scatter", "×", rows_of="hd"),
                current_mark(view, state.current.m, state.current.b),
            ),
            *view,
            yhold=(min(held), max(held)),
            title="the bowl: path of (m, b) · × best",
            keys=(("path of (m, b)", "path"), ("× best", "optimum")),
            spare=(("rings: equal MSE", "ring"),),
        )

    def loss(self, state: SolverState, width: int, log_scale: bool) -> Figure:
        """The MSE by step beside the best, or on a log scale its gap to the best.

        A run that blows up is shown to its last finite MSE: the y range grows with it, so
        the climb is seen (the tick labels stay short: 2e10, not 20000000000).
        """
        finite = _within(tuple(p[2] for p in state.history), sys.float_info.max)
        path = thin(state.history[:finite], 2 * width)
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
                title="MSE − best MSE by step (log scale)",
                keys=(("MSE − best MSE by step", "loss"),),
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
                    Series((0.0, last), (low, low), "best"),
                    Series(xs, tuple(math.log10(max(v, floor)) for v in losses), "loss"),
                ),
                xlim=(0.0, last),
                ylog=True,
                title="MSE by step, log scale: it blew up",
                keys=(("MSE by step", "loss"),),
                x_whole=True,
            )
        top = max(max(losses), best + 1e-9 * (abs(best) + 1.0))
        return Figure(
            (
                Series((0.0, last), (best, best), "best"),
                Series(xs, losses, "loss"),
            ),
            xlim=(0.0, last),
            ylim=(max(best - 0.05 * (top - best), 0.0), top),
            yhold=(best, top),
            title="MSE by step · flat: the best MSE",
            keys=(("MSE by step", "loss"), ("flat: the best MSE", "best")),
            x_whole=True,
        )


REACH = 4.0
"""How far the bowl follows a diverging path: out to REACH times its view, so the first
swings show and its axes keep readable numbers (the MSE chart follows the whole climb)."""
SWINGS = 4
"""The bowl shows at least the first SWINGS steps, however fast they fly apart."""


def _within(values: tuple[float, ...], most: float) -> int:
    """How many values from the first stay at or below `most` (all of them if none pass)."""
    for i, value in enumerate(values):
        if not value <= most:
            return max(i, 1)
    return len(values)


def path_view(box: Box, history: tuple[solver.Point, ...]) -> Box:
    """The bowl's view widened to the path's first SWINGS steps, and on as far as REACH times
    the view around its centre: an overshooting or diverging path is seen zig-zagging."""
    (x0, x1), (y0, y1) = box
    cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    far = tuple(max(abs(m - cx) / hx, abs(b - cy) / hy) for m, b, _ in history)
    near = history[: max(_within(far, REACH), SWINGS + 1)]
    ms, bs = [m for m, _, _ in near], [b for _, b, _ in near]
    lo_x, hi_x, lo_y, hi_y = min(x0, *ms), max(x1, *ms), min(y0, *bs), max(y1, *bs)
    pad_x, pad_y = 0.05 * (hi_x - lo_x), 0.05 * (hi_y - lo_y)
    if (lo_x, hi_x, lo_y, hi_y) == (x0, x1, y0, y1):
        return box
    return (lo_x - pad_x, hi_x + pad_x), (lo_y - pad_y, hi_y + pad_y)


def step_numbers(state: SolverState) -> tuple[Series, ...]:
    """On a run whose rate is at or past the stable one, its first SWINGS steps numbered
    where they land (1, 2, 3, 4): they swing from side to side of the bowl's valley, past
    the stable rate farther each time. A short bowl (three rows at 80×24) drew crickets'
    swings in m as one flat line along a row; the numbers read "4 … 2 1 3" along it. Each
    is drawn over the path; the × of the best and the last step's ● over them."""
    if not unstable(state):
        return ()
    return tuple(
        Series((m,), (b,), "path", "scatter", str(k), rows_of="hd")
        for k, (m, b, _) in enumerate(state.history[1 : SWINGS + 1], start=1)
    )


ARROWS = "→↗↑↖←↙↓↘"  # by the direction's angle, in eighths of a turn from east
EDGE = 0.97  # how far from the view's centre to its edge an arrow sits (inside the axes)


def current_mark(view: Box, m: float, b: float) -> Series:
    """Where descent is: ● at (m, b) inside the view; once a diverging run has left it, an
    arrow where it left, pointing where it went: (m, b) brought back to the view's edge one
    axis at a time (a run leaving along the top row in m has its → on that row; taken along
    the line from the view's centre, crickets' → sat a row below the path it ended)."""
    (x0, x1), (y0, y1) = view
    hx, hy = (x1 - x0) / 2, (y1 - y0) / 2
    if x0 <= m <= x1 and y0 <= b <= y1:
        return Series((m,), (b,), "current", "scatter", "●", rows_of="hd")
    inset_x, inset_y = (1 - EDGE) * hx, (1 - EDGE) * hy
    at_m = min(max(m, x0 + inset_x), x1 - inset_x) if math.isfinite(m) else (x0 + x1) / 2
    at_b = min(max(b, y0 + inset_y), y1 - inset_y) if math.isfinite(b) else (y0 + y1) / 2
    dx = (m - at_m) / hx if math.isfinite(m) else 0.0
    dy = (b - at_b) / hy if math.isfinite(b) else 0.0
    turn = round(math.atan2(dy, dx) / (math.pi / 4)) % 8
    return Series((at_m,), (at_b,), "current", "scatter", ARROWS[turn], rows_of="hd")


def run_decimals(first: SolverState, best: solver.Point) -> tuple[int, int]:
    """The least decimals of m and b in a run's readout: seven significant digits of the
    best line's (m 1.981455, b 0.7414912), more if the best line as shown needs them
    (`planned_decimals` adds what a run's path needs)."""
    least = (seven_places(best[0]), seven_places(best[1]))
    shown = decimals_of(*_readout(first.problem, best[0], best[1], least))
    return max(least[0], shown[0]), max(least[1], shown[1])


def seven_places(value: float) -> int:
    """The decimals that show `value` to seven significant digits (0 to 10)."""
    if not (np.isfinite(value) and value):
        return 6
    return min(10, max(0, 6 - math.floor(math.log10(abs(value)))))


HALF_A_DIGIT = 0.5
"""How far the MSE of the line as the readout shows it may be from the MSE shown, in units
of its seventh digit: exact agreement asked for more digits at every rounding edge (and
the screen keeps what it showed once: a steep bowl's m grew to 11 digits)."""


def readout(state: SolverState, decimals: tuple[int, int]) -> tuple[str, str]:
    """The line's m and b as the readout shows them: to `decimals` (see `planned_decimals`)
    or nine significant digits if that is fewer, more where the MSE shown beside them (to
    seven digits) needs them: the line as shown has that MSE within half its last digit."""
    return _readout(state.problem, state.current.m, state.current.b, decimals)


def _readout(
    problem: core.DescentProblem, m: float, b: float, decimals: tuple[int, int]
) -> tuple[str, str]:
    loss = partial(core.mse_at, problem)
    # no more than nine significant digits' worth (two more than the MSE beside it, where
    # it asked for them): a diverging run's m reads 499.492987, −1490.34697, 40,296.2361
    # (not the optimum's six decimals, 40,296.236109), as its MSE reads 6.701401e7
    least = (min(decimals[0], seven_places(m) + 3), min(decimals[1], seven_places(b) + 3))
    return line_numbers(m, b, loss, 7, least=least, within=HALF_A_DIGIT)


LOOKAHEAD = 500
"""How many steps of a run `planned_decimals` walks ahead."""


def planned_decimals(first: SolverState, least: tuple[int, int]) -> tuple[int, int]:
    """The decimals of m and b that the readout needs over a run's first LOOKAHEAD steps
    from `first`, never fewer than `least` (see `plan_run`)."""
    return _planned(first, least)[0]


def _planned(
    first: SolverState, least: tuple[int, int]
) -> tuple[tuple[int, int], list[tuple[str, str]], list[float]]:
    """The decimals of m and b the readout needs over the run's first LOOKAHEAD steps,
    worked out ahead (pure steps, the ones the timer will take), so that the readout holds
    them from its first frame rather than gain them as it goes (momentum's path passed
    where the MSE needed one more, twice); m and b get one number of them, the more either
    needs: they read alike (2.000000·x + 0.0000000 had read as two sizes of number).
    With them, m and b as read at each of those steps, and the MSE there."""
    run = core.walk(first.problem, first.current, first.limit, LOOKAHEAD)
    points = (first.current, *run.reached)
    decimals, before, shown = least, None, []
    for _ in range(4):  # until what the path needs holds: with more for m, b may need none
        if decimals == before:
            break
        before = decimals
        shown = [_readout(first.problem, p.m, p.b, decimals) for p in points]
        most = max(*decimals, *(d for pair in shown for d in decimals_of(*pair)))
        decimals = (most, most)
    return decimals, shown, [p.mse for p in points]


@dataclass(frozen=True)
class RunPlan:
    """What a run will show, worked out before it starts: its decimals, and the status's
    widest frames, so that the status keeps its rows for the whole run (a line that grew
    a digit took a row from the charts mid-run)."""

    decimals: tuple[int, int]
    widest: str
    """The numbers' line at its widest over the run's first LOOKAHEAD steps (each of m, b,
    the MSE and the gap at its widest, which no one step may reach)."""
    last: SolverState
    """The run where it ends, or after LOOKAHEAD steps: its outcome's words."""


def plan_run(first: SolverState, least: tuple[int, int], best: float) -> RunPlan:
    """The plan of the run from `first` (see `RunPlan`), m and b to no fewer than `least`
    decimals."""
    decimals, shown, losses = _planned(first, least)
    last = solver.advance(first, LOOKAHEAD)
    gaps = [loss - best for loss in losses]
    if last.diverged:
        gaps = gaps[: last.steps]  # no gap once it has blown up
    elif not last.finished:  # it goes on: to the best line, through every gap until one
        # reads 0 (its convergence test is a gap of a ten-billionth of the MSE)
        m_best, b_best, _ = solver.optimum(first)
        shown.append(_readout(first.problem, m_best, b_best, decimals))
        top = math.floor(math.log10(max(max(gaps), 1e-300)))
        gaps += [1.5 * 10.0**power for power in range(_seventh(best), top + 1)]
    widest = (
        max((m for m, _ in shown), key=len),
        max((b for _, b in shown), key=len),
        max(map(seven, losses), key=len),
        max((gap_text(gap, best) for gap in gaps), key=len, default=""),
    )
    return RunPlan(decimals, numbers_text(widest[:2], widest[2], best, widest[3]), last)


def status_text(
    state: SolverState,
    playing: bool,
    speed: int,
    best: float,
    decimals: tuple[int, int] = (0, 0),
    shown: tuple[str, str] | None = None,
) -> str:
    """The status lines: settings, where descent stands, and how it ended (never NaN); m and
    b to the run's fixed `decimals` (see `planned_decimals`), more where the MSE needs them
    (`shown`: as `readout` already wrote them)."""
    limit = solver.stable_rate(state)
    stable = f"largest stable η {num(limit)}" if limit is not None else "adam: no fixed limit"
    settings = (
        f"{state.method}   η {num(state.learning_rate)}   {stable}   "
        f"{speed} step{'s' if speed != 1 else ''}/tick   step {state.steps}"
    )
    gap = "" if state.diverged else gap_text(shown_gap(state, best), best)
    numbers = numbers_text(shown or readout(state, decimals), seven(state.current.mse), best, gap)
    if state.converged:
        outcome = (
            f"Converged after {state.steps} step{'' if state.steps == 1 else 's'}: "
            f"MSE {seven(state.current.mse)} vs best {seven(best)}"
        )
    elif state.diverged:
        outcome = f"Diverged: {state.reason}."
    elif state.reason:
        outcome = state.reason[0].upper() + state.reason[1:] + "."
    else:
        outcome = "▶ playing" if playing else "paused: space plays, n steps once"
    if state.diverged:  # where it blew up to, then what that means
        return "\n".join((settings, numbers, outcome))
    return "\n".join((settings, numbers, outcome, *warnings(state)))


def numbers_text(line: tuple[str, str], loss: str, best: float, gap: str) -> str:
    """The status's numbers: the line (m and b as read), its MSE beside the best, and the
    gap between them (none: "")."""
    numbers = (
        f"{line_equation(0.0, 0.0, shown=line)}   MSE {loss:<{SEVEN_WIDTH}}   best {seven(best)}"
    )
    return f"{numbers}   gap {gap}" if gap else numbers


SEVEN_WIDTH = 9
"""The widest `seven` number but one in e-notation (0.8635335, 827,334.1): the readout's
MSE is padded to it, so "best" after it keeps its column (MSE 1.129742 then 0.8635335
moved it)."""


def seven(value: float) -> str:
    """A readout's number to seven significant digits, trailing zeros kept, so it holds its
    width from step to step: 0.6877210, 827,334.1, and beyond seven whole digits or below
    `num`'s fixed range 6.701401e7, 1.000000e−5 (not 67,014,006 beside 5.428134e9)."""
    text = steady(value, 7)
    if not np.isfinite(value) or ("e" not in text and significant_digits(text) <= 7):
        return text
    return e_notation(value, 6)


def gap_text(gap: float, best: float) -> str:
    """The gap MSE − optimum: 0 where it is below what the numbers beside it show (half a
    unit in the optimum's seventh digit: "gap 6.8e−11" beside two equal numbers). That
    digit however small the optimum: "MSE 1.249167e−90 optimum 5.000000e−91" read "gap 0"
    (the decimals shown stop at ten)."""
    if not np.isfinite(best):
        return num(gap, 2)
    return "0" if abs(gap) < 0.5 * 10.0 ** _seventh(best) else num(gap, 2)


def _seventh(best: float) -> int:
    """The power of ten of the best MSE's seventh significant digit."""
    return math.floor(math.log10(abs(best))) - 6 if best else -seven_places(best)


def shown_gap(state: SolverState, best: float) -> float:
    """MSE − MSE*: the Newton decrement near the bottom (where the subtraction would cancel),
    the subtraction itself far from it (where the decrement, through H⁻¹ of a near-singular
    bowl, was off by 1e-7 relative)."""
    direct = state.current.mse - best
    return direct if direct > 1e-6 * state.current.mse else state.gap


AT_THE_LIMIT = 1e-9  # a rate this close (relatively) to the stable limit is at it


def unstable(state: SolverState) -> bool:
    """Whether the learning rate is at or past the largest stable rate: the run will not
    settle (past it, it blows up; at it, it bounces across the bowl for ever)."""
    limit = solver.stable_rate(state)
    return limit is not None and state.learning_rate >= limit * (1 - AT_THE_LIMIT)


def warnings(state: SolverState) -> tuple[str, ...]:
    """What to know before it happens: a rate that will diverge, a bowl that makes it crawl."""
    if state.finished:
        return ()
    limit = solver.stable_rate(state)
    if limit is not None and unstable(state) and state.learning_rate <= limit * (1 + AT_THE_LIMIT):
        return (
            "⚠ η is at the largest stable rate: each step lands as far past the bottom as it "
            "started, so it bounces across the bowl and never settles ([ halves η).",
        )
    if unstable(state):
        return (
            "⚠ η is past the largest stable rate: each step will overshoot more than it "
            "corrects and the MSE will blow up (space runs it anyway, [ halves η).",
        )
    if core.stretch(state.problem) >= core.CRAWL_STRETCH and state.method != "adam":
        return (f"Crawling: {core.crawl_reason(state.problem)}.",)
    return ()


def thin(history: tuple[solver.Point, ...], most: int) -> list[tuple[int, solver.Point]]:
    """At most `most` points of the path, evenly spread, always keeping the first and last."""
    n = len(history)
    if n <= most:
        return list(enumerate(history))
    picks = np.unique(np.linspace(0, n - 1, most).round().astype(int))
    return [(int(i), history[i]) for i in picks]


def fit_box(x: FloatArray, y: FloatArray) -> Box:
    """Fixed axes for the fit chart: the data with a margin (a diverging line leaves it)."""
    x_lo, x_hi = float(np.min(x)), float(np.max(x))
    y_lo, y_hi = float(np.min(y)), float(np.max(y))
    pad_x, pad_y = 0.05 * (x_hi - x_lo or 1.0), 0.15 * (y_hi - y_lo or 1.0)
    return (x_lo - pad_x, x_hi + pad_x), (y_lo - pad_y, y_hi + pad_y)


def bowl_rings(state: SolverState) -> tuple[Box, tuple[Series, ...]]:
    """Fixed axes and contour rings of the bowl, in closed form.

    MSE(θ) = MSE* + ½·(θ − θ*)ᵀH(θ − θ*), so the ring at gap c is θ* + V·diag(√(2c/λ))·u
    for unit vectors u (H = V·diag(λ)·Vᵀ). The outer ring passes through the player's line.
    """
    m_best, b_best, _ = solver.optimum(state)
    centre = np.array([m_best, b_best])
    lam, vecs = np.linalg.eigh(state.problem.hessian)
    gap = state.gap or 1e-3 * (float(np.var(state.problem.y)) + 1.0)
    angles = np.linspace(0.0, 2 * np.pi, 41)
    unit = np.stack([np.cos(angles), np.sin(angles)])
    rings = []
    for c in (gap, gap / 4, gap / 16):
        pts = centre[:, None] + vecs @ (np.sqrt(2 * c / lam)[:, None] * unit)
        # thin braille rings under the thick path: told apart without colour (NO_COLOR)
        rings.append(
            Series(tuple(pts[0].tolist()), tuple(pts[1].tolist()), "ring", marker="braille")
        )
    outer = centre[:, None] + vecs @ (np.sqrt(2 * gap / lam)[:, None] * unit)
    lo, hi = outer.min(axis=1), outer.max(axis=1)
    pad = 0.1 * (hi - lo)
    box = (
        (float(lo[0] - pad[0]), float(hi[0] + pad[0])),
        (float(lo[1] - pad[1]), float(hi[1] + pad[1])),
    )
    return box, tuple(rings)


def _where_the_line_is(ends: tuple[float, float], ylim: tuple[float, float]) -> str:
    """The fit chart's title: the line moving, or gone off the chart (a run blowing up
    takes it off in a few steps, and the chart went blank without a word)."""
    low, high = ylim
    if not all(math.isfinite(end) for end in ends):
        return "the line is off the chart"
    if min(ends) > high:
        return "the line is off the chart ↑"
    if max(ends) < low:
        return "the line is off the chart ↓"
    return "points, moving line"
