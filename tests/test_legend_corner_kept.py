"""Whether a chart of points gives its legend rows of its own is decided by the points alone
(`Drawn.lost`: the entries no corner holds clear of them). A nudge moves the line, not the
points, so the screen's `Placed` keeps that answer; kept or worked out afresh, every frame
of a play path is the same picture with the same answer."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest

from dartfit.levels import find_level, load_levels
from dartfit.pictures import fit as drawing
from dartfit.pictures.fit import FitPicture, Placed, _fit_chart, draw_fit, fit_bounds
from dartfit.rules import linear
from tests.conftest import SHIPPED

SIZES = [(87, 34), (47, 18), (40, 9)]
"""The chart at 120×40 and 80×24, and one short enough that the legend loses entries."""


def _path(start: float, best: float, step: float) -> list[float]:
    """Slopes from `start` to `best` and past it, coarse then fine, as a player presses."""
    coarse = list(np.arange(start, best, step))
    fine = list(np.arange(coarse[-1], best, step / 10))
    past = [best + k * step for k in range(1, 5)]
    return [*coarse, *fine, *past, *reversed(past)]


def _benchmark_points(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Points near y = 2x + 1, as the benchmark's level generates them."""
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 10, n)
    return x, 2 * x + 1 + rng.normal(0, 1.5, n)


def _frames(x: np.ndarray, y: np.ndarray, **extra: object) -> list[tuple[FitPicture, ...]]:
    """Each frame of the play path as the screen draws it (its points placed once, for the
    whole path) and as a chart drawn afresh would."""
    best_m, best_b = np.polyfit(x, y, 1)
    bounds = fit_bounds(x, y, lines=[(0.0, 1.0), (float(best_m), float(best_b))])
    placed = Placed(x, y)
    frames = []
    for m in _path(0.0, float(best_m), 0.1):
        kept = FitPicture(x, y, float(m), 1.0, bounds, placed=placed, **extra)  # type: ignore[arg-type]
        frames.append((kept, FitPicture(x, y, float(m), 1.0, bounds, **extra)))  # type: ignore[arg-type]
    return frames


@pytest.mark.parametrize("n", [50, 2_000])
@pytest.mark.parametrize("squares", [True, False], ids=["squares", "no-squares"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_kept_answer_is_the_one_worked_out_afresh_on_every_frame(
    n: int, squares: bool, size: tuple[int, int]
) -> None:
    for kept, afresh in _frames(*_benchmark_points(n), squares=squares):
        assert _fit_chart(kept, *size).lost == _fit_chart(afresh, *size).lost
        assert draw_fit(kept, *size).rows() == draw_fit(afresh, *size).rows()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_lines_named_beside_the_best_line_keep_their_own_answer(size: tuple[int, int]) -> None:
    """Once the best line is shown, the line's entry says where it lies beside it: the
    entries change with the line, and each set has its own answer."""
    level = find_level(load_levels(SHIPPED), "likely-line")
    m, b = linear.best_fit(level)
    ghost = {"ghosts": ((m, b),), "ghost_names": ("best MSE line",)}
    for kept, afresh in _frames(level.x, level.y, **ghost):
        assert _fit_chart(kept, *size).lost == _fit_chart(afresh, *size).lost
        assert draw_fit(kept, *size).rows() == draw_fit(afresh, *size).rows()


def test_a_path_in_one_view_searches_the_corners_for_the_points_alone_once() -> None:
    """The search with the points alone (`_fitting` asked of the points and no lines) had
    been made again on every frame: a second search of the corners each nudge."""
    frames = _frames(*_benchmark_points(50))
    with mock.patch.object(drawing, "_fitting", wraps=drawing._fitting) as fitting:
        for kept, _ in frames:
            draw_fit(kept, 87, 34)
    alone = [call for call in fitting.call_args_list if len(call.args) == 6]
    assert len(frames) > 20 and len(alone) == 1
