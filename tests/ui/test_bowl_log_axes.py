"""A descent walk that leaves the map turns it to log axes of the distance from ✚: each
swing of a walk that will not settle in view, numbered, on the other side of ✚ from the
one before (too-hot asks the student to predict the zig-zag; it was one diagonal line to
an arrow on the map's edge, "▶ you, off the map that way")."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import numpy as np
import pytest

from dartfit.app import make_app
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED, made_predictions

WALKS = {
    "learning-rate at η 2.6": ("learning-rate", 20, 4),  # ] ×20: η 0.03 → 2.6
    "too-hot": ("too-hot", 0, 6),
}
AXIS = re.compile("[│┤]")
LEGEND = "1 2 steps; log axes"
"""The legend's entry for the step numbers (its digits are not steps)."""


def marks(text: str) -> tuple[int, dict[int, tuple[int, int]], tuple[int, int]]:
    """✚'s column, each step number's first and last column, and ●'s column, as drawn in
    the map (the legend's words left out)."""
    best, numbers, you = -1, {}, (-1, -1)
    for line in text.splitlines()[:-1]:  # the x axis's labels are the last row
        axis = AXIS.search(line)
        assert axis is not None
        plot = " " * (axis.end()) + line[axis.end() :]
        plot = plot.replace(LEGEND, " " * len(LEGEND))
        best = plot.find("✚") if "✚" in plot else best
        you = (plot.find("●"), 0) if "●" in plot else you
        for number in re.finditer(r"\d+", plot):
            numbers[int(number[0])] = (number.start(), number.end() - 1)
    return best, numbers, you


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("walk", WALKS.values(), ids=WALKS.keys())
async def test_a_diverging_walks_steps_land_on_alternate_sides_of_the_best(
    walk: tuple[str, int, int], size: tuple[int, int], tmp_path: Path
) -> None:
    text = await walked(walk, size, tmp_path)
    steps = walk[2]
    best, numbers, (you, _) = marks(text)
    assert best >= 0 and you >= 0, text
    assert len(numbers) >= 3, text  # the last swings before ●, numbered
    assert sorted(numbers) == list(range(steps - len(numbers), steps)), text

    def side(first: int, last: int) -> int:
        assert first > best or last < best, text  # clear of ✚'s column
        return 1 if first > best else -1

    sides = [side(*numbers[k]) for k in sorted(numbers)] + [side(you, you)]
    assert all(a == -b for a, b in itertools.pairwise(sides)), text


async def walked(walk: tuple[str, int, int], size: tuple[int, int], tmp_path: Path) -> str:
    """The map's text at `size` once the walk's η is raised and its steps taken."""
    level, raises, steps = walk
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*["right_square_bracket"] * raises, *["space"] * steps)
        await pilot.pause()
        return pilot.app.screen.query_one(CanvasView).text()


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("walk", WALKS.values(), ids=WALKS.keys())
async def test_a_log_maps_axes_each_have_four_labels_or_more(
    walk: tuple[str, int, int], size: tuple[int, int], tmp_path: Path
) -> None:
    """Level 27 at 120×40 on log axes: its Δb axis read −1, 0 and 1 alone (its whole
    decades); the values 5 and 2 times a decade join them where the decades are too few
    (−1, −0.5, 0, 0.5, 1), each on a row of its own, in order."""
    rows = (await walked(walk, size, tmp_path)).splitlines()
    y_labels = [line.split("┤")[0].strip() for line in rows if "┤" in line]
    x_labels = re.findall(r"[−\d.e]+", rows[-1].split("└")[1])
    for labels in (y_labels, x_labels):
        values = [float(label.replace("−", "-")) for label in labels]
        assert len(values) >= 4 and "0" in labels, rows
        assert values == sorted(values, reverse=labels is y_labels), rows


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_a_wrong_step_just_off_the_map_widens_it_and_keeps_its_axes(
    size: tuple[int, int], tmp_path: Path
) -> None:
    """Step by hand: one wrong call (→ and ↓, the step uphill) landed ● a little past the
    map's corner, and the whole map turned to log axes of Δm and Δb: a walk a few times the
    map away is no runaway. The map widens, linear, with ● on it and the axes still m, b;
    three such steps still do."""
    for calls in (1, 3):
        text = await walked_with(
            ("step-by-hand", size), ["right", "down", "space"] * calls, tmp_path
        )
        assert "log axes" not in text and "Δ" not in text, text
        assert "●" in text and "b↑ m →" in text, text


async def walked_with(where: tuple[str, tuple[int, int]], keys: list[str], tmp_path: Path) -> str:
    """The map's text on a level at a size once `keys` are pressed."""
    level, size = where
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        return pilot.app.screen.query_one(CanvasView).text()


def test_only_a_walk_an_order_of_magnitude_off_the_map_turns_it_to_log_axes() -> None:
    """Within RUNAWAY times the map's reach from ✚ the axes stay linear, the map widened
    about ✚ to hold the walk; past it (or on a step that is no number), log axes."""
    from dartfit.pictures.bowl import BowlPicture
    from dartfit.pictures.log_axes import RUNAWAY

    x, y = np.linspace(-1.0, 1.0, 9), np.linspace(-1.0, 1.0, 9) * 2.0
    bounds = (1.0, 3.0, -1.0, 1.0)  # ✚ at (2, 0): a reach of 1 every way
    for far, log in ((0.5, False), (3.0, False), (RUNAWAY * 0.9, False), (RUNAWAY * 1.5, True)):
        pic = BowlPicture(x, y, (2.0, 0.0), ((2.0, 0.0), (2.0 + far, -far)), bounds)
        assert (pic.powers is not None) is log, far
        if not log:
            m_lo, m_hi, b_lo, b_hi = pic.seen
            assert m_lo <= 2.0 <= m_hi and m_hi >= 2.0 + far and b_lo <= -far <= b_hi
    gone = BowlPicture(x, y, (2.0, 0.0), ((2.0, 0.0), (math.inf, 0.0)), bounds)
    assert gone.powers is not None


@pytest.mark.parametrize("width", [30, 40, 47, 60])
@pytest.mark.parametrize("reach", [1.3, 1.9, 2.2, 3.3])
def test_a_log_x_axis_has_four_labels_or_more_at_every_width(width: int, reach: float) -> None:
    """Level 27 at 80×24 on log axes (its map 47 columns, ±1.9 units) read −1, 0, 1 alone:
    ±0.5 and ±5 asked for more ticks than nine columns a label allowed, and none joined.
    A log axis's short labels take six columns; the decades a step went past, then 5 and
    2 times a decade, join a pair at a time, nearest 0 first, as many as fit: four labels
    or more, as many either side of 0, from 30 columns to 60."""
    from dartfit.pictures import common
    from dartfit.pictures.raster import Raster, View

    view = View(-reach, reach, -1.2, 1.2, width=width, height=15, symlog=(0, 0))
    raster = Raster(common.AXIS_WIDTH + width, 16)
    common.axes(raster, view, "Δm", "Δb", left=common.AXIS_WIDTH)
    row = "".join(raster.chars[15])
    labels = re.findall(r"[−\d.e]+", row.split("└")[1])
    assert len(labels) >= 4 and "0" in labels, row
    values = [float(label.replace("−", "-")) for label in labels]
    assert sorted(values) == sorted(-v for v in values), row


async def test_a_log_map_just_past_the_runaway_has_four_labels_an_axis(tmp_path: Path) -> None:
    """Learning-rate at η 2.6 after two steps at 80×24, just turned to log axes: each axis
    read −10, 0, 10 (a step of two decades, and no room asked for more)."""
    rows = (await walked(("learning-rate", 20, 2), (80, 24), tmp_path)).splitlines()
    assert "log axes" in "\n".join(rows)
    y_labels = [line.split("┤")[0].strip() for line in rows if "┤" in line]
    x_labels = re.findall(r"[−\d.e]+", rows[-1].split("└")[1])
    assert len(x_labels) >= 4 and len(y_labels) >= 4, rows
