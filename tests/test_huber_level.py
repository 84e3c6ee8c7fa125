"""Between the two: Huber's δ slides its best line from the MSE's to the MAE's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dartfit.app import make_app
from dartfit.commands import check_paths
from dartfit.dialogs.win import WinScreen
from dartfit.levels import find_level, load_levels
from dartfit.rules import huber, scoring
from dartfit.screens.huber import HuberScreen
from tests.conftest import SHIPPED
from tests.ui.keys import huber_keys
from tests.ui.test_screens import number_after, text_of
from tests.ui.typing import panel_shown

LEVEL = find_level(load_levels(SHIPPED), "huber")


def test_the_ends_of_the_ladder_are_the_mse_and_the_mae_lines() -> None:
    x, y = LEVEL.x, LEVEL.y
    lines = huber.ladder(LEVEL)
    assert lines[-1] == pytest.approx(tuple(np.polyfit(x, y, 1)), rel=1e-6)
    mae_of = [np.mean(np.abs(y - (m * x + b))) for m, b in lines]
    assert mae_of[0] == min(mae_of)  # the smallest δ: the line with the least MAE of them
    assert huber.outlier(LEVEL) == int(np.argmax(y - (0.8 * x + 2)))


def test_a_middle_delta_fits_the_inliers_best_and_the_target_asks_for_it() -> None:
    x, y = LEVEL.x, LEVEL.y
    keep = np.arange(x.size) != huber.outlier(LEVEL)
    scores = [np.mean((y[keep] - (m * x[keep] + b)) ** 2) for m, b in huber.ladder(LEVEL)]
    best = int(np.argmin(scores))
    assert 0 < best < 2 * huber.RUNGS
    goal = scoring.target_value(LEVEL)
    assert scores[huber.START] > goal >= scores[best]
    assert scores[0] > goal or scores[-1] > goal


async def test_sliding_delta_down_wins_and_the_hud_shows_numpys_inlier_mse(
    tmp_path: Path,
) -> None:
    app = make_app(SHIPPED, tmp_path, start="huber", all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right")  # already the largest δ: no press counted
        assert app.screen.state.presses == 0
        await pilot.press("left")
        x, y = LEVEL.x, LEVEL.y
        keep = np.arange(x.size) != huber.outlier(LEVEL)
        m, b = huber.ladder(LEVEL)[huber.START - 1]
        shown = number_after("outlier:", text_of(app, "#hud"))
        assert shown == float(f"{np.mean((y[keep] - (m * x[keep] + b)) ** 2):.4g}")
        keys = huber_keys(LEVEL)[1:]
        while keys and not isinstance(app.screen, WinScreen):
            await pilot.press(keys.pop(0))
        assert isinstance(app.screen, WinScreen) and app.screen.result.stars == 1
        await panel_shown(pilot)
        await pilot.press("k", *keys, "enter")  # on to the best δ and finish: three stars
        await pilot.pause()
        assert isinstance(app.screen, WinScreen) and app.screen.result.stars == 3


def test_check_refuses_points_with_nothing_between_the_two(write_level) -> None:
    text = (SHIPPED / "15b-huber.toml").read_text().replace("22.5", "10.0")  # no outlier
    path = write_level(text)
    fine, found = check_paths([str(path)])
    assert fine == 0 and found, found


TOO_FEW = {
    "two points": "x = [1.0, 2.0]\ny = [1.0, 3.0]",
    "two generated": "generate = { n = 2, seed = 1 }",
}


@pytest.mark.parametrize("data", list(TOO_FEW.values()), ids=list(TOO_FEW))
async def test_too_few_points_to_measure_the_noise_are_named_and_the_game_still_opens(
    write_level, tmp_path: Path, data: str
) -> None:
    """Two points leave one besides the outlier, and no line to measure the noise about:
    `dartfit check` said "can't be checked: ValueError", and the game ended as it opened."""
    text = (SHIPPED / "15b-huber.toml").read_text(encoding="utf-8")
    start, end = text.index("[data]"), text.index("\n[", text.index("[data]"))
    path = write_level(f"{text[:start]}[data]\n{data}\n{text[end:]}")
    fine, found = check_paths([str(path)])
    assert fine == 0 and [line.split(": ")[1] for line in found] == ["data"], found
    assert "3 or more points" in found[0]
    app = make_app(data_dir=tmp_path / "data", level_file=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("left", "left", "right")
        await pilot.pause()
        assert app.is_running and any(isinstance(s, HuberScreen) for s in app.screen_stack)


def test_the_win_names_each_reference_for_what_it_is() -> None:
    """The win read "best δ: 0.3896" beside "Your MSE": 0.3896 is an MSE, the best δ line's."""
    from dartfit.kinds import rules_of

    level = next(lv for lv in load_levels(SHIPPED) if lv.spec.kind == "huber")
    names = [name for name, _ in rules_of(level).references(level)]
    assert names == ["best Huber", "the MSE's line", "the MAE's line"]  # as the legend
