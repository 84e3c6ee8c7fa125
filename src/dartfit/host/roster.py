"""Students' names, and the public key each name belongs to once a key has used it."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime

from dartfit.printable import quoted

NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,31}")
NAME_RULE = "1 to 32 letters (a to z), digits, '.', '_' or '-', starting with a letter or digit"


def named(user: str) -> str:
    """A name as the host's log says it, a student's or whatever a login gave: in double
    quotes (a quote or backslash in it escaped), hidden characters written out, a long one
    cut. The board finds each name so said (`NAMED`) and hides it with the others: said as
    Python's repr, a name with an apostrophe came in double quotes and was shown, and a
    wrong class code's or a browser's refused name was shown whenever it was on no list."""
    return quoted(user.replace("\\", "\\\\").replace('"', '\\"'))


NAMED = re.compile(r'"((?:[^"\\]|\\.)*)"')
"""A name in a line of the host's log, as `named` says it (the name as said is group 1)."""


def student_name(user: str) -> str | None:
    """Return the student's name for an SSH user name (lower case), or None if not allowed."""
    name = user.lower()
    return name if NAME.fullmatch(name) else None


def bound_key(db: sqlite3.Connection, name: str) -> str | None:
    """Return the fingerprint of the key that owns a name, or None if no key has used it."""
    row = db.execute("SELECT key FROM players WHERE name = ?", (name,)).fetchone()
    return None if row is None else row[0]


def enrol(db: sqlite3.Connection, name: str) -> None:
    """Put a student on the class list the first time they join."""
    db.execute(
        "INSERT INTO players (name, joined) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        (name, datetime.now(UTC).isoformat(timespec="seconds")),
    )


def bind_key(db: sqlite3.Connection, name: str, fingerprint: str) -> bool:
    """Give an unowned name to a key that has none yet; True when the name is (now) that
    key's."""
    if name_of_key(db, fingerprint) not in (None, name):
        return False
    db.execute(
        "INSERT INTO players (name, key, joined) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET key = excluded.key WHERE players.key IS NULL",
        (name, fingerprint, datetime.now(UTC).isoformat(timespec="seconds")),
    )
    return bound_key(db, name) == fingerprint


def name_of_key(db: sqlite3.Connection, fingerprint: str) -> str | None:
    """The name a key already plays under, or None: a key keeps one name."""
    row = db.execute("SELECT name FROM players WHERE key = ?", (fingerprint,)).fetchone()
    return None if row is None else row[0]


def free_name(db: sqlite3.Connection, name: str) -> str | None:
    """A name like `name` that no student has yet (name2, name3, …), or None."""
    for n in range(2, 100):
        candidate = f"{name[: 32 - len(str(n))]}{n}"
        used = db.execute("SELECT 1 FROM players WHERE name = ?", (candidate,)).fetchone()
        if used is None and NAME.fullmatch(candidate):
            return candidate
    return None


def taken(db: sqlite3.Connection, name: str, *, just_now: bool = False) -> str:
    """What a student is told whose name belongs to another key: `just_now` when the two
    keys claimed it at the same moment and the other got there first."""
    free = free_name(db, name)
    offer = f"; {free} is free" if free is not None else ""
    if just_now:
        return (
            f"the name {name} belongs to another student's key, which took it a moment"
            f" before yours: connect with another name{offer}"
        )
    return (
        f"the name {name} belongs to another student's key;"
        f" connect with your own name (or your key){offer}"
    )
