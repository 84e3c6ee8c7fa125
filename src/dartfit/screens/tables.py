"""The columns of figures a wide screen shows beside its HUD: each point's miss (x, y, the
line's ŷ, the miss e = y − ŷ and its square e², the parts the MSE is the mean of: PhET's
Least-Squares Regression shows them as squares, here they are the squares' areas too),
and the steps of a walk down the bowl. Plain functions of the numbers: the screens
choose the columns and give the room."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise

import numpy as np

from dartfit.core.arrays import FloatArray
from dartfit.wording import (
    alike,
    bar,
    column,
    count,
    fixed_decimals,
    grouped_alike,
    num,
    reads_plain,
    signed,
    steady,
    whole_percents,
    with_sign,
)

GLOSS_AT = 16
"""The column a wide HUD's glosses start at ("m = 0.20        slope"), where they fit."""


def glossed(line: str, gloss: str, wide: bool) -> str:
    """A HUD line with what its number is, in a column of its own, on a wide screen (the
    glosses all start in one column, or two spaces after a long number)."""
    if not wide:
        return line
    return f"{line.ljust(GLOSS_AT - 2)}  {gloss}"


PICKED = "▶"
"""Before the row of the point the keys move."""
LARGEST = "◀"
"""After the row of the largest square: the point that costs most."""
SHARE_BAR = 10
"""Cells of a point's share bar at 100 %."""
HEAD_ROWS = 2
"""The rows over the points: what the table is, and its columns' names."""


@dataclass(frozen=True)
class Columns:
    """Which columns a table has beyond pt, y, ŷ, e and e²."""

    x: bool = True  # a constant's guess has no x to show beside each y
    absolute: bool = False  # |e|, where the MAE is scored
    shares: bool = False  # each e²'s share of Σe², as a percent and a bar
    hidden: bool = False  # the misses are the answer (a "which point" level): shown as ?
    more: tuple[tuple[str, tuple[float, ...]], ...] = ()  # further columns: name, each point's
    said: tuple[str, tuple[str, ...]] | None = None  # a last column of words: name, each's


def largest(squares: FloatArray, rows: int, picked: int | None = None) -> list[int]:
    """The points a table of `rows` rows lists: all of them where they fit; else those of
    the largest squares, and the point `picked` whatever its square, in the data's order
    (the order of the chart's points)."""
    n = squares.size
    if n <= rows:
        return list(range(n))
    rows = max(rows, 1)
    keep = {int(i) for i in np.argpartition(-squares, rows - 1)[:rows]}
    if picked is not None and picked not in keep:
        smallest = min(keep, key=lambda i: (float(squares[i]), -i))
        keep = (keep - {smallest}) | {picked}
    return sorted(keep)


DATA_DECIMALS = 4
"""The most decimals a column of data is written to as it is (x = 0.55 beside 12)."""


def _reads_back(value: float, decimals: int) -> bool:
    """Whether `value` to `decimals` places is the value itself (to its last bits)."""
    return abs(round(value, decimals) - value) <= 1e-9 * max(1.0, abs(value))


def data_column(values: FloatArray) -> list[str]:
    """The data's own numbers, each to the fewest decimals (up to DATA_DECIMALS) that show
    every one as it is, all alike (0.55 and 12.00: `column` to three digits read 0.6);
    where none will do, as `column` writes them."""
    plain = [float(v) for v in values]
    for decimals in range(DATA_DECIMALS + 1):
        if all(reads_plain(v, decimals) and _reads_back(v, decimals) for v in plain):
            return grouped_alike([fixed_decimals(v, decimals) for v in plain])
    return column(plain, 4)


def aligned(columns: Sequence[Sequence[str]]) -> list[str]:
    """Rows of columns, each right-aligned to its widest cell, two spaces apart, each
    column's numbers grouped alike (`grouped_alike`: −12,634 over −2670.2 had read as
    another kind of number). A column apart from the others: grouped with a y of 15,000,
    an x of years read "1,990"."""
    columns = [grouped_alike(column_) for column_ in columns]
    widths = [max(map(len, cells)) for cells in columns]
    return [
        "  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in zip(*columns, strict=True)
    ]


def table(
    x: FloatArray,
    y: FloatArray,
    e: FloatArray,
    rows: int,
    picked: int | None = None,
    columns: Columns = Columns(),
) -> list[str]:
    """The columns' names, then a row per point (at most `rows`: see `largest`), the point
    `picked` marked ▶, the largest square ◀ (unless hidden)."""
    squares = e * e
    hide = columns.hidden
    # hidden misses: the first rows, not the largest (which would give the answer away)
    at = list(range(min(rows, squares.size))) if hide else largest(squares, rows, picked)
    ys = column([float(v) for v in (*y[at], *(y - e)[at])], 4)  # y and ŷ read together
    cells: list[list[str]] = [["pt", *(str(i + 1) for i in at)]]
    if columns.x:
        cells.append(["x", *data_column(x[at])])
    cells += [["y", *ys[: len(at)]], ["ŷ", *ys[len(at) :]]]
    unknown = ["?"] * len(at)
    misses = [with_sign(text) for text in column([float(v) for v in e[at]], 4)]
    cells.append(["e", *(unknown if hide else misses)])
    cells.append(["e²", *(unknown if hide else column([float(v) for v in squares[at]], 5))])
    if columns.absolute:
        cells.append(["|e|", *column([float(v) for v in np.abs(e[at])], 4)])
    for name, values in columns.more:
        cells.append([name, *column([values[i] for i in at], 4)])
    if columns.shares:
        total = float(np.sum(squares))
        percents = whole_percents([float(v) / total if total > 0 else 0.0 for v in squares])
        cells.append(["share", *(("?" if hide else f"{percents[i]}%") for i in at)])
    top = int(np.argmax(squares)) if squares.size and not hide else None
    lines = aligned(cells)
    if columns.said is not None:  # words, left-aligned after the figures
        said = [columns.said[0], *(columns.said[1][i] for i in at)]
        wide = max(map(len, said))
        lines = [f"{line}  {text.ljust(wide)}" for line, text in zip(lines, said, strict=True)]
    if columns.shares and not hide:
        most = float(np.max(squares))
        bars = [bar(float(squares[i]), most, SHARE_BAR) for i in at]
        rows_of = zip(lines[1:], bars, strict=True)
        lines = [lines[0], *(f"{line}  {drawn}" for line, drawn in rows_of)]
    marked = [
        (PICKED if i == picked else " ") + line + (f" {LARGEST}" if i == top else "")
        for line, i in zip(lines[1:], at, strict=True)
    ]
    return [" " + lines[0], *marked]


def with_foot(
    x: FloatArray,
    y: FloatArray,
    e: FloatArray,
    foot: list[str],
    rows: int,
    picked: int | None = None,
    columns: Columns = Columns(),
) -> list[str]:
    """A wide screen's column: what it lists, the table (`table`) in the `rows` its `foot`
    (how its figures add up) leaves, a blank, and the foot."""
    room = rows - HEAD_ROWS - len(foot) - 1  # 1: the blank over the foot
    body = table(x, y, e, max(room, 1), picked, columns)
    return [title(x.size, len(body) - 1), *body, "", *foot]


def title(n: int, shown: int) -> str:
    """What the table lists: every point's miss, or the largest squares of many (at its
    widest, for the width a column holds in a play: all but one of them, `title(n, n − 1)`,
    as a table of every point has the short title)."""
    if shown >= n:
        return "each point's miss e = y − ŷ"
    return f"the {shown} largest e² of {count(n)} points"


def sums(
    n: int, sse: float, mse: float, mae: tuple[float | None, float] | None = None
) -> list[str]:
    """How the column of squares adds up to the MSE, the mean as the HUD shows it beside;
    `mae`: the MAE (None: not known yet) and Σ|e|, to say the same of the |e|."""
    lines = [f"Σe² = {num(sse)}", f"MSE = Σe² ÷ {count(n)} = {steady(mse)}"]
    if mae is not None and mae[0] is not None:
        lines += [f"Σ|e| = {num(mae[1])}", f"MAE = Σ|e| ÷ {count(n)} = {steady(mae[0])}"]
    return lines


Step = tuple[int, tuple[float, float, float]]
"""A step of a walk by its number, and where it stood: (m, b, MSE)."""


WALKS = "both walks, step by step"
"""Over the kink's table of its two walks."""
WALK = "the walk, step by step"
"""Over the bowl's table of its walk."""


def two_walks(mse: Sequence[float], mae: Sequence[float], rows: int) -> list[str]:
    """The last steps of two descents on one number c that fit in `rows` rows (with the
    two over them): at each, where each stood and how far it had just stepped; the MSE's
    steps shrink, the MAE's stay one size."""
    first = max(len(mse) - max(rows - HEAD_ROWS, 1), 1)
    if first >= len(mse):
        return [WALKS, "", "no step yet"]
    return [WALKS, *aligned(two_walks_cells(mse, mae, range(first, len(mse))))]


def two_walks_cells(mse: Sequence[float], mae: Sequence[float], at: range) -> list[list[str]]:
    """`two_walks`' columns, each its name and its cells, for the steps `at`."""
    cells = [["step", *(str(k) for k in at)]]
    for name, path in (("MSE's", mse), ("MAE's", mae)):
        cells.append([f"{name} c", *column([path[k] for k in at], 5)])
        # each to its own digits: the MSE's shrink to 4.8e−6 (to the first's place: 0.00)
        steps = [abs(path[k] - path[k - 1]) for k in at]
        cells.append(["|Δc|", *alike(steps, [num(step, 2) for step in steps], 2)])
    return cells


def walk(steps: Sequence[Step], names: tuple[str, str], rows: int) -> list[str]:
    """The walk's last steps that fit in `rows` rows (with the two over them), as many as it
    has: each one's m, b and MSE, and how much the MSE fell (or rose) at it."""
    return [WALK, *aligned(walk_cells(list(steps)[-max(rows - HEAD_ROWS, 1) :], names))]


def walk_cells(shown: Sequence[Step], names: tuple[str, str]) -> list[list[str]]:
    """`walk`'s columns, each its name and its cells, for the steps `shown`."""
    mse = [point[2] for _, point in shown]
    changes = [b - a for a, b in pairwise(mse)]
    change = [signed(b - a, 3, max(abs(a), abs(b))) for a, b in pairwise(mse)]
    # each column written alike: 16,107 under 6900 had read as another kind of number
    columns = [
        column([point[0] for _, point in shown], 5),
        column([point[1] for _, point in shown], 5),
        alike(mse, [num(value) for value in mse]),
        alike(changes, change, 3),
    ]
    # and the walk's numbers grouped alike as one table, the steps' count aside (m read
    # −12,634 beside b −2670.2, and an MSE of 1982 stood under a b of −1,161)
    cells = grouped_alike([cell for cells in columns for cell in cells])
    ends = list(accumulate(len(cells) for cells in columns))
    m, b, mses, rises = (cells[end - len(c) : end] for c, end in zip(columns, ends, strict=True))
    return [
        ["step", *(str(k) for k, _ in shown)],
        [names[0], *m],
        [names[1], *b],
        ["MSE", *mses],
        ["change", "", *rises],
    ]


def widest_row(tables: Sequence[Sequence[Sequence[str]]]) -> str:
    """A row as wide as the widest the tables' columns could make together (each table its
    columns, as `aligned` takes them, alike in number): each column's widest cell of all,
    side by side. A column's width follows the numbers in view (their decimals), so the
    widest row of a play can join cells that no one table shows."""
    return aligned([[max((cell for table in tables for cell in table[k]), key=len)]
                    for k in range(len(tables[0]))])[0]  # fmt: skip


def the_points(x: FloatArray | None, y: FloatArray, rows: int) -> list[str]:
    """A guess round's points before its answer, in numbers (what the chart shows): each
    one's x (`x` None: a constant's, which has none) and y, the first of them that fit in
    `rows` rows; each miss comes with the answer (`two_lines`, `with_foot`)."""
    at = list(range(min(max(rows - HEAD_ROWS, 1), y.size)))
    cells = [["pt", *(str(i + 1) for i in at)]]
    if x is not None:
        cells.append(["x", *data_column(x[at])])
    cells.append(["y", *data_column(y[at])])
    return [points_title(y.size, len(at)), *(" " + row for row in aligned(cells))]


def points_title(n: int, shown: int) -> str:
    """What `the_points` lists: every point, or the first of many."""
    listed = "each point" if shown >= n else f"the first {shown} of {count(n)} points"
    return f"{listed}: its miss comes with the answer"


def two_lines(
    x: FloatArray, y: FloatArray, e: Sequence[FloatArray], mse: Sequence[float], rows: int
) -> list[str]:
    """Two lines' misses at each point (e₁ from line 1, e₂ from line 2) and their squares,
    then how each column of squares adds up to that line's MSE, in `rows` rows: which line
    has the lower MSE, point by point."""
    n = y.size
    foot = [f"line {k}: MSE = Σe{sub}² ÷ {count(n)} = {steady(v)}" for k, sub, v in
            ((1, "₁", mse[0]), (2, "₂", mse[1]))]  # fmt: skip
    at = list(range(min(max(rows - HEAD_ROWS - len(foot) - 1, 1), n)))
    cells = [["pt", *(str(i + 1) for i in at)], ["x", *data_column(x[at])]]
    cells.append(["y", *data_column(y[at])])
    squares = [each * each for each in e]
    scale = max(float(np.max(np.abs(each))) for each in e)
    for sub, each, square in zip("₁₂", e, squares, strict=True):
        cells.append(
            [f"e{sub}", *(with_sign(t) for t in column([float(v) for v in each[at]], 4, scale))]
        )
        cells.append([f"e{sub}²", *column([float(v) for v in square[at]], 5, scale * scale)])
    body = [" " + row for row in aligned(cells)]
    return [lines_title(n, len(at)), *body, "", *foot]


def lines_title(n: int, shown: int) -> str:
    """What `two_lines` lists: every point's two misses, or the first points' of many."""
    listed = "each point's miss" if shown >= n else f"the first {shown} of {count(n)} points"
    return f"{listed} from line 1 (e₁) and 2 (e₂)"
