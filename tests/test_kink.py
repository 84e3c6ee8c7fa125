"""Smooth or kinked: descent on one number under the MSE and the MAE, checked by hand."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dartfit import core
from dartfit.commands import check_paths
from dartfit.levels import find_level, load_levels
from dartfit.rules import kink
from dartfit.rules.kink import KinkState
from tests.conftest import SHIPPED

LEVEL = find_level(load_levels(SHIPPED), "kink")
ys = st.lists(st.floats(-100, 100), min_size=1, max_size=30)


@given(ys, st.floats(-100, 100), st.floats(0.01, 0.99))
def test_the_mse_descent_multiplies_the_distance_to_the_mean_by_one_less_twice_the_rate(
    y: list[float], start: float, rate: float
) -> None:
    path = core.constant_descent(y, start, rate, 20, "mse")
    mean = float(np.mean(y))
    for a, b in itertools.pairwise(path):
        assert b - mean == pytest.approx((1 - 2 * rate) * (a - mean), abs=1e-9)


@given(ys, st.floats(-100, 100), st.floats(0.01, 5.0))
def test_the_mae_descent_steps_by_the_rate_times_the_share_below_less_the_share_above(
    y: list[float], start: float, rate: float
) -> None:
    path = core.constant_descent(y, start, rate, 20, "mae")
    values = np.array(y)
    for a, b in itertools.pairwise(path):
        share = (np.sum(values < a) - np.sum(values > a)) / values.size
        assert b == pytest.approx(a - rate * share, abs=1e-9)


def test_the_shipped_level_shows_the_lesson() -> None:
    mse, mae = kink.paths(LEVEL)
    assert mse[-1] == pytest.approx(np.mean(LEVEL.y), abs=1e-9)
    assert kink.step_sizes(mse)[-1] < 1e-9  # the MSE's steps shrank to nothing
    last = kink.step_sizes(mae)[-10:]
    assert min(last) > 0.01 and max(last) == pytest.approx(min(last))  # the MAE's kept size
    assert abs(np.median(mae[-10:]) - np.median(LEVEL.y)) < 0.1  # stepping across the median
    assert kink.answer(LEVEL) == kink.RIGHT == 1


def test_the_prediction_comes_first_and_only_once() -> None:
    state = kink.step(LEVEL, KinkState())
    assert state.steps == 0  # no run before the prediction
    state = kink.predict(state, 2)
    assert kink.predict(state, 1).prediction == 2
    state = kink.step(LEVEL, state, 10**6)
    assert kink.finished(LEVEL, state) and state.steps == LEVEL.spec.descent.max_steps


@pytest.mark.parametrize("rate", ["1.2", "0.0001"])
def test_check_refuses_a_run_that_does_not_show_the_lesson(write_level, rate) -> None:
    text = (SHIPPED / "20b-kink.toml").read_text()
    path = write_level(text.replace("learning_rate = 0.45", f"learning_rate = {rate}"))
    fine, found = check_paths([str(path)])
    assert fine == 0 and any(line.startswith(f"{path}: descent: ") for line in found), found


@given(
    st.lists(st.integers(-20, 20).map(float), min_size=1, max_size=40),
    st.integers(-25, 25).map(float),
    st.sampled_from([0.5, 1.0, 3.0]),
)
def test_the_mae_walk_counts_below_and_above_as_a_pass_over_the_data_does(
    y: list[float], start: float, rate: float
) -> None:
    """The counts now come from binary searches in the sorted data (a pass over 2,000,000
    points a step held `check` for minutes): the same path, to the bit, ties included."""
    from dartfit.core.constant import constant_descent

    values = np.array(y)
    path = [start]
    for _ in range(30):
        c = path[-1]
        gradient = float(np.count_nonzero(values < c) - np.count_nonzero(values > c))
        path.append(c - rate * (gradient / values.size))
    assert constant_descent(y, start, rate, 30, loss="mae") == tuple(path)


def test_check_refuses_a_rate_whose_mae_steps_are_wider_than_the_data(write_level) -> None:
    """The kink level with its data and start 1e30 times smaller passed `check` (a hostile
    pass): the MAE's steps near the median, the rate over n (0.05), were 1e27 times the
    data's spread, and its chart of c showed none of the points. The shipped level passes."""
    text = (SHIPPED / "20b-kink.toml").read_text()
    y = "y = [2.0, 3.0, 3.5, 4.0, 5.0, 5.5, 6.0, 7.0, 15.0]"
    assert y in text
    tiny = text.replace("b = 11.0", "b = 11.0e-30").replace(
        y, "y = [2e-30, 3e-30, 3.5e-30, 4e-30, 5e-30, 5.5e-30, 6e-30, 7e-30, 15e-30]"
    )
    path = write_level(tiny)
    fine, found = check_paths([str(path)])
    assert fine == 0 and any(
        line.startswith(f"{path}: descent.learning_rate: the MAE's steps") for line in found
    ), found
    assert check_paths([str(SHIPPED / "20b-kink.toml")])[0] == 1
