"""The benchmark's pty driver: an app in its own pseudo-terminal, fed keys and read by bursts.

The slave side is the child's stdin, stdout, stderr and controlling terminal
(TERM=xterm-256color, COLORTERM unset, the size set with TIOCSWINSZ; no headless driver).
The master side is read until the output goes quiet; the child's CPU time comes from
/proc/PID/stat (clock ticks) and /proc/PID/task/*/schedstat (nanoseconds). Everything
waits against a Deadline, and a BenchError says what could not be measured.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import select
import signal
import struct
import subprocess
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"

CTRL_Q = b"\x11"
FIRST_FRAME_QUIET = 0.3  # s of silence that ends the first frame
STARTUP_TIMEOUT = 30.0  # s until the first byte
MAX_BURST = 10.0  # s of output without a pause: the app never goes quiet

ANSI = re.compile(rb"\x1b(\[[0-9;?<>=$ ]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


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


PYCACHE = Path(tempfile.gettempdir()) / "dartfit-bench-pycache"
"""Where the measured apps keep their compiled bytecode, as an installed package has it."""


def child_env() -> dict[str, str]:
    """The environment of a measured app: a plain xterm, dartfit's sources importable, and
    bytecode written and read under PYCACHE (with PYTHONDONTWRITEBYTECODE set, every start
    compiled dartfit's sources again while Textual's came compiled: 70 ms against dartfit)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    for key in ("COLORTERM", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"):
        env.pop(key, None)
    env["TERM"] = "xterm-256color"
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


def child_json(argv: list[str], what: str, most: float, deadline: Deadline) -> Any:
    """Run a measuring child (`argv`, in `child_env`) for at most `most` seconds (and the run's
    time left), and read the JSON object its last line of output holds; BenchError naming
    `what` if it took too long or failed."""
    timeout = min(most, deadline.left(what))
    try:
        done = subprocess.run(
            argv, env=child_env(), capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"{what} took more than {timeout:.0f} s") from None
    if done.returncode != 0:
        raise BenchError(f"{what} failed: {done.stderr.strip()[-300:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class PtyApp:
    """A program running in its own pseudo-terminal, read and measured from the master side."""

    def __init__(self, name: str, argv: list[str], cols: int, rows: int, env: dict[str, str]):
        self.name = name
        self.cols, self.rows = cols, rows
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

    def read_chunk(self, timeout: float) -> bytes | None:
        """One read of the master: None if nothing came within `timeout` s, b"" at its end."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return None
        try:
            return os.read(self.master, 65536)
        except OSError:  # EIO: the child closed the terminal
            return b""

    def read_first_frame(self, deadline: Deadline) -> tuple[bytes, float]:
        """The first frame (until FIRST_FRAME_QUIET of silence) and when its last byte came."""
        first = self.read_until_quiet(
            FIRST_FRAME_QUIET,
            min(STARTUP_TIMEOUT, deadline.left(f"starting {self.name}")),
            deadline,
        )
        self.alive_or_fail("drawing its first frame")
        if first.last is None:
            raise BenchError(f"{self.name} wrote nothing in {STARTUP_TIMEOUT:.0f} s")
        return first.data, first.last

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

    def click_away_toast(
        self, words: bytes, seen: bytes, timeout: float, deadline: Deadline
    ) -> None:
        """Wait for a toast that shows `words` (unless it is in what was `seen` already) and
        click it away, as a player would: it sits at the bottom right, above the footer, and
        covers the cells under it until it expires (the benchmark level's toast, that its
        target can't be met, for 30 s: most of a path)."""
        if words not in ANSI.sub(b"", seen):
            seen = self.read_until_shown(words, timeout, deadline).data
        self.alive_or_fail("showing its toast")
        if words not in ANSI.sub(b"", seen):
            raise BenchError(f"{self.name}: no toast saying {words.decode()!r} in {timeout:g} s")
        x, y = self.cols - 4, self.rows - 1  # the toast's last row, above the footer
        self.write(f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m".encode())
        self.read_until_quiet(FIRST_FRAME_QUIET, timeout, deadline)

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
            data = self.read_chunk(min(wait, deadline.left(f"measuring {self.name}")))
            if data is None:
                continue
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

    def memory_kb(self) -> dict[str, int]:
        """The child's memory now, in KiB: resident (rss), its peak (hwm) and proportional
        (pss, resident with shared pages divided among their users); {} where unreadable."""
        found: dict[str, int] = {}
        wanted = {"VmRSS:": "rss", "VmHWM:": "hwm", "Pss:": "pss"}
        for name in ("status", "smaps_rollup"):
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{self.proc.pid}/{name}").read_text().splitlines():
                    key, *rest = line.split()
                    if key in wanted and rest:
                        found[wanted[key]] = int(rest[0])
        return found

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
