"""dartfit notices a terminal that has been hung up even when no SIGHUP reaches it, and its
input thread neither spins at the end of that terminal nor waits on a live one for a key."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from dartfit.steady import reads
from dartfit.steady.drivers import keeps_reading, terminal_gone

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


@contextlib.contextmanager
def _input_thread_on(fd: int) -> Iterator[Any]:
    """Textual's terminal driver, steadied, with its input thread reading `fd` until the end
    of the block (the signal handlers it puts in place are given back)."""
    from textual.drivers.linux_driver import LinuxDriver  # (Linux only)

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}
    driver = keeps_reading(LinuxDriver)(SimpleNamespace())  # type: ignore[arg-type]
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    driver.fileno = fd
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        yield driver
    finally:
        driver.exit_event.set()
        thread.join(10.0)


async def test_the_input_thread_pauses_at_the_end_of_a_terminal_that_has_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A terminal that has gone is always ready to be read, at its end: Textual's input
    loop read that end again at once, at a full core, for as long as the game took to end
    (up to 2 s). It pauses after each read that finds nothing."""
    pauses = threading.Semaphore(0)
    monkeypatch.setattr(reads, "_pause", pauses.release)
    master, slave = os.openpty()
    try:
        with _input_thread_on(slave) as driver:
            os.close(master)
            assert pauses.acquire(timeout=10.0), "it never paused"
            driver.exit_event.set()
    finally:
        os.close(slave)


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
