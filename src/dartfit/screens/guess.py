"""Guess the MSE: points and a line with no number but the axes'; type a guess, see the truth."""

from __future__ import annotations

from functools import partial

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var

from dartfit.pictures.fit import FitPicture, draw_fit, fit_bounds
from dartfit.rules import guess, scoring
from dartfit.rules.guess import GuessState
from dartfit.screens.level_base import LevelScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.wording import num

CURSOR = "▏"


class GuessScreen(LevelScreen):
    """One round at a time: the chart, and a panel with the guess typed and, after, the truth."""

    BINDINGS = [
        Binding("enter", "enter", "Guess / next", tooltip="hand in the guess, or go on"),
        Binding("backspace", "erase", "Erase", tooltip="take back the last digit typed"),
    ]
    HELP = (
        "Look at the points and the line, and type how big you think the line's MSE is "
        "(digits and a decimal point; backspace erases), then press enter. The reveal draws "
        "each miss's square and gives the true MSE: your score is 100·(1 − relative error). "
        "The MSE is the average area of the squares: picture a typical square."
    )

    state: var[GuessState | None] = var(None)

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="play-area"):
            yield CanvasView(id="chart")
            yield LinesPanel(id="hud")

    def on_mount(self) -> None:
        super().on_mount()
        self.state = GuessState()

    def start_over(self) -> None:
        self.state = GuessState()

    def watch_state(self, state: GuessState | None) -> None:
        if state is None:
            return
        shown = guess.rounds(self.level)[state.round]
        squares = state.revealed and guess.spec(self.level).metric == "mse"
        picture = FitPicture(
            shown.x,
            shown.y,
            shown.m,
            shown.b,
            fit_bounds(shown.x, shown.y, lines=[(shown.m, shown.b)]),
            squares=squares,
            label_largest=squares,
        )
        self.query_one(CanvasView).show(partial(draw_fit, picture))
        self.query_one("#hud", LinesPanel).show(self._hud(state))

    def _hud(self, state: GuessState) -> list[str]:
        g, metric = guess.spec(self.level), guess.metric_name(self.level)
        lines = [f"Round {state.round + 1} of {g.rounds}", ""]
        if not state.revealed:
            lines += [f"Your guess of the {metric}:", f"  {state.typed}{CURSOR}", ""]
            lines += ["type digits, then enter"]
        else:
            truth = guess.rounds(self.level)[state.round].truth
            score = guess.scores(self.level, state)[state.round]
            lines += [f"Your guess: {num(state.guesses[state.round])}"]
            lines += [f"True {metric}:  {num(truth)}", f"Score: {score:.0f} / 100", ""]
            more = not guess.finished(self.level, state)
            lines += ["enter: next round" if more else "r: play again"]
        done = guess.scores(self.level, state)
        if done:
            lines += ["", f"Mean score: {guess.total(self.level, state):.0f}"]
            lines += [f"Streak: {guess.streak(self.level, state)}"]
        return lines

    def on_key(self, event: events.Key) -> None:
        """Digits and the decimal point go into the guess."""
        if self.state is None or event.character is None:
            return
        if event.character in guess.TYPABLE:
            event.stop()
            event.prevent_default()
            changed = guess.typed(self.state, event.character)
            if changed is self.state:
                self.app.bell()
            self.state = changed

    def on_paste(self, event: events.Paste) -> None:
        """A pasted number is typed in, character by character (anything else is ignored)."""
        event.stop()
        if self.state is not None:
            for character in event.text.strip():
                self.state = guess.typed(self.state, character)

    def action_erase(self) -> None:
        if self.state is not None:
            self.state = guess.erased(self.state)

    def action_enter(self) -> None:
        state = self.state
        if state is None:
            return
        if state.revealed:
            if guess.finished(self.level, state):
                self.say(self._finished(state) + " r plays the rounds again.")
            else:
                self.state = guess.next_round(self.level, state)
            return
        handed = guess.guessed(state)
        if handed is None:
            self.app.bell()
            self.say(f"Type a number first: your guess of the {guess.metric_name(self.level)}.")
            return
        self.state = handed
        if guess.finished(self.level, handed):
            total = guess.total(self.level, handed)
            if not self.score(total, len(handed.guesses), finish=True):
                self.say(self._finished(handed) + " r plays the rounds again.")

    def _finished(self, state: GuessState) -> str:
        """Every round guessed: the mean score against the target."""
        total, goal = guess.total(self.level, state), scoring.target_value(self.level) or 0.0
        below = "below" if not scoring.beaten(self.level, total) else "at or above"
        return f"Every round played: mean score {total:.0f}, {below} the target ({goal:g})."
