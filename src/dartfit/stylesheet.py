"""Textual's stylesheet, with what it parses kept for the whole process, and what its
rules make of a widget's component classes kept for as long as the rules are the same.

Each app parses its CSS (dartfit.tcss and every widget's own) when it starts: a quarter of
a game's CPU to its first frame. A class host forks each student's game from one warm
process (`dartfit.host.warm`); parsed there once, the rules are every game's for free. A game
started on its own reads the rules its last start parsed from the user's cache folder
(`cached_rules`): a fifth of the parse's time (play.tcss: 5 ms against 26 ms).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import Any

from textual.css.model import RuleSet
from textual.css.styles import RulesMap
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation
from textual.dom import DOMNode

from dartfit.cache import keep, read_kept

PLAY = Path(__file__).with_name("play.tcss")
"""The styling of every screen but the title and what opens over it (dartfit.tcss, the app's):
each such screen lists it in its CSS_PATH, so it is parsed as the first of them opens, not for
the title's first frame (a third of that frame's CPU went to parsing all 270 rules)."""

ParseRules = Callable[[Stylesheet, str, CSSLocation, bool, int, str], list[RuleSet]]

_kept: dict[tuple[object, ...], list[RuleSet]] = {}
_variables_kept: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}
"""Each set of variables the keys of `_kept` were made with, one copy of it for them all:
a copy in each key (one per widget class's CSS and per file) was 0.19 MB of a level."""


def kept(parse_rules: ParseRules) -> Callable[..., list[RuleSet]]:
    """Textual's `Stylesheet._parse_rules`, with what it makes kept for the process: keyed
    on all that the parse reads, the stylesheet's variables (the theme's) included. Rules
    are only read once parsed, so apps share them as they share the CSS text itself."""

    @wraps(parse_rules)
    def parse_once(
        self: Stylesheet,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        variables = tuple(sorted(self._variables.items()))
        variables = _variables_kept.setdefault(variables, variables)
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        rules = _kept.get(key)
        if rules is None:
            rules = cached_rules(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            keep_rules(key, rules)
        _kept[key] = rules
        return rules

    return parse_once


FOLDER = "css"
"""The cache folder's subfolder for parsed rules: a file for each key of `kept`."""
MOST_BYTES = 8 << 20
"""A file of rules bigger than this is not read (play.tcss's rules are 110 KB)."""


def _stamp(key: tuple[object, ...]) -> str:
    """All that `key`'s rules are made from: the key, and Textual's code that parses them and
    that they are made of (`_classes`)."""
    return repr((key, _classes(), sys.version, pickle.HIGHEST_PROTOCOL))


TEXTUAL_CODE = ("__init__.py", "css", "layouts", "color.py", "geometry.py")
"""Textual's files (and folders of them) that parse the rules (css/parse.py, its tokenizer,
its styles builder) and whose classes parsed rules are made of (RuleSet, Styles, Scalar,
Color, Spacing, a layout): each file's time and size are in the stamp."""


@cache
def _classes() -> tuple[tuple[str, int, int], ...]:
    """Each of Textual's files in TEXTUAL_CODE with its time and size: another Textual (or
    one edited) parses its rules again. Only those of four classes were asked: an edit of the
    parser, or of Color, kept the rules parsed before it. Not `textual.__version__`: asked
    for, it imports importlib.metadata and reads the package's metadata (26 ms a start)."""
    home = os.path.dirname(getattr(sys.modules.get("textual"), "__file__", None) or "")
    found = []
    for name in TEXTUAL_CODE:
        path = os.path.join(home, name)
        with contextlib.suppress(OSError):
            if name.endswith(".py"):
                found.append(_file_stamp(path))
                continue
            with os.scandir(path) as entries:
                found += sorted(_file_stamp(e.path) for e in entries if e.name.endswith(".py"))
    return tuple(found)


def _file_stamp(path: str) -> tuple[str, int, int]:
    """The file's path, time and size."""
    done = os.stat(path)
    return path, done.st_mtime_ns, done.st_size


def cached_rules(key: tuple[object, ...]) -> list[RuleSet] | None:
    """The rules a start before this one parsed for `key`; None, never an error, when there
    are none or the file is damaged (they are parsed again)."""
    data = read_kept(FOLDER, _stamp(key), MOST_BYTES)
    if data is None:
        return None
    try:
        rules = pickle.loads(data)
    except Exception:  # a damaged file can raise nearly anything: parse instead
        return None
    if not isinstance(rules, list) or not all(isinstance(r, RuleSet) for r in rules):
        return None
    return rules


def keep_rules(key: tuple[object, ...], rules: list[RuleSet]) -> None:
    """Keep `key`'s rules for the starts after this one; give up quietly when they can't be
    written."""
    try:
        data = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return
    keep(FOLDER, _stamp(key), data)


Place = tuple[tuple[type, str | None, frozenset[str], frozenset[str]], ...]
"""A node's place as CSS sees it: each node's type, id, classes and pseudo-classes, from the
app down to the node: all that a selector can ask of the node and those above it, but the
pseudo-classes of order among siblings (`:odd`, `:first-child`…): what a rule that asks
those gives is never kept (`KeptStylesheet._rules_of`)."""

_IN_ORDER = Stylesheet._EXCLUDE_PSEUDO_CLASSES_FROM_CACHE


def place_of(node: DOMNode) -> Place:
    """`node`'s place as CSS sees it (see `Place`). (Asking a node whether it is first of
    its kind kept the screen it was asked on after it closed: its parent's list of children
    shown is kept until that list next changes.)"""
    return tuple(
        (type(n), n.id, frozenset(n.classes), _pseudo_classes(n)) for n in node.css_path_nodes
    )


def _pseudo_classes(node: DOMNode) -> frozenset[str]:
    """The node's pseudo-classes but those of order among its siblings."""
    checks: dict[str, Callable[[DOMNode], bool]] = node._PSEUDO_CLASSES  # type: ignore[assignment]
    return frozenset(
        name for name, applies in checks.items() if name not in _IN_ORDER and applies(node)
    )


_parts_kept: dict[tuple[int, ...], tuple[list[RuleSet], dict[tuple[Place, str], RulesMap]]] = {}
"""Each set of rules' components (below), for every app of the process: keyed on the rules
themselves (kept: their ids stay theirs), as apps share the rules `kept` parsed."""


def _parts_for(rules: list[RuleSet]) -> dict[tuple[Place, str], RulesMap]:
    """The components' rules worked out so far from `rules` (by any app of the process)."""
    key = tuple(map(id, rules))
    if key not in _parts_kept:
        _parts_kept[key] = (rules, {})
    return _parts_kept[key][1]


class KeptStylesheet(Stylesheet):
    """A stylesheet whose parsed rules are kept for every app of the process, and whose
    rules for a widget's component classes are worked out once for each place in the DOM."""

    _parse_rules = kept(Stylesheet._parse_rules)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parts_from: list[RuleSet] | None = None  # the rules the parts below came from
        self._parts: dict[tuple[Place, str], RulesMap] = {}

    def reparse(self) -> None:
        """Textual's, its rules parsed through `kept`: Textual parses them again in a plain
        `Stylesheet`, so every theme switched to made new rules, whose components were all
        matched again, and kept with them in `_parts_kept` for the process, once a switch."""
        fresh = KeptStylesheet(variables=self._variables)
        fresh.source, fresh._require_parse = dict(self.source), True
        try:
            fresh.parse()
        except Exception:  # self is left as it was, as Textual leaves it
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules, self._rules_map, self._require_parse = fresh._rules, None, False

    def _process_component_classes(self, node: DOMNode) -> None:
        """Textual's, with each component's rules kept for the node's place (`place_of`).

        Textual matches every rule against a made-up node for each of a widget's component
        classes whenever the widget's styles are applied: as it mounts, and again for every
        widget of a screen each time the screen comes back (a dialog closed). A chart has 38
        of them (its marks' colours): a sixth of starting a level, and of closing a dialog.
        The rules a component is given depend on the rules and on the component's place
        alone, so they are worked out once for a place; its styles are still its own."""
        components = node._get_component_classes()
        if not components:
            return
        rules = self.rules
        if rules is not self._parts_from:
            self._parts_from, self._parts = rules, _parts_for(rules)
        place = place_of(node)
        changed = False
        before = node._component_styles.copy()
        node._component_styles.clear()
        for component in sorted(components):
            part = DOMNode(classes=component)
            part._attach(node)
            found = self._parts.get((place, component))
            if found is None:
                found = self._rules_of(part)
                if found is not None:
                    self._parts[place, component] = found
            else:
                self.replace_rules(part, found)
            changed = changed or before.get(component) != part.styles
            node._component_styles[component] = part.styles
        if changed:
            node.refresh()

    def _rules_of(self, part: DOMNode) -> RulesMap | None:
        """Apply the rules to `part` as Textual does, and return what it gave the part, if
        Textual's own cache of a pass could keep it (no rule on the order of siblings)."""
        one: dict[tuple[object, ...], RulesMap] = {}
        self.apply(part, animate=False, cache=one)
        return next(iter(one.values()), None)
