"""The SSH side of the classroom host (asyncssh): who may join, what is refused, the log.

Joining: the SSH user name is the student's name. With `open`, nothing more is asked;
with a class code, keyboard-interactive asks for it; with `keys`, only the public keys in
an authorized_keys file get in. In every mode a public key, when offered, binds the name
to that key: the first key to use a name keeps it, and the name then needs that key.

Refused, each with one line to the client: commands (`ssh host ls`), subsystems (sftp,
scp), sessions without a pty, names that break the rule, a class that is full, and more
than `MAX_SESSIONS` sessions on one connection. Port, agent and X11 forwarding are off; of
the variables a client sends, only the locale's are kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import signal
import sqlite3
import sys
import time
import unicodedata
import uuid
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TextIO

import asyncssh
from asyncssh.sftp import MIN_SFTP_VERSION

from dartfit import stdio
from dartfit.host import session
from dartfit.host.keys import read_keys
from dartfit.host.limits import Limits, told
from dartfit.host.roster import (
    NAME_RULE,
    bind_key,
    bound_key,
    enrol,
    name_of_key,
    named,
    student_name,
    taken,
)
from dartfit.host.warm import WarmStarter
from dartfit.notice import SCREENSHOT, Notice, notice_folder, write_notice
from dartfit.progress.class_env import CLASS_DB as CLASS_DB  # the host's, here too
from dartfit.progress.class_env import GAME_ENV
from dartfit.progress.class_store import (
    KEPT_WAIT,
    TIMEOUT,
    check_usable,
    class_settings,
    connect,
    end_game,
    player_folder,
    set_class_setting,
    take_in_kept,
)

HOST_KEY = "host_key"
LOG = "host.log"
CLASS_ENDED = "the class has ended; your progress is saved"
"""What a student is told as the teacher ends the class (over SSH and in the browser)."""
STOPPED_WITH_AN_ERROR = (
    "the game stopped with an error; your progress is saved, and your teacher can see why"
)
"""What a student is told when their game ended itself with an error (SSH or browser)."""
NOT_SAVED = "the game could not save your progress as it ended; your teacher can see why"
"""What a student is told when their game ended with progress it could not keep."""


def ended_itself(status: int | None) -> str | None:
    """What to tell a student whose game ended itself with this status, or None."""
    if status == stdio.NOT_SAVED:
        return NOT_SAVED
    return None if status in (0, None) else STOPPED_WITH_AN_ERROR


def ended_by(status: int | None) -> str:
    """How a game ended, for the log: its exit status, or the signal that ended it (TERM:
    the host's, as the connection closed or the class ended; KILL: the host's after the
    grace, when TERM did not end it, or the machine's)."""
    if status is None:
        return "never started"
    if status >= 0:
        return f"status {status}"
    try:
        return f"ended by {signal.Signals(-status).name}"
    except ValueError:
        return f"ended by signal {-status}"


ONLY_THE_GAME = "only the game is served here: connect with no command (ssh -p PORT NAME@HOST)"
MAX_TRIES = 6  # keyboard-interactive tries (class codes) on one connection
GAMES_PER_NAME = 2  # windows one student may play in at once
SEATS_WAIT = 0.05  # seconds a seat's row waits for a database another program holds
SESSION_WAIT = 60.0  # seconds a login may stay without asking for a session
REFUSAL_WAIT = 5.0  # seconds a refused connection has to ask to log in and be told why
MAX_SESSIONS = 10
"""Sessions one connection may hold open at once, as OpenSSH's own server allows: a game,
a second window sharing the connection (ssh's ControlMaster). 20,000 opened and left
without a request held 70 MB of the host's memory for as long as the client liked."""


@dataclass(frozen=True)
class HostConfig:
    """How a class is hosted: where, who may join, and how many at once."""

    folder: Path
    bind: str = "127.0.0.1"
    port: int = 2222
    max_players: int = 40
    class_code: str | None = None
    authorized_keys: Path | None = None
    levels: Path | None = None
    grace: float = session.GRACE
    warm: bool = True
    """Fork each game from a process that has imported it already (else start it cold)."""
    limits: Limits = field(default_factory=Limits)
    game_args: tuple[str, ...] = field(default_factory=tuple)

    @property
    def mode(self) -> str:
        """'keys', 'code' or 'open'."""
        if self.authorized_keys is not None:
            return "keys"
        return "code" if self.class_code is not None else "open"

    def is_class_code(self, typed: str | bytes) -> bool:
        """Whether a student typed the class code: spaces around it aside, its letters
        however composed (é typed as e and an accent, as some keyboards send it)."""
        if isinstance(typed, bytes):
            typed = typed.decode("utf-8", "replace")
        right = class_code_bytes(self.class_code or "")
        return hmac.compare_digest(class_code_bytes(typed), right)


def class_code_bytes(text: str) -> bytes:
    """A class code as compared: without the spaces around it, composed (NFC), in UTF-8."""
    return unicodedata.normalize("NFC", text.strip()).encode("utf-8", "surrogatepass")


def host_key(folder: Path) -> asyncssh.SSHKey:
    """The host's key: made once (mode 0600) in the folder, then reused."""
    path = folder / HOST_KEY
    if not path.exists():
        key = asyncssh.generate_private_key("ssh-ed25519")
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(key.export_private_key())
    return asyncssh.read_private_key(path)


@dataclass
class Game:
    """A student's game in play: who, and its process once started."""

    name: str
    pid: int | None = None
    status: int | None = None
    """The game's exit status once it has ended (negative: the signal that ended it)."""
    why: str = "the host ended the class"
    """Why the game ended, for the log and the student."""
    seat: str = field(default_factory=lambda: uuid.uuid4().hex)
    """The game's own token: its seat in the class database, and its row on the board."""

    def started(self, pid: int) -> None:
        """Note the game's process id."""
        self.pid = pid

    def ended(self, status: int | None) -> None:
        """Note the game's exit status (negative: the signal that ended it)."""
        self.status = status

    def env(self, env: Mapping[str, str]) -> dict[str, str]:
        """The game's environment: the student's, and the game's own token."""
        return {**env, GAME_ENV: self.seat}


class RateLimit:
    """New connections per address: a burst the size of a class (students behind one school
    address arrive together), then `per_second` on average. A connection that logs in gives
    its token back, so a class that has logged in spends none of it; connections that never
    log in do, and hold the next ones up until it fills again."""

    def __init__(self, burst: int, per_second: float = 1.0) -> None:
        self.burst = burst
        self.per_second = per_second
        self._tokens: dict[str, tuple[float, float]] = {}

    def _left(self, address: str, now: float) -> float:
        """The tokens an address has now (the burst for one not seen lately)."""
        tokens, then = self._tokens.get(address, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - then) * self.per_second)

    def allow(self, address: str, now: float | None = None) -> bool:
        """Take one connection for an address; False when it is over the limit."""
        now = time.monotonic() if now is None else now
        tokens = self._left(address, now)
        allowed = tokens >= 1.0
        self._tokens[address] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._tokens) > 10_000:  # forget addresses that have filled up again
            full = [a for a, (t, w) in self._tokens.items() if t + (now - w) >= self.burst]
            for stale in full:
                del self._tokens[stale]
        return allowed

    def spent(self, address: str, now: float | None = None) -> bool:
        """Whether an address has used up its burst for now (nothing is taken)."""
        return self._left(address, time.monotonic() if now is None else now) < 1.0

    def give_back(self, address: str) -> None:
        """A connection from this address logged in: it does not count against the burst."""
        if address in self._tokens:
            tokens, then = self._tokens[address]
            self._tokens[address] = (min(float(self.burst), tokens + 1.0), then)


def descriptors() -> int:
    """How many files this process may open, after raising that to its hard limit (a low
    `ulimit -n` is often only the soft one)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
    return 65536 if soft == resource.RLIM_INFINITY else soft


def _alive(pid: object) -> bool:
    """Whether a process runs (a zombie or another user's counts as running). A pid no
    host writes (not a whole number > 0: a seat's row edited by hand) is no process: with
    a text one every login failed, and 0 or -1 (every process) held the seat forever."""
    if type(pid) is not int or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def connection_cap(max_players: int, files: int) -> int:
    """How many connections may be open at once, logged in or not: twice the class and some,
    within the files the process may open, at about five a connection (its socket; a game's
    pty, pipes and database): past them, accepting would fail over and over instead of
    refusing in a line."""
    return max(2, min(2 * max_players + 20, (files - 40) // 5))


class ToHostLog(logging.Handler):
    """A library's warnings and errors (asyncio's, aiohttp's, textual-serve's), one line
    each in host.log instead of a traceback on the console (and the same kind at most once
    a minute: a flood of failed accepts or bad requests logs one line)."""

    def __init__(self, host: Host) -> None:
        super().__init__(logging.WARNING)
        self.host = host

    def emit(self, record: logging.LogRecord) -> None:
        line = " ".join(record.getMessage().split())[:200]
        kind = record.name
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            kind = type(error).__name__
            line += f" ({kind}: {' '.join(str(error).split())[:200]})"
        source = record.name.split(".")[0]
        source = "web server" if source in ("aiohttp", "textual-serve") else source
        self.host.log_now_and_then(f"{source} {kind}", f"{source}: {line}")


class Host:
    """The running host: its config, its class database, the games in play and the log."""

    def __init__(self, config: HostConfig, say: Callable[[str], None] | None = None) -> None:
        self.config = config
        self.db = connect(config.folder / CLASS_DB)
        check_usable(config.folder / CLASS_DB, self.db)
        self.playing: dict[asyncio.Task[None], Game] = {}
        """The games in play: one per session that got past the checks."""
        self.allowed: frozenset[str] = frozenset()
        if config.authorized_keys is not None:
            self.allowed = read_keys(config.authorized_keys)
        self._log: TextIO = open(config.folder / LOG, "a", encoding="utf-8")  # noqa: SIM115
        self.say = say
        """Where log lines are shown as well (the host's terminal, or the board)."""
        self.warm = WarmStarter() if config.warm else None
        self.arrivals = RateLimit(burst=config.max_players + 10)
        self.closing = False
        """The class is ending: no game starts any more."""
        self.to_log = ToHostLog(self)
        self._quieted: set[str] = set()
        self.connections = 0
        """Connections open now, logged in or not."""
        self.max_connections = connection_cap(config.max_players, descriptors())
        self._said: dict[str, float] = {}
        self.with_session: weakref.WeakSet[Any] = weakref.WeakSet()
        """Connections that have asked for a session (the others are closed after a while)."""
        self.token = uuid.uuid4().hex
        """This host's name in the class database's seats (a host and a serve on one folder
        share the class: its size counts the games of both)."""
        self.seats = sqlite3.connect(
            config.folder / CLASS_DB, timeout=SEATS_WAIT, isolation_level=None
        )
        """The seats' own connection: a database held by another program makes a seat go
        uncounted rather than stall every student's keys."""

    def log(self, line: str) -> None:
        """One line in host.log (and on the host's terminal). Never raises: a full disk, or
        a terminal that has gone (the host's output piped to a program that ended), must
        not stop the class; host.log carries on alone when the terminal has gone."""
        now = datetime.now(UTC)
        with contextlib.suppress(OSError, ValueError):  # ValueError: closed at the end
            self._log.write(f"{now:%Y-%m-%d %H:%M:%S} {line}\n")
            self._log.flush()
        if self.say is not None:  # the live board: today's time is enough
            try:
                self.say(f"{now:%H:%M:%S} {line}")
            except Exception:  # the terminal has gone (stdio.OutputError, OSError)
                self.say = None

    def log_now_and_then(self, about: str, line: str, every: float = 60.0) -> None:
        """Log a line at most once a minute for the same matter (a flood logs one line)."""
        now = time.monotonic()
        if len(self._said) > 10_000:  # a flood from many addresses: start again
            self._said.clear()
        if now - self._said.get(about, -every) >= every:
            self._said[about] = now
            self.log(f"{line} (more like it unlogged for {every:g} s)")

    async def listen(self) -> asyncssh.SSHAcceptor:
        """Start the warm process, then accept students."""
        await self.start_warm()
        return await asyncssh.listen(
            self.config.bind,
            self.config.port,
            server_factory=lambda: _Connection(self),
            # sessions come from _Connection.session_requested (a process_factory here,
            # or an sftp_factory, and asyncssh would open every session asked for)
            server_host_keys=[host_key(self.config.folder)],
            encoding=None,
            line_editor=False,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            login_timeout=60,
            keepalive_interval=30,
            keepalive_count_max=4,
        )

    def quiet(self, *names: str) -> None:
        """Send these loggers' warnings to host.log, not the console (until `stop`)."""
        for name in names:
            logger = logging.getLogger(name)
            logger.addHandler(self.to_log)
            logger.propagate = False
            self._quieted.add(name)

    async def start_warm(self) -> None:
        """Start the warm process (unless games start cold); if it can't, they will. From
        here on asyncio's own errors (out of file descriptors, say) go to host.log."""
        self.quiet("asyncio")
        if self.warm is not None:
            env = session.child_env(None, {}, self.config.folder / CLASS_DB, "")
            self.warm.on_gone = self._warm_gone
            try:
                await self.warm.start(env, self.config.levels)
            except (OSError, RuntimeError, TimeoutError, ValueError) as error:
                self.log(f"no warm start ({error}): each game starts cold")

    def _warm_gone(self, status: int | None) -> None:
        if not self.closing:
            said = "" if status is None else f" (status {status})"
            self.log(f"the warm process ended{said}: new games start cold; games in play go on")

    def refusal(self, process: Any) -> str | None:
        """Why this session can't play, in one line for the client, or None."""
        user = process.get_extra_info("username") or ""
        with contextlib.suppress(AttributeError):  # a session with no connection: a test's
            login = process.channel.get_connection().get_owner()
            if isinstance(login, _Connection) and login.lost is not None:
                return login.lost
        if process.command is not None or process.subsystem is not None:
            return ONLY_THE_GAME
        if process.term_type is None:
            return "the game needs a terminal: connect without -T (or with -t)"
        name = student_name(user)
        if name is None:
            return f"a student's name is {NAME_RULE}: connect as NAME@HOST"
        return self.room_for(name)

    def room_for(self, name: str) -> str | None:
        """Why one more game for this student can't start now (a full class, or too many
        windows of theirs), in one line, or None. The games of another host or serve on the
        same folder count too."""
        if self.closing:
            return "the class is ending"
        elsewhere = self.seated_elsewhere()
        if len(self.playing) + len(elsewhere) >= self.config.max_players:
            return f"the class is full ({self.config.max_players} players): try again later"
        mine = sum(game.name == name for game in self.playing.values())
        if mine + elsewhere.count(name) >= GAMES_PER_NAME:
            return f"{name} is already playing in {GAMES_PER_NAME} windows: close one first"
        return None

    def seated_elsewhere(self) -> list[str]:
        """The students playing now through another host or serve on this folder (seats a
        host that has died left behind are forgotten). Never raises: a database held by
        another program counts no one."""
        try:
            rows = self.seats.execute(
                "SELECT DISTINCT host, pid FROM seats WHERE host != ?", (self.token,)
            ).fetchall()
            for host, pid in rows:
                if not _alive(pid):
                    self._forget_seats(host)
            found = self.seats.execute("SELECT name FROM seats WHERE host != ?", (self.token,))
            return [name for (name,) in found]
        except sqlite3.Error:
            return []

    def _forget_seats(self, host: str) -> None:
        """Forget a host's seats, and its games on the board (a host that died, or this one
        as the class ends)."""
        with contextlib.suppress(sqlite3.Error):
            self.seats.execute(
                "DELETE FROM activity WHERE game IN (SELECT seat FROM seats WHERE host = ?)",
                (host,),
            )
            self.seats.execute("DELETE FROM seats WHERE host = ?", (host,))

    def _take_seat(self, game: Game) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.seats.execute(
                "INSERT OR REPLACE INTO seats (host, pid, seat, name) VALUES (?, ?, ?, ?)",
                (self.token, os.getpid(), game.seat, game.name),
            )

    def _leave_seat(self, game: Game) -> None:
        """Give the seat back; the game is on no level now (the time on the one it was on
        is added), whether the student quit, dropped or the class ended. Another window of
        the student's plays on."""
        leave = "DELETE FROM seats WHERE host = ? AND seat = ?", (self.token, game.seat)
        try:
            self.seats.execute("BEGIN IMMEDIATE")
        except sqlite3.Error:  # the database held: the seat at least is given back, alone
            with contextlib.suppress(sqlite3.Error):
                self.seats.execute(*leave)
            return
        try:
            self.seats.execute(*leave)
            end_game(self.seats, game.name, game.seat)
        except (sqlite3.Error, ValueError):
            with contextlib.suppress(sqlite3.Error):
                self.seats.execute("ROLLBACK")
            return
        with contextlib.suppress(sqlite3.Error):
            self.seats.execute("COMMIT")

    def refuse_sftp(self, channel: Any) -> asyncssh.SFTPServer:
        """sftp (and scp over it) is refused with the line any other command gets: asyncssh
        refuses an sftp subsystem it has no server for with no reason the client shows."""
        user = channel.get_extra_info("username") or ""
        peer = (channel.get_extra_info("peername") or ("?",))[0]
        self.log(f"refused {named(user)} from {peer}: sftp")
        channel.write_stderr(f"dartfit host: {ONLY_THE_GAME}\r\n".encode())
        channel.exit(1)
        return asyncssh.SFTPServer(channel)

    async def session(self, process: Any) -> None:
        """One SSH session: refuse it with a reason, or play until it ends."""
        user = process.get_extra_info("username") or ""
        peer = (process.get_extra_info("peername") or ("?",))[0]
        with contextlib.suppress(Exception):
            self.with_session.add(process.channel.get_connection())
        why_not = self.refusal(process)
        if why_not is not None:
            self.log(f"refused {named(user)} from {peer}: {why_not}")
            _turn_away(process, why_not)
            return
        name = student_name(user)
        assert name is not None
        env = session.child_env(process.term_type, process.env, self.config.folder / CLASS_DB, name)
        why_not = await self.enrol(name, peer)
        if why_not is not None:  # (logged there)
            _turn_away(process, why_not)
            return
        # the room again, with nothing awaited from here to the seat: others may have been
        # seated while this student was enrolled (42 arriving at once all played in a class
        # of 40, and a student's third window could open beside their two)
        why_not = self.room_for(name)
        if why_not is not None:
            self.log(f"refused {named(user)} from {peer}: {why_not}")
            _turn_away(process, why_not)
            return
        try:
            await self._play(process, name, peer, env)
        except asyncio.CancelledError:  # the class ends: the game has saved and ended
            if self.closing:  # tell the student why (the browser's tab is told the same)
                with contextlib.suppress(Exception):
                    process.stderr.write(f"\r\ndartfit host: {CLASS_ENDED}\r\n".encode())
                await _close(process, 0, self.config.grace)
            raise

    async def _play(self, process: Any, name: str, peer: str, env: dict[str, str]) -> None:
        """Play one student's game to its end, then say why it ended and close the session."""
        size = told(process.term_size[:2], self.config.limits)
        with self.seated(name, peer, f"TERM {env['TERM']}, {size}") as game:
            try:
                game.status, game.why = await session.play(
                    process,
                    self.game_args(),
                    game.env(env),
                    self.config.grace,
                    game.started,
                    self.warm,
                    self.config.limits,
                    partial(self.warn_idle, name),
                    game.ended,
                )
            except BaseException:
                # a client gone at once (killed) can break the session before play() says
                # why; the log said the host ended the class (a hostile pass: 1 in 3)
                if process.channel.is_closing() and not self.closing:
                    game.why = "the connection closed"
                raise
        said = None
        if game.why != "the game ended":  # the student did not end it: say why, in a line
            said = f"{game.why}; your progress is saved"
        else:  # it ended itself: with an error, or progress not kept, say so
            said = ended_itself(game.status)
        if said is not None:
            with contextlib.suppress(Exception):
                process.stderr.write(f"\r\ndartfit host: {said}\r\n".encode())
        await _close(process, game.status, self.config.grace)

    async def enrol(self, name: str, peer: str) -> str | None:
        """Put the student on the class list; why they can't play (logged), or None. In a
        thread, on a connection of its own: a class list held by another program (a teacher's
        sqlite3 shell) must not stall every other student's keys while this one waits."""

        def write() -> None:
            db = sqlite3.connect(self.config.folder / CLASS_DB, timeout=TIMEOUT)
            try:
                with db:
                    enrol(db, name)
            finally:
                db.close()

        try:
            await asyncio.to_thread(write)
        except sqlite3.Error as error:
            why_not = f"the class list can't be written ({error}): tell your teacher"
            self.log(f"refused {named(name)} from {peer}: {why_not}")
            return why_not
        return None

    @contextlib.contextmanager
    def seated(self, name: str, peer: str, how: str) -> Iterator[Game]:
        """A game in play for the current task while the block runs, with a line in the log
        when it starts and one, saying why, when it ends (also when the host stops it)."""
        task = asyncio.current_task()
        assert task is not None
        game = Game(name)
        self.playing[task] = game
        self._take_seat(game)
        self.log(f"{name} joined from {peer} ({how})")
        start, since = time.monotonic(), time.time()
        try:
            yield game
        finally:
            del self.playing[task]
            self._leave_seat(game)
            minutes = (time.monotonic() - start) / 60
            why = game.why
            if why == "the game ended" and game.status == stdio.NOT_SAVED:
                why = "the game could not save the student's progress as it ended"
            elif why == "the game ended" and game.status not in (0, None):
                why = "the game stopped with an error" + self._crash_note(name, since)
            self.log(f"{name} left after {minutes:.1f} min: {why} ({ended_by(game.status)})")
            kept = take_in_kept(self.config.folder / CLASS_DB, name, KEPT_WAIT)
            if kept is not None:
                self.log(kept)

    def _crash_note(self, name: str, since: float) -> str:
        """Where the game's crash report is, for the teacher, when it wrote one this time."""
        report = player_folder(self.config.folder / CLASS_DB, name) / "crash-report.txt"
        with contextlib.suppress(OSError):
            if report.stat().st_mtime >= since - 1:
                return f" (its report: {report.relative_to(report.parents[2])})"
        return ""

    def tell(self, name: str, pid: int, notice: Notice) -> bool:
        """Leave a notice for one student's game; False if it could not be given."""
        try:
            write_notice(
                notice_folder(player_folder(self.config.folder / CLASS_DB, name), pid), notice
            )
            os.kill(pid, signal.SIGUSR1)
        except OSError:
            return False
        return True

    def tell_all(self, notice: Notice) -> int:
        """Leave a notice for every game in play; return how many got it."""
        games = list(self.playing.values())
        return sum(self.tell(g.name, g.pid, notice) for g in games if g.pid is not None)

    def warn_idle(self, name: str, pid: int) -> None:
        """Tell a student's game that the session ends soon unless they press a key."""
        seconds = round(self.config.limits.warning)
        text = f"No key for a while: this session ends in {seconds} s unless you press one."
        self.tell(name, pid, Notice("dartfit host", text))
        self.log(f"{name} warned: idle")

    def online(self) -> set[str]:
        """The students with a game in play now."""
        return {game.name for game in self.playing.values()}

    def broadcast(self, text: str) -> int:
        """Show a message from the teacher in every game in play; return how many got it."""
        self.log(f"message to the class: {text}")
        return self.tell_all(Notice("From your teacher", text))

    def pause(self, paused: bool) -> int:
        """Every game waits for the teacher (or plays on); those joining later too."""
        set_class_setting(self.db, "paused", paused)
        self.log("class paused: eyes on the teacher" if paused else "class plays on")
        return self.tell_all(Notice(pause=paused))

    def pace(self, window: tuple[int, int] | None) -> int:
        """Open levels first..last to the class and no others (None: the usual rule)."""
        if window is not None and not 1 <= window[0] <= window[1] <= 2**31:
            raise ValueError(f"not a range of level numbers: {window}")
        set_class_setting(self.db, "levels", list(window) if window else None)
        says = f"Levels {window[0]} to {window[1]} are open" if window else "Levels open as usual"
        self.log(f"pace: {says}")
        return self.tell_all(Notice("From your teacher", says, reload=True))

    def look(self, name: str) -> Path | None:
        """Ask a student's game for a picture of its screen; the file it will write, or
        None when the student has no game in play."""
        game = self._shown_game(name)
        if game is None or game.pid is None:
            return None
        folder = notice_folder(player_folder(self.config.folder / CLASS_DB, name), game.pid)
        with contextlib.suppress(OSError):
            (folder / SCREENSHOT).unlink()
        return folder / SCREENSHOT if self.tell(name, game.pid, Notice(screenshot=True)) else None

    def _shown_game(self, name: str) -> Game | None:
        """Of a student's games in play, the one the board describes: the one that opened a
        level last (else the one that moved last, else the one started last)."""
        games = [game for game in reversed(self.playing.values()) if game.name == name and game.pid]
        try:
            moved = [
                seat
                for (seat,) in self.db.execute(
                    "SELECT game FROM activity WHERE name = ? ORDER BY level IS NULL, since DESC",
                    (name,),
                )
            ]
        except sqlite3.Error:
            moved = []
        return min(
            games,
            key=lambda game: moved.index(game.seat) if game.seat in moved else len(moved),
            default=None,
        )

    def settings(self) -> dict[str, object]:
        """The teacher's settings for the class now."""
        return class_settings(self.db)

    def game_args(self) -> list[str]:
        """The command line of each student's game."""
        args = list(self.config.game_args)
        if self.config.levels is not None:
            args += ["--levels", str(self.config.levels)]
        return args

    async def stop(self) -> None:
        """End every game (each saves first), the warm process, the log and the database."""
        self.closing = True
        while self.playing:  # and any game that was starting as the class ended
            playing = list(self.playing)
            for task in playing:
                task.cancel()
            await asyncio.gather(*playing, return_exceptions=True)
        if self.warm is not None:
            await self.warm.stop()
        for name in self._quieted:
            logging.getLogger(name).removeHandler(self.to_log)
            logging.getLogger(name).propagate = True
        self._log.close()
        self._forget_seats(self.token)  # a game still ending as the class ends leaves none
        self.seats.close()
        self.db.close()


async def _close(process: Any, status: int | None, grace: float) -> None:
    """End the SSH side of a session, and wait for asyncssh's own clean-up of it (part of
    it is queued as the channel closes: wait twice)."""
    with contextlib.suppress(Exception):
        process.exit(max(status or 0, 0))  # a signal (the host's TERM, mostly): 0; told in words
    with contextlib.suppress(Exception):
        async with asyncio.timeout(grace):
            for _ in range(2):
                await process.wait_closed()
                await asyncio.sleep(0)


class _Connection(asyncssh.SSHServer):
    """One client's login: the name, the key it offers and the class code."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.offered: str | None = None  # a key offered for a name not yet bound (code mode)
        self.to_bind: str | None = None
        self.name: str | None = None
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"
        self.refused: str | None = None
        """Why this connection is refused (too many at once), until it has been told."""
        self._told = False
        self.tries = 0
        self.lost: str | None = None
        """Why this login, let in, may not play: its name became another key's as it came."""
        self.sessions: list[asyncssh.SSHServerChannel[bytes]] = []
        """The sessions opened on this connection (those closed since are let go)."""

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.address = (conn.get_extra_info("peername") or ("?",))[0]
        self.host.connections += 1
        if self.host.connections > self.host.max_connections:
            why = f"the host is busy ({self.host.max_connections} connections): try again soon"
        elif not self.host.arrivals.allow(self.address):
            why = "too many connections from your address at once: try again in a few seconds"
        else:
            return
        line = f"refused a connection from {self.address}: {why}"
        self.host.log_now_and_then(self.address, line)
        # told when it asks to log in (closed now, on the client's unread greeting, the
        # connection would be reset and the client never see why); closed anyway soon
        self.refused = f"dartfit host: {why}"
        asyncio.get_running_loop().call_later(REFUSAL_WAIT, self._refuse)

    def _refuse(self) -> None:
        if self.conn is not None and self.refused is not None:
            self.conn.disconnect(asyncssh.DISC_TOO_MANY_CONNECTIONS, self.refused)
            self.refused = None

    def connection_lost(self, exc: Exception | None) -> None:
        self.host.connections -= 1

    def begin_auth(self, username: str) -> bool:
        if self.refused is not None:
            self._refuse()
            return True
        self.name = student_name(username)
        return True  # always ask: an offered key is how a name becomes a student's own

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        name = student_name(username)
        fingerprint = key.get_fingerprint()
        if name is None:
            return False
        if self.host.config.mode == "keys" and fingerprint not in self.host.allowed:
            return False
        owner = bound_key(self.host.db, name)
        if owner is not None:
            return owner == fingerprint or self._taken(name)
        if name_of_key(self.host.db, fingerprint) is not None:
            return False  # this key plays under another name: it won't claim this one too
        if self.host.config.mode == "code":
            self.offered = fingerprint  # bound once the class code is given
            return False
        self.to_bind = fingerprint
        return True

    def kbdint_auth_supported(self) -> bool:
        return self.host.config.mode != "keys"

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> Any:
        self.tries += 1
        if self.tries > MAX_TRIES and self.conn is not None:
            self.conn.close()  # a client that keeps guessing the code
            return False
        name = student_name(username)
        if name is None:
            return True  # let them in to be told the rule for names
        if bound_key(self.host.db, name) is not None:
            return self._taken(name)
        if self.host.config.mode == "open":
            return True
        return ("dartfit", "Ask your teacher for the class code.", "", [("Class code: ", False)])

    def validate_kbdint_response(self, username: str, responses: Any) -> bool:
        given = list(responses)
        right = len(given) == 1 and self.host.config.is_class_code(given[0])
        name = student_name(username)
        owner = None if name is None else bound_key(self.host.db, name)
        if right and name is not None and owner not in (None, self.offered):
            # another key took the name while this student typed the code: its prompt was
            # asked of a name no key had, and a student with no key played as the other
            return self._taken(name)
        if right and self.offered is not None:
            self.to_bind = self.offered
        if not right:
            peer = (self.conn.get_extra_info("peername") or ("?",))[0] if self.conn else "?"
            self.host.log(f"wrong class code for {named(username)} from {peer}")
        return right

    def auth_completed(self) -> None:
        self.host.arrivals.give_back(self.address)
        if self.conn is not None:  # a login that never asks for the game is let go
            asyncio.get_running_loop().call_later(SESSION_WAIT, self._let_go, self.conn)
        if self.to_bind is None or self.name is None:
            return
        if not bind_key(self.host.db, self.name, self.to_bind):
            # another key took the name since this one was checked (two students claimed it
            # at once): told as its session opens, where it was cut off without a word
            self.lost = taken(self.host.db, self.name, just_now=True)
            self.host.log(f"{self.name} was taken by another key just before {self.address}'s")

    def password_auth_supported(self) -> bool:
        return False

    def session_requested(self) -> tuple[asyncssh.SSHServerChannel[bytes], Any]:
        """A session (the game, or a request the host refuses in a line), up to
        `MAX_SESSIONS` open at once; keeping of the client's variables only the locale's."""
        assert self.conn is not None  # (a connection is made before any session)
        self.sessions = [channel for channel in self.sessions if not channel.is_closing()]
        if len(self.sessions) >= MAX_SESSIONS:
            raise asyncssh.ChannelOpenError(
                asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED,
                f"dartfit host: at most {MAX_SESSIONS} sessions on one connection",
            )
        channel: asyncssh.SSHServerChannel[bytes] = self.conn.create_server_channel()
        # asyncssh keeps every variable sent (2,000 of 100 KB: 400 MB), and has no option
        # to keep fewer: its table is swapped for one that keeps the game's only
        channel._env = _LocaleOnly(channel._env)
        self.sessions.append(channel)
        process = asyncssh.SSHServerProcess(
            self.host.session, self.host.refuse_sftp, MIN_SFTP_VERSION, False
        )
        return channel, process

    def _let_go(self, conn: asyncssh.SSHServerConnection) -> None:
        if conn not in self.host.with_session:
            self.host.log(f"closed a login that opened no session after {SESSION_WAIT:g} s")
            conn.close()

    def _taken(self, name: str) -> bool:
        """Say (once) that a name belongs to another key; refuse this way in."""
        if self.conn is not None and not self._told:
            self._told = True
            with contextlib.suppress(Exception):  # a banner can't follow a finished login
                self.conn.send_auth_banner(f"dartfit host: {taken(self.host.db, name)}\r\n")
        return False


class _LocaleOnly(dict[bytes, bytes]):
    """A session's variables as its client sends them, keeping only the locale's (the only
    ones the game is given, `session.is_locale`): at most a dozen short ones."""

    def __init__(self, given: Mapping[bytes, bytes]) -> None:
        super().__init__()
        for key, value in given.items():
            self[key] = value

    def __setitem__(self, key: bytes, value: bytes) -> None:
        if session.is_locale(key, value):
            super().__setitem__(key, value)


def _turn_away(process: Any, why: str) -> None:
    """End a session that may not play, with the reason in one line."""
    process.stderr.write(f"dartfit host: {why}\r\n".encode())
    process.exit(1)


def say(line: str) -> None:
    """Print a line on the host's terminal."""
    print(line, file=sys.stdout, flush=True)
