"""A screen left alone does nothing: no layout after layout, no CPU. The darts' HUD was set
after every layout of its screen, and each setting laid the screen out again: the game
burnt 30 % of a core while it waited for a key, and 25 times its CPU under a flood of keys
(the flood tests in a terminal, red on this change)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen

from dartfit.app import make_app
from dartfit.screens.level_base import LevelScreen
from tests.conftest import SHIPPED, made_predictions
from tests.ui.test_wide_hud import KINDS
from tests.ui.typing import settled

PAUSES = 10
"""Pauses of a screen left alone counted: each lets the app run until it is idle."""


@pytest.mark.parametrize("level_id", KINDS)
async def test_a_level_left_alone_is_not_laid_out_again(level_id: str, tmp_path: Path) -> None:
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        for key in ("space", "right"):  # a throw or a nudge: the screen shows a new state
            await pilot.press(key)
        for _ in range(5):  # what the key and the first frames set going
            await pilot.pause()
        laid_out: list[Screen[object]] = []
        screen.screen_layout_refresh_signal.subscribe(screen, laid_out.append)
        for _ in range(PAUSES):
            await pilot.pause()
        assert len(laid_out) <= 1, f"laid out {len(laid_out)} times in {PAUSES} idle pauses"
