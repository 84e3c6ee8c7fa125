"""load_csv: a CSV file read into a Dataset, or a CsvError that says in one line what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dartfit.csvdata.blocks import AsLookedAt, Watched, blocks, opened, regular_size
from dartfit.csvdata.checks import check_columns
from dartfit.csvdata.columns import read_header
from dartfit.csvdata.dataset import Dataset
from dartfit.csvdata.errors import CsvError
from dartfit.csvdata.progress import StderrProgress
from dartfit.csvdata.reader import collect


def load_csv(
    path: Path | str,
    x: str | None = None,
    y: str | None = None,
    progress: Callable[[float], None] | None = None,
) -> Dataset:
    """Read two numeric columns (x, y) from a CSV file; raise CsvError on any problem.

    `progress` is told the fraction read so far; by default a big file shows a percentage
    on stderr when that is a terminal.
    """
    file = Path(path)
    size = regular_size(file)
    report = progress or StderrProgress(file, size)
    try:
        with opened(file) as handle:
            watched = Watched(handle)  # what was read is what it holds, checked at the end
            as_looked_at = AsLookedAt(watched, size, file)  # not what is written as it is read
            lines = blocks(as_looked_at, file, lambda done: report(min(done / max(size, 1), 1.0)))
            try:
                layout, rest = read_header(lines, file, x, y)
                xs, ys = collect(rest, layout, size)
            except CsvError:
                watched.confirm(file, not size)  # a line of neither version is not its fault
                raise
            watched.confirm(file, not size)
    finally:
        if isinstance(report, StderrProgress):
            report.close()
    check_columns(xs, ys, layout)
    return Dataset(file, xs, ys, layout.names[layout.ix], layout.names[layout.iy])
