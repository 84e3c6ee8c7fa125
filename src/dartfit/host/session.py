"""A student's game: its own process on its own pseudo-terminal, ended with the connection.

The child is a plain `dartfit` started in a new session whose controlling terminal is the
pty, so closing the connection hangs it up (dartfit saves and ends on SIGHUP); if it is
still there after that, its process group gets TERM and, after a grace period, KILL. Its
environment is built here, never copied from the client: TERM from a list of known
terminals, the language from LANG and LC_* only.
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
import termios
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from dartfit.progress.class_store import CLASS_DB_ENV, PLAYER_ENV

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
FROM_THE_HOST = ("PATH", "PYTHONPATH", "PYTHONPYCACHEPREFIX", "PYTHONDONTWRITEBYTECODE", "TZ")
GRACE = 3.0  # seconds between TERM and KILL for a game left without its player


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
        key, value = _text(key), _text(value)
        if (key == "LANG" or key.startswith("LC_")) and LOCALE_VALUE.fullmatch(value):
            env[key] = value
    env.setdefault("LANG", "C.UTF-8")
    env[CLASS_DB_ENV] = str(class_db)
    env[PLAYER_ENV] = name
    env["HOME"] = str(class_db.parent / "players" / name)
    return env


def _take_the_terminal() -> None:
    """In the child, after setsid: make the pty on stdin its controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def set_size(fd: int, cols: int, rows: int) -> None:
    """Tell a pty its size (what the game reads at start)."""
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


async def end_group(child: asyncio.subprocess.Process, grace: float = GRACE) -> None:
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


async def play(
    process: Any,
    args: list[str],
    env: dict[str, str],
    grace: float = GRACE,
    started: Callable[[int], None] | None = None,
) -> tuple[int | None, str]:
    """Run the game for one SSH process (asyncssh's) until the game or the connection ends.

    Returns the game's exit status (None when it had to be killed) and why it ended.
    """
    cols, rows = (process.term_size[0] or 80, process.term_size[1] or 24)
    master, slave = pty.openpty()
    try:
        set_size(slave, cols, rows)
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "dartfit",
            *args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            preexec_fn=_take_the_terminal,
        )
    except BaseException:
        os.close(master)
        raise
    finally:
        os.close(slave)
    process.set_redirect_pid(child.pid)
    if started is not None:
        started(child.pid)
    reader = open(master, "rb", buffering=0)  # noqa: SIM115 (the redirect closes them)
    writer = open(os.dup(master), "wb", buffering=0)  # noqa: SIM115
    await process.redirect(stdin=writer, stdout=reader)
    ended = asyncio.ensure_future(child.wait())
    closed = asyncio.ensure_future(process.channel.wait_closed())
    why = "the host ended the class"
    try:
        await asyncio.wait({ended, closed}, return_when=asyncio.FIRST_COMPLETED)
        why = "the game ended" if ended.done() else "the connection closed"
    finally:  # the connection closed, or the host is stopping: the game saves and ends
        closed.cancel()
        await end_group(child, grace)
        ended.cancel()
    status = child.returncode
    return (status if status is not None and status >= 0 else None), why
