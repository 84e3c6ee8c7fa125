"""DartfitApp and its factory: wiring only (levels, progress and seed come in from outside)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from dartfit.levels import Level, default_levels_dir, load_levels
from dartfit.screens.title import TitleScreen


class DartfitApp(App[None]):
    """The dartfit game: a title screen that leads to the levels."""

    CSS_PATH = "dartfit.tcss"
    TITLE = "dartfit"
    SUB_TITLE = "understand Mean Squared Error"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, levels: list[Level], data_dir: Path | None, seed: int | None) -> None:
        super().__init__()
        self.levels = levels
        self.data_dir = data_dir
        self.seed = seed

    def on_mount(self) -> None:
        self.push_screen(TitleScreen(self.levels))


def make_app(
    levels_dir: Path | str | None = None,
    data_dir: Path | str | None = None,
    seed: int | None = None,
) -> DartfitApp:
    """Build the app from a folder of levels, a folder for progress and a seed."""
    levels = load_levels(levels_dir or default_levels_dir())
    return DartfitApp(levels, Path(data_dir) if data_dir else None, seed)
