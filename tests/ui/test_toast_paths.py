"""A toast that names a file under a deep folder breaks its path after a "/", never in the
middle of a folder's name (Textual wraps at spaces only, and folded a path mid-name)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets._toast import Toast

from dartfit.app import make_app
from dartfit.host.board import ClassBoard
from dartfit.toasts import broken_at_separators
from tests.conftest import SHIPPED
from tests.test_board import FakeTeacher, _class
from tests.ui.typing import settled

FOLDERS = ("a-first-folder-with-a-long-name", "then-one-more-of-them", "and-one-nested-below")


def _deep(tmp_path: Path) -> Path:
    deep = tmp_path.joinpath(*FOLDERS)
    deep.mkdir(parents=True)
    return deep


async def _toast_rows(pilot, app: App[None]) -> list[str]:
    """The rows a toast shows, as drawn (its border and padding stripped)."""
    await settled(pilot, lambda: bool(app.screen.query(Toast)))
    toast = app.screen.query_one(Toast)
    await settled(pilot, lambda: toast.size.height > 0)
    strips = toast.render_lines(toast.region.reset_offset)
    return [strip.text[2:].rstrip() for strip in strips]


def _each_name_whole(rows: list[str], path: Path) -> None:
    names = [*path.parts[1:]]
    for name in names:
        assert any(name in row for row in rows), (name, rows)


async def test_a_screenshot_under_a_deep_folder_names_each_folder_whole(tmp_path: Path) -> None:
    deep = _deep(tmp_path)
    app = make_app(SHIPPED, tmp_path / "data")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.deliver_screenshot(path=str(deep))
        rows = await _toast_rows(pilot, app)
    _each_name_whole(rows, deep)


async def test_the_class_boards_export_under_a_deep_folder_names_each_folder_whole(
    tmp_path: Path,
) -> None:
    deep = _deep(tmp_path)
    app = ClassBoard(_class(deep), deep, FakeTeacher(), "x")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("e")
        rows = await _toast_rows(pilot, app)
    (export,) = deep.glob("results-*.csv")
    _each_name_whole(rows, export)


@pytest.mark.parametrize("width", [5, 12, 36, 57])
@pytest.mark.parametrize(
    "text",
    [
        "saved in /home/someone/a-folder-of-their-own/another/results-20260101.csv",
        r"C:\Users\someone\Documents\dartfit levels\01-my-own-level.toml can't be read",
        "1 rows written to\nresults.csv\nin /srv/classes/the-autumn-term/monday-morning",
        "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z/",
        "see levels/01-line.toml, or more words than a row of the toast holds",
    ],
)
def test_rows_break_at_separators_or_spaces_never_mid_name(text: str, width: int) -> None:
    broken = broken_at_separators(text, width)
    for word in broken.split():
        # a word wider than a row is folded by Textual: only ever one name
        assert len(word) <= width or re.fullmatch(r"[/\\]*[^/\\]+[/\\]*", word), word
    assert _names(broken) == _names(text)  # every name whole, none lost, in order


def test_a_message_textual_wraps_well_itself_is_left_as_written() -> None:
    said = "There every point would have (nearly) the same x, and no line fits them: it stays."
    assert broken_at_separators(said, 36) == said
    assert broken_at_separators("see levels/01-line.toml", 12) == "see levels/\n01-line.toml"


def _names(text: str) -> list[str]:
    return [name for name in re.split(r"[\s/\\]+", text) if name]


async def test_a_quoted_title_is_text_and_textuals_own_toasts_keep_their_markup(
    tmp_path: Path,
) -> None:
    """A level's title holding "[/b]" ended the game with a MarkupError when its progress was
    reset (the toast quoted it as markup); Textual's own toasts are markup ("Press [b]escape
    [/b] to quit"), and a default of plain text showed their tags."""
    import textwrap

    from tests.conftest import GOOD_LINE

    folder = tmp_path / "levels"
    folder.mkdir()
    odd = GOOD_LINE.replace('title = "Demo"', 'title = "Odd [/b] [red]title"')
    (folder / "01-demo.toml").write_text(textwrap.dedent(odd), encoding="utf-8")
    app = make_app(levels_dir=folder, data_dir=tmp_path / "data")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("ctrl+c")  # Textual's hint of how to quit, in bold
        rows = " ".join(await _toast_rows(pilot, app))
        assert "Press escape to quit" in rows and "[b]" not in rows
        app.clear_notifications()
        await pilot.press("enter", "x", "y")  # the level list; reset the level; yes
        await settled(pilot, lambda: "reset" in " ".join(_shown_toasts(app)))
        assert "Odd [/b] [red]title" in " ".join(_shown_toasts(app))


def _shown_toasts(app: App[None]) -> list[str]:
    return [
        strip.text
        for toast in app.screen.query(Toast)
        for strip in toast.render_lines(toast.region.reset_offset)
    ]
