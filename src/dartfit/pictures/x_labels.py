"""Where an x axis's tick labels go along their row, for every chart (plotext's and the
character charts'): each centred on its tick, moved in from the row's ends, a blank cell or
more from the next, evenly apart; in a narrower form where that keeps more of them."""

from __future__ import annotations

from collections.abc import Sequence

from dartfit.pictures.ticks import FEWEST_TICKS, tick_labels

Span = tuple[int, int]
"""Columns from the first to the last, both in."""


def placed(at: int, n: int, first: int, end: int) -> Span | None:
    """The cells of a label of `n` characters for column `at` in the columns from `first` up
    to `end` (not in): centred on it, moved in from either end (still over its tick, where
    the tick is in them); None where it does not fit. (The character charts left a label
    out that its end cut, the years' 2020 and 20000 beside 10000; plotext moved one further
    in than it needed: "2010 2020" beside "1990  2000  2010".) None too where `at` is past
    `end` (an axis's offset written there: its label would stand over no tick)."""
    if at >= end:
        return None
    begin = min(max(at - n // 2, first), end - n)
    return (begin, begin + n - 1) if begin >= first else None


def _clear(a: Span | None, b: Span | None) -> bool:
    """Whether two placed labels have a blank cell or more between them."""
    return a is not None and b is not None and (a[1] + 1 < b[0] or b[1] + 1 < a[0])


def kept_apart(
    ticks: Sequence[float], labels: Sequence[str], cols: Sequence[int], first: int, end: int
) -> list[int]:
    """Which of the labels to write at their ticks' columns `cols` (`placed` from `first` up
    to `end`), each a blank cell or more from the next. Where not all are, the most that stay
    evenly apart: a run of ticks (an end's let go), or of every second (or third, …) one, 0
    among them where it can be (dropping the crowded one alone read −10000 0 5000)."""
    spans = [placed(c, len(label), first, end) for c, label in zip(cols, labels, strict=True)]
    zero = list(ticks).index(0.0) if 0.0 in ticks else 0
    keep: list[int] = []
    best = (0, 0, False)  # labels kept, − stride, 0 among them
    for stride in range(1, len(spans) + 1):
        run: list[int] = []  # a run of every stride-th tick, each clear of the one before
        for k in range(zero % stride, len(spans), stride):
            if spans[k] is None:
                run = []
                continue
            if run and not _clear(spans[run[-1]], spans[k]):
                run = []  # the run starts again at the tick that crowds the one before
            run.append(k)
            score = (len(run), -stride, zero in run)
            if score > best:
                best, keep = score, list(run)
    return keep


def labelled(
    ticks: Sequence[float],
    labels: Sequence[str],
    cols: Sequence[int],
    span: tuple[int, int],
    own: bool = False,
) -> tuple[list[int], tuple[str, ...]]:
    """The ticks to label (`kept_apart`) and the labels of all: in their own form, or where
    that keeps fewer than FEWEST_TICKS, in the narrowest form that keeps more (the
    auto-solver's bowl at 80×24, 20 columns, read "−20000 0 20000": now −2e4 0 2e4 4e4).
    `own`: the labels are not the ticks' values (a log axis's), and keep their form."""
    first, end = span
    keep, shown = kept_apart(ticks, labels, cols, first, end), tuple(labels)
    if own or len(keep) >= min(FEWEST_TICKS, len(ticks)):
        return keep, shown
    step = (ticks[-1] - ticks[0]) / (len(ticks) - 1)
    for width in range(max(map(len, labels)) - 1, 0, -1):
        narrower = tick_labels(tuple(ticks), step, width)
        if max(map(len, narrower)) > width:
            break  # no form is narrower
        more = kept_apart(ticks, narrower, cols, first, end)
        if len(more) > len(keep):
            keep, shown = more, narrower
        if len(keep) >= FEWEST_TICKS:
            break
    return keep, shown
