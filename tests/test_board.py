"""The teacher's board reads the class database live: who plays, where, how it goes; it
hides names for projecting, sends a message to the class and exports the results."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from textual.widgets import DataTable

from dartfit.host.board import ClassBoard, animal
from dartfit.notice import take_notice, write_notice
from dartfit.progress import LevelResult, Progress
from dartfit.progress.class_store import ClassStore


def _class(folder: Path) -> Path:
    db = folder / "class.db"
    amy, ben = ClassStore(db, "amy"), ClassStore(db, "ben")
    amy.update(Progress(), lambda p: p.record("first-throw", LevelResult(completed=True, stars=3)))
    amy.playing("first-line")
    ben.playing("first-throw")
    return db


def _rows(app: ClassBoard) -> list[list[str]]:
    table = app.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


async def test_the_board_shows_each_student_and_hides_names_on_request(tmp_path: Path) -> None:
    sent: list[str] = []
    app = ClassBoard(
        _class(tmp_path), tmp_path, lambda text: sent.append(text) or 2, lambda: {"amy"}, "x"
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert _rows(app) == [
            ["●", "amy", "3", "1", "first-line", "0", ""],
            ["", "ben", "0", "0", "", "", ""],  # not playing now: not where, not how long
        ]
        await pilot.press("a")
        assert [row[1] for row in _rows(app)] == [animal("amy"), animal("ben")]
        assert "amy" not in str(_rows(app))
        await pilot.press("m", *"eyes up", "enter")
        assert sent == ["eyes up"]
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


def test_a_notice_is_one_clean_line_read_once(tmp_path: Path) -> None:
    write_notice(tmp_path, "look\x1b[31m up\n\nnow", title="Your\tteacher")
    assert take_notice(tmp_path) == ("Your teacher", "look\\x1b[31m up now")
    assert take_notice(tmp_path) is None
