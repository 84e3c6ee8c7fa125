"""Big data: what a nudge costs at 50, 10⁴ and 10⁶ points, and how long a 10⁶-row CSV takes.

Each size is a CSV of points near y = 2x + 1, opened with `dartfit fit FILE.csv` in a real
pseudo-terminal at 120 × 40 and nudged like the line benchmark (the same `measure`, from
measures.py, passed in by run.py).
Loading is timed in-process, on the same million-row file, with the loader the CLI uses.
Goals: the 10⁶ nudge costs at most 1.5 × the 50-point nudge (CPU), and loading ≤ 2 s.
A quick run (run.py --quick, the test suite's smoke test) measures QUICK_SIZES only and
times one load of the largest; its figures then say nothing about 10⁶ points.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

SIZES = (50, 10_000, 1_000_000)
QUICK_SIZES = (50, 10_000)
GOAL_RATIO = 1.5
GOAL_LOAD_S = 2.0


def write_csv(path: Path, n: int) -> None:
    """n points on y = 2x + 1 with unit noise, x in [0, 10], seeded."""
    rng = np.random.default_rng(n)
    x = np.sort(rng.uniform(0, 10, n))
    y = 2 * x + 1 + rng.standard_normal(n)
    np.savetxt(path, np.c_[x, y], delimiter=",", header="x,y", comments="", fmt="%.5f")


def load_seconds(path: Path, src: Path, runs: int = 3) -> float:
    """Wall time for dartfit's CSV loader to read the file (best of `runs`)."""
    sys.path.insert(0, str(src))
    from dartfit.csvdata import load_csv

    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        load_csv(path)
        best = min(best, time.perf_counter() - started)
    return best


def run_bigdata(
    measure: Any, cols: int, rows: int, nudges: int, deadline: Any, src: Path, quick: bool = False
) -> dict[str, Any]:
    """Nudge costs per size, the largest's ratio to the smallest, the time to load the
    largest, and the goals."""
    sizes = QUICK_SIZES if quick else SIZES
    report: dict[str, Any] = {"sizes": {}, "load_rows": sizes[-1]}
    with tempfile.TemporaryDirectory(prefix="dartfit-big-") as tmp:
        folder = Path(tmp)
        for n in sizes:
            path = folder / f"points-{n}.csv"
            write_csv(path, n)
            argv = [sys.executable, "-m", "dartfit", "--data-dir", str(folder), "fit", str(path)]
            result = measure(f"fit {n}", argv, cols, rows, nudges, deadline).summary()
            report["sizes"][str(n)] = result
        largest = folder / f"points-{sizes[-1]}.csv"
        report["load_s"] = round(load_seconds(largest, src, 1 if quick else 3), 3)
    small = report["sizes"][str(sizes[0])]["cpu_ms_per_nudge_schedstat"]
    big = report["sizes"][str(sizes[-1])]["cpu_ms_per_nudge_schedstat"]
    ratio = round(big / small, 3) if small and big else None
    report["ratio_largest_to_smallest"] = ratio
    report["goals"] = {
        "nudge_ratio": {
            "limit": GOAL_RATIO,
            "value": ratio,
            "pass": ratio is not None and ratio <= GOAL_RATIO,
        },
        "load_s": {
            "limit": GOAL_LOAD_S,
            "value": report["load_s"],
            "pass": report["load_s"] <= GOAL_LOAD_S,
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
    g, (small, *_, big) = report["goals"], report["sizes"]
    lines.append(
        f"  {big} / {small} nudge CPU: {report['ratio_largest_to_smallest']} (goal ≤ {GOAL_RATIO}) "
        f"{'PASS' if g['nudge_ratio']['pass'] else 'MISS'}; load {report['load_rows']:,} rows: "
        f"{report['load_s']:.2f} s (goal ≤ {GOAL_LOAD_S:g} s) "
        f"{'PASS' if g['load_s']['pass'] else 'MISS'}"
    )
    return "\n".join(lines)
