"""The mouse as a player uses it, through the Pilot: drag the line by its middle (shift)
or an end (turn), drag a point (of a points level, or of the player's own data); `u` takes
a move back. The numbers on screen agree with
numpy after every drag, and a drag is one press."""

from __future__ import annotations

import asyncio
import json

import numpy as np
import pytest

from dartfit import core
from dartfit.app import make_app
from dartfit.csvdata import Dataset
from dartfit.dialogs.win import WinScreen
from dartfit.pictures.fit import AXIS_WIDTH, FitPicture, _plot_view, line_grip, world_at
from dartfit.rules import fit
from dartfit.widgets.canvas import CanvasView
from dartfit.wording import num
from tests.conftest import SHIPPED, made_predictions
from tests.ui.test_screens import number_after, play, text_of
from tests.ui.typing import panel_shown, settled


def cell_of(screen, x: float, y: float) -> tuple[int, int]:
    """The chart cell where the world point (x, y) is drawn."""
    canvas = screen.query_one(CanvasView)
    view = _plot_view(screen._picture(screen.state), *canvas.size)
    return round(view.col(x)) + AXIS_WIDTH, round(view.row(y))


async def drag(pilot, start: tuple[int, int], *path: tuple[int, int]) -> None:
    """Press at `start`, move through `path`, release at its end (cells of the chart)."""
    await pilot.mouse_down(CanvasView, offset=start)
    for cell in path:
        await pilot.hover(CanvasView, offset=cell)
    await pilot.mouse_up(CanvasView, offset=path[-1])
    await pilot.pause()


def numpy_mse(x, y, m: float, b: float) -> float:
    return float(np.mean((y - (m * x + b)) ** 2))


@pytest.mark.parametrize(
    ("level_id", "size"),
    [
        ("first-line", (80, 24)),
        ("first-line", (120, 40)),
        ("first-line", (200, 50)),
        ("mean-guess", (120, 40)),  # mae, a constant
        ("outlier-mae", (120, 40)),  # mae, a line
        ("likely-line", (120, 40)),  # mle
    ],
)
async def test_dragging_the_line_by_its_middle_shifts_it_as_one_press(
    tmp_path, level_id, size
) -> None:
    async with play(level_id, tmp_path, size) as pilot:
        screen = pilot.app.screen
        x_mid = float(np.mean(screen.level.x))
        height = screen.query_one(CanvasView).size.height
        for _ in range(50):  # a line that starts off the chart is first brought on with keys
            row = cell_of(screen, x_mid, screen.state.m * x_mid + screen.state.b)[1]
            if 6 <= row <= height - 4:
                break
            await pilot.press("up" if row > height - 4 else "down")
        start = screen.state
        col, row = cell_of(screen, x_mid, start.m * x_mid + start.b)
        await drag(pilot, (col, row), (col, row - 1), (col + 1, row - 3), (col + 1, row - 4))
        state = screen.state
        assert state.m == start.m and state.b > start.b
        assert state.presses == start.presses + 1
        hud = text_of(pilot.app, "#hud")
        x, y = screen.level.x, screen.level.y
        assert number_after("MSE", hud) == pytest.approx(
            numpy_mse(x, y, state.m, state.b), rel=1e-3, abs=1e-3
        )
        assert number_after("b", hud) == pytest.approx(state.b, abs=1e-3)
        if "presses" in hud:  # the mle HUD has no room for it
            assert number_after("presses", hud) == state.presses


async def test_dragging_the_line_by_an_end_turns_it_about_the_centre(tmp_path) -> None:
    async with play("first-line", tmp_path, (120, 40)) as pilot:
        screen = pilot.app.screen
        start = screen.state
        x_bar = float(np.mean(screen.level.x))
        x_end = screen.bounds[0] + 0.9 * (screen.bounds[1] - screen.bounds[0])
        col, row = cell_of(screen, x_end, start.m * x_end + start.b)
        await drag(pilot, (col, row), (col, row - 2), (col, row - 6))
        state = screen.state
        assert state.m > start.m and state.presses == 1
        height = state.m * x_bar + state.b
        assert height == pytest.approx(start.m * x_bar + start.b, abs=0.1)
        hud = text_of(pilot.app, "#hud")
        assert number_after("m", hud) == pytest.approx(state.m, abs=1e-3)
        assert number_after("MSE", hud) == pytest.approx(
            numpy_mse(screen.level.x, screen.level.y, state.m, state.b), rel=1e-3, abs=1e-3
        )


async def test_a_press_away_from_the_line_moves_nothing(tmp_path) -> None:
    async with play("first-line", tmp_path, (120, 40)) as pilot:
        screen = pilot.app.screen
        start = screen.state
        x_mid = float(np.mean(screen.level.x))
        col, row = cell_of(screen, x_mid, start.m * x_mid + start.b)
        far = row - 8 if row > 10 else row + 8
        await drag(pilot, (col, far), (col, far - 2))
        assert screen.state is start


async def test_u_takes_back_a_drag_and_then_a_key(tmp_path) -> None:
    async with play("first-line", tmp_path, (120, 40)) as pilot:
        screen = pilot.app.screen
        start = screen.state
        await pilot.press("up")
        after_key = screen.state
        x_mid = float(np.mean(screen.level.x))
        col, row = cell_of(screen, x_mid, after_key.m * x_mid + after_key.b)
        await drag(pilot, (col, row), (col, row + 3))
        assert screen.state.b < after_key.b
        await pilot.press("u")
        assert (screen.state.m, screen.state.b) == (after_key.m, after_key.b)
        await pilot.press("u")
        assert (screen.state.m, screen.state.b) == (start.m, start.b)
        assert screen.state.presses == 2  # up and the drag: an undo is not a press
        await pilot.press("u")  # nothing left to take back: nothing happens
        assert screen.state.presses == 2
        assert number_after("presses", text_of(pilot.app, "#hud")) == 2


async def test_undo_never_unwins_a_saved_win(tmp_path) -> None:
    async with play("first-line", tmp_path, (120, 40)) as pilot:
        screen = pilot.app.screen
        m, b = np.polyfit(screen.level.x, screen.level.y, 1)
        for _ in range(400):  # the keys towards the best line until the level is won
            if isinstance(pilot.app.screen, WinScreen):
                break
            dm, db = m - screen.state.m, b - screen.state.b
            key = (
                ("right" if dm > 0 else "left") if abs(dm) > 0.05 else ("up" if db > 0 else "down")
            )
            await pilot.press(key)
        await panel_shown(pilot)
        saved = json.loads(next(tmp_path.rglob("progress.json")).read_text())
        await pilot.press("k")  # keep improving
        await settled(pilot, lambda: pilot.app.screen is screen)
        for _ in range(3):
            await pilot.press("u")
        await pilot.pause()
        assert json.loads(next(tmp_path.rglob("progress.json")).read_text()) == saved
        assert "first-line" in json.dumps(saved)


async def test_dragging_a_point_moves_it_and_the_squares_agree_with_numpy(tmp_path) -> None:
    async with play("pull", tmp_path, (120, 40)) as pilot:
        screen = pilot.app.screen
        start = screen.state
        k = 2
        col, row = cell_of(screen, float(screen.level.x[k]), start.y[k])
        await drag(pilot, (col, row), (col, row - 2), (col, row - 5))
        state = screen.state
        assert state.selected == k and state.y[k] > start.y[k] and state.presses == 1
        assert [v for i, v in enumerate(state.y) if i != k] == [
            v for i, v in enumerate(start.y) if i != k
        ]
        y = np.array(state.y)
        m, b = np.polyfit(screen.level.x, y, 1)
        hud = text_of(pilot.app, "#points-hud")
        assert number_after("MSE", hud) == pytest.approx(
            numpy_mse(screen.level.x, y, m, b), rel=1e-3, abs=1e-3
        )
        await pilot.press("u")
        assert screen.state.y == start.y and screen.state.presses == 1  # the undo is no press


async def test_a_click_on_a_point_still_only_selects_it(tmp_path) -> None:
    async with play("pull", tmp_path, (120, 40)) as pilot:
        screen = pilot.app.screen
        start = screen.state
        col, row = cell_of(screen, float(screen.level.x[3]), start.y[3])
        await pilot.click(CanvasView, offset=(col, row))
        assert screen.state.selected == 3 and screen.state.y == start.y


def test_a_press_grabs_the_line_by_the_middle_near_the_centre_and_by_an_end_far_out() -> None:
    """What pictures.fit.line_grip reads from a press: where on the line, or nothing."""
    x = np.linspace(0.0, 10.0, 11)
    pic = FitPicture(x, x, 1.0, 0.0, (0.0, 10.0, 0.0, 10.0))
    view = _plot_view(pic, 80, 24)

    def cell(wx: float, wy: float) -> tuple[int, int]:
        return round(view.col(wx)) + AXIS_WIDTH, round(view.row(wy))

    assert line_grip(pic, 80, 24, *cell(5.0, 5.0), centre=5.0) == "middle"
    assert line_grip(pic, 80, 24, *cell(9.0, 9.0), centre=5.0) == "end"
    assert line_grip(pic, 80, 24, *cell(1.0, 1.0), centre=5.0) == "end"
    assert line_grip(pic, 80, 24, *cell(5.0, 9.0), centre=5.0) is None  # far above the line
    wx, wy = world_at(pic, 80, 24, *cell(2.0, 7.0))
    assert abs(wx - 2.0) <= 10 / view.width and abs(wy - 7.0) <= 10 / view.height


async def test_turning_follows_the_mouse_up_and_down_only(tmp_path) -> None:
    """Dragging an end sideways across the chart does not swing the line: only the height
    the mouse is at matters."""
    async with play("first-line", tmp_path, (120, 40)) as pilot:
        screen = pilot.app.screen
        start = screen.state
        x_end = screen.bounds[0] + 0.9 * (screen.bounds[1] - screen.bounds[0])
        col, row = cell_of(screen, x_end, start.m * x_end + start.b)
        await drag(pilot, (col, row), (col - 10, row - 2))
        first = screen.state
        await pilot.press("u")
        col, row = cell_of(screen, x_end, start.m * x_end + start.b)
        await drag(pilot, (col, row), (col - 40, row - 2))
        assert (screen.state.m, screen.state.b) == (first.m, first.b)


async def test_a_drag_that_wins_stops_moving_things_under_the_win(tmp_path) -> None:
    """The win comes the moment a drag crosses the target; the rest of that drag, under the
    win screen, moves nothing, and the win is saved with the drag as one press."""
    async with play("pull", tmp_path, (80, 24)) as pilot:
        screen = pilot.app.screen
        k = 6
        col, row = cell_of(screen, float(screen.level.x[k]), screen.state.y[k])
        origin = screen.query_one(CanvasView).region.offset
        await pilot.mouse_down(CanvasView, offset=(col, row))
        for up in range(1, row):
            await pilot.hover(None, offset=(origin.x + col, origin.y + row - up))
            if isinstance(pilot.app.screen, WinScreen):
                break
        assert isinstance(pilot.app.screen, WinScreen)
        won = screen.state
        await pilot.hover(None, offset=(origin.x + col, origin.y + row))  # back down, under the win
        await pilot.mouse_up(None, offset=(origin.x + col, origin.y + row))
        await pilot.pause()
        assert screen.state is won and won.presses == 1
        saved = json.loads(next(tmp_path.rglob("progress.json")).read_text())
        assert '"presses": 1' in json.dumps(saved)


def own_data(tmp_path, n: int = 20):
    """The sandbox (`dartfit fit`) on n noisy points of y = 2x + 1, at 120×40."""
    x = np.arange(float(n))
    y = 2 * x + 1 + np.random.default_rng(5).normal(0, 2, x.size)
    data = Dataset(tmp_path / "mine.csv", x, y, "x", "y")
    made_predictions(tmp_path)
    return make_app(SHIPPED, tmp_path, data=data).run_test(size=(120, 40))


async def test_dragging_a_point_of_own_data_moves_it_and_u_puts_it_back(tmp_path) -> None:
    async with own_data(tmp_path) as pilot:
        screen = pilot.app.screen
        start, x, y = screen.state, screen.level.x, screen.level.y.copy()
        k = 6
        col, row = cell_of(screen, float(x[k]), float(y[k]))
        await drag(pilot, (col, row), (col, row - 2), (col, row - 6))
        state = screen.state
        moved = state.data.y
        assert moved[k] > y[k] and np.array_equal(np.delete(moved, k), np.delete(y, k))
        assert (state.m, state.b, state.presses) == (start.m, start.b, 1)  # the line stays
        hud = text_of(pilot.app, "#hud")
        assert number_after("MSE", hud) == pytest.approx(
            numpy_mse(x, moved, state.m, state.b), rel=1e-3, abs=1e-3
        )
        best = numpy_mse(x, moved, *np.polyfit(x, moved, 1))  # the target follows the data
        assert number_after("target", hud) >= fit.CLOSE * best * (1 - 1e-3)
        assert num(best) in text_of(pilot.app, "#goal")
        await pilot.press("u")
        state = screen.state  # an undo is no press
        assert state.data is None and screen.level.y[k] == y[k] and state.presses == 1
        hud = text_of(pilot.app, "#hud")
        assert number_after("MSE", hud) == pytest.approx(
            numpy_mse(x, y, state.m, state.b), rel=1e-3, abs=1e-3
        )
        best = numpy_mse(x, y, *np.polyfit(x, y, 1))
        assert num(best) in text_of(pilot.app, "#goal")


async def test_in_own_data_a_drag_that_starts_on_the_line_still_moves_the_line(tmp_path) -> None:
    async with own_data(tmp_path) as pilot:
        screen = pilot.app.screen
        start = screen.state
        x_mid = float(np.mean(screen.level.x))
        col, row = cell_of(screen, x_mid, start.m * x_mid + start.b)
        near = [
            cell_of(screen, float(a), float(b))
            for a, b in zip(screen.level.x, screen.level.y, strict=True)
        ]
        assert all(abs(c - col) + abs(r - row) > 2 for c, r in near)  # no point under the press
        await drag(pilot, (col, row), (col, row + 1), (col, row + 3))
        state = screen.state
        assert state.data is None and state.b < start.b and state.presses == 1
        hud = text_of(pilot.app, "#hud")
        assert number_after("MSE", hud) == pytest.approx(
            numpy_mse(screen.level.x, screen.level.y, state.m, state.b), rel=1e-3, abs=1e-3
        )


async def test_keys_after_a_point_drag_play_on_the_moved_data(tmp_path) -> None:
    async with own_data(tmp_path) as pilot:
        screen = pilot.app.screen
        k = 12
        col, row = cell_of(screen, float(screen.level.x[k]), float(screen.level.y[k]))
        await drag(pilot, (col, row), (col, row + 4))
        moved = screen.state.data
        await pilot.press("down", "right")
        state = screen.state
        assert state.data is moved and state.presses == 3
        hud = text_of(pilot.app, "#hud")
        assert number_after("MSE", hud) == pytest.approx(
            numpy_mse(moved.x, moved.y, state.m, state.b), rel=1e-3, abs=1e-3
        )


async def test_the_best_lines_shown_follow_a_dragged_point(tmp_path) -> None:
    """With the best lines shown, a dragged point moves them: the MSE best at once, the MAE
    best once its search (off the UI thread) has answered about the moved data."""
    async with own_data(tmp_path) as pilot:
        screen = pilot.app.screen
        await pilot.press("o", "y")
        x, y = screen.level.x, screen.level.y
        m0, b0 = core.best_line_mae(x, y)
        k = int(np.argmin(y - (m0 * x + b0)))  # the point farthest below the MAE best line
        col, row = cell_of(screen, float(x[k]), float(y[k]))
        _, above = cell_of(screen, float(x[k]), float(m0 * x[k] + b0 + 10))
        await drag(pilot, (col, row), (col, row - 3), (col, above))
        moved = screen.state.data
        assert moved.y[k] > m0 * x[k] + b0  # dragged across it: the MAE best line moves too
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        hud = text_of(pilot.app, "#hud")
        m, b = np.polyfit(moved.x, moved.y, 1)
        mse_best = hud.split("MSE best line:")[1].split("MAE best line:")[0]
        assert number_after("m", mse_best) == pytest.approx(m, rel=1e-3, abs=1e-3)
        assert number_after("b", mse_best) == pytest.approx(b, rel=1e-3, abs=1e-3)
        m_mae, _ = core.best_line_mae(moved.x, moved.y)
        assert m_mae != pytest.approx(m0, rel=1e-3)
        assert number_after("MAE best line:\n  m", hud) == pytest.approx(m_mae, rel=1e-3, abs=1e-3)


@pytest.mark.parametrize(
    ("n", "says"),
    [(20, "drag a point anywhere"), (fit.BIG + 1, "they can't be dragged")],
)
async def test_the_help_says_whether_own_data_can_be_dragged(tmp_path, n, says) -> None:
    async with own_data(tmp_path, n) as pilot:
        await pilot.press("question_mark")
        prose = " ".join(str(w.render()) for w in pilot.app.screen.query(".help-text"))
        assert says in " ".join(prose.split())


async def test_in_big_own_data_a_press_on_a_point_moves_nothing(tmp_path) -> None:
    async with own_data(tmp_path, fit.BIG + 1) as pilot:
        screen = pilot.app.screen
        start = screen.state
        k = 0
        col, row = cell_of(screen, float(screen.level.x[k]), float(screen.level.y[k]))
        await drag(pilot, (col, row), (col, row - 4))
        assert screen.state is start and screen.level is screen.home


async def test_a_point_of_own_data_dragged_across_moves_in_x_and_y(tmp_path) -> None:
    async with own_data(tmp_path) as pilot:
        screen = pilot.app.screen
        start, x, y = screen.state, screen.level.x.copy(), screen.level.y.copy()
        k = 6
        col, row = cell_of(screen, float(x[k]), float(y[k]))
        await drag(pilot, (col, row), (col + 2, row - 1), (col + 5, row - 3))
        state = screen.state
        moved_x, moved_y = state.data.x, state.data.y
        assert moved_x[k] > x[k] and moved_y[k] > y[k]
        assert np.array_equal(np.delete(moved_x, k), np.delete(x, k))
        assert (state.m, state.b, state.presses) == (start.m, start.b, 1)  # the line stays
        hud = text_of(pilot.app, "#hud")
        assert number_after("MSE", hud) == pytest.approx(
            numpy_mse(moved_x, moved_y, state.m, state.b), rel=1e-3, abs=1e-3
        )
        await pilot.press("u")
        assert screen.state.data is None and np.array_equal(screen.level.x, x)


def rings(app) -> list[str]:
    """Each time the app rings the bell from now on, one item."""
    rang: list[str] = []
    app.bell = lambda: rang.append("bell")
    return rang


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def said_once(app, rang: list[str], words: str) -> None:
    """A move (a drag, or a key held) said why its point stays (`words`) once, and rang once."""
    said = [m for m in messages(app) if words in m]
    assert len(said) == 1 and "it stays" in said[0], messages(app)
    assert rang == ["bell"]


async def test_a_drag_of_own_data_past_the_loaders_limit_stays_and_says_why_once(
    tmp_path,
) -> None:
    """Data up to 9.5e49, its top point dragged up to the top of the chart, over cells
    past the ±1e50 the CSV loader takes: the point jumped back to where the drag began and
    nothing was said, where the same move by keys rings and says why. It stays at its last
    place within the limit, and the drag says why once, however many cells it crosses."""
    x, y = np.arange(1.0, 7.0), np.array([1e49, 3e49, 2e49, 5e49, 4e49, 9.5e49])
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, data=Dataset(tmp_path / "big.csv", x, y, "x", "y"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, rang = app.screen, rings(app)
        col, row = cell_of(screen, 6.0, 9.5e49)
        assert row >= 3  # room above it to drag through
        path = [(col, r) for r in range(row - 1, -1, -1)] + [(col + 1, 0), (col - 1, 0)]
        await drag(pilot, (col, row), *path)
        moved = fit.data_of(screen.home, screen.state).y
        assert 9.5e49 < moved[5] <= 1e50 and screen.state.presses == 1
        said_once(app, rang, "1e50")


async def test_a_points_levels_point_dragged_onto_the_others_height_stays_and_says_why_once(
    tmp_path,
) -> None:
    """y 1, 1, 1, 2 (a fine step of 0.5, so a row lands on y = 1): the last point dragged
    down onto the others made every y equal (its refitted line flat through them, MSE 0),
    as keys did; it stays at its last place, and says why once a drag."""
    from tests.test_moves import flat_but_one

    folder = flat_but_one(tmp_path / "levels")
    text = (folder / "01-flat.toml").read_text(encoding="utf-8")
    (folder / "01-flat.toml").write_text(text + "\n[controls]\npoint_step = 5.0\n")
    app = make_app(folder, tmp_path / "data", start="flat")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, rang = app.screen, rings(app)
        col, row = cell_of(screen, 4.0, 2.0)
        _, half = cell_of(screen, 4.0, 1.5)
        _, one = cell_of(screen, 4.0, 1.0)
        await drag(pilot, (col, row), (col, half), (col, one), (col + 1, one), (col - 1, one))
        assert screen.state.y == (1.0, 1.0, 1.0, 1.5) and screen.state.presses == 1
        said_once(app, rang, "the same y")


async def test_a_points_levels_point_moved_by_keys_onto_the_others_height_stays_and_says_why(
    tmp_path,
) -> None:
    """The same level's keys (steps of 0.1): nine presses down bring the last point to 1.1,
    the tenth would put it on the others; a refused press rings and says why, once while
    its words are shown (`SaysWhy.refuse`: the eleventh, a held key's repeat, adds nothing)."""
    from tests.test_moves import flat_but_one

    app = make_app(flat_but_one(tmp_path / "levels"), tmp_path / "data", start="flat")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, rang = app.screen, rings(app)
        await pilot.press(*["tab"] * 3)
        assert screen.state.selected == 3
        await pilot.press(*["down"] * 11)
        await pilot.pause()
        assert screen.state.y[3] == pytest.approx(1.1) and screen.state.y[:3] == (1.0,) * 3
        said_once(app, rang, "the same y")


async def test_clicks_on_a_notice_as_it_goes_leave_the_game_running(tmp_path) -> None:
    """Three clicks 5 ms apart on "Nothing to undo.": the first took the notice away, the
    next pressed on it while it was still drawn, and Textual's text selection raised
    AttributeError on its missing parent: the game ended."""
    from textual import events
    from textual.widgets._toast import Toast

    app = make_app(SHIPPED, tmp_path, start="first-throw", all_open=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("u")
        await settled(pilot, lambda: bool(app.screen.query(Toast)))
        toast = app.screen.query_one(Toast)
        x, y = toast.region.x + 2, toast.region.y + 1
        driver = app._driver
        assert driver is not None

        def click(*kinds: type[events.MouseEvent]) -> None:
            for kind in kinds:
                event = kind(None, x, y, 0, 0, 1, False, False, False, x, y)
                event.set_sender(app)
                driver.send_message(event)

        click(events.MouseDown, events.MouseUp, events.Click)  # takes the notice away
        for _ in range(10_000):  # until it has left, before the screen is drawn again
            if not toast.is_attached:
                break
            await asyncio.sleep(0)
        click(events.MouseDown)  # the next click, 5 ms later: the notice still drawn
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_a_drag_released_over_a_notice_as_it_goes_still_ends(tmp_path) -> None:
    """A press on the line, then the release over a notice taken away but still drawn:
    the release was dropped as landing on nothing, the chart kept the mouse, and moving it
    with no button held went on dragging the line."""
    from textual import events
    from textual.widgets._toast import Toast

    made_predictions(tmp_path)
    game = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with game.run_test(size=(120, 40), notifications=True) as pilot:
        app = pilot.app
        await settled(pilot, lambda: bool(app.screen.query(CanvasView)))
        await pilot.pause()
        app.notify("Nothing to undo.")
        await settled(pilot, lambda: bool(app.screen.query(Toast)))
        toast = app.screen.query_one(Toast)
        tx, ty = toast.region.x + 2, toast.region.y + 1
        screen = app.screen
        start = screen.state
        x_mid = float(np.mean(screen.level.x))
        await pilot.mouse_down(CanvasView, offset=cell_of(screen, x_mid, start.m * x_mid + start.b))
        assert app.mouse_captured is not None
        toast.remove()
        for _ in range(10_000):  # until it has left, before the screen is drawn again
            if not toast.is_attached:
                break
            await asyncio.sleep(0)
        assert app._driver is not None
        up = events.MouseUp(None, tx, ty, 0, 0, 1, False, False, False, tx, ty)
        up.set_sender(app)
        app._driver.send_message(up)  # before the screen is drawn again
        await pilot.pause()
        assert app.mouse_captured is None


async def test_a_drag_on_the_chart_selects_no_text_so_ctrl_c_still_says_how_to_quit(
    tmp_path,
) -> None:
    """The line dragged down past the foot of the chart also began Textual's text
    selection on the chart: the lines under it stayed highlighted, and ctrl+c then copied
    "CanvasView#chart" in silence, where it says how to quit."""
    async with play("first-line", tmp_path, (120, 40)) as pilot:
        app, screen = pilot.app, pilot.app.screen
        start = screen.state
        x_mid = float(np.mean(screen.level.x))
        col, row = cell_of(screen, x_mid, start.m * x_mid + start.b)
        origin = screen.query_one(CanvasView).region.offset
        await pilot.mouse_down(CanvasView, offset=(col, row))
        for below in range(origin.y + row + 1, app.size.height):
            await pilot.hover(None, offset=(origin.x + col, below))
        await pilot.mouse_up(None, offset=(origin.x + col, app.size.height - 1))
        await pilot.pause()
        assert screen.state.b < start.b  # the line followed the mouse down
        assert screen.get_selected_text() is None
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("to quit" in str(n.message) for n in app._notifications)


@pytest.mark.parametrize("key", ["right", "u", "r"])
async def test_a_key_during_a_drag_keeps_its_move_and_ends_the_drag(tmp_path, key) -> None:
    """The line held by its middle, then → (or u, or r) before the mouse moved on: the next
    move of the mouse put the line back where the drag alone would have it, and the key's
    move was gone (its press uncounted)."""
    async with play("first-line", tmp_path, (120, 40)) as pilot:
        screen = pilot.app.screen
        start = screen.state
        x_mid = float(np.mean(screen.level.x))
        col, row = cell_of(screen, x_mid, start.m * x_mid + start.b)
        await pilot.mouse_down(CanvasView, offset=(col, row))
        await pilot.hover(CanvasView, offset=(col, row - 3))
        assert screen.state.b > start.b
        await pilot.press(key)
        keyed = screen.state
        await pilot.hover(CanvasView, offset=(col, row - 5))
        await pilot.mouse_up(CanvasView, offset=(col, row - 5))
        await pilot.pause()
        assert screen.state is keyed
        hud = text_of(pilot.app, "#hud")
        assert number_after("m", hud) == pytest.approx(keyed.m, abs=1e-3)
        assert number_after("b", hud) == pytest.approx(keyed.b, abs=1e-3)
        assert number_after("presses", hud) == keyed.presses


async def test_a_key_during_a_point_drag_keeps_its_move(tmp_path) -> None:
    """A point held on a points level, then ↓ before the mouse moved on: the mouse put the
    point back where the drag alone would have it."""
    async with play("pull", tmp_path, (120, 40)) as pilot:
        screen = pilot.app.screen
        k = 2
        col, row = cell_of(screen, float(screen.level.x[k]), screen.state.y[k])
        await pilot.mouse_down(CanvasView, offset=(col, row))
        await pilot.hover(CanvasView, offset=(col, row - 1))
        await pilot.press("down")
        keyed = screen.state
        await pilot.hover(CanvasView, offset=(col, row - 2))
        await pilot.mouse_up(CanvasView, offset=(col, row - 2))
        await pilot.pause()
        assert screen.state is keyed and keyed.presses == 2
