"""dartfit notices a terminal that has been hung up even when no SIGHUP reaches it."""

from __future__ import annotations

import os
import sys

import pytest

from dartfit.steady.drivers import terminal_gone

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux ptys")


def test_a_terminal_whose_other_side_closed_is_gone() -> None:
    master, slave = os.openpty()
    try:
        assert not terminal_gone(slave)
        os.close(master)
        assert terminal_gone(slave)
    finally:
        os.close(slave)


def test_a_file_that_is_no_terminal_is_not_taken_for_a_hung_up_one(tmp_path) -> None:
    with open(tmp_path / "f", "w") as f:
        assert not terminal_gone(f.fileno())
