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
from dartfit.pictures.key_strip import MORE
from dartfit.svg_cells import pinned
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.key_strip import KeyStrip
from tests.conftest import SHIPPED
from tests.ui.test_legend_names_marks import marks_drawn
from tests.ui.test_predict import QUESTION_CHARTS, question_chart
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
            # a fit chart's legend is the key under it, off the plot: its words are read
            samples += sum(bool(key.text().strip()) for key in app.screen.query(KeyStrip))
            svg = pinned(app.export_screenshot())
            assert drifting(svg) == [], f"at {size[0]}×{size[1]}"
        assert samples or not app.screen.query(CanvasView), "no legend read"


@pytest.mark.parametrize("size", SIZES[:2], ids=["80x24", "120x40"])
@pytest.mark.parametrize("level_id", QUESTION_CHARTS)
async def test_the_questions_key_under_its_chart_names_exactly_the_marks_it_draws(
    level_id: str, size: tuple[int, int], tmp_path: Path
) -> None:
    """The question's chart kept its legend on the plot after the level's chart had moved
    its own to a key under it: on outlier-mae's 7 rows at 80×24 it took the top row, and
    Galton's, given more rows, found no room for its shades' key. Million's shaded chart
    drew the flat line the level starts from, which its legend never named. The question's
    chart has the level's key under it: it names each mark the chart draws by its glyph in
    its ink, and no other (Galton's shades, its line on ŷ = x, what x and y are), whole (no
    MORE), and nothing is laid over the plot."""
    app = make_app(SHIPPED, tmp_path, seed=3, start=level_id)
    async with app.run_test(size=size) as pilot:
        chart, key = await question_chart(app, pilot)
        await pilot.pause()
        drawn, named, words = marks_drawn(chart._rows), marks_drawn(key._rows), key.text()
        assert drawn and named == drawn, (drawn ^ named, words, chart.text())
        assert MORE not in words and MORE.strip("… ") not in words, words
        assert chart.count("legend") == 0, chart.text()  # nothing laid over the plot
        if level_id == "galton":
            for name in ("points in a cell", "your line, on ŷ = x", "parents", "child"):
                assert name in words, (name, words)


def drifting(svg: str) -> list[str]:
    """The text runs of `svg` of two or more characters that hold a braille or block
    character (which a renderer may draw from a fallback font, wider than a cell), or that
    begin with a blank before other characters (which rsvg-convert drops, and the words
    after a legend's sample began on the blank cell parting them from it)."""
    runs = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    wide = [run for run in runs if len(run) > 1 and re.search("[\u2580-\u259f\u2800-\u28ff]", run)]
    return wide + [run for run in runs if re.fullmatch(r"(&#160;)+[^&].*", run)]
