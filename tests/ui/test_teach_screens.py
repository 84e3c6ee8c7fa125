"""Likelihood, the bowl and bias–variance as a player uses them, checked against numpy."""

from __future__ import annotations

import itertools
import math
import re
from decimal import Decimal

import numpy as np
import pytest

from dartfit.app import make_app
from dartfit.dialogs.win import WinScreen
from dartfit.levels import find_level
from dartfit.rules import linear
from dartfit.screens.darts import DartsScreen
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.footer import KeyFooter
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.wording import FIGURE_SPACE, num
from tests.conftest import SHIPPED
from tests.ui.test_screens import LEVELS, number_after, play, text_of
from tests.ui.typing import panel_shown, settled


def log_likelihood(y: np.ndarray, pred: np.ndarray, sigma: float) -> float:
    """Σ log of the Gaussian density, written out term by term."""
    return float(
        sum(
            math.log(math.exp(-((a - b) ** 2) / (2 * sigma**2)) / math.sqrt(2 * math.pi * sigma**2))
            for a, b in zip(y, pred, strict=True)
        )
    )


async def test_log_likelihood_and_sse_move_in_lock_step(tmp_path) -> None:
    level = find_level(LEVELS, "likely-line")
    steps = linear.steps(level)
    seen = []
    async with play("likely-line", tmp_path) as pilot:
        for keys in (["right"], ["right", "up"], ["right_square_bracket"]):
            await pilot.press(*keys)
            seen.append((text_of(pilot.app, "#hud"), text_of(pilot.app, "#formula")))
    m, b = 2 * steps.m, steps.b
    pred = m * level.x + b
    hud, formula = seen[1]
    assert number_after("log L", hud) == pytest.approx(log_likelihood(level.y, pred, 1.0), rel=1e-3)
    assert number_after("SSE = Σe²", hud) == pytest.approx(np.sum((level.y - pred) ** 2), rel=1e-3)
    first, second = seen[0][0], seen[1][0]
    # a lower SSE always comes with a higher log L
    assert (number_after("SSE = Σe²", second) < number_after("SSE = Σe²", first)) == (
        number_after("log L", second) > number_after("log L", first)
    )
    assert "−log L = (n/2)·log(2πσ²) + SSE/(2σ²)" in formula
    hud, _ = seen[2]
    assert number_after("σ", hud) == pytest.approx(1.1)
    assert number_after("log L", hud) == pytest.approx(log_likelihood(level.y, pred, 1.1), rel=1e-3)


async def test_step_by_hand_asks_the_gradients_signs_then_steps_against_them(tmp_path) -> None:
    level = find_level(LEVELS, "step-by-hand")
    m0, b0 = linear.start_line(level)
    r = level.y - (m0 * level.x + b0)
    dm, db = -2 * np.mean(level.x * r), -2 * np.mean(r)
    right = ["right" if dm > 0 else "left", "up" if db > 0 else "down"]
    eigen = np.linalg.eigvalsh(
        2 * np.array([[np.mean(level.x**2), np.mean(level.x)], [np.mean(level.x), 1.0]])
    ).max()
    eta = 1 / eigen  # the level's rate: half the largest stable one
    async with play("step-by-hand", tmp_path) as pilot:
        before = text_of(pilot.app, "#gradient")
        assert "∂MSE/∂m ? (← − → +)" in before  # the step reveals the gradient, not the screen
        await pilot.press("space")  # no call made: no step
        assert number_after("steps", text_of(pilot.app, "#hud")) == 0
        await pilot.press(*right, "space")
        hud, told = text_of(pilot.app, "#hud"), text_of(pilot.app, "#hint")
        assert told.startswith("Right, 1 of 1:") and len(told) <= 78, told  # one row at 80
        assert number_after("∂MSE/∂m", told) == pytest.approx(dm, rel=1e-2)
        assert number_after("∂MSE/∂b", told) == pytest.approx(db, rel=1e-2)
        m1, b1 = m0 - eta * dm, b0 - eta * db
        r1 = level.y - (m1 * level.x + b1)
        dm1, db1 = -2 * np.mean(level.x * r1), -2 * np.mean(r1)
        wrong_m = "left" if dm1 > 0 else "right"  # the other sign for m, the right one for b
        await pilot.press(wrong_m, "up" if db1 > 0 else "down", "space")
        second, hud2 = text_of(pilot.app, "#hint"), text_of(pilot.app, "#hud")
    assert number_after("m", hud) == pytest.approx(m1, rel=1e-3)
    assert number_after("b", hud) == pytest.approx(b1, rel=1e-3)
    assert number_after("stable if η <", hud) == pytest.approx(2 / eigen, rel=1e-3)
    # a wrong sign: m steps the other way, uphill, and the MSE rises from where it would go
    m2, b2 = m1 + eta * dm1, b1 - eta * db1
    assert number_after("m", hud2) == pytest.approx(m2, rel=1e-3)
    assert number_after("b", hud2) == pytest.approx(b2, rel=1e-3)
    assert second.startswith("Not quite, 1 of 2:") and "uphill" in second
    worse = np.mean((level.y - (m2 * level.x + b2)) ** 2)
    better = np.mean((level.y - ((m1 - eta * dm1) * level.x + b2)) ** 2)
    assert worse > better


async def test_too_large_a_rate_diverges_and_the_game_says_why(tmp_path) -> None:
    async with play("too-hot", tmp_path) as pilot:
        await pilot.press("enter")
        hint = text_of(pilot.app, "#hint")
        hud = text_of(pilot.app, "#hud")
        assert pilot.app.screen.state.diverged
    assert "Diverged" in hint and "largest stable rate" in hint and "overshoots" in hint
    assert "nan" not in (hud + hint).lower() and "inf" not in hud.lower()


async def test_lowering_the_rate_tames_it(tmp_path) -> None:
    async with play("too-hot", tmp_path) as pilot:
        await pilot.press(*["left_square_bracket"] * 5, "enter")
        assert isinstance(pilot.app.screen, WinScreen)


async def test_raising_the_rate_past_the_stable_one_warns_before_any_step(tmp_path) -> None:
    """η = 0.682 stood beside "stable if η < 0.609" with no word, until the walk had
    diverged; the auto-solver warned before its run."""
    from dartfit.rules import bowl

    async with play("learning-rate", tmp_path) as pilot:
        screen = pilot.app.screen
        limit = bowl.max_stable_rate(screen.level, screen.state.scaled)
        said = []
        while screen.state.learning_rate < limit:
            await pilot.press("right_square_bracket")
            said.append(text_of(pilot.app, "#hint"))
        assert "one more ] passes the largest stable rate" in said[-2]
        assert said[-1].startswith(f"⚠ η = {num(screen.state.learning_rate, 3)} is past")
        assert f"largest stable rate {num(limit, 3)}" in said[-1] and "[ lowers η" in said[-1]
        assert screen.state.steps == 0 and not screen.state.diverged  # said before a step
        # and lowered again, the warning goes with it (it stayed beside η = 0.32 < 0.396)
        while screen.state.learning_rate >= limit:
            await pilot.press("left_square_bracket")
        hint = text_of(pilot.app, "#hint")
        assert "⚠" not in hint and num(screen.state.learning_rate, 3) in hint, hint
        assert "one more ] passes" in hint or "below the largest stable rate" in hint, hint
        await pilot.press("left_square_bracket")
        hint = text_of(pilot.app, "#hint")
        assert f"η = {num(screen.state.learning_rate, 3)}: below the largest stable" in hint


async def test_feature_scaling_rounds_the_bowl_and_needs_fewer_steps(tmp_path) -> None:
    async with play("scaling", tmp_path) as pilot:
        await pilot.press("f")
        hud = text_of(pilot.app, "#hud")
        assert "x' = (x − x̄)/sd(x)" in hud
        # the m and b the bowl's axes and the gradient are in: those of the scaled x
        # (the HUD said m = 0, b = 0 of the raw line beside ∂MSE/∂m of the scaled one)
        state = pilot.app.screen.state
        assert "ŷ = m'·x' + b'" in hud
        numbers = hud.replace(FIGURE_SPACE, "")  # m' and b' right-aligned in their width
        assert f"m' = {num(state.here.m)}" in numbers and f"b' = {num(state.here.b)}" in numbers
        assert "∂MSE/∂m' =" in text_of(pilot.app, "#gradient")
        chart = pilot.app.screen.query_one(CanvasView).text()
        assert "m' →" in chart and "b' ↑" in chart  # the bowl's axes, as the HUD names them
        assert "raw x > 20,000" in hud and number_after("scaled x", hud) <= 5
        await pilot.press("space")
        assert isinstance(pilot.app.screen, WinScreen)


async def test_the_bowl_map_marks_the_bottom_and_the_player(tmp_path) -> None:
    async with play("bowl", tmp_path) as pilot:
        chart = pilot.app.screen.query_one(CanvasView)
        assert "✚" in chart.text() and "●" in chart.text()
        assert chart.count("band-0") > 50 and chart.count("band-1") > 50


def _number(label: str) -> float:
    return float(label.replace("−", "-"))


def _y_labels(chart: CanvasView) -> list[str]:
    return [row.split("┤")[0].strip() for row in chart.text().splitlines() if "┤" in row]


@pytest.mark.parametrize("calls", [("left", "down"), ("right", "up"), ("left", "up")])
async def test_a_step_leaves_the_bowl_maps_size_and_y_labels_as_they_were(
    calls: tuple[str, str], tmp_path
) -> None:
    """A player's check: step by hand's map lost its top "4" after the first step. The
    view's bounds stay put, but the verdict under the map ("Not quite, 0 of 1: …", two
    rows at 80 columns) took a row from it, and a map a row shorter ticks otherwise. The
    message line keeps its rows, whatever a step says."""
    async with play("step-by-hand", tmp_path) as pilot:
        chart = pilot.app.screen.query_one(CanvasView)
        size, labels = chart.size, _y_labels(chart)
        await pilot.press(*calls, "space")
        assert number_after("steps", text_of(pilot.app, "#hud")) == 1
        assert text_of(pilot.app, "#hint")  # a verdict, on one row or two
        assert chart.size == size and "●" in chart.text()
        if not chart.text().count("Δ"):  # (a walk run far away turns it to log axes)
            widened = max(map(_number, _y_labels(chart))) > max(map(_number, labels))
            assert widened or _y_labels(chart) == labels  # a step off the map widens it
    assert len(labels) >= 4


@pytest.mark.parametrize("level_id", ["bowl", "step-by-hand"])
async def test_a_level_that_fixes_the_rate_offers_no_rate_keys(level_id: str, tmp_path) -> None:
    """The footer offered [ ] η on levels that fix η; pressed, they were silent: now each
    says the level fixes η, and at what."""
    async with play(level_id, tmp_path) as pilot:
        screen = pilot.app.screen
        footer = {entry.key for entry in screen.query_one(KeyFooter).entries}
        rate = screen.state.learning_rate
        for key in ("right_square_bracket", "left_square_bracket"):
            screen.say("")
            await pilot.press(key)
            said = text_of(pilot.app, "#hint")
            assert "fixes the learning rate at η = " in said and "[ and ]" in said, said
        assert not {"left_square_bracket", "right_square_bracket"} & footer
        assert screen.state.learning_rate == rate
        assert "[ and ]" not in screen.help_prose() and "fixes" in screen.help_prose()
    async with play("learning-rate", tmp_path) as pilot:  # a level that lets the player pick
        footer = {entry.key for entry in pilot.app.screen.query_one(KeyFooter).entries}
        assert "right_square_bracket" in footer and "[ and ]" in pilot.app.screen.help_prose()


async def test_the_kink_says_it_fixes_the_rate_when_a_rate_key_is_pressed(tmp_path) -> None:
    """The kink's η is the level's: after its prediction, ] was taken in silence."""
    from dartfit.rules import kink

    async with play("kink", tmp_path) as pilot:
        await pilot.press("1", "right_square_bracket")
        said = text_of(pilot.app, "#hint")
        assert f"fixes the learning rate at η = {num(kink.rate(pilot.app.screen.level), 3)}" in said


async def test_a_rounds_mse_splits_into_bias_and_variance(tmp_path) -> None:
    level = find_level(LEVELS, "wind-and-wobble")
    async with play("wind-and-wobble", tmp_path) as pilot:
        await pilot.press("space", "space", "space")
        hud = text_of(pilot.app, "#darts-hud")
        landings = np.array(pilot.app.screen.state.landings)
    bias2 = float(np.sum(landings.mean(axis=0) ** 2))
    variance = float(np.mean(np.sum((landings - landings.mean(axis=0)) ** 2, axis=1)))
    hud = " ".join(hud.split())  # as wrapped beside the board, in one line
    found = re.search(r"MSE \S+ = bias².*", hud)
    assert found, hud
    split, first = found[0], hud[: found.start()]
    # the sum and its parts to one place (the sum's fourth digit), each right to it
    places = {len(m.partition(".")[2]) for m in re.findall(r"\d+\.\d+", split)}
    assert len(places) == 1, split
    half = 0.5 * 10.0 ** -places.pop() + 1e-12
    assert number_after("bias²", hud) == pytest.approx(bias2, abs=half)
    # the variance is the rest (so the three add up as shown): within one more unit
    assert number_after("variance", hud) == pytest.approx(variance, abs=3 * half)
    assert number_after("MSE", split) == pytest.approx(bias2 + variance, abs=half)
    assert number_after("MSE", split) == number_after("MSE =", first)
    shown_sum = number_after("bias²", hud) + number_after("variance", hud)  # to the last digit
    assert shown_sum == pytest.approx(number_after("MSE", split), abs=half / 100)
    assert level.spec.darts.wind != (0.0, 0.0)


async def test_the_degree_bars_add_up_and_a_wrong_pick_is_explained(tmp_path) -> None:
    async with play("degree", tmp_path) as pilot:
        await pilot.press("left", "enter")
        bars = text_of(pilot.app, "#bars")
        assert "Not degree 0" in text_of(pilot.app, "#hint")

    def last_number(label: str) -> float:
        line = next(row for row in bars.splitlines() if row.startswith(label))
        return float(line[len(label) :].split()[0].replace("−", "-"))  # the number, then its bar

    parts = [last_number(name) for name in ("bias²", "variance", "noise")]
    assert sum(parts) == pytest.approx(last_number("sum"), rel=1e-2)
    assert last_number("test MSE") == pytest.approx(last_number("sum"), rel=0.05)


async def test_a_descent_win_counts_steps_and_scaling_wins_in_the_one_step_it_says(
    tmp_path,
) -> None:
    level = find_level(LEVELS, "scaling")
    async with play("scaling", tmp_path) as pilot:
        await pilot.press("f", "space")
        screen = pilot.app.screen
        assert isinstance(screen, WinScreen)
        score = str(screen.query_one("#win-score").render())
        assert "Steps: 1" in score and "Key presses" not in score
    assert "in a single step" in " ".join(level.spec.what_you_saw.split())


async def test_the_likelihood_hud_shows_its_step_sizes_like_the_other_line_levels(
    tmp_path,
) -> None:
    level = find_level(LEVELS, "likely-line")
    steps = linear.steps(level)
    async with play("likely-line", tmp_path) as pilot:
        hud = text_of(pilot.app, "#hud")
    assert f"steps m ±{num(steps.m)} b ±{num(steps.b)}" in hud and "shift: ÷10" in hud


async def test_calling_signs_over_scaled_x_names_the_scaled_coordinates(tmp_path) -> None:
    """With f on the signs level the HUD said m', b' while the call line still asked for
    ∂MSE/∂m and the step's report spoke of m."""
    async with play("step-by-hand", tmp_path) as pilot:
        await pilot.press("f")
        assert "∂MSE/∂m' ?" in text_of(pilot.app, "#gradient")
        await pilot.press("right", "up", "space")
        assert "∂MSE/∂m' " in text_of(pilot.app, "#hint")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_legend_keeps_clear_of_the_largest_square_and_its_label(
    size: tuple[int, int], tmp_path
) -> None:
    """The legend, placed clear of the points and the lines only, hid the outlier's square:
    its corner and the row of its label ("□ MSE = mean area of the squares e²=246───●")."""
    async with play("outlier-mae", tmp_path, size) as pilot:
        chart = pilot.app.screen.query_one("#chart", CanvasView).text().splitlines()
    (labelled,) = [row for row in chart if "e²=246" in row]
    assert "┌e²=246" in labelled and "MSE = mean area" not in labelled


async def test_once_the_degree_is_picked_the_bars_say_so_not_enter_to_pick(tmp_path) -> None:
    """Beside the win panel, whose enter goes on to the next level, the bars still said
    "enter: pick this degree"."""
    async with play("degree", tmp_path) as pilot:
        screen = pilot.app.screen
        for _ in range(9):
            if isinstance(pilot.app.screen, WinScreen):
                break
            await pilot.press("right", "enter")
        assert isinstance(pilot.app.screen, WinScreen)
        await pilot.pause()
        bars = screen.query_one("#bars", LinesPanel).text
        assert f"picked: degree {screen.state.degree}" in bars and "enter: pick" not in bars


async def test_the_degree_panel_shows_one_column_of_decimals_at_every_degree(tmp_path) -> None:
    """It read "train MSE 0.079", "sum 0.12" and "bias² 0" beside "1.21e−5": each number now
    has the decimals of the others, at every degree, and reads its value to them."""
    decimals: set[int] = set()
    async with play("degree", tmp_path, size=(120, 40)) as pilot:
        screen = pilot.app.screen
        for _ in range(len(screen.sweep)):
            bars = text_of(pilot.app, "#bars")
            bv = screen.sweep[screen.state.degree]
            truth = {
                "train MSE": bv.train_mse,
                "bias²": bv.bias2,
                "variance": bv.variance,
                "noise": bv.noise,
                "test MSE": bv.expected_test_mse,
            }
            for label, value in truth.items():
                row = next(r for r in bars.splitlines() if r.startswith(label))
                shown = row[len(label) :].split()[0]
                decimals.add(len(shown.partition(".")[2]))
                assert float(shown.replace("−", "-")) == pytest.approx(value, abs=0.0005), row

            def shown(label: str, bars: str = bars) -> float:
                row = next(r for r in bars.splitlines() if r.startswith(label))
                return float(row[len(label) :].split()[0])

            parts = shown("bias²") + shown("variance") + shown("noise")  # adds up as shown
            assert shown("sum") == pytest.approx(parts, abs=1e-9), bars
            assert shown("sum") == pytest.approx(bv.bias2 + bv.variance + bv.noise, abs=0.0015)
            await pilot.press("right")
    assert decimals == {3}


async def test_the_bowls_m_and_b_never_lose_a_decimal_and_its_mse_keeps_four_digits(
    tmp_path,
) -> None:
    """Three steps down the bowl read b = −1.4984, then −1.08, and MSE = 11.8."""
    places: list[tuple[int, int]] = []
    async with play("bowl", tmp_path, size=(120, 40)) as pilot:
        for _ in range(8):
            await pilot.press("space")
            hud = text_of(pilot.app, "#hud")
            m, b = (re.search(rf"\b{n} = {FIGURE_SPACE}*(\S+)", hud) for n in "mb")
            mse = re.search(r"MSE = (\S+)", hud)
            assert m and b and mse, hud
            places.append((len(m[1].partition(".")[2]), len(b[1].partition(".")[2])))
            assert len(mse[1].replace(".", "").lstrip("0")) >= 4, hud
    assert places == sorted(places) and len({p[0] for p in places}) <= 2, places
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(places)), places


async def test_the_aim_shows_both_coordinates_to_the_steps_decimals(tmp_path) -> None:
    """The aim read "aim x +0.5  y 0": both to the aim step's decimals, signed but for 0."""
    async with play("windy", tmp_path) as pilot:
        await pilot.press("left", "up", "up")
        aim = re.search(r"aim x (\S+)  y (\S+)", text_of(pilot.app, "#darts-hud"))
        assert aim, text_of(pilot.app, "#darts-hud")
        fine = []  # each shift step its own reading (0.05, 0.10, 0.15 all read +0.1)
        for _ in range(3):
            await pilot.press("shift+right")
            fine.append(re.search(r"aim x (\S+)", text_of(pilot.app, "#darts-hud"))[1])
        assert len(set(fine)) == 3, fine
        await pilot.press("down", "down")
        again = re.search(r"aim x (\S+)  y (\S+)", text_of(pilot.app, "#darts-hud"))
    assert again and set(again[2]) <= set("0.")  # back at 0: 0.0, unsigned
    places = {len(v.partition(".")[2]) for v in (*aim.groups(), *again.groups())}
    assert len(places) == 1 and places != {0}, (aim.groups(), again.groups())
    assert aim[1].startswith("−") and aim[2].startswith("+")


async def test_a_one_axis_board_neither_offers_nor_takes_up_and_down(tmp_path) -> None:
    """first-throw's footer read "←→↑↓ aim" and its help "↑ ↓ Aim up / down": ↑ and ↓ did
    nothing there. On a board (two axes) they still aim."""
    from dartfit.dialogs.help import key_groups

    for level_id, board in (("first-throw", False), ("wind-and-wobble", True)):
        async with play(level_id, tmp_path) as pilot:
            screen = pilot.app.screen
            described = {row.description for g in key_groups(screen) for row in g.rows}
            assert any("Aim up" in d for d in described) == board, described
            before = screen.state.aim
            await pilot.press("up")
            assert (screen.state.aim != before) == board


async def test_the_shares_of_the_squared_error_add_up_to_a_hundred(tmp_path) -> None:
    """Level "pull" listed shares of 0, 5, 39, 1, 9, 36, 3, 1, 7, 0: 101 %."""
    async with play("pull", tmp_path) as pilot:
        screen = pilot.app.screen
        for keys in ((), ("up",) * 2, ("tab", "down", "down")):
            await pilot.press(*keys)
            table = screen.query_one("#shares", LinesPanel).text
            percents = [int(p) for p in re.findall(r"(\d+)%", table)]
            assert len(percents) == screen.level.x.size and sum(percents) == 100, table


@pytest.mark.parametrize("level_id", ["crickets", "first-line", "galton"])
async def test_the_chart_beside_a_win_at_80x24_has_its_ticks_evenly_apart(level_id, tmp_path):
    """Above the win panel at 80×24 the crickets' chart had ticks 2, 1, 1, 2, 1 rows apart."""
    from tests.ui.keys import winning_keys

    async with play(level_id, tmp_path) as pilot:
        await pilot.press(*winning_keys(LEVELS_BY_ID[level_id]))
        await pilot.pause()
        assert isinstance(pilot.app.screen, WinScreen)
        chart = pilot.app.screen_stack[-2].query_one("#chart", CanvasView)
        rows = [i for i, row in enumerate(chart.text().splitlines()) if "┤" in row[:7]]
        assert len(rows) >= 3 and len({b - a for a, b in itertools.pairwise(rows)}) == 1, (
            chart.text()
        )


LEVELS_BY_ID = {level.id: level for level in LEVELS}


async def test_scaling_starts_the_walk_again_and_says_so_with_its_own_decimals(tmp_path) -> None:
    """On scaling, five raw steps then f read m' = 0.00000 and b' = 0.0000000 (raw b's
    decimals kept), and said only "Feature scaling on" while the steps were thrown away."""
    from dartfit.app import make_app
    from dartfit.widgets.lines_panel import LinesPanel
    from tests.conftest import SHIPPED, made_predictions

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, seed=3, start="scaling")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*["space"] * 5, "f")
        await pilot.pause()
        hud = app.screen.query_one("#hud", LinesPanel).text.replace(FIGURE_SPACE, "")
        # the scaled walk's own decimals (both alike: four digits of its largest |m'|, |b'|)
        assert "m' = 0.00\n" in hud and "b' = 0.00\n" in hud, hud
        said = str(app.screen.query_one("#hint").render())
        assert "starts again" in said, said


async def test_the_second_gradient_keeps_its_column_as_the_first_changes_width(tmp_path) -> None:
    """Stepping down the bowl, "∂MSE/∂m = −1.005   ∂MSE/∂b" became "∂MSE/∂m = −0.8294
    ∂MSE/∂b": the second label moved a column at a step."""
    columns = set()
    async with play("bowl", tmp_path) as pilot:
        for _ in range(12):
            await pilot.press("space")
            line = text_of(pilot.app, "#gradient").splitlines()[0]
            columns.add(line.index("∂MSE/∂b"))
    assert len(columns) == 1, columns


async def test_equal_numbers_in_the_degree_panel_have_equal_bars(tmp_path) -> None:
    """Degree 1 read "sum 0.332 ██████▌" over "test MSE 0.332 ██████▋"."""
    async with play("degree", tmp_path) as pilot:
        for _ in range(9):
            rows = [r.split() for r in text_of(pilot.app, "#bars").splitlines()]
            numbered = {}
            for row in rows:
                for i, cell in enumerate(row):
                    if cell[:1].isdigit() and i + 1 < len(row):
                        numbered.setdefault(cell, set()).add(row[i + 1])
            assert all(len(bars) == 1 for bars in numbered.values()), numbered
            await pilot.press("right")


async def test_a_signs_level_won_asks_no_more_calls(tmp_path) -> None:
    """Step by hand's win at 80×24 gave its chart 8 rows while "Your call: ∂MSE/∂m ?" and
    "next step: …" still took two: there is no next step to call."""
    from tests.ui.keys import winning_keys

    async with play("step-by-hand", tmp_path) as pilot:
        assert pilot.app.screen.query_one("#gradient").display
        for key in winning_keys(pilot.app.screen.level):
            await pilot.press(key)
            if isinstance(pilot.app.screen, WinScreen):
                break
        await pilot.pause()
        assert isinstance(pilot.app.screen, WinScreen)
        await panel_shown(pilot)
        level = pilot.app.screen_stack[-2]
        assert not level.query_one("#gradient").display
    async with play("bowl", tmp_path / "bowl") as pilot:  # its gradient reads 0 at the bottom
        for key in winning_keys(pilot.app.screen.level):
            await pilot.press(key)
            if isinstance(pilot.app.screen, WinScreen):
                break
        await pilot.pause()
        assert pilot.app.screen_stack[-2].query_one("#gradient").display


async def test_wrong_calls_that_climb_are_not_blamed_on_the_fixed_rate(tmp_path) -> None:
    """Three wrong calls on step by hand made the MSE climb, and it said "Diverging: η =
    0.378 is above the largest stable rate … 0.756 … Press r, then [ to lower η": the rate
    was below the limit, and fixed."""
    from dartfit.rules import bowl

    async with play("step-by-hand", tmp_path) as pilot:
        screen = pilot.app.screen
        for _ in range(3):
            sm, sb = bowl.gradient_signs(screen.state, screen.gradient_scale)
            await pilot.press("left" if sm > 0 else "right", "down" if sb > 0 else "up", "space")
        said = text_of(pilot.app, "#hint")
        assert "rose" in said and "Diverging" not in said and "[" not in said, said


async def test_the_degree_panel_says_the_test_mse_is_measured_where_it_parts_from_the_sum(
    tmp_path,
) -> None:
    """A player read "sum 0.120" and "test MSE 0.121" under a rule, as a sum that did not
    add up: the test MSE is measured on new points, the sum of the parts up to chance, and
    the line under it says so at every degree where the two differ (at 80×24 too)."""
    from dartfit.screens.degree import MEASURED

    differed = 0
    async with play("degree", tmp_path, size=(80, 24)) as pilot:
        screen = pilot.app.screen
        for _ in range(len(screen.sweep)):
            rows = text_of(pilot.app, "#bars").splitlines()
            said = {r.split()[0]: r.split()[1] for r in rows if r.startswith(("sum", "test"))}
            if said["sum"] != said["test"]:
                differed += 1
                at = next(k for k, r in enumerate(rows) if r.startswith("test MSE"))
                assert rows[at + 1].strip() == MEASURED, rows
            await pilot.press("right")
    assert differed


async def test_a_called_step_reports_the_mse_the_hud_shows(tmp_path) -> None:
    """After a second right call on step-by-hand the HUD read "MSE = 0.5289" (the line as
    shown) above the step's report "MSE 1.949 → 0.5288" (the line's own)."""
    level = find_level(LEVELS, "step-by-hand")
    async with play("step-by-hand", tmp_path) as pilot:
        for _ in range(3):
            state = pilot.app.screen.state
            dm, db = state.here.gradient
            await pilot.press("left" if dm < 0 else "right", "down" if db < 0 else "up", "space")
            told, hud = text_of(pilot.app, "#hint"), text_of(pilot.app, "#hud")
            reported = told.rsplit("→ ", 1)[1].strip()
            assert f"MSE = {reported}" in hud, (told, hud)
            m, b = number_after("m", hud), number_after("b", hud)
            shown = np.mean((level.y - (m * level.x + b)) ** 2)
            assert number_after("MSE =", hud) == pytest.approx(shown, rel=5e-4)


@pytest.mark.parametrize(
    ("level_id", "presses"),
    [
        ("too-hot", ["left_square_bracket"] * 4),  # hint 3: "[ four or five times, then enter"
        ("learning-rate", ["right_square_bracket"] * 10),  # hint 1: "about ten of them"
    ],
)
async def test_the_hinted_run_walks_on_to_the_stars_its_budget_earns(
    level_id: str, presses: list[str], tmp_path
) -> None:
    """enter stopped at the first step that beat the target: one star, where the steps left
    in the budget earned three (too-hot's and learning-rate's hinted rates). It now walks
    on to the MSE of the third star, as plain gradient descent written out here reaches."""
    level = find_level(LEVELS, level_id)
    d = level.spec.descent
    rate = d.learning_rate * (1.25 if presses[0] == "right_square_bracket" else 0.8) ** len(presses)
    x, y = level.x, level.y
    m, b = linear.start_line(level)
    best = float(np.mean((y - np.polyval(np.polyfit(x, y, 1), x)) ** 2))
    mses = []
    for _ in range(d.max_steps):
        r = y - (m * x + b)
        m, b = m + rate * 2 * np.mean(x * r), b + rate * 2 * np.mean(r)
        mses.append(float(np.mean((y - (m * x + b)) ** 2)))
    first_win = next(k for k, v in enumerate(mses) if v <= level.spec.target.factor * best)
    third = next(k for k, v in enumerate(mses) if v <= level.spec.stars.exact * best)
    assert first_win < third  # the run the old enter stopped short of
    async with play(level_id, tmp_path) as pilot:
        await pilot.press(*presses, "enter")
        await pilot.pause()
        win = pilot.app.screen
        assert isinstance(win, WinScreen)
        said = str(win.query_one("#win-score").render()).replace("\u00a0", " ")
        assert "Stars: ★★★" in said and f"Steps: {third + 1}" in said
        assert pilot.app.screen_stack[-2].state.steps == third + 1


async def test_step_by_hands_last_hint_marks_where_the_mse_is_least_along_row_and_column(
    tmp_path,
) -> None:
    """Hint 3 asked where along ●'s row the MSE is lowest, which the map's two shades,
    alternating ring to ring, do not show. With it the map marks that point with ◆, and the
    lowest point along ●'s column: each on ●'s side that numpy's least squares puts it."""
    level = find_level(LEVELS, "step-by-hand")
    x, y = level.x, level.y
    m0, b0 = linear.start_line(level)
    m_row = float(np.linalg.lstsq(x[:, None], y - b0, rcond=None)[0][0])  # b held at b0
    b_col = float(np.mean(y - m0 * x))  # m held at m0
    async with play("step-by-hand", tmp_path) as pilot:
        canvas = pilot.app.screen.query_one(CanvasView)
        await pilot.press("h", "h")
        assert "◆" not in canvas.text()  # the gentler hints leave the map as it was
        await pilot.press("h")
        hint = text_of(pilot.app, "#hint")
        rows = canvas.text().splitlines()
    assert "◆" in hint and "row" in hint and "column" in hint
    [(r_you, c_you)] = [
        (r, row.index("●")) for r, row in enumerate(rows) if "● you" not in row and "●" in row
    ]
    marks = [(r, c) for r, row in enumerate(rows) for c, ch in enumerate(row) if ch == "◆"]
    legend = [(r, c) for r, c in marks if "least MSE on your row" in rows[r]]
    on_map = sorted(set(marks) - set(legend))
    on_row = [c for r, c in on_map if r == r_you]
    on_column = [r for r, c in on_map if c == c_you]
    assert len(on_map) == 2 and len(on_row) == 1 and len(on_column) == 1
    assert (on_row[0] > c_you) == (m_row > m0)
    assert (on_column[0] < r_you) == (b_col > b0)  # rows count down the screen


def _exactly(shown: str) -> Decimal:
    """A number as the HUD shows it (grouped, e-notation, the minus sign), exactly."""
    mantissa, _, power = shown.replace(",", "").replace("−", "-").partition("e")
    return Decimal(mantissa).scaleb(int(power or 0))


@pytest.mark.parametrize(
    ("wobble", "seed"),
    [(100.0, 32), (0.001, 31), (1e7, 31)],
    ids=["grouped", "tiny", "huge"],
)
async def test_a_rounds_split_adds_up_as_shown_at_any_size(tmp_path, wobble, seed) -> None:
    """ "MSE 56,292 = bias² 37,925 + variance 18,366" (a wobble of 100), and 5.263e−6 =
    4.661e−6 + 6.019e−7: the parts were made to add up only in plain digits under 10,000."""
    text = (SHIPPED / "22-wind-and-wobble.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^wobble = .*$", f"wobble = {wobble!r}", text)
    text = re.sub(r"(?m)^wind = .*$", f"wind = [{1.5 * wobble!r}, {-wobble!r}]", text)
    text = re.sub(r"(?m)^seed = .*$", f"seed = {seed}", text)
    folder = tmp_path / "levels"
    folder.mkdir()
    (folder / "01-split.toml").write_text(text, encoding="utf-8")
    async with make_app(folder, tmp_path / "data", start="1").run_test(size=(100, 30)) as pilot:
        await settled(pilot, lambda: isinstance(pilot.app.screen, DartsScreen))
        await pilot.press("space", "space", "space")
        hud = " ".join(text_of(pilot.app, "#darts-hud").split())
    found = re.search(r"MSE (\S+) = bias² (\S+) \(average miss: wind\) \+ variance (\S+)", hud)
    assert found, hud
    total, bias2, variance = map(_exactly, found.groups())
    assert bias2 + variance == total, found[0]
