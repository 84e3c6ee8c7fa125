"""Huber's δ: slide it and watch its best line move between the MSE's line and the MAE's."""

from __future__ import annotations

from functools import partial

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var

from dartfit import core
from dartfit.pictures.fit import FitPicture, draw_fit, fit_bounds
from dartfit.rules import huber, linear, scoring
from dartfit.rules.huber import HuberState
from dartfit.screens import tables
from dartfit.screens.level_base import LevelScreen, play_area
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.wording import count, num, pair, steady, told_apart


class HuberScreen(LevelScreen):
    """The points, the MSE's and the MAE's best lines, and Huber's for the δ on show."""

    BINDINGS = [
        Binding("left", "delta(-1)", "δ smaller"),
        Binding("right", "delta(1)", "δ larger"),
        Binding("enter", "finish", "Finish", tooltip="finish here, with this δ"),
    ]
    HELP = (
        "Huber's loss squares a miss up to δ and counts it in a straight line beyond: near "
        "the line it is the MSE, far out the MAE. ← and → slide δ down and up a ladder; the "
        "legend names Huber's best line for that δ, the MSE's and the MAE's beside it. "
        "The score is the Huber line's MSE on the points without the outlier."
    )

    state: var[HuberState | None] = var(None)

    def compose_body(self) -> ComposeResult:
        with play_area():
            yield CanvasView(id="chart")
            yield LinesPanel(id="hud")
            yield LinesPanel(id="misses")  # a wide screen's column: how each miss counts

    def on_mount(self) -> None:
        super().on_mount()
        self.state = HuberState()

    def start_over(self) -> None:
        self.state = HuberState()

    def watch_state(self, state: HuberState | None) -> None:
        if state is None:
            return
        x, y = self.level.x, self.level.y
        line = huber.ladder(self.level)[state.rung]
        others = (core.best_line(x, y), core.best_line_mae(x, y))
        picture = FitPicture(
            x,
            y,
            *line,
            fit_bounds(x, y, lines=[line, *others]),
            squares=False,
            ghosts=others,
            ghost_names=huber.BEST_LINES,
            line_name=f"Huber's line, δ = {num(huber.delta(self.level, state.rung), 3)}",
        )
        self.query_one(CanvasView).show(partial(draw_fit, picture))
        value = huber.inlier_mse(self.level, line)
        self.query_one("#hud", LinesPanel).show(self._hud(state, line, value))
        self.show_wide("#misses", partial(self._counted, state, line), self._misses_held)
        self.score(value, state.presses)

    def resized(self) -> None:
        """The HUD's words and the column of misses for the screen's width (-wide)."""
        if self.state is not None:
            self.watch_state(self.state)

    def _misses_held(self) -> list[str]:
        """The column at its widest in this play (`held`): every rung's table, each of every
        point (δ's ladder is all the keys move)."""
        rows = self.level.x.size + tables.HEAD_ROWS + 8  # every point, its head and its foot
        ladder = enumerate(huber.ladder(self.level))
        held = [row for rung, line in ladder for row in self._counted(HuberState(rung), line, rows)]
        return [*held, tables.title(self.level.x.size, self.level.x.size - 1)]  # of fewer rows

    def _counted(self, state: HuberState, line: tuple[float, float], rows: int) -> list[str]:
        """Each point's miss from Huber's line and what Huber's loss counts for it: its
        square's half within δ, a straight line beyond (the outlier's pull is δ, not e)."""
        x, y, d = self.level.x, self.level.y, huber.delta(self.level, state.rung)
        e = y - (line[0] * x + line[1])
        terms = core.huber_terms(e, d)
        how = tuple("square" if abs(miss) <= d else "line" for miss in e.tolist())
        columns = tables.Columns(more=(("huber", tuple(terms.tolist())),), said=("as a", how))
        foot = [
            f"within δ = {num(d, 3)}: a square, e²/2 (MSE)",
            "beyond: a line, δ·(|e| − δ/2) (MAE)",
            f"mean huber = Σ ÷ {count(x.size)} = {steady(float(np.mean(terms)))}",
            f"pt {huber.outlier(self.level) + 1}: the outlier, not scored",
        ]
        return tables.with_foot(x, y, e, foot, rows, columns=columns)

    def _hud(self, state: HuberState, line: tuple[float, float], value: float) -> list[str]:
        d = huber.delta(self.level, state.rung)
        wide = self.has_class("-wide")
        lines = [tables.glossed(f"δ = {num(d, 3)}", "squared up to it", wide)]
        lines += [f"rung {state.rung} of {2 * huber.RUNGS}", ""]
        slope, height = pair(*linear.shown_fit(self.level, line))
        lines += ["Huber's line:", f"  m = {slope}", f"  b = {height}", ""]
        # as the win panel has it, and apart from the target where they differ
        shown, goal = told_apart(value, self.target)
        head, last = huber.SCORED.rsplit(" ", 1)
        said = [head, f"{last}: {shown}"]
        lines += [" ".join(said)] if wide else said  # one row where it fits
        if self.target is not None:
            lines.append(f"target {goal}")
        lines += ["", "← δ smaller: MAE-like", "→ δ larger: MSE-like"]
        return lines

    @property
    def target(self) -> float | None:
        """The MSE (without the outlier) to reach."""
        return scoring.target_value(self.level)

    def action_finish(self) -> None:
        """Finish with this δ: a beaten target wins again (more stars after a first win)."""
        state = self.state
        if state is not None:
            value = huber.inlier_mse(self.level, huber.ladder(self.level)[state.rung])
            if not self.score(value, state.presses, finish=True):
                self.say_of_this_move(f"Not yet: the MSE without the outlier is {steady(value)}.")

    def action_delta(self, step: int) -> None:
        if self.state is not None:
            moved = huber.move(self.level, self.state, step)
            if moved is self.state:
                self.refuse(f"δ is on its {'top' if step > 0 else 'bottom'} rung.")
            self.state = moved
