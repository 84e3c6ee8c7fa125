"""`dartfit check`'s rule: why a level can't be won as written.

It sits above the kinds: the level's own rules say which keys would move nothing and
what keeps the target out of reach; the shared rules say what the target is.
"""

from __future__ import annotations

from dartfit.kinds import rules_of
from dartfit.levels import Level
from dartfit.rules.scoring import (
    GOAL_ROWS,
    SMALLEST,
    goal_rows,
    optimum,
    star_slack,
    target_value,
)
from dartfit.wording import echoed, hint_line, num, predict_choice, wrap_at_spaces


def problems(level: Level) -> list[str]:
    """Why a level can't be won, or read, as written (empty when it can)."""
    return unwinnable(level) + text_problems(level)


def unwinnable(level: Level) -> list[str]:
    """Why a level can't be won as written (empty when it can)."""
    rules = rules_of(level)
    # keys that can't move can't aim: their problem comes first, and alone
    return rules.key_problems(level) or rules.target_problems(level, target_value(level))


LOOSEST = 1.1
"""The loosest `close` on a level with a par: ★★ and, within par, ★★★ are for lines near the
best, not 20 % above it (Steep climb gave ★★★ at 1.18 × the best; Fine-tune ★ at 1.01 ×)."""


def star_problems(level: Level) -> list[str]:
    """Stars a level file asks for nearer the best than its target (★★ within `close` of
    it, ★★★ within `exact` where there is no par) that the keys can't reach: `close = 1.0`
    passed, and ★★ then asked for the best line itself, which no key lands on. (For a level
    file: the player's own data and generated puzzles keep the default stars.)"""
    t, s = level.spec.target, level.spec.stars
    best, goal = optimum(level), target_value(level)
    if t.type != "at_most" or t.metric == "score" or best is None or goal is None:
        return []
    rules = rules_of(level)
    tol = star_slack(best, goal)  # as `scoring.stars` allows
    found = []
    if s.par is not None and s.close > LOOSEST:
        found.append(
            f"stars.close: {echoed(s.close)} gives ★★★ (within par)"
            f" {echoed(round(100 * (s.close - 1)))} % above the best {t.metric.upper()}: at most"
            f" {echoed(LOOSEST)}, with finer [controls]"
            " if the keys can't reach nearer"
        )
    for key, ratio, want in (("close", s.close, "★★"), ("exact", s.exact, "★★★")):
        if (key == "exact" and s.par is not None) or best * ratio >= goal:
            continue  # ★★★ is then for par; a star the target already passes is reached
        why = rules.reach_problems(level, best * ratio + tol)
        if why:
            reason = why[0].split(" is ", 1)[-1]
            found.append(
                f"stars.{key}: {want} needs {t.metric.upper()} ≤ {num(best * ratio)},"
                f" which is {reason}"
            )
    return found


HINT_ROWS = 3
"""The rows the hint line has (#hint in dartfit.tcss), inside a padding of one column on
either side (the goal's: `scoring.GOAL_ROWS`)."""


PREDICT_WIDTH = 66
"""The cells a row of the predict box holds (#predict-box: 72 columns, less its border and
padding)."""
PREDICT_ROWS = 11
"""The rows the predict box has at 80×24 for its question and its choices: 22 inside its
border, less its title, the keys under it (two, and a gap), a gap under the question and a
chart of 4 rows with its key and a gap (the rows the schema's longest question, 400
characters, and four choices of 60 leave it)."""


def text_problems(level: Level) -> list[str]:
    """A goal, a hint or a prediction's question and choices too long to be read whole at
    80×24, where it would be cut."""
    width = SMALLEST - 2
    found = []
    rows = goal_rows(level)
    if rows > GOAL_ROWS:
        found.append(
            f"goal: takes {rows} rows at {SMALLEST} columns, with its target; "
            f"{GOAL_ROWS} are shown: shorten it"
        )
    hints = level.spec.hints
    for k in range(1, len(hints) + 1):
        rows = len(wrap_at_spaces(hint_line(hints, k), width))
        if rows > HINT_ROWS:
            found.append(
                f"hints[{k - 1}]: takes {rows} rows at {SMALLEST} columns; "
                f"{HINT_ROWS} are shown: shorten it"
            )
    predict = level.spec.predict
    if predict is not None:
        # wide characters (中 is two cells) fit a 60-character choice on two rows, not one:
        # four of them under a long question pushed the keys and the last choice out of the
        # box, which has no scroll
        lines = [" ".join(predict.ask.split())]
        lines += [predict_choice(i, choice) for i, choice in enumerate(predict.choices, 1)]
        rows = sum(len(wrap_at_spaces(line, PREDICT_WIDTH)) for line in lines)
        if rows > PREDICT_ROWS:
            found.append(
                f"predict: its question and choices take {rows} rows at {SMALLEST}×24; "
                f"{PREDICT_ROWS} are shown: shorten them"
            )
    return found
