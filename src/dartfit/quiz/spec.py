"""The schema of a check file: typed, frozen msgspec Structs; unknown keys are errors.

A check closes one chapter of the campaign. Each question is answered one of three ways,
told by the key it gives: `choices` (choose one; `answer` is its number, from 1), `number`
(type a number; right within `within`), or `order` (put three to five things in order; the
file lists them in the right order, the screen shows them shuffled). The format is written
up in README.md ("Writing a check").
"""

# No `from __future__ import annotations`: msgspec reads these fields' types as every start
# loads the campaign, and from strings it compiled each one first (3 ms of the 30 that
# loading the levels and checks takes)
from typing import Annotated

import msgspec

SCHEMA_VERSION = 1
MAX_CHOICES = 6  # keys 1 to 6
MAX_QUESTIONS = 8

Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=40)]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
Line = Annotated[str, msgspec.Meta(min_length=1, max_length=70)]  # one choice, one row
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=400)]
Story = Annotated[str, msgspec.Meta(min_length=1, max_length=1200)]


class _Spec(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every table in a check file: frozen, and unknown keys are errors."""


class Question(_Spec, frozen=True):
    """One question, the way it is answered, and what the player reads after answering."""

    id: Id
    lesson: Title
    """The concept asked about (a lesson's name): the gain is counted per concept."""
    ask: Text
    explain: Story
    choices: Annotated[tuple[Line, ...], msgspec.Meta(min_length=2, max_length=MAX_CHOICES)] = ()
    answer: Annotated[int, msgspec.Meta(ge=1, le=MAX_CHOICES)] | None = None
    number: float | None = None
    within: Annotated[float, msgspec.Meta(ge=0)] = 0.0
    unit: Annotated[str, msgspec.Meta(max_length=12)] = ""
    order: Annotated[tuple[Line, ...], msgspec.Meta(min_length=3, max_length=5)] = ()
    warm_up: bool = False
    """Asked in the warm-up before the campaign (and in the final check after it, unless
    its concept has `final` questions)."""
    final: bool = False
    """A twin of a warm-up question (the same concept, other numbers or another case), asked
    in the final check in the warm-up's place, so the gain is not a memory of one item;
    never in the chapter's own check."""

    @property
    def form(self) -> str:
        """How it is answered: "choose", "number" or "order"."""
        return "choose" if self.choices else "order" if self.order else "number"


class CheckSpec(_Spec, frozen=True):
    """Everything a check file says, exactly as written."""

    schema: int
    id: Id
    chapter: Annotated[str, msgspec.Meta(max_length=60)]
    """The chapter it closes: open once every level of the chapter is won."""
    title: Title
    question: Annotated[tuple[Question, ...], msgspec.Meta(min_length=1, max_length=MAX_QUESTIONS)]
