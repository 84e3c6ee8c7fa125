"""No penalty square is cut at the chart's edge, nor drawn against its last column, on any
level that draws squares, at 80×24, 120×40 and 200×50, as the level opens, with its line
moved far off, and beside its win panel: "Four sets, one line" at 80×24 drew its last
square's right side on the chart's last column, against the HUD's rule, where it read as
cut (an independent check of issue 10)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dartfit.app import make_app
from dartfit.levels import Level, load_levels
from dartfit.pictures import marks
from dartfit.rules import fit
from dartfit.screens.level_base import LevelScreen
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.typing import settled

SIZES = [(80, 24), (120, 40), (200, 50)]
SQUARED = [
    lv
    for lv in load_levels(SHIPPED)
    if lv.spec.kind in ("line", "points") and not fit.shaded(lv)  # (big data: no squares)
]


def cut(drawn: list[tuple[marks.Boxes, int, int, int, np.ndarray, np.ndarray]]) -> list[str]:
    """The squares drawn (as `marks.square_boxes` placed them) that are not whole or touch
    the chart's last column, where the chart is wide enough to hold them clear of it (and
    their point is not on it); or
    that are cut at its top or bottom while their point and the line are on it."""
    found = []
    for boxes, left, width, plot_h, ends, cols in drawn:
        w = np.maximum(np.round(2 * np.minimum(boxes.sides, 2.0 * (width + plot_h))), 1)
        for i in np.flatnonzero(boxes.drawn):
            c0, r0, c1, r1 = boxes.box(int(i))
            edge = width - 1 if cols[i] == width - 1 else width - 2  # (its point's corner)
            if w[i] <= width - 2 - left and (c1 - c0 != w[i] or c0 < left or c1 > edge):
                how = "cut" if c1 - c0 != w[i] or c0 < left else "against the edge"
                found.append(f"{how}: columns {c0}..{c1} of {left}..{width - 1}, {w[i]:.0f} wide")
            on = ends[:, i].min() >= 0 and ends[:, i].max() <= plot_h - 1
            if on and (r0 < 0 or r1 > plot_h - 1):
                found.append(f"rows {r0}..{r1} of 0..{plot_h - 1}")
    return found


@pytest.mark.parametrize("level", SQUARED, ids=[lv.id for lv in SQUARED])
async def test_no_square_is_cut_or_touches_the_chart_s_edge(
    level: Level, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[tuple[marks.Boxes, int, int, int, np.ndarray, np.ndarray]] = []
    placed = marks.square_boxes

    def spied(cols, rows, line_rows, left, width, plot_h):  # type: ignore[no-untyped-def]
        boxes = placed(cols, rows, line_rows, left, width, plot_h)
        ends = np.round(np.stack([rows, line_rows]))
        drawn.append((boxes, left, width, plot_h, ends, cols))
        return boxes

    monkeypatch.setattr(marks, "square_boxes", spied)
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level.id, seed=3)
    async with app.run_test(size=SIZES[0]) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen, seen = app.screen, 0
        for keys in ([], ["up"] * 6 + ["right"] * 3, ["r", *winning_keys(level)]):
            for key in keys:
                await pilot.press(key)
            for size in SIZES:
                await pilot.resize_terminal(*size)
                await settled(pilot, lambda s=size: app.screen.size == s)
                await pilot.pause()
                seen += len(drawn)
                assert cut(drawn) == [], f"{keys[-1:]} at {size[0]}×{size[1]}"
                drawn.clear()
        assert screen is not None and seen, "no squares drawn"
