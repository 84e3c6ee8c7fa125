"""A folder on the way that may not be searched (under another user's home, mode 700) is
said in the line that names it, never as "[Errno 13]": Path.is_dir, is_file and exists
raise PermissionError there, and three places asked them before anything could say why.

The suite runs as root, whom permissions do not stop, so the system's answer is played by
`os.stat` and `os.open` refusing every path under the locked folder (as they do for any
other user)."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from dartfit.cli import main
from dartfit.progress.elsewhere import Elsewhere
from dartfit.progress.obstacles import file_in_the_way
from tests.conftest import SHIPPED


@pytest.fixture
def locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder whose insides may not be looked at: itself can be, nothing under it."""
    folder = tmp_path / "locked"
    (folder / "sub").mkdir(parents=True)
    stat, open_ = os.stat, os.open

    def refused(path: Any) -> None:
        where = None if isinstance(path, int) else Path(os.fsdecode(path))  # an int: an fd
        if where is not None and where != folder and where.is_relative_to(folder):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(where))

    def fake_stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        refused(path)
        return stat(path, *args, **kwargs)

    def fake_open(path: Any, *args: Any, **kwargs: Any) -> int:
        refused(path)
        return open_(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", fake_stat)
    monkeypatch.setattr(os, "open", fake_open)
    return folder


@pytest.mark.parametrize("command", ["export", "solve", "play"])
def test_a_level_file_in_a_folder_that_may_not_be_searched_is_named(
    locked: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """`dartfit export /root/x/ramp.toml` said "[Errno 13] Permission denied: '…'"."""
    level = locked / "sub" / "ramp.toml"
    assert main([command, str(level)]) == 2
    said = capsys.readouterr().err
    assert said == f"dartfit: {level}: can't read: Permission denied\n"


def test_a_cache_folder_that_may_not_be_searched_holds_nothing_kept(
    locked: Path, tmp_path: Path
) -> None:
    """A cache folder under another user's home (XDG_CACHE_HOME) ended `dartfit play` with
    "[Errno 13]" as it looked for progress kept there: nothing is kept where none can look."""
    assert Elsewhere(tmp_path / "data", cache=locked / "sub").held() is None


def test_a_progress_link_into_a_folder_that_may_not_be_searched_names_that_folder(
    locked: Path, tmp_path: Path
) -> None:
    """progress.json linked under another user's home: "[Errno 13] Permission denied", and
    no word of the link. It is named, with the folder that stops it and what to do."""
    link = tmp_path / "progress.json"
    link.symlink_to(locked / "sub" / "deeper" / "progress.json")
    said = file_in_the_way(link)
    assert said is not None
    assert said.startswith(f"{link}: a link to {locked}/sub/deeper/progress.json; ")
    assert f"{locked}/sub: can't keep progress there: Permission denied" in said


def test_a_shipped_level_is_still_found_by_its_file_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The look that no longer raises still finds a level file given by its name."""
    assert main(["export", str(SHIPPED / "05-first-line.toml")]) == 0
    assert capsys.readouterr().out.startswith("x,y\n")
