"""A big level's figures (its optimum, its start value), kept between runs.

A level of a million generated points costs a third of a second and 80 MB to make, and
`dartfit levels`, the level list and the goal line all need its best value: the figures are
worked out once and kept in the user's cache folder ($DARTFIT_CACHE_DIR, else the system's),
keyed on the level's whole spec, numpy's version and dartfit's code. A missing, damaged or
unwritable cache only means working them out again; it is never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dartfit.cache import live_cache_dir
from dartfit.files import NotRegular, read_regular, replace_atomically

if TYPE_CHECKING:
    from dartfit.levels.level import Level

FILE = "figures.json"
BIG = 100_000
"""Generated points from which a level's figures are kept (fewer are quicker to make)."""
MOST = 256
"""Figures the file keeps (the oldest go first): a few per big level."""


def big(level: Level) -> bool:
    """Whether the level makes BIG points or more (read from its spec: none are made)."""
    data = level.spec.data
    return data is not None and data.generate is not None and data.generate.n >= BIG


def kept(level: Level, name: str, work_out: Callable[[], float | None]) -> float | None:
    """The figure `name` of the level: from the cache for a big level, else worked out
    (and kept, when it is a finite number)."""
    folder = live_cache_dir() if big(level) else None
    if folder is None:
        return work_out()
    key = _key(level, name)
    stored = _read(folder / FILE)
    if key in stored and _sane(level, stored[key], stored):
        return stored[key]
    value = work_out()
    if value is not None and math.isfinite(value):
        newest = dict(list(stored.items())[-(MOST - 1) :])
        _write(folder, {**newest, key: float(value)})
    return value


def _sane(level: Level, value: float, stored: dict[str, float]) -> bool:
    """Whether a kept figure's `value` can be the level's: a metric is never below 0, and the
    optimum never above the start. A file edited to an optimum of −3 made the million-point
    level's target MSE ≤ −3.06, a level no one could win (it is worked out again instead)."""
    if value < 0:
        return False
    optimum, start = stored.get(_key(level, "optimum")), stored.get(_key(level, "start"))
    return optimum is None or start is None or optimum <= start


def _key(level: Level, name: str) -> str:
    import msgspec
    import numpy

    parts = (name, msgspec.json.encode(level.spec).decode(), numpy.__version__, _code())
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@cache
def _code() -> str:
    """dartfit's version and when its code last changed: a new release, or an edited
    checkout, works its figures out again."""
    from dartfit import __version__

    package = Path(__file__).resolve().parents[1]
    newest = max((p.stat().st_mtime_ns for p in package.rglob("*.py")), default=0)
    return f"{__version__} {newest}"


def _read(path: Path) -> dict[str, float]:
    """The kept figures; nothing (never an error) for a missing or damaged file."""
    try:  # never blocks: a FIFO or a device there is not read
        raw = json.loads(read_regular(path, 1 << 20, mine=True))
    except (OSError, NotRegular, ValueError, RecursionError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {
        k: v for k, v in raw.items() if isinstance(k, str) and type(v) is float and math.isfinite(v)
    }


def _write(folder: Path, figures: dict[str, float]) -> None:
    """Replace the file whole (a reader never sees half of it); give up quietly on error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep(folder)
        replace_atomically(
            folder / FILE, json.dumps(figures).encode(), remove_stale=False, keep_mode=False
        )
    except OSError:
        return


STALE = 600.0
"""Seconds after which a half-written file of another dartfit (killed mid-write) is removed."""


def sweep(folder: Path, name: str = FILE) -> None:
    """Remove what writers of the file `name` (a glob) killed between writing and renaming
    left behind (no lock is held here, so only files too old to be another writer's at work)."""
    now = time.time()
    for temp in folder.glob(f".{name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > STALE:
                temp.unlink()
