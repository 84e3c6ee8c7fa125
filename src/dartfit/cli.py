"""The command line: parse arguments, then open the app or run a sub-command.

Every failure is one line on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

# ctrl+c as the command's modules load, before `main` listens for it: a traceback was
# printed (a hostile pass: `kill -INT` 0.15 s after the start); it ends as ctrl+c after
try:
    import argparse
    import contextlib
    import gc
    import io
    import os
    import re
    import shlex
    import signal
    import stat
    import sys
    from collections.abc import Iterator, Mapping, Sequence
    from pathlib import Path
    from typing import TYPE_CHECKING, Any, NoReturn

    # One BLAS thread, set before numpy loads: dartfit's arrays are small per call, and with the
    # other cores busy (a class on one host) OpenBLAS's threads turned a 0.02 ms dot into 7 ms.
    for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_threads, "1")

    from dartfit import __version__, room, stdio  # after the BLAS setting, on purpose
    from dartfit.datasets import DATASETS, dataset, no_dataset  # plain tuples: no numpy yet
    from dartfit.files import (
        broken_link,
        exists,
        home_expanded,
        is_dir,
        kind_of,
        not_a_file,
        said_of,
        wrong_kind,
    )
    from dartfit.given import count, given_path, positive_number
    from dartfit.printable import brief, escaped
except KeyboardInterrupt:
    raise SystemExit(130) from None

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from dartfit.csvdata import Dataset
    from dartfit.levels import Level

# "exact" and core.validation.METHODS, written here so `--help` needs no numpy (a test keeps
# them equal); gd by its name, as a reader expects it, and "gd" still read (scripts use it)
METHODS = ("exact", "gradient-descent", "momentum", "adam")
METHOD_ALIASES = {"gd": "gradient-descent"}
GAME = (None, "play", "lesson", "fit")  # the commands that open the app


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    commands: Mapping[str, argparse.ArgumentParser] = {}
    """The sub-commands' parsers, by name (the top parser's)."""

    def error(self, message: str) -> NoReturn:
        # a byte of an argument that is not UTF-8, in argparse's repr: '\udcff', where every
        # other message writes it as the byte it is ('\xff', as `printable.escaped` does)
        message = re.sub(r"\\udc([89a-f][0-9a-f])", r"\\x\1", message)
        stdio.say(f"dartfit: {message} (see: {self.prog} --help)")  # one line, of any length
        self.exit(2)

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        """The help, on stdout; with stdout closed, one line and status 2, as every command
        says (argparse wrote it to stderr and exited 0)."""
        if file is None and sys.stdout is None:
            stdio.say("dartfit: cannot write the help (stdout is closed)")
            self.exit(2)
        super().print_help(file)


class _Version(argparse.Action):
    """--version, on stdout; with stdout closed, one line and status 2, as the help (argparse
    wrote the version to stderr and exited 0)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS)
        self.help = "show the version and exit"

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        if sys.stdout is None:
            stdio.say("dartfit: cannot write the version (stdout is closed)")
            parser.exit(2)
        sys.stdout.write(f"dartfit {__version__}\n")
        parser.exit()


MOST_STEPS = 1_000_000
"""The most steps `solve --steps` takes: each is kept and printed (10¹¹ ran out of memory)."""


def _steps(text: str) -> int:
    value = count(text)
    if value > MOST_STEPS:
        raise argparse.ArgumentTypeError(
            f"expected at most {MOST_STEPS:,} steps (each one is kept and printed), got {text}"
        )
    return value


GLOBAL = ("--levels", "--data-dir", "--seed")
"""The options of the game, given before any command or after one that acts on them."""
ACTS_ON = {
    "levels": ("--levels",),
    "check": (),  # the files named
    "export": ("--levels",),
    "lessons": (),
    "solve": ("--levels",),
    "host": ("--levels", "--data-dir"),
    "serve": ("--levels", "--data-dir"),
}
"""The global options each command that does not open the game acts on: its --help lists
only those (`export --help` listed --seed and --data-dir, which it never read)."""


def _global_options(default: object, names: Sequence[str] = GLOBAL) -> _Parser:
    """Of --levels, --data-dir and --seed, `names`, and --version: before the command
    (default None) or after.

    After it they default to SUPPRESS, so they don't reset one given before; given twice,
    the later one wins, as argparse's own options do.
    """
    options = _Parser(add_help=False)
    if "--levels" in names:
        levels_help = "a folder of level files (default: the shipped campaign)"
        options.add_argument(
            "--levels", metavar="DIR", type=given_path, default=default, help=levels_help
        )
    if "--data-dir" in names:
        options.add_argument(
            "--data-dir",
            metavar="DIR",
            type=given_path,
            default=default,
            help="where progress is saved (default: your user data folder)",
        )
    if "--seed" in names:
        options.add_argument(
            "--seed", type=count, default=default, help="seed for the game's randomness (≥ 0)"
        )
    options.add_argument("--version", action=_Version)
    return options


def _game_options(default: object) -> _Parser:
    """--all-open: for the commands that open the game, before the command or after it."""
    options = _Parser(add_help=False)
    options.add_argument(
        "--all-open",
        action="store_true",
        default=default,
        help="open every level at once, for a teacher (kept in the progress; skipped levels "
        "earn no stars)",
    )
    return options


LEVEL_HELP = (
    "a level: its id (first-line), its file name without the number, or its number; or the"
    " path of a level file of your own (mine/ramp.toml)"
)
PLAY_HELP = LEVEL_HELP + ", played alone, its progress kept as a --levels folder's are"

EXAMPLES = """\
Run dartfit with no command to play from the title screen.

examples:
  dartfit                      play (progress is saved as you go)
  dartfit play 5               open level 5 directly
  dartfit fit heights.csv      fit a line to your own data
  dartfit solve first-line --method adam
  dartfit COMMAND --help       what a command does, with an example
"""

# each sub-command: its one line in `dartfit --help`, and what its own --help adds
COMMANDS = {
    "levels": ("list the levels", "dartfit levels"),
    "check": ("validate level and check files, or folders of them", "dartfit check my-levels/"),
    "export": ("print a level's data as CSV (x,y)", "dartfit export first-line > points.csv"),
    "play": (
        "open one level, a level file, or a puzzle by its share code",
        "dartfit play first-line",
    ),
    "lessons": ("list the lessons", "dartfit lessons"),
    "lesson": ("open one lesson directly", "dartfit lesson mae"),
    "fit": (
        "fit a line to your own CSV data",
        "dartfit fit heights.csv --x height --y weight",
    ),
    "host": (
        "host a class over SSH: each student plays with their own progress",
        "dartfit host --class-code maple --bind 0.0.0.0",
    ),
    "serve": (
        "serve the game to a class in browsers (a trusted network: plain http)",
        "dartfit serve --class-code maple --bind 0.0.0.0",
    ),
    "solve": (
        "run the auto-solver on a level and print where it ends",
        "dartfit solve first-line --method gradient-descent --lr 0.01 --steps 500 --json",
    ),
}


def build_parser() -> _Parser:
    """The argument parser for `dartfit` and its sub-commands."""
    parser = _Parser(
        prog="dartfit",
        description="A game and tutor for understanding Mean Squared Error.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_global_options(None), _game_options(False)],
    )
    game = _game_options(argparse.SUPPRESS)  # --all-open, after a command that opens the game
    sub = parser.add_subparsers(
        dest="command", parser_class=_Parser, metavar="COMMAND", title="commands"
    )
    parser.commands = sub.choices  # each command's parser, by name (for its usage errors)

    def command(name: str) -> argparse.ArgumentParser:
        says, example = COMMANDS[name]
        # after the command, the options it acts on (those of the game, for the game's)
        after = _global_options(argparse.SUPPRESS, ACTS_ON.get(name, GLOBAL))
        return sub.add_parser(
            name,
            parents=[after, game] if name in GAME else [after],
            help=says,
            description=says[0].upper() + says[1:] + ".",
            epilog=f"example:\n  {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    command("levels")
    check = command("check")
    check.add_argument(
        "paths",
        nargs="+",
        type=given_path,
        metavar="PATH",
        help="a level or check file (.toml), or a folder of levels (its checks/ too)",
    )
    command("export").add_argument("level", metavar="LEVEL", help=LEVEL_HELP)
    play = command("play")
    play.add_argument("level", metavar="LEVEL", nargs="?", help=PLAY_HELP)
    play.add_argument(
        "--code", metavar="CODE", help="a generated puzzle's share code instead (6DPT-QBXW)"
    )
    command("lessons")
    lesson = command("lesson")
    lesson.add_argument("name", metavar="NAME", help="a lesson's concept id (see: dartfit lessons)")
    fit = command("fit")
    fit.add_argument(
        "csv",
        metavar="FILE.csv",
        type=given_path,
        nargs="?",
        help="a CSV file of numbers, a header row of names first if it has one (or --dataset)",
    )
    fit.add_argument(
        "--dataset",
        metavar="NAME",
        help="a dataset shipped with dartfit instead of a file: "
        + "; ".join(f"{name}: {d.about}" for name, d in DATASETS.items())
        + ". Sources: "
        + "; ".join(sorted({d.source for d in DATASETS.values()})),
    )
    x_help = "x column: name or number (default: 1, or 2 if --y is 1)"
    y_help = "y column: name or number (default: 2, or 1 if --x is 2)"
    fit.add_argument("--x", metavar="COLUMN", help=x_help)
    fit.add_argument("--y", metavar="COLUMN", help=y_help)
    from dartfit.host.cli import add_options  # argparse only: asyncssh loads when it runs

    add_options(command("host"))
    add_options(command("serve"), web=True)
    solve = command("solve")
    solve.add_argument("level", metavar="LEVEL", help=LEVEL_HELP)
    solve.add_argument(
        "--method",
        choices=METHODS,
        type=lambda name: METHOD_ALIASES.get(name, name),
        default="exact",
        help="exact: the best line in one step (default; least squares, or least absolute "
        "deviations on a level scored by MAE); gradient-descent (or gd): plain gradient "
        "descent; momentum: descent with momentum; adam: the Adam optimiser",
    )
    solve.add_argument(
        "--lr",
        type=positive_number,
        default=None,
        help="learning rate of the descent (default: a stable rate worked out from the data)",
    )
    solve.add_argument(
        "--steps",
        type=_steps,
        default=None,
        help=f"stop after at most this many steps (up to {MOST_STEPS:,})",
    )
    solve.add_argument(
        "--json", action="store_true", help="print one JSON object (with the whole path)"
    )
    return parser


def _plain_colours_on_a_dumb_terminal() -> None:
    """TERM=dumb (or unknown): ask Textual for 16 colours, not its fallback of 24-bit colour."""
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        os.environ.setdefault("TEXTUAL_COLOR_SYSTEM", "standard")


def _not_a_data_folder(given: str | None, under: str = "") -> str | None:
    """Why play can't keep progress in this folder, in a line naming the place and what to
    do; None when it can. The folder, or one it would be made in, is a file, a link that
    leads nowhere, a path the system refuses or one the player may not write in; or, for a
    game (no `under`), its progress.json links into a folder that is gone, or may not be
    read (see `obstacles`). `under`: the folder in the default one that a command keeps its
    data in when none is given (host's "host"). Played on, the game said only "Not a
    directory", or "File exists" for a link that led nowhere, or nothing until a win, and
    nothing was saved; a loop of links played without saving, and a name too long was
    "[Errno 36] …"; `host --export` said the class list "does not exist"."""
    from dartfit.progress import DATA_DIR_ENV, PROGRESS_FILE, default_data_dir
    from dartfit.progress.elsewhere import Elsewhere
    from dartfit.progress.obstacles import file_in_the_way, folder_in_the_way, named

    folder = home_expanded(given) if given else default_data_dir() / under
    chosen = os.environ.get(DATA_DIR_ENV, "").strip()  # blank: unset (`default_data_dir`)
    where = "--data-dir" if given else (DATA_DIR_ENV if chosen else "")
    then = "give the path of a folder" if where else "move it away"
    why = folder_in_the_way(folder, then)
    if why is not None:
        why = f"{why} ({f'from {where}' if where else '--data-dir chooses another'})"
    elif not under:
        why = file_in_the_way(folder / PROGRESS_FILE)
    kept = None if under or why is None else Elsewhere(folder).held()
    if why is not None and kept is not None:  # an earlier game's, kept while it could not be
        why += f"; the progress of a game that could not write there is kept in {named(kept)}"
    return why


def _colours_named_right() -> None:
    """Refuse, in a line naming it, a TEXTUAL_COLOR_SYSTEM that Textual cannot take: "bogus"
    ended the game at start with "dartfit: bogus" (rich's KeyError). Empty, it is unset."""
    from rich.console import COLOR_SYSTEMS  # what Textual hands the setting to

    systems = ("auto", *COLOR_SYSTEMS)
    said = os.environ.get("TEXTUAL_COLOR_SYSTEM")
    if said == "":
        os.environ.pop("TEXTUAL_COLOR_SYSTEM")
    elif said is not None and said not in systems:
        raise stdio.CommandError(
            f"TEXTUAL_COLOR_SYSTEM={brief(escaped(said))} is not one of {', '.join(systems)}"
        )


def _log_named_right() -> None:
    """Refuse, in a line naming it, a TEXTUAL_LOG that Textual could not write to: it opens the
    file for every line it logs, so a missing folder ended the game at start with "[Errno 2]
    No such file or directory", and a pipe with no reader froze it on a blank screen for good
    (ctrl+c and ctrl+q too). Empty or blank, it is unset (blank, Textual logged to a file
    named by its spaces in the current folder)."""
    said = os.environ.get("TEXTUAL_LOG", "")
    if not said.strip():
        os.environ.pop("TEXTUAL_LOG", None)
        return
    where = f"TEXTUAL_LOG={brief(escaped(said))}"
    try:
        mode = os.stat(said).st_mode
    except FileNotFoundError:
        mode = None  # made by the first line logged, if its folder is there
    except OSError as e:
        raise stdio.CommandError(
            said_of(where, f"can't write the log there: {e.strerror}")
        ) from None
    if mode is not None and not stat.S_ISREG(mode):
        wrong = wrong_kind(kind_of(mode), "a file to write the log in", "give the path of a file")
        raise stdio.CommandError(said_of(where, wrong))
    try:
        os.close(os.open(said, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666))
    except OSError as e:
        raise stdio.CommandError(
            said_of(where, f"can't write the log there: {e.strerror}")
        ) from None


TEXTUAL_AUTOMATION = (
    "TEXTUAL_SCREENSHOT",
    "TEXTUAL_SCREENSHOT_LOCATION",
    "TEXTUAL_SCREENSHOT_FILENAME",
    "TEXTUAL_PRESS",
    "TEXTUAL_SHOW_RETURN",
)
"""Textual's hooks for scripting an app, set aside for a game: TEXTUAL_SCREENSHOT=1 left in
the environment ended the game after a second, status 0, with an SVG in the folder it was
started from, and TEXTUAL_PRESS pressed its keys into the title for the player."""


def _textual_settings_from_this_environment() -> None:
    """Textual reads its settings (driver, colours, frame rate) from the environment when
    first imported: a game forked from a class host's warm process had them from the host's
    environment, not its own (a browser's game drew on the terminal driver; TERM=dumb got
    24-bit colour). Read them again."""
    import importlib

    constants = sys.modules.get("textual.constants")
    if constants is not None:
        importlib.reload(constants)


def _size_from_the_terminal() -> None:
    """Let the terminal say its size. COLUMNS and LINES inherited from a parent (GNU readline
    exports them at the size of the moment; pytest loads it) outrank the terminal in
    Textual's reading of the size, and pinned the game at 80×24 through every resize."""
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)


def _run(args: argparse.Namespace) -> int:
    from dartfit.levels import default_levels_dir, load_levels

    if args.command in GAME:
        try:
            return _play(args)
        except LookupError as e:  # no level of that name: it may name a path on disk
            named = args.command == "play" and args.level is not None and e.args
            if not named or isinstance(e, KeyError) or _level_file(args) is not None:
                raise
            raise stdio.CommandError(_not_a_level(args.level, "play", e.args[0])) from None
    if args.command in ("host", "serve"):
        from dartfit.host.cli import run, serve
        from dartfit.progress import default_data_dir

        folder = Path(args.data_dir or default_data_dir() / "host")
        blocked = _not_a_data_folder(args.data_dir, "host")  # before a class is looked for
        if blocked is not None:
            raise stdio.CommandError(blocked)
        return (run if args.command == "host" else serve)(args, folder)
    from dartfit import commands  # not for the game: it loads numpy and the whole core

    out = sys.stdout
    if out is None:
        raise stdio.CommandError("cannot write the output (stdout is closed)")
    if args.command == "check":
        fine, problems = commands.check_paths(args.paths)
        for line in problems:
            stdio.say(line)
        if problems:
            return 2
        print(f"{fine} file{'s' * (fine != 1)} checked: all fine", file=out)
        return 0
    if args.command == "lessons":
        commands.lessons_table(out)
        return 0
    if args.command == "levels":
        levels = load_levels(args.levels or default_levels_dir())
        commands.levels_table(levels, out, commands.terminal_width(out))
    elif args.command == "export":
        commands.export_csv(_level_given(args), out)
    elif args.command == "solve":
        level = _level_given(args)
        report = commands.solve(level, args.method, args.lr, args.steps)
        commands.print_solve(report, args.json, out, level, commands.terminal_width(out))
    return 0


def _play(args: argparse.Namespace) -> int:
    """Open the game (after checking its arguments and that it has a terminal to run in)."""
    browser = stdio.in_browser()
    background = None if browser else stdio.background_problem()
    if background is not None:  # before anything (a CSV's progress) touches the terminal
        stdio.say_from_the_background(f"dartfit: {background}")
        return 2
    if not browser:
        _plain_colours_on_a_dumb_terminal()
        _size_from_the_terminal()
        # in a terminal, the terminal's driver: another left in the environment (a web one,
        # a misspelt one) ended the game at start with an import error
        os.environ.pop("TEXTUAL_DRIVER", None)
    _colours_named_right()
    _log_named_right()
    for name in TEXTUAL_AUTOMATION:
        os.environ.pop(name, None)
    _textual_settings_from_this_environment()
    code = getattr(args, "code", None)
    if args.command == "play" and (args.level is None) == (code is None):
        raise ValueError("play takes a LEVEL or --code CODE (one of them)")
    level_file = _level_file(args) if args.command == "play" else None
    # the data read, or refused in one line, before Textual is imported (a fifth of a second)
    data = _fit_data(args) if args.command == "fit" else None
    # No collection while the game loads: what its imports make lives as long as the game,
    # and the passes over it were 14 ms of the 363 ms of CPU to the title's first frame
    # (`settle_the_heap` turns the collector on again; `main` too, if the game never ran)
    gc.disable()
    from rich.console import Console
    from textual.worker import WorkerFailed

    from dartfit.app import LOAD_WAIT, make_app
    from dartfit.lessons import find_lesson
    from dartfit.progress.class_env import CLASS_DB_ENV
    from dartfit.steady.in_turn import within

    store = None
    if os.environ.get(CLASS_DB_ENV):  # a class host's game: the class database (sqlite3)
        from dartfit.progress.class_store import store_from_env

        store = store_from_env(os.environ)
    # a folder on a disk that stopped answering (a dead network mount) held this for ever
    silent: str | None = (
        f"the folder for your progress did not answer within {LOAD_WAIT:g} s: is the disk"
        " that holds it still there? (--data-dir chooses another)"
    )
    blocked = None
    if store is None:
        blocked = within(LOAD_WAIT, lambda: _not_a_data_folder(args.data_dir), silent)
    if blocked is not None:
        stdio.say(f"dartfit: {blocked}")
        return 2
    app = make_app(
        levels_dir=args.levels,
        data_dir=args.data_dir,
        seed=args.seed,
        start=args.level if args.command == "play" and level_file is None else None,
        code=code,
        level_file=level_file,
        lesson=find_lesson(args.name) if args.command == "lesson" else None,
        data=data,
        all_open=args.all_open,
        store=store,
    )
    problem = None if browser else stdio.terminal_problem()
    if problem is not None:
        stdio.say_where_seen(f"dartfit: needs a terminal ({problem})")
        return 2
    # Textual prints a crash's traceback here when the app has closed (see _crashed); dartfit
    # never exits with a message, so whatever lands here comes from a bug (or a panic)
    report = io.StringIO()
    app.error_console = Console(file=report, width=100, color_system=None, highlight=False)
    settle_the_heap()
    app.run()
    traceback = report.getvalue()
    error = getattr(app, "_exception", None)  # the first unhandled one; Textual has no public name
    if error is None and not traceback:
        for line in (app.not_read, app.not_saved, app.kept_elsewhere):
            if line is not None:
                stdio.say(line)
        # 128 + the signal that ended the game, 3 if unsaved, 2 if never read, or 0
        return app.return_code or 0
    if isinstance(error, WorkerFailed):  # a bug in a worker's thread (the solver's opening)
        error = error.error
    if error is not None:  # kept as Python writes it: Textual's was drawn at the terminal's
        # width when the bug came (a storm's resize to 12 × 5: a column of 10-letter scraps)
        from traceback import format_exception

        traceback = "".join(format_exception(error))
    what = f"{type(error).__name__}: {error}" if error else "the game stopped"
    app.finish_saves()  # a crash skips `exit`: a win whose save was under way is kept
    for line in (app.not_saved, app.kept_elsewhere):
        if line is not None:
            stdio.say(line)
    return _crashed(" ".join(what.split()), traceback, app.store.folder)


YOUNG_OBJECTS = 5_000
"""New objects between two collections of the youngest generation (Python's default: 700).
Each frame makes thousands (strips, segments, styles): at 700, two collections a nudge."""


def settle_the_heap() -> None:
    """Before the game starts: what is loaded by now (Textual, the levels, the kind of level
    it opens at) lives as long as the game, so it is frozen out of the garbage collector's
    full passes (one of them, over every object, froze a nudge for 60 ms), and the collector,
    off while it was loaded, runs again, young objects collected less often."""
    gc.freeze()
    gc.enable()
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_OBJECTS), middle, old)


REPORT_WAIT = 2.0
"""Seconds the crash report is given to be written: on a disk that stopped answering, the
write held the process's end for ever, and the line naming the bug went unsaid."""


def _crashed(what: str, traceback: str, folder: Path) -> int:
    """A bug stopped the game: one line naming it, the traceback kept in the data folder."""
    from dartfit.steady.in_turn import within

    report = folder / "crash-report.txt"

    def keep() -> str:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            report.write_text(traceback, encoding="utf-8")
        except OSError as e:
            return f" (no report kept: {e.strerror or e})"
        return f" (details in {report})"

    silent = f" (no report kept: {folder} did not answer within {REPORT_WAIT:g} s)"
    try:
        where = within(REPORT_WAIT, keep, silent)
    except RuntimeError:  # no thread to be had (the bug may be that): written here, then
        where = keep()
    stdio.say(f"dartfit: unexpected error: {what}{where}")
    return 2


class _Ended(Exception):
    """A signal that ends dartfit before its game has begun (see `_ended_by_signals`)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _ended_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP end what runs meanwhile as ctrl+c does: its `finally`s run (a CSV's
    progress line is ended), and dartfit exits 128 + the signal. By their default action a
    CSV being read died mid-line ("dartfit: reading big.csv:   6 %" and the shell's
    "Terminated" after it). On the main thread only (elsewhere, as they were)."""

    def end(signum: int, _frame: object) -> None:
        raise _Ended(signum)

    taken: dict[int, Any] = {}
    with contextlib.suppress(ValueError):
        for sig in (signal.SIGTERM, signal.SIGHUP):
            taken[sig] = signal.signal(sig, end)
    try:
        yield
    finally:
        for number, before in taken.items():
            signal.signal(number, before)


def _level_file(args: argparse.Namespace) -> Path | None:
    """The LEVEL of a command that takes one (play, export, solve) as the path of a level
    file, taken alone: when it has a folder in it (mine/ramp.toml, ./ramp.toml, ~/ramp.toml)
    or names a .toml file that is there; else None: a level of the campaign (or of
    --levels) by its id, name or number (05-first-line.toml too). One rule for every such
    command: `dartfit solve mylevel.toml` said "no level called", where play played it."""
    level = args.level
    if level is None:
        return None
    path = home_expanded(level)
    folder = any(sep in level for sep in (os.sep, os.altsep) if sep) or level.startswith("~")
    if not folder and not (level.lower().endswith(".toml") and exists(path)):
        return None
    if is_dir(path):  # not Path.is_dir: a folder on the way that may not be searched raised
        raise stdio.CommandError(_a_folder(level, args.command))
    from dartfit.given import not_a_folder_problem

    problem = not_a_folder_problem(level, path)
    if problem is not None:
        raise stdio.CommandError(problem)
    if args.levels is not None:
        raise stdio.CommandError(
            f"{args.command} {brief(escaped(level))} takes that level file alone: --levels DIR"
            " is for a folder of levels (give one of them)"
        )
    return path


def _level_given(args: argparse.Namespace) -> Level:
    """The level export or solve acts on, found as play finds it: a level file by its path
    (`_level_file`), else the level of the campaign (or of --levels) its LEVEL names."""
    from dartfit.levels import default_levels_dir, find_level, load_level, load_levels

    file = _level_file(args)
    if file is not None:
        return load_level(file, 1)
    levels = load_levels(args.levels or default_levels_dir())
    try:
        return find_level(levels, args.level)
    except LookupError as e:
        raise stdio.CommandError(_not_a_level(args.level, args.command, e.args[0])) from None


def _not_a_level(name: str, command: str, unknown: str) -> str:
    """What to say of a `name` that no level has (`unknown` says so) when it names something
    on disk: a folder, a pipe, a file that `command` does not take as it is given, or a
    level file that is not there. `dartfit play mine`, with mine a folder of levels, said
    "no level called mine", as if the folder had not been seen."""
    shown = brief(escaped(name))
    try:
        if not name.strip():
            raise ValueError("no name")  # (Path("") is the current folder)
        mode = home_expanded(name).stat().st_mode
    except (OSError, ValueError):  # nothing there (or no name a file can have)
        broken = None if not name.strip() else broken_link(home_expanded(name))
        if broken is not None:  # `ls` shows it: "nor a level file loop.toml here" misled
            return said_of(shown, broken)
        if name.lower().endswith(".toml"):
            return f"{unknown}, nor a level file {shown} here"
        return unknown
    if stat.S_ISDIR(mode):
        return _a_folder(name, command)
    if not stat.S_ISREG(mode):
        return said_of(shown, not_a_file(kind_of(mode), "a level file"))
    # a bare name is a level's first: a path says it is a file
    return f"{unknown}; to {command} the file {shown}, give its path: dartfit {command} ./{shown}"


def _a_folder(name: str, command: str) -> str:
    """What to say of a folder given to `command` as its level."""
    shown = brief(escaped(name))
    then = (
        f"{command} takes a level's id, name or number, or the path of a level file; for a"
        f" level of that folder: dartfit --levels {shown} {command} LEVEL"
    )
    return said_of(shown, wrong_kind("a folder", "a level", then))


def _fit_data(args: argparse.Namespace) -> Dataset:
    """The data `dartfit fit` plays on: a CSV file, or a shipped dataset by name."""
    if (args.csv is None) == (args.dataset is None):
        raise stdio.CommandError("fit takes a CSV file or --dataset NAME (one of them)")
    if args.csv is not None and str(args.csv) == "-" and not os.path.lexists("-"):
        # the game reads its keys from the terminal: its data can't come down a pipe
        raise stdio.CommandError(
            "fit reads a CSV file, not standard input (the game's keys come from the"
            " terminal): give the file's path (a file named - is ./-)"
        )
    if args.csv is not None:
        from dartfit.csvdata import load_csv

        with _ended_by_signals():
            return load_csv(args.csv, args.x, args.y)
    shipped = DATASETS.get(args.dataset.lower())
    if shipped is None:
        raise stdio.CommandError(no_dataset(args.dataset))
    if args.x is not None or args.y is not None:
        raise stdio.CommandError("--x and --y choose a CSV file's columns, not a dataset's")
    return dataset(args.dataset.lower(), shipped)


def _main(argv: Sequence[str] | None) -> int:
    from dartfit.levels import LevelError

    parser = build_parser()
    given = list(sys.argv[1:] if argv is None else argv)
    if given[:1] == ["--"] and (given[1:] == [] or given[1] in parser.commands):
        given = given[1:]  # `dartfit -- play 1`: the options end before the command
    args, extra = parser.parse_known_args(given)
    if extra:  # said by the command's own parser: "see: dartfit play --help"
        named = parser.commands.get(args.command, parser)
        option = extra[0].split("=", 1)[0]
        takers = [
            name
            for name, command in parser.commands.items()
            if option.startswith("-") and option in command._option_string_actions
        ]
        if args.command in takers:  # its own option, after the -- that ends them
            named.error(f"{option} comes after --, which ends the options: put it before")
        if args.command and takers:  # "levels --seed 5": an option of other commands
            said = takers[0] if len(takers) == 1 else f"{', '.join(takers[:-1])} and {takers[-1]}"
            verb = "takes" if len(takers) == 1 else "take"
            named.error(f"{args.command} takes no {option} ({said} {verb} it)")
        # as a shell would take them back: an empty one ('') and one of spaces ('a b') were
        # lost in the line ("unrecognized arguments:  (see: …)")
        named.error(f"unrecognized arguments: {' '.join(map(shlex.quote, extra))}")
    try:
        cramped = room.make_room()  # before numpy: OpenBLAS would end it from C
        if cramped is not None:
            raise stdio.CommandError(cramped)
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except _Ended as ended:
        return 128 + ended.signum
    except stdio.OutputError:
        raise
    except Exception as e:
        if room.out_of_memory(e):  # said as what it is ("unexpected error: MemoryError: ")
            limit = room.memory_limit()
            where = "" if limit is None else f" ({room.limited(limit)}: raise it)"
            stdio.say(f"dartfit: out of memory{where}")
            return 2
        # a KeyError is a bug's (a library's lookup): its text is only the key ("bogus")
        ours = LevelError | LookupError | stdio.CommandError | ValueError | OSError
        if isinstance(e, ours) and not isinstance(e, KeyError):
            message = e.args[0] if isinstance(e, LookupError) and e.args else e
            stdio.say(f"dartfit: {message}")
        else:  # a bug: still one line, never a traceback
            stdio.say(f"dartfit: unexpected error: {type(e).__name__}: {e}")
        return 2


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (`dartfit.__main__.main` loads it and calls this); returns the exit
    status."""
    # a class host's notice (SIGUSR1) that comes while the game starts must not end it: the
    # game takes what was left once it listens (see dartfit.notice)
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    stdio.use_stand_ins()
    collecting = gc.isenabled()  # the game turns it off as it starts (see `_play`)
    try:
        with stdio.guarded_stdout():
            return _main(argv)
    except stdio.OutputError as e:
        return stdio.output_failed(e)
    except KeyboardInterrupt:  # ctrl+c before a command began (its imports, the parsing)
        return 130  # as after: a traceback was printed (a hostile pass: `timeout -s INT 0.05`)
    finally:
        if collecting:
            gc.enable()
