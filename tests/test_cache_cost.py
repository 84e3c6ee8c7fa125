"""What keeping a file in the cache folder costs: never a wait for the disk, and not a look
at every file there for each one kept (`dartfit check` of 800 files: 9.6 s against 4.6 s
with no cache folder, 2.6 s of it syncing the folder and 1.7 s looking at its files)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dartfit import cache
from dartfit.cache import CACHE_ENV


def test_a_file_kept_is_not_synced_to_the_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    cache.keep("kept", "a", b"1")
    assert cache.read_kept("kept", "a", 10) == b"1"
    assert synced == []


def test_files_kept_look_at_the_folder_now_and_then_and_stay_within_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    looks: list[object] = []
    scandir = os.scandir

    def counted(path: str) -> object:
        looks.append(path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counted)
    for n in range(100):
        cache.keep("many", str(n), b"1")
    assert len(list((tmp_path / "many").iterdir())) == 100
    assert len(looks) <= 100 // (cache.MOST_FILES // 8) + 1
    monkeypatch.setattr(cache, "MOST_FILES", 16)
    for n in range(40):
        cache.keep("few", str(n), b"1")
        assert len(list((tmp_path / "few").iterdir())) <= 16
    assert cache.read_kept("few", "39", 10) == b"1"  # the newest kept
