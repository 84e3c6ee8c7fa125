"""The shipped checks and predictions don't give their answers away to a player who reads
them as a test-taker would: the right choice is not written in the question, not the one
choice that stands out by its length, and not always at one place."""

from __future__ import annotations

from collections import Counter

import pytest

from dartfit.campaign import chapters
from dartfit.levels import load_levels
from dartfit.progress import Progress
from dartfit.quiz import FINAL, asked, load_checks
from tests.conftest import SHIPPED

LEVELS = load_levels(SHIPPED)
CHECKS = load_checks(SHIPPED, [name for name, _ in chapters(LEVELS)])
ASKED = [a for which in [c.id for c in CHECKS] + [FINAL] for a in asked(CHECKS, which, Progress())]
"""Every question of the checks (the chapters' and the final check's twins), its choices
as the check shows them."""
CHOOSE = {a.key: (a.question.ask, a.question.choices, a.question.answer) for a in ASKED}
PREDICT = {
    f"predict/{level.id}": (p.ask, p.choices, p.answer)
    for level in LEVELS
    if (p := level.spec.predict) is not None
}
"""Every level's prediction: shown in the file's order."""
QUESTIONS = {key: found for key, found in (CHOOSE | PREDICT).items() if found[1]}
LONGER = 1.5
"""A right choice this much longer than every wrong one stands out: the wrong ones read as
stand-ins ("|e| slopes ±1 even beside the bottom, so MAE's steps never shrink" beside
"The MAE has many bottoms")."""


@pytest.mark.parametrize("key", sorted(QUESTIONS))
def test_the_right_choice_is_not_written_in_the_question(key: str) -> None:
    ask, choices, answer = QUESTIONS[key]
    assert answer is not None
    assert choices[answer - 1].casefold() not in ask.casefold()


@pytest.mark.parametrize("key", sorted(QUESTIONS))
def test_the_right_choice_does_not_stand_out_by_its_length(key: str) -> None:
    _, choices, answer = QUESTIONS[key]
    assert answer is not None
    wrong = [len(c) for i, c in enumerate(choices, start=1) if i != answer]
    assert len(choices[answer - 1]) <= LONGER * max(wrong), choices


def test_the_right_choice_is_the_longest_in_few_questions() -> None:
    """It was the longest in 9 of 30, and the wrong choices short stand-ins (a test-taker's
    rule: pick the longest)."""
    longest = [
        key
        for key, (_, choices, answer) in QUESTIONS.items()
        if answer is not None
        and all(len(choices[answer - 1]) > len(c) for i, c in enumerate(choices, 1) if i != answer)
    ]
    assert len(longest) <= len(QUESTIONS) // 4, longest


@pytest.mark.parametrize("found", [CHOOSE, PREDICT], ids=["checks", "predictions"])
def test_the_right_choice_is_not_mostly_at_one_place(
    found: dict[str, tuple[str, tuple[str, ...], int | None]],
) -> None:
    places = Counter(answer for _, choices, answer in found.values() if choices)
    assert len(places) > 1 and max(places.values()) <= sum(places.values()) / 2, places


SAID_BEFORE = [
    ("darts/sum-cancels", "darts/mse-of-three", "26"),  # the squares' sum, of the same misses
    ("mse-vs-mae/mae-guess", "mse-vs-mae/mse-guess", "the mean, 5"),
    ("big-data/mean-stays", "big-data/sum-grows", "sum of squares"),
    ("bias-variance/train-order", "bias-variance/test-u", "new data"),
    ("mse-vs-mae/mae-guess-again", "mse-vs-mae/outlier-pull-again", "pulled"),
]
"""Explanations that answered a question their check asks next: (the question explained,
the one asked after it, the words that answer it)."""


@pytest.mark.parametrize(("explained", "later", "words"), SAID_BEFORE)
def test_no_explanation_answers_a_question_its_check_asks_after_it(
    explained: str, later: str, words: str
) -> None:
    """train-order was moved before test-u (whose question says the training MSE falls), and
    its explanation ended "Smallest training MSE is not best on new data.", right before
    test-u asks what the MSE on new points does. In the final check, mae-guess-again said "The
    mean, 7, is pulled up by the 21" just before outlier-pull-again asks which best constant a
    far value moves more."""
    for which in [check.id for check in CHECKS] + [FINAL]:  # the final check asks in turn too
        keys = [a.key for a in asked(CHECKS, which, Progress())]
        if explained in keys and later in keys[keys.index(explained) + 1 :]:
            explain = next(a for a in ASKED if a.key == explained).question.explain
            assert words not in " ".join(explain.split()), (explained, later)


NAMES = {"Gaussian", "Laplace"}
"""Words a choice that goes on from its question's "…" may start with a capital: names."""


@pytest.mark.parametrize("key", sorted(QUESTIONS))
def test_a_choice_that_ends_its_question_s_sentence_goes_on_in_lower_case(key: str) -> None:
    """mle-same-again asked "…the noise around the true line is…" over "Gaussian, …",
    "Laplace …" and "Of any shape at all": the one capital that was not a name."""
    ask, choices, _ = QUESTIONS[key]
    if ask.endswith("…"):
        for choice in choices:
            assert choice[0].islower() or choice.split()[0].strip(",:") in NAMES, choice
