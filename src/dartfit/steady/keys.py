"""Textual's parser of what the terminal sends, steadied against input it reads wrongly
(see `SteadyParser`), and the decoder that reads bytes that are no text as no key."""

from __future__ import annotations

import codecs
import re
import time
from collections.abc import Callable, Iterator
from functools import lru_cache, partial

from textual._parser import Parser
from textual._xterm_parser import XTermParser
from textual.constants import ESCAPE_DELAY
from textual.message import Message

from dartfit.steady.floods import BEL, ESC, WAY_OUT, FloodGate, open_end
from dartfit.steady.pastes import may_begin

UNREADABLE_INPUT = (UnicodeDecodeError, ValueError, OverflowError, ArithmeticError)
"""What Textual's reading of the terminal raises on bytes that are no text or no key: a
Latin-1 "é" (an 8-bit meta key, an old mouse report past column 95), a key code beyond
Unicode or a C int (ESC [ 1114112 u), a mouse report after a resize report of a pixel size
0 (ESC [ 48 ; 24 ; 80 ; 0 ; 0 t, then a division by it)."""


def lenient(encoding: str) -> Callable[[], codecs.IncrementalDecoder]:
    """An incremental decoder that reads a byte it cannot decode as U+FFFD (no key)."""
    return partial(codecs.getincrementaldecoder(encoding), errors="replace")


STRING_STARTS = frozenset("]P_^X")
"""After ESC: an OSC, DCS, APC, PM or SOS string, which a terminal sends (a colour, a
title, a reply) and a key never does; it runs to BEL or ESC \\."""
CSI_START = frozenset("[")
HELD_STARTS = STRING_STARTS | CSI_START  # after ESC: read here first (a CSI too)
PASTE_END = "\x1b[201~"
PASSED_AS_THEY_ARE = frozenset({"\x1b[200~", PASTE_END, "\x1b[[", "\x1b[M"})
"""CSI sequences Textual's parser takes on as they are: a paste's start and end, and the
starts of a Linux console's function key (ESC [ [ A) and an old mouse report (3 bytes)."""
MOUSE_STARTS = ("\x1b[<", "\x1b[M")  # a mouse report cut off is never keys
LONGEST_CSI = 32
"""Characters of a CSI sequence Textual's parser looks for a key in: past them it hands
the sequence out as keys, which is never what a terminal meant."""
LONGEST_STRING = 4096  # characters of a control string kept to see its end
HELD_GIVE_UP = ESCAPE_DELAY
"""Seconds a control string or CSI may take to end, as long as Textual's parser gives an
escape sequence; one that has not was keys after all (alt+[ is ESC [), and is passed on as
typed."""
PASTE_PAUSE = min(ESCAPE_DELAY, 0.5)
"""Seconds of quiet inside a paste after which a key ends it: a terminal writes a paste, its
marks and its text, at once, and a key typed after it comes in a read of its own. A paste
whose end never came (a byte lost on the line) took every key typed after it as its text,
ctrl+q too, for 2 s; the text pasted so far goes on as the paste, and the key as a key.
The escape delay a slow link asks for ($ESCDELAY), up to half a second."""
PASTE_REST_LEAST = 8
"""Characters of text, no escape and no ctrl+c or ctrl+q among them, from which a read
after a pause is the rest of a paste (over a slow link), not a key."""
PASTE_GIVE_UP = 2.0
"""Seconds without input inside a paste before it is ended with no key to end it (the game
is ticked while no input comes: the text pasted so far goes on)."""
PASTE_LONGEST = 10.0
"""Seconds a paste may last in all: what looks like its rest, coming again and again into
one whose end never came (never a pause apart), kept it going for good (a browser tab, a
hostile pass)."""


@lru_cache(maxsize=512)
def _understood(sequence: str) -> bool:
    """Whether Textual's parser makes anything of a whole CSI sequence (a key, a mouse
    report, a reply it asked for). One it does not understand it keeps reading on into the
    keys typed after it, and then hands them all out as keys: a terminal's reply or a
    forged code cost a star (its `b` showed the best line)."""
    try:
        return bool(list(XTermParser().feed(sequence)))
    except UNREADABLE_INPUT:  # a code beyond Unicode or a C int: no key either
        return False


MODE_REPORT = re.compile(r"\x1b\[\?\d+;\d+\$y")
"""A terminal's answer to which modes it has (synchronized output, in-band resizes)."""
SGR_MOUSE = re.compile(r"\x1b\[<\d+;-?\d+;-?\d+[Mm]")
"""A mouse report: passed on unasked (each differs, and asking cost a parser each)."""


PASTE_START = "\x1b[200~"
PASTE_KEPT = 1024
"""Characters of a bracketed paste passed on to Textual's parser, which reads each one on
its own: the rest, up to the paste's end, is skipped in one search. The game takes a
number or a word pasted (a guess, a quiz answer, the palette's search), never a page: a
paste of 2.7 MB kept it from its keys for 10 s."""


class SteadyParser(XTermParser):
    """Textual's parser of what the terminal sends, steadied against input it reads wrongly:

    - A key code it cannot read (ESC [ 1114112 u) raised, and what came in the same read
      was lost (the web driver's input thread ended on it, leaving a browser tab that took
      no key again). Each character is fed on its own, so a failed one is known: the
      sequence it ended is dropped, a parser made afresh reads on from the next character.
    - What a terminal says and no key is (an OSC or DCS string, a CSI reply such as
      ESC [ ? 62 ; 22 c, a CSI that no key has, one of thousands of characters) was handed
      out as keys, `?` and `b` among them. Such sequences are read here first and dropped
      whole; the rest pass on as they came.
    - A paste whose end never comes ends at the first key typed after a pause
      (`PASTE_PAUSE`), or after `PASTE_GIVE_UP` seconds without input: its text so far
      goes on as the paste (`_paste_ends`).
    - A paste costs no more than its first `PASTE_KEPT` characters: the rest is skipped in
      one search for its end (`_skimmed`).
    - A flood of any kind (text pasted without a paste's marks, pasted arrows, a storm of
      mouse reports, garbage: `FloodGate`) is dropped past a burst, a run at a time: each
      character was read here and by Textual's parser one at a time, and each key was an
      event (100 KB of text kept the game busy for 10 s, 1 MB of arrows for 55 s).
    - A read that ends inside a sequence is held for the next, so that what is judged, and
      read, is whole sequences; one whose rest never comes is given up at the escape delay
      (`_alone`)."""

    def __init__(self, debug: bool = False) -> None:
        super().__init__(debug)
        self._held: list[str] = []  # a control string or CSI read, not yet passed on
        self._held_at = 0.0
        self._dropping = False  # the held sequence is too long: dropped as it ends
        self._tail = ""  # the last characters passed on: where a paste starts and ends
        self._pasting = False
        self._paste_since = 0.0
        self._paste_room = PASTE_KEPT  # characters of the paste still to pass on
        self._last_input = 0.0
        self._gate = FloodGate()
        self._open = ""  # a sequence the last read ended inside (read with the next)
        self._open_at = 0.0

    def feed(self, data: str) -> Iterator[Message]:
        if not data:  # the end of input
            yield from super().feed(data)
            return
        now = time.monotonic()
        if self._paste_ends(now, data):  # the web driver's parser is ticked only as input comes
            yield from self._end_paste()
        self._last_input = now
        if self._open:  # the read before ended inside a sequence: this one goes on with it
            data, self._open = self._open + data, ""
        i = looked_to = 0
        while i < len(data):
            if not self._held and i >= looked_to:  # a paste's text, or what is typed
                data, looked_to = (self._skimmed if self._pasting else self._gated)(data, i, now)
                if i == len(data):
                    return
            character = data[i]
            i += 1
            if self._held:
                yield from self._hold(character)
            elif character == ESC and self._pasting:  # the paste's end, or text: see _hold
                self._held, self._held_at, self._dropping = [ESC], now, False
            elif character == ESC and i < len(data) and data[i] in self._held_starts():
                self._held, self._held_at, self._dropping = [ESC, data[i]], now, False
                i += 1
            else:
                yield from self._pass(character)

    def _gated(self, data: str, i: int, now: float) -> tuple[str, int]:
        """The read with what is typed from `i` on, up to where a paste starts, rid of what a
        flood brings (`FloodGate`) and of a sequence it ends inside (held for the next read);
        and where the paste's text starts."""
        at = data.find(PASTE_START, i)
        end = len(data) if at < 0 else at
        if at < 0 and (open_at := len(data) - open_end(data[i:])) < len(data):
            # the read ends inside a sequence (a paste's start too): held for the rest, so
            # it passes, or not, whole; given up once nothing comes for a while (`tick`)
            self._open, self._open_at = _cut_short(data[open_at:]), now
            data, end = data[:open_at], open_at
        typed = self._gate.typed(data[i:end], now) if end > i else ""
        if len(typed) < end - i:
            self._tail = ""  # text dropped: no paste starts across it
            data = data[:i] + typed + data[end:]
        return data, i + len(typed) + (0 if at < 0 else len(PASTE_START))

    def _skimmed(self, data: str, i: int, now: float) -> tuple[str, int]:
        """The read with the paste's text from `i` on cut to what is left of `PASTE_KEPT`
        (the rest, up to the paste's end, or to what may begin it at the read's end, is
        skipped in one search), and where the text kept ends."""
        end = data.find(PASTE_END, i)
        if end < 0:
            end = len(data) - may_begin(data, PASTE_END)
        kept = min(self._paste_room, max(end - i, 0))
        self._paste_room -= kept
        if i + kept < end:
            data = data[: i + kept] + data[end:]
        return data, i + kept

    def tick(self) -> Iterator[Message]:
        now = time.monotonic()
        ending = self._pasting and PASTE_END.startswith("".join(self._held))
        if self._held and now - self._held_at > HELD_GIVE_UP and not ending:
            # (a held start of a paste's end waits for the rest, however slow the link:
            # given up, the end came as text and the paste swallowed every key after it)
            held, self._held = self._held, []
            if not self._dropping and len(held) <= 8:  # alt+] and what was typed after it
                yield from self._pass("".join(held)[1:] if self._pasting else "".join(held))
        if self._paste_ends(now, ""):
            yield from self._end_paste()
        if self._open and now - self._open_at > HELD_GIVE_UP:
            given_up, self._open = self._open, ""
            yield from self._alone(given_up, self._open_at)
        if not (self._held or self._pasting or self._open):
            yield from self._pass(self._gate.due(now))  # a mouse move held back by a flood
        try:
            yield from super().tick()
        except UNREADABLE_INPUT:
            self._restart()

    def _alone(self, sequence: str, when: float) -> Iterator[Message]:
        """The start of a sequence that nothing follows (its rest never came, or was dropped):
        keys typed if a hand could have typed it (escape, alt+[, alt+] and a few keys), as
        Textual's parser makes them at its escape delay; dropped if long, a mouse report's
        start, or cut off in a flood (the last read of 1 MB of arrows ending inside one)."""
        typed = len(sequence) <= 8 and not sequence.startswith(MOUSE_STARTS)
        if typed and self._gate.takes_key(when):
            yield from _as_typed(sequence)

    def _paste_ends(self, now: float, data: str) -> bool:
        """Whether a paste ends before `data` (a read; "" for none): a key typed after a
        pause, or a long quiet, or a paste on for longer than any paste lasts. A read that
        holds the paste's end, or text enough to be its rest, goes on with it."""
        if not self._pasting:
            return False
        quiet = now - self._last_input
        if quiet > PASTE_GIVE_UP or now - self._paste_since > PASTE_LONGEST:
            return True
        if not data or quiet <= PASTE_PAUSE:
            return False
        going_on = "".join(self._held) + data
        if PASTE_END in going_on or may_begin(going_on, PASTE_END) >= len(PASTE_END) // 2:
            return False  # its end, or the start of it: no key is ESC [ 2 and then nothing
        return len(data) < PASTE_REST_LEAST or any(c in data for c in (ESC, *WAY_OUT))

    def _end_paste(self) -> Iterator[Message]:
        """The paste ended as its end would have: the text so far goes on as the paste, with
        a sequence's start held in it as text, unless it is the start of the end that never
        came."""
        held, self._held, self._dropping = "".join(self._held), [], False
        yield from self._pass(("" if PASTE_END.startswith(held) else held[1:]) + PASTE_END)

    def _held_starts(self) -> frozenset[str]:
        """What after ESC starts a sequence read whole: in a paste only a CSI (its end is
        one), so a paste holding ESC ] runs to its end, not into a string."""
        return CSI_START if self._pasting else HELD_STARTS

    def _hold(self, character: str) -> Iterator[Message]:
        """One more character of the held sequence; the sequence passes on or is dropped
        once it ends."""
        held = self._held
        if len(held) == 1:  # ESC inside a paste: only its end goes on as an escape sequence
            if character == "[":
                held.append(character)
            else:
                self._held = []
                yield from self._pasted(character)
            return
        if held[1] != "[":  # a control string: dropped whole at BEL or ESC \
            if character == BEL or (character == "\\" and held[-1] == ESC):
                held.clear()
            elif len(held) < LONGEST_STRING:
                held.append(character)
            else:
                held[-1] = character  # its end is still looked for
            return
        if "\x20" <= character <= "\x3f":  # a parameter or an intermediate byte
            if len(held) < LONGEST_CSI:
                held.append(character)
            else:
                self._dropping = True
            return
        if not "\x40" <= character <= "\x7e":  # no CSI after all: passed on as it came
            self._held = []
            if self._pasting:
                yield from self._pass("".join(held)[1:])
                yield from self._pasted(character)
            else:
                yield from self._pass("".join(held) + character)
            return
        sequence = "".join(held) + character
        self._held = []
        if self._dropping or len(sequence) > LONGEST_CSI:  # Textual's parser: keys
            return
        if self._pasting and sequence != PASTE_END:
            yield from self._pass(sequence[1:])  # pasted text, as a terminal pastes it
            return
        if (
            sequence in PASSED_AS_THEY_ARE
            or SGR_MOUSE.fullmatch(sequence)  # each differs: passed on unasked
            or MODE_REPORT.fullmatch(sequence)  # ESC [ ? 2026 ; 2 $ y, which Textual asked for
            or (sequence[2:3] != "?" and _understood(sequence))  # ? opens a terminal's reply
        ):
            yield from self._pass(sequence)

    def _pasted(self, character: str) -> Iterator[Message]:
        """A character of a paste after an ESC that began no escape sequence: the ESC is
        dropped, as a terminal drops it from what it pastes. Textual's parser, given an ESC
        inside a paste, handed out up to 32 of the pasted characters after it as keys (a
        paste of ESC o y showed the best line, at the cost of stars)."""
        if character == ESC:
            self._held, self._held_at, self._dropping = [ESC], time.monotonic(), False
        else:
            yield from self._pass(character)

    def _pass(self, text: str) -> Iterator[Message]:
        """Characters on to Textual's parser, one at a time."""
        feed = Parser.feed  # XTermParser's own writes a debug line's text for every call
        for character in text:
            try:
                yield from feed(self, character)
            except UNREADABLE_INPUT:
                self._restart()
            self._tail = self._tail[-5:] + character
            if self._tail in ("\x1b[200~", "\x1b[201~"):
                self._pasting = self._tail == "\x1b[200~"
                self._paste_since = time.monotonic()
                self._paste_room = PASTE_KEPT

    def _restart(self) -> None:
        """A parser made afresh: what it was reading is dropped (a sequence held too: the
        key after a paste given up was taken as its next character)."""
        Parser.__init__(self)
        self._held, self._dropping = [], False
        self._open = ""
        self._pasting = False
        self._tail = ""
        self.mouse_pixels = False  # a pixel size of 0 made every mouse report divide by it


def _cut_short(sequence: str) -> str:
    """A sequence not ended yet, cut to what decides what it is: past `LONGEST_CSI`
    characters it is dropped as it ends, whatever comes between (a control string's end,
    ESC \\, may be under way at its end)."""
    if len(sequence) <= LONGEST_CSI:
        return sequence
    return sequence[:LONGEST_CSI] + sequence[-1]


def _as_typed(sequence: str) -> list[Message]:
    """The keys Textual's parser makes of the start of a sequence that nothing followed."""
    parser = XTermParser()
    try:
        return [*parser.feed(sequence), *parser.feed("")]  # "": nothing more comes
    except UNREADABLE_INPUT:
        return []
