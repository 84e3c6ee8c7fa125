"""Speed and memory benchmark: what a player's keys cost on a line level, in a real terminal,
against yardsticks measured in the same run.

    python benchmarks/run.py [--keys N] [--json-only] [--timeout 900] [--quick] [--solver]

The level (level.py): generated points near y = 2x + 1, the line starting at m = 0, b = 1,
slope step 0.1, intercept step 0.5, and a target no line reaches (so no win ends the path).

The play path (path.py): every key a player presses from the start line to the best line
and past it: → in coarse steps, then shift+→ in fine ones, ↑ ↓ likewise, then four steps
of the slope beyond the best line and back and two of the intercept; about forty keys.

Each app runs in its own pseudo-terminal (pty_app.py: os.openpty, the slave as stdin,
stdout, stderr and controlling terminal, TERM=xterm-256color, the size set with TIOCSWINSZ;
no headless driver; nobody answers Textual's terminal queries, so no synchronized output).
After its first frame and 0.5 s idle, each key of the path is sent and the output read
until quiet for 0.1 s (big data: until every timer the key starts has fired, see
bigdata.py). Per key: the bytes written, the CPU of all the app's threads (schedstat,
nanoseconds), and the response (key to the repaint's first byte: how long the screen froze).
Each scene reports the median, p95 and max.

Scenes: dartfit at 80×24 and 120×40, 50 and 2,000 points, penalty squares on and off
(key s); the reference (reference_app.py: textual-plotext drawing the same points, line and
residuals, replotted on each key) at each size, in a chart of the size of dartfit's chart
there (found by starting dartfit headless), 50 points. Big data (bigdata.py): 10⁴ and 10⁶
points with deferred work counted, and a 10⁶-row CSV loaded (time and peak memory).

The auto-solver (measures.py): opened on the level with a, y and played with space for
SOLVER_SECONDS at 120×40; a frame is a burst of output. Its CPU a frame over the window, and
each frame's own (schedstat read as each frame's first byte comes): median, p95 and max.

First frames: the title screen (`dartfit`) and a shipped line level (`dartfit play
first-line`: the benchmark's own level is a file of one's own whose target no line meets,
whose warning of it, 60-130 ms after its frame, was timed as part of it) against a
bare Textual app (bare_app.py), started in turn FIRST_FRAME_RUNS times after one untimed
round (each app keeps its bytecode in a cache of its own, PYTHONPYCACHEPREFIX); the time
from spawn to the last byte of the first frame that shows the app's words. The ratio of
each round is reported: its median and its range.

Classroom (classroom.py, not in a quick run): 10, 30 and 60 students connect over SSH to a
real `dartfit host` within a second, read the title for a second, open the level and nudge at two
keys a second; the first frame, key to frame and each game's private memory, against the
same number of plain `dartfit` processes started within a second.

Stalls (stalls.py): the longest the game's event loop is held, on every shipped level and
in the sandbox on a 10⁶-row CSV, under 60 seeded random keys each, each played in a
pseudo-terminal of its own (a quick run: two levels, a few keys, a small CSV).

Memory: each app's resident set (VmRSS) after the path or its first frame, the 10⁶-point
level's peak (VmHWM), and the CSV loader's peak.

The goals and their figures are printed last, shortfalls at the very end; one JSON object
is the last line of stdout. Linux only (/proc). Every wait has a timeout; the whole run
stops after --timeout seconds with a one-line error, and the children are always ended.

--solver measures the auto-solver alone, with the reference it is a ratio of (at 120×40).

--quick is the test suite's smoke run: 120×40 only, 50 points, squares on, one start of
each app, 10⁴ big points; its figures are not the ones to quote.
"""

from __future__ import annotations

import argparse
import asyncio
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
import classroom  # noqa: E402
import stalls  # noqa: E402
from level import (  # noqa: E402
    B_STEP,
    LEVEL_ID,
    M_STEP,
    START_B,
    START_M,
    TOAST,
    best_line,
    export_points,
    write_level,
)
from measures import (  # noqa: E402
    Result,
    measure,
    measure_first_frames,
    measure_solver,
    merged,
)
from path import play_path  # noqa: E402
from pty_app import SRC, BenchError, Deadline  # noqa: E402
from report import HEADLINE, goals, solver_lines, table  # noqa: E402

SIZES = ((80, 24), (120, 40))
POINTS = (50, 2_000)
FIRST_FRAME_RUNS = 8  # rounds of starts of each app (1 when --quick)
ROUNDS = 3  # rounds of the 120×40 scene with squares and of the reference, in turn (1 when
# --quick): one round's median moved by ±10 % from run to run, too much for a ratio goal
SOLVER_SECONDS = 3.0  # s the auto-solver animation is watched (1 s when --quick)
CLASS_SIZES = [10, 30, 60]  # students on one `dartfit host` (classroom.py; not when --quick)
CLASS_SECONDS = 8.0  # s each student nudges the line


def chart_size(levels: Path, data: Path, cols: int, rows: int) -> tuple[int, int]:
    """The size of dartfit's chart on the level at a terminal size (started headless)."""
    sys.path.insert(0, str(SRC))
    from dartfit.app import make_app

    async def probe() -> tuple[int, int]:
        app = make_app(levels_dir=levels, data_dir=data, start=LEVEL_ID)
        async with app.run_test(size=(cols, rows)) as pilot:
            await pilot.pause()
            width, height = app.screen.query_one("#chart").size
            return width, height

    return asyncio.run(probe())


def reference_argv(levels: Path, folder: Path, width: int, height: int) -> list[str]:
    """The reference app's command line: the level's points, line and steps, in a chart of
    width × height (dartfit's chart at that terminal size)."""
    argv = [sys.executable, str(HERE / "reference_app.py")]
    argv += ["--data", str(export_points(levels, folder))]
    argv += ["--m", str(START_M), "--b", str(START_B), "--step", str(M_STEP)]
    argv += ["--b-step", str(B_STEP), "--width", str(width), "--height", str(height)]
    return argv


def _scene(cols: int, rows: int, n: int, squares: bool) -> str:
    return f"{cols}x{rows} {n} points, squares {'on' if squares else 'off'}"


def _round_ratios(played: Result, drawn: Result) -> dict[str, float | None]:
    """One round's CPU per key, dartfit's over the reference's, at the median and p95."""
    mine, theirs = played.summary(), drawn.summary()
    return {
        stat: round(mine[f"cpu_ms_{stat}"] / theirs[f"cpu_ms_{stat}"], 3)
        if mine[f"cpu_ms_{stat}"] and theirs[f"cpu_ms_{stat}"]
        else None
        for stat in ("median", "p95")
    }


def run(limit: int | None, deadline: Deadline, quick: bool = False) -> dict[str, Any]:
    """Measure every scene and yardstick and build the report."""
    if not Path("/proc/self/stat").exists():
        raise BenchError("needs Linux /proc to read the apps' CPU time")
    sizes = SIZES[1:] if quick else SIZES
    counts = POINTS[:1] if quick else POINTS
    scenes: dict[str, Any] = {}
    reference: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="dartfit-bench-") as tmp:
        folder = Path(tmp)
        made = {n: write_level(folder, n) for n in counts}
        paths = {
            n: play_path((START_M, START_B), best_line(levels), (M_STEP, B_STEP))[:limit]
            for n, (levels, _) in made.items()
        }

        def play(cols: int, rows: int, n: int, squares: bool) -> Result:
            # a progress folder of its own: s is a setting, saved for the next start
            data = Path(tempfile.mkdtemp(dir=folder))
            argv = [sys.executable, "-m", "dartfit", "--data-dir", str(data)]
            argv += ["play", LEVEL_ID, "--levels", str(made[n][0])]
            setup = b"" if squares else b"s"
            return measure("dartfit", argv, cols, rows, paths[n], deadline, setup, toast=TOAST)

        for cols, rows in sizes:
            levels, data = made[counts[0]]
            width, height = chart_size(levels, data, cols, rows)
            argv = reference_argv(levels, folder, width, height)
            # the scene the goals are about and the reference, in turn, round after round
            rounds = 1 if quick or f"{cols}x{rows}" != HEADLINE else ROUNDS
            played: list[Result] = []
            drawn: list[Result] = []
            for _ in range(rounds):
                played.append(play(cols, rows, counts[0], True))
                drawn.append(measure("reference", argv, cols, rows, paths[counts[0]], deadline))
            scenes[_scene(cols, rows, counts[0], True)] = merged(played).summary()
            reference[f"{cols}x{rows}"] = merged(drawn).summary() | {
                "chart": f"{width}x{height}",
                "rounds": [_round_ratios(d, r) for d, r in zip(played, drawn, strict=True)],
            }
            for n in counts:
                for squares in (True,) if quick else (True, False):
                    if (n, squares) != (counts[0], True):
                        scenes[_scene(cols, rows, n, squares)] = play(
                            cols, rows, n, squares
                        ).summary()

        levels, data = made[counts[0]]
        title = [sys.executable, "-m", "dartfit", "--data-dir", str(data)]
        level = [*title, "play", LEVEL_ID, "--levels", str(levels)]
        seconds = 1.0 if quick else SOLVER_SECONDS
        solver = measure_solver(level, 120, 40, seconds, deadline, TOAST)
        apps = {
            "bare": ([sys.executable, str(HERE / "bare_app.py")], b"yardstick"),
            "title": (title, b"to choose a level"),
            "level": ([*title, "play", "first-line"], b"Your first line"),
        }
        runs = 1 if quick else FIRST_FRAME_RUNS
        times, memory = measure_first_frames(apps, 120, 40, runs, deadline)
    big = bigdata.run_bigdata(measure, 120, 40, limit, deadline, quick)
    held = stalls.run_stalls(deadline, quick)
    room = None if quick else classroom.run_classroom(CLASS_SIZES, CLASS_SECONDS)
    report = {
        "quick": quick,
        "path_keys": len(paths[counts[0]]),
        "scenes": scenes,
        "reference": reference,
        "solver": solver,
        "first_frame": {"runs": runs, "seconds": times, "memory_kb": memory},
        "bigdata": big,
        "stalls": held,
        "classroom": room,
    }
    report["goals"] = goals(report)
    return report


def run_solver(limit: int | None, deadline: Deadline, quick: bool = False) -> dict[str, Any]:
    """The auto-solver at 120×40 and the reference over the play path (ROUNDS rounds; one
    when quick), alone: the solver's goal is a ratio of the reference's CPU per key."""
    cols, rows = (int(n) for n in HEADLINE.split("x"))
    with tempfile.TemporaryDirectory(prefix="dartfit-bench-") as tmp:
        folder = Path(tmp)
        levels, data = write_level(folder, POINTS[0])
        path = play_path((START_M, START_B), best_line(levels), (M_STEP, B_STEP))[:limit]
        width, height = chart_size(levels, data, cols, rows)
        argv = reference_argv(levels, folder, width, height)
        rounds = 1 if quick else ROUNDS
        drawn = [measure("reference", argv, cols, rows, path, deadline) for _ in range(rounds)]
        level = [sys.executable, "-m", "dartfit", "--data-dir", str(data)]
        level += ["play", LEVEL_ID, "--levels", str(levels)]
        seconds = 1.0 if quick else SOLVER_SECONDS
        solver = measure_solver(level, cols, rows, seconds, deadline, TOAST)
    reference = merged(drawn).summary() | {"chart": f"{width}x{height}"}
    return {"quick": quick, "reference": {HEADLINE: reference}, "solver": solver}


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise BenchError("the benchmark hit its hard time limit")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 when it measured (goals met or not), 1 when it could not."""
    parser = argparse.ArgumentParser(description="dartfit's speed benchmark (see the docstring)")
    parser.add_argument(
        "--keys", type=_positive, default=None, help="only the path's first N keys (default all)"
    )
    parser.add_argument("--json-only", action="store_true", help="print only the JSON object")
    parser.add_argument("--timeout", type=_positive, default=900, help="seconds for the whole run")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: fewer scenes and starts (see above)"
    )
    parser.add_argument(
        "--solver",
        action="store_true",
        help="only the auto-solver and the reference it is a ratio of (at 120x40)",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, _alarm)  # a backstop: every wait also has its own timeout
    signal.alarm(args.timeout + 5)
    try:
        if args.solver:
            report = run_solver(args.keys, Deadline(args.timeout), args.quick)
        else:
            report = run(args.keys, Deadline(args.timeout), args.quick)
    except BenchError as e:
        print(f"benchmark failed: {e}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
    if not args.json_only:
        print(solver_lines(report) if args.solver else table(report))
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
