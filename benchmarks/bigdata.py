"""Big data: the play path on levels of 10⁴ and 10⁶ points, and loading a 10⁶-row CSV.

Above 2,000 points dartfit scores a line from running sums and shades cells instead of
drawing squares; the exact MAE waits until the line rests (FitScreen.MAE_REST) and is then
worked out in a thread. So each key's repaint here is read until the app has been quiet
for MAE_REST + DEFERRED_MARGIN: the deferred work every key starts is counted in its CPU.

Loading is measured in a child process (`python -c LOADER`) on a CSV of points near
y = 2x + 1: the time of the loader the CLI uses (best of `runs`), and its peak memory
(VmHWM after the load less VmHWM before it; ru_maxrss would
carry the benchmark's own peak across exec) against the loaded arrays' size.
A quick run (run.py --quick) measures 10⁴ points only, and loads 10⁴ rows once.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
from level import B_STEP, M_STEP, START_B, START_M, TOAST, best_line, write_level
from path import play_path
from pty_app import Deadline, child_json

SIZES = (10_000, 1_000_000)
QUICK_SIZES = (10_000,)
DEFERRED_MARGIN = 0.3  # s after the deferred timer's delay before a key's repaint is over

LOADER = """
import json, sys, time
from pathlib import Path
from dartfit.csvdata import load_csv
def hwm():
    status = Path("/proc/self/status").read_text().split()
    return int(status[status.index("VmHWM:") + 1])
path, runs = Path(sys.argv[1]), int(sys.argv[2])
before = hwm()
data = load_csv(path)
peak = hwm()
best = float("inf")
for _ in range(runs):
    started = time.perf_counter()
    load_csv(path)
    best = min(best, time.perf_counter() - started)
print(json.dumps({"rows": int(data.x.size), "load_s": best, "peak_kb": peak - before,
                  "data_kb": (data.x.nbytes + data.y.nbytes) // 1024}))
"""


def write_csv(path: Path, n: int) -> None:
    """n points on y = 2x + 1 with unit noise, x in [0, 10], seeded."""
    rng = np.random.default_rng(n)
    x = np.sort(rng.uniform(0, 10, n))
    y = 2 * x + 1 + rng.standard_normal(n)
    np.savetxt(path, np.c_[x, y], delimiter=",", header="x,y", comments="", fmt="%.5f")


def measure_load(path: Path, runs: int, deadline: Deadline) -> dict[str, Any]:
    """Load the CSV in a child process: time (best of `runs`) and peak memory."""
    argv = [sys.executable, "-c", LOADER, str(path), str(runs)]
    found: dict[str, Any] = child_json(argv, f"loading {path.name}", 120.0, deadline)
    found["load_s"] = round(found["load_s"], 3)
    found["peak_to_data"] = round(found["peak_kb"] / max(found["data_kb"], 1), 2)
    return found


def run_bigdata(
    measure: Any,
    cols: int,
    rows: int,
    limit: int | None,
    deadline: Deadline,
    quick: bool = False,
) -> dict[str, Any]:
    """The play path at each size (at most `limit` keys), and the CSV load."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from dartfit.screens.fit import FitScreen

    quiet = FitScreen.MAE_REST + DEFERRED_MARGIN
    sizes = QUICK_SIZES if quick else SIZES
    report: dict[str, Any] = {"size": f"{cols}x{rows}", "quiet_s": quiet, "levels": {}}
    with tempfile.TemporaryDirectory(prefix="dartfit-big-") as tmp:
        folder = Path(tmp)
        for n in sizes:
            levels, data = write_level(folder, n)
            keys = play_path((START_M, START_B), best_line(levels), (M_STEP, B_STEP))[:limit]
            argv = [sys.executable, "-m", "dartfit", "--data-dir", str(data)]
            argv += ["play", "bench", "--levels", str(levels)]
            name = f"{n:,} points"
            result = measure(name, argv, cols, rows, keys, deadline, quiet=quiet, toast=TOAST)
            report["levels"][str(n)] = result.summary()
        csv = folder / f"points-{sizes[-1]}.csv"
        write_csv(csv, sizes[-1])
        report["load"] = measure_load(csv, 1 if quick else 3, deadline)
    return report
