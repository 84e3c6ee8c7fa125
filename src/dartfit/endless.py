"""Endless play: puzzles of every kind made from a seed, each with a share code, and a
daily run that is the same for everyone on the same day (in UTC).

A share code is a kind and a 32-bit seed in Crockford's base 32 (no I, L, O or U; read
either case, with or without the dash) with a check character that catches nearly every
mistyped or swapped character: ``6DPT-QBXW``. The same code makes the same puzzle on every machine,
so a teacher can hand a class one. Pure: a puzzle is a level spec made like a level file's
and checked like one, its numbers drawn from the seed by the level's own generators.
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from random import Random
from typing import Any

import msgspec

from dartfit.core.curvature import LAMBDA_MAX
from dartfit.levels import Level
from dartfit.levels.points import make_points
from dartfit.levels.rules import as_played, meaning_problems
from dartfit.levels.spec import ENDLESS_ID, SCHEMA_VERSION, LevelSpec
from dartfit.printable import quoted

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
_READ_AS = {"O": "0", "I": "1", "L": "1"}  # what a person may type for 0 and 1
SEEDS = 2**32
_BITS = 35  # 7 characters of 5 bits: a kind (3 bits) and a seed (32)
_MIX = 0x5DEECE66D  # odd: multiplying by it mod 2**35 is undone by its inverse
_UNMIX = pow(_MIX, -1, 2**_BITS)


DRAWS = 8
"""Puzzles a code's seed draws in turn until one passes `dartfit check` as a level file would
(its stars within the keys' reach too): 12 "Fit the line" puzzles in 3,000 asked ★★ of a
line no key reaches, and gave one star at most (a hostile pass). The draws are the seed's,
so a code still deals the same puzzle everywhere; the first passes almost always."""


class CodeError(ValueError):
    """A share code that can't be read: the message says why, in one line."""


def _line(rng: Random) -> dict[str, Any]:
    n = rng.randint(8, 16)
    slope = round(rng.uniform(-2.5, 2.5), 1)
    seed = rng.randrange(SEEDS)  # then the intercept: the order the draws were always made in
    intercept = round(rng.uniform(-4, 6), 1)
    return {
        "kind": "line",
        "lesson": "training",
        "title": "Fit the line",
        "goal": "Nudge the line until its MSE beats the target.",
        "what_you_saw": "Each nudge changed every square at once; the least MSE sits where "
        "the line runs through the middle of the cloud with its tilt.",
        "hints": [
            "Tilt first (← →), then shift (↑ ↓).",
            "The best line passes through the data's centre, the means (x̄, ȳ).",
        ],
        "data": {
            "generate": {
                "n": n,
                "seed": seed,
                "slope": slope,
                "intercept": intercept,
                "noise": round(rng.uniform(0.4, 1.6), 1),
            }
        },
        # flat, 10 below the points' left end: whatever the tilt, its MSE is 25 or more
        # (and its MAE 4 or more) while the targets are a few; y = 0 could sit on a flat,
        # low cloud and win a puzzle before its first key
        "start": {"m": 0.0, "b": round(intercept - 10, 1)},
        "target": {"metric": "mse", "factor": 1.15},
        "stars": {"close": 1.03, "par": 30},
    }


def _mae(rng: Random) -> dict[str, Any]:
    spec = _line(rng)
    n = spec["data"]["generate"]["n"]
    shift = rng.choice([-1, 1]) * round(rng.uniform(8, 14), 1)
    spec["data"]["generate"]["outliers"] = [{"index": rng.randrange(n), "shift": shift}]
    spec.update(
        kind="mae",
        lesson="mae",
        title="Fit past the outlier",
        goal="One point is far off. Beat the target MAE: MAE lets the crowd decide.",
        what_you_saw="Under MAE the far point pulled no harder than any other: the best "
        "MAE line stayed with the crowd, where the MSE line would lean towards it.",
        hints=[
            "Fit the crowd and let the far point be: under MAE its pull doesn't grow.",
            "The best MAE line passes through two of the points, near the crowd's middle.",
        ],
    )
    spec["target"] = {"metric": "mae", "factor": 1.15}
    return spec


def _darts(rng: Random) -> dict[str, Any]:
    wind = [round(rng.uniform(-1.5, 1.5), 1), round(rng.uniform(-1.5, 1.5), 1)]
    return {
        "kind": "darts",
        "lesson": "mean",
        "title": "Darts in the wind",
        "goal": "Aim against the wind and throw the round: beat the target MSE.",
        "what_you_saw": "The wind pushed every dart the same way (bias); aiming against it "
        "took that part of the MSE away, and the wobble's share stayed.",
        "hints": [
            "Throw once and see which way the dart drifts.",
            "Aim the other way by as much as the darts drift.",
        ],
        "darts": {
            "throws": rng.randint(5, 8),
            "wobble": round(rng.uniform(0.4, 1.2), 1),
            "wind": wind,
            "seed": rng.randrange(SEEDS),
        },
        "target": {"metric": "mse", "factor": 1.6},
    }


HINTS = {
    "mse": ["Picture a typical square, not a typical miss.", "Big misses count most."],
    "lower": [
        "Judge the biggest misses first: their squares count most.",
        "Small misses on many points can lose to one big miss.",
    ],
    "constant": ["The height that balances the misses above and below.", "It is the mean."],
}
"""The guessing puzzles' hints, by what they ask."""


def _guess(asks: str) -> Callable[[Random], dict[str, Any]]:
    what = {
        "mse": ("Guess the MSE", "Guess each line's MSE before it is shown."),
        "lower": ("Which line is better?", "Pick the line with the lower MSE, round by round."),
        "constant": ("One number for all", "Guess the height with the least MSE."),
    }[asks]

    def made(rng: Random) -> dict[str, Any]:
        return {
            "kind": "guess",
            "lesson": "mae" if asks == "constant" else "mean",
            "title": what[0],
            "goal": what[1],
            "what_you_saw": "Each reveal drew the squares behind the number: the MSE is "
            "their average area, and big misses own most of it.",
            "hints": HINTS[asks],
            "guess": {"rounds": 3, "points": rng.randint(8, 14), "seed": rng.randrange(SEEDS)}
            | {"asks": asks},
            "target": {"type": "at_least", "metric": "score", "value": 50},
        }

    return made


def _descent(rng: Random) -> dict[str, Any]:
    spec = _line(rng)
    spec.update(
        kind="descent",
        lesson="learning-rate",
        title="Down the bowl",
        goal="Step down the MSE bowl: choose the learning rate, then step or run.",
        what_you_saw="Each step went against the gradient, long where the bowl is steep "
        f"and short near its bottom, as long as the rate stayed below 2/λ_max ({LAMBDA_MAX}).",
        hints=[
            "space steps once; enter runs on until the steps earn every star they can.",
            "[ ] change the rate.",
        ],
    )
    spec["descent"] = {"max_steps": rng.randint(40, 80)}
    spec["target"] = {"metric": "mse", "factor": 1.05}
    del spec["stars"]
    return spec


MAKERS: tuple[tuple[str, Callable[[Random], dict[str, Any]]], ...] = (
    ("line", _line),
    ("mae", _mae),
    ("darts", _darts),
    ("guess-mse", _guess("mse")),
    ("guess-lower", _guess("lower")),
    ("guess-constant", _guess("constant")),
    ("descent", _descent),
)
"""The kinds of puzzle, in code order (a code's kind is its index here: append only)."""


def _check_character(value: int) -> str:
    """A check character over the code's digits: a mistyped character, or two neighbours
    swapped, changes it (unless the two differ by 31: 0 for Z, say)."""
    digits = _digits(value)
    return ALPHABET[sum((i + 1) * d for i, d in enumerate(digits)) % 31]


def _digits(value: int) -> list[int]:
    return [(value >> (5 * i)) & 31 for i in reversed(range(7))]


def code_of(kind: int, seed: int) -> str:
    """The share code of puzzle kind `kind` (an index into MAKERS) made from `seed`."""
    if not (0 <= kind < len(MAKERS) and 0 <= seed < SEEDS):
        raise ValueError(f"no puzzle of kind {kind} and seed {seed}")
    value = ((kind << 32 | seed) * _MIX) % 2**_BITS  # neighbouring seeds, unlike codes
    text = "".join(ALPHABET[d] for d in _digits(value)) + _check_character(value)
    return f"{text[:4]}-{text[4:]}"


_SEPARATORS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212_ \t\u3000")
"""What may stand between a code's halves: a hyphen, any dash a chat or a word processor
makes of one (an en dash was counted as a ninth character), a space (a full-width one too)."""
FULL_WIDTH = range(0xFF01, 0xFF5F)
"""The full-width forms of ASCII's letters, digits and signs (an East Asian keyboard's
６ＤＰＴ－ＱＢＸＷ), each 0xFEE0 above its ASCII."""


def _as_ascii(char: str) -> str:
    """A character of a code as ASCII where it is one typed another way: any script's digit
    (٥, ５), as `play ٥` reads a level's number, and a full-width letter or sign."""
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    return chr(ord(char) - 0xFEE0) if ord(char) in FULL_WIDTH else char


def read_code(text: str) -> tuple[int, int]:
    """The kind and seed of a share code; CodeError, in words, when it is not one."""
    typed = (_as_ascii(c) for c in text)
    plain = "".join(_READ_AS.get(c, c) for c in "".join(typed).upper() if c not in _SEPARATORS)
    if len(plain) != 8:
        raise CodeError(f"a share code has 8 characters (like 6DPT-QBXW), got {len(plain)}")
    wrong = next((c for c in plain if c not in ALPHABET), None)
    if wrong is not None:
        raise CodeError(f"a share code has no {quoted(wrong)} (letters and digits but I, L, O, U)")
    value = 0
    for c in plain[:7]:
        value = value << 5 | ALPHABET.index(c)
    if _check_character(value) != plain[7]:
        raise CodeError("that code has a mistyped character (its check character differs)")
    value = (value * _UNMIX) % 2**_BITS
    kind, seed = value >> 32, value & (SEEDS - 1)
    if kind >= len(MAKERS):
        raise CodeError("that code names a kind of puzzle this dartfit does not know")
    return kind, seed


def daily_code(day: date, number: int) -> str:
    """The code of the day's puzzle `number` (from 1): the same for everyone that day."""
    seed = zlib.crc32(f"dartfit {day.isoformat()} {number}".encode())
    return code_of(seed % len(MAKERS), seed)


def free_code(rng: Random) -> str:
    """A puzzle's code drawn at random (free play)."""
    return code_of(rng.randrange(len(MAKERS)), rng.randrange(SEEDS))


def puzzle(code: str, number: int = 0, chapter: str = "Endless") -> Level:
    """The puzzle a share code makes (CodeError when the code can't be read), shown as
    part of `chapter` (the run it belongs to)."""
    from dartfit.check import problems as check_problems
    from dartfit.check import star_problems

    kind, seed = read_code(code)
    code = code_of(kind, seed)  # as the game writes it, however it was typed
    name, make = MAKERS[kind]
    rng = Random(seed)
    path = Path(code)
    found: list[str] = []
    for _ in range(DRAWS):
        table = {"schema": SCHEMA_VERSION, "id": ENDLESS_ID, "chapter": chapter, **make(rng)}
        table["title"] = f"{table['title']} · {code}"
        spec = as_played(msgspec.convert(table, LevelSpec))
        meaning = list(meaning_problems(spec))
        if meaning:  # a maker's bug, never the player's: said in words all the same
            raise CodeError(f"puzzle {code} ({name}) can't be made: {meaning[0][1]}")
        level = Level(number, path, spec, make_points(spec, path))
        found = check_problems(level) or star_problems(level)
        if not found:
            return level
    raise CodeError(f"puzzle {code} ({name}) can't be made: {found[0]}")


class Run(msgspec.Struct, frozen=True):
    """A run of puzzles: the day's (the same for everyone) or free play, how many have been
    dealt, and how many were won in a row."""

    day: date | None
    seed: int = 0
    dealt: int = 0
    streak: int = 0

    def next(self) -> tuple[Run, str]:
        """The run with one more puzzle dealt, and that puzzle's code."""
        number = self.dealt + 1
        if self.day is not None:
            code = daily_code(self.day, number)
        else:
            code = free_code(Random(f"{self.seed} {number}"))
        return msgspec.structs.replace(self, dealt=number), code

    def won(self) -> Run:
        """The run after a win of the puzzle dealt last: one more in a row (a puzzle won
        again, after "play again", is still one)."""
        if self.streak >= self.dealt:
            return self
        return msgspec.structs.replace(self, streak=self.streak + 1)

    @property
    def record_id(self) -> str:
        """Where the best streak is kept: one record for free play, one per day."""
        return ENDLESS_ID if self.day is None else f"{ENDLESS_ID}-{self.day.isoformat()}"
