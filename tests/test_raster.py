"""A chart-wide braille line, its dots worked out at once, is the line drawn dot by dot."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit.pictures import raster
from dartfit.pictures.raster import Raster

place = st.floats(min_value=-200, max_value=200, allow_nan=False)


def _drawn(lines: list[tuple[float, float, float, float, int, tuple[int, int]]]) -> list:  # type: ignore[type-arg]
    picture = Raster(60, 20)
    picture.text(3, 5, "a legend")
    for i, (c0, r0, c1, r1, first_col, dash) in enumerate(lines):
        picture.segment(c0, r0, c1, r1, f"style-{i % 2}", first_col=first_col, dash=dash)
    return picture.rows()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            place,
            place,
            place,
            place,
            st.integers(0, 10),
            st.sampled_from([(1, 1), (1, 2), (2, 4)]),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_a_line_drawn_at_once_is_the_line_drawn_dot_by_dot(
    lines: list[tuple[float, float, float, float, int, tuple[int, int]]],
) -> None:
    at_once = _drawn(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(raster, "LONG", 10**9)
        assert at_once == _drawn(lines)
