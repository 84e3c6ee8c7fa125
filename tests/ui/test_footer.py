"""The footer of a level at 80×24 shows the keys that level depends on: its kind's own keys
come first, and every level's keys (back, hint, reset, lesson, help) after them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.levels import load_levels
from dartfit.rules import fit
from dartfit.screens.fit import FitScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.widgets.footer import HidesKeys, KeyFooter
from tests.conftest import SHIPPED, made_predictions
from tests.ui.typing import panel_shown, settled

LEVELS = load_levels(SHIPPED)
EVERY_LEVEL = {b.action for b in LevelScreen.BINDINGS if not isinstance(b, tuple) and b.show}


def own_actions(screen: LevelScreen) -> set[str]:
    """The actions of the keys the screen's kind binds and shows in a footer."""
    return {
        active.binding.action
        for active in screen.active_bindings.values()
        if active.node is screen
        and active.binding.show
        and (not isinstance(screen, HidesKeys) or screen.key_shown(active.binding))
        and active.binding.action not in EVERY_LEVEL
    }


def own_keys_cut(screen: LevelScreen) -> set[str]:
    """The level's own keys (its kind's, not every level's) that the footer does not show
    left of `^p palette`: checked at 80×24 for every level with its HUD in test_hud_fits."""
    footer = screen.query_one(KeyFooter)
    assert footer.palette is not None and footer.palette.action == "command_palette"
    shown = {entry.action for entry in footer.entries if entry.end <= footer.palette_start()}
    wanted = own_actions(screen)
    assert wanted, "a level kind with no keys of its own in the footer"
    return wanted - shown


async def footer_of(level_id: str, tmp_path: Path) -> tuple[list[str], list[str]]:
    """The footer's keys (as shown) with their descriptions, and its group labels."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        footer = app.screen.query_one(KeyFooter)
        await settled(pilot, lambda: bool(footer.entries))
        await pilot.pause()
        keys = [f"{e.key_display} {e.description}".strip() for e in footer.entries]
        groups = list(dict.fromkeys(e.group for e in footer.entries if e.group))
        return keys, groups


async def test_a_line_level_shows_its_arrows_in_the_footer_grouped_by_what_they_move(
    tmp_path: Path,
) -> None:
    keys, groups = await footer_of("first-line", tmp_path)
    assert keys[:4] == ["←", "→", "↑", "↓"] and groups[:2] == ["m", "b"]


async def test_a_pull_level_shows_move_point_and_no_pick(tmp_path: Path) -> None:
    keys, groups = await footer_of("pull", tmp_path)
    assert "↑" in keys and "↓" in keys and "move point" in groups
    assert not any(k.endswith("Pick") for k in keys)


async def test_a_which_point_level_shows_pick_and_no_move(tmp_path: Path) -> None:
    keys, groups = await footer_of("costliest", tmp_path)
    assert "⏎ Pick" in keys and "↑" not in keys and "move point" not in groups


@pytest.mark.parametrize("level_id", ["mean-guess", "median-guess"])
async def test_a_constant_offers_no_slope_keys_and_a_key_that_moves_nothing_is_not_counted(
    level_id: str, tmp_path: Path
) -> None:
    keys, groups = await footer_of(level_id, tmp_path)
    assert "←" not in keys and "→" not in keys and "m" not in groups and groups[0] == "b"
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level_id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, FitScreen) and screen.state is not None
        start = screen.state
        await pilot.press("right", "shift+left", "left")  # ŷ = b has no slope to turn
        assert screen.state is start and screen.state.presses == 0
        await pilot.press("up")
        assert screen.state.presses == 1
    line = next(level for level in load_levels(SHIPPED) if level.id == "first-line")
    near_the_end = replace(fit.start(line), tilt=fit.REACH - 5)  # and at the end of the reach
    at_the_end = fit.nudge(line, near_the_end, 10, 0)
    assert at_the_end.tilt == fit.REACH and at_the_end.presses == 1
    assert fit.nudge(line, at_the_end, 10, 0) is at_the_end


async def test_a_constant_s_help_speaks_of_no_slope(tmp_path: Path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="mean-guess")
    async with app.run_test(size=(80, 24)):
        screen = app.screen
        assert isinstance(screen, FitScreen)
        prose = screen.help_prose()
        assert "ŷ = b" in prose and "m·x" not in prose and "turn" not in prose


@pytest.mark.parametrize(
    "level", [lv for lv in LEVELS if lv.spec.kind == "descent"], ids=lambda lv: lv.id
)
async def test_a_descent_footer_at_80_columns_has_reset_and_hint_beside_its_own_keys(
    level, tmp_path: Path
) -> None:
    """too-hot says "Press r, then [ to lower η" once the walk diverges, and its footer at
    80 columns had no r (nor h on the levels with rate keys)."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        footer = app.screen.query_one(KeyFooter)
        await settled(pilot, lambda: bool(footer.entries))
        shown = {entry.action for entry in footer.shown()}
        assert {"reset", "hint", "app.help"} <= shown, shown
        assert own_keys_cut(app.screen) == set()


async def test_step_by_hand_shows_the_sign_calls_it_asks_for_first(tmp_path: Path) -> None:
    """A student's check at 80×24: step by hand's goal asks for ←→ and ↓↑ before space, and
    its footer read "space Step  f Scale x  ←→ ∂m ±  ↓↑ ∂b ±": the calls the level turns on
    after a key for scaling x, which a later level is about."""
    made_predictions(tmp_path)
    keys, groups = await footer_of("step-by-hand", tmp_path)
    assert keys[:5] == ["←", "→", "↓", "↑", "space Step"] and groups[:2] == ["∂m ±", "∂b ±"], keys


async def test_a_line_levels_finish_key_is_on_the_footer_only_after_a_win(tmp_path: Path) -> None:
    """A player's check: the footer offered "⏎ Finish", but a line level wins by itself the
    moment the target is beaten, so enter only ever said "Not yet…". It is on the footer once
    the level is won (k: keep improving, then enter finishes with a better line)."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        footer = screen.query_one(KeyFooter)
        await settled(pilot, lambda: bool(footer.entries))
        assert "finish" not in {entry.action for entry in footer.entries}
        await pilot.press("enter")
        assert "ends by itself" in str(screen.query_one("#hint").render())
        for _ in range(40):  # the slope up, towards the best line
            if screen.attempt.won:
                break
            await pilot.press("right")
        await settled(pilot, lambda: screen.attempt.won and app.screen is not screen)
        await panel_shown(pilot)
        await pilot.press("k")  # keep improving
        await settled(pilot, lambda: app.screen is screen)
        await settled(pilot, lambda: "finish" in {entry.action for entry in footer.entries})
        await pilot.press("r")  # a reset forgets the win: enter goes again (a review)
        await settled(pilot, lambda: "finish" not in {entry.action for entry in footer.entries})


async def _footer_actions(app, tmp_path: Path) -> set[str]:
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        footer = app.screen.query_one(KeyFooter)
        await settled(pilot, lambda: bool(footer.entries))
        shown = footer.shown()
        assert all(entry.end <= footer.palette_start() for entry in shown)
        return {entry.action for entry in shown}


@pytest.mark.parametrize("level", LEVELS, ids=lambda lv: lv.id)
async def test_every_level_footer_at_80_columns_shows_the_way_back_and_help(
    level, tmp_path: Path
) -> None:
    """A student's check: the sandbox's footer at 80×24 had no esc (its keys took the row),
    and showed no way back. esc and ? are on every level's footer, whatever else fits."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level.id)
    assert {"leave", "app.help"} <= await _footer_actions(app, tmp_path)


async def test_the_sandbox_footer_at_80_columns_shows_the_way_back(tmp_path: Path) -> None:
    from dartfit.datasets import DATASETS, dataset

    app = make_app(SHIPPED, tmp_path, data=dataset("galton", DATASETS["galton"]))
    assert {"leave", "app.help"} <= await _footer_actions(app, tmp_path)
