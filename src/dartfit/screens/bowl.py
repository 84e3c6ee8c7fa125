"""Descent levels: walk down the MSE bowl by hand, one gradient step per key."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Static

from dartfit import goals
from dartfit.game import bowl
from dartfit.game.bowl import BowlState
from dartfit.hud import num, signed
from dartfit.levels import Level
from dartfit.scenes.bowl import BowlPicture, bowl_bounds, draw_bowl
from dartfit.screens.level_base import LevelScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.lines_panel import LinesPanel

BOWL_HELP = """\
Walk down the bowl
  space        one gradient step: m ← m − η·∂MSE/∂m, b ← b − η·∂MSE/∂b
  enter        take every step left in the budget
  [ ]          learning rate η smaller / larger (×1.25)
  f            feature scaling on / off: centre and scale x (the bowl turns round)
  The map shows MSE over (m, b): each ring is a contour, ✚ the bottom, ● you.
"""


class BowlScreen(LevelScreen):
    """The contour map of the MSE bowl with the player's path, gradients and rate."""

    BINDINGS = [
        Binding("space", "step", "Step"),
        Binding("enter", "run", "Run all"),
        Binding("left_square_bracket", "rate(0.8)", "η −", key_display="["),
        Binding("right_square_bracket", "rate(1.25)", "η +", key_display="]"),
        Binding("f", "scaling", "Scaling"),
    ]
    HELP = BOWL_HELP

    state: var[BowlState | None] = var(None)

    def __init__(self, level: Level) -> None:
        super().__init__(level)
        self.spec = bowl.spec(level)
        self.target = goals.target_value(level)
        self._bounds: dict[bool, tuple[float, float, float, float]] = {}
        self._announced = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="play-area"):
            yield CanvasView(id="bowl")
            yield LinesPanel(id="hud")
        yield Static("", id="gradient", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.state = bowl.start(self.level)

    def _view(self, scaled: bool) -> tuple[float, float, float, float]:
        if scaled not in self._bounds:
            optimum = bowl.to_bowl(self.level, scaled, *goals.best_fit(self.level, "mse"))
            first = bowl.start(self.level, scaled).path[0]
            self._bounds[scaled] = bowl_bounds(optimum, [first[:2]])
        return self._bounds[scaled]

    def watch_state(self, state: BowlState | None) -> None:
        if state is None:
            return
        optimum = bowl.to_bowl(self.level, state.scaled, *goals.best_fit(self.level, "mse"))
        picture = BowlPicture(
            bowl.xs(self.level, state.scaled),
            self.level.y,
            optimum,
            tuple((m, b) for m, b, _ in state.path),
            self._view(state.scaled),
        )
        self.query_one(CanvasView).show(partial(draw_bowl, picture))
        self.query_one("#hud", LinesPanel).show(self._hud(state))
        dm, db = bowl.gradient(self.level, state)
        eta = num(state.learning_rate, 3)
        self.query_one("#gradient", Static).update(
            f"∂MSE/∂m = {signed(dm, 4)}   ∂MSE/∂b = {signed(db, 4)}\n"
            f"next step: m − {eta}·({signed(dm, 3)}),  b − {eta}·({signed(db, 3)})",
            layout=False,
        )
        self._judge(state)

    def _hud(self, state: BowlState) -> list[str]:
        m, b = bowl.to_line(self.level, state.scaled, *state.path[-1][:2])
        limit = bowl.max_stable_rate(self.level, state.scaled)
        lines = [
            "ŷ = m·x + b",
            f"m = {num(m)}",
            f"b = {num(b)}",
            f"MSE = {num(state.mse)}",
        ]
        if self.target is not None:
            lines.append(f"target {num(self.target)}")
        lines += [
            "",
            f"η = {num(state.learning_rate, 3)}",
            f"stable if η < {num(limit, 3)}",
            f"steps {state.steps} of {self.spec.max_steps}",
            "",
            f"x scaled: {'yes' if state.scaled else 'no'}",
        ]
        raw, scaled = bowl.steps_needed(self.level, False), bowl.steps_needed(self.level, True)
        if state.scaled or (self.level.spec.descent and self.level.spec.descent.scaled):
            lines += [
                "steps at ½ stable η:",
                f"  raw x {raw or '> 20,000'}",
                f"  scaled x {scaled}",
            ]
        return lines

    def _judge(self, state: BowlState) -> None:
        if state.diverged or bowl.climbing(state):
            self.say(bowl.divergence_reason(self.level, state) + " Press r, then [ to lower η.")
        elif goals.beaten(self.level, state.mse) and state.steps > 0:
            if not self._announced:
                self._announced = True
                self.won(state.mse, state.steps)
        elif state.steps >= self.spec.max_steps:
            self.say(
                f"Out of steps: MSE {num(state.mse)} after {state.steps}. Press r and try a "
                "different learning rate (or feature scaling)."
            )

    def action_step(self) -> None:
        if self.state is not None:
            self.state = bowl.step(self.level, self.state)

    def action_run(self) -> None:
        if self.state is not None:
            self.state = bowl.run_out(self.level, self.state)

    def action_rate(self, factor: float) -> None:
        if self.state is None:
            return
        if self.spec.lock_rate:
            self.say("This level fixes the learning rate.")
        elif self.state.steps > 0:
            self.say("Change the rate before the first step: press r to start again.")
        else:
            self.state = bowl.with_rate(self.level, self.state, factor)

    def action_scaling(self) -> None:
        if self.state is not None:
            self.state = bowl.toggle_scaling(self.level, self.state)
            self.say(
                "Feature scaling "
                + ("on: x is centred and scaled." if self.state.scaled else "off: raw x.")
            )

    def action_reset(self) -> None:
        if self.state is not None:
            self._announced = False
            self.state = bowl.start(self.level, self.state.scaled, self.state.learning_rate)
        super().action_reset()
