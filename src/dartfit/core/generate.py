"""Seeded, reproducible data for levels: noisy points on a line and dart wobble draws."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dartfit.core.arrays import FloatArray


def generate_points(
    n: int,
    seed: int,
    x_min: float,
    x_max: float,
    slope: float = 0.0,
    intercept: float = 0.0,
    noise: float = 0.0,
    outliers: Sequence[tuple[int, float]] = (),
    decimals: int = 2,
    spacing: str = "random",
) -> tuple[FloatArray, FloatArray]:
    """Return (x, y): n points on y = slope·x + intercept plus Gaussian noise, rounded."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if not x_max > x_min:
        raise ValueError(f"x_max ({x_max}) must be greater than x_min ({x_min})")
    if noise < 0:
        raise ValueError(f"noise must be ≥ 0, got {noise}")
    rng = np.random.default_rng(seed)
    if spacing == "even":
        x = np.linspace(x_min, x_max, n)
    elif spacing == "random":
        x = rng.uniform(x_min, x_max, n)
        x.sort()
    else:
        raise ValueError(f"spacing must be 'even' or 'random', got {spacing!r}")
    # y = slope·x + intercept + noise·z, worked in place in that order (the same bits as
    # the expression): the expression held five arrays of n at once, twice the points' size
    y = slope * x
    y += intercept
    z = rng.standard_normal(n)
    z *= noise
    y += z
    del z
    for index, shift in outliers:
        if not 0 <= index < n:
            raise ValueError(f"outlier index {index} is outside 0..{n - 1}")
        y[index] += shift
    return np.round(x, decimals, out=x), np.round(y, decimals, out=y)


def wobble_draws(seed: int, throws: int, axes: int, mirror: bool = False) -> FloatArray:
    """Standard-normal wobble per throw and axis, shape (throws, axes); fixed by the seed.

    With ``mirror`` every second throw wobbles exactly opposite to the one before, so a
    round aimed at the bullseye has signed misses that cancel while every dart misses.
    """
    if throws < 1 or axes not in (1, 2):
        raise ValueError(f"need throws ≥ 1 and axes 1 or 2, got {throws} and {axes}")
    draws = np.random.default_rng(seed).standard_normal((throws, axes))
    if mirror:
        draws[1::2] = -draws[0 : throws - throws % 2 : 2]
    return draws
