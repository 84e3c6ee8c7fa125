"""In a real terminal, a stop and a continue sent together never leave the game stopped."""

from __future__ import annotations

import os
import signal
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, text_of, wins_the_first_level
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")


def _state(pid: int) -> str:
    """The process's state letter in /proc (T: stopped)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2]


def _waited(done: Callable[[], bool], most: float = 30.0) -> bool:
    end = time.monotonic() + most
    while not done() and time.monotonic() < end:
        time.sleep(0.01)
    return done()


def test_a_stop_and_a_continue_sent_together_leave_the_game_running(tmp_path: Path) -> None:
    """`kill -TSTP; kill -CONT` within a few ms: Python took the continue first (SIGCONT is
    18, SIGTSTP 20), then the stop's handler stopped the game with nothing left to wake it."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        # together, or the continue while the stop's handler puts the terminal back (under
        # load it came there, ran inside that handler, and the stop was made after it)
        for gap in (0.0, 0.0, 0.001, 0.003, 0.01, 0.03, 0.0):
            os.kill(term.proc.pid, signal.SIGTSTP)
            if gap:
                time.sleep(gap)
            os.kill(term.proc.pid, signal.SIGCONT)
            end = time.monotonic() + 2.0  # the handlers run at once: a stop would show by then
            while time.monotonic() < end and _state(term.proc.pid) != "T":
                term.read(quiet=0.05, first=0.05)
            assert _state(term.proc.pid) != "T", "the game was left stopped"
        os.kill(term.proc.pid, signal.SIGTSTP)  # alone, as ctrl+z: the game does stop
        assert _waited(lambda: _state(term.proc.pid) == "T"), "a stop alone did not stop it"
        os.kill(term.proc.pid, signal.SIGCONT)  # and `fg` wakes it
        assert _waited(lambda: _state(term.proc.pid) != "T")
        # a stop from outside, the shell taking the terminal back (its own modes), then fg:
        # the game's modes come back (they were left to the shell: no key was taken)
        os.kill(term.proc.pid, signal.SIGSTOP)
        assert _waited(lambda: _state(term.proc.pid) == "T")
        termios.tcsetattr(term.slave, termios.TCSANOW, term.settings_before)
        os.kill(term.proc.pid, signal.SIGCONT)
        assert _waited(lambda: not termios.tcgetattr(term.slave)[3] & termios.ICANON), (
            _state(term.proc.pid),
            text_of(bytes(term.output))[-600:],
        )
        wins_the_first_level(term)  # and it still plays
