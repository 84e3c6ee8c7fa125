"""What the cache folder holds is read only from files that are the player's alone: a cache
folder users share ($DARTFIT_CACHE_DIR set to one) let another plant a file there, which the
game took as its own (parsed CSS is a pickle: loading a planted one runs its code)."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from dartfit import stylesheet
from dartfit.cache import CACHE_ENV, keep, read_kept
from dartfit.levels import drawn, figures
from dartfit.levels.raw import FOLDER, read_toml
from dartfit.levels.spec import Generator

Plant = Callable[[Path], None]


def _writable_by_the_group(file: Path) -> None:
    file.chmod(0o664)


def _another_users(file: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("only root can give a file to another user")
    os.chown(file, 4242, -1)
    file.chmod(0o644)


PLANTS = [_writable_by_the_group, _another_users]


class _Runs:
    """A pickle that makes `marker` when it is loaded (what a planted one could do)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


@pytest.mark.parametrize("plant", PLANTS)
def test_a_planted_file_of_css_rules_is_not_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plant: Plant
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    key = ("Screen { width: 5; }",)
    stylesheet.keep_rules(key, [])
    assert stylesheet.cached_rules(key) == []  # the player's own file is read
    (file,) = (tmp_path / "cache" / stylesheet.FOLDER).iterdir()
    marker = tmp_path / "ran"
    file.write_bytes(pickle.dumps(_Runs(marker)))
    plant(file)
    assert stylesheet.cached_rules(key) is None
    assert not marker.exists()


@pytest.mark.parametrize("plant", PLANTS)
def test_a_planted_table_of_toml_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plant: Plant
) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    level = tmp_path / "a.toml"
    level.write_text('title = "A"\n')
    assert read_toml(level) == {"title": "A"}
    (file,) = (tmp_path / "cache" / FOLDER).iterdir()
    file.write_text(json.dumps({"title": "Planted"}))
    assert read_toml(level) == {"title": "Planted"}  # the player's own file is read back
    plant(file)
    assert read_toml(level) == {"title": "A"}


@pytest.mark.parametrize("plant", PLANTS)
def test_planted_figures_and_points_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plant: Plant
) -> None:
    """Figures and points are kept as every file of the cache folder is (`cache.keep`)."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    keep(figures.FOLDER, "a figure", b"0.5")
    assert read_kept(figures.FOLDER, "a figure", 64) == b"0.5"
    (kept,) = (tmp_path / "cache" / figures.FOLDER).iterdir()
    plant(kept)
    assert read_kept(figures.FOLDER, "a figure", 64) is None

    g = Generator(n=3, seed=1, x_min=0.0, x_max=1.0, slope=1.0, intercept=0.0, noise=0.0)
    zeros = (np.zeros(3), np.zeros(3))
    drawn.kept_points(g, lambda: zeros)
    assert drawn.kept_points(g, _not_drawn)[0].tobytes() == zeros[0].tobytes()  # read back
    (points,) = (tmp_path / "cache" / drawn.FOLDER).iterdir()
    plant(points)
    again = np.ones(3)
    assert drawn.kept_points(g, lambda: (again, again))[0].tobytes() == again.tobytes()


def _not_drawn() -> tuple[np.ndarray, np.ndarray]:
    raise AssertionError("drawn again, though kept")


def test_a_file_kept_over_one_others_may_write_is_the_players_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file replaced keeps its permissions, as a save does: a planted file of rules that
    others may write was refused, and each file kept over it was as open, refused again at
    every start (the CSS parsed each time, for good)."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    key = ("Screen { width: 5; }",)
    stylesheet.keep_rules(key, [])
    (file,) = (tmp_path / "cache" / stylesheet.FOLDER).iterdir()
    file.chmod(0o666)
    assert stylesheet.cached_rules(key) is None
    stylesheet.keep_rules(key, [])  # parsed again, and kept
    assert stylesheet.cached_rules(key) == []
    assert file.stat().st_mode & 0o077 == 0


def test_a_prune_removes_only_the_keepers_own_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder given as one of the player's own ($DARTFIT_CACHE_DIR=~), whose
    subfolder is a folder of theirs: keeping files there pruned its oldest files, whatever
    they were (a review; a subfolder planted as a link to one is not written in at all). The
    keeper's own files still go: the oldest beyond its count, and, once stale, what a writer
    killed mid-write left, and the points kept as <digest>.npy before they were kept here."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    theirs = tmp_path / "planted"
    theirs.mkdir()
    digest = "0" * 64
    names = ["notes.txt", ".notes.txt.abcdefgh.tmp", f"{digest}.txt", f"x{digest}"]
    old_npy, half_written = f"{'1' * 64}.npy", f".{'2' * 64}.abcdefgh.tmp"
    for name in [*names, old_npy, half_written]:
        (theirs / name).write_text("the player's own")
        os.utime(theirs / name, (1.0, 1.0))  # older than anything kept, and stale
    for i in range(6):
        keep("planted", f"stamp {i}", b"kept", 2)
    assert sorted(p.name for p in theirs.iterdir() if p.name in names) == sorted(names)
    assert not (theirs / old_npy).exists()
    assert not (theirs / half_written).exists()
    assert read_kept("planted", "stamp 5", 64) == b"kept"


@pytest.mark.parametrize("planted", ["a-link", "anothers"])
def test_nothing_is_kept_in_a_subfolder_that_is_not_the_players_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, planted: str
) -> None:
    """Another user of a shared cache folder planted a subfolder as a link to a folder of the
    player's (or of their own), or made it theirs: the game wrote its files there (a review)."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    if planted == "a-link":
        (tmp_path / "cache" / "points").symlink_to(elsewhere)
    else:
        if os.getuid() != 0:
            pytest.skip("only root can give a folder to another user")
        elsewhere = tmp_path / "cache" / "points"
        elsewhere.mkdir()
        os.chown(elsewhere, 4242, -1)
    keep("points", "a stamp", b"kept")
    assert list(elsewhere.iterdir()) == []
    assert read_kept("points", "a stamp", 64) is None


def test_a_subfolder_kept_in_is_the_players_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made by the keeper, a subfolder is the player's alone, whatever the umask."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    keep("points", "a stamp", b"kept")
    assert (tmp_path / "cache" / "points").stat().st_mode & 0o077 == 0
    assert read_kept("points", "a stamp", 64) == b"kept"
