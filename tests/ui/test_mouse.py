"""The mouse as a player uses it, through the Pilot: drag the line by its middle (shift)
or an end (turn), drag a point; `u` takes a move back. The numbers on screen agree with
numpy after every drag, and a drag is one press."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dartfit.dialogs.win import WinScreen
from dartfit.pictures.fit import AXIS_WIDTH, FitPicture, _plot_view, line_grip, world_at
from dartfit.widgets.canvas import CanvasView
from tests.ui.test_screens import number_after, play, text_of
from tests.ui.typing import settled


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
        assert screen.state.presses == 4  # up, the drag, two undos
        await pilot.press("u")  # nothing left to take back: nothing happens
        assert screen.state.presses == 4
        assert number_after("presses", text_of(pilot.app, "#hud")) == 4


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
        assert isinstance(pilot.app.screen, WinScreen)
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
        assert screen.state.y == start.y and screen.state.presses == 2


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
