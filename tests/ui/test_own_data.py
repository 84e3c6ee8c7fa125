"""The player's own data: dartfit fit opens a sandbox, bad files exit 2 with one line."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from dartfit import core
from dartfit.app import make_app
from dartfit.core import best_line_mae
from dartfit.core.lad import Stopped
from dartfit.csvdata import Dataset, load_csv
from dartfit.dialogs.win import WinScreen
from dartfit.rules import fit
from dartfit.screens.fit import FitScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.key_strip import KeyStrip
from dartfit.wording import num
from tests.conftest import SHIPPED
from tests.test_sandbox import best_reachable, issue_data, own_data
from tests.ui.test_extreme_numbers import assert_shows_numbers
from tests.ui.test_screens import number_after, text_of
from tests.ui.typing import hold, panel_shown, send, settled, solver_opened


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "the file is empty"),
        ("x,y\n1,2\n", "only one data row"),
        ("x,y\n1,2\n2,oops\n", 'line 3: column "y": "oops" is not a number'),
        ("x,y\n2,1\n2,5\n", "are equal"),
        ("x,y\n1,1,2\n3,4,5\n", "line 2: expected 2 fields, found 3"),
        ("x,y\n1,1e21\n2,1e51\n", 'line 3: column "y": 1e51 is out of range'),
        ("x,y\n1e-300,1\n2e-300,2\n", 'column "x" varies by only 5e−301'),
        ("sep=|\nx|y\n1|2\n2|3\n", 'line 1: "sep=|" names "|" as the separator'),
    ],
)
def test_a_bad_csv_exits_2_with_one_line(tmp_path, text, words, dartfit_here) -> None:
    (tmp_path / "mine.csv").write_text(text)
    run = dartfit_here("fit", "mine.csv", cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.startswith("dartfit: mine.csv: ") and words in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


@pytest.mark.parametrize(("target", "words"), [("/dev/zero", "a device"), (".", "a folder")])
def test_what_is_not_a_regular_file_is_refused_in_one_line(
    tmp_path, target, words, dartfit_here
) -> None:
    run = dartfit_here("fit", target, cwd=tmp_path)
    assert (
        run.returncode == 2
        and run.stderr
        == f"dartfit: {target}: {words}, not a CSV file: give the path of a CSV file\n"
    )


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc here")
def test_a_file_the_system_makes_as_it_is_read_is_read_not_said_empty(
    tmp_path, dartfit_here
) -> None:
    """/proc/self/status reports a size of 0: "the file is empty", which it is not. It is
    read, and refused in one line: for what it holds, or, when the process's figures in it
    moved between the load and the read that confirms it (this very process: a full suite
    run), as a file the system makes as it is read."""
    run = dartfit_here("fit", "/proc/self/status", cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == "", run
    said = run.stderr
    assert said.startswith("dartfit: /proc/self/status: ") and "empty" not in said, said
    held = "held other bytes each time it was read: a file the system makes as it is read"
    assert said.startswith("dartfit: /proc/self/status: line ") or held in said, said
    assert ("is not a number" in said or held in said) and len(said.splitlines()) == 1, said


def test_an_unknown_column_lists_the_columns(tmp_path, dartfit_here) -> None:
    (tmp_path / "mine.csv").write_text("size;price\n1;2\n2;3\n")
    run = dartfit_here("fit", "mine.csv", "--y", "cost", cwd=tmp_path)
    assert run.returncode == 2 and 'no column "cost" (columns: "size", "price")' in run.stderr


async def test_the_sandbox_fits_a_line_to_the_players_columns(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("a,size,price\n" + "\n".join(f"0,{i},{3 * i + 1}" for i in range(10)))
    data = load_csv(path, x="size", y="price")
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "up")
        screen = pilot.app.screen
        assert isinstance(screen, FitScreen) and "Your data: mine.csv" in screen.title
        hud = text_of(pilot.app, "#hud")
        m, b = screen.state.m, screen.state.b
        x, y = np.arange(10.0), 3 * np.arange(10.0) + 1
        assert number_after("MSE", hud) == pytest.approx(np.mean((y - m * x - b) ** 2), rel=1e-3)
        assert number_after("MAE", hud) == pytest.approx(np.mean(np.abs(y - m * x - b)), rel=1e-3)
        said = screen.query_one("#key", KeyStrip).text()  # in the key under the chart
        assert "x→ size · y↑ price" in said or re.search(r"x→ size +y↑ price", said), (
            said
        )  # the columns
        await pilot.press("a", "y")
        await solver_opened(pilot)
        assert type(pilot.app.screen).__name__ == "SolverScreen"
        await pilot.press("escape", "escape")
    saved = tmp_path / "progress.json"
    assert not saved.exists() or "your-data" not in saved.read_text()


async def test_the_sandbox_reads_a_file_by_excels_sep_line(tmp_path) -> None:
    """Excel's `sep=;` first line was read as the header: `dartfit fit` refused the file
    with 'line 2: column "sep=": "size" is not a number'."""
    path = tmp_path / "excel.csv"
    rows = "".join(f"{i},5;{3 * i + 1},25\r\n" for i in range(10))
    path.write_text("sep=;\r\nsize;price\r\n" + rows, newline="")
    app = make_app(SHIPPED, tmp_path, data=load_csv(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, FitScreen) and "Your data: excel.csv" in screen.title
        said = screen.query_one("#key", KeyStrip).text()  # in the key under the chart
        assert "x→ size · y↑ price" in said or re.search(r"x→ size +y↑ price", said), said
        x, y = np.arange(10.0) + 0.5, 3 * np.arange(10.0) + 1.25
        m, b = screen.state.m, screen.state.b
        mse = number_after("MSE", text_of(pilot.app, "#hud"))
        assert mse == pytest.approx(np.mean((y - m * x - b) ** 2), rel=1e-3)


async def test_a_million_points_nudge_from_running_sums_and_are_shaded(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.setattr(FitScreen, "MAE_REST", 60.0)  # the line never rests on its own here
    n = 1_000_000
    x = np.linspace(0, 10, n)
    y = 2 * x + 1 + np.sin(np.arange(n))
    path = tmp_path / "big.csv"
    # the bytes np.savetxt(fmt="%.6f") writes, formatted in one go (a third of its CPU)
    path.write_text("x,y\n" + ("%.6f,%.6f\n" * n) % tuple(np.c_[x, y].ravel()))
    data = load_csv(path)
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right", "right", "up")
        screen = pilot.app.screen
        chart = screen.query_one(CanvasView)
        assert chart.count("density") > 100 and "●" not in chart.text()
        m, b = screen.state.m, screen.state.b
        hud = text_of(pilot.app, "#hud")
        expected = float(np.mean((data.y - (m * data.x + b)) ** 2))
        assert number_after("MSE", hud) == pytest.approx(expected, rel=1e-3)
        assert fit.score(screen.level, screen.state).mse == pytest.approx(expected, rel=1e-9)
        assert "MAE = computing…" in hud  # the exact MAE waits until the line stops moving
        screen.start_exact_mae()  # what the timer runs once the line rests; no sleeping here
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        hud = text_of(pilot.app, "#hud")
        mae = float(np.mean(np.abs(data.y - (m * data.x + b))))
        assert number_after("MAE", hud) == pytest.approx(mae, rel=1e-3)


async def test_the_best_mae_line_is_found_off_the_ui_thread(tmp_path, monkeypatch) -> None:
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 10, 20_000)
    data = Dataset(tmp_path / "big.csv", x, 2 * x + 1 + rng.standard_t(2, x.size), "x", "y")
    gate = threading.Event()

    def slow_search(x, y, stop):  # the real search, once the test opens the gate
        gate.wait(10)
        return best_line_mae(x, y, stop)

    monkeypatch.setattr(core, "best_line_mae", slow_search)
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        await pilot.press("o", "y")
        assert "MAE best line:\n  computing…" in text_of(pilot.app, "#hud")
        await pilot.press("right")  # the keys answer while the search runs
        assert screen.state.presses == 1 and "MAE best line:\n  computing…" in text_of(
            pilot.app, "#hud"
        )
        gate.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        m, _ = best_line_mae(x, data.y)
        hud = text_of(pilot.app, "#hud")
        assert number_after("MAE best line:\n  m", hud) == pytest.approx(m, rel=1e-3)
        chart = screen.query_one(CanvasView)
        assert chart.count("ghost-1") > 0  # the MAE best line, drawn over the MSE best


async def test_closing_the_screen_stops_a_search_still_running(tmp_path, monkeypatch) -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, 1_000_000)
    data = Dataset(tmp_path / "big.csv", x, 2 * x + 1 + rng.standard_t(2, x.size), "x", "y")
    ended = threading.Event()

    def watched_search(x, y, stop):
        """A search that never finishes on its own: it asks `stop` until told to stop."""
        try:
            while not stop():
                time.sleep(0.01)
            raise Stopped
        finally:
            ended.set()

    monkeypatch.setattr(core, "best_line_mae", watched_search)
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("o", "y")
        await pilot.pause(0.5)
        assert not ended.is_set()
        await pilot.press("escape")
        assert ended.wait(3)


async def test_an_answer_about_a_line_that_moved_on_is_dropped(tmp_path, monkeypatch) -> None:
    x = np.linspace(0, 10, 10_000)
    data = Dataset(tmp_path / "big.csv", x, 3 * x + np.sin(x * 7), "x", "y")
    gate, asked = threading.Event(), []
    exact_mae = fit.exact_mae

    def held_back(level, state, stop):  # the first answer arrives after the line moved
        asked.append(state)
        if len(asked) == 1:
            gate.wait(10)
        return exact_mae(level, state, lambda: False)

    monkeypatch.setattr(fit, "exact_mae", held_back)
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        screen.start_exact_mae()
        await settled(pilot, lambda: bool(asked))  # the thread is in, holding its answer
        await pilot.press("up")
        gate.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        hud = text_of(pilot.app, "#hud")
        assert f"MAE = {num(exact_mae(screen.level, asked[0]))}" not in hud
        if "MAE = computing…" not in hud:
            mae = exact_mae(screen.level, screen.state)
            assert number_after("MAE", hud) == pytest.approx(mae, rel=1e-3)


def keys_to(i: int, j: int) -> list[str]:
    """Keys from the start to the lattice line (i fine slope steps, j fine b steps)."""
    keys = []
    for count, up, down in ((i, "right", "left"), (j, "up", "down")):
        key = up if count >= 0 else down
        keys += [key] * (abs(count) // 10) + [f"shift+{key}"] * (abs(count) % 10)
    return keys


async def test_the_noisy_line_of_the_issue_is_won_with_the_keys(tmp_path) -> None:
    data = Dataset(tmp_path / "mine.csv", *issue_data(), "x", "y")
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        i, j, _ = best_reachable(screen.level)
        keys = keys_to(i, j)
        assert len(keys) < 60
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(pilot.app.screen, WinScreen)
        assert "within 1 %" not in screen.level.spec.goal


async def test_data_whose_misses_are_float64s_own_size_shows_numpys_mse(tmp_path) -> None:
    """An independent check's data near 1e16, whose misses (about 10) are of float64's own
    size there: at the best line the HUD read "MSE = 0", its formula "= 0", the win "Your
    MSE: 0" and "best possible: 0", where numpy's MSE is 150.5 (exact arithmetic: 145.6)."""
    rng = np.random.default_rng(3)
    x = np.linspace(1e4, 1e4 + 100, 500)
    y = (-6.81 * x + 123 + rng.normal(0, 1e-11, 500)) * 1e12
    app = make_app(SHIPPED, tmp_path, data=Dataset(tmp_path / "zero.csv", x, y, "x", "y"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = pilot.app.screen
        await pilot.press(*keys_to(-34, -15))  # the best line the keys reach
        await panel_shown(pilot)
        state = screen.state
        numpy = float(np.mean((y - (state.m * x + state.b)) ** 2))
        assert numpy > 100  # (150.5 on every machine we ran: the data's own spread, not 0)
        shown = num(numpy)
        score = str(pilot.app.screen.query_one("#win-score").render()).replace("\u00a0", " ")
        assert f"Your MSE: {shown}" in score and f"best possible: {shown}" in score, score
        assert number_after("MSE", text_of_screen(screen, "#hud")) == float(shown)
        assert text_of_screen(screen, "#formula").splitlines()[0].endswith(f"= {shown}")


def text_of_screen(screen, selector: str) -> str:
    return screen.query_one(selector).text


EDGES = {  # the corners of the range csvdata accepts
    "huge": (np.array([-1e50, 3e49, 1e50]), np.array([1e50, -1e50, 2e49])),
    "tiny": (np.array([0.0, 2e-50, 5e-50]), np.array([4e-50, 0.0, 9e-50])),
    "steep": (np.array([0.0, 2e-50, 5e-50]), np.array([-1e50, 0.0, 1e50])),
    "flat": (np.array([-1e50, 0.0, 1e50]), np.array([0.0, 3e-50, 7e-50])),
    "far": (1e6 + np.array([0.0, 1.0, 2.0, 4.0]), 1e6 + np.array([0.0, 2.0, 3.0, 7.0])),
    "exact": (np.arange(5.0) * 1e20, 3e20 * np.arange(5.0) + 1e21),
    "far and tiny": (1e-44 + np.arange(4.0) * 1e-50, np.array([1.0, 2.0, 2.0, 5.0])),
}


async def play_every_key(tmp_path: Path, x: np.ndarray, y: np.ndarray) -> None:
    """Arrows, shift+arrows, s, b, o (yes), h, r, enter and the auto-solver; then the shown
    MSE."""
    app = make_app(SHIPPED, tmp_path, data=Dataset(tmp_path / "e.csv", x, y, "x", "y"))
    async with app.run_test(size=(100, 30)) as pilot:
        keys = ["right", "up", "shift+left", "shift+down", "left", "down", "s", "b", "o", "y"]
        keys += ["h", "r"]
        for key in keys:  # typed ahead: each key is taken and drawn, the screen shown once
            send(pilot.app, key)
        await pilot.press("enter", "a", "y")
        await solver_opened(pilot)
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "SolverScreen"
        await pilot.press("space", "escape")
        for key in ("right", "up", "shift+right", "shift+up"):
            await hold(pilot, key, 12)
        await pilot.press("o", "y")
        await pilot.pause()
        if isinstance(pilot.app.screen, WinScreen):
            await panel_shown(pilot)
            await pilot.press("escape")
        assert_shows_numbers(pilot.app)
        screen = pilot.app.screen
        assert isinstance(screen, FitScreen)
        state = screen.state
        shown = number_after("MSE", text_of(pilot.app, "#hud").replace(",", ""))
        expected = float(np.mean((y - (state.m * x + state.b)) ** 2))
        assert np.isfinite(expected) and shown == pytest.approx(expected, rel=1e-3)


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("name", EDGES)
async def test_data_at_the_edges_of_the_range_plays_every_key(tmp_path, name) -> None:
    await play_every_key(tmp_path, *EDGES[name])


@pytest.mark.filterwarnings("error")
@given(data=own_data())
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.long
def test_any_data_the_loader_takes_plays_every_key(tmp_path, data) -> None:
    asyncio.run(play_every_key(tmp_path, *data))


async def test_on_years_the_keys_turn_the_line_about_the_data_centre_and_say_so(tmp_path) -> None:
    """Data far from x = 0 (years): ← → keep the line's height over x̄, the HUD says so and
    keeps m and b as the line's own slope and intercept, and each MSE agrees with numpy."""
    rng = np.random.default_rng(3)
    x = np.arange(1990.0, 2021.0)
    y = 14.0 + 0.02 * (x - 1990) + rng.normal(0, 0.1, x.size)
    data = Dataset(tmp_path / "temps.csv", x, y, "year", "temperature")
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = pilot.app.screen
        hud = text_of(pilot.app, "#hud").replace("\u00a0", " ")  # the pair wraps whole
        assert f"(x̄, ȳ) = ({num(float(x.mean()))}, {num(float(y.mean()))})" in hud
        assert "turn about means" in hud
        height = screen.state.m * x.mean() + screen.state.b
        for key in ("right", "right", "shift+left", "up", "left", "left", "left"):
            await pilot.press(key)
            state = screen.state
            if key != "up":
                assert state.m * x.mean() + state.b == pytest.approx(height, abs=1e-9)
            else:
                height = state.m * x.mean() + state.b
            hud = text_of(pilot.app, "#hud")
            assert number_after("m", hud) == pytest.approx(state.m, rel=1e-3)
            assert number_after("b", hud) == pytest.approx(state.b, rel=1e-3)
            mse = float(np.mean((y - (state.m * x + state.b)) ** 2))
            assert number_after("MSE", hud) == pytest.approx(mse, rel=1e-3)
            assert np.ptp(state.m * x + state.b) < 4 * np.ptp(y)  # the line stays on the data


@pytest.mark.parametrize("where", ["sandbox", "crickets", "likely-line", "galton"])
async def test_m_and_b_keep_their_decimals_as_the_line_moves(tmp_path, where) -> None:
    """m and b keep their width as the keys move the line (1.20, 1.25, 1.30, not 1.2, 1.25,
    1.3): each to the decimals of its finest step, more only where the MSE shown needs them
    and from then on (never coming and going: before, each press could change them), and
    each what the line is. The sandbox and
    crickets turn the line about x̄, which moves b off its grid."""
    import re

    from dartfit.screens.fit import FitScreen as LineScreen

    if where == "sandbox":
        rng = np.random.default_rng(5)
        x = rng.uniform(150, 190, 40)
        y = 0.9 * x - 100 + rng.normal(0, 3, x.size)
        app = make_app(SHIPPED, tmp_path, data=Dataset(tmp_path / "h.csv", x, y, "cm", "kg"))
    else:
        app = make_app(SHIPPED, tmp_path, start=where)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if not isinstance(pilot.app.screen, LineScreen):  # galton asks a prediction first
            await pilot.press("1")
        screen = pilot.app.screen
        assert isinstance(screen, LineScreen)
        shown: list[tuple[int, int]] = []
        keys = ["right", "shift+right", "shift+right", "up", "shift+up", "left", "left"]
        for key in [*keys, "down", "shift+down", *keys, "shift+left", "shift+down"]:
            await pilot.press(key)
            hud = text_of(pilot.app, "#hud")
            m, b = (re.search(rf"\b{name} = (\S+)", hud) for name in "mb")
            assert m and b, hud
            for text, value in ((m[1], screen.state.m), (b[1], screen.state.b)):
                decimals = len(text.partition(".")[2])
                assert float(text.replace("−", "-")) == pytest.approx(value, abs=10**-decimals)
            shown.append((len(m[1].partition(".")[2]), len(b[1].partition(".")[2])))
            mse = re.search(r"\bMSE = ([\d.]+)\s", hud)
            if mse and screen.state is not None and 1e-3 < float(mse[1]) < 1e4:
                assert len(mse[1].replace(".", "").lstrip("0")) == 4, hud  # 0.7100, not 0.71
        for k in (0, 1):
            widths = [w[k] for w in shown]
            assert widths == sorted(widths), shown  # more decimals when needed, then kept
        assert len({w[0] for w in shown}) <= 2, shown  # m stays on its grid (b turns about x̄)


async def test_the_keyboard_moves_a_point_of_ones_own_data(tmp_path) -> None:
    """The mouse could drag a point of the player's own data, the keys could not (a player's
    check: the keyboard is to stay complete). tab picks a point, the arrows move it (the
    line stays; the data, its MSE and best line follow), u puts it back, and tab past the
    last point gives the arrows back to the line."""
    path = tmp_path / "mine.csv"
    path.write_text("x,y\n" + "\n".join(f"{i},{2 * i + 1}" for i in range(5)))
    app = make_app(SHIPPED, tmp_path, data=load_csv(path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, FitScreen)
        line = (screen.state.m, screen.state.b)
        footer = screen.query_one(KeyFooter)
        assert {"m", "b"} <= {entry.group for entry in footer.entries}
        await pilot.press("tab", "tab", "up", "right")  # the second point, up and across
        assert screen.point == 1
        await pilot.pause()
        said = {entry.group or entry.description for entry in footer.entries}
        assert {"x", "y", "Next point"} <= said and not {"m", "b"} & said  # the arrows move it
        moved = fit.data_of(screen.home, screen.state)
        x, y = np.arange(5.0), 2 * np.arange(5.0) + 1
        assert moved.y[1] > y[1] and moved.x[1] > x[1] and (screen.state.m, screen.state.b) == line
        assert np.delete(moved.x, 1).tolist() == np.delete(x, 1).tolist()
        assert screen.state.presses == 2
        m, b = line
        hud = text_of(pilot.app, "#hud")
        mse = np.mean((moved.y - m * moved.x - b) ** 2)
        assert number_after("MSE", hud) == pytest.approx(mse, rel=1e-3)
        # the HUD speaks of the point the arrows move, not of the line's steps and pivot
        flat = " ".join(hud.split())
        assert "point 2 of 5" in flat and "turn it about" not in flat and "steps m" not in flat
        shown = re.search(r"\(x, y\) = \(([^,]+), ([^)]+)\)", flat)
        assert shown, flat
        assert [float(v.replace("−", "-")) for v in shown.groups()] == pytest.approx(
            [moved.x[1], moved.y[1]]
        )
        steps = re.search(r"steps x ±(\S+) y ±(\S+)", flat)
        assert steps, flat
        assert [float(v) for v in steps.groups()] == pytest.approx(
            [moved.x[1] - x[1], moved.y[1] - y[1]]
        )  # one press each way moved it by the steps the HUD names
        await pilot.press("u")  # the move across taken back
        back = fit.data_of(screen.home, screen.state)
        assert back.x[1] == x[1] and back.y[1] == moved.y[1]
        await pilot.press("tab", "tab", "tab", "tab")  # past the last point: the line again
        assert screen.point is None
        await pilot.pause()
        assert {"m", "b", "Point"} <= {entry.group or entry.description for entry in footer.entries}
        assert "steps m" in text_of(pilot.app, "#hud") and "point" not in text_of(pilot.app, "#hud")
        await pilot.press("up")
        assert screen.state.b != b and fit.data_of(screen.home, screen.state).y[1] == moved.y[1]


async def test_a_picked_point_moves_by_one_step_each_press_and_shows_where_it_is(tmp_path) -> None:
    """A player's check: with years 1990…2022, the HUD read "steps x ±0.5" and the first →
    moved 0.5, then "±0.2" and 0.2 a press (the step came from the moved data's span); and
    "(x, y) = (1991, 16.5)" stood for three presses (x to four significant digits)."""
    path = tmp_path / "years.csv"
    path.write_text("year,price\n" + "".join(f"{1990 + i},{10 + i * 0.7:.1f}\n" for i in range(33)))
    app = make_app(SHIPPED, tmp_path, data=load_csv(path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, FitScreen)
        await pilot.press("tab")
        seen = []
        for _ in range(4):
            await pilot.press("right")
            await pilot.pause()
            flat = " ".join(text_of(pilot.app, "#hud").split())
            steps = re.search(r"steps x ±(\S+)", flat)
            where = re.search(r"\(x, y\) = \(([^,]+),", flat)
            assert steps and where, flat
            x = float(fit.data_of(screen.home, screen.state).x[0])
            seen.append((steps[1], float(where[1].replace(",", "")), x))
        assert [s for s, _, _ in seen] == ["0.5"] * 4, seen  # the same step every press
        assert [x for _, _, x in seen] == [1990.5, 1991.0, 1991.5, 1992.0], seen
        assert [shown for _, shown, _ in seen] == [x for _, _, x in seen], seen  # as it is


def test_a_point_moved_far_still_moves_by_its_steps(tmp_path) -> None:
    """A review: a point moved far up widened the data's span, the fine step up grew with
    it, and shift+↑ then moved the point by nothing (the HUD still naming its step)."""
    path = tmp_path / "years.csv"
    path.write_text("year,price\n" + "".join(f"{1990 + i},{10 + i * 0.3:.1f}\n" for i in range(33)))
    from dartfit.levels import sandbox_level

    data = load_csv(path)
    home = fit.playable(sandbox_level(data.path, data.x, data.y, data.x_name, data.y_name))
    _, up = fit.point_steps(home)
    state = fit.start(home)
    for _ in range(60):
        state = fit.move_point(home, state, 0, 0, 1.0)
    before = float(fit.data_of(home, state).y[0])
    assert before == pytest.approx(10 + 60 * up)
    for shift in (0.1, -0.1, 0.1):
        moved = fit.move_point(home, state, 0, 0, shift)
        assert float(fit.data_of(home, moved).y[0]) - before == pytest.approx(shift * up)


@pytest.mark.parametrize("then", ["a", "o", "right"], ids=["auto-solve", "best line", "nudge"])
async def test_a_point_moved_onto_the_others_x_stays_and_says_why(tmp_path, then) -> None:
    """x = 8, 8, 8, 8.1: the fourth point moved onto x = 8 made data no line fits. The best
    line read m = 1.2e13, a line 2 from a point showed MSE 0 and won ★★★, and `a` stopped
    the game (a hostile pass). The move is refused, said, and the game plays on."""
    path = tmp_path / "few.csv"
    path.write_text("x,y\n8,1\n8,2\n8,4\n8.1,3\n", encoding="utf-8")
    data = load_csv(path, None, None)
    app = make_app(SHIPPED, tmp_path / "data", data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, FitScreen)
        await pilot.press(*["tab"] * 4)  # the fourth point
        await pilot.press(*["left"] * 120)  # past x = 8, where every x would be equal
        moved = fit.data_of(screen.home, screen.state)
        assert len(set(moved.x.tolist())) == 2 and min(moved.x) == 8.0
        assert any("no line fits" in str(n.message) for n in app._notifications)
        await pilot.press("escape" if then == "right" else "tab")  # the line's keys again
        await pilot.press(then)
        await pilot.pause()
        if app.screen is not screen:  # a question first (it costs stars): yes
            await pilot.press("y")
            await pilot.pause(0.3)
        assert app.is_running and app._exception is None
        if app.screen is screen:  # the line's MSE as numpy has it, never 0 for a miss of 2
            m, b = screen.state.m, screen.state.b
            true = float(np.mean((moved.y - (m * moved.x + b)) ** 2))
            shown = number_after("MSE", text_of(app, "#hud"))
            assert shown == pytest.approx(true, rel=1e-3), (shown, true)


async def test_a_point_moved_onto_the_others_y_stays_and_says_why(tmp_path) -> None:
    """(1, 0), (2, 1), the second point taken down ten presses: its y ended 1e−16 from the
    first's and the goal read "get the MSE to 7.704e−33 or below (the best line's is 0)"
    (a hostile pass): the loader refuses a CSV of y that near, and a move now keeps to it."""
    path = tmp_path / "two.csv"
    path.write_text("x,y\n1,0\n2,1\n", encoding="utf-8")
    app = make_app(SHIPPED, tmp_path / "data", data=load_csv(path, None, None))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, FitScreen)
        await pilot.press("tab", "tab")  # the second point
        assert screen.point == 1
        await pilot.press(*["down"] * 10)
        await pilot.pause()
        moved = fit.data_of(screen.home, screen.state)
        assert float(moved.y[1]) - float(moved.y[0]) == pytest.approx(0.1)  # one press above
        said = [str(n.message) for n in app._notifications]
        assert any("the same y" in message for message in said), said
        assert "e−" not in text_of(app, "#goal")  # no target of round-off


@pytest.mark.parametrize(
    ("name", "keys"),
    [("anscombe-1", ["up"] * 60), ("galton", ["up"] * 30 + ["right"] * 200)],
    ids=["up", "up and across"],
)
async def test_a_point_moved_far_stays_on_the_chart(tmp_path, name, keys) -> None:
    """A point moved up the sandbox went off the chart, only the edge of its square in sight
    (a hostile pass); a line moved off it grew the view, a point did not."""
    from dartfit.datasets import DATASETS, dataset

    app = make_app(SHIPPED, tmp_path, data=dataset(name, DATASETS[name]))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, FitScreen)
        await pilot.press("tab", *keys)
        await pilot.pause()
        k = screen.point
        assert k is not None
        data = fit.data_of(screen.home, screen.state)
        x_lo, x_hi, y_lo, y_hi = screen.bounds
        assert x_lo <= data.x[k] <= x_hi and y_lo <= data.y[k] <= y_hi, (screen.bounds, k)
        assert "◉" in screen.query_one(CanvasView).text()


async def test_the_palette_offers_no_reset_of_stars_your_own_data_never_keeps(
    tmp_path: Path,
) -> None:
    """On the player's own data the palette offered "Reset this level's progress: Forget
    the stars of “Your data: …”", stars it never keeps (an independent check of issue 10);
    a campaign level still offers it."""
    x = np.arange(8.0)
    app = make_app(SHIPPED, tmp_path, data=Dataset(tmp_path / "mine.csv", x, 2 * x, "x", "y"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(pilot.app.screen, FitScreen))
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Reset this level's progress" not in titles
        assert "Reset all progress" in titles  # the campaign's, as anywhere
    played = make_app(SHIPPED, tmp_path, start="first-line")
    async with played.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: isinstance(pilot.app.screen, FitScreen))
        titles = [c.title for c in played.get_system_commands(played.screen)]
        assert "Reset this level's progress" in titles
