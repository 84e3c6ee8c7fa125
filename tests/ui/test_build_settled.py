"""A level's build leaves the garbage collector's young generations after its first frame:
left there, the first collection of the middle generation went over all of it during a
nudge a dozen keys into the level (8 ms of CPU, twice its neighbours' at 120×40)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from dartfit.app import make_app
from dartfit.screens.fit import FitScreen
from tests.conftest import SHIPPED


async def test_a_level_collects_its_build_out_of_the_young_generations_once(
    tmp_path: Path,
) -> None:
    collected: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collected.append(info["generation"])

    app = make_app(SHIPPED, tmp_path, seed=3, start="first-line")
    was_enabled = gc.isenabled()
    gc.disable()  # only the collections asked for run, none by the count of objects
    gc.callbacks.append(seen)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(3):
                await pilot.pause()
            assert isinstance(app.screen, FitScreen)
            assert [g for g in collected if g >= 1] != []  # the build, out of the young
            collected.clear()
            for key in ["right", "up", "left"]:
                await pilot.press(key)
                await pilot.pause()
            assert collected == []  # once a level, not at each nudge
    finally:
        gc.callbacks.remove(seen)
        if was_enabled:
            gc.enable()
