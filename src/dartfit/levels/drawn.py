"""A generated level's points, kept between runs: a level played before opens without
numpy.random (3.5 MB of a line level's 62 MB resident, and 15-40 ms of its first frame).

The points are kept in the user's cache folder (`dartfit.cache`), one .npy file for each
generator, keyed on the generator's whole spec, numpy's version and the code that draws
the points: the points read back are the bits the generator draws. Only small levels are
kept (a few files of at most MOST_POINTS points). A missing, damaged or unwritable cache
only means drawing them again; it is never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dartfit.cache import live_cache_dir
from dartfit.files import NotRegular, read_regular, replace_atomically
from dartfit.levels.figures import sweep

if TYPE_CHECKING:
    from dartfit.core.arrays import FloatArray
    from dartfit.levels.spec import Generator

FOLDER = "points"
MOST_POINTS = 10_000
"""The most points a level's file keeps (160 KB): a bigger level is drawn each time."""
MOST_FILES = 128
"""Files the folder keeps (the oldest go first): 20 MB at most."""
DRAWING_CODE = ("core/generate.py", "levels/points.py")
"""The files of the package whose code draws a generator's points: part of each file's key."""


def kept_points(
    g: Generator, draw: Callable[[], tuple[FloatArray, FloatArray]]
) -> tuple[FloatArray, FloatArray]:
    """The generator's points: read from the cache when kept there, else drawn (and kept)."""
    folder = live_cache_dir() if g.n <= MOST_POINTS else None
    if folder is None:
        return draw()
    path = folder / FOLDER / f"{_key(g)}.npy"
    kept = _read(path, g.n)
    if kept is not None:
        return kept
    x, y = draw()
    _write(path, x, y)
    return x, y


def _key(g: Generator) -> str:
    import msgspec
    import numpy

    parts = ("points", msgspec.json.encode(g).decode(), numpy.__version__, _drawing_code())
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@cache
def _drawing_code() -> str:
    """dartfit's version and the code that draws a generator's points (its whole text: a
    look at every file's time, as a big level's figures take, was 12 ms of a first frame)."""
    from dartfit import __version__

    package = Path(__file__).resolve().parents[1]
    texts = ((package / name).read_bytes() for name in DRAWING_CODE)
    return " ".join([__version__, *(hashlib.sha256(t).hexdigest() for t in texts)])


def _read(path: Path, n: int) -> tuple[FloatArray, FloatArray] | None:
    """The kept x and y, or None for a missing, damaged or foreign file."""
    import numpy as np

    try:  # never blocks: a FIFO or a device there is not read
        raw = read_regular(path, 1 << 20, mine=True)
        points = np.load(io.BytesIO(raw), allow_pickle=False)
    except (OSError, NotRegular, ValueError, EOFError):
        return None
    if not isinstance(points, np.ndarray) or points.dtype != np.float64 or points.shape != (2, n):
        return None
    return points[0], points[1]


def _write(path: Path, x: FloatArray, y: FloatArray) -> None:
    """Keep the points (the file replaced whole); give up quietly on error."""
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, np.stack([x, y]), allow_pickle=False)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _prune(path.parent)
        replace_atomically(path, buffer.getvalue(), remove_stale=False, keep_mode=False)
    except OSError:
        return


def _prune(folder: Path) -> None:
    """Remove the oldest files beyond MOST_FILES - 1, before one more is written, and what
    writers killed mid-write left."""
    sweep(folder, "*.npy")
    files = []
    for file in folder.glob("*.npy"):
        with contextlib.suppress(OSError):
            files.append((file.stat().st_mtime_ns, file))
    for _, old in sorted(files)[: max(0, len(files) - (MOST_FILES - 1))]:
        with contextlib.suppress(OSError):
            old.unlink()
