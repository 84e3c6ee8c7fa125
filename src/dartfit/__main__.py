"""`dartfit` and `python -m dartfit`: the command line (`dartfit.cli`), loaded here so that
memory running out while it loads is said in one line too.

Under `ulimit -v 150000` Python itself could fail as the command line loaded, before any of
its handlers was set ("SystemError: <built-in function exec> returned NULL without setting
an exception", a traceback, status 1). This module does next to nothing before it has a
handler: a failure while the command line loads is one caught here.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

LOAD_FAILED = b"dartfit: out of memory as it started"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `dartfit` console script; returns the exit status."""
    try:
        from dartfit.cli import main as run
    except KeyboardInterrupt:  # ctrl+c as it loads
        return 130
    except (MemoryError, SystemError, ImportError, OSError) as e:
        return _not_loaded(e)
    return run(argv)


def _not_loaded(error: BaseException) -> int:
    """One line, written with what is loaded already, for memory that ran out as the command
    line loaded (a lost exception under a low limit is a SystemError); any other failure to
    load is a bug, raised as it is."""
    try:
        from dartfit import room

        limit = room.memory_limit()
        lost = isinstance(error, SystemError) and limit is not None  # not a bug's, there
        memory = room.out_of_memory(error) or lost
        where = "" if limit is None else f" ({room.limited(limit)}: raise it)"
    except BaseException:  # too little memory even for that
        memory, where = isinstance(error, MemoryError | SystemError), ""
    if not memory:
        raise error
    with contextlib.suppress(OSError):  # stderr closed: the status alone says it
        os.write(2, LOAD_FAILED + where.encode() + b"\n")
    return 2


if __name__ == "__main__":
    sys.exit(main())
