"""Guess the MSE: a game for a feel of how big a squared error is.

Each round shows points and a line and no number but the axes'; the player types a guess of
the line's MSE (or MAE); the reveal draws the squares (or the misses) and the true value,
and scores the guess 100·(1 − relative error), never below 0. The rounds are drawn from the
level's seed, so a class sees the same ones; the level's value is the mean score, and a
streak counts the rounds in a row scored at least STREAK.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.levels import Guess, Level, per_level
from dartfit.rules.base import KindRules

STREAK = 80.0
"""A round scored at least this keeps the streak going."""
X_SPAN = (0.0, 10.0)
"""Where a round's x values lie."""


@dataclass(frozen=True)
class Round:
    """One round: the points, the line shown, and the true MSE (or MAE) of that line."""

    x: FloatArray
    y: FloatArray
    m: float
    b: float
    truth: float


@dataclass(frozen=True)
class GuessState:
    """The round on show, the guesses made so far, and whether this round's answer shows."""

    round: int = 0
    guesses: tuple[float, ...] = ()
    typed: str = ""
    """What the player has typed of this round's guess."""

    @property
    def revealed(self) -> bool:
        """Whether this round's guess is in and its answer shown."""
        return len(self.guesses) > self.round


def spec(level: Level) -> Guess:
    """The level's [guess] table."""
    assert level.spec.guess is not None
    return level.spec.guess


def metric_name(level: Level) -> str:
    """MSE or MAE: what the player guesses."""
    return spec(level).metric.upper()


@per_level
def rounds(level: Level) -> tuple[Round, ...]:
    """Every round of the level, drawn from its seed: points near a line of random slope
    and height, with noise from small to large (σ from 0.5 to 5), and a line shown that is
    near the points but not their best line, so its error has a size worth guessing."""
    g = spec(level)
    rng = np.random.default_rng(g.seed)
    made = []
    for _ in range(g.rounds):
        x = np.sort(rng.uniform(*X_SPAN, g.points))
        slope, height = rng.uniform(-2.0, 2.0), rng.uniform(-5.0, 5.0)
        sigma = 10 ** rng.uniform(math.log10(0.5), math.log10(5.0))
        y = slope * x + height + rng.normal(0.0, sigma, g.points)
        m_best, b_best = core.best_line(x, y)
        m = m_best + rng.normal(0.0, 0.4 * sigma / (X_SPAN[1] - X_SPAN[0]))
        b = b_best + rng.normal(0.0, 0.8 * sigma)
        made.append(Round(x, y, float(m), float(b), truth(level, x, y, float(m), float(b))))
    return tuple(made)


def truth(level: Level, x: FloatArray, y: FloatArray, m: float, b: float) -> float:
    """The line's MSE (or MAE) on the points."""
    predicted = core.line_predict(x, m, b)
    return core.mae(y, predicted) if spec(level).metric == "mae" else core.mse(y, predicted)


def round_score(guess: float, truth: float) -> float:
    """100·(1 − |guess − truth| / truth), never below 0 (a perfect guess: 100)."""
    if truth <= 0:
        return 100.0 if guess == 0 else 0.0
    return max(0.0, 100.0 * (1.0 - abs(guess - truth) / truth))


def scores(level: Level, state: GuessState) -> list[float]:
    """The score of each round guessed so far."""
    return [round_score(g, r.truth) for g, r in zip(state.guesses, rounds(level), strict=False)]


def total(level: Level, state: GuessState) -> float:
    """The mean score of the rounds guessed so far (0 before the first)."""
    done = scores(level, state)
    return sum(done) / len(done) if done else 0.0


def streak(level: Level, state: GuessState) -> int:
    """How many rounds in a row, up to the last one guessed, scored at least STREAK."""
    run = 0
    for score in reversed(scores(level, state)):
        if score < STREAK:
            break
        run += 1
    return run


def finished(level: Level, state: GuessState) -> bool:
    """Whether every round has been guessed."""
    return len(state.guesses) >= spec(level).rounds


TYPABLE = "0123456789."
MAX_TYPED = 12


def typed(state: GuessState, character: str) -> GuessState:
    """A character typed into the guess (digits and one decimal point, at most MAX_TYPED)."""
    if state.revealed or character not in TYPABLE or len(state.typed) >= MAX_TYPED:
        return state
    if character == "." and "." in state.typed:
        return state
    return replace(state, typed=state.typed + character)


def erased(state: GuessState) -> GuessState:
    """The last character typed taken back."""
    return replace(state, typed=state.typed[:-1])


def guessed(state: GuessState) -> GuessState | None:
    """The typed guess handed in (None when what is typed is no number)."""
    try:
        value = float(state.typed)
    except ValueError:
        return None
    if state.revealed or not math.isfinite(value):
        return None
    return replace(state, guesses=(*state.guesses, value), typed="")


def next_round(level: Level, state: GuessState) -> GuessState:
    """On to the next round, once this one's answer has been shown."""
    if not state.revealed or finished(level, state):
        return state
    return replace(state, round=state.round + 1)


class GuessRules(KindRules):
    """Guess a line's MSE (or MAE) round after round; the mean score must reach the target."""

    best_label = "a perfect score"

    def optimum(self, level: Level) -> float | None:
        return 100.0

    def references(self, level: Level) -> list[tuple[str, float]]:
        return []

    def target_problems(self, level: Level, goal: float | None) -> list[str]:
        if goal is not None and goal > 100:
            return [f"target: a score is at most 100, got {goal:g}"]
        if level.spec.target.metric != "score":
            return ['target.metric: a guess level is scored by its "score"']
        return []

    def why_not_exportable(self, level: Level) -> str | None:
        return "each round draws points of its own, so it has no fixed points to export"

    def why_not_solvable(self, level: Level) -> str | None:
        return "its goal is to guess the MSE, not to fit a line"


GUESS = GuessRules()
