"""Predict, then see, as a player meets it: the question before the level, the prediction
kept at once, the verdict on the win panel, asked once per player, and no play without it."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from dartfit.app import make_app
from dartfit.dialogs.predict import PredictScreen
from dartfit.dialogs.win import WinScreen
from dartfit.kinds import KINDS, _load
from dartfit.levels import find_level, load_levels
from dartfit.pictures.ticks import evenly_apart
from dartfit.screens.fit import FitScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.screens.level_select import LevelSelectScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.key_strip import KeyStrip
from dartfit.wording import MINUS
from tests.conftest import SHIPPED
from tests.ui.keys import winning_keys
from tests.ui.typing import panel_shown, send, settled

LEVELS = load_levels(SHIPPED)
TOO_HOT = find_level(LEVELS, "too-hot")


def kept(folder: Path) -> dict[str, object]:
    path = folder / "progress.json"
    return json.loads(path.read_text()).get("answers", {}) if path.exists() else {}


async def kept_once_answered(pilot: Any, folder: Path) -> dict[str, object]:
    """The answers on disk once too-hot's is there. The dialog goes first; the answer is
    kept by its callback and the message after it, so a read between them found the file
    not yet written (a flake in CI)."""
    await settled(pilot, lambda: "predict/too-hot" in kept(folder))
    assert isinstance(pilot.app.screen, LevelScreen)
    return kept(folder)


async def test_a_wrong_prediction_is_kept_at_once_and_the_win_panel_says_why(
    tmp_path: Path,
) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="too-hot")
    predict = TOO_HOT.spec.predict
    assert predict is not None
    wrong = 1 if predict.answer != 1 else 2
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        assert isinstance(app.screen, PredictScreen)
        assert app.screen_stack[-2].level.id == "too-hot"  # type: ignore[attr-defined]
        await pilot.press(str(wrong))
        answers = await kept_once_answered(pilot, tmp_path)
        assert answers["predict/too-hot"]["last"] is False  # type: ignore[index]
        screen = app.screen
        assert isinstance(screen, LevelScreen)
        assert predict.choices[wrong - 1] in str(screen.query_one("#hint").render())
        await pilot.press(*winning_keys(TOO_HOT))
        await panel_shown(pilot)
        panel = str(app.screen.query_one("#win-shown").render())
        assert f"Your prediction “{predict.choices[wrong - 1]}”: wrong." in " ".join(panel.split())
        assert predict.why.split()[0] in panel


async def test_a_prediction_is_asked_once_per_player(tmp_path: Path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="too-hot")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        await pilot.press("down", "down", "down", "enter")  # the arrows and enter commit too
        answers = await kept_once_answered(pilot, tmp_path)
        assert answers["predict/too-hot"]["last"] is True  # type: ignore[index]
        await pilot.press("escape")  # back to the levels
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        app.open_level(TOO_HOT)
        await pilot.pause()
        assert isinstance(app.screen, LevelScreen)  # straight into the level this time


async def test_enter_before_a_choice_answers_nothing_and_says_how_to_choose(
    tmp_path: Path,
) -> None:
    """The first choice was marked from the start, so a stray enter answered it unread."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="too-hot")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        dialog = app.screen
        assert "▸" not in str(dialog.query_one("#predict-choices").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "predict/too-hot" not in kept(tmp_path)
        keys = str(dialog.query_one("#predict-keys").render())
        assert "Pick a choice first" in keys and "esc back to the levels" in keys, keys
        await pilot.press(
            "up", "up", "enter"
        )  # ↑ from nothing: the last choice; ↑ again: the one above it
        answers = await kept_once_answered(pilot, tmp_path)
        assert answers["predict/too-hot"]["last"] is True  # type: ignore[index]


async def test_leaving_the_prediction_leaves_the_level_unplayed(tmp_path: Path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        app.open_level(TOO_HOT)
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        await pilot.press("escape")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        assert isinstance(app.screen, LevelSelectScreen)
        assert "predict/too-hot" not in kept(tmp_path)


async def test_keys_typed_ahead_commit_once_and_the_rest_play_the_level(tmp_path: Path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="too-hot")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        for key in ["3", "3", "space"]:  # a second 3 must not answer again
            send(app, key)
        answers = await kept_once_answered(pilot, tmp_path)
        assert answers["predict/too-hot"]["right"] == 1  # type: ignore[index]
        assert answers["predict/too-hot"]["wrong"] == 0  # type: ignore[index]


async def test_a_second_enter_on_the_win_panel_does_not_answer_the_next_prediction(
    tmp_path: Path,
) -> None:
    first = find_level(LEVELS, "first-throw")
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-throw")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*winning_keys(first))
        await panel_shown(pilot)
        send(app, "enter")  # next level: signs-cancel, which asks first
        send(app, "enter")  # a double tap: typed before the question was on screen
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        await pilot.pause()
        assert isinstance(app.screen, PredictScreen)  # still asking
        assert "predict/signs-cancel" not in kept(tmp_path)


async def test_a_prediction_made_then_left_is_judged_when_the_level_is_won(
    tmp_path: Path,
) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="too-hot")
    predict = TOO_HOT.spec.predict
    assert predict is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        await pilot.press("1")  # wrong, then away before playing
        await pilot.press("escape")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        app.open_level(TOO_HOT)
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        await pilot.press(*winning_keys(TOO_HOT))
        await panel_shown(pilot)
        panel = " ".join(str(app.screen.query_one("#win-shown").render()).split())
        assert "Your prediction, made before: wrong." in panel


async def test_a_click_on_a_choice_commits_it_as_its_number_does(tmp_path: Path) -> None:
    """A click on a choice did nothing (a player's check): digits or the arrows were needed."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="too-hot")
    predict = TOO_HOT.spec.predict
    assert predict is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        choices = app.screen.query_one("#predict-choices")
        row = next(
            y
            for y, line in enumerate(str(choices.render()).splitlines())
            if f"{predict.answer}. " in line
        )
        await pilot.click("#predict-choices", offset=(4, row))
        answers = await kept_once_answered(pilot, tmp_path)
        assert answers["predict/too-hot"]["last"] is True  # type: ignore[index]


async def test_a_question_about_the_points_shows_them_and_every_line_of_it(tmp_path: Path) -> None:
    """A player's check: "One point lies far below the rest" was asked over an empty screen
    (the level is hidden until the prediction is made). The points, and the line the level
    starts from, are now drawn under the question, every point of them, and at 80×24 the
    dialog still shows its last line."""
    level = find_level(LEVELS, "outlier-mae")
    app = make_app(SHIPPED, tmp_path, start="outlier-mae")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        await settled(pilot, lambda: "●" in "".join(s.text for s in screen_rows(app)))
        shown = "\n".join(s.text for s in screen_rows(app))
        distinct = {(round(x, 1), round(y)) for x, y in zip(level.x, level.y, strict=True)}
        assert shown.count("●") >= len(distinct) - 2, shown  # two may share a cell
        assert "whether you were right" in shown and "1. The best MSE line" in shown, shown


def screen_rows(app) -> list:
    return list(app.screen._compositor.render_strips())


QUESTION_CHARTS = [
    lv.id
    for lv in LEVELS
    if lv.spec.predict is not None
    and issubclass(_load("dartfit.screens", KINDS[lv.spec.kind].screen_at), FitScreen)
]
"""The levels whose question is asked over their points (the fit chart)."""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("level_id", QUESTION_CHARTS)
async def test_the_questions_chart_labels_its_y_ticks_evenly_apart(
    level_id: str, size: tuple[int, int], tmp_path: Path
) -> None:
    """Galton's question at 80×24 drew its points on 6 rows for 60 … 75, labelled 60 65 70
    75 on rows 2, 1 and 2 apart: no range within half as wide again, nor narrower about the
    points, put them evenly apart, and the chart kept them uneven. The fit chart now takes
    the y range the plotext charts' axis takes there (a round step a row, 55 … 80): on
    every question's chart, at 80×24 and 120×40, three or more round labels, evenly apart."""
    app = make_app(SHIPPED, tmp_path, start=level_id)
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        chart = app.screen.query_one("#predict-chart", CanvasView)
        await settled(pilot, lambda: "┤" in chart.text())
        rows = chart.text().splitlines()
    ticks = [(k, row[: row.index("┤")].strip()) for k, row in enumerate(rows) if "┤" in row]
    assert len(ticks) >= 3 and evenly_apart([k for k, _ in ticks]), rows
    values = [float(label.replace(MINUS, "-")) for _, label in ticks]
    assert len({round(a - b, 9) for a, b in pairwise(values)}) == 1, rows  # one step


MET_AT_START = {"first-line": "value = 1e9", "outlier-mae": "value = 1e9", "likely-line":
                "value = 1e9", "pull": "value = 0.0"}  # fmt: skip
"""A level of each kind a question can open, with a target its start already meets (one
`dartfit check` refuses, and the game plays with a warning)."""


def _met_at_start(level_id: str, folder: Path) -> Path:
    level = find_level(LEVELS, level_id)
    lines = level.path.read_text(encoding="utf-8").splitlines()
    lines = [ln for ln in lines if not ln.startswith(("value = ", "factor = "))]
    at = lines.index("[target]") + 1
    lines[at:at] = [MET_AT_START[level_id]]
    if level.spec.predict is None:
        lines += ["", "[predict]", 'ask = "Will it?"', 'choices = ["Yes", "No"]', "answer = 1"]
    path = folder / f"01-{level_id}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("leave", [False, True], ids=["answered", "left"])
@pytest.mark.parametrize("level_id", list(MET_AT_START))
async def test_a_level_won_at_the_start_waits_for_its_question_to_be_answered(
    level_id: str, leave: bool, tmp_path: Path
) -> None:
    """A level met at the start opened its win panel over its question, unanswered; esc
    on both then dismissed the level twice and ended the game (InvalidStateError)."""
    path = _met_at_start(level_id, tmp_path)
    app = make_app(data_dir=tmp_path / "data", level_file=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        await pilot.pause()
        assert not any(isinstance(s, WinScreen) for s in app.screen_stack)
        if leave:
            await pilot.press("escape")
            await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
            return
        await pilot.press("1")
        await panel_shown(pilot)
        assert isinstance(app.screen_stack[-2], LevelScreen)
        await pilot.press("escape")
        await settled(
            pilot, lambda: any(isinstance(s, LevelSelectScreen) for s in app.screen_stack)
        )


@pytest.mark.parametrize(("level_id", "drawn"), [("outlier-mae", False), ("galton", True)])
async def test_the_questions_chart_draws_the_starting_line_only_where_the_level_chose_it(
    tmp_path: Path, level_id: str, drawn: bool
) -> None:
    """ "One point lies far below the rest" was asked over a chart whose flat starting line
    at y = 0, never named, ran through that very point (a player's pass); Galton's question
    is about where the player starts (ŷ = x), and shows it."""
    app = make_app(SHIPPED, tmp_path, seed=3, start=level_id)
    async with app.run_test(size=(100, 32)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        chart = app.screen.query_one("#predict-chart", CanvasView)
        await settled(pilot, lambda: chart.count("axis") > 0)  # drawn
        inks = [style.partition("+")[0] for _, styles in chart._rows for style in styles]
        assert ("line" in inks) is drawn


PREDICTING = [level for level in LEVELS if level.spec.predict is not None]


@pytest.mark.parametrize("level", PREDICTING, ids=lambda level: level.id)
async def test_the_hint_line_judges_the_prediction_once_the_win_panel_is_closed(
    tmp_path: Path, level: object
) -> None:
    """A helper's pass: after a win, closing the panel to play on left "Your prediction: …
    Now play, and see." in the hint line, as if nothing had been seen yet."""
    assert isinstance(level, type(TOO_HOT))
    predict = level.spec.predict
    assert predict is not None
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
        await pilot.press(str(predict.answer))
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        assert "Now play, and see." in str(screen.query_one("#hint").render())
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)
        panel = app.screen
        assert isinstance(panel, WinScreen)
        plays_on = "k" if panel.improvable else "u" if panel.undoes else "a"  # a: again
        standing = "Now play, and see." in str(screen.query_one("#hint").render())
        await pilot.press(plays_on)
        await settled(pilot, lambda: app.screen is screen)
        hint = " ".join(str(screen.query_one("#hint").render()).split())
        assert "Now play, and see." not in hint
        if standing and plays_on != "a":  # else a message of the play's own stands there
            assert f"Your prediction “{predict.choices[predict.answer - 1]}”: right." in hint


async def question_chart(app: Any, pilot: Any) -> tuple[CanvasView, KeyStrip]:
    """The question's chart and the key under it, once the question is asked and both are
    drawn."""
    await settled(pilot, lambda: isinstance(app.screen, PredictScreen))
    chart = app.screen.query_one("#predict-chart", CanvasView)
    key = app.screen.query_one("#key", KeyStrip)
    await settled(pilot, lambda: "┤" in chart.text() and bool(key.text().strip()))
    return chart, key


def plot_rows(rows: list[str]) -> list[str]:
    """A chart's rows of plot: those beside the y axis, above the x axis."""
    return [row for row in rows if "┤" in row or ("│" in row and "└" not in row)]


@pytest.mark.parametrize(
    ("size", "least"),
    [((80, 24), 9), ((80, 30), 14), ((120, 40), 14)],
    ids=["80x24", "80x30", "120x40"],
)
@pytest.mark.parametrize("level_id", QUESTION_CHARTS)
async def test_the_questions_chart_takes_the_rows_the_box_leaves(
    level_id: str, size: tuple[int, int], least: int, tmp_path: Path
) -> None:
    """At 80×24 the question's chart had 7 rows, 5 of them plot (outlier-mae's y 0 … 15 in
    4 labelled rows, the far point on the bottom row beside another): too small to read.
    On a short screen the box's padding and the title's gap go to the chart, which takes
    the rows the rest leave, its key under it: `least` rows of chart, the key and the whole
    box on screen, 8 rows of plot at 80×24, and outlier-mae's far point alone on its row."""
    app = make_app(SHIPPED, tmp_path, seed=3, start=level_id)
    async with app.run_test(size=size) as pilot:
        chart, _ = await question_chart(app, pilot)
        rows = chart.text().splitlines()
        box = app.screen.query_one("#predict-box").region
        parts = [app.screen.query_one(f"#{part}").region for part in ("key", "predict-keys")]
    assert len(rows) >= least, rows
    assert box.bottom <= size[1] and all(box.contains_region(part) for part in parts)  # none cut
    plot = plot_rows(rows)
    assert len(plot) >= least - 1, rows
    if level_id == "outlier-mae":
        marked = [row.count("●") + row.count("◍") for row in plot]
        bottom = max(k for k, n in enumerate(marked) if n)
        assert marked[bottom] == 1, rows


async def test_a_longer_question_takes_its_rows_from_the_chart_not_the_keys(
    tmp_path: Path,
) -> None:
    """The chart takes the rows the rest of the box leaves, not a height of its own: a
    question longer than Galton's at 80×24 (whose key takes two rows) shrinks the chart by
    its rows, and the key and the keys stay on screen (a chart of 9 rows cut them)."""
    level = find_level(LEVELS, "galton")
    text = level.path.read_text(encoding="utf-8")
    ask = level.spec.predict.ask if level.spec.predict is not None else ""
    longer = f"{ask} Look at the shades, not the line, and think of the tallest parents."
    path = tmp_path / "12bc-galton.toml"
    path.write_text(text.replace(ask, longer), encoding="utf-8")
    app = make_app(data_dir=tmp_path / "data", level_file=path)
    async with app.run_test(size=(80, 24)) as pilot:
        chart, key = await question_chart(app, pilot)
        asked, keyed = app.screen.query_one("#predict-ask").region.height, key.size.height
        rows = chart.text().splitlines()
        box = app.screen.query_one("#predict-box").region
        parts = [app.screen.query_one(f"#{part}").region for part in ("key", "predict-keys")]
    assert asked > 2 and keyed == 2, (asked, key.text())
    # 24 rows less the box's 11 of its own, the question's, the key's and the x axis's
    assert len(plot_rows(rows)) == 24 - 11 - asked - keyed - 1, rows
    assert box.bottom <= 24 and all(box.contains_region(part) for part in parts)


@pytest.mark.parametrize("level_id", QUESTION_CHARTS)
async def test_a_taller_terminal_never_gives_the_questions_chart_fewer_rows(
    level_id: str, tmp_path: Path
) -> None:
    """The chart had 15 rows at 30 to 35 rows and a fixed 14 from 36 on: a taller terminal
    drew the points the question is about smaller. From 24 rows to 50 it never shrinks, and
    the box stays whole on screen."""
    app = make_app(SHIPPED, tmp_path, seed=3, start=level_id)
    heights: list[int] = []
    async with app.run_test(size=(100, 24)) as pilot:
        chart, _ = await question_chart(app, pilot)
        for rows in (24, 30, 35, 36, 40, 50):
            await pilot.resize_terminal(100, rows)
            await settled(pilot, lambda r=rows: app.screen.size.height == r)
            await pilot.pause()
            box = app.screen.query_one("#predict-box").region
            assert box.bottom <= rows, (rows, box)
            heights.append(chart.size.height)
    assert heights == sorted(heights) and heights[-1] > heights[0], heights
