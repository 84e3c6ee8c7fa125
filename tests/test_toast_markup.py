"""Every toast of dartfit's that says something it did not write itself (a level's title, a
file's name, what was typed, a lesson's link) says it as text: a title holding "[/b]" ended
the game with a MarkupError when its progress was reset. Textual's own toasts ("Press [b]
escape[/b] to quit") keep their markup, so the rule is at each call, checked here."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "dartfit"


def _says_only_its_own_words(message: ast.expr) -> bool:
    """A message written in the code: a literal, or a name of a constant (UPPER_CASE)."""
    if isinstance(message, ast.Constant):
        return True
    return isinstance(message, ast.Name) and message.id.isupper()


def _is_notify(func: ast.expr) -> bool:
    return isinstance(func, ast.Attribute) and func.attr == "notify"


def _is_partial(func: ast.expr) -> bool:
    return isinstance(func, ast.Name) and func.id == "partial"


def test_a_toast_that_quotes_anything_is_said_as_text() -> None:
    marked = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            if _is_notify(node.func) and node.args:
                args = node.args
            elif _is_partial(node.func) and len(node.args) > 1 and _is_notify(node.args[0]):
                args = node.args[1:]  # partial(app.notify, f"…"): a command's toast
            else:
                continue
            # markup=False, or passed on as given (the one notify every toast goes through)
            plain = any(
                k.arg == "markup" and not (isinstance(k.value, ast.Constant) and k.value.value)
                for k in node.keywords
            )
            if not plain and not _says_only_its_own_words(args[0]):
                marked.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert marked == [], "a toast quoting text read as markup: " + ", ".join(marked)
