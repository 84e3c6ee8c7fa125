"""LinesPanel: a column of one-line readouts that repaints only the lines that changed.

A HUD changes a few numbers per key press; the panel holds one `RowView` of text rows, so
a nudge re-sends those rows and not the whole panel (cheap over SSH), and one widget
paints them all (a Static per row cost the compositor a render of every row on every
nudge). The rows sit inside the panel's border and padding, so a changed row re-sends
its text only, not the border beside it. No line is ever cut: a line wider than the
panel wraps onto indented rows, and when the rows are more than the panel is tall, the
blank lines between groups go first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import ne

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip

from dartfit.widgets.kept import KeptLines
from dartfit.widgets.rows import RowStrip, RowView, changed_cells
from dartfit.wording import wrap_at_spaces

INDENT = "  "
"""How a wrapped line's later rows start, so they read as one line."""


def wrap(line: str, width: int) -> list[str]:
    """The rows that show `line` in the panel: wrapped at plain spaces, the later rows
    indented (see `wording.wrap_at_spaces`)."""
    return wrap_at_spaces(line, width, INDENT)


def fit_rows(lines: list[str], width: int, height: int, spare: Sequence[str] = ()) -> list[str]:
    """The rows that show `lines` in a panel `width` × `height` (0: not laid out yet):
    each line wrapped to the width; when they don't all fit, the blank lines dropped, then
    the `spare` lines (reminders the help also gives), in their order, until they do."""
    rows = [row for line in lines for row in wrap(line, width)]
    if height and len(rows) > height:
        lines = [line for line in lines if line.strip()]
        rows = [row for line in lines for row in wrap(line, width)]
        for line in spare:
            if len(rows) <= height:
                break
            if line in lines:
                lines.remove(line)
                rows = [row for line in lines for row in wrap(line, width)]
    return rows


class TextRows(RowView[str]):
    """The panel's rows of text, in the panel's style, as one row-diffed widget."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._row_looks: tuple[Style, Style] | None = None  # see `_looks`

    def show_text(self, rows: list[str]) -> None:
        """Show these rows; only rows that differ from the last ones are repainted."""
        if len(rows) != len(self._rows):
            auto = self.styles.base.height
            if auto is not None and auto.is_auto:
                # its height is its number of rows, set as a height of its own: Textual counts
                # a widget's layout change only when none is pending, so rows grown again while
                # the last growth's layout waited were laid out at the height its cache held
                # (the wide HUD showed 15 of its 20 rows for good, under load)
                self.styles.height = len(rows)
            else:
                self.refresh(layout=True)
        self.show_rows(rows)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows)

    def changed_span(self, row: str, old: str) -> tuple[int, int]:
        """From the first to the last character that differs (one cell each), so a number
        that changed re-sends itself and not its whole row; the whole row otherwise."""
        if len(row) != cell_len(row) or len(old) != cell_len(old):
            return super().changed_span(row, old)
        width = self.shown_width()
        return changed_cells(list(map(ne, row.ljust(width)[:width], old.ljust(width)[:width])))

    def row_strip(self, row: str) -> Strip:
        """A row's text, then blank cells to the width: the segments a Static of one row
        draws, its text offsets included, so the picture is the one a Static per row drew."""
        text_style, blank_style = self._looks()
        width, cells = self.size.width, cell_len(row)
        text = RowStrip([Segment(row, text_style)], cells)
        if width <= cells:
            return text.crop(0, width)
        return RowStrip([*text, Segment(" " * (width - cells), blank_style)], width)

    def _looks(self) -> tuple[Style, Style]:
        """The style of a row's text, with its offsets as `Strip.apply_offsets` gives them,
        and of the blanks after it: made once until the styles change, not for every row
        (the offsets' style alone is made by pickling them)."""
        if self._row_looks is None:
            style = self.style_of("")
            (probe,) = Strip([Segment(" ", style)]).apply_offsets(0, 0)
            self._row_looks = (probe.style or style, Style(bgcolor=style.bgcolor))
        return self._row_looks

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._row_looks = None


class LinesPanel(KeptLines):
    """Shows a list of text lines; ``show`` repaints only rows whose text changed."""

    DEFAULT_CSS = """
    LinesPanel { layout: vertical; height: auto; }
    LinesPanel > TextRows { height: auto; width: 1fr; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._lines: list[str] = []  # what the screen asked to show
        self._spare: Sequence[str] = ()  # of them, what may go when they do not fit
        self._note = ""  # a line of its own under them, set apart from `show` (`note`)
        self._made: Callable[[Size], list[str]] | None = None  # see `show_in_size`
        self._view = TextRows()  # what it shows: the lines wrapped and fitted
        self._laid_out_in: Size | None = None  # the size they were fitted to

    def compose(self) -> ComposeResult:
        yield self._view

    def show(self, lines: list[str], spare: Sequence[str] = ()) -> None:
        """Display these lines, repainting only the rows that differ from what is shown;
        where they do not fit, the blank lines go first, then the `spare` ones in order."""
        self._lines, self._spare, self._made = list(lines), spare, None
        self._lay_out()

    def show_in_rows(self, make: Callable[[int], list[str]]) -> None:
        """Display the lines `make(rows)` gives for the rows the panel has (0: not laid out
        yet), made again whenever its size changes: a table that lists as many rows as fit."""
        self.show_in_size(lambda size: make(size.height))

    def show_in_size(self, make: Callable[[Size], list[str]]) -> None:
        """Display the lines `make(size)` gives for the panel's size (0 × 0: not laid out
        yet), made again whenever it changes: a formula of as many terms as its row holds,
        made again when a class that moved its panel has been laid out."""
        self._made = make
        self._lay_out()

    def note(self, line: str) -> None:
        """Show `line` under the lines, after a blank one, until another note ("": none): for
        what someone other than the lines' maker has to say."""
        if line != self._note:
            self._note = line
            self._lay_out()

    def on_mount(self) -> None:
        self.screen.screen_layout_refresh_signal.subscribe(self, self._after_layout)

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _after_layout(self, _: Screen[object]) -> None:
        """After each layout of its screen, the lines for the panel's size if it is new: a
        screen under another (a level under its win panel) may be laid out again with no
        Resize for the panels it moves, and a table made for the 38 rows it had stayed in
        the 48 it has now."""
        if self.content_size != self._laid_out_in:
            self._lay_out()

    def _lay_out(self) -> None:
        size = self._laid_out_in = self.content_size
        if self._made is not None:
            self._lines = self._made(size)
        self._view.show_text(fit_rows(self._all_lines(), size.width, size.height, self._spare))

    def _all_lines(self) -> list[str]:
        return [*self._lines, "", self._note] if self._note else self._lines

    @property
    def text(self) -> str:
        """Everything asked to be shown, one line per line (for tests)."""
        return "\n".join(self._all_lines())

    @property
    def spare(self) -> Sequence[str]:
        """The lines that may go where they do not all fit (for tests)."""
        return self._spare
