"""Argument checks shared by the core: each raises ValueError saying what is wrong."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray

METHODS = ("gd", "momentum", "adam")


def _index_text(flat_index: int, shape: tuple[int, ...]) -> str:
    """Format a flat index as `2` for vectors and `(2, 1)` for arrays."""
    index = np.unravel_index(flat_index, shape)
    if len(index) == 1:
        return str(int(index[0]))
    return "(" + ", ".join(str(int(i)) for i in index) + ")"


def finite_array(name: str, values: npt.ArrayLike) -> FloatArray:
    """Return `values` as a float64 array, rejecting NaN and infinite entries by index."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be numbers: {error}") from None
    if array.ndim == 0:
        if not math.isfinite(float(array)):
            raise ValueError(f"{name} must be finite, got {float(array)}")
        return array
    bad = ~np.isfinite(array)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        value = array.flat[first]
        kind = "NaN" if math.isnan(value) else "an infinite value"
        raise ValueError(f"{name} contains {kind} at index {_index_text(first, array.shape)}")
    return array


def finite_vector(name: str, values: npt.ArrayLike) -> FloatArray:
    """Return `values` as a non-empty 1-D float64 array of finite numbers."""
    array = finite_array(name, values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D sequence of numbers, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} is empty: at least one value is needed")
    return array


def finite_scalar(name: str, value: float) -> float:
    """Return `value` as a finite float."""
    if type(value) is float and math.isfinite(value):  # most calls: no array to make
        return value
    number = finite_array(name, value)
    if number.ndim != 0:
        raise ValueError(f"{name} must be a single number, got shape {number.shape}")
    return float(number)


def same_length(x: FloatArray, y: FloatArray, names: tuple[str, str] = ("x", "y")) -> None:
    """Require two vectors to have the same number of entries."""
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            f"{names[0]} and {names[1]} have different lengths ({x.shape[0]} and {y.shape[0]})"
        )


def paired_vectors(
    x: npt.ArrayLike, y: npt.ArrayLike, names: tuple[str, str] = ("x", "y")
) -> tuple[FloatArray, FloatArray]:
    """Return two finite vectors of equal length."""
    xs = finite_vector(names[0], x)
    ys = finite_vector(names[1], y)
    same_length(xs, ys, names)
    return xs, ys


def line_data(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Return (x, y) fit for a line: equal lengths, two or more points, x not all equal."""
    xs, ys = paired_vectors(x, y)
    if xs.shape[0] < 2:
        raise ValueError(f"a line needs at least two points, got {xs.shape[0]}")
    if np.all(xs == xs[0]):
        raise ValueError(f"all x values are equal ({xs[0]}): a slope can't be fitted")
    return xs, ys


def positive(name: str, value: float) -> float:
    """Return `value` if it is a finite number greater than zero."""
    number = finite_scalar(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be greater than zero, got {number}")
    return number


def non_negative(name: str, value: float) -> float:
    """Return `value` if it is a finite number that is zero or more."""
    number = finite_scalar(name, value)
    if number < 0:
        raise ValueError(f"{name} can't be negative, got {number}")
    return number


def whole_number(name: str, value: int, minimum: int) -> int:
    """Return `value` if it is a whole number at least `minimum`."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def step_count(value: int | None) -> int | None:
    """Return a step budget: None (until converged) or a whole number zero or more."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"steps must be a whole number or None, got {value!r}")
    if value < 0:
        raise ValueError(f"steps can't be negative, got {value}")
    return int(value)


def method_name(value: str) -> str:
    """Return `value` if it names a known descent method."""
    if value not in METHODS:
        known = ", ".join(repr(m) for m in METHODS)
        raise ValueError(f"unknown method {value!r}: choose one of {known}")
    return value
