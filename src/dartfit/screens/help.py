"""Help: the keys of the screen in hand and of the whole game."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

GENERAL = """\
Everywhere
  ?            this help
  escape       back one screen
  ctrl+p       commands: jump to a level, reset, squares, theme
  ctrl+q       quit (progress is saved as you go)

In every level
  h            next hint (gentle first, explicit last)
  r            reset the level
  l            the lesson this level practises
"""


class HelpScreen(ModalScreen[None]):
    """A scrollable list of keys; any of escape, ? or q closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, specific: str = "") -> None:
        super().__init__()
        self.specific = specific

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("dartfit help", id="help-title")
            if self.specific:
                yield Static(self.specific, markup=False, classes="help-text")
            yield Static(GENERAL, markup=False, classes="help-text")

    def action_close(self) -> None:
        self.dismiss(None)
