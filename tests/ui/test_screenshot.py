"""ctrl+p → Screenshot: saved where the player can find it, and the full path said."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import platformdirs
import pytest

from dartfit.app import make_app
from dartfit.toasts import broken_at_separators, toast_width
from tests.conftest import SHIPPED
from tests.ui.typing import settled

AT_80 = toast_width(80)


def _said(app) -> list[str]:
    return [n.message for n in app._notifications]


async def _screenshot_from_the_palette(pilot) -> None:
    """Choose Screenshot in the command palette, then wait (boundedly) until it is saved."""
    await pilot.press("ctrl+p", *"screenshot", "enter")
    await settled(pilot, lambda: any("creenshot" in n.title for n in pilot.app._notifications))


def _unsearchable(monkeypatch, folder: Path) -> None:
    """`os.stat` refuses every path under `folder`, as the system does for a folder that may
    not be searched (the suite runs as root, whom permissions do not stop)."""
    real = os.stat

    def refused(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not isinstance(path, int) and Path(os.fsdecode(path)).is_relative_to(folder):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", refused)


@pytest.mark.parametrize("downloads", ["missing", "there", "unsearchable", "unwritable"])
async def test_a_screenshot_is_saved_and_its_full_path_said(
    tmp_path: Path, monkeypatch, downloads: str
) -> None:
    """Saved in Downloads when it can be, else in the player's folder, and said: a Downloads
    under a folder that may not be searched (Path.is_dir raises there) or one that can't be
    written in failed the screenshot, where a missing one fell back."""
    locked = tmp_path / "locked"
    folder = locked / "Downloads"
    if downloads != "missing":
        folder.mkdir(parents=True)
    if downloads == "unsearchable":
        _unsearchable(monkeypatch, locked)
    if downloads == "unwritable":  # read-only: its files can't be made
        real = Path.write_text

        def read_only(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self.is_relative_to(folder):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Path, "write_text", read_only)
    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: folder)
    data = tmp_path / "not-made-yet" / "data"
    app = make_app(SHIPPED, data)
    async with app.run_test(size=(80, 24)) as pilot:
        await _screenshot_from_the_palette(pilot)
        said = _said(app)
    folder = folder if downloads == "there" else data
    svgs = list(folder.glob("*.svg"))
    assert len(svgs) == 1 and svgs[0].read_text(encoding="utf-8").startswith("<svg")
    # laid out for the toast: a long path broken after a "/" (see test_toast_paths)
    assert broken_at_separators(f"{svgs[0].name}\nsaved in {folder}", AT_80) in said, said
    # the name whole on a row of the toast at 80 columns (Textual's had folded across two)
    assert len(svgs[0].name) <= AT_80 and svgs[0].name.startswith("dartfit_")


async def test_two_screenshots_in_one_second_are_two_files(tmp_path: Path) -> None:
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        folder = tmp_path / "shots"
        for _ in range(3):
            app.deliver_screenshot(path=str(folder))
        await settled(pilot, lambda: len(_said(app)) == 3)
    assert len(list(folder.glob("*.svg"))) == 3


async def test_a_screenshot_that_cannot_be_saved_says_why(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "Downloads")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = make_app(SHIPPED, blocker / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        await _screenshot_from_the_palette(pilot)
        said = _said(app)
    failed = [m for m in said if m.startswith("Could not save the screenshot")]
    why = f"Could not save the screenshot in {blocker / 'data'}: Not a directory"
    assert failed == [broken_at_separators(why, AT_80)]


async def test_screenshots_in_the_players_folder_stop_at_a_limit(tmp_path: Path) -> None:
    """A class host's disk is shared: one student can't fill it with screenshots."""
    from dartfit.app import MAX_SCREENSHOTS

    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        folder = app.store.folder
        for n in range(MAX_SCREENSHOTS):
            (folder / f"shot-{n}.svg").write_text("<svg/>", encoding="utf-8")
        app.deliver_screenshot(path=str(folder))
        await settled(pilot, lambda: bool(_said(app)))
        assert len(list(folder.glob("*.svg"))) == MAX_SCREENSHOTS


async def test_a_screenshot_whose_disk_stalls_never_holds_the_game(
    tmp_path: Path, monkeypatch
) -> None:
    """The file is written on a thread of its own: on a disk that stopped answering the
    write held the game for ever. Keys go on being answered; the path is said once written."""
    import threading

    released = threading.Event()
    real = Path.mkdir

    def stalled(self: Path, *args: object, **kwargs: object) -> None:
        if self.name == "shots":
            released.wait(10)
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", stalled)
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.deliver_screenshot(path=str(tmp_path / "shots"))
        await pilot.press("enter")  # the title's enter: the level list opens meanwhile
        await settled(pilot, lambda: type(app.screen).__name__ == "LevelSelectScreen")
        assert not released.is_set() and _said(app) == []
        released.set()
        await settled(pilot, lambda: bool(_said(app)))
    assert "saved in" in _said(app)[0] and len(list((tmp_path / "shots").glob("*.svg"))) == 1


async def test_a_screenshot_written_before_its_callback_is_set_is_still_said(
    tmp_path: Path, monkeypatch
) -> None:
    """When the files' thread wins the race, the callback runs on the game's own thread,
    where call_from_thread refused, and the path went unsaid (a review)."""
    from dartfit.steady.in_turn import InTurn

    real = InTurn.submit

    def finished_first(self: InTurn, call):  # type: ignore[no-untyped-def]
        future = real(self, call)
        future.result(10)
        return future

    monkeypatch.setattr(InTurn, "submit", finished_first)
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.deliver_screenshot(path=str(tmp_path / "shots"))
        await settled(pilot, lambda: bool(_said(app)))
    assert "saved in" in _said(app)[0]


def test_a_screenshot_appears_whole_or_not_at_all(tmp_path: Path, monkeypatch) -> None:
    """The teacher's board reads a student's picture the moment the file is there, and the
    suite once read it empty: the file was made first and filled after. Written beside it
    and renamed, the name never holds part of a picture, and nothing else is left behind."""
    from dartfit.app import _write_shot

    picture = "<svg>" + "x" * 100_000 + "</svg>"
    seen: list[str] = []
    real = Path.write_text

    def write_text(self: Path, data: str, *args: object, **kwargs: object) -> int:
        shot = tmp_path / "screen.svg"
        seen.append(shot.read_text(encoding="utf-8") if shot.exists() else "")
        written = real(self, data[: len(data) // 2], *args, **kwargs)  # type: ignore[arg-type]
        seen.append(shot.read_text(encoding="utf-8") if shot.exists() else "")
        return written + real(self, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", write_text)
    severity, _ = _write_shot(picture, "screen.svg", str(tmp_path), tmp_path)
    assert severity == "information"
    assert seen and all(text in ("", picture) for text in seen)  # never a part
    assert [p.name for p in tmp_path.iterdir()] == ["screen.svg"]
    assert (tmp_path / "screen.svg").read_text(encoding="utf-8") == picture
