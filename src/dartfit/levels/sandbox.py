"""The sandbox level: a level made from the player's own data (a CSV file's two columns)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from dartfit.levels.level import Level
from dartfit.levels.spec import SANDBOX_ID, SCHEMA_VERSION, LevelSpec
from dartfit.printable import escaped, fitted

if TYPE_CHECKING:
    from dartfit.core.arrays import FloatArray

ELLIPSIS = "…"
"""What ends a name cut to fit."""


@cache
def _limits() -> dict[str, int]:
    """The most characters each text key of a level may hold: the spec's own limits (found
    when a sandbox is first made: msgspec's look at the spec cost every start 15 ms)."""
    spec = msgspec.inspect.type_info(LevelSpec)
    assert isinstance(spec, msgspec.inspect.StructType)
    return {
        field.name: field.type.max_length
        for field in spec.fields
        if isinstance(field.type, msgspec.inspect.StrType) and field.type.max_length is not None
    }


def sandbox_level(path: Path, x: FloatArray, y: FloatArray, x_name: str, y_name: str) -> Level:
    """A level made from the player's own data: nudge a line, compare MSE and MAE, solve.

    The file's name and the columns' names are shown: cleaned and cut to fit like a level's.
    """
    chapter = against(x_name, y_name)
    spec = msgspec.convert(
        {
            "schema": SCHEMA_VERSION,
            "id": SANDBOX_ID,
            "title": filled("title", "Your data: {file}", file=path.name),
            "kind": "mae",
            "chapter": chapter,
            "lesson": "training",
            "goal": f"{TASK}{chapter}: get within 1 % of the best MSE.",
            "what_you_saw": "Your own data, fitted by hand to within a whisker of least squares.",
            "hints": [
                "← → tilt the line, ↑ ↓ move it; shift makes the steps ten times finer.",
                "o shows the best lines under MSE and MAE; a runs the auto-solver.",
            ],
            "target": {"metric": "mse", "factor": 1.01},
        },
        LevelSpec,
    )
    pivot = float(x.mean()) if x.size else None  # the slope keys turn about the data's centre
    columns = (filled("chapter", "{x}", x=x_name), filled("chapter", "{y}", y=y_name))
    return Level(0, path, spec, lambda: (x, y), pivot=pivot, columns=columns)


TASK = "Fit a line to "
"""What the sandbox's goal asks, before the columns it names and what it asks for."""


def against(x_name: str, y_name: str, most: int | None = None) -> str:
    """ "weight against height": the chapter's and the goal's words for the data, cut to
    fit a chapter (and `most` cells, where a header or the goal's rows give it no more)."""
    return filled("chapter", "{y} against {x}", most, y=y_name, x=x_name)


def filled(key: str, template: str, most: int | None = None, **names: str) -> str:
    """The template with the names put in, their hidden characters spelt out as the command
    line spells them (`escaped`: "\\x1b[31m", where dropping the ESC showed "[31m") and cut
    alike (a long name gives up its end to "…", a short one lends its room to the others) so
    the text fits the spec's limit on `key`, in characters, and `most` terminal cells, if
    given: a wide character (中) takes two. Shared by characters, two long CJK column names
    took twice the cells the header gave them, and the file name beside them went whole
    ("Your data: … — 学生の体重キログラ… against 学生の身長センチメ…")."""
    clean = {name: escaped(text.strip()) or "?" for name, text in names.items()}
    clean = _shared(key, template, clean, _limits()[key], cells=False)
    if most is not None:
        clean = _shared(key, template, clean, most, cells=True)
    return template.format_map(clean)


def _shared(
    key: str, template: str, names: dict[str, str], most: int, cells: bool
) -> dict[str, str]:
    """The names cut so the template holds them in `most` characters, or cells."""
    from rich.cells import cell_len  # 15 ms: only when a sandbox is made

    size = cell_len if cells else len
    room = most - size(template.format_map(dict.fromkeys(names, "")))
    if room < len(names):
        raise ValueError(f"no room for {len(names)} names in the {key} {template!r}")
    shares: dict[str, int] = {}
    for done, name in enumerate(sorted(names, key=lambda name: size(names[name]))):
        shares[name] = min(size(names[name]), room // (len(names) - done))
        room -= shares[name]
    return {name: _cut(names[name], shares[name], cells) for name in names}


_PART_OF_AN_ESCAPE = re.compile(r"\\(?:x[0-9a-f]?|u[0-9a-f]{0,3}|U[0-9a-f]{0,7})?\Z")
"""The start of an escape (`escaped`) that a cut left unfinished: "\\x1" of "\\x1b"."""


def _cut(text: str, most: int, cells: bool = False) -> str:
    """The text cut to at most `most` (≥ 1) characters, or terminal cells, ending in one "…"
    when cut (a name cut before, cut again, gives up its "…" first; an escape is kept whole
    or not at all; a wide character is never cut in half)."""
    if cells:
        if fitted(text, most) == text:
            return text
        start = fitted(text, most - 1, ending="")  # the longest start in a cell less
    elif len(text) <= most:
        return text
    else:
        start = text[: most - 1]
    return _PART_OF_AN_ESCAPE.sub("", start).rstrip(" " + ELLIPSIS) + ELLIPSIS
