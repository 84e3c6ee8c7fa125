"""A signal that ends dartfit while `dartfit fit` reads a big CSV, before its game opens,
ends it as ctrl+c does: the progress line ended, exit status 128 + the signal. By the
default action the process died mid-line ("dartfit: reading big.csv:   6 %" and the
shell's "Terminated" after it), its status the kill's."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, text_of
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_while_a_csv_loads_ends_dartfit_cleanly(tmp_path: Path, sig: int) -> None:
    big = tmp_path / "big.csv"
    block = "".join(f"{i},{2 * i + 1}\n" for i in range(1000))
    big.write_text("x,y\n" + block * 6000)  # 56 MB: a progress line for a second or more
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(tmp_path), "fit", str(big)]
    with Terminal(argv, 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for(b"reading big.csv", 30.0), text_of(bytes(term.output))[-300:]
        os.kill(term.proc.pid, sig)
        status = term.wait_exit(30.0)
        assert status == 128 + sig, (status, text_of(bytes(term.output))[-300:])
        assert bytes(term.output).endswith(b"\r\x1b[K"), bytes(term.output)[-80:]  # erased
