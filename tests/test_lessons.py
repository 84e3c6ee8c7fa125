"""Lesson texts: one per concept, short, titled, LaTeX-free, and linked to real levels."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

import pytest

from dartfit.lessons import (
    LESSON_IDS,
    lesson_path,
    lesson_text,
    lesson_title,
    linked_levels,
)
from tests.conftest import SHIPPED

# Levels that lessons may already link to although they are not shipped yet.
PLANNED_LEVELS = {
    "likely-line",  # mle
    "bowl",  # bowl
    "step-by-hand",  # gradients
    "learning-rate",  # learning-rate
    "too-hot",  # learning-rate
    "wind-and-wobble",  # bias-variance
    "degree",  # bias-variance
}
MAX_LINES = 60
MAX_WIDTH = 80
LATEX = ("\\frac", "$$", "\\sum", "\\cdot", "\\hat", "\\sqrt")


def _shipped_levels() -> dict[str, str]:
    """Shipped level id → the concept named in its `lesson` key."""
    levels = {}
    for path in SHIPPED.glob("*.toml"):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        levels[spec["id"]] = spec["lesson"]
    return levels


def test_there_is_one_lesson_per_curriculum_concept_in_order() -> None:
    files = sorted(p.stem for p in lesson_path("error").parent.glob("*.md"))
    assert sorted(LESSON_IDS) == files  # every lesson file is listed, and only those
    for concept in LESSON_IDS:
        assert lesson_path(concept).is_file(), concept


def test_the_lessons_come_in_the_order_the_campaign_first_needs_them() -> None:
    """A student's review: "Between the two" (Huber, level 22) opens its lesson, which the
    list put last, after likelihood's, the bowl's, bias–variance's; the kink's lesson came
    after bias–variance's though its level comes first. Each lesson a shipped level names
    comes no later than the first such level: ordered by that level's place in the
    campaign, the lessons are in LESSON_IDS's order (a lesson no level names, after them)."""
    from dartfit.levels import load_levels

    first: dict[str, int] = {}
    for place, level in enumerate(load_levels(SHIPPED)):
        first.setdefault(level.spec.lesson, place)
    needed = sorted(first, key=first.__getitem__)
    assert [c for c in LESSON_IDS if c in first] == needed
    unnamed = [c for c in LESSON_IDS if c not in first]
    assert list(LESSON_IDS[len(needed) :]) == unnamed  # the others come after


@pytest.mark.parametrize("concept", LESSON_IDS)
def test_a_lesson_has_a_title_a_summary_and_a_practise_section(concept: str) -> None:
    lines = lesson_text(concept).splitlines()
    assert lines[0].startswith("# ") and lesson_title(concept) == lines[0][2:].strip()
    assert lesson_title(concept)
    summary = next(line for line in lines[1:] if line.strip())
    assert summary.startswith("*") and not summary.startswith("**"), concept
    assert "## Practise it" in lines, concept
    practise = lines[lines.index("## Practise it") :]
    assert any("](level:" in line for line in practise), concept
    assert linked_levels(concept), concept


@pytest.mark.parametrize("concept", LESSON_IDS)
def test_a_lesson_fits_a_small_terminal(concept: str) -> None:
    lines = lesson_text(concept).splitlines()
    assert len(lines) <= MAX_LINES, f"{concept}: {len(lines)} lines"
    wide = [line for line in lines if len(line) > MAX_WIDTH]
    assert wide == [], f"{concept}: lines wider than {MAX_WIDTH}"


@pytest.mark.parametrize("concept", LESSON_IDS)
def test_a_lesson_has_no_latex(concept: str) -> None:
    text = lesson_text(concept)
    found = [bad for bad in LATEX if bad in text]
    assert found == [], f"{concept} contains LaTeX: {found}"
    assert not re.search(r"\$[^$\n]+\$", text), f"{concept} contains $…$ maths"


@pytest.mark.parametrize("concept", LESSON_IDS)
def test_lesson_links_name_existing_lessons(concept: str) -> None:
    for target in re.findall(r"\]\(lesson:([^)]*)\)", lesson_text(concept)):
        assert target in LESSON_IDS, f"{concept} links to unknown lesson {target!r}"
        assert target != concept, f"{concept} links to itself"


@pytest.mark.parametrize("concept", LESSON_IDS)
def test_level_links_name_shipped_or_planned_levels(concept: str) -> None:
    shipped = _shipped_levels()
    for level in linked_levels(concept):
        assert level in shipped or level in PLANNED_LEVELS, (
            f"{concept} links to level {level!r}, which is neither shipped nor planned"
        )


def test_every_shipped_level_is_linked_from_its_own_lesson() -> None:
    for level, concept in _shipped_levels().items():
        assert level in linked_levels(concept), f"lesson {concept!r} should link level {level!r}"


def test_an_unknown_concept_is_a_clear_lookup_error() -> None:
    with pytest.raises(LookupError, match='no lesson called "nope"'):
        lesson_path("nope")
    with pytest.raises(LookupError, match="lessons: error, signs-cancel"):
        lesson_text("nope")
    for func in (lesson_title, linked_levels):
        with pytest.raises(LookupError):
            func("nope")


def test_linked_levels_are_read_in_order() -> None:
    assert linked_levels("mae") == ["best-constant", "mean-guess", "median-guess", "outlier-mae"]
    assert linked_levels("learning-rate") == ["learning-rate", "too-hot", "scaling"]


def test_the_lessons_module_never_imports_the_user_interface() -> None:
    code = (
        "import sys, dartfit.lessons\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'plotext'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
