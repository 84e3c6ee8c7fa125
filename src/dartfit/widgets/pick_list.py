"""Option lists whose enter is named in the footer (`⏎ Play`), as every other screen's keys
are: Textual's own OptionList binds enter out of sight."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding
from textual.widgets import OptionList


class PickList(OptionList):
    """A list whose enter opens the option under the cursor: `⏎ Open` in the footer; its
    chosen row stays in sight when it is resized."""

    BINDING_GROUP_TITLE = "In the list"  # the help's title over its keys (dialogs.help)
    # Textual's OptionList binds these out of sight ("Up", "Page Down"); said as moves, for
    # the help's table (↑ ↓  Move up / down), still out of the footer's
    BINDINGS = [
        Binding("enter", "select", "Open", key_display="⏎"),
        Binding("up", "cursor_up", "Move up", show=False),
        Binding("down", "cursor_down", "Move down", show=False),
        Binding("pageup", "page_up", "A page up", show=False),
        Binding("pagedown", "page_down", "A page down", show=False),
        Binding("home", "first", "To the first", show=False),
        Binding("end", "last", "To the last", show=False),
    ]

    def _moved_or_scrolled(self, move: Callable[[], None], down: bool, by: int | None) -> None:
        """Move the cursor to an open row that way; where none is left (the move would wrap
        round, or find nothing) keep it and scroll the view `by` rows instead (None: to the
        end that way): the rows below the last open one (a new player's locked levels, 27 to
        32 at 120×40) could not be seen from the keyboard, only with the mouse's wheel (↓
        went round to the warm-up at the top, pgdn lost the cursor)."""
        before, y = self.highlighted, self.scroll_offset.y
        if before is None:
            move()
            return

        def moved() -> bool:
            after = self.highlighted
            return after is not None and (after > before if down else after < before)

        move()
        if moved():
            return
        (super().action_last if down else super().action_first)()  # a page short of a page
        if moved():
            return
        self.highlighted = before
        to = (self.max_scroll_y if down else 0) if by is None else y + by
        self.scroll_to(y=to, animate=False, immediate=True)  # not where the move took it

    def action_cursor_down(self) -> None:
        self._moved_or_scrolled(super().action_cursor_down, True, 1)

    def action_cursor_up(self) -> None:
        self._moved_or_scrolled(super().action_cursor_up, False, -1)

    def action_page_down(self) -> None:
        page = self.scrollable_content_region.height
        self._moved_or_scrolled(super().action_page_down, True, page)

    def action_page_up(self) -> None:
        page = self.scrollable_content_region.height
        self._moved_or_scrolled(super().action_page_up, False, -page)

    def action_last(self) -> None:
        self._moved_or_scrolled(super().action_last, True, None)

    def action_first(self) -> None:
        self._moved_or_scrolled(super().action_first, False, None)

    def on_resize(self) -> None:
        """Shrunk by what grows under it (the level list's detail: a puzzle's four rows to a
        level's two), the list kept its scroll, and the row chosen fell below its edge (a
        hostile pass: End on a campaign won)."""
        self.scroll_to_highlight()


class LevelList(PickList):
    """The level list: enter plays the level under the cursor, `⏎ Play`."""

    BINDINGS = [Binding("enter", "select", "Play", key_display="⏎")]
