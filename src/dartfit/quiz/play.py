"""Taking a check, pure: a frozen state the screen replaces on every key.

One question at a time: a choice is picked with its number (or the arrows and enter), a
number or an order is typed and handed in with enter. Once answered, the question is marked
and its explanation shown; enter goes on. Answers already given stay given: a key typed
twice, or typed ahead, never answers a question twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dartfit.quiz.grade import BOX, BOX_KEYS, Graded, grade, read_number, read_order
from dartfit.quiz.plan import Asked

MAX_TYPED = BOX
NUMBER_KEYS = BOX_KEYS


@dataclass(frozen=True)
class QuizState:
    """Where the player is in a check."""

    index: int = 0
    """The question asked (== the number of questions once the check is over)."""
    cursor: int | None = None
    """The choice the arrows point at (choose questions); none until an arrow is pressed, so
    an enter typed twice (to go on, then again) does not hand in the first choice unread."""
    typed: str = ""
    graded: Graded | None = None
    """The current question's mark, once answered."""
    results: tuple[bool, ...] = ()
    """Right or not, for each question answered, in order."""
    problem: str = ""
    """Why the last enter was not taken as an answer (shown until the next key)."""


def over(state: QuizState, asked: list[Asked]) -> bool:
    """Whether every question has been answered and the last one read."""
    return state.index >= len(asked)


def current(state: QuizState, asked: list[Asked]) -> Asked | None:
    """The question asked now (None once the check is over)."""
    return None if over(state, asked) else asked[state.index]


def typed(state: QuizState, asked: list[Asked], character: str) -> QuizState:
    """A character typed towards a number or an order (others, and any once answered, are
    not taken: the same state comes back)."""
    now = current(state, asked)
    if now is None or state.graded is not None or now.question.choices:
        return state
    keys = NUMBER_KEYS if now.question.number is not None else frozenset("123456789 ,")
    if character not in keys or len(state.typed) >= MAX_TYPED:
        return state
    return replace(state, typed=state.typed + character, problem="")


def erased(state: QuizState) -> QuizState:
    """The last character typed taken back."""
    if state.graded is not None or not state.typed:
        return state
    return replace(state, typed=state.typed[:-1], problem="")


def moved(state: QuizState, asked: list[Asked], step: int) -> QuizState:
    """The choice cursor moved up or down (it stays within the choices)."""
    now = current(state, asked)
    if now is None or state.graded is not None or not now.question.choices:
        return state
    cursor = cursor_moved(state.cursor, step, len(now.question.choices))
    return replace(state, cursor=cursor, problem="")


NO_CHOICE = "Pick a choice first: its number, or ↑ ↓ then enter."
"""Said when enter is pressed with no choice under the cursor (a check's, a prediction's)."""


def cursor_moved(cursor: int | None, step: int, count: int) -> int:
    """A choice cursor moved by `step` among `count` choices, staying within them; from no
    choice yet, the first arrow points at the first choice (↓) or the last (↑)."""
    if cursor is None:
        return 0 if step > 0 else count - 1
    return min(max(cursor + step, 0), count - 1)


def chosen(state: QuizState, asked: list[Asked], number: int) -> QuizState:
    """Choice `number` (from 1) handed in; a number with no choice is not taken."""
    now = current(state, asked)
    if now is None or state.graded is not None or not now.question.choices:
        return state
    if not 1 <= number <= len(now.question.choices):
        return state
    return _marked(replace(state, cursor=number - 1), grade(now.question, number))


def entered(state: QuizState, asked: list[Asked]) -> QuizState:
    """Enter: hand in the answer (the choice under the cursor, or what was typed), or, once
    answered, go on to the next question."""
    now = current(state, asked)
    if now is None:
        return state
    if state.graded is not None:
        return QuizState(index=state.index + 1, results=state.results)
    q = now.question
    if q.choices:
        if state.cursor is None:
            return replace(state, problem=NO_CHOICE)
        return chosen(state, asked, state.cursor + 1)
    if q.order:
        order = read_order(state.typed, len(q.order))
        if order is None:
            n = len(q.order)
            example = "".join(str(i) for i in range(n, 0, -1))
            problem = f"Type the numbers 1 to {n}, each once, in your order (like {example})."
            return replace(state, problem=problem)
        return _marked(state, grade(q, order))
    value = read_number(state.typed, q.unit)
    if value is None:
        return replace(state, problem="Type a number (like 2.5 or −3), then press enter.")
    return _marked(state, grade(q, value))


def _marked(state: QuizState, graded: Graded) -> QuizState:
    return replace(state, graded=graded, results=(*state.results, graded.right), problem="")


def pasted(state: QuizState, asked: list[Asked], text: str) -> QuizState:
    """Pasted text typed in whole, when every character of it could have been typed."""
    start = state
    for character in text.strip():
        after = typed(state, asked, character)
        if after is state:
            return replace(start, problem="Paste a number, or the digits of an order, only.")
        state = after
    return state
