"""A row repainted is freed when it changes: the strips a nudge replaces are in no
reference cycle left for the garbage collector (each shown strip had been: Textual's
compositor keeps a strip cut into one piece, itself, in the strip's own cache)."""

from __future__ import annotations

import gc
from pathlib import Path

from textual.strip import Strip

from dartfit.app import make_app
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED


async def test_the_rows_a_nudge_repaints_leave_no_garbage_for_the_collector(
    tmp_path: Path,
) -> None:
    app = make_app(SHIPPED, tmp_path, seed=3, start="first-line")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        canvas = app.screen.query_one(CanvasView)
        shown = canvas.text()
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds is kept to be looked at
        try:
            for key in ["right", "right", "up", "shift+left", "down", "left"]:
                await pilot.press(key)
                await pilot.pause()
            gc.collect()
            strips = [o for o in gc.garbage if isinstance(o, Strip)]
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
        assert canvas.text() != shown  # the chart was repainted
        assert strips == []
