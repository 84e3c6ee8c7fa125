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


class Apart(PlainVertical):
    """A plain container around one widget that seldom changes (the title bar, the goal, the
    hint, the keys), so that a frame leaves it alone.

    Textual's compositor renders again, in every frame, each widget whose *clip* (its
    parent's region) meets the frame's changes, however far the widget itself lies from
    them: the screen's children and the level body's (the title, the keys, the goal, the
    hint) were rendered on every nudge, about 0.05 ms each, for rows no nudge touches.
    Inside one of these its clip is its own row or rows; only this container, which is
    blank, is rendered (about a microsecond)."""
