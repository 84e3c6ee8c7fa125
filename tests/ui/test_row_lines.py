"""A RowView hands Textual its rows' strips straight from its own cache (RowView.render_lines):
cell for cell what Textual's style cache would have drawn, cropped or whole, filtered
(NO_COLOR) or not, on every chart and number panel of a level, the solver and a lesson."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.filter import Monochrome
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from dartfit.app import make_app
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.rows import RowView
from tests.conftest import SHIPPED
from tests.ui.typing import solver_opened


def cells(strips: list[Strip]) -> list[list[tuple[str, object]]]:
    """Each line as its cells: a character and its style."""
    return [
        [(char, segment.style) for segment in strip for char in segment.text] for strip in strips
    ]


def crops(widget: Widget) -> list[Region]:
    width, height = widget.size
    return [
        Region(0, 0, width, height),
        Region(3, 1, max(1, width - 7), max(1, height - 2)),
        Region(width // 2, height // 3, 1, 1),
    ]


@pytest.mark.parametrize("filtered", [False, True], ids=["colour", "no-color"])
@pytest.mark.parametrize("level", ["first-line", "first-throw", "bowl"])
async def test_a_row_view_draws_what_textual_would(tmp_path: Path, level: str, filtered) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level)
    async with app.run_test(size=(120, 40)) as pilot:
        if filtered:
            app._filters.append(Monochrome())  # what NO_COLOR sets
        for key in ("s", "right", "up", "a", "y"):  # squares, a nudge, the auto-solver (yes)
            await pilot.press(key)
        if level == "first-line":
            await solver_opened(pilot)  # its rows too
        await pilot.pause()
        views = [w for w in app.screen.query(RowView) if w.size.area]
        assert views, level
        for view in views:
            assert view._is_plain(), view
            for crop in crops(view):
                fast = view.render_lines(crop)
                slow = Widget.render_lines(view, crop)
                assert cells(fast) == cells(slow), (view, crop)


def whole(view):
    return Region(0, 0, *view.size)


@pytest.mark.parametrize(
    "change",
    [
        ("border", ("solid", "red")),
        ("padding", (1, 2)),
        ("tint", "red 50%"),
        ("text_opacity", 0.5),
        ("hatch", ("/", "red")),
        ("outline", ("solid", "red")),
    ],
    ids=lambda c: c[0],
)
async def test_a_style_set_in_code_after_the_first_drawing_is_drawn(tmp_path: Path, change) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        view = app.screen.query_one("#chart", CanvasView)
        assert view._is_plain()
        setattr(view.styles, change[0], change[1])
        await pilot.pause()
        await pilot.pause()
        fast = view.render_lines(whole(view))
        slow = Widget.render_lines(view, whole(view))
        assert view._is_plain() is False  # it was kept from the first drawing
        assert cells(fast) == cells(slow)


class Short(RowView[str]):
    """Rows shorter than the widget, in a text style of its own."""

    DEFAULT_CSS = "Short { color: red; text-style: underline; background: blue; }"

    def row_strip(self, row: str) -> Strip:
        return Strip([Segment(row, self.rich_style)])


class Scrolled(RowView[str]):
    """Rows wider than the widget, which has scrollbars."""

    DEFAULT_CSS = "Scrolled { overflow: scroll scroll; background: blue; }"

    def row_strip(self, row: str) -> Strip:
        return Strip([Segment(row * 40, self.rich_style)]).crop(0, self.size.width)


class Palette(RowView[str]):
    """Rows in the terminal's own palette and dim (which Textual's ANSIToTruecolor filter
    turns into truecolor) beside rows in truecolor alone (which it leaves as they are)."""

    DEFAULT_CSS = "Palette { color: ansi_red; text-style: dim; background: #000020; }"

    def row_strip(self, row: str) -> Strip:
        if row.startswith("p"):
            return Strip([Segment(row, self.rich_style)])
        return Strip([Segment(row, Style(color="#336699", bgcolor="#000000"))])


class PaletteBackground(Palette):
    """As Palette, on a background from the terminal's palette (the short rows' padding)."""

    DEFAULT_CSS = "PaletteBackground { background: ansi_blue; }"


class Holding(App[None]):
    """An app of one RowView."""

    def __init__(self, view: RowView[str]) -> None:
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield self.view


@pytest.mark.parametrize(
    "view",
    [Short, Scrolled, Palette, PaletteBackground],
    ids=["short-rows", "scrollbars", "own-palette", "own-palette-background"],
)
async def test_a_row_view_of_its_own_draws_what_textual_would(view: type[RowView[str]]) -> None:
    """Short rows are padded with the widget's background alone, as Textual pads them (they
    were padded in the text's style too: underlined blanks); scrollbars are drawn as they are."""
    app = Holding(view())
    async with app.run_test(size=(20, 6)) as pilot:
        app.view.show_rows(["ab", "abcdef", "pq", "p", *["x", "pr"] * 4])
        await pilot.pause()
        width, height = app.view.size
        for crop in (
            Region(0, 0, width, height),
            Region(2, 1, 30, 3),
            Region(0, 0, *app.view.region.size),
        ):
            fast = cells(app.view.render_lines(crop))
            assert fast == cells(Widget.render_lines(app.view, crop)), crop


class Full(RowView[str]):
    """Rows as wide as the widget, in truecolor: nothing to pad or to filter."""

    DEFAULT_CSS = "Full { background: #000020; }"

    def row_strip(self, row: str) -> Strip:
        width = self.size.width
        return Strip([Segment(row.ljust(width)[:width], Style(color="#336699"))], width)


async def test_rows_as_wide_as_the_widget_are_drawn_without_asking_its_colours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The widget's colours (asking walks every ancestor: half of drawing a chart's 34 cached
    rows) are for padding a short row or filtering one, and these rows need neither."""
    app = Holding(Full())
    async with app.run_test(size=(20, 6)) as pilot:
        app.view.show_rows(["ab", "cd", "ef", "gh", "ij", "kl"])  # every row of it
        await pilot.pause()
        asked: list[object] = []
        colours = Full.background_colors.fget
        counted = property(lambda view: asked.append(view) or colours(view))
        monkeypatch.setattr(Full, "background_colors", counted)
        fast = cells(app.view.render_lines(whole(app.view)))
        assert not asked
        assert fast == cells(Widget.render_lines(app.view, whole(app.view)))
