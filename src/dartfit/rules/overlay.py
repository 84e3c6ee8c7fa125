"""The won line laid over other data: the level's own points and the shipped datasets its
file names ([data] also), each with the level's metric for that one line.

Anscombe's four sets share one best line and one MSE; seen side by side under the line the
player won with, they tell four different stories that the number alone hides.
"""

from __future__ import annotations

from dataclasses import dataclass

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.levels import Level
from dartfit.rules import linear

ALIKE = 1.01
"""Values within this ratio of each other are "nearly one" value (Anscombe's: 1.249–1.252)."""


@dataclass(frozen=True)
class ShownSet:
    """One dataset under the line: its name as a player knows it (never a file's id), what it
    is, its points and the line's score."""

    name: str
    about: str
    x: FloatArray
    y: FloatArray
    value: float
    own: bool  # the level's own points


@dataclass(frozen=True)
class Overlay:
    """The line (m, b), the metric it is scored by, and the sets: in the order of their
    ids when all are shipped (Anscombe's I to IV), else the level's own first."""

    m: float
    b: float
    metric: str
    sets: tuple[ShownSet, ...]

    @property
    def alike(self) -> bool:
        """Whether the line scores nearly the same on every set."""
        values = [one.value for one in self.sets]
        return max(values) <= ALIKE * min(values)


def overlay(level: Level, m: float, b: float) -> Overlay | None:
    """The line (m, b) over the level's points and the datasets it names; None if it names none."""
    data = level.spec.data
    if data is None or not data.also:
        return None
    from dartfit.datasets import DATASETS

    def shown(name: str, about: str, x: FloatArray, y: FloatArray, own: bool) -> ShownSet:
        return ShownSet(name, about, x, y, linear.loss(level, y, core.line_predict(x, m, b)), own)

    mine = DATASETS.get(data.dataset) if data.dataset is not None else None
    own = (mine.title, mine.described) if mine else (level.spec.title, "the level's own points")
    title, about = own
    sets = [(data.dataset or "", shown(title, about, level.x, level.y, own=True))]
    for name in data.also:  # each by its title, a player's name for it (never its id)
        also = DATASETS[name]
        sets.append((name, shown(also.title, also.described, *also.arrays(), own=False)))
    if mine is not None:  # in the order of their ids: anscombe-1 to anscombe-4
        sets.sort(key=lambda pair: pair[0])
    return Overlay(m, b, level.spec.target.metric.upper(), tuple(one for _, one in sets))
