"""The benchmark's report: the goals with their figures, and the printed table.

Goals, for dartfit, on the play path at 120×40 with penalty squares. CPU per key is a
ratio to the reference's (textual-plotext drawing the same chart area over the same keys,
in the same run): the goals were set in ms on a machine where the reference took
REFERENCE_MS a nudge, and this machine may be three times slower or faster. Issue 11's
6 ms is 0.172 of it, at the median and at p95 (each against the reference's own), at 50
and at 2,000 points; issue 10's budget of 10 ms is 0.287, at the median. Bytes per key
p95 ≤ 4 KB at 50 and 2,000 points; 2,000 points no dearer than 50 (median CPU, 10 % for
noise); no key leaves the screen frozen over 100 ms, in any scene or on big data; the
auto-solver ≥ 30 frames per second at ≤ 15 ms of CPU a frame (0.43 of the reference's
median per key: a yardstick of the machine's speed, as for the nudge); the first frame of the
title ≤ 1.25 × a bare Textual app's and of a level ≤ 1.5 ×; a line level's resident
memory ≤ 1.5 × the bare app's; a 10⁶-row CSV loads in ≤ 2 s with a peak under 2 × the
loaded arrays; the 10⁶-point level's peak above a line level's resident memory under 2 × its
points' size (issue 11: "report these"); a key at 10⁶ points, deferred work counted, ≤ 1.5 ×
one at 50.
"""

from __future__ import annotations

import statistics
from typing import Any

HEADLINE = "120x40"
REFERENCE_MS = 34.9
"""The reference's CPU per nudge at 120×40 in the run that set the goals in ms (dartfit's
was 8.4 ms in it): a goal of so many ms is that many REFERENCE_MS of the reference's."""
NUDGE_MS = 6.0  # issue 11: a nudge's CPU, at the median and at p95
BUDGET_MS = 10.0  # issue 10: the nudge's budget
SOLVER_MS = 15.0  # the auto-solver's CPU per frame, set in the same run as REFERENCE_MS


def _share(ms: float) -> float:
    """A goal set in ms, as a ratio to the reference's CPU in the same run."""
    return round(ms / REFERENCE_MS, 3)


def _goal(name: str, value: float | None, limit: float, unit: str, most: bool = True) -> dict:
    met = None if value is None else (value <= limit if most else value >= limit)
    return {
        "goal": name,
        "value": value,
        "limit": limit,
        "unit": unit,
        "at": "most" if most else "least",
        "pass": met,
    }


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def first_frame_ratios(seconds: dict[str, list[float]], name: str) -> list[float]:
    """Each round's time to first frame of `name` over the bare app's in the same round."""
    return [round(t / bare, 3) for t, bare in zip(seconds[name], seconds["bare"], strict=True)]


MILLION_POINTS_KB = 1_000_000 * 2 * 8 / 1024
"""The million-point level's points as the game keeps them: x and y, float64."""


def million_peak_to_points(peak_kb: float | None, line_kb: float | None) -> float | None:
    """The 10⁶-point level's peak (VmHWM) above a line level's resident memory (what the game
    holds besides the points), over the points' own size: as the CSV load's peak is to its
    arrays."""
    if peak_kb is None or line_kb is None:
        return None
    return round((peak_kb - line_kb) / MILLION_POINTS_KB, 2)


def goals(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every goal with its figure; a figure not measured in this run is None."""
    scenes, big = report["scenes"], report["bigdata"]

    def scene(n: int, key: str) -> float | None:
        found = scenes.get(f"{HEADLINE} {n} points, squares on")
        return None if found is None else found[key]

    reference = report["reference"].get(HEADLINE, {})
    out = []
    for n in (50, 2_000):
        for stat in ("median", "p95"):
            key = f"cpu_ms_{stat}"
            out.append(
                _goal(
                    f"CPU per key / the reference's, {stat} ({n:,} points; {NUDGE_MS:g} ms "
                    f"of {REFERENCE_MS:g})",
                    _ratio(scene(n, key), reference.get(key)),
                    _share(NUDGE_MS),
                    "×",
                )
            )
        out.append(_goal(f"bytes per key, p95 ({n:,} points)", scene(n, "bytes_p95"), 4096, "B"))
    out.append(
        _goal(
            f"nudge budget: CPU per key / the reference's, median (50 points; {BUDGET_MS:g} ms "
            f"of {REFERENCE_MS:g})",
            _ratio(scene(50, "cpu_ms_median"), reference.get("cpu_ms_median")),
            _share(BUDGET_MS),
            "×",
        )
    )
    out.append(
        _goal(
            "2,000 points / 50 points, median CPU per key",
            _ratio(scene(2_000, "cpu_ms_median"), scene(50, "cpu_ms_median")),
            1.1,
            "×",
        )
    )
    frozen = [s["response_ms_max"] for s in scenes.values()]
    frozen += [s["response_ms_max"] for s in big["levels"].values()]
    out.append(
        _goal(
            "longest freeze after a key (every scene, big data)",
            max((f for f in frozen if f is not None), default=None),
            100.0,
            "ms",
        )
    )
    held = report.get("stalls", {}).get("worst", {})
    out.append(
        _goal(
            "longest stall of the game's loop (the levels and the CSV played)",
            held.get("ms"),
            100.0,
            "ms",
        )
    )
    solver = report["solver"]
    out.append(_goal("auto-solver frames per second", solver["fps"], 30.0, "fps", most=False))
    cpu = solver["cpu_ms_per_frame_schedstat"] or solver["cpu_ms_per_frame"]
    out.append(
        _goal(
            f"auto-solver CPU per frame / the reference's per key, median ({SOLVER_MS:g} ms of "
            f"{REFERENCE_MS:g})",
            _ratio(cpu, reference.get("cpu_ms_median")),
            _share(SOLVER_MS),
            "×",
        )
    )
    seconds = report["first_frame"]["seconds"]
    for name, limit in (("title", 1.25), ("level", 1.5)):
        ratios = first_frame_ratios(seconds, name)
        median = round(statistics.median(ratios), 3) if ratios else None
        out.append(_goal(f"first frame of the {name} / bare app (median)", median, limit, "×"))
    memory = report["first_frame"]["memory_kb"]
    level_rss = scenes.get(f"{HEADLINE} 50 points, squares on", {}).get("memory_kb", {}).get("rss")
    out.append(
        _goal(
            "line level's resident memory / bare app's",
            _ratio(level_rss, memory.get("bare", {}).get("rss")),
            1.5,
            "×",
        )
    )
    room = report.get("classroom")
    if room is not None:
        thirty = next((h for h in room["hosted"] if h["players"] == 30 and h["warm"]), None)
        if thirty is not None:
            out.append(
                _goal("30 students: first frame p95", thirty["first_frame_s"]["p95"], 1.5, "s")
            )
            latency = thirty["key_to_frame_ms"]["p95"]
            out.append(_goal("30 students: key to frame p95", latency, 100.0, "ms"))
            private = thirty["memory_kb"]["private_median"]
            mb = None if private is None else round(private / 1024, 1)
            out.append(_goal("30 students: private memory per game", mb, 40.0, "MB"))
    load = big["load"]
    if load["rows"] >= 1_000_000:
        out.append(_goal(f"load a {load['rows']:,}-row CSV", load["load_s"], 2.0, "s"))
        out.append(_goal("CSV load's peak memory / the data", load["peak_to_data"], 2.0, "×"))
    million = big["levels"].get("1000000")
    if million is not None:
        out.append(
            _goal(
                "10⁶-point level's peak above a line level's resident / its points",
                million_peak_to_points(million.get("memory_kb", {}).get("hwm"), level_rss),
                2.0,
                "×",
            )
        )
        out.append(
            _goal(
                "10⁶ points / 50 points, median CPU per key (deferred work counted)",
                _ratio(million["cpu_ms_median"], scene(50, "cpu_ms_median")),
                1.5,
                "×",
            )
        )
    return out


def _cell(value: Any, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def _row(label: str, d: dict[str, Any]) -> str:
    return (
        f"{label:<34}{_cell(d['cpu_ms_median'], '.2f'):>7}{_cell(d['cpu_ms_p95'], '.2f'):>7}"
        f"{_cell(d['cpu_ms_max'], '.1f'):>7}{_cell(d['bytes_median'], ',.0f'):>8}"
        f"{_cell(d['bytes_p95'], ',.0f'):>8}{_cell(d['bytes_max'], ',.0f'):>8}"
        f"{_cell(d['response_ms_max'], '.0f'):>8}"
    )


def _goal_line(g: dict[str, Any]) -> str:
    verdict = {True: "PASS", False: "SHORT", None: "not measured"}[g["pass"]]
    sign = "≤" if g["at"] == "most" else "≥"
    value = _cell(g["value"], ",.3g" if g["unit"] != "B" else ",.0f")
    return f"  {verdict:<6} {g['goal']}: {value} {g['unit']} (goal {sign} {g['limit']:g})"


def table(report: dict[str, Any]) -> str:
    """The human-readable table, the goals last and the shortfalls at the very end."""
    lines = [
        f"dartfit speed: the play path on a line level ({report['path_keys']} keys), real pty",
        f"{'':<34}{'CPU ms per key':>21}{'bytes per key':>24}{'freeze':>8}",
        f"{'scene':<34}{'median':>7}{'p95':>7}{'max':>7}{'median':>8}{'p95':>8}{'max':>8}"
        f"{'max ms':>8}",
    ]
    for name, d in report["scenes"].items():
        lines.append(_row(name, d))
    for size, d in report["reference"].items():
        lines.append(_row(f"reference {size} (chart {d['chart']})", d))
    for size, ref in report["reference"].items():
        for squares in ("off", "on"):
            d = report["scenes"].get(f"{size} 50 points, squares {squares}")
            if d is not None:
                lines.append(
                    f"  dartfit / reference at {size}, squares {squares}: CPU median "
                    f"{_cell(_ratio(d['cpu_ms_median'], ref['cpu_ms_median']), '.2f')}×, "
                    f"bytes median {_cell(_ratio(d['bytes_median'], ref['bytes_median']), '.2f')}×"
                )
    for size, ref in report["reference"].items():
        rounds = ref.get("rounds", [])
        if len(rounds) > 1:
            each = "; ".join(f"{r['median']:.3f} / {r['p95']:.3f}" for r in rounds)
            lines.append(
                f"  {len(rounds)} rounds at {size} in turn, dartfit / reference CPU (median / "
                f"p95) in each: {each}; the figures above pool every round's keys"
            )
    big = report["bigdata"]
    for n, d in big["levels"].items():
        lines.append(_row(f"{int(n):,} points (deferred counted)", d))
    s = report["solver"]
    lines.append(
        f"auto-solver at 120x40 (a, then space), {s['seconds']:g} s: {s['fps']:.1f} fps, "
        f"{_cell(s['cpu_ms_per_frame_schedstat'] or s['cpu_ms_per_frame'], '.2f')} ms CPU and "
        f"{_cell(s['bytes_per_frame'], ',.0f')} B a frame" + _frames(s)
    )
    f = report["first_frame"]
    seconds = f["seconds"]
    lines.append(f"first frame at 120x40, {f['runs']} rounds (bare, title, level in turn):")
    for name in ("bare", "title", "level"):
        t = seconds[name]
        extra = ""
        if name != "bare":
            r = first_frame_ratios(seconds, name)
            extra = f"; / bare: median {statistics.median(r):.2f}, range {min(r):.2f}–{max(r):.2f}"
        lines.append(
            f"  {name:<6} median {statistics.median(t):.3f} s, range {min(t):.3f}–{max(t):.3f} s"
            f"{extra}"
        )
    memory = {name: m.get("rss") for name, m in f["memory_kb"].items()}
    level = report["scenes"].get(f"{HEADLINE} 50 points, squares on", {}).get("memory_kb", {})
    million = big["levels"].get("1000000", {}).get("memory_kb", {})
    lines.append(
        f"memory (resident, MiB): bare app {_cell(_mib(memory.get('bare')), '.1f')}, "
        f"title {_cell(_mib(memory.get('title')), '.1f')}, "
        f"line level after the path {_cell(_mib(level.get('rss')), '.1f')} "
        f"(proportional {_cell(_mib(level.get('pss')), '.1f')}), 10⁶-point level's peak "
        f"{_cell(_mib(million.get('hwm')), '.1f')} "
        f"({_cell(million_peak_to_points(million.get('hwm'), level.get('rss')), '.2f')}× its "
        f"{MILLION_POINTS_KB / 1024:.1f} MiB of points above the line level)"
    )
    load = big["load"]
    lines.append(
        f"CSV of {load['rows']:,} rows: loaded in {load['load_s']:.2f} s, peak "
        f"{load['peak_kb'] / 1024:.1f} MiB for {load['data_kb'] / 1024:.1f} MiB of data "
        f"({load['peak_to_data']:.2f}×)"
    )
    lines += _stall_lines(report.get("stalls"))
    lines += _class_lines(report.get("classroom"))
    lines.append("goals:")
    ranked = sorted(report["goals"], key=lambda g: {True: 0, None: 1, False: 2}[g["pass"]])
    lines += [_goal_line(g) for g in ranked]
    short = [g["goal"] for g in ranked if g["pass"] is False]
    lines.append(f"short of {len(short)}: " + "; ".join(short) if short else "every goal met")
    return "\n".join(lines)


def _stall_lines(held: dict[str, Any] | None) -> list[str]:
    """The longest stall of the game's loop: the worst place, and the next worst."""
    if not held or "worst" not in held:
        return []
    every = [*held["levels"].items(), *([("CSV", held["csv"])] if "csv" in held else [])]
    ranked = sorted(every, key=lambda item: -item[1]["ms"])
    csv = f" and a CSV of {held['csv']['rows']:,} rows" if "csv" in held else ""
    worst = held["worst"]
    then = ", ".join(f"{name} {d['ms']:.1f} ms" for name, d in ranked[1:3])
    return [
        f"stalls of the game's loop ({len(held['levels'])} levels{csv}, {held['keys']} random "
        f"keys each, {held['size']}): longest {worst['ms']:.1f} ms on {worst['where']}, after "
        f"{worst['after']}" + (f"; then {then}" if then else "")
    ]


def _mib(kb: int | None) -> float | None:
    return None if kb is None else kb / 1024


def _class_lines(room: dict[str, Any] | None) -> list[str]:
    """One line per class on a host (first frame, key to frame, keys that got no frame,
    clients that gave up, private memory), and the same class as plain processes."""
    if room is None:
        return []
    lines = ["a class on one host (SSH), against as many plain `dartfit` processes:"]
    plain = {p["players"]: p for p in room["plain"]}
    for h in room["hosted"]:
        first, key = h["first_frame_s"], h["key_to_frame_ms"]
        alone = plain.get(h["players"], {}).get("first_frame_s", {})
        lines.append(
            f"  {h['players']:>3} students{'' if h['warm'] else ' (cold)'}: first frame median "
            f"{_cell(first.get('median'), '.2f')} s, p95 {_cell(first.get('p95'), '.2f')} s "
            f"(plain {_cell(alone.get('median'), '.1f')} / {_cell(alone.get('p95'), '.1f')} s); "
            f"key to frame median {_cell(key.get('median'), '.0f')} ms, p95 "
            f"{_cell(key.get('p95'), '.0f')}, p99 {_cell(key.get('p99'), '.0f')} ms; "
            f"{h['silent_keys']} keys unanswered in 5 s, {len(h['errors'])} gave up; "
            f"{_cell(_mib(h['memory_kb'].get('private_median')), '.1f')} MiB private a game"
        )
        if "cpu_s" in h:  # runs before these figures had none
            cpu, settled = h["cpu_s"], h["key_to_frame_settled_ms"]
            lines.append(
                f"      once every level was open, key to frame p95 "
                f"{_cell(settled.get('p95'), '.0f')} ms, {_cell(h['game_cpu_ms_per_key'], '.1f')}"
                f" ms of games' CPU a key; CPU s: games {cpu['games']:.1f} "
                f"({h['cpu_s_arriving']['games']:.1f} arriving), host {cpu['host']:.2f}, warm "
                f"{cpu['warm']:.2f}, clients {cpu['clients']:.2f} (their loop's lag p95 "
                f"{_cell(h['client_lag_ms'].get('p95'), '.0f')} ms)"
            )
    return lines


def _frames(solver: dict[str, Any]) -> str:
    """The auto-solver's CPU per frame, frame by frame (schedstat only), for the table."""
    if solver.get("cpu_ms_frame_median") is None:
        return ""
    return (
        f"; each frame {solver['cpu_ms_frame_median']:.2f} ms median, "
        f"{solver['cpu_ms_frame_p95']:.2f} p95, {solver['cpu_ms_frame_max']:.2f} max"
    )


def solver_lines(report: dict[str, Any]) -> str:
    """The auto-solver's figures and its goal against the reference's, alone (--solver)."""
    reference = report["reference"][HEADLINE]
    solver = report["solver"]
    cpu = solver["cpu_ms_per_frame_schedstat"] or solver["cpu_ms_per_frame"]
    ratio = _ratio(cpu, reference["cpu_ms_median"])
    med, p95 = (
        _ratio(solver.get(f"cpu_ms_frame_{k}"), reference["cpu_ms_median"])
        for k in ("median", "p95")
    )
    return "\n".join(
        [
            f"reference at {HEADLINE}, {reference['keys']} keys: "
            f"{reference['cpu_ms_median']:.2f} ms CPU a key (median)",
            f"auto-solver at {HEADLINE}, {solver['seconds']:g} s: {solver['fps']:.1f} fps, "
            f"{_cell(cpu, '.2f')} ms CPU a frame{_frames(solver)}",
            f"auto-solver CPU per frame / the reference's per key: {ratio} (goal ≤ "
            f"{_share(SOLVER_MS)}); each frame's median {med}, p95 {p95}",
        ]
    )
