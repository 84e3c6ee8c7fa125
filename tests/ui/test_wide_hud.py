"""On a wide screen (160×45, 200×50) the panels beside the chart grow with it: the HUD says
what each number is, and a second column of figures stands beside it (each point's miss,
the walk's steps), every line of it whole; at 80×24 and 120×40 the panels are as they were."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import numpy as np
import pytest
from rich.cells import cell_len
from textual.geometry import Size
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from dartfit.app import make_app
from dartfit.csvdata import Dataset
from dartfit.dialogs.win import WinScreen
from dartfit.levels import load_levels
from dartfit.rules import fit, guess, huber
from dartfit.screens import tables
from dartfit.screens.degree import TALL_ENOUGH
from dartfit.screens.fit import FitScreen
from dartfit.screens.level_base import CHART_AT_LEAST, WIDE_FROM, LevelScreen
from dartfit.steady.app import breakpoint_classes
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.wording import steady
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.test_hud_fits import cut_lines, filling_keys
from tests.ui.typing import panel_shown, settled

LEVELS = {level.id: level for level in load_levels(SHIPPED)}
WIDE = [(160, 45), (200, 50)]
KINDS = [
    "first-throw",
    "outlier-line",
    "mean-guess",
    "pull",
    "costliest",
    "bowl",
    "galton",
    "likely-line",
    "huber",
    "kink",
    "which-line",
    "guess-mse",
    "best-constant",
]
"""A level of each kind with a side panel: darts, line, mae, points (moved and picked),
descent, a line level of many points, mle, huber, kink and the three guesses."""
SIDE_ONLY = {"first-throw", "pull", "costliest"}
"""Those whose side panel is all they have: no second column of figures."""


def side_width(screen: LevelScreen) -> int:
    """The columns the play area gives to what is not the chart: the panels of numbers."""
    area = screen.query_one("#play-area")
    charts = ("chart", "board", "bowl", "kink-charts", "mle-charts")
    chart = next(c for c in area.children if isinstance(c, Widget) and c.id in charts)
    return area.outer_size.width - chart.outer_size.width  # (a column under the HUD: once)


async def resized(pilot: Pilot[object], screen: LevelScreen, size: tuple[int, int]) -> None:
    """The screen at `size`, laid out and its panels filled for it."""
    await pilot.resize_terminal(*size)
    await settled(pilot, lambda: screen.size == size)
    # a level under its win panel hears of the resize after the panel does: the Pilot waits
    # only for the screen on top, so its classes for the new size may come a turn later (a
    # CI run read the old ones); wait for them, bounded, so a level never told still fails
    wanted = {name for name, has in breakpoint_classes(screen, Size(*size)).items() if has}
    await settled(pilot, lambda: wanted <= screen.classes, seen=lambda: screen.classes)
    for _ in range(3):
        await pilot.pause()


async def line_screen(pilot: Pilot[object]) -> FitScreen:
    """The line screen the app opens on, once it is open."""
    await settled(pilot, lambda: isinstance(pilot.app.screen, FitScreen))
    screen = pilot.app.screen
    assert isinstance(screen, FitScreen)
    return screen


@asynccontextmanager
async def at_80x24(
    tmp_path: Path, level_id: str
) -> AsyncIterator[tuple[Pilot[object], LevelScreen]]:
    """The level opened at 80×24: the pilot and its screen."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        assert isinstance(screen, LevelScreen)
        yield pilot, screen


def chart_width(screen: LevelScreen) -> int:
    """The columns of the play area that are not its panels of numbers: the chart's."""
    return screen.query_one("#play-area").outer_size.width - side_width(screen)


@pytest.mark.parametrize("level_id", KINDS)
async def test_the_panels_grow_on_a_wide_screen_no_line_is_cut_and_the_chart_keeps_its_room(
    level_id: str, tmp_path: Path
) -> None:
    """Two walks through the sizes on one game (its level opened and filled once): from
    120×40 to the wide sizes, the panels grow and every line is whole; from 150×40 to them,
    a second column of figures leaves the chart its room. At 160×45 Huber's table of eight
    columns left its chart 65 columns (the likely line's 73), fewer than 120 columns give
    it: a column that would is not shown."""
    second_column = level_id not in SIDE_ONLY
    async with at_80x24(tmp_path, level_id) as (pilot, screen):
        for key in filling_keys(LEVELS[level_id]):
            await pilot.press(key)
        await pilot.pause()
        narrow = side_width(screen)
        await resized(pilot, screen, (120, 40))
        for size in WIDE:  # from 120×40, the loud point's new column showed 6 of its 17
            # rows until the next key: its rows' second layout, for its size, was lost
            await resized(pilot, screen, size)
            assert screen.has_class("-wide")
            await settled(pilot, lambda: not cut_lines(screen), 3, lambda: cut_lines(screen))
            # the HUD's glosses, and a second column where the chart keeps its room
            grown = 10 if screen.query(".-cramped") else 20
            assert side_width(screen) >= narrow + grown, f"from 120×40, at {size[0]}×{size[1]}"
        if not second_column:
            return
        await resized(pilot, screen, (80, 24))  # the second walk starts where a game does
        for size in [(150, 40), *WIDE]:
            await resized(pilot, screen, size)
            await settled(pilot, lambda: not cut_lines(screen), 3, lambda: cut_lines(screen))
            assert chart_width(screen) >= CHART_AT_LEAST, f"from 150×40, at {size[0]}×{size[1]}"
        assert any(panel.display for panel in screen.query("#misses, #walk"))  # at 200×50


@pytest.mark.parametrize("level_id", ["huber", "likely-line", "outlier-line"])
@pytest.mark.parametrize("size", [(150, 40), (160, 45)])
async def test_a_column_too_wide_beside_the_hud_stands_under_it(
    level_id: str, size: tuple[int, int], tmp_path: Path
) -> None:
    """At 150 to 180 columns Huber's and the likely line's tables (the line levels' at 150)
    were hidden, as they would have left the chart under CHART_AT_LEAST columns beside the
    HUD: the widest screens but one showed no misses (an independent check of issue 10).
    There the column stands under the HUD, whole, the chart keeping its room."""
    async with at_80x24(tmp_path, level_id) as (pilot, screen):
        for key in filling_keys(LEVELS[level_id]):
            await pilot.press(key)
        await resized(pilot, screen, size)
        await settled(pilot, lambda: not cut_lines(screen), 3, lambda: cut_lines(screen))
        misses = screen.query_one("#misses", LinesPanel)
        assert misses.display and misses.region.width > 0 and misses.region.height >= 8
        assert chart_width(screen) >= CHART_AT_LEAST, f"at {size[0]}×{size[1]}"
        hud = screen.query_one("#hud", LinesPanel)
        if level_id != "outlier-line" or size[0] == 150:  # (the line's fits beside from 160)
            assert misses.region.y >= hud.region.bottom  # under the HUD, not over it
        assert misses.text.split("\n")[1].split()[:2] == ["pt", "x"]  # its table's heads


def panels(screen: LevelScreen) -> dict[str, str]:
    """What each panel of numbers beside the chart says (its lines, not what they fit)."""
    said = {f"#{panel.id}": panel.text for panel in screen.query(LinesPanel)}
    for static in screen.query("#play-area Static"):
        if isinstance(static, Static) and not isinstance(static.parent, LinesPanel):
            said[f"#{static.id}"] = str(static.content)
    return said


async def steady_panels(pilot: Pilot[object], screen: LevelScreen) -> dict[str, str]:
    """What the panels say once it stays the same from one frame to the next."""
    shown = panels(screen)
    for _ in range(50):
        await pilot.pause()
        if (now := panels(screen)) == shown:
            break
        shown = now
    return shown


@pytest.mark.parametrize("level_id", [*KINDS, "degree"])
async def test_a_level_under_its_win_panel_fills_its_panels_for_each_new_size(
    level_id: str, tmp_path: Path
) -> None:
    """A level under its win panel is told of a resize once, before Textual gives it the
    breakpoint class of its new width: at 200 columns it had no column of misses, and back
    at 80 columns the wide table of shares stood in the narrow panel (a campaign run)."""
    async with at_80x24(tmp_path, level_id) as (pilot, screen):
        for key in winning_keys(LEVELS[level_id]):
            await pilot.press(key)
            if isinstance(pilot.app.screen, WinScreen):
                break
        await panel_shown(pilot)
        for size in [(200, 50), (110, 30), (160, 45), (80, 24)]:
            await resized(pilot, screen, size)
            assert screen.has_class("-wide") == (size[0] >= WIDE_FROM), size
            if level_id == "degree":  # its U drawn smaller on a short terminal
                assert screen.has_class("-short") == (size[1] < TALL_ENOUGH), size
            shown = await steady_panels(pilot, screen)  # a worker's exact MAE may come late
            screen.resized()  # what the level shows at this size, its classes as they are
            await settled(pilot, lambda s=shown: panels(screen) == s, 3, lambda: panels(screen))


async def test_a_line_level_lists_every_miss_and_adds_them_up_to_the_hud_s_mse(
    tmp_path: Path,
) -> None:
    """The loud point at 200×50: the HUD read a 24-column list, the chart took the rest.
    Now a column beside it lists each point's x, y, ŷ, e and e², the largest marked, and
    sums them to the MSE the HUD shows; the HUD names what m, b and the MSE are."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="outlier-line")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await line_screen(pilot)
        misses = screen.query_one("#misses", LinesPanel)
        hud = screen.query_one("#hud", LinesPanel)
        assert not misses.display and "slope" not in hud.text  # 120 columns: as it was
        await resized(pilot, screen, (200, 50))
        assert misses.display
        level, state = screen.level, screen.state
        assert state is not None
        s = fit.score(level, state)
        assert s.residuals is not None
        rows = misses.text.split("\n")
        listed = [row[1:].split()[0] for row in rows[2 : 2 + level.x.size]]
        assert listed == [str(k) for k in range(1, level.x.size + 1)]  # every point, in order
        largest = int(np.argmax(s.residuals**2))
        assert rows[2 + largest].endswith(tables.LARGEST)
        assert f"MSE = Σe² ÷ {level.x.size} = {steady(s.mse)}" in rows
        assert f"MSE = {steady(s.mse)}" in hud.text  # the same number in the HUD
        assert "slope" in hud.text and "intercept" in hud.text
        await resized(pilot, screen, (120, 40))
        assert not misses.display and "slope" not in hud.text  # back as it was


async def test_many_points_list_their_largest_squares_in_the_rows_there_are(
    tmp_path: Path,
) -> None:
    """Galton's 928 children at 160×45: the column lists the largest squares it has rows
    for, says so, and every one of its lines is whole."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="galton")
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await line_screen(pilot)
        await resized(pilot, screen, (160, 45))
        misses = screen.query_one("#misses", LinesPanel)
        rows = misses.text.split("\n")
        shown = rows.index("") - 2
        assert rows[0] == f"the {shown} largest e² of 928 points"
        assert len(rows) <= misses.content_size.height and cut_lines(screen) == []
        state = screen.state
        assert state is not None
        squares = fit.score(screen.level, state).residuals ** 2  # type: ignore[operator]
        listed = {int(row[1:].split()[0]) - 1 for row in rows[2 : 2 + shown]}
        assert min(squares[list(listed)]) >= np.sort(squares)[-shown]


async def test_the_sandbox_lists_its_data_and_marks_the_picked_point(tmp_path: Path) -> None:
    x = np.arange(1.0, 9.0)
    y = 2 * x + np.array([1, -1, 0, 2, -2, 1, 0, -1.0])
    data = Dataset(tmp_path / "own.csv", x, y, "x", "y")
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await line_screen(pilot)
        await pilot.press("tab", "tab")  # the second point is picked
        await pilot.pause()
        rows = screen.query_one("#misses", LinesPanel).text.split("\n")
        assert rows[3][0] == tables.PICKED and rows[3][1:].split()[0] == "2"
        assert cut_lines(screen) == []


def test_a_table_of_few_rows_keeps_the_picked_point_and_the_largest_squares() -> None:
    x = np.array([0.55, 0.92, 6.57, 12.0])
    e = np.array([0.28, 0.34, 14.43, -8.1])
    rows = tables.table(x, x + e, e, rows=2, picked=0)
    assert [row[1:].split()[0] for row in rows] == ["pt", "1", "3"]
    assert rows[1][0] == tables.PICKED and rows[2].endswith(tables.LARGEST)
    assert tables.data_column(x) == ["0.55", "0.92", "6.57", "12.00"]  # 0.55, not 0.6


@asynccontextmanager
async def wide_column(
    tmp_path: Path, level_id: str, keys: tuple[str, ...] = ()
) -> AsyncIterator[LevelScreen]:
    """The level at 80×24 after `keys`, then at 200×50 (160×45 leaves Huber's and the likely
    line's charts no room for their columns): its screen, every line whole."""
    async with at_80x24(tmp_path, level_id) as (pilot, screen):
        await pilot.press(*keys)
        await resized(pilot, screen, (200, 50))
        await settled(pilot, lambda: not cut_lines(screen), 3, lambda: cut_lines(screen))
        yield screen


async def test_the_likely_line_lists_each_points_log_p_adding_up_to_log_l(
    tmp_path: Path,
) -> None:
    """Level 23 at 200×50 kept its 44-column HUD: now each point's miss and the log of its
    bar under the bell (log p) stand beside it, summed to the HUD's log L."""
    async with wide_column(tmp_path, "likely-line", ("right", "up")) as screen:
        _likely_line_column(screen)


def _likely_line_column(screen: LevelScreen) -> None:
    assert isinstance(screen, FitScreen) and screen.state is not None
    rows = screen.query_one("#misses", LinesPanel).text.split("\n")
    level, s = screen.level, screen._score(screen.state)
    assert s.residuals is not None
    head = rows[1].split()
    assert head[-1] == "p" and head[-2] == "log"  # the column "log p"
    body = [row.removesuffix(tables.LARGEST).split() for row in rows[2 : 2 + level.x.size]]
    listed = [float(row[-1].replace("−", "-")) for row in body]
    sigma = screen.sigma  # type: ignore[attr-defined]
    expected = -0.5 * np.log(2 * np.pi * sigma**2) - s.residuals**2 / (2 * sigma**2)
    assert listed == pytest.approx(expected, abs=0.006)
    hud = screen.query_one("#hud", LinesPanel).text
    log_l = next(line for line in rows if line.startswith("log L = Σ log p = "))
    assert f"log L = {log_l.rsplit(' ', 1)[1]}" in hud  # the HUD's own number
    assert "the bell's width" in hud


async def test_huber_says_which_misses_it_squares_and_which_it_counts_in_a_line(
    tmp_path: Path,
) -> None:
    async with wide_column(tmp_path, "huber", ("left", "left", "left", "left")) as screen:
        _huber_column(screen)


def _huber_column(screen: LevelScreen) -> None:
    state = screen.state  # type: ignore[attr-defined]
    level = screen.level
    d = huber.delta(level, state.rung)
    m, b = huber.ladder(level)[state.rung]
    e = level.y - (m * level.x + b)
    rows = screen.query_one("#misses", LinesPanel).text.split("\n")
    said = [
        row.split()[-1] if not row.endswith(tables.LARGEST) else row.split()[-2]
        for row in rows[2 : 2 + level.x.size]
    ]
    assert said == ["square" if abs(v) <= d else "line" for v in e]
    assert "line" in said and "square" in said  # δ between the misses: both shown
    assert f"pt {huber.outlier(level) + 1}: the outlier, not scored" in rows
    hud = screen.query_one("#hud", LinesPanel).text
    assert "squared up to it" in hud
    assert "MSE without the outlier: " in hud  # one row: "MSE without the" above "outlier:"


async def test_the_kink_lists_both_walks_steps_the_mse_s_shrinking(tmp_path: Path) -> None:
    async with wide_column(tmp_path, "kink", ("1", *["space"] * 6)) as screen:
        _kink_column(screen)


def _kink_column(screen: LevelScreen) -> None:
    rows = screen.query_one("#walk", LinesPanel).text.split("\n")
    assert rows[0] == "both walks, step by step"
    steps = [row.split() for row in rows[2:] if row.strip()]
    assert [int(row[0]) for row in steps] == list(range(1, 7))
    mse_steps = [float(row[2].replace("−", "-")) for row in steps]
    mae_steps = {row[4] for row in steps}
    assert mse_steps == sorted(mse_steps, reverse=True) and mse_steps[-1] < mse_steps[0] / 100
    assert len(mae_steps) == 1  # the MAE's: one size till c passes a point (its slope jumps)


def _listed(rows: list[str], column: int) -> list[float]:
    """A table's column of figures (0: the point's number), read back as numbers."""
    body = [row.removesuffix(tables.LARGEST).split() for row in rows[2:]]
    return [float(row[column].replace("−", "-")) for row in body[: body.index([])]]


@pytest.mark.parametrize("level_id", ["which-line", "guess-mse", "best-constant"])
async def test_a_guess_lists_its_points_then_their_misses_adding_up_to_the_answer(
    level_id: str, tmp_path: Path
) -> None:
    """The guess levels at 160×45 had no column beside the HUD (every other kind had one;
    now it is shown at 200×50, where the chart keeps CHART_AT_LEAST columns beside it).
    Before the guess: the round's points in numbers, not its answer; after it, each point's
    miss and square, summed to the answer the HUD gives (both lines' MSEs; ȳ's MSE beside
    the guess's)."""
    async with at_80x24(tmp_path, level_id) as (pilot, screen):
        await resized(pilot, screen, (200, 50))
        misses = screen.query_one("#misses", LinesPanel)
        await settled(pilot, lambda: bool(misses.text) and not cut_lines(screen))
        rows = misses.text.split("\n")
        shown = guess.rounds(screen.level)[0]
        assert rows[1].split() == (["pt", "y"] if level_id == "best-constant" else ["pt", "x", "y"])
        assert _listed([*rows, ""], -1) == pytest.approx(shown.y, abs=0.006)
        assert not any("MSE" in row for row in rows)  # nothing of the answer yet
        await pilot.press("1", "enter")
        await settled(pilot, lambda: "MSE" in misses.text and not cut_lines(screen))
        rows = misses.text.split("\n")
        hud = screen.query_one("#hud", LinesPanel).text
        mses = guess.lines_mse(shown)
        squares = [e**2 for e in guess.misses(shown)]
        if level_id == "which-line":
            assert _listed(rows, 4) == pytest.approx(squares[0], abs=0.001)
            assert _listed(rows, 6) == pytest.approx(squares[1], abs=0.001)
            for k, mse in enumerate(mses, 1):
                said = f"line {k}: MSE {steady(mse)}"
                assert said in hud and f"= {steady(mse)}" in rows[-3 + k], rows
            return
        assert _listed(rows, -1) == pytest.approx(squares[0], rel=0.001, abs=0.001)
        assert f"MSE = Σe² ÷ {shown.y.size} = {steady(mses[0])}" in rows
        if level_id == "best-constant":
            assert _listed(rows, 2) == pytest.approx([shown.b] * shown.y.size, abs=0.006)  # ȳ
            assert rows[-1] == f"your guess 1: MSE = {steady(float(np.mean((shown.y - 1) ** 2)))}"


@pytest.mark.parametrize("level_id", ["first-line", "outlier-mae"])
async def test_a_nudge_never_moves_the_chart_with_the_best_line_shown(
    tmp_path: Path, level_id: str
) -> None:
    """A player's pass: at 200×50, the best line shown (o, then y), a nudge widened the
    misses column beside the HUD by a cell for its new numbers, and narrowed the chart. The
    column is as wide as the play needs from the start: walked far every way, no nudge moves
    the chart or the column, or lays the screen out again, and each row of it is whole."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level_id)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await line_screen(pilot)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("y")  # the star cost, accepted
        await settled(
            pilot, lambda: app.screen is screen and "computing" not in panels(screen)["#hud"]
        )
        for _ in range(3):
            await pilot.pause()
        assert screen.state is not None and screen.state.revealed
        parts = ("#chart", "#hud", "#misses")
        regions = {part: screen.query_one(part).region for part in parts}
        laid_out: list[object] = []
        screen.screen_layout_refresh_signal.subscribe(screen, laid_out.append)
        # away from the best line (which would win) and back: far off the chart's view
        walk = ["left"] * 12 + ["down"] * 24 + ["up"] * 24 + ["right"] * 12 + ["shift+down"] * 5
        for key in walk:
            await pilot.press(key)
            await pilot.pause()
            now = {part: screen.query_one(part).region for part in parts}
            assert now == regions, (key, screen.state)
            column = screen.query_one("#misses", LinesPanel)
            widest = max(map(cell_len, column.text.split("\n")))
            assert widest <= column.content_size.width and cut_lines(screen) == [], key
        assert screen.state.presses >= len(walk) and not laid_out, len(laid_out)
