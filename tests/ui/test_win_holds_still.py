"""The frame that first shows the win panel is the one the player keeps seeing: the level
beside it is laid out in the room the panel leaves before the panel shows, and nothing
under it moves in the frames after (on the darts levels at 80×24 the board slid two
columns and the HUD a row, a frame after the panel showed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region

from dartfit.app import make_app
from dartfit.dialogs import win
from dartfit.dialogs.win import WinScreen
from dartfit.levels import Level, load_levels
from dartfit.screens.level_base import LevelScreen
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.typing import panel_shown

ONE_OF_EACH = list({level.spec.kind: level for level in reversed(load_levels(SHIPPED))}.values())
"""The first level of each kind."""


def _regions(level: LevelScreen) -> dict[str, Region]:
    """Where each part of the level is, by its place in the tree."""
    return {f"{i} {type(w).__name__}#{w.id}": w.region for i, w in enumerate(level.query("*"))}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("level", ONE_OF_EACH, ids=lambda level: level.id)
async def test_nothing_moves_under_the_win_panel_once_it_shows(
    level: Level, size: tuple[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part of the level stands where it stood as the panel showed, frames later; and
    the panel shows because the level says it is laid out, never for want of that."""
    made_predictions(tmp_path)
    seen: list[dict[str, Region]] = []
    placed = WinScreen._placed

    def showing(panel: WinScreen) -> None:
        below = panel.app.screen_stack[-2]
        if panel.has_class("-placing") and isinstance(below, LevelScreen):
            seen.append(_regions(below))
        placed(panel)

    monkeypatch.setattr(WinScreen, "_placed", showing)
    monkeypatch.setattr(win, "PLACING", 3600.0)  # no showing it when the wait runs out
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level.id, seed=3)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        for _ in range(6):
            await pilot.pause(0.05)
        below = app.screen_stack[-2]
        assert isinstance(below, LevelScreen)
        now = _regions(below)
        assert [seen[0]] == [now], [k for k in now if seen[0].get(k) != now[k]]
