"""What stands in the way of keeping progress where it is asked to be, said in one line that
begins with the place to look at: a folder on the way that is a file, a link that leads
nowhere or one the player may not write in, and a progress.json that links into a folder
that is gone or that the player may not read.

Each of them played on and lost every win at the end (status 3): `dartfit` refuses to play
on them, saying what to do, and a save that fails on one names it as the reason (a link
that led nowhere was said as "File exists"). Only found here, never mended.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shlex
import stat
from pathlib import Path

from dartfit.files import broken_link, folder_not_there, kind_of, no_folder, said_of, wrong_kind
from dartfit.printable import brief, escaped

LONGEST_NAME = "x" * 64
"""A name as long as any the game writes in the data folder (a save put aside, a save's
temporary file, a screenshot): a folder whose path is long enough that the system refuses
it played on with "progress.json was unreadable (File name too long)", never saving."""


def named(path: Path | str) -> str:
    """A path as a message shows it: one printable line, cut short only when longer than a
    path typed or copied would be (cut at 80 characters, a path in a command to type was
    no use)."""
    return brief(escaped(str(path)), 240)


FOLDER = "a folder to keep progress in"
"""What the data folder must be: said of a path on the way that is something else."""


def folder_in_the_way(folder: Path, then: str | None = None) -> str | None:
    """Why progress can't be kept in `folder`, beginning with the place at fault; None when
    it is a folder the player may write in, or can be made in one. `then`: what to do when
    a path on the way is not a folder (a file, a pipe), as every command says of a path
    that is the wrong kind of thing."""
    reached: Path | None = None  # the deepest folder on the way that is there
    for place in (*reversed(folder.parents), folder):  # from the top: the first that fails
        try:
            mode = place.stat().st_mode
        except FileNotFoundError:
            if place.is_symlink():  # making the folder failed with "File exists"
                target = os.path.realpath(place)
                return said_of(
                    named(place),
                    f"a link to {named(target)}, which does not exist: make that folder, or"
                    " keep progress in another",
                )
            break  # the rest is made when the game first saves
        except OSError as e:  # a link that leads back to itself said so, not "Too many levels"
            why = broken_link(place) or f"can't keep progress there: {e.strerror or e}"
            return said_of(named(place), why)
        if not stat.S_ISDIR(mode):
            what = "a file" if stat.S_ISREG(mode) else kind_of(mode)
            return said_of(named(place), wrong_kind(what, FOLDER, then))
        reached = place
    if reached is not None and _a_name_too_long(folder.parts[len(reached.parts) :], reached):
        # under a folder not made yet the system says "No such file" before it looks at a
        # name's length: a name of 256 letters played on, each win kept elsewhere "until
        # dartfit can write there", which it never could
        return said_of(
            named(folder), f"can't keep progress there: {os.strerror(errno.ENAMETOOLONG)}"
        )
    try:  # each name short enough, the whole too long for the files the game keeps there
        (folder / LONGEST_NAME).stat()
    except OSError as e:
        if e.errno == errno.ENAMETOOLONG:
            why = f"the path is too long for the files kept in it ({e.strerror})"
            return said_of(named(folder), f"can't keep progress there: {why}")
    if reached is None:
        return None
    if os.access(reached, os.W_OK | os.X_OK):
        # root may write anywhere, but not make a folder in /proc or /sys: it played on,
        # each win kept elsewhere "until dartfit can write there", which it never could
        unmade = _cannot_make(folder.parts[len(reached.parts) :], reached)
        if unmade is None:
            return None
        return said_of(named(folder), f"can't be made in {named(reached)}: {unmade}")
    # a read-only folder, or a folder that can't be made (/nonexistent/dir), played on and
    # said at the first win that it was not saved, the win lost at the end
    why = "on a read-only disk" if _read_only_disk(reached) else "you may not write in it"
    if reached == folder:
        return said_of(named(folder), f"can't keep progress there: {why}")
    return said_of(named(folder), f"can't be made in {named(reached)}: {why}")


def _a_name_too_long(names: tuple[str, ...], disk: Path) -> bool:
    """Whether a folder to be made under `disk` has a name longer than the disk takes."""
    try:
        most = os.pathconf(disk, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):  # no pathconf on Windows
        most = 255
    return any(len(os.fsencode(name)) > most for name in names)


def _cannot_make(names: tuple[str, ...], reached: Path) -> str | None:
    """Why the first folder of `names` can't be made in `reached`, as the system says; None
    when it can (it is made and removed again: nothing is left of the look)."""
    if not names:
        return None
    first = reached / names[0]
    try:
        first.mkdir()
    except FileExistsError:  # made meanwhile (another game's first save)
        return None
    except OSError as e:
        return e.strerror or str(e)
    with contextlib.suppress(OSError):  # something put in it meanwhile: left as it is
        first.rmdir()
    return None


def _read_only_disk(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def dead_end(path: Path) -> Path | None:
    """Where a progress file that is a link leads, when the folder it leads into does not
    exist (a disk not mounted, a folder renamed); None when it is no link, or leads into a
    folder that is there."""
    if not os.path.islink(path):
        return None
    target = Path(os.path.realpath(path))
    return target if no_folder(target.parent) else None


def file_in_the_way(path: Path) -> str | None:
    """Why the progress file at `path` can't be played with as it is without setting aside
    what may hold the player's stars, and what to do; None when it can be (a folder, a pipe
    or a damaged file in its place is set aside by the store, with a message)."""
    if os.path.islink(path):  # into a folder there but not to be written in (a read-only disk)
        leads = Path(os.path.realpath(path))
        blocked = None if no_folder(leads.parent) else folder_in_the_way(leads.parent)
        if blocked is not None:
            mend = "make that folder writable, or point the link at another"
            return said_of(named(path), f"a link to {named(leads)}; {blocked}: {mend}")
    target = dead_end(path)
    if target is not None:  # its stars may be on a disk not connected now
        why = folder_not_there(target.parent)
        mend = "make that folder (or connect the disk it is on)"
        if why.startswith("can't"):
            mend = "move that out of the way"
        return said_of(
            named(path),
            f"a link to {named(target)}, whose folder {named(why)}: {mend}, or remove the"
            " link to start afresh",
        )
    try:
        info = path.stat()
    except OSError:
        return None  # none yet, or a thing the store sets aside itself
    if not stat.S_ISREG(info.st_mode) or os.access(path, os.R_OK):
        return None
    # another user's (`sudo dartfit` leaves root's, 0600) or its read permission taken away
    quoted = named(shlex.quote(str(path)))
    if not hasattr(os, "getuid") or info.st_uid == os.getuid():
        why, mend = "", f"give yourself the right to read it (chmod u+rw {quoted})"
    else:
        why = f"it is {_user(info.st_uid)}'s: "
        mend = f"make it yours (sudo chown {_user(os.getuid())} {quoted})"
    return said_of(
        named(path),
        f"can't be read ({why}Permission denied): {mend}, or move it away to start afresh",
    )


def _user(uid: int) -> str:
    """The name of the user `uid` (its number when it has none)."""
    try:
        import pwd

        return escaped(pwd.getpwuid(uid).pw_name)
    except (ImportError, KeyError):
        return str(uid)
