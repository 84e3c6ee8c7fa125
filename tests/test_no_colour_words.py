"""Under NO_COLOR, in 16 colours and for colour-blind eyes, no text the player reads may
point at a colour: the shipped levels, the lessons and every string the code shows."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import dartfit
from tests.conftest import SHIPPED

COLOUR = re.compile(
    r"\b(green|red|yellow|blue|white|orange|purple|violet|grey|gray|pink|cyan|magenta)\b",
    re.IGNORECASE,
)
SOURCE = Path(dartfit.__file__).parent


def shown_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module that are not docstrings (what it may show)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


@pytest.mark.parametrize(
    "path",
    sorted(SHIPPED.glob("*.toml")) + sorted((SOURCE / "lessons").glob("*.md")),
    ids=lambda p: p.name,
)
def test_level_and_lesson_texts_name_no_colour(path: Path) -> None:
    found = [
        (i, line) for i, line in enumerate(path.read_text().splitlines(), 1) if COLOUR.search(line)
    ]
    assert not found


@pytest.mark.parametrize("path", sorted(SOURCE.rglob("*.py")), ids=lambda p: p.name)
def test_no_string_the_game_shows_names_a_colour(path: Path) -> None:
    assert not [(line, text) for line, text in shown_strings(path) if COLOUR.search(text)]
