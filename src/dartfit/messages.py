"""The app-wide messages: requests any screen may post up to the app.

Small dataclass messages in one place, so a screen that asks for a lesson need not import
the lesson screen. Textual routes a message to ``on_<its class name in snake case>``
(``OpenLevel`` to ``DartfitApp.on_open_level``): renaming a class renames its handler.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.message_pump import MessagePump
from textual.notifications import SeverityLevel

if TYPE_CHECKING:
    from dartfit.levels import Level
    from dartfit.notice import Notice


@dataclass
class OpenLevel(Message):
    """Ask the app to play a level (posted by a lesson)."""

    level: Level


@dataclass
class HintShown(Message):
    """A level showed a hint (for a class's board: many hints on a level not won)."""

    level_id: str


@dataclass
class OpenLesson(Message):
    """Ask the app to show the lesson of a concept (posted by any screen)."""

    concept: str


class StoreAnswered(Message):
    """The progress store answered a call made on its thread (posted from that thread: a
    message is the thread-safe way into the app)."""


class Said(Message):
    """Words for the player from a thread of the game's own (a screenshot written, a level
    of one's own checked): posted, as a message is the thread-safe way into the app, and
    said by the app as a notification."""

    def __init__(self, message: str, title: str, severity: SeverityLevel, timeout: float) -> None:
        super().__init__()
        self.message, self.title, self.severity, self.timeout = message, title, severity, timeout


class Judged(Message):
    """`dartfit check`'s verdict on a level of the player's own, from the checks' thread:
    why it refuses the level (None: it does not)."""

    def __init__(self, level_id: str, refused: str | None) -> None:
        super().__init__()
        self.level_id, self.refused = level_id, refused


class NoticesTaken(Message):
    """The notices a class host left for the player, read on a thread of the game's own
    (posted from it: see `Said`), to be acted on in the order they were left."""

    def __init__(self, notices: tuple[Notice, ...]) -> None:
        super().__init__()
        self.notices = notices


def post_from_thread(pump: MessagePump, message: Message) -> None:
    """Post `message` to `pump` from a thread of the game's own (a message is the thread-safe
    way in); nothing when the game's loop has closed meanwhile (posting raised in the
    thread's callback, and its traceback went over the shell). Any other error is raised."""
    try:
        pump.post_message(message)
    except RuntimeError as error:
        if "closed" not in str(error):  # asyncio's "Event loop is closed"
            raise


def event_clock() -> float:
    """Now, on the clock Textual stamps each event with (`Message.time`): a key whose time
    is older than a question's was typed before the question was on screen."""
    return Message().time
