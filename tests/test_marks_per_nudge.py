"""What a nudge's marks save work on gives the pictures it gave: the points' cells, worked out
once for the arrays a chart keeps, are never those of other points (found by the arrays'
identity only where the arrays cannot change); the squares' painting order is the one a
stable sort gives, ties and all."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit.pictures import marks
from dartfit.pictures.raster import Raster, Row

WIDTH, HEIGHT = 30, 12


def _drawn(cols: marks.IntArray, rows: marks.FloatArray) -> list[Row]:
    raster = Raster(WIDTH, HEIGHT)
    marks.draw_points(raster, cols, rows, HEIGHT - 1, None)
    return raster.rows()


def _fresh(cols: marks.IntArray, rows: marks.FloatArray) -> list[Row]:
    """The same points drawn from arrays of their own, no cell worked out before."""
    marks._LAID.clear()
    marks._point_cells.cache_clear()
    return _drawn(cols.copy(), rows.copy())


def _points(seed: int) -> tuple[marks.IntArray, marks.FloatArray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, WIDTH, 40), rng.uniform(-2, HEIGHT + 1, 40)


def test_points_moved_in_their_arrays_are_drawn_where_they_are_now() -> None:
    cols, rows = _points(1)
    _drawn(cols, rows)
    new_cols, new_rows = _points(2)
    cols[:], rows[:] = new_cols, new_rows  # the same arrays, other points
    assert _drawn(cols, rows) == _fresh(cols, rows)


def test_a_read_only_view_of_arrays_that_change_is_not_trusted() -> None:
    cols, rows = _points(3)
    col_view, row_view = cols[:], rows[:]
    for view in (col_view, row_view):
        view.setflags(write=False)
    _drawn(col_view, row_view)
    cols[:], rows[:] = _points(4)  # seen through the read-only views
    assert _drawn(col_view, row_view) == _fresh(col_view, row_view)


def test_the_arrays_a_chart_keeps_are_drawn_alike_every_nudge() -> None:
    cols, rows = _points(5)
    for kept in (cols, rows):
        kept.setflags(write=False)
    first = _drawn(cols, rows)
    assert any(held is cols for held, *_ in marks._LAID)  # found by identity from now on
    assert _drawn(cols, rows) == first == _fresh(cols, rows)


@settings(max_examples=200, deadline=None)
@given(
    sides=st.lists(
        st.one_of(st.sampled_from([0.0, 0.5, 1.0, 2.5, math.nan]), st.floats(0, 40)), max_size=60
    ),
    selected=st.one_of(st.none(), st.integers(-1, 60)),
)
def test_squares_are_ranked_largest_first_an_earlier_point_first_of_a_tie(
    sides: list[float], selected: int | None
) -> None:
    n = len(sides)
    zeros = np.zeros(n, dtype=np.int64)
    side = np.array(sides, dtype=np.float64)
    boxes = marks.Boxes(~np.isnan(side), zeros, zeros, zeros, zeros, side)
    drawn = np.flatnonzero(boxes.drawn)
    rank = dict(zip(drawn.tolist(), marks._order(boxes, drawn, selected).tolist(), strict=True))
    want = sorted((i for i in range(n) if not math.isnan(sides[i])), key=lambda i: (-sides[i], i))
    if selected in rank:
        assert rank[selected] == len(want)  # painted last, over every other
        want.remove(selected)
    assert [rank[i] for i in want] == sorted(rank[i] for i in want)  # in this order
    assert len(set(rank.values())) == len(rank)  # one square at a time
