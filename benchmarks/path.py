"""The play path: the keys a player presses on a line level, from its start line to its best
line and past it, coarse and fine (shift), slope and intercept.

From the start the slope is walked toward the best line's in coarse steps (→ or ←) while
one more would overshoot, then in fine steps (shift+→, a tenth of a step); the intercept
likewise (↑ ↓, shift+↑ shift+↓). Then the player looks past the best line: PAST coarse
steps of the slope beyond it and back, and two of the intercept above it and back. On the
benchmark's level (start m = 0, b = 1; best about m = 2.0, b = 1.0; steps 0.1 and 0.5)
that is about forty keys.
"""

from __future__ import annotations

KEYS = {
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "shift+right": b"\x1b[1;2C",
    "shift+left": b"\x1b[1;2D",
    "shift+up": b"\x1b[1;2A",
    "shift+down": b"\x1b[1;2B",
}
PAST = 4  # coarse slope steps beyond the best line (and as many back)
PAST_B = 2  # coarse intercept steps above it (and as many back)


def _walk(start: float, goal: float, step: float, up: str, down: str) -> list[str]:
    """Coarse keys toward `goal` while they do not overshoot, then the nearest fine keys."""
    coarse = int((goal - start) / step)  # toward zero: never past the goal
    fine = round((goal - start - coarse * step) / (step / 10))
    return [up if coarse > 0 else down] * abs(coarse) + [f"shift+{up if fine > 0 else down}"] * abs(
        fine
    )


def play_path(
    start: tuple[float, float], best: tuple[float, float], steps: tuple[float, float]
) -> list[str]:
    """The key names of the path from the start line (m, b) to the best line and past it."""
    (m0, b0), (m1, b1), (dm, db) = start, best, steps
    keys = _walk(m0, m1, dm, "right", "left") + _walk(b0, b1, db, "up", "down")
    keys += ["right"] * PAST + ["left"] * PAST + ["up"] * PAST_B + ["down"] * PAST_B
    return keys
