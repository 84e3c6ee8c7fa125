"""What the terminal sends, read as keys: a key code Textual's parser cannot take is
dropped alone, and every key around it is kept (`dartfit.steady.SteadyParser`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual._xterm_parser import XTermParser

from dartfit.steady import SteadyParser

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
