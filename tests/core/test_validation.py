"""Bad arguments raise ValueError with a message that says what is wrong."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from dartfit.core import (
    best_constant_mae,
    best_line,
    best_line_mae,
    descend,
    expected_best_mse,
    gaussian_log_likelihood,
    line_gradient,
    max_stable_learning_rate,
    mse,
    score_round,
    throw_dart,
)

X = [0.0, 1.0, 2.0, 3.0, 4.0]
Y = [1.0, 3.0, 4.0, 7.0, 9.0]
RNG = np.random.default_rng(0)

CASES: list[tuple[str, Callable[[], object], str]] = [
    ("lengths differ", lambda: best_line(X, Y[:4]), r"x and y have different lengths \(5 and 4\)"),
    ("lengths differ, gradient", lambda: line_gradient(X, Y[:4], 1, 0), "different lengths"),
    ("lengths differ, mse", lambda: mse(Y, Y[:3]), r"y and y_pred .* \(5 and 3\)"),
    ("one point", lambda: best_line([1.0], [2.0]), "at least two points, got 1"),
    ("one point, mae", lambda: best_line_mae([1.0], [2.0]), "at least two points"),
    (
        "all x equal",
        lambda: best_line([3.0, 3.0, 3.0], [1.0, 2.0, 3.0]),
        r"all x values are equal \(3.0\): a slope can't be fitted",
    ),
    ("all x equal, descent", lambda: descend([2, 2], [1, 5], 0, 0), "all x values are equal"),
    ("NaN", lambda: best_line(X, [1.0, 2.0, float("nan"), 4.0, 5.0]), "y contains NaN at index 2"),
    (
        "infinity",
        lambda: mse([1.0, float("inf")], [0.0, 0.0]),
        "y contains an infinite value at index 1",
    ),
    ("empty", lambda: best_constant_mae([]), "y is empty"),
    ("zero sigma", lambda: gaussian_log_likelihood(Y, Y, 0.0), "sigma must be greater than zero"),
    ("negative sigma", lambda: gaussian_log_likelihood(Y, Y, -1), "sigma .* got -1"),
    ("negative wobble", lambda: throw_dart(0.0, -0.1, 0.0, RNG), "wobble can't be negative"),
    ("negative wobble, expected", lambda: expected_best_mse(-1.0, 1), "wobble can't be negative"),
    ("bad dims", lambda: expected_best_mse(1.0, 0), "dims must be a whole number 1 or more"),
    ("unknown method", lambda: descend(X, Y, 0, 0, method="newton"), "unknown method 'newton'"),
    ("zero rate", lambda: descend(X, Y, 0, 0, learning_rate=0.0), "learning_rate must be greater"),
    ("negative rate", lambda: descend(X, Y, 0, 0, learning_rate=-0.1), "learning_rate .* -0.1"),
    ("negative steps", lambda: descend(X, Y, 0, 0, steps=-1), "steps can't be negative, got -1"),
    ("fractional steps", lambda: descend(X, Y, 0, 0, steps=2.5), "steps must be a whole number"),  # type: ignore[arg-type]
    ("NaN start", lambda: descend(X, Y, float("nan"), 0), "m0 must be finite"),
    ("x not numbers", lambda: max_stable_learning_rate(["a", "b"]), "x must be numbers"),
    ("bullseye shape", lambda: score_round([0.0, 0.0, 0.0], [[1.0, 2.0]]), "bullseye has shape"),
    ("no throws", lambda: score_round(0.0, []), "at least one throw"),
    ("NaN landing", lambda: score_round(0.0, [[1.0], [np.nan]]), r"NaN at index \(1, 0\)"),
]


@pytest.mark.parametrize(("call", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_arguments_raise_a_value_error_that_says_what_is_wrong(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        call()
