"""Shared fixtures: the shipped levels folder and a writer for throwaway level files.

Hypothesis runs derandomized by default (profile "ci"): the same examples every run, so a
red run replays exactly. HYPOTHESIS_PROFILE=explore draws fresh examples to hunt for new
failures.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "levels"

# Before the imports below (hypothesis, Textual: hundreds of modules; pytest rewrites the
# asserts of hypothesis's, a plugin's): machines that set PYTHONDONTWRITEBYTECODE=1 make every
# pytest worker, and every dartfit the tests start, compile (and rewrite) every module again:
# 3 s of each worker's start. Compiled files go where Python keeps them (__pycache__, which
# git ignores): beside the installed packages pip compiled them already, so a fresh clone's
# workers no longer compile Textual, numpy and the rest again (2.3 s each, all at once), as
# they did into a folder of their own (.pytest_cache/pyc, where Python then looked alone).
if sys.dont_write_bytecode:
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# A big level's figures are kept between runs in a cache folder (dartfit.levels.figures):
# each test process keeps its own, new, so no test reads what an older checkout worked out.
os.environ["DARTFIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="dartfit-test-cache-")
# … and removes it when it ends (every run left one folder per process in /tmp: 713 of them)
atexit.register(shutil.rmtree, os.environ["DARTFIT_CACHE_DIR"], ignore_errors=True)

import pytest  # noqa: E402
import textual._callback  # noqa: E402
import textual._wait  # noqa: E402
import textual.constants  # noqa: E402
from hypothesis import settings  # noqa: E402
from textual._parser import Parser  # noqa: E402
from textual.css.stylesheet import Stylesheet  # noqa: E402

from dartfit.pictures.raster import Raster, Row, ink  # noqa: E402
from dartfit.stylesheet import kept  # noqa: E402

if TYPE_CHECKING:
    from dartfit.pictures.figure import Figure

settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Pilot's press waits for the app to be idle by sleeping in slices of 1/50 s until a slice
# passes with (almost) no CPU used: 40 ms of sleep for every key pressed. Slices of 2 ms
# still see a busy app as busy (its message queues are waited for first anyway) and halve
# the time of a test that presses keys (winning every level: 30 s → 14 s).
# A slice counts as idle when the process used under half a millisecond of CPU in it (Textual's
# own rule is a millisecond in slices of 20 ms): waking from a slice costs an idle app's loop
# 60-130 µs of CPU by itself, 220 µs at the 99th percentile on a loaded machine (the suite's
# workers, two to a core), so the twentieth of a slice this was (100 µs) saw most slices of an
# app doing nothing as busy: an idle pause took 84 ms at the median and 1.05 s (the most Pilot
# waits) at the worst, 8 ms and 20 ms at this threshold. The app's work runs on the same
# thread as the wait, between its slices, so a busy app still uses whole milliseconds of a slice.
textual._wait.SLEEP_GRANULARITY = 1 / 500
textual._wait.SLEEP_IDLE = 0.0005

# The cyclic garbage collector ran every 700 new objects; a Textual app under test makes
# hundreds of thousands, and each collection walks the survivors again: a third of a UI
# test's CPU (the HUD tests: 7 s of 18). Collected every 50,000 objects, the same tests
# take 12 s, and every object is still collected, only later.
gc.set_threshold(50_000, 20, 100)

# Every app a test starts parses the same CSS again (its widgets' and dartfit.tcss): a fifth
# of starting an app (110 → 90 ms). The game keeps what it parses for the process (as a
# class host's warm process does for its games, dartfit.stylesheet); here every stylesheet
# does, the tests' own apps' and a theme's new one included.
Stylesheet._parse_rules = kept(Stylesheet._parse_rules)  # type: ignore[method-assign]


# Pilot waits for a screen by posting each widget a callback made anew for every wait, and
# Textual counts a callback's parameters with inspect.signature unless it counted that very
# object before: 32 signatures a key pressed, 4.6 µs each, about 4 % of a key's CPU under
# test (the win panel's and HUD tests: 3,250 presses, 0.5 s of 13 s). Counted once per code
# object here: a closure's count is its code's (a function that names another signature,
# or wraps one, is counted as before).
_counted = textual._callback._count_parameters
_counts: dict[object, int] = {}


def _count_parameters(func: Callable[..., object]) -> int:
    code = getattr(func, "__code__", None)
    if code is None or hasattr(func, "__wrapped__") or hasattr(func, "__signature__"):
        return _counted(func)
    if code not in _counts:
        _counts[code] = _counted(func)
    return _counts[code]


textual._callback._count_parameters = _count_parameters

# A test's app draws for a 24-bit terminal whatever terminal runs the tests: TERM=xterm with
# no COLORTERM (or no TERM at all) is 16 colours to Rich, and the game's 16-colour styles
# (dartfit.app.SIXTEEN_COLOURS) would be every test's. Tests of those ask for them. The
# games the tests start as processes choose as the game does. Pinned again before each test:
# a test that runs the command line in-process (`dartfit.cli.main`) has Textual read its
# settings again from the environment (a reload of textual.constants), and every app the
# worker started after it took the 16-colour styles (snapshots and colour tests failed only
# in a full run).
textual.constants.COLOR_SYSTEM = "truecolor"  # type: ignore[misc]


INHERITED_SIGNALS = tuple(
    getattr(signal, name)
    for name in (
        "SIGINT",
        "SIGTERM",
        "SIGHUP",
        "SIGQUIT",
        "SIGPIPE",
        "SIGWINCH",
        "SIGCONT",
        "SIGTSTP",
        "SIGTTIN",
        "SIGTTOU",
        "SIGUSR1",
        "SIGCHLD",
        "SIGALRM",
    )
    if hasattr(signal, name)
)
"""Signals whose handling a process started by the test inherits: held back (the mask), and
ignored (SIG_IGN is kept across exec)."""


def _signals_here() -> tuple[object, ...]:
    mask = (
        signal.pthread_sigmask(signal.SIG_BLOCK, []) if hasattr(signal, "pthread_sigmask") else ()
    )
    ignored = [signal.getsignal(sig) == signal.SIG_IGN for sig in INHERITED_SIGNALS]
    return frozenset(mask), tuple(ignored)


@pytest.fixture(autouse=True)
def signals_left_as_found() -> Iterator[None]:
    """A test leaves the worker's signals as it found them: a mask left blocking, or a signal
    left ignored, passes to every process a later test starts in the worker (a game, a
    host), which then never hears that signal."""
    before, notices = _signals_here(), signal.getsignal(signal.SIGUSR1)
    yield
    # `dartfit.cli.main` ignores a class host's notice for good, as a game's process must (one
    # restored as the game ends could end it by SIGUSR1's default): put back after a test
    # that ran it in this process
    signal.signal(signal.SIGUSR1, notices)
    after = _signals_here()
    assert after == before, f"signals held or ignored before {before}, after {after}"


@pytest.fixture(autouse=True)
def drawn_in_truecolour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's apps draw for a 24-bit terminal, whatever a test before it reloaded."""
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", "truecolor")


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collecting loaded (Textual, numpy, hypothesis, the test modules and their
    parameters: 84,000 objects) lives as long as the worker: frozen out of the collector's
    full passes, as the game freezes what it loaded (dartfit.cli). pytest ends each
    worker with five full collections (its unraisable-exception check), each over every
    object: 0.4 s a worker, 0.1 s once those are left out."""
    gc.collect()
    gc.freeze()


LATE_PANEL = "DARTFIT_LATE_PANEL"
"""Seconds each win panel shows late, as on a busy machine, when set: a probe for tests that
press a key on the panel, or read the level beside it, before it shows (on a busy machine
Pilot takes the app for idle early, and such tests failed in CI alone). Unset in CI."""


def pytest_configure(config: pytest.Config) -> None:
    late = float(os.environ.get(LATE_PANEL) or 0)
    if late > 0:
        from dartfit.dialogs.win import WinScreen

        placed = WinScreen._placed

        def _late(self: WinScreen) -> None:
            self.set_timer(late, lambda: placed(self))

        WinScreen._placed = _late  # type: ignore[method-assign]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the long tests first: handed out last, one of them ran on alone while the other
    workers had finished (longest first is the classic rule for an even end)."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: else as is


GOOD_LINE = """
schema = 1
id = "demo"
title = "Demo"
kind = "line"
lesson = "training"
goal = "Beat the target."
what_you_saw = "You saw it."
hints = ["one", "two"]

[data]
x = [0.0, 1.0, 2.0, 3.0]
y = [1.0, 3.0, 5.5, 6.5]

[target]
metric = "mse"
value = 1.0
"""


@pytest.fixture(autouse=True)
def saves_waited_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """A game in a test waits for each save as long as it takes, not SAVE_WAIT (a second):
    on a machine busy with the suite a save may take longer, and the game would play on,
    as it must on a disk that stopped answering, before the win is on disk where a test
    looks for it. The tests of a stalled save set their own wait."""
    from dartfit import keeping

    monkeypatch.setattr(keeping, "SAVE_WAIT", 60.0)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The clocks of the terminal's input parsers (dartfit's and Textual's), moved by hand."""
    now = [1000.0]
    monkeypatch.setattr("dartfit.steady.keys.time.monotonic", lambda: now[0])
    monkeypatch.setattr("textual._parser.get_time", lambda: now[0])
    return now


@pytest.fixture
def characters_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many characters Textual's parser of the terminal read, one at a time (the cost
    of input)."""
    count = [0]
    feed = Parser.feed

    def counted(self: Parser[object], data: str) -> Iterator[object]:
        count[0] += len(data)
        return feed(self, data)

    monkeypatch.setattr(Parser, "feed", counted)
    return count


@pytest.fixture
def shipped() -> Path:
    """The repository's own levels folder."""
    return SHIPPED


@pytest.fixture
def write_level(tmp_path: Path) -> Callable[..., Path]:
    """Write a level file into a fresh folder and return its path."""

    def write(text: str = GOOD_LINE, name: str = "01-demo.toml") -> Path:
        folder = tmp_path / "levels"
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def dartfit_here(
    capfd: pytest.CaptureFixture[str],
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`dartfit *argv` run in the test's own process, as a command that ends at once (a
    refusal, a printed answer): its status, stdout and stderr, caught at the descriptors, with
    stdin /dev/null and the folder `cwd` as a started process would have them. A process of
    its own costs 0.24 s of CPU to start (Python, numpy, Textual); the command line is the same
    function here. Where the process is the subject (a signal, a closed pipe, a terminal),
    start one. A command that would wait is ended by an alarm after 60 s, as a process was."""
    from dartfit.cli import main

    def run(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        def too_long(signum: int, frame: object) -> None:
            raise TimeoutError(f"dartfit {argv} still running after 60 s")

        stdin, null = os.dup(0), os.open(os.devnull, os.O_RDONLY)
        alarm = signal.signal(signal.SIGALRM, too_long)
        try:
            os.dup2(null, 0)
            signal.alarm(60)
            with contextlib.chdir(cwd or os.getcwd()):
                try:
                    status = main(list(argv))
                except SystemExit as e:
                    status = e.code if isinstance(e.code, int) else 2
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, alarm)
            os.dup2(stdin, 0)
            os.close(stdin)
            os.close(null)
        out, err = capfd.readouterr()
        return subprocess.CompletedProcess(["dartfit", *argv], status, out, err)

    return run


def game_stood_in(
    monkeypatch: pytest.MonkeyPatch, run: Callable[[], None] = lambda: None
) -> dict[str, object]:
    """`dartfit`'s game replaced by a stand-in that runs `run` and ends at once, no terminal
    needed; returns the make_app arguments it was made with."""
    from dartfit import app as app_module
    from dartfit import cli as cli

    made: dict[str, object] = {}

    class Game:
        return_code = 0
        not_saved = not_read = kept_elsewhere = None
        store = None

        def run(self) -> None:
            run()

    def make(**kwargs: object) -> Game:
        made.update(kwargs)
        return Game()

    monkeypatch.setattr(app_module, "make_app", make)
    monkeypatch.setattr(cli.stdio, "terminal_problem", lambda: None)
    monkeypatch.setattr(cli.stdio, "background_problem", lambda: None)
    return made


def alive(pid: int) -> bool:
    """Whether a process is still there (a zombie counts until it is reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def scaled_level(folder: Path, name: str, scale: float) -> Path:
    """A shipped level with its data (and its fixed line's height) times `scale`,
    written inline into `folder`: the same level, drawn on another scale."""
    from dartfit.levels import load_level

    shipped = load_level(SHIPPED / f"{name}.toml")
    text = (SHIPPED / f"{name}.toml").read_text(encoding="utf-8")
    head, _, rest = text.partition("\n[data")
    rest = rest[rest.index("\n[target]") :]
    x, y = (", ".join(repr(float(v) * scale) for v in values) for values in (shipped.x, shipped.y))
    data = f"\n[data]\nx = [{x}]\ny = [{y}]\n"
    head = re.sub(r"(?m)^b = (.*)$", lambda b: f"b = {float(b.group(1)) * scale!r}", head)
    path = folder / f"01-{name}.toml"
    path.write_text(head + data + rest, encoding="utf-8")
    return path


def made_predictions(data_dir: Path) -> None:
    """Save progress in which every shipped level's prediction was made (right): a player
    back at a level is not asked again, so a test of something else plays straight away."""
    from dartfit.levels import load_levels
    from dartfit.progress import ProgressStore

    store = ProgressStore.in_folder(data_dir)
    progress = store.load().progress
    for level in load_levels(SHIPPED):
        if level.spec.predict is not None:
            progress = progress.answered(f"predict/{level.id}", True, "predict")
    store.save(progress)


def drawn_both_ways(figure: Figure, width: int, height: int) -> tuple[list[str], list[str]]:
    """A figure drawn by plotext with what it drops repeats from (tick labels, points) taken
    in one order and in the reverse: a set's order, which the hash seed sets, in a run."""
    import plotext._utility as plotext_utility

    from dartfit.widgets.plot import build

    drawn = []
    for backwards in (False, True):
        with pytest.MonkeyPatch.context() as patch:

            def in_order(data: object, backwards: bool = backwards) -> list[object]:
                return sorted(set(data), key=repr, reverse=backwards)  # type: ignore[call-overload]

            patch.setattr(plotext_utility, "no_duplicates", in_order)
            drawn.append(build(figure, width, height))
    return drawn[0], drawn[1]


def inked(raster: Raster) -> list[Row]:
    """A raster's finished rows, each cell's style without the ground under it (a dart on a
    ring reads "dart", not "dart+ring-1": `dartfit.pictures.raster.ink`)."""
    return [(text, tuple(map(ink, styles))) for text, styles in raster.rows()]
