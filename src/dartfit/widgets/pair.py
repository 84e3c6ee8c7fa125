"""ChartPair: two charts one above the other, or side by side when there is too little
height for both to be read stacked (a win panel along the bottom of an 80×24 terminal
left each of the kink level's charts two rows: two tick labels each)."""

from __future__ import annotations

from textual.containers import Vertical

SIDE_BELOW = 18
"""Rows under which the pair goes side by side: stacked, each chart would get fewer than
nine rows, five of them its plot (a title, the frame and the x labels take the rest)."""
SIDE_FROM = 72
"""Columns the pair needs to go side by side: two charts of 36 columns."""


class ChartPair(Vertical):
    """A pair of charts, stacked, or side by side (class ``-side``) when short and wide."""

    def on_resize(self) -> None:
        width, height = self.size
        self.set_class(height < SIDE_BELOW and width >= SIDE_FROM, "-side")
