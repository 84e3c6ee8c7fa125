"""The auto-solver's readout as a student reads it (issue 10): m and b to one number of
decimals and a few significant figures, the MSE and its gap in the form each needs, and
nothing moved nor spaced out before it is needed."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from dartfit.kinds import kind_of
from dartfit.levels import find_level, load_levels
from dartfit.pictures.solver import SolverCharts
from dartfit.pictures.solver_status import (
    MSE_E_FROM,
    SIGNIFICANT,
    plan_run,
    readout,
    shown_mse,
    status_text,
)
from dartfit.rules import solver
from dartfit.screens.solver import SolverScreen
from dartfit.wording import decimals_of, shown_value, significant_digits
from tests.conftest import SHIPPED

LEVELS = load_levels(SHIPPED)


def first_run(name: str, doublings: int = 0):
    level = find_level(LEVELS, name)
    first = solver.start(level.x, level.y, 0.0, 0.0)
    charts = SolverCharts.of(level.x, level.y, first)
    for _ in range(doublings):
        first = solver.with_rate(first, 2.0)
    return first, charts


def numbers(text: str) -> tuple[str, str, str, str]:
    """m, b, the MSE and the gap ("" if none) of a status's numbers line."""
    line = text.split("\n")[1]
    found = re.search(r"ŷ = (\S+)·x [+−] (\S+) +best \S+   MSE (\S+)(?:   gap (\S+))?", line)
    assert found, line
    m, b, mse, gap = found.groups()
    return m, b, mse, gap or ""


@pytest.mark.parametrize("name", ["first-line", "steep", "anscombe", "crickets"])
def test_the_start_line_reads_zero_to_a_few_decimals_alike(name: str) -> None:
    """The run from ŷ = 0 read 0.00000000·x + 0.00000000: eight decimals of zero."""
    first, charts = first_run(name)
    m, b = readout(first, charts.decimals)
    assert decimals_of(m) == decimals_of(b) and decimals_of(m)[0] <= SIGNIFICANT - 1, (m, b)


def test_a_blown_up_line_reads_m_and_b_to_the_same_figures() -> None:
    """After a blow-up the line read ŷ = −13,429.37697·x − 2,064.746756: ten figures each,
    to different decimals. Each frame's m and b share their decimals, the larger of them
    to SIGNIFICANT figures."""
    first, charts = first_run("first-line", doublings=2)
    state, seen = first, []
    while not state.finished:
        m, b = readout(state, charts.decimals)
        if "e" not in m + b:
            seen.append((m, b))
            assert decimals_of(m) == decimals_of(b), (state.steps, m, b)
            assert max(significant_digits(m), significant_digits(b)) <= SIGNIFICANT, (m, b)
        state = solver.step(state)
    assert len(seen) > 5, seen


def test_the_mse_and_its_gap_change_form_only_where_the_mse_needs_it() -> None:
    """A run that would pass 1e7 read "MSE 1.268486e2" from its first frame, so a rate key
    alone, before a step, turned "MSE 126.8486" into it. The MSE is in e-notation from
    MSE_E_FROM on, as `seven` writes it (and `num`, the goal's best MSE), and a large gap
    beside it in its form (not "gap 5.4e9" beside "MSE 91,926.67")."""
    first, charts = first_run("first-line", doublings=2)
    state, forms = first, set()
    while not state.finished:
        text = status_text(state, False, 1, charts.best[2], charts.decimals)
        _, _, mse, gap = numbers(text)
        assert ("e" in mse) is (shown_value(mse) >= MSE_E_FROM), text
        if gap not in ("", "0") and shown_value(gap) >= 10:
            assert ("e" in gap) is ("e" in mse), text
        forms.add("e" in mse)
        state = solver.step(state)
    assert forms == {False, True}, forms


def sandbox_years():
    """A sandbox on years (x from 1990 to 2020, y about −821 + 0.6·x)."""
    from dartfit.levels.sandbox import sandbox_level

    x, y = YEARS_DATA
    return sandbox_level(Path("years.csv"), x, y, "year", "value")


YEARS_DATA = (
    np.arange(1990.0, 2021.0),
    0.6 * np.arange(1990.0, 2021.0) - 821 + np.sin(np.arange(31)),
)
SOLVER_LEVELS = [
    level.spec.id
    for level in LEVELS
    if kind_of(level.spec).solver and level.spec.model.shape == "line"
]


def solver_on(name: str) -> SolverScreen:
    return SolverScreen(sandbox_years() if name == "years" else find_level(LEVELS, name))


def numbers_row(screen: SolverScreen, state: solver.SolverState) -> str:
    """The status's numbers line as the screen writes it (m, b, the MSE, best, the gap)."""
    return screen._status_text(state, False, 5).split("\n")[1]


@pytest.mark.parametrize("name", [*SOLVER_LEVELS, "years"])
def test_a_rate_key_before_a_step_leaves_the_numbers_as_they_read(name: str) -> None:
    """On first-line, η raised past the stable rate before a step turned "MSE 126.8486" into
    "MSE 1.268486e2" and put a space more before "MSE" (the room of the blow-up to come):
    before a step, the numbers read as they did, whatever the rate."""
    screen = solver_on(name)
    state = screen._first
    before = numbers_row(screen, state)
    for factor in (2.0, 2.0, 2.0, 0.5, 0.5, 0.5, 0.5, 0.5):
        state = solver.with_rate(state, factor)
        assert numbers_row(screen, state) == before, (name, state.learning_rate)


@pytest.mark.parametrize("name", [*SOLVER_LEVELS, "years"])
def test_a_settling_run_writes_its_numbers_three_spaces_apart(name: str) -> None:
    """On years, "MSE 62.64532    best": four spaces where the status writes three, the MSE
    padded to the width it would reach (0.6526698). Numbers take the room they need as they
    reach it, so a run that settles reads three spaces between its fields in every frame."""
    for factor in (1.0, 0.5):
        screen = solver_on(name)
        state = screen._first if factor == 1.0 else solver.with_rate(screen._first, factor)
        while True:
            row = numbers_row(screen, state)
            assert not re.search(r"\S {4,}\S", row), (name, factor, state.steps, row)
            if state.finished or state.steps >= 1500:
                break
            state = solver.advance(state, 5 if state.steps < 200 else 50)


FAR_FROM_ZERO = {  # data a class brings: x far from 0, so m takes more decimals than b
    "years": YEARS_DATA,
    "heights": (150 + 40 * np.sin(np.arange(40.0)) ** 2, 60 + 0.3 * np.arange(40.0)),
    "years of prices": (np.arange(1990.0, 2023.0), 10 + 0.7 * np.arange(33.0)),
}


@pytest.mark.parametrize("name", [*FAR_FROM_ZERO, *SOLVER_LEVELS])
def test_m_and_b_each_show_at_most_seven_significant_digits(name: str) -> None:
    """On years the line read "ŷ = 0.6000234·x − 1173.5956261": b to the decimals m needs
    for the line as shown to have the best line's MSE, eleven digits. Each takes the
    decimals it needs, so neither shows more than seven, as the MSE beside it."""
    from dartfit.levels.sandbox import sandbox_level

    if name in FAR_FROM_ZERO:
        x, y = FAR_FROM_ZERO[name]
        level = sandbox_level(Path(f"{name}.csv"), x, y, "x", "y")
    else:
        level = find_level(LEVELS, name)
    best = np.polyfit(level.x, level.y, 1)
    for start in ((0.0, float(np.mean(level.y))), (0.9 * best[0], best[1])):  # a sandbox's
        screen = SolverScreen(level, start)  # first line, and a line near the best
        state = screen._first
        while True:
            m, b = readout(state, screen._decimals)
            most = max(significant_digits(m), significant_digits(b))
            assert most <= 7, (name, start, state.steps, m, b)
            if state.finished or state.steps >= 1500:
                break
            state = solver.advance(state, 5 if state.steps < 200 else 50)


def test_the_best_mse_reads_alike_in_every_run_whatever_the_mses_form() -> None:
    """The best, which no run changes, read "best 0.6872764" in one run and "best
    6.872764e−1" in the next, one whose MSE passes 1e7 (a player's check: the same number
    in two forms). It keeps its own form, on the numbers' line, in "Converged …: MSE … vs
    best …" and in the room the status keeps, while the MSE takes its run's."""
    seen = set()
    for doublings, exponent in ((2, True), (0, False)):
        first, charts = first_run("first-line", doublings=doublings)
        plan = plan_run(first, charts.decimals, charts.best, 200)
        state, forms = first, set()
        while True:
            text = status_text(state, False, 1, charts.best[2], charts.decimals)
            line = text.split("\n")[1]
            best, mse = re.search(r"best (\S+)   MSE (\S+)", line).groups()
            forms.add("e" in mse)
            seen.add(best)
            said = re.search(r"MSE (\S+) vs best (\S+)", text)
            if said:
                seen.add(said[2])
            if state.finished:
                break
            state = solver.step(state)
        assert (True in forms) is exponent, forms
        seen.add(plan.widest.split("best ")[1].split()[0])  # the room the status keeps
    assert seen == {"0.6872764"}, seen


def test_the_line_reads_with_one_space_either_side_of_its_signs() -> None:
    """The readout padded m and b inside the line to the widest of the run: "ŷ =  40,296.2·x
    + 6,196.0" and "0.6004540·x −  821.4043485" (a player's check). The padding is after
    the line, so "MSE" keeps its column (tests/test_steady_widths.py)."""
    for doublings in (0, 2, 3):
        first, charts = first_run("first-line", doublings=doublings)
        plan = plan_run(first, charts.decimals, charts.best, 200)
        state = first
        while not state.finished and state.steps < 60:
            text = status_text(state, True, 1, charts.best[2], charts.decimals, plan.widths)
            equation = text.split("\n")[1].split("   best")[0].rstrip()
            assert re.fullmatch(r"ŷ = \S+·x [+−] \S+", equation), equation
            state = solver.step(state)


YEARS = (np.arange(1990.0, 2021.0), 14.0 + 0.02 * np.arange(31.0))  # a year's mean temperature
FAR = (np.array([-1e50, 1e50, 0.0, 5.0]), np.array([1e50, 1e50, -1e50, 7.0]))


@pytest.mark.parametrize(
    ("data", "m", "b", "m_reads"),
    [
        (FAR, 0.8, 2.4e50, "0.800000"),
        (YEARS, 0.8, 2.4e7, "0.800000"),
        (YEARS, -3.2e-5, 1.5e7, "−3.20000e−5"),  # below FIXED_LEAST: as `num` writes it
    ],
    ids=["far", "years", "years-tiny-slope"],
)
def test_beside_an_intercept_in_e_notation_the_slope_keeps_its_own_figures(
    data: tuple[np.ndarray, np.ndarray], m: float, b: float, m_reads: str
) -> None:
    """Written to b's decimals, m = 0.8 beside b = 2.4e50 read "ŷ = x + 2.3999…e50", its MSE
    that of m = 1: 5.810e100 where numpy gives the line's 5.630e100."""
    state = solver.start(*data, m, b)
    slope, _ = readout(state)
    assert slope == m_reads
    x, y = data
    line = readout(state)
    assert shown_mse(state.problem, line, state.current.mse) == pytest.approx(
        float(np.mean((y - (m * x + b)) ** 2)), rel=1e-9
    )
