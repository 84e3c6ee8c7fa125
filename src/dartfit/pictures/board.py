"""The dart board: rings (round on screen), the crosshair and numbered darts."""

from __future__ import annotations

import math
from dataclasses import dataclass

from dartfit.core.numbers import nice_ceiling
from dartfit.pictures.common import nearest_cell
from dartfit.pictures.raster import Raster
from dartfit.wording import MINUS, num


@dataclass(frozen=True)
class BoardPicture:
    """The dart board: its radius, the crosshair, the darts thrown, and how many axes."""

    radius: float
    aim: tuple[float, float]
    darts: tuple[tuple[float, float], ...]
    axes: int = 2
    wind: tuple[float, float] = (0.0, 0.0)


RING_CHARS = (" ", "░")  # every other ring shaded, so the rings show without colour too


BOARD_ROWS_LEAST = 6
"""Fewest rows a board is drawn in below the lines naming its shared cells."""


def draw_board(pic: BoardPicture, width: int, height: int) -> Raster:
    """Draw rings (round on screen), a ruler of round distances, the crosshair and numbered
    darts; a cell hit by several darts shows a mark of STACKS (each shared cell its own), and
    a line in a top corner names them: where neither corner is clear of the board, on rows of
    their own above it (they had written over its top rings beside a win panel)."""
    raster, stacks, taken = _board(pic, width, height, named=True)
    corner = _clear_corner(raster, stacks) if stacks else None
    if stacks and corner is None:
        # the fewest rows of their own that hold the lines of the board drawn below them (a
        # smaller board may share other cells); none: over the board, as room allows
        for top in range(1, height - BOARD_ROWS_LEAST + 1):
            board, below, under = _board(pic, width, height - top, named=False)
            if len(below) <= top:
                raster, stacks = Raster(width, height), below
                raster.chars[top:], raster.styles[top:] = board.chars, board.styles
                taken, corner = {(c, r + top) for c, r in under}, 0
                break
    _stacks(raster, stacks, taken, corner)
    return raster


def _clear_corner(raster: Raster, stacks: list[list[int]]) -> int | None:
    """The first column of a top corner where the lines naming the shared cells would cover
    nothing drawn (by its style: the board's outer ring is blanks on a colour), or None."""
    wide = max(len(_stack_line(k, ns, raster.width)) for k, ns in enumerate(stacks))
    for start in (0, raster.width - wide):
        rows = raster.styles[: len(stacks)]
        if not any(style for row in rows for style in row[start : start + wide]):
            return start
    return None


def _board(
    pic: BoardPicture, width: int, height: int, named: bool
) -> tuple[Raster, list[list[int]], set[tuple[int, int]]]:
    """The board without the lines naming its shared cells: the raster, the darts that share
    a cell (each cell's), and the cells those lines must not cover (the darts', the aim's
    cross); `named`: the lines will go over the board's top rows (no y label under them)."""
    raster = Raster(width, height)
    if width < 5 or height < 4:
        return raster, [], set()
    ruler = height - 1  # the bottom row holds the scale
    height -= 1
    # the bull on a cell of its own (not between two: a miss of 0.02 was drawn a column off)
    cx, cy = (width - 1) // 2, (height - 1) // 2
    half_rows = float(min(cy, height - 1 - cy))
    half_cols = min(cx, width - 1 - cx, 2 * half_rows)
    # a cell is twice as tall as wide: two columns to a row, the narrower way deciding (on
    # a narrow board the rows kept the height's scale, and the rings were tall ovals)
    unit_cols = half_cols / pic.radius
    unit_rows = unit_cols / 2
    step, shrink = ruler_step(pic.radius, unit_cols)
    unit_rows, unit_cols = unit_rows * shrink, unit_cols * shrink  # alike: the rings stay round
    ring_width = pic.radius / 5
    bottom = cy  # the board's lowest row drawn
    for row in range(height):
        dy = (row - cy) / unit_rows
        for col in range(width):
            dx = (col - cx) / unit_cols
            ring = int(math.hypot(dx, dy) / ring_width)
            if ring < 5:
                raster.put(col, row, RING_CHARS[ring % 2], f"ring-{ring % 2}")
                bottom = row
    if pic.axes == 1:
        for col in range(width):
            if raster.styles[cy][col].startswith("ring"):
                raster.put(col, cy, "─", raster.styles[cy][col] + "-axis")
    # the ruler right under the board and the darts, not at the bottom of a tall one (12
    # empty rows between them beside a win panel; a windy board's, 3 at 80×24)
    # (and under the aim's lower arm, and the y ruler's lowest mark, at the rim)
    aim = nearest_cell(cy - pic.aim[1] * unit_rows) + 1
    rim = nearest_cell(cy + pic.radius * unit_rows) if pic.axes == 2 else bottom
    lowest = max((nearest_cell(cy - y * unit_rows) for _, y in pic.darts), default=aim)
    ruler = min(ruler, max(bottom, lowest, aim, rim) + 1)
    _scale(raster, pic, cx, ruler, unit_cols, step)

    def cell(x: float, y: float) -> tuple[int, int]:
        return nearest_cell(cx + x * unit_cols), nearest_cell(cy - y * unit_rows)

    hits: dict[tuple[int, int], list[int]] = {}
    for n, (x, y) in enumerate(pic.darts, start=1):
        col, row = cell(x, y)
        hits.setdefault((min(max(col, 0), width - 1), min(max(row, 0), height - 1)), []).append(n)
    if pic.axes == 2:
        # under the top rows the darts' shared cells are named in, no label (nor its twin)
        shared = sum(len(ns) > 1 for ns in hits.values()) if named else 0
        _y_scale(raster, pic.radius, (cx, cy), unit_rows, step, set(hits), height, shared)
    raster.put(cx, cy, "◎", "bull")
    stacks = [ns for ns in hits.values() if len(ns) > 1]
    for (col, row), ns in hits.items():
        if len(ns) == 1:
            raster.put(col, row, str(ns[0] % 10), "dart")
        else:  # several darts in one cell: a mark no dart number looks like, named below
            raster.put(col, row, stack_mark(stacks.index(ns)), "dart-stack")
    col, row = cell(*pic.aim)
    for dc, dr, char in ((-1, 0, "─"), (1, 0, "─"), (0, -1, "│"), (0, 1, "│")):
        if raster.inside(col + dc, row + dr) and raster.styles[row + dr][col + dc] not in DARTS:
            raster.put(col + dc, row + dr, char, "aim")
    if raster.inside(col, row) and raster.styles[row][col] not in ("dart", "dart-stack"):
        raster.put(col, row, "┼", "aim")
    # the aim's cross had written over the lines naming the stacks: they go on last, clear
    cross = {(col + dc, row + dr) for dc in (-1, 0, 1) for dr in (-1, 0, 1)}
    return raster, stacks, set(hits) | cross


DARTS = ("dart", "dart-stack", "bull")
STACKS = "✱✲✻✼"  # several darts in one cell: not digits, so never read as a dart's number
STACK = STACKS[0]


def stack_mark(k: int) -> str:
    """The mark of the k-th cell that several darts share: each shared cell its own, so the
    legend's lines can be told apart."""
    return STACKS[k % len(STACKS)]


def _stack_line(k: int, darts: list[int], width: int) -> str:
    """The line naming the k-th shared cell's darts ("✱ darts 2, 3"), cut to `width`."""
    return f"{stack_mark(k)} darts {', '.join(map(str, darts))}"[:width]


def _stacks(
    raster: Raster, stacks: list[list[int]], taken: set[tuple[int, int]], start: int | None
) -> None:
    """One line per shared cell, e.g. "✱ darts 2, 3", from column `start` (a top corner
    clear of the board), or else in the top corner that hides none of the `taken` cells
    (the darts' and the aim's cross; the left one when both are free or neither is)."""
    lines = [_stack_line(k, ns, raster.width) for k, ns in enumerate(stacks)]
    if not lines:
        return
    wide = max(map(len, lines))
    corners = (0, raster.width - wide)
    if start is None:  # no corner clear of the board: one clear of the darts and the aim
        start = next(
            (
                c
                for c in corners
                if not any(c <= dc < c + wide and dr < len(lines) for dc, dr in taken)
            ),
            0,
        )
    for row, line in enumerate(lines[: raster.height - 1]):
        raster.text(start, row, f"{line:<{wide}}", "legend")
        raster.put(start, row, stack_mark(row), "dart-stack")


SHRINK_MOST = 0.15
"""How much smaller (a share) the board may be drawn so that the ruler's marks fall a whole
number of columns apart."""


def ruler_step(radius: float, unit_cols: float) -> tuple[float, float]:
    """The ruler's step, and the factor (≤ 1) to draw the board by so that its marks fall a
    whole number of columns apart (7, 7, not 8, 7, 8).

    The step is a nice round distance (radius/5 or more), widened until two columns part
    any two labels, and then until the board need shrink by at most SHRINK_MOST for its
    marks to fall evenly (0 2 4 evenly, rather than 0 1 2 3 4 5 every 3.8 columns); where
    none does (two marks left), the first step, the board as it was. Where that leaves
    three marks (−5 0 5: a won windy board's at 80×24), one column between labels will do
    if it keeps five or more (−6 −4 −2 0 2 4 6)."""
    wide = _ruler_step(radius, unit_cols, 2)
    if math.floor(radius / wide[0] + 1e-9) <= 1:
        tight = _ruler_step(radius, unit_cols, 1)
        if math.floor(radius / tight[0] + 1e-9) >= 2:
            return tight
    return wide


def _ruler_step(radius: float, unit_cols: float, gap: int) -> tuple[float, float]:
    """`ruler_step` with at least `gap` columns between two labels."""
    step = nice_ceiling(radius / 5)
    first: float | None = None  # the first step whose labels do not touch
    for _ in range(16):
        count = math.floor(radius / step + 1e-9)
        widest = max(len(num(-k * step, 3)) for k in range(count + 1))  # with its sign
        if step * unit_cols >= widest + gap or count <= 1:
            first = step if first is None else first
            shrink = math.floor(step * unit_cols + 1e-9) / (step * unit_cols)
            if shrink >= 1 - SHRINK_MOST or count <= 1:
                return (step, shrink) if shrink >= 1 - SHRINK_MOST else (first, 1.0)
        step = nice_ceiling(step * 1.5)  # 1 → 2 → 5 → 10
    return first or step, 1.0


def _y_scale(
    raster: Raster,
    radius: float,
    bull: tuple[int, int],
    unit_rows: float,
    step: float,
    darts: set[tuple[int, int]],
    rows: int,
    named: int = 0,
) -> None:
    """A ruler up the board's left side for a board of two axes: y = 0 on the bull's row,
    the x ruler's `step` apart each way, or a multiple (2 above, −2 below, as the aim's y
    reads): five marks or more where the rows hold them, else three (−4 0 4 on a won windy
    board at 80×24, whose ruler had gone: a miss up or down could not be read off it, nor
    in 1, 2 or 5 steps that its rows hold five of). Where the board leaves no room on its
    left, none; a label a dart's cell would
    write over, left out (never read as "32"); on the board's `rows`, not the x ruler's, and
    below the top `named` rows, where the darts' shared cells are named."""
    cx, cy = bull
    line = nearest_cell(cx - radius * unit_rows * 2) - 2  # two columns clear of the rings
    # every x mark's distance, or every other (…): rows are half as fine as columns, and two
    # labels on rows side by side read as one
    step *= max(math.ceil(2 / (step * unit_rows) - 1e-9), 1)
    count = math.floor(radius / step + 1e-9)

    def label(k: int) -> str:
        return (MINUS if k < 0 else "") + num(float(f"{abs(k) * step:.12g}"), 3)

    if count < 1 or line - max(len(label(-k)) for k in range(count + 1)) < 0:
        return  # no mark but 0, or no room on its left
    top, bottom = nearest_cell(cy - radius * unit_rows), nearest_cell(cy + radius * unit_rows)
    for row in range(max(top, 0), min(bottom, rows - 1) + 1):
        if (line, row) not in darts:
            raster.put(line, row, "│", "axis")
    for k in range(count + 1):  # both of ±k or neither, as the ruler below (never lopsided)
        # each on its row, rounding halves away from the bull's (alike each way)
        rows_off = math.floor(k * step * unit_rows + 0.5)
        marks = [(label(j), cy - rows_off * (1 if j >= 0 else -1)) for j in {k, -k}]
        cells = {(c, row) for text, row in marks for c in range(line - len(text), line)}
        if all(named <= row < rows for _, row in marks) and not cells & darts:
            for text, row in marks:
                raster.text(line - len(text), row, text, "axis")
                raster.put(line, row, "┤", "axis")


def _scale(
    raster: Raster, pic: BoardPicture, cx: int, row: int, unit_cols: float, step: float
) -> None:
    """A ruler on the bottom row across the board, the bull's column at 0: round distances
    `step` apart each way (−4 −2 0 2 4, as the aim reads: from the bull outwards alone it
    had 3 marks), each label's digits on its distance's column, a minus sign before them."""
    start = nearest_cell(cx - pic.radius * unit_cols)
    edge = nearest_cell(cx + pic.radius * unit_cols)
    raster.text(max(start, 0), row, "─" * (max(edge - max(start, 0), 0) + 1), "axis")
    count = math.floor(pic.radius / step + 1e-9)
    raster.text(cx, row, "0", "axis")
    lo, hi = cx, cx  # the columns the labels drawn so far reach, each way
    for k in range(1, count + 1):
        # from the bull's column, rounding halves away from it (round() would alternate)
        cols = math.floor(k * step * unit_cols + 0.5)
        text = num(float(f"{k * step:.12g}"), 3)
        left, right = cx - cols - len(text), cx + cols  # "−2" ends on its mark, "2" starts
        # both or neither (a ruler lopsided at the board's edge read −5 0 5 10), and never
        # touching the label inside it (−20020 on a small board)
        if left < 0 or right + len(text) > raster.width or left + len(text) > lo - 2:
            break
        if right < hi + 2:
            break
        raster.text(left, row, MINUS + text, "axis")
        raster.text(right, row, text, "axis")
        if lo < cx and lo - (left + len(text)) == 2:  # one column before the minus inside
            raster.put(lo - 1, row, " ", "axis")  # it: a blank (on the rule, −6─−4 read −6−−4)
        lo, hi = left, right + len(text) - 1
