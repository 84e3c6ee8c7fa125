"""Small public datasets shipped with dartfit, each with its source, for `dartfit fit
--dataset NAME` and for levels.

Anscombe's quartet: four sets of eleven points with the same least-squares line
(ŷ = 3.00 + 0.500·x), nearly the same MSE and correlation, and nothing else alike: a line
through a curve, a line pulled by one outlier, and a line set by one far point. The lesson:
one number does not describe data; look at it. F. J. Anscombe, "Graphs in Statistical
Analysis", The American Statistician 27 (1), 17–21 (1973).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dartfit.csvdata import Dataset

ANSCOMBE = "F. J. Anscombe, The American Statistician 27(1), 1973"
_X = (10.0, 8.0, 13.0, 9.0, 11.0, 14.0, 6.0, 4.0, 12.0, 7.0, 5.0)


@dataclass(frozen=True)
class Shipped:
    """One shipped dataset: its columns, their names, what it is and where it comes from."""

    x: tuple[float, ...]
    y: tuple[float, ...]
    x_name: str
    y_name: str
    about: str
    source: str


DATASETS = {
    "anscombe-1": Shipped(
        _X,
        (8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68),
        "x",
        "y",
        "Anscombe's quartet I: points scattered about a line",
        ANSCOMBE,
    ),
    "anscombe-2": Shipped(
        _X,
        (9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74),
        "x",
        "y",
        "Anscombe's quartet II: a smooth curve, no line at all",
        ANSCOMBE,
    ),
    "anscombe-3": Shipped(
        _X,
        (7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73),
        "x",
        "y",
        "Anscombe's quartet III: a straight line and one outlier",
        ANSCOMBE,
    ),
    "anscombe-4": Shipped(
        (8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 19.0, 8.0, 8.0, 8.0),
        (6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89),
        "x",
        "y",
        "Anscombe's quartet IV: one far point sets the slope",
        ANSCOMBE,
    ),
}
"""The shipped datasets by name."""


def dataset(name: str, shipped: Shipped) -> Dataset:
    """A shipped dataset as the data `dartfit fit` plays on, named with its source on screen."""
    import numpy as np

    from dartfit.csvdata import Dataset

    author, _, year = shipped.source.partition(",")
    label = f"{name} ({author.split()[-1]} {year.strip()[-4:]})"  # "anscombe-2 (Anscombe 1973)"
    x, y = np.array(shipped.x, dtype=float), np.array(shipped.y, dtype=float)
    return Dataset(Path(label), x, y, shipped.x_name, shipped.y_name)
