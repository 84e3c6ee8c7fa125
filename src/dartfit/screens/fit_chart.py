"""The line screen's chart: the picture it draws of the line and the data, and where a
drag on it takes a grabbed point or the line.

Plain functions. A drag's take the state the drag began in and the mouse's cell, and return
the state the whole drag makes (one move, however far the mouse went).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from dartfit.levels import Level
from dartfit.pictures.fit import (
    Density,
    FitPicture,
    Placed,
    draw_fit_keyed,
    key_rows,
    world_at,
)
from dartfit.pictures.raster import Raster
from dartfit.rules import fit, linear
from dartfit.rules.fit import FitState
from dartfit.rules.linear import Steps
from dartfit.screens.fit_hud import on_the_line
from dartfit.widgets.canvas import Drawing
from dartfit.widgets.key_strip import KeyStrip


def chart_picture(
    level: Level,
    state: FitState,
    bounds: tuple[float, float, float, float],
    *,
    best: Mapping[str, tuple[float, float] | None],
    squares: bool,
    density: Density | None,
    placed: Placed,
    names: tuple[str, str] | None,
    selected: int | None,
    steps: Steps | None = None,
    key_below: bool = False,
) -> FitPicture:
    """The chart of the data played on and the player's line, with the best lines drawn
    (`best`: those seen, none before; one still being searched for is left out) and the
    level's reference line; `names`: what x and y are, `selected`: the picked point;
    `steps`: the keys' (the level's own by default), for the lines the player's is on;
    `key_below`: its legend in a strip under the chart (`keyed_drawing`), not on the plot."""
    shown = [
        (name if name.endswith((" line", ")")) else f"{name} line", line)
        for name, line in best.items()
        if line is not None
    ]
    model = level.spec.model
    if model.reference is not None:  # drawn the whole time, after any best line
        shown.append((model.reference_name or "reference line", model.reference))
    steps = steps or linear.steps(level)
    on_yours = (k for k, (_, line) in enumerate(shown) if on_the_line(level, state, steps, *line))
    return FitPicture(
        level.x,
        level.y,
        state.m,
        state.b,
        bounds,
        squares=squares,
        ghosts=tuple(line for _, line in shown),
        density=density,
        placed=placed,
        ghost_names=tuple(name for name, _ in shown),
        mae=level.spec.target.metric == "mae",
        names=names,
        reference=model.reference is not None,
        selected=selected,
        on_yours=frozenset(on_yours),
        key_below=key_below,
    )


def keyed_drawing(picture: FitPicture, key: KeyStrip) -> Drawing:
    """The chart's drawing, which names what each frame shows in the strip `key` under it
    as it draws it (`draw_fit_keyed`)."""

    def drawing(width: int, height: int) -> Raster:
        raster, entries = draw_fit_keyed(picture, width, height)
        key.show_key(entries, partial(key_rows, picture))
        return raster

    return drawing


def dragged_to(
    home: Level,
    start: FitState,
    k: int,
    picture: FitPicture,
    size: tuple[int, int],
    bounds: tuple[float, float, float, float],
    grabbed: int,
    col: int,
    row: int,
) -> tuple[float, float]:
    """Where the mouse's cell sends the grabbed point, (y, x): anywhere on the chart (kept
    inside `bounds`), to the mouse's height, and across by as many columns as the mouse has
    gone from where it grabbed (`grabbed`: a drag straight up keeps its x)."""
    w, h = size
    x, y = world_at(picture, w, h, col, row)
    x = float(fit.data_of(home, start).x[k]) + x - world_at(picture, w, h, grabbed, row)[0]
    x_lo, x_hi, y_lo, y_hi = bounds
    return min(max(y, y_lo), y_hi), min(max(x, x_lo), x_hi)


def point_dragged(home: Level, start: FitState, k: int, y: float, x: float) -> FitState:
    """The grabbed point at (x, y) (`dragged_to`). The data, its target and best line
    follow it; the line stays. The whole drag is one move: back where it began, `start`."""
    moved = fit.drag_point(home, start, k, y, x)
    was = fit.data_of(home, start)
    same = moved.data is not None and (moved.data.x[k], moved.data.y[k]) == (
        was.x[k],
        was.y[k],
    )
    return start if same else moved  # back where it began: no move


def line_dragged(
    level: Level,
    start: FitState,
    grip: str,
    at: tuple[float, float],
    grabbed: FitPicture,
    size: tuple[int, int],
    col: int,
    row: int,
) -> FitState:
    """The grabbed line follows the mouse up and down: shifted by the middle, turned by
    an end (`grip`; the point grabbed, `at`, goes where the mouse is). The whole drag is one
    move, read in the view it began in (`grabbed`: a view grown on the way would run away
    with the mouse); back where it began, `start`."""
    w, h = size
    (x0, y0), (_, y) = at, world_at(grabbed, w, h, col, row)
    moved = (
        fit.shift(level, start, y - y0)
        if grip == "middle"
        else fit.turn(level, start, x0, start.m * x0 + start.b + y - y0)
    )
    same = (moved.tilt, moved.lift) == (start.tilt, start.lift)
    return start if same else moved  # back where it began: no move
