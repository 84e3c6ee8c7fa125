"""Keys typed faster than the app answers: queued in the driver as a terminal would
deliver them, without waiting for each one (a held key, a paste, a slow link)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.pilot import Pilot

if TYPE_CHECKING:
    from dartfit.screens.darts import DartsScreen
    from dartfit.screens.solver import SolverScreen

CHARACTERS = {
    "space": " ",
    "enter": "\r",
    "tab": "\t",
    "escape": "\x1b",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
    "minus": "-",
    "question_mark": "?",
}


def send(app: App[object], key: str, waited: float = 0.0, at: float | None = None) -> float:
    """Queue one key press, without waiting for the app to take it; `waited`: as if it had
    been typed that many seconds ago, or `at` that time of the events' clock. Returns the
    time it was typed (a burst's keys can then be typed a fixed time apart, however loaded
    the machine that queues them)."""
    event = events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))
    event.time = event.time - waited if at is None else at
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)
    return event.time


async def hold(pilot: Pilot[object], key: str, times: int) -> None:
    """Press a key `times` times as a held key would: queued, then taken together."""
    for _ in range(times):
        send(pilot.app, key)
    await pilot.pause()


async def settled(
    pilot: Pilot[object],
    done: Callable[[], bool],
    most: float = 10.0,
    seen: Callable[[], object] | None = None,
) -> None:
    """Let the app run until `done()` holds (a timer's work, such as the size notice going
    once the size has settled); fail if it still does not after `most` seconds on a busy
    machine. (A wait that gave up silently let three tests go on, 10 s later, having
    checked nothing: a condition that could no longer come true.) A failure says what `seen()`
    last returned, when given: what the condition found wrong."""
    end = time.monotonic() + most
    while not done():
        if time.monotonic() >= end:
            found = "" if seen is None else f": {seen()}"
            raise AssertionError(f"not so after {most} s: {done.__qualname__}{found}")
        await pilot.pause(0.02)


async def solver_opened(pilot: Pilot[object]) -> SolverScreen:
    """Let the app run until the auto-solver asked for is shown: its opening is worked out
    in a thread (`DartfitApp.open_solver`), so keys typed before then go to the level. The
    auto-solver's screen."""
    from dartfit.screens.solver import SolverScreen

    def shown() -> bool:
        screen = pilot.app.screen
        mounted = getattr(screen, "state", None) is not None  # its first state set on mount
        return type(screen).__name__ == "SolverScreen" and mounted

    await settled(pilot, shown)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SolverScreen)
    return screen


async def darts_thrown(pilot: Pilot[object], throws: int) -> DartsScreen:
    """Once the darts board is up, `throws` darts thrown with space, a key at a time; the
    board's screen."""
    from dartfit.screens.darts import DartsScreen

    await settled(pilot, lambda: isinstance(pilot.app.screen, DartsScreen))
    screen = pilot.app.screen
    assert isinstance(screen, DartsScreen)
    for _ in range(throws):
        await pilot.press("space")
    return screen


async def pressed_as_read(pilot: Pilot[object], *keys: str) -> None:
    """Press `keys` in turn, each once the screen shows, and then wait for it once more: a
    win panel laid out out of sight (`panel_shown`) takes no key, so a key after the winning
    one waits for it, as a player who reads it would, and a picture of the panel is of the
    panel shown."""

    def shows() -> bool:
        return not pilot.app.screen.has_class("-placing")

    for key in keys:
        await settled(pilot, shows)
        await pilot.press(key)
    await settled(pilot, shows)


async def panel_shown(pilot: Pilot[object]) -> None:
    """Let the app run until the win panel shows: it is laid out out of sight until the level
    under it is laid out in the room it leaves (`WinScreen._placed`); the level's layout read
    before then is the one it had before the win, and keys typed before then act on nothing."""
    from dartfit.dialogs.win import WinScreen

    def shown() -> bool:
        screen = pilot.app.screen
        return (
            isinstance(screen, WinScreen) and screen.is_mounted and not screen.has_class("-placing")
        )

    await settled(pilot, shown)
