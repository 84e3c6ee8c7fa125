"""The benchmark's measurements of one app in a pty: key cost, the auto-solver, first frame.

`measure` presses a path of keys and keeps, per key, the bytes, the CPU (schedstat and
clock ticks), the time to the repaint's first and last byte, and the app's memory at the
end; `measure_solver`
counts the auto-solver's frames; `measure_first_frames` times the first frames of several
apps started in turn. run.py's docstring describes the method in full.
"""

from __future__ import annotations

import itertools
import os
import statistics
import time
from dataclasses import dataclass, field, replace
from typing import Any

from path import KEYS
from pty_app import (
    ANSI,
    FIRST_FRAME_QUIET,
    STARTUP_TIMEOUT,
    BenchError,
    Deadline,
    PtyApp,
    child_env,
)

KEY_QUIET = 0.1  # s of silence that ends one key's repaint
IDLE_WINDOW = 0.5  # s watched with no key, after the first frame
REPLY_TIMEOUT = 20.0  # s until a nudge's first byte: every key of the path moves the line,
# so a repaint comes (none is an error); on a loaded machine (the suite's other workers) one
# came after 3 s, and the key had been counted as sending nothing
FRAME_GAP = 0.005  # s of silence between two frames of the animation

TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Result:
    """One app's measurements over a path of keys."""

    name: str
    keys: list[str] = field(default_factory=list)
    startup_s: float = 0.0
    first_frame_bytes: int = 0
    idle_bytes: int = 0
    idle_cpu_ms: float = 0.0
    bytes: list[int] = field(default_factory=list)
    response_ms: list[float] = field(default_factory=list)
    """From writing the key to the first byte of its repaint: how long the screen froze."""
    wall_ms: list[float] = field(default_factory=list)
    """From writing the key to the last byte of its repaint."""
    cpu_ms: list[float] = field(default_factory=list)
    """Each key's CPU from schedstat (nanoseconds; empty where the kernel has none)."""
    cpu_ticks: list[int] = field(default_factory=list)
    memory_kb: dict[str, int] = field(default_factory=dict)
    exit_status: int | None = None

    def summary(self) -> dict[str, Any]:
        """The numbers the table and the JSON report."""
        n = len(self.bytes)
        cpu = self.cpu_ms or [self.ticks_ms(t) for t in self.cpu_ticks]
        return {
            "keys": n,
            "cpu_from": "schedstat" if self.cpu_ms else "clock ticks",
            "cpu_ms_mean": round(statistics.fmean(cpu), 3) if cpu else None,
            "cpu_ms_median": round(statistics.median(cpu), 3) if cpu else None,
            "cpu_ms_p95": _p95(cpu),
            "cpu_ms_max": round(max(cpu), 3) if cpu else None,
            "bytes_median": statistics.median(self.bytes) if n else None,
            "bytes_p95": _p95(self.bytes),
            "bytes_max": max(self.bytes) if n else None,
            "response_ms_max": round(max(self.response_ms), 1) if self.response_ms else None,
            "wall_ms_median": round(statistics.median(self.wall_ms), 2) if self.wall_ms else None,
            "silent_keys": sum(1 for b in self.bytes if b == 0),
            "startup_s": round(self.startup_s, 3),
            "first_frame_bytes": self.first_frame_bytes,
            "idle_bytes": self.idle_bytes,
            "idle_cpu_ms": round(self.idle_cpu_ms, 1),
            "memory_kb": self.memory_kb,
            "exit_status": self.exit_status,
            "per_key": {
                "keys": self.keys,
                "bytes": self.bytes,
                "cpu_ms": [round(c, 3) for c in cpu],
                "response_ms": [round(w, 1) for w in self.response_ms],
            },
        }

    @staticmethod
    def ticks_ms(ticks: int) -> float:
        return ticks * 1000.0 / TICK


def merged(rounds: list[Result]) -> Result:
    """One app's rounds over the same path as one measurement: every key of every round
    (its start-up and memory those of the last round)."""
    last = rounds[-1]
    schedstat = all(r.cpu_ms for r in rounds)  # else clock ticks, for every round alike
    return replace(
        last,
        keys=[k for r in rounds for k in r.keys],
        bytes=[b for r in rounds for b in r.bytes],
        response_ms=[t for r in rounds for t in r.response_ms],
        wall_ms=[t for r in rounds for t in r.wall_ms],
        cpu_ms=[c for r in rounds for c in r.cpu_ms] if schedstat else [],
        cpu_ticks=[t for r in rounds for t in r.cpu_ticks],
    )


def _p95(values: list[int] | list[float]) -> float | None:
    """The 95th percentile (nearest rank): what one key in twenty costs or more."""
    if not values:
        return None
    ranked = sorted(values)
    return round(float(ranked[max(0, -(-95 * len(ranked) // 100) - 1)]), 3)


def measure(
    name: str,
    argv: list[str],
    cols: int,
    rows: int,
    keys: list[str],
    deadline: Deadline,
    setup: bytes = b"",
    quiet: float = KEY_QUIET,
    toast: bytes = b"",
) -> Result:
    """Start one app in a pty, wait for its first frame, click away the toast that shows
    `toast` (if given), press `setup`, then each key of the path; a key's repaint ends after
    `quiet` s of silence (long enough for every timer the key starts to fire, where the app
    has any); quit the app."""
    result = Result(name, list(keys))
    started = time.perf_counter()
    app = PtyApp(name, argv, cols, rows, child_env())
    try:
        frame, last = app.read_first_frame(deadline)
        result.startup_s = last - started
        result.first_frame_bytes = len(frame)
        if toast:
            app.click_away_toast(toast, frame, REPLY_TIMEOUT, deadline)
        if setup:
            app.write(setup)
            app.read_until_quiet(FIRST_FRAME_QUIET, REPLY_TIMEOUT, deadline)

        ticks0 = app.cpu_ticks()
        idle = app.read_until_quiet(IDLE_WINDOW, IDLE_WINDOW, deadline)
        result.idle_bytes = len(idle.data)
        result.idle_cpu_ms = app.ticks_to_ms(app.cpu_ticks() - ticks0)

        for i, key in enumerate(keys):
            app.alive_or_fail(f"key {i + 1} ({key})")
            before, before_ns = app.cpu_ticks(), app.cpu_ns()
            sent = app.write(KEYS[key])
            burst = app.read_until_quiet(quiet, REPLY_TIMEOUT, deadline)
            if burst.first is None and not burst.eof:  # every key of the path moves the line
                raise BenchError(f"{name}: key {i + 1} ({key}) drew nothing in {REPLY_TIMEOUT:g} s")
            result.cpu_ticks.append(app.cpu_ticks() - before)
            after_ns = app.cpu_ns()
            if before_ns is not None and after_ns is not None:
                result.cpu_ms.append((after_ns - before_ns) / 1e6)
            result.bytes.append(len(burst.data))
            if burst.first is not None and burst.last is not None:
                result.response_ms.append((burst.first - sent) * 1000)
                result.wall_ms.append((burst.last - sent) * 1000)
            if burst.eof:
                app.alive_or_fail(f"key {i + 1} ({key})")
        result.memory_kb = app.memory_kb()
    finally:
        result.exit_status = app.close()
    return result


def measure_solver(
    argv: list[str], cols: int, rows: int, seconds: float, deadline: Deadline, toast: bytes = b""
) -> dict[str, Any]:
    """Click away the toast that shows `toast` (if given), open the auto-solver with `a`, play
    it with space and count its frames for `seconds`.

    A frame is a burst of output: chunks less than FRAME_GAP apart. CPU per frame is the
    child's CPU time over the window (clock ticks, and schedstat when present) / frames;
    with schedstat, each frame's own too (the CPU from its first byte to the next frame's:
    its median, p95 and max, a frame's worst beside its typical cost).
    """
    app = PtyApp("dartfit solver", argv, cols, rows, child_env())
    try:
        first = app.read_until_shown(
            b"Hint", min(STARTUP_TIMEOUT, deadline.left("starting the solver")), deadline
        )
        if first.last is None:
            raise BenchError(f"dartfit wrote nothing in {STARTUP_TIMEOUT:.0f} s")
        if toast:
            app.click_away_toast(toast, first.data, REPLY_TIMEOUT, deadline)
        app.write(b"a")  # before a win it asks first (it shows the best line): y
        app.read_until_shown(b"Watch the auto-solver?", REPLY_TIMEOUT, deadline)
        app.write(b"y")
        opened = app.read_until_shown(b"Auto-solver", REPLY_TIMEOUT, deadline)
        app.alive_or_fail("opening the auto-solver")
        if b"Auto-solver" not in opened.data:
            raise BenchError("the auto-solver did not open with the keys a, y")
        ticks0, ns0 = app.cpu_ticks(), app.cpu_ns()
        start = app.write(b" ")
        arrivals: list[tuple[float, int]] = []
        at_frames: list[int] = []  # the child's CPU (schedstat ns) as each frame began
        while (left := start + seconds - time.perf_counter()) > 0:
            data = app.read_chunk(min(left, deadline.left("solver")))
            if data is None:
                continue
            if not data:
                app.alive_or_fail("playing the auto-solver")
                break
            now = time.perf_counter()
            if (not arrivals or now - arrivals[-1][0] > FRAME_GAP) and ns0 is not None:
                at_frames.append(app.cpu_ns() or 0)
            arrivals.append((now, len(data)))
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
    each = [(b - a) / 1e6 for a, b in itertools.pairwise(at_frames) if a and b]
    return {
        "seconds": seconds,
        "frames": frames,
        "fps": round((frames - 1) / span, 2) if span > 0 else 0.0,
        "bytes_per_frame": round(sum(n for _, n in arrivals) / frames) if frames else None,
        "cpu_ms_per_frame": round(cpu_ms / frames, 3) if frames else None,
        "cpu_ms_per_frame_schedstat": round(precise / frames, 3) if frames and precise else None,
        "cpu_ms_frame_median": round(statistics.median(each), 3) if each else None,
        "cpu_ms_frame_p95": _p95(each),
        "cpu_ms_frame_max": round(max(each), 3) if each else None,
        "exit_status": status,
    }


def measure_first_frames(
    apps: dict[str, tuple[list[str], bytes]], cols: int, rows: int, runs: int, deadline: Deadline
) -> tuple[dict[str, list[float]], dict[str, dict[str, int]]]:
    """Start each app `runs` times, in turn: seconds from spawn to the last byte of the first
    frame that shows the app's words, and each app's memory then (its last run's). A first
    round goes untimed: each app's bytecode is written once, before it is timed."""
    times: dict[str, list[float]] = {name: [] for name in apps}
    memory: dict[str, dict[str, int]] = {}
    for run in range(runs + 1):
        for name, (argv, words) in apps.items():
            started = time.perf_counter()
            app = PtyApp(name, argv, cols, rows, child_env())
            try:
                wait = min(STARTUP_TIMEOUT, deadline.left(f"starting {name}"))
                frame = app.read_until_shown(words, wait, deadline)
                app.alive_or_fail("drawing its first frame")
                if frame.last is None or words not in ANSI.sub(b"", frame.data):
                    raise BenchError(f"{name} did not show {words!r} in {wait:.0f} s")
                if run:
                    times[name].append(frame.last - started)
                memory[name] = app.memory_kb()
            finally:
                app.close()
    return times, memory
