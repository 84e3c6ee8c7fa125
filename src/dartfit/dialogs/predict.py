"""Predict, then see: before a level reveals something, the player commits to what it will
be. A modal over the level (hidden behind it: no number of it is read before the choice)
that answers with the choice's number, or None when the player leaves instead (the level
is not played without a prediction). Where the question is about the level's points, they
are drawn under it, their key under them as under the level's chart (a player's check: "One
point lies far below the rest" was asked over an empty screen)."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from dartfit.levels.spec import Predict
from dartfit.messages import event_clock
from dartfit.quiz.play import NO_CHOICE, cursor_moved
from dartfit.stylesheet import PLAY
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.key_strip import KeyedDrawing, KeyRow, KeyStrip
from dartfit.widgets.prose import clicks
from dartfit.wording import predict_choice

NBSP = "\u00a0"  # a leading space that the text's wrapping keeps


class PredictScreen(ModalScreen[int | None]):
    """The level's question with its choices: a number, a click (or ↑↓ and enter) commits."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # room for a taller chart
    CSS_PATH = [PLAY]  # its styling (and its charts'): see dartfit.stylesheet
    BINDINGS = [
        Binding("enter", "commit", "Commit"),
        Binding("escape", "leave", "Back", tooltip="to the levels, without playing"),
    ]

    def __init__(self, predict: Predict, picture: KeyedDrawing | None = None) -> None:
        super().__init__()
        self.predict = predict
        self.picture = picture  # the points the question is about, drawn under it, and the
        # key under them
        self.cursor: int | None = None  # no choice until the player makes one: a stray
        # enter (one more after the win panel's) answered choice 1 unread
        self.committed = False  # a second key typed ahead must not answer twice
        self.shown_at = event_clock()
        """Keys typed before the question was on screen (a second enter on the win panel
        before) answer nothing: the player has not read it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="predict-box", classes="" if self.picture is None else "-chart"):
            yield Static("Predict first", id="predict-title")
            yield Static(" ".join(self.predict.ask.split()), id="predict-ask", markup=False)
            if self.picture is not None:
                with Vertical(id="predict-figure"):  # the chart, and the key under it
                    yield CanvasView(id="predict-chart")
                    yield KeyRow()  # what each mark on the chart is, off the plot
            yield Static(self._choices(), id="predict-choices", markup=False)
            yield Static(self._keys(), id="predict-keys")

    def on_mount(self) -> None:
        if self.picture is not None:
            key = self.query_one("#key", KeyStrip)
            self.query_one("#predict-chart", CanvasView).show(self.picture(key))

    def _keys(self, problem: str = "") -> str:
        """How to answer, and under it what the level then shows, or what went wrong (enter
        with no choice yet: the keys stay in sight)."""
        n = len(self.predict.choices)
        keys = f"1–{n}, a click, or ↑↓ and enter: commit · esc back to the levels"
        return f"{keys}\n{problem or 'The level then shows whether you were right.'}"

    def _choices(self) -> Text:
        text = Text()
        for i, choice in enumerate(self.predict.choices):
            mark = "▸" if i == self.cursor else NBSP  # none at first: nothing is chosen
            look = Style(bold=i == self.cursor) + clicks(f"screen.click_choice({i + 1})")
            text.append(f"{predict_choice(i + 1, choice, mark)}\n", style=look)
        text.rstrip()  # no blank row under the last choice: the keys' margin is the gap
        return text

    def action_click_choice(self, number: int) -> None:
        """A click on a choice commits it, as its number does."""
        self._answer(number)

    def on_key(self, event: events.Key) -> None:
        """Digits, arrows and enter on one path: keys typed ahead are taken in order."""
        n = len(self.predict.choices)
        if self.committed or event.time < self.shown_at:
            event.stop()
            event.prevent_default()
            return
        if event.character is not None and event.character.isdecimal():
            if 1 <= int(event.character) <= n:
                self._answer(int(event.character))
        elif event.key in ("up", "down"):
            self.cursor = cursor_moved(self.cursor, 1 if event.key == "down" else -1, n)
            self.query_one("#predict-choices", Static).update(self._choices())
            self.query_one("#predict-keys", Static).update(self._keys())
        elif event.key == "enter":
            self.action_commit()
        elif event.key == "escape":
            self.action_leave()
        else:
            return
        event.stop()
        event.prevent_default()

    def action_commit(self) -> None:
        if self.cursor is None:
            self.app.bell()
            self.query_one("#predict-keys", Static).update(self._keys(NO_CHOICE))
            return
        self._answer(self.cursor + 1)

    def action_leave(self) -> None:
        self._answer(None)

    def _answer(self, choice: int | None) -> None:
        if not self.committed:
            self.committed = True
            self.dismiss(choice)
