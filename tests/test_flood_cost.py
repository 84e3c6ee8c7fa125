"""A flood of any kind of input costs the game little (`dartfit.steady.floods`): pasted
arrows, a storm of mouse reports, a terminal's strings, garbage. Each read is cut into runs
of one kind, and a kind past its budget is dropped as runs, never read a character at a
time; ctrl+q and ctrl+c are taken in any flood, and a held key, a drag and a sequence cut
anywhere across reads are as they were."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.message import Message

from dartfit.steady import floods
from dartfit.steady.keys import HELD_GIVE_UP, SteadyParser

pytestmark = pytest.mark.usefixtures("clock")  # the parsers' clocks stand still but as moved


FLOODS = {
    "arrows": "\x1b[C",
    "arrows as SS3": "\x1bOC",
    "alt and a key": "\x1bx",
    "control keys": "\x02",
    "lone escapes": "\x1b",
    "sequences broken off": "\x1b[",
    "mouse moves": "\x1b[<35;40;12M",
    "wheel turns": "\x1b[<64;40;12M",
    "clicks": "\x1b[<0;40;12M\x1b[<0;40;12m",
    "old mouse reports": "\x1b[M#5(",
    "a terminal's strings": "\x1b]0;title\x07",
    "a string never ended": "garbage ",  # after one opener (below)
    "bytes that are no UTF-8": "\x1b[C\ufffd\ufffd",
    "a mix": "\x1b[A\x1b[<35;3;4Mab\x1bOB\x1b]x\x07\x1b[\x01\x02\x7f\ufffd\x1b\x1b[<0;1;2m",
}
MOUSE_ONLY = ("mouse moves", "wheel turns", "clicks", "old mouse reports")


def name(event: Message) -> str:
    if isinstance(event, events.Key):
        return event.key
    if isinstance(event, events.MouseEvent):
        return f"{type(event).__name__} {event.x},{event.y}"
    return type(event).__name__


def taken(parser: SteadyParser, reads: list[str], clock: list[float], gap: float) -> list[str]:
    """The events of each read in turn, `gap` seconds apart, ticked after each as Textual's
    input loop does (a mouse move held back comes then)."""
    out = []
    for data in reads:
        clock[0] += gap
        out += [name(event) for event in parser.feed(data)]
        out += [name(event) for event in parser.tick()]
    return out


def after_a_pause(parser: SteadyParser, clock: list[float], data: str) -> list[str]:
    """The events of a second without input, ticked as Textual's input loop ticks (every
    0.1 s), then of `data`."""
    out = []
    for _ in range(10):
        clock[0] += 0.1
        out += [name(event) for event in parser.tick()]
    return out + taken(parser, [data], clock, 0.0)


def keys(names: list[str]) -> list[str]:
    return [event for event in names if not event.startswith("Mouse")]


def flood(kind: str, size: int) -> str:
    opener = "\x1b]" if kind == "a string never ended" else ""
    unit = FLOODS[kind]
    return opener + (unit * (size // len(unit) + 1))[: size - len(opener)]


def in_reads(data: str, size: int) -> list[str]:
    return [data[at : at + size] for at in range(0, len(data), size)]


@pytest.mark.parametrize("size", [4096, 1000, 7])
@pytest.mark.parametrize("kind", FLOODS)
def test_a_flood_of_any_kind_costs_the_game_little(
    kind: str, size: int, clock: list[float], characters_read: list[int]
) -> None:
    """1 MB of pasted arrows kept the game busy for 55 s, of mouse moves 64 s: each was read
    by Textual's parser a character at a time, and each was an event for the game. Read
    at most a typist's burst of them a kind (and mouse moves at a rate); the key typed
    after a pause is taken, and nothing of a mouse report or a string is ever a key."""
    data = flood(kind, 200_000 if size > 7 else 60_000)
    parser = SteadyParser()
    gap = 0.001 if size > 7 else 0.0001  # a fast terminal: many short reads
    got = taken(parser, in_reads(data, size), clock, gap)
    motion = floods.MOTION_RUN + floods.MOTION_RATE * len(data) / size * gap
    budget = floods.KEY_RUN + floods.BUTTON_RUN + floods.PLAIN_RUN + motion
    assert len(got) <= 2 * budget  # a key's sequence broken off may be keys
    assert characters_read[0] <= 16 * budget < len(data) / 3  # was every character
    assert keys(after_a_pause(parser, clock, "?")) == ["question_mark"]
    if kind in MOUSE_ONLY or "string" in kind:
        assert not [event for event in got if " " not in event], got[:20]


@pytest.mark.parametrize("kind", FLOODS)
@pytest.mark.parametrize(("key", "way_out"), [("\x11", "ctrl+q"), ("\x03", "ctrl+c")])
def test_the_way_out_is_taken_in_the_middle_of_any_flood(
    kind: str, key: str, way_out: str, clock: list[float]
) -> None:
    data = flood(kind, 100_000)
    reads = [*in_reads(data[:50_000], 4096), key, *in_reads(data[50_000:], 4096)]
    assert way_out in taken(SteadyParser(), reads, clock, 0.001)


@pytest.mark.parametrize("key", ["\x1b[C", "\x1bOC", "\x1b[1;5D", "\x7f", "\x02", "u"])
def test_a_held_key_is_never_a_flood(key: str, clock: list[float]) -> None:
    """Key repeat for a minute, 60 times a second: every one taken."""
    parser = SteadyParser()
    got = taken(parser, [key] * 3600, clock, 1 / 60)
    assert len(got) == 3600 and len(set(got)) == 1


def test_a_drag_ends_where_the_mouse_is_in_a_storm_of_moves(clock: list[float]) -> None:
    """A press, 5,000 moves read a few characters at a time, a release: the moves are cut
    to a rate, the last one comes, and the release with its place."""
    moves = "".join(f"\x1b[<32;{10 + i % 50};{5 + i % 7}M" for i in range(5000))
    data = "\x1b[<0;3;4M" + moves + "\x1b[<32;70;20M" + "\x1b[<0;70;20m"
    got = taken(SteadyParser(), in_reads(data, 7), clock, 0.001)
    assert got[0] == "MouseDown 2,3" and got[-1] == "MouseUp 69,19"
    assert len(got) <= floods.MOTION_RUN + floods.MOTION_RATE * len(data) / 7 * 0.001 + 2


def test_the_mouse_ends_where_it_stops_in_a_storm_of_moves(clock: list[float]) -> None:
    """The latest move held back for the rate comes once the rate allows, with no more
    input: the pointer never stays where the storm left it a moment before."""
    parser = SteadyParser()
    moves = [f"\x1b[<35;{1 + i % 80};{1 + i % 24}M" for i in range(2000)]
    got = taken(parser, moves, clock, 0.001)
    assert len(got) <= floods.MOTION_RUN + floods.MOTION_RATE * 2.0 + 1
    last = after_a_pause(parser, clock, "")
    assert (got + last)[-1] == f"MouseMove {1999 % 80},{1999 % 24}"


def test_mouse_moves_at_a_hands_pace_are_each_taken(clock: list[float]) -> None:
    parser = SteadyParser()
    moves = [f"\x1b[<32;{1 + i % 80};{1 + i % 24}M" for i in range(3000)]
    got = taken(parser, moves, clock, 1 / 50)
    assert got == [f"MouseMove {i % 80},{i % 24}" for i in range(3000)]


def test_a_flood_of_one_kind_leaves_the_others_taken(clock: list[float]) -> None:
    """An arrow in a storm of mouse moves, a click in pasted arrows, a letter in both."""
    parser = SteadyParser()
    taken(parser, ["\x1b[C" * 1000, "\x1b[<35;1;1M" * 300], clock, 0.001)
    reads = ["\x1b[C" * 1000 + "\x1b[<0;5;6M\x1b[<0;5;6m", "\x1b[<35;2;2M" * 300 + "q"]
    got = taken(parser, reads, clock, 0.001)
    assert [e for e in got if not e.startswith("MouseMove")] == [
        "MouseDown 4,5",
        "MouseUp 4,5",
        "q",
    ]


TOKENS = (
    "a",
    "?",
    "\r",
    "é",
    "\ufffd",
    "\x1b[A",
    "\x1b[1;5C",
    "\x1bOP",
    "\x1bOB",
    "\x1b[15~",
    "\x1b[<0;3;4M",
    "\x1b[<0;3;4m",
    "\x1b[<65;10;2M",
    "\x1b]0;a title\x07",
    "\x1b]11;rgb:ffff/ffff/ffff\x1b\\",
    "\x1b[?62;22c",
    "\x1bx",
    "\x1b\x1b[D",
    "\x02",
    "\x7f",
    "\x1b[I",
    "\x1b[200~pasted\x1b[201~",
)


@given(st.data())
def test_a_read_cut_anywhere_reads_as_it_reads_whole(data: st.DataObject) -> None:
    """Sequences cut at read boundaries (a mouse report, a string, an arrow after its ESC)
    are each read whole, as one read holding them all is."""
    whole = "".join(data.draw(st.lists(st.sampled_from(TOKENS), max_size=12)))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(whole)), max_size=6)))
    reads = [whole[a:b] for a, b in zip([0, *cuts], [*cuts, len(whole)], strict=True)]
    assert _read_through(reads) == _read_through([whole])


def _read_through(reads: list[str]) -> list[str]:
    """The events of the reads, each at once after the one before, and of a tick after the
    escape delay (a sequence that never ended given up)."""
    now = [1000.0]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("dartfit.steady.keys.time.monotonic", lambda: now[0])
        patch.setattr("textual._parser.get_time", lambda: now[0])
        parser = SteadyParser()
        got = [name(event) for data in reads if data for event in parser.feed(data)]
        now[0] += HELD_GIVE_UP + 0.01
        for _ in range(3):  # ours, then Textual's escape delay
            got += [name(event) for event in parser.tick()]
            now[0] += HELD_GIVE_UP + 0.01
    return got


@pytest.mark.parametrize("tail", ["\x1b", "\x1b[", "\x1b[1;", "\x1b[<35;4", "\x1b]0;ti", "\x1bO"])
def test_a_read_that_ends_inside_a_sequence_loses_nothing_in_a_flood(
    tail: str, clock: list[float]
) -> None:
    """The flood's last read ends inside a sequence, whose rest comes after the flood is
    over: no stray key of its rest, and the key after it is taken."""
    parser = SteadyParser()
    whole = {"\x1b": "\x1b[C", "\x1bO": "\x1bOC", "\x1b]0;ti": "\x1b]0;ti\x07"}.get(tail, "")
    rest = whole[len(tail) :] if whole else "5C" if "<" not in tail else "0;12M"
    got = taken(parser, ["\x1b[C" * 2000 + tail], clock, 0.001)
    got += taken(parser, [rest + "?"], clock, 0.001)
    assert [event for event in keys(got) if event != "right"] == ["question_mark"]


def test_a_lone_escape_is_the_escape_key_at_the_escape_delay(clock: list[float]) -> None:
    parser = SteadyParser()
    assert taken(parser, ["\x1b"], clock, 0.0) == []
    clock[0] += HELD_GIVE_UP / 2
    assert list(parser.tick()) == []
    clock[0] += HELD_GIVE_UP
    assert [name(event) for event in parser.tick()] == ["escape"]


PIECES = (
    "a",
    "é",
    "\ufffd",
    "\x1b",
    "[",
    "O",
    "]",
    "<",
    "M",
    "m",
    "P",
    "\\",
    ";",
    "1",
    "35",
    "64",
    "A",
    "~",
    "\x07",
    "\x03",
    "\x11",
    "\x02",
    "\r",
    "\x7f",
    "?",
    "$",
    " ",
)


@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_every_character_of_a_read_is_judged(pieces: list[str]) -> None:
    """A read is cut into runs of one kind that make up all of it but the sequence it ends
    inside: nothing is passed on, or dropped, unjudged."""
    data = "".join(pieces)
    data = data[: len(data) - floods.open_end(data)]
    assert "".join(part for _, part in floods.runs(data)) == data


def test_escape_is_taken_while_the_mouse_moves_fast(clock: list[float]) -> None:
    parser = SteadyParser()
    moves = [f"\x1b[<35;{1 + i % 80};{1 + i % 24}M" for i in range(300)]
    taken(parser, moves, clock, 0.002)  # faster than moves are taken: the latest waits
    assert keys(taken(parser, ["\x1b"], clock, 0.002)) == []  # escape, or the start of a key
    assert keys(after_a_pause(parser, clock, "")) == ["escape"]
