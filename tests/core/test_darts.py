"""Darts: throws land at aim + wind + wobble, and a round is scored by its MSE."""

from __future__ import annotations

import numpy as np
import pytest

from dartfit.core import expected_best_mse, score_round, throw_dart


def test_the_same_seed_throws_the_same_darts() -> None:
    first = throw_dart([1.0, 2.0], 0.5, [0.1, 0.0], np.random.default_rng(42))
    second = throw_dart([1.0, 2.0], 0.5, [0.1, 0.0], np.random.default_rng(42))
    assert first.tolist() == second.tolist()


def test_without_wobble_a_dart_lands_at_aim_plus_wind() -> None:
    rng = np.random.default_rng(0)
    assert throw_dart(3.0, 0.0, -0.5, rng) == 2.5
    assert throw_dart([1.0, 2.0], 0.0, [0.5, -1.0], rng).tolist() == [1.5, 1.0]


def test_many_throws_average_to_aim_plus_wind() -> None:
    rng = np.random.default_rng(1)
    aim, wind = np.array([1.0, -2.0]), np.array([0.3, 0.4])
    landings = np.array([throw_dart(aim, 0.5, wind, rng) for _ in range(20_000)])
    np.testing.assert_allclose(landings.mean(axis=0), aim + wind, atol=0.02)  # ~5 std errors
    np.testing.assert_allclose(landings.std(axis=0), [0.5, 0.5], rtol=0.03)


def test_a_perfect_aimer_scores_about_the_expected_best_mse() -> None:
    rng = np.random.default_rng(2)
    wind = np.array([0.3, -0.1])
    landings = [throw_dart(-wind, 0.4, wind, rng) for _ in range(20_000)]
    score = score_round([0.0, 0.0], landings)
    assert score.mse == pytest.approx(expected_best_mse(0.4, 2), rel=0.05)
    assert expected_best_mse(0.4, 2) == pytest.approx(2 * 0.16)


def test_errors_are_signed_bullseye_minus_landing() -> None:
    score = score_round(5.0, [4.0, 7.0, 5.5])
    assert score.errors.tolist() == [1.0, -2.0, -0.5]
    assert score.running_sum.tolist() == [1.0, -1.0, -1.5]
    assert score.mean_error == pytest.approx(-0.5)


def test_squares_grow_with_the_square_of_the_miss() -> None:
    score = score_round(0.0, [1.0, 2.0, 3.0])
    assert score.squared.tolist() == [1.0, 4.0, 9.0]


def test_in_two_dimensions_a_throw_scores_its_squared_distance() -> None:
    landings = np.array([[3.0, 4.0], [0.0, -1.0]])
    score = score_round([0.0, 0.0], landings)
    np.testing.assert_array_equal(score.squared, (score.errors**2).sum(axis=1))
    assert score.squared.tolist() == [25.0, 1.0]
    assert score.running_sum.tolist() == [[-3.0, -4.0], [-3.0, -3.0]]
    assert score.mean_error.tolist() == [-1.5, -1.5]


def test_the_running_mse_ends_at_the_round_mse() -> None:
    rng = np.random.default_rng(3)
    landings = [throw_dart([0.0, 0.0], 1.0, [0.2, 0.0], rng) for _ in range(12)]
    score = score_round([0.0, 0.0], landings)
    assert score.running_mse[-1] == pytest.approx(score.mse)
    assert score.running_mse[0] == score.squared[0]
    assert score.mse == pytest.approx(float(np.mean(score.squared)))


def test_a_scored_round_cannot_be_edited() -> None:
    score = score_round(0.0, [1.0, 2.0])
    with pytest.raises(ValueError):
        score.errors[0] = 0.0
