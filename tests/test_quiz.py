"""The checks, pure: reading question files, marking answers, the review schedule, the gain
per concept, and answers kept in progress (saved, merged, reset)."""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dartfit.campaign import chapters
from dartfit.commands import check_paths
from dartfit.levels import LevelError, load_level, load_levels
from dartfit.progress import AnswerRecord, LevelResult, Progress, ProgressStore
from dartfit.progress.codec import decode, encode
from dartfit.quiz import (
    FINAL,
    REVIEW,
    WARM_UP,
    CheckError,
    Question,
    asked,
    due,
    gains,
    grade,
    inspect_check,
    is_open,
    load_checks,
    owed,
    read_number,
    read_order,
    score,
    shown_order,
)
from dartfit.quiz import play as quiz
from dartfit.quiz.grade import typeable
from tests.conftest import SHIPPED

LEVELS = load_levels(SHIPPED)
CHAPTERS = [name for name, _ in chapters(LEVELS)]
CHECKS = load_checks(SHIPPED, CHAPTERS)
WON = LevelResult(completed=True, stars=3)


def won_up_to(count: int) -> Progress:
    """Progress with the first `count` levels of the campaign won."""
    progress = Progress()
    for level in LEVELS[:count]:
        progress = progress.record(level.id, WON)
    return progress


# ---- the shipped checks ---------------------------------------------------------------------


def test_every_chapter_has_a_check_of_three_to_five_questions() -> None:
    assert sorted(c.chapter for c in CHECKS) == sorted(CHAPTERS)
    for check in CHECKS:
        assert 3 <= len(asked(CHECKS, check.id, Progress())) <= 5, check.id
        assert not any(a.question.final for a in asked(CHECKS, check.id, Progress()))


def test_the_warm_up_asks_every_chapter_but_the_last_and_a_concept_of_each() -> None:
    warm = asked(CHECKS, WARM_UP, Progress())
    assert 6 <= len(warm) <= 12
    assert {a.check.chapter for a in warm} >= set(CHAPTERS) - {"Big data", "Points", "Lines"}
    final = asked(CHECKS, FINAL, Progress())
    # after the campaign: the same concepts, as many questions each, none the same question
    assert Counter(a.question.lesson for a in final) == Counter(a.question.lesson for a in warm)
    assert not {a.key for a in final} & {a.key for a in warm}
    assert all(a.question.final for a in final)


def test_every_shipped_question_has_an_explanation_of_a_paragraph_at_least() -> None:
    for a in asked(CHECKS, WARM_UP, Progress()) + [
        a for c in CHECKS for a in asked(CHECKS, c.id, Progress())
    ]:
        assert len(a.question.explain.split()) >= 25, a.key


def _exact(text: str) -> Fraction:
    return Fraction(text.replace("−", "-"))


def test_the_shipped_number_answers_agree_with_the_arithmetic_their_questions_ask() -> None:
    """Each number question's answer worked out again, independently, from its wording."""
    by_key = {a.key: a.question for c in CHECKS for a in asked(CHECKS, c.id, Progress())}
    misses = [4, -1, -3]
    worked = {
        "darts/sum-cancels": sum(misses),
        "darts/mse-of-three": Fraction(sum(e * e for e in misses), 3),
        "lines/mse-line": Fraction(sum((y - (x + 1)) ** 2 for x, y in [(0, 1), (1, 3), (2, 3)]), 3),
        "lines/outlier-share": Fraction(100 * 25, 1 + 1 + 1 + 25),
        "points/square-grows": Fraction(6**2, 2**2),  # how many times as large
        "mse-vs-mae/mae-guess": sorted([2, 4, 9])[1],  # the median
        "mse-vs-mae/mse-guess": Fraction(2 + 4 + 9, 3),  # the mean
        "mse-vs-mae/rmse": 4,  # √16
        "bowl/one-step": Fraction(3) - Fraction(1, 10) * 4,
        "bias-variance/split": 4 + 5 + 1,
    }
    numbered = {key for key, q in by_key.items() if q.number is not None}
    assert numbered == set(worked)
    for key, value in worked.items():
        q = by_key[key]
        assert q.number is not None
        assert abs(Fraction(q.number) - Fraction(value)) <= Fraction(q.within) + Fraction(1, 10**9)
        assert grade(q, float(value)).right, key


def test_the_worse_round_and_the_ordered_sets_are_what_their_explanations_say() -> None:
    rounds = {"A": [6, 0, 0, 0], "B": [2] * 4}
    mse = {name: sum(e * e for e in r) / len(r) for name, r in rounds.items()}
    assert mse == {"A": 9, "B": 4} and sum(rounds["B"]) > sum(rounds["A"])  # B missed more
    sets = ["2, 2, 2, 2", "3, 3, 0, 0", "0, 0, 0, 5"]
    values = [sum(int(v) ** 2 for v in s.split(", ")) / 4 for s in sets]
    assert values == sorted(values) == [4, 4.5, 6.25]
    order_q = next(q for c in CHECKS for q in c.question if q.id == "order-rounds")
    assert list(order_q.order) == sets


# ---- marking -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("0", 0.0),
        ("−3", -3.0),
        ("-3", -3.0),
        ("2,5", 2.5),
        (" 8.667 ", 8.667),
        (".5", 0.5),
        ("4 cm", 4.0),
        ("1e2", 100.0),
        ("26/3", 26 / 3),
        ("−1/4", -0.25),
    ],
)
def test_a_number_is_read_as_a_person_writes_it(typed: str, value: float) -> None:
    assert read_number(typed, "cm") == value


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "nan",
        "inf",
        "1e999",
        "1,000.5",
        "2 3",
        "--3",
        "3-",
        "x",
        "1" * 50,
        "١٢",
        "1/0",
        "1/",
        "/2",
        "1/2/3",
    ],
)
def test_what_is_not_a_number_is_refused_not_guessed(typed: str) -> None:
    assert read_number(typed) is None


def test_an_order_is_each_shown_number_once() -> None:
    assert read_order("312", 3) == (2, 0, 1)
    assert read_order("3 1 2", 3) == (2, 0, 1)
    assert read_order("3,1,2", 3) == (2, 0, 1)
    for bad in ["31", "3112", "412", "abc", "", "0 1 2"]:
        assert read_order(bad, 3) is None, bad


def test_order_items_are_never_shown_in_the_right_order() -> None:
    for check in CHECKS:
        for q in check.question:
            if q.order:
                shown = shown_order(q)
                assert sorted(shown) == list(range(len(q.order)))
                assert list(shown) != sorted(shown), q.id
                assert shown_order(q) == shown  # the same every time


@pytest.mark.parametrize("n", [3, 4, 5])
def test_an_order_s_answer_is_never_the_example_of_how_to_type_one(n: int) -> None:
    """train-order was shown in reverse ("1. one constant … 3. a degree-8 polynomial"), so
    its answer was 321, and a wrong entry was told "Type the numbers 1 to 3 … (like 321)"."""
    q = next(q for c in CHECKS for q in c.question if q.order)
    items = tuple("abcde"[:n])
    for k in range(300):
        shown = shown_order(type(q)(**{**_fields(q), "id": f"q{k}", "order": items}))
        assert list(shown) not in (sorted(shown), sorted(shown, reverse=True)), shown
    for check in CHECKS:  # the shipped ones, as the screen tells a wrong entry
        for q in check.question:
            if q.order:
                example = "".join(str(i) for i in range(len(q.order), 0, -1))
                answer = read_order(example, len(q.order))
                assert answer is not None and not grade(q, answer).right, q.id


def _fields(q: Question) -> dict[str, object]:
    return {f: getattr(q, f) for f in q.__struct_fields__}


@given(st.permutations(range(4)))
def test_an_order_is_right_exactly_when_the_items_come_out_in_the_files_order(
    picked: list[int],
) -> None:
    q = next(q for c in CHECKS for q in c.question if q.order)
    q4 = type(q)(
        **{**{f: getattr(q, f) for f in q.__struct_fields__}, "order": ("a", "b", "c", "d")}
    )
    shown = shown_order(q4)
    marked = grade(q4, tuple(picked))
    assert marked.right == ([shown[p] for p in picked] == [0, 1, 2, 3])


def test_a_choice_is_right_only_when_it_is_the_answer() -> None:
    q = next(q for c in CHECKS for q in c.question if q.id == "error-sign")
    assert q.answer is not None
    assert [grade(q, i + 1).right for i in range(len(q.choices))].count(True) == 1
    assert grade(q, q.answer).right and "−3" in grade(q, 1).answer


# ---- taking a check, pure --------------------------------------------------------------------


def test_a_key_typed_twice_never_answers_a_question_twice() -> None:
    questions = asked(CHECKS, "darts", Progress())
    right = questions[0].question.answer
    assert right is not None
    state = quiz.chosen(quiz.QuizState(), questions, right)
    assert state.results == (True,)
    assert quiz.chosen(state, questions, 1 + right % 2) is state  # already answered
    state = quiz.entered(state, questions)  # next: a number
    state = quiz.entered(state, questions)  # nothing typed: a problem, not an answer
    assert state.results == (True,) and "Type a number" in state.problem
    for key in "0\n":
        state = quiz.entered(state, questions) if key == "\n" else quiz.typed(state, questions, key)
    assert state.results == (True, True)
    assert quiz.typed(state, questions, "5") is state  # typing after the answer is not taken


def test_enter_typed_twice_never_hands_in_a_choice_unread() -> None:
    """A player's review: enter to go on, typed twice, answered the next question with its
    first choice, which the cursor stood on. No choice is pointed at until an arrow is."""
    questions = asked(CHECKS, "darts", Progress())
    choosing = next(i for i, a in enumerate(questions) if a.question.choices)
    state = quiz.QuizState(index=choosing)
    state = quiz.entered(state, questions)
    assert state.graded is None and state.results == () and "Pick a choice" in state.problem
    down = quiz.moved(state, questions, 1)
    assert down.cursor == 0 and not down.problem
    up = quiz.moved(state, questions, -1)
    assert up.cursor == len(questions[choosing].question.choices) - 1
    assert quiz.entered(down, questions).graded is not None  # chosen with arrows, then enter


def test_a_paste_of_anything_but_a_number_is_refused_whole() -> None:
    questions = asked(CHECKS, "darts", Progress())
    state = quiz.entered(quiz.chosen(quiz.QuizState(), questions, 2), questions)
    refused = quiz.pasted(state, questions, "12\x1b[31m")
    assert refused.typed == "" and refused.problem
    assert quiz.pasted(state, questions, "−0.5").typed == "−0.5"


# ---- the review schedule, the gain and progress -------------------------------------------------


def test_a_missed_question_comes_back_after_1_then_2_then_4_wins_and_then_is_learned() -> None:
    record = AnswerRecord().answered(False, "chapter", won=4)
    assert record.due == 5 and not record.is_due(4) and record.is_due(5)
    record = record.answered(True, "review", won=5)
    assert (record.box, record.due) == (1, 7)
    record = record.answered(True, "review", won=7)
    assert (record.box, record.due) == (2, 11)
    record = record.answered(True, "review", won=11)
    assert record.due is None  # learned
    again = record.answered(False, "review", won=12)
    assert (again.box, again.due) == (0, 13)


def test_the_warm_up_schedules_no_review_the_levels_teach_first() -> None:
    assert AnswerRecord().answered(False, "before", won=0).due is None


def test_review_asks_what_is_due_and_only_that() -> None:
    progress = won_up_to(4)
    assert due(CHECKS, progress) == [] and is_open(REVIEW, CHECKS, LEVELS, progress)
    progress = progress.answered("darts/worse-round", False, "chapter")
    assert due(CHECKS, progress) == []  # due after one more win
    progress = progress.record(LEVELS[4].id, WON)
    assert [a.key for a in asked(CHECKS, REVIEW, progress)] == ["darts/worse-round"]
    assert is_open(REVIEW, CHECKS, LEVELS, progress) is None


def test_a_question_back_for_review_shows_its_choices_in_another_order() -> None:
    """Answered by its meaning, not its place: the right choice is graded right wherever it is."""
    shown = next(a for a in asked(CHECKS, "bowl", Progress()) if len(a.question.choices) >= 3)
    first = replace(
        shown, question=next(q for q in shown.check.question if q.id == shown.question.id)
    )
    progress = won_up_to(4).answered(first.key, False, "chapter")
    orders = set()
    for i in range(4):  # missed again and again: each time it comes back shuffled anew
        progress = progress.record(LEVELS[i + 4].id, WON)
        back = next(a for a in due(CHECKS, progress, None) if a.key == first.key)
        assert back.question.choices != first.question.choices
        assert sorted(back.question.choices) == sorted(first.question.choices)
        right = back.question.choices[back.question.answer - 1]  # type: ignore[operator]
        assert right == first.question.choices[first.question.answer - 1]  # type: ignore[operator]
        assert grade(back.question, back.question.answer).right  # type: ignore[arg-type]
        orders.add(back.question.choices)
        progress = progress.answered(first.key, False, "review")
    assert len(orders) >= 2


def test_a_chapter_check_opens_when_its_chapter_is_won_and_is_owed_once() -> None:
    darts = [lv for lv in LEVELS if lv.spec.chapter == "Darts"]
    before = won_up_to(len(darts) - 1)
    assert is_open("darts", CHECKS, LEVELS, before) == "win its levels first"
    after = won_up_to(len(darts))
    assert is_open("darts", CHECKS, LEVELS, after) is None
    owed_check = owed(CHECKS, LEVELS, after, darts[-1].id)
    assert owed_check is not None and owed_check.id == "darts"
    taken = after.answered("darts/error-sign", True, "chapter")
    assert owed(CHECKS, LEVELS, taken, darts[-1].id) is None
    warmed = after.answered("darts/error-sign", True, "before")  # the warm-up isn't the check
    assert owed(CHECKS, LEVELS, warmed, darts[-1].id) is not None


def test_the_gain_per_concept_is_right_after_minus_right_before() -> None:
    progress = Progress()
    warm = asked(CHECKS, WARM_UP, progress)
    for i, a in enumerate(warm):
        progress = progress.answered(a.key, i % 2 == 0, "before")
    assert all(g.after is None for g in gains(CHECKS, progress))
    for a in warm:  # the warm-up's own questions answered again count for nothing after
        progress = progress.answered(a.key, True, "after")
    assert all(g.after is None for g in gains(CHECKS, progress))
    for a in asked(CHECKS, FINAL, progress):
        progress = progress.answered(a.key, True, "after")
    found = gains(CHECKS, progress)
    assert sum(g.asked for g in found) == len(warm)
    assert sum(g.before or 0 for g in found) == (len(warm) + 1) // 2
    assert all(g.after == g.asked for g in found)
    half = (len(warm) + 1) // 2
    assert score(WARM_UP, CHECKS, progress) == (half, len(warm), len(warm))
    assert score(FINAL, CHECKS, progress) == (len(warm), len(warm), len(warm))


def test_the_first_warm_up_answer_and_the_first_final_one_are_kept() -> None:
    """The final check explains each answer: answered again, it would only measure that."""
    record = AnswerRecord().answered(False, "before", 0).answered(True, "before", 0)
    assert record.before is False
    record = record.answered(False, "after", 30).answered(True, "after", 30)
    assert record.after is False


def test_every_check_shows_choices_out_of_the_files_order() -> None:
    """In the files the right choice is often first: a student pressing 1 throughout would
    score well. Shown, every choice question's choices are in another order."""
    for which in [FINAL, WARM_UP, *(c.id for c in CHECKS)]:
        for a in asked(CHECKS, which, Progress()):
            if a.question.choices:
                original = next(q for q in a.check.question if q.id == a.question.id)
                assert a.question.choices != original.choices
                right = original.choices[original.answer - 1]  # type: ignore[operator]
                assert a.question.choices[a.question.answer - 1] == right  # type: ignore[operator]
    firsts = [a.question.answer for a in asked(CHECKS, FINAL, Progress()) if a.question.choices]
    assert max(firsts.count(n) for n in set(firsts)) <= len(firsts) // 2 + 1


def test_answers_save_as_schema_2_and_a_save_without_them_stays_schema_1(tmp_path: Path) -> None:
    store = ProgressStore.in_folder(tmp_path)
    plain = Progress().record("first-throw", WON)
    assert store.save(plain)
    assert json.loads(store.path.read_text())["schema"] == 1
    answered = plain.answered("darts/error-sign", False, "chapter")
    assert store.save(answered)
    document = json.loads(store.path.read_text())
    assert document["schema"] == 2 and document["answers"]["darts/error-sign"]["due"] == 2
    assert store.load().progress == answered


def test_a_damaged_answer_is_left_out_and_the_stars_are_kept() -> None:
    good = Progress().record("first-throw", WON).answered("darts/a", True, "chapter")
    document = json.loads(encode(good))
    document["answers"]["darts/b"] = {"right": -1}
    with pytest.raises(Exception) as caught:
        decode(json.dumps(document).encode())
    salvaged = caught.value.progress  # type: ignore[attr-defined]
    assert salvaged.levels == good.levels and set(salvaged.answers) == {"darts/a"}
    assert "darts/b" in str(caught.value)


@given(
    st.lists(st.tuples(st.booleans(), st.sampled_from(["before", "chapter", "review", "after"])))
)
def test_two_windows_merge_to_the_longer_history_either_way(said: list[tuple[bool, str]]) -> None:
    one, two = Progress(), Progress()
    for i, (right, moment) in enumerate(said):
        one = one.answered("q/a", right, moment)  # type: ignore[arg-type]
        if i < len(said) // 2:
            two = two.answered("q/a", right, moment)  # type: ignore[arg-type]
    assert one.merge(two).answers == two.merge(one).answers
    if said:
        assert one.merge(two).answers["q/a"] == one.answers["q/a"]


def test_reset_all_forgets_the_answers_too() -> None:
    progress = Progress().answered("darts/error-sign", True, "before")
    assert progress.reset_all().answers == {}


# ---- check files ---------------------------------------------------------------------------------


def test_the_shipped_levels_and_checks_pass_dartfit_check() -> None:
    fine, found = check_paths([str(SHIPPED)])
    assert found == [] and fine == len(LEVELS) + len(CHECKS)


BAD = """
schema = 1
id = "x"
chapter = "Darts"
title = "T"

[[question]]
id = "a"
lesson = "mean"
ask = "How much?"
explain = "Because."
choices = ["one", "two"]
answer = 7
colour = "loud"

[[question]]
id = "b"
lesson = "meen"
ask = "And?"
explain = "So."
number = 1

[[question]]
id = "a"
lesson = "mean"
ask = "Again?"
explain = "Yes."
number = 2
choices = ["x", "y"]
answer = 1

[[question]]
id = "d"
lesson = "mean"
ask = "Order?"
explain = "This."
order = ["p", "q", "p"]
"""


def test_a_bad_check_file_gets_every_problem_each_on_a_line_naming_file_and_key(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(BAD)
    report = inspect_check(path, CHAPTERS)
    lines = [str(p) for p in report.problems]
    assert report.check is None
    expected = [
        "question[0].answer: expected a whole number from 1 to 6, got 7",
        "question[0].colour: unknown key",
        'question[1].lesson: "meen" is not one of',
        'question[2].id: "a" is already used',
        "question[2]: give exactly one of choices",
        'question[3].order[2]: "p" is there twice',
    ]
    for part in expected:
        assert any(part in line for line in lines), (part, lines)
    assert all(line.startswith(f"{path}: ") and "\n" not in line for line in lines)
    status, found = check_paths([str(path)])
    assert status == 0 and len(found) == len(lines)


def test_a_text_of_marks_alone_is_blank_in_a_check(tmp_path: Path) -> None:
    """Accents with no letter to sit on show nothing: such a choice passed `dartfit check`."""
    path = tmp_path / "marks.toml"
    path.write_text(BAD.replace('choices = ["one", "two"]', 'choices = ["one", "\u0301" ]'))
    lines = [str(p) for p in inspect_check(path, CHAPTERS).problems]
    assert any("question[0].choices[1]: is blank" in line for line in lines), lines


def test_every_wrong_item_of_a_list_is_said_not_only_the_first(tmp_path: Path) -> None:
    """msgspec stops at the first wrong item of a list, and the list is then mended whole:
    the other items are each tried alone."""
    path = tmp_path / "bad.toml"
    path.write_text(BAD.replace('choices = ["one", "two"]', 'choices = ["one", 2, "", true]'))
    lines = [str(p) for p in inspect_check(path, CHAPTERS).problems]
    for part in (
        "question[0].choices[1]: expected text of 1 to 70 characters, got 2",
        'question[0].choices[2]: expected text of 1 to 70 characters, got ""',
        "question[0].choices[3]: expected text of 1 to 70 characters, got true",
    ):
        assert sum(part in line for line in lines) == 1, (part, lines)
    assert not any("question[0].choices[0]" in line for line in lines), lines


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "holds no keys (it is empty, or comments only)"),
        ('schema = 2\nid = "x"\nchapter = "Darts"\ntitle = "T"\n' + BAD.split("\n\n")[1], "schema"),
        (BAD.replace('chapter = "Darts"', 'chapter = "Nope"'), 'no level is in chapter "Nope"'),
        (BAD.replace('ask = "How much?"', 'ask = "\\u001b[2J"'), "U+001B"),
        ("[[question]]\n" * 9, "question"),
        ("x = " + "[" * 40 + "]" * 40, "nested more than"),
        ("\xff\xfe", "UTF-8"),
    ],
)
def test_hostile_check_files_are_refused_in_one_line_each(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = tmp_path / "hostile.toml"
    path.write_bytes(text.encode("utf-8", "surrogateescape") if text != "\xff\xfe" else b"\xff\xfe")
    report = inspect_check(path, CHAPTERS)
    assert report.check is None
    assert any(problem in str(p) for p in report.problems), [str(p) for p in report.problems]


def test_a_huge_answer_is_told_the_range_its_question_takes(tmp_path: Path) -> None:
    """answer = 1e20 was "expected a number between −1,000,000,000 and 1,000,000,000",
    where a choice's number runs from 1 to the count of choices."""
    text = (SHIPPED / "checks" / "1-darts.toml").read_text().replace("answer = 2", "answer = 1e20")
    path = tmp_path / "darts.toml"
    path.write_text(text, encoding="utf-8")
    said = [str(p) for p in inspect_check(path, CHAPTERS).problems]
    assert any("answer: expected a whole number from 1 to 6, got 1e20" in p for p in said), said


def test_a_folder_whose_check_names_no_chapter_of_its_levels_is_refused(tmp_path: Path) -> None:
    (tmp_path / "checks").mkdir()
    for level in LEVELS[:4]:
        (tmp_path / level.path.name).write_bytes(level.path.read_bytes())
    text = (SHIPPED / "checks" / "2-lines.toml").read_text()
    (tmp_path / "checks" / "lines.toml").write_text(text)
    fine, found = check_paths([str(tmp_path)])
    assert fine == 4 and len(found) == 1 and 'no level is in chapter "Lines"' in found[0]
    with pytest.raises(CheckError, match=re.escape("lines.toml: chapter")):
        load_checks(tmp_path, ["Darts"])


def test_two_checks_of_one_chapter_are_refused(tmp_path: Path) -> None:
    (tmp_path / "checks").mkdir()
    text = (SHIPPED / "checks" / "1-darts.toml").read_text()
    (tmp_path / "checks" / "a.toml").write_text(text)
    (tmp_path / "checks" / "b.toml").write_text(text.replace('id = "darts"', 'id = "darts-2"'))
    with pytest.raises(CheckError, match="already has a check"):
        load_checks(tmp_path, ["Darts"])


# ---- found by a hostile pass ---------------------------------------------------------------


def _darts_with(questions: int) -> str:
    text = (SHIPPED / "checks" / "1-darts.toml").read_text()
    head, _, rest = text.partition("[[question]]")
    one = "[[question]]" + rest.split("[[question]]")[1]
    made = [one.replace('id = "error-sign"', f'id = "q{i}"') for i in range(questions)]
    return head + "".join(made)


@pytest.mark.parametrize("count", [0, 9])
def test_a_check_of_no_question_or_more_than_8_is_refused_not_played(
    tmp_path: Path, count: int
) -> None:
    path = tmp_path / "checks" / "1.toml"
    path.parent.mkdir()
    path.write_text(
        _darts_with(count) if count else _darts_with(1).split("[[question]]")[0] + "question = []\n"
    )
    report = inspect_check(path, CHAPTERS)
    assert report.check is None
    assert any("expected 1 to 8 questions" in str(p) for p in report.problems), report.problems
    with pytest.raises(CheckError):
        load_checks(tmp_path, CHAPTERS)


def test_a_checks_folder_that_is_a_file_or_a_check_among_the_levels_is_said(
    tmp_path: Path,
) -> None:
    for level in LEVELS[:4]:
        (tmp_path / level.path.name).write_bytes(level.path.read_bytes())
    (tmp_path / "checks").write_text("not a folder")
    _, found = check_paths([str(tmp_path)])
    assert any("checks: is not a folder of checks" in line for line in found), found
    with pytest.raises(CheckError, match="not a folder of checks"):
        load_checks(tmp_path, ["Darts"])
    (tmp_path / "checks").unlink()
    (tmp_path / "99-x.toml").write_text((SHIPPED / "checks" / "1-darts.toml").read_text())
    _, found = check_paths([str(tmp_path)])
    said = "a check, not a level: checks go in the checks/ folder"
    assert found == [f"{tmp_path / '99-x.toml'}: {said}"]


@pytest.mark.parametrize("load", [load_levels, load_level], ids=["--levels", "play"])
def test_a_check_read_as_a_level_is_said_to_be_a_check(load) -> None:
    """`dartfit play checks/1-darts.toml`, and `--levels` given the checks/ folder, said
    "question: unknown key"."""
    darts = SHIPPED / "checks" / "1-darts.toml"
    with pytest.raises(LevelError) as caught:
        load(darts if load is load_level else darts.parent)
    said = "a check, not a level: a campaign asks it from the checks/ folder beside its levels"
    assert str(caught.value) == f"{darts}: {said}"


def test_a_checks_folder_given_to_check_is_checked_as_checks(tmp_path: Path) -> None:
    """`dartfit check levels/checks` told each check to go in the checks/ folder it was in."""
    checks = tmp_path / "campaign" / "checks"
    checks.mkdir(parents=True)
    shipped = sorted((SHIPPED / "checks").glob("*.toml"))
    for file in shipped:
        (checks / file.name).write_bytes(file.read_bytes())
    assert check_paths([str(checks)]) == (len(shipped), [])
    darts = checks / shipped[0].name
    darts.write_text(darts.read_text().replace("answer = 2", "answer = 9", 1))
    fine, found = check_paths([str(checks)])
    assert fine == len(shipped) - 1 and len(found) == 1, found
    assert found[0].startswith(f"{darts}: ") and "checks go in" not in found[0]
    levels = tmp_path / "checks"  # a folder of levels that is named checks: levels still
    levels.mkdir()
    for level in LEVELS[:3]:
        (levels / level.path.name).write_bytes(level.path.read_bytes())
    assert check_paths([str(levels)]) == (3, [])


def test_a_hidden_character_in_a_check_is_said_and_the_check_still_plays(tmp_path: Path) -> None:
    (tmp_path / "checks").mkdir()
    text = (SHIPPED / "checks" / "1-darts.toml").read_text()
    (tmp_path / "checks" / "1.toml").write_text(
        text.replace("What the darts", "What\u200b the darts")
    )
    report = inspect_check(tmp_path / "checks" / "1.toml", CHAPTERS)
    assert report.check is not None and report.check.title == "What the darts taught"
    assert any("U+200B" in str(p) for p in report.problems)
    assert load_checks(tmp_path, CHAPTERS)[0].title == "What the darts taught"


def test_a_damaged_answers_table_is_left_out_and_the_stars_kept() -> None:
    won = Progress().record("first-throw", WON)
    for bad in ([], "x", None):
        document = json.loads(encode(won))
        document["schema"], document["answers"] = 2, bad
        with pytest.raises(Exception) as caught:
            decode(json.dumps(document).encode())
        assert caught.value.progress.levels == won.levels  # type: ignore[attr-defined]
    document = json.loads(encode(won))
    document["schema"] = 2
    document["answers"] = {f"c/q{i}": {"right": 1} for i in range(40_000)}
    with pytest.raises(Exception) as caught:
        decode(json.dumps(document).encode())
    kept = caught.value.progress  # type: ignore[attr-defined]
    assert kept.levels == won.levels and kept.answers == {}
    assert "answers" in str(caught.value)


def test_a_question_missed_after_the_campaign_is_due_at_once() -> None:
    progress = won_up_to(len(LEVELS)).answered("darts/worse-round", False, "chapter", len(LEVELS))
    assert [a.key for a in due(CHECKS, progress, LEVELS)] == ["darts/worse-round"]
    endless = progress.record("endless", WON)  # a streak's record is not a level won
    from dartfit.quiz import wins

    assert wins(LEVELS, endless) == len(LEVELS)


def test_an_order_typed_with_commas_is_taken() -> None:
    questions = [a for a in asked(CHECKS, "lines", Progress()) if a.question.order]
    state = quiz.pasted(quiz.QuizState(), questions, "3,1,2")
    assert state.typed == "3,1,2" and not state.problem
    assert quiz.entered(state, questions).graded is not None


# ---- the final check's twins ------------------------------------------------------------


def _twin(lesson: str, name: str = "twin", **keys: str) -> str:
    extra = "".join(f"{k} = {v}\n" for k, v in keys.items())
    return (
        f'\n[[question]]\nid = "{name}-{lesson}"\nlesson = "{lesson}"\n{extra}'
        'ask = "What is 1 + 1?"\nnumber = 2\nexplain = "Two."\n'
    )


@pytest.mark.parametrize(
    ("added", "says"),
    [
        (_twin("error", "b", final="true", warm_up="true"), "question[5].final: asked in the"),
        (_twin("squaring", final="true"), 'no warm-up question asks about "squaring"'),
        (_twin("error", "b", final="true"), '"error" has 1 warm-up question(s) and 2 for the'),
    ],
    ids=["both", "no-warm-up", "too-many"],
)
def test_a_final_twin_that_stands_in_for_no_warm_up_question_is_refused(
    tmp_path: Path, added: str, says: str
) -> None:
    (tmp_path / "checks").mkdir()
    for level in LEVELS:
        if level.spec.chapter == "Darts":
            (tmp_path / level.path.name).write_bytes(level.path.read_bytes())
    text = (SHIPPED / "checks" / "1-darts.toml").read_text()
    head, _, _ = text.partition("\n# The final check")
    (tmp_path / "checks" / "darts.toml").write_text(head + _twin("error", final="true") + added)
    fine, found = check_paths([str(tmp_path)])
    assert len(found) == 1 and says in found[0] and "darts.toml" in found[0], found
    assert fine == sum(level.spec.chapter == "Darts" for level in LEVELS)  # the check is not
    with pytest.raises(CheckError, match=re.escape(says)):
        load_checks(tmp_path, ["Darts"])


def test_without_twins_the_final_check_asks_the_warm_ups_own_questions(tmp_path: Path) -> None:
    (tmp_path / "checks").mkdir()
    text = (SHIPPED / "checks" / "1-darts.toml").read_text()
    (tmp_path / "checks" / "darts.toml").write_text(text.partition("\n# The final check")[0])
    checks = load_checks(tmp_path, ["Darts"])
    assert asked(checks, FINAL, Progress()) == asked(checks, WARM_UP, Progress())


def test_a_broken_check_file_makes_no_twin_elsewhere_look_orphaned(tmp_path: Path) -> None:
    """A twin in another file than its warm-up question: with the warm-up's file unreadable,
    the count can't be judged, so only that file's own problem is said."""
    import shutil

    shutil.copytree(SHIPPED, tmp_path / "levels")
    checks = tmp_path / "levels" / "checks"
    darts, big = checks / "1-darts.toml", checks / "7-big-data.toml"
    text = darts.read_text()
    start = text.index('[[question]]\nid = "error-sign-again"')
    end = text.index("[[question]]", start + 1)
    darts.write_text(text[:start] + text[end:] + "\nbogus = 1\n")
    big.write_text(big.read_text() + "\n" + text[start:end])
    _, found = check_paths([str(tmp_path / "levels")])
    assert len(found) == 1 and "1-darts.toml" in found[0] and "bogus" in found[0], found


MOST = 2**53 - 1
MOMENTS = ["before", "chapter", "review", "after", "predict"]


@given(
    st.builds(
        AnswerRecord,
        right=st.sampled_from([0, 1, MOST - 1, MOST]),
        wrong=st.sampled_from([0, 1, MOST - 1, MOST]),
        box=st.sampled_from([0, 1, 2, 3, MOST - 1, MOST]),
        due=st.sampled_from([None, 0, 5, MOST]),
    ),
    st.booleans(),
    st.sampled_from(MOMENTS),
    st.sampled_from([0, 24, MOST]),
)
def test_any_record_a_save_can_hold_takes_one_more_answer_and_saves(
    record: AnswerRecord, right: bool, moment: str, won: int
) -> None:
    """A save holding a count at its largest (a Leitner box of 2**53 - 1, say) loaded
    without a word, and the game then crashed the moment that question was answered."""
    answered = record.answered(right, moment, won)  # type: ignore[arg-type]
    progress = Progress(answers={"darts/error-sign": answered})
    assert decode(encode(progress)) == progress


def test_a_check_with_no_questions_yet_is_told_of_its_questions_not_of_a_levels_keys(
    tmp_path: Path,
) -> None:
    """Read as a level (it has no questions), it was told of six keys a level needs."""
    path = tmp_path / "draft.toml"
    path.write_text('schema = 1\nid = "c1"\nchapter = "Darts"\ntitle = "Check: Darts"\n')
    fine, found = check_paths([str(path)])
    assert fine == 0 and found == [f"{path}: question: required key is missing"]
    level_like = tmp_path / "bare.toml"  # no chapter: a level begun, told of a level's keys
    level_like.write_text('schema = 1\nid = "bare"\n')
    fine, found = check_paths([str(level_like)])
    assert any("kind: required key is missing" in line for line in found)


def test_with_every_level_open_a_check_is_owed_only_once_its_chapter_is_won() -> None:
    """A player's review with --all-open: winning one level of a chapter led enter on to that
    chapter's check (it asked about a level not yet played). It may be taken early from the
    list; after a win it is owed only once the chapter is won."""
    from dartfit.campaign import ALL_OPEN

    points = [lv for lv in LEVELS if lv.spec.chapter == "Points"]
    everything = Progress().with_setting(ALL_OPEN, True)
    one = everything.record(points[0].id, WON)
    assert is_open("points", CHECKS, LEVELS, one) is None  # may be taken early
    assert owed(CHECKS, LEVELS, one, points[0].id) is None
    every = everything
    for level in points:
        every = every.record(level.id, WON)
    owed_check = owed(CHECKS, LEVELS, every, points[-1].id)
    assert owed_check is not None and owed_check.id == "points"


def test_a_question_under_the_mae_heading_asks_about_the_mae() -> None:
    """The warm-up's fourth question sat under "MAE: the other way to score" and asked
    which number gives the lowest MSE: a question's lesson is the heading it is asked
    under (the warm-up and the final check group by it)."""
    for check in CHECKS:
        for q in check.question:
            if q.lesson == "mae":
                words = " ".join([q.ask, *(q.choices or ())])
                assert "MAE" in words or "median" in words, (check.id, q.id, q.ask)


def test_the_final_checks_mae_guess_is_the_one_number_with_the_lowest_mae() -> None:
    """Worked out again by brute force: the final check's stand-in for the warm-up's."""
    import numpy as np

    q = next(q for c in CHECKS for q in c.question if q.id == "mae-guess-again")
    values = np.array([1, 3, 4, 6, 21], dtype=float)
    grid = np.linspace(0, 25, 25_001)
    mae = np.abs(values[None, :] - grid[:, None]).mean(axis=1)
    assert grid[np.argmin(mae)] == q.number and "1, 3, 4, 6 and 21" in q.ask
    assert mae[np.argmin(mae)] == pytest.approx(4.6) and values.mean() == 7


UNTYPEABLE = """
schema = 1
id = "x"
chapter = "Darts"
title = "T"

[[question]]
id = "tiny"
lesson = "mean"
ask = "How small?"
explain = "Very."
number = 1e-25
within = 1e-26

[[question]]
id = "tinier"
lesson = "mean"
ask = "How small?"
explain = "Very."
number = 8.667e-30
within = 1e-40

[[question]]
id = "third"
lesson = "mean"
ask = "A third?"
explain = "1/3."
number = 0.3333333333333333
"""


def test_a_number_no_answer_box_can_take_is_refused_naming_the_question(tmp_path: Path) -> None:
    """The box takes 20 characters of digits, a point, a minus sign and a slash: no exponent.
    A question asking 1e−25 ± 1e−26 passed `check`, and no player could answer it (a
    hostile pass). A third, typed as 1/3, can be."""
    path = tmp_path / "untypeable.toml"
    path.write_text(UNTYPEABLE)
    lines = [str(p) for p in inspect_check(path, CHAPTERS).problems]
    assert [line.split(": ")[1] for line in lines] == ["question[0].number", "question[1].number"]
    assert all("no answer the player can type" in line for line in lines)


@given(st.decimals(min_value=-1e6, max_value=1e6, places=4, allow_nan=False))
def test_a_number_written_with_a_few_decimals_can_be_typed_exactly(value) -> None:
    assert typeable(float(value), 0.0)


def test_an_answer_typed_as_a_decimal_is_found_without_working_out_fractions(
    monkeypatch,
) -> None:
    """Every start checks every check file's answers: a fraction is worked out only when no
    decimal of the answer is marked right (they were 247 Fractions a start, a third of
    reading the checks); 1/300000, which no decimal of the box reaches, still needs one."""
    grade = importlib.import_module("dartfit.quiz.grade")  # `quiz.grade` is a function
    worked_out: list[float] = []

    def counted(number: float) -> Fraction:
        worked_out.append(number)
        return Fraction(number)

    monkeypatch.setattr(grade, "Fraction", counted)
    assert typeable(0.5, 0.01) and typeable(-3.25, 0.0) and typeable(89.3, 0.05)
    assert worked_out == []
    assert typeable(1 / 300_000, 0.0) and worked_out


def test_a_number_out_of_range_in_one_question_hides_no_other_questions_problem(
    tmp_path: Path,
) -> None:
    """1e21 in one question cut the whole list of questions from the checked copy, so
    `check` said nothing of the others (a hostile pass: a question no one could answer
    beside it passed)."""
    huge = UNTYPEABLE.replace("number = 8.667e-30\nwithin = 1e-40", "number = 1e21")
    path = tmp_path / "huge.toml"
    path.write_text(huge)
    keys = [str(p).split(": ")[1] for p in inspect_check(path, CHAPTERS).problems]
    assert keys == ["question[1].number", "question[0].number"], keys


def test_a_checks_numbers_are_written_as_the_game_writes_them() -> None:
    """A check's answer read "1e+06" and "-2.5e-07" (Python's way) where the game writes
    1,000,000 and −2.5e−7 everywhere else."""
    from dartfit.quiz.grade import num

    assert num(1e6) == "1,000,000" and num(-2.5e-7) == "−2.5e−7" and num(26 / 3) == "8.66667"


def test_a_fraction_typed_for_a_percent_is_a_share() -> None:
    """Asked a share of the MSE in percent, 25/28 was read as 0.893 % and marked wrong,
    while the explanation wrote "25 / 28 ≈ 89 %" (a player's pass)."""
    from dartfit.quiz.grade import read_number

    assert read_number("25/28", "%") == pytest.approx(100 * 25 / 28)
    assert read_number("89.3", "%") == 89.3 and read_number("89.3 %", "%") == 89.3
    assert read_number("25/28") == pytest.approx(25 / 28)  # no unit: the fraction itself


def test_a_checks_folder_given_to_check_is_held_to_its_campaign_s_chapters(
    tmp_path: Path,
) -> None:
    """`dartfit check levels/checks` passed a check of a chapter none of the campaign's levels
    has, which `dartfit check levels` (and the game) refuse: the chapters were not asked."""
    campaign = tmp_path / "campaign"
    (campaign / "checks").mkdir(parents=True)
    for level in LEVELS[:3]:  # the Darts chapter's levels
        (campaign / level.path.name).write_bytes(level.path.read_bytes())
    darts = campaign / "checks" / "1-darts.toml"
    darts.write_bytes((SHIPPED / "checks" / "1-darts.toml").read_bytes())
    assert check_paths([str(campaign / "checks")]) == (1, [])
    darts.write_text(re.sub(r'(?m)^chapter = ".*"', 'chapter = "Nowhere"', darts.read_text()))
    for folder in (campaign, campaign / "checks"):
        _, found = check_paths([str(folder)])
        assert [line for line in found if 'no level is in chapter "Nowhere"' in line], found
