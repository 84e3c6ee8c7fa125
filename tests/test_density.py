"""Big data is binned into chart cells exactly as numpy's histogram2d bins it."""

from __future__ import annotations

import numpy as np
import pytest

from dartfit.pictures.fit import Density
from dartfit.pictures.raster import View


@pytest.mark.parametrize("n", [1, 7, 5_000, 2_500_000])
def test_the_cells_count_what_histogram2d_counts(n: int) -> None:
    rng = np.random.default_rng(n)
    x = rng.normal(0, 3, n)
    y = 2 * x + rng.normal(0, 2, n)
    x[:1], y[:1] = 5.0, -5.0  # a corner of the view: the last bin holds its right edge
    view = View(-5, 5, -5, 5, 96, 34)
    cols = np.linspace(view.x_lo, view.x_hi, view.width + 1)
    rows = np.linspace(view.y_lo, view.y_hi, view.height + 1)
    expected, _, _ = np.histogram2d(y, x, bins=(rows, cols))
    assert np.array_equal(Density(x, y).counts(view), expected[::-1].astype(np.int64))


def test_views_one_after_another_count_what_histogram2d_counts() -> None:
    """Each point's column is found once for an x range and width, and kept while a nudge
    moves the view in y: every view counts as histogram2d does, the columns found again
    where the x range or the width changed (and over several blocks of points)."""
    rng = np.random.default_rng(5)
    x = rng.normal(0, 3, 2_500_000)
    y = 2 * x + rng.normal(0, 2, x.size)
    density = Density(x, y)
    for view in (
        View(-5, 5, -5, 5, 96, 34),
        View(-5, 5, -9, 3, 96, 30),  # moved and shortened in y: the columns kept
        View(-6, 4, -9, 3, 96, 30),  # another x range
        View(-6, 4, -9, 3, 40, 30),  # another width
        View(-5, 5, -5, 5, 96, 34),  # back again
    ):
        cols = np.linspace(view.x_lo, view.x_hi, view.width + 1)
        rows = np.linspace(view.y_lo, view.y_hi, view.height + 1)
        expected, _, _ = np.histogram2d(y, x, bins=(rows, cols))
        assert np.array_equal(density.counts(view), expected[::-1].astype(np.int64)), view


@pytest.mark.parametrize(("shade", "name"), [("·", "shade-1"), ("░", "shade-2"), ("▓", "shade-4")])
def test_a_line_across_shaded_cells_keeps_their_shade_beneath_it(shade: str, name: str) -> None:
    """A player's check: the best line through a million points' densest cells wiped them
    out (█ left of the line, ▓ right of it), so the line seemed to hug the cloud's edge.
    Its cells there keep the shade as their background: the style "line+shade-N"."""
    from dartfit.pictures.raster import Raster

    raster = Raster(6, 2)
    raster.text(0, 0, shade * 6, "density")
    raster.segment(0.0, 0.0, 5.0, 0.0, "line")
    rows = raster.rows()
    assert set(rows[0][1]) == {f"line+{name}"}
    assert all(0x2800 <= ord(c) <= 0x28FF for c in rows[0][0])  # the line's dots, as before
    blank = Raster(6, 1)
    blank.segment(0.0, 0.0, 5.0, 0.0, "line")
    assert set(blank.rows()[0][1]) == {"line"}  # on no shade: the line alone


async def test_the_shade_under_a_line_is_its_background_on_screen(tmp_path) -> None:
    from dartfit.app import make_app
    from dartfit.widgets.canvas import CanvasView
    from tests.conftest import SHIPPED, made_predictions

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start="galton", all_open=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        chart = app.screen.query_one("#chart", CanvasView)
        names = {n for _, styles in chart._rows for n in styles if "+shade-" in n}
        assert names, "the line crosses no shaded cell"
        for n in names:
            ink, under = n.split("+")
            style = chart.style_of(n)
            assert style.color == chart.style_of(ink).color
            assert style.bgcolor is not None and style.bgcolor == chart.style_of(under).bgcolor
            assert style.bgcolor != chart.style_of("").bgcolor


def test_counting_a_million_points_needs_under_half_their_size_besides() -> None:
    """The million-point level's peak memory: the counting's working arrays (a block of 2**20
    points at a time held 1.7 × the points' size) and the columns it keeps."""
    import tracemalloc

    x = np.linspace(0, 50, 1_000_000)
    y = 0.8 * x + 5 + np.random.default_rng(1).standard_normal(x.size)
    density = Density(x, y)
    tracemalloc.start()
    try:
        counts = density.counts(View(0, 50, -5, 60, 96, 33))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert int(counts.sum()) == x.size
    assert peak <= 0.4 * (x.nbytes + y.nbytes)
