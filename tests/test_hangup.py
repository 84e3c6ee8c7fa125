"""dartfit notices a terminal that has been hung up even when no SIGHUP reaches it, and its
input thread does not wait on a live one for a key."""

from __future__ import annotations

import os
import sys
import threading
from types import ModuleType

import pytest

from dartfit.steady import reads
from dartfit.steady.drivers import terminal_gone

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")


def test_a_terminal_whose_other_side_closed_is_gone() -> None:
    master, slave = os.openpty()
    try:
        assert not terminal_gone(slave)
        os.close(master)
        assert terminal_gone(slave)
    finally:
        os.close(slave)


def test_a_file_that_is_no_terminal_is_not_taken_for_a_hung_up_one(tmp_path) -> None:
    with open(tmp_path / "f", "w") as f:
        assert not terminal_gone(f.fileno())


def test_a_read_of_a_terminal_with_nothing_typed_does_not_wait_for_a_key() -> None:
    """The input thread's read, woken after the keys it was to read were taken by another
    reader (the shell, while the game was stopped in the background), returns with
    nothing: it waited for the next key, and the game with it as it took the terminal back."""
    module = ModuleType("a_driver")
    module.os = os  # type: ignore[attr-defined]
    reads.read_without_waiting(module)
    master, slave = os.openpty()
    got: list[bytes] = []

    def read() -> None:
        with reads.reading(slave):
            got.append(module.os.read(slave, 1024))

    try:
        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        thread.join(10.0)
        waited = thread.is_alive()
        os.write(master, b"x")  # the key it waited for
        thread.join(10.0)
    finally:
        os.close(master)
        os.close(slave)
    assert not waited, "the read waited for a key"
    assert got == [b""]
