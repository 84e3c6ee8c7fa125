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

import pytest

from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a warm host")

BANNER_END = b"ctrl+c ends the class (every game saves first)\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.warm
@pytest.mark.parametrize("command", ["host", "serve"])
async def test_a_class_starts_with_its_banner_alone(command: str, tmp_path: Path) -> None:
    argv = ["--data-dir", str(tmp_path), command, "--class-code", "maple"]
    child = await asyncio.create_subprocess_exec(
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
    )
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
