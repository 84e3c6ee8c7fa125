"""On a wide screen (160×45, 200×50) the panels beside the chart grow with it: the HUD says
what each number is, and a second column of figures stands beside it (each point's miss,
the walk's steps), every line of it whole; at 80×24 and 120×40 the panels are as they were."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from dartfit.app import make_app
from dartfit.csvdata import Dataset
from dartfit.levels import load_levels
from dartfit.rules import fit
from dartfit.screens import tables
from dartfit.screens.fit import FitScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.wording import steady
from tests.conftest import SHIPPED, made_predictions
from tests.ui.test_hud_fits import cut_lines, filling_keys
from tests.ui.typing import settled

LEVELS = {level.id: level for level in load_levels(SHIPPED)}
WIDE = [(160, 45), (200, 50)]
KINDS = ["first-throw", "outlier-line", "mean-guess", "pull", "costliest", "bowl", "galton"]
"""A level of each kind with a side panel: darts, line, mae, points (moved and picked),
descent, and a line level of many points."""


def side_width(screen: LevelScreen) -> int:
    """The columns the play area gives to what is not the chart: the panels of numbers."""
    area = screen.query_one("#play-area")
    charts = ("chart", "board", "bowl")
    return sum(
        child.outer_size.width
        for child in area.children
        if isinstance(child, Widget) and child.display and child.id not in charts
    )


async def resized(pilot: Pilot[object], screen: LevelScreen, size: tuple[int, int]) -> None:
    """The screen at `size`, laid out and its panels filled for it."""
    await pilot.resize_terminal(*size)
    await settled(pilot, lambda: screen.size == size)
    for _ in range(3):
        await pilot.pause()


async def line_screen(pilot: Pilot[object]) -> FitScreen:
    """The line screen the app opens on, once it is open."""
    await settled(pilot, lambda: isinstance(pilot.app.screen, FitScreen))
    screen = pilot.app.screen
    assert isinstance(screen, FitScreen)
    return screen


@pytest.mark.parametrize("level_id", KINDS)
async def test_the_panels_grow_on_a_wide_screen_and_no_line_is_cut(
    level_id: str, tmp_path: Path
) -> None:
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        assert isinstance(screen, LevelScreen)
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
            assert side_width(screen) >= narrow + 20, f"at {size[0]}×{size[1]}"


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
