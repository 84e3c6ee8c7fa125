"""In a real terminal, a level won and then ended any way at all is in progress.json, and
every ending but SIGKILL and a vanished terminal leaves the terminal as it was found."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest

from dartfit.cache import CACHE_ENV
from tests.pty_terminal import Terminal, restore_problems, text_of

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")

REPO = Path(__file__).resolve().parents[1]
ENDINGS = {
    # name: (how, the exit status expected; None: any, the process just has to end)
    "ctrl+q": (b"\x11", 0),
    "ctrl+q after play again": (b"a\x11", 0),  # the level's round afresh, the win kept
    "SIGHUP": (signal.SIGHUP, 128 + signal.SIGHUP),
    "SIGTERM": (signal.SIGTERM, 128 + signal.SIGTERM),
    "SIGINT": (signal.SIGINT, 128 + signal.SIGINT),
    "SIGQUIT": (signal.SIGQUIT, 128 + signal.SIGQUIT),
    "SIGUSR2": (signal.SIGUSR2, 128 + signal.SIGUSR2),
    "SIGXCPU (a class host's CPU limit)": (signal.SIGXCPU, 128 + signal.SIGXCPU),
    "SIGVTALRM": (signal.SIGVTALRM, 128 + signal.SIGVTALRM),
    "SIGRTMIN+3 (a real-time signal)": (signal.SIGRTMIN + 3, 128 + signal.SIGRTMIN + 3),
    "SIGRTMAX": (signal.SIGRTMAX, 128 + signal.SIGRTMAX),
    "SIGKILL": (signal.SIGKILL, -signal.SIGKILL),
    "terminal closed": ("close", None),
}


def _env() -> dict[str, str]:
    # the tests' cache folder kept (conftest): progress kept elsewhere never in the user's
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "DARTFIT"))}
    env[CACHE_ENV] = os.environ[CACHE_ENV]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    return env | {"TERM": "xterm-256color", "LANG": "C.UTF-8"}


@pytest.mark.parametrize("ending", ENDINGS, ids=ENDINGS.keys())
def test_a_won_level_survives_every_way_the_game_ends(ending: str, tmp_path: Path) -> None:
    how, expected_status = ENDINGS[ending]
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"   ")  # three throws at the bull win the first level
        assert term.wait_for("Level complete", 30.0), text_of(bytes(term.output))[-600:]
        if isinstance(how, bytes):
            term.send(how)
        elif how == "close":
            os.close(term.master)  # the terminal window goes away: the kernel hangs up
        else:
            term.proc.send_signal(how)
        if how == "close":
            term.proc.wait(timeout=30.0)
            status = term.proc.returncode
        else:
            status = term.wait_exit(30.0)
        output = bytes(term.output)
    assert status is not None, f"{ending}: dartfit did not end"
    if expected_status is not None:
        assert status == expected_status, f"{ending}: {text_of(output)[-600:]}"
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    record = saved["levels"]["first-throw"]
    assert record["completed"] is True and record["stars"] >= 1
    if how not in (signal.SIGKILL, "close"):
        assert restore_problems(output) == [], ending
        assert "Traceback" not in text_of(output)


def test_a_win_the_lock_keeps_from_disk_as_the_game_ends_is_kept_elsewhere(
    tmp_path: Path,
) -> None:
    """Another process holds the save lock through the win and the ctrl+q: the game said
    "unexpected error: the game stopped" (the reason hidden in a crash report), then that
    the win was not saved, in one line with status 3, and the win was lost. It is kept in
    the cache folder, said in one line, and added to progress.json at the next start."""
    import fcntl

    data = tmp_path / "data"
    data.mkdir()
    env = _env() | {CACHE_ENV: str(tmp_path / "cache")}
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(data), "play", "first-throw"]
    holder = os.open(data / "progress.json.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        with Terminal(argv, 80, 24, env=env, cwd=REPO) as term:
            assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
            term.send(b"   ")
            assert term.wait_for("Level complete", 30.0), text_of(bytes(term.output))[-600:]
            term.send(b"\x11")
            status = term.wait_exit(30.0)
            output = text_of(bytes(term.output))
    finally:
        os.close(holder)
    said = output[output.rindex("dartfit: ") :].strip()
    assert status == 0, output[-600:]
    assert said.startswith("dartfit: progress.json not saved:"), said
    assert "hold the save lock" in said and "try again" not in said, said
    (kept,) = (tmp_path / "cache" / "progress-kept-elsewhere").iterdir()
    assert f"kept in {kept} meanwhile, and added to progress.json" in said, said
    assert "unexpected error" not in output and not (data / "crash-report.txt").exists()
    assert not (data / "progress.json").exists()
    with Terminal([*argv[:-1], "1"], 80, 24, env=env, cwd=REPO) as term:  # the lock given
        assert term.wait_for("added the progress kept", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"\x11")
        assert term.wait_exit(30.0) == 0
    saved = json.loads((data / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"]["first-throw"]["stars"] >= 1 and not kept.exists()
