"""The title screen's footer offers one way to quit, not two."""

from __future__ import annotations

from pathlib import Path

from dartfit.app import make_app
from dartfit.screens.title import TitleScreen
from tests.conftest import SHIPPED


async def test_the_title_footer_offers_one_way_to_quit(tmp_path: Path) -> None:
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        shown = [b.binding for b in app.screen.active_bindings.values() if b.binding.show]
        quits = {b.key for b in shown if b.action.endswith("quit")}
        assert len(quits) == 1, quits
        await pilot.press("escape")  # escape still quits, unlisted
        await pilot.pause()
        assert not app.is_running


async def test_the_title_bar_icon_is_a_glyph_terminal_fonts_have(tmp_path: Path) -> None:
    """Textual's ⭘ (U+2B58, Miscellaneous Symbols and Arrows) is not in DejaVu Sans Mono
    and drew a box in the README's pictures; a shape of the Geometric Shapes block (U+25A0
    to U+25FF) is in every common monospace font."""
    from textual.widgets._header import HeaderIcon

    app = make_app(SHIPPED, tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        icon = str(app.screen.query_one(HeaderIcon).render())
        assert len(icon) == 1 and 0x25A0 <= ord(icon) <= 0x25FF, hex(ord(icon))
