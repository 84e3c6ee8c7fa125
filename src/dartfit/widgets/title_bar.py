"""Textual's Header, safe to close right after it opens, its title fitted to its width."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from rich.cells import cell_len
from textual.content import Content
from textual.css.query import NoMatches
from textual.dom import NoScreen
from textual.events import Mount
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._header import HeaderTitle

from dartfit.printable import fitted

ICON = "◎"
"""The icon at the title's left (it opens the palette): a dartboard, in the fonts terminals
have. Textual's ⭘ (U+2B58) is not in DejaVu Sans Mono, and drew a box for a glyph."""

BESIDE = 18
"""The columns of the header beside its title: Textual's icon (8) and clock space (10)."""

BETWEEN = " — "
"""What stands between the title and the sub-title (as Textual's `App.format_title`)."""


def fitted_title(
    title: str, sub_title: str, width: int, sub_title_in: Callable[[int], str] | None = None
) -> tuple[str, str]:
    """The title and sub-title a header `width` cells wide shows: both when they fit; else
    both cut, the sub-title to what the title leaves it but at least half (`sub_title_in`
    writes it in as many cells, where given; else it is cut with "…"), the title to the
    rest; the title alone, cut, only where too narrow for both. (The sandbox dropped
    "— weight against height" for a long file name; Textual had cut the pair at the edge:
    "Your data: student_heights_…_fin… …", one cell of the sub-title left.)"""
    both = cell_len(title) + (cell_len(BETWEEN + sub_title) if sub_title else 0)
    if both <= width:
        return title, sub_title
    room = width - cell_len(BETWEEN)
    if not sub_title or room < 2 * FEWEST_CELLS:
        return fitted(title, width), ""
    cells = max(room - cell_len(title), room // 2)
    sub = sub_title_in(cells) if sub_title_in is not None else fitted(sub_title, cells)
    return fitted(title, room - cell_len(sub)), sub


FEWEST_CELLS = 12
"""The fewest cells the title and the sub-title are each cut to (else the sub-title goes)."""


class TitleBar(Header):
    """The header with the screen's title; a title change that arrives after its screen
    has closed is dropped (Textual's own Header then raises NoMatches and ends the app:
    a level left right after it opened did that). A title and sub-title too wide for the
    header lose the sub-title, and then the title's end, before Textual's cut would."""

    def __init__(self) -> None:
        super().__init__(icon=ICON)

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Header's handler, not after it
        Widget._on_mount(self, event)
        self.watch(self.app, "title", self._set_title)
        self.watch(self.app, "sub_title", self._set_title)
        self.watch(self.screen, "title", self._set_title)
        self.watch(self.screen, "sub_title", self._set_title)

    async def _set_title(self) -> None:
        with contextlib.suppress(NoScreen, NoMatches):
            self.query_one(HeaderTitle).update(self.format_title())

    async def on_resize(self) -> None:
        await self._set_title()  # what fits has changed

    def format_title(self) -> Content:
        title, sub_title = self.screen_title, self.screen_sub_title
        if self.size.width:  # laid out: else whole, until it is
            cut = getattr(self.screen, "sub_title_in", None)  # a screen's own way to cut it
            title, sub_title = fitted_title(title, sub_title, self.size.width - BESIDE, cut)
        return self.app.format_title(title, sub_title)
