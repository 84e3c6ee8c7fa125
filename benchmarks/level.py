"""The benchmark's line level: generated points near y = 2x + 1, written to a folder.

Slope 2, intercept 1, noise 1.5, seed 1, x in [0, 10]; the line starts at m = 0, b = 1,
the slope step is 0.1 and the intercept step 0.5. Its target (MSE ≤ 0.001) is below any
line's MSE on purpose: the play path passes the best line, and a win would end the level.
dartfit plays the level; the reference app reads the same points from `dartfit export`.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
from pty_app import SRC, BenchError, child_env

START_M, START_B, M_STEP, B_STEP = 0.0, 1.0, 0.1, 0.5
LEVEL_ID = "bench"
TOAST = b"won as written"
"""What the toast says as the level opens (a level of one's own whose target can't be met is
played with a warning); each measure clicks it away before its keys, as a player would."""

LEVEL_TOML = """\
schema = 1
id = "{id}"
title = "Benchmark"
kind = "line"
chapter = "Benchmark"
lesson = "training"
goal = "Nudge the line; this level only measures speed."
what_you_saw = "Nothing new: this level exists for the speed benchmark."
hints = ["Press the arrow keys."]

[data.generate]
n = {n}
seed = 1
x_min = 0
x_max = 10
slope = 2.0
intercept = 1.0
noise = 1.5

[start]
m = {m}
b = {b}

[target]
metric = "mse"
value = 0.001

[controls]
m_step = {m_step}
b_step = {b_step}
"""


def write_level(folder: Path, n: int) -> tuple[Path, Path]:
    """A level folder holding the n-point benchmark level, and an empty progress folder."""
    levels, data = folder / f"levels-{n}", folder / f"data-{n}"
    levels.mkdir()
    data.mkdir()
    text = LEVEL_TOML.format(id=LEVEL_ID, n=n, m=START_M, b=START_B, m_step=M_STEP, b_step=B_STEP)
    (levels / "01-bench.toml").write_text(text, encoding="utf-8")
    return levels, data


def best_line(levels: Path) -> tuple[float, float]:
    """The least-squares line (m, b) of the level's points, by numpy's polyfit."""
    sys.path.insert(0, str(SRC))
    from dartfit.levels import load_levels

    level = load_levels(levels)[0]
    m, b = np.polyfit(level.x, level.y, 1)
    return float(m), float(b)


def export_points(levels: Path, folder: Path) -> Path:
    """The level's points as CSV (from `dartfit export`), for the reference app."""
    argv = [sys.executable, "-m", "dartfit", "export", LEVEL_ID, "--levels", str(levels)]
    try:
        done = subprocess.run(
            argv, env=child_env(), capture_output=True, text=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError("`dartfit export` took more than 60 s") from None
    if done.returncode != 0:
        raise BenchError(f"`dartfit export` failed: {done.stderr.strip() or done.returncode}")
    if not list(csv.DictReader(io.StringIO(done.stdout))):
        raise BenchError("`dartfit export` wrote no points")
    points = folder / f"points-{levels.name}.csv"
    points.write_text(done.stdout, encoding="utf-8")
    return points
