"""Option lists whose enter is named in the footer (`⏎ Play`), as every other screen's keys
are: Textual's own OptionList binds enter out of sight."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class PickList(OptionList):
    """A list whose enter opens the option under the cursor: `⏎ Open` in the footer; its
    chosen row stays in sight when it is resized."""

    BINDINGS = [Binding("enter", "select", "Open", key_display="⏎")]

    def on_resize(self) -> None:
        """Shrunk by what grows under it (the level list's detail: a puzzle's four rows to a
        level's two), the list kept its scroll, and the row chosen fell below its edge (a
        hostile pass: End on a campaign won)."""
        self.scroll_to_highlight()


class LevelList(PickList):
    """The level list: enter plays the level under the cursor, `⏎ Play`."""

    BINDINGS = [Binding("enter", "select", "Play", key_display="⏎")]
