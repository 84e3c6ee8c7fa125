"""Textual's Header, safe to close right after it opens."""

from __future__ import annotations

import contextlib

from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

ICON = "◎"
"""The icon at the title's left (it opens the palette): a dartboard, in the fonts terminals
have. Textual's ⭘ (U+2B58) is not in DejaVu Sans Mono, and drew a box for a glyph."""


class TitleBar(Header):
    """The header with the screen's title; a title change that arrives after its screen
    has closed is dropped (Textual's own Header then raises NoMatches and ends the app:
    a level left right after it opened did that)."""

    def __init__(self) -> None:
        super().__init__(icon=ICON)

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Header's handler, not after it
        Widget._on_mount(self, event)

        async def set_title() -> None:
            with contextlib.suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        self.watch(self.app, "title", set_title)
        self.watch(self.app, "sub_title", set_title)
        self.watch(self.screen, "title", set_title)
        self.watch(self.screen, "sub_title", set_title)
