"""On every dart board the game draws, at 80×24, 120×40 and 200×50, no two darts read as
one number, throw after throw and beside the win panel: "Wind and a shaky hand" at 80×24
read "13" after three throws, "A windy day" won at 120×40 "412". The throws tables mark
each dart of a cluster as the board does."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from dartfit.app import make_app
from dartfit.dialogs.help import HelpScreen
from dartfit.dialogs.win import WinScreen
from dartfit.levels import Level, load_levels
from dartfit.pictures.board import STACK, STACKS
from dartfit.pictures.raster import ink
from dartfit.rules import darts
from dartfit.screens.darts import DartsScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED, made_predictions
from tests.test_dart_clusters import misread
from tests.ui.keys import winning_keys
from tests.ui.test_darts_boards import DARTS, opened
from tests.ui.test_extreme_numbers import screen_text
from tests.ui.typing import darts_thrown, panel_shown, settled

SIZES = [(80, 24), (120, 40), (200, 50)]
IDS = [f"{w}x{h}" for w, h in SIZES]


def darts_misread(screen: LevelScreen) -> list[str]:
    """What of each board's darts does not read (none: all does): a dart's number beside
    another dart in its row (`misread`); a dart the table marks drawn as its number, or one
    it does not drawn as a mark; a mark on the board that the table gives no dart."""
    found = []
    pairs = [(f"#round-board-{k}", f"#round-{k}") for k in (0, 1)]
    for board_id, table_id in [("#board", "#throws")] if isinstance(screen, DartsScreen) else pairs:
        board = screen.query_one(board_id, CanvasView)
        rows = list(board._rows)
        if not board.display:
            continue
        if len(rows) != board.size.height or not rows:
            found.append(f"{board_id} is not drawn at its size {board.size}")
            continue
        table = str(screen.query_one(table_id, Static).render())
        throws = re.findall(rf"^\s*([{STACKS}]?)(\d+) ", table, re.MULTILINE)
        cells = [(t[c], ink(s[c])) for t, s in rows for c in range(len(t))]
        cells = [(char, style) for char, style in cells if style.startswith("dart")]
        digits = sorted(char for char, style in cells if style == "dart")
        marks = {char for char, style in cells if style == "dart-stack"}
        picture = "\n".join(t for t, _ in rows)
        if digits != sorted("".join(n for mark, n in throws if not mark)):  # 12 as 12
            found.append(f"{board_id} shows the numbers {digits}, {table_id}:\n{table}\n{picture}")
        if marks != {mark for mark, _ in throws if mark}:
            found.append(f"{board_id} shows the marks {marks}, {table_id}:\n{table}\n{picture}")
        found += [f"{board_id}: {m}\n{picture}" for m in misread(rows)]
    return found


def thrown(screen: DartsScreen) -> int:
    """The darts thrown, as the level has them and its table shows them."""
    table = str(screen.query_one("#throws", Static).render())
    listed = len(re.findall(r"^\s*\S?\d+ ", table, re.MULTILINE))
    return listed if screen.state is not None and len(screen.state.landings) == listed else -1


@pytest.mark.parametrize("size", SIZES, ids=IDS)
@pytest.mark.parametrize("level", DARTS, ids=[lv.id for lv in DARTS])
async def test_no_two_darts_read_as_one_number_throw_after_throw_and_beside_the_win(
    level: Level, size: tuple[int, int], tmp_path: Path
) -> None:
    """A round thrown at the bull, checked after each throw; then, where it did not win, a
    round that wins, checked beside the win panel (the board drawn smaller there)."""
    async with opened(level, size, tmp_path) as (pilot, screen):
        app = pilot.app
        assert isinstance(screen, DartsScreen)
        for k in range(1, screen.spec.throws + 1):
            await pilot.press("space")

            def read(k: int = k) -> list[str]:
                return [f"{thrown(screen)} thrown of {k}"] * (thrown(screen) != k) + (
                    darts_misread(screen)
                )

            await settled(pilot, lambda: not read(), seen=read)
        if not isinstance(app.screen, WinScreen):
            await pilot.press("r", *winning_keys(level))
        await panel_shown(pilot)

        def beside() -> list[str]:  # laid out in the room the panel leaves, and read
            room = screen.query_one("#level-body").styles.padding
            moved = [] if room.right or room.bottom else ["not yet beside the panel"]
            return moved + darts_misread(screen)

        await settled(pilot, lambda: not beside(), seen=beside)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
async def test_the_recorded_rounds_boards_never_run_two_darts_together(
    size: tuple[int, int], tmp_path: Path
) -> None:
    """ "Which round is worse?": each round's board, before the pick and beside the win."""
    level = next(lv for lv in load_levels(SHIPPED) if lv.id == "worse-round")
    assert darts.spec(level).rounds
    async with opened(level, size, tmp_path) as (pilot, screen):
        await settled(pilot, lambda: not darts_misread(screen), seen=lambda: darts_misread(screen))
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        await settled(pilot, lambda: not darts_misread(screen), seen=lambda: darts_misread(screen))


@pytest.mark.parametrize("level_id", ["wind-and-wobble", "worse-round"])
async def test_the_help_of_a_board_says_what_its_mark_is(level_id: str, tmp_path: Path) -> None:
    """A board showed ✱ (✱✱✱ for darts side by side) and nothing on the screen or in its
    help said what it was: the help says a mark stands for darts in one cell or side by
    side, and that the table marks their numbers alike."""
    level = next(lv for lv in load_levels(SHIPPED) if lv.id == level_id)
    async with opened(level, (80, 24), tmp_path) as (pilot, _):
        app = pilot.app
        await pilot.press("question_mark")
        await settled(pilot, lambda: isinstance(app.screen, HelpScreen))
        said = " ".join(screen_text(app).split())  # (its lines wrapped)
        assert "side by side" in said and f"a letter ({STACK})" in said, said
        assert f"before their numbers ({STACK}2)" in said, said


@pytest.mark.parametrize("size", SIZES[:2], ids=IDS[:2])
async def test_fifty_throws_each_dart_on_the_board_has_its_row_in_the_table(size, tmp_path) -> None:
    """A level file of 50 throws at 80×24 listed throws 1 to 16, the latest cut off under
    the HUD, repeated four marks past eight darts and drew dart 12 as 2. The table lists
    the latest throws its rows hold (a row names the earlier ones: a plain mark on the
    board); the board numbers or marks those darts, each once, as the table does."""
    async with thirty_thrown(tmp_path, size) as (_, screen):
        table, listed = listed_throws(screen)
        assert listed and listed[-1] == 30, table  # the latest throw's row is on screen
        assert listed == list(range(listed[0], 31)), table
        if listed[0] > 1:
            assert f"earlier throws: 1 to {listed[0] - 1}" in table, table
        assert not darts_misread(screen), darts_misread(screen)


@asynccontextmanager
async def thirty_thrown(
    tmp_path: Path, size: tuple[int, int]
) -> AsyncIterator[tuple[Pilot[object], DartsScreen]]:
    """A level file of 50 throws (wind and wobble's), 30 of them thrown."""
    folder = tmp_path / "levels"
    folder.mkdir()
    toml = (SHIPPED / "22-wind-and-wobble.toml").read_text()
    (folder / "22-wind-and-wobble.toml").write_text(re.sub(r"throws = \d+", "throws = 50", toml))
    (level,) = load_levels(folder)
    made_predictions(tmp_path)
    app = make_app(folder, tmp_path, seed=3, start=level.id, all_open=True)
    async with app.run_test(size=size) as pilot:
        screen = await darts_thrown(pilot, 30)
        await settled(pilot, lambda: len(screen.state.landings) == 30 and not darts_misread(screen))
        yield pilot, screen


def listed_throws(screen: DartsScreen) -> tuple[str, list[int]]:
    """The throws table as shown, and the throws it has a row for, in order."""
    throws = screen.query_one("#throws", Static)
    table = "\n".join(str(throws.render()).splitlines()[: throws.content_size.height])
    return table, [int(n) for n in re.findall(rf"^\s*[{STACKS}]?(\d+) ", table, re.M)]


async def test_the_throws_before_the_table_s_rows_can_be_read_again(tmp_path) -> None:
    """At 80×24 thirty throws of a level file's fifty listed the latest thirteen, and
    throws 1 to 17 could not be read again. pgup moves the table back a page at a time to
    the first (and the bell rings there), pgdn on to the latest; the board numbers the darts
    the table lists, and a row names the later ones left out. (A throw a press took 28
    presses to reach the first: a page keeps one row of the page before in sight.)"""
    async with thirty_thrown(tmp_path, (80, 24)) as (pilot, screen):
        _, latest = listed_throws(screen)
        assert latest[0] > 1 and latest[-1] == 30
        await pilot.press("pageup")
        await settled(pilot, lambda: not darts_misread(screen), seen=lambda: darts_misread(screen))
        table, listed = listed_throws(screen)
        assert f"later throws: {listed[-1] + 1} to 30" in table
        assert listed[0] < latest[0] - 5 and listed[-1] >= latest[0]  # a page, one row kept
        await pilot.press(*["pageup"] * 30)
        await settled(pilot, lambda: not darts_misread(screen), seen=lambda: darts_misread(screen))
        table, listed = listed_throws(screen)
        assert listed == list(range(1, listed[-1] + 1)) and "earlier" not in table, table
        await pilot.press(*["pagedown"] * 30)
        await pilot.pause()
        assert listed_throws(screen)[1] == latest


async def test_the_wheel_over_the_throws_table_moves_it_as_pgup_and_pgdn_do(tmp_path) -> None:
    from textual import events

    async with thirty_thrown(tmp_path, (80, 24)) as (pilot, screen):
        _, latest = listed_throws(screen)
        table = screen.query_one("#throws", Static).region
        x, y = table.x + 4, table.y + 3

        async def wheel(kind: type[events.MouseScrollUp | events.MouseScrollDown]) -> None:
            event = kind(None, x, y, 0, 0, 0, False, False, False, screen_x=x, screen_y=y)
            event.set_sender(pilot.app)
            assert pilot.app._driver is not None
            pilot.app._driver.send_message(event)
            await pilot.pause()

        await wheel(events.MouseScrollUp)
        await settled(pilot, lambda: listed_throws(screen)[1][0] == latest[0] - 1)
        assert not darts_misread(screen), darts_misread(screen)
        await wheel(events.MouseScrollDown)
        await settled(pilot, lambda: listed_throws(screen)[1] == latest)


async def test_pgup_where_the_table_lists_every_throw_moves_nothing_later(tmp_path) -> None:
    """pgup where the table has a row for every throw rings the bell and moves nothing: it
    counted all the same, and the table opened moved back, unasked, as the screen shrank."""
    async with thirty_thrown(tmp_path, (120, 60)) as (pilot, screen):
        _, listed = listed_throws(screen)
        assert listed == list(range(1, 31))
        await pilot.press(*["pageup"] * 5)
        await pilot.resize_terminal(80, 24)
        await settled(pilot, lambda: not darts_misread(screen), seen=lambda: darts_misread(screen))
        await settled(pilot, lambda: listed_throws(screen)[1][0] > 1)
        table, listed = listed_throws(screen)
        assert listed[-1] == 30 and "later throws" not in table, table


async def test_drawing_the_board_leaves_the_table_where_pgup_moved_it(tmp_path) -> None:
    """Which throws the table lists was asked of a method that also moved the table (it
    kept its pages back within the throws as it answered): drawing changed what the keys
    move. Drawing now only reads it; a key press keeps it within the throws, so that pgdn
    after pgup past the first throw moves at once (a review)."""
    async with thirty_thrown(tmp_path, (80, 24)) as (pilot, screen):
        _, latest = listed_throws(screen)
        screen._back = 1000  # as many pages back as asked, past the first throw
        screen._show_board(screen.state)
        screen._show_table(screen.state)
        assert screen._back == 1000
        await pilot.pause()
        assert listed_throws(screen)[1][0] == 1  # shown from the first throw
        await pilot.press("pagedown")
        await settled(pilot, lambda: listed_throws(screen)[1][0] > 1)
        await pilot.press(*["pagedown"] * 10)
        await settled(pilot, lambda: listed_throws(screen)[1] == latest)
