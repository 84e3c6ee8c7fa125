"""Several checks of one game: a game played once (a level won, a run blown up) serves every
check that reads it, where each had started, played and ended a game of its own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence


async def each_check(
    where: str, checks: Sequence[Callable[..., Awaitable[None]]], *game: object
) -> None:
    """Run every check on `game` (what each takes: the pilot, the level, the screen…) in
    turn, and fail once at the end with every check that failed, each named with `where`
    (the game: its level, its size) and the check's own name. Checks that only read go
    first; a check that changes the game (a key pressed) goes after those it would upset."""
    failed: list[str] = []
    for check in checks:
        try:
            await check(*game)
        except AssertionError as error:
            failed.append(f"{where}, {check.__name__}: {error}")
    assert not failed, "\n\n".join(failed)
