"""A level file's TOML, read by a start before this one, is read back from the cache folder
(every start reads every level and check: 14 ms of TOML against 1 ms of JSON)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from dartfit.cache import CACHE_ENV
from dartfit.levels import load_levels
from dartfit.levels.raw import FOLDER, read_toml
from tests.conftest import SHIPPED


@pytest.fixture
def tomls_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An empty cache folder, and the texts tomllib is given from now on."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    read: list[str] = []
    loads = tomllib.loads

    def counted(text: str, **kwargs: object) -> dict[str, object]:
        read.append(text)
        return loads(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tomllib, "loads", counted)
    return read


def test_the_campaign_read_again_reads_no_toml_and_is_the_same(tomls_read: list[str]) -> None:
    first = [(level.id, level.spec) for level in load_levels(SHIPPED)]
    files = sorted(SHIPPED.glob("*.toml"))
    tables = [read_toml(file) for file in files]
    assert len(tomls_read) >= len(files)
    tomls_read.clear()
    assert [read_toml(file) for file in files] == tables
    assert tomls_read == []
    from dartfit.levels import load

    load._READ.clear()  # a process of its own
    assert [(level.id, level.spec) for level in load_levels(SHIPPED)] == first
    assert tomls_read == []


def test_a_table_read_back_is_the_callers_own(tomls_read: list[str], tmp_path: Path) -> None:
    file = tmp_path / "a.toml"
    file.write_text('title = "A"\n[data]\nx = [1, 2.5]\n')
    read_toml(file)["title"] = "changed"
    again = read_toml(file)
    again["data"]["x"].append(3)
    assert read_toml(file) == {"title": "A", "data": {"x": [1, 2.5]}}
    assert len(tomls_read) == 1
    assert type(read_toml(file)["data"]["x"][0]) is int  # 1 stays an integer, 2.5 a float


def test_damaged_kept_toml_is_read_again(tomls_read: list[str], tmp_path: Path) -> None:
    file = tmp_path / "a.toml"
    file.write_text('title = "A"\nn = 3\n')
    table = read_toml(file)
    kept = list((tmp_path / "cache" / FOLDER).iterdir())
    assert len(kept) == 1
    for damaged in (b'{"title": "A", "n"', b"[1, 2]", b"\xff\xfe"):
        kept[0].write_bytes(damaged)
        assert read_toml(file) == table
    assert len(tomls_read) == 4


def test_what_json_cannot_give_back_is_not_kept(tomls_read: list[str], tmp_path: Path) -> None:
    """A date, or an infinity, would come back as something else: read as TOML each time."""
    for n, text in enumerate(("when = 2024-01-02\n", "big = inf\n")):
        file = tmp_path / f"{n}.toml"
        file.write_text(text)
        assert read_toml(file) == read_toml(file) == tomllib.loads(text)
    assert not (tmp_path / "cache" / FOLDER).exists() or not any(
        (tmp_path / "cache" / FOLDER).iterdir()
    )


def test_a_cache_folder_that_does_not_answer_holds_no_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every start reads its levels and CSS as kept in the cache folder: one on a disk that
    stopped answering (its every call never returns) is given ANSWER_WAIT once, then left
    alone for the process; the levels are read as TOML."""
    import os
    import threading
    import time

    from dartfit import cache

    dead = tmp_path / "dead"
    monkeypatch.setenv(CACHE_ENV, str(dead))
    monkeypatch.setattr(cache, "ANSWER_WAIT", 0.2)
    never = threading.Event()
    exists = os.path.exists

    def stalls(path: object) -> bool:
        if str(path).startswith(str(dead)):
            never.wait()
        return exists(path)  # type: ignore[arg-type]

    monkeypatch.setattr(cache.os.path, "exists", stalls)
    started = time.monotonic()
    try:
        assert load_levels(SHIPPED) and read_toml(sorted(SHIPPED.glob("*.toml"))[0])
    finally:
        never.set()
    assert time.monotonic() - started < 5
    assert cache._answered.pop(dead) is False and not dead.exists()


def test_no_thread_to_ask_the_cache_folder_on_reads_the_levels_as_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `ulimit -v` no thread could start to ask the cache folder: `dartfit levels`
    said the first level file was "not valid TOML: RuntimeError: can't start new thread"."""
    from dartfit import cache
    from dartfit.steady import in_turn

    def no_thread(*_: object) -> bool:
        raise RuntimeError("can't start new thread")

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(in_turn, "within", no_thread)
    file = sorted(SHIPPED.glob("*.toml"))[0]
    assert read_toml(file) == tomllib.loads(file.read_text(encoding="utf-8"))
    assert cache._answered.pop(tmp_path / "cache") is False
