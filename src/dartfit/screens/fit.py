"""Nudge the line: line and mae levels. Arrow keys move ŷ = m·x + b; the HUD keeps score.

On big data the O(n) numbers (the current line's exact MAE, the best MAE line) are worked
out in a thread once the line rests, shown as "computing…" meanwhile; a result that
arrives after the line has moved on, or after the screen has closed, is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from dartfit import core
from dartfit.core.lad import Stopped
from dartfit.dialogs.confirm import ConfirmScreen
from dartfit.kinds import kind_of, rules_of
from dartfit.levels import Level
from dartfit.pictures.fit import (
    OVERLAP,
    Density,
    FitPicture,
    Placed,
    draw_fit,
    follow_bounds,
    level_bounds,
    line_grip,
    nearest_point,
    world_at,
)
from dartfit.pictures.raster import Raster
from dartfit.progress import SHOW_SQUARES, flag
from dartfit.rules import attempt, fit, linear, scoring
from dartfit.rules.fit import FitState
from dartfit.rules.linear import LineRules
from dartfit.rules.overlay import Overlay, overlay
from dartfit.screens.level_base import UNDO, Follow, LevelScreen, arrow_bindings, play_area
from dartfit.steady.signals import hold_ending_signals_here
from dartfit.widgets.canvas import CanvasView, Drawing
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.widgets.prose import Prose
from dartfit.wording import (
    decimals_of,
    fixed_decimals,
    grid_decimals,
    kept,
    line_numbers,
    mae_formula,
    mse_formula,
    num,
    pair,
    steady,
    step_sizes,
)

MaeLine = tuple[Level, tuple[float, float] | None]
"""A search's answer: the data it is about, and its best MAE line (None: stopped)."""


COSTS = "stars: one at most from now on."
"""What showing the best line costs before a win (the auto-solver walks to it)."""
PICTURED_SQUARES = re.compile(r"(?<!of )(?<![Ll]east )\bsquares?\b")
"""A win text that speaks of the chart's penalty squares ("the squares shrank"), not of a
sum (or mean) of squares or least squares: with the squares off, the win says how to see
them (a player's review: "the penalty squares shrank" with none on screen)."""


class FitScreen(LevelScreen):
    """Line and mae levels: the points, the player's line, residuals and squares."""

    BINDINGS = [
        *arrow_bindings(
            "nudge",
            ("Slope m down", "Slope m up"),
            ("Intercept b up", "Intercept b down"),
            footer=("m", "b"),
        ),
        Binding("s", "toggle_squares", "Squares", tooltip="penalty squares on / off"),
        # o, not b: b is the intercept's name on the screen (ŷ = m·x + b), and a player who
        # pressed b to move it saw the best line and lost two stars at once
        Binding("o", "reveal", "Best line", tooltip="shown, it costs stars (asks first)"),
        Binding("b", "name_b", show=False, system=True),  # says which keys move b
        # the level wins by itself once the target is beaten; after a win (k: keep improving)
        # enter finishes with a better line, and only then is it on the footer
        Binding("enter", "finish", "Finish", tooltip="after a win: finish with this line"),
        Binding(
            "a", "solve", "Auto-solve", tooltip="descent from your line to the best: as o costs"
        ),
        UNDO,
        # last: at 80 columns the footer keeps the keys every line level has before it
        Binding("tab", "select_point(1)", "Point", tooltip="on your own data: the arrows move it"),
        Binding("shift+tab", "select_point(-1)", "Previous point", show=False),
    ]
    HELP = (
        "Nudge the line ŷ = m·x + b until its MSE beats the target, or drag it with the "
        "mouse: by its middle to shift it, by an end to turn it. Each point's miss is "
        "drawn as a square whose area is the squared miss; the MSE is their average. "
        "Showing the best line costs stars (you keep at most one); once you have won, the "
        "win shows it beside yours for free." + OVERLAP
    )
    HELP_CONSTANT = (
        "Move the guess ŷ = b, one number for every point, up and down until its score beats "
        "the target, or drag it with the mouse. Each point's miss is drawn as a square whose "
        "area is the squared miss; the MSE is their average. Showing the best guesses costs "
        "stars (you keep at most one); once you have won, the win shows them for free." + OVERLAP
    )
    MOVE_POINTS = (
        " On your own data you can drag a point anywhere too: the squares, the MSE, the "
        "best line and the target follow the moved data, and u puts the point back. From "
        "the keyboard, tab picks a point (shift+tab the one before) and the arrows move it "
        "(shift: finer up and down); tab past the last point gives the arrows back to the "
        "line."
    )
    NO_MOVING_POINTS = (
        f" Your data has more than {fit.BIG:,} points: they can't be dragged (each move would "
        "go over all of them again); the line can."
    )

    MAE_REST = 0.3
    """Seconds the line rests before the exact MAE of big data is worked out."""

    state: var[FitState | None] = var(None)
    point: var[int | None] = var(None)
    """The point the arrows move (tab picks it, on the player's own data); None: the line."""

    @classmethod
    def for_level(cls, level: Level, settings: Mapping[str, Any]) -> LevelScreen:
        return cls(level, show_squares=flag(settings, SHOW_SQUARES, True))

    def __init__(self, level: Level, show_squares: bool = True) -> None:
        level = fit.playable(level)  # the player's own data gets keys and a target made for it
        super().__init__(level)
        self.home = level  # self.level is the data played on: the home's, or with a point moved
        rules = rules_of(level)
        assert isinstance(rules, LineRules)
        self.shows_mae = rules.shows_mae  # MAE and its best line beside the MSE
        self.steps = linear.steps(level)
        self.bounds = self.home_bounds = level_bounds(level)
        self.density = Density(level.x, level.y) if fit.shaded(level) else None
        self.placed = Placed(level.x, level.y)  # laid out once a chart size, not each nudge
        # the most decimals m and b have shown (see `line_shown`), from those most lines need
        self._decimals = fit.shown_decimals(level)
        self._mae_timer: Timer | None = None
        self._mae: tuple[FitState, float] | None = None  # the exact MAE of a line, once known
        self._mae_line: tuple[float, float] | None = None  # the best MAE line, once known
        self.shown_free = False  # the best lines drawn at no cost: o after a win in this attempt
        self._lad: tuple[Level, Worker[MaeLine]] | None = None  # the search, and its data
        self.target = scoring.target_value(level)
        self.set_reactive(LevelScreen.show_squares, show_squares)

    def compose_body(self) -> ComposeResult:
        with play_area():
            yield CanvasView(id="chart")
            yield LinesPanel(id="hud")
        yield LinesPanel(id="formula")  # rows: a nudge re-sends the numbers that changed

    def on_mount(self) -> None:
        super().on_mount()
        self.state = fit.start(self.home)

    def watch_state(self, state: FitState | None) -> None:
        if state is None:
            return
        self.moved()
        self._play_on(fit.data_of(self.home, state))
        # the line stays in view, and the view comes back to the data once the line does
        over = linear.x_range(self.level)  # the points' x range: a dragged point can widen it
        self.bounds = follow_bounds(self.bounds, state.m, state.b, self.home_bounds, over)
        self.workers.cancel_group(self, "mae")  # the line moved: that MAE is of no use now
        s = self._score(state)
        self._show(state, s)
        if s.mae is None and self.shows_mae:
            self._later_mae()
        self.score(s.value, state.presses, state.revealed)

    def help_prose(self) -> str:
        """The help's prose: for a constant, no slope; on the player's own data, what dragging
        a point does (or that it can't be done on big data)."""
        if self.home.spec.model.shape == "constant":
            return self.HELP_CONSTANT  # no slope to turn
        if self.home.id != linear.SANDBOX:
            return self.HELP
        return self.HELP + (
            self.MOVE_POINTS if fit.points_move(self.home) else self.NO_MOVING_POINTS
        )

    def _play_on(self, level: Level) -> None:
        """Play on this data from now on (a point was moved, or a move undone): its target,
        goal and best lines are its own."""
        if level is self.level:
            return
        self.level = level
        self.placed = Placed(level.x, level.y)
        self.target = scoring.target_value(level)
        self._mae_line = None
        self.query_one("#goal", Prose).set_text(self.goal_text())
        if self.winning or self.shown_free or (self.state is not None and self.state.revealed):
            self._find_best_lines()

    def _score(self, state: FitState) -> fit.FitScore:
        """The line's score, with its exact MAE when a worker has found it."""
        s = fit.score(self.level, state)
        if s.mae is None and self._mae is not None and self._mae[0] is state:
            s = replace(s, mae=self._mae[1])
        return s

    def _show(self, state: FitState, s: fit.FitScore) -> None:
        self._draw(state)
        self.query_one("#hud", LinesPanel).show(self._hud(state, s), self._spare_lines())
        self.query_one("#formula", LinesPanel).show(self._formula(state, s).split("\n"))

    def _later_mae(self) -> None:
        """On big data the exact MAE (O(n)) waits until the line has stopped moving."""
        if self._mae_timer is not None:
            self._mae_timer.stop()
        self._mae_timer = self.set_timer(self.MAE_REST, self.start_exact_mae)

    def start_exact_mae(self) -> None:
        """Work out the current line's exact MAE (O(n)) in a thread."""
        if self.state is not None:
            self.run_worker(
                partial(self._exact_mae, self.state), group="mae", exclusive=True, thread=True
            )

    def _exact_mae(self, state: FitState) -> tuple[FitState, float | None]:
        hold_ending_signals_here()  # a thread: the ending signals are the main thread's
        worker = get_current_worker()
        level = fit.data_of(self.home, state)  # the data of that line, whatever is shown now
        return state, fit.exact_mae(level, state, stop=lambda: worker.is_cancelled)

    def _find_mae_line(self, level: Level) -> MaeLine:
        hold_ending_signals_here()
        worker = get_current_worker()
        try:
            return level, core.best_line_mae(level.x, level.y, stop=lambda: worker.is_cancelled)
        except Stopped:
            return level, None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A thread's answer: shown if it is still about the line on screen."""
        if event.state != WorkerState.SUCCESS or self.state is None:
            return
        if event.worker.group == "mae":
            answer = event.worker.result
            if answer is None:
                return
            state, value = answer
            if value is None or state is not self.state:
                return
            self._mae = (state, value)
        elif event.worker.group == "lad":
            found = event.worker.result
            if found is None or found[0] is not self.level:  # about data since moved on
                return
            self._mae_line = found[1]
        self._show(self.state, self._score(self.state))

    def watch_show_squares(self) -> None:
        if self.state is not None:
            self._draw(self.state)

    def watch_winning(self, winning: bool) -> None:
        if winning:
            self._find_best_lines()
        if self.state is not None:
            self._show(self.state, self._score(self.state))

    def overlay(self) -> Overlay | None:
        """The won line over the datasets the level's file names beside its own points."""
        return None if self.state is None else overlay(self.level, self.state.m, self.state.b)

    def best_shown(self) -> list[str]:
        constant = self.level.spec.model.shape == "constant"
        said = []  # one line each, "Dotted: the best MSE line, m = 1.98, b = 0.75": the name
        # once (it read "Dotted: the best line · best MSE line: m = …")
        lines = self._best_lines().items()
        # the player's line as a best line is written: drawn on one, it is not seen apart
        # (median-guess's won line and the dashed median read as one line)
        mine = pair(self.state.m, self.state.b) if self.state is not None else None
        for ink, (name, best) in zip(("Dotted", "Dashed")[: len(lines)], lines, strict=True):
            if best is not None:
                slope, height = pair(*best)
                b_is = kept(f"b = {height}")
                line = b_is if constant else f"{kept(f'm = {slope},')} {b_is}"
                yours = mine is not None and (
                    mine[1] == height if constant else mine == (slope, height)
                )
                yours = yours or self._on_the_line(*best)
                said.append(
                    f"{ink}: the {name}, {line}"
                    + (f" ({kept('your line, on it')})" if yours else "")
                )
        if not self.show_squares and PICTURED_SQUARES.search(self.level.spec.what_you_saw):
            said.append("Penalty squares: s shows or hides the ones spoken of below.")
        return said

    def _on_the_line(self, m: float, b: float) -> bool:
        """Whether the player's line is a best line (m, b) as near as the keys go: within
        half a fine step of it, in slope and in height where the slope keys turn it.
        Anscombe's won line (b = 3.0) lay on the best (b = 3.001), said apart from it."""
        state = self.state
        if state is None:
            return False
        c = linear.centre(self.level)
        fine_m, fine_b = self.steps.m / 10, self.steps.b / 10
        near_m = self.level.spec.model.shape == "constant" or abs(state.m - m) <= fine_m / 2
        return near_m and abs(state.b + state.m * c - (b + m * c)) <= fine_b / 2

    def _picture(self, state: FitState) -> FitPicture:
        seen = state.revealed or self.winning or self.shown_free
        best = self._best_lines().items() if seen else ()
        shown = [
            (name if name.endswith((" line", ")")) else f"{name} line", line)
            for name, line in best
            if line is not None
        ]
        model = self.level.spec.model
        if model.reference is not None:  # drawn the whole time, after any best line
            shown.append((model.reference_name or "reference line", model.reference))
        return FitPicture(
            self.level.x,
            self.level.y,
            state.m,
            state.b,
            self.bounds,
            squares=self.show_squares,
            ghosts=tuple(line for _, line in shown),
            density=self.density,
            placed=self.placed,
            ghost_names=tuple(name for name, _ in shown),
            mae=self.level.spec.target.metric == "mae",
            names=self.home.names,
            reference=model.reference is not None,
            selected=self.point,
        )

    def prediction_picture(self) -> Drawing | None:
        """The points and the line the level starts from, for the question asked before it
        (no squares or misses: a small chart, and no number of the level's is read first)."""
        return self._bare_chart

    def _bare_chart(self, width: int, height: int) -> Raster:
        """The chart with its points and line alone, as the level starts (drawn once the
        level has its state: the question is asked as the level mounts)."""
        if self.state is None:
            return Raster(width, height)
        picture = self._picture(self.state)
        bare = replace(picture, squares=False, residuals=False, caption=False, label_largest=False)
        return draw_fit(bare, width, height)

    def _draw(self, state: FitState) -> None:
        self.query_one(CanvasView).show(partial(draw_fit, self._picture(state)))

    def grab(self, col: int, row: int) -> Follow | None:
        """A press on a point drawn in that very cell grabs the point (in the sandbox); else a
        press on the line grabs it, by the middle to shift it, by an end to turn it; else
        the point nearest the press, within a few cells."""
        if self.state is None:
            return None
        w, h = self.query_one(CanvasView).size
        picture = self._picture(self.state)
        k = None
        if fit.points_move(self.level):
            k = nearest_point(picture, w, h, col, row, reach=1)
        grip = line_grip(picture, w, h, col, row, linear.mean_point(self.level)[0])
        if k is None and grip is not None:
            at = world_at(picture, w, h, col, row)
            return partial(self._drag_line, grip, self.state, at, picture)
        if k is None and fit.points_move(self.level):
            k = nearest_point(picture, w, h, col, row)
        return None if k is None else partial(self._drag_point, k, self.state, col)

    def _drag_point(self, k: int, start: FitState, grabbed: int, col: int, row: int) -> None:
        """The grabbed point follows the mouse anywhere on the chart (kept inside it): to the
        mouse's height, and across by as many columns as the mouse has gone from where it
        grabbed (a drag straight up keeps its x). The data, its target and best line follow
        it; the line stays. The whole drag is one move."""
        w, h = self.query_one(CanvasView).size
        picture = self._picture(start)
        x, y = world_at(picture, w, h, col, row)
        x = float(fit.data_of(self.home, start).x[k]) + x - world_at(picture, w, h, grabbed, row)[0]
        x_lo, x_hi, y_lo, y_hi = self.bounds
        moved = fit.drag_point(
            self.home, start, k, min(max(y, y_lo), y_hi), min(max(x, x_lo), x_hi)
        )
        was = fit.data_of(self.home, start)
        same = moved.data is not None and (moved.data.x[k], moved.data.y[k]) == (
            was.x[k],
            was.y[k],
        )
        self.state = start if same else moved  # back where it began: no move

    def _drag_line(
        self,
        grip: str,
        start: FitState,
        at: tuple[float, float],
        grabbed: FitPicture,
        col: int,
        row: int,
    ) -> None:
        """The grabbed line follows the mouse up and down: shifted by the middle, turned by
        an end (the point grabbed goes where the mouse is). The whole drag is one move, read
        in the view it began in (a view grown on the way would run away with the mouse)."""
        w, h = self.query_one(CanvasView).size
        (x0, y0), (_, y) = at, world_at(grabbed, w, h, col, row)
        moved = (
            fit.shift(self.level, start, y - y0)
            if grip == "middle"
            else fit.turn(self.level, start, x0, start.m * x0 + start.b + y - y0)
        )
        same = (moved.tilt, moved.lift) == (start.tilt, start.lift)
        self.state = start if same else moved  # back where it began: no move

    def can_undo(self) -> bool:
        return self.state is not None and self.state.previous is not None

    def action_undo(self) -> None:
        """Take back the last move, by key or by mouse."""
        if self.state is not None and self.can_undo():
            self.state = attempt.undo(self.state)
        else:
            self.nothing_to_undo()

    def _formula(self, state: FitState, s: fit.FitScore) -> str:
        """The MSE formula with this level's numbers (and MAE's on mae levels): the first
        two points' terms, or the first's alone where two would not fit on a row (numbers
        like −2.62e10 at 80 columns: the MAE line wrapped and was cut)."""
        n, y = self.level.x.size, self.level.y[:2]
        pred = core.line_predict(self.level.x[:2], state.m, state.b)
        panel = self.query_one("#formula", LinesPanel)
        room = panel.content_size.width or self.app.size.width - 2
        for terms in (2, 1):
            formula = mse_formula(y, pred, s.mse, terms, n=n)
            if self.shows_mae:
                formula += "\n" + mae_formula(y, pred, s.mae, terms, n=n)
            if all(cell_len(line) <= room for line in formula.split("\n")):
                break
        return formula

    def on_resize(self) -> None:
        """The formula's terms fit the new width (`_formula`), once it is laid out."""
        self.call_after_refresh(self._show_formula)

    def _show_formula(self) -> None:
        if self.state is not None and self.is_mounted:
            formula = self._formula(self.state, self._score(self.state))
            self.query_one("#formula", LinesPanel).show(formula.split("\n"))

    def _spare_lines(self) -> tuple[str, ...]:
        """The HUD's reminders, in the order they go where the HUD has no room for all its
        lines (a sandbox of numbers like −2.973e14, its best lines revealed, at 80×24):
        the keys' steps and the rule are in the help too."""
        metric = self.level.spec.target.metric.upper()
        return (
            self._shift_line(),
            f"({metric} ≤ target wins)",
            self._steps_line(),
            "← → turn it about x̄",
        )

    def _shift_line(self) -> str:
        """What shift does to a press: a picked point's steps across stay whole."""
        return "shift: ÷10" if self.point is None else "shift: y ÷10"

    def _steps_line(self) -> str:
        """What one arrow press moves, as the HUD says it: the line, or the picked point."""
        if self.point is not None:
            across, up = fit.point_steps(self.home)
            return f"steps x ±{num(across)} y ±{num(up)}"
        constant = self.level.spec.model.shape == "constant"
        return step_sizes(None if constant else self.steps.m, self.steps.b)

    def _hud(self, state: FitState, s: fit.FitScore) -> list[str]:
        constant = self.level.spec.model.shape == "constant"
        metric = self.level.spec.target.metric.upper()
        lines = [("ŷ = b" if constant else "ŷ = m·x + b"), ""]
        slope, height = self.line_shown(state)
        if not constant:
            lines.append(f"m = {slope}")
        lines += [f"b = {height}", "", f"MSE = {steady(s.mse)}"]
        if self.shows_mae or metric == "MAE":
            lines.append("MAE = computing…" if s.mae is None else f"MAE = {steady(s.mae)}")
        if self.target is not None:
            mark = "✓" if scoring.beaten(self.level, s.value) else " "
            lines.append(f"target {num(self.target)} {mark}")
            lines.append(f"({metric} ≤ target wins)")
        par = self.level.spec.stars.par
        lines += ["", f"presses {state.presses}" + (f" (par {par})" if par else "")]
        lines += ["", self._steps_line(), self._shift_line()]
        if self.point is not None:  # the arrows move this point, not the line
            x, y = float(self.level.x[self.point]), float(self.level.y[self.point])
            where = kept(f"({', '.join(self._point_shown(x, y))})")
            lines += [f"point {self.point + 1} of {self.level.x.size}", f"(x, y) = {where}"]
        elif linear.centre(self.level):  # the sandbox: the slope keys turn about the data's centre
            pivot, (x_bar, y_bar) = linear.centre(self.level), linear.mean_point(self.level)
            if pivot == x_bar:
                means = kept(f"({', '.join(pair(x_bar, y_bar))})")  # wrapped whole, never mid-pair
                lines += ["← → turn it about x̄", f"(x̄, ȳ) = {means}"]
            else:  # a point dragged across: the keys still turn about the x̄ it had
                lines += ["← → turn it about", f"x = {num(pivot)}"]
        if state.revealed or self.shown_free:
            lines.append("")
            for name, best in self._best_lines().items():
                if best is None:
                    lines += [f"{name}:", "  computing…"]
                    continue
                slope, height = pair(*best)
                line = f"b = {height}" if constant else f"m={slope} b={height}"
                lines += [f"{name}:", f"  {line}"]
            if state.revealed:
                lines.append("(revealed: max 1 ★)")
        return lines

    def _point_shown(self, x: float, y: float) -> tuple[str, str]:
        """A picked point's x and y, each to the decimals of the step the keys move it by
        where that shows more than `num` would: 1990.7 (num's 1991 stood for three presses
        of ±0.2)."""
        across, up = fit.point_steps(self.home)
        shown = []
        for value, step in ((x, across), (y, up / 10)):  # shift: a tenth of a step up
            decimals = grid_decimals(step)
            text = num(value)
            if decimals is not None and decimals > decimals_of(text)[0]:
                text = fixed_decimals(value, decimals)
            shown.append(text)
        return shown[0], shown[1]

    def line_shown(self, state: FitState) -> tuple[str, str]:
        """The player's m and b for the HUD: to their steps' decimals, and never fewer than
        this screen showed before (a line turned about x̄ may need a few more once: from then
        on they stay, rather than come and go with each press)."""
        scale = (self.steps.m, self.steps.b)
        loss = partial(linear.line_mse, self.level)
        shown = line_numbers(state.m, state.b, loss, 4, scale, self._decimals)
        dm, db = decimals_of(*shown)
        self._decimals = (max(dm, self._decimals[0]), max(db, self._decimals[1]))
        return shown

    def _best_lines(self) -> dict[str, tuple[float, float] | None]:
        """The best line(s) to reveal: on mae levels both the MSE and the MAE optimum.

        On big data, and on data with a point moved (each drag step would wait for it), the
        MAE optimum is None until its thread has found it."""
        if not self.shows_mae:
            return {
                f"best {self.level.spec.target.metric.upper()} line": linear.best_fit(self.level)
            }
        constant = self.level.spec.model.shape == "constant"
        slow = (fit.is_big(self.level) or self.level is not self.home) and not constant
        return {
            "MSE best" + (" (mean)" if constant else " line"): linear.best_fit(self.level, "mse"),
            "MAE best" + (" (median)" if constant else " line"): (
                self._mae_line if slow else linear.best_fit(self.level, "mae")
            ),
        }

    def action_nudge(self, dm: float, db: float) -> None:
        """Move by dm coarse slope steps and db coarse intercept steps (0.1: one fine step);
        with a point picked (tab), move the point instead."""
        if self.state is None:
            return
        if self.point is not None:
            self.state = fit.move_point(self.home, self.state, self.point, dm, db)
        else:
            self.state = fit.nudge(self.level, self.state, round(10 * dm), round(10 * db))

    def action_select_point(self, step: int) -> None:
        """Pick the next point (`step` 1) or the one before (−1) for the arrows to move; past
        the last (or before the first), the line again. Only where points move: the mouse
        could drag them, and the keys could not."""
        n = self.level.x.size
        order = [None, *range(n)]
        self.point = order[(order.index(self.point) + step) % len(order)]

    def watch_point(self) -> None:
        if self.state is not None:  # the chart marks the point, the HUD names its steps
            self._show(self.state, self._score(self.state))
        self.refresh_bindings()  # the footer says what tab does next

    def group_label(self, label: str) -> str:
        """The arrows' groups say what they move: the line's m and b, or the picked point's
        x and y."""
        return label if self.point is None else {"m": "x", "b": "y"}.get(label, label)

    def key_shown(self, binding: Binding) -> bool:
        """enter (Finish) is on the footer only while the level is won: its target beaten
        since the win (after k), not lost again nor reset."""
        return binding.action != "finish" or self.attempt.won

    def key_description(self, binding: Binding) -> str:
        """tab: "Point" while the arrows move the line, "Next point" once one is picked."""
        if binding.action == "select_point(1)" and self.point is not None:
            return "Next point" if self.point + 1 < self.level.x.size else "Line"
        return binding.description

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A constant has no slope: its ← → keys are not offered. The auto-solver fits a
        line: on every level whose model is a line."""
        line = self.level.spec.model.shape == "line"
        if action == "select_point":
            return fit.points_move(self.home)
        if action == "nudge":
            return line or parameters[:1] == (0,) or self.point is not None
        return action != "solve" or (kind_of(self.level.spec).solver and line)

    def solver_start(self) -> tuple[float, float] | None:
        return None if self.state is None else (self.state.m, self.state.b)

    def action_solve(self) -> None:
        """Watch gradient descent finish the job, starting from the player's line. It walks
        to the best line, so before a win it costs what showing that line costs (asked). On
        a level scored on another metric (the MAE) it walks to the MSE's best line, not the
        level's: that costs nothing, and the solver says so."""
        start = self.solver_start()
        if start is None or self.app.screen is not self:  # a second a typed ahead: one solver
            return
        if self._free() or self.level.spec.target.metric != "mse":
            self.post_message(self.OpenSolver(self.level, start))
            return
        question = "Watch the auto-solver? It walks to the best line, so before a win it costs "
        self._costs_stars(question + COSTS, lambda: self._solve_from(start))

    def _solve_from(self, start: tuple[float, float]) -> None:
        self._reveal()
        self.post_message(self.OpenSolver(self.level, start))

    def _free(self) -> bool:
        """Whether the best line costs nothing to see now: won in this attempt (the win showed
        it beside the player's), or on the player's own data, whose stars are not kept."""
        return self.attempt.won or self.home.id == linear.SANDBOX

    def _costs_stars(self, question: str, then: Callable[[], None]) -> None:
        """Do `then` at once when the best line has been paid for already; else ask first,
        and do it on a yes."""
        if self.state is None or self.state.revealed:
            then()
            return
        self.app.push_screen(ConfirmScreen(question), lambda yes: then() if yes else None)

    def _find_best_lines(self) -> None:
        """Start the search for the best MAE line of the data played on, if it is not known
        and not being searched for (a search about data since moved is cancelled)."""
        lad = self._lad
        searching = lad is not None and lad[0] is self.level and not lad[1].is_finished
        if None in self._best_lines().values() and not searching:
            find = partial(self._find_mae_line, self.level)
            worker = self.run_worker(find, group="lad", exclusive=True, thread=True)
            self._lad = (self.level, worker)

    def action_reveal(self) -> None:
        if self.state is None or self.state.revealed or self.shown_free:
            return
        if self._free():  # drawn, and no star is lost for it
            self.shown_free = True
            self._find_best_lines()
            self._show(self.state, self._score(self.state))
            self.say("The dotted line is the best one: free to see once won (or on your data).")
            return
        self._costs_stars("Show the best line? Before a win that costs " + COSTS, self._reveal)

    def _reveal(self) -> None:
        if self.state is not None and not self.state.revealed:
            self._find_best_lines()
            self.state = fit.reveal(self.level, self.state)
            if self.shows_mae:
                self.say("Dotted and dashed: the best under MSE and under MAE. Max one star now.")
            else:
                self.say("The dotted line is the best one. Showing it costs stars: at most one.")

    def action_name_b(self) -> None:
        """b is the intercept's name, not a key: say which keys move it (and which is o)."""
        self.say("↑ ↓ move the intercept b (shift: finer); o shows the best line, at a cost.")

    def action_finish(self) -> None:
        if self.state is None:
            return
        s = fit.score(self.level, self.state)
        if not self.score(s.value, self.state.presses, self.state.revealed, finish=True):
            self.say_of_this_move(
                f"Not yet: {self.level.spec.target.metric.upper()} {steady(s.value)} "
                f"is above the target {num(self.target or 0)}; the level ends by itself there."
            )

    def start_over(self) -> None:
        self.shown_free = False  # a new attempt: the best line costs again until it is won
        self.bounds = level_bounds(self.home)  # a view grown after the line shrinks back
        self.state = fit.start(self.home)
