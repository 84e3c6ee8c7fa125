"""The congratulations screen names every chapter once, with its stars and what it taught,
and fits an 80 × 24 terminal without cutting or scrolling."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from dartfit.app import make_app
from dartfit.campaign import chapter_stars
from dartfit.dialogs.congrats import TAUGHT, CongratsScreen
from dartfit.levels import load_levels
from dartfit.progress import LevelResult, Progress
from tests.conftest import SHIPPED

LEVELS = load_levels(SHIPPED)


def test_each_chapter_is_summed_up_once_with_the_stars_of_its_levels() -> None:
    progress = Progress()
    for level in LEVELS[:2]:
        progress = progress.record(level.id, LevelResult(completed=True, stars=2))
    chapters = chapter_stars(LEVELS, progress)
    names = [name for name, _, _ in chapters]
    assert names == list(dict.fromkeys(level.spec.chapter for level in LEVELS))
    assert sum(got for _, got, _ in chapters) == 4
    assert sum(most for _, _, most in chapters) == 3 * len(LEVELS)
    assert set(names) <= set(TAUGHT), "every shipped chapter says what it taught"


async def test_the_summary_fits_80_by_24(tmp_path: Path) -> None:
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(CongratsScreen(60, 72, chapter_stars(LEVELS, app.progress)))
        await pilot.pause()
        box = app.screen.query_one("#congrats-box")
        assert box.virtual_size.height <= box.scrollable_content_region.height  # no scrolling
        assert box.region.right <= 80 and box.region.bottom <= 24
        text = str(app.screen.query_one("#congrats-chapters", Static).render())
        for name, _, most in chapter_stars(LEVELS, app.progress):
            assert text.count(f"{name} (0/{most} ★)") == 1
