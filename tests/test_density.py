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
