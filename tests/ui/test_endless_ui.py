"""Endless play as a player meets it: locked until the campaign is won, a run of puzzles
won one after another with the best streak kept, a share code on every win panel, and a
puzzle opened by its code."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList

from dartfit.app import make_app
from dartfit.endless import code_of
from dartfit.levels import load_levels
from dartfit.progress import LevelResult, Progress, ProgressStore
from dartfit.screens.level_base import LevelScreen
from dartfit.screens.level_select import LevelSelectScreen
from tests.conftest import SHIPPED
from tests.ui.keys import winning_keys
from tests.ui.typing import panel_shown, settled

LEVELS = load_levels(SHIPPED)


def campaign_won(folder: Path) -> None:
    progress = Progress()
    for level in LEVELS:
        progress = progress.record(level.id, LevelResult(completed=True, stars=3))
    ProgressStore.in_folder(folder).save(progress)


async def test_endless_is_locked_until_the_campaign_is_won(tmp_path: Path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        rows = app.screen.query_one(OptionList)
        for option_id in ("endless:daily", "endless:free"):
            row = rows.get_option(option_id)
            assert row.disabled and "win all levels first" in str(row.prompt)


async def test_a_run_deals_puzzle_after_puzzle_and_keeps_the_best_streak(tmp_path: Path) -> None:
    campaign_won(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, seed=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        rows = app.screen.query_one(OptionList)
        rows.highlighted = rows.get_option_index("endless:free")
        await pilot.press("enter")
        codes: list[str] = []
        screen = None  # the puzzle before: on top for a moment after enter on its panel
        for _ in range(3):
            await settled(
                pilot, lambda s=screen: isinstance(app.screen, LevelScreen) and app.screen is not s
            )
            screen = app.screen
            assert isinstance(screen, LevelScreen) and screen.share_code is not None
            codes.append(screen.share_code)
            await pilot.press(*winning_keys(screen.level))
            await panel_shown(pilot)
            panel = " ".join(str(app.screen.query_one("#win-shown").render()).split())
            assert f"dartfit play --code {screen.share_code}" in panel
            keys = " ".join(str(app.screen.query_one("#win-keys").render()).split())
            assert "enter next puzzle" in keys
            await pilot.press("enter")  # the next puzzle
        await settled(
            pilot, lambda s=screen: isinstance(app.screen, LevelScreen) and app.screen is not s
        )
        assert len(set(codes)) == 3
        await pilot.press("escape")  # leaving a puzzle unwon ends the run
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        assert any("3 won in a row" in str(n.message) for n in app._notifications)
        row = app.screen.query_one(OptionList).get_option("endless:free")
        assert "best 3 in a row" in str(row.prompt)
    saved = json.loads((tmp_path / "progress.json").read_text())["levels"]
    assert saved["endless"]["best_score"] == 3


async def test_a_share_code_opens_its_puzzle_and_then_the_level_list(tmp_path: Path) -> None:
    code = code_of(1, 99)  # an outlier under MAE
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, code=code)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        assert isinstance(screen, LevelScreen) and code in screen.level.spec.title
        await pilot.press(*winning_keys(screen.level))
        await panel_shown(pilot)
        await pilot.press("enter")  # finish: one puzzle, then the game's own screens
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        assert isinstance(app.screen, LevelSelectScreen)
    saved = (
        json.loads((tmp_path / "progress.json").read_text())
        if (tmp_path / "progress.json").exists()
        else {}
    )
    assert "endless" not in saved.get("levels", {})  # a single puzzle is no run
