"""A key press never moves the chart: the side columns whose numbers change as the player
plays (the bowl's and the kink's walk, Huber's and the guesses' misses, the points' shares)
hold one width for the whole play (`LevelScreen.held`), at 80×24, 120×40 and 200×50."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dartfit.app import make_app
from dartfit.screens import tables
from dartfit.screens.level_base import LevelScreen
from tests.conftest import SHIPPED, made_predictions
from tests.ui.test_hud_fits import cut_lines
from tests.ui.typing import settled

CHARTS = "#chart, #bowl, #kink-charts"
STEPS = ["space"] * 6
UP, DOWN = "right_square_bracket", "left_square_bracket"
WIDEST_GUESS = ["minus", *"12345678901", "enter", "enter"]  # −1.235e10: MSE 1.525e20
PLAYS = {
    "bowl": [*STEPS, UP] * 6 + ["enter", "r", "f", *STEPS, DOWN],
    "step-by-hand": ["right", "up", "space", "left", "down", "space"] * 6,
    "learning-rate": [*STEPS, UP] * 8 + ["enter"],
    "too-hot": [*STEPS, DOWN] * 4 + ["r", "enter", "f", *STEPS],
    "scaling": ["f", *STEPS, UP, *STEPS, "f", "enter"],
    "kink": ["3", *STEPS, "enter"],
    "huber": ["left"] * 12 + ["right"] * 24,
    "guess-mse": ["1", "2", "5", ".", "7", "5", "enter", "enter", "9", "enter", "enter"],
    "which-line": ["1", "enter", "enter", "2", "enter", "enter"],
    "best-constant": [*WIDEST_GUESS, "minus", "0", ".", *"000012345", "enter", "enter"],
    "pull": ["tab", *["up"] * 40, *["down"] * 80, "shift+up", "tab", *["down"] * 40],
    "costliest": ["tab", "down", "tab", "tab", "enter", "tab", "enter", "tab", "enter"],
}
"""A level of each screen with such a column, and keys that walk its numbers far: the
bowl's walks at every rate to divergence, scaled and not, wrong calls on the signs level;
the kink's walks to the end; δ's whole ladder; guesses typed their widest; a point moved
to both its limits; the answer picked."""


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
@pytest.mark.parametrize("level_id", list(PLAYS))
async def test_no_key_moves_or_resizes_the_chart(
    level_id: str, size: tuple[int, int], tmp_path: Path
) -> None:
    """At 200×50 a step down the bowl whose numbers needed a cell more widened the walk's
    column and narrowed the chart (three times in one walk on the bowl level). Now, key by
    key to the win, the chart keeps its place and its width, and its height but where the
    notice under it takes a row more or less for what it says; every line stays whole."""
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level_id)
    async with app.run_test(size=size) as pilot:
        await settled(pilot, lambda: isinstance(app.screen, LevelScreen))
        screen = app.screen
        assert isinstance(screen, LevelScreen)
        for _ in range(3):
            await pilot.pause()
        chart, notice = screen.query_one(CHARTS), screen.query_one("#hint")
        start, said = chart.region, notice.region.height
        for key in PLAYS[level_id]:
            await pilot.press(key)
            await pilot.pause()
            if app.screen is not screen or screen.has_class("-won"):
                break  # the win panel takes its rows
            now = chart.region
            assert (now.x, now.y, now.width) == (start.x, start.y, start.width), key
            grown = notice.region.height - said
            assert now.height == start.height - grown, (key, grown)
            assert cut_lines(screen) == [], key


@given(
    st.lists(
        st.tuples(
            st.floats(-1e6, 1e6, allow_subnormal=False),
            st.floats(-1e6, 1e6, allow_subnormal=False),
            st.floats(0, 1e9, allow_subnormal=False),
        ),
        min_size=2,
        max_size=12,
    )
)
def test_a_walks_steps_alone_and_in_pairs_bound_every_run_of_them(
    points: list[tuple[float, float, float]],
) -> None:
    """The width the bowl's walk holds (`BowlScreen._walk_held`) rests on this: a step
    alone is written at least as wide as among others, and its change in a pair, so each
    column's widest cell of those (`tables.widest_row`) is as wide as any run of steps."""
    steps = list(enumerate(points))
    names = ("m", "b")
    held = tables.widest_row(
        [tables.walk_cells([step], names) for step in steps]
        + [tables.walk_cells(list(pair), names) for pair in pairwise(steps)]
    )
    for first in range(len(steps)):
        for last in range(first + 1, len(steps) + 1):
            run = tables.aligned(tables.walk_cells(steps[first:last], names))
            assert max(map(len, run)) <= len(held), (run, held)
