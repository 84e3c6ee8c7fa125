"""A CSV that another program writes anew while dartfit reads it is refused in one line
that says so: it loaded a mix of the old rows and the new (numbers the file never held at
once), or was refused at a line of neither version ("line 119158: expected 2 fields,
found 1"). A file only appended to is still read as it was when reading began."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest

from dartfit.csvdata import CsvError, blocks, load, load_csv

ROWS = 400


def rows(k: int, width: int = 6) -> bytes:
    return b"x,y\n" + b"".join(f"{i},{k * i:0{width}d}\n".encode() for i in range(1, ROWS))


def written_after_the_first_read(
    monkeypatch: pytest.MonkeyPatch, path: Path, write: Callable[[BinaryIO], None]
) -> None:
    """Open the file as load_csv does, and have `write` change it after the first read."""
    opened = load.opened

    class Handle:
        def __init__(self, handle: BinaryIO) -> None:
            self.handle, self.reads = handle, 0

        def __enter__(self) -> Handle:
            return self

        def __exit__(self, *_: object) -> None:
            self.handle.close()

        def fileno(self) -> int:
            return self.handle.fileno()

        def read(self, size: int) -> bytes:
            chunk = self.handle.read(size)
            self.reads += 1
            if self.reads == 1:
                with path.open("r+b") as other:
                    write(other)
            return chunk

    monkeypatch.setattr(load, "opened", lambda file: Handle(opened(file)))
    monkeypatch.setattr(blocks, "BLOCK", 512)  # read in parts, as a big file is
    os.utime(path, ns=(0, 0))  # the writes below change its time, however fine the clock


def refused_as_changed(path: Path) -> None:
    """Loading `path` is refused in the words of a file another program changed as it was
    read."""
    with pytest.raises(CsvError) as refused:
        load_csv(path)
    assert (
        str(refused.value)
        == f"{path}: another program changed it as it was read: open a copy of it"
    )


@pytest.mark.parametrize("width", [6, 7], ids=["the same layout", "lines shifted"])
def test_a_file_written_anew_as_it_is_read_is_refused_saying_so(monkeypatch, tmp_path, width):
    path = tmp_path / "data.csv"
    path.write_bytes(rows(1))
    written_after_the_first_read(monkeypatch, path, lambda other: other.write(rows(3, width)))
    refused_as_changed(path)


def test_a_file_appended_to_as_it_is_read_is_read_as_it_was(monkeypatch, tmp_path) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(rows(1))

    def append(other: BinaryIO) -> None:
        other.seek(0, os.SEEK_END)
        other.write(b"1000,5\n")

    written_after_the_first_read(monkeypatch, path, append)
    data = load_csv(path)
    assert data.x.tolist() == list(range(1, ROWS)) and data.y.tolist() == list(range(1, ROWS))


def _appended(other: BinaryIO) -> None:
    other.seek(0, os.SEEK_END)
    other.write(b"1000,5\n")


@pytest.mark.parametrize(
    ("write", "refused"),
    [(_appended, False), (lambda other: other.write(rows(3)), True)],
    ids=["appended", "written anew"],
)
def test_a_file_changed_as_it_is_read_is_checked_without_pread(
    monkeypatch, tmp_path, write, refused
) -> None:
    """Windows has no os.pread: a file changed as it was read (appended to as well) ended
    `dartfit fit` there with "unexpected error: AttributeError"."""
    path = tmp_path / "data.csv"
    path.write_bytes(rows(1))
    written_after_the_first_read(monkeypatch, path, write)
    monkeypatch.delattr(os, "pread", raising=False)
    if refused:
        with pytest.raises(CsvError, match="another program changed it as it was read"):
            load_csv(path)
    else:
        assert load_csv(path).y.tolist() == list(range(1, ROWS))


def test_a_file_that_fails_as_it_is_read_again_is_refused_naming_it(monkeypatch, tmp_path):
    """A read error as the file is read again to check it (a disk's, a network share's) was
    a bare "[Errno 5] Input/output error", naming no file."""
    path = tmp_path / "data.csv"
    path.write_bytes(rows(1))
    written_after_the_first_read(monkeypatch, path, _appended)

    def fails(*_: object) -> object:
        raise OSError(5, "Input/output error")

    for name in ("pread", "lseek"):
        monkeypatch.setattr(os, name, fails, raising=False)
    with pytest.raises(CsvError) as refused:
        load_csv(path)
    assert str(refused.value) == f"{path}: can't read: Input/output error"


@pytest.mark.parametrize("width", [6, 7], ids=["the same layout", "lines shifted"])
def test_a_file_written_anew_is_refused_whatever_its_times_and_size_say(
    monkeypatch, tmp_path, width
) -> None:
    """The check read the file again only when its times or size had changed since it was
    opened: a rewrite of the same size within one tick of a coarse clock (or a time set
    back, or a write through a memory map) changes neither, and the mix was loaded. Here
    the system says nothing changed; the bytes say otherwise."""
    path = tmp_path / "data.csv"
    path.write_bytes(rows(1))
    written_after_the_first_read(monkeypatch, path, lambda other: other.write(rows(3, width)))
    first: dict[int, os.stat_result] = {}
    fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: first.setdefault(fd, fstat(fd)))
    refused_as_changed(path)


def test_a_file_made_as_it_is_read_is_said_to_be_one(monkeypatch, tmp_path) -> None:
    """A file whose size reads 0 and that holds other bytes each time it is read
    (/proc/self/stat, made by the system as it is read) was said to be changed by another
    program."""
    path = tmp_path / "data.csv"
    path.write_bytes(rows(1))
    written_after_the_first_read(monkeypatch, path, lambda other: other.write(rows(3)))
    monkeypatch.setattr(load, "regular_size", lambda file: 0)
    with pytest.raises(CsvError) as refused:
        load_csv(path)
    assert str(refused.value) == (
        f"{path}: it held other bytes each time it was read: a file the system makes as it is"
        " read, or one still being written; open a copy of it"
    )
