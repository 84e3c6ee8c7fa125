"""A check: questions one at a time, each marked and explained the moment it is answered,
then what the player got right (and, after the campaign, what they gained per concept).

Each answer is posted up as it is given, so the app saves it at once: leaving half-way
keeps every answer already given. The rules of taking a check are `dartfit.quiz.play`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Static

from dartfit.lessons import lesson_title
from dartfit.messages import OpenLesson, event_clock
from dartfit.printable import fitted
from dartfit.progress import Moment, Progress
from dartfit.quiz import Asked, CheckSpec, gains, shown_order
from dartfit.quiz import play as quiz
from dartfit.quiz.grade import num
from dartfit.quiz.play import QuizState
from dartfit.stylesheet import PLAY
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.prose import clicks
from dartfit.widgets.scroll import TextScroll
from dartfit.widgets.title_bar import TitleBar
from dartfit.wording import as_typed

CURSOR = "▏"
NBSP = "\u00a0"  # a leading space that the text's wrapping keeps
FORM_HELP = {
    "choose": "press the choice's number, or click it (or ↑↓ and enter)",
    "number": "type a number, then enter (backspace erases)",
    "order": "type the numbers in your order, then enter (backspace erases)",
}


class CheckScreen(Screen[None]):
    """One check: a chapter's, the warm-up, the final check or a review."""

    CSS_PATH = [PLAY]  # its styling (and its charts'): see dartfit.stylesheet
    BINDINGS = [
        Binding("enter", "enter", "Answer / next"),
        Binding("up", "move(-1)", "Choice ↑", show=False),
        Binding("down", "move(1)", "Choice ↓", show=False),
        Binding("l", "lesson", "Lesson", tooltip="the lesson of this question"),
        Binding("escape", "leave", "Leave", tooltip="answers given so far are kept"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
    ]
    HELP = (
        "A check: one question at a time. Choose with the choice's number (or the arrows and "
        "enter); type a number or an order and press enter. Each answer is marked and "
        "explained at once, and kept the moment it is given. A question you miss comes back "
        "for review after you win another level."
    )

    state: var[QuizState] = var(QuizState)
    progress: var[Progress | None] = var(None, init=False)
    """The player's progress (the final check shows what was gained per concept)."""

    @dataclass
    class Answered(Message):
        """A question was answered: the app keeps it at once."""

        key: str
        right: bool
        moment: Moment

    def __init__(
        self,
        title: str,
        asked: list[Asked],
        moment: Moment,
        checks: list[CheckSpec],
        progress: Progress | None = None,
    ) -> None:
        super().__init__()
        self.check_title = title
        self.asked = asked
        self.moment = moment
        self.checks = checks
        self.set_reactive(CheckScreen.progress, progress)
        self.shown_at = event_clock()
        """Keys typed before the question on screen (or its mark) was shown are not taken:
        a double tap must not answer the next question unseen."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with TextScroll(id="check-body"):
            yield Static("", id="check-text", markup=False)
            yield Static("", id="check-verdict", markup=False)
            yield Static("", id="check-after", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = self.check_title
        self._show()

    def watch_state(self, old: QuizState, new: QuizState) -> None:
        if (old.index, old.graded) != (new.index, new.graded):
            self.shown_at = event_clock()  # a new question, or its mark: read it first
        if self.is_mounted:
            self._show()
            self.refresh_bindings()

    def watch_progress(self) -> None:
        if self.is_mounted and quiz.over(self.state, self.asked):
            self._show()

    def on_resize(self) -> None:
        if quiz.over(self.state, self.asked):  # the summary's lines take the width there is
            self._show()

    def _show(self) -> None:
        question, verdict, after = self._view()
        self.query_one("#check-text", Static).update(question)
        shown = self.query_one("#check-verdict", Static)
        shown.update(verdict)
        graded = self.state.graded
        shown.set_class(graded is not None and graded.right, "-right")
        shown.set_class(graded is not None and not graded.right, "-wrong")
        shown.display = bool(verdict)
        self.query_one("#check-after", Static).update(after)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        now = quiz.current(self.state, self.asked)
        if action == "move":
            return now is not None and bool(now.question.choices) and self.state.graded is None
        if action == "lesson":
            return now is not None and self.state.graded is not None
        return True

    # keys -----------------------------------------------------------------
    def on_key(self, event: events.Key) -> None:
        """Enter, the arrows over choices, a choice's number, typing and backspace: one
        path, so keys typed ahead are taken in the order they were typed (a binding's key
        would be taken after the characters queued behind it)."""
        now = quiz.current(self.state, self.asked)
        choosing = now is not None and bool(now.question.choices) and self.state.graded is None
        if event.time < self.shown_at and event.key != "escape":
            event.stop()  # typed before this question (or its answer) was on screen
            event.prevent_default()
            return
        if event.key == "enter":
            self.action_enter()
        elif event.key in ("up", "down") and choosing:
            self.action_move(-1 if event.key == "up" else 1)
        elif event.key == "backspace":
            self.state = quiz.erased(self.state)
        elif now is None or event.character is None:
            return
        elif now.question.choices and event.character.isdecimal():
            self._change(quiz.chosen(self.state, self.asked, int(event.character)))
        elif event.character in quiz.NUMBER_KEYS or event.character == " ":
            changed = quiz.typed(self.state, self.asked, event.character)
            if changed is self.state and self.state.graded is None:
                self.app.bell()
            self.state = changed
        else:
            return
        event.stop()
        event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.state = quiz.pasted(self.state, self.asked, event.text)

    def action_click_choice(self, number: int) -> None:
        """A click on a choice answers it, as its number does (once, and not after)."""
        now = quiz.current(self.state, self.asked)
        if now is not None and now.question.choices and self.state.graded is None:
            self._change(quiz.chosen(self.state, self.asked, number))

    def action_move(self, step: int) -> None:
        self.state = quiz.moved(self.state, self.asked, step)

    def action_enter(self) -> None:
        if quiz.over(self.state, self.asked):
            self.dismiss(None)
            return
        self._change(quiz.entered(self.state, self.asked))

    def action_lesson(self) -> None:
        now = quiz.current(self.state, self.asked)
        if now is not None:
            self.post_message(OpenLesson(now.question.lesson))

    def action_leave(self) -> None:
        self.dismiss(None)

    def _change(self, state: QuizState) -> None:
        """Take the new state; an answer just given goes up to be kept."""
        answered = state.graded is not None and self.state.graded is None
        if answered and state.graded is not None:
            key = self.asked[state.index].key
            self.post_message(self.Answered(key, state.graded.right, self.moment))
            if self.moment == "before":  # the warm-up: the levels give the answers, not this
                state = quiz.entered(state, self.asked)
        self.state = state

    # the view ---------------------------------------------------------------
    def _view(self) -> tuple[Text, str, Text]:
        """The question, the verdict once answered (styled right or wrong), and what follows."""
        if quiz.over(self.state, self.asked):
            return self._summary(), "", Text()
        state, now = self.state, self.asked[self.state.index]
        q = now.question
        text = Text()
        head = f"Question {state.index + 1} of {len(self.asked)}"
        if state.graded is not None:  # the lesson's name once answered: "Signs cancel" over
            # "what is Σe?" and "Training is lowering the MSE" over "what is training?"
            # gave the answers away
            head += f" · {lesson_title(q.lesson)}"
        text.append(head + "\n\n", style="dim")
        text.append(_para(q.ask) + "\n\n", style="bold")
        if q.choices:
            for i, choice in enumerate(q.choices):
                mark = "▸" if i == state.cursor and state.graded is None else NBSP
                line = self._hanging(f"{NBSP}{mark} {i + 1}. ", choice)
                if state.graded is None:  # a click answers, as the choice's number does
                    line.stylize(clicks(f"screen.click_choice({i + 1})"))
                text.append_text(line)
        elif q.order:
            for position, item in enumerate(shown_order(q)):
                text.append_text(self._hanging(f"{NBSP * 3}{position + 1}. ", q.order[item]))
            text.append(f"\nYour order: {state.typed}")
            text.append(CURSOR if state.graded is None else "")
            text.append("\n")
        else:
            unit = f" {q.unit}" if q.unit else ""
            cursor = CURSOR if state.graded is None else ""
            text.append(f"Your answer: {as_typed(state.typed)}{cursor}{unit}\n")
            if q.within and state.graded is None:
                like = "2/3 (66.7 %)" if q.unit == "%" else "2/3"  # a share, in percent
                within = f"(right to within ± {num(q.within)}; a fraction like {like} works too)"
                text.append(within + "\n", style="dim")
        graded = state.graded
        if state.problem:  # it says how to answer, in the form's help's place: the help said
            # it again under it ("Type a number (like 2.5 or −3), then press enter." over
            # "type a number, then enter") until a key cleared the problem
            text.append(f"\n{state.problem}\n", style="bold")
        elif graded is None:
            text.append(f"\n{FORM_HELP[q.form]}", style="dim")
        if graded is None:
            if self.moment == "before" and state.index == 0:
                text.append("\n\nAnswers are not shown yet: the levels teach them.", style="dim")
            return text, "", Text()
        if graded.right:
            verdict = f"✓ Right: {graded.answer}."
        else:
            verdict = f"✗ Not quite. You said {graded.said}; the answer is {graded.answer}."
        after = Text(_para(q.explain) + "\n")
        last = state.index + 1 == len(self.asked)
        after.append(f"\nenter: {'see how you did' if last else 'next question'}", style="dim")
        return text, verdict, after

    def _hanging(self, prefix: str, item: str) -> Text:
        """`prefix` then `item`, its wrapped lines lined up under its first word, not under
        the number (a long choice, or one in wide characters, wraps at 80 columns)."""
        body = self.query_one("#check-text").content_region.width or self.size.width - 6
        width = max(min(body, 96) - cell_len(prefix), 10)
        lines = Text(item).wrap(self.app.console, width)
        made = Text()
        for i, line in enumerate(lines):
            line.rstrip()
            made.append(prefix if i == 0 else NBSP * cell_len(prefix))
            made.append_text(line)
            made.append("\n")
        return made

    def _summary(self) -> Text:
        results = self.state.results
        text = Text()
        right = sum(results)
        if self.moment == "before":  # the warm-up is not marked: the levels teach first
            text.append(f"{len(results)} answers kept for the final check.\n", style="bold")
        else:
            text.append(f"You answered {right} of {len(results)} right.\n", style="bold")
        if self.moment == "after" and self.progress is not None:
            text.append_text(gain_table(self.checks, self.progress))
        text.append("\n")
        for asked, was_right in zip(self.asked, results, strict=False):
            mark = "·" if self.moment == "before" else "✓" if was_right else "✗"
            text.append(f"{NBSP}{mark} ", style="bold")
            text.append(f"{_short(asked.question.ask, max(64, min(self.size.width, 96) - 12))}\n")
        missed = len(results) - right
        if missed and self.moment == "after":
            text.append("\nThe lessons (l from the title) explain again what was missed.\n")
        elif missed and self.moment != "before":
            they = "It comes" if missed == 1 else "They come"
            text.append(f"\n{they} back for review after you win another level.\n")
        if self.moment == "before":
            text.append(
                "\nThe levels teach the answers. The final check after the last level asks "
                "about the same ideas in new questions: you will see what you learned, concept "
                "by concept.\n"
            )
        text.append("\nenter: back", style="dim")
        return text


def gain_table(checks: list[CheckSpec], progress: Progress) -> Text:
    """Per concept: right before the campaign (the warm-up) and after it (the final check)."""
    text = Text("\nWhat you learned, concept by concept (before → after):\n\n")
    found = gains(checks, progress)
    for gain in found:
        was = "–" if gain.before is None else f"{gain.before}/{gain.asked}"
        now = "–" if gain.after is None else f"{gain.after}/{gain.asked}"
        text.append(f"{NBSP}{lesson_title(gain.lesson):<32.32} {was:>5} → {now:<5}")
        if gain.before is not None and gain.after is not None and gain.after > gain.before:
            text.append(" ↑ learned", style="bold")
        text.append("\n")
    asked = sum(g.asked for g in found)
    before = [g.before for g in found if g.before is not None]
    after = [g.after for g in found if g.after is not None]
    right_before = f"{sum(before)}/{asked}" if before else "–"  # no warm-up: no gain to show
    right_after = f"{sum(after)}/{asked}" if after else "–"
    total = f"{NBSP}{'In all':<32} {right_before:>5} → {right_after}\n"
    text.append(total, style="bold")
    return text


def _para(text: str) -> str:
    """A paragraph as written in a file, its line breaks joined (the screen wraps it)."""
    return " ".join(text.split())


def _short(text: str, width: int = 64) -> str:
    return fitted(_para(text), width)
