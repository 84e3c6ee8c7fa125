"""Textual's stylesheet, with what it parses kept for the whole process.

Each app parses its CSS (dartfit.tcss and every widget's own) when it starts: a quarter of
a game's CPU to its first frame. A class host forks each student's game from one warm
process (`dartfit.host.warm`); parsed there once, the rules are every game's for free.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

ParseRules = Callable[[Stylesheet, str, CSSLocation, bool, int, str], list[RuleSet]]

_kept: dict[tuple[object, ...], list[RuleSet]] = {}


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
        variables = sorted(self._variables.items())
        key = (css, read_from, is_default_rules, tie_breaker, scope, *variables)
        rules = _kept.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            _kept[key] = rules
        return rules

    return parse_once


class KeptStylesheet(Stylesheet):
    """A stylesheet whose parsed rules are kept for every app of the process."""

    _parse_rules = kept(Stylesheet._parse_rules)
