"""A round of darts: the crosshair, the throws and the round's score."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from dartfit import core
from dartfit.goals import nice_step
from dartfit.levels import Darts, Level

Point = tuple[float, float]


@dataclass(frozen=True)
class DartsState:
    """Where the player aims, where the darts landed, and the wrong picks made."""

    aim: Point = (0.0, 0.0)
    landings: tuple[Point, ...] = ()
    presses: int = 0
    hints: int = 0
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
    if d.rounds:
        reach = max(reach, max(abs(v) for r in d.rounds for v in r) + 1)
    return float(max(5.0, np.ceil(reach)))


def aim_step(level: Level) -> float:
    """The coarse crosshair step (fine is a tenth)."""
    return nice_step(board_radius(level))


def move_aim(level: Level, state: DartsState, dx: float, dy: float) -> DartsState:
    """Move the crosshair, staying on the board; a one-axis level only moves sideways."""
    limit = board_radius(level)
    dy = dy if spec(level).axes == 2 else 0.0
    x = float(np.clip(np.round(state.aim[0] + dx, 10), -limit, limit))
    y = float(np.clip(np.round(state.aim[1] + dy, 10), -limit, limit))
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


def worse_round(level: Level) -> int:
    """Which recorded round (0 or 1) has the larger MSE: computed, never written down."""
    rounds = spec(level).rounds
    return int(np.argmax([np.mean(np.square(r)) for r in rounds]))


def pick(level: Level, state: DartsState, choice: int) -> DartsState:
    """Pick a round as the worse one; a wrong pick is counted."""
    wrong = state.wrong_picks + (choice != worse_round(level))
    return replace(state, picked=choice, wrong_picks=wrong, presses=state.presses + 1)
