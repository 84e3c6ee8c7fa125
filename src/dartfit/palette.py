"""The command palette: Textual's, with keys typed ahead of its list held until it is laid
out, and the game's own commands in it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.app import SystemCommand
from textual.await_complete import AwaitComplete
from textual.command import CommandPalette, Hit, Hits
from textual.content import Content
from textual.css.query import NoMatches
from textual.markup import escape
from textual.screen import Screen
from textual.system_commands import SystemCommandsProvider

from dartfit.campaign import all_open, lock_reasons, unlocked
from dartfit.kinds import kind_of
from dartfit.lessons import LESSON_IDS, lesson_title
from dartfit.screens.level_base import LevelScreen

if TYPE_CHECKING:
    from dartfit.levels import Level
    from dartfit.progress import Progress


class Game(Protocol):
    """What the palette's commands ask of the game (the app)."""

    levels: list[Level]
    progress: Progress

    def toggle_squares(self) -> None: ...
    def reset_all(self) -> None: ...
    def reset_level(self, level: Level) -> None: ...
    def open_solver(self, level: Level, start: tuple[float, float] | None = None) -> None: ...
    def action_lessons(self) -> None: ...
    def open_lesson(self, concept: str) -> None: ...
    def open_level(self, level: Level) -> None: ...
    def open_every_level(self, yes: bool) -> None: ...
    def notify(self, message: str, *, markup: bool = True) -> None: ...


LIST_WAITS = 30
"""Refreshes a key waits for the palette's list to be laid out: one that never was (its
terminal gone in a key storm) kept a pgdn waiting on every refresh, the loop busy for good
(an hour of CPU, the game never ending)."""


class Palette(CommandPalette):
    """Textual's command palette. `ctrl+p ↓ pgdn` typed in one go reached the list before it
    was laid out, and Textual's page move raised KeyError and ended the game: such a key now
    waits for the next refresh. It closes once: a second click on its background (or a click
    with enter) while it closed popped the screen under it, or ended the game on a result
    set twice."""

    _dismissed = False

    def dismiss(self, result: object = None) -> AwaitComplete:
        if self._dismissed or not self.is_active:
            done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
            return done
        self._dismissed = True
        return super().dismiss(result)  # type: ignore[arg-type]

    def _action_command_list(self, action: str) -> None:
        self._on_the_list(partial(CommandPalette._action_command_list, self, action))

    def _action_cursor_down(self) -> None:
        self._on_the_list(partial(CommandPalette._action_cursor_down, self))

    def _on_the_list(self, move: Callable[[], None], waited: int = 0) -> None:
        """A key's move in the list: after the next refresh while the list has options but
        no lines laid out, or is not there yet; none once the palette has closed (a key
        storm's pgup, bound while it was open, ran after it had closed, found no list, and
        ended the game); dropped after LIST_WAITS refreshes."""
        if self._dismissed or not self.is_active:
            return
        try:
            move()
        except (KeyError, IndexError, NoMatches):
            if self.is_attached and waited < LIST_WAITS:
                self.call_after_refresh(self._on_the_list, move, waited + 1)


class ShownCommands(SystemCommandsProvider):
    """The game's commands, matched and highlighted on the text the palette shows. Textual's
    own provider matched a command's markup and highlighted the text shown at the markup's
    offsets: after a level title's bracket, escaped (`\\[`), each highlight sat one letter
    to the right of the letter typed."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            shown = Content.from_markup(name)
            score, offsets = matcher.fuzzy_search.match(matcher.query, shown.plain)
            if score > 0:
                for at in offsets:
                    if not shown.plain[at].isspace():
                        shown = shown.stylize(matcher.match_style, at, at + 1)
                yield Hit(score, shown, callback, help=help_text)


def system_commands(app: Game, screen: Screen[object]) -> Iterator[SystemCommand]:
    """The game's commands in the palette: settings, resets, opening every level, the
    auto-solver of an open level, lessons and the levels (the last three found by typing,
    not listed; a locked level says why)."""
    yield SystemCommand(
        "Penalty squares", "Show or hide the squares, in every level (kept)", app.toggle_squares
    )
    yield SystemCommand("Reset all progress", "Forget every level's stars", app.reset_all)
    if all_open(app.progress):
        yield SystemCommand(
            "Lock the levels not reached",
            "Open levels one by one again, each once the one before is won",
            partial(app.open_every_level, False),
        )
    else:
        yield SystemCommand(
            "Open every level",
            "For a teacher: play any level now (skipped levels earn no stars; asks first)",
            partial(app.open_every_level, True),
        )
    open_ids = unlocked(app.levels, app.progress)
    here = screen if isinstance(screen, LevelScreen) else None
    if here is not None and any(lv is here.level for lv in app.levels):  # (not your own data)
        yield SystemCommand(
            "Reset this level's progress",
            f"Forget the stars of “{escape(here.level.spec.title)}”",
            partial(app.reset_level, here.level),
        )
    for level in app.levels:
        if not (kind_of(level.spec).solver and level.spec.model.shape == "line"):
            continue
        playing = here is not None and here.level is level
        solve_here = getattr(here, "action_solve", None) if playing else None
        if solve_here is not None:  # as its key a does: before a win it costs stars (asks)
            yield SystemCommand(
                f"Auto-solver: {escape(level.spec.title)}",
                "Watch gradient descent fit this level's line from yours",
                solve_here,
                discover=False,
            )
        elif level.id in open_ids and app.progress.get(level.id).completed:  # else: its answer
            yield SystemCommand(
                f"Auto-solver: {escape(level.spec.title)}",
                "Watch gradient descent fit this level's line",
                partial(app.open_solver, level),
                discover=False,
            )
    yield SystemCommand("Lessons", "The list of lessons", app.action_lessons)
    for number, concept in enumerate(LESSON_IDS, 1):  # said as the lesson says itself
        yield SystemCommand(
            f"Lesson: {lesson_title(concept)}",
            f"Read this lesson (lesson {number} of {len(LESSON_IDS)})",
            partial(app.open_lesson, concept),
            discover=False,
        )
    locked = lock_reasons(app.levels, app.progress)
    for level in app.levels:
        why = locked.get(level.id)
        if why is None:
            yield SystemCommand(
                f"Play {level.number}. {escape(level.spec.title)}",
                f"Open this level, in the chapter “{escape(level.spec.chapter)}”",  # not its kind
                partial(app.open_level, level),
                discover=False,
            )
        else:
            yield SystemCommand(
                f"Play {level.number}. {escape(level.spec.title)} (locked)",
                f"Locked: {escape(why)} (or: Open every level)",
                partial(app.notify, f"“{level.spec.title}” is locked: {why}.", markup=False),
                discover=False,
            )
