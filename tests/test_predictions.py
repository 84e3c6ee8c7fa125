"""Predict, then see: every shipped prediction's right answer worked out again from the
level's own data by independent math, and level files' [predict] tables checked."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np

from dartfit.commands import check_paths
from dartfit.levels import Level, find_level, load_levels
from dartfit.rules import darts, degree
from tests.conftest import GOOD_LINE, SHIPPED

LEVELS = load_levels(SHIPPED)


def level(name: str) -> Level:
    return find_level(LEVELS, name)


def chosen(name: str) -> str:
    """The choice the level's file says is right."""
    predict = level(name).spec.predict
    assert predict is not None
    return predict.choices[predict.answer - 1]


def test_every_chapter_asks_for_a_prediction_before_it_reveals() -> None:
    """A [predict] table, or a level that is a prediction (a guess, or picking which
    descent settles) in every chapter."""
    predicting = {"guess", "kink"}
    chapters = {lv.spec.chapter for lv in LEVELS}
    asked = {
        lv.spec.chapter
        for lv in LEVELS
        if lv.spec.predict is not None or lv.spec.kind in predicting
    }
    assert asked == chapters


def test_signed_misses_aimed_at_the_bullseye_sum_to_about_0() -> None:
    lv = level("signs-cancel")
    misses = darts.offsets(lv)[:, 0]  # one axis: each dart's signed miss
    assert abs(misses.sum()) < 0.05 * np.abs(misses).sum()
    assert chosen("signs-cancel") == "About 0"


def _lad_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The least-absolute-deviations line by brute force: one of the lines through two
    data points is always among the best."""
    best = min(
        (np.abs(y - (m * x + (y[i] - m * x[i]))).sum(), m, y[i] - m * x[i])
        for i, j in combinations(range(len(x)), 2)
        if x[i] != x[j]
        for m in [(y[j] - y[i]) / (x[j] - x[i])]
    )
    return best[1], best[2]


def test_the_best_mse_line_passes_nearer_the_outlier_than_the_best_mae_line() -> None:
    lv = level("outlier-mae")
    x, y = np.asarray(lv.x), np.asarray(lv.y)
    far = int(np.argmax(np.abs(y - np.polyval(np.polyfit(x, y, 1), x))))
    m_mse, b_mse = np.polyfit(x, y, 1)
    m_mae, b_mae = _lad_line(x, y)
    assert abs(y[far] - (m_mse * x[far] + b_mse)) < abs(y[far] - (m_mae * x[far] + b_mae))
    assert chosen("outlier-mae") == "The best MSE line"


def test_the_too_hot_rate_is_above_the_largest_stable_one() -> None:
    lv = level("too-hot")
    x = np.asarray(lv.x)
    design = np.column_stack([x, np.ones_like(x)])
    hessian = 2 / len(x) * design.T @ design  # of the MSE over (m, b)
    assert lv.spec.descent is not None and lv.spec.descent.learning_rate is not None
    assert lv.spec.descent.learning_rate > 2 / np.linalg.eigvalsh(hessian).max()
    assert chosen("too-hot").startswith("Zig-zag across the bottom, landing higher")


def test_the_degree_that_does_best_on_new_points_is_3_and_the_others_offered_far_worse() -> None:
    """The choices were bands, 0–2, 3–5 and 6–8, the right one "in between": a guess at the
    middle won. Now degrees 1, 3, 6 and 8, two of them in between."""
    lv = level("degree")
    best = degree.best(lv)  # the level's own simulation, which the sweep shows
    assert best == 3 and chosen("degree") == "Degree 3"
    test_mse = [bv.expected_test_mse for bv in degree.sweep(lv)]
    assert lv.spec.predict is not None
    offered = [int(c.split(":")[0].removeprefix("Degree ")) for c in lv.spec.predict.choices]
    assert offered == [1, 3, 6, 8]
    assert all(test_mse[d] > 2 * test_mse[best] for d in offered if d != best)


def test_a_million_points_leave_the_best_line_the_mse_30_of_them_leave() -> None:
    lv = level("million")
    x, y = np.asarray(lv.x), np.asarray(lv.y)

    def best_mse(xs: np.ndarray, ys: np.ndarray) -> float:
        m, b = np.polyfit(xs, ys, 1)
        return float(np.mean((ys - (m * xs + b)) ** 2))

    some = np.random.default_rng(30).choice(len(x), 30, replace=False)
    noise = lv.spec.data.generate.noise if lv.spec.data and lv.spec.data.generate else 0
    every = best_mse(x, y)
    assert abs(every - noise**2) < 0.05 * noise**2  # the floor is the noise's variance
    assert 0.6 < best_mse(x[some], y[some]) / every < 1.4  # about the same, not n times
    assert chosen("million").startswith("About the same")


def test_the_children_s_best_line_is_flatter_than_their_parents() -> None:
    lv = level("galton")
    slope = np.polyfit(np.asarray(lv.x), np.asarray(lv.y), 1)[0]
    assert lv.spec.start.m == 1.0 and slope < 1.0
    assert chosen("galton").startswith("Flatter")


PREDICT = """
[predict]
ask = "Which?"
choices = ["a", "b"]
answer = 3
why = "Because."
"""


def test_a_prediction_whose_answer_is_no_choice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "01-demo.toml"
    path.write_text(GOOD_LINE + PREDICT)
    fine, found = check_paths([str(path)])
    assert fine == 0 and found == [f"{path}: predict.answer: is 3, but there are 2 choices"]


def test_a_prediction_with_an_unknown_key_or_a_repeated_choice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "01-demo.toml"
    bad = PREDICT.replace("answer = 3", "answer = 1\nhint = 2").replace('"b"', '"A "')
    path.write_text(GOOD_LINE + bad)
    fine, found = check_paths([str(path)])
    assert fine == 0
    assert any("predict.hint: unknown key" in line for line in found), found


def test_a_score_that_reads_as_the_bar_but_misses_it_is_told_apart() -> None:
    """mean-guess: "(★★ needs MSE ≤ 9.724)" over "Your MSE: 9.724", at 9.724286 against
    9.724000: the player met the bar, as it read, and had no star."""
    from dartfit.rules import scoring
    from dartfit.wording import num

    mean_guess = level("mean-guess")
    bar = (scoring.optimum(mean_guess) or 0.0) * mean_guess.spec.stars.close
    for above in (1e-6, 3e-5):  # reading 9.724 either way
        score = bar * (1 + above)
        assert scoring.stars(mean_guess, score, presses=99) == 1 and num(score) == num(bar)
        said = scoring.next_star(mean_guess, 1, score=score) or ""
        shown_bar, _, yours = said.removeprefix("★★ needs MSE ≤ ").partition("; yours is ")
        assert yours and float(shown_bar) < float(yours), said  # as read: not met
    comfortable = scoring.next_star(mean_guess, 1, score=bar * 1.01)
    assert comfortable == f"★★ needs MSE ≤ {num(bar)}"  # plainly above: the bar alone


def test_the_win_panel_says_what_the_next_star_needs() -> None:
    from dartfit.rules import scoring

    galton = level("galton")
    best = scoring.optimum(galton) or 0.0
    assert scoring.next_star(galton, 1) == f"★★ needs MSE ≤ {best * 1.001:.4g}"
    assert scoring.next_star(galton, 2) == "★★★ needs it within par: 12 presses or fewer"
    assert scoring.next_star(galton, 3) is None
    assert "one star at most" in (scoring.next_star(galton, 1, revealed=True) or "")
    guess = level("guess-mse")
    goal = scoring.target_value(guess) or 0.0
    assert scoring.next_star(guess, 1) == f"★★ needs a score of {goal + 0.5 * (100 - goal):.0f}"
    assert scoring.next_star(level("costliest"), 1) is None  # picks count wrong picks
    # the thresholds it names are the ones `stars` applies
    assert scoring.stars(galton, best * 1.001, presses=99) == 2
    assert scoring.stars(galton, best * 1.0011, presses=99) == 1


def test_a_target_is_typeset_as_every_other_number() -> None:
    """`dartfit levels` printed a target as 7.777e-05 (an ASCII hyphen) beside a best of
    3.889e−5: the target, and what the next star needs, go through `num` as well."""
    import dataclasses

    import msgspec

    from dartfit.rules import scoring

    base = level("first-line")
    spec = msgspec.structs.replace(
        base.spec, target=msgspec.structs.replace(base.spec.target, value=7.777e-5, factor=None)
    )
    tiny = dataclasses.replace(base, spec=spec)
    assert scoring.describe_target(tiny) == "MSE ≤ 7.777e−5"
    assert "-" not in (scoring.next_star(level("galton"), 1) or "")
