"""TextScroll: a scrolled text whose keys each scroll it, however fast they come.

Textual's container scrolls one line from where the last key's scroll was to end
(`scroll_target_y + 1`), but does so after the next refresh: keys that come before it (a
held ↓, a burst over SSH) all read the same target, and five ↓ scrolled one line. Page keys
count from where the text is at the moment (`scroll_y`), so a page key during the last one's
glide was lost too. Here each key scrolls at once, from where the last one ends.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.containers import VerticalScroll


class TextScroll(VerticalScroll):
    """A VerticalScroll whose ↑ ↓ and page keys add up however fast they are pressed."""

    def _scroll_by(self, lines: float) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_to(y=self.scroll_target_y + lines, immediate=True)

    def action_scroll_down(self) -> None:
        self._scroll_by(1)

    def action_scroll_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(self.scrollable_content_region.height)

    def action_page_up(self) -> None:
        self._scroll_by(-self.scrollable_content_region.height)
