"""What one student's game may use: its terminal's size, idle time, memory and CPU."""

from __future__ import annotations

import resource
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one game may use: its terminal's size, and how long it may sit idle."""

    cols: tuple[int, int] = (20, 400)
    rows: tuple[int, int] = (8, 200)
    idle: float = 30 * 60.0  # seconds without a key before the session ends
    warning: float = 60.0  # seconds of notice the student gets before that (at most idle/2)
    memory_mb: int = 1024  # address space (a million points peak near 340 MB of it)
    cpu_seconds: int = 3600  # CPU time of one game (a busy hour of play uses minutes)

    def rlimits(self) -> list[tuple[int, int]]:
        """(resource, limit) pairs for `resource.setrlimit` in the game's process."""
        return [
            (resource.RLIMIT_AS, self.memory_mb * 2**20),
            (resource.RLIMIT_CPU, self.cpu_seconds),
        ]


def clamp(size: tuple[int, int], limits: Limits) -> tuple[int, int]:
    """A client's terminal size within the limits (0, unknown, is the smallest)."""
    cols, rows = size
    return (
        min(max(cols, limits.cols[0]), limits.cols[1]),
        min(max(rows, limits.rows[0]), limits.rows[1]),
    )


def told(size: tuple[int, int], limits: Limits) -> str:
    """A client's terminal size for the log: the size its game is given, and what the
    client asked for when that was clamped (a hostile 2**31 columns is not the game's)."""
    given = clamp(size, limits)
    said = f"{given[0]}×{given[1]}"
    return said if given == tuple(size) else f"{size[0]}×{size[1]} asked, {said} given"


def apply_rlimits(rlimits: list[tuple[int, int]]) -> None:
    """In the game's process: lower its limits (never above the host's own hard limits)."""
    for which, value in rlimits:
        _, hard = resource.getrlimit(which)
        limit = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(which, (limit, hard))
