"""The win panel in a real terminal shows in one frame with the level laid out beside it.
Before, for 1 to 3 frames, the level stood narrowed around an empty band where the panel
would go (crickets and first-throw at 80×24, under their old footer), or the panel showed
over the level's old layout for a frame (first-throw at 120×40): the frames are now held
back while the panel is placed out of sight (`SteadyApp.hold_frames`), and the whole screen
sent once it is placed, cut down to the cells that changed."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from dartfit.dialogs.win import PLACING
from dartfit.steady.app import HOLD_MOST
from tests.pty_terminal import Terminal, text_of
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")
SYNC_END = b"\x1b[?2026l"  # the end of each frame Textual writes
RIGHT = b"\x1b[C"
BOUND = min(PLACING, HOLD_MOST) - 0.1
"""Frames are judged that came within this many seconds of the winning key: after the
bounds of the panel's placing and of the hold (a busy machine), the game shows what it has,
as it must rather than freeze."""
BUSY = 4.0
"""Runnable processes a core (the load average's), over which the frames are not judged: in
a CI run beside three helpers (13 on 2 cores) the level's layouts came later than the bound,
and the game showed what it had, as it must. With three CPU burners beside the test (about
4 a core) it passed every run."""
PLAYS = {  # a level, the keys before its winning one, and the winning key
    "first-throw": (b"  ", b" "),
    "crickets": (RIGHT * 5, RIGHT),  # a star at the sixth
}


def panel_cells(rows: list[str]) -> set[tuple[int, int]]:
    """The cells the panel's box takes on the settled screen: the rows its left edge is on
    (▊ along the bottom, █ at the side), from that edge to the right."""
    edges = [(y, min(row.find(c) % (len(row) + 1) for c in "▊█")) for y, row in enumerate(rows)]
    edges = [(y, x) for y, x in edges if x < len(rows[y])]
    edges = [(y, x) for y, x in edges if rows[y][x + 1 : x + 2] in (" ", "▔", "▀", "▁", "▄")]
    left = min(x for _, x in edges)
    return {(y, x) for y, _ in edges for x in range(left, len(rows[y]))}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("level", PLAYS)
def test_no_frame_shows_a_band_or_the_panel_over_a_level_not_laid_out_for_it(
    level: str, size: tuple[int, int], tmp_path: Path
) -> None:
    before, winning = PLAYS[level]
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", level]
    with Terminal(argv, *size, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Goal", 30.0), text_of(bytes(term.output))[-600:]
        for key in keys(before):
            term.send(key)
            term.read(0.1, 1.0)  # the key taken and drawn, as a player types
        mark = len(term.output)
        load_before = os.getloadavg()[0]
        term.send(winning)
        sent, judged = time.monotonic(), mark  # judged: the output that came within BOUND
        while time.monotonic() - sent < 30.0 and b"Level complete" not in term.output[mark:]:
            term.read(0.005, 0.02)
            if time.monotonic() - sent < BOUND:
                judged = len(term.output)
        assert term.wait_for("Level complete", 30.0, since=mark), term.shows()
        term.read(0.5, 0.5)  # settled
        output = bytes(term.output)
        settled = term.shows().splitlines()
        # the band: the panel's cells above the last row (the level's footer stayed there)
        panel = {(y, x) for y, x in panel_cells(settled) if y < len(settled) - 1}
        ends, at = [], output.find(SYNC_END, mark)
        while 0 <= at < judged:
            ends.append(at + len(SYNC_END))
            at = output.find(SYNC_END, at + 1)
        busy = max(os.getloadavg()[0], load_before) / (os.cpu_count() or 1)
        if busy > BUSY:  # pragma: no cover - a machine too busy to draw a frame in time
            pytest.skip(f"load average {busy:.1f} a core: the frames can't be judged in time")
        for end in ends:
            shown = term.shows_at(end).splitlines()
            band = all(shown[y][x : x + 1] in ("", " ") for y, x in panel)
            assert not band, "\n".join(shown)  # the level narrowed, no panel in its room
            if "Level complete" in "\n".join(shown):  # the panel: beside the level laid out
                assert shown == settled, "\n".join(shown)
        term.send(b"\x11")
        assert term.wait_exit(30.0) == 0


def keys(data: bytes) -> list[bytes]:
    """The keys in `data`: escape sequences whole, other bytes one by one."""
    found, i = [], 0
    while i < len(data):
        end = i + 1
        if data[i : i + 1] == b"\x1b":
            while end < len(data) and not data[end : end + 1].isalpha():
                end += 1
            end += 1
        found.append(data[i:end])
        i = end
    return found
