"""The game follows the terminal's size: a resize it is never told about (its SIGWINCH
blocked by a parent, or lost) is noticed within a couple of seconds, and COLUMNS and LINES
left in the environment by a parent do not pin it at their size."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from dartfit.steady.app import SteadyApp
from tests.pty_terminal import Terminal, text_of
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")


def test_a_resize_without_sigwinch_is_taken(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-line"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO, blocked=(signal.SIGWINCH,)) as term:
        assert term.wait_for("presses 0", 30.0), text_of(bytes(term.output))[-600:]
        since = len(term.output)
        term.resize(60, 20)  # the kernel's SIGWINCH stays blocked, and so is ours
        shown = term.wait_for("This one is 60 × 20", 30.0, since=since)
        assert shown, text_of(bytes(term.output))[-600:]
        since = len(term.output)
        term.resize(80, 24)
        assert term.wait_for("presses 0", 30.0, since=since)
        assert term.alive()


def test_columns_and_lines_left_by_a_parent_do_not_pin_the_size(tmp_path: Path) -> None:
    """A parent that loaded GNU readline (pytest does) exports COLUMNS and LINES; a game that
    believed them stayed at 80×24 in a window made 100×30."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-line"]
    env = _env() | {"COLUMNS": "80", "LINES": "24"}
    with Terminal(argv, 80, 24, env=env, cwd=REPO) as term:
        assert term.wait_for("presses 0", 30.0), text_of(bytes(term.output))[-600:]
        since = len(term.output)
        term.resize(60, 20)
        shown = term.wait_for("This one is 60 × 20", 30.0, since=since)
        assert shown, text_of(bytes(term.output))[-600:]


@pytest.mark.parametrize(
    "sizes",
    [[(80, 24)], [(60, 8), (80, 24)]],
    ids=["the same size", "small and back at once"],
)
def test_a_window_made_small_and_back_draws_the_screen_again(
    sizes: list[tuple[int, int]], tmp_path: Path
) -> None:
    """A window made smaller and back may have lost what it showed, and Textual draws
    nothing when its screen is told only of the size it already has: both resizes read as
    one SIGWINCH at the old size (the same size), or two reaching Textual within its
    debounce (small and back at once: a browser tab's, a window manager's; a tab's page was
    left blank in CI). Once the size settles the screen is drawn again, and the wire sends
    what the terminal lacks."""
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "play", "first-line"]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("presses 0", 30.0), text_of(bytes(term.output))[-600:]
        term.read(0.5, 0.5)  # the level settled: a frame still on its way would pass the test
        since = len(term.output)
        for size in sizes:  # (at the size it had, the kernel says nothing: the terminal does)
            term.resize(*size)
        shown = term.wait_for("presses 0", 30.0, since=since)
        assert shown, text_of(bytes(term.output[since:]))[-600:]
        assert "Your first line" in text_of(bytes(term.output[since:]))  # the top row too
        assert term.alive()


async def test_a_hold_that_ends_on_the_whole_screen_ends_on_it_at_the_size_resized_to() -> None:
    """The win panel placed, the hold of the frames ends on the next frame that draws every
    row of the screen (`SteadyApp.show_frames`). A window made shorter before that frame came
    drew whole frames of fewer rows, none of which ended it: the game showed nothing new
    until the hold's bound, a second later."""
    app = SteadyApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.hold_frames()
        app.show_frames()  # the whole screen asked for, at 30 rows
        await pilot.resize_terminal(90, 26)
        whole = "".join(f"\x1b[{y};1H" + "x" * 90 for y in range(1, 27))
        assert app.wire.trim(whole) != ""
        assert not app.wire.held
