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
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.typing import panel_shown, send, settled

LEVELS = {level.id: level for level in load_levels(SHIPPED)}
QUARTET = ["anscombe-1", "anscombe-2", "anscombe-3", "anscombe-4"]
NUMERALS = ["I", "II", "III", "IV"]
NAMED = {name: f"Anscombe's quartet {n}" for name, n in zip(QUARTET, NUMERALS, strict=True)}
"""What the player reads for each set: its title, never the file's id (a student's review)."""


def numpy_mse(name: str, m: float, b: float) -> float:
    x, y = (np.array(v, dtype=float) for v in (DATASETS[name].x, DATASETS[name].y))
    return float(np.mean((m * x + b - y) ** 2))


@asynccontextmanager
async def won(data: Path, level_id: str, size: tuple[int, int]) -> AsyncIterator[Pilot[object]]:
    """The shipped level won with the keys the campaign test plays, its win panel shown: a
    key typed while it is still laid out out of sight acts on nothing (d, on a busy machine,
    left the sets unopened)."""
    level = LEVELS[level_id]
    made_predictions(data)
    app = make_app(SHIPPED, data, start=level.id)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)  # keys typed while it is placed act on nothing
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
        title = str(sets.query_one("#sets-title", Static).content)
        assert title.endswith("on each set of Anscombe's quartet")  # the sets' name, once
        assert [h.split(":")[0] for h in headings] == ["I", "II (this level)", "III", "IV"]
        shown = " ".join(str(s.content) for s in sets.query(Static).results(Static))
        assert "anscombe-" not in shown  # no set is named by its file's id
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


async def test_keys_typed_ahead_of_the_sets_or_the_panel_act_on_nothing(tmp_path: Path) -> None:
    """enter enter typed together on the sets: the first goes back to the panel, and the
    second, typed before the panel was on screen again, must not go on to the next level;
    d d opens the sets and leaves them open."""
    async with won(tmp_path, "anscombe", (120, 40)) as pilot:
        app, win = pilot.app, pilot.app.screen
        await pilot.press("d")
        for key in ("enter", "enter"):
            send(app, key)
        await pilot.pause()
        await pilot.pause()
        assert app.screen is win and app.screen_stack[-2].level.id == "anscombe"
        for key in ("d", "d"):
            send(app, key)
        await pilot.pause()
        assert isinstance(app.screen, SetsScreen)


async def test_the_level_beside_the_panel_is_laid_out_again_after_a_resize_on_the_sets(
    tmp_path: Path,
) -> None:
    """Resized from 120×40 to 80×24 while the sets were open, the level stood three rows
    short above the panel along the bottom when the sets closed."""
    async with won(tmp_path, "anscombe", (120, 40)) as pilot:
        app, win = pilot.app, pilot.app.screen
        await pilot.press("d")
        await settled(pilot, lambda: all(c.size.height for c in app.screen.query(CanvasView)))
        await pilot.resize_terminal(80, 24)  # the sets drawn, the panel under them
        await settled(pilot, lambda: app.screen.query(CanvasView).first().size.width < 40)
        await pilot.press("escape")
        body = app.screen_stack[-2].query_one("#level-body")

        def room() -> tuple[int, int]:  # the rows the level keeps free, the rows the panel takes
            return body.styles.padding.bottom, win.query_one("#win-box").region.height - 1

        await settled(pilot, lambda: len(set(room())) == 1)
        assert win.has_class("-bottom") and len(set(room())) == 1 and room()[0] > 0, room()


MAE_LEVEL = """schema = 1
id = "mae-sets"
title = "Sets by MAE"
kind = "mae"
lesson = "mae"
goal = "Beat the target MAE."
what_you_saw = "You saw it."
hints = ["one"]

[data]
x = [10.0, 8.0, 13.0, 9.0, 11.0, 14.0, 6.0, 4.0, 12.0, 7.0, 5.0]
y = [7.5, 6.8, 12.7, 7.1, 7.8, 8.8, 6.1, 5.4, 8.2, 6.4, 5.7]
also = ["anscombe-1", "anscombe-4"]

[target]
metric = "mae"
factor = 1.5
"""


async def test_on_a_level_scored_by_mae_the_sets_show_misses_and_each_mae(write_level) -> None:
    path = write_level(MAE_LEVEL)
    level = load_level(path)
    app = make_app(path.parent, path.parent.parent / "data", start=level.id, all_open=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*winning_keys(level))
        await pilot.pause()
        assert isinstance(app.screen, WinScreen)
        await panel_shown(pilot)
        playing = app.screen_stack[-2]
        assert isinstance(playing, FitScreen) and playing.state is not None
        m, b = playing.state.m, playing.state.b
        await pilot.press("d")
        sets = app.screen
        assert isinstance(sets, SetsScreen)
        headings = [str(s.content) for s in sets.query(".set-heading").results(Static)]
        assert headings[0].startswith("Sets by MAE (this level): MAE = ")  # its own first
        for name, heading in zip(["anscombe-1", "anscombe-4"], headings[1:], strict=True):
            x, y = (np.array(v, dtype=float) for v in (DATASETS[name].x, DATASETS[name].y))
            mae = float(np.mean(np.abs(m * x + b - y)))
            assert heading == f"{NAMED[name]}: MAE = {num(mae)}"
        assert all(c.count("square") == 0 for c in sets.query(CanvasView))  # misses, no squares
        note = str(sets.query_one("#sets-note", Static).content)
        assert note.startswith("One line, its MAE on each set: ") and "misses show" in note


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
    assert shown is not None and [s.name for s in shown.sets] == [NAMED[n] for n in QUARTET]
    for name, one in zip(QUARTET, shown.sets, strict=True):
        assert one.value == pytest.approx(numpy_mse(name, m, b), rel=1e-12, abs=1e-12)
        assert one.own == (name == "anscombe-2")


INLINE = "x = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]"
BIG = "[data.generate]\nn = 200"
HEAD = """schema = 1
id = "demo"
title = "Demo"
kind = "{kind}"
lesson = "training"
goal = "Beat the target."
what_you_saw = "You saw it."
hints = ["one"]

[target]
type = "at_most"
value = 1.0

[data]
also = {also}
"""


@pytest.mark.parametrize(
    "also, data, kind, said",
    [
        ('["anscombe-9"]', INLINE, "line", 'data.also[0]: no dataset "anscombe-9" (the datasets:'),
        ('["anscombe-1", "anscombe-1"]', INLINE, "line", '[1]: "anscombe-1" is shown already'),
        ('["anscombe-2"]', 'dataset = "anscombe-2"', "line", '[0]: "anscombe-2" is shown'),
        (
            '["anscombe-1", "anscombe-2", "anscombe-3", "anscombe-4"]',
            INLINE,
            "line",
            "0 to 3 items",
        ),
        (
            '["crickets"]',
            INLINE,
            "line",
            "[0]: crickets is chirps/s against temp (°F), the level x",
        ),
        ('["anscombe-1"]', BIG, "line", "data.also: the level has 200 points (at most 100"),
        ('["crickets"]', INLINE, "points", "data.also: a points level draws no line"),
        ("3", INLINE, "line", "data.also"),
    ],
    ids=["unknown", "twice", "its-own", "four", "other-units", "big", "points-kind", "a-number"],
)
def test_a_level_naming_other_data_wrongly_is_refused_naming_the_key(
    write_level, also: str, data: str, kind: str, said: str
) -> None:
    path = write_level(HEAD.format(kind=kind, also=also) + data + "\n")
    with pytest.raises(LevelError, match=f"{re.escape(path.name)}: .*{re.escape(said)}"):
        load_level(path)


def test_a_level_naming_other_data_rightly_loads(write_level) -> None:
    """The same file as the refused ones, with shipped sets in x and y and few points."""
    path = write_level(HEAD.format(kind="line", also='["anscombe-1", "anscombe-4"]') + INLINE)
    assert load_level(path).spec.data.also == ("anscombe-1", "anscombe-4")
