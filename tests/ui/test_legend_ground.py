"""A legend entry's sample (a line's ⠒⠒⠒, the ✚, a shade's ░) sits on the legend's own
background, as its words do: drawn on the plot's, each sample stood out from its box as a
patch of the chart behind it, detached from the words it names."""

from __future__ import annotations

import pytest

from dartfit.app import make_app
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED, made_predictions
from tests.ui.typing import settled

SCENES = {  # a chart with a legend on its plot: the level, and the keys that show it (the
    # line levels' charts name their marks in a key under the chart, on the chart's ground)
    "squares and best lines": ("likely-line", ("o", "y")),
    "the bowl": ("bowl", ("space",)),
    "the bell": ("likely-line", ("up",)),
}


def detached(chart: CanvasView) -> tuple[int, list[tuple[int, str, str]]]:
    """How many legend rows hold a sample, and the cells of them that show the plot's own
    background inside the legend (a sample's cell not told by a fill of its own)."""
    plot = chart.rich_style.bgcolor
    rows, found = 0, []
    for r, (text, names) in enumerate(chart._rows):
        on_legend = [c for c, name in enumerate(names) if name.endswith("legend")]
        if not on_legend:
            continue
        span = range(on_legend[0], on_legend[-1] + 1)
        rows += any(names[c] != "legend" and text[c] != " " for c in span)
        for c in span:
            style = chart.style_of(names[c])
            if not style.reverse and style.bgcolor == plot:
                found.append((r, text[c], names[c]))
    return rows, found


@pytest.mark.parametrize("scene", SCENES)
async def test_a_legends_samples_sit_on_the_legends_background(scene, tmp_path) -> None:
    start, keys = SCENES[scene]
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start=start, all_open=True, seed=3)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, lambda: bool(app.screen.query(CanvasView)))
        await pilot.press(*keys)
        await pilot.pause()
        charts = list(app.screen.query(CanvasView))
        legend = charts[0].style_of("legend").bgcolor
        assert legend != charts[0].rich_style.bgcolor  # the legend's box has a ground of its own
        seen = [detached(chart) for chart in charts]
    assert sum(rows for rows, _ in seen) > 0, scene  # a legend with samples was on screen
    assert [cells for _, cells in seen if cells] == [], scene
