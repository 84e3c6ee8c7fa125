"""Stalls: the longest the game's event loop is held, on every shipped level and on a
10⁶-row CSV in the sandbox, under a player's keys.

    python benchmarks/stalls.py [--keys N] [--levels ID ...] [--csv-rows N]

A stall is time the game's loop cannot answer: a key, a frame or a timer's work that runs
long on it, where the screen neither repaints nor takes the next key. A task in the game's
own loop sleeps STEP again and again and notes by how much each sleep overran; the longest
overrun, and the key pressed last before it, is the level's longest stall. The heap is
settled as the game settles it before it runs (what is loaded frozen out of the collector's
full passes, young objects collected every 5,000: a full pass was a 100 ms stall the game
never has). Each level is
opened (its prediction already made, as for a player back at it) in a terminal of 120×40:
a pseudo-terminal the child makes its own (stdin, stdout and stderr), read and thrown away
by a thread, so every frame is rendered, trimmed by the wire and written as in play (a
headless game renders no frame to the terminal at all). Keys come through the Pilot: KEYS
seeded random keys of the kinds a player presses (arrows, with shift, space, enter, tab,
the level's letters, the rate keys), each pressed once the game is idle; a key that leaves
the level (the auto-solver, a dialog) is followed by escape. The sandbox plays
the same on a CSV of n points near y = 2x + 1 (big data: its exact MAE and best MAE line
are worked out off the loop, and the load itself is done before the game, at the command
line, with its own progress line).

Run by run.py in a child process (`--json`), whose report names the worst level; on its
own it prints a line per level. The goal is issue 11's: no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import fcntl
import gc
import json
import os
import random
import struct
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the benchmark's parts live beside this file
from pty_app import SRC, Deadline, child_json  # noqa: E402

STEP = 0.005  # s the watching task sleeps between looks at the loop
KEYS = 60  # random keys a level is given (the smoke run gives fewer)
SIZE = (120, 40)
CSV_ROWS = 1_000_000
ARROWS = ["left", "right", "up", "down"]
PRESSED = (
    ARROWS * 4
    + [f"shift+{a}" for a in ARROWS] * 2
    + ["tab", "space", "space", "enter"]
    + list("sbafcdouk")
    + ["left_square_bracket", "right_square_bracket", "plus", "minus"]
)
SETTLE = 0.3  # s the game is left alone after its last key, for deferred work to run
QUICK = ("--keys", "8", "--levels", "first-line", "degree", "--csv-rows", "10000")
"""The smoke run's stalls: two levels, a few keys, a small CSV (its figures are not the ones
to quote)."""


async def _play(app: Any, keys: int, seed: str) -> dict[str, Any]:
    """Open the app, press `keys` random keys, and note the longest overrun of the loop."""
    from dartfit.screens.level_base import LevelScreen

    worst: dict[str, Any] = {"ms": 0.0, "after": "the first frame", "keys": 0, "looks": 0}
    last = ["the first frame"]

    async def watch() -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            await asyncio.sleep(STEP)
            late = (loop.time() - started - STEP) * 1000
            worst["looks"] += 1
            if late > worst["ms"]:
                worst["ms"], worst["after"] = late, last[0]

    rng = random.Random(seed)
    async with app.run_test(headless=False, size=None) as pilot:  # the terminal's size
        watching = asyncio.get_running_loop().create_task(watch())
        await pilot.pause()
        for n in range(keys):
            if not isinstance(app.screen, LevelScreen):  # the solver, a dialog, a lesson
                last[0] = f"escape from {type(app.screen).__name__}"
                await pilot.press("escape")
                if not isinstance(app.screen, LevelScreen):
                    break  # back at the list: the level was left (won and gone on, say)
            key = rng.choice(PRESSED)
            last[0] = f"{key} on {type(app.screen).__name__}"
            await pilot.press(key)
            worst["keys"] = n + 1
        await pilot.pause(SETTLE)
        watching.cancel()
        with contextlib.suppress(asyncio.CancelledError):  # what else it raised, raised
            await watching
    worst["ms"] = round(worst["ms"], 1)
    return worst


def _in_a_terminal() -> int:
    """Give this process a pseudo-terminal of SIZE as its stdin, stdout and stderr (Textual
    writes frames to stderr), drained by a thread; the old stdout's descriptor, for the
    report. Python's own errors still go to the old stderr."""
    report, errors = os.dup(1), os.dup(2)
    main, side = os.openpty()
    fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    for fd in (0, 1, 2):
        os.dup2(side, fd)

    def drain() -> None:
        with contextlib.suppress(OSError):
            while os.read(main, 1 << 16):
                pass

    threading.Thread(target=drain, name="stalls-drain", daemon=True).start()
    sys.stderr = open(errors, "w", buffering=1, encoding="utf-8", closefd=False)  # noqa: SIM115
    return report


def _predicted(folder: Path, levels: list[Any]) -> None:
    """Progress in which every level's prediction was made: the level opens straight away."""
    from dartfit.progress import ProgressStore

    store = ProgressStore.in_folder(folder)
    progress = store.load().progress
    for level in levels:
        if level.spec.predict is not None:
            progress = progress.answered(f"predict/{level.id}", True, "predict")
    store.save(progress)


def measure_stalls(keys: int, only: list[str] | None, csv_rows: int) -> dict[str, Any]:
    """Every shipped level's longest stall (or those named), and the sandbox's on a CSV of
    `csv_rows` points (none when 0)."""
    sys.path.insert(0, str(SRC))
    from dartfit.app import make_app
    from dartfit.cli import settle_the_heap
    from dartfit.csvdata import load_csv
    from dartfit.levels import default_levels_dir, load_levels

    levels = load_levels(default_levels_dir())
    unknown = sorted(set(only or ()) - {level.id for level in levels})
    if unknown:
        raise SystemExit(f"stalls.py: no shipped level {', '.join(unknown)}")
    out: dict[str, Any] = {"keys": keys, "size": f"{SIZE[0]}x{SIZE[1]}", "levels": {}}
    with tempfile.TemporaryDirectory(prefix="dartfit-stalls-") as tmp:
        for level in levels:
            if only and level.id not in only:
                continue
            data = Path(tempfile.mkdtemp(dir=tmp))
            _predicted(data, levels)
            app = make_app(data_dir=data, start=level.id)
            gc.collect()  # the last level's game gone, not frozen with what lives on
            settle_the_heap()  # as the game does before it runs (`dartfit.cli`)
            out["levels"][level.id] = asyncio.run(_play(app, keys, level.id))
        if csv_rows:
            import numpy as np

            path = Path(tmp) / "big.csv"
            rng = np.random.default_rng(csv_rows)
            x = np.sort(rng.uniform(0, 10, csv_rows))
            y = 2 * x + 1 + rng.standard_normal(csv_rows)
            np.savetxt(path, np.c_[x, y], delimiter=",", header="x,y", comments="", fmt="%.5f")
            started = time.perf_counter()
            data_set = load_csv(path)
            load_s = time.perf_counter() - started
            app = make_app(data_dir=Path(tempfile.mkdtemp(dir=tmp)), data=data_set)
            gc.collect()
            settle_the_heap()
            found = asyncio.run(_play(app, keys, "csv"))
            out["csv"] = found | {"rows": csv_rows, "load_s": round(load_s, 2)}
    every = [*out["levels"].items(), *([("csv", out["csv"])] if "csv" in out else [])]
    if every:
        name, worst = max(every, key=lambda item: item[1]["ms"])
        out["worst"] = {"where": name, "ms": worst["ms"], "after": worst["after"]}
    return out


def run_stalls(deadline: Deadline, quick: bool = False) -> dict[str, Any]:
    """`measure_stalls` in a child process of its own (a fresh game's loop, nothing of the
    benchmark's in its memory): its report."""
    argv = [sys.executable, str(Path(__file__).resolve()), "--json", *(QUICK if quick else ())]
    found: dict[str, Any] = child_json(argv, "watching for stalls", 900.0, deadline)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=KEYS, help="random keys a level is given")
    parser.add_argument("--levels", nargs="*", default=None, help="only these level ids")
    parser.add_argument("--csv-rows", type=int, default=CSV_ROWS, help="0: no CSV sandbox")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    report = _in_a_terminal()
    found = measure_stalls(args.keys, args.levels, args.csv_rows)
    if args.json:
        os.write(report, (json.dumps(found) + "\n").encode())
        return 0
    rows = [*found["levels"].items(), *([("csv", found["csv"])] if "csv" in found else [])]
    lines = [
        f"{name:18} {worst['ms']:7.1f} ms  after {worst['after']} ({worst['keys']} keys)"
        for name, worst in rows
    ]
    if "worst" in found:
        worst = found["worst"]
        lines.append(f"longest stall: {worst['ms']} ms on {worst['where']}, after {worst['after']}")
    os.write(report, ("\n".join(lines) + "\n").encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
