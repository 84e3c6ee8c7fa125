"""A leak in Textual 8, mended for every dartfit app (the game, a class host's games, tests).

`StylesCache.get_inner_outer` is an `lru_cache(1024)` on a method, so each widget's cache
of drawn lines (`StylesCache`, one per widget ever drawn) is a key of it, and stays alive
after its widget has gone: up to 1,024 of them, with every line they drew. A game that
opens level after level kept the lines of screens long closed; the test suite's workers
ended with 170,000 of Textual's small caches alive and 3× the objects for each full
collection to walk. The two colours are the whole key of what it works out, so the cache
is kept on them alone. Applied only while Textual's method is that cache.
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    """Textual's own body of `StylesCache.get_inner_outer`."""
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(
    _self: StylesCache, base_background: Color, background: Color
) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


def leaking() -> bool:
    """Whether this Textual's `get_inner_outer` still caches on the widget's cache."""
    return hasattr(StylesCache.__dict__.get("get_inner_outer"), "cache_info")


def mend_textual() -> None:
    """Cache `get_inner_outer` on its colours (once; nothing to do on a Textual without the
    leak)."""
    if leaking():
        StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[assignment,method-assign]
