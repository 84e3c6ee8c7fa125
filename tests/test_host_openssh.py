"""`dartfit host` as a class meets it: the real OpenSSH client, two students at once on
127.0.0.1, one whose client is killed the moment their win is on screen. The win is in the
class database, the other student plays on, and the host says why the first one left."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, text_of

SSH, KEYGEN = shutil.which("ssh"), shutil.which("ssh-keygen")
pytestmark = [
    pytest.mark.skipif(SSH is None or KEYGEN is None, reason="needs the OpenSSH client"),
    pytest.mark.long,
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def _class(folder: Path) -> Iterator[int]:
    """A host of an open class on a port of 127.0.0.1 (its number), ended with ctrl+c."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-m", "dartfit", "host", "--open", "--port", str(port)]
    host = subprocess.Popen(
        [*command, "--data-dir", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert host.stdout is not None
        for line in host.stdout:
            if "students type" in line:
                break
        else:
            raise AssertionError("the host ended before it listened")
        yield port
    finally:
        host.send_signal(signal.SIGINT)  # ctrl+c ends the class: every game saves first
        try:
            host.wait(timeout=30)
        finally:
            host.kill()
            host.wait()
            host.stdout.close()  # type: ignore[union-attr]


def _student(name: str, port: int, keys: Path, home: Path) -> Terminal:
    """`ssh -p PORT NAME@127.0.0.1` on a terminal of its own, with a key of its own."""
    key = keys / f"id_{name}"
    subprocess.run([KEYGEN, "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    options = ["-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "LogLevel=ERROR"]
    options += ["-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes"]
    argv = [str(SSH), *options, "-i", str(key), "-p", str(port), "-t", f"{name}@127.0.0.1"]
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "TERM": "xterm-256color"}
    return Terminal(argv, 80, 24, env, home)


def _into_the_first_level(term: Terminal) -> None:
    for wanted in ("Press Enter", "First throw", "darts left 3"):
        if wanted != "Press Enter":
            term.send(b"\r")
        assert term.wait_for(wanted, 60), text_of(bytes(term.output))[-600:]


def _stars(db: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(db)) as read:
        return dict(read.execute("SELECT name, stars FROM levels").fetchall())


def test_a_student_whose_ssh_is_killed_as_they_win_keeps_the_win(tmp_path: Path) -> None:
    keys, home = tmp_path / "keys", tmp_path / "home"
    keys.mkdir()
    home.mkdir()
    folder = tmp_path / "class"
    with (
        _class(folder) as port,
        _student("alice", port, keys, home) as alice,
        _student("bob", port, keys, home) as bob,
    ):
        _into_the_first_level(alice)
        _into_the_first_level(bob)
        mark = len(bob.output)
        bob.send(b" ")  # bob mid-level as alice wins
        assert bob.wait_for("darts left 2", 30, since=mark)
        mark = len(alice.output)
        alice.send(b"   ")
        assert alice.wait_for("Level complete", 30, since=mark)
        os.kill(alice.proc.pid, signal.SIGKILL)  # her ssh, as its window is closed
        alice.proc.wait(timeout=10)
        mark = len(bob.output)
        bob.send(b"  ")
        assert bob.wait_for("Level complete", 30, since=mark), text_of(bytes(bob.output))[-600:]
        deadline = time.monotonic() + 20
        log = folder / "host.log"
        while "alice left" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.1)
        assert _stars(folder / "class.db") == {"alice": 3, "bob": 3}
    said = log.read_text(encoding="utf-8")
    assert "alice left after" in said and "the connection closed" in said, said
