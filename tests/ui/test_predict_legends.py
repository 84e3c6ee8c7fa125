"""The legend of every prediction dialog's chart stands clear of its words, at 80×24,
120×40 and 200×50: a blank cell between each sample and its words, in the terminal; and a
screenshot of it, turned into a picture by a renderer that lets a run of braille or block
characters from a fallback font drift, keeps each such character in its own cell (Galton's
dotted sample ran into "your" at 120×40, an independent check of issue 10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.dialogs.predict import PredictScreen
from dartfit.levels import Level, load_levels
from dartfit.svg_cells import pinned
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED
from tests.ui.typing import settled

SIZES = [(80, 24), (120, 40), (200, 50)]
ASKING = [lv for lv in load_levels(SHIPPED) if lv.spec.predict is not None]


def crowded(rows: list[tuple[str, tuple[str, ...]]]) -> list[str]:
    """The legend rows whose sample (drawn on the legend's ground) runs into its words."""
    found = []
    for text, styles in rows:
        for c in range(len(text) - 1):
            here, there = styles[c], styles[c + 1]
            if here.endswith("+legend") and there == "legend" and text[c + 1] != " ":
                found.append(text)
    return found


@pytest.mark.parametrize("level", ASKING, ids=[lv.id for lv in ASKING])
async def test_every_prediction_legend_stands_clear_of_its_words(
    level: Level, tmp_path: Path
) -> None:
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    samples = 0
    async with app.run_test(size=SIZES[0]) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await settled(pilot, lambda s=size: app.screen.size == s)
            await pilot.pause()
            for chart in app.screen.query(CanvasView):
                samples += sum(s.endswith("+legend") for _, st in chart._rows for s in st)
                assert crowded(list(chart._rows)) == [], f"at {size[0]}×{size[1]}"
            svg = pinned(app.export_screenshot())
            assert drifting(svg) == [], f"at {size[0]}×{size[1]}"
        assert samples or not app.screen.query(CanvasView), "no legend read"


def drifting(svg: str) -> list[str]:
    """The text runs of `svg` of two or more characters that hold a braille or block
    character (which a renderer may draw from a fallback font, wider than a cell), or that
    begin with a blank before other characters (which rsvg-convert drops, and the words
    after a legend's sample began on the blank cell parting them from it)."""
    runs = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    wide = [run for run in runs if len(run) > 1 and re.search("[\u2580-\u259f\u2800-\u28ff]", run)]
    return wide + [run for run in runs if re.fullmatch(r"(&#160;)+[^&].*", run)]
