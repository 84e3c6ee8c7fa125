"""Darts' bias and variance: a round's MSE about the bullseye is exactly bias² + variance.

bias² is how far the average landing is from the bullseye; variance is how far the landings
spread around their average. With ddof = 0 the split holds for any sample, not just on average.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dartfit.core.arrays import FloatArray, frozen
from dartfit.core.validation import finite_array, non_negative, whole_number


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
        mean_landing=frozen(np.asarray(mean_landing, dtype=np.float64)),
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
    per_round = whole_number("throws", throws, 1)
    round_count = whole_number("rounds", rounds, 1)
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
        round_bias2=frozen(np.array([s.bias2 for s in rounds_split])),
        round_variance=frozen(np.array([s.variance for s in rounds_split])),
        round_mse=frozen(np.array([s.mse for s in rounds_split])),
        expected_bias2=expected_bias2,
        expected_variance=dims * spread * spread,
        expected_mse=expected_bias2 + dims * spread * spread,
        landings=frozen(landings),
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
