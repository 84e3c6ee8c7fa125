"""Level files fuzzed: random TOML and mutated shipped levels either load or raise LevelError.

The only exception that may escape `load_level` is LevelError, and its message starts with
the file and names the key it is about. A level that loads must be usable: its points, its
problems() and its optimum never raise and never overflow (RuntimeWarning is an error here).
"""

from __future__ import annotations

import json
import math
import re
import tomllib
import warnings
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dartfit import check
from dartfit import levels as levels_module
from dartfit.commands import check_paths
from dartfit.levels import LevelError, LevelSpec, load_level
from dartfit.printable import first_hidden
from dartfit.rules import linear, scoring
from tests.conftest import SHIPPED

SHIPPED_FILES = sorted(SHIPPED.glob("*.toml"))
SHIPPED_TEXT = {p.name: p.read_text(encoding="utf-8") for p in SHIPPED_FILES}


def _spec_keys() -> list[str]:
    """Every key name the level schema knows, in any table."""
    names: set[str] = set()
    pending: list[type] = [LevelSpec]
    while pending:
        struct = pending.pop()
        for f in msgspec.structs.fields(struct):
            names.add(f.encode_name)
            for t in (f.type, *getattr(f.type, "__args__", ())):
                for inner in (t, *getattr(t, "__args__", ())):
                    if isinstance(inner, type) and issubclass(inner, msgspec.Struct):
                        pending.append(inner)
    return sorted(names)


SPEC_KEYS = _spec_keys()
TOP_KEYS = [f.encode_name for f in msgspec.structs.fields(LevelSpec)]
JUNK_KEYS = ["junk", "", "Kind", "data.x", "ünïcode", "with space", "x-y", "0"]
VALUE_WORDS = [
    "line", "points", "darts", "mae", "mle", "descent", "bias-variance", "darts-split",
    "compare", "degree",
    "at_most",
    "at_least", "pick_costliest", "pick_worse", "pick_degree", "mse", "training",
    "squaring", "least-squares", "fixed", "constant", "even", "random", "sine", "demo",
]  # fmt: skip

# Every example writes its file into the test's one tmp_path (a file name or two, rewritten
# each time): a fresh numbered folder per example cost about a quarter of these tests' CPU.
SETTINGS = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# ---- writing TOML ----------------------------------------------------------------------
def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        return text if any(c in text for c in ".en") else text + ".0"
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{" + items + "}"
    raise TypeError(value)


def to_toml(doc: dict[str, Any]) -> str:
    """A TOML document: plain keys first, then each table as a [header] (inline below it)."""
    plain = [
        f"{_toml_key(k)} = {_toml_value(v)}" for k, v in doc.items() if not isinstance(v, dict)
    ]
    tables = [
        f"[{_toml_key(k)}]\n"
        + "\n".join(f"{_toml_key(kk)} = {_toml_value(vv)}" for kk, vv in v.items())
        for k, v in doc.items()
        if isinstance(v, dict)
    ]
    return "\n".join(plain) + "\n\n" + "\n\n".join(tables) + "\n"


# ---- random values -----------------------------------------------------------------------
BOUNDARY_FLOATS = [0.0, -0.0, 1.0, -1.0, 1e-300, -1e-300, 1e300, -1e300, 1e308, 5e-324,
                   math.nan, math.inf, -math.inf, 2.0**53, 1e16, -1e16, 1e9, 0.5]  # fmt: skip
BOUNDARY_INTS = [0, 1, 2, 3, -1, -2, 50, 51, 1000, 5000, 2_000_000, 2_000_001, 2**63 - 1,
                 -(2**63), 10**30]  # fmt: skip

scalars = st.one_of(
    st.sampled_from(BOUNDARY_FLOATS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-100, 100),
    st.sampled_from(BOUNDARY_INTS),
    st.integers(-10, 60),
    st.booleans(),
    st.sampled_from(VALUE_WORDS),
    st.text(max_size=12),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.sampled_from(SPEC_KEYS + JUNK_KEYS), inner, max_size=5),
    ),
    max_leaves=12,
)
random_docs = st.dictionaries(
    st.sampled_from(TOP_KEYS + JUNK_KEYS[:3]),
    st.one_of(values, st.dictionaries(st.sampled_from(SPEC_KEYS + JUNK_KEYS), values, max_size=6)),
    max_size=16,
)


# ---- what must hold ----------------------------------------------------------------------
def _segments(key: str) -> list[str | int]:
    """A key path like ``data."a b".outliers[0]`` as names and indexes."""
    found: list[str | int] = []
    for quoted, bare, index in re.findall(r'"((?:[^"\\]|\\.)*)"|([^.\[\]"]+)|\[(\d+)\]', key):
        found.append(int(index) if index else bare or quoted.replace('\\"', '"'))
    return found


def _resolves(raw: Any, key: str) -> bool:
    """Whether a key path like ``data.generate.outliers[0].index`` points into the document."""
    for part in _segments(key):
        try:
            raw = raw[part]
        except (KeyError, IndexError, TypeError):
            return False
    return True


def check_error(error: LevelError, path: Path, raw: Any) -> None:
    """LevelError names the file first and, when it is about a key, that key."""
    text = str(error)
    assert text.startswith(f"{path}: "), text
    assert "\n" not in text, text
    assert first_hidden(text) is None, repr(text)  # safe to print, whatever the file holds
    assert error.problem, text
    if error.key:
        assert text.startswith(f"{path}: {error.key}: "), text
        if isinstance(raw, dict):
            top = _segments(error.key)[0]
            assert top in raw or top in TOP_KEYS, text
            if error.problem == "unknown key" or error.problem.startswith("expected"):
                assert _resolves(raw, error.key), text


def exercise(level: levels_module.Level) -> None:
    """A loaded level is usable: points, optimum, target and problems, with no warning."""
    spec = level.spec
    for text in (spec.title, spec.goal, spec.what_you_saw, spec.chapter, spec.lesson, *spec.hints):
        assert first_hidden(text, keep_newlines=True) is None, repr(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        x, y = level.x, level.y
        assert x.shape == y.shape
        assert bool(all(math.isfinite(v) for v in x)) and bool(all(math.isfinite(v) for v in y))
        found = check.problems(level)
        assert all(isinstance(p, str) and p for p in found)
        best = scoring.optimum(level)
        assert best is None or (math.isfinite(best) and best >= 0)
        goal = scoring.target_value(level)
        assert goal is None or math.isfinite(goal)
        scoring.describe_target(level)
        if level.spec.data is not None:
            steps = linear.steps(level)
            assert all(math.isfinite(s) and s > 0 for s in (steps.m, steps.b, steps.point))


def load_and_check(path: Path, raw: Any) -> None:
    try:
        level = load_level(path)
        level.x  # noqa: B018 (points are made on first use: a bad draw is a LevelError too)
    except LevelError as e:
        check_error(e, path, raw)
        return
    exercise(level)


# ---- (a) random documents ------------------------------------------------------------------
@pytest.mark.long
@SETTINGS
@given(doc=random_docs)
def test_a_random_document_loads_or_raises_a_level_error_naming_file_and_key(
    doc: dict[str, Any], tmp_path: Path
) -> None:
    text = to_toml(doc)
    parsed = tomllib.loads(text)  # the writer itself must make valid TOML
    assert set(parsed) == set(doc)
    path = tmp_path / "01-fuzz.toml"
    path.write_text(text, encoding="utf-8")
    load_and_check(path, parsed)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode)))
def test_random_bytes_load_or_raise_a_level_error(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "01-bytes.toml"
    path.write_bytes(data)
    load_and_check(path, None)


# ---- (b) mutated shipped levels --------------------------------------------------------------
def _paths(raw: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path in the document (dict keys and list indexes)."""
    found = []
    items = (
        raw.items() if isinstance(raw, dict) else enumerate(raw) if isinstance(raw, list) else []
    )
    for k, v in items:
        found.append((*prefix, k))
        found.extend(_paths(v, (*prefix, k)))
    return found


def _parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for k in path[:-1]:
        doc = doc[k]
    return doc


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A shipped level with a few random mutations: (file name, bytes to write)."""
    name = draw(st.sampled_from(sorted(SHIPPED_TEXT)))
    text = SHIPPED_TEXT[name]
    doc = tomllib.loads(text)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        numbers = [p for p in paths if type(_parent(doc, p)[p[-1]]) in (int, float)]
        path = draw(st.sampled_from(numbers if numbers and draw(st.booleans()) else paths))
        parent, key = _parent(doc, path), path[-1]
        old = parent[key]
        hows = ["delete", "retype", "boundary", "rename", "unknown", "scale", "scale", "scale"]
        how = draw(st.sampled_from(hows))
        if how == "delete" and isinstance(parent, dict):
            del parent[key]
        elif how == "rename" and isinstance(parent, dict):
            parent[draw(st.sampled_from([*SPEC_KEYS, key + "s", key.upper()]))] = parent.pop(key)
        elif how == "unknown":
            target = parent if isinstance(parent, dict) else doc
            target[draw(st.sampled_from(JUNK_KEYS[:1] + SPEC_KEYS))] = draw(values)
        elif how == "boundary" or (how == "scale" and isinstance(old, bool)):
            parent[key] = draw(st.sampled_from(BOUNDARY_FLOATS + BOUNDARY_INTS))
        elif how == "scale" and isinstance(old, int | float):
            factor = draw(st.sampled_from([-1, 0, 0.5, 10, 1e3, 1e6, 1e12, 1e200]))
            scaled = old * factor
            whole = isinstance(old, int) and math.isfinite(scaled)
            parent[key] = int(scaled) if whole else scaled
        else:
            parent[key] = draw(values)
    data = to_toml(doc).encode()
    damage = draw(st.sampled_from(["none", "none", "none", "truncate", "garbage"]))
    if damage == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "garbage":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return name, data


@st.composite
def renumbered(draw: st.DrawFn) -> tuple[str, bytes]:
    """A shipped level with one or two of its numbers changed: it often still loads."""
    name = draw(st.sampled_from(sorted(SHIPPED_TEXT)))
    doc = tomllib.loads(SHIPPED_TEXT[name])
    paths = [p for p in _paths(doc) if type(_parent(doc, p)[p[-1]]) in (int, float)]
    for path in draw(st.lists(st.sampled_from(paths), min_size=1, max_size=2)):
        old = _parent(doc, path)[path[-1]]
        new = draw(
            st.one_of(
                st.sampled_from(BOUNDARY_FLOATS + BOUNDARY_INTS),
                st.sampled_from([-1, 0, 0.5, 3, 1e3, 1e6, 1e9, 1e12]).map(
                    lambda f, old=old: old * f
                ),
                st.floats(-1e10, 1e10),
                st.integers(-5, 100),
            )
        )
        _parent(doc, path)[path[-1]] = new
    return name, to_toml(doc).encode()


@SETTINGS
@given(case=st.one_of(mutated(), renumbered()))
def test_a_mutated_shipped_level_loads_usably_or_raises_a_level_error(
    case: tuple[str, bytes], tmp_path: Path
) -> None:
    name, data = case
    path = tmp_path / name
    path.write_bytes(data)
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        raw = None
    load_and_check(path, raw)


def test_every_shipped_level_survives_the_checks_unmutated(tmp_path: Path) -> None:
    for path in SHIPPED_FILES:
        load_and_check(path, tomllib.loads(SHIPPED_TEXT[path.name]))


# ---- (c) dartfit check on hostile documents -------------------------------------------------
deep_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=2),
        st.dictionaries(st.sampled_from(SPEC_KEYS + JUNK_KEYS), inner, min_size=1, max_size=2),
    ),
    max_leaves=40,
)


@SETTINGS
@given(
    name=st.sampled_from(sorted(SHIPPED_TEXT)),
    where=st.sampled_from([*TOP_KEYS, "data", "target", "darts"]),
    value=deep_values,
    extra=st.lists(st.tuples(st.sampled_from(TOP_KEYS + JUNK_KEYS), values), max_size=4),
)
@pytest.mark.long
def test_check_reports_a_hostile_document_in_clean_lines_naming_the_file(
    name: str, where: str, value: Any, extra: list[tuple[str, Any]], tmp_path: Path
) -> None:
    doc = tomllib.loads(SHIPPED_TEXT[name])
    doc[where] = value
    doc.update(extra)
    path = tmp_path / name
    path.write_text(to_toml(doc), encoding="utf-8")
    fine, found = check_paths([str(path)])
    assert fine + bool(found) == 1
    for line in found:
        assert line.startswith(f"{path}: ") and "\n" not in line, line
        assert first_hidden(line) is None, repr(line)
        assert "can't be checked" not in line, line  # the checker itself never breaks
    assert len(found) == len(set(found))
