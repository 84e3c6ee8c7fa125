"""The auto-solver: gradient descent animated from the player's line, in three charts.

The fit (points and the moving line), the MSE against the step, and the path across the
MSE bowl with a few of its contour rings. A paused timer calls `tick`, which applies the
pure `solver.advance` and assigns the new frozen state; the watcher redraws from it.
"""

from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from dartfit.dialogs.help import HelpScreen
from dartfit.game import solver
from dartfit.game.solver import SolverState
from dartfit.hud import num
from dartfit.levels import Level
from dartfit.widgets.plot import Figure, PlotView, Series
from dartfit.widgets.title_bar import TitleBar

FPS = 30
SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200)
"""Steps per tick the player can choose with + and -."""
DEFAULT_SPEED = 2  # index into SPEEDS: 5 steps per tick


SHOWN = 400  # points drawn on the fit chart


class SolverScreen(Screen[None]):
    """Animated gradient descent on a line level's MSE, starting from the player's line."""

    BINDINGS = [
        Binding("space", "play", "Play", tooltip="or pause"),
        Binding("n,right", "step", "Step", key_display="n", tooltip="one step"),
        Binding("plus,equals_sign", "speed(1)", "Speed", key_display="+-", tooltip="up"),
        Binding("minus", "speed(-1)", "Speed", show=False, tooltip="down"),
        Binding("m", "method", "Method", tooltip="gd → momentum → adam"),
        Binding("right_square_bracket", "rate(2)", "Rate", key_display="][", tooltip="×2"),
        Binding("left_square_bracket", "rate(0.5)", "Rate", show=False, tooltip="÷2"),
        Binding("g", "log_scale", "Log", tooltip="loss chart: the MSE, or its gap to the best"),
        Binding("r", "restart", "Restart", tooltip="from your line"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("escape", "back", "Back", tooltip="to the level"),
    ]
    HELP = (
        "Gradient descent, animated from your line: the fit, the MSE against the step, and "
        "the path across the MSE bowl. The speed is steps per tick. A new method or "
        "learning rate starts again from your line: push the rate past the largest stable "
        "rate and watch the MSE blow up. The log chart shows the gap to the best MSE."
    )

    state: var[SolverState | None] = var(None)
    playing: var[bool] = var(False)
    log_scale: var[bool] = var(False)
    speed: var[int] = var(DEFAULT_SPEED)

    def __init__(self, level: Level, start: tuple[float, float]) -> None:
        super().__init__()
        self.level = level
        self.start = start
        self._timer: Timer | None = None
        self._frame = 0
        self._status_finished = True
        first = solver.start(level.x, level.y, *start)
        self._best = solver.optimum(first)
        # the chart shows at most SHOWN points, evenly through the data (a million would
        # cost plotext seconds per frame); descent itself always uses every point
        shown = np.unique(np.linspace(0, level.x.size - 1, min(level.x.size, SHOWN)).astype(int))
        self._xs, self._ys = tuple(level.x[shown].tolist()), tuple(level.y[shown].tolist())
        self._fit_box = _fit_box(level.x, level.y)
        self._bowl_box, self._rings = _bowl_picture(first)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="solver-body"):
            with Horizontal(id="solver-top"):
                yield PlotView(id="solver-fit")
                yield PlotView(id="solver-bowl")
            yield PlotView(id="solver-loss")
            yield Static("", id="solver-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Auto-solver: {self.level.spec.title}"
        self.sub_title = "gradient descent from your line"
        self._timer = self.set_interval(1 / FPS, self.tick, pause=True)
        self.state = solver.start(self.level.x, self.level.y, *self.start)

    # the animation ---------------------------------------------------------------
    def tick(self) -> None:
        """One frame: `speed` pure steps; stops playing once converged or diverged."""
        if self.state is None or self.state.finished:
            self.playing = False
            return
        new = solver.advance(self.state, SPEEDS[self.speed])
        self._frame += 1
        if new.finished:
            self.playing = False  # before the redraw, so the last frame draws every chart
        self.state = new

    def watch_playing(self, playing: bool) -> None:
        if self._timer is not None:
            if playing:
                self._timer.resume()
            else:
                self._timer.pause()
        self._show_status()

    def watch_state(self, state: SolverState | None) -> None:
        if state is None:
            return
        # While playing, the fit is redrawn every frame and the bowl and the loss take turns
        # (15 fps each): one plotext build costs 2-4 ms, three would miss the 15 ms budget.
        turn = self._frame % 2 if self.playing else None
        self.query_one("#solver-fit", PlotView).show(self._fit_figure(state))
        if turn != 1:
            self.query_one("#solver-bowl", PlotView).show(self._bowl_figure(state))
        if turn != 0:
            self.query_one("#solver-loss", PlotView).show(self._loss_figure(state))
        self._show_status()

    def watch_log_scale(self) -> None:
        if self.state is not None:
            self.query_one("#solver-loss", PlotView).show(self._loss_figure(self.state))

    def watch_speed(self) -> None:
        self._show_status()

    # the pictures -----------------------------------------------------------------
    def _fit_figure(self, state: SolverState) -> Figure:
        (x_lo, x_hi), ylim = self._fit_box
        m, b = state.current.m, state.current.b
        return Figure(
            (
                Series((x_lo, x_hi), (m * x_lo + b, m * x_hi + b), "line"),
                Series(self._xs, self._ys, "point", "scatter", "dot"),
            ),
            xlim=(x_lo, x_hi),
            ylim=ylim,
            title="the fit: the points and the moving line",
        )

    def _bowl_figure(self, state: SolverState) -> Figure:
        width = max(self.query_one("#solver-bowl").size.width, 20)
        path = _thin(state.history, 2 * width)
        m, b = state.current.m, state.current.b
        m_best, b_best, _ = self._best
        return Figure(
            (
                *self._rings,
                Series(tuple(p[0] for _, p in path), tuple(p[1] for _, p in path), "path"),
                Series((m_best,), (b_best,), "optimum", "scatter", "×"),
                Series((m,), (b,), "current", "scatter", "●"),
            ),
            xlim=self._bowl_box[0],
            ylim=self._bowl_box[1],
            title="the bowl: path of (m, b), × the best",
        )

    def _loss_figure(self, state: SolverState) -> Figure:
        width = max(self.query_one("#solver-loss").size.width, 20)
        path = _thin(state.history, 2 * width)
        steps = [i for i, _ in path]
        xs = tuple(float(s) for s in steps)
        last = _nice_ceiling(max(state.steps, 10))
        best = self._best[2]
        if self.log_scale:
            # on a log scale the gap to the best MSE shows the steady, geometric convergence
            floor = 1e-16 * (best + 1.0)
            gaps = tuple(max(p[2] - best, floor) for _, p in path)
            return Figure(
                (Series(xs, gaps, "loss"),),
                xlim=(0.0, last),
                ylog=True,
                title="MSE − best MSE by step (log scale)",
            )
        return Figure(
            (
                Series((0.0, last), (best, best), "best"),
                Series(xs, tuple(p[2] for _, p in path), "loss"),
            ),
            xlim=(0.0, last),
            title="MSE by step · the flat line is the best MSE",
        )

    # the words ---------------------------------------------------------------------
    def _show_status(self) -> None:
        state = self.state
        if state is None or not self.is_mounted:
            return
        text = status_text(state, self.playing, SPEEDS[self.speed], self._best[2])
        # a layout pass costs ~3 ms a frame: only when the text may wrap differently (the end)
        layout = state.finished or self._status_finished
        self._status_finished = state.finished
        self.query_one("#solver-status", Static).update(text, layout=layout)

    # actions ----------------------------------------------------------------------
    def action_play(self) -> None:
        if self.state is not None and self.state.finished:
            self.notify("Finished: r starts again, [ ] change the rate, m the method.")
            return
        self.playing = not self.playing

    def action_step(self) -> None:
        self.playing = False
        if self.state is not None:
            self.state = solver.step(self.state)

    def action_speed(self, delta: int) -> None:
        self.speed = min(max(self.speed + delta, 0), len(SPEEDS) - 1)

    def action_method(self) -> None:
        if self.state is not None:
            self.state = solver.next_method(self.state)

    def action_rate(self, factor: float) -> None:
        if self.state is not None:
            self.state = solver.with_rate(self.state, factor)

    def action_log_scale(self) -> None:
        self.log_scale = not self.log_scale

    def action_restart(self) -> None:
        if self.state is not None:
            self.state = solver.restart(self.state)

    def action_back(self) -> None:
        self.playing = False
        self.dismiss(None)

    def action_help(self) -> None:
        self.playing = False
        self.app.push_screen(HelpScreen())


def status_text(state: SolverState, playing: bool, speed: int, best: float) -> str:
    """The status lines: settings, where descent stands, and how it ended (never NaN)."""
    limit = solver.stable_rate(state)
    stable = f"largest stable η {num(limit)}" if limit is not None else "adam: no fixed limit"
    settings = (
        f"{state.method}   η {num(state.learning_rate)}   {stable}   "
        f"{speed} step{'s' if speed != 1 else ''}/tick   step {state.steps}"
    )
    m, b = state.current.m, state.current.b
    numbers = (
        f"ŷ = {num(m)}·x {'−' if b < 0 else '+'} {num(abs(b))}   "
        f"MSE {num(state.current.mse, 7)}   optimum {num(best, 7)}"
    )
    if not state.diverged:
        numbers += f"   gap {num(state.gap, 2)}"
    if state.converged:
        outcome = (
            f"Converged after {state.steps} step{'' if state.steps == 1 else 's'}: "
            f"MSE {num(state.current.mse, 7)} vs optimum {num(best, 7)}"
        )
    elif state.diverged:
        outcome = f"Diverged: {state.reason}."
    elif state.reason:
        outcome = state.reason[0].upper() + state.reason[1:] + "."
    else:
        outcome = "▶ playing" if playing else "paused: space plays, n steps once"
    if state.diverged:  # the numbers have blown up: the reason says what they mean
        return f"{settings}\n{outcome}"
    return f"{settings}\n{numbers}\n{outcome}"


def _nice_ceiling(n: int) -> float:
    """The smallest of 1, 2, 5 × 10^k that is ≥ n: the step axis moves only now and then."""
    power = 10 ** int(np.floor(np.log10(n)))
    return float(next(f * power for f in (1, 2, 5, 10) if f * power >= n))


def _thin(history: tuple[solver.Point, ...], most: int) -> list[tuple[int, solver.Point]]:
    """At most `most` points of the path, evenly spread, always keeping the first and last."""
    n = len(history)
    if n <= most:
        return list(enumerate(history))
    picks = np.unique(np.linspace(0, n - 1, most).round().astype(int))
    return [(int(i), history[i]) for i in picks]


def _fit_box(x: np.ndarray, y: np.ndarray) -> tuple[tuple[float, float], tuple[float, float]]:
    """Fixed axes for the fit chart: the data with a margin (a diverging line leaves it)."""
    x_lo, x_hi = float(np.min(x)), float(np.max(x))
    y_lo, y_hi = float(np.min(y)), float(np.max(y))
    pad_x, pad_y = 0.05 * (x_hi - x_lo or 1.0), 0.15 * (y_hi - y_lo or 1.0)
    return (x_lo - pad_x, x_hi + pad_x), (y_lo - pad_y, y_hi + pad_y)


def _bowl_picture(
    state: SolverState,
) -> tuple[tuple[tuple[float, float], tuple[float, float]], tuple[Series, ...]]:
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
        rings.append(Series(tuple(pts[0].tolist()), tuple(pts[1].tolist()), "ring"))
    outer = centre[:, None] + vecs @ (np.sqrt(2 * gap / lam)[:, None] * unit)
    lo, hi = outer.min(axis=1), outer.max(axis=1)
    pad = 0.1 * (hi - lo)
    box = (
        (float(lo[0] - pad[0]), float(hi[0] + pad[0])),
        (float(lo[1] - pad[1]), float(hi[1] + pad[1])),
    )
    return box, tuple(rings)
