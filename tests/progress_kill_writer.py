"""Helper for test_progress: saves a deterministic sequence of progress states until killed.

Run as `python progress_kill_writer.py FILE`: continues from the state found in FILE,
prints "ready" after its first save, then keeps saving state(i), state(i + 1), ...
"""

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dartfit.progress import LevelResult, Progress, ProgressStore

LEVELS = 40  # enough levels that one save is ~10 KB, widening the window for a torn write
START = datetime(2026, 1, 1, tzinfo=UTC)


def step(progress: Progress, i: int) -> Progress:
    """Return the state after save number i, given the state after save i - 1."""
    won = i % 3 != 0
    result = LevelResult(
        completed=won,
        stars=(i * 5) % 4 if won else 0,  # a run not won earns no stars
        mse=100 / (i + 1),
        score=float(i % 11),
        presses=50 - i % 37,
        hints_used=i % 4,
        finished_at=START + timedelta(seconds=i),
    )
    return progress.record(f"level-{i % LEVELS}", result).with_setting("saves", i)


def main(path: Path) -> None:
    store = ProgressStore(path)
    progress = store.load().progress
    i = progress.settings.get("saves", -1) + 1
    progress = step(progress, i)
    store.save(progress)
    print("ready", flush=True)
    while True:
        i += 1
        progress = step(progress, i)
        store.save(progress)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
