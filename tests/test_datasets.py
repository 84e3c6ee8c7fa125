"""Shipped datasets: Anscombe's quartet as published, and `dartfit fit --dataset NAME`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dartfit.app import make_app
from dartfit.cli import main
from dartfit.datasets import DATASETS, dataset
from dartfit.levels import find_level, load_levels
from tests.conftest import SHIPPED


@pytest.mark.parametrize("name", sorted(n for n in DATASETS if n.startswith("anscombe")))
def test_anscombes_sets_share_the_line_the_mse_and_the_moments_he_published(name) -> None:
    d = DATASETS[name]
    x, y = np.array(d.x), np.array(d.y)
    slope, intercept = np.polyfit(x, y, 1)
    assert (round(slope, 2), round(intercept, 1)) == (0.5, 3.0)  # ŷ = 3.00 + 0.500·x
    assert np.mean((y - (slope * x + intercept)) ** 2) == pytest.approx(1.25, abs=0.005)
    assert (np.mean(x), np.var(x, ddof=1)) == (9.0, 11.0)
    assert np.mean(y) == pytest.approx(7.50, abs=0.005)
    assert np.corrcoef(x, y)[0, 1] == pytest.approx(0.816, abs=0.001)
    assert "Anscombe" in d.source and "1973" in d.source


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["fit"], "a CSV file or --dataset NAME"),
        (["fit", "x.csv", "--dataset", "anscombe-1"], "a CSV file or --dataset NAME"),
        (["fit", "--dataset", "galtn"], 'no dataset "galtn"'),
        (["fit", "--dataset", "anscombe-1", "--x", "2"], "not a dataset's"),
    ],
)
def test_fit_says_what_it_takes_in_one_line(capsys, args, words) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and words in err, err


async def test_the_sandbox_on_a_dataset_names_its_source_and_plays_its_numbers(
    tmp_path: Path,
) -> None:
    app = make_app(SHIPPED, tmp_path, data=dataset("anscombe-3", DATASETS["anscombe-3"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "anscombe-3 (Anscombe 1973)" in app.screen.title
        assert np.array_equal(app.screen.level.y, DATASETS["anscombe-3"].y)


def test_the_anscombe_level_is_the_second_set() -> None:
    level = find_level(load_levels(SHIPPED), "anscombe")
    assert level.y.tolist() == list(DATASETS["anscombe-2"].y)
    assert level.x.tolist() == list(DATASETS["anscombe-2"].x)


def test_galtons_928_children_give_the_line_and_moments_of_his_table() -> None:
    """As in R's HistData::Galton: 928 pairs, means 68.31 and 68.09 in, slope 0.646."""
    d = DATASETS["galton"]
    x, y = np.array(d.x), np.array(d.y)
    assert len(x) == len(y) == 928
    assert (round(x.mean(), 2), round(y.mean(), 2)) == (68.31, 68.09)
    slope, intercept = np.polyfit(x, y, 1)
    assert (round(slope, 3), round(intercept, 2)) == (0.646, 23.94)
    assert np.corrcoef(x, y)[0, 1] == pytest.approx(0.459, abs=0.001)
    assert slope < 1  # regression toward the mean
    assert "Galton" in d.source and "1886" in d.source


def test_pierces_crickets_give_the_line_statistics_courses_quote() -> None:
    d = DATASETS["crickets"]
    x, y = np.array(d.x), np.array(d.y)
    assert len(x) == 15
    slope, intercept = np.polyfit(x, y, 1)
    assert (round(slope, 3), round(intercept, 3)) == (3.291, 25.232)
    assert np.corrcoef(x, y)[0, 1] == pytest.approx(0.835, abs=0.001)
    assert "Pierce" in d.source and "1948" in d.source


@pytest.mark.parametrize(("level_id", "name"), [("crickets", "crickets"), ("galton", "galton")])
def test_a_dataset_level_plays_the_datasets_numbers_and_names_its_source(
    level_id: str, name: str
) -> None:
    level = find_level(load_levels(SHIPPED), level_id)
    assert level.x.tolist() == list(DATASETS[name].x)
    assert level.y.tolist() == list(DATASETS[name].y)
    author = DATASETS[name].source.split(",")[0].split()[-1]
    assert author in level.spec.goal and DATASETS[name].source[-4:] in level.spec.goal


def test_binned_heights_are_shaded_by_how_many_share_a_spot_not_drawn_one_on_another() -> None:
    from dartfit.rules import fit

    levels = load_levels(SHIPPED)
    assert fit.shaded(find_level(levels, "galton"))
    assert not fit.shaded(find_level(levels, "crickets"))
    assert not any(fit.shaded(lv) for lv in levels if lv.spec.kind == "line" and lv.x.size < 100)


def test_a_level_naming_no_shipped_dataset_is_refused(write_level) -> None:
    from dartfit.commands import check_paths
    from tests.conftest import GOOD_LINE

    text = GOOD_LINE.replace(
        "x = [0.0, 1.0, 2.0, 3.0]\ny = [1.0, 3.0, 5.5, 6.5]", 'dataset = "galtn"'
    )
    path = write_level(text)
    fine, found = check_paths([str(path)])
    assert fine == 0 and len(found) == 1 and 'no dataset "galtn"' in found[0]
    both = GOOD_LINE.replace("[data]", '[data]\ndataset = "galton"')
    fine, found = check_paths([str(write_level(both, "02-both.toml"))])
    assert fine == 0 and "one of them" in found[0]


async def test_galtons_level_draws_y_equals_x_to_compare_the_slope_with(tmp_path: Path) -> None:
    from dartfit.widgets.key_strip import KeyStrip
    from tests.conftest import made_predictions
    from tests.ui.typing import settled

    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start="galton")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot, lambda: bool(app.screen.query("#key")))
        key = app.screen.query_one("#key", KeyStrip)
        await settled(pilot, lambda: bool(key.text().strip()))  # the chart's marks, named under it
        # the start line is ŷ = x: named in the player's entry ("your line, on ŷ = x")
        assert "your line, on ŷ = x" in key.text()
        assert "points in a cell: few → many" in key.text()
        before = key.text()
        await pilot.press("up")  # a step off it: under the player's line in most of its
        await settled(pilot, lambda: key.text() != before)  # cells, its own entry says so
        named = key.text()
        assert "ŷ = x, mostly hidden" in named and "your line, on" not in named
        await pilot.press("up")  # farther off: its own entry, its whole name
        await settled(pilot, lambda: key.text() != named)
        named = key.text()
        assert "ŷ = x: as tall as their parents" in named and "mostly" not in named
