"""A warm start for a class arriving at once: one process imports the game, then forks a
ready game for each student.

A cold game pays a whole Python + Textual + numpy start (about 0.6 s alone on 2 cores, and
seconds each when a class of 30 connects in the same second). The warm process (run as
`python -m dartfit.host.warm FD`) has imported everything a game needs before anyone
connects; for each student the host sends it the pty's slave end (SCM_RIGHTS) with the
game's arguments and environment, and it forks: the child takes the pty as its controlling
terminal and runs `dartfit` as a fresh one would. The warm process reaps its children and
tells the host each one's exit status. It stays single-threaded, so forking is safe.

Messages on the socket (SOCK_SEQPACKET, one JSON object each): host → warm `{"args",
"env", "rlimits", "request"}` with its fds; warm → host `{"ready": true}` once,
`{"started": pid, "request": n}` per request (matched by n) and `{"ended": pid, "status":
code}` per game. The warm process ends when the host
goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import itertools
import json
import os
import runpy
import select
import signal
import socket
import sys
import tempfile
import termios
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dartfit.host.limits import apply_rlimits

PRELOAD = (
    "numpy",
    # a generated level draws its seeded points with numpy.random: 6.8 MB a game imported
    # it afresh, private to it (a quarter of each game's private memory)
    "numpy.random",
    "dartfit.core.generate",
    "dartfit.app",
    "dartfit.cli",
    "dartfit.core",
    "dartfit.commands",
    "dartfit.datasets",
    "dartfit.screens.fit",
    "dartfit.screens.darts",
    "dartfit.screens.level_select",
    "dartfit.screens.lesson",
    "dartfit.dialogs.win",  # imported by a level as it is won, not for its first frame
    "dartfit.progress.class_store",
    # what Textual imports only once an app runs (the driver alone took 10 ms a game)
    "textual.drivers.linux_driver",
    "textual.drivers._writer_thread",
    "textual._xterm_parser",
    "textual.scrollbar",
    "textual.layouts.factory",
    "textual.layouts.horizontal",
    "textual.layouts.stream",
)
MESSAGE = 1 << 16
ORPHAN_POLL = 0.5  # seconds between looks at a game whose warm process has gone


def _preload(levels: str | None) -> None:
    """Import what a game needs and read its levels; then freeze what is loaded, so that
    the games' garbage collections skip it and leave the shared pages unwritten."""
    import gc
    import importlib

    for name in PRELOAD:
        with contextlib.suppress(ImportError):  # a module renamed: the game imports it itself
            importlib.import_module(name)
    from rich.cells import cell_len

    from dartfit.campaign import chapters
    from dartfit.core import load_everything  # the core imports its modules when first used
    from dartfit.levels import LevelError, default_levels_dir, load_levels
    from dartfit.quiz import load_checks

    load_everything()
    cell_len("é中")  # loads Rich's tables of character widths
    with contextlib.suppress(LevelError, OSError):  # a bad folder: each game says so itself
        folder = levels or default_levels_dir()
        load_checks(folder, [name for name, _ in chapters(load_levels(folder))])
        with contextlib.suppress(Exception):  # a step that fails: the games take it themselves
            asyncio.run(_first_steps(Path(folder)))
    gc.collect()
    gc.freeze()


async def _first_steps(levels: Path) -> None:
    """Take a student's first steps once, headless: the title, the level list and its first
    level, each drawn, then a toast; so what a game's first frames parse (its CSS: the
    title's and every other screen's, `dartfit.stylesheet.PLAY`, kept by
    `dartfit.stylesheet`) and match (its widgets' component classes) is done here, once, for
    every game. Tooltips and toasts are on, as in a game: without their widgets the
    stylesheet's sources were not a game's, and a game kept nothing of the title's work
    (with the list and the level: a tenth of a game's CPU to its first level)."""
    from dartfit.app import make_app

    with tempfile.TemporaryDirectory(prefix="dartfit-warm-") as data:
        app = make_app(levels_dir=levels, data_dir=Path(data))
        async with app.run_test(size=(80, 24), tooltips=True, notifications=True) as pilot:
            await pilot.pause()
            for _ in range(2):  # enter: the level list; enter: its first level
                await pilot.press("enter")
                await pilot.pause()
                await pilot.pause()
            # last, as in a game: the order of the stylesheet's sources is part of what is kept
            app.notify("ready")
            await pilot.pause()
            await app.workers.wait_for_complete()
    _until_single_threaded()


def _until_single_threaded(most: float = 5.0) -> None:
    """Wait (at most `most` seconds) for the threads the warm run started (a save, a level
    file checked) to end: a fork copies only the thread that forks, not a lock another
    thread holds."""
    import threading
    import time

    end = time.monotonic() + most
    while threading.active_count() > 1 and time.monotonic() < end:
        time.sleep(0.01)


def _child(fds: list[int], request: dict[str, Any], sock: socket.socket) -> None:
    """In the forked child: become the student's game, on the pty (one fd, its slave end:
    it becomes the controlling terminal) or on pipes (three fds: stdin, stdout, stderr, for
    a browser's game). Never returns."""
    status = 2
    try:
        sock.close()
        os.setsid()
        streams = fds * 3 if len(fds) == 1 else fds
        if len(fds) == 1:
            fcntl.ioctl(fds[0], termios.TIOCSCTTY, 0)
        for fd, stream in enumerate(streams):
            os.dup2(stream, fd)
        for stream in set(fds) - {0, 1, 2}:
            os.close(stream)
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        signal.signal(signal.SIGUSR1, signal.SIG_IGN)  # a notice before the game listens
        os.environ.clear()
        os.environ.update(request["env"])
        apply_rlimits([(which, value) for which, value in request.get("rlimits", [])])
        sys.argv = ["dartfit", *request["args"]]
        try:  # as `python -m dartfit ARGS` runs, with everything it imports already here
            runpy.run_module("dartfit", run_name="__main__", alter_sys=True)
            status = 0
        except SystemExit as end:
            status = end.code if isinstance(end.code, int) else int(end.code is not None)
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        os._exit(status)


def _reap(sock: socket.socket) -> None:
    """Tell the host of every game that has ended."""
    while True:
        try:
            pid, code = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        status = os.waitstatus_to_exitcode(code)
        sock.send(json.dumps({"ended": pid, "status": status}).encode())


def serve(sock: socket.socket, levels: str | None = None) -> None:
    """The warm process: preload, then fork a game per request until the host goes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ctrl+c on the host's terminal is the host's
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)  # and the games forked from here inherit it
    _preload(levels)
    sock.send(json.dumps({"ready": True}).encode())
    while True:
        readable, _, _ = select.select([sock], [], [], 0.2)
        _reap(sock)
        if not readable:
            continue
        message, fds, _, _ = socket.recv_fds(sock, MESSAGE, 3)
        if not message:
            return  # the host has gone
        request = json.loads(message)
        if len(fds) not in (1, 3):
            for fd in fds:
                os.close(fd)
            continue
        pid = os.fork()
        if pid == 0:
            _child(fds, request, sock)
        for fd in fds:
            os.close(fd)
        sock.send(json.dumps({"started": pid, "request": request.get("request")}).encode())


class WarmGame:
    """A game forked by the warm process: its pid, and its exit status when it ends
    (what `session.end_group` needs of a process)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._ended = asyncio.get_running_loop().create_future()

    def ended(self, status: int) -> None:
        self.returncode = status
        if not self._ended.done():
            self._ended.set_result(status)

    async def wait(self) -> int:
        """Wait for the game to end; return its exit status."""
        return await asyncio.shield(self._ended)

    def orphaned(self) -> None:
        """The warm process that forked it has gone, and with it word of the game's end:
        the game plays on (its own session, its own pty), watched by its pid until it ends
        (its status unknown then: reported as 0, an end it chose)."""

        async def watch() -> None:
            while not self._ended.done():
                try:
                    os.kill(self.pid, 0)
                except ProcessLookupError:
                    self.ended(0)
                except PermissionError:  # its pid taken by another's process: it has ended
                    self.ended(0)
                else:
                    await asyncio.sleep(ORPHAN_POLL)

        self._watch = asyncio.ensure_future(watch())


SPAWN_LIMIT = 10.0
"""How long (s) the warm process may take to fork a game before the host gives up on it
and starts the game cold."""
STOP_WAIT = 5.0
"""Seconds the warm process is given to end when the host does, before it is killed."""


class WarmStarter:
    """The host's side of the warm process."""

    def __init__(self) -> None:
        self.process: asyncio.subprocess.Process | None = None
        self._sock: socket.socket | None = None
        self._games: dict[int, WarmGame] = {}
        self._waiting: dict[int, asyncio.Future[WarmGame]] = {}
        """Requests not yet answered, by number: a late answer to one given up on is a game
        nobody plays, and is ended (never handed to the next student)."""
        self._requests = itertools.count(1)
        self.on_gone: Callable[[int | None], None] | None = None
        """Told when the warm process has gone (its exit status, if known): games start cold."""

    async def start(
        self, env: dict[str, str], levels: Path | None = None, timeout: float = 60.0
    ) -> None:
        """Start the warm process and wait until it has imported the game."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "dartfit.host.warm",
                str(theirs.fileno()),
                *([str(levels)] if levels is not None else []),
                pass_fds=[theirs.fileno()],
                stdin=asyncio.subprocess.DEVNULL,
                env=env,
            )
        finally:
            theirs.close()
        ours.setblocking(False)
        self._sock = ours
        loop = asyncio.get_running_loop()
        async with asyncio.timeout(timeout):
            ready = json.loads(await loop.sock_recv(ours, MESSAGE))
        if not ready.get("ready"):
            raise RuntimeError("the warm process did not start")
        loop.add_reader(ours.fileno(), self._read)

    @property
    def running(self) -> bool:
        """Whether games can be forked now."""
        return (
            self._sock is not None
            and self.process is not None
            and (self.process.returncode is None)
        )

    def _read(self) -> None:
        assert self._sock is not None
        try:
            data = self._sock.recv(MESSAGE)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the warm process has gone: its games play on, watched by their pids
            asyncio.get_running_loop().remove_reader(self._sock.fileno())
            self._sock.close()
            self._sock = None
            for game in self._games.values():
                game.orphaned()
            self._games.clear()
            if self.on_gone is not None:
                self.on_gone(None if self.process is None else self.process.returncode)
            return
        message = json.loads(data)
        if "started" in message:  # registered now: its end may be the next message
            game = WarmGame(message["started"])
            self._games[game.pid] = game
            waiting = self._waiting.pop(message.get("request"), None)
            if waiting is not None and not waiting.done():
                waiting.set_result(game)
            else:  # the host gave up on it (the warm process was too slow): nobody plays it
                with contextlib.suppress(OSError):
                    os.killpg(game.pid, signal.SIGKILL)
        elif "ended" in message and message["ended"] in self._games:
            self._games.pop(message["ended"]).ended(message["status"])

    async def spawn(
        self, fds: list[int], args: list[str], env: dict[str, str], rlimits: list[tuple[int, int]]
    ) -> WarmGame:
        """Fork a game, with its limits lowered, on a pty (`fds`: its slave end) or on pipes
        (`fds`: stdin, stdout and stderr)."""
        if self._sock is None:
            raise OSError("the warm process is not running")
        number = next(self._requests)
        request = {"args": args, "env": env, "rlimits": rlimits, "request": number}
        answer: asyncio.Future[WarmGame] = asyncio.get_running_loop().create_future()
        self._waiting[number] = answer
        try:
            socket.send_fds(self._sock, [json.dumps(request).encode()], fds)
            async with asyncio.timeout(SPAWN_LIMIT):
                return await answer
        finally:
            self._waiting.pop(number, None)

    async def stop(self) -> None:
        """End the warm process (its games are ended by the host, each with its session)."""
        if self._sock is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self._sock.fileno())
            self._sock.close()
            self._sock = None
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.terminate()
            try:
                async with asyncio.timeout(STOP_WAIT):
                    await self.process.wait()
            except TimeoutError:  # stopped, or stuck: it would outlive the host, holding the
                with contextlib.suppress(ProcessLookupError):  # host's output open
                    self.process.kill()
                await self.process.wait()


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])), sys.argv[2] if len(sys.argv) > 2 else None)
