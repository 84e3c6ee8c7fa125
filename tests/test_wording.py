"""How numbers are typeset for the player: one minus sign, round-off as 0, and text that
reads back as the number it shows."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rich.cells import cell_len

from dartfit.wording import (
    MINUS,
    NBSP,
    alike,
    beside,
    decimals_of,
    e_notation,
    line_equation,
    mae_formula,
    mse_formula,
    num,
    operand,
    pair,
    plain_digits,
    signed,
    steady,
    wrap_at_spaces,
)
from dartfit.wording import kept as kept_text

finite = st.floats(allow_nan=False, allow_infinity=False)


def read_back(text: str) -> Decimal:
    """The value a person reads in `text` (exact, so no rounding of its own)."""
    return Decimal(text.replace(MINUS, "-").replace(",", "").lstrip("+"))


@given(finite, st.integers(1, 8))
def test_a_shown_number_reads_back_within_its_shown_precision(value: float, digits: int) -> None:
    shown = num(value, digits)
    error = abs(read_back(shown) - Decimal(value))
    # half a unit in the last shown digit; whole numbers shown in full are within ½
    half_unit = abs(Decimal(value)) * Decimal(10) ** (1 - digits) / 2
    assert error <= half_unit or (abs(value) >= 1 and error <= Decimal("0.5"))


@given(finite, st.integers(1, 8))
def test_a_shown_number_never_uses_the_hyphen(value: float, digits: int) -> None:
    assert "-" not in num(value, digits)
    assert "-" not in signed(value, digits)
    assert "-" not in operand(value, digits)


@given(
    st.floats(min_value=1e-3, max_value=1e12),
    st.floats(min_value=-1e-10, max_value=1e-10, allow_subnormal=True),
)
def test_round_off_beside_the_scale_shows_as_zero(scale: float, off: float) -> None:
    assert num(off * scale, scale=scale) == "0"
    assert signed(off * scale, scale=scale) == "0"


def test_a_negative_number_after_an_operator_is_bracketed() -> None:
    assert operand(-5) == f"({MINUS}5)"
    assert operand(5) == "5"
    formula = mse_formula([-4.6], [-5.0], 0.16, terms=1)
    assert formula == f"MSE = (1/1)·[({MINUS}4.6 − ({MINUS}5.0))²] = 0.1600"
    assert f"|{MINUS}4.6 − ({MINUS}5.0)|" in mae_formula([-4.6], [-5.0], 0.4, terms=1)


def test_signed_numbers_carry_one_sign() -> None:
    assert signed(1.25) == "+1.25"
    assert signed(-0.4) == f"{MINUS}0.4"
    assert signed(1.732e-16, 4) == f"+1.732e{MINUS}16"
    assert signed(1.732e-16, scale=1.0) == "0"


@given(
    st.floats(-1e4, 1e4, allow_nan=False),
    st.floats(-1e4, 1e4, allow_nan=False),
    st.floats(1.0, 1e5),
)
def test_the_line_as_shown_has_the_mse_shown(m: float, b: float, centre: float) -> None:
    """Uncentred data makes the MSE sensitive to the slope's last digits: as many are shown
    as it takes for the printed line to give the printed MSE (the fit HUD, the bowl, the
    auto-solver)."""
    from dartfit.wording import line_numbers

    x = centre + np.array([0.0, 0.3, 0.7, 1.0])
    y = np.array([1.0, 2.0, 2.5, 4.0])

    def mse(slope: float, height: float) -> float:
        return float(np.mean((y - (slope * x + height)) ** 2))

    slope, height = (float(read_back(t)) for t in line_numbers(m, b, mse))
    assert num(mse(slope, height)) == num(mse(m, b))


@pytest.mark.parametrize(
    ("m", "b", "written"),
    [
        (2.0, 3.0, "ŷ = 2·x + 3"),
        (2.0, -3.0, "ŷ = 2·x − 3"),
        (1.0, 1.0, "ŷ = x + 1"),
        (-1.0, 0.5, "ŷ = −x + 0.5"),
        (0.0, 4.0, "ŷ = 4"),
        (0.0, -4.0, "ŷ = −4"),
        (0.0, 0.0, "ŷ = 0"),
        (2.5, 0.0, "ŷ = 2.5·x"),
        (1.0, 1e-17, "ŷ = x"),  # round-off beside the scale reads as 0
        (-0.0, -0.0, "ŷ = 0"),
    ],
)
def test_a_line_is_written_as_by_hand_never_1x_or_0x(m, b, written) -> None:
    """Level 13 showed "ŷ = 1·x + 1" and the auto-solver's first step "ŷ = 0·x + 0"."""
    assert line_equation(m, b, scale=1.0) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [(1488.3, "1488"), (-1488.3, "−1488"), (2005.0, "2005"), (12345.6, "12,346")],
)
def test_a_whole_number_is_grouped_from_five_digits_at_every_precision(value, written) -> None:
    """Level 29 showed ∂MSE/∂m = −1488 (four digits) beside (−1,488) (three): a four-digit
    number was grouped or not by the precision asked for. Grouped from five digits."""
    assert {num(value, digits) for digits in (2, 3, 4)} == {written}


def test_the_count_in_a_formula_is_typeset_as_a_number() -> None:
    """Level 32 wrote MSE = (1/1000000)·[…] beside numbers grouped elsewhere."""
    assert mse_formula([1.0], [0.0], 1.0, n=1_000_000).startswith("MSE = (1/1,000,000)·")
    assert mae_formula([1.0], [0.0], 1.0, n=12).startswith("MAE = (1/12)·")


def test_the_formulas_end_in_the_number_the_hud_shows_beside_them() -> None:
    """The HUD read MAE = 21.70 over a formula ending = 21.7, and MSE 1.130 over = 1.13."""
    assert mse_formula([2.0], [0.937], 1.13, n=12).endswith("= 1.130")
    assert mae_formula([2.0], [0.9], 21.7, n=31).endswith("= 21.70")


def test_a_column_of_numbers_shares_its_decimals() -> None:
    """The degree panel read train MSE 0.079, sum 0.12 and bias² 1.21e−5 beside 0."""
    from dartfit.wording import column

    assert column([0.0790, 1.21e-5, 0.12, 0.0]) == ["0.079", "0.000", "0.120", "0.000"]
    assert column([27.418, 0.0624], 3, scale=0.1205) == ["27.418", "0.062"]
    assert column([-1.5, 0.25]) == [f"{MINUS}1.50", "0.25"]
    assert column([float("inf"), 1.0]) == ["too large to show", "1.00"]
    assert column([0.0, 0.0]) == ["0", "0"]


def test_a_formulas_terms_share_their_decimals() -> None:
    """first-line read (0.95 − 0.9)² + (3.58 − 0.98)²: one term's ŷ short of a digit."""
    formula = mse_formula([0.95, 3.58, 7.0], [0.9, 0.98, 1.0], 2.0, terms=2)
    assert "[(0.95 − 0.90)² + (3.58 − 0.98)² + …]" in formula
    assert "(88.6 − 85.0)" in mse_formula([88.6], [85.0], 1.0, terms=1)
    assert "(32,819 − 30,471)" in mse_formula([32819.0], [30471.2], 1.0, terms=1)
    assert "|1.50 − (−0.25)|" in mae_formula([1.5], [-0.25], 1.0, terms=1)
    # each term to the shared decimals from its own value: ŷ = 2569.81 read 2570.0
    big = mse_formula([15.3, 44.5, 1.0], [-1066.42, 2569.81, 1.0], 2999523.0, 2, 5000)
    assert "[(15.3 − (−1066.4))² + (44.5 − 2569.8)² + …] = 3.000e6" in big


def test_a_steady_number_in_e_notation_keeps_its_digits() -> None:
    """An MSE of 2,999,523 read "3e6", one digit, beside an MAE of 1506."""
    assert steady(2999523.0) == "3.000e6" and steady(-1.5e-7) == f"{MINUS}1.500e{MINUS}7"


def test_numbers_read_together_are_written_alike() -> None:
    """On data of millions a formula read (947,239 − 3.58e6)² and the best line
    m = 1.981e6, b = 744,805; the auto-solver's ŷ read −13,429.377·x − 2064.7468."""
    assert "[(9.47e5 − 3.58e6)² + …]" in mse_formula([947239.0, 1.0], [3.58e6, 1.0], 2.0, 1)
    assert pair(1981234.5, 744805.2) == ("1.981e6", "7.448e5")
    assert pair(-2.96e14, -6.977e8) == (f"{MINUS}2.960e14", f"{MINUS}6.977e8")  # zeros kept
    assert pair(-13429.377, -2064.7468, 8) == (f"{MINUS}13,429.377", f"{MINUS}2,064.7468")
    assert line_equation(-13429.377, 2064.7) == f"ŷ = {MINUS}13,429·x + 2,065"
    # alike only where one is: few digits, small e-notation and words stay as they are
    assert pair(1.5, 2064.0) == ("1.5", "2064")
    assert pair(1e-7, 12345.0) == ("1e−7", "12,345")
    assert alike((np.inf, 12345.0), ("too large to show", "12,345")) == [
        "too large to show",
        "12,345",
    ]


def test_shares_as_whole_percents_add_up_to_a_hundred() -> None:
    """Level "pull" listed 0, 5, 39, 1, 9, 36, 3, 1, 7, 0: 101 %."""
    from dartfit.wording import whole_percents

    shares = [0.0044, 0.0485, 0.3869, 0.0099, 0.0893, 0.3577, 0.0299, 0.0091, 0.0641, 0.0002]
    shown = whole_percents([s / sum(shares) for s in shares])
    assert sum(shown) == 100 and shown[2] in (38, 39) and shown[0] == 0
    assert all(abs(p - 100 * s / sum(shares)) < 1 for p, s in zip(shown, shares, strict=True))
    assert whole_percents([1 / 3] * 3) == [34, 33, 33] or sorted(whole_percents([1 / 3] * 3)) == [
        33,
        33,
        34,
    ]
    assert whole_percents([]) == [] and whole_percents([0.0, 0.0]) == [0, 0]


def test_many_digits_are_grouped_as_few_are() -> None:
    """The auto-solver wrote ŷ = 40296.236·x beside HUDs that read 18,578."""
    assert num(40296.236, 8) == "40,296.236"
    assert num(-40296.236, 8) == f"{MINUS}40,296.236"
    assert num(32819.0) == "32,819" and num(1234.0) == "1234" and num(9999.5, 5) == "9999.5"


@given(finite, st.floats(min_value=1e-6, max_value=1e6))
def test_a_number_beside_another_takes_its_decimals_or_reads_as_itself(
    value: float, yours: float
) -> None:
    """A win's reference beside the player's MSE: to the same decimals, within half their
    last place; beside one in e-notation, in e-notation to its mantissa's decimals ("best
    possible: 1.45e18" beside "Your MSE: 1.450e18"); where that would read 0 (or cannot
    hold the number), as `num` says it."""
    shown = steady(yours)
    text = beside(value, shown)
    assert "-" not in text
    if "e" in shown and value != 0:
        assert text == e_notation(value, decimals_of(shown.split("e")[0])[0])
    elif plain_digits(shown) and abs(value) < 1e12 and round(value, decimals_of(shown)[0]) != 0:
        assert decimals_of(text) == decimals_of(shown)
        assert abs(read_back(text) - Decimal(value)) <= Decimal(10) ** -decimals_of(shown)[0] / 2
    elif value != 0:
        assert text == num(value)
    assert beside(0.86, "1.130") == "0.860" and beside(5e-5, "1.130") == "5e−5"


def test_e_notation_is_written_as_the_game_writes_numbers() -> None:
    from dartfit.wording import e_notation

    assert e_notation(67014006.0, 6) == "6.701401e7"
    assert e_notation(-298745.54, 0) == f"{MINUS}3e5"
    assert e_notation(1e-6, 1) == f"1.0e{MINUS}6"


def test_a_formula_shows_the_data_as_they_are_up_to_five_digits() -> None:
    """A player's temperatures (14.035, 14.102) read 14.0 and 14.1 in the worked line: its
    terms could not be checked against the file. Data with more digits than five keep three."""
    formula = mse_formula([14.035, 14.102], [14.5104, 14.5061], 0.07286)
    assert "(14.035 − 14.510)² + (14.102 − 14.506)²" in formula
    assert "(88.6 − 85.0)²" in mse_formula([88.6], [85.04], 12.96, terms=1)
    assert "(8.04 − 8.00)²" in mse_formula([8.0437219], [8.0012], 0.1, terms=1)


@pytest.mark.parametrize(
    ("written", "typeset"),
    [
        (
            "the MSE 9.75244e+15 is still 9.75e+15 above",
            "the MSE 9.75244e15 is still 9.75e15 above",
        ),
        ("within 6.5e-08 of the best", "within 6.5e−8 of the best"),
        ("rate 1e-05.", "rate 1e−5."),  # a number at a sentence's end (a review)
        ("1E-08 steps", "1e−8 steps"),
        ("the MSE 123457 is still 1234.5 above", "the MSE 123,457 is still 1234.5 above"),
        ("-0.5 and -123456.75", "−0.5 and −123,456.75"),
        ("x-axis, 128-bit, 3.0.1, 2024-01-05, 1-2", "x-axis, 128-bit, 3.0.1, 2024-01-05, 1-2"),
    ],
)
def test_numbers_python_wrote_are_typeset_as_num_writes_them(written, typeset) -> None:
    from dartfit.wording import typeset_numbers

    assert typeset_numbers(written) == typeset


@pytest.mark.parametrize("width", range(16, 121))
def test_a_formula_in_a_sentence_is_never_broken_at_a_rows_end(width: int) -> None:
    """A check's question read "With e = y −" above "ŷ, what is the error?" (a student's
    check): terms joined by lone operators stay on one row wherever they fit in one."""
    line = "Your dart lands at 13. With e = y − ŷ, what is the error? And (m·x + b) ≤ 4?"
    rows = wrap_at_spaces(line, width)
    for formula in ("e = y − ŷ,", "(m·x + b) ≤ 4?"):
        assert any(formula in row for row in rows), (width, rows)


@given(finite, finite, st.integers(12, 40))
def test_a_kept_pair_wider_than_its_row_breaks_between_its_numbers_never_in_one(
    x: float, y: float, width: int
) -> None:
    """The sandbox's "(x̄, ȳ) = (1.55e−44, 4.991e48)", its pair kept whole, read "4.991e4"
    above "8)" in a HUD 26 cells wide: a kept run wider than a row breaks at its own
    spaces, and each number stays on one row."""
    from dartfit.wording import kept

    numbers = pair(x, y)
    assume(all(len(number) + 2 <= width - 2 for number in numbers))  # each fits in a row
    line = f"(x̄, ȳ) = {kept(f'({numbers[0]}, {numbers[1]})')}"
    rows = [row.strip() for row in wrap_at_spaces(line, width, "  ")]
    for number in numbers:
        assert any(number in row for row in rows), (width, rows)


@given(st.integers(1, 10**17), st.integers(0, 3), st.integers(12, 40))
def test_a_number_that_fits_a_row_is_never_split_by_its_indent(
    whole: int, places: int, width: int
) -> None:
    """The sandbox's HUD on data near 1e16 (an MSE of 150.5 that asks for each digit of m)
    read "m =" above "−6,809,999,999,999.97" and "5" at 80 columns: the number fitted a row
    of 23 cells, not an indented one. Such a number starts its row at the edge, whole."""
    number = num(-whole / 10**places, 20)
    assume(len(number) <= width)
    rows = wrap_at_spaces(f"m = {number}", width, "  ")
    assert any(row.strip() == number or row == f"m = {number}" for row in rows), rows
    assert all(len(row) <= width for row in rows), rows


@pytest.mark.parametrize("point", [None, 0])
@pytest.mark.parametrize("width", range(12, 41))
def test_the_pairs_name_is_never_broken_at_a_rows_end(point: int | None, width: int) -> None:
    """At 27 and 28 cells the sandbox's HUD read "(x̄," above "ȳ) = (…)" (a hostile pass):
    the name of a pair is one word, as the pair is ("(x, y)" of a picked point too)."""
    from pathlib import Path

    from dartfit.levels.sandbox import sandbox_level
    from dartfit.rules import fit, linear
    from dartfit.screens.fit_hud import hud_lines

    x = np.array([1.5e-44, 1.6e-44, 1.7e-44])
    level = sandbox_level(Path("tiny.csv"), x, np.array([4.9e48, 5.0e48, 5.1e48]), "x", "y")
    state = fit.FitState(0.0, 5e48)
    lines = hud_lines(
        level,
        level,
        state,
        fit.score(level, state),
        line=("0", "5e48"),
        steps=linear.steps(level),
        target=None,
        shows_mae=False,
        point=point,
        best=None,
    )
    (shown,) = [line for line in lines if line.startswith("(x")]
    rows = [row.strip() for row in wrap_at_spaces(shown, width, "  ")]
    assert any(name in rows[0] for name in ("(x̄, ȳ)", "(x, y)")), (width, rows)


GROUPS_WIDER = [
    "reach " + kept_text("(target MSE ≤ 0.8664)") + " now",
    "best possible " + kept_text("(aiming at the bull: 0.402)") + " for this round",
    "and " + kept_text("(aiming against the wind: 0.4703)") + " after",
    "solve: still 3.27e−5 above " + kept_text("(gap 3.27e−5)") + " here",
    "its misses " + kept_text("(spread about the line 3 σ)") + " wide",
]
"""Lines with a group in brackets that some rows are too narrow for (kept whole as the HUD and
the goal line keep theirs)."""


@pytest.mark.parametrize("line", GROUPS_WIDER)
def test_a_group_wider_than_its_row_breaks_where_it_reads(line: str) -> None:
    """A checker's look at the wrapped HUD: a bracketed group wider than its row broke at any
    of its spaces, "(target MSE ≤" above "0.8664)". Where the group cannot be on one row it
    breaks at its own spaces, but never just before a number (after its word or its sign:
    "≤ 0.8664" is one), nor between a number and its unit ("3 σ"), where the two fit in a
    row; and never inside a number."""
    numbers = re.findall(r"[−]?\d[\d.e−]*", line.replace(NBSP, " "))
    for width in range(8, len(line) + 1):
        rows = [row.strip() for row in wrap_at_spaces(line, width)]
        for number in numbers:
            assert any(number in row for row in rows), (width, rows)  # never split
        for above, below in itertools.pairwise(rows):
            last, first = above.split(" ")[-1], " ".join(below.split(" ")[:2])
            if not re.fullmatch(r"\S+ (σ|%|cm)\W*", first):  # a number with its unit: one
                first = first.split(" ")[0]
            if cell_len(f"{last} {first}") > width:
                continue  # the two do not fit in one row: a break between them must be
            starts_a_number = re.match(r"[−+]?\d", first) and not re.search(r"\d[,;]?$", last)
            unit = re.search(r"\d$", last) and re.match(r"(σ|%|cm)\b", first)
            assert not (starts_a_number or unit), (width, rows)


def test_a_line_on_its_keys_grid_has_its_loss_worked_out_once() -> None:
    """A nudged line is on its keys' grid: written to the grid's decimals it is itself, and
    its MSE (point by point on small data) is not worked out a second time for it, at every
    key; off the grid, the line as written has its own."""
    from dartfit.wording import line_numbers

    asked: list[tuple[float, float]] = []

    def loss(m: float, b: float) -> float:
        asked.append((m, b))
        return (m - 0.5) ** 2 + (b - 3) ** 2

    assert line_numbers(1.25, 2.5, loss, 4, (0.1, 0.5)) == ("1.25", "2.50")
    assert asked == [(1.25, 2.5)]
    asked.clear()
    assert line_numbers(1.25 + 1e-9, 2.5, loss, 4, (0.1, 0.5)) == ("1.25", "2.50")
    assert asked == [(1.25 + 1e-9, 2.5), (1.25, 2.5)]


@pytest.mark.parametrize("power", range(-12, 16))
def test_a_lines_numbers_on_their_keys_grid_are_written_as_num_writes_them(power: int) -> None:
    """The sandbox on data near 1e−8 read "b = 0.0000000355440" (fixed decimals, to its
    keys' grid) beside an MSE of 3.29e−18: below FIXED_LEAST a number shows in e-notation,
    as `num` writes it, on every data scale from 1e−12 to 1e15 (and a whole line beside it
    in a win, `beside`)."""
    from dartfit.wording import beside, line_numbers, shown_value, significant_digits

    scale = 10.0**power
    m, b = 0.574966, 3.2263784 * scale
    shown = line_numbers(
        m, b, lambda m, b: (m - 0.5) ** 2 + ((b - 3 * scale) / scale) ** 2, 4, (1.0, 0.5 * scale)
    )
    shown += (beside(b, "0.1234567890"),)
    for text in shown:
        said = num(shown_value(text), significant_digits(text))
        assert ("e" in said) <= ("e" in text), (power, shown)


@pytest.mark.parametrize("power", [-12, -8, -3, 0, 3, 9, 15])
@pytest.mark.parametrize("apart_by", [1e-4, 1e-6, 1e-9, -1e-7])
def test_a_number_and_the_one_beside_it_read_apart_where_they_differ(power, apart_by) -> None:
    """ "MSE = 1.375" over "target 1.375": told apart, each to as many digits as that takes,
    and no more where they already read apart or are equal."""
    from dartfit.wording import shown_value, told_apart

    target = 1.3745528860130334 * 10.0**power
    value = target * (1 + apart_by)
    mse, goal = told_apart(value, target)
    assert shown_value(mse) != shown_value(goal), (mse, goal)
    assert told_apart(target, target) == (steady(target), num(target))
    assert told_apart(2 * target, target) == (steady(2 * target), num(target))
    assert told_apart(value, None) == (steady(value), "")


@pytest.mark.parametrize("width", range(4, 81))
def test_rows_of_wide_characters_fit_their_cells(width: int) -> None:
    """A wide character (CJK) takes two cells: rows wrapped counting characters took more
    cells than the row had (a goal naming 身長 and 体重 wrapped again, its target hidden).
    Each row fits `width` cells, words split between characters, never inside one."""
    line = "Fit 体重（キログラム） against 身長（センチメートル）: MSE, 1.97.   (target MSE ≤ 1.99)"
    rows = wrap_at_spaces(line, width)
    assert all(cell_len(row) <= width for row in rows), rows
    assert "".join(rows).replace(" ", "") == line.replace(" ", "")


@pytest.mark.parametrize("power", [-8, 0, 6])
@pytest.mark.parametrize("apart_by", [1e-13, -3e-15])
def test_two_numbers_apart_by_round_off_alone_read_as_one_to_four_digits(power, apart_by) -> None:
    """A stretched bowl's win read "Your MSE: 0.689357400495" over "best possible:
    0.689357400495": the two differed past the twelfth digit, by round-off, and were
    written to twelve digits in trying to tell them apart."""
    from dartfit.wording import told_apart

    best = 0.689357400495 * 10.0**power
    assert told_apart(best * (1 + apart_by), best) == (steady(best), num(best))
