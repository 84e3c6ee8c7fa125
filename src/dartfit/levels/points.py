"""How a level's points are made: inline x and y lists, a seeded generator, or a dataset
shipped with dartfit.

Nothing here runs until the points are first needed, so loading every level at start-up
neither draws a million points nor loads numpy.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from dartfit.levels.errors import LevelError
from dartfit.levels.spec import Generator, LevelSpec
from dartfit.levels.spread import FLAT
from dartfit.wording import num

if TYPE_CHECKING:  # numpy loads when a level's points are first needed, not at start-up
    from dartfit.core.arrays import FloatArray

    Points = Callable[[], tuple[FloatArray, FloatArray]]


def make_points(spec: LevelSpec, file: Path) -> Points:
    """How to make the level's x and y (inline lists or the generator); the data is valid."""

    def empty() -> tuple[FloatArray, FloatArray]:
        import numpy as np

        return np.zeros(0), np.zeros(0)

    data = spec.data
    if spec.darts is not None or spec.models is not None or data is None:
        return empty
    if data.generate is not None:
        made = partial(_generate, data.generate)
        # made on first use, so start-up never pays for it (nor loads numpy); a draw whose
        # x all round to one value is a LevelError then: `dartfit check` reports it, and
        # the game names it instead of opening the level
        return partial(_not_flat, made, spec, file)
    if data.dataset is not None:
        from dartfit.datasets import DATASETS

        shipped = DATASETS[data.dataset]
        xs, ys = shipped.x, shipped.y
    else:
        xs, ys = data.x or (), data.y or ()

    def inline() -> tuple[FloatArray, FloatArray]:
        import numpy as np

        return np.array(xs, dtype=float), np.array(ys, dtype=float)

    return inline


def _generate(g: Generator) -> tuple[FloatArray, FloatArray]:
    """The generator's points, as drawn before if they were kept (see `levels.drawn`)."""
    from dartfit.levels.drawn import kept_points

    return kept_points(g, partial(_draw, g))


def _draw(g: Generator) -> tuple[FloatArray, FloatArray]:
    from dartfit.core.generate import generate_points

    outliers = [(o.index, o.shift) for o in g.outliers]
    return generate_points(
        g.n,
        g.seed,
        g.x_min,
        g.x_max,
        g.slope,
        g.intercept,
        g.noise,
        outliers,
        decimals=g.decimals,
        spacing=g.spacing,
    )


def _not_flat(make: Points, spec: LevelSpec, file: Path) -> tuple[FloatArray, FloatArray]:
    """Generated points, or LevelError when every x is equal (no line fits) or every y (the
    best line is flat through them, as the sandbox says of a CSV's column)."""
    x, y = make()
    if spec.model.shape == "line" and bool((x == x[0]).all()):
        problem = f"every x rounds to {num(x[0])}: widen x_min..x_max or raise decimals"
        raise LevelError(file, "data.generate", problem)
    g = spec.data.generate if spec.data is not None else None
    if g is not None and bool((y == y[0]).all()):
        # a flat row of points, as a CSV's is refused: a level of 1e-6 misses read "MSE ≤ 0
        # is met at the start", and one of slope and noise 0 "20,000,000,000 key presses"
        problem = (
            # slope and noise lost to the rounding
            f"every y rounds to {num(y[0])} at {g.decimals} decimals: raise decimals or "
            "the slope and noise"
            if g.slope or g.noise
            else f"every y is {num(y[0])} (slope and noise are 0): {FLAT}; give a slope or noise"
        )
        raise LevelError(file, "data.generate", problem)
    return x, y
