"""Smooth against kinked: predict which descent settles, then watch both run."""

from __future__ import annotations

import math
from functools import partial
from typing import Literal

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var

from dartfit.pictures.common import DASHED, DOTTED, sample
from dartfit.pictures.figure import Figure, Series
from dartfit.rules import kink
from dartfit.rules.kink import KinkState
from dartfit.screens import tables
from dartfit.screens.level_base import LevelScreen, play_area
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.widgets.pair import ChartPair
from dartfit.widgets.plot import PlotView
from dartfit.wording import RATE_SAID, num

TINY = 1e-12
"""Step sizes below this are drawn at it (a log axis has no 0)."""


MEAN = sample(DOTTED, 3)
"""The mean's mark in the legend: a dotted line of braille, one dot a cell."""

MEDIAN = sample(DASHED, 3)
"""The median's mark in the legend: braille dashes, a cell apart (a "·" between read as the
other charts' grid)."""

BOTH = "◘"
"""A step of each descent in one cell of the step sizes, in the MSE's colour: the MAE's dot
cut out of the MSE's block, read in any colours or none."""


class KinkScreen(LevelScreen):
    """Two descents on one number, c: under the MSE and under the MAE, step by step."""

    BINDINGS = [
        Binding("1", "predict(1)", "Only MSE"),
        Binding("2", "predict(2)", "Only MAE"),
        Binding("3", "predict(3)", "Both"),
        Binding("space", "step(1)", "Step"),
        Binding("enter", "step(1000000)", "Run all"),
    ]
    HELP = (
        "One number c is fitted to the points by gradient descent twice, from the same start "
        "with the same rate: once on the MSE, once on the MAE. First predict which will "
        "settle at its best (1, 2 or 3); then space steps both and enter runs them to the "
        "end. The top chart shows c by step beside the mean (the MSE's best) and the median "
        "(the MAE's); the lower one each step's size, on a log scale."
    )

    state: var[KinkState | None] = var(None)

    def compose_body(self) -> ComposeResult:
        with play_area():
            with ChartPair(id="kink-charts"):
                yield PlotView(id="kink-path")
                yield PlotView(id="kink-steps")
            yield LinesPanel(id="hud")
            yield LinesPanel(id="walk")  # a wide screen's column of both walks' steps

    def on_mount(self) -> None:
        super().on_mount()
        self.state = KinkState()

    def start_over(self) -> None:
        """Back to step 0; the prediction stands (a reset is no second guess after peeking)."""
        self.state = KinkState(self.state.prediction if self.state else None)

    def watch_state(self, state: KinkState | None) -> None:
        if state is None:
            return
        full = kink.paths(self.level)
        mse, mae = (path[: state.steps + 1] for path in full)  # the steps shown so far
        steps = kink.tuning(self.level).max_steps
        mean, median = float(np.mean(self.level.y)), float(np.median(self.level.y))
        low, high = min(*full[0], *full[1], mean, median), max(*full[0], *full[1], mean, median)
        path = Figure(
            (
                # in braille dots, on the dot rows the MSE's braille path draws their values
                # on (`Series.level`): as whole-cell rules, the median 5 stood on the row of
                # 4 and the mean 5.667 on the row of 6 at 80×24, beside a path that settled
                # a dot row off the mean's rule. Dotted and dashed, as the fit charts'
                # reference lines, they read apart from the path's solid dots without colour;
                # drawn beneath it, their dots joined with its own, and on past the last
                # step to the chart's edge, so that their ends beyond the path show them
                Series((0.0, 2.0 * steps), (mean, mean), "best", "line", "braille", level=DOTTED),
                Series(
                    (0.0, 2.0 * steps), (median, median), "point", "line", "braille", level=DASHED
                ),
                Series(tuple(map(float, range(len(mse)))), mse, "loss", marker="braille"),
                Series(tuple(map(float, range(len(mae)))), mae, "path", "scatter", "•"),
            ),
            # a few steps past the last, for the levels to end beyond the path (at 80×24
            # the plot has no margin there: the path reached the frame and hid the whole rule)
            xlim=(0.0, float(steps + max(2, steps // 16))),
            ylim=(low, high),
            title=f"c by step · ⠒⠒ MSE's · {MEAN} the mean · • MAE's · {MEDIAN} the median"
            f" · {BOTH} both",
            keys=(
                ("⠒⠒ MSE's", "loss"),
                (f"{MEAN} the mean", "best"),
                ("• MAE's", "path"),
                (f"{MEDIAN} the median", "point"),
                (f"{BOTH} both", "loss"),
            ),
            x_whole=True,
            apart=(0, 1),  # the mean's dots and the median's dashes: on one dot row, one line
            # the MAE's dots over the MSE's path, and a ◘ where one lies on a step of it (at
            # step 0 both start at one c: the MAE's dot hid the MSE's start)
            over=(3, 2),
            both=BOTH,
            fixed=2,  # the levels, drawn once for the axes, beneath the rest
        )
        # the MAE's dots over the MSE's steps, and a ◘ where one shares its cell (beside it,
        # a dot stood a step off its own):
        # the MSE's steps had hidden the MAE's first dots (its first steps share their rows,
        # 2.5 decades a row at 80×24), and 2 steps in, the MSE's step is the MAE's to a
        # seventh of a decade, in one cell at any size (one step in at 80×24: no MSE's at all)
        sizes = (_sizes(mse, "loss", "line", "hd"), _sizes(mae, "path", "scatter", "•"))
        everything = [s for p in full for s in kink.step_sizes(p)]
        shrink = Figure(
            sizes,
            xlim=(0.0, float(steps)),
            ylim=(_log(min(everything)), _log(max(everything))),
            ylog=True,
            yzero=_log(0.0),
            title=f"size of each step (log) · ▀ MSE's · • MAE's · {BOTH} both",
            keys=(("▀ MSE's", "loss"), ("• MAE's", "path"), (f"{BOTH} both", "loss")),
            x_whole=True,
            over=(1, 0),
            both=BOTH,
            empty="no step yet",
        )
        self.query_one("#kink-path", PlotView).show(path)
        self.query_one("#kink-steps", PlotView).show(shrink)
        self.query_one("#hud", LinesPanel).show(self._hud(state, mse, mae, mean, median))
        self.show_wide("#walk", partial(tables.two_walks, mse, mae), self._walk_held)

    def _walk_held(self) -> list[str]:
        """The walks' column at its widest in this play (`held`): the walks are the level's
        own, step for step, and a step alone is written at least as wide as among others (its
        decimals are its own), so each column's widest cell of every step alone bounds them."""
        mse, mae = kink.paths(self.level)
        steps = [tables.two_walks_cells(mse, mae, range(k, k + 1)) for k in range(1, len(mse))]
        return [tables.WALKS, *([tables.widest_row(steps)] if steps else [])]

    def resized(self) -> None:
        """The column of both walks for the screen's width (-wide)."""
        if self.state is not None:
            self.watch_state(self.state)

    def _hud(
        self,
        state: KinkState,
        mse: tuple[float, ...],
        mae: tuple[float, ...],
        mean: float,
        median: float,
    ) -> list[str]:
        steps = f"{state.steps}/{kink.tuning(self.level).max_steps}"
        lines = [RATE_SAID, f"η = {num(kink.rate(self.level))} · step {steps}", ""]
        if state.prediction is None:
            lines += ["Before it runs:", "which descent will", "settle at its best?", ""]
            lines += [f"{k}: {said}" for k, said in kink.CHOICES.items()]
            return lines
        lines += [f"You said: {kink.CHOICES[state.prediction]}", ""]
        last = [kink.step_sizes(p)[-1] if len(p) > 1 else 0.0 for p in (mse, mae)]
        lines += [
            f"MSE's c {num(mse[-1])}",
            f"  mean {num(mean)}",
            f"  last step {num(last[0], 2)}",
        ]
        lines += [
            f"MAE's c {num(mae[-1])}",
            f"  median {num(median)}",
            f"  last step {num(last[1], 2)}",
        ]
        if kink.finished(self.level, state):
            lines += [
                "",
                "The MSE's steps shrank",
                "to nothing; the MAE's",
                "stopped at η/n: it",
                "steps across the",
                "median for ever.",
            ]
        else:
            lines += ["", "space: a step", "enter: run to the end"]
        return lines

    def fixed_rate(self) -> float | None:
        return kink.rate(self.level)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The prediction's keys only until the prediction is made."""
        if action == "predict":
            return self.state is None or self.state.prediction is None
        return super().check_action(action, parameters)

    def action_predict(self, choice: int) -> None:
        if self.state is None:
            return
        if self.state.prediction is not None:
            self.say("Your prediction is in: space and enter run the descents.")
            return
        self.state = kink.predict(self.state, choice)
        self.refresh_bindings()  # the prediction's keys go once it is made
        self.say(f"You predict {kink.CHOICES[choice]} will settle. space steps, enter runs.")

    def action_step(self, count: int) -> None:
        state = self.state
        if state is None:
            return
        if state.prediction is None:
            self.app.bell()
            self.say("Predict first: 1, 2 or 3.")
            return
        if kink.finished(self.level, state):
            self.refuse("The run is over: r starts again.")
            return
        self.state = kink.step(self.level, state, count)
        if kink.finished(self.level, self.state):
            right = self.state.prediction == kink.RIGHT
            self.say(
                "Right: only the MSE's descent settled."
                if right
                else "Only the MSE's descent settled: the MAE's kink keeps its steps the same size."
            )
            self.won(0.0 if right else 2.0, self.state.steps)


def _sizes(
    path: tuple[float, ...], role: str, kind: Literal["scatter", "line"], marker: str
) -> Series:
    """The size of each step of a path so far, as log10, by step (none before the first)."""
    sizes = kink.step_sizes(path)
    steps = tuple(map(float, range(1, len(sizes) + 1)))
    return Series(steps, tuple(map(_log, sizes)), role, kind, marker)


def _log(value: float) -> float:
    """log10 of a step's size (a step of 0 is drawn at TINY)."""
    return math.log10(max(value, TINY))
