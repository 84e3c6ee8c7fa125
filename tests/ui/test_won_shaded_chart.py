"""Galton's shaded chart, while playing and beside the win panel: its key, under the chart,
names every line and what the shades count, no legend hides a shaded cell, and the mouse
reads the plot as drawn."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.dialogs.predict import PredictScreen
from dartfit.levels import find_level, load_levels
from dartfit.pictures.common import AXIS_WIDTH
from dartfit.pictures.fit import FitPicture, _draw_fit, _plot_view, draw_fit
from dartfit.rules import linear
from dartfit.screens.fit import FitScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.key_strip import KeyStrip
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.test_mouse import drag
from tests.ui.typing import panel_shown, settled

NAMED = ["parents (in)", "child (in)", "your line", "ŷ = x", "points in a cell"]
"""What Galton's legend names while playing; once won, the best MSE line too."""


def _shaded_cells(rows: list[tuple[str, list[str]]]) -> list[tuple[int, int]]:
    """The (row, column) of each shaded cell of a chart drawn as `Raster.rows` gives it."""
    return [
        (r, c)
        for r, (chars, styles) in enumerate(rows)
        for c, (char, style) in enumerate(zip(chars, styles, strict=True))
        if (style == "density" and char != " ") or "+shade" in style
    ]


def _plot_top(rows: list[str]) -> int:
    """The first row of the plot: the first with the y axis beside it."""
    return next(r for r, row in enumerate(rows) if row[AXIS_WIDTH - 1] in "│┤")


Chart = tuple[FitPicture, int, int, str, str]
"""A chart as the screen draws it: its picture, the canvas's width and height, its text, and
its key's text."""
CHARTS: dict[tuple[int, int], tuple[Chart, Chart]] = {}
"""Galton's chart at a size while playing and once won, from one game a size in this process:
the tests that read them (marked `READS`, one worker's) share it (6 games were 3)."""
READS = pytest.mark.xdist_group("galton-charts")


async def _galton_chart(tmp_path: Path, size: tuple[int, int], won: bool) -> Chart:
    """Galton's chart as the screen draws it at `size`, while playing (its prediction made
    before) or beside the win panel."""
    if size not in CHARTS:
        CHARTS[size] = await _galton_played_and_won(tmp_path, size)
    return CHARTS[size][won]


async def _galton_played_and_won(tmp_path: Path, size: tuple[int, int]) -> tuple[Chart, Chart]:
    """Galton's chart at `size` while playing, then beside the win panel, in one game."""
    level = find_level(load_levels(SHIPPED), "galton")
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="galton")
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        screen = app.screen
        assert isinstance(screen, FitScreen)
        canvas = screen.query_one(CanvasView)
        await settled(pilot, lambda: bool(canvas.size.height and canvas.text().strip()))
        key = screen.query_one("#key", KeyStrip)

        def chart() -> Chart:
            assert isinstance(screen, FitScreen) and screen.state is not None
            width, height = canvas.size
            return screen._picture(screen.state), width, height, canvas.text(), key.text()

        playing, played_size = chart(), canvas.size
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        await settled(pilot, lambda: canvas.size != played_size)  # beside the win panel
        # and the key grown to the rows the best line's name needs (a layout later)
        await settled(pilot, lambda: "(? help)" not in key.text())
        return playing, chart()


@READS
@pytest.mark.parametrize(
    ("size", "won"),
    [((80, 24), False), ((80, 24), True), ((100, 30), True), ((120, 40), False), ((120, 40), True)],
    ids=["playing-80x24", "won-80x24", "won-100x30", "playing-120x40", "won-120x40"],
)
async def test_galtons_legend_hides_no_shaded_cell(
    size: tuple[int, int], won: bool, tmp_path: Path
) -> None:
    """Galton's legend lay over shaded cells wherever every corner of the plot is shaded: 9
    cells beside the win panel at 80×24, 2 there at 100×30, and 10 while playing at 80×24,
    11 children of 69.5-inch parents in one; then rows over the plot took 3 of its rows.
    The chart shown is the chart drawn without a legend, every row of it plot, and the key
    under it names every line, the axes and what the shades count."""
    picture, width, height, shown, key = await _galton_chart(tmp_path, size, won)
    drawn = draw_fit(picture, width, height).rows()
    assert shown == "\n".join(chars for chars, _ in drawn)  # the chart drawn is the one shown
    assert _plot_top([chars for chars, _ in drawn]) == 0  # no row over the plot
    bare = _draw_fit(picture, width, height, keyed=False).rows()
    assert _shaded_cells(bare) and drawn == bare  # nothing laid over the plot
    for name in [*NAMED, *(["best MSE line"] if won else [])]:
        assert name in key, f"the key does not name {name!r}: {key}"


async def test_a_drag_on_galtons_line_below_its_legend_rows_shifts_it(tmp_path: Path) -> None:
    """While playing at 80×24 Galton's legend took rows of its own over the plot: a press on
    the line where it was drawn, under those rows, grabbed it. Its key is under the chart
    now, and a press on the line as drawn grabs it, a drag two rows up shifting it by two
    of the rows drawn."""
    level = find_level(load_levels(SHIPPED), "galton")
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="galton")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        screen = app.screen
        canvas = screen.query_one(CanvasView)
        await settled(pilot, lambda: bool(canvas.size.height and canvas.text().strip()))
        assert isinstance(screen, FitScreen) and screen.state is not None
        start = screen.state
        width, height = canvas.size
        picture = screen._picture(start)
        drawn = draw_fit(picture, width, height).rows()
        top = _plot_top([chars for chars, _ in drawn])
        assert top == 0, "a legend over the plot"
        view = _plot_view(picture, width, height)  # the plot as drawn
        x_bar = linear.mean_point(level)[0]
        col = round(view.col(x_bar)) + AXIS_WIDTH
        row = top + round(view.row(start.m * x_bar + start.b))
        assert drawn[row][1][col] == "line"  # the press is on the line as drawn
        await drag(pilot, (col, row), (col, row - 1), (col, row - 2))
        state = screen.state
        per_row = (view.y_hi - view.y_lo) / (view.height - 1)
        assert state.m == start.m and state.presses == start.presses + 1
        assert state.b - start.b == pytest.approx(2 * per_row, rel=1e-6)


@READS
async def test_galtons_won_legend_names_the_best_line_its_line_lies_on(tmp_path: Path) -> None:
    """Won at 80×24, Galton's best MSE line lies 0.2 of a dot row under the player's line,
    drawn wholly under it, and the legend named it apart ("⠂⠂⠂⠂⠂ best MSE line"), a dotted
    line no one could find: it is named in the player's entry, and has none of its own."""
    _, _, _, _, key = await _galton_chart(tmp_path, (80, 24), True)
    assert "your line, on best MSE line" in key, key
    assert key.count("best MSE") == 1, key


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_galtons_question_says_what_the_shades_count_and_hides_no_shaded_cell(
    size: tuple[int, int], tmp_path: Path
) -> None:
    """A student's review: Galton's chart shades its cells with no legend saying what a
    shade means. Under the question asked before the level, at 80×24 (six rows to plot)
    the corner legend had let the shades' key go rather than hide shaded cells, then rows
    over the plot's empty top and bottom rows held it, and a taller chart found no room
    for it. The question's chart has the level's key under it: every name and the shades'
    key there, and the chart shown is the chart drawn with no legend on it, every row of
    it plot."""
    app = make_app(SHIPPED, tmp_path, start="galton")  # no prediction made: it is asked
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        canvas = app.screen.query_one("#predict-chart", CanvasView)
        key = app.screen.query_one("#key", KeyStrip)
        await settled(pilot, lambda: bool(canvas.size.height and canvas.text().strip()))
        await settled(pilot, lambda: bool(key.text().strip()))
        level_screen = app.screen_stack[-2]
        assert isinstance(level_screen, FitScreen) and level_screen.state is not None
        picture = replace(
            level_screen._picture(level_screen.state),
            squares=False,
            residuals=False,
            caption=False,
            label_largest=False,
            key_below=True,  # as the question's chart: its legend in the key under it
        )
        width, height = canvas.size
        shown, named = canvas.text(), key.text()
    drawn = draw_fit(picture, width, height).rows()
    assert shown == "\n".join(chars for chars, _ in drawn)  # the chart drawn is the one shown
    for name in NAMED:
        assert name in named, f"the key does not name {name!r}: {named}"
    assert _plot_top([chars for chars, _ in drawn]) == 0  # no row over the plot
    bare = _draw_fit(picture, width, height, keyed=False).rows()
    assert _shaded_cells(bare) and drawn == bare  # nothing laid over the plot
