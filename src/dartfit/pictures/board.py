"""The dart board: rings (round on screen), the crosshair and numbered darts."""

from __future__ import annotations

import math
from dataclasses import dataclass

from dartfit.pictures.raster import Raster


@dataclass(frozen=True)
class BoardPicture:
    """The dart board: its radius, the crosshair, the darts thrown, and how many axes."""

    radius: float
    aim: tuple[float, float]
    darts: tuple[tuple[float, float], ...]
    axes: int = 2
    wind: tuple[float, float] = (0.0, 0.0)


def draw_board(pic: BoardPicture, width: int, height: int) -> Raster:
    """Draw rings (round on screen), the crosshair and numbered darts."""
    raster = Raster(width, height)
    if width < 5 or height < 3:
        return raster
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
                raster.put(col, row, " ", f"ring-{ring % 2}")
    if pic.axes == 1:
        for col in range(width):
            if raster.styles[round(cy)][col].startswith("ring"):
                raster.put(col, round(cy), "─", raster.styles[round(cy)][col] + "-axis")
    raster.put(round(cx), round(cy), "◎", "bull")

    def cell(x: float, y: float) -> tuple[int, int]:
        return round(cx + x * unit_cols), round(cy - y * unit_rows)

    for n, (x, y) in enumerate(pic.darts, start=1):
        col, row = cell(x, y)
        col, row = min(max(col, 0), width - 1), min(max(row, 0), height - 1)
        raster.put(col, row, str(n % 10), "dart")
    col, row = cell(*pic.aim)
    for dc, dr, char in ((-1, 0, "─"), (1, 0, "─"), (0, -1, "│"), (0, 1, "│")):
        if raster.inside(col + dc, row + dr) and raster.styles[row + dr][col + dc] not in (
            "dart",
            "bull",
        ):
            raster.put(col + dc, row + dr, char, "aim")
    if raster.inside(col, row) and raster.styles[row][col] != "dart":
        raster.put(col, row, "┼", "aim")
    return raster
