"""A chart-wide braille line, its dots worked out at once, is the line drawn dot by dot."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from dartfit.pictures import raster
from dartfit.pictures.raster import Raster

place = st.floats(min_value=-200, max_value=200, allow_nan=False)


def _drawn(lines: list[tuple[float, float, float, float, int, tuple[int, int]]]) -> list:  # type: ignore[type-arg]
    picture = Raster(60, 20)
    picture.text(3, 5, "a legend")
    for i, (c0, r0, c1, r1, first_col, dash) in enumerate(lines):
        picture.segment(c0, r0, c1, r1, f"style-{i % 2}", first_col=first_col, dash=dash)
    return picture.rows()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            place,
            place,
            place,
            place,
            st.integers(0, 10),
            st.sampled_from([(1, 1), (1, 2), (2, 4)]),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_a_line_drawn_at_once_is_the_line_drawn_dot_by_dot(
    lines: list[tuple[float, float, float, float, int, tuple[int, int]]],
) -> None:
    at_once = _drawn(lines)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(raster, "LONG", 10**9)
        assert at_once == _drawn(lines)


def _cell_by_cell(raster: Raster, col: int, row: int, text: str, style: str) -> None:
    """`Raster.text` a character at a time (the oracle of the slices): one of a cell put on
    its own, any other written alone (a wide one takes two cells, one of none a "?")."""
    for char in unicodedata.normalize("NFC", text):
        if cell_len(char) == 1:
            raster.put(col, row, char, style)
        else:
            raster.text(col, row, char, style)
        col += max(cell_len(char), 1)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(-6, 14),
            st.integers(-2, 6),
            st.text(st.sampled_from("ab ·░▒▓█─┊é\u0301e世😀\x1b\t"), max_size=12),
        ),
        max_size=6,
    )
)
def test_text_written_as_slices_is_what_a_cell_at_a_time_writes(
    writes: list[tuple[int, int, str]],
) -> None:
    """Strings of characters known to take one cell each are written as slices: the same
    cells as one character at a time, off the edges, wide, combining and control ones too,
    written twice so that the second time takes the slices."""
    fast, slow = Raster(8, 4), Raster(8, 4)
    for _ in range(2):
        for k, (col, row, text) in enumerate(writes):
            fast.text(col, row, text, f"s{k}")
            _cell_by_cell(slow, col, row, text, f"s{k}")
    assert fast.rows() == slow.rows()


def _bits(picture: Raster, col: int, row: int) -> int:
    return ord(picture.rows()[row][0][col]) - 0x2800


def test_a_line_drawn_over_another_keeps_its_cells_where_their_dots_would_touch() -> None:
    """Galton's won chart ORed three lines into one cell's dots ("⡫⠯⠉⠭⠭"): none could be read.
    Where a line's dots lie on or next to a dot row of a line drawn before it, the earlier
    line is left out of that cell; a dot row or more apart (⣉), both are kept, and a line's
    own dots always add up."""
    touching = Raster(4, 1)
    touching.segment(0, -0.125, 3, -0.125, "under")  # dot row 1
    touching.segment(0, 0.125, 3, 0.125, "over")  # dot row 2
    assert touching.dots_at(1, 0) == "over"
    assert _bits(touching, 1, 0) == 0x24  # ⠤ alone
    apart = Raster(4, 1)
    apart.segment(0, -0.375, 3, -0.375, "under")  # dot row 0
    apart.segment(0, 0.375, 3, 0.375, "over")  # dot row 3
    assert _bits(apart, 1, 0) == 0x09 | 0xC0  # ⣉: both
    own = Raster(4, 1)
    own.segment(0, -0.125, 3, -0.125, "line")
    own.segment(0, 0.125, 3, 0.125, "line")
    assert _bits(own, 1, 0) == 0x12 | 0x24  # one line's dots: all of them
    chain = Raster(4, 1)  # a line hidden under the top one hides none beneath it
    chain.segment(0, 0.375, 3, 0.375, "reference")  # dot row 3
    chain.segment(0, 0.125, 3, 0.125, "best")  # dot row 2: under the top line here
    chain.segment(0, -0.125, 3, -0.125, "yours")  # dot row 1
    assert _bits(chain, 1, 0) == 0x12 | 0xC0


@pytest.mark.parametrize(
    ("apart", "hidden"),
    [
        (0, {"under": ("over", "on")}),
        (1, {"under": ("over", "on")}),
        (2, {"under": ("over", "above")}),
    ],
)
def test_a_line_drawn_under_another_all_along_is_said_hidden_and_where(
    apart: int, hidden: dict[str, tuple[str, str]]
) -> None:
    """A cell takes the colour of the line drawn last in it: a line under another all along,
    on its dots or touching them (0 or 1 dot row apart), shows nowhere; a free dot row apart
    (2), its dots show, in the other line's colour. Either way no cell is its own, and the
    raster says so, with the line over it and where its dots are."""
    picture = Raster(4, 1)
    picture.segment(0, -0.375, 3, -0.375, "under")  # dot row 0
    picture.segment(0, -0.375 + apart / 4, 3, -0.375 + apart / 4, "over")
    assert picture.hidden() == hidden
    assert {style for _, styles in picture.rows() for style in styles} <= {"over", ""}


def test_a_line_with_a_cell_of_its_own_is_not_hidden() -> None:
    """A line under another in all but one cell shows its colour there: not hidden."""
    picture = Raster(4, 1)
    picture.segment(0, 0, 3, 0, "under")
    picture.segment(0, 0, 2, 0, "over")
    assert picture.hidden() == {}


@pytest.mark.parametrize(
    ("over_from", "apart", "mostly"),
    [
        (1, 0, {"under": "over"}),  # seen in 1 of its 4 cells
        (2, 0, {}),  # in 2 of 4: not most of them hidden
        (1, 2, {}),  # a free dot row apart: its dots show in the other's cells
        (4, 0, {}),  # no line over it
    ],
)
def test_a_line_under_another_in_most_of_its_cells_is_said_mostly_hidden(
    over_from: int, apart: int, mostly: dict[str, str]
) -> None:
    """Won at 80×24, first-line's best MSE line showed in 18 of its 73 cells, the player's
    line over the rest, and the legend named it as a line of its own: a student looked for
    a dotted line and found a few dots. A line hidden (its dots not shown) in more of its
    cells than it shows in is said mostly hidden, with the line over it; a line seen in
    half its cells or more, or whose dots show a dot row from the other's, is not."""
    picture = Raster(4, 1)
    picture.segment(0, -0.375, 3, -0.375, "under")  # dot row 0
    if over_from < 4:
        picture.segment(over_from, -0.375 + apart / 4, 3, -0.375 + apart / 4, "over")
    assert picture.mostly_hidden() == mostly
    assert picture.hidden() == {}  # each shows in a cell of its own


@pytest.mark.parametrize("line", ["ghost-0", "ghost-1", "reference", "line"])
@pytest.mark.parametrize(
    "square",
    ["square", "square-flat", "square-selected", "square-selected-flat", "square-overlap"],
)
def test_a_line_across_a_penalty_square_keeps_the_squares_fill(line: str, square: str) -> None:
    """The dotted best line punched holes in the squares it crossed: its cells took the
    chart's ground (a player's check, first-line won at 120×40). Every line's cells on a
    square are drawn on the square's fill, in an ink that reads there."""
    picture = Raster(12, 3)
    picture.fill(0, 0, 11, 2, square, " ")
    picture.segment(0, 0, 11, 2, line, dash=(1, 2))
    cells = [
        style
        for text, styles in picture.rows()
        for char, style in zip(text, styles, strict=True)
        if char != " "
    ]
    assert cells, "the line should be drawn"
    assert all(style.endswith(square) for style in cells), set(cells)


def test_a_wide_character_takes_two_cells_and_one_drawn_half_over_leaves_a_blank() -> None:
    """A column's name in Chinese read "??" (a cell took one narrow character). A wide
    character takes two cells, the second "" so the row's text is as wide as its cells; one
    half written over (or off the raster) leaves no half character to shift the row."""
    picture = Raster(10, 3)
    picture.text(0, 0, "x→身長 a", "legend")
    picture.text(0, 1, "身長体重")
    picture.put(3, 1, "|")  # over the second half of 長
    picture.text(9, 2, "身")  # its second half off the raster
    rows = picture.rows()
    assert rows[0][0] == "x→身長 a  " and rows[0][1][:8] == ("legend",) * 8
    assert rows[1][0] == "身 |体重  "
    assert rows[2][0].endswith("?")
    assert all(cell_len(text) == 10 == len(styles) for text, styles in rows)
