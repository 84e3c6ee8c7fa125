"""Nudge the line: line and mae levels. Arrow keys move ŷ = m·x + b; the HUD keeps score."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Static

from dartfit import core, goals
from dartfit.game import fit
from dartfit.game.fit import FitState
from dartfit.hud import mae_formula, mse_formula, num
from dartfit.scenes.fit import Density, FitPicture, draw_fit, fit_bounds
from dartfit.screens.level_base import LevelScreen, arrow_bindings
from dartfit.screens.solver import SolverScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.lines_panel import LinesPanel

FIT_HELP = """\
Nudge the line ŷ = m·x + b
  ← →          slope m down / up (shift: ten times finer)
  ↑ ↓          intercept b up / down (shift: ten times finer)
  s            penalty squares on / off (area = squared miss)
  b            show the best line (costs stars: at most one)
  enter        finish now, once the target is beaten
  a            auto-solver: watch gradient descent from your line (line levels)
"""


class FitScreen(LevelScreen):
    """Line and mae levels: the points, the player's line, residuals and squares."""

    BINDINGS = [
        *arrow_bindings("nudge"),
        Binding("s", "toggle_squares", "Squares"),
        Binding("b", "reveal", "Best line"),
        Binding("enter", "finish", "Finish"),
        Binding("a", "solve", "Auto-solve"),
    ]
    HELP = FIT_HELP

    state: var[FitState | None] = var(None)
    show_squares: var[bool] = var(True)

    def __init__(self, level, show_squares: bool = True) -> None:  # type: ignore[no-untyped-def]
        super().__init__(level)
        self.steps = goals.steps(level)
        self.bounds = fit_bounds(level.x, level.y)
        self.density = Density(level.x, level.y) if fit.is_big(level) else None
        self._mae_timer: Timer | None = None
        self.target = goals.target_value(level)
        self.set_reactive(FitScreen.show_squares, show_squares)
        self._announced = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="play-area"):
            yield CanvasView(id="chart")
            yield LinesPanel(id="hud")
        yield Static("", id="formula", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        if self.level.spec.kind == "mae":
            self.add_class("-mae")
        self.state = fit.start(self.level)

    def watch_state(self, state: FitState | None) -> None:
        if state is None:
            return
        s = fit.score(self.level, state)
        self._draw(state)
        self.query_one("#hud", LinesPanel).show(self._hud(state, s))
        self.query_one("#formula", Static).update(self._formula(state, s), layout=False)
        if s.mae is None and self.level.spec.kind == "mae":
            self._later_mae()
        beaten = goals.beaten(self.level, s.value)
        if beaten and not self._announced:
            self._announced = True
            self.won(s.value, state.presses, state.revealed)
        elif not beaten:
            self._announced = False

    def _later_mae(self) -> None:
        """On big data the exact MAE (O(n)) waits until the line has stopped moving."""
        if self._mae_timer is not None:
            self._mae_timer.stop()
        self._mae_timer = self.set_timer(0.3, self.show_exact_mae)

    def show_exact_mae(self) -> None:
        """Compute the current line's exact MAE (O(n)) and show it."""
        state = self.state
        if state is not None:
            exact = replace(fit.score(self.level, state), mae=fit.exact_mae(self.level, state))
            self.query_one("#hud", LinesPanel).show(self._hud(state, exact))
            self.query_one("#formula", Static).update(self._formula(state, exact))

    def watch_show_squares(self) -> None:
        if self.state is not None:
            self._draw(self.state)

    def _draw(self, state: FitState) -> None:
        ghosts = tuple(self._best_lines().values()) if state.revealed else ()
        picture = FitPicture(
            self.level.x,
            self.level.y,
            state.m,
            state.b,
            self.bounds,
            squares=self.show_squares,
            ghosts=ghosts,
            density=self.density,
        )
        self.query_one(CanvasView).show(partial(draw_fit, picture))

    def _formula(self, state: FitState, s: fit.FitScore) -> str:
        """The MSE formula with this level's numbers (and MAE's on mae levels)."""
        n, y = self.level.x.size, self.level.y[:2]
        pred = core.line_predict(self.level.x[:2], state.m, state.b)
        formula = mse_formula(y, pred, s.mse, n=n)
        if self.level.spec.kind == "mae":
            formula += "\n" + mae_formula(y, pred, s.mae, n=n)
        return formula

    def _hud(self, state: FitState, s: fit.FitScore) -> list[str]:
        constant = self.level.spec.model.shape == "constant"
        metric = self.level.spec.target.metric.upper()
        lines = [("ŷ = b" if constant else "ŷ = m·x + b"), ""]
        if not constant:
            lines.append(f"m = {num(state.m)}")
        lines += [f"b = {num(state.b)}", "", f"MSE = {num(s.mse)}"]
        if self.level.spec.kind == "mae" or metric == "MAE":
            lines.append("MAE = …" if s.mae is None else f"MAE = {num(s.mae)}")
        if self.target is not None:
            mark = "✓" if goals.beaten(self.level, s.value) else " "
            lines.append(f"target {num(self.target)} {mark}")
            lines.append(f"({metric} ≤ target wins)")
        lines += ["", f"presses {state.presses}"]
        if self.level.spec.stars.par:
            lines.append(f"par {self.level.spec.stars.par}")
        step = f"steps m ±{num(self.steps.m)} b ±{num(self.steps.b)}"
        lines += ["", step if not constant else f"step b ±{num(self.steps.b)}", "shift: ÷10"]
        if state.revealed:
            lines.append("")
            for name, (m, b) in self._best_lines().items():
                line = f"b = {num(b)}" if constant else f"m={num(m)} b={num(b)}"
                lines += [f"{name}:", f"  {line}"]
            lines.append("(revealed: max 1 ★)")
        return lines

    def _best_lines(self) -> dict[str, tuple[float, float]]:
        """The best line(s) to reveal: on mae levels both the MSE and the MAE optimum."""
        if self.level.spec.kind != "mae":
            return {f"best {self.level.spec.target.metric.upper()}": goals.best_fit(self.level)}
        constant = self.level.spec.model.shape == "constant"
        return {
            "MSE best" + (" (mean)" if constant else ""): goals.best_fit(self.level, "mse"),
            "MAE best" + (" (median)" if constant else ""): goals.best_fit(self.level, "mae"),
        }

    def action_nudge(self, dm: float, db: float) -> None:
        if self.state is not None:
            new = fit.nudge(self.level, self.state, dm * self.steps.m, db * self.steps.b)
            self.state = new

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The auto-solver fits a line: on every level whose model is a line (not a constant)."""
        return action != "solve" or self.level.spec.model.shape == "line"

    def action_solve(self) -> None:
        """Watch gradient descent finish the job, starting from the player's line."""
        if self.state is not None:
            self.app.push_screen(SolverScreen(self.level, (self.state.m, self.state.b)))

    def action_toggle_squares(self) -> None:
        self.show_squares = not self.show_squares

    def action_reveal(self) -> None:
        if self.state is not None and not self.state.revealed:
            self.state = fit.reveal(self.level, self.state)
            if self.level.spec.kind == "mae":
                self.say("Green: the best line under MSE; yellow: under MAE. Max one star now.")
            else:
                self.say("The dotted line is the best one. Showing it costs stars: at most one.")

    def action_finish(self) -> None:
        if self.state is None:
            return
        s = fit.score(self.level, self.state)
        if goals.beaten(self.level, s.value):
            self.won(s.value, self.state.presses, self.state.revealed)
        else:
            self.say(
                f"Not yet: {self.level.spec.target.metric.upper()} {num(s.value)} "
                f"is above the target {num(self.target or 0)}."
            )

    def action_reset(self) -> None:
        self._announced = False
        self.state = fit.start(self.level)
        super().action_reset()
