"""The help over a level speaks of what that level lets the student do and shows: a student's
pass found the costliest point's help telling of moving and dragging points that do not move,
and Galton's heights' help (and its footer's `s Squares`) of squares its shaded chart never
draws. Every line, MSE vs MAE and points level is opened, and the player's own
data, its points drawn and shaded. The key under a points level's chart says the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.datasets import DATASETS, dataset
from dartfit.dialogs.help import HelpScreen, help_prose
from dartfit.kinds import kind_of
from dartfit.levels import load_levels
from dartfit.rules import fit, points
from dartfit.screens.fit import FitScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.screens.points import PointsScreen
from dartfit.widgets.key_strip import KeyStrip
from tests.conftest import SHIPPED, made_predictions
from tests.ui.typing import settled

CHARTED = [
    level
    for level in load_levels(SHIPPED)
    if kind_of(level.spec).screen_at.split(":")[1] in {"FitScreen", "PointsScreen"}
]
SQUARES_SAID = ("drawn as a square", "Where squares overlap", "biggest", "square has")
MOVING_SAID = ("Move a point", "drag it with the mouse", "moving another")


def _only_no_squares(prose: str) -> bool:
    """Whether the prose speaks of the chart's shades, and of squares only to say there are
    none (a squared miss is not a square on the chart)."""
    return "shades" in prose and re.findall(r"\bsquares?\b", prose) == ["squares"]


async def _help_of(app: object, tmp_path: Path) -> tuple[LevelScreen, str, bool, str]:
    """The level's screen, its help's prose (as the help dialog shows it), whether it
    offers s (the squares) with a key shown in the help, and the key under its chart."""
    assert hasattr(app, "run_test")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(pilot.app.screen, LevelScreen))
        screen = pilot.app.screen
        assert isinstance(screen, LevelScreen)
        offers_s = "toggle_squares" in {
            active.binding.action
            for active in screen.active_bindings.values()
            if screen.check_action(active.binding.action, ()) is not False
        }
        key = screen.query_one(KeyStrip).text()
        await pilot.press("question_mark")
        await settled(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        return screen, help_prose(screen) or "", offers_s, key


@pytest.mark.parametrize("level", CHARTED, ids=[level.id for level in CHARTED])
async def test_the_help_speaks_only_of_what_the_level_does(level, tmp_path: Path) -> None:
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start=level.id, all_open=True)
    screen, prose, offers_s, key = await _help_of(app, tmp_path)
    if isinstance(screen, PointsScreen):
        moves = screen.check_action("move", (1,)) is not False
        assert moves == any(words in prose for words in MOVING_SAID), prose
        assert moves or "picks it" in prose, prose
        assert offers_s
        # costliest's ◉ was "the point the arrows move" in the key, and they moved nothing
        assert ("arrows move" in key) == moves, key
    else:
        assert isinstance(screen, FitScreen)
        draws_squares = not fit.shaded(screen.home)
        assert draws_squares == any(words in prose for words in SQUARES_SAID), prose
        assert draws_squares == offers_s, "s is offered only where squares are drawn"
        assert draws_squares or _only_no_squares(prose), prose


@pytest.mark.parametrize("name", ["anscombe-1", "galton"])
async def test_own_datas_help_says_the_best_line_is_free_and_what_the_chart_draws(
    name: str, tmp_path: Path
) -> None:
    """On the player's own data the best line costs nothing (no stars are kept there): the
    help said it "costs stars"."""
    app = make_app(SHIPPED, tmp_path, data=dataset(name, DATASETS[name]))
    screen, prose, offers_s, _ = await _help_of(app, tmp_path)
    assert isinstance(screen, FitScreen)
    assert "costs stars" not in prose and "free to see" in prose, prose
    shaded = fit.shaded(screen.home)
    assert shaded == (name == "galton")
    assert shaded != offers_s and shaded == _only_no_squares(prose), prose


def test_every_key_that_costs_stars_says_when() -> None:
    """The help's key notes said the best line "costs stars" and the auto-solver "as o
    costs", unconditionally: after a win both are free (the win shows the best line)."""
    import importlib

    from dartfit.kinds import KINDS

    screens = {kind.screen_at for kind in KINDS.values()}
    notes = []
    for at in screens:
        module, name = at.split(":")
        screen = getattr(importlib.import_module(f"dartfit.screens.{module}"), name)
        for cls in screen.__mro__:
            notes += [b.tooltip for b in cls.__dict__.get("BINDINGS", ()) if hasattr(b, "tooltip")]
    costing = [note for note in notes if "cost" in note]
    assert costing and all("before you win" in note for note in costing), costing


async def test_the_costliest_points_hint_says_when_its_table_shows_the_misses(
    tmp_path: Path,
) -> None:
    """Its first hint said the side panel shows the misses and shares "once you pick": after
    a wrong pick they stay hidden (they give the answer away), so it says which pick."""
    level = next(level for level in CHARTED if level.id == "costliest")
    app = make_app(SHIPPED, tmp_path, start=level.id, all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(pilot.app.screen, PointsScreen))
        screen = pilot.app.screen
        assert isinstance(screen, PointsScreen) and screen.state is not None
        assert screen.state.selected != points.costliest(level)
        await pilot.press("enter")  # a wrong pick
        await pilot.pause()
        assert screen._answer_hidden(screen.state)
    said = [hint for hint in level.spec.hints if "once you pick" in hint]
    assert said and all("once you pick the costliest" in hint for hint in said), said


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_help_says_on_screen_how_to_close_it(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """A player's pass: nothing on the help said which key closes it (the footer under it is
    the level's, cut off behind it). Its bottom edge says so, on screen, and esc does it."""
    import html

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="first-throw")
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        level = app.screen
        await pilot.press("question_mark")
        await settled(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        runs = re.findall(r"<text[^>]*>([^<]*)</text>", app.export_screenshot())
        shown = " ".join(html.unescape(" ".join(runs)).replace("\u00a0", " ").split())
        assert "esc close" in shown, shown
        await pilot.press("escape")
        await settled(pilot, lambda: app.screen is level)


@pytest.mark.parametrize(
    ("level_id", "fit_as", "named"),
    [
        ("costliest", None, "fixed line"),  # ŷ = x + 1; the points' best line is 1.037·x + 1.196
        ("pull", None, "best-fit line"),
        ("pull", "fixed", "fixed line"),  # points that move under a line that does not
    ],
    ids=["costliest", "pull", "pull-fixed"],
)
async def test_a_points_levels_line_is_named_as_what_it_is(
    level_id: str, fit_as: str | None, named: str, tmp_path: Path
) -> None:
    folder = tmp_path / "levels"
    folder.mkdir()
    source = next(SHIPPED.glob(f"*-{level_id}.toml")).read_text(encoding="utf-8")
    if fit_as is not None:
        source = source.replace('fit = "least-squares"', f'fit = "{fit_as}"')
    (folder / f"01-{level_id}.toml").write_text(source, encoding="utf-8")
    app = make_app(folder, tmp_path / "data", start="1")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(pilot.app.screen, PointsScreen))
        screen = pilot.app.screen
        assert isinstance(screen, PointsScreen)
        key = screen.query_one(KeyStrip).text()
        prose = help_prose(screen) or ""
    other = {"fixed line": "best-fit line", "best-fit line": "fixed line"}[named]
    assert named in key and other not in key, key
    moves = "Move a point" in prose
    assert ("best line" in prose) == (moves and named == "best-fit line"), prose


@pytest.mark.parametrize("own", [True, False], ids=["own data", "first-line"])
async def test_the_best_line_keys_cost_stars_in_the_help_only_where_they_do(
    own: bool, tmp_path: Path
) -> None:
    """The sandbox's help said o "before you win the level it costs stars (asks first)" and
    a "…, as o does", under prose saying the best line is free there (no stars are kept on
    your own data); o drew it at once. A level's help keeps the cost."""
    from dartfit.dialogs.help import key_groups

    made_predictions(tmp_path)
    data = dataset("anscombe-1", DATASETS["anscombe-1"]) if own else None
    start = None if own else "first-line"
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, data=data, start=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        notes = {
            row.description: row.note for group in key_groups(app.screen) for row in group.rows
        }
    for key in ("Best line", "Auto-solve"):
        assert ("costs stars" in notes[key]) is not own, notes[key]
        assert ("free on your own data" in notes[key]) is own, notes[key]
