"""TextScroll: a scrolled text whose keys each scroll it, however fast they come.

Textual's container scrolls one line from where the last key's scroll was to end
(`scroll_target_y + 1`), but does so after the next refresh: keys that come before it (a
held ↓, a burst over SSH) all read the same target, and five ↓ scrolled one line. Page keys
count from where the text is at the moment (`scroll_y`), so a page key during the last one's
glide was lost too. Here each key scrolls at once, from where the last one ends.

A page down starts the next page at the first block (a table, a worked example, a
paragraph) the page's bottom edge cut, where it fits a page: a lesson's table of misses and
costs was read across two pages, its head on one and its rows on the next.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.containers import VerticalScroll
from textual.widget import Widget


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
        top, page = self.scroll_target_y, self.scrollable_content_region.height
        self._scroll_by(self.next_page(top, page) - top)

    def next_page(self, top: float, page: int) -> float:
        """Where a page down from `top` starts: a page on, or sooner at the outermost block
        the page's bottom edge cuts that fits a page whole (and starts below `top`)."""
        edge = top + page
        for block, y in self._blocks(self, 0):
            if top < y < edge < y + block.virtual_region.height <= y + page:
                return y
        return edge

    def _blocks(self, parent: Widget, at: int) -> list[tuple[Widget, int]]:
        """The widgets under `parent` with where each starts in the text, outer ones first."""
        found: list[tuple[Widget, int]] = []
        for child in parent.children:
            if child.display:
                y = at + child.virtual_region.y  # its own top, past its margin
                found += [(child, y), *self._blocks(child, y + child.styles.gutter.top)]
        return found

    def action_page_up(self) -> None:
        self._scroll_by(-self.scrollable_content_region.height)
