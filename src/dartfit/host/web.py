"""`dartfit serve`: the game in a browser, for rooms where SSH is not available.

textual-serve (1.1.3) carries each browser tab's keys and screen over a websocket to a game
process of its own, run with Textual's web driver over pipes. What this adds to it:

- A join page: the student types their name (and the class code, when there is one) and
  gets a ticket, a random token in a cookie (HttpOnly, SameSite=Strict) that the play page
  and its websocket need. The progress is the student's, in the same class database as the
  SSH host (`class.db`): the same names, the same board. A name that a public key owns
  over SSH is not given out here.
- Every URL is built from the request (textual-serve builds them from its bind address,
  so bound to 0.0.0.0 its page points at http://0.0.0.0:8000 and never starts), and the
  websocket is refused to pages of another origin.
- A cap on games (the class size, two windows per name), wrong codes limited per address,
  an idle timeout with a warning, the terminal size clamped, the same memory and CPU
  limits as the SSH host's games, the game's environment built here.
- A page that needs nothing from outside (the font is served from here: an offline room),
  and that says why a session ended.

Plain http: for a trusted network (a classroom's own), as the README says.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import secrets
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WebSocketError, WSCloseCode, WSMsgType, web
from aiohttp.web import RequestHandler
from textual_serve.app_service import AppService
from textual_serve.server import Server

from dartfit.host import session
from dartfit.host.limits import apply_rlimits, clamp, told
from dartfit.host.paste import PasteGuard
from dartfit.host.roster import NAME_RULE, bound_key, named, student_name
from dartfit.host.server import CLASS_ENDED, MAX_TRIES, Host, RateLimit, ended_itself
from dartfit.host.warm import WarmGame, WarmStarter
from dartfit.progress.class_env import CLASS_DB

COOKIE = "dartfit"
TICKET_LIFE = 12 * 3600.0  # seconds a ticket lets its browser in: a school day
MAX_TICKETS = 10_000  # tickets kept at once (a class of 40 joining from a few browsers each)
MAX_MESSAGE = 1 << 20
"""Bytes in one websocket message: a page sends a paste whole, in one, and past this the
server closes the socket (it holds a message whole). At 64 KB a paste of a dataset ended
the game; now what a paste holds past the key budget is dropped, as over SSH."""
TOO_BIG = (
    f"Your browser sent more at once than the game takes (a paste over {MAX_MESSAGE >> 20} MB)"
    ", so the session ended; your progress is saved."
)
"""What the page says of a socket the server closed as too big (code 1009): that close
carries no reason of the host's."""
MAX_FIELD = 200  # characters of a name or a code that are looked at
CLOSE_WAIT = 2.0  # seconds a closing tab has to answer (a browser does at once)
WRITE_WAIT = 2.0  # seconds a game has to take keys before it counts as stopped
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
TEMPLATES = Path(__file__).with_name("templates")
LOGGERS = ("aiohttp", "textual-serve")
HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # (no-referrer would send the join form with Origin null)
    "X-Content-Type-Options": "nosniff",  # a reply is what its Content-Type says, never a page
}
"""Headers of every reply: the app's (its pages, files and errors, raised or returned) get
them as they are prepared, aiohttp's own error replies (a request it could not read, before
any route) from `_Protocol`."""


class Tickets:
    """Who each browser is: a random ticket for a name, valid for a school day."""

    def __init__(self, life: float = TICKET_LIFE) -> None:
        self.life = life
        self._names: dict[str, tuple[str, float]] = {}

    def give(self, name: str) -> str:
        """A new ticket for a student (the oldest is forgotten past `MAX_TICKETS`: a flood
        of joins costs the same for each)."""
        while len(self._names) >= MAX_TICKETS:
            del self._names[next(iter(self._names))]
        ticket = secrets.token_urlsafe(24)
        self._names[ticket] = (name, time.monotonic() + self.life)
        return ticket

    def name(self, ticket: str | None) -> str | None:
        """The student a ticket was given to, or None (unknown or expired)."""
        name, end = self._names.get(ticket or "", ("", 0.0))
        return name if end > time.monotonic() else None


class _Game(AppService):
    """One student's game for one browser tab: a `dartfit` process with Textual's web
    driver, started with the environment and limits of the host's games, ended with its
    process group."""

    def __init__(self, args: list[str], env: dict[str, str], web: WebHost, **kw: Any) -> None:
        super().__init__(" ".join(args), **kw)
        self.args = args
        self.env = env
        self.web = web

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        return self.env | {
            "TEXTUAL_DRIVER": WEB_DRIVER,
            "TEXTUAL_COLOR_SYSTEM": "truecolor",
            "TERM_PROGRAM": "textual",
            "COLUMNS": str(width),
            "ROWS": str(height),
        }

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        errors = Path(self.env["HOME"]) / "browser-errors.txt"
        errors.parent.mkdir(parents=True, exist_ok=True)
        env = self._build_environment(width, height)
        rlimits = self.web.classroom.config.limits.rlimits()
        warm = self.web.classroom.warm
        with errors.open("ab") as stderr:  # textual-serve copies the game's stderr to the
            # server's stdout, where the board draws: it goes to this file, and textual-serve
            # is given an empty stream instead
            process: Any = None
            if warm is not None and warm.running:
                with contextlib.suppress(OSError, TimeoutError):
                    process = await _forked(warm, self.args, env, rlimits, stderr.fileno())
            if process is None:
                process = await asyncio.create_subprocess_exec(
                    sys.executable,
                    "-m",
                    "dartfit",
                    *self.args,
                    stdin=asyncio.subprocess.PIPE,
                    stdout=asyncio.subprocess.PIPE,
                    stderr=stderr,
                    env=env,
                    start_new_session=True,
                    preexec_fn=partial(apply_rlimits, rlimits),
                )
        quiet = asyncio.StreamReader()
        quiet.feed_eof()
        process.stderr = quiet
        self._process = process
        self._stdin = process.stdin
        return process

    async def send_bytes(self, data: bytes) -> bool:
        """Keys to the game; False if it has gone, or has not taken them within
        `WRITE_WAIT` (a game stopped, its pipe full: the tab's close must still be seen)."""
        try:
            return await asyncio.wait_for(super().send_bytes(data), WRITE_WAIT)
        except TimeoutError:
            return False

    async def send_meta(self, data: dict[str, str | int | bool | None]) -> bool:
        """A size, focus or quit to the game, given up on as keys are."""
        try:
            return await asyncio.wait_for(super().send_meta(data), WRITE_WAIT)
        except TimeoutError:
            return False

    @property
    def returncode(self) -> int | None:
        """The game's exit status once it has ended (None before, or if never started)."""
        return None if self._process is None else self._process.returncode

    @property
    def pid(self) -> int:
        assert self._process is not None
        return self._process.pid

    async def ended(self) -> None:
        """Wait until the game's output has ended (it quit, crashed or was ended)."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def stop(self) -> None:
        """Ask the game to quit (it saves as it goes), then end its process group; a
        cancellation (the class ending) waits for that before it goes on."""
        if self._task is None:
            return
        task, self._task = self._task, None
        ending = asyncio.ensure_future(self._end(task))
        try:
            await asyncio.shield(ending)
        except asyncio.CancelledError:
            await ending
            raise

    async def _end(self, task: asyncio.Task[None]) -> None:
        grace = self.web.classroom.config.grace
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        await self.send_meta({"type": "quit"})
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(task), grace)
        if self._process is not None:
            await session.end_group(self._process, grace)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


class _Piped:
    """A game forked by the warm process on pipes, as textual-serve and `end_group` use a
    process: its pid, exit status and end, its stdin to write and its stdout to read."""

    def __init__(
        self, game: WarmGame, stdin: asyncio.StreamWriter, stdout: asyncio.StreamReader
    ) -> None:
        self.game = game
        self.pid = game.pid
        self.stdin = stdin
        self.stdout = stdout
        self.stderr: asyncio.StreamReader | None = None

    @property
    def returncode(self) -> int | None:
        return self.game.returncode

    async def wait(self) -> int:
        status = await self.game.wait()
        self.stdin.close()
        return status


async def _forked(
    warm: WarmStarter,
    args: list[str],
    env: dict[str, str],
    rlimits: list[tuple[int, int]],
    stderr: int,
) -> _Piped:
    """A game forked from the warm process, its stdin and stdout on pipes to here."""
    keys, to_keys = os.pipe()
    try:
        from_screen, screen = os.pipe()
    except OSError:
        os.close(keys)
        os.close(to_keys)
        raise
    try:
        game = await warm.spawn([keys, screen, stderr], args, env, rlimits)
    except BaseException:
        os.close(to_keys)
        os.close(from_screen)
        raise
    finally:
        os.close(keys)
        os.close(screen)
    loop = asyncio.get_running_loop()
    stdout = asyncio.StreamReader()
    await loop.connect_read_pipe(
        lambda: asyncio.StreamReaderProtocol(stdout),
        open(from_screen, "rb", buffering=0),  # noqa: SIM115
    )
    protocol = asyncio.StreamReaderProtocol(asyncio.StreamReader())
    transport, _ = await loop.connect_write_pipe(
        lambda: protocol,
        open(to_keys, "wb", buffering=0),  # noqa: SIM115
    )
    return _Piped(game, asyncio.StreamWriter(transport, protocol, None, loop), stdout)


class WebHost(Server):
    """textual-serve's server for a class: join page, tickets, limits, the class database."""

    def __init__(self, host: Host) -> None:
        config = host.config
        super().__init__("dartfit", config.bind, config.port, title="dartfit")
        self.templates_path = TEMPLATES
        self.classroom = host  # (textual-serve's `host` is the address)
        self.tickets = Tickets()
        self.wrong_codes = RateLimit(burst=MAX_TRIES, per_second=MAX_TRIES / 60)
        self.joins = RateLimit(burst=host.config.max_players + 10)  # a class behind one address
        self._runner: web.AppRunner | None = None

    def initialize_logging(self) -> None:
        """The host's log is the log: what aiohttp and textual-serve would print (a
        traceback for a request line too long, say) is one line in host.log instead."""
        self.classroom.quiet(*LOGGERS)

    async def listen(self) -> asyncio.AbstractServer:
        """Start the warm process, then accept browsers; return the listening server
        (close() stops that)."""
        await self.classroom.start_warm()
        self.initialize_logging()
        app = await self._make_app()
        grace = self.classroom.config.grace
        quiet: dict[str, Any] = {"access_log": None}  # (the log says what matters)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=grace + 2, **quiet)
        await self._runner.setup()
        protocols = self._runner.server
        assert protocols is not None  # set up above
        loop = asyncio.get_running_loop()
        return await loop.create_server(
            partial(_Protocol, protocols, loop=loop, **quiet),
            self.classroom.config.bind,
            self.port,
        )

    async def stop(self) -> None:
        """Let go of the web application (call once the games have ended)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=1 << 14)
        aiohttp_jinja2.setup(
            app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=True
        )
        app.add_routes(
            [
                web.get("/", self.handle_join_page, name="index"),
                web.post("/join", self.handle_join, name="join"),
                web.get("/play", self.handle_play, name="play"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_response_prepare.append(_headers)
        return app

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file the game offers (textual-serve's), with a 404 that does not echo the key
        asked for (textual-serve's said it back)."""
        try:
            return await super().handle_download(request)
        except web.HTTPNotFound:
            raise web.HTTPNotFound(text="dartfit: no such download") from None

    # the pages

    def _page(
        self, request: web.Request, template: str, status: int = 200, **context: Any
    ) -> web.Response:
        context.setdefault("code", self.classroom.config.mode == "code")
        context.setdefault("static", "/static/")
        return aiohttp_jinja2.render_template(template, request, context, status=status)

    async def handle_join_page(self, request: web.Request) -> web.StreamResponse:
        """The join page: a name (and the class code)."""
        return self._page(request, "join.html", name="", message="")

    async def handle_join(self, request: web.Request) -> web.StreamResponse:
        """A name (and a code) typed on the join page: a ticket and on to the game, or the
        join page again saying what is wrong."""
        if not _same_origin(request):
            raise web.HTTPForbidden(text="dartfit: a join from another site's page")
        try:
            form = await request.post()
        except (ValueError, LookupError):  # a bad charset, bytes or multipart (not said back)
            raise web.HTTPBadRequest(text="dartfit: a join form that can't be read") from None
        typed = str(form.get("name", ""))[:MAX_FIELD].strip()
        name = student_name(typed)
        peer = request.remote or "?"

        def again(message: str, status: int) -> web.Response:
            return self._page(request, "join.html", status, name=typed, message=message)

        if self.classroom.config.mode == "code":
            if self.wrong_codes.spent(peer):  # not even a right code is looked at now
                self.classroom.log_now_and_then(peer, f"refused codes from {peer}: too many wrong")
                return again("Too many wrong codes from here: wait a minute.", 429)
            if not self.classroom.config.is_class_code(str(form.get("code", ""))[:MAX_FIELD]):
                self.classroom.log(f"wrong class code for {named(typed)} from {peer} (browser)")
                self.wrong_codes.allow(peer)
                return again("That is not the class code: ask your teacher.", 403)
        if name is None:
            return again(f"A name is {NAME_RULE}.", 400)
        if not self.joins.allow(peer):
            self.classroom.log_now_and_then(peer, f"refused joins from {peer}: too many too fast")
            return again("Too many joins from here at once: try again in a few seconds.", 429)
        if (owned := self._owned(name)) is not None:
            return again(f"{owned}.", 403)
        response = web.HTTPSeeOther("/play")
        response.set_cookie(
            COOKIE,
            self.tickets.give(name),
            max_age=int(self.tickets.life),
            httponly=True,
            samesite="Strict",
            path="/",
        )
        raise response

    def _owned(self, name: str) -> str | None:
        """Why a name is not a browser's to play as: a key owns it over SSH (asked as a
        ticket is given, and again as it is used: a key that took the name since had its
        student's game played by the tab), or None."""
        if bound_key(self.classroom.db, name) is None:
            return None
        return f"{name} plays over SSH with a key: choose another name"

    async def handle_play(self, request: web.Request) -> web.StreamResponse:
        """The game's page, for a browser with a ticket (others go to the join page)."""
        name = self.tickets.name(request.cookies.get(COOKIE))
        if name is None:
            raise web.HTTPSeeOther("/")
        why_not = self._owned(name) or self.classroom.room_for(name)
        if why_not is not None:
            return self._page(request, "join.html", 503, name=name, message=_sentence(why_not))
        scheme = "wss" if request.secure else "ws"
        return self._page(
            request,
            "play.html",
            name=name,
            too_big=TOO_BIG,
            websocket=f"{scheme}://{request.host}/ws",
            font_size=_int(request.query.get("fontsize", ""), 16, (8, 40)),
        )

    # the game

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A browser's game: refused (with a reason the page shows), or played until the
        tab closes, the game ends, the student idles too long or the class ends."""
        name = self.tickets.name(request.cookies.get(COOKIE))
        if name is None or not _same_origin(request):
            raise web.HTTPForbidden(text="dartfit: join on the class's own page first")
        websocket = web.WebSocketResponse(
            heartbeat=15, max_msg_size=MAX_MESSAGE, timeout=CLOSE_WAIT
        )
        await websocket.prepare(request)
        peer = request.remote or "?"
        why_not = self._owned(name) or self.classroom.room_for(name)
        if why_not is None:
            if (why_not := await self.classroom.enrol(name, peer)) is not None:  # (logged)
                await _close(websocket, why_not)
                return websocket
            # the room again, once the class list is written: another tab may have been
            # seated meanwhile (its refusal here went unlogged, as a third tab's at once)
            why_not = self.classroom.room_for(name)
        if why_not is not None:
            self.classroom.log(f"refused {named(name)} from {peer} (browser): {why_not}")
            await _close(websocket, why_not)
            return websocket
        limits = self.classroom.config.limits
        query = request.query
        asked = (_int(query.get("width", ""), 80), _int(query.get("height", ""), 24))
        size = clamp(asked, limits)
        env = session.child_env(None, {}, self.classroom.config.folder / CLASS_DB, name)
        game = _Game(
            self.classroom.game_args(),
            env,
            self,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=_nothing,  # closed here once the game has ended, saying why
            download_manager=self.download_manager,
        )
        try:
            with self.classroom.seated(name, peer, f"browser, {told(asked, limits)}") as seat:
                try:
                    game.env = seat.env(game.env)
                    await game.start(*size)
                    seat.started(game.pid)
                    warn = partial(self.classroom.warn_idle, name)
                    seat.why = await self._play(websocket, game, warn)
                except OSError as error:  # no process to be had (a limit of the machine)
                    seat.why = f"the game could not start ({error.strerror or error})"
                finally:
                    await game.stop()
                    seat.status = game.returncode
        except asyncio.CancelledError:  # the class ends: the game has saved and ended
            await _close(websocket, CLASS_ENDED)
            raise
        if seat.why != "the game ended":  # the page says why
            await _close(websocket, f"{seat.why}; your progress is saved")
        elif (said := ended_itself(seat.status)) is not None:  # an error, progress not kept
            await _close(websocket, said)
        await websocket.close()
        return websocket

    async def _play(self, websocket: web.WebSocketResponse, game: _Game, warn: Any) -> str:
        """Carry the tab's keys to the game until one side ends; return why it ended."""
        keys = _Keys(websocket, game, self.classroom.config.limits)
        waits: dict[asyncio.Future[Any], str] = {
            asyncio.ensure_future(game.ended()): "the game ended",
            asyncio.ensure_future(keys.pump()): "",
            asyncio.ensure_future(keys.idle(lambda: warn(game.pid))): "",
        }
        try:
            return await session.first_to_end(waits)
        except Exception as error:  # a fault here, not the student's: one line in the log
            self.classroom.log(f"web server: {type(error).__name__}: {error}"[:300])
            return "the server met a fault"


class _Keys(session.IdleClock):
    """The tab's messages to the game: keys, resizes (clamped), focus; anything else is
    dropped."""

    def __init__(self, websocket: web.WebSocketResponse, game: _Game, limits: Any) -> None:
        super().__init__(limits)
        self.websocket = websocket
        self.game = game
        self.pastes = PasteGuard()  # nothing pasted acts as a key (see host.paste)

    async def pump(self) -> str:
        """Carry the tab's messages until it closes (or the game's input does)."""
        async for message in self.websocket:
            if message.type == WSMsgType.ERROR and _too_big(message.data):
                over = f"a message over {MAX_MESSAGE >> 20} MB"
                return f"the browser tab sent more at once than the game takes ({over})"
            if message.type != WSMsgType.TEXT:
                continue
            try:
                kind, data = json.loads(message.data)
            except (ValueError, TypeError, RecursionError):  # not a page's message: dropped
                continue
            if kind == "stdin" and isinstance(data, str):
                keys = self.pastes.feed(data.encode("utf-8", "replace"))
                if self.pressed(len(keys)) and not await self.game.send_bytes(keys):
                    return "the game stopped taking keys"
            elif kind == "resize" and isinstance(data, dict):
                width, height = (_int(str(data.get(k, "")), 0) for k in ("width", "height"))
                await self.game.set_terminal_size(*clamp((width, height), self.limits))
            elif kind == "ping":
                await self.websocket.send_json(["pong", str(data)[:64]])
            elif kind == "blur":
                await self.game.blur()
            elif kind == "focus":
                await self.game.focus()
        return "the browser tab closed"


def _too_big(error: object) -> bool:
    """Whether a websocket's error is a message past `MAX_MESSAGE`."""
    return isinstance(error, WebSocketError) and error.code == WSCloseCode.MESSAGE_TOO_BIG


async def _close(websocket: web.WebSocketResponse, why: str) -> None:
    """Close a tab's websocket with a reason, which the page shows."""
    with contextlib.suppress(Exception):
        await websocket.close(code=4000, message=_reason(why))


async def _nothing() -> None:
    pass


class _Protocol(RequestHandler):
    """aiohttp's connection to a browser, whose own error replies (a request line too long,
    say: no route, so no app to add `HEADERS`) carry them too, and no part of the request
    (aiohttp's 400 quoted it)."""

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        said = f"{status} {http.client.responses.get(status, 'Error')}"
        response = super().handle_error(request, status, exc, said)
        response.headers.update(HEADERS)
        return response


def _same_origin(request: web.Request) -> bool:
    """Whether a request comes from a page of this server: browsers say so (Sec-Fetch-Site)
    or send the page's Origin on posts and websockets; a request with neither is not a
    browser's page of another site."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    scheme = "https" if request.secure else "http"
    return origin == f"{scheme}://{request.host}"


async def _headers(request: web.Request, response: web.StreamResponse) -> None:
    for key, value in HEADERS.items():
        response.headers.setdefault(key, value)


def _int(text: str, default: int, within: tuple[int, int] | None = None) -> int:
    """An integer from a query (the default when it is not one), kept within bounds."""
    value = int(text) if text.isdecimal() and len(text) <= 6 else default
    return value if within is None else min(max(value, within[0]), within[1])


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _reason(text: str) -> bytes:
    """A websocket close reason (at most 123 bytes), which the page shows."""
    data = _sentence(text).encode()
    return data if len(data) <= 123 else data[:120].decode("utf-8", "ignore").encode() + b"..."
