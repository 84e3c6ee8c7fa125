"""In a real terminal, a flood of escape sequences (pasted arrows, a storm of mouse reports,
garbage) costs the game little CPU and leaves it answering keys, ctrl+q among them."""

from __future__ import annotations

import os
import random
import resource
import sys
from pathlib import Path

import pytest

from dartfit.steady.floods import FLOOD_PAUSE
from tests.pty_terminal import Terminal, text_of
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")


def _mouse_moves(size: int) -> bytes:
    spots = random.Random(8)
    moves = (f"\x1b[<35;{spots.randint(1, 80)};{spots.randint(1, 24)}M" for _ in range(size))
    return "".join(moves).encode()[:size]


FLOODS = {
    "arrows": lambda size: b"\x1b[C" * (size // 3),
    "mouse moves": _mouse_moves,
    "garbage": lambda size: (b"\x1b[\x1b[\xff\x1b[\x1bO\xc3\x1b[<" * size)[:size],  # no UTF-8
}


def _game(tmp_path: Path) -> Terminal:
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-throw"]
    term = Terminal(argv, 80, 24, env=_env(), cwd=REPO)
    assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
    return term


def _flood(term: Terminal, data: bytes, chunk: int = 4096, gap: float = 0.0) -> None:
    """Send `data` `chunk` bytes at a time as the game takes it (its output read meanwhile),
    `gap` seconds apart; no more once the game has ended."""
    os.set_blocking(term.master, False)
    try:
        at = 0
        while at < len(data) and term.alive():
            try:
                at += os.write(term.master, data[at : at + chunk])
            except BlockingIOError:  # the terminal's buffer is full: the game reads on
                term.read(quiet=0.0, first=0.01)
                continue
            term.read(quiet=gap, first=gap, limit=gap)
    finally:
        os.set_blocking(term.master, True)


def _help_after_a_pause(term: Terminal, since: int) -> None:
    """`?` typed after the flood, until the game shows its help."""
    for _ in range(5):
        term.read(quiet=2 * FLOOD_PAUSE, first=2 * FLOOD_PAUSE)
        term.send(b"?")
        if term.wait_for("dartfit help", 5.0, since=since):
            return
    raise AssertionError(text_of(bytes(term.output))[-600:])


@pytest.mark.parametrize("kind", FLOODS)
def test_a_megabyte_of_escape_sequences_costs_the_game_little(kind: str, tmp_path: Path) -> None:
    """Each sequence went through Textual's parser a character at a time and was an event
    for the game: 1 MB of arrows cost 55 s of CPU, of mouse moves 64 s, and `?` after it
    was not answered within a minute."""
    with _game(tmp_path) as term:
        mark, cpu = len(term.output), term.cpu()
        _flood(term, FLOODS[kind](1_000_000))
        _help_after_a_pause(term, mark)
        assert term.cpu() - cpu < 2.0  # 0.2 s now


def test_a_storm_of_mouse_reports_read_a_few_bytes_at_a_time_leaves_the_game_playing(
    tmp_path: Path,
) -> None:
    """Mouse reports cut across reads: the game ended in the storm (pieces of reports read
    as keys, escape among them), and now takes the latest moves at a rate."""
    with _game(tmp_path) as term:
        mark, cpu = len(term.output), term.cpu()
        _flood(term, _mouse_moves(15_000), chunk=7, gap=0.001)
        assert term.alive(), text_of(bytes(term.output))[-600:]
        _help_after_a_pause(term, mark)
        assert term.cpu() - cpu < 3.0  # 0.6 s now


def test_ctrl_q_in_the_middle_of_a_flood_ends_the_game(tmp_path: Path) -> None:
    """ctrl+q came behind every arrow pasted before it: half a megabyte of them, 27 s."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with _game(tmp_path) as term:
        cpu = term.cpu()
        arrows = FLOODS["arrows"](500_000)
        _flood(term, arrows + b"\x11" + arrows)
        assert term.wait_exit(60.0) == 0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    whole = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    assert whole - cpu < 2.0  # the game's CPU from the flood's start to its end
