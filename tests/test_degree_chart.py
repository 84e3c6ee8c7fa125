"""The degree chart (level 23): fits kept inside the frame, a legend nothing draws over that
tells the series apart by their glyphs, a labelled x axis and round ticks."""

from __future__ import annotations

import itertools
import re

import pytest

from dartfit.levels import find_level, load_levels
from dartfit.pictures.curves import CurvesPicture, curves_figure, u_figure
from dartfit.pictures.ticks import FEWEST_TICKS
from dartfit.rules import degree
from dartfit.widgets.plot import Figure, build
from tests.conftest import SHIPPED, made_predictions
from tests.ui.typing import panel_shown, settled

LEVEL = find_level(load_levels(SHIPPED), "degree")
SWEEP = degree.sweep(LEVEL)
COLOURS = re.compile(r"\b(green|red|yellow|blue|white|orange|purple|grey|gray)\b", re.I)


def _plain(figure, width: int, height: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in build(figure, width, height)]


def figure(deg: int) -> Figure:
    bv = SWEEP[deg]
    return curves_figure(CurvesPicture(bv.x_test, bv.fits, bv.mean_fit, bv.truth))


def chart(deg: int, width: int, height: int) -> list[str]:
    return [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in build(figure(deg), width, height)]


@pytest.mark.parametrize("size", [(48, 19), (88, 33), (168, 43)])
@pytest.mark.parametrize("deg", [0, 3, 8])
def test_the_fits_stay_inside_the_frame_under_a_legend_nothing_covers(deg, size) -> None:
    rows = chart(deg, *size)
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    bottom = next(i for i, row in enumerate(rows) if "└" in row)
    left, right = rows[top].index("┌"), rows[top].index("┐")
    assert "fits · ▀▀ their mean · •• the truth" in rows[top - 1]
    for i, row in enumerate(rows):
        outside = row[:left] + row[right + 1 :] if top < i < bottom else row
        assert not re.search("[\u2800-\u28ff▀▄▌▐•]", outside.replace(rows[top - 1], "")), i
    assert rows[-1].strip() == "x"  # the x axis is labelled
    y_ticks = [row[:left] for row in rows[top:bottom] if row[left] == "┤"]
    x_ticks = rows[bottom + 1].split()
    assert len(y_ticks) >= FEWEST_TICKS and len(x_ticks) >= FEWEST_TICKS


def test_the_legend_tells_the_series_apart_by_shape_not_colour() -> None:
    bv = SWEEP[1]
    figure = curves_figure(CurvesPicture(bv.x_test, bv.fits, bv.mean_fit, bv.truth))
    assert not COLOURS.search(figure.title)
    markers = {s.role: s.marker for s in figure.series}
    assert len(set(markers.values())) == 3  # fits, mean and truth drawn with other glyphs


async def test_a_degree_seen_before_is_shown_again_without_drawing_it_again(tmp_path) -> None:
    from dartfit.app import make_app
    from dartfit.widgets.plot import PlotView

    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="degree")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("right", "right")
        chart = app.screen.query_one("#curves", PlotView)
        builds, shown = chart.builds, chart.text()
        await pilot.press("left", "left", "right", "right")
        assert chart.builds == builds and chart.text() == shown


async def test_the_degrees_either_side_are_drawn_ahead_off_the_loop(tmp_path) -> None:
    """A change of degree built its 30 fits with plotext on the game's loop (held 60-100 ms
    a key): the degrees either side of the one shown are drawn ahead in a thread, so a
    change to either costs no build on the loop, and shows what a build of it shows."""
    from dartfit.app import make_app
    from dartfit.widgets.plot import PlotView

    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="degree")
    async with app.run_test(size=(120, 40)) as pilot:
        curves = app.screen.query_one("#curves", PlotView)
        for key in ("right", "right", "left", "right", "right", "right"):
            deg = app.screen.state.degree
            near = [figure(d) for d in (deg - 1, deg + 1) if 0 <= d < len(SWEEP)]
            await settled(pilot, lambda n=near: all(map(curves.is_drawn, n)))  # drawn ahead
            builds = curves.builds
            await pilot.press(key)
            deg = app.screen.state.degree
            assert curves.builds == builds, (key, deg)  # drawn ahead, not on the loop
            shown = [row.rstrip() for row in curves.text().splitlines()]
            assert shown == [row.rstrip() for row in chart(deg, *curves.size)], (key, deg)


def test_the_u_shows_train_mse_falling_and_test_mse_turning_back_up() -> None:
    """Issue 13: train MSE falls with the degree while test MSE turns back up, both drawn."""
    import numpy as np

    figure = u_figure(SWEEP, 3)
    test, train, here = figure.series
    assert figure.ylog and "train" in figure.title and "test" in figure.title
    assert np.all(np.diff(train.ys) <= 1e-9)  # never rises with more degree
    lowest = int(np.argmin(test.ys))
    assert 0 < lowest < len(test.ys) - 1  # the bottom of the U is inside
    assert test.ys[-1] > test.ys[lowest] and test.ys[0] > test.ys[lowest]
    assert lowest == degree.best(LEVEL)
    assert here.xs == (3.0,) and here.ys == (test.ys[3],)
    expected = [np.log10(bv.expected_test_mse) for bv in SWEEP]
    assert test.ys == pytest.approx(expected)


@pytest.mark.parametrize(("size", "rows"), [((80, 24), 9), ((120, 40), 16)])
async def test_the_u_is_drawn_at_every_size(tmp_path, size, rows) -> None:
    """The U of test MSE by degree is what the level is about: at 80x24 it was left out
    for the fits; it is drawn smaller there, with the fits and the numbers beside them.
    Taller, it takes the rows the numbers leave (12 at 120×40 had a dozen spare below
    them, and its minimum lay flat on one row)."""
    from dartfit.app import make_app
    from dartfit.widgets.plot import PlotView

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="degree", all_open=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        u = app.screen.query_one("#u-curve", PlotView)
        fits = app.screen.query_one("#curves", PlotView)
        assert u.display and u.region.height >= rows and fits.region.height >= rows
        bars = app.screen.query_one("#bars")
        assert bars.region.bottom >= app.screen.query_one("#degree-side").region.bottom - 1


@pytest.mark.parametrize("size", [(33, 9), (39, 12), (46, 13)])
def test_the_u_has_its_legend_on_one_row_and_four_labels_on_its_log_axis(size) -> None:
    """At 80x24 the U is 33 x 9, above the numbers (46 x 13 beside them on a win): its
    legend took two rows ('… · ● this degree' wrapped), leaving three for the plot and its
    log axis three labels (10, 1, 0.1). What it plots is said under the degrees."""
    rows = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in build(u_figure(SWEEP, 3), *size)]
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    bottom = next(i for i, row in enumerate(rows) if "└" in row)
    assert top == 1 and "● degree 3" in rows[0]
    assert "MSE on a log scale" in rows[-1]
    left = rows[top].index("┌")
    labels = [row[:left].strip() for row in rows[top:bottom] if row[left] == "┤"]
    assert len(labels) >= FEWEST_TICKS, labels


@pytest.mark.parametrize("size", [(46, 9), (60, 10)])
def test_the_u_bottoms_out_at_the_degree_with_the_lowest_test_mse(size) -> None:
    """At 80×24 the test MSEs were one • a cell: degrees 3, 4 and 5 sat on one row, and
    0, 1, 2, 6 and 7 on another. Drawn in braille (four dots a row), the degrees' test MSEs
    take more heights than the rows they lie on (degrees that share a row are told apart),
    and its lowest dots include the best degree's column. (It asked for more heights than
    the chart has rows: at 46×9, with the dots on the rows their labels name, degrees 3 to 5,
    0.2 decades apart, share one dot of the four a row has.)"""
    from dartfit.core import best_degree
    from dartfit.widgets.plot import _CODE

    width, height = size
    rows = build(u_figure(SWEEP, 0), width, height)
    lowest: dict[int, int] = {}  # column → its lowest dot, counted in dots from the top
    for r, row in enumerate(rows):
        col = 0
        for code, text in re.findall(r"(?:\x1b\[([0-9;]*)m)?([^\x1b]*)", row):
            for char in text:
                bits = ord(char) - 0x2800
                if code == f"38;5;{_CODE['loss']}" and 0 < bits < 256:
                    dots = [d for d, mask in enumerate((0x09, 0x12, 0x24, 0xC0)) if bits & mask]
                    lowest[col] = max(lowest.get(col, 0), 4 * r + max(dots))
                col += 1
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]
    axis = next(row for row in plain if "└" in row)
    ticks = [i for i, char in enumerate(axis) if char == "┬"]  # degrees 0 … 8
    heights = {max(lowest.get(c + d, -1) for d in (-1, 0, 1)) for c in ticks} - {-1}
    rows_of = {height // 4 for height in heights}  # a height counted in dots from the top
    assert len(heights) > len(rows_of), (heights, plain)  # one height a row, before
    bottom = max(lowest.values())
    best = ticks[best_degree(SWEEP)]
    assert bottom in {lowest.get(best + d, -1) for d in (-1, 0, 1)}, plain


BRAILLE = {chr(c) for c in range(0x2801, 0x2900)}


@pytest.mark.parametrize("size", [(41, 9), (44, 11), (76, 12), (77, 14)])
@pytest.mark.parametrize("shown", range(1, len(SWEEP) - 1))
def test_this_degrees_mark_sits_on_the_test_curve(size, shown) -> None:
    """At 120×40 degree 3's ● sat a row above the braille test curve it marks (plotext puts
    a braille point and a whole-cell mark in rows up to three quarters apart): it is in a
    row the curve passes through beside it (an end degree's ● has the curve on one side; the
    degree's ■, set beside the ● where they share a cell, has it past the ■)."""
    rows = _plain(u_figure(SWEEP, shown), *size)
    plot = [r for r, row in enumerate(rows) if "┤" in row or "│" in row]  # not the title
    ((r, c),) = [(r, rows[r].index("●")) for r in plot if "●" in rows[r]]
    beside = [c + side * (2 if rows[r][c + side] == "■" else 1) for side in (-1, 1)]
    curve = [k for k in plot for col in beside if rows[k][col] in BRAILLE]
    assert curve and min(curve) <= r <= max(curve), "\n".join(rows)


def _plot_rows(chart: str) -> int:
    """The rows of a plotext chart between its frame's top and bottom."""
    rows = chart.splitlines()
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    bottom = next(i for i, row in enumerate(rows) if "└" in row)
    return bottom - top - 1


async def test_the_fits_have_the_height_of_the_screen_beside_the_u_and_the_numbers(
    tmp_path,
) -> None:
    """At 80×24 the fits shared 19 rows with the U under them: 5 rows to plot a sine in,
    which read flat. The U is beside them now, above the numbers: the fits take every row,
    and no number is cut, after a wrong pick's two rows of words too, and on a win."""
    from dartfit.app import make_app
    from dartfit.widgets.plot import PlotView
    from tests.ui.test_hud_fits import cut_lines
    from tests.ui.typing import settled

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="degree", all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        fits = screen.query_one("#curves", PlotView)
        u = screen.query_one("#u-curve", PlotView)
        assert _plot_rows(fits.text()) >= 12 and u.region.height == 9
        assert u.region.x >= fits.region.right  # beside the fits, not under them
        await pilot.press("left", "enter")  # degree 0: a wrong pick, said in two rows
        await pilot.pause()
        assert "Not degree 0" in str(screen.query_one("#hint").render())
        await settled(pilot, lambda: cut_lines(screen) == [])  # once the rows are laid out
        assert _plot_rows(fits.text()) >= 12
        for _ in range(degree.best(LEVEL)):
            await pilot.press("right")
        await pilot.press("enter")
        await panel_shown(pilot)
        # above the win panel: the U and the numbers side by side, the numbers whole
        await settled(pilot, lambda: cut_lines(screen) == [])
        assert u.region.height >= 9 and _plot_rows(u.text()) >= 4


@pytest.mark.parametrize("size", [(88, 33), (168, 43), (140, 44)])
@pytest.mark.parametrize("deg", [0, 3, 8])
def test_the_truth_is_drawn_as_a_curve_not_as_dots_that_read_as_data(deg, size) -> None:
    """The truth is a dotted curve across the whole chart: 24 dots spread over 140 columns
    (at 200×50) read as a second set of data points."""
    rows = chart(deg, *size)
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    bottom = next(i for i, row in enumerate(rows) if "└" in row)
    left, right = rows[top].index("┌"), rows[top].index("┐")
    columns = sorted(
        {col for row in rows[top + 1 : bottom] for col in range(left, right) if row[col] == "•"}
    )
    gaps = [b - a for a, b in itertools.pairwise(columns)]
    assert columns and max(gaps) <= 2, (deg, size, gaps)
    assert columns[-1] - columns[0] >= 0.85 * (right - left)  # across the chart


def _inks(rows: list[str]) -> list[list[str | None]]:
    """Each cell's role (the series whose ink it is), None where no series is drawn."""
    from dartfit.widgets.plot import _ROLE_OF

    cells: list[list[str | None]] = []
    for row in rows:
        cells.append([])
        for code, text in re.findall(r"(?:\x1b\[([0-9;]*)m)?([^\x1b]*)", row):
            cells[-1] += [_ROLE_OF.get(code) if char.strip() else None for char in text]
    return cells


@pytest.mark.parametrize("size", [(33, 9), (46, 13), (39, 21), (55, 24)])
@pytest.mark.parametrize("shown", range(len(SWEEP)))
def test_the_training_mse_shows_at_every_degree_beside_the_test_curve(size, shown) -> None:
    """At 80×24 (the U 33×9) the train and test MSE, a tenth of a decade apart at low degrees,
    fell in one row, and the test's braille line, drawn last, took every cell of the
    training MSE's line but degrees 6 to 8: one curve to see, not two. The training MSE is
    a mark at every degree now, drawn over the test curve, and the test curve runs on
    between them. Each ■ is drawn as the legend shows it, in the training MSE's ink on the
    chart's ground: where it shared a cell with the test curve's point, it took the test's
    colour (the ■ cut out of it), and the degree shown's ● hid its ■. Each ■ is on its own
    degree's tick, over the curve where it crosses it; only the ■ the ● would hide is set
    beside it in its row, a column off (set beside the test curve's points too, a ■ stood a
    column off its degree on most charts). At the U's sizes at 80×24 (and 100×30), a
    win's, 120×40 and 200×50."""
    figure = u_figure(SWEEP, shown)
    (_, train), (_, test), (_, current) = figure.keys
    rows = build(figure, *size)
    inks = _inks(rows)
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]
    axis = next(r for r, row in enumerate(plain) if "└" in row)
    at = [c for c, char in enumerate(plain[axis]) if char == "┬"]  # degrees 0, 1 (or 2) …
    first, second = (int(label) for label in plain[axis + 1].split()[:2])
    ticks = [round(at[0] + (d - first) * (at[1] - at[0]) / (second - first)) for d in range(9)]
    title = next(r for r, row in enumerate(plain) if "■ train" in row)
    plotted = [
        (c, inks[r][c])
        for r in range(title + 1, axis)
        for c, char in enumerate(plain[r])
        if char == "■"
    ]
    assert all(ink == train for _, ink in plotted), "\n".join(plain)  # the legend's ■
    columns = sorted(c for c, _ in plotted)
    assert len(columns) == len(SWEEP), "\n".join(plain)
    off = [c - tick for c, tick in zip(columns, ticks, strict=True)]
    assert all(o == 0 for d, o in enumerate(off) if d != shown), (off, "\n".join(plain))
    marked = next(r for r in range(title + 1, axis) if plain[r][ticks[shown]] == "●")
    beside = plain[marked][columns[shown]] == "■"  # in the ●'s row: set beside it
    assert off[shown] in ((-1, 1) if beside else (0,)), (off, "\n".join(plain))
    in_column = [{inks[r][c] for r in range(axis)} for c in range(len(plain[axis]))]
    curve = [c for c in range(ticks[0], ticks[-1] + 1) if test in in_column[c]]
    assert len(curve) >= 0.6 * (ticks[-1] - ticks[0] + 1), "\n".join(plain)
    assert current in in_column[ticks[shown]]


@pytest.mark.parametrize("colours", ["truecolor", "256", "standard"])
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_each_mark_on_the_u_looks_as_its_legend_shows_it(
    theme, colours, tmp_path, monkeypatch
) -> None:
    """At 120×40 in the light theme, degree 2 shown: the ■ of degrees 1 and 3, in the cells
    of the test curve's points, were drawn cut out of the test's colour (its ink on the
    ground's), not in the train's ink the legend's ■ has; the ● of degree 2 hid its ■. On
    screen, as the terminal gets it, every ■ and the ● are drawn in their legend's inks on
    their legend's ground, nine ■ and one ●, in both themes, in 24-bit, 256 and 16 colours."""
    import textual.constants
    from rich.console import COLOR_SYSTEMS

    from dartfit.app import make_app
    from tests.ui.test_colour_snapshots import as_sent, frame_lines

    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", colours)
    made_predictions(tmp_path)
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start="degree")
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme
        await pilot.press("right")
        await settled(pilot, lambda: app.screen.state.degree == 2)
        await pilot.pause()
        region = app.screen.query_one("#u-curve").region
        system = COLOR_SYSTEMS[app.console.color_system or "truecolor"]
        cells = [
            [
                (char, style and (style.color, style.bgcolor))
                for text, style, _ in as_sent(line, system)
                for char in text
            ]
            for line in frame_lines(app)[region.y : region.bottom]
        ]
    chart = [row[region.x : region.right] for row in cells]
    legend = next(r for r, row in enumerate(chart) if "■ train" in "".join(c for c, _ in row))
    plotted = {
        mark: [look for row in chart[legend + 1 :] for c, look in row if c == mark] for mark in "■●"
    }
    for mark, count in (("■", len(SWEEP)), ("●", 1)):
        looks = set(plotted[mark])
        key = next(look for c, look in chart[legend] if c == mark)
        assert len(plotted[mark]) == count and looks == {key}, (mark, looks, key)


@pytest.mark.parametrize("size", [(48, 19), (60, 24), (88, 33), (168, 43)])
@pytest.mark.parametrize("deg", range(len(SWEEP)))
def test_the_curves_fill_the_height_of_the_chart(deg, size) -> None:
    """The y range is what is drawn, with a margin: at degree 3, whose fits stay within
    −1.2..1.3, the chart ran −2.5..2.5, half its height empty."""
    rows = chart(deg, *size)
    top = next(i for i, row in enumerate(rows) if "┌" in row)
    bottom = next(i for i, row in enumerate(rows) if "└" in row)
    left, right = rows[top].index("┌"), rows[top].index("┐")
    inked = [
        i
        for i in range(top + 1, bottom)
        if re.search("[\u2801-\u28ff▀▄▌▐▖▗▘▝▛▜▟▙•]", rows[i][left + 1 : right])
    ]
    assert inked[-1] - inked[0] + 1 >= 0.6 * (bottom - top - 1), (inked, bottom - top - 1)
