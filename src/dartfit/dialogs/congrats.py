"""The congratulations screen: every level complete."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

SUMMARY = """\
You threw darts and watched signed misses cancel to nothing while every dart
missed. You squared the misses, so nothing could cancel and big misses counted
most. You averaged them into one number, the MSE, and lowered it by nudging a
line: that is what training a model means. You felt one point's pull, and saw
MAE shrug off an outlier that MSE chased.
"""


class CongratsScreen(ModalScreen[None]):
    """Shown once the whole campaign is complete."""

    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, stars: int, total: int) -> None:
        super().__init__()
        self.stars, self.total = stars, total

    def compose(self) -> ComposeResult:
        with Vertical(id="congrats-box"):
            yield Static("Congratulations: every level complete!", id="congrats-title")
            yield Static(f"Stars: {self.stars} of {self.total}", id="congrats-stars")
            yield Static(SUMMARY, markup=False)
            yield Static("Replay any level for more stars. enter: back to the levels")

    def action_close(self) -> None:
        self.dismiss(None)
