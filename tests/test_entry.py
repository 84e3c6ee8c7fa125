"""The entry point (`dartfit.__main__.main`) says in one line, status 2, that memory ran out
as the command line loaded: under `ulimit -v 150000` Python lost the exception as it loaded
(SystemError: "returned NULL without setting an exception") and printed a traceback."""

from __future__ import annotations

import importlib.abc
import resource
import sys
from collections.abc import Sequence
from types import ModuleType

import pytest

from dartfit import __main__ as entry


class _Fails(importlib.abc.MetaPathFinder):
    """Loading `dartfit.cli` fails with `error`."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> None:
        if fullname == "dartfit.cli":
            raise self.error


@pytest.fixture
def unloaded(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """`dartfit.cli` not loaded yet, so `main` loads it."""
    monkeypatch.delitem(sys.modules, "dartfit.cli", raising=False)
    return monkeypatch


def _failing(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    monkeypatch.setattr(sys, "meta_path", [_Fails(error), *sys.meta_path])


def test_memory_that_runs_out_as_it_loads_is_one_line(
    unloaded: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    _failing(unloaded, MemoryError())
    assert entry.main(["levels"]) == 2
    out, err = capfd.readouterr()
    assert out == "" and err.startswith("dartfit: out of memory") and err.count("\n") == 1, err


def test_a_lost_exception_under_a_memory_limit_is_memory_that_ran_out(
    unloaded: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = 64 << 40  # far above what the test uses: set only so that there is one
    if hard != resource.RLIM_INFINITY and hard < limit:
        limit = hard
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        _failing(unloaded, SystemError("returned NULL without setting an exception"))
        assert entry.main(["levels"]) == 2
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    _, err = capfd.readouterr()
    assert err == f"dartfit: out of memory as it started (ulimit -v is {limit // 1024}: raise it)\n"


@pytest.mark.parametrize("error", [SystemError("a bug"), ImportError("no module named x")])
def test_any_other_failure_to_load_is_a_bug_raised_as_it_is(
    unloaded: pytest.MonkeyPatch, error: Exception
) -> None:
    """No limit set: a SystemError is a bug's, not memory's; an ImportError that is not a
    library failing to map is one too."""
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        pytest.skip("a memory limit is set for the tests")
    _failing(unloaded, error)
    with pytest.raises(type(error)):
        entry.main(["levels"])


def test_ctrl_c_as_it_loads_is_status_130(unloaded: pytest.MonkeyPatch) -> None:
    _failing(unloaded, KeyboardInterrupt())
    assert entry.main(["levels"]) == 130


def test_loaded_it_runs_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["lessons"]) == 0
    assert "mae" in capsys.readouterr().out
