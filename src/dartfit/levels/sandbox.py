"""The sandbox level: a level made from the player's own data (a CSV file's two columns)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from dartfit.levels.level import Level
from dartfit.levels.spec import SCHEMA_VERSION, LevelSpec
from dartfit.printable import shown

if TYPE_CHECKING:
    from dartfit.core.arrays import FloatArray

SANDBOX_ID = "your-data"
"""The id of the level made from the player's own data (never a campaign level's)."""


def sandbox_level(path: Path, x: FloatArray, y: FloatArray, x_name: str, y_name: str) -> Level:
    """A level made from the player's own data: nudge a line, compare MSE and MAE, solve.

    The file's name and the columns' names are shown: cleaned and cut to fit like a level's.
    """
    y_name, x_name = _clip(y_name, 28), _clip(x_name, 28)
    spec = msgspec.convert(
        {
            "schema": SCHEMA_VERSION,
            "id": SANDBOX_ID,
            "title": f"Your data: {_clip(path.name, 49)}",
            "kind": "mae",
            "chapter": f"{y_name} against {x_name}",
            "lesson": "training",
            "goal": f"Fit a line to {y_name} against {x_name}: get within 1 % of the best MSE.",
            "what_you_saw": "Your own data, fitted by hand to within a whisker of least squares.",
            "hints": [
                "← → tilt the line, ↑ ↓ move it; shift makes the steps ten times finer.",
                "b shows the best lines under MSE and MAE; a runs the auto-solver.",
            ],
            "target": {"metric": "mse", "factor": 1.01},
        },
        LevelSpec,
    )
    pivot = float(x.mean()) if x.size else None  # the slope keys turn about the data's centre
    return Level(number=0, path=path, spec=spec, points=lambda: (x, y), pivot=pivot)


def _clip(text: str, most: int) -> str:
    """Text without hidden characters, cut to at most `most` characters (never empty)."""
    text = shown(text).strip() or "?"
    return text if len(text) <= most else text[: most - 1] + "…"
