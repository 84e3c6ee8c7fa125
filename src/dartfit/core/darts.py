"""Darts: throwing at a bullseye with wobble and wind, and scoring a round by its MSE.

A throw lands at aim + wind + wobble·N(0, 1) on each axis. A perfect aimer (aim = bullseye − wind)
still misses by the wobble alone, so the best MSE one can expect is dims·wobble².
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray, frozen
from dartfit.core.validation import finite_array, non_negative


@dataclass(frozen=True, slots=True)
class RoundScore:
    """A round's score, per throw (in throw order) and overall.

    errors: signed misses bullseye − landing, shape (n,) or (n, d).
    squared: each throw's squared miss (squared distance for d axes), shape (n,).
    running_sum: the running total of the signed errors, shaped like errors.
    running_mse: the MSE of the throws so far, shape (n,).
    mse: the MSE of the round. mean_error: the average signed miss, shape () or (d,).
    """

    errors: FloatArray
    squared: FloatArray
    running_sum: FloatArray
    running_mse: FloatArray
    mse: float
    mean_error: FloatArray


def throw_dart(
    aim: npt.ArrayLike, wobble: float, wind: npt.ArrayLike, rng: np.random.Generator
) -> FloatArray:
    """Return where a dart lands: aim + wind + wobble·N(0, 1) on each axis."""
    shape = _throw_shape(aim, wind)
    return land(aim, wobble, wind, rng.standard_normal(shape))


def land(aim: npt.ArrayLike, wobble: float, wind: npt.ArrayLike, draw: npt.ArrayLike) -> FloatArray:
    """Where a dart lands for a given standard-normal draw: aim + wind + wobble·draw."""
    aim_at = finite_array("aim", aim)
    drift = finite_array("wind", wind)
    spread = non_negative("wobble", wobble)
    shape = _throw_shape(aim_at, drift)
    return aim_at + drift + spread * np.broadcast_to(finite_array("draw", draw), shape)


def _throw_shape(aim: npt.ArrayLike, wind: npt.ArrayLike) -> tuple[int, ...]:
    aim_shape, wind_shape = np.shape(aim), np.shape(wind)
    try:
        return np.broadcast_shapes(aim_shape, wind_shape)
    except ValueError:
        raise ValueError(
            f"aim and wind have different shapes ({aim_shape} and {wind_shape})"
        ) from None


def score_round(bullseye: npt.ArrayLike, landings: npt.ArrayLike) -> RoundScore:
    """Return the RoundScore of darts landing at `landings` (shape (n,) or (n, d))."""
    target = finite_array("bullseye", bullseye)
    hits = finite_array("landings", landings)
    if hits.ndim not in (1, 2) or hits.shape[0] == 0:
        raise ValueError(
            f"landings must hold at least one throw, shaped (n,) or (n, d); got shape {hits.shape}"
        )
    point_shape = hits.shape[1:]
    if target.shape not in ((), point_shape):
        raise ValueError(
            f"bullseye has shape {target.shape} but each landing has shape {point_shape}"
        )
    errors = target - hits
    squared = errors * errors if errors.ndim == 1 else np.sum(errors * errors, axis=1)
    count = np.arange(1, hits.shape[0] + 1, dtype=np.float64)
    running_mse = np.cumsum(squared) / count
    return RoundScore(
        errors=frozen(errors),
        squared=frozen(squared),
        running_sum=frozen(np.cumsum(errors, axis=0)),
        running_mse=frozen(running_mse),
        mse=float(np.mean(squared)),
        mean_error=frozen(np.asarray(np.mean(errors, axis=0), dtype=np.float64)),
    )


def expected_best_mse(wobble: float, dims: int = 1) -> float:
    """Return dims·wobble²: the MSE a perfect aimer expects, since only the wobble remains."""
    spread = non_negative("wobble", wobble)
    if isinstance(dims, bool) or not isinstance(dims, int | np.integer) or dims < 1:
        raise ValueError(f"dims must be a whole number 1 or more, got {dims!r}")
    return int(dims) * spread * spread
