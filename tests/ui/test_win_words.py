"""What the win says it showed, checked against what the level drew: its words are the run's
and the sweep's own, worked out here again with numpy."""

from __future__ import annotations

import numpy as np

from dartfit.app import make_app
from dartfit.dialogs.win import WinScreen
from dartfit.levels import find_level, load_levels
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.test_screens import text_of
from tests.ui.typing import settled

LEVELS = load_levels(SHIPPED)


async def _won(level_id: str, tmp_path, size: tuple[int, int]):
    """Win the level with its winning keys: its screen, and the win's "What you just saw"."""
    level = find_level(LEVELS, level_id)
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id, all_open=True)
    async with app.run_test(size=size) as pilot:
        screen = app.screen
        await pilot.press(*winning_keys(level))
        await pilot.pause()
        assert isinstance(app.screen, WinScreen)
        return screen, " ".join(text_of(app, "#win-text").split())


def _reversals(points: np.ndarray) -> np.ndarray:
    """How often the step along each axis turned back, numpy's count."""
    steps = np.diff(points, axis=0)
    return np.sum(np.sign(steps[1:]) * np.sign(steps[:-1]) < 0, axis=0)


async def test_too_hots_win_tells_the_path_it_drew_zig_zags_at_a_lowered_rate(
    tmp_path,
) -> None:
    """At η = 0.32 the map drew a zig-zag; the win had said it "walked calmly down"."""
    screen, said = await _won("too-hot", tmp_path, (120, 40))
    path = np.array(screen.state.path)
    turned = _reversals(path[:, :2])
    steps = len(path) - 1
    assert turned.max() >= steps // 2  # the walk as drawn does zig-zag
    assert "calmly" not in said and "{" not in said
    assert f"at η = {screen.state.learning_rate:.2f} your steps zig-zagged" in said
    turned_said = f"along m {turned[0]} times and along b {turned[1]} times in {steps} steps"
    assert f"(its step turned back {turned_said})" in said
    assert "the MSE falling at every step" in said and np.all(np.diff(path[:, 2]) < 0)


async def test_too_hots_win_tells_no_overshoot_as_seen_where_no_step_overshot(tmp_path) -> None:
    """Won by lowering η before the first step, no step was ever taken above the stable
    rate, yet the win said "every step overshot ... the MSE grew" and "the same steps", as
    if the player had watched it. It tells what η = 0.5 does as what it does, and the won
    walk as the player's own."""
    from dartfit.rules import bowl

    level = find_level(LEVELS, "too-hot")
    screen, said = await _won("too-hot", tmp_path, (80, 24))
    stable = bowl.max_stable_rate(level, screen.state.scaled)
    mses = np.array(screen.state.path)[:, 2]
    assert screen.state.learning_rate < stable and np.all(np.diff(mses) < 0)  # none overshot
    for seen in ("overshot", "landed higher", "the MSE grew", "the same steps", "tamed"):
        assert seen not in said, said
    assert "every step overshoots" in said and "the MSE grows instead of falling" in said


def test_a_walk_that_turned_back_once_is_told_as_nearly_straight_not_a_zig_zag() -> None:
    from dartfit.rules import bowl

    level = find_level(LEVELS, "too-hot")
    walk = bowl.start(level, False, 0.1)
    walk = bowl.advance(level, walk, 30, bowl.run_goal(level, walk))
    turned = _reversals(np.array(walk.path)[:, :2])
    assert list(turned) == [1, 0]
    assert bowl.path_said(walk).startswith(
        "went down nearly straight (its step turned back along m once"
    )


async def test_the_degree_wins_train_mse_is_told_as_the_sweep_has_it_level_not_falling(
    tmp_path,
) -> None:
    """The U drew the train MSE flat from degree 3; the win had said it "kept falling"."""
    from dartfit.rules import degree

    _, said = await _won("degree", tmp_path, (80, 24))
    train = np.array([bv.train_mse for bv in degree.sweep(find_level(LEVELS, "degree"))])
    assert np.all(np.diff(train) <= 0) and "kept falling" not in said
    left = train - train[-1]  # what it has still to fall, beside its whole fall
    flat = int(np.argmax(left <= 0.1 * left[0]))
    assert 0 < flat < len(train) - 1 and left[flat - 1] > 0.1 * left[0]
    assert f"Training MSE never rose as the degree rose, and from degree {flat} on it" in said
    assert "{" not in said


def _steps_to(x: np.ndarray, y: np.ndarray, rate: float, goal: float, cap: int) -> int | None:
    """Plain gradient descent on the line's MSE from m = 1, b = 0 (learning-rate's start):
    the first step whose MSE is at or under `goal`, numpy's count; None within `cap`."""
    m, b = 1.0, 0.0
    for step in range(1, cap + 1):
        e = y - (m * x + b)
        m, b = m + rate * 2 * np.mean(x * e), b + rate * 2 * np.mean(e)
        if np.mean((y - (m * x + b)) ** 2) <= goal:
            return step
    return None


async def test_learning_rates_win_tells_its_own_steps_beside_the_fewest_any_rate_takes(
    tmp_path,
) -> None:
    """The win said "a larger one got there in a handful of steps" over a walk of all 15
    (Steps: 15 on the same panel). It tells the run's steps, and the fewest any rate the
    keys reach (0.03 × 1.25^k) takes, both counted here again with numpy."""
    from dartfit.rules.scoring import target_value

    level = find_level(LEVELS, "learning-rate")
    screen, said = await _won("learning-rate", tmp_path, (80, 24))
    steps = len(screen.state.path) - 1
    goal, cap = target_value(level), level.spec.descent.max_steps
    assert goal is not None
    x, y = np.asarray(level.x, float), np.asarray(level.y, float)
    counted = [
        (n, r) for k in range(-30, 31) if (n := _steps_to(x, y, r := 0.03 * 1.25**k, goal, cap))
    ]
    fewest, rate = min(counted)
    assert fewest < steps == cap, (fewest, steps)  # the keys' run: slower than the fastest
    assert "handful" not in said and "{" not in said, said
    rate_said = f"{rate:.3g}"
    assert f"Your learning rate, η = {screen.state.learning_rate:.3g}, took {steps} steps" in said
    assert f"the fastest rate the keys choose, η = {rate_said}, reaches it in {fewest}." in said, (
        said
    )


async def test_too_hots_win_on_scaled_x_says_the_rate_is_below_that_bowls_stable_one(
    tmp_path,
) -> None:
    """Won on scaled x with η raised to 0.781 (f ] ] enter), the win said "Lowering η below
    2/λ_max … tames it: at η = 0.781", the rate the player had raised, above the 0.396 of
    the HUD before f. It says the rate was on scaled x, and the stable rate there."""
    from dartfit.rules import bowl

    level = find_level(LEVELS, "too-hot")
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id, all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", "right_square_bracket", "right_square_bracket", "enter")
        await settled(pilot, lambda: isinstance(app.screen, WinScreen))
        said = " ".join(text_of(app, "#win-text").split())
    scaled, raw = (bowl.max_stable_rate(level, s) for s in (True, False))
    assert f"at η = 0.781 on scaled x (stable below {scaled:.3g}, not {raw:.3f})" in said, said
    assert raw < 0.781 < scaled  # raised above the raw bowl's stable rate
