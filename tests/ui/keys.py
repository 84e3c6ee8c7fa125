"""Key plans that win a level, computed from the level's own data with independent math.

Nothing here is a recorded key list: the optimum comes from numpy.polyfit, the mean,
the median or a brute-force search, and the keys are the steps from the start to it.
"""

from __future__ import annotations

import functools
import itertools
import warnings

import numpy as np

from dartfit.levels import Level, per_level
from dartfit.levels.spec import Models
from dartfit.quiz import Asked
from dartfit.rules import darts, linear, points, scoring


def _lad_brute_force(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The least-absolute-deviations line among all lines through two data points."""
    best = (np.inf, 0.0, 0.0)
    for i, j in itertools.combinations(range(len(x)), 2):
        if x[i] == x[j]:
            continue
        m = (y[j] - y[i]) / (x[j] - x[i])
        b = y[i] - m * x[i]
        cost = float(np.mean(np.abs(y - (m * x + b))))
        best = min(best, (cost, m, b))
    return best[1], best[2]


def optimum_line(level: Level) -> tuple[float, float]:
    """Where the best line is, by an oracle independent of dartfit.core."""
    metric, shape = level.spec.target.metric, level.spec.model.shape
    if shape == "constant":
        return 0.0, float(np.median(level.y) if metric == "mae" else np.mean(level.y))
    if metric == "mae":
        return _lad_brute_force(level.x, level.y)
    m, b = np.polyfit(level.x, level.y, 1)
    return float(m), float(b)


def _walk(delta: float, coarse: float, up: str, down: str) -> list[str]:
    """Keys that move by about delta: coarse presses, then fine (shift) presses."""
    fine_steps = round(delta / (coarse / 10))
    key, shift = (up, f"shift+{up}") if fine_steps >= 0 else (down, f"shift+{down}")
    n = abs(fine_steps)
    return [key] * (n // 10) + [shift] * (n % 10)


def line_keys(level: Level) -> list[str]:
    """From the start line to the optimum: slope keys, then intercept keys."""
    m0, b0 = linear.start_line(level)
    m, b = optimum_line(level)
    steps = linear.steps(level)
    keys = [] if level.spec.model.shape == "constant" else _walk(m - m0, steps.m, "right", "left")
    # the slope keys turn the line about x = c: they move b by −Δm·c on their way
    b_after = b0 - (m - m0) * linear.centre(level)
    return keys + _walk(b - b_after, steps.b, "up", "down")


def darts_keys(level: Level) -> list[str]:
    """Aim against the wind, then throw every dart."""
    d = darts.spec(level)
    step = darts.aim_step(level)
    keys = _walk(-d.wind[0], step, "right", "left")
    if d.axes == 2:
        keys += _walk(-d.wind[1], step, "up", "down")
    return keys + ["space"] * d.throws


def compare_keys(level: Level) -> list[str]:
    """Pick the round whose mean squared miss is larger."""
    a, b = (float(np.mean(np.square(r))) for r in darts.spec(level).rounds)
    return ["a" if a > b else "b"]


def points_keys(level: Level) -> list[str]:
    """For 'at least': drag the point whose move raises the MSE most; for picks, select
    the point farthest from the fixed line and press enter."""
    m0, b0 = linear.start_line(level)
    if level.spec.target.type == "pick_costliest":
        k = int(np.argmax(np.abs(level.y - (m0 * level.x + b0))))
        return ["tab"] * k + ["enter"]
    lo, _ = points.point_limits(level)
    gains = []
    for k in range(level.y.size):
        y = level.y.copy()
        y[k] = lo
        fit = np.polyfit(level.x, y, 1)
        gains.append(float(np.mean((np.polyval(fit, level.x) - y) ** 2)))
    k = int(np.argmax(gains))
    presses = int(np.ceil((level.y[k] - lo) / linear.steps(level).point)) + 1
    return ["tab"] * k + ["down"] * presses


def gd_steps_to(
    x: np.ndarray, y: np.ndarray, m: float, b: float, rate: float, goal: float, budget: int
) -> int | None:
    """Plain gradient descent written out here: steps until MSE ≤ goal (None if not)."""
    n = len(x)
    for taken in range(budget + 1):
        r = y - (m * x + b)
        if np.mean(r**2) <= goal * (1 - 1e-9):
            return taken
        m, b = m + rate * 2 / n * np.dot(x, r), b + rate * 2 / n * np.sum(r)
        if not np.isfinite(m) or abs(m) > 1e12:
            return None
    return None


def signs_keys(level: Level) -> list[str]:
    """A level that asks the sign of each partial derivative before each step: plain
    gradient descent written out here at the level's rate, and before each step the arrows
    that call the signs (→ ↑ positive, ← ↓ negative)."""
    d = level.spec.descent
    x, y = level.x, level.y
    m, b = linear.start_line(level)
    hessian = 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])
    rate = d.learning_rate or 1.0 / np.linalg.eigvalsh(hessian).max()
    goal = scoring.target_value(level)
    keys: list[str] = []
    for _ in range(d.max_steps):
        r = y - (m * x + b)
        if np.mean(r**2) <= goal * (1 - 1e-9):
            break
        dm, db = -2 * np.mean(x * r), -2 * np.mean(r)
        keys += ["right" if dm > 0 else "left", "up" if db > 0 else "down", "space"]
        m, b = m - rate * dm, b - rate * db
    return keys


def descent_keys(level: Level) -> list[str]:
    """Feature scaling or not, then enough ] / [ presses for a rate that beats the target
    within the step budget, then enter (run every step)."""
    d = level.spec.descent
    if d.signs:
        return signs_keys(level)
    goal = scoring.target_value(level)
    m0, b0 = linear.start_line(level)
    for scaled in (False, True):
        x = (level.x - level.x.mean()) / level.x.std() if scaled else level.x
        m, b = (m0 * level.x.std(), b0 + m0 * level.x.mean()) if scaled else (m0, b0)
        hessian = 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])
        first = d.learning_rate or 1.0 / np.linalg.eigvalsh(hessian).max()
        presses = [0] if d.lock_rate else sorted(range(-20, 21), key=abs)
        for k in presses:
            rate = first * (1.25**k if k >= 0 else 0.8 ** (-k))
            if gd_steps_to(x, level.y, m, b, rate, goal, d.max_steps) is not None:
                keys = ["f"] if scaled != d.scaled else []
                keys += ["right_square_bracket"] * k if k > 0 else ["left_square_bracket"] * -k
                return [*keys, "enter"]
    raise AssertionError(f"{level.id}: no rate wins")


def degree_keys(level: Level) -> list[str]:
    """Estimate each degree's test MSE with an independent simulation (numpy.polyfit on
    fresh draws), then walk to the lowest and pick it."""
    return list(_degree_keys(level.spec.models))


@functools.cache
def _degree_keys(m: Models) -> tuple[str, ...]:
    """`degree_keys` of a level's models, which alone it reads: worked out once a process
    (0.45 s; every test that won the degree level loaded it anew and simulated again)."""
    truth = {"sine": lambda x: np.sin(2 * np.pi * x)}[m.curve]
    rng = np.random.default_rng(12345)
    x_test = np.linspace(0, 1, 50)
    mses = []
    for deg in range(m.max_degree + 1):
        errors = []
        for _ in range(300):
            x = rng.uniform(0, 1, m.n_train)
            y = truth(x) + m.noise * rng.standard_normal(m.n_train)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                coef = np.polyfit(x, y, deg)
            y_test = truth(x_test) + m.noise * rng.standard_normal(x_test.size)
            errors.append(np.mean((np.polyval(coef, x_test) - y_test) ** 2))
        mses.append(float(np.mean(errors)))
    best = int(np.argmin(mses))
    step = "right" if best > m.degree else "left"
    return (step,) * abs(best - m.degree) + ("enter",)


def guess_keys(level: Level) -> list[str]:
    """Each round's answer worked out by numpy from what is on show (the line's MSE or MAE,
    the line of two with the lower MSE, the mean of the points), typed character by
    character and handed in with enter; enter again goes on to the next round."""
    from dartfit.rules import guess

    asks = level.spec.guess.asks
    names = {".": "full_stop", "-": "minus"}
    keys: list[str] = []
    for shown in guess.rounds(level):
        lines = [(shown.m, shown.b), *([shown.other] if shown.other else [])]
        misses = [shown.y - (m * shown.x + b) for m, b in lines]
        if asks == "lower":
            value = 1 + np.argmin([np.mean(e**2) for e in misses])
        elif asks == "constant":
            value = np.mean(shown.y)
        else:
            value = np.mean(np.abs(misses[0]) if asks == "mae" else misses[0] ** 2)
        keys += [names.get(c, c) for c in f"{value:.6f}"] + ["enter", "enter"]
    return keys[:-1]  # the last round's answer ends the level: no round after it


def kink_keys(level: Level) -> list[str]:
    """Predict the descent that settles, worked out by hand: the MSE's step multiplies the
    distance to the mean by |1 − 2η| (< 1: it settles); the MAE's steps near the median are
    η/n (never smaller), so it never does. Then run to the end."""
    rate = level.spec.descent.learning_rate
    assert abs(1 - 2 * rate) < 1 and rate / level.y.size > 1e-6 * np.ptp(level.y)
    return ["1", "enter"]


def huber_keys(level: Level) -> list[str]:
    """Huber's line on each rung fitted afresh by plain gradient descent (its gradient is the
    clipped residuals; step 1/L with L the least-squares curvature), then ← down to the rung
    whose line fits the points without the outlier best."""
    from dartfit.rules import huber

    x, y = level.x, level.y
    design = np.column_stack([x, np.ones_like(x)])
    step = x.size / np.linalg.eigvalsh(design.T @ design)[-1]
    m0, b0 = np.polyfit(x, y, 1)
    worst = int(np.argmax(np.abs(y - (m0 * x + b0))))  # the outlier: the farthest point
    keep = np.arange(x.size) != worst
    rungs = range(2 * huber.RUNGS + 1)
    delta = np.array([huber.delta(level, rung) for rung in rungs])
    theta = np.tile([[m0], [b0]], len(rungs))  # a column per rung, all descending at once
    for _ in range(20_000):
        psi = np.clip(y[:, None] - design @ theta, -delta, delta)
        theta = theta + step * (design.T @ psi) / x.size
    m, b = theta
    scores = np.mean((y[keep, None] - (m * x[keep, None] + b)) ** 2, axis=0)
    return ["left"] * (huber.START - int(np.argmin(scores)))


PLANS = {
    "darts": darts_keys,
    "darts-split": darts_keys,
    "compare": compare_keys,
    "degree": degree_keys,
    "guess": guess_keys,
    "kink": kink_keys,
    "huber": huber_keys,
    "descent": descent_keys,
    "points": points_keys,
    "line": line_keys,
    "mae": line_keys,
    "mle": line_keys,
}


def winning_keys(level: Level) -> list[str]:
    """The keys that win this level (a kind with no plan here fails the campaign test),
    once its prediction (if it asks one) is made."""
    return list(_plan(level))


@per_level
def _plan(level: Level) -> tuple[str, ...]:
    """A level's winning keys, worked out once per level (huber's descents, degree's
    simulation and the million points' fit took 0.15 to 0.2 s each, in every test that
    won them)."""
    return tuple(PLANS[level.spec.kind](level))


def answer_keys(asked: list[Asked], right: bool = True, shown: bool = True) -> list[str]:
    """The keys that answer a check's questions (right, or each one wrong), read from the
    question files: a choice's number; a number typed and handed in; an order typed as the
    shown positions of the items in the file's order. After each answer, enter goes on
    (with `shown`: the explanation is shown first; the warm-up goes on by itself)."""
    from dartfit.quiz import shown_order

    names = {".": "full_stop", "-": "minus"}
    keys: list[str] = []
    for a in asked:
        q = a.question
        if q.choices:
            assert q.answer is not None
            keys.append(str(q.answer if right else q.answer % len(q.choices) + 1))
        elif q.order:
            order = shown_order(q)
            positions = [order.index(i) + 1 for i in range(len(q.order))]
            if not right:
                positions.reverse()
            keys += [str(p) for p in positions] + ["enter"]
        else:
            assert q.number is not None
            value = q.number if right else q.number + 10 * q.within + 7
            keys += [names.get(c, c) for c in f"{value:.6f}"] + ["enter"]
        if shown:
            keys.append("enter")
    return keys
