"""The key under a fit chart (`pictures.key_strip`, `fit.key_entries`): laid out in its
rows in the longest words that fit, never cut silently, the same rows for every line."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest

from dartfit.levels import Level, load_levels
from dartfit.pictures.fit import FitPicture, draw_fit_keyed, key_entries, key_rows, level_bounds
from dartfit.pictures.key_strip import (
    MORE,
    KeyEntry,
    draw_key,
    laid_out,
    rows_needed,
    said,
    tiers,
    width_of,
)
from dartfit.rules import fit, linear
from dartfit.screens.fit_chart import chart_picture
from tests.conftest import SHIPPED
from tests.test_sandbox import issue_data, sandbox

LEVELS = {level.id: level for level in load_levels(SHIPPED)}

CAPTION: KeyEntry = (("□",), "square", ("area = miss², MSE = their mean area", "area = miss²"))
SHARED: KeyEntry = (("◍",), "point", ("two or more points in a cell", "2+ points"))
POINTS: KeyEntry = (("●",), "point", ("points",))


def test_the_widest_entry_is_said_shorter_first() -> None:
    """One long entry made every entry take its shortest words; now the widest goes
    shorter first, and the others keep theirs while the row holds them."""
    entries = [POINTS, CAPTION, SHARED]
    whole = sum(width_of((s[0], st, w[0])) for s, st, w in entries) + 2 * 2
    rows = laid_out(entries, whole - 1, 1)  # a column short: one entry said shorter
    assert [words for _, _, words in rows[0]] == ["points", "area = miss²", SHARED[2][0]]
    assert laid_out(entries, whole, 1) == [[(s[0], st, w[0]) for s, st, w in entries]]


def test_a_key_too_narrow_for_its_entries_says_so_and_cuts_no_word() -> None:
    """Where even the shortest words do not fit, entries go from the end, whole, and the
    row ends in MORE (never an entry cut off at the edge)."""
    entries = [POINTS, CAPTION, SHARED, (("◉",), "point-selected", ("picked",))]
    width = 40  # "● points  □ area = miss²" and MORE; not the shared cells nor the picked
    rows = laid_out(entries, width, 1)
    said = [words for _, _, words in rows[0]]
    assert said[-1] == MORE and said[:-1] == ["points", "area = miss²"]
    raster = draw_key(entries, width, 1)
    assert raster.rows()[0][0].rstrip().endswith(MORE)


def _keyed(level, state, best, squares: bool, names) -> FitPicture:
    """The level's chart picture at `state` with its key below, as the line level draws it."""
    return chart_picture(
        level,
        state,
        level_bounds(level),
        best=best,
        squares=squares,
        density=None,
        placed=None,
        names=names,
        selected=None,
        key_below=True,
    )


def _pictures(level_id: str, squares: bool, best: bool) -> Iterator[FitPicture]:
    """The level's chart pictures along lines from its start to its best and past it."""
    level = LEVELS[level_id]
    start, (m, b) = fit.start(level), linear.best_fit(level, "mse")
    lines = {"best MSE line": (m, b)} if best else {}
    for t, db in itertools.product((0.0, 0.5, 1.0, 1.5), (0.0, 3.0, -20.0)):
        m_t, b_t = start.m + t * (m - start.m), start.b + t * (b - start.b) + db
        state = fit.place(level, start, m_t, b_t)
        yield _keyed(level, state, lines, squares, level.names)


@pytest.mark.parametrize("level_id", ["first-line", "slope", "noisy", "outlier-line"])
@pytest.mark.parametrize("squares", [True, False], ids=["squares", "no-squares"])
@pytest.mark.parametrize("best", [False, True], ids=["alone", "best-line"])
def test_the_keys_rows_are_the_same_for_every_line_and_hold_all_it_names(
    level_id: str, squares: bool, best: bool
) -> None:
    """The key keeps its rows whatever the line does (a nudge never moves the plot): at 80
    columns (a key 78 wide) one row while the line is alone, and every frame's entries fit
    those rows, whole (no MORE), however far off the line runs."""
    for width in (78, 118, 198):
        rows = {key_rows(pic, width) for pic in _pictures(level_id, squares, best)}
        assert len(rows) == 1, (width, rows)
        if width == 78 and not best:
            assert rows == {1}
        for pic in _pictures(level_id, squares, best):
            _, entries = draw_fit_keyed(pic, 54 if width == 78 else width - 30, 17)
            said = [words for row in laid_out(entries, width, *rows) for _, _, words in row]
            assert MORE not in said and len(said) == len(entries), (width, said)


STRIPS = [((54, 15), 78), ((87, 32), 118), ((124, 43), 198)]
"""Chart sizes and the key's width under them: at 80×24, 120×40 and 200×50."""


def _walked_onto_the_best(level: Level) -> Iterator[FitPicture]:
    """The level's chart with its best lines (the MSE's; the MAE's too where it scores the
    MAE), the player's line stepped across the best MSE line a fraction of the y span at a
    time: on it, just above it, just below it, apart."""
    best = {"best MSE": linear.best_fit(level, "mse")}
    if level.spec.target.metric == "mae":
        best["best MAE"] = linear.best_fit(level, "mae")
    m, b = best["best MSE"]
    span = float(np.ptp(level.y)) or 1.0
    for names in {level.names, ("x", "y")}:
        for db in np.linspace(-0.1, 0.1, 21) * span:
            yield _keyed(level, fit.place(level, fit.start(level), m, b + db), best, True, names)


@pytest.mark.parametrize(
    "level",
    # million's key is Galton's (a shaded chart), walked there: drawn from 10⁶ points, its
    # walk took 133 s of the suite's
    [
        level
        for level in LEVELS.values()
        if level.spec.kind in ("line", "mae") and level.id != "million"
    ]
    + [sandbox(*issue_data())],
    ids=lambda level: level.id,
)
def test_the_keys_rows_hold_every_wording_of_the_best_lines(level: Level) -> None:
    """The rows the key keeps (`key_rows`) are worked out from each line's own name, and a
    frame may name a line "best MSE line, just below your line", longer. At the game's
    sizes every frame's entries, however its lines lie, need no more rows than those the
    key is sized from, and a key sized for them shows them all (no "… (? help)"). Not so in
    a narrower strip: at 58 columns mean-guess's key, its line a little over the mean,
    needs three rows where its basis needs two."""
    for pic in _walked_onto_the_best(level):
        basis = key_entries(pic, None)
        for (width, height), strip in STRIPS:
            _, entries = draw_fit_keyed(pic, width, height)
            needed = rows_needed(entries, strip)
            assert needed <= rows_needed(basis, strip), (strip, said(entries, tiers(entries) - 1))
            if rows_needed(basis, strip) <= 2:  # where the key keeps the rows it needs
                laid = laid_out(entries, strip, key_rows(pic, strip))
                assert MORE not in [words for row in laid for _, _, words in row], strip


def test_a_nudge_keeps_the_keys_rows_without_trying_its_wordings_again(monkeypatch) -> None:
    """The rows are worked out once for the marks a chart may show and a width: a nudge
    (another line, the same marks) asks again and finds them, and tries no wording (the
    wordings were a third of the key strip's work a key); other marks are worked out."""
    from dartfit.pictures import key_strip

    tried: list[int] = []
    needed = key_strip.rows_needed

    def counted(entries, width):  # type: ignore[no-untyped-def]
        tried.append(width)
        return needed(entries, width)

    monkeypatch.setattr(key_strip, "rows_needed", counted)
    pictures = list(_pictures("noisy", True, False))
    first = key_rows(pictures[0], 113)
    assert [key_rows(pic, 113) for pic in pictures[1:]] == [first] * (len(pictures) - 1)
    assert tried == [113]
    key_rows(pictures[0], 111)  # another width
    assert tried == [113, 111]
