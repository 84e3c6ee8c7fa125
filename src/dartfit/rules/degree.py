"""How flexible? Pick a polynomial degree; bias², variance and noise add up to test MSE.

The sweep over every degree is drawn once per level from its seed, so the picture, the
bars and the right answer all come from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

import numpy as np

from dartfit import core
from dartfit.core.numbers import FIT_ROUND_OFF
from dartfit.levels import Level, Models, per_level
from dartfit.rules.base import KindRules, stands_clear, too_close_to_call
from dartfit.wording import echoed


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


def round_off(level: Level) -> float:
    """The test MSE float64 can't tell from 0 beside the level's data: a fitted ŷ is good to
    FIT_ROUND_OFF of the numbers it is worked out from, so an MSE to its square times their
    mean square (the curve's and the noise's). A line with no noise is fitted exactly by
    every degree from 1: their MSEs, 3.47e−32 and 8.85e−32, were read as one clearly best."""
    truth = sweep(level)[0].truth
    size = float(np.mean(truth**2)) + spec(level).noise ** 2
    return FIT_ROUND_OFF**2 * size


def runners_up(level: Level) -> tuple[tuple[int, float], tuple[int, float]]:
    """The two degrees with the lowest expected test MSE, each with it, the best first."""
    mses = sorted((bv.expected_test_mse, bv.degree) for bv in sweep(level))
    (first, d1), (second, d2) = mses[:2]
    return (d1, first), (d2, second)


def clear_winner(level: Level) -> bool:
    """Whether the best degree beats every other by a margin, round-off a tie (so the
    answer is not luck)."""
    (_, first), (_, second) = runners_up(level)
    return stands_clear(second, first, round_off(level))


def start(level: Level) -> DegreeState:
    """The level's starting degree."""
    return DegreeState(spec(level).degree)


def change(level: Level, state: DegreeState, step: int) -> DegreeState:
    """Show the next lower or higher degree (within 0..max_degree); a key that moves
    nothing is no press (the same state)."""
    degree = min(max(state.degree + step, 0), spec(level).max_degree)
    if degree == state.degree:
        return state
    return replace(state, degree=degree, presses=state.presses + 1)


def pick(level: Level, state: DegreeState) -> DegreeState:
    """Pick the degree on show as the one with the lowest expected test MSE."""
    wrong = state.wrong_picks + (state.degree != best(level))
    return replace(state, picked=state.degree, wrong_picks=wrong, presses=state.presses + 1)


class DegreeRules(KindRules):
    """Pick the polynomial degree with the lowest expected test MSE."""

    def target_problems(self, level: Level, goal: float | None) -> list[str]:
        """The level's own sweep must name one degree clearly best."""
        if clear_winner(level):
            return []
        (d1, first), (d2, second) = runners_up(level)
        floor = round_off(level)
        if not stands_clear(second, 0.0, floor):  # fitted exactly: no n_sets will part them
            noise = echoed(spec(level).noise)
            what = f"models.noise: at noise {noise}, degrees {d2} and {d1}'s test MSEs"
            return too_close_to_call(what, second, first, floor)
        return ["models: no degree is clearly best; add n_sets"]

    def why_not_exportable(self, level: Level) -> str | None:
        return "it draws new training sets from its curve, so it has no fixed points to export"


DEGREE = DegreeRules()
