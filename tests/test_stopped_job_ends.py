"""In a real terminal, under a shell with job control: a game stopped as a job and then told
to end (`kill %1`, which sends the signal and a continue) ends, its win kept and the
terminal given back, where it stayed stopped for good; one stopped from outside and then
sent on (`bg`, `fg`) waits in the background and plays on in the foreground."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, restore_problems, text_of
from tests.test_stop_and_continue import _state, _waited
from tests.test_win_survives_endings import REPO, _env

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys"),
    pytest.mark.skipif(shutil.which("bash") is None, reason="a shell with job control"),
]

CASES = {
    # name: (how the job is stopped, what is typed at the shell then, the status expected)
    "stop, kill %1": (signal.SIGTSTP, "kill %1", 128 + signal.SIGTERM),
    "stop, kill -HUP %1": (signal.SIGTSTP, "kill -HUP %1", 128 + signal.SIGHUP),
    "stop, bg, kill %1": (signal.SIGTSTP, "bg; sleep 1; kill %1", 128 + signal.SIGTERM),
    "kill -STOP, kill %1": (signal.SIGSTOP, "kill %1", 128 + signal.SIGTERM),
}


def _child(pid: int) -> int:
    """The one process the shell `pid` runs."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


def _stopped_job(term: Terminal, since: int) -> bool:
    """Wait for the shell to say the job, stopped in the foreground, stopped, and for its
    prompt after that: it reads the next line only once it has the terminal again."""
    if not _stopped_again(term, since):
        return False
    return term.wait_for(b"\n$ ", 30.0, since=term.output.rindex(b"Stopped"))


def _seen(term: Terminal, pid: int) -> str:
    """The end of what the terminal shows, and what each of the game's threads does now."""
    tasks = Path(f"/proc/{pid}/task")
    threads = [(task / "wchan").read_text() for task in tasks.iterdir()] if tasks.exists() else []
    return f"{text_of(bytes(term.output))[-300:]} (the game's threads: {threads})"


def _stopped_again(term: Terminal, since: int) -> bool:
    """Wait for the shell to say the job stopped (after `since`): in the background, at once
    (`set -b`), and with no new prompt."""
    return term.wait_for(b"Stopped", 30.0, since=since)


def _the_shell_has_it_stopped(term: Terminal) -> bool:
    """Ask the shell (`jobs`) until it says the job is stopped (for 30 s at most). Its `fg`
    continues only a job it knows is stopped: one it marked running as its own `kill -CONT
    %1` went out, and whose next stop it had not been told of yet, it gave the terminal
    alone, and the game stayed stopped ("Stopped" again, 1 run in 100, four at once). The
    kernel tells the shell once the game's last thread has stopped, not its first.

    "Stopped" is looked for in all the shell has written since the first ask: each ask's
    own answer read only after its own mark, and ended at the first prompt after it, took
    the prompt of the command before for the answer, and an answer that came after the
    next ask's mark for none (a clean-clone run, the shell saying Stopped each time)."""
    start = len(term.output)
    for _ in range(30):
        term.send(b"jobs\r")
        if term.wait_for(b"Stopped", 1.0, since=start):
            return True
    return False


def _plays_on_and_ends_on_ctrl_q(term: Terminal, pid: int, since: int) -> None:
    """The game takes the terminal back (after `since`), and ctrl+q ends it, its terminal
    given back."""
    took = term.wait_for(b"\x1b[?1049h", 30.0, since=since)
    assert took, f"it never took the terminal: {_seen(term, pid)}"
    mark = len(term.output)
    for _ in range(10):  # a key typed as the game takes the terminal back may be lost
        term.send(b"\x11")
        if term.wait_for(b"$ ", 1.0, since=mark):
            break
    output = bytes(term.output)
    assert not Path(f"/proc/{pid}").exists(), (
        f"ctrl+q did not end the game: {text_of(output[mark:])[-300:]}"
    )
    assert restore_problems(output) == [], restore_problems(output)


@contextlib.contextmanager
def _game_in_a_shell(data: Path) -> Iterator[tuple[Terminal, int]]:
    """The first level played under bash with job control, in a pty: the terminal, and the
    game's process id."""
    env = _env() | {"PS1": "$ ", "HISTFILE": os.devnull}
    game = f"{sys.executable} -m dartfit --data-dir {data} play first-throw"
    argv = [shutil.which("bash") or "bash", "--norc", "--noprofile", "-i"]
    with Terminal(argv, 80, 24, env=env, cwd=REPO) as term:
        assert term.wait_for(b"$ ", 30.0), text_of(bytes(term.output))
        # -b: a job's end said at once; the shell's own bracketed paste off, so the modes
        # left on at the end are the game's
        term.send(b"set -b; bind 'set enable-bracketed-paste off'\r")
        term.send(game.encode() + b"\r")
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        pid = _child(term.proc.pid)
        try:
            yield term, pid
        finally:  # a job of its own: ending the shell's process group leaves it
            with contextlib.suppress(OSError):  # gone (its id not taken by another)
                if str(data).encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                    os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("case", CASES, ids=CASES.keys())
def test_a_stopped_game_told_to_end_ends(case: str, tmp_path: Path) -> None:
    stop, typed, expected = CASES[case]
    with _game_in_a_shell(tmp_path) as (term, pid):
        term.send(b"   ")  # three throws at the bull win the first level
        assert term.wait_for("Level complete", 30.0), text_of(bytes(term.output))[-600:]
        mark = len(term.output)
        os.kill(pid, stop)
        assert _stopped_job(term, mark), text_of(bytes(term.output))[-600:]
        mark = len(term.output)
        term.send(typed.encode() + b"\r")
        ended = term.wait_for(f"Exit {expected}".encode(), 30.0, since=mark)  # the shell says
        output = bytes(term.output)
    assert ended, f"the game stayed stopped: {text_of(output[mark:])[-300:]}"
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"]["first-throw"]["completed"] is True
    assert restore_problems(output) == [], (case, restore_problems(output))
    assert "Traceback" not in text_of(output)


@pytest.mark.parametrize("typed", ["fg", "bg", "bg; sleep 1; fg"])
def test_a_game_stopped_from_outside_plays_on_after_fg(typed: str, tmp_path: Path) -> None:
    """kill -STOP (which the game can't see) and then the shell's `fg`: the shell's line
    editor had left the terminal's canonical mode off, so the game took the modes for its
    own and played on under them, its ctrl+q taken by the terminal as flow control; after
    `bg` it ran on in the background, drawing over the shell. In the background it waits
    stopped (as any program that draws on the terminal), and after `fg` it answers keys."""
    with _game_in_a_shell(tmp_path) as (term, pid):
        mark = len(term.output)
        os.kill(pid, signal.SIGSTOP)
        assert _stopped_job(term, mark), text_of(bytes(term.output))[-600:]
        mark = len(term.output)
        term.send(typed.encode() + b"\r")
        if typed == "bg":  # it waits, stopped, for `fg`
            stopped = _stopped_again(term, mark)
            assert stopped, f"it ran on in the background: {text_of(bytes(term.output))[-300:]}"
            term.send(b"fg\r")
        _plays_on_and_ends_on_ctrl_q(term, pid, mark)


CONTINUED = "for i in 1 2 3 4 5; do sleep 0.3; kill -CONT %1; done; echo done-$((2 + 3))"


@pytest.mark.parametrize("stop", [signal.SIGTSTP, signal.SIGSTOP], ids=["TSTP", "STOP"])
def test_a_game_continued_again_and_again_in_the_background_plays_on_after_fg(
    stop: signal.Signals, tmp_path: Path
) -> None:
    """Stopped, sent to the background, and continued there five times (a script, a
    supervisor waking its processes): each time it took the terminal again, and stopped
    (SIGTTOU) before it had its output thread back, and each time it put the terminal back
    through the thread it had stopped, whose queue of 30 writes filled: the game hung for
    good, deaf to `fg`, ctrl+q and every signal but SIGKILL."""
    with _game_in_a_shell(tmp_path) as (term, pid):
        mark = len(term.output)
        os.kill(pid, stop)
        assert _stopped_job(term, mark), text_of(bytes(term.output))[-600:]
        mark = len(term.output)
        term.send(b"bg\r")
        assert _stopped_again(term, mark), f"it ran on in the background: {_seen(term, pid)}"
        mark = len(term.output)
        term.send(CONTINUED.encode() + b"\r")  # read by the shell: the game is stopped
        assert term.wait_for(b"done-5", 30.0, since=mark), text_of(bytes(term.output))[-600:]
        # the last continue has woken it (a continue wakes a process as it is sent)
        assert _waited(lambda: _state(pid) == "T", 30.0), (
            f"it ran on in the background: {_seen(term, pid)}"
        )
        assert _the_shell_has_it_stopped(term), f"it ran on: {_seen(term, pid)}"
        mark = len(term.output)
        term.send(b"fg\r")
        _plays_on_and_ends_on_ctrl_q(term, pid, mark)


def _foreground(term: Terminal) -> str:
    """The name of the command in the terminal's foreground now."""
    return Path(f"/proc/{os.tcgetpgrp(term.master)}/comm").read_text().strip()


def test_keys_typed_at_the_shell_while_the_game_runs_in_the_background_are_not_waited_for(
    tmp_path: Path,
) -> None:
    """Stopped from outside, sent to the background, and continued there while a line typed
    for the shell waits to be read (the shell runs a command meanwhile): the game's input
    thread went to read it, and was stopped (SIGTTIN) before it could; the shell took the
    line, and at `fg` the read went on with nothing left to read. It waited for one more
    key, and the game with it as it took the terminal back: ctrl+q was that key."""
    with _game_in_a_shell(tmp_path) as (term, pid):
        mark = len(term.output)
        os.kill(pid, signal.SIGSTOP)
        assert _stopped_job(term, mark), text_of(bytes(term.output))[-600:]
        mark = len(term.output)
        term.send(b"bg\r")
        assert _stopped_again(term, mark), f"it ran on in the background: {_seen(term, pid)}"
        term.send(b"sleep 600\r")
        assert _waited(lambda: _foreground(term) == "sleep"), "the shell reads on"
        mark = len(term.output)
        term.send(b"echo read-by-$((1 + 1))\r")  # for the shell, once the sleep is over
        for _ in range(5):  # the game's input thread, continued, finds the line there
            os.kill(pid, signal.SIGCONT)  # (a continue wakes a process as it is sent)
            assert _waited(lambda: _state(pid) == "T"), (
                f"it ran on in the background: {_seen(term, pid)}"
            )
        os.kill(os.tcgetpgrp(term.master), signal.SIGTERM)  # the sleep
        assert term.wait_for(b"read-by-2", 30.0, since=mark), text_of(bytes(term.output))[-600:]
        assert _state(pid) == "T"
        assert _the_shell_has_it_stopped(term), f"it ran on: {_seen(term, pid)}"
        mark = len(term.output)
        term.send(b"fg\r")
        _plays_on_and_ends_on_ctrl_q(term, pid, mark)
