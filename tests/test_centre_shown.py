"""The sandbox's centre (x̄, ȳ) reads apart from its data's values (issue 10): on x = 1e15 +
up to 4e10, the HUD read "(x̄, ȳ) = (1.000e15, 5.000e15)" beside an axis labelled 0 … 3e10
+1e15, a centre that told nothing of where it is (an independent check)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dartfit.levels import sandbox_level
from dartfit.rules import fit, linear
from dartfit.screens import fit_hud
from dartfit.wording import NBSP, num, shown_value

RNG = np.random.default_rng(4)


@pytest.mark.parametrize(
    ("x", "y"),
    [
        (1e15 + np.sort(RNG.uniform(0, 4e10, 15)), 5e15 + RNG.normal(0, 1e12, 15)),
        (np.arange(1990.0, 2021.0), 300 + RNG.normal(0, 5, 31)),
        (1e9 + RNG.uniform(0, 3, 20), -7e-3 + RNG.normal(0, 1e-9, 20)),
        (np.array([1.0, 2.0, 4.0]), np.array([2.0, 1.0, 5.0])),
    ],
)
def test_the_centre_reads_apart_from_the_datas_ends(x: np.ndarray, y: np.ndarray) -> None:
    """x̄ and ȳ each read differently from the least and the greatest of their data, and as
    the values they are, to the digits shown; short data keep four digits."""
    level = fit.playable(sandbox_level(Path("data.csv"), x, y, "x", "y"))
    shown = fit_hud.centre_shown(level)
    for text, centre, data in zip(shown, linear.mean_point(level), (x, y), strict=True):
        digits = fit_hud.centre_digits(centre, data)
        assert shown_value(text) == pytest.approx(centre, rel=10.0 ** (1 - digits)), text
        for end in (data.min(), data.max()):
            assert text != num(end, digits), (text, end)
    if x.size == 3:
        assert shown == ("2.333", "2.667")
    hud = fit_hud.hud_lines(
        level, level, fit.start(level), fit.score(level, fit.start(level)),
        line=("1", "0"), steps=linear.steps(level), target=None, shows_mae=False,
        point=None, best=None,
    )  # fmt: skip
    assert f"(x̄, ȳ) = ({shown[0]}, {shown[1]})" in [row.replace(NBSP, " ") for row in hud]


def test_a_years_centre_is_not_grouped_for_a_large_mean_of_y() -> None:
    """x̄ and ȳ are two quantities, each grouped as its own: the sandbox on years and prices
    read "(x̄, ȳ) = (2,005, 18,348)", a year grouped for the ȳ beside it."""
    x = np.arange(1990.0, 2021.0)
    level = fit.playable(sandbox_level(Path("data.csv"), x, 18_000 + 23 * (x - 1990), "x", "y"))
    assert fit_hud.centre_shown(level) == ("2005", "18,345")
