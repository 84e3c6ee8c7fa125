"""The win leaves the chart in view: the winning line, and the best line beside it for free;
on the player's own data, enter goes back to the data (there is no next level)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import numpy as np
import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from dartfit.app import make_app
from dartfit.csvdata import Dataset
from dartfit.dialogs.confirm import ConfirmScreen
from dartfit.dialogs.win import WinScreen
from dartfit.kinds import rules_of
from dartfit.levels import Level, load_levels
from dartfit.pictures.common import AXIS_WIDTH
from dartfit.pictures.fit import _plot_view
from dartfit.rules import linear
from dartfit.screens.degree import DegreeScreen
from dartfit.screens.fit import FitScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.key_strip import KeyStrip
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.wording import decimals_of, num, pair, steady
from tests.conftest import SHIPPED, made_predictions
from tests.test_sandbox import best_reachable, issue_data
from tests.ui.checks import each_check
from tests.ui.keys import winning_keys
from tests.ui.test_own_data import keys_to
from tests.ui.typing import panel_shown, settled

LEVELS = {level.id: level for level in load_levels(SHIPPED)}


@asynccontextmanager
async def won(level: Level, tmp_path: Path, size: tuple[int, int]) -> AsyncIterator[Pilot[None]]:
    """A game of `level` at `size`, played to its win by the keys that win it."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        await pilot.pause()
        yield pilot


async def test_the_best_line_is_free_to_see_only_once_won(tmp_path: Path) -> None:
    level = LEVELS["first-line"]
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.query_one("#chart", CanvasView).count("ghost-0") == 0


async def test_on_your_own_data_enter_goes_back_to_the_data(tmp_path: Path) -> None:
    data = Dataset(tmp_path / "mine.csv", *issue_data(), "x", "y")
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(100, 30)) as pilot:
        playing = app.screen
        i, j, _ = best_reachable(playing.level)
        await pilot.press(*keys_to(i, j))
        await pilot.pause()
        assert isinstance(app.screen, WinScreen)
        await panel_shown(pilot)
        keys = str(app.screen.query_one("#win-keys", Static).render())
        assert "enter back to your data" in keys and "next level" not in keys
        # an arrow held on: the panel's key line says how to go on, and no "saved" (the
        # player's own data keeps no progress: a toast had said "Won and saved")
        await pilot.resize_terminal(120, 40)
        await settled(pilot, lambda: not app.screen.has_class("-bottom"))  # beside the chart
        await pilot.press("right")
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        said = [entry.description for entry in footer.entries]
        assert footer.has_class("-told") and "Back to your data" in said, said
        assert not app._notifications
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is playing


async def test_the_costliest_point_hides_its_miss_share_and_e2_until_the_pick(
    tmp_path: Path,
) -> None:
    level = LEVELS["costliest"]
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        playing = app.screen
        table = playing.query_one("#shares", LinesPanel).text
        assert "%" not in table and table.count("?") == 2 * level.x.size  # miss and share
        assert "+" not in table and "−" not in table
        chart = playing.query_one(CanvasView)
        assert "e²" not in chart.text()  # only the largest square is labelled: the answer
        await pilot.press(*winning_keys(level))
        await pilot.pause()
        assert playing.query_one("#shares", LinesPanel).text.count("%") == level.x.size
        assert "e²" in chart.text()


LAST = list(LEVELS.values())[-1]
"""The campaign's last level: its enter finishes."""


@pytest.mark.parametrize(
    ("level_id", "enter_says", "undoes"),
    [
        ("first-line", "enter next level", True),
        ("first-throw", "enter next level", False),
        ("costliest", "enter next level", False),  # won by picking a point: no move to undo
        (LAST.id, "enter finish", None),  # the last level: nothing next (once, not per level)
    ],
)
async def test_the_panels_keys_say_what_each_key_does_on_this_level(
    tmp_path: Path, level_id: str, enter_says: str, undoes: bool | None
) -> None:
    """u is offered where a move can be taken back, and the last level's enter finishes."""
    level = LEVELS[level_id]
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id, all_open=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await play_to_the_win(pilot, level)
        await pilot.pause()
        assert isinstance(app.screen, WinScreen)
        keys = str(app.screen.query_one("#win-keys", Static).render())
        assert enter_says in keys and ("next level" in keys) == (level is not LAST), keys
        if undoes is not None:
            assert ("u undo the last move" in keys) == undoes, keys


async def test_a_key_typed_on_after_the_winning_one_does_not_close_the_win_panel(
    tmp_path: Path,
) -> None:
    """The second enter of a double tap, typed before the panel was on screen, leaves it
    up: the student sees the win and what it taught before moving on."""
    from dartfit.dialogs.predict import PredictScreen
    from dartfit.screens.level_base import LevelScreen
    from tests.ui.typing import send, settled

    first = LEVELS["first-throw"]
    app = make_app(SHIPPED, tmp_path, start="first-throw")
    async with app.run_test(size=(80, 24)) as pilot:
        keys = winning_keys(first)
        await pilot.press(*keys[:-1])
        send(app, keys[-1])  # the winning throw
        send(app, "enter")  # typed on before the panel was drawn
        await panel_shown(pilot)
        await pilot.pause()
        assert isinstance(app.screen, WinScreen)  # still up
        await pilot.press("enter")  # read, then on
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen | PredictScreen))
        assert not isinstance(app.screen, WinScreen)


@pytest.mark.parametrize("squares", [False, True], ids=["squares-off", "squares-on"])
async def test_a_win_that_speaks_of_the_squares_says_how_to_see_them_when_they_are_off(
    tmp_path: Path, squares: bool
) -> None:
    """A player's review: level 6's win said "the penalty squares shrank" with the squares
    off (the setting carried over from level 5)."""
    level = LEVELS["slope"]
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        if not squares:
            await pilot.press("s")
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        shown = " ".join(str(app.screen.query_one("#win-shown", Static).render()).split())
        assert ("Penalty squares: s shows or hides" in shown) is not squares, shown
        chart = app.screen_stack[-2].query_one("#chart", CanvasView)
        before = chart.count("square")
        await pilot.press("s")  # on the panel, as on the level: the chart beside it answers
        await settled(pilot, lambda: (chart.count("square") > before) is not squares)
        assert isinstance(app.screen, WinScreen)
        await panel_shown(pilot)
        assert (chart.count("square") > before) is not squares


async def play_to_the_win(pilot, level) -> None:  # type: ignore[no-untyped-def]
    """The level's winning keys up to the win, not the keys after it."""
    for key in winning_keys(level):
        await pilot.press(key)
        if isinstance(pilot.app.screen, WinScreen):
            break
    await panel_shown(pilot)


@pytest.mark.parametrize("level_id", ["first-throw", "galton"])
async def test_s_on_the_panel_of_a_level_without_squares_changes_no_setting(
    level_id: str, tmp_path: Path
) -> None:
    """A review: s on a darts level's win panel turned the squares off for the next line
    level, with nothing on screen to say so. Galton's heights bind s, but their shaded chart
    draws no squares: there too s changes nothing."""
    level = LEVELS[level_id]
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await play_to_the_win(pilot, level)
        assert isinstance(app.screen, WinScreen)
        await panel_shown(pilot)
        await pilot.press("s")
        await pilot.pause()
    saved = (tmp_path / "progress.json").read_text()
    assert "show_squares" not in saved


async def test_the_win_panel_lays_itself_out_again_after_a_tiny_terminal(tmp_path) -> None:
    """Won, then the terminal shrunk to 10×3 (the too-small notice over the panel) and grown
    back to 80×24: the panel kept its lines wrapped at the tiny width, dozens of rows, and
    showed only a scroll bar until it closed (a hostile pass). Each tiny size in turn, on one
    win: the panel is whole again at 80×24 after every one."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["right"] * 10)
        await panel_shown(pilot)

        def whole() -> bool:
            if not isinstance(app.screen, WinScreen):
                return False
            text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
            return "Stars:" in text and "enter next level" in text

        for tiny in [(10, 3), (15, 4), (20, 3)]:
            await pilot.resize_terminal(*tiny)
            await settled(pilot, lambda: not isinstance(app.screen, WinScreen))
            await pilot.resize_terminal(80, 24)
            # laid out again (a frame or two on a busy machine); a failure names the size
            await settled(pilot, whole, seen=lambda tiny=tiny: f"after {tiny[0]}×{tiny[1]}")


async def test_enter_on_a_win_whose_progress_was_reset_opens_no_locked_level(tmp_path) -> None:
    """ctrl+p → "Reset all progress" over the win panel, then enter: the next level, locked
    again, was opened all the same (a hostile pass). It says it is locked instead."""
    from dartfit.progress import Progress
    from dartfit.screens.level_base import LevelScreen

    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["right"] * 10)
        await panel_shown(pilot)
        app._change(Progress.reset_all)  # what the palette's reset does once asked
        await pilot.press("enter")
        await settled(pilot, lambda: any("is locked" in str(n.message) for n in app._notifications))
        assert not isinstance(app.screen, LevelScreen)


async def test_what_a_level_measures_beside_the_win_panel_is_the_new_layout(tmp_path) -> None:
    """`when_laid_out` waits for the layout new room asks for: measured a refresh after the
    padding changed, the degree level's side was once the old size, and its numbers stayed
    cut to 4 rows at 80×24 (a CI run, 5 in 32 under load). Called at once, before any
    layout, it must still see the body fill its new room, every part of it with room."""
    async with won(LEVELS["degree"], tmp_path, (120, 40)) as pilot:
        level, win = pilot.app.screen_stack[-2:]
        assert isinstance(level, DegreeScreen) and isinstance(win, WinScreen)
        win.make_room = None  # the room is the test's to give
        body = level.query_one("#level-body")
        seen: list[tuple[Region, Region, bool]] = []

        def measure() -> None:
            curves = level.query_one("#curves")
            seen.append(
                (
                    level.query_one("#play-area").region,
                    body.content_region,
                    bool(curves.region.area) or not curves.display,
                )
            )

        for right, bottom in [(0, 12), (40, 0), (0, 0), (0, 9), (30, 0)]:
            measured = len(seen)
            level._make_room(right, bottom)
            level.when_laid_out(measure)
            await settled(pilot, lambda n=measured: len(seen) > n)
        for area, room, parts_placed in seen:
            assert (area.bottom, area.right) == (room.bottom, room.right) and parts_placed


@asynccontextmanager
async def played_to_the_win(  # type: ignore[no-untyped-def]
    level: Level, tmp_path: Path, size: tuple[int, int]
):
    """`level` played to its win panel at `size`, no key after the winning one: the app and
    its pilot."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=size) as pilot:
        await play_to_the_win(pilot, level)
        await panel_shown(pilot)
        yield app, pilot


def keys_wrap_between_entries(win: WinScreen) -> None:
    """At 80×24 the keys' last row began "play again", its "a" left on the row before."""
    entries = {entry for line in WinScreen.keys(win) for entry in line.split(" · ")}
    keys = win.query_one("#win-keys", Static)
    shown = keys.render_lines(Region(0, 0, keys.size.width, keys.size.height))
    rows = [strip.text.replace("\u00a0", " ") for strip in shown if strip.text.strip()]
    for row in rows:
        assert {e.strip() for e in row.split("·") if e.strip()} <= entries, rows


@pytest.mark.parametrize("size", [(90, 30), (100, 30)])
async def test_the_panels_keys_wrap_between_entries_never_inside_one(size, tmp_path) -> None:
    """The panel's keys at sizes other than 80×24 (checked with the other checks of that win,
    below): no entry is broken over two rows."""
    async with played_to_the_win(LEVELS["first-line"], tmp_path, size) as (app, pilot):
        await pilot.pause()
        win = app.screen
        assert isinstance(win, WinScreen)
        keys_wrap_between_entries(win)


async def own_key_line_says_how_to_play_on(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """At 80×24 the panel sits under the chart and a toast lay over its text for 3 s: the
    panel's key line (enter next level · k keep improving) lights up instead, its words and
    height as they were, and nothing covers the panel."""
    keys = app.screen.query_one("#win-keys")
    before, words, height = len(app._notifications), str(keys.render()), keys.size.height
    assert not keys.has_class("-told")
    await pilot.press("right")
    await pilot.pause()
    assert keys.has_class("-told") and "k keep improving" in words.replace("\u00a0", " ")
    assert (str(keys.render()), keys.size.height) == (words, height)
    assert len(app._notifications) == before


async def a_level_key_says_how_to_play_on(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """An arrow still held as the target was crossed did nothing on the panel, and said
    nothing: the student is told, once, that the level is won and k plays on, by the panel's
    keys on the footer lighting up (a toast had lain over two x ticks of huber's chart for
    3 s at 120×40). k then plays on."""
    footer = app.screen.query_one(KeyFooter)  # beside the chart the keys are on it
    await pilot.press("d")  # not the level's: nothing said
    assert not footer.has_class("-told")
    await pilot.press("right", "right", "left")
    await pilot.pause()
    said = [(entry.key_display, entry.description) for entry in footer.entries]
    assert footer.has_class("-told") and footer.display
    assert said[0] == ("⏎", "Next level") and ("k", "Keep improving") in said
    assert not app._notifications  # no toast over the chart
    assert isinstance(app.screen, WinScreen)  # the panel stays: the player chooses
    await panel_shown(pilot)
    await pilot.press("k")
    await settled(pilot, lambda: not isinstance(app.screen, WinScreen))


async def a_room_told_after_the_panel_closed_changes_nothing(  # type: ignore[no-untyped-def]
    app, pilot, win: WinScreen
) -> None:
    """The panel tells the level its room again a frame later while its box changes; a
    telling due after k had closed it found no #win-box (NoMatches, in CI), and must not
    leave the level room for a panel no longer there."""
    await settled(pilot, lambda: not isinstance(app.screen, WinScreen))
    told: list[tuple[int, int]] = []
    win.make_room = lambda right, bottom: told.append((right, bottom))  # type: ignore[method-assign]
    win._tell_room()  # as a call left over from a frame before would
    await pilot.pause()
    assert told == []


async def keep_offered(pilot: Pilot[None]) -> bool:
    """Whether the win panel offers k: its key line and its footer agree."""
    win = pilot.app.screen
    assert isinstance(win, WinScreen)
    keys = str(win.query_one("#win-keys", Static).render()).replace("\u00a0", " ")
    offered = "k keep improving" in keys
    assert "a play again" in keys, keys
    footer = win.query_one(KeyFooter)
    await settled(pilot, lambda: bool(footer.entries))
    assert ("Keep improving" in [entry.description for entry in footer.entries]) is offered
    return offered


async def k_acts_as_offered(pilot: Pilot[None], offered: bool) -> None:
    """k closes the panel onto the level where it is offered, and leaves it up elsewhere."""
    await pilot.press("k")
    await pilot.pause()
    assert isinstance(pilot.app.screen, WinScreen) is not offered


async def _keep_is_offered(level: Level, size: tuple[int, int], tmp_path: Path) -> bool:
    """Whether `level`'s win panel offers k (its key line and footer agree), and k acts."""
    async with played_to_the_win(level, tmp_path, size) as (_, pilot):
        offered = await keep_offered(pilot)
        await k_acts_as_offered(pilot, offered)
        return offered


PICKED_SIZES = [(80, 24), (120, 40)]
PRESSES_COUNTED = ("costliest", "degree")
"""Picks won with more than one key: the panel counts every key pressed."""


@pytest.mark.parametrize("level_id", ["worse-round", "costliest", "kink", "degree"])
@pytest.mark.parametrize("size", PICKED_SIZES)
async def test_a_won_pick_offers_no_keep_improving(level_id: str, size, tmp_path: Path) -> None:
    """A pick, once right, can't be bettered: k on "Which round is worse?" closed the panel
    onto the answer, where a second pick cost a star and no key finished. The panel, its
    footer and k itself offer nothing of the kind (a line level still does: below). Where a
    pick is won with several keys, the panel counts every key pressed, not only the wrong
    picks."""
    level = LEVELS[level_id]
    async with played_to_the_win(level, tmp_path, size) as (app, pilot):
        assert isinstance(app.screen, WinScreen)
        if level_id in PRESSES_COUNTED:
            keys = winning_keys(level)
            result = app.screen.result
            assert result.presses == len(keys) > 1 and result.stars == 3, (size, result)
            score = str(app.screen.query_one("#win-score", Static).render())
            assert f"Key presses: {len(keys)}" in score and "Wrong picks: 0" in score, score
        assert not await keep_offered(pilot)
        await k_acts_as_offered(pilot, False)


@pytest.mark.parametrize("size", PICKED_SIZES, ids=["80x24", "120x40"])
async def test_a_won_line_level_offers_keep_improving_at_the_sizes_a_pick_does_not(
    size, tmp_path: Path
) -> None:
    """The other side of the picks' test, once a size (each pick's case played it again).
    The same win is checked on: at 80×24, its keys wrap between entries, its own key line
    says how to play on, and a room told after k closed it changes nothing; at 120×40, a
    level key pressed on it says how to play on."""
    async with played_to_the_win(LEVELS["first-line"], tmp_path, size) as (app, pilot):
        win = app.screen
        assert isinstance(win, WinScreen)
        if size == (80, 24):
            keys_wrap_between_entries(win)
            await own_key_line_says_how_to_play_on(app, pilot)
            assert await keep_offered(pilot)
            await k_acts_as_offered(pilot, True)
            await a_room_told_after_the_panel_closed_changes_nothing(app, pilot, win)
        else:
            assert await keep_offered(pilot)
            await a_level_key_says_how_to_play_on(app, pilot)  # k ends it: the panel closes


@pytest.mark.parametrize(
    ("level_id", "offered"),
    [
        ("first-throw", False),  # darts: the win is the round's last dart
        ("wind-and-wobble", False),  # the same round, its MSE split
        ("guess-mse", False),  # the guesses: the win is the last round's guess
        ("best-constant", False),
        ("pull", True),  # the points move on: a larger MSE
        ("outlier-mae", True),  # a line: a lower MAE
        ("huber", True),
        ("likely-line", True),
        ("bowl", True),  # steps left in the budget: a lower MSE
    ],
)
async def test_k_is_offered_only_where_playing_on_can_better_the_result(
    level_id: str, offered: bool, tmp_path: Path
) -> None:
    """After a darts round or the last guess nothing is left to play: k then space on the
    first darts level said only "The round is over: press r for a new round." The panel,
    its footer and k itself offer it where the player can still better the result."""
    assert await _keep_is_offered(LEVELS[level_id], (80, 24), tmp_path) is offered


async def test_a_descent_won_on_its_last_step_offers_no_keep_improving(
    write_level, tmp_path: Path
) -> None:
    """The bowl's budget spent by the step that wins, no step is left to better the MSE:
    the panel offers no k (with steps left it does: above)."""
    from dartfit.rules import bowl

    shipped = LEVELS["bowl"]
    first = bowl.start(shipped)
    needed = bowl.advance(shipped, first, 10_000, bowl.run_goal(shipped, first)).steps
    text = (SHIPPED / "17-bowl.toml").read_text(encoding="utf-8")
    assert "max_steps = 40" in text and needed < 40
    path = write_level(text.replace("max_steps = 40", f"max_steps = {needed}"), "17-bowl.toml")
    app = make_app(path.parent, tmp_path / "data", seed=3, start="bowl")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await panel_shown(pilot)
        win = app.screen
        assert isinstance(win, WinScreen)
        keys = str(win.query_one("#win-keys", Static).render()).replace("\u00a0", " ")
        assert "k keep improving" not in keys and "a play again" in keys
        await pilot.press("k")
        await pilot.pause()
        assert app.screen is win


@pytest.mark.parametrize("level_id", ["slope", "outlier-mae"])
async def test_the_squares_caption_reads_the_same_while_played_and_once_won(
    level_id: str, tmp_path: Path
) -> None:
    """At 80×24 the legend said "□ MSE = mean area of the squares" while the level was
    played and "□ MSE = the average area of the squares" once won, beside a wider chart.
    The key under the chart says what a square is in one wording at a width, where it has
    the room: "area = miss²" and what the MSE is, played and won."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        played = app.screen
        captions = [_square_captions(played.query_one("#key", KeyStrip).text())]
        await pilot.press(*winning_keys(LEVELS[level_id]))
        await pilot.pause()
        assert isinstance(app.screen, WinScreen)
        captions.append(_square_captions(played.query_one("#key", KeyStrip).text()))
    # one caption each time, in the same words: the won chart's key, with the best line and
    # the shared cells to name too, may say less ("area = miss²"), never other words
    assert [len(said) for said in captions] == [1, 1], captions
    played, won = captions[0][0], captions[1][0]
    assert won.startswith("□ area = miss²") and played.startswith(won), captions


def _square_captions(text: str) -> list[str]:
    """The squares' captions in a key's text."""
    return re.findall(r"□ [^□◍┊●▲▼]*?(?=  |$)", text.strip())


async def test_the_fine_tuning_win_says_the_formula_is_where_the_screen_shows_it(
    tmp_path: Path,
) -> None:
    """A student's check at 80×24: fine tuning's win said "The formula in the HUD is the same
    mean of squares at every step", but the HUD beside the chart shows m, b and the MSE; the
    formula, MSE = (1/20)·[…], is on the rows under the chart."""
    level = LEVELS["fine-tune"]
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        screen = app.screen
        formula = screen.query_one("#formula", LinesPanel)
        await settled(pilot, lambda: "MSE = (1/20)·[" in formula.text)
        assert "(1/20)" not in screen.query_one("#hud", LinesPanel).text
        assert formula.region.y >= screen.query_one("#chart", CanvasView).region.bottom
    said = " ".join(level.spec.what_you_saw.split())
    assert "formula under the chart" in said and "HUD" not in said


SQUARES_NAMED = re.compile(r"\bsquares?\b(?!'? (?:of|root|every)\b)", re.IGNORECASE)
"""The drawn squares named in words ("the squares", "its square"), not the square of a
number, its root, least squares or the sum of squares, nor the verb ("squares every miss")."""


def names_squares(text: str) -> bool:
    """Whether a text speaks of squares drawn on a chart (`SQUARES_NAMED`)."""
    said = re.sub(r"\b(?:least|sum of|mean of) squares\b", "", " ".join(text.split()), flags=re.I)
    return bool(SQUARES_NAMED.search(said))


@pytest.mark.parametrize(
    "level_id", [level.id for level in LEVELS.values() if names_squares(level.spec.what_you_saw)]
)
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_a_win_that_speaks_of_squares_stands_beside_a_chart_that_names_them(
    level_id: str, size: tuple[int, int], tmp_path: Path
) -> None:
    """guess-mse's win spoke of "the squares" beside a chart of the last round at 80×24,
    whose squares were under half a row (none seen, none in the legend); which-line's and
    signs-cancel's beside charts that draw none. A win that speaks of squares stands beside
    a chart whose legend says what they are (□), so they are there to be seen."""
    async with won(LEVELS[level_id], tmp_path, size) as pilot:
        await panel_shown(pilot)
        charts = pilot.app.screen_stack[-2].query(CanvasView)
        box = pilot.app.screen.query_one("#win-box")
        await settled(pilot, lambda: not any(c.region.overlaps(box.region) for c in charts))
        await pilot.pause()
        on_plot = sum(chart.count("square+legend") for chart in charts)
        keys = pilot.app.screen_stack[-2].query(KeyStrip)  # or in the key under the chart
        assert on_plot + sum(key.count("square") for key in keys) > 0, level_id


def test_the_squares_named_are_the_drawn_ones_not_the_arithmetic() -> None:
    """What `names_squares` reads as drawn squares, and what as arithmetic."""
    assert names_squares("The penalty squares shrank") and names_squares("its square grew")
    assert names_squares("look at where the squares are") and names_squares("the squares' care")
    for said in ("the square of the miss", "the square root", "Least squares IS", "squared"):
        assert not names_squares(said), said
    assert not names_squares("the sum of squares") and not names_squares("squares every miss")


@pytest.mark.parametrize("shown_first", [False, True], ids=["won", "best-line-shown-first"])
async def test_likely_lines_chart_beside_the_win_names_its_lines(
    shown_first: bool, tmp_path: Path
) -> None:
    """Likely-line won at 80×24 after the best line was shown (o): the panel, a row taller
    for the stars it says that cost, left the fit chart 8 rows, and one row for a legend
    over its plot. The lines' names fitted it, but not with what the ▲ at its edge is, and
    the chart went without a legend, its two lines unnamed. It names both, either way."""
    level = LEVELS["likely-line"]
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        playing = app.screen
        if shown_first:
            await pilot.press("o")
            await settled(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("y")
            await settled(pilot, lambda: app.screen is playing)
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        chart = playing.query_one("#chart", CanvasView)
        box = app.screen.query_one("#win-box")
        await settled(pilot, lambda: not chart.region.overlaps(box.region))  # room made

        def redrawn() -> bool:  # the chart drawn at the size the panel left it
            rows = chart.text().splitlines()
            return len(rows) == chart.size.height and "└" in rows[-1]

        await settled(pilot, redrawn)
        text = chart.text()
    assert "your" in text and "best MSE line" in text, text  # "yours, on best MSE line"


@pytest.mark.parametrize("level_id", ["first-line", "crickets", "first-throw", "huber"])
async def test_the_wins_mse_and_the_best_possible_read_apart_where_they_differ(
    level_id: str, tmp_path: Path
) -> None:
    """ "Your MSE: 0.6873" over "best possible: 0.6873", and two stars: the player's MSE
    was above the best, to digits the panel did not show. Each reads apart from the other
    wherever they differ (0.687283 against 0.687276), 1e-5 or 1e-7 above it: a panel for
    each, over the same game."""
    from dartfit.progress.model import LevelResult
    from dartfit.wording import shown_value, significant_digits

    level = LEVELS[level_id]
    (label, best), *_ = rules_of(level).references(level)
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(
            pilot,
            lambda: app.screen.id != "_default" and bool(app.screen.query("#hud, #darts-hud")),
        )
        playing = app.screen
        for above in (1e-5, 1e-7):
            score = best * (1 + above)
            result = LevelResult(completed=True, stars=2, mse=score, score=score, presses=30)
            app.push_screen(WinScreen(level, result))
            await settled(pilot, lambda: bool(app.screen.query("#win-score")))
            said = " ".join(str(app.screen.query_one("#win-score", Static).render()).split())
            yours = re.search(rf"Your {rules_of(level).result_named(level)}: (\S+)", said)
            theirs = re.search(rf"{re.escape(label)}: (\S+)", said)
            assert yours and theirs, (above, said)
            assert shown_value(yours[1]) != shown_value(theirs[1]), (above, said)
            digits = significant_digits(yours[1])
            shown = shown_value(yours[1])
            assert shown == pytest.approx(score, rel=10.0 ** (1 - digits)), (above, said)
            app.pop_screen()
            await settled(pilot, lambda: app.screen is playing)


# Each level won once at a size, then every check of that win in turn (a game each had cost
# the suite its start, its level and its winning keys again). A check reads the won game; the
# ones that wait for the room the panel makes come after those that read it at once, and a
# check that presses a key comes last. A failing check names its level, its size and itself.

Check = Callable[[Pilot[None], Level], Awaitable[None]]


async def chart_and_best_line_beside_the_win(pilot: Pilot[None], level: Level) -> None:
    """The win shows the chart with the best line beside the winning one, free to see."""
    app = pilot.app
    win = app.screen
    assert isinstance(win, WinScreen)
    playing = app.screen_stack[-2]
    assert isinstance(playing, FitScreen) and playing.state is not None
    chart = playing.query_one("#chart", CanvasView)
    box = win.query_one("#win-box").content_region
    assert not chart.region.overlaps(box)  # the chart whole, above the box at 80×24
    assert chart.count("ghost-0") > 0 and chart.count("line") > 0
    m, b = linear.best_fit(level)
    shown = str(win.query_one("#win-shown", Static).render())
    said = " ".join(shown.split())  # the line named once, with its numbers
    assert f"m = {num(m)}, b = {num(b)}, MSE " in said
    assert f"The best MSE line: m = {num(m)}" in said and said.count("best") == 1
    assert not playing.state.revealed  # seen after the win, it costs no stars


async def k_plays_on_without_the_best_line(pilot: Pilot[None], level: Level) -> None:
    """k closes the panel onto the level, and the best line, seen for free, goes with it."""
    app = pilot.app
    playing = app.screen_stack[-2]
    chart = playing.query_one("#chart", CanvasView)
    await pilot.press("k")
    await pilot.pause()
    assert app.screen is playing and chart.count("ghost-0") == 0


FOOTER_SHOWN = {(120, 40): True, (110, 30): True, (80, 24): False}
"""Whether the footer says the panel's keys at a size (beside the chart), or the panel
itself along the bottom."""


async def the_footer_under_the_win_offers_the_panels_keys(pilot: Pilot[None], level: Level) -> None:
    """Beside the panel the level's footer still offered its arrows and "⏎ Finish" while
    the panel said "enter next level": the footer is the panel's (enter named as the panel
    names it), and the panel's own key lines go; along the bottom it says its keys itself."""
    app = pilot.app
    size = (app.size.width, app.size.height)
    shown = FOOTER_SHOWN[size]
    await panel_shown(pilot)
    win = app.screen
    assert isinstance(win, WinScreen)
    footer = win.query_one(KeyFooter)
    await settled(pilot, lambda: bool(footer.entries))
    said = [(entry.key_display, entry.description) for entry in footer.entries]
    assert said[0] == ("⏎", "Next level") and ("k", "Keep improving") in said
    await pilot.pause()
    assert footer.display is shown and win.query_one("#win-keys").display is not shown
    if shown:  # over the level's own footer, the bottom row
        assert footer.region.y == size[1] - 1
        assert win.query_one("#win-box").max_scroll_y == 0


async def told_beside_huber_nothing_covers_the_x_axis(pilot: Pilot[None], level: Level) -> None:
    """huber won at 120×40, an arrow held on: the toast "Won and saved. k keeps improving ·
    enter next level" lay for 3 s over the x axis, its ticks 10 and 12 hidden. The panel's
    keys, on the footer under the chart, light up instead: nothing new over the chart."""
    app = pilot.app
    win = app.screen
    assert isinstance(win, WinScreen) and not win.has_class("-bottom")
    await panel_shown(pilot)
    await pilot.press("left")
    await pilot.pause()
    chart = app.screen_stack[-2].query_one("#chart", CanvasView)
    axis = Region(chart.region.x, chart.region.bottom - 1, chart.region.width, 1)
    footer = win.query_one(KeyFooter)
    assert footer.has_class("-told") and not app._notifications
    assert not footer.region.overlaps(axis)
    assert not win.query_one("#win-box").region.overlaps(axis)
    assert "10" in chart.text().splitlines()[-1] and "12" in chart.text().splitlines()[-1]


async def says_the_mse_as_the_hud_showed_it(pilot: Pilot[None], level: Level) -> None:
    """The win read "Your MSE: 1.13" under a HUD that showed 1.130: the same number, the same
    digits, trailing zeros and all."""
    app = pilot.app
    win = app.screen
    assert isinstance(win, WinScreen) and win.result.score is not None
    named = rules_of(level).result_named(level)
    score = " ".join(str(win.query_one("#win-score", Static).render()).split())
    shown = re.search(rf"Your {named}: (\S+)", score)
    assert shown, score
    assert shown[1] == steady(win.result.score) and len(shown[1].replace(".", "")) >= 4
    playing = app.screen_stack[-2]
    hud = " ".join(
        widget.text if isinstance(widget, LinesPanel) else str(widget.render())
        for widget in playing.query("#hud, #darts-hud")
    )
    assert shown[1] in hud, (shown[1], hud)


async def references_read_to_the_players_decimals(pilot: Pilot[None], level: Level) -> None:
    """ "Your MSE: 1.130" stood over "best possible: 0.86": numbers read together, to one
    number of decimals."""
    win = pilot.app.screen
    assert isinstance(win, WinScreen)
    score = " ".join(str(win.query_one("#win-score", Static).render()).split())
    yours = re.search(rf"Your {rules_of(level).result_named(level)}: (\S+)", score)
    assert yours, score
    references = rules_of(level).references(level)
    assert references, level.id
    for label, value in references:
        shown = re.search(rf"{re.escape(label)}: (\S+)", score)
        assert shown, (label, score)
        assert decimals_of(shown[1]) == decimals_of(yours[1]), (shown[1], yours[1])
        assert (
            abs(float(shown[1].replace("\u2212", "-")) - value)
            <= 0.5 * 10.0 ** -(decimals_of(yours[1])[0])
        )


async def huber_names_its_lines_and_measure_as_the_screen(pilot: Pilot[None], level: Level) -> None:
    """The win read "Your MSE: 0.4089 … MSE line: 2.3904  MAE line: 0.4422": names the chart
    never showed (its legend: "the MSE's line", "the MAE's line"), and an MSE a student
    could take for all the points' (the HUD: "MSE without the outlier"). Each label whole
    on its row ("Key" had ended a row, "presses: 8" begun the next), and the presses with
    their par ("(par 25)" had begun a row of its own)."""
    app = pilot.app
    win = app.screen
    assert isinstance(win, WinScreen)
    rows = str(win.query_one("#win-score", Static).render()).splitlines()
    score = " ".join(rows).replace("\u00a0", " ")
    playing = app.screen_stack[-2]
    hud = " ".join(widget.text for widget in playing.query("#hud").results(LinesPanel))
    chart = playing.query_one("#chart", CanvasView).text()
    assert "Your MSE without the outlier: " in score, score
    assert "MSE without the outlier" in " ".join(hud.split()), hud
    for label, _ in rules_of(level).references(level):
        assert f"{label}: " in score, (label, score)
        if "line" in label:  # a line the chart draws, by the name its legend gives it
            assert label in chart, (label, chart)
    labels = ["Your MSE without the outlier", "Key presses: "]
    labels += [label for label, _ in rules_of(level).references(level)]
    for label in labels:  # no label broken over two rows
        assert any(label in row.replace("\u00a0", " ") for row in rows), (label, rows)
    presses = re.search(r"Key presses: \d+ \(par \d+\)", score)
    assert presses and any(presses[0] in row.replace("\u00a0", " ") for row in rows), rows


async def the_best_line_under_the_players_is_said_to_be_theirs(
    pilot: Pilot[None], level: Level
) -> None:
    """median-guess won on the median: the player's line and the dashed one drawn as one,
    the panel naming only the best lines. It now says which one the player's line is on
    (as shown: the same numbers, or as near as the keys go: anscombe's b = 3.0 drawn on the
    best, b = 3.001), and says it of no other."""
    playing = pilot.app.screen_stack[-2]
    assert isinstance(playing, FitScreen) and playing.state is not None
    shown = " ".join(str(pilot.app.screen.query_one("#win-shown", Static).render()).split())
    said = re.findall(r"(The [^:]+): (?:m = \S+,? )?b = ([^\s(,]+),? MSE \S+( \(your line)?", shown)
    assert said, shown
    b = pair(playing.state.m, playing.state.b)[1]  # as the panel writes a line
    if level.id == "anscombe":  # one best line, b = 3.001: the keys reach b = 3.0
        m_best, b_best = np.polyfit(level.x, level.y, 1)
        fine = linear.steps(level)
        assert abs(playing.state.m - m_best) <= fine.m / 20
        assert abs(playing.state.b - b_best) <= fine.b / 20  # turned about x = 0
        assert [height for _, height, _ in said] != [b] and said[0][2], shown
    for _, height, yours in said:
        assert bool(yours) == (height == b) or level.id == "anscombe", (shown, b)
    if level.id != "first-line":  # won on its best line (first-line: short of it)
        assert sum(bool(yours) for *_, yours in said) == 1, shown


async def the_legend_leaves_most_of_the_named_mean_in_sight(
    pilot: Pilot[None], level: Level
) -> None:
    """median-guess won at 80×24: the panel names the dotted mean, and the legend's captions
    covered more than half of it (the chart is short beside the panel). The captions go."""
    playing = pilot.app.screen_stack[-2]
    assert isinstance(playing, FitScreen)
    assert "The MSE best (mean)" in str(pilot.app.screen.query_one("#win-shown", Static).render())
    chart = playing.query_one("#chart", CanvasView)
    box = pilot.app.screen.query_one("#win-box")
    await settled(pilot, lambda: not chart.region.overlaps(box.region))  # room made
    await pilot.pause()
    plot_width = chart.size.width - AXIS_WIDTH
    # the mean's row of cells, where the legend must leave most of its dots in sight (at
    # this size the median, the player's line, shares those cells and is drawn over it)
    assert playing.state is not None
    picture = playing._picture(playing.state)
    mean_b = picture.ghosts[0][1]
    row = round(float(_plot_view(picture, *chart.size).row(mean_b)))
    text = chart.text().split("\n")[row][AXIS_WIDTH:]
    mean = sum("\u2800" < ch <= "\u28ff" for ch in text)  # braille: a line's dots
    assert 2 * mean > plot_width, mean


async def the_windy_board_keeps_both_rulers_and_fills_its_room(
    pilot: Pilot[None], level: Level
) -> None:
    """Won at 120×40, the windy board beside the panel had 36 columns and 37 rows: it used
    17 of them, left no room on its left for a y ruler, and its x ruler sat three rows under
    the rings it could see; at 80×24 its x labels were a blank apart on the left. It keeps a
    y ruler, the x ruler right under the board, rule between labels, and (the throws under
    it at 120×40) most of the rows it is given."""
    from tests.test_board_rulers import rulers_read_cleanly

    app = pilot.app
    await panel_shown(pilot)
    playing = app.screen_stack[-2]
    board = playing.query_one("#board", CanvasView)

    def rings() -> int:
        return sum(any(s.startswith("ring") for s in styles) for _, styles in board._rows)

    def laid_out_clear_of_the_panel() -> bool:  # and drawn at that size, rows to spare
        room = playing.query_one("#level-body").styles.padding  # the panel's, once told
        drawn = len(board.text().splitlines()) == board.size.height
        clear = not board.region.overlaps(app.screen.query_one("#win-box").region)
        return (
            bool(room.right or room.bottom)
            and drawn
            and clear
            and rings() >= board.size.height * 2 / 3
        )

    await settled(pilot, laid_out_clear_of_the_panel)
    rulers_read_cleanly(board._rows)


async def a_chart_short_of_room_keeps_the_squares_caption(pilot: Pilot[None], level: Level) -> None:
    """outlier-mae won at 80×24: the legend kept "┊ MAE = the average length of the misses"
    and let "□ MSE = mean area of the squares" go, beside the outlier's e²=132 square.
    Where a square shows, the key under the chart says what it is."""
    assert isinstance(pilot.app.screen, WinScreen)
    playing = pilot.app.screen_stack[-2]
    chart = playing.query_one("#chart", CanvasView)
    text = chart.text()
    assert "e²=" in text and chart.count("square") > 0  # a square shows
    assert "□ area = miss²" in playing.query_one("#key", KeyStrip).text()


DOT_ROWS = (0x01 | 0x08, 0x02 | 0x10, 0x04 | 0x20, 0x40 | 0x80)
"""A braille cell's dots by dot row, top to bottom (both columns)."""


async def the_two_best_lines_drawn_at_their_values_apart(pilot: Pilot[None], level: Level) -> None:
    """Won at 80×24 beside the panel along the bottom, the chart's rows are 2.5 apart: the
    mean (6) and the median (5), the player's line on one of them, were drawn in one text row,
    their dots in the same cells ("⠉⠭⠉⠭"), no line to tell from another. Then the best line
    not under the player's went to the next row: the median's at about 3.4, under the points
    at 4, the mean's at 6.6. Both lines lie across the text row of their values (labelled
    5: 3.75 to 6.25), on dot rows with an empty one between, and the legend says where the
    one off the player's line is."""
    win = pilot.app.screen
    assert isinstance(win, WinScreen)
    chart = pilot.app.screen_stack[-2].query_one("#chart", CanvasView)
    box = win.query_one("#win-box")
    await settled(pilot, lambda: not chart.region.overlaps(box.region))  # room made
    rows = chart.text().splitlines()
    assert len(rows) <= 13, rows  # the chart's rows above the panel (with no k to offer, 13)
    braille = [[ord(c) - 0x2800 for c in row if "\u2801" <= c <= "\u28ff"] for row in rows]
    across = [k for k, cells in enumerate(braille) if len(cells) >= 20]  # lines across
    five, ten = (next(k for k, row in enumerate(rows) if f" {v}┤" in row) for v in (5, 10))
    at = {v: round(five - (v - 5) * (five - ten) / 5) for v in (5, 6)}  # each value's row
    assert sorted(set(at.values())) == across, rows  # the mean and the median, each in its row
    if len(across) == 1:  # in one text row (the panel's text a row taller): dot rows apart
        inked = [
            d
            for d, bits in enumerate(DOT_ROWS)
            if sum(bool(c & bits) for c in braille[across[0]]) >= 20
        ]
        assert len(inked) == 2 and inked[1] - inked[0] >= 2, rows
        # drawn in the player's line's cells, the other line's dots take its colour: its
        # legend entry says where they are (it showed a colour seen nowhere on the chart)
        key = pilot.app.screen_stack[-2].query_one("#key", KeyStrip).text()
        assert SAID_WHERE[level.id] in key, (key, rows)


SAID_WHERE = {
    "mean-guess": "MAE best (median), just below your line",
    "median-guess": "MSE best (mean), just above your line",
}

INKS = {"dotted": "ghost-0", "dashed": "ghost-1"}


async def names_no_ink_the_chart_does_not_draw(pilot: Pilot[None], level: Level) -> None:
    """The panel said "Dotted: the best MSE line" while no dotted cell was drawn beside it
    (the best line within a dot row of the won line, under it; the legend names it, as
    "your line, on best MSE line"): every ink the panel names has cells on the chart."""
    playing = pilot.app.screen_stack[-2]
    assert isinstance(playing, FitScreen)
    chart = playing.query_one("#chart", CanvasView)
    box = pilot.app.screen.query_one("#win-box")
    await settled(pilot, lambda: not chart.region.overlaps(box.region))  # room made
    await pilot.pause()
    shown = str(pilot.app.screen.query_one("#win-shown", Static).render()).lower()
    for ink, style in INKS.items():
        assert ink not in shown or chart.count(style) > 0, (ink, shown)


WON: dict[tuple[int, int], dict[str, tuple[Check, ...]]] = {
    (80, 24): {
        "first-line": (
            chart_and_best_line_beside_the_win,
            the_footer_under_the_win_offers_the_panels_keys,
            k_plays_on_without_the_best_line,
        ),
        "mean-guess": (
            the_two_best_lines_drawn_at_their_values_apart,
            names_no_ink_the_chart_does_not_draw,
        ),
        "median-guess": (
            the_legend_leaves_most_of_the_named_mean_in_sight,
            the_two_best_lines_drawn_at_their_values_apart,
            names_no_ink_the_chart_does_not_draw,
        ),
        "fine-tune": (names_no_ink_the_chart_does_not_draw,),
        "likely-line": (names_no_ink_the_chart_does_not_draw,),
        "outlier-mae": (a_chart_short_of_room_keeps_the_squares_caption,),
        "huber": (huber_names_its_lines_and_measure_as_the_screen,),
        "windy": (the_windy_board_keeps_both_rulers_and_fills_its_room,),
    },
    (120, 40): {
        "first-throw": (says_the_mse_as_the_hud_showed_it, references_read_to_the_players_decimals),
        "first-line": (
            says_the_mse_as_the_hud_showed_it,
            references_read_to_the_players_decimals,
            the_best_line_under_the_players_is_said_to_be_theirs,
            the_footer_under_the_win_offers_the_panels_keys,
        ),
        "median-guess": (
            says_the_mse_as_the_hud_showed_it,
            the_best_line_under_the_players_is_said_to_be_theirs,
        ),
        "huber": (
            says_the_mse_as_the_hud_showed_it,
            references_read_to_the_players_decimals,
            huber_names_its_lines_and_measure_as_the_screen,
            told_beside_huber_nothing_covers_the_x_axis,
        ),
        "windy": (
            references_read_to_the_players_decimals,
            the_windy_board_keeps_both_rulers_and_fills_its_room,
        ),
        "mean-guess": (
            the_best_line_under_the_players_is_said_to_be_theirs,
            names_no_ink_the_chart_does_not_draw,
        ),
        "anscombe": (
            the_best_line_under_the_players_is_said_to_be_theirs,
            names_no_ink_the_chart_does_not_draw,
        ),
    },
    (110, 30): {"huber": (the_footer_under_the_win_offers_the_panels_keys,)},  # the longest
    # panel at the narrowest side
}
"""Per size, the levels won there and the checks of each win, in the order they run."""


@pytest.mark.parametrize(
    ("size", "level_id"),
    [(size, level_id) for size, levels in WON.items() for level_id in levels],
    ids=lambda v: f"{v[0]}x{v[1]}" if isinstance(v, tuple) else v,
)
async def test_a_won_level_passes_each_check_of_its_win(
    size: tuple[int, int], level_id: str, tmp_path: Path
) -> None:
    """The level played to its win at `size` once, then each of its checks (WON): every one
    runs, and a failure names the level, the size and the check that failed."""
    level = LEVELS[level_id]
    async with won(level, tmp_path, size) as pilot:
        await each_check(
            f"{level_id} won at {size[0]}×{size[1]}", WON[size][level_id], pilot, level
        )


ON_SCREEN_NUMBER = r"(−?[0-9][0-9.,e−]*)"


def panel_text(win: WinScreen) -> str:
    """The win panel's box as the terminal shows it, its rows run together, each no-break
    space a space."""
    box = win.query_one("#win-box").content_region
    strips = win._compositor.render_strips()[box.y : box.bottom]
    rows = ("".join(s.text for s in strip.crop(box.x, box.right)) for strip in strips)
    return " ".join(" ".join(rows).replace("\u00a0", " ").split())


def reads_as(text: str, value: float) -> bool:
    """Whether a shown number is `value` to the decimals it is shown to."""
    return abs(float(text.replace("−", "-")) - value) <= 0.5 * 10.0 ** -decimals_of(text)[0]


@pytest.mark.parametrize(
    ("level_id", "size"),
    [
        ("first-line", (80, 24)),
        ("first-line", (120, 40)),
        ("first-line", (200, 50)),
        ("median-guess", (80, 24)),  # a constant: b alone, and two best guesses
        ("outlier-mae", (120, 40)),  # two best lines
    ],
)
async def test_the_win_shows_the_won_line_beside_the_best_each_with_its_mse(
    tmp_path: Path, level_id: str, size: tuple[int, int]
) -> None:
    """A player's pass: the panel gave the best line's m and b but not the player's own,
    whose HUD it hides. The won line's m and b, as its HUD showed them, and its MSE stand
    on screen beside each best line's, with that line's MSE."""
    level = LEVELS[level_id]
    async with won(level, tmp_path, size) as pilot:
        app = pilot.app
        await panel_shown(pilot)
        await pilot.pause()
        playing = app.screen_stack[-2]
        assert isinstance(playing, FitScreen) and playing.state is not None
        hud = playing.query_one("#hud", LinesPanel).text.replace("\u00a0", " ")
        constant = level.spec.model.shape == "constant"
        names = ("b",) if constant else ("m", "b")
        said = {
            name: re.search(rf"\b{name} = {ON_SCREEN_NUMBER}", hud).group(1)  # type: ignore[union-attr]
            for name in names
        }
        seen = panel_text(app.screen)
        mine = "Your guess" if constant else "Your line"
        line = ", ".join(f"{name} = {value}" for name, value in said.items())
        found = re.search(rf"{mine}: {re.escape(line)}, MSE {ON_SCREEN_NUMBER}", seen)
        assert found, (line, seen)
        state = playing.state
        assert reads_as(found.group(1), linear.line_mse(level, state.m, state.b)), found
        best = [(name, at) for name, at in playing._best_lines().items() if at is not None]
        assert best
        for name, (m, b) in best:
            entry = re.search(rf"The {re.escape(name)}: [^:]*?, MSE {ON_SCREEN_NUMBER}", seen)
            assert entry, (name, seen)
            assert reads_as(entry.group(1), linear.line_mse(level, m, b)), entry


def _one_level_of_each_kind() -> list[Level]:
    kinds: dict[str, Level] = {}
    for level in LEVELS.values():
        kinds.setdefault(level.spec.kind, level)
    return list(kinds.values())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("level", _one_level_of_each_kind(), ids=lambda level: level.id)
async def test_no_frame_shows_the_panel_over_a_level_not_laid_out_for_it(
    level: Level, size: tuple[int, int], tmp_path: Path, monkeypatch
) -> None:
    """Every frame the terminal is sent, from the winning key on: where the panel's box is
    on screen, no part of the level's body lies under it. The level was laid out for the
    panel a frame or more after the panel first showed: every level showed 4 or 5 frames
    of its chart or HUD under the box (crickets at 80×24: the chart at full height under
    it, then shrunk above it). The panel's wait for the level has a bound (`PLACING`, the
    next test), here out of reach: on a loaded machine the degree level took longer."""
    from dartfit.dialogs import win

    monkeypatch.setattr(win, "PLACING", 60.0)
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level.id, seed=3)
    under: list[tuple[Region, list[Region]]] = []
    display = app._display

    def seen(screen, renderable) -> None:  # each frame, as the terminal is sent it
        display(screen, renderable)
        if not isinstance(app.screen, WinScreen):
            return
        box = app.screen.query_one("#win-box").region.intersection(app.screen.region)
        body = app.screen_stack[-2].query_one("#level-body")
        parts = [part.region for part in body.children if part.display]
        if box.area and (hit := [part for part in parts if part.intersection(box).area]):
            under.append((box, hit))

    app._display = seen  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*winning_keys(level))
        await settled(pilot, lambda: not app.screen.has_class("-placing"))
        await pilot.pause()
        assert isinstance(app.screen, WinScreen)
    assert under == []


@asynccontextmanager
async def won_unplaced(folder: Path) -> AsyncIterator[tuple[Pilot[object], FitScreen]]:
    """first-line won at 80×24 with its level never saying it is laid out: the panel stays
    laid out out of sight (`-placing`) until `PLACING` runs out. The pilot and the level."""
    made_predictions(folder)
    app = make_app(levels_dir=SHIPPED, data_dir=folder, start="first-line", seed=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, FitScreen)
        screen._make_room = lambda right, bottom, then=None: None  # type: ignore[method-assign]
        await pilot.press(*winning_keys(LEVELS["first-line"]))
        await settled(pilot, lambda: isinstance(app.screen, WinScreen) and app.screen.is_mounted)
        assert app.screen.has_class("-placing")
        yield pilot, screen


async def test_a_level_that_never_says_it_is_laid_out_still_shows_its_panel(
    tmp_path: Path,
) -> None:
    """The panel waits for the level to be laid out in the room it leaves, for at most
    `PLACING` seconds: a level that never says so still shows its panel."""
    from dartfit.dialogs import win

    async with won_unplaced(tmp_path) as (pilot, _):
        app = pilot.app
        await settled(
            pilot, lambda: not app.screen.has_class("-placing"), max(10.0, win.PLACING * 4)
        )


async def test_keys_typed_while_the_panel_is_placed_out_of_sight_act_on_nothing(
    tmp_path: Path,
) -> None:
    """An enter a frame after the win went on to the next level with the panel never seen:
    it was laid out out of sight while the level made room for it, and took keys all the
    while. Keys then act on nothing; once it shows they work, and ctrl+q always does."""
    async with won_unplaced(tmp_path) as (pilot, screen):
        app, panel = pilot.app, pilot.app.screen
        for key in ["enter", "escape", "k", "a"]:
            await pilot.press(key)
            assert app.screen is panel and panel.has_class("-placing"), key
        del screen._make_room  # the level's own again: it says when it is laid out
        panel.call_after_refresh(panel._tell_room)  # type: ignore[attr-defined]
        await panel_shown(pilot)
        await pilot.press("k")
        await settled(pilot, lambda: app.screen is screen)
    async with won_unplaced(tmp_path / "quit") as (pilot, _):
        await pilot.press("ctrl+q")
        await settled(pilot, lambda: pilot.app.return_code is not None or not pilot.app.is_running)


async def test_along_the_bottom_each_line_of_the_win_starts_a_row_of_its_own(
    tmp_path: Path,
) -> None:
    """The sandbox won at 80×24: the panel along the bottom ran its lines together, "Your line:
    m = …, MSE 12.1590  The MSE best line: m = 3.22," over "b = 25.68, …" (an independent
    check). Each line that would break across rows starts one, in no more rows."""
    data = Dataset(tmp_path / "mine.csv", *issue_data(), "x", "y")
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        i, j, _ = best_reachable(app.screen.level)
        await pilot.press(*keys_to(i, j))
        await panel_shown(pilot)
        rows = str(app.screen.query_one("#win-score", Static).render()).splitlines()
        lines = [row for row in rows if "line: m = " in row]
        assert [row.split(":")[0] for row in lines] == [
            "Your line",
            "The MSE best line",
            "The MAE best line",
        ], rows
