"""Help: what the screen underneath is about, and a table of its keys built from its bindings.

The prose is the screen's own ``HELP`` (Textual's place for a node's help text), or its
``help_prose()`` where that depends on what the screen shows; the keys come from the
screen's active bindings, as Textual's ``KeyPanel`` finds them, so the help can't drift
from ``BINDINGS``. Bindings are grouped by the class that declares them (a
class may title its group with ``BINDING_GROUP_TITLE``), and families are folded: one row
per action, ``← →`` for two opposite moves, and one ``shift+…`` row for the finer moves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, runtime_checkable

from rich import box
from rich.cells import cell_len
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from dartfit.widgets.scroll import TextScroll

EVERYWHERE = "Everywhere"  # the title of the app's own keys
SAVED = "Progress is saved as you go."
# Textual's own keys on every screen (focus and copy): not the game's, so not its help
TEXTUAL_DEFAULTS = frozenset(
    (b.key, b.action, b.description)
    for bs in BindingsMap(Screen.BINDINGS).key_to_bindings.values()
    for b in bs
)


@dataclass(frozen=True)
class KeyRow:
    """One line of the key table: the keys, what they do, and the binding's tooltip."""

    keys: tuple[str, ...]
    description: str
    note: str = ""
    fine: bool = False  # the shift+ twins of other keys, ten times finer


@dataclass(frozen=True)
class KeyGroup:
    """The keys one class declares (or the app's), under an optional title."""

    title: str
    rows: tuple[KeyRow, ...]


@runtime_checkable
class NotesKeys(Protocol):
    """A screen whose keys' notes in the help depend on what it plays (the sandbox's o and a
    are free on your own data, where a level's cost stars)."""

    def key_note(self, binding: Binding) -> str: ...


def key_groups(screen: Screen[Any]) -> list[KeyGroup]:
    """The keys that work on `screen` now: the screen's, grouped by the class that binds
    them, then the app's; and a focused widget's whose class titles its keys (the level and
    lesson lists' arrows and enter; Textual's own widgets' keys are Textual's)."""
    app = screen.app
    found: dict[type | App[Any], list[Binding]] = {}
    for key, active in screen.active_bindings.items():
        binding, node = active.binding, active.node
        if binding.system or not binding.description:
            continue
        if node not in (screen, app) and node is not screen.focused:
            continue
        if (key, binding.action, binding.description) in TEXTUAL_DEFAULTS:
            continue
        owner = app if node is app else _declared_by(node, key, binding)
        if node is screen and isinstance(screen, NotesKeys):
            binding = replace(binding, tooltip=screen.key_note(binding))
        if node not in (screen, app) and not _titled(owner):
            continue  # a focused widget's key bound by Textual's own classes (scrolling)
        found.setdefault(owner, []).append(binding)
    groups = []
    for owner, bindings in found.items():
        if isinstance(owner, type):
            title = owner.__dict__.get("BINDING_GROUP_TITLE") or ""
        else:
            title = owner.BINDING_GROUP_TITLE or EVERYWHERE
        rows = key_rows(bindings, [_display(app, b) for b in bindings])
        groups.append(KeyGroup(title, tuple(rows)))
    # the kind's own keys first (untitled), then the titled groups: every level's, the app's
    groups.sort(key=lambda group: bool(group.title))
    return _merge_untitled(groups)


def _titled(owner: type | App[Any]) -> bool:
    """Whether `owner` or a class it derives from titles its keys (`BINDING_GROUP_TITLE`)."""
    return isinstance(owner, type) and any(
        cls.__dict__.get("BINDING_GROUP_TITLE") for cls in owner.__mro__
    )


def _declared_by(node: object, key: str, binding: Binding) -> type:
    """The most derived class of `node` (a screen, a focused widget) whose own BINDINGS bind
    `key` to the action."""
    for cls in type(node).__mro__:
        own = BindingsMap(cls.__dict__.get("BINDINGS", [])).key_to_bindings.get(key, [])
        if any(b.action == binding.action for b in own):
            return cls
    return type(node)


def _display(app: App[Any], binding: Binding) -> str:
    """The key as the player types it: a footer's short `key_display` (``][``) names a
    family, but the help lists every key of it."""
    return app.get_key_display(replace(binding, key_display=None))


def key_rows(bindings: Sequence[Binding], display: Sequence[str]) -> list[KeyRow]:
    """Rows for `bindings` (each key shown as in `display`): one per action, the finer
    shift+ twins folded into one row, and opposite moves paired (``← →``)."""
    plain = {b.key: b.description for b in bindings}
    rows: list[KeyRow] = []
    at: dict[str, int] = {}  # an action, or a fine twin's note → its row
    for binding, shown in zip(bindings, display, strict=True):
        twin = plain.get(binding.key.removeprefix("shift+"))
        if (
            binding.key.startswith("shift+")
            and twin
            and binding.description.startswith(f"{twin}, ")
        ):
            note = binding.description[len(twin) + 2 :]
            group, keys = f"shift: {note}", (shown.removeprefix("shift+"),)
            description = note
        else:
            group, keys, description = binding.action, (shown,), binding.description
        if group in at:
            row = rows[at[group]]
            if keys[0] not in row.keys:
                rows[at[group]] = replace(row, keys=row.keys + keys)
        else:
            at[group] = len(rows)
            rows.append(KeyRow(keys, description, binding.tooltip, fine=group != binding.action))
    return _pair(replace(r, keys=("shift+" + "".join(r.keys),)) if r.fine else r for r in rows)


def _pair(rows: Iterable[KeyRow]) -> list[KeyRow]:
    """Join neighbours that differ only in their description's last word: ``Slope m down``
    on ← and ``Slope m up`` on → become ``← →  Slope m down / up``."""
    out: list[KeyRow] = []
    for row in rows:
        last = out[-1] if out else None
        if last is not None and len(last.keys) == len(row.keys) == 1 and last.note == row.note:
            head, _, word = last.description.rpartition(" ")
            other_head, _, other_word = row.description.rpartition(" ")
            if head and head == other_head and "/" not in word:
                out[-1] = KeyRow((*last.keys, *row.keys), f"{head} {word} / {other_word}", row.note)
                continue
        out.append(row)
    return out


def _merge_untitled(groups: list[KeyGroup]) -> list[KeyGroup]:
    """A group without a title joins the one before it (a kind and its parent kind)."""
    out: list[KeyGroup] = []
    for group in groups:
        if out and not group.title and not out[-1].title:
            out[-1] = KeyGroup("", out[-1].rows + group.rows)
        elif group.rows:
            out.append(group)
    return out


class KeyTable(Static):
    """The rows of one key group: keys, what they do, and a dimmer note."""

    COMPONENT_CLASSES = {"key-table--key", "key-table--note"}

    def __init__(self, rows: Sequence[KeyRow], key_width: int = 0) -> None:
        super().__init__(classes="help-keys")
        self.rows = rows
        self.key_width = key_width  # the same for every table of a help, so they line up

    def render(self) -> RenderableType:
        key_style = self.get_component_rich_style("key-table--key")
        note_style = self.get_component_rich_style("key-table--note")
        table = Table(box=box.SIMPLE, show_header=False, show_edge=False, padding=(0, 1))
        table.add_column(no_wrap=True, min_width=self.key_width)
        table.add_column()
        for row in self.rows:
            text = Text(_capitalised(row.description))
            if row.note:
                text.append(f"  {row.note}", note_style)
            table.add_row(Text(" ".join(row.keys), key_style), text)
        return table


def _capitalised(text: str) -> str:
    """`text` with a capital first letter, if it is a plain one (not σ, which would be Σ)."""
    return text[:1].upper() + text[1:] if text[:1].isascii() else text


def key_width(groups: Iterable[KeyGroup]) -> int:
    """The widest keys of any row."""
    return max((cell_len(" ".join(row.keys)) for g in groups for row in g.rows), default=0)


@runtime_checkable
class Explained(Protocol):
    """A screen whose help prose depends on what it shows (the line level on own data)."""

    def help_prose(self) -> str: ...


def help_prose(screen: Screen[Any]) -> str | None:
    """What the help says above a screen's keys: its own `help_prose`, else its ``HELP``."""
    return screen.help_prose() if isinstance(screen, Explained) else screen.HELP


class HelpScreen(ModalScreen[None]):
    """The help of the screen underneath, scrollable; any of escape, ? or q closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        under = self._under()
        with TextScroll(id="help-box"):
            yield Static("dartfit help", id="help-title")
            text = help_prose(under) if under is not None else None
            if text:
                yield Static(text, markup=False, classes="help-text")
            groups = key_groups(under) if under is not None else []
            for group in groups:
                if group.title:
                    yield Static(group.title, classes="help-heading", markup=False)
                yield KeyTable(group.rows, key_width(groups))
            yield Static(SAVED, classes="help-text")

    def on_mount(self) -> None:
        """How to close it and read on, on its bottom edge, always in sight (a player's pass:
        nothing on the help said which key closes it; the footer under it is the level's)."""
        box = self.query_one("#help-box")
        box.border_subtitle = "esc close · ↑↓ pgup pgdn read on"

    def _under(self) -> Screen[Any] | None:
        """The screen this help is about: the one beneath it on the stack."""
        stack = self.app.screen_stack
        at = stack.index(self) if self in stack else 0
        return stack[at - 1] if at > 0 else None

    def action_close(self) -> None:
        self.dismiss(None)
