"""KeptLines: a widget that hands the compositor the lines it drew last, while nothing it
draws from has changed.

Textual's compositor renders again, in every frame, each widget whose clip meets the frame's
changes, in full: a nudge changes the chart, the HUD's numbers and the formula's, so the
panels around those numbers (a border, padding) and the key strip under the chart were
rendered for each key though they had not changed, some 50 µs each through Textual's style
cache (which asks the widget's colours of every ancestor and filters every line again).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

from textual.filter import LineFilter
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

Kept = tuple[Region, Size, Sequence[LineFilter], object, list[Strip]]
"""The crop the lines were drawn for, the widget's size, the line filters, its hatch, the
lines."""


class KeptLines(Widget):
    """A widget whose lines, once drawn, are given again until it is refreshed, its styles
    change (a class, the theme), or its size, its crop or the app's line filters do: what
    Textual itself draws them anew for (it marks a widget dirty through `refresh`, its
    styles' update, or a new size). A hatch set in code is looked at too: Textual sets it
    without a refresh, where every other style set in code refreshes the widget."""

    _kept: Kept | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        key = (crop, self.outer_size, self.get_line_filters(), self.styles.hatch)
        kept = self._kept
        if kept is not None and kept[:4] == key:
            return kept[4]
        lines = self.draw_lines(crop)
        self._kept = (*key, lines)
        return lines

    def draw_lines(self, crop: Region) -> list[Strip]:
        """The lines in `crop`, drawn anew: as Textual draws them, unless a subclass knows a
        faster way."""
        return super().render_lines(crop)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        self._kept = None
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def notify_style_update(self) -> None:
        self._kept = None
        super().notify_style_update()
