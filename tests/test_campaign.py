"""The campaign's rules: which levels are open and why the others are not, chapters, and
opening every level at once."""

from __future__ import annotations

from dartfit.campaign import ALL_OPEN, best_value, chapters, record, unlocked, why_locked
from dartfit.levels import load_levels
from dartfit.progress import LevelResult, Progress
from tests.conftest import GOOD_LINE, SHIPPED

LEVELS = load_levels(SHIPPED)


def test_a_locked_level_says_which_level_to_win_first() -> None:
    progress = Progress().record(LEVELS[0].id, LevelResult(completed=True, stars=2))
    assert why_locked(LEVELS, progress, LEVELS[0].id) is None
    assert why_locked(LEVELS, progress, LEVELS[1].id) is None
    assert why_locked(LEVELS, progress, LEVELS[2].id) == f"win {LEVELS[1].number} first"


def test_every_chapter_is_one_group_and_keeps_the_campaigns_order_within_it() -> None:
    groups = chapters(LEVELS)
    names = [name for name, _ in groups]
    assert len(names) == len(set(names)) == len({lv.spec.chapter for lv in LEVELS})
    assert sorted(lv.id for _, levels in groups for lv in levels) == sorted(lv.id for lv in LEVELS)
    for _, levels in groups:
        assert [lv.number for lv in levels] == sorted(lv.number for lv in levels)


def test_opening_every_level_opens_them_all_and_gives_no_stars() -> None:
    progress = Progress().with_setting(ALL_OPEN, True)
    assert unlocked(LEVELS, progress) == {lv.id for lv in LEVELS}
    assert all(why_locked(LEVELS, progress, lv.id) is None for lv in LEVELS)
    assert all(progress.get(lv.id).stars == 0 for lv in LEVELS)
    closed = progress.with_setting(ALL_OPEN, False)
    assert unlocked(LEVELS, closed) == {LEVELS[0].id}


def test_a_record_keeps_a_score_only_where_a_higher_score_is_better() -> None:
    """The record's best_score is the highest of any run: on a "MSE ≤ target" level it
    held the worse of two wins (1.2 beside a best MSE of 0.69, in a class's export), on a
    pick the most wrong picks. Only a "≥ target" level keeps its score."""
    levels = {lv.id: lv for lv in load_levels(SHIPPED)}
    cases = [("first-line", 1.2, 0.69), ("costliest", 2.0, 0.0), ("guess-mse", 60.0, 80.0)]
    for level_id, worse, better in cases:
        level = levels[level_id]
        progress = Progress()
        for value in (better, worse):  # the worse run last: it must not win anything
            mse = value if level.spec.target.type == "at_most" else None
            won = LevelResult(completed=True, stars=1, mse=mse, score=value, presses=3)
            progress = record(progress, level, won)
        kept = progress.get(level_id)
        if level.spec.target.type == "at_least":
            assert kept.best_score == better and best_value(level, kept) == better
        else:
            assert kept.best_score is None, level_id
        if level.spec.target.type == "at_most":
            assert kept.best_mse == better and best_value(level, kept) == better


def test_a_file_numbered_with_a_letter_is_named_without_it() -> None:
    """`12b-guess.toml` was `b-guess`, against the README's rule (its file name without the
    number): `dartfit export guess` found no level."""
    from dartfit.levels import find_level

    levels = load_levels(SHIPPED)
    for name, level_id in [("guess", "guess-mse"), ("anscombe", "anscombe"), ("kink", "kink")]:
        assert find_level(levels, name).id == level_id
    slugs = [lv.slug for lv in levels]
    assert len(set(slugs)) == len(slugs) and not any(s[0].isdigit() for s in slugs)
    assert [s for s in slugs if len(s) > 1 and s[1] == "-"] == []  # no "b-guess"


def test_a_name_that_is_one_levels_id_and_anothers_file_name_finds_the_id(write_level) -> None:
    """In a folder of `01-a.toml` with id "b" and `02-b.toml` with id "a", `dartfit export a`
    printed the points of the level whose id is "b"."""
    from dartfit.levels import find_level

    write_level(GOOD_LINE.replace('id = "demo"', 'id = "b"'), "01-a.toml")
    folder = write_level(GOOD_LINE.replace('id = "demo"', 'id = "a"'), "02-b.toml").parent
    levels = load_levels(folder)
    found = {name: find_level(levels, name).id for name in ("a", "b", "01-a", "02-b.toml", "2")}
    assert found == {"a": "a", "b": "b", "01-a": "b", "02-b.toml": "a", "2": "a"}


def test_every_shipped_level_is_found_by_each_of_its_names() -> None:
    from dartfit.levels import find_level

    levels = load_levels(SHIPPED)
    for level in levels:
        for name in (level.id, level.slug, level.path.stem, str(level.number)):
            assert find_level(levels, name) is level, name
