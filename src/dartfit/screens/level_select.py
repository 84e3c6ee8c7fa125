"""Level select: chapters, locks, stars and best scores, a progress bar, and "continue"."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from dartfit.campaign import first_unfinished, stars, unlocked
from dartfit.levels import Level
from dartfit.progress import Progress
from dartfit.rules import scoring
from dartfit.widgets.title_bar import TitleBar
from dartfit.wording import num, stars_text


class LevelSelectScreen(Screen[None]):
    """The campaign as a list grouped by chapter; enter plays a level."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("c", "continue", "Continue", tooltip="the first level not yet complete"),
        Binding("x", "reset_level", "Reset level", tooltip="forget its progress (asks first)"),
        Binding("l", "app.lessons", "Lessons"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]
    HELP = (
        "The levels, chapter by chapter: the arrows move and enter plays the level under "
        "the cursor. A level opens once the one before it is complete."
    )

    progress: var[Progress] = var(Progress)

    @dataclass
    class Play(Message):
        """Ask the app to open a level."""

        level: Level

    @dataclass
    class Reset(Message):
        """Ask the app to forget one level's progress (it asks the player first)."""

        level: Level

    def __init__(self, levels: list[Level], progress: Progress) -> None:
        super().__init__()
        self.levels = levels
        self.set_reactive(LevelSelectScreen.progress, progress)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="progress-text")
        yield ProgressBar(total=len(self.levels), show_eta=False, id="progress-bar")
        yield OptionList(id="level-list")
        yield Static("", id="level-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Levels"
        self._fill()
        self.query_one(OptionList).focus()

    def watch_progress(self) -> None:
        if self.is_mounted:
            self._fill()

    def _fill(self) -> None:
        progress = self.progress
        open_ids = unlocked(self.levels, progress)
        done = sum(progress.get(lv.id).completed for lv in self.levels)
        earned, most = stars(self.levels, progress)
        self.query_one(ProgressBar).update(progress=done)
        summary = f"{done} of {len(self.levels)} levels complete · {earned} of {most} ★"
        self.query_one("#progress-text", Static).update(summary)
        options: list[Option | None] = []
        chapter = None
        for level in self.levels:
            if level.spec.chapter != chapter:
                chapter = level.spec.chapter
                options.append(Option(Text(chapter or "Levels", style="bold"), disabled=True))
            options.append(self._option(level, level.id in open_ids))
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(options)
        if highlighted is None:
            nxt = first_unfinished(self.levels, progress) or self.levels[0]
            highlighted = option_list.get_option_index(nxt.id)
        option_list.highlighted = highlighted

    def _option(self, level: Level, is_open: bool) -> Option:
        record = self.progress.get(level.id)
        mark = "✓" if record.completed else ("·" if is_open else "×")
        best = ""
        if record.best_mse is not None:
            best = f"{level.spec.target.metric.upper()} {num(record.best_mse, 3)}"
        label = Text.assemble(
            f" {mark} {level.number:>2}. ",
            (f"{level.spec.title:<28.28}", "" if is_open else "dim"),
            f" {stars_text(record.stars)}  ",
            (best, "dim"),
        )
        return Option(label, id=level.id, disabled=not is_open)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        level = next((lv for lv in self.levels if lv.id == event.option_id), None)
        if level is None:
            return
        detail = f"{level.spec.kind} · {scoring.describe_target(level)}\n{level.spec.goal}"
        self.query_one("#level-detail", Static).update(detail)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        level = next(lv for lv in self.levels if lv.id == event.option_id)
        self.post_message(self.Play(level))

    def action_reset_level(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is None:
            return
        option_id = option_list.get_option_at_index(option_list.highlighted).id
        level = next((lv for lv in self.levels if lv.id == option_id), None)
        if level is not None:
            self.post_message(self.Reset(level))

    def action_continue(self) -> None:
        level = first_unfinished(self.levels, self.progress)
        if level is None:
            self.notify("Every level is complete. Replay any of them for more stars.")
        else:
            self.post_message(self.Play(level))
