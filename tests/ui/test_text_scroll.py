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
from tests.ui.typing import send, settled


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
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, lesson=find_lesson("squaring"))
    async with app.run_test(size=(80, 24)):
        text = app.screen.query_one(TextScroll)
        assert y == text.next_page(text.next_page(0, page), page) > page


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_page_down_reads_every_line_and_keeps_each_block_whole(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Page down through every lesson: each page starts below the last and no later than the
    row after it ends (no line unread), and none starts inside a block (a table, a worked
    example, a paragraph) that a page could show whole: a lesson's table of misses and costs
    was read across two pages. Where each block lies is read off the laid-out screen."""
    from dartfit.lessons import LESSON_IDS

    cut = []
    for lesson in LESSON_IDS:
        app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, lesson=find_lesson(lesson))
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            text = app.screen.query_one(TextScroll)
            text.focus()
            await pilot.pause()
            page, y0 = text.scrollable_content_region.height, text.scrollable_content_region.y
            blocks = [
                (w.region.y - y0, w.region.height)
                for w in text.query("*")
                if w.display and 0 < w.region.height <= page
            ]
            top = 0
            while top < text.max_scroll_y:
                send(app, "pagedown")
                # taken, then scrolled to its end (on a loaded machine a pause was not always
                # enough for the key to be taken: CI read the page it was still on)
                await settled(pilot, lambda t=top, s=text: s.scroll_y != t)
                await app.animator.wait_until_complete()
                after = text.scroll_y
                assert top < after <= top + page, (lesson, top, after)
                if after < text.max_scroll_y:
                    cut += [(lesson, after, y, h) for y, h in blocks if y < after < y + h]
                top = after
    assert cut == []
