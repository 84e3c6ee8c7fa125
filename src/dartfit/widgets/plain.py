"""Containers that paint nothing of their own: a level's body and its play area.

Textual renders every widget on screen again for each frame, a container too, though its
children cover it (about 0.15 ms a container a nudge at 120×40, through its style cache).
These have no border, outline, tint or content, only their background, which shows where
no child does (padding, the room made beside a win panel): Textual's `BLANK` draws that
background straight away.
"""

from __future__ import annotations

from textual.containers import Horizontal, Vertical


class PlainHorizontal(Horizontal):
    """A horizontal container that is its background and its children, nothing more."""

    BLANK = True


class PlainVertical(Vertical):
    """A vertical container that is its background and its children, nothing more."""

    BLANK = True
