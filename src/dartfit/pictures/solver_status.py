"""The auto-solver's status lines: its settings, where descent stands (the line's m and b,
its MSE beside the best, the gap), how the run ended, and warnings before it happens.

Pure. A run is planned before it starts (`plan_run`): the decimals m and b need over its
path, and its widest frames, so the readout and the status's rows hold from its first frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import partial
from itertools import product

import numpy as np

from dartfit import core
from dartfit.core.walking import STEP_CAP
from dartfit.levels import Level
from dartfit.rules import linear, scoring, solver
from dartfit.rules.solver import SolverState
from dartfit.wording import (
    FIXED_LEAST,
    MINUS,
    alike,
    decimals_of,
    e_notation,
    fewest_each,
    fixed_decimals,
    grouped_alike,
    loss_as_shown,
    num,
    significant_digits,
    steady,
    typeset_line,
)

SIGNIFICANT = 6
"""The significant figures of the larger of a line's m and b in the readout (2.04642·x +
0.31959): eight of zero (0.00000000·x + 0.00000000), or ten in a blow-up, did not read."""

E_FROM = 1e7
"""From here on, the readout's m and b are in e-notation."""

MSE_E_FROM = 1e6
"""From here on, an MSE in the status is in e-notation, where `num` writes one (the goal
over the level read the best MSE 3.162e6, the status 3,161,924)."""


Decimals = tuple[int | None, int | None]
"""The fixed decimals of m and b in a run's readout; None for one in e-notation."""


def run_decimals(first: SolverState, best: solver.Point) -> Decimals:
    """The decimals of m and b in a run's readout: SIGNIFICANT figures of the larger of the
    best line's (1.98146, 0.74149) for both, more only for the one (or both) the best line as
    shown needs them for its MSE to read as the best's (so a run that ends there says so).
    On years (x near 2000), m needs them: given to both, b read −1173.5956261. One the
    game writes in e-notation at the best line (below FIXED_LEAST, from E_FROM on) has none
    (`_readout` gives it figures): on x near 1e15, its slope of 1e−16 read 0.0000000000,
    its MSE that of a flat line, and b took the ten decimals m asked for (16 digits)."""
    m, b, mse = best
    problem = first.problem
    target = _exact_or_zero(problem, mse)
    plain = _plain_at_best(problem, best, target)
    base = significant_decimals(*(v for v, p in zip((m, b), plain, strict=True) if p))
    tried: list[list[int | None]] = [
        list(range(base, MOST_DECIMALS + 1)) if p else [None] for p in plain
    ]
    fewest: list[Decimals] = sorted(  # the fewest decimals in all first, then the most alike
        product(tried[0], tried[1]),
        key=lambda d: (sum(d_ or 0 for d_ in d), abs((d[0] or 0) - (d[1] or 0))),
    )
    off = [abs(shown_mse(problem, _readout(problem, m, b, mse, d), mse) - target) for d in fewest]
    reads = [d for d, o in zip(fewest, off, strict=True) if _reads_as(target + o, target)]
    # none does where the float itself can't (y near 1e15, spread 1): the nearest, fewest
    return reads[0] if reads else fewest[off.index(min(off))]


Plain = tuple[bool, bool]
"""Whether each of m and b is written in plain digits."""


def _plain_at_best(problem: core.DescentProblem, best: solver.Point, target: float) -> Plain:
    """Whether each of the best line's m and b reads in plain digits (see `_written`): from
    FIXED_LEAST up to E_FROM, or nearer 0 than makes a difference (set to 0, the line's MSE
    reads as the best's: round-off, as a b of 1e−17)."""
    m, b, _ = best
    zeroed = ((0.0, b), (m, 0.0))
    return (
        _plain_value(m) or (abs(m) < E_FROM and _reads_as(_mse(problem, *zeroed[0]), target)),
        _plain_value(b) or (abs(b) < E_FROM and _reads_as(_mse(problem, *zeroed[1]), target)),
    )


def _plain_value(value: float) -> bool:
    """Whether a readout number is written in plain digits by its size alone."""
    return value == 0 or FIXED_LEAST <= abs(value) < E_FROM


MOST_DECIMALS = 10
"""The most decimals m and b are shown to."""

MOST_FIGURES = 15
"""The most significant figures m or b in e-notation is shown to: the most a float holds
(y near 1e15 read 9.9141823998718275e14, its last two figures the float's own noise)."""


def significant_decimals(*values: float, figures: int = SIGNIFICANT) -> int:
    """The decimals that show the largest of `values` to `figures` (0 to 10)."""
    largest = max((abs(v) for v in values if np.isfinite(v)), default=0.0)
    if not largest:
        return figures - 1
    return min(MOST_DECIMALS, max(0, figures - 1 - math.floor(math.log10(largest))))


def _reads_as(mse: float, best: float) -> bool:
    """Whether an MSE is within half the seventh digit of `best` (equal where that is 0)."""
    if not best:
        return mse == 0
    return abs(mse - best) <= HALF_A_DIGIT * 10.0 ** _seventh(best)


HALF_A_DIGIT = 0.5
"""How far the MSE of the best line as shown may be from the best, in units of its seventh
digit (see `run_decimals`)."""


def readout(state: SolverState, decimals: Decimals | None = None) -> tuple[str, str]:
    """The line's m and b as the readout shows them: to the run's fixed `decimals` (see
    `run_decimals`; by default SIGNIFICANT figures of the larger of this line's, for both);
    fewer on a run that will not settle, as its numbers grow, so they keep SIGNIFICANT
    figures and their width (not −13,429.37697·x − 2,064.746756). Before its first step, to
    the run's decimals whatever the rate: raised past the stable one, it turned the line
    0.000000·x + 0.000000 into 0.00000·x + 0.00000 before a step."""
    here = (state.current.m, state.current.b, state.current.mse)
    return _line(state.problem, here, decimals, unstable(state) and state.steps > 0)


def _line(
    problem: core.DescentProblem,
    point: solver.Point,
    decimals: Decimals | None,
    grows: bool,
) -> tuple[str, str]:
    """m and b as `readout` shows them, on a run whose numbers may grow (`grows`) or not."""
    m, b, mse = point
    places = significant_decimals(m, b)
    if decimals is None:  # each in the form its size asks for, to its own figures
        own = tuple(significant_decimals(v) if _plain_value(v) else None for v in (m, b))
        return _readout(problem, m, b, mse, (own[0], own[1]))
    if grows:
        fewer = tuple(None if d is None else min(d, places) for d in decimals)
        return _readout(problem, m, b, mse, (fewer[0], fewer[1]))
    return _readout(problem, m, b, mse, decimals)


def _readout(
    problem: core.DescentProblem, m: float, b: float, mse: float, decimals: Decimals
) -> tuple[str, str]:
    """m and b to their `decimals` places, written `alike`; in e-notation where they have
    none (see `run_decimals`) or from E_FROM on, to SIGNIFICANT figures, or more (each as
    many as it needs, up to MOST_FIGURES) where the line as shown would have another MSE
    than the line's to its seventh digit (data near 1e15: b = 1.00000e15 is not b = 1e15 +
    0.5). Beside one in e-notation, the other is shown to as many figures of its own:
    written to the decimals of b = 2.4e50, m = 0.8 read "ŷ = x + 2.3999999999999994e50",
    and the MSE beside it was the line's with m = 1 (no digit of b could mend it)."""
    if not (np.isfinite(m) and np.isfinite(b)):
        return num(m, SIGNIFICANT), num(b, SIGNIFICANT)
    if all(d is not None and abs(v) < E_FROM for v, d in zip((m, b), decimals, strict=True)):
        return _written((m, b), decimals, (SIGNIFICANT, SIGNIFICANT))
    true = _exact_or_zero(problem, mse)

    def off(figures: tuple[int, int]) -> float:
        return abs(shown_mse(problem, _written((m, b), decimals, figures), mse) - true)

    found = fewest_each(lambda i, j: _reads_as(true + off((i, j)), true), SIGNIFICANT, MOST_FIGURES)
    if found is None:  # none do, where the float itself can't: the nearest, fewest
        found = min(((f, f) for f in range(SIGNIFICANT, MOST_FIGURES + 1)), key=off)
    return _written((m, b), decimals, found)


def _written(
    line: tuple[float, float], decimals: Decimals, figures: tuple[int, int]
) -> tuple[str, str]:
    """m and b written `alike`: each in plain digits to its decimals (and one more for each
    of its `figures` past SIGNIFICANT), or, with none or from E_FROM on, in e-notation to
    its `figures` (0 as ZERO)."""
    shown = [
        _plain(v, d + f - SIGNIFICANT)
        if d is not None and abs(v) < E_FROM
        else ZERO
        if v == 0
        else e_notation(v, f - 1)
        for v, d, f in zip(line, decimals, figures, strict=True)
    ]
    slope, height = alike(line, shown, figures)
    return slope, height


def _plain(value: float, decimals: int) -> str:
    """`value` to `decimals` places; one that reads 0 as ZERO where they are more (a slope of
    1e−4 kept ten decimals, and the line it started from read 0.0000000000·x)."""
    if decimals > SIGNIFICANT - 1 and round(value, decimals) == 0:
        return ZERO
    return fixed_decimals(value, decimals)


ZERO = fixed_decimals(0.0, SIGNIFICANT - 1)
"""0 in the readout where m or b has more decimals, or none (in e-notation), as the start
line ŷ = 0 reads on a level (0.00000): written "0", the line read "ŷ = 0", its columns
moved by the term it left out."""


def shown_mse(problem: core.DescentProblem, line: tuple[str, str], mse: float) -> float:
    """The MSE of the line as the readout shows it (`line`), which the status shows beside
    it; `mse` (the line's own) where the readout's m and b are not numbers."""
    return loss_as_shown(partial(_mse, problem), line, _exact_or_zero(problem, mse))


def _mse(problem: core.DescentProblem, m: float, b: float) -> float:
    """The MSE of the line (m, b) as the status reads it: 0 where it is round-off that 0
    agrees with."""
    return _exact_or_zero(problem, core.mse_at(problem, m, b))


def _exact_or_zero(problem: core.DescentProblem, mse: float) -> float:
    """`mse`, or 0 where it is no more than rounding makes of a line through every point
    (`core.round_off_mse`) and 0 agrees with it (`linear.zero_if_round_off`): on points on
    one line the status read "MSE 3.155444e−30 best 0", the line as ŷ = 2.000000000·x +
    0.999999999999998."""
    return linear.zero_if_round_off(mse, problem.round_off)


LOOKAHEAD = 500
"""How many steps of a run `plan_run` walks ahead."""

EXACT_LOOKAHEAD = 5_000
"""How many more steps `plan_run` walks on a fit exact to rounding, to its end (those seen
converge within 3,400); of them, the last EXACT_TAIL are read, where the digits peak."""
EXACT_TAIL = 60


@dataclass(frozen=True)
class RunPlan:
    """What a run will show, worked out before it starts: its decimals, and the status's
    widest frames, so that the status keeps its rows for the whole run (a line that grew
    a digit took a row from the charts mid-run)."""

    decimals: Decimals
    widest: str
    """The numbers' line at its widest over the whole run (each of m, b, the MSE and the gap
    at its widest, which no one step may reach)."""
    widths: Widths
    """The widest m and b of the run (`numbers_text`), for the rows it keeps."""
    frames: tuple[str, ...]
    """The status of the frames whose other words take the most room: where the run stands
    after LOOKAHEAD steps (or ends), and, if it goes on, a step before STEP_CAP (its step
    count at its widest, its warnings still shown) and its end there."""
    largest: float = 0.0
    """The largest MSE on the run's path, which its MSEs are written alike with from its
    first frame to its last (`scores_text`): the best read "best 8.273341e5" beside an MSE
    in e-notation, then "best 827,334.1" once the MSE fell, moving the MSE after it a cell."""


def plan_run(first: SolverState, decimals: Decimals, best: solver.Point, fastest: int) -> RunPlan:
    """The plan of the run from `first` (see `RunPlan`): m and b to the run's `decimals`;
    `best` the best line and its MSE, `fastest` the most steps a tick."""
    last = solver.advance(first, LOOKAHEAD)
    problem, grows = first.problem, unstable(first)
    path = list(last.history)
    best_mse = _exact_or_zero(problem, best[2])
    if not last.finished and best_mse <= problem.gap_floor:
        # a line fits the data exactly (two points, y all equal): the MSE falls towards 0
        # and its digits go on past LOOKAHEAD (a two-point CSV's status grew a row at step
        # 800): the steps before its end are planned too (before the MSE is round-off)
        ahead = solver.advance(last, EXACT_LOOKAHEAD).history
        path += ([p for p in ahead if _exact_or_zero(problem, p[2])] or ahead)[-EXACT_TAIL:]
    shown = [_line(problem, point, decimals, grows and k > 0) for k, point in enumerate(path)]
    for _ in range(HOLD_ROUNDS if not grows else 0):
        # the most any step asks for, from the first (more decimals of one may ask for more
        # of the other; a line no digit mends would ask for more for ever)
        most = _most_decimals(decimals, shown)
        if most == decimals:
            break
        decimals = most
        shown = [_line(problem, point, decimals, False) for point in path]
    losses = [shown_mse(problem, line, mse) for line, (_, _, mse) in zip(shown, path, strict=True)]
    gaps = [(loss - best_mse, loss) for loss in losses]
    frames = [last]
    if last.diverged:
        gaps = gaps[: last.steps]  # no gap once it has blown up
    elif not last.finished:  # it goes on: to the best line, through every gap until one
        # reads 0 (its convergence test is a gap of a ten-billionth of the MSE), and ends at
        # the latest after STEP_CAP steps ("step 10021" wrapped a row at 81 columns)
        shown.append(_line(problem, best, decimals, grows))
        top = math.floor(math.log10(max(max(gap for gap, _ in gaps), 1e-300)))
        gaps += [(1.5 * 10.0**power, math.nan) for power in range(_seventh(best_mse), top + 1)]
        more = last.history + (last.history[-1],) * (STEP_CAP - 1 - last.steps)
        ended = more + more[-1:]  # STEP_CAP steps
        frames += [replace(last, history=more), replace(last, history=ended, converged=True)]
    # a run that will not settle is read as it goes (as its decimals are): planned, its
    # blow-up turned "MSE 145,959.3" into 1.459593e5 at a rate key, before a step
    settles = losses[:1] if grows else losses
    largest = max((v for v in (*settles, best_mse) if math.isfinite(v)), default=0.0)
    beside = [(gap, best_mse + gap if math.isnan(loss) else loss) for gap, loss in gaps]
    scores = [scores_text(loss, best_mse, "", largest) for loss in losses] + [
        scores_text(mse, best_mse, gap_text(gap, best_mse, mse, largest), largest)
        for gap, mse in beside  # (a NaN loss: a gap planned beside the MSE best + gap)
    ]
    widest = (
        max((m for m, _ in shown), key=len),
        max((b for _, b in shown), key=_unsigned_width),
        max((score[0] for score in scores[: len(losses)]), key=len),
        max((score[2] for score in scores[len(losses) :]), key=len, default=""),
    )
    widths = (len(widest[0]), _unsigned_width(widest[1]))
    texts = tuple(
        status_text(f, False, fastest, best_mse, decimals, widths, largest) for f in frames
    )
    best_shown = max((score[1] for score in scores), key=len)
    numbers = numbers_text(widest[:2], widest[2], best_shown, widest[3], widths)
    return RunPlan(decimals, numbers, widths, texts, largest)


HOLD_ROUNDS = 3
"""How many times `plan_run` raises a run's decimals to the most its path asks for."""


def _most_decimals(decimals: Decimals, shown: list[tuple[str, str]]) -> Decimals:
    """`decimals`, each in plain digits raised to the most a line `shown` on the run's path
    has: on tiny data the MSE of the line as shown asked one step for more figures of m than
    the last (−0.40738, then −0.4073825), so m gained decimals mid-run."""
    most = [max((decimals_of(line[k])[0] for line in shown), default=0) for k in (0, 1)]
    held = [
        None if d is None else max(d, min(more, MOST_DECIMALS))
        for d, more in zip(decimals, most, strict=True)
    ]
    return held[0], held[1]


Widths = tuple[int, int]
"""The cells m and b (without its sign, which is the operator before it) take."""


def _unsigned_width(shown: str) -> int:
    """The cells a number takes without its minus sign."""
    return len(shown.removeprefix(MINUS))


def held(widths: Widths, state: SolverState, decimals: Decimals | None = None) -> Widths:
    """`widths` (those a run has shown so far) grown to this frame's m and b: the line takes
    the room it needs and keeps it, so "best" and "MSE" after it never move back a cell (m's
    minus sign coming and going). A run starts from its first frame's own widths: with the
    room of its widest frame ahead, a rate raised past the stable one put a space more
    before "MSE" before a step was taken."""
    slope, intercept = readout(state, decimals)
    return max(widths[0], len(slope)), max(widths[1], _unsigned_width(intercept))


def status_text(
    state: SolverState,
    playing: bool,
    speed: int,
    best: float,
    decimals: Decimals | None = None,
    widths: Widths = (0, 0),
    largest: float = 0.0,
) -> str:
    """The status lines: settings, where descent stands, and how it ended (never NaN); m and
    b to the run's fixed `decimals` (see `readout`), the MSE, the best and the gap in the
    form their numbers need, alike (`scores_text`, `gap_text`; `largest`: the run's largest
    MSE, see `RunPlan`), and m and b in at least `widths` (`held`)."""
    best = _exact_or_zero(state.problem, best)  # as the MSE beside it: 0 where round-off
    limit = solver.stable_rate(state)
    stable = f"largest stable rate {num(limit)}" if limit is not None else "no largest stable rate"
    settings = (
        f"{METHOD_SAID[state.method]}   learning rate η {num(state.learning_rate)}   {stable}   "
        f"{speed} step{'s' if speed != 1 else ''}/tick   step {state.steps}"
    )
    line = readout(state, decimals)
    loss = shown_mse(state.problem, line, state.current.mse)
    gap = "" if state.diverged else gap_text(shown_gap(state, best), best, loss, largest)
    mse, best_shown, gap = scores_text(loss, best, gap, largest)
    numbers = numbers_text(line, mse, best_shown, gap, widths)
    if state.converged:
        outcome = (
            f"Converged after {state.steps} step{'' if state.steps == 1 else 's'}: "
            f"MSE {mse} vs best {best_shown}"
        )
    elif state.diverged:
        outcome = f"Diverged: {state.reason}."
    elif state.reason:
        outcome = state.reason[0].upper() + state.reason[1:] + "."
    else:
        outcome = "▶ playing" if playing else "paused: space plays, n steps once"
    if state.diverged:  # where it blew up to, then what that means
        return "\n".join((settings, numbers, outcome))
    return "\n".join((settings, numbers, outcome, *warnings(state)))


METHOD_SAID = {
    "gd": "gradient descent",
    "momentum": "descent with momentum",
    "adam": "adam: steps sized by the rate, not the slope",
}
"""The descent methods as the status names them: a student met "gd   η 0.0054" in the
auto-solver from the first line level, long before the lessons on descent say either."""


def numbers_text(
    line: tuple[str, str], loss: str, best: str, gap: str, widths: Widths = (0, 0)
) -> str:
    """The status's numbers: the line (m and b as read), the best MSE, the line's MSE, and
    the gap between them (none: ""). The line is padded after it to `widths` (`held`): in a
    blow-up, m's minus sign coming and going and b's digits growing moved what follows it a
    cell from frame to frame. (Padded inside, before m and b, the line read "ŷ =  40,296.2·x"
    and "x −  821.40": two spaces where one is written.) The best, whose width no step
    changes, stands before the MSE, whose width the steps change, so neither moves the
    other: after the MSE, "best" moved a cell as it went from 1.129742 to 0.8635335, and
    with the MSE padded to its widest to hold it, the status read "MSE 62.64532    best",
    four spaces where it writes three."""
    slope, intercept = line
    room = len(typeset_line("", "")) + widths[0] + widths[1]  # "ŷ = ·x + ", m and b
    equation = typeset_line(slope, intercept).ljust(room)
    numbers = f"{equation}   best {best}   MSE {loss}"
    return f"{numbers}   gap {gap}" if gap else numbers


def seven(value: float) -> str:
    """A readout's number to seven significant digits, trailing zeros kept, so it holds its
    width from step to step: 0.6877210, 827,334.1, and from MSE_E_FROM on or below `num`'s
    fixed range 3.161924e6, 1.000000e−5 (not 67,014,006 beside 5.428134e9)."""
    if np.isfinite(value) and abs(value) >= MSE_E_FROM:
        return e_notation(value, 6)
    text = steady(value, 7)
    if not np.isfinite(value) or ("e" not in text and significant_digits(text) <= 7):
        return text
    return e_notation(value, 6)


def scores_text(loss: float, best: float, gap: str = "", largest: float = 0.0) -> list[str]:
    """The status's MSE and best MSE (`seven`) and its `gap`, one quantity on one line,
    written `alike` with each other and with `largest`, the largest MSE of the run (see
    `RunPlan`): "best 3,161,924   MSE 8.737311e7" read as two kinds of number, and a best
    that changed form as the MSE fell moved the MSE after it a cell."""
    values = (loss, best, largest)
    mse, best_shown, _ = alike(values, [seven(v) for v in values], 7)
    shown = grouped_alike([mse, best_shown, gap, seven(largest)])
    return shown[:3]


def gap_text(gap: float, best: float, mse: float | None = None, largest: float = 0.0) -> str:
    """The gap MSE − best to two digits: 0 exactly where the MSE and the best read alike, as
    shown to seven digits ("gap 6.8e−11" stood beside two equal numbers); else the gap,
    however small (at a rounding edge, "MSE 1.252391 best 1.252390" read "gap 0"). `mse`:
    the MSE shown (best + gap if None). At every scale: "MSE 1.249167e−90 optimum
    5.000000e−91" had read "gap 0" (the decimals shown stop at ten). Large, in the form of
    the MSE beside it (`largest`: as `scores_text` writes it): in e-notation beside an MSE
    in e-notation ("gap 5.4e9" had stood beside "MSE 91,926.67"), whole beside one in plain
    digits, as `num` writes a gap (under MSE_E_FROM, as the MSE is)."""
    if not np.isfinite(best):
        return num(gap, 2)
    shown = seven(best + gap if mse is None else mse)
    if shown == seven(best):
        return "0"
    beside = scores_text(best + gap if mse is None else mse, best, "", largest)[0]
    if np.isfinite(gap) and abs(gap) >= 10 and "e" in beside:
        return e_notation(gap, 1)
    return num(gap, 2)


def _seventh(best: float) -> int:
    """The power of ten of the best MSE's seventh significant digit."""
    return math.floor(math.log10(abs(best))) - 6 if best else -6


def shown_gap(state: SolverState, best: float) -> float:
    """MSE − MSE*: the Newton decrement near the bottom (where the subtraction would cancel),
    the subtraction itself far from it (where the decrement, through H⁻¹ of a near-singular
    bowl, was off by 1e-7 relative)."""
    direct = state.current.mse - best
    return direct if direct > 1e-6 * state.current.mse else state.gap


AT_THE_LIMIT = 1e-9  # a rate this close (relatively) to the stable limit is at it


def unstable(state: SolverState) -> bool:
    """Whether the learning rate is at or past the largest stable rate: the run will not
    settle (past it, it blows up; at it, it bounces across the bowl for ever)."""
    limit = solver.stable_rate(state)
    return limit is not None and state.learning_rate >= limit * (1 - AT_THE_LIMIT)


def warnings(state: SolverState) -> tuple[str, ...]:
    """What to know before it happens: a rate that will diverge, a bowl that makes it crawl."""
    if state.finished:
        return ()
    limit = solver.stable_rate(state)
    if limit is not None and unstable(state) and state.learning_rate <= limit * (1 + AT_THE_LIMIT):
        return (
            "⚠ η is at the largest stable rate: each step lands as far past the bottom as it "
            "started, so it bounces across the bowl and never settles ([ halves η).",
        )
    if unstable(state):
        return (
            "⚠ η is past the largest stable rate: each step will overshoot more than it "
            "corrects and the MSE will blow up (space runs it anyway, [ halves η).",
        )
    if core.stretch(state.problem) >= core.CRAWL_STRETCH and state.method != "adam":
        return (f"Crawling: {core.crawl_reason(state.problem)}.",)
    return ()


def scored_on(level: Level, best: solver.Point) -> str:
    """A last status line for a level scored on another metric than the MSE (none on an MSE
    level): outlier-mae's solver walked to the MSE's best line under a question saying it
    walks to the best line, and never named the MAE the level is won on."""
    metric = level.spec.target.metric
    if metric == "mse":
        return ""
    name, value = metric.upper(), linear.line_loss(level, best[0], best[1])
    target = scoring.target_value(level)
    verdict = "" if target is None else " beats" if scoring.beaten(level, value) else " misses"
    aim = "" if target is None else f" the target {name} ≤ {num(target)}"
    return (
        f"\nThis level is scored on the {name}: descent here lowers the MSE, to the MSE's "
        f"best line, whose {name} {num(value)}{verdict}{aim}."
    )
