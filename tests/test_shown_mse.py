"""Every MSE shown beside a line is the MSE of that line as shown: what numpy gives for the
m and b on screen, to within rounding of its last digit. The auto-solver's status and the
bowl's HUD showed the MSE of the line itself, and m and b to where theirs was within half a
digit of it: the two halves made up to 0.97 of a digit (a two-point CSV, data near
y = 1e15)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from dartfit.levels import find_level, load_levels
from dartfit.levels.sandbox import sandbox_level
from dartfit.rules import bowl, fit, linear, solver
from dartfit.screens import fit_hud
from dartfit.screens.solver import SolverScreen
from dartfit.wording import shown_value, steady
from tests.conftest import SHIPPED

LEVELS = load_levels(SHIPPED)

DATA = {
    "two points": ([1.0, 2.0], [3.0, 5.0]),
    "near 1e15": ([0.0, 1.0, 2.0, 3.0], [1e15, 1e15 + 1, 1e15 + 3, 1e15 + 2]),
    "tiny spread": ([1.0, 1.5, 2.0, 2.5, 3.0], [1e-9, 3e-9, 2e-9, 5e-9, 4e-9]),
}

NUMBERS = re.compile(r"ŷ = \u2007*(\S+)·x ([+−]) \u2007*(\S+)\s+best \S+   MSE (\S+)")  # widths


def digits_off(shown: str, value: float) -> float:
    """How far `value` is from the number `shown`, in units of its last digit."""
    mantissa, _, exponent = shown.replace("−", "-").partition("e")
    places = len(mantissa.partition(".")[2])
    unit = 10.0 ** (int(exponent or 0) - places)
    return abs(value - shown_value(shown)) / unit


def solver_level(name: str):
    if name in DATA:
        x, y = DATA[name]
        return sandbox_level(Path(f"{name}.csv"), np.array(x), np.array(y), "x", "y")
    return find_level(LEVELS, name)


@pytest.mark.parametrize("method", ["gd", "momentum", "adam"])
@pytest.mark.parametrize("name", [*DATA, "crickets", "first-line"])
def test_the_solver_shows_the_mse_of_the_line_it_shows(name, method) -> None:
    level = solver_level(name)
    x, y = np.asarray(level.x, dtype=float), np.asarray(level.y, dtype=float)
    screen = SolverScreen(level)
    state = screen._first
    while state.method != method:
        state = solver.next_method(state)
    worst = 0.0
    for k in range(700):
        text = screen._status_text(state, True, 1)
        found = NUMBERS.search(text)
        assert found, text
        m = shown_value(found[1])
        b = shown_value(found[3]) * (1 if found[2] == "+" else -1)
        mse = float(np.mean((y - (m * x + b)) ** 2))
        worst = max(worst, digits_off(found[4], mse))
        if state.finished:
            break
        state = solver.advance(state, 1 if k < 400 else 25)
    assert worst <= 0.5 + 1e-6, worst


DESCENT = [lv for lv in LEVELS if lv.spec.kind == "descent"]


@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("level", DESCENT, ids=lambda lv: lv.id)
def test_the_bowl_shows_the_mse_of_the_line_it_shows(level, scaled) -> None:
    x, y = bowl.xs(level, scaled), np.asarray(level.y, dtype=float)
    worst = 0.0
    for rate in (None, 0.9 * bowl.max_stable_rate(level, scaled)):
        state = bowl.start(level, scaled, rate)
        planned = bowl.walk_decimals(level, state)
        for _ in range(bowl.spec(level).max_steps + 1):
            shown = bowl.shown_line(state, state.here.m, state.here.b, planned)
            m, b = map(shown_value, shown)
            text = steady(bowl.shown_mse(state, shown))
            worst = max(worst, digits_off(text, float(np.mean((y - (m * x + b)) ** 2))))
            state = bowl.step(level, state)
    assert worst <= 0.5 + 1e-6, worst


def test_on_an_exact_fit_the_status_reads_one_story() -> None:
    """The MSE of the line as shown read 0 (round-off) beside a best of 1.6e−31 and a gap of
    1e−29 (a review): the best is round-off too, and a gap reads 0 where they read alike."""
    rng = np.random.default_rng(1)
    said = []
    for _ in range(15):
        x = np.round(rng.uniform(0, 10, 6), 3)
        m, b = 0.1 * rng.integers(1, 30), 0.1 * rng.integers(1, 30)
        level = sandbox_level(Path("exact.csv"), x, m * x + b, "x", "y")
        for start in [(m, b), (m, b + 3e-15)]:
            screen = SolverScreen(level, start)
            text = screen._status_text(screen._first, False, 1)
            line = next(row for row in text.splitlines() if "best" in row)
            mse, best = re.search(r"MSE (\S+)", line)[1], re.search(r"best (\S+)", line)[1]  # type: ignore[index]
            gap = re.search(r"gap (\S+)", line)
            if mse == best:
                said.append(line)
                assert gap is None or gap[1] == "0", line
            assert mse != "0" or best == "0", line
    assert said, "no run started at its best line"


def test_a_small_csv_shows_m_and_b_to_their_steps_not_to_their_last_bit() -> None:
    """Four rows of whole numbers put the MSE of lattice lines on a rounding edge (7.8505,
    read 7.851 or 7.850 by its last bit): m and b asked for every digit, and a third of
    such CSVs opened on "m = −0.3600000000000003 b = 7.750000000000000". The line as
    shown keeps the MSE shown beside it, to within round-off of numpy's."""
    rng = np.random.default_rng(1)
    x = np.arange(1.0, 5.0)
    for _ in range(30):
        y = np.round(2 * x + 1 + rng.normal(0, 2, x.size))
        level = fit.playable(sandbox_level(Path("four.csv"), x, y, "x", "y"))
        assert max(fit.shown_decimals(level)) <= 4, y
        steps, least = linear.steps(level), fit.shown_decimals(level)
        state = fit.start(level)
        for tilt, lift in [(1, 0), (0, 1), (10, 0), (0, -10), (-1, -1)] * 6:
            state = fit.nudge(level, state, tilt, lift)
            shown, least = fit_hud.line_shown(level, state, steps, least)
            assert max(least) <= 4, (y, shown)
            m, b = map(shown_value, shown)
            as_shown = float(np.mean((y - (m * x + b)) ** 2))
            true = float(np.mean((y - (state.m * x + state.b)) ** 2))
            assert steady(as_shown) == steady(true) or abs(as_shown - true) <= 1e-9 * true
