"""Every number a HUD shows is in the notation the game's one formatter (`num`) gives it:
the sandbox on data near 1e−8 read "b = 0.0000000355440" beside an MSE of 3.29e−18, its goal,
ticks and steps all in e-notation (an independent check)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from textual.widgets import Static

from dartfit.app import DartfitApp, make_app
from dartfit.csvdata import Dataset
from dartfit.widgets.canvas import CanvasView
from dartfit.widgets.lines_panel import LinesPanel
from dartfit.wording import num, shown_value, significant_digits
from tests.conftest import SHIPPED, made_predictions, scaled_level
from tests.ui.typing import settled

NUMBER = re.compile(r"(?<![\w.])[−-]?\d[\d,]*(?:\.\d+)?(?:e[−-]?\d+)?")


def off_notation(text: str) -> list[str]:
    """The numbers in `text` written in plain digits where `num` writes them, to as many
    digits, in e-notation. (The other way about is `alike`'s: a pair written alike, once
    one of them is large in e-notation: (7.000e5, 2.429e6).)"""
    return [
        shown
        for shown in NUMBER.findall(text)
        if "e" not in shown and "e" in num(shown_value(shown), significant_digits(shown))
    ]


def test_off_notation_finds_fixed_decimals_where_num_writes_e_notation() -> None:
    said = "m = 0.57497 b = 0.0000000355440 MSE = 3.290e−18 b ±5e−9 x = 3,226,378 1200"
    assert off_notation(said) == ["0.0000000355440"]


def words(app: DartfitApp) -> str:
    """What the screen says in words and numbers, the HUD's and the status lines' (not
    the charts')."""
    shown = [panel.text for panel in app.screen.query(LinesPanel)]
    return "\n".join(shown + [str(static.render()) for static in app.screen.query(Static)])


SCALES = [-12, -9, -8, -7, -6, -5, -4, -3, 0, 3, 6, 9, 12, 15]


@pytest.mark.parametrize("power", SCALES)
async def test_the_sandbox_hud_writes_each_number_as_num_does(tmp_path, power: int) -> None:
    rng = np.random.default_rng(1)
    x = np.linspace(0, 1.4, 15)
    y = 1 + 2 * x + rng.normal(0, 0.3, 15)
    data = Dataset(tmp_path / "tiny.csv", x * 10.0**power, y * 10.0**power, "x", "y")
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: bool(app.screen.query("#hud")))
        seen = []
        for keys in ((), ("up", "right"), ("shift+up", "shift+left"), ("tab", "up", "shift+up")):
            await pilot.press(*keys)
            await pilot.pause()
            seen.append(words(app))
    wrong = [(text, off_notation(text)) for text in seen if off_notation(text)]
    assert not wrong, wrong


LEVELS = ["05-first-line", "10-pull", "16-likely-line", "17-bowl", "21-scaling"]


@pytest.mark.parametrize("power", [-8, -5, 0, 6])  # level files take data up to 1e9
@pytest.mark.parametrize(
    "name", ["16-likely-line", "17-bowl", "05-first-line", "10-pull", "21-scaling"]
)
async def test_a_levels_hud_on_scaled_data_writes_each_number_as_num_does(
    tmp_path, name: str, power: int
) -> None:
    levels = tmp_path / "levels"
    levels.mkdir()
    scaled_level(levels, name, 10.0**power)
    made_predictions(tmp_path)
    app = make_app(levels, tmp_path, start=f"{name.split('-', 1)[1]}", all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: bool(app.screen.query(CanvasView)))
        seen = []
        for keys in ((), ("up", "right"), ("space", "tab", "up"), ("shift+up",)):
            await pilot.press(*keys)
            await pilot.pause()
            seen.append(words(app))
    wrong = [(text, off_notation(text)) for text in seen if off_notation(text)]
    assert not wrong, wrong
