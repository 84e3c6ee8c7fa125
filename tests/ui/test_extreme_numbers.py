"""Extreme numbers on screen: a diverging solver, huge rates, steep lines, far points.

Every test runs with warnings as errors, so a numpy overflow (RuntimeWarning) fails it;
and no text on screen may read nan or inf.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from textual.widgets import Static

from dartfit.app import DartfitApp, make_app
from dartfit.rules import bowl, solver
from dartfit.screens.bowl import BowlScreen
from dartfit.screens.fit import FitScreen
from dartfit.screens.mle import MleScreen
from dartfit.screens.points import PointsScreen
from dartfit.screens.solver import SPEEDS, SolverScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.widgets.plot import PlotView
from tests.conftest import SHIPPED, made_predictions, scaled_level
from tests.ui.typing import hold, solver_opened

pytestmark = pytest.mark.filterwarnings("error")

NOT_A_NUMBER = re.compile(r"(?<![A-Za-z])-?(nan|inf)(?![A-Za-z])", re.IGNORECASE)


def screen_text(app: DartfitApp) -> str:
    """Everything the screen in hand shows as text."""
    screen = app.screen
    parts = [str(w.render()) for w in screen.query(Static)]
    parts += [w.text for w in screen.query(LinesPanel)]
    parts += [w.text() for w in screen.query(CanvasView)]
    parts += [w.text() for w in screen.query(PlotView)]
    return "\n".join(parts)


def assert_shows_numbers(app: DartfitApp) -> None:
    text = screen_text(app)
    assert not NOT_A_NUMBER.search(text), NOT_A_NUMBER.search(text)


def play(level_id: str, tmp_path: Path):
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level_id)
    return app.run_test(size=(100, 32))


def run_solver(screen: SolverScreen, ticks: int = 2000, finish: bool = True) -> None:
    """Play the auto-solver frame by frame until it stops (or the steps of `ticks` frames at
    the screen's speed). It plays at the top speed, as `+` held down would: every pure step
    is taken and checked as before, and a frame is drawn for every SPEEDS[-1] of them
    instead of every few (each frame drawn costs a few ms; the tests look at the last)."""
    steps, speed = ticks * SPEEDS[screen.speed], screen.speed
    screen.speed = len(SPEEDS) - 1
    screen.playing = True
    for _ in range(-(-steps // SPEEDS[-1])):
        if screen.state.finished:
            break
        screen.tick()
    screen.speed = speed
    assert screen.state.finished or not finish


async def test_a_huge_learning_rate_diverges_and_says_why_without_nan(tmp_path: Path) -> None:
    async with play("slope", tmp_path) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        await hold(pilot, "right_square_bracket", 12)
        run_solver(screen)
        await pilot.pause()
        assert screen.state.diverged
        status = str(screen.query_one("#solver-status", Static).render())
        assert "Diverged" in status and "largest stable rate" in status
        assert_shows_numbers(pilot.app)


@pytest.mark.parametrize("key", ["right_square_bracket", "left_square_bracket"])
async def test_the_rate_keys_held_down_for_ages_never_break_the_solver(
    key: str, tmp_path: Path
) -> None:
    async with play("slope", tmp_path) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        await hold(pilot, key, 300)
        state = screen.state
        for _ in range(1200):  # 2**1200 overflows a float, 2**-1200 is zero: the keys stop
            state = solver.with_rate(state, 2.0 if key == "right_square_bracket" else 0.5)
        screen.state = state
        await hold(pilot, key, 5)
        rate = screen.state.learning_rate
        assert np.isfinite(rate) and rate > 0
        run_solver(screen, ticks=300, finish=key == "right_square_bracket")
        await pilot.pause()
        assert_shows_numbers(pilot.app)
        for _ in range(3):  # every method at the extreme rate
            await pilot.press("m")
            await hold(pilot, key, 50)
            run_solver(screen, ticks=50, finish=False)
            await pilot.pause()
            assert_shows_numbers(pilot.app)


async def test_every_method_blows_up_in_words(tmp_path: Path) -> None:
    async with play("slope", tmp_path) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        for _ in range(3):
            await hold(pilot, "right_square_bracket", 40)
            run_solver(screen)
            await pilot.pause()
            assert_shows_numbers(pilot.app)
            status = str(screen.query_one("#solver-status", Static).render())
            assert "Diverged" in status or "Converged" in status or "Stopped" in status
            await pilot.press("g")  # the log scale of a blown-up run
            await pilot.pause()
            assert_shows_numbers(pilot.app)
            await pilot.press("m")


@pytest.mark.parametrize("key", ["right", "left", "up", "down"])
async def test_a_line_nudged_to_extremes_shows_finite_numbers(key: str, tmp_path: Path) -> None:
    async with play("slope", tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, FitScreen)
        pilot.app.stale_key = None  # 500 presses queued at once, every one taken however late
        await hold(pilot, key, 500)
        state = screen.state
        assert state.presses == 500
        hud = screen.query_one("#hud", LinesPanel).text
        level = screen.level
        expected = float(np.mean((level.y - (state.m * level.x + state.b)) ** 2))
        shown = float(re.search(r"MSE = ([\d,.e+]+)", hud)[1].replace(",", ""))
        assert shown == pytest.approx(expected, rel=6e-4)
        assert_shows_numbers(pilot.app)
        for size in ((200, 60), (80, 24), (100, 32)):
            await pilot.resize_terminal(*size)
        await pilot.press("s", "b", "s")
        assert_shows_numbers(pilot.app)
        await pilot.press("a", "y")  # the auto-solver from an extreme line
        await solver_opened(pilot)
        assert isinstance(pilot.app.screen, SolverScreen)
        run_solver(pilot.app.screen)
        await pilot.pause()
        assert_shows_numbers(pilot.app)


async def test_a_point_pushed_far_is_drawn_without_a_crash(tmp_path: Path) -> None:
    async with play("pull", tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, PointsScreen)
        await pilot.press("tab", "tab")
        await hold(pilot, "up", 400)
        assert_shows_numbers(pilot.app)
        await hold(pilot, "down", 900)
        await pilot.press("tab")
        await hold(pilot, "up", 300)
        chart = screen.query_one(CanvasView)
        assert chart.count("point") + chart.count("point-selected") > 0
        assert_shows_numbers(pilot.app)


@pytest.mark.parametrize("key", ["right_square_bracket", "left_square_bracket"])
async def test_the_bowl_with_an_extreme_rate_says_what_happened(key: str, tmp_path: Path) -> None:
    async with play("too-hot", tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, BowlScreen)
        await hold(pilot, key, 200)
        state = screen.state
        for _ in range(4000):  # 1.25**4000 overflows a float, 0.8**4000 is zero
            state = bowl.with_rate(
                screen.level, state, 1.25 if key == "right_square_bracket" else 0.8
            )
        screen.state = state
        await hold(pilot, key, 5)
        assert np.isfinite(screen.state.learning_rate) and screen.state.learning_rate > 0
        await hold(pilot, "space", 30)
        await pilot.press("enter")
        assert_shows_numbers(pilot.app)
        if key == "right_square_bracket":
            assert "iverg" in str(screen.query_one("#hint", Static).render())


async def test_the_noise_model_stretched_far_stays_finite(tmp_path: Path) -> None:
    async with play("likely-line", tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, MleScreen)
        step = screen.model.sigma_step
        # σ where 2000 presses of ] take it, then the keys from there; every press redraws
        # both charts (a few ms), so the presses the test does not look at are skipped
        await hold(pilot, "right_square_bracket", 20)
        screen.sigma = screen.model.sigma + 2000 * step
        await hold(pilot, "right_square_bracket", 20)
        assert screen.sigma == pytest.approx(screen.model.sigma + 2020 * step)
        await hold(pilot, "right", 300)
        assert_shows_numbers(pilot.app)
        screen.sigma = 10 * step  # and down: ten presses above the floor, then 40 more
        await hold(pilot, "left_square_bracket", 50)
        assert screen.sigma == pytest.approx(step)
        assert_shows_numbers(pilot.app)


@pytest.mark.parametrize("scale", [1e-10, 1e-45, 1e8])
async def test_a_points_level_on_tiny_or_huge_data_shows_its_table_in_its_panel(
    scale: float, tmp_path: Path
) -> None:
    """The pull level times 1e−10 showed its x as 0.000000000115 and its misses as
    +0.000000000013 (fixed decimals), two rows each in a panel made for 3.50 and +0.13;
    times 1e8, "947,000,000". Numbers that small are written as `num` writes them
    (1.15e−10), and the panel holds its longest row, whichever point has moved."""
    folder = tmp_path / "levels"
    folder.mkdir()
    scaled_level(folder, "10-pull", scale)
    app = make_app(levels_dir=folder, data_dir=tmp_path, start="pull")
    async with app.run_test(size=(100, 32)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, PointsScreen)
        panel = screen.query_one("#shares", LinesPanel)
        for keys in ([], ["down"] * 8, ["tab", "shift+up"]):
            await pilot.press(*keys)
            await pilot.pause()
            rows = panel.text.splitlines()
            assert len(rows) == 1 + screen.level.x.size, rows  # no row wrapped
            assert max(map(len, rows)) <= panel.content_region.width, rows
            assert_shows_numbers(pilot.app)
        if scale < 1:
            assert "1.15e−10" in rows[1] or "1.15e−45" in rows[1], rows
