"""`dartfit host`: serve the game to a class over SSH until ctrl+c."""

from __future__ import annotations

import argparse
import contextlib
import errno
import ipaddress
import os
import re
import signal
import stat
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dartfit import stdio
from dartfit.files import broken_link, kind_at, said_of, wrong_kind
from dartfit.given import given_path, within
from dartfit.printable import brief, quoted
from dartfit.progress.class_env import CLASS_LIST

if TYPE_CHECKING:
    from dartfit.host.server import Host, HostConfig
    from dartfit.host.web import WebHost

DEFAULT_PORT = 2222
JOINING = {
    "open": "anyone who can reach the port joins",
    "code": "students join with the class code",
    "keys": "only the listed keys join",
}
DEFAULT_PLAYERS = 40
IDLE_MOST = 24 * 60.0
"""The longest --idle-minutes: a day."""
MOST_PLAYERS = 1000  # games at once on one host: far more than one machine can run
WEB_PORT = 8000
DEFAULT_BIND = "127.0.0.1"
DEFAULT_IDLE = 30.0  # minutes
CODE_MOST = 64
"""The longest class code, in characters: what a student types at a prompt (a browser's
join page looks at 200)."""
JOIN = ("--class-code", "--open", "--keys")
"""The ways students may join: one at a time."""
HOSTING = ("--port", "--bind", "--max-players", "--idle-minutes", "--board", "--cold", *JOIN)
"""The options of a class being hosted: none of them is read by --export or --release."""
APART = {
    **{(way, other): "students join one way" for way in JOIN for other in JOIN if way < other},
    ("--export", "--release"): "each does its one thing and exits",
    **{("--export", o): "--export writes the results and exits, hosting nothing" for o in HOSTING},
    **{("--release", o): "--release frees a name and exits, hosting nothing" for o in HOSTING},
}
"""Every two options that cannot go together, and why: given both, the command is refused
naming them (`host --export X --release Y` did only the export, and `--export X --port 22`
ignored the port)."""


def add_options(parser: argparse.ArgumentParser, web: bool = False) -> None:
    """The options of `dartfit host` (or, with web, `dartfit serve`); the folder comes from
    --data-dir."""
    port = WEB_PORT if web else DEFAULT_PORT
    parser.add_argument(
        "--port", type=within(1, 65535), default=port, help=f"port (default {port})"
    )
    parser.add_argument(
        "--bind",
        default=DEFAULT_BIND,
        metavar="ADDRESS",
        help="address to listen on (default 127.0.0.1; 0.0.0.0 for a class on the network)",
    )
    parser.add_argument(
        "--max-players",
        type=within(1, MOST_PLAYERS),
        default=DEFAULT_PLAYERS,
        metavar="N",
        help=f"games at once (default {DEFAULT_PLAYERS}); one more is told the class is full",
    )
    parser.add_argument(
        "--idle-minutes",
        type=within(1.0, IDLE_MOST),
        default=DEFAULT_IDLE,
        metavar="M",
        help="end a session after M minutes without a key, warning a minute before (default 30)",
    )
    parser.add_argument(
        "--board", action="store_true", help="show the class live on this terminal (see README)"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="start each game afresh instead of forking it from a warm process (slower)",
    )
    # the options that can't go together are refused by `_apart`, not argparse's groups: one
    # place for every pair, --export's and --release's as well as the ways to join
    parser.add_argument("--class-code", metavar="CODE", help="students type this code to join")
    parser.add_argument("--open", action="store_true", help="anyone who can reach the port")
    if web:
        return
    parser.add_argument(
        "--keys", metavar="FILE", type=given_path, help="only these public keys (authorized_keys)"
    )
    parser.add_argument(
        "--export",
        metavar="FILE.csv",
        type=given_path,
        help="write the class's results as CSV (- for stdout) and exit",
    )
    parser.add_argument(
        "--release",
        metavar="NAME",
        help="let a student's name be used with a new key (a lost or changed key), and exit",
    )


_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")


def _not_a_host(text: str) -> str | None:
    """Why `text` can name no host, in a few words, or None: an IP address, or a name of
    dot-separated parts of letters, digits, hyphens and underscores (as local names have),
    1 to 63 characters each once spelled in ASCII, 253 in all."""
    try:
        ipaddress.ip_address(text)
        return None
    except ValueError:
        pass
    inner = text[1:-1] if text.startswith("[") and text.endswith("]") else None
    if inner is not None and _not_a_host(inner) is None:
        return f"an IPv6 address goes without brackets: --bind {inner}"
    if text.count(":") == 1 and text.rpartition(":")[2].isdigit():
        return "an address without its port (the port is --port)"
    try:
        spelled = text.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:  # a part too long or empty, or a character no name may hold
        return "not a host name or address"
    parts = spelled.split(".")
    if len(spelled) > 253 or not all(_NAME.fullmatch(part) for part in parts):
        return "not a host name or address"
    return None


def _given(args: argparse.Namespace, web: bool) -> set[str]:
    """The options of host (or serve) given other than as their default, by name (--port):
    one given as its default (--port 2222) changes nothing, and goes with anything."""
    defaults = {
        "--port": WEB_PORT if web else DEFAULT_PORT,
        "--bind": DEFAULT_BIND,
        "--max-players": DEFAULT_PLAYERS,
        "--idle-minutes": DEFAULT_IDLE,
    }
    values = {name: getattr(args, name[2:].replace("-", "_"), None) for p in APART for name in p}
    return {
        name
        for name, value in values.items()
        if value is not None and value is not False and value != defaults.get(name)
    }


def _apart(args: argparse.Namespace, web: bool) -> str | None:
    """The first two options given that can't go together, and why, in one line; or None."""
    given = _given(args, web)
    for (one, other), why in APART.items():
        if one in given and other in given:
            return f"{one} and {other} can't go together: {why}"
    return None


def _wrong(args: argparse.Namespace) -> str | None:
    """What is wrong with the options shared by host and serve, in one line, or None."""
    if args.class_code is not None and not args.class_code.strip():
        return "--class-code must not be empty"
    why = _not_a_host(args.bind)
    if not args.bind.strip() or any(c.isspace() for c in args.bind) or why is not None:
        return (
            f"--bind takes one address (127.0.0.1: this machine only; 0.0.0.0: the network), "
            f"got {quoted(args.bind)}" + (f": {why}" if why and args.bind.strip() else "")
        )
    if not 0 < args.port < 65536:
        return f"--port must be 1..65535, got {args.port}"
    if not 1 <= args.max_players <= MOST_PLAYERS:
        return f"--max-players must be 1..{MOST_PLAYERS}, got {brief(str(args.max_players))}"
    if not 1 <= args.idle_minutes <= IDLE_MOST:
        return f"--idle-minutes must be 1..{IDLE_MOST:g}, got {args.idle_minutes:g}"
    if args.class_code is not None and (code := _wrong_code(args.class_code)):
        return code
    # a value given wrong is said before one missing: `--port 70000` alone was told "say
    # who may join", and only then, once that was given, that the port was wrong
    if not (args.open or args.class_code or getattr(args, "keys", None)):
        ways = "--open, --class-code CODE or --keys FILE"
        if "keys" not in args:  # dartfit serve
            ways = "--open or --class-code CODE"
        return f"say who may join: {ways}"
    return None


def _wrong_code(code: str) -> str | None:
    """Why a class code is not one a student can type, in a few words, or None."""
    if not code.strip().isprintable():  # a new line, a control, a byte not UTF-8
        return "--class-code must be one line of printable characters a student can type"
    if len(code.strip()) > CODE_MOST:
        return (
            f"--class-code must be at most {CODE_MOST} characters a student can type, "
            f"got {len(code.strip()):,}"
        )
    return None


def _config(args: argparse.Namespace, folder: Path, warm: bool) -> HostConfig:
    from dartfit.host.limits import Limits
    from dartfit.host.server import HostConfig

    return HostConfig(
        folder=folder,
        bind=args.bind,
        port=args.port,
        max_players=args.max_players,
        class_code=args.class_code.strip() if args.class_code else None,
        authorized_keys=getattr(args, "keys", None),
        levels=args.levels,
        warm=warm,
        limits=Limits(idle=60 * args.idle_minutes),
    )


def run(args: argparse.Namespace, folder: Path) -> int:
    """Host a class until ctrl+c (or SIGTERM); return the exit status."""
    return _host(args, folder, web=False)


def serve(args: argparse.Namespace, folder: Path) -> int:
    """Serve the game to browsers until ctrl+c (or SIGTERM); return the exit status."""
    return _host(args, folder, web=True)


def _host(args: argparse.Namespace, folder: Path, web: bool) -> int:
    """Export the results, free a name, or host the class: two options that can't go
    together are refused first, in one line naming them, and exit status 2."""
    apart = _apart(args, web)
    if apart is not None:
        stdio.say(f"dartfit: {apart}")
        return 2
    if getattr(args, "export", None) is not None:
        return _export(folder, args.export, args.levels)
    if getattr(args, "release", None) is not None:
        return _release(folder, args.release)
    return _start(args, folder, web)


def _start(args: argparse.Namespace, folder: Path, web: bool) -> int:
    """Open the class (its list, its key, who may join) and serve it; a problem with any of
    them is one line naming the file, and exit status 2."""
    wrong = _wrong(args)
    problem = stdio.terminal_problem() if wrong is None and args.board else None
    if problem is not None:  # on the screen too, where the teacher looks (2>/dev/null)
        stdio.say_where_seen(f"dartfit: --board needs a terminal ({problem})")
        return 2
    if wrong is not None:
        stdio.say(f"dartfit: {wrong}")
        return 2
    import asyncio  # here, not above: every other command of dartfit's starts sooner
    import sqlite3

    import asyncssh

    from dartfit.levels import default_levels_dir, load_levels

    load_levels(args.levels or default_levels_dir())  # a broken folder: one line, status 2

    from dartfit.host.keys import read_keys
    from dartfit.host.server import HOST_KEY, Host, host_key, say
    from dartfit.progress.class_env import CLASS_DB

    config = _config(args, folder, warm=not args.cold)
    fingerprint = None
    try:
        what = folder / HOST_KEY
        if not web:
            fingerprint = host_key(folder).get_fingerprint()
        if config.authorized_keys is not None:
            what = config.authorized_keys
            read_keys(what)
        what = folder / CLASS_DB
        host = Host(config, None if args.board else say)
    except (OSError, sqlite3.Error, asyncssh.KeyImportError, ValueError) as error:
        name = error.filename if isinstance(error, OSError) and error.filename else what
        why = (error.strerror if isinstance(error, OSError) else None) or str(error)
        if why[1:2].islower():  # "No such file" reads on after a colon; "UTF-16" stays
            why = why[:1].lower() + why[1:]
        if isinstance(error, OSError):
            why = broken_link(Path(name)) or why
        stdio.say(f"dartfit: {said_of(name, why)}")
        return 2
    if not web:
        return asyncio.run(_serve(host, fingerprint, args.board))
    from dartfit.host.web import WebHost

    return asyncio.run(_serve(host, None, args.board, WebHost(host)))


RELEASE_WAIT = 5.0
"""Seconds `--release` waits for the class database while another program writes it."""
BUSY = "the class database was held by another program writing it (a host, or a tool)"


def _release(folder: Path, user: str) -> int:
    """Free a student's name from the key that holds it."""
    import sqlite3

    from dartfit.host.roster import student_name
    from dartfit.progress.class_env import CLASS_DB
    from dartfit.progress.class_store import held

    name = student_name(user)
    path = folder / CLASS_DB
    if name is None or not path.is_file():
        why = "not a student's name" if name is None else f"no class here: {_not_a_class(path)}"
        stdio.say(f"dartfit: {why}")
        return 2
    try:
        db = sqlite3.connect(path, timeout=RELEASE_WAIT)
        with db:
            freed = db.execute("UPDATE players SET key = NULL WHERE name = ?", (name,)).rowcount
    except sqlite3.Error as error:
        why = f"{BUSY} for {RELEASE_WAIT:g} s: try again in a moment" if held(error) else str(error)
        stdio.say(f"dartfit: {said_of(path, why)}")
        return 2
    if not freed:
        stdio.say(f"dartfit: no student called {name} in this class")
        return 2
    print(f"{name} may log in with a new key now (the first one used keeps the name)")
    return 0


def _not_a_class(path: Path) -> str:
    """Why a class list cannot be at `path` (which is not a plain file): a pipe there was
    "no such file"."""
    kind = kind_at(path)
    if kind is not None:
        return said_of(path, wrong_kind(kind, CLASS_LIST))
    return said_of(path, broken_link(path) or "no such file")


def _export(folder: Path, target: Path, levels: Path | None) -> int:
    """Write the results of the class kept in folder as CSV."""
    import io
    import sqlite3
    import sys

    from dartfit.host.results import class_levels, export_csv, refused_levels, scored_levels
    from dartfit.progress.class_env import CLASS_DB

    found = class_levels(levels)  # read once for both
    scored, refused = scored_levels(found), refused_levels(found)

    path = folder / CLASS_DB
    if not path.is_file():
        stdio.say(f"dartfit: no class here: {_not_a_class(path)} (see --data-dir)")
        return 2
    if str(target) != "-" and (not target.name or target.is_dir()):
        stdio.say(
            f"dartfit: --export {quoted(str(target))}: a folder, not a file to write the results in"
        )
        return 2
    kept = _kept_by_the_class(folder, target) if str(target) != "-" else None
    if kept is not None:
        stdio.say(f"dartfit: --export {quoted(str(target))}: {kept}: write the results elsewhere")
        return 2
    _take_in_kept(path)
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        text = io.StringIO()  # read it all first: a broken database writes nothing
        rows = export_csv(db, text, scored, refused)
    except sqlite3.Error as error:
        stdio.say(f"dartfit: {said_of(path, f'{error} (not a class list that can be read)')}")
        return 2
    try:
        if str(target) == "-":
            if sys.stdout is None:  # as every command says it (it was an AttributeError)
                raise stdio.CommandError("cannot write the output (stdout is closed)")
            sys.stdout.write(text.getvalue())
        else:
            with _opened_to_write(target) as out:
                out.write(text.getvalue())
            print(f"{rows} rows written to {target}")
    except OSError as error:
        why = "a pipe that nothing reads" if error.errno == errno.ENXIO else error.strerror
        stdio.say(f"dartfit: {target}: {why or error}")
        return 2
    return 0


def _take_in_kept(path: Path) -> None:
    """Add to the class database the progress students' games kept elsewhere as they ended
    (the database held, full or read-only), so that the export has those stars; what can't
    be added yet is said (nothing is lost: each student's next game adds it)."""
    import sqlite3

    from dartfit.host.roster import student_name
    from dartfit.progress.class_store import KEPT_WAIT, NOTHING_LOST, TIMEOUT, take_in_kept

    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            query = "SELECT name FROM players UNION SELECT name FROM progress"
            names = [name for (name,) in db.execute(query)]
    except sqlite3.Error:
        return  # said by the export itself
    wait = TIMEOUT
    for name in names:
        if isinstance(name, str) and student_name(name) == name:
            said = take_in_kept(path, name, wait)
            if said is not None:
                stdio.say(f"dartfit: {said}")
            if said is not None and said.endswith(NOTHING_LOST):
                wait = KEPT_WAIT  # a database held for one is held for the next: no wait each


def _kept_by_the_class(folder: Path, target: Path) -> str | None:
    """What the class keeps in `target`, if anything (then the export must not write over
    it): `--export class.db` wrote the CSV over the class database, every student's
    progress, and "12800 rows written" was all it said."""
    from dartfit.host.server import HOST_KEY, LOG
    from dartfit.progress.class_env import CLASS_DB

    own = {CLASS_DB: "the class database", HOST_KEY: "the host's key", LOG: "the host's log"}
    for suffix in ("-wal", "-shm", "-journal"):
        own[CLASS_DB + suffix] = "a part of the class database"
    for name, what in own.items():  # by name (a part not there yet), or the file itself
        if (folder / name).resolve() == target.resolve():
            return what
        with contextlib.suppress(OSError):
            if os.path.samefile(folder / name, target):
                return what
    with contextlib.suppress(OSError):  # another class's: read without waiting on a pipe
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode) and os.read(fd, len(SQLITE)) == SQLITE:
                return "a database"
        finally:
            os.close(fd)
    return None


SQLITE = b"SQLite format 3\0"
"""The first bytes of every SQLite database (a class list's, wherever it is)."""


def _opened_to_write(target: Path) -> TextIO:
    """The export's file, opened without waiting: a pipe that no program reads (a FIFO left
    in a folder) held `--export` open for ever; it is an error (ENXIO) instead."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(target, flags | getattr(os, "O_NOCTTY", 0), 0o644)
    os.set_blocking(fd, True)
    return open(fd, "w", encoding="utf-8", newline="")


async def _serve(
    host: Host, fingerprint: str | None, board: bool = False, web: WebHost | None = None
) -> int:
    import asyncio

    config = host.config
    try:
        server = await (web.listen() if web is not None else host.listen())
    except OSError as error:
        stdio.say(f"dartfit: cannot listen on {config.bind}:{config.port}: {error.strerror}")
        await host.stop()
        return 2
    where = "HOST" if config.bind in ("0.0.0.0", "::") else config.bind
    where = f"[{where}]" if ":" in where else where  # an IPv6 address in a URL
    if web is not None:
        join = f"http://{where}:{config.port}/"
        lines = [f"  students open:    {join}", "  plain http:       for a trusted network only"]
    else:
        join = f"ssh -p {config.port} NAME@{where}"
        lines = [f"  students type:    {join}", f"  host key:         {fingerprint}"]
    loop = asyncio.get_running_loop()
    if board:
        from dartfit.host.board import ClassBoard
        from dartfit.progress.class_env import CLASS_DB

        app = ClassBoard(config.folder / CLASS_DB, config.folder, host, join, config.levels)
        host.say = app.say
        for sig in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, app.exit)
        for line in lines:
            host.log(" ".join(line.split()))
        await app.run_async()
        host.say = None  # the board has closed: host.log alone from here
    else:
        command = "serve" if web is not None else "host"
        stop = asyncio.Event()  # listening before the banner says ctrl+c ends the class
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, stop.set)
        print(
            f"dartfit {command}: a class of up to {config.max_players} "
            f"({JOINING[config.mode]})\n  progress in:      {config.folder}\n"
            + "\n".join(lines)
            + "\n  ctrl+c ends the class (every game saves first)",
            flush=True,
        )
        await stop.wait()
    server.close()
    host.closing = True  # a browser's connection kept open may still ask for a game
    host.log("class ending: every game saves and ends")
    await host.stop()
    if web is not None:
        await web.stop()
    return 0
