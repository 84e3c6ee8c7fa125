"""In a real terminal, an ending signal at the edges of the game's life (as it takes the
terminal, and again and again as it ends) ends it with 128 + the signal and the terminal put
back: the event loop listens for signals only from the app's mount to its unmount, and
before and after that a kill took its default action with the terminal still the game's."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pytest

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
