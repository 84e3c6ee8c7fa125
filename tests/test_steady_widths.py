"""In a blow-up, the numbers a HUD shows keep their width from frame to frame: m's minus
sign came and went and b's digits grew (8.18566·x + 1.27838, then −16.3831·x − 2.4804),
so b, "MSE" and "best" after them moved a cell every step, and the bowl's m and b jittered
in their column. The auto-solver's line is padded after it to its widest so far in the run,
and its MSE to its widest so far; the bowl's m and b, each on a row of its own, share one
width that never shrinks in a walk."""

from __future__ import annotations

import pytest

from dartfit.levels import find_level, load_levels
from dartfit.rules import bowl, solver
from dartfit.screens.bowl import BowlScreen
from dartfit.screens.solver import SolverScreen
from dartfit.wording import FIGURE_SPACE
from tests.conftest import SHIPPED

LEVELS = load_levels(SHIPPED)


@pytest.mark.parametrize("name", ["first-line", "crickets", "noisy", "slope"])
@pytest.mark.parametrize("factor", [2.0, 4.0, 8.0])
def test_the_solvers_numbers_never_move_back_a_column_as_a_run_blows_up(name, factor) -> None:
    """They move on only as a number grows (a digit, a minus sign), and then keep that room:
    a minus sign that comes and goes moves nothing."""
    screen = SolverScreen(find_level(LEVELS, name))
    state = solver.with_rate(screen._first, factor)
    columns = []  # where "MSE" and "best" start (after the line and the MSE)
    while True:
        numbers = screen._status_text(state, True, 1).split("\n")[1]
        columns.append(tuple(numbers.index(word) for word in ("MSE", "best")))
        if state.finished or state.steps >= 60:
            break
        state = solver.step(state)
    for column in zip(*columns, strict=True):
        assert list(column) == sorted(column), (name, factor, columns)
    assert len(set(columns)) <= 12, (name, factor, columns)  # a move a digit, not a step


@pytest.mark.parametrize("name", ["too-hot", "scaling", "bowl", "learning-rate"])
@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("factor", [1.0, 4.0])
def test_the_bowls_m_and_b_share_a_width_that_never_shrinks_as_a_walk_blows_up(
    name, scaled, factor
) -> None:
    level = find_level(LEVELS, name)
    screen = BowlScreen(level)
    state = bowl.start(level, scaled)
    if factor != 1.0:
        state = bowl.with_rate(level, state, factor)
    widths = []
    while True:
        hud = screen._hud(state)
        m, b = (line.split(" = ", 1)[1] for line in hud[1:3])
        assert len(m) == len(b), (name, m, b)  # one width for both: their digits line up
        if not widths:  # the first step padded only to line m and b up, not for steps ahead
            assert FIGURE_SPACE not in m or FIGURE_SPACE not in b, (name, m, b)
        widths.append(len(m))
        if state.diverged or state.steps >= bowl.spec(level).max_steps:
            break
        state = bowl.step(level, state)
    assert widths == sorted(widths), (name, widths)  # never narrower in the walk
