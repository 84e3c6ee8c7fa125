"""Darts side by side never read as one number: a dart's number stands on the board only
where no other dart is in its cell or beside it in its row; the darts of a cluster (in one
cell, or in cells side by side) show its mark instead, and the throws table marks their
numbers with it. "A windy day" won at 120×40 read "412" for three darts; "Wind and a shaky
hand" at 80×24 read "13" after three throws."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dartfit import core
from dartfit.levels import Level, load_levels
from dartfit.pictures.board import (
    IDENTIFIED,
    KEPT,
    OLDER,
    STACKS,
    BoardPicture,
    board_rows,
    clusters_said,
    dart_clusters,
    draw_board,
    drawn_radius,
    ruler_labels,
    stack_marks,
    wordings,
)
from dartfit.pictures.raster import Row
from dartfit.rules import darts
from dartfit.screens.darts import HEAD_ROWS, listed, throws_table, within
from tests.conftest import SHIPPED, inked
from tests.test_board_rulers import BEFORE, BEFORE_WOBBLE, WON, WON_WOBBLE

BOARDS = [lv for lv in load_levels(SHIPPED) if lv.spec.darts is not None]
SIZES = sorted({*WON, *WON_WOBBLE, *BEFORE, *BEFORE_WOBBLE})
"""The board's canvas at 80×24, 120×40 and 200×50, before a win and beside its panel."""
DART = ("dart", "dart-stack")


def misread(rows: Sequence[Row]) -> list[str]:
    """Where a dart's number on the board touches another dart in its row (none: every
    number reads alone): "412", or "C3" (read as the table's C3). A run of a dart's ink is
    a cluster's marks or one number: a dart's, two digits at most (a board holds 50)."""
    found = []
    for r, (text, styles) in enumerate(rows):
        runs = re.finditer(
            r"[DS]+",
            "".join("D" if s == "dart" else "S" if s == "dart-stack" else "." for s in styles),
        )
        for run in runs:
            ink = run.group()
            if ("D" in ink and "S" in ink) or ink.count("D") > 2:
                found.append(f"{text[run.start() : run.end()]!r} on row {r}")
    return found


def dart_cell(pic: BoardPicture, n: int, width: int, height: int) -> tuple[int, int]:
    """The cell of dart `n` (from 1), found on the board drawn with it alone, in the rows
    the board takes (those under them say what its marks are)."""
    alone = BoardPicture(pic.radius, pic.aim, (pic.darts[n - 1],), pic.axes, crosshair=False)
    rows = inked(draw_board(alone, width, board_rows(pic, width, height)))
    return next(
        (c, r) for r, (_, styles) in enumerate(rows) for c, s in enumerate(styles) if s == "dart"
    )


def table_marks(table: str) -> list[str]:
    """Each throw's mark in the throws table ("" for a throw with none)."""
    lines = table.splitlines()[HEAD_ROWS:]
    return [re.findall(rf"^\s*([{STACKS}]?)\d", line)[0] for line in lines]


def unlike(pic: BoardPicture, width: int, height: int) -> list[str]:
    """Where the board and the throws table disagree about a dart (none: each unmarked dart
    shows its number in its cell, each marked one its cluster's mark there, as the table
    has it); a dart marked with no other dart in its cell or beside it in its row, or one
    with a dart beside it drawn as its number; two clusters with one mark."""
    rows = inked(draw_board(pic, width, height))
    clusters = dart_clusters(pic, width, height)
    marks = stack_marks(clusters, len(pic.darts))
    score = core.score_round(np.zeros(2), np.array(pic.darts))
    found = [] if table_marks(throws_table(score, True, marks)) == marks else ["the table"]
    cells = [dart_cell(pic, n, width, height) for n in range(1, len(pic.darts) + 1)]
    for n, ((col, row), mark) in enumerate(zip(cells, marks, strict=True), start=1):
        text, styles = rows[row]
        if mark and (text[col], styles[col]) != (mark, "dart-stack"):
            found.append(f"dart {n} drawn {text[col]!r} ({styles[col]}), its table's {mark!r}")
        if mark:
            continue
        digits = len(str(n))  # all its digits, from its cell or to it: never dart 12 as 2
        spans = [(c, c + digits) for c in (col, col - digits + 1) if 0 <= c <= width - digits]
        at = [c for c, end in spans if text[c:end] == str(n) and set(styles[c:end]) == {"dart"}]
        if not at:
            found.append(f"dart {n} drawn {text[max(col - 1, 0) : col + 2]!r}, not {n}")
            continue
        others = [cell for m, cell in enumerate(cells, start=1) if m != n]
        if any(r == row and at[0] - 1 <= c <= at[0] + digits for c, r in others):
            found.append(f"dart {n} is a number with another dart beside it")
    if len({marks[c[0] - 1] for c in clusters}) < len(clusters):
        found.append(f"two clusters share a mark: {clusters}")
    drawn = [t for text, styles in rows for t, s in zip(text, styles, strict=True) if s == DART[1]]
    for cluster in clusters:  # a mark is one cell's: all its darts in it, and only they
        mark = marks[cluster[0] - 1]
        if drawn.count(mark) != 1 or len({cells[n - 1] for n in cluster}) != 1:
            found.append(f"{mark} on {drawn.count(mark)} cells for darts {cluster}")
    return found


def test_three_darts_side_by_side_show_a_mark_each_and_no_number() -> None:
    """Darts 4, 1 and 2 in touching cells of one row read "412" on a won windy board: each
    cell its own letter (one letter for the three had said none was which)."""
    pic = BoardPicture(5.0, (0.0, 0.0), ((2.25, 1.0), (2.5, 1.0), (-3.0, -3.0), (2.0, 1.0)))
    rows = inked(draw_board(pic, 60, 21))
    text = "\n".join(t for t, _ in rows)
    assert "ECD" in text and not any(d in text for d in ("412", "12", "41")), text
    assert dart_clusters(pic, 60, 21) == [[1], [2], [4]]
    assert not misread(rows) and not unlike(pic, 60, 21), text
    assert "3" in text  # the dart with no dart beside it keeps its number


def test_four_darts_in_three_cells_say_which_cell_holds_which() -> None:
    """ "Wind and a shaky hand" at 80×24: four darts in three cells side by side read "CCC",
    and the words "C marks darts 1 to 4 (side by side)": nothing said which cell held
    which darts, nor that one held two. Each cell has its own letter now, the words and the
    table say its darts, and the cell with two says "(one cell)"."""
    pic = BoardPicture(
        5.0, (0.0, 0.0), ((2.25, 1.0), (2.5, 1.0), (2.0, 1.0), (2.25, 1.05), (-3.0, -3.0))
    )
    rows = inked(draw_board(pic, 60, 21))
    text = "\n".join(t for t, _ in rows)
    clusters = dart_clusters(pic, 60, 21)
    assert sorted(clusters) == [[1, 4], [2], [3]], clusters
    marks = stack_marks(clusters, 5)
    assert marks[0] == marks[3] and len({marks[0], marks[1], marks[2]}) == 3, marks
    assert "ECD" in text and marks[:3] == ["C", "D", "E"] and not unlike(pic, 60, 21), text
    said = clusters_said(pic, 60, 21)
    assert f"{marks[0]} marks darts 1 and 4 (one cell)" in said, said
    assert f"{marks[1]} dart 2" in said and f"{marks[2]} dart 3" in said, said


def test_darts_one_above_the_other_keep_their_numbers() -> None:
    """Only a row runs digits together: darts on rows one above the other stay numbers."""
    pic = BoardPicture(5.0, (0.0, 0.0), ((2.0, 1.0), (2.0, 1.5)))
    rows = inked(draw_board(pic, 60, 21))
    digits = [t[c] for t, s in rows for c in range(len(t)) if s[c] == "dart"]
    assert sorted(digits) == ["1", "2"] and dart_clusters(pic, 60, 21) == []


ROUNDS = {
    "level": st.sampled_from(BOARDS),
    "seed": st.integers(0, 2**32 - 1),
    "aim": st.tuples(st.floats(-1.0, 1.0), st.floats(-1.0, 1.0)),
    "size": st.sampled_from(SIZES),
}
"""A round thrown on a shipped board at one of the sizes: the strategies of the property
tests, each with its own number of throws."""


@settings(max_examples=400)
@given(**ROUNDS, throws=st.integers(2, IDENTIFIED))  # (each numbered or marked: none older)
def test_no_dart_number_touches_another_dart_on_any_board(
    level: Level, seed: int, aim: tuple[float, float], size: tuple[int, int], throws: int
) -> None:
    """Rounds of every darts level's board (a recorded round's too: one axis), its wind and
    its wobble, from many seeds and aims, at the sizes the screens draw it: no number of a
    dart beside another dart's number or mark, and the board and the table agree."""
    spec = darts.spec(level)
    radius = darts.board_radius(level)
    wobble = spec.wobble or 0.6  # a recorded round's darts spread as a hand's would
    rng = np.random.default_rng(seed)
    at = np.array([aim[0], aim[1] if spec.axes == 2 else 0.0]) * radius / 2
    landed = np.array([core.land(at, wobble, spec.wind, d) for d in rng.normal(size=(throws, 2))])
    if spec.axes == 1:
        landed[:, 1] = 0.0
    pic = BoardPicture(radius, (float(at[0]), float(at[1])), tuple(map(tuple, landed)), spec.axes)
    rows = inked(draw_board(pic, *size))
    text = "\n".join(t for t, _ in rows)
    assert not misread(rows), text
    assert not unlike(pic, *size), text


def letters_named(words: str) -> set[str]:
    """The marks of STACKS some words name: each said with its darts ("C: 1", "C: dart 1",
    "C marks dart 1", "D darts 3 and 4"), or within a run of marks left to the table ("F–K:
    the table", "F to K (the table's rows name their darts)")."""
    words = words.replace("\u00a0", " ")
    named = set(re.findall(rf"(?<![\w'])([{STACKS}])(?=:| marks\b| darts?\b)", words))
    for first, last in re.findall(rf"(?<![\w'])([{STACKS}])(?:–| to )([{STACKS}])\b", words):
        named |= set(STACKS[STACKS.index(first) : STACKS.index(last) + 1])
    return named


def letters_unnamed(rows: Sequence[Row]) -> list[str]:
    """The letters a board draws (its clusters' marks) that the words under its ruler or
    over its rings do not name (none: each is said with its darts, or in a run of letters
    left to the table)."""
    from tests.ui.test_shared_cell_words import board_words

    drawn = {t for text, styles in rows for t, s in zip(text, styles, strict=True) if s == DART[1]}
    return sorted(drawn - letters_named(board_words(rows)))


def test_letters_named_reads_every_wording() -> None:
    """The words' forms `letters_named` reads: with darts, in full and in few; runs."""
    assert letters_named("C marks dart 1, D darts 3 and 4 (one cell), E dart 2.") == set("CDE")
    assert letters_named("C marks darts 1 and 2, D dart 3, E dart 4, F to H (the table's") == {
        *"CDEFGH"
    }
    assert letters_named("C: dart 1; D: 3,4; E–G: the table") == set("CDEFG")
    assert letters_named("D: darts 3,4; E: 2,5,8") == set("DE")


def test_every_wording_names_every_letter_and_leaves_none_alone_to_the_table() -> None:
    """The words for a board's marks, ever shorter (`wordings`): each names every letter on
    the board, with its darts or in a run left to the table, never one letter alone."""
    cells = [([(0, 0)], [1]), ([(1, 0)], [3, 4]), ([(1, 1)], [2, 5, 8]), ([(2, 0)], [7])]
    said = [w.replace(KEPT, " ") for w in wordings(cells)]
    assert said == [
        "C marks dart 1, D darts 3 and 4 (one cell), E darts 2, 5 and 8 (one cell), F dart 7.",
        "C: dart 1; D: 3,4; E: 2,5,8; F: 7",
        "C: 1; D: 3,4; E: 2,5,8; F: 7",
        "C: 1; D: 3,4; E–F: the table",
        "C: 1; D–F: the table",
        "C–F: the table",
    ], said
    many = [([(k, 0)], [k + 1]) for k in range(7)]  # C to J: three said, the rest a run
    assert all(letters_named(w) == set("CDEFGHJ") for w in wordings(many))
    assert all(letters_named(w) == set("CDEF") for w in said)


def test_the_lone_darts_beside_shared_cells_are_named_under_the_won_board() -> None:
    """ "Wind and a shaky hand" won at 80×24 (its board 29 × 13): darts 7, 1 and 3 and 4
    side by side ("FCD"), and 2, 5 and 8 in one cell below (E). The words under the board
    said "D: darts 3,4; E: 2,5,8": nothing on or under the board said what C and F were
    (only the throws table's rows C1 and F7 beside it). Every letter is said, in one row,
    and the board keeps its size and every label of its rulers."""
    landed = (
        (-0.237, 0.158), (0.364, -0.583), (0.461, 0.153), (0.470, 0.163),
        (0.697, -0.563), (1.066, 0.721), (-0.360, 0.396), (0.267, -1.047),
    )  # fmt: skip
    pic = BoardPicture(6.0, (-1.5, 1.0), landed, 2)
    rows = inked(draw_board(pic, 29, 13))
    text = "\n".join(t for t, _ in rows)
    assert "FCD" in text and not letters_unnamed(rows), text
    assert rows[-1][0].strip() == "C: 1; D: 3,4; E: 2,5,8; F: 7", text
    assert ruler_labels(pic, 29, 13) == ruler_labels(pic, 29, 13, said=False) == 7
    assert drawn_radius(pic, 29, board_rows(pic, 29, 13)) == drawn_radius(pic, 29, 13)


@settings(max_examples=300)
@given(**ROUNDS, throws=st.integers(2, 50))
def test_every_letter_on_a_board_is_named_in_the_words_under_it(
    level: Level, seed: int, aim: tuple[float, float], size: tuple[int, int], throws: int
) -> None:
    """Rounds of every darts level, from many seeds and aims, of 2 to 50 darts, at the sizes
    the screens draw the board (80×24, 120×40 and 200×50, before a win and beside its
    panel): every letter the board draws is named in its words, with its darts or in a run
    of letters left to the table; none is said only by the throws table's rows."""
    spec = darts.spec(level)
    radius = darts.board_radius(level)
    rng = np.random.default_rng(seed)
    at = np.array([aim[0], aim[1] if spec.axes == 2 else 0.0]) * radius / 2
    wobble = spec.wobble or 0.6
    landed = np.array([core.land(at, wobble, spec.wind, d) for d in rng.normal(size=(throws, 2))])
    if spec.axes == 1:
        landed[:, 1] = 0.0
    pic = BoardPicture(radius, (float(at[0]), float(at[1])), tuple(map(tuple, landed)), spec.axes)
    rows = inked(draw_board(pic, *size))
    assert not letters_unnamed(rows), "\n".join(t for t, _ in rows)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("seed", range(4))
def test_every_dart_of_a_fifty_throw_round_is_its_number_a_mark_of_its_own_or_older(
    size: tuple[int, int], seed: int
) -> None:
    """A level file's 50 throws repeated the four marks past 8 darts (✱ for two clusters)
    and drew dart 12 as 2. The latest IDENTIFIED darts are each their whole number or their
    cluster's letter, no two clusters alike; the earlier ones a plain OLDER."""
    level = next(lv for lv in BOARDS if lv.id == "wind-and-wobble")
    spec, radius = darts.spec(level), darts.board_radius(level)
    rng = np.random.default_rng(seed)
    landed = [core.land(np.zeros(2), spec.wobble, spec.wind, d) for d in rng.normal(size=(50, 2))]
    pic = BoardPicture(radius, (0.0, 0.0), tuple(map(tuple, landed)), spec.axes)
    first = pic.numbered_from
    assert first == 50 - IDENTIFIED + 1
    rows = inked(draw_board(pic, *size))
    assert not misread(rows), "\n".join(t for t, _ in rows)
    clusters = dart_clusters(pic, *size)
    assert all(n >= first for cluster in clusters for n in cluster)
    assert len({stack_marks(clusters, 50)[c[0] - 1] for c in clusters}) == len(clusters)
    # the earlier darts plain, where no later dart's ink is over them
    assert sum(text.count(OLDER) for text, _ in rows) <= first - 1
    numbers = [n for n in range(first, 51) if not stack_marks(clusters, 50)[n - 1]]
    text = "\n".join(t for t, _ in rows)
    assert all(str(n) in text for n in numbers), text


def test_a_board_drawn_again_at_its_size_keeps_its_rings_worked_out(monkeypatch) -> None:
    """Every throw draws the board again, on the same rings: they were worked out a cell at
    a time each time (two thirds of a board's drawing; this file's hypothesis test drew
    4,000 boards). A board drawn again at its size and scale works out no ring cell, and
    draws the same rings."""
    import math

    from dartfit.pictures import board

    level = next(lv for lv in BOARDS if lv.id == "wind-and-wobble")
    radius = darts.board_radius(level)
    hypot, counted = math.hypot, []

    def count(*args: float) -> float:
        counted.append(args)
        return hypot(*args)

    def rings(rows: list[Row]) -> list[list[tuple[str, str]]]:
        return [
            [(t, s) for t, s in zip(text, styles, strict=True) if s.startswith("ring")]
            for text, styles in rows
        ]

    monkeypatch.setattr(board.math, "hypot", count)
    board._rings.cache_clear()
    first = inked(draw_board(BoardPicture(radius, (0.0, 0.0), ()), 97, 31))
    assert len(counted) == 97 * 30  # each cell once (the bottom row is the ruler's)
    counted.clear()
    again = inked(draw_board(BoardPicture(radius, (0.0, 0.0), ()), 97, 31))
    assert counted == [] and again == first and any(rings(first))


@given(
    thrown=st.integers(1, 200),
    rows=st.none() | st.integers(1, 60),
    back=st.integers(0, 500),
)
def test_the_throws_table_lists_a_run_of_real_throws_ending_at_the_latest_unmoved(
    thrown: int, rows: int | None, back: int
) -> None:
    first, last = listed(thrown, rows, back)
    assert 1 <= first <= last <= thrown
    assert listed(thrown, rows, 0)[1] == thrown  # unmoved: the latest throw in sight
    assert listed(thrown, rows, within(thrown, rows, back)) == (first, last)
    if rows is not None and rows < thrown:
        assert listed(thrown, rows, back + 1) == (first, last) or first > 1
