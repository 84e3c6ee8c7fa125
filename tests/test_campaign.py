"""The campaign's rules: which levels are open and why the others are not, chapters, and
opening every level at once."""

from __future__ import annotations

from dartfit.campaign import ALL_OPEN, chapters, unlocked, why_locked
from dartfit.levels import load_levels
from dartfit.progress import LevelResult, Progress
from tests.conftest import SHIPPED

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
