"""The footer of keys: one line, one widget, redrawn only when the keys it shows change.

Textual's own `Footer` is a container of one widget per key (twenty on a level screen),
rebuilt whenever a screen's bindings are announced: styling, laying out and drawing those
widgets was half the time a level took to open. This footer draws the same line itself:
each shown binding as ` key Description ` (a group of keys sharing a label, as Textual's
compact groups, ` ←→ m `), disabled keys dimmed, and the command palette's key at the right
edge. A click on a key presses it. `entries` says what is shown where (tests read it).
A screen whose key does what its own state says (the win's enter: the next level, or back
to the player's data) names it with a `key_description(binding)` method.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Protocol, runtime_checkable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

HELP_KEY = "question_mark"
"""`?`, which opens help on every screen: where it names the keys the footer leaves out."""
KEPT_KEYS = ("escape", HELP_KEY)
"""Keys the footer draws wherever there are any, however short it is: the way out, and the
help that names the rest (the sandbox at 80 columns left esc out, and showed no way back: a
student's check)."""


@runtime_checkable
class DescribesKeys(Protocol):
    """A screen that names some of its keys from its state rather than its BINDINGS."""

    def key_description(self, binding: Binding) -> str: ...


@runtime_checkable
class LabelsGroups(Protocol):
    """A screen whose keys' group labels say what the keys act on now (the sandbox's arrows:
    m and b, or a picked point's x and y)."""

    def group_label(self, label: str) -> str: ...


@runtime_checkable
class HidesKeys(Protocol):
    """A screen that leaves some of its shown keys off the footer while they can't help (a
    line level's enter, which finishes with a better line after a win, is not needed before
    it: the level wins by itself)."""

    def key_shown(self, binding: Binding) -> bool: ...


@dataclass(frozen=True)
class Entry:
    """One key on the footer: what it does and the columns it takes (end excluded)."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool
    group: str | None
    start: int
    end: int


class KeyFooter(Widget, can_focus=False):
    """The keys of the screen in one line; the command palette's key at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-footer--key", "key-footer--description", "key-footer--palette"}

    def __init__(self, show_command_palette: bool = True) -> None:
        super().__init__()
        self.show_command_palette = show_command_palette
        self.entries: tuple[Entry, ...] = ()
        self.palette: Entry | None = None
        self._shown: tuple[object, ...] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        shown = self._keys()
        if shown != self._shown:
            self._shown = shown
            self._lay_out()
            self.refresh()

    def _keys(self) -> tuple[object, ...]:
        """What the footer would show now: each binding shown, whether it is enabled."""
        shown = tuple(
            (binding.key, self._description(binding), binding.action, self._label(binding), enabled)
            for _node, binding, enabled, _tip in self.screen.active_bindings.values()
            if self._shown_now(binding)
        )
        return (*shown, self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE)

    def _lay_out(self) -> None:
        """Work out the entries and their columns (as Textual's footer would place them)."""
        by_action: defaultdict[str, list[tuple[Binding, bool]]] = defaultdict(list)
        for _node, binding, enabled, _tip in self.screen.active_bindings.values():
            if self._shown_now(binding):
                by_action[binding.action].append((binding, enabled))
        entries: list[Entry] = []
        x = 0
        firsts = [bindings[0] for bindings in by_action.values()]
        for group, members in groupby(firsts, lambda pair: pair[0].group):
            together = list(members)
            if group is not None and len(together) > 1:
                x += 1  # " ←→ m ", or " [ ] η " when the group is not compact
                gap = 0 if group.compact else 1
                label = self._label(together[0][0]) or group.description
                for binding, enabled in together:
                    shown = self.app.get_key_display(binding)
                    entries.append(self._entry(binding, shown, "", enabled, label, x))
                    x += len(shown) + gap
                x += len(label) + 2 - gap
                continue
            for binding, enabled in together:  # " key Description "
                shown = self.app.get_key_display(binding)
                said = self._description(binding)
                entries.append(self._entry(binding, shown, said, enabled, None, x))
                x = entries[-1].end
        self.entries = tuple(entries)
        self.palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tip = found
                shown = self.app.get_key_display(binding)
                self.palette = self._entry(binding, shown, binding.description, enabled, None, 0)

    def _shown_now(self, binding: Binding) -> bool:
        screen = self.screen
        return binding.show and (not isinstance(screen, HidesKeys) or screen.key_shown(binding))

    def _label(self, binding: Binding) -> str | None:
        """The label of the binding's group, as its screen says it now (None: no group)."""
        if binding.group is None:
            return None
        screen = self.screen
        label = binding.group.description
        return screen.group_label(label) if isinstance(screen, LabelsGroups) else label

    def _description(self, binding: Binding) -> str:
        screen = self.screen
        return (
            screen.key_description(binding)
            if isinstance(screen, DescribesKeys)
            else (binding.description)
        )

    @staticmethod
    def _entry(
        binding: Binding, shown: str, description: str, enabled: bool, group: str | None, x: int
    ) -> Entry:
        width = len(shown) if group else len(shown) + 2 + (len(description) + 1) * bool(description)
        return Entry(binding.key, shown, description, binding.action, enabled, group, x, x + width)

    def palette_start(self) -> int:
        """The first column of the palette's key (the footer's width when there is none):
        `▏^p palette ` at the right edge, as Textual's footer docks it; `▏^p ` where some
        keys are left out, so that `? Help`, which tells them, has room."""
        if self.palette is None:
            return self.size.width
        return max(self.size.width - self._palette_cells(self._short()), 0)

    def _palette_cells(self, short: bool) -> int:
        assert self.palette is not None
        return len(self.palette.key_display) + 2 if short else self.palette.end - self.palette.start

    def _short(self) -> bool:
        """Whether some keys are left out with the palette's key and word at the right."""
        if self.palette is None:
            return False
        limit = self.size.width - self._palette_cells(False)
        return len(self._fitting(limit)) < len(self.entries)

    def _fitting(self, limit: int) -> tuple[Entry, ...]:
        """The entries that fit whole left of column `limit` (a group with its label)."""
        shown: list[Entry] = []
        for group, members in groupby(self.entries, lambda entry: entry.group):
            unit = list(members)
            if group is None:
                shown += [entry for entry in unit if entry.end <= limit]
            elif _end(unit) <= limit:
                shown += unit
        return tuple(shown)

    def shown(self) -> tuple[Entry, ...]:
        """The entries drawn: those that fit whole before the palette's key (a group with
        its label), in order; a key cut in half ("^q Qui") is not drawn at all. Where some
        are left out, the `KEPT_KEYS` (the way back, and `? Help`, which names the rest)
        are drawn all the same: the others, in order, while they fit with room kept for
        those, each drawn right after the one before."""
        limit = self.palette_start()
        fitting = self._fitting(limit)
        musts = [e for e in self.entries if e.key in KEPT_KEYS and e.group is None]
        if not self._short() or all(entry in fitting for entry in musts):
            return fitting
        units: list[list[Entry]] = []  # a group of keys with its label, or one key
        for group, members in groupby(self.entries, lambda entry: entry.group):
            unit = list(members)
            units += [unit] if group else [[entry] for entry in unit]
        # each to where the next begins, the space between them included
        widths = [
            (after[0].start if after else _end(unit)) - unit[0].start
            for unit, after in zip(units, [*units[1:], None], strict=True)
        ]
        owed = sum(w for unit, w in zip(units, widths, strict=True) if unit[0] in musts)
        shown: list[Entry] = []
        at, room = units[0][0].start, True
        for unit, width in zip(units, widths, strict=True):
            if unit[0] in musts:
                owed -= width
            elif not (room and at + width + owed <= limit):
                room = False  # the rest in order: none skips ahead of one left out
                continue
            shift = at - unit[0].start
            shown += [replace(e, start=e.start + shift, end=e.end + shift) for e in unit]
            at += width
        return tuple(shown)

    def render(self) -> Text:
        key = self.get_component_rich_style("key-footer--key")
        words = self.get_component_rich_style("key-footer--description")
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        entries = self.shown()
        for n, entry in enumerate(entries):  # each at the column _lay_out gave it
            line.append(" " * (entry.start - line.cell_len))
            off = dim if not entry.enabled else Style()
            if entry.group is None:
                line.append(f" {entry.key_display} ", key + off)
                if entry.description:
                    line.append(f"{entry.description} ", words + off)
                continue
            line.append(entry.key_display, key + off)
            following = entries[n + 1] if n + 1 < len(entries) else None
            if following is None or following.group != entry.group:  # the group's label
                line.append(" ")
                line.append(entry.group, words)
                line.append(" ")
        if self.palette is not None:
            line.truncate(self.palette_start(), pad=True)
            palette = self.get_component_rich_style("key-footer--palette")
            line.append("▏", palette)
            line.append(self.palette.key_display, key)
            if not self._short():
                line.append(f" {self.palette.description}", words)
            line.append(" ")
        return line

    def entry_at(self, x: int) -> Entry | None:
        """The key drawn at column x, if any (the palette's key at the right edge)."""
        if self.palette is not None and x >= self.palette_start():
            return self.palette
        return next((e for e in self.shown() if e.start <= x < e.end), None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        entry = self.entry_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()


def _end(entries: list[Entry] | tuple[Entry, ...]) -> int:
    """The column after the last of the entries, a group's label included."""
    last = entries[-1]
    return last.end + (len(last.group) + 2 if last.group else 0)
