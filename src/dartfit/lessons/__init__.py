"""Lesson texts: one short Markdown file per curriculum concept.

Pure module (no user-interface imports). Each lesson starts with ``# Title``,
links the levels that practise it as ``[Title](level:<id>)`` and other lessons
as ``[Title](lesson:<concept>)``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from dartfit.printable import quoted

__all__ = [
    "LESSON_IDS",
    "find_lesson",
    "lesson_path",
    "lesson_text",
    "lesson_title",
    "linked_levels",
]

LESSON_IDS: tuple[str, ...] = (
    "error",
    "signs-cancel",
    "squaring",
    "mean",
    "training",
    "pull",
    "mae",
    "huber",
    "mle",
    "bowl",
    "gradients",
    "learning-rate",
    "smooth",
    "bias-variance",
    "unseen",
)
"""The lessons in curriculum order: each no later than the first level of the campaign that
practises it (huber's level comes before likelihood's, the kink's before bias–variance's)."""

_FOLDER = Path(__file__).resolve().parent
_LEVEL_LINK = re.compile(r"\]\(level:([A-Za-z0-9_-]+)\)")


def _unknown(name: str) -> LookupError:
    return LookupError(f"no lesson called {quoted(name)} (lessons: {', '.join(LESSON_IDS)})")


def find_lesson(name: str) -> str:
    """The concept id a player typed: any case, spaces around, spaces or _ for hyphens."""
    plain = unicodedata.normalize("NFKC", name)  # full-width letters are letters too
    wanted = "-".join(plain.replace("_", " ").replace("-", " ").lower().split())
    if wanted not in LESSON_IDS:
        raise _unknown(name.strip())
    return wanted


def lesson_path(concept: str) -> Path:
    """The Markdown file of a concept's lesson."""
    if concept not in LESSON_IDS:
        raise _unknown(concept)
    return _FOLDER / f"{concept}.md"


def lesson_text(concept: str) -> str:
    """The full Markdown text of a concept's lesson."""
    return lesson_path(concept).read_text(encoding="utf-8")


def lesson_title(concept: str) -> str:
    """The lesson's title: its first ``# `` heading, without the hashes."""
    for line in lesson_text(concept).splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return concept


def linked_levels(concept: str) -> list[str]:
    """Level ids linked from the lesson as ``(level:<id>)``, in order, without repeats."""
    return list(dict.fromkeys(_LEVEL_LINK.findall(lesson_text(concept))))
