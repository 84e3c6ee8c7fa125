"""Every shipped level is won through the Pilot, with keys computed from its data: chapter
by chapter, each as a player coming back to it (the chapters before it won), so that the
chapters play side by side on the suite's workers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.campaign import chapters
from dartfit.dialogs.congrats import CongratsScreen
from dartfit.dialogs.predict import PredictScreen
from dartfit.dialogs.win import WinScreen
from dartfit.levels import load_levels
from dartfit.progress import LevelResult, Progress, ProgressStore
from dartfit.screens.check import CheckScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.screens.level_select import LevelSelectScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.plot import PlotView
from tests.conftest import SHIPPED
from tests.test_plot_ticks import y_labels
from tests.ui.keys import answer_keys, winning_keys
from tests.ui.test_hud_fits import cut_lines
from tests.ui.typing import panel_shown, settled

LEVELS = load_levels(SHIPPED)
CHAPTERS = chapters(LEVELS)
SIZES = [(120, 40), (200, 50), (110, 30), (80, 24)]  # 110: the side's narrowest
SHOWN_WHOLE = "CanvasView, PlotView, .round, #throws, #shares, #formula, #darts-hud, #points-hud"


def hidden_under_the_win(level: LevelScreen, win: WinScreen) -> list[str]:
    """What of the level's charts and number lines the win panel covers, and any HUD left
    showing beside it (cut stubs of its lines)."""
    box = win.query_one("#win-box").region
    hidden = [
        f"#{widget.id or type(widget).__name__} at {widget.region}"
        for widget in level.query(SHOWN_WHOLE)
        if widget.display and widget.region.area and widget.region.overlaps(box)
    ]
    hidden += [f"#hud at {hud.region}" for hud in level.query("#hud") if hud.region.area]
    hidden += cut_lines(level)  # and every number line of the level whole in its room
    if win.query_one("#win-box").max_scroll_y > 0:
        hidden.append("the win's own text scrolls out of sight")
    return hidden + few_labels(level)


def few_labels(level: LevelScreen) -> list[str]:
    """The charts beside the win panel whose y axis shows fewer than four tick labels (a log
    axis, of whole powers of ten, two; a dart board's ruler, −a 0 a about the bull, three:
    its rows beside the win panel hold no five marks of a round step evenly apart)."""
    few = []
    for chart in [*level.query(PlotView), *level.query(CanvasView)]:
        rows = chart.text().splitlines()
        shown, axis = chart.display and chart.region.area, any("┤" in row for row in rows)
        if shown and isinstance(chart, PlotView) and not axis:  # the fits at 80×24 on a win
            few.append(f"#{chart.id} is drawn blank in {chart.region.height} rows")
        if shown and axis:
            log = isinstance(chart, PlotView) and chart.figure is not None and chart.figure.ylog
            labels = y_labels(rows)
            board = (
                chart.id == "board" and len(labels) == 3 and labels[1:] == ["0", "−" + labels[0]]
            )
            if len(labels) < (2 if log else 3 if board else 4):
                few.append(f"#{chart.id} has the y labels {labels}")
    return few


@pytest.mark.long
@pytest.mark.parametrize("k", range(len(CHAPTERS)), ids=[name for name, _ in CHAPTERS])
async def test_every_shipped_level_can_be_won_and_is_saved(tmp_path: Path, k: int) -> None:
    """From the title, the level list offers the chapter's first level; each of its levels is
    won, its win panel stands clear of the level at every size, and `enter` goes on: to the
    next level, after the chapter's last to its check and then the next chapter's first
    level, after the game's last to the congratulations."""
    chapter, levels = CHAPTERS[k]
    progress = Progress()
    for _, won in CHAPTERS[:k]:
        for level in won:
            progress = progress.record(level.id, LevelResult(completed=True, stars=3))
    ProgressStore.in_folder(tmp_path).save(progress)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # title → level list
        assert isinstance(app.screen, LevelSelectScreen)
        await pilot.press("enter")  # play the first level not yet won
        checked: list[str] = []
        predicted: list[str] = []
        for level in levels:
            if isinstance(app.screen, PredictScreen):  # predict first (right), then play
                assert level.spec.predict is not None
                await pilot.press(str(level.spec.predict.answer))
                predicted.append(level.id)
            screen = app.screen
            assert isinstance(screen, LevelScreen) and screen.level.id == level.id
            for key in winning_keys(level):
                await pilot.press(key)
                if isinstance(app.screen, WinScreen):
                    break
            await pilot.pause()
            assert isinstance(app.screen, WinScreen), f"{level.id}: not won"
            assert "Level complete" in str(app.screen.query_one("#win-title").render())
            assert app.screen.result.stars >= 1
            # on disk the moment it is won, while the panel shows (every level: each kind and
            # each of its targets; it was saved only as the level closed)
            record = json.loads((tmp_path / "progress.json").read_text())["levels"].get(level.id)
            assert record and record["completed"] is True, f"{level.id}: not on disk as it is won"
            assert record["stars"] == app.screen.result.stars, (level.id, record)
            # the panel beside the level, never over its chart or numbers: as it is won
            # (80×24), then at each size
            for size in [None, *SIZES]:
                if size is not None:
                    await pilot.resize_terminal(*size)
                win = app.screen
                assert isinstance(win, WinScreen)
                await panel_shown(pilot)
                await settled(
                    pilot,
                    lambda s=screen, w=win: hidden_under_the_win(s, w) == [],
                    seen=lambda s=screen, w=win: (s.level.id, app.size, hidden_under_the_win(s, w)),
                )
                assert hidden_under_the_win(screen, win) == [], (level.id, size)
            await pilot.press("enter")  # next level (after a chapter's last: its check first)
            await pilot.pause()
            if isinstance(app.screen, CheckScreen):
                assert app.screen.asked[0].check.chapter == level.spec.chapter
                await pilot.press(*answer_keys(app.screen.asked), "enter")
                await pilot.pause()
                checked.append(level.spec.chapter)
        if k + 1 < len(CHAPTERS):  # the chapter's check taken, then the next chapter on
            assert checked == [chapter]
            following = CHAPTERS[k + 1][1][0]
            opened = [s.level for s in app.screen_stack if isinstance(s, LevelScreen)]
            assert opened[-1:] == [following]  # under its prediction, if it asks one
        else:  # the game's last level: its chapter's check, then the congratulations (the
            # check went unasked: the win went straight to the end)
            assert checked == [chapter]
            assert isinstance(app.screen, CongratsScreen)
        assert predicted == [lv.id for lv in levels if lv.spec.predict is not None]
    saved = json.loads((tmp_path / "progress.json").read_text())
    for level in levels:
        record = saved["levels"][level.id]
        assert record["completed"] is True and record["stars"] >= 1, level.id
