"""Keys typed faster than screens open (a paste, a held key, a slow SSH link) never crash.

The keys go straight into the driver's queue in one burst, without waiting for the app to
answer each one, as a terminal delivers them when the app is busy.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.command import CommandPalette
from textual.widgets._header import HeaderTitle

from dartfit.app import make_app
from dartfit.pictures.raster import Raster
from dartfit.steady.app import PAUSE
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED, made_predictions
from tests.ui.typing import send, settled

KEYS = ["space", "enter", "escape", "question_mark", "down", "up", "left", "right"]
KEYS += ["c", "x", "l", "h", "r", "k", "a", "n", "s", "b", "tab"]
# the burst that crashed the level list: it was pushed while escape was quitting the game
FOUND = ["space", "down", "up", "question_mark", "escape", "escape", "enter"]


def _bursts() -> list[list[str]]:
    rnd = random.Random(8)
    return [FOUND] + [[rnd.choice(KEYS) for _ in range(14)] for _ in range(11)]


@pytest.mark.parametrize("keys", _bursts(), ids=lambda keys: "-".join(keys[:4]) + "…")
async def test_a_burst_of_keys_typed_ahead_never_crashes(keys: list[str], tmp_path: Path) -> None:
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in keys:
            send(app, key)
        for _ in range(6):
            await pilot.pause()
    assert app.return_code in (None, 0), f"{keys}: exit status {app.return_code}"


async def test_a_title_change_landing_while_its_screen_closes_is_dropped(tmp_path: Path) -> None:
    """A closing screen loses its header's parts before the header itself: a title change
    landing in between (a level left right after it opened) must not end the game."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1, start="first-throw")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        level = app.screen
        await level.query_one(HeaderTitle).remove()  # the closing screen's header, half gone
        level.title = "a new title"
        for _ in range(3):
            await pilot.pause()
        assert app.is_running


async def test_a_picture_whose_rows_change_width_is_redrawn_whole(tmp_path: Path) -> None:
    """A scene may draw rows of another width at the same widget size (a resize landing
    between two nudges did that): the canvas repaints whole instead of diffing."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(CanvasView)
        width, height = canvas.size
        canvas.show(lambda w, h: Raster(width - 1, height))
        canvas.show(lambda w, h: Raster(width, height, fill="x"))
        await pilot.pause()
        assert app.is_running and canvas.text().splitlines()[0] == "x" * width


@pytest.mark.parametrize("keys", [["down", "pagedown"], ["down", "down", "pagedown"], ["pageup"]])
async def test_page_keys_typed_ahead_of_the_palette_list_wait_for_it(
    keys: list[str], tmp_path: Path
) -> None:
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in ["ctrl+p", *keys]:
            send(app, key)
        for _ in range(6):
            await pilot.pause()
        assert app.is_running


@pytest.mark.parametrize("opens", ["lesson", "level", "help", "levels"])
async def test_quitting_while_a_screen_opens_ends_cleanly(opens: str, tmp_path: Path) -> None:
    """ctrl+q right behind a key that opens a screen: the game ends once that screen has
    mounted (one mounting while the app closed found its widgets gone and crashed)."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1, start="first-throw")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        open_it = {
            "lesson": lambda: app.open_lesson("mean"),
            "level": lambda: app.open_level(app.levels[1]),
            "help": app.action_help,
            "levels": lambda: app.push_screen(app._level_select()),
        }[opens]
        open_it()
        await app.action_quit()
        for _ in range(5):
            await pilot.pause()
    assert app.return_code == 0


@pytest.mark.parametrize(("level_id", "action"), [("too-hot", "scaling"), ("first-line", "solve")])
async def test_an_action_of_a_screen_closed_since_its_key_was_pressed_is_dropped(
    level_id: str, action: str, tmp_path: Path
) -> None:
    """A key deferred while its screen mounted (the monkey's `f` on the bowl) ran after
    escape had closed that screen, and found its widgets gone."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1, start=level_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        closed = app.screen
        await pilot.press("escape")
        await settled(pilot, lambda: not closed.is_attached)
        assert await app.run_action(action, closed)
        await pilot.pause()
        assert app.is_running and app.screen is not closed


@pytest.mark.parametrize("start", [None, "first-line"])
async def test_the_palette_closed_twice_at_once_closes_once(tmp_path, start) -> None:
    """Two clicks on its background (or a click and enter) closing it in one go: the second
    popped the screen under it, or set its result twice and ended the game."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await settled(pilot, lambda: isinstance(app.screen, CommandPalette))
        palette = app.screen
        under = app.screen_stack[-2]
        palette.dismiss()
        palette.dismiss()
        await pilot.pause()
        assert app.screen is under and app.is_running


@asynccontextmanager
async def on_first_line(tmp_path: Path) -> AsyncIterator[tuple[Any, Any, Any]]:
    """Level 5 (first-line) open at 80×24, its keys' staleness on: the app, its pilot and
    the level's screen."""
    from dartfit.screens.level_base import LevelScreen

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        assert isinstance(screen, LevelScreen) and app.stale_key is not None
        yield app, pilot, screen


async def test_keys_that_waited_over_a_second_are_dropped_but_the_way_out(tmp_path: Path) -> None:
    """1,000 keys pasted into the game, each opening or closing a dialog, kept it busy for
    11 s and ctrl+q waited behind them: a key that waited longer than `stale_key` seconds
    is dropped (ctrl+q never is), so the game answers the next key at once."""
    async with on_first_line(tmp_path) as (app, pilot, screen):
        typed = send(app, "right", waited=2 * app.stale_key)  # a burst typed two seconds
        for _ in range(200):  # ago, a key each 0.1 ms: its first key is taken (a key typed
            for key in ("a", "question_mark", "right"):  # on its own), the rest not
                typed = send(app, key, at=typed + 0.0001)
        await pilot.pause()
        assert app.screen is screen and screen.state.presses == 1
        send(app, "right", waited=app.stale_key * 1.5)  # typed alone, a while after: taken
        await pilot.pause()  # (however late: a loaded class host is slow, not a storm)
        assert screen.state.presses == 2
        await pilot.press("right")  # a key pressed now is
        assert screen.state.presses == 3
        send(app, "ctrl+q", waited=2 * app.stale_key)
        await settled(pilot, lambda: not app.is_running)
        assert not app.is_running  # and the way out, however late


async def test_a_levels_arrow_moves_the_line_without_going_to_the_screen_and_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An arrow of a level is a priority binding: it moves the line as it reaches the app,
    where it went to the screen (nothing on it takes the focus) and came back to the app
    to find its binding, about 0.3 ms of a nudge's CPU. Typed ahead it is dropped all the
    same (the tests above)."""
    from dartfit.screens.level_base import LevelScreen

    seen: list[str] = []
    heard = LevelScreen.on_key

    def on_key(self: LevelScreen, event: events.Key) -> None:
        seen.append(event.key)
        heard(self, event)

    monkeypatch.setattr(LevelScreen, "on_key", on_key)
    async with on_first_line(tmp_path) as (_, pilot, screen):
        for key in ("right", "shift+up", "left", "down"):
            await pilot.press(key)
        assert screen.state.presses == 4
        await pilot.press("s")  # a key bound otherwise still goes to the screen
        assert seen == ["s"]


async def test_a_storm_of_keys_that_came_to_nothing_moves_the_line_no_further_than_typed(
    tmp_path: Path,
) -> None:
    """40 → ← pairs, each pair at once, the pairs 30 ms apart, typed two seconds ago (a game
    fallen behind a storm): the late keys of each burst were dropped and the first of each
    taken, so 40 → moved the line and a storm that came to nothing won level 5. The keys
    taken are those typed up to the first one dropped, and none after it until a pause."""
    async with on_first_line(tmp_path) as (app, pilot, screen):
        start = screen.state
        typed = send(app, "right", waited=2 * app.stale_key)
        typed = send(app, "left", at=typed + 0.0001)
        for _ in range(39):
            typed = send(app, "right", at=typed + 0.03)
            typed = send(app, "left", at=typed + 0.0001)
        await pilot.pause()
        assert app.screen is screen and screen.state.presses == 1  # the first →, as typed
        assert screen.state.m > start.m
        send(app, "left", at=typed + 2 * PAUSE)  # typed after a pause: taken
        await pilot.pause()
        assert screen.state.presses == 2 and screen.state.m == start.m


async def test_ctrl_p_with_a_palette_under_another_screen_opens_no_second_one(
    tmp_path: Path,
) -> None:
    """A key storm left a lesson over the palette; ctrl+p there pushed a second palette
    (Textual's is_open looks at the top screen only), and its id ended the game with
    DuplicateIds."""
    from dartfit.dialogs.help import HelpScreen
    from dartfit.palette import Palette

    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(Palette(id="--command-palette"))
        await pilot.pause()
        app.push_screen(HelpScreen())  # a screen over it, as the storm left one
        await pilot.pause()
        app.action_command_palette()
        await pilot.pause()
        assert sum(isinstance(s, CommandPalette) for s in app.screen_stack) == 1
        assert isinstance(app.screen, HelpScreen)


async def test_ctrl_p_while_the_last_palette_is_still_going_opens_a_new_one(
    tmp_path: Path,
) -> None:
    """ctrl+p, enter (a command), then ctrl+p again before the last palette had left the
    screen: the new one had its id, and the game ended with DuplicateIds."""
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(3):
            app.action_command_palette()
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            app.pop_screen()  # as enter or escape takes it away: its widgets go later
            app.action_command_palette()  # at once, in the same turn of the loop
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            app.pop_screen()
            await pilot.pause()
        assert app.is_running


async def test_a_click_on_an_option_the_palette_no_longer_lists_is_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pressed on "Reset all progress" (row 20), then "qu" typed before the release: the
    click Textual made of the release named an option the shortened list no longer had
    (the screen not yet drawn again), and its OptionList raised IndexError: the game ended."""
    from rich.style import Style
    from textual import events
    from textual.widgets import OptionList

    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        # what the palette lists as it opens: the commands it offers without a search
        commands = sum(c.discover for c in app.get_system_commands(app.screen))
        app.action_command_palette()
        await settled(pilot, lambda: bool(app.screen.query(OptionList)))
        options = app.screen.query_one(OptionList)
        # every one listed (the title's 8; the list was waited for until it had more than
        # 15, which never came: for the whole 10 s)
        await settled(pilot, lambda: options.option_count == commands)
        assert options.option_count == commands
        await pilot.pause()
        palette = app.screen
        x, y = options.region.x + 4, options.region.y + 1
        # the screen as last drawn: an option the list no longer has, under the mouse
        stale = Style(meta={"option": options.option_count})
        monkeypatch.setattr(palette, "get_style_at", lambda *_: stale)
        driver = app._driver
        assert driver is not None
        for kind in (events.MouseDown, events.MouseUp):
            event = kind(None, x, y, 0, 0, 1, False, False, False, x, y)
            event.set_sender(app)
            driver.send_message(event)
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.return_code is None


@pytest.mark.parametrize("action", ["page_up", "page_down", "cursor_up", "cursor_down"])
async def test_a_palette_key_that_runs_after_it_closed_is_dropped(
    action: str, tmp_path: Path
) -> None:
    """A key storm on the points level (300 keys, a resize to 12 × 5 and back, 200 more)
    ended the game: a pgup bound while the palette was open ran after it had closed and
    found no command list ("NoMatches: No nodes match 'CommandList' on Palette")."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1, start="pull")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await settled(pilot, lambda: isinstance(app.screen, CommandPalette))
        palette = app.screen
        palette.dismiss()
        await settled(pilot, lambda: not palette.is_attached)
        if action == "cursor_down":  # as a key bound while it was open runs it
            palette._action_cursor_down()
        else:
            palette._action_command_list(action)
        for _ in range(3):
            await pilot.pause()
        assert app.is_running
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("keys", [["pagedown"], ["down", "pagedown"], ["pageup", "end"]])
async def test_the_theme_palette_is_the_games_and_waits_for_its_list(
    keys: list[str], tmp_path: Path
) -> None:
    """The palette's "Theme" command opened Textual's own palette, not the game's: a pgdn
    there in a key storm ended the game (KeyError: 0 in its list's page move)."""
    from dartfit.palette import Palette

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1, start="pull")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.search_themes()
        for key in keys:
            send(app, key)
        await settled(pilot, lambda: isinstance(app.screen, CommandPalette))
        for _ in range(6):
            await pilot.pause()
        assert isinstance(app.screen, Palette) and app.is_running
    assert app.return_code in (None, 0)
