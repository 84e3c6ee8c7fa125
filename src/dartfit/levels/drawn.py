"""A generated level's points, kept between runs: a level played before opens without
numpy.random (3.5 MB of a line level's 62 MB resident, and 15-40 ms of its first frame).

The points are kept in the user's cache folder (`dartfit.cache.keep`), one .npy file for
each generator, keyed on the generator's whole spec, numpy's version and the code that draws
the points: the points read back are the bits the generator draws. Only small levels are
kept (a few files of at most MOST_POINTS points). A missing, damaged or unwritable cache
only means drawing them again; it is never an error.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from dartfit.cache import keep, read_kept
from dartfit.digest import sha256_hex

if TYPE_CHECKING:
    from dartfit.core.arrays import FloatArray
    from dartfit.levels.spec import Generator

FOLDER = "points"
MOST_POINTS = 10_000
"""The most points a level's file keeps (160 KB): a bigger level is drawn each time."""
MOST_BYTES = 1 << 20
"""The most bytes of a kept file read back (MOST_POINTS points and numpy's header fit)."""
MOST_FILES = 128
"""Files the folder keeps (the oldest go first): 20 MB at most."""
DRAWING_CODE = ("core/generate.py", "levels/points.py")
"""The files of the package whose code draws a generator's points: part of each file's key."""


def kept_points(
    g: Generator, draw: Callable[[], tuple[FloatArray, FloatArray]]
) -> tuple[FloatArray, FloatArray]:
    """The generator's points: read from the cache when kept there, else drawn (and kept)."""
    if g.n > MOST_POINTS:
        return draw()
    stamp = _stamp(g)
    kept = _read(read_kept(FOLDER, stamp, MOST_BYTES), g.n)
    if kept is not None:
        return kept
    x, y = draw()
    keep(FOLDER, stamp, _npy(x, y), MOST_FILES)
    return x, y


def _stamp(g: Generator) -> str:
    """All that the generator's points are made from: its whole spec, numpy's version and
    the code that draws them."""
    import msgspec
    import numpy

    return "\0".join(
        ("points", msgspec.json.encode(g).decode(), numpy.__version__, _drawing_code())
    )


@cache
def _drawing_code() -> str:
    """dartfit's version and the code that draws a generator's points (its whole text: a
    look at every file's time, as a big level's figures take, was 12 ms of a first frame)."""
    from dartfit import __version__

    package = Path(__file__).resolve().parents[1]
    texts = ((package / name).read_bytes() for name in DRAWING_CODE)
    return " ".join([__version__, *(sha256_hex(t) for t in texts)])


def _read(raw: bytes | None, n: int) -> tuple[FloatArray, FloatArray] | None:
    """The x and y kept in `raw` (a .npy file's bytes), or None for none, or a damaged or
    foreign file."""
    import numpy as np

    if raw is None:
        return None
    try:
        points = np.load(io.BytesIO(raw), allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    if not isinstance(points, np.ndarray) or points.dtype != np.float64 or points.shape != (2, n):
        return None
    return points[0], points[1]


def _npy(x: FloatArray, y: FloatArray) -> bytes:
    """The points as a .npy file's bytes."""
    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, np.stack([x, y]), allow_pickle=False)
    return buffer.getvalue()
