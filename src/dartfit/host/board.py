"""The teacher's board: the class live on the host's own terminal (`dartfit host --board`).

One row per student: ● when playing now, stars, levels won, the level on screen now and
for how long, and a flag when a student seems stuck on a level not yet won (long on it,
many hints, or many tries). Keys:
`a` hides the names (animals instead, for projecting), `m` sends a message to every
student playing, `p` pauses every game (eyes on the teacher) and lets them play on, `o`
sets which levels are open to the class, `v` saves a picture of the chosen student's
screen, `e` writes the results as CSV in the host's folder, ctrl+q ends the class.
"""

from __future__ import annotations

import re
import sqlite3
from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from textwrap import wrap
from typing import Protocol

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.driver import Driver
from textual.widgets import DataTable, Footer, Header, Input, Log

from dartfit.digest import sha256_hex
from dartfit.host.results import (
    Student,
    class_levels,
    export_csv,
    refused_levels,
    scored_levels,
    students,
)
from dartfit.host.roster import NAMED, student_name
from dartfit.mend import mend_textual
from dartfit.printable import escaped
from dartfit.progress.class_store import KEPT_WAIT, take_in_kept
from dartfit.steady.drivers import keeps_writing
from dartfit.toasts import BreaksPaths

ANIMALS = (
    "otter", "heron", "lynx", "badger", "finch", "gecko", "koala", "marten", "newt", "orca",
    "panda", "quail", "raven", "stoat", "tapir", "viper", "walrus", "yak", "zebra", "bison",
)  # fmt: skip
REFRESH = 2.0  # seconds between readings of the class database
LOOK_WAIT = 1.5  # seconds a game has to save a picture of its screen
LOG_LINES = 200  # of the host's log, under the table


def animal(name: str) -> str:
    """A stable stand-in for a name (the same student keeps the same animal)."""
    digest = int(sha256_hex(name.encode()), 16)
    return f"{ANIMALS[digest % len(ANIMALS)]}-{digest % 97:02d}"


def masked(line: str, names: Iterable[str]) -> str:
    """A line of the host's log with every student's name, and every name refused, as its
    animal (the board's log showed the names the table hid)."""
    line = NAMED.sub(lambda found: f'"{animal(found[1])}"', line)
    known = sorted(set(names), key=len, reverse=True)  # "ann" must not cut "anna" in two
    if not known:
        return line
    words = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, known)) + r")(?![\w.-])")
    return words.sub(lambda found: animal(found[0]), line)


class Teacher(Protocol):
    """What the board asks of the host."""

    def online(self) -> set[str]: ...
    def broadcast(self, text: str) -> int: ...
    def pause(self, paused: bool) -> int: ...
    def pace(self, window: tuple[int, int] | None) -> int: ...
    def settings(self) -> dict[str, object]: ...
    def look(self, name: str) -> Path | None: ...
    def log(self, line: str) -> None: ...


MAX_LEVEL = 9999  # no campaign is longer: a range past it is a typing slip


def parse_window(text: str) -> tuple[int, int] | None:
    """'3-6' (or '3 6', '3–6', '3 to 6', '4'): levels 3 to 6; '' or 'all': None.
    ValueError, saying why in a line, if it is not a range of level numbers."""
    words = text.lower().replace("-", " ").replace("–", " ").replace("to", " ").split()
    if not words or words == ["all"]:
        return None
    wrong = ValueError(f"not a range of level numbers (like 3-6, or empty for all): {text!r}")
    if len(words) > 2 or not all(word.isdecimal() and len(word) <= 4 for word in words):
        raise wrong
    first, last = int(words[0]), int(words[-1])
    if not 1 <= first <= last <= MAX_LEVEL:
        raise wrong
    return first, last


def as_it_is(text: str) -> Text:
    """A name or a level from the class database, for a cell of the board: never read as
    markup (a name "[/b]" put in by hand stopped the board, and the class, with a
    traceback), its hidden characters written out (an escape recoloured the terminal)."""
    return Text(escaped(text), end="")


class ClassBoard(BreaksPaths):
    """The class at a glance, refreshed every two seconds."""

    TITLE = "dartfit host"
    CSS_PATH = "board.tcss"
    ENABLE_COMMAND_PALETTE = False  # every action is a key in the footer
    BINDINGS = [
        Binding("m", "message", "Message"),
        Binding("p", "pause", "Pause"),
        Binding("o", "pace", "Levels"),
        Binding("v", "look", "Look"),
        Binding("a", "anonymise", "Hide names"),
        Binding("e", "export", "CSV"),
        Binding("ctrl+q,ctrl+c", "quit", "End class", priority=True),
    ]

    def __init__(
        self,
        db_path: Path,
        folder: Path,
        teacher: Teacher,
        started: str,
        levels: Path | None = None,
    ) -> None:
        mend_textual()  # a leak of every widget's drawn lines (dartfit.mend)
        super().__init__()
        self.levels = levels  # the class's levels: which have a score to export
        self.teacher = teacher
        self.db = sqlite3.connect(db_path, check_same_thread=False)
        self.db_path = db_path
        self._kept_said: dict[str, str | None] = {}  # what the board said of kept progress
        self.folder = folder
        self.sub_title = started
        self.asking = ""  # what the line at the bottom is asking for: "message" or "levels"
        self.names: list[str] = []  # the students, row by row
        self.hidden = False
        self.mounted = False
        self._pending: list[str] = []
        self._said: deque[str] = deque(maxlen=LOG_LINES)  # as said: shown again when masked
        self.refused: frozenset[str] = frozenset()  # levels check refuses: no star counts

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, its output kept going when the teacher's terminal closes (the
        host hung for good, the class with it, as the board ended)."""
        return keeps_writing(super().get_driver_class())

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Log(max_lines=LOG_LINES)
        yield Input(placeholder="A message for every student playing (enter sends, esc not)")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("", "student", "★", "won", "learned", "on level", "min", "")
        self.mounted = True
        if self.teacher.settings().get("paused") is True:  # kept from the last class
            self.sub_title += " · PAUSED"
        for line in self._pending:
            self.say(line)
        self.refresh_board()
        self.set_interval(REFRESH, self.refresh_board)
        self._judge_levels()

    @work(thread=True, exit_on_error=False)
    def _judge_levels(self) -> None:
        """Which of the class's levels `dartfit check` refuses, then the board counted again
        (a student's game counts no star there: the board counted them all)."""
        refused = refused_levels(class_levels(self.levels))
        if refused:
            self.call_from_thread(self._judged, refused)

    def _judged(self, refused: frozenset[str]) -> None:
        self.refused = refused
        self.refresh_board()

    def say(self, line: str) -> None:
        """Show one line of the host's log under the table (kept until the board is up;
        dropped once it has closed: host.log keeps every line)."""
        if self.mounted and not self.is_running:
            return
        if not self.mounted:
            self._pending.append(line)
            return
        self._said.append(line)
        self._write(line)

    def _write(self, line: str, names: list[str] | None = None) -> None:
        """One line into the log, names hidden when asked (`names`: the students, when the
        caller has read them already)."""
        log = self.query_one(Log)
        if self.hidden:
            line = masked(line, self._students() if names is None else names)
        width = (log.scrollable_content_region.width or self.size.width) - 1
        # Textual's Log cuts a long line at its edge (the host key's fingerprint lost its
        # last characters at 80 columns): wrapped here, the rest of a line indented
        log.write_lines(wrap(line, max(width, 20), subsequent_indent="  ") or [""])

    def _students(self) -> list[str]:
        """Every student on the class list now (one who just joined too)."""
        try:
            query = (
                "SELECT name FROM players UNION SELECT name FROM progress "
                "UNION SELECT name FROM activity"
            )
            return [*self.names, *(name for (name,) in self.db.execute(query))]
        except sqlite3.Error:
            return self.names

    def refresh_board(self) -> None:
        """Read the class database and redraw the table (not once the board is closing: its
        timer can fire after the table has gone)."""
        if not self.is_running:
            return
        self._take_in_kept()
        try:
            board = students(self.db, refused=self.refused)
        except sqlite3.Error as error:
            self.say(f"the class database can't be read: {error}")
            return
        table = self.query_one(DataTable)
        row = table.cursor_row  # before clear(), which puts it back on the first row
        chosen = self.names[row] if 0 <= row < len(self.names) else None
        table.clear()
        online = self.teacher.online()
        self.names = [student.name for student in board]
        for student in board:
            table.add_row(*self._cells(student, student.name in online))
        if board:  # on the same student (one who joined may have come before them)
            row = self.names.index(chosen) if chosen in self.names else row
            table.move_cursor(row=min(row, len(board) - 1))

    def _take_in_kept(self) -> None:
        """Add to the class database the progress a student's game kept elsewhere as it
        ended (the database held, full or read-only): the board showed those stars only
        after the student's next game. What could not be added yet is said once, and
        tried again at each refresh."""
        for name in dict.fromkeys(self._students()):
            if student_name(name) != name:
                continue  # a name not a student's (edited by hand): no folder of theirs
            said = take_in_kept(self.db_path, name, KEPT_WAIT)
            if said is not None and self._kept_said.get(name) != said:
                self.teacher.log(said)  # in host.log too, and here with its time
            self._kept_said[name] = said

    def _cells(self, student: Student, online: bool) -> tuple[str | Text, ...]:
        name = animal(student.name) if self.hidden else student.name
        here = online and student.level
        return (
            "●" if online else "",
            as_it_is(name),
            str(student.stars),
            str(student.won),
            student.learned,
            as_it_is(student.level or "—") if online else "",
            f"{student.minutes:.0f}" if here else "",
            f"stuck? {student.stuck}" if here and student.stuck else "",
        )

    def action_anonymise(self) -> None:
        self.hidden = not self.hidden
        self.refresh_board()
        self.query_one(Log).clear()
        names = self._students()  # read once, not once a line (200 of them)
        for line in self._said:  # the log too: names, or their animals
            self._write(line, names)

    def _ask(self, what: str, placeholder: str) -> None:
        self.asking = what
        box = self.query_one(Input)
        box.placeholder = placeholder
        box.add_class("-shown")
        box.focus()

    def _done_asking(self) -> None:
        box = self.query_one(Input)
        box.value = ""
        box.remove_class("-shown")
        self.asking = ""
        self.query_one(DataTable).focus()

    def action_message(self) -> None:
        self._ask("message", "A message for every student playing (enter sends, esc not)")

    def action_pace(self) -> None:
        self._ask("levels", "Levels open to the class, e.g. 3-6 (empty: as usual; esc: no change)")

    def action_pause(self) -> None:
        paused = self.teacher.settings().get("paused") is True
        reached = self.teacher.pause(not paused)
        state = "playing on" if paused else "paused: eyes on the teacher"
        self.say(f"class {state} ({reached} game{'s' * (reached != 1)} told)")
        self.sub_title = self.sub_title.split(" · ")[0] + ("" if paused else " · PAUSED")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = " ".join(event.value.split())
        asking = self.asking
        self._done_asking()
        if asking == "message" and text:
            sent = self.teacher.broadcast(text)  # to each game: a student may have two
            self.say(f"message sent ({sent} game{'s' * (sent != 1)} told): {text}")
        elif asking == "levels":
            try:
                window = parse_window(text)
            except ValueError as error:
                # it quotes what the teacher typed: text, not markup ("[/b]" ended the board)
                self.notify(str(error), severity="error", markup=False)
                return
            told = self.teacher.pace(window)
            opened = f"levels {window[0]} to {window[1]}" if window else "levels as usual"
            self.say(f"open to the class: {opened} ({told} game{'s' * (told != 1)} told)")

    def key_escape(self) -> None:
        if self.query_one(Input).has_class("-shown"):
            self._done_asking()

    def action_look(self) -> None:
        """A picture of the chosen student's screen, as an SVG file to open in a browser."""
        row = self.query_one(DataTable).cursor_row
        if not 0 <= row < len(self.names):
            return
        name = self.names[row]
        shown = animal(name) if self.hidden else name
        path = self.teacher.look(name)
        if path is None:
            self.notify(f"{shown} is not playing now", severity="warning", markup=False)
            return
        self.set_timer(LOOK_WAIT, lambda: self._looked(shown, path))

    def _looked(self, shown: str, path: Path) -> None:
        if path.is_file():
            said = f"{shown}'s screen: {path} (open it in a browser)"
            self.notify(said, title="Screen", markup=False)
        else:
            self.notify(f"{shown}'s game did not answer", severity="warning", markup=False)

    def action_export(self) -> None:
        path = self.folder / f"results-{datetime.now(UTC):%Y%m%d-%H%M%S}.csv"
        self._take_in_kept()
        try:
            with path.open("w", encoding="utf-8", newline="") as out:
                scored = scored_levels(class_levels(self.levels))
                rows = export_csv(self.db, out, scored, self.refused)
        except (OSError, sqlite3.Error) as error:
            self.notify(f"not exported: {error}", severity="error", markup=False)
            return
        # the name on a line of its own: the toast broke it mid-name after its long folder
        said = f"{rows} rows written to\n{path.name}\nin {path.parent}"
        self.notify(said, title="Results", markup=False)
