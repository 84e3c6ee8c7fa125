"""The saved form of progress: versioned JSON, written plainly and read with suspicion.

`encode` writes a `Progress` as a JSON document of schema `SCHEMA`, or of schema 1 when it
holds no answers to the checks (schema 1 has levels and settings only, so the dartfit before
the checks still reads a save that has none). `decode` reads either
back and raises `Unreadable`, with a reason fit to show the player, on anything that breaks
a reader (deep nesting, huge numbers, NaN, lone surrogates, other encodings gone wrong),
or `Newer` when a newer dartfit wrote it. What it returns is sure to save back unchanged.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from typing import Any

import msgspec

from dartfit.progress import mend
from dartfit.progress.answers import AnswerRecord
from dartfit.progress.model import LevelRecord, Progress

EMPTY = LevelRecord()

SCHEMA = 2
"""The newest schema: 2 added the answers to the checks' questions."""
LEVELS_ONLY = 1
"""The schema of a save without answers."""
NEWEST_PLAUSIBLE = 100
"""The highest schema a newer dartfit could have written: each change of the save's form adds
one (two in the game's life so far). A save that says more (10**30), or no whole number at
all, is no dartfit's: read as this one's schema, not as a newer game's (which is left as it
is, the session's wins kept nowhere)."""
MAX_FILE_BYTES = 4 * 2**20  # ~20,000 levels; a bigger file is refused unread
MAX_FILE_MIB = MAX_FILE_BYTES // 2**20
ROOM = MAX_FILE_BYTES // 2
"""The most progress read (and written) whole: what is read may gain thousands of levels and
still save within MAX_FILE_BYTES."""
_REASON_LIMIT = 200
_MIN_LEVEL_BYTES = 180  # the least one level's record takes in progress.json


class Unreadable(Exception):
    """The file cannot be used as progress; the message says why, for the player."""


class Salvaged(Exception):
    """Some of the file's records were damaged: `progress` holds the rest, `reason` says
    which were left out and why (for the player). The file is to be kept aside as it is."""

    def __init__(self, progress: Progress, reason: str) -> None:
        super().__init__(reason)
        self.progress = progress
        self.reason = reason


class TooBig(Unreadable):
    """The progress would save to more than the room the reader keeps."""


class NotText(Unreadable):
    """The file is not text in the encoding it starts in (`encoding`), at some byte."""

    def __init__(self, reason: str, encoding: str) -> None:
        super().__init__(reason)
        self.encoding = encoding


class TooDeep(Unreadable):
    """The file nests deeper than the reader goes; `document` is the file read with each
    value past DEEPEST levels as null (None when that can't be read either)."""

    def __init__(self, document: Any) -> None:
        super().__init__("nested too deeply")
        self.document = document


DEEPEST = 64
"""How deep a file's values are read when the file nests deeper than the reader goes: a
record's settings are a few levels deep, and past this a value is cut (as null)."""


class Newer(Exception):
    """The file was written by a newer dartfit."""

    def __init__(self, schema: int) -> None:
        super().__init__(schema)
        self.schema = schema


def plain(text: str) -> str:
    """Return text fit for a one-line message: unprintable characters escaped, cut short."""
    clean = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)
    return clean if len(clean) <= _REASON_LIMIT else clean[: _REASON_LIMIT - 1] + "…"


CLASS_SETTING = "class"
"""The setting a class's store lays over each student's progress, never saved in it: the
teacher's settings for everyone, such as {"levels": [3, 6], "paused": false}. Read from a
file (a local save edited by hand, say), it is dropped: it would lock a game with no
teacher to unlock it."""


def without_class(progress: Progress) -> Progress:
    """The progress without the class's settings (see `CLASS_SETTING`)."""
    if CLASS_SETTING not in progress.settings:
        return progress
    settings = {k: v for k, v in progress.settings.items() if k != CLASS_SETTING}
    return msgspec.structs.replace(progress, settings=settings)


def encode(progress: Progress) -> bytes:
    """Return the JSON bytes of progress as saved in progress.json."""
    fields = msgspec.to_builtins(without_class(progress))
    schema = SCHEMA if progress.answers else LEVELS_ONLY
    if not progress.answers:
        del fields["answers"]
    document = {"schema": schema, **fields}
    return msgspec.json.format(msgspec.json.encode(document), indent=2) + b"\n"


def _constant(name: str) -> float:
    """NaN, Infinity and -Infinity, which JSON does not have: read as the floats they name,
    which no record or setting takes, so only the one holding it is left out."""
    return float(name)


def _whole(text: str) -> int | float:
    """A whole number; one of more digits than Python reads (thousands) as infinity, which
    no count takes, so only the record holding it is left out."""
    try:
        return int(text)
    except ValueError:
        return math.inf


class _Pairs:
    """JSON objects built keeping the last (as JSON parsers do) or the first value of a key
    given twice, and the keys given twice (a file merged or edited by hand)."""

    def __init__(self, first_wins: bool) -> None:
        self.first_wins = first_wins
        self.twice: list[str] = []

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        built: dict[str, Any] = {}
        for key, value in pairs:
            if key in built:
                self.twice.append(key)
                if self.first_wins:
                    continue
            built[key] = value
        return built


def _parse(raw: bytes, pairs: _Pairs | None = None) -> Any:
    """Return the JSON document in raw (UTF-8, -16 or -32, as JSON allows); strict about text."""
    encoding = json.detect_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        at = len(raw) - len(error.object) + error.start  # counts a skipped BOM too
        raise NotText(f"not {error.encoding.upper()} text at byte {at}", encoding) from None
    try:
        return json.loads(
            text,
            strict=False,  # a tab typed into a note by hand put the file aside, stars and all
            parse_constant=_constant,  # 1e999 reads as inf: refused where it is, as NaN is
            parse_int=_whole,
            object_pairs_hook=pairs,
        )
    except json.JSONDecodeError as error:
        raise Unreadable(f"line {error.lineno}: {error.msg}") from None
    except RecursionError:
        raise TooDeep(_shallow_document(text, pairs)) from None
    except (ValueError, OverflowError, MemoryError) as error:  # e.g. a 5000-digit number
        raise Unreadable(plain(str(error)) or type(error).__name__) from None


def _shallow_document(text: str, pairs: _Pairs | None) -> Any:
    """The document with each value nested past DEEPEST levels cut to null, or None if it
    can't be read so: one record nested 5,000 deep had put the whole file aside, and every
    other level's stars with it."""
    kept, start, depth, cut, i, n = [], 0, 0, -1, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':  # a string: to its closing quote, escapes skipped
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif ch in "[{":
            depth += 1
            cut = i if depth == DEEPEST + 1 else cut
        elif ch in "]}":
            if depth == DEEPEST + 1:
                kept += [text[start:cut], "null"]
                start = i + 1
            depth -= 1
        i += 1
    if depth != 0 or not kept:
        return None
    try:
        return json.loads(
            "".join([*kept, text[start:]]),
            strict=False,
            parse_constant=_constant,
            parse_int=_whole,
            object_pairs_hook=pairs,
        )
    except (ValueError, OverflowError, MemoryError, RecursionError):
        return None


def decode(raw: bytes, own: Collection[str] = ()) -> Progress:
    """Parse progress.json bytes; raise Unreadable or Newer when they can't be used, and
    Salvaged when only some of it can (or a key is given twice: the best of both is kept,
    where JSON keeps the last, which dropped the stars of a "levels" given before {}).

    Bytes that are not text (one Latin-1 "é" typed into a note) are read as U+FFFD: the
    whole file, every star, had gone aside for one byte. Where not every level's record
    can be kept, those of the levels `own` (the game's own) are kept first."""
    try:
        return _decode(raw, own)
    except NotText as error:
        mended = raw.decode(error.encoding, errors="replace").encode("utf-8")
        try:
            progress = _decode(mended, own)
        except Salvaged as salvaged:
            raise Salvaged(salvaged.progress, f"{error}, read as �; {salvaged.reason}") from None
        except Newer:
            raise  # a newer game's save: left as it is, played read-only
        except Unreadable:
            raise error from None
        raise Salvaged(progress, f"{error}, read as �") from None


def _decode(raw: bytes, own: Collection[str], mend: bool = True) -> Progress:
    """`decode`, of bytes that are text; a slip of JSON syntax mended where `mend`."""
    last = _Pairs(first_wins=False)
    failed: Unreadable | None = None
    progress: Progress | None = None
    reason: str | None = None
    try:
        progress = _decoded(_parse(raw, last), own)
    except Salvaged as salvaged:
        progress, reason = salvaged.progress, salvaged.reason
    except TooDeep as deep:  # what lies past DEEPEST levels goes; the rest is read
        progress, reason = _cut_deep(deep, own)
    except NotText:
        raise
    except Unreadable as error:
        if not last.twice:
            if mend:
                _syntax_mended(raw, error, own)
            raise
        failed = error  # read with the last of each key it is no progress: the first?
    if last.twice:
        progress, reason, kept = _both_ways(raw, progress, reason, failed, own)
        shown = ", ".join(sorted({plain(key)[:40] for key in last.twice})[:3])
        said = f'a key given twice ("{shown}"): kept {kept}'
        reason = said if reason is None else f"{reason}; {said}"
    assert progress is not None
    if reason is not None:
        raise Salvaged(progress, plain(reason))
    return progress


def _syntax_mended(raw: bytes, error: Unreadable, own: Collection[str]) -> None:
    """Raise Salvaged with the progress of the file with its slips of syntax mended (see
    `mend`: a trailing comma, NULs after the object, a file cut off); return if it can't
    be read so either."""
    found = mend.mended(raw.decode(json.detect_encoding(raw)))
    if found is None:
        return
    text, said = found
    reason = f"{error}; {', '.join(said)}"
    try:
        progress = _decode(text.encode("utf-8"), own, mend=False)
    except Salvaged as salvaged:
        progress, reason = salvaged.progress, f"{reason}; {salvaged.reason}"
    except Newer:
        raise  # a newer game's save with a slip: left as it is, played read-only
    except Unreadable:
        return
    if progress != Progress():  # nothing kept: the file unreadable, as it is
        raise Salvaged(progress, plain(reason))


def _cut_deep(deep: TooDeep, own: Collection[str]) -> tuple[Progress, str]:
    """The progress of a file read with what nests past DEEPEST levels cut, and why; the
    file unreadable as a whole (Unreadable) when even so it is no progress."""
    said = f"left out what is nested more than {DEEPEST} deep"
    if not isinstance(deep.document, dict):
        raise Unreadable("nested too deeply")
    try:
        return _decoded(deep.document, own), said
    except Salvaged as salvaged:
        return salvaged.progress, f"{said}; {salvaged.reason}"
    except (Unreadable, Newer):
        raise Unreadable("nested too deeply") from None


def _both_ways(
    raw: bytes,
    last: Progress | None,
    reason: str | None,
    failed: Unreadable | None,
    own: Collection[str],
) -> tuple[Progress, str | None, str]:
    """The progress of a file with a key given twice, read keeping the first of each and
    the last of each: the best of both where both can be read and saved together, else the
    one that can; and what was kept."""
    first: Progress | None = None
    first_reason: str | None = None
    try:
        first = _decoded(_parse(raw, _Pairs(first_wins=True)), own)
    except Salvaged as salvaged:
        first, first_reason = salvaged.progress, salvaged.reason
    except (Unreadable, Newer):
        pass
    if last is None:
        if first is None:
            assert failed is not None
            raise failed
        return first, first_reason, "the first of each"
    if first is None:
        return last, reason, "the last of each"
    try:  # the best of both: it must still save back (a merge can grow past the limits)
        both, too_many = within_room(last.merge(first), own)
        _check_round_trip(both)
    except (ValueError, TypeError, Unreadable):
        return last, reason, "the last of each"
    if too_many:
        reason = too_many if reason is None else f"{reason}; {too_many}"
    return both, reason, "the best of each"


def _json_said(value: Any) -> str:
    """A parsed JSON value named as JSON names it ("null", "an array"), not as Python does
    ("NoneType", "list")."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, list):
        return "an array"
    return "a string" if isinstance(value, str) else "a number"


def _decoded(document: Any, own: Collection[str]) -> Progress:
    """The progress in a parsed document (see `decode`)."""
    if not isinstance(document, dict):
        raise Unreadable(f"expected a JSON object, found {_json_said(document)}")
    given = "schema" in document
    schema = document.pop("schema", None)
    if type(schema) is int and SCHEMA < schema <= NEWEST_PLAUSIBLE:
        raise Newer(schema)
    if type(schema) is not int or not LEVELS_ONLY <= schema <= SCHEMA:
        _read_as_ours(document, schema, given, own)
    said: list[str] = []
    try:
        progress = msgspec.convert(document, Progress)
    except (msgspec.MsgspecError, RecursionError, UnicodeError) as error:
        # UnicodeError: a lone surrogate where a time is read ("completed_at": "\ud800"),
        # which stopped the game on every start
        cause = plain(str(error)) or type(error).__name__
        progress, left_out = _salvage(document, cause)
        said.append(f"{left_out} ({cause})")
    progress, too_many = within_room(progress, own)
    if too_many:
        said.append(too_many)
    try:
        _check_round_trip(progress)
    except Unreadable as error:
        if isinstance(error, TooBig):
            progress, bulky = _without_bulk(progress)
            if bulky:
                said.append(f"left out {bulky} ({error})")
        for field in ("answers", "settings"):  # the stars matter more
            try:
                _check_round_trip(progress)
                break
            except Unreadable as still:
                if not getattr(progress, field):
                    continue
                progress = msgspec.structs.replace(progress, **{field: {}})
                said.append(f"left out the {field} ({still})")
        else:  # both let go (or none to let go): checked once more, not again after a pass
            _check_round_trip(progress)
    if said:
        raise Salvaged(without_class(progress), "; ".join(said))
    return without_class(progress)


def _read_as_ours(document: dict[str, Any], schema: Any, given: bool, own: Collection[str]) -> None:
    """Raise Salvaged with the progress in a document whose schema no dartfit writes (none,
    not a whole number, below 1 or past `NEWEST_PLAUSIBLE`) read as this dartfit's, or
    Unreadable when it holds none: a save that said 10**30 was taken for a newer game's,
    and every win of the session was kept nowhere; one that said 0 or "2" was put aside
    with every star in it."""
    if not given:
        why = 'no "schema"'
    elif schema == math.inf:  # a number of thousands of digits (see `_whole`)
        why = "a schema of thousands of digits is no dartfit's"
    else:
        why = f"schema {plain(json.dumps(schema))[:40]} is no dartfit's"
    try:
        progress, reason = _decoded({**document, "schema": SCHEMA}, own), None
    except Salvaged as salvaged:
        progress, reason = salvaged.progress, salvaged.reason
    except (Unreadable, Newer):
        progress = Progress()
    if progress == Progress():  # nothing of dartfit's in it
        raise Unreadable(f"not a dartfit progress file: {why}")
    said = f"{why}, read as schema {SCHEMA}"
    raise Salvaged(progress, said if reason is None else f"{said}; {reason}")


def _the(noun: str, names: list[str]) -> str:
    """Names said with their noun, one or more: "the field resets" ("the fields resets" was
    said of one), "the settings a and b"."""
    return f"the {noun}{'s' if len(names) > 1 else ''} {_listed(names)}"


def _listed(names: list[str], longest: int = 40) -> str:
    """A few names of a list, and how many more (a, b, c and 4,998 more)."""
    shown = ", ".join(plain(name)[:longest] for name in names[:3])
    return shown + (f" and {len(names) - 3:,} more" if len(names) > 3 else "")


def _mended(record: Any, record_type: type[Any]) -> tuple[Any, list[str]] | None:
    """A damaged record with every field that breaks it left out, and those fields; None
    when it can't be mended so (it is no table, what breaks it is what it is about: the
    win, or nothing is left to keep). Each field is tried on its own beside the win: left
    out one at a time until the rest read, a record with two damaged fields (presses and
    hints_used below 0) was left out whole, and with it the win and its stars."""
    if not isinstance(record, dict):
        return None
    record, dropped = dict(record), list[str]()
    if record_type is LevelRecord:
        record, dropped = _win_read(record)
    win = {key: value for key, value in record.items() if key in WIN_FIELDS}
    broken = [
        key
        for key, value in record.items()
        if key not in WIN_FIELDS and _read_as({**win, key: value}, record_type) is None
    ]
    record = {key: value for key, value in record.items() if key not in broken}
    if _read_as(record, record_type) in (None, record_type()):
        return None
    return record, [*dropped, *broken]


WIN_FIELDS = ("completed", "stars")
"""A level record's win itself: never mended away (`_win_read` reads it as it most likely was)."""


def _read_as(fields: dict[str, Any], record_type: type[Any]) -> Any:
    """`fields` read as a `record_type`; None if they can't be."""
    try:
        return msgspec.convert(fields, record_type)
    except (msgspec.MsgspecError, RecursionError, TypeError, ValueError):
        return None


_YES = ("true", "yes")


def _count(value: Any) -> float | None:
    """A damaged field read as a number: true 1, false 0, a number or a number in text as
    it is ("2", 2.0), "true" and "yes" 1; None for anything else, or a number too big for
    a float (400 digits raised OverflowError, and the game did not start)."""
    if isinstance(value, str) and value.strip().lower() in _YES:
        return 1.0
    if not isinstance(value, bool | int | float | str):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _win_read(record: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A level record whose win fields can't be read as they are, read as the win they
    most likely were rather than left out with the record: one damaged field must not cost
    a won level. It is a win when `completed` is true or reads as yes (1, "true", "yes"), or
    its stars are 1 or more (as a record's stars always stand for a win); then `stars` that
    is no whole number 1 to 3 is the nearest one (2.0, "3", 7 → 3), and 1 when it can't be
    read; but 0 written as 0 with the win is kept: a win on a level `dartfit check` refuses
    earns no star (`campaign.refused_win`), and one damaged field of its record (a bad
    best_mse) gave it ★. A record that holds no win is left as it is."""
    said: list[str] = []
    stars, completed = record.get("stars", 0), record.get("completed", False)
    number = _count(stars)
    won = completed is True or _count(completed) == 1 or (number or 0) >= 1
    if not won:  # no win to keep: the record's damage is said as it is
        return record, said
    if completed is not True:
        record["completed"] = True
        said.append("completed read as true")
    starless = stars == 0 and type(stars) is int and "stars" in record and completed is True
    if not starless and (type(stars) is not int or not 1 <= stars <= 3):
        count = 1 if number is None else min(3, max(1, round(number)))
        record["stars"] = count
        said.append(f"stars read as {count}")
    return record, said


def _salvage(document: dict[str, Any], reason: str) -> tuple[Progress, str]:
    """The progress in a document with its damaged parts left out, and what was left out;
    Unreadable(reason) when nothing can be kept: one bad field must not cost the player
    every star of the others. A record's bad field goes first, then the record; a bad
    setting alone, then any other top-level field alone."""
    document = dict(document)
    left_out = []
    for key, record_type, what in (
        ("levels", LevelRecord, "the record of"),
        ("answers", AnswerRecord, "the answers to"),
    ):
        records = document.get(key)
        kept: dict[str, Any] = {}
        bad: list[str] = []
        mended: list[str] = []
        for name, record in records.items() if isinstance(records, dict) else ():
            if not _text(name):  # a lone surrogate: no key can be saved so
                bad.append(name)
                continue
            try:
                msgspec.convert(record, record_type)
            except (msgspec.MsgspecError, RecursionError, UnicodeError):
                fixed = _mended(record, record_type)
                if fixed is None:
                    bad.append(name)
                    continue
                record = fixed[0]
                mended.append(f"{name} ({', '.join(fixed[1])})")
            kept[name] = record
        if bad:
            left_out.append(f"{what} {_listed(bad)}")
        if mended:
            left_out.append(f"what could not be read in {what} {_listed(mended, 80)}")
        if key in document and not isinstance(records, dict):
            left_out.append(f"the {key}, which were not a table")
        if key in document:
            document[key] = kept
    settings = document.get("settings")
    if isinstance(settings, dict):
        good = {k: v for k, v in settings.items() if _fits({"settings": {k: v}})}
        if len(good) < len(settings):
            left_out.append(_the("setting", [k for k in settings if k not in good]))
            document["settings"] = good
    unknown = []
    for key in [key for key in document if key not in ("levels", "answers")]:
        if not _fits({key: document[key]}):  # each other field on its own
            unknown.append(key)
            del document[key]
    if unknown:
        left_out.append(_the("field", unknown))
    candidates = [(document, left_out)]
    if document.get("answers"):  # too many to keep, say: the stars matter more
        candidates.append(({**document, "answers": {}}, [*left_out, "the answers"]))
    for attempt, said in candidates:
        try:
            progress = msgspec.convert(attempt, Progress)
        except (msgspec.MsgspecError, RecursionError, TypeError, ValueError):
            continue
        if said and (progress.levels or progress.settings or progress.answers):
            return progress, "left out " + " and ".join(said)
        break
    raise Unreadable(reason)


BULKY = 1024
"""Bytes past which a setting or a level's record is bulk: the game writes none so long
(a record is under 200, a level's id at most 60 characters)."""


def _without_bulk(progress: Progress) -> tuple[Progress, str]:
    """The progress less its bulkiest settings and level records, the largest first, until
    it saves within the room; and which were left out ("" when none). One setting of 2 MB,
    or one record under an id of 2.5 MB, put the whole file aside with every star."""

    def size(name: str, value: Any) -> int:
        return len(name.encode("utf-8", "replace")) + len(msgspec.json.encode(value))

    bulk = sorted(
        (
            (size(name, value), field, name)
            for field, table in (("settings", progress.settings), ("levels", progress.levels))
            for name, value in table.items()
        ),
        reverse=True,
    )
    total = len(encode(progress))
    settings, levels, dropped = dict(progress.settings), dict(progress.levels), []
    for bytes_, field, name in bulk:
        if total <= ROOM or bytes_ <= BULKY:
            break
        (settings if field == "settings" else levels).pop(name)
        dropped.append(f"the {'setting' if field == 'settings' else 'record of'} {name[:40]}")
        total -= bytes_
    if not dropped:
        return progress, ""
    return msgspec.structs.replace(progress, settings=settings, levels=levels), _listed(dropped)


def _fits(fields: dict[str, Any]) -> bool:
    """Whether these top-level fields alone make progress."""
    try:
        msgspec.convert(fields, Progress)
    except (msgspec.MsgspecError, RecursionError, TypeError, ValueError):
        return False
    return True


def _text(name: str) -> bool:
    """Whether a name is text that can be saved (no lone surrogate)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def within_room(progress: Progress, first: Collection[str] = ()) -> tuple[Progress, str]:
    """The progress with as many level records as save with room to grow, the most earned
    kept (stars, then a win; records that hold nothing are left out first), and what was
    left out ("" when none was). Measured by what they take once saved: a file the game
    wrote of 8,400 full records was over the room, by count under it. The levels `first`
    (those just played, the game's own) are kept before any other: a win of two stars,
    just earned, went before 14,000 old records of three, and so did the game's own levels
    before 100,000 records of three stars under ids no level of it has."""
    room = ROOM
    count = len(progress.levels)
    if count * _MIN_LEVEL_BYTES * 4 <= room:  # far within: not encoded
        return progress, ""
    if count * _MIN_LEVEL_BYTES <= room and len(encode(progress)) <= room:  # else surely over
        return progress, ""
    earned = [(name, record) for name, record in progress.levels.items() if record != EMPTY]
    if not earned:  # nothing in them to keep
        raise Unreadable(f"{count} levels are too many to save")
    # the most earned, and of those the newest first win first: 12,000 old three-star records
    # of other levels put the one just won out of the file (ties kept the file's order)
    ranked = sorted(earned, key=lambda item: (item[0] in first, *_earned(item[1])), reverse=True)
    most = min(len(ranked), room // _MIN_LEVEL_BYTES)
    kept = msgspec.structs.replace(progress, levels={})
    while most > 0:
        names = {name for name, _ in ranked[:most]}
        levels = {name: record for name, record in progress.levels.items() if name in names}
        kept = msgspec.structs.replace(progress, levels=levels)
        size = len(encode(kept))
        if size <= room:
            break
        most = most * room // size * 9 // 10  # each record takes more than the average
    left = count - len(kept.levels)
    said = f"left out {left:,} of {count:,} level records, the least earned"
    return kept, said + " (too many to save)"


def _earned(record: LevelRecord) -> tuple[int, bool, float]:
    """How much a record holds, to keep the most: stars, a win, then how recent its first
    win (`completed_at`; a level first won long ago still ranks by that date)."""
    when = record.completed_at.timestamp() if record.completed_at is not None else -math.inf
    return record.stars, record.completed, when


def _check_round_trip(progress: Progress) -> None:
    """Raise Unreadable unless progress saves, with room to grow, and reads back unchanged.

    `Progress` checks the values as it is built; this is the last line of defence.
    """
    room = ROOM
    if len(progress.levels) * _MIN_LEVEL_BYTES > room:  # without encoding 100 MB to see it
        raise Unreadable(f"{len(progress.levels)} levels are too many to save")
    try:
        size = len(encode(progress))
        same = msgspec.json.decode(msgspec.json.encode(progress), type=Progress) == progress
    except (msgspec.MsgspecError, ValueError, TypeError, OverflowError, RecursionError):
        same = False
    if not same:
        raise Unreadable("it would not save back unchanged")
    if size > room:
        raise TooBig(f"over {room // 2**20} MiB once saved")
