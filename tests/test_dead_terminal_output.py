"""A terminal that goes while the app writes to it: Textual's writer thread died on the first
failed write, its queue of 30 filled, and the app hung for good as it closed (the teacher's
board, its tmux killed, kept the class's port open until kill -9)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread

from dartfit.host.board import ClassBoard
from dartfit.steady.app import SteadyApp
from dartfit.steady.drivers import keeps_writing
from tests.test_board import FakeTeacher, _class


class GoneTerminal:
    """A terminal's stream after it has gone: every write and flush fails."""

    def write(self, text: str) -> int:
        raise OSError(5, "Input/output error")

    def flush(self) -> None:
        raise OSError(5, "Input/output error")

    def fileno(self) -> int:
        return 2


class FakeDriver:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._file = GoneTerminal()


def test_the_writer_ends_when_its_terminal_has_gone() -> None:
    driver = keeps_writing(FakeDriver)()  # type: ignore[arg-type]
    writer = WriterThread(driver._file)  # type: ignore[attr-defined]
    writer.start()
    stopped = threading.Event()

    def close() -> None:  # as Textual's driver closes: writes queued, then stop()
        for _ in range(3 * MAX_QUEUED_WRITES):
            writer.write("a frame")
        writer.stop()
        stopped.set()

    threading.Thread(target=close, daemon=True).start()
    assert stopped.wait(10), "the writer's queue filled behind a dead thread"


def test_the_game_and_the_board_use_that_writer(tmp_path: Path) -> None:
    board = ClassBoard(_class(tmp_path), tmp_path, FakeTeacher(), "x")
    for app in (SteadyApp(), board):
        names = [cls.__name__ for cls in app.get_driver_class().__mro__]
        assert any(name.startswith("KeepsWriting") for name in names), names
