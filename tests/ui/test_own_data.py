"""The player's own data: dartfit fit opens a sandbox, bad files exit 2 with one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dartfit.app import make_app
from dartfit.csvdata import load_csv
from dartfit.game import fit
from dartfit.screens.fit import FitScreen
from dartfit.widgets.canvas import CanvasView
from tests.conftest import SHIPPED
from tests.ui.test_screens import number_after, text_of


def dartfit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dartfit", *args], capture_output=True, text=True, cwd=cwd
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "the file is empty"),
        ("x,y\n1,2\n", "only one data row"),
        ("x,y\n1,2\n2,oops\n", 'line 3: column "y": "oops" is not a number'),
        ("x,y\n2,1\n2,5\n", "are equal"),
        ("x,y\n1,1,2\n3,4,5\n", "line 2: expected 2 fields, found 3"),
        ("x,y\n1,1e21\n2,1e101\n", 'line 3: column "y": 1e101 is out of range'),
        ("x,y\n1e-300,1\n2e-300,2\n", 'column "x" spans only 1e-300'),
    ],
)
def test_a_bad_csv_exits_2_with_one_line(tmp_path, text, words) -> None:
    (tmp_path / "mine.csv").write_text(text)
    run = dartfit("fit", "mine.csv", cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("dartfit: mine.csv: ") and words in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


@pytest.mark.parametrize(("target", "words"), [("/dev/zero", "a device"), (".", "a folder")])
def test_what_is_not_a_regular_file_is_refused_in_one_line(tmp_path, target, words) -> None:
    run = dartfit("fit", target, cwd=tmp_path)
    assert (
        run.returncode == 2
        and run.stderr
        == f"dartfit: {target}: not a regular file ({words}): give the path of a CSV file\n"
    )


def test_an_unknown_column_lists_the_columns(tmp_path) -> None:
    (tmp_path / "mine.csv").write_text("size;price\n1;2\n2;3\n")
    run = dartfit("fit", "mine.csv", "--y", "cost", cwd=tmp_path)
    assert run.returncode == 2 and 'no column "cost" (columns: "size", "price")' in run.stderr


async def test_the_sandbox_fits_a_line_to_the_players_columns(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("a,size,price\n" + "\n".join(f"0,{i},{3 * i + 1}" for i in range(10)))
    data = load_csv(path, x="size", y="price")
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "up")
        screen = pilot.app.screen
        assert isinstance(screen, FitScreen) and "Your data: mine.csv" in screen.title
        hud = text_of(pilot.app, "#hud")
        m, b = screen.state.m, screen.state.b
        x, y = np.arange(10.0), 3 * np.arange(10.0) + 1
        assert number_after("MSE", hud) == pytest.approx(np.mean((y - m * x - b) ** 2), rel=1e-3)
        assert number_after("MAE", hud) == pytest.approx(np.mean(np.abs(y - m * x - b)), rel=1e-3)
        await pilot.press("a")
        assert type(pilot.app.screen).__name__ == "SolverScreen"
        await pilot.press("escape", "escape")
    saved = tmp_path / "progress.json"
    assert not saved.exists() or "your-data" not in saved.read_text()


async def test_a_million_points_nudge_from_running_sums_and_are_shaded(tmp_path) -> None:
    n = 1_000_000
    x = np.linspace(0, 10, n)
    y = 2 * x + 1 + np.sin(np.arange(n))
    path = tmp_path / "big.csv"
    np.savetxt(path, np.c_[x, y], delimiter=",", header="x,y", comments="", fmt="%.6f")
    data = load_csv(path)
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right", "right", "up")
        screen = pilot.app.screen
        chart = screen.query_one(CanvasView)
        assert chart.count("density") > 100 and "●" not in chart.text()
        m, b = screen.state.m, screen.state.b
        hud = text_of(pilot.app, "#hud")
        expected = float(np.mean((data.y - (m * data.x + b)) ** 2))
        assert number_after("MSE", hud) == pytest.approx(expected, rel=1e-3)
        assert fit.score(screen.level, screen.state).mse == pytest.approx(expected, rel=1e-9)
        assert "MAE = …" in hud  # the exact MAE waits until the line stops moving
        screen.show_exact_mae()  # what the timer runs once the line rests; no sleeping here
        hud = text_of(pilot.app, "#hud")
        mae = float(np.mean(np.abs(data.y - (m * data.x + b))))
        assert number_after("MAE", hud) == pytest.approx(mae, rel=1e-3)
