"""What a paste costs the game: a marker looked for across reads, and text pasted without
a paste's marks told from typing, one read at a time and at the cost of a few searches of
each read, never a step per character: the game has no use for a flood of keys, and each
character of one was a key for Textual to read and the game to take (300 KB of them, read
a few hundred characters at a time, kept it busy for a minute). No Textual here: the class
host's own paste guard uses it too."""

from __future__ import annotations

import re
from typing import AnyStr

PLAIN_RUN = 256
"""Characters of plain text past which a burst is text pasted into the game: no typist, key
repeat or terminal sends so many keys of text without a pause."""
TYPING_RATE = 100.0
"""Plain characters a second that never make a flood, however long they go on: faster than
any typist or key repeat (a held key repeats 30 times a second, or 60)."""
FLOOD_PAUSE = 0.2
"""Seconds without input that end a flood: the keys typed after it are keys again."""

_PLAIN_CHARACTER = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # no control key but \t \n \r
_SEQUENCE = r"\x1b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?"  # an escape sequence (or a lone ESC)
_SEQUENCE_OR_TEXT = re.compile(rf"({_SEQUENCE})|{_PLAIN_CHARACTER}+", re.DOTALL)
_TEXT = re.compile(rf"{_SEQUENCE}|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]+", re.DOTALL)


def may_begin(data: AnyStr, marker: AnyStr) -> int:
    """How many characters (or bytes) at the end of `data` could begin `marker`."""
    for keep in range(min(len(marker) - 1, len(data)), 0, -1):
        if marker.startswith(data[-keep:]):
            return keep
    return 0


def _sequences_only(found: re.Match[str]) -> str:
    return found.group(1) or ""


def without_text(data: str) -> str:
    """`data` with its plain text taken out: its escape sequences (keys, mouse and focus
    reports) and control keys (ctrl+q, ctrl+c) are kept."""
    return _SEQUENCE_OR_TEXT.sub(_sequences_only, data)


class FloodGate:
    """Feed it each read (with the time it came, and whether to look at it at all); it says
    what of it is typed. Plain text (letters, digits, spaces, tabs, line ends) is typed up
    to a budget of `PLAIN_RUN` characters, refilled at `TYPING_RATE` a second and whole
    after a pause of `FLOOD_PAUSE`. A read that overdraws it is a flood: its plain text,
    and all that comes until such a pause, is dropped; escape sequences and control keys
    pass all the while, so ctrl+q, an arrow or a click in a flood is still taken.

    A budget over the reads, not a size of one read: a paste read a few hundred characters
    at a time (a terminal that sends it as the game reads, a multiplexer) was all keys."""

    def __init__(self) -> None:
        self._budget = float(PLAIN_RUN)
        self._last = float("-inf")  # when the read before came
        self.flooding = False

    def typed(self, data: str, now: float) -> str:
        """What of this read is typed (all of it, or its escape sequences and control keys)."""
        quiet, self._last = now - self._last, now
        if quiet >= FLOOD_PAUSE:
            self.flooding, self._budget = False, float(PLAIN_RUN)
        else:
            self._budget = min(float(PLAIN_RUN), self._budget + quiet * TYPING_RATE)
        if not self.flooding:
            plain = len(_TEXT.sub("", data))
            if plain <= self._budget:
                self._budget -= plain
                return data
            self.flooding, self._budget = True, 0.0
        return without_text(data)
