"""How flexible? Pick a polynomial degree; bias², variance and noise add up to test MSE.

The sweep over every degree is drawn once per level from its seed, so the picture, the
bars and the right answer all come from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np

from dartfit import core
from dartfit.levels import Level, Models, per_level
from dartfit.rules.base import KindRules, stands_clear


@dataclass(frozen=True)
class DegreeState:
    """The degree on show, the wrong picks made, and whether the right one was picked."""

    degree: int
    presses: int = 0
    wrong_picks: int = 0
    picked: int | None = None


def spec(level: Level) -> Models:
    """The level's [models] table."""
    assert level.spec.models is not None
    return level.spec.models


@per_level
def sweep(level: Level) -> tuple[core.BiasVariance, ...]:
    """bias², variance, noise and expected test MSE for every degree, from the level's seed."""
    m = spec(level)
    rng = np.random.default_rng(m.seed)
    degrees = range(m.max_degree + 1)
    return core.degree_sweep(m.curve, degrees, m.noise, m.n_train, m.n_sets, rng)


def best(level: Level) -> int:
    """The degree with the lowest expected test MSE."""
    return core.best_degree(sweep(level))


FLAT = 0.1
"""The train MSE has levelled off once what it has still to fall is under this share of its
whole fall from degree 0."""


def levels_off(level: Level) -> int | None:
    """The degree from which the train MSE hardly falls any more (`FLAT`), or None if it
    falls steadily to the highest degree."""
    train = [bv.train_mse for bv in sweep(level)]
    whole = train[0] - train[-1]
    return next((d for d, v in enumerate(train[:-1]) if v - train[-1] <= FLAT * whole), None)


def train_said(level: Level) -> str:
    """What the sweep's train MSE did as the degree rose, in words true to its numbers."""
    train = [bv.train_mse for bv in sweep(level)]
    rose = any(after > before for before, after in pairwise(train))
    said = "mostly fell" if rose else "never rose"
    flat = levels_off(level)
    if flat is None:
        return f"{said} as the degree rose"
    return f"{said} as the degree rose, and from degree {flat} on it hardly fell at all"


def clear_winner(level: Level) -> bool:
    """Whether the best degree beats every other by a margin (so the answer is not luck)."""
    mses = sorted(bv.expected_test_mse for bv in sweep(level))
    return stands_clear(mses[1], mses[0])


def start(level: Level) -> DegreeState:
    """The level's starting degree."""
    return DegreeState(spec(level).degree)


def change(level: Level, state: DegreeState, step: int) -> DegreeState:
    """Show the next lower or higher degree (within 0..max_degree)."""
    degree = min(max(state.degree + step, 0), spec(level).max_degree)
    return replace(state, degree=degree, presses=state.presses + 1)


def pick(level: Level, state: DegreeState) -> DegreeState:
    """Pick the degree on show as the one with the lowest expected test MSE."""
    wrong = state.wrong_picks + (state.degree != best(level))
    return replace(state, picked=state.degree, wrong_picks=wrong, presses=state.presses + 1)


class DegreeRules(KindRules):
    """Pick the polynomial degree with the lowest expected test MSE."""

    def target_problems(self, level: Level, goal: float | None) -> list[str]:
        """The level's own sweep must name one degree clearly best."""
        return [] if clear_winner(level) else ["models: no degree is clearly best; add n_sets"]

    def why_not_exportable(self, level: Level) -> str | None:
        return "it draws new training sets from its curve, so it has no fixed points to export"


DEGREE = DegreeRules()
