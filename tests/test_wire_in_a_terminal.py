"""The wire in a real terminal: only changed cells are sent, so what another program writes
on the screen stays until ctrl+l sends the whole screen again; and between frames the
terminal is in its own colours, so that writing is in them too."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")
CTRL_L = b"\x0c"


def test_ctrl_l_sends_the_whole_screen_over_what_another_program_wrote(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-line"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Auto-solve", 30.0)
        # a local game never loads the class store's sqlite3 (about 2 MB of each process)
        maps = Path(f"/proc/{term.proc.pid}/maps").read_text()
        assert "sqlite3" not in maps and "numpy" in maps, "the game's own libraries, not a class's"
        os.write(term.slave, b"\x1b[2;30HSTRAY-OUTPUT")  # a background job, over the goal
        assert term.wait_for(b"STRAY-OUTPUT", 10.0)
        since = len(term.output)
        term.send(b"\x1b[C")  # a nudge repaints only what it changes
        assert term.wait_for("m = 0.20", 30.0, since=since)
        term.read(0.3, 0.3)
        assert "STRAY-OUTPUT" in term.shows()
        at = term.screen.buffer[1][29]
        assert (at.fg, at.bg) == ("default", "default")  # written in the terminal's colours
        term.send(CTRL_L)
        assert term.wait_gone("STRAY-OUTPUT", 30.0), term.shows()
        assert "Auto-solve" in term.shows()
