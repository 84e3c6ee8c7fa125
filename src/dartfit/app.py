"""DartfitApp and its factory: the game's wiring (levels, progress and seed come in from
outside). The screens post what the player asks for; the app opens screens, saves progress
and hands it down. Rules live in `dartfit.campaign` and the kinds, the palette's commands in
`dartfit.palette`, the care of the terminal in `dartfit.steady`."""

from __future__ import annotations

import gc
import itertools
import os
import signal
from collections.abc import Callable, Iterable
from concurrent import futures
from dataclasses import replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, cast, runtime_checkable

from rich.console import RenderableType
from textual.app import SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.command import CommandPalette, Provider
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from dartfit import campaign, stdio
from dartfit.beyond import Beyond
from dartfit.campaign import Kept, after, all_done, chapter_stars, chapters, own_file, stars
from dartfit.ending import ELSEWHERE_WAIT, LAST_SAVE_WAIT
from dartfit.files import is_dir
from dartfit.keeping import KeepsProgress
from dartfit.kinds import kind_of
from dartfit.lessons import lesson_path
from dartfit.levels import (
    ENDLESS_ID,
    Level,
    LevelError,
    default_levels_dir,
    find_level,
    kept_apart,
    load_level,
    load_levels,
    sandbox_level,
)
from dartfit.messages import Judged, NoticesTaken, Said, post_from_thread
from dartfit.notice import SCREENSHOT, Notice, notice_folder, take_notices
from dartfit.progress import (
    SHOW_SQUARES,
    THEME,
    LevelResult,
    Progress,
    ProgressStore,
    SaveResult,
    Store,
    default_data_dir,
    flag,
)
from dartfit.quiz.load import load_checks
from dartfit.screens.title import TitleScreen
from dartfit.steady.app import SteadyApp
from dartfit.steady.in_turn import InTurn, within
from dartfit.toasts import BreaksPaths

# The first frame needs only the title screen: the others (and numpy, plotext and the
# markdown parser behind them) are imported when first opened.
if TYPE_CHECKING:
    from dartfit.csvdata import Dataset
    from dartfit.endless import Run
    from dartfit.messages import HintShown, OpenLesson, OpenLevel
    from dartfit.quiz import CheckSpec
    from dartfit.screens.level_base import LevelOutcome, LevelScreen
    from dartfit.screens.level_select import LevelSelectScreen
    from dartfit.screens.solver import Opening


SIXTEEN_COLOURS = "-sixteen-colours"
"""The app's class where its terminal shows 16 colours (TERM=xterm or screen with no
COLORTERM, Rich's "standard"; Windows' old console): the stylesheet's rules for what reads
only in colours of its own there (a line over shaded cells, the light theme's best line)."""

DISK_THERE = "is the disk that holds it still there?"
"""Asked of a save, or a read, that did not finish in time."""
LOAD_WAIT = 5.0
"""Seconds the game waits for the saved progress as it starts, at a blank screen: as long as
the last save may take. Past it the game ends, saying why (a folder on a dead network mount
left the screen blank for ever)."""


@runtime_checkable
class ShowsProgress(Protocol):
    """A screen that shows the player's progress (the level list, a lesson's links)."""

    progress: Progress | None


@runtime_checkable
class ShowsRefused(Protocol):
    """A screen that counts stars (the level list): the levels of one's own `dartfit check`
    refuses, and why, which count none."""

    refused: dict[str, str]


@runtime_checkable
class StartsSolver(Protocol):
    """A screen the auto-solver can open from (a line level's): the line it starts from."""

    def solver_start(self) -> tuple[float, float] | None: ...


def shown_commands() -> type[Provider]:
    """The palette's provider of the game's commands (`palette.ShownCommands`), imported
    when the palette first opens, as the palette itself is."""
    from dartfit.palette import ShownCommands

    return ShownCommands


OWN_COLOURS = {"deep-ink": "#0052B2", "deep-warning": "#9C2A00", "deep-success": "#1A6E1A"}
"""dartfit's own colour variables, beside the theme's (`DartfitApp.get_theme_variable_defaults`)."""


class DartfitApp(KeepsProgress, Beyond, SteadyApp, BreaksPaths):
    """The dartfit game: title, level list, one screen per level kind, progress saved."""

    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {shown_commands}
    CSS_PATH = "dartfit.tcss"
    TITLE = "dartfit"
    SUB_TITLE = "understand Mean Squared Error"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help", key_display="?", show=False),
    ]

    progress: var[Progress] = var(Progress)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """dartfit's own colours, named once for the stylesheet: `$deep-ink`, the light
        theme's deeper blue (Okabe–Ito's #0072B2 a shade deeper), blue in a 16-colour
        terminal where the theme's accent and navy are not (a review: the literal was in
        seventeen rules); `$deep-warning`, the light theme's warning text, a deep rust that
        a 16-colour terminal shows as its red (the theme's own, any orange, is its yellow,
        1.7:1 on white in xterm's colours: a hint on the descent levels); `$deep-success`,
        the light theme's green text (its text-success is #5F875F in 256 colours, 2.7:1 on
        its grey there: a student's pass), the light best line's green."""
        return {**super().get_theme_variable_defaults(), **OWN_COLOURS}

    def __init__(
        self,
        levels: list[Level],
        store: Store,
        seed: int | None = None,
        start_level: Level | None = None,
        start_lesson: str | None = None,
        all_open: bool = False,
        checks: list[CheckSpec] | None = None,
        alone: bool = False,
    ) -> None:
        super().__init__()
        sixteen = self.console.color_system in ("standard", "windows")
        self.set_class(sixteen, SIXTEEN_COLOURS, update=False)
        if self.no_color:  # the terminal's own colours (ansi-dark, ansi-light) have no grey
            # for NO_COLOR's filter to turn them into: every screen was black on black, and
            # the choice was saved for the next start (a player's pass): not offered
            for name, theme in list(self.available_themes.items()):
                if theme.ansi:
                    self.unregister_theme(name)
        self.all_open = all_open  # `dartfit --all-open`: open every level when the game starts
        self.levels = levels
        self.alone = alone  # one level file played alone (`dartfit play FILE`): no campaign
        self.checks = checks or []
        self.store = store
        self.seed = seed
        self.start_level = start_level
        self.start_lesson = start_lesson
        self._congratulate = False
        self._list_owed = False  # started at a level: its list is built when it closes
        self.endless: Run | None = None  # a run of generated puzzles under way
        self.not_saved: str | None = None  # why progress could not be kept as the game ended
        self.not_read: str | None = None  # why it could not be read as the game started
        self.kept_elsewhere: str | None = None  # where it was kept instead, as the game ended
        self.winnable_check: futures.Future[list[str]] | None = None  # one's own level checked
        self._verdicts: dict[str, futures.Future[list[str]]] = {}  # each of one's own, once
        self.refused: dict[str, str] = {}  # of those, the ones check refuses: why (known)
        self._files = InTurn("dartfit-files")  # screenshots written, in turn, off this thread
        self._checks = InTurn("dartfit-checks")  # levels of one's own checked, off this thread

    def on_mount(self) -> None:
        self.end_on_signals()
        self.on_signal(signal.SIGUSR1, self.show_notice)  # a class host's message for the player
        loaded = self._first_load(LOAD_WAIT)
        if loaded is None:  # said by `dartfit` itself once the terminal is back
            self.not_read = (
                f"dartfit: your progress could not be read: reading it did not finish within"
                f" {LOAD_WAIT:g} s: {DISK_THERE}"
            )
            self.exit(return_code=2)
            return
        self.set_reactive(DartfitApp.progress, loaded.progress)  # no screen shows it yet
        theme = self.progress.settings.get(THEME)
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme  # the one the player chose last time
        self._loaded = True  # from here on a theme chosen is saved
        self._judge_starred()
        if self.all_open and not campaign.all_open(self.progress):
            self._change(lambda progress: progress.with_setting(campaign.ALL_OPEN, True))
        if loaded.warning:
            self.notify(
                loaded.warning, title="Progress", severity="warning", timeout=10, markup=False
            )
        if self.start_level is not None:
            # neither the title nor the list is built under the level: its frame comes first
            self._list_owed = True
            if self.start_level.id == ENDLESS_ID:  # a puzzle by its share code
                self.open_puzzle(self.start_level)
            else:
                self.open_level(self.start_level)
            if self._list_owed and len(self.screen_stack) < 2:  # the level could not open
                self._list_owed = False
                self.push_screen(TitleScreen(self.levels))
        else:
            self.push_screen(TitleScreen(self.levels))
        if self.start_lesson is not None:
            self.open_lesson(self.start_lesson)
        if campaign.class_paused(self.progress):  # joined while the teacher has every eye
            self._pause(True)
        self.show_notice()  # any left while the game was starting
        self._check_size(self.size.width, self.size.height)

    def show_notice(self) -> None:
        """Take the notices a class host left for the player (see `dartfit.notice`): read
        on the files' thread, in turn (a folder on a disk that stopped answering held the
        game for ever), and acted on here once read (`on_notices_taken`)."""
        taken = self._files.submit(partial(take_notices, self._notices()))
        taken.add_done_callback(self._notices_read)

    def _notices_read(self, done: futures.Future[list[Notice]]) -> None:
        """On the files' thread (or this one, when it was quicker)."""
        if done.exception() is None and (notices := done.result()):
            post_from_thread(self, NoticesTaken(tuple(notices)))

    def on_notices_taken(self, message: NoticesTaken) -> None:
        """Show a message, pause or play on, read the class's settings again, or leave a
        picture of the screen for the teacher's board (taken here, written in turn)."""
        for notice in message.notices:
            if notice.reload:
                self._call_store(self.store.load)  # the teacher's pace, say
            if notice.pause is not None:
                self._pause(notice.pause)
            if notice.screenshot:  # written as any screenshot, unsaid: the host reads it
                svg, folder = self.export_screenshot(), str(self._notices())
                self._files.submit(partial(_write_shot, svg, SCREENSHOT, folder, self.store.folder))
            if notice.text:
                title = notice.title or "dartfit host"
                self.notify(notice.text, title=title, severity="warning", timeout=20, markup=False)

    def _notices(self) -> Path:
        return notice_folder(self.store.folder, os.getpid())

    def _paused(self) -> bool:
        from dartfit.dialogs.paused import PausedScreen

        return any(isinstance(screen, PausedScreen) for screen in self.screen_stack)

    def _pause(self, paused: bool) -> None:
        """Cover the game while the teacher has every eye; uncover it after."""
        from dartfit.dialogs.paused import PausedScreen

        covered = isinstance(self.screen, PausedScreen)
        if paused and not covered:
            self.push_screen(PausedScreen())
        elif not paused:
            while isinstance(self.screen, PausedScreen):
                self.pop_screen()

    # navigation -----------------------------------------------------------
    def _level_select(self) -> LevelSelectScreen:
        from dartfit.screens.level_select import LevelSelectScreen

        return LevelSelectScreen(self.levels, self.progress, self.checks, self.refused)

    def on_title_screen_start(self) -> None:
        if isinstance(self.screen, TitleScreen):  # keys typed ahead ask more than once
            self.push_screen(self._level_select())

    def on_level_select_screen_play(self, message: LevelSelectScreen.Play) -> None:
        from dartfit.screens.level_select import LevelSelectScreen

        if isinstance(self.screen, LevelSelectScreen):  # not twice for enter typed twice
            self.open_level(message.level)

    def on_level_select_screen_reset(self, message: LevelSelectScreen.Reset) -> None:
        self.reset_level(message.level)

    def on_open_level(self, message: OpenLevel) -> None:
        self.open_level(message.level)

    def on_hint_shown(self, message: HintShown) -> None:
        self._call_store(partial(self.store.hinted, message.level_id))

    def on_open_lesson(self, message: OpenLesson) -> None:
        self.open_lesson(message.concept)

    def open_lesson(self, concept: str) -> None:
        """Show a concept's lesson, with the levels the player may open."""
        from dartfit.screens.lesson import LessonScreen

        self.push_screen(LessonScreen(concept, self.levels, self.progress))

    def action_lessons(self) -> None:
        """Show the list of lessons."""
        from dartfit.screens.lesson_list import LessonListScreen

        self.push_screen(LessonListScreen())

    def open_level(self, level: Level) -> None:
        """Play a level; a win is recorded the moment it is won."""
        try:
            level.x  # noqa: B018 (a level makes its points on first use; a bad draw says so)
        except LevelError as e:
            said = str(e)  # names the file: text, not markup
            self.notify(said, title="This level can't be played", severity="error", markup=False)
            return
        screen = kind_of(level.spec).screen(level, self.progress.settings)
        screen.on_won = self.record
        screen.last = after(self.levels, level.id) is None
        earlier = self.progress.answers.get(f"predict/{level.id}")
        screen.ask_prediction &= earlier is None
        screen.predicted_before = None if earlier is None else earlier.last
        self.push_screen(screen, self._level_closed)
        self._call_store(partial(self.store.playing, level.id))
        if own_file(level):
            self.call_after_refresh(self._say_if_unwinnable, level)  # after its first frame

    def _verdict(self, level: Level) -> futures.Future[list[str]]:
        """`dartfit check`'s reasons a level file of the player's own can't be won, asked once
        per level. Checked on a thread of its own: on a million points of one's own it held
        the level's first keys 0.2 s (an MAE level's, over a second); a daemon, which the
        game's end does not wait for."""
        asked = self._verdicts.get(level.id)
        if asked is None:
            asked = self._verdicts[level.id] = self._checks.submit(partial(_unwinnable, level))
            asked.add_done_callback(partial(self._judged, level.id))
        return asked

    def _judge_starred(self) -> None:
        """Ask for the verdict on every level of one's own with stars kept, as the game
        starts: stars saved before `dartfit check` refused the level (an older dartfit, or
        the file edited since) were counted in every total, and the list showed them."""
        for level in self.levels:
            if self.progress.get(level.id).stars and own_file(level):  # cheap test first
                self._verdict(level)

    def _judged(self, level_id: str, done: futures.Future[list[str]]) -> None:
        """On the checks' thread (or this one): hand the verdict to the game (a check that
        failed refuses nothing: said as the level is played)."""
        found = [] if done.exception() else done.result()
        post_from_thread(self, Judged(level_id, found[0] if found else None))

    def on_judged(self, message: Judged) -> None:
        """Count no star on a level check refuses, in every total and the list, from now."""
        refused = {k: v for k, v in self.refused.items() if k != message.level_id}
        if message.refused is not None:
            refused[message.level_id] = message.refused
        self.refused = refused
        for screen in self.screen_stack:
            if isinstance(screen, ShowsRefused):
                screen.refused = refused

    def _say_if_unwinnable(self, level: Level) -> None:
        """A level file of the player's own that `dartfit check` refuses as unwinnable is
        played, with a warning that says why: its target "MSE ≤ 0" was shown as any other."""
        self.winnable_check = self._verdict(level)
        self.winnable_check.add_done_callback(partial(self._checked, level))

    def _refused(self, level: Level) -> str | None:
        """Why `dartfit check` refuses this level as unwinnable, in a few words; None when it
        does not (or it is the shipped campaign's, or its check failed: said as it is
        played). Waited for when the win came first (a target met at the start is won as
        the level opens): at most VERDICT_WAIT seconds, a tenth of that on a million points."""
        if not own_file(level):
            return None
        try:
            found = self._verdict(level).result(timeout=VERDICT_WAIT)
        except Exception:  # a check that fails (said by `_checked`), or one not done in time
            return None
        return f"`dartfit check` refuses this level: {found[0]}" if found else None

    def _checked(self, level: Level, done: futures.Future[list[str]]) -> None:
        """On the checks' thread (or this one, when it was quicker): say why, if it can't
        be won, or that the check itself failed."""
        error = done.exception()
        found = [] if error else done.result()
        if found:
            said = f"{level.path.name}: {found[0]}. `dartfit check` lists every problem."
            post_from_thread(self, Said(said, "This level can't be won as written", "warning", 30))
        elif error:
            said = f"{level.path.name}: the check failed ({error})"
            post_from_thread(self, Said(said, "This level's check", "error", 30))

    def on_said(self, message: Said) -> None:
        # markup off: a file named "01-[reverse]x.toml" is text, not a style
        self.notify(
            message.message,
            title=message.title,
            severity=message.severity,
            timeout=message.timeout,
            markup=False,
        )

    def _level_closed(self, outcome: LevelOutcome | None) -> None:
        self._call_store(partial(self.store.playing, None))
        # the level just left is garbage now (its widgets, styles, pictures: 9,700 objects):
        # collected here, where the loop has little else to do, not by the middle
        # generation's next pass, which fell in the level list's first layout when the game
        # was started at a level (8-10 ms of that frame's 100)
        gc.collect(1)
        self._build_owed_list()
        onward = outcome is not None and outcome.next == "next"
        following = None if outcome is None else after(self.levels, outcome.level_id)
        check = None
        if onward and outcome is not None:
            from dartfit.quiz import owed

            check = owed(self.checks, self.levels, self.progress, outcome.level_id)

        def go_on(_: object = None) -> None:
            if self._congratulate:  # the end of the campaign, whichever level ended it
                from dartfit.dialogs.congrats import CongratsScreen

                self._congratulate = False
                done = stars(self.levels, self.progress, self.refused)
                taught = chapter_stars(self.levels, self.progress, self.refused)
                alone = self.levels[0] if self.alone else None
                self.push_screen(
                    CongratsScreen(
                        *done,
                        taught,
                        final_check=bool(self.checks),
                        alone=alone,
                        kept_in=self._kept_in(),
                        starless=None if alone is None else self._refused(alone),
                    )
                )
            elif onward and following is not None:
                locked = campaign.why_locked(self.levels, self.progress, following.id)
                if locked is None:
                    self.open_level(following)
                else:  # progress reset while its win showed (the palette): back to the list
                    self.notify(f"{following.spec.title} is locked: {locked}", markup=False)

        if check is None:
            go_on()
        else:  # the chapter is won: its check first, then on (after the last level too:
            # the last chapter's check was never offered, its win went straight to the end)
            self.take_check(check.id, go_on)

    def _kept_in(self) -> Path | None:
        """The file progress is kept in, where it is one of the player's own."""
        return self.store.path if isinstance(self.store, ProgressStore) else None

    def _build_owed_list(self) -> None:
        """Back from the level the game started at: build the level list, and the title
        under it only when the list is left (`pop_screen`): both at once were the longest
        stall of the game's loop, about 100 ms with the frames written. Owed until nothing
        but Textual's blank default screen is left: a level opened over the first one (the
        palette's "Play N") put the list over that first level as it closed, and the first
        level's own close then left the blank screen, with no way back."""
        if self._list_owed and len(self.screen_stack) <= 1:  # Textual's default screen alone
            self._list_owed = False
            self.push_screen(self._level_select())

    def pop_screen(self) -> AwaitComplete:
        """As Textual's, but the level list with no title under it (`_build_owed_list`)
        gives way to the title, as it would have popped to it."""
        from dartfit.screens.level_select import LevelSelectScreen

        alone = len(self.screen_stack) == 2 and isinstance(self.screen, LevelSelectScreen)
        if alone and self._asked_by_top():
            return self.switch_screen(TitleScreen(self.levels))
        return super().pop_screen()

    def record(self, level_id: str, result: LevelResult) -> Kept:
        """Fold a win into progress, save it now, hand the new progress down, and say what was
        kept: whether this win finished the campaign (enter on its panel then leads to the
        end), and, on a level `dartfit check` refuses as unwinnable, that it earned no star
        (a target met at the start gave ★ on the first key, kept in the save and counted).

        The player's own data (the `fit` sandbox) is not a campaign level and isn't kept.
        """
        level = next((lv for lv in self.levels if lv.id == level_id), None)
        if level is None:  # not a campaign level
            return Kept(result)
        why = self._refused(level)
        kept = Kept(result) if why is None else campaign.refused_win(result, why)
        was_done = all_done(self.levels, self.progress)
        self._change(lambda progress: campaign.record(progress, level, kept.result))
        if not was_done and all_done(self.levels, self.progress):
            self._congratulate = True  # shown when the level closes, not over its win
        return replace(kept, finished=self._congratulate)

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """End the game once the saves under way have finished; a change that could not be
        saved (a full disk, a held lock) is tried once more first, and if it still can't be,
        or the saves have not finished within LAST_SAVE_WAIT seconds in all (a disk that
        stopped answering), the terminal is told why after the end."""
        if not self._ending:
            self.finish_saves()
            if self.not_saved is not None and message is None:
                # said by `dartfit` itself once the terminal is back (Textual's message
                # would read as a crash's), and the game ends with stdio.NOT_SAVED, 3
                return_code = return_code or stdio.NOT_SAVED
        super().exit(result, return_code, message)

    def finish_saves(self) -> None:
        """Wait, LAST_SAVE_WAIT seconds in all, for the saves under way and the last try of
        what could not be saved; `not_saved` says why when they did not keep it all. Called
        as the game ends, by `exit` or, after a crash, which skips `exit`, by `dartfit`."""
        late, ask = f"saving did not finish within {LAST_SAVE_WAIT:g} s", DISK_THERE
        stalled = SaveResult(self.progress, False, f"your progress was not saved: {late}: {ask}")
        pending = self._last_saves(LAST_SAVE_WAIT, stalled)
        if pending is stalled:  # on a disk that stopped answering: the win was lost
            kept = within(ELSEWHERE_WAIT, partial(self.store.keep_elsewhere, self.progress), None)
            if kept is not None:
                said = f"{late} ({ask}); {kept}"
                pending = SaveResult(self.progress, True, said, elsewhere=True)
        if pending is not None and not pending.saved:  # the store's warning says it wasn't
            self.not_saved = f"dartfit: {pending.warning}"
        elif pending is not None and pending.elsewhere:  # kept: where, said after the game
            self.kept_elsewhere = f"dartfit: {pending.warning}"

    def watch_theme(self, theme: str) -> None:
        """Keep the theme the player chooses for the next game (saved now)."""
        if self._loaded and self.progress.settings.get(THEME) != theme:
            self._change(lambda progress: progress.with_setting(THEME, theme))

    def watch_progress(self, progress: Progress) -> None:
        """Hand the new progress down to every screen that shows it (attributes down)."""
        for screen in self.screen_stack:
            if isinstance(screen, ShowsProgress):
                screen.progress = progress

    # actions and commands ----------------------------------------------------
    def action_command_palette(self) -> None:
        """Open the command palette (ours: keys typed ahead of its list wait for it)."""
        from dartfit.palette import Palette

        if self._paused():  # eyes on the teacher: nothing opens over the pause
            return
        # anywhere in the stack, not only on top (Textual's is_open): a lesson opened from
        # the palette over it, then ctrl+p, pushed a second one, and its id ended the game
        if self.use_command_palette and not any(
            isinstance(screen, CommandPalette) for screen in self.screen_stack
        ):
            # no id (Textual's "--command-palette"): one opened as the last left, its
            # widgets not yet gone, took the same id, and DuplicateIds ended the game
            self.push_screen(Palette())

    def search_themes(self) -> None:
        """The palette of themes (the command "Theme"): ours too, not Textual's, which a pgdn
        typed ahead of its list ended the game in."""
        from textual.theme import ThemeProvider

        from dartfit.palette import Palette

        self.push_screen(Palette(providers=[ThemeProvider], placeholder="Search for themes…"))

    def action_help(self) -> None:
        from dartfit.dialogs.help import HelpScreen  # as the other dialogs: when first opened

        if not isinstance(self.screen, HelpScreen) and not self._paused():
            self.push_screen(HelpScreen())

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG of the screen (ctrl+p → Screenshot) and say its full path, or why not.

        Textual saves into the Downloads folder and, without one, says only "Failed": use
        Downloads when it exists, else the progress folder (made if need be). The picture is
        taken here; the file is written on a thread of its own, in turn with the shots before
        it (on a disk that stopped answering, the write held the game for ever)."""
        from dartfit.svg_cells import pinned  # html's tables: 0.45 MB no first frame needs

        svg = pinned(self.export_screenshot())  # its characters in their cells in any viewer
        if filename is None and time_format is not None:
            filename = f"dartfit_{datetime.now().strftime(time_format)}.svg"
        write = partial(_write_shot, svg, filename, path, self.store.folder)
        self._files.submit(write).add_done_callback(self._shot_written)
        return None

    def _shot_written(self, done: futures.Future[tuple[SeverityLevel, str]]) -> None:
        """On the files' thread (or this one, when it was quicker): say where the screenshot
        went, or why it did not (a message: call_from_thread refused this thread, and the
        path went unsaid)."""
        error = done.exception()
        said: tuple[SeverityLevel, str] = (
            ("error", f"Could not save the screenshot: {error}") if error else done.result()
        )
        severity, message = said
        post_from_thread(self, Said(message, "Screenshot", severity, self.NOTIFICATION_TIMEOUT))

    def toggle_squares(self) -> None:
        """Show or hide the penalty squares, here and in every level from now on (saved)."""
        from dartfit.screens.level_base import LevelScreen

        show = not flag(self.progress.settings, SHOW_SQUARES, True)
        self._change(lambda progress: progress.with_setting(SHOW_SQUARES, show))
        for screen in self.screen_stack:
            if isinstance(screen, LevelScreen):
                screen.show_squares = show
        if not isinstance(self.screen, LevelScreen):  # no chart here shows it: said (the
            # palette's command on the level list seemed to do nothing)
            said = f"Penalty squares: {'shown' if show else 'hidden'} in every level"
            self.notify(said, markup=False)

    def on_level_screen_toggle_squares(self) -> None:
        self.toggle_squares()

    def on_level_screen_open_solver(self, message: LevelScreen.OpenSolver) -> None:
        self.open_solver(message.level, message.start, message.asked)

    def open_solver(
        self,
        level: Level,
        start: tuple[float, float] | None = None,
        asked: Screen[object] | None = None,
    ) -> None:
        """The auto-solver on a line level, from `start` (default: the level's start line),
        over the screen `asked` (default: the one on top). Its module, plotext and its
        opening are made in a thread (`_solver_opening`); the screen that asked stays until
        they are ready, so the solver's first frame is whole, and it opens only if that
        screen is still on top then. A second ask before then replaces the first."""
        asked = self.screen if asked is None else asked
        work = partial(_solver_opening, asked, level, start)
        self.run_worker(work, group="solver", exclusive=True, thread=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The solver's opening is ready: shown if the screen that asked for it still is."""
        if event.worker.group != "solver" or event.state != WorkerState.SUCCESS:
            return
        asked, level, start, opened = cast("SolverAsked", event.worker.result)
        if self.screen is not asked:
            return
        now = asked.solver_start() if isinstance(asked, StartsSolver) else None
        if start is not None and now is not None and now != start:
            # keys typed while it was made moved the line: the solver starts from the line
            # the player sees (it read another, under the level's own)
            self.open_solver(level, now, asked)
            return
        from dartfit.screens.solver import SolverScreen

        self.push_screen(SolverScreen(level, start, opened))

    def _ask(self, question: str, answer: Callable[[bool | None], None]) -> None:
        """Ask a yes-or-no question in a dialog (imported when first asked, as the other
        dialogs are: none of them is on the title's first frame)."""
        from dartfit.dialogs.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen(question), answer)

    def reset_level(self, level: Level) -> None:
        """Forget one level's progress, after asking."""

        def answer(yes: bool | None) -> None:
            if yes:
                self._change(lambda progress: progress.reset_level(level.id))
                self.notify(f"Progress of “{level.spec.title}” was reset.", markup=False)

        self._ask(f"Reset your progress on “{level.spec.title}”?", answer)

    def reset_all(self) -> None:
        """Forget every level's progress, after asking."""

        def answer(yes: bool | None) -> None:
            if yes:
                self._change(Progress.reset_all)
                self.notify("All progress was reset.")

        self._ask("Reset your progress on every level?", answer)

    def open_every_level(self, yes: bool = True) -> None:
        """Open every level at once (after asking), or lock the ones not reached again; the
        choice is kept in the progress settings. Skipped levels earn no stars."""
        if not yes:
            self._change(lambda progress: progress.with_setting(campaign.ALL_OPEN, False))
            self.notify("Levels open one by one again.")
            return

        def answer(sure: bool | None) -> None:
            if sure:
                self._change(lambda progress: progress.with_setting(campaign.ALL_OPEN, True))
                self.notify("Every level is open. Skipped levels earn no stars.")

        question = "Open every level now? Skipped levels stay without stars."
        self._ask(question, answer)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from dartfit.palette import system_commands

        yield from super().get_system_commands(screen)
        yield from system_commands(self, screen)


MAX_SCREENSHOTS = 50
"""Screenshots kept in the player's own folder (a class host's disk is shared by all)."""


def _shot_name(folder: Path) -> str:
    """A screenshot's file name, short enough for a row of a toast at 80 columns
    (dartfit_2026-12-04_151318.svg), and new: a second shot in the same second is _2."""
    stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
    names = (f"dartfit_{stamp}{'' if n == 1 else f'_{n}'}.svg" for n in itertools.count(1))
    return next(name for name in names if not (folder / name).exists())


def _write_shot(
    svg: str, filename: str | None, path: str | None, own: Path
) -> tuple[SeverityLevel, str]:
    """Write a screenshot into `path`, else Downloads when it can be written in, else the
    player's own folder (made if need be, and at most MAX_SCREENSHOTS there); the severity
    and words of what to say. On a thread: every call on the disk here may block."""
    if path:
        return _shot_in(Path(path), svg, filename, own)
    downloads = _downloads()
    if downloads is not None:
        # a Downloads that can't be looked in (a folder on the way that may not be searched)
        # or written in (read-only, full) is passed over, as a missing one is: under a
        # locked parent the screenshot failed with "[Errno 13]", saved nowhere
        said = _shot_in(downloads, svg, filename, own)
        if said[0] == "information":
            return said
    return _shot_in(own, svg, filename, own)


def _downloads() -> Path | None:
    """The player's Downloads folder, None when there is none to be seen (or no home)."""
    from platformdirs import user_downloads_path

    try:
        downloads = user_downloads_path()
    except (OSError, RuntimeError, KeyError, ValueError):
        return None
    return downloads if is_dir(downloads) else None


def _shot_in(folder: Path, svg: str, filename: str | None, own: Path) -> tuple[SeverityLevel, str]:
    """Write a screenshot into `folder` (at most MAX_SCREENSHOTS in the player's `own`);
    the severity and words of what to say."""
    if folder == own and _screenshots(folder) >= MAX_SCREENSHOTS:
        return (
            "warning",
            f"{MAX_SCREENSHOTS} screenshots are already in {folder}: delete some first",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        saved = (folder / (filename or _shot_name(folder))).resolve()
        # whole or not there: the teacher's board (and a browser the player points at the
        # folder) reads the file as soon as it appears, and read it empty mid-write
        written = saved.with_name(f".{saved.name}.{os.getpid()}.part")
        try:
            written.write_text(svg, encoding="utf-8")
            written.replace(saved)
        finally:
            written.unlink(missing_ok=True)
    except OSError as e:
        return "error", f"Could not save the screenshot in {folder}: {e.strerror or e}"
    # the name on a row of its own: a toast is half the screen wide, and it folded
    # Textual's name (dartfit_2026-12-04T15_13_18_804174.svg) across two rows
    return "information", f"{saved.name}\nsaved in {saved.parent}"


SolverAsked = tuple[Screen[object], Level, tuple[float, float] | None, "Opening"]
"""The screen that asked for the auto-solver, its level and start line, and its opening."""


def _solver_opening(
    asked: Screen[object], level: Level, start: tuple[float, float] | None
) -> SolverAsked:
    """The auto-solver's opening, in a thread: its first import (and plotext's) and the
    problem's sums over every point held the game's loop for 150 ms on a 10⁶-row CSV."""
    from dartfit.screens.solver import opening

    return asked, level, start, opening(level, start)


def _unwinnable(level: Level) -> list[str]:
    """`dartfit check`'s reasons a level can't be won (none: it can), on a thread."""
    from dartfit.check import unwinnable

    return unwinnable(level)


VERDICT_WAIT = 10.0
"""Seconds a win on a level of one's own waits for its check (`DartfitApp._refused`)."""


def _screenshots(folder: Path) -> int:
    try:
        return sum(1 for _ in folder.glob("*.svg"))
    except OSError:
        return 0


def make_app(
    levels_dir: Path | str | None = None,
    data_dir: Path | str | None = None,
    seed: int | None = None,
    start: str | None = None,
    lesson: str | None = None,
    data: Dataset | None = None,
    all_open: bool = False,
    store: Store | None = None,
    code: str | None = None,
    level_file: Path | str | None = None,
) -> DartfitApp:
    """Build the app from levels, a progress folder (or another `store`, such as a class
    host's), a seed, and a level, lesson or the player's own data to open; `all_open` opens
    every level (and keeps that setting); `code` opens a generated puzzle by its share code;
    `level_file` opens one level file, played alone as a folder of that one file would be
    (its win kept under its id, as a `--levels` folder's are, or apart where that is a
    shipped level's it is not: `kept_apart`; no checks)."""
    if level_file is not None:
        levels, checks = [kept_apart(load_level(level_file, 1))], []
    else:
        levels = load_levels(levels_dir or default_levels_dir())
        checks = load_checks(levels_dir or default_levels_dir(), [c for c, _ in chapters(levels)])
    if store is None:
        folder = Path(data_dir) if data_dir else default_data_dir()
        store = ProgressStore.in_folder(folder, own_levels=[level.id for level in levels])
    start_level = find_level(levels, start) if start is not None else None  # "" too
    if level_file is not None:
        start_level = levels[0]
    if data is not None:
        start_level = sandbox_level(data.path, data.x, data.y, data.x_name, data.y_name)
    if code is not None:
        from dartfit.endless import puzzle

        start_level = puzzle(code)  # a code that can't be read fails here, in one line
    if lesson is not None:
        lesson_path(lesson)  # an unknown name fails here, before the app starts
    if start_level is not None:  # its kind's modules (numpy too), with the rest of what loads
        kind_of(start_level.spec).load()  # before the game runs (see `settle_the_heap`)
    alone = level_file is not None
    return DartfitApp(levels, store, seed, start_level, lesson, all_open, checks, alone)
