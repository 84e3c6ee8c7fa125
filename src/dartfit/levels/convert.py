"""A TOML table into a typed spec, collecting every problem in words, not only the first.

msgspec stops at the first wrong value. To go on, the problem's key is mended in the table
(an unknown key removed, a wrong value cut, a missing one filled with a stand-in of its
type) and the table converted again, until it converts or `limit` problems are found.
Problems come back as (key, problem): `expected a number ≥ 0, got "lots"`.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from datetime import date, datetime, time
from functools import cache
from typing import Any, TypeVar

import msgspec
import msgspec.inspect as mi

from dartfit.levels.raw import MAX_SIZE, UNKNOWN_KEY, Part, join
from dartfit.wording import echoed

S = TypeVar("S", bound=msgspec.Struct)

_MSG = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$")
_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def describe(t: mi.Type) -> str:
    """A type from a spec in words: ``a number ≥ 0``, ``text of 1 to 60 characters``."""
    if isinstance(t, mi.UnionType):
        return " or ".join(describe(u) for u in t.types if not isinstance(u, mi.NoneType))
    if isinstance(t, mi.FloatType | mi.IntType):
        word = "a whole number" if isinstance(t, mi.IntType) else "a number"
        if t.ge is not None and t.le is not None:  # "a whole number from 2 to 2,000,000"
            return f"{word} from {echoed(t.ge)} to {echoed(t.le)}"
        bounds = [("≥", t.ge), (">", t.gt), ("≤", t.le), ("<", t.lt)]
        return " ".join([word] + [f"{op} {echoed(v)}" for op, v in bounds if v is not None])
    if isinstance(t, mi.StrType):
        if t.pattern:
            return f"text matching {t.pattern}" + _length(t.min_length, t.max_length, "characters")
        return "text" + _length(t.min_length, t.max_length, "characters")
    if isinstance(t, mi.BoolType):
        return "true or false"
    if isinstance(t, mi.LiteralType):
        return "one of " + ", ".join(repr(v) for v in t.values)
    if isinstance(t, mi.VarTupleType | mi.ListType):
        return "a list" + _length(t.min_length, t.max_length, "items")
    if isinstance(t, mi.TupleType):
        return f"a list of {len(t.item_types)} items"
    if isinstance(t, mi.StructType):
        return "a table"
    return "something else"


def _whole_only(t: mi.Type, value: Any) -> bool:
    """Whether a type takes whole numbers and no others, and would take `value` written as
    one (12 for 12.0, where 12 is in bounds)."""
    types = t.types if isinstance(t, mi.UnionType) else (t,)
    if any(isinstance(u, mi.FloatType) for u in types) or not isinstance(value, float):
        return False
    if not value.is_integer() or not abs(value) < 1e16:
        return False
    whole = int(value)
    return any(
        isinstance(u, mi.IntType)
        and (u.ge is None or whole >= u.ge)
        and (u.gt is None or whole > u.gt)
        and (u.le is None or whole <= u.le)
        and (u.lt is None or whole < u.lt)
        for u in types
    )


def _length(low: int | None, high: int | None, unit: str) -> str:
    if high is not None:
        return f" of {low or 0} to {high} {unit}"
    return f" of at least {low} {unit}" if low else ""


def _parts(path: str) -> list[Part]:
    """A msgspec path like ``.data.generate.outliers[0]`` as names and indexes."""
    return [int(index) if index else name for name, index in _PART.findall(path)]


def type_at(root: mi.Type, parts: list[Part]) -> mi.Type | None:
    """The spec's type at a key path (None when the path leaves the spec)."""
    t = root
    for part in parts:
        while isinstance(t, mi.UnionType):
            t = next(u for u in t.types if not isinstance(u, mi.NoneType))
        if isinstance(part, str) and isinstance(t, mi.StructType):
            found = [f.type for f in t.fields if f.name == part]
            if not found:
                return None
            t = found[0]
        elif isinstance(part, int) and isinstance(t, mi.VarTupleType | mi.ListType):
            t = t.item_type
        elif isinstance(part, int) and isinstance(t, mi.TupleType):
            t = t.item_types[part] if part < len(t.item_types) else t
        else:
            return None
    return t


def _lookup(raw: Any, parts: list[Part]) -> Any:
    """Follow a key path into the raw TOML table (None when it isn't there)."""
    for part in parts:
        try:
            raw = raw[part]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


def _shown(value: Any, whole: bool = False) -> str:
    """A value as written, in one short line whatever it is; `whole`: a number with a point
    where a whole number is wanted, which it would be without it (`_whole_only`)."""
    if isinstance(value, bool):  # as TOML writes it
        return str(value).lower()
    if isinstance(value, datetime | date | time):  # as TOML writes it, not Python's repr
        return f"the date or time {value.isoformat()}"
    if whole:  # as written, with its point: "expected a whole number from 2 to 2,000,000,
        # got 12" was said of n = 12.0, a number that read as one the key takes
        return f"{echoed(value)}.0 (a whole number is written without a point)"
    if isinstance(value, int | float):
        return echoed(value)  # as the game writes a number: 1e300, not 1e+300
    text = f'"{value}"' if isinstance(value, str) else repr(value)
    text = text if len(text) <= 40 else text[:39] + "…"
    return text.replace("\r", "\\r").replace("\n", "\\n")


def stand_in(t: mi.Type) -> Any:
    """A value of the type that converts: fills a missing key so the rest can be checked."""
    if isinstance(t, mi.UnionType):
        return stand_in(next(u for u in t.types if not isinstance(u, mi.NoneType)))
    if isinstance(t, mi.IntType | mi.FloatType):
        low = t.ge if t.ge is not None else (t.gt + 1 if t.gt is not None else 1)
        return low if isinstance(t, mi.IntType) else float(low)
    if isinstance(t, mi.StrType):
        return "x" * max(t.min_length or 1, 1)
    if isinstance(t, mi.BoolType):
        return False
    if isinstance(t, mi.LiteralType):
        return t.values[0]
    if isinstance(t, mi.VarTupleType | mi.ListType):
        return [stand_in(t.item_type)] * (t.min_length or 0)
    if isinstance(t, mi.TupleType):
        return [stand_in(u) for u in t.item_types]
    if isinstance(t, mi.StructType):
        return {f.encode_name: stand_in(f.type) for f in t.fields if f.required}
    return None


def _inside(key: str, other: str) -> bool:
    """Whether a key path is the other or inside it: ``data.y[1]`` is inside ``data.y``."""
    return key == other or key.startswith((other + ".", other + "["))


@cache
def _type_info(spec: type[msgspec.Struct]) -> mi.Type:
    return mi.type_info(spec)


def bounded_words(spec: type[msgspec.Struct]) -> Callable[[list[Part]], str | None]:
    """For `mend`: the words for a key's number when the spec bounds it (``a whole number
    from 2 to 2,000,000``), or None. n = 1e20 was told "expected a number between
    −1,000,000,000 and 1,000,000,000", a range n may not have either."""

    def said(parts: list[Part]) -> str | None:
        t = type_at(_type_info(spec), parts)
        types = t.types if isinstance(t, mi.UnionType) else (t,)
        for number in types:
            if not isinstance(number, mi.IntType | mi.FloatType):
                continue
            low, high = (number.ge, number.gt), (number.le, number.lt)
            if low == (None, None) and high == (None, None):
                return None
            # par ≥ 1 has no bound above: 10**12 is past the one every number has
            said = describe(number)
            said += f" and ≤ {echoed(MAX_SIZE)}" if high == (None, None) else ""
            return said + (f" and ≥ {echoed(-MAX_SIZE)}" if low == (None, None) else "")
        return None

    return said


def convert_all(
    table: dict[str, Any], raw: dict[str, Any], spec: type[S], limit: int, touched: set[str]
) -> tuple[S | None, list[tuple[str, str]]]:
    """The spec (None if it can't be made) and every problem; `table` is mended in place,
    `raw` is the table as written (for the values shown), `touched` grows with each key
    mended (a problem about a key already reported is left out)."""
    root: mi.Type | None = None  # msgspec's type info is slow to make: only on a problem
    problems: list[tuple[str, str]] = []
    for _ in range(4 * limit):  # a mend per round; a problem left out still costs a round
        if len(problems) >= limit:
            break
        try:
            return msgspec.convert(table, spec), problems
        except msgspec.ValidationError as e:
            m = _MSG.match(str(e))
            msg, parts = (m["msg"], _parts(m["path"] or "")) if m else (str(e), [])
            root = root or _type_info(spec)
            key, problem, home = _word(msg, parts, raw, root)
            if not any(_inside(key, done) for done in touched):
                problems.append((key, problem))
                problems += _other_items(table, raw, spec, root, parts, home)
            if not _mend(table, msg, home, root):
                return None, problems
            touched.add(join(home))
    return None, problems


SAID_ITEMS = 3
"""Wrong items of one list said each on a line of its own; the rest are counted on the last."""


def _item_type(spec: type[msgspec.Struct], home: list[Part]) -> Any:
    """The Python type of the items of the list at a key path of a spec (None if unknown)."""
    t: Any = spec
    for part in [*home, 0]:
        while typing.get_origin(t) in (typing.Annotated, typing.Union, types.UnionType):
            args = typing.get_args(t)
            t = (
                args[0]
                if typing.get_origin(t) is typing.Annotated
                else next((a for a in args if a is not type(None)), None)
            )
        if isinstance(part, str) and isinstance(t, type) and issubclass(t, msgspec.Struct):
            t = next((f.type for f in msgspec.structs.fields(t) if f.encode_name == part), None)
        elif isinstance(part, int) and typing.get_origin(t) in (tuple, list):
            t = typing.get_args(t)[0]
        else:
            return None
    return t


def _other_items(
    table: dict[str, Any],
    raw: dict[str, Any],
    spec: type[msgspec.Struct],
    root: mi.Type,
    parts: list[Part],
    home: list[Part],
) -> list[tuple[str, str]]:
    """The other wrong items of a list one of whose items msgspec stopped at (the list is
    then mended whole): each item converted alone to the items' type. The first few are
    said each on a line; the rest are counted on the last of those."""
    at = len(home)  # parts[at] is the wrong item's index in the list at `home`
    items = _lookup(table, home)
    if len(parts) <= at or not isinstance(parts[at], int) or not isinstance(items, list):
        return []
    item_type = _item_type(spec, home)
    if item_type is None:
        return []
    found = []
    for j, item in enumerate(items):
        if j == parts[at]:
            continue
        try:
            msgspec.convert(item, item_type)
        except msgspec.ValidationError as e:
            m = _MSG.match(str(e))
            inner = _parts(m["path"] or "") if m else []
            key, problem, _ = _word(m["msg"] if m else str(e), [*home, j, *inner], raw, root)
            found.append((key, problem))
    said = found[: SAID_ITEMS - 1]
    if len(found) > len(said):
        key, problem = said[-1]
        said[-1] = (key, f"{problem} (and {len(found) - len(said):,} more in {join(home)})")
    return said


def _word(msg: str, parts: list[Part], raw: Any, root: mi.Type) -> tuple[str, str, list[Part]]:
    """msgspec's message as (key, problem, the key path to mend)."""
    if unknown := re.match(r"Object contains unknown field `(.*)`$", msg):
        home = [*parts, unknown[1]]
        return join(home), UNKNOWN_KEY, home
    if missing := re.match(r"Object missing required field `([^`]+)`", msg):
        home = [*parts, missing[1]]
        return join(home), "required key is missing", home
    key = join(parts)
    expected = type_at(root, parts)
    first_index = next((i for i, p in enumerate(parts) if isinstance(p, int)), len(parts))
    home = parts[: max(first_index, 1)]
    if expected is not None and (msg.startswith("Expected") or "enum" in msg):
        value = _lookup(raw, parts)
        got = _shown(value, _whole_only(expected, value))
        return key, f"expected {describe(expected)}, got {got}", home
    return key, msg.replace("`", ""), home


def _mend(table: dict[str, Any], msg: str, home: list[Part], root: mi.Type) -> bool:
    """Mend the table at the problem's key; False when there is nothing left to mend."""
    parent = _lookup(table, home[:-1])
    if not isinstance(parent, dict) or not home:
        return False
    name = home[-1]
    if msg.startswith("Object missing required field"):
        if name in parent:
            return False
        parent[name] = stand_in(type_at(root, home) or mi.NoneType())
        return True
    if name not in parent:
        return False
    del parent[name]
    return True
