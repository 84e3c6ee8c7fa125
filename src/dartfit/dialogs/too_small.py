"""Shown over everything while the terminal is smaller than the game needs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Key
from textual.screen import ModalScreen

from dartfit.steady.started import DrawnOnceStarted
from dartfit.widgets.prose import Prose
from dartfit.wording import kept, wrap_at_spaces


class TooSmallScreen(ModalScreen[None], DrawnOnceStarted):
    """Says how large the terminal must be, and how large it is; goes away by itself once
    it is large enough."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.need = (width, height)

    def compose(self) -> ComposeResult:
        # Prose: wrapped at plain spaces, each size whole ("80" had ended a row, "× 24." begun
        # the next, at 40 columns)
        yield Prose(self.notice(), id="too-small")

    def notice(self) -> str:
        """The size needed beside the size the terminal has now, and how to quit: in fewer
        words where the whole notice would not fit (at 30 × 6 "ctrl+q quits." was cut)."""
        (w, h), now = self.need, self.app.size
        need, have = kept(f"{w} × {h}"), kept(f"{now.width} × {now.height}")
        notices = (
            # "to go on" whole: at 70 × 20 "…(or the font smaller) to" stood above "go on."
            f"dartfit needs a terminal of at least {need}.\nThis one is {have}: make the "
            f"window larger (or the font smaller) {kept('to go on.')}\n\nctrl+q quits.",
            f"dartfit needs {need}; this one is {have}.\nctrl+q quits.",
            f"needs {need}\nctrl+q quits",
        )
        rows = [
            sum(len(wrap_at_spaces(line, now.width)) for line in notice.split("\n"))
            for notice in notices
        ]
        return next((n for n, r in zip(notices, rows, strict=True) if r <= now.height), notices[-1])

    def on_resize(self) -> None:
        """Keep the size said up to date while the window is dragged."""
        self.query_one("#too-small", Prose).set_text(self.notice())

    def on_key(self, event: Key) -> None:
        """Nothing but ctrl+q works until the terminal is larger: a key gets the bell."""
        event.stop()
        self.app.bell()
