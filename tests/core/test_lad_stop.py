"""A long search for the MAE line can be stopped between its passes over the data."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pytest

from dartfit.core import best_line_mae
from dartfit.core.lad import FSUM_BLOCK, Stopped, lad_objective


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


def test_a_search_sums_in_blocks_so_a_thread_leaves_the_interpreter_to_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One exact sum over all 4·10⁶ terms held the GIL for ~0.2 s: the screen froze while a
    worker thread searched. Each exact sum now spans one block, and together they span all."""
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 10, 5 * FSUM_BLOCK + 17)
    y = 2 * x + rng.standard_t(2, x.size)
    spans: list[int] = []
    real = math.fsum

    def fsum(values: Iterable[float]) -> float:
        if isinstance(values, np.ndarray):
            spans.append(values.shape[0])
        return real(values)

    monkeypatch.setattr(math, "fsum", fsum)
    value = lad_objective(x, y, 2.0)
    assert max(spans) <= FSUM_BLOCK and sum(spans) == x.size
    z = y - 2.0 * x
    assert value == pytest.approx(real(np.abs(z - np.median(z))), rel=1e-12)
