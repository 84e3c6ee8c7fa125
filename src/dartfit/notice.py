"""Notices for a player's game from outside it (a class host): a message ("you have been
idle", a teacher's words), "eyes on the teacher" and back, "the class's settings have
changed", or "show the teacher your screen". Each is a small JSON file in the player's
folder; SIGUSR1 tells the game to take them, oldest first. A notice is read once and
removed; one that can't be read is dropped.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from dartfit.printable import escaped

PREFIX = "notice-"
MAX_CHARS = 300
MAX_BYTES = 4096
SCREENSHOT = "screen.svg"
MAX_WAITING = 50  # notices kept for a game that does not take them (the oldest go first)


@dataclass(frozen=True)
class Notice:
    """What the host asks of the game: show a message, pause or play on, or read the
    class's settings again."""

    title: str = ""
    text: str = ""
    pause: bool | None = None
    reload: bool = False
    screenshot: bool = False  # save what the screen shows as SCREENSHOT in the folder


def _line(text: object) -> str:
    return escaped(" ".join(str(text).split())[:MAX_CHARS])


def notice_folder(player_folder: Path, pid: int) -> Path:
    """Where one game's notices go: a folder per game process, so two windows of the same
    student each get theirs (and each saves its own picture of its screen)."""
    return player_folder / f"game-{pid}"


def write_notice(folder: Path, notice: Notice) -> None:
    """Leave a notice for the player's game."""
    folder.mkdir(parents=True, exist_ok=True)
    document: dict[str, object] = {"title": notice.title, "text": notice.text[:MAX_CHARS]}
    if notice.pause is not None:
        document["pause"] = notice.pause
    if notice.reload:
        document["reload"] = True
    if notice.screenshot:
        document["screenshot"] = True
    name = f"{PREFIX}{time.time_ns():020d}-{os.getpid()}.json"
    temporary = folder / f".{name}"
    temporary.write_text(json.dumps(document), encoding="utf-8")
    temporary.replace(folder / name)
    for stale in sorted(folder.glob(f"{PREFIX}*.json"))[:-MAX_WAITING]:
        with contextlib.suppress(OSError):
            stale.unlink()


def _read(path: Path) -> Notice | None:
    try:
        if not path.is_file():
            return None
        with path.open("rb") as stream:
            document = json.loads(stream.read(MAX_BYTES))
    except (OSError, ValueError):
        return None
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
    if not isinstance(document, dict):
        return None
    pause = document.get("pause")
    return Notice(
        title=_line(document.get("title", "")),
        text=_line(document.get("text", "")),
        pause=pause if isinstance(pause, bool) else None,
        reload=document.get("reload") is True,
        screenshot=document.get("screenshot") is True,
    )


def take_notices(folder: Path) -> list[Notice]:
    """The notices left for the player, oldest first (each is removed as it is read)."""
    try:
        paths = sorted(folder.glob(f"{PREFIX}*.json"))
    except OSError:
        return []
    return [notice for path in paths if (notice := _read(path)) is not None]
