"""Lessons as a player reaches them: from the command line, the level list, a level, a lesson."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Markdown, OptionList

from dartfit.app import make_app
from dartfit.cli import main
from dartfit.lessons import LESSON_IDS, lesson_title
from dartfit.screens.lesson import LessonScreen, lesson_links
from dartfit.screens.lesson_list import LessonListScreen
from dartfit.screens.level_base import LevelScreen
from dartfit.screens.level_select import LevelSelectScreen
from dartfit.screens.title import TitleScreen
from tests.conftest import SHIPPED


def open_lesson(concept: str, tmp_path: Path, size=(80, 24)):
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, lesson=concept)
    return app.run_test(size=size)


def first_levels(tmp_path: Path, count: int = 5) -> Path:
    """A campaign of the first few shipped levels: the rest are "coming soon" to lessons."""
    folder = tmp_path / "levels"
    folder.mkdir()
    for path in sorted(SHIPPED.glob("*.toml"))[:count]:
        shutil.copy(path, folder)
    return folder


def notes_of(app, monkeypatch) -> list[str]:
    """Collect the app's notifications as they are made."""
    notes: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, **_: notes.append(message))
    return notes


@pytest.mark.parametrize("concept", LESSON_IDS)
async def test_every_lesson_opens_from_the_command_line_with_its_title(
    tmp_path, concept: str
) -> None:
    async with open_lesson(concept, tmp_path) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, LessonScreen) and screen.concept == concept
        assert screen.title == lesson_title(concept)
        heading = screen.query_one("MarkdownH1")
        assert str(heading.render()).strip() == lesson_title(concept)
        assert screen.query_one(OptionList).option_count > 0


async def test_escape_from_a_lesson_opened_on_the_command_line_goes_to_the_title(
    tmp_path,
) -> None:
    async with open_lesson("mean", tmp_path) as pilot:
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, TitleScreen)


async def test_tab_moves_between_the_text_and_the_practise_list(tmp_path) -> None:
    async with open_lesson("mean", tmp_path) as pilot:
        app = pilot.app
        assert isinstance(app.focused, VerticalScroll)
        await pilot.press("end")  # the text scrolls from the keyboard (after a refresh)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        assert app.focused.scroll_y > 0
        await pilot.press("tab")
        assert isinstance(app.focused, OptionList)
        await pilot.press("tab")
        assert isinstance(app.focused, VerticalScroll)


async def test_l_inside_a_level_opens_that_levels_lesson_and_escape_returns(tmp_path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="windy")
    async with app.run_test(size=(80, 24)) as pilot:
        level_screen = app.screen
        assert isinstance(level_screen, LevelScreen)
        await pilot.press("l")
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.concept == level_screen.level.spec.lesson == "mean"
        await pilot.press("escape")
        assert app.screen is level_screen


async def test_choosing_a_practise_it_level_plays_it(tmp_path) -> None:
    async with open_lesson("error", tmp_path) as pilot:
        await pilot.press("tab", "enter")
        screen = pilot.app.screen
        assert isinstance(screen, LevelScreen) and screen.level.id == "first-throw"
        await pilot.press("escape")  # back from the level, to the lesson
        assert isinstance(pilot.app.screen, LessonScreen)


async def test_locked_levels_are_listed_but_disabled_and_the_next_lesson_opens(
    tmp_path,
) -> None:
    async with open_lesson("mean", tmp_path) as pilot:
        option_list = pilot.app.screen.query_one(OptionList)
        windy = option_list.get_option("level:windy")
        assert windy.disabled and "locked" in str(windy.prompt)
        await pilot.press("tab", "enter")  # the first enabled entry: the next lesson
        screen = pilot.app.screen
        assert isinstance(screen, LessonScreen) and screen.concept == "training"


async def test_planned_levels_are_listed_as_coming_soon(tmp_path) -> None:
    app = make_app(levels_dir=first_levels(tmp_path), data_dir=tmp_path, lesson="bias-variance")
    async with app.run_test(size=(80, 24)) as pilot:
        option_list = pilot.app.screen.query_one(OptionList)
        option = option_list.get_option("level:degree")
        assert option.disabled and "coming soon" in str(option.prompt)


async def test_clicking_a_link_to_a_planned_level_says_coming_soon(tmp_path, monkeypatch) -> None:
    app = make_app(levels_dir=first_levels(tmp_path), data_dir=tmp_path, lesson="bias-variance")
    async with app.run_test(size=(80, 24)) as pilot:
        notes = notes_of(app, monkeypatch)
        markdown = app.screen.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "level:degree"))
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert len(notes) == 1 and "coming soon" in notes[0]


async def test_clicking_level_and_lesson_links_opens_them(tmp_path) -> None:
    async with open_lesson("error", tmp_path) as pilot:
        app = pilot.app
        markdown = app.screen.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "lesson:signs-cancel"))
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.concept == "signs-cancel"
        await pilot.press("escape")
        markdown = app.screen.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "level:first-throw"))
        await pilot.pause()
        assert isinstance(app.screen, LevelScreen) and app.screen.level.id == "first-throw"


def test_every_link_in_the_practise_list_comes_from_the_lesson_text() -> None:
    links = lesson_links("signs-cancel\n[A](level:x) [B](lesson:mae) [A again](level:x)")
    assert [(link.kind, link.target, link.text) for link in links] == [
        ("level", "x", "A"),
        ("lesson", "mae", "B"),
    ]


async def test_the_lesson_list_opens_from_the_level_list_and_opens_a_lesson(tmp_path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, LevelSelectScreen)
        await pilot.press("l")
        assert isinstance(app.screen, LessonListScreen)
        option_list = app.screen.query_one(OptionList)
        ids = [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]
        assert ids == list(LESSON_IDS)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, LessonScreen) and app.screen.concept == "signs-cancel"
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, LevelSelectScreen)


async def test_the_lesson_list_opens_from_the_title_screen(tmp_path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, LessonListScreen)


async def test_the_command_palette_offers_every_lesson(tmp_path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)):
        titles = {command.title for command in app.get_system_commands(app.screen)}
    assert {f"Lesson: {lesson_title(concept)}" for concept in LESSON_IDS} <= titles


async def test_the_palette_says_levels_and_lessons_in_the_players_words(tmp_path) -> None:
    """A level's command said "Jump to this mae level", a lesson's "Read the lesson on
    “signs-cancel”": the game's own names for a kind and a lesson, which no screen shows.
    Each help names the level's chapter; no name of a kind or a lesson is in one unless the
    player reads that word in a title or chapter."""
    import re

    from dartfit.kinds import KINDS
    from dartfit.levels import load_levels

    levels = load_levels(SHIPPED)
    seen = " ".join(
        [lesson_title(concept) for concept in LESSON_IDS]
        + [f"{level.spec.title} {level.spec.chapter}" for level in levels]
    )
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, all_open=True)
    async with app.run_test(size=(80, 24)):
        helps = {command.title: command.help for command in app.get_system_commands(app.screen)}
    for level in levels:
        assert level.spec.chapter in helps[f"Play {level.number}. {level.spec.title}"]
    for name in {*KINDS, *LESSON_IDS}:
        said = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
        if said.search(seen):
            continue  # a word of the game's too ("line", "mean")
        assert not [help for help in helps.values() if said.search(help)], name


def test_lessons_command_lists_all_twelve(capsys) -> None:
    assert main(["lessons"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["id", "title"]
    assert [line.split()[0] for line in lines[1:]] == list(LESSON_IDS)
    for concept, line in zip(LESSON_IDS, lines[1:], strict=True):
        assert line.endswith(lesson_title(concept))


def test_an_unknown_lesson_is_one_line_on_stderr_and_status_2(capsys) -> None:
    assert main(["lesson", "nope"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith('dartfit: no lesson called "nope" (lessons: error, ')


async def test_a_win_while_a_lesson_is_open_unlocks_its_links(tmp_path) -> None:
    """Progress is handed down to the lesson under the level: the next level opens there."""
    from dartfit.progress import LevelResult

    async with open_lesson("mean", tmp_path) as pilot:
        screen = pilot.app.screen
        assert screen.query_one(OptionList).get_option("level:windy").disabled
        for level_id in ("first-throw", "signs-cancel", "worse-round"):
            pilot.app.record(level_id, LevelResult(completed=True, stars=1, score=0.5))
        await pilot.pause()
        assert not screen.query_one(OptionList).get_option("level:windy").disabled


async def test_a_wide_lesson_is_read_in_a_column_of_lines_a_reader_follows(tmp_path) -> None:
    """At 200×50 its lines ran to 160 characters; they keep to 96, the column centred."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, lesson="mae")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        text = pilot.app.screen.query_one("#lesson-text")
        page = text.query_one(Markdown)
        assert page.region.width == 96
        left = page.region.x - text.content_region.x
        right = text.content_region.right - page.region.right
        assert abs(left - right) <= 2  # centred (the scroll bar aside)


def test_the_practise_list_is_in_the_campaigns_order() -> None:
    """A player's check: lesson "mean" listed levels 4, 15, 7, 8 and 32 (the order its text
    names them in). Each lesson's levels are now listed as the campaign plays them."""
    from dartfit.levels import load_levels
    from tests.conftest import SHIPPED

    levels = load_levels(SHIPPED)
    for concept in LESSON_IDS:
        options = LessonScreen(concept, levels)._options()
        numbers = [
            int(words[1].rstrip("."))
            for option in options
            if option is not None and (option.id or "").startswith("level:")
            for words in [str(option.prompt).split()]
            if len(words) > 1 and words[1].rstrip(".").isdigit()
        ]
        assert numbers == sorted(numbers), (concept, numbers)
