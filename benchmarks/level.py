"""The benchmark's line level: 50 generated points, written to a folder and exported as CSV.

Slope 2, intercept 1, noise 1.5, seed 1; the line starts at m = 0, b = 1 and the slope
step is 0.1. dartfit plays the level; the reference app reads the same points from
`dartfit export`.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from pty_app import BenchError, child_env

START_M, START_B, M_STEP = 0.0, 1.0, 0.1
POINTS = 50

LEVEL_TOML = f"""\
schema = 1
id = "bench"
title = "Benchmark"
kind = "line"
chapter = "Benchmark"
lesson = "training"
goal = "Nudge the line; this level only measures speed."
what_you_saw = "Nothing new: this level exists for the speed benchmark."
hints = ["Press the arrow keys."]

[data.generate]
n = {POINTS}
seed = 1
x_min = 0
x_max = 10
slope = 2.0
intercept = 1.0
noise = 1.5

[start]
m = {START_M}
b = {START_B}

[target]
metric = "mse"
factor = 2.0

[controls]
m_step = {M_STEP}
b_step = 0.5
"""


def write_level(folder: Path) -> tuple[Path, Path, Path]:
    """The level folder, the progress folder and the level's points as CSV."""
    levels, data = folder / "levels", folder / "data"
    levels.mkdir()
    data.mkdir()
    (levels / "01-bench.toml").write_text(LEVEL_TOML, encoding="utf-8")
    points = folder / "points.csv"
    argv = [sys.executable, "-m", "dartfit", "export", "bench", "--levels", str(levels)]
    try:
        done = subprocess.run(
            argv, env=child_env(), capture_output=True, text=True, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError("`dartfit export` took more than 30 s") from None
    if done.returncode != 0:
        raise BenchError(f"`dartfit export` failed: {done.stderr.strip() or done.returncode}")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    if len(rows) != POINTS:
        raise BenchError(f"the benchmark level has {len(rows)} points, expected {POINTS}")
    points.write_text(done.stdout, encoding="utf-8")
    return levels, data, points
