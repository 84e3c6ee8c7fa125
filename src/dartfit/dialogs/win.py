"""The win screen: "Level complete", the stars earned and what the level just showed."""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from dartfit.kinds import rules_of
from dartfit.levels import Level
from dartfit.progress import LevelResult
from dartfit.rules import scoring
from dartfit.wording import num, stars_text

WinChoice = Literal["next", "again", "levels", "keep"]


class WinScreen(ModalScreen[WinChoice]):
    """A modal over the level; it answers with where the player wants to go."""

    BINDINGS = [
        Binding("enter,n", "choose('next')", "Next level"),
        Binding("k", "choose('keep')", "Keep improving"),
        Binding("a", "choose('again')", "Play again"),
        Binding("escape", "choose('levels')", "Levels"),
    ]

    def __init__(self, level: Level, result: LevelResult) -> None:
        super().__init__()
        self.level = level
        self.result = result

    def compose(self) -> ComposeResult:
        r, spec = self.result, self.level.spec
        lines = [f"Stars: {stars_text(r.stars)}"]
        best = scoring.optimum(self.level)
        if r.score is not None and not spec.target.type.startswith("pick"):
            metric = spec.target.metric.upper()
            line = f"Your {metric}: {num(r.score)}"
            if best is not None and spec.target.type == "at_most":
                label = rules_of(self.level).best_label
                line += f"   {label}: {num(best)}"
            lines.append(line)
        if r.presses is not None:
            par = f" (par {spec.stars.par})" if spec.stars.par else ""
            lines.append(f"Key presses: {r.presses}{par}")
        with Vertical(id="win-box"):
            yield Static("Level complete", id="win-title")
            yield Static("\n".join(lines), id="win-score", markup=False)
            yield Static("What you just saw", classes="win-heading")
            yield Static(" ".join(spec.what_you_saw.split()), id="win-text", markup=False)
            yield Static(
                "enter next level · k keep improving · a play again · esc levels",
                id="win-keys",
            )

    def action_choose(self, choice: WinChoice) -> None:
        self.dismiss(choice)
