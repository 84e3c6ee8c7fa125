"""In a real terminal, under a shell with job control: a game stopped as a job and then told
to end (`kill %1`, which sends the signal and a continue) ends, its win kept and the
terminal given back, where it stayed stopped for good."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, restore_problems, text_of
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


@pytest.mark.parametrize("case", CASES, ids=CASES.keys())
def test_a_stopped_game_told_to_end_ends(case: str, tmp_path: Path) -> None:
    stop, typed, expected = CASES[case]
    env = _env() | {"PS1": "$ ", "HISTFILE": os.devnull}
    game = f"{sys.executable} -m dartfit --data-dir {tmp_path} play first-throw"
    argv = [shutil.which("bash") or "bash", "--norc", "--noprofile", "-i"]
    with Terminal(argv, 80, 24, env=env, cwd=REPO) as term:
        assert term.wait_for(b"$ ", 30.0), text_of(bytes(term.output))
        # -b: a job's end said at once; the shell's own bracketed paste off, so the modes
        # left on at the end are the game's
        term.send(b"set -b; bind 'set enable-bracketed-paste off'\r")
        term.send(game.encode() + b"\r")
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"   ")  # three throws at the bull win the first level
        assert term.wait_for("Level complete", 30.0), text_of(bytes(term.output))[-600:]
        mark = len(term.output)
        os.kill(_child(term.proc.pid), stop)
        assert term.wait_for(b"Stopped", 30.0, since=mark), text_of(bytes(term.output))[-600:]
        mark = len(term.output)
        term.send(typed.encode() + b"\r")
        ended = term.wait_for(f"Exit {expected}".encode(), 30.0, since=mark)  # the shell says
        output = bytes(term.output)
    assert ended, f"the game stayed stopped: {text_of(output[mark:])[-300:]}"
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"]["first-throw"]["completed"] is True
    assert restore_problems(output) == [], (case, restore_problems(output))
    assert "Traceback" not in text_of(output)
