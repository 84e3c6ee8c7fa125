"""The speed benchmark runs end to end in a real pty and reports every scene and goal.

Only the report's shape is checked here; timings depend on the machine, so none are asserted.
It runs the benchmark's --quick configuration (every part, fewer scenes and app starts).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("textual_plotext", reason="the benchmark's reference needs '.[bench]'")
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))
from path import KEYS, play_path  # noqa: E402


def test_the_play_path_goes_to_the_best_line_and_past_it() -> None:
    keys = play_path((0.0, 1.0), (2.03, 0.87), (0.1, 0.5))
    assert set(keys) <= set(KEYS)
    steps = {"right": (1, 0), "left": (-1, 0), "up": (0, 1), "down": (0, -1)}
    m, b, closest = 0.0, 1.0, float("inf")
    for key in keys:
        scale = 0.1 if key.startswith("shift+") else 1.0
        dm, db = steps[key.removeprefix("shift+")]
        m, b = m + dm * scale * 0.1, b + db * scale * 0.5
        closest = min(closest, abs(m - 2.03) + abs(b - 0.87))
    assert closest < 0.03  # it reaches the best line, coarse then fine
    assert "shift+right" in keys and "right" in keys and "up" in keys
    assert abs(m - 2.03) < 0.03 and abs(b - 0.87) < 0.03  # and comes back after looking past
    assert len(keys) >= 30


@pytest.mark.long
def test_benchmark_reports_every_scene_and_goal() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--keys", "3", "--json-only", "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["quick"] is True and report["path_keys"] == 3
    measured = [*report["scenes"].values(), *report["reference"].values()]
    measured += report["bigdata"]["levels"].values()
    assert len(report["scenes"]) == 1 and len(report["reference"]) == 1
    for app in measured:
        assert app["bytes_median"] > 0 and app["exit_status"] == 0, app
        assert len(app["per_key"]["bytes"]) == 3
        assert len(app["per_key"]["cpu_ms"]) == 3
        assert {"cpu_ms_median", "cpu_ms_p95", "cpu_ms_max", "bytes_p95"} <= set(app)
        assert app["response_ms_max"] is not None
    assert report["reference"]["120x40"]["chart"] != "120x40"  # the area of dartfit's chart
    assert report["scenes"]["120x40 50 points, squares on"]["memory_kb"]["rss"] > 0
    first = report["first_frame"]
    assert first["runs"] == 1 and {len(t) for t in first["seconds"].values()} == {1}
    assert report["bigdata"]["load"]["rows"] == 10_000
    goals = {g["goal"]: g for g in report["goals"]}
    cpu = [g for name, g in goals.items() if name.startswith("CPU per key / the reference")]
    assert len(cpu) == 4 and all(g["unit"] == "×" for g in cpu)
    assert [g["pass"] is None for g in cpu] == [False, False, True, True]  # no 2,000 points
    assert all({"value", "limit", "unit", "pass"} <= set(g) for g in goals.values())
    held = report["stalls"]  # the loop's longest stall: every level named was played
    assert set(held["levels"]) == {"first-line", "degree"} and held["csv"]["rows"] == 10_000
    played = [*held["levels"].values(), held["csv"]]
    assert all(d["keys"] > 0 and d["looks"] > 10 and d["ms"] > 0 for d in played), played
    stall = goals["longest stall of the game's loop (the levels and the CSV played)"]
    assert stall["value"] == held["worst"]["ms"] and stall["limit"] == 100.0
