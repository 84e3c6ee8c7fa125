"""The command line as a user runs it: output, exit status 2 and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dartfit import __version__, core
from dartfit.__main__ import main
from dartfit.levels import load_levels
from tests.conftest import GOOD_LINE


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return (status, stdout, stderr)."""
    try:
        status = main(list(argv))
    except SystemExit as e:
        status = int(e.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def test_version(capsys) -> None:
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.strip() == f"dartfit {__version__}"


def test_levels_lists_every_shipped_level_with_its_best_mse(capsys, shipped: Path) -> None:
    status, out, _ = run(capsys, "levels")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["#", "id", "kind", "title", "target", "best"]
    levels = load_levels(shipped)
    assert len(lines) == len(levels) + 1
    line_level = next(lv for lv in levels if lv.spec.kind == "line")
    fit = np.polyfit(line_level.x, line_level.y, 1)
    best = float(np.mean((np.polyval(fit, line_level.x) - line_level.y) ** 2))
    row = next(r for r in lines if f" {line_level.id} " in r)
    assert f"{best:.4g}" in row


def test_check_passes_the_shipped_folder(capsys, shipped: Path) -> None:
    status, out, err = run(capsys, "check", str(shipped))
    assert status == 0 and err == "" and "all fine" in out


def test_check_reports_one_line_per_problem_and_exits_2(capsys, write_level) -> None:
    bad = write_level(GOOD_LINE.replace("value = 1.0", 'value = "lots"'), "01-bad.toml")
    hard = write_level(
        GOOD_LINE.replace("value = 1.0", "value = 0.0001").replace('"demo"', '"hard"'),
        "02-hard.toml",
    )
    status, _, err = run(capsys, "check", str(bad.parent), "no-such-file.toml")
    lines = err.splitlines()
    assert status == 2 and len(lines) == 3
    assert lines[0].startswith(f"{bad}: target.value: expected a number")
    assert lines[1].startswith(f"{hard}: target: MSE ≤ 0.0001 is below the best achievable")
    assert "no-such-file.toml" in lines[2]


def test_export_prints_the_exact_numbers_the_game_uses(capsys, shipped: Path) -> None:
    level = next(lv for lv in load_levels(shipped) if lv.spec.kind == "line")
    status, out, _ = run(capsys, "export", level.id)
    rows = list(csv.reader(io.StringIO(out)))
    assert status == 0 and rows[0] == ["x", "y"]
    x = np.array([float(r[0]) for r in rows[1:]])
    y = np.array([float(r[1]) for r in rows[1:]])
    assert np.array_equal(x, level.x) and np.array_equal(y, level.y)


def test_export_takes_a_number_or_the_file_name(capsys, shipped: Path) -> None:
    level = load_levels(shipped)[4]
    by_number = run(capsys, "export", str(level.number))
    by_slug = run(capsys, "export", level.slug)
    assert by_number == by_slug and by_number[0] == 0


@pytest.mark.parametrize("method", ["exact", "gd", "momentum", "adam"])
def test_solve_reaches_the_optimum_on_every_shipped_line_level(capsys, shipped, method) -> None:
    for level in load_levels(shipped):
        if level.spec.kind != "line":
            continue
        status, out, err = run(capsys, "solve", level.id, "--method", method, "--json")
        assert status == 0, err
        report = json.loads(out)
        m, b = np.polyfit(level.x, level.y, 1)
        best = float(np.mean((m * level.x + b - level.y) ** 2))
        assert report["converged"] and not report["diverged"]
        assert (report["mse"] - best) / best < 1e-6, (level.id, method)
        assert report["beaten"] is True
        assert {"m", "b", "mse", "steps", "trajectory"} <= report.keys()
        last = report["trajectory"][-1]
        assert last["mse"] == pytest.approx(report["mse"])


def test_solve_with_too_large_a_rate_says_it_diverged(capsys, shipped: Path) -> None:
    level = next(lv for lv in load_levels(shipped) if lv.spec.kind == "line")
    lr = 1.05 * core.max_stable_learning_rate(level.x)
    status, out, _ = run(capsys, "solve", level.id, "--method", "gd", "--lr", str(lr))
    assert status == 0
    assert "diverged" in out and "nan" not in out.lower()
    status, out, _ = run(capsys, "solve", level.id, "--method", "gd", "--lr", str(lr), "--json")
    report = json.loads(out)
    assert report["diverged"] and not report["beaten"]
    assert all(np.isfinite(step["mse"]) for step in report["trajectory"])


def test_solve_with_a_step_budget_stops_there(capsys, shipped: Path) -> None:
    level = next(lv for lv in load_levels(shipped) if lv.spec.kind == "line")
    status, out, _ = run(capsys, "solve", level.id, "--method", "gd", "--steps", "5", "--json")
    report = json.loads(out)
    assert status == 0 and report["steps"] == 5 and len(report["trajectory"]) == 6


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["export", "nope"], 'no level called "nope"'),
        (["solve", "99"], "no level number 99"),
        (["solve", "first-throw"], "darts level"),
        (["solve", "5", "--lr", "-1"], "expected a number > 0"),
        (["solve", "5", "--method", "newton"], "invalid choice"),
        (["levels", "--levels", "/no/such/folder"], "no such folder"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_every_error_is_one_line_with_status_2(capsys, argv, words) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and words in err
    assert "Traceback" not in err


def test_a_teachers_folder_works_for_every_command(capsys, write_level) -> None:
    folder = str(write_level().parent)
    assert run(capsys, "levels", "--levels", folder)[1].count("demo") == 1
    assert run(capsys, "--levels", folder, "export", "demo")[0] == 0
    assert run(capsys, "solve", "demo", "--levels", folder)[0] == 0


def test_python_dash_m_runs_the_same_command_line() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "dartfit", "solve", "nope"], capture_output=True, text=True
    )
    assert out.returncode == 2 and out.stderr.startswith("dartfit: ")
    assert "Traceback" not in out.stderr
