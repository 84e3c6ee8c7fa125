"""Textual's hooks for scripting an app, left in a player's environment, do not script the
game: TEXTUAL_SCREENSHOT ended it after its delay (status 0, an SVG left in the folder it was
started from), and TEXTUAL_PRESS typed its keys into it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, text_of
from tests.test_win_survives_endings import _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")


def test_textuals_screenshot_and_press_hooks_leave_the_game_to_the_player(tmp_path: Path) -> None:
    data = tmp_path / "data"
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(data), "play", "first-line"]
    hooks = {"TEXTUAL_SCREENSHOT": "0", "TEXTUAL_PRESS": "right,right,right"}
    with Terminal(argv, 80, 24, env=_env() | hooks, cwd=tmp_path) as term:
        assert term.wait_for("presses 0", 30.0), text_of(bytes(term.output))[-600:]
        since = len(term.output)
        term.send(b"\x1b[C")  # → once: the player's key, and only it
        assert term.wait_for("presses 1", 30.0, since=since), text_of(bytes(term.output))[-600:]
        assert term.alive()
    assert not list(tmp_path.glob("*.svg"))
