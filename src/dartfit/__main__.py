"""The command line: parse arguments, then open the app or run a sub-command.

Every failure is one line on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from dartfit import __version__

METHODS = ("exact", "gd", "momentum", "adam")
GAME = (None, "play", "lesson", "fit")  # the commands that open the app


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"dartfit: {message} (see: {self.prog} --help)\n")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {text!r}")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for `dartfit` and its sub-commands."""
    # Sub-commands take --levels too; SUPPRESS keeps them from resetting one given earlier.
    levels_help = "a folder of level files (default: the shipped campaign)"
    levels_opt = argparse.ArgumentParser(add_help=False)
    levels_opt.add_argument(
        "--levels", metavar="DIR", type=Path, default=argparse.SUPPRESS, help=levels_help
    )
    parser = _Parser(
        prog="dartfit", description="A game and tutor for understanding Mean Squared Error."
    )
    parser.add_argument("--levels", metavar="DIR", type=Path, default=None, help=levels_help)
    parser.add_argument("--version", action="version", version=f"dartfit {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", type=Path, help="where progress is saved")
    parser.add_argument("--seed", type=int, default=None, help="seed for the game's randomness")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    sub.add_parser("levels", parents=[levels_opt], help="list the levels")
    check = sub.add_parser("check", parents=[levels_opt], help="validate level files or folders")
    check.add_argument("paths", nargs="+", metavar="PATH")
    export = sub.add_parser("export", parents=[levels_opt], help="a level's data as CSV (x,y)")
    export.add_argument("level", metavar="LEVEL", help="id, file name without number, or number")
    play = sub.add_parser("play", parents=[levels_opt], help="open one level directly")
    play.add_argument("level", metavar="LEVEL", help="id, file name without number, or number")
    sub.add_parser("lessons", help="list the lessons")
    lesson = sub.add_parser("lesson", parents=[levels_opt], help="open one lesson directly")
    lesson.add_argument("name", metavar="NAME", help="a lesson's concept id (see: dartfit lessons)")
    fit = sub.add_parser("fit", parents=[levels_opt], help="fit a line to your own CSV data")
    fit.add_argument("csv", metavar="FILE.csv", type=Path)
    fit.add_argument("--x", metavar="COLUMN", help="x column: name or number (default 1)")
    fit.add_argument("--y", metavar="COLUMN", help="y column: name or number (default 2)")
    solve = sub.add_parser("solve", parents=[levels_opt], help="run the auto-solver, no UI")
    solve.add_argument("level", metavar="LEVEL", help="id, file name without number, or number")
    solve.add_argument("--method", choices=METHODS, default="exact")
    solve.add_argument("--lr", type=_positive_float, default=None, help="learning rate")
    solve.add_argument("--steps", type=_count, default=None, help="at most this many steps")
    solve.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _plain_colours_on_a_dumb_terminal() -> None:
    """TERM=dumb (or unknown): ask Textual for 16 colours, not its fallback of 24-bit colour."""
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        os.environ.setdefault("TEXTUAL_COLOR_SYSTEM", "standard")


def _run(args: argparse.Namespace) -> int:
    from dartfit.levels import default_levels_dir, find_level, load_levels

    if args.command not in GAME:
        from dartfit import commands  # not for the game: it loads numpy and the whole core

    if args.command == "check":
        fine, problems = commands.check_paths(args.paths)
        for line in problems:
            print(line, file=sys.stderr)
        if problems:
            return 2
        print(f"{fine} level{'s' * (fine != 1)} checked: all fine")
        return 0
    if args.command == "lessons":
        commands.lessons_table(sys.stdout)
        return 0
    folder = args.levels or default_levels_dir()
    levels = [] if args.command in GAME else load_levels(folder)  # make_app loads its own
    if args.command == "levels":
        commands.levels_table(levels, sys.stdout)
    elif args.command == "export":
        commands.export_csv(find_level(levels, args.level), sys.stdout)
    elif args.command == "solve":
        level = find_level(levels, args.level)
        report = commands.solve(level, args.method, args.lr, args.steps)
        commands.print_solve(report, args.json, sys.stdout)
    else:
        _plain_colours_on_a_dumb_terminal()
        from dartfit.app import make_app

        start = args.level if args.command == "play" else None
        lesson = args.name if args.command == "lesson" else None
        data = None
        if args.command == "fit":
            from dartfit.csvdata import load_csv

            data = load_csv(args.csv, args.x, args.y)
        app = make_app(
            levels_dir=folder,
            data_dir=args.data_dir,
            seed=args.seed,
            start=start,
            lesson=lesson,
            data=data,
        )
        app.run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `dartfit` console script; returns the exit status."""
    from dartfit.levels import LevelError

    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        from dartfit.commands import CommandError  # only now: the game starts without it

        if isinstance(e, LevelError | LookupError | CommandError | ValueError | OSError):
            message = e.args[0] if isinstance(e, LookupError) and e.args else e
            print(f"dartfit: {message}", file=sys.stderr)
        else:  # a bug: still one line, never a traceback
            print(f"dartfit: unexpected error: {type(e).__name__}: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
