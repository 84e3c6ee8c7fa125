"""A chart of points never hides one under its legend: short beside a win panel, the
legend goes to rows of its own over the plot, lets its captions go, or goes."""

from __future__ import annotations

import pytest

from dartfit.levels import find_level, load_levels
from dartfit.pictures.common import AXIS_WIDTH
from dartfit.pictures.fit import SHORT_PLOT, FitPicture, _draw_fit, draw_fit, level_bounds
from dartfit.rules import linear
from tests.conftest import SHIPPED

LIKELY = find_level(load_levels(SHIPPED), "likely-line")


def _won(m_off: float = 0.0) -> FitPicture:
    """likely-line's chart as won: the player's line a little off the best MSE line
    (`m_off` steeper), both drawn, the misses dotted."""
    m, b = linear.best_fit(LIKELY)
    return FitPicture(
        LIKELY.x,
        LIKELY.y,
        round(m, 2) + m_off,
        round(b, 1),
        level_bounds(LIKELY),
        residuals=True,
        ghosts=((m, b),),
        ghost_names=("best MSE line",),
    )


@pytest.mark.parametrize("m_off", [0.0, 0.6], ids=["on-best", "steeper"])
@pytest.mark.parametrize("height", range(6, 16))
def test_the_legend_hides_no_point(height: int, m_off: float) -> None:
    """Beside the bell at 80×24 on a win, likely-line's chart had 7 rows and its legend
    ("your line", "best MSE line", "▲ your line runs on past the edge") covered 5 of its 14
    points: every point cell of the chart drawn without a legend, under any rows the legend
    takes over the plot, shows where the legend is drawn. Only a chart with no rows to give
    a legend over its plot (SHORT_PLOT // 2 rows left to plot) and lines to name hides the
    fewest it can under it (one such went without a legend, its two lines unnamed)."""
    pic, width = _won(m_off), 40
    drawn = draw_fit(pic, width, height).rows()
    top = next(r for r, (text, _) in enumerate(drawn) if text[AXIS_WIDTH - 1] in "│┤")
    bare = _draw_fit(pic, width, height - top, keyed=False).rows()
    points = [
        (r, c)
        for r, (text, styles) in enumerate(bare)
        for c, (char, style) in enumerate(zip(text, styles, strict=True))
        if style.startswith("point") or char in "●◉◍"  # (on a square: its style)
    ]
    assert points
    hidden = [(r, c) for r, c in points if drawn[top + r][1][c] != bare[r][1][c]]
    text = "\n".join(text for text, _ in drawn)
    if height - 1 - SHORT_PLOT // 2 >= 1:
        assert hidden == [], text
    else:
        assert len(hidden) < len(points), text
        assert "your" in text and "best MSE line" in text, text  # ("yours, on best MSE line")


@pytest.mark.parametrize("level_id", ["likely-line", "galton"])
@pytest.mark.parametrize("size", [(80, 24), (46, 16), (60, 10), (120, 40)])
def test_a_frame_works_out_how_its_legend_names_the_lines_once_a_view(
    level_id: str, size: tuple[int, int]
) -> None:
    """A frame worked out how its legend names the lines (`_naming`) twice for the one plot,
    to draw the reference lines and to write the legend, and three times on a shaded chart
    (its legend tried over the plot first): once a view now, each frame."""
    from collections import Counter
    from unittest import mock

    from dartfit.pictures import fit as drawing
    from dartfit.pictures.fit import Density, Placed
    from dartfit.rules import fit
    from dartfit.screens.fit_chart import chart_picture

    level = fit.playable(find_level(load_levels(SHIPPED), level_id))
    m, b = linear.best_fit(level, "mse")
    density = Density(level.x, level.y) if fit.shaded(level) else None
    for off in (0.0, 0.5):  # the player's line on the best line, and off it
        state = fit.place(level, fit.start(level), m + off, b)
        pic = chart_picture(
            level,
            state,
            level_bounds(level),
            best={"best MSE": (m, b)},
            squares=True,
            density=density,
            placed=Placed(level.x, level.y),
            names=None,
            selected=None,
        )
        with mock.patch.object(drawing, "_lines_hidden", wraps=drawing._lines_hidden) as found:
            draw_fit(pic, *size)
        views = Counter(call.args[1] for call in found.call_args_list)
        assert views and max(views.values()) == 1, (off, views)
