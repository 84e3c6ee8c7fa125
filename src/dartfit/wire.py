"""What goes on the wire: each frame Textual writes, cut down to the cells that change.

Textual repaints a dirty span of a row from the left edge of the widget it is in, and wraps
every segment in its own colour code and a reset. `Wire` keeps a model of what the terminal
shows (each cell's character and colour code) and rewrites a frame to the cells that differ
from it: one cursor move per run of changed cells, a colour code only where the colour
changes. What the terminal shows afterwards is the same as if the whole frame had been sent
(property-tested against an independent terminal emulator).

Only frames made of what Textual's compositor writes are rewritten: cursor moves, colour
codes, printable text and the newlines between rows. Anything else (the alternate screen,
a clear, a title, a link) is sent as it is and the model is forgotten, so the next frames
are sent whole until they have taught it the screen again; so is text whose width is not
one cell per character (a wide or combining character). The app forgets the model on a
resize and whenever the application mode starts again (after a suspend), since the terminal
may have changed the screen itself, and on ctrl+l, which sends the whole screen again over
anything another program wrote on it. Each frame ends in the terminal's own colours, as
whole frames do, so such writing (or a shell after a game killed outright) is in them too.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from rich.cells import cell_len

_TEXT = r"[^\x00-\x1f\x7f-\x9f\u00ad\u0300-\u036f\u200b-\u200f\u2028-\u202e\u2060-\u206f]+"
TOKEN = re.compile(
    rf"\x1b\[([0-9;:]*)m({_TEXT})\x1b\[0m"  # 1, 2: a segment: its colour, text and reset
    r"|\x1b\[(\d+);(\d+)H"  # 3, 4: a cursor move (row; column, from 1)
    r"|\x1b\[([0-9;:]*)m"  # 5: a colour code
    r"|(\n)"  # 6: a newline between rows (every row starts with a move)
    rf"|({_TEXT})"  # 7: text
    r"|(.)",  # 8: anything else
    re.DOTALL,
)
"""A frame's tokens. Textual writes each segment as its colour code, its text and a reset:
one token for the three (a third of the matches to work through in Python)."""
# writes that change no cell (synchronized output on and off, the cursor hidden or shown)
NEUTRAL = frozenset({"\x1b[?2026h", "\x1b[?2026l", "\x1b[?25l", "\x1b[?25h", ""})
RESET = "\x1b[0m"
FRAME_START = re.compile(r"\x1b\[\d+;\d+H")
"""How a frame Textual's compositor writes starts: a move of the cursor."""
ROW_START = re.compile(r"\x1b\[(\d+);1H")
"""A move to the start of a row (its number, from 1)."""
D = TypeVar("D")


_ONE_CELL: set[str] = set()
"""The characters seen so far that take one cell each (box drawing, braille, •, −, …)."""


RUNS_KEPT = 1024
"""Runs of text whose width and looks are kept (`_width`, `_looks`): each holds its text and a
list of its cells. 4,096 of each were 2 MB of a line level's memory after three play paths
(114 keys at 120×40), and grew with play; 1,024 missed about 7 more of the ~180 runs a key reads."""


@lru_cache(maxsize=RUNS_KEPT)
def _width(text: str) -> int:
    """How many cells `text` takes when every character takes one (-1 otherwise: a wide
    East Asian character or emoji takes two, a combining mark none, and a wide one beside a
    combining one would add up to one a character while neither is). Each character is
    measured once: a frame's runs of box drawing and braille had been measured a character
    at a time, a fifth of the wire's time."""
    if text.isascii():
        return len(text)
    new = set(text) - _ONE_CELL
    if any(cell_len(ch) != 1 for ch in new):
        return -1
    _ONE_CELL.update(new)
    return len(text)


def colour(code: str) -> str:
    """The colour code that sets exactly `code` (attributes after a reset)."""
    return f"\x1b[0;{code}m" if code else RESET


# what turns an attribute off (22 turns off bold and faint alike, 24 both underlines, ...)
OFF = {
    "1": "22",
    "2": "22",
    "3": "23",
    "4": "24",
    "21": "24",
    "5": "25",
    "6": "25",
    "7": "27",
    "8": "28",
    "9": "29",
    "51": "54",
    "52": "54",
    "53": "55",
}
_FOREGROUND = {str(n) for n in (*range(30, 38), *range(90, 98))}
_BACKGROUND = {str(n) for n in (*range(40, 48), *range(100, 108))}


@dataclass(frozen=True)
class Look:
    """A colour code read: its foreground, its background ("" for the terminal's own) and
    its attributes (bold, underline, ...)."""

    fg: str
    bg: str
    flags: frozenset[str]


@lru_cache(maxsize=4096)
def look(code: str) -> Look | None:
    """What a colour code sets, after a reset; None when it holds what this does not know."""
    fg = bg = ""
    flags: set[str] = set()
    params = code.split(";") if code else []
    i = 0
    while i < len(params):
        p = params[i]
        if p in ("38", "48"):
            kind = params[i + 1] if i + 1 < len(params) else ""
            size = {"5": 3, "2": 5}.get(kind, 0)
            if not size or i + size > len(params):
                return None
            value = ";".join(params[i : i + size])
            fg, bg = (value, bg) if p == "38" else (fg, value)
            i += size
            continue
        if p in _FOREGROUND or p == "39":
            fg = "" if p == "39" else p
        elif p in _BACKGROUND or p == "49":
            bg = "" if p == "49" else p
        elif p in OFF:
            flags.add(p)
        elif p in ("0", ""):
            fg, bg = "", ""
            flags.clear()
        else:
            return None
        i += 1
    return Look(fg, bg, frozenset(flags))


@lru_cache(maxsize=4096)
def change(old: str | None, new: str) -> str:
    """The shortest colour code that takes the terminal from `old` (None: unknown) to `new`:
    what differs, or a reset and all of `new`."""
    whole = colour(new)
    before, after = (look(old), look(new)) if old is not None else (None, None)
    if before is None or after is None:
        return whole
    removed = before.flags - after.flags
    offs = {OFF[flag] for flag in removed}
    # an off code may take another attribute with it (22: bold and faint): put it back
    added = (after.flags - before.flags) | {f for f in after.flags if OFF[f] in offs}
    params = sorted(offs, key=int) + sorted(added, key=int)
    if before.fg != after.fg:
        params.append(after.fg or "39")
    if before.bg != after.bg:
        params.append(after.bg or "49")
    delta = f"\x1b[{';'.join(params)}m" if params else ""
    return delta if len(delta) < len(whole) else whole


@lru_cache(maxsize=4096)
def ground(old: str, new: str) -> str:
    """The colour to send blanks in after `old` that shows them as `new` does: `old` with
    `new`'s background where that costs fewer bytes to change to (blanks show only their
    background: leaving a square for the chart's ground, a run of blanks had been sent with
    the ground's whole colour code, bold off and the grid's ink and all), else `new`."""
    before, after = look(old), look(new)
    if before is None or after is None:
        return new
    params = sorted(before.flags, key=int) + [part for part in (before.fg, after.bg) if part]
    mixed = ";".join(params)
    if blank(mixed) != blank(new) or len(change(old, mixed)) >= len(change(old, new)):
        return new
    return mixed


SHOWN_ON_BLANK = frozenset({"4", "21", "9", "53", "7"})  # underlines, strike, overline, reverse


@lru_cache(maxsize=4096)
def blank(code: str) -> str:
    """What a blank cell in colour `code` shows: its background (and lines drawn through it;
    with reverse, the foreground it turns into the background). Blanks that look alike are
    alike to the model, so a run of them needs no colour code of its own (bold, say)."""
    seen = look(code)
    if seen is None:
        return code
    drawn = ",".join(sorted(seen.flags & SHOWN_ON_BLANK))
    return f"\0{seen.bg}|{seen.fg if '7' in seen.flags else ''}|{drawn}"


@lru_cache(maxsize=RUNS_KEPT)
def _looks(text: str, code: str) -> list[str]:
    """What each cell of `text` in colour `code` shows, as the model keeps it (cached: most
    of a frame's runs were in the last one; the list is read, never changed)."""
    if " " not in text:
        return [code] * len(text)
    empty = blank(code)
    return [empty if ch == " " else code for ch in text]


GAP = 4  # unchanged cells sent again rather than stepped over: at most this many, and
# only when they take no more bytes than the step


def _move(row: Row, at: tuple[int, int] | None, y: int, x: int, code: str | None) -> str:
    """The shortest way to put the cursor at (x, y) from `at`: the few cells between sent
    again (when they are known and in the colour in force), a step right, or a move."""
    if at is not None and at[0] == y and at[1] < x:
        step = f"\x1b[{x - at[1]}C"
        between = row.chars[at[1] : x]
        if x - at[1] <= GAP and code is not None and None not in between:
            again = "".join(between)  # type: ignore[arg-type]
            if row.codes[at[1] : x] == _looks(again, code) and len(again.encode()) <= len(step):
                return again
        return step
    return f"\x1b[{y + 1};{x + 1}H"


def _changed(
    chars: list[str],
    looks: list[str],
    old_chars: list[str | None],
    old_looks: list[str | None],
    first: int,
    last: int,
) -> list[tuple[int, int]]:
    """The spans [a, b) of changed cells from `first` to `last` (both changed) of a run:
    the cells between two spans are the same on the screen, and `_move` steps over them or
    sends them again, whichever is shorter (a row of squares is one run, changed at a few
    edges: it had been sent whole from its first change to its last)."""
    spans: list[tuple[int, int]] = []
    start = first
    same = False
    for i in range(first + 1, last + 1):
        alike = chars[i] == old_chars[i] and looks[i] == old_looks[i]
        if alike and not same:
            spans.append((start, i))
        elif same and not alike:
            start = i
        same = alike
    spans.append((start, last + 1))
    return spans


@dataclass
class Row:
    """What the terminal shows on one row: characters and their looks (a colour code, or a
    blank's `blank` look), None where unknown."""

    chars: list[str | None] = field(default_factory=list)
    codes: list[str | None] = field(default_factory=list)

    def reach(self, end: int) -> None:
        if len(self.chars) < end:
            missing = end - len(self.chars)
            self.chars.extend([None] * missing)
            self.codes.extend([None] * missing)


_Run = tuple[int, int, str, str, int]
"""A run of text a frame writes: its row, column, text and colour code, and its width in
cells when every character takes one (−1 − cells otherwise). A tuple: a frame has
hundreds, and a dataclass's instances were a twentieth of the wire's time to make and read."""


class Wire:
    """The terminal's screen as the frames sent so far left it, and the rewriting of the
    next frame to what differs from it."""

    def __init__(self) -> None:
        self.rows: dict[int, Row] = {}
        self.code: str | None = None  # the colour in force after the last write (None: unknown)
        self.sent_whole = 0  # frames sent as they were (not understood), for tests
        self.held = False  # frames are not sent (`hold`)
        self.until_whole = 0  # while held: the rows of the whole frame that ends the hold
        self.dropped = 0  # frames not sent while held, for tests
        self.cursor: str | None = None  # the cursor move the last frame sent ended with

    def hold(self) -> None:
        """Send no frame until the hold ends: a screen laid out in turns is shown once,
        laid out. Each frame held back is dropped and the model left as the terminal still
        shows it, so the whole frame that ends the hold (`release_on_whole`) is cut down to
        the cells that changed while held. What is not a frame (modes, the cursor, a bell)
        is sent as ever."""
        self.held = True
        self.until_whole = 0

    def release_on_whole(self, rows: int) -> None:
        """End the hold with the first frame that draws every one of the screen's `rows`
        (a repaint of the whole screen, which the app asks for): the frames Textual writes
        before it in the same turn (the panel alone, laid out again) are held back too,
        since over the screen as held they would show a panel over a level not yet drawn
        in the room it leaves."""
        if self.held:
            self.until_whole = max(rows, 1)

    def _whole(self, data: str) -> bool:
        """Whether the frame `data` ends the hold: a frame that starts each of the screen's
        rows at its first column, once `release_on_whole` asked for one. (Any frame, even
        one the wire sends whole, such as one with a combining accent in ŷ: it is held back
        as well while held, and a whole one ends the hold.)"""
        if not self.until_whole:
            return False
        rows = {int(row) for row in ROW_START.findall(data)}
        return rows.issuperset(range(1, self.until_whole + 1))

    def release(self) -> None:
        """Send frames again, now (see `hold`): the caller sees that the whole screen is
        drawn again, or `forget`s the screen."""
        self.held = False
        self.until_whole = 0

    def forget(self) -> None:
        """Know nothing of the screen: the next frames are sent whole."""
        self.rows.clear()
        self.code = None
        self.cursor = None

    def trim(self, data: str) -> str:
        """The frame `data` cut down to the cells that change what the terminal shows."""
        if data in NEUTRAL:
            return data
        if self.held and FRAME_START.match(data):
            if not self._whole(data):
                self.dropped += 1
                return ""
            self.release()  # the whole screen: the hold ends with it
        parsed = _parse(data)
        if parsed is None:  # sent as it is, in the colours it expects (the terminal's own)
            reset = RESET if self.code != "" else ""
            self.forget()
            self.sent_whole += 1
            return reset + data
        runs, tail = parsed
        out: list[str] = []
        at: tuple[int, int] | None = None  # where the cursor is after what is written
        code = self.code  # the colour in force after what is written
        for run_y, run_x, text, run_code, width in runs:
            row = self.rows.get(run_y)
            if row is None:
                row = self.rows[run_y] = Row()
            n = len(text)
            if width < 0:  # not one cell a character: sent as it is, and not remembered
                end = run_x + (-width - 1)
                row.reach(end)
                row.chars[run_x:end] = [None] * (end - run_x)
                row.codes[run_x:end] = [None] * (end - run_x)
                out.append(f"\x1b[{run_y + 1};{run_x + 1}H{colour(run_code)}{text}")
                at, code = None, run_code
                continue
            end = run_x + n
            if len(row.chars) < end:
                row.reach(end)
            chars, looks = list(text), _looks(text, run_code)
            old_chars, old_looks = row.chars[run_x:end], row.codes[run_x:end]
            if old_chars == chars and old_looks == looks:
                continue
            first = 0
            while old_chars[first] == chars[first] and old_looks[first] == looks[first]:
                first += 1
            last = n - 1
            while old_chars[last] == chars[last] and old_looks[last] == looks[last]:
                last -= 1
            for a, b in _changed(chars, looks, old_chars, old_looks, first, last):
                x = run_x + a
                if at != (run_y, x):
                    out.append(_move(row, at, run_y, x, code))
                sent = text[a:b]
                # blanks show only their background: the colour in force does if the same
                blanks = not sent.strip(" ")
                alike = code is not None and blanks and blank(code) == looks[a]
                if code != run_code and not alike:
                    goal = ground(code, run_code) if code is not None and blanks else run_code
                    out.append(change(code, goal))
                    code = goal
                out.append(sent)
                at = (run_y, run_x + b)
            row.chars[run_x:end] = chars
            row.codes[run_x:end] = looks
        if not out and code == "" and tail and tail == self.cursor:
            return ""  # no cell changes and the cursor is where it goes: nothing to send
        self.cursor = tail or None
        if code != "":  # the terminal's own colours between frames: whatever else writes to it
            out.append(RESET)  # (a background job, a game killed before it could restore
        self.code = ""  # the terminal) writes in them, as it would between whole frames
        out.append(tail)
        return "".join(out)


def _parse(data: str) -> tuple[list[_Run], str] | None:
    """The runs of text a compositor frame writes (row, column, text, colour code) and the
    cursor move it ends with; None when it holds anything else."""
    runs: list[_Run] = []
    y = x = -1
    code = ""
    tail = ""
    # the tokens as tuples of their groups' text, found in C ("" for a group not matched:
    # every group but a colour code's is never empty when it matches)
    for segment_sgr, segment, row, column, sgr, newline, text, other in TOKEN.findall(data):
        if segment:  # a colour code, text, a reset: as the three tokens would be
            if x < 0 or y < 0:
                return None
            run_code = _after(code, segment_sgr) if code else _from_reset(segment_sgr)
            code = ""  # after the reset
            text = segment
        elif other:
            return None
        elif row:
            y, x = int(row) - 1, int(column) - 1
            tail = f"\x1b[{row};{column}H"
            continue
        elif newline:
            x = -1  # a row's text must start with a move
            continue
        elif not text:  # a colour code alone (an empty one: every group is "")
            code = _after(code, sgr)
            continue
        elif x < 0 or y < 0:
            return None
        else:
            run_code = code
        cells = _width(text)
        if cells < 0:  # sent as it is: the model keeps its cells unknown
            cells = cell_len(text)
            runs.append((y, x, text, run_code, -cells - 1))
        else:
            runs.append((y, x, text, run_code, cells))
        x += cells
        tail = ""
    return runs, tail


@lru_cache(maxsize=256)
def _from_reset(sgr: str) -> str:
    """The colour in force after the colour code `sgr`, from the terminal's own (a segment's:
    cached, one call in C for most of a frame's runs)."""
    return _after("", sgr)


def _after(code: str, sgr: str) -> str:
    """The colour in force after the colour code `sgr`, from `code`."""
    if sgr in ("", "0"):
        return ""
    if sgr.startswith("0;"):
        return sgr[2:]
    return f"{code};{sgr}" if code else sgr


class TrimmedWrites:
    """A Textual driver's mixin: every frame written through it is trimmed by the app's
    `Wire` (see `trimmed`). Trimming and queueing a write happen under one lock: Textual's
    input thread writes too (it turns on in-band resizes), and a write trimmed first must
    be sent first, since the next one may count on the colours it leaves."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)  # type: ignore[call-arg]
        wire = getattr(app, "wire", None)
        self.wire = wire if isinstance(wire, Wire) else Wire()
        self._order = threading.RLock()  # re-entrant: a signal handler may write mid-write

    def write(self, data: str) -> None:
        with self._order:
            super().write(self.wire.trim(data))  # type: ignore[misc]

    def start_application_mode(self) -> None:
        with self._order:
            self.wire.forget()  # the screen is cleared, or was changed while suspended
        super().start_application_mode()  # type: ignore[misc]


@lru_cache(maxsize=4096)
def trimmed(driver: type[D]) -> type[D]:
    """The driver class whose frames go through the app's Wire."""
    return type(f"Trimmed{driver.__name__}", (TrimmedWrites, driver), {})
