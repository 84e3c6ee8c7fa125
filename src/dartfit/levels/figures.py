"""A big level's figures (its optimum, its start value), kept between runs.

A level of a million generated points costs a third of a second and 80 MB to make, and
`dartfit levels`, the level list and the goal line all need its best value: the figures are
worked out once and kept in the user's cache folder (`dartfit.cache.keep`), one file each,
keyed on the level's whole spec, numpy's version and dartfit's code. A missing, damaged or
unwritable cache only means working them out again; it is never an error.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dartfit.cache import keep, read_kept

if TYPE_CHECKING:
    from dartfit.levels.level import Level

FOLDER = "figures"
MOST_BYTES = 64
"""The most bytes a kept figure's file holds (a float's repr is at most 24)."""


def kept(level: Level, name: str, work_out: Callable[[], float | None]) -> float | None:
    """The figure `name` of the level: from the cache for a big level, else worked out
    (and kept, when it is a finite number)."""
    if not level.big:  # fewer points are quicker to make
        return work_out()
    stored = _read(level, name)
    if stored is not None and _sane(level, stored):
        return stored
    value = work_out()
    if value is not None and math.isfinite(value):
        keep(FOLDER, _stamp(level, name), repr(float(value)).encode())
    return value


def _read(level: Level, name: str) -> float | None:
    """The figure kept for the level; None (never an error) for none, or a damaged file."""
    raw = read_kept(FOLDER, _stamp(level, name), MOST_BYTES)
    try:
        value = float(raw.decode("ascii")) if raw is not None else math.nan
    except ValueError:  # UnicodeDecodeError is one
        return None
    return value if math.isfinite(value) else None


def _sane(level: Level, value: float) -> bool:
    """Whether a kept figure's `value` can be the level's: a metric is never below 0, and the
    optimum never above the start. A file edited to an optimum of −3 made the million-point
    level's target MSE ≤ −3.06, a level no one could win (it is worked out again instead)."""
    if value < 0:
        return False
    optimum, start = _read(level, "optimum"), _read(level, "start")
    return optimum is None or start is None or optimum <= start


def _stamp(level: Level, name: str) -> str:
    """All that the figure is worked out from: the level's whole spec, numpy's version and
    dartfit's code."""
    import msgspec
    import numpy

    return "\0".join((name, msgspec.json.encode(level.spec).decode(), numpy.__version__, _code()))


@cache
def _code() -> str:
    """dartfit's version and when its code last changed: a new release, or an edited
    checkout, works its figures out again."""
    from dartfit import __version__

    package = Path(__file__).resolve().parents[1]
    newest = max((p.stat().st_mtime_ns for p in package.rglob("*.py")), default=0)
    return f"{__version__} {newest}"
