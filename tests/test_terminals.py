"""dartfit in a real pseudo-terminal, across terminals: it starts, draws, answers keys and
quits cleanly, leaving the terminal as it found it.

Each case runs `python -m dartfit` in its own pty (no headless driver): TERM from
xterm-256color down to dumb, LANG=C, NO_COLOR, sizes from 20 × 10 to 300 × 100, and a
storm of resizes. The cases run side by side in a few threads; each has bounded waits.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, restore_problems, text_of

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys"),
    pytest.mark.xdist_group("terminals"),  # the cases share one module fixture: one worker
]

REPO = Path(__file__).resolve().parents[1]
ENTER, SPACE, HELP, ESCAPE, CTRL_Q = b"\r", b" ", b"?", b"\x1b", b"\x11"
UP, DOWN, LEFT, RIGHT = b"\x1b[A", b"\x1b[B", b"\x1b[D", b"\x1b[C"
TOO_SMALL = "needs a terminal of at least 80 × 24"
TITLE = "Press Enter to choose a level"
HELP_TITLE = "dartfit help"
THROW, SQUARES = "Throw", "Squares"  # each level's own key in its footer at 80×24
# keys on the title screen: space opens the levels, arrows move, ? helps, escape goes back
LIST = "levels complete"  # the level list's summary line
HINT_SHOWN = b"\x1b["  # any redraw at all: a key that changes what a level shows
BELL = b"\x07"
# keys on the title screen and what each one brings on screen: space opens the levels, the
# arrows have nowhere to go with only the first level open (None: may change nothing),
# ? helps, escape closes the help, escape goes back to the title, enter opens the levels
TITLE_KEYS = (
    (SPACE, LIST),
    (DOWN, None),
    (UP, None),
    (HELP, HELP_TITLE),
    (ESCAPE, LIST),
    (ESCAPE, TITLE),
    (ENTER, LIST),
)
SMALL_KEYS = tuple((key, BELL) for key in (ENTER, DOWN, SPACE, HELP, ESCAPE))
LEVEL_KEYS = tuple((key, HINT_SHOWN) for key in (RIGHT, UP))
SGR = re.compile(rb"\x1b\[([0-9;]*)m")
WAIT = 30.0  # the most any one thing may take to show; the tests wait only as long as it does
# a last resort for a case that hangs: every wait inside a case is bounded by WAIT already,
# and on a loaded machine the cases queued behind others take their turn first
CASE_LIMIT = 20 * WAIT
STORM_SIZES = ((20, 10), (300, 100), (80, 24), (1, 1), (40, 12), (120, 40), (79, 23), (10, 5))
# the case each of the tests below the parametrized one looks at
USES = {
    "test_no_color_draws_in_greys_only": "no-color",
    "test_a_dumb_terminal_gets_sixteen_colours_at_most": "term-dumb",
    "test_a_resize_storm_ends_in_the_right_screen": "resize-storm",
}


@dataclass(frozen=True)
class Case:
    """One way to start dartfit, and what its first screen shows."""

    name: str
    term: str = "xterm-256color"
    size: tuple[int, int] = (80, 24)
    env: tuple[tuple[str, str], ...] = ()
    args: tuple[str, ...] = ()
    keys: tuple[tuple[bytes, str | bytes | None], ...] = TITLE_KEYS  # (key, what it shows)
    shows: str = TITLE
    storm: bool = False


CASES = [
    Case("term-xterm-256color"),
    Case("term-xterm", term="xterm"),
    Case("term-linux", term="linux"),
    Case("term-vt100", term="vt100"),
    Case("term-dumb", term="dumb"),
    Case("lang-c", env=(("LANG", "C"), ("LC_ALL", "C"))),
    Case("no-color", env=(("NO_COLOR", "1"),)),
    Case("textual-driver-left-set", env=(("TEXTUAL_DRIVER", "web"),)),  # an import error once
    Case("size-20x10", size=(20, 10), keys=SMALL_KEYS, shows=TOO_SMALL),
    Case("size-40x12", size=(40, 12), keys=SMALL_KEYS, shows=TOO_SMALL),
    Case("size-80x24"),
    Case("size-300x100", size=(300, 100)),
    Case(
        "play-first-throw",
        args=("play", "first-throw"),
        # one axis: ↑ aims nowhere (and is no key there), → and ← do
        keys=(
            (RIGHT, HINT_SHOWN),
            (UP, None),
            (LEFT, HINT_SHOWN),
            (SPACE, HINT_SHOWN),
            (HELP, HELP_TITLE),
            (ESCAPE, THROW),
        ),
        shows=THROW,
    ),
    Case(
        "play-first-line",
        args=("play", "first-line"),
        keys=(*LEVEL_KEYS, (LEFT, HINT_SHOWN), (HELP, HELP_TITLE), (ESCAPE, SQUARES)),
        shows=SQUARES,
    ),
    Case(
        "bytes-that-are-no-keys",  # each ended the game: the input thread died on it
        args=("play", "first-line"),
        keys=(
            (b"\xe9", None),  # Latin-1 "é" (an 8-bit meta key): not UTF-8
            (b"\x1b[M\xff\xff\xff", None),  # an X10 mouse report past column 95
            *LEVEL_KEYS,  # read with them, if they came in one read: kept
            # a key code beyond Unicode, a count beyond a C int, and a key in the same write
            # (so in the same read): the two are dropped, the key is kept
            (b"\x1b[1114112u\x1b[99999999999A" + HELP, HELP_TITLE),
            (ESCAPE, SQUARES),
        ),
        shows=SQUARES,
    ),
    Case("resize-storm", storm=True),
]


@dataclass
class Outcome:
    """What one case saw."""

    first_frame: bytes = b""
    answers: list[bool] = field(default_factory=list)  # each key showed what it should
    after_keys: bytes = b""
    alive_after_keys: bool = False
    storm_small: bytes = b""  # after the storm, at 20 × 10
    storm_back: bytes = b""  # then back at 80 × 24
    storm_help: bool = False  # and then `?` opened help: the notice had gone
    status: int | None = None
    output: bytes = b""
    settings_restored: bool = False


ENVIRON = dict(os.environ)
"""The environment as the module was imported, on pytest's own thread: the cases start in
threads, and reading os.environ there while pytest set PYTEST_CURRENT_TEST for the next
test raised KeyError (once, in CI)."""


def _env(case: Case) -> dict[str, str]:
    drop = ("COLORTERM", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "LANG", "LANGUAGE")
    drop += ("PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCECLOCALE")
    env = {
        k: v
        for k, v in ENVIRON.items()
        if k not in drop and not k.startswith(("TEXTUAL", "LC_", "DARTFIT"))
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    env["TERM"] = case.term
    env["LANG"] = "C.UTF-8"
    env.update(case.env)
    return env


def run_case(case: Case) -> Outcome:
    """Start dartfit as the case says, press its keys, quit with ctrl+q; record everything."""
    outcome = Outcome()
    with tempfile.TemporaryDirectory(prefix="dartfit-pty-") as data:
        argv = [sys.executable, "-m", "dartfit", "--data-dir", data, *case.args]
        with Terminal(argv, *case.size, env=_env(case), cwd=REPO) as term:
            term.wait_for(case.shows, WAIT)
            outcome.first_frame = bytes(term.output)
            if case.storm:
                for i in range(50):
                    term.resize(*STORM_SIZES[i % len(STORM_SIZES)])
                    term.read(0.0, 0.02)  # keep the pty's buffer drained
                term.resize(20, 10)
                start = len(term.output)
                term.wait_for(TOO_SMALL, WAIT, since=start)
                outcome.storm_small = bytes(term.output[start:])
                term.resize(80, 24)
                start = len(term.output)
                term.wait_for(TITLE, WAIT, since=start)
                outcome.storm_back = bytes(term.output[start:])
                # the title can show under the notice before the notice goes (its size
                # settles first): the notice is gone once `?` opens help, as keys typed
                # under it only ring the bell
                end = time.monotonic() + WAIT
                while not outcome.storm_help and time.monotonic() < end:
                    since = len(term.output)
                    term.send(HELP)
                    outcome.storm_help = term.wait_for(HELP_TITLE, 0.5, since=since)
                since = len(term.output)
                term.send(ESCAPE)
                term.wait_for(TITLE, WAIT, since=since)
            start = len(term.output)
            for key, shows in case.keys:
                since = len(term.output)
                term.send(key)
                if shows is not None:  # a key that may change nothing is not waited for
                    outcome.answers.append(term.wait_for(shows, WAIT, since=since))
            outcome.after_keys = bytes(term.output[start:])
            outcome.alive_after_keys = term.alive()
            if outcome.alive_after_keys:
                term.send(CTRL_Q)
                outcome.status = term.wait_exit(WAIT)
            outcome.output = bytes(term.output)
            if outcome.status is not None:
                outcome.settings_restored = term.settings_now() == term.settings_before
    return outcome


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest) -> Iterator[dict[str, Future[Outcome]]]:
    """Every selected case, started at once on a few threads."""
    chosen = set()
    for item in request.session.items:
        if item.module is sys.modules[__name__]:
            params = getattr(item, "callspec", None)
            chosen.add(params.params["case"].name if params else USES[item.originalname])
    workers = max(1, min(2, os.cpu_count() or 1))  # each case is a busy process of its own
    with ThreadPoolExecutor(max_workers=workers) as pool:
        yield {c.name: pool.submit(run_case, c) for c in CASES if c.name in chosen}


def _colours(output: bytes) -> set[bytes]:
    """Every SGR colour set: b'38;5;214', b'48;2;1;2;3', b'31', …"""
    found: set[bytes] = set()
    for match in SGR.finditer(output):
        parts = match.group(1).split(b";")
        i = 0
        while i < len(parts):
            p = parts[i]
            if p in (b"38", b"48") and i + 1 < len(parts):
                n = 5 if parts[i + 1] == b"2" else 3
                found.add(b";".join(parts[i : i + n]))
                i += n
                continue
            if p and (30 <= int(p) <= 49 or 90 <= int(p) <= 107) and p not in (b"39", b"49"):
                found.add(p)
            i += 1
    return found


def _is_grey(colour: bytes) -> bool:
    parts = [int(p) for p in colour.split(b";")]
    if len(parts) == 5:
        return parts[2] == parts[3] == parts[4]
    if len(parts) == 3:  # the 256-colour cube's diagonal and the grey ramp
        n = parts[2]
        return n in (0, 7, 8, 15) or n >= 232 or (16 <= n <= 231 and len(set(_cube(n))) == 1)
    return parts[0] % 10 in (0, 7)  # black and white, normal or bright


def _cube(n: int) -> tuple[int, int, int]:
    n -= 16
    return n // 36, n // 6 % 6, n % 6


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_dartfit_starts_answers_keys_and_restores_the_terminal(
    case: Case, outcomes: dict[str, Future[Outcome]]
) -> None:
    got = outcomes[case.name].result(timeout=CASE_LIMIT)
    text = text_of(got.output)
    assert case.shows in text_of(got.first_frame), f"first frame: {text[:400]!r}"
    assert "Traceback" not in text and "unexpected error" not in text, text[-1500:]
    assert got.alive_after_keys, f"died after keys {case.keys!r}: {text[-600:]!r}"
    expected = [shows for _, shows in case.keys if shows is not None]
    missing = [shows for shows, seen in zip(expected, got.answers, strict=True) if not seen]
    assert not missing, f"keys {case.keys!r} never showed {missing!r}"
    assert got.status == 0, f"ctrl+q: exit status {got.status}; {text[-600:]!r}"
    assert restore_problems(got.output) == []
    assert got.settings_restored, "the terminal's termios settings were not restored"


def test_no_color_draws_in_greys_only(outcomes: dict[str, Future[Outcome]]) -> None:
    colours = _colours(outcomes["no-color"].result(timeout=CASE_LIMIT).output)
    assert colours and all(_is_grey(c) for c in colours), sorted(colours)


def test_a_dumb_terminal_gets_sixteen_colours_at_most(
    outcomes: dict[str, Future[Outcome]],
) -> None:
    colours = _colours(outcomes["term-dumb"].result(timeout=CASE_LIMIT).output)
    assert colours and all(b";" not in c for c in colours), sorted(colours)[:10]


def test_a_resize_storm_ends_in_the_right_screen(outcomes: dict[str, Future[Outcome]]) -> None:
    got = outcomes["resize-storm"].result(timeout=CASE_LIMIT)
    assert TOO_SMALL in text_of(got.storm_small), text_of(got.storm_small)[-400:]
    assert TITLE in text_of(got.storm_back), text_of(got.storm_back)[-400:]
    assert got.storm_help, "after the storm, `?` never opened help: the size notice stayed"
