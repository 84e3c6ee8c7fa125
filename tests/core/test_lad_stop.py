"""A long search for the MAE line can be stopped between its passes over the data."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from dartfit.core import best_line_mae
from dartfit.core.lad import Stopped, lad_objective


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


def test_a_search_in_a_thread_leaves_the_interpreter_to_the_others() -> None:
    rng = np.random.default_rng(4)
    x = rng.uniform(0, 10, 4_000_000)
    y = 2 * x + rng.standard_t(2, x.size)
    worker = threading.Thread(target=lad_objective, args=(x, y, 2.0))
    longest, last = 0.0, time.perf_counter()
    worker.start()
    while worker.is_alive():  # the user interface's loop, in miniature
        time.sleep(0.001)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    assert longest < 0.08  # one exact sum over all 4·10⁶ terms held the GIL for ~0.2 s
