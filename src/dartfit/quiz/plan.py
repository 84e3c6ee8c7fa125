"""Which questions a check asks, when it opens, and what the player has gained.

Four checks are played: a chapter's own (named by its id), the warm-up before the campaign,
the final check after it (the warm-up's concepts again, each asked by its `final` twins
where it has them, else by the warm-up's own questions) and the review of what is due.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import msgspec

from dartfit.campaign import all_done, all_open
from dartfit.levels import Level
from dartfit.progress import Moment, Progress
from dartfit.quiz.grade import shuffled
from dartfit.quiz.spec import CheckSpec, Question

WARM_UP = "warm-up"
FINAL = "final"
REVIEW = "review"
KEPT_AS = {WARM_UP: "before", FINAL: "after"}  # the answer record's field each check fills
MAX_REVIEW = 5  # questions in one review: a few at a time come back


@dataclass(frozen=True)
class Asked:
    """A question as a check asks it: its key in the progress, and its check."""

    key: str
    question: Question
    check: CheckSpec


@dataclass(frozen=True)
class Gain:
    """One concept's warm-up questions: how many were right before the campaign and after."""

    lesson: str
    asked: int
    before: int | None
    after: int | None


def _all(checks: Sequence[CheckSpec]) -> list[Asked]:
    return [Asked(f"{c.id}/{q.id}", q, c) for c in checks for q in c.question]


def moment(which: str) -> Moment:
    """When answers to a check are given, for the progress."""
    return {WARM_UP: "before", FINAL: "after", REVIEW: "review"}.get(which, "chapter")  # type: ignore[return-value]


def asked(
    checks: Sequence[CheckSpec],
    which: str,
    progress: Progress,
    levels: Sequence[Level] | None = None,
) -> list[Asked]:
    """The questions a check asks, in order: a chapter's, the warm-up's (before and after
    the campaign), or those due for review (the longest overdue first, a few at a time)."""
    if which == WARM_UP:
        found = [a for a in _all(checks) if a.question.warm_up]
    elif which == FINAL:
        found = [a for _, twins in _final_by_concept(checks) for a in twins]
    elif which == REVIEW:
        return due(checks, progress, levels)
    else:
        found = [a for a in _all(checks) if a.check.id == which and not a.question.final]
    return [_choices_moved(a, _times(progress, a.key)) for a in found]


def _times(progress: Progress, key: str) -> int:
    """How often a question has been answered."""
    record = progress.answers.get(key)
    return 0 if record is None else record.right + record.wrong


def resumed(asked: list[Asked], which: str, progress: Progress) -> list[Asked]:
    """The warm-up and the final check go on where the player left them (their first answers
    count): the questions not yet answered there, or all of them once every one has been."""
    field = KEPT_AS.get(which)
    if field is None:
        return asked
    left = [a for a in asked if getattr(progress.answers.get(a.key), field, None) is None]
    return left or asked


def _final_by_concept(checks: Sequence[CheckSpec]) -> list[tuple[str, list[Asked]]]:
    """The warm-up's concepts in the order it asks them, each with what the final check asks
    about it: the concept's `final` twins where it has them, else the warm-up's own."""
    everything = _all(checks)
    concepts = dict.fromkeys(a.question.lesson for a in everything if a.question.warm_up)
    found = []
    for concept in concepts:
        twins = [a for a in everything if a.question.final and a.question.lesson == concept]
        own = [a for a in everything if a.question.warm_up and a.question.lesson == concept]
        found.append((concept, twins or own))
    return found


def wins(levels: Sequence[Level] | None, progress: Progress) -> int:
    """The review schedule's clock: the campaign's levels won (every record's, without it)."""
    if levels is None:
        return progress.won()
    return sum(progress.get(level.id).completed for level in levels)


def due(
    checks: Sequence[CheckSpec], progress: Progress, levels: Sequence[Level] | None = None
) -> list[Asked]:
    """The questions missed earlier that are due again now: once the player has won the
    levels the schedule waits for, or at once when the campaign is won (no level is left
    to win, and a review must not wait for one)."""
    won = wins(levels, progress)
    if levels and all_done(levels, progress):
        won = 2**53 - 1
    waiting = [a for a in _all(checks) if (r := progress.answers.get(a.key)) and r.is_due(won)]
    waiting.sort(key=lambda a: progress.answers[a.key].due or 0)
    return [_choices_moved(a, _times(progress, a.key)) for a in waiting[:MAX_REVIEW]]


def _choices_moved(a: Asked, answered: int) -> Asked:
    """A question with its choices in an order drawn from its key and how often it was
    answered: never the file's order (where the right one is often first), and another each
    time it comes back, so it is answered by its meaning, not its place."""
    q = a.question
    if not q.choices or q.answer is None:
        return a
    order = shuffled(len(q.choices), f"{a.key}#{answered}")
    choices = tuple(q.choices[i] for i in order)
    moved = msgspec.structs.replace(q, choices=choices, answer=order.index(q.answer - 1) + 1)
    return replace(a, question=moved)


def chapter_check(checks: Sequence[CheckSpec], chapter: str) -> CheckSpec | None:
    """The check that closes a chapter, if it has one."""
    return next((c for c in checks if c.chapter == chapter), None)


def is_open(
    which: str, checks: Sequence[CheckSpec], levels: Sequence[Level], progress: Progress
) -> str | None:
    """None when the check can be taken now, else why not, in a few words."""
    if which == WARM_UP:
        return None
    if which == REVIEW:
        return None if due(checks, progress, levels) else "nothing to review yet"
    if all_open(progress):
        return None
    if which == FINAL:
        return None if all_done(levels, progress) else "win all levels first"
    check = next((c for c in checks if c.id == which), None)
    chapter = [lv for lv in levels if check is not None and lv.spec.chapter == check.chapter]
    if all(progress.get(lv.id).completed for lv in chapter):
        return None
    return "win its levels first"


def owed(
    checks: Sequence[CheckSpec], levels: Sequence[Level], progress: Progress, level_id: str
) -> CheckSpec | None:
    """The check a win has just opened and the player has never taken: the one of the
    level's chapter, once every level of it is won."""
    chapter = next((lv.spec.chapter for lv in levels if lv.id == level_id), None)
    check = None if chapter is None else chapter_check(checks, chapter)
    if check is None or score(check.id, checks, progress) is not None:
        return None
    # every level of the chapter won, whatever is open: with every level opened at once a
    # check may be taken early, but it is not owed after the chapter's first win
    won = all(progress.get(lv.id).completed for lv in levels if lv.spec.chapter == chapter)
    return check if won and is_open(check.id, checks, levels, progress) is None else None


def title(which: str, checks: Sequence[CheckSpec]) -> str:
    """A check's title, for its screen and its row in the level list."""
    named = {WARM_UP: "Warm-up", FINAL: "Final check", REVIEW: "Review"}
    check = next((c for c in checks if c.id == which), None)
    return named.get(which) or (check.title if check else which)


def score(
    which: str, checks: Sequence[CheckSpec], progress: Progress
) -> tuple[int, int, int] | None:
    """Right answers, questions answered and questions asked, the last time the check was
    taken (the warm-up's before the campaign, the final check's after it, a chapter's in
    it or in review); None before it was ever taken."""
    questions = asked(checks, which, progress)
    records = [progress.answers.get(a.key) for a in questions]
    field = KEPT_AS.get(which, "checked")
    said = [getattr(r, field) for r in records if r is not None]
    if which == REVIEW or all(s is None for s in said):
        return None
    return sum(s is True for s in said), sum(s is not None for s in said), len(questions)


def gains(checks: Sequence[CheckSpec], progress: Progress) -> list[Gain]:
    """Per concept of the warm-up, right answers before and after the campaign (None
    while that check has not been taken), in the order the concepts are first asked."""
    warm_ups = [a for a in _all(checks) if a.question.warm_up]
    found = []
    for lesson, final in _final_by_concept(checks):
        warm = [a for a in warm_ups if a.question.lesson == lesson]
        before = [r.before for a in warm if (r := progress.answers.get(a.key)) is not None]
        after = [r.after for a in final if (r := progress.answers.get(a.key)) is not None]
        said_before = [b for b in before if b is not None]
        said_after = [b for b in after if b is not None]
        found.append(
            Gain(
                lesson,
                len(warm),
                sum(said_before) if said_before else None,
                sum(said_after) if said_after else None,
            )
        )
    return found
