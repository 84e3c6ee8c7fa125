"""Textual's stylesheet, with what it parses kept for the whole process.

Each app parses its CSS (dartfit.tcss and every widget's own) when it starts: a quarter of
a game's CPU to its first frame. A class host forks each student's game from one warm
process (`dartfit.host.warm`); parsed there once, the rules are every game's for free.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.css.types import CSSLocation

Parse = Callable[[str, CSSLocation, bool, int, str], list[RuleSet]]

_kept: dict[tuple[object, ...], list[RuleSet]] = {}


def kept_rules(
    stylesheet: Stylesheet,
    parse: Parse,
    css: str,
    read_from: CSSLocation,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    """The rules `parse` makes of the CSS, parsed once per process: keyed on all that the
    parse reads, the stylesheet's variables (the theme's) included. Rules are only read once
    parsed, so apps share them as they share the CSS text itself."""
    variables = sorted(stylesheet._variables.items())
    key = (css, read_from, is_default_rules, tie_breaker, scope, *variables)
    rules = _kept.get(key)
    if rules is None:
        rules = _kept[key] = parse(css, read_from, is_default_rules, tie_breaker, scope)
    return rules


class KeptStylesheet(Stylesheet):
    """A stylesheet whose parsed rules are kept for every app of the process."""

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        parse = super()._parse_rules
        return kept_rules(self, parse, css, read_from, is_default_rules, tie_breaker, scope)
