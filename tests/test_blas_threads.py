"""dartfit runs numpy with one BLAS thread: its arrays are small per call, and OpenBLAS's
threads, fighting a busy core, made a 10⁵-element dot take milliseconds instead of 0.02."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

COUNT_THREADS = (
    "import dartfit.__main__, numpy, os\n"
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
    code = "import dartfit.__main__, os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "2"
