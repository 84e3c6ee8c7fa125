"""Descent by hand: a point on the MSE bowl, stepped against the gradient one key at a time.

The bowl can be shown over raw x or over centred, scaled x (feature scaling); the line is
the same either way: ŷ = m'·(x − x̄)/s + b' is ŷ = (m'/s)·x + (b' − m'·x̄/s).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import pairwise

import numpy as np

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.core.curvature import LAMBDA_MAX
from dartfit.core.descent import first_step_reaching
from dartfit.core.stepping import scaled_rate
from dartfit.levels import Descent, Level, per_level
from dartfit.rules import linear
from dartfit.rules.linear import LineRules, start_line
from dartfit.rules.scoring import star_bars, target_value
from dartfit.wording import ROUND_OFF, decimals_of, line_numbers, loss_as_shown, num

Point = tuple[float, float, float]  # (m, b, mse) in the bowl's coordinates
TRAIL = 1_000  # a long walk keeps its first and its last this many points for the map


@dataclass(frozen=True, eq=False)
class BowlState:
    """Where the player stands on the bowl, the path so far and the rate in use.

    The path of a long walk is its first TRAIL points (`head`) and its last TRAIL (`tail`),
    so a step costs the same at step 10 and at step 100,000.
    """

    scaled: bool
    problem: core.DescentProblem  # the bowl's data and the rate, made once
    here: core.DescentState
    head: tuple[Point, ...]
    tail: tuple[Point, ...] = ()
    steps: int = 0
    limit: float = math.inf  # the MSE above which the walk has diverged
    presses: int = 0
    diverged: bool = False

    @property
    def learning_rate(self) -> float:
        """The learning rate η."""
        return self.problem.learning_rate

    @property
    def mse(self) -> float:
        """The MSE where the player stands."""
        return self.here.mse

    @property
    def path(self) -> tuple[Point, ...]:
        """The points the map draws: every step of a short walk, both ends of a long one."""
        return self.head + self.tail


def spec(level: Level) -> Descent:
    """The level's [descent] table (defaults when absent)."""
    return level.spec.descent or Descent()


@per_level
def _scale(level: Level) -> tuple[float, float]:
    return float(np.mean(level.x)), float(np.std(level.x)) or 1.0


@per_level
def _problem(level: Level, scaled: bool) -> core.DescentProblem:
    """The bowl's descent problem (its rate is replaced per walk): O(n), made once."""
    return core.make_problem(xs(level, scaled), level.y, "gd", 1.0)


@per_level
def xs(level: Level, scaled: bool) -> FloatArray:
    """The x the bowl is drawn over: raw, or centred and scaled to unit spread."""
    if not scaled:
        return level.x
    mean, std = _scale(level)
    return (level.x - mean) / std


def lows_along(level: Level, state: BowlState) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the MSE is least along the row of the point `state` stands at (b held) and
    along its column (m held), in the bowl's coordinates: what the signs of ∂MSE/∂m and
    ∂MSE/∂b point away from."""
    x, y = xs(level, state.scaled), level.y
    m, b = state.here.m, state.here.b
    spread = float(np.mean(x * x))
    along_row = float(np.mean(x * (y - b))) / spread if spread > 0 else m
    return (along_row, b), (m, float(np.mean(y - m * x)))


def to_bowl(level: Level, scaled: bool, m: float, b: float) -> tuple[float, float]:
    """A line (m, b) on raw x, in the bowl's coordinates."""
    if not scaled:
        return m, b
    mean, std = _scale(level)
    return m * std, b + m * mean


def to_line(level: Level, scaled: bool, m: float, b: float) -> tuple[float, float]:
    """The bowl's coordinates back to the line's (m, b) on raw x."""
    if not scaled:
        return m, b
    mean, std = _scale(level)
    return m / std, b - m * mean / std


def max_stable_rate(level: Level, scaled: bool) -> float:
    """The largest learning rate plain gradient descent survives on this bowl."""
    return 2.0 / _problem(level, scaled).largest_curvature


def start(
    level: Level, scaled: bool | None = None, learning_rate: float | None = None
) -> BowlState:
    """The level's starting point; the rate defaults to half the largest stable one."""
    scaled = spec(level).scaled if scaled is None else scaled
    rate = learning_rate or spec(level).learning_rate or max_stable_rate(level, scaled) / 2
    problem = replace(_problem(level, scaled), learning_rate=rate)
    here = core.start_state(problem, *to_bowl(level, scaled, *start_line(level)))
    limit = core.blow_up_limit(problem, here)
    return BowlState(scaled, problem, here, ((here.m, here.b, here.mse),), limit=limit)


def bottom(level: Level, state: BowlState) -> Point:
    """The bowl's bottom (m, b, MSE), in the coordinates of `state`'s walk."""
    m, b = to_bowl(level, state.scaled, *linear.best_fit(level, "mse"))
    return m, b, core.start_state(state.problem, m, b).mse


def reach(level: Level, state: BowlState) -> tuple[float, float]:
    """How far from the bottom in m and in b a walk can stand before it has diverged (its
    MSE under `state.limit`): the half-widths of the ellipse MSE ≤ limit, whose MSE is the
    bottom's and (Δm, Δb)·A·(Δm, Δb) more, A = [[mean x², mean x], [mean x, 1]]."""
    x = xs(level, state.scaled)
    spread = float(np.var(x))
    room = max(state.limit - bottom(level, state)[2], 0.0)
    if spread <= 0 or not math.isfinite(room):
        return 0.0, 0.0
    return math.sqrt(room / spread), math.sqrt(room * float(np.mean(x * x)) / spread)


def gradient(level: Level, state: BowlState) -> tuple[float, float]:
    """∂MSE/∂m and ∂MSE/∂b where the player stands (in the bowl's coordinates)."""
    return state.here.gradient


def gradient_signs(state: BowlState, scale: float) -> tuple[int, int]:
    """The signs of ∂MSE/∂m and ∂MSE/∂b where the player stands (+1, −1; 0 where the slope
    is round-off beside `scale`, and either call is right)."""
    dm, db = (
        0 if abs(g) <= ROUND_OFF * scale else (1 if g > 0 else -1) for g in state.here.gradient
    )
    return dm, db


def signs_right(state: BowlState, scale: float, called: tuple[int, int]) -> bool:
    """Whether the player called the signs of both partial derivatives right."""
    signs = zip(gradient_signs(state, scale), called, strict=True)
    return all(sign in (0, call) for sign, call in signs)


def called_step(level: Level, state: BowlState, called: tuple[int, int]) -> BowlState:
    """One step against the signs the player called: θ ← θ − η·call·|∂MSE/∂θ|. Called
    right, it is the gradient step itself; called wrong, m or b goes uphill."""
    dm, db = state.here.gradient
    if called[0] * dm >= 0 and called[1] * db >= 0:
        return step(level, state)  # right (a flat slope takes either call)
    if state.diverged or state.steps >= spec(level).max_steps:
        return state
    rate, here = state.learning_rate, state.here
    m = here.m - rate * called[0] * abs(dm)
    b = here.b - rate * called[1] * abs(db)
    moved = core.start_state(state.problem, m, b)
    head, tail = _trail(state, [(moved.m, moved.b, moved.mse)])
    return replace(
        state, here=moved, head=head, tail=tail, steps=state.steps + 1, presses=state.presses + 1
    )


def step(level: Level, state: BowlState) -> BowlState:
    """One gradient step, θ ← θ − η·∇MSE; a blow-up is recorded, never a NaN."""
    return advance(level, state, 1)


def advance(level: Level, state: BowlState, n: int, goal: float | None = None) -> BowlState:
    """Up to n gradient steps, each counted as a press; stops at the budget or a blow-up,
    and at the first step whose MSE is at or below `goal` where one is given.

    A walk in chunks ends exactly where the same walk taken in one go ends.
    """
    most = 0 if state.diverged else min(n, spec(level).max_steps - state.steps)
    run = core.walk(
        state.problem, state.here, state.limit, most, until_converged=False, until_mse=goal
    )
    new = run.steps.points  # a step that blew up is not kept
    head, tail = _trail(state, new)
    return replace(
        state,
        here=run.steps[-1] if run.steps else state.here,
        head=head,
        tail=tail,
        steps=state.steps + len(run.steps),
        presses=state.presses + len(run.steps) + run.diverged,  # the press that blew up counts
        diverged=state.diverged or run.diverged,
    )


def run_goal(level: Level, state: BowlState) -> float | None:
    """Where a run (enter) from `state` stops: at the strictest of the stars' bars (`star_bars`)
    its rate reaches within the steps left, or None (on to the budget's end). Stopped at the
    first step past the target, too-hot's and learning-rate's hinted runs had won one star
    of the three their next steps earned (closed form: instant, at any budget)."""
    left = spec(level).max_steps - state.steps
    here = state.here
    for bar in star_bars(level):
        if first_step_reaching(state.problem, here.m, here.b, bar, left) is not None:
            return bar
    return None


def _trail(state: BowlState, new: Sequence[Point]) -> tuple[tuple[Point, ...], tuple[Point, ...]]:
    """The path's first and last TRAIL points once the new ones are walked."""
    head, tail = state.head, state.tail
    room = TRAIL - len(head)
    head, rest = head + tuple(new[:room]), new[max(room, 0) :]
    if rest:
        tail = (tail + tuple(rest[-TRAIL:]))[-TRAIL:]
    return head, tail


SHOWN_DIGITS, MOST_DECIMALS = 4, 8


def walk_decimals(level: Level, state: BowlState) -> int:
    """The decimals the HUD shows m and b to for the walk from `state` on (its budget
    walked ahead): both to one number of them, so each point's larger |m| or |b| has four
    significant digits, and more where a point's MSE asks for them (`shown_line`). They
    read alike and hold their width from step to step (b read −0.72900 beside m = 1.7290
    once b had passed near 0, and gained a decimal mid-walk)."""
    most = min(spec(level).max_steps - state.steps, 500)
    run = core.walk(state.problem, state.here, state.limit, max(most, 0), until_converged=False)
    points = (state.here, *run.steps)
    decimals = 0
    for point in points:
        largest = max(abs(point.m), abs(point.b))
        if math.isfinite(largest) and largest > 0:
            decimals = max(decimals, SHOWN_DIGITS - 1 - math.floor(math.log10(largest)))
    decimals = min(decimals, MOST_DECIMALS)
    for point in points:
        decimals = max(decimals, *decimals_of(*shown_line(state, point.m, point.b, decimals)))
    return decimals


def shown_line(state: BowlState, m: float, b: float, decimals: int) -> tuple[str, str]:
    """m and b (the bowl's coordinates) as the HUD shows them: to `decimals`, more where the
    line as shown would not have the MSE shown beside it (to within half its last digit)."""
    loss = partial(core.mse_at, state.problem)
    return line_numbers(m, b, loss, SHOWN_DIGITS, least=(decimals, decimals), within=0.5)


def shown_mse(state: BowlState, shown: tuple[str, str]) -> float:
    """The MSE of the line as `shown_line` showed it, which the HUD shows beside it."""
    return loss_as_shown(partial(core.mse_at, state.problem), shown, state.mse)


def with_rate(level: Level, state: BowlState, factor: float) -> BowlState:
    """Change the learning rate (allowed before the first step) and keep the start; at the
    end of the rates (`scaled_rate`'s range) the same state: no press."""
    rate = scaled_rate(state.learning_rate, factor)
    if rate == state.learning_rate:
        return state
    fresh = start(level, state.scaled, rate)
    return replace(fresh, presses=state.presses + 1)


def toggle_scaling(level: Level, state: BowlState) -> BowlState:
    """Switch between raw and scaled x; the walk starts again at the level's start."""
    fresh = start(level, not state.scaled)
    return replace(fresh, presses=state.presses + 1)


def climbing(state: BowlState, run: int = 3) -> bool:
    """Whether the MSE rose on each of the last `run` steps: descent is diverging."""
    mses = [mse for _, _, mse in state.path[-run - 1 :]]
    return len(mses) == run + 1 and all(b > a for a, b in pairwise(mses))


def divergence_reason(level: Level, state: BowlState) -> str:
    """Why the walk blew up, in plain words, with the numbers."""
    limit = max_stable_rate(level, state.scaled)
    word = "Diverged" if state.diverged else "Diverging"
    return (
        f"{word}: η = {num(state.learning_rate, 3)} is above the largest stable rate "
        f"2/λ_max = {num(limit, 3)} ({LAMBDA_MAX}). Each step overshoots the bottom by more "
        "than it corrects, so the MSE grows."
    )


def turns(state: BowlState) -> tuple[int, int]:
    """How often the walk's step turned back along m and along b, in the path the map
    draws: a step whose sign along an axis is the opposite of the one before it."""
    counts = [0, 0]
    for part in (state.head, state.tail):  # a long walk's two ends: no step joins them
        steps = [(m1 - m0, b1 - b0) for (m0, b0, _), (m1, b1, _) in pairwise(part)]
        for before, after in pairwise(steps):
            for axis in (0, 1):
                counts[axis] += before[axis] * after[axis] < 0
    return counts[0], counts[1]


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def path_said(state: BowlState) -> str:
    """The walk's path as the map drew it, in words: straight down, or zig-zagging (its
    step turning back along an axis at most steps), and whether the MSE fell every step."""
    names = ("m'", "b'") if state.scaled else ("m", "b")
    counted = turns(state)
    parts = [f"along {name} {_times(n)}" for name, n in zip(names, counted, strict=True) if n]
    mses = [mse for _, _, mse in state.path]
    fell = all(b < a for a, b in pairwise(mses))
    how = "the MSE falling at every step" if fell else "though the MSE rose on some steps"
    steps = f"{state.steps} step{'s' if state.steps != 1 else ''}"
    if not parts:
        return f"walked straight down to the target in {steps}, never turning back, {how}"
    turned = f"its step turned back {' and '.join(parts)} in {steps}"
    if max(counted) >= 2 and 2 * max(counted) >= state.steps - 1:
        return f"zig-zagged ({turned}) yet still came down to the target, {how}"
    return f"went down nearly straight ({turned}), {how}"


def steps_said(level: Level, state: BowlState) -> str:
    """The walk's steps to the target, in words, beside the fewest any rate the keys choose
    takes (learning-rate's win had said "a larger one got there in a handful of steps"
    over a walk of all 15)."""
    steps = f"{state.steps} step{'s' if state.steps != 1 else ''}"
    best = fastest(level, state.scaled)
    if best is None or best[1] >= state.steps:
        return f"{steps}, as few as any rate the keys choose takes to the target"
    rate, fewest = best
    return f"{steps}; the fastest rate the keys choose, η = {num(rate, 3)}, reaches it in {fewest}"


@per_level
def steps_needed(
    level: Level, scaled: bool, rate: float | None = None, cap: int = 20_000
) -> int | None:
    """How many steps of plain descent (at `rate`, default half the stable rate) beat the
    target, or None when it takes more than `cap` or blows up (closed form: instant)."""
    goal = target_value(level)
    if goal is None:
        return None
    # half the stable rate itself, not the level's own (too-hot's η = 0.5 blew up, and the
    # HUD said raw x needs "> 20,000" steps at ½ stable η where it needs 6)
    first = start(level, scaled, max_stable_rate(level, scaled) / 2 if rate is None else rate)
    return first_step_reaching(first.problem, first.here.m, first.here.b, goal, cap)


def rates(level: Level, scaled: bool) -> list[float]:
    """The learning rates the keys can choose from the start (or the fixed one), least first."""
    first = start(level, scaled).learning_rate
    return [first] if spec(level).lock_rate else [first * 1.25**k for k in range(-30, 31)]


def reachable(level: Level) -> bool:
    """Whether some rate the keys can choose (or the fixed one) beats the target in budget."""
    cap = spec(level).max_steps
    return any(
        steps_needed(level, scaled, rate, cap=cap) is not None
        for scaled in (False, True)
        for rate in rates(level, scaled)
    )


@per_level
def fastest(level: Level, scaled: bool) -> tuple[float, int] | None:
    """The rate the keys can choose that beats the target in the fewest steps within the
    budget, and those steps (the least such rate on a tie); None where none does."""
    cap = spec(level).max_steps
    needed = ((steps_needed(level, scaled, rate, cap=cap), rate) for rate in rates(level, scaled))
    found = [(n, rate) for n, rate in needed if n is not None]
    if not found:
        return None
    steps, rate = min(found)
    return rate, steps


class DescentRules(LineRules):
    """Gradient descent walks the line down the MSE bowl; the keys choose its rate."""

    def key_problems(self, level: Level) -> list[str]:
        return []  # the keys change the rate, not the line

    def reach_problems(self, level: Level, goal: float) -> list[str]:
        """Some rate the keys can choose must beat the target within the step budget."""
        if reachable(level):
            return []
        name = level.spec.target.metric.upper()
        return [f"target: {name} ≤ {num(goal)} can't be reached within descent.max_steps"]


DESCENT = DescentRules()
