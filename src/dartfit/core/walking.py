"""The one descent loop: take steps until converged, out of steps or blown up.

`descend`, the auto-solver and the bowl walked by hand all step through `walk`, so they
share one stop rule. A walk blows up when a step's numbers stop being finite or its MSE
passes `blow_up_limit`: BLOW_UP times the start's MSE plus var(y), far beyond anything a
converging walk reaches, so a diverging one is caught long before float64 overflows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dartfit.core.stepping import DescentProblem, DescentState, descent_step, is_converged

STEP_CAP = 200_000
"""Most steps a run until convergence takes."""

BLOW_UP = 1e8
"""Descent has diverged once the MSE exceeds BLOW_UP·(MSE₀ + var(y) + tiny)."""


@dataclass(frozen=True, slots=True)
class Walk:
    """Where a run of steps went: the steps kept, in order, and how the run ended."""

    steps: tuple[DescentState, ...]
    """Every step taken that stayed finite and within the blow-up limit."""
    overshoot: DescentState | None
    """The finite step whose MSE passed the limit, when that is how the walk blew up."""
    diverged: bool
    converged: bool
    """The walk stopped at a state that passes `is_converged` (only when asked to stop there)."""

    @property
    def reached(self) -> tuple[DescentState, ...]:
        """Every finite step taken: the kept steps and the overshoot, if any."""
        return self.steps if self.overshoot is None else (*self.steps, self.overshoot)


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
    steps: list[DescentState] = []
    here = state
    with np.errstate(over="ignore", invalid="ignore"):
        while len(steps) < most and not (until_converged and is_converged(problem, here)):
            after = descent_step(problem, here)
            finite = is_finite_state(after)
            if not finite or after.mse > limit:
                return Walk(tuple(steps), after if finite else None, True, False)
            steps.append(after)
            here = after
            if until_mse is not None and after.mse <= until_mse:
                break
        converged = until_converged and is_converged(problem, here)
    return Walk(tuple(steps), None, False, converged)
