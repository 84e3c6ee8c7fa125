"""How the line level looks in the light theme, in a 16-colour terminal and under NO_COLOR
(SVG snapshots; update with --snapshot-update).

Textual's own screenshot is always drawn in true colour and skips the filters a terminal
gets, so these pictures are made from the frame the terminal would get. The game is started
as it starts in that terminal: told its colours as Textual reads them from the terminal
(a 16-colour one sets the game's `-sixteen-colours` class and the 16-colour rules of its
stylesheet), and each cell's colours are then brought down to the terminal's as Textual's
driver writes them (`Strip.render_ansi`); under NO_COLOR the app turns them to greys itself.
The frame is exported as an SVG, a 16-colour one in xterm's own palette.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
import textual.constants
from rich.color import ColorSystem
from rich.console import COLOR_SYSTEMS, Console
from rich.segment import Segment, Segments
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from syrupy.extensions.image import SVGImageSnapshotExtension
from textual.app import App

from dartfit.app import SIXTEEN_COLOURS, make_app
from tests.conftest import SHIPPED
from tests.ui.test_chart_colours import SIXTEEN

XTERM = [colour.get_truecolor() for colour in SIXTEEN[0]]
XTERM_THEME = TerminalTheme(XTERM[0], XTERM[7], XTERM[:8], XTERM[8:])
"""xterm's own 16 colours: a 16-colour frame's colours as TERM=xterm shows them."""


@dataclass(frozen=True)
class Terminal:
    """A terminal the line level is drawn for: its theme, its colours, NO_COLOR."""

    theme: str
    colours: str = "truecolor"  # as textual.constants.COLOR_SYSTEM reads it from the terminal
    no_color: bool = False


CASES = {
    "light": Terminal("textual-light"),
    "16-colours": Terminal("textual-dark", "standard"),
    "no-color": Terminal("textual-dark", no_color=True),
    "light-16-colours": Terminal("textual-light", "standard"),
}


def frame_lines(app: App[object]) -> list[list[Segment]]:
    """The frame Textual's own screenshot draws (App.export_screenshot), before its
    filters: each row's segments."""
    width, height = app.size
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    render = Console(width=width, height=height, file=io.StringIO(), force_terminal=True)
    lines: list[list[Segment]] = []
    for segment in Segment.strip_links(render.render(update, render.options)):
        if segment.control:  # each row of the frame begins with a cursor move
            lines.append([])
        elif lines and segment.text:
            lines[-1].append(segment)
    return lines


def as_sent(segments: list[Segment], system: ColorSystem) -> list[Segment]:
    """Each cell's colours as Textual's driver writes them for a terminal of `system`'s
    colours (`Strip.render_ansi`: each colour downgraded, the attributes kept). Not through
    the driver's own code: it keeps the codes it made on the style, which a style shared
    with a true-colour picture (a screenshot) already holds."""

    def down(style: Style) -> Style:
        color, bgcolor = style.color, style.bgcolor
        return style + Style(
            color=color.downgrade(system) if color else None,
            bgcolor=bgcolor.downgrade(system) if bgcolor else None,
        )

    return [Segment(text, style and down(style), control) for text, style, control in segments]


def terminal_svg(app: App[object]) -> str:
    """The screen as the app's terminal gets it, as an SVG."""
    width, height = app.size
    system = COLOR_SYSTEMS[app.console.color_system or "truecolor"]
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    for line in frame_lines(app):
        console.print(Segments(as_sent(line, system)), end="\n", crop=True)
    sixteen = system <= ColorSystem.STANDARD
    return console.export_svg(title="dartfit", theme=XTERM_THEME if sixteen else None)


@pytest.mark.parametrize("case", list(CASES))
async def test_the_line_level_reads_in_every_terminal(
    case: str, tmp_path, snapshot, monkeypatch
) -> None:
    terminal = CASES[case]
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", terminal.colours)
    if terminal.no_color:  # the app turns its colours to greys itself (its filters)
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    assert app.has_class(SIXTEEN_COLOURS) == (terminal.colours == "standard")
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = terminal.theme
        for key in ("right", "right", "up"):
            await pilot.press(key)
        await pilot.pause()
        svg = terminal_svg(app)
    assert svg == snapshot(extension_class=SVGImageSnapshotExtension)
