"""Every symbol a level shows comes with the words that say what it is, where it shows: a
student's review of the bowl levels met η, "x scaled: no", ∂MSE/∂m and 2/λ_max before
anything had said what they were (the lessons that do came a level or more later)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dartfit import core
from dartfit.app import make_app
from dartfit.core.curvature import LAMBDA_MAX
from dartfit.endless import MAKERS, code_of, puzzle
from dartfit.levels import Level, load_levels
from dartfit.rules import bowl
from dartfit.wording import RATE_SAID
from tests.conftest import SHIPPED, made_predictions
from tests.ui.test_extreme_numbers import screen_text

LEVELS = load_levels(SHIPPED)
SAID = {
    "η": RATE_SAID,
    "∂MSE/∂m =": "the bowl's slopes: ∂MSE/∂m",
    "x̄": "mean x̄",
    "SSE": "SSE = Σe²",
    "σ": "noise, σ wide",
}
"""A symbol on a level's screen, and the words beside it that say what it is."""
UNSAID = ("x scaled: no",)
"""Wording that named a symbol without saying what it is."""
LAMBDA_WORDS = LAMBDA_MAX


def asked(level: Level) -> list[str]:
    """The level's prediction: its question, its choices and why the answer is right."""
    p = level.spec.predict
    return [] if p is None else [p.ask, *p.choices, p.why]


@pytest.mark.parametrize("level", LEVELS, ids=[level.id for level in LEVELS])
async def test_each_symbol_a_level_opens_with_is_said_in_words_on_its_screen(
    level: Level, tmp_path: Path
) -> None:
    made_predictions(tmp_path)
    app = make_app(SHIPPED, tmp_path, start=level.id, all_open=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    for symbol, words in SAID.items():
        assert symbol not in text or words in text, (symbol, text)
    assert not any(unsaid in text for unsaid in UNSAID), text


def test_wherever_lambda_max_is_named_it_is_said_what_it_is() -> None:
    """A walk past the stable rate says why in terms of 2/λ_max (the bowl's message and the
    solver's), as do the learning-rate level's and an endless descent's words after a win."""
    level = next(lv for lv in LEVELS if lv.id == "too-hot")
    state = bowl.start(level, False, 10 * bowl.max_stable_rate(level, False))
    texts = [
        bowl.divergence_reason(level, state),
        core.divergence_reason(state.problem, 3),
        *(
            text
            for lv in LEVELS
            for text in (lv.spec.goal, lv.spec.what_you_saw, *lv.spec.hints, *asked(lv))
        ),
        puzzle(code_of([name for name, _ in MAKERS].index("descent"), 7)).spec.what_you_saw,
    ]
    named = [text for text in texts if "λ_max" in text]
    assert len(named) >= 3  # the two messages and the learning-rate level's, at least
    for text in named:
        assert LAMBDA_WORDS in " ".join(text.split()), text
