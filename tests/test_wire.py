"""The wire: frames cut down to their changed cells leave the terminal showing what the whole
frames would have. The oracle is pyte, an independent terminal emulator: one screen is fed
the frames as Textual writes them, the other the trimmed frames, and after every frame the
two agree on every cell's character, colours and attributes."""

from __future__ import annotations

import re

import pyte
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import Color
from rich.console import Console
from rich.control import Control
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from dartfit.wire import Wire

WIDTH, HEIGHT = 24, 6
CONSOLE = Console(color_system="256", force_terminal=True, width=WIDTH, legacy_windows=False)
STYLES = [
    None,
    Style(color="red"),
    Style(color=Color.from_ansi(244), bgcolor=Color.from_ansi(235)),
    Style(color="green", bgcolor="black", bold=True),
    Style(bgcolor=Color.from_ansi(235)),
    Style(color="yellow", underline=True),
    Style(reverse=True),
    Style(color="blue", italic=True, strike=True),
]
CHARS = " ab•─│┤⠁⠒⣿█▀▄✚×0123456789−"
WIDE = "中é"  # one wide character, one made of a letter and a combining accent
TEXT = st.text(alphabet=CHARS, min_size=1, max_size=6)
SEGMENT = st.tuples(st.one_of(TEXT, TEXT.map(lambda t: t + WIDE)), st.sampled_from(STYLES))


@st.composite
def chop(draw: st.DrawFn) -> tuple[int, str]:
    """One chop of a frame, as Textual's compositor writes it: a move, then a strip."""
    y = draw(st.integers(0, HEIGHT - 1))
    x = draw(st.integers(0, WIDTH - 4))
    segments: list[Segment] = []
    room = WIDTH - x
    for text, style in draw(st.lists(SEGMENT, min_size=1, max_size=5)):
        width = Strip([Segment(text)]).cell_length
        if width > room:
            break
        segments.append(Segment(text, style))
        room -= width
    return y, Control.move_to(x, y).segment.text + Strip(segments).render(CONSOLE)


def frame_of(chops: list[tuple[int, str]], cursor: tuple[int, int]) -> str:
    """Chops row by row, a newline between rows (never after the last, as Textual writes
    them, so the screen never scrolls), then the cursor's place."""
    rows: dict[int, list[str]] = {}
    for y, text in sorted(chops, key=lambda chop: chop[0]):
        rows.setdefault(y, []).append(text)
    body = "\n".join("".join(texts) for texts in rows.values())
    return body + Control.move_to(*cursor).segment.text


FRAME = st.one_of(
    st.builds(
        frame_of,
        st.lists(chop(), min_size=1, max_size=8),
        st.tuples(st.integers(0, WIDTH - 1), st.integers(0, HEIGHT - 1)),
    ),
    st.sampled_from(["\x1b[?2026h", "\x1b[?2026l", "\x1b[?25l", "\x1b[2J", "\x1b[H\x1b[2J"]),
)


def _cells(screen: pyte.Screen) -> list[list[tuple[object, ...]]]:
    """What each cell shows: a blank only its background, and the lines drawn through it
    (and with reverse, the foreground it turns into its background); any other character
    all of its attributes."""
    shown = []
    for y in range(HEIGHT):
        row = []
        for x in range(WIDTH):
            c = screen.buffer[y][x]
            if c.data == " ":
                lines = (c.reverse, c.underscore, c.strikethrough)
                row.append((" ", c.bg, *lines, c.reverse and c.fg))
            else:
                row.append(tuple(c))
        shown.append(row)
    return shown


@settings(max_examples=300)
@given(st.lists(FRAME, min_size=1, max_size=25))
def test_trimmed_frames_leave_the_screen_the_whole_frames_leave(frames: list[str]) -> None:
    whole, trimmed = pyte.Screen(WIDTH, HEIGHT), pyte.Screen(WIDTH, HEIGHT)
    feed_whole, feed_trimmed = pyte.Stream(whole), pyte.Stream(trimmed)
    wire = Wire()
    for frame in frames:
        feed_whole.feed(frame)
        feed_trimmed.feed(wire.trim(frame))
        assert _cells(trimmed) == _cells(whole), repr(frame)
        assert (trimmed.cursor.x, trimmed.cursor.y) == (whole.cursor.x, whole.cursor.y)


def test_a_frame_sent_again_sends_no_cell_and_a_change_sends_little() -> None:
    wire = Wire()
    red, grey = Style(color="red"), Style(color=Color.from_ansi(244))
    row = Strip([Segment("0┤", grey), Segment("   •   •  ", red), Segment("│", grey)])
    frame = Control.move_to(2, 3).segment.text + row.render(CONSOLE)
    first = wire.trim(frame)
    assert "0┤" in first and "•   •" in first and len(first) < len(frame)  # fewer resets
    assert wire.trim(frame) == ""  # nothing changed: nothing sent
    moved = Strip([Segment("0┤", grey), Segment("    •  •  ", red), Segment("│", grey)])
    again = wire.trim(Control.move_to(2, 3).segment.text + moved.render(CONSOLE))
    assert again.count("•") == 1 and "┤" not in again and "│" not in again  # 2 cells
    assert len(again) < len(frame) / 2


def test_text_not_one_cell_a_character_is_sent_whole_even_when_its_widths_add_up() -> None:
    """テ and a combining voiced mark make デ: two characters in two cells, but not one cell
    each. Trimmed to the changed character, the mark would be left behind (pyte drops
    combining marks, so this is checked on what is sent)."""
    wire = Wire()
    at = Control.move_to(4, 1).segment.text
    wire.trim(f"{at} \u30c6\u3099\u30d5\u3099 ")
    again = wire.trim(f"{at} \u30c6\u3099\u30db\u3099 ")
    assert "\u30c6\u3099\u30db\u3099" in again  # the whole text again, not one character


def test_each_character_is_measured_once_not_in_every_run_it_is_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A frame's runs of box drawing and braille were measured a character at a time, each
    time a new run held them (a fifth of the wire's time); a character known to take one
    cell is not measured again, and one that does not still makes its run unknown."""
    from dartfit import wire as wire_module

    measured: list[str] = []
    real = wire_module.cell_len
    monkeypatch.setattr(wire_module, "cell_len", lambda ch: measured.append(ch) or real(ch))
    monkeypatch.setattr(wire_module, "_ONE_CELL", set())
    wire_module._width.cache_clear()
    assert wire_module._width("─┤⠒⠒•") == 5 and wire_module._width("⠒•─ ┤x") == 6
    assert sorted(measured) == sorted("─┤⠒• x")  # each once, over both runs
    assert wire_module._width("⠒\u30c6\u3099") == -1  # a wide and a mark: not one a cell
    wire_module._width.cache_clear()


def test_between_frames_the_terminal_is_in_its_own_colours() -> None:
    """Whatever else writes to the terminal (a background job; a game killed before it
    restored the terminal) writes in the terminal's colours, as between whole frames."""
    wire = Wire()
    red = Strip([Segment("red", Style(color="red"))]).render(CONSOLE)
    for _ in range(3):
        sent = wire.trim(Control.move_to(0, 0).segment.text + red + "\x1b[5;5H")
        assert sent.rfind("\x1b[0m") > sent.rfind("\x1b[0;31m") or "red" not in sent


def test_anything_but_a_compositor_frame_is_sent_whole_and_the_screen_forgotten() -> None:
    wire = Wire()
    frame = Control.move_to(0, 0).segment.text + "hello"
    wire.trim(frame)
    for other in ("\x1b[?1049h", "\x1b]0;title\x07", "\x1b[2J", "text without a move"):
        assert wire.trim(other) == other
        assert not wire.rows
        assert "hello" in wire.trim(frame)  # sent again: the screen was forgotten


def _both(frames: list[str]) -> list[str]:
    """Each frame trimmed, after checking that the trimmed frames leave the screen the
    whole ones do."""
    whole, trimmed = pyte.Screen(WIDTH, HEIGHT), pyte.Screen(WIDTH, HEIGHT)
    wire, sent = Wire(), []
    for frame in frames:
        pyte.Stream(whole).feed(frame)
        sent.append(wire.trim(frame))
        pyte.Stream(trimmed).feed(sent[-1])
        assert _cells(trimmed) == _cells(whole)
    return sent


def test_a_run_changed_at_both_ends_is_not_sent_again_between_them() -> None:
    """A row of penalty squares is one run of one style; a nudge moves its edges at both
    ends. The cells between were sent again, all of them (a run was sent from its first
    change to its last); they are stepped over."""
    fill = Style(color="white", bgcolor=Color.from_ansi(52), bold=True)
    at = Control.move_to(1, 2).segment.text
    rows = ("┌" + "─" * 18 + "┐", " ┌" + "─" * 16 + "┐ ")
    frames = [at + Strip([Segment(row, fill)]).render(CONSOLE) for row in rows]
    again = _both(frames)[1]
    assert "─" not in again and again.count("┌") == 1 and again.count("┐") == 1


def test_blanks_leaving_a_fill_are_sent_with_their_background_alone() -> None:
    """Where a square shrank, the cells it left are blanks on the chart's ground: their
    colour code set the ground's ink and turned bold off too, which blanks do not show."""
    fill = Style(color=Color.from_ansi(253), bgcolor=Color.from_ansi(52), bold=True)
    ground = Style(color=Color.from_ansi(60), bgcolor=Color.from_ansi(234))
    at = Control.move_to(0, 1).segment.text
    rows = [[("●──┐", fill), ("    ·", ground)], [("●┐", fill), ("      ·", ground)]]
    frames = [at + Strip([Segment(t, s) for t, s in row]).render(CONSOLE) for row in rows]
    again = _both(frames)[1]
    assert "\x1b[48;5;234m  " in again and "38;5;60" not in again


def test_colour_codes_on_their_own_colour_the_text_after_them_even_an_empty_one() -> None:
    """Textual writes a segment as its colour code, text and a reset; a colour code alone
    (an empty one, which resets) sets the colour of plain text after it all the same."""
    frames = [
        "\x1b[1;1Hab\x1b[31mcd\x1b[mef\x1b[1;32mgh\x1b[0mij\x1b[2;3H",
        "\x1b[1;1Hab\x1b[31mcD\x1b[mEf\x1b[32mgh\x1b[0mIj\n\x1b[2;1H\x1b[33mkl\x1b[0m\x1b[2;3H",
    ]
    sent = _both(frames)
    assert "a" not in sent[1] and "D" in sent[1] and "E" in sent[1] and "I" in sent[1]
    wire = Wire()
    wire.trim(frames[0])
    assert wire.sent_whole == 0  # understood, not sent whole


def test_a_run_sent_again_over_a_changed_screen_is_sent_again() -> None:
    """A run the same as one sent before may still change the screen: its colour is not the
    same, or a run written over part of it since (earlier in the same frame, too). A wire
    that knew a run by its place and text alone, or kept knowing it after another was
    written over it, would leave the screen wrong."""
    red, green = Style(color="red"), Style(color="green")
    at = [Control.move_to(x, 0).segment.text for x in range(3)]
    ab_red, ab_green = (Strip([Segment("ab─", style)]).render(CONSOLE) for style in (red, green))
    x_red = Strip([Segment("X", red)]).render(CONSOLE)
    sent = _both(
        [
            at[0] + ab_red,
            at[0] + ab_green,  # the same text in another colour
            at[0] + ab_green + at[1] + x_red + at[0] + ab_green,  # over it, then it again
            at[0] + ab_green + at[2] + x_red,
            at[0] + ab_green,
        ]
    )
    assert "ab─" in sent[1] and "32" in sent[1]
    assert sent[2].endswith("b") or "b\x1b" in sent[2]  # b written again over the X
    assert "─" in sent[4] and "X" not in sent[4]


@st.composite
def recurring_frame(draw: st.DrawFn) -> str:
    """A frame of a few runs from a few, at a few places, so that runs come again: the same
    as on the screen, in another colour, or over or under another sent in the same frame."""
    chops = []
    for _ in range(draw(st.integers(1, 4))):
        y, x = draw(st.sampled_from([(0, 0), (0, 2), (0, 3), (1, 0)]))
        text, style = (
            draw(st.sampled_from(["ab─", "a ─ ", "  •"])),
            draw(st.sampled_from(STYLES[:4])),
        )
        chops.append(
            Control.move_to(x, y).segment.text + Strip([Segment(text, style)]).render(CONSOLE)
        )
    return "".join(chops) + Control.move_to(0, 0).segment.text


@settings(max_examples=300)
@given(st.lists(recurring_frame(), min_size=2, max_size=12))
def test_runs_that_come_again_leave_the_screen_the_whole_frames_leave(frames: list[str]) -> None:
    _both(frames)


@st.composite
def whole_screen(draw: st.DrawFn) -> str:
    """A frame that draws every cell (as a repaint of the whole screen does), one-cell
    characters in runs of styles."""
    rows = []
    for y in range(HEIGHT):
        segments, room = [], WIDTH
        while room:
            text = draw(st.text(alphabet=CHARS.replace("−", ""), min_size=1, max_size=room))
            segments.append(Segment(text, draw(st.sampled_from(STYLES))))
            room -= len(text)
        rows.append(Control.move_to(0, y).segment.text + Strip(segments).render(CONSOLE))
    return "\n".join(rows) + Control.move_to(0, 0).segment.text


@settings(max_examples=150)
@given(st.lists(FRAME, max_size=6), st.lists(FRAME, min_size=1, max_size=6), whole_screen())
def test_frames_held_back_are_never_sent_and_the_repaint_after_leaves_the_whole_screen(
    before: list[str], held: list[str], repaint: str
) -> None:
    """While held (the win panel placed out of sight), no frame reaches the terminal, and
    what is not a frame does; the whole screen drawn after the hold is cut down to what
    changed since the last frame sent, and leaves the screen the whole frames leave."""
    whole, trimmed = pyte.Screen(WIDTH, HEIGHT), pyte.Screen(WIDTH, HEIGHT)
    wire = Wire()
    for frame in before:
        pyte.Stream(whole).feed(frame)
        pyte.Stream(trimmed).feed(wire.trim(frame))
    wire.hold()
    for frame in held:
        pyte.Stream(whole).feed(frame)
        sent = wire.trim(frame)
        if re.match(r"\x1b\[\d+;\d+H", frame):  # a compositor's frame starts with a move
            assert sent == "", repr(frame)  # a frame: held back
        else:
            assert sent.endswith(frame)  # not a frame (a mode, a clear): sent as ever
        pyte.Stream(trimmed).feed(sent)
    wire.release()
    pyte.Stream(whole).feed(repaint)
    pyte.Stream(trimmed).feed(wire.trim(repaint))
    assert _cells(trimmed) == _cells(whole)
    assert (trimmed.cursor.x, trimmed.cursor.y) == (whole.cursor.x, whole.cursor.y)


def test_a_repaint_after_a_hold_sends_only_what_changed_since_the_last_frame_sent() -> None:
    """Held back: the frames of a level laid out again around an empty band. Sent: the
    cells the repaint changes from the frame before the hold, no more."""
    grey = Style(color=Color.from_ansi(244))
    first = Control.move_to(0, 1).segment.text + Strip([Segment("MSE = 4.20 ", grey)]).render(
        CONSOLE
    )
    band = Control.move_to(0, 1).segment.text + Strip([Segment("           ", grey)]).render(
        CONSOLE
    )
    final = Control.move_to(0, 1).segment.text + Strip([Segment("MSE = 4.10 ", grey)]).render(
        CONSOLE
    )
    wire = Wire()
    wire.trim(first)
    wire.hold()
    assert wire.trim(band) == "" and wire.dropped == 1
    wire.release()
    sent = wire.trim(final)
    assert "1" in sent and "MSE" not in sent and "4." not in sent  # one cell changed


def test_a_frame_the_wire_sends_whole_is_held_back_too_and_a_whole_one_ends_the_hold() -> None:
    """ŷ written with a combining accent is not one cell a character: such a frame is sent
    whole, as it is. While held it leaked: the win's band showed under it (crickets at
    80×24). Held back now; and a repaint of every row, even one sent whole, ends the hold."""
    band = Control.move_to(0, 1).segment.text + "y\u0302 = 3.00·x + 30.0"
    wire = Wire()
    assert wire.trim(band).endswith(band)  # sent whole when not held
    wire.hold()
    assert wire.trim(band) == ""
    wire.release_on_whole(HEIGHT)
    assert wire.trim(band) == ""  # not every row: still held
    whole = "".join(Control.move_to(0, y).segment.text + "y\u0302" for y in range(HEIGHT))
    assert wire.trim(whole).endswith(whole) and not wire.held


def test_a_frame_that_changes_no_cell_and_leaves_the_cursor_where_it_is_sends_nothing() -> None:
    """Textual ends each frame with a move of the cursor: a frame that changed nothing sent
    that move alone, 6 bytes that ended a level's first frame 12-20 ms late."""
    wire = Wire()
    row = Strip([Segment("0┤", Style(color="red"))]).render(CONSOLE)
    home, elsewhere = Control.move_to(0, 0).segment.text, Control.move_to(5, 1).segment.text
    frame = Control.move_to(2, 3).segment.text + row
    assert wire.trim(frame + home).endswith(home)
    assert wire.trim(frame + home) == ""
    assert wire.trim(frame + elsewhere) == elsewhere  # the cursor still goes where it is put
    wire.trim("\x1b[?1049h")  # not a frame: the screen, and where the cursor is, unknown
    assert wire.trim(frame + elsewhere) != ""
