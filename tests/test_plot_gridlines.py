"""The plotext charts (the auto-solver's fit, bowl and MSE; the degree charts) draw faint
dotted gridlines as the line levels do: a dot on each y tick's row at the columns the line
levels' rule spaces (`grid_cols`), and up each x tick's column, beneath every series (they
had none: a point's value was read from the frame's ticks alone)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.pictures.common import SHORT_GRID, grid_cols, grid_rows
from dartfit.pictures.figure import Figure, Series
from dartfit.widgets.plot import PlotView, build
from tests.conftest import SHIPPED, made_predictions
from tests.ui.test_kink_screen import _plot_rows, cells_in
from tests.ui.typing import settled, solver_opened

DOT = "·"


def framed(text: list[str]) -> tuple[list[str], list[int], list[int]]:
    """A chart's plot cells row by row (no frame, no labels), the rows that carry a y tick
    label, and the columns of the x ticks (the ┬ of the frame's foot), counted in the cells."""
    top = next(i for i, row in enumerate(text) if "┌" in row)
    foot = next(i for i, row in enumerate(text) if "└" in row)
    left = text[top].index("┌") + 1
    cells = [row[left : row.rindex("│")] for row in text[top + 1 : foot]]
    y_rows = [r for r, row in enumerate(text[top + 1 : foot]) if row[left - 1] == "┤"]
    x_cols = [c for c, char in enumerate(text[foot][left:]) if char == "┬"]
    return cells, y_rows, x_cols


def plain(rows: list[str]) -> list[str]:
    return [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]


def test_an_empty_charts_dots_follow_the_line_levels_spacing() -> None:
    """On each y tick's row, a dot at each column `grid_cols` gives (one on every x tick's);
    up each x tick's column, one every other row from the foot."""
    figure = Figure((Series((), (), "line"),), xlim=(0.0, 10.0), ylim=(0.0, 10.0))
    cells, y_rows, x_cols = framed(plain(build(figure, 60, 20)))
    assert len(y_rows) >= 3 and len(x_cols) >= 3
    width = len(cells[0])
    for r in y_rows:
        dots = [c for c, char in enumerate(cells[r]) if char == DOT]
        assert dots == grid_cols(x_cols, 1, width), (r, cells[r])
    for c in x_cols:
        up = [len(cells) - 1 - r for r, row in enumerate(cells) if row[c] == DOT]
        assert set(range(1, len(cells), 2)) <= set(up), (c, up)


def _dotted_rows(cells: list[str]) -> list[int]:
    """The rows of a plot (from its top) with a grid dot in them."""
    return [r for r, row in enumerate(cells) if DOT in row]


@pytest.mark.parametrize("height", [8, 10, 12, 14])
def test_a_short_charts_dotted_rows_stand_apart(height: int) -> None:
    """The degree chart's MSE and the auto-solver's charts at 80×24 (6 to 13 rows, a tick
    every row or two) drew a lattice of dots two rows apart over their data: on a chart under
    SHORT_GRID rows, the rows with dots lie three rows apart or more, and no dots stand up
    the x ticks' columns between them; a taller one keeps its dense grid. One rule for the
    plotext charts and the line levels' charts."""
    from dartfit.pictures import common
    from dartfit.pictures.raster import Raster, View

    figure = Figure((Series((), (), "line"),), xlim=(0.0, 10.0), ylim=(0.0, 10.0))
    plot_cells, _, _ = framed(plain(build(figure, 60, height + 2)))
    view = View(0.0, 10.0, 0.0, 10.0, width=60, height=height)
    raster = Raster(common.AXIS_WIDTH + view.width, view.height + 1)
    common.axes(raster, view, "x", "y", left=common.AXIS_WIDTH)
    raster_cells = ["".join(row[common.AXIS_WIDTH :]) for row in raster.chars[:height]]
    for cells in (plot_cells, raster_cells):
        rows = _dotted_rows(cells)
        assert len(rows) >= 2, cells
        gaps = [b - a for a, b in itertools.pairwise(rows)]
        if len(cells) < SHORT_GRID:
            assert min(gaps) >= 3, cells
        else:
            assert min(gaps) <= 2, cells


def test_the_dots_lie_beneath_every_series() -> None:
    """A line along a y tick covers that row's dots: the series is drawn over the grid."""
    figure = Figure(
        (Series((0.0, 10.0), (4.0, 4.0), "line", marker="hd"),),
        xlim=(0.0, 10.0),
        ylim=(0.0, 10.0),
    )
    cells, y_rows, _ = framed(plain(build(figure, 60, 20)))
    on_line = [cells[r] for r in y_rows if "▀" in cells[r] or "▄" in cells[r]]
    assert on_line and all(DOT not in row.strip() for row in on_line), cells


def test_a_dashed_level_line_keeps_its_gaps_clear_of_dots() -> None:
    """A level line drawn in dashes (the kink level's median, "┄" every few columns) along a
    y tick's row: its gaps stay blank, not filled with the grid's dots ("┄·┄·")."""
    dashes = tuple(float(x) for x in range(0, 11, 2))
    figure = Figure(
        (Series(dashes, (4.0,) * len(dashes), "point", "scatter", "┄"),),
        xlim=(0.0, 10.0),
        ylim=(0.0, 10.0),
    )
    cells, y_rows, _ = framed(plain(build(figure, 60, 20)))
    dashed = [cells[r] for r in y_rows if "┄" in cells[r]]
    assert dashed, cells
    for row in dashed:
        assert DOT not in row[row.index("┄") : row.rindex("┄")], row


async def test_the_kink_levels_median_reads_as_dashes_alone(tmp_path: Path) -> None:
    """In the kink level at 80×24 the median's dashed row has no grid dot between its dashes."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="kink")
    async with app.run_test(size=(80, 24)) as pilot:
        chart = pilot.app.screen.query_one("#kink-path", PlotView)
        await settled(pilot, lambda: "└" in chart.text() and cells_in("point", chart))
        dashes = cells_in("point", chart)  # (the median's role)
        (row,) = {r for r, _ in dashes}
        cols = [c for _, c in dashes]
        inside = _plot_rows(chart)[row]
        left = min(inside.index(c) for c in "│┤" if c in inside) + 1
        assert len(cols) > 3 and DOT not in inside[left + min(cols) : left + max(cols)], (
            chart.text()
        )


SCENES = {
    "auto-solver": ("first-line", ["a", "y"]),  # opened paused, at its first step
    "degree": ("degree", ["right", "right"]),
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("scene", SCENES)
async def test_every_plotext_chart_has_gridlines(
    scene: str, size: tuple[int, int], tmp_path: Path
) -> None:
    level, keys = SCENES[scene]
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        if scene == "auto-solver":
            await solver_opened(pilot)
        charts = list(pilot.app.screen.query(PlotView))
        assert len(charts) >= 2
        await settled(pilot, lambda: all("└" in chart.text() for chart in charts))
        for chart in charts:
            cells, y_rows, x_cols = framed(chart.text().splitlines())
            assert y_rows and x_cols, chart.text()
            dotted = [r for r in y_rows if DOT in cells[r]]  # (a series may cover one)
            foot = len(cells) - 1
            kept, up = grid_rows([foot - r for r in y_rows], len(cells))  # (thinner when short)
            assert len(dotted) >= len(kept) - 1, (chart.id, chart.text())
            for c in x_cols if up else []:  # (a short chart: its dotted rows alone)
                assert any(row[c] == DOT for row in cells), (chart.id, c, chart.text())


@pytest.mark.parametrize("dash", ["DOTTED", "DASHED", "LONG_DASHED"])
@pytest.mark.parametrize("slope", [0.0, 0.3])
def test_no_grid_dot_stands_in_the_gaps_of_a_dashed_line(dash: str, slope: float) -> None:
    """The median's dashed line on a gridline's row (median-guess, revealed, at 80×24 and
    120×40) read "⠤ ⠤·⠤ ⠤·⠤": a grid dot in every other gap, the dashes as dots. Every cell
    a dashed line passes through shows its dashes or nothing; off it, the grid is kept."""
    from dartfit.pictures import common
    from dartfit.pictures.raster import Raster, View

    view = View(0.0, 10.0, -5.0, 5.0, width=60, height=21)
    left = common.AXIS_WIDTH
    raster = Raster(left + view.width, view.height + 1)
    common.axes(raster, view, "x", "y", left=left)
    dots_before = sum(row.count(DOT) for row in raster.chars)
    common.draw_line(raster, view, left, slope, 0.0, "ghost-1", getattr(common, dash))
    crossed = {(int(c), int(r)) for c, r in common.line_cells(view, left, [(slope, 0.0)])}
    assert crossed
    for col, row in crossed:
        assert raster.chars[row][col] != DOT, "".join(raster.chars[row])
    assert sum(row.count(DOT) for row in raster.chars) >= dots_before - 2 * view.width
    assert any(DOT in row for row in raster.chars)  # the grid elsewhere stays
