"""What the terminal sends, read as keys: a key code Textual's parser cannot take is
dropped alone, and every key around it is kept (`dartfit.steady.keys.SteadyParser`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser

from dartfit.steady.keys import SteadyParser

pytestmark = pytest.mark.usefixtures("clock")  # the parsers' clocks stand still but as moved


UNREADABLE = ("\x1b[1114112u", "\x1b[99999999999A", "\x1b[99999999999999999999;5u")
KEYS = ("a", "\x1b[A", "\r", "?", "é", "\x1b[<0;3;4M", "\x1b[200~pasted\x1b[201~")


def read(parser: XTermParser, data: str) -> list[str]:
    """What the parser makes of the data: each key's name, or the event's class."""
    return [
        event.key if isinstance(event, events.Key) else type(event).__name__
        for event in parser.feed(data)
    ]


@given(st.lists(st.sampled_from(KEYS + UNREADABLE), max_size=12))
def test_a_key_code_the_parser_cannot_take_loses_nothing_read_with_it(
    parts: list[str],
) -> None:
    readable = [part for part in parts if part not in UNREADABLE]
    expected = [name for part in readable for name in read(XTermParser(), part)]
    assert read(SteadyParser(), "".join(parts)) == expected


def test_textuals_own_parser_raises_on_them() -> None:
    """Why the steady one exists: if this fails, a newer Textual reads them itself."""
    for code in UNREADABLE:
        try:
            read(XTermParser(), code)
        except (ValueError, OverflowError):
            continue
        raise AssertionError(f"Textual's parser took {code!r}")


def test_the_parser_reads_on_after_a_failed_code_in_a_later_read() -> None:
    parser = SteadyParser()
    assert read(parser, "\x1b[1114112u") == []
    assert read(parser, "b") == ["b"]
    assert read(parser, "\x1b[B") == ["down"]


# what a terminal says and no key is: each read as a whole and dropped, never as keys
TERMINAL_SAYS = (
    "\x1b]0;" + "x" * 40 + "b\x07",  # a title (OSC) longer than Textual looks for a key in
    "\x1b]11;rgb:ffff/ffff/ffff\x1b\\",  # a background colour's reply
    "\x1bP1$r0m\x1b\\",  # a DCS reply
    "\x1b[?62;22c",  # the device attributes' reply: its ? opened help
    "\x1b[?1u",  # a keyboard protocol's reply: its u undid the winning move
    "\x1b[?12;5;1R",
    "\x1b[8;24;80t",  # a window size report: no key has it
    "\x1b[" + "1;" * 300 + "A",  # far longer than a key's code
)
# what Textual reads as keys, mouse reports, focus and pastes: read as Textual reads it
UNDERSTOOD = (
    *KEYS,
    "\x1b[1;2C",
    "\x1bOP",
    "\x1b[15~",
    "\x1b[[A",
    "\x1b[97;5u",
    "\x1b[27;5;9~",
    "\x1b[I",
    "\x1b[O",
    "\x1b[12;5R",
    "\x1b[48;24;80;480;800t",
    "\x1b[?2026;2$y",
)
ALT = ("\x1ba", "\x1b\x1b")  # ESC and a key: Textual's parser waits for what follows


@given(st.lists(st.sampled_from(UNDERSTOOD + TERMINAL_SAYS + UNREADABLE), max_size=12))
def test_what_a_terminal_says_is_never_read_as_keys(parts: list[str]) -> None:
    """Textual read on into the keys after a sequence it did not know and handed them all
    out as keys (the `b` of a title showed the best line, at the cost of a star)."""
    kept = [part for part in parts if part in UNDERSTOOD]
    expected = [name for part in kept for name in read(XTermParser(), part + "z")[:-1]]
    assert read(SteadyParser(), "".join(parts) + "z")[:-1] == expected


def test_every_key_reads_as_textuals_own_parser_reads_it() -> None:
    for part in UNDERSTOOD + ALT:
        assert read(SteadyParser(), part + "z") == read(XTermParser(), part + "z"), part


def test_a_paste_that_never_ends_is_given_up_and_the_next_key_is_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`ESC [200~` with no end (a byte lost on the line) held every key after it, ctrl+q
    too, for good. Both ways the drivers read: ticked while no input comes (the terminal),
    or only as input comes (a browser tab). What was pasted goes on as the paste."""
    from dartfit.steady import keys as steady

    now = [1000.0]
    monkeypatch.setattr(steady.time, "monotonic", lambda: now[0])
    for ticked in (True, False):
        parser = SteadyParser()
        assert read(parser, "\x1b[200~half a paste") == []
        now[0] += steady.PASTE_GIVE_UP / 2
        if ticked:
            assert list(parser.tick()) == []
        assert read(parser, " and more") == []  # the rest of it, late: still a paste
        now[0] += steady.PASTE_GIVE_UP + 0.1
        given_up = [said(event) for event in parser.tick()] if ticked else []
        given_up += pasted(parser, ["\x11"])
        assert given_up == ["paste 'half a paste and more'", "ctrl+q"]


def test_a_paste_that_never_ends_is_given_up_though_its_rest_keeps_coming(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A hostile pass: in a browser tab, text sent into a paste whose end never came, never
    2 s apart, kept it going for good. No paste lasts longer than PASTE_LONGEST."""
    from dartfit.steady import keys as steady

    now = [1000.0]
    monkeypatch.setattr(steady.time, "monotonic", lambda: now[0])
    parser = SteadyParser()
    assert read(parser, "\x1b[200~") == []
    for _ in range(int(steady.PASTE_LONGEST)):  # text a second: never quiet, never a key
        now[0] += 1.0
        assert read(parser, "x" * steady.PASTE_REST_LEAST) == []
    now[0] += 1.0
    assert read(parser, "\x11") == ["Paste", "ctrl+q"]


@pytest.mark.parametrize(
    ("key", "names"),
    [
        ("\x11", ["ctrl+q"]),
        ("b", ["b"]),
        ("\x1b[A", ["up"]),
        ("\r", ["enter"]),
        ("\x1b[<0;3;4M", ["MouseDown"]),
        ("0.5", ["0", "full_stop", "5"]),
    ],
)
@pytest.mark.parametrize("ticked", [True, False])
def test_a_key_typed_after_a_paste_whose_end_never_came_is_a_key(
    monkeypatch: pytest.MonkeyPatch, key: str, names: list[str], ticked: bool
) -> None:
    """A paste whose end never came took every key typed in the next 2 s as its text (ctrl+q
    too): a terminal writes a paste at once, and a key typed after a pause ends it there.
    The text pasted so far goes on as the paste."""
    from dartfit.steady import keys as steady

    now = [1000.0]
    monkeypatch.setattr(steady.time, "monotonic", lambda: now[0])
    parser = SteadyParser()
    assert pasted(parser, ["\x1b[200~3.5"]) == []
    for _ in range(3):  # the terminal's driver ticks the parser while no input comes
        now[0] += steady.PASTE_PAUSE / 2
        if ticked:
            assert list(parser.tick()) == []
    assert read(SteadyParser(), key) == names
    assert pasted(parser, [key]) == ["paste '3.5'", *names]


def test_the_rest_of_a_paste_after_a_pause_over_a_slow_link_is_no_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A paste's text cut by a pause (its rest a round trip behind) goes on as one paste,
    its rest never keys, up to its end; and its end, cut as well, ends it."""
    from dartfit.steady import keys as steady

    now = [1000.0]
    monkeypatch.setattr(steady.time, "monotonic", lambda: now[0])
    monkeypatch.setattr("textual._parser.get_time", lambda: now[0])
    parser = SteadyParser()
    events = pasted(parser, ["\x1b[200~" + "a" * 20])
    for rest in ("qb?" * 10, "c\x1b[20", "1~z"):
        now[0] += 0.3
        events += [said(event) for event in parser.tick()]
        events += pasted(parser, [rest])
    assert events == [f"paste {'a' * 20 + 'qb?' * 10 + 'c'!r}", "z"]


def test_a_long_sequence_costs_no_more_than_its_characters() -> None:
    """`ESC [` and 100,000 digits kept the game from its keys for seconds."""
    assert read(SteadyParser(), "\x1b[" + "9" * 100_000 + "Az") == ["z"]


def test_a_mouse_report_after_a_resize_of_pixel_size_zero_is_dropped_not_a_crash() -> None:
    """Textual divided by the pixel size a resize report gave: 0 ended the game."""
    parser = SteadyParser()
    assert read(parser, "\x1b[48;24;80;0;0t") == ["Resize"]
    assert read(parser, "\x1b[<0;3;4M") == []  # dropped, and the parser made afresh
    assert read(parser, "\x1b[<0;5;5Mz") == ["MouseDown", "z"]


def test_a_sequence_textual_would_hand_out_as_keys_is_dropped_whole() -> None:
    """Past 32 characters Textual's parser reissues a sequence as keys, a b among them."""
    assert read(SteadyParser(), "\x1b[" + "1" * 30 + "bz") == ["z"]
    assert read(SteadyParser(), "\x1b[?1$yz") == ["z"]  # no mode report, though it ends in $y


def test_a_paste_holding_a_control_string_opener_ends_where_it_ends() -> None:
    """ESC P inside a paste began a string that swallowed the paste's end and all after."""
    for inside in ("\x1bPy", "\x1b]b c", "\x1bXq"):
        data = "\x1b[200~x" + inside + "\x1b[201~ab"
        assert read(SteadyParser(), data) == ["Paste", "a", "b"], inside


def pasted(parser: XTermParser, parts: list[str]) -> list[str]:
    """Each event of the parts read in turn: a key's name, or a paste with its text."""
    return [said(event) for part in parts for event in parser.feed(part)]


def said(event: object) -> str:
    """A key's name, or a paste with its text."""
    return f"paste {event.text!r}" if isinstance(event, events.Paste) else read_one(event)


def read_one(event: object) -> str:
    return event.key if isinstance(event, events.Key) else type(event).__name__


@pytest.mark.parametrize(
    ("inside", "text"),
    [
        ("\x1boy", "oy"),  # o y: the best line shown, and a star gone
        ("ll\x1b", "ll"),  # escape: the level closed
        ("\x1b\x1bab", "ab"),
        ("\x1b[Cllll", "[Cllll"),  # an arrow's code, then keys
        ("\x1b[\rl", "[\rl"),
        ("\x1b" + "l" * 40, "l" * 40),
        ("a\x1b[99Xb", "a[99Xb"),
        ("a\x1b[200~b", "a[200~b"),
    ],
)
def test_nothing_pasted_after_an_escape_is_a_key(inside: str, text: str) -> None:
    """Textual's parser, given ESC inside a paste, handed out as keys what was pasted after
    it (up to 32 characters, an escape among them): a paste of ESC o y showed the best line
    and cost stars. As a terminal does, the ESC is dropped and the rest is pasted text."""
    data = "\x1b[200~x" + inside + "\x1b[201~ab"
    assert pasted(SteadyParser(), [data]) == [f"paste {'x' + text!r}", "a", "b"]


@pytest.mark.parametrize("cut", range(1, 7))
def test_a_paste_ends_where_its_end_is_split_across_reads(cut: int) -> None:
    end = "\x1b[201~"
    parts = ["\x1b[200~he\x1b\x1bllo" + end[:cut], end[cut:] + "z"]
    assert pasted(SteadyParser(), parts) == ["paste 'hello'", "z"]


@pytest.mark.parametrize("cut", range(1, 6))
def test_a_long_paste_starts_where_its_start_is_split_across_reads(cut: int) -> None:
    """The start of a paste held at the end of one read, and the rest of it with more than
    `PLAIN_RUN` characters of text in the next: that read was dropped as text pasted
    without marks, the start with it, and the paste's next characters were keys (o y: the
    best line shown, and stars gone)."""
    start = "\x1b[200~"
    body = "x" * 300
    parts = [start[:cut], start[cut:] + body, "oy\x1b[201~z"]
    assert pasted(SteadyParser(), parts) == [f"paste {body + 'oy'!r}", "z"]


@pytest.mark.parametrize("cut", range(1, 6))
def test_a_paste_ends_where_its_end_comes_late_over_a_slow_link(
    monkeypatch: pytest.MonkeyPatch, cut: int
) -> None:
    """The start of a paste's end held past the escape delay (its rest 150 ms behind, over a
    slow link) was given up as text: the paste never ended, and swallowed every key typed
    after it, ctrl+q too, until it was given up whole (a review). It waits for the rest."""
    from dartfit.steady import keys as steady

    now = [1000.0]
    monkeypatch.setattr(steady.time, "monotonic", lambda: now[0])
    monkeypatch.setattr("textual._parser.get_time", lambda: now[0])
    parser = SteadyParser()
    end = "\x1b[201~"
    events = pasted(parser, ["\x1b[200~hello" + end[:cut]])
    events += [read_one(event) for event in parser.tick()]
    now[0] += 0.15
    events += [read_one(event) for event in parser.tick()]
    events += pasted(parser, [end[cut:] + "\x11"])
    assert events == ["paste 'hello'", "ctrl+q"]


def test_the_key_after_a_paste_given_up_mid_sequence_is_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A paste given up while the start of a sequence was held (a browser tab: ticked only
    as input comes) kept it held, and the next key was read as its next character."""
    from dartfit.steady import keys as steady

    now = [1000.0]
    monkeypatch.setattr(steady.time, "monotonic", lambda: now[0])
    parser = SteadyParser()
    assert read(parser, "\x1b[200~half a paste\x1b[20") == []
    now[0] += steady.PASTE_GIVE_UP + 0.1
    assert pasted(parser, ["q"]) == ["paste 'half a paste'", "q"]  # the end's start: dropped


PASTED = "The quick brown fox jumps over the lazy dog: h, r, c and ?\r" * 80


@pytest.mark.parametrize("line_end", ["\r", "\n", "\r\n"])
def test_text_pasted_without_marks_is_no_keys_and_what_is_typed_next_is(
    monkeypatch: pytest.MonkeyPatch, line_end: str
) -> None:
    """100 KB pasted into a terminal without bracketed paste was 100,000 keys: the game
    busy for 10 s, its hint, reset and help keys pressed thousands of times. A terminal
    sends a pasted line's end as \r (a review: only \n was taken for text)."""
    now = [100.0]
    monkeypatch.setattr("dartfit.steady.keys.time.monotonic", lambda: now[0])
    parser = SteadyParser()
    pasted = PASTED.replace("\r", line_end)
    assert read(parser, pasted[:4096]) == []
    now[0] += 0.01
    assert read(parser, pasted[:100]) == []  # the paste's last read, however short
    now[0] += 1.0
    assert read(parser, " ") == ["space"]  # typed after it: taken
    assert read(parser, "hrc") == ["h", "r", "c"]  # a few keys in one read: a typist's
    now[0] += 1.0
    assert read(parser, "x" * 256) == ["x"] * 256  # key repeat, held up on a slow link: kept


@pytest.mark.parametrize(
    ("data", "keys"),
    [
        ("\x1b[A" + PASTED, ["up"]),
        (PASTED + "\x1b[<0;3;4M", ["MouseDown"]),
        ("\x1b[A" + PASTED + "\x1b[B", ["up", "down"]),
        ("\x1b[I" + PASTED, ["AppFocus"]),
    ],
)
def test_a_paste_read_with_a_key_or_a_report_drops_only_the_paste(
    data: str, keys: list[str]
) -> None:
    """A review: an arrow, a focus report or a mouse report in the same read as a paste let
    the whole paste through as keys."""
    assert read(SteadyParser(), data) == keys


def test_a_bracketed_paste_of_any_length_is_still_one_paste_event() -> None:
    assert read(SteadyParser(), "\x1b[200~" + PASTED + "\x1b[201~") == ["Paste"]


def test_a_long_escape_delay_does_not_let_a_paste_take_keys_for_longer() -> None:
    """The pause that ends a paste whose end never came is the escape delay a slow link asks
    for, never more than half a second ($ESCDELAY=100000 asks for 100 s)."""
    import os
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-c", "from dartfit.steady import keys; print(keys.PASTE_PAUSE)"],
        env={**os.environ, "ESCDELAY": "100000"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert float(run.stdout) == 0.5
