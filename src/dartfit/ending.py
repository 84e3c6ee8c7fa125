"""How long a game may take to end once it is asked to: each wait of its ending, and their
sum, which a class host gives a game after SIGTERM before its SIGKILL. Pure: numbers only."""

from __future__ import annotations

END_WAIT = 2.0
"""Seconds an ending waits for the screens still mounting (`SteadyApp.end`)."""
LAST_SAVE_WAIT = 5.0
"""Seconds the save retried as the game ends may take: more than a held lock is waited for
(the class store's 2 s), less than a player waits before closing the window."""
ELSEWHERE_WAIT = 2.0
"""Seconds the game's end gives keeping progress elsewhere when its store stopped answering
(the cache folder may be on the same dead disk)."""
SHUTDOWN_GRACE = 3.0
"""Seconds the app may take to end, its saves done, before the process ends itself."""
LAST_WORDS_WAIT = 0.5
"""Seconds the watchdog gives the terminal's restoring before it ends the process."""

LONGEST_END = END_WAIT + LAST_SAVE_WAIT + ELSEWHERE_WAIT + SHUTDOWN_GRACE + LAST_WORDS_WAIT
"""The most a game takes from being asked to end to its process ending (a game that ends
itself later than this is one the watchdog could not end: only SIGKILL can)."""
