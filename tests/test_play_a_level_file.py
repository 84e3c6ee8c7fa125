"""`dartfit play FILE` plays one level file alone, as a level author expects: `play` took
only a level's id, name or number, and a path to a file was "no level called …"."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from dartfit.cli import main
from tests.conftest import SHIPPED, game_stood_in
from tests.pty_terminal import Terminal, text_of

REPO = Path(__file__).resolve().parents[1]


def own_level(folder: Path, name: str = "throw.toml") -> Path:
    """The first level with an id and a title of its own, in `folder`."""
    text = (SHIPPED / "01-first-throw.toml").read_text(encoding="utf-8")
    text = text.replace('id = "first-throw"', 'id = "my-throw"').replace(
        'title = "First throw"', 'title = "My throw"'
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, object]:
    """What `play` hands the game (its make_app arguments), run in `tmp_path`."""
    monkeypatch.chdir(tmp_path)
    return game_stood_in(monkeypatch)


@pytest.mark.parametrize(
    ("given", "file"),
    [
        ("mine/throw.toml", "mine/throw.toml"),  # a path with a folder in it
        ("./mine/throw.toml", "mine/throw.toml"),
        ("throw.toml", "throw.toml"),  # a .toml file that is there
        ("05-first-line.toml", None),  # no such file here: the campaign's level, as before
        ("first-line", None),
    ],
)
def test_play_takes_the_path_of_a_level_file(made, tmp_path: Path, given, file) -> None:
    own_level(tmp_path / "mine")
    own_level(tmp_path)
    assert main(["--data-dir", str(tmp_path / "data"), "play", given]) == 0
    if file is None:
        assert made["level_file"] is None and made["start"] == given
    else:
        assert made["start"] is None and Path(str(made["level_file"])) == Path(file)


FOLDER_SAID = (
    "a folder, not a level: play takes a level's id, name or number, or the path of a level"
    " file; for a level of that folder: dartfit --levels"
)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["play", "mine/"], f"dartfit: mine/: {FOLDER_SAID} mine/ play LEVEL"),
        (["play", "mine"], f"dartfit: mine: {FOLDER_SAID} mine play LEVEL"),
        (["play", "pipe"], "dartfit: pipe: a pipe, not a level file: save what it holds in"),
        (["play", "plain"], "dartfit: no level called"),
        (["play", "nope.toml"], 'dartfit: no level called "nope.toml"'),
        (["export", "mine"], "dartfit: mine: a folder, not a level: export takes a level's id,"),
        (["solve", "pipe"], "dartfit: pipe: a pipe, not a level file: save what it holds in"),
        (["export", "plain"], "dartfit: no level called"),
        (["--levels", "mine", "play", "mine/throw.toml"], "dartfit: play mine/throw.toml takes"),
        (["--levels", "mine", "solve", "mine/throw.toml"], "dartfit: solve mine/throw.toml takes"),
        (["export", "mine/nope.toml"], "dartfit: mine/nope.toml: can't read: No such file"),
        (["solve", "nope.toml"], 'dartfit: no level called "nope.toml"'),
        (["play", "mine/nope.toml"], "dartfit: mine/nope.toml: can't read: No such file"),
    ],
)
def test_a_level_file_play_cannot_take_is_said_in_one_line(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv, said
) -> None:
    """A name that is no level's but a path on disk is said as what it is there: a folder
    was "no level called mine", as if it had not been seen, and so was a pipe."""
    from dartfit import cli as cli

    monkeypatch.setattr(cli.stdio, "background_problem", lambda: None)
    monkeypatch.chdir(tmp_path)
    own_level(tmp_path / "mine")
    os.mkfifo(tmp_path / "pipe")  # never opened: nothing writes to it
    (tmp_path / "plain").write_text("not a level's name", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "data"), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(said) and len(err.splitlines()) == 1, err
    if argv[-1] == "plain":  # a campaign level's name first, then the file's path
        command = argv[0]
        said = f"to {command} the file plain, give its path: dartfit {command} ./plain"
        assert err.rstrip().endswith(said), err
    if argv[-1] == "nope.toml":
        assert err.rstrip().endswith(", nor a level file nope.toml here"), err


def test_a_name_that_is_a_level_is_played_though_a_folder_has_it(made, tmp_path: Path) -> None:
    """A folder named as a level of the campaign is no reason not to play that level."""
    (tmp_path / "first-line").mkdir()
    assert main(["--data-dir", str(tmp_path / "data"), "play", "first-line"]) == 0
    assert made["start"] == "first-line" and made["level_file"] is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")
def test_a_level_file_is_played_and_its_win_kept_under_its_id(tmp_path: Path) -> None:
    own_level(tmp_path / "mine")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "DARTFIT"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO / "src"), env.get("PYTHONPATH")]))
    env |= {"TERM": "xterm-256color", "LANG": "C.UTF-8"}
    data = tmp_path / "data"
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(data), "play", "mine/throw.toml"]
    with Terminal(argv, 80, 24, env=env, cwd=tmp_path) as term:
        assert term.wait_for("1. My throw", 30.0), text_of(bytes(term.output))[-600:]
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"   ")  # three throws at the bull win it
        assert term.wait_for("Level complete", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"\x11")
        assert term.wait_exit(30.0) == 0, text_of(bytes(term.output))[-600:]
    saved = json.loads((data / "progress.json").read_text(encoding="utf-8"))
    assert list(saved["levels"]) == ["my-throw"]
    assert saved["levels"]["my-throw"]["completed"] is True


IN_FOLDER = "not a folder to keep progress in: give the path of a folder"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["play", "fifo.toml"], "dartfit: fifo.toml: a pipe, not a level file: "),
        (["play", "./fifo"], "dartfit: fifo: a pipe, not a level file: "),
        (["check", "fifo.toml"], "fifo.toml: a pipe, not a level file: "),
        (["check", "fifo"], "fifo: a pipe, not a level file: "),
        (["export", "fifo"], "dartfit: fifo: a pipe, not a level file: "),
        (["solve", "fifo"], "dartfit: fifo: a pipe, not a level file: "),
        (["fit", "fifo"], "dartfit: fifo: a pipe, not a CSV file: "),
        (["--levels", "fifo", "levels"], "dartfit: fifo: a pipe, not a folder of levels: --levels"),
        (["--levels", "fifo", "play", "1"], "dartfit: fifo: a pipe, not a folder of levels: --lev"),
        (["--levels", "mine", "export", "1"], "dartfit: mine/02-fifo.toml: a pipe, not a level f"),
        (["--data-dir", "fifo", "play", "1"], f"dartfit: fifo: a pipe, {IN_FOLDER} (from --data-"),
        (["--data-dir", "fifo", "host"], f"dartfit: fifo: a pipe, {IN_FOLDER} (from --data-dir)"),
        (["DARTFIT_DATA_DIR=fifo", "play", "1"], f"dartfit: fifo: a pipe, {IN_FOLDER} (from DA"),
    ],
)
def test_a_pipe_given_for_a_file_says_what_to_do_in_one_line(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv, said
) -> None:
    """A pipe (what `<(cat level.toml)` gives) where a file was asked for: every command that
    takes a path says what it is and what to do, in one line, status 2. `play` said only "not
    a regular file or folder (a pipe)", as `check` did; `--levels` said "not a folder of
    levels"."""
    from dartfit import cli as cli

    monkeypatch.setattr(cli.stdio, "background_problem", lambda: None)
    monkeypatch.chdir(tmp_path)
    own_level(tmp_path / "mine", "01-throw.toml")
    for pipe in ("fifo.toml", "fifo", "mine/02-fifo.toml"):
        os.mkfifo(tmp_path / pipe)  # never opened: nothing writes to it
    chosen = ["--data-dir", str(tmp_path / "data")]
    if argv[0].startswith("DARTFIT_DATA_DIR="):  # the folder chosen in the environment
        monkeypatch.setenv("DARTFIT_DATA_DIR", argv[0].partition("=")[2])
        argv, chosen = argv[1:], []
    assert main([*chosen, *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(said) and len(err.splitlines()) == 1, err
    assert " is a pipe" not in err  # one wording: the path, a colon, what it is (it was both)
    if "folder" not in said:
        assert err.rstrip().endswith("save what it holds in a file and give that file's path")


def test_a_level_file_given_for_a_folder_of_levels_says_how_to_play_it(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    own_level(tmp_path / "mine")
    assert main(["--levels", "mine/throw.toml", "levels"]) == 2
    said = "a file, not a folder of levels: one level file is played with: dartfit play"
    assert capsys.readouterr().err == f"dartfit: mine/throw.toml: {said} mine/throw.toml\n"


@pytest.mark.parametrize("command", ["export", "solve"])
@pytest.mark.parametrize(
    ("given", "level_id"),
    [
        ("mine/throw.toml", "my-line"),  # a path with a folder in it
        ("./mine/throw.toml", "my-line"),
        ("throw.toml", "my-line"),  # a .toml file that is there
        ("05-first-line.toml", "first-line"),  # no such file here: the campaign's level
        ("first-line", "first-line"),
    ],
)
def test_export_and_solve_take_a_level_file_as_play_does(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command, given, level_id
) -> None:
    """`dartfit solve mylevel.toml` said "no level called", and export did too, where `play`
    played the file: every command that takes a level finds it by one rule."""
    monkeypatch.chdir(tmp_path)
    text = (SHIPPED / "05-first-line.toml").read_text(encoding="utf-8")
    mine = text.replace('id = "first-line"', 'id = "my-line"').replace("slope = 2.0", "slope = 3.0")
    for folder in (tmp_path / "mine", tmp_path):
        folder.mkdir(exist_ok=True)
        (folder / "throw.toml").write_text(mine, encoding="utf-8")
    assert main([command, given, *(["--json"] if command == "solve" else [])]) == 0
    out = capsys.readouterr().out
    if command == "solve":
        assert json.loads(out)["level"] == level_id
    else:  # the file's own points (its slope of 3), or the campaign's
        from dartfit.levels import load_level

        mine = level_id == "my-line"
        level = load_level(tmp_path / "throw.toml" if mine else SHIPPED / "05-first-line.toml")
        rows = [f"{float(x)!r},{float(y)!r}" for x, y in zip(level.x, level.y, strict=True)]
        assert out.splitlines() == ["x,y", *rows]
