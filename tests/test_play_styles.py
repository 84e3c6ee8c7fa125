"""The title's first frame parses only its own styling (dartfit.tcss); every other screen
loads the rest (play.tcss, `dartfit.stylesheet.PLAY`) as the first of them opens. Parsing
all 270 rules was a third of the title's CPU from the app's start to its first frame."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

import dartfit
from dartfit import dialogs, screens
from dartfit.app import make_app
from dartfit.stylesheet import PLAY
from tests.conftest import SHIPPED

TITLES_OWN = {"TitleScreen", "TooSmallScreen", "HelpScreen", "ConfirmScreen", "PausedScreen"}
"""The screens styled by dartfit.tcss alone: the title and what can open over it."""


async def test_the_title_parses_no_rule_of_the_charts_until_the_level_list_opens(
    tmp_path: Path,
) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "TitleScreen"
        names = {name for rule in app.stylesheet.rules for name in rule.selector_names}
        assert "TitleScreen" in names and "CanvasView" not in names
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "LevelSelectScreen"
        names = {name for rule in app.stylesheet.rules for name in rule.selector_names}
        assert "CanvasView" in names and "TitleScreen" in names


def _screens() -> list[type[Screen[object]]]:
    """Every screen class of the game's screens and dialogs."""
    found: list[type[Screen[object]]] = []
    for package in (screens, dialogs):
        for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            loaded = importlib.import_module(module.name)
            for thing in vars(loaded).values():
                if (
                    isinstance(thing, type)
                    and issubclass(thing, Screen)
                    and thing.__module__ == loaded.__name__
                ):
                    found.append(thing)
    return found


def test_every_screen_but_the_titles_own_loads_the_rest_of_the_styling() -> None:
    found = _screens()
    assert {cls.__name__ for cls in found} >= TITLES_OWN | {"FitScreen", "WinScreen"}
    for cls in found:
        paths = cls.CSS_PATH if isinstance(cls.CSS_PATH, list) else [cls.CSS_PATH]
        if cls.__name__ in TITLES_OWN:
            assert PLAY not in paths, cls.__name__
        else:
            assert PLAY in paths, cls.__name__


_LAST = re.compile(r"[ >]+")


def _targets(tmp_path: Path, css: Path) -> list[tuple[tuple[int, ...], set[str], str]]:
    """Each selector of a file's rules: its specificity, the properties it sets, and the
    last compound selector (the node it styles)."""
    sheet = Stylesheet(variables=make_app(SHIPPED, tmp_path).get_css_variables())
    sheet.read(css)
    sheet.parse()
    out = []
    for rule in sheet.rules:
        properties = set(rule.styles.get_rules())
        for selector in rule.selector_set:
            last = _LAST.split(selector.css.strip())[-1].split(":")[0]
            out.append((selector.specificity, properties, last))
    return out


def _may_be_one_node(a: str, b: str) -> bool:
    """Whether two compound selectors (Type#id.class) may match the same node. A node of the
    game has one class of its own (a widget's part too), besides its state's (`-wide`)."""
    type_a, type_b = (re.match(r"^[A-Za-z_][\w-]*", s) for s in (a, b))
    if type_a and type_b and type_a.group() != type_b.group():
        return False
    ids_a, ids_b = (set(re.findall(r"#([\w-]+)", s)) for s in (a, b))
    if ids_a and ids_b and ids_a != ids_b:
        return False
    own_a, own_b = ({c for c in re.findall(r"\.([\w-]+)", s) if c[0] != "-"} for s in (a, b))
    return not (own_a and own_b and own_a != own_b)


def test_no_rule_of_the_titles_styling_ties_one_of_the_rest(tmp_path: Path) -> None:
    """play.tcss is read after dartfit.tcss, so it wins a tie that dartfit.tcss won when the
    two were one file: there is none to win (the same property, at the same specificity, on
    a node both rules may style)."""
    own = _targets(tmp_path, Path(dartfit.__file__).with_name("dartfit.tcss"))
    rest = _targets(tmp_path, PLAY)
    ties = [
        (a, b, sorted(set_a & set_b))
        for spec_a, set_a, a in own
        for spec_b, set_b, b in rest
        if spec_a == spec_b and set_a & set_b and _may_be_one_node(a, b)
    ]
    assert ties == []
