"""`ClassStore`: each student's progress in one SQLite database, for a classroom host.

A host keeps a whole class in `class.db` (WAL mode, so the teacher's board reads while the
students' games write). Each student's progress is the same versioned JSON document as
`progress.json` (`codec`), merged and changed by the model's own rules, so a student keeps
exactly what a local player keeps: the best result wins, resets win over older records,
two sessions never lose each other's stars. Beside the document, one row per level (stars,
best value, hints, first win) is written in the same transaction for the board to read.

Never raises on trouble with the database: a busy database (another writer past
`timeout`), a damaged document or a full disk come back as a warning, and a change that
could not be kept is tried again with the next one, as the file store does.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import sqlite3
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from dartfit.files import kind_at, wrong_kind
from dartfit.progress.class_env import CLASS_DB, CLASS_DB_ENV, CLASS_LIST, GAME_ENV, PLAYER_ENV
from dartfit.progress.codec import (
    CLASS_SETTING,
    MAX_FILE_BYTES,
    MAX_FILE_MIB,
    Newer,
    Salvaged,
    Unreadable,
    decode,
    encode,
    plain,
    without_class,
)
from dartfit.progress.elsewhere import Elsewhere, Found
from dartfit.progress.model import LevelRecord, LevelResult, Progress
from dartfit.progress.store import (
    Change,
    KeepsChanges,
    LoadResult,
    NotSaved,
    Store,
    joined,
    unchanged,
)

SCHEMA = 3
"""The database's own layout (`PRAGMA user_version`); the documents carry theirs. Layout 2
added `attempts.hints`; layout 3 keeps `activity` per game, not per student."""

TABLES = """
CREATE TABLE IF NOT EXISTS players (
    name TEXT PRIMARY KEY,
    key TEXT,                -- the fingerprint of the first public key that used the name
    joined TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS progress (
    name TEXT PRIMARY KEY,
    document BLOB NOT NULL,  -- the same JSON as progress.json
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS levels (
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    completed INTEGER NOT NULL,
    stars INTEGER NOT NULL,
    best_mse REAL,
    best_score REAL,
    hints_used INTEGER,
    presses INTEGER,
    first_won TEXT,
    PRIMARY KEY (name, level)
);
CREATE TABLE IF NOT EXISTS activity (
    name TEXT NOT NULL,
    game TEXT NOT NULL,      -- one game of the student's (a window: its seat on the host)
    level TEXT,              -- the level on screen in it now (NULL: none)
    since TEXT NOT NULL,     -- when it was opened (or left)
    PRIMARY KEY (name, game)
);
CREATE TABLE IF NOT EXISTS attempts (
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    opened INTEGER NOT NULL, -- how many times the level was opened
    seconds REAL NOT NULL,   -- time spent on it in all
    hints INTEGER NOT NULL DEFAULT 0,  -- hints shown on it in all (layout 2)
    PRIMARY KEY (name, level)
);
CREATE TABLE IF NOT EXISTS class (
    key TEXT PRIMARY KEY,    -- the teacher's settings for everyone: levels, paused
    value TEXT NOT NULL      -- JSON
);
CREATE TABLE IF NOT EXISTS seats (
    host TEXT NOT NULL,      -- one running host or serve (a token of its own)
    pid INTEGER NOT NULL,    -- that host's process, to tell a seat left by one that died
    seat TEXT NOT NULL,
    name TEXT NOT NULL,      -- the student playing in it
    PRIMARY KEY (host, seat)
);
CREATE TABLE IF NOT EXISTS aside (
    name TEXT NOT NULL,
    document BLOB NOT NULL,
    reason TEXT NOT NULL,
    moved TEXT NOT NULL
);
"""

TIMEOUT = 2.0  # seconds to wait for another writer before going on without saving
BUSY_RETRY = 0.2
"""Seconds a save waits for the database after a save found it held past TIMEOUT (a
teacher's own sqlite3 shell, say): each save froze the game for the whole wait. Short, not
none: thirty students' saves take turns for milliseconds."""


KEPT_WAIT = 0.05
"""Seconds the host waits for the class database to add a student's progress kept elsewhere
(as a game ends, at each refresh of the board): a database held stalls neither the games'
keys nor the board; it is tried again later."""
NOT_SAVED_IN = "your progress was not saved in the class database"
"""What a game says of a save the class database did not take, before why."""
NOTHING_LOST = "nothing is lost"
"""The end of what the host says of progress kept that the class database can't take yet."""

DOCUMENT = "CAST(document AS BLOB)"
"""A student's document as bytes, however SQLite holds it (select this, not the column): a
row put back by hand (the sqlite3 shell, a database browser) is TEXT, which Python reads as
str (and a TEXT not in UTF-8 could not be read at all)."""


def held(error: sqlite3.Error) -> bool:
    """Whether the database was held by another connection writing it (busy, or a table of
    it locked; each by its code where the error has one, else by its words)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def moment(value: object) -> datetime | None:
    """A time a row of the class database holds, as dartfit writes it (ISO text with its
    zone); None for any other (a row edited by hand: no zone, not a time, not text), which
    the readers pass over rather than fail on."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def amount(value: object) -> float:
    """A count or a number of seconds a row of the class database holds; 0 for one that is
    not a finite number ≥ 0 (a row edited by hand), so that no reader fails on it."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
        if math.isfinite(number) and number >= 0:
            return number
    return 0.0


RECORD_COLUMNS = "completed, stars, best_mse, best_score, hints_used, presses, first_won"
"""The columns of a row of the levels table that hold a level's record (`row_record`)."""


def row_record(*columns: Any) -> LevelRecord | None:
    """The record a row of the levels table holds (its RECORD_COLUMNS), or None for a row
    that is not one the game wrote (edited by hand: 2.5 stars, 9 stars, a count in text):
    the game, the board and the export all pass over such a row."""
    completed, stars, mse, score, hints, presses, first_won = columns
    counts = (completed, stars, *(n for n in (hints, presses) if n is not None))
    values = [v for v in (mse, score) if v is not None]
    if not all(type(n) is int for n in counts) or not all(type(v) in (int, float) for v in values):
        return None
    try:
        return LevelRecord(
            completed=bool(completed),
            stars=stars,
            best_mse=mse,
            best_score=score,
            hints_used=hints,
            presses=presses,
            completed_at=datetime.fromisoformat(first_won) if first_won else None,
        )
    except (ValueError, TypeError, OverflowError):
        return None


def class_settings(db: sqlite3.Connection) -> dict[str, Any]:
    """The teacher's settings for the whole class. A row that is not what dartfit writes (put
    in by hand: text not in UTF-8, JSON nested past the reader's depth) is passed over: read
    as they were, one such row stopped every student's game from starting or saving."""
    found = {}
    rows = db.execute("SELECT CAST(key AS BLOB), CAST(value AS BLOB) FROM class")
    for key, value in rows:
        with contextlib.suppress(ValueError, RecursionError):  # UnicodeDecodeError is one
            if key is not None and value is not None:
                found[key.decode("utf-8")] = json.loads(value.decode("utf-8"))
    return found


def set_class_setting(db: sqlite3.Connection, key: str, value: Any) -> None:
    """Change one of the teacher's settings for the whole class."""
    db.execute(
        "INSERT INTO class (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(value)),
    )


PLAYERS = "players"
"""The folder of the students' own folders, beside a host's class database (`class.db`)."""


def player_folder(path: Path, name: str) -> Path:
    """A student's own folder beside the class database, resolved (their game's home: its
    cache, what it keeps when the database can't be written, screenshots, crash reports,
    notices). A database of another name has a folder of students of its own
    (players-period-2.db/): two databases in one folder gave their two bobs one folder, one
    home for two students of two classes."""
    resolved = Path(os.path.realpath(os.path.expanduser(path)))
    own = PLAYERS if resolved.name == CLASS_DB else f"{PLAYERS}-{resolved.name}"
    return resolved.parent / own / name


def player_cache(path: Path, name: str) -> Path:
    """The cache folder the host gives a student's game (DARTFIT_CACHE_DIR, whatever the
    platform's own: ~/.cache, ~/Library/Caches): the host knows where a game keeps what it
    can't save."""
    return player_folder(path, name) / ".cache" / "dartfit"


def take_in_kept(path: Path, name: str, timeout: float = TIMEOUT) -> str | None:
    """For the host: add into the class database what a student's game kept elsewhere
    (`ClassStore.take_in_kept`); what became of it, for the teacher, or None when nothing
    was kept. Never raises."""
    store = ClassStore(path, name, game="host", timeout=timeout, cache=player_cache(path, name))
    try:
        taken = store.take_in_kept()
    finally:
        store.close()
    if taken is None:
        return None
    held, why = taken
    held = held.parent  # the file's own name starts with the student's (amy-1f2e…), which
    # the board's hidden names left showing; its folder's is a whole word there
    if why is None:
        return f"{name}'s progress kept in {held} is in the class database now"
    if store.read_only:  # neither their next game nor a database written adds it in
        return (
            f"{name}'s progress is kept in {held}, not added: the class database holds theirs"
            " as a newer dartfit saved it, which this one leaves as it is"
        )
    why = why.removeprefix(f"{NOT_SAVED_IN} (").removesuffix(")")  # the database's own
    # added by whichever comes first once the database can be written: nothing adds it on
    # its own meanwhile (the line had read "until … the class database can be written")
    return (
        f"{name}'s progress is kept in {held} until their next game, the board (--board) or"
        f" an export adds it, once the class database can be written ({why}): {NOTHING_LOST}"
    )


def store_from_env(env: Mapping[str, str]) -> ClassStore | None:
    """The class store a host's game was started with, or None for a local game."""
    path, name = env.get(CLASS_DB_ENV), env.get(PLAYER_ENV)
    return ClassStore(Path(path), name, game=env.get(GAME_ENV)) if path and name else None


def connect(path: Path, timeout: float = TIMEOUT) -> sqlite3.Connection:
    """Open (creating if need be) the class database in WAL mode, with its tables."""
    path.parent.mkdir(parents=True, exist_ok=True)
    kind = kind_at(path)
    if kind is not None:  # SQLite said "disk I/O error" of a pipe, of a folder "unable to open"
        raise sqlite3.DatabaseError(wrong_kind(kind, CLASS_LIST))
    # any thread of the game's may use it (SQLite here is serialized: sqlite3.threadsafety
    # 3): the save retried as the game ends runs on a thread of its own, and a connection
    # bound to the main thread refused it, so a class game quit with a change pending lost it
    db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA:
        db.close()
        raise sqlite3.DatabaseError(
            f"{path.name} was made by a newer dartfit (layout {version}, this one reads {SCHEMA})"
        )
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # WAL: a crash loses no committed transaction
    db.executescript(TABLES)  # every table this dartfit knows, whenever the file was made
    columns = {row[1] for row in db.execute("PRAGMA table_info(attempts)")}
    if "hints" not in columns:  # a class list of layout 1
        db.execute("ALTER TABLE attempts ADD COLUMN hints INTEGER NOT NULL DEFAULT 0")
    if "game" not in {row[1] for row in db.execute("PRAGMA table_info(activity)")}:
        # layout 2 kept one row per student: what is on screen now, nothing to carry over
        db.execute("DROP TABLE IF EXISTS activity")
        db.executescript(TABLES)
    if version < SCHEMA:
        db.execute(f"PRAGMA user_version={SCHEMA}")
    return db


PROBE = "dartfit host: a trial save"
"""The name a host's trial save goes under: no student's (a student's name is letters)."""


def check_usable(path: Path, db: sqlite3.Connection) -> None:
    """Raise sqlite3.DatabaseError, saying why, unless a student's progress can be kept in
    the class database: its pages read whole and a trial save (rolled back) goes through.
    A host started on a damaged one (a page of garbage, a table remade by hand with other
    columns) took the class in, and every save of every student failed. A database another
    program holds for writing is passed as it is: saves wait for it, as they always do."""
    (verdict,) = db.execute("PRAGMA quick_check(1)").fetchone()
    if verdict != "ok":
        where = "; ".join(line for line in str(verdict).splitlines() if "***" not in line)
        raise sqlite3.DatabaseError(f"damaged ({where}): a student's progress can't be kept")
    (wait,) = db.execute("PRAGMA busy_timeout").fetchone()
    try:
        db.execute("PRAGMA busy_timeout = 0")
        db.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if held(error):
            return
        raise
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(wait)}")
    try:
        won = Progress().record(PROBE, LevelResult(completed=True, stars=3, mse=0.0))
        ClassStore(path, PROBE)._put(db, won)
        note_playing(db, PROBE, PROBE, PROBE)
        end_game(db, PROBE, PROBE)
    except sqlite3.Error as error:
        why = f"a student's progress can't be saved in it ({error})"
        raise sqlite3.DatabaseError(why) from None
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")


def note_playing(db: sqlite3.Connection, name: str, game: str, level_id: str | None) -> None:
    """In the caller's transaction: the level one game of a student's has on screen now
    (None: none), for the board. Each opening counts an attempt; each leaving adds the time
    spent on the level left that no other window of the student's still on it will count
    (two windows on one level count its time once). The game notes it as the student
    moves, the host as a game ends (`end_game`)."""
    now = datetime.now(UTC)
    row = db.execute(
        "SELECT level, since FROM activity WHERE name = ? AND game = ?", (name, game)
    ).fetchone()
    if row is not None and row[0] is not None and row[0] != level_id:
        (others,) = db.execute(
            "SELECT MIN(since) FROM activity WHERE name = ? AND game != ? AND level = ?",
            (name, game, row[0]),
        ).fetchone()
        start, other = moment(row[1]), moment(others)
        until = min(now, other) if other else now
        spent = (until - start).total_seconds() if start else 0.0
        db.execute(
            "UPDATE attempts SET seconds = seconds + ? WHERE name = ? AND level = ?",
            (max(spent, 0.0), name, row[0]),
        )
    if level_id is not None and (row is None or row[0] != level_id):
        db.execute(
            "INSERT INTO attempts (name, level, opened, seconds) VALUES (?, ?, 1, 0) "
            "ON CONFLICT (name, level) DO UPDATE SET opened = opened + 1",
            (name, level_id),
        )
    if row is None or row[0] != level_id:
        db.execute(
            "INSERT INTO activity (name, game, level, since) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name, game) DO UPDATE SET level = excluded.level, since = excluded.since",
            (name, game, level_id, now.isoformat()),
        )


def end_game(db: sqlite3.Connection, name: str, game: str) -> None:
    """In the caller's transaction: one game of a student's has ended (however: the student
    quit, the connection dropped, the class ended). The time on its level is added, and
    the board no longer counts it; another window of the student's plays on."""
    note_playing(db, name, game, None)
    db.execute("DELETE FROM activity WHERE name = ? AND game = ?", (name, game))


class ClassStore(KeepsChanges, Store):
    """One student's progress in the class database; never raises on database trouble."""

    def __init__(
        self,
        path: Path,
        name: str,
        *,
        game: str | None = None,
        timeout: float = TIMEOUT,
        cache: Path | None = None,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.name = name
        self.game = game or f"pid {os.getpid()}"
        """This game among the student's windows (the host names it; a game started
        otherwise goes by its process)."""
        self.timeout = timeout
        self._db: sqlite3.Connection | None = None
        self._waits = timeout  # the busy wait of the next write: short after one in vain
        # what can't be kept in the database as the game ends (held, full, made read-only)
        # is kept in a file of the student's, for their next game to add in: their win was
        # lost, and the game ended with status 3 (`cache`: the game's cache folder, for
        # the host to find it: `take_in_kept`)
        self.elsewhere = Elsewhere(self.path, cache, student=name)

    @property
    def folder(self) -> Path:
        """The student's own folder beside the database (screenshots, crash reports)."""
        return player_folder(self.path, self.name)

    def take_in_kept(self) -> tuple[Path, str | None] | None:
        """Add what the student's game kept elsewhere (the class database could not be
        written as it ended) into the database now, for the board and the export, and
        remove the kept file once it is in; the merge keeps the best of each level, so a
        game of theirs still playing loses nothing. None when nothing is kept; else the
        kept file and None when it was added, or why it could not be (the file is left
        as it was). Never raises."""
        # a file not to be trusted is not read: not added
        found = None if self.elsewhere is None else self.elsewhere.read()
        if found is None:
            return None
        try:
            self._write(unchanged, found)  # the file read once
        except NotSaved as error:
            return found.shown, str(error)
        return found.shown, None

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = connect(self.path, self.timeout)
        return self._db

    def close(self) -> None:
        """Close the database connection (a later call opens it again)."""
        if self._db is not None:
            self._db.close()
            self._db = None

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: it waits up to `timeout` for another writer, commits what
        the block did, and rolls back if the block raised."""
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back itself
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def load(self) -> LoadResult:
        """Return the student's progress, or empty progress and a warning if it can't be used."""
        try:
            with self._transaction() as db:
                progress, warning = self._read(db)
                progress = self._with_class(db, progress)
            result = LoadResult(progress, warning)
        except sqlite3.Error as error:
            result = LoadResult(
                Progress(), f"the class database can't be read ({plain(str(error))})"
            )
        result = self._look_elsewhere(result)
        self.last_warning = result.warning
        return result

    def _write(self, make: Change, found: Found | None = None) -> tuple[Progress, str | None]:
        """In one transaction: keep make(the kept progress), with what is kept elsewhere
        (`found`, where read already); NotSaved when not kept."""
        if self.read_only:
            raise NotSaved("your progress is read-only this session")
        try:
            self._wait_for_writers(self._waits)
            with self._transaction() as db:
                kept, warning = self._read(db)
                if self.read_only:
                    raise NotSaved(warning or "your progress is read-only; not saved")
                make, elsewhere = self._with_kept(make, found)
                new = self._with_class(db, without_class(make(kept)))
                self._put(db, new)
        except sqlite3.Error as error:
            # held by another writer: for a moment, tried again with the next save (kept
            # elsewhere only as the game ends), as the file store's lock; any other trouble
            # (a full disk, a database made read-only) is kept elsewhere at once
            busy = isinstance(error, sqlite3.OperationalError) and held(error)
            if busy:
                self._waits = min(BUSY_RETRY, self.timeout)
            why = f"{NOT_SAVED_IN} ({plain(str(error))})"
            raise NotSaved(why, passing=busy) from None
        self._waits = self.timeout
        return new, joined(warning, self._taken_back(elsewhere))

    def _homes(self) -> tuple[str, str]:
        return "the class database", "the class database"

    def _wait_for_writers(self, seconds: float) -> None:
        """How long the next transaction waits for another writer (SQLite's busy timeout)."""
        self._connection().execute(f"PRAGMA busy_timeout = {round(seconds * 1000)}")

    def _last_try(self) -> None:
        """As the game ends, a wait no longer holds anything up: the whole TIMEOUT."""
        self._waits = self.timeout

    def playing(self, level_id: str | None) -> None:
        """Note the level the student has on screen (None: they left it), for the board:
        each opening counts an attempt, each leaving adds the time spent. Never raises."""
        with contextlib.suppress(sqlite3.Error, ValueError), self._transaction() as db:
            note_playing(db, self.name, self.game, level_id)

    def hinted(self, level_id: str) -> None:
        """Count a hint shown on a level, for the board. Never raises."""
        with contextlib.suppress(sqlite3.Error), self._transaction() as db:
            db.execute(
                "UPDATE attempts SET hints = hints + 1 WHERE name = ? AND level = ?",
                (self.name, level_id),
            )

    def _read(self, db: sqlite3.Connection) -> tuple[Progress, str | None]:
        """The kept progress; a document that breaks the reader is moved aside (in the
        transaction the caller holds), one from a newer dartfit makes the store read-only."""
        # the size first: a document of 66 MB (the file store reads 4 MiB at most) took
        # the whole start's wait to read, and the student's game ended at every start
        query = f"SELECT length({DOCUMENT}) FROM progress WHERE name = ?"
        size = db.execute(query, (self.name,)).fetchone()
        if size is None:
            return Progress(), None
        row = (
            db.execute(f"SELECT {DOCUMENT} FROM progress WHERE name = ?", (self.name,)).fetchone()
            if (size[0] or 0) <= MAX_FILE_BYTES
            else None
        )
        try:
            if row is None:
                raise Unreadable(f"larger than {MAX_FILE_MIB} MiB")
            return decode(row[0] or b""), None
        except Newer as newer:
            self.read_only = True
            return Progress(), f"your progress was saved by a newer dartfit (schema {newer.schema})"
        except Unreadable as error:
            reason = plain(str(error))
            self._aside(db, reason)
            rebuilt = self._from_rows(db)  # the board's rows hold the stars earned: kept
            if rebuilt.levels:
                self._put(db, rebuilt)
                then = "your stars are back from the class list"
            else:
                db.execute("DELETE FROM progress WHERE name = ?", (self.name,))
                then = "started fresh"
            return rebuilt, f"your saved progress was unreadable ({reason}); kept aside, {then}"
        except Salvaged as salvaged:
            reason = plain(salvaged.reason)
            self._aside(db, reason)
            # a record the salvage left out comes back from its row, and one it mended (its
            # stars read as 1, say) takes the row's best (rows hold what the last save held;
            # a record reset since, with more resets than a row's 0, stays whole)
            rows = self._from_rows(db).levels
            mended = {
                name: record.best_of(rows[name]) if name in rows else record
                for name, record in salvaged.progress.levels.items()
            }
            levels = {**rows, **mended}
            kept = msgspec.structs.replace(salvaged.progress, levels=levels)
            self._put(db, kept)
            return kept, f"your saved progress was damaged: {reason}; kept the rest"

    def _from_rows(self, db: sqlite3.Connection) -> Progress:
        """The levels won, as the board's rows keep them (written with every save): what a
        student earned outlives a document that cannot be read. A row that is not a record
        (edited by hand) is left out."""
        levels: dict[str, LevelRecord] = {}
        rows = db.execute(
            f"SELECT level, {RECORD_COLUMNS} FROM levels WHERE name = ?", (self.name,)
        )
        for level, *columns in rows:
            if (record := row_record(*columns)) is not None:
                levels[str(level)] = record
        with contextlib.suppress(ValueError, TypeError):
            return Progress(levels=levels)
        return Progress()

    def _aside(self, db: sqlite3.Connection, reason: str) -> None:
        """Keep a student's document as it was, for the teacher to look at (copied by the
        database: one too big to read is never read)."""
        db.execute(
            "INSERT INTO aside (name, document, reason, moved) "
            "SELECT name, document, ?, ? FROM progress WHERE name = ?",
            (reason, _now(), self.name),
        )

    @staticmethod
    def _with_class(db: sqlite3.Connection, progress: Progress) -> Progress:
        """The progress with the teacher's settings for the class laid over it."""
        settings = class_settings(db)
        if not settings:
            return progress
        try:
            return progress.with_setting(CLASS_SETTING, settings)
        except (TypeError, ValueError):  # not what a setting may hold: play as if unset
            return progress

    def _put(self, db: sqlite3.Connection, progress: Progress) -> None:
        """Write the document (without the class's settings) and the board's rows."""
        progress = without_class(progress)
        now = _now()
        db.execute(
            "INSERT INTO players (name, joined) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            (self.name, now),
        )
        db.execute(
            "INSERT INTO progress (name, document, updated) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET document = excluded.document, "
            "updated = excluded.updated",
            (self.name, encode(progress), now),
        )
        db.execute("DELETE FROM levels WHERE name = ?", (self.name,))
        db.executemany(
            "INSERT INTO levels (name, level, completed, stars, best_mse, best_score, "
            "hints_used, presses, first_won) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    self.name,
                    level_id,
                    int(record.completed),
                    record.stars,
                    record.best_mse,
                    record.best_score,
                    record.hints_used,
                    record.presses,
                    record.completed_at.isoformat() if record.completed_at else None,
                )
                for level_id, record in progress.levels.items()
            ],
        )
