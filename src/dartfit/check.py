"""`dartfit check`'s rule: why a level can't be won as written.

It sits above the kinds: the level's own rules say which keys would move nothing and
what keeps the target out of reach; the shared rules say what the target is.
"""

from __future__ import annotations

from dartfit.kinds import rules_of
from dartfit.levels import Level
from dartfit.rules.scoring import target_value


def problems(level: Level) -> list[str]:
    """Why a level can't be won as written (empty when it can)."""
    rules = rules_of(level)
    # keys that can't move can't aim: their problem comes first, and alone
    return rules.key_problems(level) or rules.target_problems(level, target_value(level))
