"""Saved progress against hostile disks: files that break readers, held locks, symbolic links."""

import fcntl
import json
import os
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dartfit import campaign
from dartfit.levels import load_levels
from dartfit.progress import (
    CLASS_SETTING,
    MAX_FILE_BYTES,
    LevelRecord,
    LevelResult,
    LoadResult,
    Progress,
    ProgressStore,
    SaveResult,
    disk,
)
from dartfit.progress import model as progress_model
from dartfit.progress.codec import Newer, Salvaged, Unreadable, decode, encode
from dartfit.progress.file_store import LOCK_TIMEOUT, LOCK_TIMEOUT_AT_END
from tests.conftest import SHIPPED
from tests.test_progress import store_in, win

ASIDE = "progress.json.corrupt-20261124-101500"
WIN = win(2, 0.5, 9)


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return store_in(tmp_path)


def finishes_within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run work in a thread and return its value; fail if it is still running after `seconds`."""
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    return box[0]


def assert_a_fit_warning(warning: str | None) -> None:
    assert warning is not None
    assert warning.isprintable(), warning  # one line, no escape sequences from the file
    assert len(warning) < 500


# --- files that break a JSON reader ------------------------------------------------------


def nested(depth: int) -> bytes:
    return b'{"schema": 1, "settings": {"deep": ' + b"[" * depth + b"]" * depth + b"}}"


def setting(raw: bytes) -> bytes:
    return b'{"schema": 1, "settings": {"x": ' + raw + b"}}"


def level(field: bytes, raw: bytes) -> bytes:
    return b'{"schema": 1, "levels": {"intro": {"' + field + b'": ' + raw + b"}}}"


BAD_FILES = {
    "corrupt": (b'{"schema": 1, "levels": {,}', "line 1: Expecting property name"),
    "empty": (b"", "line 1: Expecting value"),
    "truncated to nothing": (b'{"schema": 1, "levels": {"intro": {"st', "line 1:"),
    "foreign": (b'{"name": "my-npm-package", "version": "1.0.0"}', 'no "schema"'),
    "wrong shape": (b'{"schema": 1, "levels": []}', "Expected `object`, got `array`"),
    "stars as a word": (b'{"schema": 1, "levels": {"a": {"stars": "many"}}}', "got `str`"),
    "a list": (b"[1, 2, 3]", "expected a JSON object, found an array"),
    "null": (b"null", "expected a JSON object, found null"),
    "true": (b"true", "expected a JSON object, found true"),
    "a number": (b"3.5", "expected a JSON object, found a number"),
    "a string": (b'"stars"', "expected a JSON object, found a string"),
    "100000 brackets": (b"[" * 100_000, "nested too deeply"),
    "100000 braces": (b'{"a":' * 100_000, "nested too deeply"),
    "a settings value nested 40 deep": (nested(40), "nested more than"),
    "a 5000-digit number": (setting(b"9" * 5000), "settings hold finite numbers only"),
    "a 5000-digit count": (level(b"presses", b"9" * 5000), "presses"),
    "a 4000-digit count": (level(b"resets", b"9" * 4000), "resets must be"),
    "a count past 2**53": (level(b"presses", str(2**64).encode()), "presses must be"),
    "a setting past 2**53": (setting(str(-(2**63)).encode()), "whole numbers"),
    "a 400-digit float": (level(b"best_mse", b"9" * 400), "out of range"),
    "1e999 as a setting": (setting(b"1e999"), "finite numbers only, got inf"),
    "-1e999 as a score": (level(b"best_score", b"-1e999"), "a finite number, got -inf"),
    "NaN as a score": (level(b"best_score", b"NaN"), "a finite number, got nan"),
    "Infinity as a setting": (setting(b"Infinity"), "finite numbers only, got inf"),
    "-Infinity as an MSE": (level(b"best_mse", b"-Infinity"), "finite number >= 0, got -inf"),
    "a lone surrogate in a setting": (setting(b'"\\ud800"'), "not valid text"),
    "a lone surrogate in a setting name": (
        b'{"schema": 1, "settings": {"\\udfff": 1}}',
        "not valid text",
    ),
    "a lone surrogate in a level id": (b'{"schema": 1, "levels": {"\\ud800": {}}}', "valid text"),
    "a surrogate deep in a setting": (setting(b'[{"k": ["ok", "\\udc80"]}]'), "not valid text"),
    "truncated UTF-16": ('{"schema": 1}'.encode("utf-16-le")[:-1], "not UTF-16-LE text"),
    "NUL bytes": (b"\x00" * 64, "line 1: Expecting value"),
    "an escape sequence in a key": (b'{"schema": 1, "levels": {"\\u001b[/]": []}}', "Expected"),
    "a time past 9999 in UTC": (
        level(b"completed_at", b'"9999-12-31T23:59:59-01:00"'),
        "a time must be within the years 1..9999 in UTC",
    ),
    "a time before year 1 in UTC": (
        level(b"completed_at", b'"0001-01-01T00:00:00+01:00"'),
        "years 1..9999",
    ),
    "a naive time": (level(b"completed_at", b'"2026-01-01T00:00:00"'), "timezone"),
    "a schema that is a float": (b'{"schema": 1.0}', "schema 1.0 is no dartfit's"),
    "a schema that is true": (b'{"schema": true}', "schema true is no dartfit's"),
    "a schema of 10**30 and nothing else": (b'{"schema": 1%s}' % (b"0" * 30), "is no dartfit's"),
}


@pytest.mark.parametrize("content, reason", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_file_that_breaks_the_reader_is_moved_aside_and_saving_goes_on(
    store: ProgressStore, content: bytes, reason: str
):
    store.path.write_bytes(content)

    result = store.load()

    assert result.progress == Progress()
    assert_a_fit_warning(result.warning)
    assert result.warning.startswith("progress.json was unreadable (")  # type: ignore[union-attr]
    assert reason in result.warning  # type: ignore[operator]
    assert result.warning.endswith(f"moved it to {ASIDE} and started fresh")  # type: ignore[union-attr]
    assert store.path.with_name(ASIDE).read_bytes() == content
    assert not store.path.exists()
    assert store.update(result.progress, lambda p: p.record("intro", WIN)).saved
    assert store_in(store.path.parent).load().progress.get("intro").stars == 2


def test_a_utf16_file_from_a_windows_editor_is_read(store: ProgressStore):
    text = '{"schema": 1, "settings": {"theme": "dark"}, "levels": {"intro": {"stars": 2}}}'
    for encoding in ("utf-16", "utf-16-le", "utf-32"):
        store.path.write_bytes(text.encode(encoding))
        result = store.load()
        assert result.warning is None
        assert result.progress.get("intro").stars == 2
        assert result.progress.settings == {"theme": "dark"}


def test_a_file_larger_than_the_cap_is_moved_aside_unread(store: ProgressStore):
    with store.path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    result = store.load()
    assert_a_fit_warning(result.warning)
    assert "larger than" in result.warning  # type: ignore[operator]
    assert store.path.with_name(ASIDE).stat().st_size == MAX_FILE_BYTES + 1


def won_levels(count: int) -> dict[str, LevelRecord]:
    return {f"level-{i}": LevelRecord.from_result(WIN) for i in range(count)}


def compact_levels(count: int) -> bytes:
    body = b",".join(b'"%d":{}' % i for i in range(count))
    return b'{"schema": 1, "levels": {' + body + b"}}"


@pytest.mark.parametrize(
    "content",
    [
        compact_levels(MAX_FILE_BYTES // 210),  # each ~210 bytes once saved, indented
        compact_levels(MAX_FILE_BYTES // 2 // 300),
        setting(b'"' + b"x" * (MAX_FILE_BYTES * 3 // 4) + b'"'),
        setting(b'"' + b"x" * (MAX_FILE_BYTES // 3) + b'"'),
    ],
    ids=["levels past the cap", "levels within it", "a long text past it", "within it"],
)
def test_a_file_that_loads_can_always_be_saved_again_though_it_grows(
    store: ProgressStore, content: bytes
):
    store.path.write_bytes(content)
    result = store.load()
    if result.warning is None:  # loaded: then saving must work, with room to grow
        more = Progress(levels={**result.progress.levels, **won_levels(2000)})
        assert store.update(more, lambda p: p.record("intro", WIN)).saved
    else:
        assert "to save" in result.warning or "once saved" in result.warning
        assert store.path.with_name(ASIDE).exists()


@pytest.mark.parametrize(
    "content",
    [
        b'{"schema": 1, "settings": {"x": [' + b"[]," * 1_000_000 + b"[]]}}",
        b'{"schema": 1, "settings": {' + b",".join(b'"k%d":0' % i for i in range(300_000)) + b"}}",
        compact_levels(350_000),
    ],
    ids=["a million lists", "300000 settings", "350000 levels"],
)
def test_a_file_stuffed_with_values_is_refused_quickly(
    store: ProgressStore, content: bytes, monkeypatch: pytest.MonkeyPatch
):
    """Refused after reading it once: never encoded whole to find out (a 100 MB encoding
    took 10 s, and then 1.4 s on every move, when the file was kept)."""
    assert len(content) < MAX_FILE_BYTES
    store.path.write_bytes(content)
    encoded: list[int] = []
    real = msgspec.json.encode

    def counted(value: object, *args: object, **kwargs: object) -> bytes:
        out = real(value, *args, **kwargs)  # type: ignore[arg-type]
        encoded.append(len(out))
        return out

    monkeypatch.setattr(msgspec.json, "encode", counted)
    result = store.load()
    assert result.warning is not None and "moved it to" in result.warning
    assert sum(encoded) <= len(content)


def test_progress_too_big_to_read_back_is_not_written(store: ProgressStore):
    big = Progress(levels=won_levels(10_000), settings={"notes": "x" * (MAX_FILE_BYTES // 2)})
    outcome = store.update(big, lambda p: p.record("intro", WIN))
    assert not outcome.saved
    assert_a_fit_warning(outcome.warning)
    assert "not saved: it would be over 4 MiB" in outcome.warning  # type: ignore[operator]
    assert outcome.progress.get("intro").stars == 2  # kept in memory
    assert not store.path.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(store: ProgressStore):
    os.mkfifo(store.path)
    try:
        result = finishes_within(5, store.load)
    except AssertionError:  # load hung on the FIFO: give it a writer so the thread can end
        os.close(os.open(store.path, os.O_WRONLY | os.O_NONBLOCK))
        raise
    assert_a_fit_warning(result.warning)
    assert "a pipe, not a file" in result.warning
    assert store.update(Progress(), lambda p: p.record("intro", WIN)).saved


def test_the_reasons_shown_to_the_player_are_one_printable_line_however_odd_the_file(
    store: ProgressStore,
):
    key = "\x1b]0;pwned\x07\n" + "k" * 10_000
    store.path.write_bytes(b'{"schema": 1, "levels": {' + msgspec.json.encode(key) + b": []}}")
    assert_a_fit_warning(store.load().warning)


# --- whatever can be built can be saved and read back -------------------------------------

odd_characters = st.sampled_from(["\ud800", "\udfff", "\x00", "\x1b", "[", "\n", "\ufeff"])
any_text = st.text(st.characters(exclude_categories=()) | odd_characters, max_size=5)
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text | st.tuples(st.integers()),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(any_text | st.integers(), children, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=any_text, value=json_like)
def test_a_setting_is_refused_at_once_or_saved_and_read_back_unchanged(
    tmp_path: Path, key: str, value: object
):
    assume(key != CLASS_SETTING)  # only a class's store lays it over: never saved, nor read
    try:
        progress = Progress().with_setting(key, value)
    except (TypeError, ValueError):
        return
    store = store_in(tmp_path)
    assert store.save(progress)
    assert store.load().progress == progress
    store.path.unlink()


@given(level_id=any_text)
def test_a_level_id_is_refused_at_once_or_saved_and_read_back_unchanged(level_id: str):
    try:
        progress = Progress().record(level_id, WIN)
    except ValueError:
        return
    assert msgspec.json.decode(msgspec.json.encode(progress), type=Progress) == progress


@pytest.mark.parametrize(
    "make",
    [
        lambda: LevelResult(completed=True, score=float("nan")),
        lambda: LevelResult(completed=True, score=float("inf")),
        lambda: LevelResult(completed=True, presses=2**53),
        lambda: LevelRecord(best_score=float("-inf")),
        lambda: LevelRecord(resets=2**64),
        lambda: Progress(resets=10**30),
    ],
)
def test_numbers_that_json_cannot_carry_are_refused_when_made(make: Callable[[], object]):
    with pytest.raises(ValueError):
        make()


def test_a_loaded_file_that_would_not_save_back_unchanged_is_moved_aside(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch
):
    # The last line of defence, should a check on settings ever miss a case.
    monkeypatch.setattr(progress_model, "_check_settings", lambda settings: None)
    store.path.write_bytes(setting(b'"\\ud800"'))
    result = store.load()
    assert_a_fit_warning(result.warning)
    assert "would not save back unchanged" in result.warning  # type: ignore[operator]
    assert store.path.with_name(ASIDE).exists()


# --- another dartfit holding the lock -----------------------------------------------------


@pytest.fixture
def held_lock(store: ProgressStore) -> Iterator[None]:
    """Hold the store's lock on another open file description, as another process would."""
    fd = os.open(store.lock_path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    yield
    os.close(fd)


def quick(store: ProgressStore) -> ProgressStore:
    return store_in(store.path.parent, lock_timeout=0.3)


def test_loading_while_another_dartfit_holds_the_lock_waits_briefly_then_reads(
    store: ProgressStore,
):
    assert store.save(Progress().record("intro", WIN))
    with open(store.lock_path, "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = finishes_within(5, quick(store).load)
    assert result.progress.get("intro").stars == 2
    assert_a_fit_warning(result.warning)
    assert "another dartfit seems to hold the save lock" in result.warning


def test_the_wait_for_the_lock_is_bounded_by_the_timeout(
    store: ProgressStore, held_lock: None, monkeypatch: pytest.MonkeyPatch
):
    """On a clock of its own (a loaded machine can't make it flaky): it waits the timeout,
    polling, and not one poll longer."""
    now = [100.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    clock = SimpleNamespace(monotonic=lambda: now[0], sleep=sleep)
    monkeypatch.setattr(disk, "time", clock)
    result = store_in(store.path.parent, lock_timeout=0.2).load()
    assert result.warning is not None and "hold the save lock" in result.warning
    assert now[0] - 100.0 == pytest.approx(0.2) and len(sleeps) >= 2


def test_the_last_save_as_the_game_ends_waits_for_a_lock_given_back_soon(store: ProgressStore):
    """A win kept from disk by another dartfit's lock is tried once more as the game ends; that
    try waited the half second a save in play waits, and a lock given back a second later
    lost the star (a hostile pass). On a clock of its own: the lock is given back 1 s into
    the last try, which keeps the win."""
    now = [100.0]
    fd = os.open(store.lock_path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    given_back_at: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds
        if given_back_at and now[0] >= given_back_at[0] and fd >= 0:
            fcntl.flock(fd, fcntl.LOCK_UN)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(disk, "time", SimpleNamespace(monotonic=lambda: now[0], sleep=sleep))
        window = store_in(store.path.parent)  # the half second of play
        won = window.update(Progress(), lambda p: p.record("a", WIN))
        assert not won.saved and now[0] - 100.0 == pytest.approx(LOCK_TIMEOUT)
        given_back_at.append(now[0] + 1.0)
        last = window.save_pending(won.progress)
    os.close(fd)
    assert last is not None and last.saved, last
    assert store_in(store.path.parent).load().progress.get("a").stars == 2
    assert LOCK_TIMEOUT < 1.0 < LOCK_TIMEOUT_AT_END


def test_a_damaged_file_is_not_moved_aside_without_the_lock(store: ProgressStore, held_lock: None):
    store.path.write_bytes(b"junk")
    result = quick(store).load()
    assert result.progress == Progress()
    assert_a_fit_warning(result.warning)
    assert "another dartfit seems to hold the save lock" in result.warning  # type: ignore[operator]
    assert "unreadable" in result.warning  # type: ignore[operator]
    assert store.path.read_bytes() == b"junk"  # the holder may be replacing it right now
    assert not store.path.with_name(ASIDE).exists()


def test_saving_while_the_lock_is_held_reports_not_saved_and_keeps_the_change(
    store: ProgressStore,
):
    window = quick(store)
    with open(store.lock_path, "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        outcome = finishes_within(
            5, lambda: window.update(Progress(), lambda p: p.record("a", WIN))
        )
        assert window.save(outcome.progress) is False
    assert isinstance(outcome, SaveResult) and not outcome.saved
    assert window.last_warning == outcome.warning
    assert outcome.progress.get("a").stars == 2
    assert "not saved" in outcome.warning  # type: ignore[operator]
    assert "another dartfit seems to hold the save lock" in outcome.warning  # type: ignore[operator]
    assert not store.path.exists()


def test_a_change_that_could_not_be_saved_is_replayed_on_the_next_save(tmp_path: Path):
    window_a, window_b = store_in(tmp_path), store_in(tmp_path, lock_timeout=0.2)
    shown_b = window_b.load().progress
    window_a.update(window_a.load().progress, lambda p: p.with_setting("show_squares", True))
    with open(window_a.lock_path, "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        missed = window_b.update(shown_b, lambda p: p.with_setting("show_squares", False))
    assert not missed.saved
    assert window_b.update(missed.progress, lambda p: p.record("a", WIN)).saved
    on_disk = store_in(tmp_path).load().progress
    assert on_disk.settings["show_squares"] is False  # the missed toggle, not window A's older one
    assert on_disk.get("a").stars == 2


HOLDER = """
import fcntl, sys, time
lock = open(sys.argv[1], "wb")
fcntl.flock(lock, fcntl.LOCK_EX)
print("holding", flush=True)
time.sleep(60)
"""


def test_a_real_second_process_holding_the_lock_does_not_freeze_load_or_save(
    store: ProgressStore,
):
    assert store.save(Progress().record("intro", WIN))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(store.lock_path)], stdout=subprocess.PIPE
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"holding\n"
        window = quick(store)
        loaded = finishes_within(5, window.load)
        outcome = finishes_within(
            5, lambda: window.update(loaded.progress, lambda p: p.reset_all())
        )
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]
    assert loaded.progress.get("intro").stars == 2
    assert "another dartfit" in (loaded.warning or "")
    assert not outcome.saved and outcome.progress.levels == {}
    assert window.update(outcome.progress, lambda p: p).saved  # the holder is gone: saved now
    assert store_in(store.path.parent).load().progress.levels == {}


# --- a progress.json that is a symbolic link ----------------------------------------------


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "dotfiles"
    folder.mkdir()
    return folder


def linked_store(tmp_path: Path, target: str | Path) -> ProgressStore:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "progress.json").symlink_to(target)
    return store_in(data)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_a_save_keeps_the_files_permissions_through_a_link_or_not(
    tmp_path: Path, elsewhere: Path, mode: int
) -> None:
    """A linked progress.json (kept in a synced folder, shared with a second account) was
    rewritten 0600 by every save."""
    target = elsewhere / "dartfit-progress.json"
    for store in (linked_store(tmp_path, target), store_in(elsewhere)):
        real = store.path.resolve()
        real.write_bytes(encode(Progress()))
        real.chmod(mode)
        assert store.update(store.load().progress, lambda p: p.record("intro", WIN)).saved
        assert stat.S_IMODE(real.stat().st_mode) == mode


def test_saving_writes_through_a_link_into_another_folder(tmp_path: Path, elsewhere: Path):
    target = elsewhere / "dartfit-progress.json"
    store = linked_store(tmp_path, target)

    assert store.update(store.load().progress, lambda p: p.record("intro", WIN)).saved
    assert store.update(Progress(), lambda p: p.with_setting("theme", "dark")).saved

    assert store.path.is_symlink() and store.path.readlink() == target
    assert msgspec.json.decode(target.read_bytes())["levels"]["intro"]["stars"] == 2
    assert sorted(p.name for p in elsewhere.iterdir()) == ["dartfit-progress.json"]
    assert sorted(p.name for p in store.path.parent.iterdir()) == [
        "progress.json",
        "progress.json.lock",
    ]
    assert store_in(store.path.parent).load().progress.settings == {"theme": "dark"}


def test_a_relative_link_through_a_chain_of_links_is_followed(tmp_path: Path, elsewhere: Path):
    (elsewhere / "current.json").symlink_to("real.json")
    store = linked_store(tmp_path, Path("..") / "dotfiles" / "current.json")
    assert store.save(Progress().record("intro", WIN))
    assert (elsewhere / "current.json").is_symlink()
    assert (elsewhere / "real.json").is_file()
    assert store.load().progress.get("intro").stars == 2


def test_a_dangling_link_is_saved_to_its_target_when_the_folder_exists(
    tmp_path: Path, elsewhere: Path
):
    store = linked_store(tmp_path, elsewhere / "new.json")
    assert store.load().warning is None
    assert store.save(Progress().record("intro", WIN))
    assert store.path.is_symlink()
    assert (elsewhere / "new.json").is_file()


def test_a_dangling_link_into_a_missing_folder_is_set_aside_and_the_win_saved_in_its_place(
    tmp_path: Path,
):
    """Its folder gone (a disk unplugged during play), each win was "not saved: ... will try
    again next save" and lost at the end (status 3). The link is set aside as it is, as any
    thing in the file's place, and the win saved (`dartfit` refuses to start on one)."""
    target = tmp_path / "unmounted" / "progress.json"
    store = linked_store(tmp_path, target)
    outcome = store.update(Progress(), lambda p: p.record("intro", WIN))
    assert outcome.saved
    assert_a_fit_warning(outcome.warning)
    assert f"links to {target}, whose folder does not exist" in outcome.warning  # type: ignore[operator]
    said = f"moved it to {ASIDE} and saved your progress in its place"  # not "started fresh"
    assert outcome.warning.endswith(said)  # type: ignore[union-attr]
    assert Path(os.readlink(store.path.with_name(ASIDE))) == target
    assert store.path.is_file() and not store.path.is_symlink()
    assert store_in(store.path.parent).load().progress.get("intro").stars == 2
    assert not (tmp_path / "unmounted").exists()


def test_a_link_into_a_file_s_folder_says_the_file_is_in_the_way() -> None:
    """progress.json linked to notes/progress.json, notes a file: its folder was said "does
    not exist" beside the file that is there. The file is named as what is in the way."""
    with tempfile.TemporaryDirectory(prefix="df-") as short:  # (a long path is cut short)
        _a_link_into_a_file_s_folder(Path(short))


def _a_link_into_a_file_s_folder(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("a file")
    target = tmp_path / "notes" / "progress.json"
    store = linked_store(tmp_path, target)
    outcome = store.update(Progress(), lambda p: p.record("intro", WIN))
    assert outcome.saved and store_in(store.path.parent).load().progress.get("intro").stars == 2
    said = f"links to {target}, whose folder can't be: {tmp_path / 'notes'} is a file"
    assert said in outcome.warning  # type: ignore[operator]
    assert (tmp_path / "notes").read_text() == "a file"


def test_a_data_folder_that_links_nowhere_is_named_as_why_nothing_was_saved(tmp_path: Path):
    """A --data-dir that was a link to a folder that is gone played on, and each win was
    "progress.json not saved: File exists" (what making the folder says of the link)."""
    (tmp_path / "data").symlink_to(tmp_path / "gone")
    store = store_in(tmp_path / "data")
    outcome = store.update(store.load().progress, lambda p: p.record("intro", WIN))
    assert outcome.elsewhere  # not in the folder: kept elsewhere until it is there
    assert_a_fit_warning(outcome.warning)
    assert "File exists" not in outcome.warning  # type: ignore[operator]
    said = f"{tmp_path / 'data'}: a link to {tmp_path / 'gone'}, which does not exist"
    assert said in outcome.warning  # type: ignore[operator]
    assert not (tmp_path / "gone").exists()


@pytest.mark.parametrize("target", ["/dev/null", "folder", "loop"])
def test_a_link_to_something_that_is_not_a_file_is_moved_aside_and_its_target_untouched(
    tmp_path: Path, target: str
):
    if target == "folder":
        (tmp_path / "folder").mkdir()
        target = str(tmp_path / "folder")
    elif target == "loop":
        (tmp_path / "loop").symlink_to(tmp_path / "data" / "progress.json")
        target = str(tmp_path / "loop")
    store = linked_store(tmp_path, target)

    result = finishes_within(5, store.load)

    assert_a_fit_warning(result.warning)
    assert f"moved it to {ASIDE}" in result.warning
    assert store.path.with_name(ASIDE).is_symlink()  # the link was moved, not what it points at
    assert Path(os.readlink(store.path.with_name(ASIDE))) == Path(target)
    assert store.save(Progress().record("intro", WIN))
    assert store.path.is_file() and not store.path.is_symlink()
    if target == "/dev/null":
        assert Path("/dev/null").is_char_device()


@pytest.mark.parametrize(
    "teacher", [{"paused": True}, {"levels": [30, 40]}, {"levels": [1, 1], "paused": True}]
)
def test_a_local_save_never_carries_a_class_s_settings(store: ProgressStore, teacher) -> None:
    """Only a class's store lays the teacher's settings over progress: in a file they would
    pause or lock a local game with no teacher to free it."""
    document = {"schema": 1, "levels": {}, "settings": {"class": teacher, "show_squares": False}}
    store.path.write_text(json.dumps(document), encoding="utf-8")
    result = store.load()
    assert result.warning is None and result.progress.settings == {"show_squares": False}
    assert not campaign.class_paused(result.progress)
    assert campaign.class_window(result.progress) is None
    assert store.update(result.progress, lambda p: p.record("intro", WIN)).saved
    assert "class" not in json.loads(store.path.read_text(encoding="utf-8"))["settings"]


BAD_RECORDS = {  # no table of fields: nothing to read a win from (damaged win fields in a
    # table are read as the win they were: WIN_FIELDS_READ)
    "a list": [1, 2, 3],
    "text": "won",
    "a number": 3,
}
MENDED_RECORDS = {  # a bad field beside the win: the field goes, the stars stay
    "an unknown field": {"completed": True, "stars": 3, "colour": "red"},
    "an MSE below 0": {"completed": True, "stars": 3, "best_mse": -1},
    "a time without a zone": {"completed": True, "stars": 3, "completed_at": "2024-01-01T00:00:00"},
    "a count that is text": {"completed": True, "stars": 3, "presses": "many"},
    # a hostile pass: two damaged fields left the record out whole, the win with it (and a
    # save of that one record went aside whole, the game started fresh)
    "two counts below 0": {"completed": True, "stars": 3, "presses": -5, "hints_used": -1},
    "every field but the win": {
        "completed": True,
        "stars": 3,
        "best_mse": -1,
        "best_score": "x",
        "presses": -5,
        "hints_used": 2.5,
        "completed_at": "never",
        "resets": -2,
        "colour": "red",
    },
}


WIN_FIELDS_READ = {  # the win's own fields damaged: read as the win they most likely were
    "stars as text": ({"completed": True, "stars": "3"}, 3),
    "stars as a float": ({"completed": True, "stars": 2.0}, 2),
    "stars past 3": ({"completed": True, "stars": 7}, 3),
    "stars below 0 on a win": ({"completed": True, "stars": -1}, 1),
    "stars null on a win": ({"completed": True, "stars": None}, 1),
    "completed as 1": ({"completed": 1, "stars": 2}, 2),
    "completed as yes": ({"completed": "yes", "stars": 3}, 3),
    "both damaged": ({"completed": "true", "stars": "2", "presses": "many"}, 2),
    # a review: 400 digits raised OverflowError and the game did not start; 1.0 and true
    # were read unlike 1 and "1"
    "stars of 400 digits": ({"completed": True, "stars": int("9" * 400)}, 1),
    "completed as 1.0": ({"completed": 1.0, "stars": 0}, 1),
    "stars as true": ({"stars": True}, 1),
}


@pytest.mark.parametrize("bad", sorted(WIN_FIELDS_READ))
def test_a_damaged_win_field_keeps_the_win(store: ProgressStore, bad: str) -> None:
    """One bad `stars` or `completed` left the whole record out: the won level was lost."""
    record, stars = WIN_FIELDS_READ[bad]
    document = json.loads(encode(Progress().record("intro", WIN)))
    document["levels"]["mended"] = record
    store.path.write_text(json.dumps(document), encoding="utf-8")
    result = store.load()
    kept = result.progress.get("mended")
    assert kept.completed and kept.stars == stars, kept
    assert "mended" in result.warning and "read as" in result.warning  # type: ignore[operator]
    assert store.load().progress == result.progress  # saved back as it was read


@pytest.mark.parametrize("bad", ['"many"', "-1", "1e999"])
def test_a_starless_win_with_a_damaged_field_stays_starless(store: ProgressStore, bad: str) -> None:
    """A win on a level `dartfit check` refuses is kept with no star (completed, 0 stars): one
    other damaged field of its record (presses) made the mending read its stars as 1, a ★
    for a level that gives none."""
    document = json.loads(encode(Progress().record("intro", WIN)))
    store.path.write_text(
        json.dumps(document).replace(
            '"levels": {',
            f'"levels": {{"mine": {{"completed": true, "stars": 0, "presses": {bad}}}, ',
        ),
        encoding="utf-8",
    )
    result = store.load()
    kept = result.progress.get("mine")
    assert kept.completed and kept.stars == 0, (kept, result.warning)
    assert result.progress.get("intro") == Progress().record("intro", WIN).get("intro")


@pytest.mark.parametrize("bad", sorted(MENDED_RECORDS))
def test_a_records_bad_field_costs_only_that_field(store: ProgressStore, bad: str) -> None:
    good = Progress().record("intro", WIN)
    document = json.loads(encode(good))
    document["levels"]["mended"] = MENDED_RECORDS[bad]
    store.path.write_text(json.dumps(document), encoding="utf-8")
    result = store.load()
    assert result.progress.get("intro") == good.get("intro")
    assert result.progress.get("mended").stars == 3 and result.progress.get("mended").completed
    assert_a_fit_warning(result.warning)
    assert "mended" in result.warning and "what could not be read" in result.warning  # type: ignore[operator]
    assert store.load().progress == result.progress  # saved back as it was read


def test_an_answer_with_two_damaged_fields_keeps_the_rest(store: ProgressStore) -> None:
    """Two counts below 0 left a question's answers out whole, its warm-up answer with it."""
    document = json.loads(encode(Progress().record("intro", WIN)))
    document["answers"] = {"q1": {"right": 2, "wrong": -1, "box": -3, "before": True}}
    store.path.write_text(json.dumps(document), encoding="utf-8")
    result = store.load()
    kept = result.progress.answers["q1"]
    assert (kept.right, kept.wrong, kept.box, kept.before) == (2, 0, 0, True), result.warning
    assert "what could not be read in the answers to q1 (wrong, box)" in (result.warning or "")


@pytest.mark.parametrize("bad", sorted(BAD_RECORDS))
def test_one_damaged_record_costs_only_itself(store: ProgressStore, bad: str) -> None:
    """The other levels' stars are kept (a whole save set aside locked every level again);
    the file as it was is kept aside, and the message names the record left out."""
    good = Progress().record("intro", WIN).record("slope", WIN).with_setting("show_squares", False)
    document = json.loads(encode(good))
    document["levels"]["broken-one"] = BAD_RECORDS[bad]
    store.path.write_text(json.dumps(document), encoding="utf-8")
    result = store.load()
    assert result.progress == good
    assert result.warning is not None and "left out the record of broken-one" in result.warning
    aside = list(store.path.parent.glob("progress.json.corrupt-*"))
    assert len(aside) == 1 and json.loads(aside[0].read_text())["levels"]["broken-one"]
    assert store.load() == LoadResult(good)  # saved at once without the damaged record


def test_a_class_student_s_damaged_record_costs_only_itself(tmp_path: Path) -> None:
    from dartfit.progress.class_store import ClassStore, connect

    good = Progress().record("intro", WIN)
    document = json.loads(encode(good))
    document["levels"]["broken-one"] = [1, 2, 3]
    store = ClassStore(tmp_path / "class.db", "alice")
    assert store.save(good)
    with connect(tmp_path / "class.db") as db:
        db.execute("UPDATE progress SET document = ?", (json.dumps(document).encode(),))
    result = store.load()
    assert result.progress == good and "left out the record of broken-one" in (result.warning or "")
    assert store.load().warning is None


def test_a_save_that_cannot_be_made_names_the_whole_path(tmp_path: Path) -> None:
    """DARTFIT_DATA_DIR=/proc/1 said only "could not save progress.json": the folder, the
    thing to look at, was not named."""
    folder = tmp_path / "a-file-not-a-folder"
    folder.write_text("")
    store = ProgressStore(folder / "data" / "progress.json")
    outcome = store.update(Progress(), lambda progress: progress)
    assert outcome.elsewhere and outcome.warning is not None
    assert str(folder / "data" / "progress.json") in outcome.warning
    assert "not saved" in outcome.warning


@pytest.mark.parametrize(
    "record",
    [
        {"stars": 2},
        {"stars": 3, "completed": False},
        {"completed": False, "stars": 1, "presses": 4},
    ],
)
def test_stars_written_by_hand_count_as_the_win_they_stand_for(
    store: ProgressStore, record: dict[str, Any]
) -> None:
    """Stars are only ever earned by a win: a record edited to hold stars but not the win
    is read as won, so the level list never shows stars on a level that stays locked, and
    the count of stars and of levels won agree."""
    levels = load_levels(SHIPPED)
    first, second, third = (lv.id for lv in levels[:3])
    store.path.write_text(json.dumps({"schema": 1, "levels": {second: record}}))
    progress = store.load().progress
    assert progress.get(second).completed and progress.get(second).stars == record["stars"]
    assert third in campaign.unlocked(levels, progress)  # the level after it opens
    assert progress.won() == 1
    assert progress.get(first).stars == 0 and not progress.get(first).completed
    assert LevelRecord(stars=2).completed and not LevelRecord().completed  # built in code too
    assert Progress().record(first, LevelResult(completed=False, stars=0)).won() == 0


@pytest.fixture
def lock_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """How long each try for the save lock was let wait, in order."""
    from dartfit.progress import file_store

    asked: list[float] = []
    real = file_store.locked

    def spied(path: Path, timeout: float):  # type: ignore[no-untyped-def]
        asked.append(timeout)
        return real(path, timeout)

    monkeypatch.setattr(file_store, "locked", spied)
    return asked


def test_after_one_wait_in_vain_saves_only_try_for_the_lock_until_it_is_given(
    store: ProgressStore, lock_waits: list[float]
):
    """A held lock froze the game for the whole wait on every save (2 s each: a key, a
    setting, a win). The first save waits; the next only try, until the lock is given; the
    changes not kept are kept by the first save that gets it."""
    asked = lock_waits
    with open(store.lock_path, "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        first = store.update(Progress(), lambda p: p.record("a", WIN))
        second = store.update(first.progress, lambda p: p.with_setting("show_squares", False))
        assert not first.saved and not second.saved
        assert "will try again next save" in (second.warning or "")
    kept = store.update(second.progress, lambda p: p.with_setting("theme", "textual-light"))
    assert asked == [store.lock_timeout, 0.0, 0.0] and kept.saved
    assert kept.progress.get("a").stars == WIN.stars
    assert kept.progress.settings == {"show_squares": False, "theme": "textual-light"}
    store.update(kept.progress, lambda p: p)
    assert asked[-1] == store.lock_timeout  # given again: the next save may wait once more


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), OSError(5, "EIO")])
def test_a_save_this_game_may_not_read_is_kept_whole_aside_and_the_wins_saved(
    store: ProgressStore, monkeypatch: pytest.MonkeyPatch, error: OSError
):
    """One the game may not read (chmod 000, another user's) was left where it was, and
    the game played without saving: every win lost at the end (status 3), though the folder
    could be written in. It is renamed, its bytes as they were (`dartfit` refuses to start on
    one, saying how to read it: its stars may be the player's), and saving goes on."""
    from dartfit.progress import file_store

    store.update(Progress(), lambda p: p.record("a", WIN))
    before = store.path.read_bytes()
    real = file_store.read_capped

    def refused(path: Path) -> bytes:
        if path.exists():
            raise error
        return real(path)

    monkeypatch.setattr(file_store, "read_capped", refused)
    loaded = store.load()
    said = f"was unreadable ({error.strerror}); moved it to {ASIDE}"
    assert said in (loaded.warning or "")
    assert not store.read_only and loaded.progress == Progress()
    outcome = store.update(loaded.progress, lambda p: p.record("b", WIN))
    assert outcome.saved and outcome.warning is None
    assert store.path.with_name(ASIDE).read_bytes() == before
    monkeypatch.undo()
    assert store.load().progress.get("b").stars == WIN.stars


TWICE = {
    "a table given twice, the empty one last": (
        '{"schema": 2, "levels": {"first-throw": {"completed": true, "stars": 3}}, "levels": {}}',
        {"first-throw": 3},
    ),
    "a level given twice, the better first": (
        '{"schema": 2, "levels": {"a": {"completed": true, "stars": 3},'
        ' "a": {"completed": true, "stars": 1}, "b": {"completed": true, "stars": 2}}}',
        {"a": 3, "b": 2},
    ),
    "a level given twice, the better last": (
        '{"schema": 2, "levels": {"a": {"completed": true, "stars": 1},'
        ' "a": {"completed": true, "stars": 2}}}',
        {"a": 2},
    ),
}


@pytest.mark.parametrize("text", TWICE, ids=TWICE.keys())
def test_a_key_given_twice_keeps_the_best_of_each(store: ProgressStore, text: str):
    """JSON keeps the last of a key given twice: a save merged or edited by hand lost its
    stars without a word, and the next save wrote them away for good."""
    content, stars = TWICE[text]
    store.path.write_text(content)
    loaded = store.load()
    assert {k: r.stars for k, r in loaded.progress.levels.items()} == stars
    assert "a key given twice" in (loaded.warning or "")
    assert "the whole file in progress.json.corrupt-" in (loaded.warning or "")
    aside = [p for p in store.path.parent.iterdir() if "corrupt" in p.name]
    assert [p.read_text() for p in aside] == [content]  # the file as it was, kept
    again = store_in(store.path.parent).load()  # saved in its place, once, without the twice
    assert again.warning is None and again.progress == loaded.progress


def test_a_load_that_waited_in_vain_is_not_waited_for_again_but_the_last_save_is(
    store: ProgressStore, lock_waits: list[float]
):
    """The game's start waited for a held lock, then its first save waited as long again;
    and the last try as the game ends waits, a freeze no longer holding anything up."""
    asked = lock_waits
    with open(store.lock_path, "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        loaded = store.load()
        first = store.update(loaded.progress, lambda p: p.record("a", WIN))
        assert not first.saved and not first.elsewhere  # for a moment: tried again
        last = store.save_pending(first.progress)
        assert last is not None and last.elsewhere  # the last try: kept elsewhere
        assert "try again" not in (last.warning or "")
    assert asked == [LOCK_TIMEOUT, 0.0, LOCK_TIMEOUT_AT_END]  # the end waits longer


GOOD = b'"first-line": {"completed": true, "stars": 3, "best_mse": 0.7}'
GOOD_FILE = b'{"schema": 1, "levels": {%s, "slope": {"completed": true, "stars": 2}}}' % GOOD
ONE_FAULT = {  # beside a record with three stars: each costs only itself
    "1e400 in another record": b'{"schema": 1, "levels": {%s, "slope": {"best_mse": 1e400}}}',
    "NaN in another record": b'{"schema": 1, "levels": {%s, "slope": {"best_score": NaN}}}',
    "a 5000-digit count in another": b'{"schema": 1, "levels": {%s, "b": {"presses": '
    + b"9" * 5000
    + b"}}}",
    "a key no dartfit wrote": b'{"schema": 1, "extra": 1, "levels": {%s}}',
    "resets below zero": b'{"schema": 1, "resets": -5, "levels": {%s}}',
    "resets not whole": b'{"schema": 1, "resets": 1.0, "levels": {%s}}',
    "settings a list": b'{"schema": 1, "settings": [], "levels": {%s}}',
    "a lone surrogate in another id": b'{"schema": 1, "levels": {%s, "\\ud800": {"stars": 1}}}',
    "a lone surrogate in another's time": b'{"schema": 1, "levels": {%s, "b": {"stars": 2, '
    b'"completed": true, "completed_at": "\\ud800"}}}',
    "a lone surrogate in its own time": b'{"schema": 1, "levels": {"first-line": {"completed": '
    b'true, "stars": 3, "best_mse": 0.7, "completed_at": "\\udfff"}}}',
    "a key given twice, the last bad": b'{"schema": 1, "levels": {%s}, '
    b'"levels": {"b": {"stars": "x"}}}',
    "settings null": b'{"schema": 1, "settings": null, "levels": {%s}}',
    "another record nested 5000 deep": b'{"schema": 1, "levels": {%s, "b": {"stars": 1, '
    b'"x": ' + b'{"y": ' * 5000 + b"1" + b"}" * 5000 + b"}}}",
    "a setting nested 5000 deep": b'{"schema": 1, "levels": {%s}, "settings": {"s": '
    + b"[" * 5000
    + b"]" * 5000
    + b"}}",
    "a setting of 1e999": b'{"schema": 1, "settings": {"x": 1e999}, "levels": {%s}}',
    # (a hostile pass) one value over the room to save: the whole file went aside
    "a setting of 2.2 MB": b'{"schema": 1, "settings": {"note": "%b"}, "levels": {%%s}}'
    % (b"x" * 2_200_000),
    # a byte of no text, or a control character typed by hand: the file went aside whole
    "a byte that is not UTF-8 in a setting": b'{"schema": 1, "settings": {"n": "caf\xe9"}, '
    b'"levels": {%s}}',
    "surrogate bytes in a level id": b'{"schema": 1, "levels": {"\xed\xa0\x80": {}, %s}}',
    "a stray byte after a BOM": b'\xef\xbb\xbf{"schema": 1, "settings": {"x": "\xff"}, '
    b'"levels": {%s}}',
    # (a review) too big to keep, in values of 900 bytes, none of them bulk alone
    "3,000 settings of 900 bytes": b'{"schema": 1, "settings": {'
    + b", ".join(b'"s%d": "%b"' % (i, b"x" * 900) for i in range(3000))
    + b'}, "levels": {%s}}',
    "a record under an id of 2.5 MB": b'{"schema": 1, "levels": {"%b": {"stars": 1}, %%s}}'
    % (b"i" * 2_500_000),
}


@pytest.mark.parametrize("template", ONE_FAULT.values(), ids=ONE_FAULT.keys())
def test_one_damaged_field_costs_only_itself_never_the_stars_beside_it(
    store: ProgressStore, template: bytes
) -> None:
    content = template.replace(b"%s", GOOD)
    store.path.write_bytes(content)
    result = store.load()
    assert result.progress.get("first-line").stars == 3
    assert result.progress.get("first-line").best_mse == 0.7
    assert_a_fit_warning(result.warning)
    said = result.warning or ""
    assert "left out" in said or "kept the first of each" in said or "read as �" in said
    assert store.update(result.progress, lambda p: p.record("intro", WIN)).saved
    again = store_in(store.path.parent).load()
    assert again.warning is None and again.progress.get("first-line").stars == 3


@pytest.mark.parametrize(
    "content",
    [
        b'{"schema": 1, "settings": {"note": "a\tb"}, "levels": {%s}}',
        b'{"schema": 1, "levels": {"\x1b[2J": {}, %s}}',
    ],
    ids=["a tab in a setting", "a raw control character in an id"],
)
def test_a_control_character_typed_into_a_string_keeps_every_star(
    store: ProgressStore, content: bytes
) -> None:
    """JSON has no raw tab in a string, but a player who edits a note by hand types one: the
    whole file, every star, went aside for it. Such a string is read as if escaped."""
    store.path.write_bytes(content.replace(b"%s", GOOD))
    result = store.load()
    assert result.progress.get("first-line").stars == 3
    assert store.update(result.progress, lambda p: p.record("intro", WIN)).saved
    assert store_in(store.path.parent).load().progress.get("first-line").stars == 3


def test_too_many_records_to_save_keep_the_most_earned(store: ProgressStore) -> None:
    """50,000 records (ids of other level sets, say) were too many to save, and the whole
    file was put aside: the ones with stars are kept, the empty ones left out."""
    empty = b",".join(b'"other-%d": {}' % i for i in range(50_000))
    store.path.write_bytes(b'{"schema": 1, "levels": {' + empty + b", " + GOOD + b"}}")
    result = store.load()
    assert result.progress.get("first-line").stars == 3
    assert_a_fit_warning(result.warning)
    assert "too many to save" in result.warning  # type: ignore[operator]
    assert store.update(result.progress, lambda p: p.record("intro", WIN)).saved


def test_a_key_given_twice_whose_halves_merge_past_a_limit_keeps_one_half(
    store: ProgressStore,
) -> None:
    """Two "settings" of 6,000 values each read alone, but merged passed 10,000: the merge
    raised, uncaught, and the game stopped on every start with the file never set aside."""
    half = lambda tag: ", ".join(f'"{tag}{i}": {i}' for i in range(6_000))  # noqa: E731
    content = (
        '{"schema": 1, "levels": {"L": {"completed": true, "stars": 3}}, '
        f'"settings": {{{half("a")}}}, "settings": {{{half("b")}}}}}'
    )
    store.path.write_text(content, encoding="utf-8")
    result = store.load()
    assert result.progress.get("L").stars == 3
    assert_a_fit_warning(result.warning)
    assert "a key given twice" in result.warning  # type: ignore[operator]


def full_records(count: int) -> dict[str, LevelRecord]:
    won = LevelRecord.from_result(WIN)
    return {f"a-long-level-name-{i:06d}": won for i in range(count)}


def test_a_save_the_game_wrote_is_read_back_with_its_stars(store: ProgressStore) -> None:
    """8,400 full records saved (2.2 MB), and the next start put the whole file aside:
    they were under the count the room allows, and over its size."""
    big = Progress(levels=full_records(8_400))
    store.path.write_bytes(encode(big))
    result = store.load()
    assert len(result.progress.levels) > 7_000
    assert all(record.stars == WIN.stars for record in result.progress.levels.values())
    again = store.load()  # and what was kept reads back as it was
    assert again.warning is None and again.progress == result.progress


def test_a_key_given_twice_is_merged_only_within_what_can_be_saved(
    store: ProgressStore,
) -> None:
    """Two "levels" of 7,600 records each merged into 15,200: written back over 4 MB, and
    the next start left half of them out again."""
    first = json.loads(encode(Progress(levels=full_records(7_600))))["levels"]
    second = {f"other-{name}": record for name, record in first.items()}
    content = f'{{"schema": 1, "levels": {json.dumps(first)}, "levels": {json.dumps(second)}}}'
    store.path.write_text(content, encoding="utf-8")
    result = store.load()
    assert len(result.progress.levels) >= 7_600
    again = store.load()
    assert again.warning is None and again.progress == result.progress


def test_a_warning_names_a_few_of_what_was_left_out_not_all(store: ProgressStore) -> None:
    """100,000 unknown keys made a warning of millions of characters."""
    keys = ", ".join(f'"k{i:06d}": 1' for i in range(100_000))
    content = '{"schema": 1, "levels": {"L": {"completed": true, "stars": 3}}, ' + keys + "}"
    store.path.write_text(content, encoding="utf-8")
    result = store.load()
    assert result.progress.get("L").stars == 3
    assert_a_fit_warning(result.warning)
    assert len(result.warning or "") < 400 and "more" in (result.warning or "")


def test_one_bad_answer_among_too_many_to_save_costs_the_answers_not_the_stars(
    store: ProgressStore,
) -> None:
    """Salvaged of its bad answer, the rest were still too many to save: the whole file
    was set aside, the level's stars with it."""
    answers: dict[str, Any] = {
        f"check-{i // 10}/q{i % 10}": {"right": 1, "wrong": 2} for i in range(60_000)
    }
    answers["check-x/q-bad"] = {"right": -1}
    document = {"schema": 2, "levels": {"a": {"completed": True, "stars": 3}}, "answers": answers}
    store.path.write_text(json.dumps(document), encoding="utf-8")
    result = store.load()
    assert result.progress.get("a").stars == 3
    assert_a_fit_warning(result.warning)
    assert "left out the answers" in result.warning  # type: ignore[operator]


@pytest.mark.parametrize("thing", ["folder", "pipe", "dangling link", "link loop"])
def test_a_folder_or_pipe_where_the_lock_file_goes_is_said_once_and_saving_goes_on(
    store: ProgressStore, thing: str
) -> None:
    """A folder named progress.json.lock made every save go on without the lock, unsaid. A
    pipe there opened and was locked without a word (Linux), as if it were the lock file.
    So did a link that leads nowhere (to a folder that is gone, or to itself): it can't be
    opened, and was taken for a folder where no lock can be made yet."""
    store.path.parent.mkdir(parents=True, exist_ok=True)
    if thing == "pipe" and not hasattr(os, "mkfifo"):
        pytest.skip("needs FIFOs")
    if "link" in thing and not hasattr(os, "symlink"):
        pytest.skip("needs symbolic links")
    lock = store.lock_path
    {
        "folder": lock.mkdir,
        "pipe": lambda: os.mkfifo(lock),
        "dangling link": lambda: lock.symlink_to(lock.parent / "gone" / "lock"),
        "link loop": lambda: lock.symlink_to(lock.name),
    }[thing]()
    loaded = finishes_within(5, store.load)
    assert "progress.json.lock can't be dartfit's lock" in (loaded.warning or "")
    first = store.update(loaded.progress, lambda p: p.record("intro", WIN))
    assert first.saved and first.warning is None  # said once, as the game began
    fresh = store_in(store.path.parent)
    outcome = fresh.update(Progress(), lambda p: p.record("slope", WIN))
    assert outcome.saved and "remove it" in (outcome.warning or "")
    assert fresh.update(Progress(), lambda p: p).warning is None
    assert fresh.load().progress.get("intro").stars == 2


PLAYER_SAVES = """
import sys
from pathlib import Path
from dartfit.progress import LevelResult, ProgressStore
store = ProgressStore(Path(sys.argv[1]), lock_timeout=0.2)
loaded = store.load()
won = LevelResult(completed=True, stars=2)
saved = store.update(loaded.progress, lambda p: p.record("intro", won))
print(saved.saved, loaded.warning, saved.warning, sep="\\n")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="setpriv, Linux's")
@pytest.mark.parametrize("mode", [0o444, 0o000])
def test_a_lock_file_the_player_may_not_write_still_guards_the_save_or_is_said(
    tmp_path: Path, mode: int
) -> None:
    """A lock file made by `sudo dartfit`, or one whose permissions were taken away, could
    not be opened to write: every save went on without the lock, unsaid, so two windows
    could overwrite each other's stars. One the player may read is locked through that
    (flock needs no more); one they may not is said, as a folder in its place is."""
    from tests.test_save_path_obstacles import as_a_player

    lock = tmp_path / "progress.json.lock"
    lock.touch()
    lock.chmod(mode)
    tmp_path.chmod(0o777)  # the player may write progress.json here (root's tmp_path)
    holder = os.open(lock, os.O_RDONLY)  # another dartfit's save, under way
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        argv = [*as_a_player(), sys.executable, "-c", PLAYER_SAVES, str(tmp_path / "progress.json")]
        ran = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=True)
    finally:
        os.close(holder)
    saved, loaded_said, saved_said = ran.stdout.splitlines()
    if mode:
        assert saved == "False" and "hold the save lock" in saved_said, ran.stdout
    else:
        assert "progress.json.lock can't be dartfit's lock file" in loaded_said, ran.stdout
        assert "you may not read" in loaded_said and saved == "True", ran.stdout


def test_too_many_records_keep_the_newest_win_among_the_most_earned(
    store: ProgressStore,
) -> None:
    """A hostile check: 12,000 old three-star records of other levels (2 MB, within the file
    limit, past the room kept for growth) and the level just won, last in the file: the cut
    kept the file's order among equals, and the real win was left out (the list showed
    0 of 32 complete). The newest wins go last."""
    old = '{"completed": true, "stars": 3, "completed_at": "2020-01-01T00:00:00Z"}'
    others = ", ".join(f'"old-{i}": {old}' for i in range(12_000))
    mine = '"first-throw": {"completed": true, "stars": 3, "completed_at": "2026-01-01T00:00:00Z"}'
    store.path.write_text(f'{{"schema": 1, "levels": {{{others}, {mine}}}}}', encoding="utf-8")
    result = store.load()
    assert "too many to save" in (result.warning or "")
    assert result.progress.get("first-throw").stars == 3
    assert store.update(result.progress, lambda p: p.record("intro", WIN)).saved
    assert store_in(store.path.parent).load().progress.get("first-throw").stars == 3


def test_too_many_records_keep_the_game_s_own_levels_before_others(tmp_path: Path) -> None:
    """A hostile check: 20,000 three-star records under ids no level of the game has, and
    the player's own two stars on level 1 (within the file limit, past the room kept for
    growth): the cut kept the most stars, and level 1's win went out of play (the level
    list showed it not won), at the start and again at each save. The game's own levels
    are kept first, wherever their records are in the file."""
    own = {level.id for level in load_levels(SHIPPED)}
    mine = '"first-throw": {"completed": true, "stars": 2}'
    others = ", ".join(f'"x{i}": {{"completed": true, "stars": 3}}' for i in range(20_000))
    (tmp_path / "progress.json").write_text(
        f'{{"schema": 1, "levels": {{{mine}, {others}}}}}', encoding="utf-8"
    )
    store = ProgressStore.in_folder(tmp_path, own_levels=own)
    result = store.load()
    assert "too many to save" in (result.warning or "")
    assert result.progress.get("first-throw").stars == 2
    assert store.update(result.progress, lambda p: p.record("signs-cancel", WIN)).saved
    again = ProgressStore.in_folder(tmp_path, own_levels=own).load().progress
    assert again.get("first-throw").stars == 2 and again.get("signs-cancel").stars == 2


def test_a_save_past_the_room_keeps_the_game_s_own_levels_before_others(tmp_path: Path) -> None:
    """A save that takes the file past the room (another window's 11,000 three-star records
    of other ids, within it until this win) left out the least earned: level 1's two stars."""
    from dartfit.progress import LevelRecord
    from dartfit.progress.codec import ROOM, encode

    own = {level.id for level in load_levels(SHIPPED)}
    levels = {"first-throw": LevelRecord(completed=True, stars=2)}
    full = LevelRecord(completed=True, stars=3)
    each = len(encode(Progress(levels={"x10000": full}))) - len(encode(Progress()))
    levels |= {f"x{i}": full for i in range(10_000, 10_000 + ROOM // each + 100)}
    while len(encode(Progress(levels=levels))) > ROOM - each // 2:
        levels.popitem()
    (tmp_path / "progress.json").write_bytes(encode(Progress(levels=levels)))
    store = ProgressStore.in_folder(tmp_path, own_levels=own)
    assert store.load().warning is None  # within the room as it is
    saved = store.update(Progress(), lambda p: p.record("signs-cancel", WIN))
    assert saved.saved and "too many to save" in (saved.warning or "")
    again = store.load().progress
    assert again.get("first-throw").stars == 2 and again.get("signs-cancel").stars == 2


def test_the_game_keeps_its_own_levels_first(tmp_path: Path) -> None:
    from dartfit.app import make_app

    store = make_app(SHIPPED, tmp_path).store
    assert isinstance(store, ProgressStore)
    assert store.own_levels == {level.id for level in load_levels(SHIPPED)}


def test_a_save_the_game_writes_is_read_back_whole(store: ProgressStore) -> None:
    """The writer took up to 4 MiB, the reader keeps 2 MiB whole: a save of 3 MB the game
    wrote was cut at the next start (the least earned records left out) and put aside.
    The save itself keeps within the reader's room, the newest win kept, and says so."""
    from datetime import UTC, datetime

    from dartfit.progress import LevelRecord

    then = datetime(2020, 1, 1, tzinfo=UTC)
    old = LevelRecord(completed=True, stars=3, completed_at=then)
    many = Progress(levels={f"{'old-' * 12}{i:07}"[:60]: old for i in range(14_000)})
    saved = store.update(many, lambda p: p.record("first-throw", WIN))
    assert saved.saved and "too many to save" in (saved.warning or "")
    assert saved.progress.get("first-throw").stars == WIN.stars
    again = store_in(store.path.parent).load()
    assert again.warning is None, again.warning
    assert again.progress == saved.progress
    assert len(store.path.read_bytes()) <= MAX_FILE_BYTES // 2


def test_a_win_whose_first_save_failed_is_kept_when_it_is_saved_at_last(
    store: ProgressStore, monkeypatch
) -> None:
    """A two-star win among 14,000 old three-star records whose first save failed (a full
    disk) was in the game's progress already when it was saved at last, so it counted as no
    change and was left out, the save saying it was kept (a review)."""
    from datetime import UTC, datetime

    from dartfit.progress import LevelRecord
    from dartfit.progress.store import NotSaved

    then = datetime(2020, 1, 1, tzinfo=UTC)
    old = LevelRecord(completed=True, stars=3, completed_at=then)
    many = Progress(levels={f"{'old-' * 12}{i:07}"[:60]: old for i in range(14_000)})
    write, calls = store._write, []

    def full_once(make):
        calls.append(make)
        if len(calls) == 1:
            raise NotSaved("progress.json not saved: No space left on device")
        return write(make)

    monkeypatch.setattr(store, "_write", full_once)
    first = store.update(many, lambda p: p.record("first-throw", WIN))
    assert first.elsewhere and first.progress.get("first-throw").stars == WIN.stars
    last = store.save_pending(first.progress)  # as the game ends
    assert last is not None and last.saved
    assert last.progress.get("first-throw").stars == WIN.stars
    assert store_in(store.path.parent).load().progress.get("first-throw").stars == WIN.stars


def test_a_newer_save_with_a_byte_of_no_text_is_still_left_as_it_is(store: ProgressStore) -> None:
    """A review: a newer game's save with one Latin-1 byte was put aside as unreadable;
    read with the byte replaced, it is a newer game's save: left as it is, played read-only."""
    content = b'{"schema": 99, "settings": {"note": "caf\xe9"}}'
    store.path.write_bytes(content)
    result = store.load()
    assert result.warning is not None and "newer dartfit" in result.warning
    assert store.read_only and store.path.read_bytes() == content


SLIPS = {  # a save edited by hand, or cut short by a crash: each kept every star it could
    "NULs after the object (a crash)": (GOOD_FILE + b"\n\x00\x00\x00\x00", 3, 2),
    "a trailing comma": (GOOD_FILE.replace(b"2}}}", b"2},}}"), 3, 2),
    "a second object after it": (GOOD_FILE + GOOD_FILE, 3, 2),
    "a comment on top": (b"// my stars\n" + GOOD_FILE, 3, 2),
    "Python's True": (GOOD_FILE.replace(b"true", b"True"), 3, 2),
    "garbage after it": (GOOD_FILE + b" xyz", 3, 2),
    "cut off in the last record": (GOOD_FILE[:-12], 3, None),
    "cut off in the last id": (GOOD_FILE[: GOOD_FILE.index(b'"slope') + 4], 3, None),
}


@pytest.mark.parametrize("content, first, second", SLIPS.values(), ids=SLIPS.keys())
def test_a_slip_of_json_syntax_keeps_every_star_it_can(
    store: ProgressStore, content: bytes, first: int, second: int | None
) -> None:
    """A trailing comma, NULs after the object, a file cut off: the whole file, every star,
    went aside for one slip (a hostile pass). What reads once mended is kept, the file as it
    was is moved aside, and the warning says what was mended."""
    store.path.write_bytes(content)
    result = store.load()
    assert result.progress.get("first-line").stars == first
    assert (result.progress.levels.get("slope") or LevelRecord()).stars == (second or 0)
    assert_a_fit_warning(result.warning)
    assert "kept the rest" in (result.warning or "")
    assert store.path.with_name(ASIDE).read_bytes() == content
    assert store.update(result.progress, lambda p: p.record("intro", WIN)).saved
    again = store_in(store.path.parent).load()
    assert again.warning is None and again.progress.get("first-line").stars == first


def test_a_save_cut_off_anywhere_keeps_only_values_it_holds_whole() -> None:
    """Cut at every byte, a save the game wrote reads back (mended, or refused) with no
    value it did not hold: cut inside a number, closing the brackets had read a shorter one
    (best_mse 0.000025 cut after 0.0000 read 0.0, and the best of any run kept it for good;
    a review). Stars may be fewer, never more."""
    full = Progress().record("first-line", win(3, 0.000025, 123))
    full = full.record("slope", win(2, 12.5, 7))
    raw = encode(full)
    for cut in range(1, len(raw)):
        try:
            read = decode(raw[:cut])
        except Salvaged as salvaged:
            read = salvaged.progress
        except Unreadable:
            continue
        for level_id, record in read.levels.items():
            whole = full.levels[level_id]
            assert record.stars <= whole.stars, (cut, level_id)
            for field in ("best_mse", "best_score", "presses", "hints_used", "completed_at"):
                value = getattr(record, field)
                assert value is None or value == getattr(whole, field), (cut, field, value)


def test_a_newer_save_with_a_slip_is_left_as_it_is() -> None:
    """Mended, it reads as a newer game's save: left as it is and played read-only, as a
    newer save without a slip is (a review: it went aside)."""
    with pytest.raises(Newer):
        decode(b'{"schema": 99, "levels": {},}')


NO_DARTFITS_SCHEMA = {
    "10**30": b"1" + b"0" * 30,
    "101": b"101",
    "a 5000-digit number": b"9" * 5000,
    "0": b"0",
    "-1": b"-1",
    "2.0": b"2.0",
    "1e30": b"1e30",
    '"2"': b'"2"',
    "null": b"null",
    "[2]": b"[2]",
}


@pytest.mark.parametrize("schema", NO_DARTFITS_SCHEMA.values(), ids=NO_DARTFITS_SCHEMA.keys())
def test_a_save_whose_schema_no_dartfit_writes_keeps_its_stars_and_the_sessions_wins(
    store: ProgressStore, schema: bytes
) -> None:
    """A schema of 10**30 was taken for a newer dartfit's: the session played read-only and
    every win in it was kept nowhere (a hostile pass). One of 0, -1, "2" or 2.0 put the whole
    file aside, every star in it. Read as this dartfit's, with the file kept aside; a newer
    game's save (schema 3 to 100) is still left as it is."""
    content = b'{"schema": %s, "levels": {"slope": {"completed": true, "stars": 2}}}' % schema
    store.path.write_bytes(content)
    result = store.load()
    assert result.progress.levels["slope"].stars == 2 and not store.read_only
    assert result.warning is not None and "is no dartfit's, read as schema" in result.warning
    assert store.path.with_name(ASIDE).read_bytes() == content
    assert store.update(result.progress, lambda p: p.record("intro", WIN)).saved
    assert set(store_in(store.path.parent).load().progress.levels) == {"slope", "intro"}


def test_a_save_without_a_schema_keeps_its_stars(store: ProgressStore) -> None:
    store.path.write_bytes(b'{"levels": {"slope": {"completed": true, "stars": 2}}}')
    result = store.load()
    assert result.progress.levels["slope"].stars == 2
    assert result.warning is not None and 'no "schema", read as schema' in result.warning


@pytest.mark.parametrize("layout", ["both-linked", "one-plain"])
def test_two_folders_whose_progress_links_to_one_file_lock_each_other_out(
    tmp_path: Path, elsewhere: Path, layout: str
) -> None:
    """Each folder had its own lock beside its link, so two games wrote the one real file at
    once: a save in the middle of another's was written over by it, its win lost. The lock
    follows the link (the linked file's folder, locked itself and left as it was) and a
    folder played in directly, whose own lock a link to its file takes too."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    if layout == "both-linked":
        real = elsewhere / "dartfit-progress.json"
        (first / "progress.json").symlink_to(real)
    else:
        real = first / "progress.json"
    (second / "progress.json").symlink_to(real)
    window_a, window_b = store_in(first), store_in(second, lock_timeout=0.2)
    window_a.load()
    window_b.load()
    inside: list[SaveResult] = []

    def win_a_while_b_saves(progress: Progress) -> Progress:
        if not inside:  # (a change is applied more than once in a save)
            inside.append(window_b.update(Progress(), lambda p: p.record("b", WIN)))
        return progress.record("a", WIN)

    assert window_a.update(Progress(), win_a_while_b_saves).saved
    (missed,) = inside
    assert not missed.saved, "the second folder saved in the middle of the first's save"
    assert "another dartfit seems to hold the save lock" in (missed.warning or "")
    assert window_b.update(missed.progress, lambda p: p).saved
    on_disk = decode(real.read_bytes())
    assert on_disk.get("a").stars == on_disk.get("b").stars == WIN.stars
    if layout == "both-linked":
        assert sorted(p.name for p in elsewhere.iterdir()) == ["dartfit-progress.json"]
    assert (second / "progress.json").is_symlink()


SECOND_GAME = """
import sys
from pathlib import Path
from dartfit.progress import LevelResult, ProgressStore

store = ProgressStore(Path(sys.argv[1]) / "progress.json", lock_timeout=0.2)
won = lambda p: p.record("b", LevelResult(completed=True, stars=2, mse=0.5))
outcome = store.update(store.load().progress, won)
print("saved" if outcome.saved else "waited", flush=True)
while not outcome.saved:
    outcome = store.update(outcome.progress, lambda p: p)
"""


def test_two_games_with_their_own_cache_folders_take_turns_with_the_file_both_link_to(
    tmp_path: Path, elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two folders link to one file, played by two dartfits whose cache folders differ
    (DARTFIT_CACHE_DIR, XDG_CACHE_HOME: two accounts' or two shells'). The lock that follows
    the link was kept in each one's cache folder, two locks for one file: the second game
    saved in the middle of the first's save, which wrote over it, its win lost."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        (folder / "progress.json").symlink_to(elsewhere / "dartfit-progress.json")
    monkeypatch.setenv("DARTFIT_CACHE_DIR", str(tmp_path / "cache-a"))
    window_a = store_in(first)
    window_a.load()
    env = {**os.environ, "DARTFIT_CACHE_DIR": str(tmp_path / "cache-b")}
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    game_b = subprocess.Popen(
        [sys.executable, "-c", SECOND_GAME, str(second)], stdout=subprocess.PIPE, env=env
    )
    said: list[bytes] = []

    def win_a_while_b_saves(progress: Progress) -> Progress:
        if not said:  # (a change is applied more than once in a save)
            assert game_b.stdout is not None
            said.append(game_b.stdout.readline())  # b's first try, made inside a's save
        return progress.record("a", WIN)

    try:
        assert window_a.update(Progress(), win_a_while_b_saves).saved
        assert game_b.wait(timeout=30) == 0
    finally:
        game_b.kill()
        game_b.wait()
        game_b.stdout.close()  # type: ignore[union-attr]
    assert said == [b"waited\n"], "the second game saved in the middle of the first's save"
    on_disk = decode((elsewhere / "dartfit-progress.json").read_bytes())
    assert on_disk.get("a").stars == on_disk.get("b").stars == WIN.stars
    assert sorted(p.name for p in elsewhere.iterdir()) == ["dartfit-progress.json"]


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ({"resets": -3}, "left out the field resets ("),
        ({"resets": -3, "colour": 1}, "left out the fields resets, colour ("),
        ({"settings": {"a": 2**60, "b": 1}}, "left out the setting a ("),
    ],
)
def test_what_a_salvage_left_out_is_named_with_its_number(extra, said) -> None:
    """One bad counter was "left out the fields resets": a field is named as one."""
    document = {"schema": 2, "levels": {"first-throw": {"completed": True, "stars": 3}}}
    with pytest.raises(Salvaged) as salvaged:
        decode(json.dumps({**document, **extra}).encode())
    assert (
        said in salvaged.value.reason and salvaged.value.progress.levels["first-throw"].stars == 3
    )
