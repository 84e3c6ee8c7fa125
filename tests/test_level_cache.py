"""A level file read before, by the same code, is taken from the cache as its finished spec
(a sixth of the title's time to its first frame went on reading the campaign); a changed
file, changed code, or a damaged, foreign or unwritable cache means reading it afresh, and
`dartfit check` always reads it afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import msgspec
import pytest

from dartfit.levels import LevelError, figures, load, load_levels, parsed
from dartfit.levels.raw import read_toml
from tests.conftest import SHIPPED


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(figures.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(load, "_READ", {})
    parsed.forget()
    yield tmp_path / "cache"
    parsed.forget()


@pytest.fixture
def levels(tmp_path: Path) -> Path:
    folder = tmp_path / "levels"
    shutil.copytree(SHIPPED, folder, ignore=shutil.ignore_patterns("checks"))
    return folder


def new_start() -> None:
    """As a new process: nothing read in memory, the cache file read again."""
    load._READ.clear()
    parsed.forget()


def no_toml(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Count the level files read as TOML from here on."""
    read: list[Path] = []
    monkeypatch.setattr(load, "read_toml", lambda file: read.append(file) or read_toml(file))
    return read


def test_a_second_start_reads_no_level_file_as_toml(cache, levels, monkeypatch) -> None:
    first = load_levels(levels)
    assert (cache / parsed.FILE).is_file()
    new_start()
    read = no_toml(monkeypatch)
    again = load_levels(levels)
    assert read == []
    assert [lv.spec for lv in again] == [lv.spec for lv in first]
    assert [(lv.number, lv.path) for lv in again] == [(lv.number, lv.path) for lv in first]
    assert again[4].y.tolist() == first[4].y.tolist()  # the same points, made from the spec


def test_a_changed_file_is_read_afresh_and_its_problem_said(cache, levels, monkeypatch) -> None:
    load_levels(levels)
    new_start()
    file = sorted(levels.glob("*.toml"))[2]
    file.write_text(file.read_text(encoding="utf-8").replace("kind =", "kind = 7 #"), "utf-8")
    read = no_toml(monkeypatch)
    with pytest.raises(LevelError) as raised:
        load_levels(levels)
    assert read[-1] == file and str(raised.value.path) == str(file)


def test_other_code_reads_every_file_afresh(cache, levels, monkeypatch) -> None:
    load_levels(levels)
    new_start()
    monkeypatch.setattr(parsed, "code_stamp", lambda: "another version")
    read = no_toml(monkeypatch)
    load_levels(levels)
    assert len(read) == len(list(levels.glob("*.toml")))


@pytest.mark.parametrize(
    "damage",
    [b"", b"\x00" * 50, msgspec.msgpack.encode([1, 2]), msgspec.msgpack.encode({"k": 3})],
)
def test_a_damaged_cache_means_reading_again_never_an_error(
    cache, levels, monkeypatch, damage
) -> None:
    load_levels(levels)
    kept = msgspec.msgpack.decode((cache / parsed.FILE).read_bytes())
    new_start()
    (cache / parsed.FILE).write_bytes(damage)
    read = no_toml(monkeypatch)
    assert len(load_levels(levels)) == len(kept)
    assert len(read) == len(kept)
    new_start()  # and a spec that no longer decodes as one (a field of the wrong type)
    (cache / parsed.FILE).write_bytes(msgspec.msgpack.encode(dict.fromkeys(kept, b"\x93")))
    assert len(load_levels(levels)) == len(kept)


def test_an_unwritable_cache_folder_only_means_reading_again(cache, levels) -> None:
    cache.parent.mkdir(exist_ok=True)
    cache.write_text("a file where the folder would be")
    assert len(load_levels(levels)) == len(list(levels.glob("*.toml")))
    new_start()
    assert len(load_levels(levels)) == len(list(levels.glob("*.toml")))


def test_check_reads_every_file_afresh(cache, levels, monkeypatch) -> None:
    load_levels(levels)
    new_start()
    read = no_toml(monkeypatch)
    reports = [load.inspect_level(p) for p in sorted(levels.glob("*.toml"))]
    assert all(r.level is not None for r in reports)
    assert len(read) == len(reports)


def test_a_level_too_big_to_keep_is_read_every_time_never_an_error(cache, levels) -> None:
    """A seed of 200 digits (a hostile file) plays, and msgpack can't hold it: the level
    is not kept (OverflowError had ended the load), and loads again as it did."""
    file = next(levels.glob("01-*.toml"))
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("seed = 11\n", "seed = 11" + "7" * 200 + "\n"), "utf-8")
    first = load_levels(levels)
    new_start()
    again = load_levels(levels)
    assert again[0].spec == first[0].spec and again[0].spec.darts.seed > 2**64
