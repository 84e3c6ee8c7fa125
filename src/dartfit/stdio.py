"""The standard streams as the command line meets them: closed, redirected, piped into a
reader that leaves early, or unable to encode a character.

No user-interface imports: the command line loads this before it knows whether the game
will start.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import signal
import sys
import unicodedata
from collections.abc import Iterator
from typing import TextIO, cast

from dartfit.printable import brief, escaped

# What a stream that can't encode a character prints instead (see `use_stand_ins`).
STAND_INS = {
    "≤": "<=",
    "≥": ">=",
    "≠": "!=",
    "≈": "~",
    "±": "+/-",
    "×": "x",
    "÷": "/",
    "−": "-",
    "–": "-",
    "—": "-",
    "…": "...",
    "·": ".",
    "•": "*",
    "→": "->",
    "←": "<-",
    "↑": "^",
    "↓": "v",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "²": "^2",
    "³": "^3",
    "σ": "sigma",
    "μ": "mu",
    "θ": "theta",
    "Σ": "sum",
    "∑": "sum",
    "√": "sqrt",
    "∞": "inf",
    "°": " deg",
}
_HANDLER = "dartfit-stand-in"

NOT_SAVED = 3
"""The game's exit status when progress it earned could not be kept as it ended (a held
lock, a full disk, a locked class database): not a crash, and a class host says so."""


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: each character the stream can't encode becomes ASCII."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start : error.end]:
        if char in STAND_INS:
            out.append(STAND_INS[char])
        elif "\udc80" <= char <= "\udcff":  # a byte of a file name that is not UTF-8
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:  # é → e; anything without an ASCII form → ?
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(plain or "?")
    return "".join(out), error.end


codecs.register_error(_HANDLER, _stand_in)


def as_printed(text: str, stream: object) -> str:
    """The text as `stream` will print it, stand-ins and all (to line up columns)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return text.encode(encoding, _HANDLER).decode(encoding)
    except (LookupError, UnicodeError):
        return text


def use_stand_ins() -> None:
    """Let stdout and stderr print any text under any locale or PYTHONIOENCODING: what the
    encoding lacks is written as ASCII (``≤`` as ``<=``) instead of raising."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors=_HANDLER)


LONGEST_SAID = 1_000
"""The most characters of one line said on stderr: a value a message echoes is cut where
it is quoted (`printable.brief`); this holds for whatever else a message carries."""


def say(line: str) -> None:
    """Print one line to stderr if it can take it: closed or broken, it is silently skipped."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            # hidden characters written as escapes: a file name's newline made two lines,
            # its ESC[2J cleared the player's terminal (names are escaped where they are
            # put in; this is for every line, whoever made it)
            print(brief(escaped(line), LONGEST_SAID), file=sys.stderr, flush=True)


def say_where_seen(line: str) -> None:
    """`say`, and on stdout too when stderr is no terminal and stdout is one: the game
    started with `2>/dev/null` (stderr hidden out of habit) ended at once, status 2, without
    a word on the screen of why."""
    say(line)
    fds = dict(_standard_fds())
    if _a_terminal(fds["stderr"]) or not _a_terminal(fds["stdout"]) or sys.stdout is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(brief(escaped(line), LONGEST_SAID), file=sys.stdout, flush=True)


def _a_terminal(fd: int) -> bool:
    return fd >= 0 and os.isatty(fd)


def in_browser() -> bool:
    """Whether the game runs in a browser tab (`dartfit serve`: Textual's web driver, over
    pipes): then it has no terminal, and its size comes from the page."""
    return os.environ.get("TEXTUAL_DRIVER", "") == "textual.drivers.web_driver:WebDriver"


def terminal_problem() -> str | None:
    """Why the game can't run on these streams (``stdin is not a terminal``), or None.

    Textual's Linux driver reads keys from stdin and draws on stderr (``sys.__stderr__``),
    so both must be the terminal: with stdin /dev/null its input thread spins on end of
    file, with stderr a file the screen stays blank. stdout must be one too: the window
    size is read from it (``shutil.get_terminal_size``) and nothing is drawn there.
    """
    for name, fd in _standard_fds():
        if fd < 0:
            return f"{name} is closed"
        if not os.isatty(fd):
            return f"{name} is not a terminal"
    return _undrawable()


DRAWN_WITH = "─│┤▏⠒⣀●◍ŷ²≤←→"
"""A sample of the characters the game draws with (box lines, braille dots, marks, ŷ)."""


def _undrawable() -> str | None:
    """Why the screen can't show the game, or None: its encoding (stderr's, where Textual
    draws) lacks the characters of the game's pictures. Under PYTHONIOENCODING=ascii or a
    locale that is not UTF-8 the game drew each of them as "?", a chart of question marks,
    and a stand-in longer than its character ("²" as "^2", "←→" as "<-->") pushed the rest
    of its row along, past the edge on the keys' line."""
    encoding = getattr(sys.__stderr__, "encoding", None) or "utf-8"
    try:
        DRAWN_WITH.encode(encoding)
    except (LookupError, UnicodeError):
        given = os.environ.get("PYTHONIOENCODING", "").partition(":")[0]
        if given:
            where, then = f"PYTHONIOENCODING={given}", "unset it, or make it utf-8"
        else:
            name = next((n for n in ("LC_ALL", "LC_CTYPE", "LANG") if os.environ.get(n)), "LANG")
            where = f"the locale, {name}={os.environ.get(name, '')}"
            then = f"run it under a UTF-8 one, as {name}=C.UTF-8"
        return (
            f"its text is {encoding}, from {where}, and the game draws with characters only"
            f" UTF-8 has: {then}"
        )
    return None


def background_problem() -> str | None:
    """Why the game would freeze on its terminal (it runs in the background there), or None.

    A process outside its terminal's foreground process group is stopped (SIGTTIN,
    SIGTTOU) as soon as it reads keys or sets the terminal up, with a blank screen and deaf
    to ctrl+c. Asking the terminal who is in the foreground (tcgetpgrp) never stops it.
    """
    for _, fd in _standard_fds():
        if _a_terminal(fd) and not in_foreground(fd):
            return (
                "not in the terminal's foreground (started in the background?);"
                " run it as a foreground command"
            )
    return None


def in_foreground(fd: int) -> bool:
    """Whether this process is in the foreground of the terminal on `fd`, where job control
    would stop it for setting the terminal up (SIGTTOU) or reading keys (SIGTTIN); True
    where it can't: no job control (Windows), no terminal, not the controlling one, or a
    terminal gone. Asking the terminal who is in the foreground never stops the asker."""
    if not hasattr(os, "tcgetpgrp"):
        return True
    try:
        return os.tcgetpgrp(fd) == os.getpgrp()
    except OSError:
        return True


def say_from_the_background(line: str) -> None:
    """`say`, even when the terminal stops background writers (stty tostop): a process
    that ignores SIGTTOU may write to it."""
    try:
        before = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    except (AttributeError, ValueError):  # no such signal (Windows), or not the main thread
        say(line)
        return
    try:
        say(line)
    finally:
        signal.signal(signal.SIGTTOU, before)


def _standard_fds() -> Iterator[tuple[str, int]]:
    """Each standard stream's name and file descriptor as the process started (-1: closed)."""
    streams = (("stdin", sys.__stdin__), ("stdout", sys.__stdout__), ("stderr", sys.__stderr__))
    for name, stream in streams:
        try:
            fd = stream.fileno() if stream is not None else -1
        except (OSError, ValueError):
            fd = -1
        yield name, fd


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit status 2. Here, not beside the
    commands: the game's start raises it too, and `dartfit.commands` loads numpy and the
    whole core (a third of the title's time to its first frame)."""


class OutputError(Exception):
    """Writing to stdout failed: its reader went away, or the disk is full."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.errno = error.errno


PIECE = 1 << 16
"""Characters in one piece of a long write to stdout (see `_Guarded.write`)."""


class _Guarded:
    """stdout, but a failed write raises `OutputError`, which nothing else raises or
    swallows (argparse drops an OSError from printing its help)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write `text`; one longer than `PIECE` in pieces, each flushed. Written whole (7 MB
        of `solve --json`), the one write to a pipe whose reader had left took what the pipe
        held, and Python's buffer counted the rest as written: no error, status 0 (a hostile
        pass). A piece the reader did not take is now a broken pipe at the next."""
        try:
            if len(text) <= PIECE:
                return self._stream.write(text)
            for start in range(0, len(text), PIECE):
                self._stream.write(text[start : start + PIECE])
                self._stream.flush()
            return len(text)
        except OSError as e:
            raise OutputError(e) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as e:
            raise OutputError(e) from None

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


@contextlib.contextmanager
def guarded_stdout() -> Iterator[None]:
    """While it lasts, sys.stdout raises `OutputError` on a failed write, flushed at the end
    so that a failure shows here and not at interpreter exit."""
    stream = sys.stdout
    if stream is None:
        yield
        return
    guarded = _Guarded(stream)
    sys.stdout = cast(TextIO, guarded)
    try:
        yield
    finally:
        try:
            guarded.flush()  # also after SystemExit: `dartfit --help | head -1`
        finally:
            sys.stdout = stream


def output_failed(error: OutputError) -> int:
    """Stop after stdout failed; return the exit status.

    A reader that leaves early (`dartfit export million | head -2`) ends the output
    quietly with status 141 = 128 + SIGPIPE: what a shell reports for `seq 1000000 | head
    -2`, whose seq is killed by the signal, so `set -o pipefail` scripts see dartfit as they
    see any other tool. Python's own advice (exit 1) would fail such pipelines with a status
    no Unix tool gives. Any other failure (a full disk) is one line and status 2. Either way
    stdout now points at /dev/null, so the output still buffered can't fail again at exit.
    """
    with contextlib.suppress(AttributeError, OSError, ValueError):
        fd = sys.stdout.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    if error.errno == errno.EPIPE:
        return 141
    say(f"dartfit: cannot write the output: {error}")
    return 2
