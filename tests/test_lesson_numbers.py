"""The worked numbers of the lessons on smooth losses, new data and Huber's loss, worked out
again here with numpy (each table the lesson prints is read back from its text)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from dartfit.lessons import lesson_text


def _row(text: str, label: str) -> list[float]:
    """The numbers on the table row that starts with label (− read as a minus sign)."""
    line = next(row for row in text.splitlines() if row.startswith(label))
    numbers = re.findall(r"[−-]?\d+(?:\.\d+)?", line[len(label) :].replace("−", "-"))
    return [float(n) for n in numbers]


def test_descent_settles_on_the_square_and_chatters_on_the_kink() -> None:
    text = lesson_text("smooth")
    on_square, on_kink = [1.0], [1.0]
    for _ in range(6):
        on_square.append(on_square[-1] - 0.3 * 2 * on_square[-1])
        on_kink.append(on_kink[-1] - 0.3 * float(np.sign(on_kink[-1])))
    assert _row(text, "on e² (MSE)") == pytest.approx(on_square, abs=5e-5)
    assert _row(text, "on |e| (MAE)") == pytest.approx(on_kink, abs=1e-9)
    assert on_kink[-4:] == pytest.approx([0.1, -0.2, 0.1, -0.2])  # for ever


def test_the_test_mse_turns_up_while_the_train_mse_falls() -> None:
    text = lesson_text("unseen")
    train = np.array([(0, 0.2), (1, 0.9), (2, 2.3), (3, 2.8), (4, 4.1)])
    test = np.array([(0.5, 0.6), (1.5, 1.4), (2.5, 2.6), (3.5, 3.4)])
    assert "(0, 0.2) (1, 0.9) (2, 2.3) (3, 2.8) (4, 4.1)" in text
    for label, degree in (("1 (a line)", 1), ("2 ", 2), ("4 ", 4)):
        fit = np.polyfit(train[:, 0], train[:, 1], degree)
        train_mse = np.mean((np.polyval(fit, train[:, 0]) - train[:, 1]) ** 2)
        test_mse = np.mean((np.polyval(fit, test[:, 0]) - test[:, 1]) ** 2)
        said = _row(text, label)
        assert said[-2:] == pytest.approx([train_mse, test_mse], abs=5e-5)
    line = np.polyfit(train[:, 0], train[:, 1], 1)
    quartic = np.polyfit(train[:, 0], train[:, 1], 4)
    ratio = np.mean((np.polyval(quartic, test[:, 0]) - test[:, 1]) ** 2) / np.mean(
        (np.polyval(line, test[:, 0]) - test[:, 1]) ** 2
    )
    assert 6 <= ratio < 7 and "six times" in text


def _huber(e: np.ndarray, delta: float) -> np.ndarray:
    return np.where(np.abs(e) <= delta, 0.5 * e**2, delta * (np.abs(e) - 0.5 * delta))


def test_huber_sits_between_the_square_and_the_absolute_miss() -> None:
    text = lesson_text("huber")
    misses = np.array([0.5, -1.0, 2.0, 10.0])
    for label, costs in (
        ("e²", misses**2),
        ("Huber, δ = 1", _huber(misses, 1.0)),
        ("|e|", np.abs(misses)),
    ):
        said = _row(text, label)
        share = 100 * costs[-1] / costs.sum()
        assert said[-6:-1] == pytest.approx([*costs, costs.mean()], abs=0.006)
        assert said[-1] == pytest.approx(share, abs=0.5)  # a whole percent


@pytest.mark.parametrize(("delta", "best"), [(3.0, 4.25), (10.0, 6.0)])
def test_the_best_guess_under_huber_slides_from_the_median_to_the_mean(
    delta: float, best: float
) -> None:
    values = np.array([2.0, 3.0, 4.0, 5.0, 16.0])
    guesses = np.linspace(0, 20, 200_001)
    losses = _huber(values[None, :] - guesses[:, None], delta).mean(axis=1)
    assert guesses[np.argmin(losses)] == pytest.approx(best, abs=1e-3)
    assert np.mean(values) == 6 and np.median(values) == 4
    assert f"{best:g} with δ = {delta:g}" in " ".join(lesson_text("huber").split())


def test_the_mean_lesson_teaches_the_sums_its_check_asks_about() -> None:
    """big-data's check asks how a million points' MSE can follow each nudge at once ("It
    follows from a few sums of the data, taken once"), and names the mean lesson: neither it
    nor the million level said so. The lesson's expansion is worked out here with numpy."""
    text = lesson_text("mean")
    formula = "Σ (yᵢ − m·xᵢ − b)² = Σy² − 2m·Σxy − 2b·Σy + m²·Σx² + 2mb·Σx + n·b²"
    assert formula in text and "once" in text
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=50), rng.normal(size=50)
    m, b, n = 0.7, -1.3, x.size
    sums = np.sum(y**2) - 2 * m * np.sum(x * y) - 2 * b * np.sum(y)
    sums += m**2 * np.sum(x**2) + 2 * m * b * np.sum(x) + n * b**2
    assert sums == pytest.approx(np.sum((y - m * x - b) ** 2))
