"""A level's title and chapter are the level file's words, shown as written wherever Textual
would read markup: the command palette's commands and their help, the lesson's list of its
levels (a toast: tests/test_toast_markup.py). A title holding "[/]" ended the game with a
MarkupError as the palette opened on its level and as its lesson opened (a hostile pass),
and "x[i]" lost its "[i]"."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.widgets import OptionList

from dartfit.app import make_app
from dartfit.screens.lesson import LessonScreen
from dartfit.screens.level_base import LevelScreen
from tests.conftest import GOOD_LINE
from tests.ui.typing import settled

MARKED = "[/] x[i]"
"""A closing tag with nothing to close, and text a markup reader takes for a style."""


def _level(number: int, level_id: str) -> str:
    return GOOD_LINE.replace('id = "demo"', f'id = "{level_id}"').replace(
        'title = "Demo"', f'title = "Demo {number} {MARKED}"\nchapter = "Ch {MARKED}"'
    )


def _prompts(options: OptionList) -> list[str]:
    return [
        str(getattr(options.get_option_at_index(i).prompt, "plain", ""))
        for i in range(options.option_count)
    ]


async def _palette_says(pilot, typed: str, wanted: str) -> list[str]:
    """The palette's commands shown for what is typed, once one of them holds `wanted`."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await settled(pilot, lambda: isinstance(app.screen, CommandPalette))
    for key in typed:
        await pilot.press(key)

    def shown() -> list[str]:
        return _prompts(app.screen.query_one(CommandList))

    await settled(pilot, lambda: any(wanted in prompt for prompt in shown()), seen=shown)
    said = shown()
    await pilot.press("escape")
    await settled(pilot, lambda: not isinstance(app.screen, CommandPalette))
    return said


async def test_a_title_of_markup_is_shown_as_written(write_level, tmp_path) -> None:
    write_level(_level(1, "first-line"), name="01-demo.toml")  # a level its lesson links
    write_level(_level(2, "demo"), name="02-demo.toml")
    app = make_app(tmp_path / "levels", tmp_path / "data", start="1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen) and app.screen.is_mounted)
        await _palette_says(pilot, "", f"Forget the stars of “Demo 1 {MARKED}”")
        await _palette_says(pilot, "auto", f"Auto-solver: Demo 1 {MARKED}")
        said = await _palette_says(pilot, "play", f"Play 1. Demo 1 {MARKED}")
        assert any(f"in the chapter “Ch {MARKED}”" in s for s in said), said
        assert any(f"Play 2. Demo 2 {MARKED} (locked)" in s for s in said), said
        await pilot.press("l")  # its lesson lists the levels that practise it
        await settled(pilot, lambda: isinstance(app.screen, LessonScreen))
        links = app.screen.query_one("#lesson-links", OptionList)
        await settled(pilot, lambda: links.option_count > 0)
        assert f"▶ 1. Demo 1 {MARKED}" in _prompts(links), _prompts(links)


async def test_the_palette_highlights_the_letters_typed_after_a_bracket(
    write_level, tmp_path
) -> None:
    """Textual's own provider matched a command's markup and highlighted the text shown at the
    markup's offsets: after the title's escaped bracket ("x\\[i]") each highlight sat one
    letter to the right of the letter typed ("[" lit for "x", "]" for "i")."""
    write_level(_level(1, "first-line"), name="01-demo.toml")
    app = make_app(tmp_path / "levels", tmp_path / "data", start="1")
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen) and app.screen.is_mounted)
        await pilot.press("ctrl+p")
        await settled(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"xi")
        options = app.screen.query_one(CommandList)

        def lit() -> list[str]:
            """Each shown command's letters highlighted as matching what was typed."""
            found = []
            for i in range(options.option_count):
                prompt = options.get_option_at_index(i).prompt
                first = getattr(prompt, "renderables", [prompt])[0]
                content = first if isinstance(first, Content) else Content.from_rich_text(first)
                plain = content.plain
                found.append(
                    "".join(
                        plain[span.start : span.end]
                        for span in content.spans
                        if "reverse" in str(span.style) or "underline" in str(span.style)
                    )
                )
            return found

        await settled(pilot, lambda: any(lit()), seen=lit)
        assert all(letters.lower() == "xi" for letters in lit() if letters), lit()
