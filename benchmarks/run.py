"""Speed benchmark: what one nudge of the line costs, in a real terminal, against a yardstick.

    python benchmarks/run.py [--size 120x40] [--nudges 40] [--json-only] [--timeout 60] [--quick]

Method. A temporary folder gets one line level of 50 generated points (slope 2, intercept
1, noise 1.5, seed 1; the line starts at m = 0, b = 1 and the slope step is 0.1). Two apps
are then run, one after the other, each in its own pseudo-terminal (os.openpty, the slave
as stdin, stdout, stderr and controlling terminal, TERM=xterm-256color, COLORTERM unset,
the window size set with TIOCSWINSZ; no headless driver):

- dartfit: `python -m dartfit --data-dir DIR play bench --levels DIR`;
- reference: benchmarks/reference_app.py, the same points (from `dartfit export`), line and
  residual segments drawn with textual-plotext's PlotextPlot, replotted on every key.

Each app's first frame is waited for (output quiet for 300 ms), then it sits idle for
0.5 s (bytes or CPU spent there mean something animates). Then N nudges alternate → and ←
(so a level is never won and the chart stays comparable). For every nudge: the bytes the
app writes (the master is read until quiet for 100 ms), the wall time from writing the key
to the last byte of the repaint, and the child's CPU time, utime + stime from
/proc/PID/stat. Clock ticks are 10 ms, so the figure that matters is the total over all
nudges divided by N; the sum of the threads' /proc/PID/task/*/schedstat (nanoseconds) is
reported next to it as a cross-check, and read around every nudge for the spread of one
nudge's cost: median, p95 and max (bytes: p95 too). The app is then quit with ctrl+q (killed if it
lingers). Nobody answers the terminal queries Textual sends, so neither app uses
synchronized output, and ONLCR is left on, as in a fresh terminal.

Time to the first frame: `python -m dartfit --data-dir DIR` (the title screen, shipped
levels) against benchmarks/bare_app.py (a Header, a Static and a Footer), started in turn
at the same size, 5 times each (3 when --nudges < 10), after one untimed start of each;
the time from spawn to the last byte of the first burst (output quiet for 300 ms), median
of each. Goal: dartfit ≤ 1.25 × bare. Every measured app keeps its compiled bytecode in a
cache of its own (PYTHONPYCACHEPREFIX), as an installed package has it, even where
PYTHONDONTWRITEBYTECODE is set.

Goals, for dartfit: at most 10 ms of CPU per nudge (mean) and at most 8 KB per nudge
(every nudge: the max). The table is printed first and one JSON object is the last line of
stdout. Linux only (/proc). Everything has a timeout; the whole run stops after --timeout
seconds with a one-line error, and the children are always ended.

The parts, beside this file: pty_app.py (an app in a pseudo-terminal), level.py (the line
level), measures.py (nudges, the auto-solver, first frames), bigdata.py (10⁴ and 10⁶
points), report.py (goals, ratios, the table); reference_app.py and bare_app.py are the
yardsticks.

--quick is the test suite's smoke run: every part runs and reports the same keys, but each
app's first frame is timed once and big data is measured at 50 and 10⁴ points only (one
load of the 10⁴ file), so its figures are not the ones to quote.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
from pathlib import Path
from types import FrameType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the benchmark's parts live beside this file
import bigdata  # noqa: E402
from level import M_STEP, POINTS, START_B, START_M, write_level  # noqa: E402
from measures import measure, measure_first_frames, measure_solver  # noqa: E402
from pty_app import SRC, BenchError, Deadline  # noqa: E402
from report import first_frame_summary, goals, ratios, solver_goals, table  # noqa: E402

SOLVER_SECONDS = 3.0  # s the auto-solver animation is watched (1 s when --nudges < 10)
FIRST_FRAME_RUNS = 5  # starts of each app, alternating (3 when --nudges < 10, 1 when --quick)


def _size(text: str) -> tuple[int, int]:
    try:
        cols, rows = (int(p) for p in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    if cols < 20 or rows < 10:
        raise argparse.ArgumentTypeError(f"too small: {text!r}")
    return cols, rows


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {text!r}")
    return value


def run(
    cols: int,
    rows: int,
    nudges: int,
    deadline: Deadline,
    solver_seconds: float | None = None,
    quick: bool = False,
) -> dict[str, Any]:
    """Measure both apps and build the report."""
    if not Path("/proc/self/stat").exists():
        raise BenchError("needs Linux /proc to read the apps' CPU time")
    with tempfile.TemporaryDirectory(prefix="dartfit-bench-") as tmp:
        levels, data, points = write_level(Path(tmp))
        # --data-dir belongs to `dartfit` itself, not to the `play` sub-command
        title = [sys.executable, "-m", "dartfit", "--data-dir", str(data)]
        dartfit = [*title, "play", "bench", "--levels", str(levels)]
        reference = [sys.executable, str(HERE / "reference_app.py"), "--data", str(points)]
        reference += ["--m", str(START_M), "--b", str(START_B), "--step", str(M_STEP)]
        ours = measure("dartfit", dartfit, cols, rows, nudges, deadline).summary()
        # the reference's scene: points, line and residuals, no penalty squares (key s)
        plain = measure("dartfit", dartfit, cols, rows, nudges, deadline, b"s").summary()
        theirs = measure("reference", reference, cols, rows, nudges, deadline).summary()
        seconds = solver_seconds or (SOLVER_SECONDS if nudges >= 10 else 1.0)
        solver = measure_solver(dartfit, cols, rows, seconds, deadline)
        bare = [sys.executable, str(HERE / "bare_app.py")]
        runs = 1 if quick else FIRST_FRAME_RUNS if nudges >= 10 else 3
        times = measure_first_frames({"dartfit": title, "bare": bare}, cols, rows, runs, deadline)
    big = bigdata.run_bigdata(measure, cols, rows, max(nudges // 2, 3), deadline, SRC, quick)
    return {
        "quick": quick,
        "size": f"{cols}x{rows}",
        "points": POINTS,
        "nudges": nudges,
        "keys": "right/left alternating",
        "dartfit": ours,
        "dartfit_same_scene": plain,
        "reference": theirs,
        "ratios": ratios(ours, theirs),
        "ratios_same_scene": ratios(plain, theirs),
        "goals": goals(ours),
        "goals_same_scene": goals(plain),
        "solver": solver,
        "solver_goals": solver_goals(solver),
        "first_frame": first_frame_summary(times, runs),
        "bigdata": big,
    }


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise BenchError("the benchmark hit its hard time limit")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when it measured (goals met or not), 1 when it could not."""
    parser = argparse.ArgumentParser(description="dartfit's speed benchmark (see the docstring)")
    parser.add_argument("--size", type=_size, default=(120, 40), help="WxH (default 120x40)")
    parser.add_argument("--nudges", type=_positive, default=40, help="key presses (default 40)")
    parser.add_argument("--json-only", action="store_true", help="print only the JSON object")
    parser.add_argument(
        "--solver-seconds",
        type=float,
        default=None,
        help="seconds the auto-solver is watched (default 3, or 1 when --nudges < 10)",
    )
    parser.add_argument("--timeout", type=_positive, default=180, help="seconds for the whole run")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: fewer starts and sizes (see above)"
    )
    args = parser.parse_args(argv)
    cols, rows = args.size
    signal.signal(signal.SIGALRM, _alarm)  # a backstop: every wait also has its own timeout
    signal.alarm(args.timeout + 5)
    try:
        report = run(
            cols, rows, args.nudges, Deadline(args.timeout), args.solver_seconds, args.quick
        )
    except BenchError as e:
        print(f"benchmark failed: {e}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
    if not args.json_only:
        print(table(report))
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
