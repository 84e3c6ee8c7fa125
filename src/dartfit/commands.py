"""Sub-commands that need no user interface: levels, lessons, check, export, solve."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, TextIO

from dartfit import core, goals
from dartfit.lessons import LESSON_IDS, lesson_title
from dartfit.levels import Level, LevelError, level_files, load_level


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit status 2."""


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def levels_table(levels: list[Level], out: TextIO) -> None:
    """Print number, id, kind, title, target and the best achievable value as a table."""
    rows = [("#", "id", "kind", "title", "target", "best")]
    for lv in levels:
        best = goals.optimum(lv)
        row = (
            str(lv.number),
            lv.id,
            lv.spec.kind,
            lv.spec.title,
            goals.describe_target(lv),
            _fmt(best),
        )
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip(), file=out)


def lessons_table(out: TextIO) -> None:
    """Print each lesson's concept id and title, in curriculum order."""
    width = max(len(concept) for concept in LESSON_IDS)
    print(f"{'id':<{width}}  title", file=out)
    for concept in LESSON_IDS:
        print(f"{concept:<{width}}  {lesson_title(concept)}", file=out)


def check_paths(paths: list[str]) -> tuple[int, list[str]]:
    """Validate level files and folders; return (levels that are fine, one line per problem)."""
    problems: list[str] = []
    fine = 0
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = level_files(path)
            if not files:
                problems.append(f"{path}: holds no .toml level files")
        elif path.is_file():
            files = [path]
        else:
            problems.append(f"{path}: no such file or folder")
            continue
        ids: dict[str, Path] = {}
        for file in files:
            try:
                level = load_level(file)
            except LevelError as e:
                problems.append(str(e))
                continue
            try:  # the points are made now, so a bad draw is found here
                found = [f"{file}: {p}" for p in goals.problems(level)]
            except LevelError as e:
                problems.append(str(e))
                continue
            if level.id in ids:
                found.append(f'{file}: id: "{level.id}" is already used by {ids[level.id].name}')
            ids[level.id] = file
            problems.extend(found)
            fine += not found
    return fine, problems


def export_csv(level: Level, out: TextIO) -> None:
    """Write the level's data as CSV ``x,y``: the exact numbers the game uses.

    A darts level has no points; its rows are where each dart lands relative to the
    bullseye when aimed at it: wind plus the seeded wobble.
    """
    if level.is_darts:
        d = level.spec.darts
        assert d is not None
        offsets = d.wobble * level.wobble() + [d.wind[i] for i in range(d.axes)]
        xs = offsets[:, 0]
        ys = offsets[:, 1] if d.axes == 2 else [0.0] * len(xs)
    else:
        xs, ys = level.x, level.y
    print("x,y", file=out)
    for x, y in zip(xs, ys, strict=True):
        print(f"{float(x)!r},{float(y)!r}", file=out)


def solve(level: Level, method: str, lr: float | None, steps: int | None) -> dict[str, Any]:
    """Run the auto-solver on a line level and return the report as a plain dictionary."""
    if level.is_darts or level.x.size == 0:
        raise CommandError(f"level {level.id} is a {level.spec.kind} level: it has no line to fit")
    constant = level.spec.model.shape == "constant"
    if constant and method != "exact":
        raise CommandError(f"level {level.id} fits a constant, not a line: use --method exact")
    m0, b0 = goals.start_line(level)
    opt_m, opt_b = goals.best_fit(level) if method == "exact" else core.best_line(level.x, level.y)
    report: dict[str, Any] = {"level": level.id, "method": method}
    if method == "exact":
        mse = core.mse(level.y, core.line_predict(level.x, opt_m, opt_b))
        report |= {
            "learning_rate": None,
            "m": opt_m,
            "b": opt_b,
            "mse": mse,
            "steps": 0,
            "converged": True,
            "diverged": False,
            "reason": "closed form: solved exactly, no steps needed",
            "trajectory": [{"m": opt_m, "b": opt_b, "mse": mse}],
        }
    else:
        result = core.descend(level.x, level.y, m0, b0, lr, steps, method=method)
        last = result.steps[-1]
        report |= {
            "learning_rate": result.learning_rate,
            "max_stable_learning_rate": core.max_stable_learning_rate(level.x),
            "m": last.m,
            "b": last.b,
            "mse": last.mse,
            "steps": len(result.steps) - 1,
            "converged": result.converged,
            "diverged": result.diverged,
            "reason": result.reason,
            "trajectory": [{"m": s.m, "b": s.b, "mse": s.mse} for s in result.steps],
        }
    pred = core.line_predict(level.x, report["m"], report["b"])
    value = goals.loss(level, level.y, pred)
    goal = goals.target_value(level)
    report |= {
        "metric": level.spec.target.metric,
        "loss": value,
        "optimum_mse": core.mse(
            level.y, core.line_predict(level.x, *core.best_line(level.x, level.y))
        ),
        "target": goal,
        "beaten": goal is not None and not report["diverged"] and goals.beaten(level, value),
    }
    return report


def print_solve(report: dict[str, Any], as_json: bool, out: TextIO) -> None:
    """Print a solve report as text for people or as one JSON object."""
    if as_json:
        json.dump(report, out, allow_nan=False)
        print(file=out)
        return
    lr = report["learning_rate"]
    rate = "" if lr is None else f", learning rate {lr:.4g}"
    print(f"level {report['level']}: method {report['method']}{rate}", file=out)
    state = "diverged" if report["diverged"] else "converged" if report["converged"] else "stopped"
    print(f"m = {report['m']:.6g}   b = {report['b']:.6g}   MSE = {report['mse']:.6g}", file=out)
    print(f"{report['steps']} steps, {state}: {report['reason']}", file=out)
    if report["target"] is not None:
        verdict = "beaten" if report["beaten"] else "not beaten"
        metric = report["metric"].upper()
        print(f"target {metric} ≤ {report['target']:.4g}: {verdict}", file=out)
    gap = report["mse"] - report["optimum_mse"]
    if math.isfinite(gap):
        print(f"closed-form optimum MSE = {report['optimum_mse']:.6g} (gap {gap:.2g})", file=out)
