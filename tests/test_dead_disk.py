"""In a real terminal, progress on a disk that stops answering (a dead network mount: its
writes, reads and locks never return) never holds the game for ever: a win plays on and the
end comes within its wait, saying what was not saved; a read that stalls as the game starts
ends it with a line; the terminal is left as it was found."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest

from dartfit.cache import CACHE_ENV
from tests.pty_terminal import Terminal, restore_problems, text_of
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")

DEAD = """
import sys, threading
from dartfit import app, keeping
from dartfit.progress import file_store
never = threading.Event()
def stalls(*_):  # a disk that stopped answering: the call never returns
    never.wait()
setattr(file_store.ProgressStore, sys.argv[1], stalls)
app.LAST_SAVE_WAIT = app.LOAD_WAIT = 1.0
from dartfit.cli import main
sys.exit(main(sys.argv[2:]))
"""
"""dartfit with one call of its file store (`_write`: every save; `load`) never returning."""


def _dead(call: str, tmp_path: Path) -> list[str]:
    return [sys.executable, "-c", DEAD, call, "--data-dir", str(tmp_path), "play", "first-throw"]


@pytest.mark.parametrize("ending", [b"\x11", signal.SIGTERM], ids=["ctrl+q", "SIGTERM"])
def test_a_win_on_a_dead_disk_plays_on_and_the_end_says_it_was_not_saved(
    ending: bytes | int, tmp_path: Path
) -> None:
    """The win's save froze the game at its last key: no panel, deaf to keys, ctrl+q and
    SIGTERM alike. The panel comes, saying saving is slow; the next level opens; the end
    comes after the wait for the save, the progress kept in the cache folder (it ended with
    status 3, the win lost), with status 0 (or 128 + the signal) and a line saying where."""
    env = _env() | {CACHE_ENV: str(tmp_path / "cache")}
    with Terminal(_dead("_write", tmp_path), 80, 24, env=env, cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"   ")
        assert term.wait_for("Level complete", 30.0), text_of(bytes(term.output))[-600:]
        assert term.wait_for("Saving is taking long", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"\r")
        assert term.wait_for("signed misses", 30.0), text_of(bytes(term.output))[-600:]
        if isinstance(ending, bytes):
            term.send(ending)
        else:
            term.proc.send_signal(ending)
        status = term.wait_exit(30.0)
        output = bytes(term.output)
    assert status == (0 if isinstance(ending, bytes) else 128 + ending), text_of(output)[-600:]
    said = " ".join(text_of(output)[text_of(output).rindex("dartfit: ") :].split())
    (kept,) = (tmp_path / "cache").rglob("*.json")
    assert said.startswith("dartfit: saving did not finish within 1 s (is the disk"), said
    assert f"kept in {kept} meanwhile" in said, said
    assert json.loads(kept.read_text())["levels"]["first-throw"]["stars"] >= 1
    assert restore_problems(output) == [] and "Traceback" not in text_of(output)
    assert not (tmp_path / "progress.json").exists()


def test_a_read_of_progress_on_a_dead_disk_ends_the_game_with_a_line(tmp_path: Path) -> None:
    """The screen stayed blank for ever as the game started, deaf to ctrl+q."""
    with Terminal(_dead("load", tmp_path), 80, 24, env=_env(), cwd=REPO) as term:
        status = term.wait_exit(30.0)
        output = bytes(term.output)
    assert status == 2, text_of(output)[-600:]
    said = text_of(output)[text_of(output).rindex("dartfit: ") :]
    assert said.startswith("dartfit: your progress could not be read: reading it did not"), said
    assert restore_problems(output) == [] and "Traceback" not in text_of(output)


def test_a_data_folder_on_a_dead_disk_is_said_in_a_line_before_the_game_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Looking whether the data folder can hold progress (a stat of each folder above it)
    waited for ever on a dead mount, before the game had even taken the terminal."""
    import threading

    from dartfit import app as app_module
    from dartfit import cli as cli

    released, gave_up = threading.Event(), []

    def stalls(given: str | None) -> str | None:
        if not released.wait(10.0):  # only the old command line, waiting on it, gets here
            gave_up.append(given)
        return None

    monkeypatch.setattr(cli, "_not_a_data_folder", stalls)
    monkeypatch.setattr(app_module, "LOAD_WAIT", 0.05)
    monkeypatch.setattr(app_module, "make_app", lambda **_: pytest.fail("the game started"))
    monkeypatch.setattr(cli.stdio, "background_problem", lambda: None)
    environment = dict(os.environ)  # the game's start sets Textual's settings up there
    try:
        status = cli.main(["--data-dir", str(tmp_path), "play", "1"])
    finally:
        released.set()
        os.environ.clear()
        os.environ.update(environment)
    said = capsys.readouterr().err
    assert status == 2 and not gave_up
    assert said.startswith("dartfit: the folder for your progress did not answer within 0.05 s")
