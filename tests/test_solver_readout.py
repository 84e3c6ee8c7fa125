"""The auto-solver's readout as a student reads it (issue 10): m and b to one number of
decimals and a few significant figures, the MSE and its gap in one form for a whole run."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dartfit.levels import find_level, load_levels
from dartfit.pictures.solver import SolverCharts
from dartfit.pictures.solver_status import SIGNIFICANT, plan_run, readout, shown_mse, status_text
from dartfit.rules import solver
from dartfit.wording import decimals_of, significant_digits
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
    found = re.search(r"ŷ = (\S+)·x [+−] (\S+)   MSE (\S+) +best \S+(?:   gap (\S+))?", line)
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


def test_a_run_that_blows_up_shows_its_mse_and_gap_in_one_form_from_its_first_frame() -> None:
    """A run read MSE 91,926.67, then MSE 5.428134e9 beside "gap 5.4e9": the MSE of a run that
    will pass 1e7 is in e-notation from its first frame, its gap too; one that stays
    below, in plain digits to its end."""
    first, charts = first_run("first-line", doublings=2)
    plan = plan_run(first, charts.decimals, charts.best, 200)
    assert plan.exponent
    state, forms = first, set()
    while not state.finished:
        text = status_text(state, False, 1, charts.best[2], charts.decimals, plan.exponent)
        _, _, mse, gap = numbers(text)
        forms.add(("e" in mse, "e" in gap or gap in ("", "0")))
        state = solver.step(state)
    assert forms == {(True, True)}, forms
    calm, _ = first_run("first-line")
    assert not plan_run(calm, charts.decimals, charts.best, 200).exponent


def test_the_best_mse_reads_alike_in_every_run_whatever_the_mses_form() -> None:
    """The best, which no run changes, read "best 0.6872764" in one run and "best
    6.872764e−1" in the next, one whose MSE passes 1e7 (a player's check: the same number
    in two forms). It keeps its own form, on the numbers' line, in "Converged …: MSE … vs
    best …" and in the room the status keeps, while the MSE takes its run's."""
    seen = set()
    for doublings, exponent in ((2, True), (0, False)):
        first, charts = first_run("first-line", doublings=doublings)
        plan = plan_run(first, charts.decimals, charts.best, 200)
        assert plan.exponent is exponent
        state = first
        while True:
            text = status_text(state, False, 1, charts.best[2], charts.decimals, plan.exponent)
            line = text.split("\n")[1]
            mse, best = re.search(r"MSE (\S+) +best (\S+)", line).groups()
            assert ("e" in mse) is exponent, line
            seen.add(best)
            said = re.search(r"MSE (\S+) vs best (\S+)", text)
            if said:
                seen.add(said[2])
            if state.finished:
                break
            state = solver.step(state)
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
            text = status_text(
                state, True, 1, charts.best[2], charts.decimals, plan.exponent, plan.widths
            )
            equation = text.split("\n")[1].split("   MSE")[0].rstrip()
            assert re.fullmatch(r"ŷ = \S+·x [+−] \S+", equation), equation
            state = solver.step(state)


YEARS = (np.arange(1990.0, 2021.0), 14.0 + 0.02 * np.arange(31.0))  # a year's mean temperature
FAR = (np.array([-1e50, 1e50, 0.0, 5.0]), np.array([1e50, 1e50, -1e50, 7.0]))


@pytest.mark.parametrize(
    ("data", "m", "b", "m_reads"),
    [
        (FAR, 0.8, 2.4e50, "0.800000"),
        (YEARS, 0.8, 2.4e7, "0.800000"),
        (YEARS, -3.2e-5, 1.5e7, "−0.0000320000"),
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
