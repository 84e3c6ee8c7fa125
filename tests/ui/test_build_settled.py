"""A level's build leaves the garbage collector's young generations after its first frame:
left there, the first collection of the middle generation went over all of it during a
nudge a dozen keys into the level (8 ms of CPU, twice its neighbours' at 120×40). And a
level left is collected as it closes: its objects (9,700 of them) had waited for the
middle generation's next pass, which fell in the level list's first layout when the game
was started at a level, its longest stall (8-10 ms of about 100)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from dartfit.app import make_app
from dartfit.screens.fit import FitScreen
from dartfit.screens.level_select import LevelSelectScreen
from tests.conftest import SHIPPED
from tests.ui.typing import settled


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generation of each collection that starts, with only those asked for running
    (none by the count of objects)."""
    collected: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collected.append(info["generation"])

    was_enabled = gc.isenabled()
    gc.disable()
    gc.callbacks.append(seen)
    try:
        yield collected
    finally:
        gc.callbacks.remove(seen)
        if was_enabled:
            gc.enable()


@asynccontextmanager
async def _playing(folder: Path) -> AsyncIterator[Pilot[Any]]:
    """A game started at a line level, at 120×40, once the level shows."""
    app = make_app(SHIPPED, folder, seed=3, start="first-line")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await pilot.pause()
        assert isinstance(app.screen, FitScreen)
        yield pilot


async def test_a_level_collects_its_build_out_of_the_young_generations_once(
    tmp_path: Path, collections: list[int]
) -> None:
    async with _playing(tmp_path) as pilot:
        # the build, out of the young: once the first frame is out (FRAME_OUT after it)
        await settled(pilot, lambda: [g for g in collections if g >= 1] != [])
        collections.clear()
        for key in ["right", "up", "left"]:
            await pilot.press(key)
            await pilot.pause()
        assert collections == []  # once a level, not at each nudge


async def test_the_level_left_is_collected_as_it_closes(
    tmp_path: Path, collections: list[int]
) -> None:
    async with _playing(tmp_path) as pilot:
        await settled(pilot, lambda: [g for g in collections if g >= 1] != [])
        collections.clear()  # the level's own settling after its first frame
        pilot.app.screen.dismiss(None)
        for _ in range(5):
            await pilot.pause()
        assert isinstance(pilot.app.screen, LevelSelectScreen)  # the list, built as it closed
        assert [g for g in collections if g >= 1] != []
