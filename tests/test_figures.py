"""A big level's figures are worked out once and kept between runs, keyed on its spec; a
damaged, foreign or unwritable cache only means working them out again."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec
import pytest

from dartfit.cache import CACHE_ENV, _kept_path, cache_dir
from dartfit.kinds import rules_of
from dartfit.levels import Level, figures, load
from dartfit.levels.level import BIG
from dartfit.rules import scoring
from tests.conftest import SHIPPED

MILLION = next(SHIPPED.glob("*-million.toml"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(load, "_READ", {})  # each load below reads its file again
    return tmp_path / "cache"


@pytest.fixture
def big(tmp_path: Path) -> Path:
    """The million-point level made just big enough to be kept (quicker to make)."""
    path = tmp_path / MILLION.name
    text = MILLION.read_text(encoding="utf-8")
    path.write_text(text.replace("n = 1000000", f"n = {BIG}"), encoding="utf-8")
    return path


def fresh(path: Path = MILLION) -> Level:
    """The level as a new process loads it: nothing worked out, no points made."""
    load._READ.clear()
    return load.load_level(path, 1)


def made(level: Level) -> bool:
    return "_xy" in level.__dict__


def kept_file(level: Level, name: str = "optimum") -> Path:
    """Where the level's figure `name` is kept."""
    path = _kept_path(figures.FOLDER, figures._stamp(level, name))
    assert path is not None
    return path


def test_a_big_levels_best_value_is_worked_out_once_then_read_without_making_points(cache) -> None:
    first = fresh()
    target = scoring.target_value(first)
    assert made(first) and kept_file(first).is_file()  # the million made, this once
    again = fresh()
    assert again is not first
    assert scoring.target_value(again) == target
    assert scoring.optimum(again) == scoring.optimum(first)
    assert not made(again)  # read, not made again


def test_another_spec_is_another_figure(cache, big) -> None:
    level = fresh(big)
    scoring.optimum(level)
    data = level.spec.data
    assert data is not None and data.generate is not None
    noisier = msgspec.structs.replace(data.generate, noise=2 * data.generate.noise)
    spec = msgspec.structs.replace(level.spec, data=msgspec.structs.replace(data, generate=noisier))
    other = Level(level.number, level.path, spec, level.points)
    assert figures.kept(other, "optimum", lambda: 123.0) == 123.0  # not the first's
    assert figures.kept(other, "optimum", lambda: 456.0) == 123.0  # now kept


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"[" * 100_000,
        b"seven",
        b"\xff\xfe7",
        b"1e999",
        b"nan",
        b"-inf",
        b"9" * 400,
        b"0." + b"1" * 5000,
    ],
    ids=[
        "empty",
        "deep",
        "a-word",
        "not-utf8",
        "infinite",
        "nan",
        "minus-infinity",
        "huge-number",
        "5000-digits",
    ],
)
def test_a_damaged_cache_is_worked_around_and_replaced(cache, big, content: bytes) -> None:
    level = fresh(big)
    worked_out = rules_of(level).optimum(level)
    file = kept_file(level)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(content)
    file.chmod(0o600)  # the player's own file (one others may write is not read at all)
    assert scoring.optimum(fresh(big)) == worked_out
    assert float(file.read_text()) == worked_out


def test_a_cached_figure_under_the_right_key_is_used_as_it_is(cache, big) -> None:
    """The key is the whole spec, numpy's version and dartfit's code: a figure found under
    it is the level's (here, a planted one shows that it is read, not worked out)."""
    level = fresh(big)
    plant(level, "optimum", 7.25)
    assert scoring.optimum(level) == 7.25 and not made(level)


def plant(level: Level, name: str, value: float) -> None:
    """Keep `value` as the level's figure `name`, as the game keeps it."""
    file = kept_file(level, name)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(repr(value))
    file.chmod(0o600)


def test_an_unwritable_cache_folder_only_means_working_it_out(cache, big) -> None:
    cache.write_text("a file where the folder should be")
    level = fresh(big)
    assert scoring.optimum(level) == rules_of(level).optimum(level) and made(level)


def test_a_small_levels_figures_are_never_kept(cache) -> None:
    """(Its points are: `levels.drawn`, tests/test_kept_points.py.)"""
    scoring.target_value(fresh(SHIPPED / "05-first-line.toml"))
    assert not (cache / figures.FOLDER).exists()


@pytest.mark.parametrize("what", ["fifo", "device", "folder"])
def test_something_else_where_the_file_should_be_is_never_read(cache, big, what: str) -> None:
    """A FIFO would block a reader for ever, a device (/dev/zero) never end: neither is read."""
    path = kept_file(fresh(big))
    path.parent.mkdir(parents=True)
    if what == "fifo":
        os.mkfifo(path)
    elif what == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    level = fresh(big)
    assert scoring.optimum(level) == rules_of(level).optimum(level)


@pytest.mark.parametrize("where", ["~nosuchuser-dartfit/x", None], ids=["unknown-user", "no-home"])
def test_no_cache_folder_to_be_had_only_means_working_it_out(
    cache, big, monkeypatch, where: str | None
) -> None:
    """`env -i` for a user missing from the password file has no home, so no cache folder:
    `dartfit levels` and the level list crashed with "could not determine home directory"."""
    if where is None:
        monkeypatch.delenv(CACHE_ENV)
        monkeypatch.delenv("HOME", raising=False)
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.setattr("pwd.getpwuid", _no_such_user)
    else:
        monkeypatch.setenv(CACHE_ENV, where)
    assert cache_dir() is None
    level = fresh(big)
    assert scoring.optimum(level) == rules_of(level).optimum(level)


def _no_such_user(uid: int) -> object:
    raise KeyError(f"getpwuid(): uid not found: {uid}")


def test_a_half_written_file_left_by_a_killed_writer_is_swept_away(cache, big) -> None:
    folder = cache / figures.FOLDER
    folder.mkdir(parents=True)
    digest = "0" * 64  # a kept file's name (the keeper's prune touches no other)
    old, new = folder / f".{digest}.old.tmp", folder / f".{digest}.new.tmp"
    for temp in (old, new):
        temp.write_text("{")
    os.utime(old, (0, 0))
    scoring.optimum(fresh(big))
    assert not old.exists() and new.exists()  # another writer's, still at work, is kept


def test_a_cache_folder_that_is_not_absolute_is_none(monkeypatch: pytest.MonkeyPatch) -> None:
    """Older platformdirs with no home answered "~/.cache/dartfit", and XDG_CACHE_HOME=rel
    "rel/dartfit": a folder that would be made wherever dartfit was started."""
    import platformdirs

    monkeypatch.delenv(CACHE_ENV, raising=False)
    for answer in ("~/.cache/dartfit", "rel/dartfit"):
        monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name, a=answer: a)
        assert cache_dir() is None
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda name: "/tmp/x/dartfit")
    assert cache_dir() == Path("/tmp/x/dartfit")


@pytest.mark.parametrize(
    ("optimum", "start"), [(-3.0, None), (-3.0, 9.5), (12.0, 9.5), (0.5, -1.0)]
)
def test_a_kept_figure_that_cannot_be_the_levels_is_worked_out_again(
    cache, big, optimum: float, start: float | None
) -> None:
    """A hostile check: the cache edited to an optimum of −3 made the million-point level's
    target MSE ≤ −3.06, a level no one could win. A metric below 0, or an optimum above the
    start, is worked out again (and the file mended)."""
    level = fresh(big)
    plant(level, "optimum", optimum)
    if start is not None:
        plant(level, "start", start)
    worked_out = rules_of(level).optimum(level)
    assert scoring.optimum(fresh(big)) == worked_out >= 0
    assert scoring.target_value(fresh(big)) > 0


def test_only_a_few_big_levels_keep_their_points_at_once(cache, tmp_path: Path) -> None:
    """Each big level kept its points for the whole game: a folder of them, looked through in
    the list (each one's target worked out) or played one after another, grew the game by
    32 MB a level (two million points), and 500 such levels wanted 16 GB."""
    from dartfit.levels.level import KEPT_BIG

    text = MILLION.read_text(encoding="utf-8").replace("n = 1000000", f"n = {BIG}")
    levels = []
    for k in range(KEPT_BIG + 3):
        path = tmp_path / f"{k:02d}-big.toml"
        path.write_text(text.replace("seed = 99", f"seed = {100 + k}"), encoding="utf-8")
        levels.append(fresh(path))
    first_x = levels[0].x.copy()
    first_target = scoring.target_value(levels[0])
    for level in levels[1:]:
        scoring.target_value(level)
    assert [made(level) for level in levels] == [False] * 3 + [True] * KEPT_BIG
    assert not levels[0].memo  # what was derived from its points went with them
    assert (levels[0].x == first_x).all()  # made again when needed: the same points
    assert scoring.target_value(levels[0]) == first_target
    assert made(levels[0]) and not made(levels[KEPT_BIG + 1])  # the oldest of the rest went
