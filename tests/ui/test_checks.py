"""The checks as a player takes them: the warm-up from the level list, a chapter's check
after its last level, a review of what was missed, and the final check's gain per concept;
every answer saved the moment it is given."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from dartfit.app import DartfitApp, make_app
from dartfit.campaign import chapters
from dartfit.dialogs.win import WinScreen
from dartfit.lessons import lesson_title
from dartfit.levels import load_levels
from dartfit.progress import LevelResult, Progress, ProgressStore
from dartfit.quiz import FINAL, REVIEW, WARM_UP, asked, load_checks, owed
from dartfit.screens.check import CheckScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.screens.level_select import LevelSelectScreen
from tests.conftest import SHIPPED
from tests.ui.keys import answer_keys, winning_keys
from tests.ui.typing import panel_shown, send, settled

LEVELS = load_levels(SHIPPED)
CHECKS = load_checks(SHIPPED, [name for name, _ in chapters(LEVELS)])
WON = LevelResult(completed=True, stars=2)


def saved(folder: Path) -> dict[str, dict[str, object]]:
    """The answers in the progress file on disk."""
    path = folder / "progress.json"
    return json.loads(path.read_text()).get("answers", {}) if path.exists() else {}


def start_with(folder: Path, progress: Progress) -> DartfitApp:
    ProgressStore.in_folder(folder).save(progress)
    return make_app(levels_dir=SHIPPED, data_dir=folder)


async def open_row(pilot: Pilot[object], option_id: str) -> None:
    """From the title, the level list's row `option_id` highlighted and opened."""
    await pilot.press("enter")
    screen = pilot.app.screen
    assert isinstance(screen, LevelSelectScreen)
    options = screen.query_one(OptionList)
    options.highlighted = options.get_option_index(option_id)
    await pilot.press("enter")
    await pilot.pause()


def shown(app: DartfitApp) -> str:
    """The check's text on screen, as the player reads it."""
    screen = app.screen
    assert isinstance(screen, CheckScreen)
    parts = ("#check-text", "#check-verdict", "#check-after")
    return "\n".join(str(screen.query_one(part).render()) for part in parts)


async def test_the_warm_up_keeps_each_answer_the_moment_it_is_given(tmp_path: Path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    questions = asked(CHECKS, WARM_UP, Progress())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, f"check:{WARM_UP}")
        assert isinstance(app.screen, CheckScreen)
        assert "Answers are not shown yet" in shown(app)
        await pilot.press(*answer_keys(questions[:1], shown=False))  # the first: a choice
        assert saved(tmp_path)[questions[0].key]["before"] is True  # on disk already
        assert "Question 2 of" in shown(app) and "Right" not in shown(app)
        await pilot.press("escape")  # leaving half-way keeps what was answered
        assert isinstance(app.screen, LevelSelectScreen)
        await pilot.press("enter")
        assert "Question 1 of 9" in shown(app)  # it goes on with the nine left
        await pilot.press(*answer_keys(questions[1:], shown=False))
        assert f"{len(questions) - 1} answers kept for the final check" in shown(app)
        assert "✓" not in shown(app) and "✗" not in shown(app)  # the warm-up is not marked
        await pilot.press("enter")
        assert isinstance(app.screen, LevelSelectScreen)
        row = app.screen.query_one(OptionList).get_option(f"check:{WARM_UP}")
        assert f"{len(questions)} answers kept" in str(row.prompt)
    answers = saved(tmp_path)
    assert {key for key, a in answers.items() if a["before"] is True} == {a.key for a in questions}
    assert all(a["due"] is None for a in answers.values())  # the levels teach: no review yet


async def test_after_the_warm_up_the_list_points_at_the_first_level(tmp_path: Path) -> None:
    """The cursor stayed on the warm-up's row, and enter opened the warm-up again."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    questions = asked(CHECKS, WARM_UP, Progress())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, f"check:{WARM_UP}")
        await pilot.press(*answer_keys(questions, shown=False), "enter")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        options = app.screen.query_one(OptionList)
        assert options.highlighted is not None
        assert options.get_option_at_index(options.highlighted).id == LEVELS[0].id
        await pilot.press("enter")  # level 1 (under its prediction, if it asks one)
        await settled(pilot, lambda: any(isinstance(s, LevelScreen) for s in app.screen_stack))
        assert any(isinstance(s, LevelScreen) for s in app.screen_stack)


async def test_a_chapter_s_check_comes_after_its_last_win_then_the_next_level(
    tmp_path: Path,
) -> None:
    darts = [lv for lv in LEVELS if lv.spec.chapter == "Darts"]
    progress = Progress()
    for level in darts[:-1]:
        progress = progress.record(level.id, WON)
    app = start_with(tmp_path, progress)
    questions = asked(CHECKS, "darts", progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, darts[-1].id)
        await pilot.press(*winning_keys(darts[-1]))
        await panel_shown(pilot)
        await pilot.press("enter")  # "next level": the chapter's check first
        await settled(pilot, lambda: isinstance(app.screen, CheckScreen))
        assert isinstance(app.screen, CheckScreen)
        wrong = answer_keys(questions[:1], right=False)
        await pilot.press(*wrong[:1])
        text = shown(app)
        assert "Not quite" in text and "the answer is" in text
        assert questions[0].question.explain.split()[0] in text  # its explanation follows
        await pilot.press(*wrong[1:], *answer_keys(questions[1:]))
        assert f"You answered {len(questions) - 1} of {len(questions)} right" in shown(app)
        assert "back for review after you win another level" in shown(app)
        await pilot.press("enter")
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        assert isinstance(screen, LevelScreen) and screen.level.id == LEVELS[len(darts)].id
    answers = saved(tmp_path)
    assert answers[questions[0].key]["checked"] is False
    assert answers[questions[0].key]["due"] == len(darts) + 1  # after one more win


async def test_the_last_chapter_s_check_comes_after_the_last_win_then_the_congratulations(
    tmp_path: Path,
) -> None:
    """The million-point level's win went straight to the congratulations: its chapter's
    check (Big data) was never offered, and c in the list said every level was complete."""
    from dartfit.dialogs.congrats import CongratsScreen

    last = LEVELS[-1]
    progress = Progress()
    for level in LEVELS[:-1]:
        progress = progress.record(level.id, WON)
    progress = progress.answered(f"predict/{last.id}", True, "predict")  # asked before
    app = start_with(tmp_path, progress)
    questions = asked(CHECKS, "big-data", progress)
    assert questions, "the last chapter has a check"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, last.id)
        await pilot.press(*winning_keys(last))
        await panel_shown(pilot)
        await pilot.press("enter")  # "finish": the chapter's check first
        await settled(pilot, lambda: isinstance(app.screen, CheckScreen))
        assert isinstance(app.screen, CheckScreen)
        await pilot.press(*answer_keys(questions), "enter")
        await settled(pilot, lambda: isinstance(app.screen, CongratsScreen))
        assert isinstance(app.screen, CongratsScreen)  # then the end of the campaign
    assert all(q.key in saved(tmp_path) for q in questions)


async def test_a_win_that_ends_the_campaign_early_in_the_list_leads_to_the_end(
    tmp_path: Path,
) -> None:
    """Every level won but the first, then the first: its panel said "next level", and
    enter (after the chapter's check) opened level 2 over the congratulations."""
    from dartfit.dialogs.congrats import CongratsScreen
    from dartfit.screens.level_select import LevelSelectScreen

    first = LEVELS[0]
    progress = Progress()
    for level in LEVELS[1:]:
        progress = progress.record(level.id, WON)
    app = start_with(tmp_path, progress)
    check = owed(CHECKS, LEVELS, progress.record(first.id, WON), first.id)
    questions = [] if check is None else asked(CHECKS, check.id, progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, first.id)
        await pilot.press(*winning_keys(first))
        await panel_shown(pilot)
        win = app.screen
        assert isinstance(win, WinScreen) and win.next_says() == "finish"
        await pilot.press("enter")
        if questions:  # the chapter's check first
            await settled(pilot, lambda: isinstance(app.screen, CheckScreen))
            await pilot.press(*answer_keys(questions), "enter")
        await settled(pilot, lambda: isinstance(app.screen, CongratsScreen))
        assert isinstance(app.screen, CongratsScreen)
        assert not any(isinstance(s, LevelScreen) for s in app.screen_stack)
        await pilot.press("enter")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        assert isinstance(app.screen, LevelSelectScreen)


async def test_continue_with_every_level_won_opens_the_first_check_not_taken(
    tmp_path: Path,
) -> None:
    progress = Progress()
    for level in LEVELS:
        progress = progress.record(level.id, WON)
    app = start_with(tmp_path, progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c")
        await settled(pilot, lambda: isinstance(app.screen, CheckScreen))
        assert isinstance(app.screen, CheckScreen)
        assert app.screen.check_title == "What the darts taught"  # the first chapter's


async def test_continue_opens_a_check_left_half_way_and_says_complete_only_when_all_are(
    tmp_path: Path,
) -> None:
    """A check left after one answer counted as taken: c said every level and check was
    complete beside a row reading '1 right, 2 to answer'."""
    progress = Progress()
    for level in LEVELS:
        progress = progress.record(level.id, WON)
    for name, _ in chapters(LEVELS):
        which = next(c.id for c in CHECKS if c.chapter == name)
        for k, question in enumerate(asked(CHECKS, which, progress)):
            if which != "big-data" or k == 0:  # Big data left after its first answer
                progress = progress.answered(question.key, True, "chapter")
    app = start_with(tmp_path, progress)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c")
        await settled(pilot, lambda: isinstance(app.screen, CheckScreen))
        assert isinstance(app.screen, CheckScreen)
        assert app.screen.check_title == "What a million points taught"


async def test_a_missed_question_comes_back_for_review_after_another_win(tmp_path: Path) -> None:
    progress = Progress()
    for level in LEVELS[:4]:
        progress = progress.record(level.id, WON)
    progress = progress.answered("darts/worse-round", False, "chapter")
    progress = progress.record(LEVELS[4].id, WON)
    app = start_with(tmp_path, progress)
    due_now = asked(CHECKS, REVIEW, progress)
    assert [a.key for a in due_now] == ["darts/worse-round"]
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, f"check:{REVIEW}")
        assert isinstance(app.screen, CheckScreen) and app.screen.title == "Review"
        await pilot.press(*answer_keys(due_now))
        assert "You answered 1 of 1 right" in shown(app)
        await pilot.press("enter")
        assert isinstance(app.screen, LevelSelectScreen)
        rows = app.screen.query_one(OptionList)
        assert all(
            rows.get_option_at_index(i).id != f"check:{REVIEW}" for i in range(rows.option_count)
        )  # nothing due now
    record = saved(tmp_path)["darts/worse-round"]
    assert record["box"] == 1 and record["due"] == 5 + 2  # back after two more wins


async def test_the_final_check_shows_the_gain_concept_by_concept(tmp_path: Path) -> None:
    progress = Progress()
    for level in LEVELS:
        progress = progress.record(level.id, WON)
    questions = asked(CHECKS, WARM_UP, progress)
    for a in questions:  # every warm-up question missed before the campaign
        progress = progress.answered(a.key, False, "before")
    app = start_with(tmp_path, progress)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_row(pilot, f"check:{FINAL}")
        assert isinstance(app.screen, CheckScreen) and app.screen.title == "Final check"
        final = asked(CHECKS, FINAL, progress)  # the same concepts, asked by other questions
        await pilot.press(*answer_keys(final))
        await settled(pilot, lambda: "before → after" in shown(app))
        text = shown(app)
        assert "What you learned, concept by concept" in text
        assert "The miss" in text and "0/1 → 1/1" in text
    answers = saved(tmp_path)
    assert all(answers[a.key]["before"] is False for a in questions)
    assert all(answers[a.key]["after"] is True for a in final)


async def test_keys_typed_before_a_question_shows_never_answer_it(tmp_path: Path) -> None:
    """A double tap, or keys typed on ahead, answer only the question on screen: the next
    one waits to be read. Keys typed while a question shows are taken in order."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    questions = asked(CHECKS, "darts", Progress())
    async with app.run_test(size=(80, 24)) as pilot:
        app.take_check("darts")
        await settled(pilot, lambda: isinstance(app.screen, CheckScreen))
        right = str(questions[0].question.answer)  # the right choice, where it is shown
        for key in [right, "enter", "0", "enter"]:  # queued together, as a double tap sends
            send(app, key)
        await settled(pilot, lambda: len(saved(tmp_path)) == 1)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckScreen)
        assert screen.state.index == 0 and screen.state.graded is not None  # still explained
        await pilot.press("enter")  # read: on to the next
        for key in ["1", "2", "backspace", "backspace", "0", "enter"]:  # typed on screen
            send(app, key)
        await settled(pilot, lambda: len(saved(tmp_path)) == 2)
    answers = saved(tmp_path)
    assert [answers[a.key]["last"] for a in questions[:2]] == [True, True]


async def test_a_double_tap_in_the_warm_up_answers_one_question(tmp_path: Path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.take_check(WARM_UP)
        await settled(pilot, lambda: isinstance(app.screen, CheckScreen))
        send(app, "1")
        send(app, "1")
        await settled(pilot, lambda: len(saved(tmp_path)) >= 1)
        await pilot.pause()
        assert len(saved(tmp_path)) == 1


async def test_a_locked_check_says_why_and_does_not_open(tmp_path: Path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        options = app.screen.query_one(OptionList)
        row = options.get_option("check:darts")
        assert row.disabled and "win its levels first" in str(row.prompt)
        final = options.get_option(f"check:{FINAL}")
        assert final.disabled and "win all levels first" in str(final.prompt)


async def test_every_explanation_can_be_read_whole_at_80x24(tmp_path: Path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        async for screen in every_check(pilot, app):
            for question in screen.asked:
                await pilot.press(*answer_keys([question], right=False, shown=False))
                body = screen.query_one("#check-body")
                words = " ".join(str(screen.query_one("#check-after").render()).split())
                assert " ".join(question.question.explain.split()) in words
                assert body.virtual_size.height <= body.size.height + body.max_scroll_y
                await pilot.press("enter")


async def every_check(pilot: Pilot[None], app: DartfitApp) -> AsyncIterator[CheckScreen]:
    """Each chapter's check opened in turn, for the caller to answer; its summary then left."""
    for check in CHECKS:
        app.take_check(check.id)
        await settled(pilot, lambda: isinstance(app.screen, CheckScreen))
        screen = app.screen
        assert isinstance(screen, CheckScreen)
        await pilot.pause()
        yield screen
        await pilot.press("enter")  # the summary: back
        assert not isinstance(app.screen, CheckScreen)


async def test_a_question_names_its_lesson_only_once_answered(tmp_path: Path) -> None:
    """The header named the question's lesson while it was asked: "Signs cancel" over
    "what is the sum of the signed errors?", "Training is lowering the MSE" over "what does
    training mean?". The lesson's name comes with the answer (and its `l` key)."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        async for screen in every_check(pilot, app):
            for question in screen.asked:
                name = lesson_title(question.question.lesson)
                head = shown(app).split("\n")[0]  # "Question 1 of 4", the lesson after it
                assert name not in head, (question.key, name)
                await pilot.press(*answer_keys([question], shown=False))
                assert shown(app).split("\n")[0].endswith(f" · {name}"), question.key
                await pilot.press("enter")


async def test_a_long_choice_wraps_under_its_own_first_word_not_its_number(tmp_path: Path) -> None:
    """A choice in wide characters (Chinese here) takes two cells a character and wraps at
    80 columns: its next line starts under its text, so the numbers stay alone in their column."""
    import shutil

    levels = tmp_path / "levels"
    shutil.copytree(SHIPPED, levels)
    darts = levels / "checks" / "1-darts.toml"
    long = "误差是真实值减去预测值，它的符号告诉我们预测偏高还是偏低，大小就是离靶心的距离"
    text = darts.read_text().replace('choices = ["+3", "−3",', f'choices = ["{long}", "−3",')
    darts.write_text(text)
    app = make_app(levels_dir=levels, data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24)) as pilot:
        app.take_check("darts")
        await settled(pilot, lambda: isinstance(app.screen, CheckScreen))
        await pilot.pause()
        rows = [row.rstrip() for row in shown(app).splitlines()]
    first = next(i for i, row in enumerate(rows) if ". 误差" in row)
    assert rows[first + 1].strip() and not rows[first + 1].lstrip()[:2].rstrip(".").isdigit()
    indent = rows[first].index("误差")
    assert len(rows[first + 1]) - len(rows[first + 1].lstrip()) == indent, rows[first : first + 3]


async def test_the_final_check_goes_on_where_it_was_left_and_its_first_answers_count(
    tmp_path: Path,
) -> None:
    """Leaving half-way and coming back neither starts again nor lets an explained question
    be answered again for the gain: the first answer after the campaign is the one kept."""
    progress = Progress()
    for level in LEVELS:
        progress = progress.record(level.id, WON)
    app = start_with(tmp_path, progress)
    final = asked(CHECKS, FINAL, progress)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_row(pilot, f"check:{FINAL}")
        await pilot.press(*answer_keys(final[:1], right=False))
        await settled(pilot, lambda: "Question 2 of 10" in shown(app))
        await pilot.pause()
        await pilot.press("escape")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        options = app.screen.query_one(OptionList)
        options.highlighted = options.get_option_index(f"check:{FINAL}")
        await pilot.press("enter")
        await settled(pilot, lambda: isinstance(app.screen, CheckScreen))
        assert "Question 1 of 9" in shown(app)  # the nine not yet answered
        app.screen.dismiss()
    assert saved(tmp_path)[final[0].key]["after"] is False
    record = app.progress.answers[final[0].key].answered(True, "after", 0)
    assert record.after is False  # a later right answer doesn't replace the first


async def test_a_click_on_a_choice_answers_it_as_its_number_does(tmp_path: Path) -> None:
    """A click on a check's choice did nothing (a player's check): only keys answered."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    questions = asked(CHECKS, WARM_UP, Progress())
    first = questions[0].question
    assert first.choices, "the warm-up opens with a choice"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, f"check:{WARM_UP}")
        rows = [strip.text for strip in app.screen._compositor.render_strips()]
        y = next(y for y, row in enumerate(rows) if f" 2. {first.choices[1][:12]}" in row)
        await pilot.click(offset=(rows[y].index(" 2. ") + 2, y))
        await settled(pilot, lambda: questions[0].key in saved(tmp_path))
        assert "Question 2 of" in shown(app)


async def test_an_answer_refused_says_how_to_answer_once(tmp_path: Path) -> None:
    """enter with nothing typed on the warm-up's question 2 said "Type a number (like 2.5 or
    −3), then press enter." over "type a number, then enter (backspace erases)": the
    problem stands in the form's help's place, for every form of question, until a key
    clears it and the help is back."""
    from dartfit.screens.check import FORM_HELP

    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    questions = asked(CHECKS, WARM_UP, Progress())
    forms: set[str] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, f"check:{WARM_UP}")
        for k, question in enumerate(questions):
            form = question.question.form
            await settled(pilot, lambda k=k: f"Question {k + 1} of" in shown(app))
            assert FORM_HELP[form] in shown(app)
            await pilot.press("enter")  # nothing chosen or typed: refused
            await pilot.pause()
            text = shown(app)
            assert f"Question {k + 1} of" in text and FORM_HELP[form] not in text, text
            forms.add(form)
            await pilot.press(*answer_keys([question], shown=False))
    assert forms == {"choose", "number"}  # the warm-up's: an order's goes the same way
