"""A loaded level: its spec, its place in the campaign and its points, and `per_level`,
which remembers numbers derived from a level on the level itself."""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, update_wrapper
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar, cast

from dartfit.levels.errors import LevelError
from dartfit.levels.spec import Darts, LevelSpec

if TYPE_CHECKING:  # numpy loads when a level's points are first needed, not at start-up
    from dartfit.core.arrays import FloatArray
    from dartfit.levels.points import Points

P = ParamSpec("P")
R = TypeVar("R")

BIG = 100_000
"""Generated points from which a level is big: its figures are kept between runs
(`levels.figures`), and few big levels keep their points at once (`KEPT_BIG`)."""
KEPT_BIG = 2
"""How many big levels keep their points (and what was derived from them) at once: the one
played and one more. Each kept its 2,000,000 points for the whole game, so a folder of big
levels grew the game by 32 MB a level looked at in the list, 40 MB a level played (a list of
500 such levels looked through wanted 16 GB)."""


@dataclass(frozen=True, eq=False)
class Level:
    """A loaded level: its spec, its place in the campaign and its numbers.

    The points are made on first use (a generated level of a million points costs
    nothing until it is played); they are read-only arrays.
    """

    number: int
    path: Path
    spec: LevelSpec
    points: Points = field(repr=False)
    pivot: float | None = None
    """The x the slope keys turn the line about, when not x = 0: the sandbox's data centre
    x̄ as the data was opened (kept when a point is dragged, so the line stays put)."""
    columns: tuple[str, str] | None = None
    """The names of the x and y columns of the player's own data (see `names`)."""
    memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)
    """Numbers derived from the level (see `per_level`): they go when the level goes."""

    @cached_property
    def _xy(self) -> tuple[FloatArray, FloatArray]:
        try:
            x, y = self.points()
        except (LevelError, MemoryError):  # memory is not the file's: said as it is
            raise
        except Exception as e:  # a draw failing any other way is still this file's problem
            problem = f"can't make the points: {type(e).__name__}: {e}"
            raise LevelError(self.path, "data", problem) from None
        x.setflags(write=False)
        y.setflags(write=False)
        if self.big:
            _keep_few_big(self)
        return x, y

    @property
    def big(self) -> bool:
        """Whether the level generates BIG points or more (read from its spec: none are made)."""
        data = self.spec.data
        return data is not None and data.generate is not None and data.generate.n >= BIG

    def forget(self) -> None:
        """Let the points go, with all derived from them: made again when next needed (the
        same, as they are drawn from the level's seed)."""
        self.__dict__.pop("_xy", None)
        self.memo.clear()

    @property
    def names(self) -> tuple[str, str] | None:
        """What x and y are, where the level knows: the player's columns, or a shipped
        dataset's ("chirps/s", "temp (°F)"); None for made-up data."""
        if self.columns is not None:
            return self.columns
        dataset = self.spec.data.dataset if self.spec.data is not None else None
        if dataset is None:
            return None
        from dartfit.datasets import DATASETS

        shipped = DATASETS.get(dataset)
        if shipped is None or (shipped.x_name, shipped.y_name) == ("x", "y"):
            return None  # nothing to say of plain x and y (Anscombe's)
        return shipped.x_name, shipped.y_name

    @property
    def x(self) -> FloatArray:
        """The points' x values."""
        return self._xy[0]

    @property
    def y(self) -> FloatArray:
        """The points' y values."""
        return self._xy[1]

    @property
    def id(self) -> str:
        """The level's id, as written in the file."""
        return self.spec.id

    @property
    def slug(self) -> str:
        """The file name without its number prefix and .toml (``03-slope.toml`` → ``slope``)."""
        return _slug(self.path)

    def wobble(self) -> FloatArray:
        """The seeded standard-normal wobble of each dart, shape (throws, axes)."""
        d = self.spec.darts or Darts()
        from dartfit.core.generate import wobble_draws

        return wobble_draws(d.seed, d.throws, d.axes, d.mirror)


_big_kept: list[weakref.ref[Level]] = []
"""The big levels whose points are kept, the one made last at the end."""
_big_lock = threading.Lock()  # points are made in workers' threads too (the exact MAE line)


def _keep_few_big(level: Level) -> None:
    """Keep `level`'s points, and no more than KEPT_BIG big levels' in all: the one whose
    points were made longest ago forgets them."""
    with _big_lock:
        kept = [ref for ref in _big_kept if ref() not in (None, level)]
        kept.append(weakref.ref(level))
        gone, _big_kept[:] = kept[:-KEPT_BIG], kept[-KEPT_BIG:]
    for ref in gone:
        old = ref()
        if old is not None:
            old.forget()


def per_level(fn: Callable[Concatenate[Level, P], R]) -> Callable[Concatenate[Level, P], R]:
    """Remember a function of a level on the level itself, like `functools.cache` but
    without keeping every level (and its million points) alive for the whole process."""

    def remembered(level: Level, /, *args: P.args, **kwargs: P.kwargs) -> R:
        key = (fn, args, tuple(sorted(kwargs.items())))
        if key not in level.memo:
            level.memo[key] = fn(level, *args, **kwargs)
        return cast(R, level.memo[key])

    update_wrapper(remembered, fn)
    return remembered


def _slug(path: Path) -> str:
    return re.sub(r"^\d+(?:[a-z]*[-_])?", "", path.stem) or path.stem
