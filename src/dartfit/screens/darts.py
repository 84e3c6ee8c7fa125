"""Darts: aim the crosshair, throw, and read every signed miss, its square and the MSE."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.scalar import Scalar
from textual.css.styles import RenderStyles
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from dartfit import core
from dartfit.core.darts import RoundScore
from dartfit.kinds import rules_of
from dartfit.levels import Level
from dartfit.pictures.board import (
    AIM,
    BULL,
    NAMED_MARKS,
    OLDER,
    STACK,
    STACKS,
    BoardPicture,
    board_clusters,
    dart_clusters,
    draw_board,
    drawn_radius,
    fewest_columns,
    said_of,
    stack_marks,
)
from dartfit.pictures.raster import Raster
from dartfit.rules import darts, scoring
from dartfit.rules.darts import DartsState
from dartfit.screens.level_base import LevelScreen, arrow_bindings, play_area
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.plain import PlainVertical
from dartfit.widgets.prose import Prose, wrapped
from dartfit.wording import (
    MINUS,
    ROUND_OFF,
    column,
    decimals_of,
    e_notation,
    fixed_decimals,
    grid_decimals,
    kept,
    num,
    steady,
    sum_of_two,
    told_apart,
    with_sign,
)

CLUSTER_SAID = (
    "Where darts share a cell or sit side by side, their numbers would run together: the "
    f"board shows a letter ({STACK}) in each such cell instead, each cell its own, words say "
    "which darts each letter's cell holds "
    "(beside the board, under it or over its rings, or on a round's title row, where there is "
    "room), and the "
    f"table puts the letter before their numbers ({STACK}2)."
)
"""What a cluster's mark on a board is: the help of each screen that draws darts says it."""
ROUND_OVER = "The round is over: press r for a new round."
TABLE_TIP = "in the throws table, where it has no row for every throw (or the wheel)"


class DartsScreen(LevelScreen):
    """A round of darts with a table of throws."""

    BINDINGS = [
        *arrow_bindings("aim", ("Aim left", "Aim right"), ("Aim up", "Aim down"), ("aim", "aim")),
        Binding("space", "throw", "Throw"),
        Binding("c", "centre", "Centre", tooltip="the crosshair back on the bullseye"),
        Binding("pageup", "table(1)", "Earlier throws", show=False, tooltip=TABLE_TIP),
        Binding("pagedown", "table(-1)", "Later throws", show=False, tooltip=TABLE_TIP),
    ]
    HELP = (
        "The bullseye is the true value y, the dart is your guess ŷ and the miss is y − ŷ. "
        "Aim, throw, and read the table: signed misses can cancel out, their squares can't. "
        f"{CLUSTER_SAID}"
    )

    state: var[DartsState | None] = var(None)

    def __init__(self, level: Level) -> None:
        super().__init__(level)
        self.spec = darts.spec(level)
        self.radius = darts.board_radius(level)
        self.step = darts.aim_step(level)
        self.target = scoring.target_value(level)
        rules = rules_of(level)
        self.splits = isinstance(rules, darts.DartsRules) and rules.splits  # bias² + variance
        self._table_shown = ""
        self._hud_shown: str | None = None  # the HUD's text as last set (`_show_table`)
        self._hud_says = False  # whether the HUD names the board's clusters, not the board
        self._drawn: BoardPicture | None = None  # the board as last drawn
        self._raster: tuple[tuple[BoardPicture, int, int], Raster] | None = None  # `_draw`
        self._side_for = Size(0, 0)  # the play area's size the side column's width is for
        self._back = 0  # the throws table's rows moved back from the latest throw (pgup)

    def compose_body(self) -> ComposeResult:
        # the numbers in a column beside the board (under it, `-stacked`): the board has
        # every row of the play area (under it, the HUD had taken a fifth of them at 80×24,
        # and with them the board's fourth and fifth labels)
        with play_area():
            yield CanvasView(id="board")
            with PlainVertical(id="darts-side"):
                yield ThrowsTable("", id="throws", markup=False)
                yield Prose(id="darts-hud")  # wrapped at plain spaces: "(spread: hand)" whole

    def on_mount(self) -> None:
        super().on_mount()
        self.state = DartsState()
        self.screen_layout_refresh_signal.subscribe(self.query_one("#play-area"), self._arranged)

    def watch_state(self, state: DartsState | None) -> None:
        if state is None:
            return
        self._show_board(state)
        self._show_table(state)

    def _show_board(self, state: DartsState) -> None:
        self._drawn = self._picture(state)
        self.query_one(CanvasView).show(partial(self._draw, self._drawn))

    def _draw(self, picture: BoardPicture, width: int, height: int) -> Raster:
        """The board `picture` drawn in `width` × `height`, once for the canvas and the HUD,
        which names the marks it holds (`_show_table`)."""
        if self._raster is None or self._raster[0] != (picture, width, height):
            self._raster = ((picture, width, height), draw_board(picture, width, height))
        return self._raster[1]

    def _picture(self, state: DartsState) -> BoardPicture:
        first, last = listed(len(state.landings), self._table_rows(), self._back)
        return BoardPicture(
            self.radius,
            state.aim,
            state.landings,
            self.spec.axes,
            first=first,
            last=last,
            said=not self._hud_says,
        )

    def _table_rows(self) -> int | None:
        """The rows the table has beside the board for throws (None: a row for every one)."""
        if self.has_class("-stacked") or not self.is_mounted:
            return None
        side = self.query_one("#darts-side").content_size.height
        hud = self.query_one("#darts-hud").outer_size.height
        return None if side <= 0 else side - hud - (HEAD_ROWS if self._heads_said() else 1)

    def on_throws_table_scrolled(self, message: ThrowsTable.Scrolled) -> None:
        self._move_table(message.back)  # (no bell at either end: a wheel turns on)

    def action_table(self, back: int) -> None:
        """Move the throws table a page back to earlier throws (1) or on to later ones (−1),
        where it has no row for every throw: the board numbers the darts it lists. (A row a
        press took 28 presses from the latest throws to the first at 80×24; a page keeps one
        row of the page before in sight.)"""
        page = max((self._table_rows() or 1) - 3, 1)  # less the two naming those left out
        if not self._move_table(back * page):
            self.refuse(f"The table shows the {'first' if back > 0 else 'latest'} throws already.")

    def _move_table(self, back: int) -> bool:
        """Move the table `back` rows (`action_table`); whether it moved."""
        state = self.state
        if state is None:
            return False
        thrown, rows = len(state.landings), self._table_rows()
        # from where it stops now (a page past the first throw counts from the first; the
        # screen may have grown since), so that pgdn moves at once
        self._back = within(thrown, rows, self._back)
        moved = max(self._back + back, 0)
        if listed(thrown, rows, moved) == listed(thrown, rows, self._back):
            # kept as it was: pgup pressed while the table had a row for every throw (the
            # bell rang) moved it back unasked when the screen shrank later
            return False
        self._back = moved
        self._show_board(state)
        self._show_table(state)
        return True

    def _show_table(self, state: DartsState) -> None:
        """The throws, each dart of a cluster on the board as drawn now (sharing a cell, or
        side by side) marked as its cells are; the words naming the clusters in the HUD
        where it has room for them, else under the board's ruler (`draw_board`)."""
        board = self.query_one(CanvasView).size
        hud, picture = self._hud(state), self._picture(state)
        named = said_of(board_clusters(replace(picture, said=False), *board))
        note = f"On the board, {named}" if named else ""
        hud_says = bool(note) and self._room_for(hud, note)
        if hud_says != self._hud_says:  # the board says them where the HUD has no room
            self._hud_says = hud_says
            self._show_board(state)
            picture = self._picture(state)
        marks = stack_marks(dart_clusters(picture, *board), len(state.landings))
        # the bull and the aim named only where the board draws them (the aim's ┼ hides ◎
        # as a round opens; a dart's letter covers either): in the rows the words take
        # anyway, which the board's size and the table's rows were chosen for (sized by
        # what the HUD says, they would change what the board draws, and so on)
        raster = self._draw(picture, *board) if board.area else None
        drawn = [
            m for m in NAMED_MARKS if raster is not None and any(m in row for row in raster.chars)
        ]
        shown = self._hud(state, drawn)
        width = self.query_one("#darts-hud", Prose).content_size.width
        kept_rows = max(_rows(hud, width) - _rows(shown, width), 0) if width > 0 else 0
        text = (f"{shown}\n{note}" if hud_says else shown) + "\n" * kept_rows
        if text != self._hud_shown:  # set after every layout, and each setting lays the
            # screen out again: set each time, the game laid itself out for ever, idle (30 %
            # of a core, 25 times its CPU under a flood of keys)
            self._hud_shown = text
            self.query_one("#darts-hud", Prose).set_text(text)
        score = darts.round_score(self.level, state)
        said = self._heads_said()
        table = throws_table(
            score, self.spec.axes == 2, marks, said, picture.numbered_from, picture.numbered_to
        )
        if table != self._table_shown:
            self._table_shown = table
            self.query_one(ThrowsTable).update(table)

    def saw_filled(self) -> dict[str, str]:
        """{sum}: the round's running sum of signed misses, Σe, where it ended, as its table
        shows it (signs-cancel's win said the sum "fell back to about 0" over a round aimed
        off the bull, whose table read Σe −6.000)."""
        score = None if self.state is None else darts.round_score(self.level, self.state)
        if score is None or not len(score.errors):
            return {}
        scale = float(np.max(np.abs(score.errors), initial=0.0))
        return {"sum": _miss_shown(score.running_sum[-1], self.spec.axes == 2, scale)}

    def _room_for(self, hud: str, note: str) -> bool:
        """Whether the words naming the darts that share a cell fit under the HUD without
        a throw's row, for a whole round (beside the win panel at 80×24 they had pushed two
        of "Wind and a shaky hand"'s throws off the table, and their second row under the
        panel); else the board says them under its ruler."""
        width = self.query_one("#darts-hud").content_size.width
        if width <= 0:
            return False
        hud_rows, note_rows = (_rows(text, width) for text in (hud, note))
        if self.has_class("-stacked"):  # in the rows the HUD has anyway, none of the board's
            return hud_rows + note_rows <= self._rows_below(hud, width)
        side = self.query_one("#darts-side").content_size.height
        return side - hud_rows - note_rows >= self.spec.throws + HEAD_ROWS

    def _heads_said(self) -> bool:
        """Whether the heads' words have their row: under the board always (its rows count
        them), beside it where the column holds them, every throw and the HUD (beside the
        win panel at 80×24 eight throws and the split HUD fill it: there the words go, not
        a throw)."""
        if self.has_class("-stacked"):
            return True
        side = self.query_one("#darts-side").content_size.height
        hud = self.query_one("#darts-hud").outer_size.height
        return side - hud >= self.spec.throws + HEAD_ROWS

    def _arranged(self, _: Screen[Any]) -> None:
        """The screen is laid out: the throws beside the board or under it, for the room the
        play area has now. After every layout, not on a resize or the win panel's room:
        those came before the play area had its new size, and once in a run of resizes
        beside the win the table stayed beside a board that had no room for it. The board
        drawn at its new size may cluster other darts: the table marks them."""
        self._arrange()
        if self.state is not None:
            if self._picture(self.state) != self._drawn:  # numbered as the table's rows allow
                self._show_board(self.state)
            self._show_table(self.state)

    def _arrange(self) -> None:
        """The throws under the board, not beside it, where the board is drawn larger so
        (beside the win panel at 120×40 the board had 36 columns and 37 rows, and used 17 of
        them): by the room the play area has, which the choice does not change."""
        if not self.is_mounted:
            return
        area = self.query_one("#play-area").size
        table = self.spec.throws + HEAD_ROWS  # all thrown: the board keeps its size
        text = "" if self.state is None else self._hud(self.state)
        hud = self._rows_below(text, area.width - self.query_one("#darts-hud").styles.padding.width)
        picture = BoardPicture(self.radius, (0.0, 0.0), (), self.spec.axes)
        beside = drawn_radius(picture, area.width - SIDE_WIDTH, area.height)
        below = drawn_radius(picture, area.width, area.height - table - hud)
        stacked = below >= STACK_GAIN * beside
        self.set_class(stacked, "-stacked")
        _set_cells(self.query_one("#throws").styles, "height", table if stacked else None)
        _set_cells(self.query_one("#darts-hud").styles, "height", hud if stacked else None)
        # beside it, the numbers take every column the board leaves: the HUD wraps less (at
        # 80×24 on a win its lines had pushed the table's last throw out of sight)
        side = self.query_one("#darts-side").styles
        if stacked or area.width <= SIDE_WIDTH:
            _set_cells(side, "width", None)
            self._side_for = Size(0, 0)  # the stylesheet's width: worked out again once beside
        elif self._side_for != area:
            self._side_for = area
            board = fewest_columns(picture, area.width - SIDE_WIDTH, area.height)
            _set_cells(side, "width", area.width - board)

    def _rows_below(self, hud: str, width: int) -> int:
        """The rows the HUD takes under the board (`-stacked`), `width` columns wide: every
        row its text wraps to there, and at least two (three with the split's line) for the
        words naming the board's clusters. (Two or three rows, whatever the text, cut the
        split's last line beside the win at 110×30, "◎ bull" added, and in a round at 80×50.)"""
        return max(3 if self.splits else 2, _rows(hud, width))

    def _hud(self, state: DartsState, marks: Sequence[str] = NAMED_MARKS) -> str:
        """The HUD's words, naming of the board's `marks` (`NAMED_MARKS`) those given: all
        of them where the HUD is sized (`_arrange`, `_room_for`), those drawn where shown."""
        left = self.spec.throws - len(state.landings)
        score = darts.round_score(self.level, state)
        # the decimals of the aim's finest (shift) step: +0.55, 0.00 (not "y 0", nor 0.1
        # for each of 0.05, 0.10 and 0.15)
        places = grid_decimals(self.step / 10) or 0
        ax, ay = (with_sign(fixed_decimals(a, places)) for a in state.aim[:2])
        # each mark on the board named (`BULL`, `AIM`): nothing on the screen had said ◎
        aim = ("" if AIM not in marks else f"{AIM} ") + f"aim x {ax}"
        aim += f"  y {ay}" if self.spec.axes == 2 else ""
        # the round over, "darts left 0" goes: at 80x24 it pushed "windy" onto a row of its
        # own, taken from a board already cut short by the win panel
        parts = [aim, f"{BULL} bull"] if self.spec.axes == 2 and BULL in marks else [aim]
        parts += [f"darts left {left}"] if left else []
        if score is not None:  # as the win will say it, apart from the target if they differ
            mse, goal = told_apart(score.mse, self.target)
            parts.append(f"MSE = {mse}")
        if self.target is not None:
            parts.append(f"target MSE ≤ {goal if score is not None else num(self.target)}")
        if any(self.spec.wind):
            parts.append("windy")
        if self.spec.axes == 1:  # (a board's HUD and table fill its column at 80×24)
            # the table's head writes the miss e = y − ŷ: what y and ŷ are, beside it (on
            # the first level nothing else on the screen said ŷ is where the dart lands)
            bull = f"{BULL} " if BULL in marks else ""  # (on two axes: after the aim)
            parts.append(f"{bull}y: the bull, ŷ: where a dart lands")
        text = "   ".join(map(kept, parts))  # rows break between the parts, not inside one
        if self.splits and state.landings:
            split = core.split_landings(np.array(state.landings)[:, : self.spec.axes])
            # the sum as the line above shows it (four digits), the variance as the rest,
            # so they add up to the last digit, in any notation (`sum_of_two`)
            mse, bias2, variance = sum_of_two(split.mse, split.bias2)
            text += (
                f"\nMSE {mse} = {kept(f'bias² {bias2} (average miss: wind)')}"
                f" {kept(f'+ variance {variance} (spread: hand)')}"
            )
        return text

    def action_aim(self, dx: float, dy: float) -> None:
        if self.state is None:
            return
        if darts.done(self.level, self.state):
            self.refuse(ROUND_OVER)
            return
        moved = darts.move_aim(self.level, self.state, dx * self.step, dy * self.step)
        if moved is self.state:  # (↑ and ↓ are no keys on a one-axis level: `check_action`)
            self.refuse("The aim is at the edge.")
        self.state = moved

    def action_centre(self) -> None:
        if self.state is not None:
            aim = self.state.aim
            moved = darts.move_aim(self.level, self.state, -aim[0], -aim[1])
            if moved is self.state:
                self.refuse("The aim is on the bullseye already.")
            self.state = moved

    def action_throw(self) -> None:
        if self.state is None:
            return
        if darts.done(self.level, self.state):
            self.say(ROUND_OVER)
            return
        self._back = 0  # the new throw's row in sight
        self.state = darts.throw(self.level, self.state)
        if darts.done(self.level, self.state):
            self._round_over(self.state)

    def _round_over(self, state: DartsState) -> None:
        score = darts.round_score(self.level, state)
        assert score is not None
        if not self.score(score.mse, state.presses):
            self.say(
                f"Round over: MSE {steady(score.mse)} is above the target {num(self.target or 0)}."
                " Press r to throw a new round, h for a hint."
            )

    def start_over(self) -> None:
        self.state = DartsState()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """↑ and ↓ aim only on a board: on a one-axis level they are neither keys nor said
        to be (the footer read "←→↑↓ aim" where ↑ and ↓ did nothing)."""
        if action == "aim" and self.spec.axes == 1 and parameters[1:2] != (0,):
            return False
        return super().check_action(action, parameters)


class ThrowsTable(Static):
    """A table of throws, each cluster's mark in it (A3) drawn as on the board."""

    COMPONENT_CLASSES = {"throws--mark"}

    @dataclass
    class Scrolled(Message):
        """The wheel turned over the table: a row back to earlier throws (1) or on (−1)."""

        back: int

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.post_message(self.Scrolled(1))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.post_message(self.Scrolled(-1))

    def render(self) -> Text:
        text = Text(str(self.content))
        text.highlight_regex(f"[{STACKS}](?=\\d)", self.get_component_rich_style("throws--mark"))
        return text


EARLIER_KEY, LATER_KEY = "pgup", "pgdn"
"""The keys that move the throws table to earlier throws and back, said in its rows that
name the throws it leaves out."""
SIDE_WIDTH = 47  # the column of the throws and the HUD beside the board (dartfit.tcss)
TABLE_WIDTH = SIDE_WIDTH - 2  # less the column's rule and the table's right padding: a
# wider line would wrap
STACK_GAIN = 1.25
"""How much larger the board must be drawn with the throws under it for them to go there."""
HEAD_ROWS = 2
"""The throws table's heads: a row of words ("miss", "square", "sum") over the symbols they
say (e = y − ŷ, e², Σe), met here on the first level, before any lesson says them; beside
the board the words go where the column holds no row for them (`_heads_said`)."""


def _miss_shown(e: npt.ArrayLike, two: bool, scale: float) -> str:
    """A signed miss, or a running sum of them, in the throws table's column: a pair in
    its 13 characters (6 each and the comma), else to 3 decimals (the running sum to the
    misses' own: −1.021 beside Σe −1.02 read as two numbers)."""
    v = np.asarray(e, dtype=float)
    if two:
        return f"{_signed(float(v[0]), 2, scale, 6)},{_signed(float(v[1]), 2, scale, 6)}"
    return _signed(float(v), 3, scale, 13)


def _signed(value: float, decimals: int, scale: float, most: int) -> str:
    """A miss with its sign, in fixed decimals (so the columns line up), U+2212 for minus;
    round-off beside the round's largest miss (`scale`, such as −1e-16) as 0.00, neither
    −0.00 nor +0.00 (a sum of signed misses that cancel reads 0).
    A real miss too small for the decimals, or too wide for `most` characters, as `_fitted`
    writes it, so its sign and size still show (−1e−6, not +0.000; −3.0e5)."""
    tiny = value != 0 and round(value, decimals) == 0 and abs(value) > ROUND_OFF * scale
    shown = f"{round(value, decimals) + 0.0:+.{decimals}f}".replace("-", MINUS)
    if round(value, decimals) == 0:
        shown = shown[1:]  # 0.00: it has no sign
    return _fitted(value, most, signed=True) if tiny or len(shown) > most else shown


def _fitted(value: float, most: int, signed: bool = False) -> str:
    """`value` in at most `most` characters: three significant digits, fewer where they do
    not fit, then e-notation (2.9e11, not 285361912586); with its sign when `signed`."""
    shown = [num(value, digits) for digits in (3, 2, 1)]
    shown += [e_notation(value, decimals) for decimals in (1, 0)]
    if signed:
        shown = [with_sign(text) for text in shown]
    return next((text for text in shown if len(text) <= most), shown[-1])


AREA_WIDTH = 6  # the e² and MSE columns' width


def _areas(values: Sequence[float]) -> list[str]:
    """A column of squares (or of means of squares) to one number of decimals, each in
    AREA_WIDTH characters: the decimals the first throw other than a bull's-eye showed (its
    three significant digits), fewer only where a later value needs them to fit. A row
    once shown keeps its look as throws are added (0.523 stayed 0.523 beside a later 12.3,
    where the largest's digits made it 0.5). Past the width (a huge or tiny miss), or where
    fixed decimals would show them all as 0, each value on its own (`_area`)."""
    first = next((v for v in values if v != 0), None)
    if first is None or not np.isfinite(first):
        return column(values, 3)
    most = decimals_of(column([first], 3)[0])[0]
    for decimals in range(most, -1, -1):
        if round(max(values), decimals) == 0:
            break  # every miss shown as none: fixed decimals cannot hold this column
        shown = [fixed_decimals(v, decimals) for v in values]
        if max(map(len, shown)) <= AREA_WIDTH:
            return shown
    return [_area(v) for v in values]


def _area(value: float) -> str:
    """A square or a mean of squares in at most AREA_WIDTH characters (`_fitted`)."""
    return _fitted(value, AREA_WIDTH)


def listed(thrown: int, rows: int | None, back: int) -> tuple[int, int]:
    """The first and last throws a table of `rows` rows for throws (None: a row for every
    one) lists, moved `back` rows from the latest: the latest that its rows hold (a level
    file's 50 throws at 80×24 showed rows 1 to 16, the last throws cut off), or earlier ones
    where pgup moved it back (the throws before the latest rows could not be read again);
    the board numbers those darts only, the others a plain mark that a row of the table
    names."""
    if rows is None or rows >= thrown:
        return 1, thrown  # (under the board the table has a row for every throw)
    latest = thrown - max(rows - 1, 1) + 1  # the first listed with the latest: a row
    # says which are left out
    first = latest - within(thrown, rows, back)
    if first == latest:
        return first, thrown
    # a row for the later ones, and one for the earlier ones where there are any
    return first, first + max(rows - 1 - (first > 1), 1) - 1


def within(thrown: int, rows: int | None, back: int) -> int:
    """`back` (rows the table is moved from the latest throw), back to the first throw and
    no further, where the table has no row for every throw (`listed`)."""
    if rows is None or rows >= thrown:
        return back
    return min(back, thrown - max(rows - 1, 1))


def throws_table(
    score: RoundScore | None,
    two: bool,
    marks: Sequence[str] = (),
    said: bool = True,
    first: int = 1,
    last: int | None = None,
) -> str:
    """The throws so far: each signed miss e = y − ŷ (the bull less the dart: aim the way it
    points), its square, the running sum and MSE; every line at most TABLE_WIDTH characters,
    however small or large the misses. Over the heads, when `said`, their words. Before a
    dart's number, the mark of its cluster on the board (`marks`, by dart; "" for a dart
    drawn as its number). From throw `first` to `last` (None: the latest; a row names the
    earlier ones, and one the later ones, drawn on the board as OLDER)."""
    miss_head = "e = y − ŷ"  # (x, y) for a board: the pairs say so
    heads = f"{'#':>3} {miss_head:>13} {'e²':>6} {'Σe':>13} {'MSE':>6}"
    # each word over its symbol with room between them: "miss square sum of misses", the
    # words flush, read as one phrase, "square sum" as a sum of squares (Σe sums the misses)
    words = f"{'':>3} {'miss   ':>13} {'square':>6} {'sum':>13}"
    lines = [words, heads] if said else [heads]
    if score is None:
        return "\n".join(lines)
    squares, means = _areas(list(score.squared)), _areas(list(score.running_mse))
    scale = float(np.max(np.abs(score.errors), initial=0.0))  # what round-off is beside
    if first > 1:
        lines.append(f"{OLDER:>3} earlier throws: 1 to {first - 1} ({EARLIER_KEY})")
    thrown = len(score.errors)
    last = thrown if last is None else min(last, thrown)
    for i, (e, total) in enumerate(zip(score.errors, score.running_sum, strict=True)):
        if not first <= i + 1 <= last:
            continue
        miss, run = _miss_shown(e, two, scale), _miss_shown(total, two, scale)
        number = (marks[i] if i < len(marks) else "") + str(i + 1)  # A3: dart 3 is in A
        lines.append(f"{number:>3} {miss:>13} {squares[i]:>6} {run:>13} {means[i]:>6}")
    if last < thrown:
        lines.append(f"{OLDER:>3} later throws: {last + 1} to {thrown} ({LATER_KEY})")
    return "\n".join(lines)


def _rows(text: str, width: int) -> int:
    """The rows `text` takes wrapped at `width` columns, as a `Prose` wraps it."""
    return wrapped(text, width).count("\n") + 1


def _set_cells(styles: RenderStyles, name: str, cells: int | None) -> None:
    """Set a height or width in code to `cells` (None: the stylesheet's) only if that changes
    it: `_arrange` runs after every layout, and Textual lays the screen out again on every
    setting of None, even over None (each darts level drew an empty frame 50 times a
    second, a fifth of a core, for as long as it stood idle)."""
    now = styles.inline.get_rule(name, None)  # set in code (the stylesheet's is under it)
    same = now is None if cells is None else isinstance(now, Scalar) and now.cells == cells
    if not same:
        setattr(styles, name, cells)
