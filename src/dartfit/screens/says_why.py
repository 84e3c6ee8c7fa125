"""A key that can do nothing says why: the bell and a few words, as `u` says "Nothing to
undo.", once while those words are still shown, so a held key is not a storm of bells.

A key at its limit (δ on its top rung, the aim already on the bullseye, the lowest degree)
did nothing and said nothing: the footer offered "δ larger" and the key seemed broken.
"""

from __future__ import annotations

import math
import time
from typing import Any, cast

from textual.screen import Screen


class SaysWhy:
    """A screen's mixin: `refuse(why)` rings the bell and tells the player why (`tell`);
    the same words again while they are still shown (a held key, a key's repeats) neither
    ring nor tell again. A plain class, not a Screen: Textual takes a screen's CSS along
    its first bases that are screens, and the game's screens load their styling by the
    classes they are (tests/test_play_styles.py)."""

    _refused: tuple[str, float] = ("", -math.inf)

    def refuse(self, why: str) -> None:
        """Say that a key did nothing, and why, with the bell (once while it is shown)."""
        if self.still_said(why):
            return  # still on screen: a held key's repeats add nothing
        self._refused = (why, time.monotonic())
        self._screen.app.bell()
        self.tell(why)

    def still_said(self, why: str) -> bool:
        """Whether these words of a refusal are still shown: its toast's time is not up."""
        said, at = self._refused
        return why == said and time.monotonic() - at < self._screen.app.NOTIFICATION_TIMEOUT

    def tell(self, why: str) -> None:
        """Where a refusal's words go: a toast; a screen with a line of its own for them
        (the auto-solver's status) says them there."""
        self._screen.notify(why, markup=False)

    @property
    def _screen(self) -> Screen[Any]:
        """The screen this is a mixin of."""
        return cast("Screen[Any]", self)
