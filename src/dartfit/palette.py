"""The command palette: Textual's, with keys typed ahead of its list held until it is laid out."""

from __future__ import annotations

from textual.command import CommandPalette


class Palette(CommandPalette):
    """Textual's command palette. `ctrl+p ↓ pgdn` typed in one go reached the list before it
    was laid out, and Textual's page move raised KeyError and ended the game: such a key now
    waits for the next refresh."""

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError):  # the list has options but no lines laid out yet
            if self.is_attached:
                self.call_after_refresh(self._action_command_list, action)
