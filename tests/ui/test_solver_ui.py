"""The auto-solver as a player uses it: opened with `a`, stepped, run to the end, pushed too far.

No timers run here: `tick()` is called directly, so every number is deterministic.
"""

from __future__ import annotations

import itertools
import re
import threading

import numpy as np
import pytest

from dartfit import core
from dartfit.app import make_app
from dartfit.levels import find_level, load_levels
from dartfit.rules import linear, solver
from dartfit.screens.solver import SolverScreen
from dartfit.widgets.plot import PlotView
from tests.conftest import SHIPPED, made_predictions
from tests.ui.checks import each_check
from tests.ui.typing import send, settled, solver_opened

LEVEL = find_level(load_levels(SHIPPED), "first-line")
LEVEL_DATA = (LEVEL.x, LEVEL.y, *linear.start_line(LEVEL))


def status(app) -> str:
    return str(app.screen.query_one("#solver-status").render())


def open_solver(tmp_path, size=(80, 24)):
    return make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line").run_test(size=size)


async def test_a_opens_the_solver_from_the_players_line_and_n_takes_one_step(tmp_path) -> None:
    async with open_solver(tmp_path) as pilot:
        await pilot.press("right", "up", "a", "y")
        screen = await solver_opened(pilot)
        m0, b0 = linear.start_line(LEVEL)
        steps = linear.steps(LEVEL)
        start = (m0 + steps.m, b0 + steps.b)
        assert screen.state.history[0][:2] == pytest.approx(start)
        await pilot.press("n", "n", "right")
        reference = core.descend(LEVEL.x, LEVEL.y, *screen.state.start_line, steps=3)
        assert screen.state.steps == 3
        assert screen.state.history == tuple((s.m, s.b, s.mse) for s in reference.steps)
        assert "step 3" in status(pilot.app)


def held_openings(monkeypatch) -> tuple[list[threading.Thread], threading.Event]:
    """The solver's openings from now on, each noting its thread and then held until `go`."""
    threads: list[threading.Thread] = []
    go = threading.Event()
    begin = solver.start

    def start(*args, **kwargs):
        threads.append(threading.current_thread())
        go.wait(10)
        return begin(*args, **kwargs)

    monkeypatch.setattr(solver, "start", start)
    return threads, go


async def test_the_solver_opens_off_the_loop_over_the_screen_that_asked(
    tmp_path, monkeypatch
) -> None:
    """The solver's opening (its first import, plotext's, the problem's sums over every
    point: 150 ms of a frozen screen on a 10⁶-row CSV) is worked out in a thread, the level
    shown until it is ready; one ready after the player has left the level is not shown."""
    threads, go = held_openings(monkeypatch)
    async with open_solver(tmp_path) as pilot:
        level = pilot.app.screen
        await pilot.press("a", "y")
        await settled(pilot, lambda: bool(threads))
        assert pilot.app.screen is level  # shown until the solver is ready, never blank
        go.set()
        await solver_opened(pilot)
        assert threads[0] is not threading.main_thread()
        go.clear()
        await pilot.press("escape", "a")  # asked again, and left before it is ready
        await settled(pilot, lambda: len(threads) == 2)
        await pilot.press("escape")
        go.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.screen is not level and not isinstance(pilot.app.screen, SolverScreen)


async def test_ticking_runs_to_convergence_at_the_closed_form_mse(tmp_path) -> None:
    async with open_solver(tmp_path) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        for _ in range(10_000):
            if screen.state.finished:
                break
            screen.tick()
        await pilot.pause()
        m, b = np.polyfit(LEVEL.x, LEVEL.y, 1)
        best = float(np.mean((LEVEL.y - (m * LEVEL.x + b)) ** 2))
        assert screen.state.converged
        assert screen.state.current.mse == pytest.approx(best, rel=1e-6)
        text = status(pilot.app)
        match = re.search(r"Converged after (\d+) steps: MSE ([\d.]+) vs best ([\d.]+)", text)
        assert match, text
        assert int(match[1]) == screen.state.steps == len(core.descend(*LEVEL_DATA).steps) - 1
        assert float(match[2]) == pytest.approx(best, rel=1e-6)
        assert float(match[3]) == pytest.approx(best, rel=1e-6)
        assert not screen.playing


async def test_a_rate_pushed_past_the_stable_limit_diverges_and_says_why(tmp_path) -> None:
    async with open_solver(tmp_path) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        screen = pilot.app.screen
        assert screen.state.learning_rate > core.max_stable_learning_rate(LEVEL.x)
        for _ in range(1000):
            if screen.state.finished:
                break
            screen.tick()
        await pilot.pause()
        text = status(pilot.app)
        assert screen.state.diverged
        said = " ".join(text.split())  # as read, wherever its rows break
        assert "Diverged" in said and "above the largest stable rate" in said
        shown = text + "".join(
            view.text()
            for view in screen.query("PlotView")  # the charts too
        )
        assert not re.search(r"\bnan\b|\binf\b", shown, re.IGNORECASE)
        # the climb on a log axis: at 80×24 a linear one had room for two labels, 0 and 1e11
        from dartfit.widgets.plot import PlotView
        from tests.test_plot_ticks import y_labels

        loss = screen.query_one("#solver-loss", PlotView)
        assert loss.figure is not None and loss.figure.ylog
        labels = y_labels(loss.text().splitlines())
        powers = [label for label in labels if re.fullmatch(r"1(e−?\d+)?|0\.0*1|10*", label)]
        assert len(labels) >= 3 and powers == labels, labels


async def test_method_speed_scale_and_restart_keys(tmp_path) -> None:
    async with open_solver(tmp_path) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        await pilot.press("m")
        screen = pilot.app.screen
        assert screen.state.method == "momentum"
        await pilot.press("plus", "g", "n", "r")
        assert screen.log_scale and screen.state.steps == 0
        screen.tick()
        assert screen.state.steps == 10  # 5 steps a tick, one faster: 10
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, SolverScreen)


async def test_every_solver_chart_at_80x24_shows_four_tick_labels(tmp_path) -> None:
    """The bowl level's bowl chart at 80×24 had five rows and two labels (4 and 0): four
    labels fit when every other round step may be taken (−8 −4 0 4)."""
    from dartfit.widgets.plot import PlotView
    from tests.test_plot_ticks import y_labels

    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for level in load_levels(SHIPPED):
            if level.spec.kind != "line":
                continue
            app.open_solver(level)
            await solver_opened(pilot)
            await pilot.press("n", "n")
            for chart in app.screen.query(PlotView):
                labels = y_labels(chart.text().splitlines())
                log = chart.figure is not None and chart.figure.ylog
                assert len(labels) >= (2 if log else 4), (level.id, chart.text())
            app.pop_screen()
            await pilot.pause()


@pytest.mark.parametrize("key", ["space", "enter"])
async def test_space_or_enter_plays_and_pauses(tmp_path, key) -> None:
    """enter, the key that finishes a level, plays the run too (it did nothing)."""
    async with open_solver(tmp_path) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        assert isinstance(screen, SolverScreen) and not screen.playing
        await pilot.press(key)
        assert screen.playing and "playing" in status(pilot.app)
        await pilot.press(key)
        assert not screen.playing and "paused" in status(pilot.app)


async def test_the_footer_says_pause_while_the_run_plays_and_play_once_it_stops(tmp_path) -> None:
    from dartfit.widgets.footer import KeyFooter
    from tests.ui.typing import settled

    async with open_solver(tmp_path) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        footer = screen.query_one(KeyFooter)

        def said() -> str:
            return next(e.description for e in footer.entries if e.action == "play")

        await settled(pilot, lambda: said() == "Play")
        assert said() == "Play"
        # at 80 columns not every key fits: ? Help, which names them all, is drawn
        assert "? Help" in "".join(segment.text for segment in footer.render_line(0))
        await pilot.press("space")
        await settled(pilot, lambda: said() == "Pause")
        assert screen.playing and said() == "Pause"
        await pilot.press("space")
        await settled(pilot, lambda: said() == "Play")
        assert not screen.playing and said() == "Play"


def plot_rows(text: str) -> int:
    """How many rows a chart's plot has: those between its frame's top and its foot."""
    rows = text.splitlines()
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    foot = next(i for i, row in enumerate(rows) if "└" in row)
    return foot - top - 1


async def blow_up(pilot) -> SolverScreen:
    """The solver at twice the stable rate, ticked until the run blew up."""
    await pilot.press("a", "y")
    await solver_opened(pilot)
    await pilot.press("right_square_bracket", "right_square_bracket")
    screen = pilot.app.screen
    assert isinstance(screen, SolverScreen)
    while not screen.state.finished:
        screen.tick()
    await pilot.pause()
    assert screen.state.diverged
    return screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_each_chart_is_built_once_as_the_solver_opens(tmp_path, size) -> None:
    """Shown before they were laid out (no title rows asked), the solver's charts were each
    built again once laid out (the rows their titles take beside each other, which they
    took anyway): six builds of plotext as it opened, where a 10⁶-row CSV's opening held
    the screen 100 ms."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=size) as pilot:
        await pilot.press("a", "y")
        await settled(pilot, lambda: isinstance(app.screen, SolverScreen))
        await pilot.pause()
        charts = list(app.screen.query(PlotView))
        assert len(charts) == 3 and all(chart.text().strip() for chart in charts)
        assert [chart.builds for chart in charts] == [1, 1, 1]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_fit_charts_x_ticks_keep_to_the_points_range(tmp_path, size) -> None:
    """likely-line's points lie from x = 0.15 to 9.98. At 80×24 the fit chart ticked 0 5 10
    15, a third of it empty (four labels two cells apart fit only 5 apart); at 120×40 it
    read 0 to 10. At both, at least four labels, the last at most one step past the points,
    the first at most one step before them."""
    level = find_level(load_levels(SHIPPED), "likely-line")
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="likely-line")
    async with app.run_test(size=size) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)

        def x_labels() -> list[str]:  # the chart's last row, once it is drawn at its size
            rows = pilot.app.screen.query_one("#solver-fit", PlotView).text().splitlines()
            return rows[-1].split() if rows else []

        await settled(pilot, lambda: len(x_labels()) >= 2)
        shown = x_labels()
    labels = [float(v.replace("−", "-")) for v in shown]
    step = labels[1] - labels[0]
    assert len(labels) >= 4 and np.allclose(np.diff(labels), step), labels
    assert labels[-1] < level.x.max() + step and labels[0] > level.x.min() - step, labels


def labelled_four_times(charts: list[PlotView]) -> list[str]:
    """What is wrong with the axes of the charts as shown: fewer than four labels on an axis
    (two on a log one, three on a symmetric-log one), or x labels not on evenly spaced
    ticks."""
    from tests.test_plot_ticks import SYMLOG_FEWEST, assert_four_even_x_labels, y_labels

    wrong = []
    for chart in charts:
        rows = chart.text().splitlines()
        log = chart.figure is not None and chart.figure.ylog
        symlog = chart.figure is not None and chart.figure.symlog is not None
        try:
            assert_four_even_x_labels(rows, symlog)
            assert len(y_labels(rows)) >= (2 if log else SYMLOG_FEWEST if symlog else 4)
        except (AssertionError, ValueError) as error:
            wrong.append(f"#{chart.id}: {error}\n{chart.text()}")
    return wrong


async def the_log_scale_mse_chart_has_rows_to_read(pilot, screen: SolverScreen) -> None:  # type: ignore[no-untyped-def]
    """At 80×24 the MSE chart of a run that blew up, on its log scale, had four rows of plot
    (1, 1e5, 1e10, 1e15, one a row): the three charts share one row there now."""
    from dartfit.widgets.plot import PlotView
    from tests.test_plot_ticks import y_labels

    loss = screen.query_one("#solver-loss", PlotView)
    assert loss.figure is not None and loss.figure.ylog
    text = loss.text()
    assert plot_rows(text) >= 8, text
    assert len(y_labels(text.splitlines())) >= 4, text
    assert "…" not in text.splitlines()[0]  # its title whole, on rows of its own


async def and_after_g(pilot, screen: SolverScreen) -> None:  # type: ignore[no-untyped-def]
    """g pressed on the run that blew up (the bowl's scale): the MSE chart as before."""
    await pilot.press("g")
    await pilot.pause()
    await the_log_scale_mse_chart_has_rows_to_read(pilot, screen)


async def a_run_that_blew_up_is_still_in_the_bowls_view(pilot, screen: SolverScreen) -> None:  # type: ignore[no-untyped-def]
    """Past its fourth step a diverging path left the bowl's view: the ● was an arrow on
    its edge. The view follows the path: ● where descent ended, the step before numbered."""
    from dartfit.widgets.plot import PlotView

    text = screen.query_one("#solver-bowl", PlotView).text()
    assert "●" in text, text
    assert not set("→↗↑↖←↙↓↘▶◀▲▼") & set(text), text
    assert str(screen.state.steps - 1) in text.split("┌", 1)[1], text


async def every_axis_has_four_labels(pilot, screen: SolverScreen) -> None:  # type: ignore[no-untyped-def]
    """At 80×24 the bowl of a run blown up (`]` twice) read only "−20000 0 20000"."""
    charts = list(screen.query(PlotView))
    await settled(
        pilot, lambda: not labelled_four_times(charts), seen=lambda: labelled_four_times(charts)
    )


BLOWN_UP = {
    (80, 24): (
        the_log_scale_mse_chart_has_rows_to_read,
        a_run_that_blew_up_is_still_in_the_bowls_view,
        every_axis_has_four_labels,
        and_after_g,  # a key: last
    ),
    (100, 30): (a_run_that_blew_up_is_still_in_the_bowls_view,),
    (120, 40): (a_run_that_blew_up_is_still_in_the_bowls_view, every_axis_has_four_labels),
}
"""Per size, the checks of a run blown up there, in the order they run on one run."""


@pytest.mark.parametrize("size", list(BLOWN_UP), ids=lambda size: f"{size[0]}x{size[1]}")
async def test_a_run_that_blew_up_passes_each_check_of_it(tmp_path, size) -> None:
    """The first line's solver at twice the stable rate, ticked until it blew up, once a
    size: then each of its checks (BLOWN_UP), every one run, a failure named by its size
    and check."""
    async with open_solver(tmp_path, size) as pilot:
        screen = await blow_up(pilot)
        await each_check(f"blown up at {size[0]}×{size[1]}", BLOWN_UP[size], pilot, screen)


async def test_the_fit_chart_of_the_years_1990_to_2020_labels_2020(tmp_path) -> None:
    """`dartfit fit years.csv`, `a`: at 80×24 the fit chart read "1990 2000 2010"."""
    from dartfit.csvdata import load_csv
    from tests.test_labelled_ticks import AWKWARD

    x, y = AWKWARD["years 1990 to 2020"]
    path = tmp_path / "years.csv"
    path.write_text(
        "year,value\n"
        + "\n".join(f"{a:.0f},{b!r}" for a, b in zip(x.tolist(), y.tolist(), strict=True))
    )
    app = make_app(SHIPPED, tmp_path, data=load_csv(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        fit = pilot.app.screen.query_one("#solver-fit", PlotView)

        def years() -> list[str]:
            rows = fit.text().splitlines()
            return rows[-1].split() if rows else []

        await settled(pilot, lambda: years() == ["1990", "2000", "2010", "2020"], seen=years)
        charts = list(pilot.app.screen.query(PlotView))
        assert labelled_four_times(charts) == []


async def test_a_solver_asked_for_then_left_for_the_help_stays_under_it(
    tmp_path, monkeypatch
) -> None:
    """The screen that asks is the one the solver opens over: `?` typed right after the
    answer that asks for it was taken before the ask, and the solver, ready, opened over the
    help, which was there again under it once the player left the solver."""
    from dartfit.dialogs.help import HelpScreen

    threads, go = held_openings(monkeypatch)
    async with open_solver(tmp_path) as pilot:
        await pilot.press("a")
        send(pilot.app, "y")
        send(pilot.app, "question_mark")
        await settled(pilot, lambda: bool(threads) and isinstance(pilot.app.screen, HelpScreen))
        go.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        assert not any(isinstance(s, SolverScreen) for s in pilot.app.screen_stack)


async def test_keys_typed_while_the_solver_is_made_move_the_line_it_starts_from(
    tmp_path, monkeypatch
) -> None:
    """Keys typed while the solver's opening was worked out moved the level's line, and the
    solver read the line as it was when `a` was pressed: two lines, one under the other (a
    review, on a 10⁶-row CSV). It starts from the line the player sees."""
    threads, go = held_openings(monkeypatch)
    async with open_solver(tmp_path) as pilot:
        await pilot.press("a", "y")
        await settled(pilot, lambda: bool(threads))
        await pilot.press("right", "up")
        level = pilot.app.screen
        go.set()
        await solver_opened(pilot)
        assert isinstance(pilot.app.screen, SolverScreen)
        assert pilot.app.screen_stack[-2] is level
        m0, b0 = linear.start_line(LEVEL)
        steps = linear.steps(LEVEL)
        assert pilot.app.screen.state.history[0][:2] == pytest.approx((m0 + steps.m, b0 + steps.b))


def _sides(text: str) -> dict[str, tuple[int, int]]:
    """Where the bowl draws the best (×), each numbered step and the ● now, as (column, row)
    of the plot, right of its frame."""
    rows = text.splitlines()
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    foot = next(i for i, row in enumerate(rows) if "└" in row)
    left = rows[top].index("┌")
    cells = {}
    for y, row in enumerate(rows[top + 1 : foot]):
        for x, ch in enumerate(row[left + 1 :]):
            if ch in "✚●" or ch.isdigit():
                cells[ch] = (x, y)
    return cells


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("raises", [3, 4])
async def test_a_diverging_path_zig_zags_in_view_on_log_axes(tmp_path, size, raises) -> None:
    """Level 5 at 8 (and 16) times the default rate, `space`: numpy's path swings m = 16.4,
    −98, 705, −4916, 34435. On linear axes that follow it the bowl showed one leg, from
    step 4 to the ●, over 0 … 3e4: the last swing alone. On log axes of the distance from
    the best every swing is drawn where it lands, each on the other side of the × from the
    one before it (in b, the first may share the ×'s row)."""
    async with open_solver(tmp_path, size) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        await pilot.press(*["right_square_bracket"] * raises, "space")
        screen = pilot.app.screen
        assert isinstance(screen, SolverScreen)
        await settled(pilot, lambda: screen.state.diverged)
        bowl = screen.query_one("#solver-bowl", PlotView)
        steps = screen.state.steps

        def swings() -> list[tuple[int, int]]:
            cells = _sides(bowl.text())
            shown = [cells[str(k)] for k in range(1, steps) if str(k) in cells]
            return [*shown, cells["●"]] if "●" in cells and "✚" in cells else []

        await settled(pilot, lambda: len(swings()) >= 4, seen=bowl.text)
        best = _sides(bowl.text())["✚"]
        path = swings()
        for (x0, y0), (x1, y1) in itertools.pairwise(path):
            assert (x0 - best[0]) * (x1 - best[0]) < 0, bowl.text()  # across the ×
            assert (y0 - best[1]) * (y1 - best[1]) <= 0, bowl.text()  # never one side in b
        assert bowl.figure is not None and bowl.figure.symlog is not None
