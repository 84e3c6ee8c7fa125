"""A student's game: its own process on its own pseudo-terminal, ended with the connection.

The child is a plain `dartfit` started in a new session whose controlling terminal is the
pty, so closing the connection hangs it up (dartfit saves and ends on SIGHUP); if it is
still there after that, its process group gets TERM and, after a grace period, KILL. Its
environment is built here, never copied from the client: TERM from a list of known
terminals, the language from LANG and the locale's LC_* only.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import pty
import re
import signal
import struct
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import asyncssh

from dartfit.cache import CACHE_ENV
from dartfit.ending import LONGEST_END
from dartfit.host.limits import Limits, apply_rlimits, clamp
from dartfit.host.paste import PasteGuard
from dartfit.host.warm import WarmStarter
from dartfit.progress.class_env import CLASS_DB_ENV, PLAYER_ENV
from dartfit.progress.class_store import player_cache, player_folder

DEFAULT_LIMITS = Limits()

KNOWN_TERMS = frozenset(
    {
        "alacritty",
        "dumb",
        "foot",
        "linux",
        "rxvt-unicode",
        "rxvt-unicode-256color",
        "screen",
        "screen-256color",
        "tmux",
        "tmux-256color",
        "vt100",
        "vt220",
        "wezterm",
        "xterm",
        "xterm-256color",
        "xterm-color",
        "xterm-kitty",
    }
)
DEFAULT_TERM = "xterm-256color"
LOCALE_VALUE = re.compile(r"[A-Za-z0-9_.@-]{1,64}")
LOCALE_KEYS = frozenset(
    {"LANG", "LC_ALL", "LC_CTYPE", "LC_COLLATE", "LC_MESSAGES", "LC_MONETARY", "LC_NUMERIC"}
    | {"LC_TIME", "LC_ADDRESS", "LC_IDENTIFICATION", "LC_MEASUREMENT", "LC_NAME", "LC_PAPER"}
    | {"LC_TELEPHONE"}
)
"""The variables of a client's that reach the game: the locale's, by their names (any LC_*
let 3,000 made-up ones through, each into the game's environment)."""
FROM_THE_HOST = ("PATH", "PYTHONPATH", "PYTHONPYCACHEPREFIX", "PYTHONDONTWRITEBYTECODE", "TZ")
GRACE = LONGEST_END + 1.0
"""Seconds between TERM and KILL for a game left without its player: the longest a game's
own end takes (its last save, a held class database waited for and its progress then kept
elsewhere), and a second. A grace of 3 s killed a game keeping a win as the connection
dropped while the class database was held, and the win was lost."""
SHOWN_WAIT = 2.0  # seconds the game's last screen has to reach the client as it ends
KEY_BURST = 16 * 1024  # bytes of keys a game takes at once
KEY_RATE = 4 * 1024  # and then each second


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def child_env(
    term: str | None,
    client_env: Mapping[Any, Any],
    class_db: Path,
    name: str,
    host_env: Mapping[str, str] = os.environ,
) -> dict[str, str]:
    """The game's environment: the host's PATH (and Python's), a known TERM, the client's
    language, and where the student's progress is kept. Nothing else the client sent."""
    env = {key: host_env[key] for key in FROM_THE_HOST if key in host_env}
    env["TERM"] = term if term in KNOWN_TERMS else DEFAULT_TERM
    for key, value in client_env.items():
        if is_locale(key, value):
            env[_text(key)] = _text(value)
    env.setdefault("LANG", "C.UTF-8")
    env[CLASS_DB_ENV] = str(class_db)
    env[PLAYER_ENV] = name
    env["HOME"] = str(player_folder(class_db, name))
    # where the game keeps what it can't save in the class database, set here so that the
    # host finds it (`player_cache`; the temporary folder the host's own): a student's
    # stars kept there were missing from the board and the export until their next game
    env[CACHE_ENV] = str(player_cache(class_db, name))
    env["TMPDIR"] = tempfile.gettempdir()
    return env


def is_locale(key: str | bytes, value: str | bytes) -> bool:
    """Whether a variable a client sent names the language the game may take (LANG,
    LC_ALL, …, set to a locale's name): the only ones it is given."""
    return _text(key) in LOCALE_KEYS and LOCALE_VALUE.fullmatch(_text(value)) is not None


def _take_the_terminal(rlimits: list[tuple[int, int]]) -> None:
    """In the child, after setsid: make the pty on stdin its controlling terminal, and
    lower its limits."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    apply_rlimits(rlimits)
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)  # kept across exec: a notice can't end it


def set_size(fd: int, cols: int, rows: int) -> None:
    """Tell a pty its size (what the game reads at start)."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


async def _start(
    slave: int, args: list[str], env: dict[str, str], warm: WarmStarter | None, limits: Limits
) -> Any:
    """Start the game on the pty: forked warm when the warm process runs, else cold."""
    if warm is not None and warm.running:
        with contextlib.suppress(OSError, TimeoutError):
            return await warm.spawn([slave], args, env, limits.rlimits())
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "dartfit",
        *args,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        preexec_fn=partial(_take_the_terminal, limits.rlimits()),
    )


async def end_group(child: Any, grace: float = GRACE) -> None:
    """End the game's process group: TERM, then KILL if it is still there after `grace`."""
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, None)):
        if child.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, sig)
        try:
            await asyncio.wait_for(child.wait(), wait)
        except TimeoutError:
            continue


class IdleClock:
    """The time of a student's last key, for the idle timeout; and how many bytes of keys
    the game may still take (a 64 MB paste kept a game busy for minutes: past a burst of
    `KEY_BURST` bytes, keys pass at `KEY_RATE` bytes a second and the rest are dropped,
    far above typing, or a mouse moving, at about 1 KB a second)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.last = time.monotonic()
        self._budget = float(KEY_BURST)

    def pressed(self, size: int = 1) -> bool:
        """Keys came (size bytes): the idle wait starts again. Whether the game takes them."""
        now = time.monotonic()
        self._budget = min(float(KEY_BURST), self._budget + (now - self.last) * KEY_RATE)
        self.last = now
        if size > self._budget:
            return False
        self._budget -= size
        return True

    async def idle(self, warn: Callable[[], None]) -> str:
        """Return once the student has been idle past the limit, warning them first (a key
        in between starts the wait again). The warning's notice is always whole: a wait that
        overslept its end (a loaded machine) ended the session with no warning at all; it
        warns then, and ends the notice later."""
        warned: float | None = None  # when the student was warned, since their last key
        warning = min(self.limits.warning, self.limits.idle / 2)  # never due at the start
        while True:
            now = time.monotonic()
            if warned is not None and self.last > warned:
                warned = None  # a key since the warning: the wait starts again
            end = self.last + self.limits.idle
            if warned is None and end - now <= warning:
                warn()
                warned = now
            if warned is None:
                await asyncio.sleep(min(end - now - warning, 30.0))
                continue
            end = max(end, warned + warning)
            if now >= end:
                return "idle for too long"
            await asyncio.sleep(min(end - now, 5.0))


class _Keys(IdleClock):
    """The student's keys to the game: resizes clamped, breaks and signals dropped."""

    def __init__(self, process: Any, master: int, limits: Limits) -> None:
        super().__init__(limits)
        self.process = process
        self.master = master
        self.pastes = PasteGuard()  # nothing pasted acts as a key (see host.paste)

    async def pump(self) -> str:
        """Copy keys until the client's input ends; return why it ended."""
        while True:
            try:
                data = await self.process.stdin.read(4096)
            except asyncssh.TerminalSizeChanged as change:
                size = clamp((change.width, change.height), self.limits)
                with contextlib.suppress(OSError):
                    set_size(self.master, *size)  # the kernel tells the game (SIGWINCH)
                continue
            except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                continue  # a student's client does not signal the game
            if not data:
                return "the connection closed"
            if not self.pressed(len(data)):
                continue  # a flood of keys: dropped
            if not await _write_all(self.master, self.pastes.feed(data)):
                return "the game ended"


async def _write_all(fd: int, data: bytes) -> bool:
    """Write all of data to a non-blocking fd; False if the other side has gone."""
    loop = asyncio.get_running_loop()
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view) :]
        except BlockingIOError:
            ready = loop.create_future()
            loop.add_writer(fd, ready.set_result, None)
            try:
                await ready
            finally:
                loop.remove_writer(fd)
        except OSError:
            return False
    return True


async def first_to_end(waits: dict[asyncio.Future[Any], str]) -> str:
    """Wait for the first of a session's waits to end (the game, the connection, the keys,
    the idle clock) and cancel the others; why the session ends: the wait's own reason, or
    else the reason it returned (an error it raised is raised here)."""
    try:
        done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        first = done.pop()
        return waits[first] or str(first.result())
    finally:
        for task in waits:
            task.cancel()


async def play(
    process: Any,
    args: list[str],
    env: dict[str, str],
    grace: float = GRACE,
    started: Callable[[int], None] | None = None,
    warm: WarmStarter | None = None,
    limits: Limits = DEFAULT_LIMITS,
    warn: Callable[[int], None] | None = None,
    ended: Callable[[int | None], None] | None = None,
) -> tuple[int | None, str]:
    """Run the game for one SSH process (asyncssh's) until the game or the connection ends,
    or the student has been idle too long (`warn(pid)` is called a little before that).

    Returns the game's exit status (minus the signal's number when a signal ended it) and
    why it ended; `ended(status)` is told the status once the game has gone, also when
    this is cancelled (the class ends) or the connection breaks it off.
    """
    master, slave = pty.openpty()
    try:
        set_size(slave, *clamp(process.term_size[:2], limits))
        child = await _start(slave, args, env, warm, limits)
    except BaseException:
        os.close(master)
        raise
    finally:
        os.close(slave)
    if started is not None:
        started(child.pid)
    os.set_blocking(master, False)
    screen = asyncio.ensure_future(_show(master, process))
    keys = _Keys(process, master, limits)
    waits = {
        asyncio.ensure_future(child.wait()): "the game ended",
        asyncio.ensure_future(process.channel.wait_closed()): "the connection closed",
        asyncio.ensure_future(keys.pump()): "",
        asyncio.ensure_future(keys.idle(lambda: warn and warn(child.pid))): "",
    }
    why = "the host ended the class"
    try:
        why = await first_to_end(waits)
    finally:  # the connection closed, the student left or idled, or the host is stopping
        if why == "the host ended the class" and process.channel.is_closing():
            # a client gone at once (killed): the keys' pump can fail, or the session be
            # cancelled, before the channel's own wait has ended; the log said the host did it
            why = "the connection closed"
        await end_group(child, grace)
        # the game's last bytes (its terminal put back) before the host's line; a client
        # that takes nothing (stopped) is not waited for long
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(screen, SHOWN_WAIT)
        finally:
            os.close(master)
        if ended is not None:
            ended(child.returncode)
    return child.returncode, why


async def _show(master: int, process: Any) -> None:
    """Copy the game's screen to the client as fast as it takes it (its SSH window), until
    the game has gone (the pty's end) or the channel is closed to it. asyncssh's own copy
    (`redirect`) went on writing into a channel the client had closed, and each time said
    'Exception in callback … BrokenPipeError' in host.log. The channel stays open after:
    the host may still say why the game ended."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    pty = open(os.dup(master), "rb", buffering=0)  # noqa: SIM115 (the transport's to close)
    transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), pty)
    try:
        while data := await reader.read(65536):
            process.stdout.write(data)
            await process.stdout.drain()
    except (OSError, asyncssh.Error):  # EIO once the game has gone; the channel closed
        return
    finally:
        transport.close()
