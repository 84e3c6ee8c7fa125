"""Which round is worse? Two recorded rounds of darts; the player picks the larger MSE."""

from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.widgets import Static

from dartfit.rules import darts
from dartfit.rules.darts import DartsState
from dartfit.screens.level_base import LevelScreen, play_area
from dartfit.wording import num, signed


class CompareScreen(LevelScreen):
    """Two rounds side by side: signed misses first, squares after the pick."""

    BINDINGS = [
        Binding("a,1", "pick(0)", "Round A"),
        Binding("b,2", "pick(1)", "Round B"),
    ]
    HELP = (
        "Two rounds of darts and their signed misses: which round has the larger MSE? "
        "After a pick, the squares and the MSE of both rounds are shown."
    )

    state: var[DartsState | None] = var(None)

    def compose_body(self) -> ComposeResult:
        with play_area():
            yield Static("", id="round-0", classes="round", markup=False)
            yield Static("", id="round-1", classes="round", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.state = DartsState()

    def watch_state(self, state: DartsState | None) -> None:
        if state is None:
            return
        for k, misses in enumerate(darts.spec(self.level).rounds):
            self.query_one(f"#round-{k}", Static).update(self._round(k, misses, state))

    def _round(self, k: int, misses: tuple[float, ...], state: DartsState) -> str:
        shown = state.picked is not None
        lines = [f"Round {'AB'[k]}", "", f"{'#':>2} {'miss e':>7} {'e²':>7}"]  # as darts'
        for i, e in enumerate(misses, start=1):
            lines.append(f"{i:>2} {signed(e):>7} {num(e * e) if shown else '?':>7}")
        lines += ["", f"Σ|e|  = {num(float(np.sum(np.abs(misses))))}"]
        if shown:
            lines.append(f"Σe²   = {num(float(np.sum(np.square(misses))))}")
            lines.append(f"MSE   = {num(darts.round_mse(misses))}")
        else:
            lines.append("MSE   = ?   (pick to see)")
        return "\n".join(lines)

    def action_pick(self, choice: int) -> None:
        if self.state is None:
            return
        self.state = darts.pick(self.level, self.state, choice)
        if choice == darts.worse_round(self.level):  # the hint no longer says a wrong pick's
            self.say(f"Round {'AB'[choice]} is worse: its squares add up to more.")
            self.won(float(self.state.wrong_picks), self.state.presses)
        else:
            self.say(f"Not round {'AB'[choice]}: compare the squares. Which one costs more?")

    def start_over(self) -> None:
        self.state = DartsState()
