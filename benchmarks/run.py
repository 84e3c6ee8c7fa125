"""Speed benchmark: what one nudge of the line costs, in a real terminal, against a yardstick.

    python benchmarks/run.py [--size 120x40] [--nudges 40] [--json-only] [--timeout 60]

Method. A temporary folder gets one line level of 50 generated points (slope 2, intercept
1, noise 1.5, seed 1; the line starts at m = 0, b = 1 and the slope step is 0.1). Two apps
are then run, one after the other, each in its own pseudo-terminal (os.openpty, the slave
as stdin, stdout, stderr and controlling terminal, TERM=xterm-256color, COLORTERM unset,
the window size set with TIOCSWINSZ; no headless driver):

- dartfit: `python -m dartfit --data-dir DIR play bench --levels DIR`;
- reference: benchmarks/reference_app.py, the same points (from `dartfit export`), line and
  residual segments drawn with textual-plotext's PlotextPlot, replotted on every key.

Each app's first frame is waited for (output quiet for 300 ms), then it sits idle for
0.5 s (bytes or CPU spent there mean something animates). Then N nudges alternate → and ←
(so a level is never won and the chart stays comparable). For every nudge: the bytes the
app writes (the master is read until quiet for 100 ms), the wall time from writing the key
to the last byte of the repaint, and the child's CPU time, utime + stime from
/proc/PID/stat. Clock ticks are 10 ms, so the figure that matters is the total over all
nudges divided by N; the sum of the threads' /proc/PID/task/*/schedstat (nanoseconds) is
reported next to it as a cross-check. The app is then quit with ctrl+q (killed if it
lingers). Nobody answers the terminal queries Textual sends, so neither app uses
synchronized output, and ONLCR is left on, as in a fresh terminal.

Time to the first frame: `python -m dartfit --data-dir DIR` (the title screen, shipped
levels) against benchmarks/bare_app.py (a Header, a Static and a Footer), started in turn
at the same size, 5 times each (3 when --nudges < 10); the time from spawn to the last byte
of the first burst (output quiet for 300 ms), median of each. Goal: dartfit ≤ 1.25 × bare.

Goals, for dartfit: at most 10 ms of CPU per nudge (mean) and at most 8 KB per nudge
(every nudge: the max). The table is printed first and one JSON object is the last line of
stdout. Linux only (/proc). Everything has a timeout; the whole run stops after --timeout
seconds with a one-line error, and the children are always ended.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import fcntl
import io
import json
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the big-data part lives beside this file
import bigdata  # noqa: E402

SRC = HERE.parent / "src"

RIGHT, LEFT, CTRL_Q = b"\x1b[C", b"\x1b[D", b"\x11"
FIRST_FRAME_QUIET = 0.3  # s of silence that ends the first frame
NUDGE_QUIET = 0.1  # s of silence that ends one nudge's repaint
IDLE_WINDOW = 0.5  # s watched with no key, after the first frame
STARTUP_TIMEOUT = 30.0  # s until the first byte
REPLY_TIMEOUT = 3.0  # s until a nudge's first byte
MAX_BURST = 10.0  # s of output without a pause: the app never goes quiet
GOAL_CPU_MS = 10.0
GOAL_BYTES = 8 * 1024
SOLVER_SECONDS = 3.0  # s the auto-solver animation is watched (1 s when --nudges < 10)
FRAME_GAP = 0.005  # s of silence between two frames of the animation
GOAL_FPS = 30.0
GOAL_FRAME_CPU_MS = 15.0
FIRST_FRAME_RUNS = 5  # starts of each app, alternating (3 when --nudges < 10)
GOAL_FIRST_FRAME_RATIO = 1.25  # dartfit's time to first frame / the bare Textual app's

START_M, START_B, M_STEP = 0.0, 1.0, 0.1
POINTS = 50

LEVEL_TOML = f"""\
schema = 1
id = "bench"
title = "Benchmark"
kind = "line"
chapter = "Benchmark"
lesson = "training"
goal = "Nudge the line; this level only measures speed."
what_you_saw = "Nothing new: this level exists for the speed benchmark."
hints = ["Press the arrow keys."]

[data.generate]
n = {POINTS}
seed = 1
x_min = 0
x_max = 10
slope = 2.0
intercept = 1.0
noise = 1.5

[start]
m = {START_M}
b = {START_B}

[target]
metric = "mse"
factor = 2.0

[controls]
m_step = {M_STEP}
b_step = 0.5
"""

ANSI = re.compile(rb"\x1b(\[[0-9;?<>=$ ]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
CURSOR_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


class BenchError(Exception):
    """The benchmark could not measure; the message says what went wrong."""


class Deadline:
    """The time left for the whole run."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self, what: str) -> float:
        """Seconds left; raises BenchError naming `what` when none are."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise BenchError(f"the run took longer than {self.seconds:g} s (while {what})")
        return left


@dataclass
class Burst:
    """What the app wrote in one go: the bytes and when the first and last arrived."""

    data: bytes = b""
    first: float | None = None
    last: float | None = None
    eof: bool = False


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
            },
        }


class PtyApp:
    """A program running in its own pseudo-terminal, read and measured from the master side."""

    def __init__(self, name: str, argv: list[str], cols: int, rows: int, env: dict[str, str]):
        self.name = name
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.master = master
        self.log = bytearray()  # everything written, for error messages
        try:
            self.proc = subprocess.Popen(
                argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                cwd=HERE.parent,
                preexec_fn=_controlling_terminal,  # safe: this process runs no threads
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self.tck = os.sysconf("SC_CLK_TCK")

    def write(self, data: bytes) -> float:
        """Send keys; returns the time just before they were written."""
        t = time.perf_counter()
        os.write(self.master, data)
        return t

    def read_until_shown(self, words: bytes, timeout: float, deadline: Deadline) -> Burst:
        """Read until `words` are on screen (escape codes aside), then until the frame ends
        (FIRST_FRAME_QUIET of silence): a pause after the start-up preamble is not a frame."""
        burst = Burst()
        end = time.perf_counter() + timeout
        while words not in ANSI.sub(b"", burst.data) and time.perf_counter() < end:
            more = self.read_until_quiet(FIRST_FRAME_QUIET, end - time.perf_counter(), deadline)
            burst.data += more.data
            burst.first = burst.first or more.first
            burst.last = more.last or burst.last
            if more.eof:
                burst.eof = True
                break
        return burst

    def read_until_quiet(self, quiet: float, first_timeout: float, deadline: Deadline) -> Burst:
        """Read until `quiet` s pass without output (or none comes within `first_timeout` s)."""
        burst = Burst()
        chunks: list[bytes] = []
        give_up = time.perf_counter() + first_timeout
        while True:
            now = time.perf_counter()
            wait = (give_up if burst.last is None else burst.last + quiet) - now
            if wait <= 0:
                break
            if burst.first is not None and now - burst.first > MAX_BURST:
                raise BenchError(f"{self.name}: output did not pause for {MAX_BURST:.0f} s")
            ready, _, _ = select.select(
                [self.master], [], [], min(wait, deadline.left(f"measuring {self.name}"))
            )
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:  # EIO: the child closed the terminal
                data = b""
            if not data:
                burst.eof = True
                break
            t = time.perf_counter()
            chunks.append(data)
            burst.first = burst.first or t
            burst.last = t
        burst.data = b"".join(chunks)
        self.log += burst.data
        return burst

    def cpu_ticks(self) -> int:
        """utime + stime of the child (all its threads), in clock ticks."""
        try:
            stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        except OSError as e:
            raise BenchError(f"{self.name}: cannot read its CPU time ({e})") from None
        fields = stat[stat.rindex(")") + 2 :].split()
        return int(fields[11]) + int(fields[12])  # fields 14 and 15 of proc(5)

    def cpu_ns(self) -> int | None:
        """Nanoseconds on a CPU, summed over the child's threads (None without schedstat)."""
        total = 0
        try:
            for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
                with contextlib.suppress(FileNotFoundError):  # a thread just ended
                    total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        return total

    def ticks_to_ms(self, ticks: int) -> float:
        """Clock ticks as milliseconds."""
        return ticks * 1000.0 / self.tck

    def alive_or_fail(self, what: str) -> None:
        """Raise with the app's last words if it has exited."""
        if self.proc.poll() is not None:
            text = ANSI.sub(b"", bytes(self.log)).decode("utf-8", "replace")
            tail = " ".join(text.split())[-300:]
            raise BenchError(
                f"{self.name} exited with status {self.proc.returncode} while {what}: {tail!r}"
            )

    def close(self) -> int | None:
        """Quit with ctrl+q, reading its last output; end it if it lingers. Returns its status."""
        if self.proc.poll() is None:
            with contextlib.suppress(OSError, BenchError):
                self.write(CTRL_Q)
                end = time.monotonic() + 5.0
                while self.proc.poll() is None and time.monotonic() < end:
                    if self.read_until_quiet(0.2, 0.2, Deadline(5.0)).eof:
                        break
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=2.0)
        status = self.proc.poll()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.proc.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)  # its own session, so its own group
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=2.0)
        with contextlib.suppress(OSError):
            os.close(self.master)
        return status


def _controlling_terminal() -> None:
    """In the child: a new session whose controlling terminal is the pty (stdin)."""
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


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
    env = _child_env()
    started = time.perf_counter()
    app = PtyApp(name, argv, cols, rows, env)
    try:
        first = app.read_until_quiet(
            FIRST_FRAME_QUIET, min(STARTUP_TIMEOUT, deadline.left(f"starting {name}")), deadline
        )
        app.alive_or_fail("drawing its first frame")
        if first.last is None:
            raise BenchError(f"{name} wrote nothing in {STARTUP_TIMEOUT:.0f} s")
        result.startup_s = first.last - started
        result.first_frame_bytes = len(first.data)
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
            before = app.cpu_ticks()
            sent = app.write(RIGHT if i % 2 == 0 else LEFT)
            burst = app.read_until_quiet(NUDGE_QUIET, REPLY_TIMEOUT, deadline)
            result.cpu_ticks.append(app.cpu_ticks() - before)
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
    app = PtyApp("dartfit solver", argv, cols, rows, _child_env())
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
            ready, _, _ = select.select([app.master], [], [], min(left, deadline.left("solver")))
            if ready:
                try:
                    data = os.read(app.master, 65536)
                except OSError:
                    data = b""
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
) -> dict[str, Any]:
    """Start each app `runs` times, in turn; seconds from spawn to its first frame's last byte."""
    times: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(runs):
        for name, argv in apps.items():
            started = time.perf_counter()
            app = PtyApp(name, argv, cols, rows, _child_env())
            try:
                first = app.read_until_quiet(
                    FIRST_FRAME_QUIET,
                    min(STARTUP_TIMEOUT, deadline.left(f"starting {name}")),
                    deadline,
                )
                app.alive_or_fail("drawing its first frame")
                if first.last is None:
                    raise BenchError(f"{name} wrote nothing in {STARTUP_TIMEOUT:.0f} s")
                times[name].append(first.last - started)
            finally:
                app.close()
    medians = {name: statistics.median(t) for name, t in times.items()}
    ratio = medians["dartfit"] / medians["bare"]
    return {
        "runs": runs,
        "dartfit_s": round(medians["dartfit"], 3),
        "bare_s": round(medians["bare"], 3),
        "ratio": round(ratio, 3),
        "dartfit_runs_s": [round(t, 3) for t in times["dartfit"]],
        "bare_runs_s": [round(t, 3) for t in times["bare"]],
        "goal": {
            "limit": GOAL_FIRST_FRAME_RATIO,
            "value": round(ratio, 3),
            "pass": ratio <= GOAL_FIRST_FRAME_RATIO,
        },
    }


def solver_goals(d: dict[str, Any]) -> dict[str, Any]:
    """The auto-solver's goals: ≥ 30 frames per second sustained, ≤ 15 ms CPU per frame."""
    fps, cpu = d["fps"], d["cpu_ms_per_frame_schedstat"] or d["cpu_ms_per_frame"]
    return {
        "fps": {"limit": GOAL_FPS, "value": fps, "pass": fps >= GOAL_FPS},
        "cpu_ms_per_frame": {
            "limit": GOAL_FRAME_CPU_MS,
            "value": cpu,
            "pass": cpu is not None and cpu <= GOAL_FRAME_CPU_MS,
        },
    }


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    for key in ("COLORTERM", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"):
        env.pop(key, None)
    env["TERM"] = "xterm-256color"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


def write_level(folder: Path) -> tuple[Path, Path, Path]:
    """The level folder, the progress folder and the level's points as CSV."""
    levels, data = folder / "levels", folder / "data"
    levels.mkdir()
    data.mkdir()
    (levels / "01-bench.toml").write_text(LEVEL_TOML, encoding="utf-8")
    points = folder / "points.csv"
    argv = [sys.executable, "-m", "dartfit", "export", "bench", "--levels", str(levels)]
    try:
        done = subprocess.run(
            argv, env=_child_env(), capture_output=True, text=True, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError("`dartfit export` took more than 30 s") from None
    if done.returncode != 0:
        raise BenchError(f"`dartfit export` failed: {done.stderr.strip() or done.returncode}")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    if len(rows) != POINTS:
        raise BenchError(f"the benchmark level has {len(rows)} points, expected {POINTS}")
    points.write_text(done.stdout, encoding="utf-8")
    return levels, data, points


def ratios(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float | None]:
    """dartfit / reference for each headline figure."""
    keys = ("cpu_ms_per_nudge", "wall_ms_median", "bytes_median", "bytes_max")
    return {k: round(a[k] / b[k], 3) if a[k] is not None and b[k] else None for k in keys}


def goals(d: dict[str, Any]) -> dict[str, Any]:
    """dartfit's two speed goals and whether they are met."""
    cpu, most = d["cpu_ms_per_nudge"], d["bytes_max"]
    return {
        "cpu_ms_per_nudge": {
            "limit": GOAL_CPU_MS,
            "value": cpu,
            "pass": cpu is not None and cpu <= GOAL_CPU_MS,
        },
        "bytes_per_nudge_max": {
            "limit": GOAL_BYTES,
            "value": most,
            "pass": most is not None and most <= GOAL_BYTES,
        },
    }


def table(report: dict[str, Any]) -> str:
    """The human-readable table."""

    def cell(value: Any, spec: str) -> str:
        return "–" if value is None else format(value, spec)

    head = (
        f"{'':<12}{'CPU ms/nudge':>14}{'(schedstat)':>13}{'wall ms':>10}"
        f"{'bytes med':>11}{'bytes max':>11}{'rows med':>10}"
    )
    lines = [
        f"dartfit speed: line level, {report['points']} points, {report['size']}, "
        f"{report['nudges']} nudges (→ ← alternating), real pty",
        head,
        f"{'':<12}{'(mean)':>14}{'':>13}{'(median)':>10}",
    ]
    names = {"dartfit": "dartfit", "dartfit_same_scene": "  no squares", "reference": "reference"}
    for name, label in names.items():
        d = report[name]
        lines.append(
            f"{label:<12}{cell(d['cpu_ms_per_nudge'], '.2f'):>14}"
            f"{cell(d['cpu_ms_per_nudge_schedstat'], '.2f'):>13}"
            f"{cell(d['wall_ms_median'], '.1f'):>10}{cell(d['bytes_median'], ',.0f'):>11}"
            f"{cell(d['bytes_max'], ',.0f'):>11}{cell(d['rows_median'], '.0f'):>10}"
        )
    for key, label in (("ratios", "ratio d/r"), ("ratios_same_scene", "  no squares")):
        r = report[key]
        lines.append(
            f"{label:<12}{cell(r['cpu_ms_per_nudge'], '.3f'):>14}{'':>13}"
            f"{cell(r['wall_ms_median'], '.3f'):>10}{cell(r['bytes_median'], '.3f'):>11}"
            f"{cell(r['bytes_max'], '.3f'):>11}"
        )
    for name in ("dartfit", "reference"):
        d = report[name]
        lines.append(
            f"{name}: startup {d['startup_s']:.2f} s, first frame {d['first_frame_bytes']:,} B, "
            f"idle 0.5 s: {d['idle_bytes']} B {d['idle_cpu_ms']:.0f} ms CPU, "
            f"nudges without output: {d['silent_nudges']}"
        )
    for key, label in (("goals", "with squares"), ("goals_same_scene", "reference's scene")):
        g = report[key]
        cpu, size = g["cpu_ms_per_nudge"], g["bytes_per_nudge_max"]
        lines.append(
            f"{label}: goal CPU ≤ {GOAL_CPU_MS:g} ms per nudge: {cell(cpu['value'], '.2f')} ms "
            f"{'PASS' if cpu['pass'] else 'MISS'}; goal ≤ {GOAL_BYTES // 1024} KB per nudge "
            f"(max): {cell(size['value'], ',.0f')} B {'PASS' if size['pass'] else 'MISS'}"
        )
    d, g = report["solver"], report["solver_goals"]
    lines.append(
        f"auto-solver (a, then space), {d['seconds']:g} s: {d['frames']} frames, "
        f"{d['fps']:.1f} fps (goal ≥ {GOAL_FPS:g}: {'PASS' if g['fps']['pass'] else 'MISS'}), "
        f"CPU {cell(g['cpu_ms_per_frame']['value'], '.2f')} ms/frame (ticks "
        f"{cell(d['cpu_ms_per_frame'], '.2f')}; goal ≤ {GOAL_FRAME_CPU_MS:g}: "
        f"{'PASS' if g['cpu_ms_per_frame']['pass'] else 'MISS'}), "
        f"{cell(d['bytes_per_frame'], ',.0f')} B/frame"
    )
    f = report["first_frame"]
    lines.append(
        f"first frame (title screen, median of {f['runs']}): dartfit {f['dartfit_s']:.3f} s, "
        f"bare Textual app {f['bare_s']:.3f} s, ratio {f['ratio']:.2f} "
        f"(goal ≤ {GOAL_FIRST_FRAME_RATIO:g}: {'PASS' if f['goal']['pass'] else 'MISS'})"
    )
    lines.append(bigdata.table(report["bigdata"]))
    return "\n".join(lines)


def _size(text: str) -> tuple[int, int]:
    try:
        cols, rows = (int(p) for p in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    if cols < 20 or rows < 10:
        raise argparse.ArgumentTypeError(f"too small: {text!r}")
    return cols, rows


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {text!r}")
    return value


def run(
    cols: int, rows: int, nudges: int, deadline: Deadline, solver_seconds: float | None = None
) -> dict[str, Any]:
    """Measure both apps and build the report."""
    if not Path("/proc/self/stat").exists():
        raise BenchError("needs Linux /proc to read the apps' CPU time")
    with tempfile.TemporaryDirectory(prefix="dartfit-bench-") as tmp:
        levels, data, points = write_level(Path(tmp))
        # --data-dir belongs to `dartfit` itself, not to the `play` sub-command
        dartfit = [sys.executable, "-m", "dartfit", "--data-dir", str(data)]
        dartfit += ["play", "bench", "--levels", str(levels)]
        reference = [sys.executable, str(HERE / "reference_app.py"), "--data", str(points)]
        reference += ["--m", str(START_M), "--b", str(START_B), "--step", str(M_STEP)]
        ours = measure("dartfit", dartfit, cols, rows, nudges, deadline).summary()
        # the reference's scene: points, line and residuals, no penalty squares (key s)
        plain = measure("dartfit", dartfit, cols, rows, nudges, deadline, b"s").summary()
        theirs = measure("reference", reference, cols, rows, nudges, deadline).summary()
        seconds = solver_seconds or (SOLVER_SECONDS if nudges >= 10 else 1.0)
        solver = measure_solver(dartfit, cols, rows, seconds, deadline)
        title = [sys.executable, "-m", "dartfit", "--data-dir", str(data)]
        bare = [sys.executable, str(HERE / "bare_app.py")]
        runs = FIRST_FRAME_RUNS if nudges >= 10 else 3
        first_frame = measure_first_frames(
            {"dartfit": title, "bare": bare}, cols, rows, runs, deadline
        )
    big = bigdata.run_bigdata(measure, cols, rows, max(nudges // 2, 3), deadline, SRC)
    return {
        "size": f"{cols}x{rows}",
        "points": POINTS,
        "nudges": nudges,
        "keys": "right/left alternating",
        "dartfit": ours,
        "dartfit_same_scene": plain,
        "reference": theirs,
        "ratios": ratios(ours, theirs),
        "ratios_same_scene": ratios(plain, theirs),
        "goals": goals(ours),
        "goals_same_scene": goals(plain),
        "solver": solver,
        "solver_goals": solver_goals(solver),
        "first_frame": first_frame,
        "bigdata": big,
    }


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise BenchError("the benchmark hit its hard time limit")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when it measured (goals met or not), 1 when it could not."""
    parser = argparse.ArgumentParser(description="dartfit's speed benchmark (see the docstring)")
    parser.add_argument("--size", type=_size, default=(120, 40), help="WxH (default 120x40)")
    parser.add_argument("--nudges", type=_positive, default=40, help="key presses (default 40)")
    parser.add_argument("--json-only", action="store_true", help="print only the JSON object")
    parser.add_argument(
        "--solver-seconds",
        type=float,
        default=None,
        help="seconds the auto-solver is watched (default 3, or 1 when --nudges < 10)",
    )
    parser.add_argument("--timeout", type=_positive, default=180, help="seconds for the whole run")
    args = parser.parse_args(argv)
    cols, rows = args.size
    signal.signal(signal.SIGALRM, _alarm)  # a backstop: every wait also has its own timeout
    signal.alarm(args.timeout + 5)
    try:
        report = run(cols, rows, args.nudges, Deadline(args.timeout), args.solver_seconds)
    except BenchError as e:
        print(f"benchmark failed: {e}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
    if not args.json_only:
        print(table(report))
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
