"""The teacher's board: the class live on the host's own terminal (`dartfit host --board`).

One row per student: ● when playing now, stars, levels won, the level on screen now and for
how long, and a flag when a student seems stuck (long on a level not yet won). Keys: `a`
hides the names (animals instead, for projecting), `m` sends a message to every student
playing, `e` writes the results as CSV in the host's folder, ctrl+q ends the class.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Input, Log

from dartfit.host.results import Student, export_csv, students

ANIMALS = (
    "otter", "heron", "lynx", "badger", "finch", "gecko", "koala", "marten", "newt", "orca",
    "panda", "quail", "raven", "stoat", "tapir", "viper", "walrus", "yak", "zebra", "bison",
)  # fmt: skip
REFRESH = 2.0  # seconds between readings of the class database


def animal(name: str) -> str:
    """A stable stand-in for a name (the same student keeps the same animal)."""
    digest = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    return f"{ANIMALS[digest % len(ANIMALS)]}-{digest % 97:02d}"


class ClassBoard(App[None]):
    """The class at a glance, refreshed every two seconds."""

    TITLE = "dartfit host"
    CSS_PATH = "board.tcss"
    BINDINGS = [
        Binding("a", "anonymise", "Hide names"),
        Binding("m", "message", "Message all"),
        Binding("e", "export", "Export CSV"),
        Binding("ctrl+q,ctrl+c", "quit", "End the class", priority=True),
    ]

    def __init__(
        self,
        db_path: Path,
        folder: Path,
        broadcast: Callable[[str], int],
        online: Callable[[], set[str]],
        started: str,
    ) -> None:
        super().__init__()
        self.online = online
        self.db = sqlite3.connect(db_path, check_same_thread=False)
        self.folder = folder
        self.broadcast = broadcast
        self.sub_title = started
        self.hidden = False
        self.mounted = False
        self._pending: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Log(max_lines=200)
        yield Input(placeholder="A message for every student playing (enter sends, esc not)")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("", "student", "★", "won", "on level", "min", "")
        self.mounted = True
        for line in self._pending:
            self.say(line)
        self.refresh_board()
        self.set_interval(REFRESH, self.refresh_board)

    def say(self, line: str) -> None:
        """Show one line of the host's log under the table (kept until the board is up)."""
        if not self.mounted:
            self._pending.append(line)
            return
        self.query_one(Log).write_line(line)

    def refresh_board(self) -> None:
        """Read the class database and redraw the table."""
        try:
            board = students(self.db)
        except sqlite3.Error as error:
            self.say(f"the class database can't be read: {error}")
            return
        table = self.query_one(DataTable)
        table.clear()
        online = self.online()
        for student in board:
            table.add_row(*self._cells(student, student.name in online))

    def _cells(self, student: Student, online: bool) -> tuple[str, ...]:
        name = animal(student.name) if self.hidden else student.name
        here = online and student.level
        return (
            "●" if online else "",
            name,
            str(student.stars),
            str(student.won),
            (student.level or "—") if online else "",
            f"{student.minutes:.0f}" if here else "",
            "stuck?" if here and student.stuck else "",
        )

    def action_anonymise(self) -> None:
        self.hidden = not self.hidden
        self.refresh_board()

    def action_message(self) -> None:
        box = self.query_one(Input)
        box.add_class("-shown")
        box.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = " ".join(event.value.split())
        event.input.value = ""
        event.input.remove_class("-shown")
        self.query_one(DataTable).focus()
        if text:
            sent = self.broadcast(text)
            self.say(f"message sent to {sent} student{'s' * (sent != 1)}: {text}")

    def key_escape(self) -> None:
        box = self.query_one(Input)
        if box.has_class("-shown"):
            box.value = ""
            box.remove_class("-shown")
            self.query_one(DataTable).focus()

    def action_export(self) -> None:
        path = self.folder / f"results-{datetime.now(UTC):%Y%m%d-%H%M%S}.csv"
        try:
            with path.open("w", encoding="utf-8", newline="") as out:
                rows = export_csv(self.db, out)
        except (OSError, sqlite3.Error) as error:
            self.notify(f"not exported: {error}", severity="error")
            return
        self.notify(f"{rows} rows written to {path}", title="Results")
