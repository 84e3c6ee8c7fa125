"""How each screen looks at 80 × 24 and 120 × 40 (SVG snapshots; update with --snapshot-update)."""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import Static

from dartfit.app import make_app
from dartfit.campaign import chapter_stars, stars
from dartfit.csvdata import Dataset
from dartfit.dialogs.congrats import CongratsScreen
from dartfit.dialogs.too_small import TooSmallScreen
from dartfit.progress import LevelResult
from tests.conftest import SHIPPED, made_predictions
from tests.ui.typing import pressed_as_read, settled

SIZES = [(80, 24), (120, 40)]
SCENES = {
    "title": (None, []),
    "levels": (None, ["enter"]),
    "darts": ("windy", ["left", "space", "space"]),
    "compare": ("worse-round", ["b"]),
    "line": ("first-line", ["right", "right", "up"]),
    "points": ("pull", ["tab", "tab", "up"]),
    "mae": ("median-guess", ["up", "up"]),
    "win": ("worse-round", ["a"]),
    "help": ("first-line", ["question_mark"]),
    "mle": ("likely-line", ["right", "right", "up", "right_square_bracket"]),
    "bowl": ("bowl", ["space", "space", "space"]),
    "diverging": ("too-hot", ["space", "space", "space", "space"]),
    "bias-darts": ("wind-and-wobble", ["left", "space", "space"]),
    "degree": ("degree", ["right", "right"]),
    "guess": ("guess-mse", ["1", "2", "full_stop", "5"]),
    "guess-revealed": ("guess-mse", ["1", "2", "full_stop", "5", "enter"]),
    "kink": ("kink", ["1", "space", "space", "space", "space"]),
    "huber": ("huber", ["left", "left", "left", "left"]),
    "sets": ("anscombe", ["right"] * 5 + ["down"] * 8 + ["d"]),  # the won line on all four
    "lessons": (None, ["l"]),
    "all-open": (None, ["enter", "end"]),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_screen_looks_right(snap_compare, tmp_path, scene: str, size: tuple[int, int]) -> None:
    start, keys = SCENES[scene]
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=start, all_open=scene == "all-open")

    async def played(pilot) -> None:  # the keys after a win once its panel shows
        await pressed_as_read(pilot, *keys)

    assert snap_compare(app, run_before=played, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_own_data_looks_right(snap_compare, tmp_path, size: tuple[int, int]) -> None:
    """The sandbox on real-world numbers (years, far from x = 0): the line turns about x̄."""
    years = np.arange(1990, 2021, 2, dtype=float)
    level = 14.3 + 0.021 * (years - years.mean()) + 0.05 * np.sin(years)
    data = Dataset(tmp_path / "sea.csv", years, level, "year", "level")
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, data=data)
    assert snap_compare(app, press=["right", "up"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_congratulations_look_right(snap_compare, tmp_path, size: tuple[int, int]) -> None:
    """The end of the campaign: every chapter with its stars and what it taught."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    progress = app.progress
    for n, level in enumerate(app.levels):
        progress = progress.record(level.id, LevelResult(completed=True, stars=1 + n % 3))

    chapters = chapter_stars(app.levels, progress)

    async def congratulate(pilot) -> None:
        await pilot.pause()
        app.push_screen(CongratsScreen(*stars(app.levels, progress), chapters))
        await pilot.pause()
        # the sum over the chapters below it (the picture read "Stars: 48 of 72" over
        # chapters adding up to 63 of 96: a total typed in by hand)
        got, most = (sum(chapter[k] for chapter in chapters) for k in (1, 2))
        said = app.screen.query_one("#congrats-stars", Static).render()
        assert str(said) == f"Stars: {got} of {most}"

    assert snap_compare(app, run_before=congratulate, terminal_size=size)


def test_size_notice_looks_right(snap_compare, tmp_path) -> None:
    """A level opened in a terminal too small for it: the size now beside the size needed."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")

    async def noticed(pilot) -> None:
        await settled(pilot, lambda: isinstance(app.screen, TooSmallScreen))

    assert snap_compare(app, run_before=noticed, terminal_size=(60, 20))


CHECK_SCENES = {
    "question": ("bias-variance", []),
    "answered": ("bias-variance", ["2"]),
    "order": ("bias-variance", ["1", "enter", "1", "0", "enter", "enter", "1", "enter", "enter"]),
    "summary": ("final", []),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(CHECK_SCENES))
def test_check_looks_right(snap_compare, tmp_path, scene: str, size: tuple[int, int]) -> None:
    """A chapter's check: a question, one answered wrong and explained, an order question;
    the final check's summary with the gain per concept."""
    from dartfit.progress import Progress, ProgressStore
    from dartfit.quiz import FINAL, WARM_UP, asked

    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, all_open=True)
    which, keys = CHECK_SCENES[scene]
    progress = Progress()
    for level in app.levels:
        progress = progress.record(level.id, LevelResult(completed=True, stars=3))
    for i, question in enumerate(asked(app.checks, WARM_UP, progress)):
        progress = progress.answered(question.key, i % 3 == 0, "before")
    ProgressStore.in_folder(tmp_path).save(progress)

    async def open_check(pilot) -> None:
        await pilot.press("enter")
        app.take_check(which)
        await pilot.pause()
        await pilot.press(*keys)
        if scene == "summary":  # every third question missed, the rest right
            from tests.ui.keys import answer_keys

            for i, question in enumerate(asked(app.checks, FINAL, progress)):
                await pilot.press(*answer_keys([question], right=i % 3 != 2))

    assert snap_compare(app, run_before=open_check, terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_prediction_looks_right(snap_compare, tmp_path, size: tuple[int, int]) -> None:
    """A level's prediction, asked over the level before it is played (a first visit)."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="outlier-mae")
    assert snap_compare(app, press=["down"], terminal_size=size)
