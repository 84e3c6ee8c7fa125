"""Eyes on the teacher: while a class host has paused the class, every game waits here."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from dartfit.steady.started import DrawnOnceStarted


class PausedScreen(ModalScreen[None], DrawnOnceStarted):
    """Covers the game until the teacher lets the class play on (no key closes it)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="paused-box"):
            yield Static("Eyes on your teacher", id="paused-title")
            yield Static("The game goes on when your teacher says so.", id="paused-text")
