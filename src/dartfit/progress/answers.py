"""What the player answered in the checks, question by question, and when a missed one
comes back.

Pure, like the rest of the model. A question is known by ``<check id>/<question id>``. The
warm-up before the campaign and the final check after it keep their answers apart
(`before`, `after`): the gain per concept is read from them. A question missed in a chapter
check or a review comes back after the player wins more levels: after 1, then, answered
right, after 2 and 4 more; answered right three times running it is learned and stops
coming back (a Leitner schedule, counted in levels won rather than days, so a class that
plays twice a week and a student who plays all night both see it at the right moment).
"""

from __future__ import annotations

from typing import Literal

import msgspec

Moment = Literal["before", "chapter", "review", "after", "predict"]
"""When a question was answered: the warm-up, a chapter's check, a review, the final check,
or a level's prediction (``predict/<level id>``: never reviewed, the level is its answer)."""

LEARNED = 3
"""Right this many times running in review, a missed question stops coming back."""

MOST = 2**53 - 1
"""The largest count a record holds (the largest whole number every JSON reader keeps)."""


class AnswerRecord(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Every answer the player gave to one question, and when it is due again."""

    right: int = 0
    wrong: int = 0
    before: bool | None = None
    """Right in the warm-up, before the campaign (the first warm-up answer is kept)."""
    after: bool | None = None
    """Right in the final check, after the campaign (the first answer is kept: taking the
    check again, its explanations read, can't raise the gain)."""
    checked: bool | None = None
    """Right in its chapter's check or a review (the latest is kept)."""
    last: bool | None = None
    """Right the last time it was answered."""
    box: int = 0
    """Right answers running since it was last missed (a Leitner box)."""
    due: int | None = None
    """Asked again once the player has won this many levels; None: not coming back."""

    def __post_init__(self) -> None:
        for name in ("right", "wrong", "box"):
            value = getattr(self, name)
            if not 0 <= value <= MOST:
                raise ValueError(f"{name} must be a whole number 0..2**53-1, got {value}")
        if self.due is not None and not 0 <= self.due <= MOST:
            raise ValueError(f"due must be a whole number 0..2**53-1, got {self.due}")

    @property
    def answers(self) -> int:
        """How many times the question was answered."""
        return self.right + self.wrong

    def answered(self, right: bool, moment: Moment, won: int) -> AnswerRecord:
        """The record with one more answer, given when the player had won `won` levels."""
        box, due = self.box, self.due
        if not right and moment in ("chapter", "review"):  # the warm-up is before the
            # teaching, the final check after the last level: no win would bring it back
            box, due = 0, min(won + 1, MOST)
        elif right and due is not None:  # every count stops at MOST: a save can hold it
            box = min(box + 1, MOST)
            due = None if box >= LEARNED else min(won + 2**box, MOST)
        return AnswerRecord(
            right=min(self.right + right, MOST),
            wrong=min(self.wrong + (not right), MOST),
            before=right if moment == "before" and self.before is None else self.before,
            after=right if moment == "after" and self.after is None else self.after,
            checked=right if moment in ("chapter", "review") else self.checked,
            last=right,
            box=box,
            due=due,
        )

    def best_of(self, other: AnswerRecord) -> AnswerRecord:
        """Of two windows' records, the one with more answers (the same whichever merges
        into which): answers are never undone, so the longer history holds the other."""
        mine = (self.answers, msgspec.json.encode(self))
        theirs = (other.answers, msgspec.json.encode(other))
        return self if mine >= theirs else other

    def is_due(self, won: int) -> bool:
        """Whether the question should be asked again now."""
        return self.due is not None and self.due <= won
