"""`dartfit host` on loopback, with asyncssh clients: each student plays on a pty of their
own and keeps their own progress; what is not the game is refused with one line; a name
belongs to the first key that used it; a vanished client leaves no process behind."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import replace
from pathlib import Path

import asyncssh
import pytest

from dartfit.host import server, session
from dartfit.host.board import animal, masked
from dartfit.host.limits import Limits
from dartfit.host.roster import bind_key, bound_key
from dartfit.host.server import CLASS_DB, Host, HostConfig, RateLimit
from dartfit.host.session import IdleClock
from dartfit.progress.class_store import connect
from tests.conftest import SHIPPED, alive
from tests.pty_terminal import Shown

TITLE = "the bullseye is the truth"
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


@pytest.fixture
async def host(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Host]:
    """A host on a free port of 127.0.0.1; games start cold unless the test is marked
    `warm` (the warm process costs more than the game or two most tests start)."""
    warm = request.node.get_closest_marker("warm") is not None
    config = HostConfig(folder=tmp_path / "class", port=0, max_players=2, levels=SHIPPED, warm=warm)
    running = Host(config)
    server = await running.listen()
    running.port = server.get_port()  # type: ignore[attr-defined]
    yield running
    server.close()
    await running.stop()


class _Student(asyncssh.SSHClient):
    """A client that answers keyboard-interactive as a student at OpenSSH would: the class
    code typed at its prompt (an open class asks nothing)."""

    def __init__(self, code: str | None) -> None:
        self.code = code
        self.typed: str | None = None

    def kbdint_auth_requested(self) -> str | None:
        code, self.code = self.code, None  # one try, as a student gets told and stops
        self.typed = code
        return None if code is None else ""

    def kbdint_challenge_received(
        self, name: str, instructions: str, lang: str, prompts: object
    ) -> list[str]:
        return [self.typed or ""] * len(prompts)  # type: ignore[arg-type]


def _connect(
    host: Host, user: str, code: str | None = "", **options: object
) -> asyncssh.SSHClientConnection:
    return asyncssh.connect(  # type: ignore[return-value]
        "127.0.0.1",
        host.port,  # type: ignore[attr-defined]
        username=user,
        known_hosts=None,
        client_factory=lambda: _Student(code),
        client_keys=options.pop("client_keys", None),
        agent_path=None,
        **options,
    )


class Screen:
    """What a client's terminal was sent, without escape codes, and what it shows."""

    def __init__(self, process: asyncssh.SSHClientProcess[bytes]) -> None:
        self.process = process
        self.seen = b""
        self.shown = Shown(80, 24)

    def shows(self) -> str:
        return self.shown.text()

    def _sent(self) -> str:
        return ANSI.sub(b"", self.seen).decode("utf-8", "replace")

    async def wait_for(self, text: str, seconds: float = 30) -> None:
        """Read until the plain text is sent, or newly on screen (new output only counts once)."""
        already = text in self.shows()
        async with asyncio.timeout(seconds):
            while not self.shown.has_new(text, self._sent(), already):
                chunk = await self.process.stdout.read(65536)
                if not chunk:
                    raise AssertionError(f"the game ended before {text!r}: {self.seen[-400:]!r}")
                self.seen += chunk
                self.shown.feed(chunk)
        self.seen = b""

    async def keys(self, *keys: bytes) -> None:
        for key in keys:
            self.process.stdin.write(key)
            await asyncio.sleep(0.05)  # a player's pace; what counts is waited for on screen


async def _play(host: Host, user: str) -> tuple[asyncssh.SSHClientConnection, Screen]:
    conn = await _connect(host, user)
    process = await conn.create_process(
        term_type="xterm-256color", term_size=(80, 24), encoding=None
    )
    screen = Screen(process)
    await screen.wait_for("Press Enter")
    return conn, screen


def _stars(host: Host, name: str) -> dict[str, int]:
    db = sqlite3.connect(host.config.folder / CLASS_DB)
    rows = db.execute("SELECT level, stars FROM levels WHERE name = ?", (name,)).fetchall()
    return dict(rows)


def _parent(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


@pytest.mark.warm
async def test_two_students_play_at_once_and_each_keeps_their_own_win(host: Host) -> None:
    alice, her = await _play(host, "alice")
    bob, his = await _play(host, "Bob")
    await her.keys(b"\r")
    await her.wait_for("First throw")
    await her.keys(b"\r")
    await her.wait_for("darts left 3")
    await her.keys(b" ", b" ", b" ")
    await her.wait_for("Level complete")
    assert _stars(host, "alice") == {"first-throw": 3}  # saved the moment it was won
    assert _stars(host, "bob") == {}
    await his.keys(b"\r")
    await his.wait_for("First throw")
    assert host.broadcast("Eyes on the board") == 2  # the teacher's message, in both games
    await her.wait_for("Eyes on the board")
    await his.wait_for("Eyes on the board")
    alice.close()
    bob.close()
    await asyncio.gather(alice.wait_closed(), bob.wait_closed())
    async with asyncio.timeout(20):
        while host.playing:  # each game saves and ends with its connection
            await asyncio.sleep(0.05)
    again, hers = await _play(host, "alice")  # she comes back: her star is there
    await hers.keys(b"\r")
    await hers.wait_for("★★★")
    again.close()


@pytest.mark.parametrize(
    ("user", "how", "says"),
    [
        ("carol", {"command": "ls"}, "only the game is served here"),
        ("carol", {"subsystem": "sftp"}, "only the game is served here"),
        ("carol", {}, "the game needs a terminal"),
        ("Bad Name!", {"term_type": "xterm"}, "a student's name is 1 to 32 letters (a to z)"),
        ("x" * 33, {"term_type": "xterm"}, "a student's name is 1 to 32 letters (a to z)"),
    ],
    ids=["exec", "sftp", "no-pty", "bad-name", "long-name"],
)
async def test_anything_but_the_game_is_refused_with_one_line(
    host: Host, user: str, how: dict[str, str], says: str
) -> None:
    async with _connect(host, user) as conn:
        done = await conn.run(**how, encoding="utf-8", timeout=20)
    assert done.exit_status != 0
    assert says in str(done.stderr), done.stderr
    assert str(done.stderr).count("\n") == 1  # one line
    assert not host.playing


async def test_a_full_class_says_so(host: Host) -> None:
    first, _ = await _play(host, "ann")
    second, _ = await _play(host, "ben")
    async with _connect(host, "cat") as conn:
        done = await conn.run(term_type="xterm", encoding="utf-8", timeout=20)
    assert "the class is full (2 players)" in str(done.stderr)
    first.close()
    second.close()


async def test_a_class_arriving_at_once_is_full_at_max_players(
    host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each arrival was checked for room before the class list was written, and seated after:
    students arriving together all passed the check before any was seated (42 at once all
    played in a class of 40). A slow class list makes every arrival meet that window."""
    enrol = Host.enrol

    async def slow(self: Host, name: str, peer: str) -> str | None:
        await asyncio.sleep(0.5)
        return await enrol(self, name, peer)

    monkeypatch.setattr(Host, "enrol", slow)
    conns = await asyncio.gather(*(_connect(host, user) for user in ("ann", "ben", "cat")))
    processes = [
        await conn.create_process(term_type="xterm", term_size=(80, 24), encoding="utf-8")
        for conn in conns
    ]
    ended, _ = await asyncio.wait(
        [asyncio.ensure_future(process.wait()) for process in processes], timeout=15
    )
    assert len(ended) == 1, f"{len(host.playing)} of 2 seats taken, {len(ended)} turned away"
    (done,) = ended
    assert "the class is full (2 players)" in str(done.result().stderr)
    assert len(host.playing) == 2
    for conn in conns:
        conn.close()


@pytest.mark.warm
async def test_a_client_that_vanishes_leaves_no_game_behind(host: Host) -> None:
    conn, _ = await _play(host, "dan")
    (game,) = host.playing.values()
    assert game.pid is not None
    assert host.warm is not None and host.warm.process is not None
    assert _parent(game.pid) == host.warm.process.pid  # forked warm, not started cold
    limits = Path(f"/proc/{game.pid}/limits").read_text()
    assert re.search(r"Max address space\s+1073741824\s", limits)  # its own memory limit
    assert re.search(r"Max cpu time\s+3600\s", limits)
    conn.abort()  # no goodbye: a dropped connection
    async with asyncio.timeout(20):
        while alive(game.pid) or host.playing:
            await asyncio.sleep(0.05)
    log = (host.config.folder / "host.log").read_text(encoding="utf-8")
    assert "dan left after" in log and "None" not in log  # a status, or that it was killed
    assert "the connection closed" in log, log  # not "the host ended the class" (1 in 3 did)
    again, _ = await _play(host, "dan")  # and the next one is served
    again.close()


async def test_a_name_belongs_to_the_first_key_that_used_it(host: Host) -> None:
    first, second = (
        asyncssh.generate_private_key("ssh-ed25519"),
        asyncssh.generate_private_key("ssh-ed25519"),
    )
    async with _connect(host, "eve", client_keys=[first]) as conn:
        await conn.run("true", timeout=20)  # refused as a command, but logged in
    with pytest.raises(asyncssh.PermissionDenied):
        await _connect(host, "eve", client_keys=[second])
    with pytest.raises(asyncssh.PermissionDenied):
        await _connect(host, "eve")  # no key at all (the open way in): the name needs its key
    async with _connect(host, "eve", client_keys=[first]):
        pass
    async with _connect(host, "fay", client_keys=[second]):  # another name: another key
        pass
    async with _connect(host, "gil", client_keys=[first]):  # in, but the key keeps one name
        pass
    db = sqlite3.connect(host.config.folder / CLASS_DB)
    keys = dict(db.execute("SELECT name, key FROM players WHERE name IN ('eve', 'gil')"))
    assert keys["eve"] == first.get_fingerprint() and keys.get("gil") is None


@contextlib.asynccontextmanager
async def _coded(host: Host, folder: str) -> AsyncIterator[Host]:
    """A class asking for the code "maple", listening beside `host`, its own folder."""
    coded = Host(replace(host.config, class_code="maple", folder=host.config.folder / folder))
    server = await coded.listen()
    coded.port = server.get_port()  # type: ignore[attr-defined]
    try:
        yield coded
    finally:
        server.close()
        await coded.stop()


async def test_a_class_code_is_asked_for(host: Host) -> None:
    async with _coded(host, "b") as coded:
        with pytest.raises(asyncssh.PermissionDenied):
            await _connect(coded, "gus", code="birch")
        with pytest.raises(asyncssh.PermissionDenied):
            await _connect(coded, "gus", code=None)
        key = asyncssh.generate_private_key("ssh-ed25519")
        async with _connect(coded, "gus", code="maple", client_keys=[key]):
            pass
        async with _connect(coded, "gus", code=None, client_keys=[key]):  # the key is enough now
            pass


async def test_every_name_the_log_says_is_hidden_when_the_board_hides_names(host: Host) -> None:
    """`a` on the board hides the names in the log too, for a projector. A login's name the
    host refused was said as Python's repr: one with an apostrophe came in double quotes the
    board did not look for, and a wrong class code's name was never looked for: both were
    shown (a name on no class list has no other way to be found)."""
    async with _coded(host, "n") as coded:
        with pytest.raises(asyncssh.PermissionDenied):
            await _connect(coded, "zed", code="birch")
        async with _connect(coded, "o'brien", code="maple") as conn:
            done = await conn.run(term_type="xterm", encoding="utf-8", timeout=20)
        assert "name is 1 to 32 letters" in str(done.stderr), done.stderr
    log = "\n".join(_log(coded))
    assert "zed" in log and "o'brien" in log, log
    hidden = "\n".join(masked(line, []) for line in log.splitlines())  # on no list
    assert "zed" not in hidden and "brien" not in hidden, hidden
    assert animal("zed") in hidden and animal("o'brien") in hidden, hidden


def test_a_class_code_is_the_code_however_its_letters_are_composed(tmp_path: Path) -> None:
    """A code typed with é as e and a combining accent (as some keyboards send it), or
    with spaces around it, is the code; a longer or shorter one is not."""
    config = HostConfig(folder=tmp_path, class_code="café")
    assert config.is_class_code("cafe\u0301") and config.is_class_code(b" caf\xc3\xa9 ")
    assert not any(map(config.is_class_code, ("caf", "cafés", "\ud800", b"caf\xe9")))


async def test_two_keys_claiming_one_free_name_at_once_the_second_is_told_why(
    host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two students log in as "ivy" with two keys at the same moment: both keys were
    checked while the name was free, the first to finish took it, and the other was cut
    off without a word. It is told, in one line, that the name went to another key a
    moment before, with a free name to connect with instead."""
    checked: dict[int, int] = {}
    step = asyncio.Condition()
    validate = server._Connection.validate_public_key

    async def side_by_side(self: server._Connection, username: str, key: asyncssh.SSHKey) -> bool:
        said = validate(self, username, key)  # checked now, the name still free
        async with step:  # neither login goes on until the other's key is as far
            checked[id(self)] = times = checked.get(id(self), 0) + 1
            step.notify_all()
            async with asyncio.timeout(20):
                await step.wait_for(lambda: len(checked) == 2 and min(checked.values()) >= times)
        return said

    monkeypatch.setattr(server._Connection, "validate_public_key", side_by_side)
    keys = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(2)]
    logins = await asyncio.gather(*(_connect(host, "ivy", client_keys=[k]) for k in keys))
    monkeypatch.undo()
    won = [k.get_fingerprint() for k in keys].index(bound_key(host.db, "ivy"))
    async with logins[1 - won] as conn:  # asks for the game
        lost = await conn.run(term_type="xterm", encoding="utf-8", timeout=20)
    assert lost.exit_status == 1 and lost.stderr == (
        "dartfit host: the name ivy belongs to another student's key, which took it a moment"
        " before yours: connect with another name; ivy2 is free\r\n"
    ), lost
    async with logins[won] as conn:  # the name's own: refused only as a command is
        played = await conn.run("true", encoding="utf-8", timeout=20)
    assert "only the game is served here" in str(played.stderr), played
    assert "ivy was taken by another key just before" in "".join(_log(host))
    async with _connect(host, "ivy2", client_keys=[keys[1 - won]]):  # the name offered: in
        pass
    assert bound_key(host.db, "ivy2") == keys[1 - won].get_fingerprint()


class _Slow(_Student):
    """A student who types the class code only once `typing` is set, and hears the banner."""

    def __init__(self, code: str, typing: asyncio.Event) -> None:
        super().__init__(code)
        self.typing = typing
        self.banner = ""

    def auth_banner_received(self, msg: str, lang: str) -> None:
        self.banner += msg

    async def kbdint_challenge_received(  # type: ignore[override]
        self, name: str, instructions: str, lang: str, prompts: object
    ) -> list[str]:
        await self.typing.wait()
        return super().kbdint_challenge_received(name, instructions, lang, prompts)


@pytest.mark.parametrize("keyed", [False, True], ids=["no-key", "another-key"])
async def test_a_name_its_key_took_while_another_typed_the_code_is_refused_with_why(
    host: Host, keyed: bool
) -> None:
    """Two students at the code's prompt as "hal" at once: the one with a key got in first
    and the name became its key's, and the other, with no key, typed the code and played
    as hal too (with a key of another, it was cut off without a word)."""
    typing = asyncio.Event()
    slow = _Slow("maple", typing)
    async with _coded(host, "c") as coded:
        late = asyncio.ensure_future(
            asyncssh.connect(
                "127.0.0.1",
                coded.port,  # type: ignore[attr-defined]
                username="hal",
                known_hosts=None,
                client_factory=lambda: slow,
                client_keys=[asyncssh.generate_private_key("ssh-ed25519")] if keyed else None,
                agent_path=None,
            )
        )
        await asyncio.sleep(0.5)  # at the prompt, the name still no key's
        key = asyncssh.generate_private_key("ssh-ed25519")
        async with _connect(coded, "hal", code="maple", client_keys=[key]):
            pass
        typing.set()
        with pytest.raises(asyncssh.PermissionDenied):
            await asyncio.wait_for(late, 20)
        assert "the name hal belongs to another student's key" in slow.banner


async def test_a_resize_reaches_the_game_within_the_limits(host: Host) -> None:
    conn, screen = await _play(host, "hal")
    screen.process.change_terminal_size(60, 20)
    await screen.wait_for("This one is 60 × 20")  # the game's own size notice
    screen.process.change_terminal_size(5000, 3)
    await screen.wait_for("This one is 400 × 8")  # clamped: no 5000-column frames
    conn.close()


async def test_an_idle_student_is_warned_then_the_session_ends(tmp_path: Path) -> None:
    """The student is at the keyboard until the game is up (a focus report, a key that
    does nothing, now and then), then leaves it: the game's start, slow on a loaded
    machine, is not the student's idle time, and nothing waits a fixed time."""
    limits = Limits(idle=6.0, warning=3.0)
    config = HostConfig(folder=tmp_path / "c", port=0, levels=SHIPPED, limits=limits, warm=False)
    idle = Host(config)
    server = await idle.listen()
    idle.port = server.get_port()  # type: ignore[attr-defined]
    try:
        conn = await _connect(idle, "ida")
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        screen = Screen(process)

        async def at_the_keyboard() -> None:
            while True:
                process.stdin.write(b"\x1b[I")
                await asyncio.sleep(0.2)

        there = asyncio.ensure_future(at_the_keyboard())
        try:
            await screen.wait_for("Press Enter", seconds=120)
        finally:
            there.cancel()
        await screen.wait_for("No key for a while", seconds=60)
        with pytest.raises(AssertionError, match="the game ended"):
            await screen.wait_for("never shown")
        async with asyncio.timeout(20):
            while idle.playing:
                await asyncio.sleep(0.05)
        told = await screen.process.stderr.read()
        assert b"dartfit host: idle for too long; your progress is saved" in told
        assert "ida left" in (tmp_path / "c" / "host.log").read_text()
        assert "idle for too long" in (tmp_path / "c" / "host.log").read_text()
        conn.close()
    finally:
        server.close()
        await idle.stop()


async def test_an_idle_wait_that_overslept_its_end_still_warns_with_the_whole_notice() -> None:
    """On a loaded machine the idle wait woke after its end and closed the session with no
    warning at all (the browser's idle test, red under load). It warns then, and the end
    comes a whole notice later; a key in that notice starts the wait again."""
    clock = IdleClock(Limits(idle=0.6, warning=0.3))
    clock.last = time.monotonic() - 60  # long past the end, as an oversleeping wait wakes
    warned: list[float] = []
    waiting = asyncio.ensure_future(clock.idle(lambda: warned.append(time.monotonic())))
    async with asyncio.timeout(30):
        while not warned and not waiting.done():
            await asyncio.sleep(0.01)
    assert warned, "ended with no warning"
    clock.pressed()  # a key in the notice
    key = clock.last
    assert await asyncio.wait_for(waiting, 30) == "idle for too long"
    done = time.monotonic()
    assert len(warned) == 2 and warned[1] >= key + 0.3  # warned again, a notice before the end
    assert done >= key + 0.6 and done >= warned[1] + 0.3
    clock.last = time.monotonic() - 60
    warned.clear()
    assert await asyncio.wait_for(clock.idle(lambda: warned.append(time.monotonic())), 30)
    assert len(warned) == 1 and time.monotonic() >= warned[0] + 0.3


def test_a_class_behind_one_address_gets_in_at_once_and_a_flood_does_not() -> None:
    limit = RateLimit(burst=40, per_second=1.0)
    assert all(limit.allow("203.0.113.9", now=100.0) for _ in range(40))  # the whole class
    assert not limit.allow("203.0.113.9", now=100.5)  # a 41st in the same second
    assert limit.allow("198.51.100.1", now=100.5)  # another address is not held up
    assert limit.allow("203.0.113.9", now=102.0)  # and it fills up again with time


async def test_a_flood_that_never_logs_in_is_refused_with_a_reason_a_class_is_not(
    tmp_path: Path,
) -> None:
    config = HostConfig(folder=tmp_path / "r", port=0, max_players=1, warm=False)
    busy = Host(config)  # a burst of max_players + 10 from one address
    server = await busy.listen()
    busy.port = server.get_port()  # type: ignore[attr-defined]
    try:
        for n in range(15):  # students who log in give their place in the burst back
            async with _connect(busy, f"u{n}"):
                pass
        flood = [await asyncio.open_connection("127.0.0.1", busy.port) for _ in range(11)]  # type: ignore[attr-defined]
        with pytest.raises(asyncssh.DisconnectError) as refused:
            await _connect(busy, "late")
        assert "too many connections from your address at once" in refused.value.reason
        for _, writer in flood:
            writer.close()
        log = (tmp_path / "r" / "host.log").read_text()
        assert log.count("too many connections from your address") == 1  # one line a minute
    finally:
        server.close()
        await busy.stop()


def test_the_connections_open_at_once_fit_the_descriptors() -> None:
    from dartfit.host.server import connection_cap

    assert connection_cap(40, 100) == 12  # a low ulimit -n: refused in a line, not by EMFILE
    assert connection_cap(40, 65536) == 100  # else twice the class, and 20
    raised = subprocess.run(
        [sys.executable, "-c", RAISE_SOFT_LIMIT], capture_output=True, text=True, check=True
    )
    assert raised.stdout.split() == ["100", "200"]  # the soft limit goes up to the hard one


RAISE_SOFT_LIMIT = """
import resource
from dartfit.host.server import descriptors
resource.setrlimit(resource.RLIMIT_NOFILE, (100, 200))
print(resource.getrlimit(resource.RLIMIT_NOFILE)[0], descriptors())
"""


async def test_a_flood_of_keys_is_dropped_and_the_game_answers_the_next_one(host: Host) -> None:
    conn, screen = await _play(host, "pat")
    async with conn:
        screen.process.stdin.write(b"z" * 4_000_000)  # a paste of 4 MB
        await screen.process.stdin.drain()
        await asyncio.sleep(0.5)  # a player's pause: the key budget fills again
        # the game answers: on a loaded machine an enter read in one go with the flood's
        # last keys goes with them (stale), and the player presses it again, as one would
        async with asyncio.timeout(30):
            while True:
                await screen.keys(b"\r")
                try:
                    await screen.wait_for("First throw", seconds=3)
                    break
                except TimeoutError:
                    continue


async def test_the_teacher_pauses_the_class_and_sets_its_pace(host: Host) -> None:
    conn, screen = await _play(host, "ivy")
    assert host.pause(True) == 1
    await screen.wait_for("Eyes on your teacher")
    assert host.pause(False) == 1
    assert host.pace((2, 3)) == 1
    await screen.wait_for("Levels 2 to 3 are open")
    await screen.keys(b"\r")
    await screen.wait_for("your teacher opens it later")  # level 1, in the list
    picture = host.look("ivy")  # the teacher looks at her screen
    assert picture is not None and host.look("nobody") is None
    async with asyncio.timeout(20):
        while not picture.is_file():
            await asyncio.sleep(0.05)
    assert "opens it later" in picture.read_text(encoding="utf-8").replace("&#160;", " ")
    conn.close()


async def test_two_windows_of_one_student_each_hear_the_teacher_and_a_third_is_refused(
    host: Host,
) -> None:
    host.config = replace(host.config, max_players=5)
    first, one = await _play(host, "pat")
    second, two = await _play(host, "PAT")  # the same student, another window
    assert host.pause(True) == 2
    await one.wait_for("Eyes on your teacher")
    await two.wait_for("Eyes on your teacher")
    async with _connect(host, "pat") as conn:
        done = await conn.run(term_type="xterm", encoding="utf-8", timeout=20)
    assert "already playing in 2 windows" in str(done.stderr)
    first.close()
    second.close()


async def test_a_notice_while_the_game_starts_does_not_end_it(host: Host) -> None:
    await _notice_at_start(host)


@pytest.mark.warm
async def test_a_notice_while_a_warm_game_starts_does_not_end_it(host: Host) -> None:
    await _notice_at_start(host)


async def _notice_at_start(host: Host) -> None:
    conn = await _connect(host, "ned")
    process = await conn.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
    async with asyncio.timeout(20):
        while not any(game.pid for game in host.playing.values()):
            await asyncio.sleep(0.001)
    assert host.broadcast("Welcome") == 1  # at once: the game is still importing
    screen = Screen(process)
    await screen.wait_for("Welcome")  # shown once the game listens
    assert host.playing
    conn.close()


async def test_a_class_list_that_cannot_be_written_refuses_with_one_line(host: Host) -> None:
    other = sqlite3.connect(host.config.folder / CLASS_DB, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the database past the timeout
    try:
        async with _connect(host, "lou") as conn:
            done = await conn.run(term_type="xterm", encoding="utf-8", timeout=30)
    finally:
        other.execute("ROLLBACK")
    assert "class list can't be written" in str(done.stderr)
    assert not host.playing  # no slot kept by a student who never played


async def test_a_login_that_never_asks_for_the_game_is_let_go(
    host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("dartfit.host.server.SESSION_WAIT", 0.3)
    conn = await _connect(host, "nia")  # as `ssh -N`: logged in, no session
    async with asyncio.timeout(10):
        await conn.wait_closed()
    assert "opened no session" in (host.config.folder / "host.log").read_text()


def test_the_teacher_frees_a_name_for_a_new_key(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    db = connect(folder / CLASS_DB)
    assert bind_key(db, "eve", "SHA256:lost") and not bind_key(db, "eve", "SHA256:new")
    db.close()
    command = [sys.executable, "-m", "dartfit", "host", "--data-dir", str(folder), "--release"]
    done = subprocess.run([*command, "Eve"], capture_output=True, text=True)
    assert done.returncode == 0 and "eve may log in with a new key" in done.stdout
    db = connect(folder / CLASS_DB)
    assert bind_key(db, "eve", "SHA256:new")
    missing = subprocess.run([*command, "zed"], capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1


def test_a_name_freed_while_the_class_database_is_held_says_to_try_again(
    tmp_path: Path,
    dartfit_here: Callable[..., subprocess.CompletedProcess[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another program writing the class database: `--release` said only "database is
    locked" after its wait (a hostile pass), not what holds it nor what to do."""
    monkeypatch.setattr("dartfit.host.cli.RELEASE_WAIT", 0.2, raising=False)
    folder = tmp_path / "c"
    db = connect(folder / CLASS_DB)
    assert bind_key(db, "eve", "SHA256:lost")
    db.execute("BEGIN EXCLUSIVE")
    try:
        done = dartfit_here("host", "--data-dir", str(folder), "--release", "eve")
    finally:
        db.rollback()
        db.close()
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "held by another program" in done.stderr and "try again" in done.stderr


BIND = "--bind takes one address (127.0.0.1: this machine only; 0.0.0.0: the network), got "


@pytest.mark.parametrize(
    "option", ['FROM="10.0.0.*"', "Cert-Authority", 'Principals="ann"', 'Expiry-Time="20300101"']
)
def test_a_key_limited_to_some_logins_is_refused_whatever_the_case_of_its_option(
    tmp_path: Path, option: str
) -> None:
    """sshd reads an authorized_keys option's name in any case: FROM="10.0.0.*" let the key
    in from anywhere, as from= did before it was refused."""
    from dartfit.host.keys import read_keys

    key = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
    (tmp_path / "keys").write_text(f"{option} {key}")
    with pytest.raises(ValueError, match=r"line 1: its option .* limits who may log in"):
        read_keys(tmp_path / "keys")


@pytest.fixture
def short_path() -> Iterator[Path]:
    """A folder whose path a message quotes whole: pytest's own grow with its run count
    (/tmp/pytest-of-root/pytest-855/popen-gw3/test_a_broken_…), and a message shortens a
    path of over 80 characters with "…", as it must (`printable.brief`)."""
    with tempfile.TemporaryDirectory(prefix="df-") as folder:
        yield Path(folder)


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["host", "--keys", "{d}/keys.txt"], "{d}/keys.txt: line 1: not a public key"),
        # asyncssh skipped a line it could not read: a key pasted in two pieces, a file
        # with no key at all (a class nobody could join), a key limited to some addresses
        (["host", "--keys", "{d}/broken.txt"], "{d}/broken.txt: line 3: not a public key"),
        (["host", "--keys", "{d}/empty.txt"], "{d}/empty.txt: lists no public key: no student"),
        (["host", "--keys", "{d}/from.txt"], "{d}/from.txt: line 1: its option from limits"),
        (["host", "--keys", "{d}/ca.txt"], "{d}/ca.txt: line 1: its option cert-authority"),
        (["host", "--keys", "{d}/none.txt"], "{d}/none.txt: no such file or directory"),
        (["host", "--keys", "/dev/zero"], "/dev/zero: a device, not a file of keys: give the"),
        (["host", "--keys", "{d}/fifo"], "{d}/fifo: a pipe, not a file of keys: save what it"),
        (["host", "--keys", "{d}/utf16.txt"], "{d}/utf16.txt: UTF-16 text (its byte order"),
        (["host", "--keys", "{d}/utf16le.txt"], "{d}/utf16le.txt: UTF-16 text (a zero byte"),
        (["host", "--keys", "{d}/latin1.txt"], "{d}/latin1.txt: not UTF-8 text: save it as"),
        (["host", "--keys", "{d}/huge.txt"], "{d}/huge.txt: more than 1024 KB"),
        (["host", "--open"], "{d}/class/class.db: file is not a database"),
        (["serve", "--open"], "{d}/class/class.db: file is not a database"),
        (["host", "--export", "-"], "{d}/class/class.db: file is not a database"),
        (["host", "--open", "--board"], "--board needs a terminal (stdin is not a terminal)"),
        (["serve", "--class-code", "maple", "--board"], "--board needs a terminal"),
        (["serve"], "say who may join: --open or --class-code CODE"),
        (["host", "--class-code", "a\nb"], "--class-code must be one line of printable"),
        (["serve", "--class-code", "maple\x07"], "--class-code must be one line of printable"),
        # any length was taken: a code no student could type (the join page reads 200)
        (["host", "--class-code", "x" * 100_000], "--class-code must be at most 64 characters"),
        (["serve", "--class-code", "é" * 65], "--class-code must be at most 64 characters a"),
        (["serve", "--class-code", "maple\u200b"], "--class-code must be one line of printable"),
        # each taken before: every address, an empty host in the banner; "say who may join"
        (["host", "--open", "--bind", ""], "--bind takes one address (127.0.0.1: this"),
        (["serve", "--open", "--bind", " "], "--bind takes one address"),
        # a name DNS cannot hold: it was "encoding with 'idna' codec failed (UnicodeError…)"
        (["host", "--open", "--bind", "x" * 5000], "--bind takes one address"),
        (["serve", "--open", "--bind", "a..b"], "--bind takes one address"),
        (["host", "--open", "--bind", "[::1]"], f'{BIND}"[::1]": an IPv6 address goes without'),
        (["serve", "--open", "--bind", "localhost:8022"], f'{BIND}"localhost:8022": an address'),
        (["host", "--open", "--bind", "a/b"], f'{BIND}"a/b": not a host name or address'),
        (["host", "--class-code", ""], "--class-code must not be empty"),
        (
            ["host", "--open", "--max-players", "9" * 20],
            'argument --max-players: expected a whole number from 1 to 1,000, got "99',
        ),
        # numbers in the house's words, as every other command's (argparse's own said
        # "invalid int value: '1e3'")
        (["host", "--open", "--max-players", "1e3"], "argument --max-players: expected a whole"),
        (["serve", "--open", "--idle-minutes", "x"], "argument --idle-minutes: expected a number,"),
        (
            ["host", "--open", "--idle-minutes", "-5"],
            'argument --idle-minutes: expected a number from 1 to 1,440, got "-5"',
        ),
        # each range said whole at once: -1 was "expected a whole number ≥ 0", then 0
        # "must be 1..65535"; 0.5 minutes was "a number > 0", then "must be 1..1440"
        (
            ["host", "--open", "--port", "-1"],
            'argument --port: expected a whole number from 1 to 65,535, got "-1"',
        ),
        (
            ["serve", "--open", "--port", "0"],
            'argument --port: expected a whole number from 1 to 65,535, got "0"',
        ),
        (
            ["host", "--open", "--idle-minutes", "0.5"],
            'argument --idle-minutes: expected a number from 1 to 1,440, got "0.5"',
        ),
        (["serve", "--open", "--port", "1e3"], "argument --port: expected a whole number, got"),
        (["host", "--open", "--port", "8_022"], "argument --port: expected a number without _"),
        # a value given wrong before a way to join missing (`--port 70000` alone was told
        # "say who may join")
        (
            ["serve", "--max-players", "0"],
            "argument --max-players: expected a whole number from 1 to 1,000",
        ),
        (
            ["host", "--idle-minutes", "9999"],
            "argument --idle-minutes: expected a number from 1 to 1,440",
        ),
        # options that can't go together, named two by two (`--export X --release Y` did
        # only the export, and --export ignored the --port given with it)
        (["host", "--export", "-", "--release", "bob"], "--export and --release can't go"),
        (["host", "--export", "-", "--port", "22"], "--export and --port can't go together"),
        (["host", "--release", "bob", "--board"], "--release and --board can't go together"),
        (["host", "--keys", "{d}/keys.txt", "--open"], "--keys and --open can't go together"),
        (["serve", "--open", "--class-code", "m"], "--class-code and --open can't go together"),
        # a data folder that can't be one, named: --export said the class list "does not
        # exist", and hosting named the folder beyond the file ("/dev/null/x: not a directory")
        (["host", "--data-dir", "{d}/keys.txt/x", "--export", "-"], "{d}/keys.txt: a file,"),
        (["host", "--data-dir", "{d}/keys.txt/x", "--release", "bob"], "{d}/keys.txt: a file"),
        (["serve", "--data-dir", "{d}/keys.txt/x", "--open"], "{d}/keys.txt: a file, not a"),
    ],
)
def test_a_broken_file_or_option_is_one_line_naming_it(
    short_path: Path,
    command: list[str],
    says: str,
    dartfit_here: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    tmp_path = short_path
    (tmp_path / "keys.txt").write_text("not a key\n")
    key = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
    (tmp_path / "broken.txt").write_text(f"# the class\n{key}{key[:40]}\n{key[40:]}")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "from.txt").write_text(f'from="10.0.0.*" {key}')
    (tmp_path / "ca.txt").write_text(f"cert-authority {key}")
    os.mkfifo(tmp_path / "fifo")  # read, it would wait for ever for a writer
    (tmp_path / "utf16.txt").write_text("ssh-ed25519 AAAA\n", encoding="utf-16")
    (tmp_path / "utf16le.txt").write_text("ssh-ed25519 AAAA\n", encoding="utf-16-le")
    (tmp_path / "latin1.txt").write_text("ssh-ed25519 AAAA café\n", encoding="latin-1")
    (tmp_path / "huge.txt").write_bytes(b"#" * (2 << 20))
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / CLASS_DB).write_bytes(b"SQLite format 3\0" + b"\x07" * 4000)
    args = [a.format(d=tmp_path) for a in command]
    data = ["--data-dir", str(tmp_path / "class")]
    port = [] if {"--export", "--release"} & {*args} else ["--port", "65001"]
    done = dartfit_here(*data, *args, *port)  # 44 processes took 13 s of CPU, 1.9 s here
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"dartfit: {says.format(d=tmp_path)}")
    assert done.stderr.count("\n") == 1  # one line, no traceback


@pytest.mark.parametrize("thing", ["a pipe", "a folder", "a socket"])
@pytest.mark.parametrize(
    "command",
    [["host", "--open", "--port", "65001"], ["serve", "--open"], ["host", "--export", "-"]],
    ids=["host", "serve", "export"],
)
def test_a_class_list_that_is_no_file_is_named_as_what_it_is(
    short_path: Path,
    command: list[str],
    thing: str,
    dartfit_here: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    """A hostile pass: a pipe where class.db should be was "disk I/O error" to the host and
    "no such file" to --export (it was there); a folder was "unable to open database file"."""
    import socket

    path = short_path / "class" / CLASS_DB
    path.parent.mkdir()
    if thing == "a pipe":
        os.mkfifo(path)
    elif thing == "a folder":
        path.mkdir()
    else:
        listening = socket.socket(socket.AF_UNIX)
        listening.bind(str(path))
    done = dartfit_here("--data-dir", str(path.parent), *command)
    assert (done.returncode, done.stdout) == (2, "")
    assert f"{path}: {thing}, not a class list" in done.stderr, done.stderr
    assert done.stderr.startswith("dartfit: ") and done.stderr.count("\n") == 1


@pytest.mark.warm
async def test_a_warm_start_given_up_on_is_ended_and_never_handed_to_the_next_student(
    host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dartfit.host import warm as warm_module

    # given up on in 3 s, not 10: ben's own warm start, after it, still has room on a busy machine
    monkeypatch.setattr(warm_module, "SPAWN_LIMIT", 3.0)
    warm = host.warm
    assert warm is not None and warm.process is not None
    os.kill(warm.process.pid, signal.SIGSTOP)  # too slow to answer: the first student waits
    try:
        first = asyncio.ensure_future(_play(host, "anna"))
        async with asyncio.timeout(60):  # past the warm start's limit, anna's starts cold
            while not any(g.name == "anna" and g.pid for g in host.playing.values()):
                await asyncio.sleep(0.1)
    finally:
        os.kill(warm.process.pid, signal.SIGCONT)  # the late answer comes now
    anna, _ = await first
    ben, his = await _play(host, "ben")  # his own game, not the one made for anna
    await his.keys(b"\r")
    await his.wait_for("First throw")
    games = {game.name: game.pid for game in host.playing.values()}
    assert _parent(games["ben"]) == warm.process.pid and _parent(games["anna"]) != warm.process.pid
    for conn in (anna, ben):
        conn.close()


@pytest.mark.warm
async def test_the_warm_process_gone_the_games_in_play_go_on_and_new_ones_start_cold(
    host: Host,
) -> None:
    """Its death marked every game it had forked as ended: the students were thrown out
    with no word, and host.log said nothing."""
    alice, her = await _play(host, "alice")
    assert host.warm is not None and host.warm.process is not None
    host.warm.process.kill()
    async with asyncio.timeout(20):
        while host.warm.running:
            await asyncio.sleep(0.05)
    await her.keys(b"\r")  # her game goes on: the title answers her key
    await her.wait_for("First throw")
    bob, his = await _play(host, "bob")  # and a new student gets a game, started cold
    await his.keys(b"\r")
    await his.wait_for("First throw")
    log = (host.config.folder / "host.log").read_text(encoding="utf-8")
    assert "the warm process ended" in log and "new games start cold; games in play go on" in log
    alice.close()
    bob.close()
    await asyncio.gather(alice.wait_closed(), bob.wait_closed())
    async with asyncio.timeout(20):
        while host.playing:  # her game, watched by its pid, is seen to end with her
            await asyncio.sleep(0.05)


async def test_a_student_whose_game_stops_with_an_error_is_told_so(tmp_path: Path) -> None:
    """The SSH session just closed after the game's own line; now the host says it too."""
    config = HostConfig(
        folder=tmp_path / "class", port=0, levels=SHIPPED, warm=False,
        game_args=("play", "no-such-level"),
    )  # fmt: skip
    running = Host(config)
    server = await running.listen()
    running.port = server.get_port()  # type: ignore[attr-defined]
    try:
        async with await _connect(running, "alice") as conn:
            process = await conn.create_process(
                term_type="xterm-256color", term_size=(80, 24), encoding=None
            )
            async with asyncio.timeout(30):
                told = await process.stderr.read()  # the host's line, as OpenSSH prints it
            assert b"dartfit host: the game stopped with an error" in told
    finally:
        server.close()
        await running.stop()


async def test_a_host_and_a_serve_on_one_folder_share_the_class_size(tmp_path: Path) -> None:
    """Two hosts on one folder (an SSH host and a browser one, say) count each other's
    games: the class is full at max_players in all, and a student's windows in both."""
    config = HostConfig(folder=tmp_path / "shared", port=0, max_players=3, warm=False)
    ssh, web = Host(config), Host(config)
    stop = asyncio.Event()

    async def play(host: Host, name: str) -> asyncio.Task[None]:
        started = asyncio.Event()

        async def game() -> None:
            with host.seated(name, "127.0.0.1", "test"):
                started.set()
                await stop.wait()

        task = asyncio.create_task(game())
        await started.wait()
        return task

    try:
        games = [await play(ssh, "amy"), await play(web, "amy")]
        assert ssh.seated_elsewhere() == ["amy"] and web.seated_elsewhere() == ["amy"]
        assert "already playing in 2 windows" in (ssh.room_for("amy") or "")
        assert web.room_for("ben") is None
        games.append(await play(web, "ben"))
        assert "the class is full (3 players)" in (ssh.room_for("cal") or "")
        stop.set()
        await asyncio.gather(*games)
        assert ssh.room_for("cal") is None and web.seated_elsewhere() == []
    finally:
        await ssh.stop()
        await web.stop()


def test_seats_left_by_a_host_that_died_are_forgotten(tmp_path: Path) -> None:
    config = HostConfig(folder=tmp_path / "gone", port=0, max_players=1, warm=False)
    host = Host(config)
    code = "import os; print(os.getpid())"
    dead = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    host.seats.execute(
        "INSERT INTO seats (host, pid, seat, name) VALUES ('old', ?, 's', 'amy')",
        (int(dead.stdout),),
    )
    assert host.room_for("ben") is None  # the dead host's seat is not held against the class
    assert host.seats.execute("SELECT COUNT(*) FROM seats").fetchone() == (0,)


@pytest.mark.parametrize("pid", ["pid", 0, -1, b"\x01"], ids=["text", "zero", "every", "blob"])
def test_a_seat_whose_pid_no_host_writes_is_forgotten(tmp_path: Path, pid: object) -> None:
    """A seat's row edited by hand: a pid in text made every login fail (TypeError), and 0
    or -1 (a signal to a group, always "alive") held the seat against the class for ever."""
    config = HostConfig(folder=tmp_path / "edited", port=0, max_players=1, warm=False)
    host = Host(config)
    host.seats.execute(
        "INSERT INTO seats (host, pid, seat, name) VALUES ('old', ?, 's', 'amy')", (pid,)
    )
    assert host.room_for("ben") is None
    assert host.seats.execute("SELECT COUNT(*) FROM seats").fetchone() == (0,)


def _remade_levels(db: sqlite3.Connection) -> None:
    db.execute("DROP TABLE levels")
    db.execute("CREATE TABLE levels (level TEXT, stars INTEGER)")


def _a_page_of_garbage(db: sqlite3.Connection) -> None:
    db.executemany(
        "INSERT INTO players VALUES (?, NULL, 'now')", [(f"p{i}" * 60,) for i in range(99)]
    )


DAMAGES = [
    (_remade_levels, "a student's progress can't be saved in it (no such column: name)"),
    (
        lambda db: db.execute(
            "CREATE TRIGGER no BEFORE INSERT ON progress BEGIN "
            "SELECT RAISE(ABORT, 'read only'); END"
        ),
        "a student's progress can't be saved in it (read only)",
    ),
    (_a_page_of_garbage, "damaged (Page "),
]


@pytest.mark.parametrize(("damage", "says"), DAMAGES, ids=["columns", "trigger", "page"])
def test_a_class_database_no_save_can_go_into_is_refused_as_the_host_starts(
    tmp_path: Path, damage: Callable[[sqlite3.Connection], object], says: str
) -> None:
    """Before, the host took the class in and every save of every student failed."""
    path = tmp_path / CLASS_DB
    db = connect(path)
    damage(db)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    if damage is _a_page_of_garbage:
        with open(path, "r+b") as file:
            file.seek(4096)
            file.write(b"\xa5" * 4096)
    with pytest.raises(sqlite3.DatabaseError, match=re.escape(says)):
        Host(HostConfig(folder=tmp_path, port=0, warm=False))


def test_the_trial_save_leaves_nothing_and_waits_for_no_other_program(tmp_path: Path) -> None:
    config = HostConfig(folder=tmp_path, port=0, warm=False)
    Host(config)
    db = connect(tmp_path / CLASS_DB)
    tables = ("players", "progress", "levels", "activity", "attempts")
    assert [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables] == [0] * 5
    db.execute("BEGIN IMMEDIATE")  # a teacher's sqlite3 shell, in a write
    try:
        Host(config)  # saves wait for the shell as before; the class starts
    finally:
        db.execute("ROLLBACK")


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"], ids=["plain", "byte-order-mark"])
def test_a_key_file_saved_with_a_byte_order_mark_still_lists_its_key(
    tmp_path: Path, mark: bytes
) -> None:
    """Notepad's "UTF-8" begins with a byte order mark: the file's one key was no key, and
    the host refused it as "no valid entries found"."""
    key = asyncssh.generate_private_key("ssh-ed25519")
    (tmp_path / "keys.txt").write_bytes(mark + key.export_public_key())
    config = HostConfig(folder=tmp_path, port=0, warm=False, authorized_keys=tmp_path / "keys.txt")
    assert Host(config).allowed == {key.get_fingerprint()}


OPENSSH = ("-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null")
OPENSSH += ("-o", "LogLevel=ERROR", "-F", "/dev/null", "-o", "PubkeyAuthentication=no")


@pytest.mark.skipif(not (Path("/usr/bin/sftp").exists()), reason="OpenSSH's sftp client")
@pytest.mark.parametrize("client", ["sftp", "scp"])
async def test_openssh_file_copies_are_refused_with_the_hosts_own_line(
    host: Host, client: str, tmp_path: Path
) -> None:
    """What a student sees from OpenSSH's own sftp and scp (scp speaks sftp today)."""
    port = str(host.port)  # type: ignore[attr-defined]
    argv = {
        "sftp": ["sftp", "-P", port, *OPENSSH, "carol@127.0.0.1"],
        "scp": ["scp", "-P", port, *OPENSSH, "carol@127.0.0.1:x", str(tmp_path / "x")],
    }[client]
    child = await asyncio.create_subprocess_exec(
        *argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
    )
    async with asyncio.timeout(30):
        out, err = await child.communicate()
    assert child.returncode != 0
    said = (out + err).decode()
    assert "dartfit host: only the game is served here" in said, said
    assert not host.playing and not (tmp_path / "x").exists()


async def test_a_paste_holding_an_escape_sequence_is_text_not_keys(host: Host) -> None:
    """A client that pastes ESC [2 inside a paste: Textual would replay the 2 as a key and
    answer the question; the host drops ESC inside a paste, as a terminal does."""
    conn, screen = await _play(host, "paula")
    await screen.keys(b"\r")  # the level list, the first level under the cursor
    await screen.wait_for("Warm-up")
    await screen.keys(b"\x1b[A", b"\r")  # up to the warm-up, and in
    await screen.wait_for("Question 1 of 10")
    await screen.keys(b"\x1b[200~\x1b[2\x1b[201~")
    await screen.wait_for("Paste a number")
    assert "Question 1 of 10" in screen.shows()
    conn.close()


def test_a_game_that_could_not_save_as_it_ended_is_not_told_its_progress_is_saved() -> None:
    """A class game that could not keep its progress as it ended (the class database
    locked) exited 2, and the host told the student "your progress is saved"."""
    from dartfit import stdio
    from dartfit.host.server import NOT_SAVED, STOPPED_WITH_AN_ERROR, ended_itself

    assert ended_itself(stdio.NOT_SAVED) == NOT_SAVED and "could not save" in NOT_SAVED
    assert "progress is saved" not in NOT_SAVED
    assert ended_itself(2) == STOPPED_WITH_AN_ERROR and ended_itself(1) == STOPPED_WITH_AN_ERROR
    assert ended_itself(0) is None and ended_itself(None) is None


def _log(host: Host) -> list[str]:
    return (host.config.folder / "host.log").read_text(encoding="utf-8").splitlines()


def _activity(host: Host, name: str) -> tuple[str | None, int, float]:
    """The level the board has the student on, and the level First throw's openings and
    seconds spent on it."""
    db = sqlite3.connect(host.config.folder / CLASS_DB)
    try:
        row = db.execute("SELECT level FROM activity WHERE name = ?", (name,)).fetchone()
        tries = db.execute(
            "SELECT opened, seconds FROM attempts WHERE name = ? AND level = 'first-throw'",
            (name,),
        ).fetchone()
    finally:
        db.close()
    return (row[0] if row else None), *(tries or (0, 0.0))


async def test_a_dropped_student_is_on_no_level_and_the_time_and_the_next_try_count(
    host: Host,
) -> None:
    """A game ended by a dropped connection noted nothing: the board kept the student "on"
    the level after they came back to the list, its minutes counting from the first
    session, the next opening of it not counted and the time never added."""
    conn, screen = await _play(host, "erin")
    await screen.keys(b"\r")
    await screen.wait_for("First throw")
    await screen.keys(b"\r")
    await screen.wait_for("darts left 3")
    assert _activity(host, "erin")[:2] == ("first-throw", 1)
    await asyncio.sleep(0.3)  # some time on the level
    conn.abort()  # no goodbye
    async with asyncio.timeout(20):
        while host.playing:
            await asyncio.sleep(0.05)
    level, opened, seconds = _activity(host, "erin")
    assert level is None and opened == 1 and seconds >= 0.3  # left it, the time added
    (left,) = [line for line in _log(host) if "erin left" in line]
    assert re.search(r"the connection closed \((status \d+|ended by SIG[A-Z]+)\)$", left), left
    again, hers = await _play(host, "erin")
    await hers.keys(b"\r")
    await hers.wait_for("First throw")
    await hers.keys(b"\r")
    await hers.wait_for("darts left 3")
    assert _activity(host, "erin")[:2] == ("first-throw", 2)  # a second try
    again.close()


async def test_two_windows_of_one_student_are_each_on_their_own_level_on_the_board(
    host: Host,
) -> None:
    """The board kept one row per student: window A dropped while window B was on the list
    left the student "on" A's level; B leaving while A played took A's level off."""
    from dartfit.host.results import students

    def on_board() -> str | None:
        db = sqlite3.connect(host.config.folder / CLASS_DB)
        try:
            return {s.name: s.level for s in students(db)}["gus"]
        finally:
            db.close()

    first, one = await _play(host, "gus")
    await one.keys(b"\r")
    await one.wait_for("First throw")
    await one.keys(b"\r")
    await one.wait_for("darts left 3")
    second, two = await _play(host, "gus")
    await two.keys(b"\r")
    await two.wait_for("First throw")  # B on the list
    second.abort()  # B dropped while A plays
    async with asyncio.timeout(20):
        while len(host.playing) > 1:
            await asyncio.sleep(0.05)
    assert on_board() == "first-throw"
    third, three = await _play(host, "gus")
    await three.keys(b"\r")
    await three.wait_for("First throw")  # C on the list
    first.abort()  # A dropped while C is on the list
    async with asyncio.timeout(20):
        while len(host.playing) > 1:
            await asyncio.sleep(0.05)
    assert on_board() is None
    third.close()


async def test_the_board_looks_at_the_window_it_describes(host: Host) -> None:
    """`v` on a student in two windows pictured the first window found, not the one whose
    level the board showed."""
    from dartfit.host.server import Game
    from dartfit.progress.class_store import note_playing

    listing, playing, other = Game("gus", pid=1), Game("gus", pid=2), Game("amy", pid=3)
    for key, game in enumerate((listing, playing, other)):
        host.playing[key] = game  # type: ignore[index]  # keyed by their tasks in play
    try:
        assert host._shown_game("gus") is playing  # no moves yet: the one started last
        with host.db:
            note_playing(host.db, "gus", playing.seat, "first-throw")
            note_playing(host.db, "gus", listing.seat, None)  # moved later, but to the list
        assert host._shown_game("gus") is playing
        with host.db:
            note_playing(host.db, "gus", listing.seat, "first-line")
        assert host._shown_game("gus") is listing and host._shown_game("zoe") is None
    finally:
        host.playing.clear()  # no tasks to end


async def test_the_teacher_ending_the_class_tells_each_student_why(host: Host) -> None:
    conn, screen = await _play(host, "fay")
    await screen.keys(b"\r")
    await screen.wait_for("First throw")
    ending = asyncio.ensure_future(host.stop())
    said = b""
    async with asyncio.timeout(20):
        while chunk := await screen.process.stderr.read(4096):
            said += chunk
    await ending
    assert b"dartfit host: the class has ended; your progress is saved" in said, said
    conn.close()
    (left,) = [line for line in _log(host) if "fay left after" in line]
    assert re.search(r"the host ended the class \((status \d+|ended by SIG[A-Z]+)\)$", left)


@pytest.mark.parametrize(
    ("ignores_term", "grace", "said"), [(False, 60.0, "SIGTERM"), (True, 0.3, "SIGKILL")]
)
async def test_the_log_tells_a_game_ended_by_term_from_one_killed_after_the_grace(
    ignores_term: bool, grace: float, said: str
) -> None:
    """host.log said "ended by a signal" either way: a teacher could not tell a game that
    went at the host's TERM from one that had to be killed after the grace. (A game that
    goes at TERM is given a long grace: on a machine busy with the suite it was not always
    scheduled to go within 0.3 s, and was killed.)"""
    from dartfit.host.server import ended_by
    from dartfit.host.session import end_group

    # a game sets its own handlers; this stand-in says what it does with TERM, whatever it
    # inherits: a worker of the suite where an app had run ignores TERM from then on, and
    # the stand-in, ignoring it too, slept out the grace and ended with status 0
    what = "SIG_IGN" if ignores_term else "SIG_DFL"
    ignore = f"signal.signal(signal.SIGTERM, signal.{what})"
    game = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        f"import signal, time\n{ignore}\nprint('ready', flush=True)\ntime.sleep(60)",
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert game.stdout is not None
    await game.stdout.readline()
    await end_group(game, grace=grace)
    assert ended_by(game.returncode) == f"ended by {said}"
    assert (ended_by(0), ended_by(2), ended_by(None)) == ("status 0", "status 2", "never started")


@pytest.mark.warm
async def test_a_warm_process_that_does_not_end_is_killed_as_the_host_ends(
    host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Told to end, a warm process that did not (stopped, or stuck) was left behind by the
    host after 5 s, holding the host's output open: whatever read the host's output to its
    end (a class started by a script, `dartfit host | tee`) waited on it for good."""
    from dartfit.host import warm as warm_module

    monkeypatch.setattr(warm_module, "STOP_WAIT", 0.5)
    warm = host.warm
    assert warm is not None and warm.process is not None
    os.kill(warm.process.pid, signal.SIGSTOP)  # SIGTERM waits while it is stopped
    async with asyncio.timeout(30):
        await warm.stop()
    assert warm.process.returncode is not None and not alive(warm.process.pid)


async def test_a_session_keeps_of_its_clients_variables_only_the_languages(
    host: Host, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hostile pass: one client sent 2,000 variables of 100 KB before its shell and the
    host's memory grew by 400 MB, kept all of it for the session though the game is given
    only LANG and LC_*. Each session now keeps the locale's variables only."""
    kept: list[dict[bytes, bytes]] = []
    refusal = Host.refusal

    def noted(self: Host, process: asyncssh.SSHServerProcess[bytes]) -> str | None:
        kept.append(dict(process.channel.get_environment_bytes()))
        return refusal(self, process)

    monkeypatch.setattr(Host, "refusal", noted)
    env = {f"V{i}": "x" * 1000 for i in range(3000)}
    env |= {f"LC_X{i}": "de_DE.UTF-8" for i in range(3000)}  # no locale's category
    env |= {"LANG": "de_DE.UTF-8", "LC_TIME": "en_GB.UTF-8"}
    async with _connect(host, "vic") as conn:
        await conn.run(command="ls", env=env, timeout=30)
    assert kept == [{b"LANG": b"de_DE.UTF-8", b"LC_TIME": b"en_GB.UTF-8"}]
    game = session.child_env(None, env, host.config.folder / CLASS_DB, "vic")
    assert {key for key in game if key.startswith("LC_")} == {"LC_TIME"}
    assert game["LANG"] == "de_DE.UTF-8"


async def test_a_connection_holds_a_few_sessions_at_once_and_is_told_past_them(
    host: Host,
) -> None:
    """A hostile pass: 20,000 sessions opened on one connection (no request in them) held
    70 MB of the host's memory for as long as the client liked. OpenSSH's own server
    allows ten a connection; so does the host, and says so to the eleventh."""
    from asyncssh.channel import SSHClientChannel  # a bare session: no client asks for one

    loop = asyncio.get_running_loop()

    async def bare(conn: asyncssh.SSHClientConnection) -> SSHClientChannel[bytes]:
        channel: SSHClientChannel[bytes] = SSHClientChannel(
            conn, loop, "strict", None, "strict", 2**21, 32768
        )
        await channel._open(b"session")
        return channel

    async with _connect(host, "wes") as conn:
        held = [await bare(conn) for _ in range(10)]
        with pytest.raises(asyncssh.ChannelOpenError) as refused:
            await bare(conn)
        assert refused.value.reason.startswith("dartfit host: at most 10 sessions")
        held[0].close()
        await held[0].wait_closed()
        held.append(await bare(conn))  # one closed, one more may open


GONE_AT_ONCE = """
import asyncio, sys
import asyncssh

async def main(port: int, count: int) -> None:
    for i in range(count):
        key = asyncssh.generate_private_key("ssh-ed25519")
        async with asyncssh.connect(
            "127.0.0.1", port, username=f"dot{i}", known_hosts=None, client_keys=[key],
            agent_path=None,
        ) as conn:
            await conn.create_process(term_type="xterm", term_size=(2**31, 2**31))

asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
"""
"""A client, in a process of its own, that asks for a session and is gone at once."""


@pytest.mark.warm
@pytest.mark.long
async def test_a_client_gone_as_its_game_starts_leaves_no_error_in_the_log(host: Host) -> None:
    """A hostile pass: clients gone as their games started (a session asked for, then the
    connection closed) left 'asyncio: Exception in callback … (BrokenPipeError: Channel
    not open for sending)' in host.log, 1 in 4 or so: the game's first screen was still
    being copied to a channel closed to it."""
    count = 30
    host.config = replace(host.config, max_players=count)
    port = str(host.port)  # type: ignore[attr-defined]
    client = await asyncio.create_subprocess_exec(
        sys.executable, "-c", GONE_AT_ONCE, port, str(count)
    )
    async with asyncio.timeout(60):
        assert await client.wait() == 0
        while host.playing or sum("left after" in line for line in _log(host)) < count:
            await asyncio.sleep(0.05)
    log = "\n".join(_log(host))
    assert "Exception" not in log and "Error" not in log, log


async def test_the_log_gives_the_terminal_size_the_game_was_given(host: Host) -> None:
    """A hostile pass: a client that asked for 2**31 columns and rows was logged as
    '2147483648×2147483648' while its game was given 400×200 (the limits' clamp)."""
    async with _connect(host, "huge") as conn:
        await conn.create_process(term_type="xterm", term_size=(2**31, 2**31))
        async with asyncio.timeout(20):
            while not any("joined from" in line for line in _log(host)):
                await asyncio.sleep(0.05)
    (line,) = [line for line in _log(host) if "joined from" in line]
    assert line.endswith("(TERM xterm, 2147483648×2147483648 asked, 400×200 given)"), line
