"""Descent on x far from zero for its spread: the bowl is nearly flat one way, never a crash."""

from __future__ import annotations

import numpy as np

from dartfit.core import make_problem, optimality_gap, start_state


def test_the_gap_to_the_best_line_is_finite_when_the_hessian_is_singular_in_float64() -> None:
    x = 1e9 + np.array([0.0, 1.0, 2.0, 4.0])  # mean x² − (mean x)² is lost: H is singular
    problem = make_problem(x, 2 * x + 1)
    gap = optimality_gap(problem, start_state(problem, 0.0, 0.0))
    assert np.isfinite(gap) and gap >= 0
