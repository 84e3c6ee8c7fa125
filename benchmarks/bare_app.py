"""The yardstick for dartfit's time to first frame: a bare Textual app (Header, Static, Footer).

    python benchmarks/bare_app.py

ctrl+q quits, as in dartfit.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class BareApp(App[None]):
    """Nothing but a header, a line of text and a footer."""

    TITLE = "bare"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("A bare Textual app: the yardstick for time to first frame.")
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
