"""A key at its limit says why it did nothing, with one bell however long it is held: "δ
larger" on δ's top rung (huber starts there: the HUD read "rung 20 of 20"), c with the
aim on the bullseye, an arrow with the aim at the board's edge, the degree past its ends,
σ at its least, the auto-solver's speed past its ends and a step once it has finished.
Each did nothing and said nothing (the darts table's ends rang the bell without a word),
and u's "Nothing to undo." rang and toasted once a press."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.ui.test_screens import play
from tests.ui.test_undo_keys import messages
from tests.ui.typing import settled, solver_opened

HELD = 8  # presses past the limit: a key held a moment


async def _at_limit(pilot, keys: list[str], said) -> None:
    """Press `keys`, the last HELD of them past the limit (and perhaps more before): they
    move nothing; one bell in all, and the words said (`said()` counts them) once."""
    screen = pilot.app.screen
    rings: list[None] = []
    pilot.app.bell = lambda: rings.append(None)
    await pilot.press(*keys[:-HELD])
    before = screen.state
    await pilot.press(*keys[-HELD:])
    await pilot.pause()
    assert screen.state == before  # nothing moved
    assert said() == 1
    assert len(rings) == 1  # one bell, not one a press


@pytest.mark.parametrize(
    ("level_id", "key", "why"),
    [
        ("huber", "right", "δ is on its top rung."),
        ("first-throw", "c", "The aim is on the bullseye already."),
        ("first-throw", "left", "The aim is at the edge."),
        ("degree", "left", "Degree 0 is the lowest here."),
        ("degree", "right", "is the highest here."),
        ("likely-line", "left_square_bracket", "is the smallest here."),
        ("first-line", "u", "Nothing to undo."),
    ],
)
async def test_a_key_at_its_limit_says_why_once_with_one_bell(
    level_id: str, key: str, why: str, tmp_path: Path
) -> None:
    async with play(level_id, tmp_path) as pilot:
        screen = pilot.app.screen
        reach = 30  # presses that take any of these to its limit
        if level_id == "first-throw" and key == "left":
            reach = math.ceil(screen.radius / screen.step) + 1
        await _at_limit(
            pilot, [key] * (reach + HELD), lambda: sum(why in m for m in messages(pilot.app))
        )


@pytest.mark.parametrize(
    ("keys", "why"),
    [
        (["plus"] * 10, "200 steps a tick is the most here."),
        (["minus"] * 10, "1 step a tick is the fewest here."),
    ],
)
async def test_the_solver_says_its_limits_in_its_status_once(keys, why, tmp_path: Path) -> None:
    async with play("first-line", tmp_path) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        await _at_limit(pilot, keys + [keys[0]] * HELD, lambda: int(screen.note == why))


async def test_a_step_after_the_solver_has_finished_says_so(tmp_path: Path) -> None:
    async with play("first-line", tmp_path) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        await pilot.press("space")
        await settled(pilot, lambda: screen.state.finished, most=60)
        screen.note = ""
        await _at_limit(
            pilot,
            ["n"] * (HELD + 1),
            lambda: int(screen.note.startswith("Finished: r starts again")),
        )
