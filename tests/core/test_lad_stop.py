"""A long search for the MAE line can be stopped between its passes over the data."""

from __future__ import annotations

import numpy as np
import pytest

from dartfit.core import best_line_mae
from dartfit.core.lad import Stopped


def test_a_big_search_stops_when_asked_and_finishes_when_not() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, 5000)  # beyond the pair-slope list: bisection, many passes
    y = 2 * x + 1 + rng.standard_t(2, x.size)
    asked: list[int] = []

    def stop_on_the_third_pass() -> bool:
        asked.append(1)
        return len(asked) >= 3

    with pytest.raises(Stopped):
        best_line_mae(x, y, stop=stop_on_the_third_pass)
    assert len(asked) == 3
    assert best_line_mae(x, y, stop=lambda: False) == best_line_mae(x, y)
