"""`InTurn` runs calls one at a time in the order given, however long one of them blocks,
on a thread that holds the ending signals back and does not outlive its calls."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from dartfit.steady.in_turn import InTurn
from dartfit.steady.signals import ENDING_SIGNALS

WAIT = 10.0  # seconds a test waits for what must come at once (a loaded machine's slack)


def test_a_call_waits_for_the_one_before_however_long_it_blocks() -> None:
    in_turn, gate, ran = InTurn("test-in-turn"), threading.Event(), []
    first = in_turn.submit(lambda: ran.append(("first", gate.wait(WAIT))))
    second = in_turn.submit(lambda: ran.append(("second", gate.is_set())))
    assert not second.done() and ran == []  # the first is blocked: the second can't start
    gate.set()
    second.result(WAIT)
    assert first.done() and ran == [("first", True), ("second", True)]


def test_what_a_call_raised_is_in_its_answer_and_the_next_call_runs() -> None:
    in_turn = InTurn("test-in-turn")

    def broken() -> None:
        raise OSError("no space left on device")

    failed = in_turn.submit(broken)
    after = in_turn.submit(lambda: 7)
    assert after.result(WAIT) == 7
    with pytest.raises(OSError, match="no space"):
        failed.result(0)


def test_the_thread_holds_the_ending_signals_and_ends_with_its_calls() -> None:
    in_turn = InTurn("test-in-turn-ends")
    mask = in_turn.submit(lambda: signal.pthread_sigmask(signal.SIG_BLOCK, [])).result(WAIT)
    assert set(ENDING_SIGNALS) <= set(mask)
    end = time.monotonic() + WAIT
    while any(t.name == "test-in-turn-ends" for t in threading.enumerate()):
        assert time.monotonic() < end, "the thread outlived its calls"
        time.sleep(0.01)
    assert in_turn.submit(lambda: 8).result(WAIT) == 8  # a new call, a new thread
