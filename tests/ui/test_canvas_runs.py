"""The canvas sends each row as few colour codes as look the same: blanks join their
neighbour's run (a blank shows its background, not its ink), nothing else changes; and
it repaints a changed row whole."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from textual.geometry import Region

from dartfit.app import make_app
from dartfit.widgets.canvas import SHOWN_ON_BLANKS, STYLE_NAMES, CanvasView
from tests.conftest import SHIPPED


def _looks(strip) -> list[tuple]:
    """Per cell what a terminal shows: the character, its background, and, unless it is a
    blank, its ink and weight; what a blank shows of its style besides (underline…)."""
    cells = []
    for segment in strip:
        style = segment.style
        for char in segment.text:
            shown = [getattr(style, a) for a in SHOWN_ON_BLANKS]
            ink = None if char == " " else (style.color, style.bold, style.italic, style.dim)
            cells.append((char, style.bgcolor, ink, *shown))
    return cells


async def test_a_row_merges_blanks_into_fewer_runs_and_looks_the_same(tmp_path: Path) -> None:
    app = make_app(SHIPPED, tmp_path, seed=3, start="first-line")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(CanvasView)
        rng = random.Random(7)
        names = ["", *STYLE_NAMES]
        fewer = 0
        for _ in range(300):
            width = rng.randint(1, 60)
            cells = [rng.choice(names) for _ in range(rng.randint(1, 6))]
            row_names = tuple(rng.choice(cells) for _ in range(width))
            text = "".join(rng.choice("  ·●─") for _ in range(width))
            merged = canvas.row_strip((text, row_names))
            plain = [(c, canvas.style_of(n)) for c, n in zip(text, row_names, strict=True)]
            expected = [
                (
                    c,
                    s.bgcolor,
                    None if c == " " else (s.color, s.bold, s.italic, s.dim),
                    *(getattr(s, a) for a in SHOWN_ON_BLANKS),
                )
                for c, s in plain
            ]
            assert _looks(merged) == expected
            runs = 1 + sum(a != b for a, b in itertools.pairwise(row_names))
            assert len(list(merged)) <= runs
            fewer += len(list(merged)) < runs
        assert fewer > 50  # the merging happens, not only in theory


async def test_a_nudge_repaints_each_changed_row_of_the_chart_whole(tmp_path: Path) -> None:
    """Textual sends a dirty row from the widget's left edge, and a span that ended short of
    the row's end cost a cropped copy of its strip in every frame (the wire trims the row
    to its changed cells either way)."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="first-line")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(CanvasView)
        asked: list[Region] = []
        refresh = canvas.refresh
        canvas.refresh = lambda *regions, **kw: asked.extend(regions) or refresh(*regions, **kw)  # type: ignore[method-assign]
        await pilot.press("right")
        await pilot.pause()
        assert asked, "the nudge repainted no row of the chart"
        assert all(region.x == 0 and region.width == canvas.size.width for region in asked)


async def test_a_row_is_drawn_in_the_new_theme_once_the_theme_changes(tmp_path: Path) -> None:
    """The canvas keeps each style name's look between rows; a new theme is new looks."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="first-line")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(CanvasView)
        row = ("●─·", ("point", "line", "grid"))
        before = [segment.style for segment in canvas.row_strip(row)]
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        after = [segment.style for segment in canvas.row_strip(row)]
        assert after != before
        assert after == [canvas.style_of(name) for name in ("point", "line", "grid")]
