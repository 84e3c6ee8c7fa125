"""Every mark on a darts board is named on the screen, on every darts level, at 80×24 and
120×40, in colour and under NO_COLOR: the bull's ◎ (at 120×40 "Wind and a shaky hand"
named it nowhere), the aim's ┼, each letter of darts that share a cell or sit side by side
(the throws table's rows name their darts, and the note under the board or beside it names
every letter) and an older dart's ·. And each letter marks one cell: at 80×24 three cells
read "C" for four darts, and nothing said which held which.
And the HUD names ◎ and ┼ only where the board draws them (it said "◎ bull" under the aim's
┼, and under darts' letters), at 110×30 too, the layout settled as the words come and go."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from itertools import product
from pathlib import Path

import pytest
from textual.pilot import Pilot

from dartfit.app import make_app
from dartfit.dialogs.win import WinScreen
from dartfit.levels import load_levels
from dartfit.pictures.board import AIM, BULL, NAMED_MARKS, OLDER
from dartfit.pictures.raster import ink
from dartfit.rules import darts
from dartfit.screens.darts import DartsScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.prose import Prose
from tests.conftest import SHIPPED, made_predictions
from tests.test_dart_clusters import letters_named
from tests.ui.keys import winning_keys
from tests.ui.test_darts_idle import layouts_asked
from tests.ui.typing import darts_thrown, panel_shown, settled

LEVELS = ["first-throw", "signs-cancel", "windy", "wind-and-wobble"]
SIZES = [(80, 24), (120, 40)]
NAMED_BY_GLYPH = {"bull": BULL, "aim": AIM, "dart-old": OLDER}
"""The marks the HUD or the table names by their glyph (the aim's arms, ─ and │, are its
cross's: named with it)."""


def unnamed(screen: DartsScreen) -> list[str]:
    """The marks on the board that nothing beside it names (none: each is said)."""
    board = screen.query_one("#board", CanvasView)
    hud = screen.query_one("#darts-hud", Prose)._text
    table = str(screen.query_one("#throws").render())
    words = "\n".join(  # the words under the board's ruler, or over its rings
        "".join(t[c] for c in range(len(t)) if ink(s[c]) == "axis") for t, s in board._rows
    )
    beside = "\n".join((hud, table, words))
    found = []
    cells = [(t[c], ink(s[c])) for t, s in board._rows for c in range(len(t))]
    for char, style in set(cells):
        if style in NAMED_BY_GLYPH and char == NAMED_BY_GLYPH[style] and char not in beside:
            found.append(f"{char} ({style})")
        if style == "dart-stack" and not re.search(rf"(?m)^\s*{char}\d", table):
            found.append(f"{char}: no row of the table")
    letters = [char for char, style in cells if style == "dart-stack"]
    found += [f"{c} on {letters.count(c)} cells" for c in set(letters) if letters.count(c) > 1]
    note = "\n".join((words, hud.partition("On the board,")[2]))  # under it, or beside it
    found += [f"{c}: not in the note {note!r}" for c in sorted(set(letters) - letters_named(note))]
    return found


Case = tuple[str, tuple[int, int], bool]
"""A darts level, the terminal's size, and whether under NO_COLOR."""


def cases(sizes: list[tuple[int, int]]) -> pytest.MarkDecorator:
    """Every darts level at each of `sizes`, in colour and under NO_COLOR."""
    ids = [f"{lv}-{w}x{h}-{c}" for lv in LEVELS for w, h in sizes for c in ("colour", "NO_COLOR")]
    return pytest.mark.parametrize("case", list(product(LEVELS, sizes, (False, True))), ids=ids)


@asynccontextmanager
async def opened(
    case: Case, tmp_path: Path, mp: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Pilot[None], DartsScreen]]:
    """The case's darts level open at its size, in its colours: the pilot and the screen."""
    level_id, size, no_colour = case
    if no_colour:
        mp.setenv("NO_COLOR", "1")
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1, start=level_id)
    async with app.run_test(size=size) as pilot:
        yield pilot, await darts_thrown(pilot, 0)


@cases(SIZES)
async def test_every_mark_on_the_board_is_named_beside_it(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with opened(case, tmp_path, monkeypatch) as (pilot, screen):
        throws = darts.spec(screen.level).throws
        await pilot.press("left", "left", "up")  # the aim off the bull: both seen
        board = screen.query_one("#board", CanvasView)
        await settled(pilot, lambda: AIM in board.text() and BULL in board.text())
        for _ in range(throws + 1):
            await settled(pilot, lambda: not unnamed(screen), seen=lambda: unnamed(screen))
            await pilot.press("space")  # (the last after the round: its win or its end)


def misnamed(screen: DartsScreen) -> list[str]:
    """The marks of `NAMED_MARKS` the HUD names and the board does not draw, or the other way
    (none: it names what is drawn, no more)."""
    board = screen.query_one("#board", CanvasView).text()
    hud = screen.query_one("#darts-hud", Prose)._text
    return [
        f"{m} drawn {m in board}, named {m in hud}: {hud!r}"
        for m in NAMED_MARKS
        if (m in board) != (m in hud)
    ]


THREE_SIZES = [*SIZES[:1], (110, 30), *SIZES[1:]]


@cases(THREE_SIZES)
async def test_the_hud_names_the_bull_and_the_aim_only_where_the_board_draws_them(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The HUD said "◎ bull" where the aim's ┼ hid it (every level as it opens) and where a
    dart's letter covered it (windy won at 80×24 and 110×30): it names ◎ and ┼ exactly when
    the board draws them, as the round opens, after each throw and once won. And the words
    coming and going leave the layout as it is: arranged again, nothing asks for a layout
    (sized by what it says, the HUD would change the board, which changes what it says)."""
    level = next(lv for lv in load_levels(SHIPPED) if lv.id == case[0])
    keys, throws = winning_keys(level), darts.spec(level).throws
    async with opened(case, tmp_path, monkeypatch) as (pilot, screen):
        board = screen.query_one("#board", CanvasView)
        await settled(pilot, lambda: AIM in board.text())  # on the bull, as it opens
        parts = [screen.query_one(f"#{name}") for name in ("throws", "darts-side", "darts-hud")]
        steps = [[], keys[:-throws], *[["space"]] * throws]  # opened, aimed, each throw
        for k, step in enumerate(steps, 1):
            await pilot.press(*step)
            if k == len(steps):  # won: read beside the panel once it shows (laid out in the
                await panel_shown(pilot)  # room it leaves), not while it is being placed
            await settled(pilot, lambda: not misnamed(screen), seen=lambda: misnamed(screen))
            asked = layouts_asked(parts, monkeypatch)
            screen._arranged(screen)
            assert asked == [], (step, asked)
            monkeypatch.undo()
        assert isinstance(pilot.app.screen, WinScreen)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_which_round_is_worse_names_the_bull_of_each_board(
    size: tuple[int, int], tmp_path: Path
) -> None:
    """ "Which round is worse?" drew ◎ on round B's board and named it nowhere; and each
    round names it only where its board draws it: not over squares alone, won at 80×24,
    nor where a dart's letter covers it (round A at 120×40)."""
    from textual.widgets import Static

    from dartfit.screens.compare import CompareScreen

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1, start="worse-round")
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, CompareScreen))
        screen = app.screen
        boards = [screen.query_one(f"#round-board-{k}", CanvasView) for k in (0, 1)]
        await settled(pilot, lambda: any(BULL in b.text() for b in boards if b.display))
        for pick in ([], ["a"]):  # as it opens, then won
            await pilot.press(*pick)
            await pilot.pause()
            for k, board in enumerate(boards):
                said = str(screen.query_one(f"#round-{k}", Static).render())
                drawn = board.display and BULL in board.text()
                assert drawn == (BULL in said), (pick, k, said)


WON_SIZES = [(80, 24), (120, 40), (200, 50)]


@pytest.mark.parametrize("size", WON_SIZES, ids=[f"{w}x{h}" for w, h in WON_SIZES])
@pytest.mark.parametrize("level_id", LEVELS)
async def test_every_letter_on_the_won_board_is_named_in_its_note(
    level_id: str, size: tuple[int, int], tmp_path: Path
) -> None:
    """ "Wind and a shaky hand" won at 80×24 drew "FCD" and "E" on its board, and the note
    under it said "D: darts 3,4; E: 2,5,8": a student reading the board could not tell
    what C or F were (only the throws table's rows C1 and F7 beside it said). Won, on
    every darts level, at 80×24, 120×40 and 200×50: each letter on the board is named in
    the note under it (or beside it, in the HUD), with its darts or in a run of letters
    left to the table."""
    level = next(lv for lv in load_levels(SHIPPED) if lv.id == level_id)
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=1, start=level_id)
    async with app.run_test(size=size) as pilot:
        screen = await darts_thrown(pilot, 0)
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        await settled(pilot, lambda: not unnamed(screen), seen=lambda: unnamed(screen))
        assert isinstance(pilot.app.screen, WinScreen)
        if (level_id, size) == ("wind-and-wobble", (80, 24)):  # the round the issue saw
            assert "FCD" in screen.query_one("#board", CanvasView).text()
