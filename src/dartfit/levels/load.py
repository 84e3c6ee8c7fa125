"""Loading levels: read a file and report every problem in it, load one level or a folder
of them in play order, and find a level by id, file name or number."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

import msgspec

from dartfit.digest import sha256_hex
from dartfit.files import broken_link, is_toml, kind_of, wrong_kind
from dartfit.levels.convert import bounded_words, convert_all
from dartfit.levels.errors import LevelError
from dartfit.levels.level import Level
from dartfit.levels.points import make_points
from dartfit.levels.raw import (
    RawError,
    Read,
    content_of,
    is_a_check,
    mend,
    of_known_keys,
    table_of,
)
from dartfit.levels.rules import as_played, meaning_problems
from dartfit.levels.spec import ID_LONGEST, LevelSpec, reserved_id
from dartfit.printable import brief, escaped, quoted
from dartfit.wording import num

MAX_PROBLEMS = 100  # `check` stops reading a file after this many problems
A_CHECK = wrong_kind(
    "a check", "a level", "a campaign asks it from the checks/ folder beside its levels"
)
"""What a check file read as a level is (played, or in a folder given as one of levels)."""


@dataclass(frozen=True)
class LevelReport:
    """What reading a level file found: the level (None when it can't be played) and
    every problem, each one line (text the game cleaned is a problem, and still plays)."""

    level: Level | None
    problems: tuple[LevelError, ...]


def _top(key: str) -> str:
    return re.split(r"[.\[]", key, maxsplit=1)[0]


def inspect_level(path: Path | str, number: int = 0, read: Read | None = None) -> LevelReport:
    """Read a level file and find every problem in it; never raises. `read`: its table as
    read already (`raw.read_once`), not read again."""
    file = Path(path)
    try:
        return _inspect(file, number, read)
    except Exception as e:  # a bug here must still name the file, and not stop the rest
        problem = f"can't be checked: {type(e).__name__}: {e}"
        return LevelReport(None, (LevelError(file, "", problem),))


def _inspect(file: Path, number: int, read: Read | None) -> LevelReport:
    try:
        raw = table_of(file, read)
    except RawError as e:
        return LevelReport(None, (LevelError(file, e.key, e.problem),))
    if is_a_check(raw):  # "question: unknown key", as a level
        return LevelReport(None, (LevelError(file, "", A_CHECK),))
    mended = mend(raw, bounded=bounded_words(LevelSpec))
    found = list(mended.problems)
    touched = set(mended.cut)
    limit = MAX_PROBLEMS - len(found)
    spec, wrong = convert_all(mended.table, raw, LevelSpec, limit, touched)
    found += wrong
    if spec is not None and "kind" not in touched:  # a stand-in kind would mislead
        tops = {_top(key) for key in touched}
        spec = as_played(spec)
        rules = list(meaning_problems(spec))
        found += [(key, problem) for key, problem in rules if _top(key) not in tops]
        if reserved_id(spec.id) and "id" not in touched:
            found.append(("id", f'"{spec.id}" is the game\'s own id (its puzzles, your data)'))
    if len(found) >= MAX_PROBLEMS:
        found.append(("", f"more than {MAX_PROBLEMS} problems: fix these first"))
    cleaned = of_known_keys(mended.cleaned, found)
    errors = tuple(LevelError(file, key, problem) for key, problem in [*found, *cleaned])
    if found or spec is None:
        return LevelReport(None, errors)
    return LevelReport(Level(number, file, spec, make_points(spec, file)), errors)


_READ: dict[tuple[str, int], tuple[bytes, Level]] = {}
"""The last level read from each file as each number, with the file's bytes then: a class
host's warm process reads the campaign once for every game it forks, and a test suite's
hundreds of apps read the same files. Points are made lazily, on the level itself."""


def load_level(path: Path | str, number: int = 0) -> Level:
    """Read and validate one level file; raise LevelError (the first problem) if it can't
    be played. Hidden characters in its text are left out, not refused."""
    file = Path(path)
    key = (str(file.absolute()), number)
    content = content_of(file)
    kept = _READ.get(key)
    if content is not None and kept is not None and kept[0] == content:
        return kept[1]
    report = inspect_level(file, number)
    if report.level is None:
        raise report.problems[0]
    if content is not None:
        _READ[key] = (content, report.level)
    return report.level


def default_levels_dir() -> Path:
    """The shipped campaign: inside the installed package, or the repository's levels/."""
    # beside the package's own files, as importlib.resources finds them (which imported
    # zipfile and its readers at every start: a hundredth of the title's time to its frame)
    packaged = Path(__file__).parents[1] / "levels_data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "levels"  # src/dartfit/levels/load.py


def level_files(folder: Path | str) -> list[Path]:
    """The folder's level files in play order (file-name order)."""
    root = Path(folder)
    try:
        if not root.is_dir():
            raise LevelError(root, "", _not_a_folder(root))
        # listed, not globbed: a glob of a folder the player may not read found nothing,
        # and the folder was said to hold "no .toml level files"
        found = sorted(path for path in root.iterdir() if is_toml(path))
    except OSError as e:  # a name too long for the system, a folder not to be read
        raise LevelError(root, "", f"can't read this folder of levels: {e.strerror or e}") from None
    # a folder or a pipe among them is said, not skipped; hidden files (".01-a.toml", an
    # editor's or a file manager's) are not levels, as `ls` and `git` leave them out
    return [path for path in found if not path.name.startswith(".")]


def _not_a_folder(root: Path) -> str:
    """What a path given as a folder of levels is instead, and what to give ("not a folder of
    levels" said neither, for a level file, a pipe or a device alike)."""
    broken = broken_link(root)
    if broken is not None:
        return broken
    try:
        mode = root.stat().st_mode
    except FileNotFoundError:
        return "no such folder of levels"
    if stat.S_ISREG(mode):
        shown = brief(escaped(str(root)))
        return wrong_kind(
            "a file", "a folder of levels", f"one level file is played with: dartfit play {shown}"
        )
    return wrong_kind(kind_of(mode), "a folder of levels", "--levels takes a folder of level files")


MOST_LEVEL_FILES = 500
"""The most level files a campaign plays from one folder: 10,000 of them showed a blank
screen for 20 s as they were read, and the palette took 2 s a key at 3,000 (the shipped
campaign has 32; a course of a term, a few dozen)."""


def load_levels(folder: Path | str) -> list[Level]:
    """Load every level in a folder, numbered from 1 in file-name order; ids must be unique;
    at most MOST_LEVEL_FILES of them."""
    files = level_files(folder)
    if len(files) > MOST_LEVEL_FILES:
        problem = (
            f"holds {len(files):,} level files: a campaign plays at most {MOST_LEVEL_FILES} from"
            " one folder (split them into a folder for each course; `dartfit check` checks"
            " any number)"
        )
        raise LevelError(folder, "", problem)
    levels = [load_level(p, i) for i, p in enumerate(files, start=1)]
    seen: dict[str, Path] = {}
    for level in levels:
        if level.id in seen:
            problem = f'"{level.id}" is already used by {seen[level.id].name}'
            raise LevelError(level.path, "id", problem)
        seen[level.id] = level.path
    if not levels:
        raise LevelError(folder, "", "holds no .toml level files")
    if Path(folder).resolve() == default_levels_dir().resolve():
        return levels  # the shipped campaign: each level is the one its id names
    shipped = _shipped_ids()
    return [kept_apart(level, shipped) for level in levels]


_SHIPPED_ID = re.compile(rb'^id = "([^"]*)"', re.MULTILINE)
"""A shipped level's id, as its file gives it (written so: read without parsing the file)."""


def _shipped_ids() -> dict[str, Path]:
    """The shipped levels' files by the id each gives (read without parsing them); none
    where there is no shipped campaign."""
    try:
        files = level_files(default_levels_dir())
    except LevelError:  # no shipped campaign to share an id with
        return {}
    found = ((_SHIPPED_ID.search(content_of(file) or b""), file) for file in files)
    return {given[1].decode("utf-8", "replace"): file for given, file in found if given}


def shipped_twin(level: Level, shipped: dict[str, Path] | None = None) -> Path | None:
    """The shipped level whose id a level file reuses while it is not that level (neither
    its file nor a copy of it as it is); None where there is none. `shipped`: the shipped
    files by id, where they were read already (`_shipped_ids`)."""
    file = (_shipped_ids() if shipped is None else shipped).get(level.id)
    if file is None:
        return None
    # its own file first: the shipped campaign's levels, read again, were each read twice
    same = file.resolve() == level.path.resolve() or content_of(file) == content_of(level.path)
    return None if same else file


OWN = "-own-"
"""Between the id a level file reuses and the mark of that file, in the id its records are
kept under (`kept_apart`)."""


def kept_apart(level: Level, shipped: dict[str, Path] | None = None) -> Level:
    """A level file, played alone or in a folder of one's own, under an id of its own where
    it reuses a shipped level's (a copy of one, edited, its id kept): its wins were kept as
    that level's, so an easier target won the shipped level and opened the next, and the
    shipped list showed an MSE its data can't give. The id its records go under is the one
    it gives, then OWN and a mark of the file's whole path: the same as the file is edited,
    another for another file. `shipped` as for `shipped_twin`."""
    if shipped_twin(level, shipped) is None:
        return level
    where = os.fsencode(os.path.realpath(level.path))
    mark = sha256_hex(where)[:8]
    own = f"{level.id[: ID_LONGEST - len(OWN) - len(mark)]}{OWN}{mark}"
    return replace(level, spec=msgspec.structs.replace(level.spec, id=own))


def reused_id(level: Level) -> str | None:
    """The shipped level's id a level played alone gives, where its records are kept apart
    under another (`kept_apart`); None for any other."""
    found = _KEPT_APART.fullmatch(level.id)
    return None if found is None else found[1]


_KEPT_APART = re.compile(rf"(.+){OWN}[0-9a-f]{{8}}")

SIGNS = "+-−"
"""The signs a level's number may be typed with (the minus sign the game writes too)."""


def find_level(levels: list[Level], name: str) -> Level:
    """The level named by its id, else by its file name (with or without its number), else
    by its number: an id is the one name sure to be unique (in a folder of `01-a.toml` with
    id "b" and `02-b.toml` with id "a", `play a` opened the level whose id is "b")."""
    wanted = name.strip().lower().removesuffix(".toml")
    # a sign read as one: `play -1` was 'no level called "-1"' where `play 0` was "no level
    # number 0", and `play +3` found nothing
    sign, digits = (wanted[0], wanted[1:]) if wanted and wanted[0] in SIGNS else ("", wanted)
    # 05, 0005 and ٥ too; never a number so long that int() refuses it (4,300 digits)
    short = len(digits) < 1000 and len(digits.lstrip("0")) < 20
    number = int(digits) if digits.isdecimal() and short else None
    if number is not None and sign in ("-", "−"):
        number = -number
    for named in (
        lambda level: wanted in (level.id, reused_id(level)),  # as its file gives it too
        lambda level: wanted in (level.slug, level.path.stem),
        lambda level: number == level.number,
    ):
        found = next((level for level in levels if named(level)), None)
        if found is not None:
            return found
    if number is not None or digits.isdecimal():  # one too long to read as a number, too
        shown = num(number) if number is not None else brief(escaped(name.strip()))
        raise LookupError(f"no level number {shown}: there are levels 1 to {len(levels)}")
    known = ", ".join(level.id for level in levels[:8])
    more = ", …" if len(levels) > 8 else ""
    raise LookupError(f"no level called {quoted(name)} (levels: {known}{more})")
