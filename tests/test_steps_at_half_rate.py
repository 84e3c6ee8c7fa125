"""The descent HUD's "steps at ½ stable η" are counted at half the stable rate itself, not
at the level's own rate: too-hot starts at η = 0.5, above its stable 0.396, and its HUD
said raw x needs "> 20,000" steps where plain descent at 0.198 needs a handful."""

from __future__ import annotations

import numpy as np
import pytest

from dartfit.levels import Level, load_levels
from dartfit.rules import bowl
from dartfit.rules.scoring import target_value
from tests.conftest import SHIPPED

DESCENTS = [lv for lv in load_levels(SHIPPED) if lv.spec.kind == "descent"]


def steps_by_hand(level: Level, most: int = 20_000) -> int | None:
    """Plain descent on raw x from the level's start at half of 2/λ_max, λ_max the largest
    eigenvalue of the MSE's Hessian, counted to the first step at or under the target."""
    x, y = level.x, level.y
    hessian = 2 * np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    rate = (2 / max(np.linalg.eigvalsh(hessian))) / 2
    start = level.spec.start
    m, b = (start.m, start.b) if start is not None else (0.0, 0.0)
    goal = target_value(level)
    assert goal is not None
    for step in range(1, most + 1):
        e = m * x + b - y
        m, b = m - rate * 2 * np.mean(e * x), b - rate * 2 * np.mean(e)
        if np.mean((m * x + b - y) ** 2) <= goal:
            return step
    return None


@pytest.mark.parametrize("level", DESCENTS, ids=[lv.id for lv in DESCENTS])
def test_steps_at_half_the_stable_rate_are_counted_at_that_rate(level: Level) -> None:
    assert bowl.steps_needed(level, False) == steps_by_hand(level)
