"""DartfitApp and its factory: wiring only (levels, progress and seed come in from outside)."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

try:
    import termios
except ImportError:  # Windows: no terminal to hang up
    termios = None  # type: ignore[assignment]

from rich.console import RenderableType
from textual._context import active_message_pump
from textual.actions import ActionParseResult
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.dom import DOMNode, NoScreen
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount, Widget

from dartfit import campaign
from dartfit.campaign import after, all_done, in_campaign, stars, unlocked
from dartfit.dialogs.confirm import ConfirmScreen
from dartfit.dialogs.congrats import CongratsScreen
from dartfit.dialogs.help import HelpScreen
from dartfit.dialogs.too_small import TooSmallScreen
from dartfit.kinds import kind_of
from dartfit.lessons import lesson_path
from dartfit.levels import (
    Level,
    LevelError,
    default_levels_dir,
    find_level,
    load_levels,
    sandbox_level,
)
from dartfit.progress import LevelResult, Progress, ProgressStore, default_data_dir
from dartfit.screens.title import TitleScreen

# The first frame needs only the title screen: the others (and numpy, plotext and the
# markdown parser behind them) are imported when first opened.
if TYPE_CHECKING:
    from dartfit.csvdata import Dataset
    from dartfit.messages import OpenLesson, OpenLevel
    from dartfit.screens.level_base import LevelOutcome, LevelScreen
    from dartfit.screens.level_select import LevelSelectScreen

MIN_WIDTH, MIN_HEIGHT = 80, 24
# a terminal closed, an SSH drop, `kill` and `kill -INT`: each ends the game as ctrl+q does
# (wins are already saved) and restores the terminal; the exit status is 128 + the signal
ENDING_SIGNALS = (
    signal.SIGHUP,
    signal.SIGTERM,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGUSR1,
    signal.SIGUSR2,
    signal.SIGALRM,
)
SIZE_SETTLES = 0.1  # seconds without a resize before the size notice comes or goes
HANGUP_CHECK = 1.0  # seconds between checks that the terminal is still there
SHUTDOWN_GRACE = 3.0  # seconds the app may take to end before the process ends itself
# actions that run even under the size notice or before the screen on top has mounted
ALWAYS = frozenset({"quit"})


def terminal_gone(fd: int) -> bool:
    """Whether the terminal on `fd` has been hung up (closed by its other side)."""
    if termios is None:
        return False
    try:
        termios.tcgetattr(fd)
    except termios.error as error:
        return bool(error.args[0] == errno.EIO)
    except OSError as error:
        return error.errno == errno.EIO
    return False


class DartfitApp(App[None]):
    """The dartfit game: title, level list, one screen per level kind, progress saved."""

    CSS_PATH = "dartfit.tcss"
    TITLE = "dartfit"
    SUB_TITLE = "understand Mean Squared Error"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark", "help", "Help", key_display="?", show=False),
    ]

    progress: var[Progress] = var(Progress)

    def __init__(
        self,
        levels: list[Level],
        store: ProgressStore,
        seed: int | None = None,
        start_level: Level | None = None,
        start_lesson: str | None = None,
    ) -> None:
        super().__init__()
        self.levels = levels
        self.store = store
        self.seed = seed
        self.start_level = start_level
        self.start_lesson = start_lesson
        self._congratulate = False
        self._signals: list[int] = []
        self._ending = False
        self._size_timer: Timer | None = None

    def on_mount(self) -> None:
        self._end_on_signals()
        loaded = self.store.load()
        self.set_reactive(DartfitApp.progress, loaded.progress)  # no screen shows it yet
        if loaded.warning:
            self.notify(
                loaded.warning, title="Progress", severity="warning", timeout=10, markup=False
            )
        self.push_screen(TitleScreen(self.levels))
        if self.start_level is not None:
            self.push_screen(self._level_select())
            self.open_level(self.start_level)
        if self.start_lesson is not None:
            self.open_lesson(self.start_lesson)
        self._check_size(self.size.width, self.size.height)

    # signals and keys typed ahead ---------------------------------------------
    def _end_on_signals(self) -> None:
        if self.is_headless:  # tests run the app in pytest's own loop and process
            return
        if sys.__stdin__ is not None:
            self.set_interval(HANGUP_CHECK, partial(self._check_terminal, sys.__stdin__.fileno()))
        loop = asyncio.get_running_loop()
        for sig in ENDING_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.end, 128 + sig)
                self._signals.append(sig)

    def _check_terminal(self, fd: int) -> None:
        """End as on SIGHUP once the terminal has gone: when the signal went elsewhere (a
        parent that ignores it), Textual's input thread would spin on the dead terminal."""
        if terminal_gone(fd):
            self.end(128 + signal.SIGHUP)

    def end(self, status: int = 0) -> None:
        """End the game once the screen on top has mounted: one still mounting while the
        app closes finds its widgets gone (`l` then ctrl+q typed ahead crashed the lesson)."""
        if self.screen_stack and not self.screen.is_mounted:
            self.call_after_refresh(self.end, status)
        else:
            self.exit(None, status)

    async def action_quit(self) -> None:
        """Quit (ctrl+q), once the screen on top has mounted."""
        self.end()

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in self._signals:
            loop.remove_signal_handler(sig)
        self._signals.clear()

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Run an action; one typed ahead of a screen that has not mounted yet waits for it,
        and while the terminal is too small only ctrl+q works.

        Escape typed ahead could otherwise pop a screen before its `on_mount` ran, which
        then found its widgets gone; ctrl+p could open a level under the size notice.
        """
        name = action if isinstance(action, str) else action[1]
        if name.rpartition(".")[2] in ALWAYS:  # it waits for the screen to mount itself
            return await super().run_action(action, default_namespace, namespaces)
        if isinstance(self.screen, TooSmallScreen):
            self.bell()
            return True
        if not self.screen.is_mounted:
            self.call_after_refresh(self.run_action, action, default_namespace, namespaces)
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        """End the game; from now on no new screen is pushed.

        A terminal that has gone (a closed window, a dropped SSH link) can block Textual's
        last writes for ever; every win is already saved, so if the app has not ended
        within a few seconds the process ends itself with the same status.
        """
        if not self._ending and not self.is_headless:
            watchdog = threading.Timer(SHUTDOWN_GRACE, os._exit, (return_code,))
            watchdog.daemon = True
            watchdog.start()
        self._ending = True
        super().exit(result, return_code, message)

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        """Push a screen, unless the game is ending: a screen that mounts while the app
        closes finds its widgets gone (keys typed ahead: `space`, then `escape` quits).

        The too-small notice stays on top: a screen pushed under it (a timer's win) goes
        beneath it, so the notice is always the one that goes when the terminal grows.
        """
        if self._ending:
            return AwaitMount(self.screen, [])
        notice = self.screen
        if isinstance(notice, TooSmallScreen):
            super().pop_screen()
            pushed = super().push_screen(*args, **kwargs)
            super().push_screen(TooSmallScreen(*notice.need))
            return pushed
        return super().push_screen(*args, **kwargs)

    def pop_screen(self) -> AwaitComplete:
        """Pop the screen on top, unless a screen that is no longer on top asks.

        Textual's `dismiss` pops whatever is on top: a second click on the command
        palette's background (queued before the first closed it) popped the level under it,
        and the next one the level list.
        """
        caller = active_message_pump.get(None)
        if isinstance(caller, Widget) and caller is not self.screen:
            try:
                asking = caller.screen
            except NoScreen:
                asking = None
            if asking is not self.screen:
                nothing: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
                return nothing
        return super().pop_screen()

    # size ---------------------------------------------------------------
    def on_resize(self, event: Resize) -> None:
        """Show or hide the size notice once the size has settled: pushing and popping it on
        every step of a resize storm (a window dragged, a multiplexer re-laying out) could
        leave Textual re-laying out screens for ever."""
        if self._size_timer is not None:
            self._size_timer.stop()
        self._size_timer = self.set_timer(SIZE_SETTLES, self._size_settled)

    def _size_settled(self) -> None:
        self._size_timer = None
        if not self._ending and self.screen_stack:  # not while the app closes
            self._check_size(self.size.width, self.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif showing and not small:
            self.pop_screen()

    # navigation -----------------------------------------------------------
    def _level_select(self) -> LevelSelectScreen:
        from dartfit.screens.level_select import LevelSelectScreen

        return LevelSelectScreen(self.levels, self.progress)

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

    def on_open_lesson(self, message: OpenLesson) -> None:
        self.open_lesson(message.concept)

    def open_lesson(self, concept: str) -> None:
        """Show a concept's lesson, with the levels the player may open."""
        from dartfit.screens.lesson import LessonScreen

        self.push_screen(LessonScreen(concept, self.levels, unlocked(self.levels, self.progress)))

    def action_lessons(self) -> None:
        """Show the list of lessons."""
        from dartfit.screens.lesson_list import LessonListScreen

        self.push_screen(LessonListScreen())

    def open_level(self, level: Level) -> None:
        """Play a level; a win is recorded the moment it is won."""
        try:
            level.x  # noqa: B018 (a level makes its points on first use; a bad draw says so)
        except LevelError as e:
            self.notify(str(e), title="This level can't be played", severity="error")
            return
        screen = kind_of(level.spec).screen(level, self.progress.settings)
        screen.on_won = self.record
        self.push_screen(screen, self._level_closed)

    def _level_closed(self, outcome: LevelOutcome | None) -> None:
        if self._congratulate:
            self._congratulate = False
            self.push_screen(CongratsScreen(*stars(self.levels, self.progress)))
        following = None if outcome is None else after(self.levels, outcome.level_id)
        if outcome is not None and outcome.next == "next" and following is not None:
            self.open_level(following)

    def record(self, level_id: str, result: LevelResult) -> None:
        """Fold a win into progress, save it now, and hand the new progress down.

        The player's own data (the `fit` sandbox) is not a campaign level and isn't kept.
        """
        if not in_campaign(self.levels, level_id):
            return
        was_done = all_done(self.levels, self.progress)
        self._change(lambda progress: campaign.record(progress, level_id, result))
        if not was_done and all_done(self.levels, self.progress):
            self._congratulate = True  # shown when the level closes, not over its win

    def _change(self, change: Callable[[Progress], Progress]) -> None:
        """Apply a change to the newest saved progress (another window's too) and save it
        now; the progress on screen follows, saved or not."""
        done = self.store.update(self.progress, change)
        self.progress = done.progress
        if done.warning:
            self.notify(done.warning, title="Progress", severity="warning", markup=False)

    def watch_progress(self, progress: Progress) -> None:
        from dartfit.screens.lesson import LessonScreen
        from dartfit.screens.level_select import LevelSelectScreen

        for screen in self.screen_stack:
            if isinstance(screen, LevelSelectScreen):
                screen.progress = progress
            elif isinstance(screen, LessonScreen):
                screen.unlocked_ids = frozenset(unlocked(self.levels, progress))

    # actions and commands ----------------------------------------------------
    def action_command_palette(self) -> None:
        """Open the command palette (ours: keys typed ahead of its list wait for it)."""
        from dartfit.palette import Palette

        if self.use_command_palette and not Palette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Save an SVG of the screen (ctrl+p → Screenshot) and say its full path, or why not.

        Textual saves into the Downloads folder and, without one, says only "Failed": use
        Downloads when it exists, else the progress folder (made if need be).
        """
        from platformdirs import user_downloads_path

        downloads = user_downloads_path()
        folder = Path(path) if path else downloads if downloads.is_dir() else self.store.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            saved = Path(self.save_screenshot(filename, str(folder), time_format)).resolve()
        except OSError as e:
            reason = e.strerror or str(e)
            message = f"Could not save the screenshot in {folder}: {reason}"
            self.notify(message, title="Screenshot", severity="error", markup=False)
            return None
        self.notify(f"Saved to {saved}", title="Screenshot", markup=False)
        return None

    def toggle_squares(self) -> None:
        """Show or hide the penalty squares, here and in every level from now on (saved)."""
        from dartfit.screens.level_base import LevelScreen

        show = not bool(self.progress.settings.get("show_squares", True))
        self._change(lambda progress: progress.with_setting("show_squares", show))
        for screen in self.screen_stack:
            if isinstance(screen, LevelScreen):
                screen.show_squares = show

    def on_level_screen_toggle_squares(self) -> None:
        self.toggle_squares()

    def on_level_screen_open_solver(self, message: LevelScreen.OpenSolver) -> None:
        self.open_solver(message.level, message.start)

    def open_solver(self, level: Level, start: tuple[float, float] | None = None) -> None:
        """The auto-solver on a line level, from `start` (default: the level's start line)."""
        from dartfit.game.linear import start_line
        from dartfit.screens.solver import SolverScreen

        self.push_screen(SolverScreen(level, start or start_line(level)))

    def reset_level(self, level: Level) -> None:
        """Forget one level's progress, after asking."""

        def answer(yes: bool | None) -> None:
            if yes:
                self._change(lambda progress: progress.reset_level(level.id))
                self.notify(f"Progress of “{level.spec.title}” was reset.")

        self.push_screen(ConfirmScreen(f"Reset your progress on “{level.spec.title}”?"), answer)

    def reset_all(self) -> None:
        """Forget every level's progress, after asking."""

        def answer(yes: bool | None) -> None:
            if yes:
                self._change(Progress.reset_all)
                self.notify("All progress was reset.")

        self.push_screen(ConfirmScreen("Reset your progress on every level?"), answer)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from dartfit.palette import system_commands

        yield from super().get_system_commands(screen)
        yield from system_commands(self, screen)


def make_app(
    levels_dir: Path | str | None = None,
    data_dir: Path | str | None = None,
    seed: int | None = None,
    start: str | None = None,
    lesson: str | None = None,
    data: Dataset | None = None,
) -> DartfitApp:
    """Build the app from levels, a progress folder, a seed, and a level, lesson or the
    player's own data to open."""
    levels = load_levels(levels_dir or default_levels_dir())
    store = ProgressStore.in_folder(Path(data_dir) if data_dir else default_data_dir())
    start_level = find_level(levels, start) if start else None
    if data is not None:
        start_level = sandbox_level(data.path, data.x, data.y, data.x_name, data.y_name)
    if lesson is not None:
        lesson_path(lesson)  # an unknown name fails here, before the app starts
    return DartfitApp(levels, store, seed, start_level, lesson)
