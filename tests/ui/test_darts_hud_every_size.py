"""The darts HUD lays itself out to the width it has: at every size from 80×24 to 200×50,
not only the few the other tests visit, in colour and under NO_COLOR, in a round and beside
the win, every line of it is whole. Under the board it had two rows (three with the split's
line) whatever its text: "◎ bull" added to the aim's row cut the split's last line beside
the win at 110×30, and at 80×50 it was cut in a round even before."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dartfit.app import make_app
from dartfit.dialogs.win import WinScreen
from dartfit.levels import Level, load_levels
from dartfit.rules import darts
from dartfit.screens.darts import DartsScreen
from tests.conftest import SHIPPED, made_predictions
from tests.ui.keys import winning_keys
from tests.ui.test_campaign import hidden_under_the_win
from tests.ui.test_hud_fits import cut_lines
from tests.ui.typing import panel_shown, settled

DARTS = [lv for lv in load_levels(SHIPPED) if lv.spec.kind in ("darts", "darts-split")]
SIZES = [(w, h) for w in (80, 90, 100, 110, 120, 140, 160, 200) for h in (24, 30, 40, 50)]


@pytest.mark.long
@pytest.mark.parametrize("no_colour", [False, True], ids=["colour", "NO_COLOR"])
@pytest.mark.parametrize("level", DARTS, ids=[lv.id for lv in DARTS])
async def test_no_line_of_the_darts_hud_is_cut_at_any_size(
    level: Level, no_colour: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Aimed off the bull with a dart left (every part of the HUD: the aim, the bull, the
    darts left, MSE, target, wind, the split), then won: each size in turn, nothing cut."""
    if no_colour:
        monkeypatch.setenv("NO_COLOR", "1")
    made_predictions(tmp_path)
    keys, throws = winning_keys(level), darts.spec(level).throws
    app = make_app(SHIPPED, tmp_path, seed=1, start=level.id)
    async with app.run_test(size=SIZES[0]) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, DartsScreen))
        screen = app.screen
        assert isinstance(screen, DartsScreen)

        async def every_size(cut: Callable[[], list[str]]) -> None:
            for size in SIZES:
                await pilot.resize_terminal(*size)
                await settled(
                    pilot,
                    lambda s=size: screen.size == s and not cut(),
                    seen=lambda s=size: (s, cut()),
                )

        aim = keys[:-throws]  # against the wind, then off the bull by a step each way
        await pilot.press(*aim, "left", "up", *["space"] * (throws - 1))
        await every_size(lambda: cut_lines(screen))
        await pilot.resize_terminal(*SIZES[0])
        await pilot.press("right", "down", "space")  # back against the wind: the round won
        await panel_shown(pilot)
        win = app.screen
        assert isinstance(win, WinScreen)
        await every_size(lambda: hidden_under_the_win(screen, win))
