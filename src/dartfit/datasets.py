"""Small public datasets shipped with dartfit, each with its source, for `dartfit fit
--dataset NAME` and for levels.

Anscombe's quartet: four sets of eleven points with the same least-squares line
(ŷ = 3.00 + 0.500·x), nearly the same MSE and correlation, and nothing else alike: a line
through a curve, a line pulled by one outlier, and a line set by one far point. The lesson:
one number does not describe data; look at it. F. J. Anscombe, "Graphs in Statistical
Analysis", The American Statistician 27 (1), 17–21 (1973).

Galton's heights: 928 adult children against the mid-height of their parents (the
father's height and 1.08 times the mother's, averaged), in inches, binned as Galton
tabulated them. Tall parents have children shorter than themselves and short parents
taller: the best line's slope is 0.65, not 1, regression toward the mean. F. Galton,
"Regression towards Mediocrity in Hereditary Stature", Journal of the Anthropological
Institute 15, 246–263 (1886), Table I (the 928 pairs as in R's HistData::Galton).

Crickets: the chirp rate of the striped ground cricket against the air temperature, 15
evenings. G. W. Pierce, The Songs of Insects, Harvard University Press (1948), as tabulated
in many statistics courses (least-squares line ŷ = 25.23 + 3.291·x).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dartfit.core.arrays import FloatArray
    from dartfit.csvdata import Dataset

ANSCOMBE = "F. J. Anscombe, The American Statistician 27(1), 1973"
GALTON = "F. Galton, Journal of the Anthropological Institute 15, 1886"
PIERCE = "G. W. Pierce, The Songs of Insects, 1948"

_GALTON_CELLS = (
    (64, 61.7, 1),
    (64, 63.2, 2),
    (64, 64.2, 4),
    (64, 65.2, 1),
    (64, 66.2, 2),
    (64, 67.2, 2),
    (64, 68.2, 1),
    (64, 69.2, 1),
    (64.5, 61.7, 1),
    (64.5, 62.2, 1),
    (64.5, 63.2, 4),
    (64.5, 64.2, 4),
    (64.5, 65.2, 1),
    (64.5, 66.2, 5),
    (64.5, 67.2, 5),
    (64.5, 69.2, 2),
    (65.5, 61.7, 1),
    (65.5, 63.2, 9),
    (65.5, 64.2, 5),
    (65.5, 65.2, 7),
    (65.5, 66.2, 11),
    (65.5, 67.2, 11),
    (65.5, 68.2, 7),
    (65.5, 69.2, 7),
    (65.5, 70.2, 5),
    (65.5, 71.2, 2),
    (65.5, 72.2, 1),
    (66.5, 62.2, 3),
    (66.5, 63.2, 3),
    (66.5, 64.2, 5),
    (66.5, 65.2, 2),
    (66.5, 66.2, 17),
    (66.5, 67.2, 17),
    (66.5, 68.2, 14),
    (66.5, 69.2, 13),
    (66.5, 70.2, 4),
    (67.5, 62.2, 3),
    (67.5, 63.2, 5),
    (67.5, 64.2, 14),
    (67.5, 65.2, 15),
    (67.5, 66.2, 36),
    (67.5, 67.2, 38),
    (67.5, 68.2, 28),
    (67.5, 69.2, 38),
    (67.5, 70.2, 19),
    (67.5, 71.2, 11),
    (67.5, 72.2, 4),
    (68.5, 61.7, 1),
    (68.5, 63.2, 7),
    (68.5, 64.2, 11),
    (68.5, 65.2, 16),
    (68.5, 66.2, 25),
    (68.5, 67.2, 31),
    (68.5, 68.2, 34),
    (68.5, 69.2, 48),
    (68.5, 70.2, 21),
    (68.5, 71.2, 18),
    (68.5, 72.2, 4),
    (68.5, 73.2, 3),
    (69.5, 63.2, 1),
    (69.5, 64.2, 16),
    (69.5, 65.2, 4),
    (69.5, 66.2, 17),
    (69.5, 67.2, 27),
    (69.5, 68.2, 20),
    (69.5, 69.2, 33),
    (69.5, 70.2, 25),
    (69.5, 71.2, 20),
    (69.5, 72.2, 11),
    (69.5, 73.2, 4),
    (69.5, 73.7, 5),
    (70.5, 61.7, 1),
    (70.5, 63.2, 1),
    (70.5, 65.2, 1),
    (70.5, 66.2, 1),
    (70.5, 67.2, 3),
    (70.5, 68.2, 12),
    (70.5, 69.2, 18),
    (70.5, 70.2, 14),
    (70.5, 71.2, 7),
    (70.5, 72.2, 4),
    (70.5, 73.2, 3),
    (70.5, 73.7, 3),
    (71.5, 65.2, 1),
    (71.5, 66.2, 3),
    (71.5, 67.2, 4),
    (71.5, 68.2, 3),
    (71.5, 69.2, 5),
    (71.5, 70.2, 10),
    (71.5, 71.2, 4),
    (71.5, 72.2, 9),
    (71.5, 73.2, 2),
    (71.5, 73.7, 2),
    (72.5, 68.2, 1),
    (72.5, 69.2, 2),
    (72.5, 70.2, 1),
    (72.5, 71.2, 2),
    (72.5, 72.2, 7),
    (72.5, 73.2, 2),
    (72.5, 73.7, 4),
    (73, 72.2, 1),
    (73, 73.2, 3),
)
"""Galton's table: (mid-parent height, child's height, how many children), in inches."""


def _expanded(cells: tuple[tuple[float, float, int], ...], column: int) -> tuple[float, ...]:
    """One column of a table of counted cells, a value per child."""
    return tuple(cell[column] for cell in cells for _ in range(int(cell[2])))


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

    def arrays(self) -> tuple[FloatArray, FloatArray]:
        """x and y as the float arrays the game computes with."""
        import numpy as np

        return np.array(self.x, dtype=float), np.array(self.y, dtype=float)

    @property
    def title(self) -> str:
        """What a player calls the set, before what it shows ("Anscombe's quartet II"): its
        name in the game, where the file's id ("anscombe-2") is an internal one."""
        return self.about.partition(": ")[0]

    @property
    def described(self) -> str:
        """What the set shows, after its title ("a smooth curve, no line at all")."""
        return self.about.partition(": ")[2] or self.about


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
    "galton": Shipped(
        _expanded(_GALTON_CELLS, 0),
        _expanded(_GALTON_CELLS, 1),
        "parents (in)",
        "child (in)",
        "Galton's heights: 928 children against their parents' mid-height",
        GALTON,
    ),
    "crickets": Shipped(
        (20.0, 16.0, 19.8, 18.4, 17.1, 15.5, 14.7, 17.1, 15.4, 16.2, 15.0, 17.2, 16.0, 17.0, 14.4),
        (88.6, 71.6, 93.3, 84.3, 80.6, 75.2, 69.7, 82.0, 69.4, 83.3, 79.6, 82.6, 80.6, 83.5, 76.3),
        "chirps/s",
        "temp (°F)",
        "Crickets: chirps per second against the temperature in °F",
        PIERCE,
    ),
}
"""The shipped datasets by name."""


def no_dataset(name: str) -> str:
    """What to say of a dataset name that none has, one way for `fit --dataset` and a level."""
    from dartfit.printable import quoted

    return f"no dataset {quoted(name)} (the datasets: {', '.join(DATASETS)})"


def dataset(name: str, shipped: Shipped) -> Dataset:
    """A shipped dataset as the data `dartfit fit` plays on, named with its source on screen."""
    from dartfit.csvdata import Dataset

    author, _, year = shipped.source.partition(",")
    label = f"{name} ({author.split()[-1]} {year.strip()[-4:]})"  # "anscombe-2 (Anscombe 1973)"
    return Dataset(Path(label), *shipped.arrays(), shipped.x_name, shipped.y_name)
