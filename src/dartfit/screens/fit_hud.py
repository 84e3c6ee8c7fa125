"""The line screen's words: its HUD, its formula, its help and what the win says of the best
lines. Plain functions of the level, the line and the numbers the screen holds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import partial

import numpy as np
from rich.cells import cell_len

from dartfit import core
from dartfit.core.arrays import FloatArray
from dartfit.levels import Level, per_level
from dartfit.pictures.fit import OVERLAP
from dartfit.rules import fit, linear, scoring
from dartfit.rules.fit import FitState
from dartfit.rules.linear import Steps
from dartfit.screens import tables
from dartfit.wording import (
    FIXED_LEAST,
    alike,
    decimals_of,
    each_alike,
    fixed_or_num,
    grid_decimals,
    kept,
    line_numbers,
    mae_formula,
    mse_formula,
    num,
    shown_beside,
    steady,
    step_sizes,
    told_apart,
    typeset_line,
)

BestLines = Mapping[str, tuple[float, float] | None]
"""The best lines by name ("best MSE line"); None: still being searched for."""

PICTURED_SQUARES = re.compile(r"(?<!of )(?<![Ll]east )\bsquares?\b")
"""A win text that speaks of the chart's penalty squares ("the squares shrank"), not of a
sum (or mean) of squares or least squares: with the squares off, the win says how to see
them (a player's review: "the penalty squares shrank" with none on screen)."""

SQUARES = (
    "Each point's miss is drawn as a square whose area is the squared miss; the MSE is their "
    "average. "
)
SHADES = (
    "So many points share each cell here that the chart shades the cells by how many fall in "
    "them (░ few, █ many) and draws no squares: the MSE is still the average of every "
    "point's squared miss. "
)
"""Said in place of `SQUARES` (and the squares' overlap) where the chart is shaded
(`fit.shaded`): Galton's heights' help spoke of squares its chart never draws."""
COSTS_STARS = "costs stars (you keep at most one); once you have won, the win shows "
HELP = (
    "Nudge the line ŷ = m·x + b until its MSE beats the target, or drag it with the "
    "mouse: by its middle to shift it, by an end to turn it. "
    + SQUARES
    + f"Showing the best line {COSTS_STARS}it beside yours for free."
    + OVERLAP
)
HELP_CONSTANT = (
    "Move the guess ŷ = b, one number for every point, up and down until its score beats "
    "the target, or drag it with the mouse. "
    + SQUARES
    + f"Showing the best guesses {COSTS_STARS}them for free."
    + OVERLAP
)
FREE_ON_OWN_DATA = "Here the best line is free to see: no stars are kept on your own data."
"""Said of the best line in place of its cost where the data is the player's own
(the help said it "costs stars", which it never does there)."""
MOVE_POINTS = (
    " On your own data you can drag a point anywhere too: the squares, the MSE, the "
    "best line and the target follow the moved data, and u puts the point back. From "
    "the keyboard, tab picks a point (shift+tab the one before) and the arrows move it "
    "(shift: finer up and down); tab past the last point gives the arrows back to the "
    "line."
)
NO_MOVING_POINTS = (
    f" Your data has more than {fit.BIG:,} points: they can't be dragged (each move would "
    "go over all of them again); the line can."
)


def help_prose(home: Level, help_text: str) -> str:
    """The help's prose: for a constant, no slope; on a shaded chart, its shades, not squares;
    on the player's own data, a best line free to see and what dragging a point does (or
    that it can't be done on big data). `help_text`: the screen's HELP."""
    said = HELP_CONSTANT if home.spec.model.shape == "constant" else help_text  # no slope
    moved = MOVE_POINTS if fit.points_move(home) else NO_MOVING_POINTS
    if fit.shaded(home):  # no squares to speak of
        said = said.replace(SQUARES, SHADES).replace(OVERLAP, "")
        moved = moved.replace("the squares, ", "")
    if home.id != linear.SANDBOX:
        return said
    said = re.sub(f"Showing [^.]*? {re.escape(COSTS_STARS)}[^.]*\\.", FREE_ON_OWN_DATA, said)
    return said + moved + (TURNS_ABOUT_MEANS if linear.centre(home) else "")


TURNS_ABOUT_MEANS = (
    " ← and → turn the line about the data's means (x̄, ȳ), so that on data far from x = 0 the"
    " slope keys do not swing it off the points; m and b stay the line's own slope and"
    " intercept."
)
"""What the HUD's "← → turn about means" says, in the help too (the HUD lets it go first
where it has no room for its numbers)."""


def best_lines(
    level: Level, home: Level, shows_mae: bool, mae_line: tuple[float, float] | None
) -> dict[str, tuple[float, float] | None]:
    """The best line(s) to reveal: on mae levels both the MSE and the MAE optimum.

    On big data, and on data with a point moved (each drag step would wait for it), the
    MAE optimum is `mae_line`, None until its thread has found it."""
    if not shows_mae:
        return {f"best {level.spec.target.metric.upper()} line": linear.best_fit(level)}
    constant = level.spec.model.shape == "constant"
    slow = (fit.is_big(level) or level is not home) and not constant
    return {
        "MSE best" + (" (mean)" if constant else " line"): linear.best_fit(level, "mse"),
        "MAE best" + (" (median)" if constant else " line"): (
            mae_line if slow else linear.best_fit(level, "mae")
        ),
    }


def line_shown(
    level: Level,
    state: FitState,
    steps: Steps,
    least: tuple[int, int],
    score: fit.FitScore | None = None,
) -> tuple[tuple[str, str], tuple[int, int]]:
    """The player's m and b for the HUD: to their steps' decimals, and never fewer than
    `least`, the most shown before (a line turned about x̄ may need a few more once: from
    then on they stay, rather than come and go with each press). With them, the new most.
    `score`: the line's own (`fit.score`), whose MSE is then not worked out again."""
    scale = (steps.m, steps.b)
    loss = partial(linear.line_mse, level)
    if score is not None and not fit.is_big(level):  # (on big data line_mse is O(1))
        loss = partial(fit.known_mse, loss, state, score)
    shown = line_numbers(state.m, state.b, loss, 4, scale, least)
    dm, db = decimals_of(*shown)
    return shown, (max(dm, least[0]), max(db, least[1]))


def best_line_shown(level: Level, line: tuple[float, float]) -> tuple[str, str]:
    """A best line's m and b as the HUD and the win write them: to four digits, or each to
    as many more as the line's MSE needs to read as its own (on y near 1e15, the MSE and
    MAE best lines both read b = 1.000e15, the player's line on it b = 9.999998e14)."""
    return line_numbers(*linear.shown_fit(level, line), partial(linear.line_mse, level))


def best_lines_shown(level: Level, lines: Sequence[tuple[float, float]]) -> list[tuple[str, str]]:
    """Best lines' m and b, one line under another, as `best_line_shown` writes each, the
    m's written alike and the b's (each a quantity of its own, as a table's column): on
    years against prices, "m = 1266.24, b = −2.509e6" stood over "m = 1,237.8824,
    b = −2,451,903"."""
    return written_alike(level, lines, [best_line_shown(level, line) for line in lines])


def written_alike(
    level: Level, lines: Sequence[tuple[float, float]], shown: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Lines' m and b `shown` each as `best_line_shown` writes it, the m's then written
    alike and the b's (`best_lines_shown`)."""
    fitted = [linear.shown_fit(level, line) for line in lines]
    slopes = each_alike([m for m, _ in fitted], [slope for slope, _ in shown])
    heights = each_alike([b for _, b in fitted], [height for _, height in shown])
    return list(zip(slopes, heights, strict=True))


def point_shown(home: Level, x: float, y: float) -> tuple[str, str]:
    """A picked point's x and y, each to the decimals of the step the keys move it by
    where that shows more than `num` would: 1990.7 (num's 1991 stood for three presses
    of ±0.2)."""
    across, up = fit.point_steps(home)
    shown = []
    for value, step in ((x, across), (y, up / 10)):  # shift: a tenth of a step up
        decimals = grid_decimals(step)
        text = num(value)
        # (a step finer than FIXED_LEAST: data `num` writes in e-notation, x = 0 as 0, not
        # 0.0000000 beside y = 1.304e−8)
        if decimals is not None and decimals > decimals_of(text)[0] and step >= FIXED_LEAST:
            text = fixed_or_num(value, decimals)
        shown.append(text)
    return shown[0], shown[1]


def shift_line(point: int | None) -> str:
    """What shift does to a press: a picked point's steps across stay whole."""
    return "shift: ÷10" if point is None else "shift: y ÷10"


def steps_line(level: Level, home: Level, steps: Steps, point: int | None) -> str:
    """What one arrow press moves, as the HUD says it: the line, or the picked point."""
    if point is not None:
        across, up = fit.point_steps(home)
        return f"steps x ±{num(across)} y ±{num(up)}"
    constant = level.spec.model.shape == "constant"
    return step_sizes(None if constant else steps.m, steps.b)


CENTRE_MOST = 10
"""The most significant digits a centre (x̄, ȳ) is shown to (`centre_digits`)."""


def centre_digits(centre: float, values: FloatArray) -> int:
    """The fewest significant digits (4 to CENTRE_MOST) that tell `centre` from the least
    and the greatest of `values`: offset2.csv's x̄ read 1.000e15 as its every x did, where
    they spread 4e10 (an independent check); its axis, given +1e15, showed the spread."""
    ends = {float(np.min(values)), float(np.max(values))} - {centre}
    told = (d for d in range(4, CENTRE_MOST) if all(num(centre, d) != num(v, d) for v in ends))
    return next(told, CENTRE_MOST)


@per_level  # asked at every key; the data's ends are looked through once
def centre_shown(level: Level) -> tuple[str, str]:
    """The data's centre (x̄, ȳ) as the HUD shows it: each to the digits that tell it from
    its data's ends (`centre_digits`), the two written `alike` but each grouped as its own:
    x and y are two quantities, and a year's x̄ read 2,005 beside a ȳ of 18,348."""
    means = linear.mean_point(level)
    digits = [centre_digits(v, data) for v, data in zip(means, (level.x, level.y), strict=True)]
    shown = [num(v, d) for v, d in zip(means, digits, strict=True)]
    x_bar, y_bar = alike(means, shown, digits, grouped=False)
    return x_bar, y_bar


TURN_ABOUT = "← → turn about means"
"""The slope keys' pivot, named as what it is, over (x̄, ȳ) and their values: x̄ stood
unexplained in a student's first real data (the crickets), and then ȳ beside "mean x̄"."""


def spare_lines(
    level: Level, home: Level, steps: Steps, point: int | None, presses: int
) -> tuple[str, ...]:
    """The HUD's reminders, in the order they go where the HUD has no room for all its
    lines (a sandbox of numbers like −2.973e14, its best lines revealed, at 80×24):
    the keys' steps and the rule are in the help too."""
    metric = level.spec.target.metric.upper()
    return (
        shift_line(point),
        f"({metric} ≤ target wins)",
        steps_line(level, home, steps, point),
        # the sandbox's pivot last: its best lines at 80×24 with two rows of key under the
        # chart cut the MAE line's b, and the help says the keys turn about the means too
        *([] if point is not None else centre_lines(level)),
        # and its count of presses, which earns nothing there (no stars on your own data):
        # with a point picked and moved at 80×24, the best lines' numbers wrap and the MAE
        # line's b was cut below the picked point's (x, y)
        *([presses_line(level, presses)] if home.id == linear.SANDBOX else []),
        # and the picked point's number, last: the chart marks it (◉) and (x, y) says where
        # it is; years against prices at 80×24, a point picked, both best lines wrapped, cut
        # the MAE line's b off the HUD's foot even with every reminder gone
        *([] if point is None else [point_line(level, point)]),
    )


def point_line(level: Level, point: int) -> str:
    """Which point the arrows move, of how many."""
    return f"point {point + 1} of {level.x.size}"


def presses_line(level: Level, presses: int) -> str:
    """The HUD's count of key presses, with the level's par where it has one."""
    par = level.spec.stars.par
    return f"presses {presses}" + (f" (par {par})" if par else "")


def centre_lines(level: Level) -> list[str]:
    """The sandbox's: what the slope keys turn the line about, the data's centre (none on a
    level whose keys turn it about x = 0)."""
    pivot = linear.centre(level)
    if not pivot:
        return []
    if pivot == linear.mean_point(level)[0]:
        means = kept(f"({', '.join(centre_shown(level))})")  # wrapped whole, never mid-pair
        return [TURN_ABOUT, f"{kept('(x̄, ȳ)')} = {means}"]
    # a point dragged across: the keys still turn about the x̄ it had
    return ["← → turn it about", f"x = {num(pivot, centre_digits(pivot, level.x))}"]


def hud_lines(
    level: Level,
    home: Level,
    state: FitState,
    s: fit.FitScore,
    *,
    line: tuple[str, str],
    steps: Steps,
    target: float | None,
    shows_mae: bool,
    point: int | None,
    best: BestLines | None,
    wide: bool = False,
) -> list[str]:
    """The HUD: the line (`line`: its m and b as shown), its score against the target, the
    keys' steps, the picked point, and the best lines where they are shown (`best`; None:
    not shown). `wide`: a wide screen's, each number said with what it is (`glossed`)."""
    constant = level.spec.model.shape == "constant"
    metric = level.spec.target.metric.upper()
    lines = [("ŷ = b" if constant else "ŷ = m·x + b"), ""]
    slope, height = line
    if wide:  # the line with its numbers in, as the chart draws it
        lines[1:] = [typeset_line("0" if constant else slope, height), ""]
    if not constant:
        lines.append(tables.glossed(f"m = {slope}", "slope", wide))
    # the level's metric and its target read apart where they differ ("MSE = 1.375" over
    # "target 1.375", not met)
    value, goal = told_apart(s.value, target)
    lines += [tables.glossed(f"b = {height}", "height" if constant else "intercept", wide), ""]
    mse = value if metric == "MSE" else steady(s.mse)
    lines.append(tables.glossed(f"MSE = {mse}", "mean of e²", wide))
    if shows_mae or metric == "MAE":
        if s.mae is None:
            lines.append("MAE = computing…")
        else:
            mae = value if metric == "MAE" else steady(s.mae)
            lines.append(tables.glossed(f"MAE = {mae}", "mean of |e|", wide))
    if target is not None:
        mark = "✓" if scoring.beaten(level, s.value) else " "
        lines.append(f"target {goal} {mark}")
        lines.append(f"({metric} ≤ target wins)")
    lines += ["", presses_line(level, state.presses)]
    lines += ["", steps_line(level, home, steps, point), shift_line(point)]
    if point is not None:  # the arrows move this point, not the line
        x, y = float(level.x[point]), float(level.y[point])
        where = kept(f"({', '.join(point_shown(home, x, y))})")
        lines += [point_line(level, point), f"{kept('(x, y)')} = {where}"]
    else:
        lines += centre_lines(level)
    if best is not None:
        lines.append("")
        found_lines = [found for found in best.values() if found is not None]
        shown = iter(best_lines_shown(level, found_lines))
        for name, found in best.items():
            said = "computing…" if found is None else line_said(constant, *next(shown))
            lines += [f"{name}:", f"  {said}"]
        if state.revealed:
            lines.append("(revealed: max 1 ★)")
    return lines


def misses_lines(
    level: Level, s: fit.FitScore, absolute: bool, point: int | None, rows: int
) -> list[str]:
    """A wide screen's table of each point's miss beside the HUD, in `rows` rows, and how
    its squares add up to the MSE (`absolute`: its |e| to the MAE too). None on big data,
    whose misses are not worked out at each nudge."""
    if s.residuals is None:
        return []
    n = level.x.size
    total = float(np.sum(np.abs(s.residuals)))
    foot = tables.sums(n, s.sse, s.mse, (s.mae, total) if absolute else None)
    columns = tables.Columns(x=level.spec.model.shape != "constant", absolute=absolute)
    return tables.with_foot(level.x, level.y, s.residuals, foot, rows, point, columns)


def held_lines(
    level: Level, bounds: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """Lines whose misses are as wide as the misses column is to hold in a play: the start,
    the best, and lines across the chart's view (`bounds`: x from, to, y from, to) and a
    span of y beyond it, above and below (each miss, each ŷ and e² written their widest)."""
    x0, x1, y0, y1 = bounds
    span = y1 - y0
    low, high = y0 - span, y1 + span
    lines = [linear.start_line(level), linear.best_fit(level, "mse"), (0.0, low), (0.0, high)]
    if level.spec.model.shape != "constant" and x1 > x0:  # and steep both ways
        slope = (high - low) / (x1 - x0)
        lines += [(slope, low - slope * x0), (-slope, high + slope * x0)]
    return lines


MOST_TERMS = 12
"""The most terms a formula writes out, on a wide screen: each more is a cell or twenty."""


def formula_text(
    level: Level, state: FitState, s: fit.FitScore, shows_mae: bool, room: int, most: int = 2
) -> str:
    """The MSE formula with this level's numbers (and MAE's on mae levels): the first
    `most` points' terms (all of them on a wide screen, up to MOST_TERMS), or as many as
    fit in `room` cells, at least one (numbers like −2.62e10 at 80 columns: the MAE line
    wrapped and was cut)."""
    n = level.x.size
    most = max(1, min(most, n, MOST_TERMS))
    y = level.y[:most]
    pred = core.fitted_values(level.x[:most], state.m, state.b)  # round-off as 0
    for terms in range(most, 0, -1):
        formula = mse_formula(y, pred, s.mse, terms, n=n)
        if shows_mae:
            formula += "\n" + mae_formula(y, pred, s.mae, terms, n=n)
        if all(cell_len(line) <= room for line in formula.split("\n")):
            break
    return formula


def on_the_line(level: Level, state: FitState | None, steps: Steps, m: float, b: float) -> bool:
    """Whether the player's line is a best line (m, b) as near as the keys go: within
    half a fine step of it, in slope and in height where the slope keys turn it.
    Anscombe's won line (b = 3.0) lay on the best (b = 3.001), said apart from it."""
    if state is None:
        return False
    c = linear.centre(level)
    fine_m, fine_b = steps.m / 10, steps.b / 10
    near_m = level.spec.model.shape == "constant" or abs(state.m - m) <= fine_m / 2
    return near_m and abs(state.b + state.m * c - (b + m * c)) <= fine_b / 2


def line_said(constant: bool, slope: str, height: str) -> str:
    """A line's m and b as the HUD and the win write them, "m = 1.98, b = 0.75" (a constant's
    b alone), each pair whole on its row."""
    b_is = kept(f"b = {height}")
    return b_is if constant else f"{kept(f'm = {slope},')} {b_is}"


def best_said(
    level: Level,
    state: FitState | None,
    steps: Steps,
    best: BestLines,
    show_squares: bool,
    line: tuple[str, str] | None = None,
) -> list[str]:
    """What the win says of the line that won (`line`: its m and b as the HUD showed them)
    and of the best lines drawn beside it, each with its MSE, and of the squares its text
    speaks of when they are hidden. A line is named by what it is, not by its ink: the
    chart's legend says which ink is which at the size the chart has beside the panel.
    The panel said "Dotted: the best MSE line" where no dotted cell was drawn (fine-tune and
    likely-line won at 80×24, the best line within a dot row of the player's, under it); and
    it gave the best line's m and b but not the player's, whose HUD it hid (a player's pass)."""
    constant = level.spec.model.shape == "constant"
    said = []  # one line each, "The best MSE line: m = 1.98, b = 0.75, MSE 0.687": the name
    # once (it read "Dotted: the best line · best MSE line: m = …")
    found_lines = [(name, found) for name, found in best.items() if found is not None]
    best_mse = [linear.line_mse(level, *found) for _, found in found_lines]
    mses = [steady(mse) for mse in best_mse]
    if state is not None and line is not None:
        # the two MSEs to the digits that tell them apart, as the win's "Your MSE" is told
        # from "best possible"
        yours, mses = shown_beside(fit.score(level, state).mse, best_mse)
        mine_is = "Your guess" if constant else "Your line"
        said.append(f"{kept(f'{mine_is}:')} {line_said(constant, *line)}, {kept(f'MSE {yours}')}")
    # the player's line as a best line is written: drawn on one, it is not seen apart
    # (median-guess's won line and the dashed median read as one line)
    mine = best_line_shown(level, (state.m, state.b)) if state is not None else None
    founds = [found for _, found in found_lines]
    each = [best_line_shown(level, found) for found in founds]  # as the player's is written
    written = written_alike(level, founds, each)
    for (name, found), mse, alone, (slope, height) in zip(
        found_lines, mses, each, written, strict=True
    ):
        yours_too = mine is not None and (mine[1] == alone[1] if constant else mine == alone)
        yours_too = yours_too or on_the_line(level, state, steps, *found)
        on_it = f" ({kept('your line, on it')})" if yours_too else ""
        said.append(
            f"{kept(f'The {name}:')} {line_said(constant, slope, height)}, {kept(f'MSE {mse}')}"
            f"{on_it}"
        )
    if not show_squares and PICTURED_SQUARES.search(level.spec.what_you_saw):
        said.append("Penalty squares: s shows or hides the ones spoken of below.")
    return said
