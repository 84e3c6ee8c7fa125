"""Bias and variance: why a model's expected test MSE is bias² + variance + noise.

Polynomial fits: draw many training sets from one true curve, fit each by least squares, and
look at the fits at fixed test inputs. Their average misses the truth by the bias; they scatter
around their average by the variance; fresh test targets add the noise on top.

Darts: a round's MSE is exactly bias² (how far the average landing is from the bullseye) plus
variance (how far landings spread around their average). With ddof = 0 this holds for any sample.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from numpy.polynomial import polynomial

from dartfit.core.darts import _frozen
from dartfit.core.validation import (
    FloatArray,
    finite_array,
    finite_scalar,
    finite_vector,
    non_negative,
)

DEFAULT_TEST_POINTS = 50


@dataclass(frozen=True, slots=True)
class Curve:
    """A true curve y = f(x) for data to be drawn from; `formula` is for display."""

    name: str
    formula: str
    f: Callable[[FloatArray], FloatArray] = field(repr=False)

    def __call__(self, x: npt.ArrayLike) -> FloatArray:
        """Return f(x) as a float64 array."""
        return np.asarray(self.f(finite_array("x", x)), dtype=np.float64)


def _sine(x: FloatArray) -> FloatArray:
    return np.sin(2.0 * np.pi * x)


def _line(x: FloatArray) -> FloatArray:
    return 2.0 * x - 1.0


def _quadratic(x: FloatArray) -> FloatArray:
    return 4.0 * (x - 0.5) ** 2 - 0.5


def _cubic(x: FloatArray) -> FloatArray:
    return 20.0 * x * (x - 0.5) * (x - 1.0)


_CURVES = {
    "sine": Curve("sine", "y = sin(2πx)", _sine),
    "line": Curve("line", "y = 2x − 1", _line),
    "quadratic": Curve("quadratic", "y = 4(x − 0.5)² − 0.5", _quadratic),
    "cubic": Curve("cubic", "y = 20x(x − 0.5)(x − 1)", _cubic),
}
CURVE_NAMES = tuple(_CURVES)


def true_curve(name: str) -> Curve:
    """Return the named true curve: one of CURVE_NAMES, each shaped for x in [0, 1]."""
    try:
        return _CURVES[name]
    except (KeyError, TypeError):
        known = ", ".join(repr(n) for n in CURVE_NAMES)
        raise ValueError(f"unknown curve {name!r}: choose one of {known}") from None


@dataclass(frozen=True, slots=True)
class BiasVariance:
    """What polynomial fits of one degree do over many training sets, at fixed test inputs.

    bias2: mean over x_test of (mean_fit − truth)². variance: mean over x_test of the spread
    (ddof = 0) of the fits across training sets. noise: the irreducible error noise².
    expected_test_mse: a separate Monte Carlo estimate, against fresh noisy test targets, of
    what bias2 + variance + noise predicts. train_mse: the mean training MSE over the sets.
    fits: each set's predictions at x_test, shape (n_sets, len(x_test)), read-only.
    """

    degree: int
    bias2: float
    variance: float
    noise: float
    expected_test_mse: float
    train_mse: float
    fits: FloatArray
    mean_fit: FloatArray
    x_test: FloatArray
    truth: FloatArray


@dataclass(frozen=True, slots=True)
class _Draws:
    """The random part of an experiment, shared by every degree in a sweep."""

    curve: Curve
    noise: float
    x_range: tuple[float, float]
    x_train: FloatArray  # (n_sets, n_train)
    y_train: FloatArray  # (n_sets, n_train)
    x_test: FloatArray  # (n_test,)
    y_test: FloatArray  # (n_sets, n_test): fresh targets, one row per training set


def bias_variance(
    curve: Curve | str,
    degree: int,
    noise: float,
    n_train: int,
    n_sets: int,
    rng: np.random.Generator,
    x_test: npt.ArrayLike | None = None,
    x_range: tuple[float, float] = (0.0, 1.0),
) -> BiasVariance:
    """Estimate bias², variance and expected test MSE of degree-`degree` polynomial fits."""
    draws = _draw(curve, noise, n_train, n_sets, rng, x_test, x_range)
    return _estimate(draws, _degree(degree, n_train))


def degree_sweep(
    curve: Curve | str,
    degrees: Iterable[int],
    noise: float,
    n_train: int,
    n_sets: int,
    rng: np.random.Generator,
    x_test: npt.ArrayLike | None = None,
    x_range: tuple[float, float] = (0.0, 1.0),
) -> tuple[BiasVariance, ...]:
    """Return bias_variance for each degree, all fitted to the same training sets."""
    chosen = [_degree(d, n_train) for d in degrees]
    if not chosen:
        raise ValueError("degrees is empty: give at least one polynomial degree")
    draws = _draw(curve, noise, n_train, n_sets, rng, x_test, x_range)
    return tuple(_estimate(draws, d) for d in chosen)


def best_degree(sweep: Sequence[BiasVariance]) -> int:
    """Return the degree with the lowest expected test MSE (the lower degree on a tie)."""
    if not sweep:
        raise ValueError("the sweep is empty: there is no degree to choose")
    return min(sweep, key=lambda r: (r.expected_test_mse, r.degree)).degree


def _draw(
    curve: Curve | str,
    noise: float,
    n_train: int,
    n_sets: int,
    rng: np.random.Generator,
    x_test: npt.ArrayLike | None,
    x_range: tuple[float, float],
) -> _Draws:
    f = true_curve(curve) if isinstance(curve, str) else curve
    sigma = non_negative("noise", noise)
    train_count = _whole("n_train", n_train, 1)
    set_count = _whole("n_sets", n_sets, 2)
    low, high = _interval(x_range)
    xs = (
        np.linspace(low, high, DEFAULT_TEST_POINTS)
        if x_test is None
        else finite_vector("x_test", x_test)
    )
    x_train = rng.uniform(low, high, (set_count, train_count))
    y_train = f(x_train) + sigma * rng.standard_normal((set_count, train_count))
    y_test = f(xs) + sigma * rng.standard_normal((set_count, xs.shape[0]))
    return _Draws(f, sigma, (low, high), x_train, y_train, xs, y_test)


def _estimate(draws: _Draws, degree: int) -> BiasVariance:
    """Fit every training set and measure the fits at x_test."""
    low, high = draws.x_range
    # Fit on x scaled to [-1, 1] so the Vandermonde columns stay well-conditioned.
    design = polynomial.polyvander((2.0 * draws.x_train - (low + high)) / (high - low), degree)
    coefs = np.linalg.pinv(design) @ draws.y_train[..., np.newaxis]  # (n_sets, degree + 1, 1)
    fitted = (design @ coefs)[..., 0]
    test_design = polynomial.polyvander((2.0 * draws.x_test - (low + high)) / (high - low), degree)
    fits = (test_design @ coefs)[..., 0]
    truth = draws.curve(draws.x_test)
    mean_fit = fits.mean(axis=0)
    return BiasVariance(
        degree=degree,
        bias2=float(np.mean((mean_fit - truth) ** 2)),
        variance=float(np.mean(fits.var(axis=0))),
        noise=draws.noise**2,
        expected_test_mse=float(np.mean((fits - draws.y_test) ** 2)),
        train_mse=float(np.mean((fitted - draws.y_train) ** 2)),
        fits=_frozen(fits),
        mean_fit=_frozen(mean_fit),
        x_test=_frozen(draws.x_test.copy()),
        truth=_frozen(truth),
    )


@dataclass(frozen=True, slots=True)
class LandingSplit:
    """A set of landings' MSE about a bullseye, split exactly as bias2 + variance.

    mean_landing: the average landing. bias2: its squared distance from the bullseye.
    variance: the mean squared distance of landings from their average (ddof = 0).
    mse: the mean squared distance of landings from the bullseye.
    """

    bias2: float
    variance: float
    mse: float
    mean_landing: FloatArray


@dataclass(frozen=True, slots=True)
class DartsBiasVariance:
    """Many rounds of darts split into bias² and variance, pooled and per round.

    bias2, variance, mse, mean_landing: over all rounds·throws landings.
    round_bias2, round_variance, round_mse: the same for each round, shape (rounds,).
    expected_bias2 = |aim + wind − bullseye|², expected_variance = dims·wobble², and
    expected_mse = their sum: what a round's MSE averages to over many rounds.
    landings: shape (rounds, throws) for one axis or (rounds, throws, dims), read-only.
    """

    bias2: float
    variance: float
    mse: float
    mean_landing: FloatArray
    round_bias2: FloatArray
    round_variance: FloatArray
    round_mse: FloatArray
    expected_bias2: float
    expected_variance: float
    expected_mse: float
    landings: FloatArray


def split_landings(landings: npt.ArrayLike, bullseye: npt.ArrayLike = 0.0) -> LandingSplit:
    """Return the LandingSplit of landings shaped (n,) or (n, d) about the bullseye."""
    hits = finite_array("landings", landings)
    if hits.ndim not in (1, 2) or hits.shape[0] == 0:
        raise ValueError(
            f"landings must hold at least one throw, shaped (n,) or (n, d); got shape {hits.shape}"
        )
    target = _point("bullseye", bullseye, hits.shape[1:])
    mean_landing = hits.mean(axis=0)
    return LandingSplit(
        bias2=_squared_distance(mean_landing - target),
        variance=float(np.mean(_squared_norms(hits - mean_landing))),
        mse=float(np.mean(_squared_norms(hits - target))),
        mean_landing=_frozen(np.asarray(mean_landing, dtype=np.float64)),
    )


def darts_bias_variance(
    aim: npt.ArrayLike,
    wind: npt.ArrayLike,
    wobble: float,
    throws: int,
    rounds: int,
    rng: np.random.Generator,
    bullseye: npt.ArrayLike = 0.0,
) -> DartsBiasVariance:
    """Throw `rounds` rounds of `throws` darts and split their MSE into bias² and variance."""
    aim_at = finite_array("aim", aim)
    drift = finite_array("wind", wind)
    spread = non_negative("wobble", wobble)
    per_round = _whole("throws", throws, 1)
    round_count = _whole("rounds", rounds, 1)
    try:
        point_shape = np.broadcast_shapes(aim_at.shape, drift.shape)
    except ValueError:
        raise ValueError(
            f"aim and wind have different shapes ({aim_at.shape} and {drift.shape})"
        ) from None
    if len(point_shape) > 1:
        raise ValueError(f"aim and wind must be a number or a 1-D point, got shape {point_shape}")
    target = _point("bullseye", bullseye, point_shape)
    landings = aim_at + drift + spread * rng.standard_normal((round_count, per_round, *point_shape))
    pooled = split_landings(landings.reshape(round_count * per_round, *point_shape), target)
    rounds_split = [split_landings(hits, target) for hits in landings]
    dims = math.prod(point_shape)
    expected_bias2 = _squared_distance(aim_at + drift - target)
    return DartsBiasVariance(
        bias2=pooled.bias2,
        variance=pooled.variance,
        mse=pooled.mse,
        mean_landing=pooled.mean_landing,
        round_bias2=_frozen(np.array([s.bias2 for s in rounds_split])),
        round_variance=_frozen(np.array([s.variance for s in rounds_split])),
        round_mse=_frozen(np.array([s.mse for s in rounds_split])),
        expected_bias2=expected_bias2,
        expected_variance=dims * spread * spread,
        expected_mse=expected_bias2 + dims * spread * spread,
        landings=_frozen(landings),
    )


def _squared_norms(offsets: FloatArray) -> FloatArray:
    """Each row's squared length: offsets², summed over the axes when there are several."""
    squared = offsets * offsets
    return squared if squared.ndim == 1 else np.sum(squared, axis=1)


def _squared_distance(offset: FloatArray) -> float:
    return float(np.sum(offset * offset))


def _point(name: str, value: npt.ArrayLike, shape: tuple[int, ...]) -> FloatArray:
    """Return a finite point of the given shape; a single number stands for every axis."""
    point = finite_array(name, value)
    if point.shape not in ((), shape):
        raise ValueError(f"{name} has shape {point.shape} but each landing has shape {shape}")
    return np.broadcast_to(point, shape)


def _whole(name: str, value: int, minimum: int) -> int:
    """Return `value` if it is a whole number at least `minimum`."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def _degree(degree: int, n_train: int) -> int:
    """Return a polynomial degree that n_train points can pin down (degree < n_train)."""
    chosen = _whole("degree", degree, 0)
    train_count = _whole("n_train", n_train, 1)
    if chosen >= train_count:
        raise ValueError(
            f"degree {chosen} needs at least {chosen + 1} training points,"
            f" got n_train={train_count}"
        )
    return chosen


def _interval(x_range: tuple[float, float]) -> tuple[float, float]:
    """Return (low, high) with low < high, both finite."""
    try:
        low_value, high_value = x_range
    except (TypeError, ValueError):
        raise ValueError(f"x_range must be a pair (low, high), got {x_range!r}") from None
    low = finite_scalar("x_range low", low_value)
    high = finite_scalar("x_range high", high_value)
    if not low < high:
        raise ValueError(f"x_range must have low < high, got ({low}, {high})")
    return low, high
