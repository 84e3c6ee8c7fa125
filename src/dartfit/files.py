"""Reading a file that must be a regular one, without hanging on anything else in its place:
opened without blocking (a pipe with no writer can't hang us, a terminal is not taken as a
controlling one), checked, then read up to a cap. Saves, level files and CSVs name what they
found in the same words. And writing one whole: a temporary file, synced, renamed over it."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from dartfit.printable import quoted


class TooBig(Exception):
    """The file holds more than the `most` bytes allowed."""


class NotRegular(Exception):
    """The path is something other than a regular file; `kind` says what ("a pipe")."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a file that is not a regular one is, in a word or two ("a folder", "a pipe")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file"


def is_toml(path: Path) -> bool:
    """Whether a file's name ends in .toml, in any case: `Ramp.TOML`, as an editor on Windows
    or macOS may save it, was passed over without a word, its level missing from the
    campaign and `dartfit check` saying "all fine"."""
    return path.name.lower().endswith(".toml")


def said_of(path: str | Path, problem: str) -> str:
    """One line about a path: its name as shown, then what is wrong with it, after a colon
    ("levels/x.toml: a pipe, not a level file: …"). Every message that names a path and its
    fault joins them here: "fifo is a pipe, not …" and "fifo: a pipe, not …" were two ways
    of one wording, a command's and another's."""
    return f"{path}: {problem}"


def home_expanded(given: str | Path) -> Path:
    """The path with a leading ~ or ~user made that home folder, as a shell makes it: the
    shell leaves `--data-dir=~/saves` as it is, which was checked in the home folder and
    saved in a folder named ~ in the current one. ValueError, naming the path, when there
    is no such home (a user the system does not know, or none for this one): Python's
    "Could not determine home directory" came out as an unexpected error."""
    path = Path(given)
    try:
        return path.expanduser()
    except RuntimeError:
        head = path.parts[0]
        who = "no home folder is known for you" if head == "~" else f"no user {head[1:]} here"
        raise ValueError(said_of(given, f"{who}, so {head} names no folder")) from None


def wrong_kind(kind: str, wanted: str, then: str | None = None) -> str:
    """What to say of a path that is `kind` (`kind_of`'s "a pipe", or "a file") where
    `wanted` ("a folder to keep progress in") was asked for, and what to do (`then`), in
    words to follow its name (`said_of`)."""
    return f"{kind}, not {wanted}: {then}" if then else f"{kind}, not {wanted}"


def not_a_file(kind: str, wanted: str) -> str:
    """`wrong_kind` for a path that is `kind` where `wanted` ("a level file", "a CSV file")
    is to be read: "not a regular file or folder (a pipe)" said what it was not, and not
    what to do (a pipe is what `<(cat level.toml)` gives: dartfit reads only a file on
    disk)."""
    if kind == "a pipe":
        return wrong_kind(kind, wanted, "save what it holds in a file and give that file's path")
    return wrong_kind(kind, wanted, f"give the path of {wanted}")


def not_utf8(byte: int) -> str:
    """Why text is refused, with what to do: the byte, and the character it is in the
    Windows encoding a spreadsheet or an editor saves in (a semicolon file's "1.234,5 €" was
    "not UTF-8 text", and a level's "not UTF-8 text (byte 46)", with no word of which byte
    nor what to do)."""
    try:
        seen = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        seen = ""
    said = f", {seen} in Windows-1252" if seen.isprintable() and seen.strip() else ""
    return f"not UTF-8 text (byte 0x{byte:02x}{said}): save it as UTF-8"


def wide_text(data: bytes) -> str | None:
    """What a file is, in words, when it is text of two or four bytes a letter (a
    spreadsheet's or Notepad's "Unicode": "UTF-16 text (its byte order mark says so)"), to be
    named as what it is rather than as bytes that are not UTF-8; else None."""
    return marked_wide(data) or unmarked_wide(data)


def marked_wide(data: bytes) -> str | None:
    """`wide_text`'s words for a file that starts with a UTF-16 or UTF-32 byte order mark."""
    if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return None
    wide = "UTF-32" if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00")) else "UTF-16"
    return f"{wide} text (its byte order mark says so)"


def unmarked_wide(data: bytes) -> str | None:
    """`wide_text`'s words for ASCII written two or four bytes a letter with no byte order
    mark: zero bytes in every place of each letter but one, and none in that one (a PNG has
    zero bytes too, not in that pattern)."""
    head = data[:256]
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        places = [head[k::width] for k in range(width)]
        if not all(places):
            continue
        zero = [place.count(0) >= 0.9 * len(place) for place in places]
        letters = [place.count(0) <= 0.1 * len(place) for place in places]
        if zero.count(True) == width - 1 and letters.count(True) == 1:
            return f"{name} text (a zero byte beside each letter)"
    return None


def is_file(path: Path) -> bool:
    """Whether a regular file is at `path` (through links); False when nothing can be said.
    Path.is_file raises PermissionError where a folder on the way may not be searched (a
    cache folder under another user's home ended `dartfit play` with "[Errno 13]")."""
    return _mode_is(path, stat.S_ISREG)


def is_dir(path: Path) -> bool:
    """Whether a folder is at `path` (through links); False when nothing can be said, as
    `is_file`."""
    return _mode_is(path, stat.S_ISDIR)


def exists(path: Path) -> bool:
    """Whether anything is at `path` (through links); False when nothing can be said, as
    `is_file`."""
    return _mode_is(path, lambda mode: True)


def broken_link(path: Path) -> str | None:
    """What a link that leads to nothing is, in a few words ("a link to 'x.csv', which does
    not exist", "a link that leads back to itself"); None for anything else. Each is said
    where "no such file" or the system's "Too many levels of symbolic links" was: of a name
    that `ls` shows, "nor a level file loop.toml here" told the player it was not there."""
    try:
        if not path.is_symlink() or exists(path):
            return None
        target = os.readlink(path)
        path.resolve(strict=True)
    except RuntimeError:  # a loop, as Python 3.11 and 3.12 say it
        return "a link that leads back to itself"
    except OSError as e:
        if e.errno == errno.ELOOP:  # as Python 3.13 says it
            return "a link that leads back to itself"
        if e.errno not in (errno.ENOENT, errno.ENOTDIR):
            return None  # a folder on the way that may not be searched: said as it is
    except ValueError:  # a NUL byte in the name
        return None
    return f"a link to {quoted(target)}, which does not exist"


def no_folder(path: Path) -> bool:
    """Whether surely no folder is at `path` (through links): nothing is there, or something
    else is. False where it can't be looked at: a folder on the way that may not be searched
    is no folder that "does not exist" (Path.is_dir raised there)."""
    try:
        return not stat.S_ISDIR(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except (OSError, ValueError):
        return False


def folder_not_there(folder: Path) -> str:
    """Why no folder is at `folder` (`no_folder`), in words to follow "whose folder": "does
    not exist", or "can't be: …/notes is a file" where a thing on the way is no folder (a
    link into a file's "folder" was said not to exist, beside the file)."""
    for place in (folder, *folder.parents):
        try:
            mode = os.stat(place).st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        except (OSError, ValueError):
            break
        if not stat.S_ISDIR(mode):
            return f"can't be: {place} is {'a file' if stat.S_ISREG(mode) else kind_of(mode)}"
        break
    return "does not exist"


def _mode_is(path: Path, test: Callable[[int], bool]) -> bool:
    try:
        return test(os.stat(path).st_mode)
    except (OSError, ValueError):  # ValueError: a NUL byte in the name
        return False


def mine_alone(info: os.stat_result) -> bool:
    """Whether a file, as `os.stat` tells it, is the user's, and no one else may write it
    (where users have numbers; elsewhere always)."""
    if not hasattr(os, "getuid"):  # Windows: the user's own folders are theirs
        return True
    uid = os.getuid()  # type: ignore[attr-defined,unused-ignore]
    return info.st_uid == uid and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_regular(path: Path, most: int, *, mine: bool = False) -> bytes:
    """Up to `most` + 1 bytes of a regular file (one more than allowed tells it is too big);
    if `mine`, only of one that is the user's alone (`mine_alone`: a cache folder that users
    share let another plant a file there, which the game took as its own).

    Raises OSError when it can't be opened or read (PermissionError when not `mine_alone`),
    NotRegular for anything but a file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError:
        # a socket can't be opened at all: "No such device or address" named no socket
        kind = kind_at(path)
        if kind is not None:
            raise NotRegular(kind) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(kind_of(info.st_mode))
        if mine and not mine_alone(info):
            raise PermissionError(errno.EPERM, "another user may write it", str(path))
        data = bytearray()
        while len(data) <= most:  # never more, whatever the size claims
            chunk = os.read(fd, most + 1 - len(data))
            if not chunk:
                break
            data += chunk
        return bytes(data)
    finally:
        os.close(fd)


def kind_at(path: Path) -> str | None:
    """What is at `path` when it is no regular file (`kind_of`); None when it is one, or
    nothing can be said of it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else kind_of(mode)


def read_at_most(path: Path, most: int) -> bytes:
    """The bytes of a regular file of at most `most` bytes, without blocking.

    Raises OSError when it can't be opened or read, NotRegular for anything but a file,
    TooBig for a file of more than `most` bytes."""
    data = read_regular(path, most)
    if len(data) > most:
        raise TooBig()
    return data


def replace_atomically(
    target: Path, data: bytes, *, remove_stale: bool, durable: bool = True, keep_mode: bool = True
) -> None:
    """Replace target with data whole, durably (written to the disk before it replaces
    target) unless not `durable` (a cache's file: a crash may leave it damaged, so its reader
    must check it); first remove temp files of a crashed save if remove_stale (only safe
    under the lock). The new file keeps target's permissions if `keep_mode`; else it is the
    player's alone (a cache's: one planted writable by others stayed so, refused for good)."""
    folder, prefix = target.parent, f".{target.name}."
    if remove_stale:  # under the lock no save is in flight: any temp file is from a crash
        for stale in folder.glob(f"{prefix}*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
    try:  # a file replaced keeps its permissions (a new one is the player's alone: 0600)
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode) if keep_mode else None
    except OSError:
        mode = None
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    try:
        if mode is not None and hasattr(os, "fchmod"):
            with contextlib.suppress(OSError):
                os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as temp:
            temp.write(data)
            if durable:
                temp.flush()
                os.fsync(temp.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if durable:  # a cache's rename is not waited for either (3 ms a file kept)
        _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; a no-op where folders can't be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
