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
from textual.drivers.linux_driver import LinuxDriver

from dartfit.steady import drivers
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


def answers(term: Terminal, key: bytes, shown: str) -> bool:
    """Whether the game shows `shown` after `key` is typed: it runs and reads keys (typed
    again while it does not show it: a key typed as the game takes the terminal back may be
    dropped); False once it is stopped, or deaf for 10 s."""
    mark = len(term.output)
    for _ in range(10):
        term.send(key)
        if term.wait_for(shown, 1.0, since=mark):
            return True
        if _state(term.proc.pid) == "T":
            return False
    return False


def test_stops_and_continues_sent_together_leave_the_game_running(tmp_path: Path) -> None:
    """`kill -TSTP; kill -CONT` within a few ms, pair after pair: Python took the continue
    first (SIGCONT is 18, SIGTSTP 20), or inside the stop's handler, or the next pair's stop
    inside the first's, and the stop's handler then stopped the game with nothing left to
    wake it, or left it deaf to keys."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        # together, or the continue while the stop's handler puts the terminal back, one
        # pair or two at once; then a key, whose answer shows that the handlers ran (they
        # run on the main thread before it) and left the game running and reading keys.
        # (The fix taken out, it fails 3 runs in 4; it used to wait 2 s blind each time.)
        gaps = (0.0, 0.0, 0.001, 0.003, 0.01, 0.03, 0.0)
        for turn, gap in enumerate(gaps * 5):
            os.kill(term.proc.pid, signal.SIGTSTP)
            if gap:
                time.sleep(gap)
            os.kill(term.proc.pid, signal.SIGCONT)
            if turn % 2:  # and the next pair at once, while the first's handlers may run
                os.kill(term.proc.pid, signal.SIGTSTP)
                os.kill(term.proc.pid, signal.SIGCONT)
            key, shown = (b"\x1b[C", "aim x +0.50") if turn % 2 == 0 else (b"\x1b[D", "aim x 0.00")
            assert answers(term, key, shown), (
                turn,
                gap,
                _state(term.proc.pid),
                term.shows()[-400:],
            )
        assert answers(term, b"c", "aim x 0.00")  # centred again, for the throws below
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


class _Driver:
    """A terminal driver as `wakes_after_stop` sees one, on a pty of the test's own: the
    flags Textual's driver clears, and a count of its suspends and resumes."""

    _patch_lflag = LinuxDriver._patch_lflag
    _patch_iflag = LinuxDriver._patch_iflag

    def __init__(self, fileno: int) -> None:
        self.fileno = fileno
        self._dartfit_in_app_mode = True
        self._dartfit_in_stop = False
        self._dartfit_continues = 0
        self._dartfit_modes = termios.tcgetattr(fileno)  # as a stop from outside leaves it
        self.restarts = 0

    def suspend_application_mode(self) -> None:
        self.restarts += 1

    def resume_application_mode(self) -> None:
        """A terminal that keeps its modes whatever it is asked."""


def test_the_shells_modes_read_back_as_the_games_are_still_lost() -> None:
    """A stop from outside that came as the game set its modes, before it read them back
    (the shell's modes set meanwhile), made the shell's modes the game's own: at the
    continue nothing looked lost, and the game played on in line mode (1 run in 6 of the
    test above, four at once). Lost is now any flag the game clears set again."""
    master, slave = os.openpty()
    try:
        driver = _Driver(slave)  # cooked, as a fresh pty is, and "its own" read back so
        assert drivers._modes_lost(driver)
        raw = termios.tcgetattr(slave)
        raw[0], raw[3] = driver._patch_iflag(raw[0]), driver._patch_lflag(raw[3])
        termios.tcsetattr(slave, termios.TCSANOW, raw)
        assert not drivers._modes_lost(driver)
    finally:
        os.close(master)
        os.close(slave)


def test_a_terminal_that_keeps_the_shells_modes_is_asked_once() -> None:
    """Modes that stay lost after the game set them again (a terminal that ignores them)
    are asked for again only after another continue, never in a loop."""
    master, slave = os.openpty()
    try:
        driver = _Driver(slave)
        drivers._restart(driver)  # no event loop here: a look again would run at once
        assert driver.restarts == 1
    finally:
        os.close(master)
        os.close(slave)


def test_a_continue_left_to_a_stop_not_made_still_puts_the_modes_back() -> None:
    """A continue that comes while a stop is asked leaves the terminal's modes to that stop;
    the stop, not made, looked at nothing, and the game played on under the shell's modes
    (a random storm of stops, continues, kill -STOP and the shell's modes: 3 runs in 8
    after 50-120 rounds)."""
    master, slave = os.openpty()
    try:
        driver = _Driver(slave)  # the shell's modes on the terminal
        driver._dartfit_asked, driver._dartfit_continues = 0, 1  # asked, then a continue
        drivers._stop(driver)
        assert driver.restarts == 1
        assert not driver._dartfit_in_stop
    finally:
        os.close(master)
        os.close(slave)


def test_a_game_given_the_terminal_as_it_goes_to_wait_in_the_background_plays_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shell's `fg` (the terminal given to the game, then a continue) as the game, just
    continued in the background, had found itself there and went to wait: the continue's
    handler ran before the wait held continues back, nothing was pending, and the game
    stopped itself in the foreground ("Stopped" again, and `fg` to type once more). It
    now asks where it is, and whether a continue came, last before the stop."""
    master, slave = os.openpty()
    stops: list[int] = []
    background = [True]

    def fg(driver: _Driver) -> bool:
        """Whether the game is in the background; the shell's `fg` comes right after."""
        if not background[0]:
            return False
        background[0] = False  # the shell gives the game the terminal, then continues it
        signal.raise_signal(signal.SIGCONT)
        return True

    driver = _Driver(slave)  # the shell's modes on the terminal

    def continued(signum: int, frame: object) -> None:
        driver._dartfit_continues += 1

    before = signal.signal(signal.SIGCONT, continued)
    monkeypatch.setattr(drivers, "_in_the_background", fg)
    monkeypatch.setattr(os, "kill", lambda pid, signum: stops.append(signum))
    try:
        drivers._restart(driver)  # no event loop here: a look again runs at once
    finally:
        signal.signal(signal.SIGCONT, before)
        os.close(master)
        os.close(slave)
    assert stops == []
    assert driver.restarts == 1  # the game's modes set again, in the foreground
