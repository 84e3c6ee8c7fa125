"""Reading check files: every problem in one, each a line naming the file and the key; a
folder's checks (the `checks/` folder beside the levels) in file-name order.

Check files are read like level files (the same limits, the same mending, every problem
at once); the rules no type can say are here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dartfit.files import is_toml
from dartfit.lessons import LESSON_IDS
from dartfit.levels.convert import bounded_words, convert_all
from dartfit.levels.errors import LevelError
from dartfit.levels.raw import RawError, Read, content_of, mend, of_known_keys, table_of
from dartfit.printable import blank
from dartfit.quiz.grade import BOX, typeable
from dartfit.quiz.spec import MAX_QUESTIONS, SCHEMA_VERSION, CheckSpec, Question
from dartfit.wording import echoed

MAX_PROBLEMS = 100
FOLDER = "checks"
"""The folder of check files, inside a folder of levels."""
_MULTILINE = frozenset({"ask", "explain"})
CLEANED = "\x00"  # marks a problem of text the game cleans and plays on with (not shown)


class CheckError(LevelError):
    """A check file is wrong; str() is one line naming the file, the key and the problem."""


@dataclass(frozen=True)
class CheckReport:
    """What reading a check file found: the check (None when it can't be used) and every
    problem, one line each (text the game cleaned is a problem, and still plays)."""

    check: CheckSpec | None
    problems: tuple[CheckError, ...]


def checks_folder(levels_dir: Path | str) -> Path:
    """Where the checks of a folder of levels live."""
    return Path(levels_dir) / FOLDER


def check_files(levels_dir: Path | str) -> list[Path]:
    """The check files of a folder of levels, in file-name order (no `checks/`: none);
    CheckError when `checks` is there but can't be read as a folder."""
    folder = checks_folder(levels_dir)
    if not folder.exists() and not folder.is_symlink():
        return []
    if not folder.is_dir():
        raise CheckError(folder, "", "is not a folder of checks (a file, or a broken link)")
    try:
        return sorted(p for p in folder.iterdir() if is_toml(p))
    except OSError as e:
        raise CheckError(folder, "", f"can't be read: {e.strerror or e}") from None


_READ: dict[tuple[str, tuple[str, ...] | None], tuple[bytes, CheckReport]] = {}
"""The last report on each check file (for each list of chapters), with the file's bytes
then: a class host's warm process reads the checks once for every game it forks."""


def inspect_check(
    path: Path | str, chapters: Sequence[str] | None = None, read: Read | None = None
) -> CheckReport:
    """Read a check file and find every problem in it; never raises. With `chapters` (the
    campaign's), the check must close one of them. `read`: its table as read already
    (`raw.read_once`), not read again."""
    file = Path(path)
    if read is not None:
        return _report(file, chapters, read)
    key = (str(file.absolute()), None if chapters is None else tuple(chapters))
    content = content_of(file)
    kept = _READ.get(key)
    if content is not None and kept is not None and kept[0] == content:
        return kept[1]
    report = _report(file, chapters)
    if content is not None:
        _READ[key] = (content, report)
    return report


def _report(file: Path, chapters: Sequence[str] | None, read: Read | None = None) -> CheckReport:
    try:
        found = list(_inspect(file, chapters, read))
    except Exception as e:  # a bug here must still name the file, and not stop the rest
        found = [(None, "", f"can't be checked: {type(e).__name__}: {e}")]
    spec = next((spec for spec, _, _ in found if spec is not None), None)
    lines = [(key, problem) for _, key, problem in found if problem]
    cleaned = [(key, problem) for key, problem in lines if problem.startswith(CLEANED)]
    said = set(of_known_keys(cleaned, lines))
    problems = tuple(
        CheckError(file, key, problem.removeprefix(CLEANED))
        for key, problem in lines
        if not problem.startswith(CLEANED) or (key, problem) in said
    )
    stopping = any(problem and not problem.startswith(CLEANED) for _, _, problem in found)
    return CheckReport(None if stopping else spec, problems)


def _inspect(
    file: Path, chapters: Sequence[str] | None, read: Read | None
) -> Iterator[tuple[CheckSpec | None, str, str]]:
    try:
        raw = table_of(file, read, "a check file")
    except RawError as e:
        yield None, e.key, e.problem
        return
    mended = mend(raw, _MULTILINE, bounded_words(CheckSpec))
    for key, problem in mended.problems:
        yield None, key, problem
    for key, problem in mended.cleaned:  # text the game cleaned: said, and still played
        yield None, key, CLEANED + problem
    table = mended.table
    questions = table.get("question")
    touched = set(mended.cut)
    if isinstance(questions, list):  # each question alone: one bad one hides no other's
        if not 1 <= len(questions) <= MAX_QUESTIONS:
            got = f"{len(questions):,} questions"
            yield None, "question", f"expected 1 to {MAX_QUESTIONS} questions, got {got}"
        good = []
        found = 0
        for i, (question, problems) in enumerate(_questions(questions, raw, set(mended.cut))):
            at = f"question[{i}]"
            for key, problem in problems:
                found += 1
                if found <= MAX_PROBLEMS:
                    yield None, (f"{at}.{key}" if key else at), problem
            if question is not None and not problems:
                good.append(questions[i])
        if found > MAX_PROBLEMS:
            yield None, "", f"more than {MAX_PROBLEMS} problems: fix these first"
        table["question"] = good or questions[:1]
        touched.add("question")  # its problems are said above, question by question
    spec, wrong = convert_all(table, raw, CheckSpec, MAX_PROBLEMS, touched)
    for key, problem in wrong:
        yield None, key, problem
    if spec is None:
        return
    yield spec, "", ""
    for key, problem in meaning_problems(spec, chapters):
        yield None, key, problem


def _questions(
    questions: list[Any], raw: dict[str, Any], cut: set[str]
) -> Iterator[tuple[Question | None, list[tuple[str, str]]]]:
    """Each question converted alone, with its problems (keys within the question)."""
    written = raw.get("question")
    seen: set[str] = set()
    for i, table in enumerate(questions):
        if not isinstance(table, dict):
            yield None, [("", "expected a table of one question")]
            continue
        prefix = f"question[{i}]."
        touched = {key.removeprefix(prefix) for key in cut if key.startswith(prefix)}
        mine = written[i] if isinstance(written, list) and i < len(written) else table
        question, problems = convert_all(table, mine, Question, MAX_PROBLEMS, touched)
        if question is not None:
            if question.id in seen:
                problems.append(("id", f'"{question.id}" is already used by another question'))
            seen.add(question.id)
            problems += [  # not about a key mended above: its stand-in would mislead
                (key, problem)
                for key, problem in _question_problems(question, touched)
                if not any(key == t or key.startswith((t + ".", t + "[")) for t in touched)
            ]
        yield question, problems


def meaning_problems(
    spec: CheckSpec, chapters: Sequence[str] | None = None
) -> Iterator[tuple[str, str]]:
    """Rules that span keys: the schema and the chapter (each question's own rules are
    checked with it)."""
    if spec.schema != SCHEMA_VERSION:
        yield "schema", f"this dartfit reads schema {SCHEMA_VERSION}, the file says {spec.schema}"
    if chapters is not None and spec.chapter not in chapters:
        known = ", ".join(f'"{c}"' for c in chapters)
        yield "chapter", f'no level is in chapter "{spec.chapter}" (chapters: {known})'
    for key, text in (("title", spec.title), ("chapter", spec.chapter)):
        if blank(text):
            yield key, "is blank: the player would see nothing there"


def _question_problems(q: Question, touched: set[str]) -> Iterator[tuple[str, str]]:
    if q.lesson not in LESSON_IDS:
        yield "lesson", f'"{q.lesson}" is not one of: {", ".join(LESSON_IDS)}'
    texts = {"ask": q.ask, "explain": q.explain}
    texts |= {f"choices[{i}]": c for i, c in enumerate(q.choices)}
    texts |= {f"order[{i}]": c for i, c in enumerate(q.order)}
    for key, text in texts.items():
        if blank(text):
            yield key, "is blank: the player would see nothing there"
    forms = [key for key in ("choices", "number", "order") if _given(q, key)]
    if len(forms) != 1:
        if not touched & {"choices", "number", "order", "answer"}:
            yield "", "give exactly one of choices (with answer), number or order"
        return
    if q.final and q.warm_up:
        yield "final", "asked in the warm-up, or in the final check in a warm-up's place: not both"
    if q.choices:
        if q.answer is None:
            yield "answer", "required with choices: the number of the right choice, from 1"
        elif q.answer > len(q.choices):
            yield "answer", f"is {q.answer}, but there are {len(q.choices)} choices"
        yield from _repeats("choices", q.choices)
    elif q.answer is not None:
        yield "answer", "goes with choices only (a number's answer is `number`)"
    if q.order:
        yield from _repeats("order", q.order)
    if q.number is None and (q.within or q.unit):
        yield "within" if q.within else "unit", "goes with number only"
    elif q.number is not None and not typeable(q.number, q.within):
        yield (
            "number",
            (
                f"no answer the player can type ({BOX} characters at most: digits, a point, a"
                f" minus sign or a fraction, no exponent) is within {echoed(q.within)} of"
                f" {echoed(q.number)}"
            ),
        )


def _given(q: Question, key: str) -> bool:
    value = getattr(q, key)
    return value is not None and value != ()


def _repeats(key: str, items: Iterable[str]) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.strip().casefold() in seen:
            yield f"{key}[{i}]", f'"{item}" is there twice: the player could not tell them apart'
        seen.add(item.strip().casefold())


def clashes(file: Path, check: CheckSpec, seen: dict[tuple[str, str], Path]) -> list[CheckError]:
    """What a check shares with those read before it in its folder (an id, or a chapter that
    already has a check); `seen` grows with it."""
    found = []
    for key, value in (("id", check.id), ("chapter", check.chapter)):
        other = seen.get((key, value))
        if other is not None and key == "id":
            found.append(CheckError(file, key, f'"{value}" is already used by {other.name}'))
        elif other is not None:
            found.append(CheckError(file, key, f'"{value}" already has a check ({other.name})'))
        seen.setdefault((key, value), file)
    return found


def twin_problems(found: Sequence[tuple[Path, CheckSpec]]) -> list[CheckError]:
    """A concept's `final` questions stand in for its warm-up ones in the final check: there
    must be as many of them (so before and after count alike), and a warm-up to stand in for."""
    warm = Counter(q.lesson for _, check in found for q in check.question if q.warm_up)
    final = Counter(q.lesson for _, check in found for q in check.question if q.final)
    problems, said = [], set()
    for file, check in found:
        for i, q in enumerate(check.question):
            if not q.final or q.lesson in said:
                continue
            said.add(q.lesson)
            key = f"question[{i}].final"
            if not warm[q.lesson]:
                why = f'no warm-up question asks about "{q.lesson}": this stands in for none'
                problems.append(CheckError(file, key, why))
            elif warm[q.lesson] != final[q.lesson]:
                why = (
                    f'"{q.lesson}" has {warm[q.lesson]} warm-up question(s) and '
                    f"{final[q.lesson]} for the final check: give as many, or none (the final "
                    "check then asks the warm-up's own)"
                )
                problems.append(CheckError(file, key, why))
    return problems


def load_checks(levels_dir: Path | str, chapters: Sequence[str]) -> list[CheckSpec]:
    """Every check beside a folder of levels; raise CheckError (the first problem) if one
    can't be used, or two share an id or a chapter."""
    checks: list[CheckSpec] = []
    found: list[tuple[Path, CheckSpec]] = []
    seen: dict[tuple[str, str], Path] = {}
    for file in check_files(levels_dir):
        report = inspect_check(file, chapters)
        if report.check is None:
            raise report.problems[0]
        for clash in clashes(file, report.check, seen):
            raise clash
        checks.append(report.check)
        found.append((file, report.check))
    for problem in twin_problems(found):
        raise problem
    return checks
