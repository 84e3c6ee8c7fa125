"""The class database keeps each student's progress under the file store's rules (those
tests run on both stores, in test_progress), and fails as gently: a damaged document is kept
aside, a newer one is never overwritten, a busy database delays a save without losing it."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from dartfit.host.results import export_csv, students
from dartfit.progress import LevelResult, Progress
from dartfit.progress.class_store import ClassStore, connect, store_from_env
from dartfit.progress.codec import encode


def win(stars: int, mse: float) -> LevelResult:
    return LevelResult(completed=True, stars=stars, mse=mse, presses=5, hints_used=1)


def test_students_in_one_class_keep_their_own_progress(tmp_path: Path) -> None:
    db = tmp_path / "class.db"
    alice, bob = ClassStore(db, "alice"), ClassStore(db, "bob")
    assert alice.update(Progress(), lambda p: p.record("one", win(3, 0.2))).saved
    assert bob.update(Progress(), lambda p: p.record("two", win(1, 0.9))).saved
    assert set(ClassStore(db, "alice").load().progress.levels) == {"one"}
    assert set(ClassStore(db, "bob").load().progress.levels) == {"two"}


def test_the_board_reads_one_row_per_level_written_with_the_progress(tmp_path: Path) -> None:
    store = ClassStore(tmp_path / "class.db", "alice")
    store.update(Progress(), lambda p: p.record("one", win(2, 0.5)).record("two", win(3, 0.1)))
    store.update(Progress(), lambda p: p.record("one", win(3, 0.7)))  # more stars, worse value
    rows = sqlite3.connect(tmp_path / "class.db").execute(
        "SELECT level, stars, best_mse, hints_used FROM levels WHERE name = 'alice' ORDER BY 1"
    )
    assert rows.fetchall() == [("one", 3, 0.5, 1), ("two", 3, 0.1, 1)]


def test_a_damaged_document_is_kept_aside_and_the_student_starts_fresh(tmp_path: Path) -> None:
    db = connect(tmp_path / "class.db")
    db.execute("INSERT INTO progress VALUES ('alice', ?, 'now')", (b"[" * 100_000,))
    db.close()
    store = ClassStore(tmp_path / "class.db", "alice")
    loaded = store.load()
    assert loaded.progress == Progress() and "unreadable" in (loaded.warning or "")
    assert store.update(loaded.progress, lambda p: p.record("one", win(1, 1.0))).saved
    aside = sqlite3.connect(tmp_path / "class.db").execute("SELECT name FROM aside").fetchall()
    assert aside == [("alice",)]


def test_a_document_from_a_newer_dartfit_is_never_overwritten(tmp_path: Path) -> None:
    newer = encode(Progress()).replace(b'"schema": 1', b'"schema": 99')
    db = connect(tmp_path / "class.db")
    db.execute("INSERT INTO progress VALUES ('alice', ?, 'now')", (newer,))
    db.close()
    store = ClassStore(tmp_path / "class.db", "alice")
    assert "newer dartfit" in (store.load().warning or "")
    outcome = store.update(Progress(), lambda p: p.record("one", win(3, 0.1)))
    assert outcome.progress.get("one").stars == 3  # played on
    assert outcome.saved and outcome.elsewhere  # and kept elsewhere: it had been lost
    kept = sqlite3.connect(tmp_path / "class.db").execute("SELECT document FROM progress")
    assert kept.fetchone()[0] == newer
    again = ClassStore(tmp_path / "class.db", "alice").load()  # the next game plays it on
    assert again.progress.get("one").stars == 3 and "kept there" in (again.warning or "")


def test_a_busy_database_delays_a_win_and_the_next_save_keeps_it(tmp_path: Path) -> None:
    store = ClassStore(tmp_path / "class.db", "alice", timeout=0.1)
    store.load()
    other = sqlite3.connect(tmp_path / "class.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the database
    outcome = store.update(Progress(), lambda p: p.record("one", win(3, 0.1)))
    assert not outcome.saved and "not saved" in (outcome.warning or "")
    other.execute("ROLLBACK")
    assert store.update(outcome.progress, lambda p: p.with_setting("theme", "dark")).saved
    kept = ClassStore(tmp_path / "class.db", "alice").load().progress
    assert kept.get("one").stars == 3 and kept.settings == {"theme": "dark"}


def test_a_game_started_by_the_host_finds_its_store_in_the_environment(tmp_path: Path) -> None:
    assert store_from_env({}) is None
    store = store_from_env({"DARTFIT_CLASS_DB": str(tmp_path / "c.db"), "DARTFIT_PLAYER": "ann"})
    assert isinstance(store, ClassStore) and store.name == "ann"
    assert store.folder == tmp_path / "players-c.db" / "ann"  # a database not the host's
    env = {"DARTFIT_CLASS_DB": str(tmp_path / "c.db"), "DARTFIT_PLAYER": "ann"}
    window = store_from_env(env | {"DARTFIT_GAME": "seat-1"})
    assert window is not None and window.game == "seat-1" and store.game != "seat-1"


def test_each_opening_is_an_attempt_and_the_time_on_a_level_adds_up(tmp_path: Path) -> None:
    store = ClassStore(tmp_path / "class.db", "alice")
    store.playing("one")
    store.playing("one")  # the same level still: not another attempt
    db = sqlite3.connect(tmp_path / "class.db")
    db.execute("UPDATE activity SET since = '2000-01-01T00:00:00+00:00'")  # long ago
    db.commit()
    store.playing(None)
    store.playing("one")
    opened, seconds = db.execute("SELECT opened, seconds FROM attempts").fetchone()
    assert opened == 2 and seconds > 3600
    assert db.execute("SELECT level FROM activity").fetchone() == ("one",)


def test_after_one_wait_in_vain_a_save_waits_only_briefly_and_the_last_waits_again(
    tmp_path: Path,
) -> None:
    """A class database held by another writer (a teacher's sqlite3 shell) froze the game
    for the whole busy timeout on every save; after one wait in vain saves wait briefly,
    until one is kept, and the last try as the game ends waits the whole timeout."""
    from dartfit.progress import class_store

    store = ClassStore(tmp_path / "class.db", "alice", timeout=0.5)
    store.load()
    waits: list[float] = []
    real = store._wait_for_writers

    def spied(seconds: float) -> None:
        waits.append(seconds)
        real(seconds)

    store._wait_for_writers = spied  # type: ignore[method-assign]
    other = sqlite3.connect(tmp_path / "class.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    first = store.update(Progress(), lambda p: p.record("one", win(3, 0.1)))
    second = store.update(first.progress, lambda p: p.with_setting("theme", "dark"))
    assert store.save_pending(second.progress) is not None  # still held: not kept
    other.execute("ROLLBACK")
    kept = store.update(second.progress, lambda p: p)
    store.update(kept.progress, lambda p: p)
    brief = class_store.BUSY_RETRY
    assert waits == [0.5, brief, 0.5, brief, 0.5] and kept.saved
    assert kept.progress.get("one").stars == 3 and kept.progress.settings == {"theme": "dark"}


def test_a_document_put_back_by_hand_as_text_is_read_as_its_bytes(tmp_path: Path) -> None:
    """A teacher who restores a student's save with the sqlite3 shell stores TEXT, which
    Python read as str: the student's game stopped with a TypeError at every join, and the
    teacher's board with a traceback that ended the class (a hostile pass). Text, text that is
    not UTF-8 and a number are now read as bytes: good text plays on, the rest is set aside,
    and the board lists the student."""
    from dartfit.host.results import students

    good = encode(Progress().record("one", win(2, 0.4))).decode()
    cases = {
        "text": ("?", good),
        "latin": ("CAST(? AS TEXT)", b"\xff{"),
        "number": ("?", 5),
    }
    db = connect(tmp_path / "class.db")
    for name, (how, value) in cases.items():
        db.execute(f"INSERT INTO progress VALUES (?, {how}, 'now')", (name, value))
        db.execute("INSERT INTO players VALUES (?, NULL, 'now')", (name,))
    db.commit()
    assert {student.name for student in students(db)} == set(cases)
    db.close()
    assert ClassStore(tmp_path / "class.db", "text").load().progress.get("one").stars == 2
    for name in ("latin", "number"):
        loaded = ClassStore(tmp_path / "class.db", name).load()
        assert loaded.progress == Progress() and "unreadable" in (loaded.warning or ""), name


def unreadable_after_wins(tmp_path: Path, also: str, two_stars: int = 2) -> Path:
    """A class list where alice won "one" (3 stars) and "two", then her document broke and
    `also` was run on the database (a hand edit of the rows)."""
    db_path = tmp_path / "class.db"
    store = ClassStore(db_path, "alice")
    store.update(
        Progress(), lambda p: p.record("one", win(3, 0.2)).record("two", win(two_stars, 0.9))
    )
    db = sqlite3.connect(db_path)
    with db:
        db.execute("UPDATE progress SET document = ?", (b"[" * 100_000,))
        db.execute(also)
    db.close()
    return db_path


def test_a_document_that_cannot_be_read_gives_back_the_stars_the_class_list_holds(
    tmp_path: Path,
) -> None:
    """A hostile pass: a student's save set aside as unreadable left them at 0 stars, while
    the board's rows (written with every save) still held what they had earned, until the
    next save wrote those rows again from nothing. The stars now come back from the rows."""
    db_path = unreadable_after_wins(
        tmp_path, "INSERT INTO levels VALUES ('alice', 'odd', 1, 9, NULL, NULL, 0, 1, 'x')", 1
    )
    loaded = ClassStore(db_path, "alice").load()
    assert "stars are back" in (loaded.warning or ""), loaded.warning
    assert loaded.progress.get("one").stars == 3 and loaded.progress.get("two").stars == 1
    assert loaded.progress.get("one").best_mse == 0.2
    assert "odd" not in loaded.progress.levels  # 9 stars: not a record, left out
    again = ClassStore(db_path, "alice")
    assert again.load().warning is None  # written back whole
    assert again.update(again.load().progress, lambda p: p.record("three", win(2, 0.5))).saved
    assert ClassStore(db_path, "alice").load().progress.get("one").stars == 3
    aside = sqlite3.connect(db_path).execute("SELECT name FROM aside").fetchall()
    assert aside == [("alice",)]


def test_a_damaged_record_comes_back_from_the_class_list_and_the_rest_is_kept(
    tmp_path: Path,
) -> None:
    """One damaged field leaves its record out of the salvaged save; the board's row for that
    level still holds the win, so it comes back too."""
    import json

    db_path = tmp_path / "class.db"
    store = ClassStore(db_path, "alice")
    store.update(Progress(), lambda p: p.record("one", win(3, 0.2)).record("two", win(1, 0.9)))
    db = sqlite3.connect(db_path)
    document = json.loads(db.execute("SELECT document FROM progress").fetchone()[0])
    document["levels"]["one"]["stars"] = "three"
    with db:
        db.execute("UPDATE progress SET document = ?", (json.dumps(document).encode(),))
    db.close()
    loaded = ClassStore(db_path, "alice").load()
    assert "damaged" in (loaded.warning or ""), loaded.warning
    assert loaded.progress.get("one").stars == 3 and loaded.progress.get("two").stars == 1


def test_rows_edited_by_hand_are_not_made_into_records(tmp_path: Path) -> None:
    """A review: 2.5 stars and 1.5 presses from a hand-edited row became a record the level
    list could not show and the codec could not read back."""
    db_path = unreadable_after_wins(
        tmp_path, "UPDATE levels SET stars = 2.5, presses = 1.5 WHERE level = 'two'"
    )
    loaded = ClassStore(db_path, "alice").load()
    assert set(loaded.progress.levels) == {"one"}
    assert ClassStore(db_path, "alice").load().warning is None  # written back, and readable


def test_a_damaged_save_after_a_reset_of_everything_still_gets_its_rows_back(
    tmp_path: Path,
) -> None:
    """A review: the rows carry no count of resets, so merging them into a save reset once
    kept the save alone and the damaged record's stars were lost."""
    import json

    db_path = tmp_path / "class.db"
    store = ClassStore(db_path, "alice")
    store.update(Progress(), lambda p: p.record("one", win(1, 0.9)))
    store.update(Progress(), lambda p: p.reset_all())
    store.update(Progress(), lambda p: p.record("one", win(3, 0.2)).record("two", win(2, 0.5)))
    db = sqlite3.connect(db_path)
    document = json.loads(db.execute("SELECT document FROM progress").fetchone()[0])
    assert document["resets"] >= 1
    document["levels"]["one"]["stars"] = "three"
    with db:
        db.execute("UPDATE progress SET document = ?", (json.dumps(document).encode(),))
    db.close()
    loaded = ClassStore(db_path, "alice").load()
    assert loaded.progress.get("one").stars == 3 and loaded.progress.get("two").stars == 2


def _since(db: sqlite3.Connection, game: str, when: str) -> None:
    db.execute("UPDATE activity SET since = ? WHERE game = ?", (f"2000-01-01T{when}+00:00", game))
    db.commit()


def test_two_windows_of_one_student_each_keep_their_level_and_count_its_time_once(
    tmp_path: Path,
) -> None:
    """The board kept one row per student: a second window's moves overwrote the first's,
    and one window ending took the other's level off the board."""
    from dartfit.host.results import students
    from dartfit.host.roster import enrol
    from dartfit.progress.class_store import connect, end_game

    path = tmp_path / "class.db"
    first, second = (ClassStore(path, "ann", game=game) for game in ("a", "b"))
    writer = connect(path)
    enrol(writer, "ann")
    db = sqlite3.connect(path)
    first.playing("one")
    second.playing(None)  # the second window on the list
    assert [s.level for s in students(db)] == ["one"]
    _since(db, "a", "10:00:00")
    second.playing("one")  # both windows on one level: its time counts once
    _since(db, "b", "10:20:00")
    first.playing("two")  # an hour and more later: a's 20 min before b opened it are added
    assert db.execute("SELECT seconds FROM attempts WHERE level = 'one'").fetchone() == (1200.0,)
    assert [s.level for s in students(db)] == ["two"]  # the window that moved last
    end_game(writer, "ann", "a")  # window a dropped: b is still on level one
    assert [s.level for s in students(db)] == ["one"]
    end_game(writer, "ann", "b")
    (seconds,) = db.execute("SELECT seconds FROM attempts WHERE level = 'one'").fetchone()
    assert seconds > 1200 + 3600  # from 10:20 on, counted by b alone
    assert [s.level for s in students(db)] == [None]
    assert db.execute("SELECT COUNT(*) FROM activity").fetchone() == (0,)
    opened = dict(db.execute("SELECT level, opened FROM attempts").fetchall())
    assert opened == {"one": 2, "two": 1}


def test_the_last_try_as_a_class_game_ends_keeps_a_win_from_the_game_ends_thread(
    tmp_path: Path,
) -> None:
    """The save retried as the game ends runs on a thread of its own (a dead disk must not
    hold the end: dartfit.app.LAST_SAVE_WAIT). The class database's connection, opened on
    the game's main thread, refused that thread ("SQLite objects created in a thread can
    only be used in that same thread"), so every class game quit with a change pending said
    "not saved" and lost it."""
    from dartfit.steady.in_turn import within

    store = ClassStore(tmp_path / "class.db", "alice", timeout=0.5)
    store.load()
    other = sqlite3.connect(tmp_path / "class.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # held: the win is not kept now, and waits
    first = store.update(Progress(), lambda p: p.record("one", win(3, 0.1)))
    assert not first.saved
    other.execute("ROLLBACK")
    last = within(5.0, lambda: store.save_pending(first.progress), None)
    assert last is not None and last.saved, last
    assert ClassStore(tmp_path / "class.db", "alice").load().progress.get("one").stars == 3


@pytest.mark.parametrize(
    ("row", "values"),
    [
        ("('levels', ?)", ("[" * 100_000,)),  # nested past the JSON reader's depth
        ("('levels', CAST(X'FFFE' AS TEXT))", ()),  # text not in UTF-8
        ("(CAST(X'FFFE' AS TEXT), 'true')", ()),  # a setting's name not in UTF-8
    ],
    ids=["nested-deep", "value-not-utf8", "name-not-utf8"],
)
def test_a_teachers_setting_put_in_by_hand_never_keeps_a_student_from_playing_or_saving(
    tmp_path: Path, row: str, values: tuple[str, ...]
) -> None:
    db = connect(tmp_path / "class.db")
    db.execute(f"INSERT INTO class (key, value) VALUES {row}", values)
    db.execute("INSERT INTO class (key, value) VALUES ('paused', 'true')")
    db.close()
    store = ClassStore(tmp_path / "class.db", "alice")
    loaded = store.load()
    assert loaded.warning is None
    assert loaded.progress.settings["class"] == {"paused": True}  # the good row still counts
    assert store.update(loaded.progress, lambda p: p.record("one", win(3, 0.2))).saved
    assert ClassStore(tmp_path / "class.db", "alice").load().progress.levels["one"].stars == 3


EDITED = [  # (since, opened, seconds, hints): a row of the board's put in by hand
    ("2024-01-01T00:00:00", 1, 5.0, 0),  # a time without its zone
    (b"\x00", 1, 5.0, 0),  # not text at all
    ("yesterday", 1, 5.0, 0),
    ("2024-01-01T00:00:00+00:00", "x", "lots", "many"),  # counts in words
]


@pytest.mark.parametrize("row", EDITED, ids=["naive", "blob", "words", "counts-in-text"])
def test_a_row_of_the_board_edited_by_hand_never_stops_a_game_the_board_or_the_export(
    tmp_path: Path, row: tuple[object, ...]
) -> None:
    since, opened, seconds, hints = row
    db = connect(tmp_path / "class.db")
    db.execute("INSERT INTO activity VALUES ('alice', 'g', 'one', ?)", (since,))
    db.execute("INSERT INTO attempts VALUES ('alice', 'one', ?, ?, ?)", (opened, seconds, hints))
    board = students(db)
    assert [(student.name, student.level) for student in board] == [("alice", "one")]
    out = io.StringIO()
    assert export_csv(db, out) == 1
    assert out.getvalue().splitlines()[1].startswith("alice,one,0,")
    ClassStore(tmp_path / "class.db", "alice", game="g").playing("two")  # leaves "one"
    assert db.execute("SELECT level FROM activity WHERE game = 'g'").fetchone() == ("two",)


def test_rows_edited_by_hand_count_on_the_board_and_export_as_in_the_game(tmp_path: Path) -> None:
    """The board summed and the export wrote the rows as they were: 9 stars, −1 stars, a
    count in text, and a name holding an escape that recoloured the terminal of
    `dartfit host --export -`. The student's game passes over a row that is no record."""
    store = ClassStore(tmp_path / "class.db", "amy")
    assert store.update(Progress(), lambda p: p.record("one", win(3, 0.2))).saved
    db = connect(tmp_path / "class.db")
    db.executemany(
        "INSERT INTO levels (name, level, completed, stars, presses) VALUES (?, ?, 1, ?, ?)",
        [("amy", "two", 9, 1), ("amy", "three", -1, 1), ("amy", "four", 3, "many")],
    )
    db.execute(
        "INSERT INTO levels (name, level, completed, stars) VALUES (?, 'one', 1, 2)", ("b\x1b[31m",)
    )
    assert {s.name: (s.stars, s.won) for s in students(db)} == {"amy": (3, 1), "b\x1b[31m": (2, 1)}
    assert ClassStore(tmp_path / "class.db", "amy").load().progress.levels.keys() == {"one"}
    out = io.StringIO()
    assert export_csv(db, out) == 5
    rows = {
        (r["student"], r["level"]): r["stars"] for r in csv.DictReader(io.StringIO(out.getvalue()))
    }
    assert rows == {
        ("amy", "one"): "3",
        ("amy", "two"): "0",
        ("amy", "three"): "0",
        ("amy", "four"): "0",
        ("b\\x1b[31m", "one"): "2",
    }
    assert "\x1b" not in out.getvalue()


def test_a_name_that_is_not_text_is_left_off_the_board(tmp_path: Path) -> None:
    db = connect(tmp_path / "class.db")
    db.execute("INSERT INTO players VALUES (X'FF', NULL, 'now'), ('alice', NULL, 'now')")
    assert [student.name for student in students(db)] == ["alice"]


def test_a_document_too_big_to_read_is_kept_aside_unread_and_the_stars_come_back(
    tmp_path: Path,
) -> None:
    """A document of 66 MB took the game's whole wait to read at every start: the student
    could never play ("reading it did not finish within 5 s"). Past the file store's limit
    it is not read: kept aside as it is, the stars back from the class list."""
    store = ClassStore(tmp_path / "class.db", "alice")
    assert store.update(Progress(), lambda p: p.record("one", win(3, 0.2))).saved
    huge = b'{"schema": 1, "levels": {}, "settings": {"note": "' + b"x" * (5 << 20) + b'"}}'
    db = connect(tmp_path / "class.db")
    db.execute("UPDATE progress SET document = ? WHERE name = 'alice'", (huge,))
    loaded = ClassStore(tmp_path / "class.db", "alice").load()
    assert "larger than 4 MiB" in (loaded.warning or "")
    assert loaded.progress.levels["one"].stars == 3
    (aside,) = db.execute("SELECT document FROM aside WHERE name = 'alice'").fetchall()
    assert aside == (huge,)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from dartfit.cache import CACHE_ENV

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_win_the_class_database_cannot_take_as_the_game_ends_is_kept_for_the_next_game(
    tmp_path: Path, cache: Path
) -> None:
    """The class database held past the last try (a teacher's sqlite3 shell): the win was
    lost, said as "your progress was not saved: progress not saved (database is locked)",
    status 3. It is kept in a file of the student's, said in one line, and the student's
    next game adds it to the class database and removes the file."""
    from dartfit.progress.elsewhere import KEPT_FOLDER

    store = ClassStore(tmp_path / "class.db", "alice", timeout=0.1)
    store.load()
    other = sqlite3.connect(tmp_path / "class.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # held through the game's end
    first = store.update(Progress(), lambda p: p.record("one", win(3, 0.1)))
    assert not first.saved and not first.elsewhere  # held for a moment: tried again in play
    last = store.save_pending(first.progress)
    assert last is not None and last.saved and last.elsewhere, last
    (kept,) = (cache / KEPT_FOLDER).glob("alice-*.json")
    said = last.warning or ""
    assert said.isprintable() and f"kept in {kept} meanwhile, and added to the class" in said
    other.execute("ROLLBACK")
    again = ClassStore(tmp_path / "class.db", "alice").load()
    assert again.progress.get("one").stars == 3
    assert "added the progress kept" in (again.warning or "")
    assert not kept.exists()
    board = sqlite3.connect(tmp_path / "class.db").execute("SELECT level, stars FROM levels")
    assert board.fetchall() == [("one", 3)]
    assert ClassStore(tmp_path / "class.db", "bob").load().progress.levels == {}
