"""Sub-commands that need no user interface: levels, lessons, check, export, solve."""

from __future__ import annotations

import json
import math
import re
import shutil
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import msgspec
from rich.cells import cell_len

from dartfit import check, core, stdio
from dartfit.files import broken_link, wrong_kind
from dartfit.kinds import rules_of
from dartfit.lessons import LESSON_IDS, lesson_title
from dartfit.levels import Level, LevelError, inspect_level, level_files
from dartfit.levels.raw import Read, is_a_check, read_once
from dartfit.printable import ELLIPSIS, fitted
from dartfit.quiz import CheckError, check_files, checks_folder, inspect_check
from dartfit.quiz.load import clashes, twin_problems
from dartfit.quiz.spec import CheckSpec
from dartfit.rules import linear, scoring
from dartfit.stdio import CommandError
from dartfit.wording import num, pair, typeset_numbers


def _fmt(value: float | None) -> str:
    return "—" if value is None else num(value)


TITLE_CELLS = 60
"""The most cells a title takes in `dartfit levels`: as many as the characters a level's
title may have, so that only a title of wide characters (中 is 2 cells) is cut (60 of
them made the table 190 columns wide)."""


def _best_cell(level: Level) -> str:
    """The least value of the level's metric a player can reach; where a kind's optimum is
    no such least (darts: a lucky aim beats any steady one; level 1's "0.402" was beaten
    by 0.128), what it is instead, in parentheses: "(aiming at the bull: 0.402)"."""
    best, rules = scoring.optimum(level), rules_of(level)
    if best is None or rules.optimum_is_least:
        return _fmt(best)
    said = next((name for name, value in rules.references(level) if value == best), None)
    return f"({said or rules.best_label}: {_fmt(best)})"


def terminal_width(out: TextIO) -> int | None:
    """The columns of the terminal `out` prints to (`COLUMNS` where set); None for a file or
    a pipe, which get the whole table, one row a level, for a script to read."""
    try:
        return shutil.get_terminal_size().columns if out.isatty() else None
    except (AttributeError, ValueError, OSError):  # a stream with no terminal behind it
        return None


BEST_UNDER = "    best possible "
"""How a row's best possible value is said on a line under it, where the table is too wide
for the terminal (`dartfit levels` in 80 columns wrapped every row of its 112)."""


LEAST_TITLE_CELLS = 12
"""The fewest cells a title is cut to in a terminal too narrow for the table (long ids may
still make it wrap: an id is how a level is named to `dartfit play`, never cut)."""


def _widths(rows: list[tuple[str, ...]]) -> list[int]:
    """Each column's width in terminal cells: a wide (CJK, emoji) or combining title kept
    its row's later columns out of line when padded by characters."""
    return [max(cell_len(r[i]) for r in rows) for i in range(len(rows[0]))]


def _span(widths: list[int]) -> int:
    """The cells a row of columns this wide takes, two between each."""
    return sum(widths) + 2 * (len(widths) - 1)


def levels_table(levels: list[Level], out: TextIO, width: int | None = None) -> None:
    """Print number, id, kind, title, target and the best achievable value as a table; in a
    terminal `width` columns wide too narrow for it, each best value on a line under its row."""
    ending = stdio.as_printed(ELLIPSIS, out)  # "..." where "…" can't be printed
    # "best possible", not "best": beside a player's progress it read as their own best
    rows: list[tuple[str, ...]] = [("#", "id", "kind", "title", "target", "best possible")]
    for lv in levels:
        row = (
            str(lv.number),
            lv.id,
            lv.spec.kind,
            lv.spec.title,
            scoring.describe_target(lv),
            _best_cell(lv),
        )
        printed = [stdio.as_printed(cell, out) for cell in row]
        printed[3] = fitted(printed[3], TITLE_CELLS, ending)
        rows.append(tuple(printed))
    widths = _widths(rows)
    under = width is not None and _span(widths) > width
    if width is not None and under and _span(widths[:-1]) > width:
        # still too wide with the best values under the rows: the titles give up their end
        # (a folder of one's own with a title of 60 characters wrapped every row at 80)
        room = max(width - _span(widths[:-1]) + widths[3], LEAST_TITLE_CELLS)
        rows = [rows[0], *((*r[:3], fitted(r[3], room, ending), *r[4:]) for r in rows[1:])]
        widths = _widths(rows)
    for i, r in enumerate(rows):
        shown = r[:-1] if under else r
        cells = (c + " " * (w - cell_len(c)) for c, w in zip(shown, widths, strict=False))
        print("  ".join(cells).rstrip(), file=out)
        if under and i > 0 and r[-1] != "—":
            print(f"{BEST_UNDER}{r[-1]}", file=out)


def lessons_table(out: TextIO) -> None:
    """Print each lesson's concept id and title, in curriculum order."""
    width = max(len(concept) for concept in LESSON_IDS)
    print(f"{'id':<{width}}  title", file=out)
    for concept in LESSON_IDS:
        print(f"{concept:<{width}}  {lesson_title(concept)}", file=out)


def check_paths(paths: list[str]) -> tuple[int, list[str]]:
    """Validate level and check files and folders; return (files that are fine, one line
    per problem). A folder's checks (its `checks/` folder) are checked with it, against the
    chapters of its levels.

    Every problem of every file is found, each one line naming its file; a file that breaks
    the checker itself is reported the same way, and the other files are still checked.
    """
    problems: list[str] = []
    fine = 0
    campaigns: dict[Path, dict[str, Path]] = {}  # the ids in each folder, as the game reads it
    for name in paths:
        path = Path(name)
        try:
            # a device or a pipe is a file too: reading it says what it is, without reading;
            # in a folder, every *.toml entry the game would play is checked (a broken link
            # is not skipped; a hidden file, which the game leaves out, is)
            files = level_files(path) if path.is_dir() else [path]
        except OSError as e:
            problems.append(str(LevelError(path, "", f"can't read: {e.strerror or e}")))
            continue
        except LevelError as e:
            problems.append(str(e))
            continue
        if not files:
            problems.append(str(LevelError(path, "", "holds no .toml level files")))
            continue
        campaign = _campaign_of_checks(path, files)
        if campaign is not None:  # each of its checks was told to go in the checks/ folder
            found_in = _check_checks(campaign, _chapters_of(campaign))
            problems.extend(found_in[1])
            fine += found_in[0]
            continue
        chapters: dict[str, None] = {}
        for file in files:
            # files of one folder are one campaign however they are named (`check
            # levels/*.toml` passed two files of one id, which `--levels levels` refuses)
            ids = campaigns.setdefault(_folder_of(file), {})
            odd = not_a_level_file(file)
            read = None if odd else read_once(file)  # once: each reader takes it from here
            if odd:
                found = [str(LevelError(file, "", odd))]
            elif is_check_table(read) and path.is_dir():  # the game reads it as a level
                moved = wrong_kind("a check", "a level", "checks go in the checks/ folder")
                found = [str(CheckError(file, "", moved))]
            elif is_check_table(read):
                found = [str(e) for e in inspect_check(file, read=read).problems]
            else:
                found = _check_file(file, ids, chapters, read)
            problems.extend(found)
            fine += not found
        if path.is_dir():
            found_in = _check_checks(path, list(chapters))
            problems.extend(found_in[1])
            fine += found_in[0]
    return fine, problems


def is_check_table(table: Read | None) -> bool:
    """Whether a TOML file's table is a check's rather than a level's (`is_a_check`). A file
    that could not be read is a level file's problem."""
    if not isinstance(table, dict):
        return False
    return is_a_check(table)


def _campaign_of_checks(path: Path, files: list[Path]) -> Path | None:
    """The folder of levels whose checks/ folder `path` is, when it is one (named so, and
    holding a check: a folder of levels that happens to be named checks is one of levels);
    else None. Its files are checked as the game reads them: as checks."""
    folder = path if path.name else path.absolute()  # "." is a checks/ folder too
    if not path.is_dir() or checks_folder(folder.parent).name != folder.name:
        return None
    return folder.parent if any(is_check_table(read_once(file)) for file in files) else None


def _chapters_of(campaign: Path) -> list[str]:
    """The chapters of a campaign's levels, as the game finds them, for its checks to close
    (none where its levels can't be read: each is said when the folder itself is checked):
    `dartfit check levels/checks` passed a check of a chapter no level has, which `dartfit
    check levels` and the game refuse."""
    try:
        files = level_files(campaign)
    except (LevelError, OSError):
        return []
    found: dict[str, None] = {}
    for file in files:
        read = read_once(file)
        level = None if is_check_table(read) else inspect_level(file, read=read).level
        if level is not None:
            found[level.spec.chapter] = None
    return list(found)


def _check_checks(folder: Path, chapters: list[str]) -> tuple[int, list[str]]:
    """The check files beside a folder of levels: (fine, one line per problem)."""
    fine, problems = 0, []
    try:
        files = check_files(folder)
    except CheckError as e:
        return 0, [str(e)]
    reports = [inspect_check(file, chapters or None) for file in files]
    seen: dict[tuple[str, str], Path] = {}
    read: list[tuple[Path, CheckSpec]] = []
    for file, report in zip(files, reports, strict=True):
        found = [str(e) for e in report.problems]
        if report.check is not None:
            found += [str(e) for e in clashes(file, report.check, seen)]
            read.append((file, report.check))
        problems.extend(found)
        fine += not found
    # twins are counted across every file: with one unreadable, the count would blame another
    twins = twin_problems(read) if len(read) == len(files) else []
    problems.extend(str(e) for e in twins)
    return fine - len({e.path for e in twins}), problems


def not_a_level_file(entry: Path) -> str | None:
    """What an entry is when it leads to no file at all (a link to nothing or to itself,
    a missing path), in a few words; None for anything else (a folder, a device or a pipe is
    said by the reader, which never reads it)."""
    broken = broken_link(entry)
    if broken is not None:
        return broken
    if not entry.exists():
        return "no such file or folder"
    return None


def _check_file(
    file: Path, ids: dict[str, Path], chapters: dict[str, None], read: Read | None
) -> list[str]:
    """Every problem of one level file (its table as `read`), one line each; its id is added
    to `ids`, its chapter to `chapters`."""
    report = inspect_level(file, read=read)
    found = [str(e) for e in report.problems]
    level = report.level
    if level is None:
        return found
    chapters[level.spec.chapter] = None
    try:  # the points are made now, so a bad draw is found here
        problems = check.problems(level)
        problems += check.star_problems(level) if not problems else []
        found += [str(LevelError(file, "", p)) for p in problems]
    except LevelError as e:
        found.append(str(e))
    except Exception as e:  # still this file's problem, and the next file is checked
        found.append(str(LevelError(file, "", f"can't be checked: {type(e).__name__}: {e}")))
    other = ids.get(level.id)
    if other is not None and not _same_file(other, file):  # (a file named twice is one)
        used = f'"{level.id}" is already used by {other.name}'
        found.append(str(LevelError(file, "id", used)))
    ids.setdefault(level.id, file)
    return found


def _folder_of(file: Path) -> Path:
    """The folder a level file is played from, the same however it is named."""
    try:
        return file.parent.resolve()
    except (OSError, RuntimeError):  # a loop on the way: the folder as named
        return file.parent.absolute()


def _same_file(one: Path, other: Path) -> bool:
    try:
        return one.samefile(other)
    except (OSError, ValueError):
        return one.absolute() == other.absolute()


def export_csv(level: Level, out: TextIO) -> None:
    """Write the level's data as CSV ``x,y``: the exact numbers the game uses (for darts,
    where each dart lands relative to the bullseye when aimed at it)."""
    why = rules_of(level).why_not_exportable(level)
    if why is not None:  # it printed a header alone, and succeeded
        raise CommandError(f"level {level.id} is a {level.spec.kind} level: {why}")
    xs, ys = rules_of(level).export_points(level)
    print("x,y", file=out)
    for x, y in zip(xs, ys, strict=True):
        print(f"{x!r},{y!r}", file=out)


def _why_not_solvable(level: Level) -> str | None:
    """Why solve can't play this level (it fits the player's line or constant), or None."""
    return rules_of(level).why_not_solvable(level)


def _path(level: Level, lines: Sequence[tuple[float, ...]]) -> list[dict[str, float]]:
    """Each line (m, b, …) with numpy's MSE of it, 0 where that is round-off, as the game
    reads them (descent's own are its bowl's closed form: up to 8e-8 off numpy's)."""
    m, b = [line[0] for line in lines], [line[1] for line in lines]
    mses = linear.numpys_mses(level, m, b)
    return [{"m": mk, "b": bk, "mse": mse} for mk, bk, mse in zip(m, b, mses, strict=True)]


CORE_METHOD = {"gradient-descent": "gd"}
"""The methods `solve` names in full that the core knows by a short name."""


def solve(level: Level, method: str, lr: float | None, steps: int | None) -> dict[str, Any]:
    """Run the auto-solver on a level whose model is a line or a constant; return the report
    as a plain dictionary. `method`: exact, gradient-descent (or gd), momentum or adam."""
    method = {short: name for name, short in CORE_METHOD.items()}.get(method, method)
    why = _why_not_solvable(level)
    if why is not None:
        raise CommandError(
            f"level {level.id} is a {level.spec.kind} level: {why}"
            "; solve fits a line or a constant to a level's points"
        )
    model = level.spec.model.shape
    given = " and ".join(name for name, v in (("--lr", lr), ("--steps", steps)) if v is not None)
    if model == "constant" and (method != "exact" or given):
        refused = f"--method {method}" if method != "exact" else given
        raise CommandError(
            f"level {level.id} fits a constant, solved exactly in one step: {refused} can't"
            " be used (leave out --method, --lr and --steps)"
        )
    m0, b0 = linear.start_line(level)
    opt_m, opt_b = linear.best_fit(level)
    report: dict[str, Any] = {"level": level.id, "model": model, "method": method}
    if method == "exact" and given:
        raise CommandError(
            f"{given}: for --method gradient-descent, momentum or adam (exact takes no steps)"
        )
    if method == "exact":
        path = _path(level, [(opt_m, opt_b)])
        report |= {
            "learning_rate": None,
            "m": opt_m,
            "b": opt_b,
            "mse": path[-1]["mse"],
            "steps": 0,
            "converged": True,
            "diverged": False,
            "reason": "closed form: solved exactly, no steps needed",
            "trajectory": path,
        }
    else:
        from dartfit.core.curvature import largest_curvature
        from dartfit.core.stepping import stable_rate_limit

        descent = CORE_METHOD.get(method, method)
        result = core.descend(level.x, level.y, m0, b0, lr, steps, method=descent)
        last, path = result.steps[-1], _path(level, result.steps.points)
        report |= {
            "learning_rate": result.learning_rate,
            # the method's own (momentum's is 1.9 times gd's; adam has none: null)
            "max_stable_learning_rate": stable_rate_limit(descent, largest_curvature(level.x)),
            "m": last.m,
            "b": last.b,
            "mse": path[-1]["mse"],
            "steps": len(result.steps) - 1,
            "converged": result.converged,
            "diverged": result.diverged,
            "reason": result.reason,
            "trajectory": path,
        }
    # the path's MSEs and "mse" read as the game reads them: numpy's, or 0 where round-off
    # that 0 agrees with; an exact fit read "MSE = 2.6e−31 … not beaten" here while the game
    # showed MSE 0 and ★★★ (a hostile pass)
    pred = core.line_predict(level.x, report["m"], report["b"])
    metric = level.spec.target.metric
    value = linear.exact_or_zero(level, linear.loss(level, level.y, pred), metric)
    goal = scoring.target_value(level)
    report |= {
        "metric": metric,
        "loss": value,
        "optimum": linear.line_loss(level, opt_m, opt_b),  # the best of this model, this metric
        "optimum_mse": linear.exact_or_zero(
            level, core.mse(level.y, core.line_predict(level.x, *linear.best_fit(level, "mse")))
        ),
        "target": goal,
        "beaten": goal is not None and not report["diverged"] and scoring.beaten(level, value),
    }
    return report


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def _ascii(document: str) -> str:
    """JSON with every character past ASCII escaped (as json.dumps writes it): any
    terminal's encoding prints it (characters past ASCII are only ever inside strings).
    Searched only when there is one: the search read a crawl's 15 MB in 0.18 s, the check
    in a millisecond."""
    if document.isascii():
        return document
    return _NOT_ASCII.sub(lambda found: json.dumps(found.group())[1:-1], document)


def print_solve(
    report: dict[str, Any],
    as_json: bool,
    out: TextIO,
    level: Level | None = None,
    width: int | None = None,
) -> None:
    """Print a solve report as text for people or as one JSON object (the text's m and b
    with round-off beside the `level`'s data as 0, as the game shows a fitted line); in a
    terminal `width` columns wide, a longer line of the text wraps at a word, indented."""

    def say(text: str) -> None:
        if width is not None and cell_len(text) > width:
            text = textwrap.fill(text, width, subsequent_indent="  ", break_on_hyphens=False)
        out.write(text + "\n")

    if as_json:
        # one string, one write, by msgspec: json.dumps took 1.2 s over the 200,000 steps of
        # a crawl (15 MB), msgspec 0.07 s; a number that is not finite is written null
        out.write(_ascii(msgspec.json.encode(report).decode()) + "\n")
        return
    lr = report["learning_rate"]
    rate = "" if lr is None else f", learning rate {num(lr)}"
    constant = report["model"] == "constant"
    model = "a constant ŷ = b" if constant else "a line ŷ = m·x + b"  # as the game writes it
    say(f"level {report['level']}: fits {model}, method {report['method']}{rate}")
    metric = report["metric"].upper()
    m, b = (report["m"], report["b"])
    if level is not None:
        m, b = linear.shown_fit(level, (m, b))
    slope, height = pair(m, b, 6)
    values = [f"b = {height}"] if constant else [f"m = {slope}", f"b = {height}"]
    values.append(f"MSE = {num(report['mse'], 6)}")
    if metric != "MSE":
        values.append(f"{metric} = {num(report['loss'], 6)}")
    say("   ".join(values))
    state = "diverged" if report["diverged"] else "converged" if report["converged"] else "stopped"
    reason = typeset_numbers(report["reason"])
    if reason.startswith(f"{state} after "):  # it says how it ended, and after how many steps
        # ("200000 steps, stopped: stopped after 200,000 steps": each said twice)
        say(reason[0].upper() + reason[1:])
    else:
        steps = f"{report['steps']:,} step{'' if report['steps'] == 1 else 's'}"  # not "1 steps"
        say(f"{steps}, {state}: {reason}")
    if report["target"] is not None:
        verdict = "beaten" if report["beaten"] else "not beaten"
        say(f"target {metric} ≤ {num(report['target'])}: {verdict}")
    gap = report["loss"] - report["optimum"]
    if math.isfinite(gap):
        best = f"best {report['model']} under {metric}: {metric} = {num(report['optimum'], 6)}"
        # to the digits the reason gives it ("still 3.27e−5 above"): it read 3.3e−5 here
        say(f"{best} (gap {num(gap, 3, scale=report['optimum'])})")
