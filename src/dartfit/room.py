"""Whether numpy can start within the memory a shell lets a program have (`ulimit -v`).

OpenBLAS, which numpy loads, ends the whole process from C when it can't map its buffers,
with its own message ("OpenBLAS error: Memory allocation still failed after 10 retries,
giving up.", status 1): at its first product of matrices, after the levels' points were
made, so anywhere. Where such a limit is set, a child process first loads numpy and takes
such a product, with room to spare (numpy's import fails with a page of advice a little
lower down), and dartfit says in one line what stands in the way when it can't; when it
can, dartfit does the same at once, while the room is there, and OpenBLAS keeps its
buffers for the products after: memory that runs out later is Python's MemoryError, said in
one line too. Without a limit, nothing is asked. No numpy here but in `warm_up`.
"""

from __future__ import annotations

import os
import sys

SPARE = 16 << 20
"""Bytes the child maps before it loads numpy: room for what the command has loaded by
then, which the child has not (its parser, a file read), so one that passes has margin."""

PROBE = (
    f"import mmap\nspare = mmap.mmap(-1, {SPARE})\nimport dartfit.room\ndartfit.room.warm_up()\n"
)

PROBE_WAIT = 60.0
"""Seconds the child is given: loading numpy takes a fraction of one."""


def memory_limit() -> int | None:
    """The bytes of address space this process may have (`ulimit -v`), None when unlimited
    (or where it can't be asked)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else soft


def too_little_memory(limit: int) -> str | None:
    """Why numpy can't start within `limit` (this shell's memory limit, `memory_limit`), one
    line; None when it can, or when it is loaded already."""
    if "numpy" in sys.modules:
        return None
    import subprocess  # only where a limit is set: a start without one never needs it

    try:
        done = subprocess.run(
            [sys.executable, "-c", PROBE],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=PROBE_WAIT,
            env=os.environ,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):  # no child to be had: try as before
        return None
    if done.returncode == 0:
        return None
    return (
        f"needs more memory than this shell lets a program have ({limited(limit)}; its"
        " numbers library could not start within it): raise it (ulimit -v unlimited, or"
        " 400000 or more) and run dartfit again"
    )


def warm_up() -> None:
    """Load numpy and take a product of matrices large enough for OpenBLAS to map the
    buffers it keeps for every product after."""
    import numpy as np

    square = np.ones((256, 256))
    square @ square


def make_room() -> str | None:
    """Where a memory limit is set: why numpy can't start within it (one line), or None
    once it has started, its buffers mapped (nothing is done without a limit). The limit is
    asked once: what the probe was tried under is what decides the warm-up."""
    limit = memory_limit()
    if limit is None:
        return None
    why = too_little_memory(limit)
    if why is None:
        warm_up()
    return why


def out_of_memory(error: BaseException) -> bool:
    """Whether an error is memory running out: a MemoryError, or a library that could not
    be mapped ("failed to map segment from shared object") under a limit."""
    if isinstance(error, MemoryError):
        return True
    said = str(error)
    mapped = "failed to map segment" in said or "Cannot allocate memory" in said
    return isinstance(error, ImportError | OSError) and mapped


def limited(limit: int) -> str:
    """A memory limit as `ulimit -v` gives it: in KiB."""
    return f"ulimit -v is {limit // 1024}"
