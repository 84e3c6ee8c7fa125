"""The rules every kind shares: the number to beat, whether it is beaten, and the stars.

The kind's own rules (`dartfit.kinds`) say what the optimum and the starting value are;
everything here follows from those and the level's [target] and [stars] tables.
"""

from __future__ import annotations

from dartfit.kinds import rules_of
from dartfit.levels import Level, figures, per_level
from dartfit.wording import apart, kept, num, score_tenths, shown_score, wrap_at_spaces

HALF, MOST = 0.5, 0.8
"""A score's second star is half the way from the target to 100, its third 80 % of it."""


@per_level
def optimum(level: Level) -> float | None:
    """The best value of the level's metric a player can reach (None for picks); a big
    level's is kept between runs (`figures`)."""
    return figures.kept(level, "optimum", lambda: rules_of(level).optimum(level))


@per_level
def start_value(level: Level) -> float | None:
    """The metric before the player does anything (None for darts and picks)."""
    return figures.kept(level, "start", lambda: rules_of(level).start_value(level))


@per_level
def target_value(level: Level) -> float | None:
    """The number to beat: the written value, or factor × the optimum (× the start for at_least)."""
    t = level.spec.target
    if t.value is not None:
        return t.value
    if t.factor is None:
        return None
    reference = start_value(level) if t.type == "at_least" else optimum(level)
    return None if reference is None else t.factor * reference


def beaten(level: Level, value: float) -> bool:
    """Whether a metric value meets the level's target."""
    goal = target_value(level)
    if goal is None:
        return False
    if level.spec.target.metric == "score":  # judged as shown, to a tenth rounded down
        return score_reaches(value, goal)
    return value >= goal if level.spec.target.type == "at_least" else value <= goal


def star_bars(level: Level) -> list[float]:
    """The values that earn each star closeness can, strictest first: the exact bar (not
    where par earns the third star), the close bar, the target; none for picks, scores and
    "at least"."""
    t, s = level.spec.target, level.spec.stars
    goal, best = target_value(level), optimum(level)
    if goal is None or best is None or t.metric == "score" or t.type != "at_most":
        return []
    tol = star_slack(best, goal)
    ratios = [s.close] if s.par is not None else [s.exact, s.close]
    return [min(goal, best * ratio + tol) for ratio in ratios] + [goal]


def star_slack(best: float, goal: float) -> float:
    """The round-off a star's bar allows beyond the best value: a trillionth of the best (of
    the target where the best is 0). It was a trillionth of 1 + the best, which on data
    1e−12 tall (best MSE 6.9e−25) is a trillion times the best: ★★ came with the target."""
    return 1e-12 * (abs(best) or abs(goal))


def score_reaches(score: float, bar: float) -> bool:
    """Whether a score out of 100 reaches a bar (the target, a star's) as the player reads
    it, to a tenth rounded down: 74.99999999999999 reads 75 and earns the star at 75."""
    return score_tenths(score) >= bar * 10 - 1e-6


def stars(level: Level, value: float, presses: int, revealed: bool = False) -> int:
    """Stars for a finished attempt: one for the target, more for closeness and for par.

    For picks, ``value`` is the number of wrong picks before the right one.
    """
    t, s = level.spec.target, level.spec.stars
    if t.type.startswith("pick"):
        return max(1, 3 - round(value))
    if not beaten(level, value):
        return 0
    if t.metric == "score":  # a score out of 100: the stars split the way from the target
        goal = target_value(level) or 0.0
        earned = 1 + sum(
            score_reaches(value, goal + share * (100 - goal)) for share in (HALF, MOST)
        )
    elif t.type == "at_least":
        earned = 1 + (s.par is None or presses <= 2 * s.par) + (s.par is None or presses <= s.par)
    else:
        best = optimum(level) or 0.0
        tol = star_slack(best, target_value(level) or 0.0)

        def within(ratio: float) -> bool:
            return value <= best * ratio + tol

        earned = 1
        if within(s.close):
            earned = 2
            third = presses <= s.par if s.par is not None else within(s.exact)
            earned += third
    return min(earned, 1) if revealed else earned


def _bar(value: float, score: float | None) -> str:
    """A star's bar as the win shows it; where the player's score reads as the bar but is
    above it (9.724286 against 9.724: "needs MSE ≤ 9.724" over "Your MSE: 9.724"), the
    two to the digits that tell them apart, the player's named."""
    if score is None or not score > value:
        return num(value)
    bar, yours = apart(value, score)
    return bar if (bar, yours) == (num(value), num(score)) else f"{bar}; yours is {yours}"


def next_star(
    level: Level, stars: int, revealed: bool = False, score: float | None = None
) -> str | None:
    """What the next star asks, in a few words ("★★★ needs MSE ≤ 1.02 (par 12 presses)"),
    or None with three stars (and for picks, whose stars count the wrong picks). `score`:
    the player's, told apart from the bar where the two would read alike (`_bar`)."""
    t, s = level.spec.target, level.spec.stars
    if stars >= 3 or t.type.startswith("pick") or stars < 1:
        return None
    if revealed:
        return "the best line was shown: one star at most; a play again without it earns more"
    want = "★" * (stars + 1)
    if t.metric == "score":
        goal = target_value(level) or 0.0
        share = HALF if stars == 1 else MOST
        return f"{want} needs a score of {shown_score(goal + share * (100 - goal))}"
    if t.type == "at_least":
        par = s.par or 0
        return f"{want} needs {2 * par if stars == 1 else par} key presses or fewer"
    best = optimum(level) or 0.0
    if stars == 1:
        return f"{want} needs {t.named} ≤ {_bar(best * s.close, score)}"
    if s.par is not None:
        return f"{want} needs it within par: {s.par} presses or fewer"
    return f"{want} needs {t.named} ≤ {_bar(best * s.exact, score)}"


def describe_target(level: Level) -> str:
    """The goal in a few characters: ``MSE ≤ 4``, ``MSE ≥ 12.5``, ``pick``."""
    t = level.spec.target
    goal = target_value(level)
    if goal is None:
        return {
            "pick_costliest": "pick the costliest",
            "pick_worse": "pick the worse round",
            "pick_degree": "pick the best degree",
            "pick_settled": "predict which settles",
        }.get(t.type, f"{t.named}: no target (`dartfit check` says why)")
    return f"{t.named} {_sign(level)} {num(goal)}"


SMALLEST = 80
"""The narrowest terminal the game plays in: its goal and hints must be read whole there."""
GOAL_ROWS = 2
"""The rows the goal line has (#goal in dartfit.tcss), inside a padding of one column on
either side."""


def goal_rows(level: Level) -> int:
    """The rows the goal line, with its target, takes at the narrowest terminal."""
    return len(wrap_at_spaces(goal_line(level), SMALLEST - 2))


def goal_line(level: Level) -> str:
    """The goal as a level shows it, with its target number (kept on one row)."""
    goal = target_value(level)
    if goal is None:
        return f"Goal: {level.spec.goal}"
    target = kept(f"(target {level.spec.target.named} {_sign(level)} {num(goal)})")
    return f"Goal: {level.spec.goal}   {target}"


def _sign(level: Level) -> str:
    """How the metric must compare with the target: ≥ to beat an "at least", else ≤."""
    return "≥" if level.spec.target.type == "at_least" else "≤"
