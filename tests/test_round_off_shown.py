"""Round-off in a fitted line reads 0, judged against the data's scale (issue 10, "round-off
shown as 0"): the best line of (1, 2), (2, 1), (4, 5) read "m=1.143 b=−1.332e−15" on the
sandbox's HUD and "b = −1.332e−15" on its win panel (an independent check), where b is 0.
Data that are themselves tiny keep their small numbers: one rule (`core.FitScale`) for
every place a fitted line is shown."""

from __future__ import annotations

import io
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit import commands, core
from dartfit.levels import Level, sandbox_level
from dartfit.rules import fit, linear
from dartfit.screens import fit_hud
from dartfit.wording import MINUS, NBSP, mse_formula, shown_value

THREE = (np.array([1.0, 2.0, 4.0]), np.array([2.0, 1.0, 5.0]))
"""The checker's three.csv: its best line is ŷ = (8/7)·x exactly, b worked out −1.332e−15."""


def sandbox(x: np.ndarray, y: np.ndarray) -> Level:
    return fit.playable(sandbox_level(Path("data.csv"), x, y, "x", "y"))


def data_on_a_line(seed: int, power: int, offset: float, m0: float, b0: float):
    """Points whose least-squares line is exactly (m0, b0) times 10**power, but for the
    rounding of storing them: misses that sum to 0 and are uncorrelated with x."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 40))
    x = offset + rng.uniform(0.0, 10.0, n)
    misses = rng.normal(0.0, 1.0, n)
    design = np.column_stack([np.ones(n), x - x.mean()])
    misses -= design @ np.linalg.lstsq(design, misses, rcond=None)[0]
    return x, 10.0**power * (m0 * x + b0 + misses)


def test_the_checkers_three_points_read_b_0_on_the_hud_and_the_win() -> None:
    """The HUD's "m=1.143 b=−1.332e−15" is "m = 1.143, b = 0", written as the win writes a
    line, and the win's "b = −1.332e−15" is "b = 0"."""
    level = sandbox(*THREE)
    assert linear.best_fit(level, "mse") == pytest.approx((8 / 7, 0.0), abs=1e-14)
    # the float's b as a machine had it (the BLAS's; `core.line.dot` now: the same bits)
    best = {"MSE best line": (8 / 7, -1.3322676295501878e-15)}
    state = fit.start(level)
    s = fit.score(level, state)
    steps = linear.steps(level)
    hud = fit_hud.hud_lines(
        level, level, state, s, line=("1", "0"), steps=steps, target=None,
        shows_mae=False, point=None, best=best,
    )  # fmt: skip
    hud = [line.replace(NBSP, " ") for line in hud]
    assert hud[hud.index("MSE best line:") + 1] == "  m = 1.143, b = 0", hud
    said = fit_hud.best_said(level, None, steps, best, True)
    assert said[0].replace(NBSP, " ") == "The MSE best line: m = 1.143, b = 0, MSE 0.8571", said


def test_dartfit_solve_prints_round_off_as_0() -> None:
    """`dartfit solve` printed the exact answer's b as −1.33227e−15."""
    level = sandbox(*THREE)
    out = io.StringIO()
    commands.print_solve(commands.solve(level, "exact", None, None), False, out, level)
    assert "m = 1.14286   b = 0   MSE" in out.getvalue(), out.getvalue()


def test_a_fitted_value_of_round_off_reads_0_in_the_formula() -> None:
    """ŷ = 0.1·3 − 0.3 is 5.55e−17 in floats: the formula read (2.0 − 5.55e−17)²."""
    pred = core.fitted_values([3.0, 1.0], 0.1, -0.3)
    assert pred[0] == 0.0 and pred[1] == pytest.approx(-0.2)
    formula = mse_formula([2.0, 1.0], pred, 1.0, 2, 2)
    assert "(2.0 − 0.0)²" in formula and "e" not in formula.split("=")[1], formula


def shown_line(level: Level) -> tuple[float, float]:
    """The MSE best line as the HUD, the win and `dartfit solve` show it, read back (each
    place showing the same m and b)."""
    found = linear.best_fit(level, "mse")
    slope, height = fit_hud.best_line_shown(level, found)
    said = fit_hud.best_said(level, None, linear.steps(level), {"best": found}, True)[0]
    assert f"m = {slope}, b = {height}, MSE " in said.replace(NBSP, " "), said
    out = io.StringIO()
    commands.print_solve(commands.solve(level, "exact", None, None), False, out, level)
    m_text, b_text = re.search(r"m = (\S+)   b = (\S+)", out.getvalue()).groups()  # type: ignore[union-attr]
    for hud, solve in ((slope, m_text), (height, b_text)):
        assert (shown_value(hud) == 0) == (shown_value(solve) == 0), (hud, solve)
    return shown_value(slope), shown_value(height)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    power=st.integers(-40, 40),
    offset=st.sampled_from([0.0, 3.0, -50.0, 1e3, 1e6]),
    m0=st.sampled_from([0.0, 1.0, -2.5, 8 / 7, 1e3]),
)
def test_a_best_line_through_the_origin_reads_b_0_at_every_scale(
    seed: int, power: int, offset: float, m0: float
) -> None:
    """Data whose best line has b = 0 (and, for a flat cloud, m = 0) show 0, not the float's
    round-off, at every scale from 1e−40 to 1e40 and every offset of x."""
    x, y = data_on_a_line(seed, power, offset, m0, 0.0)
    m, b = shown_line(sandbox(x, y))
    assert b == 0
    if m0 == 0:
        assert m == 0
    else:
        assert m == pytest.approx(m0 * 10.0**power, rel=1e-3)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    power=st.integers(-40, 40),
    offset=st.sampled_from([0.0, 3.0, -50.0, 1e3, 1e6]),
    share=st.sampled_from([0.5, -1e-3, 1e-6, -1e-10]),
)
def test_a_small_real_intercept_keeps_its_digits_at_every_scale(
    seed: int, power: int, offset: float, share: float
) -> None:
    """A b that is small but no round-off keeps its digits, its sign the minus sign: a
    ten-billionth of the size b is worked out from (|y| and |m·x|, times the spreads x̄
    lies from 0) and more, at every scale (y near 1e−7 as near 1e7)."""
    x, y = data_on_a_line(seed, power, offset, 1.0, 0.0)
    size = (np.max(np.abs(y)) + 10.0**power * np.max(np.abs(x))) * (
        1 + np.max(np.abs(x)) / np.std(x)
    )
    b0 = share * size
    level = sandbox(x, y + b0)
    _, b = shown_line(level)
    assert b == pytest.approx(b0, rel=1e-3)
    height = fit_hud.best_line_shown(level, linear.best_fit(level, "mse"))[1]
    assert height.startswith(MINUS) == (b0 < 0) and "-" not in height, height


def test_the_rule_is_relative_to_the_data() -> None:
    """b = 1e−15 is round-off beside y of 1 to 5, and the whole of b beside y of 1e−14."""
    big, tiny = core.FitScale.of(*THREE), core.FitScale.of(THREE[0], THREE[1] * 1e-14)
    assert big.line(1.0, 1e-15) == (1.0, 0.0)
    assert tiny.line(1e-14, 1e-15) == (1e-14, 1e-15)


def test_dartfit_solve_on_a_level_file_prints_b_0(write_level, capsys) -> None:
    """From the command line, on a level file of the checker's three points."""
    from dartfit.cli import main
    from tests.conftest import GOOD_LINE

    text = GOOD_LINE.replace("[0.0, 1.0, 2.0, 3.0]", "[1.0, 2.0, 4.0]")
    path = write_level(text.replace("[1.0, 3.0, 5.5, 6.5]", "[2.0, 1.0, 5.0]"))
    assert main(["solve", str(path)]) == 0
    assert "m = 1.14286   b = 0   MSE = 0.857143" in capsys.readouterr().out


def test_the_best_line_is_the_same_bits_on_every_machine() -> None:
    """The best line's sums are numpy's own pairwise sums, not the BLAS's `np.dot`, whose
    kernel is the CPU's: on a machine with AVX-512 the three points' b came out 0.0 (on
    others −1.332e−15), and points on a line near 6e9 had an MSE at their best line over the
    round-off bound tuned on another machine (`test_round_off_mse`)."""
    assert core.best_line(*THREE) == (1.1428571428571432, -1.3322676295501878e-15)
    rng = np.random.default_rng(5)
    a, b = rng.normal(size=200_000), rng.normal(size=200_000)
    pairwise = math.fsum(
        float(np.sum(a[i : i + 65536] * b[i : i + 65536])) for i in range(0, a.size, 65536)
    )
    assert core.line.dot(a, b) == pairwise
    assert core.line.dot(a, b) == pytest.approx(math.fsum(a * b), rel=1e-13)
