"""Maximum likelihood: the line's residuals under a Gaussian bell, log L beside the SSE."""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import partial
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import var

from dartfit import core
from dartfit.core import neg_log_likelihood_terms
from dartfit.levels import Level, Likelihood
from dartfit.pictures.bell import BellPicture, draw_bell
from dartfit.rules import fit, linear
from dartfit.rules.fit import FitState
from dartfit.screens import tables
from dartfit.screens.fit import FitScreen
from dartfit.screens.level_base import LevelScreen, play_area
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.widgets.pair import ChartPair
from dartfit.wording import (
    bar,
    fixed_or_num,
    grid_decimals,
    likelihood_formula,
    num,
    steady,
    step_sizes,
    told_apart,
    typeset_line,
)

SIGMA = Binding.Group("σ", compact=True)  # one footer entry for the pair: "[] σ"


class MleScreen(FitScreen):
    """An mle level: the fit chart, the bell of residuals, and log L against the SSE."""

    BINDINGS = [
        Binding("left_square_bracket", "sigma(-1)", "σ −", key_display="[", group=SIGMA),
        Binding("right_square_bracket", "sigma(1)", "σ +", key_display="]", group=SIGMA),
        # the bell stands for the squares here: s still works (? lists it), but at 80
        # columns the footer's room goes to the arrows, the auto-solver and undo
        Binding("s", "toggle_squares", "Squares", show=False),
    ]
    HELP = (
        "Fit the line by likelihood. The noise model is a bell of width σ; each bar under "
        "the bell is one point's likelihood, and log L adds their logs. For any fixed σ, "
        "the line with the largest log L is the line with the smallest SSE."
    )

    KEYED = False  # its legend on the plot, as before: the bell beside it takes the room
    sigma: var[float] = var(1.0)

    @classmethod
    def for_level(cls, level: Level, settings: Mapping[str, Any]) -> LevelScreen:
        return cls(level)  # the bell, not squares: the squares setting is not used here

    def __init__(self, level: Level, show_squares: bool = False) -> None:
        super().__init__(level, show_squares=show_squares)
        self.model = level.spec.likelihood or Likelihood()
        self.set_reactive(MleScreen.sigma, self.model.sigma)

    def compose_body(self) -> ComposeResult:
        with play_area():
            with ChartPair(id="mle-charts"):
                yield CanvasView(id="chart")
                yield CanvasView(id="bell")
            yield LinesPanel(id="hud")
            if not fit.is_big(self.level):  # a wide screen's column of each point's log p
                yield LinesPanel(id="misses")
        yield LinesPanel(id="formula")

    def action_toggle_squares(self) -> None:
        """Squares on this chart alone: the saved setting is not used here, so not changed
        here either (s turned every other level's squares off with no change on this chart,
        where they start hidden whatever the setting)."""
        self.show_squares = not self.show_squares

    def watch_sigma(self) -> None:
        if self.state is not None:
            self.watch_state(self.state)

    def _draw(self, state: FitState) -> None:
        super()._draw(state)
        residuals = fit.score(self.level, state).residuals
        if residuals is None:  # big data: the score skips them, the bell needs them all
            x, y = self.level.x, self.level.y
            residuals = core.residuals(y, core.line_predict(x, state.m, state.b))
        picture = BellPicture(residuals, self.sigma)
        self.query_one("#bell", CanvasView).show(partial(draw_bell, picture))

    def _formula(self, state: FitState, s: fit.FitScore, size: Size) -> list[str]:
        """−log L with this line's numbers (two rows, whatever the width)."""
        return likelihood_formula(self.level.x.size, s.sse, self.sigma, self._sigma_shown())

    def _sigma_shown(self) -> str:
        """σ as the HUD and the formula show it: to the decimals of its step."""
        return fixed_or_num(self.sigma, grid_decimals(self.model.sigma_step))

    def misses_lines(self, s: fit.FitScore, rows: int) -> list[str]:
        """Each point's miss and its log p, the log of its bar under the bell, and how they
        add up to log L (the HUD's number)."""
        if s.residuals is None:
            return []
        e, spread = s.residuals, self.sigma
        log_p = -0.5 * math.log(2 * math.pi * spread**2) - e * e / (2 * spread**2)
        const, fit_term = neg_log_likelihood_terms(e.size, s.sse, spread)
        foot = [
            "log p = −½·log(2πσ²) − e²/(2σ²)",
            f"log L = Σ log p = {steady(-(const + fit_term))}",
            "◀ the least likely point",
        ]
        columns = tables.Columns(more=(("log p", tuple(log_p.tolist())),))
        return tables.with_foot(self.level.x, self.level.y, e, foot, rows, self.point, columns)

    def _hud(self, state: FitState, s: fit.FitScore) -> list[str]:
        n = self.level.x.size
        const, fit_term = neg_log_likelihood_terms(n, s.sse, self.sigma)
        best_sse = n * linear.line_mse(self.level, *linear.best_fit(self.level))
        best_const, best_fit = neg_log_likelihood_terms(n, best_sse, self.sigma)
        ratio = math.exp(min(best_fit - fit_term, 0.0))  # L / L_max, the same σ: in (0, 1]
        slope, height = self.line_shown(state)
        wide = self.has_class("-wide")
        sigma = self._sigma_shown()
        lines = [
            typeset_line(slope, height) if wide else "ŷ = m·x + b",
            tables.glossed(f"m = {slope}", "slope", wide),
            tables.glossed(f"b = {height}", "intercept", wide),
            tables.glossed(f"σ = {sigma}", "the bell's width", wide),
            "",
            f"SSE = Σe² = {steady(s.sse)}",
            tables.glossed(f"log L = {steady(-(const + fit_term))}", "Σ log p", wide),
            f"most likely: {num(-(best_const + best_fit))}",
            "likelihood / its best",
            f"{bar(ratio, 1.0, 14):<14} {100 * ratio:.0f}%",
            "best SSE / SSE",
            f"{bar(best_sse / s.sse if s.sse else 1.0, 1.0, 14):<14}"
            f" {100 * (best_sse / s.sse if s.sse else 1.0):.0f}%",
            "",
        ]
        if self.target is not None:
            mark = "✓" if s.value <= self.target else " "
            mse, goal = told_apart(s.mse, self.target)  # apart where they differ
            lines += [f"MSE = {mse}", f"target {goal} {mark}"]
        return [*lines, "", step_sizes(self.steps.m, self.steps.b), "shift: ÷10"]

    def action_sigma(self, direction: int) -> None:
        sigma = max(self.model.sigma_step, round(self.sigma + direction * self.model.sigma_step, 6))
        if sigma == self.sigma:
            self.refuse(f"σ {num(sigma)} is the smallest here.")
        self.sigma = sigma
