"""dartfit runs numpy with one BLAS thread: its arrays are small per call, and OpenBLAS's
threads, fighting a busy core, made a 10⁵-element dot take milliseconds instead of 0.02."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

COUNT_THREADS = (
    "import dartfit.cli, numpy, os\n"
    "numpy.dot(numpy.ones(100_000), numpy.ones(100_000))\n"
    "print(len(os.listdir('/proc/self/task')))\n"
)


def test_the_command_line_loads_numpy_with_one_thread() -> None:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", COUNT_THREADS], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "1"


def test_a_thread_count_the_user_set_is_kept() -> None:
    env = os.environ | {"OPENBLAS_NUM_THREADS": "2"}
    code = "import dartfit.cli, os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "2"


@pytest.mark.parametrize("kib", [60_000, 100_000, 130_000, 150_000, 170_000, 400_000])
def test_a_shell_memory_limit_plays_or_ends_in_one_line(kib: int) -> None:
    """Under `ulimit -v 150000` OpenBLAS ended dartfit from C with its own message ("OpenBLAS
    error: Memory allocation still failed after 10 retries, giving up.", status 1); lower,
    numpy's import said a page of advice as an "unexpected error", and higher a MemoryError
    was one. Whatever the limit, dartfit lists the levels, or says in one line that there
    is not memory enough for it, status 2."""
    shell = f"ulimit -v {kib} && exec {shlex.quote(sys.executable)} -m dartfit levels"
    done = subprocess.run(["sh", "-c", shell], capture_output=True, text=True, timeout=120)
    if done.returncode == 0:
        assert "first-throw" in done.stdout and not done.stderr
        return
    said = done.stderr.splitlines()
    assert done.returncode == 2 and len(said) == 1, done.stderr
    assert said[0].startswith("dartfit: ") and "unexpected" not in said[0], said
    assert "memory" in said[0].lower(), said
