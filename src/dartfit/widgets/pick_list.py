"""Option lists whose enter is named in the footer (`⏎ Play`), as every other screen's keys
are: Textual's own OptionList binds enter out of sight."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class PickList(OptionList):
    """A list whose enter opens the option under the cursor: `⏎ Open` in the footer."""

    BINDINGS = [Binding("enter", "select", "Open", key_display="⏎")]


class LevelList(PickList):
    """The level list: enter plays the level under the cursor, `⏎ Play`."""

    BINDINGS = [Binding("enter", "select", "Play", key_display="⏎")]
