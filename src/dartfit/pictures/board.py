"""The dart board: rings (round on screen), the crosshair and numbered darts."""

from __future__ import annotations

import math
from dataclasses import dataclass

from dartfit.pictures.common import MINUS
from dartfit.pictures.raster import Raster
from dartfit.wording import num


@dataclass(frozen=True)
class BoardPicture:
    """The dart board: its radius, the crosshair, the darts thrown, and how many axes."""

    radius: float
    aim: tuple[float, float]
    darts: tuple[tuple[float, float], ...]
    axes: int = 2
    wind: tuple[float, float] = (0.0, 0.0)


RING_CHARS = (" ", "░")  # every other ring shaded, so the rings show without colour too


def draw_board(pic: BoardPicture, width: int, height: int) -> Raster:
    """Draw rings (round on screen), a ruler of their distances, the crosshair and numbered darts;
    a cell hit by several darts shows how many, in its own style."""
    raster = Raster(width, height)
    if width < 5 or height < 4:
        return raster
    ruler = height - 1  # the bottom row holds the scale
    height -= 1
    half_rows = (height - 1) / 2
    half_cols = min((width - 1) / 2, 2 * half_rows)
    cx, cy = (width - 1) / 2, half_rows
    unit_rows = half_rows / pic.radius
    unit_cols = 2 * unit_rows if half_cols >= 2 * half_rows else half_cols / pic.radius
    ring_width = pic.radius / 5
    for row in range(height):
        dy = (row - cy) / unit_rows
        for col in range(width):
            dx = (col - cx) / unit_cols
            ring = int(math.hypot(dx, dy) / ring_width)
            if ring < 5:
                raster.put(col, row, RING_CHARS[ring % 2], f"ring-{ring % 2}")
    if pic.axes == 1:
        for col in range(width):
            if raster.styles[round(cy)][col].startswith("ring"):
                raster.put(col, round(cy), "─", raster.styles[round(cy)][col] + "-axis")
    _scale(raster, pic, cx, ruler, unit_cols)
    raster.put(round(cx), round(cy), "◎", "bull")

    def cell(x: float, y: float) -> tuple[int, int]:
        return round(cx + x * unit_cols), round(cy - y * unit_rows)

    hits: dict[tuple[int, int], list[int]] = {}
    for n, (x, y) in enumerate(pic.darts, start=1):
        col, row = cell(x, y)
        hits.setdefault((min(max(col, 0), width - 1), min(max(row, 0), height - 1)), []).append(n)
    for (col, row), ns in hits.items():
        if len(ns) == 1:
            raster.put(col, row, str(ns[0] % 10), "dart")
        else:  # several darts in one cell: how many, so none hides another
            raster.put(col, row, str(len(ns)) if len(ns) < 10 else "+", "dart-stack")
    col, row = cell(*pic.aim)
    for dc, dr, char in ((-1, 0, "─"), (1, 0, "─"), (0, -1, "│"), (0, 1, "│")):
        if raster.inside(col + dc, row + dr) and raster.styles[row + dr][col + dc] not in DARTS:
            raster.put(col + dc, row + dr, char, "aim")
    if raster.inside(col, row) and raster.styles[row][col] not in ("dart", "dart-stack"):
        raster.put(col, row, "┼", "aim")
    return raster


DARTS = ("dart", "dart-stack", "bull")


def _scale(raster: Raster, pic: BoardPicture, cx: float, row: int, unit_cols: float) -> None:
    """A ruler on the bottom row, from the bull's column outwards: each ring's outer edge
    and its distance from the bull (labels that would touch are left out)."""
    start, edge = round(cx), round(cx + pic.radius * unit_cols)
    raster.text(start, row, "0" + "─" * max(edge - start, 0), "axis")
    taken = start
    for k in range(1, 6):
        value = pic.radius * k / 5
        text = num(value, 3).replace("-", MINUS)
        col = round(cx + value * unit_cols)
        if col - len(text) + 1 > taken + 1 and col < raster.width:
            raster.text(col - len(text) + 1, row, text, "axis")
            taken = col
