"""Where progress can't be kept as it is asked to be, no win is lost: `dartfit` refuses to
start in one line naming the place and what to do (status 2). Each played on and lost the
win at the end (status 3), or gave a false reason ("File exists"). Run as a player: root
reads and writes anything, so as root without the powers that pass permissions by."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_win_survives_endings import REPO, _env

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


def as_a_player() -> list[str]:
    """What runs a command with file permissions in force: nothing for a player; as root,
    `setpriv` without the powers to read and write past them."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root, and no setpriv to play as a player")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search"]


def linked_folder(tmp_path: Path, deeper: str = "") -> tuple[Path, str]:
    (tmp_path / "data").symlink_to(tmp_path / "unplugged")
    said = f"{tmp_path / 'data'} links to {tmp_path / 'unplugged'}, which does not exist"
    return tmp_path / "data" / deeper, said


def read_only(tmp_path: Path, deeper: str = "") -> tuple[Path, str]:
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o555)
    said = f"{data}: can't keep progress there" if not deeper else f"{data / deeper} can't be made"
    return data / deeper, said


REFUSED: dict[str, tuple[Callable[[Path], tuple[Path, str]], str]] = {
    # name: (the obstacle made in tmp_path: the --data-dir and the line's start, what to do)
    "the data folder links to a folder that is gone": (linked_folder, "make that folder"),
    "a folder on the way links nowhere": (
        lambda tmp: linked_folder(tmp, "deeper"),
        "make that folder",
    ),
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
