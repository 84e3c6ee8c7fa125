"""A chart's key in a strip of its own under the chart, off the plot: each mark the chart
shows, by its own glyph in its own style, and what it is in a few words, shorter where
the strip is narrow. Off the plot it hides no point, square or line, and the plot keeps
every row (a legend in a corner of the fit chart named only what the corners had room for,
and rows laid over the plot for it cost 3 of 16 at 80×24)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.cells import cell_len

from dartfit.pictures.raster import Raster

KeyEntry = tuple[tuple[str, ...], str, tuple[str, ...]]
"""A mark's samples (its glyph, from the longest to the shortest), its style, and its words
(from the longest to the shortest): a strip too narrow for one wording takes the next."""
Said = tuple[str, str, str]
"""An entry as the strip shows it: its sample, its style and its words."""
GAP = "  "
"""Between two entries on a row of the strip."""
MORE = "… (? help)"
"""Ends a strip too narrow for every entry even in its shortest words: what is left out is
said to be (never cut silently), and the help says what each mark is."""
WORDS = "axis"
"""The style of an entry's words: the axes' ink, on the chart's ground."""


def tiers(entries: Sequence[KeyEntry]) -> int:
    """How many wordings the entries have between them (the longest first)."""
    return max((max(len(samples), len(words)) for samples, _, words in entries), default=1)


def said(entries: Sequence[KeyEntry], tier: int | Sequence[int]) -> list[Said]:
    """Each entry in its `tier`-th wording (one for all, or each its own; its shortest,
    where it has fewer)."""
    each = [tier] * len(entries) if isinstance(tier, int) else tier
    return [
        (samples[min(t, len(samples) - 1)], style, words[min(t, len(words) - 1)])
        for (samples, style, words), t in zip(entries, each, strict=True)
    ]


def shortenings(entries: Sequence[KeyEntry]) -> Iterator[list[Said]]:
    """The entries said ever shorter: each step the widest entry that has a shorter wording
    takes its next (so one long caption does not cut every other entry to its shortest),
    until each is in its shortest."""
    at = [0] * len(entries)
    while True:
        now = said(entries, at)
        yield now
        shorter = [
            k
            for k, (samples, _, words) in enumerate(entries)
            if at[k] + 1 < max(len(samples), len(words))
        ]
        if not shorter:
            return
        k = max(shorter, key=lambda k: (width_of(now[k]), -k))
        at[k] += 1


def width_of(entry: Said) -> int:
    """The columns an entry takes: its sample, a space and its words."""
    return cell_len(entry[0]) + 1 + cell_len(entry[2])


def flowed(entries: Sequence[Said], width: int) -> list[list[Said]] | None:
    """The entries in rows `width` wide, in order, as many to a row as fit; None where one
    alone is wider than a row."""
    rows: list[list[Said]] = []
    used = width
    for entry in entries:
        size = width_of(entry)
        if size > width:
            return None
        if used + len(GAP) + size > width:
            rows.append([])
            used = -len(GAP)
        rows[-1].append(entry)
        used += len(GAP) + size
    return rows


def rows_needed(entries: Sequence[KeyEntry], width: int) -> int:
    """The rows the entries take in their shortest wording (at least one)."""
    rows = flowed(said(entries, tiers(entries) - 1), width)
    return max(len(rows), 1) if rows is not None else 1 << 10


def laid_out(entries: Sequence[KeyEntry], width: int, height: int) -> list[list[Said]]:
    """The entries in at most `height` rows `width` wide: in their longest wording that fits
    (`shortenings`); else in their shortest, as many as fit, the last row ending in MORE."""
    shortest: list[Said] = []
    for shortest in shortenings(entries):
        rows = flowed(shortest, width)
        if rows is not None and len(rows) <= height:
            return rows
    more: Said = ("", WORDS, MORE)
    for kept in range(len(shortest) - 1, -1, -1):
        rows = flowed([*shortest[:kept], more], width)
        if rows is not None and len(rows) <= height:
            return rows
    return []


def draw_key(entries: Sequence[KeyEntry], width: int, height: int) -> Raster:
    """The strip: its entries laid out (`laid_out`), each row from its first column."""
    raster = Raster(width, height)
    for r, row in enumerate(laid_out(entries, width, height)):
        col = 0
        for sample, style, words in row:
            raster.text(col, r, sample, style)
            raster.text(col + cell_len(sample) + 1, r, words, WORDS)
            col += width_of((sample, style, words)) + len(GAP)
    return raster
