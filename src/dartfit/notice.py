"""A one-line notice for a player's game from outside it (a class host: "you have been idle",
or a teacher's message): written to a file in the player's folder, then SIGUSR1 tells the
game to take it and show it. Only the newest notice counts; it is read once and removed."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from dartfit.printable import escaped

NOTICE_FILE = "notice.txt"
MAX_CHARS = 300


def write_notice(folder: Path, text: str, title: str = "dartfit host") -> None:
    """Leave a notice for the player's game (replacing any not yet shown)."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{NOTICE_FILE}.{os.getpid()}"
    temporary.write_text(f"{_line(title)}\n{text[:MAX_CHARS]}", encoding="utf-8")
    temporary.replace(folder / NOTICE_FILE)


def _line(text: str) -> str:
    return escaped(" ".join(text.split())[:MAX_CHARS])


def take_notice(folder: Path) -> tuple[str, str] | None:
    """The notice left for the player, as a title and one clean line (and remove it)."""
    path = folder / NOTICE_FILE
    try:
        if not path.is_file():
            return None
        with path.open("rb") as stream:
            raw = stream.read(4 * MAX_CHARS)
    except OSError:
        return None
    with contextlib.suppress(OSError):
        path.unlink()
    title, _, text = raw.decode("utf-8", "replace").partition("\n")
    return (_line(title) or "dartfit host", _line(text)) if _line(text) else None
