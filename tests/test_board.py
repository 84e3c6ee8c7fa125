"""The teacher's board reads the class database live: who plays, where, how it goes; it
hides names for projecting, sends a message to the class and exports the results."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import DataTable

from dartfit.host.board import ClassBoard, animal, masked, parse_window
from dartfit.notice import Notice, take_notices, write_notice
from dartfit.progress import LevelResult, Progress
from dartfit.progress.class_store import SCHEMA, ClassStore, connect
from tests.ui.typing import settled


class FakeTeacher:
    """What the board asks of the host, noted instead of done."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.paused: list[bool] = []
        self.paces: list[tuple[int, int] | None] = []
        self.logged: list[str] = []

    def online(self) -> set[str]:
        return {"amy"}

    def broadcast(self, text: str) -> int:
        self.sent.append(text)
        return 2

    def pause(self, paused: bool) -> int:
        self.paused.append(paused)
        return 2

    def pace(self, window: tuple[int, int] | None) -> int:
        self.paces.append(window)
        return 2

    def settings(self) -> dict[str, object]:
        return {"paused": bool(self.paused and self.paused[-1])}

    def look(self, name: str) -> Path | None:
        return None

    def log(self, line: str) -> None:
        self.logged.append(line)


def _class(folder: Path) -> Path:
    db = folder / "class.db"
    amy, ben = ClassStore(db, "amy"), ClassStore(db, "ben")
    amy.update(Progress(), lambda p: p.record("first-throw", LevelResult(completed=True, stars=3)))
    for key, before, after in (("darts/a", False, True), ("darts/b", True, True)):
        amy.update(Progress(), lambda p, k=key, r=before: p.answered(k, r, "before"))
        amy.update(Progress(), lambda p, k=key, r=after: p.answered(k, r, "after"))
    ben.update(Progress(), lambda p: p.answered("darts/a", False, "before"))
    amy.playing("first-line")
    ben.playing("first-throw")
    return db


def _rows(app: ClassBoard) -> list[list[str]]:
    table = app.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


async def test_the_board_shows_each_student_and_hides_names_on_request(tmp_path: Path) -> None:
    teacher = FakeTeacher()
    app = ClassBoard(_class(tmp_path), tmp_path, teacher, "x")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _rows(app) == [
            ["●", "amy", "3", "1", "1/2 → 2/2", "first-line", "0", ""],
            ["", "ben", "0", "0", "0/1 →", "", "", ""],  # not playing now: not where, not how long
        ]
        await pilot.press("a")
        assert [row[1] for row in _rows(app)] == [animal("amy"), animal("ben")]
        assert "amy" not in str(_rows(app))
        await pilot.press("m", *"eyes up", "enter")
        assert teacher.sent == ["eyes up"]
        await pilot.press("p", "p")
        assert teacher.paused == [True, False]
        await pilot.press("o", *"3-6", "enter", "o", "enter", "o", *"9-2", "enter")
        assert teacher.paces == [(3, 6), None]  # 9-2 is refused with a message
        await pilot.press("e")
        (export,) = tmp_path.glob("results-*.csv")
        rows = list(csv.DictReader(export.open(encoding="utf-8")))
        assert {(r["student"], r["level"], r["stars"]) for r in rows} == {
            ("amy", "first-throw", "3"),
            ("amy", "first-line", "0"),
            ("ben", "first-throw", "0"),
        }


def test_the_results_export_from_the_command_line(tmp_path: Path) -> None:
    _class(tmp_path)
    command = [sys.executable, "-m", "dartfit", "host", "--data-dir", str(tmp_path)]
    done = subprocess.run([*command, "--export", "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("student,level,stars,best_mse")
    assert len(done.stdout.splitlines()) == 4
    missing = subprocess.run(
        [*command[:-1], str(tmp_path / "none"), "--export", "-"], capture_output=True, text=True
    )
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "no class here" in missing.stderr and not missing.stdout


def test_notices_are_clean_lines_read_once_oldest_first(tmp_path: Path) -> None:
    write_notice(tmp_path, Notice("Your\tteacher", "look\x1b[31m up\n\nnow"))
    write_notice(tmp_path, Notice(pause=True))
    (tmp_path / "notice-zzz.json").write_text("[", encoding="utf-8")  # broken: dropped
    assert take_notices(tmp_path) == [
        Notice("Your teacher", "look\\x1b[31m up now"),
        Notice(pause=True),
    ]
    assert take_notices(tmp_path) == []


@pytest.mark.parametrize(
    ("text", "window"),
    [("3-6", (3, 6)), ("3 to 6", (3, 6)), ("4", (4, 4)), ("", None), ("All", None)],
)
def test_the_levels_a_teacher_opens_read_as_a_range(text: str, window: object) -> None:
    assert parse_window(text) == window


@pytest.mark.parametrize("text", ["6-3", "0-2", "a-b", "1 2 3", "1-9007199254740992"])
def test_a_range_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_window(text)


def test_the_board_looks_right(snap_compare, tmp_path: Path) -> None:
    """Six students at 80 × 24: four playing, each key of the footer in view."""
    db = tmp_path / "class.db"
    for n, name in enumerate(["amy", "ben", "chloe", "dev", "eli", "fatima"]):
        progress = Progress()
        for m, level in enumerate(["first-throw", "two-axes", "worse-round"][: n % 3 + 1]):
            progress = progress.record(level, LevelResult(completed=True, stars=1 + (n + m) % 3))
        store = ClassStore(db, name)
        store.update(Progress(), progress.merge)
        store.playing(["first-line", "pull", "slope", None, "mean-guess", "bowl"][n])

    class Four(FakeTeacher):
        def online(self) -> set[str]:
            return {"amy", "ben", "chloe", "eli"}

    assert snap_compare(ClassBoard(db, tmp_path, Four(), "ssh -p 2222 NAME@HOST"))


async def test_the_board_closed_drops_log_lines_without_failing(tmp_path: Path) -> None:
    app = ClassBoard(_class(tmp_path), tmp_path, FakeTeacher(), "x")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    app.say("class ending: every game saves and ends")  # the host logs on after the board
    app.refresh_board()  # and its timer can fire once more while it closes: the table is gone


async def test_levels_typed_as_markup_are_quoted_back_not_read_as_it(tmp_path: Path) -> None:
    """A range that is not one is quoted in its toast: "[/b]" was read as markup, a closing
    tag with none open, and the board ended on a MarkupError."""
    from textual.widgets._toast import Toast

    app = ClassBoard(_class(tmp_path), tmp_path, FakeTeacher(), "x")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("o", *"[/b]", "enter")
        await settled(pilot, lambda: bool(app.screen.query(Toast)))
        toast = app.screen.query_one(Toast)
        await settled(pilot, lambda: toast.size.height > 0)
        shown = " ".join(strip.text for strip in toast.render_lines(toast.region.reset_offset))
    assert "'[/b]'" in shown, shown


@pytest.mark.parametrize("width", [80, 120])
async def test_a_log_line_wider_than_the_board_is_wrapped_whole(tmp_path: Path, width: int) -> None:
    """At 80 columns the host key's fingerprint lost its last two characters: Textual's Log
    cuts a line at its edge."""
    from textual.widgets import Log

    key = "SHA256:TBYR52q1yXbVv0m3eZf8cQ2mH6pL9sJ4kD7wN5aUunlzSqx8U"
    app = ClassBoard(_class(tmp_path), tmp_path, FakeTeacher(), "x")
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        app.say(f"17:24:51 students type: ssh -p 2222 NAME@HOST and the host key is {key}")
        app.say(
            "17:25:03 alice left after 0.6 min: "
            + "the connection closed " * 5
            + "(ended by a signal)"
        )
        await pilot.pause()
        log = app.query_one(Log)
        room = log.scrollable_content_region.width
        assert all(len(line) <= room for line in log.lines), (room, log.lines)
        assert key in "".join(line.strip() for line in log.lines)  # every character of it
        assert "(ended by a signal)" in " ".join(line.strip() for line in log.lines)


def test_a_student_seems_stuck_when_long_on_a_level_with_many_hints_or_tries(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime, timedelta

    from dartfit.host.results import students
    from dartfit.progress.class_store import connect

    db_path = tmp_path / "class.db"
    long, hints, tries, won = (ClassStore(db_path, n) for n in ("long", "hints", "tries", "won"))
    long.playing("slope")
    hints.playing("slope")
    for _ in range(3):
        hints.hinted("slope")
    for _ in range(4):
        tries.playing("slope")
        tries.playing(None)
    tries.playing("slope")
    won.update(Progress(), lambda p: p.record("slope", LevelResult(completed=True, stars=1)))
    won.playing("slope")
    for _ in range(5):
        won.hinted("slope")
    db = connect(db_path)
    db.execute("UPDATE attempts SET seconds = 400 WHERE name = 'tries'")
    soon = datetime.now(UTC) + timedelta(minutes=1)
    later = datetime.now(UTC) + timedelta(minutes=12)
    assert {s.name: s.stuck for s in students(db, now=soon)} == {
        "long": "",
        "hints": "3 hints",
        "tries": "5 tries",
        "won": "",  # a level won is not one to be stuck on
    }
    assert {s.name: s.stuck for s in students(db, now=later)}["long"] == "12 min"


def _class_list_of_layout(path: Path, layout: int, tables: str) -> sqlite3.Connection:
    """A class list an earlier dartfit made, opened by this one."""
    old = sqlite3.connect(path)
    old.executescript(f"{tables} PRAGMA user_version={layout};")
    old.close()
    db = connect(path)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA,)
    return db


def test_a_class_list_of_the_first_layout_gains_the_hints_column(tmp_path: Path) -> None:
    path = tmp_path / "class.db"
    db = _class_list_of_layout(
        path,
        1,
        "CREATE TABLE attempts (name TEXT NOT NULL, level TEXT NOT NULL, opened INTEGER NOT "
        "NULL, seconds REAL NOT NULL, PRIMARY KEY (name, level));"
        "INSERT INTO attempts VALUES ('amy', 'slope', 2, 30.0);",
    )
    assert db.execute("SELECT * FROM attempts").fetchall() == [("amy", "slope", 2, 30.0, 0)]
    ClassStore(path, "amy").hinted("slope")
    assert db.execute("SELECT hints FROM attempts").fetchone() == (1,)


def test_a_class_list_of_layout_two_keeps_the_board_per_game(tmp_path: Path) -> None:
    path = tmp_path / "class.db"
    db = _class_list_of_layout(
        path,
        2,
        "CREATE TABLE activity (name TEXT PRIMARY KEY, level TEXT, since TEXT NOT NULL);"
        "INSERT INTO activity VALUES ('amy', 'one', '2000-01-01T00:00:00+00:00');",
    )
    ClassStore(path, "amy", game="a").playing("two")
    assert db.execute("SELECT name, game, level FROM activity").fetchall() == [("amy", "a", "two")]


async def test_a_hint_in_a_class_game_is_counted_for_the_board(tmp_path: Path) -> None:
    from dartfit.app import make_app
    from dartfit.progress.class_store import connect
    from tests.conftest import SHIPPED

    store = ClassStore(tmp_path / "class.db", "amy")
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-throw", store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("h", "h", "h", "h", "h", "h")  # more than the level has
        await pilot.pause()
    count = connect(tmp_path / "class.db").execute("SELECT hints FROM attempts").fetchone()
    hints = len(app.levels[0].spec.hints)
    assert count == (hints,)


async def test_the_export_leaves_out_a_score_kept_where_higher_is_not_better(
    tmp_path: Path,
) -> None:
    """An earlier dartfit kept the highest score of any run on every level: on "MSE ≤
    target" levels the worst run's MSE (1.2 beside a best MSE of 0.69). The export gives a
    score only for "≥ target" levels, from the command line and from the board alike."""
    db = tmp_path / "class.db"
    amy = ClassStore(db, "amy")
    for level_id, mse, score in (("first-line", 0.69, 1.2), ("guess-mse", None, 80.0)):
        amy.update(
            Progress(),
            lambda p, i=level_id, m=mse, s=score: p.record(
                i, LevelResult(completed=True, stars=1, mse=m, score=s)
            ),
        )
    command = [sys.executable, "-m", "dartfit", "host", "--data-dir", str(tmp_path)]
    done = subprocess.run([*command, "--export", "-"], capture_output=True, text=True)
    app = ClassBoard(db, tmp_path, FakeTeacher(), "x")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("e")
    (export,) = tmp_path.glob("results-*.csv")
    for text in (done.stdout, export.read_text(encoding="utf-8")):
        rows = {r["level"]: r for r in csv.DictReader(text.splitlines())}
        assert (rows["first-line"]["best_mse"], rows["first-line"]["best_score"]) == ("0.69", "")
        assert rows["guess-mse"]["best_score"] == "80.0"


@pytest.mark.parametrize("target", ["", "."], ids=["empty", "a-folder"])
def test_an_export_to_a_folder_names_the_option(tmp_path: Path, target: str) -> None:
    """`--export ''` said only "dartfit: .: Is a directory" (a hostile pass)."""
    _class(tmp_path)
    command = [sys.executable, "-m", "dartfit", "host", "--data-dir", str(tmp_path)]
    done = subprocess.run(
        [*command, "--export", target], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and not done.stdout
    said = "an empty one" if target == "" else "a folder"
    assert "--export" in done.stderr and said in done.stderr


@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("class.db", "the class database"),
        ("./class.db-wal", "a part of the class database"),
        ("host_key", "the host's key"),
        ("other/class.db", "a database"),  # another class's list
    ],
)
def test_an_export_never_writes_over_what_the_class_keeps(
    tmp_path: Path, target: str, says: str
) -> None:
    """`--export class.db` wrote the CSV over the class database: every student's progress
    gone, and "1 rows written to class.db" was all it said."""
    _class(tmp_path)
    (tmp_path / "host_key").write_text("a key\n")
    (tmp_path / "other").mkdir()
    shutil.copy(tmp_path / "class.db", tmp_path / "other" / "class.db")
    kept = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    command = [sys.executable, "-m", "dartfit", "host", "--data-dir", str(tmp_path)]
    done = subprocess.run(
        [*command, "--export", target], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and not done.stdout
    assert f": {says}: write the results elsewhere" in done.stderr
    assert {path: path.read_bytes() for path in kept} == kept


def test_an_export_to_a_pipe_nothing_reads_is_refused_not_waited_on(tmp_path: Path) -> None:
    """A FIFO left in the folder held `--export` open for ever, waiting for a reader."""
    _class(tmp_path)
    os.mkfifo(tmp_path / "results.csv")
    command = [sys.executable, "-m", "dartfit", "host", "--data-dir", str(tmp_path)]
    done = subprocess.run(
        [*command, "--export", str(tmp_path / "results.csv")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "a pipe that nothing reads" in done.stderr


def test_a_class_list_that_is_a_folder_is_said_to_be_one(tmp_path: Path) -> None:
    (tmp_path / "class.db").mkdir()
    command = [sys.executable, "-m", "dartfit", "host", "--data-dir", str(tmp_path)]
    for more in (["--export", "-"], ["--release", "alice"]):
        done = subprocess.run([*command, *more], capture_output=True, text=True)
        assert done.returncode == 2 and "class.db: a folder, not a class list" in done.stderr, more


def test_a_log_line_hides_each_student_s_name_whole() -> None:
    line = masked('ann and anna left; joanna stays; refused "Zed!" from 10.0.0.1', ["ann", "anna"])
    assert line == (
        f"{animal('ann')} and {animal('anna')} left; joanna stays; "
        f'refused "{animal("Zed!")}" from 10.0.0.1'
    )


async def test_hidden_names_are_hidden_in_the_log_too_and_the_cursor_keeps_its_student(
    tmp_path: Path,
) -> None:
    """The log under the table showed the names `a` had hidden in it; and the row cursor went
    back to the first student at every reading of the class (every 2 s), so `v` looked at
    the wrong student's screen."""
    from textual.widgets import Log

    db = _class(tmp_path)
    app = ClassBoard(db, tmp_path, FakeTeacher(), "x")
    async with app.run_test(size=(100, 30)) as pilot:
        app.say("10:00:00 amy joined from 127.0.0.1 (TERM xterm, 80×24)")
        app.say('10:00:01 refused "zed" from 127.0.0.1: the class is full (2 players)')
        await pilot.press("a")
        ClassStore(db, "cat").playing("first-throw")  # a student joins after `a`
        app.say("10:00:02 cat joined from 127.0.0.1 (TERM xterm, 80×24)")
        await pilot.pause()
        shown = "\n".join(app.query_one(Log).lines)
        assert not {"amy", "zed", "cat"} & set(shown.replace("(", " ").split())
        assert animal("amy") in shown and animal("zed") in shown and animal("cat") in shown
        await pilot.press("a")
        assert "amy joined" in "\n".join(app.query_one(Log).lines)
        await pilot.press("down")  # ben
        ClassStore(db, "abe").playing("first-throw")  # comes before him in the table
        app.refresh_board()
        await pilot.pause()
        table = app.query_one(DataTable)
        assert app.names[table.cursor_row] == "ben"


def test_the_time_on_a_level_still_on_screen_counts_and_a_second_window_keeps_it(
    tmp_path: Path,
) -> None:
    """An export taken in class left out the time on the level a student was on; and a
    second window opening the same level started the board's minutes (and "stuck?") again."""
    from dartfit.host.results import export_csv, students

    db = _class(tmp_path)
    writer = connect(db)
    writer.execute("UPDATE activity SET since = '2000-01-01T00:00:00+00:00' WHERE name = 'amy'")
    ClassStore(db, "amy", game="second window").playing("first-line")
    out = io.StringIO()
    export_csv(writer, out)
    rows = csv.DictReader(out.getvalue().splitlines())
    minutes = {(r["student"], r["level"]): r["minutes"] for r in rows}
    assert float(minutes["amy", "first-line"]) > 60 * 24 * 365
    assert {s.name: s.minutes for s in students(writer)}["amy"] > 60 * 24 * 365


async def test_stars_on_a_class_level_check_refuses_count_none_on_the_board_or_export(
    tmp_path: Path, write_level: Callable[..., Path]
) -> None:
    """A student's game counts no star on a level of the class's that `dartfit check`
    refuses (its target met at the start line: won on no key); the board summed every star
    kept, and the export listed them."""
    from tests.conftest import GOOD_LINE

    write_level(GOOD_LINE.replace("value = 1.0", "value = 1e9"))  # refused
    write_level(
        GOOD_LINE.replace('id = "demo"', 'id = "fair"').replace('"Demo"', '"Fair"'), "02-fair.toml"
    )
    db = tmp_path / "class.db"
    amy = ClassStore(db, "amy")
    for level_id in ("demo", "fair"):
        amy.update(
            Progress(), lambda p, i=level_id: p.record(i, LevelResult(completed=True, stars=3))
        )
    levels = tmp_path / "levels"
    command = [sys.executable, "-m", "dartfit", "host", "--data-dir", str(tmp_path)]
    done = subprocess.run(
        [*command, "--levels", str(levels), "--export", "-"], capture_output=True, text=True
    )
    app = ClassBoard(db, tmp_path, FakeTeacher(), "x", levels=levels)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot, lambda: _rows(app)[0][2] == "3", seen=lambda: _rows(app))
        assert _rows(app)[0][1:4] == ["amy", "3", "2"]  # both won, the refused one starless
        await pilot.press("e")
    (export,) = tmp_path.glob("results-*.csv")
    for text in (done.stdout, export.read_text(encoding="utf-8")):
        rows = {r["level"]: r["stars"] for r in csv.DictReader(text.splitlines())}
        assert rows == {"demo": "0", "fair": "3"}, text


async def test_names_and_levels_put_in_the_class_list_by_hand_are_shown_as_they_are(
    tmp_path: Path,
) -> None:
    """Rows put into class.db by hand (a teacher's sqlite3 shell, another tool): a name or a
    level "[/b]" was read as markup and stopped the board, and the class, with a traceback
    (status 0); an escape in a name recoloured the teacher's terminal (a hostile pass)."""
    db = _class(tmp_path)
    with sqlite3.connect(db) as hand:
        put = "INSERT INTO levels (name, level, completed, stars) VALUES (?, 'first-throw', 1, 3)"
        hand.execute(put, ("[/b]",))
        hand.execute(put, ("\x1b[31mred\x07",))
        hand.execute("UPDATE activity SET level = '[/i]' WHERE name = 'amy'")
    hand.close()
    app = ClassBoard(db, tmp_path, FakeTeacher(), "x")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        rows = _rows(app)
    names = [row[1] for row in rows]
    assert names == ["\\x1b[31mred\\x07", "[/b]", "amy", "ben"], names
    assert rows[2][5] == "[/i]"  # amy, on screen now
