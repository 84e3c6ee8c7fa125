"""The campaign's rules, pure: which levels are open, where "continue" goes, what comes
next, when everything is done, and folding a won level into progress."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

import msgspec

from dartfit.files import is_toml
from dartfit.levels import Level, default_levels_dir
from dartfit.progress import CLASS_SETTING, LevelRecord, LevelResult, Progress, flag

ALL_OPEN = "all_open"
"""The setting that opens every level at once (for a teacher): skipped levels earn no stars."""


CLASS = CLASS_SETTING
"""The setting a class host lays over a student's progress: the teacher's settings (see
`dartfit.progress.class_store`); a local game never has it (a save that holds it is read
without it)."""


def class_window(progress: Progress) -> tuple[int, int] | None:
    """The levels the teacher has opened to the class (first and last number), or None."""
    teacher = progress.settings.get(CLASS)
    levels = teacher.get("levels") if isinstance(teacher, dict) else None
    if isinstance(levels, list) and len(levels) == 2 and all(type(n) is int for n in levels):
        first, last = levels
        return (first, last) if 1 <= first <= last else None
    return None


def class_paused(progress: Progress) -> bool:
    """Whether the teacher has asked for every eye (every game waits)."""
    teacher = progress.settings.get(CLASS)
    return isinstance(teacher, dict) and teacher.get("paused") is True


def all_open(progress: Progress) -> bool:
    """Whether every level was opened at once (the `ALL_OPEN` setting)."""
    return flag(progress.settings, ALL_OPEN, False)


def unlocked(levels: Sequence[Level], progress: Progress) -> frozenset[str]:
    """A level is open when it is the first, was completed, or its predecessor was (or
    when every level was opened at once). In a class whose teacher sets the pace, the
    levels the teacher opened are open, and no others."""
    window = class_window(progress)
    if window is not None:
        return frozenset(lv.id for lv in levels if window[0] <= lv.number <= window[1])
    if all_open(progress):
        return frozenset(lv.id for lv in levels)
    open_ids = set()
    previous_done = True
    for level in levels:
        done = progress.get(level.id).completed
        if previous_done or done:
            open_ids.add(level.id)
        previous_done = done
    return frozenset(open_ids)


def why_locked(levels: Sequence[Level], progress: Progress, level_id: str) -> str | None:
    """Why a level is locked, in a few words ("win 4 first"); None when it is open."""
    return lock_reasons(levels, progress).get(level_id)


def lock_reasons(levels: Sequence[Level], progress: Progress) -> dict[str, str]:
    """Why each locked level is locked, by id, found in one pass: a list that asked
    `why_locked` of each of 10,000 levels walked the campaign 10,000 times (90 s)."""
    open_ids = unlocked(levels, progress)
    paced = class_window(progress) is not None
    reasons: dict[str, str] = {}
    for before, level in zip([None, *levels], levels, strict=False):
        if level.id in open_ids:
            continue
        if paced or before is None:
            reasons[level.id] = "your teacher opens it later"
        else:
            reasons[level.id] = f"win {before.number or f'“{before.spec.title}”'} first"
    return reasons


def chapters(levels: Sequence[Level]) -> list[tuple[str, list[Level]]]:
    """The levels grouped by chapter, each chapter once, in the order chapters first appear
    (a level keeps its place within its chapter)."""
    grouped: dict[str, list[Level]] = {}
    for level in levels:
        grouped.setdefault(level.spec.chapter, []).append(level)
    return list(grouped.items())


def first_unfinished(levels: Sequence[Level], progress: Progress) -> Level | None:
    """The first level not yet completed (None: the campaign is won)."""
    return next((lv for lv in levels if not progress.get(lv.id).completed), None)


def next_to_play(levels: Sequence[Level], progress: Progress) -> Level | None:
    """Where "continue" goes: the first level not yet completed that is open. In a class
    whose teacher opened levels 3 to 6, `c` opened level 1, shown locked beside it."""
    open_ids = unlocked(levels, progress)
    return next(
        (lv for lv in levels if lv.id in open_ids and not progress.get(lv.id).completed), None
    )


def after(levels: Sequence[Level], level_id: str) -> Level | None:
    """The level that follows `level_id` in the campaign (None after the last, or for a
    level that is not in it)."""
    ids = [lv.id for lv in levels]
    if level_id not in ids:
        return None
    index = ids.index(level_id) + 1
    return levels[index] if index < len(levels) else None


def all_done(levels: Sequence[Level], progress: Progress) -> bool:
    """Whether every level of the campaign is completed."""
    return all(progress.get(lv.id).completed for lv in levels)


def counted(level_id: str, progress: Progress, refused: Container[str] = ()) -> int:
    """The stars a level counts: its record's, and none on a level `dartfit check` refuses
    (`refused`: its id, where that verdict is known), as its win panel says ("No star
    kept"). Stars saved before it was refused are kept in the save (the file mended, they
    count again) but were counted in every total and shown in the list."""
    return 0 if level_id in refused else progress.get(level_id).stars


def own_file(level: Level) -> bool:
    """Whether a level is a file of the player's own (or a teacher's), not one of the
    shipped campaign's: only such a level can be one `dartfit check` refuses."""
    return is_toml(level.path) and level.path.resolve().parent != default_levels_dir()


def refused_levels(levels: Sequence[Level]) -> dict[str, str]:
    """The levels of one's own that `dartfit check` refuses as unwinnable, each with its
    first reason (slow on big data: asked off any UI thread)."""
    from dartfit.check import unwinnable

    found = {level.id: unwinnable(level) for level in levels if own_file(level)}
    return {level_id: reasons[0] for level_id, reasons in found.items() if reasons}


def stars(
    levels: Sequence[Level], progress: Progress, refused: Container[str] = ()
) -> tuple[int, int]:
    """Stars earned over the campaign (`counted`), and the most there are to earn."""
    return sum(counted(lv.id, progress, refused) for lv in levels), 3 * len(levels)


def chapter_stars(
    levels: Sequence[Level], progress: Progress, refused: Container[str] = ()
) -> list[tuple[str, int, int]]:
    """Each chapter once, in the campaign's order, with its stars earned (`counted`) and to
    earn."""
    earned: dict[str, list[int]] = {}
    for level in levels:
        tally = earned.setdefault(level.spec.chapter, [0, 0])
        tally[0] += counted(level.id, progress, refused)
        tally[1] += 3
    return [(chapter, got, most) for chapter, (got, most) in earned.items()]


def in_campaign(levels: Sequence[Level], level_id: str) -> bool:
    """Whether a level is one of the campaign's (the player's own data is not, and isn't kept)."""
    return any(lv.id == level_id for lv in levels)


@dataclass(frozen=True)
class Kept:
    """A win as progress kept it: what its win panel shows."""

    result: LevelResult
    finished: bool = False
    """This win finished the campaign (enter on its panel then leads to the end)."""
    starless: str | None = None
    """Why the win earned no star, in one line (None: it earned the stars it shows)."""


def refused_win(result: LevelResult, why: str) -> Kept:
    """A win on a level `dartfit check` refuses as unwinnable (its target met at the start,
    say): completed, so the next level opens, but with no star, and `why` said."""
    return Kept(msgspec.structs.replace(result, stars=0), starless=f"No star kept: {why}")


def record(progress: Progress, level: Level, result: LevelResult) -> Progress:
    """Progress with a won level folded in (the best result of each kind is kept). Only a
    "≥ target" level keeps its score, where higher is better: elsewhere the score is an MSE
    or a count of wrong picks, and the record's highest would be the worst run."""
    if level.spec.target.type != "at_least" and result.score is not None:
        result = msgspec.structs.replace(result, score=None)
    return progress.record(level.id, result)


def best_value(level: Level, record: LevelRecord) -> float | None:
    """The best value won on a level, the one its target is on: the lowest for "≤ target"
    levels, the highest for "≥ target" ones, and none for picks (their score is a count)."""
    kind = level.spec.target.type
    if kind == "at_least":
        return record.best_score
    return record.best_mse if kind == "at_most" else None
