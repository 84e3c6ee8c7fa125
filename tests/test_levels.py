"""Level files: valid ones load into frozen objects; each kind of mistake names file and key."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import msgspec
import numpy as np
import pytest

from dartfit import check
from dartfit.commands import check_paths
from dartfit.csvdata import CsvError, load_csv
from dartfit.levels import LevelError, default_levels_dir, find_level, load_level, load_levels
from dartfit.progress import ProgressStore
from tests.conftest import GOOD_LINE, SHIPPED


def test_every_shipped_level_loads_and_can_be_won(shipped: Path) -> None:
    levels = load_levels(shipped)
    assert len(levels) >= 4
    for level in levels:
        assert check.problems(level) == [], level.path


def test_the_four_first_kinds_are_shipped(shipped: Path) -> None:
    kinds = {level.spec.kind for level in load_levels(shipped)}
    assert {"darts", "line", "points", "mae"} <= kinds


def test_levels_are_numbered_in_file_name_order(shipped: Path) -> None:
    levels = load_levels(shipped)
    assert [lv.path.name for lv in levels] == sorted(p.name for p in shipped.glob("*.toml"))
    assert [lv.number for lv in levels] == list(range(1, len(levels) + 1))


def test_a_checkout_plays_its_own_levels_folder(shipped: Path) -> None:
    """Run from the source tree (no packaged levels_data beside it), dartfit finds the
    repository's levels/; installed, it finds the copy packaged with it."""
    source = shipped.parent / "src"
    code = "from dartfit.levels import default_levels_dir; print(default_levels_dir())"
    env = {**os.environ, "PYTHONPATH": str(source)}
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert Path(found.stdout.strip()) == shipped
    packaged = default_levels_dir()
    assert packaged == shipped or packaged.name == "levels_data"


def test_a_loaded_level_is_frozen(write_level) -> None:
    level = load_level(write_level())
    with pytest.raises(AttributeError):
        level.spec.title = "changed"  # type: ignore[misc]
    with pytest.raises(ValueError):
        level.y[0] = 99.0


def test_a_level_is_found_by_id_slug_or_number(write_level) -> None:
    write_level(GOOD_LINE.replace('id = "demo"', 'id = "other-name"'), "03-slope.toml")
    levels = load_levels(write_level().parent)
    assert find_level(levels, "demo").id == "demo"
    assert find_level(levels, "slope").id == "other-name"
    assert find_level(levels, "2").id == "other-name"
    with pytest.raises(LookupError, match="no level number 9"):
        find_level(levels, "9")
    with pytest.raises(LookupError, match='no level called "nope"'):
        find_level(levels, "nope")


@pytest.mark.parametrize(
    ("change", "key", "problem"),
    [
        (("[data]", '[data]\nnoise = "lots"'), "data.noise", "unknown key"),
        (("value = 1.0", 'value = "lots"'), "target.value", 'expected a number ≥ 0, got "lots"'),
        (("value = 1.0", "value = -2.0"), "target.value", "expected a number ≥ 0, got −2"),
        (('kind = "line"', 'kind = "golf"'), "kind", "'guess', 'huber', 'kink', 'line'"),
        (('title = "Demo"\n', ""), "title", "required key is missing"),
        (("schema = 1", "schema = 7"), "schema", "this dartfit reads schema 1"),
        # a hostile pass: beyond ±1e9 it was told the range of a number, not the schema's
        (("schema = 1", "schema = " + "9" * 26), "schema", "reads schema 1, the file says 1e26"),
        (("schema = 1", "schema = -1e30"), "schema", "reads schema 1, the file says −1e30"),
        (("y = [1.0, 3.0, 5.5, 6.5]", "y = [1.0, 3.0]"), "data.y", "has 2 values"),
        (("y = [1.0, 3.0, 5.5, 6.5]", "y = [1.0, nan, 5.5, 6.5]"), "data.y[1]", "finite"),
        (("x = [0.0, 1.0, 2.0, 3.0]", "x = [2.0, 2.0, 2.0, 2.0]"), "data.x", "all x values"),
        (('lesson = "training"', 'lesson = "golf"'), "lesson", "is not one of"),
        (('id = "demo"', 'id = "Bad Id"'), "id", "expected text matching ^[a-z0-9]"),
        (("value = 1.0", "value = 1.0\nfactor = 2.0"), "target", "exactly one of"),
        # a hostile pass: check passed it, the game played the line as the player's, and
        # `solve` refused it "by moving points"
        (("[data]", '[model]\nfit = "least-squares"\n\n[data]'), "model.fit", "points level"),
        (("[data]", '[model]\nfit = "fixed"\n\n[data]'), "model.fit", "the player's"),
        # (a review) a points level with no fit played as "fixed", and check said all fine
        (('kind = "line"', 'kind = "points"'), "model.fit", '"least-squares" or "fixed"'),
        # a hostile pass: accents with no letter to sit on, or an enclosing circle alone,
        # showed nothing and passed as a title or a goal
        (('title = "Demo"', 'title = "\u0301\u0301\u0301"'), "title", "would see nothing"),
        (('goal = "Beat the target."', 'goal = " \u20dd "'), "goal", "would see nothing"),
        # and the texts that may be left out but, written, are shown: a chapter's heading,
        # the reference line's name in the legend
        (('title = "Demo"', 'title = "Demo"\nchapter = "\u0301"'), "chapter", "would see nothing"),
        (
            ("[data]", '[model]\nreference_name = " \u200b "\n\n[data]'),
            "model.reference_name",
            "would see nothing",
        ),
        # a hostile pass: what the game never reads passed, and played as if not written
        (
            ("[target]", '[model]\nshape = "constant"\n\n[start]\nm = 5.0\n\n[target]'),
            "start.m",
            "has no slope: this does nothing",
        ),
        (
            ("[target]", '[model]\nshape = "constant"\n\n[controls]\nturn = "centre"\n\n[target]'),
            "controls.turn",
            "has no slope",
        ),
    ],
)
def test_a_bad_level_names_the_file_and_key(write_level, change, key, problem) -> None:
    path = write_level(GOOD_LINE.replace(*change))
    with pytest.raises(LevelError) as caught:
        load_level(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert problem in message
    assert "\n" not in message


@pytest.mark.parametrize(
    "table", ["[start]\nm = 1.0", "[controls]\nb_step = 0.5", "[model]\nreference = [1.0, 0.0]"]
)
def test_a_line_on_a_level_with_no_line_is_refused_not_passed_over(write_level, table) -> None:
    """A darts level's [start], [controls] or [model] passed `dartfit check` and did nothing."""
    darts = (SHIPPED / "01-first-throw.toml").read_text(encoding="utf-8")
    path = write_level(darts.replace("[target]", f"{table}\n\n[target]"))
    with pytest.raises(LevelError) as caught:
        load_level(path)
    name = table.split("]")[0][1:]
    said = f"{path}: {name}: a darts level has no line to set: [{name}] does nothing here"
    assert said in str(caught.value)


def test_the_issue_example_message_reads_as_promised(write_level) -> None:
    text = """
    schema = 1
    id = "slope"
    title = "Slope"
    kind = "line"
    lesson = "training"
    goal = "g"
    what_you_saw = "w"
    hints = ["h"]
    [data.generate]
    n = 10
    noise = "lots"
    [target]
    value = 1.0
    """
    path = write_level(text, "03-slope.toml")
    with pytest.raises(
        LevelError, match=re.escape(': data.generate.noise: expected a number ≥ 0, got "lots"')
    ):
        load_level(path)


def test_broken_toml_and_missing_files_are_level_errors(write_level, tmp_path) -> None:
    with pytest.raises(LevelError, match="not valid TOML"):
        load_level(write_level("schema = = 1"))
    with pytest.raises(LevelError, match="can't read"):
        load_level(tmp_path / "missing.toml")
    with pytest.raises(LevelError, match="no such folder"):
        load_levels(tmp_path / "nowhere")


def test_a_byte_order_mark_at_the_start_of_a_level_file_is_skipped(write_level) -> None:
    path = write_level()
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_level(path).id == "demo" and check_paths([str(path)]) == (1, [])
    path.write_bytes(b"\xef\xbb\xbfschema = = 1\n")  # and a mistake is placed as written
    with pytest.raises(LevelError, match=re.escape("(at line 1, column 10)")):
        load_level(path)


SAVE = "save what it holds in a file and give that file's path"
"""What to do with a pipe given for a file (`<(cat level.toml)` is one)."""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_device_or_pipe_is_named_for_what_it_is_and_never_read(tmp_path) -> None:
    fifo = tmp_path / "level.toml"
    os.mkfifo(fifo)  # nobody writes to it: opening it to read would wait for ever
    proc = subprocess.run(
        [sys.executable, "-m", "dartfit", "check", "/dev/zero", "/dev/stdin", str(fifo)],
        stdin=subprocess.PIPE,  # a pipe that stays open and empty: reading it would hang
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "/dev/zero: a device, not a level file: give the path of a level file",
        f"/dev/stdin: a pipe, not a level file: {SAVE}",
        f"{fifo}: a pipe, not a level file: {SAVE}",
    ]
    with pytest.raises(LevelError, match="/dev/zero: a device, not a folder of levels: --levels"):
        load_levels("/dev/zero")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_is_named_for_what_it_is_by_every_reader(tmp_path, monkeypatch) -> None:
    """A socket can't be opened at all: a level file, a CSV and progress.json that were one
    said "can't read: No such device or address", where a pipe or a device is named."""
    monkeypatch.chdir(tmp_path)  # a socket's path is short: its name alone
    for name in ("level.toml", "data.csv", "progress.json"):
        with socket.socket(socket.AF_UNIX) as listening:
            listening.bind(name)  # the socket's file stays once it is closed
    said = "level.toml: a socket, not a level file: give the path of a level file"
    assert check_paths(["level.toml"]) == (0, [said])
    with pytest.raises(CsvError, match=r"^data\.csv: a socket, not a CSV file: give the path"):
        load_csv(Path("data.csv"))
    warning = ProgressStore.in_folder(tmp_path).load().warning or ""
    assert warning.startswith("progress.json was unreadable (a socket, not a file); moved it")


def test_a_folder_name_too_long_for_the_system_is_one_line_naming_it(tmp_path: Path) -> None:
    """It was "[Errno 36] File name too long" from the folder test itself."""
    folder = tmp_path / ("a" * 300)
    with pytest.raises(LevelError, match="can't read this folder of levels: File name too long"):
        load_levels(folder)


def test_a_hidden_file_in_a_levels_folder_is_not_a_level(write_level) -> None:
    """An editor's or a file manager's ".01-a.toml" was played, first, as a level."""
    folder = write_level().parent
    (folder / ".00-copy.toml").write_text(GOOD_LINE.replace('"demo"', '"copy"'), "utf-8")
    assert [level.id for level in load_levels(folder)] == ["demo"]


def test_a_level_file_named_in_capitals_is_played_checked_and_its_own(write_level) -> None:
    """ "02-Ramp.TOML", as an editor on Windows or macOS may save it, was passed over without
    a word: the campaign played one level, `dartfit check` said "1 file checked: all fine",
    and a checks/ folder's "01-Q.TOML" was no check."""
    from dartfit.campaign import own_file
    from dartfit.quiz.load import check_files

    folder = write_level().parent
    write_level(GOOD_LINE.replace('"demo"', '"ramp"'), name="02-Ramp.TOML")
    levels = load_levels(folder)
    assert [level.id for level in levels] == ["demo", "ramp"] and own_file(levels[1])
    assert check_paths([str(folder)]) == (2, [])
    (folder / "checks").mkdir()
    (folder / "checks" / "01-Q.TOML").write_text("", "utf-8")
    assert [path.name for path in check_files(folder)] == ["01-Q.TOML"]


def test_duplicate_ids_in_a_folder_are_rejected(write_level) -> None:
    write_level(name="02-again.toml")
    with pytest.raises(LevelError, match=re.escape('id: "demo" is already used by 01-demo.toml')):
        load_levels(write_level().parent)


def test_generated_data_is_reproducible_and_rounded(write_level) -> None:
    text = GOOD_LINE.replace(
        "[data]\nx = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]",
        "[data.generate]\nn = 40\nseed = 3\nslope = 2\nintercept = 1\nnoise = 0.5\n"
        "outliers = [{ index = 5, shift = 30.0 }]",
    )
    a, b = load_level(write_level(text)), load_level(write_level(text))
    assert np.array_equal(a.y, b.y) and a.x.size == 40
    assert np.array_equal(a.y, np.round(a.y, 2))
    residual = a.y - (2 * a.x + 1)
    assert int(np.argmax(np.abs(residual))) == 5 and residual[5] > 25


def test_an_unreachable_target_is_a_problem(write_level) -> None:
    level = load_level(write_level(GOOD_LINE.replace("value = 1.0", "value = 0.0001")))
    (problem,) = check.problems(level)
    assert "below the best achievable" in problem


def test_the_spec_forbids_unknown_keys_in_every_table() -> None:
    from dartfit import levels as module

    specs = [
        v for v in vars(module).values() if isinstance(v, type) and issubclass(v, msgspec.Struct)
    ]
    assert len(specs) > 8
    assert all(spec.__struct_config__.forbid_unknown_fields for spec in specs)


def test_check_names_every_toml_entry_of_a_folder_that_is_not_a_level_file(
    tmp_path: Path, shipped: Path
) -> None:
    """A broken link, a link loop and a folder named like a level were skipped: 'all fine'."""
    from dartfit.commands import check_paths

    (tmp_path / "01-good.toml").write_bytes((shipped / "05-first-line.toml").read_bytes())
    (tmp_path / "02-dangling.toml").symlink_to(tmp_path / "nowhere")
    (tmp_path / "03-loop.toml").symlink_to(tmp_path / "03-loop.toml")
    (tmp_path / "04-folder.toml").mkdir()
    fine, found = check_paths([str(tmp_path)])
    assert fine == 1 and len(found) == 3
    assert found[0].startswith(f"{tmp_path / '02-dangling.toml'}: a link to ")
    assert found[1] == f"{tmp_path / '03-loop.toml'}: a link that leads back to itself"
    assert found[2].startswith(f"{tmp_path / '04-folder.toml'}: a folder, not a level file")


def test_check_reads_each_file_once(
    tmp_path: Path, shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dartfit check` parsed each file three times (whether it was a check, twice, then as
    what it was): 25 s for a level of 990,000 numbers. A level, a file that is not TOML, a
    check among levels and a check given alone are each parsed once."""
    import tomllib

    from dartfit.cache import CACHE_ENV

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))  # none read by a run before
    parsed: list[str] = []
    parse = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text, **kw: parsed.append(text) or parse(text))
    folder, alone = tmp_path / "levels", tmp_path / "quiz.toml"
    folder.mkdir()
    (folder / "01-line.toml").write_bytes((shipped / "05-first-line.toml").read_bytes())
    (folder / "02-broken.toml").write_text("x = [1,\n", encoding="utf-8")
    (folder / "03-check.toml").write_bytes((shipped / "checks" / "1-darts.toml").read_bytes())
    alone.write_bytes((shipped / "checks" / "2-lines.toml").read_bytes())
    fine, found = check_paths([str(folder), str(alone)])
    assert fine == 2 and len(found) == 2, found
    assert len(parsed) == 4


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("schema = 1", "schema = 1979-05-27T07:32:00Z"), "got the date or time 1979-05-27T07"),
        (
            (
                "[data]\nx = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]",
                "[data.generate]\nn = 1",
            ),
            "expected a whole number from 2 to 2,000,000, got 1",
        ),
    ],
)
def test_a_limit_and_a_date_read_as_written_by_hand(write_level, change, said) -> None:
    """`got datetime.datetime(1979, 5, 27, 7, 32, t…` and `≥ 2 ≤ 2e+06` were Python's."""
    text = GOOD_LINE.replace(*change)
    assert text != GOOD_LINE
    with pytest.raises(LevelError, match=re.escape(said)):
        load_level(write_level(text))


def test_the_level_and_check_schemas_hold_their_types_not_strings_to_compile() -> None:
    """msgspec reads the schemas' field types as every start loads the campaign: written as
    strings (postponed annotations), each was compiled first, 3 ms of every start."""
    import msgspec

    from dartfit.levels import spec as level_spec
    from dartfit.quiz import spec as check_spec

    for module in (level_spec, check_spec):
        structs = [
            kind
            for kind in vars(module).values()
            if isinstance(kind, type) and issubclass(kind, msgspec.Struct)
        ]
        assert len(structs) >= 3
        for struct in structs:
            written = vars(struct).get("__annotations__", {})
            assert not [name for name, kind in written.items() if isinstance(kind, str)], struct
