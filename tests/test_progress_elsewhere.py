"""Progress that can't be saved in its folder (the folder made a file, unwritable) is kept
in the cache folder, else the player's own in the temporary one, and added to the folder's
progress.json by the next save that reaches it, in this game or the next."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

from dartfit.cache import CACHE_ENV
from dartfit.progress import SaveResult, elsewhere
from dartfit.progress.elsewhere import KEPT_FOLDER, Elsewhere
from dartfit.progress.model import Progress
from tests.test_progress import store_in, win

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="users with numbers")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return tmp_path / "cache"


def _broken(data: Path) -> None:
    """The data folder removed and a file put in its place (root writes anywhere else)."""
    shutil.rmtree(data)
    data.write_text("")


def _mended(data: Path) -> None:
    data.unlink()
    data.mkdir()


def a_win_as_the_folder_breaks(tmp_path: Path) -> tuple[Path, SaveResult]:
    """A game started on a data folder that breaks before its first win: the folder, and
    what came of the win's save."""
    data = tmp_path / "data"
    data.mkdir()
    store = store_in(data)
    loaded = store.load().progress
    _broken(data)
    return data, store.update(loaded, lambda p: p.record("first", win(3, 0.1, 4)))


def kept_files(cache: Path) -> list[Path]:
    return sorted((cache / KEPT_FOLDER).glob("*.json"))


def test_wins_kept_elsewhere_in_play_are_added_in_by_the_next_save_that_reaches_the_folder(
    tmp_path: Path, cache: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    store = store_in(data)
    progress = store.update(
        store.load().progress, lambda p: p.record("first", win(1, 2, 9))
    ).progress
    _broken(data)
    one = store.update(progress, lambda p: p.record("second", win(3, 0.1, 4)))
    two = store.update(one.progress, lambda p: p.record("third", win(2, 0.5, 5)))
    assert one.elsewhere and two.elsewhere and two.saved
    (kept,) = kept_files(cache)
    assert kept.name.startswith("data-") and f"kept in {kept} meanwhile" in (two.warning or "")
    assert set(json.loads(kept.read_text())["levels"]) == {"first", "second", "third"}
    _mended(data)  # the folder is back mid-game: the next change saves everything
    three = store.update(two.progress, lambda p: p.with_setting("theme", "textual-light"))
    assert (
        three.saved and not three.elsewhere and "added the progress kept" in (three.warning or "")
    )
    on_disk = store_in(data).load()
    assert set(on_disk.progress.levels) == {"first", "second", "third"}
    assert on_disk.warning is None and kept_files(cache) == []


def test_the_temporary_folder_keeps_them_when_the_cache_folder_cannot(
    tmp_path: Path, cache: Path
) -> None:
    cache.write_text("a file where the cache folder goes")
    data, outcome = a_win_as_the_folder_breaks(tmp_path)
    own = tmp_path / "tmp" / f"dartfit-{os.getuid()}"
    (kept,) = (own / KEPT_FOLDER).iterdir()
    assert outcome.elsewhere and str(kept) in (outcome.warning or "")
    assert own.stat().st_mode & 0o777 == 0o700  # the player's alone
    _mended(data)
    again = store_in(data).load()  # the next game
    assert again.progress.get("first").stars == 3 and not kept.exists()


@pytest.mark.parametrize("whose", ["open to all", "a link"])
def test_a_temporary_folder_others_may_write_in_is_never_used(
    tmp_path: Path, cache: Path, whose: str
) -> None:
    """Another user could have made /tmp/dartfit-<uid> first, to read or feed the saves."""
    cache.write_text("a file where the cache folder goes")
    own = tmp_path / "tmp" / f"dartfit-{os.getuid()}"
    if whose == "a link":
        (tmp_path / "theirs").mkdir()
        own.symlink_to(tmp_path / "theirs")
    else:
        own.mkdir()
        own.chmod(0o777)
    _, outcome = a_win_as_the_folder_breaks(tmp_path)
    assert not outcome.saved and not outcome.elsewhere and "try again" in (outcome.warning or "")
    assert list(tmp_path.rglob(KEPT_FOLDER)) == []


def test_a_kept_file_that_cannot_be_read_is_left_as_it_is(tmp_path: Path, cache: Path) -> None:
    data, _ = a_win_as_the_folder_breaks(tmp_path)
    (kept,) = kept_files(cache)
    kept.write_bytes(b"[" * 100_000)
    _mended(data)
    again = store_in(data)
    result = again.update(again.load().progress, lambda p: p.record("second", win(1, 2, 9)))
    assert result.saved and not result.elsewhere
    assert kept.read_bytes() == b"[" * 100_000  # for a dartfit that can read it


def test_what_was_kept_merges_as_another_window_s_would(tmp_path: Path, cache: Path) -> None:
    """Kept before a reset made in another window: the reset wins, as it does between two
    windows; kept after it: its wins are added."""
    data = tmp_path / "data"
    data.mkdir()
    store = store_in(data)
    loaded = store.update(store.load().progress, lambda p: p.record("first", win(3, 0.1, 4)))
    _broken(data)
    store.update(loaded.progress, lambda p: p.record("second", win(3, 0.1, 4)))
    _mended(data)
    other = store_in(data)
    other.update(other.load().progress, lambda p: p.reset_all())
    merged = store_in(data).load().progress
    assert merged.levels == {} and merged.resets == 1 and kept_files(cache) == []
    _broken(data)
    store.update(merged, lambda p: p.record("third", win(2, 0.5, 5)))
    _mended(data)
    assert set(store_in(data).load().progress.levels) == {"third"}


def test_a_newer_dartfit_s_save_is_never_overwritten_and_a_win_is_kept_elsewhere(
    tmp_path: Path, cache: Path
) -> None:
    """A newer dartfit's save is left as it is, and each win was lost (said, at the end):
    it is kept elsewhere, played on in the next game while the newer save is there, and
    added to the player's own save once it is gone."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "progress.json").write_text(json.dumps({"schema": 99, "levels": {}}))
    store = store_in(data)
    outcome = store.update(store.load().progress, lambda p: p.record("first", win(3, 0.1, 4)))
    assert outcome.saved and outcome.elsewhere
    (kept,) = kept_files(cache)
    assert str(kept) in (outcome.warning or "")
    assert json.loads((data / "progress.json").read_text())["schema"] == 99
    assert store_in(data).load().progress.get("first").stars == 3  # played on
    assert json.loads((data / "progress.json").read_text())["schema"] == 99
    (data / "progress.json").unlink()
    assert store_in(data).load().progress.get("first").stars == 3
    assert not kept.exists()  # added to the player's save, and so no longer kept apart


def test_two_windows_on_a_broken_folder_keep_both_wins(tmp_path: Path, cache: Path) -> None:
    """Two games on one folder that breaks: each keeps its win in the same copy, neither
    writes the other's out, and the next start adds both."""
    data = tmp_path / "data"
    data.mkdir()
    one, two = store_in(data), store_in(data)
    first, second = one.load().progress, two.load().progress
    _broken(data)
    one.update(first, lambda p: p.record("first", win(3, 0.1, 4)))
    two.update(second, lambda p: p.record("second", win(2, 0.5, 5)))
    one.update(first, lambda p: p.record("first", win(3, 0.05, 4)))  # a better run, later
    (kept,) = kept_files(cache)
    _mended(data)
    merged = store_in(data).load().progress
    assert set(merged.levels) == {"first", "second"} and merged.get("first").best_mse == 0.05
    assert not kept.exists()


@pytest.mark.parametrize(
    ("bad", "why"),
    [(b"{garbage", "line 1"), (b'{"schema": 99, "levels": {}}', "a newer dartfit")],
)
def test_a_kept_file_that_cannot_be_read_is_said_at_start_and_never_written_over(
    tmp_path: Path, cache: Path, bad: bytes, why: str
) -> None:
    """A garbled copy, or a newer dartfit's, was passed over unsaid at start, and the next
    win kept while the folder was broken again wrote over it."""
    data, _ = a_win_as_the_folder_breaks(tmp_path)
    (kept,) = kept_files(cache)
    kept.write_bytes(bad)
    _mended(data)
    store = store_in(data)
    loaded = store.load()
    said = loaded.warning or ""
    assert said.count(str(kept)) == 1 and why in said and "left as it is" in said
    _broken(data)
    outcome = store.update(loaded.progress, lambda p: p.record("second", win(1, 2, 9)))
    assert outcome.elsewhere and kept.read_bytes() == bad
    _mended(data)
    assert store_in(data).load().progress.get("second").stars == 1


@pytest.mark.parametrize(
    "how", ["folder open to all", "file open to all", "another's file", "a link to a file"]
)
def test_a_kept_file_others_could_write_is_never_added_in(
    tmp_path: Path, cache: Path, how: str
) -> None:
    """A cache folder users share (DARTFIT_CACHE_DIR): another could plant a file of kept
    progress there, which the player's next game added to their progress.json."""
    data = tmp_path / "data"
    data.mkdir()
    name = store_in(data).elsewhere.places[0].name
    planted = cache / KEPT_FOLDER / name
    planted.parent.mkdir(parents=True)
    if how == "a link to a file":
        theirs = tmp_path / "theirs.json"
        planted.symlink_to(theirs)
    else:
        theirs = planted
    theirs.write_text(json.dumps({"schema": 1, "levels": {"first": {"stars": 3}}}))
    if how == "folder open to all":
        planted.parent.chmod(0o777)
    elif how == "file open to all":
        planted.chmod(0o666)
    elif how == "another's file":
        os.chown(planted, os.getuid() + 1, -1)
    loaded = store_in(data).load()
    assert loaded.progress.get("first").stars == 0, how
    assert json.loads(theirs.read_text())["levels"]["first"]["stars"] == 3  # left as it is


def test_two_games_keeping_a_win_at_one_moment_keep_both(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second of two games that keep a win elsewhere at one moment waits for the first's
    write and adds to it: each had read the kept file before the other wrote it, and the
    later write lost the earlier win."""
    home = tmp_path / "data"
    one, two = Elsewhere(home), Elsewhere(home)
    one_has_read, go_on = threading.Event(), threading.Event()
    encode = elsewhere.encode

    def slow_for_one(progress: Progress) -> bytes:  # the first game, between read and write
        if threading.current_thread().name == "one":
            one_has_read.set()
            go_on.wait(10)
        return encode(progress)

    monkeypatch.setattr(elsewhere, "encode", slow_for_one)
    first = threading.Thread(
        target=one.keep, args=(Progress().record("first", win(3, 0.1, 4)),), name="one"
    )
    second = threading.Thread(
        target=two.keep, args=(Progress().record("second", win(2, 0.5, 5)),), name="two"
    )
    first.start()
    assert one_has_read.wait(10)
    second.start()
    second.join(0.5)  # long enough for it to write, unless it waits for the first
    go_on.set()
    first.join(10)
    second.join(10)
    found = one.read()
    assert found is not None and set(found.progress.levels) == {"first", "second"}


def _keep_wins(
    home: Path, cache: Path, game: int, start: multiprocessing.synchronize.Barrier
) -> None:
    """A game that keeps ten wins elsewhere, one after another, from the same moment as others."""
    os.environ[CACHE_ENV] = str(cache)
    kept = Elsewhere(home)
    start.wait(10)
    for level in range(10):
        kept.keep(Progress().record(f"game{game}-{level}", win(3, 0.1, 4)))


def test_games_in_other_processes_keeping_wins_at_once_lose_none(
    tmp_path: Path, cache: Path
) -> None:
    """Three games keep ten wins each at once, as three windows whose folder broke would: every
    win is kept (without the lock a third of them were)."""
    home = tmp_path / "data"
    context = multiprocessing.get_context("fork")
    start = context.Barrier(3)
    games = [context.Process(target=_keep_wins, args=(home, cache, n, start)) for n in range(3)]
    for game in games:
        game.start()
    for game in games:
        game.join(30)
    assert [game.exitcode for game in games] == [0, 0, 0]
    found = Elsewhere(home).read()
    assert found is not None and len(found.progress.levels) == 30


def test_a_folder_of_kept_files_that_cannot_be_looked_into_never_stops_a_keep(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary folder's kept files behind a folder the player may not look into
    (another's, say): looking for it to lock raised PermissionError, and a keep at a win must
    never raise. The win is kept in the cache folder."""
    stat = os.stat

    def refused(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(path).startswith(str(tmp_path / "tmp")):
            raise PermissionError(13, "Permission denied", str(path))
        return stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", refused)
    place = Elsewhere(tmp_path / "data").keep(Progress().record("first", win(3, 0.1, 4)))
    assert place is not None and cache in place.parents
