"""Darts that share a cell are named in words beside the board: a round of five darts all
in one cell at 80×24 and 120×40 showed the table's rows C1 to C5 and a C on the board, and
nothing said that C was a place on the board, nor that the five darts shared it. The words
stand in the HUD where it has room, else under the board's ruler (or, on "Which round is
worse?", on the round's title row): beside the win panel at 80×24 "Wind and a shaky hand"
had none, nor had that level's two boards anywhere."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Static

from dartfit.app import make_app
from dartfit.levels import Level, load_levels
from dartfit.pictures.board import (
    KEPT,
    STACKS,
    BoardPicture,
    board_clusters,
    board_rows,
    clusters_said,
    dart_clusters,
    draw_board,
    ruler_labels,
    said_of,
    wordings,
)
from dartfit.pictures.raster import ink
from dartfit.screens.compare import CompareScreen
from dartfit.screens.darts import DartsScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED, made_predictions
from tests.test_chart_pictures import ruler_row
from tests.ui.keys import winning_keys
from tests.ui.typing import darts_thrown, panel_shown, settled

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
        screen = await darts_thrown(pilot, 5)
        await settled(pilot, lambda: not unsaid(screen), seen=lambda: unsaid(screen))
        assert "C marks darts 1 to 5 (one cell)." in clusters_said(
            screen._picture(screen.state), *screen.query_one("#board", CanvasView).size
        )
        board = screen.query_one("#board", CanvasView)
        marks = [t[c] for t, s in board._rows for c in range(len(t)) if ink(s[c]) == "dart-stack"]
        assert marks == ["C"], marks  # the board shows that more than one dart is there


def flat(text: str) -> str:
    """Text with its rows and runs of spaces as one space."""
    return " ".join(text.split())


def board_words(rows: Sequence[tuple[str, object]]) -> str:
    """The words a board's rows hold under its x ruler, or in its top rows, over its rings
    (rows of words in the ruler's ink, and nothing else)."""
    over = list(itertools.takewhile(lambda row: _words_alone(*row), rows))
    return flat(" ".join(text for text, _ in [*over, *rows[ruler_row(list(rows)) + 1 :]]))


def _words_alone(text: str, styles: object) -> bool:
    """Whether a board's row holds words in the ruler's ink, and nothing else (a y ruler's
    row holds its glyphs and numbers, in the same ink, and no letter)."""
    assert isinstance(styles, Sequence)
    inks = {style.split("+")[0] for char, style in zip(text, styles, strict=True) if char != " "}
    return inks == {"axis"} and any(char.isalpha() for char in text) and "│" not in text


def unsaid(screen: LevelScreen) -> list[str]:
    """Each board of the screen whose clusters no words on the screen name (none: every
    one's are said in full in the HUD or under the board, or in fewer words (`wordings`)
    under the board or on its round's title row); a board not drawn as its picture is said
    (`board_rows`)."""
    found = []
    if isinstance(screen, DartsScreen):
        shown = [
            (screen.query_one("#board", CanvasView), screen._picture(screen.state), "#darts-hud")
        ]
    else:
        assert isinstance(screen, CompareScreen)
        shown = [
            (screen.query_one(f"#round-board-{k}", CanvasView), picture, f"#round-{k}")
            for k, picture in enumerate(screen._pictures())
        ]
    for view, picture, beside in shown:
        if not view.display:
            continue
        clusters = board_clusters(picture, *view.size)
        if not clusters:
            continue
        under = board_words(view._rows)
        near = flat(str(screen.query_one(beside, Static).render()))
        words = [flat(w.replace(KEPT, " ")) for w in wordings(clusters)]
        plain = board_clusters(replace(picture, said=False), *view.size)
        unsaid_words = [flat(w.replace(KEPT, " ")) for w in wordings(plain)]
        if not any(w in under for w in words) and not any(w in near for w in unsaid_words):
            found.append(f"{view.id}: {words[0]!r} said nowhere: under {under!r}, beside {near!r}")
    return found


def test_each_cluster_is_said_with_its_darts_and_whether_they_share_a_cell() -> None:
    """Darts in one cell, and darts side by side in a row (whose numbers would run
    together), each cell by its mark; past three cells the rest by their marks."""
    one_cell = BoardPicture(5.0, (0.0, 0.0), ((0.0, 0.0), (0.01, 0.0), (0.0, 0.0)), 1)
    assert clusters_said(one_cell, 40, 20) == "C marks darts 1 to 3 (one cell)."
    beside = BoardPicture(5.0, (0.0, 0.0), ((0.0, 0.0), (3.0, 0.0), (0.3, 0.0)), 1)
    assert dart_clusters(beside, 40, 20) == [[1], [3]]  # each cell its own letter
    assert clusters_said(beside, 40, 20) == "C marks dart 1, D dart 3."
    apart = BoardPicture(5.0, (0.0, 0.0), ((0.0, 0.0), (3.0, 0.0)), 1)
    assert clusters_said(apart, 40, 20) == ""
    many = tuple((x, y) for x in (-4.0, -2.0, 2.0, 4.0) for y in (-3.0, 3.0) for _ in (0, 1))
    said = clusters_said(BoardPicture(5.0, (0.0, 0.0), many, 2), 60, 30)
    assert said.startswith("C marks darts 1 and 2 (one cell), D darts 3 and 4")
    assert said.endswith(", F to K (the table's rows name their darts)."), said


def test_a_lone_letter_past_the_three_named_is_named_with_its_darts() -> None:
    """Four clusters: the fourth said as the three before it ("F darts 7 and 8"), not left
    to the table in words that read oddly for one letter ("F (the table's rows name their
    darts)"), in full words and in few; five or more: the rest by their letters."""
    four = tuple((x, 3.0) for x in (-4.0, -2.0, 2.0, 4.0) for _ in (0, 1))
    pic = BoardPicture(5.0, (0.0, 0.0), four, 2)
    clusters = board_clusters(pic, 60, 30)
    assert [mark for mark, _ in zip(STACKS, clusters, strict=False)] == list("CDEF")
    f_darts = " and ".join(map(str, clusters[3][1]))
    assert clusters_said(pic, 60, 30).endswith(f", F darts {f_darts} (one cell)."), clusters
    assert said_of(clusters, few=True).endswith(f"; F:{KEPT}{f_darts.replace(' and ', ',')}")
    five = BoardPicture(5.0, (0.0, 0.0), (*four, (0.0, -3.0), (0.0, -3.0)), 2)
    assert clusters_said(five, 60, 30).endswith(", F to G (the table's rows name their darts).")
    assert said_of(board_clusters(five, 60, 30), few=True).endswith("; F–G: the table")


DARTS = [lv for lv in load_levels(SHIPPED) if lv.spec.kind in ("darts", "darts-split")]


@pytest.mark.parametrize("level", DARTS, ids=[lv.id for lv in DARTS])
async def test_the_words_never_cost_a_throw_its_row_beside_the_win(
    level: Level, tmp_path: Path
) -> None:
    """Beside the win panel at 80×24 the words for "Wind and a shaky hand"'s two clusters
    took two rows: two throws went off the table ("earlier throws: 1 to 2") and the
    words' second row lay under the panel. Where they do not fit there, the board says
    them (they had been left out)."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await darts_thrown(pilot, 0)  # aimed and thrown by the winning keys
        await pilot.press(*winning_keys(level))
        await panel_shown(pilot)

        def table() -> str:
            return str(screen.query_one("#throws", Static).render())

        # once the level has laid itself out in the room the panel leaves it (a busy
        # machine's first frame beside the panel still had the table of the size before)
        await settled(pilot, lambda: "earlier throws" not in table(), seen=table)
        assert not unsaid(screen)


COMPARE = [lv for lv in load_levels(SHIPPED) if lv.spec.kind == "compare"]


@pytest.mark.parametrize("level", COMPARE, ids=[lv.id for lv in COMPARE])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_which_round_is_worse_names_each_boards_marks(
    size: tuple[int, int], level: Level, tmp_path: Path
) -> None:
    """Both rounds' boards mark darts in one cell (C, D), and no words said which darts a
    mark stood for: before the pick and beside the win panel."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, CompareScreen))
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        await settled(pilot, lambda: not unsaid(screen), seen=lambda: unsaid(screen))
        assert any(v.display for v in screen.query(".round-board"))
        for key in winning_keys(level):
            await pilot.press(key)
        await panel_shown(pilot)
        await settled(pilot, lambda: not unsaid(screen), seen=lambda: unsaid(screen))


@pytest.mark.parametrize("level", COMPARE, ids=[lv.id for lv in COMPARE])
async def test_which_round_is_worse_says_its_marks_on_its_boards_at_80x24(
    level: Level, tmp_path: Path
) -> None:
    """At 80×24 the words naming each board's marks sat on its round's title row, over the
    round's table and away from the board: under its ruler they had cost the board its −5
    and 5. They lie in the board's blank top row, over its rings, every label kept."""
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start=level.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, CompareScreen))
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        boards = [screen.query_one(f"#round-board-{k}", CanvasView) for k in range(2)]
        await settled(pilot, lambda: all(b.display and "darts" in b.text() for b in boards))
        for k, (board, picture) in enumerate(zip(boards, screen._pictures(), strict=True)):
            assert "darts" in board_words(board._rows), board.text()
            title = str(screen.query_one(f"#round-{k}", Static).render()).splitlines()[0]
            assert "darts" not in title, title
            labels = ruler_labels(picture, *board.size)
            assert labels == ruler_labels(picture, *board.size, said=False) == 5


WON_WOBBLE = BoardPicture(
    6.0, (0.0, 0.0), ((0.1, 0.0), (2.1, 0.0), (0.12, 0.0), (2.08, 0.0), (-2.0, 2.0)), 2
)
"""Two clusters on the board of "Wind and a shaky hand" (radius 6, two axes)."""


def words_under(pic: BoardPicture, size: tuple[int, int]) -> tuple[str, list[str]]:
    """The words under a board's own rows, and the words (full, few, …: `wordings`) naming
    its marks."""
    under = board_words(draw_board(pic, *size).rows())
    clusters = board_clusters(pic, *size)
    return under, [flat(w.replace(KEPT, " ")) for w in wordings(clusters)]


def test_a_board_that_fills_its_rows_names_its_marks_in_a_row_it_can_spare() -> None:
    """Beside the win panel at 80×24 (29 × 13) the two-axis board fills its rows, yet is
    drawn as large, every label of both rulers, in 12: the few words take the 13th."""
    size = (29, 13)
    under, (_, few, *_) = words_under(WON_WOBBLE, size)
    assert under == few == "C: darts 1,3; D: 2,4", under
    assert ruler_labels(WON_WOBBLE, *size) == ruler_labels(WON_WOBBLE, *size, said=False) == 7
    assert board_rows(WON_WOBBLE, *size) == 12


@pytest.mark.parametrize("size", [(29, 14), (36, 12), (60, 21), (100, 34)])
def test_a_board_names_its_marks_under_its_ruler_at_every_size(size: tuple[int, int]) -> None:
    """In its spare rows (in full where they fit), else in rows it is drawn smaller for."""
    for pic in (WON_WOBBLE, replace(WON_WOBBLE, radius=7.0, axes=1)):
        under, words = words_under(pic, size)
        assert any(w in under for w in words), (under, words)
