"""A student's game that can't write the class database as it ends keeps their progress in
a file of its own; the host knows where (it gives the game its cache folder) and adds it to
the class database for the board and the export, without the student playing again."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dartfit.host import session
from dartfit.host.board import ClassBoard, masked
from dartfit.host.roster import enrol
from dartfit.progress import LevelResult, Progress
from dartfit.progress.class_store import ClassStore, connect, player_cache, take_in_kept
from dartfit.progress.elsewhere import KEPT_FOLDER
from tests.pty_terminal import Terminal, text_of
from tests.test_board import FakeTeacher, _rows
from tests.ui.typing import settled

GAME = """
import os, sys
from pathlib import Path
from dartfit.progress import LevelResult, Progress
from dartfit.progress.class_env import CLASS_DB_ENV, PLAYER_ENV
from dartfit.progress.class_store import ClassStore

store = ClassStore(Path(os.environ[CLASS_DB_ENV]), os.environ[PLAYER_ENV], timeout=0.1)
store.load()
won = lambda p: p.record("first-throw", LevelResult(completed=True, stars=3))
first = store.update(Progress(), won)
last = store.save_pending(first.progress)  # as the game ends
print(last.warning if last is not None else first.warning)
sys.exit(0 if last is not None and last.elsewhere else 1)
"""


def _game_ends_with_the_database_held(folder: Path, name: str = "amy", before: str = "") -> Path:
    """Play a student's game as the host starts it (its environment from `child_env`) that
    wins a level while another program holds the class database; the file it kept. `before`:
    code the game runs first."""
    db = folder / "class.db"
    with contextlib.closing(connect(db)) as made:
        enrol(made, name)  # as the host does before the game starts
    env = session.child_env(None, {}, db, name)
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # held through the game's end
    try:
        game = subprocess.run(
            [sys.executable, "-c", before + GAME],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert game.returncode == 0, game.stdout + game.stderr
    (kept,) = (player_cache(db, name) / KEPT_FOLDER).glob(f"{name}-*.json")
    return kept


def _stars(db: Path, name: str) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as read:
        query = "SELECT level, stars FROM levels WHERE name = ?"
        return read.execute(query, (name,)).fetchall()


async def test_the_board_shows_stars_a_game_kept_elsewhere_without_another_game(
    tmp_path: Path,
) -> None:
    """amy won a level as the class database was held (a teacher's sqlite3 shell): her game
    kept the win in her cache folder, and the board showed 0 stars until her next game."""
    kept = _game_ends_with_the_database_held(tmp_path)
    assert _stars(tmp_path / "class.db", "amy") == []
    teacher = FakeTeacher()
    app = ClassBoard(tmp_path / "class.db", tmp_path, teacher, "x")
    async with app.run_test(size=(100, 30)) as pilot:
        starred = [["●", "amy", "3"]]  # FakeTeacher has amy online
        seen = lambda: _rows(app)  # noqa: E731
        await settled(pilot, lambda: [r[:3] for r in seen()] == starred, seen=seen)
    assert teacher.logged == [f"amy's progress kept in {kept.parent} is in the class database now"]
    assert _stars(tmp_path / "class.db", "amy") == [("first-throw", 3)]
    assert not kept.exists()


def test_the_export_has_stars_a_game_kept_elsewhere(tmp_path: Path) -> None:
    kept = _game_ends_with_the_database_held(tmp_path)
    command = [
        sys.executable,
        "-m",
        "dartfit",
        "host",
        "--data-dir",
        str(tmp_path),
        "--export",
        "-",
    ]
    # the teacher's own cache folder is not the student's
    env = {**os.environ, "DARTFIT_CACHE_DIR": str(tmp_path / "teacher-cache")}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = {
        (r["student"], r["level"]): r["stars"] for r in csv.DictReader(done.stdout.splitlines())
    }
    assert rows == {("amy", "first-throw"): "3"}, done.stdout
    assert f"amy's progress kept in {kept.parent} is in the class database now" in done.stderr
    assert not kept.exists()


def test_kept_progress_the_database_still_cannot_take_is_left_and_said_not_lost(
    tmp_path: Path,
) -> None:
    kept = _game_ends_with_the_database_held(tmp_path)
    db = tmp_path / "class.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        said = take_in_kept(db, "amy", 0.05) or ""
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert f"amy's progress is kept in {kept.parent} until their next game" in said
    # what adds it, each only when it runs (it had read as if the database's writing would)
    assert "until their next game, the board (--board) or an export adds it" in said
    assert "written (database is locked): nothing is lost" in said
    assert kept.exists()
    assert "is in the class database now" in (take_in_kept(db, "amy") or "")
    assert _stars(db, "amy") == [("first-throw", 3)] and not kept.exists()
    assert take_in_kept(db, "amy") is None  # nothing kept now


def test_kept_progress_beside_a_newer_dartfits_document_is_said_as_it_is(
    tmp_path: Path,
) -> None:
    """A student's document from a newer dartfit: their game keeps each win elsewhere, and
    the host, which leaves that document as it is too, told the teacher it was kept "until
    their next game or the class database can be written (your progress was saved by a
    newer dartfit …): nothing is lost": their next game adds nothing while it is there, and
    the database can be written (a review)."""
    db = tmp_path / "class.db"
    newer = b'{"schema": 99, "levels": {}}'
    with contextlib.closing(connect(db)) as made:
        enrol(made, "amy")
        made.execute("INSERT INTO progress VALUES ('amy', ?, 'now')", (newer,))
        made.commit()
    game = ClassStore(db, "amy", cache=player_cache(db, "amy"))
    game.load()
    three = LevelResult(completed=True, stars=3)
    won = game.update(Progress(), lambda p: p.record("first-throw", three))
    game.close()
    assert won.elsewhere, won.warning
    said = take_in_kept(db, "amy") or ""
    assert "newer dartfit" in said and "as it is" in said, said
    assert "next game" not in said and "your progress" not in said, said
    assert not said.endswith("nothing is lost"), said  # not a database held: no shorter wait
    with contextlib.closing(sqlite3.connect(db)) as kept:
        assert kept.execute("SELECT document FROM progress").fetchone()[0] == newer


@pytest.mark.parametrize("mode", [0o777, 0o775])
def test_kept_progress_others_may_write_is_not_added(tmp_path: Path, mode: int) -> None:
    """The trust rules of kept copies hold for the host too: a folder of kept files others
    may write in is not read (another could have planted the stars)."""
    kept = _game_ends_with_the_database_held(tmp_path)
    kept.parent.chmod(mode)
    assert take_in_kept(tmp_path / "class.db", "amy") is None
    assert _stars(tmp_path / "class.db", "amy") == [] and kept.exists()


def test_a_game_is_told_where_its_cache_is_and_the_host_s_temporary_folder(
    tmp_path: Path,
) -> None:
    import tempfile

    env = session.child_env(None, {}, tmp_path / "class.db", "amy", {})
    assert env["DARTFIT_CACHE_DIR"] == str(tmp_path / "players" / "amy" / ".cache" / "dartfit")
    assert env["TMPDIR"] == tempfile.gettempdir()


async def test_the_host_s_log_says_where_a_game_kept_progress_as_it_ended(
    tmp_path: Path,
) -> None:
    """The log said the game could not save the student's progress, and not that it was
    kept, nor where: the teacher could not tell a win lost from one kept for later."""
    from dartfit.host.server import Host, HostConfig

    host = Host(HostConfig(folder=tmp_path, port=0, max_players=2, warm=False))
    holder = sqlite3.connect(tmp_path / "class.db", isolation_level=None)
    try:
        with host.seated("amy", "127.0.0.1", "test"):
            kept = _game_ends_with_the_database_held(tmp_path)
            holder.execute("BEGIN EXCLUSIVE")  # still held as the host sees the game end
        holder.execute("ROLLBACK")
        with host.seated("amy", "127.0.0.1", "test"):  # her other window ends, later
            pass
    finally:
        holder.close()
        await host.stop()
    log = (tmp_path / "host.log").read_text(encoding="utf-8")
    assert f"amy's progress is kept in {kept.parent} until their next game" in log, log
    assert "written (database is locked): nothing is lost" in log
    assert f"amy's progress kept in {kept.parent} is in the class database now" in log, log
    assert _stars(tmp_path / "class.db", "amy") == [("first-throw", 3)] and not kept.exists()


def test_an_export_while_the_database_is_held_says_the_kept_stars_are_not_lost(
    tmp_path: Path,
) -> None:
    kept = _game_ends_with_the_database_held(tmp_path)
    holder = sqlite3.connect(tmp_path / "class.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        command = [sys.executable, "-m", "dartfit", "host", "--data-dir", str(tmp_path)]
        done = subprocess.run(
            [*command, "--export", "-"], capture_output=True, text=True, timeout=60
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("student,level,stars")  # what the database has, as before
    assert f"amy's progress is kept in {kept.parent} until their next game" in done.stderr
    assert done.stderr.rstrip().endswith("nothing is lost") and kept.exists()


def test_a_kept_progress_line_hides_the_student_s_name_with_the_others(tmp_path: Path) -> None:
    """The line named the kept file, amy-1f2e….json: with names hidden for projecting, the
    board's log showed "amy-" (a name is hidden only as a whole word)."""
    kept = _game_ends_with_the_database_held(tmp_path)
    said = take_in_kept(tmp_path / "class.db", "amy", timeout=0.05)
    assert said is not None and "is in the class database now" in said
    assert "amy" not in masked(said, ["amy"])
    assert str(kept.parent) in said


def test_the_host_reads_a_kept_file_once_to_add_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It was read to see whether anything was kept, then again in the transaction that
    added it (a review): once is enough, and is what was added."""
    from dartfit.progress import LevelResult, Progress, elsewhere
    from dartfit.progress.class_store import ClassStore

    db = tmp_path / "class.db"
    game = ClassStore(db, "amy", cache=player_cache(db, "amy"))
    won = Progress().record("first-throw", LevelResult(completed=True, stars=3))
    assert game.keep_elsewhere(won) is not None  # as a game ends on a database it can't write
    (kept,) = (player_cache(db, "amy") / KEPT_FOLDER).glob("amy-*.json")
    read: list[Path] = []
    reader = elsewhere.read_capped
    monkeypatch.setattr(elsewhere, "read_capped", lambda path: read.append(path) or reader(path))
    assert "is in the class database now" in (take_in_kept(db, "amy") or "")
    assert read == [kept]
    assert _stars(db, "amy") == [("first-throw", 3)] and not kept.exists()


ON_A_MAC = """
import platformdirs, platformdirs.macos
platformdirs.PlatformDirs = platformdirs.macos.MacOS  # ~/Library/Caches, ~/Library/…
assert platformdirs.user_cache_dir("dartfit").endswith("/Library/Caches/dartfit")
"""


def test_a_class_game_on_a_mac_keeps_progress_where_the_host_looks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where platformdirs answer as on macOS (~/Library/Caches, not ~/.cache), the host
    still finds what a student's game kept: it tells the game its cache folder
    (DARTFIT_CACHE_DIR) and its temporary one, and looks in them, whatever the platform's
    own folders. A guard: no Linux folder is assumed (this held before)."""
    import platformdirs
    import platformdirs.macos

    from dartfit.cache import cache_dir

    kept = _game_ends_with_the_database_held(tmp_path, before=ON_A_MAC)
    home = tmp_path / "players" / "amy"
    assert kept.is_relative_to(home / ".cache" / "dartfit")
    assert not (home / "Library").exists()
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    monkeypatch.delenv("DARTFIT_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "teacher"))
    assert cache_dir() == tmp_path / "teacher" / "Library" / "Caches" / "dartfit"  # mocked
    said = take_in_kept(tmp_path / "class.db", "amy")
    assert said == f"amy's progress kept in {kept.parent} is in the class database now"
    assert _stars(tmp_path / "class.db", "amy") == [("first-throw", 3)] and not kept.exists()


def _kept_while_held(db: Path, name: str) -> Path:
    """A game of `name`'s in the class `db` (its cache where the host puts it) that wins a
    level while another program holds the database: the file it kept its win in."""
    store = ClassStore(db, name, timeout=0.05, cache=player_cache(db, name))
    store.load()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        won = lambda p: p.record("first-throw", LevelResult(completed=True, stars=3))  # noqa: E731
        first = store.update(Progress(), won)
        last = store.save_pending(first.progress)  # as the game ends
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        store.close()
    assert last is not None and last.elsewhere, last
    kept = store.elsewhere.held() if store.elsewhere is not None else None
    assert kept is not None
    return kept


def test_two_classes_in_one_folder_keep_their_students_wins_apart(tmp_path: Path) -> None:
    """Two class databases in one folder share a student's folder (players/bob), and the
    file kept for one class's bob was named after it alone: the other class's bob (another
    student, of another period) took the win in at his next game or the host's look, and
    removed it; the bob who won it lost it."""
    first, second = tmp_path / "period-1.db", tmp_path / "period-2.db"
    for db in (first, second):
        with contextlib.closing(connect(db)) as made:
            enrol(made, "bob")
    kept = _kept_while_held(first, "bob")
    assert take_in_kept(second, "bob") is None
    loaded = ClassStore(second, "bob", cache=player_cache(second, "bob"))
    try:
        assert loaded.load().progress.levels == {}
    finally:
        loaded.close()
    assert _stars(second, "bob") == [] and kept.exists()
    assert "is in the class database now" in (take_in_kept(first, "bob") or "")
    assert _stars(first, "bob") == [("first-throw", 3)] and not kept.exists()


def test_one_class_reached_by_two_paths_finds_what_its_games_kept(tmp_path: Path) -> None:
    """A host and a web host of one class, one given its folder through a link: what a
    game of one kept is the same class's, found by the other."""
    (tmp_path / "class").mkdir()
    (tmp_path / "linked").symlink_to(tmp_path / "class")
    db, linked = tmp_path / "class" / "class.db", tmp_path / "linked" / "class.db"
    with contextlib.closing(connect(db)) as made:
        enrol(made, "amy")
    kept = _kept_while_held(db, "amy")
    assert "is in the class database now" in (take_in_kept(linked, "amy") or "")
    assert _stars(db, "amy") == [("first-throw", 3)] and not kept.exists()


def test_two_classes_in_one_folder_give_each_student_a_folder_of_their_own(
    tmp_path: Path,
) -> None:
    """Two class databases in one folder gave their two bobs one folder (players/bob): one
    home, one cache, one place for what each game keeps when its database can't be
    written, for two students of two classes. Each database has its students' folders
    (a host's class.db keeps players/), and one reached through a link has its own."""
    (tmp_path / "linked.db").symlink_to(tmp_path / "period-2.db")
    names = ("class.db", "period-2.db", "period-2.sqlite", "linked.db")
    envs = {db: session.child_env(None, {}, tmp_path / db, "bob") for db in names}
    homes = {db: Path(env["HOME"]) for db, env in envs.items()}
    caches = {db: Path(env["DARTFIT_CACHE_DIR"]) for db, env in envs.items()}
    assert homes["class.db"] == tmp_path / "players" / "bob"
    assert homes["linked.db"] == homes["period-2.db"]
    apart = [homes[db] for db in names[:3]]
    assert all(a == b or not a.is_relative_to(b) for a in apart for b in apart)
    assert len(set(apart)) == 3 and len({caches[db] for db in names[:3]}) == 3
    assert all(caches[db].is_relative_to(homes[db]) for db in names)


class _Game:
    """A game in a test terminal, seen as the host sees one it started (`end_group`)."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc, self.pid = proc, proc.pid

    @property
    def returncode(self) -> int | None:
        return self.proc.poll()

    async def wait(self) -> int:
        return await asyncio.to_thread(self.proc.wait)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")
async def test_a_win_saving_as_the_connection_drops_is_kept_before_the_host_kills_the_game(
    tmp_path: Path,
) -> None:
    """A student won as the class database was held (a teacher's sqlite3 shell), and the
    connection dropped while the win's save waited for it: the game's end (the save under
    way, one more try, then keeping it elsewhere) took longer than the 3 s the host gave it
    after SIGTERM, the host's SIGKILL came first, and the win was lost without a word."""
    db = tmp_path / "class.db"
    with contextlib.closing(connect(db)) as made:
        enrol(made, "amy")
    env = session.child_env(None, {}, db, "amy") | {"PYTHONPATH": os.pathsep.join(sys.path)}
    argv = [sys.executable, "-m", "dartfit", "play", "first-throw"]
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        with Terminal(argv, 80, 24, env=env, cwd=Path.cwd()) as term:
            assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
            mark = len(term.output)
            term.send(b"  ")
            assert term.wait_for("darts left 1", 30.0, since=mark), text_of(bytes(term.output))
            holder.execute("BEGIN EXCLUSIVE")  # held from before the win to after the game
            mark = len(term.output)
            term.send(b" ")  # the win: its save waits for the database
            assert term.wait_for("0.402", 30.0, since=mark), text_of(bytes(term.output))
            await session.end_group(_Game(term.proc))  # the connection dropped: as the host
            status = term.proc.returncode
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert status == 128 + signal.SIGTERM, status  # it ended by itself, not by SIGKILL
    assert take_in_kept(db, "amy") is not None  # the host adds what the game kept
    assert _stars(db, "amy") == [("first-throw", 3)]
