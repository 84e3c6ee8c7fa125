"""The auto-solver's pure state: it ends where core.descend does, at the least-squares line."""

from __future__ import annotations

import numpy as np
import pytest

from dartfit import core
from dartfit.rules import solver
from dartfit.wording import num

METHODS = list(solver.METHODS)


def noisy_line(seed: int = 3, n: int = 25) -> tuple[np.ndarray, np.ndarray]:
    """n points near y = 2x + 1 with x in [0, 10] and unit Gaussian noise."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 10, n)
    return x, 2 * x + 1 + rng.normal(0, 1, n)


@pytest.mark.parametrize("method", METHODS)
def test_advancing_in_bursts_ends_where_descend_does(method: str) -> None:
    x, y = noisy_line()
    state = solver.start(x, y, 0.0, 1.0, method)
    while not state.finished:
        state = solver.advance(state, 7)
    reference = core.descend(x, y, 0.0, 1.0, method=method)
    assert state.converged and reference.converged
    assert state.steps == len(reference.steps) - 1
    assert (state.current.m, state.current.b) == (reference.final.m, reference.final.b)
    m, b = np.polyfit(x, y, 1)
    best = float(np.mean((y - (m * x + b)) ** 2))
    assert state.current.mse == pytest.approx(best, rel=1e-6)
    assert state.reason == f"converged after {state.steps} steps"
    assert solver.optimum(state)[2] == pytest.approx(best, rel=1e-12)


def test_a_rate_above_the_stable_limit_diverges_with_the_cores_reason() -> None:
    x, y = noisy_line()
    rate = 1.5 * core.max_stable_learning_rate(x)
    state = solver.start(x, y, 0.0, 1.0, "gd", rate)
    while not state.finished:
        state = solver.step(state)
    reference = core.descend(x, y, 0.0, 1.0, rate)
    assert state.diverged and not state.converged
    assert state.reason == reference.reason
    assert "above the largest stable rate" in state.reason
    assert all(np.isfinite(v) for point in state.history for v in point)


def test_doubling_the_default_rate_twice_crosses_the_stable_limit() -> None:
    x, y = noisy_line()
    state = solver.with_rate(solver.with_rate(solver.start(x, y, 0.0, 1.0), 2.0), 2.0)
    limit = solver.stable_rate(state)
    assert limit is not None and state.learning_rate > limit
    assert solver.advance(state, 1000).diverged


def test_changing_method_or_rate_starts_again_from_the_players_line() -> None:
    x, y = noisy_line()
    state = solver.advance(solver.start(x, y, 0.5, -2.0), 10)
    for again in (
        solver.next_method(state),
        solver.with_rate(state, 0.5),
        solver.restart(state),
    ):
        assert again.steps == 0
        assert (again.current.m, again.current.b) == (0.5, -2.0)
    assert solver.next_method(state).method == "momentum"
    assert solver.with_rate(state, 0.5).learning_rate == state.learning_rate * 0.5


@pytest.mark.parametrize("factor", [0.25, 2.0, 4.0, 64.0])
def test_a_new_method_keeps_the_players_multiple_of_the_default_rate(factor: float) -> None:
    """`m` reset a doubled η to the next method's default: a rate pushed past the stable one
    came back stable. The next method runs at the same multiple of its own default, as far
    as its range allows, and starts from the player's line."""
    x, y = noisy_line()
    state = solver.start(x, y, 0.5, -2.0)
    state = solver.with_rate(state, factor)
    for _ in range(3):  # gd → momentum → adam → gd
        nxt = solver.next_method(state)
        default = solver.start(x, y, 0.5, -2.0, nxt.method).learning_rate
        expected = min(default * factor, solver.largest_rate(nxt))
        assert nxt.learning_rate == pytest.approx(expected, rel=1e-12)
        assert nxt.steps == 0 and (nxt.current.m, nxt.current.b) == (0.5, -2.0)
        if nxt.method != "adam":  # past the stable rate stays past it (adam has no limit)
            limit = solver.stable_rate(nxt)
            assert limit is not None and (nxt.learning_rate > limit) == (factor > 2)
        state = nxt


def test_a_finished_state_does_not_move() -> None:
    x, y = noisy_line()
    m, b = np.polyfit(x, y, 1)
    state = solver.start(x, y, float(m), float(b))
    assert state.converged and state.steps == 0
    assert solver.step(state) is state


@pytest.mark.parametrize(
    ("x", "y", "m", "b"),
    [
        ([1.0, 1.0, 1.0, 1.0001], [0.0, 10.0, 20.0, 30.0], 10.0, 0.0),  # a near-singular bowl
        ([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.5, 6.5], 0.0, 0.0),
        ([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.5, 6.5], 1.9, 1.1),  # near the bottom
    ],
)
def test_the_gap_shown_is_numpys_mse_less_the_best(x, y, m, b) -> None:
    from dartfit.pictures.solver_status import shown_gap

    xs, ys = np.array(x), np.array(y)
    state = solver.start(xs, ys, m, b)
    best_m, best_b = np.polyfit(xs, ys, 1)
    best = float(np.mean((ys - (best_m * xs + best_b)) ** 2))
    truth = float(np.mean((ys - (m * xs + b)) ** 2)) - best
    assert shown_gap(state, best) == pytest.approx(truth, rel=1e-9, abs=1e-12 * (1 + best))


def _shown_number(text: str) -> float:
    return float(text.replace("\u2212", "-").replace(",", ""))


@pytest.mark.parametrize(
    ("x", "y", "m", "b", "steps"),
    [
        ([1.0, 1.0, 1.0, 1.0001], [0.0, 10.0, 20.0, 30.0], 10.0, 0.0, 40),  # near-singular
        ([1000.0, 1001.0, 1002.0, 1003.5], [5.0, 7.0, 8.0, 12.0], 0.0, 0.0, 25),  # uncentred
        ([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 5.5, 6.5], 0.123456789, -7.0, 15),
    ],
)
def test_the_line_shown_has_the_mse_shown(x, y, m, b, steps) -> None:
    """Read the status as a student would: the line ŷ = m·x + b as printed, put through
    numpy, gives the MSE printed beside it (to the digits printed: within one unit of its
    last, as the MSE of the line and of the line as printed are each within half of one
    of the MSE printed), at every step."""
    import re

    from dartfit.pictures.solver_status import status_text

    xs, ys = np.array(x), np.array(y)
    state = solver.start(xs, ys, m, b)
    for _ in range(steps):
        numbers = status_text(state, False, 1, 0.0).splitlines()[1]
        found = re.match(r"ŷ = (.+?)   best \S+   MSE (\S+)", numbers)
        assert found, numbers
        line, mse = found.groups()
        line_m, line_b = _read_line(line)
        truth = float(np.mean((ys - (line_m * xs + line_b)) ** 2))
        unit = 10.0 ** (np.floor(np.log10(_shown_number(mse))) - 6)
        assert abs(truth - _shown_number(mse)) <= unit * (1 + 1e-9), numbers
        if state.finished:
            break
        state = solver.step(state)


def _read_line(written: str) -> tuple[float, float]:
    """m and b of a line as written by hand: "2·x + 3", "x − 1", "−x", "2.5·x", "4"."""
    if "x" not in written:
        return 0.0, _shown_number(written)
    head, _, tail = written.partition("x")
    slope = {"": 1.0, "−": -1.0}.get(head)
    if slope is None:
        slope = _shown_number(head.removesuffix("·"))
    if not tail:
        return slope, 0.0
    sign, height = tail.split()
    return slope, _shown_number(height) * (-1 if sign == "−" else 1)


def test_the_mse_and_the_best_keep_seven_digits_at_every_step() -> None:
    """The readout read "MSE 1.2524" one step and "MSE 1.252391" the next: each keeps
    seven significant digits, trailing zeros and all; and "best" its column (MSE 1.129742
    then 0.8635335 had moved "optimum", now "best", a column: it stands before the MSE)."""
    import re

    from dartfit.pictures.solver_status import status_text

    x, y = noisy_line()
    y = np.round(y, 1)  # a best MSE with few digits of its own: 0.9 shown as 0.9000000
    state = solver.start(x, y, 0.0, 1.0)
    m, b = core.best_line(x, y)
    best = core.mse(y, m * x + b)
    columns = set()
    for _ in range(30):
        numbers = status_text(state, False, 1, best).splitlines()[1]
        found = re.search(r"best (\S+)   MSE (\S+)", numbers)
        assert found, numbers
        for shown in found.groups():
            digits = shown.replace(".", "").replace("\u2212", "").lstrip("0")
            assert len(digits) == 7, numbers
        columns.add(numbers.index("best"))
        state = solver.step(state)
    assert len(columns) == 1, columns


def test_a_round_off_gap_reads_0() -> None:
    """At the end "gap 6.8e−11" stood beside two equal numbers."""
    from dartfit.pictures.solver_status import gap_text

    assert gap_text(6.8e-11, 0.6872764) == "0" and gap_text(-2e-12, 0.6872764) == "0"
    assert gap_text(0.059, 0.6872764) == "0.059" and gap_text(2e-7, 0.6872764) == "2e\u22127"


def test_the_gap_reads_0_exactly_where_the_mse_and_the_best_read_alike() -> None:
    """Anscombe's run at step 6,400 read "MSE 1.252391 best 1.252390 gap 0": the gap was
    below half the seventh digit, but the two numbers rounded apart. It reads 0 only when
    they read alike."""
    from dartfit.pictures.solver_status import gap_text, seven

    best, mse = 1.25239049, 1.25239051
    assert seven(mse) != seven(best) and gap_text(mse - best, best, mse) != "0"
    assert gap_text(mse - best, best) != "0"
    assert gap_text(1e-9, 1.2523900, 1.2523900 + 1e-9) == "0"


@pytest.mark.parametrize("scale", [1e-9, 1e-20, 1e-45, 1e-150, 1.0, 1e6])
def test_a_gap_the_numbers_beside_it_show_is_never_read_as_0(scale: float) -> None:
    """On data near 1e−45 the solver read "MSE 1.249167e−90 optimum 5.000000e−91 gap 0"
    while it still crawled: 0 was for gaps below 1e−10, whatever the optimum's size. A gap
    reads 0 only below half the optimum's seventh digit, at every scale."""
    from dartfit.pictures.solver_status import gap_text, seven

    best, mse = 5.0 * scale, 12.49167 * scale
    assert seven(mse) != seven(best) and gap_text(mse - best, best) != "0"
    assert gap_text(mse - best, best) == num(mse - best, 2)
    assert gap_text(1e-8 * best, best) == "0"  # below the seventh digit


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.68772, "0.6877200"),
        (827334.1, "827,334.1"),
        (7446001.0, "7.446001e6"),  # from 1e6 on, as `num` writes an MSE
        (67014006.0, "6.701401e7"),
        (603126051.0, "6.031261e8"),
        (5.428134e9, "5.428134e9"),
        (1e-5, "1.000000e\u22125"),
        (float("inf"), "too large to show"),
    ],
)
def test_a_readout_number_shows_seven_digits_whatever_its_size(value: float, shown: str) -> None:
    """A diverging run read MSE 7,446,001 then 67,014,006 then 603,126,051 (7, 8, 9 digits)."""
    from dartfit.pictures.solver_status import seven

    assert seven(value) == shown


@pytest.mark.parametrize(("method", "rate_factor"), [("gd", 1.0), ("gd", 2.5), ("momentum", 1.0)])
def test_the_reach_kept_as_the_path_grows_is_the_whole_paths(
    method: str, rate_factor: float
) -> None:
    """The bowl reads the path's reach every frame: kept as steps are added, not read again
    from every point (a crawl's 200,000 points took 50 ms a frame). Settling, or blowing
    up past the stable rate, in bursts of any size, it is the whole history's."""
    x, y = noisy_line()
    state = solver.start(x, y, 3.0, -4.0, method)
    if rate_factor != 1.0:
        state = solver.start(x, y, 3.0, -4.0, method, state.learning_rate * rate_factor)
    for burst in (1, 2, 3, 5, 8, 13, 21, 34) * 20:
        ms, bs, mses = zip(*state.history, strict=True)
        assert state.reach == (min(ms), max(ms), min(bs), max(bs), max(mses))
        if state.finished:
            break
        state = solver.advance(state, burst)
    assert state.finished and (state.diverged or rate_factor == 1.0)


def test_the_optimum_is_the_bowls_bottom_the_problem_found_and_agrees_with_numpy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The auto-solver's best line and MSE are taken from the problem's bowl, not worked out
    again over the data (two passes a call, twice as it opened: 25 ms on a 10⁶-row CSV);
    they agree with numpy's least squares and mean."""
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 50, 20_000)
    y = 0.3 * x - 4 + rng.normal(0, 2, x.size)
    state = solver.start(x, y, 0.0, 0.0)
    calls: list[int] = []
    monkeypatch.setattr(core, "best_line", lambda *a: calls.append(1) or (0.0, 0.0))
    m, b, mse = solver.optimum(state)
    assert calls == []
    slope, intercept = np.polyfit(x, y, 1)
    assert m == pytest.approx(slope, rel=1e-9) and b == pytest.approx(intercept, rel=1e-9)
    assert mse == pytest.approx(float(np.mean((y - (slope * x + intercept)) ** 2)), rel=1e-12)
