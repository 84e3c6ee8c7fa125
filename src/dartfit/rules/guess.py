"""Guess the MSE: a game for a feel of how big a squared error is.

Each round shows points and a line and no number but the axes'; the player types a guess of
the line's MSE (or MAE); the reveal draws the squares (or the misses) and the true value,
and scores the guess 100·(1 − relative error), never below 0. Two variants ask otherwise:
which of two lines has the lower MSE (type 1 or 2: 100 or 0), and where the best constant
lies (type a height: 100·(1 − |guess − ȳ| / σ_y), the mean being the constant with the
least MSE). The rounds are drawn from the level's seed, so a class sees the same ones; the
level's value is the mean score, and a streak counts the rounds in a row scored at least
STREAK.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.levels import Guess, Level, per_level
from dartfit.rules.base import KindRules
from dartfit.wording import echoed

TRIES = 40
"""Draws of a round's line (or of a direction for the second line) before taking the best
of them: a bound, so no seed can keep a level from opening."""
MIN_TARGET, MAX_TARGET = 1.0, 99.0
"""The scores a guess level may ask for."""
STREAK = 80.0
"""A round scored at least this keeps the streak going."""
SMALLEST = 0.25
"""A round's MSE is at least this times σ² of its noise (its MAE this times σ): a true value
near 0 would make the relative error, and so the score, a lottery."""
X_SPAN = (0.0, 10.0)
Line = tuple[float, float]
"""Where a round's x values lie."""


@dataclass(frozen=True)
class Round:
    """One round: the points, the line shown (and a second one, when two are compared), and
    the answer: the line's MSE or MAE, the line (1 or 2) with the lower MSE, or ȳ."""

    x: FloatArray
    y: FloatArray
    m: float
    b: float
    truth: float
    other: tuple[float, float] | None = None
    """The second line (m, b) of a "lower" round."""
    spread: float = 1.0
    """σ of y: how far off a guess of the best constant may be before it scores 0."""


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
    """What the player guesses, in a few words: the MSE, the MAE, the lower line, ȳ."""
    return {"mse": "MSE", "mae": "MAE", "lower": "line with the lower MSE"}.get(
        spec(level).asks, "best constant"
    )


@per_level
def rounds(level: Level) -> tuple[Round, ...]:
    """Every round of the level, drawn from its seed: points near a line of random slope
    and height, with noise from small to large (σ from 0.5 to 5), and a line shown that is
    near the points but not their best line, so its error has a size worth guessing (a
    "lower" round draws a second line whose MSE is 1.2 to 1.5 times the first's, so the
    answer is neither a coin toss nor plain to see, standing apart from it on the chart, and
    the lower line is line 1 in half the rounds and line 2 in the other half)."""
    g = spec(level)
    rng = np.random.default_rng(g.seed)
    made = []
    lower = rng.permutation(np.resize([1.0, 2.0], g.rounds))  # as many 1s as 2s: no safe bet
    for k in range(g.rounds):
        x = np.sort(rng.uniform(*X_SPAN, g.points))
        slope, height = rng.uniform(-2.0, 2.0), rng.uniform(-5.0, 5.0)
        sigma = 10 ** rng.uniform(math.log10(0.5), math.log10(5.0))
        y = slope * x + height + rng.normal(0.0, sigma, g.points)
        m, b = _near_best(rng, x, y, sigma)
        spread = float(np.std(y)) or 1.0
        if g.asks == "constant":
            made.append(Round(x, y, 0.0, float(np.mean(y)), float(np.mean(y)), spread=spread))
            continue
        if g.asks == "lower":
            other = _worse_line(rng, x, y, (m, b))
            first = core.mse(y, core.line_predict(x, m, b))
            second = core.mse(y, core.line_predict(x, *other))
            if (first < second) != (lower[k] == 1.0):
                (m, b), other = other, (m, b)
            made.append(Round(x, y, m, b, float(lower[k]), other, spread))
            continue
        for _ in range(TRIES):  # an error near 0 would make the score a lottery
            if truth(level, x, y, m, b) >= SMALLEST * (sigma if g.asks == "mae" else sigma**2):
                break
            m, b = _near_best(rng, x, y, sigma)
        made.append(Round(x, y, m, b, truth(level, x, y, m, b), spread=spread))
    return tuple(made)


def _near_best(
    rng: np.random.Generator, x: FloatArray, y: FloatArray, sigma: float
) -> tuple[float, float]:
    """A line near the points' best line, off by about the noise."""
    m_best, b_best = core.best_line(x, y)
    m = m_best + rng.normal(0.0, 0.4 * sigma / (X_SPAN[1] - X_SPAN[0]))
    return float(m), float(b_best + rng.normal(0.0, 0.8 * sigma))


def _worse_line(rng: np.random.Generator, x: FloatArray, y: FloatArray, shown: Line) -> Line:
    """A second line whose MSE is 1.2 to 1.5 times the shown line's, in closed form (no
    search that might not end): MSE(θ) = MSE* + (θ − θ*)ᵀA(θ − θ*) with A = DᵀD/n, so along
    a direction u the line θ* + s·u has the MSE wanted for s = √((wanted − MSE*)/uᵀAu).
    Of up to TRIES random directions, the first that stands apart from the shown line on
    the chart (else the farthest apart)."""
    design = np.column_stack([x, np.ones_like(x)])
    best = np.array(core.best_line(x, y))
    least = core.mse(y, design @ best)
    wanted = core.mse(y, core.line_predict(x, *shown)) * rng.uniform(1.2, 1.5)
    curvature = design.T @ design / x.size
    found: list[Line] = []
    for _ in range(TRIES):
        angle = rng.uniform(0.0, 2.0 * math.pi)
        u = np.array([math.cos(angle) / (X_SPAN[1] - X_SPAN[0]), math.sin(angle)])
        s = math.sqrt(max(wanted - least, 0.0) / float(u @ curvature @ u))
        line = (float(best[0] + s * u[0]), float(best[1] + s * u[1]))
        if _apart(y, shown, line):
            return line
        found.append(line)
    return max(found, key=lambda line: _gap(shown, line))


APART = 0.12
"""Two lines compared are this fraction of the points' height apart at one end of the x
span at least: lines that share every cell of the chart can't be told apart."""


def _gap(one: Line, two: Line) -> float:
    """How far apart two lines are at the farther end of the x span."""
    return max(abs((one[0] - two[0]) * x + one[1] - two[1]) for x in X_SPAN)


def _apart(y: FloatArray, one: Line, two: Line) -> bool:
    """Whether two lines are far enough apart at an end of the x span to be seen as two."""
    return _gap(one, two) >= APART * float(np.ptp(y))


def truth(level: Level, x: FloatArray, y: FloatArray, m: float, b: float) -> float:
    """The line's MSE (or MAE) on the points."""
    predicted = core.line_predict(x, m, b)
    return core.mae(y, predicted) if spec(level).asks == "mae" else core.mse(y, predicted)


def lines_of(shown: Round) -> list[tuple[float, float]]:
    """The round's line (m, b), and the second one of a "lower" round."""
    return [(shown.m, shown.b), *([shown.other] if shown.other else [])]


def lines_mse(shown: Round) -> list[float]:
    """The MSE of each line of a round (one, or the two compared)."""
    return [core.mse(shown.y, core.line_predict(shown.x, m, b)) for m, b in lines_of(shown)]


def misses(shown: Round) -> list[FloatArray]:
    """Each line's misses e = y − ŷ at the round's points (round-off as 0)."""
    return [core.residuals(shown.y, core.line_predict(shown.x, m, b)) for m, b in lines_of(shown)]


def lines_largest_square(shown: Round) -> list[float]:
    """Each line's largest squared miss: where one line's MSE comes from one point."""
    return [float(np.max(e**2)) for e in misses(shown)]


def round_score(level: Level, shown: Round, guess: float) -> float:
    """A guess's score out of 100: for a line's MSE or MAE, 100·(1 − relative error); for
    the lower line, 100 when right; for the best constant, 100·(1 − |guess − ȳ| / σ_y);
    never below 0."""
    if spec(level).asks == "lower":
        return 100.0 if guess == shown.truth else 0.0
    return _from_share(guess, shown.truth, miss_share(level, shown, guess))


def miss_share(level: Level, shown: Round, guess: float) -> float | None:
    """How far off a guess is, as its score counts it: a share of the truth (a line's MSE or
    MAE) or of σ_y (the best constant); None for the lower line (right or wrong) and for a
    truth of 0 (any miss is all of it)."""
    asks = spec(level).asks
    if asks == "lower":
        return None
    return _share(guess, shown.truth, shown.spread if asks == "constant" else shown.truth)


def relative_score(guess: float, truth: float) -> float:
    """100·(1 − |guess − truth| / truth), never below 0 (a perfect guess: 100)."""
    return _from_share(guess, truth, _share(guess, truth, truth))


def _share(guess: float, truth: float, scale: float) -> float | None:
    return abs(guess - truth) / scale if scale > 0 else None


def _from_share(guess: float, truth: float, share: float | None) -> float:
    """100·(1 − share), never below 0; with nothing to share by, 100 for the truth itself."""
    if share is None:
        return 100.0 if guess == truth else 0.0
    return max(0.0, 100.0 * (1.0 - share))


def scores(level: Level, state: GuessState) -> list[float]:
    """The score of each round guessed so far."""
    played = zip(state.guesses, rounds(level), strict=False)
    return [round_score(level, shown, value) for value, shown in played]


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


TYPABLE = "0123456789.-"
MAX_TYPED = 12


def typed(state: GuessState, character: str) -> GuessState:
    """A character typed into the guess (digits and one decimal point, at most MAX_TYPED)."""
    if state.revealed or character not in TYPABLE or len(state.typed) >= MAX_TYPED:
        return state
    if (character == "." and "." in state.typed) or (character == "-" and state.typed):
        return state  # one decimal point, and a minus sign only first
    return replace(state, typed=state.typed + character)


PLAIN_NUMBER = re.compile(r"-?(\d+(?:\.\d*)?|\.\d+)")  # each digit one way: linear


def pasted(state: GuessState, text: str) -> GuessState | None:
    """A pasted plain number typed in whole, in place of what was typed (None when the text
    is anything else: 1e3, 1,5, two numbers, or more than MAX_TYPED characters)."""
    number = text.strip()
    if not PLAIN_NUMBER.fullmatch(number) or len(number) > MAX_TYPED or state.revealed:
        return None
    return replace(state, typed=number)


def answer_name(level: Level) -> str:
    """What a round's answer is called: the true MSE, the lower line, the mean ȳ."""
    return {"lower": "lower line", "constant": "the mean ȳ"}.get(
        spec(level).asks, f"true {spec(level).asks.upper()}"
    )


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


def allowed(level: Level, value: float) -> bool:
    """Whether a guess answers what the level asks (a "lower" round takes only 1 or 2)."""
    return spec(level).asks != "lower" or value in (1.0, 2.0)


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
        """A score out of 100, given as a value: a perfect score can't be typed for every
        round (the answers have more digits than fit), and 0 wins with any guesses."""
        target = level.spec.target  # its metric is the kind's "score" (`Kind.metrics`)
        if target.value is None:
            return ["target: a guess level's target is a score: give its value, not a factor"]
        if not MIN_TARGET <= target.value <= MAX_TARGET:
            return [
                f"target.value: a score to reach from {echoed(MIN_TARGET)} to {echoed(MAX_TARGET)}"
                f" (a perfect 100 can't be typed, and 0 wins whatever is guessed);"
                f" got {echoed(target.value)}"
            ]
        return []

    def why_not_exportable(self, level: Level) -> str | None:
        return "each round draws points of its own, so it has no fixed points to export"

    def why_not_solvable(self, level: Level) -> str | None:
        return f"its goal is to guess the {metric_name(level)}, not to fit a line"


GUESS = GuessRules()
