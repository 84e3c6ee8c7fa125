"""dartfit with its standard streams closed, redirected, piped into an early-closing reader,
or unable to encode a character: it runs or refuses in one line, never hangs or spins.

Each case is a real `python -m dartfit` process with a timeout; a "tty" stream is the slave
of a fresh pseudo-terminal.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dartfit.progress.class_store import connect
from tests.conftest import GOOD_LINE, REPO, SHIPPED
from tests.pty_terminal import Terminal, text_of

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")

DARTFIT = [sys.executable, "-m", "dartfit"]
# closes the standard streams named in argv[1] (as "0,2"), then runs the rest of argv
_CLOSE_THEN_RUN = (
    "import os, sys\n"
    "for fd in filter(None, sys.argv[1].split(',')):\n"
    "    os.close(int(fd))\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)
NAMES = ("stdin", "stdout", "stderr")
TIMEOUT = 30.0


def _env(**extra: str) -> dict[str, str]:
    drop = ("PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCECLOCALE", "LANGUAGE")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("LC_")}
    env |= {"LANG": "C.UTF-8", "TERM": "xterm-256color"} | extra
    return env


@contextlib.contextmanager
def _streams(kinds: tuple[str, str, str], tmp: Path) -> Iterator[tuple[list, list[int], Path, int]]:
    """Popen's stdin, stdout, stderr for each kind, the fds to close in the child, the file a
    "file" stream writes to, and the master of the pseudo-terminal of the "tty" streams."""
    master, slave = os.openpty()
    opened: list[int] = [master, slave]
    out_file = tmp / "stream.txt"
    args: list = []
    to_close: list[int] = []
    try:
        for fd, kind in enumerate(kinds):
            if kind == "tty":
                args.append(slave)
            elif kind == "closed":
                args.append(None)
                to_close.append(fd)
            elif kind == "null":
                args.append(subprocess.DEVNULL)
            elif kind == "file" and fd == 0:
                (tmp / "empty.txt").write_text("")
                opened.append(os.open(tmp / "empty.txt", os.O_RDONLY))
                args.append(opened[-1])
            elif kind == "file":
                opened.append(os.open(out_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC))
                args.append(opened[-1])
            else:  # a pipe that nobody writes to or reads from
                read, write = os.pipe()
                opened.extend((read, write))
                args.append(read if fd == 0 else write)
        yield args, to_close, out_file, master
    finally:
        for fd in opened:
            with contextlib.suppress(OSError):
                os.close(fd)


def _run_with(kinds: tuple[str, str, str], argv: list[str], tmp: Path) -> tuple[int, str]:
    """Run dartfit with stdin, stdout and stderr of the given kinds; (status, what it said on
    stderr when stderr is a file)."""
    return _run_showing(kinds, argv, tmp)[:2]


def _run_showing(
    kinds: tuple[str, str, str], argv: list[str], tmp: Path, **env: str
) -> tuple[int, str, str]:
    """`_run_with`, and what the terminal of its "tty" streams was sent; `env` added to its
    environment."""
    with _streams(kinds, tmp) as (args, to_close, out_file, master):
        command = [sys.executable, "-c", _CLOSE_THEN_RUN, ",".join(map(str, to_close))]
        proc = subprocess.run(
            [*command, *DARTFIT, "--data-dir", str(tmp / "data"), *argv],
            stdin=args[0],
            stdout=args[1],
            stderr=args[2],
            env=_env(**env),
            timeout=TIMEOUT,
            close_fds=True,
        )
        said = out_file.read_text() if kinds[2] == "file" else ""
        shown = ""
        os.set_blocking(master, False)
        with contextlib.suppress(BlockingIOError):  # nothing sent
            shown = os.read(master, 4096).decode()
    return proc.returncode, said, shown


NOT_TERMINALS = ("closed", "null", "file", "pipe")


@pytest.mark.parametrize("kind", NOT_TERMINALS)
@pytest.mark.parametrize("which", [0, 1, 2], ids=NAMES)
def test_the_game_without_a_terminal_refuses_in_one_line(tmp_path, which, kind) -> None:
    kinds = ["tty", "tty", "file"]  # stderr a file, to read what dartfit says
    kinds[which] = kind
    status, said = _run_with((kinds[0], kinds[1], kinds[2]), [], tmp_path)
    assert status == 2
    if kinds[2] == "file":
        reason = "closed" if kind == "closed" else "not a terminal"
        assert said == f"dartfit: needs a terminal ({NAMES[which]} is {reason})\n"


@pytest.mark.parametrize("kind", NOT_TERMINALS)
@pytest.mark.parametrize(
    ("argv", "needs"),
    [(["play", "1"], ""), (["host", "--open", "--board"], "--board ")],
    ids=["game", "board"],
)
def test_stderr_hidden_from_the_terminal_is_said_on_the_screen_too(
    tmp_path, kind, argv, needs
) -> None:
    """`dartfit 2>/dev/null` ended at once, status 2, without a word on the screen; so did
    the teacher's `dartfit host --board 2>/dev/null`."""
    status, said, shown = _run_showing(("tty", "tty", kind), argv, tmp_path)
    reason = "closed" if kind == "closed" else "not a terminal"
    assert status == 2
    assert shown == f"dartfit: {needs}needs a terminal (stderr is {reason})\r\n"
    if kind == "file":
        assert said == shown.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({"PYTHONIOENCODING": "ascii"}, "from PYTHONIOENCODING=ascii, "),
        ({"PYTHONIOENCODING": "latin-1:strict"}, "from PYTHONIOENCODING=latin-1, "),
        (
            {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
            "as LC_ALL=C.UTF-8",
        ),
    ],
    ids=["ascii", "latin-1", "C-locale"],
)
@pytest.mark.parametrize(
    "argv", [["play", "1"], ["host", "--open", "--board"]], ids=["game", "board"]
)
def test_a_screen_whose_encoding_lacks_the_pictures_refuses_in_one_line(
    tmp_path, env, said, argv
) -> None:
    """Under an encoding without the game's characters the game played on a chart of
    question marks, rows pushed along by stand-ins longer than their character."""
    status, _, shown = _run_showing(("tty", "tty", "tty"), argv, tmp_path, **env)
    assert status == 2 and shown.count("\r\n") == 1 and "only UTF-8 has" in shown, shown
    assert shown.startswith("dartfit: ") and said in shown, shown


@pytest.mark.parametrize("argv", [["play", "5"], ["lesson", "mean"], ["fit", "points.csv"]])
def test_every_game_command_refuses_without_a_terminal(tmp_path, argv) -> None:
    (tmp_path / "points.csv").write_text("x,y\n1,2\n2,3\n3,5\n")
    argv = [str(tmp_path / a) if a.endswith(".csv") else a for a in argv]
    status, said = _run_with(("null", "tty", "file"), argv, tmp_path)
    assert (status, said) == (2, "dartfit: needs a terminal (stdin is not a terminal)\n")


# starts the rest of argv in a process group of its own, outside the terminal's foreground
# (as a shell with job control does `dartfit &`), with `stty tostop` first if argv[1] says so
_IN_THE_BACKGROUND = (
    "import os, subprocess, sys, termios\n"
    "if sys.argv[1] == 'tostop':\n"
    "    mode = termios.tcgetattr(0)\n"
    "    mode[3] |= termios.TOSTOP\n"
    "    termios.tcsetattr(0, termios.TCSANOW, mode)\n"
    "child = subprocess.Popen(sys.argv[3:], process_group=0)\n"
    "with open(sys.argv[2], 'w') as out:\n"
    "    out.write(str(child.pid))\n"
    "sys.exit(child.wait())\n"
)
BACKGROUND = (
    "dartfit: not in the terminal's foreground (started in the background?);"
    " run it as a foreground command"
)


@pytest.mark.parametrize("tostop", [False, True], ids=["writes-allowed", "stty-tostop"])
@pytest.mark.parametrize("argv", [[], ["fit", "points.csv"]], ids=["title", "fit"])
def test_the_game_in_the_background_of_its_terminal_refuses_in_one_line(
    tmp_path, argv, tostop
) -> None:
    """Textual would set the terminal up from the background and be stopped (SIGTTOU): a
    blank screen that ctrl+c can't end."""
    (tmp_path / "points.csv").write_text("x,y\n1,2\n2,3\n3,5\n")
    argv = [str(tmp_path / a) if a.endswith(".csv") else a for a in argv]
    pid_file = tmp_path / "child.pid"
    mode = "tostop" if tostop else "-"
    command = [sys.executable, "-c", _IN_THE_BACKGROUND, mode, str(pid_file), *DARTFIT]
    command += ["--data-dir", str(tmp_path / "data"), *argv]
    with Terminal(command, 80, 24, env=_env(), cwd=REPO) as term:
        status = term.wait_exit(TIMEOUT)
        said = text_of(bytes(term.output))
        if status is None and pid_file.exists():  # stopped in the background: end it
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.killpg(int(pid_file.read_text()), signal.SIGKILL)
    assert (status, said) == (2, BACKGROUND)


PRINTING = [
    ["levels"],
    ["lessons"],
    ["check", str(SHIPPED)],
    ["export", "first-line"],
    ["solve", "first-line"],
    ["solve", "first-line", "--json"],
    ["--help"],
    ["solve", "--help"],
    ["--version"],
]


def _pipe_without_a_reader() -> int:
    """The write end of a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    return write


@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("argv", PRINTING, ids=" ".join)
def test_a_printing_command_into_a_closed_pipe_exits_quietly(argv, buffered) -> None:
    write = _pipe_without_a_reader()
    try:
        proc = subprocess.run(
            [*DARTFIT, *argv],
            stdout=write,
            stderr=subprocess.PIPE,
            env=_env(PYTHONUNBUFFERED="" if buffered else "1"),
            timeout=TIMEOUT,
            text=True,
        )
    finally:
        os.close(write)
    assert (proc.returncode, proc.stderr) == (141, "")


LONG = {  # commands whose output is far more than a pipe holds
    "export": ["export", "million"],
    "solve --json": [
        "solve",
        "first-line",
        "--method",
        "gd",
        "--lr",
        "1e-6",
        "--steps",
        "100000",
        "--json",
    ],
}


@pytest.mark.skipif(not (shutil.which("bash") and shutil.which("head")), reason="a shell")
@pytest.mark.parametrize("argv", LONG.values(), ids=LONG.keys())
def test_a_long_output_into_head_stops_quietly_when_head_has_read_enough(argv) -> None:
    """`| head -c 100` in a shell: the reader leaves after 100 bytes. The JSON of a crawl
    (7 MB, one string) was written whole, and Python counted what the pipe did not take as
    written: status 0, the output cut short without a word (a hostile pass)."""
    command = " ".join(shlex.quote(word) for word in [*DARTFIT, *argv])
    pipeline = f"{command} | head -c 100 >/dev/null; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(
        ["bash", "-c", pipeline], env=_env(), capture_output=True, text=True, timeout=TIMEOUT
    )
    assert (done.returncode, done.stderr) == (141, "")


@pytest.mark.parametrize("argv", PRINTING[:6], ids=" ".join)
def test_a_printing_command_with_stdout_closed_says_so_in_one_line(tmp_path, argv) -> None:
    status, said = _run_with(("null", "closed", "file"), argv, tmp_path)
    assert (status, said) == (2, "dartfit: cannot write the output (stdout is closed)\n")


def test_a_class_export_to_a_closed_stdout_says_so_as_every_command_does(tmp_path) -> None:
    """`dartfit host --export -` with stdout closed was "unexpected error: AttributeError"."""
    connect(tmp_path / "data" / "class.db").close()
    status, said = _run_with(("null", "closed", "file"), ["host", "--export", "-"], tmp_path)
    assert (status, said) == (2, "dartfit: cannot write the output (stdout is closed)\n")


def test_a_full_disk_is_one_line_and_status_2() -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [*DARTFIT, "export", "first-line"],
            stdout=full,
            stderr=subprocess.PIPE,
            env=_env(),
            timeout=TIMEOUT,
            text=True,
        )
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1
    assert proc.stderr.startswith("dartfit: cannot write the output") and "No space" in proc.stderr


ENCODINGS = {
    "lang-c": {"LANG": "C", "LC_ALL": "C"},
    "ascii-locale": {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    "ioencoding-ascii": {"PYTHONIOENCODING": "ascii"},
    "ioencoding-latin-1": {"PYTHONIOENCODING": "latin-1"},
}


@pytest.fixture(scope="module")
def bad_level() -> Iterator[Path]:
    """A level file whose target is out of reach: its error says "≤"."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "01-hard.toml"
        path.write_text(GOOD_LINE.replace("value = 1.0", "value = 0.0001"), encoding="utf-8")
        yield path


COMMANDS = [
    (["levels"], 0, "MSE <= 1 "),
    (["lessons"], 0, "squaring"),
    (["check", str(SHIPPED)], 0, "all fine"),
    (["export", "first-line"], 0, "x,y"),
    (["solve", "mean-guess"], 0, "target MSE <= "),
    (["solve", "first-line", "--json"], 0, '"level":"first-line"'),
    (["--help"], 0, "usage: dartfit"),
    (["solve", "--help"], 0, "--method"),
    (["solve", "5", "--steps", "-1"], 2, "whole number >= 0"),
    (["solve", "pull"], 2, "MSE >= "),
    (["lesson", "nope"], 2, 'no lesson called "nope"'),
    (["export", "nope"], 2, 'no level called "nope"'),
    (["levels", "--levels", "/no/such/ünïcode"], 2, "/no/such/"),
]


ASCII_ONLY = ("ascii-locale", "ioencoding-ascii")


# Runs `python -m dartfit`'s main() once per command in one interpreter started under the
# locale (its streams' encoding is set then, as for `python -m dartfit`), each command with
# fds 1 and 2 on files of its own; argv comes in as the interpreter's own arguments, decoded
# as dartfit's would be. A command that raises prints its traceback and counts as status 1,
# as the interpreter would. One start instead of fourteen: each costs ~0.25 s of CPU.
_EACH_COMMAND = """
import os, sys, traceback
from dartfit.cli import main
folder, argvs, statuses = sys.argv[1], [[]], []
for arg in sys.argv[2:]:
    argvs.append([]) if arg == "--then--" else argvs[-1].append(arg)
for i, argv in enumerate(argvs):
    saved = os.dup(1), os.dup(2)
    for fd, part in ((1, "out"), (2, "err")):
        with open(os.path.join(folder, f"{i}.{part}"), "wb") as file:
            os.dup2(file.fileno(), fd)
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
    except BaseException:
        traceback.print_exc()
        status = 1
    sys.stdout.flush(), sys.stderr.flush()
    os.dup2(saved[0], 1), os.dup2(saved[1], 2)
    statuses.append(status)
print(*statuses)
"""


def _run_each(argvs: list[list[str]], env: dict[str, str], folder: Path) -> list[tuple]:
    """(status, stdout bytes, stderr bytes) of each command, run as `_EACH_COMMAND` says."""
    args = [str(folder)]
    for i, argv in enumerate(argvs):
        args += ["--then--", *argv] if i else argv
    proc = subprocess.run(
        [sys.executable, "-c", _EACH_COMMAND, *args],
        capture_output=True,
        env=env,
        timeout=TIMEOUT,
        check=True,
    )
    statuses = [int(s) for s in proc.stdout.split()]
    assert len(statuses) == len(argvs) and proc.stderr == b"", proc.stderr
    return [
        (status, (folder / f"{i}.out").read_bytes(), (folder / f"{i}.err").read_bytes())
        for i, status in enumerate(statuses)
    ]


@pytest.mark.parametrize("name", ENCODINGS)
def test_every_command_prints_under_any_locale_and_encoding(name, bad_level, tmp_path) -> None:
    commands = [*COMMANDS, (["check", str(bad_level)], 2, "target: MSE <= 0.0001")]
    ran = _run_each([argv for argv, _, _ in commands], _env(**ENCODINGS[name]), tmp_path)
    for (argv, expected, words), (status, stdout, stderr) in zip(commands, ran, strict=True):
        if name in ASCII_ONLY:
            assert stdout.isascii() and stderr.isascii(), argv
        encoding = "latin-1" if "latin" in name else "utf-8"
        out, err = (
            s.decode(encoding).replace("≤", "<=").replace("≥", ">=") for s in (stdout, stderr)
        )
        assert status == expected, (argv, err)
        assert words in (out if expected == 0 else err), (argv, out, err)
        assert "Traceback" not in err and "encode" not in err, (argv, err)
        if expected == 2:
            assert len(err.splitlines()) == 1 and out == "", (argv, err)


@pytest.mark.parametrize("argv", [("--help",), ("levels", "--help")], ids=" ".join)
def test_help_with_stdout_closed_says_so_as_every_command_does(tmp_path, argv) -> None:
    """argparse wrote the help to stderr and exited 0."""
    status, said = _run_with(("null", "closed", "file"), argv, tmp_path)
    assert (status, said) == (2, "dartfit: cannot write the help (stdout is closed)\n")


@pytest.mark.parametrize("argv", [("--version",), ("levels", "--version")], ids=" ".join)
def test_version_with_stdout_closed_says_so_as_the_help_does(tmp_path, argv) -> None:
    """argparse wrote the version to stderr and exited 0."""
    status, said = _run_with(("null", "closed", "file"), argv, tmp_path)
    assert (status, said) == (2, "dartfit: cannot write the version (stdout is closed)\n")


def test_a_file_name_that_is_not_utf8_is_spelt_alike_in_every_message(tmp_path) -> None:
    """A byte of a file name that is not UTF-8 is written \\xff wherever a path is named
    (`check` wrote it \\udcff, `fit` \\xff)."""
    folder = tmp_path / "levels"
    folder.mkdir()
    level = os.fsdecode(bytes(folder) + b"/01-b\xff.toml")
    Path(level).write_text("schema = 1\n", encoding="utf-8")
    missing = os.fsdecode(bytes(tmp_path) + b"/a\xff.csv")
    said = []
    for argv in (["check", str(folder)], ["fit", missing], ["--levels", str(folder), "levels"]):
        proc = subprocess.run(
            [*DARTFIT, "--data-dir", str(tmp_path / "data"), *argv],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=_env(),
            timeout=TIMEOUT,
        )
        assert proc.returncode == 2, argv
        said.append(proc.stderr.decode("utf-8").splitlines()[0])
    assert all("\\xff" in line and "\\udc" not in line for line in said), said


BYTE = os.fsdecode(b"\xff")
"""A byte of an argument that is not UTF-8, as Python hands it over (U+DCFF)."""


@pytest.mark.parametrize(
    "argv",
    [
        ["fit", "--dataset", f"galton{BYTE}"],
        ["play", "--code", f"6DPT-QBX{BYTE}"],
        ["host", "--open", "--bind", f"10.0.0.{BYTE}"],
        ["host", "--export", f"out{BYTE}"],  # a folder
        ["fit", "gone.csv"],  # a link to a file named with the byte, not there
    ],
    ids=["dataset", "share-code", "bind", "export", "link"],
)
def test_a_value_given_with_a_byte_that_is_not_utf8_is_quoted_as_every_message_does(
    tmp_path, argv
) -> None:
    """Messages that quoted a value with Python's repr wrote the byte '\\udcff' (and a newline
    '\\n'), where every other message writes \\xff (and \\x0a), and in single quotes where
    the others use double ones ("no dataset 'x'" beside 'no level called "x"')."""
    (tmp_path / f"out{BYTE}").mkdir()
    (tmp_path / "class.db").touch()  # a class to export (the folder is refused before it is read)
    (tmp_path / "gone.csv").symlink_to(f"gone{BYTE}.csv")
    proc = subprocess.run(
        [*DARTFIT, *argv, *(["--data-dir", str(tmp_path)] if argv[0] == "host" else [])],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=_env(),
        timeout=TIMEOUT,
        cwd=tmp_path,
    )
    said = proc.stderr.decode("utf-8")
    assert proc.returncode == 2 and said.count("\n") == 1, said
    assert "\\xff" in said and "\\udc" not in said and "'" not in said.split(":", 1)[1], said
    assert re.search(r'"[^"]*\\xff[^"]*"', said), said


def test_a_byte_that_is_not_utf8_and_a_control_character_are_escaped_apart() -> None:
    """The byte 0x85 of a file name and the character U+0085 (C1, `c2 85` in UTF-8) were
    both written \\x85."""
    from dartfit.printable import escaped

    byte, character = (escaped(os.fsdecode(name)) for name in (b"lv\x85.toml", b"lv\xc2\x85.toml"))
    assert (byte, character) == ("lv\\x85.toml", "lv\\u0085.toml")
    assert escaped("a\x1bb\x7f") == "a\\x1bb\\x7f"


def test_ctrl_c_before_a_command_begins_is_status_130_and_no_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ctrl+c as dartfit starts (`timeout -s INT 0.05 dartfit levels`) came while it imported
    or parsed, outside the command's own ctrl+c: a traceback, though the status was 130."""
    import dartfit.cli as cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert cli.main(["levels"]) == 130
    assert capsys.readouterr().err == ""


_INTERRUPTED_AT_IMPORT = """
import runpy, sys

AT = sys.argv[1]

class Interrupts:
    def find_spec(self, name, path=None, target=None):
        if name == AT:
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupts())
sys.argv[1:] = ["levels"]
runpy.run_module("dartfit", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("module", ["argparse", "dartfit.files", "dartfit.printable"])
def test_ctrl_c_as_the_command_line_module_loads_is_status_130_and_no_traceback(
    module: str,
) -> None:
    """ctrl+c 0.15 s after `dartfit levels` started came while dartfit.cli imported
    what it needs, before `main` listened for it: a traceback, status 1."""
    run = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_AT_IMPORT, module],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (run.returncode, run.stderr) == (130, ""), run.stderr[-800:]
