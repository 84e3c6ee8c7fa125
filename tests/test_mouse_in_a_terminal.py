"""The mouse in a real terminal: clicks queued faster than screens close hit only the
screen they were aimed at."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, text_of
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")
CTRL_P = b"\x10"


def _click(term: Terminal, col: int, row: int) -> None:
    """A left click (press and release) in SGR mouse encoding; 1-based cell."""
    term.send(f"\x1b[<0;{col};{row}M\x1b[<0;{col};{row}m".encode())


@pytest.mark.parametrize("clicks", [1, 2, 3])
def test_clicks_on_the_palette_background_close_only_the_palette(
    clicks: int, tmp_path: Path
) -> None:
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0)
        term.send(b"   ")  # win, then keep improving: the level stays open under the palette
        assert term.wait_for("Level complete", 30.0)
        since = len(term.output)
        term.send(b"kh")  # only a level screen answers h with a hint: the win screen has gone
        assert term.wait_for("Hint 1/", 30.0, since=since)
        since = len(term.output)
        term.send(CTRL_P)
        assert term.wait_for("Search for commands", 30.0, since=since)
        since = len(term.output)
        for _ in range(clicks):
            _click(term, 40, 2)  # above the palette's search box: its background
        assert term.wait_for("Centre", 30.0, since=since)
        since = len(term.output)
        term.send(b"h")  # the level is on top again: it answers with the next hint
        assert term.wait_for("Hint 2/", 30.0, since=since), text_of(bytes(term.output))[-800:]
        assert term.alive() and "Traceback" not in text_of(bytes(term.output))
