"""A number stays on the row of its name: Textual wraps at any space, no-break ones too, so
the game's own wrapping (Prose, and the HUD's rows) breaks only at plain spaces."""

from __future__ import annotations

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
