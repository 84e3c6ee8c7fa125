"""The bowl reads as a bowl: its filled bands are densest at the least MSE and thinner ring by
ring out (▓ ▒ ░ : ·), and its legend says so without naming a colour. Two fills
alternating from ring to ring (an independent check of issue 10) said where the rings
were, but not which way was down."""

from __future__ import annotations

import pytest

from dartfit.levels import load_levels
from dartfit.pictures import bowl as bowl_picture
from dartfit.pictures.bowl import DEPTH, BowlPicture, bowl_bounds, draw_bowl
from dartfit.pictures.raster import Row
from dartfit.rules import bowl, linear
from tests.conftest import SHIPPED

DESCENT = [lv for lv in load_levels(SHIPPED) if lv.spec.kind == "descent"]
SIZES = [(60, 20), (96, 34), (180, 44)]


def rows_of(level_id: str, size: tuple[int, int], scaled: bool = False) -> list[Row]:
    level = next(lv for lv in DESCENT if lv.id == level_id)
    optimum = bowl.to_bowl(level, scaled, *linear.best_fit(level, "mse"))
    walk = bowl.advance(level, bowl.start(level, scaled), 3)
    path = tuple(p[:2] for p in walk.path)
    pic = BowlPicture(
        bowl.xs(level, scaled), level.y, optimum, path, bowl_bounds(optimum, path), round=scaled
    )
    return draw_bowl(pic, *size).rows()


def depths_out(rows: list[Row], step: tuple[int, int]) -> list[int]:
    """The density rank (0: densest) of each filled cell met from ✚ (or ⊕) out in `step`."""
    row, col = [
        (r, c)
        for r, (text, styles) in enumerate(rows)
        for c, char in enumerate(text)
        if char in "✚⊕" and "band" in styles[c - 1] + styles[c + 1]  # on the map, not in
    ][-1]  # the legend in its corner
    found = []
    while 0 <= row < len(rows) and 0 <= col < len(rows[row][0]):
        char, style = rows[row][0][col], rows[row][1][col]
        if char in DEPTH and style.startswith("band"):
            found.append(DEPTH.index(char))
        col, row = col + step[0], row + step[1]
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("level", DESCENT, ids=[lv.id for lv in DESCENT])
def test_the_bands_thin_out_from_the_least_mse_every_way(level, size) -> None:  # type: ignore[no-untyped-def]
    rows = rows_of(level.id, size, scaled=level.id == "scaling")
    seen = set()
    for step in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        ranks = depths_out(rows, step)
        assert ranks == sorted(ranks), (step, ranks)  # never denser further out
        seen.update(ranks)
    assert {0, 1, 2} <= seen  # the densest three bands at least, round the bottom


def test_the_legend_says_denser_is_lower_without_naming_a_colour() -> None:
    text = "\n".join(t for t, _ in rows_of("bowl", (96, 34)))
    assert "▓▒░· denser: lower MSE" in text  # every band's character
    for colour in ("blue", "dark", "light", "grey", "white"):
        assert colour not in text


@pytest.mark.parametrize("level", DESCENT, ids=[lv.id for lv in DESCENT])
def test_the_path_shows_across_every_band(level, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The walk's dots are drawn over the deepest bands' ▓ and ▒ as over blank ones (they
    hid the path's last steps into the bowl, between its dots and ●)."""

    def braille(rows: list[Row]) -> set[tuple[int, int]]:
        return {
            (c, r)
            for r, (text, _) in enumerate(rows)
            for c, char in enumerate(text)
            if "\u2800" <= char <= "\u28ff"
        }

    shaded = braille(rows_of(level.id, (96, 34), scaled=level.id == "scaling"))
    monkeypatch.setattr(bowl_picture, "band_char", lambda ring: " ")
    assert shaded == braille(rows_of(level.id, (96, 34), scaled=level.id == "scaling"))
