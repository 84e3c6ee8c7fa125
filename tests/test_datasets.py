"""Shipped datasets: Anscombe's quartet as published, and `dartfit fit --dataset NAME`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dartfit.__main__ import main
from dartfit.app import make_app
from dartfit.datasets import DATASETS, dataset
from dartfit.levels import find_level, load_levels
from tests.conftest import SHIPPED


@pytest.mark.parametrize("name", sorted(DATASETS))
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
        (["fit", "--dataset", "galton"], "no dataset 'galton'"),
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
