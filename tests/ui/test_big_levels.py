"""Every level kind on big data, played through the Pilot: it opens, its keys work, nothing
reads nan; a kind that can't show that many points is refused by `check` with its limit."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

from dartfit.app import make_app
from dartfit.commands import check_paths
from dartfit.dialogs.win import WinScreen
from dartfit.levels import Level, load_level, load_levels
from dartfit.rules import bowl, linear, scoring
from dartfit.screens.bowl import BowlScreen
from dartfit.screens.degree import DegreeScreen
from dartfit.screens.fit import FitScreen
from dartfit.screens.level_select import LevelSelectScreen
from dartfit.screens.mle import MleScreen
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import gd_steps_to
from tests.ui.test_extreme_numbers import screen_text
from tests.ui.typing import panel_shown, settled

HEAD = """
schema = 1
id = "big"
title = "Big"
kind = "{kind}"
lesson = "training"
goal = "g"
what_you_saw = "w"
hints = ["h"]
"""
GENERATE = "[data.generate]\nn = {n}\nseed = 1\nslope = 1.5\nintercept = 2\nnoise = 1.0\n"
TARGETS = {
    "line": '[target]\nmetric = "mse"\nfactor = 1.05\n',
    "mae": '[target]\nmetric = "mae"\nfactor = 1.05\n',
    "mle": '[target]\nmetric = "mse"\nfactor = 1.05\n',
    "descent": '[descent]\nmax_steps = {steps}\n\n[target]\nmetric = "mse"\nfactor = 1.5\n',
}
KEYS = {
    "line": ["right", "up", "shift+left", "s", "b"],
    "mae": ["right", "up", "s", "b"],
    "mle": ["right", "up", "right_square_bracket", "left_square_bracket", "s", "b"],
    "descent": ["space", "space", "right_square_bracket", "f", "r", "f", "space"],
}
SCREENS = {"line": FitScreen, "mae": FitScreen, "mle": MleScreen, "descent": BowlScreen}
NOT_A_NUMBER = re.compile(r"(?<![A-Za-z])-?(nan|inf)(?![A-Za-z])", re.IGNORECASE)


def write(folder: Path, kind: str, n: int, steps: int = 50) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "01-big.toml"
    text = HEAD.format(kind=kind) + GENERATE.format(n=n) + TARGETS[kind].format(steps=steps)
    path.write_text(text, encoding="utf-8")
    return path


def app_for(folder: Path, data: Path, start: str = "big"):  # type: ignore[no-untyped-def]
    return make_app(levels_dir=folder, data_dir=data, start=start).run_test(size=(100, 32))


@pytest.mark.parametrize("n", [3_000, 100_000, 1_000_000])
@pytest.mark.parametrize("kind", sorted(SCREENS))
async def test_every_kind_plays_on_big_data(tmp_path, kind, n) -> None:
    folder = tmp_path / "levels"
    path = write(folder, kind, n)
    assert check_paths([str(path)]) == (1, [])
    async with app_for(folder, tmp_path / "data") as pilot:
        assert isinstance(pilot.app.screen, SCREENS[kind])
        for key in KEYS[kind]:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(pilot.app.screen, SCREENS[kind]), key
        text = screen_text(pilot.app)
        assert not NOT_A_NUMBER.search(text), text
        if kind == "mle":
            assert pilot.app.screen.query_one("#bell", CanvasView).count("residual") > 0


def test_a_points_level_over_its_limit_is_refused_with_the_limit(tmp_path) -> None:
    for n in (101, 3_000, 1_000_000):
        path = write(tmp_path / "levels", "line", n)
        points = path.read_text().replace('kind = "line"', 'kind = "points"')
        path.write_text(points + '\n[model]\nfit = "least-squares"\n', encoding="utf-8")
        fine, found = check_paths([str(path)])
        assert fine == 0 and len(found) == 1, found
        assert found[0].startswith(f"{path}: data.generate.n: ") and "at most 100" in found[0]


async def test_the_largest_bias_variance_sweep_allowed_passes_check_and_plays(tmp_path) -> None:
    folder = tmp_path / "levels"
    folder.mkdir()
    text = HEAD.format(kind="bias-variance") + (
        '[models]\nn_train = 40\nn_sets = 3800\nmax_degree = 12\n[target]\ntype = "pick_degree"\n'
    )
    (folder / "01-big.toml").write_text(text, encoding="utf-8")
    assert check_paths([str(folder)]) == (1, [])
    async with app_for(folder, tmp_path / "data") as pilot:
        assert isinstance(pilot.app.screen, DegreeScreen)
        await pilot.press("right", "left")
        assert isinstance(pilot.app.screen, DegreeScreen)


# ---- the bowl's run -------------------------------------------------------------------------
@pytest.mark.long
def test_a_long_walk_costs_each_step_once(tmp_path) -> None:
    level = load_level(write(tmp_path / "levels", "descent", 16, steps=100_000))
    state = bowl.with_rate(level, bowl.start(level), 1e-6)  # tiny: it walks the whole budget
    state = bowl.advance(level, state, 100_000)  # the whole path was copied every step: 43 s
    assert state.steps == 100_000 and not state.diverged
    assert len(state.path) <= 2 * bowl.TRAIL + 1
    assert state.path[0] == bowl.start(level).path[0]
    assert state.path[-1][2] == state.mse


def test_a_walk_in_chunks_is_the_walk_in_one_go(tmp_path) -> None:
    level = load_level(write(tmp_path / "levels", "descent", 40, steps=5_000))
    first = bowl.start(level)
    whole = bowl.advance(level, first, 5_000)
    chunked = first
    for _ in range(7):
        chunked = bowl.advance(level, chunked, 777)
    assert (chunked.steps, chunked.mse, chunked.path) == (whole.steps, whole.mse, whole.path)
    one_by_one = first
    for _ in range(30):
        one_by_one = bowl.step(level, one_by_one)
    assert one_by_one.path == bowl.advance(level, first, 30).path


@pytest.mark.parametrize("n", [16, 2_000_000])
async def test_run_all_keeps_the_game_responsive_and_escape_stops_it(tmp_path, n) -> None:
    folder = tmp_path / "levels"
    path = write(folder, "descent", n, steps=100_000)
    # a target the slow walk does not reach while the test looks (a run stops where it wins)
    path.write_text(path.read_text().replace("factor = 1.5", "factor = 1.000001"))
    async with app_for(folder, tmp_path / "data") as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, BowlScreen)
        await pilot.press("left_square_bracket", *["left_square_bracket"] * 30)  # slow walk
        await pilot.press("enter")
        await settled(pilot, lambda: screen.state.steps > 0)
        assert 0 < screen.state.steps < 100_000  # running, and the screen still draws
        await pilot.press("h")  # other keys work during the run
        assert "Hint 1/1" in str(screen.query_one("#hint").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, LevelSelectScreen)
        stopped = screen.state.steps
        await pilot.pause(0.3)
        assert screen.state.steps == stopped


@pytest.mark.long
async def test_enter_pauses_the_run_and_enter_again_finishes_it(tmp_path) -> None:
    folder = tmp_path / "levels"
    write(folder, "descent", 16, steps=100_000)  # the most a level may ask: many frames
    async with app_for(folder, tmp_path / "data") as pilot:
        screen = pilot.app.screen
        await pilot.press(*["left_square_bracket"] * 60, "enter")  # too slow to win
        await settled(pilot, lambda: screen.state.steps > 0)  # running: pause it at once
        await pilot.press("enter")
        paused = screen.state.steps
        await pilot.pause(0.3)
        assert screen.state.steps == paused < 100_000
        await pilot.press("enter")
        await settled(pilot, lambda: screen.state.steps == 100_000, most=60)
        assert screen.state.steps == 100_000
        assert "Out of steps" in str(screen.query_one("#hint").render())


async def test_a_big_bell_looks_like_the_small_bell_drawn_point_by_point(tmp_path) -> None:
    from dartfit.pictures.bell import BellPicture, draw_bell
    from tests.test_chart_pictures import without_legend

    def drawn(picture: BellPicture) -> list[tuple[str, tuple[str, ...]]]:
        return [(t[7:], st[7:]) for t, st in without_legend(draw_bell(picture, 60, 12).rows())]

    residuals = np.random.default_rng(3).standard_normal(50_000) * 2
    big, few = drawn(BellPicture(residuals, 1.5)), drawn(BellPicture(residuals[:7], 1.5))
    assert big != few
    for picture, points in ((big, residuals), (few, residuals[:7])):  # the legend's cells aside
        alone = _bell_one_by_one(points, 1.5, 60, 12)
        # (the x axis's row aside: its labels are the code's own, checked elsewhere)
        for (text, styles), (ref, ref_styles) in zip(picture[:-1], alone[:-1], strict=True):
            for c, s, rc, rs in zip(text, styles, ref, ref_styles, strict=True):
                assert (c, s) == (rc, rs) or (c, s) == (" ", ""), (text, ref)


def _bell_one_by_one(residuals, sigma, width, height):  # type: ignore[no-untyped-def]
    """The bell drawn the first way: one bar per residual, in a Python loop (right of the
    y axis, on the same view; the x axis's labels aside)."""
    import math

    from dartfit.pictures.bell import BellPicture, bell_view
    from dartfit.pictures.raster import Raster

    raster = Raster(width, height)
    left, view = bell_view(BellPicture(residuals, sigma), width, height)
    plot_h = height - 1
    for col in range(left, width):
        raster.put(col, plot_h, "─", "axis")
    for r in residuals:
        col = left + round(view.col(float(r)))
        top = math.floor(view.row(math.exp(-0.5 * (float(r) / sigma) ** 2)) + 0.5)  # nearest
        for row in range(max(top, 0), plot_h):
            raster.put(col, row, "│", "residual")
    previous = None
    for i in range(2 * view.width):
        r = view.x_lo + (view.x_hi - view.x_lo) * i / (2 * view.width - 1)
        point = (left + view.col(r), view.row(math.exp(-0.5 * (r / sigma) ** 2)))
        if previous is not None:
            raster.segment(*previous, *point, "line")
        previous = point
    return [(text[left:], styles[left:]) for text, styles in raster.rows()]


async def test_run_all_wins_where_it_beats_the_target_and_the_win_is_kept(tmp_path) -> None:
    """A run of a 100,000-step budget walked on for seconds past the target, and an esc on
    the way lost the win: it stops, and wins, where the target is beaten."""
    folder = tmp_path / "levels"
    level = load_level(write(folder, "descent", 16, steps=100_000))
    async with app_for(folder, tmp_path / "data") as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, BowlScreen)
        await pilot.press("enter")
        await panel_shown(pilot)
        assert isinstance(pilot.app.screen, WinScreen)
        assert screen.state is not None and screen.state.steps < 100_000
        assert scoring.beaten(level, screen.state.mse)
    saved = json.loads((tmp_path / "data" / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"]["big"]["completed"] is True


def _least_mse(level: Level) -> float:
    """The least MSE of any line, by numpy.polyfit."""
    fit = np.polyval(np.polyfit(level.x, level.y, 1), level.x)
    return float(np.mean((level.y - fit) ** 2))


def _early_win_keys(level: Level) -> list[str] | None:
    """The fewest ] or [ presses for a stable rate at which plain descent (written out here
    from the level's start) beats the target at least two steps before the budget ends."""
    d = level.spec.descent
    x, y = level.x, level.y
    m, b = linear.start_line(level)
    stable = (
        2.0
        / np.linalg.eigvalsh(2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])).max()
    )
    first = d.learning_rate or stable / 2
    goal = scoring.target_value(level)
    for k in sorted(range(-20, 21), key=abs):
        rate = first * (1.25**k if k >= 0 else 0.8 ** (-k))
        steps = gd_steps_to(x, y, m, b, rate, goal, d.max_steps)
        if rate < stable and steps is not None and 0 < steps < d.max_steps - 1:
            return ["right_square_bracket"] * k if k > 0 else ["left_square_bracket"] * -k
    return None  # a level that only feature scaling wins


EARLY_WINS = [
    (lv, keys)
    for lv in load_levels(SHIPPED)
    if lv.spec.kind == "descent"
    and not (lv.spec.descent.signs or lv.spec.descent.scaled or lv.spec.descent.lock_rate)
    and (keys := _early_win_keys(lv)) is not None
]
assert "learning-rate" in [lv.id for lv, _ in EARLY_WINS]


@pytest.mark.parametrize(("level", "keys"), EARLY_WINS, ids=[lv.id for lv, _ in EARLY_WINS])
async def test_a_run_stops_on_the_step_that_earns_its_stars(tmp_path, level, keys) -> None:
    """Enter walked on to the end of the budget, so a rate that won in 4 steps showed
    "Steps: 15" beside a text that says it "got there in a handful of steps"; then it stopped
    at the first step past the target, a star or two short of what the steps left earned.
    The run stops at the first step that earns the most stars the budget holds at the rate
    the player chose: where plain descent written out here first reaches the strictest bar
    (the third star's, the second's, the target) it reaches at all."""
    made_predictions(tmp_path)
    async with make_app(SHIPPED, tmp_path, start=level.id).run_test() as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, BowlScreen)
        await pilot.press(*keys, "enter")
        await panel_shown(pilot)
        assert isinstance(pilot.app.screen, WinScreen)
        state = screen.state
        assert state is not None and not state.scaled
        m, b = linear.start_line(level)
        budget, best = level.spec.descent.max_steps, _least_mse(level)
        bars = [r * best for r in (level.spec.stars.exact, level.spec.stars.close)]
        found = (
            gd_steps_to(level.x, level.y, m, b, state.learning_rate, bar, budget)
            for bar in [*bars, scoring.target_value(level)]
        )
        steps = next(s for s in found if s is not None)
        assert state.steps == steps < budget
