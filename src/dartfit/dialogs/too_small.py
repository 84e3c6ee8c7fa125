"""Shown over everything while the terminal is smaller than the game needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Key
from textual.screen import ModalScreen

from dartfit.widgets.prose import Prose
from dartfit.wording import kept


class TooSmallScreen(ModalScreen[None]):
    """Says how large the terminal must be, and how large it is; goes away by itself once
    it is large enough."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.need = (width, height)

    def compose(self) -> ComposeResult:
        # Prose: wrapped at plain spaces, each size whole ("80" had ended a row, "× 24." begun
        # the next, at 40 columns)
        yield Prose(self.notice(), id="too-small")

    def notice(self) -> str:
        """The size needed beside the size the terminal has now."""
        (w, h), now = self.need, self.app.size
        return (
            f"dartfit needs a terminal of at least {kept(f'{w} × {h}')}.\n"
            f"This one is {kept(f'{now.width} × {now.height}')}: make the window larger "
            "(or the font smaller) to go on.\n\nctrl+q quits."
        )

    def on_resize(self) -> None:
        """Keep the size said up to date while the window is dragged."""
        self.query_one("#too-small", Prose).set_text(self.notice())

    def on_key(self, event: Key) -> None:
        """Nothing but ctrl+q works until the terminal is larger: a key gets the bell."""
        event.stop()
        self.app.bell()
