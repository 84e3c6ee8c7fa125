"""The auto-solver: gradient descent animated from the player's line, in three charts.

The fit (points and the moving line), the MSE against the step, and the path across the
MSE bowl with a few of its contour rings. A paused timer calls `tick`, which applies the
pure `solver.advance` and assigns the new frozen state; the watcher redraws from it with
the figures of `dartfit.pictures.solver` and the words of `dartfit.pictures.solver_status`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from dartfit.dialogs.help import HelpScreen
from dartfit.levels import Level
from dartfit.pictures.solver import SolverCharts
from dartfit.pictures.solver_status import (
    RunPlan,
    Widths,
    held,
    plan_run,
    scored_on,
    status_text,
    unstable,
)
from dartfit.rules import linear, solver
from dartfit.rules.solver import SolverState
from dartfit.screens.says_why import SaysWhy
from dartfit.steady.signals import hold_ending_signals_here
from dartfit.stylesheet import PLAY
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.plot import Figure, PlotView, aligned, load_plotext
from dartfit.widgets.prose import wrapped
from dartfit.widgets.title_bar import TitleBar
from dartfit.wording import FIELDS_APART, num, pack_fields

FPS = 32
"""Frames a second the run is drawn at: a little over 30, so that a late tick (a timer waits
at least its interval) never takes the animation under 30 (29.9 fps at 30)."""
SPEEDS = (1, 2, 5, 10, 20, 50, 100, 200)
"""Steps per tick the player can choose with + and -."""
FINISHED = "Finished: r starts again, [ ] change the rate, m the method."
"""What play and step say once the run has finished: neither can move it."""
DEFAULT_SPEED = 2  # index into SPEEDS: 5 steps per tick
TALL_FROM = 32
"""The least height at which the charts are laid out in two rows (`VERTICAL_BREAKPOINTS`)."""
KEPT_PLANS = 16  # runs planned, kept for a method, rate or restart come back to (`_plan_of`)
CHARTS = ("fit", "bowl", "loss")
"""The three charts, in the order the grid lays them out."""
_NUMBER = re.compile(r"\u2007*[−+\-]?[\d.,]+(?:e[−+\-]?\d+)?")  # in its width
_SCORES = re.compile(r"best (\S+)(\s+)MSE (\S+)")
PARTED = "bold underline"
"""The style of the line's MSE from the first digit where it parts from the best's: near the
best, "best 0.6872764   MSE 0.6872782" read as one number twice. Not a colour: it holds in 16
colours and under NO_COLOR."""


def _places(number: str) -> tuple[int, str]:
    """What a digit's place in `number` hangs on: its whole part's length and its power of
    ten: two numbers share a leading digit only where these are alike."""
    mantissa, _, power = number.partition("e")
    return len(mantissa.partition(".")[0]), power


def digits_parted(text: str) -> Text:
    """The status with the MSE's digits past those it shares with the best's marked
    (`PARTED`): where the two part is seen at a glance, not read digit by digit."""
    shown = Text(text)
    found = _SCORES.search(text)
    if found is not None:
        best, mse = found[1], found[3]
        pairs = enumerate(zip(best, mse, strict=False))
        same = next((k for k, (a, b) in pairs if a != b), min(len(best), len(mse)))
        if _places(best) != _places(mse):  # 126.8 shares no digit with 12.54, nor 3e−4 with 3e−5
            same = 0
        if mse != best:
            shown.stylize(PARTED, found.start(3) + same, found.end(3))
    return shown


@dataclass(frozen=True)
class Opening:
    """What the solver works out before its first frame: the run's first state (the
    problem's sums over every point), what its charts keep and its plan (500 steps walked)."""

    first: SolverState
    charts: SolverCharts
    plan: RunPlan
    scored: str
    """The status's last line on a level scored on another metric (`scored_on`)."""

    @classmethod
    def of(cls, level: Level, start: tuple[float, float]) -> Opening:
        """The opening of a run on `level` from the line `start`."""
        first = solver.start(level.x, level.y, *start)
        charts = SolverCharts.of(level.x, level.y, first)
        plan = plan_run(first, charts.decimals, charts.best, SPEEDS[-1])
        return cls(first, charts, plan, scored_on(level, charts.best))


def opening(level: Level, start: tuple[float, float] | None = None) -> Opening:
    """The solver's opening, worked out in a worker's thread, plotext imported there too: on
    a 10⁶-row CSV the sums and the imports held the game's loop for 150 ms as it opened."""
    hold_ending_signals_here()
    load_plotext()
    return Opening.of(level, start or linear.start_line(level))


class SolverScreen(SaysWhy, Screen[None]):
    """Animated gradient descent on a line level's MSE, starting from the player's line."""

    CSS_PATH = [PLAY]  # its styling (and its charts'): see dartfit.stylesheet
    BINDINGS = [
        Binding("space,enter", "play", "Play", key_display="space", tooltip="or pause (enter too)"),
        Binding("n,right", "step", "Step", key_display="n", tooltip="one step"),
        Binding("plus,equals_sign", "speed(1)", "Speed", key_display="+-", tooltip="up"),
        Binding("minus", "speed(-1)", "Speed", show=False, tooltip="down"),
        Binding("m", "method", "Method", tooltip="gradient descent → momentum → adam"),
        Binding("right_square_bracket", "rate(2)", "Rate", key_display="][", tooltip="×2"),
        Binding("left_square_bracket", "rate(0.5)", "Rate", show=False, tooltip="÷2"),
        Binding("g", "log_scale", "Log", tooltip="loss chart: the MSE, or its gap to the best"),
        Binding("r", "restart", "Restart", tooltip="from your line"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("escape", "back", "Back", tooltip="to the level"),
    ]
    HELP = (
        "Gradient descent, animated from your line: the fit, the MSE against the step, and "
        "the path of (m, b) across the MSE bowl (m across, b up), where ● is the line now and "
        "✚ the best (⊕ both, once the line now is in the best's cell); the bowl's view "
        "follows a run that leaves it, and once it is far out "
        "turns to log axes of the distance from ✚ (Δm, Δb), each swing in view. The rings "
        "of ◦ are lines of "
        "equal MSE: the outer one passes through your line, and each ring inside is a quarter "
        "as far above the best MSE (a run followed far out has rings at its own scale, each "
        "still a quarter of the next). The speed is steps per tick. "
        "A new method or learning rate starts again from your line; a new method keeps your "
        "rate's multiple of its default. Push the rate past the largest stable rate (it warns "
        "and waits first) and watch the MSE blow up: the bowl numbers its steps where they "
        "land (the first, then the latest), swinging from side to side of its valley, farther "
        "each time, and the MSE "
        "chart turns to a log scale to follow the climb. g shows the gap to the best MSE on a "
        "log scale: a steady descent is a straight line down it."
    )

    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL_FROM, "-tall")]
    """Short, the three charts share one row (the MSE chart had four rows at 80×24); tall,
    the fit and the bowl share the top and the MSE by step is across the foot."""

    state: var[SolverState | None] = var(None)
    playing: var[bool] = var(False)
    log_scale: var[bool] = var(False)
    speed: var[int] = var(DEFAULT_SPEED)
    note: var[str] = var("")
    """A line of news under the status (a rate at its cap, say) until the next step: in the
    status, never a toast over it."""

    def __init__(
        self,
        level: Level,
        start: tuple[float, float] | None = None,
        opened: Opening | None = None,
    ) -> None:
        """The solver on `level`, from the line `start` (default: the level's start line);
        `opened`, its opening worked out already (`opening`), else worked out here."""
        super().__init__()
        self.level = level
        start = start or linear.start_line(level)
        self.start = start
        self._timer: Timer | None = None
        self._frame = 0
        self._status_words = ""
        opened = opened or Opening.of(level, start)
        self._first = opened.first
        self._charts = opened.charts
        # m and b read to one number of decimals whichever method runs (gd's crickets read
        # 80.000000, momentum's 80.0000000, adam's 80.00000000): the best line's
        self._decimals = self._charts.decimals
        self._plans: dict[tuple[object, ...], RunPlan] = {_run_of(self._first): opened.plan}
        self._plan = opened.plan
        self._planned: SolverState = self._first  # the run's first state, once planned
        self._widths: Widths = (0, 0)  # the widest m and b the run has shown (`held`)
        self._split: dict[int, bool] = {}  # by width: whether ŷ has a row of its own
        self._reserved: dict[int, int] = {}  # by width: the run's status rows (`_packed`)
        self._scored = opened.scored

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="solver-body"):
            with Container(id="solver-charts"):  # a grid: two rows, or one when short
                yield PlotView(id="solver-fit")
                yield PlotView(id="solver-bowl")
                yield PlotView(id="solver-loss")
            # filled from the first frame: the screen is not yet mounted when state is set
            first = self._status_text(self._first, False, SPEEDS[DEFAULT_SPEED])
            first = self._packed(first, self.app.size.width - 2)  # as the frames after it
            yield Static(first, id="solver-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Auto-solver"
        self.sub_title = self.level.spec.title  # the whole title fits 80 columns
        self._timer = self.set_interval(1 / FPS, self.tick, pause=True)
        self.state = self._first

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
        self.refresh_bindings()  # space's name in the footer: Play or Pause

    def key_description(self, binding: Binding) -> str:
        """space pauses a run that is playing, and says so in the footer."""
        return "Pause" if binding.action == "play" and self.playing else binding.description

    def watch_state(self, state: SolverState | None) -> None:
        if state is None:
            return
        # While playing, the fit is redrawn every frame and the bowl and the loss take turns
        # (16 fps each): one plotext build costs 2-4 ms, three would miss the 15 ms budget.
        self._show_charts(state, self._frame % 2 if self.playing else None)
        self.note = ""
        self._show_status()

    def on_resize(self) -> None:
        """A new size: the status packed again for it once laid out (paused, it kept the
        old packing, "best" cut from its number, until a key was pressed), and the charts
        drawn again with the title rows their new sizes take."""
        self.call_after_refresh(self._show_status)
        self.call_after_refresh(self._show_charts)

    def _show_charts(self, state: SolverState | None = None, turn: int | None = None) -> None:
        """Draw the charts of a state (the one shown by default): on turn 0 of a run playing
        the fit and the bowl, on turn 1 the fit and the loss, else all three."""
        state = self.state if state is None else state
        if state is None:
            return
        figures = self._figures(state)
        for name in CHARTS:
            if (name, turn) not in (("bowl", 1), ("loss", 0)):
                self.query_one(f"#solver-{name}", PlotView).show(figures[name])

    def watch_note(self) -> None:
        self._show_status()

    def watch_log_scale(self) -> None:
        if self.state is not None:
            self._show_loss(self.state)

    def watch_speed(self) -> None:
        self._show_status()

    def _show_loss(self, state: SolverState) -> None:
        self.query_one("#solver-loss", PlotView).show(self._figures(state)["loss"])

    def _figures(self, state: SolverState) -> dict[str, Figure]:
        """The three charts of a state, those in one row of the layout (all three when
        short; the fit and the bowl when tall) with as many title rows as the most any of
        them takes, so that their frames line up (`aligned`)."""
        views = {name: self.query_one(f"#solver-{name}", PlotView) for name in CHARTS}
        figures = {
            "fit": self._charts.fit(state),
            "bowl": self._charts.bowl(state, max(views["bowl"].size.width, 20)),
            "loss": self._charts.loss(state, max(views["loss"].size.width, 20), self.log_scale),
        }
        rows = [CHARTS] if self.has_class("-short") else [CHARTS[:2], CHARTS[2:]]
        for row in rows:
            sized = [
                (figures[name], (views[name].size.width, views[name].size.height)) for name in row
            ]
            figures.update(zip(row, aligned(sized), strict=True))
        return figures

    # the words ---------------------------------------------------------------------
    def _status_text(self, state: SolverState, playing: bool, speed: int) -> str:
        """The status, m and b to the screen's decimals, from one frame and one run (or
        method) to the next, its numbers in the room the run has given them (`held`). On a
        level scored on another metric, its last line says so."""
        if state.steps == 0 and state is not self._planned:  # a run begins: plan ahead
            self._planned, self._split, self._reserved = state, {}, {}
            self._plan = self._plan_of(state)
            self._widths = (0, 0)
        self._widths = held(self._widths, state, self._plan.decimals)
        best = self._charts.best[2]
        text = status_text(
            state, playing, speed, best, self._plan.decimals, self._widths, self._plan.largest
        )
        return text + self._scored

    def _plan_of(self, state: SolverState) -> RunPlan:
        """The plan of the run from `state` (`plan_run`), kept by its method, rate and start:
        planning walks 500 steps and reads each (10-27 ms), and `m`, `]` then `[`,
        or `r` come back to runs planned before."""
        key = _run_of(state)
        if key not in self._plans:
            if len(self._plans) >= KEPT_PLANS:
                self._plans.pop(next(iter(self._plans)))
            self._plans[key] = plan_run(state, self._decimals, self._charts.best, SPEEDS[-1])
        return self._plans[key]

    def _packed(self, text: str, room: int) -> str:
        """The status in rows of `room` cells (`_rows`), as many as the run needs at its
        widest from its first frame (blank ones at the foot): a number a digit longer, or
        the words of its end, no longer take a row from the charts mid-run."""
        rows = self._rows(text, room)
        if room not in self._reserved:
            frames = (f + self._scored for f in self._plan.frames)
            self._reserved[room] = max(len(self._rows(f, room)) for f in frames)
        self._reserved[room] = max(self._reserved[room], len(rows))
        return "\n".join(rows + [""] * (self._reserved[room] - len(rows)))

    def _rows(self, text: str, room: int) -> list[str]:
        """The status's rows of `room` cells: its settings and numbers packed, each field
        whole; its words wrapped. When the numbers take two rows anywhere in the run (as
        planned), the line ŷ has a row of its own from the run's first frame: a minus sign
        or a digit more no longer moves "gap" from row to row and back, step by step, as a
        diverging run's numbers grow."""
        settings, numbers, rest = (*text.split("\n", 2), "")[:3]
        rows = pack_fields(numbers, room)
        if room not in self._split:
            self._split[room] = len(pack_fields(self._plan.widest, room)) > 1
        if self._split[room] or len(rows) > 1:
            self._split[room] = True
            equation, _, scores = numbers.partition(FIELDS_APART)
            # the line's padding (`held`) stays with it: "best" starts its own row, as in the
            # first frame (tiny data's m a digit longer after a step read "  best 3.200190e−15")
            rows = [*pack_fields(equation, room), *pack_fields(scores.lstrip(" "), room)]
        fields = [*pack_fields(settings, room), *rows]
        return [*fields, *wrapped(rest, room).split("\n")] if rest else fields

    def _show_status(self) -> None:
        state = self.state
        if state is None or not self.is_mounted:
            return
        text = self._status_text(state, self.playing, SPEEDS[self.speed])
        text += f"\n{self.note}" if self.note else ""
        status = self.query_one("#solver-status", Static)
        text = self._packed(text, status.content_size.width or self.app.size.width - 2)
        # a layout pass costs ~3 ms a frame: only when the words change (a warning, a note,
        # the end), which may take other rows; the numbers change every frame, in place
        words = _NUMBER.sub("#", text)
        layout = words != self._status_words
        self._status_words = words
        status.update(digits_parted(text), layout=layout)

    # actions ----------------------------------------------------------------------
    def tell(self, why: str) -> None:
        self.note = why  # in the status, under the numbers: a toast would cover the charts

    def still_said(self, why: str) -> bool:
        return self.note == why

    def action_play(self) -> None:
        if self.state is not None and self.state.finished:
            self.refuse(FINISHED)
            return
        self.playing = not self.playing

    def action_step(self) -> None:
        self.playing = False
        if self.state is not None and self.state.finished:
            self.refuse(FINISHED)  # (a step moved nothing, and said nothing)
        elif self.state is not None:
            self.state = solver.step(self.state)

    def action_speed(self, delta: int) -> None:
        speed = min(max(self.speed + delta, 0), len(SPEEDS) - 1)
        if speed == self.speed:
            limit = "most" if delta > 0 else "fewest"
            steps = f"{SPEEDS[speed]} step{'s' * (SPEEDS[speed] != 1)}"
            self.refuse(f"{steps} a tick is the {limit} here.")
        self.speed = speed

    def action_method(self) -> None:
        if self.state is not None:
            self._begin(solver.next_method(self.state))  # at the same multiple of its rate

    def action_rate(self, factor: float) -> None:
        if self.state is None:
            return
        new = solver.with_rate(self.state, factor)
        if new is self.state:
            limit = "largest" if factor > 1 else "smallest"
            self.refuse(f"η {num(new.learning_rate)} is the {limit} rate here.")
            return
        self._begin(new)

    def _begin(self, new: SolverState) -> None:
        """A new run (a method or a rate): it waits when its rate newly will not settle,
        the status warning before it diverges (space runs it anyway)."""
        assert self.state is not None
        if unstable(new) and not unstable(self.state):
            self.playing = False
        self.state = new

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


def _run_of(state: SolverState) -> tuple[object, ...]:
    """What a run's plan is kept by: its method, rate and start."""
    return (state.method, state.learning_rate, state.current.m, state.current.b)
