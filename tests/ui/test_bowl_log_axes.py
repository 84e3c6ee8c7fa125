"""A descent walk that leaves the map turns it to log axes of the distance from ✚: each
swing of a walk that will not settle in view, numbered, on the other side of ✚ from the
one before (too-hot asks the student to predict the zig-zag; it was one diagonal line to
an arrow on the map's edge, "▶ you, off the map that way")."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

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
