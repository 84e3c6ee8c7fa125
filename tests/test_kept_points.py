"""A small generated level's points are kept between runs, so a level played before opens
without numpy.random; what is read back is what the generator draws, to the last bit, and a
damaged, foreign or unwritable cache only means drawing them again."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import msgspec
import numpy as np
import pytest

from dartfit.cache import CACHE_ENV
from dartfit.core.generate import generate_points
from dartfit.levels import drawn
from dartfit.levels.spec import Generator

T = TypeVar("T")
G = Generator(n=50, seed=4, x_min=-2.0, x_max=9.0, slope=1.5, intercept=-3.0, noise=2.0)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / drawn.FOLDER


def kept_files(cache: Path) -> list[Path]:
    """The files kept in the points folder (not a writer's half-written one)."""
    return [f for f in cache.iterdir() if not f.name.startswith(".")] if cache.exists() else []


def draw(g: Generator = G) -> tuple[np.ndarray, np.ndarray]:
    return generate_points(g.n, g.seed, g.x_min, g.x_max, g.slope, g.intercept, g.noise)


def not_drawn() -> tuple[np.ndarray, np.ndarray]:
    raise AssertionError("drawn again, though kept")


def same_bits(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> bool:
    return all(p.dtype == q.dtype and p.tobytes() == q.tobytes() for p, q in zip(a, b, strict=True))


def test_points_drawn_once_are_read_back_to_the_last_bit(cache: Path) -> None:
    first = drawn.kept_points(G, draw)
    assert len(list(kept_files(cache))) == 1
    assert same_bits(drawn.kept_points(G, not_drawn), first)
    assert same_bits(first, draw())


def test_another_generator_is_other_points(cache: Path) -> None:
    drawn.kept_points(G, draw)
    other = msgspec.structs.replace(G, seed=5)
    assert same_bits(drawn.kept_points(other, lambda: draw(other)), draw(other))
    assert len(list(kept_files(cache))) == 2


@pytest.mark.parametrize(
    "damage",
    [b"", b"not numpy", b"\x93NUMPY\x01\x00garbage"],
)
def test_a_damaged_file_means_drawing_again(cache: Path, damage: bytes) -> None:
    drawn.kept_points(G, draw)
    (file,) = kept_files(cache)
    file.write_bytes(damage)
    assert same_bits(drawn.kept_points(G, draw), draw())


def test_a_file_of_other_points_is_not_taken_for_these(cache: Path) -> None:
    drawn.kept_points(G, draw)
    (file,) = kept_files(cache)
    np.save(file, np.zeros((2, 49)))  # another shape: not this generator's
    assert same_bits(drawn.kept_points(G, draw), draw())
    np.save(file, np.zeros((2, 50), dtype=np.float32))
    assert same_bits(drawn.kept_points(G, draw), draw())


def test_a_big_level_is_drawn_each_time(cache: Path) -> None:
    big = msgspec.structs.replace(G, n=drawn.MOST_POINTS + 1)
    drawn.kept_points(big, lambda: draw(big))
    assert not cache.exists()


def test_an_unwritable_cache_only_means_drawing(tmp_path: Path, monkeypatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv(CACHE_ENV, str(blocked))
    assert same_bits(drawn.kept_points(G, draw), draw())


def test_the_folder_keeps_its_newest_files(cache: Path, monkeypatch) -> None:
    monkeypatch.setattr(drawn, "MOST_FILES", 3)
    for seed in range(5):
        g = msgspec.structs.replace(G, seed=seed)
        drawn.kept_points(g, lambda g=g: draw(g))
    assert len(list(kept_files(cache))) == 3
    newest = msgspec.structs.replace(G, seed=4)
    assert same_bits(drawn.kept_points(newest, not_drawn), draw(newest))


OPEN = """
import asyncio, sys, tempfile
from textual.app import App
import dartfit.cli as cli
from dartfit import stdio

def run(app, *args, **kwargs):
    async def drawn():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            print(type(app.screen).__name__, 'numpy.random' in sys.modules)
    asyncio.run(drawn())

App.run = run  # the command line's own way to a level, up to its first frame (headless)
stdio.terminal_problem = stdio.background_problem = lambda: None
sys.exit(cli.main(['--data-dir', tempfile.mkdtemp(), 'play', 'first-line']))
"""


def test_a_line_level_played_before_opens_without_numpy_random(tmp_path: Path) -> None:
    """numpy.random is 3.5 MB of a line level's resident memory (its bit generators' shared
    libraries and their types), and 15-40 ms of its first frame: a level played before reads
    its points back instead of drawing them."""
    env = {**os.environ, CACHE_ENV: str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", OPEN], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    assert [r.stdout.split() for r in runs] == [["FitScreen", "True"], ["FitScreen", "False"]]


def test_points_kept_by_other_drawing_code_are_drawn_again(cache: Path, monkeypatch) -> None:
    drawn.kept_points(G, draw)
    monkeypatch.setattr(drawn, "_drawing_code", lambda: "a generator changed since")
    redrawn = []
    drawn.kept_points(G, lambda: redrawn.append(1) or draw())
    assert redrawn and len(list(kept_files(cache))) == 2


def test_the_drawing_code_is_read_from_files_that_exist() -> None:
    package = Path(drawn.__file__).resolve().parents[1]
    assert all((package / name).is_file() for name in drawn.DRAWING_CODE)


def test_a_cache_folder_that_does_not_answer_holds_no_level_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CSS and levels kept give a cache folder that does not answer its first look up;
    a level's points were still read from it, and opening the level hung for good."""
    import threading

    from dartfit import cache as kept

    dead = str(tmp_path / "dead")
    monkeypatch.setenv(CACHE_ENV, dead)
    monkeypatch.setattr(kept, "ANSWER_WAIT", 0.2)
    never = threading.Event()
    exists, open_ = os.path.exists, os.open

    def stalls(call: Callable[..., T]) -> Callable[..., T]:
        def stalled(path: object, *args: object) -> T:
            if str(path).startswith(dead):
                never.wait()
            return call(path, *args)

        return stalled

    monkeypatch.setattr(os.path, "exists", stalls(exists))
    monkeypatch.setattr(os, "open", stalls(open_))
    drawn_points: list[object] = []
    opening = threading.Thread(target=lambda: drawn_points.append(drawn.kept_points(G, draw)))
    opening.start()
    opening.join(5)
    held = opening.is_alive()
    never.set()
    opening.join()
    kept._answered.pop(Path(dead), None)
    assert not held and drawn_points
