"""The auto-solver's bowl names its contour rings, by the mark they are drawn with, at the
sizes a player plays at. On crickets (uncentred x) the rings are thin: at step 0 they drew
one long dotted braille line from the ● through the ✚, under a title that named only the
path, so under NO_COLOR it read as the path of (m, b); "rings: equal MSE" was dropped for
lack of room at both 80×24 and 120×40."""

from __future__ import annotations

import re

import pytest

from dartfit.app import make_app
from dartfit.widgets.plot import PlotView
from tests.conftest import SHIPPED
from tests.ui.test_solver_titles import frame_row, titles
from tests.ui.typing import settled, solver_opened


def _plot(text: str) -> str:
    """A chart's rows inside its frame, without the frame and the tick labels."""
    rows = text.splitlines()[frame_row(text) + 1 :]
    inside = [row.split("┤", 1)[-1].split("│", 1)[-1] for row in rows if "└" not in row]
    return "\n".join(row.rsplit("│", 1)[0] for row in inside)


@pytest.mark.parametrize("size", [(80, 24), (120, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("level", "keys", "ticks"),
    [
        ("crickets", (), 0),  # step 0: the rings alone (the path is under the ●)
        ("crickets", ("n",) * 3, 0),
        ("first-line", ("n",) * 6, 0),
        ("first-line", (), 1000),  # converged: the ● in the ✚'s cell, one ⊕ named
        ("first-line", ("right_square_bracket",) * 3 + ("space",), 0),  # log axes
    ],
    ids=["crickets-0", "crickets-3", "first-line-6", "first-line-end", "first-line-blown"],
)
async def test_the_bowl_names_its_rings_by_the_mark_only_they_are_drawn_with(
    tmp_path, size, level, keys, ticks
) -> None:
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=level)
    async with app.run_test(size=size) as pilot:
        await pilot.press("a", "y")
        screen = await solver_opened(pilot)
        await pilot.press(*keys)
        if "space" in keys:
            await settled(pilot, lambda: screen.state.diverged)
        for _ in range(ticks):
            if screen.state.finished:
                break
            screen.tick()
        view = screen.query_one("#solver-bowl", PlotView)
        await settled(pilot, lambda: "┌" in view.text())
        await pilot.pause()
        text = view.text()
        legend = " ".join(titles(text))
        named = re.search(r"(\S) equal MSE", legend)
        assert named, (size, legend)
        assert "● now" in legend or "⊕" in legend, legend  # and descent still named
        mark = named[1]
        assert mark in _plot(text), text  # the mark the legend shows is drawn
        # by the rings, in every cell they ink, and by no other series
        figure = view.figure
        assert figure is not None
        assert any(s.role == "ring" for s in figure.series)
        assert all(s.marker == mark for s in figure.series if s.role == "ring")
        assert all(mark not in s.marker for s in figure.series if s.role != "ring")
