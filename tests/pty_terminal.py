"""A program in a real pseudo-terminal, driven and read from the master side (for the tests).

The approach of benchmarks/pty_app.py's PtyApp (os.openpty; the slave as stdin, stdout, stderr
and controlling terminal; TIOCSWINSZ for the size), made safe to run from several threads
at once: the child takes the terminal as its controlling one in a tiny shim that then execs
the program (a preexec_fn is not safe once the test process runs threads). The parent keeps
the slave open, so the terminal's settings can be compared before and after the program ran.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pyte

# in the child: a new session (start_new_session), the pty as its controlling terminal, exec
_SHIM = (
    "import fcntl, os, sys, termios\n"
    "fcntl.ioctl(0, termios.TIOCSCTTY, 0)\n"
    "os.execv(sys.argv[1], sys.argv[1:])\n"
)


def _block(signals: tuple[int, ...]) -> str:
    """Python that blocks `signals` in the process about to exec (none: nothing)."""
    if not signals:
        return ""
    numbers = [int(s) for s in signals]
    return f"import signal\nsignal.pthread_sigmask(signal.SIG_BLOCK, {numbers!r})\n"


ANSI = re.compile(rb"\x1b(\[[0-9;?<>=$ ]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
PRIVATE_MODE = re.compile(rb"\x1b\[\?([0-9;]+)([hl])")
# Textual asks whether the terminal can draw a frame at once (synchronized output, mode
# 2026); the test terminal says yes, so every frame comes between these two marks and a
# wait can look only at whole frames
ASKS_SYNC, SAYS_SYNC = b"\x1b[?2026$p", b"\x1b[?2026;2$y"
FRAME_END = b"\x1b[?2026l"
# how a fresh terminal starts: cursor shown (25) and autowrap on (7); every other mode off
MODES_ON_AT_START = frozenset({25, 7})


class Shown:
    """What a terminal shows of what a program wrote, by pyte (an independent emulator): the
    program sends only the cells that change, so a new word may arrive in pieces and is
    looked for on this screen, not in the bytes."""

    def __init__(self, cols: int, rows: int) -> None:
        self.screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self.screen)

    def feed(self, data: bytes | str) -> None:
        self._stream.feed(data.encode() if isinstance(data, str) else data)

    def text(self) -> str:
        """The screen's text, row by row."""
        return "\n".join(self.screen.display)

    def has_new(self, words: str, sent: str, already: bool) -> bool:
        """Whether `words` were sent whole (in `sent`, escape codes taken out), or are on the
        screen now when they were not (`already`) before."""
        return words in sent or (not already and words in self.text())


class Terminal:
    """One program in its own pseudo-terminal of `cols` × `rows`."""

    def __init__(
        self,
        argv: list[str],
        cols: int,
        rows: int,
        env: dict[str, str],
        cwd: Path,
        blocked: tuple[int, ...] = (),
    ):
        """Start argv on a new pty of cols×rows; `blocked` signals are never delivered to it
        (blocked before exec, as a parent's mask would leave them)."""
        self.master, self.slave = os.openpty()
        self.shown = Shown(cols, rows)  # what the terminal shows
        self.screen = self.shown.screen
        self._fed = 0
        self._shown_at: dict[tuple[int, int, int], str] = {}  # see `shows_at`
        self.resize(cols, rows, signal_child=False)
        self.settings_before = termios.tcgetattr(self.slave)
        self.output = bytearray()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _block(blocked) + _SHIM, *argv],
                stdin=self.slave,
                stdout=self.slave,
                stderr=self.slave,
                env=env,
                cwd=cwd,
                start_new_session=True,
            )
        except BaseException:
            os.close(self.master)
            os.close(self.slave)
            raise

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def resize(self, cols: int, rows: int, signal_child: bool = True) -> None:
        """Set the window size, and tell the program with SIGWINCH as a terminal would."""
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self._feed(len(self.output) if hasattr(self, "output") else 0)
        self.screen.resize(rows, cols)
        if signal_child and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.proc.pid, signal.SIGWINCH)

    def send(self, keys: bytes) -> None:
        """Type `keys`."""
        os.write(self.master, keys)

    def read(self, quiet: float, first: float, limit: float = 15.0) -> bytes:
        """What the program writes until `quiet` s pass without output (or none comes within
        `first` s); never longer than `limit` s in all."""
        chunks: list[bytes] = []
        now = time.monotonic()
        give_up, last = min(now + first, now + limit), None
        end = now + limit
        while (left := min(end, give_up if last is None else last + quiet) - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
            if ASKS_SYNC in data:
                os.write(self.master, SAYS_SYNC)
            last = time.monotonic()
        out = b"".join(chunks)
        self.output += out
        return out

    def wait_for(self, wanted: str | bytes, timeout: float, since: int = 0) -> bool:
        """Read until `wanted` is in what the program wrote from offset `since` on: words
        on screen (a str) in a whole frame, or raw bytes such as the bell anywhere; False if
        it ends or `timeout` s pass first.

        Only frames drawn completely count for words (once the program draws synchronized
        frames), so what the rest of a frame still on its way shows can't be taken for an
        answer to the next key.
        """
        end = time.monotonic() + timeout

        # words already on screen at `since` count only when they are drawn again after it
        # (the program sends only the cells that change: a new word may arrive in pieces)
        already = isinstance(wanted, str) and wanted in self.shows_at(since)

        def seen() -> bool:
            written = bytes(self.output[since:])
            if isinstance(wanted, bytes):
                return wanted in written
            if FRAME_END in self.output:
                written = written[: written.rfind(FRAME_END) + len(FRAME_END)]
                if FRAME_END not in written:
                    return False  # no frame drawn whole since `since`
            self._feed(since + len(written))
            return self.shown.has_new(wanted, text_of(written), already)

        while not seen():
            left = end - time.monotonic()
            if left <= 0 or (not self.alive() and not self.read(0.0, 0.05)):
                return seen()
            self.read(0.0, min(left, 0.5))
        return True

    def _feed(self, end: int) -> None:
        """Bring the screen up to what the program wrote before offset `end`."""
        if end > self._fed:
            self.shown.feed(bytes(self.output[self._fed : end]))
            self._fed = end

    def shows(self) -> str:
        """The screen's text, row by row, as far as it has been brought up."""
        return self.shown.text()

    def shows_at(self, offset: int) -> str:
        """The screen's text once the program's first `offset` bytes were drawn."""
        key = (offset, self.screen.columns, self.screen.lines)
        if key not in self._shown_at:  # what was written is never unwritten: kept, as a
            # wait for an answer asks again and again (replayed each time, a game's long
            # output took a loaded machine more than the wait's second, and no answer
            # was ever seen)
            if offset >= self._fed:
                self._feed(offset)
                self._shown_at[key] = self.shows()
            else:
                then = Shown(self.screen.columns, self.screen.lines)
                then.feed(bytes(self.output[:offset]))
                self._shown_at[key] = then.text()
        return self._shown_at[key]

    def wait_gone(self, words: str, timeout: float) -> bool:
        """Read until a frame drawn whole no longer shows `words` (False after `timeout` s)."""
        end = time.monotonic() + timeout
        while True:
            written = bytes(self.output)
            if FRAME_END in written:
                written = written[: written.rfind(FRAME_END) + len(FRAME_END)]
            self._feed(len(written))
            if words not in self.shows():
                return True
            left = end - time.monotonic()
            if left <= 0 or (not self.alive() and not self.read(0.0, 0.05)):
                return False
            self.read(0.0, min(left, 0.5))

    def cpu(self) -> float:
        """Seconds of CPU the program has used so far (user and system)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def alive(self) -> bool:
        """Whether the program still runs."""
        return self.proc.poll() is None

    def wait_exit(self, timeout: float) -> int | None:
        """Read until the program exits (its status) or `timeout` s pass (None)."""
        end = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < end:
            self.read(0.05, min(0.1, max(end - time.monotonic(), 0.0)))
        status = self.proc.poll()
        if status is not None:
            self.read(0.05, 0.05)  # its last words, still in the pty's buffer
        return status

    def settings_now(self) -> list:
        """The terminal's termios settings now (compare with `settings_before`)."""
        return termios.tcgetattr(self.slave)

    def close(self) -> None:
        """End the program if it still runs (its whole session), and close the terminal."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.proc.poll() is not None:
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=2.0)
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


def text_of(output: bytes) -> str:
    """The words on screen, in the order written: escape sequences out, spaces collapsed."""
    return " ".join(ANSI.sub(b" ", output).decode("utf-8", "replace").split())


def modes_left_on(output: bytes) -> dict[int, bool]:
    """Private modes (DECSET) whose last setting differs from a fresh terminal's: mode → on."""
    state: dict[int, bool] = {}
    for match in PRIVATE_MODE.finditer(output):
        for mode in match.group(1).split(b";"):
            if mode:
                state[int(mode)] = match.group(2) == b"h"
    return {m: on for m, on in state.items() if on != (m in MODES_ON_AT_START)}


def restore_problems(output: bytes) -> list[str]:
    """What a program that has ended left undone of restoring the terminal (empty: all)."""
    problems = []
    tail = output[output.rfind(b"\x1b[?1049h") :]
    if b"\x1b[?1049l" not in tail:
        problems.append("never left the alternate screen")
    if tail.rfind(b"\x1b[?25h") <= tail.rfind(b"\x1b[?25l"):
        problems.append("the cursor stays hidden")
    for mouse in (b"1000", b"1003", b"1006", b"1015"):
        on = output.rfind(b"\x1b[?" + mouse + b"h")
        if on != -1 and output.rfind(b"\x1b[?" + mouse + b"l") < on:
            problems.append(f"mouse mode {mouse.decode()} left on")
    if modes_left_on(output):
        problems.append(f"terminal modes left changed: {modes_left_on(output)}")
    if len(re.findall(rb"\x1b\[>[0-9]*u", output)) != len(re.findall(rb"\x1b\[<[0-9]*u", output)):
        problems.append("keyboard mode left pushed")
    return problems


def wins_the_first_level(term: Terminal) -> None:
    """Win level 1 (three throws at the bull) and quit with ctrl+q, status 0. A key typed
    just as the game takes the terminal back (after a paste's tail, a stop) may be dropped,
    so the first throw is typed until the game shows it taken, then the other two."""
    mark = len(term.output)
    for _ in range(10):
        term.send(b" ")
        if term.wait_for("darts left 2", 3.0, since=mark):
            break
    else:
        raise AssertionError(text_of(bytes(term.output))[-600:])
    term.send(b"  ")
    assert term.wait_for("Level complete", 30.0, since=mark), text_of(bytes(term.output))[-600:]
    term.send(b"\x11")
    assert term.wait_exit(30.0) == 0
