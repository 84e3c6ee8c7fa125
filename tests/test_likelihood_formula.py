"""The mle screen's −log L formula: its two terms as shown add up to its sum as shown."""

from __future__ import annotations

import math
import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dartfit.core import neg_log_likelihood_terms
from dartfit.wording import MINUS, likelihood_formula

SHOWN = re.compile(r"= (\S+) \+ \(?(\S+?)\)? = (\S+)$")


def _terms(row: str) -> tuple[Decimal, Decimal, Decimal]:
    """The constant, the fit and the sum, as the formula's second row shows them."""
    found = SHOWN.search(row)
    assert found, row
    const, fit_term, total = (
        Decimal(text.replace(",", "").replace(MINUS, "-")) for text in found.groups()
    )
    return const, fit_term, total


def _adds_up(n: int, sse: float, sigma: float) -> None:
    const, fit_term = neg_log_likelihood_terms(n, sse, sigma)
    shown_const, shown_fit, shown_total = _terms(likelihood_formula(n, sse, sigma, f"{sigma}")[1])
    assert shown_const + shown_fit == shown_total
    # and each within its last digit of the value it stands for
    pairs = ((shown_const, const), (shown_fit, fit_term), (shown_total, const + fit_term))
    for shown, value in pairs:
        last = Decimal(1).scaleb(shown.as_tuple().exponent)
        assert abs(Decimal(value) - shown) <= last, (shown, value)


def test_terms_rounded_apart_no_longer_miss_the_sum_by_one() -> None:
    """Each term rounded on its own (four digits) missed the sum's last digit."""
    _adds_up(14, 521.6, 1.1)
    _adds_up(2, 2 * 1.21 * 1.23449, 1.1)  # both terms on a rounding edge
    _adds_up(3, 0.25, 0.05)  # the constant negative, larger than the sum
    _adds_up(1_000_000, 7.3e6, 2.5)  # a big level's numbers, grouped


@given(
    st.integers(min_value=1, max_value=10**7),
    st.floats(min_value=0, max_value=1e15, allow_nan=False),
    st.floats(min_value=1e-3, max_value=1e3, allow_nan=False),
)
def test_the_formulas_terms_add_up_to_its_sum_as_shown(n: int, sse: float, sigma: float) -> None:
    if math.isfinite(sse / (2 * sigma**2)):
        _adds_up(n, sse, sigma)
