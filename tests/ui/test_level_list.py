"""The level list and the palette as a player (or a teacher) meets them: locked levels say
why, each chapter is one heading, and every level can be opened at once."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import OptionList

import dartfit.app
from dartfit.app import make_app
from dartfit.cli import build_parser, main
from dartfit.dialogs.confirm import ConfirmScreen
from dartfit.levels import load_levels
from dartfit.progress import LevelResult, Progress, ProgressStore
from dartfit.screens.level_base import LevelScreen
from dartfit.screens.level_select import WIDE_FROM, LevelSelectScreen, draw_preview, previewed
from dartfit.wording import NBSP
from tests.conftest import GOOD_LINE, SHIPPED
from tests.ui.typing import settled

LEVELS = load_levels(SHIPPED)


async def level_list(pilot) -> LevelSelectScreen:
    await pilot.press("enter")  # the title screen → the levels
    await settled(pilot, lambda: isinstance(pilot.app.screen, LevelSelectScreen))
    screen = pilot.app.screen
    assert isinstance(screen, LevelSelectScreen)
    return screen


def labels(screen: LevelSelectScreen) -> dict[str | None, str]:
    """Each option's text by its id (None for the chapter headings)."""
    options = screen.query_one(OptionList)
    found: dict[str | None, str] = {}
    for i in range(options.option_count):
        option = options.get_option_at_index(i)
        text = str(option.prompt)
        found[option.id if option.id else f"heading {text}"] = text
    return found


async def test_a_locked_level_says_it_is_locked_and_why(tmp_path: Path) -> None:
    async with make_app(SHIPPED, tmp_path).run_test(size=(120, 40)) as pilot:
        shown = labels(await level_list(pilot))
    assert "locked" not in shown[LEVELS[0].id]
    for before, level in pairwise(LEVELS):
        assert f"locked: win {before.number} first" in shown[level.id]
        assert "×" not in shown[level.id]


async def test_a_long_campaign_asks_the_progress_of_each_level_a_few_times_not_once_a_row(
    tmp_path: Path, monkeypatch
) -> None:
    """A folder of 10,000 levels froze the list for 90 s as it opened: each locked row asked
    why it was locked, and each answer walked the whole campaign."""
    folder = tmp_path / "levels"
    folder.mkdir()
    text = (SHIPPED / "05-first-line.toml").read_text(encoding="utf-8")
    many = 150
    for i in range(many):
        own = text.replace('id = "first-line"', f'id = "line-{i:03}"')
        (folder / f"{i:03}.toml").write_text(own, encoding="utf-8")
    asked = 0
    get = Progress.get

    def counted(self: Progress, level_id: str) -> object:
        nonlocal asked
        asked += 1
        return get(self, level_id)

    app = make_app(folder, tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Progress, "get", counted)
        shown = labels(await level_list(pilot))
        assert "locked: win 149 first" in shown["line-149"]
        assert asked < 10 * many, asked
        asked = 0
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Play 150. Your first line (locked)" in titles
        assert asked < 10 * many, asked


async def test_each_chapter_heading_appears_once(tmp_path: Path) -> None:
    async with make_app(SHIPPED, tmp_path).run_test(size=(120, 40)) as pilot:
        shown = labels(await level_list(pilot))
    headings = [text for key, text in shown.items() if str(key).startswith("heading")]
    assert len(headings) == len({lv.spec.chapter for lv in LEVELS})


def test_a_levels_description_names_its_chapter_and_target_not_its_kind(tmp_path) -> None:
    """The line under a level's title read "Points · points · pick the costliest", "Darts ·
    darts" and "Likelihood and the bowl · mle": the kind is the level file's word, for
    `dartfit levels`, not the student's."""
    from dartfit.rules import scoring
    from dartfit.screens.level_select import LevelSelectScreen

    screen = LevelSelectScreen(LEVELS, make_app(SHIPPED, tmp_path).progress)
    for level in LEVELS:
        about = screen._detail(level).splitlines()[1]
        assert about == f"{level.spec.chapter} · {scoring.describe_target(level)}", about


async def test_the_level_under_the_cursor_is_described_beside_a_wide_list(tmp_path) -> None:
    async with make_app(SHIPPED, tmp_path).run_test(size=(200, 50)) as pilot:
        screen = await level_list(pilot)
        detail = screen.query_one("#level-detail")
        listing = screen.query_one("#level-list")
        await settled(pilot, lambda: "-wide" in screen.classes and detail.region.x > 0)
        assert detail.region.x >= listing.region.right  # beside, not below
        assert detail.region.width >= 60
        assert "1. First throw · not yet won" in str(detail.render())
        await pilot.resize_terminal(80, 24)
        await settled(pilot, lambda: screen.size.width == 80 and detail.region.x == 0)
        assert detail.region.y >= listing.region.bottom  # narrow: below the list


async def test_the_palette_names_locked_levels_and_offers_no_locked_auto_solver(tmp_path) -> None:
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        locked = commands[f"Play {LEVELS[3].number}. {LEVELS[3].spec.title} (locked)"]
        assert f"win {LEVELS[2].number} first" in locked.help
        locked.callback()
        await pilot.pause()
        assert not isinstance(app.screen, LevelScreen)
    assert not any(t.startswith("Auto-solver") for t in commands)  # no line level is open
    assert "Play 1. First throw" in commands


async def test_the_palette_opens_every_level_after_asking_and_keeps_it(tmp_path) -> None:
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await level_list(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Open every level"].callback()
        await settled(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")
        assert "locked" in labels(screen)[LEVELS[-1].id]
        commands["Open every level"].callback()
        await settled(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settled(pilot, lambda: "locked" not in labels(screen)[LEVELS[-1].id])
        assert not any("locked" in text for text in labels(screen).values())
        assert f"0 of {3 * len(LEVELS)} ★" in str(screen.query_one("#progress-text").render())
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Lock the levels not reached" in titles and "Open every level" not in titles
        # open but not won: an auto-solver would show their answers for free
        assert not any(t.startswith("Auto-solver") for t in titles)
    saved = json.loads((tmp_path / "progress.json").read_text())
    assert saved["settings"]["all_open"] is True
    assert not any(record.get("stars") for record in saved.get("levels", {}).values())


async def test_every_level_opened_at_once_can_be_locked_again(tmp_path) -> None:
    app = make_app(SHIPPED, tmp_path, all_open=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await level_list(pilot)
        assert "locked" not in labels(screen)[LEVELS[-1].id]
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Lock the levels not reached"].callback()
        await settled(pilot, lambda: "locked" in labels(screen)[LEVELS[-1].id])


async def test_the_all_open_flag_opens_every_level_and_keeps_it(tmp_path) -> None:
    async with make_app(SHIPPED, tmp_path, all_open=True).run_test() as pilot:
        await pilot.pause()
    async with make_app(SHIPPED, tmp_path).run_test(size=(120, 40)) as pilot:
        shown = labels(await level_list(pilot))
    assert not any("locked" in text for text in shown.values())


def test_the_command_line_passes_all_open_to_the_game(monkeypatch, tmp_path) -> None:
    asked: dict[str, object] = {}
    real = dartfit.app.make_app

    def spy(**kwargs: object) -> dartfit.app.DartfitApp:
        asked.update(kwargs)
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(dartfit.app, "make_app", spy)
    main(["--all-open", "--data-dir", str(tmp_path)])  # no terminal under pytest: it stops
    assert asked["all_open"] is True
    assert build_parser().parse_args([]).all_open is False
    assert "--all-open" in build_parser().format_help()


@pytest.mark.parametrize("command", [["play", "1"], ["lesson", "mse"], ["fit", "f.csv"]])
def test_all_open_goes_before_or_after_a_game_command(command) -> None:
    assert build_parser().parse_args(["--all-open", *command]).all_open is True
    assert build_parser().parse_args([*command, "--all-open"]).all_open is True
    assert build_parser().parse_args(command).all_open is False


@pytest.mark.parametrize(
    ("level_id", "value", "shown"),
    [("pull", 12.5, "12.50"), ("first-line", 0.837, "0.8370"), ("first-line", 8.998, "8.998")],
)
async def test_the_list_shows_the_best_value_of_a_won_level_whatever_its_target_side(
    level_id: str, value: float, shown: str, tmp_path: Path
) -> None:
    """As the HUD and the win panel showed it: the list read "MSE 9" for 8.998."""
    level = next(lv for lv in LEVELS if lv.id == level_id)
    mse = value if level.spec.target.type == "at_most" else None
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.record(level_id, LevelResult(completed=True, stars=3, mse=mse, score=value))
        screen = await level_list(pilot)
        assert f"MSE {shown} " in labels(screen)[level_id] + " "


def test_every_shipped_check_and_puzzle_row_name_fits_its_column() -> None:
    """ "Final check: the warm-up's ideas again" was cut to "…ideas a" at 80 columns."""
    from dartfit.campaign import chapters
    from dartfit.levels import load_levels
    from dartfit.screens.level_select import CHECK_NAMES, ROW_NAME
    from tests.conftest import SHIPPED

    names = [*CHECK_NAMES.values(), "Today's puzzles: the same for all"]
    names += [f"Check: {chapter}" for chapter, _ in chapters(load_levels(SHIPPED))]
    assert all(len(name) <= ROW_NAME for name in names), [n for n in names if len(n) > ROW_NAME]


async def test_a_wide_list_draws_the_data_of_the_level_under_the_cursor(tmp_path: Path) -> None:
    """At 200×50 the column beside the list shows the level's points, not rows of blank;
    a darts level shows its board; a level with too many points to draw (a million) shows
    none; a narrow screen has no room for it."""
    app = make_app(SHIPPED, tmp_path, all_open=True)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await level_list(pilot)
        options, preview = screen.query_one(OptionList), screen.query_one("#level-preview")
        detail, caption = (
            screen.query_one("#level-detail"),
            screen.query_one("#level-preview-caption"),
        )

        def drawn() -> str:
            return "".join(line.text for line in preview.render_lines(preview.region.reset_offset))

        shown = {}
        for level in LEVELS:
            options.highlighted = options.get_option_index(level.id)
            kind = previewed(level)
            # the goal as the list wraps it: a no-break space shown as a space (galton's
            # "F.\u00a0Galton" was waited for, in vain, for the whole 10 s)
            goal = level.spec.goal.replace(NBSP, " ")
            await settled(pilot, lambda goal=goal: goal in str(detail.content))
            assert goal in str(detail.content), level.id
            await settled(  # shown and laid out (the first level's right as the list opens)
                pilot,
                lambda kind=kind: (
                    (preview.display and preview.region.height >= 20) == (kind is not None)
                ),
            )
            shown[level.id] = preview.display and preview.region.height >= 20
            if shown[level.id]:
                width, height = preview.size
                picture = "".join("".join(row) for row in draw_preview(level, width, height).chars)
                await settled(pilot, lambda picture=picture: drawn() == picture)
                if kind == "data":
                    cells = set(zip(level.x.tolist(), level.y.tolist(), strict=True))
                    assert 0 < drawn().count("●") <= len(cells), level.id
                    assert str(caption.content) == f"Its {level.x.size:,} points:"
                else:
                    assert "░" in drawn() and str(caption.content) == "Its board:"  # its rings
        assert shown["first-line"] and shown["galton"] and shown["first-throw"]
        assert not shown["million"]
        for width in (120, 130):  # beside it the list keeps each row on one line
            await pilot.resize_terminal(width, 40)
            await settled(pilot, lambda width=width: screen.size.width == width)
            prompts = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
            widest = max(
                Text.from_markup(p).cell_len if isinstance(p, str) else p.cell_len for p in prompts
            )
            assert widest <= options.scrollable_content_region.width, width
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not preview.display and not caption.display


async def test_a_level_that_cant_be_played_or_is_too_big_to_draw_is_described_not_crashed(
    tmp_path: Path, write_level
) -> None:
    """A generated level whose x values all round to one number can't give a best line:
    the list crashed the moment its cursor reached it. A level of 3,000 inline points is
    described, not drawn (the cap counted only generated points)."""
    flat = (
        GOOD_LINE.replace(
            "x = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]",
            "[data.generate]\nn = 50\nx_min = 0.0\nx_max = 0.000001\ndecimals = 2",
        )
        .replace("[data]\n", "")
        .replace("value = 1.0", "factor = 1.1")
    )  # the target needs the best
    folder = write_level(flat, "01-flat.toml").parent
    many = ", ".join(str(float(i)) for i in range(3_000))
    big = GOOD_LINE.replace('"demo"', '"many"').replace(
        "x = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]", f"x = [{many}]\ny = [{many}]"
    )
    (folder / "02-many.toml").write_text(big, encoding="utf-8")
    app = make_app(folder, tmp_path / "data", all_open=True)
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await level_list(pilot)
        options, preview = screen.query_one(OptionList), screen.query_one("#level-preview")
        detail = screen.query_one("#level-detail")
        for level_id, said in (("demo", "can't be played"), ("many", "Demo")):
            options.highlighted = options.get_option_index(level_id)
            await settled(pilot, lambda said=said: said in str(detail.content))
            await settled(pilot, lambda: not preview.display)
            assert said in str(detail.content) and not preview.display, level_id
        assert app.is_running


async def test_titles_in_wide_characters_keep_the_stars_column_in_line(
    tmp_path: Path, write_level
) -> None:
    """Titles were padded by characters, not cells: a CJK title pushed its stars right."""
    folder = write_level(GOOD_LINE.replace('"Demo"', '"身長と体重"'), "01-cjk.toml").parent
    plain = GOOD_LINE.replace('"demo"', '"plain"').replace('"Demo"', '"Plain"')
    (folder / "02-plain.toml").write_text(plain, encoding="utf-8")
    accents = GOOD_LINE.replace('"demo"', '"nfd"').replace('"Demo"', '"Cafe\\u0301"')
    (folder / "03-nfd.toml").write_text(accents, encoding="utf-8")
    async with make_app(folder, tmp_path / "data", all_open=True).run_test(size=(120, 40)) as pilot:
        shown = labels(await level_list(pilot))
    stars = {key: cell_len(text.split("☆")[0]) for key, text in shown.items() if "☆" in text}
    assert stars["demo"] == stars["plain"] == stars["nfd"], stars


async def test_a_title_too_wide_for_its_column_ends_in_an_ellipsis_cut_between_cells(
    tmp_path: Path, write_level
) -> None:
    """A title of 60 wide characters (120 cells) was cut at 28 cells with no "…", its stars
    in line only by luck; a cut mid-character would have put them a cell off."""
    folder = write_level(GOOD_LINE.replace('"Demo"', f'"{"中" * 60}"'), "01-cjk.toml").parent
    odd = GOOD_LINE.replace('"demo"', '"odd"').replace('"Demo"', f'"a{"中" * 59}"')
    (folder / "02-odd.toml").write_text(odd, encoding="utf-8")
    plain = GOOD_LINE.replace('"demo"', '"plain"').replace('"Demo"', '"Plain"')
    (folder / "03-plain.toml").write_text(plain, encoding="utf-8")
    async with make_app(folder, tmp_path / "data", all_open=True).run_test(size=(120, 40)) as pilot:
        shown = labels(await level_list(pilot))
    titles = {key: text.split("☆")[0] for key, text in shown.items() if "☆" in text}
    for key in ("demo", "odd"):
        assert titles[key].rstrip().endswith("中…"), titles[key]
    assert len({cell_len(title) for title in titles.values()}) == 1, titles


async def test_a_title_of_emoji_two_cells_by_their_selector_is_cut_to_its_column(
    tmp_path: Path, write_level
) -> None:
    """The sun "☀" and U+FE0F are one emoji of two cells, but one cell counted a character at a
    time: a title of 20 of them (40 cells) found no place to cut at 28 by that count, and
    opening the level list failed (StopIteration)."""
    sun = "☀\ufe0f"  # (an emoji's selector, in an f-string's braces, needs Python 3.12)
    folder = write_level(GOOD_LINE.replace('"Demo"', f'"{sun * 20}"'), "01-sun.toml").parent
    plain = GOOD_LINE.replace('"demo"', '"plain"').replace('"Demo"', '"Plain"')
    (folder / "02-plain.toml").write_text(plain, encoding="utf-8")
    async with make_app(folder, tmp_path / "data", all_open=True).run_test(size=(120, 40)) as pilot:
        shown = labels(await level_list(pilot))
    titles = {key: text.split("☆")[0] for key, text in shown.items() if "☆" in text}
    assert titles["demo"].rstrip().endswith(f"{sun}…"), titles["demo"]
    assert cell_len(titles["demo"]) == cell_len(titles["plain"]), titles


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_list_is_styled_for_its_size_as_it_opens_not_again_as_it_shows(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Its breakpoint class (-narrow, -wide) is given as it is pushed: set by the resize as
    it mounted, it restyled every widget of it a second time (a sixth of opening it). Nor is
    it styled again as it first shows (Textual's way: a sixth of the longest stall of the
    game's loop, as a game started at a level went back to the list)."""
    app = make_app(SHIPPED, tmp_path)
    restyled: list[object] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        update_styles = app.update_styles

        def spy(node: object = None, animate: bool = True) -> None:
            restyled.append(node)
            update_styles(node, animate)  # type: ignore[arg-type]

        app.update_styles = spy  # type: ignore[method-assign]
        screen = await level_list(pilot)
        wide = size[0] >= WIDE_FROM
        assert screen.has_class("-wide") is wide and screen.has_class("-narrow") is not wide
        # styled as it mounted: neither for its size nor as it first shows
        assert restyled.count(screen) == 0
        await pilot.resize_terminal(200 if not wide else 80, 40)  # and a resize: as ever
        await settled(pilot, lambda: screen.has_class("-wide") is not wide)
        assert screen.has_class("-wide") is not wide and screen.has_class("-narrow") is wide


@pytest.mark.parametrize("kind", ["press", "release", "wheel"])
async def test_a_mouse_report_past_the_screens_edge_leaves_the_list_its_keys(
    tmp_path: Path, kind: str
) -> None:
    """Textual took a press (or a wheel, a release) past the edge as one on nothing and took
    the focus from the list: its arrows did nothing until tab. A terminal sends one when a
    click races a resize; it is dropped."""
    from textual import events

    event_class = {
        "press": events.MouseDown,
        "release": events.MouseUp,
        "wheel": events.MouseScrollDown,
    }[kind]
    app = make_app(SHIPPED, tmp_path, all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await level_list(pilot)
        options = screen.query_one(OptionList)
        assert app.focused is options
        before = options.highlighted
        for x, y in ((200, 1), (5, 90), (10**9, 10**9)):
            event = event_class(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
            event.set_sender(app)
            assert app._driver is not None
            app._driver.send_message(event)
        await pilot.pause()
        assert app.focused is options
        await pilot.press("down")
        assert options.highlighted == (before or 0) + 1


async def test_beside_the_list_the_level_is_described_in_room_enough(tmp_path: Path) -> None:
    """At 110 columns the words beside the list had 36 and wrapped "13. The costliest point ·
    not yet won" on three lines: they go beside it from 120, with 40 and more."""
    async with make_app(SHIPPED, tmp_path).run_test(size=(110, 30)) as pilot:
        screen = await level_list(pilot)
        detail = screen.query_one("#level-detail")
        for width in range(110, 141, 5):
            await pilot.resize_terminal(width, 30)
            wide = width >= WIDE_FROM
            await settled(pilot, lambda wide=wide: screen.has_class("-wide") is wide)
            await pilot.pause()
            if wide:
                assert detail.region.width >= 40, (width, detail.region)
            else:
                assert detail.region.x == 0, width  # below the list, the screen's width


async def test_the_level_and_lesson_lists_name_enter_in_their_footers(tmp_path: Path) -> None:
    """Enter plays the level under the cursor, but neither list's footer said so."""
    from dartfit.screens.lesson_list import LessonListScreen
    from dartfit.screens.level_base import LevelScreen
    from dartfit.widgets.footer import KeyFooter

    def footer(screen) -> list[str]:  # type: ignore[no-untyped-def]
        shown = screen.query_one(KeyFooter).shown()
        return [f"{entry.key_display} {entry.description}" for entry in shown]

    async with make_app(SHIPPED, tmp_path).run_test(size=(80, 24)) as pilot:
        screen = await level_list(pilot)
        await settled(pilot, lambda: bool(screen.query_one(KeyFooter).entries))
        assert footer(screen)[0] == "⏎ Play", footer(screen)
        await pilot.press("l")
        await settled(pilot, lambda: isinstance(pilot.app.screen, LessonListScreen))
        lessons = pilot.app.screen
        await settled(pilot, lambda: bool(lessons.query_one(KeyFooter).entries))
        assert footer(lessons)[0] == "⏎ Open", footer(lessons)
        await pilot.press("escape", "enter")
        await settled(pilot, lambda: isinstance(pilot.app.screen, LevelScreen))


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_locked_rows_can_be_read_in_each_theme_and_in_16_colours(theme, tmp_path) -> None:
    """A locked row was dimmed on top of its option's greyed colour: in the light theme its
    title and "locked: win 1 first" read #999999 on #cecece (1.8:1), and a 16-colour
    terminal (TERM=xterm, TERM=screen) drew them light grey on light grey: invisible. Every
    letter of a locked row now differs from its background in 16 colours, at 2.5:1 at least
    in true colour."""
    from rich.color import ColorSystem

    from tests.ui.test_chart_colours import contrast

    lines = await list_frame(tmp_path, theme, (120, 40))
    locked = [line for line in lines if "locked:" in "".join(s.text for s in line)]
    assert len(locked) >= 10
    faint = []
    for line in locked:
        for segment in line:
            style = segment.style
            if not segment.text.strip() or style is None or style.reverse:
                continue
            if style.color is None or style.bgcolor is None:
                continue
            text = segment.text.strip()
            if contrast(style.color, style.bgcolor) < 2.5:
                faint.append((text, style.color.get_truecolor().hex))
            down = style.color.downgrade(ColorSystem.STANDARD).number
            if down == style.bgcolor.downgrade(ColorSystem.STANDARD).number:
                faint.append((text, f"16 colours: {down} on {down}"))
    assert not faint, faint[:5]


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark"])
async def test_the_progress_bars_track_is_seen_in_each_theme_and_in_16_colours(
    theme, tmp_path
) -> None:
    """The bar under "0 of 32 levels complete" drew the part still to win in $surface on
    the background: 1.1:1 in true colour, and in 16 colours white on white (light) or black
    on black (dark), so at 0 % there was no bar to see. Its track now differs from the
    background in 16 colours, and from the part won."""
    from rich.color import ColorSystem

    from tests.ui.test_chart_colours import contrast

    def sixteen(colour) -> int | None:
        return colour.downgrade(ColorSystem.STANDARD).number

    progress = Progress()
    for level in LEVELS[:8]:
        progress = progress.record(level.id, LevelResult(completed=True, stars=1))
    ProgressStore.in_folder(tmp_path).save(progress)
    lines = await list_frame(tmp_path, theme, (80, 24))
    bar = next(line for line in lines if "━" in "".join(s.text for s in line))
    inks = {}
    for segment in bar:
        if "━" in segment.text and segment.style is not None:
            assert segment.style.color is not None and segment.style.bgcolor is not None
            inks[segment.style.color.get_truecolor().hex] = segment.style
    assert len(inks) == 2, inks  # the part won, and the track
    for style in inks.values():
        assert contrast(style.color, style.bgcolor) >= 1.5
        assert sixteen(style.color) != sixteen(style.bgcolor)
    won, track = inks.values()
    assert sixteen(won.color) != sixteen(track.color)


async def list_frame(tmp_path: Path, theme: str, size: tuple[int, int]) -> list:
    """The level list's frame, as its segments by line, in a theme at a size."""
    from tests.ui.test_colour_snapshots import frame_lines

    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path)
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await level_list(pilot)
        await pilot.pause()
        return frame_lines(app)


@pytest.mark.parametrize("keys", [["end"], ["end", "up", "down"]], ids=["end", "end, up, down"])
async def test_the_chosen_row_is_always_in_sight(tmp_path: Path, keys) -> None:
    """Every level won, End: the chosen row (a puzzle's) fell below the list's edge, its
    detail under the list four rows where a level's is two, so the list shrank after it had
    scrolled (a hostile pass)."""
    progress = Progress()
    for level in LEVELS:
        progress = progress.record(level.id, LevelResult(completed=True, stars=1, mse=1.0))
    ProgressStore.in_folder(tmp_path).save(progress)
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await level_list(pilot)
        options = screen.query_one(OptionList)

        def in_sight() -> bool:  # its words on screen, as a player sees them
            assert options.highlighted is not None
            prompt = options.get_option_at_index(options.highlighted).prompt
            words = (
                " ".join(Text.from_markup(prompt).plain.split()[:3])
                if isinstance(prompt, str)
                else " ".join(str(prompt).split()[:3])
            )
            strips = options.screen._compositor.render_strips()
            return any(words in " ".join(strip.text.split()) for strip in strips)

        for key in keys:
            await pilot.press(key)
            await settled(pilot, in_sight)  # once laid out (a frame or two on a busy machine)
            await pilot.pause()
            # and it stays, once the list has taken the room the chosen row's detail leaves
            # it (on a busy machine a frame could come between that resize and its scroll)
            await settled(pilot, in_sight)


async def test_a_game_started_at_a_level_builds_the_title_only_once_the_list_is_left(
    tmp_path: Path,
) -> None:
    """Started at a level (`dartfit play N`), the game built the title and the level list
    at once as the level closed: the longest stall of its loop (about 100 ms, frames
    written). The list comes first; escape from it shows the title in its place, as
    popping to it did; escape there is the title's own."""
    from dartfit.screens.title import TitleScreen
    from tests.conftest import made_predictions

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        assert not any(isinstance(s, TitleScreen) for s in app.screen_stack)
        await pilot.press("escape")
        await settled(pilot, lambda: isinstance(app.screen, TitleScreen))
        assert len(app.screen_stack) == 2  # the title where the list was, nothing stacked
        await pilot.press("enter")  # the title's way on: the list again
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        assert isinstance(app.screen_stack[-2], TitleScreen)


async def test_a_level_opened_over_the_first_one_goes_back_to_it_then_to_the_list(
    tmp_path: Path,
) -> None:
    """Started at a level, another opened over it from the palette ("Play 1. …"): closing
    that one put the level list over the first level, and closing the first level then
    left Textual's blank default screen, with no key but ctrl+q doing anything."""
    from tests.conftest import made_predictions

    made_predictions(tmp_path)
    levels = load_levels(SHIPPED)
    app = make_app(SHIPPED, tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        first = app.screen
        app.open_level(levels[0])  # as the palette's "Play 1. First throw" does
        await settled(pilot, lambda: app.screen is not first)
        await pilot.press("escape")
        await settled(pilot, lambda: app.screen is first, seen=lambda: app.screen_stack)
        await pilot.press("escape")
        await settled(pilot, lambda: isinstance(app.screen, LevelSelectScreen))
        assert len(app.screen_stack) == 2


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_checks_questions_start_in_the_column_of_the_levels_stars(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """The chapters' check rows said "4 questions" 4 columns right of the levels' ☆☆☆."""
    app = make_app(SHIPPED, tmp_path, seed=3, all_open=True)
    async with app.run_test(size=size) as pilot:
        found = labels(await level_list(pilot))
    stars = [cell_len(text.partition("☆☆☆")[0]) for text in found.values() if "☆☆☆" in text]
    checks = [
        cell_len(text[: counted.start()])
        for key, text in found.items()
        if key and key.startswith("check:") and (counted := re.search(r"\d+ questions", text))
    ]
    assert len(checks) > 1 and set(checks) == {stars[0]} == set(stars), (stars, checks)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_new_player_sees_every_row_from_the_keyboard_each_on_one_line(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """A new player's cursor rests on level 1, the only open row: ↓, pgdn and end moved
    nothing, and the locked levels below the list's edge (27 to 32 at 120×40) could be seen
    only with the mouse's wheel (↓ went round to the warm-up at the top, pgdn lost the
    cursor). Now they scroll the list; and no row wraps (the endless
    rows' "locked: win every level first" took two lines at 120×40)."""
    async with make_app(SHIPPED, tmp_path).run_test(size=size) as pilot:
        screen = await level_list(pilot)
        options = screen.query_one(OptionList)
        await settled(pilot, lambda: options.max_scroll_y > 0)
        assert options.virtual_size.height == options.option_count  # one line a row
        for key in ["down", "down", "pagedown", "end"]:
            scrolled = options.scroll_offset.y
            await pilot.press(key)
            await settled(
                pilot,
                lambda y=scrolled: (
                    y < options.scroll_offset.y or options.scroll_offset.y == options.max_scroll_y
                ),
            )
            assert options.highlighted == options.get_option_index(LEVELS[0].id)
        assert options.scroll_offset.y == options.max_scroll_y
        await pilot.press("home")
        await settled(
            pilot,
            lambda: options.scroll_offset.y == 0,
            3,
            lambda: (options.highlighted, options.scroll_offset, options.max_scroll_y),
        )


async def test_the_list_describes_its_first_level_once_as_it_opens(tmp_path, monkeypatch) -> None:
    """The list's side was filled as it mounted, then again when its cursor's first place was
    told: the new list was laid out and drawn once more for the same words, the longest
    stall of the game's loop (110 ms) as a game started at a level went back to the list.
    Moving the cursor still describes the level it moves to."""
    described: list[int | None] = []
    real = LevelSelectScreen._describe

    def describe(self: LevelSelectScreen, index: int | None) -> None:
        described.append(index)
        real(self, index)

    monkeypatch.setattr(LevelSelectScreen, "_describe", describe)
    async with make_app(SHIPPED, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await level_list(pilot)
        for _ in range(5):
            await pilot.pause()
        assert len(described) == 1
        detail = screen.query_one("#level-detail")
        assert "1. First throw" in str(detail.render())
        await pilot.press("up")  # to the warm-up's check
        await settled(pilot, lambda: len(described) == 2)
        assert "1. First throw" not in str(detail.render())


async def test_the_lists_first_frame_and_its_layout_for_its_size_are_made_in_two_turns(
    tmp_path: Path, monkeypatch
) -> None:
    """The list's first frame (as it shows) and its layout again for the resize that follows
    it were made in one turn of the game's loop, which could answer no key nor draw anything
    else in between: the longest stall of the loop, as a game started at a level went back to
    the list. A timer that comes due with the first (a key's, a frame's) now runs between
    the two."""
    import asyncio

    turns: list[str] = []  # each layout of the list, and the timer due after the first
    mount = LevelSelectScreen.on_mount

    def laid_out(screen: LevelSelectScreen) -> None:
        turns.append("layout")
        asyncio.get_running_loop().call_later(0, turns.append, "timer")

    def on_mount(self: LevelSelectScreen) -> None:
        self.screen_layout_refresh_signal.subscribe(self, laid_out)
        mount(self)

    monkeypatch.setattr(LevelSelectScreen, "on_mount", on_mount)
    async with make_app(SHIPPED, tmp_path).run_test(size=(120, 40)) as pilot:
        await level_list(pilot)
        await settled(pilot, lambda: turns.count("layout") >= 2)
    assert turns[:3] == ["layout", "timer", "layout"]


def looks(screen: LevelSelectScreen) -> dict[tuple[str, int], object]:
    """What CSS gives each node of the screen, its components' and its flags too."""
    found: dict[tuple[str, int], object] = {}
    for node in screen.walk_children(with_self=True):
        parts = sorted((name, styles.css) for name, styles in node._component_styles.items())
        flags = (node._has_hover_style, node._has_focus_within, node._has_order_style)
        found[type(node).__name__, id(node)] = (node.styles.css, parts, flags)
    return found


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=str)
async def test_the_list_first_shown_is_styled_as_styling_it_again_would(
    tmp_path: Path, size: tuple[int, int], theme: str
) -> None:
    """Why the list is not styled again as it first shows (above): styled again then, not
    one of its widgets, its components or its flags would look otherwise."""
    app = make_app(SHIPPED, tmp_path)
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        screen = await level_list(pilot)
        await pilot.pause()
        shown = looks(screen)
        screen.update_node_styles(animate=False)
        assert looks(screen) == shown


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_a_locked_row_is_greyed_yet_read_in_every_theme(theme: str, tmp_path: Path) -> None:
    """A locked level's row is greyed by the theme's disabled text: in the light theme that read
    #7f7f7f on #cecece, 2.5:1, hard to read as anything. It stays greyer than an open row and
    is read at 3:1 at least (WCAG's floor for large or bold text) in truecolour and in xterm's
    16 colours. In the VGA colours (a Linux console) the dark theme's is bright black on black,
    the terminals' own grey for what can't be chosen, at 2.8:1."""
    from tests.ui.test_chart_colours import SIXTEEN, contrast, sixteen

    async with make_app(SHIPPED, tmp_path).run_test(size=(120, 40)) as pilot:
        pilot.app.theme = theme
        options = (await level_list(pilot)).query_one(OptionList)
        await pilot.pause()
        locked = options.get_component_rich_style("option-list--option-disabled")
        open_row = options.get_component_rich_style("option-list--option")
        ground = options.rich_style.bgcolor
    assert locked.color is not None and open_row.color is not None and ground is not None
    seen = contrast(locked.color, ground)
    assert 3.0 <= seen < contrast(open_row.color, ground), seen
    ink, fill = sixteen(locked.color), sixteen(ground)
    assert ink is not None and fill is not None
    xterm, vga = (contrast(p[ink], p[fill]) for p in SIXTEEN)
    assert xterm >= 3.0 and vga >= 2.8, (ink, fill, xterm, vga)


async def test_the_lists_help_names_the_keys_that_move_in_it_and_open(tmp_path: Path) -> None:
    """The level list's help said the arrows move and enter plays, and its table of keys had
    no row for either (a focused list's keys were left to Textual); the lesson list's help
    the same. Each help now has rows for ↑ ↓, the page and end keys and enter, and none for
    Textual's own scrolling (← → scroll a list sideways, which nothing here needs)."""
    from dartfit.dialogs.help import HelpScreen, key_groups
    from dartfit.screens.lesson_list import LessonListScreen

    def rows(screen) -> dict[str, str]:
        return {" ".join(r.keys): r.description for g in key_groups(screen) for r in g.rows}

    async with make_app(SHIPPED, tmp_path).run_test(size=(80, 24)) as pilot:
        levels = rows(await level_list(pilot))
        await pilot.press("l")
        await settled(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, LessonListScreen) and pilot.app.focused is not None
            ),
        )
        lessons = rows(pilot.app.screen)
        await pilot.press("question_mark")
        await settled(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        shown = [str(s.render()) for s in pilot.app.screen.query(".help-heading")]
    assert levels["⏎"] == "Play" and lessons["⏎"] == "Open"
    for keys in (levels, lessons):
        assert keys["↑ ↓"] == "Move up / down"
        assert {"pgup pgdn", "home end"} <= keys.keys()
        assert "← →" not in keys
    assert shown == ["In the list", "Everywhere"]
