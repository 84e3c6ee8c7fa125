"""Smooth or kinked played through the Pilot: predict first, then the run, then the stars."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from dartfit.app import make_app
from dartfit.dialogs.win import WinScreen
from dartfit.screens.kink import BOTH, MEAN, MEDIAN
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.plot import (
    _ESCAPE,
    _ROLE_OF,
    GRID_DOT,
    Figure,
    PlotView,
    Series,
    _laid_out,
    build,
)
from tests.conftest import SHIPPED
from tests.test_plot_ticks import y_labels
from tests.ui.test_screens import text_of
from tests.ui.typing import panel_shown, settled


@pytest.mark.parametrize(("prediction", "stars"), [("1", 3), ("2", 1), ("3", 1)])
async def test_predict_then_see_and_the_prediction_sets_the_stars(
    tmp_path: Path, prediction: str, stars: int
) -> None:
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("space")  # no run before a prediction
        assert app.screen.state.steps == 0 and "Predict first" in text_of(app, "#hint")
        await pilot.press(prediction, "space", "space")
        assert app.screen.state.steps == 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WinScreen) and app.screen.result.stars == stars
    record = json.loads((tmp_path / "progress.json").read_text())["levels"]["kink"]
    assert record["stars"] == stars


async def test_a_reset_keeps_the_prediction_and_a_tiny_terminal_is_no_crash(tmp_path) -> None:
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "space", "space", "r", "1")  # peek, reset, guess again: no
        assert app.screen.state.prediction == 2 and app.screen.state.steps == 0
        level = app.screen
        await pilot.resize_terminal(40, 13)  # the charts had −1 rows: ZeroDivisionError
        await settled(pilot, lambda: app.screen is not level)  # the size notice, once settled
        await pilot.resize_terminal(120, 40)
        await settled(pilot, lambda: app.screen is level)  # and gone again
        assert app.is_running and app.screen is level
        await pilot.press("enter")
        await pilot.pause()
        win = app.screen
        assert isinstance(win, WinScreen) and win.result.stars == 1
        assert "Your prediction: wrong" in str(win.query_one("#win-score").render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_both_charts_keep_four_tick_labels_beside_or_under_the_win(tmp_path, size) -> None:
    """Under the win panel along the bottom of 80×24 the two charts had two rows of plot
    each (two labels); short of height they now stand side by side."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=size) as pilot:
        level = app.screen
        await pilot.press("1", "enter")
        await panel_shown(pilot)
        charts = list(level.query(PlotView))
        box = app.screen.query_one("#win-box").region

        def readable() -> bool:
            return all(
                not c.region.overlaps(box) and len(y_labels(c.text().splitlines())) >= 4
                for c in charts
            )

        await settled(pilot, readable)
        for chart in charts:
            assert not chart.region.overlaps(box), chart.region
            assert len(y_labels(chart.text().splitlines())) >= 4, (chart.id, chart.text())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_chart_of_step_sizes_has_its_axes_before_the_first_step(tmp_path, size) -> None:
    """Before the first step the chart of step sizes was a bare frame, no axis and no tick
    (plotext draws none for a chart with no point): now its axes, its ticks and a line
    saying why it is empty, from the start; and every chart drawn with no point alike."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        chart = app.screen.query_one("#kink-steps", PlotView)
        await settled(pilot, lambda: bool(chart.text().strip()))
        rows = chart.text().splitlines()
        assert len(y_labels(rows)) >= 4, chart.text()
        assert "no step yet" in chart.text() and any("┬" in row for row in rows), chart.text()
        await pilot.press("1", "space")
        await settled(pilot, lambda: "no step yet" not in chart.text())
    empty = Figure((Series((), ()),), xlim=(0.0, 10.0), ylim=(0.0, 5.0))
    rows = [_ESCAPE.sub("", row) for row in build(empty, 40, 12)]
    assert len(y_labels(rows)) >= 4 and any("┬" in row for row in rows), "\n".join(rows)


async def test_the_prediction_keys_leave_the_footer_once_the_prediction_is_made(tmp_path) -> None:
    """After the answer (and after the win) the footer still offered "1 Only MSE  2 Only MAE
    3 Both", keys that then did nothing; the HUD's step counter fits on one line."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=(120, 40)) as pilot:
        level = app.screen
        footer = level.query_one(KeyFooter)
        await settled(pilot, lambda: bool(footer.entries))

        def offered() -> set[str]:
            return {entry.description for entry in footer.entries}

        assert {"Only MSE", "Only MAE", "Both"} <= offered()
        await pilot.press("1")
        await settled(pilot, lambda: "Only MSE" not in offered())
        assert not {"Only MSE", "Only MAE", "Both"} & offered() and "Step" in offered()
        assert "η = 0.45 · step 0/50" in text_of(app, "#hud")
        await pilot.press("2")  # no longer a key: the prediction stays
        assert level.state.prediction == 1


async def test_the_step_sizes_fall_to_a_floor_row_labelled_as_one(tmp_path) -> None:
    """Steps of (nearly) 0 are drawn at a floor of 1e−12: that row reads ≤1e−12 (a log axis
    has no 0: it had read "0"), and no tick under it reads as a size (at 80×24 the chart
    had 1e−15 under the floor, its title "0 at 1e−12" to make sense of it)."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3", "enter")
        await panel_shown(pilot)
        rows = app.screen_stack[-2].query_one("#kink-steps", PlotView).text().splitlines()
        labels = y_labels(rows)
        assert labels[-1] == "≤1e−12" and "0" not in labels, rows
        assert all(float(label.replace("−", "-")) > 1e-12 for label in labels[:-1]), labels
        zero_row = next(row for row in rows if row.strip().startswith("≤1e−12┤"))
        # the MSE's steps, shrunk to nothing, are drawn there (in the row's upper or lower
        # half: a value on a row's middle falls in its upper half)
        assert set("▄▀") & set(zero_row), zero_row


Cells = dict[tuple[int, int], tuple[str, str]]


def plot_cells(rows: list[str]) -> Cells:
    """A chart's plot (its rows from the frame's top down, each from its frame's left edge)
    cell by cell: (row, column) → (character, role)."""
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    found: Cells = {}
    for r, row in enumerate(rows[top + 1 :]):
        parts, col = _ESCAPE.split(row), 0
        for i in range(0, len(parts), 2):
            role = "axis" if i == 0 else _ROLE_OF.get(parts[i - 1], "axis")
            for ch in parts[i]:
                found[r, col] = (ch, role)
                col += 1
    return found


def cells_in(role: str, chart: PlotView) -> set[tuple[int, int]]:
    """The cells of a chart's plot drawn in `role` (its rows counted from under the frame's
    top, so that a row of `text()`'s plot rows is the same row)."""
    return {cell for cell, (_, r) in plot_cells(list(chart._rows)).items() if r == role}


HD_QUADRANTS = set("▘▝▀▖▌▞▛▗▚▐▜▄▙▟█")
"""The characters of plotext's "hd" marker: the MSE's steps, in the chart of step sizes."""


@pytest.mark.parametrize(("steps", "reached"), [(2, 2), (4, 2), (8, 4)])
async def test_a_short_chart_of_step_sizes_shows_the_mse_on_every_row_it_reaches(
    tmp_path, steps, reached
) -> None:
    """At 80×24, before the win, the step sizes (1e−12 to 4.8) have six rows: drawn from
    1e−15 to 1e10, five decades a row, the two top rows were empty, the bottom one too, and
    the MSE's first four steps shared the row of 1 with the MAE's dots, which hid them (four
    steps in: no MSE at all). The rows now run from the floor to 10, the MSE drawn over the
    dots: it shows on its first row, the top one, and on each row down to its last step
    (4.8, 0.48, … a tenth each: 2.7 decades a row), the MAE's dots on it (◘, a step of
    each) or beside it, and the floor is the bottom row."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", *["space"] * steps)
        await settled(pilot, lambda: app.screen.state.steps == steps)
        rows = app.screen.query_one("#kink-steps", PlotView).text().splitlines()
        framed = [row for row in rows if "┤" in row or "│" in row]
        plot = [(row.partition("┤")[2] or row.partition("│")[2]).rstrip(" │") for row in framed]
        assert len(plot) == 6, rows  # the short chart this is about
        shown = [bool((HD_QUADRANTS | {BOTH}) & set(row)) for row in plot]
        assert shown[0], rows  # the largest step, on the top row: none empty above it
        assert shown == [True] * reached + [False] * (6 - reached), rows  # none hidden
        assert any("•" in row or BOTH in row for row in plot), rows
        labels = y_labels(rows)
        assert len(labels) >= 3 and labels[-1] == "≤1e−12", rows
        assert framed[-1].lstrip().startswith("≤1e−12┤"), rows  # no row under the floor


async def test_the_mean_is_dotted_so_it_reads_apart_from_the_path_without_colour(
    tmp_path,
) -> None:
    """The mean's line was drawn in the braille dots of the MSE's path: without colour the
    two read as one series, and the path as done before it ran. It is dotted (a dot a cell,
    as the fit charts' first reference line), the path solid, and the legend shows it so."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        chart = app.screen.query_one("#kink-path", PlotView)
        await settled(pilot, lambda: "┌" in chart.text())
        await pilot.pause()
        marks = {mark for mark, role in plot_cells(list(chart._rows)).values() if role == "best"}
        assert len(marks) == 1 and len(dot_rows_of(marks.pop())) == 1, chart.text()
        assert sum(1 for _ in cells_in("best", chart)) > 20, chart.text()  # along the chart
        assert f"{MEAN} the mean" in _legend(chart) and MEAN == "⠂⠂⠂"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_mse_path_settles_on_the_mean_in_sight_and_the_mean_shows_past_it(
    tmp_path, size
) -> None:
    """The mean's rule was drawn over the MSE's path, which settles on it: every settled step
    was hidden under "── the mean", in any colours, and without colour the path read as its
    first drop alone. The path is drawn over the mean's dots (each cell keeping both's
    dots), and the mean runs on a few steps past the last one, to the chart's edge (at
    80×24 beside the win the path had reached the frame): on the mean's row the path's dots
    stand for each settled step, and the mean shows to their right, named by its legend,
    at every step of the run."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        for steps, key in ((10, "space"), (50, "enter")):
            while app.screen.state.steps < steps and key == "space":
                await pilot.press(key)
            if key == "enter":
                await pilot.press(key)
                await panel_shown(pilot)
            level = app.screen_stack[-2] if key == "enter" else app.screen
            chart = level.query_one("#kink-path", PlotView)
            await settled(
                pilot,
                lambda: len(chart.text().splitlines()) == chart.content_region.height,  # noqa: B023
            )
            await pilot.pause()
            rows = chart.text().splitlines()
            mean = cells_in("best", chart)
            (row,) = {r for r, _ in mean}
            cells = plot_cells(list(chart._rows))
            dots = [c for (r, c), (mark, role) in cells.items() if r == row and role == "loss"]
            dots = [c for c in dots if "⠀" < cells[row, c][0] <= "⣿"]
            # the settled steps on the mean's row, most of the way along it
            width = max(c for r, c in cells if r == row)
            assert len(dots) >= (width * steps // 50) // 2, rows
            rule = sorted(c for _, c in mean)
            assert len(rule) >= 2 and min(rule[-2:]) > max(dots), rows  # the mean beyond them
            assert f"{MEAN} the mean" in " ".join(rows), rows


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_every_step_of_both_descents_shows_in_the_chart_of_step_sizes(tmp_path, size) -> None:
    """At 80×24 the MSE's steps, drawn over the MAE's dots, hid every one of them one step
    in and three steps in (the two first steps share their cells, and two steps in the
    MSE's step is the MAE's to a seventh of a decade). With the MAE's last dot drawn over
    both, at 120×40 the MSE's steps still hid the MAE's first two dots (its line runs down
    through their row), and at 80×24 one step in, the MAE's dot hid the MSE's only step.
    The MAE's dots are drawn over the MSE's line now, each in its own ink (as the legend
    shows it), on its own step's cell: where one falls in the cell of an MSE's step, the
    cell reads ◘ in the MSE's ink, a step of each (on that step's block, cut out of it, the
    dot had taken the MSE's colour and read as a lone • in plain text; set beside the step,
    it stood a step off its own). After each step, each cell in which plotext draws one
    MSE's step alone shows the MSE's ink, and each in which it draws an MAE's dot alone
    shows that dot, or ◘ where an MSE's step is in it too; no dot is anywhere else."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    shared = 0
    async with app.run_test(size=size) as pilot:
        await pilot.press("1")
        for steps in range(1, 13):
            await pilot.press("space")
            await settled(pilot, lambda: app.screen.state.steps == steps)  # noqa: B023
            chart = app.screen.query_one("#kink-steps", PlotView)
            await settled(pilot, lambda: chart.figure is not None)  # noqa: B023
            figure, (width, height) = chart.figure, chart.size
            assert figure is not None
            shown = plot_cells(build(figure, width, height))
            mse, mae = (s for s in figure.series)
            alone = plot_cells(build(replace(figure, series=(mae,), over=None), width, height))
            dots = {cell for cell, (_, role) in alone.items() if role == "path"}
            steps_at = set()
            for x, y in zip(mse.xs, mse.ys, strict=True):
                one = replace(figure, series=(replace(mse, xs=(x,), ys=(y,)),), over=None)
                cell = next(
                    c for c, (_, r) in plot_cells(build(one, width, height)).items() if r == "loss"
                )
                steps_at.add(cell)
                assert shown[cell][1] == "loss", (steps, x, chart.text())
            drawn = {cell: look for cell, look in shown.items() if look[0] in ("•", BOTH)}
            marked = {c: (BOTH, "loss") if c in steps_at else ("•", "path") for c in dots}
            assert drawn == marked, (steps, "\n".join(chart.text().splitlines()))
            shared += len(dots & steps_at)
    assert shared, "no cell held a step of each"


LEGENDS = {
    "#kink-path": (
        "⠒⠒ MSE's",
        f"{MEAN} the mean",
        "• MAE's",
        f"{MEDIAN} the median",
        f"{BOTH} both",
    ),
    "#kink-steps": ("▀ MSE's", "• MAE's", f"{BOTH} both"),
}
"""Each small chart's legend entries."""


def _legend(chart: PlotView) -> str:
    """A chart's rows above its frame (its title, its legend), joined."""
    rows = chart.text().splitlines()
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    return " ".join(rows[:top])


@pytest.mark.parametrize(
    "size", [(80, 24), (120, 40), (200, 50)], ids=["80x24", "120x40", "200x50"]
)
async def test_each_small_chart_keeps_its_legend_and_its_steps_inside_the_labelled_axis(
    tmp_path, size
) -> None:
    """The step sizes' log axis stopped at 1: the MSE's first step, 4.8, was drawn a row
    above its top label at 120×40 and 200×50 (no label above it), on the row of 1 at 80×24.
    Before the win and beside it, each chart shows every entry of its legend, and the step
    sizes' top label, on its top row, is at least the largest step, its bottom row the
    floor ("≤1e−12", or a decade or two over it)."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=size) as pilot:
        level = app.screen
        await pilot.press("1", "space", "space")
        await settled(pilot, lambda: level.state.steps == 2)
        for stage in ("two steps in", "won"):
            if stage == "won":
                await pilot.press("enter")
                await panel_shown(pilot)
            for name, entries in LEGENDS.items():
                chart = level.query_one(name, PlotView)
                await settled(pilot, lambda c=chart, e=entries: all(w in _legend(c) for w in e))
                missing = [words for words in entries if words not in _legend(chart)]
                assert missing == [], (stage, name, chart.text())
            rows = level.query_one("#kink-steps", PlotView).text().splitlines()
            framed = [row for row in rows if "┤" in row or "│" in row]
            top, bottom = (TICK_LABEL.match(row) for row in (framed[0], framed[-1]))
            assert top and float(top[1].replace("−", "-")) >= 4.8, (stage, rows)
            assert bottom and bottom[1].startswith("≤1e−1"), (stage, rows)


TICK_LABEL = re.compile(r"^\s*(\S+)┤")


def marks_and_labels(text: str) -> tuple[list[int], list[int]]:
    """The rows inside a chart's frame (top first) that hold a mark, and those labelled (the
    grid's dots are no mark: its columns' dots run the chart's height, above the top label
    when the chart has a row to spare there)."""
    lines = text.splitlines()
    top = next(k for k, line in enumerate(lines) if "┌" in line)
    foot = next(k for k, line in enumerate(lines) if "└" in line)
    marks, labels = [], []
    for k, line in enumerate(lines[top + 1 : foot]):
        left = min(line.index(c) for c in "│┤" if c in line)
        marks += [k] if line[left + 1 : line.rindex("│")].replace(GRID_DOT, " ").strip() else []
        labels += [k] if "┤" in line else []
    return marks, labels


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (200, 50)])
async def test_c_is_never_drawn_above_the_top_label_or_below_the_bottom_one(tmp_path, size) -> None:
    """At 80×24, beside the win, c's start of 11 was drawn a row above the top label 10 (the
    row of 12, unlabelled): the labels now run 5 7 9 11. Before and after the win, at every
    size, every mark of the c by step chart is on or between its end labels' rows."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=size) as pilot:
        level = app.screen
        chart = level.query_one("#kink-path", PlotView)
        await pilot.press("3", "space", "space")
        await settled(pilot, lambda: level.state.steps == 2)
        seen = [chart.text()]
        await pilot.press("enter")
        await panel_shown(pilot)
        await settled(
            pilot, lambda: not chart.region.overlaps(app.screen.query_one("#win-box").region)
        )
        seen.append(chart.text())
        for text in seen:
            marks, labels = marks_and_labels(text)
            assert labels[0] <= marks[0] and marks[-1] <= labels[-1], text


BRAILLE_DOTS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
"""A braille cell's dots by dot row from its top: (left, right)."""


def dot_rows_of(mark: str) -> set[int]:
    """The dot rows (0: a cell's top) a character inks: each of braille's it has a dot in;
    any other character, a rule through the cell's middle (1.5: between the middle two)."""
    if not "⠀" <= mark <= "⣿":
        return {-1}  # (stands for the middle, 1.5)
    bits = ord(mark) - 0x2800
    return {k for k, (left, right) in enumerate(BRAILLE_DOTS) if bits & (left | right)}


def drawn_at(chart: PlotView, role: str) -> float:
    """Where a level line of `role` is drawn, in dot rows (four to a text row) from the
    plot's bottom dot row: the dot row every cell of it inks (a rule: its row's middle)."""
    cells = {cell: mark for cell, (mark, r) in plot_cells(list(chart._rows)).items() if r == role}
    rows = {row for row, _ in cells}
    assert len(rows) == 1, (role, chart.text())  # a level line: one text row
    common = set.intersection(*(dot_rows_of(mark) for mark in cells.values()))
    assert len(common) == 1, (role, cells)
    (dot,) = common
    return 4 * (len(_plot_rows(chart)) - 1 - rows.pop()) + 3 - (1.5 if dot == -1 else dot)


def _plot_rows(chart: PlotView) -> list[str]:
    """The rows inside a chart's frame."""
    lines = chart.text().splitlines()
    top = next(k for k, line in enumerate(lines) if "┌" in line)
    foot = next(k for k, line in enumerate(lines) if "└" in line)
    return lines[top + 1 : foot]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_mean_and_the_median_are_drawn_within_a_dot_row_of_their_values_in_order(
    tmp_path, size
) -> None:
    """As whole-cell rules on a 4-row chart (80×24) the median 5 was drawn on the row of 4
    and the mean 5.667 on the row of 6: two values 0.67 apart read as 2 apart, and the MSE's
    braille path settled a dot row off the mean's rule. Before a step, a few steps in and
    won, each level is drawn on the dot row nearest its value (a quarter of a row: the
    braille path's own resolution), never more than one dot row off (where the two would
    share one), the median under the mean; and won, the MSE's path, settled on the mean,
    is drawn on the mean's dot row."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=size) as pilot:
        level = app.screen
        mean, median = float(np.mean(level.level.y)), float(np.median(level.level.y))
        chart = level.query_one("#kink-path", PlotView)
        stages = ((("1",), 0, "before"), (("space",) * 3, 3, "3 steps"), (("enter",), 50, "won"))
        for keys, steps, stage in stages:
            await pilot.press(*keys)
            if stage == "won":
                await panel_shown(pilot)
            await settled(pilot, lambda: level.state.steps == steps)  # noqa: B023
            await settled(
                pilot, lambda: len(chart.text().splitlines()) == chart.content_region.height
            )
            await pilot.pause()
            figure = chart.figure
            assert figure is not None
            width, height = chart.size
            laid = _laid_out(figure, width, height - 3 - bool(figure.title))
            assert laid is not None
            axis, rows = laid.y, laid.rows
            assert len(_plot_rows(chart)) == rows

            def ideal(value: float) -> float:  # as `drawn_at`, where braille puts a value
                return 4 * (rows - 1) * (value - axis.lo) / (axis.hi - axis.lo) + 1.5  # noqa: B023

            at = {"best": drawn_at(chart, "best"), "point": drawn_at(chart, "point")}
            for role, value in (("best", mean), ("point", median)):
                assert abs(at[role] - ideal(value)) <= 1.0, (stage, role, at, chart.text())
            assert at["point"] < at["best"], (stage, at, chart.text())  # 5 under 5.667
            if stage == "won":  # the path's last dots, settled on the mean, on its dot row
                path = {
                    cell: mark
                    for cell, (mark, role) in plot_cells(list(chart._rows)).items()
                    if role == "loss" and "⠀" < mark <= "⣿"
                }
                row, last = max(path, key=lambda cell: cell[1])
                dots = dot_rows_of(path[row, last])
                assert {4 * (rows - 1 - row) + 3 - d for d in dots} == {at["best"]}, chart.text()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_both_descents_starting_at_one_c_read_as_both(tmp_path, size) -> None:
    """Both descents start at c = 11: the MAE's • hid the MSE's start in its cell, and the
    chart of c showed one series at step 0 (the step sizes' chart had a ◘ for this, this one
    none). That cell reads ◘, in the MSE's ink, and the legend names it."""
    app = make_app(SHIPPED, tmp_path, seed=3, start="kink", all_open=True)
    async with app.run_test(size=size) as pilot:
        chart = app.screen.query_one("#kink-path", PlotView)
        await pilot.press("1")
        await settled(pilot, lambda: "┌" in chart.text())
        await pilot.pause()
        cells = plot_cells(list(chart._rows))
        first = min(col for (_, col), (mark, _) in cells.items() if mark in ("•", BOTH))
        marks = [look for (_, col), look in cells.items() if col == first and look[0] != " "]
        assert (BOTH, "loss") in marks, chart.text()
        assert f"{BOTH} both" in _legend(chart), chart.text()
