"""Descent levels: walk down the MSE bowl by hand, one gradient step per key."""

from __future__ import annotations

import time
from functools import partial
from itertools import pairwise

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Static

from dartfit.levels import Level
from dartfit.pictures.bowl import BowlPicture, bowl_bounds, draw_bowl
from dartfit.rules import bowl, linear, scoring
from dartfit.rules.bowl import BowlState
from dartfit.screens import tables
from dartfit.screens.level_base import LevelScreen, arrow_group, play_area
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.wording import (
    RATE_SAID,
    ROUND_OFF,
    decimals_of,
    in_width,
    num,
    signed_alike,
    steady,
    told_apart,
    with_decimals,
)

RUN_FPS = 30  # frames a second while a run walks the budget
RUN_SHARE = 0.5  # of each frame, the share spent stepping: the rest keeps the keys alive


GRADIENT_WIDTH = 7  # a gradient's four digits with its sign and point (−0.8294)
SLOPES = "the bowl's slopes: "
"""Before ∂MSE/∂m and ∂MSE/∂b, what they are (the bowl, the first level to show them, came
before the lesson that names them)."""
AGAINST = "next step, downhill: "
"""Before the step, which way it goes: against each slope, η times it."""
UNSCALED = "x as is (f scales it)"
"""The feature-scaling row with x as the data has it ("x scaled: no" meant nothing on the
levels before the one that teaches scaling)."""
RATE = Binding.Group("η −/+")  # one footer entry for the pair: "[ ] η −/+"


RATE_UP = 1.25
"""] multiplies the learning rate by this, [ divides it."""


class BowlScreen(LevelScreen):
    """The contour map of the MSE bowl with the player's path, gradients and rate."""

    BINDINGS = [
        # a level that asks the sign of each partial derivative before space steps: the
        # calls first, as its goal asks for them (after f, its footer read "space Step
        # f Scale x ←→ ∂m ± ↓↑ ∂b ±"); on the other levels they are neither shown nor taken
        Binding("left", "call(0, -1)", "call ∂MSE/∂m negative", group=arrow_group("∂m ±")),
        Binding("right", "call(0, 1)", "call ∂MSE/∂m positive", group=arrow_group("∂m ±")),
        Binding("down", "call(1, -1)", "call ∂MSE/∂b negative", group=arrow_group("∂b ±")),
        Binding("up", "call(1, 1)", "call ∂MSE/∂b positive", group=arrow_group("∂b ±")),
        Binding("space", "step", "Step", tooltip="one gradient step"),
        Binding(
            "enter",
            "run",
            "Run",  # short, so that r and h fit beside it at 80 columns
            tooltip="step until the steps have earned every star they can, or pause",
        ),
        Binding("left_square_bracket", f"rate({1 / RATE_UP})", "η −", key_display="[", group=RATE),
        Binding("right_square_bracket", f"rate({RATE_UP})", "η +", key_display="]", group=RATE),
        # before f: "Press r, then [" is what a walk that diverged or ran out is told
        Binding("r", "reset", "Reset", tooltip="start the walk again"),
        Binding("f", "scaling", "Scale x", tooltip="centre and scale x, or not"),
    ]
    RATE_KEYS = "[ and ] change the learning rate η by ×0.8 and ×1.25"
    """Said in the help only where the level lets the player change η."""
    HELP = (
        "Walk down the MSE bowl. The map shows MSE over (m, b): each ring is a contour, "
        "✚ the bottom, ● you; a step off the map widens it, and a walk that runs ten times "
        "as far turns it to log axes of the distance from ✚ (Δm, Δb), its last steps "
        "numbered where they land. A gradient step moves "
        "m ← m − η·∂MSE/∂m and "
        f"b ← b − η·∂MSE/∂b; {RATE_KEYS}. Feature "
        "scaling turns the bowl round. Where a level asks, call the sign of each partial "
        "derivative first (→ or ↑: positive, ← or ↓: negative): the step goes against the "
        "signs you call, so a wrong call climbs."
    )

    state: var[BowlState | None] = var(None)

    def help_prose(self) -> str:
        """The help's prose: on a level that fixes η, its keys go unsaid (they are not taken)."""
        if not self.spec.lock_rate:
            return self.HELP
        return self.HELP.replace(self.RATE_KEYS, "this level fixes the learning rate η")

    def __init__(self, level: Level) -> None:
        super().__init__(level)
        self.spec = bowl.spec(level)
        self.target = scoring.target_value(level)
        self._bounds: dict[bool, tuple[float, float, float, float]] = {}
        self._runner: Timer | None = None
        self._walking = False
        self._goal: float | None = None  # the MSE the run under way stops at
        self._decimals = 0  # the decimals m and b show, both alike: they keep them (`_hud`)
        self._width = 0  # the cells m and b are shown in, both alike, in the walk (`_hud`)
        self._walk: tuple[object, ...] = ()  # the walk they were planned for
        # a gradient this small beside the data's own size is round-off: shown as 0
        self.gradient_scale = float(
            2 * np.mean(np.abs(level.y)) * max(1.0, float(np.mean(np.abs(level.x))))
        )
        self.called: list[int] = [0, 0]
        """The signs the player calls for ∂MSE/∂m and ∂MSE/∂b before the next step."""
        self.signs_told: list[bool] = []
        """Whether each step's signs were called right (signs levels)."""
        self.told = ""
        """What the last step showed (signs levels)."""

    def compose_body(self) -> ComposeResult:
        with play_area():
            yield CanvasView(id="bowl")
            yield LinesPanel(id="hud")
            yield LinesPanel(id="walk")  # a wide screen's column of the steps taken
        # on a signs level it asks for the next calls: nothing to ask once won (-calls)
        yield Static("", id="gradient", markup=False, classes="-calls" if self.spec.signs else "")

    def on_mount(self) -> None:
        super().on_mount()
        self._runner = self.set_interval(1 / RUN_FPS, self._run_frame, pause=True)
        self.state = bowl.start(self.level)

    def _run_frame(self) -> None:
        """One frame of a run: steps for part of the frame, then one drawing of them."""
        state = self.state
        if state is None or not self._walking:  # a frame already due when it paused
            return
        deadline = time.perf_counter() + RUN_SHARE / RUN_FPS
        chunk = 16
        while not self._walked(state) and time.perf_counter() < deadline:
            state = bowl.advance(self.level, state, chunk, self._goal)
            chunk = min(2 * chunk, 4096)
        if self._walked(state):
            self._pause_run()
        self.state = state

    def _walked(self, state: BowlState) -> bool:
        """Where a run stops: out of steps, diverged, or at its goal (`bowl.run_goal`, the
        most stars its rate earns in the budget: judged there and won at once, as a run that
        walked on past it lost the win to an esc on the way)."""
        goal = self._goal
        reached = state.steps > 0 and goal is not None and state.mse <= goal
        return state.diverged or state.steps >= self.spec.max_steps or reached

    def can_play_on(self) -> bool:
        """Only with steps left in the budget: the win on its last step leaves k nothing to
        play on with."""
        state = self.state
        left = state is not None and not state.diverged and state.steps < self.spec.max_steps
        return left and super().can_play_on()

    def _pause_run(self) -> None:
        if self._runner is not None:
            self._runner.pause()
        self._walking = False

    def on_screen_suspend(self) -> None:
        """Another screen covers this one (help, a lesson): the run waits for the player."""
        if self._walking:
            self._pause_run()
            self.say("Paused: press enter to run on.")

    def _view(self, scaled: bool) -> tuple[float, float, float, float]:
        if scaled not in self._bounds:
            optimum = bowl.to_bowl(self.level, scaled, *linear.best_fit(self.level, "mse"))
            first = bowl.start(self.level, scaled).path[0]
            self._bounds[scaled] = bowl_bounds(optimum, [first[:2]])
        return self._bounds[scaled]

    def watch_state(self, state: BowlState | None) -> None:
        if state is None:
            return
        self._draw_map(state)
        self._show_numbers(state)
        self.query_one("#gradient", Static).update(self._gradient_text(state), layout=False)
        if not self._walking:  # a run is judged where it stops, not on the way
            self._judge(state)

    def _show_numbers(self, state: BowlState) -> None:
        """The HUD and, on a wide screen, the walk's last steps beside it, in the rows it has."""
        self.query_one("#hud", LinesPanel).show(self._hud(state))
        steps = _numbered(state)
        self.show_wide("#walk", partial(tables.walk, steps, self._names(state)), self._walk_held)

    def _walk_held(self) -> list[str]:
        """The walk's column at its widest in this play, x scaled or not (`held`): its heading
        and each column's widest cell (`tables.widest_row`) of the steps a walk can show. A
        step alone is written at least as wide as among others (its decimals are its own), so
        the steps alone and in pairs (a change) bound every run of them the column lists: a
        walk of the whole budget from the start, every wrong call's climb on a signs level,
        the corners of the region a walk stays in until it has diverged (`bowl.reach`) at the
        budget's last step, and the bottom with the least change shown beside it."""
        last, windows = self.spec.max_steps, []
        for scaled in (False, True):
            start = bowl.start(self.level, scaled)
            names = self._names(start)
            walks = [bowl.advance(self.level, start, last)]
            if self.spec.signs:  # a wrong call climbs: every one wrong, or one of the two
                walks += [self._called_walk(start, wrong) for wrong in ((1, 1), (1, 0), (0, 1))]
            steps = [step for walked in walks for step in _numbered(walked)]
            m, b, low = bowl.bottom(self.level, start)
            dm, db = bowl.reach(self.level, start)
            corners = [(m + i * dm, b + j * db, start.limit) for i in (-1, 1) for j in (-1, 1)]
            steps += [(last, corner) for corner in corners]
            least = low * (1 + 1.5 * ROUND_OFF)  # a step's change just past round-off
            pairs = [((last - 1, (m, b, least)), (last, (m, b, low)))]
            pairs += [((last - 1, (m, b, low)), (last, corner)) for corner in corners]
            pairs += [pair for walked in walks for pair in pairwise(_numbered(walked))]
            windows += [tables.walk_cells([step], names) for step in steps]
            windows += [tables.walk_cells(pair, names) for pair in pairs]
        return [tables.WALK, tables.widest_row(windows)]

    def _called_walk(self, start: BowlState, wrong: tuple[int, int]) -> BowlState:
        """The budget walked from `start` with the calls of `wrong` (1: that sign called
        wrong, 0: right) at every step."""
        state = start
        for _ in range(self.spec.max_steps):
            signs = bowl.gradient_signs(state, self.gradient_scale)
            called = tuple((-s if w else s) or 1 for s, w in zip(signs, wrong, strict=True))
            state = bowl.called_step(self.level, state, (called[0], called[1]))
        return state

    def resized(self) -> None:
        """The HUD's words and the walk for the screen's width (-wide)."""
        if self.state is not None:
            self._show_numbers(self.state)

    def _draw_map(self, state: BowlState) -> None:
        optimum = bowl.to_bowl(self.level, state.scaled, *linear.best_fit(self.level, "mse"))
        picture = BowlPicture(
            bowl.xs(self.level, state.scaled),
            self.level.y,
            optimum,
            tuple((m, b) for m, b, _ in state.path),
            self._view(state.scaled),
            round=state.scaled,  # centred and scaled x makes the bowl round: draw it so
            names=self._names(state),
            steps=state.steps,
            lows=bowl.lows_along(self.level, state) if self._lows_shown() else (),
        )
        self.query_one(CanvasView).show(partial(draw_bowl, picture))

    def _lows_shown(self) -> bool:
        """Whether the map marks the least MSE along ●'s row and column: on a signs level,
        once its last hint (which asks where they lie) is shown."""
        hints = self.level.spec.hints
        return self.spec.signs and bool(hints) and self.attempt.hints >= len(hints)

    def action_hint(self) -> None:
        shown = self._lows_shown()
        super().action_hint()
        if self._lows_shown() != shown and self.state is not None:
            self._draw_map(self.state)  # the map marks what the hint asks about

    def _gradient_text(self, state: BowlState) -> str:
        """The gradient and the next step; on a signs level, the player's calls instead (the
        gradient is what the step will reveal)."""
        dm, db = bowl.gradient(self.level, state)
        eta = num(state.learning_rate, 3)
        g = self.gradient_scale
        m, b = self._names(state)
        if self.spec.signs:
            calls = ["?" if c == 0 else ("+" if c > 0 else "−") for c in self.called]
            return (
                f"Your call on the slopes: ∂MSE/∂{m} {calls[0]} (← − → +)   "
                f"∂MSE/∂{b} {calls[1]} (↓ − ↑ +)\n"
                f"next step: {m} − {eta}·({calls[0]}|∂MSE/∂{m}|),"
                f"  {b} − {eta}·({calls[1]}|∂MSE/∂{b}|)"
            )
        slopes = signed_alike((dm, db), 4, g)  # +21,071 beside +4,460, not +4460
        # ∂MSE/∂b keeps its column while ∂MSE/∂m's number changes width (−1.005, −0.8294)
        first = f"∂MSE/∂{m} = {slopes[0]}".ljust(len(f"∂MSE/∂{m} = ") + GRADIENT_WIDTH)
        return (
            f"{SLOPES}{first}   ∂MSE/∂{b} = {slopes[1]}\n"
            f"{AGAINST}{m} − {eta}·({slopes[0]}),  {b} − {eta}·({slopes[1]})"
        )

    @staticmethod
    def _names(state: BowlState) -> tuple[str, str]:
        """The bowl's coordinates as the HUD, the axes and the gradient name them: m' and b'
        over centred, scaled x."""
        return ("m'", "b'") if state.scaled else ("m", "b")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "call":
            return self.spec.signs
        if action == "run" and self.spec.signs:
            return False  # every step waits for the player's call
        if action == "rate" and self.spec.lock_rate:
            return False  # the level fixes η: its keys are neither offered nor taken
        return super().check_action(action, parameters)

    def fixed_rate(self) -> float | None:
        return self.state.learning_rate if self.spec.lock_rate and self.state else None

    def action_call(self, which: int, sign: int) -> None:
        """Call the sign of ∂MSE/∂m (0) or ∂MSE/∂b (1) before the next step."""
        self.called[which] = sign
        if self.state is not None:
            self.query_one("#gradient", Static).update(self._gradient_text(self.state))

    def _hud(self, state: BowlState) -> list[str]:
        limit = bowl.max_stable_rate(self.level, state.scaled)
        walk = (state.scaled, state.problem.learning_rate, state.head[0])
        if walk != self._walk:  # a walk begins: the decimals it will need, planned ahead
            self._walk, self._decimals = walk, bowl.walk_decimals(self.level, state)
            self._width = 0
        # m' and b' in the bowl's own coordinates, as its axes and the gradient have them
        names = ("m'", "b'") if state.scaled else ("m", "b")
        shown = self._shown_line(state)
        # never fewer decimals than shown before (b read −1.4984, then −1.08): steady widths
        self._decimals = max(self._decimals, *decimals_of(*shown))
        slope, height = (with_decimals(v, self._decimals) for v in shown)
        # right-aligned in one width, never narrower in a walk: in a blow-up, m's and b's
        # minus signs came and went and their digits grew, so the numbers moved a cell at
        # every step (planned for the whole walk ahead, too-hot's first steps read
        # "m =      −5.1842", padded for the −12,634.4623 to come)
        self._width = max(self._width, len(slope), len(height))
        slope, height = in_width(slope, self._width), in_width(height, self._width)
        lines = [f"ŷ = {names[0]}·x{names[0][1:]} + {names[1]}"]
        wide = self.has_class("-wide")
        lines += [tables.glossed(f"{names[0]} = {slope}", "slope", wide)]
        lines += [tables.glossed(f"{names[1]} = {height}", "intercept", wide)]
        # the MSE of the line as shown, apart from the target where they differ
        mse, goal = told_apart(bowl.shown_mse(state, shown), self.target)
        lines.append(tables.glossed(f"MSE = {mse}", "mean of e²", wide))
        if self.target is not None:
            lines.append(f"target {goal}")
        lines += [
            "",
            RATE_SAID,
            f"η = {num(state.learning_rate, 3)}",
            f"stable if η < {num(limit, 3)}",
            f"steps {state.steps} of {self.spec.max_steps}",
            "",
            "x' = (x − x̄)/sd(x)" if state.scaled else UNSCALED,
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
            self.say(self._climbed(state))
        elif scoring.beaten(self.level, state.mse) and state.steps > 0:
            # only beaten walks are scored, so the latch stays shut until r: a walk begun
            # afresh (scaling toggled) after a win does not win again
            self.score(state.mse, state.steps)
        elif state.steps >= self.spec.max_steps:
            rate = "" if self.spec.lock_rate else "a different learning rate (or "
            self.say(
                f"Out of steps: MSE {steady(state.mse)} after {state.steps}. Press r and try "
                f"{rate}feature scaling{')' if rate else ''}."
            )

    def _climbed(self, state: BowlState) -> str:
        """Why the MSE climbed, and what to do: the rate, or on a signs level at a stable
        rate, wrong calls (step by hand said its stable η diverged, and to press [)."""
        if self.spec.signs and state.learning_rate < bowl.max_stable_rate(self.level, state.scaled):
            return (
                "The MSE rose three steps running: a wrongly called sign steps uphill. "
                "Read each sign on the map (m: along ●'s row; b: along its column), or press r."
            )
        advice = "Press r to start again." if self.spec.lock_rate else "Press r, then [ to lower η."
        return f"{bowl.divergence_reason(self.level, state)} {advice}"

    def action_step(self) -> None:
        self._stop_run()
        state = self.state
        if state is None:
            return
        if not self.spec.signs:
            self.state = bowl.step(self.level, state)
            return
        if 0 in self.called:
            self.app.bell()
            self.say("First call the sign of ∂MSE/∂m (← − or → +) and of ∂MSE/∂b (↓ − or ↑ +).")
            return
        called = (self.called[0], self.called[1])
        right = bowl.signs_right(state, self.gradient_scale, called)
        self.signs_told.append(right)
        self.post_message(self.Predicted(self.level.id, right, "signs"))
        after = bowl.called_step(self.level, state, called)
        self.told = self._told(state, after, called, right)
        self.say(self.told)  # before the step lands: a win or a warning says last
        self.called = [0, 0]
        self.state = after

    def _shown_line(self, state: BowlState) -> tuple[str, str]:
        """m and b as the HUD shows them, to the walk's decimals."""
        return bowl.shown_line(state, state.here.m, state.here.b, self._decimals)

    def _mse_shown(self, state: BowlState, shown: tuple[str, str] | None = None) -> str:
        """The MSE the HUD shows: that of the line as shown (`shown`, by default this one's)."""
        return steady(bowl.shown_mse(state, shown or self._shown_line(state)))

    def _told(
        self, before: BowlState, after: BowlState, called: tuple[int, int], right: bool
    ) -> str:
        """What the step showed: each slope against the call, and where the MSE went, in
        one row at 80 columns when the calls were right (two rows had taken one from the
        chart above at each step, and a tick label with it)."""
        g = self.gradient_scale
        slopes = bowl.gradient(self.level, before)
        said = []
        shown = signed_alike(slopes, 3, g)
        for name, slope, text, call in zip(self._names(before), slopes, shown, called, strict=True):
            sign = "−" if call < 0 else "+"
            went = "down" if call > 0 else "up"
            if slope * call < 0:
                said.append(f"∂MSE/∂{name} {text} (not {sign}), {name} {went}: uphill")
            else:
                said.append(f"∂MSE/∂{name} {text}, {name} {went}")
        # as the HUD shows them, the MSE of the line as shown: it read 0.5289 above "MSE
        # 1.949 → 0.5288", the line's own
        mse = f"MSE {self._mse_shown(before)} → {self._mse_shown(after)}"
        verdict = "Right" if right else "Not quite"
        count = f"{sum(self.signs_told)} of {len(self.signs_told)}"
        return f"{verdict}, {count}: {'; '.join(said)}. {mse}"

    def saw_filled(self) -> dict[str, str]:
        """{rate} and {path}: the won walk's learning rate, and its path as the map drew it;
        {steps}: its steps beside the fewest any rate the keys choose takes."""
        if self.state is None:
            return {}
        state = self.state
        rate = num(state.learning_rate, 3)
        if state.scaled and not self.spec.scaled:
            # won on scaled x, η maybe raised: the rate is below the stable one of the bowl
            # it walked (too-hot said "Lowering η below 2/λ_max tames it: at η = 0.781")
            limits = (num(bowl.max_stable_rate(self.level, s), 3) for s in (True, False))
            rate += " on scaled x (stable below {}, not {})".format(*limits)
        said = {"rate": rate, "path": bowl.path_said(state)}
        return said | {"steps": bowl.steps_said(self.level, state)}

    def prediction_said(self) -> list[str]:
        said = super().prediction_said()
        if self.spec.signs and self.signs_told:
            told = f"Signs called right: {sum(self.signs_told)} of {len(self.signs_told)}"
            said.append(told)
        return said

    def action_run(self) -> None:
        """Walk a chunk a frame to the run's goal (`bowl.run_goal`) or the budget's end, so
        every key still works; enter during a run pauses it."""
        if self.state is None:
            return
        if not self._walking:  # a run's goal is set as it starts, or starts again
            self._goal = bowl.run_goal(self.level, self.state)
        if self._walked(self.state):
            return
        if self.spec.signs:
            self.say("Here each step waits for your calls: ← → and ↓ ↑, then space.")
            return
        if self._walking:
            self._stop_run()
            self.say(f"Paused after {self.state.steps} steps: enter runs on.")
        elif self._runner is not None:
            self._walking = True
            self._run_frame()  # a short budget is walked at once, within this key press
            if self._walking:
                self._runner.resume()
                self.say("Running: enter pauses, r starts again.")

    def _stop_run(self) -> None:
        """Stop a run where it stands, and judge that point as if it were walked by hand."""
        if self._walking:
            self._pause_run()
            if self.state is not None:
                self._judge(self.state)

    def action_rate(self, factor: float) -> None:
        self._stop_run()
        if self.state is None:
            return
        if self.state.steps > 0:
            self.say("Change the rate before the first step: press r to start again.")
            return
        moved = bowl.with_rate(self.level, self.state, factor)
        if moved is self.state:
            end = "largest" if factor > 1 else "smallest"
            self.refuse(f"η {num(moved.learning_rate, 3)} is the {end} rate here.")
            return
        self.state = moved
        rate = self.state.learning_rate
        limit = bowl.max_stable_rate(self.level, self.state.scaled)
        if rate >= limit:  # said before the steps diverge, as the auto-solver says it
            self.say(
                f"⚠ η = {num(rate, 3)} is past the largest stable rate {num(limit, 3)}: each "
                "step will overshoot by more than it corrects, and the MSE will grow. "
                "[ lowers η."
            )
        elif rate * RATE_UP >= limit:  # one more ] and it would be
            self.say(f"η = {num(rate, 3)}: one more ] passes the largest stable rate.")
        else:  # said each time, so a warning about the rate before never outlives it
            self.say(f"η = {num(rate, 3)}: below the largest stable rate {num(limit, 3)}.")

    def action_scaling(self) -> None:
        self._stop_run()
        if self.state is not None:
            self._forget_walk()  # other coordinates: m' and b' had kept raw b's 7 decimals
            self.state = bowl.toggle_scaling(self.level, self.state)
            self.say(
                "Feature scaling "
                + ("on: x is centred and scaled" if self.state.scaled else "off: raw x")
                + f". The walk starts again, η {num(self.state.learning_rate, 3)}."
            )

    def _forget_walk(self) -> None:
        """What a walk started again leaves behind: its calls, what they showed, and the
        decimals m and b have shown."""
        self.called, self.signs_told, self.told = [0, 0], [], ""
        self._walk = ()

    def start_over(self) -> None:
        self._pause_run()
        self._forget_walk()
        if self.state is not None:
            self.state = bowl.start(self.level, self.state.scaled, self.state.learning_rate)


def _numbered(state: BowlState) -> list[tables.Step]:
    """The walk's steps the path keeps, each by its number (its first and its last)."""
    first = state.steps - len(state.tail) + 1  # the tail's first step
    return [*enumerate(state.head), *enumerate(state.tail, first)]
