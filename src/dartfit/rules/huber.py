"""Huber's loss between the MSE and the MAE: slide δ and watch its best line move.

A level's points hold one outlier (the point farthest from the MAE's best line). The MSE's
best line is pulled towards it; the MAE's ignores it but is unsmooth; Huber's best line,
for a δ the player slides on a ladder of values, is the MSE's line for a large δ and the
MAE's for a small one. The level scores the Huber line by its MSE on the other points (the
inliers): a δ near the noise's size fits them best.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.levels import Level, per_level
from dartfit.rules.base import KindRules

RUNGS = 10
"""δ's ladder runs from the noise's size times 2^(−RUNGS/2) to times 2^(RUNGS/2)."""
START = 2 * RUNGS
"""The rung the level starts on: the largest δ, where Huber's line is the MSE's."""


@dataclass(frozen=True)
class HuberState:
    """The rung of δ's ladder on show, and the presses that got there."""

    rung: int = START
    presses: int = 0


@per_level
def outlier(level: Level) -> int:
    """The index of the point farthest from the MAE's best line."""
    m, b = core.best_line_mae(level.x, level.y)
    return int(np.argmax(np.abs(level.y - (m * level.x + b))))


def inliers(level: Level) -> tuple[FloatArray, FloatArray]:
    """The points without the outlier."""
    keep = np.arange(level.x.size) != outlier(level)
    return level.x[keep], level.y[keep]


def inliers_take_a_line(level: Level) -> bool:
    """Whether the points without the outlier are two or more, not all at one x: the noise's
    size is measured about their line (a level of two points, or three with the other two
    at one x, ended the game as it opened, and `dartfit check` with "can't be checked")."""
    x, _ = inliers(level)
    return bool(x.size >= 2 and np.ptp(x) > 0)


@per_level
def scale(level: Level) -> float:
    """The noise's size: the RMS of the inliers' misses from their least-squares line (1
    where they take no line: `target_problems` refuses such a level)."""
    if not inliers_take_a_line(level):
        return 1.0
    x, y = inliers(level)
    m, b = core.best_line(x, y)
    return float(np.sqrt(np.mean((y - (m * x + b)) ** 2))) or 1.0


def delta(level: Level, rung: int) -> float:
    """δ on a rung: the noise's size times 2^((rung − RUNGS)/2)."""
    return float(scale(level) * 2.0 ** ((rung - RUNGS) / 2))


@per_level
def ladder(level: Level) -> tuple[tuple[float, float], ...]:
    """Huber's best line on each rung of δ's ladder (0 to 2·RUNGS)."""
    return tuple(
        core.best_line_huber(level.x, level.y, delta(level, k)) for k in range(2 * RUNGS + 1)
    )


def inlier_mse(level: Level, line: tuple[float, float]) -> float:
    """A line's MSE on the points without the outlier."""
    x, y = inliers(level)
    return core.mse(y, core.line_predict(x, *line))


def move(level: Level, state: HuberState, step: int) -> HuberState:
    """δ one rung down or up (within the ladder); a key that moves nothing is no press."""
    rung = min(max(state.rung + step, 0), 2 * RUNGS)
    return state if rung == state.rung else replace(state, rung=rung, presses=state.presses + 1)


BEST_LINES = ("the MSE's line", "the MAE's line")
"""The best lines by the MSE and by the MAE, named as the chart's legend names them (the win
had called them "MSE line" and "MAE line", names the screen never showed)."""
SCORED = "MSE without the outlier"
"""What the level scores, as the HUD and the win name it."""


class HuberRules(KindRules):
    """Slide δ until Huber's line fits the points without the outlier nearly as well as it can."""

    best_label = "best δ on the ladder"

    def optimum(self, level: Level) -> float | None:
        return min(inlier_mse(level, line) for line in ladder(level))

    def start_value(self, level: Level) -> float | None:
        return inlier_mse(level, ladder(level)[START])

    def result_named(self, level: Level) -> str:
        """The measure as the HUD names it: "Your MSE" beside "MSE line: 2.3904" read as
        the MSE of all the points, or of a line named after it."""
        return SCORED

    def references(self, level: Level) -> list[tuple[str, float]]:
        mse_line, mae_line = core.best_line(level.x, level.y), core.best_line_mae(level.x, level.y)
        return [
            # short: at 80×24 the win's lines fill two rows beside "Your MSE" (four
            # decimals each, as it has), not three with its text scrolled out of sight;
            # each the MSE (without the outlier) of a line: the best δ's had read "best δ",
            # as if it were a δ
            ("best Huber", self.optimum(level) or 0.0),
            (BEST_LINES[0], inlier_mse(level, mse_line)),
            (BEST_LINES[1], inlier_mse(level, mae_line)),
        ]

    def target_problems(self, level: Level, goal: float | None) -> list[str]:
        """The level must show the lesson: a middle δ beats both ends of the ladder."""
        if not inliers_take_a_line(level):
            return [
                "data: a huber level needs 3 or more points: those besides its outlier"
                " must take a line (two or more at different x)"
            ]
        problems = super().target_problems(level, goal)
        lines = ladder(level)
        ends = min(inlier_mse(level, lines[0]), inlier_mse(level, lines[-1]))
        if (self.optimum(level) or 0.0) >= ends * (1 - 1e-9):
            problems.append("data: no δ between the ends fits the inliers better than the ends do")
        start = self.start_value(level)
        if goal is not None and start is not None and start <= goal:
            problems.append("target: the starting δ already meets it")
        return problems

    def why_not_solvable(self, level: Level) -> str | None:
        return "its goal is to choose δ for Huber's loss, not a line to nudge"


HUBER = HuberRules()
