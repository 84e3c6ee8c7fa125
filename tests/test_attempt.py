"""The rules of one visit to a level: when a value wins, hints, the best value, a reset."""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from pathlib import Path

import pytest

from dartfit.levels import Level, load_level
from dartfit.rules import scoring
from dartfit.rules.attempt import Attempt, hint, improves, reset, result, scored
from tests.conftest import SHIPPED, scaled_level

# GOOD_LINE (conftest): an MSE ≤ 1.0 target and two hints


@pytest.fixture
def at_most(write_level: Callable[..., Path]) -> Level:
    return load_level(write_level())


@pytest.fixture(scope="module")
def at_least() -> Level:
    level = load_level(SHIPPED / "10-pull.toml")
    assert level.spec.target.type == "at_least"
    return level


def _wins(level: Level, values: list[float], start: Attempt | None = None) -> list[bool]:
    """Score the values one after another: which of them won."""
    attempt, wins = start or Attempt(), []
    for value in values:
        attempt = scored(attempt, level, value)
        wins.append(attempt.just_won)
    return wins


def test_the_first_beaten_value_wins_and_a_second_does_not_win_twice(at_most: Level) -> None:
    assert _wins(at_most, [3.0, 0.9, 0.5, 0.2]) == [False, True, False, False]


def test_a_value_that_falls_short_lets_the_next_better_beaten_value_win_again(
    at_most: Level,
) -> None:
    assert _wins(at_most, [0.9, 1.5, 0.8, 0.7]) == [True, False, True, False]


def test_back_across_the_target_a_result_no_better_than_the_kept_one_does_not_win_again(
    at_most: Level,
) -> None:
    """After a win (and k), the same line out of the target and back opened the win again,
    and again at each crossing (a review): it wins again only with a better result."""
    attempt = Attempt()
    for value, presses in [(0.9, 10), (1.5, 11), (0.9, 12), (2.0, 13), (0.95, 14)]:
        attempt = scored(attempt, at_most, value, presses=presses)
        assert attempt.just_won == (presses == 10), (value, presses)
    assert attempt.won and attempt.kept is not None and attempt.kept.score == 0.9
    attempt = scored(scored(attempt, at_most, 2.0, presses=15), at_most, 0.5, presses=16)
    assert attempt.just_won and attempt.kept is not None and attempt.kept.score == 0.5


def test_a_better_result_inside_the_target_is_kept_without_a_win_and_said_once(
    at_most: Level,
) -> None:
    attempt = scored(Attempt(), at_most, 0.9, presses=1)
    assert attempt.just_won and not attempt.bettered  # the win says it: nothing was kept before
    better = scored(attempt, at_most, 0.5, presses=2)
    assert better.bettered and not better.just_won and better.kept is not None
    assert better.kept.score == 0.5 and better.kept.presses == 2
    worse = scored(better, at_most, 0.7, presses=3)
    assert not worse.bettered and worse.kept == better.kept
    # a value that reads as the kept one does is no better (the HUD shows 0.5000 for both)
    assert not scored(better, at_most, 0.5 - 1e-9, presses=2).bettered


def test_more_stars_are_a_better_result_and_fewer_are_not_whatever_the_value(
    at_most: Level,
) -> None:
    exact = scoring.star_bars(at_most)[0]  # the bar of ★★★
    kept = result(Attempt(), at_most, exact, presses=1)
    assert kept.stars == 3
    assert not improves(at_most, kept, result(Attempt(), at_most, 0.9, presses=1))
    revealed = result(Attempt(), at_most, exact * 0.99, presses=1, revealed=True)
    assert revealed.stars < kept.stars and not improves(at_most, kept, revealed)
    assert improves(at_most, revealed, kept)


def test_a_reset_forgets_the_win_so_the_next_beaten_value_wins(at_most: Level) -> None:
    won = scored(Attempt(), at_most, 0.5)
    assert won.won
    again = reset(won)
    assert not again.won and not again.just_won and again.kept is None
    assert _wins(at_most, [0.5], start=again) == [True]


def test_a_reset_keeps_the_hints_already_shown(at_most: Level) -> None:
    shown = hint(hint(scored(Attempt(), at_most, 0.5), at_most), at_most)
    assert reset(shown).hints == 2


def test_hints_count_up_to_the_number_of_hints_and_no_further(at_most: Level) -> None:
    assert len(at_most.spec.hints) == 2
    counts, attempt = [], Attempt()
    for _ in range(4):
        attempt = hint(attempt, at_most)
        counts.append(attempt.hints)
    assert counts == [1, 2, 2, 2]


def test_a_hint_after_a_win_is_not_a_second_win(at_most: Level) -> None:
    won = scored(Attempt(), at_most, 0.5)
    assert won.just_won and not hint(won, at_most).just_won


def test_the_best_is_the_lowest_value_for_at_most(at_most: Level) -> None:
    attempt = reduce(lambda a, v: scored(a, at_most, v), [3.0, 0.4, 2.0, 0.9], Attempt())
    assert attempt.best == 0.4


def test_the_best_is_the_highest_value_for_at_least(at_least: Level) -> None:
    attempt = reduce(lambda a, v: scored(a, at_least, v), [3.0, 7.5, 2.0, 5.0], Attempt())
    assert attempt.best == 7.5


def test_scoring_keeps_the_hints_and_a_reset_keeps_the_best(at_most: Level) -> None:
    attempt = scored(hint(Attempt(), at_most), at_most, 0.5)
    assert attempt.hints == 1
    assert reset(scored(attempt, at_most, 2.0)).best == 0.5


def test_a_win_records_its_value_presses_stars_and_the_hints_used(
    at_most: Level, at_least: Level
) -> None:
    attempt = scored(hint(Attempt(), at_most), at_most, 0.5)
    record = result(attempt, at_most, 0.5, presses=7)
    assert record.completed and record.hints_used == 1
    assert (record.mse, record.score, record.presses) == (0.5, 0.5, 7)
    assert record.stars == scoring.stars(at_most, 0.5, 7) >= 1
    assert result(attempt, at_most, 0.5, presses=7, revealed=True).stars == 1
    goal = scoring.target_value(at_least)
    assert goal is not None
    assert result(Attempt(), at_least, goal, presses=3).mse is None


@pytest.mark.parametrize("scale", [1e-6, 1e-12, 1e-20])
@pytest.mark.parametrize("name", ["05-first-line", "07-fine-tune", "12-steep"])
def test_stars_on_data_of_any_size_are_those_of_the_same_level_at_its_own(
    tmp_path: Path, name: str, scale: float
) -> None:
    """The round-off a star's bar allowed was a trillionth of 1 + the best: on data 1e−12
    tall (best MSE 6.9e−25) a trillion times the best, so ★★ ("within 1.1 × the best")
    came with the target, 2 × the best. A star asks the same share of the best at any
    scale (an MSE scales as the square of the data)."""
    own = load_level(SHIPPED / f"{name}.toml")
    tiny = load_level(scaled_level(tmp_path, name, scale))
    best = scoring.optimum(own)
    assert best is not None
    assert scoring.star_bars(tiny) == pytest.approx(
        [bar * scale**2 for bar in scoring.star_bars(own)], rel=1e-9
    )
    for times in (1.0, 1.005, 1.05, 1.09, 1.2, 1.5, 1.99):
        for presses in (1, 10**6):
            value = best * times
            assert scoring.stars(tiny, value * scale**2, presses) == scoring.stars(
                own, value, presses
            ), (times, presses)


@pytest.mark.parametrize(
    ("name", "value", "presses", "can"),
    [
        ("14-median-guess", None, 5, False),  # won at the best MAE: nothing to better
        ("14-median-guess", 2.1429, 5, False),  # a hair above it, and reads as it: 2.143
        ("14-median-guess", 2.15, 5, True),  # above it as shown
        ("05-first-line", 1.130, 10, True),
        ("05-first-line", None, 30, False),  # the best after par: ★★, and more presses
        ("05-first-line", None, 12, False),  # the best within par: ★★★
        ("10-pull", 1.644, 1, True),  # at least: a larger MSE is a better one
    ],
)
def test_playing_on_is_offered_only_where_the_result_can_still_be_bettered(
    name: str, value: float | None, presses: int, can: bool
) -> None:
    """median-guess won at MAE 2.143 beside the best 2.143 offered k keep improving (an
    independent check). A result can be bettered where the best value, reached after as
    many presses (playing on never takes one back), would improve on it as it reads."""
    from dartfit.rules.attempt import improvable

    level = load_level(SHIPPED / f"{name}.toml")
    score = scoring.optimum(level) if value is None else value
    assert score is not None
    won = result(Attempt(), level, score, presses)
    assert won.stars >= 1
    assert improvable(level, won) == can
