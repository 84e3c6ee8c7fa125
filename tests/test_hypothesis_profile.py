"""The property tests replay: the same examples every run unless asked to explore."""

from __future__ import annotations

import os

from hypothesis import settings


def test_hypothesis_is_derandomized_unless_asked_to_explore() -> None:
    if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci":
        assert settings.default.derandomize and settings.default.database is None
