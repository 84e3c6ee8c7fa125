"""The win panel: "Level complete", the stars earned and what the level just showed.

A modal with a see-through background and a box at the side, so the chart stays in view:
the line that won, and the best one that the level screen draws beside it (`shown` says it
in words)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from dartfit.kinds import kind_of, rules_of
from dartfit.levels import SANDBOX_ID, Level
from dartfit.progress import LevelResult
from dartfit.wording import num, stars_text

WinChoice = Literal["next", "again", "levels", "keep", "undo"]


class WinScreen(ModalScreen[WinChoice]):
    """A modal over the level; it answers with where the player wants to go."""

    BINDINGS = [
        Binding("enter,n", "next", "Next level"),
        Binding("k", "choose('keep')", "Keep improving"),
        Binding("a", "choose('again')", "Play again"),
        Binding("escape", "choose('levels')", "Levels"),
        Binding("u", "choose('undo')", "Undo", show=False, tooltip="keep playing, one move back"),
    ]

    def __init__(self, level: Level, result: LevelResult, shown: Sequence[str] = ()) -> None:
        super().__init__()
        self.level = level
        self.result = result
        self.shown = tuple(shown)

    def compose(self) -> ComposeResult:
        r, spec = self.result, self.level.spec
        lines = [f"Stars: {stars_text(r.stars)}"]
        if r.score is not None and not spec.target.type.startswith("pick"):
            metric = spec.target.metric.upper()
            lines.append(f"Your {metric}: {num(r.score)}")
            if spec.target.type == "at_most":
                lines += [
                    f"{label}: {num(value)}"
                    for label, value in rules_of(self.level).references(self.level)
                ]
        if r.score is not None and spec.target.type.startswith("pick"):
            lines.append(f"Wrong picks: {r.score:.0f}")
        if r.presses is not None:
            par = f" (par {spec.stars.par})" if spec.stars.par else ""
            lines.append(f"{kind_of(spec).presses}: {r.presses}{par}")
        with VerticalScroll(id="win-box"):
            yield Static("Level complete", id="win-title")
            yield Static("\n".join(lines), id="win-score", markup=False)
            if self.shown:
                yield Static("\n".join(self.shown), id="win-shown", markup=False)
            yield Static("What you just saw", classes="win-heading")
            yield Static(" ".join(spec.what_you_saw.split()), id="win-text", markup=False)
            yield Static(
                f"enter {self.next_says()} · esc levels\nk keep improving · a play again",
                id="win-keys",
            )

    def next_says(self) -> str:
        """What enter does: the next level, or, on the player's own data, back to it."""
        return "back to your data" if self.level.id == SANDBOX_ID else "next level"

    def action_next(self) -> None:
        """enter: on to the next level; on the player's own data there is none, so back to it."""
        self.dismiss("keep" if self.level.id == SANDBOX_ID else "next")

    def action_choose(self, choice: WinChoice) -> None:
        self.dismiss(choice)
