"""The benchmark's measurements of one app in a pty: nudge cost, the auto-solver, first frame.

`measure` nudges an app (→ and ← alternating) and keeps, per nudge, the bytes, the wall
time to the repaint's last byte, the rows touched and the CPU ticks; `measure_solver`
counts the auto-solver's frames; `measure_first_frames` times the first frames of several
apps started in turn. run.py's docstring describes the method in full.
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from pty_app import FIRST_FRAME_QUIET, STARTUP_TIMEOUT, BenchError, Deadline, PtyApp, child_env

RIGHT, LEFT = b"\x1b[C", b"\x1b[D"
NUDGE_QUIET = 0.1  # s of silence that ends one nudge's repaint
IDLE_WINDOW = 0.5  # s watched with no key, after the first frame
REPLY_TIMEOUT = 3.0  # s until a nudge's first byte
FRAME_GAP = 0.005  # s of silence between two frames of the animation

CURSOR_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


@dataclass
class Result:
    """One app's measurements."""

    name: str
    startup_s: float = 0.0
    first_frame_bytes: int = 0
    idle_bytes: int = 0
    idle_cpu_ms: float = 0.0
    bytes: list[int] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cpu_ticks: list[int] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    """Each nudge's CPU from schedstat (nanoseconds; empty where the kernel has none)."""
    cpu_ms_total: float = 0.0
    cpu_ms_total_schedstat: float | None = None
    exit_status: int | None = None

    def summary(self) -> dict[str, Any]:
        """The numbers the table and the JSON report."""
        n = len(self.bytes)
        walls = [w for w in self.wall_ms if w >= 0]
        precise = self.cpu_ms_total_schedstat
        return {
            "cpu_ms_per_nudge": round(self.cpu_ms_total / n, 3) if n else None,
            "cpu_ms_per_nudge_schedstat": round(precise / n, 3) if n and precise else None,
            "cpu_ms_total": round(self.cpu_ms_total, 1),
            "wall_ms_median": round(statistics.median(walls), 2) if walls else None,
            "wall_ms_max": round(max(walls), 2) if walls else None,
            "bytes_median": statistics.median(self.bytes) if n else None,
            "bytes_max": max(self.bytes) if n else None,
            "bytes_min": min(self.bytes) if n else None,
            "rows_median": statistics.median(self.rows) if n else None,
            "bytes_p95": _p95(self.bytes),
            "cpu_ms_median": round(statistics.median(self.cpu_ms), 3) if self.cpu_ms else None,
            "cpu_ms_p95": _p95(self.cpu_ms),
            "cpu_ms_max": round(max(self.cpu_ms), 3) if self.cpu_ms else None,
            "silent_nudges": sum(1 for b in self.bytes if b == 0),
            "startup_s": round(self.startup_s, 3),
            "first_frame_bytes": self.first_frame_bytes,
            "idle_bytes": self.idle_bytes,
            "idle_cpu_ms": round(self.idle_cpu_ms, 1),
            "exit_status": self.exit_status,
            "per_nudge": {
                "bytes": self.bytes,
                "wall_ms": [round(w, 2) for w in self.wall_ms],
                "rows": self.rows,
                "cpu_ticks": self.cpu_ticks,
                "cpu_ms": [round(c, 3) for c in self.cpu_ms],
            },
        }


def _p95(values: list[int] | list[float]) -> float | None:
    """The 95th percentile (nearest rank): what one nudge in twenty costs or more."""
    if not values:
        return None
    ranked = sorted(values)
    return round(float(ranked[max(0, -(-95 * len(ranked) // 100) - 1)]), 3)


def _rows_touched(data: bytes) -> int:
    """How many screen rows a repaint moved the cursor to."""
    return len({m.group(1) for m in CURSOR_MOVE.finditer(data)})


def measure(
    name: str,
    argv: list[str],
    cols: int,
    rows: int,
    nudges: int,
    deadline: Deadline,
    setup: bytes = b"",
) -> Result:
    """Start one app in a pty, wait for its first frame, press `setup`, nudge it, quit it."""
    result = Result(name)
    env = child_env()
    started = time.perf_counter()
    app = PtyApp(name, argv, cols, rows, env)
    try:
        frame, last = app.read_first_frame(deadline)
        result.startup_s = last - started
        result.first_frame_bytes = len(frame)
        if setup:
            app.write(setup)
            app.read_until_quiet(FIRST_FRAME_QUIET, REPLY_TIMEOUT, deadline)

        ticks0 = app.cpu_ticks()
        idle = app.read_until_quiet(IDLE_WINDOW, IDLE_WINDOW, deadline)
        result.idle_bytes = len(idle.data)
        result.idle_cpu_ms = app.ticks_to_ms(app.cpu_ticks() - ticks0)

        total0, ns0 = app.cpu_ticks(), app.cpu_ns()
        for i in range(nudges):
            app.alive_or_fail(f"nudge {i + 1}")
            before, before_ns = app.cpu_ticks(), app.cpu_ns()
            sent = app.write(RIGHT if i % 2 == 0 else LEFT)
            burst = app.read_until_quiet(NUDGE_QUIET, REPLY_TIMEOUT, deadline)
            result.cpu_ticks.append(app.cpu_ticks() - before)
            after_ns = app.cpu_ns()
            if before_ns is not None and after_ns is not None:
                result.cpu_ms.append((after_ns - before_ns) / 1e6)
            result.bytes.append(len(burst.data))
            result.wall_ms.append((burst.last - sent) * 1000 if burst.last else -1.0)
            result.rows.append(_rows_touched(burst.data))
            if burst.eof:
                app.alive_or_fail(f"nudge {i + 1}")
        ns1 = app.cpu_ns()
        result.cpu_ms_total = app.ticks_to_ms(app.cpu_ticks() - total0)
        if ns0 is not None and ns1 is not None:
            result.cpu_ms_total_schedstat = (ns1 - ns0) / 1e6
    finally:
        result.exit_status = app.close()
    return result


def measure_solver(
    argv: list[str], cols: int, rows: int, seconds: float, deadline: Deadline
) -> dict[str, Any]:
    """Open the auto-solver with `a`, play it with space and count its frames for `seconds`.

    A frame is a burst of output: chunks less than FRAME_GAP apart. CPU per frame is the
    child's CPU time over the window (clock ticks, and schedstat when present) / frames.
    """
    app = PtyApp("dartfit solver", argv, cols, rows, child_env())
    try:
        first = app.read_until_shown(
            b"Hint", min(STARTUP_TIMEOUT, deadline.left("starting the solver")), deadline
        )
        if first.last is None:
            raise BenchError(f"dartfit wrote nothing in {STARTUP_TIMEOUT:.0f} s")
        app.write(b"a")
        opened = app.read_until_quiet(FIRST_FRAME_QUIET, REPLY_TIMEOUT, deadline)
        app.alive_or_fail("opening the auto-solver")
        if b"Auto-solver" not in opened.data:
            raise BenchError("the auto-solver did not open with the key a")
        ticks0, ns0 = app.cpu_ticks(), app.cpu_ns()
        start = app.write(b" ")
        arrivals: list[tuple[float, int]] = []
        while (left := start + seconds - time.perf_counter()) > 0:
            data = app.read_chunk(min(left, deadline.left("solver")))
            if data is None:
                continue
            if not data:
                app.alive_or_fail("playing the auto-solver")
                break
            arrivals.append((time.perf_counter(), len(data)))
        ticks, ns1 = app.cpu_ticks() - ticks0, app.cpu_ns()
    finally:
        status = app.close()
    starts = [
        t for i, (t, _) in enumerate(arrivals) if i == 0 or t - arrivals[i - 1][0] > FRAME_GAP
    ]
    frames = len(starts)
    # frames per second between the first and the last frame (a count over the window would
    # lose up to one frame to where the window happens to start)
    span = starts[-1] - starts[0] if frames > 1 else 0.0
    cpu_ms = app.ticks_to_ms(ticks)
    precise = (ns1 - ns0) / 1e6 if ns0 is not None and ns1 is not None else None
    return {
        "seconds": seconds,
        "frames": frames,
        "fps": round((frames - 1) / span, 2) if span > 0 else 0.0,
        "bytes_per_frame": round(sum(n for _, n in arrivals) / frames) if frames else None,
        "cpu_ms_per_frame": round(cpu_ms / frames, 3) if frames else None,
        "cpu_ms_per_frame_schedstat": round(precise / frames, 3) if frames and precise else None,
        "exit_status": status,
    }


def measure_first_frames(
    apps: dict[str, list[str]], cols: int, rows: int, runs: int, deadline: Deadline
) -> dict[str, list[float]]:
    """Start each app `runs` times, in turn; seconds from spawn to its first frame's last byte.
    A first round goes untimed: each app's bytecode is written once, before it is timed."""
    times: dict[str, list[float]] = {name: [] for name in apps}
    for run in range(runs + 1):
        for name, argv in apps.items():
            started = time.perf_counter()
            app = PtyApp(name, argv, cols, rows, child_env())
            try:
                _, last = app.read_first_frame(deadline)
                if run:
                    times[name].append(last - started)
            finally:
                app.close()
    return times
