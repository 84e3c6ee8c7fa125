"""Descent on the MSE's exact quadratic against descent summed over the points at every step
(`stepping.pointwise`: the path every step took before, the oracle): the same path, step by
step, and the same ending.

Per value (m, b and the MSE at every step, and the step that blew up): 1e-9 relative, or
1e-12 of the value's scale in the data (1e-12 absolute on data of unit size); for an MSE
also what numpy's own sum rounds (`numpy_rounding`), which on a tight fit far from 0 is more
than 1e-9 of it: there numpy's MSE is itself off from the exact one by more than that. The
same number of steps and the same flags, but for two things that rounding alone decides,
each checked where it happens:

- A tie at the convergence test: at the floor of the test (a fit exact to rounding) the gap
  the point-by-point path works out is rounding, up to 2·√(gap·ν) from the true one (ν: what
  rounding makes of the gradient, ROUNDING_SLACK below the floor), about 2% of the floor.
  One path may stop a step before the other, where both gaps are within 5% of the threshold
  (5 of 1,500 random cases, all fits exact to rounding, both gaps within 3%).
- Adam's chaos: at a fixed rate Adam circles the bottom of a long valley (x far from 0 for
  its spread, as galton's) or of data at the scale of 1e12 (where its ε is nothing), and the
  circling grows a difference in the last bit to 1e-9 within a few hundred steps. The point-
  by-point path leaves its own running-sums variant (the same present path, rounded
  otherwise) at the same step as the quadratic's leaves it, within 2%; after that their step
  counts differ as the point-by-point path's own do on the same points in another order
  (galton: 30,502 to 30,781 steps). The quadratic must follow the present path at least 0.9
  times as long as the variant does (79 of 476 random Adam cases).

Outside the data here: x so far from 0 for its spread (x̄²/var x > 1e12, near 1/ε) that H is
singular in float64; its inverse is then not H's, the gap can come out negative, and either
path can stop "converged" far from the best line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dartfit.core.quadratic import Quadratic
from dartfit.core.stats import LineStats
from dartfit.core.stepping import (
    RELATIVE_GAP,
    DescentProblem,
    DescentState,
    Row,
    default_learning_rate,
    make_problem,
    optimality_gap,
    pointwise,
    row_of,
    stable_rate_limit,
    start_state,
    state_of,
)
from dartfit.core.validation import METHODS
from dartfit.core.walking import STEP_CAP, Walk, blow_up_limit, walk
from dartfit.kinds import rules_of
from dartfit.levels import load_levels
from dartfit.rules import bowl, linear
from dartfit.rules.scoring import target_value

SHIPPED = Path(__file__).resolve().parents[2] / "levels"
RELATIVE, SCALED = 1e-9, 1e-12
U = 2.0**-53  # float64's unit roundoff
TIE = 0.05  # a tie at the convergence test: both gaps within 5% of its threshold
FOLLOWS = 0.9  # chaos: the quadratic follows the present path this share as long as itself


@dataclass(frozen=True)
class Run:
    """One walk from a start: the problem it stepped on and where it went."""

    problem: DescentProblem
    first: DescentState
    walk: Walk

    @property
    def rows(self) -> tuple[Row, ...]:
        """The start and every step reached (the one that blew up too, if finite)."""
        return (row_of(self.first), *self.walk.reached.rows)


def walked(problem: DescentProblem, m0: float, b0: float, cap: int, limit: float | None) -> Run:
    first = start_state(problem, m0, b0)
    top = blow_up_limit(problem, first) if limit is None else limit
    return Run(problem, first, walk(problem, first, top, cap))


@dataclass(frozen=True, eq=False)
class Case:
    x: np.ndarray
    y: np.ndarray
    method: str
    rate: float | None
    m0: float
    b0: float

    def runs(self, cap: int, limit: float | None = None) -> tuple[Run, Run]:
        """The walk on the quadratic and on the point-by-point path, from the same start."""
        fast = make_problem(self.x, self.y, self.method, self.rate)
        return walked(fast, self.m0, self.b0, cap, limit), walked(
            pointwise(fast), self.m0, self.b0, cap, limit
        )

    @cached_property
    def x_size(self) -> float:
        return float(np.max(np.abs(self.x)))

    @cached_property
    def floors(self) -> tuple[float, float, float]:
        """1e-12 of m's, b's and the MSE's scale in the data (absolute on data of unit size)."""
        x, y = self.x, self.y
        slope = float(np.std(y) / np.std(x))
        height = float(np.max(np.abs(y))) + slope * self.x_size
        m, b, mse = max(slope, abs(self.m0)), max(height, abs(self.b0)), float(np.var(y))
        return SCALED * (m or 1.0), SCALED * (b or 1.0), SCALED * (mse or 1.0)

    def numpy_rounding(self, m: float, b: float, mse: float) -> float:
        """A bound on how far numpy's mean((y − (m·x + b))²) is from the line's exact MSE:
        each miss is rounded by e ≤ u·(2|m·x| + |b| + |miss|), so the mean of squares by
        2·√MSE·e + e², and the sum by (n + 2)·u·MSE."""
        n = self.x.shape[0]
        e = U * (2 * abs(m) * self.x_size + abs(b) + math.sqrt(n * mse))
        return 2 * math.sqrt(mse) * e + e * e + (n + 2) * U * mse


def disagree(case: Case, a: Row, b: Row, best: Quadratic) -> bool:
    """Whether two rows' m, b or MSE differ by more than rounding explains."""
    m_floor, b_floor, mse_floor = case.floors
    for k, floor in ((0, m_floor), (1, b_floor)):
        if abs(a[k] - b[k]) > max(RELATIVE * max(abs(a[k]), abs(b[k])), floor):
            return True
    mse = max(a[2], b[2])  # finite: a walk reaches finite steps only
    allowed = max(RELATIVE * mse, mse_floor) + 8 * U * mse
    allowed += case.numpy_rounding(a[0], a[1], mse)
    allowed += case.numpy_rounding(best.m, best.b, best.mse)  # the quadratic's MSE*
    return abs(a[2] - b[2]) > allowed


def first_split(case: Case, one: Run, other: Run, best: Quadratic) -> int | None:
    """The first row (0: the start) at which two runs disagree, or None."""
    pairs = zip(one.rows, other.rows, strict=False)
    return next((i for i, (a, b) in enumerate(pairs) if disagree(case, a, b, best)), None)


def gap_share(run: Run, row: Row) -> float:
    """The gap at a state as a share of the convergence test's threshold there (1: on it)."""
    state = state_of(row)
    threshold = RELATIVE_GAP * state.mse + run.problem.gap_floor
    return optimality_gap(run.problem, state) / threshold


def assert_same_walk(case: Case, cap: int, limit: float | None = None) -> tuple[Run, Run]:
    """The quadratic's walk is the point-by-point walk, but for a tie or Adam's chaos."""
    fast, slow = case.runs(cap, limit)
    best = fast.problem.quadratic
    assert best is not None
    split = first_split(case, fast, slow, best)
    f, s = fast.walk, slow.walk
    if split is None:
        assert f.diverged == s.diverged
        assert (f.overshoot is None) == (s.overshoot is None)
        if len(f.steps) != len(s.steps):  # one stopped at the test, a step before the other
            short, long = (fast, slow) if len(f.steps) < len(s.steps) else (slow, fast)
            assert short.walk.converged and not f.diverged, (len(f.steps), len(s.steps))
            at = len(short.walk.steps)  # the row where one passed the test and one did not
            shares = (gap_share(short, short.rows[at]), gap_share(long, long.rows[at]))
            assert all(abs(share - 1) <= TIE for share in shares), shares
        else:
            assert f.converged == s.converged
    else:
        # chaos: the present path leaves its own running-sums variant about as soon
        assert case.method == "adam", (split, fast.rows[split], slow.rows[split])
        sums = replace(slow.problem, stats=LineStats.of(case.x, case.y))
        own = first_split(case, walked(sums, case.m0, case.b0, cap, limit), slow, best)
        assert own is not None and split >= FOLLOWS * own, (split, own)
        assert f.diverged == s.diverged
    # where the quadratic's walk ended, its MSE is numpy's for that line
    m, b, mse = fast.rows[-1][:3]
    if math.isfinite(mse):
        numpy = float(np.mean((m * case.x + b - case.y) ** 2))
        allowed = max(RELATIVE * numpy, case.floors[2]) + 2 * case.numpy_rounding(m, b, numpy)
        assert abs(mse - numpy) <= allowed, (mse, numpy)
    return fast, slow


# -- the shipped levels ------------------------------------------------------------------

COMPARED = 40_000
"""Steps of a shipped level's run compared, at most (`STEP_CAP` is 200,000)."""
LINE_LEVELS = [
    level
    for level in load_levels(SHIPPED)
    if rules_of(level).why_not_solvable(level) is None and level.spec.model.shape == "line"
]


@pytest.mark.long
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("level", LINE_LEVELS, ids=lambda level: level.id)
def test_every_shipped_line_level_descends_the_same_way_on_the_quadratic(level, method) -> None:
    """Step by step to where each stops, or, for the crawls on data far from 0 (galton,
    crickets, scaling: the 200,000-step cap, 1.8 s a run point by point), to COMPARED steps;
    every run that converges does so before (the million points' gd, at 37,810, the last)."""
    case = Case(level.x, level.y, method, None, *linear.start_line(level))
    fast, slow = assert_same_walk(case, COMPARED)
    if (level.id, method) != ("galton", "adam"):  # chaos: see the module's docstring
        assert len(fast.walk.steps) == len(slow.walk.steps)
        assert fast.walk.converged == slow.walk.converged


@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize(
    "level", [lv for lv in LINE_LEVELS if lv.spec.kind == "descent"], ids=lambda lv: lv.id
)
def test_a_walk_to_the_target_on_the_bowl_stops_at_the_same_step(level, scaled) -> None:
    state = bowl.start(level, scaled)
    goal = target_value(level)
    runs = [
        walk(problem, state.here, state.limit, 5_000, until_converged=False, until_mse=goal)
        for problem in (state.problem, pointwise(state.problem))
    ]
    assert len(runs[0].steps) == len(runs[1].steps) and runs[0].steps
    assert runs[0].steps[-1].mse == pytest.approx(runs[1].steps[-1].mse, rel=RELATIVE)


# -- random data: far from 0, tight, exact, at large and small scales, two points -----------

KINDS = ("plain", "far", "tight", "exact", "huge", "tiny")


@st.composite
def cases(draw: st.DrawFn) -> Case:
    """A line's data of one kind, a method at a share of its default rate, and a start."""
    n = draw(st.sampled_from([2, 3, 5, 15, 40]))
    kind = draw(st.sampled_from(KINDS))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rng.uniform(-5.0, 10.0, n)
    if kind == "far":
        x = x + 10.0 ** draw(st.floats(1.0, 5.0))
    slope, height = float(rng.normal(0.0, 3.0)), float(rng.normal(0.0, 10.0))
    noise = {"tight": 1e-7, "exact": 0.0}.get(kind, 1.0)
    y = slope * x + height + rng.normal(0.0, 1.0, n) * noise
    if kind == "huge":
        x, y = x * 1e9, y * 1e12
    if kind == "tiny":
        x, y = x * 1e-9, y * 1e-12
    assume(np.ptp(x) > 0 and float(np.mean(x)) ** 2 <= 1e12 * float(np.var(x)))
    method = draw(st.sampled_from(METHODS))
    shares = [0.3, 1.0, 10.0] if method == "adam" else [0.5, 1.0, 1.5, 3.0]  # 3: past stable
    rate = draw(st.sampled_from(shares)) * default_learning_rate(x, y, method)
    m0 = slope + float(rng.normal(0.0, 5.0)) * float(np.std(y) / np.std(x))
    b0 = float(np.mean(y) - m0 * np.mean(x)) + float(rng.normal(0.0, 5.0)) * float(np.std(y))
    return Case(x, y, method, rate, m0, b0)


@settings(max_examples=150, deadline=None)
@given(case=cases())
def test_random_data_descends_the_same_way_on_the_quadratic(case: Case) -> None:
    assert_same_walk(case, 3_000)


# -- divergence and overflow -------------------------------------------------------------


def noisy_line(n: int = 30, offset: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(4)
    x = rng.uniform(0.0, 10.0, n) + offset
    return x, 2.0 * x + 1.0 + rng.normal(0.0, 1.0, n)


@pytest.mark.parametrize("offset", [0.0, 1e3])
@pytest.mark.parametrize("factor", [1.01, 1.5, 3.0, 1e3, 1e10, 1e100])
@pytest.mark.parametrize("method", ["gd", "momentum"])
def test_a_rate_past_the_stable_one_blows_up_at_the_same_step(method, factor, offset) -> None:
    x, y = noisy_line(offset=offset)
    stable = stable_rate_limit(method, make_problem(x, y, method).largest_curvature)
    assert stable is not None
    fast, slow = assert_same_walk(Case(x, y, method, factor * stable, 0.0, 1.0), STEP_CAP)
    assert fast.walk.diverged and slow.walk.diverged
    assert len(fast.walk.steps) == len(slow.walk.steps)


@pytest.mark.parametrize("rate", [1e150, 1e300])
@pytest.mark.parametrize("method", METHODS)
def test_a_step_past_float64_stops_either_walk_at_the_same_step(method, rate) -> None:
    x, y = noisy_line()
    for limit in (None, math.inf):  # the blow-up limit, and overflow alone
        fast, slow = assert_same_walk(Case(x, y, method, rate, 0.0, 1.0), 50, limit)
        assert len(fast.walk.steps) == len(slow.walk.steps)
        assert (fast.walk.overshoot is None) == (slow.walk.overshoot is None)
        # Adam's steps are η at most: at 1e150 its MSE stays near 1e301, and only the limit
        # calls that blown up
        assert fast.walk.diverged == (limit is None or method != "adam" or rate > 1e154)


# -- the loop's arithmetic is the quadratic's ---------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_every_step_on_the_quadratic_is_its_mse_and_gradient_to_the_bit(method) -> None:
    x, y = noisy_line(offset=50.0)
    problem = make_problem(x, y, method)
    assert problem.quadratic is not None
    run = walk(problem, start_state(problem, 0.0, 1.0), math.inf, 300, until_converged=False)
    for state in run.steps:
        assert (state.mse, state.gradient) == problem.quadratic.at(state.m, state.b)
