"""A short group in brackets, a pair or a formula, is never broken at a row's end at 80×24:
in a lesson's paragraphs, a level's HUD and texts, or the sandbox's HUD."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from textual.widgets._markdown import MarkdownParagraph

from dartfit.app import DartfitApp, make_app
from dartfit.csvdata import Dataset
from dartfit.lessons import LESSON_IDS
from dartfit.levels import Level, load_levels
from dartfit.screens.lesson import LessonScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.widgets.lines_panel import LinesPanel, TextRows
from dartfit.widgets.prose import Prose
from dartfit.wording import wrap_at_spaces
from tests.conftest import SHIPPED, made_predictions
from tests.ui.typing import settled

LEVELS = load_levels(SHIPPED)


def left_open(rows: list[str]) -> list[str]:
    """The rows that end inside a group in brackets: a "(" not closed on its row."""
    return [row for row in rows if row.count("(") > row.count(")")]


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("(x̄, ȳ) = (−21.5, −290.8)", 20),
        ("as a height above the (m, b) plane. For the points (0, 1) (1, 3) (2, 3)", 76),
        ("Start simple: one guess c for all the values. The MSE's slope is −2·(mean − c)", 76),
    ],
)
def test_a_short_group_wraps_whole(text: str, width: int) -> None:
    """What a checker found split: "(−21.5," above "−290.8)", "(0," above "1)", "(mean −"
    above "c)"."""
    for start in range(len(text) // 2):  # wherever the row ends
        rows = wrap_at_spaces(text[start:], width, "  ")
        assert left_open(rows) == [], rows


@pytest.mark.parametrize("concept", LESSON_IDS)
async def test_no_lesson_paragraph_leaves_a_group_open_at_80x24(
    concept: str, tmp_path: Path
) -> None:
    app = make_app(SHIPPED, tmp_path, lesson=concept)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LessonScreen))
        await settled(pilot, lambda: bool(app.screen.query(MarkdownParagraph)))
        await pilot.pause()
        rows = [
            paragraph.render_line(y).text
            for paragraph in app.screen.query(MarkdownParagraph)
            for y in range(paragraph.outer_size.height)
        ]
        assert rows and left_open(rows) == [], rows


def shown_rows(screen: LevelScreen) -> list[str]:
    """The rows of the screen's HUD panels and wrapped texts, as shown."""
    rows = []
    for panel in screen.query(LinesPanel):
        text_rows = panel.query_one(TextRows)
        rows += [text_rows.render_line(y).text for y in range(text_rows.size.height)]
    for prose in screen.query(Prose):
        rows += str(prose.content).split("\n")
    return rows


async def opened_rows(app: DartfitApp) -> list[str]:
    """The rows of the level `app` opens at 80×24 (`shown_rows`)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LevelScreen)
        return shown_rows(screen)


@pytest.mark.parametrize("level", LEVELS, ids=[lv.id for lv in LEVELS])
async def test_no_hud_row_leaves_a_group_open_at_80x24(level: Level, tmp_path: Path) -> None:
    made_predictions(tmp_path)
    rows = await opened_rows(make_app(SHIPPED, tmp_path, start=level.id))
    assert left_open(rows) == [], rows


async def test_the_sandbox_keeps_its_centre_pair_whole_at_80x24(tmp_path: Path) -> None:
    """A checker's data, x −50…7 and y ≈ −290: "(x̄, ȳ) = (−21.5," above "−290.8)"."""
    x = np.arange(-50.0, 8.0, 3.0)
    y = np.round(-280.9 + 0.087 * x + np.sin(x) * 10, 2)
    data = Dataset(tmp_path / "neg.csv", x, y, "x", "y")
    rows = await opened_rows(make_app(SHIPPED, tmp_path, data=data))
    assert any("(x̄, ȳ)" in row for row in rows) and left_open(rows) == [], rows
