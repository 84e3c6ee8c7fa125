"""The bowl's step numbers stand clear of the best's × and of each other: a number in the
cell beside the × read as arithmetic ("4×5" at 80×24, seven steps at twice the stable rate;
"2▄×1" after three). Pure: Figures and the text plotext draws from them."""

from __future__ import annotations

import re

import pytest

from dartfit.levels import find_level, load_levels
from dartfit.pictures.figure import Figure, Series
from dartfit.pictures.solver import SolverCharts
from dartfit.rules import linear, solver
from dartfit.widgets.plot import build
from tests.conftest import SHIPPED

LEVELS = load_levels(SHIPPED)
SIZES = [(27, 15), (33, 22), (60, 16)]  # the bowl at 80×24, 100×30 and 120×40


def canvas(rows: list[str]) -> list[str]:
    """The plot's cells, row by row from the top, without the frame and the labels."""
    text = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]
    top = next(i for i, row in enumerate(text) if "┌" in row)
    foot = next(i for i, row in enumerate(text) if "└" in row)
    left = text[top].index("┌") + 1
    return [row[left : row.rindex("│")] for row in text[top + 1 : foot]]


def crowded(cells: list[str]) -> list[str]:
    """Each number (a run of digits along a row) with a mark (× ●) or another number in a
    cell beside it: two along its row, one above or below."""
    found = []
    for r, row in enumerate(cells):
        for run in re.finditer(r"\d+", row):
            near = [
                cells[rr][max(run.start() - reach, 0) : run.end() + reach]
                for rr, reach in ((r - 1, 1), (r, 2), (r + 1, 1))
                if 0 <= rr < len(cells)
            ]
            others = "".join(near).replace(run.group(), "", 1)
            if set(others) & set("×●0123456789"):
                found.append(f"{run.group()} in {near}")
    return found


@pytest.mark.parametrize("level", ["first-line", "slope", "noisy", "crickets"])
@pytest.mark.parametrize("factor", [2.0, 4.0, 8.0])
def test_a_step_number_never_sits_beside_the_best_or_another_number(level, factor) -> None:
    found = find_level(LEVELS, level)
    first = solver.start(found.x, found.y, *linear.start_line(found))
    charts = SolverCharts.of(found.x, found.y, first)
    state = solver.with_rate(first, factor)
    drawn: dict[tuple[Figure, int, int], list[str]] = {}  # a run that has ended: the same figure
    for _ in range(12):
        state = solver.step(state)
        for width, height in SIZES:
            figure = charts.bowl(state, width)
            if (figure, width, height) not in drawn:
                drawn[figure, width, height] = canvas(build(figure, width, height))
            cells = drawn[figure, width, height]
            numbers = {s.marker for s in figure.series if s.marker.isdigit()}
            shown = {run for row in cells for run in re.findall(r"\d+", row)}
            assert shown <= numbers, (level, factor, state.steps, cells)
            assert not crowded(cells), (level, factor, state.steps, (width, height), cells)


def test_the_number_beside_the_best_moves_to_a_free_side_or_is_left_out() -> None:
    """At 80×24, seven steps at twice the stable rate, "4×5": both numbers were in the
    cells either side of the ×. Neither is now; the latest swing's number is still shown."""
    found = find_level(LEVELS, "first-line")
    first = solver.start(found.x, found.y, *linear.start_line(found))
    charts = SolverCharts.of(found.x, found.y, first)
    state = solver.advance(solver.with_rate(first, 4.0), 7)
    cells = canvas(build(charts.bowl(state, 27), 27, 15))
    assert not crowded(cells), cells
    assert "6" in "".join(cells), cells


def test_a_number_keeps_its_place_where_it_stands_clear() -> None:
    """A number with room is written at its point, first digit on it, as before."""
    box = {"xlim": (0.0, 10.0), "ylim": (0.0, 10.0)}
    alone = Figure((Series((2.0,), (5.0,), "path", "scatter", "12"),), **box)
    with_mark = Figure(
        (*alone.series, Series((8.0,), (5.0,), "optimum", "scatter", "×")),
        **box,
    )
    assert [row.replace("·", " ") for row in canvas(build(alone, 40, 12))] == [
        row.replace("×", " ").replace("·", " ") for row in canvas(build(with_mark, 40, 12))
    ]  # (the × covers a gridline's dot)


def test_a_number_beside_a_mark_moves_off_its_row_or_away_along_it() -> None:
    """A number whose point is in the cell beside the × is not written beside it."""
    box = {"xlim": (0.0, 10.0), "ylim": (0.0, 10.0)}
    figure = Figure(
        (
            Series((5.0,), (5.0,), "path", "scatter", "3"),
            Series((5.4,), (5.0,), "optimum", "scatter", "×"),  # the next cell
        ),
        **box,
    )
    cells = canvas(build(figure, 40, 12))
    assert "3" in "".join(cells) and not crowded(cells), cells


def test_a_number_on_the_best_moves_to_a_free_cell_near_it() -> None:
    """A step whose point lay on the × (or in the cell beside it) was left out: every side
    next to its point is within two cells of the × along its row or one above or below,
    though cells a little farther were free. It now moves to the nearest of them."""
    box = {"xlim": (0.0, 10.0), "ylim": (0.0, 10.0)}
    best = Series((5.0,), (5.0,), "optimum", "scatter", "×")
    on_it = Figure((Series((5.0,), (5.0,), "path", "scatter", "3"), best), **box)
    cells = canvas(build(on_it, 40, 12))
    assert "3" in "".join(cells) and not crowded(cells), cells
    three = next(r for r, row in enumerate(cells) if "3" in row)
    at = next(r for r, row in enumerate(cells) if "×" in row)
    assert abs(three - at) <= 2 and abs(cells[three].index("3") - cells[at].index("×")) <= 4
    two = Figure(
        (
            Series((5.0,), (5.5,), "path", "scatter", "12"),
            best,
            Series((5.3,), (5.0,), "path", "scatter", "4"),
        ),
        **box,
    )
    cells = canvas(build(two, 40, 12))
    shown = {run for row in cells for run in re.findall(r"\d+", row)}
    assert shown == {"12", "4"} and not crowded(cells), cells


def test_a_number_with_no_free_cell_near_is_left_out() -> None:
    """Marks all around a number's point, as far as it may move: it is left out, not
    written in among them, nor far away from its point."""
    box = {"xlim": (0.0, 10.0), "ylim": (0.0, 10.0)}
    grid = [(x / 10, y / 10) for x in range(20, 81, 2) for y in range(20, 81, 5)]
    marks = Series(tuple(x for x, _ in grid), tuple(y for _, y in grid), "optimum", "scatter", "×")
    figure = Figure((Series((5.0,), (5.0,), "path", "scatter", "3"), marks), **box)
    cells = canvas(build(figure, 40, 12))
    assert "3" not in "".join(cells), cells
