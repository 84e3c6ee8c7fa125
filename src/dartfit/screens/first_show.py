"""Screens that are not styled a second time as they first show."""

from __future__ import annotations

from textual.events import ScreenResume


class StyledAsMounted:
    """A screen's mixin: shown for the first time, it is not styled again. Textual styles a
    screen's widgets as they mount and again as the screen shows, and nothing changes in
    between (a class set meanwhile restyles what it touches as it is set; tests check each
    screen at each size and theme). The second time was a sixth of the longest stall of
    the game's loop, as a game started at a level went back to the list, and 5 to 16 ms of
    a level's first frame. (Handled before Textual's own handler, which reads the flag:
    put the mixin before `Screen` among the bases.)"""

    _shown_once = False

    def on_screen_resume(self, event: ScreenResume) -> None:
        if not self._shown_once:
            self._shown_once = True
            event.refresh_styles = False
