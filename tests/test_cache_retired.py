"""A file older dartfits kept in the cache folder itself (figures.json, a big level's figures)
is read by none now: it was left there for good. It is removed once, and only where it is
the keeper's own: a regular file of the player's, holding what it held, never through a
link."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from dartfit import cache

OLD = {"a" * 64: 1.5, "b" * 64: 2.0}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    return folder


def test_the_old_figures_file_is_removed_once(home: Path) -> None:
    old = home / cache.RETIRED
    old.write_text(json.dumps(OLD))
    stale = home / ".figures.json.x1y2.tmp"
    stale.write_text("{")
    os.utime(stale, (time.time() - 2 * cache.STALE,) * 2)
    fresh = home / ".figures.json.z3.tmp"  # another old start's, at work
    fresh.write_text("{")
    assert cache.live_cache_dir() == home
    assert not old.exists() and not stale.exists() and fresh.exists()
    old.write_text(json.dumps(OLD))  # an older dartfit's, since: this process looks once
    assert cache.live_cache_dir() == home and old.exists()


@pytest.mark.parametrize("held", [{"a" * 64: "x"}, {"name": 1.0}, [1.0], "a poem"])
def test_a_file_of_that_name_holding_anything_else_is_left(home: Path, held: object) -> None:
    other = home / cache.RETIRED
    other.write_text(json.dumps(held) if held != "a poem" else held)
    cache.live_cache_dir()
    assert other.exists()


def test_a_link_there_or_as_the_folder_removes_nothing(tmp_path: Path, monkeypatch) -> None:
    """A shared cache folder where another user planted a link, named so, to a file of the
    player's; or the cache folder itself a link to a folder of the player's."""
    players = tmp_path / "players"
    players.mkdir()
    theirs = players / cache.RETIRED
    theirs.write_text(json.dumps(OLD))
    linked = tmp_path / "linked"
    linked.symlink_to(players)
    monkeypatch.setenv(cache.CACHE_ENV, str(linked))
    assert cache.live_cache_dir() == linked and theirs.exists()
    home = tmp_path / "cache"
    home.mkdir()
    (home / cache.RETIRED).symlink_to(theirs)
    monkeypatch.setenv(cache.CACHE_ENV, str(home))
    assert cache.live_cache_dir() == home
    assert theirs.exists() and (home / cache.RETIRED).is_symlink()


def test_another_users_file_is_left(home: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("only root can give a file to another user")
    other = home / cache.RETIRED
    other.write_text(json.dumps(OLD))
    os.chown(other, 4242, -1)
    cache.live_cache_dir()
    assert other.exists()
