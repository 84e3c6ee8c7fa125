"""Dataset: the two columns of numbers a CSV file gave, with their names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dartfit.core.arrays import FloatArray


@dataclass(frozen=True)
class Dataset:
    """Two columns of numbers from a file, with their names."""

    path: Path
    x: FloatArray
    y: FloatArray
    x_name: str
    y_name: str
