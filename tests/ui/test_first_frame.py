"""A screen the game starts at is sent as one whole frame: Textual throws away the frames
drawn during its start-up yet takes the first as sent, so the first frame written was only
the cells changed since (no title bar, side panel nor footer) and the whole screen followed
at the next update, 12-20 ms later (`DrawnOnceStarted`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import RenderableType
from rich.control import Control
from textual.screen import Screen

from dartfit.app import make_app
from dartfit.dialogs.paused import PausedScreen
from dartfit.dialogs.too_small import TooSmallScreen
from dartfit.screens import level_base
from dartfit.steady.started import DrawnOnceStarted
from dartfit.wire import Wire
from tests.conftest import SHIPPED
from tests.ui.typing import settled

ROW_START = re.compile(r"\x1b\[(\d+);1H")


@pytest.mark.parametrize(
    ("start", "lesson", "size"),
    [
        ("first-line", None, (120, 40)),
        (None, None, (120, 40)),
        (None, "error", (120, 40)),
        ("first-line", None, (60, 20)),
    ],
    ids=["a level", "the title", "a lesson", "the size notice"],
)
async def test_the_first_screen_is_sent_whole_in_one_frame(
    tmp_path: Path, start: str | None, lesson: str | None, size: tuple[int, int]
) -> None:
    app = make_app(SHIPPED, tmp_path, start=start, lesson=lesson)
    wire = Wire()  # as the terminal's driver trims each frame Textual writes
    sent: list[str] = []
    display = app._display

    def seen(screen: Screen[Any], renderable: RenderableType | None) -> None:
        display(screen, renderable)
        if renderable is not None and not app._batch_count:  # written, not thrown away
            frame = renderable.render_segments(app.console)  # type: ignore[union-attr]
            if trimmed := wire.trim(frame + Control.move_to(0, 0).segment.text):
                sent.append(trimmed)

    app._display = seen  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: len(app.screen_stack) > 1 and bool(sent))
        for _ in range(6):
            await pilot.pause(0.05)
    rows = {int(row) for row in ROW_START.findall(sent[0])}
    assert rows == set(range(1, size[1] + 1))  # every row of the screen
    assert len(sent) == 1


async def test_a_level_the_game_starts_at_settles_its_build_after_its_first_frame(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the collection of what the level's build made ran during Textual's start-up, before
    # the first frame, and held it back
    app = make_app(SHIPPED, tmp_path, start="first-line")
    sent: list[int] = []
    frames_when_settled: list[int] = []
    display = app._display

    def seen(screen: Screen[Any], renderable: RenderableType | None) -> None:
        display(screen, renderable)
        if renderable is not None and not app._batch_count:  # written, not thrown away
            sent.append(1)

    app._display = seen  # type: ignore[method-assign]
    monkeypatch.setattr(
        level_base, "settle_the_build", lambda: frames_when_settled.append(len(sent))
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot, lambda: bool(frames_when_settled))
    assert frames_when_settled[0] >= 1


def _subclasses(screen: type[Screen[Any]]) -> list[type[Screen[Any]]]:
    return [screen, *(s for sub in screen.__subclasses__() for s in _subclasses(sub))]


def test_a_screen_drawn_once_started_keeps_the_styles_of_every_textual_screen_it_is() -> None:
    # Textual takes a screen's CSS along its first bases alone: DrawnOnceStarted put first
    # hid ModalScreen's from the pause, and with it the see-through background
    kinds = _subclasses(DrawnOnceStarted)[1:]
    assert {PausedScreen, TooSmallScreen} <= set(kinds)
    for kind in kinds:
        screens = {base for base in kind.__mro__ if issubclass(base, Screen)}
        assert screens - {DrawnOnceStarted} <= set(kind._css_bases(kind)), kind
