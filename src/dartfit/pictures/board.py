"""The dart board: rings (round on screen), the crosshair and numbered darts."""

from __future__ import annotations

import functools
import math
import textwrap
from dataclasses import dataclass, replace

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
    crosshair: bool = True  # none where no one aims (a recorded round)
    first: int = 1
    """The first dart numbered (or marked in a cluster): those before it (their rows gone
    from a table too short for every throw) are drawn as OLDER, as are all but the latest
    IDENTIFIED (`numbered_from`)."""
    last: int | None = None
    """The last dart numbered (None: the latest): those after it (a table moved back to
    earlier throws lists no row for them) are drawn as OLDER too."""
    said: bool = True
    """Whether the board names its clusters' marks in words under its ruler (not where the
    screen says them beside it)."""

    @property
    def numbered_from(self) -> int:
        """The first dart the board numbers or marks."""
        return max(self.first, self.numbered_to - IDENTIFIED + 1, 1)

    @property
    def numbered_to(self) -> int:
        """The last dart the board numbers or marks."""
        return len(self.darts) if self.last is None else min(self.last, len(self.darts))


RING_CHARS = (" ", "░")  # every other ring shaded, so the rings show without colour too


def draw_board(pic: BoardPicture, width: int, height: int) -> Raster:
    """Draw rings (round on screen), a ruler of round distances, the crosshair and numbered
    darts; the cells of a cluster (darts sharing a cell, or in cells side by side in a row)
    show marks of STACKS, each cell its own (the throws table names its darts:
    `dart_clusters`)."""
    return _board(pic, width, height)[0]


def ruler_labels(pic: BoardPicture, width: int, height: int, said: bool = True) -> int:
    """How many labels the x ruler of the board `draw_board` draws in `width` × `height`
    has (0 and as many each way); unless `said`, of the board as large as it is drawn
    without the words naming its clusters."""
    return _board(pic, width, height)[2] if said else _plain_board(pic, width, height)[2]


def dart_clusters(pic: BoardPicture, width: int, height: int) -> list[list[int]]:
    """The darts (numbered from 1) of each cluster of the board `draw_board` draws in
    `width` × `height`, in the order of their marks (`stack_mark`)."""
    return [darts for _, darts in board_clusters(pic, width, height)]


Clusters = list[tuple[list["Cell"], list[int]]]
"""The cells and the darts (numbered from 1) of each cluster, in the order of their marks."""


def board_clusters(pic: BoardPicture, width: int, height: int) -> Clusters:
    """The cells and darts of each cluster of the board drawn in `width` × `height` (worked
    out once for a screen that both marks them in its table and draws them)."""
    return _board(pic, width, height)[1]


CLUSTERS_NAMED = 3
"""The most clusters `clusters_said` names one by one (each costs the board a few words),
but for a last one alone (`_named`)."""


def clusters_said(pic: BoardPicture, width: int, height: int) -> str:
    """What each mark of a cluster on the board stands for, in full words ("" where there
    is none): "C marks darts 1 to 5 (one cell)." A table's
    rows C1 to C5 alone did not say that C was a place on the board, nor that the five
    darts shared it."""
    return said_of(board_clusters(pic, width, height)).replace(KEPT, " ")


KEPT = "\u00a0"
"""A space the words under the board are never broken at ("(one cell)" kept whole)."""


def said_of(clusters: Clusters, few: int = 0, named: int | None = None) -> str:
    """`clusters_said` for the clusters `board_clusters` gave, its spaces that must not break
    as KEPT. In `few` words (1), each cell's darts by its letter ("C: dart 1; D: 3,4; E:
    2,5,8; F: 7"); in fewer (2), without the word ("C: 1; D: 3,4"). The first `named` cells
    (by default CLUSTERS_NAMED, and one more, `_named`) are said one by one, the rest by their
    marks alone, left to the throws table's rows ("F–K: the table"). Every letter on the
    board is in the words: in few words they had named only the cells several darts share
    ("D: darts 3,4; E: 2,5,8", "Wind and a shaky hand" won at 80×24), and the board's C and
    F, lone darts beside them, were said nowhere but the table."""
    count = _named(len(clusters)) if named is None else named
    rest = [stack_mark(k) for k in range(count, len(clusters))]
    if few:
        said = [
            f"{stack_mark(k)}:{KEPT}{_dart_word(d) if k == 0 and few == 1 else ''}{_runs(d)}"
            for k, (_, d) in enumerate(clusters[:count])
        ]
        return "; ".join(said + ([f"{_marks_said(rest, '–')}: the table"] if rest else []))
    said = [
        f"{stack_mark(k)}{KEPT}{'marks ' if k == 0 else ''}"
        + (f"darts {_darts_said(darts)} (one{KEPT}cell)" if len(darts) > 1 else f"dart {darts[0]}")
        for k, (_, darts) in enumerate(clusters[:count])
    ]
    if rest:
        said.append(f"{_marks_said(rest, f'{KEPT}to{KEPT}')} (the table's rows name their darts)")
    return ", ".join(said) + "." if said else ""


def wordings(clusters: Clusters) -> tuple[str, ...]:
    """The words naming the clusters' marks (`said_of`), ever shorter: in full, in few, in
    fewer; then fewer cells said one by one, down to none ("C–F: the table"), never one
    mark alone left to the table. Each names every letter on the board, so a board that has
    room for none of the longer ones is not drawn smaller for them (29 columns beside the
    win at 80×24 hold "C: 1; D: 3,4; E: 2,5,8; F: 7", not "C: dart 1; D: 3,4; …")."""
    count = _named(len(clusters))
    said = [said_of(clusters, few) for few in (0, 1, 2)]
    said += [said_of(clusters, 2, k) for k in range(count - 1, -1, -1) if len(clusters) - k >= 2]
    return tuple(dict.fromkeys(words for words in said if words))


def _dart_word(darts: list[int]) -> str:
    """ "dart " before one dart's number, "darts " before more."""
    return "dart " if len(darts) == 1 else "darts "


def _named(clusters: int) -> int:
    """How many of `clusters` clusters `said_of` names one by one: CLUSTERS_NAMED, or every
    one where that leaves a single mark ("F dart 7" says in fewer words what "F (the table's
    rows name their darts)" left to the table, and read oddly for one letter)."""
    return clusters if clusters <= CLUSTERS_NAMED + 1 else CLUSTERS_NAMED


def _marks_said(marks: list[str], to: str) -> str:
    """Marks left to the table, two or more (`_named`): "F to K"."""
    return f"{marks[0]}{to}{marks[-1]}"


def _runs(darts: list[int]) -> str:
    """Darts' numbers in few characters: "1,3,4,7", a run of three or more as "2–5"."""
    runs: list[list[int]] = []
    for n in darts:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ",".join(f"{r[0]}–{r[-1]}" if len(r) >= 3 else ",".join(map(str, r)) for r in runs)


def _darts_said(darts: list[int]) -> str:
    """Darts' numbers in words: "1 to 5" for a run of three or more, else "2 and 4",
    "1, 3 and 6"."""
    if len(darts) >= 3 and darts[-1] - darts[0] == len(darts) - 1:
        return f"{darts[0]} to {darts[-1]}"
    *most, last = map(str, darts)
    return f"{', '.join(most)} and {last}"


def _numbered(pic: BoardPicture) -> tuple[int, int]:
    """The darts the board numbers or marks, as `_hits` takes them: from, and up to (not
    included)."""
    return pic.numbered_from, pic.numbered_to + 1


def stack_marks(clusters: list[list[int]], darts: int) -> list[str]:
    """Each of `darts` darts' cluster mark (`stack_mark`; `clusters` as `dart_clusters`
    gives them), "" for a dart drawn as its number."""
    marks = [""] * darts
    for k, cluster in enumerate(clusters):
        for n in cluster:
            marks[n - 1] = stack_mark(k)
    return marks


Cell = tuple[int, int]


Span = tuple[int, int, int]
"""A dart's ink on the board: its row and its first and last columns."""


def _laid_out(
    hits: dict[Cell, list[int]], bull: Cell, width: int
) -> tuple[dict[Span, int], list[tuple[list[Cell], list[int]]]]:
    """Where each lone dart's number is written (its span, all its digits: dart 12 as "12",
    not "2"), and the cells and darts of each cluster: darts whose ink would share a cell
    or touch in a row (one cell, or numbers side by side: darts 4, 1 and 2 read "412"),
    each cell of them its own "cluster" and its own mark (`stack_mark`): one letter for
    the three cells of four darts at 80×24 ("CCC") said neither which cell held which
    darts nor that one held two. A number runs right from its dart's cell, or left to it
    where that keeps it on the board and off the bull. The cells are in the order they
    came to be marked (by the second dart of their run, or their own first if later): a
    mark stays on its cell as darts are thrown (ordered by the first, a dart landing beside
    dart 1 took A from the cluster that had it)."""
    spans: list[tuple[Span, Cell]] = []
    for (col, row), darts in hits.items():
        digits = len(str(darts[0])) if len(darts) == 1 else 1
        spans.append(((row, *_placed((col, row), digits, bull, width)), (col, row)))
    runs: list[list[tuple[Span, Cell]]] = []  # inks that share a cell or touch, in a row
    for span, cell in sorted(spans):
        run = runs[-1] if runs else []
        if run and run[-1][0][0] == span[0] and span[1] <= max(s[0][2] for s in run) + 1:
            run.append((span, cell))
        else:
            runs.append([(span, cell)])
    numbers: dict[Span, int] = {}
    marked: list[tuple[tuple[int, int], Cell]] = []  # each marked cell, by when it was marked
    for run in runs:
        darts = sorted(n for _, cell in run for n in hits[cell])
        if len(darts) == 1:
            numbers[run[0][0]] = darts[0]
            continue
        for _, cell in run:  # marked since the run's second dart, or its own first
            first = min(hits[cell])
            marked.append(((max(first, darts[1]), first), cell))
    return numbers, [([cell], sorted(hits[cell])) for _, cell in sorted(marked)]


def _placed(cell: Cell, digits: int, bull: Cell, width: int) -> tuple[int, int]:
    """The first and last columns of a dart's number of `digits`: right from its cell, else
    left to it, whichever keeps it on the board and off the bull (but the dart's own cell)."""
    col, row = cell
    tries = [(col, col + digits - 1), (col - digits + 1, col)]
    for first, last in tries:
        over_bull = row == bull[1] and first <= bull[0] <= last and col != bull[0]
        if first >= 0 and last < width and not over_bull:
            return first, last
    return tries[0]


def _hits(
    pic: BoardPicture,
    bull: tuple[int, int],
    unit_cols: float,
    width: int,
    height: int,
    since: int = 1,
    until: int | None = None,
) -> dict[Cell, list[int]]:
    """The darts from `since` (to `until`, not included) in each cell they land on (one
    off the board: on its nearest edge cell)."""
    hits: dict[Cell, list[int]] = {}
    for n, (x, y) in enumerate(pic.darts, start=1):
        if not since <= n < (until or n + 1):
            continue
        col, row = _cell(bull, unit_cols, (x, y))
        hits.setdefault((min(max(col, 0), width - 1), min(max(row, 0), height - 1)), []).append(n)
    return hits


def _cell(bull: tuple[int, int], unit_cols: float, point: tuple[float, float]) -> tuple[int, int]:
    """The cell of a point on the board (a row is two columns tall)."""
    return (
        nearest_cell(bull[0] + point[0] * unit_cols),
        nearest_cell(bull[1] - point[1] * unit_cols / 2),
    )


WORDS_BOARD_LEAST = 5
"""Fewest rows a board is drawn in to leave rows under its ruler for the words naming its
clusters: a board smaller still is drawn as large as it fits, its marks left unsaid (the
help says what a mark is)."""


def _board(pic: BoardPicture, width: int, height: int) -> tuple[Raster, Clusters, int, int]:
    """The board's raster, the cells and darts of each cluster (`board_clusters`), how many
    labels its x ruler has, and the rows the board takes; under its ruler, the words naming
    the clusters' marks, as `_said_plan` lays them out."""
    rows, lines, over = _said_plan(pic, width, height)
    raster, clusters, labelled, ruler = _plain_board(pic, width, rows, height)
    for row, line in enumerate(lines, start=0 if over else ruler + 1):  # in the ruler's
        # ink: a mark in the board's marks' ink would read as darts
        raster.text(0, row, line.replace(KEPT, " "), "axis")
    return raster, clusters, labelled, rows


Plan = tuple[int, tuple[str, ...], bool]
"""The rows a board is drawn in, the lines of words naming its clusters' marks, and whether
they lie over its rings (in its blank top rows) rather than under its ruler."""


@functools.lru_cache(maxsize=16)
def _said_plan(pic: BoardPicture, width: int, height: int) -> Plan:
    """`_said_under` where the words under the ruler keep the board as large and as
    labelled as it is alone; else in the blank rows over its rings, where they hold them
    ("Which round is worse?" at 80×24 said its marks on the rounds' title rows, over their
    tables, away from the boards: under the ruler they cost each board its −5 and 5); else
    `_said_under` as it is (a board drawn smaller for them)."""
    rows, lines = plan = _said_under(pic, width, height)
    drawn = _plain_board(pic, width, height)
    size = (drawn_radius(pic, width, height), drawn[2])
    if not drawn[1] or not pic.said:
        return (*plan, False)
    if (
        lines
        and (drawn_radius(pic, width, rows), _plain_board(pic, width, rows, height)[2]) == size
    ):
        return (*plan, False)
    free = next((r for r, row in enumerate(drawn[0].chars) if "".join(row).strip()), height)
    for words in wordings(drawn[1]):
        over = tuple(textwrap.wrap(words, width, break_on_hyphens=False))
        if over and len(over) <= free:
            return height, over, True
    return (*plan, False)


def _said_under(pic: BoardPicture, width: int, height: int) -> tuple[int, tuple[str, ...]]:
    """The rows the board is drawn in and the lines of words under its ruler naming its
    clusters' marks (`said_of`; a mark had been said only in a HUD that had no row for it
    beside a win panel, and on "Which round is worse?"'s boards nowhere): in the rows the
    board leaves there, or leaves drawn as large in fewer; in the longest of its shorter
    `wordings` that then fit ("C: darts 4,5"); else in the rows of a board drawn smaller for
    them. (Each try draws the board: `_said_plan` keeps the plan once a board and size.)"""
    drawn = _plain_board(pic, width, height)
    if not drawn[1] or not pic.said:
        return height, ()
    size = (drawn_radius(pic, width, height), drawn[2])
    short: tuple[int, int, tuple[str, ...]] | None = None  # a wording's rank, rows, lines
    for rows in range(height, WORDS_BOARD_LEAST - 1, -1):
        board = drawn if rows == height else _plain_board(pic, width, rows, height)
        kept = (drawn_radius(pic, width, rows), board[2]) == size  # as large, as labelled
        if not kept and short is not None:
            break  # the few words under a board as large as it can be
        for rank, words in enumerate(wordings(board[1])):
            lines = tuple(textwrap.wrap(words, width, break_on_hyphens=False))
            if board[3] + 1 + len(lines) > height:
                continue
            if not kept or not rank:
                return rows, lines
            if short is None or rank < short[0]:  # (in fewer rows, longer words may fit)
                short = (rank, rows, lines)
            break
    return (short[1], short[2]) if short is not None else (height, ())


def board_rows(pic: BoardPicture, width: int, height: int) -> int:
    """The rows of `height` the board `draw_board` draws takes: it is drawn as it would be
    alone in them (the rows under them hold the words naming its clusters)."""
    return _board(pic, width, height)[3]


def _plain_board(
    pic: BoardPicture, width: int, height: int, rows: int | None = None
) -> tuple[Raster, Clusters, int, int]:
    """`_board`'s board without the words, in a raster of `rows` rows (None: `height`),
    and the row of its x ruler."""
    raster = Raster(width, height if rows is None else rows)
    if width < 5 or height < 4:
        return raster, [], 0, height
    ruler = height - 1  # the bottom row holds the scale
    height -= 1
    cx, cy, unit_cols, scale = _frame(pic, width, height)
    unit_rows = unit_cols / 2  # a cell is twice as tall as wide: the rings stay round
    chars, styles, bottom = _rings(width, height, cx, cy, unit_cols, pic.radius / 5)
    for row in range(height):
        raster.chars[row] = list(chars[row])
    raster.lay_ground(styles)  # the bull, the darts and the aim drawn on the rings' fills
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
    labelled = _scale(raster, pic, cx, ruler, unit_cols, scale.step * scale.every)
    first, after = _numbered(pic)
    hits = _hits(pic, (cx, cy), unit_cols, width, height, first, after)
    older = _hits(pic, (cx, cy), unit_cols, width, height, 1, first)
    for cell, darts in _hits(pic, (cx, cy), unit_cols, width, height, after).items():
        older.setdefault(cell, []).extend(darts)  # after those listed: plain marks too
    numbers, clusters = _laid_out(hits, (cx, cy), width)
    if pic.axes == 2:  # (clear of every dart's ink)
        inked = {(c, r) for r, first, last in numbers for c in range(first, last + 1)}
        _y_scale(
            raster, pic.radius, (cx, cy), unit_rows, scale, inked | set(hits) | set(older), height
        )
    raster.put(cx, cy, BULL, "bull")
    for col, row in older:  # under the numbered darts' ink
        raster.put(col, row, OLDER, "dart-old")
    for k, (cells, _) in enumerate(clusters):  # a mark no dart number looks like
        for col, row in cells:
            raster.put(col, row, stack_mark(k), "dart-stack")
    for (row, first, _), n in numbers.items():  # a dart alone, no dart beside it
        raster.text(first, row, str(n), "dart")
    if pic.crosshair:
        _crosshair(raster, _cell((cx, cy), unit_cols, pic.aim))
    return raster, clusters, labelled, ruler


@functools.lru_cache(maxsize=32)
def _rings(
    width: int, height: int, cx: int, cy: int, unit_cols: float, ring_width: float
) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], int]:
    """The rings' rows of characters and of styles on a blank board of `width` × `height`
    (the bull at (cx, cy)), and the lowest row they reach (cy where none does). Worked out
    once for a size and scale: every throw draws the board again on the same rings (a cell
    at a time, they were two thirds of a board's drawing)."""
    unit_rows = unit_cols / 2
    chars, styles, bottom = [], [], cy
    for row in range(height):
        dy = (row - cy) / unit_rows
        row_chars, row_styles = [" "] * width, [""] * width
        for col in range(width):
            ring = int(math.hypot((col - cx) / unit_cols, dy) / ring_width)
            if ring < 5:
                row_chars[col], row_styles[col] = RING_CHARS[ring % 2], f"ring-{ring % 2}"
                bottom = row
        chars.append(tuple(row_chars))
        styles.append(tuple(row_styles))
    return tuple(chars), tuple(styles), bottom


def _crosshair(raster: Raster, cell: tuple[int, int]) -> None:
    """The aim's cross on `cell`, under the darts and the bull."""
    col, row = cell
    for dc, dr, char in ((-1, 0, "─"), (1, 0, "─"), (0, -1, "│"), (0, 1, "│")):
        if raster.inside(col + dc, row + dr) and raster.styles[row + dr][col + dc] not in DARTS:
            raster.put(col + dc, row + dr, char, "aim")
    if raster.inside(col, row) and raster.styles[row][col] not in DARTS[:3]:
        raster.put(col, row, AIM, "aim")


BULL, AIM = "◎", "┼"
"""The bull's mark and the aim's (the crosshair's centre): the screens that draw the board
name each (a key), as its ruler, the darts' numbers and the letters are, where it is drawn
(the aim's ┼ hides the bull's ◎; a dart's mark, either)."""
NAMED_MARKS = (BULL, AIM)
DARTS = ("dart", "dart-stack", "dart-old", "bull")
STACKS = "CDEFGHJKLMNPQRSTUVWXYZ" + "cdefghjkmnpqrstuvwz"
"""A marked cell's marks: letters, never read as a dart's number (no I, O, l or o, read as
1 and 0), nor as a round (A and B name two rounds side by side), nor as the HUD's x and y;
the capitals first: one for each of the 41 cells the IDENTIFIED darts can mark, each cell
its own (✱✲✻✼ had repeated past four)."""
IDENTIFIED = len(STACKS)
"""The most darts a board numbers or marks, the latest: older ones are a plain OLDER."""
OLDER = "·"
STACK = STACKS[0]


def stack_mark(k: int) -> str:
    """The mark of the k-th cluster of darts: each cluster its own, so the throws table can
    say which darts each holds."""
    return STACKS[k % len(STACKS)]


SHRINK_MOST = 0.15
"""How much smaller (a share) the board may be drawn so that the ruler's marks fall a whole
number of columns apart."""

LABEL_GAP = 2
"""Fewest columns of rule between two labels of the x ruler (one, "−6─−4", read "−6−−4")."""


@dataclass(frozen=True)
class Ruler:
    """A board's scale: marks `step` apart, a round distance (a whole number of columns
    apart on a board drawn `shrink` times as large), labelled every `every` marks."""

    step: float
    shrink: float
    every: int = 1


def _frame(pic: BoardPicture, width: int, height: int) -> tuple[int, int, float, Ruler]:
    """`_frame_of` for the board's radius and axes (all it depends on)."""
    return _frame_of(pic.radius, pic.axes, width, height)


@functools.lru_cache(maxsize=64)
def _frame_of(radius: float, axes: int, width: int, height: int) -> tuple[int, int, float, Ruler]:
    """The bull's cell, the columns a unit of distance takes, and the ruler, for a board in
    `width` × `height` (the x ruler's row aside): as large as fits, round (two columns to a
    row), the bull on a cell of its own (not between two: a miss of 0.02 was drawn a column
    off). A board of two axes keeps clear the columns on its left its y ruler's labels take
    (beside a win panel at 120×40 the windy board, bound by the width, took them all and
    lost its y ruler): it moves right, and is drawn smaller only as it must be. Its rim,
    which no ring reaches (each is drawn inside it), lies a row past the top and bottom
    rows, so the rings fill them (a blank row above and below the board had cost it a
    sixth of its size, and a radius-6 board its fourth and fifth labels, at 80×24); on
    them, unless the y labels at the rim were all but three of five or more. (Worked out
    once a size: a board with words under it tries a few sizes for each throw.)"""
    pic = BoardPicture(radius, (0.0, 0.0), (), axes)
    cy = (height - 1) // 2
    rows = min(cy, height - 1 - cy)
    frame = _frame_in(pic, width, (cy, rows + 1))
    if pic.axes == 2:
        within = _frame_in(pic, width, (cy, rows))
        shown, kept = (_y_labels_shown(pic.radius, f, height) for f in (frame, within))
        if shown < min(kept, 5) or (within[2] >= frame[2] - 1e-9 and kept > shown):
            return within  # (or as large, with more labels: its y marks made whole rows)
    return frame


def _frame_in(
    pic: BoardPicture, width: int, rows: tuple[int, int]
) -> tuple[int, int, float, Ruler]:
    """`_frame`'s board with its bull on row `rows[0]` and its rim `rows[1]` rows away."""
    cy, half_rows = rows
    frames = []
    margin = 0  # the columns on the left kept clear of the rings
    for _ in range(4):
        cx = margin + (width - 1 - margin) // 2
        half_cols = min(cx - margin, width - 1 - cx, 2 * half_rows)
        if half_cols <= 0:
            break
        # the narrower way decides (on a narrow board the rows kept the height's scale, and
        # the rings were tall ovals)
        ruler = ruler_step(pic.radius, half_cols / pic.radius)
        if pic.axes == 2:
            ruler = _rows_whole(pic.radius, half_cols / pic.radius, ruler)
        unit_cols = half_cols / pic.radius * ruler.shrink
        frames.append((cx, cy, unit_cols, ruler))
        labels = _y_marks(pic.radius, unit_cols / 2, ruler)[1] if pic.axes == 2 else {}
        need = max(map(len, labels.values())) + 2 if len(labels) > 1 else 0  # "−4" and "─┤ "
        if nearest_cell(cx - pic.radius * unit_cols) >= need:
            return frames[-1]
        margin = max(need, margin + 1)
    return frames[0] if frames else ((width - 1) // 2, cy, 1.0, Ruler(1.0, 1.0))


def _y_labels_shown(radius: float, frame: tuple[int, int, float, Ruler], rows: int) -> int:
    """How many labels of the y ruler of a board so framed fall on its `rows` (each of ±k
    only with its twin)."""
    _, cy, unit_cols, ruler = frame
    step, labels = _y_marks(radius, unit_cols / 2, ruler)
    on = {k for k in labels if 0 <= cy - _rows_off(k, step, unit_cols / 2) < rows}
    return sum(-k in on for k in on)


def _rows_off(k: int, step: float, unit_rows: float) -> int:
    """The rows from the bull's to the y ruler's k-th mark (below it for k < 0), rounding
    halves away from the bull's (alike each way)."""
    off = math.floor(abs(k) * step * unit_rows + 0.5)
    return off if k >= 0 else -off


def drawn_radius(pic: BoardPicture, width: int, height: int) -> float:
    """The columns from the bull to the rim of the board `draw_board` draws in `width` ×
    `height` (the lines naming shared cells aside): how large it reads."""
    if width < 5 or height < 4:
        return 0.0
    return pic.radius * _frame(pic, width, height - 1)[2]


@functools.lru_cache(maxsize=256)
def fewest_columns(pic: BoardPicture, width: int, height: int) -> int:
    """The fewest columns in which the board drawn in `width` × `height` is drawn as large,
    with every label of its rulers (the rest can go to the numbers beside it).

    Found by halves: a board drawn alike in some columns is drawn alike in any more of them,
    up to `width`. A column at a time from `width` drew the board up to 150 times: a resize of
    a darts screen took 0.13 s, and a storm of them a second or more. Kept for each size: a
    terminal resized back and forth asks again for the same few."""

    def drawn(columns: int) -> tuple[float, list[str]]:
        rows = draw_board(pic, columns, height).rows()
        return drawn_radius(pic, columns, height), [text.strip() for text, _ in rows]

    wanted = drawn(width)
    fewest, alike = 5, width  # drawn otherwise below `fewest`; alike in `alike` columns
    while fewest < alike:
        middle = (fewest + alike) // 2
        if drawn(middle) == wanted:
            alike = middle
        else:
            fewest = middle + 1
    return alike


def ruler_step(radius: float, unit_cols: float) -> Ruler:
    """The ruler of a board of `radius` at `unit_cols` columns to a unit of distance.

    The step is a nice round distance (radius/5 or more), widened until LABEL_GAP columns
    part any two labels, and then until the board need shrink by at most SHRINK_MOST for its
    marks to fall evenly (0 2 4 evenly, rather than 0 1 2 3 4 5 every 3.8 columns); where
    none does (two marks left), the first step, the board as it was. Where that leaves
    three labels or fewer (−5 0 5: a won windy board's at 80×24), a finer step's marks
    labelled every few, as many or more (−4 0 4, every other mark 2 apart, as its y ruler
    reads), rather than labels crowded a column apart (−6 −4 −2──0). But first, where a
    board drawn smaller than SHRINK_MOST allows would hold two labels each way (−4 −2 0 2 4
    rather than −5 0 5: at 80×24 a won first level's board was 17 % too large for them),
    the largest such board: never more than a fifth smaller (`_labelled_step`)."""
    step, shrink = _ruler_step(radius, unit_cols, LABEL_GAP)
    count = math.floor(radius / step + 1e-9)
    if count <= 1 and (labelled := _labelled_step(radius, unit_cols)) is not None:
        return labelled
    if count <= 1:
        fine, fine_shrink = _ruler_step(radius, unit_cols, 1)
        cols = fine * unit_cols * fine_shrink
        for every in range(1, 6):
            label_step = fine * every
            labels = math.floor(radius / label_step + 1e-9)
            widest = max(len(num(-k * label_step, 3)) for k in range(labels + 1))
            if every * cols >= widest + LABEL_GAP - 1e-9:
                if labels >= max(count, 1) and label_step != step:
                    return Ruler(fine, fine_shrink, every)
                break
    return Ruler(step, shrink)


def _ruler_step(radius: float, unit_cols: float, gap: int) -> tuple[float, float]:
    """The step and shrink of `ruler_step` with at least `gap` columns between labels."""
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


def _labelled_step(radius: float, unit_cols: float) -> Ruler | None:
    """The ruler of the largest board, no larger than at `unit_cols`, whose marks fall a
    whole number of columns apart and hold two labels or more each way of the bull, LABEL_GAP
    columns apart; None where none does. Its marks at least four columns apart, the board is
    drawn at most a fifth smaller (4 of 4.99 columns), where a mark fewer had cost a third of
    the labels."""
    best: Ruler | None = None
    step = nice_ceiling(radius / 5)
    while (count := math.floor(radius / step + 1e-9)) >= 2:
        widest = max(len(num(-k * step, 3)) for k in range(count + 1))
        cols = math.floor(step * unit_cols + 1e-9)
        if cols >= widest + LABEL_GAP:
            shrink = cols / (step * unit_cols)
            best = best if best is not None and best.shrink >= shrink else Ruler(step, shrink)
        step = nice_ceiling(step * 1.5)  # 1 → 2 → 5 → 10
    return best


def _whole(rows: float) -> bool:
    """Whether a distance on the board, in rows (or columns), is a whole number of them."""
    return abs(rows - round(rows)) < 1e-6


THINNER_MOST = 0.2
"""How much smaller (a share) a board of two axes may be drawn so that its y ruler's marks
fall a whole number of rows apart (`_rows_whole`): one column of the x step's five."""


def _rows_whole(radius: float, unit_cols: float, ruler: Ruler) -> Ruler:
    """The ruler of a board of two axes at `unit_cols` columns to a unit (before its
    shrink), drawn as little smaller as puts its y ruler's marks a whole number of rows
    apart: its x step a column shorter, where that costs the board as the x ruler drew it
    at most THINNER_MOST and the x labels keep their gap (marks 7.5 rows apart were drawn
    7, 8, 8 and 7 rows apart, rows rounding off: "−4 −2 0 2 4" up the side read unevenly
    at 120×40 and 200×50); else as it was (`_y_marks` then takes a step twice as long)."""
    unit = unit_cols * ruler.shrink
    if _whole(_y_step(unit / 2, ruler) * unit / 2):
        return ruler
    label_step = ruler.step * ruler.every
    labels = math.floor(radius / label_step + 1e-9)
    widest = max(len(num(-k * label_step, 3)) for k in range(labels + 1))
    cols = math.floor(ruler.step * unit + 1e-9)  # the x step's columns
    for fewer in (cols, cols - 1):
        narrower = fewer / ruler.step
        if narrower < unit * (1 - THINNER_MOST) - 1e-9 or fewer * ruler.every < widest + LABEL_GAP:
            break
        if _whole(_y_step(narrower / 2, ruler) * narrower / 2):
            return replace(ruler, shrink=narrower / unit_cols)
    return ruler


def _y_step(unit_rows: float, ruler: Ruler) -> float:
    """The y ruler's step as `_y_marks` first takes it, its rows whole or not."""
    step = ruler.step * max(math.ceil(2 / (ruler.step * unit_rows) - 1e-9), 1)
    every = ruler.every * ruler.step  # a multiple of the x labels' step: −4 0 4 on both
    return every * math.ceil(step / every - 1e-9)


def _y_marks(radius: float, unit_rows: float, ruler: Ruler) -> tuple[float, dict[int, str]]:
    """The y ruler's step and its labels by multiple (−2: "−4"): the x ruler's step, or a
    multiple of its labels' (2 above, −2 below, as the aim's y reads; rows are half as fine
    as columns, and two labels on rows side by side read as one), as far as the radius; a
    whole number of rows apart where twice the step is (rows round off: 7.5 rows apart
    were drawn 7, 8, 8, 7)."""
    step = _y_step(unit_rows, ruler)
    if not _whole(step * unit_rows) and _whole(2 * step * unit_rows):
        step *= 2
    count = math.floor(radius / step + 1e-9)
    return step, {
        k: (MINUS if k < 0 else "") + num(float(f"{abs(k) * step:.12g}"), 3)
        for k in range(-count, count + 1)
    }


def _y_scale(
    raster: Raster,
    radius: float,
    bull: tuple[int, int],
    unit_rows: float,
    ruler: Ruler,
    darts: set[tuple[int, int]],
    rows: int,
) -> None:
    """A ruler up the board's left side for a board of two axes: y = 0 on the bull's row,
    marks as `_y_marks` gives them: five or more where the rows hold them, else three (−4 0
    4 on a won windy board at 80×24). Where the board leaves no room on its left (`_frame`
    keeps it where it can), none; a label a dart's cell would write over, left out (never
    read as "32"); on the board's `rows`, not the x ruler's (a label beyond them goes with
    its twin)."""
    cx, cy = bull
    line = nearest_cell(cx - radius * unit_rows * 2) - 2  # two columns clear of the rings
    step, labels = _y_marks(radius, unit_rows, ruler)
    on_rows = _y_labels_shown(radius, (cx, cy, 2 * unit_rows, ruler), rows)
    if on_rows < 3 or line - max(map(len, labels.values())) < 0:
        return  # no mark but 0 on the rows, or no room on its left
    top, bottom = nearest_cell(cy - radius * unit_rows), nearest_cell(cy + radius * unit_rows)
    for row in range(max(top, 0), min(bottom, rows - 1) + 1):
        if (line, row) not in darts:
            raster.put(line, row, "│", "axis")
    for k in range(len(labels) // 2 + 1):  # both of ±k or neither, as the ruler below
        marks = [(labels[j], cy - _rows_off(j, step, unit_rows)) for j in {k, -k}]
        cells = {(c, row) for text, row in marks for c in range(line - len(text), line)}
        if all(0 <= row < rows for _, row in marks) and not cells & darts:
            for text, row in marks:
                raster.text(line - len(text), row, text, "axis")
                raster.put(line, row, "┤", "axis")


def _scale(
    raster: Raster, pic: BoardPicture, cx: int, row: int, unit_cols: float, step: float
) -> int:
    """A ruler on the bottom row across the board, the bull's column at 0: round distances
    `step` apart each way (−4 −2 0 2 4, as the aim reads: from the bull outwards alone it
    had 3 marks), each label's digits on its distance's column, a minus sign before them;
    never two labels touching (LABEL_GAP columns of rule before a minus, one before a
    digit). The rule runs from the board's rim, or from the outermost marks labelled: no
    rule hangs past a minus ("──−4" read as a longer dash). Returns how many labels it has."""
    start = nearest_cell(cx - pic.radius * unit_cols)
    edge = nearest_cell(cx + pic.radius * unit_cols)
    count = math.floor(pic.radius / step + 1e-9)
    labels: list[tuple[int, int, str]] = []  # each ±k's columns, and its digits
    lo, hi = cx, cx  # the columns the labels drawn so far reach, each way
    for k in range(1, count + 1):
        # from the bull's column, rounding halves away from it (round() would alternate)
        cols = math.floor(k * step * unit_cols + 0.5)
        text = num(float(f"{k * step:.12g}"), 3)
        left, right = cx - cols - len(text), cx + cols  # "−2" ends on its mark, "2" starts
        # both or neither (a ruler lopsided at the board's edge read −5 0 5 10), and never
        # touching the label inside it (−20020 on a small board)
        if left < 0 or right + len(text) > raster.width:
            break
        if left + len(text) > lo - 1 - LABEL_GAP or right < hi + 2:
            break
        labels.append((left, right, text))
        lo, hi = left, right + len(text) - 1
    if labels:
        start, edge = labels[-1][0] + len(labels[-1][2]), labels[-1][1]
    raster.text(max(start, 0), row, "─" * (max(edge - max(start, 0), 0) + 1), "axis")
    raster.text(cx, row, "0", "axis")
    for left, right, text in labels:
        raster.text(left, row, MINUS + text, "axis")
        raster.text(right, row, text, "axis")
    return 2 * len(labels) + 1
