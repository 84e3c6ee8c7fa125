"""Keys that scroll a text add up however fast they come (a held ↓, a burst over SSH):
Textual's container read the same target for every key before its next refresh, and five
↓ scrolled one line (`dartfit.widgets.scroll.TextScroll`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.lessons import find_lesson
from dartfit.widgets.scroll import TextScroll
from tests.conftest import SHIPPED
from tests.ui.typing import send


async def _burst(tmp_path: Path, opened: str, key: str, times: int) -> tuple[float, int]:
    """Scroll the text on screen by a burst of a key; (where it ends, a page's height)."""
    lesson = find_lesson("squaring") if opened == "lesson" else None
    start = "first-line" if opened == "help" else None  # a level's help: its many keys
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, lesson=lesson, start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if opened == "help":
            await pilot.press("question_mark")
            await pilot.pause()
        text = app.screen.query_one(TextScroll)
        text.focus()
        await pilot.pause()
        page = text.scrollable_content_region.height
        assert text.scroll_y == 0 and text.max_scroll_y >= (
            times * page if "page" in key else times
        )
        for _ in range(times):
            send(app, key)
        await pilot.pause()
        await app.animator.wait_until_complete()
        await pilot.pause()
        return text.scroll_y, page


@pytest.mark.parametrize("opened", ["lesson", "help"])
async def test_a_burst_of_down_keys_scrolls_a_line_each(tmp_path: Path, opened: str) -> None:
    y, _ = await _burst(tmp_path, opened, "down", 5)
    assert y == 5


async def test_a_burst_of_page_keys_scrolls_a_page_each(tmp_path: Path) -> None:
    y, page = await _burst(tmp_path, "lesson", "pagedown", 2)
    assert y == 2 * page
