"""Numbers read together are grouped in thousands alike: a student's pass found the bowl's
walk (too-hot at 200×50, walking into a divergence) writing −12,634 beside −2670.2 and its
HUD ∂MSE/∂m = +21,071 beside ∂MSE/∂b = +4460, as `num` groups from five digits only. Once
one number of a table, a column or a pair is grouped, each from 1000 on is too."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dartfit.levels import find_level, load_levels
from dartfit.rules import bowl
from dartfit.screens import tables
from dartfit.screens.bowl import BowlScreen, _numbered
from dartfit.wording import alike, column, each_alike, grouped_alike, signed_alike, told_apart
from tests.conftest import SHIPPED

LEVELS = load_levels(SHIPPED)

NUMBER = re.compile(r"(?<![\w.,])[−+]?(\d[\d,]*)(?:\.\d+)?(?![\w,])")
"""A number written out (not in e-notation: 1.116e6's digits are not matched)."""


def ungrouped_beside_grouped(texts: list[str]) -> list[str]:
    """The numbers of `texts` (read together) with four or more whole digits written
    ungrouped where another of them is grouped: none where all are written alike."""
    wholes = [match.group(1) for text in texts for match in NUMBER.finditer(text)]
    if not any("," in whole for whole in wholes):
        return []
    return [whole for whole in wholes if "," not in whole and len(whole) >= 4]


def test_a_column_once_grouped_groups_each_number_from_1000_on() -> None:
    assert column([-12_634.46, -2_670.2, 52.07], 5) == ["−12,634", "−2,670", "52"]
    assert column([2_670.2, 52.07], 5) == ["2670.2", "52.1"]  # none grouped: none is
    assert grouped_alike(["+21,071", "+4460", "0.5", "?"]) == ["+21,071", "+4,460", "0.5", "?"]
    assert signed_alike([21_071.3, 4_460.2], 4) == ["+21,071", "+4,460"]


def diverging_walk(name: str, scaled: bool) -> bowl.BowlState:
    """A walk of the level at four times its rate, to its budget or until it diverges."""
    level = find_level(LEVELS, name)
    state = bowl.with_rate(level, bowl.start(level, scaled), 4.0)
    while not (state.diverged or state.steps >= bowl.spec(level).max_steps):
        state = bowl.step(level, state)
    return state


@pytest.mark.parametrize("name", ["too-hot", "scaling", "learning-rate"])
@pytest.mark.parametrize("scaled", [False, True])
def test_the_walks_table_groups_its_numbers_alike_as_a_walk_blows_up(name, scaled) -> None:
    state = diverging_walk(name, scaled)
    steps = _numbered(state)
    names = BowlScreen._names(state)
    for last in range(1, len(steps) + 1):  # each window the table shows as the walk goes
        for rows in (8, 30):
            shown = tables.walk(steps[:last], names, rows)
            assert ungrouped_beside_grouped(shown) == [], (name, last, shown)


@pytest.mark.parametrize("name", ["too-hot", "scaling", "learning-rate"])
def test_the_bowls_slopes_are_grouped_alike(name) -> None:
    level = find_level(LEVELS, name)
    screen = BowlScreen(level)
    state = bowl.with_rate(level, bowl.start(level, False), 4.0)
    grouped = False
    while not (state.diverged or state.steps >= bowl.spec(level).max_steps):
        text = screen._gradient_text(state)
        grouped |= "," in text
        assert ungrouped_beside_grouped([text]) == [], (name, text)
        state = bowl.step(level, state)
    assert grouped, name  # the walk reached slopes of five digits


def test_a_table_of_misses_groups_its_columns_alike() -> None:
    """y and ŷ in thousands beside a miss of ten thousand: each column, and the table."""
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([2_500.0, 13_000.0, 7.0])
    e = np.array([1_200.0, 11_000.5, -3.0])
    shown = tables.table(x, y, e, rows=5)
    assert ungrouped_beside_grouped(shown) == [], shown


@pytest.mark.parametrize(
    ("value", "target"),
    [(12345.6, 9876.5), (9876.5, 12345.6), (-12345.6, 2000.0), (15000.0, 14999.9), (1500, 2500)],
)
def test_a_score_and_its_target_are_grouped_alike(value: float, target: float) -> None:
    """The HUD's "MSE = 12,346" over "target 9877" (`told_apart`: the two are read one
    against the other) are grouped alike; and still read apart where they differ."""
    shown = told_apart(value, target)
    assert ungrouped_beside_grouped(list(shown)) == [], shown
    assert shown[0] != shown[1]


def test_a_column_of_years_is_not_grouped_for_a_grouped_column_beside_it() -> None:
    """Each column is grouped alike on its own: the whole table grouped as one read an x of
    years as 1,990 beside a y of 15,000 (the sandbox's real data: years 1990–2020)."""
    x = np.array([1990.0, 2000.0, 2010.0, 2020.0])
    y = np.array([15000.0, 16500.0, 18000.0, 21000.0])
    misses = y - (200 * x - 383000)
    columns = tables.Columns(x=True, absolute=False)
    rows = tables.with_foot(x, y, misses, [], 10, None, columns)
    table = "\n".join(rows)
    assert "1990" in table and "1,990" not in table and "15,000" in table, table


def test_a_number_under_10000_stays_out_of_e_notation_beside_one_in_it() -> None:
    """A slope grouped beside its intercept (1,304.4) read 1.3044e3 once written alike with
    an intercept in e-notation: only numbers from 10,000 on go into e-notation."""
    assert alike((1304.4, -2.65e6), ("1,304.4", "−2.650e6")) == ["1,304.4", "−2.650e6"]
    assert each_alike((1266.24, 1237.8824), ("1266.24", "1,237.8824")) == [
        "1,266.24",
        "1,237.8824",
    ]
    assert each_alike((-2.509e6, -2451903.0), ("−2.509e6", "−2,451,903")) == [
        "−2.509e6",
        "−2.451903e6",
    ]
