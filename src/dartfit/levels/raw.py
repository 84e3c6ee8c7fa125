"""A level file before it has a type: read it within limits, then find what no schema can
say (nesting too deep, a number out of range, a character a terminal would act on).

Problems come back as (key, problem) pairs for `load` to word as LevelErrors. The walk
mends a copy of the table as it goes (a bad value is cut, hidden characters are dropped) so
the schema can still check everything else: `dartfit check` reports every problem at once.
Nothing here recurses, so no file, however deep, can exhaust the stack.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dartfit.cache import keep, read_kept
from dartfit.files import (
    NotRegular,
    broken_link,
    not_a_file,
    not_utf8,
    read_regular,
    wide_text,
)
from dartfit.levels.spec import SCHEMA_VERSION
from dartfit.printable import first_hidden, hidden, shown
from dartfit.wording import echoed

MAX_BYTES = 2_000_000
"""A level file is at most this big: reading TOML runs at ~2 MB/s, and every start reads
every level. Big data comes from [data.generate] (up to 2,000,000 points), not lists."""

MAX_DEPTH = 8
"""Tables and lists nest at most this deep; a level needs 5 (data.generate.outliers[0])."""

MAX_SIZE = 1_000_000_000
"""No number in a level is larger: squares and sums of them stay finite."""

MULTILINE = frozenset({"what_you_saw"})
"""Text keys whose line breaks are kept (they are written as multi-line strings)."""

Part = str | int


class RawError(Exception):
    """The file can't be read as TOML at all: one problem, about the key (or "")."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(problem)
        self.key, self.problem = key, problem


Read = dict[str, Any] | RawError
"""A file's TOML table as read, or why it could not be: read once by `dartfit check` and
handed to each reader that needs it (the file was parsed three times: 25 s at 2 MB)."""


def read_once(file: Path) -> Read:
    """The file's TOML table, or the RawError reading it raised."""
    try:
        return read_toml(file)
    except RawError as e:
        return e


def table_of(file: Path, read: Read | None, wanted: str = "a level file") -> dict[str, Any]:
    """The table `read` holds (raising its RawError), or, with none given, the file's own."""
    if read is None:
        return read_toml(file, wanted)
    if isinstance(read, RawError):
        raise read
    return read


LEVEL_ONLY_KEYS = ("kind", "goal", "data", "target")
"""Keys a level has and a check never does."""


def is_a_check(table: dict[str, Any]) -> bool:
    """Whether a TOML file's table is a check rather than a level: it has questions, or a
    chapter and none of a level's own keys (a check whose questions are yet to be written,
    read as a level, was told of six keys a level needs, and not of its missing questions)."""
    asks = "question" in table or "questions" in table
    return asks or ("chapter" in table and not any(key in table for key in LEVEL_ONLY_KEYS))


FOLDER = "toml"
"""The cache folder's subfolder for TOML read: a file (JSON) for each text (`_table`)."""


def _table(text: str) -> dict[str, Any]:
    """tomllib's table of `text`; read back (as JSON) when a start before this one read the
    same text: every start reads every level and check, 14 ms of TOML against 1 ms of JSON.
    Kept only where JSON gives the very table back (no dates, no infinities)."""
    stamp = f"{sys.version}\0{text}"  # tomllib is Python's own
    kept = read_kept(FOLDER, stamp, 4 * MAX_BYTES)
    if kept is not None:
        with contextlib.suppress(ValueError, RecursionError):  # damaged: read the TOML
            table = json.loads(kept)
            if isinstance(table, dict):
                return table
    import tomllib  # only when nothing is kept

    table = tomllib.loads(text)
    with contextlib.suppress(TypeError, ValueError, RecursionError):
        data = json.dumps(table, allow_nan=False, ensure_ascii=False)
        if json.loads(data) == table:
            keep(FOLDER, stamp, data.encode())
    return table


def read_toml(file: Path, wanted: str = "a level file") -> dict[str, Any]:
    """The file's TOML table; RawError when it can't be read, is too big, or isn't TOML (or
    isn't a file at all: what it is, and what to give instead, `wanted`).

    A UTF-8 byte-order mark at the start (as some Windows editors write) is skipped.
    """
    data = _read_regular(file, wanted)
    if len(data) > MAX_BYTES:
        problem = (
            f"is over {echoed(MAX_BYTES / 1e6)} MB; a level file is at most"
            f" {echoed(MAX_BYTES / 1e6)} MB"
            " (for many points use [data.generate], up to 2,000,000)"
        )
        raise RawError("", problem)
    wide = wide_text(data)
    if wide is not None:  # Notepad's "Unicode", named as what it is (as a CSV's is)
        raise RawError("", f"{wide}: save it as UTF-8")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as e:
        at = data.count(b"\n", 0, e.start) + 1
        raise RawError("", f"line {at}: {not_utf8(data[e.start])}") from None
    line = _long_key(text)
    if line is not None:
        raise RawError("", f"line {line}: a key nested more than {MAX_DEPTH} deep")
    try:
        table = _table(text)
    except RecursionError:
        raise RawError(_deep_key(text), f"nested more than {MAX_DEPTH} deep") from None
    except MemoryError:  # said of a file of 2 KB under a low `ulimit -v`: not "too big"
        raise RawError("", "out of memory while reading it") from None
    except ValueError as e:  # TOMLDecodeError, or an integer too long to convert
        if "integer string conversion" in str(e):
            raise RawError("", "not valid TOML: a number has thousands of digits") from None
        raise RawError("", _unseen_character(text, str(e)) or f"not valid TOML: {e}") from None
    except Exception as e:  # the parser failing some other way is still this file's problem
        raise RawError("", f"not valid TOML: {type(e).__name__}: {e}") from None
    if not table:  # an empty file was told of each of a level's nine keys, one line each
        raise RawError(
            "", f"holds no keys (it is empty, or comments only): {wanted} starts with schema = 1"
        )
    return table


_AT = re.compile(r"\(at line (\d+), column (\d+)\)$")
"""Where tomllib's message says it stopped: "Invalid statement (at line 2, column 1)"."""


def _unseen_character(text: str, error: str) -> str | None:
    """What is wrong, in words, where TOML stopped at a character an editor does not show:
    line endings of CR alone (the whole file one line to TOML), a byte-order mark inside
    the file (as where two files were joined), a no-break space or another invisible one.
    None when it stopped at anything else (its own message says that well enough)."""
    at = _AT.search(error)
    lines = text.split("\n")
    if at is None or not 1 <= int(at[1]) <= len(lines):
        return None
    line, column = int(at[1]), int(at[2])
    char = lines[line - 1][column - 1 : column]
    if char == "\r":
        if "\n" not in text:
            return "line endings are CR only: save it with LF or CRLF line endings"
        return f"line {line} ends in a CR alone: save it with LF or CRLF line endings"
    if char == "\ufeff":  # a file's first mark is skipped: this one is another
        return (
            f"a byte-order mark (U+FEFF) at line {line}, column {column}: one may only start"
            " a file; delete it"
        )
    if char and char not in "\t\n " and (hidden(char) or unicodedata.category(char) == "Zs"):
        name = unicodedata.name(char, "a control character").lower()
        return (
            f"line {line}, column {column}: U+{ord(char):04X} ({name}), a character that"
            " can't be seen and that TOML does not read there: delete it or type a plain space"
        )
    return None


def _long_key(text: str) -> int | None:
    """The line of a dotted key or table header of more than MAX_DEPTH parts (strings
    aside), if any: found before the TOML reader, whose time grows with the square of their
    parts (a key of 20,000 took 4 s, and the game's start, `dartfit check` and `dartfit
    levels` hung on 50,000; a header of 50,000 took 1.8 s a read)."""

    def dots_in_key(line: str) -> int:
        head, equals, _ = line.partition("=")
        return head.count(".") if equals or line.lstrip().startswith("[") else 0

    def too_long(line: str) -> bool:  # strings blanked: a key, then =, outside a comment
        code = line.partition("#")[0]
        if code.lstrip().startswith("["):  # a table's header, [a.b] or [[a.b]] (as slow)
            head = code.strip().strip("[]")
            return head.count(".") >= MAX_DEPTH and set(head) <= _KEY_CHARS
        head, equals, _ = code.partition("=")
        return bool(equals) and head.count(".") >= MAX_DEPTH and set(head) <= _KEY_CHARS

    if not any(dots_in_key(line) >= MAX_DEPTH for line in text.splitlines()):
        return None  # the common case: no line could hold such a key
    # strings blanked, their line breaks kept: a dot in a string is no key's; a line of
    # numbers in an array, or a comment, holds no key
    plain = _STRING.sub(lambda m: '""' + "\n" * m.group().count("\n"), text)
    return next((n for n, line in enumerate(plain.splitlines(), 1) if too_long(line)), None)


_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.\"' \t")
"""What a dotted key is written with, its quoted parts blanked to "" (see `_long_key`)."""


def content_of(file: Path) -> bytes | None:
    """A regular file's bytes (up to MAX_BYTES + 1), for a cache keyed on what a file holds;
    None for anything else (what it is, the reader says when it reads it)."""
    try:
        return read_regular(file, MAX_BYTES)
    except (NotRegular, OSError):
        return None


def _read_regular(file: Path, wanted: str) -> bytes:
    """Up to MAX_BYTES + 1 bytes of a regular file; RawError for anything else (a device, a
    pipe, a terminal), found without reading from it nor waiting for a writer."""
    try:
        return read_regular(file, MAX_BYTES)
    except NotRegular as e:
        raise RawError("", not_a_file(e.kind, wanted)) from None
    except OSError as e:
        raise RawError("", broken_link(file) or f"can't read: {e.strerror or e}") from None


_STRING = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'', re.S
)


def _deep_key(text: str) -> str:
    """The key whose value nests too deep (what the parser ran out of stack on), or ""."""
    table, depth, start = "", 0, 0
    plain = _STRING.sub("_", text)  # brackets in strings don't nest
    plain = re.sub(r"#[^\n]*", "", plain)
    for i, char in enumerate(plain):
        if char == "\n" and depth == 0:
            start = i + 1
        elif char in "[{":
            if depth == 0 and not plain[start:i].strip():  # a [table] header
                end = plain.find("]", i)
                table = plain[i:end].strip("[] ") if end > 0 else table
            depth += 1
            if depth > MAX_DEPTH:
                key = plain[start : plain.find("=", start)].strip()
                return f"{table}.{key}" if table and key else table or key
        elif char in "]}":
            depth = max(depth - 1, 0)
    return ""


UNKNOWN_KEY = "unknown key"
"""The problem of a key no table has: said alone, whatever its value holds."""


def of_known_keys(
    cleaned: list[tuple[str, str]], said: Iterable[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The lines on text cleaned of hidden characters (`Mended.cleaned`), but for keys `said`
    to be unknown: the game never reads those, so leaves nothing out of them (a misspelt
    key of three lines was told its line ends were left out, under its unknown-key line)."""
    unknown = tuple(key for key, problem in said if problem == UNKNOWN_KEY)
    return [
        (key, problem)
        for key, problem in cleaned
        if not any(key == home or key.startswith((f"{home}.", f"{home}[")) for home in unknown)
    ]


def join(parts: list[Part]) -> str:
    """A key path as written in messages: ``data.generate.outliers[0].index``, ``data."a b"``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = (
                part
                if re.fullmatch(r"[A-Za-z0-9_-]+", part)
                else '"' + part.replace('"', '\\"') + '"'
            )
            text += f".{name}" if text else name
    return text


@dataclass
class Mended:
    """A copy of the table with bad values cut and text cleaned, and what was wrong."""

    table: dict[str, Any]
    problems: list[tuple[str, str]] = field(default_factory=list)
    """Cut from the copy: the level can't be played as written."""
    cleaned: list[tuple[str, str]] = field(default_factory=list)
    """Hidden characters dropped from text: the game plays on, `check` still says so."""
    cut: set[str] = field(default_factory=set)
    """The keys cut from the copy."""


def mend(
    raw: dict[str, Any],
    multiline: frozenset[str] = MULTILINE,
    bounded: Callable[[list[Part]], str | None] = lambda parts: None,
) -> Mended:
    """Walk the table without recursion; report and cut what no level may hold (text keys
    named in `multiline` keep their line breaks). A number out of range is said as what its
    key takes where `bounded` has words for that (a whole number from 2 to 2,000,000)."""
    root: dict[str, Any] = {}
    mended = Mended(root)
    bad_items: dict[str, list[tuple[str, str]]] = {}  # list key → its bad items' problems
    cut: list[list[Part]] = []
    stack: list[tuple[Any, Any, Part, list[Part]]] = [
        (v, root, k, [k]) for k, v in reversed(raw.items())
    ]
    while stack:
        value, parent, slot, parts = stack.pop()
        if isinstance(value, dict | list):
            if len(parts) >= MAX_DEPTH:
                home = _home(parts)
                mended.problems.append((join(home), f"nested more than {MAX_DEPTH} deep"))
                cut.append(home)
                continue
            if isinstance(value, list) and _plain_numbers(value):
                parent[slot] = value.copy()  # a level's points: nothing to say, nor to cut
                continue
            copy: Any = {} if isinstance(value, dict) else [None] * len(value)
            parent[slot] = copy
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((v, copy, k, [*parts, k]) for k, v in reversed(list(items)))
            continue
        parent[slot] = value
        if isinstance(value, str):
            name = next((p for p in reversed(parts) if isinstance(p, str)), "")
            keep = name in multiline
            if first_hidden(value, keep_newlines=keep) is not None:
                parent[slot] = shown(value, keep_newlines=keep)
                mended.cleaned.append((join(parts), _hidden_problem(value, keep)))
            continue
        problem = _number_problem(value, parts, bounded)
        if problem is None:
            continue
        cut.append(_home(parts))
        if isinstance(parts[-1], int):
            bad_items.setdefault(join(parts[:-1]), []).append((join(parts), problem))
        else:
            mended.problems.append((join(parts), problem))
    for list_key, found in bad_items.items():
        key, problem = found[0]
        more = f" (and {len(found) - 1:,} more in {list_key})" if len(found) > 1 else ""
        mended.problems.append((key, problem + more))
    for parts in cut:
        mended.cut.add(join(parts))
        _delete(root, parts)
    mended.problems = list(dict.fromkeys(mended.problems))  # one line for a deep branch
    return mended


def _plain_numbers(items: list[Any]) -> bool:
    """Whether a list holds only numbers no level refuses (none is nan, infinite or beyond
    ±MAX_SIZE): taken whole, not walked item by item (a level of 990,000 numbers spent a
    third of `dartfit check`'s time in the walk)."""
    kinds = {type(item) for item in items}
    return kinds <= {int, float} and all(-MAX_SIZE <= item <= MAX_SIZE for item in items)


def _hidden_problem(text: str, keep_newlines: bool) -> str:
    """Which characters a text holds that the game leaves out, and where (the first few)."""
    found = [
        f"U+{ord(c):04X} at {i}"
        for i, c in enumerate(text)
        if hidden(c) and not (keep_newlines and c == "\n")
    ]
    listed = ", ".join(found[:3]) + (f" and {len(found) - 3:,} more" if len(found) > 3 else "")
    what = "a character" if len(found) == 1 else "characters"
    return f"holds {what} a terminal would act on or hide ({listed}); the game leaves them out"


def _number_problem(
    value: Any, parts: list[Part], bounded: Callable[[list[Part]], str | None]
) -> str | None:
    """Why a number can't be in a level: nan, infinity, or beyond ±MAX_SIZE (seeds aside)."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"expected a finite number, got {echoed(value)}"
    seed = isinstance(parts[-1], str) and parts[-1].endswith("seed")
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and not seed and abs(value) > MAX_SIZE:
        got = echoed(value)  # 1,000,000,000.5, not 1e9: the limit itself
        if parts == ["schema"]:  # said as any other schema this dartfit does not read
            return f"this dartfit reads schema {SCHEMA_VERSION}, the file says {got}"
        wanted = bounded(parts) or f"a number between {echoed(-MAX_SIZE)} and {echoed(MAX_SIZE)}"
        return f"expected {wanted}, got {got}"
    return None


def _home(parts: list[Part]) -> list[Part]:
    """The part of a key path to cut: up to its last table key (a list of numbers goes
    whole; in a list of tables, the one key of the one table). Cut at the first table key,
    a number out of range in one check question cut every question, and `check` said
    nothing of the others' problems (a hostile pass)."""
    last_key = max((i for i, p in enumerate(parts) if isinstance(p, str)), default=0)
    return parts[: last_key + 1]


def _delete(table: dict[str, Any], parts: list[Part]) -> None:
    """Remove a key path from the copy (already gone: nothing to do)."""
    node: Any = table
    for part in parts[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict):
        node.pop(parts[-1], None)
