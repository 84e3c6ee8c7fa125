"""Which round is worse? Two recorded rounds of darts; the player picks the larger MSE."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from dartfit.levels import Level
from dartfit.pictures.board import (
    BULL,
    KEPT,
    BoardPicture,
    board_clusters,
    dart_clusters,
    draw_board,
    ruler_labels,
    said_of,
    stack_marks,
)
from dartfit.pictures.raster import Raster
from dartfit.pictures.round_squares import draw_round_squares, squares_scale
from dartfit.rules import darts
from dartfit.rules.darts import DartsState
from dartfit.screens.darts import CLUSTER_SAID, ThrowsTable
from dartfit.screens.level_base import LevelScreen, play_area
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.plain import PlainVertical
from dartfit.wording import alike, num, signed_alike

LABELS_LEAST = 5
"""Fewest labels of a round's board's ruler (0 and two each way) for it to be drawn at all,
as large as it is without the words naming its clusters (`_said_where`)."""
SQUARE_LEAST = 2
"""Fewest rows of the largest square's side for a round's squares to be drawn at all."""


class CompareScreen(LevelScreen):
    """Two rounds side by side: signed misses first, squares after the pick; under each,
    its darts on a board, where the rows hold one with a ruler that reads, and after the
    pick its penalty squares, where they hold those (alone where the board no longer fits)."""

    BINDINGS = [
        Binding("a,1", "pick(0)", "Round A"),
        Binding("b,2", "pick(1)", "Round B"),
    ]
    HELP = (
        "Two rounds of darts and their signed misses: which round has the larger MSE? "
        "After a pick, the squares and the MSE of both rounds are shown. "
        f"{CLUSTER_SAID}"
    )

    state: var[DartsState | None] = var(None)

    def __init__(self, level: Level) -> None:
        super().__init__(level)
        self._shown: dict[int, tuple[str, BoardPicture]] = {}  # each round's numbers and
        # board as shown

    def compose_body(self) -> ComposeResult:
        # each round's numbers, and its darts on a board in the rows they leave (at 80×24
        # the numbers alone had left eight rows empty under them)
        with play_area():
            for k in (0, 1):
                with PlainVertical(classes="round-side"):
                    yield ThrowsTable("", id=f"round-{k}", classes="round", markup=False)
                    yield CanvasView(id=f"round-board-{k}", classes="round-board")
                    yield CanvasView(id=f"round-squares-{k}", classes="round-squares")

    def on_mount(self) -> None:
        super().on_mount()
        for k in (0, 1):
            self.query_one(f"#round-squares-{k}").display = False
        self.state = DartsState()
        self.screen_layout_refresh_signal.subscribe(self.query_one("#play-area"), self._arranged)

    def _pictures(self) -> list[BoardPicture]:
        """Each round's darts on a one-axis board: a miss e = y − ŷ lands at −e."""
        radius = darts.board_radius(self.level)
        return [
            BoardPicture(radius, (0.0, 0.0), tuple((-e, 0.0) for e in misses), 1, crosshair=False)
            for misses in darts.spec(self.level).rounds
        ]

    def watch_state(self, state: DartsState | None) -> None:
        if state is None:
            return
        for k, (misses, picture) in enumerate(
            zip(darts.spec(self.level).rounds, self._pictures(), strict=True)
        ):
            board = self.query_one(f"#round-board-{k}", CanvasView)
            picture, key = _said_where(picture, *board.size)
            marks = stack_marks(dart_clusters(picture, *board.size), len(misses))
            # the bull named where its board draws it: not beside squares alone (80×24, won),
            # nor where a dart's letter covers it (round A's C at 120×40)
            bull = board.display and any(
                BULL in row for row in draw_board(picture, *board.size).chars
            )
            table = self._round(k, misses, state, marks if board.display else [], bull)
            if board.display and key and len(f"Round A{KEY_GAP}{key}") <= board.size.width:
                table = table.replace("\n", f"{KEY_GAP}{key}\n", 1)  # on the round's title row
            if self._shown.get(k) != (table, picture):  # not again after each layout: it
                # asks another
                self._shown[k] = (table, picture)
                self.query_one(f"#round-{k}", Static).update(table)
                board.show(partial(draw_board, picture))
                rounds = darts.spec(self.level).rounds
                self.query_one(f"#round-squares-{k}", CanvasView).show(
                    partial(_squares, misses, rounds)
                )

    def _arranged(self, _: Screen[Any]) -> None:
        """Laid out: each round's board drawn only where the rows its numbers leave hold a
        board whose ruler reads; after the pick, its squares under it where both fit, else
        the squares alone (beside the win panel at 80×24 the rows had held no board, and
        stayed empty); the numbers then mark the board's clusters of darts."""
        picked = self.state is not None and self.state.picked is not None
        rounds = darts.spec(self.level).rounds
        for k, picture in enumerate(self._pictures()):
            side = self.query(".round-side")[k]
            table = self.query_one(f"#round-{k}")
            rows = side.content_size.height - table.outer_size.height
            width = side.content_size.width
            board = self.query_one(f"#round-board-{k}", CanvasView)
            shared = rows // 2  # the board's rows beside the squares (each takes half)
            squares = picked and _squares_fit(rounds, width, rows)
            board.display = ruler_labels(picture, width, rows, said=False) >= LABELS_LEAST
            if squares and board.display:  # both, where both still fit; else the squares
                both = _squares_fit(rounds, width, rows - shared)
                board.display = (
                    both and ruler_labels(picture, width, shared, said=False) >= LABELS_LEAST
                )
            self.query_one(f"#round-squares-{k}").display = squares
        if self.state is not None:
            self.watch_state(self.state)

    def _round(
        self, k: int, misses: tuple[float, ...], state: DartsState, marks: list[str], bull: bool
    ) -> str:
        shown = state.picked is not None
        # the heads say their symbols in words, on their own row (the rows under it are the
        # board's and the squares'): "square e²" as the darts' table says it, and the bull
        # by its mark where the board draws it (◎ had been named nowhere on the screen)
        heads = f"{'#':>2} {'miss e':>7} {'square e²':>10}" + (f"   {BULL} bull" if bull else "")
        lines = [f"Round {'AB'[k]}", heads]
        squares = [e * e for e in misses]
        columns = zip(signed_alike(misses), alike(squares, [num(v) for v in squares]), strict=True)
        for i, (e, square) in enumerate(columns, start=1):
            number = (marks[i - 1] if marks else "") + str(i)  # A2: dart 2 is in A
            lines.append(f"{number:>2} {e:>7} {square if shown else '?':>10}")
        sums = [f"Σ|e| = {num(float(np.sum(np.abs(misses))))}"]  # on one row: the board's
        if shown:
            sums.append(f"Σe² = {num(float(np.sum(np.square(misses))))}")
            sums.append(f"MSE = {num(darts.round_mse(misses))}")
        else:
            sums.append("MSE = ? (pick to see)")
        return "\n".join([*lines, "   ".join(sums)])

    def action_pick(self, choice: int) -> None:
        if self.state is None:
            return
        self.state = darts.pick(self.level, self.state, choice)
        self._arranged(self)  # the squares take their rows
        if choice == darts.worse_round(self.level):  # the hint no longer says a wrong pick's
            self.say(f"Round {'AB'[choice]} is worse: its squares add up to more.")
            self.won(float(self.state.wrong_picks), self.state.presses)
        else:
            self.say(f"Not round {'AB'[choice]}: compare the squares. Which one costs more?")

    def start_over(self) -> None:
        self.state = DartsState()
        self._arranged(self)  # the squares give their rows back


KEY_GAP = "   "
"""Between a round's title and the key to its board's marks beside it (`_said_where`)."""


def _said_where(picture: BoardPicture, width: int, height: int) -> tuple[BoardPicture, str]:
    """A round's board, and the key to its marks for the round's title row ("" where none):
    the board names its clusters under its ruler where that keeps every label of its ruler,
    else the title row does, in few words (at 80×24 the words' row cost each board its
    ruler's −5 and 5, by which round B's misses of 2.5 read)."""
    if ruler_labels(picture, width, height) == ruler_labels(picture, width, height, said=False):
        return picture, ""
    unsaid = replace(picture, said=False)
    return unsaid, said_of(board_clusters(unsaid, width, height), few=True).replace(KEPT, " ")


def _squares_fit(rounds: Sequence[Sequence[float]], width: int, rows: int) -> bool:
    """Whether the rounds' squares fit `width` × `rows`, the largest SQUARE_LEAST rows tall."""
    largest = max(abs(e) for misses in rounds for e in misses)
    return round(squares_scale(rounds, width, rows) * largest) >= SQUARE_LEAST


def _squares(
    misses: tuple[float, ...], rounds: Sequence[Sequence[float]], width: int, height: int
) -> Raster:
    """A round's penalty squares in `width` × `height`, on one scale for all `rounds`."""
    return draw_round_squares(misses, squares_scale(rounds, width, height), width, height)
