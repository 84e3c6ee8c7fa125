"""A paste costs the game little, however long, marked or not: a bracketed paste's text past
its first `PASTE_KEPT` characters is skipped in one search, and a flood of text read a
little at a time is dropped once it overdraws a typist's budget (`dartfit.steady.floods`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual import events

from dartfit.steady import floods
from dartfit.steady.keys import PASTE_END, PASTE_KEPT, PASTE_START, SteadyParser

pytestmark = pytest.mark.usefixtures("clock")  # the parsers' clocks stand still but as moved


TEXT = "The quick brown fox jumps over the lazy dog: h, r, c, o, y and ?\r"


def events_of(parser: SteadyParser, reads: list[str]) -> list[str]:
    """Each event of the reads in turn: a key's name, or a paste and its length."""
    out = []
    for data in reads:
        for event in parser.feed(data):
            if isinstance(event, events.Paste):
                out.append(f"paste of {len(event.text)}")
            else:
                out.append(event.key if isinstance(event, events.Key) else type(event).__name__)
    return out


def in_reads(data: str, size: int) -> list[str]:
    return [data[at : at + size] for at in range(0, len(data), size)]


@pytest.mark.parametrize("size", [4096, 1000, 7])
def test_a_long_bracketed_paste_costs_no_more_than_its_first_characters(
    characters_read: list[int], size: int, clock: list[float]
) -> None:
    """2.7 MB pasted kept the game from its keys for 10 s: each character was read on its
    own. It is one paste of its first characters, and the key after it is taken. (On a clock
    that stands still: read 7 characters at a time on a loaded machine, a pause between two
    reads passed PASTE_PAUSE, and a read that short after a pause is a key typed after the
    paste: the rest came as keys, a failure in a full run.)"""
    body = (TEXT * 20_000)[:1_000_000]
    reads = in_reads(PASTE_START + body + PASTE_END + "?", size)
    assert events_of(SteadyParser(), reads) == [f"paste of {PASTE_KEPT}", "question_mark"]
    assert characters_read[0] < PASTE_KEPT + 100


def test_a_paste_keeps_its_start_as_it_was_pasted() -> None:
    parser = SteadyParser()
    body = "12.5" + "x" * 10_000
    pasted = [e.text for e in parser.feed(PASTE_START + body + PASTE_END) if hasattr(e, "text")]
    assert pasted == [body[:PASTE_KEPT]]


@given(st.data())
def test_a_long_paste_ends_where_it_ends_however_it_is_cut(data: st.DataObject) -> None:
    """Cut anywhere (its end split across reads, an escape sequence pasted where the text is
    skipped), a paste is one paste, and nothing pasted is a key."""
    inside = data.draw(st.sampled_from(["", "\x1b", "\x1b[", "\x1b[20", "\x1b[A", "\x1boy"]))
    body = "x" * data.draw(st.integers(0, 3 * PASTE_KEPT)) + inside + "y" * 50
    whole = PASTE_START + body + PASTE_END + "z"
    cuts = sorted(data.draw(st.lists(st.integers(1, len(whole) - 1), max_size=6)))
    reads = [whole[a:b] for a, b in zip([0, *cuts], [*cuts, len(whole)], strict=True)]
    got = events_of(SteadyParser(), [r for r in reads if r])
    assert got[-1:] == ["z"] and len(got) == 2 and got[0].startswith("paste of ")


def test_a_flood_read_a_little_at_a_time_is_no_keys(
    clock: list[float], characters_read: list[int]
) -> None:
    """300 KB pasted without a paste's marks, read a few hundred characters at a time, was
    300,000 keys: a minute before the game answered `?`. At most a typist's burst of it is
    read; a key typed after a pause is taken."""
    parser = SteadyParser()
    taken = []
    for data in in_reads((TEXT * 5000)[:300_000], 200):
        clock[0] += 0.002
        taken += events_of(parser, [data])
    assert len(taken) <= floods.PLAIN_RUN
    assert characters_read[0] <= floods.PLAIN_RUN
    clock[0] += floods.FLOOD_PAUSE
    assert events_of(parser, ["?"]) == ["question_mark"]


def test_the_way_out_and_every_sequence_are_taken_in_a_flood(clock: list[float]) -> None:
    """ctrl+q, ctrl+c, an arrow and a click inside a flood of text are still taken."""
    parser = SteadyParser()
    events_of(parser, [TEXT * 10])  # the flood starts
    clock[0] += 0.01
    flood = TEXT * 3 + "\x1b[A" + TEXT + "\x03" + TEXT + "\x1b[<0;3;4M" + TEXT + "\x11" + TEXT
    assert events_of(parser, [flood]) == ["up", "ctrl+c", "MouseDown", "ctrl+q"]


def test_key_repeat_and_typing_are_never_a_flood(clock: list[float]) -> None:
    """A letter held for a minute at 60 repeats a second, and bursts of fast typing."""
    parser = SteadyParser()
    for _ in range(60 * 60):
        clock[0] += 1 / 60
        assert events_of(parser, ["u"]) == ["u"]
    clock[0] += 1.0
    assert events_of(parser, ["hello world"]) == [*"hello", "space", *"world"]


def test_a_flood_that_starts_a_paste_keeps_the_paste(clock: list[float]) -> None:
    """Text dropped as a flood, then a bracketed paste in the same read: the paste is one."""
    parser = SteadyParser()
    reads = [TEXT * 10 + PASTE_START + "12" + PASTE_END + TEXT * 10, "\x11"]
    assert events_of(parser, reads) == ["paste of 2", "ctrl+q"]
