"""The speed benchmark runs end to end in a real pty and reports bytes for both apps.

Only the report's shape is checked here; timings depend on the machine, so none are asserted.
It runs the benchmark's --quick configuration (every part, fewer app starts and sizes).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("textual_plotext", reason="the benchmark's reference needs '.[bench]'")
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

RUN = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"


@pytest.mark.long
def test_benchmark_reports_bytes_for_dartfit_and_the_reference() -> None:
    done = subprocess.run(
        [sys.executable, str(RUN), "--nudges", "3", "--json-only", "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"size", "points", "nudges", "dartfit", "reference", "ratios", "goals"} <= set(report)
    assert (report["size"], report["points"], report["nudges"]) == ("120x40", 50, 3)
    assert report["quick"] is True
    for app in ("dartfit", "reference"):
        assert report[app]["bytes_median"] > 0
        assert report[app]["bytes_max"] > 0
        assert len(report[app]["per_nudge"]["bytes"]) == 3
        assert len(report[app]["per_nudge"]["cpu_ms"]) in (0, 3)  # none without schedstat
        assert {"cpu_ms_median", "cpu_ms_p95", "cpu_ms_max", "bytes_p95"} <= set(report[app])
        assert report[app]["exit_status"] == 0
    assert {"solver", "first_frame", "bigdata"} <= set(report)
    assert report["first_frame"]["runs"] == 1 and len(report["first_frame"]["dartfit_runs_s"]) == 1
    big = report["bigdata"]
    assert set(big["sizes"]) == {"50", "10000"}
    for size in big["sizes"].values():
        assert size["bytes_median"] > 0 and size["exit_status"] == 0
    assert big["load_rows"] == 10_000 and big["load_s"] > 0
    assert {"nudge_ratio", "load_s"} == set(big["goals"])
