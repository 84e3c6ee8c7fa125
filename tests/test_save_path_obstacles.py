"""Where progress can't be kept as it is asked to be, no win is lost: `dartfit` refuses to
start in one line naming the place and what to do (status 2), or, met during play, the thing
in the save's place is set aside and the win saved. Each played on and lost the win at the
end (status 3), or gave a false reason ("File exists"). Run as a player: root reads and
writes anything, so as root without the powers that pass permissions by."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.pty_terminal import Terminal, text_of
from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")

STARS = {"schema": 2, "levels": {"first-line": {"completed": True, "stars": 3}}}


def as_a_player() -> list[str]:
    """What runs a command with file permissions in force: nothing for a player; as root,
    `setpriv` without the powers to read and write past them."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root, and no setpriv to play as a player")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def linked_file(tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "data"
    data.mkdir()
    (data / "progress.json").symlink_to(tmp_path / "unplugged" / "progress.json")
    return data, f"{data / 'progress.json'}: a link to {tmp_path / 'unplugged' / 'progress.json'}"


def linked_through_a_file(tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "data"
    data.mkdir()
    (tmp_path / "notes").write_text("a file")
    (data / "progress.json").symlink_to(tmp_path / "notes" / "progress.json")
    link = f"a link to {tmp_path / 'notes' / 'progress.json'}, whose folder can't be: "
    return data, f"{data / 'progress.json'}: {link}{tmp_path / 'notes'} is a file"


def linked_folder(tmp_path: Path, deeper: str = "") -> tuple[Path, str]:
    (tmp_path / "data").symlink_to(tmp_path / "unplugged")
    said = f"{tmp_path / 'data'}: a link to {tmp_path / 'unplugged'}, which does not exist"
    return tmp_path / "data" / deeper, said


def unreadable(tmp_path: Path, owner: int | None = None) -> tuple[Path, str]:
    data = tmp_path / "data"
    data.mkdir()
    (data / "progress.json").write_text(json.dumps(STARS))
    if owner is not None:
        os.chown(data / "progress.json", owner, owner)
    (data / "progress.json").chmod(0 if owner is None else 0o600)
    return data, f"{data / 'progress.json'}: can't be read ("


def linked_read_only(tmp_path: Path) -> tuple[Path, str]:
    data, locked = tmp_path / "data", tmp_path / "locked"
    data.mkdir()
    locked.mkdir()
    (locked / "progress.json").write_text(json.dumps(STARS))
    locked.chmod(0o555)
    (data / "progress.json").symlink_to(locked / "progress.json")
    link = f"{data / 'progress.json'}: a link to {locked / 'progress.json'}"
    return data, f"{link}; {locked}: can't keep progress there: you may not write in it"


def read_only(tmp_path: Path, deeper: str = "") -> tuple[Path, str]:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o555)
    said = f"{data}: can't keep progress there" if not deeper else f"{data / deeper}: can't be made"
    return data / deeper, said


REFUSED: dict[str, tuple[Callable[[Path], tuple[Path, str]], str]] = {
    # name: (the obstacle made in tmp_path: the --data-dir and the line's start, what to do)
    "progress.json links into a folder that is gone": (linked_file, "make that folder"),
    "the data folder links to a folder that is gone": (linked_folder, "make that folder"),
    "progress.json links into a file": (linked_through_a_file, "move that out of the way"),
    "a folder on the way links nowhere": (
        lambda tmp: linked_folder(tmp, "deeper"),
        "make that folder",
    ),
    "progress.json the player may not read": (unreadable, "chmod u+rw"),
    "progress.json links into a folder the player may not write in": (
        linked_read_only,
        "make that folder writable, or point the link at another",
    ),
    "progress.json another user's": (lambda tmp: unreadable(tmp, 65534), "chown"),
    "a data folder the player may not write in": (read_only, "(from --data-dir)"),
    "a data folder to be made where the player may not write": (
        lambda tmp: read_only(tmp, "deeper"),
        "(from --data-dir)",
    ),
}


@pytest.mark.parametrize("obstacle", REFUSED, ids=REFUSED.keys())
def test_a_save_path_that_cannot_be_used_is_refused_at_start_in_one_line(
    tmp_path: Path, obstacle: str
) -> None:
    make, what_to_do = REFUSED[obstacle]
    folder, said = make(tmp_path)
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    argv = [sys.executable, "-m", "dartfit", "--data-dir", str(folder), "play", "1"]
    done = subprocess.run(
        [*as_a_player(), *argv],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    lines = done.stderr.splitlines()
    assert done.returncode == 2 and len(lines) == 1, done.stderr
    assert lines[0].startswith(f"dartfit: {said}"), lines[0]
    assert what_to_do in lines[0] and "File exists" not in lines[0], lines[0]
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before  # nothing made or moved


def link_into_a_gone_folder(progress: Path) -> Callable[[Path], bool]:
    """Make progress.json a link into a folder that is not there (a disk unplugged)."""
    target = progress.parent.parent / "unplugged" / "progress.json"
    progress.symlink_to(target)
    return lambda aside: aside.is_symlink() and aside.readlink() == target


def a_file_the_player_may_not_read(progress: Path) -> Callable[[Path], bool]:
    """Write a save with a star and take its read permission away."""
    progress.write_text(json.dumps(STARS))
    progress.chmod(0)
    return lambda aside: aside.stat().st_size == len(json.dumps(STARS))


MET_IN_PLAY = {
    "a link into a folder that is gone": link_into_a_gone_folder,
    "a file the player may not read": a_file_the_player_may_not_read,
}


@pytest.mark.parametrize("obstacle", MET_IN_PLAY, ids=MET_IN_PLAY.keys())
def test_a_save_path_broken_during_play_keeps_the_win(tmp_path: Path, obstacle: str) -> None:
    """Met after the start (a disk unplugged, a `sudo dartfit` in another window), the win
    was "not saved" and lost at ctrl+q (status 3). The thing in the save's place is set aside
    as it is and the win saved."""
    data = tmp_path / "data"
    data.mkdir()
    argv = [*as_a_player(), sys.executable, "-m", "dartfit", "--data-dir", str(data)]
    with Terminal([*argv, "play", "first-throw"], 80, 24, env=_env(), cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        kept_aside = MET_IN_PLAY[obstacle](data / "progress.json")
        term.send(b"   ")  # three throws at the bull win the first level
        assert term.wait_for("Level complete", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"\x11")
        status = term.wait_exit(30.0)
        output = text_of(bytes(term.output))
    assert status == 0 and "not saved" not in output, output[-600:]
    saved = json.loads((data / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"]["first-throw"]["stars"] >= 1
    (aside,) = data.glob("progress.json.corrupt-*")
    assert kept_aside(aside)


def _replaced_by_a_file(data: Path) -> Callable[[], None]:
    shutil.rmtree(data)
    data.write_text("not a folder")

    def mend() -> None:
        data.unlink()
        data.mkdir()

    return mend


def _made_read_only(data: Path, mode: int = 0o555) -> Callable[[], None]:
    data.chmod(mode)
    return lambda: data.chmod(0o755)


def _swapped_to_a_read_only_folder(data: Path) -> Callable[[], None]:
    """The data folder is a link, turned mid-game to a folder the player may not write in."""
    real, locked = data.parent / "real", data.parent / "locked"
    locked.mkdir(mode=0o555)
    swap = data.parent / "swap"
    swap.symlink_to(locked)
    os.replace(swap, data)

    def mend() -> None:
        swap.symlink_to(real)
        os.replace(swap, data)

    return mend


def _linked_into_a_read_only_folder(data: Path) -> Callable[[], None]:
    """progress.json is a link, turned mid-game into a folder the player may not write in."""
    real = os.readlink(data / "progress.json")
    locked = data.parent / "locked"
    locked.mkdir(mode=0o555)
    swap = data / "swap"
    swap.symlink_to(locked / "progress.json")
    os.replace(swap, data / "progress.json")

    def mend() -> None:
        swap.symlink_to(real)
        os.replace(swap, data / "progress.json")

    return mend


BROKEN_IN_PLAY: dict[str, Callable[[Path], Callable[[], None]]] = {
    # name: break the data folder mid-game, and return what mends it
    "made read-only": _made_read_only,
    "its permissions taken away": lambda data: _made_read_only(data, 0),
    "removed and replaced by a file": _replaced_by_a_file,
    "a linked folder swapped for a read-only one": _swapped_to_a_read_only_folder,
    "progress.json's link turned into a read-only folder": _linked_into_a_read_only_folder,
}


@pytest.mark.parametrize("breaks", BROKEN_IN_PLAY, ids=BROKEN_IN_PLAY.keys())
def test_a_data_folder_broken_during_play_keeps_the_win_elsewhere_until_mended(
    tmp_path: Path, breaks: str
) -> None:
    """A folder that stopped being usable mid-game lost the win: status 3, with a true
    reason. The win is kept in the cache folder, the player told where in one line (on the
    screen, and after the game), the game plays on and ends with 0; the next start with the
    folder mended adds it to progress.json and forgets the copy."""
    tmp_path.chmod(0o777)  # the player may make and remove things here (root's tmp_path)
    data = tmp_path / "data"
    if breaks.startswith("a linked folder"):
        (tmp_path / "real").mkdir()
        data.symlink_to(tmp_path / "real")
    else:
        data.mkdir()
    if breaks.startswith("progress.json's link"):
        (tmp_path / "real").mkdir()
        (data / "progress.json").symlink_to(tmp_path / "real" / "progress.json")
    (data / "progress.json").write_text(json.dumps(STARS))  # an earlier win
    env = _env() | {"DARTFIT_CACHE_DIR": str(tmp_path / "cache")}
    argv = [*as_a_player(), sys.executable, "-m", "dartfit", "--data-dir", str(data)]
    with Terminal([*argv, "play", "first-throw"], 80, 24, env=env, cwd=REPO) as term:
        assert term.wait_for("Hint", 30.0), text_of(bytes(term.output))[-600:]
        mend = BROKEN_IN_PLAY[breaks](data)
        term.send(b"   ")  # three throws at the bull win the first level
        assert term.wait_for("meanwhile", 30.0), text_of(bytes(term.output))[-600:]
        assert term.wait_for("Level complete", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"\r")  # the game plays on: the next level
        assert term.wait_for("signed misses", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"\x11")
        status = term.wait_exit(30.0)
        output = text_of(bytes(term.output))
    (kept,) = (tmp_path / "cache" / "progress-kept-elsewhere").iterdir()
    said = output[output.rindex("dartfit: ") :].strip()
    assert status == 0 and "Traceback" not in output, output[-600:]
    assert said.startswith(f"dartfit: {data / 'progress.json'} not saved: "), said
    assert f"kept in {kept} meanwhile, and added to progress.json" in said, said
    if breaks.startswith("progress.json's link"):  # the folder it leads into, named
        assert f"not saved: {tmp_path / 'locked'}: can't keep progress there" in said, said
    assert json.loads(kept.read_text())["levels"]["first-throw"]["stars"] >= 1
    refused = subprocess.run(  # started again before it is mended: refused, the copy named
        [*argv, "play", "1"], capture_output=True, text=True, env=env, cwd=REPO, timeout=60
    )
    assert refused.returncode == 2 and f"is kept in {kept}" in refused.stderr, refused.stderr
    mend()
    with Terminal([*argv, "play", "1"], 80, 24, env=env, cwd=REPO) as term:
        assert term.wait_for("added the progress kept", 30.0), text_of(bytes(term.output))[-600:]
        term.send(b"\x11")
        assert term.wait_exit(30.0) == 0
    saved = json.loads((data / "progress.json").read_text(encoding="utf-8"))
    assert saved["levels"]["first-throw"]["stars"] >= 1  # this game's win
    assert saved["levels"]["first-line"]["stars"] == 3  # and the one before
    assert not kept.exists()
