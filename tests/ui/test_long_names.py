"""Long file and column names shorten cleanly at 80×24: one "…" where a name is cut, never a
name broken across two rows, and the goal keeps its target."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets._header import HeaderTitle

from dartfit.app import make_app
from dartfit.csvdata import load_csv
from dartfit.rules import scoring
from dartfit.screens.fit import FitScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.key_strip import KeyStrip
from dartfit.widgets.title_bar import fitted_title
from dartfit.wording import num
from tests.conftest import SHIPPED
from tests.ui.test_screens import text_of
from tests.ui.typing import settled

X_NAME = "body_height_in_centimetres_measured_barefoot"
Y_NAME = "body_weight_in_kilograms_morning"
FILE = "student_heights_and_weights_measured_in_2024_final_version_v2.csv"
NAME_PART = re.compile(r"[a-z0-9_]+…?")


def test_a_title_too_wide_with_its_sub_title_gives_up_its_end_not_the_sub_title() -> None:
    """The sandbox's header dropped "— weight against height" for a long file name."""
    assert fitted_title("1. First throw", "Darts", 62) == ("1. First throw", "Darts")
    title = "Your data: student_heights_and_weights_measured_in_2024_fin…"
    shorter = "Your data: student_heights_and_weight…"
    assert fitted_title(title, "weight against height", 62) == (shorter, "weight against height")
    assert fitted_title("x" * 70, "chapter", 62) == ("x" * 51 + "…", "chapter")
    assert fitted_title("x" * 70, "", 62) == ("x" * 61 + "…", "")
    assert fitted_title("x" * 70, "chapter", 20) == ("x" * 19 + "…", "")  # no room for both


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
@pytest.mark.parametrize(
    ("file", "x_name", "y_name"),
    [
        ("some_long_file_name_of_the_class_measurements.csv", "x", "y"),
        (FILE, X_NAME, Y_NAME),
        (FILE, "height", "weight"),
    ],
)
async def test_the_sandbox_header_keeps_y_against_x_whatever_the_names(
    tmp_path: Path, size: tuple[int, int], file: str, x_name: str, y_name: str
) -> None:
    """`dartfit fit some_long_file_name.csv`: the header read "Your data:
    some_long_file_name…" without "— y against x". The file name is cut instead, and long
    column names each give up their end alike."""
    path = tmp_path / file
    rows = [f"{150 + i},{45 + 0.9 * i + (i % 5)}" for i in range(40)]
    path.write_text(f"{x_name},{y_name}\n" + "\n".join(rows) + "\n")
    app = make_app(SHIPPED, tmp_path, data=load_csv(path))
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        header = app.screen.query_one(HeaderTitle)
        await settled(pilot, lambda: "Your data" in str(header.render()))
        shown = str(header.render())
        assert " against " in shown and len(shown) <= header.content_size.width, shown
        said_y, said_x = shown.split(" — ", 1)[1].split(" against ")
        for said, name in ((said_x, x_name), (said_y, y_name)):
            assert said == name or (said.endswith("…") and name.startswith(said[:-1])), shown
        assert file.startswith(shown.split("Your data: ")[1].split(" — ")[0].rstrip("…"))


WIDE_FILE = "データ分析用の学生の身長と体重の測定結果ファイル二千二十四年度版最終.csv"
WIDE_X = "学生の身長センチメートル単位測定値記録"
WIDE_Y = "学生の体重キログラム単位測定値記録"


@pytest.mark.parametrize(
    ("file", "x_name", "y_name"),
    [(WIDE_FILE, WIDE_X, WIDE_Y), (WIDE_FILE, X_NAME, Y_NAME), (FILE, WIDE_X, WIDE_Y)],
    ids=["all wide", "wide file", "wide columns"],
)
async def test_wide_names_in_the_sandbox_header_each_keep_a_readable_start(
    tmp_path: Path, file: str, x_name: str, y_name: str
) -> None:
    """A long Japanese file name with long Japanese column names read "Your data: … — 学生の
    体重キログラ… against 学生の身長センチメ…" at 80×24: the columns were cut counting
    characters, and took twice the cells the header gave them; the file name went whole.
    Cut in cells, each name keeps its start, the file's too."""
    from rich.cells import cell_len

    path = tmp_path / file
    rows = [f"{150 + i},{45 + 0.9 * i + (i % 5)}" for i in range(40)]
    path.write_text(f"{x_name},{y_name}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    app = make_app(SHIPPED, tmp_path, data=load_csv(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        header = app.screen.query_one(HeaderTitle)
        await settled(pilot, lambda: "Your data" in str(header.render()))
        shown = str(header.render())
        assert cell_len(shown) <= header.content_size.width, shown
        title, sub = shown.split(" — ")
        said_y, said_x = sub.split(" against ")
        said_file = title.split("Your data: ")[1]
        for said, name in ((said_file, file), (said_x, x_name), (said_y, y_name)):
            start = said.removesuffix("…")
            assert name.startswith(start) and cell_len(start) >= 8, shown  # 4 wide characters


async def test_long_names_in_the_sandbox_shorten_cleanly_at_80x24(tmp_path: Path) -> None:
    """A checker's file at 80×24: the header read "…_fin… …" (the name's "…", then
    Textual's: each name is cut once, with its own "…"), the legend "…measured_baref" above
    "oot", and the goal lost its target."""
    path = tmp_path / FILE
    rows = [f"{150 + i},{45 + 0.9 * i + (i % 5)}" for i in range(40)]
    path.write_text(f"{X_NAME},{Y_NAME}\n" + "\n".join(rows) + "\n")
    app = make_app(SHIPPED, tmp_path, data=load_csv(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        screen = app.screen
        assert isinstance(screen, FitScreen)
        header = screen.query_one(HeaderTitle)
        await settled(pilot, lambda: "Your data" in str(header.render()))
        shown = str(header.render())
        assert "… …" not in shown and "……" not in shown, shown  # each name cut once
        assert len(shown) <= header.content_size.width  # not cut again by Textual
        goal = text_of(app, "#goal")
        target = scoring.target_value(screen.level)
        assert target is not None and f"(target MSE ≤ {num(target)})" in goal
        assert len(goal.splitlines()) <= scoring.GOAL_ROWS
        chart = screen.query_one(CanvasView).text()
        # every run of a name's letters on the chart is the name's start (cut with "…"),
        # or the whole name: none is its middle or end, left on a row of its own
        for part in NAME_PART.findall(chart):
            if len(part) > 6 and "_" in part:
                whole = part.rstrip("…")
                assert X_NAME.startswith(whole) or Y_NAME.startswith(whole), part
                assert part.endswith("…") or part in (X_NAME, Y_NAME), part


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("points", [40, 3000])
@pytest.mark.parametrize(
    ("x_name", "y_name"), [("身長", "体重"), ("被験者の身長センチメートル単位", "被験者の体重")]
)
async def test_wide_column_names_show_whole_in_the_charts_legend(
    tmp_path: Path, size: tuple[int, int], points: int, x_name: str, y_name: str
) -> None:
    """Column names in Chinese or Japanese read "x→ ?? · y↑ ??" in the chart's legend (a
    cell of the chart took one narrow character), where the title showed them. Each wide
    character takes two cells of the key under the chart (where the legend is now), and
    every row of it keeps its width."""
    from rich.cells import cell_len

    path = tmp_path / "data.csv"
    rows = [f"{150 + i % 40 + i / points},{45 + 0.9 * (i % 40) + (i % 5)}" for i in range(points)]
    path.write_text(f"{x_name},{y_name}\n" + "\n".join(rows) + "\n", encoding="utf-8")
    app = make_app(SHIPPED, tmp_path, data=load_csv(path))
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        canvas = app.screen.query_one("#key", KeyStrip)
        await settled(pilot, lambda: "x→" in canvas.text())
        await pilot.press("right", "up")  # a nudge redraws the key
        await pilot.pause()
        chart = canvas.text()
        assert "?" not in chart, chart
        for name in (x_name, y_name):
            words = [w for w in re.split(r"[\s·]+", chart) if w and cell_len(w) > 1]
            shown = [w for w in words if name.startswith(w.rstrip("…")) and w[0] == name[0]]
            assert shown, (name, chart)
        width = canvas.content_size.width
        assert all(cell_len(line) == width for line in chart.splitlines()), chart
        assert all(canvas.render_line(y).cell_length == width for y in range(canvas.size.height))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_goal_naming_wide_columns_keeps_its_target(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """Columns named 身長（センチメートル） and 体重（キログラム）: the sandbox's goal at 80×24
    read "... : get" above "near the best line's", its MSE and target on a third row the
    goal has no room for. Its rows were wrapped counting characters, a wide one's two cells
    as one; each row now fits the goal's width in cells, its target within its rows."""
    from rich.cells import cell_len

    path = tmp_path / "data.csv"
    rows = [f"{150 + i},{45 + 0.9 * i + (i % 5)}" for i in range(40)]
    path.write_text("身長（センチメートル）,体重（キログラム）\n" + "\n".join(rows) + "\n")
    app = make_app(SHIPPED, tmp_path, data=load_csv(path))
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, FitScreen))
        screen = app.screen
        assert isinstance(screen, FitScreen)
        goal = text_of(app, "#goal")
        target = scoring.target_value(screen.level)
        assert target is not None and f"(target MSE ≤ {num(target)})" in goal
        assert len(goal.splitlines()) <= scoring.GOAL_ROWS, goal
        width = screen.query_one("#goal").content_size.width
        assert all(cell_len(row) <= width for row in goal.splitlines()), goal
