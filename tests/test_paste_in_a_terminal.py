"""In a real terminal, text pasted without a paste's marks keeps the game answering."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, text_of
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")


def test_a_100_kb_paste_without_marks_leaves_the_game_answering_keys(tmp_path: Path) -> None:
    """It was 100,000 keys: 10 s before a key typed after it was answered."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    text = (b"The_quick_brown_fox_jumps_over_the_lazy_dog_0123456789_hrc?\r" * 1700)[:100_000]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        for start in range(0, len(text), 4096):
            term.send(text[start : start + 4096])
            term.read(quiet=0.0, first=0.0)  # the terminal's buffer drained as it fills
        mark = len(term.output)
        # a key read with the paste's tail goes with it: the first throw is typed until the
        # game shows it taken (each answered within 5 s, or not at all)
        for _ in range(5):
            term.send(b" ")
            if term.wait_for("darts left 2", 5.0, since=mark):
                break
        else:
            raise AssertionError(text_of(bytes(term.output))[-600:])
        term.send(b"  ")  # three throws at the bull win the level
        assert term.wait_for("Level complete", 30.0, since=mark), text_of(bytes(term.output))[-600:]
        term.send(b"\x11")
        assert term.wait_exit(30.0) == 0
