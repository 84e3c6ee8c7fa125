"""Guess the MSE: points and a line with no number but the axes'; type a guess, see the truth."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import numpy as np
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var

from dartfit import core
from dartfit.pictures.fit import FitPicture, draw_fit, fit_bounds
from dartfit.rules import guess, scoring
from dartfit.rules.guess import GuessState
from dartfit.screens import tables
from dartfit.screens.level_base import LevelScreen, play_area
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.wording import as_typed, kept, num, num_beside, score_tenths, shown_score, steady

CURSOR = "▏"
TYPE_WHAT = {  # "then enter" whole on its row ("type a height, then" | "enter" at 80x24)
    "lower": f"type 1 or 2, {kept('then enter')}",
    "constant": f"type a height, {kept('then enter')}",
}
"""What to type, when it is not a positive number."""
WIDEST_TYPED = (-12345678901.0, -0.000012345)
"""Guesses of guess.MAX_TYPED characters that `num` writes widest (−1.235e10, −1.234e−5)."""
TYPING = " Type digits and a decimal point (backspace erases), then press enter."
HELP_OF = {
    "mse": "Look at the points and the line and guess how big the line's MSE is."
    + TYPING
    + " The reveal draws the misses' squares (those a cell or more across: a small miss's"
    " square may not show) and gives the true MSE: your score is 100·(1 − relative"
    " error). The MSE is the average area of all the squares: picture a typical square,"
    " not a typical miss.",
    "mae": "Look at the points, the line and its misses (the dotted stubs) and guess the"
    " line's MAE, the average length of a miss." + TYPING + " The reveal gives the true"
    " MAE: your score is 100·(1 − relative error).",
    "lower": "Two lines over the same points: which has the lower MSE? Type 1 or 2, then"
    " press enter. The reveal draws line 1's misses and gives both MSEs: right scores 100,"
    " wrong 0. Judge the biggest misses first: their squares count most.",
    "constant": "One number for every point: which height gives the least MSE? Type it (a"
    " minus sign first for a negative one), then press enter. The reveal draws the mean ȳ,"
    " the height with the least MSE, and its squares: your score is 100·(1 − |guess − ȳ|/σ),"
    " σ the points' spread.",
}
"""The help's prose for what each guess level asks."""


class GuessScreen(LevelScreen):
    """One round at a time: the chart, and a panel with the guess typed and, after, the truth."""

    BINDINGS = [
        Binding("enter", "enter", "Guess / next", tooltip="hand in the guess, or go on"),
        Binding("backspace", "erase", "Erase", tooltip="take back the last digit typed"),
    ]
    HELP = "Look, guess, type the guess (backspace erases), then enter: the reveal follows."

    state: var[GuessState | None] = var(None)

    def compose_body(self) -> ComposeResult:
        with play_area():
            yield CanvasView(id="chart")
            yield LinesPanel(id="hud")
            yield LinesPanel(id="misses")  # a wide screen's: the points, then their misses

    def on_mount(self) -> None:
        super().on_mount()
        self.state = GuessState()

    def start_over(self) -> None:
        self.state = GuessState()

    def watch_state(self, state: GuessState | None) -> None:
        if state is None:
            return
        self.query_one(CanvasView).show(partial(draw_fit, self._picture(state)))
        self.query_one("#hud", LinesPanel).show(self._hud(state))
        self.show_wide("#misses", partial(self._misses, state), self._misses_held)

    def resized(self) -> None:
        """The column of the points, or of their misses, for the screen's width (-wide)."""
        if self.state is not None:
            self.watch_state(self.state)

    def _misses_held(self) -> list[str]:
        """The column at its widest in this play (`held`): each round's points and, once
        guessed, their misses, each of every point; a constant's beside the widest guesses
        that can be typed (its foot says the guess)."""
        rounds = guess.rounds(self.level)
        n = max(shown.y.size for shown in rounds)
        rows = n + tables.HEAD_ROWS + 8  # every point, its head and its foot
        said = WIDEST_TYPED if guess.spec(self.level).asks == "constant" else (1.0,)
        return [
            *(title(n, n - 1) for title in (tables.title, tables.points_title, tables.lines_title)),
            *(
                row
                for k in range(len(rounds))
                for typed in said
                for guessed in (k, k + 1)  # before the guess, and after
                for row in self._misses(GuessState(k, (typed,) * guessed), rows)
            ),
        ]

    def _misses(self, state: GuessState, rows: int) -> list[str]:
        """A wide screen's column beside the HUD, in `rows` rows: the round's points in
        numbers; once guessed, each point's miss and square, added up to the answer (the
        MSE or MAE; both lines' MSEs; the MSE of ȳ beside the guess's)."""
        shown, asks = guess.rounds(self.level)[state.round], guess.spec(self.level).asks
        x = None if asks == "constant" else shown.x
        if not state.revealed:
            return tables.the_points(x, shown.y, rows)
        misses = guess.misses(shown)
        if asks == "lower":
            return tables.two_lines(shown.x, shown.y, misses, guess.lines_mse(shown), rows)
        e, n = misses[0], shown.y.size
        mse, sse, sae = guess.lines_mse(shown)[0], float(np.sum(e * e)), float(np.sum(np.abs(e)))
        foot = tables.sums(n, sse, mse, (sae / n, sae) if asks == "mae" else None)
        if asks == "constant":
            said, mine = state.guesses[state.round], core.mse(shown.y, state.guesses[state.round])
            foot += [f"your guess {num(said)}: MSE = {steady(mine)}"]
        columns = tables.Columns(x=x is not None, absolute=asks == "mae")
        return tables.with_foot(shown.x, shown.y, e, foot, rows, None, columns)

    def _picture(self, state: GuessState) -> FitPicture:
        """The round's points and line(s); after the guess, what answers it: the squares of
        the MSE, the misses of the MAE, the mean beside the guessed constant."""
        shown, asks = guess.rounds(self.level)[state.round], guess.spec(self.level).asks
        seen = state.revealed
        lines = [(shown.m, shown.b), *([shown.other] if shown.other else [])]
        if seen and asks == "constant":  # the guess's height comes into view with the answer
            lines.append((0.0, state.guesses[state.round]))
        plain = FitPicture(
            shown.x, shown.y, shown.m, shown.b, fit_bounds(shown.x, shown.y, lines=lines)
        )
        if asks == "lower":
            assert shown.other is not None
            return replace(
                plain,
                squares=False,
                residuals=seen,
                ghosts=(shown.other,),
                ghost_names=("line 2",),
                line_name="line 1",
                miss_name="line 1's misses",
            )
        if asks == "constant":
            mine = (0.0, state.guesses[state.round]) if seen else None
            return replace(
                plain,
                squares=seen,
                residuals=seen,
                line=seen,
                line_name="the mean ȳ: least MSE",
                ghosts=(mine,) if mine else (),
                ghost_names=("your guess",),
                miss_name="miss: point to ȳ",
            )
        squares = seen and asks == "mse"
        judged = f"the line: guess its {guess.metric_name(self.level)}"
        return replace(
            plain, squares=squares, label_largest=squares, name_line=True, line_name=judged
        )

    def _hud(self, state: GuessState) -> list[str]:
        g, asked = guess.spec(self.level), guess.metric_name(self.level)
        lines = [f"Round {state.round + 1} of {g.rounds}", ""]
        shown = guess.rounds(self.level)[state.round]
        if not state.revealed:
            lines += [f"Your guess of the {asked}:", f"  {as_typed(state.typed)}{CURSOR}", ""]
            lines += [TYPE_WHAT.get(g.asks, f"type digits, {kept('then enter')}")]
        else:
            score = guess.scores(self.level, state)[state.round]
            guessed = num(state.guesses[state.round])
            truth = num_beside(shown.truth, guessed)  # never reads as the guess unless it is
            lines += [f"Your guess: {guessed}"]
            if g.asks == "lower":  # each MSE, and how much of it one point makes, to the
                # same digits, trailing zeros kept (largest e² 21.7 beside MSE 22.21 read
                # as less exact)
                biggest = guess.lines_largest_square(shown)
                for k, v in enumerate(guess.lines_mse(shown), 1):
                    lines += [
                        f"line {k}: MSE {steady(v)}",
                        f"  largest e² {steady(biggest[k - 1])}",
                    ]
            elif g.asks == "constant":
                lines += [f"The mean ȳ: {truth}", f"(spread σ of y: {num(shown.spread)})"]
            else:
                lines += [f"True {asked}: {truth}"]
            share = guess.miss_share(self.level, shown, state.guesses[state.round])
            # the score's rule in numbers, to a tenth of a point: "100 − 42" beside a score
            # of 57 (42.3 off, floored) read as a slip; on a row of its own (a row may not
            # start with a number, so "Off by 11.1 %: 100 − 11.1" wrapped as "Off" | "by …")
            # the share as the score shown leaves it (to a tenth of a point, rounded up as
            # the score is down): "Off by 28.6 %: 100 − 28.6" sat above a score of 71.3
            off = (1000 - score_tenths(score)) / 10  # points off 100, as shown
            if share is not None and g.asks == "constant":
                said = num(off / 100 if share < 1 else share, 3)
                rule = kept(f"100 × (1 − {said})" if share < 1 else "1 σ or more off scores 0")
                lines += [f"Off by {said} σ:", f"  {rule}"]
            elif share is not None:  # twice too big scores 0
                said = shown_score(off) if share < 1 else num(100 * share, 3)
                rule = kept(f"100 − {said}" if share < 1 else "100 % or more off scores 0")
                lines += [f"Off by {said} %:", f"  {rule}"]
            lines += [f"Score: {shown_score(score)} / 100", ""]
            more = not guess.finished(self.level, state)
            lines += ["enter: next round" if more else "r: play again"]
        done = guess.scores(self.level, state)
        if done:
            lines += ["", f"Mean score: {shown_score(guess.total(self.level, state))}"]
            # what it counts, beside it: "Streak: 0" after a round scored 57.7 said nothing
            lines += [f"Streak of {guess.STREAK:g}+: {guess.streak(self.level, state)}"]
        return lines

    def on_key(self, event: events.Key) -> None:
        """Digits, the decimal point, a leading minus sign, backspace and enter: one path, so
        keys that arrive together are taken in the order they were typed."""
        if self.state is None:
            return
        if event.key in ("enter", "backspace"):
            event.stop()
            event.prevent_default()
            self.action_enter() if event.key == "enter" else self.action_erase()
        elif event.character is not None and event.character in guess.TYPABLE:
            event.stop()
            event.prevent_default()
            changed = guess.typed(self.state, event.character)
            if changed is self.state:
                self.app.bell()
            self.state = changed

    def on_paste(self, event: events.Paste) -> None:
        """A pasted plain number is typed in whole; anything else is refused, and said so
        (1e3, 1,5 or two numbers would otherwise become another number)."""
        event.stop()
        if self.state is None or self.state.revealed:
            return
        pasted = guess.pasted(self.state, event.text)
        if pasted is None:
            self.app.bell()
            shown = " ".join(event.text.split())[:20]
            self.say_of_this_move(
                f"Paste a plain number (digits, one point, a leading minus): not {shown!r}."
            )
            return
        self.state = pasted

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
        if handed is not None and not guess.allowed(self.level, handed.guesses[-1]):
            self.app.bell()
            self.say_of_this_move("Type 1 or 2: the line you think has the lower MSE.")
            return
        if handed is None:
            self.app.bell()
            self.say_of_this_move(
                f"Type a number first: your guess of the {guess.metric_name(self.level)}."
            )
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
        shown = shown_score(total)
        return f"Every round played: mean score {shown}, {below} the target ({goal:g})."

    def best_shown(self) -> list[str]:
        """Beside the win: the last round's answer (the panel takes the side panel's place)."""
        state = self.state
        if state is None or not state.guesses:
            return []
        shown = guess.rounds(self.level)[len(state.guesses) - 1]
        score = shown_score(guess.scores(self.level, state)[-1])
        said = num(state.guesses[-1])
        answer = f"{guess.answer_name(self.level)} {num_beside(shown.truth, said)}"
        return [f"Last round: your guess {said}, {answer} (score {score})"]

    def help_prose(self) -> str:
        """What this level asks, in its own words."""
        return HELP_OF[guess.spec(self.level).asks]
