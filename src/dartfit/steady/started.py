"""Screens that may be on the stack as the game starts: drawn once Textual's start-up is over."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


class DrawnOnceStarted(Screen[Any]):
    """A screen pushed as the app starts (the title, a level, a lesson, the size notice, the
    pause) counts as shown only once the app has started (`SteadyApp.on_ready`). Textual
    throws away the frames drawn during its start-up, yet takes the first as sent: the first
    frame written after it had only the cells changed since (no title bar, side panel nor
    footer), and the whole screen came at the next update, 12-20 ms later. Laid out but not
    drawn until then, the screen is drawn whole, once, as the start-up ends. (An app that
    does not say when it has started, a test's, has.) Put it after `ModalScreen` among a
    modal's bases: Textual takes a screen's CSS from its first base alone, and the pause,
    behind this, lost ModalScreen's see-through background and hid the game."""

    @property
    def is_current(self) -> bool:
        return bool(getattr(self.app, "started", True)) and super().is_current
