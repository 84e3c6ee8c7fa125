"""The one descent loop: take steps until converged, out of steps or blown up.

`descend`, the auto-solver and the bowl walked by hand all step through `walk`, so they
share one stop rule. A walk blows up when a step's numbers stop being finite or its MSE
passes `blow_up_limit`: BLOW_UP times the start's MSE plus var(y), far beyond anything a
converging walk reaches, so a diverging one is caught long before float64 overflows.

The loop itself is `stepping.steps_from`; a walk keeps its steps as rows of plain numbers
(`Trail`) and makes a state of one only when it is read.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TypeVar, overload

import numpy as np

from dartfit.core.stepping import (
    DescentProblem,
    DescentState,
    Row,
    row_of,
    state_of,
    steps_from,
)

STEP_CAP = 200_000
"""Most steps a run until convergence takes."""

BLOW_UP = 1e8
"""Descent has diverged once the MSE exceeds BLOW_UP·(MSE₀ + var(y) + tiny)."""

T = TypeVar("T")
_POINT = itemgetter(0, 1, 2)


class Trail(Sequence[T]):
    """Steps kept as rows of plain numbers (`stepping.Row`), each made into an object by
    `make` only when read: 200,000 frozen states took longer to build than the steps took to
    walk, and most readers want three numbers of each (`points`)."""

    __slots__ = ("_make", "rows")

    def __init__(self, rows: tuple[Row, ...], make: Callable[[Row], T]) -> None:
        self.rows = rows  # the steps as plain numbers, in order
        self._make = make

    @property
    def points(self) -> tuple[tuple[float, float, float], ...]:
        """Every step's (m, b, mse), in order."""
        return tuple(map(_POINT, self.rows))

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Trail[T]: ...

    def __getitem__(self, index: int | slice) -> T | Trail[T]:
        if isinstance(index, slice):
            return Trail(self.rows[index], self._make)
        return self._make(self.rows[index])

    def __iter__(self) -> Iterator[T]:
        return map(self._make, self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Trail) and other._make is self._make:
            return self.rows == other.rows
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.rows)

    def __repr__(self) -> str:
        return f"Trail({list(self)!r})"


@dataclass(frozen=True, slots=True)
class Walk:
    """Where a run of steps went: the steps kept, in order, and how the run ended."""

    steps: Trail[DescentState]
    """Every step taken that stayed finite and within the blow-up limit."""
    overshoot: DescentState | None
    """The finite step whose MSE passed the limit, when that is how the walk blew up."""
    diverged: bool
    converged: bool
    """The walk stopped at a state that passes `is_converged` (only when asked to stop there)."""

    @property
    def reached(self) -> Trail[DescentState]:
        """Every finite step taken: the kept steps and the overshoot, if any."""
        if self.overshoot is None:
            return self.steps
        return Trail((*self.steps.rows, row_of(self.overshoot)), state_of)


def is_finite_state(state: DescentState) -> bool:
    """Return True when every number in the state is finite."""
    g0, g1 = state.gradient
    isfinite = math.isfinite  # spelled out: a generator per step was a tenth of a walk
    return (
        isfinite(state.m)
        and isfinite(state.b)
        and isfinite(state.mse)
        and isfinite(g0)
        and isfinite(g1)
    )


def blow_up_limit(problem: DescentProblem, start: DescentState) -> float:
    """Return the MSE above which descent from `start` has diverged."""
    return BLOW_UP * (start.mse + problem.y_variance + np.finfo(np.float64).tiny)


def walk(
    problem: DescentProblem,
    state: DescentState,
    limit: float,
    most: int,
    until_converged: bool = True,
    until_mse: float | None = None,
) -> Walk:
    """Step from `state` at most `most` times; stop early on a blow-up past `limit`, when
    `until_converged` at the first state that passes the convergence test, and when
    `until_mse` is given just after the first step whose MSE is at or below it.

    Walking n steps and then m more from where it stopped takes the same steps as n + m at once.
    """
    rows, stop, converged = steps_from(problem, state, most, limit, until_converged, until_mse)
    steps = Trail(tuple(rows), state_of)
    if stop is None:
        return Walk(steps, None, False, converged)
    after = state_of(stop)
    return Walk(steps, after if is_finite_state(after) else None, True, False)
