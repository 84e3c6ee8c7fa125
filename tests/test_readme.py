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
