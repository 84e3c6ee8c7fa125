"""A screen is styled as it mounts and not again as it first shows (`StyledAsMounted`):
Textual's second styling of a level's every widget was 5 to 16 ms of its first frame. Each
shipped level, at one of three sizes and two themes by turns, first shown, is styled as
styling it again would style it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.levels import load_levels
from dartfit.screens.level_base import LevelScreen
from tests.conftest import SHIPPED
from tests.ui.test_level_list import looks
from tests.ui.typing import settled

LEVELS = load_levels(SHIPPED)
SIZES = [(80, 24), (120, 40), (200, 50)]
THEMES = ["textual-dark", "textual-light"]


@pytest.mark.parametrize("index", range(len(LEVELS)), ids=[level.id for level in LEVELS])
async def test_a_level_first_shown_is_styled_once_and_as_styling_it_again_would(
    tmp_path: Path, index: int
) -> None:
    level = LEVELS[index]
    app = make_app(SHIPPED, tmp_path, all_open=True)
    again: list[object] = []
    async with app.run_test(size=SIZES[index % 3]) as pilot:
        app.theme = THEMES[index % 2]
        await pilot.pause()
        update_styles = app.update_styles

        def spy(node: object = None, animate: bool = True) -> None:
            if not animate:  # a screen's styling as it shows (a class set animates)
                again.append(node)
            update_styles(node, animate)  # type: ignore[arg-type]

        app.update_styles = spy  # type: ignore[method-assign]
        app.open_level(level)
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        await pilot.pause()
        assert screen not in again
        shown = looks(screen)  # type: ignore[arg-type]
        screen.update_node_styles(animate=False)
        assert looks(screen) == shown  # type: ignore[arg-type]
