"""Level select: every level of the campaign with its kind and goal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from dartfit.commands import describe_target
from dartfit.levels import Level


class LevelSelectScreen(Screen[None]):
    """A table of the levels; the game screens hang off it."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, levels: list[Level]) -> None:
        super().__init__()
        self.levels = levels

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="levels", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "Level", "Kind", "Goal")
        for level in self.levels:
            row = (str(level.number), level.spec.title, level.spec.kind, describe_target(level))
            table.add_row(*row, key=level.id)
        table.focus()
