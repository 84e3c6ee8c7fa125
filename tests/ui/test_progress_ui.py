"""Progress as a player meets it: kept across runs, a corrupt save survived, resets asked."""

from __future__ import annotations

import json
from pathlib import Path

from dartfit.app import make_app
from dartfit.dialogs.confirm import ConfirmScreen
from dartfit.dialogs.win import WinScreen
from dartfit.levels import find_level, load_levels
from dartfit.screens.level_base import LevelScreen
from dartfit.screens.level_select import LevelSelectScreen
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.typing import panel_shown, settled

LEVELS = load_levels(SHIPPED)


async def win_first_throw(pilot) -> None:
    await pilot.press("space", "space", "space")
    assert isinstance(pilot.app.screen, WinScreen)
    await panel_shown(pilot)
    await pilot.press("escape")  # back to the level list


async def test_progress_is_kept_when_the_game_starts_again(tmp_path: Path) -> None:
    async with make_app(SHIPPED, tmp_path, start="first-throw").run_test() as pilot:
        await win_first_throw(pilot)
        assert isinstance(pilot.app.screen, LevelSelectScreen)
    async with make_app(SHIPPED, tmp_path).run_test() as pilot:
        await pilot.press("enter")
        screen = pilot.app.screen
        assert isinstance(screen, LevelSelectScreen)
        assert screen.progress.get("first-throw").completed
        total = len(list(SHIPPED.glob("*.toml")))
        assert f"1 of {total} levels complete" in str(screen.query_one("#progress-text").render())
        option = screen.query_one("#level-list").get_option("signs-cancel")
        assert not option.disabled  # the next level is unlocked
        assert screen.query_one("#level-list").get_option("windy").disabled


async def test_a_corrupt_save_is_moved_aside_with_a_message_and_play_goes_on(tmp_path) -> None:
    (tmp_path / "progress.json").write_text("{ this is not json", encoding="utf-8")
    app = make_app(SHIPPED, tmp_path, start="first-throw")
    async with app.run_test() as pilot:
        messages = [n.message for n in app._notifications]
        assert any("progress.json" in m and "moved it to" in m for m in messages), messages
        await win_first_throw(pilot)
    aside = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == "{ this is not json"
    saved = json.loads((tmp_path / "progress.json").read_text())
    assert saved["levels"]["first-throw"]["completed"] is True


async def test_reset_all_asks_first_and_then_forgets(tmp_path) -> None:
    app = make_app(SHIPPED, tmp_path, start="first-throw")
    async with app.run_test() as pilot:
        await win_first_throw(pilot)
        app.reset_all()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.progress.get("first-throw").completed
        app.reset_all()
        await pilot.pause()
        await pilot.press("y")
        assert not app.progress.get("first-throw").completed
    saved = json.loads((tmp_path / "progress.json").read_text())
    assert not saved["levels"].get("first-throw", {}).get("completed", False)


async def test_the_command_palette_offers_levels_reset_and_squares(tmp_path) -> None:
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
    assert "Penalty squares" in titles and "Reset all progress" in titles
    assert "Play 1. First throw" in titles
    assert "Play 4. A windy day" not in titles  # a locked level is not offered to play
    assert "Play 4. A windy day (locked)" in titles  # but named, and said to be locked
    assert any("theme" in t.lower() for t in titles)


async def test_one_level_can_be_reset_from_the_level_list(tmp_path) -> None:
    app = make_app(SHIPPED, tmp_path, start="first-throw")
    async with app.run_test() as pilot:
        await win_first_throw(pilot)
        screen = pilot.app.screen
        screen.query_one("#level-list").highlighted = screen.query_one(
            "#level-list"
        ).get_option_index("first-throw")
        await pilot.press("x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert not app.progress.get("first-throw").completed
        assert not screen.progress.get("first-throw").completed


async def test_the_palette_resets_the_level_on_screen_not_another(tmp_path) -> None:
    app = make_app(SHIPPED, tmp_path, start="first-throw")
    async with app.run_test() as pilot:
        while not isinstance(app.screen, LevelScreen) or not app.screen.is_mounted:
            await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Reset this level's progress"].callback()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "First throw" in app.screen.question, app.screen.question


async def test_a_win_in_one_window_survives_a_reset_in_another(tmp_path) -> None:
    async with make_app(SHIPPED, tmp_path, start="first-throw").run_test() as pilot:
        await win_first_throw(pilot)  # both windows start from a saved win
    made_predictions(tmp_path)
    window_b = make_app(SHIPPED, tmp_path, start="signs-cancel")
    async with window_b.run_test() as b:
        window_a = make_app(SHIPPED, tmp_path)
        async with window_a.run_test() as a:
            window_a.reset_all()
            await a.pause()
            await a.press("y")
        await b.press(*winning_keys(next(lv for lv in LEVELS if lv.id == "signs-cancel")))
        assert isinstance(window_b.screen, WinScreen)
    saved = json.loads((tmp_path / "progress.json").read_text())["levels"]
    assert saved["signs-cancel"]["completed"] is True  # B's win is kept
    assert not saved.get("first-throw", {}).get("completed")  # A's reset is kept too


async def test_the_s_key_and_the_palette_toggle_the_squares_the_same_way(tmp_path) -> None:
    """Both save the setting, both change the chart on screen, and the next level keeps it."""

    def saved_setting() -> object:
        saved = json.loads((tmp_path / "progress.json").read_text())
        return saved.get("settings", {}).get("show_squares")

    app = make_app(SHIPPED, tmp_path, start="first-line")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        level = app.screen
        assert level.show_squares
        await pilot.press("s")
        await pilot.pause()
        assert not level.show_squares and saved_setting() is False
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Penalty squares"
        )
        command.callback()
        await pilot.pause()
        assert level.show_squares and saved_setting() is True
        await pilot.press("s", "escape")
        await pilot.pause()
        app.open_level(find_level(app.levels, "slope"))
        await pilot.pause()
        assert not app.screen.show_squares  # the setting carried to the next level


async def test_s_on_the_likelihood_level_shows_its_squares_and_keeps_the_setting(
    tmp_path: Path,
) -> None:
    """The likelihood level draws no squares whatever the setting (the bell stands for them):
    its first s changed nothing on its chart and saved "hidden" for every other level. s
    there shows and hides its own squares, and the setting stays as the player left it."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="likely-line")
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        level = app.screen
        assert isinstance(level, LevelScreen) and not level.show_squares
        for shown in (True, False):
            await pilot.press("s")
            await pilot.pause()
            assert level.show_squares is shown
        await pilot.press("escape")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        app.open_level(find_level(app.levels, "first-line"))
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        await pilot.pause()
        assert app.screen.show_squares  # as before: shown


async def test_a_setting_written_by_hand_is_read_as_a_person_means_it(tmp_path: Path) -> None:
    """ "show_squares": "no" hides the squares (a bare truth test read it as yes), and the
    next press of `s` shows them again and saves a true boolean."""
    (tmp_path / "progress.json").write_text(
        json.dumps({"schema": 2, "levels": {}, "settings": {"show_squares": "no"}})
    )
    app = make_app(SHIPPED, tmp_path, start="first-line")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.screen.show_squares
        await pilot.press("s")
        await pilot.pause()
        assert app.screen.show_squares
    saved = json.loads((tmp_path / "progress.json").read_text())
    assert saved["settings"]["show_squares"] is True


async def test_the_theme_chosen_is_the_theme_of_the_next_game(tmp_path: Path) -> None:
    """Chosen from the palette's theme list, kept on disk at once, and one the game no
    longer knows (a hand edit) is passed over for the default."""
    async with make_app(SHIPPED, tmp_path).run_test() as pilot:
        default = pilot.app.theme
        await pilot.press("ctrl+p")
        await pilot.press(*"theme", "enter")
        await pilot.press(*"textual-light", "enter")
        await pilot.pause()
        assert pilot.app.theme == "textual-light"
        saved = json.loads((tmp_path / "progress.json").read_text())
        assert saved["settings"]["theme"] == "textual-light"
    async with make_app(SHIPPED, tmp_path).run_test() as pilot:
        await pilot.pause()
        assert pilot.app.theme == "textual-light"
    saved["settings"]["theme"] = "no-such-theme"
    (tmp_path / "progress.json").write_text(json.dumps(saved))
    async with make_app(SHIPPED, tmp_path).run_test() as pilot:
        await pilot.pause()
        assert pilot.app.theme == default


async def test_the_squares_command_away_from_a_level_says_what_it_did(tmp_path: Path) -> None:
    """ctrl+p → "Penalty squares" on the level list, where no chart shows them, says that the
    squares are now hidden (then shown) in every level, and keeps it: it had seemed to do
    nothing (an independent check)."""
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        for said in ("hidden", "shown"):
            command = next(
                c for c in app.get_system_commands(app.screen) if c.title == "Penalty squares"
            )
            command.callback()
            await settled(
                pilot,
                lambda s=said: any(
                    f"Penalty squares: {s} in every level" in str(n.message)
                    for n in app._notifications
                ),
            )
        saved = json.loads((tmp_path / "progress.json").read_text())
        assert saved["settings"]["show_squares"] is True
