"""The default progress report: a percentage on stderr while a file is slow to load."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from dartfit.csvdata.errors import one_line

SHOW_AFTER = 0.5
"""Seconds a load runs before its percentage shows: sooner it is a flicker. By time, not
size: a file of 13 MB of quoted fields took 8.5 s at a blank screen, under the 16 MB a
percentage was shown from."""


class StderrProgress:
    """A percentage on stderr once a load has run `SHOW_AFTER` seconds, on a terminal only;
    erased at the end."""

    def __init__(self, file: Path, size: int) -> None:
        self.name = one_line(file.name)
        self.shown = -1
        self.on = size > 0 and sys.stderr.isatty()
        self.started = time.monotonic()

    def __call__(self, fraction: float) -> None:
        percent = int(100 * fraction)
        if not self.on or percent == self.shown:
            return
        if self.shown < 0 and time.monotonic() - self.started < SHOW_AFTER:
            return
        self.shown = percent
        sys.stderr.write(f"\rdartfit: reading {self.name}: {percent:3d} %")
        sys.stderr.flush()

    def close(self) -> None:
        """Erase the line, if one was written."""
        if self.on and self.shown >= 0:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
