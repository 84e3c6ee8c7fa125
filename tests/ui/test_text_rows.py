"""Rows of text repaint only what changed: a number that moved re-sends itself, not the row
(the MSE formula under the chart: a nudge changes a few digits of a full-width row)."""

from __future__ import annotations

from rich.style import Style
from textual.app import App, ComposeResult
from textual.geometry import Region

from dartfit.widgets.lines_panel import LinesPanel, TextRows


class OnePanel(App[None]):
    def compose(self) -> ComposeResult:
        yield LinesPanel(id="panel")


async def test_a_changed_number_repaints_only_its_cells() -> None:
    app = OnePanel()
    async with app.run_test(size=(60, 6)) as pilot:
        panel = app.query_one(LinesPanel)
        for _ in range(2):  # the first show lays the rows out, the second draws them at size
            panel.show(["MSE = (1/12)·[(0.95 − 0)² + …] = 126.8", "steady"])
            await pilot.pause()
        rows = panel.query_one(TextRows)
        asked: list[tuple[Region, ...]] = []
        refresh = rows.refresh
        rows.refresh = lambda *regions, **kw: asked.append(regions) or refresh(*regions, **kw)  # type: ignore[method-assign]
        panel.show(["MSE = (1/12)·[(0.95 − 0)² + …] = 120.4", "steady"])
        assert asked == [(Region(35, 0, 3, 1),)]  # "126.8" → "120.4": "6.8" → "0.4", 3 cells
        assert rows.changed_span("a wide 漢字 row", "a wide 漢字 raw") == (0, 59)  # wide: all


async def test_what_the_rows_show_is_the_text() -> None:
    app = OnePanel()
    async with app.run_test(size=(60, 6)) as pilot:
        panel = app.query_one(LinesPanel)
        for text in ("= 126.8", "= 1.8", "= 126.83"):
            panel.show([text])
            await pilot.pause()
            assert panel.query_one(TextRows).render_line(0).text.rstrip() == text


async def test_a_row_is_drawn_in_the_new_theme_once_the_theme_changes() -> None:
    """The rows keep their text's and blanks' styles between rows; a new theme is new ones.
    The text keeps the offsets a Static's text has (for selecting it with the mouse)."""
    app = OnePanel()
    async with app.run_test(size=(60, 6)) as pilot:
        panel = app.query_one(LinesPanel)
        rows = panel.query_one(TextRows)
        before = [segment.style for segment in rows.row_strip("MSE = 1.5")]
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        text, blanks = rows.row_strip("MSE = 1.5")
        assert [text.style, blanks.style] != before
        assert text.style is not None and text.style.meta["offset"] == (0, 0)
        assert text.style.color == rows.style_of("").color
        assert blanks.style == Style(bgcolor=rows.style_of("").bgcolor)


class TallPanel(App[None]):
    CSS = "LinesPanel { height: 1fr; }"  # as the HUD beside the chart: the rows' height is theirs

    def compose(self) -> ComposeResult:
        yield LinesPanel(id="panel")


async def test_rows_grown_while_a_layout_is_pending_are_all_shown() -> None:
    """The wide HUD showed 15 of its 20 rows for good (a red CI at 160×45 under four workers):
    its rows had grown from 15 to 20 while their last growth's layout was still pending, and
    Textual counts a widget's layout change only when none is pending, so the layout that
    followed took their height from its cache. Here the screen is laid out between the two
    changes before the rows' own request is handled, as a resize under load had it."""
    app = TallPanel()
    async with app.run_test(size=(40, 30)) as pilot:
        panel = app.query_one(LinesPanel)
        rows = panel.query_one(TextRows)

        def grow_twice() -> None:
            panel.show([f"line {n}" for n in range(15)])
            app.screen._refresh_layout()  # a resize's layout, before the rows are idle
            panel.show([f"line {n}" for n in range(20)])

        app.call_later(grow_twice)
        for _ in range(3):
            await pilot.pause()
        assert rows.region.height == 20
        assert [rows.render_line(y).text.rstrip() for y in range(20)][-1] == "line 19"
