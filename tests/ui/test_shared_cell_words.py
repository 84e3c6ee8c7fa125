"""Darts that share a cell are named in words beside the board: a round of five darts all
in one cell at 80×24 and 120×40 showed the table's rows C1 to C5 and a C on the board, and
nothing said that C was a place on the board, nor that the five darts shared it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from dartfit.app import make_app
from dartfit.dialogs.win import WinScreen
from dartfit.levels import Level, load_levels
from dartfit.pictures.board import BoardPicture, clusters_said, dart_clusters
from dartfit.pictures.raster import ink
from dartfit.screens.darts import DartsScreen
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.typing import settled

SIZES = [(80, 24), (120, 40), (200, 50)]


def still_level(folder: Path, axes: int, throws: int) -> None:
    """The first level with a hand that never wobbles: every dart thrown at the bull lands
    in the bull's cell."""
    text = (SHIPPED / "01-first-throw.toml").read_text(encoding="utf-8")
    text = text.replace("wobble = 0.6", "wobble = 0.0").replace("axes = 1", f"axes = {axes}")
    folder.mkdir()
    (folder / "01-still.toml").write_text(
        text.replace("throws = 3", f"throws = {throws}"), encoding="utf-8"
    )


@pytest.mark.parametrize("axes", [1, 2])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_darts_in_one_cell_are_said_in_words_and_marked_on_the_board(
    size: tuple[int, int], axes: int, tmp_path: Path
) -> None:
    still_level(tmp_path / "levels", axes, throws=5)
    app = make_app(tmp_path / "levels", tmp_path / "data", seed=3, start="first-throw")
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, DartsScreen))
        screen = app.screen
        assert isinstance(screen, DartsScreen)
        for _ in range(5):
            await pilot.press("space")
        words = "On the board, C marks darts 1 to 5 (one cell)."

        def hud() -> str:
            return " ".join(str(screen.query_one("#darts-hud", Static).render()).split())

        await settled(pilot, lambda: hud().endswith(words), seen=hud)
        board = screen.query_one("#board", CanvasView)
        marks = [t[c] for t, s in board._rows for c in range(len(t)) if ink(s[c]) == "dart-stack"]
        assert marks == ["C"], marks  # the board shows that more than one dart is there


def test_each_cluster_is_said_with_its_darts_and_whether_they_share_a_cell() -> None:
    """Darts in one cell, and darts side by side in a row (whose numbers would run
    together), each cluster by its mark; past three clusters the rest by their marks."""
    one_cell = BoardPicture(5.0, (0.0, 0.0), ((0.0, 0.0), (0.01, 0.0), (0.0, 0.0)), 1)
    assert clusters_said(one_cell, 40, 20) == "On the board, C marks darts 1 to 3 (one cell)."
    beside = BoardPicture(5.0, (0.0, 0.0), ((0.0, 0.0), (3.0, 0.0), (0.3, 0.0)), 1)
    assert dart_clusters(beside, 40, 20) == [[1, 3]]
    assert clusters_said(beside, 40, 20) == "On the board, C marks darts 1 and 3 (side by side)."
    apart = BoardPicture(5.0, (0.0, 0.0), ((0.0, 0.0), (3.0, 0.0)), 1)
    assert clusters_said(apart, 40, 20) == ""
    many = tuple((x, y) for x in (-4.0, -2.0, 2.0, 4.0) for y in (-3.0, 3.0) for _ in (0, 1))
    said = clusters_said(BoardPicture(5.0, (0.0, 0.0), many, 2), 60, 30)
    assert said.startswith("On the board, C marks darts 1 and 2 (one cell), D darts 3 and 4")
    assert said.endswith(", F to K (the table's rows name their darts)."), said


DARTS = [lv for lv in load_levels(SHIPPED) if lv.spec.kind in ("darts", "darts-split")]


@pytest.mark.parametrize("level", DARTS, ids=[lv.id for lv in DARTS])
async def test_the_words_never_cost_a_throw_its_row_beside_the_win(
    level: Level, tmp_path: Path
) -> None:
    """Beside the win panel at 80×24 the words for "Wind and a shaky hand"'s two clusters
    took two rows: two throws went off the table ("earlier throws: 1 to 2") and the
    words' second row lay under the panel. Where they do not fit, they are left out (the
    help says what a mark is)."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, DartsScreen))
        screen = app.screen
        assert isinstance(screen, DartsScreen)
        for key in winning_keys(level):
            await pilot.press(key)
        await settled(pilot, lambda: isinstance(app.screen, WinScreen))
        await pilot.pause()
        table = str(screen.query_one("#throws", Static).render())
        assert "earlier throws" not in table, table
