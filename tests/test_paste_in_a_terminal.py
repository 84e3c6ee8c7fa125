"""In a real terminal, text pasted without a paste's marks keeps the game answering."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dartfit.steady.floods import FLOOD_PAUSE
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


def _pasted(term: Terminal, data: bytes, chunk: int, gap: float = 0.0) -> None:
    """Send `data` `chunk` bytes at a time, `gap` seconds apart (a terminal that sends a
    paste as the program reads it), the program's output read as it comes."""
    for start in range(0, len(data), chunk):
        term.send(data[start : start + chunk])
        term.read(quiet=gap, first=gap, limit=gap)  # the terminal's buffer drained as it fills


def test_a_4_mb_bracketed_paste_costs_the_game_little(tmp_path: Path) -> None:
    """Each character of a paste was read on its own: 2.7 MB kept the game from `?` for
    10 s, at a full core. The paste's text past its first characters is skipped."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    body = (b"VGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZw==\r" * 70_000)[:4_000_000]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        mark, cpu = len(term.output), term.cpu()
        _pasted(term, b"\x1b[200~" + body + b"\x1b[201~?", 4096)
        assert term.wait_for("dartfit help", 30.0, since=mark), text_of(bytes(term.output))[-600:]
        assert term.cpu() - cpu < 2.0  # it was 6.4 s (0.03 s now)


def test_a_flood_over_a_slow_link_leaves_the_game_answering(tmp_path: Path) -> None:
    """Text pasted without a paste's marks over a slow link comes a few hundred bytes at a
    time, tens of milliseconds apart: each read was short enough to be typed, and every
    character of it was a key (300 KB: over a minute before `?` was answered). Past a
    typist's burst the flood is dropped, and a key typed after it (a pause) is taken.

    The paste's first read is already past a burst (the link had filled it): a first read a
    typist could send is taken whole, and its keys (`l`, `h`, `?`, enter in this text) open
    screens whose cost is no flood's and grew past the bound on a busy machine."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    text = (b"The_quick_brown_fox_jumps_over_the_lazy_dog_0123456789_hrc\r" * 500)[:25_000]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        mark, cpu = len(term.output), term.cpu()
        term.send(text[:1000])
        _pasted(term, text[1000:], 250, gap=0.055)
        for _ in range(5):  # typed after it, until the game shows it taken
            term.read(quiet=2 * FLOOD_PAUSE, first=2 * FLOOD_PAUSE)  # a pause: the flood over
            term.send(b"?")
            if term.wait_for("dartfit help", 3.0, since=mark):
                break
        else:
            raise AssertionError(text_of(bytes(term.output))[-600:])
        assert term.cpu() - cpu < 2.0, term.cpu() - cpu  # it was 4.9 s (0.03 s now)


def test_ctrl_q_after_a_paste_whose_end_never_came_ends_the_game_at_once(tmp_path: Path) -> None:
    """A paste's start with no end (a byte lost on the line) took the keys typed after it as
    its text for 2 s, then dropped them: ctrl+q typed 0.3 s after it was lost, and the game
    played on. Now a key typed after a pause ends the paste, and ctrl+q ends the game."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"\x1b[200~3.5")
        term.read(quiet=0.3, first=0.3, limit=0.3)
        term.send(b"\x11")
        assert term.wait_exit(3.0) == 0, text_of(bytes(term.output))[-600:]
