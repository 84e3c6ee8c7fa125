"""The won line over other data, side by side: a chart per dataset (Anscombe's four sets in
a two-by-two grid), each with the penalty squares of that one line and its score.

Opened with d from the win panel of a level whose file names other datasets ([data] also);
esc, enter or d again goes back to the panel."""

from __future__ import annotations

from functools import partial

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from dartfit.messages import event_clock
from dartfit.pictures.fit import FitPicture, draw_fit, fit_bounds
from dartfit.rules.overlay import Overlay
from dartfit.stylesheet import PLAY
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.footer import KeyFooter
from dartfit.wording import line_equation, num

SHORT = 30
"""Rows under which the charts take the rows of the sets' descriptions (80×24's charts had
seven rows)."""


def shared_family(names: list[str]) -> str:
    """The words every set's name starts with ("Anscombe's quartet "), said once in the title
    so each heading fits its cell ("II (this level)": at 80×24 "Anscombe's quartet II (this
    level): MSE = 1.252" took two rows, its chart one fewer than the others); "" for none."""
    words = [name.split(" ") for name in names]
    shared: list[str] = []
    for same in zip(*words, strict=False):  # word by word: "I" is no prefix of "II"
        if len(set(same)) > 1:
            break
        shared.append(same[0])
    # one set, or a name that is all family, would have a heading of nothing
    if len(names) < 2 or not shared or any(len(w) == len(shared) for w in words):
        return ""
    return " ".join(shared) + " "


class SetsScreen(ModalScreen[None]):
    """One chart a dataset, all on the same axes, the same line on each."""

    CSS_PATH = [PLAY]  # its styling (and its charts'): see dartfit.stylesheet
    BINDINGS = [Binding("escape,enter,d", "dismiss", "Back to the panel")]

    def __init__(self, shown: Overlay) -> None:
        super().__init__()
        self.shown = shown
        self.shown_at = event_clock()  # keys typed before it showed (a second d) act on nothing

    def compose(self) -> ComposeResult:
        shown = self.shown
        x = np.concatenate([one.x for one in shown.sets])
        y = np.concatenate([one.y for one in shown.sets])
        bounds = fit_bounds(x, y, lines=[(shown.m, shown.b)])  # one pair of axes for all
        mae = shown.metric == "MAE"  # the misses' lengths count, not their squares
        family = shared_family([one.name for one in shown.sets])
        with Vertical(id="sets-box"):
            line = line_equation(shown.m, shown.b)
            of = f" of {family.strip()}" if family else ""
            yield Static(f"Your line, {line}, on each set{of}", id="sets-title", markup=False)
            with Grid(id="sets-grid", classes=f"-sets-{len(shown.sets)}"):
                for k, one in enumerate(shown.sets):
                    own = " (this level)" if one.own else ""
                    with Vertical(classes="set-cell"):
                        yield Static(
                            f"{one.name.removeprefix(family)}{own}: {shown.metric} = "
                            f"{num(one.value)}",
                            classes="set-heading",
                            markup=False,
                        )
                        yield Static(one.about, classes="set-about", markup=False)
                        picture = FitPicture(
                            one.x,
                            one.y,
                            shown.m,
                            shown.b,
                            bounds,
                            squares=not mae,
                            mae=mae,
                            caption=False,
                        )
                        yield CanvasView(partial(draw_fit, picture), id=f"set-{k}")
            values = ", ".join(num(one.value) for one in shown.sets)
            marks = "misses" if mae else "squares"
            said = (
                f"One line, nearly one {shown.metric} ({values}), different stories"
                if shown.alike
                else f"One line, its {shown.metric} on each set: {values}"
            )
            yield Static(
                f"{said}. The {marks} show where each set's error comes from.",
                id="sets-note",
                markup=False,
            )
        yield KeyFooter()

    def on_resize(self) -> None:
        """Under SHORT rows the sets' descriptions make way for their charts."""
        self.set_class(self.size.height < SHORT, "-short")
