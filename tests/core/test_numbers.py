"""Round numbers: a power of ten below a value, and the nearest 1, 2 or 5 times one."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dartfit.core.numbers import decade, nice, nice_ceiling, nice_step
from dartfit.wording import MINUS, apart

positive = st.floats(min_value=1e-12, max_value=1e12, allow_nan=False, allow_infinity=False)


@given(positive)
def test_the_decade_is_the_power_of_ten_at_or_below_the_value(value: float) -> None:
    power = decade(value)
    exponent = round(math.log10(power))
    assert power == 10.0**exponent
    # compared exactly, in decimal: 10^k ≤ value < 10^(k+1), but for a value within log10's
    # rounding of the next power (999999999999.998 has the decade 10^12)
    low, high = Decimal(10) ** exponent, Decimal(10) ** (exponent + 1)
    assert low * (1 - Decimal("1e-14")) <= Decimal(value) < high


@given(positive)
def test_nice_is_the_round_number_nearest_on_a_log_scale(value: float) -> None:
    exponent = math.floor(math.log10(value))
    candidates = [f * 10.0**k for k in (exponent - 1, exponent, exponent + 1) for f in (1, 2, 5)]
    best = min(abs(math.log(c / value)) for c in candidates)
    assert abs(math.log(nice(value) / value)) <= best + 1e-12


def test_a_step_is_about_a_tenth_of_the_span_whatever_its_sign() -> None:
    assert nice_step(10.0) == nice_step(-10.0) == 1.0
    assert nice_step(37.0) == 5.0
    assert nice_step(0.0) == nice(1e-10)


@pytest.mark.parametrize(
    ("value", "ceiling"), [(1, 1.0), (3, 5.0), (10, 10.0), (11, 20.0), (51, 100.0), (0.3, 0.5)]
)
def test_the_nice_ceiling_is_the_smallest_round_number_at_or_above(value, ceiling) -> None:
    assert nice_ceiling(value) == pytest.approx(ceiling)


finite = st.floats(min_value=-1e300, max_value=1e300)  # 1.798e+308 would read back as inf


@given(finite, finite)
def test_two_numbers_that_differ_read_differently(a: float, b: float) -> None:
    """`dartfit check` said "MSE ≤ 1 is below the best achievable 1" (0.99995 against 1)."""
    shown = apart(a, b)
    assert shown[0] != shown[1] or a == b
    read = [float(text.replace(MINUS, "-").replace(",", "")) for text in shown]
    assert read == [pytest.approx(a, rel=1e-3), pytest.approx(b, rel=1e-3)]
    assert apart(1.0, 2.0) == ("1", "2") and apart(1.0, 1.00004) == ("1", "1.00004")
