"""The player's line is always on the chart: every cell it passes shows it, over the
penalty squares, their labels and the misses; only a point of the data sits on it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dartfit.levels import Level, sandbox_level
from dartfit.pictures.fit import FitPicture, draw_fit, fit_bounds
from dartfit.pictures.marks import POINT_GLYPHS
from dartfit.pictures.raster import Raster, Row
from dartfit.rules import fit, points
from tests.test_chart_pictures import LINE_LEVELS, POINTS_LEVELS, SIZES, _line_chart, _sandbox

BRAILLE = frozenset(map(chr, range(0x2801, 0x2900)))


def _own_data(name: str) -> Level:
    """Data as a player brings it: far from 0 and falling (x from −100 to −119), or years
    against a temperature (the two charts whose line a square's label and edges hid)."""
    rng = np.random.default_rng(5)
    if name == "falling":
        x = -100.0 - np.arange(20.0)
        y = 5.0 * x + rng.normal(0, 4, 20)
    else:
        x = np.arange(1990.0, 2021.0)
        y = 14.0 + 0.02 * (x - 1990) + rng.normal(0, 0.1, x.size)
    return fit.playable(sandbox_level(Path(f"{name}.csv"), x, y, "x", "y"))


LEVELS = [*LINE_LEVELS, _sandbox(), _own_data("falling"), _own_data("years")]


def _line_lost(pic: FitPicture, size: tuple[int, int]) -> list[tuple[int, int, str]]:
    """The cells the player's line is drawn in (its dots on top there) that the finished
    chart shows as something else than the line, a point of the data aside: column, row and
    what is there. Every raster the chart is made of is watched as it is finished (a chart
    under rows of its own legend is one pasted into another)."""
    lost: list[tuple[int, int, str]] = []
    finish = Raster.rows

    def watched(raster: Raster) -> list[Row]:
        cells = [
            (c, r)
            for r in range(raster.height)
            for c in range(raster.width)
            if raster.dots_at(c, r) == "line"
        ]
        rows = finish(raster)
        for c, r in cells:
            text, styles = rows[r]
            shown = text[c] in BRAILLE and styles[c].startswith("line")
            if not shown and text[c] not in POINT_GLYPHS and styles[c] not in ("legend", "axis"):
                lost.append((c, r, text[c]))
        return rows

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Raster, "rows", watched)
        draw_fit(pic, *size).rows()
    return lost


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("level", LEVELS, ids=lambda lv: lv.id + str(lv.x.size))
def test_the_line_wins_every_cell_it_passes_over_squares_labels_and_misses(
    level: Level, size: tuple[int, int]
) -> None:
    """A checker of issue 10 saw the sandbox's line cut by the largest square's label
    ("⣀⣀⡀e²=54.1──┐" on years against a temperature), and on the MAE levels each miss's ┊
    hid the line where it met it. From the start line and after nudges either way."""
    rng = np.random.default_rng(11)
    state = fit.start(level)
    for _ in range(8):
        lost = _line_lost(_line_chart(level, state, {}), size)
        assert not lost, (state.m, state.b, lost[:5])
        state = fit.nudge(level, state, int(rng.integers(-9, 10)), int(rng.integers(-9, 10)))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("level", POINTS_LEVELS, ids=lambda lv: lv.id)
def test_on_the_points_levels_the_line_wins_every_cell_it_passes(
    level: Level, size: tuple[int, int]
) -> None:
    bounds = fit_bounds(level.x, level.y, points.point_limits(level))
    rng = np.random.default_rng(12)
    state = points.start(level)
    for _ in range(8):
        s = points.score(level, state)
        pic = FitPicture(level.x, np.array(state.y), s.m, s.b, bounds, selected=state.selected)
        lost = _line_lost(pic, size)
        assert not lost, (state.y, lost[:5])
        state = points.select(level, state, int(rng.integers(0, 3)))
        state = points.move(level, state, float(rng.normal(0, 2)))


def test_the_largest_squares_label_never_lies_on_the_line() -> None:
    """Data near 1e−8 (a player's file): its largest square's label found no place off
    the points, its square and the line at once, and went over the line's dots; it goes
    where it hides no cell of the line, and is still shown."""
    x = np.arange(15) * 1e-6
    y = 1e-10 * np.array(
        [4.04, 43.3, 38.3, 82, 110, 190, 178, 223, 252, 264, 269, 349, 352, 404, 394]
    )
    level = fit.playable(sandbox_level(Path("tiny.csv"), x, y, "x", "y"))
    lines = ((0.003539078571428572, 1.2744049999999998e-08), (0.003639078571428572, 1.2544e-08))
    for m, b in lines:
        picture = _line_chart(level, fit.FitState(m, b), {})
        assert not _line_lost(picture, SIZES[0])
        assert any("e²=" in text for text, _ in draw_fit(picture, *SIZES[0]).rows())
