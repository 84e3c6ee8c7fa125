"""What an app parses of its CSS is kept for the process: a class host's warm process
parses it once, and every game forked from it starts with it parsed. A game started on its
own reads what its last start parsed from the user's cache folder."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.css.styles import RulesMap
from textual.layout import Layout

from dartfit import cache, stylesheet
from dartfit.app import make_app
from dartfit.cache import CACHE_ENV
from dartfit.stylesheet import KeptStylesheet
from tests.conftest import SHIPPED


async def test_a_second_app_parses_none_of_the_css_the_first_did(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stylesheet, "_kept", {})
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))  # none parsed by a start before
    parsed = _parses_counted(monkeypatch)
    counts, looks = [], []
    for _ in range(2):
        app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
        assert isinstance(app.stylesheet, KeptStylesheet)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            looks.append(app.screen.query_one("#logo").styles.color)
        counts.append(len(parsed))
        parsed.clear()
    assert counts[0] > 5 and counts[1] == 0
    assert looks[0] == looks[1]  # and the rules are the same


async def test_every_kept_parse_shares_one_copy_of_the_themes_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key of `_kept` for each CSS source (each widget class's and each file) once held a
    copy of the theme's 150-odd variables of its own: 0.19 MB of a level's memory."""
    monkeypatch.setattr(stylesheet, "_kept", {})
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    keys = list(stylesheet._kept)
    assert len(keys) > 5
    assert len({id(key[-1]) for key in keys}) == 1
    assert dict(keys[0][-1]) == app.stylesheet._variables


def test_the_warm_process_parses_the_games_css_before_any_student_comes() -> None:
    probe = (
        "from dartfit.host import warm; warm._preload(None); from dartfit import stylesheet; "
        "print(*(sum(name in str(key[1]) for key in stylesheet._kept) for name in "
        "('dartfit.tcss', 'play.tcss')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    title, rest = map(int, done.stdout.split())
    assert title >= 1 and rest >= 1  # the title's styling and every other screen's


def test_a_game_forked_from_the_warm_process_imports_nothing_of_numpy_or_the_core() -> None:
    """Each game forked from the warm process imported numpy.random (and the core's point
    generator) for itself to draw a generated level's points: a megabyte of private memory
    a game, and its time. The warm process has imported them before anyone comes."""
    probe = textwrap.dedent(
        """
        import asyncio, sys, tempfile
        from pathlib import Path
        from dartfit.host import warm
        from dartfit.levels import default_levels_dir
        warm._preload(None)
        before = set(sys.modules)
        from dartfit.app import make_app

        async def main():
            app = make_app(levels_dir=default_levels_dir(), data_dir=Path(tempfile.mkdtemp()),
                           start="first-line")
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.press("right", "up")
                await pilot.pause()

        asyncio.run(main())
        ours = ("numpy", "dartfit.core")
        print(" ".join(m for m in set(sys.modules) - before if m.startswith(ours)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [], done.stdout


async def _chart_looks(app: object, tmp_path: Path, themes: tuple[str, ...]) -> list[dict]:
    """Each component style of the level's chart, as it paints, in each theme in turn."""
    from dartfit.widgets.canvas import CanvasView

    looks = []
    async with app.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        for theme in themes:
            app.theme = theme  # type: ignore[attr-defined]
            await pilot.pause()
            chart = app.screen.query_one(CanvasView)  # type: ignore[attr-defined]
            looks.append({n: chart.style_of(n.split("--", 1)[1]) for n in chart.COMPONENT_CLASSES})
    return looks


def _components_matched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The component classes matched against the rules from now on, each as it is."""
    from textual.dom import DOMNode

    matched: list[str] = []
    apply = textual_stylesheet.Stylesheet.apply

    def counted(self: object, node: DOMNode, **kwargs: object) -> None:
        if type(node) is DOMNode:  # a component's made-up node
            matched.append(str(node.classes))
        apply(self, node, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(textual_stylesheet.Stylesheet, "apply", counted)
    return matched


async def test_a_second_game_matches_no_rule_for_its_charts_marks_and_looks_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart's 38 component classes (its marks' colours) were each matched against every
    rule as every game started, and again each time a screen came back: a sixth of starting
    a level. What the rules give a component at a place is kept; each theme still has its
    own, and a game started in a theme looks as one switched to it."""
    monkeypatch.setattr(stylesheet, "_parts_kept", {}, raising=False)
    matched = _components_matched(monkeypatch)
    themes = ("textual-dark", "textual-light", "textual-dark")
    first = await _chart_looks(make_app(SHIPPED, tmp_path, start="first-line"), tmp_path, themes)
    assert len(matched) >= 38
    assert first[0] == first[2] and first[0] != first[1]  # each theme its own marks
    matched.clear()
    again = await _chart_looks(make_app(SHIPPED, tmp_path, start="first-line"), tmp_path, themes)
    assert matched == [] and again == first
    light = await _chart_looks(
        make_app(SHIPPED, tmp_path, start="first-line"), tmp_path, ("textual-light",)
    )
    assert light[0] == first[1]


async def test_switching_themes_back_and_forth_matches_and_keeps_each_themes_rules_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual parses a theme's rules again in a plain `Stylesheet`: in the game (whose plain
    stylesheets, unlike the suite's, keep nothing) every switch made new rules, matched the
    chart's marks against them all again and kept another copy of them for the process."""
    unkept = textual_stylesheet.Stylesheet._parse_rules.__wrapped__  # type: ignore[attr-defined]
    monkeypatch.setattr(textual_stylesheet.Stylesheet, "_parse_rules", unkept)  # the game's
    matched = _components_matched(monkeypatch)
    themes = ("textual-light", "textual-dark")
    looks = await _chart_looks(make_app(SHIPPED, tmp_path, start="first-line"), tmp_path, themes)
    kept_sets = len(stylesheet._parts_kept)
    matched.clear()
    again = await _chart_looks(
        make_app(SHIPPED, tmp_path, start="first-line"), tmp_path, themes * 3
    )
    assert matched == [] and len(stylesheet._parts_kept) == kept_sets
    assert again == looks * 3 and looks[0] != looks[1]


def test_a_game_forked_warm_parses_no_css_and_matches_no_component_to_its_first_level() -> None:
    """The warm process drew only the title, headless, with Textual's tooltips and toasts
    off: a game has both, so its stylesheet's sources were not the warm run's, and every
    game parsed and matched again on its way to its first level (a third of the CPU a class
    spent arriving). The warm process now takes those steps as a game does."""
    probe = textwrap.dedent(
        """
        import asyncio, tempfile
        from pathlib import Path
        from textual.css import stylesheet as textual_stylesheet
        from textual.dom import DOMNode
        from dartfit.host import warm
        from dartfit.levels import default_levels_dir
        warm._preload(None)
        parsed, matched = [], []
        parse, apply = textual_stylesheet.parse, textual_stylesheet.Stylesheet.apply

        def counted_parse(*args, **kwargs):
            parsed.append(str(args[1]))
            return parse(*args, **kwargs)

        def counted_apply(self, node, **kwargs):
            if type(node) is DOMNode:  # a component's made-up node
                matched.append(" ".join(node.classes))
            return apply(self, node, **kwargs)

        textual_stylesheet.parse = counted_parse
        textual_stylesheet.Stylesheet.apply = counted_apply
        from dartfit.app import make_app

        async def main():
            app = make_app(levels_dir=default_levels_dir(), data_dir=Path(tempfile.mkdtemp()))
            async with app.run_test(size=(80, 24), tooltips=True, notifications=True) as pilot:
                await pilot.pause()
                for _ in range(2):  # the level list, then its first level
                    await pilot.press("enter")
                    await pilot.pause()
                    await pilot.pause()
                from dartfit.screens.level_base import LevelScreen
                print(isinstance(app.screen, LevelScreen))

        asyncio.run(main())
        print(len(parsed), " ".join(sorted(set(matched))))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    on_a_level, counts = done.stdout.splitlines()[-2:]
    parsed, *matched = counts.split()
    assert on_a_level == "True"  # the shipped campaign's first level
    assert parsed == "0"
    # the list's options may be (their rules ask for the order of siblings, and the list is
    # restyled as it loses focus to the level at a moment that varies): none of the rest is
    assert all(name.startswith("option-list--") for name in matched), matched


def _parses_counted(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The sources Textual's parser is handed from now on, as they are parsed."""
    parsed: list[object] = []
    parse = textual_stylesheet.parse

    def counted(*args: object, **kwargs: object) -> object:
        parsed.append(args[1])
        return parse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(textual_stylesheet, "parse", counted)
    return parsed


async def _level_looks(tmp_path: Path) -> list[str]:
    """A level's first frame, each of its lines with its styles (the CSS the start read)."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        return [repr(list(strip)) for strip in app.screen._compositor.render_strips()]


async def test_a_game_started_again_reads_its_css_parsed_and_looks_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each start of the game parsed all its CSS again (play.tcss alone: 26 ms of a level's
    first frame); the rules a start parses are kept in the cache folder for the next."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    parsed = _parses_counted(monkeypatch)
    looks, counts = [], []
    for _ in range(3):
        monkeypatch.setattr(stylesheet, "_kept", {})  # a process of its own
        looks.append(await _level_looks(tmp_path))
        counts.append(len(parsed))
    assert any("play.tcss" in str(where) for where in parsed)
    assert counts[0] > 5 and counts[2] == counts[1] == counts[0]  # the later starts: none
    assert looks[0] == looks[1] == looks[2]
    assert len(list((tmp_path / "cache" / stylesheet.FOLDER).iterdir())) > 5


async def test_damaged_or_foreign_css_in_the_cache_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of rules cut short, another's bytes, or rules of another Textual: the game
    parses its CSS as though there were none, and looks as it should."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(stylesheet, "_kept", {})
    parsed = _parses_counted(monkeypatch)
    looks = await _level_looks(tmp_path)
    files = sorted((tmp_path / "cache" / stylesheet.FOLDER).iterdir())
    assert files and len(parsed) > 5
    for damage in (lambda data: data[: len(data) // 2], lambda data: b"not a pickle", None):
        for file in files:
            if damage is not None:
                file.write_bytes(damage(file.read_bytes()))
        if damage is None:  # whole files, but written under another Textual's code
            monkeypatch.setattr(stylesheet, "_classes", lambda: (("textual", 0, 0),))
        parsed.clear()
        monkeypatch.setattr(stylesheet, "_kept", {})
        assert await _level_looks(tmp_path) == looks
        assert len(parsed) > 5


def _comparable(rules: RulesMap) -> dict[str, object]:
    """A rule's declarations, a layout by its kind (each parse makes a layout of its own)."""
    return {k: type(v) if isinstance(v, Layout) else v for k, v in rules.items()}


def test_rules_read_back_from_the_cache_are_the_rules_parsed() -> None:
    """Every source the game's title and levels parse, read back as written: the same rules
    (selectors, declarations, specificity, the order of ties)."""
    from textual.app import App

    from dartfit.app import OWN_COLOURS
    from dartfit.stylesheet import PLAY

    variables = {**App().get_css_variables(), **OWN_COLOURS}
    sheet = textual_stylesheet.Stylesheet(variables=variables)
    title = PLAY.with_name("dartfit.tcss")
    for path in (title, PLAY):
        parsed = sheet._parse_rules(path.read_text(), (str(path), ""))
        back = pickle.loads(pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))
        assert len(back) == len(parsed) > 50
        for a, b in zip(parsed, back, strict=True):
            assert (a.css, a.selector_names, a.pseudo_classes) == (
                b.css,
                b.selector_names,
                b.pseudo_classes,
            )
            assert _comparable(a.styles.get_rules()) == _comparable(b.styles.get_rules())
            assert (a.is_default_rules, a.tie_breaker, a.selector_set) == (
                b.is_default_rules,
                b.tie_breaker,
                b.selector_set,
            )
            assert [s.specificity for s in a.selector_set] == [
                s.specificity for s in b.selector_set
            ]


def test_the_cache_keeps_at_most_so_many_files_of_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(cache, "MOST_FILES", 3)
    for n in range(6):
        stylesheet.keep_rules((f"Screen {{ width: {n}; }}",), [])
    folder = tmp_path / stylesheet.FOLDER
    assert len(list(folder.iterdir())) == 3
    assert stylesheet.cached_rules(("Screen { width: 5; }",)) == []  # the newest kept
    assert stylesheet.cached_rules(("Screen { width: 0; }",)) is None  # the oldest gone


@pytest.mark.parametrize(
    "edited",
    ["css/parse.py", "css/tokenize.py", "css/_styles_builder.py", "color.py", "layouts/grid.py"],
)
def test_rules_kept_are_parsed_again_once_textuals_parser_or_colours_change(
    monkeypatch: pytest.MonkeyPatch, edited: str
) -> None:
    """The stamp of the rules kept named the files of four of Textual's classes alone: an
    edit of its CSS parser (tokenizer, styles builder), of Color or of a layout, with those
    four unchanged, kept the rules the old code had parsed."""
    import os

    import textual

    file = str(Path(textual.__file__).parent / edited)
    key = ("Screen { width: 5; }",)
    before = stylesheet._stamp(key)
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> object:
        found = real_stat(path, *args, **kwargs)  # type: ignore[call-overload]
        if str(path) != file:
            return found
        return os.stat_result((*found[:8], found.st_mtime + 1, found.st_ctime))

    monkeypatch.setattr(os, "stat", stat)
    stylesheet._classes.cache_clear()
    try:
        assert stylesheet._stamp(key) != before
    finally:
        monkeypatch.undo()
        stylesheet._classes.cache_clear()
