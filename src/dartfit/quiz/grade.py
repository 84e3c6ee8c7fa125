"""Marking an answer: what the player typed or pressed, read strictly, against the file's.

A number is read as a person writes it (a minus sign or a hyphen, a decimal point or a
lone decimal comma, a unit after it); an order is the shown items' numbers, each once.
The items of an order question are shown shuffled, the same way every time, and never
already in order.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from dataclasses import dataclass
from fractions import Fraction

from dartfit.quiz.spec import Question
from dartfit.wording import num as written

_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(e[+-]?[0-9]+)?")
MAX_TYPED = 40  # characters: an answer is a short number or a few digits
BOX = 20
"""Characters the answer box takes (`quiz.play`), of `BOX_KEYS`: no exponent."""
BOX_KEYS = frozenset("0123456789.,-/\u2212")


def num(value: float) -> str:
    """A number as the player reads it, as the game writes every number (`wording.num`):
    up to 6 significant digits, the minus sign U+2212, 1e6 (not Python's 1e+06)."""
    return written(value, 6)


@dataclass(frozen=True)
class Graded:
    """A marked answer: right or not, what the player said and the right answer, in words."""

    right: bool
    said: str
    answer: str


def read_number(text: str, unit: str = "") -> float | None:
    """The number typed (or a fraction of two), or None when it is not one (nan, infinity,
    words, two numbers, a division by 0). In a question asked in percent a fraction is a
    share, as worked out on paper: 25/28 is 89.3 % (it was read as 0.89 %, marked wrong,
    while the explanation wrote "25 / 28 ≈ 89 %")."""
    plain = text.strip().replace("\u2212", "-")
    if unit:
        plain = plain.removesuffix(unit).rstrip()
    if "," in plain and "." not in plain and plain.count(",") == 1:
        plain = plain.replace(",", ".")  # a decimal comma
    if len(plain) > MAX_TYPED:
        return None
    top, slash, bottom = plain.partition("/")  # a fraction, as worked out on paper: 26/3
    if not _NUMBER.fullmatch(top.lower()) or (slash and not _NUMBER.fullmatch(bottom.lower())):
        return None
    value = float(top) / float(bottom) if slash and float(bottom) else float(top)
    if slash and not float(bottom):
        return None
    if slash and unit == "%":
        value *= 100
    return value if math.isfinite(value) else None


def typeable(number: float, within: float) -> bool:
    """Whether some answer the box takes (`BOX` characters, no exponent) is marked right for
    `number` ± `within`: a decimal, or a fraction as worked out on paper. A check file asked
    for 1e−25 ± 1e−26, which no typed answer reaches, and `check` passed it (a hostile
    pass)."""
    if not math.isfinite(number):
        return False
    decimals = (f"{number:.{d}f}" for d in range(BOX))
    # the fractions only when no decimal is marked right: every start checks every check
    # file's answers, and these were 247 of Python's Fractions for 13 numbers (a third of
    # reading the checks), where the first decimal tried was right
    nearest = (Fraction(number).limit_denominator(10**digits) for digits in range(1, BOX))
    fractions = (f"{near.numerator}/{near.denominator}" for near in nearest)
    for text in itertools.chain((repr(number),), decimals, fractions):
        reply = read_number(text) if len(text) <= BOX and BOX_KEYS.issuperset(text) else None
        if reply is not None and abs(reply - number) <= within * (1 + 1e-12):
            return True
    return False


def shown_order(question: Question) -> tuple[int, ...]:
    """The order the items of an order question are shown in (indexes into `order`): a
    shuffle seeded by the question's id, turned once more if it came out in order or in
    reverse. Shown in reverse, the answer was 321, the very example the screen gives of how
    to type an order ("like 321")."""
    order = shuffled(len(question.order), question.id)
    return order[1:] + order[:1] if order == tuple(reversed(range(len(order)))) else order


def shuffled(n: int, seed: str) -> tuple[int, ...]:
    """0..n−1 in an order drawn from `seed` (the same every time), never in order."""
    indexes = list(range(n))
    # Python's own generator seeded by the text (stable across versions and machines); a
    # small linear congruential draw put the first choice last in 6 of 7 questions
    random.Random(seed).shuffle(indexes)
    if indexes == sorted(indexes):
        indexes = indexes[1:] + indexes[:1]
    return tuple(indexes)


def read_order(text: str, n: int) -> tuple[int, ...] | None:
    """The numbers 1..n typed in some order, each once ("312", "3 1 2", "3,1,2"), as
    0-based positions; None when they aren't."""
    digits = [c for c in text if not (c.isspace() or c in ",;-")]
    if len(digits) != n or not all(c in "123456789" for c in digits):
        return None
    picked = tuple(int(c) - 1 for c in digits)
    return picked if sorted(picked) == list(range(n)) else None


def grade(question: Question, reply: int | float | tuple[int, ...]) -> Graded:
    """Mark a reply: the choice's number (from 1), the number typed, or the shown items'
    positions (from 0) in the order the player put them."""
    if question.choices:
        assert question.answer is not None and isinstance(reply, int)
        return Graded(
            reply == question.answer,
            f"{reply}. {question.choices[reply - 1]}",
            f"{question.answer}. {question.choices[question.answer - 1]}",
        )
    if question.order:
        assert isinstance(reply, tuple)
        shown = shown_order(question)
        placed = [shown[position] for position in reply]
        said = " < ".join(question.order[i] for i in placed)
        return Graded(placed == sorted(placed), said, " < ".join(question.order))
    assert question.number is not None and isinstance(reply, int | float)
    right = abs(reply - question.number) <= question.within * (1 + 1e-12)
    unit = f" {question.unit}" if question.unit else ""
    within = f" (± {num(question.within)})" if question.within else ""
    return Graded(right, f"{num(reply)}{unit}", f"{num(question.number)}{unit}{within}")
