"""The won line laid over other data: the level's own points and the shipped datasets its
file names ([data] also), each with the level's metric for that one line.

Anscombe's four sets share one best line and one MSE; seen side by side under the line the
player won with, they tell four different stories that the number alone hides.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.levels import Level
from dartfit.rules import linear


@dataclass(frozen=True)
class ShownSet:
    """One dataset under the line: its name, what it is, its points and the line's score."""

    name: str
    about: str
    x: FloatArray
    y: FloatArray
    value: float
    own: bool  # the level's own points


@dataclass(frozen=True)
class Overlay:
    """The line (m, b), the metric it is scored by, and the sets, in the order of their names."""

    m: float
    b: float
    metric: str
    sets: tuple[ShownSet, ...]


def overlay(level: Level, m: float, b: float) -> Overlay | None:
    """The line (m, b) over the level's points and the datasets it names; None if it names none."""
    data = level.spec.data
    if data is None or not data.also:
        return None
    from dartfit.datasets import DATASETS

    own = data.dataset or level.spec.title
    sets = [_shown(level, own, _about(own), level.x, level.y, m, b, own=True)]
    for name in data.also:
        shipped = DATASETS[name]
        x, y = np.array(shipped.x, dtype=float), np.array(shipped.y, dtype=float)
        sets.append(_shown(level, name, _about(name), x, y, m, b, own=False))
    sets.sort(key=lambda s: s.name)
    return Overlay(m, b, level.spec.target.metric.upper(), tuple(sets))


def _about(name: str) -> str:
    """A shipped dataset's description after its title ("a smooth curve, no line at all")."""
    from dartfit.datasets import DATASETS

    shipped = DATASETS.get(name)
    return "" if shipped is None else shipped.about.partition(": ")[2] or shipped.about


def _shown(
    level: Level, name: str, about: str, x: FloatArray, y: FloatArray, m: float, b: float, own: bool
) -> ShownSet:
    value = linear.loss(level, y, core.line_predict(x, m, b))
    return ShownSet(name, about, x, y, value, own)
