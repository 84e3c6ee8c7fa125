"""Points levels: select a point and move it (keys, or drag it with the mouse); see its
share of the squared error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.widgets import Static

from dartfit import core
from dartfit.levels import Level
from dartfit.pictures.fit import (
    PICKED_SAID,
    SELECTED_SAID,
    FitPicture,
    fit_bounds,
    nearest_point,
    world_at,
)
from dartfit.progress import SHOW_SQUARES, flag
from dartfit.rules import attempt, linear, points, scoring
from dartfit.rules.points import PointsState
from dartfit.screens import tables
from dartfit.screens.fit_chart import keyed_drawing
from dartfit.screens.level_base import (
    UNDO,
    Follow,
    LevelScreen,
    arrow_group,
    kept_said,
    play_area,
    show_widened,
)
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.key_strip import KeyRow, KeyStrip
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.wording import column, line_equation, num, steady, whole_percents, with_sign

MOVE = arrow_group("move point")


FIXED_LINE_HELP = (", and the best line, change", " change (the line is fixed: it stays put)")
"""How the help's prose is told where the line does not refit to the points as they move."""


class PointsScreen(LevelScreen):
    """The chart with a selectable point and a table of each point's share."""

    BINDINGS = [
        Binding("tab", "select(1)", "Next point"),
        Binding("shift+tab", "select(-1)", "Previous point", show=False),
        Binding("up", "move(1)", "Move the point up", group=MOVE),
        Binding("down", "move(-1)", "Move the point down", group=MOVE),
        Binding("shift+up", "move(0.1)", "Move the point up, ten times finer", show=False),
        Binding("shift+down", "move(-0.1)", "Move the point down, ten times finer", show=False),
        Binding("enter", "pick", "Pick", tooltip="this point (on “which point” levels)"),
        Binding("s", "toggle_squares", "Squares", tooltip="penalty squares on / off"),
        UNDO,
        # on a "which point" level nothing moves, so nothing can be taken back: u is not
        # offered there, and only says so (as on the kinds without moves)
        Binding("u", "nothing_to_undo", "Undo", show=False, system=True),
    ]
    HELP = (
        "Move a point (or drag it with the mouse) and watch its share of the squared error, "
        "and the best line, change. "
        "Only one point may move: moving another puts the first one back."
    )
    HELP_PICK = (
        "Which point adds most to the squared error? The line stays where it is and no point "
        "moves: tab (shift+tab back) or a click selects a point, enter picks it. Each point's "
        "square has the squared miss for its area: look for the biggest. Once you have picked "
        "the costliest, the table shows every point's miss and share."
    )
    """The help on a "which point" level, where the points do not move (it told of moving
    and dragging them, and of the best line changing)."""

    state: var[PointsState | None] = var(None)

    @classmethod
    def for_level(cls, level: Level, settings: Mapping[str, Any]) -> LevelScreen:
        return cls(level, show_squares=flag(settings, SHOW_SQUARES, True))

    def __init__(self, level: Level, show_squares: bool = True) -> None:
        super().__init__(level)
        self.step = linear.steps(level).point
        # room to drag a point up and down, where points move; else the points and their line
        # (the costliest point's chart ran from −5 to 15 for points from 2.4 to 9.6)
        self.bounds = (
            fit_bounds(level.x, level.y, points.point_limits(level))
            if self._movable()
            else fit_bounds(level.x, level.y, lines=[linear.fitted_line(level, level.y)])
        )
        self.target = scoring.target_value(level)
        self._hud = ""  # the HUD's line (`say_kept` adds to it)
        self.set_reactive(LevelScreen.show_squares, show_squares)

    def compose_body(self) -> ComposeResult:
        with play_area():
            yield CanvasView(id="chart")
            yield LinesPanel(id="shares")
        yield KeyRow()  # what each mark on the chart is, off the plot
        yield Static("", id="points-hud", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.state = points.start(self.level)

    def watch_state(self, state: PointsState | None) -> None:
        if state is None:
            return
        s = points.score(self.level, state)
        self._draw(state)
        self._show_shares(state, s)
        line = core.FitScale.of(self.level.x, state.y).line(s.m, s.b)  # round-off as 0
        self._hud = f"line {line_equation(*line, self.step)}    MSE = {steady(s.mse)}"
        if self.target is not None:
            self._hud += f"    target ≥ {num(self.target)}"
        self.say_kept(kept_said(self.attempt))
        if self.level.spec.target.type == "at_least":
            self.score(s.value, state.presses)

    def say_kept(self, line: str) -> None:
        """The HUD's line, and under it what is said of the result kept (`kept_said`)."""
        self.query_one("#points-hud", Static).update(f"{self._hud}\n{line}" if line else self._hud)

    def resized(self) -> None:
        """The table's columns for the screen's width (-wide)."""
        if self.state is not None:
            self._show_shares(self.state, points.score(self.level, self.state))

    def _show_shares(self, state: PointsState, s: points.PointsScore) -> None:
        """The table of shares for the rows its panel has (`show_widened`)."""
        panel, held = self.query_one("#shares", LinesPanel), self.held("#shares", self._shares_held)
        show_widened(panel, partial(self._shares, state, s), holds=held)

    def _shares_held(self) -> list[str]:
        """The table at its widest in this play (`held`), each of every point: the points as
        the level puts them and, where they move, each moved to either of its limits (the
        line fitted again); the answer hidden, and shown once picked."""
        level, start = self.level, points.start(self.level)
        places = [start.y]
        if self._movable():
            for k in range(len(start.y)):
                places += [
                    (*start.y[:k], limit, *start.y[k + 1 :]) for limit in points.point_limits(level)
                ]
        rows = len(start.y) + tables.HEAD_ROWS
        held = []
        for y in places:
            for picked in (None, points.costliest(level)):
                state = replace(start, y=y, picked=picked)
                held += self._shares(state, points.score(level, state), rows)
        if self.has_class("-wide"):  # the title of fewer rows than points
            held.append(tables.title(len(start.y), len(start.y) - 1))
        return held

    def watch_show_squares(self) -> None:
        if self.state is not None:
            self._draw(self.state)

    def _picture(self, state: PointsState) -> FitPicture:
        s = points.score(self.level, state)
        y = np.array(state.y)
        return FitPicture(
            self.level.x,
            y,
            s.m,
            s.b,
            self.bounds,
            self.show_squares,
            selected=state.selected,
            selected_said=SELECTED_SAID if self._movable() else PICKED_SAID,
            label_largest=not self._answer_hidden(state),
            line_name=self._line_name(),  # the points', not a line the player moves
            key_below=True,
        )

    def _answer_hidden(self, state: PointsState) -> bool:
        """Whether this is a "which point costs most" level not yet answered: what gives
        the answer away (the misses, the shares, the largest square's e²) stays hidden."""
        return self.level.spec.target.type == "pick_costliest" and (
            state.picked != points.costliest(self.level)
        )

    def _draw(self, state: PointsState) -> None:
        key = self.query_one("#key", KeyStrip)
        self.query_one("#chart", CanvasView).show(keyed_drawing(self._picture(state), key))

    def _shares(self, state: PointsState, s: points.PointsScore, rows: int) -> list[str]:
        """Each point's miss and share of the squared error; on a "which point costs most"
        level the misses and shares (the answer) stay hidden until the right point is picked."""
        hidden = self._answer_hidden(state)
        if self.has_class("-wide"):  # room for y, ŷ, e² and a bar of each share
            y = np.array(state.y)
            columns = tables.Columns(shares=True, hidden=hidden)
            room = rows - tables.HEAD_ROWS if rows > tables.HEAD_ROWS else y.size
            table = tables.table(self.level.x, y, s.residuals, room, state.selected, columns)
            return [tables.title(y.size, len(table) - 1), *table]
        # each column to one number of decimals (3.50 under 1.15, +0.03 over −0.84)
        xs = column([float(x) for x in self.level.x], 3)
        signed = [with_sign(text) for text in column([float(e) for e in s.residuals], 3)]
        percents = whole_percents([float(share) for share in s.shares])  # adding up to 100
        # as wide as their numbers (tiny data's 1.15e−10 and +1.25e−11 overran 5 and 6)
        wx, wm = max(5, *map(len, xs)), max(6, *map(len, signed))
        lines = [f"{'pt':>3} {'x':>{wx}} {'miss':>{wm}} {'share':>6}"]
        for i, x in enumerate(xs):
            mark = "▶" if i == state.selected else " "
            share = "?" if hidden else f"{percents[i]}%"
            miss = "?" if hidden else signed[i]
            lines.append(f"{mark}{i + 1:>2} {x:>{wx}} {miss:>{wm}} {share:>6}")
        return lines

    def on_canvas_view_clicked(self, event: CanvasView.Clicked) -> None:
        if self.state is None:
            return
        width, height = self.query_one("#chart", CanvasView).size
        k = nearest_point(self._picture(self.state), width, height, event.col, event.row)
        if k is not None:
            self.action_select(k - self.state.selected)

    def help_prose(self) -> str:
        """The help's prose: moving points where they move, else picking one; a line that
        is fixed is not said to change."""
        if not self._movable():
            return self.HELP_PICK
        return self.HELP if self._refits() else self.HELP.replace(*FIXED_LINE_HELP)

    def _refits(self) -> bool:
        """Whether the line is the points' best fit, refitted as they move (else fixed)."""
        return self.level.spec.model.fit == "least-squares"

    def _line_name(self) -> str:
        """What the legend calls the line: a fixed one is no best fit (costliest's ŷ = x + 1
        was named "best-fit line", where the points' best line is ŷ = 1.037·x + 1.196)."""
        return "best-fit line" if self._refits() else "fixed line"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Points move on the "pull" levels and are picked on the "which point" ones."""
        if action == "pick":
            return not self._movable()
        if action in ("move", "undo"):
            return self._movable()
        if action == "nothing_to_undo":
            return not self._movable()
        return True

    def _movable(self) -> bool:
        return self.level.spec.target.type != "pick_costliest"

    def grab(self, col: int, row: int) -> Follow | None:
        """A press on a point grabs it (a click without a drag only selects it)."""
        if self.state is None or not self._movable():
            return None
        width, height = self.query_one("#chart", CanvasView).size
        k = nearest_point(self._picture(self.state), width, height, col, row)
        return None if k is None else partial(self._drag_point, k, self.state)

    def _drag_point(self, k: int, start: PointsState, col: int, row: int) -> None:
        """The grabbed point follows the mouse up and down: one move for the whole drag."""
        width, height = self.query_one("#chart", CanvasView).size
        _, y = world_at(self._picture(start), width, height, col, row)
        moved = points.drag(self.level, start, k, y)
        why = points.why_drag_stays(self.level, start, k, y) if moved is start else None
        if why is not None:  # refused (`moved.refused`): the point stays where the drag has it
            self.refuse_move(why)
            return
        same = moved.y == start.y and start.selected == k
        self.state = start if same else moved  # back where it began: no move
        if start.moved not in (None, k) and not same:
            self.say(f"Only one point may move: point {start.moved + 1} went back.")

    def can_undo(self) -> bool:
        return attempt.can_undo(self.state)

    def action_nothing_to_undo(self) -> None:
        self.nothing_to_undo()

    def action_undo(self) -> None:
        """Take back the last move of a point, by key or by mouse."""
        if self.state is not None and self.can_undo():
            self.state = attempt.undo(self.state)
        else:
            self.nothing_to_undo()

    def action_select(self, step: int) -> None:
        if self.state is not None:
            self.state = points.select(self.level, self.state, step)

    def action_move(self, dy: float) -> None:
        if self.state is not None and self._movable():
            before, moved = self.state.moved, points.move(self.level, self.state, dy * self.step)
            if moved is self.state:  # refused (`moved.refused`), or at its limit: it stays
                why = points.why_it_stays(self.level, self.state, dy * self.step)
                self.refuse_move(
                    why or f"The point is at its {'top' if dy > 0 else 'bottom'} limit."
                )
            self.state = moved
            if before is not None and before != self.state.moved:
                self.say(f"Only one point may move: point {before + 1} went back.")

    def action_pick(self) -> None:
        if self.state is None or self.level.spec.target.type != "pick_costliest":
            return
        self.state = points.pick(self.level, self.state)
        if self.state.picked == points.costliest(self.level):
            self.won(float(self.state.wrong_picks), self.state.presses)
        else:
            self.say(f"Not point {self.state.selected + 1}: look for the biggest square.")

    def start_over(self) -> None:
        self.state = points.start(self.level)
