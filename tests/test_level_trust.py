"""Hostile level files: `dartfit check` reports every problem of every file, one line each,
naming the file; the game's loader turns any bad file into one LevelError naming it."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest

from dartfit.cli import main
from dartfit.commands import check_paths
from dartfit.kinds import KINDS, Kind, rules_of
from dartfit.levels import LevelError, find_level, inspect_level, load_level, load_levels
from dartfit.rules import fit, linear, points, scoring
from tests.conftest import GOOD_LINE, REPO, scaled_level
from tests.test_save_path_obstacles import as_a_player

HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def check(capsys, *paths: Path | str) -> tuple[int, str, str]:
    """Run `dartfit check` in-process: (status, stdout, stderr)."""
    status = main(["check", *map(str, paths)])
    out, err = capsys.readouterr()
    return status, out, err


def assert_clean_lines(err: str) -> list[str]:
    """Every line names a file, nothing raw reaches the terminal, no unexpected error."""
    lines = err.splitlines()
    for line in lines:
        assert "unexpected" not in line, line
        assert not HIDDEN.search(line), repr(line)
        assert re.match(r"^\S.*?\.toml: ", line) or line.startswith("dartfit: "), line
    return lines


# ---- deep structures ------------------------------------------------------------------------
DEEP = {
    "arrays": lambda n: "[models]\na = " + "[" * n + "]" * n + "\n",
    "inline-tables": lambda n: "[models]\na = " + "{a = " * n + "1" + "}" * n + "\n",
    "mixed": lambda n: "[models]\na = " + "[{a = " * n + "1" + "}]" * n + "\n",
    "dotted-header": lambda n: "[" + ".".join(["t"] * n) + "]\nb = 1\n",
    "dotted-key": lambda n: "[models]\n" + ".".join(["k"] * n) + " = 1\n",
}


@pytest.mark.parametrize("shape", sorted(DEEP))
@pytest.mark.parametrize("depth", [12, 300, 5000, 50_000])
def test_deep_nesting_is_one_line_for_its_file_and_the_other_files_are_still_checked(
    capsys, write_level, shape, depth
) -> None:
    deep = write_level(GOOD_LINE + DEEP[shape](depth), "01-deep.toml")
    write_level(GOOD_LINE.replace('"demo"', '"fine"'), "02-fine.toml")
    also = write_level(GOOD_LINE.replace('"demo"', '"bad"').replace("1.0\n", '"x"\n'), "03.toml")
    status, _, err = check(capsys, deep.parent)
    lines = assert_clean_lines(err)
    assert status == 2
    assert any(line.startswith(f"{deep}: ") and "nested" in line for line in lines), err
    assert any(line.startswith(f"{also}: target.value: ") for line in lines), err
    assert not any("02-fine" in line for line in lines), err
    with pytest.raises(LevelError, match=re.escape(f"{deep}: ")):
        load_level(deep)


def test_the_game_loader_names_the_file_for_a_deep_file(write_level) -> None:
    write_level(GOOD_LINE + DEEP["arrays"](5000), "02-deep.toml")
    with pytest.raises(LevelError) as caught:
        load_levels(write_level().parent)
    assert str(caught.value).startswith(f"{write_level().parent / '02-deep.toml'}: ")


# ---- every problem, not only the first ----------------------------------------------------
def test_check_reports_every_problem_of_a_file(capsys, write_level) -> None:
    text = (
        GOOD_LINE.replace('title = "Demo"', "title = 3")
        .replace('lesson = "training"', 'lesson = "training"\nsurprise = 1')
        .replace("y = [1.0, 3.0, 5.5, 6.5]", "y = [1.0, nan, 5.5, inf]")
        .replace('metric = "mse"', 'metric = "rmse"')
        .replace('goal = "Beat the target."', 'goal = "Beat \\u001b[31mthe target."')
    )
    path = write_level(text)
    status, _, err = check(capsys, path)
    lines = assert_clean_lines(err)
    keys = [line.removeprefix(f"{path}: ").split(": ")[0] for line in lines]
    assert status == 2
    for key in ("title", "surprise", "data.y[1]", "target.metric", "goal"):
        assert key in keys, err
    assert len(lines) == len(set(lines))


def test_many_bad_numbers_in_one_list_are_one_line(capsys, write_level) -> None:
    xs = ", ".join(str(float(i)) for i in range(5000))
    ys = ", ".join(["nan"] * 5000)
    path = write_level(
        GOOD_LINE.replace("[0.0, 1.0, 2.0, 3.0]", f"[{xs}]").replace(
            "[1.0, 3.0, 5.5, 6.5]", f"[{ys}]"
        )
    )
    status, _, err = check(capsys, path)
    lines = assert_clean_lines(err)
    assert status == 2 and len(lines) == 1 and "data.y[0]" in lines[0] and "4,999 more" in err


def test_every_wrong_item_of_a_list_is_said_and_a_long_list_is_counted(capsys, write_level) -> None:
    text = GOOD_LINE.replace('hints = ["one", "two"]', 'hints = ["one", 2, "three", false]')
    path = write_level(text.replace("x = [0.0, 1.0, 2.0, 3.0]", "x = " + str(["a"] * 5000)))
    status, _, err = check(capsys, path)
    lines = assert_clean_lines(err)
    assert status == 2
    assert any("hints[1]: expected text" in line and "got 2" in line for line in lines), err
    assert any("hints[3]: expected text" in line and "got false" in line for line in lines), err
    x = [line for line in lines if ": data.x[" in line]
    assert [line.split(": ")[1] for line in x] == ["data.x[0]", "data.x[1]", "data.x[2]"], err
    assert x[-1].endswith("(and 4,997 more in data.x)"), err


# ---- hostile files of other kinds -----------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"schema = " + b"9" * 5000 + b"\n", "not valid TOML"),
        # the line, the byte and what it is in Windows-1252: it was "not UTF-8 text (byte 11)"
        (b"schema = 1\n" + b"\xff\xfe", "line 2: not UTF-8 text (byte 0xff, ÿ in Windows-1252)"),
        ("a\nb\ntitle = 'Ta première'".encode("cp1252"), "line 3: not UTF-8 text (byte 0xe8, è"),
        (b"title = '" + b"a" * 3_000_000 + b"'\n", "MB"),
        # Notepad's "Unicode", named as what it is (as a CSV's is): it read "not UTF-8 text
        # (byte 0)", or, with no byte order mark, as TOML with a zero byte in it
        ("schema = 1\n".encode("utf-16"), "UTF-16 text (its byte order mark says so): save"),
        ("schema = 1\n".encode("utf-16-le"), "UTF-16 text (a zero byte beside each letter)"),
        ("schema = 1\n".encode("utf-32"), "UTF-32 text (its byte order mark says so)"),
    ],
    ids=["huge-int", "not-utf8", "cp1252", "huge-file", "utf16", "utf16-unmarked", "utf32"],
)
def test_a_file_that_cannot_be_read_is_one_line(capsys, write_level, content, words) -> None:
    path = write_level()
    path.write_bytes(content)
    status, _, err = check(capsys, path)
    (line,) = assert_clean_lines(err)
    assert status == 2 and line.startswith(f"{path}: ") and words in line


def test_every_error_line_escapes_what_a_terminal_would_run(capsys, write_level) -> None:
    evil = write_level(GOOD_LINE.replace("[data]", '[data]\n"\\u001b]0;owned\\u0007" = 1'))
    named = write_level(name="01-\x1b[31mred.toml")
    named.write_text(GOOD_LINE.replace("value = 1.0", "value = -1.0"), encoding="utf-8")
    status, _, err = check(capsys, evil.parent)
    lines = assert_clean_lines(err)
    assert status == 2 and len(lines) == 2
    assert "\\x1b" in err


# ---- text shown on screen -----------------------------------------------------------------
HIDDEN_CHARS = ["\x1b[31m", "\x07", "\x00", "\x7f", "\x85", "\x9b", "\u202e", "\u200b",
                "\u2066", "\ufeff", "\u00ad", "\u2028", "\t", "\u3164", "\ue000", "\U000e0041",
                "\u061c", "\u180e"]  # fmt: skip
FIELDS = {
    "title": ('title = "Demo"', 'title = "De{c}mo"'),
    "goal": ('goal = "Beat the target."', 'goal = "Beat{c} the target."'),
    "what_you_saw": ('what_you_saw = "You saw it."', 'what_you_saw = "You{c} saw it."'),
    "hints[1]": ('hints = ["one", "two"]', 'hints = ["one", "t{c}wo"]'),
    "chapter": ('title = "Demo"', 'title = "Demo"\nchapter = "Ch{c}apter"'),
}


def _toml_escape(text: str) -> str:
    return "".join(c if (c.isascii() and c.isalnum()) or c in "[];" else _escape(c) for c in text)


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}"


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("hidden", HIDDEN_CHARS, ids=lambda c: f"U+{ord(c[0]):04X}")
def test_hidden_characters_are_stripped_in_the_game_and_refused_by_check(
    capsys, write_level, field, hidden
) -> None:
    old, new = FIELDS[field]
    path = write_level(GOOD_LINE.replace(old, new.format(c=_toml_escape(hidden))))
    level = load_level(path)
    spec = level.spec
    for text in (spec.title, spec.goal, spec.what_you_saw, spec.chapter, *spec.hints):
        assert all(unicodedata.category(c)[0] not in "CZ" or c == " " for c in text), repr(text)
        assert not set(hidden.strip("[31m")) & set(text), repr(text)
    assert "[31m" not in spec.title or "\x1b" not in spec.title
    status, _, err = check(capsys, path)
    (line,) = assert_clean_lines(err)
    assert status == 2 and line.startswith(f"{path}: {field}: ")


def test_a_multi_line_story_keeps_its_lines(write_level) -> None:
    path = write_level(GOOD_LINE.replace('"You saw it."', '"""\nYou saw\nit.\n"""'))
    assert load_level(path).spec.what_you_saw == "You saw\nit.\n"
    assert check_paths([str(path)]) == (1, [])


def test_an_overlong_title_is_refused(write_level) -> None:
    path = write_level(GOOD_LINE.replace('"Demo"', '"' + "D" * 5000 + '"'))
    with pytest.raises(LevelError, match=r": title: expected text of 1 to \d+ characters"):
        load_level(path)


# ---- keys that move nothing -----------------------------------------------------------------
BIG_Y = GOOD_LINE.replace("[1.0, 3.0, 5.5, 6.5]", "[1e9, 1e9, 1e9, 1e9]").replace(
    "value = 1.0", "factor = 2.0"
)
TINY_STEPS = {
    "m-step-rounds-to-nothing": (
        GOOD_LINE.replace("[target]", "[controls]\nm_step = 1e-320\n\n[target]"),
        "controls.m_step",
    ),
    "b-step-lost-next-to-b": (
        GOOD_LINE.replace("[target]", "[start]\nb = 1e9\n\n[controls]\nb_step = 1e-7\n\n[target]"),
        "controls.b_step",
    ),
    "derived-b-step-lost": (  # refused first for its data: y too narrow to draw lines for
        BIG_Y.replace("[1e9, 1e9, 1e9, 1e9]", "[5e8, 500000000.0000001, 5e8, 5e8]"),
        "data.y",
    ),
    "m-step-lost-next-to-m": (
        GOOD_LINE.replace("[target]", "[start]\nm = 1e9\n\n[controls]\nm_step = 1e-7\n\n[target]"),
        "controls.m_step",
    ),
    "point-step": (
        GOOD_LINE.replace('kind = "line"', 'kind = "points"')
        .replace("[target]", "[controls]\npoint_step = 1e-300\n\n[target]")
        .replace("value = 1.0", 'type = "at_least"\nfactor = 1.5'),
        "controls.point_step",
    ),
}


@pytest.mark.parametrize("case", sorted(TINY_STEPS))
def test_a_key_step_that_moves_nothing_is_refused(write_level, case) -> None:
    text, key = TINY_STEPS[case]
    path = write_level(text)
    fine, found = check_paths([str(path)])
    assert fine == 0
    assert any(line.startswith(f"{path}: {key}: ") for line in found), found


@pytest.mark.parametrize("key", ["m_step", "b_step", "point_step"])
@pytest.mark.parametrize("step", [5e-324, 1e-310, 1e-101])
def test_a_key_step_too_fine_to_divide_by_is_refused_by_the_game_naming_it(
    write_level, key, step
) -> None:
    # 5e-324 ended the game at start (a tenth of it is 0); 1e-310, the best line that many
    # tenths away is infinitely many
    text = GOOD_LINE.replace("[target]", f'[controls]\nturn = "centre"\n{key} = {step!r}\n[target]')
    with pytest.raises(LevelError, match=rf"controls\.{key}: expected a number ≥ "):
        load_level(write_level(text))


def test_the_finest_key_step_still_opens_a_line_turned_about_its_centre(write_level) -> None:
    from dartfit.levels.spec import SMALLEST_STEP

    steps = f"m_step = {SMALLEST_STEP!r}\nb_step = {SMALLEST_STEP!r}"
    text = GOOD_LINE.replace("[target]", f'[controls]\nturn = "centre"\n{steps}\n[target]')
    level = load_level(write_level(text))
    assert all(isinstance(n, int) for n in fit.shown_decimals(level))
    assert math.isfinite(linear.best_on_key_grid(level))


def test_an_id_longer_than_a_title_is_refused_and_one_as_long_is_kept(write_level) -> None:
    """Ids of 1.5 MB passed: two wins made a save of 3 MB, which the next start put aside
    whole, with every star in it."""
    longest = "a" * 60
    level = load_level(write_level(GOOD_LINE.replace('id = "demo"', f'id = "{longest}"')))
    assert level.id == longest
    with pytest.raises(LevelError, match=r": id: expected text .* of 1 to 60 characters"):
        load_level(write_level(GOOD_LINE.replace('id = "demo"', f'id = "{longest}b"')))


def test_the_shipped_steps_all_move(shipped: Path) -> None:
    for level in load_levels(shipped):
        assert rules_of(level).key_problems(level) == [], level.id


# ---- what a kind can't show ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        (
            GOOD_LINE.replace('kind = "line"', 'kind = "bias-variance"').split("[data]")[0]
            + "[models]\nn_train = 1000\nn_sets = 5000\nmax_degree = 12\n"
            + '[target]\ntype = "pick_degree"\n',
            "models",
            "at most",
        ),
        (
            GOOD_LINE.replace('kind = "line"', 'kind = "darts"').split("[data]")[0]
            + "[darts]\naxes = 1\nrounds = [["
            + ", ".join(["1.0"] * 3000)
            + "], [0.5]]\n"
            + '[target]\ntype = "pick_worse"\n',
            "darts.rounds[0]",
            "at most 50",
        ),
    ],
    ids=["bias-variance-sweep", "darts-round"],
)
def test_a_level_too_big_for_its_kind_names_the_limit(write_level, text, key, words) -> None:
    path = write_level(text)
    fine, found = check_paths([str(path)])
    assert fine == 0 and len(found) == 1
    assert found[0].startswith(f"{path}: {key}: ") and words in found[0], found


def test_a_huge_key_or_value_is_cut_short_in_its_line(capsys, write_level) -> None:
    huge = "k" * 100_000
    path = write_level(
        GOOD_LINE.replace("[data]", f"[data]\n{huge} = 1").replace('"mse"', f'"{huge}"')
    )
    status, _, err = check(capsys, path)
    lines = assert_clean_lines(err)
    assert status == 2 and len(lines) == 2
    assert all(len(line) < len(str(path)) + 200 for line in lines), [len(x) for x in lines]


@pytest.mark.parametrize("command", [["levels"], ["play", "demo"]])
@pytest.mark.parametrize("shape", ["arrays", "inline-tables"])
def test_starting_on_a_bad_folder_is_one_line_naming_the_file(
    capsys, write_level, command, shape
) -> None:
    write_level()
    deep = write_level(GOOD_LINE.replace('"demo"', '"deep"') + DEEP[shape](5000), "02-deep.toml")
    status = main(["--levels", str(deep.parent), *command])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith(f"dartfit: {deep}: models.a: nested more than"), line


@pytest.mark.parametrize("command", [["levels"], ["play", "1"], ["check"]])
def test_a_folder_of_levels_the_player_may_not_read_is_said_so(write_level, command) -> None:
    """A glob of it found nothing: it "holds no .toml level files" (a hostile pass)."""
    folder = write_level().parent
    folder.chmod(0)
    try:
        where = [str(folder)] if command == ["check"] else ["--levels", str(folder)]
        run = subprocess.run(
            [*as_a_player(), sys.executable, "-m", "dartfit", *command, *where],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=60,
        )
    finally:
        folder.chmod(0o755)
    said = f"{folder}: can't read this folder of levels: Permission denied\n"
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == said if command == ["check"] else run.stderr == f"dartfit: {said}"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ("x = [1e-300, 2e-300, 3e-300]\ny = [1.0, 5.0, 2.0]", "data.x"),  # the solver's NaN
        ("x = [1.0, 2.0, 3.0]\ny = [1e-300, 5e-300, 2e-300]", "data.y"),  # squares underflow
        ("x = [1e8, 100000000.00001, 1e8]\ny = [1.0, 5.0, 2.0]", "data.x"),
    ],
)
def test_points_too_close_for_float64_are_refused_as_a_csvs_columns_are(
    write_level, data: str, key: str
) -> None:
    path = write_level(
        GOOD_LINE.replace("x = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]", data)
    )
    fine, found = check_paths([str(path)])
    assert fine == 0 and len(found) == 1 and found[0].startswith(f"{path}: {key}: varies by only")
    with pytest.raises(LevelError):  # and never opened to crash on a key
        load_level(path)


def _of_kind(kind: Kind, data: str) -> str:
    """GOOD_LINE as a level of `kind` (its first target), on `data`."""
    text = GOOD_LINE.replace('kind = "line"', f'kind = "{kind.name}"')
    text = text.replace('metric = "mse"', f'type = "{kind.targets[0]}"\nmetric = "mse"')
    if kind.refits:
        text = text.replace("[target]", '[model]\nfit = "least-squares"\n\n[target]')
    return text.replace("x = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]", data)


DATA_KINDS = [kind for kind in KINDS.values() if kind.needs == "data"]


@pytest.mark.parametrize("kind", DATA_KINDS, ids=lambda kind: kind.name)
@pytest.mark.parametrize(
    ("data", "said"),
    [
        (
            "x = [1.0, 2.0, 3.0]\ny = [2.0, 2.0, 2.0]",
            "data.y: all y values are equal (2): the best line is flat through them",
        ),
        (
            "[data.generate]\nn = 12\nslope = 0.0\nnoise = 0.0\nintercept = 2.0",
            "data.generate: every y is 2 (slope and noise are 0): the best line is flat"
            " through them; give a slope or noise",
        ),
    ],
    ids=["inline", "generated"],
)
def test_points_of_one_height_are_refused_in_one_line_as_a_csvs_flat_column_is(
    write_level, kind: Kind, data: str, said: str
) -> None:
    """y = [2, 2, 2] under a target of twice the best MSE was "target: MSE ≤ 0 is
    20,000,000,000 key presses from the start" (the keys' steps come from y's spread, 0),
    and a descent level of them passed; the sandbox refuses a CSV of them, plainly."""
    path = write_level(_of_kind(kind, data))
    fine, found = check_paths([str(path)])
    assert fine == 0 and found == [f"{path}: {said}"], found
    with pytest.raises(LevelError, match="flat through them"):  # nor opened by the game
        _ = load_level(path).y  # (generated points are made when first asked for)


def test_generated_points_too_close_for_float64_are_refused(write_level) -> None:
    text = GOOD_LINE.replace(
        "x = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]",
        "[data.generate]\nn = 20\nx_min = 1.0\nx_max = 1.000000000001\nslope = 2.0\n"
        "intercept = 1.0",
    )
    path = write_level(text)
    fine, found = check_paths([str(path)])
    assert fine == 0 and any(f"{path}: data.generate: x from x_min to x_max" in f for f in found)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('id = "demo"', 'id = "3"'), "id"),  # `play 3` opened level 1 instead
        (('title = "Demo"', 'title = "   "'), "title"),
        (('title = "Demo"', 'title = "\\u200b\\u200b"'), "title"),  # zero-width: left out
        (('hints = ["one", "two"]', 'hints = ["one", " "]'), "hints[1]"),
    ],
)
def test_a_level_that_reads_wrong_to_the_player_is_refused(write_level, change, key) -> None:
    path = write_level(GOOD_LINE.replace(*change))
    fine, found = check_paths([str(path)])
    assert fine == 0 and any(line.startswith(f"{path}: {key}: ") for line in found), found


# ---- a target a player can get to ----------------------------------------------------------
@pytest.mark.parametrize(
    "start",
    [
        "[start]\nm = 1000.0\n\n[controls]\nm_step = 0.01\n",  # 10⁵ fine slope presses
        "[start]\nb = -5000.0\n\n[controls]\nb_step = 1.0\n",  # 5·10³ coarse lift presses
    ],
    ids=["slope", "intercept"],
)
def test_a_target_thousands_of_presses_away_is_refused(write_level, start) -> None:
    path = write_level(GOOD_LINE.replace("[target]", start + "\n[target]"))
    fine, found = check_paths([str(path)])
    assert fine == 0 and any(
        line.startswith(f"{path}: target: ") and "key presses from the start" in line
        for line in found
    ), found


def test_the_shipped_targets_are_a_few_presses_away(shipped: Path) -> None:
    from dartfit.rules import linear, scoring

    keyed = [
        level
        for level in load_levels(shipped)
        if type(rules_of(level)).reach_problems is linear.LineRules.reach_problems
    ]
    assert len(keyed) >= 10
    for level in keyed:
        goal = scoring.target_value(level)
        assert goal is not None and 0 < linear.presses_to(level, goal) <= 40, level.id


def test_a_number_just_past_the_limit_is_said_as_written_not_rounded_to_the_limit(
    write_level,
) -> None:
    """x_max = 1000000000.5 was refused with "got 1e+09": the limit itself, it read."""
    path = write_level(
        GOOD_LINE.replace("x = [0.0, 1.0, 2.0, 3.0]", "x = [0.0, 1.0, 2.0, 1000000000.5]")
    )
    with pytest.raises(LevelError) as e:
        load_level(path)
    assert "got 1,000,000,000.5" in str(e.value)


@pytest.mark.parametrize("level_id", ["endless", "endless-2026-12-02", "your-data"])
def test_an_id_the_game_keeps_for_itself_is_refused(capsys, write_level, level_id) -> None:
    """A level file with id "endless" passed check, then played as a generated puzzle: its
    win showed a share code made of the file's name and was never kept."""
    path = write_level(re.sub(r'(?m)^id = ".*"$', f'id = "{level_id}"', GOOD_LINE, count=1))
    with pytest.raises(LevelError, match=rf'id: "{level_id}" is the game\'s own id'):
        load_level(path)
    status, _, err = check(capsys, path)
    assert status == 2 and f'"{level_id}" is the game\'s own id' in err
    assert_clean_lines(err)


@pytest.mark.parametrize("odd", ["folder", "pipe", "loop"])
def test_a_toml_entry_that_is_no_file_is_said_by_the_game_as_by_check(
    capsys, tmp_path: Path, odd: str
) -> None:
    """`check` refused a folder, a pipe or a looping link named *.toml, while the game and
    `dartfit levels` skipped it without a word (a level missing from the campaign)."""
    import os
    import shutil

    from tests.conftest import SHIPPED

    shutil.copy(SHIPPED / "01-first-throw.toml", tmp_path / "01-first-throw.toml")
    entry = tmp_path / "02-odd.toml"
    {"folder": entry.mkdir, "pipe": lambda: os.mkfifo(entry)}.get(
        odd, lambda: entry.symlink_to(entry)
    )()
    status, out, err = check(capsys, tmp_path)
    assert status == 2 and str(entry) in err
    status = main(["--levels", str(tmp_path), "levels"])
    out, err = capsys.readouterr()
    assert status == 2 and out == "" and err.startswith(f"dartfit: {entry}: ")
    assert len(err.splitlines()) == 1


def test_a_number_too_long_to_show_is_said_in_brief_without_trailing_zeros(
    tmp_path: Path, capsys
) -> None:
    """A schema of 10²³ said "got 1.00000e+23" (a schema is now told the schema it must be:
    a target of 10²³ here); the game writes 1e23."""
    path = tmp_path / "01-big.toml"
    path.write_text(GOOD_LINE.replace("value = 1.0", "value = 99999999999999999999999", 1))
    status, _, err = check(capsys, path)
    assert status == 2
    assert any("got 1e23" in line for line in assert_clean_lines(err)), err


def test_stars_the_keys_cannot_reach_are_refused_by_check(tmp_path: Path, capsys) -> None:
    """`close = 1.0` passed: ★★ then asked for the best line itself, which no key lands on
    (a shipped level, Steep climb, asked for 1.05 × the best where the keys reach 1.16 ×)."""
    path = tmp_path / "01-close.toml"
    irregular = GOOD_LINE.replace("y = [1.0, 3.0, 5.5, 6.5]", "y = [1.03, 3.1, 5.45, 6.77]")
    path.write_text(irregular + "\n[stars]\nclose = 1.0\nexact = 1.0\n")
    status, _, err = check(capsys, path)
    lines = assert_clean_lines(err)
    assert status == 2
    assert any("stars.close: ★★ needs MSE ≤" in line for line in lines), err
    assert any("stars.exact: ★★★ needs MSE ≤" in line for line in lines), err
    loose = tmp_path / "02-loose.toml"
    loose.write_text(GOOD_LINE.replace('"demo"', '"loose"') + "\n[stars]\nclose = 3\nexact = 3\n")
    assert check(capsys, loose)[0] == 0


@pytest.mark.parametrize(("close", "refused"), [(1.2, True), (1.11, True), (1.1, False)])
def test_a_par_level_whose_stars_are_far_from_the_best_is_refused_by_check(
    tmp_path: Path, capsys, close: float, refused: bool
) -> None:
    """Steep climb gave ★★★ (within par) at 1.18 × the best MSE, where Fine-tune gave ★ at
    1.01 ×: on a level with a par, ★★ and ★★★ are for lines within 1.1 × the best."""
    path = tmp_path / "01-far.toml"
    path.write_text(GOOD_LINE + f"\n[stars]\nclose = {close}\npar = 20\n")
    status, _, err = check(capsys, path)
    said = [line for line in assert_clean_lines(err) if "stars.close" in line]
    assert (status, bool(said)) == ((2, True) if refused else (0, False)), err
    if refused:
        assert f"01-far.toml: stars.close: {close} gives ★★★ (within par)" in said[0]


def test_check_names_a_target_just_under_the_best_with_the_digits_that_show_it(
    write_level,
) -> None:
    import numpy as np

    from dartfit.commands import check_paths

    path = write_level()
    level = load_level(path)
    best = float(np.mean((np.polyval(np.polyfit(level.x, level.y, 1), level.x) - level.y) ** 2))
    text = path.read_text().replace("value = 1.0", f"value = {best * (1 - 1e-6)!r}")
    path.write_text(text)
    _, problems = check_paths([str(path)])
    said = [p for p in problems if "below the best achievable" in p]
    assert len(said) == 1
    goal, best_text = said[0].split("MSE ≤ ")[1].split(" is below the best achievable ")
    assert float(goal) < float(best_text)


@pytest.mark.parametrize(
    ("generate", "said"),
    [
        # slope and noise of a millionth, kept to 2 decimals: every y is 0, a flat level
        ("slope = 2e-6\nintercept = 1e-6\nnoise = 1e-6", "every y rounds to 0 at 2 decimals"),
        ("slope = 1\nintercept = 0\nnoise = 1\nx_min = 0\nx_max = 0.001", "every x rounds to 0"),
    ],
)
def test_generated_points_that_round_flat_are_named_and_numbers_read_as_in_the_game(
    capsys, write_level, generate: str, said: str
) -> None:
    """A level of 1e-6 misses read "MSE ≤ 0 is met at the start (MSE 0)": its points had
    all rounded to 0. And a number in a message read 1e+09 where the game writes 1e9."""
    lines = {line.split(" = ")[0]: line for line in generate.splitlines()}
    made = "\n".join(
        ["n = 12", "seed = 5", "x_min = 0", "x_max = 10", *lines.values()]
        if "x_min" not in lines
        else ["n = 12", "seed = 5", *lines.values()]
    )
    text = GOOD_LINE.replace(
        "[data]\nx = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]",
        f"[data.generate]\n{made}",
    ).replace("value = 1.0", "factor = 2.0")
    status, _, err = check(capsys, write_level(text))
    assert status == 2 and said in err and "e+" not in err, err
    assert_clean_lines(err)


def test_a_csv_error_writes_a_number_as_the_game_does(capsys, tmp_path: Path) -> None:
    """ "all values of "x" are equal (1e+09)": the game writes 1e9."""
    data = tmp_path / "flat.csv"
    data.write_text("x,y\n1e9,1\n1e9,2\n1e9,3\n", encoding="utf-8")
    status = main(["fit", str(data)])
    err = capsys.readouterr().err
    assert status == 2 and "are equal (1e9)" in err and "e+" not in err, err


def test_dots_in_comments_and_in_arrays_of_numbers_are_no_deep_keys(capsys, write_level) -> None:
    """The check for keys of many dotted parts (before the TOML reader, which is slow on
    them) counted every dot before an =: a comment "… (v1.2.3)", or a line of eight floats
    in an array written over lines, refused a good level as "nested more than 8 deep"."""
    text = "# made up... then rounded... (v1.2.3.4.5.6.7.8)\n# a.b.c.d.e.f.g.h.i = x\n" + GOOD_LINE
    x = ", ".join(f"{v:.1f}" for v in range(1, 10))
    y = ", ".join(f"{2 * v + 0.5 * (v % 3):.1f}" for v in range(1, 10))
    text = re.sub(r"(?m)^x = \[.*\]$", f"x = [\n  {x},  # a = b\n]", text, count=1)
    text = re.sub(r"(?m)^y = \[.*\]$", f"y = [\n  {y},\n]", text, count=1)
    assert "x = [\n" in text and "y = [\n" in text
    path = write_level(text)
    status, _, err = check(capsys, path.parent)
    assert status == 0, err
    load_level(path)


@pytest.mark.parametrize("scale", [1e-10, 1e-30, 1e-45])
@pytest.mark.parametrize("name", ["10-pull", "11-costliest"])
def test_a_points_level_plays_on_tiny_data_as_on_its_own(
    tmp_path: Path, capsys, name: str, scale: float
) -> None:
    """Points 1e−10 tall were refused by `check` ("the fine step 5e-12 is lost: a moved
    point is kept to 10 decimals ...; give controls.point_step of at least 1e-09", a step
    ten times the data), and the costliest point's level too, where nothing moves: a moved
    point was rounded to ten decimals. It moves by whole steps from its place now, as a
    line does, and the level plays as it does at its own size."""
    path = scaled_level(tmp_path, name, scale)
    status, _, err = check(capsys, path)
    assert status == 0, err
    tiny, shipped = load_level(path), load_level(REPO / "levels" / f"{name}.toml")
    assert points.point_limits(tiny) == pytest.approx(
        tuple(v * scale for v in points.point_limits(shipped)), rel=1e-9
    )
    if name == "11-costliest":
        assert points.costliest(tiny) == points.costliest(shipped)
        return
    step = linear.steps(tiny).point
    assert step == pytest.approx(linear.steps(shipped).point * scale, rel=1e-9)
    state, goal = points.start(tiny), scoring.target_value(tiny)
    for press in range(1, 6):
        state = points.move(tiny, state, -step)
        assert state.y[0] == pytest.approx(float(tiny.y[0]) - press * step, rel=1e-12)
    state = points.move(tiny, state, -step / 10)  # shift: a tenth of a step
    assert state.y[0] == pytest.approx(float(tiny.y[0]) - 5.1 * step, rel=1e-12)
    y = np.array(state.y)
    m, b = np.polyfit(tiny.x, y, 1)
    mse = float(np.mean((y - (m * tiny.x + b)) ** 2))
    assert points.score(tiny, state).mse == pytest.approx(mse, rel=1e-9)
    assert goal is not None and mse >= goal and scoring.beaten(tiny, mse)


def test_a_story_asks_only_for_what_its_kind_fills(write_level) -> None:
    """A level's what_you_saw may hold {names} its screen fills from the play (a descent
    level's {rate} and {path}); any other was shown on the win panel as typed, braces and
    all. The loader refuses it, naming the key and what the kind does fill."""
    asks = GOOD_LINE.replace('"You saw it."', '"At {rate} it {path}."')
    with pytest.raises(LevelError, match=r"what_you_saw: asks for \{rate\}, which a line level"):
        load_level(write_level(asks))
    descent = find_level(load_levels(REPO / "levels"), "too-hot")
    assert "{rate}" in descent.spec.what_you_saw  # the kind that fills it keeps it


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (("factor = 2.0", "factor = 1.0"), "target: MSE ≥ 0.4017 is met at the start (MSE 0.4017)"),
        (("factor = 2.0", "factor = 0.5"), "target: MSE ≥ 0.2008 is met at the start (MSE 0.4017)"),
        (
            ("n = 10", "n = 2"),
            "data: a line refitted to 2 points passes through them whatever moves (its MSE"
            " stays 0): give at least 3 points",
        ),
    ],
)
def test_a_points_level_won_before_a_move_is_refused(
    capsys, write_level, change: tuple[str, str], says: str
) -> None:
    """ "Move a point so the MSE at least doubles" with a factor of 1 (or 0.5) was won before
    a key was pressed, and `check` passed it; with two points the refitted line passes
    through both, and `check` spoke of reaching "MSE 3.155e-30 … (at most 1.676e-30)"."""
    text = (REPO / "levels" / "10-pull.toml").read_text(encoding="utf-8")
    assert change[0] in text
    path = write_level(text.replace(change[0], change[1]))
    status, _, err = check(capsys, path)
    assert status == 2 and assert_clean_lines(err) == [f"{path}: {says}"], err


# ---- numbers in messages -------------------------------------------------------------------
PYTHON_NUMBER = re.compile(r"\d[eE][+-]|\d[eE]0|(?<![\w.])-\d|\d\.0(?!\d)|\d{5,}")
"""A number as Python writes it (1e+300, 2.5e-07, -5.5, 11500000000000.0, an ungrouped
11500000000000) and not as the game typesets one (1e300, 2.5e−7, −5.5, 1.15e13)."""

GENERATED = GOOD_LINE.replace(
    "[data]\nx = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]",
    "[data.generate]\nn = 12\nseed = 5\nx_min = 0\nx_max = 10\nslope = 2\nintercept = 1\nnoise = 1",
).replace("value = 1.0", "factor = 2.0")


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("value = 1.0", "value = 1e300", "got 1e300"),
        ("value = 1.0", "value = -1e300", "got −1e300"),
        ("value = 1.0", "value = 11500000000000.0", "got 1.15e13"),
        ("value = 1.0", "value = 11500000000000", "got 11,500,000,000,000"),
        ("value = 1.0", "value = 99999999999999999999999", "got 1e23"),
        ("value = 1.0", "value = -2.5e-7", "≥ 0, got −2.5e−7"),
        ("value = 1.0", "value = -inf", "got −inf"),
        ("value = 1.0", "value = 1000000000.5", "got 1,000,000,000.5"),
        ("schema = 1", "schema = -1e30", "the file says −1e30"),
        ("[target]", "[stars]\nclose = 1.5\npar = 9\n\n[target]", "stars.close: 1.5 gives"),
        ("[target]", "[start]\nm = 1e9\n\n[controls]\nm_step = 1e-7\n\n[target]", "1e−8"),
        ("x_min = 0\nx_max = 10", "x_min = -5.5\nx_max = -6", "x_min (−5.5)"),
        ("noise = 1", "noise = 1e-300", "reach (5e−5)"),
        ("noise = 1", "noise = nan", "got nan"),
    ],
)
def test_a_number_in_a_level_message_is_typeset_as_the_game_writes_numbers(
    capsys, write_level, old: str, new: str, said: str
) -> None:
    """A hostile pass: "got 1e+300", "got 11500000000000.0", "≥ 0, got -2.5e-07" and "x_min
    (-5.5)" beside the game's 1e300, 1.15e13 and U+2212 minus, from one file's check."""
    text = GENERATED if "x_min" in old or "noise" in old else GOOD_LINE
    assert old in text
    status, _, err = check(capsys, write_level(text.replace(old, new, 1)))
    lines = assert_clean_lines(err)
    assert status == 2 and any(said in line for line in lines), err
    for line in lines:
        message = line.split(".toml: ", 1)[1]
        assert not PYTHON_NUMBER.search(message), line


# ---- characters an editor does not show ----------------------------------------------------
@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda t: t.replace("\n", "\r"), "line endings are CR only: save it with LF or CRLF"),
        (lambda t: t.replace("[target]\n", "[target]\r"), "line 15 ends in a CR alone: save it"),
        (
            lambda t: t.replace("\n[target]", "\n\ufeff[target]"),
            "a byte-order mark (U+FEFF) at line 15, column 1: one may only start a file",
        ),
        (lambda t: "\ufeff\ufeff" + t, "a byte-order mark (U+FEFF) at line 1, column 1"),
        (lambda t: t.replace("value = 1.0", "value = \ufeff1.0"), "mark (U+FEFF) at line 17"),
        (
            lambda t: t.replace("\nvalue", "\n\u00a0value"),
            "line 17, column 1: U+00A0 (no-break"
            " space), a character that can't be seen and that TOML does not read there",
        ),
        (lambda t: t.replace("value = 1.0", "value = 1.0\u200b"), "column 12: U+200B (zero"),
    ],
)
def test_a_character_an_editor_does_not_show_is_named_not_toml_s_bare_error(
    capsys, write_level, change, said: str
) -> None:
    """A hostile pass: CR-only line endings, or a byte-order mark in the middle of a file
    (two files joined), read 'not valid TOML: Invalid statement (at line 1, column 6)'."""
    path = write_level()
    path.write_bytes(change(GOOD_LINE).encode())
    status, _, err = check(capsys, path)
    lines = assert_clean_lines(err)
    assert status == 2 and len(lines) == 1 and said in lines[0], err
    assert lines[0].startswith(f"{path}: ") and "not valid TOML" not in err
    with pytest.raises(LevelError, match=re.escape(said)):
        load_level(path)


def test_a_check_file_of_cr_only_line_endings_is_named_as_such(tmp_path: Path) -> None:
    from dartfit.quiz.load import inspect_check

    path = tmp_path / "1-darts.toml"
    path.write_bytes(
        (REPO / "levels" / "checks" / "1-darts.toml").read_bytes().replace(b"\n", b"\r")
    )
    problems = [str(p) for p in inspect_check(path).problems]
    assert problems == [f"{path}: line endings are CR only: save it with LF or CRLF line endings"]


@pytest.mark.parametrize("text", ["", "\n\n", "# a level, to be written\n# soon\n", "\ufeff"])
def test_an_empty_level_or_check_file_is_said_to_be_empty_in_one_line(
    capsys, write_level, tmp_path: Path, text: str
) -> None:
    """A hostile pass: an empty file (or one of comments) was told of each of a level's nine
    keys, one line each ("schema: required key is missing", …), and `play` of it said only
    "schema: required key is missing"."""
    from dartfit.quiz.load import inspect_check

    path = write_level()
    path.write_text(text, encoding="utf-8")
    said = f"{path}: holds no keys (it is empty, or comments only): a level file starts with"
    status, _, err = check(capsys, path)
    assert status == 2 and err.splitlines() == [f"{said} schema = 1"], err
    with pytest.raises(LevelError, match=re.escape("holds no keys")):
        load_level(path)
    checked = tmp_path / "1-darts.toml"
    checked.write_text(text, encoding="utf-8")
    problems = [str(p) for p in inspect_check(checked).problems]
    assert problems == [
        f"{checked}: holds no keys (it is empty, or comments only): a check file starts with"
        " schema = 1"
    ]


def test_a_toml_mistake_at_a_plain_character_keeps_toml_s_own_words(write_level) -> None:
    path = write_level(GOOD_LINE.replace("value = 1.0", "value = = 1.0"))
    with pytest.raises(LevelError, match=r"not valid TOML: Invalid value \(at line 17, col"):
        load_level(path)


def test_a_list_of_plain_numbers_is_taken_whole_and_any_other_walked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`dartfit check` of a level of 990,000 numbers walked them one by one for a third of its
    time. A list of numbers none of which a level refuses is taken whole; one with a number
    it refuses (or not a number) is walked, and says what it said."""
    from dartfit.levels import raw

    asked: list[object] = []
    real = raw._number_problem
    monkeypatch.setattr(raw, "_number_problem", lambda v, p, b: asked.append(v) or real(v, p, b))
    points = [float(i) for i in range(1000)]
    table = {"data": {"x": points, "y": [*range(999), 2.5]}, "schema": 1}
    mended = raw.mend(table)
    assert mended.table == table and mended.table["data"]["x"] is not points
    assert not mended.problems and len(asked) == 1  # schema's, not a point's
    for bad, said in [(math.nan, "got nan"), (1e10, "got 1e10"), (True, None)]:
        asked.clear()
        mended = raw.mend({"data": {"x": [*points[:9], bad]}})
        assert len(asked) == 10
        problems = [problem for _, problem in mended.problems]
        assert (said is None and not problems) or said in problems[0], problems


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (
            "",
            "[stars]\npar = 1e20",
            "stars.par: expected a whole number ≥ 1 and ≤ 1,000,000,000, got 1e20",
        ),
        (
            "",
            "[stars]\npar = 99999999999",
            "stars.par: expected a whole number ≥ 1 and ≤ 1,000,000,000",
        ),
        (
            "",
            "[stars]\nclose = 1e300",
            "stars.close: expected a number ≥ 1 and ≤ 1,000,000,000, got",
        ),
        (
            "value = 1.0",
            "value = 1e12",
            "target.value: expected a number ≥ 0 and ≤ 1,000,000,000, got",
        ),
        ("x = [0.0,", "x = [1e12,", "data.x[0]: expected a number between −1,000,000,000 and"),
        (
            "[data]\nx = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]",
            "[data.generate]\nn = 1e20",
            "data.generate.n: expected a whole number from 2 to 2,000,000, got 1e20",
        ),
    ],
)
def test_a_huge_number_is_told_the_range_its_key_takes(capsys, write_level, old, new, said):
    """par = 1e20 was told "expected a number between −1,000,000,000 and 1,000,000,000",
    a range par may not take either, and n = 1e20 the same where n takes 2 to 2,000,000:
    a key the spec bounds is told its own bounds (and the bound every number has)."""
    text = GOOD_LINE.replace(old, new) if old else f"{GOOD_LINE}\n{new}\n"
    status, _, err = check(capsys, write_level(text))
    assert status == 2 and said in err, err


def test_a_darts_round_of_no_throws_is_refused_by_check_and_play(capsys, write_level) -> None:
    """rounds = [[]] passed `check`, and `play` died opening the board ("unexpected
    error: ValueError: max() arg is an empty sequence", exit 2 with a crash report)."""
    text = (REPO / "levels" / "01-first-throw.toml").read_text(encoding="utf-8")
    path = write_level(text.replace("axes = 1", "axes = 1\nrounds = [[1.0], []]"))
    status, _, err = check(capsys, path)
    assert status == 2 and "darts.rounds[1]: a round needs at least one throw, got none" in err
    with pytest.raises(LevelError, match=re.escape("darts.rounds[1]: a round needs at least")):
        load_level(path)


def test_memory_that_runs_out_while_a_level_is_read_is_said_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `ulimit -v 155000` a shipped level of 2 KB was "too big to read": memory ran
    out as it was parsed. The file is named, and the memory blamed, not its size."""
    from dartfit.levels import raw

    def no_memory(text: str) -> dict[str, object]:
        raise MemoryError

    monkeypatch.setattr(raw, "_table", no_memory)
    file = tmp_path / "01-small.toml"
    file.write_text('id = "small"\n', encoding="utf-8")
    with pytest.raises(raw.RawError) as caught:
        raw.read_toml(file)
    said = str(caught.value)
    assert "out of memory" in said and "too big" not in said, said


# ---- a pick the player can make -------------------------------------------------------------
def _compare(rounds: str) -> str:
    return (
        GOOD_LINE.replace('kind = "line"', 'kind = "compare"').split("[data]")[0]
        + f"[darts]\naxes = 1\nrounds = {rounds}\n"
        + '[target]\ntype = "pick_worse"\n'
    )


def _costliest(y: str) -> str:
    return (
        GOOD_LINE.replace('kind = "line"', 'kind = "points"').split("[data]")[0]
        + '[model]\nfit = "fixed"\n\n[start]\nm = 1.0\nb = 1.0\n\n'
        + f"[data]\nx = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]\ny = {y}\n"
        + '[target]\ntype = "pick_costliest"\n'
    )


@pytest.mark.parametrize(
    ("text", "key", "shown"),
    [
        # rounds that read alike, +1 +2 +3 each and MSE 4.667 each, one last bit apart: the
        # game called a pick of A wrong
        (_compare("[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0000000000000004]]"), "darts.rounds", "4.66666"),
        (_compare("[[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]]"), "darts.rounds", "4.667 and 4.667"),
        # misses of +3.00 and −3.00, each 49 % of the squares: a pick of point 1 was wrong
        (_costliest("[5.0, -0.0001, 4.5, 4.5, 6.2, 7.0]"), "data", "9.001 and 9"),
        (_costliest("[5.0, 0.0, 4.5, 4.5, 6.2, 7.0]"), "data", "9 and 9"),
    ],
    ids=["rounds-a-bit-apart", "rounds-equal", "squares-a-hair-apart", "squares-equal"],
)
def test_a_pick_whose_answer_does_not_stand_out_is_refused(write_level, text, key, shown) -> None:
    path = write_level(text)
    fine, found = check_paths([str(path)])
    assert fine == 0 and len(found) == 1, found
    assert found[0].startswith(f"{path}: {key}: ") and "too close to call" in found[0], found
    assert shown in found[0], found


@pytest.mark.parametrize(
    "text",
    [_compare("[[1.0, 2.0, 3.0], [1.0, 2.0, 3.2]]"), _costliest("[5.0, 0.2, 4.5, 4.5, 6.2, 7.0]")],
    ids=["rounds", "squares"],
)
def test_a_pick_whose_answer_stands_out_passes(write_level, text) -> None:
    fine, found = check_paths([str(write_level(text))])
    assert (fine, found) == (1, [])


def _degree(curve: str, noise: str) -> str:
    shipped = (REPO / "levels" / "23-degree.toml").read_text(encoding="utf-8")
    return re.sub(r'curve = "sine"\nnoise = 0.3', f'curve = "{curve}"\nnoise = {noise}', shipped)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # every degree from 1 fits a line with no noise: test MSEs 3.47e−32 against 8.85e−32
        (_degree("line", "0.0"), "models.noise"),
        (_degree("quadratic", "0.0"), "models.noise"),
        (_degree("cubic", "0.0"), "models.noise"),
        (_degree("line", "1e-20"), "models.noise"),  # noise drowned in round-off
        # points on their refitted line: squares of 3.2e−30 and 7.9e−31
        (
            _costliest("[-1.6, -2.7, -3.8, -4.9, -6.0, -7.1]").replace("fixed", "least-squares"),
            "data",
        ),
        # throws of 1e−160 square to MSEs below float64's normal numbers: 5e−321 and 2e−320
        (_compare("[[1e-160, 0.0], [2e-160, 0.0]]"), "darts.rounds"),
    ],
    ids=["line", "quadratic", "cubic", "tiny-noise", "squares-on-a-line", "underflow"],
)
def test_a_pick_decided_by_round_off_is_refused(write_level, text, key) -> None:
    path = write_level(text)
    fine, found = check_paths([str(path)])
    assert fine == 0 and len(found) == 1, found
    assert found[0].startswith(f"{path}: {key}: ") and "are round-off" in found[0], found


@pytest.mark.parametrize(("curve", "noise"), [("sine", "0.0"), ("line", "0.3"), ("sine", "0.3")])
def test_a_degree_level_whose_best_is_real_passes(write_level, curve, noise) -> None:
    """A sine is fitted exactly by no degree: with no noise its best degree is still real."""
    fine, found = check_paths([str(write_level(_degree(curve, noise)))])
    assert (fine, found) == (1, [])


def test_an_unknown_key_is_one_line_whatever_its_text_holds(write_level, tmp_path) -> None:
    """A misspelt key of several lines (or with a tab) was also told 'holds characters a
    terminal would act on … the game leaves them out': the game never reads it at all."""
    from dartfit.quiz.load import inspect_check

    misspelt = 'whatt_you_saw = """\nYou saw\n\tit.\n"""\n\n[data]'
    level = write_level(GOOD_LINE.replace("[data]", misspelt))
    problems = [str(p) for p in inspect_level(level).problems]
    assert problems == [f"{level}: whatt_you_saw: unknown key"]
    path = tmp_path / "1-darts.toml"
    darts = (REPO / "levels" / "checks" / "1-darts.toml").read_text(encoding="utf-8")
    path.write_text(darts.replace("explain = ", 'explaim = """\na\nb\n"""\nexplain = ', 1))
    problems = [str(p) for p in inspect_check(path).problems]
    assert problems == [f"{path}: question[0].explaim: unknown key"]
    # where the key is known, what the game leaves out is still said
    hint = write_level(GOOD_LINE.replace('"one"', '"o\\u0007ne"'), name="02-hint.toml")
    (line,) = [str(p) for p in inspect_level(hint).problems]
    assert line.startswith(f"{hint}: hints[0]: holds a character a terminal would act on")


@pytest.mark.parametrize(
    ("darts", "reached"),
    [
        ("throws = 8\nwobble = 1e-9\nwind = [1e-9, 0.0]\nseed = 31", "3.855e−18 at best"),
        ("throws = 8\nwobble = 0.001\nwind = [0.123, -0.071]\nseed = 31", "0.001003 at best"),
    ],
    ids=["under-a-step", "between-steps"],
)
def test_a_darts_target_the_crosshairs_steps_cannot_throw_is_refused(
    write_level, darts: str, reached: str
) -> None:
    """The crosshair moves by 0.05 at the finest: wind and wobble far under it passed check
    with a target of 1.4 × the steady aim against the wind, and no aim, dart by dart, could
    throw it (the nearest aims missed by 3.855e−18 against a target of 2.407e−18)."""
    text = (REPO / "levels" / "22-wind-and-wobble.toml").read_text(encoding="utf-8")
    head, _, rest = text.partition("[darts]\n")
    path = write_level(head + "[darts]\n" + darts + "\naxes = 2\n\n[" + rest.split("\n[", 1)[1])
    fine, found = check_paths([str(path)])
    assert fine == 0 and len(found) == 1, found
    assert found[0].startswith(f"{path}: target: MSE ≤ "), found
    assert f"tighter than the crosshair's finest step (0.05) can throw ({reached})" in found[0]


NO_POINT = "(a whole number is written without a point)"


@pytest.mark.parametrize(
    ("change", "said"),
    [
        # "got 12" of n = 12.0: a number that read as one the key takes
        (
            ("[target]", "[stars]\npar = 20.0\n\n[target]"),
            f"stars.par: expected a whole number ≥ 1, got 20.0 {NO_POINT}",
        ),
        (
            ("[data]", "[models]\nn_train = 15.0\n\n[data]"),
            f"models.n_train: expected a whole number from 3 to 1000, got 15.0 {NO_POINT}",
        ),
        # no such hint where a point is no fault, or where the number is out of bounds anyway
        (("value = 1.0", "value = -1.0"), "target.value: expected a number ≥ 0, got −1"),
        (
            ("[target]", "[stars]\npar = 0.0\n\n[target]"),
            "stars.par: expected a whole number ≥ 1, got 0",
        ),
    ],
    ids=["par", "n-train", "a-float-key", "out-of-bounds"],
)
def test_a_whole_number_written_with_a_point_is_said_as_written(write_level, change, said) -> None:
    path = write_level(GOOD_LINE.replace(*change))
    _, found = check_paths([str(path)])
    assert f"{path}: {said}" in found, found
