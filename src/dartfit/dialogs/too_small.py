"""Shown over everything while the terminal is smaller than the game needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """Says how large the terminal must be; goes away by itself once it is."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.need = (width, height)

    def compose(self) -> ComposeResult:
        w, h = self.need
        yield Static(
            f"dartfit needs a terminal of at least {w} × {h}.\n"
            "Make the window larger (or the font smaller) to go on.\n\nctrl+q quits.",
            id="too-small",
        )

    def on_key(self, event: Key) -> None:
        """Nothing but ctrl+q works until the terminal is larger: a key gets the bell."""
        event.stop()
        self.app.bell()
