"""`dartfit host` and `dartfit serve` say their banner as they start, and nothing else but
their timed log lines: the warm process's first steps printed "Task was destroyed but it is
pending!" before it."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a warm host")

BANNER_END = b"ctrl+c ends the class (every game saves first)\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _class(command: str, tmp_path: Path, **options: Any) -> asyncio.subprocess.Process:
    """`dartfit host` or `dartfit serve` started on a free port, its output read here."""
    argv = ["--data-dir", str(tmp_path), command, "--class-code", "maple"]
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "dartfit",
        *argv,
        "--port",
        str(_free_port()),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=_env(),
        cwd=REPO,
        **options,
    )


@pytest.mark.warm
@pytest.mark.parametrize("command", ["host", "serve"])
async def test_a_class_starts_with_its_banner_alone(command: str, tmp_path: Path) -> None:
    child = await _class(command, tmp_path)
    assert child.stdout is not None
    try:
        async with asyncio.timeout(60):
            said = await child.stdout.readuntil(BANNER_END)  # the warm process is ready
    finally:
        if child.returncode is None:
            os.kill(child.pid, signal.SIGINT)
        async with asyncio.timeout(30):
            ending = await child.stdout.read()
            await child.wait()
    assert said.startswith(f"dartfit {command}: a class of up to 40".encode()), said
    assert len(said.splitlines()) == 5, said
    assert all(re.match(rb"\d\d:\d\d:\d\d ", line) for line in ending.splitlines()), ending


def _ignoring_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.warm
@pytest.mark.parametrize("command", ["host", "serve"])
async def test_ctrl_c_right_after_the_banner_ends_the_class(command: str, tmp_path: Path) -> None:
    """The banner says ctrl+c ends the class: it does from the moment it is said, even in a
    process started with SIGINT ignored (SIG_IGN is kept across exec: a script's `&`, nohup,
    a test worker that had run a game). The host listened only after it printed the banner,
    and a ctrl+c in between was ignored, the class going on for good."""
    child = await _class(command, tmp_path, preexec_fn=_ignoring_ctrl_c)
    assert child.stdout is not None
    try:
        async with asyncio.timeout(60):
            await child.stdout.readuntil(BANNER_END)
        os.kill(child.pid, signal.SIGINT)
        async with asyncio.timeout(30):
            await child.stdout.read()
            assert await child.wait() == 0
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
