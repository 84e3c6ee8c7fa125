"""The play-test's picture fixes: the view follows the line, whole squares, lines told apart
without colour, labels clear of points, stacked darts named, and an even ruler."""

from __future__ import annotations

import numpy as np
import pytest

from dartfit.levels import Level
from dartfit.pictures.common import AXIS_WIDTH
from dartfit.pictures.fit import FitPicture, draw_fit, follow_bounds, level_bounds
from dartfit.pictures.raster import View
from dartfit.rules import fit
from tests.test_chart_pictures import LINE_LEVELS, SIZES

Bounds = tuple[float, float, float, float]
KEYS = {  # arrow presses (tilts, lifts), each a coarse step of ten fine ones
    "start": (0, 0, 10),
    "→×10 ↓×15": (10, -15, 10),
    "←×10 ↑×15": (-10, 15, 10),
    "←×6 ↓×15": (-6, -15, 10),  # a square too wide for either side of its point
}


def _played(level: Level, tilts: int, lifts: int, step: int) -> tuple[fit.FitState, Bounds]:
    """The state after the arrow keys (each a coarse step), and the view that followed it."""
    state, bounds = fit.start(level), level_bounds(level)
    moves = [(step, 0)] * abs(tilts) + [(0, step)] * abs(lifts)
    for dt, dl in moves:
        state = fit.nudge(
            level, state, dt * (1 if tilts > 0 else -1), dl * (1 if lifts > 0 else -1)
        )
        bounds = follow_bounds(bounds, state.m, state.b)
    return state, bounds


def test_the_view_keeps_still_while_the_line_stays_inside_it() -> None:
    bounds = (0.0, 10.0, 0.0, 10.0)
    assert follow_bounds(bounds, 0.5, 2.0) is bounds


def test_the_view_grows_by_a_generous_step_when_the_line_leaves_it_and_never_shrinks() -> None:
    bounds = (0.0, 10.0, 0.0, 10.0)
    grown = follow_bounds(bounds, 1.0, 1.0)  # the right end at 11: just out of the top
    assert grown[:3] == bounds[:3] and grown[3] >= 11 + 0.5 * 10
    assert follow_bounds(grown, 1.0, 2.0) is grown  # the next nudge needs no new bounds
    back = follow_bounds(grown, 0.0, -3.0)  # out of the bottom: grows there, keeps the top
    assert back[2] <= -3 - 0.5 * (grown[3] - grown[2]) and back[3] == grown[3]


@pytest.mark.parametrize("keys", list(KEYS))
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("level", LINE_LEVELS, ids=lambda lv: lv.id)
def test_every_square_is_whole_and_inside_the_plot(
    level: Level, size: tuple[int, int], keys: str
) -> None:
    state, bounds = _played(level, *KEYS[keys])
    width, height = size
    view = View(*bounds, width=width - AXIS_WIDTH, height=height - 1)
    for x, y in zip(level.x, level.y, strict=True):
        h = abs(view.row(float(y)) - view.row(state.m * float(x) + state.b))
        if h < 0.5:
            continue
        pic = FitPicture(np.array([x]), np.array([y]), state.m, state.b, bounds, residuals=False)
        raster = draw_fit(pic, width, height)
        r0, r1 = sorted((round(view.row(float(y))), round(view.row(state.m * x + state.b))))
        assert r0 >= 0 and r1 <= height - 2  # the view keeps the line, so the square, in
        cells = [
            c
            for r in range(r0, r1 + 1)
            for c, style in enumerate(raster.styles[r])
            if style == "square" and raster.chars[r][c] != "□"  # not the legend's sample
        ]
        c0, c1 = min(cells), max(cells)
        assert c0 >= AXIS_WIDTH and c1 <= width - 1
        assert c1 - c0 == max(round(2 * h), 1)  # 2 columns a row: never cut narrower
        edge = [(c, r) for c in range(c0, c1 + 1) for r in (r0, r1)]
        edge += [(c, r) for r in range(r0, r1 + 1) for c in (c0, c1)]
        assert all(raster.styles[r][c] in ("square", "legend") for c, r in edge)  # or under it
