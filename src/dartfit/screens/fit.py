"""Nudge the line: line and mae levels. Arrow keys move ŷ = m·x + b; the HUD keeps score.

On big data the O(n) numbers (the current line's exact MAE, the best MAE line) are worked
out in a thread once the line rests, shown as "computing…" meanwhile; a result that
arrives after the line has moved on, or after the screen has closed, is dropped.

The screen holds the state and the keys; its words are `fit_hud`'s, its chart and drags
`fit_chart`'s, and its threads `fit_workers`'.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import var
from textual.worker import Worker

from dartfit.dialogs.confirm import ConfirmScreen
from dartfit.kinds import kind_of, rules_of
from dartfit.levels import Level
from dartfit.levels.spec import Start
from dartfit.pictures.fit import (
    Density,
    FitPicture,
    Placed,
    draw_fit,
    follow_bounds,
    holding,
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
from dartfit.screens import fit_hud, tables
from dartfit.screens.fit_chart import (
    chart_picture,
    dragged_to,
    keyed_drawing,
    line_dragged,
    point_dragged,
)
from dartfit.screens.fit_workers import MaeWorkers
from dartfit.screens.level_base import (
    UNDO,
    Follow,
    LevelScreen,
    arrow_bindings,
    play_area,
)
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.key_strip import KeyedDrawing, KeyRow, KeyStrip
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.widgets.prose import Prose
from dartfit.wording import num, steady

COSTS = "stars: one at most from now on."
"""What showing the best line costs before a win (the auto-solver walks to it)."""


BEFORE_A_WIN = "before you win the level it costs stars"
"""When showing the best line (o, or the auto-solver that walks to it) costs: the help's key
notes said "it costs stars" and "as o costs", though after a win it is free."""


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
        Binding(
            "o", "reveal", "Best line", tooltip=f"drawn on the chart; {BEFORE_A_WIN} (asks first)"
        ),
        Binding("b", "name_b", show=False, system=True),  # says which keys move b
        # the level wins by itself once the target is beaten; after a win (k: keep improving)
        # enter finishes with a better line, and only then is it on the footer
        Binding("enter", "finish", "Finish", tooltip="after a win: finish with this line"),
        Binding(
            "a",
            "solve",
            "Auto-solve",
            tooltip=f"descent from your line to the best; {BEFORE_A_WIN}, as o does",
        ),
        UNDO,
        # last: at 80 columns the footer keeps the keys every line level has before it
        Binding("tab", "select_point(1)", "Point", tooltip="on your own data: the arrows move it"),
        Binding("shift+tab", "select_point(-1)", "Previous point", show=False),
    ]
    HELP = fit_hud.HELP
    KEYED = True
    """The chart's legend in a strip of its own under it (`KeyStrip`), none on the plot."""
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
        self._mae_work = MaeWorkers(self)  # on big data: the exact MAE, the best MAE line
        self.shown_free = False  # the best lines drawn at no cost: o after a win in this attempt
        self.target = scoring.target_value(level)
        self.set_reactive(LevelScreen.show_squares, show_squares)

    def compose_body(self) -> ComposeResult:
        with play_area():
            yield CanvasView(id="chart")
            yield LinesPanel(id="hud")
            if not fit.is_big(self.level):  # a wide screen's column of misses
                yield LinesPanel(id="misses")
        yield KeyRow()  # what each mark on the chart is, off the plot
        # rows: a nudge re-sends the numbers that changed; its second row is the MAE's (on a
        # level without it, the key's)
        yield LinesPanel(id="formula", classes="" if self.shows_mae else "-one-row")

    def on_mount(self) -> None:
        super().on_mount()
        self.state = fit.start(self.home)

    def watch_state(self, state: FitState | None) -> None:
        if state is None:
            return
        self._play_on(fit.data_of(self.home, state))
        # the line stays in view, and the view comes back to the data once the line does
        over = linear.x_range(self.level)  # the points' x range: a dragged point can widen it
        home, moved = self.home_bounds, state.data
        if moved is not None:  # and every point, one moved far among them
            home = holding(home, linear.x_range(moved), linear.y_range(moved))
        bounds = follow_bounds(self.bounds, state.m, state.b, home, over)
        if moved is not None:
            bounds = holding(bounds, linear.x_range(moved), linear.y_range(moved))
        self.bounds = bounds
        self._mae_work.line_moved()
        s = self._score(state)
        self._show(state, s)
        if s.mae is None and self.shows_mae:  # worked out once the line rests
            self._mae_work.later(self.MAE_REST, self.start_exact_mae)
        self.score(s.value, state.presses, state.revealed)

    def help_prose(self) -> str:
        """The help's prose: this screen's HELP, told of constants and own data (`fit_hud`)."""
        return fit_hud.help_prose(self.home, self.HELP)

    def _play_on(self, level: Level) -> None:
        """Play on this data from now on (a point was moved, or a move undone): its target,
        goal and best lines are its own."""
        if level is self.level:
            return
        self.level = level
        self.placed = Placed(level.x, level.y)
        self.target = scoring.target_value(level)
        self._mae_work.line = None
        self.query_one("#goal", Prose).set_text(self.goal_text())
        if self.winning or self.shown_free or (self.state is not None and self.state.revealed):
            self._find_best_lines()

    def _score(self, state: FitState) -> fit.FitScore:
        """The line's score, with its exact MAE when a worker has found it."""
        return self._mae_work.score(self.level, state)

    def _show(self, state: FitState, s: fit.FitScore) -> None:
        self._draw(state)
        self._show_numbers(state, s)

    def _show_numbers(self, state: FitState, s: fit.FitScore) -> None:
        """The HUD, the formula and (wide) the misses, for this line and the room they have."""
        spare = fit_hud.spare_lines(self.level, self.home, self.steps, self.point, state.presses)
        self.query_one("#hud", LinesPanel).show(self._hud(state, s), spare)
        self.query_one("#formula", LinesPanel).show_in_size(partial(self._formula, state, s))
        self._show_misses(s)

    def _show_misses(self, s: fit.FitScore) -> None:
        """On a wide screen, each point's miss in the column beside the HUD, as many rows as
        it has (`misses_lines`)."""
        self.show_wide("#misses", partial(self.misses_lines, s), self._misses_held)

    def _misses_held(self) -> list[str]:
        """The misses column's lines at their widest in this play, whatever the line (the
        tables of `fit_hud.held_lines`, each of every point): its width never follows a nudge
        (`held`)."""
        level = self.level
        rows = level.x.size + tables.HEAD_ROWS + 8  # every point, its head and its foot
        scores = [
            fit.score(level, FitState(m, b)) for m, b in fit_hud.held_lines(level, self.home_bounds)
        ]
        held = [row for s in scores for row in self.misses_lines(s, rows)]
        return [*held, tables.title(level.x.size, level.x.size - 1)]  # of fewer rows

    def misses_lines(self, s: fit.FitScore, rows: int) -> list[str]:
        """The column of misses in `rows` rows (`fit_hud.misses_lines`)."""
        return fit_hud.misses_lines(self.level, s, self.shows_mae, self.point, rows)

    def start_exact_mae(self) -> None:
        """Work out the current line's exact MAE (O(n)) in a thread."""
        if self.state is not None:
            self._mae_work.start_exact_mae(self.home, self.state)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A thread's answer: shown if it is still about the line on screen."""
        if self.state is not None and self._mae_work.answer(event, self.state, self.level):
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
        """What the win says of the best lines beside the player's (see `fit_hud.best_said`)."""
        best = self._best_lines()
        line = None if self.state is None else self.line_shown(self.state)
        return fit_hud.best_said(self.level, self.state, self.steps, best, self.show_squares, line)

    def _picture(self, state: FitState) -> FitPicture:
        """The chart's picture (see `fit_chart.chart_picture`): the best lines once seen."""
        seen = state.revealed or self.winning or self.shown_free
        return chart_picture(
            self.level,
            state,
            self.bounds,
            best=self._best_lines() if seen else {},
            squares=self.show_squares,
            density=self.density,
            placed=self.placed,
            names=self.home.names,
            selected=self.point,
            steps=self.steps,
            key_below=self.KEYED,
        )

    def prediction_picture(self) -> KeyedDrawing:
        """The points, and the line the level starts from where the level chose it, for the
        question asked before it, with the key under the chart naming what it draws (no
        squares or misses: a small chart, and no number of the level's is read first)."""
        return lambda key: partial(self._bare_chart, key)

    def _bare_chart(self, key: KeyStrip, width: int, height: int) -> Raster:
        """The chart with its points alone, as the level starts, and the starting line where
        the level gives one of its own (Galton's "You start at ŷ = x"): the flat line every
        other level starts from is nothing the question asks about, and at y = 0 it ran
        through "the point far below the rest" that the question did (a player's pass).
        Its legend is the key under it, as the level's chart has (on the plot it took a row
        of outlier-mae's 7 at 80×24, and Galton's found no room for the shades' key once the
        chart was taller). Drawn once the level has its state: the question is asked as the
        level mounts."""
        if self.state is None:
            return Raster(width, height)
        picture = self._picture(self.state)
        chosen = self.level.spec.start != Start()
        bare = replace(
            picture,
            squares=False,
            residuals=False,
            caption=False,
            label_largest=False,
            line=picture.line and chosen,
            key_below=True,
        )
        return keyed_drawing(bare, key)(width, height)

    def _draw(self, state: FitState) -> None:
        picture = self._picture(state)
        chart = self.query_one("#chart", CanvasView)
        if self.KEYED:
            chart.show(keyed_drawing(picture, self.query_one("#key", KeyStrip)))
        else:
            chart.show(partial(draw_fit, picture))

    def grab(self, col: int, row: int) -> Follow | None:
        """A press on a point drawn in that very cell grabs the point (in the sandbox); else a
        press on the line grabs it, by the middle to shift it, by an end to turn it; else
        the point nearest the press, within a few cells."""
        if self.state is None:
            return None
        w, h = self.query_one("#chart", CanvasView).size
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
        """The grabbed point follows the mouse (see `fit_chart.point_dragged`)."""
        size = self.query_one("#chart", CanvasView).size
        picture = self._picture(start)
        to = dragged_to(self.home, start, k, picture, size, self.bounds, grabbed, col, row)
        moved = point_dragged(self.home, start, k, *to)
        why = fit.why_drag_stays(self.home, start, k, *to) if moved is start else None
        if why is not None:  # refused (`moved.refused`): the point stays where the drag has it
            self.refuse_move(why)
        else:
            self.state = moved

    def _drag_line(
        self,
        grip: str,
        start: FitState,
        at: tuple[float, float],
        grabbed: FitPicture,
        col: int,
        row: int,
    ) -> None:
        """The grabbed line follows the mouse (see `fit_chart.line_dragged`)."""
        size = self.query_one("#chart", CanvasView).size
        self.state = line_dragged(self.level, start, grip, at, grabbed, size, col, row)

    def can_undo(self) -> bool:
        return attempt.can_undo(self.state)

    def action_undo(self) -> None:
        """Take back the last move, by key or by mouse."""
        if self.state is not None and self.can_undo():
            self.state = attempt.undo(self.state)
        else:
            self.nothing_to_undo()

    def _formula(self, state: FitState, s: fit.FitScore, size: Size) -> list[str]:
        """The formula with this level's numbers, to fit its panel's row (`fit_hud`) as it is
        laid out (before: the screen's width)."""
        room = size.width or self.app.size.width - 2
        most = fit_hud.MOST_TERMS if self.has_class("-wide") else 2
        return fit_hud.formula_text(self.level, state, s, self.shows_mae, room, most).split("\n")

    def resized(self) -> None:
        """The HUD's words and the misses for the screen's width (-wide); the formula's
        terms are made again as its panel is laid out at its new width (`show_in_size`)."""
        if self.state is not None:
            self._show_numbers(self.state, self._score(self.state))

    def _hud(self, state: FitState, s: fit.FitScore) -> list[str]:
        seen = state.revealed or self.shown_free
        return fit_hud.hud_lines(
            self.level,
            self.home,
            state,
            s,
            line=self.line_shown(state, s),
            steps=self.steps,
            target=self.target,
            shows_mae=self.shows_mae,
            point=self.point,
            best=self._best_lines() if seen else None,
            wide=self.has_class("-wide"),
        )

    def line_shown(self, state: FitState, s: fit.FitScore | None = None) -> tuple[str, str]:
        """The player's m and b for the HUD, never to fewer decimals than this screen showed
        before (see `fit_hud.line_shown`; `s`: the line's score, if known)."""
        level, decimals = self.level, self._decimals
        shown, self._decimals = fit_hud.line_shown(level, state, self.steps, decimals, s)
        return shown

    def _best_lines(self) -> dict[str, tuple[float, float] | None]:
        """The best line(s) to reveal (see `fit_hud.best_lines`)."""
        return fit_hud.best_lines(self.level, self.home, self.shows_mae, self._mae_work.line)

    def action_nudge(self, dm: float, db: float) -> None:
        """Move by dm coarse slope steps and db coarse intercept steps (0.1: one fine step);
        with a point picked (tab), move the point instead."""
        if self.state is None:
            return
        if self.point is not None:
            moved = fit.move_point(self.home, self.state, self.point, dm, db)
            why = (
                fit.why_it_stays(self.home, self.state, self.point, dm, db)
                if moved is self.state
                else None
            )
            if why is not None:  # refused (`moved.refused`): the point stays
                self.refuse_move(why)
            self.state = moved
        else:
            moved = fit.nudge(self.level, self.state, round(10 * dm), round(10 * db))
            if moved is self.state and (dm or db):
                flat = self.level.spec.model.shape == "constant" and not db
                self.refuse("A constant has no slope." if flat else "The line is at its reach.")
            self.state = moved

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

    def key_note(self, binding: Binding) -> str:
        """The help's note of a key: o and a cost nothing on your own data (the help said
        "before you win the level it costs stars (asks first)" where neither costs or asks)."""
        if self.home.id == linear.SANDBOX and BEFORE_A_WIN in binding.tooltip:
            return f"{binding.tooltip.split('; ')[0]}; free on your own data"
        return binding.tooltip

    def key_description(self, binding: Binding) -> str:
        """tab: "Point" while the arrows move the line, "Next point" once one is picked."""
        if binding.action == "select_point(1)" and self.point is not None:
            return "Next point" if self.point + 1 < self.level.x.size else "Line"
        return binding.description

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A constant has no slope: its ← → keys are not offered. The auto-solver fits a
        line: on every level whose model is a line. A shaded chart draws no squares: s is
        not offered there (Galton's heights offered "s Squares", which changed nothing)."""
        line = self.level.spec.model.shape == "line"
        if action == "select_point":
            return fit.points_move(self.home)
        if action == "toggle_squares":
            return self.density is None
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
            self.post_message(self.OpenSolver(self.level, start, self))
            return
        question = "Watch the auto-solver? It walks to the best line, so before a win it costs "
        self._costs_stars(question + COSTS, lambda: self._solve_from(start))

    def _solve_from(self, start: tuple[float, float]) -> None:
        self._reveal()
        self.post_message(self.OpenSolver(self.level, start, self))

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
        if None in self._best_lines().values():
            self._mae_work.find_line(self.level)

    def action_reveal(self) -> None:
        if self.state is None or self.state.revealed or self.shown_free:
            return
        if self._free():  # drawn, and no star is lost for it
            self.shown_free = True
            self._find_best_lines()
            self._show(self.state, self._score(self.state))
            best = "lines (MSE, MAE)" if self.shows_mae else "line"
            self.say(f"Best {best} drawn, {self._named_where()}: free once won or on your data.")
            return
        self._costs_stars("Show the best line? Before a win that costs " + COSTS, self._reveal)

    def _reveal(self) -> None:
        if self.state is not None and not self.state.revealed:
            self._find_best_lines()
            self.state = fit.reveal(self.level, self.state)
            if self.shows_mae:
                self.say("The best lines under MSE and under MAE are drawn. Max one star now.")
            else:
                self.say(f"The best line is drawn ({self._named_where()}). Max one star now.")

    def _named_where(self) -> str:
        """Where the chart names its lines: in the key under it, or its legend on the plot."""
        return "named under the chart" if self.KEYED else "see the legend"

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
