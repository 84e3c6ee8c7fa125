"""The fit chart's key, in a strip of its own under the chart, names exactly the marks the
chart draws, each by its own glyph in its own style, at 80×24, 120×40 and 200×50, as the
squares and the best line are turned on and off and the line moves; a nudge never moves
the plot; the strip is never cut silently."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from dartfit.app import make_app
from dartfit.pictures import marks
from dartfit.pictures.key_strip import MORE, laid_out
from dartfit.pictures.raster import Row
from dartfit.screens.fit import FitScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.key_strip import KeyStrip
from tests.conftest import SHIPPED, made_predictions
from tests.test_chart_pictures import _a_square_shows
from tests.ui.typing import panel_shown, settled

INKS = ("line", "ghost-0", "ghost-1", "reference")
"""The lines' inks: the player's, the best lines', a level's own."""


def _braille(char: str) -> bool:
    return "\u2801" <= char <= "\u28ff"


def marks_drawn(rows: Sequence[Row]) -> set[str]:
    """The kinds of mark a chart (or a key's samples) shows: points, the picked point,
    shared cells, misses, squares (seen by a corner), each line's ink, the arrows where the
    line runs off, shades."""
    found: set[str] = set()
    for text, styles in rows:
        for char, style in zip(text, styles, strict=True):
            ink = style.split("+")[0]
            ink = "line" if ink.startswith("line-") else ink
            ink = ink.removesuffix("-fill")
            if char == "●":
                found.add("point")
            elif char == "◉":
                found.add("picked")
            elif char == marks.SHARED:
                found.add("shared")
            elif char == "┊":
                found.add("miss")
            elif char == "□" and ink == "square":
                found.add("square")
            elif char in "▲▼" and ink == "line":
                found.add("arrows")
            elif _braille(char) and ink in INKS:
                found.add(ink)
            elif char in "░▒▓█" and ink == "density":
                found.add("shades")
    if _a_square_shows(rows):
        found.add("square")
    return found


def key_of(app) -> tuple[set[str], str]:  # type: ignore[no-untyped-def]
    """The marks the key under the chart shows, and its words."""
    key = app.screen.query_one("#key", KeyStrip)
    return marks_drawn(key._rows), key.text()


def laid_out_again(app) -> bool:  # type: ignore[no-untyped-def]
    """Whether the key has the rows it asked for (a toggle may ask another: the screen is
    laid out again a frame later) and the chart is drawn at its size as laid out."""
    key = app.screen.query_one("#key", KeyStrip)
    chart = app.screen.query_one("#chart", CanvasView)
    wanted = key.styles.height
    rows = int(wanted.value) if wanted is not None else key.size.height
    chart.text()  # a picture waiting to be drawn is drawn
    return key.size.height == rows and len(chart._rows) == chart.size.height


# from the start: nudges, the squares off, the best line on (o, then y: it costs stars),
# nudges with it, the squares on again, the best line off, a nudge
MOVES = [
    (),
    ("up",),
    ("right", "right"),
    ("s",),
    ("o", "y"),
    ("up", "up"),
    ("s",),
    ("o",),
    ("down",),
]


@pytest.mark.parametrize("level", ["first-line", "slope"])
@pytest.mark.parametrize(
    "size", [(80, 24), (120, 40), (200, 50)], ids=["80x24", "120x40", "200x50"]
)
async def test_the_key_under_the_chart_names_exactly_the_marks_it_draws(
    size, level, tmp_path
) -> None:
    """At 80×24 slope's chart with its squares said only "□ MSE = mean area of the squares"
    (not ●, the line, ┊ or ◍), and with them off only "┊ miss: point to line": its legend in
    a corner named what the corners had room for. The key under the chart names each mark
    the chart draws, and no other, as the squares and the best line come and go; a nudge
    moves neither the plot nor the key (they are laid out once for each toggle); the key
    fits its row (no MORE), and no legend is drawn on the plot."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level)
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        chart = app.screen.query_one("#chart", CanvasView)
        await settled(pilot, lambda: "●" in chart.text())
        seen: set[str] = set()
        for keys in MOVES:
            before = chart.region.y, chart.region.height
            await pilot.press(*keys)
            await pilot.pause()
            await settled(pilot, lambda: isinstance(app.screen, FitScreen))
            await settled(pilot, lambda: laid_out_again(app))  # a toggle's rows, on a busy box
            drawn = marks_drawn(chart._rows)
            named, words = key_of(app)
            assert named == drawn, (keys, drawn ^ named, words, chart.text())
            assert MORE not in words and MORE.strip("… ") not in words, words
            assert chart.count("legend") == 0  # nothing laid over the plot
            if keys in (("up",), ("right", "right"), ("up", "up"), ("down",)):
                # a nudge never moves the plot's rows (at 200×50 a nudge with the best line
                # shown can widen the column of misses beside it: its width is not asked)
                assert (chart.region.y, chart.region.height) == before, keys
            seen |= drawn
        assert {"point", "line", "ghost-0", "square"} <= seen, seen


async def test_the_slope_win_panel_names_the_squares_s_brings_back(tmp_path) -> None:
    """The earlier attempt's rows over the plot hid slope's squares beside the win panel at
    80×24: with the key under the chart, the plot keeps its rows, s on the panel brings the
    squares back, and the key names them (and no square is named while none shows)."""
    from tests.ui.keys import winning_keys
    from tests.ui.test_win_panel import LEVELS

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="slope")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")  # squares off
        await pilot.press(*winning_keys(LEVELS["slope"]))
        await panel_shown(pilot)
        level = app.screen_stack[-2]
        chart, key = level.query_one("#chart", CanvasView), level.query_one("#key", KeyStrip)
        assert "square" not in marks_drawn(key._rows)
        await pilot.press("s")
        await settled(pilot, lambda: "square" in marks_drawn(chart._rows))
        await pilot.pause()
        # a plot of 9 rows and the axis, a row less than with the legend on the plot (the
        # earlier attempt's rows over it left 6, and no square seen)
        assert chart.size.height >= 10, (key.text(), chart.text())
        assert marks_drawn(key._rows) == marks_drawn(chart._rows)


async def test_under_no_color_the_key_tells_each_mark_by_its_glyph(tmp_path, monkeypatch) -> None:
    """Under NO_COLOR the inks are greys: each entry of the key has a glyph of its own (the
    lines by their dashes), and no word of it names a colour."""
    from tests.test_no_colour_words import COLOUR

    monkeypatch.setenv("NO_COLOR", "1")
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start="slope")
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        for keys in [(), ("s",), ("o", "y"), ("s",)]:
            await pilot.press(*keys)
            await settled(pilot, lambda: isinstance(app.screen, FitScreen))
            await settled(pilot, lambda: laid_out_again(app))
            key = app.screen.query_one("#key", KeyStrip)
            entries = [
                (sample, words)
                for row in laid_out(key._drawing.args[0], key.size.width, key.size.height)
                for sample, _, words in row
            ]
            samples = [sample for sample, _ in entries]
            assert all(sample.strip() for sample in samples), entries
            assert len(set(samples)) == len(samples), entries  # each its own glyph
            assert not [words for _, words in entries if COLOUR.search(words)], entries


@pytest.mark.parametrize("no_colour", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("level", ["first-line", "outlier-line"])
async def test_a_best_line_mostly_under_the_won_line_is_said_so_in_the_key(
    level, no_colour, tmp_path, monkeypatch
) -> None:
    """Won at 80×24, first-line's best MSE line lay a dot row from the player's, under it
    in 55 of its 73 cells, and the key said "⠂⠂⠂⠂⠂ best MSE line": a student looked for a
    dotted line and found a few dots (issue 10). The key says it is mostly hidden, in words
    (under NO_COLOR too), its sample in its own ink; the chart shows that ink in fewer than
    half the cells the line is drawn in (counted on the chart without the player's line)."""
    from dataclasses import replace

    from dartfit.pictures.fit import draw_fit_keyed
    from tests.ui.keys import winning_keys
    from tests.ui.test_win_panel import LEVELS

    if no_colour:
        monkeypatch.setenv("NO_COLOR", "1")
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        await pilot.press(*winning_keys(LEVELS[level]))
        await panel_shown(pilot)
        screen = app.screen_stack[-2]
        assert isinstance(screen, FitScreen) and screen.state is not None
        chart = screen.query_one("#chart", CanvasView)

        def said() -> str:
            return key_of_screen(screen)[1]

        await settled(pilot, lambda: "mostly" in said(), seen=said)  # once drawn beside the panel
        named, words = key_of_screen(screen)
        assert "ghost-0" in named, words  # its sample, in its own ink
        assert re.search(r"best MSE( line)?, mostly (hidden|behind)", words), words
        assert MORE not in words, words
        alone, _ = draw_fit_keyed(replace(screen._picture(screen.state), line=False), *chart.size)
        seen = sum(ink == "ghost-0" for _, styles in chart._rows for ink in styles)
        cells = sum(ink == "ghost-0" for _, styles in alone.rows() for ink in styles)
        assert 0 < 2 * seen < cells, (seen, cells, chart.text())


def key_of_screen(screen) -> tuple[set[str], str]:  # type: ignore[no-untyped-def]
    """The marks the key under a level's chart shows, and its words (the level under a
    win panel)."""
    key = screen.query_one("#key", KeyStrip)
    return marks_drawn(key._rows), key.text()
