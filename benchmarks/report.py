"""The benchmark's report: the goals, dartfit / reference ratios, and the printed table.

Goals, for dartfit: at most 10 ms of CPU per nudge (mean) and at most 8 KB per nudge
(every nudge: the max); the auto-solver at least 30 frames per second and at most 15 ms of
CPU per frame; the title screen's first frame at most 1.25 × the bare Textual app's.
"""

from __future__ import annotations

import statistics
from typing import Any

import bigdata

GOAL_CPU_MS = 10.0
GOAL_BYTES = 8 * 1024
GOAL_FPS = 30.0
GOAL_FRAME_CPU_MS = 15.0
GOAL_FIRST_FRAME_RATIO = 1.25  # dartfit's time to first frame / the bare Textual app's


def _goal(limit: float, value: Any, met: bool) -> dict[str, Any]:
    return {"limit": limit, "value": value, "pass": met}


def _at_most(limit: float, value: float | None) -> dict[str, Any]:
    return _goal(limit, value, value is not None and value <= limit)


def _verdict(met: bool) -> str:
    return "PASS" if met else "MISS"


def ratios(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float | None]:
    """dartfit / reference for each headline figure."""
    keys = ("cpu_ms_per_nudge", "wall_ms_median", "bytes_median", "bytes_max")
    return {k: round(a[k] / b[k], 3) if a[k] is not None and b[k] else None for k in keys}


def goals(d: dict[str, Any]) -> dict[str, Any]:
    """dartfit's two speed goals and whether they are met."""
    return {
        "cpu_ms_per_nudge": _at_most(GOAL_CPU_MS, d["cpu_ms_per_nudge"]),
        "bytes_per_nudge_max": _at_most(GOAL_BYTES, d["bytes_max"]),
    }


def solver_goals(d: dict[str, Any]) -> dict[str, Any]:
    """The auto-solver's goals: ≥ 30 frames per second sustained, ≤ 15 ms CPU per frame."""
    fps, cpu = d["fps"], d["cpu_ms_per_frame_schedstat"] or d["cpu_ms_per_frame"]
    return {
        "fps": _goal(GOAL_FPS, fps, fps >= GOAL_FPS),
        "cpu_ms_per_frame": _at_most(GOAL_FRAME_CPU_MS, cpu),
    }


def first_frame_summary(times: dict[str, list[float]], runs: int) -> dict[str, Any]:
    """The median time to first frame of dartfit and of the bare app, their ratio and goal."""
    medians = {name: statistics.median(t) for name, t in times.items()}
    ratio = medians["dartfit"] / medians["bare"]
    return {
        "runs": runs,
        "dartfit_s": round(medians["dartfit"], 3),
        "bare_s": round(medians["bare"], 3),
        "ratio": round(ratio, 3),
        "dartfit_runs_s": [round(t, 3) for t in times["dartfit"]],
        "bare_runs_s": [round(t, 3) for t in times["bare"]],
        "goal": _goal(GOAL_FIRST_FRAME_RATIO, round(ratio, 3), ratio <= GOAL_FIRST_FRAME_RATIO),
    }


def table(report: dict[str, Any]) -> str:
    """The human-readable table."""

    def cell(value: Any, spec: str) -> str:
        return "–" if value is None else format(value, spec)

    head = (
        f"{'':<12}{'CPU ms/nudge':>14}{'(schedstat)':>13}{'wall ms':>10}"
        f"{'bytes med':>11}{'bytes max':>11}{'rows med':>10}"
    )
    lines = [
        f"dartfit speed: line level, {report['points']} points, {report['size']}, "
        f"{report['nudges']} nudges (→ ← alternating), real pty",
        head,
        f"{'':<12}{'(mean)':>14}{'':>13}{'(median)':>10}",
    ]
    names = {"dartfit": "dartfit", "dartfit_same_scene": "  no squares", "reference": "reference"}
    for name, label in names.items():
        d = report[name]
        lines.append(
            f"{label:<12}{cell(d['cpu_ms_per_nudge'], '.2f'):>14}"
            f"{cell(d['cpu_ms_per_nudge_schedstat'], '.2f'):>13}"
            f"{cell(d['wall_ms_median'], '.1f'):>10}{cell(d['bytes_median'], ',.0f'):>11}"
            f"{cell(d['bytes_max'], ',.0f'):>11}{cell(d['rows_median'], '.0f'):>10}"
        )
    for key, label in (("ratios", "ratio d/r"), ("ratios_same_scene", "  no squares")):
        r = report[key]
        lines.append(
            f"{label:<12}{cell(r['cpu_ms_per_nudge'], '.3f'):>14}{'':>13}"
            f"{cell(r['wall_ms_median'], '.3f'):>10}{cell(r['bytes_median'], '.3f'):>11}"
            f"{cell(r['bytes_max'], '.3f'):>11}"
        )
    for name, label in names.items():  # one nudge's spread, not only the mean
        d = report[name]
        lines.append(
            f"{label.strip()} per nudge: CPU median {cell(d['cpu_ms_median'], '.2f')}, "
            f"p95 {cell(d['cpu_ms_p95'], '.2f')}, max {cell(d['cpu_ms_max'], '.2f')} ms "
            f"(schedstat); bytes p95 {cell(d['bytes_p95'], ',.0f')}"
        )
    for name in ("dartfit", "reference"):
        d = report[name]
        lines.append(
            f"{name}: startup {d['startup_s']:.2f} s, first frame {d['first_frame_bytes']:,} B, "
            f"idle 0.5 s: {d['idle_bytes']} B {d['idle_cpu_ms']:.0f} ms CPU, "
            f"nudges without output: {d['silent_nudges']}"
        )
    for key, label in (("goals", "with squares"), ("goals_same_scene", "reference's scene")):
        g = report[key]
        cpu, size = g["cpu_ms_per_nudge"], g["bytes_per_nudge_max"]
        lines.append(
            f"{label}: goal CPU ≤ {GOAL_CPU_MS:g} ms per nudge: {cell(cpu['value'], '.2f')} ms "
            f"{_verdict(cpu['pass'])}; goal ≤ {GOAL_BYTES // 1024} KB per nudge "
            f"(max): {cell(size['value'], ',.0f')} B {_verdict(size['pass'])}"
        )
    d, g = report["solver"], report["solver_goals"]
    lines.append(
        f"auto-solver (a, then space), {d['seconds']:g} s: {d['frames']} frames, "
        f"{d['fps']:.1f} fps (goal ≥ {GOAL_FPS:g}: {_verdict(g['fps']['pass'])}), "
        f"CPU {cell(g['cpu_ms_per_frame']['value'], '.2f')} ms/frame (ticks "
        f"{cell(d['cpu_ms_per_frame'], '.2f')}; goal ≤ {GOAL_FRAME_CPU_MS:g}: "
        f"{_verdict(g['cpu_ms_per_frame']['pass'])}), "
        f"{cell(d['bytes_per_frame'], ',.0f')} B/frame"
    )
    f = report["first_frame"]
    lines.append(
        f"first frame (title screen, median of {f['runs']}): dartfit {f['dartfit_s']:.3f} s, "
        f"bare Textual app {f['bare_s']:.3f} s, ratio {f['ratio']:.2f} "
        f"(goal ≤ {GOAL_FIRST_FRAME_RATIO:g}: {_verdict(f['goal']['pass'])})"
    )
    lines.append(bigdata.table(report["bigdata"]))
    return "\n".join(lines)
