"""The command line as a user runs it: output, exit status 2 and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from dartfit import __version__, core
from dartfit.cli import build_parser, main
from dartfit.lessons import LESSON_IDS, find_lesson
from dartfit.levels import load_levels
from tests.conftest import GOOD_LINE, SHIPPED, game_stood_in


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
    assert lines[0].split() == ["#", "id", "kind", "title", "target", "best", "possible"]
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


def test_check_of_a_folder_s_files_named_one_by_one_finds_an_id_used_twice(
    capsys, write_level, tmp_path: Path
) -> None:
    """`dartfit check levels/*.toml` passed two files of one id, which the game, given the
    folder, refuses; files of other folders are other campaigns, and a file named twice is
    one file."""
    first = write_level(GOOD_LINE, "01-a.toml")
    second = write_level(GOOD_LINE, "02-b.toml")
    status, _, err = run(capsys, "check", str(first), str(second))
    assert status == 2 and err == f'{second}: id: "demo" is already used by 01-a.toml\n', err
    status, _, err = run(capsys, "check", str(first.parent), str(first))
    assert status == 2 and err == f'{second}: id: "demo" is already used by 01-a.toml\n', err
    elsewhere = tmp_path / "other" / "01-a.toml"
    elsewhere.parent.mkdir()
    shutil.copy(first, elsewhere)
    assert run(capsys, "check", str(first), str(first), str(elsewhere))[0] == 0


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
        design = np.column_stack([level.x, np.ones_like(level.x)])
        curvatures = np.linalg.eigvalsh(design.T @ design)
        stretched = curvatures[-1] / curvatures[0] > 1e4
        if method in ("gd", "momentum") and stretched and not report["converged"]:
            # real data far from x = 0 (Galton's heights, the crickets): a stretched bowl
            # that plain steps crawl along; the solver says so rather than claim the bottom
            assert not report["diverged"] and "centring x would help" in report["reason"]
            assert report["mse"] >= best * (1 - 1e-12)
            continue
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


@pytest.mark.parametrize("steps", ["1000001", "99999999999", str(10**100)])
def test_a_step_budget_past_what_can_be_kept_is_refused_in_one_line(
    capsys, shipped: Path, steps: str
) -> None:
    """Every step is kept and printed: 10¹¹ of them grew 50 MB a second until memory ran out."""
    status, out, err = run(capsys, "solve", "first-line", "--steps", steps, "--json")
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "at most 1,000,000 steps" in err


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["export", "nope"], 'no level called "nope"'),
        (["play", ""], 'no level called ""'),
        (["play", "  "], 'no level called "  "'),
        (["solve", "99"], "no level number 99"),
        (["solve", "first-throw"], "darts level"),
        (["solve", "5", "--lr", "-1"], "expected a number > 0"),
        (["solve", "5", "--method", "gd", "--lr", "1_0"], "expected a number without _"),
        (["solve", "5", "--method", "gd", "--steps", "1_000"], "expected a number without _"),
        (["--seed", "-1", "solve", "5"], "expected a whole number ≥ 0"),
        # a number given is quoted as every other value the player gave (printable.quoted):
        # in double quotes, a tab or newline escaped as every message escapes them, not in
        # Python's repr ('1\tx')
        (["solve", "5", "--method", "gd", "--lr", "1\tx"], 'expected a number, got "1\\x09x"'),
        (["solve", "5", "--lr", "0"], 'expected a number > 0, got "0"'),
        (["--seed", "1\n2", "levels"], 'expected a whole number, got "1\\x0a2"'),
        (["--seed", "9" * 5000, "levels"], "digits, got one of 5,000"),
        (["solve", "5", "--method", "gd", "--steps", "9" * 5000], "got one of 5,000"),
        (["solve", "99999999999999999999"], "no level number 99999999999999999999"),
        (["solve", "-1"], "no level number −1: there are levels 1 to"),  # was: no level called
        (["solve", "−2"], "no level number −2"),
        (["export", "-0"], "no level number 0"),
        (["play", "1", "--", "--data-dir"], "--data-dir comes after --, which ends the options"),
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


GLOBAL_OPTIONS = (
    ("--levels", "levels", Path),
    ("--data-dir", "data_dir", Path),
    ("--seed", "seed", int),
)
SUBCOMMANDS = (
    ["levels"],
    ["lessons"],
    ["check", "x.toml"],
    ["export", "5"],
    ["play", "5"],
    ["lesson", "mean"],
    ["fit", "f.csv"],
    ["solve", "5"],
)


ACTED_ON = {  # the global options each command reads: an independent list, not the code's
    "levels": {"--levels"},
    "lessons": set(),
    "check": set(),
    "export": {"--levels"},
    "solve": {"--levels"},
    "play": {"--levels", "--data-dir", "--seed"},
    "lesson": {"--levels", "--data-dir", "--seed"},
    "fit": {"--levels", "--data-dir", "--seed"},
}


@pytest.mark.parametrize(
    ("extra", "said"), [("", "''"), ("a b", "'a b'"), ("--sed", "--sed"), ("-1", "-1")]
)
def test_an_argument_no_command_takes_is_said_as_typed(capsys, extra: str, said: str) -> None:
    """`dartfit levels ""` said "unrecognized arguments:  (see: …)": an empty argument, or
    one holding a space, is quoted as a shell would take it back."""
    status, out, err = run(capsys, "levels", extra)
    assert status == 2 and not out
    assert err == f"dartfit: unrecognized arguments: {said} (see: dartfit levels --help)\n"


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize(("option", "dest", "kind"), GLOBAL_OPTIONS, ids=lambda o: str(o))
def test_global_options_go_before_or_after_the_command(command, option, dest, kind) -> None:
    parser = build_parser()
    before = parser.parse_args([option, "7", *command])
    if option not in ACTED_ON[command[0]]:  # after it, only where the command reads it
        assert getattr(before, dest) == kind("7")
        return
    after = parser.parse_args([*command, option, "7"])
    assert getattr(before, dest) == getattr(after, dest) == kind("7")
    # given twice, the later one wins, wherever each stands
    assert getattr(parser.parse_args([option, "1", *command, option, "2"]), dest) == kind("2")
    assert getattr(parser.parse_args([*command, option, "1", option, "2"]), dest) == kind("2")
    assert getattr(parser.parse_args(command), dest) is None


def test_every_global_option_after_the_command_reaches_the_command(capsys, write_level) -> None:
    folder = str(write_level().parent)
    status, out, err = run(capsys, "solve", "demo", "--levels", folder)
    assert status == 0 and err == "" and "level demo" in out
    args = build_parser().parse_args(
        ["play", "demo", "--seed", "3", "--data-dir", "/tmp", "--levels", folder]
    )
    assert (args.seed, args.data_dir, args.levels) == (3, Path("/tmp"), Path(folder))


@pytest.mark.parametrize("command", [*SUBCOMMANDS, ["host"], ["serve"]], ids=lambda c: c[0])
@pytest.mark.parametrize("option", [o for o, _, _ in GLOBAL_OPTIONS])
def test_a_command_lists_only_the_global_options_it_acts_on(capsys, command, option) -> None:
    """`dartfit export --help` listed --seed and --data-dir, which export never read: each
    command's help lists only the options it acts on, and one it does not is refused after
    it in one line, with status 2, as any unknown option is."""
    acts = option in ACTED_ON.get(command[0], {"--levels", "--data-dir"})  # host, serve
    status, out, _ = run(capsys, command[0], "--help")
    assert status == 0 and (f"{option} " in out) is acts
    if acts:
        return
    status, out, err = run(capsys, *command, option, "7")
    assert status == 2 and not out and err.count("\n") == 1
    assert err.startswith(f"dartfit: {command[0]} takes no {option} ("), err


@pytest.mark.parametrize("command", SUBCOMMANDS, ids=lambda c: c[0])
def test_version_answers_after_any_command_too(capsys, command) -> None:
    status, out, _ = run(capsys, *command, "--version")
    assert status == 0 and out.strip() == f"dartfit {__version__}"


@pytest.mark.parametrize(
    "typed", ["SQUARING", "  squaring ", "Squaring", "squaring\t", "ＳＱＵＡＲＩＮＧ"]
)
def test_lesson_names_ignore_case_and_surrounding_spaces(typed) -> None:
    assert find_lesson(typed) == "squaring"


@pytest.mark.parametrize("typed", ["Signs Cancel", "SIGNS_CANCEL", " signs-cancel"])
def test_a_lesson_name_may_use_spaces_or_underscores_for_hyphens(typed) -> None:
    assert find_lesson(typed) == "signs-cancel"


def test_an_unknown_lesson_lists_every_known_one_in_one_line(capsys) -> None:
    status, out, err = run(capsys, "lesson", "squares")
    assert status == 2 and out == "" and len(err.splitlines()) == 1
    assert 'no lesson called "squares"' in err
    assert all(concept in err for concept in LESSON_IDS)


def _level(kind: str, shape: str = "line", metric: str = "mse"):
    return next(
        lv
        for lv in load_levels(SHIPPED)
        if lv.spec.kind == kind
        and lv.spec.model.shape == shape
        and lv.spec.target.metric == metric
        and lv.spec.target.type == "at_most"
    )


@pytest.mark.parametrize("metric", ["mse", "mae"])
def test_solve_speaks_of_a_constant_on_a_constant_level(capsys, metric) -> None:
    level = _level("mae", "constant", metric)
    status, out, err = run(capsys, "solve", level.id)
    assert status == 0 and err == ""
    best = float(np.mean(level.y)) if metric == "mse" else float(np.median(level.y))
    assert "constant" in out and "line" not in out and "m =" not in out
    assert f"b = {best:.6g}" in out
    assert f"best constant under {metric.upper()}: {metric.upper()} = " in out
    assert "(gap 0)" in out
    report = json.loads(run(capsys, "solve", level.id, "--json")[1])
    assert report["model"] == "constant" and report["b"] == pytest.approx(best)
    assert report["optimum"] == pytest.approx(report["loss"])


def test_solve_speaks_of_a_line_on_a_line_level(capsys) -> None:
    level = _level("mae", "line", "mae")
    status, out, _ = run(capsys, "solve", level.id)
    assert status == 0 and "a line" in out and "m = " in out and "constant" not in out
    assert "best line under MAE: MAE = " in out and "(gap 0)" in out
    assert json.loads(run(capsys, "solve", level.id, "--json")[1])["model"] == "line"


@pytest.mark.parametrize(
    ("level_id", "words"),
    [
        ("first-throw", "darts level: darts have no model to fit"),
        ("worse-round", "compare level: darts have no model to fit"),
        ("pull", "points level: its goal is MSE ≥"),
        ("costliest", "points level: its goal is to pick the costliest"),
        ("degree", "degree level: its goal is to pick the best degree"),
        ("wind-and-wobble", "darts-split level: darts have no model to fit"),
    ],
)
def test_solve_refuses_a_level_it_cannot_solve_in_one_line(capsys, level_id, words) -> None:
    status, out, err = run(capsys, "solve", level_id)
    assert status == 2 and out == "" and len(err.splitlines()) == 1
    assert words in err and "solve fits a line or a constant" in err


def test_a_level_name_with_control_characters_is_named_escaped(capsys) -> None:
    from dartfit.cli import main

    assert main(["export", "a\x1b[31mred\x07\r\nb"]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and err.count("\n") == 1, repr(err)


def test_a_level_number_with_a_leading_zero_is_that_number(capsys) -> None:
    from dartfit.cli import main

    assert main(["export", "05"]) == 0
    assert main(["export", "099"]) == 2
    assert "no level number 99:" in capsys.readouterr().err
    assert main(["export", "0" * 30 + "5"]) == 0  # refused before (a hostile pass)
    capsys.readouterr()
    assert main(["export", "0" * 5000 + "5"]) == 2  # too long to read: still a number, cut
    said = capsys.readouterr().err
    assert "no level number 000" in said and "(5,001 characters)" in said and len(said) < 200


def test_a_level_number_with_a_sign_and_a_leading_double_dash_are_read_as_meant(capsys) -> None:
    """`export +5` is level 5, and `dartfit -- export 5` ends the options before the command:
    they were 'no level called "+5"' and "invalid choice: '--'" (a hostile pass)."""
    from dartfit.cli import main

    assert main(["export", "5"]) == 0
    five = capsys.readouterr().out
    assert main(["export", "+5"]) == 0 and capsys.readouterr().out == five
    assert main(["--", "export", "5"]) == 0 and capsys.readouterr().out == five


def test_the_command_lines_methods_are_the_cores() -> None:
    from dartfit.cli import METHOD_ALIASES, METHODS
    from dartfit.commands import CORE_METHOD
    from dartfit.core.validation import METHODS as CORE_METHODS

    assert ("exact", *CORE_METHODS) == tuple(CORE_METHOD.get(name, name) for name in METHODS)
    assert all(CORE_METHOD[name] == short for short, name in METHOD_ALIASES.items())


def test_gradient_descent_is_named_in_full_and_gd_still_read(capsys) -> None:
    """`--method gd` was the only name: a user reads "gradient-descent" in the help and the
    output, and scripts that say gd get the same run."""
    status, help_text, _ = run(capsys, "solve", "--help")
    assert status == 0 and "{exact,gradient-descent,momentum,adam}" in help_text
    reports = []
    for name in ("gradient-descent", "gd"):
        status, out, _ = run(capsys, "solve", "first-line", "--method", name, "--steps", "3")
        assert status == 0 and "method gradient-descent," in out and " gd" not in out
        status, out, _ = run(capsys, "solve", "first-line", "--method", name, "--json")
        reports.append(json.loads(out))
    assert reports[0] == reports[1] and reports[0]["method"] == "gradient-descent"


@pytest.mark.parametrize("under", ["", "sub/deeper"])
def test_a_data_folder_that_is_a_file_is_refused_in_one_line(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, under: str
) -> None:
    """Played on, the game said only 'Not a directory' in a toast, and saved nothing."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    status, _, _ = run(capsys, "--data-dir", str(blocker / under), "levels")
    assert status == 0  # listing the levels keeps nothing: it needs no data folder
    status, _, err = run(capsys, "--data-dir", str(blocker / under))
    assert status == 2 and err.strip() == (
        f"dartfit: {blocker}: a file, not a folder to keep progress in: give the path of a"
        " folder (from --data-dir)"
    )
    monkeypatch.setenv("DARTFIT_DATA_DIR", str(blocker))
    status, _, err = run(capsys, "play", "1")
    assert status == 2 and err.strip().endswith("(from DARTFIT_DATA_DIR)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_data_folder_that_is_a_pipe_is_said_to_be_one(capsys, tmp_path: Path) -> None:
    """It was called "a file"."""
    pipe = tmp_path / "a-pipe"
    os.mkfifo(pipe)
    status, _, err = run(capsys, "--data-dir", str(pipe), "play", "1")
    assert status == 2 and err.strip() == (
        f"dartfit: {pipe}: a pipe, not a folder to keep progress in: give the path of a folder"
        " (from --data-dir)"
    )


@pytest.mark.parametrize(
    "how", ["loop-of-links", "name-too-long", "name-too-long-to-make", "path-too-long"]
)
def test_a_data_folder_the_system_refuses_is_one_line_naming_it(
    capsys, tmp_path: Path, how: str
) -> None:
    """A loop of links played on without saving, naming only progress.json; a name too long
    for the system was "[Errno 36] File name too long: '…'"; a path of names each short
    enough, too long as a whole, played on with "progress.json was unreadable (File name
    too long)" and never saved."""
    if how == "loop-of-links":
        (tmp_path / "a").symlink_to(tmp_path / "b")
        (tmp_path / "b").symlink_to(tmp_path / "a")
        refused, folder = tmp_path / "a", tmp_path / "a" / "progress"
    elif how == "name-too-long":
        refused = folder = tmp_path / ("x" * 300)
    elif how == "name-too-long-to-make":  # under a folder not made yet: kept elsewhere, for good
        refused = folder = tmp_path / "new" / ("x" * 256)
    else:
        refused = folder = tmp_path.joinpath(*["d" * 200] * 25)
    status, _, err = run(capsys, "--data-dir", str(folder / "deeper"), "play", "1")
    lines = err.splitlines()
    assert status == 2 and len(lines) == 1 and "Errno" not in err
    assert lines[0].startswith(f"dartfit: {str(refused)[:20]}") and "(from --data-dir)" in err


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc or /sys here")
@pytest.mark.parametrize("given", ["/proc/dartfit-x/progress", "/sys/dartfit-x"])
def test_a_data_folder_that_can_not_be_made_is_refused_at_the_start(capsys, given: str) -> None:
    """Run as root, --data-dir /proc/x passed the check (root may write anywhere) but could
    not be made: the game played, each win kept elsewhere "until dartfit can write there",
    which it never could. A folder that can't be made, whatever the reason, is refused in
    one line, as the system says it (another user is refused for the permission)."""
    status, _, err = run(capsys, "--data-dir", given, "play", "1")
    lines = err.splitlines()
    assert status == 2 and len(lines) == 1 and "Errno" not in err, err
    assert lines[0].startswith(f"dartfit: {given}: can") and "(from --data-dir)" in err, err


def test_a_data_folder_to_be_made_is_not_made_by_the_look_before_play(tmp_path: Path) -> None:
    """Whether a folder can be made is seen by making it: it is removed again."""
    from dartfit.progress.obstacles import folder_in_the_way

    assert folder_in_the_way(tmp_path / "new" / "deeper") is None
    assert list(tmp_path.iterdir()) == []


def test_a_level_with_no_fixed_points_says_so_rather_than_export_a_header(capsys) -> None:
    """`export degree` printed `x,y` alone and succeeded."""
    status, out, err = run(capsys, "export", "degree")
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "no fixed points to export" in err


def test_the_levels_table_gives_as_best_possible_only_what_no_play_beats(capsys) -> None:
    """`dartfit levels` listed level 1's best possible as 0.402 (the bull's aim) and a player
    beat it with 0.128 (aiming a little left): a darts round's reference is no least (a
    player may aim elsewhere, throw by throw). Its cell says what it is, in parentheses; a
    line's least stands bare. Level 1's is beaten by a steady aim on its own key grid
    (found here by brute force, independent of the game)."""
    from dartfit.rules import darts

    status, out, _ = run(capsys, "levels")
    assert status == 0
    cells = {row.split()[1]: row for row in out.splitlines()[1:]}
    for level in load_levels(SHIPPED):
        if level.spec.kind not in ("darts", "darts-split"):
            continue
        shown = darts.darts_best_mse(level)
        step, axes = darts.aim_step(level), darts.spec(level).axes
        grid = [i * step / 10 for i in range(-60, 61)]  # fine keys: a tenth of a step
        aims = [(a, b) for a in grid for b in (grid if axes == 2 else [0.0])]
        least = min(darts.steady_aim_mse(level, aim) for aim in aims)
        assert least <= shown * (1 + 1e-12)  # a steady aim against the wind is a least of its
        if level.id == "first-throw":  # own; a throw aimed elsewhere may beat it (level 1's)
            assert least < shown / 3
        assert re.search(r"\((aiming [a-z ]+): [0-9.]+\)$", cells[level.id]), cells[level.id]
    assert re.search(r"first-line .* [0-9.]+$", cells["first-line"])  # a least stands bare


def test_the_levels_table_fits_an_80_column_terminal(monkeypatch) -> None:
    """`dartfit levels` printed rows 112 columns wide: in a terminal of 80 every row wrapped
    onto the next and the table could not be read. In a terminal too narrow for it, each
    level's best possible value goes on a line under its row; a pipe or a file still gets
    one row a level, whole, for a script."""
    from rich.cells import cell_len

    from dartfit.commands import BEST_UNDER, levels_table, terminal_width

    levels = load_levels(SHIPPED)
    whole = io.StringIO()
    levels_table(levels, whole, terminal_width(whole))
    rows = whole.getvalue().splitlines()
    assert len(rows) == len(levels) + 1 and max(map(cell_len, rows)) > 80
    narrow = io.StringIO()
    levels_table(levels, narrow, 80)
    lines = narrow.getvalue().splitlines()
    assert max(map(cell_len, lines)) <= 80, narrow.getvalue()
    said = [line.removeprefix(BEST_UNDER) for line in lines if line.startswith(BEST_UNDER)]
    bests = [row.split("  ")[-1].strip() for row in rows[1:]]
    assert said == [best for best in bests if best != "—"]
    assert [line.split()[1] for line in lines[1:] if not line.startswith(" ")] == [
        level.id for level in levels
    ]
    master, slave = os.openpty()  # a terminal: its width is asked for (COLUMNS first)
    with os.fdopen(slave, "w") as tty:
        monkeypatch.setenv("COLUMNS", "80")
        assert terminal_width(tty) == 80
    os.close(master)


def test_the_solve_report_wraps_at_an_80_column_terminal() -> None:
    """`dartfit solve crickets --method gd --steps 50` printed lines of 90 and 95 columns:
    in a terminal of 80 they broke mid-word. There they wrap at a word, indented; a pipe
    gets each line whole."""
    from rich.cells import cell_len

    from dartfit.commands import print_solve, solve

    level = next(level for level in load_levels(SHIPPED) if level.id == "crickets")
    report = solve(level, "gradient-descent", None, 50)
    whole, wrapped = io.StringIO(), io.StringIO()
    print_solve(report, False, whole, level)
    print_solve(report, False, wrapped, level, 80)
    assert max(map(cell_len, whole.getvalue().splitlines())) > 80
    lines = wrapped.getvalue().splitlines()
    assert max(map(cell_len, lines)) <= 80, wrapped.getvalue()
    assert wrapped.getvalue().split() == whole.getvalue().split()
    assert sum(not line.startswith("  ") for line in lines) == len(whole.getvalue().splitlines())


def test_the_levels_table_lines_up_wide_and_combining_titles(
    capsys, tmp_path: Path, shipped: Path
) -> None:
    """Padded by characters, a CJK or emoji title pushed its row's later columns right."""
    from rich.cells import cell_len

    text = (shipped / "05-first-line.toml").read_text(encoding="utf-8")
    titles = {"cjk": "二乗誤差の平均 🎯", "accents": "e\u0301e\u0301e\u0301", "plain": "Plain"}
    for i, (level_id, title) in enumerate(titles.items(), start=1):
        level = text.replace('id = "first-line"', f'id = "{level_id}"')
        level = "\n".join(
            f'title = "{title}"' if line.startswith("title = ") else line
            for line in level.splitlines()
        )
        (tmp_path / f"0{i}-{level_id}.toml").write_text(level, encoding="utf-8")
    status, out, _ = run(capsys, "--levels", str(tmp_path), "levels")
    rows = out.splitlines()
    assert status == 0 and len(rows) == 4
    starts = {cell_len(row[: row.index("MSE")]) for row in rows[1:]}
    assert len(starts) == 1, out  # the target column starts in the same cell on every row


def test_the_levels_table_cuts_a_title_too_wide_for_its_column_with_an_ellipsis(
    capsys, tmp_path: Path, shipped: Path
) -> None:
    """A title of 60 wide characters took 120 columns (the table was 190 wide); one of 60
    plain characters, as wide as a title may be, is shown whole."""
    from rich.cells import cell_len

    from dartfit.commands import TITLE_CELLS

    text = (shipped / "05-first-line.toml").read_text(encoding="utf-8")
    titles = {"cjk": "中" * 60, "odd": "a" + "中" * 59, "plain": "p" * 60}
    for i, (level_id, title) in enumerate(titles.items(), start=1):
        level = text.replace('id = "first-line"', f'id = "{level_id}"')
        level = level.replace('title = "Your first line"', f'title = "{title}"')
        (tmp_path / f"0{i}-{level_id}.toml").write_text(level, encoding="utf-8")
    status, out, _ = run(capsys, "--levels", str(tmp_path), "levels")
    rows = {row.split()[1]: row for row in out.splitlines()[1:]}
    assert status == 0 and "p" * 60 in rows["plain"]
    for level_id in ("cjk", "odd"):
        shown = rows[level_id].split()[3]
        assert shown.endswith("中…") and cell_len(shown) <= TITLE_CELLS, shown
    assert cell_len(rows["cjk"]) == cell_len(rows["plain"])


def test_the_levels_table_cuts_long_titles_to_fit_an_80_column_terminal(
    tmp_path: Path, shipped: Path
) -> None:
    """A title may hold 60 characters, and with it every row of a folder's table was over 80
    columns even with the best values under the rows: each wrapped in a terminal of 80. There
    the titles are cut to the room left, with "…"; a pipe still gets them whole."""
    from rich.cells import cell_len

    from dartfit.commands import levels_table

    text = (shipped / "05-first-line.toml").read_text(encoding="utf-8")
    titles = {"plain": "p" * 60, "wide": "中" * 60}
    for i, (level_id, title) in enumerate(titles.items(), start=1):
        level = text.replace('id = "first-line"', f'id = "{level_id}"')
        level = level.replace('title = "Your first line"', f'title = "{title}"')
        (tmp_path / f"0{i}-{level_id}.toml").write_text(level, encoding="utf-8")
    levels = load_levels(tmp_path)
    whole, narrow = io.StringIO(), io.StringIO()
    levels_table(levels, whole, None)
    levels_table(levels, narrow, 80)
    assert "p" * 60 in whole.getvalue()
    lines = narrow.getvalue().splitlines()
    assert max(map(cell_len, lines)) <= 80, narrow.getvalue()
    rows = {line.split()[1]: line.split()[3] for line in lines[1:] if not line.startswith(" ")}
    assert rows["plain"].startswith("p" * 40) and rows["plain"].endswith("…")
    assert rows["wide"].startswith("中" * 20) and rows["wide"].endswith("…")


def test_levels_says_a_level_has_no_target_rather_than_name_another_kinds_goal(
    capsys, tmp_path: Path, shipped: Path
) -> None:
    """A guess level written with a `factor` (which `check` refuses) has no target number:
    `levels` listed its goal as "pick the costliest", a points level's."""
    text = (shipped / "12b-guess.toml").read_text(encoding="utf-8")
    assert "\nvalue = " in text
    (tmp_path / "01-guess.toml").write_text(text.replace("\nvalue = ", "\nfactor = 0.8 #"))
    status, out, _ = run(capsys, "--levels", str(tmp_path), "levels")
    assert status == 0 and "pick" not in out
    assert "score: no target (`dartfit check` says why)" in out.splitlines()[1]


def test_check_refuses_a_level_won_before_the_first_key(capsys, write_level) -> None:
    """Generated y values that all round to 0 made the target MSE ≤ 0 and the start line
    (y = 0) met it: the level opened already won, with three stars for no key. The check
    now names the cause, the rounding (a level of 1e-6 misses hit it too)."""
    flat = (
        GOOD_LINE.replace("[data]\n", "[data.generate]\n")
        .replace(
            "x = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]",
            "n = 5\nslope = 0.0\nnoise = 0.001\ndecimals = 0",
        )
        .replace("value = 1.0", "factor = 2.0")
    )
    path = write_level(flat, "01-flat.toml")
    status, _, err = run(capsys, "check", str(path))
    assert status == 2 and err.splitlines() == [
        f"{path}: data.generate: every y rounds to 0 at 0 decimals: raise decimals or the "
        "slope and noise"
    ]


def test_check_refuses_a_prediction_of_wide_characters_too_tall_for_80_by_24(
    capsys, write_level
) -> None:
    """A choice may hold 60 characters: one row of the predict box in ASCII, two in CJK
    (中 is two cells). Four such choices under a long question pushed the keys and the last
    choice out of the box at 80×24, and `check` said all fine; the schema's longest question
    with four of the longest ASCII choices still passes."""
    ask = " ".join(["What will the line do when you press the key?"] * 9)[:400]
    asked = GOOD_LINE + (f'\n[predict]\nask = "{ask}"\nchoices = [{{}}]\nanswer = 1\n')
    wide = asked.replace("{}", ", ".join(f'"{c * 60}"' for c in "線点差均"))
    path = write_level(wide, "01-wide.toml")
    status, _, err = run(capsys, "check", str(path))
    assert status == 2 and err.splitlines() == [
        f"{path}: predict: its question and choices take 15 rows at 80×24; 11 are shown:"
        " shorten them"
    ]
    narrow = asked.replace("{}", ", ".join(f'"{c * 60}"' for c in "abcd"))
    status, _, err = run(capsys, "check", str(write_level(narrow, "01-wide.toml")))
    assert status == 0 and err == ""


def test_check_refuses_a_level_whose_start_line_already_wins(capsys, write_level) -> None:
    """Points on a line and the line to start from: won before the first key."""
    won = GOOD_LINE.replace("y = [1.0, 3.0, 5.5, 6.5]", "y = [1.0, 3.0, 5.0, 7.0]").replace(
        "value = 1.0", "value = 0.5\n\n[start]\nm = 2.0\nb = 1.0"
    )
    path = write_level(won, "01-won.toml")
    status, _, err = run(capsys, "check", str(path))
    assert status == 2 and err.splitlines() == [
        f"{path}: target: MSE ≤ 0.5 is met at the start (MSE 0)"
    ]


def test_check_refuses_a_goal_or_a_hint_too_long_to_read_at_80_columns(capsys, write_level) -> None:
    """The schema lets a goal and each hint hold 400 characters; at 80×24 the goal shows 2
    rows (its target after it) and a hint 3, so a longer one was cut with no way to read it."""
    words = " ".join(["word"] * 70)  # 349 characters
    long = GOOD_LINE.replace('goal = "Beat the target."', f'goal = "{words}"').replace(
        'hints = ["one", "two"]', f'hints = ["one", "{words}"]'
    )
    path = write_level(long, "01-long.toml")
    status, _, err = run(capsys, "check", str(path))
    assert status == 2 and err.splitlines() == [
        f"{path}: goal: takes 5 rows at 80 columns, with its target; 2 are shown: shorten it",
        f"{path}: hints[1]: takes 5 rows at 80 columns; 3 are shown: shorten it",
    ]


def test_the_game_starts_with_what_is_loaded_frozen_out_of_full_collections(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No collection runs while the game loads (what its imports make lives as long as it
    does); before it runs, what is loaded is frozen (a full collection over every object
    froze a nudge for 60 ms), the collector is on again and young objects are collected
    less often, never more often than the process already had them (the test workers' own,
    higher, threshold stays)."""
    import gc

    from dartfit import cli as cli

    seen: dict[str, object] = {}
    settle = cli.settle_the_heap

    def settled() -> None:
        seen["collecting as it loads"] = gc.isenabled()
        settle()

    def run() -> None:
        seen["frozen"], seen["threshold"] = gc.get_freeze_count(), gc.get_threshold()
        seen["collecting as it runs"] = gc.isenabled()

    game_stood_in(monkeypatch, run)
    monkeypatch.setattr(cli, "settle_the_heap", settled)
    before = gc.get_threshold()
    thresholds = []
    gc.unfreeze()  # what the test worker froze (tests/conftest.py): the count is the game's
    try:
        for young in (700, 10 * cli.YOUNG_OBJECTS):  # Python's default; a process's own, higher
            gc.set_threshold(young, 10, 10)
            assert main(["--data-dir", str(tmp_path), "play", "1"]) == 0
            assert seen["collecting as it loads"] is False and seen["collecting as it runs"]
            thresholds.append(seen["threshold"])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
        gc.enable()
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 10_000
    assert thresholds == [(cli.YOUNG_OBJECTS, 10, 10), (10 * cli.YOUNG_OBJECTS, 10, 10)]


def test_a_game_that_ends_before_it_runs_leaves_the_collector_on(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The collector, off while the game loads, is on again when `main` returns, even when
    the game ended before it ran (no terminal to run in)."""
    import gc

    from dartfit import cli as cli

    game_stood_in(monkeypatch)
    monkeypatch.setattr(cli.stdio, "terminal_problem", lambda: "not a terminal")
    try:
        assert main(["--data-dir", str(tmp_path), "play", "1"]) == 2
        assert gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "argv",
    [
        ["solve", "{}"],
        ["export", "{}"],
        ["lesson", "{}"],
        ["levels", "--levels", "{}"],
        ["solve", "1", "--method", "{}"],  # argparse's own messages: an invalid choice
        ["{}"],  # and an unknown command
    ],
    ids=["solve", "export", "lesson", "levels-folder", "method", "command"],
)
def test_a_huge_argument_is_echoed_cut_to_one_readable_line(capsys, argv: list[str]) -> None:
    """`dartfit solve aaaa…` (100,000 of them) said so in a line of 100 KB."""
    huge = "\x1b[31m" + "b" * 100_000
    status, _, err = run(capsys, *(a.format(huge) if a == "{}" else a for a in argv))
    assert status == 2 and err.count("\n") == 1 and len(err) <= 1_001
    assert "\x1b" not in err  # and what a terminal would act on is spelt out, not sent


@pytest.mark.parametrize(
    "argv",
    [
        ["check", ""],
        ["check", "  "],
        ["--levels", "", "levels"],
        ["fit", ""],
        ["play", "--data-dir", ""],
        ["host", "--keys", ""],
        ["host", "--export", "  "],
    ],
)
def test_an_empty_path_is_refused_naming_the_option(capsys, argv: list[str]) -> None:
    """As `.`, `check ""` read the current folder and `--data-dir ""` saved there; `host
    --keys ""` was refused as the folder ".", and `host --export "  "` wrote a file named
    by its spaces."""
    status, out, err = run(capsys, *argv)
    assert status == 2 and not out and err.count("\n") == 1
    assert err.startswith("dartfit: argument ") and "an empty one" in err


TILDE_PATHS = [
    (["play", "1", "--data-dir=~/saves"], "data_dir"),
    (["--levels=~/mine", "levels"], "levels"),
    (["fit", "~/heights.csv"], "csv"),
    (["check", "~/mine"], "paths"),
    (["host", "--keys=~/keys"], "keys"),
    (["host", "--export=~/class.csv"], "export"),
]


@pytest.mark.parametrize(("argv", "dest"), TILDE_PATHS)
def test_a_path_given_with_a_tilde_is_in_the_home_folder(monkeypatch, tmp_path, argv, dest) -> None:
    """The shell leaves `--data-dir=~/saves` as it is: the game checked ~/saves in the home
    folder, then saved in a folder named ~ in the folder it was started from."""
    monkeypatch.setenv("HOME", str(tmp_path))
    given = getattr(build_parser().parse_args(argv), dest)
    given = given[0] if isinstance(given, list) else given
    assert Path(given).parent == tmp_path


@pytest.mark.parametrize("argv", [argv for argv, _ in TILDE_PATHS] + [["play", "~/x.toml"]])
def test_a_tilde_of_no_user_is_one_line_naming_the_path(capsys, argv) -> None:
    """Python's expanduser raised "Could not determine home directory", said as an
    unexpected error (and, from DARTFIT_DATA_DIR, before every game)."""
    argv = [part.replace("~", "~nobody9") for part in argv]
    status, out, err = run(capsys, *argv)
    assert (status, out) == (2, "") and err.count("\n") == 1, err
    assert "no user nobody9 here, so ~nobody9 names no folder" in err and "unexpected" not in err


def test_a_data_dir_variable_of_no_user_is_one_line_naming_it(capsys, monkeypatch) -> None:
    monkeypatch.setenv("DARTFIT_DATA_DIR", "~nobody9/saves")
    status, _, err = run(capsys, "host", "--export", "-")
    assert status == 2 and err == (
        "dartfit: DARTFIT_DATA_DIR: ~nobody9/saves: no user nobody9 here, so ~nobody9 names no"
        " folder\n"
    )


@pytest.mark.parametrize(
    ("options", "named"),
    [(["--steps", "5"], "--steps"), (["--lr", "0.1", "--steps", "5"], "--lr and --steps")],
)
def test_steps_and_a_rate_given_to_the_exact_method_are_refused(capsys, options, named) -> None:
    """The closed form takes no steps: --steps and --lr were ignored without a word."""
    status, out, err = run(capsys, "solve", "first-line", *options)
    assert (status, out) == (2, "")
    assert err == (
        f"dartfit: {named}: for --method gradient-descent, momentum or adam (exact takes no"
        " steps)\n"
    )


@pytest.mark.parametrize(
    ("options", "refused"),
    [(["--steps", "5"], "--steps"), (["--method", "gd"], "--method gradient-descent")],
)
def test_a_constant_level_names_what_it_cannot_take_once(capsys, options, refused) -> None:
    """--steps sent to --method gd, and --method gd back to exact: round in a circle."""
    status, out, err = run(capsys, "solve", "mean-guess", *options)
    assert (status, out) == (2, "")
    assert err == (
        f"dartfit: level mean-guess fits a constant, solved exactly in one step: {refused}"
        " can't be used (leave out --method, --lr and --steps)\n"
    )


def test_a_rate_that_blows_up_at_once_says_so_not_after_0_steps(capsys, shipped: Path) -> None:
    status, out, _ = run(capsys, "solve", "first-line", "--method", "gd", "--lr", "1e308")
    assert status == 0
    assert "blew up on the first step" in out and "after 0 steps" not in out


@pytest.mark.parametrize("hidden", ["\n", "\x1b[2J", "\r", "\x07"])
def test_an_error_line_writes_a_hidden_character_in_a_path_as_an_escape(
    capsys, tmp_path, hidden
) -> None:
    """A hostile check: a CSV's name with a newline printed its error on two lines, one
    with ESC[2J cleared the player's terminal; a --data-dir the same. Every line dartfit
    says is one line, its hidden characters written as escapes."""
    csv = tmp_path / f"a{hidden}b.csv"
    csv.write_text("x,y\n1,abc\n", encoding="utf-8")
    status, _, err = run(capsys, "fit", str(csv))
    assert status == 2 and err.count("\n") == 1 and "abc" in err
    assert all(ch == "\n" or ch >= " " for ch in err), repr(err)
    assert "a\\x" in err  # the character named, not dropped
    blocked = tmp_path / f"f{hidden}x"
    blocked.write_text("", encoding="utf-8")
    status, _, err = run(capsys, "--data-dir", str(blocked / "sub"), "play", "5")
    assert status == 2 and err.count("\n") == 1 and "a file, not a folder" in err
    assert all(ch == "\n" or ch >= " " for ch in err), repr(err)


@pytest.mark.parametrize("value", ["bogus", "24bit", "\x1b[31m"])
def test_a_colour_system_textual_cannot_take_is_named_in_one_line(
    capsys, monkeypatch, value
) -> None:
    """TEXTUAL_COLOR_SYSTEM=bogus ended the game at start with "dartfit: bogus" (rich's
    KeyError, its text the key alone)."""
    monkeypatch.setenv("TEXTUAL_COLOR_SYSTEM", value)
    status, _, err = run(capsys, "play", "5")
    assert status == 2 and err.count("\n") == 1
    assert err.startswith("dartfit: TEXTUAL_COLOR_SYSTEM=") and "truecolor" in err


@pytest.mark.parametrize("where", ["missing-folder", "pipe", "folder", "loop"])
def test_a_log_file_textual_cannot_write_is_named_in_one_line(
    capsys, monkeypatch, tmp_path: Path, where: str
) -> None:
    """TEXTUAL_LOG in a missing folder ended the game at start with "dartfit: [Errno 2] No
    such file or directory: …"; on a pipe with no reader, the game hung on a blank screen."""
    log = tmp_path / "game.log"
    if where == "missing-folder":
        log = tmp_path / "no-such" / "game.log"
    elif where == "pipe":
        os.mkfifo(log)
    elif where == "folder":
        log.mkdir()
    else:
        log.symlink_to(log)
    monkeypatch.setenv("TEXTUAL_LOG", str(log))
    status, _, err = run(capsys, "play", "5")
    assert status == 2 and err.count("\n") == 1 and "Errno" not in err
    assert err.startswith("dartfit: TEXTUAL_LOG=") and "game.log" in err


def test_a_blank_log_file_is_no_log_file(capsys, monkeypatch, tmp_path: Path) -> None:
    """TEXTUAL_LOG="  " made a file named by its spaces in the current folder (empty, it
    was already unset)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEXTUAL_LOG", "  ")
    # progress kept beside, not in the real home (CI's had no writable ~/.local once)
    monkeypatch.setenv("DARTFIT_DATA_DIR", str(tmp_path.parent / f"{tmp_path.name}-data"))
    status, _, err = run(capsys, "play", "5")
    assert status == 2 and "TEXTUAL_LOG" not in err and "needs a terminal" in err
    assert not list(tmp_path.iterdir()) and "TEXTUAL_LOG" not in os.environ


def test_a_log_file_textual_can_write_is_left_to_it(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("TEXTUAL_LOG", str(tmp_path / "game.log"))
    monkeypatch.setenv("DARTFIT_DATA_DIR", str(tmp_path / "data"))  # not the real home
    status, _, err = run(capsys, "play", "5")
    assert status == 2 and "TEXTUAL_LOG" not in err and "needs a terminal" in err


@pytest.mark.parametrize(
    ("argv", "see"),
    [
        (["play", "1", "2"], "dartfit play --help"),
        (["solve", "1", "--x"], "dartfit solve --help"),
        (["levels", "extra"], "dartfit levels --help"),
        (["--bogus"], "dartfit --help"),
    ],
)
def test_a_word_too_many_points_at_its_own_commands_help(capsys, argv, see) -> None:
    """`dartfit play 1 2` said "(see: dartfit --help)", whose page does not list play's
    arguments."""
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == ""
    assert err.strip().endswith(f"(see: {see})") and err.count("\n") == 1, err


def test_solve_counts_one_step_in_the_singular(capsys) -> None:
    """A run that blew up at its first step printed "1 steps, diverged"."""
    status, out, _ = run(capsys, "solve", "first-line", "--method", "gd", "--lr", "1000")
    assert status == 0 and "\n1 step, diverged: " in out, out


@pytest.mark.parametrize("method", ["gd", "momentum", "adam"])
def test_solve_reports_the_methods_own_largest_stable_rate(capsys, method) -> None:
    """`--json` gave gd's largest stable rate for momentum (whose own reason in the same
    output named 0.04201) and for adam, which has none."""
    import json

    from dartfit.core.stepping import MOMENTUM_BETA
    from dartfit.levels import find_level, load_levels
    from tests.conftest import SHIPPED

    level = find_level(load_levels(SHIPPED), "slope")
    status, out, _ = run(capsys, "solve", "slope", "--method", method, "--steps", "5", "--json")
    assert status == 0
    report = json.loads(out)
    gd = core.max_stable_learning_rate(level.x)
    expected = {"gd": gd, "momentum": gd * (1 + MOMENTUM_BETA), "adam": None}[method]
    assert report["max_stable_learning_rate"] == (
        expected if expected is None else pytest.approx(expected, rel=1e-12)
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("solve", "too-hot"),  # diverges: its reason's numbers
        ("solve", "first-line", "--method", "gd", "--steps", "3"),  # stopped: "still … above"
        ("solve", "first-line", "--method", "gd"),  # converged: "within 6.5e-08 of"
    ],
)
def test_solve_writes_every_number_as_the_game_does(capsys, argv) -> None:
    """A hostile pass: "6.47e-08" on one line and "6.5e−8" on the next, since the descent's
    reasons were written by Python's format, beside numbers `num` wrote."""
    status, out, _ = run(capsys, "--levels", str(SHIPPED), *argv)
    assert status == 0
    assert not re.search(r"\de[+-]|(?<![\w.])-\d", out), out


EXACT_LINE = (
    GOOD_LINE.replace("x = [0.0, 1.0, 2.0, 3.0]", "x = [1.0, 2.0, 3.0, 4.0]")
    .replace("y = [1.0, 3.0, 5.5, 6.5]", "y = [1.7, 3.9, 6.1, 8.3]")
    .replace(
        '[target]\nmetric = "mse"\nvalue = 1.0',
        '[start]\nm = 0\nb = 0\n\n[target]\nmetric = "mse"\nfactor = 1.5',
    )
)


def test_solve_reads_an_exact_fit_as_the_game_does(capsys, write_level) -> None:
    """Points on one line: the game shows MSE 0 and ★★★ at the best line, and `check` and
    `levels` say the target is MSE ≤ 0; solve said "MSE = 2.58845e−31 … not beaten" of that
    very line (a hostile pass). Every MSE solve prints is read as the game reads it (a
    descent stops within its gap of the best, 1e−25 here, which no target of 0 takes)."""
    folder = str(write_level(EXACT_LINE).parent)
    assert run(capsys, "check", folder)[0] == 0
    status, out, err = run(capsys, "solve", "demo", "--levels", folder)
    assert status == 0, err
    assert "MSE = 0 " in out and "MSE ≤ 0: beaten" in out, out
    report = json.loads(run(capsys, "solve", "demo", "--levels", folder, "--json")[1])
    assert report["beaten"] is True and report["mse"] == report["loss"] == 0


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["levels", "--seed", "5"], "levels takes no --seed (play, lesson and fit take it)"),
        (["play", "1", "--json"], "play takes no --json (solve takes it)"),
        (["lessons", "--all-open"], "lessons takes no --all-open (play, lesson and fit take it)"),
        (["levels", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_an_option_of_another_command_is_said_to_be_that_commands(capsys, argv, says) -> None:
    """`dartfit levels --seed 5` said "unrecognized arguments: --seed 5", though --seed is an
    option of dartfit's: the line says which commands take it."""
    status, _, err = run(capsys, *argv)
    assert status == 2 and len(err.splitlines()) == 1
    assert err.startswith(f"dartfit: {says}"), err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["crickets", "--method", "gd", "--steps", "20000"], "\nStopped after 20,000 steps "),
        (["first-line", "--method", "gd"], "\nConverged after "),
    ],
)
def test_solve_says_how_a_run_ended_and_its_steps_once(capsys, argv, said) -> None:
    """`dartfit solve 9 --method gd` printed "200000 steps, stopped: stopped after 200,000
    steps before converging": how it ended said twice, the count once without its thousands
    separator."""
    status, out, _ = run(capsys, "solve", *argv)
    assert status == 0 and said in out, out
    ended = next(row for row in out.splitlines() if "after" in row)
    words = ended.lower()
    assert ended.count("steps") == 1 and words.count("stopped") + words.count("converged ") == 1


def test_solve_writes_the_model_as_the_game_does(capsys) -> None:
    """`dartfit solve` said "fits a line y = m x + b" where every screen says ŷ = m·x + b."""
    status, out, _ = run(capsys, "solve", "first-line")
    assert status == 0 and out.startswith("level first-line: fits a line ŷ = m·x + b,"), out


def test_solve_gives_the_gap_to_the_best_once_in_one_form(capsys) -> None:
    """`dartfit solve 9 --method gd` said the gap "3.27e−5" in how the run ended and
    "3.3e−5" two lines on: one number, two readings."""
    status, out, _ = run(capsys, "solve", "crickets", "--method", "gd")
    said = re.findall(r"still ([0-9.e−]+) above|\(gap ([0-9.e−]+)\)", out)
    gaps = {a or b for a, b in said}
    assert status == 0 and len(said) == 2 and len(gaps) == 1, out


def test_a_folder_of_more_level_files_than_a_campaign_plays_is_refused_in_a_line(
    capsys, tmp_path: Path
) -> None:
    """10,000 level files showed a blank screen for 20 s as they were read, and the palette
    took 2 s a key at 3,000: a campaign plays at most MOST_LEVEL_FILES from one folder;
    `check` checks them all."""
    from dartfit.levels.load import MOST_LEVEL_FILES

    folder = tmp_path / "levels"
    folder.mkdir()
    for n in range(MOST_LEVEL_FILES + 1):
        text = GOOD_LINE.replace('id = "demo"', f'id = "l{n}"')
        (folder / f"{n:04}.toml").write_text(text, encoding="utf-8")
    for command in (["levels"], ["play", "1"]):
        status, out, err = run(capsys, *command, "--levels", str(folder))
        assert status == 2 and out == "", (command, out)
        (line,) = err.strip().splitlines()
        assert str(folder) in line and f"holds {MOST_LEVEL_FILES + 1} level files" in line, line
    (folder / "0000.toml").unlink()
    status, out, _ = run(capsys, "levels", "--levels", str(folder))
    assert status == 0 and out.count("\n") >= MOST_LEVEL_FILES


def test_fit_given_a_dash_says_it_reads_a_file_not_standard_input(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dartfit fit -` said "-: can't read: No such file or directory"; a file named - is
    still read as ./- would be."""
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "fit", "-")
    assert status == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert "not standard input" in line and "./-" in line, line
    (tmp_path / "-").write_text("x,y\n1,2\n2,3\n3,5\n", encoding="utf-8")
    from dartfit.cli import _fit_data

    args, _ = build_parser().parse_known_args(["fit", "-"])
    assert list(_fit_data(args).y) == [2.0, 3.0, 5.0]  # the file named -


@pytest.mark.parametrize(
    "argv",
    [
        ["fit", "x.csv/"],
        ["check", "ramp.toml/"],
        ["solve", "ramp.toml/"],
        ["export", "ramp.toml/"],
        ["play", "ramp.toml/"],
        ["--data-dir", "x.csv/", "levels"],
        ["--levels", "ramp.toml/", "levels"],
    ],
)
def test_a_file_named_with_a_last_separator_is_refused_as_the_system_refuses_it(
    tmp_path: Path, dartfit_here: Callable[..., subprocess.CompletedProcess[str]], argv: list[str]
) -> None:
    """A hostile pass: `fit x.csv/` loaded x.csv and `solve ramp.toml/` solved ramp.toml
    (Python's paths drop a last /, which names a folder: `cat x.csv/` says "Not a
    directory"). One line naming what was given, status 2."""
    (tmp_path / "x.csv").write_text("x,y\n1,2\n2,3\n3,5\n", encoding="utf-8")
    shutil.copy(SHIPPED / "05-first-line.toml", tmp_path / "ramp.toml")
    done = dartfit_here(*argv, cwd=tmp_path)
    given = next(arg for arg in argv if arg.endswith("/"))
    assert done.returncode == 2, done
    assert done.stderr.count("\n") == 1 and f'"{given}" ends in a separator' in done.stderr, done
    assert "but it is a file" in done.stderr


@pytest.mark.parametrize("broken", ["loop", "nowhere"])
@pytest.mark.parametrize(
    "argv",
    [
        ["export", "{toml}"],  # a bare name: "nor a level file loop.toml here"
        ["solve", "./{toml}"],  # a path: "can't read: No such file or directory"
        ["fit", "{csv}"],
        ["check", "{toml}"],
        ["--levels", "{folder}", "levels"],  # "no such folder of levels"
        ["--data-dir", "{folder}", "play", "1"],
        ["host", "--data-dir", "host", "--keys", "{csv}"],  # "no such file or directory"
    ],
    ids=["export", "solve", "fit", "check", "levels", "data-dir", "host-keys"],
)
def test_a_link_to_nothing_is_said_to_be_one(
    tmp_path: Path,
    dartfit_here: Callable[..., subprocess.CompletedProcess[str]],
    argv: list[str],
    broken: str,
) -> None:
    """A link that leads nowhere, or back to itself, is a name `ls` shows: every command
    says what it is, as check did, not that nothing is there nor the system's 'Too many
    levels of symbolic links'."""
    names = {"toml": "mine.toml", "csv": "mine.csv", "folder": "mine"}
    for name in names.values():
        if broken == "loop":
            (tmp_path / name).symlink_to(name)
        else:
            (tmp_path / name).symlink_to(tmp_path / "gone" / name)
    done = dartfit_here(*(arg.format(**names) for arg in argv), cwd=tmp_path)
    said = "a link that leads back to itself" if broken == "loop" else "which does not exist"
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done
    assert said in done.stderr and "no such" not in done.stderr.lower(), done.stderr


@pytest.mark.parametrize(
    "argv",
    [["\udcff"], ["solve", "5", "--method", "gd\udcff"], ["play", "--bogus\udcff"]],
    ids=["command", "choice", "option"],
)
def test_a_byte_of_an_argument_that_is_not_utf8_is_said_as_that_byte(
    dartfit_here: Callable[..., subprocess.CompletedProcess[str]], argv: list[str]
) -> None:
    """argparse's own refusals wrote such a byte as Python keeps it, '\\udcff'; every other
    line writes it '\\xff' (as `dartfit lesson $'\\xff'` does)."""
    done = dartfit_here(*argv)
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done
    assert "\\xff" in done.stderr and "\\udc" not in done.stderr, done.stderr
