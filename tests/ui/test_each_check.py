"""`each_check` runs every check of a game and fails naming each one that failed."""

from __future__ import annotations

import pytest

from tests.ui.checks import each_check


async def test_every_check_runs_and_each_failure_is_named_with_the_game() -> None:
    ran: list[str] = []

    async def reads_well(game: str) -> None:
        ran.append(f"well {game}")

    async def reads_wrong(game: str) -> None:
        ran.append(f"wrong {game}")
        assert game == "another", "not the game it expected"

    async def reads_after(game: str) -> None:
        ran.append(f"after {game}")

    with pytest.raises(AssertionError) as failed:
        await each_check("first-line won at 80×24", [reads_well, reads_wrong, reads_after], "g")
    assert ran == ["well g", "wrong g", "after g"]  # a failure stops no check after it
    said = str(failed.value)
    assert "first-line won at 80×24, reads_wrong: not the game it expected" in said
    assert "reads_well" not in said and "reads_after" not in said
    await each_check("all well", [reads_well, reads_after], "h")  # no failure: no error
