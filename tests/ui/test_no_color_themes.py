"""Under NO_COLOR the themes of the terminal's own colours (ansi-dark, ansi-light) made every
screen black on black: NO_COLOR's filter turns colours to greys, and the terminal's default
colours have none (a player's pass; the choice was saved, so every later start was blank
too). They are not offered there, and one saved before is not put on."""

from __future__ import annotations

from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.progress import Progress, ProgressStore
from dartfit.progress.model import THEME
from tests.ui.typing import settled


@pytest.mark.parametrize("saved", ["ansi-dark", "ansi-light"])
async def test_no_color_offers_and_puts_on_no_theme_of_the_terminals_colours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, saved: str
) -> None:
    assert ProgressStore.in_folder(tmp_path).save(Progress().with_setting(THEME, saved))
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: app.screen.query("Static"))
        assert app.no_color and app.theme != saved
        assert not [name for name, theme in app.available_themes.items() if theme.ansi]


async def test_with_colour_the_terminals_themes_stay_offered(tmp_path: Path) -> None:
    app = make_app(data_dir=tmp_path)
    async with app.run_test(size=(80, 24)):
        assert not app.no_color and "ansi-dark" in app.available_themes


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_no_color_shows_a_list_s_scroll_thumb_apart_from_its_track(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, theme: str
) -> None:
    """NO_COLOR's filter turns colours to greys by their brightness: the level list's thumb
    and track came out one grey (black on black at TERM=xterm), and a student saw no sign
    that the list scrolls. The thumb is the text's colour on the screen's, a grey apart."""
    assert ProgressStore.in_folder(tmp_path).save(Progress().with_setting(THEME, theme))
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settled(pilot, lambda: app.screen.query("OptionList"))
        styles = app.screen.query_one("OptionList").styles
        thumb, track = styles.scrollbar_color, styles.scrollbar_background
        assert app.theme == theme
        assert abs(thumb.brightness - track.brightness) > 0.5, (thumb, track)
