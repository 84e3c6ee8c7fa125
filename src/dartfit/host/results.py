"""The class's results, read from the class database: one row per student for the board,
one per student and level for a CSV export."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dartfit.printable import escaped
from dartfit.progress.class_store import DOCUMENT, RECORD_COLUMNS, amount, moment, row_record
from dartfit.progress.codec import MAX_FILE_BYTES, Newer, Salvaged, Unreadable, decode
from dartfit.progress.model import LevelRecord

if TYPE_CHECKING:
    from dartfit.levels import Level

# A student may be stuck on a level not yet won: this long on it now, or this many hints
# on it, or opened this many times and this long on it in all.
STUCK_MINUTES = 10.0
STUCK_HINTS = 3
STUCK_TRIES = (4, 6.0)

COLUMNS = (
    "student",
    "level",
    "stars",
    "best_mse",
    "best_score",
    "hints_used",
    "presses",
    "first_won",
    "attempts",
    "minutes",
)


@dataclass(frozen=True)
class Student:
    """One student's line on the board."""

    name: str
    stars: int
    won: int
    level: str | None  # on screen now
    minutes: float  # on that level, this time
    stuck: str  # why the student may be stuck on it ("" if they seem not to be)
    learned: str = ""  # the warm-up's right answers before the campaign → the final check's


def _minutes_since(since: object, now: datetime) -> float:
    start = moment(since)
    return 0.0 if start is None else max((now - start).total_seconds() / 60, 0.0)


def _on_now(db: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """The levels on a student's screen now, each since the first of their windows still
    on it opened it (a second window on it does not start its minutes again)."""
    return {
        (name, level): since
        for name, level, since in db.execute(
            "SELECT name, level, MIN(since) FROM activity WHERE level IS NOT NULL "
            "GROUP BY name, level"
        )
    }


def _stuck(db: sqlite3.Connection, name: str, level: str, minutes: float) -> str:
    """Why a student may be stuck on the level on their screen, in a few words, or ""."""
    won = db.execute(
        "SELECT completed FROM levels WHERE name = ? AND level = ?", (name, level)
    ).fetchone()
    if won and won[0]:
        return ""
    row = db.execute(
        "SELECT opened, seconds, hints FROM attempts WHERE name = ? AND level = ?", (name, level)
    ).fetchone() or (0, 0.0, 0)
    opened, seconds, hints = (amount(value) for value in row)
    signs = []
    if minutes >= STUCK_MINUTES:
        signs.append(f"{minutes:.0f} min")
    if hints >= STUCK_HINTS:
        signs.append(f"{hints:.0f} hints")
    if opened >= STUCK_TRIES[0] and seconds / 60 + minutes >= STUCK_TRIES[1]:
        signs.append(f"{opened:.0f} tries")
    return ", ".join(signs)


def students(
    db: sqlite3.Connection, now: datetime | None = None, refused: Collection[str] = ()
) -> list[Student]:
    """Every student who has joined, in name order, with where they are and how it goes:
    the stars each counts as their game does (`campaign.counted`: none on a level of the
    class's that `dartfit check` refuses, `refused`), and the levels won."""
    now = now or datetime.now(UTC)
    totals: dict[str, tuple[int, int]] = {}
    for name, level, *columns in db.execute(f"SELECT name, level, {RECORD_COLUMNS} FROM levels"):
        if (record := row_record(*columns)) is not None:  # as the student's game reads it
            stars, won = totals.get(name, (0, 0))
            counted = 0 if level in refused else record.stars
            totals[name] = (stars + counted, won + record.completed)
    names = {row[0] for row in db.execute("SELECT name FROM players")} | set(totals)
    on_now = _on_now(db)
    where = {  # of a student's windows, the level opened last, since the first still on it
        name: (level, on_now[name, level])
        for name, level, _ in db.execute(
            "SELECT name, level, MAX(since) FROM activity WHERE level IS NOT NULL GROUP BY name"
        )
    }
    documents = {
        name: document or b""  # as a student's game reads it
        for name, document in db.execute(f"SELECT name, {DOCUMENT} FROM progress")
    }
    names |= set(where)
    board = []
    # a name not in text is no student's (the host lets in names of letters), but a row
    # put in by hand: sorted with the others, it stopped the board
    for name in sorted(name for name in names if isinstance(name, str)):
        stars, won = totals.get(name, (0, 0))
        level, since = where.get(name, (None, None))
        minutes = _minutes_since(since, now) if level else 0.0
        stuck = _stuck(db, name, level, minutes) if level else ""
        learned = _learned(documents.get(name))
        board.append(Student(name, stars, won, level, minutes, stuck, learned))
    return board


def _learned(document: bytes | None) -> str:
    """The warm-up's right answers before the campaign and the final check's after it, as
    "4/10 → 7/10" ("4/10 →" before the final check; "" before the warm-up)."""
    if document is None or len(document) > MAX_FILE_BYTES:  # as a student's game reads it
        return ""
    try:
        answers = decode(document).answers.values()
    except (Unreadable, Newer, Salvaged):
        return ""
    before = [a.before for a in answers if a.before is not None]
    after = [a.after for a in answers if a.after is not None]
    if not before:
        return ""
    shown = f"{sum(before)}/{len(before)} →"
    return f"{shown} {sum(after)}/{len(after)}" if after else shown


def class_levels(levels: Path | None) -> list[Level] | None:
    """The class's levels (the shipped campaign's by default); None when they can't be
    read (then scores are exported as kept, and every star counts)."""
    from dartfit.levels import LevelError, default_levels_dir, load_levels

    try:
        return load_levels(levels or default_levels_dir())
    except LevelError:
        return None


def scored_levels(found: Sequence[Level] | None) -> set[str] | None:
    """The ids of the levels whose score is their value, where higher is better ("≥
    target"); None when the levels can't be read (`class_levels`)."""
    if found is None:
        return None
    return {lv.id for lv in found if lv.spec.target.type == "at_least"}


def refused_levels(found: Sequence[Level] | None) -> frozenset[str]:
    """The class's levels (its own files) that `dartfit check` refuses as unwinnable: a
    student's game counts no star on them (`campaign.counted`), nor does the board; none
    when the levels can't be read. Slow on big data: asked on a thread."""
    from dartfit import campaign

    return frozenset(campaign.refused_levels(found or ()))


def export_csv(
    db: sqlite3.Connection,
    out: TextIO,
    scored: set[str] | None = None,
    refused: Collection[str] = (),
) -> int:
    """Write one CSV row per student and level played; return how many rows. With `scored`,
    the levels whose score is their value ("≥ target"): elsewhere a best_score kept by an
    earlier dartfit was the worst run's MSE or count of wrong picks, and is left out. On a
    level `dartfit check` refuses (`refused`) no star counts, as on the board."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    played = ", ".join(f"l.{column}" for column in RECORD_COLUMNS.split(", "))
    rows = db.execute(
        f"SELECT l.name, l.level, {played}, a.opened, a.seconds FROM levels l "
        "LEFT JOIN attempts a ON a.name = l.name AND a.level = l.level "
        "UNION SELECT a.name, a.level, 0, 0, NULL, NULL, NULL, NULL, NULL, a.opened, a.seconds "
        "FROM attempts a WHERE NOT EXISTS (SELECT 1 FROM levels l "
        "WHERE l.name = a.name AND l.level = a.level) ORDER BY 1, 2"
    ).fetchall()
    on_now, now = _on_now(db), datetime.now(UTC)
    written = 0
    for name, level, *columns, opened, seconds in rows:
        if not (isinstance(name, str) and isinstance(level, str)):
            continue  # no student's or level's (the host lets in names of letters): by hand
        # a row edited by hand that is no record counts nothing, as in the student's game
        record = row_record(*columns) or LevelRecord()
        if seconds is not None:  # and the time on a level still on the student's screen
            seconds = amount(seconds) + 60 * _minutes_since(on_now.get((name, level)), now)
        writer.writerow(
            [
                escaped(name),  # an escape in it recoloured the terminal of `--export -`
                escaped(level),
                0 if level in refused else record.stars,
                record.best_mse,
                record.best_score if scored is None or level in scored else None,
                record.hints_used,
                record.presses,
                record.completed_at.isoformat() if record.completed_at else None,
                None if opened is None else int(amount(opened)),
                None if seconds is None else round(seconds / 60, 1),
            ]
        )
        written += 1
    return written
