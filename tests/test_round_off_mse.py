"""An MSE that is round-off reads 0, beside a line read to its keys' steps: points on one
line (y = 2x + 1), nudged onto it by keys that turn the line about x̄, left it at
b = 0.999999999999998; the HUD read "MSE = 3.155e−30", "MAE = 1.776e−15" and b to fifteen
decimals (which the MSE as shown asked for), the win "Your MSE: 3.155e−30 best possible: 0",
and the auto-solver "ŷ = 2.000000000·x + 0.999999999999998   MSE 3.155444e−30   best 0"."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dartfit.levels.sandbox import sandbox_level
from dartfit.rules import fit, linear
from dartfit.screens.solver import SolverScreen
from dartfit.wording import line_numbers, steady

X = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
OFF = 0.999999999999998  # where the keys put b: 1 to within rounding


def exact_level():
    return sandbox_level(Path("exact.csv"), X, 2 * X + 1, "x", "y")


def test_a_line_through_every_point_to_within_rounding_reads_mse_0() -> None:
    level = exact_level()
    assert 0 < float(np.mean((2 * X + 1 - (2.0 * X + OFF)) ** 2)) < 1e-28  # numpy's own
    state = fit.FitState(2.0, OFF)
    s = fit.score(level, state)
    assert (s.mse, s.mae, s.sse, s.value) == (0.0, 0.0, 0.0, 0.0)
    assert steady(s.mse) == "0"
    steps = linear.steps(level)
    shown = line_numbers(state.m, state.b, fit.partial_mse(level), 4, (steps.m, steps.b))
    assert [float(v) for v in shown] == [2.0, 1.0], shown
    assert all(len(v) <= 4 for v in shown), shown  # to the keys' steps: 2.00 and 1.0


def test_the_auto_solver_from_that_line_reads_mse_0_and_b_1() -> None:
    screen = SolverScreen(exact_level(), (2.0, OFF))
    status = screen._status_text(screen._first, False, 1)
    assert "0.99999" not in status and "e−30" not in status, status
    assert "MSE 0 " in status and "gap 0" in status, status


@pytest.mark.parametrize("b", [1.001, 1.1, 3.0])
def test_a_line_off_the_points_keeps_its_mse(b) -> None:
    level = exact_level()
    state = fit.FitState(2.0, b)
    expected = float(np.mean((2 * X + 1 - (2.0 * X + b)) ** 2))
    assert fit.score(level, state).mse == pytest.approx(expected, rel=1e-12)
    assert linear.line_mse(level, 2.0, b) == pytest.approx(expected, rel=1e-12)


def test_data_whose_spread_is_at_float_precision_keeps_its_mse() -> None:
    """y near 1e15 differ by 1 to 3: the best line's MSE, 0.45, is the data's, though
    rounding a miss of numbers that large is 0.1 (the solver's convergence floor passes it)."""
    x, y = np.array([0.0, 1.0, 2.0, 3.0]), np.array([1e15, 1e15 + 1, 1e15 + 3, 1e15 + 2])
    level = sandbox_level(Path("near.csv"), x, y, "x", "y")
    for m, b in (np.polyfit(x, y, 1), linear.best_fit(level)):
        # numpy's polyfit and the game's own best line: each evaluates to 0.43 here, under
        # the 0.44 a rounding and a half of each miss's terms would allow, and read "MSE = 0"
        expected = float(np.mean((y - (m * x + b)) ** 2))
        assert expected > 0.1
        assert fit.score(level, fit.FitState(float(m), float(b))).mse == expected


def test_points_stored_from_a_line_read_numpys_mse_at_their_best_line() -> None:
    """Whatever their size and slope, points worked out from a line (so off it by their own
    rounding alone) are round-off at the best line: their spread is the storing's, not
    theirs. Their MSE there reads 0 where 0 agrees with numpy's (to 1e-12), and numpy's
    where it does not: near 2e19 a stored point is off its line by up to 2,048, and the MSE
    of 4,194,304 had read 0 (so had an MSE of 150.5 on data near 1e16 of a spread of its own,
    an independent check: `test_shown_losses_agree_with_numpy`)."""
    rng = np.random.default_rng(2)
    zeros = 0
    for _ in range(400):
        size, shift = 10 ** rng.uniform(-6, 12), 10 ** rng.uniform(-6, 15) * rng.choice([-1, 1])
        far = size * rng.uniform(-1, 1) * rng.choice([0, 10, 1000])
        x = np.round(rng.uniform(-1, 1, int(rng.integers(3, 60))) * size + far, 3)
        slope = float(np.round(rng.normal() * 10 ** rng.uniform(-3, 6), 3))
        if np.ptp(x) == 0:
            continue
        y = slope * x + shift
        level = sandbox_level(Path("on-a-line.csv"), x, y, "x", "y")
        m, b = linear.best_fit(level)
        numpy = float(np.mean((y - (m * x + b)) ** 2))
        assert numpy <= linear.round_off_mse(level), (x, y)
        shown = linear.line_mse(level, m, b)
        assert shown == (0.0 if numpy <= 1e-12 else numpy), (x, y)
        zeros += shown == 0.0
    assert zeros >= 100


def test_an_mse_is_round_off_by_the_numbers_size_not_their_spread() -> None:
    """A hostile pass: y of ±1e9 with misses of 0.4 (numbers good to 1e-7 in float64). A
    billionth of the spread of y (0.3 as an MSE) read the best MSE, 0.15, as 0: the level's
    target became "MSE ≤ 0", which no line meets, and `check` passed it. Now it reads as
    numpy's; and points on a line near 1e6 of a tiny spread, met to rounding, read 0 (their
    MSE had read 4e−20)."""
    rng = np.random.default_rng(7)
    x = np.round(rng.uniform(-1e9, 1e9, 100), 2)
    y = np.round(0.9 * x + 1e8 + rng.normal(0, 0.4, 100), 2)
    level = sandbox_level(Path("big.csv"), x, y, "x", "y")
    m, b = np.polyfit(x, y, 1)
    expected = float(np.mean((y - (m * x + b)) ** 2))
    assert 0.05 < expected < 0.3
    assert linear.line_mse(level, float(m), float(b)) == pytest.approx(expected, rel=1e-6)
    from dartfit.rules import scoring

    assert scoring.optimum(level) == pytest.approx(expected, rel=1e-6)
    assert scoring.target_value(level) >= expected  # a target a line can meet
    screen = SolverScreen(level, (0.0, 0.0))
    assert "best 0 " not in screen._status_text(screen._first, False, 1)

    x = np.linspace(0.0, 1.0, 9)
    y = 1e6 + 1e-3 * x
    near = sandbox_level(Path("near-1e6.csv"), x, y, "x", "y")
    assert linear.line_mse(near, *linear.best_fit(near)) == 0.0
    assert linear.line_mse(near, 1e-3, 1e6 + 1e-6) > 0  # a miss of 1e-6 is no round-off


def test_the_round_off_of_a_million_points_needs_one_array_besides_them() -> None:
    """The million-point level works its round-off out as it opens: each of its two parts
    held three arrays of the points' length at once (1.5 × the points' size), two more than
    they need. Worked in one array, it is still the formula's, to the last bit."""
    import tracemalloc

    from dartfit.core.line import ROUND_OFF_ULPS, best_line, round_off_mse

    x = np.linspace(0, 50, 1_000_000)
    y = 0.8 * x + 5 + np.random.default_rng(1).standard_normal(x.size)
    m, b = best_line(x, y)
    tracemalloc.start()
    try:
        value = round_off_mse(x, y, (m, b))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert value == 0.0  # noisy points: off their line
    assert peak <= 0.6 * (x.nbytes + y.nbytes)
    on = np.linspace(-3, 7, 1_001)  # points on a line: the floor itself, as the formula has it
    m, b = best_line(on, 2 * on + 1)
    e = (
        ROUND_OFF_ULPS
        * np.finfo(np.float64).eps
        * (np.abs(2 * on + 1) + abs(m) * np.abs(on) + abs(b))
    )
    assert round_off_mse(on, 2 * on + 1) == float(np.mean(e * e)) > 0


@pytest.mark.parametrize("n", [1, 2, 3, 129, 70_000])
@pytest.mark.parametrize("scale", [1e-300, 1e-5, 1.0, 1e8, 1e300])
def test_the_variance_in_place_is_numpys_to_the_last_bit(n: int, scale: float) -> None:
    from dartfit.core.line import variance_in_place

    values = np.random.default_rng(n).normal(3 * scale, scale, n)
    with np.errstate(over="ignore", invalid="ignore"):
        want = float(np.var(values))
        got = variance_in_place(values.copy())
    assert got == want or (np.isnan(got) and np.isnan(want))
