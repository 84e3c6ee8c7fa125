"""The won line over other datasets: on Anscombe's level, d on the win panel lays the line the
player won with over all four sets, side by side on one pair of axes, each with its MSE."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from dartfit.app import make_app
from dartfit.datasets import DATASETS
from dartfit.dialogs.sets import SetsScreen
from dartfit.dialogs.win import WinScreen
from dartfit.levels import LevelError, load_level, load_levels
from dartfit.rules.overlay import overlay
from dartfit.screens.fit import FitScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.wording import num
from tests.conftest import GOOD_LINE, SHIPPED, made_predictions
from tests.ui.keys import winning_keys

LEVELS = {level.id: level for level in load_levels(SHIPPED)}
QUARTET = ["anscombe-1", "anscombe-2", "anscombe-3", "anscombe-4"]


def numpy_mse(name: str, m: float, b: float) -> float:
    x, y = (np.array(v, dtype=float) for v in (DATASETS[name].x, DATASETS[name].y))
    return float(np.mean((m * x + b - y) ** 2))


@asynccontextmanager
async def won(data: Path, level_id: str, size: tuple[int, int]) -> AsyncIterator[Pilot[object]]:
    """The shipped level won with the keys the campaign test plays, its win panel up."""
    level = LEVELS[level_id]
    made_predictions(data)
    app = make_app(SHIPPED, data, start=level.id)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*winning_keys(level))
        await pilot.pause()
        assert isinstance(app.screen, WinScreen)
        yield pilot


async def test_d_on_the_win_panel_lays_the_won_line_over_all_four_sets(tmp_path: Path) -> None:
    async with won(tmp_path, "anscombe", (120, 40)) as pilot:
        app, win = pilot.app, pilot.app.screen
        assert isinstance(win, WinScreen)
        playing = app.screen_stack[-2]
        assert isinstance(playing, FitScreen) and playing.state is not None
        m, b = playing.state.m, playing.state.b
        assert "d all 4 sets" in str(win.query_one("#win-keys", Static).content)
        await pilot.press("d")
        sets = app.screen
        assert isinstance(sets, SetsScreen)
        headings = [str(s.content) for s in sets.query(".set-heading").results(Static)]
        assert [h.split(":")[0] for h in headings] == [
            "anscombe-1",
            "anscombe-2 (this level)",
            "anscombe-3",
            "anscombe-4",
        ]
        for name, heading in zip(QUARTET, headings, strict=True):  # each MSE: numpy's
            assert heading.endswith(f"MSE = {num(numpy_mse(name, m, b))}"), heading
        charts = list(sets.query(CanvasView))
        assert len(charts) == 4 and all(c.region.height >= 8 for c in charts)
        rows = [c.text() for c in charts]
        assert all("●" in r and "└" in r for r in rows)  # points and axes on each
        assert len({r.splitlines()[-1] for r in rows}) == 1  # one x axis for all four
        await pilot.press("escape")  # back to the panel, the win unchanged
        assert app.screen is win
        await pilot.press("d")
        assert isinstance(app.screen, SetsScreen)
        await pilot.press("enter")  # enter goes back too, never on to the next level
        assert app.screen is win


@pytest.mark.parametrize("size", [(80, 24), (110, 30)], ids=["80x24", "110x30"])
async def test_the_four_charts_fit_a_small_terminal(tmp_path: Path, size: tuple[int, int]) -> None:
    async with won(tmp_path, "anscombe", size) as pilot:
        await pilot.press("d")
        sets = pilot.app.screen
        assert isinstance(sets, SetsScreen)
        screen = sets.region
        for chart in sets.query(CanvasView):
            assert screen.contains_region(chart.region) and chart.region.height >= 6
            assert sum("┤" in row for row in chart.text().splitlines()) >= 3  # y ticks
        note = sets.query_one("#sets-note")
        assert screen.contains_region(note.region) and note.region.height >= 1


async def test_d_does_nothing_on_a_level_that_names_no_other_data(tmp_path: Path) -> None:
    async with won(tmp_path, "first-line", (120, 40)) as pilot:
        win = pilot.app.screen
        assert isinstance(win, WinScreen)
        await pilot.press("d")
        assert pilot.app.screen is win
        assert "sets" not in str(win.query_one("#win-keys", Static).content)


@pytest.mark.parametrize("m, b", [(0.5, 3.0), (0.0, 7.5), (-1.25, 20.0), (3.0, -1e3)])
def test_every_value_laid_over_agrees_with_numpy(m: float, b: float) -> None:
    shown = overlay(LEVELS["anscombe"], m, b)
    assert shown is not None and [s.name for s in shown.sets] == QUARTET
    for one in shown.sets:
        assert one.value == pytest.approx(numpy_mse(one.name, m, b), rel=1e-12, abs=1e-12)
        assert one.own == (one.name == "anscombe-2")


@pytest.mark.parametrize(
    "also, kind, said",
    [
        ('["anscombe-9"]', "line", 'data.also[0]: no dataset "anscombe-9"'),
        ('["galton", "galton"]', "line", 'data.also[1]: "galton" is shown already'),
        ('["crickets"]', "points", "data.also: a points level draws no line"),
        ('["a", "b", "c", "d"]', "line", "data.also"),
    ],
)
def test_a_level_naming_other_data_wrongly_is_refused_naming_the_key(
    write_level, also: str, kind: str, said: str
) -> None:
    text = GOOD_LINE.replace('kind = "line"', f'kind = "{kind}"')
    text = text.replace("y = [1.0, 3.0, 5.5, 6.5]\n", f"y = [1.0, 3.0, 5.5, 6.5]\nalso = {also}\n")
    if kind == "points":
        text = text.replace('metric = "mse"', 'metric = "mse"\ntype = "at_most"')
    path = write_level(text)
    with pytest.raises(LevelError, match=f"{re.escape(path.name)}: .*{re.escape(said)}"):
        load_level(path)
