"""The auto-solver's words as a player meets them: its status from the first frame, and a
warning before a too-large rate blows up."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static
from textual.widgets._header import HeaderTitle

from dartfit.app import make_app
from dartfit.kinds import kind_of
from dartfit.levels import find_level, load_levels
from dartfit.pictures.solver_status import METHOD_SAID, status_text, unstable
from dartfit.rules import solver
from dartfit.screens.solver import PARTED, SolverScreen, digits_parted
from tests.conftest import SHIPPED
from tests.ui.typing import settled, solver_opened


@asynccontextmanager
async def first_line_solver(
    tmp_path: Path, size: tuple[int, int]
) -> AsyncIterator[tuple[Pilot[object], SolverScreen]]:
    """The auto-solver opened (before a win, y to its ask) from the first line level."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=size) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        assert isinstance(app.screen, SolverScreen)
        yield pilot, app.screen


def status(app) -> str:
    return str(app.screen.query_one("#solver-status").render())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_status_says_the_method_and_the_learning_rate_in_words_and_whole(
    tmp_path, size
) -> None:
    """The status read "gd   η 0.0054   largest stable η 0.011" to a student who can open the
    solver from the first line level, long before the lessons on descent say either. Each
    method, and η, is said in words, on rows the status shows whole; its lines are filled
    at the first frame."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=size) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        assert isinstance(app.screen, SolverScreen)
        lines = status(app).splitlines()  # filled at the first frame (a game of its own
        # had checked it at 80×24, where the settings take two rows)
        assert lines[0].startswith("gradient descent") and "step 0" in status(app), size
        if size == (80, 24):
            assert "MSE" in lines[2] and "space plays" in lines[3], lines
        widget = app.screen.query_one("#solver-status", Static)
        for method in ("gd", "momentum", "adam"):
            await pilot.pause()
            assert app.screen.state.method == method
            text = status(app)
            said = " ".join(text.split())
            assert said.startswith(METHOD_SAID[method]) and "learning rate η" in said, text
            assert "gd" not in said.split() and said.index("η") > said.index("learning rate")
            width, height = widget.outer_size
            shown = [s.text.strip() for s in widget.render_lines(Region(0, 0, width, height))]
            shown = [row for row in shown if row and "▔" not in row]  # its border left out
            assert shown == [row.strip() for row in text.splitlines() if row.strip()], size
            await pilot.press("m")


async def test_raising_the_rate_past_the_stable_limit_warns_and_waits(tmp_path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        await pilot.press("space")
        screen = app.screen
        assert isinstance(screen, SolverScreen) and screen.playing
        await pilot.press("right_square_bracket")  # the safe rate doubled: the limit
        assert not screen.playing and not screen.state.diverged
        assert "at the largest stable rate" in status(app)  # it bounces: it waits too
        await pilot.press("right_square_bracket")
        assert "past the largest stable rate" in status(app)


async def test_the_title_is_whole_at_80x24_for_the_longest_line_level_title(tmp_path) -> None:
    levels = [lv for lv in load_levels(SHIPPED) if kind_of(lv.spec).solver]
    longest = max(levels, key=lambda lv: len(lv.spec.title))
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=longest.spec.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SolverScreen(longest))
        await pilot.pause()
        shown = str(app.screen.query_one(HeaderTitle).render())
        assert longest.spec.title in shown and "…" not in shown
        assert app.screen.query_one(HeaderTitle).content_size.width >= len(shown)


async def test_raising_the_rate_past_its_cap_rings_the_bell_and_says_so(tmp_path) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    rings: list[None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        app.bell = lambda: rings.append(None)  # type: ignore[method-assign]
        screen = app.screen
        assert isinstance(screen, SolverScreen)
        for _ in range(40):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        limit = solver.stable_rate(screen.state)
        assert limit is not None and screen.state.learning_rate <= 1000 * limit * (1 + 1e-9)
        status = str(screen.query_one("#solver-status", Static).render())
        assert rings and "is the largest rate here." in status  # in the status, not over it
        assert not app._notifications


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_rate_past_the_stable_one_is_warned_in_the_status_whole(tmp_path, size) -> None:
    """The warning, then the divergence's reason: each in the status lines, whole, and no
    toast over them (one covered the reason for seconds)."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=size) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        screen = app.screen
        assert isinstance(screen, SolverScreen)
        while not unstable(screen.state):
            await pilot.press("right_square_bracket")
        await pilot.press("right_square_bracket")  # past the limit (at it, it bounces)
        await pilot.pause()
        assert "space runs it anyway" in whole_status(screen)
        await pilot.press("right_square_bracket", "plus", "plus", "plus", "space")  # fast
        await settled(pilot, lambda: screen.state.finished)
        await pilot.press("space")  # space once finished: a note as well, still whole
        await pilot.pause()
        assert screen.state.diverged and "Diverged: " in whole_status(screen)
        assert "Finished: r starts again" in whole_status(screen)
        assert not app._notifications


def whole_status(screen: SolverScreen) -> str:
    """The status's words, checked to be on screen whole (its rows joined by spaces)."""
    status = screen.query_one("#solver-status", Static)
    width, height = status.outer_size
    shown = "".join(strip.text for strip in status.render_lines(Region(0, 0, width, height)))
    text = str(status.render())
    assert "".join(shown.replace("▔", "").split()) == "".join(text.split()), (shown, text)
    return " ".join(text.split())


async def test_a_rate_exactly_at_the_limit_is_said_to_bounce_not_to_blow_up(tmp_path) -> None:
    """At η = 2/λ_max the steps bounce across the bowl for ever: 'will blow up' was wrong."""
    async with first_line_solver(tmp_path, (120, 40)) as (pilot, screen):
        while not unstable(screen.state):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        limit = solver.stable_rate(screen.state)
        assert limit is not None and screen.state.learning_rate == pytest.approx(limit)
        status = whole_status(screen)
        assert "bounces across the bowl" in status and "blow up" not in status
        for key in ["m", "m", *["right_square_bracket"] * 14, "m"]:  # adam's cap, back to gd
            await pilot.press(key)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        whole_status(screen)  # the words changed: laid out again, not cut to the old height


def test_the_fit_chart_says_where_the_line_is_against_the_points() -> None:
    """A run blowing up took the line off the fit chart in a few steps, and the chart went
    blank without a word; at 80×24 an axis widened to show 0 drew the line on its bottom
    row under a title saying it was off the chart, and then under "line below them ↓",
    whose arrow still pointed off it. The title says where the line is against every
    point, in words, which is true whatever the axes show."""
    from dartfit.pictures.solver import _where_the_line_is

    points = (0.0, 30.0)
    assert _where_the_line_is((5.0, 25.0), points) == "points, moving line"
    assert _where_the_line_is((-50.0, 80.0), points) == "points, moving line"  # across it
    assert _where_the_line_is((40.0, 4e10), points) == "points, line above every point"
    assert _where_the_line_is((-4e10, -1.0), points) == "points, line below every point"
    assert _where_the_line_is((float("inf"), 1.0), points) == "points, line blew up"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("level", ["fine-tune", "likely-line", "outlier-line"])
async def test_a_line_below_the_points_is_drawn_where_the_axes_show_it(
    tmp_path, level, size
) -> None:
    """The line ŷ = 0 under the points: drawn on the chart's rows when its axis shows 0 (at
    80×24 it was left out, its title saying it was off the chart), and never laid along
    the chart's edge where the axis does not (plotext drew the part of a line just past
    the axes on the edge row: a flat run at the foot that was not there)."""
    from dartfit.widgets.plot import PlotView
    from tests.conftest import made_predictions

    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level)
    async with app.run_test(size=size) as pilot:
        await pilot.press("a")
        await pilot.press("y")
        await solver_opened(pilot)
        await pilot.pause()
        chart = app.screen.query_one("#solver-fit", PlotView)
        rows = chart.text().splitlines()
        figure = chart.figure
    assert figure is not None and "line below every point" in figure.title
    # the whole title, on its row (or two, at 80×24: a chart a third as wide)
    assert " ".join(row.strip() for row in rows[:2] if "┌" not in row) == figure.title
    plot = [row for row in rows if "┤" in row or "│" in row]  # the plot's rows
    inked = [i for i, row in enumerate(plot) if any(ch in row for ch in "▄▀▖▗▘▝▌▐▞▚")]
    labelled = [row for row in plot if "┤" in row]
    zero = _row_of_zero(plot)
    if any(row.split("┤")[0].strip() == "0" for row in labelled):  # the axis shows 0
        assert inked == [zero], rows
    else:  # nothing at its foot, unless on the row of 0 (unlabelled, a tick every other row)
        assert inked in ([], [zero]), rows


def _row_of_zero(plot: list[str]) -> int | None:
    """The plot row whose height is 0, read off two labelled rows (a row need not carry its
    label: at 80×23 the axis read 20 … 5 every other row, its row of 0 unlabelled); None
    where 0 is not on a row of the chart."""
    labelled = [
        (i, float(row.split("┤")[0].replace("−", "-"))) for i, row in enumerate(plot) if "┤" in row
    ]
    (i, a), (j, b) = labelled[-1], labelled[-2]
    at = i + (j - i) * a / (a - b)
    return round(at) if 0 <= at <= len(plot) - 1 and abs(at - round(at)) < 0.25 else None


async def test_the_status_wraps_between_its_fields_never_inside_one(tmp_path) -> None:
    """At 80×24, on years (x far from 0: m and b take many digits), "gap 0.034" sat alone
    on a row, and a big MSE pushed "optimum" to a row's end with its number on the next:
    each field (a name and its number) is now whole on its row."""
    import numpy as np

    from dartfit.csvdata import Dataset
    from dartfit.wording import pack_fields

    rng = np.random.default_rng(7)
    x = rng.uniform(150, 190, 200).round(1)
    y = (0.9 * x - 95 + rng.normal(0, 4.2, x.size)).round(1)
    data = Dataset(tmp_path / "hw.csv", x, y, "height", "weight")
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "a", "y")
        await solver_opened(pilot)
        await pilot.press("n", "n")
        screen = pilot.app.screen
        await pilot.pause()
        status = screen.query_one("#solver-status", Static)
        shown = status.render_lines(Region(0, 0, status.size.width, status.size.height))
        rows = [strip.text.strip() for strip in shown if strip.text.strip()][1:]
        best, decimals = screen._charts.best[2], screen._decimals
        numbers = status_text(screen.state, False, 5, best, decimals).split("\n")[1]
        for field in numbers.split("   "):  # each whole on one of the rows shown
            assert any(field in row for row in rows), (field, rows)
    assert pack_fields("a b   c d   e", 5) == ["a b", "c d", "e"]


async def test_the_status_row_after_the_line_starts_with_best_at_every_step(tmp_path) -> None:
    """On tiny data (x and y near 1e−6) at 80×24 the line ŷ has a row of its own, and after
    one step, m a digit longer than at the start, the next row read "  best 3.200190e−15":
    the line's padding had gone with the scores onto their row, so "best" moved."""
    import numpy as np

    from dartfit.csvdata import Dataset

    i = np.arange(10.0)
    rng = np.random.default_rng(1)
    x, y = i * 1e-6, (2 * i + 1) * 1e-6 + rng.uniform(-1e-7, 1e-7, i.size)
    data = Dataset(tmp_path / "tiny.csv", x, y, "x", "y")
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await solver_opened(pilot)
        for _ in range(3):
            rows = status(app).split("\n")
            assert any(row.startswith("ŷ = ") for row in rows), rows  # a row of its own
            assert any(row.startswith("best ") for row in rows), rows
            await pilot.press("n")
            await pilot.pause()


@pytest.mark.parametrize(
    ("level", "method"),
    [
        ("first-line", "gd"),
        ("first-line", "momentum"),
        ("first-line", "adam"),
        ("crickets", "gd"),
        ("anscombe", "momentum"),
        ("steep", "adam"),
    ],
)
async def test_the_readouts_line_holds_its_decimals_from_step_to_step(
    tmp_path, level, method
) -> None:
    """The readout's ŷ read 2.0281578·x one step and 2.01655·x the next, and momentum's m
    gained a decimal twice on its way. Over a whole run at a stable rate, m and b keep
    the decimals of the first frame: the run's needs are worked out before it starts."""
    import re

    from dartfit.wording import decimals_of

    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        while screen.state.method != method:
            await pilot.press("m")
        state, seen = screen.state, set()
        for _ in range(400):  # the status of each step as the screen writes it (no charts)
            line = screen._status_text(state, True, 1).split("ŷ = ", 1)[1].split("   ")[0]
            m, _, b = re.split(r"·x ([+−]) ", line)
            seen.add(decimals_of(m, b))
            if state.finished:
                break
            state = solver.advance(state, 1)
        assert not state.diverged
        assert len(seen) == 1, seen


@pytest.mark.parametrize("level", ["first-line", "crickets", "outlier-line"])
async def test_m_and_b_read_to_the_same_decimals_whichever_method_runs(tmp_path, level) -> None:
    """Crickets' line read 80.000000 under gd, 80.0000000 under momentum and 80.00000000
    under adam: one number of decimals for the screen, from its first frame, whichever
    method runs, and back to gd again."""
    from dartfit.wording import decimals_of

    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)  # the auto-solver's screen, and no other
        seen = set()
        for _ in range(4):  # gd, momentum, adam, gd
            await pilot.pause()
            line = status(app).split("ŷ = ", 1)[1].split("   ")[0]
            seen.add(decimals_of(*line.replace("·x", "").split(" + ")))
            await pilot.press("m")
        assert len(seen) == 1, seen


async def test_a_new_method_keeps_a_rate_past_the_stable_one_and_waits(tmp_path) -> None:
    """`m` took a rate the player had pushed past the stable one back to the next method's
    default. The next method runs past its own stable rate too, and waits with a warning
    rather than blow up unannounced."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "y")  # twice the stable rate
        await solver_opened(pilot)
        await pilot.press("]", "]")
        screen = app.screen
        assert isinstance(screen, SolverScreen) and unstable(screen.state)
        await pilot.press("m")
        assert screen.state.method == "momentum" and unstable(screen.state)
        await pilot.press("m", "space")  # adam, four times its rate: no limit, and it plays
        assert screen.state.method == "adam" and screen.playing
        await pilot.press("m")  # gd again, past its stable rate: it waits, and says why
        assert screen.state.method == "gd" and unstable(screen.state)
        assert not screen.playing and screen.state.steps == 0
        assert "past the largest stable rate" in status(app)


@pytest.mark.parametrize(
    ("level", "keys", "size"),
    [
        ("first-line", ("]", "]"), (80, 24)),  # blows up: its numbers grow, then its words
        ("crickets", ("m", "m"), (80, 24)),  # adam: its gap reads 0.00089 after 500 steps
        ("crickets", ("m",), (80, 24)),  # momentum, crawling until it stops
        ("steep", (), (80, 24)),
        ("outlier-line", ("]", "]"), (120, 40)),
    ],
)
async def test_the_charts_keep_their_rows_for_a_whole_run(tmp_path, level, keys, size) -> None:
    """At 80×24 adam's run on crickets took a row from the charts at step 875 (its gap read
    0.00089, a digit more, and the numbers took two rows), and a run that blew up took one
    as its numbers grew. The status holds, from a run's first frame, the rows the run will
    need; the charts keep theirs until it ends."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level)
    async with app.run_test(size=size) as pilot:
        await pilot.press("a", "y")  # 200 steps a frame
        await solver_opened(pilot)
        await pilot.press(*keys, *["plus"] * 6)
        screen = pilot.app.screen
        assert isinstance(screen, SolverScreen)
        heights = []
        while True:
            await pilot.pause()
            charts = ("#solver-fit", "#solver-bowl", "#solver-loss", "#solver-status")
            heights.append(tuple(screen.query_one(c).size.height for c in charts))
            if screen.state.finished:
                break
            screen.tick()
        assert screen.state.steps > 0
        assert len(set(heights)) == 1, (screen.state.steps, sorted(set(heights)))


@pytest.mark.parametrize(
    ("level", "method", "steps"),
    [("galton", "momentum", 12_000), ("crickets", "gd", 12_000), ("crickets", "momentum", None)],
)
def test_the_status_keeps_its_rows_at_every_width_through_a_run(level, method, steps) -> None:
    """Planned at 80×24 and 120×40 only, the status still grew mid-run at other widths:
    galton's momentum at 79 to 81 columns when "step 10000" wrapped the settings (the plan
    looked 500 steps ahead), crickets' at 76 and 77 when its end's words came after step
    500. Each width keeps the rows the run's first frame has, to its end (or `steps`)."""
    from dartfit.screens.solver import SPEEDS

    screen = SolverScreen(find_level(load_levels(SHIPPED), level))
    state = screen._first
    while state.method != method:
        state = solver.next_method(state)
    widths = [*range(68, 92), 118, 198]
    seen: dict[int, set[int]] = {width: set() for width in widths}
    while True:
        text = screen._status_text(state, True, SPEEDS[-1])
        for width in widths:
            seen[width].add(screen._packed(text, width).count("\n") + 1)
        if state.finished or (steps is not None and state.steps >= steps):
            break
        state = solver.advance(state, SPEEDS[-1])
    assert {width: rows for width, rows in seen.items() if len(rows) > 1} == {}


@pytest.mark.parametrize("method", ["gd", "momentum", "adam"])
@pytest.mark.parametrize(
    ("x", "y"), [([1.0, 2.0], [3.0, 5.0]), ([1.0, 2.0, 3.0, 4.0, 5.0], [7.0] * 5)]
)
def test_a_fit_exact_to_rounding_keeps_its_rows_to_its_end(x, y, method) -> None:
    """Data a line fits exactly (two points, y all equal): the MSE falls towards 0 and the
    readout asks for more digits the nearer it gets, up to float64's seventeen, past the
    500 steps planned: a two-point CSV's status grew a row at step 800 at 81 columns."""
    import numpy as np

    from dartfit.levels.sandbox import sandbox_level
    from dartfit.screens.solver import SPEEDS

    level = sandbox_level(Path("exact.csv"), np.array(x), np.array(y), "x", "y")
    screen = SolverScreen(level)
    state = screen._first
    while state.method != method:
        state = solver.next_method(state)
    widths = [*range(68, 92), 118]
    seen: dict[int, set[int]] = {width: set() for width in widths}
    while True:
        text = screen._status_text(state, True, SPEEDS[-1])
        for width in widths:
            seen[width].add(screen._packed(text, width).count("\n") + 1)
        if state.finished:
            break
        state = solver.advance(state, SPEEDS[-1])
    assert state.converged
    assert {width: rows for width, rows in seen.items() if len(rows) > 1} == {}


def test_a_narrow_moment_does_not_cost_the_status_a_row_once_wide_again() -> None:
    """Crickets' status went from 5 rows to 7 at 70 columns, and kept 6 back at 118: ŷ kept
    a row of its own at every width once it needed one at any."""
    screen = SolverScreen(find_level(load_levels(SHIPPED), "crickets"))
    text = screen._status_text(screen._first, False, 5)
    rows = [screen._packed(text, width).count("\n") + 1 for width in (118, 70, 118)]
    assert rows[0] == rows[2] < rows[1], rows


async def test_the_status_keeps_its_rows_as_a_diverging_run_grows(tmp_path) -> None:
    """At 80×24, "gap" moved to a row of its own at each step whose numbers took a minus
    sign, and back at the next; on a CSV of millions the first frame's "gap" was cut from
    its number. Each field stays whole on its row from the first frame, and once the ŷ line
    has a row of its own it keeps it for the run."""
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        await pilot.press("]", "]")
        screen = pilot.app.screen
        assert isinstance(screen, SolverScreen)
        apart = []
        for _ in range(12):
            await pilot.press("n")
            await pilot.pause()
            status = screen.query_one("#solver-status", Static)
            rows = str(status.render()).splitlines()
            numbers = next(k for k, row in enumerate(rows) if row.startswith("ŷ = "))
            scores = next(
                k for k, row in enumerate(rows) if row.startswith(("ŷ", "MSE")) and ("MSE" in row)
            )
            packed = rows[: scores + 1]  # settings and numbers: fields whole, none wrapped
            assert all(len(row) <= status.content_size.width for row in packed), rows
            assert "gap" not in rows[scores] or "gap " in rows[scores], rows
            apart.append(scores > numbers)
        assert apart == sorted(apart), apart  # once on a row of its own, always
        # m and b to six figures: the diverged line's numbers now fit one row at 80 columns
        assert not any(apart), apart


async def test_on_a_level_scored_on_the_mae_the_solver_says_what_it_descends(tmp_path) -> None:
    """outlier-mae charged a star for a solver that walked to the MSE's best line under a
    question saying "it walks to the best line", and never named the MAE the level is won
    on. It opens without asking (it does not show the level's best line), costs nothing,
    and says what it lowers and how its end scores on the level's own metric."""
    import numpy as np

    from dartfit import core
    from dartfit.rules import scoring
    from dartfit.wording import num
    from tests.conftest import made_predictions

    level = find_level(load_levels(SHIPPED), "outlier-mae")
    m, b = core.best_line(level.x, level.y)
    mae = core.mae(level.y, m * np.asarray(level.x) + b)
    target = scoring.target_value(level)
    assert target is not None and mae > target  # the MSE's best line does not win here
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="outlier-mae")
    async with app.run_test(size=(80, 24)) as pilot:
        level_screen = app.screen
        await pilot.press("a")
        await solver_opened(pilot)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SolverScreen)  # no question first
        words = whole_status(screen)
        assert "scored on the MAE" in words and f"MAE {num(mae)} misses" in words, words
        assert f"MAE ≤ {num(target)}" in words
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is level_screen and not level_screen.state.revealed  # no star spent
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        assert "scored on" not in whole_status(app.screen)


async def test_a_paused_status_is_packed_again_when_the_terminal_is_resized(tmp_path) -> None:
    """Opened at 120 columns and narrowed to 80 while paused, the status kept its wide
    packing, cut by the narrower row: "best" ended a row with its number on the next, until
    a key was pressed. It is packed again for the new width, each field whole."""
    import numpy as np

    from dartfit.csvdata import Dataset

    rng = np.random.default_rng(3)
    x = np.arange(20.0)
    y = -1e15 - 3e12 * x + rng.normal(0, 1e12, x.size)
    data = Dataset(tmp_path / "neg.csv", x, y, "x", "y")
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, data=data)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("a")
        await solver_opened(pilot)
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, SolverScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        status = screen.query_one("#solver-status", Static)
        rows = str(status.render()).splitlines()
        assert all(len(row) <= status.content_size.width for row in rows), rows
        numbers = screen._status_text(screen.state, False, 5).split("\n")[1]
        for field in numbers.split("   "):
            assert any(field in row for row in rows), (field, rows)


def test_a_run_planned_before_is_not_planned_again(monkeypatch) -> None:
    """Each `m`, `]`, `[` or `r` planned its run afresh (500 steps walked and read: 10 to 27
    ms a key), even one planned a moment before. Runs come back planned as they were."""
    import dartfit.screens.solver as solver_screen

    planned: list[tuple[str, float]] = []
    plan = solver_screen.plan_run

    def counted(state, *args):
        planned.append((state.method, state.learning_rate))
        return plan(state, *args)

    monkeypatch.setattr(solver_screen, "plan_run", counted)
    screen = SolverScreen(find_level(load_levels(SHIPPED), "crickets"))
    first = screen._first
    runs = [first, solver.with_rate(first, 2.0), first, solver.next_method(first), first]
    texts = [screen._status_text(run, False, 5) for run in runs]
    doubled, momentum = runs[1], runs[3]
    assert planned == [(r.method, r.learning_rate) for r in (first, doubled, momentum)]
    fresh = SolverScreen(find_level(load_levels(SHIPPED), "crickets"))
    assert texts[-1] == fresh._status_text(fresh._first, False, 5)


def test_the_mse_is_marked_from_the_digit_where_it_parts_from_the_best() -> None:
    """Near the best, "best 0.6872764   MSE 0.6872782" read as one number twice."""
    marked = digits_parted("ŷ = 1.98·x + 0.74   best 0.6872764   MSE 0.6872782   gap 1.8e−6")
    assert [marked.plain[s.start : s.end] for s in marked.spans if s.style == PARTED] == ["82"]
    across = digits_parted("ŷ = 1.98·x + 0.74\nbest 12.54310   MSE 13.09001")  # rows apart
    assert [across.plain[s.start : s.end] for s in across.spans] == ["3.09001"]
    assert not digits_parted("best 0.6872764   MSE 0.6872764   gap 0").spans  # alike: at it


def test_an_mse_of_other_places_than_the_best_is_marked_whole() -> None:
    """ "best 12.54310   MSE 126.8486" shares no digit: the 1 and 2 of 126 are hundreds and
    tens, not the best's tens and units; nor do 3.200001e−4 and 3.200000e−5 share six."""
    for best, mse in [
        ("12.54310", "126.8486"),
        ("1.500000", "15.20000"),
        ("3.200000e−5", "3.200001e−4"),
        ("999,999.9", "1,000,000"),
    ]:
        marked = digits_parted(f"ŷ = 1.98·x + 0.74   best {best}   MSE {mse}   gap 1")
        assert [marked.plain[s.start : s.end] for s in marked.spans] == [mse]


async def test_near_the_best_the_status_shows_where_the_mse_parts_from_it(tmp_path) -> None:
    async with first_line_solver(tmp_path, (80, 24)) as (pilot, screen):
        screen.state = solver.advance(screen.state, 490)
        await pilot.pause()
        text = status(pilot.app)
        best, mse = re.search(r"best (\S+)\s+MSE (\S+)", text).groups()  # type: ignore[union-attr]
        assert best != mse and best[:4] == mse[:4]  # near the best, not at it
        widget = screen.query_one("#solver-status", Static)
        width, height = widget.outer_size
        underlined = "".join(
            segment.text
            for strip in widget.render_lines(Region(0, 0, width, height))
            for segment in strip
            if segment.style is not None and segment.style.underline
        )
        parts = next(k for k, (a, b) in enumerate(zip(best, mse, strict=True)) if a != b)
        assert underlined == mse[parts:]
