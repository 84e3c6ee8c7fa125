"""The README tells the truth about what ships: its count of levels and chapters."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from dartfit.levels import load_levels
from tests.conftest import SHIPPED

README = Path(__file__).resolve().parents[1] / "README.md"
NUMBERS = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40}


def _number(words: str) -> int:
    """'Twenty-four' → 24, 'seven' → 7, '24' → 24."""
    words = words.lower()
    if words.isdigit():
        return int(words)
    tens, _, unit = words.partition("-")
    if tens in TENS:
        return TENS[tens] + (NUMBERS[unit] if unit else 0)
    return NUMBERS[words]


def test_the_readme_counts_the_shipped_levels_and_chapters() -> None:
    text = " ".join(README.read_text(encoding="utf-8").split())
    match = re.search(r"([\w-]+) levels in ([\w-]+) chapters", text)
    assert match, "the README says how many levels and chapters there are"
    levels = load_levels(SHIPPED)
    assert _number(match[1]) == len(levels)
    assert _number(match[2]) == len({level.spec.chapter for level in levels})


def test_the_readme_counts_the_lessons_and_the_levels_that_guess_or_predict() -> None:
    """Beside the levels and chapters, the same paragraph counts the lessons, the guessing
    levels and those that ask for a prediction: each count is the campaign's."""
    from dartfit.lessons import LESSON_IDS

    text = " ".join(README.read_text(encoding="utf-8").split())
    levels = load_levels(SHIPPED)
    said = {
        r"([\w-]+) lessons, one per idea": len(LESSON_IDS),
        r"([\w-]+) are games of guessing": sum(lv.spec.kind == "guess" for lv in levels),
        r"([\w-]+) more ask for a prediction": sum(lv.spec.predict is not None for lv in levels),
    }
    for pattern, count in said.items():
        match = re.search(pattern, text)
        assert match, pattern
        assert _number(match[1]) == count, match[0]


KEYS_TABLE = "| where | keys |"
ROW_OF_KIND = {
    "darts": "darts",
    "darts-split": "darts",
    "compare": "which round is worse",
    "line": "line and MSE vs MAE",
    "mae": "line and MSE vs MAE",
    "points": "points",
    "guess": "guessing",
    "huber": "between the two (Huber)",
    "mle": "most likely line",
    "descent": "the bowl (descent)",
    "kink": "smooth or kinked?",
    "degree": "how flexible?",
}
"""The keys table's row for each kind of level (a new kind needs its row)."""
SHARED_ROWS = ("every level", "the auto-solver (`a` on a line level)")
"""Rows whose keys every kind (u) or every line level (a) has."""
AS_WRITTEN = {"left": "←", "right": "→", "up": "↑", "down": "↓"}
"""How the README writes a key Textual names otherwise (`[` from its key_display)."""
COMMAND_TABLE = "| command | what it does |"
MOST_WORDS = 20
"""A row of the command table says what the command does in a phrase; the detail is prose
below the table (the row of `dartfit play FILE.toml` was one sentence of 143 words)."""


def _command_table(head: str = COMMAND_TABLE) -> list[tuple[str, str]]:
    """The README's table of commands (or another, by its `head`): its two cells, row by row."""
    text = README.read_text(encoding="utf-8")
    rows = text[text.index(head) :].split("\n\n", 1)[0].splitlines()[2:]
    cells = [re.split(r"(?<!\\)\|", row.strip())[1:-1] for row in rows]
    return [(command.strip(), says.strip()) for command, says in cells]


def test_the_readmes_command_table_is_short_and_names_every_command() -> None:
    from dartfit.cli import build_parser

    table = _command_table()
    long = [(command, len(says.split())) for command, says in table]
    assert all(words <= MOST_WORDS for _, words in long), long
    parser = build_parser()
    named = " ".join(command for command, _ in table)
    options = [
        option
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and action.dest not in {"help", "levels", "data_dir", "seed"}
    ]
    for name in [*parser.commands, *options]:  # --levels, --data-dir, --seed: in the prose
        assert re.search(rf"`dartfit {re.escape(name)}\b", named), f"{name}: not in the table"


def test_the_readme_gives_the_windows_commands_too() -> None:
    text = README.read_text(encoding="utf-8")
    assert ".venv\\Scripts\\dartfit" in text and ".venv\\Scripts\\python -m pytest" in text
    # `&&` chains commands in cmd and PowerShell 7, but is a parse error in Windows
    # PowerShell 5.1, the one Windows ships with: the README said "PowerShell or cmd"
    windows = text[text.index("On Windows") :].split("## ", 1)[0]
    if "&&" in windows and "PowerShell" in windows:
        assert "PowerShell 5.1" in windows and "`;`" in windows


def test_the_readmes_level_file_names_every_lesson_a_level_may_practise() -> None:
    """The level file's `lesson` comment listed twelve concepts: not smooth (the kink
    level's), unseen or huber (the Huber level's), which `dartfit check` accepts."""
    from dartfit.lessons import LESSON_IDS

    text = README.read_text(encoding="utf-8")
    start = text.index('lesson = "training"')
    comment = " ".join(
        line.split("#", 1)[1] for line in text[start:].split("\n")[:4] if "#" in line
    )
    listed = re.findall(r"[a-z][a-z-]*[a-z]", comment.split(":", 1)[1].split("(")[0])
    assert sorted(listed) == sorted(LESSON_IDS)


def _pictures_script() -> Any:
    """scripts/pictures.py, loaded as a module."""
    import importlib.util

    script = README.parent / "scripts" / "pictures.py"
    spec = importlib.util.spec_from_file_location("pictures", script)
    assert spec is not None and spec.loader is not None
    pictures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pictures)
    return pictures


def test_every_picture_the_readme_shows_exists_and_the_script_makes_it() -> None:
    pictures = _pictures_script()
    shown = re.findall(r"!\[[^\]]*\]\((docs/[^)]+)\)", README.read_text(encoding="utf-8"))
    assert len(shown) >= 4
    for path in shown:
        assert (README.parent / path).is_file(), path
        assert path.endswith(".png") and Path(path).stem in pictures.PICTURES, path


async def test_the_readmes_pictures_show_the_game_as_it_is(tmp_path: Path) -> None:
    """A checker found the README's degree picture offering a prediction the game had
    dropped, and the line picture with an older legend and three-decimal numbers: made by
    the script, but from an older game. Each picture is taken again here and its words
    (digits as #) compared with those its PNG was made from (docs/pictures.words)."""
    pictures = _pictures_script()
    kept = dict(line.split() for line in pictures.WORDS.read_text(encoding="utf-8").splitlines())
    stale = []
    for name, (level, keys, ready) in pictures.PICTURES.items():
        if name in pictures.MOVING:
            continue
        svg = await pictures.take(name, level, keys, ready, tmp_path)
        if pictures.fingerprint(svg) != kept.get(name):
            stale.append(f"docs/{name}.png")
    assert not stale, f"{', '.join(stale)}: not the game as it is: run python scripts/pictures.py"


def test_the_readmes_keys_table_has_every_kinds_keys_in_a_short_row() -> None:
    """The keys table had no row for the guessing, Huber and kinked levels, nor `1` `2` on
    which round is worse; and rows of 64 and 70 words, their detail now prose below it."""
    import importlib

    from textual.binding import Binding

    from dartfit.kinds import KINDS

    rows = dict(_command_table(KEYS_TABLE))
    long = {where: len(keys.split()) for where, keys in rows.items()}
    assert max(long.values()) <= 2 * MOST_WORDS, long
    assert set(ROW_OF_KIND) == set(KINDS)
    for kind_name, kind in KINDS.items():
        module, name = kind.screen_at.split(":")
        screen = getattr(importlib.import_module(f"dartfit.screens.{module}"), name)
        shared = (f"{row} {rows[row]}" for row in SHARED_ROWS)  # `a` names its row
        said = " ".join([rows[ROW_OF_KIND[kind_name]], *shared])
        for binding in screen.__dict__.get("BINDINGS", ()):
            if not isinstance(binding, Binding) or not binding.show:
                continue
            for key in binding.key.split(","):
                written = binding.key_display or AS_WRITTEN.get(key, key)
                assert f"`{written}`" in said, (kind_name, binding.description, written)
