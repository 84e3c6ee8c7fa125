"""The checks: short sets of questions that close a chapter, the warm-up before the
campaign and the same questions after it, and the review of what was missed.

Pure (never textual or numpy). `spec` is the file format, `load` reads and validates check
files (as `dartfit check` does), `grade` marks an answer, `plan` says which questions a
check asks and what the player has gained. Import from here.
"""

from dartfit.quiz.grade import Graded, grade, read_number, read_order, shown_order
from dartfit.quiz.load import (
    CheckError,
    CheckReport,
    check_files,
    checks_folder,
    inspect_check,
    load_checks,
)
from dartfit.quiz.plan import (
    FINAL,
    REVIEW,
    WARM_UP,
    Asked,
    Gain,
    asked,
    chapter_check,
    due,
    gains,
    is_open,
    moment,
    owed,
    resumed,
    score,
    title,
    wins,
)
from dartfit.quiz.spec import MAX_CHOICES, CheckSpec, Question

__all__ = [
    "FINAL",
    "MAX_CHOICES",
    "REVIEW",
    "WARM_UP",
    "Asked",
    "CheckError",
    "CheckReport",
    "CheckSpec",
    "Gain",
    "Graded",
    "Question",
    "asked",
    "chapter_check",
    "check_files",
    "checks_folder",
    "due",
    "gains",
    "grade",
    "inspect_check",
    "is_open",
    "load_checks",
    "moment",
    "owed",
    "read_number",
    "read_order",
    "resumed",
    "score",
    "shown_order",
    "title",
    "wins",
]
