"""In a real terminal, text pasted without a paste's marks keeps the game answering."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, text_of, wins_the_first_level
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
        wins_the_first_level(term)  # and it still plays
