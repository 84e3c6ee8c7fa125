"""Bias and variance: polynomial fits over many training sets, and darts around a bullseye."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dartfit.core import (
    CURVE_NAMES,
    best_degree,
    bias_variance,
    darts_bias_variance,
    degree_sweep,
    score_round,
    split_landings,
    true_curve,
)
from tests.core.strategies import measurements

SINE_DEGREES = range(9)


@pytest.fixture(scope="module")
def sine_sweep() -> tuple:
    """Degrees 0-8 fitted to 15 noisy points from the sine, over 2000 training sets.

    Fewer sets make the sweep fragile: one training set bunched to one side can extrapolate
    wildly and dominate a few hundred sets' variance (it happened for 1 seed in 60 at 600).
    """
    return degree_sweep("sine", SINE_DEGREES, 0.3, 15, 2000, np.random.default_rng(7))


def _monte_carlo_standard_error(fits: np.ndarray, truth: np.ndarray, sigma: float) -> float:
    """Standard error of the test-MSE estimate given the fits, from its terms' variance.

    With e = fit − f and fresh targets f + σz, (fit − y)² = e² − 2σze + σ²z². Averaged over
    n_sets·n_test independent z, the estimate's deviation from mean(e²) + σ² has variance
    (2σ⁴ + 4σ²·mean(e²)) / (n_sets·n_test).
    """
    squared_error = float(np.mean((fits - truth) ** 2))
    return math.sqrt((2 * sigma**4 + 4 * sigma**2 * squared_error) / fits.size)


@pytest.mark.parametrize(("curve", "degree"), [("sine", 1), ("sine", 3), ("cubic", 2)])
def test_bias2_plus_variance_plus_noise_matches_a_monte_carlo_test_mse(
    curve: str, degree: int
) -> None:
    sigma = 0.3
    result = bias_variance(curve, degree, sigma, 15, 2000, np.random.default_rng(11))
    predicted = result.bias2 + result.variance + result.noise
    error = _monte_carlo_standard_error(result.fits, result.truth, sigma)
    assert abs(result.expected_test_mse - predicted) < 4 * error
    assert result.noise == pytest.approx(sigma**2)


def test_bias2_and_variance_recompute_from_the_fits() -> None:
    result = bias_variance("quadratic", 2, 0.5, 10, 50, np.random.default_rng(3))
    truth = np.array([4 * (x - 0.5) ** 2 - 0.5 for x in np.linspace(0, 1, 50)])
    np.testing.assert_allclose(result.truth, truth)
    np.testing.assert_allclose(result.x_test, np.linspace(0, 1, 50))
    average = result.fits.sum(axis=0) / result.fits.shape[0]
    np.testing.assert_allclose(result.mean_fit, average)
    sets = result.fits.shape[0]
    sampling = ((result.fits - average) ** 2).sum(axis=0) / (sets - 1) / sets
    assert result.bias2 == pytest.approx(max(np.mean((average - truth) ** 2 - sampling), 0.0))
    spread = ((result.fits - average) ** 2).sum(axis=0) / result.fits.shape[0]
    assert result.variance == pytest.approx(np.mean(spread))


def test_a_constant_fit_to_a_line_has_its_textbook_bias_and_variance() -> None:
    # The constant fit is the mean of y = 2x − 1 + σz with x ~ U(0, 1): it averages 0 and
    # varies by (Var f(x) + σ²) / n = (1/3 + σ²) / n at every test input.
    sigma, n, sets = 0.4, 8, 4000
    x_test = np.array([0.0, 0.25, 0.9])
    result = bias_variance("line", 0, sigma, n, sets, np.random.default_rng(5), x_test=x_test)
    variance = (1 / 3 + sigma**2) / n
    assert result.variance == pytest.approx(variance, rel=4 * math.sqrt(2 / sets))
    bias2 = float(np.mean((2 * x_test - 1) ** 2))
    assert abs(result.bias2 - bias2) < 4 * math.sqrt(4 * bias2 * variance / sets) + variance / sets


def test_fitting_a_line_to_a_straight_line_truth_has_no_bias() -> None:
    sets = 2000
    result = bias_variance("line", 1, 0.5, 12, sets, np.random.default_rng(2))
    # The estimate of bias² carries about variance / n_sets of sampling noise.
    assert result.bias2 < 8 * result.variance / sets
    exact = bias_variance("line", 1, 0.0, 12, 10, np.random.default_rng(2))
    assert exact.bias2 < 1e-20
    assert exact.variance < 1e-20
    assert exact.expected_test_mse < 1e-20


def test_variance_grows_with_the_degree_for_a_fixed_training_size() -> None:
    low, high = degree_sweep("sine", [1, 9], 0.3, 12, 500, np.random.default_rng(4))
    assert high.variance > 10 * low.variance


def test_a_line_is_badly_biased_on_a_sine_and_higher_degrees_remove_it(sine_sweep: tuple) -> None:
    bias2 = [r.bias2 for r in sine_sweep]
    assert bias2[1] > 0.15
    assert bias2[0] > bias2[1] > bias2[3]
    assert bias2[3] < bias2[1] / 10
    # Past degree 3 the estimate of bias² carries variance / n_sets of noise, and the mean of
    # the random-design fits isn't the best-fitting curve, so it no longer falls every step.
    assert bias2[4] < bias2[1] / 5


def test_training_mse_falls_with_degree_while_test_mse_turns_back_up(sine_sweep: tuple) -> None:
    train = [r.train_mse for r in sine_sweep]
    assert all(later < earlier for earlier, later in itertools.pairwise(train))
    test = [r.expected_test_mse for r in sine_sweep]
    best = int(np.argmin(test))
    assert 0 < best < len(test) - 1
    assert test[0] > test[best] < test[-1]
    assert test[-1] > 10 * test[best]


def test_the_best_degree_for_the_sine_is_in_the_middle(sine_sweep: tuple) -> None:
    chosen = best_degree(sine_sweep)
    assert chosen == min(sine_sweep, key=lambda r: r.expected_test_mse).degree
    assert 2 <= chosen <= 5


def test_a_sweep_fits_every_degree_to_the_same_training_sets() -> None:
    sweep = degree_sweep("cubic", [1, 3], 0.2, 10, 30, np.random.default_rng(8))
    alone = bias_variance("cubic", 3, 0.2, 10, 30, np.random.default_rng(8))
    np.testing.assert_array_equal(sweep[1].fits, alone.fits)
    assert sweep[1].expected_test_mse == alone.expected_test_mse


def test_the_same_seed_gives_the_same_estimate() -> None:
    first = bias_variance("sine", 3, 0.3, 15, 40, np.random.default_rng(9))
    second = bias_variance("sine", 3, 0.3, 15, 40, np.random.default_rng(9))
    np.testing.assert_array_equal(first.fits, second.fits)
    assert (first.bias2, first.variance, first.expected_test_mse, first.train_mse) == (
        second.bias2,
        second.variance,
        second.expected_test_mse,
        second.train_mse,
    )


def test_a_cubic_fit_recovers_a_noise_free_cubic_everywhere() -> None:
    result = bias_variance("cubic", 3, 0.0, 6, 5, np.random.default_rng(1))
    truth = 20 * result.x_test * (result.x_test - 0.5) * (result.x_test - 1)
    np.testing.assert_allclose(result.fits, np.broadcast_to(truth, result.fits.shape), atol=1e-9)
    assert result.train_mse < 1e-20


def test_a_result_cannot_be_edited() -> None:
    result = bias_variance("line", 1, 0.1, 5, 3, np.random.default_rng(0))
    with pytest.raises(ValueError):
        result.fits[0, 0] = 1.0
    with pytest.raises(AttributeError):
        result.bias2 = 0.0  # type: ignore[misc]


def test_each_named_curve_has_its_shape_on_zero_to_one() -> None:
    x = np.array([0.0, 0.25, 0.5, 1.0])
    assert set(CURVE_NAMES) >= {"sine", "line", "quadratic", "cubic"}
    np.testing.assert_allclose(true_curve("sine")(x), [0.0, 1.0, 0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(true_curve("line")(x), [-1.0, -0.5, 0.0, 1.0])
    np.testing.assert_allclose(true_curve("quadratic")(x), [0.5, -0.25, -0.5, 0.5])
    np.testing.assert_allclose(true_curve("cubic")(x), [0.0, 0.9375, 0.0, 0.0])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"degree": -1}, "degree must be at least 0"),
        ({"degree": 5}, "degree 5 needs at least 6 training points"),
        ({"degree": 1.5}, "degree must be a whole number"),
        ({"noise": -0.1}, "noise can't be negative"),
        ({"n_sets": 1}, "n_sets must be at least 2"),
        ({"n_train": 0}, "n_train must be at least 1"),
        ({"curve": "zigzag"}, "unknown curve 'zigzag'"),
        ({"x_range": (1.0, 1.0)}, "low < high"),
        ({"x_test": [0.5, float("nan")]}, "x_test contains NaN"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(changes: dict, message: str) -> None:
    arguments = {"curve": "sine", "degree": 2, "noise": 0.3, "n_train": 5, "n_sets": 10}
    arguments.update(changes)
    with pytest.raises(ValueError, match=message):
        bias_variance(rng=np.random.default_rng(0), **arguments)


def test_a_sweep_refuses_no_degrees_and_an_empty_sweep_has_no_best() -> None:
    with pytest.raises(ValueError, match="degrees is empty"):
        degree_sweep("sine", [], 0.3, 5, 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="degree 5 needs"):
        degree_sweep("sine", [1, 5], 0.3, 5, 10, np.random.default_rng(0))
    with pytest.raises(ValueError, match="sweep is empty"):
        best_degree(())


landing_sets = st.one_of(
    hnp.arrays(np.float64, st.integers(1, 20), elements=measurements),
    hnp.arrays(np.float64, st.tuples(st.integers(1, 20), st.integers(1, 3)), elements=measurements),
)


@settings(max_examples=200)
@given(landings=landing_sets, shift=measurements)
def test_mse_is_exactly_bias2_plus_variance_for_any_landings(
    landings: np.ndarray, shift: float
) -> None:
    bullseye = np.full(landings.shape[1:], shift)
    split = split_landings(landings, bullseye)
    scale = 1.0 + split.mse
    assert split.bias2 + split.variance == pytest.approx(split.mse, rel=1e-9, abs=1e-9 * scale)
    assert split.mse == pytest.approx(score_round(bullseye, landings).mse, rel=1e-12, abs=1e-12)


def test_a_bias_split_by_hand() -> None:
    # Landings 1, 2, 6 about a bullseye at 0: mean 3, so bias² 9 and variance (4 + 1 + 9)/3.
    split = split_landings([1.0, 2.0, 6.0])
    assert split.bias2 == pytest.approx(9.0)
    assert split.variance == pytest.approx(14 / 3)
    assert split.mse == pytest.approx((1 + 4 + 36) / 3)


def test_darts_bias_is_wind_plus_aim_and_variance_is_the_wobble() -> None:
    aim, wind, wobble, throws, rounds = [0.5, -0.2], [0.3, 0.1], 0.4, 10, 2000
    result = darts_bias_variance(aim, wind, wobble, throws, rounds, np.random.default_rng(1))
    assert result.expected_bias2 == pytest.approx(0.8**2 + 0.1**2)
    assert result.expected_variance == pytest.approx(2 * wobble**2)
    assert result.expected_mse == pytest.approx(0.65 + 0.32)
    assert result.landings.shape == (rounds, throws, 2)
    assert result.mse == pytest.approx(result.bias2 + result.variance, rel=1e-12)
    np.testing.assert_allclose(result.round_mse, result.round_bias2 + result.round_variance)
    # A round's MSE averages to |aim + wind|² + dims·wobble²: its squared distance per throw
    # has variance 2σ⁴·dims + 4σ²|b|², so the average of n = rounds·throws has this error.
    n = rounds * throws
    error = math.sqrt((2 * wobble**4 * 2 + 4 * wobble**2 * 0.65) / n)
    assert abs(result.round_mse.mean() - result.expected_mse) < 4 * error
    # With ddof = 0 a single round's variance runs low by (n − 1)/n and its bias² high by
    # the same amount, dims·σ²/n, so the two still add up to the expected MSE.
    assert result.round_variance.mean() == pytest.approx(0.32 * 9 / 10, rel=0.03)
    assert result.round_bias2.mean() == pytest.approx(0.65 + 0.032, rel=0.03)


def test_a_perfect_aimer_has_no_darts_bias_to_expect() -> None:
    result = darts_bias_variance(-0.3, 0.3, 0.5, 5, 4, np.random.default_rng(2), bullseye=0.0)
    assert result.expected_bias2 == pytest.approx(0.0)
    assert result.expected_mse == pytest.approx(0.25)
    assert result.landings.shape == (4, 5)


def test_the_same_seed_throws_the_same_rounds() -> None:
    first = darts_bias_variance(1.0, 0.2, 0.3, 6, 3, np.random.default_rng(5))
    second = darts_bias_variance(1.0, 0.2, 0.3, 6, 3, np.random.default_rng(5))
    np.testing.assert_array_equal(first.landings, second.landings)
    assert first.mse == second.mse


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"wobble": -1.0}, "wobble can't be negative"),
        ({"throws": 0}, "throws must be at least 1"),
        ({"rounds": 0}, "rounds must be at least 1"),
        ({"aim": [1.0, 2.0], "wind": [1.0, 2.0, 3.0]}, "aim and wind have different shapes"),
        ({"bullseye": [0.0, 0.0, 0.0]}, "bullseye has shape"),
    ],
)
def test_bad_darts_arguments_are_refused_with_a_reason(changes: dict, message: str) -> None:
    arguments = {"aim": [0.0, 0.0], "wind": [0.1, 0.0], "wobble": 0.2, "throws": 3, "rounds": 2}
    arguments.update(changes)
    with pytest.raises(ValueError, match=message):
        darts_bias_variance(rng=np.random.default_rng(0), **arguments)


def test_the_bias2_estimate_carries_no_sampling_noise_on_average() -> None:
    """Averaged over many runs, the estimate of bias² is the textbook value: the mean fit's
    own noise (variance / n_sets) is taken off, so a wild, unbiased model reads no bias."""
    sigma, n, sets = 0.4, 8, 50
    x_test = np.array([0.0, 0.25, 0.9])
    truth = float(np.mean((2 * x_test - 1) ** 2))  # a constant fit to y = 2x − 1
    runs = [
        bias_variance("line", 0, sigma, n, sets, np.random.default_rng(k), x_test=x_test).bias2
        for k in range(400)
    ]
    variance = (1 / 3 + sigma**2) / n
    assert np.mean(runs) == pytest.approx(truth, abs=4 * math.sqrt(variance / sets / 400) + 1e-3)
    lines = [bias_variance("line", 1, 2.0, 6, 30, np.random.default_rng(k)) for k in range(200)]
    overstated = np.mean([r.variance for r in lines]) / 30  # what (mean − truth)² adds
    # a line fitted to a line has no bias: the estimate (never below 0) stays under what the
    # plain (mean fit − truth)² would add by noise alone
    assert np.mean([r.bias2 for r in lines]) < overstated
