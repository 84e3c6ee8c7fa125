"""Every tick on a chart's y axis has its number beside it: the character charts' margin
grows to their widest label, as the plotext charts' does (the ticks of −123456789 + 0 …
1000, −123456600 and on, and of 1e15 + 0 … 5e9, 1000002e9 and on, were drawn bare in a
margin of seven; at 1e15 + 0 … 100 every tick fell on one row)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from dartfit.app import make_app
from dartfit.csvdata import load_csv
from dartfit.levels import Level, sandbox_level
from dartfit.levels.spread import too_narrow
from dartfit.pictures.bowl import BowlPicture, bowl_bounds, draw_bowl
from dartfit.pictures.figure import Figure, Series
from dartfit.pictures.fit import Placed, draw_fit, level_bounds
from dartfit.pictures.solver import SolverCharts
from dartfit.rules import fit, linear, solver
from dartfit.screens.fit import FitScreen
from dartfit.screens.fit_chart import chart_picture
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.plot import build
from dartfit.wording import MINUS
from tests.conftest import SHIPPED
from tests.test_sandbox import own_data

SIZES = [(56, 16), (96, 34), (180, 44)]  # the chart at 80×24, 120×40 and 200×50
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?")

RNG = np.random.default_rng(7)
X = np.linspace(0.0, 10.0, 20)
LOADABLE = {  # y (or x) far from 0 beside its spread, as a CSV or a level file may hold
    "1e15, spread 5e9": (X, 1e15 + RNG.uniform(0, 5e9, 20)),
    "-1e15, spread 5e9": (X, -1e15 - RNG.uniform(0, 5e9, 20)),
    "many digits below 0": (X, -123456789.0 + RNG.uniform(0, 1000, 20)),
    "decimals of a big number": (X, 123456.7 + RNG.uniform(0, 2, 20)),
    "1 and a hundred-thousandth": (X, 1.0 + RNG.uniform(0, 1e-5, 20)),
    "1e-40": (X, 1e-40 * (1 + RNG.uniform(0, 1, 20))),
    "1e50 across 0": (X, 1e50 * RNG.uniform(-1, 1, 20)),
    "x of 1e15": (1e15 + RNG.uniform(0, 5e9, 20), RNG.uniform(0, 10, 20)),
}
BEYOND = {  # closer still than the loaders take (a spread under a millionth of the size)
    "1e15, spread 100": (X, 1e15 + RNG.uniform(0, 100, 20)),
    "-1e15, spread 3": (X, -1e15 - RNG.uniform(0, 3, 20)),
}
EXTREME = {**LOADABLE, **BEYOND}
YEARS = np.arange(1990.0, 2021.0)
AWKWARD = {  # data a class brings, whose tick labels are wide or few: every chart labels four
    "years 1990 to 2020": (YEARS, 0.6 * YEARS - 821 + RNG.normal(0, 1, YEARS.size)),
    "about ±2e4": (RNG.uniform(-2e4, 2e4, 40), RNG.uniform(-2e4, 2e4, 40)),
    "millionths": (RNG.uniform(0, 3e-6, 40), 2 * RNG.uniform(0, 3e-6, 40) + 1e-6),
    "billions": (RNG.uniform(1e9, 5e9, 40), RNG.uniform(2e9, 9e9, 40)),
    "below 0 only": (RNG.uniform(-50, -7, 40), RNG.uniform(-310, -270, 40)),
    # far from 0 beside their spread: labelled less an offset, shown once (x at 1e15 read
    # "1e15 1.000002e15 1.000004e15" at 80×24, and the auto-solver's fit chart "1e15")
    "1e15, spread 5e9": (1e15 + RNG.uniform(0, 5e9, 40), 1e15 + RNG.uniform(0, 5e9, 40)),
    "−3e12 spread 1e4": (-3e12 + RNG.uniform(0, 1e4, 40), -3e12 + RNG.uniform(0, 1e4, 40)),
    "1e50 spread 1e44": (1e50 + RNG.uniform(0, 1e44, 40), 1e50 + RNG.uniform(0, 1e44, 40)),
    "−1e15 spread 3e9, x of 0 to 10": (RNG.uniform(0, 10, 40), -1e15 - RNG.uniform(0, 3e9, 40)),
    "x of 123456.7 + 0 … 2": (123456.7 + RNG.uniform(0, 2, 40), RNG.uniform(0, 10, 40)),
}
OFFSET_NOTE = re.compile(r" [+−]\S+$")
"""An axis's offset's note at the end of its row (`ticks.offset_note`): +1e15."""


def without_note(row: str) -> str:
    """An x axis's row without its offset's note at its end (no tick's label)."""
    return OFFSET_NOTE.sub("", row.rstrip())


def test_the_loadable_data_is_what_a_csv_may_hold() -> None:
    for name, (x, y) in LOADABLE.items():
        assert too_narrow(x) is None and too_narrow(y) is None, name


def y_ticks(rows: list[str]) -> list[tuple[int, str]]:
    """Each row with a tick ("┤") on the y axis, and what is written left of it: the axis is
    the row's first "│" or "┤" (squares' joined edges draw "┤" inside the chart too)."""
    ticks = []
    for k, row in enumerate(rows):
        axis = re.search("[│┤]", row)
        if axis is not None and axis.group() == "┤":
            ticks.append((k, row[: axis.start()].strip()))
    return ticks


def assert_every_tick_labelled(rows: list[str], fewest: int) -> None:
    """A number beside every tick, at least `fewest` of them, each a different one."""
    ticks = y_ticks(rows)
    bare = [k for k, label in ticks if not NUMBER.fullmatch(label.replace(MINUS, "-"))]
    assert not bare, "\n".join(rows)
    assert len(ticks) >= fewest, "\n".join(rows)
    assert len({label for _, label in ticks}) == len(ticks), "\n".join(rows)


def _sandbox(x: np.ndarray, y: np.ndarray) -> Level:
    return fit.playable(sandbox_level(Path("mine.csv"), x, y, "x", "y"))


def _fit_rows(level: Level, size: tuple[int, int]) -> list[str]:
    """The sandbox's chart of its start line, as its screen draws it."""
    picture = chart_picture(
        level,
        fit.start(level),
        level_bounds(level),
        best={},
        squares=True,
        density=None,
        placed=Placed(level.x, level.y),
        names=level.names,
        selected=None,
    )
    return [text for text, _ in draw_fit(picture, *size).rows()]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("data", EXTREME.values(), ids=EXTREME)
def test_every_y_tick_of_the_fit_chart_has_its_number(data, size) -> None:
    assert_every_tick_labelled(_fit_rows(_sandbox(*data), size), fewest=4)


@given(own_data())
@settings(max_examples=60, deadline=None)
def test_every_y_tick_of_the_fit_chart_of_any_data_a_csv_holds_has_its_number(data) -> None:
    level = _sandbox(*data)
    for size in SIZES:
        assert_every_tick_labelled(_fit_rows(level, size), fewest=4)


@pytest.mark.parametrize("size", [(40, 16), (60, 30)])
@pytest.mark.parametrize("data", EXTREME.values(), ids=EXTREME)
def test_every_y_tick_of_the_bowl_has_its_number(data, size) -> None:
    x, y = data
    optimum = linear.best_fit(_sandbox(x, y), "mse")
    start = tuple(v + max(1.0, 1e-9 * abs(v)) for v in optimum)  # b of 1e15: 1e6 away
    picture = BowlPicture(x, y, optimum, (start,), bowl_bounds(optimum, [start]))
    assert_every_tick_labelled([text for text, _ in draw_bowl(picture, *size).rows()], fewest=4)


@pytest.mark.parametrize("data", EXTREME.values(), ids=EXTREME)
def test_every_y_tick_of_a_plotext_chart_has_its_number(data) -> None:
    x, y = data
    figure = Figure((Series(tuple(x), tuple(y), kind="scatter"),), xname="x", yname="y")
    rows = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in build(figure, 40, 16)]
    assert_every_tick_labelled(rows, fewest=4)


@pytest.mark.parametrize("name", ["1e15, spread 5e9", "many digits below 0"])
async def test_the_sandbox_of_such_columns_labels_every_y_tick_on_screen(tmp_path, name) -> None:
    """`dartfit fit` on a CSV of such columns, at 80×24: the chart as shown."""
    x, y = LOADABLE[name]
    path = tmp_path / "wide.csv"
    path.write_text(
        "x,y\n" + "\n".join(f"{a!r},{b!r}" for a, b in zip(x.tolist(), y.tolist(), strict=True))
    )
    app = make_app(SHIPPED, tmp_path, data=load_csv(path, x="x", y="y"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "up")
        assert isinstance(pilot.app.screen, FitScreen)
        chart = pilot.app.screen.query_one("#chart", CanvasView)
        assert_every_tick_labelled(chart.text().splitlines(), fewest=4)


OFFSET_DATA = {  # AWKWARD's data far from 0 beside its spread, and its axes' offsets
    "1e15, spread 5e9": ("+1e15", "+1e15"),
    "−3e12 spread 1e4": ("−3e12", "−3e12"),
    "1e50 spread 1e44": ("+1e50", "+1e50"),
}
SHORT_LABEL = re.compile(r"[−-]?\d+(\.\d+)?(e[−-]?\d+)?")


def x_axis_labels(row: str) -> list[str]:
    """The labels on a character chart's x axis row (its offset's note left out)."""
    axis = without_note(row)
    return re.findall(r"(?<=[─└])[−\d.e]+", axis[axis.index("└") :])


def assert_read_with_offset(labels: list[str], note: str, data: np.ndarray) -> None:
    """Four short labels or more, each read with the offset a value near the data (within
    three times its spread)."""
    assert len(labels) >= 4 and all(SHORT_LABEL.fullmatch(t) and len(t) <= 6 for t in labels)
    offset = float(note.replace(MINUS, "-"))
    values = [float(t.replace(MINUS, "-")) + offset for t in labels]
    lo, hi, spread = float(np.min(data)), float(np.max(data)), float(np.ptp(data))
    assert all(lo - 3 * spread <= v <= hi + 3 * spread for v in values), (labels, note)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", OFFSET_DATA)
def test_an_axis_far_from_0_is_labelled_less_an_offset_written_once(name, size) -> None:
    """x = 1e15 + 0 … 5e9 at 80×24 read "1e15 1.000002e15 1.000004e15" under the sandbox's
    chart, and its y "1000002e9" …: now 0 1e9 2e9 …, "+1e15" once at the end of the x
    axis's row and in the margin's top free row, and the legend says it in words."""
    x, y = AWKWARD[name]
    level = _sandbox(x, y)
    rows = _fit_rows(level, size)
    x_note, y_note = OFFSET_DATA[name]
    assert rows[-1].endswith(f"─ {x_note}"), rows[-1]
    assert_read_with_offset(x_axis_labels(rows[-1]), x_note, x)
    assert_read_with_offset([label for _, label in y_ticks(rows)], y_note, y)
    axis = [row for row in rows if "┤" in row or "│" in row]  # under a legend's own rows
    margin = axis[0].index("┤") if "┤" in axis[0] else axis[0].index("│")
    notes = [row[:margin].strip() for row in axis[:-1] if row[margin] == "│"]
    assert y_note in notes, "\n".join(rows)
    said = "\n".join(rows)
    if "x→" in said:  # the legend, where the chart has room for it
        assert f"x = label {x_note[0]} {x_note[1:]}" in said, said
        assert f"y = label {y_note[0]} {y_note[1:]}" in said, said


@pytest.mark.parametrize("terminal", [(80, 24), (120, 40), (200, 50)])
@pytest.mark.parametrize("name", OFFSET_DATA)
def test_the_solver_charts_of_data_far_from_0_write_their_offsets_on_the_frame(
    name, terminal
) -> None:
    """The auto-solver's fit chart of x = 1e15 + 0 … 5e9 at 80×24 read "1e15" alone under
    it: now 0 2e9 4e9 6e9, and "x +1e15" on its frame's top line (beside "y +1e15"),
    where it takes no column of the labels' row."""
    from tests.test_plot_ticks import solver_figures, x_labels

    x, y = AWKWARD[name]
    line = linear.start_line(_sandbox(x, y))
    first = solver.start(x, y, *line)
    charts = SolverCharts.of(x, y, first)
    (fit_chart, size), *_ = solver_figures(charts, first, terminal, False)
    rows = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in build(fit_chart, *size)]
    x_note, y_note = OFFSET_DATA[name]
    top = next(row for row in rows if "┌" in row)
    assert f"┌─y {y_note}─" in top and top.rstrip().endswith(f"─x {x_note}─┐"), top
    labels = [label for _, label in x_labels(rows)]
    assert_read_with_offset(labels, x_note, x)
    assert_read_with_offset([label for _, label in y_ticks(rows)], y_note, y)


@pytest.mark.parametrize("size", [(40, 16), (60, 30), (100, 40)])
@pytest.mark.parametrize("name", OFFSET_DATA)
def test_the_bowl_of_data_far_from_0_labels_b_less_its_offset(name, size) -> None:
    """The bowl over (m, b) of data near 1e15: b's labels read 1.000002e15 and on; now
    less its offset, written once in the margin."""
    x, y = AWKWARD[name]
    optimum = linear.best_fit(_sandbox(x, y), "mse")
    start = (optimum[0] * 1.5 + 1.0, optimum[1] + 1e-6 * abs(optimum[1]))
    picture = BowlPicture(x, y, optimum, (start,), bowl_bounds(optimum, [start]))
    rows = [text for text, _ in draw_bowl(picture, *size).rows()]
    assert_every_tick_labelled(rows, fewest=4)
    assert all(len(label) <= 6 for _, label in y_ticks(rows)), "\n".join(rows)
    assert len(x_axis_labels(rows[-1])) >= 4, rows[-1]
