"""`dartfit host` on loopback, with asyncssh clients: each student plays on a pty of their
own and keeps their own progress; what is not the game is refused with one line; a name
belongs to the first key that used it; a vanished client leaves no process behind."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import asyncssh
import pytest

from dartfit.host.server import CLASS_DB, Host, HostConfig
from tests.conftest import SHIPPED

pytestmark = pytest.mark.xdist_group("host")  # real games in ptys: one worker, not four
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


@pytest.fixture
async def host(tmp_path: Path) -> AsyncIterator[Host]:
    config = HostConfig(folder=tmp_path / "class", port=0, max_players=2, levels=SHIPPED)
    running = Host(config)
    server = await running.listen()
    running.port = server.get_port()  # type: ignore[attr-defined]
    yield running
    server.close()
    for task in list(running.playing):
        task.cancel()
    await asyncio.gather(*running.playing, return_exceptions=True)
    running.close()


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
    """What a client's terminal was sent, without escape codes."""

    def __init__(self, process: asyncssh.SSHClientProcess[bytes]) -> None:
        self.process = process
        self.seen = b""

    async def wait_for(self, text: str, seconds: float = 30) -> None:
        """Read until the plain text appears on screen (new output only counts once)."""
        want = text.encode()
        async with asyncio.timeout(seconds):
            while want not in ANSI.sub(b"", self.seen):
                chunk = await self.process.stdout.read(65536)
                if not chunk:
                    raise AssertionError(f"the game ended before {text!r}: {self.seen[-400:]!r}")
                self.seen += chunk
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


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
        ("carol", {"subsystem": "sftp"}, ""),
        ("carol", {}, "the game needs a terminal"),
        ("Bad Name!", {"term_type": "xterm"}, "a student's name is 1 to 32 letters"),
        ("x" * 33, {"term_type": "xterm"}, "a student's name is 1 to 32 letters"),
    ],
    ids=["exec", "sftp", "no-pty", "bad-name", "long-name"],
)
async def test_anything_but_the_game_is_refused_with_one_line(
    host: Host, user: str, how: dict[str, str], says: str
) -> None:
    async with _connect(host, user) as conn:
        try:
            done = await conn.run(**how, encoding="utf-8", timeout=20)
        except asyncssh.ChannelOpenError:
            assert how.get("subsystem") == "sftp"  # asyncssh refuses it before any session
            return
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


async def test_a_client_that_vanishes_leaves_no_game_behind(host: Host) -> None:
    conn, _ = await _play(host, "dan")
    (game,) = host.playing.values()
    assert game.pid is not None
    conn.abort()  # no goodbye: a dropped connection
    async with asyncio.timeout(20):
        while _alive(game.pid) or host.playing:
            await asyncio.sleep(0.05)
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


async def test_a_class_code_is_asked_for(host: Host) -> None:
    coded = Host(replace(host.config, class_code="maple", folder=host.config.folder / "b"))
    server = await coded.listen()
    coded.port = server.get_port()  # type: ignore[attr-defined]
    try:
        with pytest.raises(asyncssh.PermissionDenied):
            await _connect(coded, "gus", code="birch")
        with pytest.raises(asyncssh.PermissionDenied):
            await _connect(coded, "gus", code=None)
        key = asyncssh.generate_private_key("ssh-ed25519")
        async with _connect(coded, "gus", code="maple", client_keys=[key]):
            pass
        async with _connect(coded, "gus", code=None, client_keys=[key]):  # the key is enough now
            pass
    finally:
        server.close()
        coded.close()
