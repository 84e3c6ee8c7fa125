"""The pure moves the mouse makes (shift and turn the line, drag a point), `undo`, and the
sandbox's keys on data far from x = 0: every move lands where the keys could, counts one
press, and scores what numpy says."""

from __future__ import annotations

from functools import reduce
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit.levels import Level, load_level, sandbox_level
from dartfit.rules import fit, linear, points
from dartfit.rules.attempt import undo
from tests.conftest import SHIPPED


@pytest.fixture(scope="module")
def line_level() -> Level:
    return load_level(SHIPPED / "05-first-line.toml")


@pytest.fixture(scope="module")
def points_level() -> Level:
    return load_level(SHIPPED / "10-pull.toml")


def numpy_mse(level: Level, m: float, b: float) -> float:
    return float(np.mean((level.y - (m * level.x + b)) ** 2))


def years() -> Level:
    """Thirty-one years of a slowly warming measurement: x far from zero."""
    rng = np.random.default_rng(7)
    x = np.arange(1990.0, 2021.0)
    y = 14.0 + 0.02 * (x - 1990) + rng.normal(0, 0.1, x.size)
    return fit.playable(sandbox_level(Path("years.csv"), x, y, "year", "temperature"))


def test_undo_takes_back_each_key_in_turn_and_keeps_the_presses_made(line_level: Level) -> None:
    """An undo is not a press, and it takes none back: two keys then two undos read 2
    presses (not 4, and not 0, which would make trying a line and taking it back free)."""
    start = fit.start(line_level)
    once = fit.nudge(line_level, start, 10, 0)
    twice = fit.nudge(line_level, once, 0, -3)
    back = undo(twice)
    assert (back.m, back.b, back.presses) == (once.m, once.b, 2)
    again = undo(back)
    assert (again.m, again.b, again.presses) == (start.m, start.b, 2)
    assert undo(again) is again  # nothing left to take back
    assert fit.nudge(line_level, again, 1, 0).presses == 3  # the next key counts on from there


def test_a_long_game_keeps_its_history_without_deep_comparisons(line_level: Level) -> None:
    state = reduce(lambda s, _: fit.nudge(line_level, s, 1, 0), range(5000), fit.start(line_level))
    other = fit.nudge(line_level, fit.start(line_level), 5000, 0)
    assert state.m == pytest.approx(other.m) and state != other  # presses differ; no recursion
    assert undo(state).tilt == 4999


def test_shifting_the_line_keeps_its_slope_and_lands_on_the_key_lattice(line_level: Level) -> None:
    start = fit.start(line_level)
    moved = fit.shift(line_level, start, 1.234)
    fine_b = linear.steps(line_level).b / 10
    assert moved.m == start.m
    assert abs(moved.b - (start.b + 1.234)) <= fine_b / 2 + 1e-12
    assert (moved.m, moved.b) == linear.lattice_line(line_level, moved.tilt, moved.lift)
    assert moved.presses == 1 and moved.previous is start
    assert fit.score(line_level, moved).mse == pytest.approx(
        numpy_mse(line_level, moved.m, moved.b)
    )


def test_turning_the_line_by_an_end_keeps_its_height_over_the_centre(line_level: Level) -> None:
    start = fit.start(line_level)
    x_bar = float(np.mean(line_level.x))
    x_end = float(np.max(line_level.x))
    target_y = start.m * x_end + start.b + 3.0
    turned = fit.turn(line_level, start, x_end, target_y)
    s = linear.steps(line_level)
    assert turned.m > start.m
    height = turned.m * x_bar + turned.b
    assert abs(height - (start.m * x_bar + start.b)) <= s.b / 20 + 1e-9
    assert abs(turned.m * x_end + turned.b - target_y) <= (s.m / 20) * abs(x_end - x_bar) + s.b / 20
    assert (turned.m, turned.b) == linear.lattice_line(line_level, turned.tilt, turned.lift)
    assert fit.score(line_level, turned).mse == pytest.approx(
        numpy_mse(line_level, turned.m, turned.b)
    )


def test_a_drag_is_one_press_however_far_the_mouse_went(line_level: Level) -> None:
    start = fit.start(line_level)
    for dy in (0.5, 1.0, 2.0, -1.5):  # each mouse move is worked out from where the drag began
        moved = fit.shift(line_level, start, dy)
    assert moved.presses == 1 and undo(moved).b == start.b


def test_dragging_a_point_lands_on_its_key_lattice_and_puts_the_other_back(
    points_level: Level,
) -> None:
    start = points.start(points_level)
    fine = linear.steps(points_level).point / 10
    first = points.drag(points_level, start, 1, float(points_level.y[1]) + 3.3 * fine)
    assert first.selected == 1 and first.presses == 1
    assert first.y[1] == pytest.approx(float(points_level.y[1]) + 3 * fine)
    second = points.drag(points_level, first, 2, float(points_level.y[2]) - 2 * fine)
    assert second.y[1] == float(points_level.y[1])  # only one point may move
    assert second.moved == 2 and second.presses == 2
    back = undo(second)
    assert back.y == first.y and back.selected == 1 and back.presses == 2
    s = points.score(points_level, second)
    y = np.array(second.y)
    m, b = np.polyfit(points_level.x, y, 1)
    assert s.mse == pytest.approx(float(np.mean((y - (m * points_level.x + b)) ** 2)))


def test_dragging_a_point_past_its_limit_stops_at_the_limit(points_level: Level) -> None:
    _, hi = points.point_limits(points_level)
    state = points.drag(points_level, points.start(points_level), 0, hi + 1e6)
    assert state.y[0] == hi


FLAT_BUT_ONE = """schema = 1
id = "flat"
title = "Onto one height"
kind = "points"
chapter = "Points"
lesson = "pull"
goal = "Move a point and watch the line follow."
what_you_saw = "The line followed."
hints = ["Move a point."]

[model]
fit = "least-squares"

[data]
x = [1.0, 2.0, 3.0, 4.0]
y = [1.0, 1.0, 1.0, 2.0]

[target]
type = "at_least"
metric = "mse"
factor = 2.0
"""
"""A points level whose last point may go down onto the others' height (`flat_but_one`)."""


def flat_but_one(folder: Path) -> Path:
    """A folder holding FLAT_BUT_ONE, alone."""
    folder.mkdir(exist_ok=True)
    (folder / "01-flat.toml").write_text(FLAT_BUT_ONE, encoding="utf-8")
    return folder


def test_a_points_level_keeps_its_points_to_the_loaders_rules_by_key_and_drag(
    tmp_path: Path,
) -> None:
    """y 1, 1, 1, 2, the last point taken down by keys: at y = 1 every y was equal, the
    refitted line flat through them and its MSE 0 from then on (as the sandbox refuses, and
    the CSV loader). That move is no move now, by key or drag, and says why."""
    level = load_level(flat_but_one(tmp_path / "levels") / "01-flat.toml")
    step = linear.steps(level).point
    state = points.select(level, points.start(level), 3)
    for _ in range(9):
        state = points.move(level, state, -step)
    assert state.y[3] == pytest.approx(1.1)
    for stays in (points.move(level, state, -step), points.drag(level, state, 3, 1.0)):
        assert stays is state
    for why in (
        points.why_it_stays(level, state, -step),
        points.why_drag_stays(level, state, 3, 1.0),
    ):
        assert why is not None and "the same y" in why
    assert points.why_it_stays(level, state, step) is None
    assert points.move(level, state, step).y[3] == pytest.approx(1.2)


def test_on_years_the_slope_key_turns_the_line_about_the_data_centre() -> None:
    level = years()
    x_bar, y_bar = linear.mean_point(level)
    assert linear.centre(level) == x_bar
    state = fit.start(level)
    height = state.m * x_bar + state.b
    for keys in ((10, 0), (1, 0), (-20, 0), (0, -10), (5, 0), (-1, 0)):
        before = state.m * x_bar + state.b
        state = fit.nudge(level, state, *keys)
        after = state.m * x_bar + state.b
        if keys[1] == 0:  # the slope key: the line keeps its height over x̄
            assert after == pytest.approx(before, abs=1e-9 * abs(height))
        assert fit.score(level, state).mse == pytest.approx(numpy_mse(level, state.m, state.b))
    # the keys reach the least-squares line, through (x̄, ȳ), and it stays there when turned
    m_fit, b_fit = np.polyfit(level.x, level.y, 1)
    i, j, _ = _nearest_lattice(level, m_fit, b_fit)
    best = fit.nudge(level, fit.start(level), i, j)
    assert best.m * x_bar + best.b == pytest.approx(y_bar, abs=1e-9)
    turned = fit.nudge(level, best, 7, 0)
    assert turned.m * x_bar + turned.b == pytest.approx(y_bar, abs=1e-9)


def test_on_years_one_coarse_key_moves_the_line_by_a_step_that_fits_the_data() -> None:
    level = years()
    s = linear.steps(level)
    spread_y = float(np.ptp(level.y))
    state = fit.start(level)
    lifted = fit.nudge(level, state, 0, 10)
    turned = fit.nudge(level, state, 10, 0)
    assert 0 < lifted.b - state.b <= spread_y  # the lift key: less than the data's height
    x = level.x
    swing = np.max(np.abs((turned.m - state.m) * (x - linear.centre(level))))
    assert 0 < swing <= spread_y  # the slope key turns it by less than the data's height
    assert s.m == pytest.approx(turned.m - state.m)  # ten fine steps: one coarse step


def _nearest_lattice(level: Level, m: float, b: float) -> tuple[int, int, float]:
    placed = fit.place(level, fit.start(level), m, b)
    return placed.tilt, placed.lift, numpy_mse(level, placed.m, placed.b)


def test_a_press_that_moves_nothing_is_no_press_and_undo_always_moves_something() -> None:
    """A point pressed against its limit: the press made a state equal to the one before but
    for its count, and undone it gave back a state equal to the one on screen, which the
    screen's reactive did not take, so every earlier move was stuck (a review)."""
    level = load_level(SHIPPED / "10-pull.toml", 13)
    step = linear.steps(level).point
    state = points.start(level)
    for _ in range(400):  # far past the limit
        state = points.move(level, state, -step)
    lo, _ = points.point_limits(level)
    assert state.y[state.selected] == lo
    assert points.move(level, state, -step) is state  # no press where nothing moves
    seen = [state.y]
    while (back := undo(state)) is not state:
        assert back != state  # each undo gives a state the screen takes
        state = back
        seen.append(state.y)
    assert state.y == points.start(level).y and len(seen) > 1


def test_an_undo_keeps_what_was_seen_and_spent() -> None:
    """A best line shown stays shown after an undo (it took the reveal back, and the stars
    its showing cost, for free), and a wrong pick stays counted."""
    level = load_level(SHIPPED / "05-first-line.toml", 5)
    moved = fit.nudge(level, fit.start(level), 0, 1)
    shown = fit.reveal(level, moved)
    back = undo(shown)
    assert back.revealed and back.presses == shown.presses and back.lift == 0
    assert set(points.PointsState.KEPT_BY_UNDO) >= {"presses", "wrong_picks", "picked"}


@pytest.mark.parametrize("scale", [1.0, 1e-10, 1e-30, 1e-45])
def test_dragging_the_sandbox_line_by_an_end_turns_it_on_data_of_any_size(scale: float) -> None:
    """Whether the drag was at the centre x̄ (where the line only shifts) was judged to a
    trillionth of 1: on data 1e−30 wide every drag by an end shifted the line."""
    base = np.linspace(0.0, 10.0, 20)
    x, y = base * scale, (2 * base + 1 + np.sin(np.arange(20))) * scale
    level = sandbox_level(Path("data.csv"), x, y, "x", "y")
    start = fit.start(level)
    turned = fit.turn(level, start, float(x[-1]), float(y[-1] + 5 * scale))
    assert turned.tilt != 0 and turned.m == pytest.approx(5.22, rel=1e-9), turned
    x_bar = float(np.mean(x))
    assert turned.m * x_bar + turned.b == pytest.approx(start.b, abs=linear.steps(level).b / 20)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 400),
    seed=st.integers(0, 2**16),
    scale=st.sampled_from([1e-6, 1.0, 1e6]),
    line=st.tuples(st.floats(-40, 40), st.floats(-40, 40)),
)
def test_a_lines_mse_and_mae_are_numpys_means_bit_for_bit(
    n: int, seed: int, scale: float, line: tuple[float, float]
) -> None:
    # the score takes each mean as numpy's sum over n: the same bits as numpy's own mean
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    y = scale * rng.normal(0, 3, n) + 2 * x
    level = sandbox_level(Path("own.csv"), x, y, "x", "y")
    m, b = line
    s = fit.score(level, fit.FitState(m, b))
    misses = level.y - (m * level.x + b)
    assert s.mse == linear.exact_or_zero(level, float(np.mean(misses**2)))
    assert s.mae == linear.exact_or_zero(level, float(np.mean(np.abs(misses))), "mae")
    assert s.sse == linear.exact_or_zero(level, float(np.sum(misses**2)), "sse")
