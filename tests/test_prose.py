"""A number stays on the row of its name: Textual wraps at any space, no-break ones too, so
the game's own wrapping (Prose, and the HUD's rows) breaks only at plain spaces."""

from __future__ import annotations

from itertools import pairwise

import pytest

from dartfit.widgets.lines_panel import wrap
from dartfit.widgets.prose import wrapped
from dartfit.wording import NBSP, kept

GOAL = "Goal: Assume Gaussian noise. Find the most likely line.   " + kept("(target MSE ≤ 0.6305)")
BEST = f"best MSE line: {kept('m = 1.981,')} {kept('b = 0.7463')}"


@pytest.mark.parametrize("width", range(8, 80))
def test_a_kept_phrase_is_never_split_and_shows_plain_spaces(width: int) -> None:
    for text, phrase in ((GOAL, "(target MSE ≤ 0.6305)"), (BEST, "b = 0.7463")):
        rows = wrapped(text, width).split("\n")
        assert NBSP not in "".join(rows)
        if len(phrase) <= width:
            assert any(phrase in row for row in rows), (width, rows)
        hud = wrap(text, width)
        assert NBSP not in "".join(hud)
        if len(phrase) + 2 <= width:  # the HUD indents its later rows by two
            assert any(phrase in row for row in hud), (width, hud)


def test_text_that_fits_is_left_as_it_is_but_for_its_spaces() -> None:
    assert wrapped(GOAL, 200) == GOAL.replace(NBSP, " ")
    assert wrapped("one\n\ntwo", 10) == "one\n\ntwo"
    assert wrapped(BEST, 0) == BEST.replace(NBSP, " ")


WIN_LINES = [
    "Best MSE: aiming at the bull: 0.402",
    "aiming against the wind: 0.8368",
    "best δ on the ladder: 0.3896",
    "Key presses: 14 (par 20)",
    "Goal: get near the best line's MSE, 0.001215.",
]


@pytest.mark.parametrize("width", range(17, 60))
def test_no_row_starts_with_a_number_that_followed_a_word(width: int) -> None:
    """A player's review at 80×24: "aiming at the bull:" on one row and "0.402" on the next,
    "(par" above "20)". The number now goes down with the word before it (from 17 cells, the
    widest such pair here, "MSE, 0.001215.", with the HUD's indent: narrower, it must split)."""
    for line in WIN_LINES:
        for rows in (wrapped(line, width).split("\n"), wrap(line, width)):
            for before, row in pairwise(rows):
                first = row.strip()
                assert not (first[:1].isdigit() and not before.strip()[-1:].isdigit()), rows


def test_a_list_of_numbers_still_wraps_between_them() -> None:
    rows = wrapped("values 1 2 3 4 5 6 7 8 9 10 11 12", 10).split("\n")
    assert all(len(row) <= 10 for row in rows) and "".join(rows).count(" ") > 0


def test_a_list_after_commas_wraps_and_a_pair_too_wide_breaks_at_its_space() -> None:
    """A review of the rule: "1.5, 2.5, 3.5" was bound into one word and split mid-number;
    a word and number wider than the row ("step 10" at 6) were split mid-word."""
    rows = wrapped("values: 1.5, 2.5, 3.5, 4.5, 5.5", 20).split("\n")
    assert rows == ["values: 1.5, 2.5,", "3.5, 4.5, 5.5"]
    assert wrapped("step 10", 6).split("\n") == ["step", "10"]
    assert wrapped("the bull: 0.402", 8).split("\n") == ["the", "bull:", "0.402"]


WON = [
    "Stars: ★★★",
    "Your MSE: 12.1590",
    "best possible: 12.1589",
    "Key presses: 0",
    "Your line: m = 3.2210, b = 25.675, MSE 12.1590",
    "The MSE best line: m = 3.22, b = 25.68, MSE 12.1589 (your line, on it)",
    "The MAE best line: m = 3.4516, b = 23.56, MSE 14.1103",
]
"""The win panel's lines along the bottom of a sandbox at 80×24, 76 cells wide."""


def test_fields_run_together_start_rows_of_their_own_where_that_takes_no_more_rows() -> None:
    """Along the bottom the win's lines ran into each other ("…MSE 12.1590  The MSE best line:
    m = 3.22," then "b = 25.68…"): each that would break across rows starts a row of its own,
    in as many rows as running them on took."""
    text = "  ".join(WON)
    rows = wrapped(text, 76, "  ").split("\n")
    assert rows == ["  ".join(WON[:4]), *WON[4:]]
    assert len(rows) == len(wrapped(text, 76).split("\n"))


def test_fields_run_on_where_starting_rows_of_their_own_would_take_more_rows() -> None:
    """Short rows: fields of a row each that would take more rows than running them on stay
    run on, so a panel never grows to keep its lines apart."""
    text = "  ".join(["aaaaa aaaaa", "bbbbb bbbbb", "ccccc ccccc"])  # a row a field: three
    assert wrapped(text, 20, "  ") == wrapped(text, 20) == "aaaaa aaaaa  bbbbb\nbbbbb  ccccc ccccc"
