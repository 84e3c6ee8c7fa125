"""How the auto-solver looks at 80 × 24 and 120 × 40 (SVG snapshots)."""

from __future__ import annotations

import pytest

from dartfit.app import make_app
from tests.conftest import SHIPPED
from tests.ui.typing import solver_opened

SIZES = [(80, 24), (120, 40)]
SCENES = {  # the keys pressed on the solver, once it has opened (a, y)
    "stepping": (["n", "n", "n"], 0),  # three single steps
    "converged": ([], 1000),  # ticked until it stops
    "diverged": (["right_square_bracket", "right_square_bracket"], 1000),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_solver_looks_right(snap_compare, tmp_path, scene: str, size: tuple[int, int]) -> None:
    keys, ticks = SCENES[scene]

    async def run_before(pilot) -> None:
        await pilot.press("a", "y")
        await solver_opened(pilot)
        await pilot.press(*keys)
        for _ in range(ticks):
            if pilot.app.screen.state.finished:
                break
            pilot.app.screen.tick()
        await pilot.pause()

    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    assert snap_compare(app, run_before=run_before, terminal_size=size)
