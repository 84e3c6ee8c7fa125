"""The fewest columns a darts board needs (`fewest_columns`), found by halves, are those a
column-at-a-time scan finds: the board drawn no smaller, every ruler label kept. The scan
drew the board up to 150 times a resize (0.13 s each)."""

from __future__ import annotations

import pytest

from dartfit.levels import load_levels
from dartfit.pictures.board import BoardPicture, draw_board, drawn_radius, fewest_columns
from dartfit.rules import darts
from tests.conftest import SHIPPED

BOARDS = sorted(
    {
        (darts.board_radius(level), darts.spec(level).axes)
        for level in load_levels(SHIPPED)
        if level.spec.kind in ("darts", "darts-split")
    }
)


def scanned(pic: BoardPicture, width: int, height: int) -> int:
    """The fewest columns a column at a time from `width`: the oracle."""

    def drawn(columns: int) -> tuple[float, list[str]]:
        rows = draw_board(pic, columns, height).rows()
        return drawn_radius(pic, columns, height), [text.strip() for text, _ in rows]

    wanted = drawn(width)
    while width > 5 and drawn(width - 1) == wanted:
        width -= 1
    return width


@pytest.mark.parametrize("size", [(4, 3), (23, 9), (45, 24), (76, 30), (120, 40), (172, 49)])
@pytest.mark.parametrize("board", BOARDS, ids=[f"r{r:g}-{a}d" for r, a in BOARDS])
def test_the_fewest_columns_are_those_a_scan_finds(
    board: tuple[float, int], size: tuple[int, int]
) -> None:
    pic = BoardPicture(board[0], (0.0, 0.0), (), board[1])
    fewest = fewest_columns(pic, *size)
    assert fewest == scanned(pic, *size)
    assert fewest_columns(pic, *size) == fewest  # kept, alike
