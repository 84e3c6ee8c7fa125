"""The auto-solver's chart titles: apart from the next chart's, and the frames of the charts
in one row of the layout on one screen row (a title wrapped to two rows set its chart a row
lower than the others; at 100×30 "… · × best MSE by step · …" read on from one title into
the next)."""

from __future__ import annotations

import re

import pytest

from dartfit.app import make_app
from dartfit.levels import find_level, load_levels
from dartfit.pictures.solver import SolverCharts
from dartfit.rules import linear, solver
from dartfit.screens.solver import SolverScreen
from dartfit.widgets.plot import PlotView, aligned, build
from tests.conftest import SHIPPED
from tests.ui.typing import settled

LEVELS = load_levels(SHIPPED)
CHARTS = ("#solver-fit", "#solver-bowl", "#solver-loss")


def plain(rows: list[str]) -> str:
    """Rows plotext drew, without their colour codes, as one text."""
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(rows))


def frame_row(text: str) -> int:
    """The row of a chart's top edge."""
    return next(i for i, row in enumerate(text.splitlines()) if "┌" in row)


def titles(text: str) -> list[str]:
    """A chart's title rows, above its frame."""
    return text.splitlines()[: frame_row(text)]


@pytest.mark.parametrize("width", range(24, 64))
def test_a_title_keeps_a_column_clear_at_either_end_beside_another_chart(width) -> None:
    """A chart beside another: a title that filled its width ran into the next one's."""
    level = find_level(LEVELS, "first-line")
    first = solver.start(level.x, level.y, *linear.start_line(level))
    charts = SolverCharts.of(level.x, level.y, first)
    for state in (first, solver.advance(solver.with_rate(first, 4.0), 7)):
        figures = [charts.fit(state), charts.bowl(state, width), charts.loss(state, width, False)]
        for figure in aligned([(f, (width, 20)) for f in figures]):
            for row in titles(plain(build(figure, width, 20))):
                assert row[:1] == " " and row[-1:] == " ", (width, row)


def test_charts_side_by_side_are_given_the_same_title_rows() -> None:
    """At 100×30 the fit's title took two rows ("the fit: points," / "line below every
    point") and the bowl's one: the fit's frame started a row lower."""
    level = find_level(LEVELS, "first-line")
    first = solver.start(level.x, level.y, 0.0, -50.0)  # the line below every point
    charts = SolverCharts.of(level.x, level.y, first)
    sizes = [(33, 22), (33, 22), (34, 22)]
    figures = [charts.fit(first), charts.bowl(first, 33), charts.loss(first, 34, False)]
    assert "below every point" in figures[0].title
    drawn = [plain(build(f, *s)) for f, s in zip(figures, sizes, strict=True)]
    assert len({frame_row(t) for t in drawn}) > 1  # as they were: the frames apart
    lined = aligned(list(zip(figures, sizes, strict=True)))
    drawn = [plain(build(f, *s)) for f, s in zip(lined, sizes, strict=True)]
    assert len({frame_row(t) for t in drawn}) == 1, drawn


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
@pytest.mark.parametrize("start", [None, (0.0, -50.0)])
async def test_the_charts_in_a_row_start_their_frames_on_one_row(tmp_path, size, start) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="first-line")
    async with app.run_test(size=size) as pilot:
        level = find_level(LEVELS, "first-line")
        await pilot.app.push_screen(SolverScreen(level, start))
        screen = pilot.app.screen
        views = [screen.query_one(c, PlotView) for c in CHARTS]
        await settled(pilot, lambda: all(v.text().strip() for v in views))

        def one_row() -> bool:
            texts = [v.text() for v in views]
            row = texts if screen.has_class("-short") else texts[:2]
            return len({frame_row(t) for t in row}) == 1

        for keys in ((), ("right_square_bracket",) * 2, ("n",) * 7):
            await pilot.press(*keys)
            # the charts are drawn again once laid out at their new sizes (the status takes
            # rows as the rate passes the stable one): the frames line up then
            await settled(pilot, one_row)
            texts = [v.text() for v in views]
            for text in texts:
                for line in titles(text):
                    assert line[:1] == " " and line[-1:] == " ", line
