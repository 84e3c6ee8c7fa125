"""What a flood of input costs the game, whatever it is made of: each read is cut into runs
of one kind (text, keys, mouse presses, mouse moves, what is no key) by one regular
expression, and a kind that comes faster than any typist, key repeat or hand is dropped
run by run, never read a character or a key at a time. Each character of a flood was read
alone by Textual's parser, and each key or report was an event for the game: 1 MB of
pasted arrows cost 55 s of a core, of mouse reports 64 s, of broken sequences 170 s, and
the game was deaf until it had taken them all. No Textual here (its parser is `keys`)."""

from __future__ import annotations

import re

PLAIN_RUN = 256
"""Characters of plain text past which a burst is text pasted into the game: no typist, key
repeat or terminal sends so many keys of text without a pause."""
KEY_RUN = 256
"""Keys other than text (arrows, function keys, control keys, alt and a key) past which a
burst is a flood: pasted escape sequences, or a terminal gone wrong."""
BUTTON_RUN = 256
"""Mouse presses and wheel turns past which a burst is a flood."""
TYPING_RATE = 100.0
"""Events of a kind a second that never make a flood, however long they go on: faster than
any typist or key repeat (a held key repeats 30 times a second, or 60)."""
MOTION_RUN = 60
MOTION_RATE = 60.0
"""Mouse moves taken in a burst, and a second after it: past them only the latest move is
kept, and taken as the rate allows (a drag still ends where the mouse is)."""
FLOOD_PAUSE = 0.2
"""Seconds without input of a kind that end its flood: what comes after is taken again."""

_MOTION_CODE = r"(?:3[2-9]|[45][0-9]|6[0-3])"  # a button code with the motion bit, no wheel
_AT = r";-?[0-9]+;-?[0-9]+"
_MOTION = rf"\x1b\[<{_MOTION_CODE}{_AT}M"
_RELEASE = rf"\x1b\[<[0-9]+{_AT}m"
_BUTTON = rf"\x1b\[<(?!{_MOTION_CODE};)[0-9]+{_AT}M|\x1b\[M[^\x00-\x1f]{{3}}"  # SGR, or X10
_MOUSE = rf"{_MOTION}|{_RELEASE}|{_BUTTON}"
ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"
_STRING = r"\x1b[\]P_^X](?:[^\x07\x1b\x03\x11]|\x1b(?!\\))*+(?:\x07|\x1b\\|(?=[\x03\x11]))"
"""An OSC, DCS, APC, PM or SOS string: what a terminal says, never a key. It ends at BEL or
ESC \\, or is broken off by ctrl+c or ctrl+q, which are keys."""
_STRING_START = re.compile(r"\x1b[\]P_^X]")
_OPEN = re.compile(r"\x1b(?:\[[0-?]*+[ -/]*+|\[M[^\x00-\x1f]{0,2}|O)?")
"""The start of any other sequence: a read that ends with it ends inside it."""
_KEY = (
    r"\x1b\[[0-?]*+[ -/]*+[@-~]"  # a CSI sequence: an arrow, a function key, a reply
    r"|\x1bO(?:[ -~]|(?![ -~]))"  # SS3: an arrow or F1 to F4
    r"|\x1b(?:[^\[O\]P_^X\x1b\x03\x11]|(?=[\x1b\x03\x11]|\Z))"  # alt and a key, or escape
    r"|[\x00-\x02\x04-\x08\x0b\x0c\x0e-\x10\x12-\x1a\x1c-\x1f\x7f]"  # a control key
)
_BROKEN = r"\x1b\[[0-?]*+[ -/]*+(?![@-~])"  # a CSI broken off by what follows: no key
WAY_OUT = ("\x03", "\x11")  # ctrl+c, ctrl+q: taken in any flood
_WAY_OUT = r"[\x03\x11]"
_TEXT = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # no control key but \t \n \r
_RUN = re.compile(
    rf"(?P<way_out>{_WAY_OUT})|(?P<motion>(?:{_MOTION})+)"
    rf"|(?P<release>{_RELEASE})|(?P<button>(?:{_BUTTON})+)|(?P<no_key>(?:{_STRING}|{_BROKEN})+)"
    rf"|(?P<key>(?:(?!{_MOUSE})(?:{_KEY}))+)|(?P<text>{_TEXT}+)",
    re.DOTALL,
)
_STARTS = re.compile(r"[\x00-\x1f\x7f]")  # where each key of a run of keys starts


def open_end(data: str) -> int:
    """How many characters at the end of `data` are a sequence it ends inside (0: none):
    a control string not ended, or the start of another sequence."""
    ended = max(
        (data.rfind(end) + len(end) for end in (BEL, ST, *WAY_OUT) if end in data), default=0
    )
    string = _STRING_START.search(data, ended)
    if string is not None:
        return len(data) - string.start()
    at = data.rfind(ESC)
    return len(data) - at if at >= 0 and _OPEN.fullmatch(data, at) else 0


class Budget:
    """Events of one kind: `run` of them in a burst, refilled at `rate` a second and whole
    after a pause of `FLOOD_PAUSE` without one."""

    def __init__(self, run: int, rate: float) -> None:
        self._run, self._rate = float(run), rate
        self._left = self._run
        self._last = float("-inf")  # when the last event of the kind came
        self.flooding = False

    def refill(self, now: float) -> None:
        quiet = now - self._last
        if quiet >= FLOOD_PAUSE:
            self.flooding, self._left = False, self._run
        else:
            self._left = min(self._run, self._left + quiet * self._rate)

    def flooding_at(self, now: float) -> bool:
        """Whether events of the kind are dropped (or wait for the rate) now."""
        self.refill(now)
        return self.flooding or self._left < 1

    def spend(self, count: int, now: float) -> bool:
        """Whether `count` events coming now are taken: not once they overdraw the budget,
        nor until a pause after that (a flood)."""
        self.refill(now)
        self._last = now
        if not self.flooding:
            if count <= self._left:
                self._left -= count
                return True
            self.flooding, self._left = True, 0.0
        return False

    def take_one(self, now: float) -> bool:
        """Whether one more event may be taken now (never a flood: it waits for the rate)."""
        self.refill(now)
        self._last = now
        if self._left < 1:
            return False
        self._left -= 1
        return True


class FloodGate:
    """Feed it each read (with the time it came); it says what of it is typed. Each kind of
    input has its own `Budget`, so a flood of one leaves the others taken (an arrow or a
    click in pasted text, a key in a storm of mouse reports):

    - text, keys, mouse presses: a read that overdraws the kind's budget is a flood, and the
      kind is dropped, that read's and all that comes until a pause of `FLOOD_PAUSE`;
    - mouse moves: only the latest of a read is taken; past their budget, it waits for the
      rate (`due`), replaced by any later one, so the mouse ends where it is;
    - a release is dropped in a flood of presses only where its press was;
    - ctrl+q and ctrl+c are always taken; a terminal's control string never (no key);

    A budget over the reads, not a size of one read: a flood read a little at a time (a
    terminal that sends it as the game reads, a multiplexer) was all keys."""

    def __init__(self) -> None:
        self._text = Budget(PLAIN_RUN, TYPING_RATE)
        self._keys = Budget(KEY_RUN, TYPING_RATE)
        self._buttons = Budget(BUTTON_RUN, TYPING_RATE)
        self._motion = Budget(MOTION_RUN, MOTION_RATE)
        self._pressed = False  # a press was taken and not its release
        self._waiting = ""  # the latest mouse move, not taken yet

    def typed(self, data: str, now: float) -> str:
        """What of this read is typed. The read ends outside any sequence (`open_end`: its
        reader holds what it ends inside, and reads it with the next)."""
        cut = runs(data)
        counts = dict.fromkeys(("text", "key", "button", "motion", "no_key"), 0)
        for kind, part in cut:
            if kind == "text":
                counts[kind] += len(part)
            elif kind in counts:
                counts[kind] += _events(part)
            elif kind == "release":
                counts["button"] += 1
        counts["key"] += counts["no_key"]  # never taken, but a flood of them is a flood
        text = counts["text"] == 0 or self._text.spend(counts["text"], now)
        keys = counts["key"] == 0 or self._keys.spend(counts["key"], now)
        buttons = counts["button"] == 0 or self._buttons.spend(counts["button"], now)
        moved = counts["motion"] > 0 and self._moved(cut, now)
        # all of it, the way nearly every read goes, where all is taken: at most one move
        taken = {"way_out": True, "text": text, "key": keys, "button": buttons}
        return "".join(self._kept(cut, taken, moved))

    def takes_key(self, now: float) -> bool:
        """Whether one more key (not text) coming now is taken: not in a flood of text, keys
        or presses, where a sequence cut off is the flood's (a mouse move's is never a key:
        its reader drops it, so escape is taken while the mouse moves fast)."""
        budgets = (self._text, self._keys, self._buttons)
        if any(budget.flooding_at(now) for budget in budgets):
            return False
        return self._keys.spend(1, now)

    def due(self, now: float) -> str:
        """The latest mouse move held back, once the rate allows it ("" if none)."""
        if not self._waiting or not self._motion.take_one(now):
            return ""
        waiting, self._waiting = self._waiting, ""
        return waiting

    def _moved(self, cut: list[tuple[str, str]], now: float) -> bool:
        """Whether the read's latest mouse move is taken now (else it waits: `due`)."""
        last = next(part for kind, part in reversed(cut) if kind == "motion")
        if self._motion.take_one(now):
            self._waiting = ""
            return True
        self._waiting = last[last.rfind(ESC) :]
        return False

    def _kept(self, cut: list[tuple[str, str]], taken: dict[str, bool], moved: bool) -> list[str]:
        last_motion = max((i for i, (kind, _) in enumerate(cut) if kind == "motion"), default=-1)
        kept = []
        for i, (kind, part) in enumerate(cut):
            if kind == "motion":
                if i == last_motion and moved:
                    kept.append(part[part.rfind(ESC) :])
            elif kind == "release":
                if taken["button"] or self._pressed:
                    kept.append(part)
                    self._pressed, self._waiting = False, ""
            elif taken.get(kind, False):
                kept.append(part)
                if kind == "button":
                    self._pressed, self._waiting = True, ""
        return kept


def runs(data: str) -> list[tuple[str, str]]:
    """`data` cut into runs of one kind, in order: text, key, motion, button (a press or a
    wheel turn), release, no_key (a terminal's string, a CSI broken off), way_out (ctrl+c or
    ctrl+q). They make up
    all of `data`, unless it ends inside a sequence (`open_end`)."""
    return [(run.lastgroup or "", run.group()) for run in _RUN.finditer(data)]


def _events(run: str) -> int:
    """How many keys or mouse reports a run of them holds (each starts with ESC or is a
    control key)."""
    return len(_STARTS.findall(run))
