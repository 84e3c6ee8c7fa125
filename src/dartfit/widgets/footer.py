"""The footer of keys, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """Textual's footer, recomposed only when what it shows changes.

    Textual rebuilds every key of the footer whenever a screen's bindings are updated
    (focus moves, a screen resumes): seven times while a level opens, each time styling
    twenty new widgets to draw the same keys. This footer remembers the keys it drew and
    skips a rebuild that would draw them again."""

    _shown: tuple[object, ...] | None = None

    def _keys(self) -> tuple[object, ...]:
        """What the footer would show now: each binding shown, whether it is enabled."""
        shown = tuple(
            (binding.key, binding.description, binding.action, binding.group, enabled, tip)
            for _node, binding, enabled, tip in self.screen.active_bindings.values()
            if binding.show
        )
        return (*shown, self.show_command_palette, self.compact)

    def compose(self) -> ComposeResult:
        self._shown = None
        drawn = 0
        for widget in super().compose():  # one at a time: keys inside a group need that
            drawn += 1
            yield widget
        if drawn:  # nothing is drawn until the screen's bindings are ready
            self._shown = self._keys()

    async def recompose(self) -> None:
        if self._shown is not None and self.is_attached and self._keys() == self._shown:
            return
        await super().recompose()
