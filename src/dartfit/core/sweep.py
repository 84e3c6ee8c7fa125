"""Bias and variance of polynomial fits: why expected test MSE is bias² + variance + noise.

Draw many training sets from one true curve, fit each by least squares, and look at the fits
at fixed test inputs. Their average misses the truth by the bias; they scatter around their
average by the variance; fresh test targets add the noise on top.

The same split for darts (a round's landings about the bullseye) is in `landings`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from numpy.polynomial import polynomial

from dartfit.core.arrays import FloatArray, frozen
from dartfit.core.validation import (
    finite_array,
    finite_scalar,
    finite_vector,
    non_negative,
    whole_number,
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
    train_count = whole_number("n_train", n_train, 1)
    set_count = whole_number("n_sets", n_sets, 2)
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
    # (mean fit − truth)² overstates bias² by the mean fit's own sampling variance,
    # variance / n_sets: at a high degree, where the fits swing wildly, that noise alone
    # read as a bias that grows with flexibility. Take it off (unbiased), never below 0.
    sets = fits.shape[0]
    noise_of_mean = fits.var(axis=0, ddof=1) / sets
    bias2 = max(float(np.mean((mean_fit - truth) ** 2 - noise_of_mean)), 0.0)
    return BiasVariance(
        degree=degree,
        bias2=bias2,
        variance=float(np.mean(fits.var(axis=0))),
        noise=draws.noise**2,
        expected_test_mse=float(np.mean((fits - draws.y_test) ** 2)),
        train_mse=float(np.mean((fitted - draws.y_train) ** 2)),
        fits=frozen(fits),
        mean_fit=frozen(mean_fit),
        x_test=frozen(draws.x_test.copy()),
        truth=frozen(truth),
    )


def _degree(degree: int, n_train: int) -> int:
    """Return a polynomial degree that n_train points can pin down (degree < n_train)."""
    chosen = whole_number("degree", degree, 0)
    train_count = whole_number("n_train", n_train, 1)
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
