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
from dartfit.rules import fit, linear
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
}


def test_the_loadable_data_is_what_a_csv_may_hold() -> None:
    for name, (x, y) in LOADABLE.items():
        assert too_narrow(x) is None and too_narrow(y) is None, name


def y_ticks(rows: list[str]) -> list[tuple[int, str]]:
    """Each row with a tick ("┤") on the y axis, and what is written left of it."""
    return [(k, row[: row.index("┤")].strip()) for k, row in enumerate(rows) if "┤" in row]


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
