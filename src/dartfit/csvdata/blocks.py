"""Bytes to text: a regular file of at most 2 GB, read a block at a time, never whole.

Folders, pipes, sockets and devices are refused before they are opened (a pipe would block).
A file is read as it was when its size was taken (`AsLookedAt`): a file still written to
is read to the end of the line under way then; one whose size reads 0 (made as it is read,
as in /proc), to its end, at most SIZELESS_MOST bytes. Each block holds whole lines, decoded as
UTF-8 with any line ending made a newline, and the number of its first line, so that a
later error can name its line. A UTF-8 byte-order mark is skipped; a line longer than 16 MB
is refused before it fills the memory.
"""

from __future__ import annotations

import os
import stat
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from dartfit.csvdata.errors import CsvError, unreadable
from dartfit.files import kind_of, marked_wide, not_a_file, not_utf8, said_of, unmarked_wide

MAX_BYTES = 2 << 30
BLOCK = 1 << 18  # bytes read at a time: a 10⁶-row load peaks at 1.7 × its arrays (4 MB: 5 ×)
LONGEST_LINE = 1 << 24
SIZELESS_MOST = 1 << 26
"""The most bytes read of a file whose size reads 0: one the system makes as it is read
(/proc/self/status) has no size to stop at, and was said to be empty."""


@dataclass(frozen=True)
class Block:
    """Whole lines of the file, joined by newlines, and the number of the first one."""

    line: int
    text: str


def regular_size(file: Path) -> int:
    """The size of a regular file; anything else (a folder, a pipe, a device) is refused."""
    try:
        info = os.stat(file)
    except OSError as e:
        raise unreadable(file, e) from None
    if not stat.S_ISREG(info.st_mode):
        raise _not_regular(file, info.st_mode)
    if info.st_size > MAX_BYTES:
        raise _too_big(file, f"{info.st_size / 2**20:,.0f} MB")
    return info.st_size


def _not_regular(file: Path, mode: int) -> CsvError:
    return CsvError(said_of(file, not_a_file(kind_of(mode), "a CSV file")))


def _too_big(file: Path, size: str) -> CsvError:
    return CsvError(said_of(file, f"{size}: the sandbox reads files up to 2 GB"))


def opened(file: Path) -> BinaryIO:
    """The file open for reading bytes, refused again if what is opened is no regular file
    (a pipe swapped in after `regular_size` looked: opened without blocking, then asked).
    It stays without blocking: a file a read waits on (/proc/kmsg, regular to stat) hung
    `dartfit fit`, and a read of a plain file never waits."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(file, flags | getattr(os, "O_BINARY", 0))
    except OSError as e:
        raise unreadable(file, e) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(file, mode)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class Reads(Protocol):
    """What blocks are read from: an open file, or `AsLookedAt` over one."""

    def read(self, size: int, /) -> bytes | None:
        """At most `size` bytes; b"" at the end; None if a read would wait."""
        ...


class AsLookedAt:
    """A file read as it was when its size was taken, to the end of the line under way at
    that size: a file still being written (a log, an export under way) grew as fast as it
    was read, and `dartfit fit` read on until it was killed. Anything written after that
    line is left out; the line is read whole, never a number cut short.

    A size of 0 is no size: files the system makes as they are read (/proc/self/status)
    report it whatever they hold, and read as "the file is empty". Such a file is read to
    its end, up to SIZELESS_MOST bytes (`file` is named if it holds more)."""

    def __init__(self, handle: Reads, size: int, file: Path) -> None:
        self.handle, self.size, self.file = handle, size, file
        self.done = 0
        self.ended = False
        self.last = b"\n"  # the byte before the next one read (at the start: as a line's end)

    def read(self, size: int, /) -> bytes | None:
        """The next bytes, up to the end of the line under way at the size looked at."""
        if self.ended:
            return b""
        chunk = self.handle.read(size)
        if not chunk:
            if 0 < self.done < self.size:  # cut short as it was read: its last number too
                raise CsvError(
                    f"{self.file}: it held {self.size:,} bytes as reading began, then ended"
                    f" after {self.done:,}: another program is changing it; open a copy of it"
                )
            return chunk
        if self.size == 0:  # no size to go by: to its end, bounded
            if self.done + len(chunk) > SIZELESS_MOST:
                raise CsvError(
                    f"{self.file}: its size reads 0, yet it holds over"
                    f" {SIZELESS_MOST / 2**20:g} MB: a file the system makes as it is read,"
                    " or one still being written; open a copy of it"
                )
        elif self.done + len(chunk) > self.size:
            at = max(self.size - self.done, 0)
            before = chunk[at - 1 : at] if at else self.last
            ends = [i for i in (chunk.find(b"\n", at), chunk.find(b"\r", at)) if i >= 0]
            if before in (b"\n", b"\r"):  # the file then ended with its line (or was empty)
                chunk, self.ended = chunk[:at], True
            elif ends:
                chunk, self.ended = chunk[: min(ends) + 1], True
        self.done += len(chunk)
        self.last = chunk[-1:] or self.last
        return chunk


class Watched:
    """An open file read through, that can tell afterwards whether what was read of it is
    still what it holds (`confirm`). A file rewritten as it was read (a spreadsheet saving
    it again, a script writing it anew) loaded a mix of both, or was refused at a line of
    neither ("line 147: expected 2 fields, found 1"). Appending to it changes nothing read:
    a file still being written is read as `AsLookedAt` says.

    What was read is always read again: a file's times and size do not tell (a rewrite of
    the same size within one tick of a coarse clock, a time set back, a write through a
    memory map changes neither), and a check that trusted them loaded the mix."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        try:
            self.fd: int | None = handle.fileno()
        except (OSError, ValueError):  # no file under it (read from memory): nothing to confirm
            self.fd = None
        self.crc, self.done = 0, 0

    def read(self, size: int, /) -> bytes | None:
        """The next bytes, counted into what is confirmed later."""
        chunk = self.handle.read(size)
        if chunk:
            self.crc, self.done = zlib.crc32(chunk, self.crc), self.done + len(chunk)
        return chunk

    def confirm(self, file: Path, sizeless: bool = False) -> None:
        """Refuse the file, in a line, if what was read of it is no longer what it holds;
        one whose size read 0 (`sizeless`) is said to be made as it is read (/proc/self/stat
        was said to be changed by another program)."""
        fd = self.fd
        crc, at = 0, 0
        if fd is None:
            return
        try:
            os.lseek(fd, 0, os.SEEK_SET)  # not os.pread: Windows has none
            while at < self.done:
                chunk = os.read(fd, min(1 << 20, self.done - at))
                if not chunk:
                    break
                crc, at = zlib.crc32(chunk, crc), at + len(chunk)
        except OSError as e:  # said as any read of it is, naming the file
            raise unreadable(file, e) from None
        if at == self.done and crc == self.crc:
            return
        if sizeless:
            raise CsvError(
                f"{file}: it held other bytes each time it was read: a file the system makes as"
                " it is read, or one still being written; open a copy of it"
            )
        raise CsvError(f"{file}: another program changed it as it was read: open a copy of it")


def _unmarked(body: bytes, file: Path) -> bytes:
    """The first lines of a file without the UTF-8 byte-order marks they start with; a file
    of UTF-16 or UTF-32 text refused, named as what it is (a spreadsheet's "Unicode text"),
    not as bytes that are no UTF-8. Looked at in the first whole lines, not in the first
    read: a read that held no more than the mark was taken for the file's end ("the file is
    empty"), and one that held part of it kept it in the first field, which lost the row as
    a header's."""
    wide = marked_wide(body) or unmarked_wide(body)
    if wide is not None:
        raise CsvError(f"{file}: line 1: {wide}: save as UTF-8")
    # every mark at the start (a file with two, from files joined, kept the second in its
    # first column's name, which then matched no name typed)
    while body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    return body


def blocks(handle: Reads, file: Path, report: Callable[[int], None]) -> Iterator[Block]:
    """The file as blocks of whole lines, decoded, every line ending made a newline."""
    line, carry, done = 1, b"", 0
    waiting: list[bytes] = []  # a line's start longer than a block, read in parts: joined
    # once its end comes (joined at each read, a 15 MB line copied 400 MB and took 0.3 s)
    while True:
        try:
            chunk = handle.read(BLOCK)
        except OSError as e:
            raise unreadable(file, e) from None
        if chunk is None:  # read without blocking, and nothing there yet: it would wait
            raise CsvError(
                said_of(file, "reading it would wait for more to be written (like a pipe)")
            )
        done += len(chunk)
        if done > MAX_BYTES:
            raise _too_big(file, "over 2 GB")
        report(done)
        # A \r as the very last byte may be half of a \r\n: it waits for the next block. The
        # carry holds no line's end but that one, so only the new chunk is looked through.
        end = max(chunk.rfind(b"\n"), chunk.rfind(b"\r", 0, len(chunk) - 1))
        if chunk and end < 0 and not (waiting[-1] if waiting else carry).endswith(b"\r"):
            waiting.append(chunk)
            held = len(carry) + sum(map(len, waiting))
            if held > LONGEST_LINE:
                raise CsvError(f"{file}: line {line}: longer than 16 MB: not a CSV of numbers")
            continue
        data = b"".join([carry, *waiting, chunk])
        waiting.clear()
        if not data:
            return
        cut = len(data) - len(chunk) + end + 1 if chunk else len(data)
        body, carry = data[:cut], data[cut:]
        if line == 1:  # the file's first lines: looked at whole, whatever the reads' sizes
            body = _unmarked(body, file)
        if b"\r" in body:
            body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as e:
            where = line + body.count(b"\n", 0, e.start)
            raise CsvError(f"{file}: line {where}: {not_utf8(body[e.start])} (CSV UTF-8)") from None
        if text:
            yield Block(line, text)
        line += body.count(b"\n")
        if not chunk:
            return
