"""The title screen: what dartfit is, and the way in."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from dartfit.levels import Level
from dartfit.steady.started import DrawnOnceStarted
from dartfit.widgets.footer import KeyFooter

LOGO = r"""
     .-------.
   .'  .---.  '.        d a r t f i t
  /   /  ◎  \   \
  |  |   ·---+---+---->  the bullseye is the truth,
  \   \     /   /        the dart is your guess,
   '.  '---'  .'         the miss is the error.
     '-------'
"""


class TitleScreen(DrawnOnceStarted, Screen[None]):
    """The first screen a player sees."""

    class Start(Message):
        """The player wants the level list."""

    BINDINGS = [
        Binding("enter,space", "start", "Levels"),
        Binding("l", "app.lessons", "Lessons"),
        # the footer already offers ctrl+q (the app's): escape and q quit too, unlisted
        Binding("escape,q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, levels: list[Level]) -> None:
        super().__init__()
        self.levels = levels

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo")
            yield Static(
                "Square the misses, take the mean: that is MSE.\n"
                f"{len(self.levels)} levels from the first dart to a fitted line.",
                id="tagline",
            )
            with Center():
                yield Static("Press [b]Enter[/b] to choose a level", id="press-enter")
        yield KeyFooter()

    def action_start(self) -> None:
        self.post_message(self.Start())
