"""`room.make_room`: where a shell sets a memory limit, numpy is tried under it and warmed up."""

from __future__ import annotations

import resource

import numpy  # noqa: F401  (loaded: no probe is started)
import pytest

from dartfit import room


def test_making_room_asks_the_shell_s_memory_limit_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """It asked twice, once for the probe and once for the warm-up: a limit lifted between
    the two was tried and then not warmed up for (a review)."""
    asked: list[int] = []

    def getrlimit(which: int) -> tuple[int, int]:
        if which == resource.RLIMIT_AS:
            asked.append(which)
        return 2**40, resource.RLIM_INFINITY

    warmed: list[bool] = []
    monkeypatch.setattr(resource, "getrlimit", getrlimit)
    monkeypatch.setattr(room, "warm_up", lambda: warmed.append(True))
    assert room.make_room() is None
    assert len(asked) == 1 and warmed == [True]


def test_without_a_limit_nothing_is_warmed_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resource, "getrlimit", lambda _: (resource.RLIM_INFINITY,) * 2)
    monkeypatch.setattr(room, "warm_up", lambda: pytest.fail("warmed up without a limit"))
    assert room.make_room() is None
