"""Level select: chapters, locks, stars and best scores, a progress bar, and "continue".

On a wide screen the level under the cursor is described beside the list, not below it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial

from rich.cells import set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from dartfit.campaign import (
    all_done,
    all_open,
    best_value,
    chapters,
    counted,
    first_unfinished,
    lock_reasons,
    next_to_play,
    stars,
    why_locked,
)
from dartfit.kinds import KINDS
from dartfit.levels import Level, LevelError
from dartfit.pictures.board import BoardPicture, draw_board
from dartfit.pictures.fit import FitPicture, draw_fit, fit_bounds
from dartfit.pictures.raster import Raster
from dartfit.printable import fitted
from dartfit.progress import Progress
from dartfit.quiz import FINAL, REVIEW, WARM_UP, CheckSpec, asked, chapter_check, is_open, score
from dartfit.quiz import title as check_title
from dartfit.rules import scoring
from dartfit.rules.darts import board_radius
from dartfit.screens.first_show import StyledAsMounted
from dartfit.stylesheet import PLAY
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.pick_list import LevelList
from dartfit.widgets.prose import Prose
from dartfit.widgets.quiet_bar import QuietProgressBar
from dartfit.widgets.title_bar import TitleBar
from dartfit.wording import shown_result, stars_text

REFUSED = "no star: check refuses it"
"""Said on the row of a level of one's own that check refuses, in place of its best: the
stars saved for it before count none (its win panel says "No star kept")."""
WIDE_FROM = 120
"""Columns from which the level under the cursor is described beside the list, not below
it: the list keeps 72 (a check's row whole), and at 110 the words beside it had 36 and
wrapped a level's name and state on three lines."""
ROW_NAME = 34  # a check's or a puzzle run's name column in the list, in cells (a longer one
# ends in …)
ROW_TITLE = ROW_NAME - len(" · 12. ") + len("   ? ")
"""A level's title column in the list, in cells (a longer one ends in …): its stars start in
the column a check's questions do (they were 4 columns to the left of them)."""
BREATH = 1e-6
"""Seconds the list waits between its first frame and its layout for its size: any wait at all
puts the rest behind the timers already due (`on_resize`)."""
CHECK_NAMES = {
    WARM_UP: "Warm-up: what do you know already?",
    FINAL: "Final check: what you learned",
    REVIEW: "Review: questions you missed",
}
CHECK_DETAIL = {
    WARM_UP: "Warm-up · a few questions before the levels teach their answers.\n"
    "Answer as well as you can now: the final check asks about the same ideas after the "
    "last level and shows what you learned, concept by concept.",
    FINAL: "Final check · the warm-up's ideas again, in new questions, after the campaign.\n"
    "Then see, concept by concept, what you got right before and after.",
    REVIEW: "Review · questions you missed in a check, back after you won more levels.\n"
    "Right three times running, a question is learned and stops coming back.",
    "": "Check · a few questions on the chapter above, each explained once answered.\n"
    "A question you miss comes back for review after you win another level.",
}
"""What the detail beside the list says about a check's row."""

ENDLESS_DETAIL = (
    "After the campaign · puzzles of every kind, made from a seed, one after another: how "
    "many can you win in a row?\nToday's puzzles are the same for everyone today (a class "
    "can compare). Each has a share code: dartfit play --code CODE opens it anywhere."
)


def endless_record(daily: bool) -> str:
    """The record that keeps the best streak: of free play, or of today's puzzles."""
    from datetime import UTC, datetime

    from dartfit.endless import Run

    return Run(datetime.now(UTC).date() if daily else None).record_id


class LevelSelectScreen(StyledAsMounted, Screen[None]):
    """The campaign as a list grouped by chapter; enter plays a level."""

    CSS_PATH = [PLAY]  # its styling (and its charts'): see dartfit.stylesheet
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding(
            "c",
            "continue",
            "Continue",
            tooltip="the first level not yet complete, then the first check not yet taken",
        ),
        Binding("x", "reset_level", "Reset level", tooltip="forget its progress (asks first)"),
        Binding("l", "app.lessons", "Lessons"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]
    HELP = (
        "The levels, chapter by chapter: the arrows move and enter plays the level under "
        "the cursor. A level opens once the one before it is complete (a teacher can open "
        "every level at once: ctrl+p → Open every level)."
    )
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]

    progress: var[Progress] = var(Progress)
    refused: var[dict[str, str]] = var(dict)
    """The levels of one's own `dartfit check` refuses, and why: they count no star."""

    @dataclass
    class Play(Message):
        """Ask the app to open a level."""

        level: Level

    @dataclass
    class TakeCheck(Message):
        """Ask the app to open a check: a chapter's id, the warm-up, final or review."""

        which: str

    @dataclass
    class PlayEndless(Message):
        """Ask the app to start a run of generated puzzles (today's, or free play)."""

        daily: bool

    @dataclass
    class Reset(Message):
        """Ask the app to forget one level's progress (it asks the player first)."""

        level: Level

    def __init__(
        self,
        levels: list[Level],
        progress: Progress,
        checks: list[CheckSpec] | None = None,
        refused: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.levels = levels
        self.checks = checks or []
        self.set_reactive(LevelSelectScreen.progress, progress)
        self.set_reactive(LevelSelectScreen.refused, refused or {})
        self._described: str | None = None  # the option the side describes now

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="progress-text")
        yield QuietProgressBar(total=len(self.levels), show_eta=False, id="progress-bar")
        with Horizontal(id="level-columns"):
            yield LevelList(id="level-list")
            with Vertical(id="level-side"):
                yield Prose(id="level-detail")  # no row starts with a number ("best" | "5.015")
                # on a wide screen: what the level is played on
                yield Static("", id="level-preview-caption", markup=False)
                yield CanvasView(id="level-preview")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Levels"
        self._fill()
        self.query_one(OptionList).focus()

    async def on_resize(self, event: Resize) -> None:
        """Let the loop run what waits before Textual lays the screen out again for its size
        (its own handler, after this one): the resize that follows a screen's first frame was
        handled in the same turn of the loop as that frame, and the two made the longest
        stall of the game's loop as a game started at a level went back to the list. Not
        `sleep(0)`, which lets the work already queued run but not the timers that came due
        meanwhile (a key's, a frame's): they ran only after the second layout too."""
        await asyncio.sleep(BREATH)

    def watch_progress(self) -> None:
        if self.is_mounted:
            self._fill()

    def watch_refused(self) -> None:
        if self.is_mounted:
            self._fill()

    def _fill(self) -> None:
        progress = self.progress
        locked = lock_reasons(self.levels, progress)
        done = sum(progress.get(lv.id).completed for lv in self.levels)
        earned, most = stars(self.levels, progress, self.refused)
        self.query_one(QuietProgressBar).update(progress=done)
        summary = f"{done} of {len(self.levels)} levels complete · {earned} of {most} ★"
        self.query_one("#progress-text", Static).update(summary)
        options: list[Option | None] = []
        if asked(self.checks, WARM_UP, progress):
            options.append(self._check_option(WARM_UP))
            if asked(self.checks, REVIEW, progress, self.levels):
                options.append(self._check_option(REVIEW))
        for chapter, levels in chapters(self.levels):
            options.append(Option(Text(chapter or "Levels", style="bold"), disabled=True))
            options += [self._option(level, locked.get(level.id)) for level in levels]
            if (check := chapter_check(self.checks, chapter)) is not None:
                options.append(self._check_option(check.id))
        if asked(self.checks, FINAL, progress):
            options.append(self._check_option(FINAL))
        options += [self._endless_option(daily=True), self._endless_option(daily=False)]
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        if highlighted is not None and highlighted < option_list.option_count:
            was = option_list.get_option_at_index(highlighted).id
            warmed = score(WARM_UP, self.checks, progress)
            if was == f"check:{WARM_UP}" and warmed is not None and warmed[1] == warmed[2]:
                highlighted = None  # the warm-up done, on to the first level (enter reopened it)
        option_list.clear_options()
        option_list.add_options(options)
        if highlighted is None:
            nxt = next_to_play(self.levels, progress) or first_unfinished(self.levels, progress)
            done_all = nxt is None and self.checks  # the campaign won: the final check next
            chosen = f"check:{FINAL}" if done_all else (nxt or self.levels[0]).id
            highlighted = option_list.get_option_index(chosen)
        option_list.highlighted = highlighted
        self._describe(highlighted)

    def _option(self, level: Level, why: str | None) -> Option:
        """The level's row: its stars and best, or why it is locked (`why`, None: open)."""
        record = self.progress.get(level.id)
        title = set_cell_size(fitted(level.spec.title, ROW_TITLE), ROW_TITLE)  # 中 is 2 cells
        if why is not None:
            # a locked row is greyed by its option's own colour ($text-disabled), not dimmed
            # again: dim over it read #999 on #cecece in the light theme, and in 16 colours
            # light grey on light grey (TERM=xterm, TERM=screen): the titles were invisible
            label = Text.assemble(f"   {level.number:>2}. ", title, f" locked: {why}")
            return Option(label, id=level.id, disabled=True)
        best = ""
        if record.completed and level.id in self.refused:
            best = REFUSED
        elif (value := best_value(level, record)) is not None:
            metric = level.spec.target.metric  # as the HUD and the win panel showed it
            named = "score" if metric == "score" else metric.upper()
            best = f"{named} {shown_result(metric, value)}"
        label = Text.assemble(
            f" {'✓' if record.completed else '·'} {level.number:>2}. ",
            title,
            f" {stars_text(counted(level.id, self.progress, self.refused))}  ",
            (best, "dim"),
        )
        return Option(label, id=level.id)

    def _check_option(self, which: str) -> Option:
        """A check's row: what it is, how many questions, and how the player did."""
        questions = asked(self.checks, which, self.progress, self.levels)
        name = CHECK_NAMES.get(which, f"Check: {self._chapter_of(which)}")
        why = is_open(which, self.checks, self.levels, self.progress)
        label = Text.assemble("   ", ("? ", "bold"), _named(name))
        if why is not None:
            label.append(f"locked: {why}"[:30])  # greyed as a locked level's row is
            return Option(label, id=f"check:{which}", disabled=True)
        said = self._check_said(which, len(questions))
        label.append(said, style="dim")
        return Option(label, id=f"check:{which}")

    def _chapter_of(self, which: str) -> str:
        """The chapter a check closes (its row names the chapter; its screen, its title)."""
        return next((c.chapter for c in self.checks if c.id == which), check_title(which, []))

    def _endless_option(self, daily: bool) -> Option:
        """A row for a run of generated puzzles, open once the campaign is won."""
        name = "Today's puzzles: the same for all" if daily else "Endless: a new puzzle each time"
        label = Text.assemble("   ", ("∞ ", "bold"), _named(name))
        option_id = f"endless:{'daily' if daily else 'free'}"
        if not (all_done(self.levels, self.progress) or all_open(self.progress)):
            label.append("locked: win all levels first")  # greyed as a locked level's row
            return Option(label, id=option_id, disabled=True)
        record = self.progress.get(endless_record(daily))
        if record.best_score:
            label.append(f"best {record.best_score:.0f} in a row", style="dim")
        return Option(label, id=option_id)

    def _check_said(self, which: str, count: int) -> str:
        """How the player did on a check, or how many questions it asks."""
        questions = f"{count} question{'s' * (count != 1)}"
        if which == REVIEW:
            return f"{questions} due"
        done = score(which, self.checks, self.progress)
        if done is None:
            return questions
        right, answered, total = done
        if which == WARM_UP:  # not marked: the levels teach first
            return f"{answered} answers kept"
        if answered < total:  # left half-way: the rest wait
            return f"{right} right, {total - answered} to answer"
        return f"{right} of {total} right"

    def _detail(self, level: Level) -> str:
        """What the level asks, and how the player has done on it (or why it is locked)."""
        record = self.progress.get(level.id)
        title = f"{level.number}. {level.spec.title}" if level.number else level.spec.title
        why = why_locked(self.levels, self.progress, level.id)
        if why is not None:
            status = f"locked: {why}"
        elif record.completed:
            value = best_value(level, record)
            metric = level.spec.target.metric
            best = "" if value is None else f" · best {shown_result(metric, value)}"
            status = f"{stars_text(counted(level.id, self.progress, self.refused))}{best}"
            if level.id in self.refused:
                status += f" · no star: `dartfit check` refuses it: {self.refused[level.id]}"
        else:
            status = "not yet won"
        try:
            target = scoring.describe_target(level)
        except LevelError:  # its points can't be made, or no line fits them
            target = "can't be played: dartfit check says why"
        # the chapter and the goal's number, not the kind's name in the level file: a
        # student read "Points · points", "Darts · darts" and "mle" (`dartfit levels` has it)
        about = f"{level.spec.chapter} · {target}"
        return f"{title} · {status}\n{about}\n{level.spec.goal}"

    def _describe(self, index: int | None) -> None:
        option_list = self.query_one(OptionList)
        if index is None or index >= option_list.option_count:
            return
        option_id = option_list.get_option_at_index(index).id or ""
        self._described = option_id
        level = next((lv for lv in self.levels if lv.id == option_id), None)
        detail = self.query_one("#level-detail", Prose)
        preview = self.query_one("#level-preview", CanvasView)
        caption = self.query_one("#level-preview-caption", Static)
        shown = None if level is None else previewed(level)
        if level is not None and shown == "data":
            try:
                level.x  # made now, not while the picture is painted  # noqa: B018
            except LevelError:
                shown = None
        for widget in (preview, caption):
            widget.set_class(shown is None, "-empty")
        if level is not None:
            detail.set_text(self._detail(level))
        if level is not None and shown is not None:
            caption.update("Its board:" if shown == "darts" else f"Its {level.x.size:,} points:")
            preview.show(partial(draw_preview, level))
        elif option_id.startswith("check:"):
            detail.set_text(CHECK_DETAIL.get(option_id.removeprefix("check:"), CHECK_DETAIL[""]))
        elif option_id.startswith("endless:"):
            detail.set_text(ENDLESS_DETAIL)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id == self._described:
            return  # `_fill` described it already: told again, the list's first frame was
            # laid out and drawn a third time (the longest stall of the game's loop, 110 ms,
            # as a game started at a level went back to the list)
        self._describe(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option_id or ""
        if option_id.startswith("endless:"):
            self.post_message(self.PlayEndless(option_id == "endless:daily"))
            return
        if option_id.startswith("check:"):
            self.post_message(self.TakeCheck(option_id.removeprefix("check:")))
            return
        level = next(lv for lv in self.levels if lv.id == option_id)
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
        if level is not None:
            playable = next_to_play(self.levels, self.progress)
            if playable is not None:
                self.post_message(self.Play(playable))
                return
            why = why_locked(self.levels, self.progress, level.id)
            self.notify(
                f"Every level open to you is won; {level.number}. {level.spec.title}"
                f" is locked: {why}.",
                markup=False,
            )
            return
        # every level won: the first check still to take (a chapter's, then the final one;
        # c said "Every level is complete" with the last chapter's check never taken)
        untaken = [c.id for ch, _ in chapters(self.levels) if (c := chapter_check(self.checks, ch))]
        if asked(self.checks, FINAL, self.progress):
            untaken.append(FINAL)
        for which in untaken:
            got = score(which, self.checks, self.progress)  # left half-way: not yet taken
            if (got is None or got[1] < got[2]) and not is_open(
                which, self.checks, self.levels, self.progress
            ):
                self.post_message(self.TakeCheck(which))
                return
        self.notify("Every level and check is complete. Replay any of them for more stars.")


def _named(name: str) -> str:
    """A check's or a puzzle run's name, filling its column of the list (in cells: 中 is 2)."""
    return set_cell_size(fitted(name, ROW_NAME), ROW_NAME) + " "


PREVIEW_MOST = 2_000
"""The most points a level's preview draws: a bigger level is made only when it is played
(the million points take a third of a second and 16 MB)."""


def previewed(level: Level) -> str | None:
    """What the level list draws of the level beside it, by the table its kind is played on:
    its board ("darts"), its points ("data", when not too many: counted from its file, the
    points are not made to find out), or nothing (None)."""
    table = KINDS[level.spec.kind].needs
    data = level.spec.data
    if table == "data" and data is not None:
        size = len(data.x) if data.x is not None else data.generate.n if data.generate else 0
        return "data" if size <= PREVIEW_MOST else None  # a shipped dataset: a few hundred
    return "darts" if table == "darts" and level.spec.darts is not None else None


def draw_preview(level: Level, width: int, height: int) -> Raster:
    """What the level is played on: its board (no dart thrown yet), or its points alone, on
    axes."""
    darts = level.spec.darts
    if previewed(level) == "darts" and darts is not None:
        board = BoardPicture(board_radius(level), (0.0, 0.0), (), darts.axes, darts.wind)
        return draw_board(board, width, height)
    x, y = level.x, level.y
    bounds = fit_bounds(x, y)
    pic = FitPicture(x, y, 0.0, 0.0, bounds, squares=False, residuals=False, line=False)
    return draw_fit(pic, width, height)
