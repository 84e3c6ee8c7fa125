"""A round of darts: the crosshair, the throws and the round's score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.core.numbers import nice_step
from dartfit.levels import Darts, Level, per_level
from dartfit.rules.base import KindRules, too_close_to_call
from dartfit.wording import apart, num

Point = tuple[float, float]


@dataclass(frozen=True)
class DartsState:
    """Where the player aims, where the darts landed, and the wrong picks made."""

    aim: Point = (0.0, 0.0)
    landings: tuple[Point, ...] = ()
    presses: int = 0
    wrong_picks: int = 0
    picked: int | None = None


def spec(level: Level) -> Darts:
    """The level's [darts] table."""
    assert level.spec.darts is not None
    return level.spec.darts


def board_radius(level: Level) -> float:
    """How far from the bullseye the board reaches: room for wind and a wobbly hand."""
    d = spec(level)
    reach = 4 * d.wobble + float(np.hypot(*d.wind)) + 1
    reach = max(reach, max((abs(v) + 1 for r in d.rounds for v in r), default=0.0))
    return float(max(5.0, np.ceil(reach)))


def aim_step(level: Level) -> float:
    """The coarse crosshair step (fine is a tenth)."""
    return nice_step(board_radius(level))


def move_aim(level: Level, state: DartsState, dx: float, dy: float) -> DartsState:
    """Move the crosshair, staying on the board; a one-axis level only moves sideways. A
    move that leaves it where it is (at the board's edge, or up on a one-axis level) is no
    press: the same state."""
    limit = board_radius(level)
    dy = dy if spec(level).axes == 2 else 0.0
    x = float(np.clip(np.round(state.aim[0] + dx, 10), -limit, limit))
    y = float(np.clip(np.round(state.aim[1] + dy, 10), -limit, limit))
    if (x, y) == state.aim:
        return state
    return replace(state, aim=(x, y), presses=state.presses + 1)


def done(level: Level, state: DartsState) -> bool:
    """Whether every dart of the round has been thrown."""
    return len(state.landings) >= spec(level).throws


def throw(level: Level, state: DartsState) -> DartsState:
    """Throw the next dart: it lands at aim + wind + wobble, the wobble fixed by the seed."""
    if done(level, state):
        return state
    d = spec(level)
    k = len(state.landings)
    draw = level.wobble()[k]
    wind = np.array(d.wind[: d.axes])
    aim = np.array(state.aim[: d.axes])
    landing = core.land(aim, d.wobble, wind, draw)
    point = (float(landing[0]), float(landing[1]) if d.axes == 2 else 0.0)
    return replace(state, landings=(*state.landings, point), presses=state.presses + 1)


def round_score(level: Level, state: DartsState) -> core.RoundScore | None:
    """The score of the darts thrown so far (None before the first)."""
    if not state.landings:
        return None
    axes = spec(level).axes
    landings = np.array(state.landings)[:, :axes]
    if axes == 2:
        return core.score_round(np.zeros(2), landings)
    return core.score_round(0.0, landings[:, 0])


def round_mse(misses: Sequence[float]) -> float:
    """The MSE of a round of darts from its signed misses (the bullseye is the truth, 0)."""
    return core.mse(np.asarray(misses, dtype=float), 0.0)


def worse_round(level: Level) -> int:
    """Which recorded round (0 or 1) has the larger MSE: computed, never written down."""
    return int(np.argmax([round_mse(r) for r in spec(level).rounds]))


def pick(level: Level, state: DartsState, choice: int) -> DartsState:
    """Pick a round as the worse one; a wrong pick is counted."""
    wrong = state.wrong_picks + (choice != worse_round(level))
    return replace(state, picked=choice, wrong_picks=wrong, presses=state.presses + 1)


@per_level
def darts_best_mse(level: Level) -> float:
    """The round's MSE for a perfect aimer (aim = bullseye − wind), fixed by the level's seed."""
    d = level.spec.darts
    assert d is not None
    wobble = d.wobble * level.wobble()
    return float(np.mean(np.sum(wobble**2, axis=1)))


def offsets(level: Level) -> FloatArray:
    """Where each dart lands relative to the bullseye when aimed at it: wind plus wobble."""
    d = spec(level)
    landed: FloatArray = d.wobble * level.wobble() + [d.wind[i] for i in range(d.axes)]
    return landed


def steady_aim_mse(level: Level, aim: Point) -> float:
    """The round's MSE when every dart is thrown from one aim (the wobble fixed by the seed)."""
    axes = spec(level).axes
    landed = offsets(level) + np.asarray(aim[:axes])
    return float(np.mean(np.sum(landed**2, axis=1)))


@per_level
def best_on_aim_grid(level: Level) -> float:
    """The least MSE a round can have with the crosshair on its key grid (multiples of the
    fine step, on the board), each dart aimed on its own: every dart's landing as near the
    bull as the grid lets it be (no one throws better, whatever they know of the wobble)."""
    fine, limit = aim_step(level) / 10, board_radius(level)
    landed = offsets(level)
    aims = np.clip(np.round(-landed / fine) * fine, -limit, limit)
    return float(np.mean(np.sum((landed + aims) ** 2, axis=1)))


class DartsRules(KindRules):
    """A round of darts scored by its MSE: the optimum is a steady aim against the wind.

    It is not the least a round can score: a player who aims off a little (or is lucky)
    can beat it, so the win never calls it the best."""

    best_label = "aiming against the wind"
    optimum_is_least = False

    def __init__(self, splits: bool = False) -> None:
        self.splits = splits
        """Whether the screen splits the round's MSE into bias² and variance."""

    def optimum(self, level: Level) -> float | None:
        return darts_best_mse(level)

    def references(self, level: Level) -> list[tuple[str, float]]:
        """A steady aim at the bull, and on a windy level also one against the wind."""
        at_bull = ("aiming at the bull", steady_aim_mse(level, (0.0, 0.0)))
        if not any(spec(level).wind):
            return [at_bull]
        return [(self.best_label, darts_best_mse(level)), at_bull]

    def reach_problems(self, level: Level, goal: float) -> list[str]:
        """The crosshair moves by a fine step at the finest: the darts must be able to land
        within the target with it. Wind and wobble far under that step (1e−9) passed check,
        and no aim won: the steady aim against the wind is off the grid."""
        reached = best_on_aim_grid(level)
        if reached <= goal:
            return []
        target, reached_text = apart(goal, reached)
        return [
            f"target: MSE ≤ {target} is tighter than the crosshair's finest step"
            f" ({num(aim_step(level) / 10)}) can throw ({reached_text} at best); loosen it or"
            " make the wind and wobble larger"
        ]

    def export_points(self, level: Level) -> tuple[list[float], list[float]]:
        """Where each dart lands relative to the bullseye when aimed at it (y = 0 on one axis)."""
        landed = offsets(level)
        xs = [float(v) for v in landed[:, 0]]
        ys = [float(v) for v in landed[:, 1]] if spec(level).axes == 2 else [0.0] * len(xs)
        return xs, ys

    def why_not_solvable(self, level: Level) -> str | None:
        return "darts have no model to fit"


class CompareRules(DartsRules):
    """Two recorded rounds: pick the one whose MSE is larger."""

    def optimum(self, level: Level) -> float | None:
        return None

    def references(self, level: Level) -> list[tuple[str, float]]:
        return []

    def target_problems(self, level: Level, goal: float | None) -> list[str]:
        worse, other = sorted((round_mse(r) for r in spec(level).rounds), reverse=True)
        # below float64's smallest normal number an MSE has lost its digits (throws of
        # 1e−160 square to 5e−321): those are round-off too
        tiny = float(np.finfo(np.float64).tiny)
        return too_close_to_call("darts.rounds: the rounds' MSEs", worse, other, tiny)


DARTS = DartsRules()
SPLIT = DartsRules(splits=True)  # the same round, its MSE split into bias² + variance
COMPARE = CompareRules()
