"""In a real terminal, an ending signal at the edges of the game's life (as it takes the
terminal, and again and again as it ends) ends it with 128 + the signal and the terminal put
back: the event loop listens for signals only from the app's mount to its unmount, and
before and after that a kill took its default action with the terminal still the game's."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dartfit.steady.signals import ENDING_SIGNALS
from tests.conftest import SHIPPED
from tests.pty_terminal import Terminal, restore_problems, text_of
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")

TAKES_THE_SCREEN = b"\x1b[?1049h"
STORM = 2000  # signals at most, one each time the game writes or half a millisecond passes


@pytest.mark.parametrize(
    "sig",
    [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGINT],
    ids=["SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT"],
)
def test_a_signal_as_the_game_takes_the_terminal_puts_it_back(
    sig: signal.Signals, tmp_path: Path
) -> None:
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for(TAKES_THE_SCREEN, 30.0), text_of(bytes(term.output))[-600:]
        term.proc.send_signal(sig)
        status = term.wait_exit(30.0)
        output = bytes(term.output)
        settings_kept = term.settings_now() == term.settings_before
    assert status == 128 + sig, text_of(output)[-600:]
    assert restore_problems(output) == []
    assert settings_kept
    assert "Traceback" not in text_of(output)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_storm_of_signals_as_the_game_ends_is_one_ending(
    sig: signal.Signals, tmp_path: Path
) -> None:
    """ctrl+c held down, or a supervisor killing again and again: the first ends the game;
    the rest came after the loop stopped listening (SIGINT: KeyboardInterrupt) or as Python
    finished, and killed the process (status −15, −2), printed "Exception ignored when
    trying to write to the signal wakeup fd" over the terminal, or left it the game's."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"   ")  # three throws at the bull win the first level
        assert term.wait_for("Level complete", 30.0), text_of(bytes(term.output))[-600:]
        for _ in range(STORM):
            if not term.alive():
                break
            try:
                os.kill(term.proc.pid, sig)
            except ProcessLookupError:
                break
            term.read(0.0, 0.0005, 0.0005)
        status = term.wait_exit(30.0)
        output = bytes(term.output)
    assert status == 128 + sig, text_of(output)[-600:]
    assert restore_problems(output) == []
    assert "Traceback" not in text_of(output) and "Exception ignored" not in text_of(output)
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"]["first-throw"]["completed"] is True


def _state(pid: int) -> str:
    """The process's state letter (R, S, T for stopped, …), or "" once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return ""
    return status.split("State:")[1].split()[0]


def test_a_stop_as_the_game_ends_gives_the_terminal_back_once(tmp_path: Path) -> None:
    """ctrl+q, then a stop (ctrl+z typed as the terminal's line mode came back, a job
    control script) as the game put the terminal back: the stop put it back a second time,
    popping one keyboard mode more than the game pushed (an outer program's)."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"\x11")
        assert term.wait_for(b"\x1b[?1049l", 30.0)  # it gives the terminal back
        term.proc.send_signal(signal.SIGTSTP)
        while term.alive() and _state(term.proc.pid) != "T":
            term.read(0.0, 0.05)
        if term.alive():
            term.proc.send_signal(signal.SIGCONT)
        status = term.wait_exit(30.0)
        output = bytes(term.output)
    assert status == 0, text_of(output)[-600:]
    assert restore_problems(output) == []


def _watch(monkeypatch: pytest.MonkeyPatch, looks: list[tuple[float, float]]) -> tuple[int, int]:
    """Run the watchdog on a made-up clock: each look comes `elapsed` seconds after the one
    before, `waited` of them spent waiting for a core. The status it ended with, and how
    many looks it took."""
    from dartfit.steady import signals as steady

    clock = {"now": 0.0, "waited": 0.0}
    taken: list[int] = []

    def sleep(_seconds: float) -> None:
        elapsed, waited = looks[min(len(taken), len(looks) - 1)]
        clock["now"] += elapsed
        clock["waited"] += waited
        taken.append(1)

    class Exited(Exception):
        pass

    def exit_now(status: int) -> None:
        raise Exited(status)

    monkeypatch.setattr(steady.time, "sleep", sleep)
    monkeypatch.setattr(steady.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(steady, "_waited_to_run", lambda: clock["waited"])
    monkeypatch.setattr(steady.os, "_exit", exit_now)
    with pytest.raises(Exited) as ended:
        steady.watchdog(143)
    return ended.value.args[0], len(taken)


def test_time_stopped_is_not_the_shutdown_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    """The watchdog that ends a game whose terminal blocks its last writes counts only time
    the process could run: stopped for longer than the grace as it ended, the game was
    ended at the continue before its last writes (the alternate screen left on)."""
    from dartfit.steady import signals as steady

    step = (steady.WATCH_STEP, 0.0)
    status, looks = _watch(monkeypatch, [step, step, (3600.0, 0.0), step])  # one long stop
    assert status == 143
    assert looks >= steady.SHUTDOWN_GRACE / steady.WATCH_STEP  # the hour: about one step


def test_a_busy_machine_does_not_stretch_the_shutdown_grace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A look that comes late because every core was busy counts whole: the time the
    thread waited to run says so. Counted as a stop, at most two steps a look, a loaded
    class host stretched the grace of 3 s to about 15 (a review)."""
    from dartfit.steady import signals as steady

    late = steady.WATCH_STEP + 1.5
    status, looks = _watch(monkeypatch, [(late, 1.5)])  # each look 1.5 s late, all waiting
    assert status == 143
    assert looks * late < steady.SHUTDOWN_GRACE + late  # ended within the grace and a look
    assert looks * 2 * steady.WATCH_STEP < steady.SHUTDOWN_GRACE  # two steps a look: longer


def test_where_the_wait_to_run_is_unknown_a_look_counts_two_steps_at_most(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No schedstat (another system), or one that counts nothing (a kernel without the
    counts writes "0 0 0"), or one that can't be read: the wait is unknown, and a look
    counts two steps at most, as before the wait was read."""
    from dartfit.steady import signals as steady

    assert steady._waited_to_run() is not None  # Linux: this thread's own counts
    for text in (None, "0 0 0\n", "not numbers\n", "\xff\xfe"):
        stat = tmp_path / "schedstat"
        if text is not None:
            stat.write_bytes(text.encode("latin-1"))
        monkeypatch.setattr(steady, "SCHEDSTAT", str(stat if text is not None else "/nowhere"))
        assert steady._waited_to_run() is None, text
    assert steady._could_run(3600.0, None) == 2 * steady.WATCH_STEP
    assert steady._could_run(0.15, None) == 0.15


def test_only_the_main_thread_takes_the_ending_signals(tmp_path: Path) -> None:
    """The kernel gives a process's signal to any thread that does not hold it back: while
    the main thread held them (giving the handlers back as the game ended), one given to
    Textual's reader or writer thread took the default action there (a review: a storm of
    kills ended the process by SIGTERM's default). Every other thread holds them back."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-line"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("presses 0", 30.0), text_of(bytes(term.output))[-600:]
        pid = term.proc.pid
        ending = (signal.SIGHUP, signal.SIGINT, signal.SIGTERM)
        wanted = sum(1 << (int(sig) - 1) for sig in ending)
        held = {}
        for task in Path(f"/proc/{pid}/task").iterdir():
            status = (task / "status").read_text()
            blocked = int(
                next(s for s in status.splitlines() if s.startswith("SigBlk:")).split()[1], 16
            )
            held[int(task.name)] = blocked & wanted == wanted
        assert held.pop(pid) is False  # the main thread takes them
        assert held and all(held.values()), held
        term.send(b"\x11")
        assert term.wait_exit(30.0) == 0


def test_what_a_call_given_a_time_raises_is_raised_where_it_was_called() -> None:
    """`within` ran a call on a thread of its own and returned `late` when the call raised:
    a crash in the ending save read "did not finish within 5 s"."""
    from dartfit.steady.in_turn import within

    def broken() -> int:
        raise ValueError("broken")

    with pytest.raises(ValueError, match="broken"):
        within(5.0, broken, -1)
    assert within(5.0, lambda: 7, -1) == 7


STUCK = """
import asyncio, pathlib, sys
from textual.screen import Screen
from dartfit.app import make_app

class Stuck(Screen):  # a screen whose mount never ends: the app's queue waits on it
    async def on_mount(self):
        (pathlib.Path(sys.argv[1]) / "stuck").touch()
        await asyncio.Event().wait()

app = make_app(data_dir=sys.argv[1], start="first-throw")
app.action_help = lambda: app.push_screen(Stuck())  # `?` pushes it, as a key's action does
app.run()
sys.exit(app.return_code)
"""


def test_a_game_that_cannot_end_by_itself_still_puts_the_terminal_back(tmp_path: Path) -> None:
    """A screen that never mounts holds the app's queue, so the app never ends by itself:
    the watchdog ended the process with the terminal still the game's (the alternate
    screen, mouse reports on, keys not echoed). It now puts the terminal back first."""
    argv = [sys.executable, "-c", STUCK, str(tmp_path)]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"?")
        deadline = time.monotonic() + 30.0
        while not (tmp_path / "stuck").exists():  # (the stuck screen draws nothing to see)
            assert term.alive() and time.monotonic() < deadline, text_of(bytes(term.output))
            term.read(0.0, 0.05)
        term.proc.send_signal(signal.SIGTERM)
        status = term.wait_exit(30.0)
        output = bytes(term.output)
        settings_kept = term.settings_now() == term.settings_before
    assert status == 128 + signal.SIGTERM, text_of(output)[-600:]
    assert restore_problems(output) == []
    assert settings_kept


def test_the_watchdog_puts_back_no_terminal_where_the_game_drew_to_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `dartfit serve` the game draws down a pipe (the browser's driver has a fileno
    too, its stdout's) and its stderr is the player's errors file: the watchdog wrote the
    terminal's restoring sequences into that file."""
    from types import SimpleNamespace

    from dartfit.steady.app import SteadyApp

    read_end, write_end = os.pipe()
    errors = (tmp_path / "browser-errors.txt").open("wb")
    try:
        monkeypatch.setattr(sys, "__stderr__", errors)
        browsers = SimpleNamespace(_driver=SimpleNamespace(fileno=write_end))
        SteadyApp._terminal_put_back(browsers)  # type: ignore[arg-type]
    finally:
        errors.close()
        os.close(read_end)
        os.close(write_end)
    assert (tmp_path / "browser-errors.txt").read_bytes() == b""


LINGERS = """
import sys, time
from dartfit.app import make_app

app = make_app(data_dir=sys.argv[1], start="first-throw")
app.run()
time.sleep(6)  # the process lingers after its ending (a slow disk, a thread): past the grace
sys.exit(app.return_code)
"""


def test_a_game_that_lingers_after_its_ending_puts_the_terminal_back_once(tmp_path: Path) -> None:
    """The watchdog put the terminal back again, after Textual had, where the process lived
    on past its grace: leaving the game's screen a second time moves the cursor back to where
    the game began, and the shell's next lines were written over the ones since."""
    argv = [sys.executable, "-c", LINGERS, str(tmp_path)]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"\x11")  # ctrl+q
        status = term.wait_exit(30.0)
        output = bytes(term.output)
    assert status == 0, text_of(output)[-600:]
    assert restore_problems(output) == []
    assert output.count(b"\x1b[?1049l") == 1, output[output.find(b"\x1b[?1049l") :]


def test_a_headless_run_leaves_the_process_s_signals_as_they_were(tmp_path: Path) -> None:
    """A screenshot's run (`App.run(headless=True)`, as pytest-textual-snapshot makes it)
    left SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGALRM ignored in the test's process, and so in
    every process a later test started from it: a class host sent ctrl+c never ended."""
    from dartfit.app import make_app

    before = [signal.getsignal(sig) for sig in ENDING_SIGNALS]

    async def leave(pilot: Any) -> None:
        await pilot.pause()
        pilot.app.exit()

    make_app(levels_dir=SHIPPED, data_dir=tmp_path).run(headless=True, auto_pilot=leave)
    assert [signal.getsignal(sig) for sig in ENDING_SIGNALS] == before
