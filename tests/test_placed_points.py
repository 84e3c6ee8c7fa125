"""The fit chart's points laid out once (`Placed`) draw what laying them out afresh draws,
for the points it holds only and in each view and chart size it is asked about; cells
counted once (`CellCount`) find under a box what comparing each cell finds, whether listed
or handed over as a grid of counts; the squares' depth is found once and agrees."""

from __future__ import annotations

import numpy as np

from dartfit.pictures import marks
from dartfit.pictures.common import CellCount, hidden_under
from dartfit.pictures.fit import FitPicture, Placed, draw_fit, fit_bounds


def _points(seed: int, n: int = 300) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    return x, 2 * x + 1 + rng.normal(0, 1.5, n)


def test_points_placed_for_other_points_are_not_drawn() -> None:
    # a sandbox's point dragged: the screen's layout is of the data before the drag
    x, y = _points(1)
    moved = y.copy()
    moved[:40] += 6.0
    stale = Placed(x, y)
    bounds = fit_bounds(x, moved, lines=[(2.0, 1.0)])
    with_stale = FitPicture(x, moved, 2.0, 1.0, bounds, placed=stale)
    afresh = FitPicture(x, moved, 2.0, 1.0, bounds)
    assert draw_fit(with_stale, 87, 34).rows() == draw_fit(afresh, 87, 34).rows()


def test_one_layout_serves_every_view_and_size_it_is_asked_about() -> None:
    x, y = _points(2)
    placed = Placed(x, y)
    near, far = fit_bounds(x, y, lines=[(2.0, 1.0)]), fit_bounds(x, y, lines=[(-3.0, 40.0)])
    for bounds, m, b in ((near, 2.0, 1.0), (far, -3.0, 40.0), (near, 1.5, 2.0)):
        for width, height in ((87, 34), (47, 18), (87, 34)):
            kept = FitPicture(x, y, m, b, bounds, placed=placed)
            afresh = FitPicture(x, y, m, b, bounds)
            assert draw_fit(kept, width, height).rows() == draw_fit(afresh, width, height).rows()


def test_cells_counted_once_hide_under_a_box_what_comparing_each_cell_finds() -> None:
    rng = np.random.default_rng(3)
    cells = np.stack([rng.integers(-3, 40, 500), rng.integers(-3, 20, 500)], axis=1)
    counted = CellCount(cells, 37, 17)  # some cells off its grid, some listed twice
    for box in [(0, 0, 37, 17), (5, 3, 8, 4), (30, 12, 7, 5), (-2, 0, 10, 5), (33, 14, 9, 9)]:
        assert hidden_under(box, counted) == hidden_under(box, cells)


def test_cells_counted_on_a_grid_hide_under_a_box_what_listing_them_finds() -> None:
    rng = np.random.default_rng(4)
    counts = rng.integers(0, 3, (17, 37)) * (rng.random((17, 37)) < 0.3)
    rows, cols = np.nonzero(counts)
    listed = np.repeat(np.stack([cols, rows], axis=1), counts[rows, cols], axis=0)
    counted = CellCount.of_grid(counts)
    assert counted.cells.tolist() == listed.tolist()  # as often as counted, in row order
    for box in [(0, 0, 37, 17), (5, 3, 8, 4), (30, 12, 7, 5), (-2, 0, 10, 5), (33, 14, 9, 9)]:
        assert hidden_under(box, counted) == hidden_under(box, listed)


def test_the_squares_depth_is_found_once_a_size_and_counts_the_boxes_over_each_cell() -> None:
    x, y = _points(5, 40)
    cols, rows = np.round(x * 7).astype(np.int64) + 6, 30 - y
    boxes = marks.square_boxes(cols, rows, 30 - (1.5 * x + 3), 6, 87, 33)
    depth = boxes.depth(33, 87)
    assert boxes.depth(33, 87) is depth and not depth.flags.writeable
    expected = np.zeros((33, 87), dtype=np.int64)
    for i in np.flatnonzero(boxes.drawn):
        c0, r0, c1, r1 = boxes.box(int(i))
        expected[max(r0, 0) : min(r1, 32) + 1, c0 : c1 + 1] += 1
    assert depth.tolist() == expected.tolist()
    assert boxes.depth(20, 87).shape == (20, 87)  # another plot height: its own
