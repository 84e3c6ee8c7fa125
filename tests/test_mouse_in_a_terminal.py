"""The mouse in a real terminal: clicks queued faster than screens close hit only the
screen they were aimed at, and a drag of the line (SGR mouse reports: press, motion with
the button held, release) moves it and changes the MSE on screen."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import numpy as np
import pytest

from dartfit.app import make_app
from dartfit.widgets.canvas import CanvasView
from dartfit.wording import num
from tests.pty_terminal import Terminal, text_of
from tests.test_win_survives_endings import REPO, _env
from tests.ui.test_mouse import cell_of, drag

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
        term.send(b"   ")  # win, then play again: the level stays open under the palette
        assert term.wait_for("Level complete", 30.0)
        since = len(term.output)
        term.send(b"ah")  # only a level screen answers h with a hint: the win screen has gone
        assert term.wait_for("Hint 1/", 30.0, since=since)
        since = len(term.output)
        term.send(CTRL_P)
        assert term.wait_for("Search for commands", 30.0, since=since)
        since = len(term.output)
        for _ in range(clicks):
            _click(term, 40, 2)  # above the palette's search box: its background
        assert term.wait_gone("Search for commands", 30.0), term.shows()
        since = len(term.output)
        term.send(b"h")  # the level is on top again: it answers with the next hint
        assert term.wait_for("Hint 2/", 30.0, since=since), term.shows()
        assert term.alive() and "Traceback" not in text_of(bytes(term.output))


def _press(term: Terminal, col: int, row: int) -> None:
    term.send(f"\x1b[<0;{col};{row}M".encode())


def _drag_to(term: Terminal, col: int, row: int) -> None:
    term.send(f"\x1b[<32;{col};{row}M".encode())


def _release(term: Terminal, col: int, row: int) -> None:
    term.send(f"\x1b[<0;{col};{row}m".encode())


def _line_drag(data_dir: Path) -> tuple[list[tuple[int, int]], float]:
    """Where the line's middle is on an 80×24 screen, a drag up from it (screen cells, from
    0), and the MSE the same drag gives through the Pilot (checked against numpy)."""

    async def run() -> tuple[list[tuple[int, int]], float]:
        app = make_app(levels_dir=REPO / "levels", data_dir=data_dir, start="first-line")
        async with app.run_test(size=(80, 24)) as pilot:
            screen = pilot.app.screen
            x_mid = float(np.mean(screen.level.x))
            col, row = cell_of(screen, x_mid, screen.state.m * x_mid + screen.state.b)
            path = [(col, row), (col, row - 1), (col, row - 3)]
            await drag(pilot, *path)
            m, b = screen.state.m, screen.state.b
            assert screen.state.presses == 1 and b > 0
            mse = float(np.mean((screen.level.y - (m * screen.level.x + b)) ** 2))
            origin = screen.query_one(CanvasView).region.offset
            return [(origin.x + c, origin.y + r) for c, r in path], mse

    return asyncio.run(run())


def test_dragging_the_line_in_a_terminal_changes_the_mse_on_screen(tmp_path: Path) -> None:
    cells, mse = _line_drag(tmp_path / "pilot")
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-line"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("presses 0", 30.0), text_of(bytes(term.output))[-600:]
        assert f"MSE = {num(mse)}" not in text_of(bytes(term.output))
        (c0, r0), *path = [(c + 1, r + 1) for c, r in cells]  # SGR cells count from 1
        _press(term, c0, r0)
        for c, r in path:
            _drag_to(term, c, r)
        _release(term, *path[-1])
        assert term.wait_for("presses 1", 30.0)
        since = len(term.output)
        term.resize(100, 30)  # a whole new frame: every number on screen written afresh
        assert term.wait_for(f"MSE = {num(mse)}", 30.0, since=since), text_of(
            bytes(term.output[since:])
        )[-800:]
        # the click after the drag (later in the same frame than the MSE: waited for too)
        assert term.wait_for("presses 1", 30.0, since=since)
        assert term.alive() and "Traceback" not in text_of(bytes(term.output))
