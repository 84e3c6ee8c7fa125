"""Words and numbers for the screens: formulas with the level's numbers filled in.

Plain strings only (no user interface), so every sentence a player reads can be tested.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dartfit.core.arrays import FloatArray

Numbers = Sequence[float] | FloatArray


def num(value: float, digits: int = 4) -> str:
    """A number for people: a few significant digits, never 'nan' or 'inf'."""
    if not np.isfinite(value):
        return "too large to show" if value > 0 else "too small to show"
    text = f"{value:.{digits}g}"
    if "e" in text:
        return text
    return text if "." in text or abs(value) < 10**digits else f"{value:,.0f}"


def mse_formula(y: Numbers, y_pred: Numbers, value: float, terms: int = 2, n: int = 0) -> str:
    """``MSE = (1/n)·[(y₁ − ŷ₁)² + (y₂ − ŷ₂)² + …] = value`` with the numbers filled in.

    Only the first `terms` points are needed; `n` is the count of all of them."""
    n = n or len(y)
    shown = [f"({num(float(a), 3)} − {num(float(b), 3)})²" for a, b in zip(y, y_pred, strict=False)]
    body = " + ".join(shown[:terms]) + (" + …" if n > terms else "")
    return f"MSE = (1/{n})·[{body}] = {num(value)}"


def mae_formula(
    y: Numbers, y_pred: Numbers, value: float | None, terms: int = 2, n: int = 0
) -> str:
    """``MAE = (1/n)·[|y₁ − ŷ₁| + …] = value`` with the numbers filled in (… while unknown)."""
    n = n or len(y)
    shown = [f"|{num(float(a), 3)} − {num(float(b), 3)}|" for a, b in zip(y, y_pred, strict=False)]
    body = " + ".join(shown[:terms]) + (" + …" if n > terms else "")
    shown_value = "…" if value is None else num(value)
    return f"MAE = (1/{n})·[{body}] = {shown_value}"


def stars_text(stars: int) -> str:
    """Three star slots: ★ earned, ☆ not."""
    return "★" * stars + "☆" * (3 - stars)


def signed(value: float, digits: int = 3) -> str:
    """A number that always shows its sign: +1.2, −0.4, 0."""
    if value == 0:
        return "0"
    return ("+" if value > 0 else "−") + num(abs(value), digits)


def bar(value: float, scale: float, width: int) -> str:
    """A horizontal bar in eighths of a cell, `width` cells for `scale`; ▶ when it runs over."""
    if scale <= 0 or not np.isfinite(value):
        return ""
    eighths = round(max(value, 0.0) / scale * width * 8)
    if eighths > width * 8:
        return "█" * (width - 1) + "▶"
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]
