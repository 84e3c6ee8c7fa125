"""Every dart board reads, at 80×24 and 120×40, before the win and beside its panel: its x
ruler, and a board of two axes its y ruler, carry five labels or more (0 and two each way,
a round step apart), and the throws and the HUD beside it show whole; the boards of "Which
round is worse?" too, where they are drawn. The tables' heads say their symbols in words."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from dartfit.app import make_app
from dartfit.dialogs.win import WinScreen
from dartfit.levels import Level, load_levels
from dartfit.pictures.board import STACKS
from dartfit.pictures.fit import CAPTION
from dartfit.pictures.round_squares import TALLEST
from dartfit.rules import darts
from dartfit.screens.darts import DartsScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.wording import num
from tests.conftest import SHIPPED, made_predictions
from tests.test_board_rulers import LABEL, rulers_read_cleanly, y_marks
from tests.test_chart_pictures import ruler_row
from tests.ui.keys import winning_keys
from tests.ui.test_hud_fits import SIZES, cut_lines
from tests.ui.typing import panel_shown, settled

DARTS = [lv for lv in load_levels(SHIPPED) if lv.spec.kind in ("darts", "darts-split")]


@asynccontextmanager
async def opened(
    level: Level, size: tuple[int, int], tmp_path: Path
) -> AsyncIterator[tuple[Pilot[None], LevelScreen]]:
    """`level` open at `size` (its prediction made): the pilot and the level's screen."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        assert isinstance(app.screen, LevelScreen)
        yield pilot, app.screen


def unread(screen: DartsScreen) -> list[str]:
    """What of the board's rulers, the throws or the HUD does not read (none: all does): a
    throw under the HUD too (at 80×24 beside the win panel a row of words over the heads
    pushed "Wind and a shaky hand"'s eighth throw under it)."""
    board = screen.query_one("#board", CanvasView)
    rows = list(board._rows)
    if len(rows) != board.size.height or not rows:
        return [f"the board is not drawn at its size {board.size}"]
    picture = "\n".join(text for text, _ in rows)
    xs = re.findall(LABEL, rows[ruler_row(rows)][0])
    found = [] if len(xs) >= 5 else [f"the x ruler reads {xs}\n{picture}"]
    if screen.spec.axes == 2:
        ys = sorted(y_marks(rows))
        found += [] if len(ys) >= 5 else [f"the y ruler reads {ys}\n{picture}"]
        if not found:
            rulers_read_cleanly(rows)  # evenly, a round step, right under the board
    throws, hud = screen.query_one("#throws").region, screen.query_one("#darts-hud").region
    if throws.overlaps(hud):  # docked at the column's foot, over the last throws
        found.append(f"the HUD at {hud} covers the throws at {throws}")
    return found + run_on(screen, ruler_row(rows)) + cut_lines(screen)


def run_on(screen: DartsScreen, ruler: int) -> list[str]:
    """Text on the screen's row of the board's x ruler, right of the board, with no rule
    between: the HUD had read "−6──…──4──6 aim x 0.00  y 0.00   darts left 5", its words
    run on from the ruler one space after its last label (none: the row is ruled off)."""
    board = screen.query_one("#board", CanvasView).region
    strips = list(screen.app.screen._compositor.render_strips())
    row = strips[board.y + ruler].text[board.right :]
    beside = row.lstrip()
    return [f"beside the x ruler, unruled: {row!r}"] if beside[:1] not in ("", "▏") else []


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 40), (200, 50)], ids=["80x24", "120x40", "200x50"]
)
@pytest.mark.parametrize("level", DARTS, ids=[lv.id for lv in DARTS])
async def test_every_dart_board_labels_its_rulers_before_and_beside_the_win(
    level: Level, size: tuple[int, int], tmp_path: Path
) -> None:
    """Won at 80×24, "Signs cancel" read −5 0 5, "A windy day" −4 0 4 and "Wind and a shaky
    hand" −5 0 5 on both rulers: the HUD under the board, the lines naming its shared
    cells over it and a blank row above and below its rings took the rows five labels
    need. The board has every row of the play area now, and the numbers every column it
    leaves. On the first levels (`HEADS`) the tables' heads are said in words too, in the
    same game (the test below, for the level that has no board)."""
    async with opened(level, size, tmp_path) as (pilot, screen):
        app = pilot.app
        assert isinstance(screen, DartsScreen)

        def playing() -> list[str]:
            unsaid = heads_unsaid(screen, level.id, Region()) if level.id in HEADS else []
            return unread(screen) + unsaid

        await settled(pilot, lambda: not playing(), seen=playing)
        for key in winning_keys(level):
            await pilot.press(key)
            if isinstance(app.screen, WinScreen):
                break
        await panel_shown(pilot)
        box = app.screen.query_one("#win-box")
        misses = list(darts.spec(level).rounds)

        def beside_the_panel() -> list[str]:  # laid out in the room the panel leaves, and read
            room = screen.query_one("#level-body").styles.padding
            moved = [] if room.right or room.bottom else ["not yet beside the panel"]
            if screen.query_one("#board").region.overlaps(box.region):
                moved.append(f"the board at {screen.query_one('#board').region} under the panel")
            unsaid = heads_unsaid(screen, level.id, box.region) if level.id in HEADS else []
            squares = squares_read(screen, misses) if misses and level.id in HEADS else []
            return moved + unread(screen) + unsaid + squares

        await settled(pilot, lambda: not beside_the_panel(), seen=beside_the_panel)


def boards_read(screen: LevelScreen) -> list[str]:
    """What of "Which round is worse?" does not read: a round's board drawn with fewer than
    five ruler labels, or not at its size; a line of its numbers cut."""
    found = []
    for board in screen.query(".round-board"):
        assert isinstance(board, CanvasView)
        if not board.display:
            continue
        rows = list(board._rows)
        if len(rows) != board.size.height or not rows:
            found.append(f"#{board.id} is not drawn at its size {board.size}")
            continue
        xs = re.findall(LABEL, rows[ruler_row(rows)][0])
        if len(xs) < 5:
            found.append(f"#{board.id}'s ruler reads {xs}")
    return found + cut_lines(screen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_each_rounds_darts_are_drawn_in_the_rows_its_numbers_leave(
    size: tuple[int, int], tmp_path: Path
) -> None:
    """At 80×24 "Which round is worse?" showed its two tables and eight empty rows under
    them. Each round's darts are drawn on a board there, its ruler −10 −5 0 5 10, the darts
    sharing the bull marked in the table as on the board; beside the win panel, where no
    such board fits, the tables whole (and each round's squares: the test below)."""
    level = next(lv for lv in load_levels(SHIPPED) if lv.id == "worse-round")
    async with opened(level, size, tmp_path) as (pilot, screen):
        boards = screen.query(".round-board")

        def drawn() -> bool:
            return len(boards) == 2 and all(b.display for b in boards) and not boards_read(screen)

        await settled(pilot, drawn, seen=lambda: boards_read(screen))
        table = str(screen.query_one("#round-0", Static).render())
        marked = [line.split()[0] for line in table.splitlines()[2:6]]
        c = STACKS[0]
        assert marked == ["1", f"{c}2", f"{c}3", f"{c}4"], table  # three darts in the bull
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        await settled(pilot, lambda: not boards_read(screen), seen=lambda: boards_read(screen))


def squares_read(screen: LevelScreen, misses: list[tuple[float, ...]]) -> list[str]:
    """What of the rounds' penalty squares does not read after the pick: a round's squares
    not drawn at their size, a square missing (one ┌ for each miss but 0), the areas under
    them not each miss's e² in throw order, no caption, or the largest round's picture not
    filling its rows (a blank row above the squares, no more, but where its square is as
    tall as it grows: TALLEST rows)."""
    found = []
    for k, round_misses in enumerate(misses):
        view = screen.query_one(f"#round-squares-{k}", CanvasView)
        rows = [text for text, _ in view._rows]
        if not view.display or len(rows) != view.size.height or not rows:
            found.append(f"#{view.id} is not drawn ({view.display}, {view.size})")
            continue
        picture = "\n".join(rows)
        if "".join(rows).count("┌") != sum(1 for e in round_misses if e):
            found.append(f"round {k}: not a square for each miss\n{picture}")
        if rows[-2].split() != [num(e * e) for e in round_misses]:
            found.append(f"round {k}: the areas read {rows[-2].split()}\n{picture}")
        if CAPTION not in rows[-1]:
            found.append(f"round {k}: no caption\n{picture}")
        largest = max(abs(e) for m in misses for e in m)
        blank = sum(1 for row in rows if not row.strip())
        tops = [r for r, row in enumerate(rows) if "┌" in row]
        side = max(r for r, row in enumerate(rows) if "└" in row) - tops[0] if tops else 0
        if largest in map(abs, round_misses) and blank > 1 and side < TALLEST:
            found.append(f"round {k}: {blank} blank rows\n{picture}")
    return found


@pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (120, 40)], ids=["80x24", "100x30", "120x40"]
)
async def test_each_rounds_squares_fill_the_rows_its_numbers_leave_after_the_pick(
    size: tuple[int, int], tmp_path: Path
) -> None:
    """Won at 80×24, "Which round is worse?" left seven rows empty under its tables, where
    no board fits beside the win panel. After the pick each round's penalty squares are
    drawn there (under its board, where both fit): round A's one square of side 10, its
    three hits 0, round B's four squares of side 2.5, on one scale, each area under its
    square, and what they make: the MSE, their mean area."""
    level = next(lv for lv in load_levels(SHIPPED) if lv.id == "worse-round")
    misses = list(darts.spec(level).rounds)
    async with opened(level, size, tmp_path) as (pilot, screen):
        app = pilot.app
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        box = app.screen.query_one("#win-box")

        def unread() -> list[str]:  # read, and clear of the panel once laid out beside it
            under = [
                f"#{view.id} at {view.region} is under the panel at {box.region}"
                for view in screen.query(".round-squares")
                if view.region.overlaps(box.region)
            ]
            return squares_read(screen, misses) + boards_read(screen) + under

        # (the squares read at once, drawn before the level made room for the panel: a
        # check of their place then, rather than once laid out, failed one run in two)
        await settled(pilot, lambda: not unread(), seen=unread)


HEADS = {
    "first-throw": ("#throws", [("miss", "e = y − ŷ"), ("square", "e²"), ("sum", "Σe")]),
    "signs-cancel": ("#throws", [("miss", "e = y − ŷ"), ("square", "e²"), ("sum", "Σe")]),
    "worse-round": (".round", [("miss", "e"), ("square", "e²")]),
}
"""Each early level's tables and their heads: a word, and the symbol it says (over it, or
before it on the head's row), on the first levels, where no lesson has said them yet."""
BOARDLESS = [name for name in HEADS if name not in {lv.id for lv in DARTS}]
"""The early levels without a dart board ("Which round is worse?"): the others' heads are
checked in the game that checks their boards (one game each, where there were two)."""


def heads_unsaid(screen: LevelScreen, level_id: str, covered: Region) -> list[str]:
    """What of the tables' heads shows a symbol without its word over or before it, on
    screen and clear of `covered` (the win panel), or shows no table whole."""
    selector, said = HEADS[level_id]
    found = cut_lines(screen)  # and every throw whole: the words took no throw's row
    for table in screen.query(selector):
        width, height = table.size
        rows = [strip.text for strip in table.render_lines(Region(0, 0, width, height))]
        if table.region.overlaps(covered) or not table.region.area:
            found.append(f"#{table.id} is not in sight at {table.region}")
            continue
        head = next((r for r, row in enumerate(rows) if " # " in f" {row} "), 0)
        for word, symbol in said:
            at = f" {rows[head]} ".find(f" {symbol} ")  # its own head (not Σe's e)
            before = f" {rows[head][:at]}".endswith(f" {word} ")
            above = rows[head - 1] if head else ""
            over = any(  # a word in the row above that shares a column with the symbol
                m.start() < at + len(symbol) and at < m.end()
                for m in re.finditer(rf"\b{word}\b", above)
            )
            if at < 0 or not (before or over):
                found.append(f"#{table.id}: {symbol} without {word}\n" + "\n".join(rows))
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("level_id", BOARDLESS)
async def test_the_first_tables_say_their_heads_in_words_before_and_beside_the_win(
    level_id: str, size: tuple[int, int], tmp_path: Path
) -> None:
    """The throws' heads e = y − ŷ, e² and Σe, and the rounds' e², stood alone on the first
    three levels, before any lesson says them: a row of words under the heads pushed the
    last throw out of the table beside the win panel at 120×40. Each is said in words on its
    head's row or over it, at every size, while playing and beside the win panel, with
    every throw and square in sight. (The dart boards' levels are checked so in the game of
    the test above: one game each, not two.)"""
    level = next(lv for lv in load_levels(SHIPPED) if lv.id == level_id)
    async with opened(level, size, tmp_path) as (pilot, screen):
        app = pilot.app

        def playing() -> list[str]:
            return heads_unsaid(screen, level_id, Region())

        await settled(pilot, lambda: not playing(), seen=playing)
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        box = app.screen.query_one("#win-box").region
        misses = list(darts.spec(level).rounds)

        def beside() -> list[str]:  # laid out in the room the panel leaves, and said
            room = screen.query_one("#level-body").styles.padding
            squares = squares_read(screen, misses) if misses else []
            moved = [] if room.right or room.bottom else ["not yet beside the panel"]
            return moved + heads_unsaid(screen, level_id, box) + squares

        await settled(pilot, lambda: not beside(), seen=beside)


@pytest.mark.parametrize("aim", [(), ("right", "right")], ids=["at the bull", "off it"])
async def test_signs_cancels_win_says_the_sum_its_table_ended_at(
    aim: tuple[str, ...], tmp_path: Path
) -> None:
    """Its win said the running sum of signed misses "fell back to about 0" over a round
    aimed off the bull, whose table ended at Σe −6.000: it now says where the sum ended,
    as the table shows it, and what aiming at the bull does."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start="signs-cancel")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, DartsScreen))
        screen = app.screen
        assert isinstance(screen, DartsScreen)
        await pilot.press(*aim, *["space"] * darts.spec(screen.level).throws)
        await panel_shown(pilot)
        said = " ".join(str(app.screen.query_one("#win-text", Static).render()).split())
        table = str(screen.query_one("ThrowsTable", Static).render()).splitlines()
        ended = table[-1].split()[-2]  # the last throw's Σe, before its MSE
        assert f"ended at Σe = {ended}." in said, (said, table[-1])
        assert (ended == "0.000") == (not aim) and "fell back" not in said


async def test_a_board_made_small_and_back_is_laid_out_as_a_fresh_one(tmp_path: Path) -> None:
    """The numbers beside the board take every column it leaves, worked out once a size of
    the play area. A window made small (the size notice up, the throws under the board, the
    stylesheet's width) and back to that size kept the stylesheet's 47 columns: at 80×24 the
    board stood two columns wider than a fresh start's, and its HUD wrapped more."""
    level = next(lv for lv in DARTS if lv.id == "first-throw")
    async with opened(level, (80, 24), tmp_path) as (pilot, screen):
        board, side = screen.query_one("#board"), screen.query_one("#darts-side")
        await settled(pilot, lambda: board.size.width > 0)
        fresh = board.region, side.region
        await pilot.resize_terminal(60, 20)
        await settled(pilot, lambda: screen.has_class("-stacked"))
        await pilot.resize_terminal(80, 24)

        def as_fresh() -> bool:
            return pilot.app.screen is screen and (board.region, side.region) == fresh

        await settled(pilot, as_fresh, seen=lambda: (board.region, side.region, fresh))
