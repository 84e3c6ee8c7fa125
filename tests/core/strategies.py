"""Hypothesis strategies shared by the core tests: small, well-scaled datasets."""

from __future__ import annotations

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

values = st.floats(min_value=-100, max_value=100, allow_nan=False, allow_infinity=False)
measurements = st.integers(min_value=-100_000, max_value=100_000).map(lambda v: v / 1000)
"""Numbers recorded to three decimals, like real data: no subnormal gaps between x values."""


@st.composite
def datasets(
    draw: st.DrawFn, min_size: int = 2, max_size: int = 30
) -> tuple[np.ndarray, np.ndarray]:
    """Draw (x, y) of equal length whose x values are not all (nearly) equal."""
    n = draw(st.integers(min_value=min_size, max_value=max_size))
    x = np.array(draw(st.lists(measurements, min_size=n, max_size=n)))
    y = np.array(draw(st.lists(measurements, min_size=n, max_size=n)))
    assume(np.ptp(x) > 0)
    return x, y
