"""The bowl's contour rings depend on the data, not on the last bits of a float."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dartfit.levels import load_levels
from dartfit.pictures.bowl import (
    DEPTH,
    ROUND_WIDEST,
    BowlPicture,
    bowl_bounds,
    draw_bowl,
    ring_index,
)
from dartfit.pictures.common import AXIS_WIDTH
from dartfit.rules import bowl, linear
from tests.conftest import SHIPPED

DESCENT = [lv for lv in load_levels(SHIPPED) if lv.spec.kind == "descent"]


def _picture(level, scaled: bool, nudge: float) -> BowlPicture:  # type: ignore[no-untyped-def]
    x = bowl.xs(level, scaled) * (1 + nudge)
    optimum = bowl.to_bowl(level, scaled, *linear.best_fit(level, "mse"))
    first = bowl.start(level, scaled).path[0]
    return BowlPicture(
        x, level.y * (1 - nudge), optimum, (first[:2],), bowl_bounds(optimum, [first[:2]])
    )


def test_a_value_on_a_band_edge_lands_the_same_whatever_its_last_bit() -> None:
    edges = np.array([3.0, 9.0])
    below, above = np.nextafter(edges, 0), np.nextafter(edges, 10)
    for values in (edges, below, above):
        assert ring_index(np.concatenate([values, [0.0, 1.5]]), 9).tolist() == [3, 8, 0, 1]


def test_a_flat_excess_is_one_ring() -> None:
    assert ring_index(np.zeros((2, 3)), 9).tolist() == [[0, 0, 0], [0, 0, 0]]


@pytest.mark.parametrize("level", DESCENT, ids=[lv.id for lv in DESCENT])
@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("size", [(60, 20), (96, 34)])
def test_the_rings_do_not_move_when_the_data_moves_by_a_few_ulps(
    level, scaled: bool, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    exact = draw_bowl(_picture(level, scaled, 0.0), *size).rows()
    for nudge in (4e-16, -4e-16, 2e-15):
        assert draw_bowl(_picture(level, scaled, nudge), *size).rows() == exact


@pytest.mark.parametrize("size", [(60, 20), (96, 34), (46, 12)])
@pytest.mark.parametrize("level", DESCENT, ids=[lv.id for lv in DESCENT])
def test_a_walk_that_reached_the_bottom_shows_both_you_and_the_cross(level, size) -> None:
    """Every won bowl drew ● over ✚ (both on one cell), and the least MSE vanished from the
    picture the moment it was reached: there, ⊕ stands for both, and the legend says so."""
    optimum = bowl.to_bowl(level, False, *linear.best_fit(level, "mse"))
    first = bowl.start(level, False).path[0][:2]
    for end, reached in ((optimum, True), (first, False)):
        path = (first, end)
        picture = BowlPicture(
            bowl.xs(level, False), level.y, optimum, path, bowl_bounds(optimum, path)
        )
        text = "\n".join(t for t, _ in draw_bowl(picture, *size).rows())
        if reached:  # ⊕ on the chart and in the legend, which names the ✚ it stands on
            assert text.count("⊕") == 2 and "●" not in text, text
            assert "⊕ you, near ✚ (in its cell)" in text and text.count("✚") == 1, text
        else:  # ● and ✚ each on the chart and in the legend
            assert text.count("●") == 2 and text.count("✚") == 2 and "⊕" not in text, text


@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("level", DESCENT, ids=lambda lv: lv.id)
def test_m_and_b_keep_one_number_of_decimals_for_a_whole_walk(level, scaled: bool) -> None:
    """A walk's m and b read alike and hold their width (b read −0.72900 beside m = 1.7290
    once b had passed near 0, and the walk gained a decimal midway): what the HUD plans at
    the start is what every step shows, at the level's rate and at one past the stable
    rate (which diverges: its numbers grow, their decimals do not)."""
    from dartfit.wording import decimals_of

    for rate in (None, 1.5 * bowl.max_stable_rate(level, scaled)):
        state = bowl.start(level, scaled, rate)
        planned = bowl.walk_decimals(level, state)
        for _ in range(bowl.spec(level).max_steps + 1):
            shown = bowl.shown_line(state, state.here.m, state.here.b, planned)
            if not any("e" in text for text in shown):
                assert decimals_of(*shown) == (planned, planned), (state.steps, shown)
            state = bowl.step(level, state)


@pytest.mark.parametrize("size", [(80, 12), (80, 18), (120, 14)])
def test_a_round_bowl_short_and_wide_shows_rings_round_the_cross_not_stripes(size) -> None:
    """Scaling's win at 80×24 drew the round bowl 66 columns by 10 rows: its rings, banded
    out to the far corners, crossed the ✚'s column twice and read as stripes. A round map
    is at most ROUND_WIDEST columns a row wide, so rings pass above and below the ✚."""
    from dartfit.pictures.bowl import ROUND_WIDEST
    from dartfit.pictures.common import AXIS_WIDTH

    level = next(lv for lv in DESCENT if lv.id == "scaling")
    optimum = bowl.to_bowl(level, True, *linear.best_fit(level, "mse"))
    start = bowl.start(level, True).path[0][:2]
    pic = BowlPicture(
        bowl.xs(level, True),
        level.y,
        optimum,
        (start, optimum),
        bowl_bounds(optimum, [start]),
        round=True,
    )
    width, height = size
    rows = draw_bowl(pic, width, height).rows()
    cross_row, cross_col = next(  # the mark on the map, not the legend's sample
        (r, c)
        for r, (text, styles) in enumerate(rows)
        for c, char in enumerate(text)
        if char in "✚⊕" and styles[c + 1] != "legend"
    )
    column = [styles[cross_col] for _, styles in rows[: height - 1]]
    changes = sum(a != b for a, b in itertools.pairwise(column))
    assert changes >= 4, "\n".join(t for t, _ in rows)  # rings above and below the ✚
    mapped = max(i for i, style in enumerate(rows[cross_row][1]) if style.startswith("band"))
    assert mapped < AXIS_WIDTH + ROUND_WIDEST * (height - 1)


def test_a_walk_gone_off_a_round_map_turns_it_to_log_axes_with_you_on_it() -> None:
    """A walk gone off a map narrowed to about square had its arrow placed by the chart's
    width (a ▲ at column 58 beside a map ending at 36), then an arrow on the map's edge: now
    the map turns to log axes of the distance from ✚ (Δm, Δb), the ● on it, no arrow."""

    level = next(lv for lv in DESCENT if lv.id == "scaling")
    optimum = bowl.to_bowl(level, True, *linear.best_fit(level, "mse"))
    start = bowl.start(level, True).path[0][:2]
    bounds = bowl_bounds(optimum, [start])
    far = (optimum[0] + 40 * (bounds[1] - bounds[0]), optimum[1])  # gone off to the right
    pic = BowlPicture(
        bowl.xs(level, True), level.y, optimum, (start, optimum, far), bounds, round=True
    )
    rows = [text for text, _ in draw_bowl(pic, 66, 11).rows()]
    shown = "\n".join(rows)
    assert "●" in shown and not set("▶◀▲▼") & set(shown), shown
    assert "Δm" in rows[-1] and "Δb" in shown, shown


@pytest.mark.parametrize("size", [(60, 20), (96, 34), (50, 23), (57, 29)])
@pytest.mark.parametrize("level", DESCENT, ids=lambda lv: lv.id)
def test_the_bottom_is_drawn_on_the_row_its_labels_say(level, size) -> None:
    """The fit chart's points and labels had been rounded apart (a player's check), and the
    bowl's marks were drawn so too: the ✚ at the least MSE is within half a row of where
    the b axis's labels put its b (the bowl at 50×23 drew it a row off: 11 for 10.02)."""
    picture = _picture(level, False, 0.0)
    rows = [t for t, _ in draw_bowl(picture, *size).rows()]
    labelled = []
    for r, line in enumerate(rows):
        head = line[:6].strip().rstrip("┤").replace("−", "-").replace(",", "")
        if line[6:7] == "┤" and head:
            labelled.append((r, float(head)))
    (r0, b0), (r1, b1) = labelled[0], labelled[-1]
    said = r0 + (picture.optimum[1] - b0) * (r1 - r0) / (b1 - b0)
    marked = [r for r, line in enumerate(rows) if "✚" in line[6:] and "least MSE" not in line]
    drawn = marked[0] if marked else None  # (not the legend's sample)
    assert drawn is not None and abs(drawn - said) <= 0.5 + 1e-9, (drawn, said)


@pytest.mark.parametrize("level", DESCENT, ids=[lv.id for lv in DESCENT])
def test_a_walk_gone_off_the_map_is_a_dot_on_log_axes(level) -> None:
    """too-hot at 80×24: after four steps at η = 0.5 you were a bare ◀ at the map's edge,
    which the legend named nowhere (a student's check), then an arrow the legend named, the
    zig-zag out of sight: now the map turns to log axes (the legend says so) with ● on it."""
    optimum = bowl.to_bowl(level, False, *linear.best_fit(level, "mse"))
    first = bowl.start(level, False).path[0][:2]
    far = (first[0] - 1e6, first[1])
    picture = BowlPicture(
        bowl.xs(level, False), level.y, optimum, (first, far), bowl_bounds(optimum, (first,))
    )
    text = "\n".join(t for t, _ in draw_bowl(picture, 60, 20).rows())
    assert text.count("●") == 2 and "● you" in text and "log axes" in text, text
    assert not set("▶◀▲▼") & set(text), text


@pytest.mark.parametrize("strip", [13, 16, 19, 30])
def test_a_round_maps_legend_fills_the_strip_beside_it_wrapped_to_fit(strip: int) -> None:
    """A round map is no wider than about square: a wide chart keeps a strip right of it,
    which stayed empty while the legend covered the map's corner whenever its rows were
    wider than the strip (scaling at 200×50: 20 columns to spare, 21 wanted; an
    independent check). The legend goes there, its entries wrapped to the strip's width."""
    level = next(lv for lv in DESCENT if lv.id == "scaling")
    optimum = bowl.to_bowl(level, True, *linear.best_fit(level, "mse"))
    first = bowl.start(level, True).path[0][:2]
    path = (first, first)
    bounds = bowl_bounds(optimum, path)
    picture = BowlPicture(bowl.xs(level, True), level.y, optimum, path, bounds, round=True)
    height = 20
    right = AXIS_WIDTH + ROUND_WIDEST * (height - 1)  # where the map ends
    rows = draw_bowl(picture, right + strip, height).rows()
    legend = {c for _, names in rows for c, name in enumerate(names) if "legend" in name}
    assert legend and min(legend) > right, (strip, sorted(legend))  # beside, not over it
    text = "\n".join(t[right:] for t, _ in rows)
    assert all(word in text for word in ("least", "MSE", "you,", "your", "path")), text


ARROWS = "◀▶▲▼"
WAYS = [(dm, db) for dm in (-1, 0, 1) for db in (-1, 0, 1) if (dm, db) != (0, 0)]


@pytest.mark.parametrize("size", [(54, 16), (87, 32), (156, 43)])  # at 80×24, 120×40, 200×50
@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("level", DESCENT, ids=lambda lv: lv.id)
def test_a_walk_gone_off_the_map_any_way_shows_you_clear_of_the_legend(
    level, scaled: bool, size: tuple[int, int]
) -> None:
    """Step by hand at 120×40 after one uphill step: "▲ you, off the map that way" in the
    legend, and no ▲ on the map. The legend had kept clear of where the walk went (above
    the map) and drawn over its arrow on the top row. Off the map every way, corners too,
    with the lows (◆) marked or not, the arrow shows on the map, and the legend names it."""
    optimum = bowl.to_bowl(level, scaled, *linear.best_fit(level, "mse"))
    first = bowl.start(level, scaled).path[0][:2]
    bounds = bowl_bounds(optimum, [first])
    span_m, span_b = bounds[1] - bounds[0], bounds[3] - bounds[2]
    for (dm, db), lows in itertools.product(WAYS, [(), (optimum, first)]):
        for far in (0.7, 3.0, 50.0):  # just off the map (a player's step), and far off
            gone = (optimum[0] + dm * far * span_m, optimum[1] + db * far * span_b)
            picture = BowlPicture(
                bowl.xs(level, scaled), level.y, optimum, (first, gone), bounds, scaled, lows=lows
            )
            rows = draw_bowl(picture, *size).rows()
            text = "\n".join(t for t, _ in rows)
            marked = [
                (text_row[c], "legend" in styles[c])
                for text_row, styles in rows
                for c in range(len(text_row))
                if text_row[c] in ARROWS + "●"
            ]
            on_map = [mark for mark, in_legend in marked if not in_legend]
            named = [mark for mark, in_legend in marked if in_legend]
            assert len(on_map) == 1 and on_map == named, ((dm, db), far, lows, text)
            assert on_map[0] == "●", text


BOWL_SIZES = [(54, 16), (87, 33), (124, 43)]
"""The bowl's canvas at 80×24, 120×40 and 200×50."""


@pytest.mark.parametrize("size", BOWL_SIZES)
@pytest.mark.parametrize("scaled", [False, True])
@pytest.mark.parametrize("level", DESCENT, ids=[lv.id for lv in DESCENT])
def test_the_legend_shows_every_bands_character_and_no_band_touches_its_box(
    level, scaled: bool, size: tuple[int, int]
) -> None:  # type: ignore[no-untyped-def]
    """The legend's sample ▓▒░ left out the outer bands' ·, and at 80×24 a band's · stood
    against the box's edge ("│· ✚ least MSE"), read as part of the legend where no colour
    sets the box apart."""
    rows = draw_bowl(_picture(level, scaled, 0.0), *size).rows()
    box = {
        (c, r)
        for r, (_, styles) in enumerate(rows)
        for c, style in enumerate(styles)
        if "legend" in style
    }
    assert box, "\n".join(text for text, _ in rows)
    assert any(DEPTH in text for text, _ in rows), "\n".join(text for text, _ in rows)
    touching = [
        (c + dc, r + dr, rows[r + dr][0][c + dc])
        for c, r in box
        for dc, dr in itertools.product((-1, 0, 1), repeat=2)
        if (c + dc, r + dr) not in box
        and 0 <= r + dr < len(rows)
        and 0 <= c + dc < len(rows[r + dr][0])
        and rows[r + dr][1][c + dc].startswith("band-")
        and rows[r + dr][0][c + dc] != " "
    ]
    assert not touching, "\n".join(text for text, _ in rows)
