"""Numbers and paths given on the command line, read or refused in the house's words (each
option's own name is said by argparse before them): expected a whole number, got "1e3"."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dartfit.files import home_expanded
from dartfit.printable import quoted

_SEPARATORS = tuple({os.sep, os.altsep or os.sep})

T = TypeVar("T", int, float)


def plain(text: str) -> str:
    """A number's text as given, refused when it holds "_": Python reads 1_0 as 10, where
    a command line's 1_0 is a slip (digits of other scripts are read, as a level's
    number is: `play ٥`)."""
    if "_" in text:
        raise argparse.ArgumentTypeError(f"expected a number without _, got {quoted(text)}")
    return text


def positive_number(text: str) -> float:
    """A number > 0 and finite."""
    value = _read(text, float, "a number")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number > 0, got {quoted(text)}")
    return value


def count(text: str) -> int:
    """A whole number ≥ 0."""
    value = _read(text, int, "a whole number")
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, got {quoted(text)}")
    return value


def within(low: T, high: T) -> Callable[[str], T]:
    """A reader of a number from `low` to `high` (whole when they are): its range said in
    its refusal. `host --port -1` was "expected a whole number ≥ 0", and then 0 was refused
    as "must be 1..65535": the first words had said 0 would do."""
    kind: Callable[[str], T] = type(low)
    what = "a whole number" if kind is int else "a number"

    def read(text: str) -> T:
        value = _read(text, kind, what)
        if not low <= value <= high:  # NaN too
            raise argparse.ArgumentTypeError(
                f"expected {what} from {low:,g} to {high:,g}, got {quoted(text)}"
            )
        return value

    return read


def _read(text: str, kind: Callable[[str], T], what: str) -> T:
    """`text` read by `kind`, or refused as not `what` ("a whole number")."""
    try:
        return kind(plain(text))
    except ValueError:
        digits = text.strip().lstrip("+-")
        if kind is int and digits.isdecimal():  # whole, but past int()'s 4,300 digits: a
            # --seed of 5,000 nines was "expected a whole number, got '999…'"
            most = f"{sys.get_int_max_str_digits():,}"
            said = f"expected {what} of at most {most} digits, got one of {len(digits):,}"
            raise argparse.ArgumentTypeError(said) from None
        raise argparse.ArgumentTypeError(f"expected {what}, got {quoted(text)}") from None


def given_path(text: str) -> Path:
    """A path, ~ made the home folder (`home_expanded`); an empty or blank one is refused
    (as `.`, `check ""` read the current folder, `--data-dir ""` saved there, and
    `host --export "  "` wrote a file named by spaces)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"expected a path, got an empty one ({quoted(text)})")
    try:
        path = home_expanded(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    problem = not_a_folder_problem(text, path)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return path


def not_a_folder_problem(text: str, path: Path) -> str | None:
    """What to say of a path given as `text` that ends in a separator, which names a folder
    (the system's own open says "not a directory" for `x.csv/`), where `path` (the Path,
    which drops it) is something else: `fit x.csv/` and `solve ramp.toml/` read the file as
    if nothing were amiss. None when nothing is amiss."""
    # os.path's exists and isdir, not Path's: a folder on the way that may not be searched
    # raised from Path's; a path that can't be looked at is left to what opens it
    if not text.endswith(_SEPARATORS) or not os.path.exists(path) or os.path.isdir(path):
        return None
    return (
        f"{quoted(text)} ends in a separator, which names a folder, but it is a file: leave out the"
        " last one"
    )
