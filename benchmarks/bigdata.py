"""Big data: what a nudge costs at 50, 10⁴ and 10⁶ points, and how long a 10⁶-row CSV takes.

Each size is a CSV of points near y = 2x + 1, opened with `dartfit fit FILE.csv` in a real
pseudo-terminal at 120 × 40 and nudged like the line benchmark (the same `measure`, from
measures.py, passed in by run.py).
Loading is timed in-process, on the same million-row file, with the loader the CLI uses.
Goals: the 10⁶ nudge costs at most 1.5 × the 50-point nudge (CPU), and loading ≤ 2 s.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

SIZES = (50, 10_000, 1_000_000)
GOAL_RATIO = 1.5
GOAL_LOAD_S = 2.0


def write_csv(path: Path, n: int) -> None:
    """n points on y = 2x + 1 with unit noise, x in [0, 10], seeded."""
    rng = np.random.default_rng(n)
    x = np.sort(rng.uniform(0, 10, n))
    y = 2 * x + 1 + rng.standard_normal(n)
    np.savetxt(path, np.c_[x, y], delimiter=",", header="x,y", comments="", fmt="%.5f")


def load_seconds(path: Path, src: Path) -> float:
    """Wall time for dartfit's CSV loader to read the file (best of three)."""
    sys.path.insert(0, str(src))
    from dartfit.csvdata import load_csv

    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        load_csv(path)
        best = min(best, time.perf_counter() - started)
    return best


def run_bigdata(
    measure: Any, cols: int, rows: int, nudges: int, deadline: Any, src: Path
) -> dict[str, Any]:
    """Nudge costs per size, their ratio to the smallest, the load time, and the goals."""
    report: dict[str, Any] = {"sizes": {}}
    with tempfile.TemporaryDirectory(prefix="dartfit-big-") as tmp:
        folder = Path(tmp)
        for n in SIZES:
            path = folder / f"points-{n}.csv"
            write_csv(path, n)
            argv = [sys.executable, "-m", "dartfit", "--data-dir", str(folder), "fit", str(path)]
            result = measure(f"fit {n}", argv, cols, rows, nudges, deadline).summary()
            report["sizes"][str(n)] = result
        report["load_s_1e6"] = round(load_seconds(folder / "points-1000000.csv", src), 3)
    small = report["sizes"][str(SIZES[0])]["cpu_ms_per_nudge_schedstat"]
    big = report["sizes"][str(SIZES[-1])]["cpu_ms_per_nudge_schedstat"]
    ratio = round(big / small, 3) if small and big else None
    report["ratio_1e6_to_50"] = ratio
    report["goals"] = {
        "nudge_ratio": {
            "limit": GOAL_RATIO,
            "value": ratio,
            "pass": ratio is not None and ratio <= GOAL_RATIO,
        },
        "load_s": {
            "limit": GOAL_LOAD_S,
            "value": report["load_s_1e6"],
            "pass": report["load_s_1e6"] <= GOAL_LOAD_S,
        },
    }
    return report


def table(report: dict[str, Any]) -> str:
    """Lines for the printed table."""
    lines = ["big data: `dartfit fit FILE.csv`, a nudge at each size (CPU from schedstat)"]
    for n, d in report["sizes"].items():
        lines.append(
            f"  n = {int(n):>9,}   CPU {d['cpu_ms_per_nudge_schedstat']:>6.2f} ms/nudge"
            f"   bytes {d['bytes_median']:>8,.0f}   startup {d['startup_s']:.2f} s"
        )
    g = report["goals"]
    lines.append(
        f"  10⁶ / 50 nudge CPU: {report['ratio_1e6_to_50']} (goal ≤ {GOAL_RATIO}) "
        f"{'PASS' if g['nudge_ratio']['pass'] else 'MISS'}; load 10⁶ rows: "
        f"{report['load_s_1e6']:.2f} s (goal ≤ {GOAL_LOAD_S:g} s) "
        f"{'PASS' if g['load_s']['pass'] else 'MISS'}"
    )
    return "\n".join(lines)
