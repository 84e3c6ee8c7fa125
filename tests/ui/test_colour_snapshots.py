"""How the line level looks in the light theme, in a 16-colour terminal and under NO_COLOR
(SVG snapshots; update with --snapshot-update).

Textual's own screenshot is always drawn in true colour and skips the filters a terminal
gets, so these pictures are made from the frame the terminal would get: the screen's
segments, passed through what the terminal does to them (Textual's NO_COLOR filter, or
rich's mapping to the 16 standard colours), then exported as an SVG.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from rich.color import ColorSystem
from rich.console import Console
from rich.segment import Segment, Segments
from rich.style import Style
from syrupy.extensions.image import SVGImageSnapshotExtension
from textual.app import App
from textual.color import Color
from textual.filter import Monochrome

from dartfit.app import make_app
from tests.conftest import SHIPPED

Recolour = Callable[[list[Segment]], list[Segment]]


def sixteen_colours(segments: list[Segment]) -> list[Segment]:
    """Each colour as a 16-colour terminal shows it (TERM=xterm, TERM=screen)."""

    def down(style: Style | None) -> Style | None:
        if style is None:
            return None
        return style + Style(
            color=style.color.downgrade(ColorSystem.STANDARD) if style.color else None,
            bgcolor=style.bgcolor.downgrade(ColorSystem.STANDARD) if style.bgcolor else None,
        )

    return [Segment(text, down(style), control) for text, style, control in segments]


def no_colour(segments: list[Segment]) -> list[Segment]:
    """What Textual sends when NO_COLOR is set: every colour turned to a grey."""
    styled = [Segment(text, style or Style()) for text, style, _ in segments]
    return Monochrome().apply(styled, Color(0, 0, 0))


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


def frame_svg(app: App[object], recolour: Recolour) -> str:
    """The screen as the terminal gets it, recoloured, as an SVG."""
    width, height = app.size
    lines = frame_lines(app)
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
    for line in lines:
        console.print(Segments(recolour(line)), end="\n", crop=True)
    return console.export_svg(title="dartfit")


CASES: dict[str, tuple[str, Recolour]] = {
    "light": ("textual-light", list),
    "16-colours": ("textual-dark", sixteen_colours),
    "no-color": ("textual-dark", no_colour),
    "light-16-colours": ("textual-light", sixteen_colours),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_the_line_level_reads_in_every_terminal(case: str, tmp_path, snapshot) -> None:
    theme, recolour = CASES[case]
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        for key in ("right", "right", "up"):
            await pilot.press(key)
        await pilot.pause()
        svg = frame_svg(app, recolour)
    assert svg == snapshot(extension_class=SVGImageSnapshotExtension)
