"""The default progress report: a percentage on stderr while a big file loads."""

from __future__ import annotations

import sys
from pathlib import Path

from dartfit.csvdata.errors import one_line

QUIET_BELOW = 16 << 20  # smaller files load too fast to need a progress line


class StderrProgress:
    """A percentage on stderr while a big file loads, on a terminal only; erased at the end."""

    def __init__(self, file: Path, size: int) -> None:
        self.name = one_line(file.name)
        self.shown = -1
        self.on = size >= QUIET_BELOW and sys.stderr.isatty()

    def __call__(self, fraction: float) -> None:
        percent = int(100 * fraction)
        if self.on and percent != self.shown:
            self.shown = percent
            sys.stderr.write(f"\rdartfit: reading {self.name}: {percent:3d} %")
            sys.stderr.flush()

    def close(self) -> None:
        """Erase the line, if one was written."""
        if self.on and self.shown >= 0:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
