"""The undo key answers everywhere: it takes a move back, or rings the bell and says there
is nothing to undo; on the win panel it closes the panel and takes the last move back."""

from __future__ import annotations

from pathlib import Path

import pytest

from dartfit.dialogs.help import key_groups
from dartfit.rules import points
from dartfit.screens.level_base import LevelScreen
from tests.ui.keys import winning_keys
from tests.ui.test_screens import LEVELS, play
from tests.ui.typing import panel_shown, settled


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize(
    "level_id", ["first-line", "pull", "costliest", "first-throw", "bowl", "degree"]
)
async def test_u_with_nothing_to_undo_rings_the_bell_and_says_so(
    level_id: str, tmp_path: Path
) -> None:
    async with play(level_id, tmp_path) as pilot:
        rings: list[None] = []
        pilot.app.bell = lambda: rings.append(None)
        await pilot.press("u")
        await pilot.pause()
        assert rings and "Nothing to undo." in messages(pilot.app)


async def test_u_on_the_win_panel_closes_it_and_takes_the_last_move_back(
    tmp_path: Path,
) -> None:
    level = next(lv for lv in LEVELS if lv.id == "first-line")
    keys = winning_keys(level)
    async with play("first-line", tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, LevelScreen)
        await pilot.press(*keys)
        await panel_shown(pilot)
        previous = screen.state.previous
        assert previous is not None
        before = (previous.m, previous.b)
        await pilot.press("u")
        await settled(pilot, lambda: pilot.app.screen is screen)
        assert (screen.state.m, screen.state.b) == before
        assert not screen.winning


async def test_the_help_lists_undo_only_where_a_move_can_be_taken_back(tmp_path: Path) -> None:
    """ "The costliest point" is a points level on which nothing moves (a point is picked):
    its footer and help offered u Undo, which could only ever say "Nothing to undo."."""
    from dartfit.widgets.footer import KeyFooter

    for level_id, listed in (
        ("first-line", True),
        ("pull", True),
        ("first-throw", False),
        ("costliest", False),
    ):
        async with play(level_id, tmp_path) as pilot:
            keys = [row.keys for group in key_groups(pilot.app.screen) for row in group.rows]
            assert (("u",) in keys) == listed, level_id
            footer = pilot.app.screen.query_one(KeyFooter)
            assert any(entry.key == "u" for entry in footer.entries) == listed, level_id


async def test_an_undo_after_the_best_line_is_shown_keeps_it_shown(tmp_path: Path) -> None:
    """↑, o and y show the best line (at a cost in stars); u took the showing back with the
    move before it, so the best line was read for nothing (a review)."""
    async with play("first-line", tmp_path) as pilot:
        screen = pilot.app.screen
        await pilot.press("up", "o")
        await settled(pilot, lambda: pilot.app.screen is not screen)
        await pilot.press("y")
        await settled(pilot, lambda: pilot.app.screen is screen and screen.state.revealed)
        await pilot.press("u")
        await pilot.pause()
        assert screen.state.revealed and screen.state.lift == 0


async def test_undo_takes_back_every_move_on_a_point_pressed_past_its_limit(
    tmp_path: Path,
) -> None:
    """A point pressed at its limit again and again (past the win, played on with k), then
    u until nothing is left: the point comes home and u says there is nothing to undo (it
    stuck at the limit)."""
    async with play("pull", tmp_path) as pilot:
        screen = pilot.app.screen
        home = screen.state.y
        for _ in range(60):
            await pilot.press("down")
            if pilot.app.screen is not screen:  # won on the way: k plays on
                await panel_shown(pilot)
                await pilot.press("k")
                await settled(pilot, lambda: pilot.app.screen is screen)
        lo, _ = points.point_limits(screen.level)
        assert screen.state.y[screen.state.selected] == lo  # pressed at its limit
        rings: list[None] = []
        pilot.app.bell = lambda: rings.append(None)
        await pilot.press(*["u"] * 61)
        await pilot.pause()
        assert screen.state.y == home and rings
