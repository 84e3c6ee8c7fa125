"""How each screen looks at 80 × 24 and 120 × 40 (SVG snapshots; update with --snapshot-update)."""

from __future__ import annotations

import pytest

from dartfit.app import make_app
from tests.conftest import SHIPPED

SIZES = [(80, 24), (120, 40)]
SCENES = {
    "title": (None, []),
    "levels": (None, ["enter"]),
    "darts": ("windy", ["left", "space", "space"]),
    "compare": ("worse-round", ["b"]),
    "line": ("first-line", ["right", "right", "up"]),
    "points": ("pull", ["tab", "tab", "up"]),
    "mae": ("median-guess", ["up", "up"]),
    "win": ("worse-round", ["a"]),
    "help": ("first-line", ["question_mark"]),
    "mle": ("likely-line", ["right", "right", "up", "right_square_bracket"]),
    "bowl": ("bowl", ["space", "space", "space"]),
    "diverging": ("too-hot", ["space", "space", "space", "space"]),
    "bias-darts": ("wind-and-wobble", ["left", "space", "space"]),
    "degree": ("degree", ["right", "right"]),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", list(SCENES))
def test_screen_looks_right(snap_compare, tmp_path, scene: str, size: tuple[int, int]) -> None:
    start, keys = SCENES[scene]
    app = make_app(levels_dir=SHIPPED, data_dir=tmp_path, start=start)
    assert snap_compare(app, press=keys, terminal_size=size)
