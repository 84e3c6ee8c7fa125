"""The dart board's rulers at the sizes the darts screen gives it, before and after a win:
a y ruler beside the board, the x ruler right under it, rule between any two labels, and
both rulers read in the same steps."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

import pytest

from dartfit.pictures.board import BoardPicture, draw_board
from dartfit.pictures.raster import Row
from tests.test_chart_pictures import _is_nice, ruler_row

WINDY = BoardPicture(
    6.0, (-2.0, -1.0), ((-1.1, -0.3), (-1.3, -0.8), (-0.8, -0.9), (-1.3, -0.8), (-2.5, -1.7))
)
"""A won round of "A windy day": aimed 2 left and 1 down of the bull, into the wind."""
WOBBLE = BoardPicture(
    6.0,
    (-1.5, 1.0),
    ((0.2, 0.1), (0.3, 0.1), (-0.3, 0.5), (0.8, -0.4), (0.2, 0.1), (1.0, -0.6), (0.3, 0.1)),
)
"""A won round of "Wind and a shaky hand": aimed 1.5 left and 1 up."""

WON = [(29, 14), (41, 21), (82, 30), (101, 48), (34, 13), (54, 20), (116, 47), (36, 37)]
"""The board's canvas on a won windy round at 80×24, 100×30, 120×40 and 200×50; then as they
were before the numbers beside it took the columns it leaves, and the HUD went beside it;
and a narrow one, as it was beside the win panel at 120×40 (36×37: the board took the width
and lost its y ruler)."""
WON_WOBBLE = [(29, 13), (41, 20), (82, 27), (101, 48), (34, 10), (54, 18), (116, 46), (36, 36)]
BEFORE = [(29, 19), (53, 25), (71, 36), (95, 46), (34, 17), (54, 23), (74, 34), (154, 44)]
BEFORE_WOBBLE = [(29, 19), (53, 25), (71, 35), (95, 46), (34, 16), (54, 22), (74, 32), (154, 43)]

LABEL = r"−?\d+(?:\.\d+)?"


def y_marks(rows: Sequence[Row]) -> dict[float, int]:
    """The y ruler's marks: each label's value and its row."""
    marks = {}
    for r, (text, _) in enumerate(rows):
        found = re.match(rf"\s*({LABEL})┤", text)
        if found:
            marks[float(found.group(1).replace("−", "-"))] = r
    return marks


def rows_apart(marks: dict[float, int]) -> set[float]:
    """The rows a unit takes between each two neighbouring marks of a y ruler: one number
    where they are evenly apart on screen."""
    values = sorted(marks)
    return {round((marks[a] - marks[b]) / (b - a), 6) for a, b in pairwise(values)}


def rulers_read_cleanly(rows: Sequence[Row]) -> None:
    """A y ruler of three marks or more, symmetric about 0, evenly apart on screen (7.5 rows
    a step were drawn 7, 8, 8, 7 rows apart); the x ruler on the row right under the board
    (its rings, and the y ruler's mark at the rim); its labels evenly apart with rule
    between any two (two columns before a minus: "−6─−4" read "−6−−4"), none hanging
    before the outermost minus; the y ruler in the x labels' step or a multiple."""
    picture = "\n".join(text for text, _ in rows)
    marks = y_marks(rows)
    values = sorted(marks)
    assert len(values) >= 3 and values == [-v for v in reversed(values)], picture
    assert len(rows_apart(marks)) == 1, picture
    rings = [r for r, (_, styles) in enumerate(rows) if any(s.startswith("ring") for s in styles)]
    column = rows[marks[0.0]][0].index("┤")
    y_rows = [r for r, (text, _) in enumerate(rows) if len(text) > column and text[column] in "│┤"]
    x_row = ruler_row(list(rows))
    assert max(y_rows) <= max(rings) + 1, picture  # the y ruler ends at the rim
    assert x_row == max(*rings, *y_rows) + 1, picture  # and the x ruler right under both
    ruler = rows[x_row][0]
    labels = list(re.finditer(LABEL, ruler))
    xs = [float(m.group().replace("−", "-")) for m in labels]
    assert len(xs) >= 3 and xs == [-v for v in reversed(xs)] and 0 in xs, ruler
    cols = [m.end() - 1 if m.group().startswith("−") else m.start() for m in labels]
    assert len({b - a for a, b in pairwise(cols)}) == 1, ruler  # evenly
    for before, label in pairwise(labels):
        between = ruler[before.end() : label.start()]
        assert set(between) == {"─"}, ruler  # a rule segment, never a blank
        assert len(between) >= (2 if label.group().startswith("−") else 1), ruler
    assert labels[0].start() == 0 or ruler[labels[0].start() - 1] == " ", ruler
    step = xs[-1] - xs[-2]
    assert any(_is_nice(step / k) for k in (1, 2, 3, 4, 5)), ruler  # a round step's multiple
    times = (values[-1] - values[-2]) / step
    assert times >= 1 and abs(times - round(times)) < 1e-9, picture


@pytest.mark.parametrize(
    ("pic", "size"),
    [(WINDY, s) for s in WON + BEFORE] + [(WOBBLE, s) for s in WON_WOBBLE + BEFORE_WOBBLE],
)
def test_a_board_has_a_y_ruler_and_its_x_ruler_right_under_it(
    pic: BoardPicture, size: tuple[int, int]
) -> None:
    """Beside the win panel at 120×40 the windy board, bound by its canvas's width, left no
    columns on its left for a y ruler, which went; at 80×24 its x ruler read "−6 −4 −2──0──2":
    labels a blank apart on the left, two rule columns on the right."""
    rulers_read_cleanly(draw_board(pic, *size).rows())


@pytest.mark.parametrize(("pic", "size"), [(WINDY, (29, 14)), (WOBBLE, (29, 13))])
def test_a_won_two_axis_board_at_80x24_labels_both_rulers_five_times(
    pic: BoardPicture, size: tuple[int, int]
) -> None:
    """Beside the win panel at 80×24 a windy board read −4 0 4 on both rulers, and a wobbly
    one −5 0 5: the HUD under the board and the lines naming shared cells over it had taken
    its rows, and a blank row above and below its rings (the rim, no ring's) two more. Both
    rulers read −4 −2 0 2 4 or more now, two columns a unit."""
    rows = draw_board(pic, *size).rows()
    ruler = rows[ruler_row(rows)][0]
    assert {"−4", "−2", "0", "2", "4"} <= set(re.findall(LABEL, ruler)), ruler
    assert {-4.0, -2.0, 0.0, 2.0, 4.0} <= set(y_marks(rows)), "\n".join(t for t, _ in rows)


def _five_labels(pic: BoardPicture, width: int, height: int) -> tuple[bool, bool]:
    """Whether the board drawn in `width` × `height` labels its x ruler, and its y ruler (a
    board of one axis: no y ruler asked), five times or more: two each way of 0."""
    rows = draw_board(pic, width, height).rows()
    xs = re.findall(LABEL, rows[ruler_row(rows)][0])
    return len(xs) >= 5, pic.axes == 1 or len(y_marks(rows)) >= 5


@pytest.mark.parametrize(
    "pic",
    [BoardPicture(radius, (0.0, 0.0), (), axes) for radius, axes in [(5, 1), (7, 1), (11, 1)]]
    + [BoardPicture(5.0, (0.0, 0.0), ()), WINDY],
    ids=["first-throw", "signs-cancel", "worse-round", "radius-5", "windy"],
)
def test_a_board_given_more_room_never_loses_labels(pic: BoardPicture) -> None:
    """Won at 80×24 the first level's 34×14 board read −5 0 5, where a board of 34×13 (two
    columns a unit) reads −4 −2 0 2 4: 2.4 columns a unit put 2 at 4.8, and shrinking the
    board to mark it on whole columns took 17 %, past SHRINK_MOST. Wherever a board in less
    room labels a ruler two or more times each way of the bull, the board in more room does
    too."""
    sizes = [(w, h) for w in range(12, 60, 2) for h in range(6, 30)]
    labelled = {size: _five_labels(pic, *size) for size in sizes}
    lost = [
        ((w, h), axis)
        for (w, h), shown in labelled.items()
        for axis in (0, 1)
        if not shown[axis] and any(labelled[a, b][axis] for a, b in sizes if a <= w and b <= h)
    ]
    assert lost == []


@pytest.mark.parametrize("radius", [5.0, 6.0, 8.0, 10.0])
def test_a_two_axis_boards_y_labels_are_evenly_apart_at_every_size(radius: float) -> None:
    """ "A windy day" at 120×40 read 6, 4, 2, 0 up its side 6, 5 and 6 rows apart, and at
    200×50 4, 2, 0 7 and 8 rows apart: a step of 2 took 5.5 or 7.5 rows, and rows round
    off. The board is drawn a column a step smaller where that puts its marks on whole
    rows (else its y step is doubled): at every size its y labels are evenly apart."""
    pic = BoardPicture(radius, (0.0, 0.0), ())
    uneven = []
    for width in range(12, 130, 3):
        for height in range(6, 52, 2):
            rows = draw_board(pic, width, height).rows()
            marks = y_marks(rows)
            if len(rows_apart(marks)) > 1:
                uneven.append((width, height, {v: marks[v] for v in sorted(marks)}))
    assert uneven == []
